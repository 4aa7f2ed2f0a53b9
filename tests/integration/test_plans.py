#!/usr/bin/env python3
"""Negotiation plans (SPEC §3.5) and needs analysis reports (SPEC §3.4): create over HTTP, visibility
through the customer, the confidential bundle (BATNA and bottom lines: owner, manager chain, vp,
executive) and the restricted one (margins: director, vp, executive), encryption at rest, validation
(422, typed values kept, nothing written), repeatable rows without JavaScript, and the needs report
with its confidential budget range and must/should/could needs."""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from parleytest import ParleyTestCase, audit_count, db_int, db_query, db_value, input_value, main, user_id  # noqa: E402
from custtest import (client, create_customer, element_text, form_values, has_id, lang_value,  # noqa: E402
                      token, user_lang, visible_text)

BATNA = "Sign with Beta Corp instead; terms = list - 5%\nsecond line & <b>more</b>"
MIN_PRICE_TYPED = "1,200,000.00"
MIN_PRICE_SHOWN = "1,200,000.00"


def plan_count():
    return db_int("SELECT COUNT(*) FROM plans")


def plan_fields(opp_id, topic, **extra):
    f = [("opportunity_id", str(opp_id)), ("topic", topic), ("strategy", "integrative"),
         ("meeting_on", "2026-12-01"), ("start_time", "14:30"), ("place", "Customer HQ, room 3"),
         ("must_goals", "Price above floor"), ("concedable_goals", "Training days"),
         ("agenda", "Opening → exchange → bargaining → agreement"), ("counter_proposals", "Ask for 15% off"),
         ("ladder_step", "2.5"), ("ladder_asks", "Shorter payment term; larger volume"),
         ("offers.0.label", "Basic"), ("offers.0.description", "Core modules"), ("offers.0.pros", "Cheap"),
         ("offers.0.cons", "No support"), ("offers.0.price", "1,300,000"),
         ("offers.1.label", "Upgraded"), ("offers.1.description", "All modules"), ("offers.1.pros", "Complete"),
         ("offers.1.cons", "Expensive"), ("offers.1.price", ""),
         ("batna", BATNA), ("min_price", MIN_PRICE_TYPED), ("max_discount", "12.5"),
         ("max_payment_days", "60"), ("walkaway_payment_days", "90"),
         ("min_margin", "20"), ("walkaway_margin", "15")]
    d = dict(f)
    d.update(extra)
    return [(k, v) for k, v in d.items() if v is not None]


