"""Helpers shared by the customer tests (test_visibility, test_canary, test_customers).

Not a test itself (ctest registers only test_*.py). Everything here goes through HTTP as a demo
user, except the read-only database checks the tests use to prove that nothing changed.
"""

import html
import html.parser
import os
import re
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from parleytest import Client, db_query, env, unique_name

TZ = ZoneInfo("Asia/Shanghai")

CUSTOMER_DEFAULTS = {
    "name": "",
    "industry": "",
    "employees": "",
    "annual_revenue": "",
    "currency": "CNY",
    "source": "other",
    "segment": "new",
    "intent": "medium",
    "stage": "1",
    "need_summary": "",
    "suppliers": "",
    "decision_process": "",
    "notes": "",
    "next_follow_up": "",
}

_clients = {}


def client(username):
    """A signed-in client for a demo user, shared within one test process."""
    c = _clients.get(username)
    if c is None:
        c = Client()
        c.login(username)
        _clients[username] = c
    return c


def fresh_client(username):
    c = Client()
    c.login(username)
    return c


def token(prefix):
    """A search-friendly unique token: letters and digits only (no LIKE metacharacters)."""
    return unique_name(prefix).replace("-", "")


# ----------------------------------------------------------------------------- time

def clock_offset():
    try:
        with open(env("PARLEY_CLOCK_FILE")) as f:
            return int(f.read().strip() or "0")
    except (OSError, ValueError):
        return 0


def today(add_days=0):
    """The app's today in Asia/Shanghai (the demo users' zone), plus add_days, ISO."""
    now = datetime.fromtimestamp(time.time() + clock_offset(), TZ)
    return (now.date() + timedelta(days=add_days)).isoformat()


def zh_date(iso):
    y, m, d = (int(x) for x in iso.split("-"))
    return "%d年%d月%d日" % (y, m, d)


# ----------------------------------------------------------------------------- HTML

class FormParser(html.parser.HTMLParser):
    """Collects every <form>: action, method, id and its successful controls in document order."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self._form = None
        self._select = None
        self._select_first = None
        self._select_chosen = None
        self._textarea = None
        self._text = []

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self._form = {"action": a.get("action", ""), "method": a.get("method", "get").lower(),
                          "id": a.get("id", ""), "fields": [], "names": set()}
            self.forms.append(self._form)
            return
        if self._form is None:
            return
        if tag == "input":
            name = a.get("name")
            if not name:
                return
            self._form["names"].add(name)
            typ = a.get("type", "text").lower()
            if typ in ("submit", "button", "image", "reset", "file"):
                return
            if typ in ("checkbox", "radio"):
                if "checked" in a:
                    self._form["fields"].append((name, a.get("value", "on")))
                return
            self._form["fields"].append((name, a.get("value", "")))
        elif tag == "select":
            self._select = a.get("name")
            if self._select:
                self._form["names"].add(self._select)
            self._select_first = None
            self._select_chosen = None
        elif tag == "option" and self._select:
            v = a.get("value", "")
            if self._select_first is None:
                self._select_first = v
            if "selected" in a:
                self._select_chosen = v
        elif tag == "textarea":
            self._textarea = a.get("name")
            if self._textarea:
                self._form["names"].add(self._textarea)
            self._text = []

    def handle_data(self, data):
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select is not None:
            if self._form is not None and self._select:
                v = self._select_chosen if self._select_chosen is not None else self._select_first
                if v is not None:
                    self._form["fields"].append((self._select, v))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            if self._form is not None and self._textarea:
                text = "".join(self._text)
                if text.startswith("\n"):
                    text = text[1:]
                self._form["fields"].append((self._textarea, text))
            self._textarea = None


def forms(body):
    p = FormParser()
    p.feed(body)
    p.close()
    return p.forms


def form_with_action(body, action):
    for f in forms(body):
        if f["action"] == action and f["method"] == "post":
            return f
    return None


def form_values(body, action):
    """The fields of the POST form with this action as a dict (last value wins), or None."""
    f = form_with_action(body, action)
    if f is None:
        return None
    return dict(f["fields"])


def row_ids(body):
    """Customer ids of the list rows (<tr data-customer-id="ID">), in page order."""
    return [int(x) for x in re.findall(r'<tr\b[^>]*\bdata-customer-id="(\d+)"', body)]


def next_page_href(body):
    m = re.search(r'<a\b[^>]*\bid="next-page"[^>]*>', body)
    if not m:
        return None
    h = re.search(r'\bhref="([^"]*)"', m.group(0))
    return html.unescape(h.group(1)) if h else None


def has_id(body, elem_id):
    return re.search(r'\bid="%s"' % re.escape(elem_id), body) is not None


def element_text(body, elem_id):
    m = re.search(r'<(\w+)[^>]*\bid="%s"[^>]*>(.*?)</\1>' % re.escape(elem_id), body, re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", m.group(2))).strip() if m else None


def visible_text(body):
    """Text content with tags removed and entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


