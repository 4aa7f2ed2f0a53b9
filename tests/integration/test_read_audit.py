#!/usr/bin/env python3
"""Reads of confidential values stay answerable at a sane volume: repeated views of one field of
one row by one user within a 15-minute period are one audit entry with a count; the next period
starts a new entry; the entry is sealed into the chain, count and all, once its period is over."""
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from parleytest import (Client, ParleyTestCase, db_int, db_query, main, reset_clock, run_parley,  # noqa: E402
                        set_clock_offset, user_id)

MIN = 60
# A stretch of the clock no other test uses: its 15-minute periods are this test's alone.
BASE = 3 * 24 * 3600 + 7 * MIN


class ReadAuditTest(ParleyTestCase):
    @classmethod
    def setUpClass(cls):
        cls.cid = db_int("SELECT c.id FROM customers c JOIN users u ON u.id = c.owner_id WHERE u.username = 'rep1' "
                         "AND c.budget_ceiling_enc IS NOT NULL ORDER BY c.id LIMIT 1")
        cls.mgr1 = user_id("mgr1")

    def tearDown(self):
        reset_clock()

    def entries(self, after):
        return [(int(r[0]), int(r[1]), r[2]) for r in db_query(
            "SELECT id, count, IF(seq IS NULL, 'open', 'sealed') FROM audit_log WHERE action = 'secret.read' "
            "AND actor_id = %d AND entity = 'customers' AND entity_id = %d AND detail = 'budget_ceiling' "
            "AND id > %d ORDER BY id" % (self.mgr1, self.cid, after))]

    def sign_in(self):
        """After the clock has moved: sessions do not outlive a jump of days."""
        self.client = Client()
        self.client.login("mgr1")

    def view(self):
        r = self.client.get("/customers/%d" % self.cid)
        self.assertStatus(r, 200)

    def wait_count(self, after, want, timeout=10):
        deadline = time.time() + timeout
        while True:
            got = self.entries(after)
            if [e[1] for e in got] == want or time.time() > deadline:
                return got
            time.sleep(0.3)

    def test_views_in_one_period_are_one_entry_with_a_count(self):
        set_clock_offset(BASE)
        self.sign_in()
        before = db_int("SELECT IFNULL(MAX(id), 0) FROM audit_log")
        self.view()
        got = self.entries(before)
        self.assertEqual([e[1] for e in got], [1], "the first read is written before the page is answered")
        self.view()
        got = self.wait_count(before, [2])
        self.assertEqual([(e[1], e[2]) for e in got], [(2, "open")], "two views within the period")
        first = got[0][0]

        # 16 minutes later: a new period, a new entry.
        set_clock_offset(BASE + 16 * MIN)
        self.view()
        got = self.entries(before)
        self.assertEqual([e[1] for e in got], [2, 1], "a view after the period")
        self.assertEqual(got[0][0], first)

        # Once the first period is over the sealer chains the entry with its count.
        deadline = time.time() + 10
        while self.entries(before)[0][2] != "sealed" and time.time() < deadline:
            time.sleep(0.3)
        got = self.entries(before)
        self.assertEqual((got[0][1], got[0][2]), (2, "sealed"))
        # A later view of a sealed period never changes the sealed entry.
        p = run_parley("audit", "verify")
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)

    def test_read_volume_under_repeated_views(self):
        set_clock_offset(BASE + 2 * 3600)
        self.sign_in()
        before = db_int("SELECT IFNULL(MAX(id), 0) FROM audit_log")
        for _ in range(10):
            self.view()
        got = self.wait_count(before, [10])
        self.assertEqual([e[1] for e in got], [10], "ten views, one entry counting ten")


if __name__ == "__main__":
    main()
