#!/usr/bin/env python3
"""An audit chain written before the audit log had a sealer keeps verifying after the migration.

A fresh database gets the migrations before the sealer (sql/001–006) and a chain written the way the
program wrote it then: each entry allocated under the audit_head row lock, its id the next of the
head's, its MAC the v1 HMAC over the previous MAC and every field ("parley-audit-chain-v1", see the
history of src/audit/chain.c), the head moved to it. Then sql/007 (the sealer) and every later
migration are applied: `parley audit verify` passes, an entry written by today's program is sealed
after the old ones, and a change to an old entry, or its removal, is named."""
import glob
import hashlib
import hmac
import os
import re
import struct
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from parleytest import ParleyTestCase, env, main, run_parley, sanitizer_report, sql_str  # noqa: E402

SEALER_MIGRATION = 7   # sql/007_audit_sealer.sql
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))

# Entries as the program wrote them before the sealer: (at, actor_id, action, entity, entity_id, source_ip,
# detail). Empty strings, zero ids, multi-byte text and the longest detail the column takes.
OLD_ENTRIES = [
    ("2026-10-01 08:00:00", 0, "seed.demo", "", 0, "", "demo organisation"),
    ("2026-10-01 08:00:05", 1, "user.create", "user", 2, "127.0.0.1", "role=rep team=华东一组"),
    ("2026-10-01 09:12:30", 2, "login.ok", "user", 2, "10.0.0.7", ""),
    ("2026-10-02 11:00:00", 2, "customer.create", "customer", 17, "10.0.0.7", ""),
    ("2026-10-02 11:05:00", 2, "secret.read", "customer", 17, "10.0.0.7", "budget_ceiling"),
    ("2026-10-03 15:45:59", 3, "customer.update", "customer", 17, "::1", "name industry 预算"),
    ("2026-10-04 00:00:00", 1, "user.update", "user", 3, "127.0.0.1", "x" * 2000),
    ("2026-10-05 23:59:59", 2, "logout", "user", 2, "10.0.0.7", ""),
]


def audit_key():
    with open(os.path.join(env("PARLEY_VAR"), "secrets", "audit.key")) as f:
        return bytes.fromhex(f.read().strip())


def v1_mac(key, prev, entry_id, entry):
    """The chain MAC before the sealer: HMAC-SHA-256 over S("parley-audit-chain-v1") S(prev) I(id)
    S(at) I(actor) S(action) S(entity) I(entity_id) S(source_ip) S(detail), where S(x) = 's' u64be(len) x
    and I(v) = 'i' i64be(v)."""
    def s(x):
        x = x.encode()
        return b"s" + struct.pack(">Q", len(x)) + x

    def i(v):
        return b"i" + struct.pack(">q", int(v))
    at, actor, action, entity, entity_id, ip, detail = entry
    msg = (s("parley-audit-chain-v1") + s(prev) + i(entry_id) + s(at) + i(actor) + s(action) + s(entity)
           + i(entity_id) + s(ip) + s(detail))
    return hmac.new(key, msg, hashlib.sha256).hexdigest()


def migrations(first, last):
    out = []
    for path in sorted(glob.glob(os.path.join(ROOT, "sql", "[0-9][0-9][0-9]_*.sql"))):
        n = int(os.path.basename(path)[:3])
        if first <= n <= last:
            out.append(path)
    return out


