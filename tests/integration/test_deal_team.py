#!/usr/bin/env python3
"""Deal team with RACI: exactly one A; changes only by the deal's owner, their manager chain or an
administrator (others refused and audited); a member from outside the owner's line (rep3) sees the
customer, the opportunity and its records at the internal tier — the canary budget never reaches them —
and loses the access as soon as they are removed. Their manager (mgr2) gains nothing."""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from parleytest import ParleyTestCase, audit_count, db_int, db_query, main, user_id  # noqa: E402
from custtest import client, create_customer, edit_form, token  # noqa: E402
from test_canary import group, make_canary  # noqa: E402


class DealTeamTest(ParleyTestCase):
    @classmethod
    def setUpClass(cls):
        cls.uid = {u: user_id(u) for u in ("rep1", "rep2", "rep3", "mgr1", "mgr2")}
        whole, cents = make_canary()
        cls.plain = "%d.%02d" % (whole, cents)
        cls.variants = (cls.plain, "%s.%02d" % (group(whole), cents), str(whole), group(whole))
        rep1 = client("rep1")
        cls.cname = "%s 交易团队客户" % token("dt")
        cls.cid = create_customer(rep1, cls.cname)
        r, f = edit_form(rep1, cls.cid)
        f["budget_ceiling"] = cls.plain
        r = rep1.post("/customers/%d" % cls.cid, f)
        if r.status != 303:
            raise AssertionError("setting the budget failed:\n" + r.describe())
        rep1.fetch_csrf("/opportunities/new?customer_id=%d" % cls.cid)
        r = rep1.post("/opportunities", {
            "customer_id": str(cls.cid), "title": "Deal team rollout", "stage": "3", "currency": "CNY",
            "list_price": "1,000,000", "initial_quote": "", "current_offer": "", "final_price": "",
            "expected_close": "", "status": "open", "lost_reason": ""})
        if r.status != 303:
            raise AssertionError("creating the opportunity failed:\n" + r.describe())
        cls.oid = int(r.location.rsplit("/", 1)[1])

    def add(self, who, user, raci, function="none"):
        c = client(who)
        c.fetch_csrf("/")
        return c.post("/opportunities/%d/team" % self.oid,
                      {"user": str(self.uid[user] if user in self.uid else user), "raci": raci, "function": function})

    def member_id(self, user):
        return db_int("SELECT id FROM deal_team WHERE opportunity_id=%d AND user_id=%d" % (self.oid, self.uid[user]))

    def remove(self, who, user):
        c = client(who)
        c.fetch_csrf("/")
        return c.post("/opportunities/%d/team/%d/remove" % (self.oid, self.member_id(user)), {})

    def assertNoCanary(self, body, where):
        for v in self.variants:
            self.assertNotIn(v, body, "canary in %s" % where)

    def sees(self, who):
        c = client(who)
        pages = [c.get("/customers/%d" % self.cid), c.get("/opportunities/%d" % self.oid)]
        for p in pages:
            self.assertNoCanary(p.body, "%s's page" % who)
        return [p.status for p in pages]

    def test_grant_and_revoke(self):
        self.assertEqual(self.sees("rep3"), [404, 404])
        # the first member is the accountable one
        r = self.add("rep1", "rep3", "C", "technical")
        self.assertStatus(r, 422)
        self.assertEqual(db_int("SELECT COUNT(*) FROM deal_team WHERE opportunity_id=%d" % self.oid), 0)
        # nobody adds themselves, and only the people the form offers are accepted
        r = self.add("rep1", "rep1", "A", "sales")
        self.assertStatus(r, 422)
        self.assertIn('id="form-error"', r.body)
        # Whom the form offers depends on what earlier tests left (delegations, functions): take an active
        # sales user it does not offer, and the server must refuse that one.
        offered = client("rep1").get("/opportunities/%d" % self.oid).body
        form = re.sub(r'(?s)</form>.*', "", re.sub(r'(?s).*id="deal-team-add"', "", offered))
        shown = [int(x) for x in re.findall(r'<option value="(\d+)"', form)] + [self.uid["rep1"]]
        outsider = db_int("SELECT id FROM users WHERE active=1 AND role <> 'admin' "
                          "AND id NOT IN (%s) ORDER BY id LIMIT 1" % ",".join(str(i) for i in shown))
        self.assertIsNotNone(outsider)
        self.assertStatus(self.add("rep1", outsider, "A", "finance"), 422)
        self.assertEqual(db_int("SELECT COUNT(*) FROM deal_team WHERE opportunity_id=%d" % self.oid), 0)
        self.assertRedirect(self.add("rep1", "mgr1", "A", "sales"), "/opportunities/%d" % self.oid)
        # exactly one A
        self.assertStatus(self.add("rep1", "rep2", "A"), 422)
        before = audit_count("action='deal_team.add' AND entity_id=%d" % self.oid)
        self.assertRedirect(self.add("rep1", "rep3", "C", "technical"), "/opportunities/%d" % self.oid)
        self.assertEqual(audit_count("action='deal_team.add' AND entity_id=%d" % self.oid), before + 1)
        # rep3 (team 2) now sees the customer and the opportunity, never the budget
        self.assertEqual(self.sees("rep3"), [200, 200])
        r = client("rep3").get("/customers/%d" % self.cid)
        self.assertIn(self.cname, r.body)
        r = client("rep3").get("/opportunities/%d" % self.oid)
        self.assertIn('data-raci="C"', r.body)
        self.assertNotIn('id="deal-team-add"', r.body)
        # in the customer list too; not editable
        self.assertIn('data-customer-id="%d"' % self.cid, client("rep3").get("/customers?q=%s" % self.cname.split()[0]).body)
        self.assertStatus(client("rep3").get("/customers/%d/edit" % self.cid), 404)
        # their manager gains nothing
        self.assertEqual(self.sees("mgr2"), [404, 404])
        # the member may not change the team: refused and audited
        refused = audit_count("action='deal_team.refused' AND entity_id=%d" % self.oid)
        self.assertStatus(self.add("rep3", "rep2", "I"), 403)
        self.assertStatus(self.remove("rep3", "mgr1"), 403)
        self.assertStatus(self.add("mgr2", "rep2", "I"), 404)
        self.assertEqual(audit_count("action='deal_team.refused' AND entity_id=%d" % self.oid), refused + 3)
        # the A goes last
        self.assertStatus(self.remove("rep1", "mgr1"), 422)
        # removed: the access ends at once
        self.assertRedirect(self.remove("rep1", "rep3"), "/opportunities/%d" % self.oid)
        self.assertEqual(self.sees("rep3"), [404, 404])
        self.assertEqual(audit_count("action='deal_team.remove' AND entity_id=%d" % self.oid), 1)

    def test_z_admin_and_manager_may_change(self):
        # mgr1 (the owner's manager) and admin may change a team; admin still sees no sales data
        self.assertStatus(self.add("mgr1", "rep2", "A"), (303, 422))
        self.assertStatus(self.add("admin", "mgr2", "I", "finance"), (303, 422))
        self.assertStatus(client("admin").get("/opportunities/%d" % self.oid), 404)



