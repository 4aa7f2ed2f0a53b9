#!/usr/bin/env python3
"""Opportunities (SPEC §3.3): create/update over HTTP, visibility through the customer, the
lost-reason rule, the stage history, and the restricted cost/margin fields (present only for
director and up, encrypted at rest, untouched by posts from users without the tier)."""
import base64
import html
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from parleytest import (Client, ParleyTestCase, audit_count, audit_reads, db_int, db_query, db_value,  # noqa: E402
                        input_value, main, unique_name, user_id)

COST_TYPED = "12,345.67"
COST_MINOR = "1234567"
MARGIN_TYPED = "18.5"


def opp_row(oid):
    rows = db_query("SELECT title, stage, status, lost_reason, IFNULL(cost_enc,''), IFNULL(cost_kv,0), "
                    "IFNULL(margin_enc,''), IFNULL(margin_kv,0), DATE_FORMAT(updated_at,'%%Y-%%m-%%d %%H:%%i:%%s'), "
                    "owner_id, IFNULL(list_price,-1) FROM opportunities WHERE id=%d" % oid)
    if len(rows) != 1:
        raise AssertionError("opportunity %d not found" % oid)
    r = rows[0]
    return {"title": r[0], "stage": int(r[1]), "status": r[2], "lost_reason": r[3], "cost_enc": r[4],
            "cost_kv": int(r[5]), "margin_enc": r[6], "margin_kv": int(r[7]), "updated_at": r[8],
            "owner_id": int(r[9]), "list_price": int(r[10])}


def history(oid):
    """(from_stage or None, to_stage, status, changed_by) in order."""
    rows = db_query("SELECT IFNULL(from_stage,0), to_stage, status, changed_by FROM opportunity_stages "
                    "WHERE opportunity_id=%d ORDER BY changed_at, id" % oid)
    return [(int(r[0]) or None, int(r[1]), r[2], int(r[3])) for r in rows]


def form_fields(title, stage="2", status="open", **extra):
    f = {"title": title, "stage": stage, "status": status, "currency": "CNY", "list_price": "1,000,000.00",
         "initial_quote": "950000", "current_offer": "", "final_price": "", "expected_close": "2026-11-22",
         "lost_reason": ""}
    f.update(extra)
    return f


