"""The edges of every request: HEAD on GET routes, the Origin check on POSTs, where a sign-in
returns to ("next"), and people pickers that list only the people a user works with."""

import re
import urllib.parse

from parleytest import (Client, ParleyTestCase, db_query, env, main, user_id)

# GET routes of each kind: public, signed-in pages, an id-bearing page, an error.
PAGES = ("/login", "/healthz", "/", "/customers", "/negotiations", "/objections", "/plans",
         "/concessions", "/approvals", "/follow-ups", "/no/such/page")

# Headers whose value may differ between two answers to the same request.
VOLATILE = ("date", "set-cookie", "content-length")


def origin():
    u = urllib.parse.urlsplit(env("PARLEY_BASE_URL"))
    return "%s://%s" % (u.scheme, u.netloc)


def option_values(body, select_name):
    m = re.search(r'<select[^>]*\bname="%s"[^>]*>(.*?)</select>' % re.escape(select_name), body, re.S)
    if not m:
        return None
    return {int(v) for v in re.findall(r'<option value="(\d+)"', m.group(1))}


class HeadTest(ParleyTestCase):
    def compare(self, c, path):
        jar = dict(c.cookies)
        g = c.get(path)
        c.cookies = dict(jar)   # the same request twice: same cookies in
        h = c.request("HEAD", path)
        self.assertEqual(h.status, g.status, "HEAD %s: status differs from GET" % path)
        self.assertEqual(h.body_bytes, b"", "HEAD %s sent a body" % path)
        gh = sorted((k.lower(), v) for k, v in g.headers if k.lower() not in VOLATILE)
        hh = sorted((k.lower(), v) for k, v in h.headers if k.lower() not in VOLATILE)
        # the CSRF cookie of an anonymous page is fresh each time: compare names only
        self.assertEqual(hh, gh, "HEAD %s: headers differ from GET" % path)
        self.assertEqual([x["name"] for x in h.set_cookies()], [x["name"] for x in g.set_cookies()])

    def test_head_anonymous(self):
        c = Client()
        for path in PAGES:
            with self.subTest(path=path):
                self.compare(c, path)

    def test_head_signed_in(self):
        c = Client()
        c.login("mgr1")
        cid = db_query("SELECT MIN(id) FROM customers WHERE owner_id = %d" % user_id("rep1"))[0][0]
        for path in PAGES + ("/customers/%s" % cid, "/customers/%s/edit" % cid):
            with self.subTest(path=path):
                self.compare(c, path)

    def test_head_on_post_only_path(self):
        r = Client().request("HEAD", "/logout")
        self.assertStatus(r, 405)
        self.assertEqual(r.header("Allow"), "POST")
        r = Client().request("DELETE", "/login")
        self.assertStatus(r, 405)
        self.assertEqual(r.header("Allow"), "GET, HEAD, POST")


class OriginTest(ParleyTestCase):
    def signed_in(self):
        c = Client()
        c.login("rep1")
        return c, c.fetch_csrf("/")

    def test_foreign_origin_refused_whatever_the_token(self):
        for hdr in ({"Origin": "http://evil.example"},
                    {"Origin": "null"},
                    {"Origin": origin() + ".evil.example"},
                    {"Referer": "http://evil.example/form.html"},
                    {"Referer": "http://evil.example/" + origin() + "/"},
                    {"Origin": "http://evil.example", "Referer": origin() + "/"}):
            with self.subTest(headers=hdr):
                c, tok = self.signed_in()
                r = c.post("/logout", {}, csrf=tok, headers=hdr)
                self.assertStatus(r, 403)
                self.assertLoggedIn(c, "a cross-origin logout went through")

    def test_foreign_origin_login_refused(self):
        c = Client()
        tok = c.fetch_csrf("/login")
        r = c.post("/login", {"username": "rep1", "password": "parley-demo-2026"}, csrf=tok,
                   headers={"Origin": "http://evil.example"})
        self.assertStatus(r, 403)
        self.assertIsNone(c.cookie("parley_session"))

    def test_own_origin_and_no_header_pass(self):
        c, tok = self.signed_in()
        r = c.post("/logout", {}, csrf=tok, headers={"Origin": origin()})
        self.assertRedirect(r, "/login")
        c, tok = self.signed_in()
        r = c.post("/logout", {}, csrf=tok, headers={"Referer": origin() + "/customers?x=1"})
        self.assertRedirect(r, "/login")
        c, tok = self.signed_in()
        self.assertRedirect(c.post("/logout", {}, csrf=tok), "/login")

    def test_own_origin_still_needs_the_token(self):
        c, tok = self.signed_in()
        r = c.post("/logout", {}, csrf="x" * 43, headers={"Origin": origin()})
        self.assertStatus(r, 403)
        self.assertLoggedIn(c)


