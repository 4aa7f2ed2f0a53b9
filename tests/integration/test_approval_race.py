#!/usr/bin/env python3
"""Decisions at the same moment, released together by a barrier against a stack with several workers,
many rounds each:
- on one step, the approver and their stand-in post (approve/approve, approve/reject): exactly one
  decision is stored, the other gets a clear 409, the chain moves on once; a repeated identical post
  changes nothing;
- on a green-channel request, whose steps are all open at once, each approver approves their own step:
  the request must end approved. Each decision reads the whole chain to decide what follows, so this
  holds only because the request row is locked for the decision (ST_CHAIN_REQUEST_LOCK): without the
  lock both see the other step still pending and the request stays pending with every step approved."""
import os
import re
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from parleytest import Client, ParleyTestCase, audit_count, db_query, env, main, user_id  # noqa: E402
from test_approvals import app_today, make_request, req_state, step_row  # noqa: E402

ROUNDS = 12


def workers():
    with open(env("PARLEY_CONF")) as f:
        m = re.search(r"^workers=(\d+)", f.read(), re.M)
    return int(m.group(1)) if m else 1


def login(username):
    c = Client()
    c.login(username)
    return c


class ApprovalRaceTest(ParleyTestCase):
    def setUp(self):
        if workers() < 2:
            self.skipTest("one worker answers one request at a time: no race to test")
        self.mgr1, self.mgr2 = login("mgr1"), login("mgr2")
        self.mgr1.get("/approvals/delegations")
        r = self.mgr1.post("/approvals/delegations", {"delegate": str(user_id("mgr2")), "starts_on": app_today(),
                                                      "ends_on": app_today()})
        self.assertRedirect(r, "/approvals/delegations")

    def tearDown(self):
        db_query("DELETE FROM approval_delegations WHERE delegator_id = %d" % user_id("mgr1"))

    @staticmethod
    def together(posts):
        """posts: {name: (client, path, fields)}, all released by one barrier; returns {name: response}."""
        barrier = threading.Barrier(len(posts))
        out = {}

        def go(name, c, path, fields):
            barrier.wait()
            out[name] = c.post(path, fields)

        threads = [threading.Thread(target=go, args=(name,) + p) for name, p in posts.items()]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        return out

    def race(self, step_id, mgr2_decision="approve"):
        """mgr1 approves step_id while mgr2, standing in for mgr1, posts mgr2_decision; returns {who: response}."""
        for c in (self.mgr1, self.mgr2):
            c.get("/approvals")    # a fresh csrf token for each
        path = "/approvals/%d" % step_id
        return self.together({
            "mgr1": (self.mgr1, path, {"decision": "approve", "version": "1", "comment": "mine"}),
            "mgr2": (self.mgr2, path, {"decision": mgr2_decision, "version": "1", "comment": "stand-in",
                                       "on_behalf_of": str(user_id("mgr1"))})})

    def test_concurrent_approver_and_delegate(self):
        for n in range(ROUNDS):
            rid, steps = make_request()
            decides = audit_count("action = 'approval.decide' AND entity_id = %d" % rid)
            mgr2_decision = "reject" if n % 2 else "approve"
            out = self.race(steps[0], mgr2_decision)
            statuses = sorted(r.status for r in out.values())
            self.assertEqual(statuses, [303, 409], "round %d: %r" % (n, {k: v.describe() for k, v in out.items()}))
            winner = [k for k, v in out.items() if v.status == 303][0]
            loser = [v for v in out.values() if v.status == 409][0]
            self.assertIn('id="refused-message"', loser.body)
            self.assertNotIn("approval.err.", loser.body, "the message comes from the language files")
            s = step_row(steps[0])
            rejected = winner == "mgr2" and mgr2_decision == "reject"
            self.assertEqual(s["state"], "rejected" if rejected else "approved")
            self.assertEqual(s["decided_by"], user_id(winner))
            self.assertEqual(s["on_behalf_of"], user_id("mgr1") if winner == "mgr2" else 0)
            self.assertEqual(audit_count("action = 'approval.decide' AND entity_id = %d" % rid), decides + 1)
            self.assertEqual(step_row(steps[1])["state"], "void" if rejected else "pending")
            self.assertEqual(req_state(rid), "rejected" if rejected else "pending")
            if rejected:
                continue
            # the winner's double click: the request page again, nothing changes
            before = db_query("SELECT * FROM approval_steps WHERE request_id = %d ORDER BY id" % rid)
            winner_client = self.mgr1 if winner == "mgr1" else self.mgr2
            winner_client.get("/approvals")
            fields = {"decision": "approve", "version": "1", "comment": "again"}
            r = winner_client.post("/approvals/%d" % steps[0], fields)
            self.assertRedirect(r, "/concessions/%d" % rid)
            self.assertEqual(db_query("SELECT * FROM approval_steps WHERE request_id = %d ORDER BY id" % rid), before)
            self.assertEqual(audit_count("action = 'approval.decide' AND entity_id = %d" % rid), decides + 1)

    def test_green_channel_approvers_at_once(self):
        dir1 = login("dir1")
        stuck = []
        for n in range(ROUNDS):
            rid, steps = make_request(green=True)
            self.assertEqual([step_row(s)["state"] for s in steps], ["pending", "pending"])
            for c in (self.mgr1, dir1):
                c.get("/approvals")
            out = self.together({
                "mgr1": (self.mgr1, "/approvals/%d" % steps[0], {"decision": "approve", "version": "1"}),
                "dir1": (dir1, "/approvals/%d" % steps[1], {"decision": "approve", "version": "1"})})
            self.assertEqual(sorted(r.status for r in out.values()), [303, 303],
                             {k: v.describe() for k, v in out.items()})
            self.assertEqual([step_row(s)["state"] for s in steps], ["approved", "approved"])
            self.assertEqual(audit_count("action = 'approval.decide' AND entity_id = %d" % rid), 2)
            if req_state(rid) != "approved":
                stuck.append((n, rid, req_state(rid)))
        self.assertEqual(stuck, [], "every step approved, the request not: (round, request, state)")

    def test_concurrent_double_click(self):
        # the same approver's two identical posts at once: one decision, both answer with the request page
        rid, steps = make_request(approvers=("mgr1",))
        other = login("mgr1")
        for c in (self.mgr1, other):
            c.get("/approvals")
        barrier = threading.Barrier(2)
        out = []

        def go(c):
            barrier.wait()
            out.append(c.post("/approvals/%d" % steps[0], {"decision": "approve", "version": "1"}))

        threads = [threading.Thread(target=go, args=(c,)) for c in (self.mgr1, other)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        self.assertEqual([r.status for r in out], [303, 303], [r.describe() for r in out])
        self.assertEqual(step_row(steps[0])["decided_by"], user_id("mgr1"))
        self.assertEqual(audit_count("action = 'approval.decide' AND entity_id = %d" % rid), 1)
        self.assertEqual(db_query("SELECT state FROM concession_requests WHERE id = %d" % rid)[0][0], "approved")


if __name__ == "__main__":
    main()