def links_to_customer(body, cid):
    return re.search(r'href="/customers/%d(?:["/?#])' % cid, body) is not None


# ----------------------------------------------------------------------------- language files

def _parse_hdf(text, prefix, out):
    lines = text.splitlines()
    stack = [prefix] if prefix else []
    i = 0
    while i < len(lines):
        line = lines[i].strip()
        i += 1
        if not line or line.startswith("#"):
            continue
        if line == "}":
            if stack:
                stack.pop()
            continue
        if line.endswith("{"):
            stack.append(line[:-1].strip())
            continue
        m = re.match(r"([A-Za-z0-9_.\-]+)\s*<<\s*(\w+)$", line)
        if m:
            end = m.group(2)
            buf = []
            while i < len(lines) and lines[i].strip() != end:
                buf.append(lines[i])
                i += 1
            i += 1
            out[".".join(stack + [m.group(1)])] = "\n".join(buf)
            continue
        m = re.match(r"([A-Za-z0-9_.\-]+)\s*=\s?(.*)$", line)
        if m:
            out[".".join(stack + [m.group(1)])] = m.group(2)
    return out


def lang_strings(lang="zh-CN"):
    """Every key = value of templates/lang/<lang>.hdf and templates/lang/<lang>/*.hdf."""
    root = os.path.join(env("PARLEY_ROOT"), "templates", "lang")
    out = {}
    single = os.path.join(root, lang + ".hdf")
    if os.path.exists(single):
        with open(single, encoding="utf-8") as f:
            _parse_hdf(f.read(), "", out)
    d = os.path.join(root, lang)
    if os.path.isdir(d):
        for fn in sorted(os.listdir(d)):
            if fn.endswith(".hdf"):
                with open(os.path.join(d, fn), encoding="utf-8") as f:
                    _parse_hdf(f.read(), "", out)
    return out


def lang_value(key_suffix, lang="zh-CN"):
    """The value of the one key ending in key_suffix (e.g. 'personality_strategy.hesitant')."""
    strings = lang_strings(lang)
    hits = [v for k, v in strings.items() if k == key_suffix or k.endswith("." + key_suffix)]
    if len(hits) != 1:
        raise AssertionError("expected one language key *%s in %s, found %d" % (key_suffix, lang, len(hits)))
    return hits[0]


# ----------------------------------------------------------------------------- customers

def user_lang(username):
    return db_query("SELECT lang FROM users WHERE username='%s'" % username)[0][0]


def customer_fields(**kw):
    f = dict(CUSTOMER_DEFAULTS)
    f.update(kw)
    return f


def create_customer(c, name, **kw):
    """POSTs the new-customer form; returns the new id (asserting 303 → /customers/ID)."""
    if not c.csrf:
        c.fetch_csrf("/customers/new")
    fields = customer_fields(name=name, **kw)
    fields = {k: v for k, v in fields.items() if v is not None}
    r = c.post("/customers", fields)
    if r.status != 303:
        # the token may have been rotated: retry once with a fresh form
        c.fetch_csrf("/customers/new")
        r = c.post("/customers", fields)
    if r.status != 303:
        raise AssertionError("create customer %r failed:\n%s" % (name, r.describe(2000)))
    m = re.match(r"^(?:https?://[^/]+)?/customers/(\d+)$", r.location or "")
    if not m:
        raise AssertionError("create customer: unexpected Location %r" % r.location)
    return int(m.group(1))


def edit_form(c, cid):
    """GET /customers/ID/edit and return (response, fields dict of the update form or None)."""
    r = c.get("/customers/%d/edit" % cid)
    if r.status != 200:
        return r, None
    return r, form_values(r.body, "/customers/%d" % cid)


def customer_row(cid):
    """The stored row as a dict (for 'nothing changed' checks), or None."""
    cols = ("name", "industry", "IFNULL(employees,'')", "IFNULL(annual_revenue,'')", "currency", "source",
            "segment", "intent", "stage", "owner_id", "team_id", "region_id", "shared_with_team", "need_summary",
            "suppliers", "decision_process", "notes", "IFNULL(next_follow_up,'')",
            "IFNULL(budget_ceiling_enc,'')", "IFNULL(budget_ceiling_kv,'')", "IFNULL(decision_notes_enc,'')",
            "IFNULL(decision_notes_kv,'')", "updated_at")
    rows = db_query("SELECT %s FROM customers WHERE id=%d" % (", ".join(cols), cid))
    if not rows:
        return None
    keys = [re.sub(r"IFNULL\((\w+),''\)", r"\1", k) for k in cols]
    return dict(zip(keys, rows[0]))


def org_ids():
    from parleytest import db_int, user_id
    return {
        "team1": db_int("SELECT team_id FROM users WHERE username='rep1'"),
        "team2": db_int("SELECT team_id FROM users WHERE username='rep3'"),
        **{u: user_id(u) for u in ("admin", "rep1", "rep2", "rep3", "mgr1", "mgr2", "dir1", "vp1", "exec1")},
    }
