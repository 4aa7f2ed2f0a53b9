#!/usr/bin/env python3
"""The approval guard cannot be got around (every way found in review): a record's concession
rows are sized by the policy with the opportunity's cumulative figures and a named request must match them;
a request is carried out once; a price request is sized from the list price, never from the typed current
value; pending requests of every requester count; the list price is frozen by the first request; a plan is
checked even when none is named; an approver outside the customer's line neither sees nor decides; absurd
amounts are refused, never a 500."""
import html
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from parleytest import (Client, ParleyTestCase, db_int, db_query, db_value, input_value, main,  # noqa: E402
                        reset_clock, unique_name, user_id)


def lang_html(key, lang="zh-CN"):
    """A language string as it appears in a page (HTML-escaped)."""
    from custtest import lang_value
    return html.escape(lang_value(key, lang), quote=False)


def login(username):
    c = Client()
    c.login(username)
    return c


def request_fields(**kw):
    f = {"term": "price", "current_value": "1000000", "requested_value": "880000", "amount": "",
         "payment_days": "", "justification": "竞争对手报价更低", "counter_concession": "签三年合同",
         "urgency": "normal", "plan_id": ""}
    f.update(kw)
    return f


def req_row(rid):
    r = db_query("SELECT state, levels, version, amount, discount_bp, cumulative_bp, cumulative_amount, "
                 "plan_breach, IFNULL(list_price,-1) FROM concession_requests WHERE id=%d" % rid)[0]
    keys = ("state", "levels", "version", "amount", "discount_bp", "cumulative_bp", "cumulative_amount",
            "plan_breach", "list_price")
    return {k: (v if k == "state" else int(v)) for k, v in zip(keys, r)}


def conc_row(**kw):
    row = {"term": "price", "from": "100 万", "to": "96 万", "value": "40000", "discount": "", "payment_days": "",
           "counter": "三年合同", "request": ""}
    row.update(kw)
    return row


