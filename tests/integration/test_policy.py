#!/usr/bin/env python3
"""/admin/approval-policy: admin only (others 404, anonymous to /login); the form shows SPEC §4's
default; a valid save replaces the rows and settings in one go with a "policy.update" audit entry;
every invalid submission is a 422 with the input kept and nothing written; adding and removing rows
re-renders without saving. The policy is restored afterwards (other tests file requests under it)."""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from parleytest import (Client, ParleyTestCase, db_int, db_query, input_value, main,  # noqa: E402
                        selected_option, user_id)

PATH = "/admin/approval-policy"


def policy_rows():
    return db_query("SELECT position, IFNULL(max_discount_bp, 'none'), IFNULL(max_amount, 'none'), levels "
                    "FROM approval_policy_rows ORDER BY position")


def policy_settings():
    return db_query("SELECT payment_days_limit, breach_levels FROM approval_policy_settings WHERE id = 1")


def snapshot():
    return policy_rows(), policy_settings()


def restore(snap):
    rows, settings = snap
    values = ",".join("(%s, %s, %s, %s, UTC_TIMESTAMP())"
                      % (r[0], "NULL" if r[1] == "none" else r[1], "NULL" if r[2] == "none" else r[2], r[3])
                      for r in rows)
    db_query("START TRANSACTION; DELETE FROM approval_policy_rows; "
             "INSERT INTO approval_policy_rows (position, max_discount_bp, max_amount, levels, updated_at) "
             "VALUES %s; UPDATE approval_policy_settings SET payment_days_limit = %s, breach_levels = %s "
             "WHERE id = 1; COMMIT" % (values, settings[0][0], settings[0][1]))


def form(rows, payment_days="90", breach="3", extra=None):
    """rows: (discount %, amount yuan, levels) as typed."""
    pairs = []
    for i, (d, a, lv) in enumerate(rows):
        pairs += [("rows.%d.max_discount" % i, d), ("rows.%d.max_amount" % i, a), ("rows.%d.levels" % i, lv)]
    pairs += [("payment_days_limit", payment_days), ("breach_levels", breach)]
    if extra:
        pairs += extra
    return pairs


DEFAULT_FORM = [("5", "50,000.00", "0"), ("10", "500,000.00", "1"), ("15", "500,000.00", "2"), ("", "", "3")]


def policy_audits():
    return db_int("SELECT COUNT(*) FROM audit_log WHERE action = 'policy.update'")


def row_count(body):
    return len(re.findall(r'name="rows\.\d+\.levels"', body))


