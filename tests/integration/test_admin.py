#!/usr/bin/env python3
"""User administration: access control, create/edit/reset/deactivate, validation,
self-protection, output escaping and the audit trail of every change."""
import html
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from parleytest import (DEMO_USERS, SESSION_COOKIE, Client, ParleyTestCase,  # noqa: E402
                        db_int, db_query, input_value, main, sql_str, unique_name, user_id)

NEW_PASSWORD = "initial-password-2026"
RESET_PASSWORD = "after-reset-password-2026"
XSS_NAME = "<script>alert(1)</script>\"'&"
# The form kit's messages (form.taken, form.not_found) in either language.
TAKEN = r"already in use|已被使用"
NOT_FOUND = r"does not exist|不存在"


def org():
    """Ids of the demo teams and managers."""
    return {
        "team1": db_int("SELECT team_id FROM users WHERE username='rep1'"),
        "team2": db_int("SELECT team_id FROM users WHERE username='rep3'"),
        "mgr1": user_id("mgr1"),
        "mgr2": user_id("mgr2"),
        "dir1": user_id("dir1"),
    }


def user_row(uid):
    rows = db_query("SELECT username, display_name, role, IFNULL(team_id,0), IFNULL(manager_id,0), active, lang "
                    "FROM users WHERE id=%d" % uid)
    if len(rows) != 1:
        raise AssertionError("user %d not found" % uid)
    r = rows[0]
    return {"username": r[0], "display_name": r[1], "role": r[2], "team_id": int(r[3]),
            "manager_id": int(r[4]), "active": int(r[5]), "lang": r[6]}


def audit_for(uid):
    return db_int("SELECT COUNT(*) FROM audit_log WHERE entity_id=%d AND entity='user' AND actor_id=%d"
                  % (uid, user_id("admin")))


def has_error(resp):
    return re.search(r'class="(?:[^"]*\s)?(?:error|field-error)(?:\s[^"]*)?"', resp.body) is not None


