#!/usr/bin/env python3
"""The issue's walk-through over HTTP: rep1 requests 12 % off (manager then director); rep1 cannot approve
it; mgr1 approves; rep1 changes the requested value, which voids the chain; on the new version mgr1 and
dir1 approve; the record then accepts the concession with the request and refuses it without; rep3 and
mgr2 get 404 on the request. Every step is checked in the database and the audit log too."""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from parleytest import (Client, ParleyTestCase, audit_count, db_query, db_value, main, reset_clock,  # noqa: E402
                        unique_name, user_id)
from custtest import create_customer  # noqa: E402


def login(username):
    c = Client()
    c.login(username)
    return c


def steps(rid):
    """[(version, level, approver username, state, decided_by username)] of a request, oldest first."""
    return [(int(r[0]), int(r[1]), r[2], r[3], r[4]) for r in db_query(
        "SELECT s.version, s.level, a.username, s.state, IFNULL(d.username, '-') FROM approval_steps s "
        "JOIN users a ON a.id = s.approver_id LEFT JOIN users d ON d.id = s.decided_by "
        "WHERE s.request_id = %d ORDER BY s.version, s.level" % rid)]


def open_step(rid):
    return int(db_value("SELECT s.id FROM approval_steps s JOIN concession_requests r ON r.id = s.request_id "
                        "AND r.version = s.version WHERE s.request_id = %d AND s.state = 'pending' "
                        "ORDER BY s.level LIMIT 1" % rid))


