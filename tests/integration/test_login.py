#!/usr/bin/env python3
"""Sign-in, sessions (cookie flags, fixation, logout, idle and absolute timeouts),
login throttling and the audit of failed sign-ins."""
import html
import os
import re
import secrets
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from parleytest import (DEMO_PASSWORD, SESSION_COOKIE, Client, ParleyTestCase, db_int,  # noqa: E402
                        db_query, input_value, main, reset_clock, set_clock_offset, sql_str, user_id)

MIN = 60


def error_text(resp):
    m = re.search(r'<div class="error"[^>]*>(.*?)</div>', resp.body, re.S)
    return m.group(1).strip() if m else None


class LoginPageTest(ParleyTestCase):
    def test_login_form_fields_and_default_language(self):
        c = Client()
        r = c.get("/login")
        self.assertStatus(r, 200)
        self.assertEqual(r.html_lang(), "zh-CN", "default UI language must be zh-CN")
        self.assertIsNotNone(input_value(r.body, "username"), "no username input:\n" + r.describe())
        self.assertRegex(r.body, r'<input[^>]*name="password"[^>]*type="password"|'
                                 r'<input[^>]*type="password"[^>]*name="password"')
        self.assertRegex(r.body, r'<input[^>]*type="hidden"[^>]*name="csrf_token"|'
                                 r'<input[^>]*name="csrf_token"[^>]*type="hidden"')
        self.assertTrue(r.csrf_token(), "empty csrf_token")
        self.assertIn('href="/login?lang=en"', r.body)
        self.assertIn('href="/login?lang=zh-CN"', r.body)
        self.assertIn("登录", r.body)

    def test_login_page_in_english(self):
        c = Client()
        r = c.get("/login?lang=en")
        self.assertStatus(r, 200)
        self.assertEqual(r.html_lang(), "en")
        self.assertIn("Sign in", r.body)
        r = c.get("/login?lang=zh-CN")
        self.assertEqual(r.html_lang(), "zh-CN")

    def test_bogus_lang_falls_back(self):
        r = Client().get("/login?lang=%22%3E%3Cscript%3E")
        self.assertStatus(r, 200)
        self.assertIn(r.html_lang(), ("zh-CN", "en"))
        self.assertNotIn('"><script>', r.body)


