"""Shared helpers for the Parley HTTP integration tests (python3 standard library only).

Every test_*.py is run by ctest against a throw-away stack whose coordinates come from
the environment (see INTERFACES.md): PARLEY_BASE_URL, PARLEY_VAR, PARLEY_CONF,
PARLEY_DB_SOCKET, PARLEY_CLOCK_FILE, PARLEY_BIN, PARLEY_ROOT.

All test files share one stack, so tests must not depend on a pristine database:
use unique_name() for anything they create and restore what they change (the clock
offset, a user's language, a tampered audit row).
"""

import html
import http.client
import os
import re
import secrets
import subprocess
import sys
import unittest
import urllib.parse

DEMO_PASSWORD = "parley-demo-2026"
DEMO_USERS = ("admin", "rep1", "rep2", "rep3", "mgr1", "mgr2", "dir1", "vp1", "exec1")
SESSION_COOKIE = "parley_session"

_ENV_NAMES = ("PARLEY_BASE_URL", "PARLEY_VAR", "PARLEY_CONF", "PARLEY_DB_SOCKET",
              "PARLEY_CLOCK_FILE", "PARLEY_BIN", "PARLEY_ROOT")


def env(name):
    value = os.environ.get(name)
    if not value:
        sys.stderr.write("FATAL: environment variable %s is not set (source the test stack's env.sh)\n" % name)
        sys.exit(2)
    return value


def check_env():
    missing = [n for n in _ENV_NAMES if not os.environ.get(n)]
    if missing:
        sys.stderr.write("FATAL: missing environment: %s (source the test stack's env.sh)\n" % ", ".join(missing))
        sys.exit(2)


def unique_name(prefix="t"):
    """A username-safe name ([a-z0-9._-], <= 32 chars) unique per run."""
    return ("%s-%s" % (prefix, secrets.token_hex(4)))[:32]


# ----------------------------------------------------------------------------- HTTP

class Response:
    def __init__(self, status, reason, headers, body_bytes, method, path):
        self.status = status
        self.reason = reason
        self.headers = headers              # list of (name, value) in order
        self.body_bytes = body_bytes
        self.body = body_bytes.decode("utf-8", errors="replace")
        self.method = method
        self.path = path

    def header(self, name, default=None):
        name = name.lower()
        for k, v in self.headers:
            if k.lower() == name:
                return v
        return default

    def header_all(self, name):
        name = name.lower()
        return [v for k, v in self.headers if k.lower() == name]

    @property
    def location(self):
        return self.header("Location")

    def set_cookies(self):
        """Parsed Set-Cookie headers: list of dicts {name, value, attrs: {lower-name: value or True}}."""
        out = []
        for raw in self.header_all("Set-Cookie"):
            parts = [p.strip() for p in raw.split(";")]
            if not parts or "=" not in parts[0]:
                continue
            name, value = parts[0].split("=", 1)
            attrs = {}
            for p in parts[1:]:
                if not p:
                    continue
                if "=" in p:
                    k, v = p.split("=", 1)
                    attrs[k.strip().lower()] = v.strip()
                else:
                    attrs[p.lower()] = True
            out.append({"name": name.strip(), "value": value.strip(), "attrs": attrs, "raw": raw})
        return out

    def set_cookie(self, name):
        """The last Set-Cookie for name, or None."""
        found = None
        for c in self.set_cookies():
            if c["name"] == name:
                found = c
        return found

    def csrf_token(self):
        return extract_csrf(self.body)

    def html_lang(self):
        m = re.search(r'<html[^>]*\blang="([^"]*)"', self.body)
        return m.group(1) if m else None

    def element_text(self, elem_id):
        """Inner HTML (still escaped) of the first element with id=elem_id, or None."""
        m = re.search(r'<(\w+)[^>]*\bid="%s"[^>]*>(.*?)</\1>' % re.escape(elem_id), self.body, re.S)
        return m.group(2).strip() if m else None

    def describe(self, limit=600):
        hdrs = "\n".join("  %s: %s" % kv for kv in self.headers)
        body = self.body if len(self.body) <= limit else self.body[:limit] + "...[%d chars]" % len(self.body)
        return "%s %s -> %d %s\n%s\n%s" % (self.method, self.path, self.status, self.reason, hdrs, body)

    def __repr__(self):
        return "<Response %s %s %d>" % (self.method, self.path, self.status)


