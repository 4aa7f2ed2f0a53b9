"""Security headers and cookie flags as a test: every response header of a page, an error page, a
redirect and a static file is listed and checked (CSP, nosniff, frame protection, referrer policy,
no-store on authenticated pages), and the cookies' flags."""

from parleytest import Client, ParleyTestCase, main

CSP_NEEDS = ("default-src 'self'",)
APP_CSP_NEEDS = ("default-src 'self'", "script-src 'self'", "object-src 'none'", "frame-ancestors 'none'",
                 "base-uri 'none'", "form-action 'self'")


class HeadersTest(ParleyTestCase):
    def check_common(self, r, app=True):
        what = "%s %s" % (r.method, r.path)
        names = [k.lower() for k, _ in r.headers]
        for h in ("content-security-policy", "x-content-type-options", "x-frame-options", "referrer-policy"):
            self.assertEqual(names.count(h), 1, "%s: %s missing or repeated:\n%s" % (what, h, r.describe()))
        csp = r.header("Content-Security-Policy")
        for part in (APP_CSP_NEEDS if app else CSP_NEEDS):
            self.assertIn(part, csp, what)
        self.assertNotIn("unsafe-inline", csp, what)
        self.assertNotIn("unsafe-eval", csp, what)
        self.assertEqual(r.header("X-Content-Type-Options"), "nosniff", what)
        self.assertEqual(r.header("X-Frame-Options"), "DENY", what)
        self.assertIn(r.header("Referrer-Policy"), ("same-origin", "no-referrer", "strict-origin"), what)
        self.assertIsNone(r.header("X-Powered-By"), what)
        self.assertTrue((r.header("Content-Type") or "").strip(), what)

    def check_no_store(self, r):
        self.assertIn("no-store", r.header("Cache-Control") or "", "%s %s is cached:\n%s" % (r.method, r.path,
                                                                                            r.describe()))

    def test_signed_in_page_error_and_redirect(self):
        c = Client()
        c.login("rep1")
        page = c.get("/customers")
        self.assertStatus(page, 200)
        err = c.get("/customers/999999999")
        self.assertStatus(err, 404)
        redirect = c.get("/login")
        self.assertStatus(redirect, 303)
        for r in (page, err, redirect):
            with self.subTest(path=r.path):
                self.check_common(r)
                self.check_no_store(r)

    def test_anonymous_page_error_redirect(self):
        c = Client()
        for r in (c.get("/login"), c.get("/no/such/page"), c.get("/customers")):
            with self.subTest(path=r.path):
                self.check_common(r)
        self.assertStatus(c.last, 303)

    def test_static_file(self):
        r = Client().get("/static/parley.css")
        self.assertStatus(r, 200)
        self.check_common(r, app=False)
        self.assertTrue(r.header("Content-Type").startswith("text/css"))

    def test_cookie_flags(self):
        c = Client()
        r = c.get("/login")
        pre = r.set_cookie("parley_pre")
        self.assertIsNotNone(pre, r.describe())
        r = c.post("/login", {"username": "rep1", "password": "parley-demo-2026"}, csrf=r.csrf_token())
        sess = r.set_cookie("parley_session")
        self.assertIsNotNone(sess, r.describe())
        for ck in (pre, sess):
            with self.subTest(cookie=ck["name"]):
                self.assertIs(ck["attrs"].get("httponly"), True)
                self.assertEqual(ck["attrs"].get("samesite"), "Lax")
                self.assertEqual(ck["attrs"].get("path"), "/")
                self.assertNotIn("domain", ck["attrs"])
                # the test stack's origin is http: no Secure (the https path is in unit_test_response)
                self.assertNotIn("secure", ck["attrs"])
        self.assertGreaterEqual(len(sess["value"]), 43)


if __name__ == "__main__":
    main()
