"""The login throttle's limits pinned at their values over HTTP: 5 failures per account and address,
50 per address (all accounts), 200 per account (all addresses), each within the 15-minute window.
The attempts come from other loopback addresses (127.0.x.y) so that no other test's budget at
127.0.0.1 is touched; without them the test is reported as skipped, never as passed."""

import secrets

from parleytest import Client, ParleyTestCase, main, reset_clock

FAILED = "The username or password is incorrect."
THROTTLED = "Too many failed sign-in attempts."


def usable(addr):
    try:
        Client(source_address=addr).get("/healthz")
        return True
    except OSError:
        return False


class ThrottleLimitsTest(ParleyTestCase):
    @classmethod
    def setUpClass(cls):
        cls.aliases = usable("127.0.3.1")
        cls.run_id = secrets.randbelow(200) + 20   # a fresh block of addresses per run

    def setUp(self):
        if not self.aliases:
            self.skipTest("cannot connect from a second loopback address")
        reset_clock()

    def attempt(self, addr, user):
        c = Client(source_address=addr)
        r = c.get("/login?lang=en")
        r = c.post("/login", {"username": user, "password": "wrong-" + secrets.token_hex(4)}, csrf=r.csrf_token())
        self.assertStatus(r, 200)
        if THROTTLED in r.body:
            return "throttled"
        self.assertIn(FAILED, r.body, r.describe())
        return "failed"

    def test_five_per_account_and_address(self):
        user = "ghost-" + secrets.token_hex(5)
        addr = "127.0.4.%d" % self.run_id
        got = [self.attempt(addr, user) for _ in range(6)]
        self.assertEqual(got, ["failed"] * 5 + ["throttled"])
        # the same account from another address, and another account from this one, still go on
        self.assertEqual(self.attempt("127.0.5.%d" % self.run_id, user), "failed")
        self.assertEqual(self.attempt(addr, "ghost-" + secrets.token_hex(5)), "failed")

    def test_fifty_per_address(self):
        addr = "127.0.6.%d" % self.run_id
        got = [self.attempt(addr, "ghost-%s" % secrets.token_hex(5)) for _ in range(51)]
        self.assertEqual(got, ["failed"] * 50 + ["throttled"])
        self.assertEqual(self.attempt("127.0.7.%d" % self.run_id, "ghost-" + secrets.token_hex(5)), "failed")

    def test_two_hundred_per_account(self):
        user = "ghost-" + secrets.token_hex(5)
        got = []
        # 4 failures from each of 50 addresses: below the other two limits everywhere
        for i in range(50):
            addr = "127.%d.%d.%d" % (8 + self.run_id % 100, i + 1, self.run_id)
            got += [self.attempt(addr, user) for _ in range(4)]
        self.assertEqual(got, ["failed"] * 200)
        fresh = "127.%d.200.%d" % (8 + self.run_id % 100, self.run_id)
        self.assertEqual(self.attempt(fresh, user), "throttled")
        self.assertEqual(self.attempt(fresh, "ghost-" + secrets.token_hex(5)), "failed")


if __name__ == "__main__":
    main()
