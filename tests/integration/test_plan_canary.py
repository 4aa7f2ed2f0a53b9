#!/usr/bin/env python3
"""Canary for the negotiation pages: rep1 plans with a unique minimum price and BATNA (confidential),
a unique minimum margin (restricted) and a needs report with a unique budget range (confidential),
then records a negotiation under the plan that breaks the floor. The figures reach exactly their
tier's readers; for rep2 (who sees the customer), rep3, mgr2 and admin they appear nowhere — plan,
needs report, record, print view, plan/record/objection lists, customer and opportunity pages, the
audit log, and no file under the stack's var dir (logs, database files)."""
import html
import os
import re
import secrets
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from parleytest import ParleyTestCase, db_query, env, main  # noqa: E402
from custtest import client, create_customer, element_text, form_values, token  # noqa: E402

CONF_READERS = ("rep1", "mgr1", "dir1", "vp1", "exec1")
RESTR_READERS = ("dir1", "vp1", "exec1")
SEES_ROW = CONF_READERS + ("rep2",)
BLIND = ("rep2", "rep3", "mgr2", "admin")


def money_canary():
    whole = 100000000 + secrets.randbelow(899999999)
    cents = 11 + secrets.randbelow(88)
    if cents % 10 == 0:
        cents += 1
    return whole, cents


