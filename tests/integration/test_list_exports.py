#!/usr/bin/env python3
"""Every list exports what it shows (docs/exports.md): customers, contacts, opportunities, objections,
concession requests with their approval steps, follow-ups and surveys, as CSV (read back with Python's
csv module) and XLSX (opened by gnumeric's ssconvert), compared with the database under the user's
visibility, with the list's filters and sort read from the list page's own query string (what the
Export control posts). Canary: rep1's confidential budget and decision notes and the restricted cost
of rep1's opportunity appear in the exports of exactly the users who may read them, and in no export
file, audit detail or log line of anyone else."""
import glob
import os
import re
import secrets
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from parleytest import Client, ParleyTestCase, db_int, db_query, env, main, reset_clock  # noqa: E402
from custtest import create_customer, edit_form, token  # noqa: E402
from exporttest import (XLSX_TYPE, audit_for_job, last_job, read_csv, read_xlsx, visible_customer_sql,  # noqa: E402
                        wait_job)

CONF_READERS = ("rep1", "mgr1", "dir1", "vp1", "exec1")
RESTR_READERS = ("dir1", "vp1", "exec1")
OTHERS = ("rep2", "rep3", "mgr2")
EVERY_LIST = ("customers", "contacts", "opportunities", "objections", "concessions", "followups", "surveys")


def login(username):
    c = Client()
    c.login(username)
    return c


def export_query(client, kind, fmt, page_query, **fixed):
    """What the Export control of a list posts: the list page's query string, or its fixed filters."""
    client.fetch_csrf("/exports")
    fields = {"list": kind, "format": fmt}
    if fixed:
        fields.update({k: str(v) for k, v in fixed.items()})
    else:
        fields["query"] = page_query
    return client.post("/exports", fields)


