"""Shared helpers for the export tests: asking for an export, reading files back with real consumers
(Python's csv module, and ssconvert from gnumeric for XLSX), and what the database says."""
import csv
import glob
import hashlib
import io
import os
import subprocess
import tempfile
import time

from parleytest import db_query, db_value, env

BOM = b"\xef\xbb\xbf"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def export(client, kind, fmt, **filters):
    """POST /exports from the list page's control; returns the response (200 with the file, or 303)."""
    client.fetch_csrf("/exports")
    fields = {"list": kind, "format": fmt}
    fields.update({k: str(v) for k, v in filters.items()})
    return client.post("/exports", fields)


def read_csv(data):
    """Rows of a CSV file as lists of strings, after checking the byte-order mark."""
    assert data.startswith(BOM), "CSV without a UTF-8 byte-order mark: %r" % data[:20]
    return list(csv.reader(io.StringIO(data[len(BOM):].decode("utf-8"), newline="")))


def read_xlsx(data):
    """Every sheet of an XLSX file as opened by gnumeric's ssconvert: a list of row lists per sheet."""
    with tempfile.TemporaryDirectory() as d:
        src = os.path.join(d, "in.xlsx")
        with open(src, "wb") as f:
            f.write(data)
        p = subprocess.run(["ssconvert", "-S", "--export-type=Gnumeric_stf:stf_csv", src,
                            os.path.join(d, "out.%n.csv")], capture_output=True, text=True, timeout=300)
        if p.returncode != 0:
            raise AssertionError("ssconvert could not open the XLSX (%d): %s" % (p.returncode, p.stderr))
        sheets = []
        for n in range(len(glob.glob(os.path.join(d, "out.*.csv")))):
            with open(os.path.join(d, "out.%d.csv" % n), newline="", encoding="utf-8") as f:
                sheets.append(list(csv.reader(f)))
        return sheets


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def last_job(username):
    rows = db_query("SELECT j.id, j.state, j.rows_total, j.rows_done, IFNULL(j.file_path,''), IFNULL(j.file_sha256,'') "
                    "FROM jobs j JOIN users u ON u.id = j.owner_id WHERE u.username='%s' ORDER BY j.id DESC LIMIT 1"
                    % username)
    if not rows:
        return None
    r = rows[0]
    return {"id": int(r[0]), "state": r[1], "total": int(r[2]), "done": int(r[3]), "path": r[4], "sha": r[5]}


def job(job_id):
    r = db_query("SELECT state, rows_total, rows_done, IFNULL(file_path,''), IFNULL(file_sha256,''), attempts, "
                 "IFNULL(lease_token,'') FROM jobs WHERE id=%d" % job_id)[0]
    return {"state": r[0], "total": int(r[1]), "done": int(r[2]), "path": r[3], "sha": r[4], "attempts": int(r[5]),
            "token": r[6]}


def wait_job(job_id, states=("done", "failed"), timeout=300):
    end = time.time() + timeout
    while time.time() < end:
        j = job(job_id)
        if j["state"] in states:
            return j
        time.sleep(0.5)
    raise AssertionError("job %d still %r after %ds" % (job_id, job(job_id), timeout))


def exports_dir():
    return os.path.join(env("PARLEY_VAR"), "exports")


def audit_for_job(job_id):
    return db_query("SELECT a.action, a.detail, u.username FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id "
                    "WHERE a.entity='job' AND a.entity_id=%d ORDER BY a.id" % job_id)


def visible_customer_sql(username):
    """VIS_SQL's rule for a demo user, in SQL on alias c (the tests hold the export to it)."""
    role, uid, team, region = db_query("SELECT role, id, IFNULL(team_id,0), IFNULL(region_id,0) FROM users "
                                       "WHERE username='%s'" % username)[0]
    if role in ("vp", "executive"):
        return "1=1"
    member = "EXISTS (SELECT 1 FROM deal_team d WHERE d.customer_id=c.id AND d.user_id=%s)" % uid
    if role == "director":
        return "(c.owner_id=%s OR c.region_id=%s OR %s)" % (uid, region, member)
    if role == "manager":
        return "(c.owner_id=%s OR c.team_id=%s OR %s)" % (uid, team, member)
    return "(c.owner_id=%s OR (c.team_id=%s AND c.shared_with_team=1) OR %s)" % (uid, team, member)


def db_scalar(sql):
    return db_value(sql)
