#!/usr/bin/env python3
"""The task list (/actions): next actions from negotiation records, filters, visibility (rep3 cannot list
or open rep1's actions), marking done with a result and reassigning (only to active people who may see
the customer), escalation of overdue actions to the owner's manager after 1 day and to the director after
3 days with the injectable clock, the audit trail, and the home page's figures matching their lists."""
import html
import os
import re
import sys
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from parleytest import (Client, ParleyTestCase, audit_count, db_int, db_query, db_value,  # noqa: E402
                        main, reset_clock, set_clock_offset, unique_name, user_id)

TZ = ZoneInfo("Asia/Shanghai")
DAY = 86400


def login(username):
    c = Client()
    c.login(username)
    return c


def today(offset=0):
    return (datetime.now(TZ) + timedelta(seconds=offset)).date()


def action_ids(body):
    return [int(x) for x in re.findall(r'data-action-id="(\d+)"', body)]


def make_customer(client, name, shared=""):
    tok = client.fetch_csrf("/customers/new")
    r = client.post("/customers", {
        "name": name, "industry": "制造", "currency": "CNY", "source": "website", "segment": "new",
        "intent": "high", "stage": "3", "shared_with_team": shared, "need_summary": "", "suppliers": "",
        "decision_process": "", "notes": "", "next_follow_up": ""}, csrf=tok)
    if r.status != 303:
        raise AssertionError("creating the customer failed:\n" + "\n".join(re.findall(r"error[^>]*>([^<]*)<", r.body)) + r.describe(200))
    return int(r.location.rsplit("/", 1)[1])


def make_record(client, cid, actions):
    """A negotiation record of cid with the given actions [(what, owner id, due iso, deliverable)]."""
    client.get("/negotiations/new?customer_id=%d" % cid)
    f = [("customer_id", str(cid)), ("opportunity_id", ""), ("plan_id", ""),
         ("held_on", today().isoformat()), ("start_time", "09:00"), ("end_time", "10:00"),
         ("place", "客户办公室"), ("our_participants", "rep1"), ("their_participants", "王总"),
         ("type", "price"), ("phase", "middle"), ("status", "follow_up"), ("review_strengths", ""),
         ("review_improve", ""), ("review_relationship", ""), ("review_strategy", ""), ("review_moments", "")]
    for n, (what, owner, due, deliv) in enumerate(actions):
        f += [("actions.%d.what" % n, what), ("actions.%d.owner" % n, str(owner)),
              ("actions.%d.due" % n, due), ("actions.%d.deliverable" % n, deliv)]
    r = client.post("/negotiations", f)
    if r.status != 303:
        raise AssertionError("creating the record failed:\n" + r.describe())
    nid = int(r.location.rsplit("/", 1)[1])
    rows = db_query("SELECT id FROM negotiation_actions WHERE negotiation_id=%d ORDER BY position" % nid)
    return nid, [int(x[0]) for x in rows]


