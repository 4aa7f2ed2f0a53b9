#!/usr/bin/env python3
"""The opportunity's story (/opportunities/{id}/story): its records, their tasks, internal requests and
stage changes in date order for whoever may see the opportunity (the owner, the line above); 404 for the
others; linked from the opportunity page."""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from parleytest import ParleyTestCase, db_query, main, reset_clock, user_id  # noqa: E402
from custtest import client, create_customer, today, token  # noqa: E402


class StoryTest(ParleyTestCase):
    def test_story(self):
        reset_clock()
        rep1 = client("rep1")
        uid = user_id("rep1")
        cid = create_customer(rep1, "%s 全过程客户" % token("st"))
        rep1.fetch_csrf("/opportunities/new?customer_id=%d" % cid)
        r = rep1.post("/opportunities", {
            "customer_id": str(cid), "title": "Story deal", "stage": "3", "currency": "CNY",
            "list_price": "1,000", "initial_quote": "", "current_offer": "", "final_price": "",
            "expected_close": "", "status": "open", "lost_reason": ""})
        self.assertStatus(r, 303, r.describe())
        oid = int(r.location.rsplit("/", 1)[1])
        rep1.get("/negotiations/new?customer_id=%d" % cid)
        f = [("customer_id", str(cid)), ("opportunity_id", str(oid)), ("plan_id", ""),
             ("held_on", today(-1)), ("start_time", "09:00"), ("end_time", "10:00"), ("place", "线上"),
             ("our_participants", "rep1"), ("their_participants", "李总"), ("type", "price"), ("phase", "middle"),
             ("status", "follow_up"), ("review_strengths", ""), ("review_improve", ""), ("review_relationship", ""),
             ("review_strategy", ""), ("review_moments", ""),
             ("actions.0.what", "发送报价"), ("actions.0.owner", str(uid)), ("actions.0.due", today(5)),
             ("actions.0.deliverable", "报价单")]
        r = rep1.post("/negotiations", f)
        self.assertStatus(r, 303, r.describe(1500))
        nid = int(r.location.rsplit("/", 1)[1])
        rep1.fetch_csrf("/customers/%d/requests/new" % cid)
        r = rep1.post("/customers/%d/requests" % cid, {"subject": "技术问题", "question": "能否对接？",
                                                       "responder": str(user_id("mgr1")), "opportunity_id": str(oid)})
        self.assertStatus(r, 303, r.describe(1500))
        rid = int(r.location.rsplit("/", 1)[1])
        self.assertIn('href="/opportunities/%d/story"' % oid, rep1.get("/opportunities/%d" % oid).body)
        for u in ("rep1", "mgr1", "dir1"):
            body = client(u).get("/opportunities/%d/story" % oid).body
            kinds = re.findall(r'<tr data-kind="(\w+)">', body)
            # the record (yesterday), then the request (now), then the task (in five days)
            self.assertEqual([k for k in kinds if k in ("record", "request", "task")], ["record", "request", "task"], u)
            self.assertIn('href="/negotiations/%d"' % nid, body)
            self.assertIn('href="/requests/%d"' % rid, body)
            aid = int(db_query("SELECT id FROM negotiation_actions WHERE negotiation_id=%d" % nid)[0][0])
            self.assertIn('href="/actions/%d"' % aid, body)
        for u in ("rep3", "mgr2", "admin"):
            self.assertStatus(client(u).get("/opportunities/%d/story" % oid), 404, u)


if __name__ == "__main__":
    main()