class OpportunityTest(ParleyTestCase):
    @classmethod
    def setUpClass(cls):
        cls.rep1 = Client()
        cls.rep1.login("rep1")
        cls.customer_name = "Opp customer " + unique_name("c")
        tok = cls.rep1.fetch_csrf("/customers/new")
        r = cls.rep1.post("/customers", {
            "name": cls.customer_name, "industry": "制造", "currency": "CNY", "source": "website",
            "segment": "new", "intent": "high", "stage": "2", "need_summary": "", "suppliers": "",
            "decision_process": "", "notes": "", "next_follow_up": ""}, csrf=tok)
        if r.status != 303 or not re.match(r"^/customers/\d+$", r.location or ""):
            raise AssertionError("creating the test customer failed:\n" + r.describe())
        cls.customer_id = int(r.location.rsplit("/", 1)[1])

    def client(self, username):
        c = Client()
        c.login(username)
        return c

    def create(self, client=None, **kw):
        c = client or self.rep1
        title = kw.pop("title", None) or "Deal " + unique_name("o")
        r = c.get("/opportunities/new?customer_id=%d" % self.customer_id)
        self.assertStatus(r, 200, "new opportunity form")
        r = c.post("/opportunities", dict(form_fields(title, **kw), customer_id=str(self.customer_id)))
        self.assertRedirect(r, lambda loc: re.match(r"^/opportunities/\d+$", loc) is not None, "create")
        oid = int(r.location.rsplit("/", 1)[1])
        self.assertEqual(db_value("SELECT title FROM opportunities WHERE id=%d" % oid), title)
        return oid

    def update(self, client, oid, expect=303, **fields):
        r = client.get("/opportunities/%d/edit" % oid)
        self.assertStatus(r, 200, "edit form")
        row = opp_row(oid)
        f = form_fields(row["title"], stage=str(row["stage"]), status=row["status"], lost_reason=row["lost_reason"])
        f.update(fields)
        r = client.post("/opportunities/%d" % oid, f)
        self.assertStatus(r, expect, "update %d" % oid)
        if expect == 303:
            self.assertRedirect(r, "/opportunities/%d" % oid)
        return r

    # ------------------------------------------------------------------ create and visibility

    def test_create_redirects_and_records(self):
        before = audit_count("action='opportunity.create'")
        oid = self.create()
        row = opp_row(oid)
        self.assertEqual(row["owner_id"], user_id("rep1"), "owner follows the customer's owner")
        self.assertEqual(row["stage"], 2)
        self.assertEqual(row["status"], "open")
        self.assertEqual(row["list_price"], 100000000, "money is stored in minor units")
        self.assertEqual(history(oid), [(None, 2, "open", user_id("rep1"))], "creation starts the stage history")
        self.assertEqual(audit_count("action='opportunity.create'"), before + 1)
        self.assertEqual(audit_count("action='opportunity.create' AND entity='opportunity' AND entity_id=%d" % oid), 1)
        r = self.rep1.get("/opportunities/%d" % oid)
        self.assertStatus(r, 200)
        self.assertIn('href="/customers/%d"' % self.customer_id, r.body, "show page links back to the customer")
        self.assertIn("1,000,000.00", r.element_text("opp-list-price") or "")
        self.assertIn("2026年11月22日", r.element_text("opp-expected-close") or "")
        r = self.rep1.get("/opportunities?customer=%d" % self.customer_id)
        self.assertStatus(r, 200)
        self.assertIn('data-opportunity-id="%d"' % oid, r.body)

    def test_invisible_to_other_team_and_admin(self):
        oid = self.create()
        for name in ("rep3", "mgr2", "admin"):
            c = self.client(name)
            for path in ("/opportunities/%d" % oid, "/opportunities/%d/edit" % oid,
                         "/opportunities/new?customer_id=%d" % self.customer_id):
                self.assertStatus(c.get(path), 404, "%s GET %s" % (name, path))
            if name != "admin":
                r = c.get("/opportunities?customer=%d" % self.customer_id)
                self.assertStatus(r, 200)
                self.assertNotIn('data-opportunity-id="%d"' % oid, r.body, "%s lists it" % name)
                self.assertNotIn(html.escape(self.customer_name), r.body)
        # Posting as someone who cannot see the customer creates and changes nothing.
        c = self.client("rep3")
        c.get("/")
        n = db_int("SELECT COUNT(*) FROM opportunities WHERE customer_id=%d" % self.customer_id)
        r = c.post("/opportunities", dict(form_fields("intruder"), customer_id=str(self.customer_id)))
        self.assertStatus(r, 404)
        r = c.post("/opportunities/%d" % oid, form_fields("hijacked"))
        self.assertStatus(r, 404)
        self.assertEqual(db_int("SELECT COUNT(*) FROM opportunities WHERE customer_id=%d" % self.customer_id), n)
        self.assertNotEqual(opp_row(oid)["title"], "hijacked")
        self.assertStatus(self.client("admin").get("/opportunities"), 404)

    def test_executive_reads_but_cannot_edit(self):
        oid = self.create()
        e = self.client("exec1")
        r = e.get("/opportunities/%d" % oid)
        self.assertStatus(r, 200)
        self.assertNotIn('id="edit-opportunity"', r.body)
        self.assertStatus(e.get("/opportunities/%d/edit" % oid), 404)

    # ------------------------------------------------------------------ rules

    def test_won_and_lost_only_by_closing(self):
        oid = self.create()
        before = opp_row(oid)
        hist = history(oid)
        audits = audit_count("entity='opportunity' AND entity_id=%d" % oid)
        r = self.update(self.rep1, oid, expect=422, status="lost", lost_reason="Budget cut", title="changed title")
        self.assertIn('id="err-status"', r.body, "the error is shown at the field")
        self.assertEqual(input_value(r.body, "title"), "changed title", "typed values are kept")
        self.assertEqual(opp_row(oid), before, "nothing written")
        self.assertEqual(history(oid), hist)
        self.assertEqual(audit_count("entity='opportunity' AND entity_id=%d" % oid), audits)
        # also on create
        n = db_int("SELECT COUNT(*) FROM opportunities WHERE customer_id=%d" % self.customer_id)
        self.rep1.get("/opportunities/new?customer_id=%d" % self.customer_id)
        r = self.rep1.post("/opportunities", dict(form_fields("lost at birth", status="lost"),
                                                  customer_id=str(self.customer_id)))
        self.assertStatus(r, 422)
        self.assertEqual(db_int("SELECT COUNT(*) FROM opportunities WHERE customer_id=%d" % self.customer_id), n)
        # through the closing form, with a structured reason, the status change is recorded
        reason = db_int("SELECT id FROM closing_choices WHERE list='reason' AND code='budget'")
        r = self.rep1.post("/opportunities/%d/close" % oid, {"outcome": "lost", "primary_reason": str(reason)})
        self.assertRedirect(r, "/opportunities/%d" % oid)
        row = opp_row(oid)
        self.assertEqual((row["status"], row["lost_reason"]), ("lost", "预算"))
        self.assertEqual(history(oid)[-1][2], "lost")
        r = self.rep1.get("/opportunities/%d" % oid)
        self.assertEqual(r.element_text("opp-lost-reason"), "预算")
        # the edit form keeps a lost opportunity lost
        self.update(self.rep1, oid, title="renamed after the loss")
        self.assertEqual(opp_row(oid)["status"], "lost")

    def test_invalid_money_is_422(self):
        oid = self.create()
        before = opp_row(oid)
        r = self.update(self.rep1, oid, expect=422, list_price="12.345", initial_quote="-5")
        self.assertIn('id="err-list_price"', r.body)
        self.assertIn('id="err-initial_quote"', r.body)
        self.assertEqual(opp_row(oid), before)

    def test_stage_history(self):
        oid = self.create(stage="2")
        mgr1 = self.client("mgr1")
        self.update(mgr1, oid, stage="3")
        self.update(self.rep1, oid, title="renamed only")   # no stage/status change: no history row
        self.update(self.rep1, oid, stage="5", status="on_hold")
        self.assertEqual(history(oid), [(None, 2, "open", user_id("rep1")), (2, 3, "open", user_id("mgr1")),
                                        (3, 5, "on_hold", user_id("rep1"))])
        r = self.rep1.get("/opportunities/%d" % oid)
        table = re.search(r'<table[^>]*id="stage-history".*?</table>', r.body, re.S)
        self.assertIsNotNone(table, r.describe())
        shown = re.findall(r'data-to-stage="(\d)" data-status="(\w+)"', table.group(0))
        self.assertEqual(shown, [("2", "open"), ("3", "open"), ("5", "on_hold")], "history shown in order")
        self.assertIn(html.escape(db_value("SELECT display_name FROM users WHERE username='mgr1'")), table.group(0))
        detail = db_value("SELECT detail FROM audit_log WHERE entity='opportunity' AND entity_id=%d "
                          "AND action='opportunity.update' ORDER BY id LIMIT 1" % oid)
        self.assertEqual(detail.split(), ["changed:", "stage"], "audit names the changed fields only")

    # ------------------------------------------------------------------ restricted cost and margin

    def test_cost_and_margin_restricted(self):
        oid = self.create()
        dir1 = self.client("dir1")
        r = dir1.get("/opportunities/%d/edit" % oid)
        self.assertIsNotNone(input_value(r.body, "cost"), "director gets the cost field")
        self.update(dir1, oid, cost=COST_TYPED, margin=MARGIN_TYPED)
        row = opp_row(oid)
        # encrypted at rest: never the plaintext, in any form
        self.assertTrue(row["cost_enc"] and row["margin_enc"])
        self.assertGreater(row["cost_kv"], 0)
        for enc in (row["cost_enc"], row["margin_enc"]):
            self.assertNotIn(COST_MINOR, enc)
            self.assertNotIn("12345", enc)
            raw = base64.b64decode(enc)
            self.assertNotIn(COST_MINOR.encode(), raw)
            self.assertNotIn(b"1850", raw)
        detail = db_value("SELECT detail FROM audit_log WHERE entity='opportunity' AND entity_id=%d "
                          "AND action='opportunity.update' ORDER BY id DESC LIMIT 1" % oid)
        self.assertEqual(sorted(detail.split()[1:]), ["cost", "margin"])
        self.assertNotIn("12345", detail)

        for name in ("dir1", "vp1", "exec1"):
            c = dir1 if name == "dir1" else self.client(name)
            reads = audit_reads("entity='opportunities' AND entity_id=%d AND actor_id=%d" % (oid, user_id(name)))
            r = c.get("/opportunities/%d" % oid)
            self.assertStatus(r, 200)
            self.assertIn(COST_TYPED, r.element_text("opp-cost") or "", "%s sees the cost" % name)
            self.assertIn("18.5%", r.element_text("opp-margin") or "", "%s sees the margin" % name)
            self.assertEqual(audit_reads("entity='opportunities' AND entity_id=%d AND actor_id=%d"
                                         % (oid, user_id(name)), at_least=reads + 2), reads + 2,
                             "every read of a restricted value is audited")

        for name in ("rep1", "mgr1"):
            c = self.rep1 if name == "rep1" else self.client(name)
            for path in ("/opportunities/%d" % oid, "/opportunities/%d/edit" % oid,
                         "/opportunities?customer=%d" % self.customer_id):
                r = c.get(path)
                self.assertStatus(r, 200, "%s GET %s" % (name, path))
                for absent in ('id="opp-cost"', 'id="opp-margin"', 'name="cost"', 'name="margin"', COST_TYPED,
                               "18.5%"):
                    self.assertNotIn(absent, r.body, "%s sees %r on %s" % (name, absent, path))

        # Posting the fields without the tier changes nothing about them.
        self.update(self.rep1, oid, cost="1", margin="99", title="rep renamed")
        after = opp_row(oid)
        self.assertEqual(after["title"], "rep renamed")
        self.assertEqual((after["cost_enc"], after["margin_enc"]), (row["cost_enc"], row["margin_enc"]))
        detail = db_value("SELECT detail FROM audit_log WHERE entity='opportunity' AND entity_id=%d "
                          "AND action='opportunity.update' ORDER BY id DESC LIMIT 1" % oid)
        self.assertEqual(detail.split(), ["changed:", "title"])
        r = dir1.get("/opportunities/%d" % oid)
        self.assertIn(COST_TYPED, r.element_text("opp-cost") or "")

        # A rep creating with cost stores none.
        oid2 = self.create(cost="5", margin="5")
        self.assertEqual((opp_row(oid2)["cost_enc"], opp_row(oid2)["margin_enc"]), ("", ""))

        # The director can clear them again.
        self.update(dir1, oid, cost="", margin="")
        self.assertEqual((opp_row(oid)["cost_enc"], opp_row(oid)["margin_enc"]), ("", ""))

    def test_ciphertext_bound_to_row(self):
        """A ciphertext copied onto another opportunity does not decrypt there (AAD has the row id)."""
        dir1 = self.client("dir1")
        a = self.create()
        b = self.create()
        self.update(dir1, a, cost=COST_TYPED)
        self.update(dir1, b, cost="1.00")
        db_query("UPDATE opportunities o, opportunities s SET o.cost_enc = s.cost_enc, o.cost_kv = s.cost_kv "
                 "WHERE o.id=%d AND s.id=%d" % (b, a))
        try:
            r = dir1.get("/opportunities/%d" % b)
            self.assertStatus(r, 200)
            self.assertNotIn(COST_TYPED, r.body)
            self.assertIn('data-state="broken"', r.body)
        finally:
            # The shared stack must stay rotatable (keys rotate refuses undecryptable values).
            db_query("UPDATE opportunities SET cost_enc = NULL, cost_kv = NULL WHERE id=%d" % b)


if __name__ == "__main__":
    main()