class ActionsTest(ParleyTestCase):
    @classmethod
    def setUpClass(cls):
        reset_clock()
        cls.c = {u: login(u) for u in ("rep1", "rep2", "rep3", "mgr1", "mgr2", "dir1", "vp1", "admin")}
        cls.uid = {u: user_id(u) for u in ("rep1", "rep2", "rep3", "mgr1", "mgr2", "dir1")}
        cls.cname = "Task customer " + unique_name("c")
        cls.cid = make_customer(cls.c["rep1"], cls.cname)
        due = (today() + timedelta(days=2)).isoformat()
        cls.due = due
        cls.nid, cls.aids = make_record(cls.c["rep1"], cls.cid, [
            ("发送修订报价 " + cls.cname, cls.uid["rep1"], due, "报价单"),
            ("安排技术交流 " + cls.cname, cls.uid["rep1"], due, "会议纪要"),
            ("准备合同草案 " + cls.cname, cls.uid["rep1"], due, "合同草案")])

    @classmethod
    def tearDownClass(cls):
        reset_clock()

    def tearDown(self):
        if getattr(self, "moved", False):
            reset_clock()
            self.relogin()

    def relogin(self):
        """Sessions end when the clock jumps days ahead: sign in again at the current clock."""
        for u in list(self.c):
            self.c[u] = login(u)

    def list_ids(self, user, query):
        r = self.c[user].get("/actions?" + query)
        self.assertStatus(r, 200, query)
        return action_ids(r.body)

    def open_aids(self):
        return [int(r[0]) for r in db_query("SELECT id FROM negotiation_actions WHERE negotiation_id=%d AND "
                                            "done_at IS NULL AND owner_id=%d ORDER BY id" % (self.nid, self.uid["rep1"]))]

    def test_mine_lists_my_open_actions(self):
        ids = self.list_ids("rep1", "scope=mine&state=open&customer=%d" % self.cid)
        self.assertEqual(sorted(ids), self.open_aids())
        self.assertTrue(ids)
        r = self.c["rep1"].get("/actions/%d" % self.aids[2])
        self.assertStatus(r, 200)
        self.assertIn(self.cname, html.unescape(r.body))
        self.assertIn('id="done-form"', r.body)
        # the due range filter
        self.assertEqual(self.list_ids("rep1", "scope=mine&customer=%d&to=%s"
                                       % (self.cid, (today() + timedelta(days=1)).isoformat())), [])
        self.assertEqual(sorted(self.list_ids("rep1", "scope=mine&customer=%d&from=%s&to=%s"
                                              % (self.cid, self.due, self.due))), self.open_aids())
        # the list without a customer (owner index) has them too
        ids = self.list_ids("rep1", "scope=mine&state=open&from=%s&to=%s" % (self.due, self.due))
        for a in self.open_aids():
            self.assertIn(a, ids)

    def test_rep3_cannot_list_or_open(self):
        for q in ("scope=mine", "scope=team", "scope=team&owner=%d" % self.uid["rep1"],
                  "customer=%d" % self.cid, "scope=region", "scope=all"):
            ids = self.list_ids("rep3", q)
            for a in self.aids:
                self.assertNotIn(a, ids, q)
        for a in self.aids:
            self.assertStatus(self.c["rep3"].get("/actions/%d" % a), 404)
        self.c["rep3"].fetch_csrf("/")
        before = audit_count("entity='negotiation_action' AND entity_id=%d" % self.aids[0])
        state = db_value("SELECT IFNULL(done_at,'open') FROM negotiation_actions WHERE id=%d" % self.aids[0])
        self.assertStatus(self.c["rep3"].post("/actions/%d/done" % self.aids[0], {"result": "x"}), 404)
        self.assertStatus(self.c["rep3"].post("/actions/%d/reassign" % self.aids[0],
                                              {"owner": str(self.uid["rep3"])}), 404)
        self.assertEqual(db_value("SELECT IFNULL(done_at,'open') FROM negotiation_actions WHERE id=%d"
                                  % self.aids[0]), state)
        self.assertEqual(audit_count("entity='negotiation_action' AND entity_id=%d" % self.aids[0]), before)
        # admin has no task list
        self.assertStatus(self.c["admin"].get("/actions"), 404)
        # the team scope of rep2 does not show the unshared customer of rep1
        self.assertNotIn(self.aids[0], self.list_ids("rep2", "scope=team&customer=%d" % self.cid))
        # a scope the role may not use falls back to "mine"
        self.assertNotIn(self.aids[0], self.list_ids("rep3", "scope=escalated"))

    def test_manager_sees_team(self):
        ids = self.list_ids("mgr1", "scope=team&customer=%d" % self.cid)
        self.assertEqual(sorted(ids), sorted(self.aids))
        self.assertEqual(self.list_ids("mgr2", "scope=team&customer=%d" % self.cid), [])
        self.assertStatus(self.c["mgr2"].get("/actions/%d" % self.aids[0]), 404)
        ids = self.list_ids("dir1", "scope=region&customer=%d" % self.cid)
        self.assertEqual(sorted(ids), sorted(self.aids))

    def test_escalation_with_the_clock(self):
        aid = self.aids[2]
        q_mgr = "scope=escalated&customer=%d" % self.cid
        # due in 2 days: nobody is told
        self.assertNotIn(aid, self.list_ids("mgr1", q_mgr))
        self.assertNotIn(aid, self.list_ids("dir1", q_mgr))
        # 3 days on: overdue by 1 day → the owner's manager, not yet the director
        self.moved = True
        set_clock_offset(3 * DAY)
        self.relogin()
        self.assertIn(aid, self.list_ids("mgr1", q_mgr))
        self.assertNotIn(aid, self.list_ids("dir1", q_mgr))
        self.assertIn(aid, self.list_ids("rep1", "scope=mine&state=overdue&customer=%d" % self.cid))
        r = self.c["rep1"].get("/actions/%d" % aid)
        self.assertIn('class="badge warn"', r.body)
        # mgr2 (another team) never
        self.assertNotIn(aid, self.list_ids("mgr2", "scope=escalated"))
        # 5 days on: overdue by 3 days → the director too
        set_clock_offset(5 * DAY)
        self.relogin()
        self.assertIn(aid, self.list_ids("mgr1", q_mgr))
        self.assertIn(aid, self.list_ids("dir1", q_mgr))
        # and on the manager's home, counted with its list
        set_clock_offset(5 * DAY + 120)
        r = self.c["mgr1"].get("/")
        if r.status == 303:
            self.relogin()
            r = self.c["mgr1"].get("/")
        self.assertStatus(r, 200)
        m = re.search(r'href="/actions\?([^"]+)" id="fig-esc-actions"><span class="figure">([^<]+)<', r.body)
        self.assertTrue(m, r.describe(3000))
        self.assertNotEqual(m.group(2), "0")

    def test_mark_done(self):
        aid = self.aids[0]
        self.c["rep1"].fetch_csrf("/actions/%d" % aid)
        r = self.c["rep1"].post("/actions/%d/done" % aid, {"result": ""})
        self.assertStatus(r, 422)
        self.assertEqual(db_value("SELECT IFNULL(done_at,'open') FROM negotiation_actions WHERE id=%d" % aid),
                         "open")
        before = audit_count("action='action.done' AND entity_id=%d" % aid)
        r = self.c["rep1"].post("/actions/%d/done" % aid, {"result": "客户已确认报价"})
        self.assertRedirect(r, "/actions/%d" % aid)
        self.assertEqual(audit_count("action='action.done' AND entity_id=%d" % aid), before + 1)
        self.assertEqual(db_value("SELECT result FROM negotiation_actions WHERE id=%d" % aid), "客户已确认报价")
        self.assertNotIn(aid, self.list_ids("rep1", "scope=mine&state=open&customer=%d" % self.cid))
        self.assertIn(aid, self.list_ids("rep1", "scope=mine&state=done&customer=%d" % self.cid))
        self.assertIn(aid, self.list_ids("rep1", "scope=mine&state=done"))
        r = self.c["rep1"].get("/actions/%d" % aid)
        self.assertIn("客户已确认报价", html.unescape(r.body))
        self.assertNotIn('id="done-form"', r.body)
        # twice: refused, nothing changes
        r = self.c["rep1"].post("/actions/%d/done" % aid, {"result": "again"})
        self.assertStatus(r, 409)
        self.assertEqual(audit_count("action='action.done' AND entity_id=%d" % aid), before + 1)

    def test_reassign(self):
        aid = self.aids[1]
        self.c["rep1"].fetch_csrf("/actions/%d" % aid)
        # rep3 (another team) may not see the customer: refused, the choice kept, nothing written
        r = self.c["rep1"].post("/actions/%d/reassign" % aid, {"owner": str(self.uid["rep3"])})
        self.assertStatus(r, 422)
        self.assertIn('id="owner-error"', r.body)
        self.assertEqual(db_int("SELECT owner_id FROM negotiation_actions WHERE id=%d" % aid), self.uid["rep1"])
        # not offered either
        r = self.c["rep1"].get("/actions/%d" % aid)
        self.assertNotIn('<option value="%d"' % self.uid["rep3"], r.body)
        self.assertIn('<option value="%d"' % self.uid["mgr1"], r.body)
        # an inactive user: refused
        name = unique_name("gone")
        db_query("INSERT INTO users (username, display_name, role, team_id, region_id, manager_id, lang, "
                 "password_hash, active, created_at, updated_at) SELECT '%s', 'Gone', 'rep', team_id, region_id, "
                 "manager_id, 'en', 'x', 0, NOW(), NOW() FROM users WHERE username='rep1'" % name)
        gone = user_id(name)
        r = self.c["rep1"].post("/actions/%d/reassign" % aid, {"owner": str(gone)})
        self.assertStatus(r, 422)
        # to the manager: done and audited
        before = audit_count("action='action.reassign' AND entity_id=%d" % aid)
        r = self.c["rep1"].post("/actions/%d/reassign" % aid, {"owner": str(self.uid["mgr1"])})
        self.assertRedirect(r, "/actions/%d" % aid)
        self.assertEqual(db_int("SELECT owner_id FROM negotiation_actions WHERE id=%d" % aid), self.uid["mgr1"])
        self.assertEqual(audit_count("action='action.reassign' AND entity_id=%d" % aid), before + 1)
        self.assertIn(aid, self.list_ids("mgr1", "scope=mine&customer=%d" % self.cid))
        # rep1 still owns the customer and may change it back
        r = self.c["rep1"].post("/actions/%d/reassign" % aid, {"owner": str(self.uid["rep1"])})
        self.assertRedirect(r, "/actions/%d" % aid)


