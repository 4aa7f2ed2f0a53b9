/* Export jobs and the job runner (see jobs.h). */
#include "export/jobs.h"

#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "app.h"
#include "audit/audit.h"
#include "crypto/hash.h"
#include "crypto/random.h"
#include "domain/approval.h"
#include "http/form.h"
#include "util/clock.h"
#include "util/log.h"
#include "view/view.h"

#define SWEEP_EVERY 60      /* seconds between runs of the periodic work */

static volatile sig_atomic_t stopping;

/* What a running job needs, loaded from its row. */
struct job {
	long long id, owner_id;
	enum export_kind kind;
	enum export_format fmt;
	char params[1001], lang[8], file_key[33], file_name[256], token[33];
	long long total;
	time_t lease_secs;
	struct app *app;
	int lost;           /* the lease went to another runner */
	int released;       /* handed back because this runner stops */
};

static void hex_token(char out[33])
{
	unsigned char b[16];

	if (rand_bytes(b, sizeof b) < 0)
		memset(b, 0, sizeof b);   /* never happens; a claim then simply fails to find the job */
	hex_encode(b, sizeof b, out);
}

static time_t now_of(const struct app *app)
{
	return clock_now(app->cfg.clock_offset_file);
}

int job_create(struct req *rq, enum export_kind k, enum export_format f, const char *params, long long total,
               int run_now, long long *id, char token[33])
{
	struct dbres *r = NULL;
	char key[33], name[256], at[20], until[20];
	int rc;

	hex_token(key);
	export_file_name(rq, k, f, name, sizeof name);
	clock_fmt_utc(rq->now, at);
	clock_fmt_utc(rq->now + rq->app->cfg.job_lease_seconds, until);
	token[0] = '\0';
	if (run_now)
		hex_token(token);
	rc = DB_EXEC(rq->app->db, ST_JOB_INSERT, &r, DBI(rq->user.id), DBS(export_kind_name(k)),
	             DBS(f == EXPORT_XLSX ? "xlsx" : "csv"), DBS(params), DBS(rq->lang),
	             DBS(run_now ? "running" : "queued"), DBI(total), DBS(key), DBS(name),
	             run_now ? DBS(token) : DBNULL, run_now ? DBS(until) : DBNULL, DBI(run_now ? 1 : 0),
	             run_now ? DBS(at) : DBNULL, DBS(at));
	if (rc != DB_OK)
		return -1;
	*id = (long long)r->insert_id;
	dbres_free(&r);
	return 0;
}

/* ------------------------------------------------------------------ running one job */

static int progress(void *ctx, long long done)
{
	struct job *j = ctx;
	struct dbres *r = NULL;
	char until[20];
	int rc = DB_ERR, attempt;

	if (stopping) {
		j->released = 1;
		return 2;
	}
	clock_fmt_utc(now_of(j->app) + j->lease_secs, until);
	/* Another runner's claim scans the jobs' lease index while this update holds the row: InnoDB may pick
	 * this statement as a deadlock victim. It changes one row by its key, so running it again is safe. */
	for (attempt = 0; attempt < 5; attempt++) {
		rc = DB_EXEC(j->app->db, ST_JOB_PROGRESS, &r, DBI(done), DBI(done > j->total ? done : j->total),
		             DBS(until), DBI(j->id), DBS(j->token));
		if (rc != DB_RETRY)
			break;
	}
	if (rc != DB_OK) {
		log_err("job %lld: progress not recorded (%d)", j->id, rc);
		return -1;
	}
	if (r->affected != 1)
		j->lost = 1;
	dbres_free(&r);
	return j->lost ? 3 : 0;
}

static int file_sha256(const char *path, char hex[65], long long *size)
{
	unsigned char buf[65536], md[32];
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	unsigned int mdlen = 0;
	FILE *f = fopen(path, "rb");
	size_t n;
	int rc = -1;

	*size = 0;
	if (!c || !f || EVP_DigestInit_ex(c, EVP_sha256(), NULL) != 1)
		goto out;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
		if (EVP_DigestUpdate(c, buf, n) != 1)
			goto out;
		*size += (long long)n;
	}
	if (ferror(f) || EVP_DigestFinal_ex(c, md, &mdlen) != 1 || mdlen != 32)
		goto out;
	hex_encode(md, 32, hex);
	rc = 0;
out:
	if (f)
		fclose(f);
	EVP_MD_CTX_free(c);
	return rc;
}

struct done_ctx {
	struct req *rq;
	struct job *j;
	const struct export_result *res;
	const char *rel, *sha;
	long long size;
	int lost;
};

