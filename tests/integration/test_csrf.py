#!/usr/bin/env python3
"""Every POST needs a valid csrf_token bound to the caller; without one: 403 and no change."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from parleytest import (DEMO_PASSWORD, SESSION_COOKIE, Client, ParleyTestCase, db_int,  # noqa: E402
                        db_query, main, sql_str, unique_name, user_count, user_id)


class CsrfTest(ParleyTestCase):
    def test_login_without_token_403(self):
        c = Client()
        c.get("/login")
        r = c.post("/login", {"username": "rep1", "password": DEMO_PASSWORD}, csrf=False)
        self.assertStatus(r, 403)
        self.assertNotIn(SESSION_COOKIE, c.cookies, "a session was created without a CSRF token")

    def test_login_with_wrong_or_foreign_token_403(self):
        c = Client()
        tok = c.fetch_csrf("/login")
        bad = tok[:-2] + ("AA" if not tok.endswith("AA") else "BB")
        r = c.post("/login", {"username": "rep1", "password": DEMO_PASSWORD}, csrf=bad)
        self.assertStatus(r, 403, "tampered token accepted")
        # A token from another browser (bound to its pre-session) is no good here.
        other = Client()
        foreign = other.fetch_csrf("/login")
        r = c.post("/login", {"username": "rep1", "password": DEMO_PASSWORD}, csrf=foreign)
        self.assertStatus(r, 403, "another client's token accepted")
        # Without any cookie (a cross-site form post from a fresh browser) the page's token is useless.
        naked = Client()
        r = naked.post("/login", {"username": "rep1", "password": DEMO_PASSWORD}, csrf=tok)
        self.assertStatus(r, 403, "token accepted without its pre-session cookie")
        self.assertNotIn(SESSION_COOKIE, c.cookies)
        self.assertNotIn(SESSION_COOKIE, naked.cookies)
        # The genuine token still works.
        r = c.post("/login", {"username": "rep1", "password": DEMO_PASSWORD}, csrf=tok)
        self.assertRedirect(r, "/")

    def test_logout_wrong_token_keeps_session(self):
        c = Client()
        c.login("rep1")
        tok = c.fetch_csrf("/")
        r = c.post("/logout", {}, csrf="x" * len(tok))
        self.assertStatus(r, 403)
        r = c.post("/logout", {}, csrf=False)
        self.assertStatus(r, 403)
        self.assertLoggedIn(c, "session ended by a logout without a valid token")

    def test_token_from_other_session_rejected(self):
        a, b = Client(), Client()
        a.login("rep1")
        b.login("rep2")
        tok_a = a.fetch_csrf("/")
        r = b.post("/logout", {}, csrf=tok_a)
        self.assertStatus(r, 403, "rep1's token accepted in rep2's session")
        self.assertLoggedIn(b)

    def test_pre_login_token_dies_with_login(self):
        # The token from the login page is bound to the anonymous pre-session, not to the new session.
        c = Client()
        tok = c.fetch_csrf("/login")
        r = c.post("/login", {"username": "rep1", "password": DEMO_PASSWORD}, csrf=tok)
        self.assertRedirect(r, "/")
        new_tok = c.fetch_csrf("/")
        self.assertNotEqual(new_tok, tok, "the CSRF token did not change at login")
        r = c.post("/logout", {}, csrf=tok)
        self.assertStatus(r, 403, "the pre-login token is accepted by the signed-in session")
        self.assertLoggedIn(c)
        # and a second sign-in (new session) gets a token of its own again
        c2 = Client()
        c2.login("rep1")
        self.assertNotEqual(c2.fetch_csrf("/"), new_tok, "two sessions share a CSRF token")

    def test_lang_switch_needs_token(self):
        c = Client()
        c.login("rep3")
        uid = user_id("rep3")
        before = db_int("SELECT COUNT(*) FROM users WHERE id=%d AND lang='zh-CN'" % uid)
        target = "en" if before else "zh-CN"
        r = c.post("/account/lang", {"lang": target, "next": "/"}, csrf=False)
        self.assertStatus(r, 403)
        r = c.post("/account/lang", {"lang": target, "next": "/"}, csrf="nope")
        self.assertStatus(r, 403)
        self.assertEqual(db_int("SELECT COUNT(*) FROM users WHERE id=%d AND lang='zh-CN'" % uid), before)

    def test_admin_create_user_needs_token(self):
        c = Client()
        c.login("admin")
        good = c.fetch_csrf("/admin/users/new")
        team = db_int("SELECT team_id FROM users WHERE username='rep1'")
        mgr = user_id("mgr1")
        name = unique_name("csrf")
        fields = {"username": name, "display_name": "CSRF probe", "role": "rep", "team_id": str(team),
                  "manager_id": str(mgr), "lang": "zh-CN", "password": "a-long-enough-password-1"}
        before = user_count()
        r = c.post("/admin/users", fields, csrf=False)
        self.assertStatus(r, 403, "missing token")
        r = c.post("/admin/users", fields, csrf=good[::-1])
        self.assertStatus(r, 403, "wrong token")
        r = c.post("/admin/users", dict(fields, csrf_token=""), csrf=True)
        self.assertStatus(r, 403, "empty token")
        self.assertEqual(user_count(), before, "a user was created by a POST without a valid token")
        self.assertEqual(db_int("SELECT COUNT(*) FROM users WHERE username=%s" % sql_str(name)), 0)
        # Sanity: with the right token the very same request is accepted.
        r = c.post("/admin/users", fields, csrf=good)
        self.assertStatus(r, 303)
        self.assertEqual(db_int("SELECT COUNT(*) FROM users WHERE username=%s" % sql_str(name)), 1)

    def test_admin_deactivate_needs_token(self):
        c = Client()
        c.login("admin")
        c.fetch_csrf("/admin/users")
        uid = user_id("rep3")
        hash_before = db_query("SELECT password_hash FROM users WHERE id=%d" % uid)[0][0]
        try:
            r = c.post("/admin/users/%d/deactivate" % uid, {}, csrf="0" * 40)
            self.assertStatus(r, 403)
            self.assertEqual(db_int("SELECT active FROM users WHERE id=%d" % uid), 1,
                             "rep3 deactivated without token")
            r = c.post("/admin/users/%d/password" % uid, {"new_password": "another-long-password-9"}, csrf=False)
            self.assertStatus(r, 403)
            self.assertEqual(db_query("SELECT password_hash FROM users WHERE id=%d" % uid)[0][0], hash_before,
                             "password reset without token")
            Client().login("rep3")  # password unchanged
        finally:
            # Other tests sign in as rep3: undo whatever a failure here may have done.
            db_query("UPDATE users SET active=1, password_hash=%s WHERE id=%d" % (sql_str(hash_before), uid))


if __name__ == "__main__":
    main()
