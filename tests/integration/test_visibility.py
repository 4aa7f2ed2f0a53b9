#!/usr/bin/env python3
"""Row visibility: every demo user against a team-1 customer owned by rep1 (not shared), a team-1
customer rep1 shared with the team, and a team-2 customer owned by rep3. List, search, filters,
counts, show and edit are exactly the allowed set; everything else is a 404 and a POST changes nothing."""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from parleytest import DEMO_USERS, Client, ParleyTestCase, db_int, db_query, main  # noqa: E402
from custtest import (client, create_customer, customer_row, edit_form, element_text, form_values,  # noqa: E402
                      links_to_customer, org_ids, row_ids, token)

A, B, C = "A", "B", "C"   # rep1 private, rep1 shared with team 1, rep3 (team 2)

SEE = {
    "admin": set(),
    "rep1": {A, B},
    "rep2": {B},
    "rep3": {C},
    "mgr1": {A, B},
    "mgr2": {C},
    "dir1": {A, B, C},
    "vp1": {A, B, C},
    "exec1": {A, B, C},
}
EDIT = {
    "admin": set(),
    "rep1": {A, B},
    "rep2": set(),          # sees the shared one, may not edit it
    "rep3": {C},
    "mgr1": {A, B},
    "mgr2": {C},
    "dir1": {A, B, C},
    "vp1": {A, B, C},
    "exec1": set(),         # reads everything, edits nothing
}
REASSIGN = {
    "mgr1": {A, B},
    "mgr2": {C},
    "dir1": {A, B, C},
    "vp1": {A, B, C},
}


def shown_count(body):
    """The number of customers the list says it found (id="count-value" inside id="customer-count")."""
    t = element_text(body, "count-value")
    if t is None:
        t = element_text(body, "customer-count")
    if t is None:
        return None
    m = re.search(r"\d[\d,]*", t)
    return int(m.group(0).replace(",", "")) if m else None


def strip_volatile(body):
    body = re.sub(r'name="csrf_token" value="[^"]*"', 'name="csrf_token" value=""', body)
    body = re.sub(r'value="[^"]*" name="csrf_token"', 'value="" name="csrf_token"', body)
    body = re.sub(r'nonce="[^"]*"', 'nonce=""', body)
    body = re.sub(r'name="next" value="[^"]*"', 'name="next" value=""', body)
    return body