class AdminTest(ParleyTestCase):
    @classmethod
    def setUpClass(cls):
        cls.o = org()

    def setUp(self):
        self.admin = Client()
        self.admin.login("admin")

    def rep_fields(self, username, display_name="Test User", password=NEW_PASSWORD, team="team1", mgr="mgr1"):
        return {"username": username, "display_name": display_name, "role": "rep",
                "team_id": str(self.o[team]), "region_id": "", "manager_id": str(self.o[mgr]),
                "lang": "zh-CN", "password": password}

    def create_user(self, **kw):
        name = kw.pop("username", None) or unique_name("u")
        tok = self.admin.fetch_csrf("/admin/users/new")
        r = self.admin.post("/admin/users", self.rep_fields(name, **kw), csrf=tok)
        self.assertStatus(r, 303, "create user %s" % name)
        loc = r.location or ""
        self.assertTrue(re.match(r"^/admin/users(/\d+)?$", loc), "unexpected Location %r" % loc)
        uid = user_id(name)
        if re.match(r"^/admin/users/\d+$", loc):
            self.assertEqual(loc, "/admin/users/%d" % uid, "redirect does not point at the new user")
        return name, uid

    def update_fields(self, uid, **changes):
        u = user_row(uid)
        f = {"display_name": u["display_name"], "role": u["role"],
             "team_id": str(u["team_id"]) if u["team_id"] else "", "region_id": "",
             "manager_id": str(u["manager_id"]) if u["manager_id"] else "", "lang": u["lang"]}
        f.update(changes)
        return f

    # ------------------------------------------------------------------ access control
    def test_non_admin_gets_404(self):
        rep = Client()
        rep.login("rep1")
        tok = rep.fetch_csrf("/")
        for path in ("/admin", "/admin/users", "/admin/users/new", "/admin/users/%d" % user_id("rep2"),
                     "/admin/users/%d/edit" % user_id("rep2"), "/admin/teams", "/admin/regions"):
            with self.subTest(path=path):
                r = rep.get(path)
                self.assertStatus(r, 404)
                self.assertNotIn("rep2", r.body.split("</header>")[-1], "admin data leaked on a 404")
        name = unique_name("byrep")
        r = rep.post("/admin/users", self.rep_fields(name), csrf=tok)
        self.assertStatus(r, 404, "rep POST /admin/users")
        self.assertEqual(db_int("SELECT COUNT(*) FROM users WHERE username=%s" % sql_str(name)), 0)
        rep2 = user_id("rep2")
        r = rep.post("/admin/users/%d/deactivate" % rep2, {}, csrf=tok)
        self.assertStatus(r, 404)
        r = rep.post("/admin/users/%d/password" % rep2, {"new_password": "hijacked-password-123"}, csrf=tok)
        self.assertStatus(r, 404)
        self.assertEqual(user_row(rep2)["active"], 1)
        Client().login("rep2")

    def test_other_roles_get_404(self):
        for who in ("mgr1", "dir1", "vp1"):
            with self.subTest(user=who):
                c = Client()
                c.login(who)
                self.assertStatus(c.get("/admin/users"), 404)

    def test_anonymous_redirected(self):
        r = Client().get("/admin/users")
        self.assertRedirect(r, "/login?next=/admin/users")

    # ------------------------------------------------------------------ listing
    def test_admin_root_and_list(self):
        r = self.admin.get("/admin")
        self.assertRedirect(r, "/admin/users")
        r = self.admin.get("/admin/users")
        self.assertStatus(r, 200)
        self.assertIn("no-store", r.header("Cache-Control") or "")
        for u in DEMO_USERS:
            self.assertRegex(r.body, r">%s<" % re.escape(u), "user %s missing from /admin/users" % u)
        self.assertNotRegex(r.body, r"\$argon2", "password hashes on the users page")

    # ------------------------------------------------------------------ lifecycle
    def test_create_edit_reset_deactivate(self):
        o = self.o
        name, uid = self.create_user(display_name="生命周期 测试")
        audit0 = audit_for(uid)
        self.assertGreaterEqual(audit0, 1, "user creation not audited")
        u = user_row(uid)
        self.assertEqual((u["role"], u["team_id"], u["manager_id"], u["active"]),
                         ("rep", o["team1"], o["mgr1"], 1))
        self.assertEqual(u["display_name"], "生命周期 测试")
        self.assertEqual(db_int("SELECT COUNT(*) FROM users WHERE id=%d AND password_hash LIKE %s"
                                % (uid, sql_str("%" + NEW_PASSWORD + "%"))), 0, "password stored in clear")

        r = self.admin.get("/admin/users/%d" % uid)
        self.assertStatus(r, 200)
        self.assertIn(name, r.body)
        r = self.admin.get("/admin/users")
        self.assertIn(">%s<" % name, r.body)

        # The new user can sign in.
        user = Client()
        user.login(name, NEW_PASSWORD)
        self.assertLoggedIn(user)

        # Edit: move to team 2 under mgr2.
        tok = self.admin.fetch_csrf("/admin/users/%d/edit" % uid)
        r = self.admin.post("/admin/users/%d" % uid,
                            self.update_fields(uid, team_id=str(o["team2"]), manager_id=str(o["mgr2"]),
                                               display_name="Moved User"), csrf=tok)
        self.assertStatus(r, 303, "update team/manager")
        u = user_row(uid)
        self.assertEqual((u["team_id"], u["manager_id"], u["display_name"]), (o["team2"], o["mgr2"], "Moved User"))
        audit1 = audit_for(uid)
        self.assertGreater(audit1, audit0, "update not audited")

        # Edit: promote to manager of team 1 reporting to dir1.
        tok = self.admin.fetch_csrf("/admin/users/%d/edit" % uid)
        r = self.admin.post("/admin/users/%d" % uid,
                            self.update_fields(uid, role="manager", team_id=str(o["team1"]),
                                               manager_id=str(o["dir1"])), csrf=tok)
        self.assertStatus(r, 303, "update role")
        u = user_row(uid)
        self.assertEqual((u["role"], u["team_id"], u["manager_id"]), ("manager", o["team1"], o["dir1"]))
        audit2 = audit_for(uid)
        self.assertGreater(audit2, audit1, "role change not audited")

        # Inconsistent org data is refused: a manager whose manager is a rep.
        tok = self.admin.fetch_csrf("/admin/users/%d/edit" % uid)
        r = self.admin.post("/admin/users/%d" % uid,
                            self.update_fields(uid, manager_id=str(user_id("rep1"))), csrf=tok)
        self.assertStatus(r, (200, 400, 422), "manager with a rep as manager")
        self.assertTrue(has_error(r), "no error shown for an invalid manager")
        self.assertEqual(user_row(uid)["manager_id"], o["dir1"])

        # Password reset: the new password works, the old one does not.
        tok = self.admin.fetch_csrf("/admin/users/%d" % uid)
        r = self.admin.post("/admin/users/%d/password" % uid, {"new_password": RESET_PASSWORD}, csrf=tok)
        self.assertStatus(r, 303, "password reset")
        audit3 = audit_for(uid)
        self.assertGreater(audit3, audit2, "password reset not audited")
        r = Client().login_attempt(name, NEW_PASSWORD)
        self.assertStatus(r, 200, "old password still works after reset")
        user = Client()
        user.login(name, RESET_PASSWORD)
        self.assertLoggedIn(user)
        self.assertEqual(db_int("SELECT COUNT(*) FROM audit_log WHERE detail LIKE %s"
                                % sql_str("%" + RESET_PASSWORD + "%")), 0, "password in the audit log")

        # Too short a reset password is refused.
        tok = self.admin.fetch_csrf("/admin/users/%d" % uid)
        r = self.admin.post("/admin/users/%d/password" % uid, {"new_password": "short"}, csrf=tok)
        self.assertStatus(r, (200, 400, 422))
        self.assertTrue(has_error(r))
        Client().login(name, RESET_PASSWORD)

        # Deactivate: the live session dies and sign-in is refused.
        tok = self.admin.fetch_csrf("/admin/users/%d" % uid)
        r = self.admin.post("/admin/users/%d/deactivate" % uid, {}, csrf=tok)
        self.assertStatus(r, 303, "deactivate")
        self.assertEqual(user_row(uid)["active"], 0)
        self.assertGreater(audit_for(uid), audit3, "deactivation not audited")
        self.assertLoggedOut(user, "a deactivated user's session still works")
        c = Client()
        r = c.login_attempt(name, RESET_PASSWORD)
        self.assertStatus(r, 200, "a deactivated user can sign in")
        self.assertNotIn(SESSION_COOKIE, c.cookies)
        self.assertTrue(has_error(r))

        # Reactivate: sign-in works again.
        tok = self.admin.fetch_csrf("/admin/users/%d" % uid)
        r = self.admin.post("/admin/users/%d/activate" % uid, {}, csrf=tok)
        self.assertStatus(r, 303, "activate")
        self.assertEqual(user_row(uid)["active"], 1)
        Client().login(name, RESET_PASSWORD)

    def test_unknown_user_ids_404(self):
        missing = db_int("SELECT IFNULL(MAX(id),0) + 100000 FROM users")
        for path in ("/admin/users/%d" % missing, "/admin/users/%d/edit" % missing, "/admin/users/abc",
                     "/admin/users/0", "/admin/users/-1"):
            with self.subTest(path=path):
                self.assertStatus(self.admin.get(path), 404)
        tok = self.admin.fetch_csrf("/admin/users")
        r = self.admin.post("/admin/users/%d/deactivate" % missing, {}, csrf=tok)
        self.assertStatus(r, 404)

    # ------------------------------------------------------------------ validation
    def test_short_password_rejected_and_form_kept(self):
        name = unique_name("short")
        tok = self.admin.fetch_csrf("/admin/users/new")
        r = self.admin.post("/admin/users", self.rep_fields(name, display_name="Short Pw Person",
                                                            password="shortpw-x1y"), csrf=tok)
        self.assertStatus(r, (200, 422), "11-char password")
        self.assertTrue(has_error(r), "no error message:\n" + r.describe(2000))
        self.assertEqual(input_value(r.body, "username"), name, "typed username not kept")
        self.assertEqual(input_value(r.body, "display_name"), "Short Pw Person", "typed display name not kept")
        self.assertNotIn("shortpw-x1y", r.body, "password echoed back")
        self.assertEqual(db_int("SELECT COUNT(*) FROM users WHERE username=%s" % sql_str(name)), 0)

    def test_duplicate_username_rejected(self):
        row_before = db_query("SELECT id, password_hash, display_name, role FROM users WHERE username='rep1'")
        for dup in ("rep1", "REP1"):
            with self.subTest(username=dup):
                tok = self.admin.fetch_csrf("/admin/users/new")
                r = self.admin.post("/admin/users", self.rep_fields(dup, display_name="Impostor"), csrf=tok)
                self.assertStatus(r, (200, 400, 409, 422), "duplicate username %s" % dup)
                self.assertTrue(has_error(r), "no error for duplicate username")
                self.assertEqual(input_value(r.body, "display_name"), "Impostor", "typed display name not kept")
        self.assertEqual(db_int("SELECT COUNT(*) FROM users WHERE LOWER(username)='rep1'"), 1,
                         "a duplicate user was written")
        self.assertEqual(db_int("SELECT COUNT(*) FROM users WHERE display_name='Impostor'"), 0,
                         "a duplicate user was written")
        self.assertEqual(db_query("SELECT id, password_hash, display_name, role FROM users WHERE username='rep1'"),
                         row_before, "rep1 was overwritten")

    def test_invalid_fields_rejected(self):
        cases = {
            "bad role": {"role": "superuser"},
            "bad lang": {"lang": "fr"},
            "bad team": {"team_id": "999999"},
            "bad username chars": {"username": "bad name<"},
            "too short username": {"username": "ab"},
            "empty display name": {"display_name": ""},
            "rep without manager": {"manager_id": ""},
            "rep without team": {"team_id": ""},
        }
        for label, change in cases.items():
            with self.subTest(case=label):
                f = self.rep_fields(unique_name("inv"))
                f.update(change)
                tok = self.admin.fetch_csrf("/admin/users/new")
                r = self.admin.post("/admin/users", f, csrf=tok)
                self.assertStatus(r, (200, 400, 422), label)
                self.assertTrue(has_error(r), "no error shown for " + label)
                self.assertEqual(db_int("SELECT COUNT(*) FROM users WHERE username=%s" % sql_str(f["username"])), 0,
                                 "an invalid user was written (%s)" % label)

    def test_admin_cannot_change_own_role(self):
        aid = user_id("admin")
        try:
            tok = self.admin.fetch_csrf("/admin/users/%d/edit" % aid)
            r = self.admin.post("/admin/users/%d" % aid, self.update_fields(aid, role="vp"), csrf=tok)
            self.assertEqual(user_row(aid)["role"], "admin", "admin demoted themselves")
            if r.status in (200, 400, 422):
                self.assertTrue(has_error(r), "own role change refused silently")
            else:
                self.assertStatus(r, (303, 403, 404))
            tok = self.admin.fetch_csrf("/admin/users/%d" % aid)
            r = self.admin.post("/admin/users/%d/deactivate" % aid, {}, csrf=tok)
            self.assertEqual(user_row(aid)["active"], 1, "admin deactivated themselves")
            self.assertLoggedIn(self.admin)
        finally:
            # The other tests need a working admin account.
            db_query("UPDATE users SET role='admin', active=1 WHERE id=%d" % aid)
    def test_duplicate_username_message_and_password_not_kept(self):
        tok = self.admin.fetch_csrf("/admin/users/new")
        r = self.admin.post("/admin/users", self.rep_fields("rep1", display_name="Second Rep1"), csrf=tok)
        self.assertStatus(r, 422)
        self.assertRegex(r.body, TAKEN)
        self.assertEqual(input_value(r.body, "display_name"), "Second Rep1")
        self.assertNotIn(NEW_PASSWORD, r.body, "password echoed back")

    def test_team_and_region_forms_keep_what_was_typed(self):
        name = unique_name("Team")
        tok = self.admin.fetch_csrf("/admin/teams")
        r = self.admin.post("/admin/teams", {"name": name, "region_id": "999999"}, csrf=tok)
        self.assertStatus(r, 422, "team in a region that does not exist")
        self.assertEqual(input_value(r.body, "name"), name, "typed team name not kept")
        self.assertRegex(r.body, NOT_FOUND)
        self.assertEqual(db_int("SELECT COUNT(*) FROM teams WHERE name=%s" % sql_str(name)), 0)
        existing = db_query("SELECT name FROM regions ORDER BY id LIMIT 1")[0][0]
        before = db_int("SELECT COUNT(*) FROM regions")
        tok = self.admin.fetch_csrf("/admin/regions")
        r = self.admin.post("/admin/regions", {"name": existing}, csrf=tok)
        self.assertStatus(r, 422, "a region name taken")
        self.assertEqual(input_value(r.body, "name"), existing, "typed region name not kept")
        self.assertRegex(r.body, TAKEN)
        self.assertEqual(db_int("SELECT COUNT(*) FROM regions"), before)
        r = self.admin.post("/admin/regions", {"name": ""}, csrf=tok)
        self.assertStatus(r, 422, "a blank region name")


    # ------------------------------------------------------------------ escaping
    def test_display_name_escaped(self):
        name, uid = self.create_user(display_name=XSS_NAME)
        self.assertEqual(user_row(uid)["display_name"], XSS_NAME, "display name not stored verbatim")
        escaped = "&lt;script&gt;alert(1)&lt;/script&gt;"
        pages = [("list", self.admin.get("/admin/users")), ("show", self.admin.get("/admin/users/%d" % uid)),
                 ("edit", self.admin.get("/admin/users/%d/edit" % uid))]
        me = Client()
        me.login(name, NEW_PASSWORD)
        home = me.get("/")
        self.assertStatus(home, 200)
        pages.append(("header", home))
        for label, r in pages:
            with self.subTest(page=label):
                self.assertStatus(r, 200)
                i = r.body.find("<script>alert(1)")
                self.assertTrue(i < 0, "raw script tag on the %s page (%s): ...%s..."
                                % (label, r.path, r.body[max(0, i - 120):i + 60]))
                self.assertTrue(escaped in r.body, "escaped display name missing on the %s page (%s)" % (label, r.path))
        self.assertEqual(html.unescape(home.element_text("user-name") or ""), XSS_NAME)
        # In an attribute the quotes must be escaped too.
        self.assertEqual(input_value(pages[2][1].body, "display_name"), XSS_NAME)
        self.assertFalse('value="<script>' in pages[2][1].body, "unescaped attribute on the edit page")


if __name__ == "__main__":
    main()
