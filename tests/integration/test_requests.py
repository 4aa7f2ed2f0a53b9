#!/usr/bin/env python3
"""The 24-hour internal answer loop (提出-响应-确认): rep1 asks a colleague on a customer; the responder must
answer within 24 hours — at 23 hours the request is not overdue, at 25 hours it is shown to the responder's
manager (their home page, /actions and /requests?box=overdue); the requester confirms or reopens with a
reason (a new 24-hour round); the whole exchange is on the customer's and the opportunity's pages; every
step is audited. Refusals keep what was typed (422); steps that are not the user's answer 404; a request is
visible to those who may see the customer and to its responder only."""
import html
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from parleytest import (Client, ParleyTestCase, audit_count, db_int, db_value, main,  # noqa: E402
                        reset_clock, set_clock_offset, user_id)
from custtest import create_customer, token  # noqa: E402

HOUR = 3600


def login(username):
    c = Client()
    c.login(username)
    return c


def request_ids(body, table):
    m = re.search(r'<table class="list" id="%s">(.*?)</table>' % re.escape(table), body, re.S)
    return [int(x) for x in re.findall(r'data-request-id="(\d+)"', m.group(1))] if m else []


def figure(body, fig_id):
    m = re.search(r'id="%s"><span class="figure">([^<]*)<' % re.escape(fig_id), body)
    return m.group(1) if m else None