class VisibilityTest(ParleyTestCase):
    @classmethod
    def setUpClass(cls):
        cls.o = org_ids()
        cls.tok = token("vis")
        cls.ind = token("visind")
        rep1 = client("rep1")
        rep3 = client("rep3")
        cls.ids = {
            A: create_customer(rep1, "%s A 私有" % cls.tok, industry=cls.ind, intent="high"),
            B: create_customer(rep1, "%s B 共享" % cls.tok, industry=cls.ind, intent="medium", shared_with_team="1"),
            C: create_customer(rep3, "%s C 二组" % cls.tok, industry=cls.ind, intent="low"),
        }
        cls.names = {k: "%s %s" % (cls.tok, s) for k, s in ((A, "A 私有"), (B, "B 共享"), (C, "C 二组"))}
        cls.by_id = {v: k for k, v in cls.ids.items()}

    def labels(self, ids):
        return {self.by_id.get(i, "other:%d" % i) for i in ids}

    def check_rows_stored(self):
        o = self.o
        a, b, c = (customer_row(self.ids[k]) for k in (A, B, C))
        self.assertEqual((int(a["owner_id"]), int(a["team_id"]), a["shared_with_team"]), (o["rep1"], o["team1"], "0"))
        self.assertEqual((int(b["owner_id"]), int(b["team_id"]), b["shared_with_team"]), (o["rep1"], o["team1"], "1"))
        self.assertEqual((int(c["owner_id"]), int(c["team_id"]), c["shared_with_team"]), (o["rep3"], o["team2"], "0"))

    def test_00_rows_as_created(self):
        self.check_rows_stored()

    # ------------------------------------------------------------------ lists, search, counts
    def test_list_search_and_count(self):
        for who in DEMO_USERS:
            c = client(who)
            for q in (self.tok, self.ind, self.tok.upper()):
                with self.subTest(user=who, q=q):
                    r = c.get("/customers?q=%s" % q)
                    if who == "admin":
                        self.assertStatus(r, 404)
                        for k in (A, B, C):
                            self.assertNotIn(self.names[k], r.body)
                        continue
                    self.assertStatus(r, 200)
                    got = self.labels(row_ids(r.body))
                    self.assertEqual(got, SEE[who], "list /customers?q=%s as %s" % (q, who))
                    for k in (A, B, C):
                        if k not in SEE[who]:
                            self.assertNotIn(self.names[k], r.body, "%s's name leaked to %s" % (k, who))
                    self.assertEqual(shown_count(r.body), len(SEE[who]),
                                     "count shown to %s for q=%s (no id=customer-count?)" % (who, q))

    def test_list_filters_and_sorts(self):
        o = self.o
        combos = [
            ("owner=%d" % o["rep1"], {A, B}),
            ("owner=%d" % o["rep3"], {C}),
            ("team=%d" % o["team1"], {A, B}),
            ("team=%d" % o["team2"], {C}),
            ("intent=high", {A}),
            ("intent=medium", {B}),
            ("intent=low", {C}),
            ("segment=new", {A, B, C}),
            ("stage=1", {A, B, C}),
            ("sort=updated", {A, B, C}),
            ("sort=follow", {A, B, C}),
            ("sort=name", {A, B, C}),
            ("overdue=1", set()),
            ("owner=%d&team=%d" % (o["rep1"], o["team2"]), set()),
        ]
        for who in DEMO_USERS:
            if who == "admin":
                continue
            c = client(who)
            for extra, subset in combos:
                with self.subTest(user=who, filter=extra):
                    r = c.get("/customers?q=%s&%s" % (self.tok, extra))
                    self.assertStatus(r, 200)
                    self.assertEqual(self.labels(row_ids(r.body)), SEE[who] & subset,
                                     "/customers?q=..&%s as %s" % (extra, who))
                    self.assertEqual(shown_count(r.body), len(SEE[who] & subset))

    def test_unfiltered_list_only_visible(self):
        """Without a search, no row of the list is one the user may not see (first page of each sort)."""
        for who in DEMO_USERS:
            c = client(who)
            for sort in ("name", "updated", "follow"):
                with self.subTest(user=who, sort=sort):
                    r = c.get("/customers?sort=%s" % sort)
                    if who == "admin":
                        self.assertStatus(r, 404)
                        continue
                    self.assertStatus(r, 200)
                    ids = row_ids(r.body)
                    for k in (A, B, C):
                        if k not in SEE[who]:
                            self.assertNotIn(self.ids[k], ids)
                    if ids and who in ("rep1", "rep2", "rep3", "mgr1", "mgr2"):
                        rows = {int(x[0]): (int(x[1]), int(x[2]), int(x[3])) for x in _rows_of(ids)}
                        me = self.o[who]
                        team = self.o["team1"] if who in ("rep1", "rep2", "mgr1") else self.o["team2"]
                        member = _member_of(me, ids)
                        for cid, (owner, tm, shared) in rows.items():
                            if who.startswith("rep"):
                                ok = owner == me or (tm == team and shared == 1)
                            else:
                                ok = owner == me or tm == team
                            ok = ok or cid in member   # on a deal team of the customer
                            self.assertTrue(ok, "%s sees customer %d (owner %d, team %d, shared %d)"
                                            % (who, cid, owner, tm, shared))

    # ------------------------------------------------------------------ show / edit pages
    def test_show(self):
        for who in DEMO_USERS:
            c = client(who)
            for k in (A, B, C):
                with self.subTest(user=who, row=k):
                    r = c.get("/customers/%d" % self.ids[k])
                    if k in SEE[who]:
                        self.assertStatus(r, 200)
                        self.assertIn(self.names[k], r.body)
                    else:
                        self.assertStatus(r, 404)
                        self.assertNotIn(self.names[k], r.body)
                        self.assertNotIn(self.ind, r.body)

    def test_edit_page(self):
        for who in DEMO_USERS:
            c = client(who)
            for k in (A, B, C):
                cid = self.ids[k]
                with self.subTest(user=who, row=k):
                    r = c.get("/customers/%d/edit" % cid)
                    if k in EDIT[who]:
                        self.assertStatus(r, 200)
                        f = form_values(r.body, "/customers/%d" % cid)
                        self.assertIsNotNone(f, "no update form on the edit page for %s" % who)
                        self.assertEqual(f.get("name"), self.names[k])
                    elif k in SEE[who]:
                        self.assertStatus(r, (403, 404))
                        self.assertIsNone(form_values(r.body, "/customers/%d" % cid))
                    else:
                        self.assertStatus(r, 404)
                        self.assertNotIn(self.names[k], r.body)

    def test_edit_links_only_for_editors(self):
        for who in DEMO_USERS:
            c = client(who)
            for k in SEE[who]:
                cid = self.ids[k]
                with self.subTest(user=who, row=k):
                    r = c.get("/customers/%d" % cid)
                    self.assertStatus(r, 200)
                    has_link = re.search(r'href="/customers/%d/edit"' % cid, r.body) is not None
                    self.assertEqual(has_link, k in EDIT[who], "edit link on the page of %s for %s" % (k, who))
                    has_reassign = form_values(r.body, "/customers/%d/reassign" % cid) is not None
                    self.assertEqual(has_reassign, k in REASSIGN.get(who, set()),
                                     "reassign form on the page of %s for %s" % (k, who))

    def test_missing_and_hidden_look_the_same(self):
        """A row one may not see answers exactly like one that does not exist."""
        missing = db_int("SELECT IFNULL(MAX(id),0) FROM customers") + 100000
        c = client("rep3")
        for suffix in ("", "/edit"):
            with self.subTest(suffix=suffix):
                hidden = c.get("/customers/%d%s" % (self.ids[A], suffix))
                gone = c.get("/customers/%d%s" % (missing, suffix))
                self.assertStatus(hidden, 404)
                self.assertStatus(gone, 404)
                self.assertEqual(strip_volatile(hidden.body), strip_volatile(gone.body))
        for who in ("vp1", "exec1", "dir1"):
            self.assertStatus(client(who).get("/customers/%d" % missing), 404)

    def test_anonymous(self):
        anon = Client()
        for path in ("/customers", "/customers/%d" % self.ids[A], "/customers/%d/edit" % self.ids[A],
                     "/follow-ups", "/customers/new"):
            with self.subTest(path=path):
                r = anon.get(path)
                self.assertRedirect(r, "/login?next=" + path)
                self.assertNotIn(self.tok, r.body)

    # ------------------------------------------------------------------ writes
    def base_fields(self, k):
        """The current form values of row k, as its owner's edit form shows them."""
        owner = client("rep1" if k in (A, B) else "rep3")
        r, f = edit_form(owner, self.ids[k])
        self.assertStatus(r, 200)
        self.assertIsNotNone(f)
        f.pop("csrf_token", None)
        return f

    def test_update_denied(self):
        for who in DEMO_USERS:
            c = client(who)
            tok = c.fetch_csrf("/")
            for k in (A, B, C):
                if k in EDIT[who]:
                    continue
                cid = self.ids[k]
                with self.subTest(user=who, row=k):
                    before = customer_row(cid)
                    f = self.base_fields(k)
                    f["name"] = "hijacked by %s" % who
                    f["notes"] = "hijacked"
                    f["shared_with_team"] = "1"
                    r = c.post("/customers/%d" % cid, f, csrf=tok)
                    self.assertStatus(r, 404 if k not in SEE[who] else (403, 404))
                    self.assertNotIn(self.names[k], r.body if k not in SEE[who] else "")
                    self.assertEqual(customer_row(cid), before, "%s changed %s" % (who, k))

    def test_reassign_denied(self):
        o = self.o
        for who in DEMO_USERS:
            c = client(who)
            tok = c.fetch_csrf("/")
            for k in (A, B, C):
                if k in REASSIGN.get(who, set()):
                    continue
                cid = self.ids[k]
                with self.subTest(user=who, row=k):
                    before = customer_row(cid)
                    target = o["rep2"] if k in (A, B) else o["rep3"]
                    if who in ("rep2", "rep3"):
                        target = o[who]   # "give it to me"
                    r = c.post("/customers/%d/reassign" % cid, {"owner_id": str(target)}, csrf=tok)
                    self.assertStatus(r, 404 if k not in SEE[who] else (403, 404))
                    self.assertEqual(customer_row(cid), before)

    def test_followups_and_contacts_denied(self):
        for who in DEMO_USERS:
            c = client(who)
            tok = c.fetch_csrf("/")
            for k in (A, B, C):
                if k in EDIT[who]:
                    continue
                cid = self.ids[k]
                with self.subTest(user=who, row=k):
                    before = customer_row(cid)
                    nf = db_int("SELECT COUNT(*) FROM follow_ups WHERE customer_id=%d" % cid)
                    nc = db_int("SELECT COUNT(*) FROM contacts WHERE customer_id=%d" % cid)
                    r = c.post("/customers/%d/follow-ups" % cid,
                               {"happened_on": "", "channel": "phone", "summary": "sneaky %s" % who,
                                "next_date": "2030-01-01"}, csrf=tok)
                    self.assertStatus(r, 404 if k not in SEE[who] else (403, 404))
                    r = c.post("/customers/%d/contacts" % cid,
                               {"name": "sneaky %s" % who, "decision_role": "decides", "personality": "hesitant"},
                               csrf=tok)
                    self.assertStatus(r, 404 if k not in SEE[who] else (403, 404))
                    self.assertEqual(db_int("SELECT COUNT(*) FROM follow_ups WHERE customer_id=%d" % cid), nf)
                    self.assertEqual(db_int("SELECT COUNT(*) FROM contacts WHERE customer_id=%d" % cid), nc)
                    self.assertEqual(customer_row(cid), before)

    def test_update_allowed(self):
        for who in DEMO_USERS:
            c = client(who)
            for k in sorted(EDIT[who]):
                cid = self.ids[k]
                with self.subTest(user=who, row=k):
                    r, f = edit_form(c, cid)
                    self.assertStatus(r, 200)
                    self.assertIsNotNone(f)
                    note = "edited by %s" % who
                    f["notes"] = note
                    r = c.post("/customers/%d" % cid, f)
                    self.assertRedirect(r, "/customers/%d" % cid, "update by %s" % who)
                    row = customer_row(cid)
                    self.assertEqual(row["notes"], note)
                    self.assertEqual(row["name"], self.names[k])
                    self.check_rows_stored()
                    self.assertTrue(links_to_customer(c.get("/customers?q=%s" % self.tok).body, cid))


def _member_of(user, ids):
    """The customers among ids on whose deal teams user is."""
    return {int(x[0]) for x in db_query("SELECT DISTINCT customer_id FROM deal_team WHERE user_id=%d AND "
                                        "customer_id IN (%s)" % (user, ",".join(str(i) for i in ids)))}


def _rows_of(ids):
    from parleytest import db_query
    return db_query("SELECT id, owner_id, team_id, shared_with_team FROM customers WHERE id IN (%s)"
                    % ",".join(str(i) for i in ids))


if __name__ == "__main__":
    main()
