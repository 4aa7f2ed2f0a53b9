#!/usr/bin/env python3
"""The audit log is a tamper-evident chain: `parley audit verify` passes on an untouched log
and fails when a sealed row is changed or removed by hand; the log is restored afterwards because
all tests share one stack. Entries are sealed into the chain by the sealer within about a second;
`parley audit seal` does it at once."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from parleytest import Client, ParleyTestCase, db_int, db_query, db_value, main, run_parley  # noqa: E402

BACKUP = "zz_test_audit_backup"


class AuditVerifyTest(ParleyTestCase):
    @classmethod
    def setUpClass(cls):
        # Some activity so that the log has rows: a failed and a good sign-in, a sign-out.
        Client().login_attempt("rep2", "not-the-password-123")
        c = Client()
        c.login("rep2")
        c.logout()
        p = run_parley("audit", "seal")
        if p.returncode != 0:
            raise AssertionError("audit seal failed:\n" + p.stdout + p.stderr)

    def verify(self):
        p = run_parley("audit", "verify")
        return p.returncode, (p.stdout + p.stderr).strip()

    def assertIntact(self, when):
        rc, out = self.verify()
        self.assertEqual(rc, 0, "audit verify %s: exit %d\n%s" % (when, rc, out))

    def assertBroken(self, when, bad_id=None):
        rc, out = self.verify()
        self.assertNotEqual(rc, 0, "audit verify did not notice %s:\n%s" % (when, out))
        self.assertEqual(rc, 1, "audit verify should exit 1 for a broken chain, got %d:\n%s" % (rc, out))
        if bad_id is not None:
            self.assertIn(str(bad_id), out, "verify output does not name entry %s:\n%s" % (bad_id, out))

    def test_verification_recorded_for_the_admin(self):
        self.assertIntact("before recording")
        body = Client()
        body.login("admin")
        r = body.get("/")
        self.assertIn('id="audit-verified-result" data-result="intact"', r.body)
        self.assertEqual(db_value("SELECT detail FROM audit_log WHERE action='audit.verify' ORDER BY id DESC LIMIT 1"),
                         "intact")

    def test_columns(self):
        cols = [r[0] for r in db_query("SELECT column_name FROM information_schema.columns WHERE "
                                       "table_schema='parley' AND table_name='audit_log' ORDER BY ordinal_position")]
        for c in ("id", "at", "actor_id", "action", "entity", "entity_id", "source_ip", "detail", "mac"):
            self.assertIn(c, cols)

    def sealed_id(self, offset=0, newest=False):
        """The id and chain position of a sealed entry, counted from the oldest (or the newest)."""
        row = db_query("SELECT id, seq FROM audit_log WHERE seq IS NOT NULL ORDER BY seq %s LIMIT 1 OFFSET %d"
                       % ("DESC" if newest else "ASC", offset))[0]
        return int(row[0]), int(row[1])

    def test_log_has_activity(self):
        self.assertGreaterEqual(db_int("SELECT COUNT(*) FROM audit_log"), 3)
        actions = {r[0] for r in db_query("SELECT DISTINCT action FROM audit_log")}
        self.assertTrue(any("login" in a for a in actions), "no sign-in events in the audit log: %r" % actions)
        self.assertTrue(any("logout" in a for a in actions), "no sign-out events in the audit log: %r" % actions)

    def test_changed_row_detected_and_restored(self):
        self.assertIntact("on an untouched log")
        first, _ = self.sealed_id()
        before = db_query("SELECT id, detail, mac FROM audit_log WHERE id=%d" % first)
        db_query("UPDATE audit_log SET detail=CONCAT(detail,'x') WHERE id=%d" % first)
        try:
            self.assertBroken("a changed detail", first)
        finally:
            db_query("UPDATE audit_log SET detail=LEFT(detail, CHAR_LENGTH(detail)-1) WHERE id=%d" % first)
        self.assertEqual(db_query("SELECT id, detail, mac FROM audit_log WHERE id=%d" % first), before)
        self.assertIntact("after restoring the changed row")

    def test_changed_actor_and_time_detected(self):
        mid, _ = self.sealed_id(1)
        db_query("UPDATE audit_log SET actor_id=actor_id+1000 WHERE id=%d" % mid)
        try:
            self.assertBroken("a changed actor", mid)
        finally:
            db_query("UPDATE audit_log SET actor_id=actor_id-1000 WHERE id=%d" % mid)
        self.assertIntact("after restoring the actor")
        db_query("UPDATE audit_log SET at=at - INTERVAL 1 DAY WHERE id=%d" % mid)
        try:
            self.assertBroken("a changed time", mid)
        finally:
            db_query("UPDATE audit_log SET at=at + INTERVAL 1 DAY WHERE id=%d" % mid)
        self.assertIntact("after restoring the time")

    def test_deleted_row_detected_and_restored(self):
        victim, position = self.sealed_id(1)
        db_query("DROP TABLE IF EXISTS %s; CREATE TABLE %s AS SELECT * FROM audit_log WHERE id=%d; "
                 "DELETE FROM audit_log WHERE id=%d" % (BACKUP, BACKUP, victim, victim))
        try:
            self.assertBroken("a deleted row", "position %d" % position)
        finally:
            db_query("INSERT INTO audit_log SELECT * FROM %s; DROP TABLE %s" % (BACKUP, BACKUP))
        self.assertIntact("after putting the deleted row back")

    def test_removed_tail_detected(self):
        # Dropping the newest sealed entries is caught through the chain head.
        last, _ = self.sealed_id(newest=True)
        db_query("DROP TABLE IF EXISTS %s; CREATE TABLE %s AS SELECT * FROM audit_log WHERE id=%d; "
                 "DELETE FROM audit_log WHERE id=%d" % (BACKUP, BACKUP, last, last))
        try:
            rc, out = self.verify()
            self.assertEqual(rc, 1, "audit verify did not notice a removed last entry:\n" + out)
        finally:
            db_query("INSERT INTO audit_log SELECT * FROM %s; DROP TABLE %s" % (BACKUP, BACKUP))
        self.assertIntact("after putting the last row back")


if __name__ == "__main__":
    main()
