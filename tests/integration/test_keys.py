#!/usr/bin/env python3
"""Key rotation (parley keys rotate | resume | status): a new key is appended to field.keys,
every confidential/restricted value is re-encrypted with it, no value is left on an old key, the
running app keeps showing the values (it reloads the key ring), and a value moved to another row
never shows as that row's value."""
import base64
import os
import re
import secrets
import stat
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from parleytest import (Client, ParleyTestCase, audit_count, db_int, db_query, env, main,  # noqa: E402
                        run_parley, sql_str)

# secret_fields[] (src/auth/secrets.c): table, column
FIELDS = (("customers", "budget_ceiling"), ("customers", "decision_notes"),
          ("opportunities", "cost"), ("opportunities", "margin"))
B64 = re.compile(r"^[A-Za-z0-9+/]+={0,2}$")


def canary_amount():
    whole = 100000000 + secrets.randbelow(899999999)
    cents = 11 + secrets.randbelow(88)
    if cents % 10 == 0:
        cents += 1
    return whole, cents


def key_file():
    return os.path.join(env("PARLEY_VAR"), "secrets", "field.keys")


def key_lines():
    with open(key_file()) as f:
        return [ln.split() for ln in f.read().splitlines() if ln.strip() and not ln.lstrip().startswith("#")]


def status():
    """keys status → (current version, {"table.column": {version: count}})."""
    p = run_parley("keys", "status")
    if p.returncode != 0:
        raise AssertionError("keys status failed (%d):\n%s%s" % (p.returncode, p.stdout, p.stderr))
    m = re.search(r"current version (\d+)", p.stdout)
    if not m:
        raise AssertionError("no current version in:\n" + p.stdout)
    fields = {}
    for table, column in FIELDS:
        line = re.search(r"^%s\.%s:(.*)$" % (table, column), p.stdout, re.M)
        if not line:
            raise AssertionError("no line for %s.%s in:\n%s" % (table, column, p.stdout))
        fields["%s.%s" % (table, column)] = {int(v): int(n) for v, n in re.findall(r"\bv(\d+)=(\d+)", line.group(1))}
    return int(m.group(1)), fields


def db_versions(table, column):
    rows = db_query("SELECT %s_kv, COUNT(*) FROM %s WHERE %s_kv IS NOT NULL GROUP BY %s_kv"
                    % (column, table, column, column))
    return {int(v): int(n) for v, n in rows}


def budget_cell(cid):
    enc, kv = db_query("SELECT budget_ceiling_enc, budget_ceiling_kv FROM customers WHERE id=%d" % cid)[0]
    return enc, int(kv)


def set_budget_cell(cid, enc, kv):
    db_query("UPDATE customers SET budget_ceiling_enc=%s, budget_ceiling_kv=%d WHERE id=%d"
             % (sql_str(enc), kv, cid))


