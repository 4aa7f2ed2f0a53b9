#!/usr/bin/env python3
"""Two decisions on one step at the same moment: the approver and their stand-in post
"approve" together from separate clients; the chain is locked for the decision, so exactly one
decision is stored and the other gets a clear 409. A repeated identical post changes nothing."""
import os
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from parleytest import Client, ParleyTestCase, audit_count, db_query, main, user_id  # noqa: E402
from test_approvals import app_today, make_request, step_row  # noqa: E402

ROUNDS = 6


def login(username):
    c = Client()
    c.login(username)
    return c


class ApprovalRaceTest(ParleyTestCase):
    def setUp(self):
        self.mgr1, self.mgr2 = login("mgr1"), login("mgr2")
        self.mgr1.get("/approvals/delegations")
        r = self.mgr1.post("/approvals/delegations", {"delegate": str(user_id("mgr2")), "starts_on": app_today(),
                                                      "ends_on": app_today()})
        self.assertRedirect(r, "/approvals/delegations")

    def tearDown(self):
        db_query("DELETE FROM approval_delegations WHERE delegator_id = %d" % user_id("mgr1"))

    def race(self, step_id):
        """Both post approve on step_id released by one barrier; returns [(who, response)]."""
        for c in (self.mgr1, self.mgr2):
            c.get("/approvals")    # a fresh csrf token for each
        barrier = threading.Barrier(2)
        out = {}

        def go(name, c, fields):
            barrier.wait()
            out[name] = c.post("/approvals/%d" % step_id, fields)

        threads = [threading.Thread(target=go, args=("mgr1", self.mgr1, {"decision": "approve", "version": "1",
                                                                         "comment": "mine"})),
                   threading.Thread(target=go, args=("mgr2", self.mgr2, {"decision": "approve", "version": "1",
                                                                         "comment": "stand-in",
                                                                         "on_behalf_of": str(user_id("mgr1"))}))]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        return out

    def test_concurrent_approver_and_delegate(self):
        for _ in range(ROUNDS):
            rid, steps = make_request()
            decides = audit_count("action = 'approval.decide' AND entity_id = %d" % rid)
            out = self.race(steps[0])
            statuses = sorted(r.status for r in out.values())
            self.assertEqual(statuses, [303, 409], {k: v.describe() for k, v in out.items()})
            winner = [k for k, v in out.items() if v.status == 303][0]
            loser = [v for v in out.values() if v.status == 409][0]
            self.assertIn('id="refused-message"', loser.body)
            self.assertNotIn("approval.err.", loser.body, "the message comes from the language files")
            s = step_row(steps[0])
            self.assertEqual(s["state"], "approved")
            self.assertEqual(s["decided_by"], user_id(winner))
            self.assertEqual(s["on_behalf_of"], user_id("mgr1") if winner == "mgr2" else 0)
            self.assertEqual(audit_count("action = 'approval.decide' AND entity_id = %d" % rid), decides + 1)
            self.assertEqual(step_row(steps[1])["state"], "pending")
            # the winner's double click: the request page again, nothing changes
            before = db_query("SELECT * FROM approval_steps WHERE request_id = %d ORDER BY id" % rid)
            winner_client = self.mgr1 if winner == "mgr1" else self.mgr2
            winner_client.get("/approvals")
            fields = {"decision": "approve", "version": "1", "comment": "again"}
            r = winner_client.post("/approvals/%d" % steps[0], fields)
            self.assertRedirect(r, "/concessions/%d" % rid)
            self.assertEqual(db_query("SELECT * FROM approval_steps WHERE request_id = %d ORDER BY id" % rid), before)
            self.assertEqual(audit_count("action = 'approval.decide' AND entity_id = %d" % rid), decides + 1)

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