class HomeFiguresTest(ParleyTestCase):
    """Every figure that links to the task list counts exactly the rows that list shows."""

    def test_figures_match_lists(self):
        try:
            for user in ("rep1", "rep2", "rep3", "mgr1", "mgr2", "dir1", "vp1"):
                c = login(user)
                r = c.get("/")
                self.assertStatus(r, 200, user)
                figs = re.findall(r'href="/actions\?([^"]+)"[^>]*><span class="figure">([^<]+)<', r.body)
                figs += re.findall(r'class="fig-team-act" href="/actions\?([^"]+)">([^<]+)<', r.body)
                self.assertTrue(figs, user)
                for query, shown in figs:
                    query = html.unescape(query)
                    lst = c.get("/actions?" + query)
                    self.assertStatus(lst, 200, query)
                    n = len(action_ids(lst.body))
                    if shown == "99+" or int(shown) > 50:
                        self.assertEqual(n, 50, (user, query))   # a full first page
                    else:
                        self.assertEqual(int(shown), n, (user, query))
        finally:
            pass

    def test_admin_and_executive(self):
        r = login("admin").get("/")
        self.assertStatus(r, 200)
        self.assertIn('id="org-health"', r.body)
        self.assertNotIn('id="my-day"', r.body)
        r = login("exec1").get("/")
        self.assertStatus(r, 200)
        self.assertIn('id="review-links"', r.body)


