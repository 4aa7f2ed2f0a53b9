#!/usr/bin/env python3
"""Record entry during a live meeting (docs/record-entry.md): drafts keep half-filled rows and
completion checks them on the row; autosave answers JSON; the draft button returns to the form; a
save from an outdated revision is refused with both texts kept; owners of actions and objections are
people who may see the customer; the approved-request and contact pickers; "new" without a parent
shows a picker of what the user may start it on, never a 404."""
import html
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from parleytest import (Client, ParleyTestCase, db_int, db_value, input_value, main, reset_clock,  # noqa: E402
                        unique_name, user_id)


def login(username):
    c = Client()
    c.login(username)
    return c


def basic(**extra):
    f = {"opportunity_id": "", "plan_id": "", "held_on": "2026-11-20", "start_time": "09:30", "end_time": "11:00",
         "place": "线上", "our_participants": "rep1", "their_participants": "王总 (CFO)",
         "type": "price", "phase": "middle", "status": "follow_up",
         "review_strengths": "", "review_improve": "", "review_relationship": "", "review_strategy": "",
         "review_moments": ""}
    f.update(extra)
    return list(f.items())


def row(list_name, n, **fields):
    return [("%s.%d.%s" % (list_name, n, k), v) for k, v in fields.items()]


class RecordEntryTest(ParleyTestCase):
    @classmethod
    def setUpClass(cls):
        reset_clock()
        cls.rep1, cls.rep2, cls.rep3 = login("rep1"), login("rep2"), login("rep3")
        cls.mgr1, cls.exec1 = login("mgr1"), login("exec1")
        cls.uid = {u: user_id(u) for u in ("rep1", "rep2", "rep3", "mgr1", "mgr2", "dir1", "vp1", "exec1")}
        cls.cname = "Entry customer " + unique_name("c")
        tok = cls.rep1.fetch_csrf("/customers/new")
        r = cls.rep1.post("/customers", {
            "name": cls.cname, "industry": "制造", "currency": "CNY", "source": "website", "segment": "new",
            "intent": "high", "stage": "3", "need_summary": "", "suppliers": "",
            "decision_process": "", "notes": "", "next_follow_up": ""}, csrf=tok)
        if r.status != 303:
            raise AssertionError("creating the customer failed:\n" + r.describe())
        cls.cid = int(r.location.rsplit("/", 1)[1])
        cls.rep1.fetch_csrf("/customers/%d" % cls.cid)
        r = cls.rep1.post("/customers/%d/contacts" % cls.cid, {
            "name": "赵经理", "title": "采购总监", "phone": "", "email": "", "decision_role": "decides",
            "personality": "analytical", "notes": ""})
        if r.status != 303:
            raise AssertionError("creating the contact failed:\n" + r.describe())

    def new_form(self, client=None):
        c = client or self.rep1
        r = c.get("/negotiations/new?customer_id=%d" % self.cid)
        self.assertStatus(r, 200)
        return r

    def create(self, fields, client=None):
        c = client or self.rep1
        self.new_form(c)
        return c.post("/negotiations", [("customer_id", str(self.cid))] + fields)

    def created(self, r):
        self.assertEqual(r.status, 303, r.describe())
        m = re.match(r"^/negotiations/(\d+)(/edit)?$", r.location or "")
        self.assertTrue(m, r.describe())
        return int(m.group(1))

    # ------------------------------------------------------------------ drafts and completion

    def test_draft_keeps_half_filled_rows(self):
        f = basic() + row("actions", 0, what="发报价", owner="", due="", deliverable="")
        f += row("needs", 0, text="", urgency="high", topic="")
        f += row("objections", 0, quote="太贵了", type="", response="", result="", owner="", follow_up="")
        nid = self.created(self.create(f))
        self.assertEqual(db_value("SELECT CONCAT(what, '|', IFNULL(owner_id, 'none'), '|', IFNULL(due_on, 'none')) "
                                  "FROM negotiation_actions WHERE negotiation_id=%d" % nid), "发报价|none|none")
        self.assertEqual(db_value("SELECT IFNULL(type, 'none') FROM objections WHERE negotiation_id=%d" % nid), "none")
        self.assertEqual(db_int("SELECT COUNT(*) FROM negotiation_needs WHERE negotiation_id=%d" % nid), 1)
        # the edit form shows them as typed
        r = self.rep1.get("/negotiations/%d/edit" % nid)
        self.assertStatus(r, 200)
        self.assertEqual(input_value(r.body, "actions.0.what"), "发报价")
        self.assertEqual(input_value(r.body, "revision"), "0")
        # completing is refused, with the message on the row, and nothing changes
        self.rep1.get("/negotiations/%d" % nid)
        r = self.rep1.post("/negotiations/%d/complete" % nid, {})
        self.assertStatus(r, 422)
        self.assertIn('id="negotiation-form"', r.body)
        self.assertRegex(r.body, r'name="actions\.0\.owner"[^>]*aria-invalid="true"')
        self.assertRegex(r.body, r'name="actions\.0\.due"[^>]*aria-invalid="true"')
        self.assertRegex(r.body, r'name="objections\.0\.type"[^>]*aria-invalid="true"')
        self.assertRegex(r.body, r'name="needs\.0\.text"[^>]*aria-invalid="true"')
        self.assertIn('id="err-actions"', r.body)
        self.assertEqual(db_value("SELECT IFNULL(completed_at, 'none') FROM negotiations WHERE id=%d" % nid), "none")

    def test_malformed_input_still_refused_in_a_draft(self):
        before = db_int("SELECT COUNT(*) FROM negotiations WHERE customer_id=%d" % self.cid)
        r = self.create(basic() + row("actions", 0, what="x", owner="", due="2026-02-31", deliverable=""))
        self.assertStatus(r, 422)
        self.assertRegex(r.body, r'name="actions\.0\.due"[^>]*aria-invalid="true"')
        self.assertEqual(db_int("SELECT COUNT(*) FROM negotiations WHERE customer_id=%d" % self.cid), before)

    def test_the_offered_owner_alone_is_a_blank_row(self):
        nid = self.created(self.create(basic() + row("actions", 0, what="", owner=str(self.uid["rep1"]), due="",
                                                     deliverable="")))
        self.assertEqual(db_int("SELECT COUNT(*) FROM negotiation_actions WHERE negotiation_id=%d" % nid), 0)

    # ------------------------------------------------------------------ draft button, autosave

    def test_draft_button_returns_to_the_form(self):
        r = self.create(basic() + [("draft", "1")])
        self.assertEqual(r.status, 303, r.describe())
        self.assertRegex(r.location or "", r"^/negotiations/\d+/edit$")
        nid = self.created(r)
        self.rep1.get("/negotiations/%d/edit" % nid)
        r = self.rep1.post("/negotiations/%d" % nid, basic(place="会议室 B") + [("draft", "1"), ("revision", "0")])
        self.assertEqual(r.location, "/negotiations/%d/edit" % nid, r.describe())
        # a plain POST (and completing) still lands on the record
        r = self.rep1.post("/negotiations/%d" % nid, basic(place="会议室 C"))
        self.assertEqual(r.location, "/negotiations/%d" % nid, r.describe())

    def test_autosave_answers_json(self):
        r = self.create(basic() + [("autosave", "1")] + row("needs", 0, text="快速交付", urgency="", topic=""))
        self.assertStatus(r, 200)
        self.assertTrue(r.header("Content-Type", "").startswith("application/json"), r.describe())
        got = json.loads(r.body)
        nid = got["id"]
        self.assertEqual(got["revision"], 0)
        self.assertRegex(got["saved"], r"^\d\d:\d\d$")
        self.assertEqual(db_value("SELECT customer_id FROM negotiations WHERE id=%d" % nid), str(self.cid))
        r = self.rep1.post("/negotiations/%d" % nid, basic(place="A") + [("autosave", "1"), ("revision", "0")])
        self.assertStatus(r, 200)
        self.assertEqual(json.loads(r.body)["revision"], 1)
        # an autosave never completes, even when asked to
        r = self.rep1.post("/negotiations/%d" % nid, basic() + [("autosave", "1"), ("revision", "1"),
                                                              ("complete", "1")])
        self.assertStatus(r, 200)
        self.assertEqual(db_value("SELECT IFNULL(completed_at, 'none') FROM negotiations WHERE id=%d" % nid), "none")

    # ------------------------------------------------------------------ two editors

    def test_outdated_revision_is_refused_with_both_texts(self):
        nid = self.created(self.create(basic(place="旧地点")))
        self.mgr1.get("/negotiations/%d/edit" % nid)
        r = self.mgr1.post("/negotiations/%d" % nid, basic(place="经理的地点") + [("revision", "0")])
        self.assertEqual(r.status, 303, r.describe())
        self.assertEqual(db_value("SELECT revision FROM negotiations WHERE id=%d" % nid), "1")
        # rep1 still holds revision 0: refused, rep1's text kept in the form, mgr1's shown beside it
        self.rep1.get("/negotiations/%d/edit" % nid)
        r = self.rep1.post("/negotiations/%d" % nid, basic(place="代表的地点") + [("revision", "0")])
        self.assertStatus(r, 409)
        self.assertEqual(input_value(r.body, "place"), "代表的地点")
        self.assertIn('id="theirs-place"', r.body)
        self.assertIn("经理的地点", html.unescape(r.body))
        self.assertEqual(input_value(r.body, "revision"), "1")
        self.assertEqual(db_value("SELECT place FROM negotiations WHERE id=%d" % nid), "经理的地点")
        # an autosave from the old revision is refused the same way
        r = self.rep1.post("/negotiations/%d" % nid, basic(place="x") + [("revision", "0"), ("autosave", "1")])
        self.assertStatus(r, 409)
        # saving again from the form (the revision it now carries) replaces it knowingly
        r = self.rep1.post("/negotiations/%d" % nid, basic(place="代表的地点") + [("revision", "1")])
        self.assertEqual(r.status, 303, r.describe())
        self.assertEqual(db_value("SELECT place FROM negotiations WHERE id=%d" % nid), "代表的地点")

    # ------------------------------------------------------------------ owners, contacts, requests

    def test_owner_must_be_able_to_see_the_customer(self):
        r = self.new_form()
        # the customer is not shared: rep1 (owner), mgr1, dir1, vp1 — not rep2, rep3, mgr2 or exec1
        offered = set(re.findall(r'<option value="(\d+)"', re.search(
            r'<select name="actions\.0\.owner".*?</select>', r.body, re.S).group(0)))
        for u in ("rep1", "mgr1", "dir1", "vp1"):
            self.assertIn(str(self.uid[u]), offered, u)
        for u in ("rep2", "rep3", "mgr2", "exec1"):
            self.assertNotIn(str(self.uid[u]), offered, u)
        before = db_int("SELECT COUNT(*) FROM negotiations WHERE customer_id=%d" % self.cid)
        for u in ("rep3", "exec1"):
            r = self.create(basic() + row("actions", 0, what="w", owner=str(self.uid[u]), due="2026-12-01",
                                          deliverable="d"))
            self.assertStatus(r, 422, u)
            self.assertRegex(r.body, r'name="actions\.0\.owner"[^>]*aria-invalid="true"')
            r = self.create(basic() + row("objections", 0, quote="q", type="price", response="", result="",
                                          owner=str(self.uid[u]), follow_up=""))
            self.assertStatus(r, 422, u)
            self.assertRegex(r.body, r'name="objections\.0\.owner"[^>]*aria-invalid="true"')
        self.assertEqual(db_int("SELECT COUNT(*) FROM negotiations WHERE customer_id=%d" % self.cid), before)
        nid = self.created(self.create(basic() + row("actions", 0, what="w", owner=str(self.uid["mgr1"]),
                                                     due="2026-12-01", deliverable="d")))
        self.assertEqual(db_value("SELECT owner_id FROM negotiation_actions WHERE negotiation_id=%d" % nid),
                         str(self.uid["mgr1"]))

    def test_contacts_and_requests_offered(self):
        r = self.new_form()
        self.assertIn('list="customer-contacts"', r.body)
        self.assertIn('<option value="赵经理 (采购总监)">', html.unescape(r.body))
        self.assertRegex(r.body, r'<select name="concessions\.0\.request"')
        # a request number that is not offered is kept as typed, and refused by the approval check
        r = self.create(basic() + row("concessions", 0, term="price", value="1000", discount="", payment_days="",
                                      counter="", request="999999999"))
        self.assertStatus(r, 422)
        self.assertRegex(r.body, r'<option value="999999999" selected>')

    # ------------------------------------------------------------------ "new" without a parent

    def test_new_without_parent_shows_a_picker(self):
        for path, kind in (("/negotiations/new", "customer"), ("/opportunities/new", "customer"),
                           ("/plans/new", "opportunity"), ("/concessions/new", "opportunity")):
            r = self.rep1.get(path)
            self.assertStatus(r, 200, path)
            self.assertIn('id="pick-form"', r.body, path)
            self.assertIn('name="q"', r.body, path)
        r = self.rep1.get("/negotiations/new?q=" + self.cname.split()[-1])
        self.assertIn('href="/negotiations/new?customer_id=%d"' % self.cid, r.body)
        # only what the user may start something on: rep3 (other team) does not find it, nor does rep2
        # (same team, not shared), the manager does
        for c in (self.rep3, self.rep2):
            r = c.get("/negotiations/new?q=" + self.cname.split()[-1])
            self.assertNotIn("customer_id=%d\"" % self.cid, r.body)
        r = self.mgr1.get("/negotiations/new?q=" + self.cname.split()[-1])
        self.assertIn('href="/negotiations/new?customer_id=%d"' % self.cid, r.body)
        # LIKE wildcards are taken literally
        r = self.rep1.get("/negotiations/new?q=%25")
        self.assertNotIn("customer_id=%d\"" % self.cid, r.body)
        # too long: a message, not an error page
        r = self.rep1.get("/negotiations/new?q=" + "x" * 101)
        self.assertStatus(r, 200)
        self.assertIn('id="err-q"', r.body)
        # a parent id that is not a number is still a 404
        self.assertStatus(self.rep1.get("/negotiations/new?customer_id=abc"), 404)

    # ------------------------------------------------------------------ plans and needs reports

    def opportunity(self):
        self.rep1.get("/opportunities/new?customer_id=%d" % self.cid)
        r = self.rep1.post("/opportunities", {
            "customer_id": str(self.cid), "title": "Entry opp " + unique_name("o"), "stage": "3", "currency": "CNY",
            "list_price": "100,000", "initial_quote": "", "current_offer": "", "final_price": "",
            "expected_close": "", "status": "open", "lost_reason": ""})
        self.assertEqual(r.status, 303, r.describe())
        return int(r.location.rsplit("/", 1)[1])

    def test_plan_autosave_and_revision(self):
        oid = self.opportunity()
        plan = [("opportunity_id", str(oid)), ("topic", "第一轮"), ("strategy", "integrative"), ("meeting_on", ""),
                ("start_time", ""), ("place", ""), ("must_goals", ""), ("concedable_goals", ""), ("agenda", ""),
                ("counter_proposals", ""), ("ladder_step", "3"), ("ladder_asks", "")]
        r = self.rep1.get("/plans/new?opportunity_id=%d" % oid)
        self.assertIn('data-autosave="/plans/"', r.body)
        r = self.rep1.post("/plans", plan + [("autosave", "1")])
        self.assertStatus(r, 200)
        got = json.loads(r.body)
        pid = got["id"]
        self.assertEqual(got["revision"], 0)
        r = self.rep1.get("/plans/%d/edit" % pid)
        self.assertEqual(input_value(r.body, "revision"), "0")
        upd = [p for p in plan if p[0] != "opportunity_id"]
        self.mgr1.get("/plans/%d/edit" % pid)
        r = self.mgr1.post("/plans/%d" % pid, [(k, "经理改的" if k == "topic" else v) for k, v in upd] +
                           [("revision", "0")])
        self.assertEqual(r.status, 303, r.describe())
        self.rep1.get("/plans/%d/edit" % pid)
        r = self.rep1.post("/plans/%d" % pid, [(k, "代表改的" if k == "topic" else v) for k, v in upd] +
                           [("revision", "0")])
        self.assertStatus(r, 409)
        self.assertEqual(input_value(r.body, "topic"), "代表改的")
        self.assertIn('id="conflict-view"', r.body)
        self.assertEqual(db_value("SELECT topic FROM plans WHERE id=%d" % pid), "经理改的")
        r = self.rep1.post("/plans/%d" % pid, [(k, "代表改的" if k == "topic" else v) for k, v in upd] +
                           [("revision", "1"), ("autosave", "1")])
        self.assertStatus(r, 200)
        self.assertEqual(json.loads(r.body)["revision"], 2)
        self.assertEqual(db_value("SELECT topic FROM plans WHERE id=%d" % pid), "代表改的")

    def test_needs_autosave_and_revision(self):
        oid = self.opportunity()
        f = [("researched_on", "2026-11-20"), ("method", "interview"), ("current_situation", "手工对账"),
             ("expected_goals", ""), ("decision_process", ""), ("confirmed_on", "")]
        self.rep1.get("/opportunities/%d/needs/new" % oid)
        r = self.rep1.post("/opportunities/%d/needs" % oid, f + [("autosave", "1")])
        self.assertStatus(r, 200)
        nid = json.loads(r.body)["id"]
        self.mgr1.get("/needs/%d/edit" % nid)
        r = self.mgr1.post("/needs/%d" % nid, [(k, "经理" if k == "current_situation" else v) for k, v in f] +
                           [("revision", "0")])
        self.assertEqual(r.status, 303, r.describe())
        self.rep1.get("/needs/%d/edit" % nid)
        r = self.rep1.post("/needs/%d" % nid, [(k, "代表" if k == "current_situation" else v) for k, v in f] +
                           [("revision", "0")])
        self.assertStatus(r, 409)
        self.assertIn("代表", html.unescape(r.body))
        self.assertEqual(db_value("SELECT current_situation FROM needs_reports WHERE id=%d" % nid), "经理")

    def test_lists_have_a_new_button(self):
        r = self.rep1.get("/negotiations")
        self.assertIn('id="new-negotiation" href="/negotiations/new"', r.body)
        r = self.rep1.get("/plans")
        self.assertIn('id="new-plan" href="/plans/new"', r.body)


if __name__ == "__main__":
    main()