/* The job's row and its one audit entry, in one transaction. */
static int done_tx(struct db *db, void *p)
{
	struct done_ctx *d = p;
	struct dbres *r = NULL;
	char at[20], expires[20], detail[1600], place[64];
	long long days = 7;
	int rc;

	d->lost = 0;
	if (DB_EXEC(db, ST_EXPORT_RETENTION_GET, &r) == DB_OK && r->nrows == 1)
		days = dbres_int(r, 0, 0);
	dbres_free(&r);
	clock_fmt_utc(d->rq->now, at);
	clock_fmt_utc(d->rq->now + days * 86400, expires);
	export_owner_place(d->rq, place, sizeof place);
	rc = DB_EXEC(db, ST_JOB_DONE, &r, DBI(d->res->rows), DBI(d->res->rows), DBS(d->rel), DBI(d->size), DBS(d->sha),
	             DBS(d->res->tiered), DBS(place), DBS(at), DBS(expires), DBI(d->j->id), DBS(d->j->token));
	if (rc != DB_OK)
		return rc;
	if (r->affected != 1) {
		dbres_free(&r);
		d->lost = 1;
		return 1;
	}
	dbres_free(&r);
	snprintf(detail, sizeof detail, "%s %s rows=%lld filters=%s tiered=%s sha256=%s", export_kind_name(d->j->kind),
	         d->j->fmt == EXPORT_XLSX ? "xlsx" : "csv", d->res->rows, d->j->params,
	         d->res->tiered[0] ? d->res->tiered : "-", d->sha);
	return audit_req(d->rq, "export", "job", d->j->id, detail);
}

static void fail_job(struct app *app, const struct job *j, const char *why)
{
	char at[20];

	clock_fmt_utc(now_of(app), at);
	if (DB_EXEC(app->db, ST_JOB_FAIL, NULL, DBS(why), DBS(at), DBI(j->id), DBS(j->token)) != DB_OK)
		log_err("job %lld: cannot mark it failed", j->id);
}

/* Unfinished files of earlier attempts at this job (their runners died or lost the lease). */
static void remove_parts(const char *dir, const char *file_key)
{
	char pattern[1024];
	glob_t g;
	size_t i;

	snprintf(pattern, sizeof pattern, "%s/%s-*.part", dir, file_key);
	if (glob(pattern, GLOB_NOSORT, NULL, &g) != 0)
		return;
	for (i = 0; i < g.gl_pathc; i++)
		unlink(g.gl_pathv[i]);
	globfree(&g);
}

/* Writes the file and finishes the job; rq is the owner's request. 0 done, 1 lost or released, -1 failed. */
static int execute(struct req *rq, struct job *j)
{
	struct export_result res;
	struct done_ctx d;
	char part[1024], final[1024], rel[128], sha[65];
	const char *dir = rq->app->cfg.exports_dir, *ext = j->fmt == EXPORT_XLSX ? "xlsx" : "csv";
	long long size = 0;
	int rc;

	if (!dir) {
		log_err("job %lld: exports_dir is not configured", j->id);
		fail_job(rq->app, j, "config");
		return -1;
	}
	remove_parts(dir, j->file_key);
	/* Named after the lease: a runner that lost its job can never write over its successor's file. */
	snprintf(part, sizeof part, "%s/%s-%.8s.part", dir, j->file_key, j->token);
	snprintf(rel, sizeof rel, "%s-%.8s.%s", j->file_key, j->token, ext);
	snprintf(final, sizeof final, "%s/%s", dir, rel);
	if (export_count(rq, j->kind, &j->total) < 0)
		j->total = 0;
	rc = export_write(rq, j->kind, j->fmt, part, dir, progress, j, &res);
	if (rc != 0) {
		unlink(part);
		if (j->lost || j->released) {
			if (j->released)
				DB_EXEC(rq->app->db, ST_JOB_RELEASE, NULL, DBI(j->id), DBS(j->token));
			log_info("job %lld %s", j->id, j->lost ? "taken over by another runner" : "handed back");
			return 1;
		}
		log_err("job %lld: export failed", j->id);
		fail_job(rq->app, j, "export");
		return -1;
	}
	if (chmod(part, 0640) < 0 || file_sha256(part, sha, &size) < 0 || rename(part, final) < 0) {
		log_err("job %lld: cannot finish %s: %s", j->id, part, strerror(errno));
		unlink(part);
		fail_job(rq->app, j, "file");
		return -1;
	}
	memset(&d, 0, sizeof d);
	d.rq = rq;
	d.j = j;
	d.res = &res;
	d.rel = rel;
	d.sha = sha;
	d.size = size;
	rc = db_tx(rq->app->db, done_tx, &d);
	if (rc != 0) {
		unlink(final);
		if (d.lost) {
			log_info("job %lld taken over by another runner", j->id);
			return 1;
		}
		log_err("job %lld: cannot record the finished file", j->id);
		fail_job(rq->app, j, "db");
		return -1;
	}
	log_info("job %lld done: %lld rows, %lld bytes", j->id, res.rows, size);
	return 0;
}

