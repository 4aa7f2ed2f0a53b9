#!/usr/bin/env python3
"""Win/loss reviews (docs/reviews.md) over HTTP, on an opportunity with a known answer: a plan with a
floor, a largest discount of 10 %, payment terms of 60 (walk-away 90) days and a 3 % ladder; records with
two concession steps (5 % and 2 %), a payment term agreed at 75 days, a key person whose stance changed and
three promises (kept, late, overdue); closed won at 880,000 of 1,000,000. The owner and the manager see
the bottom lines planned against agreed; rep2 sees the review without any of them (no value, no verdict,
no label); rep3 and mgr2 get 404s. Bad input is a 422 with the message and everything typed kept;
the sign-off is a manager's, with comments, and a changed review asks for it again."""
import os
import re
import secrets
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from parleytest import ParleyTestCase, audit_count, db_int, db_query, main, sql_str, user_id  # noqa: E402
from custtest import client, create_customer, has_id, token  # noqa: E402

GOALS = "- 价格不低于85万\n2. 三年服务合同\n"


def insert_record(cid, oid, pid, owner, held_on, concessions=(), terms=(), attitudes=(), actions=(), objections=()):
    sql = ("INSERT INTO negotiations (customer_id, opportunity_id, plan_id, held_on, start_time, end_time, ended_at, "
           "place, our_participants, their_participants, type, phase, status, review_strengths, review_improve, "
           "review_relationship, review_strategy, review_moments, completed_at, owner_id, created_by, created_at, "
           "updated_at) VALUES (%d, %d, %d, '%s', '10:00:00', '11:00:00', '%s 03:00:00', '', '', '', 'price', "
           "'middle', 'follow_up', 'Prepared the TCO sheet', 'Asked for budget too late', '', '', '', "
           "'%s 05:00:00', %d, %d, NOW(), NOW()); SELECT LAST_INSERT_ID();"
           % (cid, oid, pid, held_on, held_on, held_on, owner, owner))
    nid = int(db_query(sql)[0][0])
    stmts = []
    for i, bp in enumerate(concessions):
        stmts.append("INSERT INTO negotiation_concessions (negotiation_id, position, term, from_value, to_value, "
                     "value, discount_bp, payment_days, counter) VALUES (%d, %d, 'price', 'list', 'less', NULL, %d, "
                     "NULL, 'longer contract')" % (nid, i, bp))
    for i, days in enumerate(terms):
        stmts.append("INSERT INTO negotiation_terms (negotiation_id, position, term, ours, theirs, agreed, price, "
                     "discount_bp, payment_days) VALUES (%d, %d, 'payment', '60', '90', 1, NULL, NULL, %d)"
                     % (nid, i, days))
    for i, (person, obs) in enumerate(attitudes):
        stmts.append("INSERT INTO negotiation_attitudes (negotiation_id, position, person, observation) "
                     "VALUES (%d, %d, %s, %s)" % (nid, i, sql_str(person), sql_str(obs)))
    for i, (what, due, done) in enumerate(actions):
        stmts.append("INSERT INTO negotiation_actions (negotiation_id, position, what, owner_id, due_on, deliverable, "
                     "done_at) VALUES (%d, %d, %s, %d, '%s', 'a document', %s)"
                     % (nid, i, sql_str(what), owner, due, "'%s'" % done if done else "NULL"))
    for i, (otype, result) in enumerate(objections):
        stmts.append("INSERT INTO objections (negotiation_id, customer_id, position, quote, type, response, result, "
                     "owner_id, follow_up, updated_at) VALUES (%d, %d, %d, 'Your price is too high', '%s', '', '%s', "
                     "%d, '', '%s 08:00:00')" % (nid, cid, i, otype, result, owner, held_on))
    if stmts:
        db_query("; ".join(stmts))
    return nid


