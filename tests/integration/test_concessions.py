#!/usr/bin/env python3
"""Concession requests (docs/approvals.md): filing (the policy sizes the chain from the cumulative
discount on the opportunity, the payment term and the plan), the request page, validation (422, input
kept, nothing written), changes by the requester (version + 1, old chain void, fresh chain), withdrawal,
refusals (403/409, audited), visibility (through the customer; a delegate of a pending approver) and the
audit trail."""
import html
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from parleytest import (Client, ParleyTestCase, audit_count, db_int, db_query, db_value,  # noqa: E402
                        input_value, main, reset_clock, unique_name, user_id)


def html_text(key, lang="zh-CN"):
    """A language string as it appears in a page (HTML-escaped)."""
    from custtest import lang_value
    return html.escape(lang_value(key, lang), quote=False)


def login(username):
    c = Client()
    c.login(username)
    return c


def fields(**kw):
    f = {"term": "price", "current_value": "1000000", "requested_value": "880000", "amount": "",
         "payment_days": "", "justification": "竞争对手报价更低", "counter_concession": "签三年合同",
         "urgency": "normal", "plan_id": ""}
    f.update(kw)
    return f


def req_row(rid):
    r = db_query("SELECT state, levels, version, amount, discount_bp, cumulative_bp, cumulative_amount, "
                 "IFNULL(payment_days,-1), plan_breach, review_after, requester_id, IFNULL(list_price,-1) "
                 "FROM concession_requests WHERE id=%d" % rid)[0]
    keys = ("state", "levels", "version", "amount", "discount_bp", "cumulative_bp", "cumulative_amount",
            "payment_days", "plan_breach", "review_after", "requester_id", "list_price")
    return {k: (v if k == "state" else int(v)) for k, v in zip(keys, r)}


def steps(rid, version=None):
    """[(version, level, approver username, state)] in order."""
    where = "s.request_id=%d" % rid + ("" if version is None else " AND s.version=%d" % version)
    return [(int(r[0]), int(r[1]), r[2], r[3]) for r in db_query(
        "SELECT s.version, s.level, u.username, s.state FROM approval_steps s JOIN users u ON u.id=s.approver_id "
        "WHERE %s ORDER BY s.version, s.level" % where)]


