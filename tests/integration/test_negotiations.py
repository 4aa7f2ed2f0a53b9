#!/usr/bin/env python3
"""Negotiation records (SPEC §3.6): the seed-000 form with its repeatable lists, validation (422, input
kept, nothing written), drafts and completion, the 24-hour rule with the test clock, guardrails from the
plan (figures only for readers of the plan's tier), the objection tracker, the print view, visibility
(rep3/admin 404) and the audit trail."""
import html
import os
import re
import sys
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from parleytest import (Client, ParleyTestCase, audit_count, db_int, db_query, db_value,  # noqa: E402
                        input_value, main, reset_clock, selected_option, set_clock_offset, unique_name,
                        user_id)
from custtest import element_text, lang_value, user_lang  # noqa: E402

TZ = ZoneInfo("Asia/Shanghai")


def login(username):
    c = Client()
    c.login(username)
    return c


def basic(**extra):
    f = {"opportunity_id": "", "plan_id": "", "held_on": "2026-11-20", "start_time": "09:30", "end_time": "11:00",
         "place": "客户办公室", "our_participants": "rep1", "their_participants": "王总 (CFO)",
         "type": "price", "phase": "middle", "status": "follow_up",
         "review_strengths": "", "review_improve": "", "review_relationship": "", "review_strategy": "",
         "review_moments": ""}
    f.update(extra)
    return f


def rows(list_name, *items):
    """[(list.n.field, value)] for the given row dicts."""
    out = []
    for n, item in enumerate(items):
        for k, v in item.items():
            out.append(("%s.%d.%s" % (list_name, n, k), v))
    return out


def neg_count(customer_id):
    return db_int("SELECT COUNT(*) FROM negotiations WHERE customer_id=%d" % customer_id)


def child_count(table, nid):
    return db_int("SELECT COUNT(*) FROM %s WHERE negotiation_id=%d" % (table, nid))


def flags(nid):
    return sorted((r[0], r[1], int(r[2])) for r in db_query(
        "SELECT kind, source, source_position FROM negotiation_flags WHERE negotiation_id=%d" % nid))


def created_id(test, r):
    test.assertEqual(r.status, 303, r.describe())
    m = re.match(r"^/negotiations/(\d+)$", r.location or "")
    test.assertTrue(m, r.describe())
    return int(m.group(1))


