#!/usr/bin/env python3
"""Canary: rep1 records a unique budget ceiling and confidential decision notes on a customer shared
with team 1. The value reaches exactly rep1, mgr1, dir1, vp1 and exec1; it appears nowhere for rep2
(who sees the row), rep3, mgr2 and admin — not in pages, forms, lists, search, sort orders, error pages,
logs or the raw database — and posting the field without the tier changes nothing."""
import base64
import binascii
import os
import re
import secrets
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from parleytest import (DEMO_USERS, ParleyTestCase, audit_reads, db_int, db_query, env, main, sql_str,  # noqa: E402
                        user_id)
from custtest import (client, create_customer, customer_row, edit_form, element_text, form_values,  # noqa: E402
                      has_id, row_ids, token)

READERS = ("rep1", "mgr1", "dir1", "vp1", "exec1")
WRITERS = ("rep1", "mgr1", "dir1", "vp1")
SEES_ROW = READERS + ("rep2",)
BLIND = ("rep2", "rep3", "mgr2", "admin")


def make_canary():
    whole = 100000000 + secrets.randbelow(899999999)   # 9 digits
    cents = 10 + secrets.randbelow(89)
    if cents % 10 == 0:
        cents += 1
    return whole, cents


def group(n):
    return "{:,}".format(n)