_CSRF_RES = (
    re.compile(r'name="csrf_token"\s+value="([^"]*)"'),
    re.compile(r'value="([^"]*)"\s+name="csrf_token"'),
)


def extract_csrf(body):
    for rx in _CSRF_RES:
        m = rx.search(body)
        if m and m.group(1):
            return html.unescape(m.group(1))
    return None


def input_value(body, name):
    """The value attribute of <input name=NAME ...>, unescaped; None if absent."""
    for m in re.finditer(r'<input\b[^>]*>', body):
        tag = m.group(0)
        if re.search(r'\bname="%s"' % re.escape(name), tag):
            v = re.search(r'\bvalue="([^"]*)"', tag)
            return html.unescape(v.group(1)) if v else ""
    return None


def selected_option(body, select_name):
    m = re.search(r'<select[^>]*\bname="%s"[^>]*>(.*?)</select>' % re.escape(select_name), body, re.S)
    if not m:
        return None
    o = re.search(r'<option value="([^"]*)"[^>]*\bselected', m.group(1))
    return html.unescape(o.group(1)) if o else None


class Client:
    """A cookie-keeping HTTP client that never follows redirects.

    Cookies are a flat name -> value jar (the app only sets Path=/ host cookies).
    The last csrf_token seen in an HTML page is remembered in self.csrf.
    """

    def __init__(self, base_url=None, source_address=None, user_agent="parley-integration-test"):
        self.base_url = base_url or env("PARLEY_BASE_URL")
        u = urllib.parse.urlsplit(self.base_url)
        if u.scheme != "http":
            raise ValueError("only http base URLs are supported: %r" % self.base_url)
        self.host = u.hostname
        self.port = u.port or 80
        self.prefix = u.path.rstrip("/")
        self.source_address = source_address
        self.user_agent = user_agent
        self.cookies = {}
        self.csrf = None
        self.last = None

    # -- cookies
    def set_cookie(self, name, value):
        self.cookies[name] = value

    def cookie(self, name):
        return self.cookies.get(name)

    def _store_cookies(self, resp):
        for c in resp.set_cookies():
            max_age = c["attrs"].get("max-age")
            if c["value"] == "" or (max_age is not None and max_age is not True and max_age.strip() in ("0", "-1")):
                self.cookies.pop(c["name"], None)
            else:
                self.cookies[c["name"]] = c["value"]

    # -- requests
    def request(self, method, path, body=None, headers=None, timeout=60):
        hdrs = {"User-Agent": self.user_agent, "Accept": "text/html", "Connection": "close"}
        if self.cookies:
            hdrs["Cookie"] = "; ".join("%s=%s" % kv for kv in self.cookies.items())
        if headers:
            hdrs.update(headers)
        if body is not None and isinstance(body, str):
            body = body.encode("utf-8")
        kwargs = {"timeout": timeout}
        if self.source_address:
            kwargs["source_address"] = (self.source_address, 0)
        conn = http.client.HTTPConnection(self.host, self.port, **kwargs)
        try:
            conn.request(method, self.prefix + path, body=body, headers=hdrs)
            r = conn.getresponse()
            data = r.read()
            resp = Response(r.status, r.reason, r.getheaders(), data, method, path)
        finally:
            conn.close()
        self._store_cookies(resp)
        tok = extract_csrf(resp.body) if "html" in (resp.header("Content-Type") or "") else None
        if tok:
            self.csrf = tok
        self.last = resp
        return resp

    def get(self, path, headers=None):
        return self.request("GET", path, headers=headers)

    def post(self, path, fields=None, csrf=True, headers=None):
        """POST application/x-www-form-urlencoded.

        fields: dict or list of pairs. csrf=True adds the last seen csrf_token unless fields
        already carry one; csrf=False sends none; a string sends that token."""
        if fields is None:
            fields = []
        pairs = list(fields.items()) if isinstance(fields, dict) else list(fields)
        has = any(k == "csrf_token" for k, _ in pairs)
        if isinstance(csrf, str):
            pairs = [(k, v) for k, v in pairs if k != "csrf_token"] + [("csrf_token", csrf)]
        elif csrf and not has:
            if not self.csrf:
                raise AssertionError("no csrf_token seen yet; GET a form page first")
            pairs.append(("csrf_token", self.csrf))
        body = urllib.parse.urlencode(pairs)
        h = {"Content-Type": "application/x-www-form-urlencoded"}
        if headers:
            h.update(headers)
        return self.request("POST", path, body=body, headers=h)

    def fetch_csrf(self, path="/"):
        """GET path and return its csrf_token (asserting there is one)."""
        r = self.get(path)
        tok = r.csrf_token()
        if not tok:
            raise AssertionError("no csrf_token on %s:\n%s" % (path, r.describe()))
        return tok

    # -- sign-in
    def login_attempt(self, username, password, headers=None):
        """GET /login then POST the form; returns the POST response."""
        r = self.get("/login")
        if r.status != 200:
            raise AssertionError("GET /login failed:\n" + r.describe())
        tok = r.csrf_token()
        if not tok:
            raise AssertionError("no csrf_token on /login:\n" + r.describe())
        return self.post("/login", {"username": username, "password": password}, csrf=tok, headers=headers)

    def login(self, username, password=DEMO_PASSWORD):
        """Signs in and asserts success (303 to / with a session cookie); returns the response."""
        r = self.login_attempt(username, password)
        if r.status != 303 or r.location not in ("/", self.base_url.rstrip("/") + "/"):
            raise AssertionError("login as %r failed:\n%s" % (username, r.describe()))
        if not self.cookies.get(SESSION_COOKIE):
            raise AssertionError("login as %r set no %s cookie:\n%s" % (username, SESSION_COOKIE, r.describe()))
        return r

    def logout(self):
        tok = self.fetch_csrf("/")
        return self.post("/logout", {}, csrf=tok)


