/* GET / — any signed-in user: the start page by role. POST /account/lang — the user's own UI language.
 *   rep       my follow-ups due and overdue, my open and overdue next actions, records to complete within
 *             the 24-hour window and late ones, my concession requests and their latest decision,
 *             internal requests waiting for my answer and mine waiting for others
 *   manager   the same, plus per report overdue actions, overdue follow-ups and late records, approvals
 *             waiting for me with their age, what is escalated to me, last week's open decisions (minutes);
 *             director: the same over the region, without the minutes
 *   vp        mine, approvals, what is overdue below me; executive: links to the review pages
 *   admin     organisation health: users without a team or manager, inactive approvers holding steps
 *             with nobody standing in, the audit chain's last verification
 * Every figure is counted with the predicate of the list it links to (VIS_SQL included) and capped at
 * "99+", so its cost does not grow with history. The figures are kept per user (home_figures) and used
 * while younger than HOME_TTL seconds and nothing has been audited since: every change is audited. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "audit/audit.h"
#include "auth/visibility.h"
#include "domain/tasks.h"
#include "http/router.h"
#include "pages/approval_common.h"
#include "pages/customer_common.h"
#include "pages/pages.h"
#include "pages/requests.h"
#include "pages/tasklist.h"
#include "util/buf.h"
#include "util/clock.h"
#include "view/view.h"

#define HOME_TTL 60
#define HOME_CAP 100

struct home {
	struct req *rq;
	struct buf body;   /* the cache lines written so far */
	int err;
};

