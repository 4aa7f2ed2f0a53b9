"""The database's own guard for separation of duties (sql/004_concessions.sql).

Run as root straight through db_query, bypassing the application: even a buggy page or a hand-made
statement cannot store a step whose approver is the requester, a decision by the requester, one
approver on two levels, a decision on a request whose values changed since the step was created,
or a decision by someone who holds or decided another step of the same chain.
"""

import unittest

from parleytest import ParleyTestCase, db_int, db_query, db_value, main, unique_name, user_id


def refused(test, sql, needle):
    """sql must fail, with needle (a constraint name or the trigger's message) in the error."""
    with test.assertRaises(AssertionError) as cm:
        db_query(sql)
    test.assertIn(needle, str(cm.exception))


class ApprovalDatabaseGuard(ParleyTestCase):
    @classmethod
    def setUpClass(cls):
        cls.rep = user_id("rep1")
        cls.mgr = user_id("mgr1")
        cls.dir = user_id("dir1")
        cls.vp = user_id("vp1")
        cls.peer = user_id("mgr2")
        cls.opp, cls.customer = (int(v) for v in db_query(
            "SELECT o.id, o.customer_id FROM opportunities o JOIN users u ON u.id = o.owner_id "
            "WHERE u.username = 'rep1' ORDER BY o.id LIMIT 1")[0])
        cls.requests = []

    @classmethod
    def tearDownClass(cls):
        if cls.requests:
            ids = ",".join(str(i) for i in cls.requests)
            db_query("DELETE FROM concession_requests WHERE id IN (%s)" % ids)

    # ------------------------------------------------------------------ helpers

    def new_request(self, version=1):
        tag = unique_name("dbguard")
        rid = int(db_query(
            "INSERT INTO concession_requests (opportunity_id, customer_id, requester_id, term, current_value, "
            "requested_value, currency, amount, justification, counter_concession, levels, state, version, "
            "created_at, updated_at) VALUES (%d, %d, %d, 'price', '1000000', '880000', 'CNY', 12000000, '%s', '', "
            "3, 'pending', %d, UTC_TIMESTAMP(), UTC_TIMESTAMP()); SELECT LAST_INSERT_ID()"
            % (self.opp, self.customer, self.rep, tag, version))[0][0])
        self.requests.append(rid)
        return rid

    def add_step(self, rid, level, approver, role, version=1, state="waiting", requester=None):
        return int(db_query(
            "INSERT INTO approval_steps (request_id, version, level, approver_id, approver_role, requester_id, "
            "state, pending_since, comment) VALUES (%d, %d, %d, %d, '%s', %d, '%s', %s, ''); "
            "SELECT LAST_INSERT_ID()"
            % (rid, version, level, approver, role, self.rep if requester is None else requester, state,
               "UTC_TIMESTAMP()" if state == "pending" else "NULL"))[0][0])

    def chain(self, version=1):
        """A request with the full chain mgr1 → dir1 → vp1, the first step pending."""
        rid = self.new_request(version)
        steps = [self.add_step(rid, 1, self.mgr, "manager", version, "pending"),
                 self.add_step(rid, 2, self.dir, "director", version),
                 self.add_step(rid, 3, self.vp, "vp", version)]
        return rid, steps

    @staticmethod
    def decide_sql(step, decider, state="approved", behalf=None):
        return ("UPDATE approval_steps SET state = '%s', decided_by = %d, on_behalf_of = %s, decided_at = "
                "UTC_TIMESTAMP(), comment = 'ok' WHERE id = %d"
                % (state, decider, "NULL" if behalf is None else str(behalf), step))

    def step_row(self, step):
        return db_query("SELECT state, IFNULL(decided_by, 0) FROM approval_steps WHERE id = %d" % step)[0]

    # ------------------------------------------------------------------ the guard

    def test_valid_chain_is_accepted(self):
        rid, steps = self.chain()
        db_query(self.decide_sql(steps[0], self.mgr))
        db_query("UPDATE approval_steps SET state = 'pending', pending_since = UTC_TIMESTAMP() WHERE id = %d"
                 % steps[1])
        # a delegate (a peer of the director's line) standing in for the director
        db_query(self.decide_sql(steps[1], self.peer, behalf=self.dir))
        self.assertEqual(self.step_row(steps[0]), ["approved", str(self.mgr)])
        self.assertEqual(self.step_row(steps[1]), ["approved", str(self.peer)])
        self.assertEqual(db_value("SELECT on_behalf_of FROM approval_steps WHERE id = %d" % steps[1]),
                         str(self.dir))

    def test_approver_is_requester(self):
        rid = self.new_request()
        refused(self, "INSERT INTO approval_steps (request_id, version, level, approver_id, approver_role, "
                "requester_id, state, comment) VALUES (%d, 1, 1, %d, 'manager', %d, 'pending', '')"
                % (rid, self.rep, self.rep), "ck_approval_steps_not_self")
        # nor by moving an existing step to the requester
        step = self.add_step(rid, 1, self.mgr, "manager", 1, "pending")
        refused(self, "UPDATE approval_steps SET approver_id = %d WHERE id = %d" % (self.rep, step),
                "ck_approval_steps_not_self")
        self.assertEqual(db_int("SELECT COUNT(*) FROM approval_steps WHERE request_id = %d" % rid), 1)

    def test_requester_column_must_match_the_request(self):
        # the CHECKs look at the step's copy of the requester: a step cannot carry a different one
        rid = self.new_request()
        refused(self, "INSERT INTO approval_steps (request_id, version, level, approver_id, approver_role, "
                "requester_id, state, comment) VALUES (%d, 1, 1, %d, 'manager', %d, 'pending', '')"
                % (rid, self.rep, self.mgr), "approval: requester")
        step = self.add_step(rid, 1, self.mgr, "manager", 1, "pending")
        refused(self, "UPDATE approval_steps SET requester_id = %d WHERE id = %d" % (self.peer, step),
                "approval: requester")
        # and the request's requester never changes (the steps' copies would go stale)
        refused(self, "UPDATE concession_requests SET requester_id = %d WHERE id = %d" % (self.peer, rid),
                "approval: the requester of a request cannot change")

    def test_decision_by_requester(self):
        rid, steps = self.chain()
        refused(self, self.decide_sql(steps[0], self.rep), "ck_approval_steps_decider_not_self")
        # also as a "delegate" of the approver
        refused(self, self.decide_sql(steps[0], self.rep, behalf=self.mgr), "ck_approval_steps_decider_not_self")
        self.assertEqual(self.step_row(steps[0]), ["pending", "0"])

    def test_on_behalf_of_must_be_the_approver(self):
        rid, steps = self.chain()
        refused(self, self.decide_sql(steps[0], self.peer, behalf=self.dir), "ck_approval_steps_behalf")
        # the approver "on behalf of" themselves is not a delegation
        refused(self, self.decide_sql(steps[0], self.mgr, behalf=self.mgr), "ck_approval_steps_behalf")
        self.assertEqual(self.step_row(steps[0]), ["pending", "0"])

    def test_decided_state_needs_decider(self):
        rid, steps = self.chain()
        refused(self, "UPDATE approval_steps SET state = 'approved' WHERE id = %d" % steps[0],
                "ck_approval_steps_decided")

    def test_same_approver_on_two_levels(self):
        rid = self.new_request()
        self.add_step(rid, 1, self.mgr, "manager", 1, "pending")
        refused(self, "INSERT INTO approval_steps (request_id, version, level, approver_id, approver_role, "
                "requester_id, state, comment) VALUES (%d, 1, 2, %d, 'director', %d, 'waiting', '')"
                % (rid, self.mgr, self.rep), "uq_approval_steps_approver")
        # two rows for one level are refused too
        refused(self, "INSERT INTO approval_steps (request_id, version, level, approver_id, approver_role, "
                "requester_id, state, comment) VALUES (%d, 1, 1, %d, 'director', %d, 'waiting', '')"
                % (rid, self.dir, self.rep), "uq_approval_steps_level")
        # a fresh version may name the same approver again
        db_query("UPDATE concession_requests SET version = 2 WHERE id = %d" % rid)
        self.add_step(rid, 1, self.mgr, "manager", 2, "pending")
        self.assertEqual(db_int("SELECT COUNT(*) FROM approval_steps WHERE request_id = %d" % rid), 2)

    def test_stale_version(self):
        rid, old = self.chain()
        # the requester changes the values: version 2, old steps void, a fresh chain
        db_query("UPDATE concession_requests SET version = 2 WHERE id = %d" % rid)
        db_query("UPDATE approval_steps SET state = 'void' WHERE request_id = %d AND version < 2" % rid)
        new = [self.add_step(rid, 1, self.mgr, "manager", 2, "pending")]
        # a decision recorded on the old chain's step (a stale page)
        refused(self, self.decide_sql(old[0], self.mgr), "approval: out-of-date version")
        self.assertEqual(self.step_row(old[0]), ["void", "0"])
        # even without touching the state
        refused(self, "UPDATE approval_steps SET decided_by = %d WHERE id = %d" % (self.mgr, old[0]),
                "approval: out-of-date version")
        # the current chain takes it
        db_query(self.decide_sql(new[0], self.mgr))
        self.assertEqual(self.step_row(new[0]), ["approved", str(self.mgr)])

    def test_decider_holds_another_step(self):
        rid, steps = self.chain()
        # the director decides the manager's step (as a "delegate") while holding level 2
        refused(self, self.decide_sql(steps[0], self.dir, behalf=self.mgr), "approval: decider holds another step")
        # the vp, who holds level 3
        refused(self, self.decide_sql(steps[0], self.vp, behalf=self.mgr), "approval: decider holds another step")
        self.assertEqual(self.step_row(steps[0]), ["pending", "0"])

    def test_decider_decided_another_step(self):
        rid, steps = self.chain()
        # mgr2 stands in for mgr1 on level 1, then tries level 2 for the director
        db_query(self.decide_sql(steps[0], self.peer, behalf=self.mgr))
        db_query("UPDATE approval_steps SET state = 'pending', pending_since = UTC_TIMESTAMP() WHERE id = %d"
                 % steps[1])
        refused(self, self.decide_sql(steps[1], self.peer, behalf=self.dir), "approval: decider holds another step")
        self.assertEqual(self.step_row(steps[1]), ["pending", "0"])
        # and the manager who approved level 1 cannot take level 2 either
        refused(self, self.decide_sql(steps[1], self.mgr, behalf=self.dir), "approval: decider holds another step")

    def test_delegation_rows(self):
        refused(self, "INSERT INTO approval_delegations (delegator_id, delegate_id, starts_on, ends_on, created_at) "
                "VALUES (%d, %d, '2026-01-01', '2026-01-02', UTC_TIMESTAMP())" % (self.mgr, self.mgr),
                "ck_approval_delegations_other")
        refused(self, "INSERT INTO approval_delegations (delegator_id, delegate_id, starts_on, ends_on, created_at) "
                "VALUES (%d, %d, '2026-01-02', '2026-01-01', UTC_TIMESTAMP())" % (self.mgr, self.peer),
                "ck_approval_delegations_range")

    def test_policy_rows_checked(self):
        refused(self, "UPDATE approval_policy_rows SET levels = 4 WHERE position = 1", "ck_approval_policy_rows_levels")
        refused(self, "INSERT INTO approval_policy_settings (id, payment_days_limit, breach_levels, updated_at) "
                "VALUES (2, 90, 3, UTC_TIMESTAMP())", "ck_approval_policy_settings_one")


if __name__ == "__main__":
    main()