# ----------------------------------------------------------------------------- database, clock, CLI

def _mariadb_cmd():
    return ["mariadb", "--protocol=socket", "-S", env("PARLEY_DB_SOCKET"), "-u", "root",
            "--default-character-set=utf8mb4", "-N", "-B", "parley"]


def db_query(sql):
    """Runs SQL as root over the test stack's socket; returns rows as lists of strings
    (NULL comes back as the string 'NULL'; -B escapes tabs/newlines/backslashes)."""
    p = subprocess.run(_mariadb_cmd() + ["-e", sql], capture_output=True, text=True, timeout=60)
    if p.returncode != 0:
        raise AssertionError("mariadb failed (%d) for %r:\n%s" % (p.returncode, sql, p.stderr))
    rows = []
    for line in p.stdout.splitlines():
        rows.append(line.split("\t"))
    return rows


def db_value(sql):
    rows = db_query(sql)
    if len(rows) != 1 or len(rows[0]) != 1:
        raise AssertionError("expected one value from %r, got %r" % (sql, rows))
    return rows[0][0]


def db_int(sql):
    return int(db_value(sql))


def sql_str(s):
    """A quoted SQL string literal (for test-controlled values)."""
    return "'" + s.replace("\\", "\\\\").replace("'", "''") + "'"


def user_id(username):
    rows = db_query("SELECT id FROM users WHERE username=%s" % sql_str(username))
    if len(rows) != 1:
        raise AssertionError("user %r not found in the database" % username)
    return int(rows[0][0])


def user_count():
    return db_int("SELECT COUNT(*) FROM users")


def audit_count(where="1=1"):
    return db_int("SELECT COUNT(*) FROM audit_log WHERE " + where)