class NextTest(ParleyTestCase):
    def test_signed_out_page_comes_back_after_sign_in(self):
        c = Client()
        r = c.get("/negotiations")
        self.assertRedirect(r, "/login?next=/negotiations")
        page = c.get(r.location)
        self.assertIn('name="next" value="/negotiations"', page.body)
        r = c.post("/login", {"username": "rep1", "password": "parley-demo-2026", "next": "/negotiations"},
                   csrf=page.csrf_token())
        self.assertRedirect(r, "/negotiations")

    def test_tricks_go_home(self):
        tricks = ("//evil.example/", "/%09/evil.example/", "/%2F%2Fevil.example", "/%5Cevil.example",
                  "/\\evil.example", "https://evil.example/", "/\t/evil.example/", "/%0d%0aSet-Cookie:x=1",
                  "/../evil.example", " /evil.example")
        for t in tricks:
            with self.subTest(next=t):
                c = Client()
                page = c.get("/login?" + urllib.parse.urlencode({"next": t}))
                self.assertStatus(page, 200)
                self.assertNotIn('name="next"', page.body)
                r = c.post("/login", {"username": "rep2", "password": "parley-demo-2026", "next": t},
                           csrf=page.csrf_token())
                self.assertRedirect(r, "/")


class DirectoryTest(ParleyTestCase):
    def ids(self, *names):
        return {user_id(n) for n in names}

    def test_objection_owner_filter(self):
        everyone = {int(r[0]) for r in db_query("SELECT id FROM users WHERE active = 1 AND role <> 'admin'")}
        for who, must, mustnot in (("rep1", ("rep1", "rep2", "mgr1", "dir1", "vp1"), ("rep3", "mgr2", "exec1")),
                                   ("rep3", ("rep3", "mgr2", "dir1", "vp1"), ("rep1", "rep2", "mgr1")),
                                   ("mgr2", ("mgr2", "rep3", "dir1"), ("rep1", "rep2", "mgr1")),
                                   ("dir1", ("rep1", "rep2", "rep3", "mgr1", "mgr2", "vp1"), ())):
            # Whoever approved (or stood in on) one of this user's requests is a colleague: earlier
            # tests may have made mgr2 decide a step of rep1's through a delegation.
            approvers = {int(r[0]) for r in db_query(
                "SELECT approver_id FROM approval_steps WHERE requester_id = %d UNION "
                "SELECT decided_by FROM approval_steps WHERE requester_id = %d AND decided_by IS NOT NULL"
                % (user_id(who), user_id(who)))}
            with self.subTest(user=who):
                c = Client()
                c.login(who)
                got = option_values(c.get("/objections").body, "owner")
                self.assertIsNotNone(got, "no owner filter on /objections")
                self.assertTrue(self.ids(*must) <= got, "missing colleagues: %r" % (self.ids(*must) - got))
                self.assertFalse((self.ids(*mustnot) - approvers) & got, "lists people %s does not work with" % who)
                self.assertLess(len(got), len(everyone) if who != "dir1" else len(everyone) + 1)

    def test_customer_owner_filter(self):
        c = Client()
        c.login("rep1")
        got = option_values(c.get("/customers").body, "owner")
        self.assertIsNotNone(got)
        self.assertIn(user_id("rep2"), got)
        self.assertFalse(self.ids("rep3", "mgr2") & got)

    def test_approver_of_my_request_is_listed(self):
        # rep3 (another team; never an approver) decided a step of one of rep1's requests: rep1 now works
        # with rep3.
        rows = db_query("SELECT s.id FROM approval_steps s WHERE s.requester_id = %d LIMIT 1" % user_id("rep1"))
        if not rows:
            self.skipTest("no approval step of rep1's in the data")
        step = int(rows[0][0])
        old = db_query("SELECT COALESCE(decided_by, 'NULL') FROM approval_steps WHERE id = %d" % step)[0][0]
        c = Client()
        c.login("rep1")
        self.assertNotIn(user_id("rep3"), option_values(c.get("/objections").body, "owner"))
        db_query("SET @@session.foreign_key_checks = 0; "
                 "UPDATE approval_steps SET decided_by = %d WHERE id = %d" % (user_id("rep3"), step))
        try:
            self.assertIn(user_id("rep3"), option_values(c.get("/objections").body, "owner"))
        finally:
            db_query("UPDATE approval_steps SET decided_by = %s WHERE id = %d" % (old, step))


if __name__ == "__main__":
    main()