class LoginTest(ParleyTestCase):
    def test_correct_login_sets_session_cookie(self):
        c = Client()
        r = c.login_attempt("rep1", DEMO_PASSWORD)
        self.assertRedirect(r, "/")
        sc = r.set_cookie(SESSION_COOKIE)
        self.assertIsNotNone(sc, "no Set-Cookie %s:\n%s" % (SESSION_COOKIE, r.describe()))
        self.assertGreaterEqual(len(sc["value"]), 22, "session token too short to be random: %r" % sc["value"])
        self.assertIn("httponly", sc["attrs"], sc["raw"])
        self.assertEqual(str(sc["attrs"].get("samesite", "")).lower(), "lax", sc["raw"])
        self.assertEqual(sc["attrs"].get("path"), "/", sc["raw"])
        self.assertNotIn("secure", sc["attrs"], "Secure cookie over plain http: " + sc["raw"])
        # The session token itself is not stored in the database, only a hash of it.
        rows = db_query("SELECT COUNT(*) FROM sessions WHERE id_hash=%s" % sql_str(sc["value"]))
        self.assertEqual(rows[0][0], "0", "the raw session token is stored in the sessions table")

    def test_home_after_login(self):
        c = Client()
        c.login("rep1")
        r = c.get("/")
        self.assertStatus(r, 200)
        name = db_query("SELECT display_name FROM users WHERE username='rep1'")[0][0]
        self.assertEqual(html.unescape(r.element_text("user-name") or ""), name, r.describe())
        self.assertIsNotNone(r.element_text("user-role"))
        self.assertIn("no-store", (r.header("Cache-Control") or ""), "authenticated page must be no-store")
        self.assertRegex(r.body, r'<form[^>]*id="logout-form"')
        self.assertRegex(r.body, r'<form[^>]*id="lang-form"')

    def test_home_requires_login(self):
        r = Client().get("/")
        self.assertRedirect(r, "/login")

    def test_login_page_when_signed_in_goes_home(self):
        c = Client()
        c.login("rep2")
        r = c.get("/login")
        self.assertStatus(r, (200, 303))
        if r.status == 303:
            self.assertRedirect(r, "/")

    def test_wrong_password_and_unknown_user_same_message(self):
        c = Client()
        r1 = c.login_attempt("rep2", "wrong-password-" + secrets.token_hex(3))
        self.assertStatus(r1, 200)
        self.assertNotIn(SESSION_COOKIE, c.cookies, "failed login set a session cookie")
        e1 = error_text(r1)
        self.assertTrue(e1, "no element with class error:\n" + r1.describe())
        self.assertEqual(input_value(r1.body, "username"), "rep2", "typed username not kept")
        self.assertIsNone(re.search(r'name="password"[^>]*value="[^"]+"', r1.body), "password echoed back")

        ghost = "nosuchuser" + secrets.token_hex(3)
        c2 = Client()
        r2 = c2.login_attempt(ghost, "wrong-password-" + secrets.token_hex(3))
        self.assertStatus(r2, 200)
        e2 = error_text(r2)
        self.assertEqual(e1, e2, "unknown user and wrong password give different messages")
        self.assertEqual(input_value(r2.body, "username"), ghost)
        self.assertNotIn(SESSION_COOKIE, c2.cookies)

    def test_empty_fields_generic_error(self):
        c = Client()
        r = c.login_attempt("", "")
        self.assertStatus(r, (200, 400, 422))
        self.assertNotIn(SESSION_COOKIE, c.cookies)

    def test_session_fixation_planted_cookie(self):
        planted = "A" * 43
        c = Client()
        c.get("/login")
        c.set_cookie(SESSION_COOKIE, planted)
        tok = c.fetch_csrf("/login")
        c.set_cookie(SESSION_COOKIE, planted)  # the attacker's cookie stays in the victim's browser
        r = c.post("/login", {"username": "rep1", "password": DEMO_PASSWORD}, csrf=tok)
        self.assertRedirect(r, "/")
        new = c.cookie(SESSION_COOKIE)
        self.assertTrue(new)
        self.assertNotEqual(new, planted, "the session id was not renewed at login")
        self.assertLoggedIn(c)
        attacker = Client()
        attacker.set_cookie(SESSION_COOKIE, planted)
        self.assertRedirect(attacker.get("/"), "/login", "planted session id is accepted after login")

    def test_session_fixation_existing_session_replaced(self):
        # A browser that already holds a session (here: rep2's) and signs in again gets a new id,
        # and the id it had before does not work any more.
        c = Client()
        c.login("rep2")
        old = c.cookie(SESSION_COOKIE)
        tok = c.fetch_csrf("/")
        r = c.post("/login", {"username": "rep1", "password": DEMO_PASSWORD}, csrf=tok)
        self.assertRedirect(r, "/")
        new = c.cookie(SESSION_COOKIE)
        self.assertNotEqual(new, old, "session id not renewed on re-login")
        r = c.get("/")
        self.assertStatus(r, 200)
        rep1_name = db_query("SELECT display_name FROM users WHERE username='rep1'")[0][0]
        self.assertEqual(html.unescape(r.element_text("user-name") or ""), rep1_name)
        stale = Client()
        stale.set_cookie(SESSION_COOKIE, old)
        self.assertRedirect(stale.get("/"), "/login", "the pre-login session id still works")

    def test_logout(self):
        c = Client()
        c.login("rep1")
        old = c.cookie(SESSION_COOKIE)
        tok = c.fetch_csrf("/")
        r = c.post("/logout", {}, csrf=tok)
        self.assertRedirect(r, "/login")
        sc = r.set_cookie(SESSION_COOKIE)
        self.assertIsNotNone(sc, "logout does not clear the cookie")
        # Server-side: the old cookie value is dead even if the browser kept it.
        replay = Client()
        replay.set_cookie(SESSION_COOKIE, old)
        self.assertRedirect(replay.get("/"), "/login", "session still valid after logout")
        self.assertRedirect(c.get("/"), "/login")

    def test_account_lang_switch_and_no_open_redirect(self):
        c = Client()
        c.login("rep2")
        uid = user_id("rep2")
        before = db_query("SELECT lang FROM users WHERE id=%d" % uid)[0][0]
        try:
            tok = c.fetch_csrf("/")
            r = c.post("/account/lang", {"lang": "en", "next": "/"}, csrf=tok)
            self.assertRedirect(r, "/")
            r = c.get("/")
            self.assertEqual(r.html_lang(), "en")
            r = c.post("/account/lang", {"lang": "zh-CN", "next": "//evil.example/x"}, csrf=r.csrf_token())
            self.assertStatus(r, 303)
            loc = r.location or ""
            self.assertTrue(loc.startswith("/") and not loc.startswith("//"), "open redirect: %r" % loc)
            self.assertNotIn("evil.example", loc)
            self.assertEqual(c.get("/").html_lang(), "zh-CN")
            r = c.post("/account/lang", {"lang": "fr", "next": "/"}, csrf=c.csrf)
            self.assertIn(db_query("SELECT lang FROM users WHERE id=%d" % uid)[0][0], ("zh-CN", "en"))
        finally:
            db_query("UPDATE users SET lang=%s WHERE id=%d" % (sql_str(before), uid))