class PreMigrationChainTest(ParleyTestCase):
    db = "parley_premigration_%d" % os.getpid()

    def root_sql(self, sql, database=None):
        cmd = ["mariadb", "--protocol=socket", "-S", env("PARLEY_DB_SOCKET"), "-u", "root",
               "--default-character-set=utf8mb4", "-N", "-B"]
        if database:
            cmd.append(database)
        p = subprocess.run(cmd, input=sql, capture_output=True, text=True, timeout=300)
        if p.returncode != 0:
            raise AssertionError("mariadb failed (%d):\n%s" % (p.returncode, p.stderr))
        return [line.split("\t") for line in p.stdout.splitlines()]

    def setUp(self):
        self.root_sql("DROP DATABASE IF EXISTS %s; CREATE DATABASE %s CHARACTER SET utf8mb4 "
                      "COLLATE utf8mb4_unicode_ci; GRANT SELECT, INSERT, UPDATE, DELETE ON %s.* TO "
                      "'parley'@'localhost';" % (self.db, self.db, self.db))
        with open(env("PARLEY_CONF")) as f:
            conf = re.sub(r"(?m)^db_name=.*$", "db_name=" + self.db, f.read())
        fd, self.conf = tempfile.mkstemp(prefix="parley-premigration-", suffix=".conf")
        with os.fdopen(fd, "w") as f:
            f.write(conf)

    def tearDown(self):
        self.root_sql("DROP DATABASE IF EXISTS %s;" % self.db)
        os.unlink(self.conf)

    def migrate(self, first, last):
        files = migrations(first, last)
        self.assertTrue(files, "no migrations %d–%d" % (first, last))
        for path in files:
            with open(path) as f:
                self.root_sql(f.read(), self.db)
        return files

    def parley(self, *args):
        p = subprocess.run([env("PARLEY_BIN"), "-c", self.conf] + list(args), capture_output=True, text=True,
                           timeout=120)
        report = sanitizer_report(p.stderr)
        if report:
            raise AssertionError("sanitizer report from parley %s: %s" % (" ".join(args), report))
        return p.returncode, (p.stdout + p.stderr).strip()

    def write_old_chain(self, key):
        """Each entry the way the program appended it before the sealer: in one transaction, lock the
        head, insert the entry with the next id and its v1 MAC chained to the head's, move the head."""
        head = self.root_sql("SELECT last_id, last_mac FROM audit_head WHERE id = 1;", self.db)
        self.assertEqual(head, [["0", ""]], "the chain before the sealer starts empty")
        last_id, prev = 0, ""
        sql = []
        for entry in OLD_ENTRIES:
            entry_id = last_id + 1
            mac = v1_mac(key, prev, entry_id, entry)
            at, actor, action, entity, entity_id, ip, detail = entry
            sql.append("BEGIN; SELECT last_id, last_mac FROM audit_head WHERE id = 1 FOR UPDATE;")
            sql.append("INSERT INTO audit_log (id, at, actor_id, action, entity, entity_id, source_ip, detail, mac) "
                       "VALUES (%d, %s, %d, %s, %s, %d, %s, %s, %s);"
                       % (entry_id, sql_str(at), actor, sql_str(action), sql_str(entity), entity_id, sql_str(ip),
                          sql_str(detail), sql_str(mac)))
            sql.append("UPDATE audit_head SET last_id = %d, last_mac = %s WHERE id = 1; COMMIT;"
                       % (entry_id, sql_str(mac)))
            last_id, prev = entry_id, mac
        self.root_sql("\n".join(sql), self.db)
        return last_id

    def assertNamed(self, rc, out, entry_id):
        self.assertEqual(rc, 1, out)
        self.assertRegex(out, r"\bentry %d\b" % entry_id, out)

    def test_old_chain_verifies_after_the_sealer_migration(self):
        key = audit_key()
        before = self.migrate(1, SEALER_MIGRATION - 1)
        self.assertTrue(os.path.basename(before[-1]).startswith("%03d_" % (SEALER_MIGRATION - 1)))
        cols = [r[0] for r in self.root_sql("SHOW COLUMNS FROM audit_log;", self.db)]
        self.assertNotIn("seq", cols, "the database before the sealer migration already has its columns")
        n = self.write_old_chain(key)
        self.assertEqual(n, len(OLD_ENTRIES))

        after = self.migrate(SEALER_MIGRATION, 999)
        self.assertTrue(os.path.basename(after[0]).startswith("%03d_audit_sealer" % SEALER_MIGRATION), after[0])
        rc, out = self.parley("audit", "verify")
        self.assertEqual(rc, 0, out)
        self.assertIn("intact: %d sealed entries" % n, out)

        # Today's program appends after the old chain: its entry is sealed at the next position.
        rc, out = self.parley("seed-demo")
        self.assertEqual(rc, 0, out)
        new = int(self.root_sql("SELECT COUNT(*) FROM audit_log WHERE format = 2;", self.db)[0][0])
        self.assertGreater(new, 0, "seed-demo wrote no audit entry: nothing new to seal")
        rc, out = self.parley("audit", "seal")
        self.assertEqual(rc, 0, out)
        rc, out = self.parley("audit", "verify")
        self.assertEqual(rc, 0, out)
        self.assertIn("intact: %d sealed entries" % (n + new), out)
        first_new = self.root_sql("SELECT MIN(seq) FROM audit_log WHERE format = 2;", self.db)[0][0]
        self.assertEqual(int(first_new), n + 1, "new entries do not continue the old chain")

        # Tampering with an old entry is named, whichever field and whichever entry.
        for entry_id, change in ((1, "detail = 'changed'"), (4, "entity_id = entity_id + 1"),
                                 (n, "at = at + INTERVAL 1 SECOND"), (3, "actor_id = 3")):
            saved = self.root_sql("SELECT at, actor_id, entity_id, detail FROM audit_log WHERE id = %d;"
                                  % entry_id, self.db)[0]
            self.root_sql("UPDATE audit_log SET %s WHERE id = %d;" % (change, entry_id), self.db)
            rc, out = self.parley("audit", "verify")
            self.assertNamed(rc, out, entry_id)
            self.root_sql("UPDATE audit_log SET at = %s, actor_id = %s, entity_id = %s, detail = %s WHERE id = %d;"
                          % (sql_str(saved[0]), saved[1], saved[2], sql_str(saved[3]), entry_id), self.db)
            rc, out = self.parley("audit", "verify")
            self.assertEqual(rc, 0, "restoring entry %d: %s" % (entry_id, out))

        # An old entry removed: the gap is named by the entry that follows it.
        self.root_sql("DELETE FROM audit_log WHERE id = 5;", self.db)
        rc, out = self.parley("audit", "verify")
        self.assertNamed(rc, out, 6)
        self.assertIn("position 5 is missing", out)


if __name__ == "__main__":
    main()