class CanaryTest(ParleyTestCase):
    @classmethod
    def setUpClass(cls):
        cls.whole, cls.cents = make_canary()
        w, ct = cls.whole, cls.cents
        cls.plain = "%d.%02d" % (w, ct)                 # as typed
        cls.grouped = "%s.%02d" % (group(w), ct)         # as shown
        # Every way the amount could be written out (checked case-insensitively where it matters).
        cls.variants = sorted({
            cls.plain, cls.grouped, "%d%02d" % (w, ct), str(w), group(w), group(w).replace(",", " "),
            group(w).replace(",", "\u00a0"), group(w).replace(",", "."), group(w).replace(",", "\u202f"),
        })
        cls.digits = "%d%02d" % (w, ct)
        cls.notes = "CANARY-NOTES-%s" % secrets.token_hex(8)
        cls.tok = token("canary")
        cls.name = "%s 机密预算客户" % cls.tok
        cls.searches = []
        rep1 = client("rep1")
        cls.cid = create_customer(rep1, cls.name, industry="canary-industry", shared_with_team="1")
        r, f = edit_form(rep1, cls.cid)
        if f is None:
            raise AssertionError("rep1 cannot open the edit form:\n" + r.describe())
        if "budget_ceiling" not in f or "decision_notes" not in f:
            raise AssertionError("the owner's edit form has no budget_ceiling/decision_notes inputs:\n" + r.describe(4000))
        f["budget_ceiling"] = cls.plain
        f["decision_notes"] = cls.notes
        r = rep1.post("/customers/%d" % cls.cid, f)
        if r.status != 303:
            raise AssertionError("rep1 could not set the budget:\n" + r.describe(3000))
        cls.stored = customer_row(cls.cid)

    # ------------------------------------------------------------------ helpers
    def leaks(self, text):
        """The canary spellings found in text (also after stripping tags and separators)."""
        found = [v for v in self.variants if v in text]
        if self.notes.lower() in text.lower():
            found.append(self.notes)
        squeezed = re.sub(r"[\s,.\u00a0\u202f'’_]", "", re.sub(r"<[^>]+>", "", text))
        if self.digits in squeezed:
            found.append("digits " + self.digits)
        if str(self.whole) in squeezed:
            found.append("digits " + str(self.whole))
        return found

    def assertNoCanary(self, text, where):
        found = self.leaks(text)
        if found:
            i = min(text.find(f) for f in found if f in text) if any(f in text for f in found) else -1
            ctx = text[max(0, i - 200):i + 200] if i >= 0 else ""
            self.fail("canary %r found in %s\n...%s..." % (found, where, ctx))

    def assertUnchanged(self, who):
        now = customer_row(self.cid)
        for k in ("budget_ceiling_enc", "budget_ceiling_kv", "decision_notes_enc", "decision_notes_kv"):
            self.assertEqual(now[k], self.stored[k], "%s changed %s" % (who, k))
        page = client("rep1").get("/customers/%d" % self.cid)
        self.assertStatus(page, 200)
        self.assertIn(self.grouped, element_text(page.body, "budget-ceiling") or "", "rep1's view after %s" % who)
        self.assertIn(self.notes, page.body)

    # ------------------------------------------------------------------ readers
    def test_readers_see_it(self):
        for who in READERS:
            with self.subTest(user=who):
                r = client(who).get("/customers/%d" % self.cid)
                self.assertStatus(r, 200)
                text = element_text(r.body, "budget-ceiling")
                self.assertIsNotNone(text, "no id=budget-ceiling for %s" % who)
                self.assertIn(self.grouped, text, "budget shown to %s" % who)
                self.assertIn(self.notes, r.body, "decision notes shown to %s" % who)

    def test_writers_form_prefilled(self):
        for who in WRITERS:
            with self.subTest(user=who):
                r, f = edit_form(client(who), self.cid)
                self.assertStatus(r, 200)
                self.assertEqual(f.get("budget_ceiling", "").replace(",", ""), self.plain)
                self.assertEqual(f.get("decision_notes"), self.notes)
        r = client("exec1").get("/customers/%d/edit" % self.cid)
        self.assertStatus(r, (403, 404))
        self.assertNoCanary(r.body, "exec1's edit answer")

    def test_read_is_audited_without_value(self):
        rep1 = user_id("rep1")
        where = "action='secret.read' AND actor_id=%d AND entity_id=%d" % (rep1, self.cid)
        n0 = audit_reads(where)
        r = client("rep1").get("/customers/%d" % self.cid)
        self.assertStatus(r, 200)
        n1 = audit_reads(where, at_least=n0 + 1)
        self.assertGreaterEqual(n1 - n0, 1, "rep1's read of the budget was not audited")
        for row in db_query("SELECT action, entity, detail FROM audit_log WHERE entity_id=%d" % self.cid):
            self.assertNoCanary("\t".join(row), "audit_log")
        # No reads are recorded for someone who was not shown the value.
        rep2 = user_id("rep2")
        where2 = "action='secret.read' AND actor_id=%d AND entity_id=%d" % (rep2, self.cid)
        m0 = audit_reads(where2)
        self.assertStatus(client("rep2").get("/customers/%d" % self.cid), 200)
        time.sleep(1.5)   # repeats of earlier reads would have reached the database by now
        self.assertEqual(audit_reads(where2), m0)

    # ------------------------------------------------------------------ everyone else
    def test_rep2_sees_row_not_value(self):
        c = client("rep2")
        r = c.get("/customers/%d" % self.cid)
        self.assertStatus(r, 200)
        self.assertIn(self.name, r.body)
        self.assertFalse(has_id(r.body, "budget-ceiling"), "rep2 has an id=budget-ceiling element")
        self.assertTrue(has_id(r.body, "budget-recorded"), "rep2 is not told that a budget is recorded")
        self.assertNoCanary(r.body, "rep2's customer page")
        self.assertNotRegex(r.body, r'name="(budget_ceiling|decision_notes)"')
        r = c.get("/customers/%d/edit" % self.cid)
        self.assertStatus(r, (403, 404))
        self.assertNoCanary(r.body, "rep2's edit answer")

    def test_others_get_404(self):
        for who in ("rep3", "mgr2", "admin"):
            c = client(who)
            for path in ("/customers/%d" % self.cid, "/customers/%d/edit" % self.cid):
                with self.subTest(user=who, path=path):
                    r = c.get(path)
                    self.assertStatus(r, 404)
                    self.assertNoCanary(r.body, "%s %s" % (who, path))
                    self.assertNotIn(self.name, r.body)

    def test_lists_sorts_and_search(self):
        for who in DEMO_USERS:
            c = client(who)
            queries = ["q=%s" % self.tok]
            queries += ["q=%s&sort=%s" % (self.tok, s) for s in ("name", "updated", "follow", "budget",
                                                                   "budget_ceiling", "-budget_ceiling")]
            queries += ["sort=%s" % s for s in ("name", "updated", "follow", "budget", "budget_ceiling")]
            queries += ["q=%s&segment=new&intent=medium" % self.tok]
            for q in queries:
                with self.subTest(user=who, query=q):
                    r = c.get("/customers?" + q)
                    if who == "admin":
                        self.assertStatus(r, 404)
                    elif "budget" in q:
                        # A sort the list does not offer is refused: no rows, so no order to probe.
                        self.assertStatus(r, 400)
                        self.assertEqual(row_ids(r.body), [])
                    else:
                        self.assertStatus(r, 200)
                        if q.startswith("q="):
                            self.assertEqual(self.cid in row_ids(r.body), who in SEES_ROW)
                    self.assertNoCanary(r.body, "%s /customers?%s" % (who, q))
                    # The refusal names what was typed; no page links to or offers a budget sort.
                    self.assertNotRegex(r.body, r'(?i)href="[^"]*sort=budget|<option[^>]*value="[^"]*budget',
                                        "a budget sort option is offered to %s" % who)
            # A sort by the budget is refused for everyone, so the budget cannot be probed by ordering.
            if who != "admin":
                for s in ("budget", "budget_ceiling", "budget_ceiling_enc"):
                    r = c.get("/customers?q=%s&sort=%s" % (self.tok, s))
                    self.assertStatus(r, 400)
                    self.assertEqual(row_ids(r.body), [])

    def test_search_does_not_find_budget(self):
        for who in DEMO_USERS:
            c = client(who)
            for q in (str(self.whole), self.plain, self.grouped, self.digits, self.notes, self.notes[7:]):
                with self.subTest(user=who, q=q):
                    path = "/customers?q=%s" % urllib.parse.quote(q)
                    type(self).searches.append(path)
                    r = c.get(path)
                    if who == "admin":
                        self.assertStatus(r, 404)
                        continue
                    self.assertStatus(r, 200)
                    self.assertNotIn(self.cid, row_ids(r.body), "search for the canary found the customer")
                    # The search box repeats what was typed; nothing else may contain the value.
                    body = r.body.replace(q, "").replace(urllib.parse.quote(q), "").replace(
                        urllib.parse.quote_plus(q), "")
                    body = re.sub(r'value="[^"]*"', 'value=""', body) if q in r.body else body
                    self.assertNoCanary(body, "%s search %r" % (who, q))

    # ------------------------------------------------------------------ writes without the tier
    def test_posting_without_tier_changes_nothing(self):
        owner_form = edit_form(client("rep1"), self.cid)[1]
        owner_form.pop("csrf_token", None)
        for who in ("rep2", "rep3", "mgr2", "exec1", "admin"):
            c = client(who)
            tok = c.fetch_csrf("/")
            with self.subTest(user=who):
                f = dict(owner_form)
                f["budget_ceiling"] = "1.00"
                f["decision_notes"] = "overwritten by %s" % who
                r = c.post("/customers/%d" % self.cid, f, csrf=tok)
                self.assertStatus(r, 404 if who not in SEES_ROW else (403, 404))
                self.assertNoCanary(r.body, "%s's POST answer" % who)
                r = c.post("/customers/%d" % self.cid, {"budget_ceiling": "", "decision_notes": ""}, csrf=tok)
                self.assertStatus(r, 404 if who not in SEES_ROW else (403, 404))
                self.assertUnchanged(who)
                # and not by creating a customer either: a new row gets only what the creator may write
        self.assertEqual(db_int("SELECT COUNT(*) FROM customers WHERE decision_notes_enc IS NOT NULL AND id=%d"
                                % self.cid), 1)

    def test_error_pages(self):
        rep1 = client("rep1")
        # 422 for the owner: the typed (bad) value comes back, never the stored one.
        f = edit_form(rep1, self.cid)[1]
        f["budget_ceiling"] = "1,23"
        f["name"] = ""
        f["decision_notes"] = "typed notes"
        r = rep1.post("/customers/%d" % self.cid, f)
        self.assertStatus(r, 422)
        self.assertNoCanary(r.body, "rep1's 422 page")
        self.assertIn("1,23", r.body)
        self.assertUnchanged("rep1's invalid POST")
        # 403 (no CSRF token) and 404 pages for everybody.
        for who in DEMO_USERS:
            c = client(who)
            with self.subTest(user=who):
                r = c.post("/customers/%d" % self.cid, {"name": "x", "budget_ceiling": "5"}, csrf=False)
                self.assertStatus(r, (403, 404))
                self.assertNoCanary(r.body, "%s 403 page" % who)
                r = c.get("/customers/%d/nothing-here" % self.cid)
                self.assertStatus(r, 404)
                self.assertNoCanary(r.body, "%s 404 page" % who)
        self.assertUnchanged("CSRF-less POSTs")

    def test_other_pages(self):
        for who in DEMO_USERS:
            c = client(who)
            for path in ("/", "/follow-ups", "/customers/new", "/opportunities"):
                with self.subTest(user=who, path=path):
                    r = c.get(path)
                    self.assertNoCanary(r.body, "%s %s" % (who, path))

    # ------------------------------------------------------------------ storage
    def test_database_has_only_ciphertext(self):
        row = customer_row(self.cid)
        for col in ("budget_ceiling", "decision_notes"):
            enc, kv = row[col + "_enc"], row[col + "_kv"]
            with self.subTest(column=col):
                self.assertTrue(enc, "%s_enc is empty" % col)
                self.assertRegex(kv, r"^[1-9]\d*$", "%s_kv not set" % col)
                self.assertNoCanary(enc, "%s_enc" % col)
                try:
                    raw = base64.b64decode(enc + "=" * (-len(enc) % 4), validate=False)
                except (binascii.Error, ValueError):
                    raw = enc.encode()
                self.assertNoCanary(raw.decode("latin-1"), "base64-decoded %s_enc" % col)
                self.assertGreaterEqual(len(raw), 12 + 16, "too short for nonce + tag")
        # Two rows with the same plain value never share a ciphertext (random nonce, row-bound AAD).
        other = create_customer(client("rep1"), "%s twin" % self.tok)
        f = edit_form(client("rep1"), other)[1]
        f["budget_ceiling"] = self.plain
        self.assertStatus(client("rep1").post("/customers/%d" % other, f), 303)
        self.assertNotEqual(customer_row(other)["budget_ceiling_enc"], row["budget_ceiling_enc"])
        # Nothing anywhere in the database spells it out.
        for table, cols in (("audit_log", ("detail", "action", "entity")), ("customers", ("name", "industry", "notes",
                            "need_summary", "suppliers", "decision_process"))):
            for v in [self.plain, self.grouped, self.digits, str(self.whole), self.notes]:
                cond = " OR ".join("%s LIKE %s" % (c, sql_str("%" + v + "%")) for c in cols)
                self.assertEqual(db_int("SELECT COUNT(*) FROM %s WHERE %s" % (table, cond)), 0,
                                 "%r in %s" % (v, table))

    def test_swapped_or_tampered_ciphertext_fails_closed(self):
        rep1 = client("rep1")
        other = create_customer(rep1, "%s swap" % self.tok, budget_ceiling="1.00", decision_notes="other notes")
        saved = customer_row(other)
        src = customer_row(self.cid)

        def restore():
            db_query("UPDATE customers SET budget_ceiling_enc=%s, budget_ceiling_kv=%s, decision_notes_enc=%s, "
                     "decision_notes_kv=%s WHERE id=%d"
                     % (sql_str(saved["budget_ceiling_enc"]), saved["budget_ceiling_kv"],
                        sql_str(saved["decision_notes_enc"]), saved["decision_notes_kv"], other))
        self.addCleanup(restore)
        flipped = src["budget_ceiling_enc"]
        i = len(flipped) // 2
        flipped = flipped[:i] + ("A" if flipped[i] != "A" else "B") + flipped[i + 1:]
        cases = (
            ("swapped", src["budget_ceiling_enc"], src["budget_ceiling_kv"], src["decision_notes_enc"],
             src["decision_notes_kv"]),
            ("tampered", flipped, src["budget_ceiling_kv"], saved["decision_notes_enc"], saved["decision_notes_kv"]),
        )
        for what, benc, bkv, nenc, nkv in cases:
            with self.subTest(case=what):
                db_query("UPDATE customers SET budget_ceiling_enc=%s, budget_ceiling_kv=%s, decision_notes_enc=%s, "
                         "decision_notes_kv=%s WHERE id=%d" % (sql_str(benc), bkv, sql_str(nenc), nkv, other))
                n0 = db_int("SELECT COUNT(*) FROM audit_log WHERE action='secret.broken' AND entity_id=%d" % other)
                r = rep1.get("/customers/%d" % other)
                self.assertStatus(r, 200)
                self.assertNoCanary(r.body, "customer with a %s ciphertext" % what)
                self.assertNotIn("1.00", element_text(r.body, "budget-ceiling") or "")
                self.assertRegex(r.body, r'<[^>]*class="[^"]*unavailable[^"]*"[^>]*id="budget-ceiling"|'
                                         r'<[^>]*id="budget-ceiling"[^>]*class="[^"]*unavailable',
                                 "a %s budget is not shown as unavailable" % what)
                self.assertGreater(db_int("SELECT COUNT(*) FROM audit_log WHERE action='secret.broken' "
                                          "AND entity_id=%d" % other), n0, "a %s value was not logged" % what)
                r = rep1.get("/customers/%d/edit" % other)
                self.assertNoCanary(r.body, "edit form with a %s ciphertext" % what)
        restore()
        r = rep1.get("/customers/%d" % other)
        self.assertIn("1.00", element_text(r.body, "budget-ceiling") or "")

    def test_zz_nothing_in_files_under_var(self):
        """Runs last: every file under the stack's var dir (app log, nginx logs, database files)."""
        # Make sure everything above has happened at least once before looking.
        client("rep1").get("/customers/%d" % self.cid)
        client("rep2").get("/customers/%d" % self.cid)
        client("rep3").get("/customers/%d" % self.cid)
        time.sleep(2.5)   # nginx flushes its access log buffer every second
        var = env("PARLEY_VAR")
        searches = set(self.searches)
        needles = [v.encode() for v in self.variants] + [self.notes.encode(), self.digits.encode()]
        hits = []
        for root, dirs, files in os.walk(var):
            for fn in files:
                p = os.path.join(root, fn)
                if not os.path.isfile(p) or os.path.islink(p):
                    continue
                try:
                    with open(p, "rb") as fh:
                        data = fh.read()
                except OSError:
                    continue
                # Text logs are also read with separators and spaces squeezed out of every line.
                is_log = fn.endswith((".log", ".err", ".out")) or os.sep + "log" in p
                if not any(n in data for n in needles) and not (is_log and self.digits.encode() in data.translate(
                        None, b",. \t\xc2\xa0")):
                    continue
                for line in data.split(b"\n"):
                    if not any(n in line for n in needles) and not (
                            is_log and self.digits.encode() in line.translate(None, b",. \t\xc2\xa0")):
                        continue
                    text = line.decode("utf-8", "replace")
                    # our own search requests carry the value in their URL: that is what the user typed
                    if any(s in text for s in searches):
                        continue
                    hits.append("%s: %s" % (os.path.relpath(p, var), text[:300]))
        self.assertEqual(hits, [], "canary found in files under %s" % var)


if __name__ == "__main__":
    main()