/* Sets Home.<name> on the page and keeps it for the cache. */
static void fig(struct home *h, const char *value, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void fig(struct home *h, const char *value, const char *fmt, ...)
{
	char name[128];
	const char *p;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(name, sizeof name, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof name) {
		h->err = 1;
		return;
	}
	if (!value)
		value = "";
	if (view_set(h->rq, name, value) < 0)
		h->err = 1;
	if (buf_puts(&h->body, name) < 0 || buf_append(&h->body, "\t", 1) < 0)
		h->err = 1;
	for (p = value; *p; p++) {
		const char *esc = *p == '\\' ? "\\\\" : *p == '\n' ? "\\n" : *p == '\t' ? "\\t" : *p == '\r' ? "\\r" : NULL;
		if (esc ? buf_puts(&h->body, esc) < 0 : buf_append(&h->body, p, 1) < 0)
			h->err = 1;
	}
	if (buf_append(&h->body, "\n", 1) < 0)
		h->err = 1;
}

static void fig_int(struct home *h, long long v, const char *name)
{
	char s[24];

	snprintf(s, sizeof s, "%lld", v);
	fig(h, s, "%s", name);
}

/* A capped count: "99+" from HOME_CAP rows on. */
static void fig_count(struct home *h, long long n, const char *name)
{
	if (n < 0) {
		h->err = 1;
		return;
	}
	if (n >= HOME_CAP)
		fig(h, "99+", "%s", name);
	else
		fig_int(h, n, name);
}

static long long count1(struct home *h, struct dbres *r, int rc)
{
	long long n = -1;

	if (rc == DB_OK && r && r->nrows == 1)
		n = dbres_int(r, 0, 0);
	else
		h->err = 1;
	dbres_free(&r);
	return n;
}

static void now_minus(struct req *rq, long secs, char out[20])
{
	clock_fmt_utc(rq->now - secs, out);
}

/* Follow-ups, next actions, records and concession requests of one owner under prefix. */
static void owner_tasks(struct home *h, long long owner, const char *scope, const char *prefix)
{
	struct req *rq = h->rq;
	struct task_query q;
	struct vis_scope s;
	struct dbres *r = NULL;
	char today[11], yesterday[11], cutoff[20], name[96], link[256];
	int rc;

	user_today(rq, today);
	task_overdue_cutoff(today, 2, yesterday);   /* the day before today */
	vis_scope_for(&rq->user, &s);

	rc = DB_EXEC(rq->app->db, ST_HOME_FOLLOW_DUE, &r, VIS_PARAMS(&s), DBI(owner), DBS(today));
	snprintf(name, sizeof name, "%s.follow_due", prefix);
	fig_count(h, count1(h, r, rc), name);
	r = NULL;
	rc = DB_EXEC(rq->app->db, ST_HOME_FOLLOW_DUE, &r, VIS_PARAMS(&s), DBI(owner), DBS(yesterday));
	snprintf(name, sizeof name, "%s.follow_overdue", prefix);
	fig_count(h, count1(h, r, rc), name);
	r = NULL;

	memset(&q, 0, sizeof q);
	snprintf(q.today, sizeof q.today, "%s", today);
	q.owner = owner;
	q.state = TS_OPEN;
	snprintf(name, sizeof name, "%s.act_open", prefix);
	fig_count(h, task_query_count(rq, &q), name);
	task_query_link(&q, scope, link, sizeof link);
	fig(h, link, "%s.act_open_link", prefix);
	q.state = TS_OVERDUE;
	snprintf(name, sizeof name, "%s.act_overdue", prefix);
	fig_count(h, task_query_count(rq, &q), name);
	task_query_link(&q, scope, link, sizeof link);
	fig(h, link, "%s.act_overdue_link", prefix);

	now_minus(rq, 24 * 3600, cutoff);
	rc = DB_EXEC(rq->app->db, ST_HOME_RECORDS_LATE_COUNT, &r, VIS_PARAMS(&s), DBI(owner), DBS(cutoff));
	snprintf(name, sizeof name, "%s.late", prefix);
	fig_count(h, count1(h, r, rc), name);
}

/* My own lists: records to complete with their deadline, late records, my concession requests. */
static void my_lists(struct home *h)
{
	struct req *rq = h->rq;
	struct vis_scope s;
	struct dbres *r = NULL;
	char cutoff[20], deadline[20];
	time_t ended;
	size_t i;

	vis_scope_for(&rq->user, &s);
	now_minus(rq, 24 * 3600, cutoff);
	if (DB_EXEC(rq->app->db, ST_HOME_RECORDS_OPEN, &r, VIS_PARAMS(&s), DBI(rq->user.id), DBS(cutoff)) != DB_OK) {
		h->err = 1;
		return;
	}
	fig_count(h, (long long)r->nrows, "Home.mine.to_complete");
	for (i = 0; i < r->nrows; i++) {
		fig(h, dbres_get(r, i, 0), "Home.rec_open.%zu.id", i);
		fig(h, dbres_str(r, i, 1), "Home.rec_open.%zu.customer", i);
		if (clock_parse_utc(dbres_str(r, i, 2), &ended) == 0) {
			clock_fmt_utc(ended + 24 * 3600, deadline);
			fig(h, deadline, "Home.rec_open.%zu.deadline", i);
		}
	}
	dbres_free(&r);
	if (DB_EXEC(rq->app->db, ST_HOME_RECORDS_LATE, &r, VIS_PARAMS(&s), DBI(rq->user.id), DBS(cutoff)) != DB_OK) {
		h->err = 1;
		return;
	}
	for (i = 0; i < r->nrows; i++) {
		fig(h, dbres_get(r, i, 0), "Home.rec_late.%zu.id", i);
		fig(h, dbres_str(r, i, 1), "Home.rec_late.%zu.customer", i);
		fig(h, dbres_str(r, i, 2), "Home.rec_late.%zu.ended", i);
	}
	dbres_free(&r);

	if (DB_EXEC(rq->app->db, ST_HOME_MY_REQUESTS, &r, VIS_PARAMS(&s), DBI(rq->user.id)) != DB_OK) {
		h->err = 1;
		return;
	}
	for (i = 0; i < r->nrows; i++) {
		fig(h, dbres_get(r, i, 0), "Home.requests.%zu.id", i);
		fig(h, dbres_str(r, i, 1), "Home.requests.%zu.customer", i);
		fig(h, dbres_str(r, i, 2), "Home.requests.%zu.state", i);
		fig(h, dbres_str(r, i, 3), "Home.requests.%zu.when", i);
		fig(h, dbres_str(r, i, 4), "Home.requests.%zu.comment", i);
	}
	dbres_free(&r);
}

/* Per report of a manager (their reps) or a director (managers and their reps). */
static void team_table(struct home *h)
{
	struct req *rq = h->rq;
	struct dbres *u = NULL;
	const char *scope = rq->user.role == ROLE_DIRECTOR ? "region" : "team";
	char prefix[48];
	size_t i;

	if (DB_EXEC(rq->app->db, ST_HOME_REPORTS, &u, DBI(rq->user.id), DBI(rq->user.id)) != DB_OK) {
		h->err = 1;
		return;
	}
	for (i = 0; i < u->nrows; i++) {
		snprintf(prefix, sizeof prefix, "Home.team.%zu", i);
		fig(h, dbres_get(u, i, 0), "%s.id", prefix);
		fig(h, dbres_str(u, i, 1), "%s.name", prefix);
		owner_tasks(h, dbres_int(u, i, 0), scope, prefix);
	}
	dbres_free(&u);
}

/* Approvals waiting for me (with the oldest one's time) and what is escalated to me. */
static void approvals_and_escalations(struct home *h)
{
	struct req *rq = h->rq;
	struct task_query q;
	struct vis_scope s;
	struct dbres *r = NULL;
	char cutoff[20], link[256];
	int rc;

	fig_count(h, approvals_pending_count(rq), "Home.appr.waiting");
	if (DB_EXEC(rq->app->db, ST_HOME_APPR_OLDEST, &r, DBI(rq->user.id)) == DB_OK && r->nrows == 1)
		fig(h, dbres_str(r, 0, 0), "Home.appr.oldest");
	else
		h->err = 1;
	dbres_free(&r);
	vis_scope_for(&rq->user, &s);
	now_minus(rq, 24 * 3600, cutoff);
	rc = DB_EXEC(rq->app->db, ST_HOME_APPR_OVERDUE, &r, VIS_PARAMS(&s), DBI(rq->user.id), DBS(cutoff));
	fig_count(h, count1(h, r, rc), "Home.appr.overdue_below");
	if (task_scope_ok(rq->user.role, "escalated")) {
		memset(&q, 0, sizeof q);
		user_today(rq, q.today);
		task_query_scope(rq, &q, "escalated");
		fig_count(h, task_query_count(rq, &q), "Home.esc.actions");
		task_query_link(&q, "escalated", link, sizeof link);
		fig(h, link, "Home.esc.actions_link");
	}
}

/* Internal requests waiting for my answer, mine waiting for others, and (for those people report to)
 * overdue at my people. */
static void request_boxes(struct home *h)
{
	fig_count(h, ireq_box_count(h->rq, "waiting"), "Home.ireq.waiting");
	fig_count(h, ireq_box_count(h->rq, "mine"), "Home.ireq.mine");
	if (h->rq->user.role != ROLE_REP)
		fig_count(h, ireq_box_count(h->rq, "overdue"), "Home.ireq.overdue");
}

/* A manager's team: the decisions still open from the minutes of the last seven days. */
static void open_decisions(struct home *h)
{
	struct req *rq = h->rq;
	struct vis_scope s;
	struct dbres *r = NULL;
	char today[11], from[11];
	size_t i;

	if (!rq->user.team_id)
		return;
	user_today(rq, today);
	task_overdue_cutoff(today, 8, from);   /* seven days before today */
	vis_scope_for(&rq->user, &s);
	if (DB_EXEC(rq->app->db, ST_HOME_MIN_OPEN, &r, VIS_PARAMS(&s), DBI(rq->user.team_id), DBS(from), DBS(today)) != DB_OK) {
		h->err = 1;
		return;
	}
	fig_count(h, (long long)r->nrows, "Home.min.open_n");
	for (i = 0; i < r->nrows; i++) {
		fig(h, dbres_get(r, i, 0), "Home.min.open.%zu.id", i);
		fig(h, dbres_str(r, i, 1), "Home.min.open.%zu.held_on", i);
		fig(h, dbres_str(r, i, 2), "Home.min.open.%zu.customer", i);
		fig(h, dbres_str(r, i, 3), "Home.min.open.%zu.decision", i);
	}
	dbres_free(&r);
}

static void admin_health(struct home *h)
{
	struct req *rq = h->rq;
	struct dbres *r = NULL;
	char today[11];
	size_t i;

	if (db_exec(rq->app->db, ST_HOME_ORPHANS, NULL, 0, &r) != DB_OK) {
		h->err = 1;
		return;
	}
	fig_count(h, (long long)r->nrows, "Home.org.orphans_n");
	for (i = 0; i < r->nrows; i++) {
		fig(h, dbres_get(r, i, 0), "Home.org.orphans.%zu.id", i);
		fig(h, dbres_str(r, i, 2), "Home.org.orphans.%zu.name", i);
		fig(h, dbres_str(r, i, 3), "Home.org.orphans.%zu.role", i);
		if (dbres_int(r, i, 4))
			fig(h, "1", "Home.org.orphans.%zu.no_team", i);
		if (dbres_int(r, i, 5))
			fig(h, "1", "Home.org.orphans.%zu.no_manager", i);
	}
	dbres_free(&r);
	user_today(rq, today);
	if (DB_EXEC(rq->app->db, ST_HOME_STUCK_APPROVERS, &r, DBS(today), DBS(today)) != DB_OK) {
		h->err = 1;
		return;
	}
	fig_count(h, (long long)r->nrows, "Home.org.stuck_n");
	for (i = 0; i < r->nrows; i++) {
		fig(h, dbres_get(r, i, 0), "Home.org.stuck.%zu.id", i);
		fig(h, dbres_str(r, i, 2), "Home.org.stuck.%zu.name", i);
		fig(h, dbres_str(r, i, 3), "Home.org.stuck.%zu.steps", i);
	}
	dbres_free(&r);
	if (db_exec(rq->app->db, ST_HOME_AUDIT_VERIFIED, NULL, 0, &r) != DB_OK) {
		h->err = 1;
		return;
	}
	if (r->nrows == 1) {
		fig(h, dbres_str(r, 0, 0), "Home.org.verified_at");
		fig(h, dbres_str(r, 0, 1), "Home.org.verified_result");
	}
	dbres_free(&r);
}

static void compute(struct home *h)
{
	struct req *rq = h->rq;

	switch (rq->user.role) {
	case ROLE_ADMIN:
		admin_health(h);
		break;
	case ROLE_EXECUTIVE:
		break;
	case ROLE_REP:
		owner_tasks(h, rq->user.id, "mine", "Home.mine");
		my_lists(h);
		request_boxes(h);
		break;
	case ROLE_MANAGER:
	case ROLE_DIRECTOR:
		owner_tasks(h, rq->user.id, "mine", "Home.mine");
		my_lists(h);
		request_boxes(h);
		if (rq->user.role == ROLE_MANAGER)
			open_decisions(h);
		team_table(h);
		approvals_and_escalations(h);
		break;
	case ROLE_VP:
		owner_tasks(h, rq->user.id, "mine", "Home.mine");
		my_lists(h);
		request_boxes(h);
		approvals_and_escalations(h);
		break;
	default:
		break;
	}
}

/* Replays cached lines onto the page; 0, or -1 when the body is malformed (then it is recomputed). */
static int replay(struct req *rq, const char *body)
{
	char name[128], value[2048];
	const char *p = body;

	while (*p) {
		size_t n = 0, k = 0;

		while (*p && *p != '\t' && *p != '\n') {
			char c = *p++;
			if (n + 1 >= sizeof name || !(c == '.' || c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
			                              (c >= 'A' && c <= 'Z')))
				return -1;
			name[n++] = c;
		}
		name[n] = '\0';
		if (*p++ != '\t' || strncmp(name, "Home.", 5))
			return -1;
		while (*p && *p != '\n') {
			char c = *p++;
			if (c == '\\') {
				c = *p == 'n' ? '\n' : *p == 't' ? '\t' : *p == 'r' ? '\r' : *p == '\\' ? '\\' : 0;
				if (!c)
					return -1;
				p++;
			}
			if (k + 1 >= sizeof value)
				return -1;
			value[k++] = c;
		}
		value[k] = '\0';
		if (*p == '\n')
			p++;
		if (view_set(rq, name, value) < 0)
			return -1;
	}
	return 0;
}

/* What depends on the clock and the language: time left before each record's 24-hour deadline, local
 * times, labels. */
static void set_time_left(struct req *rq)
{
	char name[64];
	const char *d;
	time_t t;
	size_t i;

	for (i = 0; i < 20; i++) {
		snprintf(name, sizeof name, "Home.rec_open.%zu.deadline", i);
		if (!(d = view_get(rq, name)))
			break;
		if (clock_parse_utc(d, &t) == 0) {
			long left = (long)(t - rq->now);
			if (left < 0)
				left = 0;
			view_setf(rq, "1", "Home.rec_open.%zu.shown", i);
			snprintf(name, sizeof name, "Home.rec_open.%zu.left_h", i);
			view_set_int(rq, name, left / 3600);
			snprintf(name, sizeof name, "Home.rec_open.%zu.left_m", i);
			view_set_int(rq, name, (left % 3600) / 60);
		}
	}
	for (i = 0; i < 20; i++) {
		snprintf(name, sizeof name, "Home.rec_late.%zu.ended", i);
		if (!(d = view_get(rq, name)))
			break;
		snprintf(name, sizeof name, "Home.rec_late.%zu.ended_local", i);
		set_when(rq, name, d);
	}
	/* labels in the page's language (the kept figures hold the values only) */
	for (i = 0; i < 100; i++) {
		snprintf(name, sizeof name, "Home.requests.%zu.state", i);
		if (!(d = view_get(rq, name)))
			break;
		snprintf(name, sizeof name, "Home.requests.%zu.state_label", i);
		set_label(rq, name, "appr.rstate", d);
	}
	for (i = 0; i < 100; i++) {
		snprintf(name, sizeof name, "Home.org.orphans.%zu.role", i);
		if (!(d = view_get(rq, name)))
			break;
		snprintf(name, sizeof name, "Home.org.orphans.%zu.role_label", i);
		set_label(rq, name, "role", d);
	}
	if ((d = view_get(rq, "Home.appr.oldest")) && *d && clock_parse_utc(d, &t) == 0)
		view_set_int(rq, "Home.appr.oldest_hours", (long long)((rq->now - t) / 3600));
	if ((d = view_get(rq, "Home.org.verified_at")) && *d)
		set_when(rq, "Home.org.verified_local", d);
	if ((d = view_get(rq, "Home.org.verified_result")) && *d)
		set_label(rq, "Home.org.verified_label", "home.verify", d);
}

/* The cached figures when fresh (younger than HOME_TTL by the clock, and nothing audited since): 1 used,
 * 0 not there or stale (*audit_id: the audit log's last id to store with new figures), -1 error. */
static int from_cache(struct req *rq, long long *audit_id)
{
	struct dbres *r = NULL;
	time_t at;
	int used = 0;

	if (DB_EXEC(rq->app->db, ST_HOME_CACHE_GET, &r, DBI(rq->user.id)) != DB_OK || r->nrows != 1) {
		dbres_free(&r);
		return -1;
	}
	*audit_id = dbres_int(r, 0, 0);
	if (dbres_get(r, 0, 1) && clock_parse_utc(dbres_str(r, 0, 1), &at) == 0 && at <= rq->now &&
	    rq->now - at < HOME_TTL && dbres_int(r, 0, 2) == *audit_id)
		used = replay(rq, dbres_str(r, 0, 3)) == 0;
	dbres_free(&r);
	return used;
}

int page_home(struct req *rq, struct resp *rs)
{
	struct home h = { rq, { 0 }, 0 };
	long long audit_id = 0;
	char now[20];
	int rc = from_cache(rq, &audit_id);

	if (rc < 0)
		return -1;
	if (rc == 0) {
		compute(&h);
		if (h.err) {
			buf_free(&h.body);
			return -1;
		}
		clock_fmt_utc(rq->now, now);
		/* figures that could not be kept are only recomputed next time */
		DB_EXEC(rq->app->db, ST_HOME_CACHE_PUT, NULL, DBI(rq->user.id), DBS(now), DBI(audit_id),
		        DBS(h.body.data ? h.body.data : ""));
		buf_free(&h.body);
	}
	set_time_left(rq);
	view_set(rq, "Home.role", role_name(rq->user.role));
	view_set_int(rq, "Home.me", rq->user.id);
	return view_render(rq, rs, "home/home.cs");
}

struct lang_tx {
	struct req *rq;
	const char *lang;
};

static int lang_tx_fn(struct db *db, void *p)
{
	struct lang_tx *t = p;
	char now[20];
	int rc;

	clock_fmt_utc(t->rq->now, now);
	rc = DB_EXEC(db, ST_USER_SET_LANG, NULL, DBS(t->lang), DBS(now), DBI(t->rq->user.id));
	if (rc)
		return rc;
	return audit_req(t->rq, "user.lang", "user", t->rq->user.id, t->lang);
}

int page_account_lang(struct req *rq, struct resp *rs)
{
	const char *lang = req_form(rq, "lang");
	const char *next = req_form(rq, "next");
	struct lang_tx t = { rq, NULL };

	if (lang && !strcmp(lang, "en"))
		t.lang = "en";
	else if (lang && !strcmp(lang, "zh-CN"))
		t.lang = "zh-CN";
	if (!t.lang) {
		resp_error(rs, rq, 400);
		return 0;
	}
	if (db_tx(rq->app->db, lang_tx_fn, &t) != DB_OK)
		return -1;
	/* resp_redirect accepts only local paths, so "next" cannot send the user elsewhere. */
	resp_redirect(rs, next && next[0] == '/' ? next : "/");
	return 0;
}

/* The routes of this file; the dispatcher checks sign-in, CSRF and capability before a handler runs. */
static const struct route routes[] = {
	{ "GET", "/",             page_home,         CAP_LOGIN, CSRF_NONE },
	{ "POST", "/account/lang", page_account_lang, CAP_LOGIN, CSRF_CHECK },
};
PAGE_ROUTES(routes);