class ConcessionTest(ParleyTestCase):
    @classmethod
    def setUpClass(cls):
        reset_clock()
        cls.rep1 = login("rep1")
        cls.rep3 = login("rep3")
        cls.mgr1 = login("mgr1")
        cls.mgr2 = login("mgr2")
        cls.dir1 = login("dir1")
        tok = cls.rep1.fetch_csrf("/customers/new")
        r = cls.rep1.post("/customers", {
            "name": "Conc customer " + unique_name("c"), "industry": "制造", "currency": "CNY",
            "source": "website", "segment": "new", "intent": "high", "stage": "3", "need_summary": "",
            "suppliers": "", "decision_process": "", "notes": "", "next_follow_up": ""}, csrf=tok)
        if r.status != 303:
            raise AssertionError("creating the customer failed:\n" + r.describe())
        cls.cid = int(r.location.rsplit("/", 1)[1])

    @classmethod
    def tearDownClass(cls):
        reset_clock()

    def new_opp(self, list_price="1,000,000"):
        tok = self.rep1.fetch_csrf("/opportunities/new?customer_id=%d" % self.cid)
        r = self.rep1.post("/opportunities", {
            "customer_id": str(self.cid), "title": "Deal " + unique_name("o"), "stage": "3", "currency": "CNY",
            "list_price": list_price, "initial_quote": "", "current_offer": "", "final_price": "",
            "expected_close": "", "status": "open", "lost_reason": ""}, csrf=tok)
        self.assertEqual(r.status, 303, r.describe())
        return int(r.location.rsplit("/", 1)[1])

    def file(self, oid, client=None, expect=303, extra=None, **kw):
        c = client or self.rep1
        r = c.get("/concessions/new?opportunity_id=%d" % oid)
        self.assertStatus(r, 200, "new concession form")
        pairs = [("opportunity_id", str(oid))] + list(fields(**kw).items()) + list((extra or {}).items())
        r = c.post("/concessions", pairs)
        self.assertEqual(r.status, expect, r.describe())
        if expect != 303:
            return r
        m = re.match(r"^/concessions/(\d+)$", r.location or "")
        self.assertTrue(m, r.describe())
        return int(m.group(1))

    # ------------------------------------------------------------------ filing

    def test_small_concession_needs_no_approval(self):
        oid = self.new_opp()
        before = audit_count("action='concession.file'")
        rid = self.file(oid, requested_value="970000")
        row = req_row(rid)
        self.assertEqual(row["state"], "not_required")
        self.assertEqual((row["levels"], row["amount"], row["discount_bp"], row["list_price"]),
                         (0, 3000000, 300, 100000000))
        self.assertEqual(steps(rid), [])
        self.assertEqual(audit_count("action='concession.file'"), before + 1)
        r = self.rep1.get("/concessions/%d" % rid)
        self.assertStatus(r, 200)
        self.assertIn('data-state="not_required"', r.body)
        self.assertIn('id="conc-no-chain"', r.body)

    def test_twelve_percent_goes_to_manager_then_director(self):
        oid = self.new_opp()
        rid = self.file(oid)   # 1,000,000 → 880,000: 12 %
        row = req_row(rid)
        self.assertEqual((row["state"], row["levels"], row["discount_bp"], row["cumulative_bp"]),
                         ("pending", 2, 1200, 1200))
        self.assertEqual(steps(rid), [(1, 1, "mgr1", "pending"), (1, 2, "dir1", "waiting")])
        r = self.rep1.get("/concessions/%d" % rid)
        self.assertStatus(r, 200)
        self.assertIn('id="conc-chain"', r.body)
        self.assertIn('data-level="2" data-state="waiting"', r.body)
        self.assertIn('id="change-request"', r.body)
        self.assertNotIn('id="decide-form"', r.body)
        self.assertIn('id="decide-form"', self.mgr1.get("/concessions/%d" % rid).body)
        self.assertNotIn('id="decide-form"', self.dir1.get("/concessions/%d" % rid).body)
        # The approvers above the requester see it; another team's rep does not.
        self.assertStatus(self.mgr1.get("/concessions/%d" % rid), 200)
        self.assertStatus(self.dir1.get("/concessions/%d" % rid), 200)
        self.assertStatus(self.rep3.get("/concessions/%d" % rid), 404)
        r = self.rep3.get("/concessions")
        self.assertNotIn('data-concession-id="%d"' % rid, r.body)
        r = self.rep1.get("/concessions?mine=1&state=pending")
        self.assertIn('data-concession-id="%d"' % rid, r.body)
        r = self.rep1.get("/concessions?state=approved")
        self.assertNotIn('data-concession-id="%d"' % rid, r.body)

    def test_cumulative_discount_counts_earlier_concessions(self):
        oid = self.new_opp()
        first = self.file(oid, requested_value="960000")    # 4 %: none
        self.assertEqual(req_row(first)["state"], "not_required")
        second = self.file(oid, current_value="960000", requested_value="920000")   # 4 % more: 8 % in all
        row = req_row(second)
        self.assertEqual((row["discount_bp"], row["cumulative_bp"], row["cumulative_amount"], row["levels"]),
                         (400, 800, 8000000, 1))
        self.assertEqual(steps(second), [(1, 1, "mgr1", "pending")])

    def test_payment_term_over_limit_needs_three_levels(self):
        oid = self.new_opp()
        rid = self.file(oid, term="payment", current_value="30 天", requested_value="120 天", payment_days="120")
        row = req_row(rid)
        self.assertEqual((row["levels"], row["payment_days"], row["amount"]), (3, 120, 0))
        self.assertEqual([s[2] for s in steps(rid)], ["mgr1", "dir1", "vp1"])

    def test_green_channel_opens_every_step(self):
        oid = self.new_opp()
        rid = self.file(oid, urgency="green")
        self.assertEqual(req_row(rid)["review_after"], 1)
        self.assertEqual([s[3] for s in steps(rid)], ["pending", "pending"])
        r = self.rep1.get("/concessions/%d" % rid)
        self.assertIn('id="conc-review-after"', r.body)

    def test_validation_keeps_input_and_writes_nothing(self):
        oid = self.new_opp()
        n = db_int("SELECT COUNT(*) FROM concession_requests WHERE opportunity_id=%d" % oid)
        r = self.file(oid, expect=422, justification="", counter_concession="三年合同 <b>")
        self.assertIn('id="err-justification"', r.body)
        self.assertIn("三年合同 &lt;b&gt;", r.body)
        r = self.file(oid, expect=422, requested_value="1200000")
        self.assertIn('id="err-requested_value"', r.body)
        r = self.file(oid, expect=422, term="payment", current_value="30", requested_value="60")
        self.assertIn('id="err-payment_days"', r.body)
        self.assertIn(html_text("form.required"), r.body)
        r = self.file(oid, expect=422, term="service", current_value="a", requested_value="b", amount="12.345")
        self.assertIn('id="err-amount"', r.body)
        self.assertEqual(input_value(r.body, "amount"), "12.345")
        self.assertIn(html_text("form.bad_money"), r.body)
        self.assertEqual(input_value(r.body, "current_value"), "a", "typed value not kept")
        self.assertEqual(db_int("SELECT COUNT(*) FROM concession_requests WHERE opportunity_id=%d" % oid), n)

    def test_filing_needs_the_right_to_edit(self):
        oid = self.new_opp()
        self.assertStatus(self.rep3.get("/concessions/new?opportunity_id=%d" % oid), 404)
        self.rep3.get("/concessions")
        r = self.rep3.post("/concessions", [("opportunity_id", str(oid))] + list(fields().items()))
        self.assertStatus(r, 404)
        # without an opportunity: a picker of the opportunities rep1 may file on, never a 404
        r = self.rep1.get("/concessions/new")
        self.assertStatus(r, 200)
        self.assertIn('id="pick-form"', r.body)

    def make_plan(self, oid):
        self.assertStatus(self.rep1.get("/plans/new?opportunity_id=%d" % oid), 200)
        r = self.rep1.post("/plans", {
            "opportunity_id": str(oid), "topic": "Price round " + unique_name("p"),
            "strategy": "concession", "meeting_on": "", "start_time": "", "place": "", "must_goals": "x",
            "concedable_goals": "", "agenda": "", "counter_proposals": "", "ladder_step": "3",
            "ladder_asks": "三年合同", "batna": "other supplier", "min_price": "950,000", "max_discount": "5",
            "max_payment_days": "60", "walkaway_payment_days": "90", "min_margin": "", "walkaway_margin": ""})
        self.assertEqual(r.status, 303, r.describe())
        return int(r.location.rsplit("/", 1)[1])

    def test_plan_breach_and_confidential_sections(self):
        oid = self.new_opp()
        pid = self.make_plan(oid)
        rid = self.file(oid, plan_id=str(pid))   # 880,000 < the plan's floor of 950,000
        row = req_row(rid)
        self.assertEqual((row["plan_breach"], row["levels"]), (1, 3))
        self.assertEqual([s[2] for s in steps(rid)], ["mgr1", "dir1", "vp1"])
        ok = self.file(oid, plan_id=str(pid), requested_value="990000", current_value="1000000")
        self.assertEqual(req_row(ok)["plan_breach"], 0)
        # The requester reads the plan's bottom lines (confidential), not the margin (restricted).
        r = self.rep1.get("/concessions/%d" % rid)
        self.assertIn('id="conc-plan-breach"', r.body)
        self.assertIn('id="plan-min-price"', r.body)
        self.assertIn("950,000", r.body)
        self.assertNotIn('id="conc-margin"', r.body)
        # The region's director reads both.
        r = self.dir1.get("/concessions/%d" % rid)
        self.assertIn('id="plan-min-price"', r.body)
        self.assertIn('id="conc-margin"', r.body)
        # A plan of another opportunity is refused.
        other = self.new_opp()
        r = self.file(other, expect=422, plan_id=str(pid))
        self.assertIn('id="err-plan_id"', r.body)

    def test_customer_history_lists_given_concessions(self):
        oid = self.new_opp()
        rid = self.file(oid, requested_value="990000")
        pending = self.file(oid)
        r = self.rep1.get("/customers/%d" % self.cid)
        self.assertStatus(r, 200)
        self.assertIn('id="history-approved-concessions"', r.body)
        self.assertIn('data-concession-id="%d"' % rid, r.body)
        self.assertNotIn('data-concession-id="%d"' % pending, r.body)

    def test_no_approver_in_line(self):
        oid = self.new_opp()
        vp1 = login("vp1")   # nobody above the VP: a request needing approval cannot be filed
        n = db_int("SELECT COUNT(*) FROM concession_requests WHERE opportunity_id=%d" % oid)
        r = self.file(oid, client=vp1, expect=422)
        self.assertIn(html_text("conc.err.no_approver"), r.body)
        self.assertEqual(db_int("SELECT COUNT(*) FROM concession_requests WHERE opportunity_id=%d" % oid), n)
        rid = self.file(oid, client=vp1, requested_value="990000")   # 1 %: no approval needed
        self.assertEqual(req_row(rid)["state"], "not_required")

    # ------------------------------------------------------------------ change and withdraw

    def test_change_voids_the_chain(self):
        oid = self.new_opp()
        rid = self.file(oid)
        r = self.rep1.get("/concessions/%d/edit" % rid)
        self.assertStatus(r, 200)
        self.assertEqual(input_value(r.body, "requested_value"), "880000")
        voids = audit_count("action='concession.void' AND entity_id=%d" % rid)
        r = self.rep1.post("/concessions/%d" % rid, fields(requested_value="900000"))   # 10 %: one level
        self.assertEqual(r.status, 303, r.describe())
        row = req_row(rid)
        self.assertEqual((row["version"], row["levels"], row["state"], row["discount_bp"]), (2, 1, "pending", 1000))
        self.assertEqual(steps(rid), [(1, 1, "mgr1", "void"), (1, 2, "dir1", "void"), (2, 1, "mgr1", "pending")])
        self.assertEqual(audit_count("action='concession.void' AND entity_id=%d" % rid), voids + 1)
        self.assertEqual(audit_count("action='concession.change' AND entity_id=%d" % rid), 1)
        # Down to 3 %: no approval needed any more.
        self.rep1.get("/concessions/%d/edit" % rid)
        r = self.rep1.post("/concessions/%d" % rid, fields(requested_value="970000"))
        self.assertEqual(r.status, 303, r.describe())
        row = req_row(rid)
        self.assertEqual((row["version"], row["state"]), (3, "not_required"))
        self.assertEqual(steps(rid, 3), [])
        # Settled: no more changes (409, audited).
        refused = audit_count("action='approval.refused' AND entity_id=%d" % rid)
        r = self.rep1.post("/concessions/%d" % rid, fields(requested_value="960000"))
        self.assertStatus(r, 409)
        self.assertEqual(req_row(rid)["version"], 3)
        self.assertEqual(audit_count("action='approval.refused' AND entity_id=%d" % rid), refused + 1)

    def test_returned_request_is_resubmitted(self):
        oid = self.new_opp()
        rid = self.file(oid)
        db_query("UPDATE concession_requests SET state='returned' WHERE id=%d" % rid)
        self.assertStatus(self.rep1.get("/concessions/%d/edit" % rid), 200)
        r = self.rep1.post("/concessions/%d" % rid, fields(justification="补充了竞争对手报价单"))
        self.assertEqual(r.status, 303, r.describe())
        row = req_row(rid)
        self.assertEqual((row["state"], row["version"]), ("pending", 2))
        self.assertEqual(steps(rid, 2), [(2, 1, "mgr1", "pending"), (2, 2, "dir1", "waiting")])

    def test_change_needs_the_requester(self):
        oid = self.new_opp()
        rid = self.file(oid)
        refused = audit_count("action='approval.refused' AND entity_id=%d" % rid)
        self.mgr1.get("/concessions/%d" % rid)
        r = self.mgr1.post("/concessions/%d" % rid, fields(requested_value="990000"))
        self.assertStatus(r, 403)
        self.assertEqual(req_row(rid)["version"], 1)
        self.assertEqual(audit_count("action='approval.refused' AND entity_id=%d" % rid), refused + 1)
        r = self.mgr1.post("/concessions/%d/withdraw" % rid, {})
        self.assertStatus(r, 403)
        self.assertEqual(req_row(rid)["state"], "pending")
        # rep3 cannot see it at all.
        self.rep3.get("/concessions")
        self.assertStatus(self.rep3.post("/concessions/%d/withdraw" % rid, {}), 404)

    def test_withdraw(self):
        oid = self.new_opp()
        rid = self.file(oid)
        self.rep1.get("/concessions/%d" % rid)
        r = self.rep1.post("/concessions/%d/withdraw" % rid, {})
        self.assertEqual(r.status, 303, r.describe())
        self.assertEqual(req_row(rid)["state"], "withdrawn")
        self.assertEqual([s[3] for s in steps(rid)], ["withdrawn", "withdrawn"])
        self.assertEqual(audit_count("action='concession.withdraw' AND entity_id=%d" % rid), 1)
        r = self.rep1.post("/concessions/%d/withdraw" % rid, {})
        self.assertStatus(r, 409)
        # A withdrawn request no longer counts towards the cumulative discount.
        rid2 = self.file(oid, requested_value="970000")
        self.assertEqual(req_row(rid2)["cumulative_bp"], 300)

    # ------------------------------------------------------------------ delegates and the record

    def test_delegate_of_pending_approver_sees_request(self):
        oid = self.new_opp()
        rid = self.file(oid)
        self.assertStatus(self.mgr2.get("/concessions/%d" % rid), 404)
        db_query("INSERT INTO approval_delegations (delegator_id, delegate_id, starts_on, ends_on, created_at) "
                 "VALUES (%d, %d, UTC_DATE() - INTERVAL 1 DAY, UTC_DATE() + INTERVAL 1 DAY, UTC_TIMESTAMP())"
                 % (user_id("mgr1"), user_id("mgr2")))
        try:
            r = self.mgr2.get("/concessions/%d" % rid)
            self.assertStatus(r, 200)
            self.assertNotIn('id="change-request"', r.body)
            self.assertNotIn('id="conc-margin"', r.body)
        finally:
            db_query("DELETE FROM approval_delegations WHERE delegator_id=%d AND delegate_id=%d"
                     % (user_id("mgr1"), user_id("mgr2")))
        self.assertStatus(self.mgr2.get("/concessions/%d" % rid), 404)

    def test_filed_from_record_shows_objections(self):
        oid = self.new_opp()
        tok = self.rep1.fetch_csrf("/negotiations/new?customer_id=%d&opportunity_id=%d" % (self.cid, oid))
        r = self.rep1.post("/negotiations", [
            ("customer_id", str(self.cid)), ("opportunity_id", str(oid)), ("plan_id", ""),
            ("held_on", "2026-11-20"), ("start_time", "09:30"), ("end_time", "11:00"), ("place", "x"),
            ("our_participants", "rep1"), ("their_participants", "王总"), ("type", "price"),
            ("phase", "middle"), ("status", "follow_up"), ("review_strengths", ""), ("review_improve", ""),
            ("review_relationship", ""), ("review_strategy", ""), ("review_moments", ""),
            ("objections.0.quote", "价格太高了"), ("objections.0.type", "price")], csrf=tok)
        self.assertEqual(r.status, 303, r.describe())
        nid = int(r.location.rsplit("/", 1)[1])
        r = self.rep1.get("/concessions/new?opportunity_id=%d&negotiation_id=%d" % (oid, nid))
        self.assertStatus(r, 200)
        r = self.rep1.post("/concessions", [("opportunity_id", str(oid)), ("negotiation_id", str(nid))]
                           + list(fields().items()))
        self.assertEqual(r.status, 303, r.describe())
        rid = int(r.location.rsplit("/", 1)[1])
        self.assertEqual(db_int("SELECT negotiation_id FROM concession_requests WHERE id=%d" % rid), nid)
        r = self.rep1.get("/concessions/%d" % rid)
        self.assertIn('id="conc-record"', r.body)
        self.assertIn("价格太高了", r.body)
        # A record of another opportunity does not fit.
        other = self.new_opp()
        self.assertStatus(self.rep1.get("/concessions/new?opportunity_id=%d&negotiation_id=%d" % (other, nid)), 404)


    # ------------------------------------------------------------------ effect on negotiation records

    def post_record(self, oid, conc_row, nid=None):
        path = "/negotiations/%d/edit" % nid if nid else "/negotiations/new?customer_id=%d&opportunity_id=%d" % (
            self.cid, oid)
        self.assertStatus(self.rep1.get(path), 200)
        pairs = [("opportunity_id", str(oid)), ("plan_id", ""), ("held_on", "2026-11-20"),
                 ("start_time", "09:30"), ("end_time", "11:00"), ("place", "x"), ("our_participants", "rep1"),
                 ("their_participants", "王总"), ("type", "price"), ("phase", "middle"), ("status", "follow_up"),
                 ("review_strengths", ""), ("review_improve", ""), ("review_relationship", ""),
                 ("review_strategy", ""), ("review_moments", "")]
        if not nid:
            pairs.append(("customer_id", str(self.cid)))
        pairs += [("concessions.0.%s" % k, v) for k, v in conc_row.items()]
        return self.rep1.post("/negotiations/%d" % nid if nid else "/negotiations", pairs)

    def test_record_concession_needs_approved_request(self):
        oid = self.new_opp()
        row = {"term": "price", "from": "100 万", "to": "88 万", "value": "120000", "discount": "",
               "payment_days": "", "counter": "三年合同", "request": ""}
        before = db_int("SELECT COUNT(*) FROM negotiations WHERE opportunity_id=%d" % oid)
        r = self.post_record(oid, row)
        self.assertStatus(r, 422)
        self.assertIn('id="request-link-0"', r.body)
        self.assertIn("/concessions/new?opportunity_id=%d" % oid, r.body)
        self.assertIn('value="三年合同"', r.body)
        self.assertEqual(db_int("SELECT COUNT(*) FROM negotiations WHERE opportunity_id=%d" % oid), before)
        # A small one needs nothing.
        r = self.post_record(oid, dict(row, value="30000", to="97 万"))
        self.assertEqual(r.status, 303, r.describe())
        nid = int(r.location.rsplit("/", 1)[1])
        # A pending request does not do.
        rid = self.file(oid)   # 12 %, amount 120000.00
        r = self.post_record(oid, dict(row, request=str(rid)), nid=nid)
        self.assertStatus(r, 422)
        # Approved (set here directly: the decisions are test_approvals.py's): it does, for this amount only.
        db_query("UPDATE concession_requests SET state='approved' WHERE id=%d" % rid)
        r = self.post_record(oid, dict(row, request=str(rid), value="130000"), nid=nid)
        self.assertStatus(r, 422)
        r = self.post_record(oid, dict(row, request=str(rid)), nid=nid)
        self.assertEqual(r.status, 303, r.describe())
        self.assertEqual(db_int("SELECT request_id FROM negotiation_concessions WHERE negotiation_id=%d" % nid), rid)
        r = self.rep1.get("/negotiations/%d" % nid)
        self.assertIn('href="/concessions/%d"' % rid, r.body)
        # Another opportunity's request never fits.
        other = self.new_opp()
        r = self.post_record(other, dict(row, request=str(rid)))
        self.assertStatus(r, 422)


    def decide(self, client, rid, decision="approve", comment="同意"):
        r = client.get("/concessions/%d" % rid)
        self.assertStatus(r, 200)
        m = re.search(r'<form method="post" action="(/approvals/\d+)"', r.body)
        self.assertTrue(m, "no decision form for this viewer")
        r = client.post(m.group(1), {"decision": decision, "comment": comment,
                                     "version": input_value(r.body, "version")})
        self.assertIn(r.status, (200, 303), r.describe())

    def test_walk_through_with_decisions(self):
        oid = self.new_opp()
        rid = self.file(oid)   # 12 %: mgr1 → dir1
        self.decide(self.mgr1, rid)
        self.assertEqual(req_row(rid)["state"], "pending")
        self.assertEqual([s[3] for s in steps(rid)], ["approved", "pending"])
        self.decide(self.dir1, rid)
        self.assertEqual(req_row(rid)["state"], "approved")
        r = self.rep1.get("/concessions/%d" % rid)
        self.assertIn('data-state="approved"', r.body)
        self.assertNotIn('id="change-request"', r.body)
        # Settled: the requester can no longer change or withdraw it.
        self.assertStatus(self.rep1.post("/concessions/%d/withdraw" % rid, {}), 409)
        # The record carries it out.
        row = {"term": "price", "from": "100 万", "to": "88 万", "value": "120000", "discount": "",
               "payment_days": "", "counter": "三年合同", "request": str(rid)}
        r = self.post_record(oid, row)
        self.assertEqual(r.status, 303, r.describe())


if __name__ == "__main__":
    main()
