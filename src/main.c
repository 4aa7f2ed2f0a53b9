/* parley — the FastCGI program and its command line.
 *   parley -c CONF serve                      prefork master + workers on the FastCGI socket
 *   parley -c CONF seed-demo                  demo organisation and users (idempotent)
 *   parley -c CONF admin create-user …        first admin on a real deployment (password on stdin)
 *   parley -c CONF audit verify               checks the audit chain; exit 1 when broken
 *   parley -c CONF audit seal                 links the entries written so far into the chain
 *   parley -c CONF keys rotate|resume|status  field-key rotation (src/domain/keys.h)
 *   parley -c CONF seed --customers N         scale generator for tests and benchmarks
 *   parley -c CONF kpi verify                 recomputes the kept KPI sums; exit 1 when they differ
 *   parley -c CONF jobs                       the job runner: exports in the background, periodic work
 * The master only forks and reaps; each worker owns its database connection and serves
 * requests one at a time, resetting all request state between them; one more child, the
 * sealer, links new audit entries into the chain every second. */
#include <errno.h>
#include <fcgiapp.h>
#include <mysql.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <ClearSilver.h>

#include "app.h"
#include "audit/audit.h"
#include "domain/kpi.h"
#include "domain/demo.h"
#include "domain/keys.h"
#include "domain/seed.h"
#include "domain/users.h"
#include "export/jobs.h"
#include "http/router.h"
#include "pages/approval_common.h"
#include "util/clock.h"
#include "util/log.h"

#define MAX_WORKERS 256
#define PURGE_EVERY 1000

static volatile sig_atomic_t stopping;

static void on_worker_term(int sig)
{
	(void)sig;
	stopping = 1;
	FCGX_ShutdownPending();
}

static void on_master_term(int sig)
{
	(void)sig;
	stopping = 1;
}

static const char *fcgi_param(void *ctx, const char *name)
{
	return FCGX_GetParam(name, ((FCGX_Request *)ctx)->envp);
}

/* Reads exactly len bytes of body; -1 when the client sent less. */
static int read_body(FCGX_Request *fr, struct buf *body, size_t len)
{
	char chunk[8192];

	buf_reset(body);
	while (body->len < len) {
		size_t want = len - body->len < sizeof chunk ? len - body->len : sizeof chunk;
		int got = FCGX_GetStr(chunk, (int)want, fr->in);
		if (got <= 0)
			return -1;
		if (buf_append(body, chunk, (size_t)got) < 0)
			return -1;
	}
	return 0;
}

static void handle(struct app *app, FCGX_Request *fr, struct req *rq, struct resp *rs, struct buf *body,
                   struct buf *head)
{
	const char *cl = FCGX_GetParam("CONTENT_LENGTH", fr->envp);
	size_t len = 0, huge;
	int status = 0;

	rq->app = app;
	app_refresh_keys(app);
	if (cl && *cl) {
		if (parse_content_length(cl, HTTP_MAX_BODY, &len) < 0)
			status = parse_content_length(cl, (size_t)-1 / 2, &huge) == 0 ? 413 : 400;
	}
	if (!status && read_body(fr, body, len) < 0)
		status = 400;
	if (!status)
		status = req_parse(rq, fcgi_param, fr, body->data ? body->data : "", len);
	if (status)
		resp_error(rs, rq, status);
	else
		dispatch_all(rq, rs);

	buf_reset(head);
	if (resp_head(rs, head) < 0) {
		log_err("out of memory building headers");
		return;
	}
	FCGX_PutStr(head->data, (int)head->len, fr->out);
	if (strcmp(rq->method, "HEAD") && rs->body.len)
		FCGX_PutStr(rs->body.data, (int)rs->body.len, fr->out);
}

/* Housekeeping only: sessions are checked on every request against the (test-shiftable) clock;
 * purging uses the real time so that a test moving the clock ahead cannot delete live sessions
 * of other tests when a worker happens to purge at that moment. */
static void purge_expired(struct app *app)
{
	char a[20], b[20];
	time_t now = time(NULL);

	clock_fmt_utc(now - 30 * 60, a);
	clock_fmt_utc(now - 12 * 60 * 60, b);
	DB_EXEC(app->db, ST_SESSION_PURGE, NULL, DBS(a), DBS(b));
	clock_fmt_utc(now - 24 * 60 * 60, a);
	clock_fmt_utc(now, b);
	DB_EXEC(app->db, ST_THROTTLE_PURGE, NULL, DBS(a), DBS(b));
}

/* Repeated reads of confidential values are counted in memory and added to their audit entries
 * between requests once the oldest is AUDIT_READS_FLUSH_MS old: a busy worker adds a second's
 * repeats in one statement per row and field instead of one per view. A worker waiting for a
 * connection is woken by a timer when its repeats fall due (its siblings may take every connection
 * for a long time, and no count may wait with it). */
static void flush_reads(struct app *app)
{
	if (audit_reads_pending(app) && audit_reads_flush(app) != DB_OK)
		log_warn("audit: counting repeated reads failed; retried later");
}

static void on_worker_alarm(int sig)
{
	(void)sig;   /* only interrupts accept() */
}

