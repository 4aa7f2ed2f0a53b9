#!/usr/bin/env python3
"""Exports of the negotiation records (SPEC §7, docs/exports.md): CSV read back with Python's csv module
and XLSX opened by gnumeric's ssconvert, both compared with the database; exactly the rows the user may
see, with the list's filters; formula-like text inert; safe Chinese download names; one audit entry per
export with the file's hash; files only for their owner, through nginx's internal location; /exports
with its progress; retention set by the admin."""
import os
import random
import re
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from parleytest import Client, ParleyTestCase, db_int, db_query, main, reset_clock, unique_name  # noqa: E402
from custtest import create_customer  # noqa: E402
from exporttest import (XLSX_TYPE, audit_for_job, export, last_job, read_csv, read_xlsx,  # noqa: E402
                        sha256, visible_customer_sql)

FORMULA = '=HYPERLINK("http://x","y")'
FULLWIDTH = "\uff1d1+1"     # ＝1+1


def login(username):
    c = Client()
    c.login(username)
    return c


# The records of this test are held on a day of their own, so that other tests' records (the stack is
# shared; some seed thousands) stay out of the comparisons: every export here filters on that day.
DAY = "20%02d-%02d-%02d" % (random.randint(1, 15), random.randint(1, 12), random.randint(1, 28))
PERIOD = {"from": DAY, "to": DAY}


def expected_ids(username, where="1=1"):
    return [int(r[0]) for r in db_query(
        "SELECT n.id FROM negotiations n JOIN customers c ON c.id = n.customer_id WHERE %s AND %s "
        "AND n.held_on='%s' ORDER BY n.id DESC" % (visible_customer_sql(username), where, DAY))]


def new_record(client, cid, phase="middle", **fields):
    client.get("/negotiations/new?customer_id=%d" % cid)
    f = {"customer_id": str(cid), "opportunity_id": "", "plan_id": "", "held_on": DAY, "start_time": "09:30",
         "end_time": "11:00", "place": "客户办公室", "our_participants": "rep", "their_participants": "王总",
         "type": "price", "phase": phase, "status": "follow_up", "review_strengths": "", "review_improve": "",
         "review_relationship": "", "review_strategy": "", "review_moments": "",
         "needs.0.text": "交付周期", "needs.0.urgency": "high", "needs.0.topic": "delivery"}
    f.update(fields)
    r = client.post("/negotiations", list(f.items()))
    if r.status != 303:
        raise AssertionError("record not created:\n" + r.describe(3000))
    return int(re.search(r"/negotiations/(\d+)$", r.location).group(1))


