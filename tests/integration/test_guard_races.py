#!/usr/bin/env python3
"""Rules that must see concurrent requests hold because each writes the row it guards, not because
audit entries happen to share a row: two under-threshold concession filings on one opportunity
posted at once, whose sum crosses the threshold, leave exactly one `not_required`; twenty wrong
passwords posted at once for one account from one address reach the password check exactly as many
times as the limit allows, and every attempt is counted."""
import hashlib
import os
import secrets
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from parleytest import Client, ParleyTestCase, db_int, db_query, main, reset_clock, sql_str  # noqa: E402
from test_concession_guard import ConcessionGuardTest, req_row  # noqa: E402
from test_login import loopback_usable  # noqa: E402

ROUNDS = 4
ACCT_IP_LIMIT = 5     # THROTTLE_LIMIT_ACCT_IP
PARALLEL = 20


def at_once(calls):
    """Runs every callable in its own thread, released together; returns their results in order."""
    barrier = threading.Barrier(len(calls))
    out = [None] * len(calls)

    def go(i, fn):
        barrier.wait()
        out[i] = fn()

    threads = [threading.Thread(target=go, args=(i, fn)) for i, fn in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(180)
    return out


class ConcurrentFilingTest(ParleyTestCase):
    setUpClass = classmethod(ConcessionGuardTest.setUpClass.__func__)
    tearDownClass = classmethod(ConcessionGuardTest.tearDownClass.__func__)
    opp_fields = ConcessionGuardTest.opp_fields
    new_opp = ConcessionGuardTest.new_opp

    def file_form(self, client, oid):
        self.assertStatus(client.get("/concessions/new?opportunity_id=%d" % oid), 200)

    def post_filing(self, client, oid):
        # 3 % of the 1,000,000 list price: alone under the 5 % that needs nobody, two of them over it.
        return client.post("/concessions", [("opportunity_id", str(oid)), ("term", "service"),
                                            ("current_value", "无"), ("requested_value", "免费培训"),
                                            ("amount", "30000"), ("payment_days", ""),
                                            ("justification", "竞争对手报价更低"), ("counter_concession", "签三年合同"),
                                            ("urgency", "normal"), ("plan_id", "")])

    def test_two_filings_at_once_cross_the_threshold_once(self):
        for _ in range(ROUNDS):
            oid = self.new_opp("1,000,000")
            version = db_int("SELECT guard_version FROM opportunities WHERE id=%d" % oid)
            clients = [self.rep1, self.mgr1]
            for c in clients:
                self.file_form(c, oid)
            out = at_once([lambda c=c: self.post_filing(c, oid) for c in clients])
            for r in out:
                self.assertEqual(r.status, 303, r.describe())
            ids = [int(r.location.rsplit("/", 1)[1]) for r in out]
            states = sorted(req_row(i)["state"] for i in ids)
            self.assertEqual(states, ["not_required", "pending"],
                             "two 3 %% filings at once on opportunity %d: %r" % (oid, states))
            cum = sorted(req_row(i)["cumulative_bp"] for i in ids)
            self.assertEqual(cum, [300, 600])
            # Each filing wrote the opportunity's version counter: that is what serialises them.
            self.assertEqual(db_int("SELECT guard_version FROM opportunities WHERE id=%d" % oid), version + 2)


class ParallelGuessesTest(ParleyTestCase):
    ADDR = "127.0.0.6"

    @classmethod
    def setUpClass(cls):
        reset_clock()
        cls.addr = cls.ADDR if loopback_usable(cls.ADDR) else None

    def test_parallel_wrong_passwords_lock_at_exactly_the_limit(self):
        user = "ghost" + secrets.token_hex(4)
        clients = [Client(source_address=self.addr) for _ in range(PARALLEL)]
        for c in clients:
            c.fetch_csrf("/login")
        out = at_once([lambda c=c, i=i: c.login_attempt(user, "wrong-%d" % i) for i, c in enumerate(clients)])
        for r in out:
            self.assertEqual(r.status, 200, r.describe())
        detail = sql_str("username=" + user)
        failed = db_int("SELECT COUNT(*) FROM audit_log WHERE action='login.failed' AND detail=%s" % detail)
        throttled = db_int("SELECT COUNT(*) FROM audit_log WHERE action='login.throttled' AND detail=%s" % detail)
        self.assertEqual((failed, throttled), (ACCT_IP_LIMIT, PARALLEL - ACCT_IP_LIMIT),
                         "password checks / refusals among %d parallel guesses" % PARALLEL)
        key = hashlib.sha256(("acctip:%s|%s" % (user, self.addr or "127.0.0.1")).encode()).hexdigest()
        row = db_query("SELECT fails, locked_until IS NOT NULL FROM login_throttle WHERE key_hash=%s" % sql_str(key))
        self.assertEqual([tuple(int(v) for v in r) for r in row], [(PARALLEL, 1)], "every attempt counted, locked")


if __name__ == "__main__":
    main()