class ReviewTest(ParleyTestCase):
    @classmethod
    def setUpClass(cls):
        cls.rep1 = client("rep1")
        owner = user_id("rep1")
        cls.cid = create_customer(cls.rep1, "%s 复盘客户" % token("rev"), shared_with_team="1")
        cls.rep1.get("/opportunities/new?customer_id=%d" % cls.cid)
        r = cls.rep1.post("/opportunities", {
            "customer_id": str(cls.cid), "title": "Review deal", "stage": "5", "currency": "CNY",
            "list_price": "1,000,000", "initial_quote": "", "current_offer": "", "final_price": "",
            "expected_close": "", "status": "open"})
        assert r.status == 303, r.describe()
        cls.oid = int(r.location.rsplit("/", 1)[1])
        # A floor no other test uses: 85x,xxx.37.
        cls.floor_w = 850000 + secrets.randbelow(9999)
        cls.rep1.get("/plans/new?opportunity_id=%d" % cls.oid)
        r = cls.rep1.post("/plans", {
            "opportunity_id": str(cls.oid), "topic": "Review plan", "strategy": "concession", "meeting_on": "",
            "start_time": "", "place": "", "must_goals": GOALS, "concedable_goals": "", "agenda": "",
            "counter_proposals": "", "ladder_step": "3", "ladder_asks": "", "batna": "",
            "min_price": "%d.37" % cls.floor_w, "max_discount": "10", "max_payment_days": "60",
            "walkaway_payment_days": "90", "min_margin": "", "walkaway_margin": ""})
        assert r.status == 303, r.describe()
        cls.pid = int(r.location.rsplit("/", 1)[1])
        insert_record(cls.cid, cls.oid, cls.pid, owner, "2026-01-05", concessions=(500,),
                      attitudes=(("王总 CFO", "Doubts the ROI"),), objections=(("price", "resolved"),),
                      actions=(("Send the TCO sheet", "2026-01-10", "2026-01-09 02:00:00"),
                               ("Arrange a reference call", "2026-01-10", "2026-01-12 02:00:00")))
        insert_record(cls.cid, cls.oid, cls.pid, owner, "2026-01-20", concessions=(200,), terms=(75,),
                      attitudes=(("王总 CFO", "Backs the three-year deal"),),
                      actions=(("Deliver the pilot report", "2020-01-01", None),))
        price = db_int("SELECT id FROM closing_choices WHERE list='reason' AND code='price'")
        cls.rep1.get("/opportunities/%d/close" % cls.oid)
        r = cls.rep1.post("/opportunities/%d/close" % cls.oid, {
            "outcome": "won", "primary_reason": str(price), "final_price": "880,000", "tactic": "TCO anchoring"})
        assert r.status == 303, r.describe()

    def test_known_answer_for_the_owner(self):
        r = self.rep1.get("/reviews/%d" % self.oid)
        self.assertStatus(r, 200)
        b = r.body
        kinds = re.findall(r'<li data-kind="(\w+)"', b)
        for k in ("record", "stage", "conc_given", "objection", "objection_resolved", "closed"):
            self.assertIn(k, kinds, "timeline has %s" % k)
        self.assertEqual(kinds.count("record"), 2)
        self.assertIn("stance-changed", b, "the CFO's stance changed")
        verdicts = dict(re.findall(r'<tr id="pva-(\w+)" data-verdict="(\w*)"', b))
        self.assertEqual(verdicts, {"floor": "within", "discount": "beyond", "payment": "beyond",
                                    "walkaway": "within"})
        self.assertIn("{:,}".format(self.floor_w), b)
        self.assertIn("12%", b, "1,000,000 → 880,000 is a 12 % discount")
        self.assertIn("75", re.search(r'<tr id="pva-payment".*?</tr>', b, re.S).group(0))
        ladder = re.search(r'<p id="ladder-summary">(.*?)</p>', b, re.S).group(1)
        self.assertIn("3%", ladder)
        self.assertEqual(re.findall(r"\d+", ladder)[-2:], ["2", "1"], "two steps, one larger than planned")
        states = re.findall(r'<tr data-state="(\w+)">', b)
        self.assertEqual(sorted(states), ["late", "on_time", "overdue"])
        self.assertIn("1 / 3", re.search(r'<p id="promises-summary">(.*?)</p>', b).group(1))
        self.assertIn("Asked for budget too late", b, "lessons of the records")
        # The goals of the plan are offered for judging.
        self.assertIn('value="价格不低于85万"', b)
        self.assertIn('value="三年服务合同"', b)

    def test_rep2_sees_no_bottom_line(self):
        rep2 = client("rep2")
        r = rep2.get("/reviews/%d" % self.oid)
        self.assertStatus(r, 200, "rep2 sees the shared opportunity's review")
        b = r.body
        self.assertNotIn("pva-", b)
        self.assertNotIn('id="trigger-flags"', b)
        self.assertNotIn("closing-vs-floor", b)
        self.assertNotIn(str(self.floor_w), re.sub(r"[^0-9]", "", b))
        for s in ("底线", "最大折扣", "最长付款期", "放弃谈判"):
            self.assertNotIn(s, b, "no label of a bottom line")
        self.assertIn('id="ladder-summary"', b, "the ladder is internal")
        self.assertFalse(has_id(b, "review-form"), "rep2 may not write it")
        self.assertStatus(rep2.post("/reviews/%d" % self.oid, {"lessons": "x"}), 404)
        self.assertIn("/reviews/%d" % self.oid, rep2.get("/reviews").body)

    def test_other_team_404(self):
        for u in ("rep3", "mgr2"):
            c = client(u)
            self.assertStatus(c.get("/reviews/%d" % self.oid), 404, u)
            self.assertStatus(c.post("/reviews/%d" % self.oid, {"lessons": "x"}), 404, u)
            self.assertStatus(c.post("/reviews/%d/sign" % self.oid, {"comment": "x"}), 404, u)
            self.assertNotIn("/reviews/%d\"" % self.oid, c.get("/reviews").body)
        self.assertStatus(self.rep1.get("/reviews/999999999"), 404)

    def test_write_and_sign(self):
        self.rep1.get("/reviews/%d" % self.oid)
        # Bad input: no lessons, a verdict that is not one.
        r = self.rep1.post("/reviews/%d" % self.oid, [
            ("lessons", ""), ("goals.0.goal", "价格不低于85万"), ("goals.0.verdict", "maybe"),
            ("goals.1.goal", "三年服务合同"), ("goals.1.verdict", "met")])
        self.assertStatus(r, 422)
        self.assertIn('id="err-lessons"', r.body)
        self.assertIn('aria-invalid="true"', r.body)
        self.assertIn('value="三年服务合同"', r.body)
        self.assertRegex(r.body, r'<option value="met" selected>')
        self.assertEqual(db_int("SELECT COUNT(*) FROM opportunity_reviews WHERE opportunity_id=%d" % self.oid), 0)
        # The owner writes it.
        before = audit_count("action='review.write' AND entity_id=%d" % self.oid)
        r = self.rep1.post("/reviews/%d" % self.oid, [
            ("lessons", "Anchor on TCO early; get the CFO in the first meeting."),
            ("goals.0.goal", "价格不低于85万"), ("goals.0.verdict", "met"),
            ("goals.1.goal", "三年服务合同"), ("goals.1.verdict", "partly")])
        self.assertRedirect(r, "/reviews/%d" % self.oid)
        self.assertEqual(audit_count("action='review.write' AND entity_id=%d" % self.oid), before + 1)
        self.assertEqual(db_query("SELECT g.goal, g.verdict FROM review_goals g JOIN opportunity_reviews r "
                                  "ON r.id = g.review_id WHERE r.opportunity_id=%d ORDER BY g.position" % self.oid),
                         [["价格不低于85万", "met"], ["三年服务合同", "partly"]])
        # Only a manager above the owner signs it off, with comments.
        self.assertStatus(self.rep1.post("/reviews/%d/sign" % self.oid, {"comment": "self"}), 404)
        mgr1 = client("mgr1")
        b = mgr1.get("/reviews/%d" % self.oid).body
        self.assertTrue(has_id(b, "sign-form"))
        self.assertIn("pva-floor", b, "the manager reads the bottom lines")
        r = mgr1.post("/reviews/%d/sign" % self.oid, {"comment": "   "})
        self.assertStatus(r, 422)
        self.assertIn('id="err-comment"', r.body)
        r = mgr1.post("/reviews/%d/sign" % self.oid, {"comment": "Good debrief; share the TCO sheet."})
        self.assertRedirect(r, "/reviews/%d" % self.oid)
        self.assertEqual(db_query("SELECT reviewed_by, review_comment FROM opportunity_reviews WHERE opportunity_id=%d"
                                  % self.oid), [[str(user_id("mgr1")), "Good debrief; share the TCO sheet."]])
        page = self.rep1.get("/reviews/%d" % self.oid).body
        self.assertIn("Good debrief", page)
        self.assertIn('data-verdict="partly"', page)
        # A change asks for the sign-off again.
        r = self.rep1.post("/reviews/%d" % self.oid, [("lessons", "Anchor on TCO early.")])
        self.assertRedirect(r, "/reviews/%d" % self.oid)
        self.assertEqual(db_int("SELECT COUNT(*) FROM opportunity_reviews WHERE opportunity_id=%d "
                                "AND reviewed_by IS NULL" % self.oid), 1)


if __name__ == "__main__":
    main()