static int load_job(struct app *app, const char *token, struct job *j)
{
	struct dbres *r = NULL;
	int k;

	memset(j, 0, sizeof *j);
	if (DB_EXEC(app->db, ST_JOB_BY_LEASE, &r, DBS(token)) != DB_OK)
		return -1;
	if (r->nrows != 1) {
		dbres_free(&r);
		return 1;
	}
	j->app = app;
	j->id = dbres_int(r, 0, 0);
	j->owner_id = dbres_int(r, 0, 1);
	k = export_kind_parse(dbres_get(r, 0, 2));
	j->fmt = !strcmp(dbres_str(r, 0, 3), "xlsx") ? EXPORT_XLSX : EXPORT_CSV;
	snprintf(j->params, sizeof j->params, "%s", dbres_str(r, 0, 4));
	snprintf(j->lang, sizeof j->lang, "%s", dbres_str(r, 0, 5));
	snprintf(j->file_key, sizeof j->file_key, "%s", dbres_str(r, 0, 6));
	snprintf(j->file_name, sizeof j->file_name, "%s", dbres_str(r, 0, 7));
	snprintf(j->token, sizeof j->token, "%s", token);
	j->lease_secs = app->cfg.job_lease_seconds;
	dbres_free(&r);
	if (k < 0)
		return -1;
	j->kind = (enum export_kind)k;
	return 0;
}

int job_run_now(struct req *rq, long long id, const char token[33])
{
	struct job j;
	int rc = load_job(rq->app, token, &j);

	if (rc != 0 || j.id != id)
		return -1;
	return execute(rq, &j) == 0 ? 0 : -1;
}

/* ------------------------------------------------------------------ the runner */

/* A request as the job's owner would make it: their role, place and language, the list's filters. */
static int owner_request(struct app *app, const struct job *j, struct req *rq)
{
	struct dbres *r = NULL;
	int rc = -1;

	req_reset(rq);
	rq->app = app;
	rq->now = now_of(app);
	if (DB_EXEC(app->db, ST_USER_GET, &r, DBI(j->owner_id)) != DB_OK)
		return -1;
	if (r->nrows != 1 || dbres_int(r, 0, 9) != 1) {
		rc = 1;    /* gone or deactivated: their exports stop with them */
		goto out;
	}
	rq->user.id = j->owner_id;
	snprintf(rq->user.username, sizeof rq->user.username, "%s", dbres_str(r, 0, 1));
	snprintf(rq->user.display_name, sizeof rq->user.display_name, "%s", dbres_str(r, 0, 2));
	rq->user.role = role_parse(dbres_get(r, 0, 3));
	rq->user.team_id = dbres_int(r, 0, 4);
	rq->user.region_id = dbres_int(r, 0, 5);
	rq->user.manager_id = dbres_int(r, 0, 6);
	snprintf(rq->user.lang, sizeof rq->user.lang, "%s", dbres_str(r, 0, 7));
	snprintf(rq->user.tz, sizeof rq->user.tz, "%s", dbres_str(r, 0, 8));
	if (!role_has_cap(rq->user.role, CAP_SALES)) {
		rc = 1;
		goto out;
	}
	rq->logged_in = 1;
	snprintf(rq->lang, sizeof rq->lang, "%s", j->lang[0] ? j->lang : "zh-CN");
	snprintf(rq->remote_addr, sizeof rq->remote_addr, "jobs");
	snprintf(rq->method, sizeof rq->method, "GET");
	if (parse_urlencoded(j->params, strlen(j->params), NULL, &rq->query) != PARSE_OK)
		goto out;
	rc = 0;
out:
	dbres_free(&r);
	return rc;
}

/* Claims the oldest job free to take. 0 claimed (*j filled), 1 nothing to do, -1 error. */
static int claim(struct app *app, struct job *j)
{
	struct dbres *r = NULL;
	char token[33], at[20], until[20];
	time_t now = now_of(app);
	int rc;

	hex_token(token);
	clock_fmt_utc(now, at);
	clock_fmt_utc(now + app->cfg.job_lease_seconds, until);
	DB_EXEC(app->db, ST_JOB_GIVE_UP, NULL, DBS(at), DBS(at), DBI(JOB_MAX_ATTEMPTS));
	rc = DB_EXEC(app->db, ST_JOB_CLAIM, &r, DBS(token), DBS(until), DBS(at), DBS(at), DBI(JOB_MAX_ATTEMPTS));
	if (rc != DB_OK)
		return -1;
	rc = r->affected == 1 ? 0 : 1;
	dbres_free(&r);
	if (rc)
		return rc;
	return load_job(app, token, j) == 0 ? 0 : -1;
}

