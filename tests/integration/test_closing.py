#!/usr/bin/env python3
"""Closing an opportunity (docs/closing.md) over HTTP: the closing form asks for a structured reason
(422 with the message and everything typed kept on bad input), another team's opportunity is a 404,
the edit form cannot set won or lost, the final price is compared with the list price for everyone who
sees the opportunity and with the plan's floor only for readers of the plan's confidential tier (rep2
sees the opportunity but no floor, no comparison with it, no sign of it), reopening needs a reason and
is audited, and the admin edits the lists."""
import os
import re
import secrets
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from parleytest import ParleyTestCase, audit_count, db_int, db_query, db_value, main  # noqa: E402
from custtest import client, create_customer, form_values, has_id, token  # noqa: E402


def reason_id(code):
    return db_int("SELECT id FROM closing_choices WHERE list='reason' AND code='%s'" % code)


def create_opp(c, cid, title, list_price="1,000,000"):
    c.get("/opportunities/new?customer_id=%d" % cid)
    r = c.post("/opportunities", {
        "customer_id": str(cid), "title": title, "stage": "5", "currency": "CNY", "list_price": list_price,
        "initial_quote": "", "current_offer": "950000", "final_price": "", "expected_close": "",
        "status": "open"})
    assert r.status == 303, r.describe()
    return int(r.location.rsplit("/", 1)[1])


def add_plan(c, oid, floor):
    c.get("/plans/new?opportunity_id=%d" % oid)
    r = c.post("/plans", {
        "opportunity_id": str(oid), "topic": "Closing plan", "strategy": "concession", "meeting_on": "",
        "start_time": "", "place": "", "must_goals": "x", "concedable_goals": "", "agenda": "",
        "counter_proposals": "", "ladder_step": "3", "ladder_asks": "", "batna": "",
        "min_price": floor, "max_discount": "10", "max_payment_days": "60",
        "walkaway_payment_days": "", "min_margin": "", "walkaway_margin": ""})
    assert r.status == 303, r.describe()