class ConcessionFlowTest(ParleyTestCase):
    @classmethod
    def setUpClass(cls):
        reset_clock()
        cls.rep1 = login("rep1")
        cls.cid = create_customer(cls.rep1, "Flow customer " + unique_name("c"))

    def new_opportunity(self):
        """A fresh opportunity (list price ¥1,000,000) for each test, so that their amounts do not add up."""
        self.rep1.get("/opportunities/new?customer_id=%d" % self.cid)
        r = self.rep1.post("/opportunities", {
            "customer_id": str(self.cid), "title": "MES rollout", "stage": "4", "currency": "CNY",
            "list_price": "1,000,000", "initial_quote": "", "current_offer": "", "final_price": "",
            "expected_close": "", "status": "open", "lost_reason": ""})
        self.assertEqual(r.status, 303, r.describe())
        self.oid = int(r.location.rsplit("/", 1)[1])

    def file(self, client, requested, amount):
        r = client.get("/concessions/new?opportunity_id=%d" % self.oid)
        self.assertStatus(r, 200)
        return client.post("/concessions", {
            "opportunity_id": str(self.oid), "negotiation_id": "", "plan_id": "", "term": "price",
            "current_value": "1,000,000", "requested_value": requested, "amount": amount, "payment_days": "",
            "justification": "竞争对手报价低 15%，客户要求对齐", "counter_concession": "客户同意签三年合同",
            "urgency": "normal"})

    def decide(self, client, step, version, decision="approve", comment=""):
        client.fetch_csrf("/approvals")   # a page of the signed-in user carries the token, as in a browser
        return client.post("/approvals/%d" % step, {"decision": decision, "comment": comment,
                                                    "version": str(version), "on_behalf_of": ""})

    def record_fields(self, request_id):
        f = [("customer_id", str(self.cid)), ("opportunity_id", str(self.oid)), ("plan_id", ""),
             ("held_on", "2026-11-20"), ("start_time", "09:30"), ("end_time", "11:00"), ("place", ""),
             ("our_participants", "rep1"), ("their_participants", "CFO"), ("type", "price"), ("phase", "final"),
             ("status", "follow_up"), ("review_strengths", ""), ("review_improve", ""),
             ("review_relationship", ""), ("review_strategy", ""), ("review_moments", ""),
             ("concessions.0.term", "price"), ("concessions.0.from", "100 万"), ("concessions.0.to", "89 万"),
             ("concessions.0.value", "110,000"), ("concessions.0.discount", "11"),
             ("concessions.0.payment_days", ""), ("concessions.0.counter", "三年合同"),
             ("concessions.0.request", request_id)]
        return f

    def test_walk_through(self):
        self.new_opportunity()
        rep1, mgr1, dir1 = self.rep1, login("mgr1"), login("dir1")
        # 12 % of ¥1,000,000: manager, then director.
        r = self.file(rep1, "880,000", "120,000")
        self.assertEqual(r.status, 303, r.describe())
        m = re.match(r"^/concessions/(\d+)$", r.location or "")
        self.assertTrue(m, r.location)
        rid = int(m.group(1))
        self.assertEqual(db_value("SELECT CONCAT(state, ' ', levels, ' ', discount_bp, ' ', version) "
                                  "FROM concession_requests WHERE id = %d" % rid), "pending 2 1200 1")
        self.assertEqual(steps(rid), [(1, 1, "mgr1", "pending", "-"), (1, 2, "dir1", "waiting", "-")])
        page = rep1.get("/concessions/%d" % rid)
        self.assertStatus(page, 200)
        self.assertIn('data-levels="2"', page.body)

        # rep1 cannot approve their own request; the refusal is audited and changes nothing.
        refused = audit_count("action = 'approval.refused' AND entity_id = %d" % rid)
        r = self.decide(rep1, open_step(rid), 1)
        self.assertIn(r.status, (403, 404), r.describe())
        self.assertEqual(steps(rid)[0][3], "pending")
        self.assertEqual(audit_count("action = 'approval.refused' AND entity_id = %d" % rid), refused + 1)

        # mgr1 approves; the director's step opens.
        self.assertEqual(self.decide(mgr1, open_step(rid), 1).status, 303)
        self.assertEqual(steps(rid), [(1, 1, "mgr1", "approved", "mgr1"), (1, 2, "dir1", "pending", "-")])

        # rep1 changes the requested value: version 2, the old chain void, a fresh one from the manager.
        rep1.get("/concessions/%d/edit" % rid)
        r = rep1.post("/concessions/%d" % rid, {
            "term": "price", "current_value": "1,000,000", "requested_value": "890,000", "amount": "110,000",
            "payment_days": "", "justification": "客户预算上限 89 万", "counter_concession": "客户同意签三年合同",
            "urgency": "normal", "plan_id": ""})
        self.assertEqual(r.status, 303, r.describe())
        self.assertEqual(db_value("SELECT CONCAT(state, ' ', version) FROM concession_requests WHERE id = %d" % rid),
                         "pending 2")
        self.assertEqual(steps(rid), [(1, 1, "mgr1", "approved", "mgr1"), (1, 2, "dir1", "void", "-"),
                                      (2, 1, "mgr1", "pending", "-"), (2, 2, "dir1", "waiting", "-")])
        # The director's page from version 1 is out of date.
        old_step = int(db_value("SELECT id FROM approval_steps WHERE request_id = %d AND version = 1 AND level = 2"
                                % rid))
        self.assertEqual(self.decide(dir1, old_step, 1).status, 409)

        # The record refuses the concession before it is approved.
        rep1.get("/negotiations/new?customer_id=%d" % self.cid)
        r = rep1.post("/negotiations", self.record_fields(str(rid)))
        self.assertEqual(r.status, 422, r.describe())
        self.assertIn("/concessions/new?opportunity_id=%d" % self.oid, r.body)

        # mgr1, then dir1 approve version 2.
        self.assertEqual(self.decide(mgr1, open_step(rid), 2).status, 303)
        self.assertEqual(self.decide(dir1, open_step(rid), 2).status, 303)
        self.assertEqual(db_value("SELECT state FROM concession_requests WHERE id = %d" % rid), "approved")
        self.assertEqual(steps(rid)[2:], [(2, 1, "mgr1", "approved", "mgr1"), (2, 2, "dir1", "approved", "dir1")])
        for action in ("concession.file", "concession.change", "approval.decide"):
            self.assertGreaterEqual(audit_count("action = '%s' AND entity_id = %d" % (action, rid)), 1, action)

        # Without the request the record refuses the concession and points to filing one; with it, it is kept.
        rep1.get("/negotiations/new?customer_id=%d" % self.cid)
        r = rep1.post("/negotiations", self.record_fields(""))
        self.assertEqual(r.status, 422, r.describe())
        self.assertIn("/concessions/new?opportunity_id=%d" % self.oid, r.body)
        rep1.get("/negotiations/new?customer_id=%d" % self.cid)
        r = rep1.post("/negotiations", self.record_fields(str(rid)))
        self.assertEqual(r.status, 303, r.describe())
        nid = int(r.location.rsplit("/", 1)[1])
        self.assertEqual(db_value("SELECT request_id FROM negotiation_concessions WHERE negotiation_id = %d" % nid),
                         str(rid))
        self.assertIn('href="/concessions/%d"' % rid, rep1.get("/negotiations/%d" % nid).body)

        # Outside the reporting line the request does not exist.
        for u in ("rep3", "mgr2"):
            c = login(u)
            self.assertStatus(c.get("/concessions/%d" % rid), 404, u)
            self.assertNotIn('/concessions/%d"' % rid, c.get("/concessions").body, u)
            self.assertEqual(self.decide(c, old_step, 2).status, 404, u)
        self.assertEqual(user_id("rep1"), int(db_value("SELECT requester_id FROM concession_requests WHERE id = %d"
                                                       % rid)))


    def test_nobody_approves_their_own_request(self):
        """Self-approval by rep, manager, director over HTTP — directly and through a forged delegation —
        is refused and audited; the vp has nobody above and cannot file what needs approval; admin has no
        way in."""
        self.new_opportunity()
        for who in ("rep1", "mgr1", "dir1"):
            c = login(who)
            r = self.file(c, "920,000", "80,000")
            self.assertEqual(r.status, 303, "%s: %s" % (who, r.describe()))
            rid = int(r.location.rsplit("/", 1)[1])
            self.assertNotIn(who, [s[2] for s in steps(rid)], "%s holds a step of their own request" % who)
            step = open_step(rid)
            refused = audit_count("action = 'approval.refused' AND entity_id = %d" % rid)
            self.assertEqual(self.decide(c, step, 1).status, 403, who)
            # A delegation from the step's approver to the requester (not possible through the page: forged
            # in the database) does not help either.
            approver = db_value("SELECT approver_id FROM approval_steps WHERE id = %d" % step)
            db_query("INSERT INTO approval_delegations (delegator_id, delegate_id, starts_on, ends_on, created_at) "
                     "VALUES (%s, %d, UTC_DATE() - INTERVAL 1 DAY, UTC_DATE() + INTERVAL 1 DAY, UTC_TIMESTAMP())"
                     % (approver, user_id(who)))
            c.fetch_csrf("/approvals")
            r = c.post("/approvals/%d" % step, {"decision": "approve", "comment": "", "version": "1",
                                                "on_behalf_of": approver})
            self.assertEqual(r.status, 403, "%s on behalf of their approver: %s" % (who, r.describe()))
            db_query("UPDATE approval_delegations SET revoked_at = UTC_TIMESTAMP() WHERE delegate_id = %d "
                     "AND revoked_at IS NULL" % user_id(who))
            self.assertEqual(db_value("SELECT state FROM approval_steps WHERE id = %d" % step), "pending", who)
            self.assertEqual(audit_count("action = 'approval.refused' AND entity_id = %d" % rid), refused + 2, who)
            c.fetch_csrf("/concessions/%d" % rid)
            self.assertEqual(c.post("/concessions/%d/withdraw" % rid, {}).status, 303, who)
        # vp1 has nobody above: a request that needs approval cannot be filed at all.
        before = int(db_value("SELECT COUNT(*) FROM concession_requests"))
        r = self.file(login("vp1"), "700,000", "300,000")
        self.assertEqual(r.status, 422, r.describe())
        self.assertEqual(int(db_value("SELECT COUNT(*) FROM concession_requests")), before)
        # admin: no sales data, no decisions.
        admin = login("admin")
        any_step = int(db_value("SELECT MAX(id) FROM approval_steps"))
        admin.fetch_csrf("/")
        r = admin.post("/approvals/%d" % any_step, {"decision": "approve", "comment": "", "version": "1",
                                                    "on_behalf_of": ""})
        self.assertIn(r.status, (403, 404), r.describe())
        self.assertIn(admin.get("/concessions/new?opportunity_id=%d" % self.oid).status, (403, 404))

if __name__ == "__main__":
    main()