class PlansTest(ParleyTestCase):
    @classmethod
    def setUpClass(cls):
        cls.rep1 = client("rep1")
        cls.cname = "Plan customer " + token("c")
        cls.cid = create_customer(cls.rep1, cls.cname, shared_with_team="1")
        # Contacts with personality types.
        r = cls.rep1.get("/customers/%d" % cls.cid)
        for name, pers, role in (("Zhang Decider", "analytical", "decides"), ("Li Haggler", "bargainer",
                                                                             "influences")):
            r = cls.rep1.post("/customers/%d/contacts" % cls.cid, {
                "name": name, "title": "CFO", "phone": "", "email": "", "decision_role": role,
                "personality": pers, "notes": ""})
            if r.status != 303:
                raise AssertionError("contact create failed:\n" + r.describe())
        cls.contacts = {row[1]: int(row[0]) for row in db_query(
            "SELECT id, name FROM contacts WHERE customer_id=%d" % cls.cid)}
        cls.rep1.get("/opportunities/new?customer_id=%d" % cls.cid)
        r = cls.rep1.post("/opportunities", {
            "customer_id": str(cls.cid), "title": "Plan deal " + token("o"), "stage": "3", "status": "open",
            "currency": "CNY", "list_price": "1,500,000", "initial_quote": "", "current_offer": "",
            "final_price": "", "expected_close": "", "lost_reason": ""})
        if r.status != 303:
            raise AssertionError("opportunity create failed:\n" + r.describe())
        cls.oid = int(r.location.rsplit("/", 1)[1])
        cls.topic = "Price round " + token("p")
        r = cls.rep1.get("/plans/new?opportunity_id=%d" % cls.oid)
        if r.status != 200:
            raise AssertionError("new plan form:\n" + r.describe())
        fields = plan_fields(cls.oid, cls.topic)
        fields += [("ours.0.user_id", str(user_id("rep1"))), ("ours.0.role", "Lead"),
                   ("ours.1.user_id", str(user_id("mgr1"))), ("ours.1.role", "Approver"),
                   ("theirs.0.contact_id", str(cls.contacts["Zhang Decider"])), ("theirs.0.role", "Signs"),
                   ("theirs.1.contact_id", ""), ("theirs.1.role", "")]
        r = cls.rep1.post("/plans", fields)
        if r.status != 303 or not re.match(r"^/plans/\d+$", r.location or ""):
            raise AssertionError("plan create failed:\n" + r.describe(3000))
        cls.pid = int(r.location.rsplit("/", 1)[1])

    # ---------------------------------------------------------------- create and show
    def test_created_rows(self):
        row = db_query("SELECT topic, strategy, ladder_step_bp, DATE_FORMAT(meeting_on,'%%Y-%%m-%%d'), "
                       "TIME_FORMAT(start_time,'%%H:%%i'), created_by FROM plans WHERE id=%d" % self.pid)[0]
        self.assertEqual(row[0], self.topic)
        self.assertEqual(row[1], "integrative")
        self.assertEqual(int(row[2]), 250)
        self.assertEqual(row[3], "2026-12-01")
        self.assertEqual(row[4], "14:30")
        self.assertEqual(int(row[5]), user_id("rep1"))
        offers = db_query("SELECT label, IFNULL(price,-1) FROM plan_offers WHERE plan_id=%d ORDER BY position"
                          % self.pid)
        self.assertEqual([(o[0], int(o[1])) for o in offers], [("Basic", 130000000), ("Upgraded", -1)])
        parts = db_query("SELECT side, IFNULL(user_id,0), IFNULL(contact_id,0), role FROM plan_participants "
                         "WHERE plan_id=%d ORDER BY position" % self.pid)
        self.assertEqual([(p[0], int(p[1]), int(p[2]), p[3]) for p in parts], [
            ("ours", user_id("rep1"), 0, "Lead"), ("ours", user_id("mgr1"), 0, "Approver"),
            ("theirs", 0, self.contacts["Zhang Decider"], "Signs")])
        # Audit: field names only.
        self.assertEqual(audit_count("action='plan.create' AND entity_id=%d" % self.pid), 1)
        detail = db_value("SELECT detail FROM audit_log WHERE action='plan.create' AND entity_id=%d" % self.pid)
        self.assertIn("batna", detail)
        self.assertNotIn("Beta", detail)
        self.assertNotIn("1200000", detail)

    def test_encrypted_at_rest(self):
        conf = db_value("SELECT IFNULL(confidential_enc,'') FROM plans WHERE id=%d" % self.pid)
        restr = db_value("SELECT IFNULL(restricted_enc,'') FROM plans WHERE id=%d" % self.pid)
        self.assertTrue(conf)
        for needle in ("batna", "Beta", "min_price", "120000000"):
            self.assertNotIn(needle, conf)
        # rep1 has no restricted tier: the margins they posted were ignored.
        self.assertEqual(restr, "")

    def test_show_page(self):
        r = self.rep1.get("/plans/%d" % self.pid)
        self.assertStatus(r, 200)
        self.assertEqual(element_text(r.body, "plan-topic"), self.topic)
        text = visible_text(r.body)
        for s in ("Basic", "Upgraded", "No support", "Lead", "Signs", "Zhang Decider", "Li Haggler"):
            self.assertIn(s, text)
        self.assertIn("2.5%", element_text(r.body, "plan-ladder-step"))
        # Contacts with personality type and strategy hint.
        self.assertIn('data-personality="bargainer"', r.body)
        self.assertIn("personality-hint personality-analytical", r.body)
        # BATNA shown escaped, with its '=' and newline intact.
        self.assertIn("terms = list - 5%", element_text(r.body, "plan-batna"))
        self.assertIn("&lt;b&gt;more&lt;/b&gt;", r.body)
        self.assertIn(MIN_PRICE_SHOWN, element_text(r.body, "plan-min-price"))
        self.assertIn("12.5%", element_text(r.body, "plan-max-discount"))
        self.assertEqual(element_text(r.body, "plan-max-payment-days"), "60")
        self.assertEqual(element_text(r.body, "plan-walkaway-payment-days"), "90")

    def test_links_from_opportunity(self):
        r = self.rep1.get("/opportunities/%d" % self.oid)
        self.assertStatus(r, 200)
        self.assertIn('href="/plans/%d"' % self.pid, r.body)
        self.assertTrue(has_id(r.body, "new-plan"))
        self.assertIn('href="/opportunities/%d/needs"' % self.oid, r.body)
        r = self.rep1.get("/plans")
        self.assertStatus(r, 200)
        self.assertIn('data-plan-id="%d"' % self.pid, r.body)
        # A reader who may not edit sees the links but not the create buttons.
        r = client("rep2").get("/opportunities/%d" % self.oid)
        self.assertStatus(r, 200)
        self.assertIn('href="/plans/%d"' % self.pid, r.body)
        self.assertFalse(has_id(r.body, "new-plan"))
        self.assertFalse(has_id(r.body, "new-needs"))

    # ---------------------------------------------------------------- tiers
    def test_list_refuses_settings_that_do_not_fit(self):
        row = 'data-plan-id="%d"' % self.pid
        # the opportunity filter and the cursor still work; a blank filter filters nothing
        self.assertIn(row, self.rep1.get("/plans?opportunity=%d" % self.oid).body)
        self.assertNotIn(row, self.rep1.get("/plans?opportunity=%d" % (self.oid + 100000)).body)
        r = self.rep1.get("/plans?opportunity=%20&after=")
        self.assertStatus(r, 200)
        self.assertIn(row, r.body)
        self.assertIn(row, self.rep1.get("/plans?opportunity=%d&after=%d" % (self.oid, self.pid + 1)).body)
        self.assertNotIn(row, self.rep1.get("/plans?opportunity=%d&after=%d" % (self.oid, self.pid)).body)
        lang = user_lang("rep1")
        for query, name, key in (("opportunity=abc", "opportunity", "form.bad_number"),
                                 ("opportunity=-5", "opportunity", None),
                                 ("after=x1", "after", "form.bad_number"),
                                 ("after=0", "after", None),
                                 ("opportunity=%d&opportunity=1" % self.oid, "opportunity", "form.duplicate")):
            with self.subTest(query=query):
                r = self.rep1.get("/plans?" + query)
                self.assertStatus(r, 400)
                problems = element_text(r.body, "query-problems") or ""
                self.assertIn(name + "=", problems)
                if key:
                    self.assertIn(lang_value(key, lang), problems)
                self.assertNotIn(row, r.body)
                self.assertIn('href="/plans"', r.body)
        # another team's reader: the opportunity filter and the owner's cursor reveal nothing
        rep3 = client("rep3")
        for query in ("opportunity=%d" % self.oid, "after=%d" % (self.pid + 1),
                      "opportunity=%d&after=%d" % (self.oid, self.pid + 1)):
            with self.subTest(query=query):
                r = rep3.get("/plans?" + query)
                self.assertStatus(r, 200)
                self.assertNotIn(row, r.body)
                self.assertNotIn(self.topic, r.body)
                self.assertNotIn(self.cname, r.body)

    def test_bottom_lines_by_role(self):
        for u in ("rep1", "mgr1", "dir1", "vp1", "exec1"):
            r = client(u).get("/plans/%d" % self.pid)
            self.assertStatus(r, 200, u)
            self.assertTrue(has_id(r.body, "plan-bottom-lines"), u)
            self.assertIn(MIN_PRICE_SHOWN, element_text(r.body, "plan-min-price") or "", u)
        r = client("rep2").get("/plans/%d" % self.pid)
        self.assertStatus(r, 200, "rep2 reads the shared customer")
        self.assertFalse(has_id(r.body, "plan-bottom-lines"))
        self.assertFalse(has_id(r.body, "plan-min-price"))
        self.assertNotIn("Beta Corp", r.body)
        self.assertNotIn(MIN_PRICE_SHOWN, r.body)
        self.assertFalse(has_id(r.body, "edit-plan"))
        for u in ("rep3", "admin"):
            self.assertStatus(client(u).get("/plans/%d" % self.pid), 404, u)
            self.assertNotIn('data-plan-id="%d"' % self.pid, client(u).get("/plans").body if u != "admin" else "")
        self.assertStatus(client("rep2").get("/plans/%d/edit" % self.pid), 404)
        self.assertStatus(client("rep2").get("/plans/new?opportunity_id=%d" % self.oid), 404)
        self.assertStatus(client("rep3").get("/plans/new?opportunity_id=%d" % self.oid), 404)
        # A reader who may not edit cannot create or update: 404, nothing written.
        before = plan_count()
        rep2 = client("rep2")
        rep2.get("/plans")
        self.assertStatus(rep2.post("/plans", plan_fields(self.oid, "Not mine")), 404)
        self.assertEqual(plan_count(), before)
        self.assertStatus(rep2.post("/plans/%d" % self.pid, plan_fields(self.oid, "Hijacked")), 404)
        self.assertEqual(db_value("SELECT topic FROM plans WHERE id=%d" % self.pid), self.topic)

    def test_margins_restricted(self):
        dir1 = client("dir1")
        r = dir1.get("/plans/%d/edit" % self.pid)
        self.assertStatus(r, 200)
        f = form_values(r.body, "/plans/%d" % self.pid)
        self.assertIsNotNone(f)
        self.assertEqual(f.get("batna"), BATNA)
        self.assertEqual(f.get("min_price"), "1200000.00")
        f["min_margin"] = "18.5"
        f["walkaway_margin"] = "15"
        r = dir1.post("/plans/%d" % self.pid, list(f.items()))
        self.assertRedirect(r, "/plans/%d" % self.pid)
        restr = db_value("SELECT IFNULL(restricted_enc,'') FROM plans WHERE id=%d" % self.pid)
        self.assertTrue(restr)
        self.assertNotIn("margin", restr)
        detail = db_value("SELECT detail FROM audit_log WHERE action='plan.update' AND entity_id=%d "
                          "ORDER BY id DESC LIMIT 1" % self.pid)
        self.assertIn("margins", detail)
        self.assertNotIn("18", detail)
        for u in ("dir1", "vp1", "exec1"):
            r = client(u).get("/plans/%d" % self.pid)
            self.assertEqual(element_text(r.body, "plan-min-margin"), "18.5%", u)
            self.assertEqual(element_text(r.body, "plan-walkaway-margin"), "15%", u)
        for u in ("rep1", "mgr1", "rep2"):
            r = client(u).get("/plans/%d" % self.pid)
            self.assertFalse(has_id(r.body, "plan-margins"), u)
            self.assertFalse(has_id(r.body, "plan-min-margin"), u)
        # The owner saving the plan (without the restricted fields) keeps the margins.
        rep1 = client("rep1")
        r = rep1.get("/plans/%d/edit" % self.pid)
        f = form_values(r.body, "/plans/%d" % self.pid)
        self.assertNotIn("min_margin", f)
        f["min_margin"] = "1"   # posted without the tier: ignored
        f["place"] = "Video call"
        r = rep1.post("/plans/%d" % self.pid, list(f.items()))
        self.assertRedirect(r, "/plans/%d" % self.pid)
        self.assertEqual(db_value("SELECT IFNULL(restricted_enc,'') FROM plans WHERE id=%d" % self.pid), restr)
        r = client("dir1").get("/plans/%d" % self.pid)
        self.assertEqual(element_text(r.body, "plan-min-margin"), "18.5%")
        self.assertEqual(element_text(r.body, "plan-place"), "Video call")
        detail = db_value("SELECT detail FROM audit_log WHERE action='plan.update' AND entity_id=%d "
                          "ORDER BY id DESC LIMIT 1" % self.pid)
        self.assertEqual(detail, "changed: place")

    # ---------------------------------------------------------------- validation
    def post_invalid(self, status=422, **extra):
        before = plan_count()
        rep1 = client("rep1")
        rep1.get("/plans/new?opportunity_id=%d" % self.oid)
        topic = extra.pop("topic", "Invalid " + token("x"))
        r = rep1.post("/plans", plan_fields(self.oid, topic, **extra))
        self.assertStatus(r, status)
        self.assertEqual(plan_count(), before, "nothing written")
        # Typed values kept.
        self.assertEqual(input_value(r.body, "place"), "Customer HQ, room 3")
        self.assertEqual(input_value(r.body, "offers.0.label"), "Basic")
        self.assertEqual(input_value(r.body, "offers.1.label"), "Upgraded")
        return r

    def test_missing_topic(self):
        r = self.post_invalid(topic="")
        self.assertTrue(has_id(r.body, "err-topic"))

    def test_bad_percent(self):
        r = self.post_invalid(max_discount="abc")
        self.assertTrue(has_id(r.body, "err-max_discount"))
        self.assertEqual(input_value(r.body, "max_discount"), "abc")

    def test_ladder_zero(self):
        r = self.post_invalid(ladder_step="0")
        self.assertTrue(has_id(r.body, "err-ladder_step"))
        self.assertEqual(input_value(r.body, "ladder_step"), "0")

    def test_three_offers_refused(self):
        self.post_invalid(**{"offers.2.label": "Premium", "offers.2.description": "x"})

    def test_add_row_keeps_typed_rows(self):
        before = plan_count()
        rep1 = client("rep1")
        rep1.get("/plans/new?opportunity_id=%d" % self.oid)
        fields = plan_fields(self.oid, "Row test") + [("theirs.0.contact_id", str(self.contacts["Li Haggler"])),
                                                      ("theirs.0.role", "Haggles"), ("add", "theirs")]
        r = rep1.post("/plans", fields)
        self.assertStatus(r, 200)
        self.assertEqual(plan_count(), before)
        self.assertEqual(input_value(r.body, "theirs.0.role"), "Haggles")
        self.assertEqual(input_value(r.body, "theirs.1.role"), "")
        self.assertEqual(input_value(r.body, "offers.1.label"), "Upgraded")
        self.assertEqual(input_value(r.body, "topic"), "Row test")
        # Remove the first offer: the second moves up.
        fields = plan_fields(self.oid, "Row test") + [("remove", "offers.0")]
        r = rep1.post("/plans", fields)
        self.assertStatus(r, 200)
        self.assertEqual(plan_count(), before)
        self.assertEqual(input_value(r.body, "offers.0.label"), "Upgraded")
        self.assertIsNone(input_value(r.body, "offers.1.label"))

    # ---------------------------------------------------------------- needs report
    def test_needs_report(self):
        rep1 = client("rep1")
        r = rep1.get("/opportunities/%d/needs/new" % self.oid)
        self.assertStatus(r, 200)
        self.assertTrue(has_id(r.body, "f-budget_min"))
        fields = [("researched_on", "2026-11-20"), ("method", "interview"), ("current_situation", "Manual ERP"),
                  ("pains.0.text", "Slow month-end close"), ("pains.0.priority", "2"),
                  ("pains.1.text", "Inventory errors"), ("pains.1.priority", "1"),
                  ("pains.2.text", ""), ("pains.2.priority", ""),
                  ("expected_goals", "Close in 3 days"), ("budget_currency", "CNY"), ("budget_min", "800,000"),
                  ("budget_max", "1,000,000.50"), ("decision_process", "CFO decides; IT recommends"),
                  ("needs.0.text", "Multi-warehouse"), ("needs.0.class", "must"),
                  ("needs.1.text", "Mobile app"), ("needs.1.class", "should"),
                  ("needs.2.text", "Dark mode"), ("needs.2.class", "could"),
                  ("needs.3.text", ""), ("needs.3.class", "must"),
                  ("confirmed_on", "")]
        # The add-row button saves nothing.
        before = db_int("SELECT COUNT(*) FROM needs_reports")
        r = rep1.post("/opportunities/%d/needs" % self.oid, fields + [("add", "needs")])
        self.assertStatus(r, 200)
        self.assertEqual(input_value(r.body, "needs.2.text"), "Dark mode")
        self.assertEqual(input_value(r.body, "needs.4.text"), "")
        self.assertEqual(db_int("SELECT COUNT(*) FROM needs_reports"), before)
        # Validation.
        r = rep1.post("/opportunities/%d/needs" % self.oid,
                      [(k, "abc" if k == "budget_min" else v) for k, v in fields])
        self.assertStatus(r, 422)
        self.assertEqual(input_value(r.body, "budget_min"), "abc")
        self.assertEqual(db_int("SELECT COUNT(*) FROM needs_reports"), before)
        r = rep1.post("/opportunities/%d/needs" % self.oid, fields)
        self.assertRedirect(r, lambda loc: re.match(r"^/needs/\d+$", loc) is not None)
        nid = int(r.location.rsplit("/", 1)[1])
        enc = db_value("SELECT IFNULL(budget_range_enc,'') FROM needs_reports WHERE id=%d" % nid)
        self.assertTrue(enc)
        self.assertNotIn("80000000", enc)
        self.assertNotIn("CNY", enc)
        items = db_query("SELECT kind, text, IFNULL(priority,0), IFNULL(class,'') FROM needs_report_items "
                         "WHERE report_id=%d ORDER BY kind, position" % nid)
        self.assertEqual(len(items), 5)
        r = rep1.get("/needs/%d" % nid)
        self.assertStatus(r, 200)
        self.assertEqual(element_text(r.body, "needs-must"), "Multi-warehouse")
        self.assertEqual(element_text(r.body, "needs-should"), "Mobile app")
        self.assertEqual(element_text(r.body, "needs-could"), "Dark mode")
        pains = element_text(r.body, "needs-pains")
        self.assertLess(pains.index("Inventory errors"), pains.index("Slow month-end close"))
        budget = element_text(r.body, "needs-budget")
        self.assertIn("800,000.00", budget)
        self.assertIn("1,000,000.50", budget)
        for u in ("mgr1", "dir1", "vp1", "exec1"):
            self.assertIn("800,000.00", element_text(client(u).get("/needs/%d" % nid).body, "needs-budget") or "",
                          u)
        r = client("rep2").get("/needs/%d" % nid)
        self.assertStatus(r, 200)
        self.assertFalse(has_id(r.body, "needs-budget"))
        self.assertNotIn("800,000", r.body)
        for u in ("rep3", "admin"):
            self.assertStatus(client(u).get("/needs/%d" % nid), 404, u)
            self.assertStatus(client(u).get("/opportunities/%d/needs" % self.oid), 404, u)
        r = rep1.get("/opportunities/%d/needs" % self.oid)
        self.assertIn('data-needs-id="%d"' % nid, r.body)
        self.assertEqual(audit_count("action='needs.create' AND entity_id=%d" % nid), 1)
        # Edit round trip keeps everything; changing one need is recorded by name.
        r = rep1.get("/needs/%d/edit" % nid)
        self.assertStatus(r, 200)
        f = form_values(r.body, "/needs/%d" % nid)
        self.assertEqual(f.get("budget_min"), "800000.00")
        r = rep1.post("/needs/%d" % nid, list(f.items()))
        self.assertRedirect(r, "/needs/%d" % nid)
        self.assertEqual(audit_count("action='needs.update' AND entity_id=%d" % nid), 0, "nothing changed")
        f["needs.1.class"] = "must"
        r = rep1.post("/needs/%d" % nid, list(f.items()))
        self.assertRedirect(r, "/needs/%d" % nid)
        self.assertEqual(audit_count("action='needs.update' AND entity_id=%d" % nid), 1)
        self.assertIn("Mobile app", element_text(rep1.get("/needs/%d" % nid).body, "needs-must"))


if __name__ == "__main__":
    main()