class ListExportTest(ParleyTestCase):
    @classmethod
    def setUpClass(cls):
        reset_clock()
        cls.rep1 = login("rep1")
        cls.exec1 = login("exec1")
        cls.tok = token("lx")
        cls.budget_whole = 100000000 + secrets.randbelow(899999999)
        cls.budget = "%d.%02d" % (cls.budget_whole, 11 + secrets.randbelow(88))
        cls.notes = "CANARY-LX-%s" % secrets.token_hex(8)
        cls.cost_whole = 10000000 + secrets.randbelow(89999999)
        cls.cost = "%d.%02d" % (cls.cost_whole, 11 + secrets.randbelow(88))
        cls.rep1.fetch_csrf("/customers/new")
        cls.cid = create_customer(cls.rep1, "%s 导出客户" % cls.tok, shared_with_team="1")
        cls.cid2 = create_customer(cls.rep1, "%s 第二客户" % cls.tok, shared_with_team="1")
        r, f = edit_form(cls.rep1, cls.cid)
        f["budget_ceiling"] = cls.budget
        f["decision_notes"] = cls.notes
        f["intent"] = "high"
        r = cls.rep1.post("/customers/%d" % cls.cid, f)
        if r.status != 303:
            raise AssertionError("rep1 could not set the budget:\n" + r.describe(3000))
        # An opportunity, its restricted cost set by the region's director.
        cls.rep1.get("/opportunities/new?customer_id=%d" % cls.cid)
        r = cls.rep1.post("/opportunities", {
            "customer_id": str(cls.cid), "title": "%s 商机" % cls.tok, "stage": "3", "status": "open",
            "currency": "CNY", "list_price": "1000000", "initial_quote": "950000", "current_offer": "",
            "final_price": "", "expected_close": "2026-11-22", "lost_reason": ""})
        if r.status != 303:
            raise AssertionError("opportunity not created:\n" + r.describe(3000))
        cls.oid = int(r.location.rsplit("/", 1)[1])
        dir1 = login("dir1")
        r = dir1.get("/opportunities/%d/edit" % cls.oid)
        f = {"title": "%s 商机" % cls.tok, "stage": "3", "status": "open", "currency": "CNY", "list_price": "1000000",
             "initial_quote": "950000", "current_offer": "", "final_price": "", "expected_close": "2026-11-22",
             "lost_reason": "", "cost": cls.cost, "margin": "23.45"}
        r = dir1.post("/opportunities/%d" % cls.oid, f)
        if r.status != 303:
            raise AssertionError("dir1 could not set the cost:\n" + r.describe(3000))
        # A contact, two follow-ups, a survey, a record with an objection.
        page = "/customers/%d" % cls.cid
        cls.rep1.get(page)
        for name in ("=HYPERLINK(\"http://x\",\"y\")", "王经理"):
            r = cls.rep1.post(page + "/contacts", {"name": name, "title": "采购", "phone": "+86 10 1234 5678",
                                                   "email": "a@example.com", "decision_role": "decides",
                                                   "personality": "analytical", "notes": ""})
            if r.status != 303:
                raise AssertionError("contact not created:\n" + r.describe(3000))
        for day in ("2026-01-05", "2026-02-07"):
            cls.rep1.get(page)
            r = cls.rep1.post(page + "/follow-ups", {"happened_on": day, "channel": "visit",
                                                     "summary": "拜访 %s" % day, "next_date": ""})
            if r.status != 303:
                raise AssertionError("follow-up not logged:\n" + r.describe(3000))
        cls.rep1.get(page + "/surveys/new")
        r = cls.rep1.post(page + "/surveys", {"surveyed_on": "2026-01-10", "service_quality": "4",
                                              "solution_effect": "5", "response_speed": "3", "team_cooperation": "4",
                                              "overall": "satisfied", "suggestions": "+更快"})
        if r.status != 303:
            raise AssertionError("survey not created:\n" + r.describe(3000))
        cls.rep1.get("/negotiations/new?customer_id=%d" % cls.cid)
        r = cls.rep1.post("/negotiations", [
            ("customer_id", str(cls.cid)), ("opportunity_id", ""), ("plan_id", ""), ("held_on", "2026-01-12"),
            ("start_time", "09:30"), ("end_time", "11:00"), ("place", "x"), ("our_participants", "rep"),
            ("their_participants", "王总"), ("type", "price"), ("phase", "middle"), ("status", "follow_up"),
            ("objections.0.quote", "-太贵了"), ("objections.0.type", "price"), ("objections.0.response", ""),
            ("objections.0.result", ""), ("objections.0.owner", "")])
        if r.status != 303:
            raise AssertionError("record not created:\n" + r.describe(3000))
        cls.files = []   # (username, kind, fmt, bytes) of every export this test makes

    # ------------------------------------------------------------------ helpers
    def get_file(self, client, username, kind, fmt, page_query="", big=False, **fixed):
        """The file of one export; big: it may become a job (other tests' data can be large)."""
        r = export_query(client, kind, fmt, page_query, **fixed)
        if big and r.status == 303:
            j = wait_job(last_job(username)["id"])
            self.assertEqual(j["state"], "done")
            r = client.get("/exports/%d/file" % last_job(username)["id"])
        self.assertStatus(r, 200, "%s exports %s as %s" % (username, kind, fmt))
        if fmt == "xlsx":
            self.assertEqual(r.header("Content-Type"), XLSX_TYPE)
        data = r.body_bytes
        self.files.append((username, kind, fmt, data))
        return data

    def rows(self, client, username, kind, fmt="csv", page_query="", **fixed):
        data = self.get_file(client, username, kind, fmt, page_query, **fixed)
        return read_csv(data) if fmt == "csv" else read_xlsx(data)

    def count(self, sql, username):
        return db_int(sql.replace("VIS", visible_customer_sql(username)))

    # ------------------------------------------------------------------ every list, both formats
    def test_every_list_matches_the_database(self):
        checks = {
            "customers": ("q=%s" % urllib.parse.quote(self.tok), {},
                          "SELECT COUNT(*) FROM customers c WHERE VIS AND c.name LIKE '%%%s%%'" % self.tok),
            "contacts": ("", {"customer": self.cid},
                         "SELECT COUNT(*) FROM contacts k JOIN customers c ON c.id=k.customer_id WHERE VIS AND c.id=%d" % self.cid),
            "opportunities": ("customer=%d" % self.cid, {},
                              "SELECT COUNT(*) FROM opportunities o JOIN customers c ON c.id=o.customer_id "
                              "WHERE VIS AND c.id=%d" % self.cid),
            "objections": ("customer=%d&type=price" % self.cid, {},
                           "SELECT COUNT(*) FROM objections x JOIN customers c ON c.id=x.customer_id "
                           "WHERE VIS AND c.id=%d AND x.type='price'" % self.cid),
            "concessions": ("state=approved", {},
                            "SELECT COUNT(*) FROM concession_requests r JOIN customers c ON c.id=r.customer_id "
                            "WHERE VIS AND r.state='approved'"),
            "followups": ("", {"customer": self.cid},
                          "SELECT COUNT(*) FROM follow_ups f JOIN customers c ON c.id=f.customer_id WHERE VIS AND c.id=%d" % self.cid),
            "surveys": ("", {"customer": self.cid},
                        "SELECT COUNT(*) FROM satisfaction_surveys s JOIN customers c ON c.id=s.customer_id "
                        "WHERE VIS AND c.id=%d" % self.cid),
        }
        self.assertEqual(sorted(checks), sorted(EVERY_LIST))
        for username, client in (("exec1", self.exec1), ("rep1", self.rep1), ("rep3", login("rep3"))):
            for kind, (q, fixed, sql) in checks.items():
                want = self.count(sql, username)
                rows = self.rows(client, username, kind, "csv", q, **fixed)
                self.assertEqual(len(rows) - 1, want, "%s: %s CSV rows" % (username, kind))
                sheets = self.rows(client, username, kind, "xlsx", q, **fixed)
                self.assertEqual(len(sheets[0]) - 1, want, "%s: %s XLSX rows" % (username, kind))
                self.assertEqual(sheets[0][0], rows[0], "%s: the same headers in both formats" % kind)
                if username == "rep1" and kind not in ("concessions",):
                    self.assertGreater(want, 0, "%s has rows of %s to compare" % (username, kind))
        # Concession requests carry their approval steps on a second sheet (XLSX).
        sheets = self.rows(self.exec1, "exec1", "concessions", "xlsx", "state=approved")
        steps = db_int("SELECT COUNT(*) FROM approval_steps s JOIN concession_requests r ON r.id=s.request_id "
                       "WHERE r.state='approved'")
        self.assertEqual(len(sheets), 2)
        self.assertEqual(len(sheets[1]) - 1, steps, "every step of the exported requests")

    def test_values_filters_and_sort(self):
        # The customers list's own query string, as the Export control posts it: search, intent, sort.
        page = self.rep1.get("/customers?q=%s&intent=high&sort=updated" % urllib.parse.quote(self.tok))
        m = re.search(r'<input type="hidden" name="query" value="([^"]*)">', page.body)
        self.assertIsNotNone(m, "the customers list carries the Export control")
        q = m.group(1).replace("&amp;", "&")
        rows = self.rows(self.rep1, "rep1", "customers", "csv", q)
        names = [r[1] for r in rows[1:]]
        self.assertEqual(names, ["%s 导出客户" % self.tok], "only the customer of intent high")
        rows = self.rows(self.rep1, "rep1", "customers", "csv", "q=%s&sort=name&intent=bogus&stage=99" % self.tok)
        self.assertEqual([r[1] for r in rows[1:]], sorted(["%s 导出客户" % self.tok, "%s 第二客户" % self.tok]),
                         "values that do not fit the list's query table are dropped, as the list drops them")
        rows = self.rows(self.rep1, "rep1", "customers", "csv", "q=%s&sort=updated" % self.tok)
        want = [r[0] for r in db_query("SELECT name FROM customers WHERE name LIKE '%s%%' "
                                       "ORDER BY updated_at DESC, id DESC" % self.tok)]
        self.assertEqual([r[1] for r in rows[1:]], want, "the list's sort order")
        # Contacts: a formula-like name is inert in CSV and a string in XLSX.
        rows = self.rows(self.rep1, "rep1", "contacts", "csv", customer=self.cid)
        self.assertIn("'=HYPERLINK(\"http://x\",\"y\")", [r[1] for r in rows[1:]])
        sheets = self.rows(self.rep1, "rep1", "contacts", "xlsx", customer=self.cid)
        self.assertIn("=HYPERLINK(\"http://x\",\"y\")", [r[1] for r in sheets[0][1:]])
        # Follow-ups: dates as dates; surveys: scores as numbers, choices by their label.
        rows = self.rows(self.rep1, "rep1", "followups", "csv", customer=self.cid)
        self.assertEqual(sorted(r[0] for r in rows[1:]), ["2026-01-05", "2026-02-07"])
        rows = self.rows(self.rep1, "rep1", "surveys", "csv", customer=self.cid)
        self.assertEqual(rows[1][2:6], ["4", "5", "3", "4"])
        self.assertEqual(rows[1][7], "'+更快")
        # Every list page shows its Export control.
        for path, kind in (("/customers", "customers"), ("/opportunities", "opportunities"),
                           ("/objections", "objections"), ("/concessions", "concessions"),
                           ("/follow-ups", "followups"), ("/customers/%d" % self.cid, "contacts"),
                           ("/customers/%d" % self.cid, "surveys"), ("/negotiations", "records")):
            self.assertIn('id="export-%s"' % kind, self.rep1.get(path).body, "%s has the %s control" % (path, kind))

    # ------------------------------------------------------------------ downloads after a move
    def test_file_not_sent_after_the_owner_moves(self):
        mgr1 = login("mgr1")
        r = export_query(mgr1, "customers", "csv", "q=%s" % self.tok)
        self.assertStatus(r, 200)
        jid = last_job("mgr1")["id"]
        self.assertStatus(mgr1.get("/exports/%d/file" % jid), 200, "the owner downloads the file again")
        team = db_int("SELECT team_id FROM users WHERE username='mgr1'")
        other = db_int("SELECT id FROM teams WHERE id <> %d ORDER BY id LIMIT 1" % team)
        try:
            db_query("UPDATE users SET team_id=%d WHERE username='mgr1'" % other)
            self.assertStatus(mgr1.get("/exports/%d/file" % jid), 404, "moved to another team: the file is refused")
            db_query("UPDATE users SET team_id=%d, role='rep' WHERE username='mgr1'" % team)
            self.assertStatus(mgr1.get("/exports/%d/file" % jid), 404, "demoted: the file is refused")
        finally:
            db_query("UPDATE users SET team_id=%d, role='manager' WHERE username='mgr1'" % team)
        self.assertStatus(mgr1.get("/exports/%d/file" % jid), 200, "back where the file was written")

    # ------------------------------------------------------------------ canary
    def canary_texts(self, data, fmt):
        if fmt == "csv":
            return data.decode("utf-8", "replace")
        return "\n".join(",".join(r) for s in read_xlsx(data) for r in s)

    def test_canary(self):
        before = db_int("SELECT IFNULL(MAX(id),0) FROM audit_log")
        for username in CONF_READERS + OTHERS:
            c = self.rep1 if username == "rep1" else login(username)
            for fmt in ("csv", "xlsx"):
                cust = self.canary_texts(self.get_file(c, username, "customers", fmt, "q=%s" % self.tok), fmt)
                opp = self.canary_texts(self.get_file(c, username, "opportunities", fmt, "customer=%d" % self.cid), fmt)
                budget_seen = self.budget in cust or str(self.budget_whole) in cust
                self.assertEqual(budget_seen, username in CONF_READERS, "%s %s: budget" % (username, fmt))
                self.assertEqual(self.notes in cust, username in CONF_READERS, "%s %s: notes" % (username, fmt))
                cost_seen = self.cost in opp or str(self.cost_whole) in opp
                self.assertEqual(cost_seen, username in RESTR_READERS, "%s %s: cost" % (username, fmt))
            j = last_job(username)
            detail = " ".join(a[1] for a in audit_for_job(j["id"]))
            if username in RESTR_READERS:
                self.assertIn("opportunities.cost", detail, "the export is recorded as a read of the cost")
        # Every list as every other user: the canaries appear in none of their files.
        for username in OTHERS:
            c = login(username)
            for kind in EVERY_LIST:
                for fmt in ("csv", "xlsx"):
                    self.get_file(c, username, kind, fmt, "", big=True)
        for username, kind, fmt, data in self.files:
            if username in OTHERS:
                text = self.canary_texts(data, fmt) + data.decode("latin-1")
                for v in (self.budget, str(self.budget_whole), self.notes, self.cost, str(self.cost_whole)):
                    self.assertNotIn(v, text, "%s's %s %s export holds a canary" % (username, kind, fmt))
        # Files on disk of the others' jobs, audit details, log lines.
        others = ",".join("'%s'" % u for u in OTHERS)
        for (path,) in db_query("SELECT j.file_path FROM jobs j JOIN users u ON u.id=j.owner_id "
                                "WHERE u.username IN (%s) AND j.file_path IS NOT NULL" % others):
            full = os.path.join(env("PARLEY_VAR"), "exports", path)
            if os.path.exists(full):
                raw = open(full, "rb").read()
                text = self.canary_texts(raw, "xlsx" if path.endswith(".xlsx") else "csv")
                for v in (self.budget, str(self.budget_whole), self.notes, self.cost, str(self.cost_whole)):
                    self.assertNotIn(v, text, "file %s" % path)
        for (detail,) in db_query("SELECT IFNULL(detail,'') FROM audit_log WHERE id > %d" % before):
            for v in (self.budget, str(self.budget_whole), self.notes, self.cost, str(self.cost_whole)):
                self.assertNotIn(v, detail, "audit detail holds a canary")
        for log in glob.glob(os.path.join(env("PARLEY_VAR"), "*.log")) + glob.glob(os.path.join(env("PARLEY_VAR"), "log", "*")):
            if os.path.isfile(log):
                text = open(log, "rb").read().decode("utf-8", "replace")
                for v in (self.budget, self.notes, self.cost):
                    self.assertNotIn(v, text, "log %s holds a canary" % log)
        # A rep or manager does not get the restricted columns at all.
        rows = self.rows(login("mgr1"), "mgr1", "opportunities", "csv", "customer=%d" % self.cid)
        self.assertEqual(len(rows[0]), 12, "no cost or margin column for a manager")
        rows = self.rows(self.exec1, "exec1", "opportunities", "csv", "customer=%d" % self.cid)
        self.assertEqual(len(rows[0]), 14)
        self.assertEqual(rows[1][13], "23.45", "margin as a percentage")


if __name__ == "__main__":
    main()
