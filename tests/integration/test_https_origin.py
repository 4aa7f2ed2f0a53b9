#!/usr/bin/env python3
"""The production cookie and origin path, over HTTP: a second site on the test stack's database, set up
as it is behind TLS (origin=https://…, secure_cookies=1; nginx and the app as in the test stack, the TLS
terminator being the only thing left out). Its cookies carry Secure, a POST naming the https origin (by
Origin or Referer) is accepted, and one naming the plain-http origin of the same host and port, or any
other origin, is refused with 403 whatever its token, changing nothing."""
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from parleytest import (DEMO_PASSWORD, SESSION_COOKIE, Client, ParleyTestCase, env, main,  # noqa: E402
                        sanitizer_report, user_id, db_value)


class HttpsSite:
    """parley serve (one worker) + nginx from the test stack's own files, on the port after the
    valgrind stack's, in PARLEY_VAR/tls."""

    def __init__(self):
        var = env("PARLEY_VAR")
        base = urllib.parse.urlsplit(env("PARLEY_BASE_URL"))
        self.port = base.port + 2
        self.dir = os.path.join(var, "tls")
        self.origin = "https://127.0.0.1:%d" % self.port
        self.url = "http://127.0.0.1:%d" % self.port
        self.app = self.nginx = None

    def start(self):
        var, d = env("PARLEY_VAR"), self.dir
        self.stop_leftovers()
        shutil.rmtree(d, ignore_errors=True)
        for sub in ("run", "log", "nginx", "exports", *("nginx/" + t for t in
                                                        ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))):
            os.makedirs(os.path.join(d, sub), exist_ok=True)
        with open(os.path.join(var, "nginx", "nginx.conf")) as f:
            nginx = f.read()
        www = re.search(r"^user www-data;", nginx, re.M) is not None
        os.chmod(os.path.join(d, "run"), 0o750)
        if www:
            shutil.chown(os.path.join(d, "run"), group="www-data")
        nginx = re.sub(r"listen 127\.0\.0\.1:\d+;", "listen 127.0.0.1:%d;" % self.port, nginx.replace(var + "/", d + "/"))
        with open(os.path.join(d, "nginx", "nginx.conf"), "w") as f:
            f.write(nginx)
        with open(env("PARLEY_CONF")) as f:
            conf = f.read()
        repl = {"fcgi_socket": os.path.join(d, "run", "parley.sock"), "pid_file": os.path.join(d, "run", "parley.pid"),
                "jobs_pid_file": os.path.join(d, "run", "jobs.pid"), "workers": "1", "origin": self.origin,
                "secure_cookies": "1"}
        for k, v in repl.items():
            conf, n = re.subn(r"^%s=.*$" % k, "%s=%s" % (k, v), conf, flags=re.M)
            assert n == 1, "no %s= in the stack's configuration" % k
        self.conf = os.path.join(d, "parley.conf")
        with open(self.conf, "w") as f:
            f.write(conf)
        self.log = open(os.path.join(d, "log", "parley.log"), "w")
        self.app = subprocess.Popen([env("PARLEY_BIN"), "-c", self.conf, "serve"], stdout=self.log,
                                    stderr=subprocess.STDOUT)
        sock = repl["fcgi_socket"]
        deadline = time.time() + 60
        while not os.path.exists(sock):
            if self.app.poll() is not None or time.time() > deadline:
                raise AssertionError("the https site's app did not start:\n" + self.app_log())
            time.sleep(0.1)
        if www:
            shutil.chown(sock, group="www-data")
            os.chmod(sock, 0o660)
        # nginx.conf says "daemon off": nginx stays in the foreground
        self.nginx = subprocess.Popen(["nginx", "-p", os.path.join(d, "nginx") + "/", "-c", "nginx.conf",
                                       "-e", os.path.join(d, "log", "nginx-error.log")],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 30
        while True:
            if self.nginx.poll() is not None:
                raise AssertionError("nginx for the https site exited (%d)" % self.nginx.returncode)
            try:
                if Client(self.url).get("/healthz").status == 200:
                    break
            except OSError:
                pass
            if time.time() > deadline:
                raise AssertionError("the https site is not healthy:\n" + self.app_log())
            time.sleep(0.2)

    def app_log(self):
        try:
            with open(os.path.join(self.dir, "log", "parley.log")) as f:
                return f.read()[-4000:]
        except OSError:
            return ""

    def stop_nginx(self):
        if self.nginx:
            self.nginx.send_signal(signal.SIGQUIT)
            try:
                self.nginx.wait(15)
            except subprocess.TimeoutExpired:
                self.nginx.kill()
                self.nginx.wait(5)
            return
        pidfile = os.path.join(self.dir, "run", "nginx.pid")
        try:
            with open(pidfile) as f:
                pid = int(f.read().strip())
            os.kill(pid, signal.SIGQUIT)
            for _ in range(100):
                os.kill(pid, 0)
                time.sleep(0.1)
        except (OSError, ValueError):
            pass

    def stop_leftovers(self):
        self.stop_nginx()
        try:
            with open(os.path.join(self.dir, "run", "parley.pid")) as f:
                os.kill(int(f.read().strip()), signal.SIGTERM)
        except (OSError, ValueError):
            pass

    def stop(self):
        """Stops both; returns the app's sanitizer report, if any."""
        self.stop_nginx()
        if self.app:
            self.app.send_signal(signal.SIGTERM)
            try:
                self.app.wait(60)
            except subprocess.TimeoutExpired:
                self.app.kill()
                self.app.wait(10)
            self.log.close()
        return sanitizer_report(self.app_log())


class HttpsOriginTest(ParleyTestCase):
    @classmethod
    def setUpClass(cls):
        cls.site = HttpsSite()
        cls.site.start()

    @classmethod
    def tearDownClass(cls):
        report = cls.site.stop()
        if report:
            raise AssertionError("sanitizer report from the https site's app: %s\n%s" % (report, cls.site.app_log()))

    def client(self):
        return Client(self.site.url)

    def login(self, username="rep1", origin=None):
        c = self.client()
        r = c.get("/login")
        self.assertStatus(r, 200)
        h = {"Origin": origin or self.site.origin}
        return c, r, c.post("/login", {"username": username, "password": DEMO_PASSWORD}, csrf=r.csrf_token(),
                            headers=h)

    def test_cookies_are_secure(self):
        c, page, r = self.login()
        pre = page.set_cookie("parley_pre")
        self.assertIsNotNone(pre, page.describe())
        self.assertRedirect(r, "/")
        sess = r.set_cookie(SESSION_COOKIE)
        self.assertIsNotNone(sess, r.describe())
        for ck in (pre, sess):
            with self.subTest(cookie=ck["name"]):
                self.assertIs(ck["attrs"].get("secure"), True, ck["raw"])
                self.assertIs(ck["attrs"].get("httponly"), True, ck["raw"])
                self.assertEqual(ck["attrs"].get("samesite"), "Lax")
        # the language switch sets its cookie the same way
        c.get("/")
        r = c.post("/account/lang", {"lang": "en", "next": "/"}, headers={"Origin": self.site.origin})
        self.assertStatus(r, 303)
        for ck in r.set_cookies():
            self.assertIs(ck["attrs"].get("secure"), True, ck["raw"])
        c.post("/account/lang", {"lang": "zh-CN", "next": "/"}, headers={"Origin": self.site.origin})
        # the test stack itself (http origin) sets no Secure: the flag follows the configuration
        r = Client().get("/login")
        self.assertNotIn("secure", r.set_cookie("parley_pre")["attrs"])

    def test_sign_in_from_another_origin_is_refused(self):
        plain = "http://127.0.0.1:%d" % self.site.port
        for origin in (plain, "https://127.0.0.1:%d" % (self.site.port + 1), "https://evil.example"):
            with self.subTest(origin=origin):
                c, _, r = self.login(origin=origin)
                self.assertStatus(r, 403)
                self.assertIsNone(c.cookie(SESSION_COOKIE))
        # a Referer on the https origin is enough without an Origin header
        c = self.client()
        r = c.get("/login")
        r = c.post("/login", {"username": "rep1", "password": DEMO_PASSWORD}, csrf=r.csrf_token(),
                   headers={"Referer": self.site.origin + "/login"})
        self.assertRedirect(r, "/")
        c2 = self.client()
        r = c2.get("/login")
        r = c2.post("/login", {"username": "rep1", "password": DEMO_PASSWORD}, csrf=r.csrf_token(),
                    headers={"Referer": "http://127.0.0.1:%d/login" % self.site.port})
        self.assertStatus(r, 403)

    def test_signed_in_post_checks_the_https_origin(self):
        c, _, r = self.login("rep1")
        self.assertRedirect(r, "/")
        lang = db_value("SELECT lang FROM users WHERE id = %d" % user_id("rep1"))
        c.get("/")
        r = c.post("/account/lang", {"lang": "en" if lang != "en" else "zh-CN", "next": "/"},
                   headers={"Origin": "http://127.0.0.1:%d" % self.site.port})
        self.assertStatus(r, 403)
        self.assertEqual(db_value("SELECT lang FROM users WHERE id = %d" % user_id("rep1")), lang)
        self.assertLoggedIn(c)
        # the logout with the right origin ends the session
        tok = c.fetch_csrf("/")
        r = c.post("/logout", {}, csrf=tok, headers={"Origin": self.site.origin})
        self.assertStatus(r, 303)
        self.assertLoggedOut(c)


if __name__ == "__main__":
    main()