class PolicyTest(ParleyTestCase):
    @classmethod
    def setUpClass(cls):
        cls.saved = snapshot()

    @classmethod
    def tearDownClass(cls):
        restore(cls.saved)

    def setUp(self):
        restore(self.saved)
        self.admin = Client()
        self.admin.login("admin")
        self.tok = self.admin.fetch_csrf(PATH)

    def save(self, pairs):
        return self.admin.post(PATH, pairs, csrf=self.tok)

    def assertUnchanged(self, before, audits):
        self.assertEqual(snapshot(), before, "a refused save wrote to the policy")
        self.assertEqual(policy_audits(), audits, "a refused save was audited as an update")

    # ------------------------------------------------------------------ access
    def test_others_get_404(self):
        before, audits = snapshot(), policy_audits()
        for who in ("rep1", "mgr1", "dir1", "vp1", "exec1"):
            with self.subTest(user=who):
                c = Client()
                c.login(who)
                tok = c.fetch_csrf("/")
                r = c.get(PATH)
                self.assertStatus(r, 404)
                self.assertNotIn('id="policy-form"', r.body)
                r = c.post(PATH, form([("", "", "0")], "30", "1"), csrf=tok)
                self.assertStatus(r, (403, 404))
        self.assertUnchanged(before, audits)

    def test_anonymous_redirected(self):
        self.assertRedirect(Client().get(PATH), "/login?next=" + PATH)

    def test_csrf_required(self):
        before, audits = snapshot(), policy_audits()
        r = self.admin.post(PATH, form([("", "", "0")], "30", "1"), csrf=False)
        self.assertStatus(r, (400, 403))
        self.assertUnchanged(before, audits)

    def test_linked_from_admin_home(self):
        r = self.admin.get("/")
        self.assertStatus(r, 200)
        self.assertIn('href="/admin/approval-policy"', r.body)

    # ------------------------------------------------------------------ show
    def test_shows_default(self):
        r = self.admin.get(PATH)
        self.assertStatus(r, 200)
        self.assertEqual(row_count(r.body), 4)
        self.assertEqual(input_value(r.body, "rows.0.max_discount"), "5")
        self.assertEqual(input_value(r.body, "rows.0.max_amount").replace(",", ""), "50000.00")
        self.assertEqual(input_value(r.body, "rows.2.max_discount"), "15")
        self.assertEqual(input_value(r.body, "rows.3.max_discount"), "")
        self.assertEqual(input_value(r.body, "rows.3.max_amount"), "")
        self.assertEqual([selected_option(r.body, "rows.%d.levels" % i) for i in range(4)], ["0", "1", "2", "3"])
        self.assertEqual(input_value(r.body, "payment_days_limit"), "90")
        self.assertEqual(selected_option(r.body, "breach_levels"), "3")
        self.assertIn('id="add-rows"', r.body)
        self.assertIn('id="remove-rows-3"', r.body)

    # ------------------------------------------------------------------ save
    def test_save_replaces_rows_and_audits(self):
        audits = policy_audits()
        r = self.save(form([("3", "30000", "0"), ("12.5", "1,000,000", "1"), ("", "", "3")], "60", "2"))
        self.assertRedirect(r, PATH)
        self.assertEqual(policy_rows(), [["1", "300", "3000000", "0"], ["2", "1250", "100000000", "1"],
                                         ["3", "none", "none", "3"]])
        self.assertEqual(policy_settings(), [["60", "2"]])
        admin = user_id("admin")
        self.assertEqual(db_int("SELECT COUNT(*) FROM approval_policy_rows WHERE updated_by <> %d" % admin), 0)
        self.assertEqual(db_int("SELECT updated_by FROM approval_policy_settings WHERE id = 1"), admin)
        self.assertEqual(policy_audits(), audits + 1)
        a = db_query("SELECT actor_id, entity, detail FROM audit_log WHERE action = 'policy.update' "
                     "ORDER BY id DESC LIMIT 1")[0]
        self.assertEqual(a, [str(admin), "policy", "rows=3 levels=0,1,3 payment_days_limit=60 breach_levels=2"])
        # the page shows what was saved, with a confirmation
        r = self.admin.get(PATH)
        self.assertEqual(row_count(r.body), 3)
        self.assertEqual(input_value(r.body, "rows.1.max_discount"), "12.5")
        self.assertEqual(input_value(r.body, "payment_days_limit"), "60")
        self.assertEqual(selected_option(r.body, "breach_levels"), "2")
        self.assertIn('id="policy-updated"', r.body)
        self.assertIn('class="flash"', r.body)
        # saving the default back gives SPEC §4's table again
        self.tok = r.csrf_token() or self.tok
        r = self.save(form(DEFAULT_FORM))
        self.assertRedirect(r, PATH)
        self.assertEqual(snapshot(), self.saved)

    def test_single_unlimited_row(self):
        r = self.save(form([("", "", "1")], "3650", "1"))
        self.assertRedirect(r, PATH)
        self.assertEqual(policy_rows(), [["1", "none", "none", "1"]])
        self.assertEqual(policy_settings(), [["3650", "1"]])

    # ------------------------------------------------------------------ validation
    def refused(self, pairs, error_field, typed=None):
        before, audits = snapshot(), policy_audits()
        r = self.save(pairs)
        self.assertStatus(r, 422)
        self.assertIn('class="error"', r.body)
        if error_field.startswith("rows."):
            self.assertIn('id="err-%s"' % error_field.replace(".", "-"), r.body)
        else:
            self.assertIn('id="err-%s"' % error_field, r.body)
        for name, value in (typed or {}).items():
            self.assertEqual(input_value(r.body, name), value, "typed input not kept for %s" % name)
        self.assertUnchanged(before, audits)
        return r

    def test_bad_numbers_kept(self):
        rows = [("abc", "50,000", "0"), ("10", "500000", "1"), ("", "", "3")]
        self.refused(form(rows), "rows.0", {"rows.0.max_discount": "abc", "rows.1.max_amount": "500000"})
        rows = [("5", "12.345", "0"), ("", "", "3")]
        self.refused(form(rows), "rows.0", {"rows.0.max_amount": "12.345"})
        rows = [("101", "", "0"), ("", "", "3")]
        self.refused(form(rows), "rows.0")
        rows = [("5", "-3", "0"), ("", "", "3")]
        self.refused(form(rows), "rows.0")
        rows = [("5", "100", "4"), ("", "", "3")]
        self.refused(form(rows), "rows.0")
        rows = [("5", "100", "x"), ("", "", "3")]
        self.refused(form(rows), "rows.0")

    def test_last_row_needs_no_limits(self):
        self.refused(form([("5", "50000", "0"), ("20", "", "3")]), "rows.1", {"rows.1.max_discount": "20"})

    def test_unlimited_row_only_last(self):
        self.refused(form([("", "", "0"), ("", "", "3")]), "rows.0")

    def test_levels_never_decrease(self):
        self.refused(form([("5", "50000", "2"), ("10", "500000", "1"), ("", "", "3")]), "rows.1")

    def test_limits_never_decrease(self):
        self.refused(form([("10", "50000", "0"), ("5", "500000", "1"), ("", "", "3")]), "rows.1")
        self.refused(form([("5", "500000", "0"), ("10", "50000", "1"), ("", "", "3")]), "rows.1")
        # "no limit" followed by a limit is a decrease
        self.refused(form([("5", "", "0"), ("10", "50000", "1"), ("", "", "3")]), "rows.1")

    def test_settings(self):
        rows = [("5", "50000", "0"), ("", "", "3")]
        for days in ("", "0", "3651", "abc", "-1"):
            with self.subTest(days=days):
                self.refused(form(rows, days, "3"), "payment_days_limit", {"payment_days_limit": days})
        for breach in ("0", "4", ""):
            with self.subTest(breach=breach):
                self.refused(form(rows, "90", breach), "breach_levels")

    def test_no_rows(self):
        self.refused(form([]), "rows")

    def test_too_many_rows(self):
        rows = [(str(i), "", "0") for i in range(1, 17)] + [("", "", "3")]
        self.refused(form(rows), "rows")

    # ------------------------------------------------------------------ repeatable rows
    def test_add_and_remove_rows_save_nothing(self):
        before, audits = snapshot(), policy_audits()
        rows = [("4", "40000", "0"), ("", "", "3")]
        r = self.save(form(rows, "45", "2", [("add", "rows")]))
        self.assertStatus(r, 200)
        self.assertEqual(row_count(r.body), 3)
        self.assertEqual(input_value(r.body, "rows.0.max_discount"), "4")
        self.assertEqual(input_value(r.body, "rows.2.max_discount"), "")
        self.assertEqual(input_value(r.body, "payment_days_limit"), "45")
        self.assertEqual(selected_option(r.body, "breach_levels"), "2")
        self.assertUnchanged(before, audits)
        # remove the first row: the rest is renumbered
        r = self.save(form(rows, "45", "2", [("remove", "rows.0")]))
        self.assertStatus(r, 200)
        self.assertEqual(row_count(r.body), 1)
        self.assertEqual(input_value(r.body, "rows.0.max_discount"), "")
        self.assertEqual(selected_option(r.body, "rows.0.levels"), "3")
        self.assertUnchanged(before, audits)

    def test_messages_from_language_files(self):
        r = self.save(form([("abc", "", "0"), ("", "", "3")]))
        self.assertStatus(r, 422)
        # the message comes from the language files, not a raw key
        self.assertNotIn("policy.err.", r.body)


if __name__ == "__main__":
    main()