class ConcessionGuardTest(ParleyTestCase):
    @classmethod
    def setUpClass(cls):
        reset_clock()
        cls.rep1 = login("rep1")
        cls.mgr1 = login("mgr1")
        cls.dir1 = login("dir1")
        tok = cls.rep1.fetch_csrf("/customers/new")
        r = cls.rep1.post("/customers", {
            "name": "Guard customer " + unique_name("c"), "industry": "制造", "currency": "CNY",
            "source": "website", "segment": "new", "intent": "high", "stage": "3", "need_summary": "",
            "suppliers": "", "decision_process": "", "notes": "", "next_follow_up": ""}, csrf=tok)
        if r.status != 303:
            raise AssertionError("creating the customer failed:\n" + r.describe())
        cls.cid = int(r.location.rsplit("/", 1)[1])

    @classmethod
    def tearDownClass(cls):
        reset_clock()

    # ------------------------------------------------------------------ helpers

    def opp_fields(self, title, list_price):
        return {"customer_id": str(self.cid), "title": title, "stage": "3", "currency": "CNY",
                "list_price": list_price, "initial_quote": "", "current_offer": "", "final_price": "",
                "expected_close": "", "status": "open", "lost_reason": ""}

    def new_opp(self, list_price="1,000,000"):
        self.rep1.fetch_csrf("/opportunities/new?customer_id=%d" % self.cid)
        title = "Guard deal " + unique_name("o")
        r = self.rep1.post("/opportunities", self.opp_fields(title, list_price))
        self.assertEqual(r.status, 303, r.describe())
        oid = int(r.location.rsplit("/", 1)[1])
        self.titles = getattr(self, "titles", {})
        self.titles[oid] = title
        return oid

    def set_list_price(self, oid, list_price):
        self.assertStatus(self.rep1.get("/opportunities/%d/edit" % oid), 200)
        r = self.rep1.post("/opportunities/%d" % oid, self.opp_fields(self.titles[oid], list_price))
        self.assertEqual(r.status, 303, r.describe())

    def file(self, oid, client=None, expect=303, **kw):
        c = client or self.rep1
        self.assertStatus(c.get("/concessions/new?opportunity_id=%d" % oid), 200)
        r = c.post("/concessions", [("opportunity_id", str(oid))] + list(request_fields(**kw).items()))
        self.assertEqual(r.status, expect, r.describe())
        if expect != 303:
            return r
        m = re.match(r"^/concessions/(\d+)$", r.location or "")
        self.assertTrue(m, r.describe())
        return int(m.group(1))

    def decide(self, client, rid, decision="approve", comment="同意", expect=(200, 303)):
        r = client.get("/concessions/%d" % rid)
        self.assertStatus(r, 200)
        m = re.search(r'<form method="post" action="(/approvals/\d+)"', r.body)
        self.assertTrue(m, "no decision form for this viewer")
        r = client.post(m.group(1), {"decision": decision, "comment": comment,
                                     "version": input_value(r.body, "version")})
        self.assertIn(r.status, expect, r.describe())
        return r

    def approve_all(self, rid):
        """Every step of the request's chain approved over HTTP (mgr1, then dir1 when there is a second)."""
        for c in (self.mgr1, self.dir1):
            if db_value("SELECT state FROM concession_requests WHERE id=%d" % rid) != "pending":
                break
            self.decide(c, rid)
        self.assertEqual(req_row(rid)["state"], "approved")

    def make_plan(self, oid, min_price="950,000", walkaway_days="90"):
        self.assertStatus(self.rep1.get("/plans/new?opportunity_id=%d" % oid), 200)
        r = self.rep1.post("/plans", {
            "opportunity_id": str(oid), "topic": "Price round " + unique_name("p"),
            "strategy": "concession", "meeting_on": "", "start_time": "", "place": "", "must_goals": "x",
            "concedable_goals": "", "agenda": "", "counter_proposals": "", "ladder_step": "10",
            "ladder_asks": "", "batna": "other supplier", "min_price": min_price, "max_discount": "",
            "max_payment_days": "", "walkaway_payment_days": walkaway_days, "min_margin": "",
            "walkaway_margin": ""})
        self.assertEqual(r.status, 303, r.describe())
        return int(r.location.rsplit("/", 1)[1])

    def post_record(self, oid, rows, nid=None, plan_id=""):
        path = "/negotiations/%d/edit" % nid if nid else "/negotiations/new?customer_id=%d&opportunity_id=%d" % (
            self.cid, oid)
        self.assertStatus(self.rep1.get(path), 200)
        pairs = [("opportunity_id", str(oid)), ("plan_id", plan_id), ("held_on", "2026-11-20"),
                 ("start_time", "09:30"), ("end_time", "11:00"), ("place", "x"), ("our_participants", "rep1"),
                 ("their_participants", "王总"), ("type", "price"), ("phase", "middle"), ("status", "follow_up"),
                 ("review_strengths", ""), ("review_improve", ""), ("review_relationship", ""),
                 ("review_strategy", ""), ("review_moments", "")]
        if not nid:
            pairs.append(("customer_id", str(self.cid)))
        for n, row in enumerate(rows):
            pairs += [("concessions.%d.%s" % (n, k), v) for k, v in row.items()]
        return self.rep1.post("/negotiations/%d" % nid if nid else "/negotiations", pairs)

    def record_ok(self, oid, rows, nid=None, plan_id=""):
        r = self.post_record(oid, rows, nid=nid, plan_id=plan_id)
        self.assertEqual(r.status, 303, r.describe())
        return int(r.location.rsplit("/", 1)[1])

    def record_refused(self, oid, rows, nid=None, plan_id="", key=None):
        n = db_int("SELECT COUNT(*) FROM negotiations WHERE opportunity_id=%d" % oid)
        r = self.post_record(oid, rows, nid=nid, plan_id=plan_id)
        self.assertStatus(r, 422)
        if key:
            self.assertIn(lang_html(key), r.body)
        self.assertEqual(db_int("SELECT COUNT(*) FROM negotiations WHERE opportunity_id=%d" % oid), n)
        return r

    # ------------------------------------------------------------------ F1: a named request must fit the row

    def test_f1_payment_request_does_not_cover_a_longer_term(self):
        oid = self.new_opp()
        rid = self.file(oid, term="payment", current_value="30 天", requested_value="30 天", payment_days="30")
        self.assertEqual((req_row(rid)["state"], req_row(rid)["amount"]), ("not_required", 0))
        pay = conc_row(term="payment", **{"from": "30 天", "to": "365 天"}, value="", payment_days="365",
                       request=str(rid))
        self.record_refused(oid, [pay], key="conc.err.record_bad_request")
        self.record_ok(oid, [dict(pay, to="30 天", payment_days="30")])

    def test_f1_discount_must_match_the_request(self):
        oid = self.new_opp()
        rid = self.file(oid)   # 12 %: manager and director
        self.approve_all(rid)
        row = conc_row(to="88 万", value="120000", discount="30", request=str(rid))
        self.record_refused(oid, [row], key="conc.err.record_bad_request")
        self.record_ok(oid, [dict(row, discount="12")])

    def test_f1_request_sized_shorter_than_the_row_needs(self):
        oid = self.new_opp()
        # 4 % given in a record without a request, then a 4 % request that needed nobody on its own:
        # together 8 %, a manager's — the small request does not carry it.
        self.record_ok(oid, [conc_row()])
        rid = self.file(oid, requested_value="960000")
        self.assertEqual((req_row(rid)["state"], req_row(rid)["levels"], req_row(rid)["amount"]),
                         ("not_required", 0, 4000000))
        self.record_refused(oid, [conc_row(to="92 万", request=str(rid))], key="rec.conc_request_short")

    # ------------------------------------------------------------------ F2: a request is carried out once

    def test_f2_request_used_once(self):
        oid = self.new_opp()
        rid = self.file(oid)
        self.approve_all(rid)
        row = conc_row(to="88 万", value="120000", request=str(rid))
        nid = self.record_ok(oid, [row])
        # Re-saving the same record keeps it (its rows are replaced in one transaction).
        self.assertEqual(self.record_ok(oid, [row], nid=nid), nid)
        self.assertEqual(db_int("SELECT COUNT(*) FROM negotiation_concessions WHERE request_id=%d" % rid), 1)
        # Another record, or a second row of the same record, cannot use it again.
        self.record_refused(oid, [row], key="rec.conc_request_used")
        self.record_refused(oid, [row, row], nid=nid, key="rec.conc_request_used")
        self.assertEqual(db_int("SELECT COUNT(*) FROM negotiation_concessions WHERE request_id=%d" % rid), 1)
        # The database refuses it too.
        with self.assertRaises(Exception):
            db_query("INSERT INTO negotiation_concessions (negotiation_id, position, term, from_value, to_value, "
                     "counter, request_id) VALUES (%d, 9, 'price', '', '', '', %d)" % (nid, rid))

    # ------------------------------------------------------------------ F3: small concessions add up

    def test_f3_small_rows_in_one_record_add_up(self):
        oid = self.new_opp()
        self.record_refused(oid, [conc_row(), conc_row(), conc_row()], key="conc.err.record_needs_request")
        self.record_ok(oid, [conc_row()])

    def test_f3_rows_of_earlier_records_count(self):
        oid = self.new_opp()
        nid = self.record_ok(oid, [conc_row()])
        self.record_refused(oid, [conc_row()], key="conc.err.record_needs_request")
        # Re-saving the first record does not count its own rows twice.
        self.assertEqual(self.record_ok(oid, [conc_row()], nid=nid), nid)

    def test_f3_stored_rows_are_not_judged_again(self):
        oid = self.new_opp()
        nid = self.record_ok(oid, [conc_row()])
        rid = self.file(oid)   # 12 % more, approved: the opportunity is now over every small limit
        self.approve_all(rid)
        # The record's own row, unchanged, still saves; a new small row beside it does not.
        self.assertEqual(self.record_ok(oid, [conc_row(counter="三年合同，预付 30%")], nid=nid), nid)
        self.record_refused(oid, [conc_row(), conc_row(value="1000", to="99.9 万")], nid=nid,
                            key="conc.err.record_needs_request")

    # ------------------------------------------------------------------ F4: a price row says how much

    def test_f4_price_row_needs_value_or_discount(self):
        oid = self.new_opp()
        r = self.record_refused(oid, [conc_row(to="70 万", value="", discount="")], key="rec.conc_price_amount")
        self.assertIn('value="70 万"', r.body)
        self.record_refused(oid, [conc_row(to="70 万", value="0", discount="0")], key="rec.conc_price_amount")
        # A discount alone counts as its share of the list price: 30 % needs a request.
        self.record_refused(oid, [conc_row(to="70 万", value="", discount="30")],
                            key="conc.err.record_needs_request")
        # The larger of value and discount counts: ¥10,000 typed with 8 % is ¥80,000.
        self.record_refused(oid, [conc_row(value="10000", discount="8")], key="conc.err.record_needs_request")

    # ------------------------------------------------------------------ F7: the list price is frozen

    def test_f7_record_sized_with_first_request_list_price(self):
        oid = self.new_opp("100,000")
        rid = self.file(oid, current_value="100000", requested_value="97000")   # 3 % of ¥100,000
        self.assertEqual(req_row(rid)["state"], "not_required")
        self.set_list_price(oid, "1,000,000")
        # ¥4,000 more: 7 % of the list price the request was filed with.
        self.record_refused(oid, [conc_row(value="4000")], key="conc.err.record_needs_request")

    # ------------------------------------------------------------------ F8: the plan without naming it

    def test_f8_record_checks_the_opportunitys_plan(self):
        oid = self.new_opp()
        pid = self.make_plan(oid, min_price="990,000", walkaway_days="60")
        # 3 % is below the plan's floor of ¥990,000; 75 days is over its walk-away trigger of 60.
        self.record_refused(oid, [conc_row(to="97 万", value="30000")], key="conc.err.record_needs_request")
        self.record_refused(oid, [conc_row(to="97 万", value="30000")], plan_id=str(pid),
                            key="conc.err.record_needs_request")
        pay = conc_row(term="payment", **{"from": "30 天", "to": "75 天"}, value="", payment_days="75")
        self.record_refused(oid, [pay], key="conc.err.record_needs_request")
        self.record_ok(oid, [conc_row(to="99.5 万", value="5000")])

    # ------------------------------------------------------------------ F5: a price request is sized from the list

    def test_f5_price_request_sized_from_list_price(self):
        oid = self.new_opp()
        rid = self.file(oid, current_value="880,000", requested_value="880,000")   # the typed current value lies
        row = req_row(rid)
        self.assertEqual((row["state"], row["levels"], row["amount"], row["discount_bp"]),
                         ("pending", 2, 12000000, 1200))
        r = self.rep1.get("/concessions/%d" % rid)
        self.assertIn("880,000", r.body)   # the typed text is kept for display
        # Nor is a price in words sized as nothing.
        r = self.file(oid, expect=422, current_value="原价", requested_value="八折", amount="")
        self.assertIn('id="err-requested_value"', r.body)
        r = self.file(oid, expect=422, current_value="原价", requested_value="800000 左右", amount="1")
        self.assertIn(lang_html("conc.err.price_not_money"), r.body)
        # Without a list price there is nothing to measure a price concession against.
        bare = self.new_opp("")
        r = self.file(bare, expect=422, current_value="880,000", requested_value="880,000")
        self.assertIn('id="err-requested_value"', r.body)
        self.assertEqual(db_int("SELECT COUNT(*) FROM concession_requests WHERE opportunity_id=%d" % bare), 0)

    # ------------------------------------------------------------------ F6: everyone's pending requests count

    def test_f6_pending_requests_of_other_requesters_count(self):
        oid = self.new_opp()
        first = self.file(oid, requested_value="900,000")   # rep1: 10 %, the manager's
        self.assertEqual(req_row(first)["levels"], 1)
        second = self.file(oid, client=self.mgr1, requested_value="960,000")   # mgr1: 4 % more, 14 % in all
        row = req_row(second)
        self.assertEqual((row["state"], row["cumulative_bp"], row["cumulative_amount"], row["levels"]),
                         ("pending", 1400, 14000000, 2))

    # ------------------------------------------------------------------ F7: the list price is frozen

    def test_f7_filing_sized_with_first_request_list_price(self):
        oid = self.new_opp("100,000")
        first = self.file(oid, current_value="100000", requested_value="97000")   # 3 %: nobody
        self.assertEqual(req_row(first)["state"], "not_required")
        self.set_list_price(oid, "1,000,000")
        # ¥4,000 more is 7 % of the list price the first request was filed with: the manager's.
        rid = self.file(oid, term="service", current_value="无", requested_value="免费培训", amount="4000")
        row = req_row(rid)
        self.assertEqual((row["list_price"], row["cumulative_bp"], row["state"], row["levels"]),
                         (10000000, 700, "pending", 1))

    # ------------------------------------------------------------------ F8: the plan without naming it

    def test_f8_filing_checks_the_opportunitys_latest_plan(self):
        oid = self.new_opp()
        pid = self.make_plan(oid, min_price="990,000")
        rid = self.file(oid, requested_value="970,000")   # 3 %, but below the plan's floor; no plan named
        row = req_row(rid)
        self.assertEqual((row["plan_breach"], row["levels"], row["state"]), (1, 3, "pending"))
        self.assertEqual(db_int("SELECT IFNULL(plan_id, 0) FROM concession_requests WHERE id=%d" % rid), pid)
        ok = self.file(oid, requested_value="995,000")
        self.assertEqual(req_row(ok)["plan_breach"], 0)

    # ------------------------------------------------------------------ I1, I2: absurd amounts

    def test_i1_amount_above_list_price_refused(self):
        oid = self.new_opp()
        r = self.file(oid, expect=422, term="service", current_value="无", requested_value="全包",
                      amount="9,000,000,000,000")
        self.assertIn('id="err-amount"', r.body)
        self.assertIn(lang_html("conc.err.amount_over_list"), r.body)
        self.assertEqual(input_value(r.body, "amount"), "9,000,000,000,000")
        self.assertEqual(db_int("SELECT COUNT(*) FROM concession_requests WHERE opportunity_id=%d" % oid), 0)

    def test_i2_margin_of_a_huge_price(self):
        oid = self.new_opp("900,000,000,000,000")
        self.assertStatus(self.dir1.get("/opportunities/%d/edit" % oid), 200)
        f = dict(self.opp_fields(self.titles[oid], "900,000,000,000,000"), cost="0", margin="")
        r = self.dir1.post("/opportunities/%d" % oid, f)
        self.assertEqual(r.status, 303, r.describe())
        rid = self.file(oid, term="service", current_value="无", requested_value="培训", amount="1000")
        r = self.dir1.get("/concessions/%d" % rid)
        self.assertStatus(r, 200)
        self.assertRegex(r.body, r'id="margin-after">100%<')

    # ------------------------------------------------------------------ V1: reassigned out of the line

    def test_v1_reassigned_customer_leaves_the_old_approvers_inbox(self):
        tok = self.rep1.fetch_csrf("/customers/new")
        name = "Guard moved " + unique_name("c")
        r = self.rep1.post("/customers", {
            "name": name, "industry": "制造", "currency": "CNY", "source": "website", "segment": "new",
            "intent": "high", "stage": "3", "need_summary": "", "suppliers": "", "decision_process": "",
            "notes": "", "next_follow_up": ""}, csrf=tok)
        self.assertEqual(r.status, 303, r.describe())
        cid = int(r.location.rsplit("/", 1)[1])
        self.rep1.fetch_csrf("/opportunities/new?customer_id=%d" % cid)
        f = dict(self.opp_fields("Moved deal", "1,000,000"), customer_id=str(cid))
        r = self.rep1.post("/opportunities", f)
        self.assertEqual(r.status, 303, r.describe())
        oid = int(r.location.rsplit("/", 1)[1])
        rid = self.file(oid, requested_value="900,000")   # 10 %: mgr1
        step = db_int("SELECT id FROM approval_steps WHERE request_id=%d AND state='pending'" % rid)
        r = self.mgr1.get("/approvals")
        self.assertIn(name, r.body)
        # The customer goes to another team (rep3's): mgr1 is no longer above it.
        db_query("UPDATE customers SET owner_id=%d, team_id=2 WHERE id=%d" % (user_id("rep3"), cid))
        self.assertStatus(self.mgr1.get("/customers/%d" % cid), 404)
        r = self.mgr1.get("/approvals")
        self.assertStatus(r, 200)
        self.assertNotIn(name, r.body)
        self.assertIn('data-step-id="%d" data-request-id="%d" data-hidden="1"' % (step, rid), r.body)
        self.assertStatus(self.mgr1.get("/concessions/%d" % rid), 404)
        r = self.mgr1.post("/approvals/%d" % step, {"decision": "approve", "comment": "ok", "version": "1",
                                                     "on_behalf_of": ""})
        self.assertStatus(r, 404)
        self.assertEqual(db_value("SELECT state FROM approval_steps WHERE id=%d" % step), "pending")
        self.assertEqual(req_row(rid)["state"], "pending")

    # ------------------------------------------------------------------ decided on an older version

    def test_decision_on_an_older_version_shows_as_superseded(self):
        oid = self.new_opp()
        rid = self.file(oid)   # 12 %: mgr1, dir1
        self.decide(self.mgr1, rid)
        old_step = db_int("SELECT id FROM approval_steps WHERE request_id=%d AND version=1 AND level=1" % rid)
        r = self.mgr1.get("/approvals")
        self.assertIn('data-step-id="%d"' % old_step, r.body)
        self.assertNotIn('data-step-id="%d" data-request-id="%d" data-superseded="1"' % (old_step, rid), r.body)
        self.rep1.get("/concessions/%d/edit" % rid)
        r = self.rep1.post("/concessions/%d" % rid, request_fields(requested_value="890000"))
        self.assertEqual(r.status, 303, r.describe())
        self.assertEqual(db_value("SELECT state FROM approval_steps WHERE id=%d" % old_step), "approved")
        r = self.mgr1.get("/approvals")
        self.assertIn('data-step-id="%d" data-request-id="%d" data-superseded="1"' % (old_step, rid), r.body)
        self.assertIn(lang_html("appr.sstate.superseded"), r.body)


if __name__ == "__main__":
    main()