class HomeRecordsTest(ParleyTestCase):
    """The records on a rep's home page are those the rep may still see: a customer moved to another team
    takes its late records off the former owner's home."""

    def test_late_record_leaves_with_its_customer(self):
        reset_clock()
        rep1 = login("rep1")
        cid = make_customer(rep1, unique_name("迁出客户"))
        nid, _ = make_record(rep1, cid, [])
        db_query("UPDATE negotiations SET completed_at = NULL, "
                 "ended_at = UTC_TIMESTAMP() - INTERVAL 24 HOUR - INTERVAL 1 MINUTE WHERE id = %d" % nid)
        db_query("DELETE FROM home_figures")
        self.assertIn('data-negotiation-id="%d"' % nid, rep1.get("/").body)
        team = db_value("SELECT team_id FROM users WHERE username = 'rep3'")
        db_query("UPDATE customers SET owner_id = %d, team_id = %s, shared_with_team = 0 WHERE id = %d"
                 % (user_id("rep3"), team, cid))
        db_query("DELETE FROM home_figures")
        body = rep1.get("/").body
        self.assertNotIn('data-negotiation-id="%d"' % nid, body)


class RecordEditKeepsTasksTest(ParleyTestCase):
    def test_saving_a_record_keeps_unchanged_actions(self):
        """Editing a record keeps the ids and the done state of the actions it did not change."""
        reset_clock()
        rep1 = login("rep1")
        uid = user_id("rep1")
        cid = make_customer(rep1, "Keep tasks " + unique_name("c"))
        due = (today() + timedelta(days=3)).isoformat()
        rows = [("甲 任务", uid, due, "甲"), ("乙 任务", uid, due, "乙"), ("丙 任务", uid, due, "丙")]
        nid, aids = make_record(rep1, cid, rows)
        rep1.fetch_csrf("/actions/%d" % aids[1])
        self.assertStatus(rep1.post("/actions/%d/done" % aids[1], {"result": "已完成"}), 303)
        # the record saved again without the first action and with a new one at the end
        r = rep1.get("/negotiations/%d/edit" % nid)
        self.assertStatus(r, 200)
        f = [("customer_id", str(cid)), ("opportunity_id", ""), ("plan_id", ""),
             ("held_on", today().isoformat()), ("start_time", "09:00"), ("end_time", "10:00"),
             ("place", "客户办公室"), ("our_participants", "rep1"), ("their_participants", "王总"),
             ("type", "price"), ("phase", "middle"), ("status", "follow_up"), ("review_strengths", ""),
             ("review_improve", ""), ("review_relationship", ""), ("review_strategy", ""), ("review_moments", "")]
        for n, (what, owner, d, deliv) in enumerate(rows[1:] + [("丁 任务", uid, due, "丁")]):
            f += [("actions.%d.what" % n, what), ("actions.%d.owner" % n, str(owner)),
                  ("actions.%d.due" % n, d), ("actions.%d.deliverable" % n, deliv)]
        r = rep1.post("/negotiations/%d" % nid, f)
        self.assertStatus(r, 303, r.describe(1500))
        got = db_query("SELECT id, what, done_at IS NOT NULL, position FROM negotiation_actions "
                       "WHERE negotiation_id=%d ORDER BY position" % nid)
        self.assertEqual([g[1] for g in got], ["乙 任务", "丙 任务", "丁 任务"])
        self.assertEqual(int(got[0][0]), aids[1])
        self.assertEqual(got[0][2], "1")
        self.assertEqual(int(got[1][0]), aids[2])
        self.assertNotIn(int(got[2][0]), aids)
        self.assertEqual(db_int("SELECT COUNT(*) FROM negotiation_actions WHERE id=%d" % aids[0]), 0)
        # every task carries its customer
        self.assertEqual(db_int("SELECT COUNT(*) FROM negotiation_actions WHERE negotiation_id=%d AND "
                                "customer_id=%d" % (nid, cid)), 3)


