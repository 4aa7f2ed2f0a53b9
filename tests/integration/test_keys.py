#!/usr/bin/env python3
"""Key rotation (parley keys rotate | resume | status): a new key is appended to field.keys,
every confidential/restricted value of every field in secret_fields[] is re-encrypted with it, no
value is left on an old key, the running app keeps showing the values (it reloads the key ring),
values written after a rotation use the new key, a rotation killed half-way leaves real work that
`keys resume` finishes, and a value moved to another row never shows as that row's value."""
import base64
import os
import re
import secrets
import signal
import stat
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from parleytest import (Client, ParleyTestCase, _mariadb_cmd, audit_count, db_int, db_query, env,  # noqa: E402
                        main, run_parley, sql_str)
from custtest import form_values  # noqa: E402

# secret_fields[] (src/auth/secrets.c): table, column. `keys status` lists the fields it knows;
# test_1_every_field_is_covered fails when that list and this one differ.
FIELDS = (("customers", "budget_ceiling"), ("customers", "decision_notes"),
          ("opportunities", "cost"), ("opportunities", "margin"), ("needs_reports", "budget_range"),
          ("plans", "confidential"), ("plans", "restricted"))
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
        cls.dir1 = Client()
        cls.dir1.login("dir1")
        cls.deal = cls.create_deal(cls.canaries["a"]["id"])

    @classmethod
    def create_deal(cls, cid):
        """An opportunity (cost and margin set by a director), a plan (confidential floor and BATNA, restricted
        margin set by a director) and a needs report (confidential budget) on customer cid: one value of
        every other field in secret_fields[], each a canary; returns {field: (page, text shown)}."""
        rep1, dir1 = cls.rep1, cls.dir1
        cost, floor, budget = canary_amount(), canary_amount(), canary_amount()
        margin = "%d.%d7" % (31 + secrets.randbelow(40), secrets.randbelow(10))
        plan_margin = "%d.%d3" % (11 + secrets.randbelow(15), secrets.randbelow(10))
        batna = "KEYS-BATNA-%s" % secrets.token_hex(6)
        rep1.get("/opportunities/new?customer_id=%d" % cid)
        r = rep1.post("/opportunities", {
            "customer_id": str(cid), "title": "Keys deal", "stage": "3", "currency": "CNY",
            "list_price": "%d" % (floor[0] * 2), "initial_quote": "", "current_offer": "", "final_price": "",
            "expected_close": "", "status": "open", "lost_reason": ""})
        assert r.status == 303, r.describe()
        oid = int(r.location.rsplit("/", 1)[1])
        cls.set_by_form(dir1, "/opportunities/%d" % oid, cost="%d.%02d" % cost, margin=margin)
        rep1.get("/plans/new?opportunity_id=%d" % oid)
        r = rep1.post("/plans", {
            "opportunity_id": str(oid), "topic": "Keys plan", "strategy": "concession", "meeting_on": "",
            "start_time": "", "place": "", "must_goals": "x", "concedable_goals": "", "agenda": "",
            "counter_proposals": "", "ladder_step": "3", "ladder_asks": "", "batna": batna,
            "min_price": "%d.%02d" % floor, "max_discount": "10", "max_payment_days": "60",
            "walkaway_payment_days": "", "min_margin": "", "walkaway_margin": ""})
        assert r.status == 303, r.describe()
        pid = int(r.location.rsplit("/", 1)[1])
        cls.set_by_form(dir1, "/plans/%d" % pid, min_margin=plan_margin)
        rep1.get("/opportunities/%d/needs/new" % oid)
        r = rep1.post("/opportunities/%d/needs" % oid, [
            ("researched_on", "2026-11-20"), ("method", "interview"), ("current_situation", "x"),
            ("pains.0.text", "slow"), ("pains.0.priority", "1"), ("expected_goals", "y"),
            ("budget_currency", "CNY"), ("budget_min", "1"), ("budget_max", "%d.%02d" % budget),
            ("decision_process", "z"), ("needs.0.text", "n"), ("needs.0.class", "must"), ("confirmed_on", "")])
        assert r.status == 303, r.describe()
        nid = int(r.location.rsplit("/", 1)[1])
        money = "{:,}.{:02d}".format
        return {"ids": {"opportunity": oid, "plan": pid, "needs": nid},
                "opportunities.cost": ("/opportunities/%d" % oid, money(*cost)),
                "opportunities.margin": ("/opportunities/%d" % oid, margin),
                "plans.confidential": ("/plans/%d" % pid, money(*floor)),
                "plans.confidential BATNA": ("/plans/%d" % pid, batna),
                "plans.restricted": ("/plans/%d" % pid, plan_margin),
                "needs_reports.budget_range": ("/needs/%d" % nid, money(*budget))}

    @staticmethod
    def set_by_form(c, action, **values):
        r = c.get(action + "/edit")
        assert r.status == 200, r.describe()
        f = form_values(r.body, action)
        assert f is not None, r.describe(3000)
        f.update(values)
        r = c.post(action, list(f.items()))
        assert r.status == 303, r.describe(3000)

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

    def assertShowsDeal(self):
        """Every canary of create_deal() shown to a reader of its tier."""
        for field, shown in self.deal.items():
            if field == "ids":
                continue
            path, text = shown
            r = self.dir1.get(path)
            self.assertStatus(r, 200)
            self.assertIn(text, r.body, "%s not shown on %s" % (field, path))

    # -- before the rotation

    def test_1_every_field_is_covered(self):
        p = run_parley("keys", "status")
        listed = set(re.findall(r"^(\w+)\.(\w+):", p.stdout, re.M))
        self.assertEqual(listed, set(FIELDS), "keys status lists other fields than this test checks")
        self.assertShowsDeal()

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
        self.assertShowsDeal()

    def test_3_new_writes_use_the_new_key(self):
        current, _ = status()
        cid = self.create("new", "1,234.56")
        deal = self.create_deal(cid)
        ids = deal["ids"]
        kvs = db_query("SELECT c.budget_ceiling_kv, c.decision_notes_kv, o.cost_kv, o.margin_kv, n.budget_range_kv, "
                       "p.confidential_kv, p.restricted_kv FROM customers c, opportunities o, needs_reports n, plans p "
                       "WHERE c.id=%d AND o.id=%d AND n.id=%d AND p.id=%d"
                       % (cid, ids["opportunity"], ids["needs"], ids["plan"]))[0]
        self.assertEqual([int(v) for v in kvs], [current] * len(FIELDS), "values written after the rotation")
        # an edit of a value written before the rotation is sealed with the current key too
        a = self.canaries["a"]["id"]
        self.set_by_form(self.rep1, "/customers/%d" % a, budget_ceiling="%d.%02d" % (
            self.canaries["a"]["whole"], self.canaries["a"]["cents"]))
        self.assertEqual(budget_cell(a)[1], current)

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

    def test_6_killed_rotation_leaves_work_that_resume_finishes(self):
        """A rotation killed half-way: the plans' values wait behind a row lock held by another
        transaction, the process is killed there, and `keys resume` re-encrypts what was left."""
        old = status()[0]
        pid = self.deal["ids"]["plan"]
        holder = subprocess.Popen(_mariadb_cmd() + ["--unbuffered"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        rotate = None
        try:
            holder.stdin.write("BEGIN; SELECT id FROM plans WHERE id = %d FOR UPDATE; SELECT 'locked';\n" % pid)
            holder.stdin.flush()
            while holder.stdout.readline().strip() != "locked":
                pass
            rotate = subprocess.Popen([env("PARLEY_BIN"), "-c", env("PARLEY_CONF"), "keys", "rotate"],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            deadline = time.time() + 60
            while db_int("SELECT COUNT(*) FROM information_schema.innodb_trx WHERE trx_state = 'LOCK WAIT'") == 0:
                self.assertIsNone(rotate.poll(), "keys rotate ended before reaching the plans")
                self.assertLess(time.time(), deadline, "keys rotate never waited for the locked plan")
                time.sleep(0.1)
            rotate.send_signal(signal.SIGKILL)
            rotate.wait(30)
        finally:
            if rotate and rotate.poll() is None:
                rotate.kill()
            holder.stdin.write("ROLLBACK;\n")
            holder.stdin.close()
            holder.wait(30)
            holder.stdout.close()
        new = old + 1
        current, fields = status()
        self.assertEqual(current, new, "the new key was written before the re-encryption")
        for name in ("customers.budget_ceiling", "customers.decision_notes", "opportunities.cost",
                     "opportunities.margin", "needs_reports.budget_range"):
            self.assertEqual(set(fields[name]), {new}, name)
        left = sum(n for name in ("plans.confidential", "plans.restricted")
                   for v, n in fields[name].items() if v < new)
        self.assertGreater(left, 0, "nothing was left to resume: %r" % fields)
        self.assertShowsDeal()    # old values keep showing from the old key meanwhile

        p = run_parley("keys", "resume", timeout=600)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertIn("all values are on key version %d" % new, p.stdout)
        done = re.search(r"plans\.confidential: re-encrypted (\d+)", p.stdout)
        self.assertTrue(done and int(done.group(1)) > 0, p.stdout)
        _, fields = status()
        for name, versions in fields.items():
            self.assertEqual(set(versions), {new}, name)
        self.assertShowsDeal()
        for tag in self.canaries:
            self.assertShowsCanary(tag)

    def test_5_usage(self):
        p = run_parley("keys", "bogus")
        self.assertEqual(p.returncode, 2)
        p = run_parley("keys")
        self.assertEqual(p.returncode, 2)


if __name__ == "__main__":
    main()