class TimeoutTest(ParleyTestCase):
    def tearDown(self):
        reset_clock()

    def test_idle_timeout(self):
        reset_clock()
        c = Client()
        c.login("rep2")
        self.assertLoggedIn(c)
        set_clock_offset(31 * MIN)
        self.assertLoggedOut(c, "session alive after 31 idle minutes")

    def test_activity_keeps_session(self):
        reset_clock()
        c = Client()
        c.login("rep2")
        set_clock_offset(29 * MIN)
        self.assertLoggedIn(c, "session died within 29 idle minutes")
        set_clock_offset(58 * MIN)
        self.assertLoggedIn(c, "activity did not extend the session")
        set_clock_offset(58 * MIN + 31 * MIN)
        self.assertLoggedOut(c, "session alive after 31 idle minutes")

    def test_absolute_timeout(self):
        reset_clock()
        c = Client()
        c.login("rep2")
        for minutes in range(20, 12 * 60 - 19, 20):   # 20, 40, ... 700 minutes
            set_clock_offset(minutes * MIN)
            self.assertLoggedIn(c, "session died at +%d min despite activity" % minutes)
        set_clock_offset(12 * 60 * MIN - 5 * MIN)
        self.assertLoggedIn(c, "session died before 12 h")
        set_clock_offset(12 * 60 * MIN + 5 * MIN)
        self.assertLoggedOut(c, "session alive after 12 h 5 min despite regular activity")


def loopback_usable(addr):
    try:
        Client(source_address=addr).get("/healthz")
        return True
    except OSError:
        return False


