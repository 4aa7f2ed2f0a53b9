#!/usr/bin/env python3
"""Weekly team minutes: mgr1 records a meeting with topics and decisions per customer and actions with
owner, due date and deliverable; the actions are tasks on /actions for their owners; the team reads the
minutes, another team gets 404 and nobody but the team's manager edits them; a due date in the past or an
owner who may not see the customer is refused with everything typed kept; a save keeps unchanged actions
(ids, done state); open decisions of the last seven days are on mgr1's home page; every change audited."""
import html
import os
import re
import sys
from datetime import timedelta

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from parleytest import ParleyTestCase, audit_count, db_int, db_query, main, reset_clock, user_id  # noqa: E402
from custtest import client, create_customer, today, token  # noqa: E402


class MinutesTest(ParleyTestCase):
    @classmethod
    def setUpClass(cls):
        reset_clock()
        cls.uid = {u: user_id(u) for u in ("rep1", "rep2", "rep3", "mgr1", "mgr2")}
        cls.cname = "%s 例会客户" % token("mn")
        cls.cid = create_customer(client("rep1"), cls.cname, shared_with_team="1")

    def fields(self, held, actions, decision_open="1"):
        f = [("held_on", held), ("attendees", "mgr1, rep1, rep2"),
             ("topics.0.customer", str(self.cid)), ("topics.0.opportunity", ""),
             ("topics.0.topic", "回款进度"), ("topics.0.decision", "本周内催收首付款 " + self.cname),
             ("topics.0.open", decision_open)]
        for n, (what, owner, due, deliv) in enumerate(actions):
            f += [("actions.%d.customer" % n, str(self.cid)), ("actions.%d.what" % n, what),
                  ("actions.%d.owner" % n, str(owner)), ("actions.%d.due" % n, due),
                  ("actions.%d.deliverable" % n, deliv)]
        return f

    def test_minutes_flow(self):
        mgr1 = client("mgr1")
        due = today(3)
        self.assertStatus(mgr1.get("/minutes/new"), 200)
        mgr1.fetch_csrf("/minutes/new")
        what = "电话催收首付款 " + token("w")
        # refused, everything kept: a due date in the past; an owner who may not see the customer
        r = mgr1.post("/minutes", self.fields(today(-1), [(what, self.uid["rep1"], today(-1), "回款计划")]))
        self.assertStatus(r, 422)
        self.assertIn(html.escape(what), r.body)
        r = mgr1.post("/minutes", self.fields(today(), [(what, self.uid["rep3"], due, "回款计划")]))
        self.assertStatus(r, 422)
        self.assertEqual(db_int("SELECT COUNT(*) FROM negotiation_actions WHERE what='%s'" % what), 0)
        # reps do not write minutes
        self.assertStatus(client("rep1").get("/minutes/new"), 404)

        r = mgr1.post("/minutes", self.fields(today(-2), [(what, self.uid["rep1"], due, "回款计划"),
                                                        ("准备对账单", self.uid["rep2"], due, "对账单")]))
        self.assertStatus(r, 303, r.describe(1500))
        mid = int(r.location.rsplit("/", 1)[1])
        self.assertEqual(audit_count("action='minutes.create' AND entity_id=%d" % mid), 1)
        aids = [int(x[0]) for x in db_query("SELECT id FROM negotiation_actions WHERE minutes_id=%d ORDER BY position" % mid)]
        self.assertEqual(len(aids), 2)
        # the actions are tasks of their owners
        body = client("rep1").get("/actions?scope=mine&customer=%d" % self.cid).body
        self.assertIn('data-action-id="%d"' % aids[0], body)
        self.assertIn('href="/minutes/%d"' % mid, body)
        # the team reads the minutes; another team does not; only mgr1 edits
        self.assertIn(html.escape(what), client("rep2").get("/minutes/%d" % mid).body)
        for u in ("rep3", "mgr2"):
            self.assertStatus(client(u).get("/minutes/%d" % mid), 404, u)
        self.assertStatus(client("rep1").get("/minutes/%d/edit" % mid), 404)
        c = client("mgr2")
        c.fetch_csrf("/")
        self.assertStatus(c.post("/minutes/%d" % mid, self.fields(today(), [])), 404)
        # last week's open decision on mgr1's home
        home = mgr1.get("/").body
        self.assertIn('data-minutes-id="%d"' % mid, home)
        # rep1 marks the first done; saving the minutes with one more action keeps it
        rep1 = client("rep1")
        rep1.fetch_csrf("/actions/%d" % aids[0])
        self.assertStatus(rep1.post("/actions/%d/done" % aids[0], {"result": "已收到"}), 303)
        mgr1.fetch_csrf("/minutes/%d/edit" % mid)
        r = mgr1.post("/minutes/%d" % mid, self.fields(today(-2), [(what, self.uid["rep1"], due, "回款计划"),
                                                                  ("约见财务", self.uid["rep2"], due, "会议纪要")], ""))
        self.assertStatus(r, 303, r.describe(1500))
        rows = db_query("SELECT id, done_at IS NOT NULL, what FROM negotiation_actions WHERE minutes_id=%d ORDER BY position" % mid)
        self.assertEqual(int(rows[0][0]), aids[0])
        self.assertEqual(rows[0][1], "1")
        self.assertNotIn(int(rows[1][0]), aids)
        self.assertEqual(db_int("SELECT COUNT(*) FROM negotiation_actions WHERE id=%d" % aids[1]), 0)
        self.assertEqual(audit_count("action='minutes.update' AND entity_id=%d" % mid), 1)
        # the decision is settled now: no longer on the home page
        self.assertNotIn('data-minutes-id="%d"' % mid, mgr1.get("/").body)


if __name__ == "__main__":
    main()