class KeysTest(ParleyTestCase):
    @classmethod
    def setUpClass(cls):
        cls.rep1 = Client()
        cls.rep1.login("rep1")
        cls.canaries = {}
        for tag in ("a", "b"):
            whole, cents = canary_amount()
            cid = cls.create(tag, "%d.%02d" % (whole, cents))
            cls.canaries[tag] = {"id": cid, "whole": whole, "cents": cents,
                                 "shown": "{:,}.{:02d}".format(whole, cents),
                                 "digits": ["%d" % whole, "{:,}".format(whole), "%d%02d" % (whole, cents)]}

    @classmethod
    def create(cls, tag, amount):
        c = cls.rep1
        r = c.get("/customers/new")
        if r.status != 200:
            raise AssertionError("GET /customers/new:\n" + r.describe())
        name = "keys-%s-%s 轮换测试" % (tag, secrets.token_hex(4))
        r = c.post("/customers", {
            "name": name, "industry": "key rotation", "currency": "CNY", "source": "other", "segment": "new",
            "intent": "medium", "stage": "1", "next_follow_up": "", "need_summary": "", "suppliers": "",
            "decision_process": "", "notes": "", "budget_ceiling": amount,
            "decision_notes": "KEYS-NOTES-%s" % secrets.token_hex(6)})
        m = re.match(r"^(?:https?://[^/]+)?/customers/(\d+)$", r.location or "") if r.status == 303 else None
        if not m:
            raise AssertionError("create customer failed:\n" + r.describe(2000))
        return int(m.group(1))

    def page(self, tag):
        cid = self.canaries[tag]["id"]
        r = self.rep1.get("/customers/%d" % cid)
        self.assertStatus(r, 200)
        return r

    def assertShowsCanary(self, tag):
        r = self.page(tag)
        shown = r.element_text("budget-ceiling") or ""
        self.assertIn(self.canaries[tag]["shown"], shown, "customer %s: budget not shown:\n%s" % (tag, r.describe(4000)))

    # -- before the rotation

    def test_1_status_matches_database(self):
        current, fields = status()
        self.assertGreaterEqual(current, 1)
        self.assertEqual(current, max(int(v) for v, _ in key_lines()))
        for table, column in FIELDS:
            self.assertEqual(fields["%s.%s" % (table, column)], db_versions(table, column), "%s.%s" % (table, column))
        # The demo data and the canaries carry budgets, notes, costs and margins.
        for name, versions in fields.items():
            self.assertGreater(sum(versions.values()), 0, name)
        self.assertGreaterEqual(fields["customers.budget_ceiling"].get(current, 0), 2)

    def test_1_stored_values_are_ciphertext(self):
        for tag, c in self.canaries.items():
            enc, kv = budget_cell(c["id"])
            self.assertRegex(enc, B64)
            blob = base64.b64decode(enc)
            # format 1 | key version (big endian) | 12-byte nonce | ciphertext | 16-byte tag
            self.assertEqual(blob[0], 1)
            self.assertEqual(int.from_bytes(blob[1:3], "big"), kv)
            self.assertGreaterEqual(len(blob), 1 + 2 + 12 + 16 + len("CNY 1"))
            for d in c["digits"]:
                self.assertNotIn(d, enc)
                self.assertNotIn(d.encode(), blob)
            self.assertShowsCanary(tag)

    # -- the rotation

    def test_2_rotate(self):
        before_lines = key_lines()
        old = max(int(v) for v, _ in before_lines)
        rotations = audit_count("action='keys.rotate'")
        enc_before = budget_cell(self.canaries["a"]["id"])[0]

        p = run_parley("keys", "rotate", timeout=600)
        self.assertEqual(p.returncode, 0, "keys rotate failed:\n%s%s" % (p.stdout, p.stderr))
        new = old + 1
        self.assertIn("all values are on key version %d" % new, p.stdout)

        # The key file: old keys kept as they were, one new key, private.
        lines = key_lines()
        self.assertEqual(lines[:-1], before_lines)
        self.assertEqual(int(lines[-1][0]), new)
        self.assertRegex(lines[-1][1], r"^[0-9a-f]{64}$")
        self.assertNotIn(lines[-1][1], [k for _, k in before_lines])
        st = os.stat(key_file())
        self.assertEqual(stat.S_IMODE(st.st_mode), 0o600)
        leftovers = [f for f in os.listdir(os.path.dirname(key_file())) if "field.keys" in f and f != "field.keys"]
        self.assertEqual(leftovers, [])

        # Nothing left on an old key, in the database itself.
        for table, column in FIELDS:
            self.assertEqual(db_int("SELECT COUNT(*) FROM %s WHERE %s_kv < %d" % (table, column, new)), 0,
                             "%s.%s" % (table, column))
            self.assertEqual(db_int("SELECT COUNT(*) FROM %s WHERE %s_enc IS NOT NULL AND %s_kv IS NULL"
                                    % (table, column, column)), 0)
        current, fields = status()
        self.assertEqual(current, new)
        for name, versions in fields.items():
            self.assertEqual(set(versions), {new}, name)

        # Re-encrypted: another ciphertext under the new key.
        enc_after, kv_after = budget_cell(self.canaries["a"]["id"])
        self.assertEqual(kv_after, new)
        self.assertNotEqual(enc_after, enc_before)
        self.assertEqual(int.from_bytes(base64.b64decode(enc_after)[1:3], "big"), new)

        # Audited, without key material.
        self.assertEqual(audit_count("action='keys.rotate'"), rotations + 1)
        for k in (lines[-1][1], lines[-1][1].upper()):
            self.assertEqual(audit_count("detail LIKE %s" % sql_str("%" + k[:16] + "%")), 0)
        self.assertNotIn(lines[-1][1], p.stdout + p.stderr)

        # The running workers read the new key (they reload the ring when the file changes).
        for tag in self.canaries:
            self.assertShowsCanary(tag)

    def test_3_resume_has_nothing_to_do(self):
        p = run_parley("keys", "resume", timeout=600)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertRegex(p.stdout, r"customers\.budget_ceiling: re-encrypted 0, failed 0")

    # -- tampering

    def test_4_swapped_value_is_unavailable_never_the_other_rows(self):
        a, b = self.canaries["a"], self.canaries["b"]
        enc_a, kv_a = budget_cell(a["id"])
        enc_b, kv_b = budget_cell(b["id"])
        try:
            set_budget_cell(a["id"], enc_b, kv_b)
            set_budget_cell(b["id"], enc_a, kv_a)
            for tag in ("a", "b"):
                r = self.page(tag)
                shown = r.element_text("budget-ceiling")
                self.assertIsNotNone(shown, r.describe(4000))
                self.assertIn('class="unavailable"', r.body)
                for other in (a, b):
                    self.assertNotIn(other["shown"], r.body)
                    self.assertNotIn("{:,}".format(other["whole"]), r.body)

            # A rotation must not "repair" it either: the value fails, is reported and counted,
            # stays as it is, and the exit status says so.
            old = kv_a - 1 if kv_a > 1 else None
            if old is not None:
                db_query("UPDATE customers SET budget_ceiling_kv=%d WHERE id=%d" % (old, a["id"]))
                p = run_parley("keys", "resume", timeout=600)
                self.assertNotEqual(p.returncode, 0, p.stdout + p.stderr)
                self.assertRegex(p.stdout, r"customers\.budget_ceiling: re-encrypted 0, failed 1\b")
                self.assertIn("row %d" % a["id"], p.stderr)
                self.assertEqual(budget_cell(a["id"]), (enc_b, old))
                for other in (a, b):
                    self.assertNotIn(str(other["whole"]), p.stdout + p.stderr)
        finally:
            set_budget_cell(a["id"], enc_a, kv_a)
            set_budget_cell(b["id"], enc_b, kv_b)
        for tag in ("a", "b"):
            self.assertShowsCanary(tag)
        p = run_parley("keys", "resume", timeout=600)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)

    def test_5_usage(self):
        p = run_parley("keys", "bogus")
        self.assertEqual(p.returncode, 2)
        p = run_parley("keys")
        self.assertEqual(p.returncode, 2)


if __name__ == "__main__":
    main()