class RequestsTest(ParleyTestCase):
    @classmethod
    def setUpClass(cls):
        reset_clock()
        cls.uid = {u: user_id(u) for u in ("rep1", "rep2", "rep3", "mgr1", "mgr2", "dir1")}
        cls.relogin()
        cls.cname = "%s 内部请求客户" % token("ir")
        cls.cid = create_customer(cls.c["rep1"], cls.cname)
        r = cls.c["rep1"].post("/opportunities", {
            "customer_id": str(cls.cid), "title": "Request rollout", "stage": "3", "currency": "CNY",
            "list_price": "100,000", "initial_quote": "", "current_offer": "", "final_price": "",
            "expected_close": "", "status": "open", "lost_reason": ""})
        if r.status != 303:
            raise AssertionError("creating the opportunity failed:\n" + r.describe())
        cls.oid = int(r.location.rsplit("/", 1)[1])

    @classmethod
    def relogin(cls):
        """Sessions end when the clock jumps ahead: sign in again at the current clock."""
        cls.c = {u: login(u) for u in ("rep1", "rep2", "rep3", "mgr1", "mgr2", "dir1", "exec1")}
        for c in cls.c.values():
            c.fetch_csrf("/")

    @classmethod
    def tearDownClass(cls):
        reset_clock()

    def raise_request(self, who, fields, status=303):
        c = self.c[who]
        c.fetch_csrf("/customers/%d/requests/new" % self.cid)
        r = c.post("/customers/%d/requests" % self.cid, fields)
        self.assertStatus(r, status, r.describe(1500))
        return r

    def step(self, who, rid, step, fields, status=303):
        c = self.c[who]
        c.fetch_csrf("/")
        r = c.post("/requests/%d/%s" % (rid, step), fields)
        self.assertStatus(r, status, "%s %s" % (who, step))
        return r

    def state(self, rid):
        return db_value("SELECT state FROM internal_requests WHERE id=%d" % rid)

    def test_loop_escalation_and_exchange(self):
        subject = "交付周期 " + token("s")
        # the form offers the people who may see the customer, never oneself
        r = self.c["rep1"].get("/customers/%d/requests/new" % self.cid)
        self.assertStatus(r, 200)
        self.assertIn('value="%d"' % self.uid["mgr1"], r.body)
        for u in ("rep1", "rep3", "mgr2"):
            self.assertNotIn('<option value="%d"' % self.uid[u], r.body, u)
        n = db_int("SELECT COUNT(*) FROM internal_requests WHERE customer_id=%d" % self.cid)
        # refused, with what was typed kept: someone who may not see the customer, oneself, no question
        for responder, question in ((self.uid["rep3"], "问题"), (self.uid["rep1"], "问题"), (self.uid["mgr1"], "")):
            r = self.raise_request("rep1", {"subject": subject, "question": question, "responder": str(responder),
                                            "opportunity_id": ""}, 422)
            self.assertIn(html.escape(subject), r.body)
        self.assertEqual(db_int("SELECT COUNT(*) FROM internal_requests WHERE customer_id=%d" % self.cid), n)
        # the executive raises nothing
        self.assertStatus(self.c["exec1"].get("/customers/%d/requests/new" % self.cid), 404)

        r = self.raise_request("rep1", {"subject": subject, "question": "能否在六周内交付？", "responder":
                                        str(self.uid["mgr1"]), "opportunity_id": str(self.oid)})
        rid = int(r.location.rsplit("/", 1)[1])
        self.assertEqual(audit_count("action='ireq.create' AND entity_id=%d" % rid), 1)
        # who may not see the customer cannot see the request; steps that are not yours: 404
        for u in ("rep3", "mgr2", "rep2"):
            self.assertStatus(self.c[u].get("/requests/%d" % rid), 404, u)
        self.step("rep1", rid, "answer", {"answer": "x"}, 404)
        self.step("mgr1", rid, "confirm", {"note": ""}, 404)
        self.step("mgr1", rid, "reopen", {"reason": "x"}, 404)
        self.step("rep3", rid, "answer", {"answer": "x"}, 404)
        self.assertEqual(self.state(rid), "open")
        self.assertIn(rid, request_ids(self.c["mgr1"].get("/requests?box=waiting").body, "requests"))
        self.assertIn(rid, request_ids(self.c["rep1"].get("/requests?box=mine").body, "requests"))
        self.assertIn(rid, request_ids(self.c["mgr1"].get("/actions").body, "ibox-rows-waiting"))

        # 23 hours: not overdue — dir1 (mgr1's manager) does not see it
        set_clock_offset(23 * HOUR)
        self.relogin()
        self.assertNotIn(rid, request_ids(self.c["dir1"].get("/requests?box=overdue").body, "requests"))
        self.assertNotIn(rid, request_ids(self.c["dir1"].get("/actions").body, "ibox-rows-overdue"))
        body = self.c["mgr1"].get("/requests/%d" % rid).body
        self.assertNotIn('id="request-overdue"', body)
        # 25 hours: overdue, shown to the responder's manager on /requests, /actions and the home page
        set_clock_offset(25 * HOUR)
        self.relogin()
        self.assertIn(rid, request_ids(self.c["dir1"].get("/requests?box=overdue").body, "requests"))
        self.assertIn(rid, request_ids(self.c["dir1"].get("/actions").body, "ibox-rows-overdue"))
        home = self.c["dir1"].get("/").body
        expect = db_int("SELECT COUNT(*) FROM internal_requests r JOIN users a ON a.id = r.responder_id "
                        "WHERE a.manager_id=%d AND r.state='open' AND r.answer_due < UTC_TIMESTAMP() + "
                        "INTERVAL %d SECOND" % (self.uid["dir1"], 25 * HOUR))
        self.assertEqual(figure(home, "fig-ireq-overdue"), str(expect) if expect < 100 else "99+")
        self.assertNotIn(rid, request_ids(self.c["mgr2"].get("/requests?box=overdue").body, "requests"))
        self.assertIn('id="request-overdue"', self.c["mgr1"].get("/requests/%d" % rid).body)

        # answer, reopen with a reason (a new round of 24 hours), answer again, confirm
        self.step("mgr1", rid, "answer", {"answer": "六周可以，需预付30%。"})
        self.assertEqual(self.state(rid), "answered")
        self.step("mgr1", rid, "answer", {"answer": "again"}, 422)
        r = self.step("rep1", rid, "reopen", {"reason": ""}, 422)
        self.assertIn('id="reopen-form"', r.body)
        self.step("rep1", rid, "reopen", {"reason": "客户不接受预付，请给出替代方案。"})
        self.assertEqual(self.state(rid), "open")
        self.assertEqual(db_int("SELECT TIMESTAMPDIFF(HOUR, asked_at, answer_due) FROM internal_requests WHERE id=%d"
                                % rid), 24)
        self.assertNotIn(rid, request_ids(self.c["dir1"].get("/requests?box=overdue").body, "requests"))
        self.step("mgr1", rid, "answer", {"answer": "可改为分期付款。"})
        self.step("rep1", rid, "confirm", {"note": "好的"})
        self.assertEqual(self.state(rid), "confirmed")
        self.step("rep1", rid, "confirm", {"note": ""}, 422)
        for action, n in (("ireq.answer", 2), ("ireq.reopen", 1), ("ireq.confirm", 1)):
            self.assertEqual(audit_count("action='%s' AND entity_id=%d" % (action, rid)), n, action)
        # the whole exchange, in order, on the opportunity and the customer
        texts = ["能否在六周内交付？", "六周可以，需预付30%。", "客户不接受预付，请给出替代方案。", "可改为分期付款。", "好的"]
        for page in ("/opportunities/%d" % self.oid, "/customers/%d" % self.cid):
            body = html.unescape(self.c["mgr1"].get(page).body)
            pos = [body.find(t) for t in texts]
            self.assertTrue(all(p >= 0 for p in pos), (page, pos))
            self.assertEqual(pos, sorted(pos), page)
        self.assertNotIn(rid, request_ids(self.c["rep1"].get("/requests?box=mine").body, "requests"))

    def test_responder_keeps_the_request_not_the_customer(self):
        # rep3 (technical advisor) joins the deal team, is asked, then leaves the team
        rep1 = self.c["rep1"]
        rep1.fetch_csrf("/opportunities/%d" % self.oid)
        if not db_int("SELECT COUNT(*) FROM deal_team WHERE opportunity_id=%d AND raci='A'" % self.oid):
            self.assertStatus(rep1.post("/opportunities/%d/team" % self.oid,
                                        {"user": str(self.uid["mgr1"]), "raci": "A", "function": "sales"}), 303)
        self.assertStatus(rep1.post("/opportunities/%d/team" % self.oid,
                                    {"user": str(self.uid["rep3"]), "raci": "C", "function": "technical"}), 303)
        subject = "接口评估 " + token("s")
        r = self.raise_request("rep1", {"subject": subject, "question": "ERP接口是否兼容？", "responder":
                                        str(self.uid["rep3"]), "opportunity_id": ""})
        rid = int(r.location.rsplit("/", 1)[1])
        body = self.c["rep3"].get("/requests/%d" % rid).body
        self.assertIn(self.cname, html.unescape(body))
        member = db_int("SELECT id FROM deal_team WHERE opportunity_id=%d AND user_id=%d" % (self.oid, self.uid["rep3"]))
        self.assertStatus(rep1.post("/opportunities/%d/team/%d/remove" % (self.oid, member), {}), 303)
        self.assertStatus(self.c["rep3"].get("/customers/%d" % self.cid), 404)
        r = self.c["rep3"].get("/requests/%d" % rid)
        self.assertStatus(r, 200)
        self.assertIn(subject, html.unescape(r.body))
        self.assertNotIn(self.cname, html.unescape(r.body))
        self.assertIn(rid, request_ids(self.c["rep3"].get("/requests?box=waiting").body, "requests"))
        self.step("rep3", rid, "answer", {"answer": "兼容，需要中间件。"})
        self.assertEqual(self.state(rid), "answered")
        # rep2 and mgr2 see neither
        for u in ("rep2", "mgr2"):
            self.assertStatus(self.c[u].get("/requests/%d" % rid), 404, u)


if __name__ == "__main__":
    main()
