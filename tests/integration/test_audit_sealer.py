#!/usr/bin/env python3
"""Writers append audit entries without waiting for one another; the sealer links them into the
chain. Several processes write thousands of entries at once while sealers run side by side and the
stack's own sealer is killed mid-way: every entry ends up sealed exactly once, the chain verifies,
and changing any sealed entry is named. An entry changed before it is sealed is caught by
`audit verify` and again when it is sealed."""
import hashlib
import hmac
import os
import random
import secrets
import signal
import struct
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from parleytest import (Client, ParleyTestCase, db_int, db_query, env, main, reset_clock,  # noqa: E402
                        run_parley, sanitizer_report, set_clock_offset, sql_str)

WRITERS = 4
PER_WRITER = 750
MIN = 60


def writers_bin():
    return os.path.join(os.path.dirname(env("PARLEY_BIN")), "audit_writers")


def verify():
    p = run_parley("audit", "verify")
    return p.returncode, (p.stdout + p.stderr).strip()


def sealer_pids():
    """The stack's sealer: the child of the parley master named parley-sealer."""
    with open(os.path.join(env("PARLEY_VAR"), "run", "parley.pid")) as f:
        master = int(f.read().strip())
    out = []
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % d) as f:
                st = f.read()
            with open("/proc/%s/comm" % d) as f:
                comm = f.read().strip()
        except OSError:
            continue
        state, ppid = st.rsplit(")", 1)[1].split()[:2]
        if int(ppid) == master and comm == "parley-sealer" and state != "Z":
            out.append(int(d))
    return out


def entry_mac(row):
    """The entry MAC (src/audit/chain.c), recomputed with the stack's audit key: used only to
    re-sign an entry this test changed on purpose, so that the shared log verifies again."""
    with open(os.path.join(env("PARLEY_VAR"), "secrets", "audit.key")) as f:
        key = bytes.fromhex(f.read().strip())

    def s(x):
        x = x.encode()
        return b"s" + struct.pack(">Q", len(x)) + x

    def i(v):
        return b"i" + struct.pack(">q", int(v))
    at, actor, action, entity, entity_id, ip, detail = row
    msg = (s("parley-audit-entry-v2") + s(at) + i(actor) + s(action) + s(entity) + i(entity_id) + s(ip) + s(detail))
    return hmac.new(key, msg, hashlib.sha256).hexdigest()


