#!/usr/bin/env python3
"""KPIs and /reports (SPEC §5, docs/kpi.md) through the user's path: figures of a hand-computed set of
deals in a period of their own, periods in the user's time zone, who may see which scope (404 for
anything else, never someone else's numbers), bad input, "—" for nothing to divide by, the rows behind
a figure, and the kept sums equal to a recomputation from scratch after a random workload."""
import calendar
import os
import random
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from parleytest import (Client, ParleyTestCase, db_int, db_query, db_value, main, reset_clock,  # noqa: E402
                        run_parley, set_clock_offset, unique_name, user_id)


def at_utc(y, mo, d, h=0, mi=0):
    return calendar.timegm((y, mo, d, h, mi, 0))


def set_clock(t):
    set_clock_offset(int(t - time.time()))


def opp_fields(title, **kw):
    f = {"title": title, "stage": "3", "status": "open", "currency": "CNY", "list_price": "", "initial_quote": "",
         "current_offer": "", "final_price": "", "expected_close": ""}
    f.update(kw)
    return f


def figure(body, key, col="cur"):
    m = re.search(r'<tr id="kpi-%s"[^>]*>.*?<td class="num %s">(?:<a [^>]*>)?([^<]*)' % (re.escape(key), col),
                  body, re.S)
    if not m:
        raise AssertionError("figure %s (%s) not on the page" % (key, col))
    return m.group(1).strip()