class DemoTest(ParleyTestCase):
    def test_demo_overdue_action_and_deal_team(self):
        reset_clock()
        rows = db_query("SELECT id FROM negotiation_actions WHERE what='电话确认技术评估结论' AND done_at IS NULL")
        self.assertTrue(rows, "the demo overdue action is missing")
        aid = int(rows[0][0])
        r = login("mgr1").get("/actions?scope=escalated")
        self.assertIn(aid, action_ids(r.body))
        self.assertIn(aid, action_ids(login("rep1").get("/actions?scope=mine&state=overdue").body))
        self.assertNotIn(aid, action_ids(login("dir1").get("/actions?scope=escalated").body))
        u = {n: user_id(n) for n in ("rep1", "mgr1", "dir1")}
        self.assertGreaterEqual(db_int(
            "SELECT COUNT(*) FROM deal_team a JOIN deal_team b ON b.opportunity_id = a.opportunity_id "
            "JOIN deal_team c ON c.opportunity_id = a.opportunity_id WHERE a.user_id = %d AND a.raci = 'A' "
            "AND b.user_id = %d AND b.raci = 'R' AND c.user_id = %d AND c.raci = 'I'"
            % (u["rep1"], u["mgr1"], u["dir1"])), 1)


if __name__ == "__main__":
    main()