class ClosingTest(ParleyTestCase):
    @classmethod
    def setUpClass(cls):
        cls.rep1 = client("rep1")
        cls.rep2 = client("rep2")
        cls.rep3 = client("rep3")
        cls.admin = client("admin")
        cls.cid = create_customer(cls.rep1, "%s 关闭客户" % token("close"), shared_with_team="1")
        # A floor no other test uses, in fen: 812,345.67 against a list price of 1,000,000.
        cls.floor_w = 800000 + secrets.randbelow(99999)
        cls.floor = "%d.67" % cls.floor_w
        cls.comp = "Rival %s" % token("k")
        r = cls.admin.get("/admin/closing")
        assert r.status == 200, r.describe()
        r = cls.admin.post("/admin/closing", {"list": "competitor", "label_zh": cls.comp, "label_en": cls.comp,
                                              "position": "5"})
        assert r.status == 303, r.describe()
        cls.comp_id = db_int("SELECT id FROM closing_choices WHERE list='competitor' AND label_zh='%s'" % cls.comp)

    def close_fields(self, **kw):
        f = {"outcome": "won", "primary_reason": str(reason_id("price")), "secondary_reason": "",
             "competitor": "", "final_price": "900,000", "tactic": "", "notes": ""}
        f.update(kw)
        return f

    def test_close_won_with_floor_for_readers_only(self):
        oid = create_opp(self.rep1, self.cid, "Won deal " + token("w"))
        add_plan(self.rep1, oid, self.floor)
        r = self.rep1.get("/opportunities/%d/close" % oid)
        self.assertStatus(r, 200, "closing form")
        self.assertIn("{:,}".format(self.floor_w), r.body, "the owner sees the floor on the form")
        self.assertIn(self.comp, r.body, "competitors are offered")
        before = audit_count("action='opportunity.close' AND entity_id=%d" % oid)
        r = self.rep1.post("/opportunities/%d/close" % oid, self.close_fields(
            secondary_reason=str(reason_id("trust")), tactic="Anchored on the 3-year TCO", notes="signed"))
        self.assertRedirect(r, "/opportunities/%d" % oid, "close")
        self.assertEqual(db_value("SELECT status FROM opportunities WHERE id=%d" % oid), "won")
        self.assertEqual(db_int("SELECT final_price FROM opportunities WHERE id=%d" % oid), 90000000)
        row = db_query("SELECT outcome, primary_reason_id, secondary_reason_id, IFNULL(competitor_id,0), tactic "
                       "FROM opportunity_closings WHERE opportunity_id=%d" % oid)
        self.assertEqual(row, [["won", str(reason_id("price")), str(reason_id("trust")), "0",
                                "Anchored on the 3-year TCO"]])
        self.assertEqual(db_value("SELECT status FROM opportunity_stages WHERE opportunity_id=%d "
                                  "ORDER BY id DESC LIMIT 1" % oid), "won")
        self.assertEqual(audit_count("action='opportunity.close' AND entity_id=%d" % oid), before + 1)
        self.assertNotIn("90000000", db_value("SELECT detail FROM audit_log WHERE action='opportunity.close' "
                                              "AND entity_id=%d ORDER BY id DESC LIMIT 1" % oid))
        # The owner: against the list price (10 % below) and the floor (above).
        page = self.rep1.get("/opportunities/%d" % oid)
        self.assertStatus(page, 200)
        self.assertIn('class="closing-vs-list" data-sign="below"', page.body)
        self.assertIn("(10%)", page.body)
        self.assertIn('class="closing-vs-floor" data-sign="above"', page.body)
        self.assertIn("{:,}".format(self.floor_w), page.body)
        self.assertIn("Anchored on the 3-year TCO", page.body)
        self.assertTrue(has_id(page.body, "reopen-opportunity"))
        # rep2 sees the opportunity (shared with the team) but not the floor: no value, no comparison,
        # no label of one — the page is the same as for a deal without a plan.
        other = self.rep2.get("/opportunities/%d" % oid)
        self.assertStatus(other, 200, "rep2 sees the shared opportunity")
        self.assertIn('class="closing-vs-list"', other.body)
        self.assertNotIn("closing-vs-floor", other.body)
        self.assertNotIn("closing-floor", other.body)
        digits = re.sub(r"[^0-9]", "", other.body)
        self.assertNotIn(str(self.floor_w), digits, "no trace of the floor for rep2")
        for s in ("底线", "floor", "Floor"):
            self.assertNotIn(s, other.body)
        self.assertStatus(self.rep2.get("/opportunities/%d/close" % oid), 404, "rep2 may not close it")
        # mgr1 (the owner's manager) reads the floor too.
        self.assertIn("closing-vs-floor", client("mgr1").get("/opportunities/%d" % oid).body)

    def test_bad_input_is_422_with_values_kept(self):
        oid = create_opp(self.rep1, self.cid, "Bad close " + token("b"))
        cases = [
            (dict(outcome="", primary_reason="", tactic="kept tactic 一"), ("outcome", "primary_reason")),
            (dict(primary_reason="999999999", tactic="kept tactic 二"), ("primary_reason",)),
            (dict(primary_reason=str(self.comp_id), tactic="kept tactic 三"), ("primary_reason",)),
            (dict(final_price="", tactic="kept tactic 四"), ("final_price",)),
            (dict(final_price="12,34.5", tactic="kept tactic 五"), ("final_price",)),
            (dict(secondary_reason=str(reason_id("price")), tactic="kept tactic 六"), ("secondary_reason",)),
            (dict(competitor=str(self.comp_id), tactic="kept tactic 七"), ("competitor",)),
            (dict(outcome="lost", primary_reason=str(reason_id("competitor")), final_price="",
                  tactic="kept tactic 八"), ("competitor",)),
            (dict(outcome="draw", tactic="kept tactic 九"), ("outcome",)),
        ]
        for fields, errs in cases:
            r = self.rep1.post("/opportunities/%d/close" % oid, self.close_fields(**fields))
            self.assertStatus(r, 422, repr(fields))
            for e in errs:
                self.assertIn('id="err-%s"' % e, r.body, "%r: message at %s" % (fields, e))
            self.assertIn(fields["tactic"], r.body, "what was typed is kept")
        self.assertEqual(db_value("SELECT status FROM opportunities WHERE id=%d" % oid), "open")
        self.assertEqual(db_int("SELECT COUNT(*) FROM opportunity_closings WHERE opportunity_id=%d" % oid), 0)

    def test_other_team_gets_404(self):
        oid = create_opp(self.rep1, self.cid, "Hidden " + token("h"))
        for path in ("/opportunities/%d/close", "/opportunities/%d/reopen"):
            self.assertStatus(self.rep3.get(path % oid), 404)
            r = self.rep3.post(path % oid, dict(self.close_fields(), reason="x"))
            self.assertStatus(r, 404, "rep3 posts to team 1's opportunity")
        self.assertEqual(db_value("SELECT status FROM opportunities WHERE id=%d" % oid), "open")
        # A team-2 user's own ids do not open team 1's rows either.
        self.assertStatus(self.rep3.get("/opportunities/999999999/close"), 404)

    def test_edit_form_cannot_close(self):
        oid = create_opp(self.rep1, self.cid, "Edit " + token("e"))
        r = self.rep1.get("/opportunities/%d/edit" % oid)
        f = form_values(r.body, "/opportunities/%d" % oid)
        self.assertNotIn("won", re.findall(r'<option value="(\w+)"', r.body))
        f["status"] = "won"
        f["title"] = "typed title kept"
        r = self.rep1.post("/opportunities/%d" % oid, list(f.items()))
        self.assertStatus(r, 422)
        self.assertIn('id="err-status"', r.body)
        self.assertIn("typed title kept", r.body)
        self.assertEqual(db_value("SELECT status FROM opportunities WHERE id=%d" % oid), "open")

    def test_lost_to_competitor_then_reopen(self):
        oid = create_opp(self.rep1, self.cid, "Lost " + token("l"))
        r = self.rep1.post("/opportunities/%d/close" % oid, self.close_fields(
            outcome="lost", primary_reason=str(reason_id("competitor")), competitor=str(self.comp_id),
            final_price=""))
        self.assertRedirect(r, "/opportunities/%d" % oid)
        self.assertEqual(db_query("SELECT status, lost_reason, final_price IS NULL FROM opportunities WHERE id=%d"
                                  % oid), [["lost", "竞争对手", "1"]])
        page = self.rep1.get("/opportunities/%d" % oid).body
        self.assertIn(self.comp, page)
        # Closing twice is refused.
        r = self.rep1.post("/opportunities/%d/close" % oid, self.close_fields())
        self.assertStatus(r, 422)
        # Reopening: a reason is required; the edit form cannot do it.
        r = self.rep1.get("/opportunities/%d/edit" % oid)
        f = form_values(r.body, "/opportunities/%d" % oid)
        f["status"] = "open"
        self.assertStatus(self.rep1.post("/opportunities/%d" % oid, list(f.items())), 422)
        self.assertStatus(self.rep1.get("/opportunities/%d/reopen" % oid), 200)
        r = self.rep1.post("/opportunities/%d/reopen" % oid, {"reason": "  "})
        self.assertStatus(r, 422)
        self.assertIn('id="err-reason"', r.body)
        before = audit_count("action='opportunity.reopen' AND entity_id=%d" % oid)
        r = self.rep1.post("/opportunities/%d/reopen" % oid, {"reason": "Rival failed the pilot"})
        self.assertRedirect(r, "/opportunities/%d" % oid)
        self.assertEqual(db_query("SELECT status, lost_reason, closed_at IS NULL FROM opportunities WHERE id=%d"
                                  % oid), [["open", "", "1"]])
        self.assertEqual(db_query("SELECT reopen_reason, reopened_by IS NOT NULL FROM opportunity_closings "
                                  "WHERE opportunity_id=%d" % oid), [["Rival failed the pilot", "1"]])
        self.assertEqual(audit_count("action='opportunity.reopen' AND entity_id=%d" % oid), before + 1)
        page = self.rep1.get("/opportunities/%d" % oid).body
        self.assertIn("Rival failed the pilot", page)
        self.assertTrue(has_id(page, "close-opportunity"))
        # Reopening an open one is refused; closing again adds a second closing.
        self.assertStatus(self.rep1.post("/opportunities/%d/reopen" % oid, {"reason": "again"}), 422)
        r = self.rep1.post("/opportunities/%d/close" % oid, self.close_fields())
        self.assertRedirect(r, "/opportunities/%d" % oid)
        self.assertEqual(db_int("SELECT COUNT(*) FROM opportunity_closings WHERE opportunity_id=%d" % oid), 2)

    def test_admin_lists(self):
        self.assertIn(self.rep1.get("/admin/closing").status, (403, 404))
        r = self.admin.post("/admin/closing", {"list": "competitor", "label_zh": self.comp, "label_en": "dup",
                                               "position": "1"})
        self.assertStatus(r, 422, "a name already in the list")
        self.assertIn('id="err-label_zh"', r.body)
        self.assertIn('value="dup"', r.body)
        r = self.admin.post("/admin/closing", {"list": "neither", "label_zh": "", "label_en": "kept en",
                                               "position": "x"})
        self.assertStatus(r, 422)
        for e in ("list", "label_zh", "position"):
            self.assertIn('id="err-%s"' % e, r.body)
        self.assertIn('value="kept en"', r.body)
        name = "Old rival " + token("o")
        r = self.admin.post("/admin/closing", {"list": "competitor", "label_zh": name, "label_en": name,
                                               "position": ""})
        self.assertStatus(r, 303)
        cid = db_int("SELECT id FROM closing_choices WHERE label_zh='%s'" % name)
        self.assertStatus(self.admin.get("/admin/closing/%d/edit" % cid), 200)
        r = self.admin.post("/admin/closing/%d" % cid, {"label_zh": name, "label_en": name + " EN",
                                                        "position": "9"})
        self.assertStatus(r, 303)
        self.assertEqual(db_query("SELECT active, label_en FROM closing_choices WHERE id=%d" % cid),
                         [["0", name + " EN"]])
        # Out of use: no longer offered, and refused when posted.
        oid = create_opp(self.rep1, self.cid, "Retired rival " + token("r"))
        self.assertNotIn(name, self.rep1.get("/opportunities/%d/close" % oid).body)
        r = self.rep1.post("/opportunities/%d/close" % oid, self.close_fields(
            outcome="lost", competitor=str(cid), final_price=""))
        self.assertStatus(r, 422)
        self.assertIn('id="err-competitor"', r.body)
        self.assertStatus(self.admin.post("/admin/closing/999999999", {"label_zh": "a", "label_en": "b"}), 404)


if __name__ == "__main__":
    main()
