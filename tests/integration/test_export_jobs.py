#!/usr/bin/env python3
"""Large exports become jobs for the runner (`parley jobs`): the request answers 303 to /exports at once,
the runner writes the file with its progress (rows done of total); a runner killed in the middle leaves
its job to the next runner once the lease ran out, and the file is then complete and correct; two
runners side by side never take the same job; a stopped runner hands its job back."""
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import warnings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from parleytest import (Client, ParleyTestCase, db_int, db_query, env, main, reset_clock,  # noqa: E402
                        run_parley, set_clock_offset)
from exporttest import audit_for_job, export, job, read_csv, sha256, wait_job  # noqa: E402
from test_approvals import make_request, step_row  # noqa: E402

SYNC_MAX = 10000
WANT = int(os.environ.get("PARLEY_TEST_EXPORT_ROWS", "30000"))


def login(username):
    c = Client()
    c.login(username)
    return c


def runner_pid():
    path = os.path.join(env("PARLEY_VAR"), "run", "jobs.pid")
    with open(path) as f:
        return int(f.read().strip())


def alive(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def start_runner(conf=None):
    """A runner as parleyctl starts one: detached, logging to the app's log."""
    log = open(os.path.join(env("PARLEY_VAR"), "log", "parley.log"), "ab")
    p = subprocess.Popen([env("PARLEY_BIN"), "-c", conf or env("PARLEY_CONF"), "jobs"], stdin=subprocess.DEVNULL,
                         stdout=log, stderr=log, start_new_session=True)
    log.close()
    return p


def wait_pidfile(path, not_pid=None, timeout=60):
    end = time.time() + timeout
    while time.time() < end:
        try:
            with open(path) as f:
                pid = int(f.read().strip() or 0)
            if pid and pid != not_pid and alive(pid):
                return pid
        except (OSError, ValueError):
            pass
        time.sleep(0.1)
    raise AssertionError("no runner pid in %s" % path)


def expected_ids():
    return [int(r[0]) for r in db_query("SELECT id FROM negotiations ORDER BY id DESC")]


def job_id_from(client):
    m = re.findall(r'id="job-(\d+)"', client.get("/exports").body)
    return int(m[0])


class ExportJobTest(ParleyTestCase):
    @classmethod
    def setUpClass(cls):
        # The runners started here outlive the test on purpose (the stack stops them).
        warnings.simplefilter("ignore", ResourceWarning)
        reset_clock()
        have = db_int("SELECT COUNT(*) FROM negotiations")
        if have < WANT:
            p = run_parley("seed", "--negotiations", str(WANT - have), timeout=900)
            if p.returncode != 0:
                raise AssertionError("seed failed: %s %s" % (p.stdout, p.stderr))
        cls.exec1 = login("exec1")
        cls.var = env("PARLEY_VAR")

    def tearDown(self):
        reset_clock()

    def queue_export(self, fmt="csv"):
        r = export(self.exec1, "records", fmt)
        self.assertRedirect(r, "/exports")
        jid = job_id_from(self.exec1)
        self.assertGreater(job(jid)["total"], SYNC_MAX)
        return jid

    def test_killed_runner_job_finishes_after_restart(self):
        old = runner_pid()
        jid = self.queue_export()
        # Kill the runner once it is part-way through.
        end = time.time() + 300
        while time.time() < end:
            j = job(jid)
            if j["state"] == "running" and j["done"] >= 1000:
                break
            self.assertNotEqual(j["state"], "done", "the export finished before the runner could be killed")
            time.sleep(0.02)
        os.kill(old, signal.SIGKILL)
        while alive(old):
            time.sleep(0.05)
        j = job(jid)
        self.assertEqual(j["state"], "running")
        self.assertLess(j["done"], j["total"])
        # Progress is visible to its owner meanwhile.
        self.assertIn('"id":%d,"state":"running","done":%d,' % (jid, j["done"]),
                      self.exec1.get("/exports/status").body)
        # The runner comes back; once the dead runner's lease has run out the job is taken over.
        lease = int(re.search(r"^job_lease_seconds=(\d+)", open(env("PARLEY_CONF")).read(), re.M).group(1))
        start_runner()
        wait_pidfile(os.path.join(self.var, "run", "jobs.pid"), not_pid=old)
        set_clock_offset(lease + 5)
        j = wait_job(jid)
        reset_clock()
        self.assertEqual(j["state"], "done")
        self.assertEqual(j["attempts"], 2)
        data = self.exec1.get("/exports/%d/file" % jid).body_bytes
        self.assertEqual(sha256(data), j["sha"])
        rows = read_csv(data)
        self.assertEqual([int(x[0]) for x in rows[1:]], expected_ids())
        self.assertEqual(j["done"], len(rows) - 1)
        self.assertEqual(len(audit_for_job(jid)), 1)
        # Nothing of the interrupted attempt is left behind.
        self.assertEqual([f for f in os.listdir(os.path.join(self.var, "exports")) if f.endswith(".part")], [])

    def test_two_runners_never_take_the_same_job(self):
        conf2 = os.path.join(self.var, "parley-runner2.conf")
        with open(env("PARLEY_CONF")) as f:
            text = f.read()
        pid2file = os.path.join(self.var, "run", "jobs2.pid")
        with open(conf2, "w") as f:
            f.write(re.sub(r"^jobs_pid_file=.*$", "jobs_pid_file=" + pid2file, text, flags=re.M))
        second = start_runner(conf2)
        try:
            wait_pidfile(pid2file)
            jobs = [self.queue_export(fmt) for fmt in ("csv", "xlsx", "csv", "csv")]
            for jid in jobs:
                j = wait_job(jid)
                self.assertEqual((j["state"], j["attempts"]), ("done", 1), jid)
                self.assertEqual(len(audit_for_job(jid)), 1)
            with open(os.path.join(self.var, "log", "parley.log"), errors="replace") as f:
                log = f.read()
            runners = set()
            for jid in jobs:
                taken = re.findall(r"parley\[(\d+)\] info: job %d: records for user" % jid, log)
                self.assertEqual(len(taken), 1, "job %d taken %d times" % (jid, len(taken)))
                runners.add(taken[0])
            self.assertTrue(os.path.exists(pid2file))
        finally:
            second.send_signal(signal.SIGTERM)
            second.wait(timeout=60)
        self.assertFalse(os.path.exists(pid2file))

    def test_stopped_runner_hands_its_job_back(self):
        pid = runner_pid()
        jid = self.queue_export()
        end = time.time() + 300
        while job(jid)["state"] != "running" and time.time() < end:
            time.sleep(0.02)
        os.kill(pid, signal.SIGTERM)
        while alive(pid):
            time.sleep(0.05)
        j = job(jid)
        self.assertIn(j["state"], ("queued", "done"))
        start_runner()
        wait_pidfile(os.path.join(self.var, "run", "jobs.pid"), not_pid=pid)
        j = wait_job(jid)
        self.assertEqual(j["state"], "done")
        self.assertEqual(len(audit_for_job(jid)), 1)

    def test_runner_stamps_overdue_approval_steps(self):
        rid, steps = make_request()
        self.assertEqual(step_row(steps[0])["escalated_at"], "")
        try:
            set_clock_offset(25 * 3600)
            end = time.time() + 60
            while step_row(steps[0])["escalated_at"] == "" and time.time() < end:
                time.sleep(0.2)
            # Stamped and audited once with nobody opening /approvals.
            self.assertNotEqual(step_row(steps[0])["escalated_at"], "")
            self.assertEqual(db_query("SELECT COUNT(*), IFNULL(MAX(actor_id), 0) FROM audit_log "
                                      "WHERE action = 'approval.escalate' AND entity_id = %d" % rid), [["1", "0"]])
        finally:
            reset_clock()


if __name__ == "__main__":
    main()