class ReportsTest(ParleyTestCase):
    @classmethod
    def setUpClass(cls):
        cls.rep3 = Client()
        cls.rep3.login("rep3")
        tok = cls.rep3.fetch_csrf("/customers/new")
        r = cls.rep3.post("/customers", {
            "name": "KPI customer " + unique_name("c"), "industry": "制造", "currency": "CNY", "source": "website",
            "segment": "new", "intent": "high", "stage": "2", "need_summary": "", "suppliers": "",
            "decision_process": "", "notes": "", "next_follow_up": ""}, csrf=tok)
        if r.status != 303:
            raise AssertionError("creating the test customer failed:\n" + r.describe())
        cls.customer_id = int(r.location.rsplit("/", 1)[1])
        cls.rep3_id = user_id("rep3")
        cls.team1 = db_int("SELECT team_id FROM users WHERE username='rep1'")
        cls.team2 = db_int("SELECT team_id FROM users WHERE username='rep3'")
        cls.region = db_int("SELECT region_id FROM teams WHERE id=%d" % cls.team1)

    def tearDown(self):
        reset_clock()
        db_query("UPDATE users SET tz='Asia/Shanghai' WHERE username='rep3'")

    def client(self, username):
        c = Client()
        c.login(username)
        return c

    def create(self, c, **kw):
        r = c.get("/opportunities/new?customer_id=%d" % self.customer_id)
        self.assertStatus(r, 200)
        f = opp_fields("KPI deal " + unique_name("o"), **kw)
        r = c.post("/opportunities", dict(f, customer_id=str(self.customer_id)))
        self.assertStatus(r, 303, "create opportunity")
        oid = int(r.location.rsplit("/", 1)[1])
        self.fields = getattr(self, "fields", {})
        self.fields[oid] = f
        return oid

    def update(self, c, oid, **kw):
        """Changes fields through the edit form; won and lost through the closing form, and a closed
        deal back to open or on hold by reopening it first (docs/closing.md)."""
        f = dict(self.fields[oid])
        now = f["status"]
        want = kw.pop("status", now)
        lost_reason = kw.pop("lost_reason", "timing")
        closed = ("won", "lost")
        r = c.get("/opportunities/%d/edit" % oid)   # also the session's CSRF token
        self.assertStatus(r, 200)
        if now in closed and want != now:
            r = c.post("/opportunities/%d/reopen" % oid, {"reason": "reopened"})
            self.assertStatus(r, 303, "reopen opportunity %d" % oid)
            now = "open"
        f.update(kw)
        f["status"] = now if want in closed else want
        f.pop("lost_reason", None)
        r = c.post("/opportunities/%d" % oid, f)
        self.assertStatus(r, 303, "update opportunity %d with %r" % (oid, kw))
        if want in closed and now not in closed:
            code = "price" if want == "won" else ("budget" if lost_reason == "预算不足" else "timing")
            reason = db_int("SELECT id FROM closing_choices WHERE list='reason' AND code='%s'" % code)
            r = c.post("/opportunities/%d/close" % oid, {
                "outcome": want, "primary_reason": str(reason),
                "final_price": f.get("final_price") or ("1" if want == "won" else "")})
            self.assertStatus(r, 303, "close opportunity %d as %s" % (oid, want))
            f["status"] = want
        self.fields[oid] = f

    # ------------------------------------------------------------------ figures end to end

    def test_hand_computed_month(self):
        set_clock(at_utc(2031, 3, 15, 4))   # 12:00 on 15 March 2031 in Shanghai
        c = self.client("rep3")   # a session of the moved clock
        a = self.create(c, list_price="100,000", initial_quote="95,000")
        b = self.create(c, list_price="300,000", initial_quote="300,000")
        lost = self.create(c, list_price="50,000", initial_quote="50,000")
        again = self.create(c, list_price="80,000", initial_quote="80,000")
        slip = self.create(c, expected_close="2031-03-20")
        self.update(c, a, status="won", stage="5", final_price="90,000")
        self.update(c, b, status="won", stage="5", final_price="240,000")
        self.update(c, lost, status="lost", lost_reason="预算不足")
        self.update(c, again, status="won", final_price="80,000")
        self.update(c, again, status="open")          # reopened: no longer counts
        self.update(c, slip, expected_close="2031-04-09")
        q = "/reports?period=month&at=2031-03&scope=rep:%d" % self.rep3_id
        r = c.get(q)
        self.assertStatus(r, 200)
        self.assertEqual(figure(r.body, "success"), "66.67%", "2 won of 3 closed")
        # (5,000 + 60,000) / (100,000 + 300,000), not the average of 5 % and 20 %
        self.assertEqual(figure(r.body, "discount"), "16.25%")
        self.assertEqual(figure(r.body, "concessions"), "0.00")
        self.assertEqual(figure(r.body, "cycle"), "—", "no records before the wins")
        self.assertEqual(figure(r.body, "slip"), "1")
        self.assertEqual(figure(r.body, "slip_days"), "20.0")
        self.assertEqual(figure(r.body, "success", "prev"), "—", "February: nothing closed, no 0 %")
        self.assertIn("<svg", r.body)
        self.assertIn('id="trend-table"', r.body, "each chart has its numbers in a table")
        # The same deals seen by the manager (team 2) and the executive (company).
        for user, scope in (("mgr2", "team:%d" % self.team2), ("exec1", "company"), ("dir1", "region:%d" % self.region)):
            r = self.client(user).get("/reports?period=month&at=2031-03&scope=" + scope)
            self.assertStatus(r, 200, user)
            self.assertEqual(figure(r.body, "success"), "66.67%", user)
        # Quarter and year hold the month.
        r = c.get("/reports?period=quarter&at=2031-Q1&scope=rep:%d" % self.rep3_id)
        self.assertEqual(figure(r.body, "success"), "66.67%")
        # The rows behind the success rate: the three closed deals, not the reopened one.
        r = c.get("/reports/records?kpi=success&period=month&at=2031-03&scope=rep:%d" % self.rep3_id)
        self.assertStatus(r, 200)
        ids = sorted(int(x) for x in re.findall(r'data-opportunity-id="(\d+)"', r.body))
        self.assertEqual(ids, sorted([a, b, lost]))
        r = c.get("/reports/records?kpi=slip&period=month&at=2031-03&scope=rep:%d" % self.rep3_id)
        self.assertIn("/opportunities/%d" % slip, r.body)
        # The kept sums are those a recomputation finds.
        p = run_parley("kpi", "verify")
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)

    def test_periods_in_the_users_time_zone(self):
        set_clock(at_utc(2031, 5, 31, 20))   # 04:00 on 1 June in Shanghai, 16:00 on 31 May in New York
        c = self.client("rep3")
        oid = self.create(c, list_price="10,000", initial_quote="10,000")
        self.update(c, oid, status="won", final_price="9,000")
        reset_clock()
        c = self.client("rep3")
        base = "/reports?period=month&scope=rep:%d&at=" % self.rep3_id
        self.assertEqual(figure(c.get(base + "2031-06").body, "discount"), "10%")
        self.assertEqual(figure(c.get(base + "2031-05").body, "discount"), "—")
        db_query("UPDATE users SET tz='America/New_York' WHERE username='rep3'")
        self.assertEqual(figure(c.get(base + "2031-05").body, "discount"), "10%")
        self.assertEqual(figure(c.get(base + "2031-06").body, "discount"), "—")

    # ------------------------------------------------------------------ who sees what

    def test_scopes_out_of_reach_are_404(self):
        mgr2 = self.client("mgr2")
        rep1 = self.client("rep1")
        rep1_id = user_id("rep1")
        for q in ("scope=team:%d" % self.team1, "scope=company", "scope=region:%d" % self.region,
                  "scope=rep:%d" % rep1_id, "scope=team:999999", "scope=rep:%d" % user_id("dir1"),
                  "scope=team:%d&period=year" % self.team1, "scope=rep:%d&at=2026-11" % rep1_id):
            for path in ("/reports?", "/reports/records?kpi=success&", "/reports/records?kpi=late&"):
                r = mgr2.get(path + q)
                self.assertStatus(r, 404, "mgr2 " + path + q)
                self.assertNotIn("kpi-table", r.body)
        self.assertStatus(mgr2.get("/reports?scope=rep:%d" % self.rep3_id), 200, "mgr2 sees rep3 (team 2)")
        self.assertStatus(rep1.get("/reports?scope=team:%d" % self.team1), 404, "a rep sees only their own")
        self.assertStatus(rep1.get("/reports?scope=rep:%d" % self.rep3_id), 404)
        self.assertStatus(rep1.get("/reports"), 200)
        r = mgr2.get("/reports")
        self.assertIn('value="team:%d" selected' % self.team2, r.body, "a manager starts on their team")
        self.assertNotIn('value="team:%d"' % self.team1, r.body, "other teams are not offered")
        r = self.client("dir1").get("/reports")
        self.assertIn('value="region:%d" selected' % self.region, r.body)
        self.assertStatus(self.client("exec1").get("/reports?scope=team:%d" % self.team1), 200)
        self.assertStatus(self.client("admin").get("/reports"), 404, "no sales data for admin")

    def test_bad_input(self):
        c = self.client("exec1")
        for q in ("period=week", "period=month&at=2026-13", "period=quarter&at=2026-11", "period=year&at=26",
                  "at=2026-11-01"):
            r = c.get("/reports?" + q)
            self.assertStatus(r, 422, q)
            self.assertIn('role="alert"', r.body, q)
            self.assertNotIn("kpi-table", r.body, q)
        self.assertStatus(c.get("/reports?scope=bogus"), 404)
        self.assertStatus(c.get("/reports?scope=team:x"), 404)
        self.assertStatus(c.get("/reports/records?kpi=bogus"), 404)
        # A year without any figure (earlier tests may date rows in the past): every KPI is "—".
        empty = db_int("SELECT MIN(y) FROM (SELECT 2000 + seq AS y FROM seq_0_to_99) AS years WHERE NOT EXISTS "
                       "(SELECT 1 FROM kpi_hourly WHERE y BETWEEN YEAR(bucket - INTERVAL 1 DAY) "
                       "AND YEAR(bucket + INTERVAL 1 DAY))")
        self.assertIsNotNone(empty)
        r = c.get("/reports?period=year&at=%d&scope=company" % empty)
        self.assertStatus(r, 200)
        for key in ("success", "cycle", "discount", "late", "sat_quality"):
            self.assertEqual(figure(r.body, key), "—", key)

    # ------------------------------------------------------------------ kept = recomputed

    def test_random_workload_keeps_sums(self):
        rnd = random.Random(11)
        ids = []
        t = at_utc(2032, 1, 1)
        for step in range(40):
            t += rnd.randrange(0, 4 * 86400)
            set_clock(t)
            c = self.client("rep3")   # sessions of the moved clock
            who = c if rnd.random() < 0.7 else self.client("mgr2")
            op = rnd.random()
            if not ids or op < 0.25:
                ids.append(self.create(who, list_price="%d" % rnd.randrange(1000, 90000),
                                       initial_quote="%d" % rnd.randrange(1000, 90000),
                                       expected_close="2032-%02d-%02d" % (rnd.randrange(1, 13), rnd.randrange(1, 28))))
                continue
            oid = rnd.choice(ids)
            kind = rnd.randrange(5)
            if kind == 0:
                self.update(who, oid, stage=str(rnd.randrange(1, 7)))
            elif kind == 1:
                self.update(who, oid, status="won", final_price="%d" % rnd.randrange(500, 90000))
            elif kind == 2:
                self.update(who, oid, status="lost", lost_reason="timing")
            elif kind == 3:
                self.update(who, oid, status=rnd.choice(["open", "on_hold"]))   # reopening
            else:
                self.update(who, oid, expected_close="2032-%02d-%02d" % (rnd.randrange(1, 13), rnd.randrange(1, 28)),
                            list_price="%d" % rnd.randrange(1000, 90000))
            if step % 10 == 9:
                # Records completed (or not) and surveys, as other pages write them.
                db_query("UPDATE negotiations SET completed_at = ended_at + INTERVAL %d HOUR "
                         "WHERE completed_at IS NULL ORDER BY id LIMIT 1" % rnd.randrange(1, 60))
                r = c.get("/customers/%d/surveys/new" % self.customer_id)
                self.assertStatus(r, 200)
                today = time.strftime("%Y-%m-%d", time.gmtime(t + 8 * 3600))
                r = c.post("/customers/%d/surveys" % self.customer_id, {
                    "surveyed_on": today, "service_quality": str(rnd.randrange(1, 6)), "solution_effect": "4",
                    "response_speed": str(rnd.randrange(1, 6)), "team_cooperation": "3",
                    "overall": rnd.choice(["satisfied", "average", "dissatisfied"]), "suggestions": ""})
                self.assertStatus(r, 303, "survey")
        p = run_parley("kpi", "verify")
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        # The comparison can fail: a sum off by one is found and named.
        db_query("UPDATE kpi_hourly SET won_n = won_n + 1 WHERE owner_id = %d ORDER BY bucket DESC LIMIT 1" % self.rep3_id)
        try:
            p = run_parley("kpi", "verify")
            self.assertEqual(p.returncode, 1, p.stdout + p.stderr)
            self.assertIn("won_n", p.stdout)
        finally:
            db_query("UPDATE kpi_hourly SET won_n = won_n - 1 WHERE owner_id = %d ORDER BY bucket DESC LIMIT 1"
                     % self.rep3_id)
        self.assertEqual(run_parley("kpi", "verify").returncode, 0)


if __name__ == "__main__":
    main()