/* Deletes the files of exports past their retention period. */
static void sweep_expired(struct app *app)
{
	struct dbres *r = NULL;
	char at[20], path[1024];
	size_t i;

	clock_fmt_utc(now_of(app), at);
	if (!app->cfg.exports_dir || DB_EXEC(app->db, ST_JOB_EXPIRED, &r, DBS(at)) != DB_OK)
		return;
	for (i = 0; i < r->nrows; i++) {
		const char *rel = dbres_get(r, i, 1);
		if (rel && *rel && !strchr(rel, '/')) {
			snprintf(path, sizeof path, "%s/%s", app->cfg.exports_dir, rel);
			if (unlink(path) < 0 && errno != ENOENT) {
				log_err("export file %s: %s", path, strerror(errno));
				continue;
			}
		}
		DB_EXEC(app->db, ST_JOB_MARK_EXPIRED, NULL, DBI(dbres_int(r, i, 0)));
	}
	if (r->nrows)
		log_info("deleted %zu expired export files", r->nrows);
	dbres_free(&r);
}

struct esc {
	struct req *rq;
	long long step_id, request_id, level;
};

static int escalate_fn(struct db *db, void *p)
{
	struct esc *e = p;
	struct dbres *r = NULL;
	char at[20], detail[64];
	int stamped;

	clock_fmt_utc(e->rq->now, at);
	if (DB_EXEC(db, ST_APPR_ESCALATE, &r, DBS(at), DBI(e->step_id)) != DB_OK)
		return DB_ERR;
	stamped = r->affected == 1;
	dbres_free(&r);
	if (!stamped)
		return 0;   /* a page or another runner stamped it first */
	snprintf(detail, sizeof detail, "step %lld level %lld overdue", e->step_id, e->level);
	return audit_req(e->rq, "approval.escalate", "concession", e->request_id, detail);
}

/* Approval steps past the 24-hour limit are stamped (and audited once) without waiting for the
 * approver's manager to open /approvals. */
static void escalate_overdue(struct app *app)
{
	struct req rq;
	struct dbres *r = NULL;
	char cutoff[20];
	size_t i;

	memset(&rq, 0, sizeof rq);
	rq.app = app;
	rq.now = now_of(app);
	snprintf(rq.remote_addr, sizeof rq.remote_addr, "jobs");
	clock_fmt_utc(rq.now - APPROVAL_OVERDUE_SECONDS, cutoff);
	if (DB_EXEC(app->db, ST_JOB_OVERDUE_STEPS, &r, DBS(cutoff)) != DB_OK)
		return;
	for (i = 0; i < r->nrows; i++) {
		struct esc e = { &rq, dbres_int(r, i, 0), dbres_int(r, i, 1), dbres_int(r, i, 2) };
		if (db_tx(app->db, escalate_fn, &e) != 0)
			log_err("approval step %lld: cannot stamp it overdue", e.step_id);
	}
	dbres_free(&r);
	req_reset(&rq);
}

static void on_term(int sig)
{
	(void)sig;
	stopping = 1;
}

static int write_pid(const char *path)
{
	FILE *f;

	if (!path)
		return 0;
	f = fopen(path, "w");
	if (!f) {
		log_err("pid file %s: %s", path, strerror(errno));
		return -1;
	}
	fprintf(f, "%ld\n", (long)getpid());
	fclose(f);
	return 0;
}

int jobs_main(struct app *app)
{
	struct sigaction sa;
	struct req rq;
	struct job j;
	time_t last_sweep = 0;
	int rc;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_term;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	umask(027);
	if (!app->cfg.exports_dir) {
		log_err("exports_dir is not configured");
		return 1;
	}
	if (write_pid(app->cfg.jobs_pid_file) < 0)
		return 1;
	memset(&rq, 0, sizeof rq);
	rq.app = app;
	log_info("job runner started");
	while (!stopping) {
		time_t now = now_of(app);
		app_refresh_keys(app);
		if (now - last_sweep >= SWEEP_EVERY || now < last_sweep) {
			sweep_expired(app);
			escalate_overdue(app);
			last_sweep = now;
		}
		rc = claim(app, &j);
		if (rc == 0) {
			int orc;
			/* Each job reads through a connection of its own: nothing of the idle polling before it
			 * (session state, a read view) carries into the export. */
			db_disconnect(app->db);
			orc = owner_request(app, &j, &rq);
			if (orc == 0) {
				log_info("job %lld: %s for user %lld", j.id, export_kind_name(j.kind), j.owner_id);
				execute(&rq, &j);
			} else {
				fail_job(app, &j, orc > 0 ? "owner" : "load");
			}
			req_reset(&rq);
			continue;
		}
		if (rc < 0)
			db_disconnect(app->db);
		sleep(1);
	}
	req_reset(&rq);
	if (app->cfg.jobs_pid_file)
		unlink(app->cfg.jobs_pid_file);
	log_info("job runner stopped");
	return 0;
}