class ThrottleTest(ParleyTestCase):
    """Failed sign-ins for one account from one address are throttled; the lock expires.
    Uses exec1 and vp1, which no other test signs in as.

    The app also limits failures per address (for all accounts together), and every test
    file signs in from 127.0.0.1: so that the many failures here do not use up that shared
    budget, they come from other loopback addresses when the system allows it."""
    USER = "exec1"
    ATTEMPTS = 10
    ADDR = {"throttle": "127.0.0.3", "attacker": "127.0.0.4", "owner": "127.0.0.2"}

    @classmethod
    def setUpClass(cls):
        cls.aliases = loopback_usable("127.0.0.2")

    def client(self, role):
        return Client(source_address=self.ADDR[role] if self.aliases else None)

    def tearDown(self):
        reset_clock()

    def test_throttle_then_recover(self):
        reset_clock()
        marker = "bad-pw-" + secrets.token_hex(6)
        audit_before = db_int("SELECT COUNT(*) FROM audit_log WHERE detail LIKE %s" % sql_str("%" + self.USER + "%"))
        generic = None
        for i in range(self.ATTEMPTS):
            c = self.client("throttle")
            # A client-chosen forwarding header must not give each attempt a fresh budget.
            r = c.login_attempt(self.USER, "%s-%d" % (marker, i),
                                headers={"X-Forwarded-For": "198.51.100.%d" % (i + 1),
                                         "X-Real-IP": "198.51.100.%d" % (i + 1)})
            self.assertStatus(r, 200, "failed attempt %d" % i)
            self.assertNotIn(SESSION_COOKIE, c.cookies)
            if generic is None:
                generic = error_text(r)
        self.assertTrue(generic)

        c = self.client("throttle")
        r = c.login_attempt(self.USER, DEMO_PASSWORD)
        self.assertStatus(r, 200, "correct password accepted right after %d failures" % self.ATTEMPTS)
        self.assertNotIn(SESSION_COOKIE, c.cookies, "throttled login still created a session")
        self.assertTrue(error_text(r), "throttled login shows no error")
        self.assertEqual(input_value(r.body, "username"), self.USER)

        # The lock is temporary: later the right password works again.
        set_clock_offset(20 * MIN)
        c = self.client("throttle")
        r = c.login_attempt(self.USER, DEMO_PASSWORD)
        self.assertRedirect(r, "/", "login still refused 20 minutes after the failures (permanent lockout?)")
        self.assertLoggedIn(c)

        # Failed sign-ins are audited, and no password ever reaches the audit log.
        audit_after = db_int("SELECT COUNT(*) FROM audit_log WHERE detail LIKE %s" % sql_str("%" + self.USER + "%"))
        self.assertGreaterEqual(audit_after - audit_before, self.ATTEMPTS,
                                "failed/throttled sign-ins are not all in audit_log")
        leaked = db_int("SELECT COUNT(*) FROM audit_log WHERE detail LIKE %s OR action LIKE %s OR entity LIKE %s"
                        % ((sql_str("%" + marker + "%"),) * 3))
        self.assertEqual(leaked, 0, "a typed password was written to audit_log")
        leaked = db_int("SELECT COUNT(*) FROM audit_log WHERE detail LIKE %s" % sql_str("%" + DEMO_PASSWORD + "%"))
        self.assertEqual(leaked, 0, "the demo password appears in audit_log")

    def test_failed_login_audited(self):
        ghost = "ghost" + secrets.token_hex(4)
        pw = "pw-" + secrets.token_hex(8)
        before = db_int("SELECT COUNT(*) FROM audit_log WHERE detail LIKE %s" % sql_str("%" + ghost + "%"))
        r = Client().login_attempt(ghost, pw)
        self.assertStatus(r, 200)
        rows = db_query("SELECT action, detail, source_ip FROM audit_log WHERE detail LIKE %s ORDER BY id"
                        % sql_str("%" + ghost + "%"))
        self.assertEqual(len(rows), before + 1, "failed login for unknown user not audited: %r" % rows)
        action, detail, source_ip = rows[-1]
        self.assertIn("fail", action.lower(), rows[-1])
        self.assertNotIn(pw, detail)
        self.assertTrue(source_ip and source_ip != "NULL", "no source address recorded")

    def test_other_address_not_locked_out(self):
        # An attacker at one address must not lock the owner out at another one.
        if not self.aliases:
            self.skipTest("cannot connect from a second loopback address")
        user = "vp1"
        reset_clock()
        try:
            for i in range(self.ATTEMPTS):
                self.client("attacker").login_attempt(user, "nope-" + secrets.token_hex(4))
            r = self.client("owner").login_attempt(user, DEMO_PASSWORD)
            self.assertRedirect(r, "/", "failures from %s locked the account out at %s"
                                % (self.ADDR["attacker"], self.ADDR["owner"]))
            # And the attacker's address is still refused.
            r = self.client("attacker").login_attempt(user, DEMO_PASSWORD)
            self.assertStatus(r, 200, "throttle for the attacking address was lifted by the owner's success")
        finally:
            # Leave no lock behind for a later run against the same stack.
            set_clock_offset(20 * MIN)
            self.client("attacker").login_attempt(user, DEMO_PASSWORD)
            reset_clock()


if __name__ == "__main__":
    main()