class PlanCanaryTest(ParleyTestCase):
    @classmethod
    def setUpClass(cls):
        rep1 = client("rep1")
        cls.floor_w, cls.floor_c = money_canary()
        cls.budget_w, cls.budget_c = money_canary()
        cls.batna = "CANARY-BATNA-%s" % secrets.token_hex(8)
        cls.margin = "%d.%d7" % (31 + secrets.randbelow(40), secrets.randbelow(10))   # e.g. 47.37 (%)
        cls.cid = create_customer(rep1, "%s 方案机密客户" % token("pcanary"), shared_with_team="1")
        rep1.get("/opportunities/new?customer_id=%d" % cls.cid)
        r = rep1.post("/opportunities", {
            "customer_id": str(cls.cid), "title": "Canary deal", "stage": "3", "currency": "CNY",
            "list_price": "%d" % (cls.floor_w * 2), "initial_quote": "", "current_offer": "", "final_price": "",
            "expected_close": "", "status": "open", "lost_reason": ""})
        assert r.status == 303, r.describe()
        cls.oid = int(r.location.rsplit("/", 1)[1])
        rep1.get("/plans/new?opportunity_id=%d" % cls.oid)
        r = rep1.post("/plans", {
            "opportunity_id": str(cls.oid), "topic": "Canary plan", "strategy": "concession", "meeting_on": "",
            "start_time": "", "place": "", "must_goals": "x", "concedable_goals": "", "agenda": "",
            "counter_proposals": "", "ladder_step": "3", "ladder_asks": "", "batna": cls.batna,
            "min_price": "%d.%02d" % (cls.floor_w, cls.floor_c), "max_discount": "10", "max_payment_days": "60",
            "walkaway_payment_days": "70", "min_margin": "", "walkaway_margin": ""})
        assert r.status == 303, r.describe()
        cls.pid = int(r.location.rsplit("/", 1)[1])
        # The restricted margin is set by a reader of that tier.
        dir1 = client("dir1")
        r = dir1.get("/plans/%d/edit" % cls.pid)
        assert r.status == 200, r.describe()
        f = form_values(r.body, "/plans/%d" % cls.pid)
        assert f is not None, r.describe()
        f["min_margin"] = cls.margin
        r = dir1.post("/plans/%d" % cls.pid, list(f.items()))
        assert r.status == 303, r.describe(3000)
        rep1.get("/opportunities/%d/needs/new" % cls.oid)
        r = rep1.post("/opportunities/%d/needs" % cls.oid, [
            ("researched_on", "2026-11-20"), ("method", "interview"), ("current_situation", "x"),
            ("pains.0.text", "slow"), ("pains.0.priority", "1"), ("expected_goals", "y"),
            ("budget_currency", "CNY"), ("budget_min", "1"),
            ("budget_max", "%d.%02d" % (cls.budget_w, cls.budget_c)), ("decision_process", "z"),
            ("needs.0.text", "n"), ("needs.0.class", "must"), ("confirmed_on", "")])
        assert r.status == 303, r.describe()
        cls.needs_id = int(r.location.rsplit("/", 1)[1])
        rep1.get("/negotiations/new?customer_id=%d" % cls.cid)
        r = rep1.post("/negotiations", [
            ("customer_id", str(cls.cid)), ("opportunity_id", str(cls.oid)), ("plan_id", str(cls.pid)),
            ("held_on", "2026-11-20"), ("start_time", "09:30"), ("end_time", "11:00"), ("place", ""),
            ("our_participants", "rep1"), ("their_participants", "CFO"), ("type", "price"), ("phase", "middle"),
            ("status", "follow_up"), ("review_strengths", ""), ("review_improve", ""),
            ("review_relationship", ""), ("review_strategy", ""), ("review_moments", ""),
            ("objections.0.quote", "Too expensive"), ("objections.0.type", "price"),
            ("objections.0.response", ""), ("objections.0.result", ""), ("objections.0.owner", ""),
            ("objections.0.follow_up", ""),
            ("terms.0.term", "price"), ("terms.0.ours", "a"), ("terms.0.theirs", "b"),
            ("terms.0.price", "%d" % (cls.floor_w // 2)), ("terms.0.discount", ""), ("terms.0.payment_days", "")])
        assert r.status == 303, r.describe(3000)
        cls.nid = int(r.location.rsplit("/", 1)[1])
        floor = db_query("SELECT kind FROM negotiation_flags WHERE negotiation_id=%d" % cls.nid)
        assert ["below_floor"] in floor, floor
        # A payment-term request within the policy's own limit (90 days) that passes the plan's walk-away
        # trigger (70 days, confidential): only the breach sizes its chain (manager, director, vp).
        rep1.get("/concessions/new?opportunity_id=%d" % cls.oid)
        r = rep1.post("/concessions", {
            "opportunity_id": str(cls.oid), "term": "payment", "current_value": "30 天", "requested_value": "75 天",
            "amount": "", "payment_days": "75", "justification": "客户现金流紧张", "counter_concession": "预付 30%",
            "urgency": "normal", "plan_id": str(cls.pid)})
        assert r.status == 303, r.describe(3000)
        cls.rid = int(r.location.rsplit("/", 1)[1])
        levels = db_query("SELECT levels, plan_breach FROM concession_requests WHERE id=%d" % cls.rid)
        assert levels == [["3", "1"]], levels
        cls.pages = ["/concessions/%d" % cls.rid, "/concessions", "/plans/%d" % cls.pid, "/plans", "/needs/%d" % cls.needs_id, "/negotiations/%d" % cls.nid,
                     "/negotiations/%d/print" % cls.nid, "/negotiations/%d/edit" % cls.nid,
                     "/negotiations?customer=%d" % cls.cid, "/negotiations", "/objections",
                     "/objections?customer=%d" % cls.cid, "/customers/%d" % cls.cid, "/opportunities/%d" % cls.oid,
                     "/plans/%d/edit" % cls.pid, "/needs/%d/edit" % cls.needs_id]

    # ------------------------------------------------------------------ helpers
    def spellings(self, w, c):
        g = "{:,}".format(w)
        return {"%d.%02d" % (w, c), "%s.%02d" % (g, c), "%d%02d" % (w, c), str(w), g}

    def needles(self, tier="conf"):
        out = self.spellings(self.floor_w, self.floor_c) | self.spellings(self.budget_w, self.budget_c)
        out.add(self.batna)
        if tier == "restr":
            out = {self.margin}
        return out

    def assertNoLeak(self, text, where, tier="conf"):
        squeezed = re.sub(r"[\s,.\u00a0\u202f]", "", re.sub(r"<[^>]+>", "", html.unescape(text)))
        for n in self.needles(tier):
            self.assertNotIn(n, text, "%s leaks %r" % (where, n))
            if tier == "conf" and n[0].isdigit():
                self.assertNotIn(n.replace(",", "").replace(".", ""), squeezed, "%s leaks %r" % (where, n))

    # ------------------------------------------------------------------ tests
    def test_readers_see_the_figures(self):
        shown = "{:,}.{:02d}".format(self.floor_w, self.floor_c)
        for u in CONF_READERS:
            c = client(u)
            self.assertIn(shown, element_text(c.get("/plans/%d" % self.pid).body, "plan-min-price") or "", u)
            self.assertIn(self.batna, c.get("/plans/%d" % self.pid).body, u)
            rec = c.get("/negotiations/%d" % self.nid)
            self.assertIn('data-kind="below_floor"', rec.body, u)
            self.assertIn(shown, html.unescape(rec.body), u)
            budget = element_text(c.get("/needs/%d" % self.needs_id).body, "needs-budget") or ""
            self.assertIn("{:,}.{:02d}".format(self.budget_w, self.budget_c), budget, u)
        for u in RESTR_READERS:
            self.assertIn(self.margin, client(u).get("/plans/%d" % self.pid).body, u)

    def test_nobody_else_sees_them_anywhere(self):
        for u in BLIND + ("rep1", "mgr1"):
            c = client(u)
            tier = "restr" if u in ("rep1", "mgr1") else "conf"
            for path in self.pages:
                r = c.get(path)
                detail = "?" not in path and path.count("/") >= 2
                if detail and u not in SEES_ROW:
                    self.assertEqual(r.status, 404, "%s %s" % (u, path))
                else:
                    self.assertIn(r.status, (200, 404), "%s %s" % (u, path))
                self.assertNoLeak(r.body, "%s as %s" % (path, u), tier)
        # rep2 sees the record but not that a limit was crossed: even the bare flag bounds the floor.
        for path in ("/negotiations/%d" % self.nid, "/negotiations/%d/print" % self.nid):
            rec = client("rep2").get(path)
            self.assertStatus(rec, 200)
            self.assertNotIn('data-kind="', rec.body, path)
            self.assertNotIn('id="rec-flags"', rec.body, path)
            for text in ("超出方案限制", "Outside the plan's limits", "Outside the plan&#39;s limits"):
                self.assertNotIn(text, rec.body, path)

    def test_concession_chain_only_for_readers(self):
        """The request's chain is sized by the plan's breach: its length and approvers are a signal of the
        confidential limits, shown to their readers and to nobody else who sees the request."""
        for u in CONF_READERS:
            r = client(u).get("/concessions/%d" % self.rid)
            self.assertStatus(r, 200)
            self.assertIn('data-levels="3"', r.body, u)
            self.assertIn('data-level="3"', r.body, u)
            self.assertIn('id="conc-plan-breach"', r.body, u)
        r = client("rep2").get("/concessions/%d" % self.rid)
        self.assertStatus(r, 200)
        self.assertIn('id="conc-chain-hidden"', r.body)
        for needle in ('id="conc-levels"', "data-levels=", "data-level=", 'id="conc-chain"', 'id="conc-plan-breach"',
                       'id="conc-no-chain"'):
            self.assertNotIn(needle, r.body)
        for u in ("mgr1", "dir1", "vp1"):
            name = db_query("SELECT display_name FROM users WHERE username='%s'" % u)[0][0]
            self.assertNotIn(html.escape(name), r.body.split("</header>", 1)[-1], "approver %s named to rep2" % u)
        for path in ("/concessions", "/concessions?opportunity=%d" % self.oid):
            body = client("rep2").get(path).body
            self.assertNotIn("data-levels", body, path)
            self.assertNotIn("data-level=", body, path)

    def list_flags(self, who):
        """The flag count in who's record list for the canary record (0 when no badge)."""
        body = client(who).get("/negotiations?customer=%d" % self.cid).body
        m = re.search(r'<tr data-negotiation-id="%d".*?</tr>' % self.nid, body, re.S)
        self.assertIsNotNone(m, "record %d not in %s's list" % (self.nid, who))
        badge = re.search(r'<td class="num"><span class="badge warn">(\d+)</span>', m.group(0))
        return int(badge.group(1)) if badge else 0

    def test_list_counts_flags_for_readers_only(self):
        for u in CONF_READERS:
            self.assertGreaterEqual(self.list_flags(u), 1, u)
        self.assertEqual(self.list_flags("rep2"), 0, "rep2 sees a count of confidential flags")

    def test_audit_log_has_no_figures(self):
        for (detail,) in db_query("SELECT detail FROM audit_log WHERE entity IN ('plan', 'needs_report', "
                                  "'negotiation') ORDER BY id DESC LIMIT 500"):
            self.assertNoLeak(detail, "audit detail")
            self.assertNoLeak(detail, "audit detail", "restr")

    def test_zz_nothing_in_files_under_var(self):
        client("rep1").get("/plans/%d" % self.pid)
        time.sleep(2.5)   # nginx flushes its access log buffer every second
        needles = [n.encode() for n in self.needles() | self.needles("restr") if len(n) > 6]
        hits = []
        for root, _dirs, files in os.walk(env("PARLEY_VAR")):
            for fn in files:
                p = os.path.join(root, fn)
                if not os.path.isfile(p) or os.path.islink(p):
                    continue
                try:
                    with open(p, "rb") as fh:
                        data = fh.read()
                except OSError:
                    continue
                hits += ["%s: %s" % (p, n.decode()) for n in needles if n in data]
        self.assertEqual(hits, [])


if __name__ == "__main__":
    main()