class ExportTest(ParleyTestCase):
    @classmethod
    def setUpClass(cls):
        reset_clock()
        cls.rep1 = login("rep1")
        cls.exec1 = login("exec1")
        # A customer whose name is a formula, and a record of it whose place and participants are too.
        cls.rep1.fetch_csrf("/customers/new")
        cls.cid = create_customer(cls.rep1, FORMULA, shared_with_team="1")
        cls.nid = new_record(cls.rep1, cls.cid, place="@SUM(A1)", our_participants="-2+3",
                             their_participants=FULLWIDTH, review_strengths='a,b "quoted"\nline two',
                             **{"needs.0.text": "+need", "needs.0.topic": "price"})
        # rep1's own customer, not shared; rep3's (team 2); one in the final phase.
        cls.rep1.fetch_csrf("/customers/new")
        private = create_customer(cls.rep1, FULLWIDTH + " " + unique_name("p"), shared_with_team=None)
        new_record(cls.rep1, private, phase="final")
        rep3 = login("rep3")
        rep3.fetch_csrf("/customers/new")
        new_record(rep3, create_customer(rep3, "团队二客户 " + unique_name("c")))

    def test_csv_matches_the_database(self):
        r = export(self.exec1, "records", "csv", **PERIOD)
        self.assertStatus(r, 200)
        self.assertTrue(r.header("Content-Type", "").startswith("text/csv"), r.describe())
        rows = read_csv(r.body_bytes)
        self.assertEqual(rows[0][0], "记录编号")
        ids = [int(x[0]) for x in rows[1:]]
        self.assertEqual(len(ids), 3)
        self.assertEqual(ids, expected_ids("exec1"))
        want = {int(x[0]): x[1:] for x in db_query(
            "SELECT n.id, DATE_FORMAT(n.held_on,'%Y-%m-%d'), c.name, u.display_name FROM negotiations n "
            "JOIN customers c ON c.id=n.customer_id JOIN users u ON u.id=n.owner_id")}
        for row in rows[1:]:
            held, cname, owner = want[int(row[0])]
            self.assertEqual(row[1], held)
            self.assertEqual(row[2], ("'" + cname) if cname.startswith(("=", "+", "-", "@", FULLWIDTH[0])) else cname)
            self.assertEqual(row[8], owner)
        # The download name keeps the Chinese title (RFC 6266 filename*), with an ASCII fallback.
        cd = r.header("Content-Disposition")
        self.assertRegex(cd, r"^attachment; filename=\"[ -~]+\.csv\"; filename\*=UTF-8''[%A-Za-z0-9._-]+\.csv$")
        name = urllib.parse.unquote(cd.split("filename*=UTF-8''")[1])
        self.assertTrue(name.startswith("谈判记录 "), name)

    def test_rows_follow_visibility_and_filters(self):
        for user in ("rep1", "rep3", "mgr2", "dir1"):
            c = self.rep1 if user == "rep1" else login(user)
            rows = read_csv(export(c, "records", "csv", **PERIOD).body_bytes)
            self.assertEqual([int(x[0]) for x in rows[1:]], expected_ids(user), user)
        self.assertEqual(len(expected_ids("rep2")), 1)   # the shared one, not rep1's private one
        rows = read_csv(export(self.exec1, "records", "csv", phase="final", **PERIOD).body_bytes)
        self.assertEqual([int(x[0]) for x in rows[1:]], expected_ids("exec1", "n.phase='final'"))
        self.assertEqual(len(rows), 2)
        rows = read_csv(export(self.exec1, "records", "csv", customer=self.cid).body_bytes)
        self.assertEqual([int(x[0]) for x in rows[1:]], [self.nid])
        # A filter the list would drop is dropped, not passed on.
        rows = read_csv(export(self.exec1, "records", "csv", phase="x' OR 1=1 --", **PERIOD).body_bytes)
        self.assertEqual(len(rows) - 1, 3)
        # Admin has no sales data, and no export of it.
        admin = login("admin")
        self.assertStatus(export(admin, "records", "csv"), (403, 404))

    def test_no_breach_flag_below_the_tier(self):
        # A flag judged against the plan's confidential bottom lines is a signal of them: the export's flag
        # count holds only the flags anyone who sees the record may see (rep2 sees the shared record).
        db_query("INSERT INTO negotiation_flags (negotiation_id, kind, source, created_at) VALUES "
                 "(%d, 'no_counter', 'concession', UTC_TIMESTAMP()), (%d, 'below_floor', 'term', UTC_TIMESTAMP())"
                 % (self.nid, self.nid))
        try:
            for user in ("rep2", "rep1"):
                c = self.rep1 if user == "rep1" else login(user)
                rows = read_csv(export(c, "records", "csv", customer=self.cid).body_bytes)
                self.assertEqual([int(x[0]) for x in rows[1:]], [self.nid], user)
                self.assertEqual(rows[1][16], "1", user)
        finally:
            db_query("DELETE FROM negotiation_flags WHERE negotiation_id = %d" % self.nid)

    def test_formulas_are_inert(self):
        r = export(self.rep1, "records", "csv", customer=self.cid)
        rows = read_csv(r.body_bytes)
        row = rows[1]
        self.assertEqual(row[2], "'" + FORMULA)
        self.assertEqual(row[9], "'@SUM(A1)")
        self.assertEqual(row[12], "'-2+3")
        self.assertEqual(row[13], "'" + FULLWIDTH)
        self.assertEqual(row[17], 'a,b "quoted"\nline two')
        raw = r.body_bytes.decode("utf-8")
        self.assertIn('"\'=HYPERLINK(""http://x"",""y"")"', raw)
        self.assertIn("\r\n", raw)
        # XLSX: the same text as string cells (a formula would come out of ssconvert as its value "y").
        r = export(self.rep1, "records", "xlsx", customer=self.cid)
        self.assertStatus(r, 200)
        self.assertEqual(r.header("Content-Type"), XLSX_TYPE)
        sheets = read_xlsx(r.body_bytes)
        row = sheets[0][1]
        self.assertEqual(row[0], str(self.nid))
        self.assertEqual(row[2], FORMULA)
        self.assertEqual(row[9], "@SUM(A1)")
        self.assertEqual(row[12], "-2+3")
        self.assertEqual(row[13], FULLWIDTH)
        needs = sheets[1]
        self.assertEqual(needs[1][:3], [str(self.nid), "1", "+need"])

    def test_xlsx_sheets_match_the_database(self):
        r = export(self.exec1, "records", "xlsx", **PERIOD)
        self.assertStatus(r, 200)
        sheets = read_xlsx(r.body_bytes)
        self.assertEqual(len(sheets), 9)
        main_rows = sheets[0]
        self.assertEqual([int(x[0]) for x in main_rows[1:]], expected_ids("exec1"))
        for x in main_rows[1:]:
            held = db_query("SELECT DATE_FORMAT(held_on,'%%Y/%%m/%%d') FROM negotiations WHERE id=%s" % x[0])[0][0]
            self.assertEqual(x[1], held)   # a date cell, shown by gnumeric in its date format
        # Child sheets: joined by record number, one row per stored row.
        for n, table in ((1, "negotiation_needs"), (2, "objections"), (4, "negotiation_terms"),
                         (5, "negotiation_concessions"), (7, "negotiation_actions")):
            got = sorted((int(x[0]), int(x[1])) for x in sheets[n][1:])
            want = sorted((int(a), int(b) + 1) for a, b in db_query(
                "SELECT x.negotiation_id, x.position FROM %s x JOIN negotiations n ON n.id = x.negotiation_id "
                "WHERE n.held_on='%s'" % (table, DAY)))
            self.assertEqual(got, want, table)
        terms = {(int(x[0]), int(x[1])): x for x in sheets[4][1:]}
        for nid, pos, price, bp in db_query("SELECT x.negotiation_id, x.position, IFNULL(x.price,''), "
                                             "IFNULL(x.discount_bp,'') FROM negotiation_terms x JOIN negotiations n "
                                             "ON n.id = x.negotiation_id WHERE n.held_on='%s'" % DAY):
            row = terms[(int(nid), int(pos) + 1)]
            if price:
                self.assertAlmostEqual(float(row[6].replace(",", "").lstrip("¥")), int(price) / 100, places=2)
            if bp:
                self.assertAlmostEqual(float(row[7]), int(bp) / 10000, places=6)
        # English headers for a user whose language is English.
        vp = login("vp1")
        vp.fetch_csrf("/")
        db_query("UPDATE users SET lang='en' WHERE username='vp1'")
        try:
            vp2 = login("vp1")
            sheets = read_xlsx(export(vp2, "records", "xlsx", phase="final", **PERIOD).body_bytes)
            self.assertEqual(sheets[0][0][:3], ["Record no.", "Date", "Customer"])
        finally:
            db_query("UPDATE users SET lang='zh-CN' WHERE username='vp1'")

    def test_audit_and_owner_only_download(self):
        before = db_int("SELECT COUNT(*) FROM audit_log WHERE action='export'")
        r = export(self.exec1, "records", "csv", phase="final", **PERIOD)
        self.assertStatus(r, 200)
        j = last_job("exec1")
        self.assertEqual(j["state"], "done")
        self.assertEqual(j["sha"], sha256(r.body_bytes))
        self.assertEqual(db_int("SELECT COUNT(*) FROM audit_log WHERE action='export'"), before + 1)
        entries = audit_for_job(j["id"])
        self.assertEqual(len(entries), 1, entries)
        action, detail, who = entries[0]
        self.assertEqual((action, who), ("export", "exec1"))
        rows = len(read_csv(r.body_bytes)) - 1
        for part in ("records csv", "rows=%d" % rows, "phase=final", "from=" + DAY, "sha256=" + sha256(r.body_bytes),
                     "tiered=-"):
            self.assertIn(part, detail)
        # The file on disk: outside the web root, not readable by others, named at random.
        path = os.path.join(os.environ["PARLEY_VAR"], "exports", j["path"])
        self.assertEqual(os.stat(path).st_mode & 0o777, 0o640)
        self.assertRegex(j["path"], r"^[0-9a-f]{32}-[0-9a-f]{8}\.csv$")
        # Downloading again: the owner gets the same bytes; anyone else a 404.
        again = self.exec1.get("/exports/%d/file" % j["id"])
        self.assertStatus(again, 200)
        self.assertEqual(again.body_bytes, r.body_bytes)
        for other in ("vp1", "rep1"):
            self.assertStatus(login(other).get("/exports/%d/file" % j["id"]), 404)
        self.assertStatus(self.exec1.get("/_exports/" + j["path"]), (403, 404))
        self.assertStatus(Client().get("/exports/%d/file" % j["id"]), 303)
        # The admin sees the entry on the audit page.
        page = login("admin").get("/admin/audit")
        self.assertIn("sha256=" + sha256(r.body_bytes), page.body)

    def test_exports_page_and_status(self):
        export(self.rep1, "records", "xlsx", **PERIOD)
        j = last_job("rep1")
        r = self.rep1.get("/exports")
        self.assertStatus(r, 200)
        self.assertIn('id="job-%d"' % j["id"], r.body)
        self.assertIn('href="/exports/%d/file"' % j["id"], r.body)
        self.assertIn('<script src="/static/exports.js" defer></script>', r.body)
        s = self.rep1.get("/exports/status")
        self.assertEqual(s.header("Content-Type"), "application/json")
        self.assertIn('{"id":%d,"state":"done","done":%d,"total":%d}' % (j["id"], j["done"], j["total"]), s.body)
        # rep2 does not see rep1's exports.
        self.assertNotIn('"id":%d,' % j["id"], login("rep2").get("/exports/status").body)
        # The records list carries the Export control with its current filters.
        page = self.rep1.get("/negotiations?phase=final&late=1")
        self.assertIn('id="export-records"', page.body)
        self.assertIn('<input type="hidden" name="query" value="phase=final&amp;late=1">', page.body)

    def test_bad_requests(self):
        self.exec1.fetch_csrf("/exports")
        self.assertStatus(self.exec1.post("/exports", {"list": "nothing", "format": "csv"}), 422)
        self.assertStatus(self.exec1.post("/exports", {"list": "records", "format": "pdf"}), 422)
        self.assertStatus(self.exec1.post("/exports", {"list": "records", "format": "csv"}, csrf=False), 403)
        self.assertStatus(self.exec1.get("/exports/999999999/file"), 404)

    def test_retention_is_set_by_the_admin(self):
        admin = login("admin")
        r = admin.get("/admin/exports")
        self.assertStatus(r, 200)
        admin.fetch_csrf("/admin/exports")
        self.assertStatus(admin.post("/admin/exports", {"retention_days": "0"}), 422)
        self.assertStatus(admin.post("/admin/exports", {"retention_days": "abc"}), 422)
        self.assertIn('value="abc"', admin.last.body)
        self.assertEqual(db_int("SELECT retention_days FROM export_settings"), 7)
        self.assertRedirect(admin.post("/admin/exports", {"retention_days": "3"}), "/admin/exports")
        try:
            self.assertEqual(db_int("SELECT retention_days FROM export_settings"), 3)
            self.assertEqual(db_int("SELECT COUNT(*) FROM audit_log WHERE action='export.retention' "
                                    "AND detail='retention_days=3'") >= 1, True)
            export(self.rep1, "records", "csv", customer=self.cid)
            j = last_job("rep1")
            self.assertEqual(db_int("SELECT DATEDIFF(expires_at, finished_at) FROM jobs WHERE id=%d" % j["id"]), 3)
        finally:
            admin.fetch_csrf("/admin/exports")
            admin.post("/admin/exports", {"retention_days": "7"})
        self.assertStatus(self.rep1.get("/admin/exports"), (403, 404))


if __name__ == "__main__":
    main()
