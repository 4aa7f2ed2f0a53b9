#!/usr/bin/env python3
"""The scale generator (`parley seed`): refusals write nothing; generated customers and negotiation
records are well-formed (child rows, owners, times), audited, and reach users only as their
customers do — the full record it names opens for rep1 with its 20 child rows and is a 404 for
rep3. Small counts here; the 1M run belongs to tests/bench."""
import html
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from parleytest import Client, ParleyTestCase, db_int, db_query, main, reset_clock, run_parley, user_id  # noqa: E402

LIST_SCAN = 4000   # src/pages/pages.h
CHILD_TABLES = ("negotiation_needs", "objections", "negotiation_proposals", "negotiation_terms",
                "negotiation_concessions", "negotiation_outcomes", "negotiation_actions",
                "negotiation_attitudes")


def children_sql():
    return " + ".join("(SELECT COUNT(*) FROM %s x WHERE x.negotiation_id = n.id)" % t for t in CHILD_TABLES)


class SeedTest(ParleyTestCase):
    @classmethod
    def setUpClass(cls):
        reset_clock()   # the generator dates records by the application's clock; checks below use the real one

    def test_refusals_write_nothing(self):
        before = (db_int("SELECT COUNT(*) FROM customers"), db_int("SELECT COUNT(*) FROM negotiations"))
        for args in (("seed",), ("seed", "--customers", "0"), ("seed", "--customers", "12x"),
                     ("seed", "--negotiations", "-5"), ("seed", "--negotiations", "2000001"),
                     ("seed", "--orders", "5"), ("seed", "--customers", "5", "--customers", "5"),
                     ("seed", "--customers")):
            p = run_parley(*args)
            self.assertEqual(p.returncode, 2, "%r: %s" % (args, p.stdout + p.stderr))
            self.assertIn("seed", p.stderr)
        after = (db_int("SELECT COUNT(*) FROM customers"), db_int("SELECT COUNT(*) FROM negotiations"))
        self.assertEqual(after, before)

    def test_customers_and_records(self):
        max_neg = db_int("SELECT COALESCE(MAX(id), 0) FROM negotiations")
        audits = db_int("SELECT COUNT(*) FROM audit_log WHERE action = 'seed.negotiations'")
        p = run_parley("seed", "--customers", "40", "--negotiations", "1000")
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertIn("seeded 40 customers", p.stdout)
        self.assertIn("seeded 1000 negotiation records", p.stdout)
        m = re.search(r"^full record of rep1 \(20 child rows\): /negotiations/(\d+)$", p.stdout, re.M)
        self.assertIsNotNone(m, p.stdout)
        full = int(m.group(1))

        new = "n.id > %d" % max_neg
        self.assertEqual(db_int("SELECT COUNT(*) FROM negotiations n WHERE " + new), 1000)
        rows = db_query("SELECT n.id, %s FROM negotiations n WHERE %s" % (children_sql(), new))
        counts = {int(r[0]): int(r[1]) for r in rows}
        self.assertTrue(all(5 <= c <= 11 or c == 20 for c in counts.values()), sorted(set(counts.values())))
        self.assertEqual(sum(1 for c in counts.values() if c == 20), 20, "every 50th record is a full one")
        self.assertEqual(counts[full], 20)
        # The child-row total the generator printed is what is in the database.
        m = re.search(r"^seeded 1000 negotiation records with (\d+) child rows", p.stdout, re.M)
        self.assertEqual(int(m.group(1)), sum(counts.values()))
        # Owner = the customer's owner; objections carry the record's customer; times are sane.
        self.assertEqual(db_int("SELECT COUNT(*) FROM negotiations n JOIN customers c ON c.id = n.customer_id "
                                "WHERE %s AND n.owner_id <> c.owner_id" % new), 0)
        self.assertEqual(db_int("SELECT COUNT(*) FROM objections x JOIN negotiations n ON n.id = x.negotiation_id "
                                "WHERE %s AND x.customer_id <> n.customer_id" % new), 0)
        self.assertEqual(db_int("SELECT COUNT(*) FROM negotiations n WHERE %s AND (n.end_time <= n.start_time "
                                "OR n.completed_at < n.ended_at OR n.ended_at > UTC_TIMESTAMP() + INTERVAL 1 DAY)"
                                % new), 0)
        self.assertEqual(db_int("SELECT COUNT(*) FROM audit_log WHERE action = 'seed.negotiations'"), audits + 1)

        rep1 = Client()
        rep1.login("rep1")
        r = rep1.get("/negotiations/%d" % full)
        self.assertStatus(r, 200)
        self.assertEqual(len(re.findall(r'<tr data-urgency="', r.body)), 3, "the full record has 3 needs")
        self.assertEqual(len(re.findall(r"<tr data-objection-id=", r.body)), 3, "and 3 objections")
        rep3 = Client()
        rep3.login("rep3")
        self.assertStatus(rep3.get("/negotiations/%d" % full), 404)

        p = run_parley("audit", "verify")
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)


    def walk(self, client, path):
        """Follows the next-page links from path; returns the ids in order and how many pages said that
        they looked through a window only."""
        ids, windowed, pages = [], 0, 0
        while path:
            r = client.get(path)
            self.assertStatus(r, 200, path)
            ids += [int(x) for x in re.findall(r'data-(?:negotiation|objection)-id="(\d+)"', r.body)]
            windowed += 'id="window-more"' in r.body
            m = re.search(r'<a id="next-page" href="([^"]+)"', r.body)
            path = html.unescape(m.group(1)) if m else None
            pages += 1
            self.assertLess(pages, 400, "no end to the pages")
        return ids, windowed

    def test_lists_walk_windows(self):
        """More records than one scan window: sparse filters give short pages that continue below the
        window; walking every page yields exactly the rows the user may see, newest first, once each."""
        reset_clock()
        if db_int("SELECT COUNT(*) FROM negotiations") < 2 * LIST_SCAN:
            p = run_parley("seed", "--negotiations", str(2 * LIST_SCAN))
            self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        rep1 = Client()
        rep1.login("rep1")
        me = user_id("rep1")
        team = db_int("SELECT team_id FROM users WHERE id = %d" % me)
        vis = "(c.owner_id = %d OR (c.team_id = %d AND c.shared_with_team = 1))" % (me, team)
        late = ("((n.completed_at IS NULL AND n.ended_at < UTC_TIMESTAMP() - INTERVAL 24 HOUR) "
                "OR n.completed_at > n.ended_at + INTERVAL 24 HOUR)")
        want = [int(r[0]) for r in db_query(
            "SELECT n.id FROM negotiations n JOIN customers c ON c.id = n.customer_id WHERE %s AND %s "
            "AND n.phase = 'final' AND n.status = 'lost' ORDER BY n.id DESC" % (vis, late))]
        got, windowed = self.walk(rep1, "/negotiations?phase=final&status=lost&late=1")
        self.assertEqual(got, want)
        self.assertGreater(windowed, 0, "no page ran out of its window: the test did not test that")
        # Sparse whatever share of the customers rep1 sees: rep2's objections on customers shared with the team.
        rep2 = user_id("rep2")
        want = [int(r[0]) for r in db_query(
            "SELECT x.id FROM objections x JOIN customers c ON c.id = x.customer_id WHERE %s "
            "AND x.type = 'decision' AND x.result = 'resolved' AND x.owner_id = %d ORDER BY x.id DESC" % (vis, rep2))]
        got, windowed = self.walk(rep1, "/objections?type=decision&result=resolved&owner=%d" % rep2)
        self.assertEqual(got, want)
        self.assertGreater(windowed, 0)
        # Without filters the pages are full and continue from their last row.
        r = rep1.get("/negotiations")
        self.assertEqual(len(re.findall(r'data-negotiation-id="', r.body)), 50)
        self.assertNotIn('id="window-more"', r.body)


if __name__ == "__main__":
    main()
