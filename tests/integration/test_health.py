#!/usr/bin/env python3
"""Health check, security headers, unknown paths and wrong methods."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from parleytest import Client, ParleyTestCase, main  # noqa: E402


def csp_directives(value):
    out = {}
    for part in value.split(";"):
        words = part.split()
        if words:
            out[words[0].lower()] = [w.lower() for w in words[1:]]
    return out


class HealthTest(ParleyTestCase):
    def setUp(self):
        self.c = Client()

    def test_healthz_ok(self):
        r = self.c.get("/healthz")
        self.assertStatus(r, 200)
        self.assertEqual(r.body.strip(), "ok", r.describe())

    def check_security_headers(self, r):
        csp = r.header("Content-Security-Policy")
        self.assertTrue(csp, "no Content-Security-Policy:\n" + r.describe())
        d = csp_directives(csp)
        script = d.get("script-src", d.get("default-src"))
        self.assertIsNotNone(script, "CSP restricts neither script-src nor default-src: %r" % csp)
        self.assertIn("'self'", d.get("default-src", []), "CSP default-src is not 'self': %r" % csp)
        self.assertNotIn("'unsafe-inline'", script, "CSP allows inline scripts: %r" % csp)
        self.assertNotIn("'unsafe-eval'", script, "CSP allows eval: %r" % csp)
        self.assertNotIn("*", script, "CSP allows scripts from anywhere: %r" % csp)
        self.assertEqual((r.header("X-Content-Type-Options") or "").lower(), "nosniff", r.describe())
        self.assertEqual((r.header("X-Frame-Options") or "").upper(), "DENY", r.describe())
        self.assertEqual((r.header("Referrer-Policy") or "").lower(), "same-origin", r.describe())

    def test_security_headers_on_login(self):
        r = self.c.get("/login")
        self.assertStatus(r, 200)
        self.check_security_headers(r)
        self.assertTrue((r.header("Content-Type") or "").startswith("text/html"), r.describe())
        self.assertIn("charset=utf-8", (r.header("Content-Type") or "").lower())

    def test_security_headers_on_errors_and_health(self):
        for path in ("/healthz", "/no-such-page"):
            with self.subTest(path=path):
                self.check_security_headers(self.c.get(path))

    def test_no_inline_script_on_login(self):
        r = self.c.get("/login")
        # Every <script> must load from a file: CSP forbids inline ones.
        import re
        for m in re.finditer(r"<script\b([^>]*)>(.*?)</script>", r.body, re.S):
            self.assertIn("src=", m.group(1), "inline <script> on /login: %r" % m.group(0)[:200])
            self.assertEqual(m.group(2).strip(), "", "inline script body on /login")
        self.assertNotRegex(r.body, r"\son[a-z]+\s*=\s*\"", "inline event handler attribute on /login")

    def test_unknown_path_404(self):
        for path in ("/no-such-page", "/admin/no-such", "/login/extra", "/healthz/x"):
            with self.subTest(path=path):
                self.assertStatus(self.c.get(path), 404)

    def test_post_to_get_only_route_is_405(self):
        r = self.c.post("/healthz", {"a": "b"}, csrf=False)
        self.assertStatus(r, 405)

    def test_other_methods_refused(self):
        r = self.c.request("PUT", "/login", body="x=1", headers={"Content-Type": "application/x-www-form-urlencoded"})
        self.assertStatus(r, (403, 405))
        r = self.c.request("DELETE", "/healthz")
        self.assertStatus(r, (403, 405))

    def test_404_does_not_leak_login_state(self):
        # An unknown page is 404 whether or not you are signed in (no redirect to /login).
        r = self.c.get("/customers-nonexistent-xyz")
        self.assertStatus(r, 404)


if __name__ == "__main__":
    main()