/* One-shot SIGALRM in ms milliseconds (0: none). */
static void arm_flush_timer(long ms)
{
	struct itimerval t;

	memset(&t, 0, sizeof t);
	t.it_value.tv_sec = ms / 1000;
	t.it_value.tv_usec = (ms % 1000) * 1000;
	setitimer(ITIMER_REAL, &t, NULL);
}

/* The next request: 0 accepted, -1 stop. Due repeats are flushed first; pending ones arm the timer
 * that interrupts the wait for a connection when they fall due. */
static int next_request(struct app *app, FCGX_Request *fr)
{
	for (;;) {
		long due = audit_reads_due_ms(app);
		int rc;

		if (due == 0) {
			flush_reads(app);
			due = audit_reads_due_ms(app);
			if (due == 0)
				due = AUDIT_READS_FLUSH_MS;   /* the flush failed: try again in a while */
		}
		if (stopping)
			return -1;
		arm_flush_timer(due > 0 ? due : 0);
		rc = FCGX_Accept_r(fr);
		arm_flush_timer(0);
		if (rc >= 0)
			return 0;
		if (stopping || rc != -EINTR)
			return -1;
	}
}

static int worker(struct app *app, int sock)
{
	FCGX_Request fr;
	struct req rq;
	struct resp rs;
	struct buf body = { 0 }, head = { 0 };
	struct sigaction sa;
	unsigned long served = 0;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_worker_term;   /* no SA_RESTART: a blocked accept must return */
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = on_worker_alarm;   /* no SA_RESTART either */
	sigaction(SIGALRM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	memset(&rq, 0, sizeof rq);
	memset(&rs, 0, sizeof rs);
	rq.app = app;
	resp_reset(&rs);
	/* A signal ends the wait for a connection: the flush timer, or SIGTERM. */
	if (FCGX_InitRequest(&fr, sock, FCGI_FAIL_ACCEPT_ON_INTR) != 0)
		return 1;
	while (!stopping && next_request(app, &fr) == 0) {
		handle(app, &fr, &rq, &rs, &body, &head);
		FCGX_Finish_r(&fr);
		req_reset(&rq);
		resp_reset(&rs);
		buf_reset(&body);
		if (++served % PURGE_EVERY == 0)
			purge_expired(app);
	}
	audit_reads_flush(app);
	FCGX_Free(&fr, 1);
	req_reset(&rq);
	resp_free(&rs);
	buf_free(&body);
	buf_free(&head);
	return 0;
}

static pid_t spawn(struct app *app, int sock)
{
	pid_t pid = fork();

	if (pid == 0) {
		int rc;
		/* The parent's connection (if any) must not be shared across processes. */
		db_disconnect(app->db);
		rc = worker(app, sock);
		app_close(app);
		mysql_library_end();
		_exit(rc);
	}
	return pid;
}

/* The sealer: links unsealed audit entries into the chain about once a second. Killed at any
 * point, it leaves the chain as the last committed pass left it; the master starts a new one. */
static int sealer(struct app *app)
{
	struct sigaction sa;
	struct timespec pause = { 1, 0 };

	prctl(PR_SET_NAME, "parley-sealer");
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_master_term;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	while (!stopping) {
		if (audit_seal(app->db, app->audit_key, clock_now(app->cfg.clock_offset_file), NULL, NULL) < 0)
			log_warn("audit: sealing failed; retrying");
		nanosleep(&pause, NULL);
	}
	return 0;
}

static pid_t spawn_sealer(struct app *app)
{
	pid_t pid = fork();

	if (pid == 0) {
		int rc;
		db_disconnect(app->db);
		rc = sealer(app);
		app_close(app);
		mysql_library_end();
		_exit(rc);
	}
	return pid;
}

static int write_pid_file(const char *path)
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

static int serve(struct app *app)
{
	pid_t kids[MAX_WORKERS], seal_pid;
	int n = app->cfg.workers > 0 ? app->cfg.workers : 1, i, sock, alive;
	struct sigaction sa;

	if (!app->cfg.fcgi_socket) {
		log_err("fcgi_socket is not configured");
		return 1;
	}
	if (n > MAX_WORKERS)
		n = MAX_WORKERS;
	unlink(app->cfg.fcgi_socket);
	sock = FCGX_OpenSocket(app->cfg.fcgi_socket, 128);
	if (sock < 0) {
		log_err("cannot listen on %s", app->cfg.fcgi_socket);
		return 1;
	}
	/* nginx runs as another user; the socket's directory is what protects it. */
	chmod(app->cfg.fcgi_socket, 0666);
	if (write_pid_file(app->cfg.pid_file) < 0)
		return 1;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_master_term;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	for (i = 0; i < n; i++)
		kids[i] = spawn(app, sock);
	seal_pid = spawn_sealer(app);
	log_info("serving on %s with %d workers", app->cfg.fcgi_socket, n);
	while (!stopping) {
		int status;
		pid_t dead = waitpid(-1, &status, 0);
		if (dead < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (dead == seal_pid) {
			log_warn("audit sealer %ld exited (status %d); restarting", (long)dead, status);
			seal_pid = stopping ? 0 : spawn_sealer(app);
			if (!stopping)
				sleep(1);
		}
		for (i = 0; i < n; i++) {
			if (kids[i] == dead) {
				log_warn("worker %ld exited (status %d); restarting", (long)dead, status);
				kids[i] = stopping ? 0 : spawn(app, sock);
				if (!stopping)
					sleep(1);   /* no tight crash loop */
			}
		}
	}
	for (i = 0; i < n; i++)
		if (kids[i] > 0)
			kill(kids[i], SIGTERM);
	if (seal_pid > 0) {
		kill(seal_pid, SIGTERM);
		waitpid(seal_pid, NULL, 0);
	}
	do {
		alive = 0;
		for (i = 0; i < n; i++) {
			if (kids[i] > 0) {
				if (waitpid(kids[i], NULL, 0) == kids[i] || errno == ECHILD)
					kids[i] = 0;
				else
					alive = 1;
			}
		}
	} while (alive);
	close(sock);
	unlink(app->cfg.fcgi_socket);
	if (app->cfg.pid_file)
		unlink(app->cfg.pid_file);
	log_info("stopped");
	return 0;
}

static int usage(void)
{
	fprintf(stderr,
	        "usage: parley -c CONF serve\n"
	        "       parley -c CONF seed-demo\n"
	        "       parley -c CONF admin create-user --username U --role ROLE --display-name NAME\n"
	        "              [--team-id N] [--region-id N] [--manager-id N]   (password on stdin)\n"
	        "       parley -c CONF audit verify|seal\n"
	        "       parley -c CONF keys rotate|resume|status\n"
	        "       parley -c CONF seed --customers N\n"
	        "       parley -c CONF kpi verify\n"
	        "       parley -c CONF jobs\n");
	return 2;
}

int main(int argc, char **argv)
{
	const char *conf = getenv("PARLEY_CONF");
	struct app app;
	int i = 1, rc;
	NEOERR *err;

	if (argc > 2 && !strcmp(argv[1], "-c")) {
		conf = argv[2];
		i = 3;
	}
	if (!conf || i >= argc)
		return usage();
	err = nerr_init();
	if (err != STATUS_OK) {
		nerr_ignore(&err);
		return 1;
	}
	if (mysql_library_init(0, NULL, NULL)) {
		fprintf(stderr, "cannot initialise the MariaDB client library\n");
		return 1;
	}
	if (app_open(conf, &app) < 0) {
		mysql_library_end();
		return 1;
	}
	app.layout_figures = layout_figures;
	if (!strcmp(argv[i], "serve") && i + 1 == argc) {
		FCGX_Init();
		rc = serve(&app);
	} else if (!strcmp(argv[i], "seed-demo") && i + 1 == argc) {
		rc = demo_seed(&app) == 0 ? 0 : 1;
	} else if (!strcmp(argv[i], "admin") && i + 1 < argc && !strcmp(argv[i + 1], "create-user")) {
		rc = cli_create_user(&app, argc - i - 2, argv + i + 2);
	} else if (!strcmp(argv[i], "audit") && i + 1 < argc && !strcmp(argv[i + 1], "verify") && i + 2 == argc) {
		rc = audit_verify(app.db, app.audit_key, stdout);
		rc = rc == 0 ? 0 : rc == 1 ? 1 : 2;
		/* the result is recorded for the administrator's home page (its last verification) */
		if (rc < 2) {
			struct audit_event ev = { 0, "audit.verify", "audit_log", 0, "", rc == 0 ? "intact" : "broken" };
			if (audit_append(app.db, app.audit_key, clock_now(app.cfg.clock_offset_file), &ev) != DB_OK) {
				fprintf(stderr, "could not record the verification's result\n");
				rc = 2;
			}
		}
	} else if (!strcmp(argv[i], "audit") && i + 1 < argc && !strcmp(argv[i + 1], "seal") && i + 2 == argc) {
		long long bad = 0, n = audit_seal(app.db, app.audit_key, clock_now(app.cfg.clock_offset_file), &bad, stdout);
		if (n >= 0)
			printf("sealed %lld audit entries\n", n);
		rc = n < 0 ? 2 : bad ? 1 : 0;
	} else if (!strcmp(argv[i], "keys") && i + 1 < argc) {
		rc = keys_cli(&app, argc - i - 1, argv + i + 1);
	} else if (!strcmp(argv[i], "jobs") && i + 1 == argc) {
		rc = jobs_main(&app);
	} else if (!strcmp(argv[i], "seed") && i + 1 < argc) {
		rc = seed_cli(&app, argc - i - 1, argv + i + 1);
	} else if (!strcmp(argv[i], "kpi") && i + 2 == argc && !strcmp(argv[i + 1], "verify")) {
		rc = kpi_verify(app.db, stdout);
		rc = rc == 0 ? 0 : rc == 1 ? 1 : 2;
		if (rc == 0)
			printf("kpi: kept sums equal the recomputed ones\n");
	} else {
		rc = usage();
	}
	app_close(&app);
	mysql_library_end();
	return rc;
}