class NegotiationTest(ParleyTestCase):
    @classmethod
    def setUpClass(cls):
        reset_clock()
        cls.rep1 = login("rep1")
        cls.rep2 = login("rep2")
        cls.rep3 = login("rep3")
        cls.mgr1 = login("mgr1")
        cls.admin = login("admin")
        cls.uid = {u: user_id(u) for u in ("rep1", "rep2", "rep3", "mgr1")}
        tok = cls.rep1.fetch_csrf("/customers/new")
        cls.cname = "Neg customer " + unique_name("c")
        r = cls.rep1.post("/customers", {
            "name": cls.cname, "industry": "制造", "currency": "CNY", "source": "website", "segment": "new",
            "intent": "high", "stage": "3", "shared_with_team": "1", "need_summary": "", "suppliers": "",
            "decision_process": "", "notes": "", "next_follow_up": ""}, csrf=tok)
        if r.status != 303:
            raise AssertionError("creating the customer failed:\n" + r.describe())
        cls.cid = int(r.location.rsplit("/", 1)[1])
        tok = cls.rep1.fetch_csrf("/opportunities/new?customer_id=%d" % cls.cid)
        r = cls.rep1.post("/opportunities", {
            "customer_id": str(cls.cid), "title": "ERP rollout", "stage": "3", "currency": "CNY",
            "list_price": "1,200,000", "initial_quote": "", "current_offer": "", "final_price": "",
            "expected_close": "", "status": "open", "lost_reason": ""}, csrf=tok)
        if r.status != 303:
            raise AssertionError("creating the opportunity failed:\n" + r.describe())
        cls.oid = int(r.location.rsplit("/", 1)[1])

    @classmethod
    def tearDownClass(cls):
        reset_clock()

    def new_form(self, client=None):
        c = client or self.rep1
        r = c.get("/negotiations/new?customer_id=%d&opportunity_id=%d" % (self.cid, self.oid))
        self.assertStatus(r, 200)
        return r

    def post_new(self, fields, client=None):
        c = client or self.rep1
        self.new_form(c)
        pairs = [("customer_id", str(self.cid))] + list(fields)
        return c.post("/negotiations", pairs)

    def full_fields(self, **extra):
        f = list(basic(opportunity_id=str(self.oid), **extra).items())
        f += rows("needs", {"text": "交付周期缩短到 6 周", "urgency": "low", "topic": "delivery"},
                  {"text": "总价降到预算内", "urgency": "high", "topic": "price"},
                  {"text": "本地化技术支持", "urgency": "medium", "topic": "support"})
        f += rows("objections",
                  {"quote": "你们的价格比竞争对手高 15%", "type": "price", "response": "展示三年总成本",
                   "result": "partly", "owner": str(self.uid["rep1"]), "follow_up": "发送 TCO 对比"},
                  {"quote": "我们担心上线后没人支持", "type": "trust", "response": "", "result": "",
                   "owner": "", "follow_up": ""})
        f += rows("actions",
                  {"what": "发送修订报价", "owner": str(self.uid["rep1"]), "due": "2026-11-25",
                   "deliverable": "报价单 PDF"},
                  {"what": "安排技术交流", "owner": str(self.uid["rep2"]), "due": "2026-11-27",
                   "deliverable": "会议纪要"})
        return f

    # ------------------------------------------------------------------ create and show

    def test_create_full_record(self):
        r = self.new_form()
        self.assertIn('id="objectivity"', r.body)
        self.assertIn('<script src="/static/record.js" defer></script>', r.body)
        self.assertIsNotNone(input_value(r.body, "needs.0.text"))
        before = audit_count("action='negotiation.create'")
        nid = created_id(self, self.post_new(self.full_fields()))
        self.assertEqual(child_count("negotiation_needs", nid), 3)
        self.assertEqual(child_count("objections", nid), 2)
        self.assertEqual(child_count("negotiation_actions", nid), 2)
        self.assertEqual(db_value("SELECT IFNULL(completed_at,'none') FROM negotiations WHERE id=%d" % nid), "none")
        # the second objection took the default result
        self.assertEqual(db_value("SELECT result FROM objections WHERE negotiation_id=%d AND position=1" % nid),
                         "unresolved")
        # ended_at: 11:00 in Asia/Shanghai is 03:00 UTC
        self.assertEqual(db_value("SELECT DATE_FORMAT(ended_at,'%%Y-%%m-%%d %%H:%%i') FROM negotiations "
                                  "WHERE id=%d" % nid), "2026-11-20 03:00")
        self.assertEqual(audit_count("action='negotiation.create'"), before + 1)
        r = self.rep1.get("/negotiations/%d" % nid)
        self.assertStatus(r, 200)
        # needs in urgency order, high → low
        self.assertEqual(re.findall(r'data-urgency="(\w+)"', r.body), ["high", "medium", "low"])
        self.assertIn("你们的价格比竞争对手高 15%", html.unescape(r.body))
        self.assertIn('id="complete-form"', r.body)
        # the edit form shows the stored rows plus one empty row
        r = self.rep1.get("/negotiations/%d/edit" % nid)
        self.assertStatus(r, 200)
        self.assertEqual(input_value(r.body, "needs.0.text"), "交付周期缩短到 6 周")
        self.assertEqual(selected_option(r.body, "actions.1.owner"), str(self.uid["rep2"]))
        self.assertEqual(input_value(r.body, "needs.3.text"), "")
        # the list shows it
        r = self.rep1.get("/negotiations?customer=%d" % self.cid)
        self.assertIn('data-negotiation-id="%d"' % nid, r.body)

    def test_add_and_remove_rows_keep_input(self):
        before = neg_count(self.cid)
        f = list(basic().items()) + rows("needs", {"text": "first need", "urgency": "high", "topic": ""})
        r = self.post_new(f + [("add", "needs")])
        self.assertStatus(r, 200)
        self.assertEqual(input_value(r.body, "needs.0.text"), "first need")
        self.assertEqual(input_value(r.body, "needs.1.text"), "")
        self.assertEqual(input_value(r.body, "place"), "客户办公室")
        f2 = f + rows("needs", {"text": "first need", "urgency": "high"}, {"text": "second", "urgency": "low"})[2:]
        r = self.post_new(f2 + [("remove", "needs.0")])
        self.assertStatus(r, 200)
        self.assertEqual(input_value(r.body, "needs.0.text"), "second")
        self.assertIsNone(input_value(r.body, "needs.1.text"))
        self.assertEqual(neg_count(self.cid), before)

    # ------------------------------------------------------------------ validation

    def assert_rejected(self, fields, kept, marker):
        before, audits = neg_count(self.cid), audit_count()
        r = self.post_new(fields)
        self.assertStatus(r, 422)
        self.assertIn(marker, r.body, r.describe())
        for name, value in kept.items():
            self.assertEqual(input_value(r.body, name), value, name)
        self.assertEqual(neg_count(self.cid), before, "nothing written")
        self.assertEqual(audit_count(), audits, "nothing audited")
        return r

    # A draft keeps half-filled rows (test_draft_keeps_half_filled_rows); completing checks them.
    def test_action_without_owner(self):
        f = list(basic().items()) + rows("actions", {"what": "follow up", "owner": "", "due": "2026-11-30",
                                                     "deliverable": "offer"}) + [("complete", "1")]
        r = self.assert_rejected(f, {"actions.0.what": "follow up", "actions.0.due": "2026-11-30",
                                     "place": "客户办公室"}, 'id="err-actions"')
        self.assertRegex(r.body, r'name="actions\.0\.owner"[^>]*aria-invalid="true"')

    def test_action_without_due_date(self):
        f = list(basic().items()) + rows("actions", {"what": "send offer", "owner": str(self.uid["rep1"]),
                                                     "due": "", "deliverable": "offer"}) + [("complete", "1")]
        r = self.assert_rejected(f, {"actions.0.what": "send offer", "actions.0.deliverable": "offer"},
                                 'id="err-actions"')
        self.assertRegex(r.body, r'name="actions\.0\.due"[^>]*aria-invalid="true"')
        self.assertEqual(selected_option(r.body, "actions.0.owner"), str(self.uid["rep1"]))

    def test_urgency_out_of_range(self):
        f = list(basic().items()) + rows("needs", {"text": "faster delivery", "urgency": "extreme"})
        r = self.assert_rejected(f, {"needs.0.text": "faster delivery"}, 'aria-invalid="true"')
        self.assertRegex(r.body, r'name="needs\.0\.urgency"[^>]*aria-invalid="true"')

    def test_end_before_start(self):
        f = list(basic(start_time="15:00", end_time="14:00").items())
        self.assert_rejected(f, {"start_time": "15:00", "end_time": "14:00", "their_participants": "王总 (CFO)"},
                             'id="err-end_time"')

    def test_need_without_text(self):
        f = list(basic().items()) + rows("needs", {"text": "", "urgency": "high", "topic": "price"},
                                         {"text": "kept need", "urgency": "low"}) + [("complete", "1")]
        r = self.assert_rejected(f, {"needs.1.text": "kept need"}, 'aria-invalid="true"')
        self.assertRegex(r.body, r'name="needs\.0\.text"[^>]*aria-invalid="true"')

    def test_blank_rows_ignored(self):
        f = list(basic().items()) + rows("needs", {"text": "", "urgency": "", "topic": ""},
                                         {"text": "real", "urgency": "medium", "topic": ""})
        f += rows("actions", {"what": "", "owner": "", "due": "", "deliverable": ""})
        nid = created_id(self, self.post_new(f))
        self.assertEqual(child_count("negotiation_needs", nid), 1)
        self.assertEqual(child_count("negotiation_actions", nid), 0)

    # ------------------------------------------------------------------ edit, status, completion

    def test_edit_status_and_complete(self):
        nid = created_id(self, self.post_new(self.full_fields()))
        # completing without the review is refused, nothing changes
        self.rep1.get("/negotiations/%d" % nid)
        r = self.rep1.post("/negotiations/%d/complete" % nid, {})
        self.assertStatus(r, 422)
        self.assertIn('id="complete-errors"', r.body)
        self.assertEqual(db_value("SELECT IFNULL(completed_at,'none') FROM negotiations WHERE id=%d" % nid), "none")
        # save a draft with a new status and the review; rows replaced
        s0 = audit_count("action='negotiation.status' AND entity_id=%d" % nid)
        self.rep1.get("/negotiations/%d/edit" % nid)
        f = self.full_fields(status="on_hold", review_strengths="clear agenda", review_improve="slower steps")
        f = [p for p in f if not p[0].startswith("needs.2.")]
        r = self.rep1.post("/negotiations/%d" % nid, f)
        self.assertEqual(r.status, 303, r.describe())
        self.assertEqual(db_value("SELECT status FROM negotiations WHERE id=%d" % nid), "on_hold")
        self.assertEqual(child_count("negotiation_needs", nid), 2)
        self.assertEqual(audit_count("action='negotiation.status' AND entity_id=%d" % nid), s0 + 1)
        detail = db_value("SELECT detail FROM audit_log WHERE action='negotiation.update' AND entity_id=%d "
                          "ORDER BY id DESC LIMIT 1" % nid)
        self.assertIn("status", detail)
        self.assertIn("needs", detail)
        self.assertNotIn("objections", detail)
        self.assertNotIn("on_hold", detail)
        # now it completes
        self.rep1.get("/negotiations/%d" % nid)
        r = self.rep1.post("/negotiations/%d/complete" % nid, {})
        self.assertEqual(r.status, 303, r.describe())
        self.assertNotEqual(db_value("SELECT IFNULL(completed_at,'none') FROM negotiations WHERE id=%d" % nid), "none")
        self.assertEqual(audit_count("action='negotiation.complete' AND entity_id=%d" % nid), 1)

    def test_save_and_complete_in_one_go(self):
        f = self.full_fields(review_strengths="a", review_improve="b") + [("complete", "1")]
        nid = created_id(self, self.post_new(f))
        self.assertNotEqual(db_value("SELECT IFNULL(completed_at,'none') FROM negotiations WHERE id=%d" % nid), "none")
        # incomplete: refused with 422 and nothing written
        before = neg_count(self.cid)
        r = self.post_new(list(basic().items()) + [("complete", "1")])
        self.assertStatus(r, 422)
        self.assertEqual(neg_count(self.cid), before)

    # ------------------------------------------------------------------ the 24-hour rule

    def test_late_after_24_hours(self):
        day = (datetime.now(TZ).date() + timedelta(days=10)).isoformat()
        nid = created_id(self, self.post_new(list(basic(held_on=day, start_time="10:00", end_time="11:00").items())))
        end = datetime.fromisoformat(day + "T11:00:00").replace(tzinfo=TZ).timestamp()
        try:
            # sessions of the class would expire with the clock ten days ahead: fresh ones here
            set_clock_offset(int(end + 23 * 3600 - time.time()))
            rep1, mgr1 = login("rep1"), login("mgr1")
            r = rep1.get("/negotiations?customer=%d&late=1" % self.cid)
            self.assertNotIn('data-negotiation-id="%d"' % nid, r.body)
            r = rep1.get("/negotiations/%d" % nid)
            self.assertNotIn('id="rec-late"', r.body)
            set_clock_offset(int(end + 25 * 3600 - time.time()))
            rep1, mgr1 = login("rep1"), login("mgr1")
            for c in (rep1, mgr1):
                r = c.get("/negotiations?late=1&customer=%d" % self.cid)
                self.assertStatus(r, 200)
                self.assertRegex(r.body, r'data-negotiation-id="%d" data-late="1"' % nid)
            r = rep1.get("/negotiations/%d" % nid)
            self.assertIn('id="rec-late"', r.body)
        finally:
            reset_clock()

    def test_completed_late_stays_late(self):
        nid = created_id(self, self.post_new(
            list(basic(held_on="2026-01-05", review_strengths="x", review_improve="y").items()) +
            [("complete", "1")] +
            rows("needs", {"text": "n", "urgency": "low"}) +
            rows("actions", {"what": "w", "owner": str(self.uid["rep1"]), "due": "2026-01-09", "deliverable": "d"})))
        # held long ago and completed only now: completed late
        r = self.rep1.get("/negotiations?late=1&customer=%d" % self.cid)
        self.assertIn('data-negotiation-id="%d"' % nid, r.body)

    # ------------------------------------------------------------------ guardrails

    def terms_and_concessions(self, price, payment, step, counter="延长合同期到三年"):
        f = rows("terms", {"term": "price", "ours": "120 万", "theirs": "90 万", "agreed": "", "price": price,
                           "discount": "", "payment_days": ""},
                 {"term": "payment", "ours": "30 天", "theirs": "120 天", "agreed": "1", "price": "",
                  "discount": "", "payment_days": payment})
        f += rows("concessions", {"term": "price", "from": "120 万", "to": "114 万", "value": "40000",
                                  "discount": step, "payment_days": "", "counter": counter})
        return f

    def test_no_plan_nothing_flagged(self):
        f = list(basic().items()) + self.terms_and_concessions("1", "999", "4")
        nid = created_id(self, self.post_new(f))
        self.assertEqual(flags(nid), [])
        # a concession without a counter-concession is flagged even without a plan
        f = list(basic().items()) + self.terms_and_concessions("1", "999", "4", counter="")
        nid = created_id(self, self.post_new(f))
        self.assertEqual(flags(nid), [("no_counter", "concession", 0)])
        r = self.rep1.get("/negotiations/%d" % nid)
        self.assertIn('data-kind="no_counter"', r.body)

    def make_plan(self):
        """A plan with sealed bottom lines, made the way a user does (GET the form, POST it)."""
        self.assertStatus(self.rep1.get("/plans/new?opportunity_id=%d" % self.oid), 200)
        r = self.rep1.post("/plans", {
            "opportunity_id": str(self.oid), "topic": "Price round " + unique_name("p"),
            "strategy": "concession", "meeting_on": "", "start_time": "", "place": "", "must_goals": "x",
            "concedable_goals": "", "agenda": "", "counter_proposals": "", "ladder_step": "3",
            "ladder_asks": "", "batna": "other supplier", "min_price": "1,000,000", "max_discount": "10",
            "max_payment_days": "60", "walkaway_payment_days": "90", "min_margin": "", "walkaway_margin": ""})
        self.assertEqual(r.status, 303, r.describe())
        self.assertRegex(r.location or "", r"^/plans/\d+$")
        return int(r.location.rsplit("/", 1)[1])

    def test_guardrails_against_plan(self):
        pid = self.make_plan()
        # within every limit (exactly at them): nothing flagged
        f = list(basic(plan_id=str(pid), opportunity_id=str(self.oid)).items())
        nid_ok = created_id(self, self.post_new(f + self.terms_and_concessions("1,000,000", "60", "3")))
        self.assertEqual(flags(nid_ok), [])
        # below the floor, over the trigger, a step above the ladder (without the opportunity: there, a 5 % step
        # on top of the first record's concession would need an approved request — test_concession_guard.py)
        f2 = list(basic(plan_id=str(pid)).items())
        nid = created_id(self, self.post_new(f2 + self.terms_and_concessions("900,000", "120", "5")))
        want = [("step_over_ladder", "concession", 0), ("below_floor", "term", 0), ("payment_over_limit", "term", 1),
                ("payment_over_trigger", "term", 1)]
        self.assertEqual(flags(nid), sorted(want))
        # the owner (confidential tier) sees the figures
        r = self.rep1.get("/negotiations/%d" % nid)
        self.assertIn('data-kind="step_over_ladder"', r.body)
        self.assertIn('class="flag-limit">3%<', r.body)
        # rep2 (team member, shared customer, no tier) sees neither the figures nor the flags
        r2 = self.rep2.get("/negotiations/%d" % nid)
        self.assertStatus(r2, 200)
        p2 = self.rep2.get("/negotiations/%d/print" % nid)
        self.assertStatus(p2, 200)
        self.assertIn("1,000,000", html.unescape(r.body))
        self.assertIn('data-kind="below_floor"', r.body)
        for body in (r2.body, p2.body):
            # not even that a confidential limit was crossed; the plain ladder step still shows
            self.assertNotIn('data-kind="outside"', body)
            self.assertNotIn('data-kind="below_floor"', body)
            self.assertNotIn('data-kind="payment_over_limit"', body)
            self.assertIn('data-kind="step_over_ladder"', body)
            self.assertNotIn("1,000,000", html.unescape(body))
            self.assertNotIn('>90<', body)
        # the manager reads the tier
        m = self.mgr1.get("/negotiations/%d" % nid)
        self.assertIn('data-kind="below_floor"', m.body)
        p1 = self.rep1.get("/negotiations/%d/print" % nid)
        self.assertIn('data-kind="below_floor"', p1.body)

    # ------------------------------------------------------------------ visibility

    def test_visibility_404(self):
        nid = created_id(self, self.post_new(self.full_fields()))
        for c in (self.rep3, self.admin):
            for path in ("/negotiations/%d" % nid, "/negotiations/%d/edit" % nid, "/negotiations/%d/print" % nid):
                self.assertStatus(c.get(path), 404, path)
        self.rep3.fetch_csrf("/")
        before = db_value("SELECT status FROM negotiations WHERE id=%d" % nid)
        r = self.rep3.post("/negotiations/%d" % nid, list(basic(status="lost").items()))
        self.assertStatus(r, 404)
        r = self.rep3.post("/negotiations/%d/complete" % nid, {})
        self.assertStatus(r, 404)
        self.assertEqual(db_value("SELECT status FROM negotiations WHERE id=%d" % nid), before)
        r = self.rep3.get("/negotiations?customer=%d" % self.cid)
        self.assertNotIn('data-negotiation-id="%d"' % nid, r.body)
        self.assertStatus(self.rep3.get("/negotiations/new?customer_id=%d" % self.cid), 404)
        self.assertStatus(self.admin.get("/negotiations"), 404)
        self.assertStatus(self.admin.get("/objections"), 404)
        # rep2 sees (shared with the team) but may not edit
        self.assertStatus(self.rep2.get("/negotiations/%d" % nid), 200)
        self.assertStatus(self.rep2.get("/negotiations/%d/edit" % nid), 404)

    def test_list_refuses_settings_that_do_not_fit(self):
        nid = created_id(self, self.post_new(list(basic(phase="middle", status="follow_up").items())))
        row = 'data-negotiation-id="%d"' % nid
        base = "/negotiations?customer=%d" % self.cid
        # good filters still filter; a blank one (white space too) filters nothing
        self.assertIn(row, self.rep1.get(base + "&phase=middle&status=follow_up").body)
        self.assertNotIn(row, self.rep1.get(base + "&phase=initial").body)
        self.assertNotIn(row, self.rep1.get(base + "&status=won").body)
        r = self.rep1.get(base + "&phase=&status=%20&late=")
        self.assertStatus(r, 200)
        self.assertIn(row, r.body)
        self.assertIn(row, self.rep1.get("/negotiations?after=%d&customer=%d" % (nid + 1, self.cid)).body)
        self.assertNotIn(row, self.rep1.get("/negotiations?after=%d&customer=%d" % (nid, self.cid)).body)
        # a value that does not fit is refused with a message naming it, not dropped
        lang = user_lang("rep1")
        for query, name, key in (("&phase=bogus", "phase", "form.invalid_choice"),
                                 ("&status=closed", "status", "form.invalid_choice"),
                                 ("&late=yes", "late", "form.invalid_choice"),
                                 ("&after=abc", "after", "form.bad_number"),
                                 ("&after=0", "after", None),
                                 ("&phase=middle&phase=final", "phase", "form.duplicate"),
                                 ("customer=abc", "customer", "form.bad_number"),
                                 ("customer=-5", "customer", None)):
            with self.subTest(query=query):
                r = self.rep1.get(base + query if query.startswith("&") else "/negotiations?" + query)
                self.assertStatus(r, 400)
                problems = html.unescape(element_text(r.body, "query-problems") or "")
                self.assertIn(name + "=", problems)
                if key:
                    self.assertIn(lang_value(key, lang), problems)
                self.assertNotIn(row, r.body)
                self.assertIn('href="/negotiations"', r.body)
        # another team's reader: the customer filter and a cursor from the owner's list reveal nothing
        for path in (base, "/negotiations?after=%d" % (nid + 1), base + "&after=%d" % (nid + 1)):
            with self.subTest(path=path):
                r = self.rep3.get(path)
                self.assertStatus(r, 200)
                self.assertNotIn(row, r.body)
                self.assertNotIn(self.cname, r.body)
                self.assertIsNone(element_text(r.body, "filter-customer"))

    # ------------------------------------------------------------------ objection tracker

    def test_objection_tracker(self):
        nid = created_id(self, self.post_new(self.full_fields()))
        oid = db_int("SELECT id FROM objections WHERE negotiation_id=%d AND position=0" % nid)
        r = self.rep1.get("/objections?type=price&customer=%d" % self.cid)
        self.assertStatus(r, 200)
        self.assertIn('data-objection-id="%d"' % oid, r.body)
        r = self.rep1.get("/objections?type=trust&customer=%d" % self.cid)
        self.assertNotIn('data-objection-id="%d"' % oid, r.body)
        r = self.rep1.get("/objections?owner=%d&result=partly&customer=%d" % (self.uid["rep1"], self.cid))
        self.assertIn('data-objection-id="%d"' % oid, r.body)
        self.assertNotIn('data-objection-id="%d"' % oid,
                         self.rep3.get("/objections").body)
        # rep2 sees it but cannot update it
        self.rep2.get("/objections")
        r = self.rep2.post("/objections/%d" % oid, {"result": "resolved", "response": "x", "follow_up": ""})
        self.assertStatus(r, 404)
        self.rep1.get("/objections")
        r = self.rep1.post("/objections/%d" % oid, {"result": "bogus", "response": "kept response",
                                                    "follow_up": "kept follow-up"})
        self.assertStatus(r, 422)
        # the update form again, with the message on the field and what was typed
        self.assertIn('id="err-result"', r.body, r.describe(2000))
        self.assertIn("kept response", r.body)
        self.assertIn("kept follow-up", r.body)
        self.assertEqual(audit_count("action='objection.update' AND entity_id=%d" % oid), 0)
        # a filter that does not fit is refused with a message, not dropped
        r = self.rep1.get("/objections?type=bogus&customer=%d" % self.cid)
        self.assertStatus(r, 400)
        self.assertIn('id="query-problems"', r.body)
        self.assertIn("type=bogus", r.body)
        self.assertNotIn('data-objection-id="%d"' % oid, r.body)
        self.assertStatus(self.rep1.get("/objections?customer=abc"), 400)
        r = self.rep1.post("/objections/%d" % oid, {"result": "resolved", "response": "TCO accepted",
                                                    "follow_up": "none"})
        self.assertEqual(r.status, 303, r.describe())
        self.assertEqual(audit_count("action='objection.update' AND entity_id=%d" % oid), 1)
        r = self.rep1.get("/negotiations/%d" % nid)
        self.assertIn('data-objection-id="%d" data-result="resolved"' % oid, r.body)
        self.assertIn("TCO accepted", r.body)

    def test_print_view(self):
        nid = created_id(self, self.post_new(self.full_fields()))
        r = self.rep1.get("/negotiations/%d/print" % nid)
        self.assertStatus(r, 200)
        self.assertIn("/static/record-print.css", r.body)
        self.assertIn('id="print-filed"', r.body)
        self.assertIn("发送修订报价", r.body)
        self.assertNotIn('id="logout"', r.body)


if __name__ == "__main__":
    main()