def audit_reads(where="1=1", at_least=None, timeout=5):
    """Reads of confidential values recorded in audit_log: repeated views of one field of one row by
    one user within a 15-minute period are one entry with a count, and repeats reach the database
    within about a second after the response. With at_least, waits up to timeout for that many."""
    import time
    deadline = time.time() + timeout
    while True:
        n = db_int("SELECT IFNULL(SUM(count), 0) FROM audit_log WHERE action = 'secret.read' AND (%s)" % where)
        if at_least is None or n >= at_least or time.time() > deadline:
            return n
        time.sleep(0.2)


def set_clock_offset(seconds):
    """Moves the app's clock: the offset is read by the app on every request."""
    path = env("PARLEY_CLOCK_FILE")
    tmp = path + ".tmp%d" % os.getpid()
    with open(tmp, "w") as f:
        f.write("%d\n" % int(seconds))
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


def reset_clock():
    set_clock_offset(0)


_SANITIZER_RE = re.compile(r"ERROR: (?:AddressSanitizer|LeakSanitizer|ThreadSanitizer)|"
                           r"SUMMARY: (?:Address|UndefinedBehavior|Leak)Sanitizer|: runtime error: ")


def sanitizer_report(text):
    """The first line of a sanitizer report in text (a process's stderr), or None."""
    m = _SANITIZER_RE.search(text or "")
    if not m:
        return None
    start = (text or "").rfind("\n", 0, m.start()) + 1
    end = text.find("\n", m.end())
    return text[start:end if end >= 0 else len(text)]


def run_parley(*args, stdin=None, timeout=120):
    """build/parley -c CONF ARGS...; returns CompletedProcess (text).

    A sanitizer report on stderr fails the calling test whatever the exit status, so an ASan abort
    (exit 1 by default) never passes for an expected exit 1."""
    cmd = [env("PARLEY_BIN"), "-c", env("PARLEY_CONF")] + list(args)
    p = subprocess.run(cmd, input=stdin, capture_output=True, text=True, timeout=timeout)
    report = sanitizer_report(p.stderr)
    if report:
        raise AssertionError("sanitizer report from parley %s (exit %d): %s\n%s"
                             % (" ".join(args), p.returncode, report, p.stderr[-6000:]))
    return p


# ----------------------------------------------------------------------------- assertions

class ParleyTestCase(unittest.TestCase):
    maxDiff = None

    def assertStatus(self, resp, status, msg=""):
        statuses = status if isinstance(status, (tuple, list, set)) else (status,)
        if resp.status not in statuses:
            self.fail("%sexpected status %s, got:\n%s" % (msg + ": " if msg else "", status, resp.describe()))

    def assertRedirect(self, resp, location, msg=""):
        self.assertStatus(resp, 303, msg)
        loc = resp.location or ""
        base = env("PARLEY_BASE_URL").rstrip("/")
        if loc.startswith(base):
            loc = loc[len(base):]
        if callable(location):
            ok = location(loc)
        else:
            ok = loc == location
        if not ok:
            self.fail("%sexpected redirect to %s, got Location %r:\n%s"
                      % (msg + ": " if msg else "", location, resp.location, resp.describe()))

    def assertLoggedOut(self, client, msg=""):
        r = client.get("/")
        self.assertRedirect(r, "/login", msg or "session should be dead")

    def assertLoggedIn(self, client, msg=""):
        r = client.get("/")
        self.assertStatus(r, 200, msg or "session should be alive")
        self.assertIsNotNone(r.element_text("user-name"), "no #user-name on /:\n" + r.describe())
        return r


# ctest reports a test file that exits with this code as skipped (SKIP_RETURN_CODE in CMakeLists.txt).
SKIP_EXIT = 77


def main():
    """Runs the file's tests. A file in which every test passed but some were skipped exits with
    SKIP_EXIT, so that a skipped test is reported as skipped, not as passed."""
    check_env()
    prog = unittest.main(verbosity=2, exit=False)
    r = prog.result
    if not r.wasSuccessful():
        sys.exit(1)
    if r.skipped:
        sys.stderr.write("SKIPPED: %d test(s): %s\n" % (len(r.skipped), "; ".join(
            "%s (%s)" % (t.id(), why) for t, why in r.skipped)))
        sys.exit(SKIP_EXIT)
    sys.exit(0)