class ReassignAndFunctionTest(ParleyTestCase):
    def test_reassigned_customer_takes_its_open_opportunities(self):
        rep1, mgr1 = client("rep1"), client("mgr1")
        uid = {u: user_id(u) for u in ("rep1", "rep2")}
        cid = create_customer(rep1, "%s 移交客户" % token("ra"))
        rep1.fetch_csrf("/opportunities/new?customer_id=%d" % cid)
        oids = []
        for title in ("Move open", "Move won"):
            r = rep1.post("/opportunities", {
                "customer_id": str(cid), "title": title, "stage": "3", "currency": "CNY",
                "list_price": "1,000", "initial_quote": "", "current_offer": "", "final_price": "900",
                "expected_close": "", "status": "open", "lost_reason": ""})
            self.assertStatus(r, 303, r.describe())
            oids.append(int(r.location.rsplit("/", 1)[1]))
        # the second is won (closing it through its page is the closing tests' business)
        db_query("UPDATE opportunities SET status='won', updated_at=UTC_TIMESTAMP() WHERE id=%d" % oids[1])
        mgr1.fetch_csrf("/customers/%d" % cid)
        self.assertRedirect(mgr1.post("/customers/%d/reassign" % cid, {"owner_id": str(uid["rep2"])}),
                            "/customers/%d" % cid)
        self.assertEqual(db_int("SELECT owner_id FROM opportunities WHERE id=%d" % oids[0]), uid["rep2"])
        # a closed deal stays with who closed it
        self.assertEqual(db_int("SELECT owner_id FROM opportunities WHERE id=%d" % oids[1]), uid["rep1"])

    def test_admin_sets_a_users_function(self):
        admin = client("admin")
        rep2 = user_id("rep2")
        r = admin.get("/admin/users/%d/function" % rep2)
        self.assertStatus(r, 200)
        admin.fetch_csrf("/admin/users/%d/function" % rep2)
        self.assertStatus(admin.post("/admin/users/%d/function" % rep2, {"function": "wizard"}), 422)
        before = audit_count("action='user.function' AND entity_id=%d" % rep2)
        self.assertRedirect(admin.post("/admin/users/%d/function" % rep2, {"function": "legal"}), "/admin/users/%d" % rep2)
        self.assertEqual(audit_count("action='user.function' AND entity_id=%d" % rep2), before + 1)
        from parleytest import db_value
        self.assertEqual(db_value("SELECT function FROM users WHERE id=%d" % rep2), "legal")
        # only administrators
        self.assertStatus(client("mgr1").get("/admin/users/%d/function" % rep2), 404)
        self.assertRedirect(admin.post("/admin/users/%d/function" % rep2, {"function": "none"}), "/admin/users/%d" % rep2)

if __name__ == "__main__":
    main()