class AuditSealerTest(ParleyTestCase):
    def tearDown(self):
        reset_clock()

    def wait_sealed(self, where, timeout=60):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if db_int("SELECT COUNT(*) FROM audit_log WHERE seq IS NULL AND " + where) == 0:
                return
            time.sleep(0.5)
        self.fail("entries still unsealed after %d s: %s" % (timeout, where))

    def test_many_writers_sealed_once_and_verified(self):
        tag = "load-" + secrets.token_hex(4)
        where = "action='test.load' AND detail LIKE %s" % sql_str(tag + " %")
        cmd = lambda w: [writers_bin(), env("PARLEY_CONF"), str(PER_WRITER), "%s w%d" % (tag, w)]  # noqa: E731
        procs = [subprocess.Popen(cmd(w), stdout=subprocess.PIPE, stderr=subprocess.PIPE) for w in range(WRITERS)]
        # Sealers side by side with the stack's own, which is killed mid-way (the master restarts it).
        killed = 0
        extra = []
        while any(p.poll() is None for p in procs):
            extra.append(subprocess.Popen([env("PARLEY_BIN"), "-c", env("PARLEY_CONF"), "audit", "seal"],
                                          stdout=subprocess.PIPE, stderr=subprocess.PIPE))
            time.sleep(0.3)
            for pid in sealer_pids():
                try:
                    os.kill(pid, signal.SIGKILL)
                    killed += 1
                except ProcessLookupError:
                    pass
            if random.random() < 0.5:   # and a command-line sealer killed at any point of its pass
                extra[-1].send_signal(signal.SIGKILL)
        for p in procs:
            out, err = p.communicate(timeout=300)
            self.assertEqual(p.returncode, 0, err.decode())
            self.assertIsNone(sanitizer_report(err.decode(errors="replace")), err.decode(errors="replace"))
        for p in extra:
            err = p.communicate(timeout=60)[1].decode(errors="replace")
            self.assertIsNone(sanitizer_report(err), "audit seal: " + err[-4000:])
        self.assertGreater(killed, 0, "the stack's sealer was never found running")

        self.wait_sealed(where)
        self.assertEqual(db_int("SELECT COUNT(*) FROM audit_log WHERE " + where), WRITERS * PER_WRITER,
                         "entries lost")
        self.assertEqual(db_int("SELECT COUNT(DISTINCT seq) FROM audit_log WHERE " + where), WRITERS * PER_WRITER,
                         "entries linked twice into the chain")
        # Gap-free positions 1..head, each once.
        head = db_int("SELECT last_id FROM audit_head WHERE id = 1")
        self.assertEqual(db_int("SELECT COUNT(*) FROM audit_log WHERE seq IS NOT NULL"), head)
        self.assertEqual(db_int("SELECT MAX(seq) FROM audit_log"), head)
        # Each writer's entries are chained in the order it wrote them (ids, not timestamps).
        for w in range(WRITERS):
            seqs = [int(r[0]) for r in db_query("SELECT seq FROM audit_log WHERE %s AND detail LIKE %s ORDER BY id"
                                                % (where, sql_str("%s w%d %%" % (tag, w))))]
            self.assertEqual(seqs, sorted(seqs), "writer %d's entries chained out of order" % w)
        rc, out = verify()
        self.assertEqual(rc, 0, out)

        # Changing any sealed entry is named.
        for victim in random.sample([int(r[0]) for r in db_query("SELECT id FROM audit_log WHERE " + where)], 3):
            db_query("UPDATE audit_log SET entity_id = entity_id + 1 WHERE id = %d" % victim)
            try:
                rc, out = verify()
                self.assertEqual(rc, 1, out)
                self.assertIn("entry %d " % victim, out)
            finally:
                db_query("UPDATE audit_log SET entity_id = entity_id - 1 WHERE id = %d" % victim)
        rc, out = verify()
        self.assertEqual(rc, 0, out)

    def test_entry_changed_before_sealing_is_caught(self):
        # A read of a confidential value stays unsealed while its 15-minute period is open.
        c = Client()
        c.login("mgr1")
        cid = db_int("SELECT c.id FROM customers c JOIN users u ON u.id = c.owner_id WHERE u.username = 'rep1' "
                     "AND c.budget_ceiling_enc IS NOT NULL ORDER BY c.id LIMIT 1")
        self.assertStatus(c.get("/customers/%d" % cid), 200)
        mgr1 = db_int("SELECT id FROM users WHERE username = 'mgr1'")
        row = db_query("SELECT id, detail FROM audit_log WHERE action='secret.read' AND actor_id=%d AND entity_id=%d "
                       "AND seq IS NULL ORDER BY id DESC LIMIT 1" % (mgr1, cid))
        self.assertTrue(row, "no unsealed read entry")
        victim, detail = int(row[0][0]), row[0][1]
        rc, out = verify()
        self.assertEqual(rc, 0, out)
        self.assertIn("not yet sealed", out)

        db_query("UPDATE audit_log SET actor_id = actor_id + 1 WHERE id = %d" % victim)
        rc, out = verify()
        self.assertEqual(rc, 1, "a changed unsealed entry passed verify:\n" + out)
        self.assertIn("entry %d " % victim, out)

        # Sealed once its period is over (by the stack's sealer or this one, whichever comes first):
        # the sealer reports it, and verify names it from then on.
        set_clock_offset(20 * MIN)
        p = run_parley("audit", "seal")
        self.assertIn(p.returncode, (0, 1), p.stdout + p.stderr)
        self.wait_sealed("id = %d" % victim)
        with open(os.path.join(env("PARLEY_VAR"), "log", "parley.log"), errors="replace") as f:
            reported = p.stdout + f.read()
        self.assertIn("entry %d was changed before it was sealed" % victim, reported)
        rc, out = verify()
        self.assertEqual(rc, 1, out)
        self.assertIn("entry %d " % victim, out)
        self.assertIn("changed before it was sealed", out)

        # Clean-up for the shared stack: re-sign the entry as it now stands.
        fields = db_query("SELECT DATE_FORMAT(at, '%%Y-%%m-%%d %%H:%%i:%%s'), actor_id, action, entity, entity_id, "
                          "source_ip, detail FROM audit_log WHERE id = %d" % victim)[0]
        self.assertEqual(fields[6], detail)
        db_query("UPDATE audit_log SET entry_mac = '%s' WHERE id = %d" % (entry_mac(fields), victim))
        rc, out = verify()
        self.assertEqual(rc, 0, out)


if __name__ == "__main__":
    main()
