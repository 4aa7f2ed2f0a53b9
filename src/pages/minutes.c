/* Weekly team minutes (docs/team-workflows.md). CAP_SALES.
 *   GET  /minutes              the minutes the user may read: their team's; a director the region's; vp and
 *                              executives all
 *   GET  /minutes/new          a team's manager: the form
 *   POST /minutes              date, attendees, topics per customer/opportunity with their decisions (open
 *                              or settled), actions with owner, due date and deliverable: creates them
 *   GET  /minutes/{id}         the minutes; topics and actions only on customers the reader may see
 *   GET  /minutes/{id}/edit    the team's manager
 *   POST /minutes/{id}         saves; unchanged actions keep their ids and done state
 * The actions are tasks on /actions (negotiation_actions with minutes_id), under the same rules as a
 * record's: an owner who may be given work on the customer, a due date not in the past. Someone else's
 * minutes, and editing another team's, answer 404. Every change is audited. */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "auth/visibility.h"
#include "domain/directory.h"
#include "domain/tasks.h"
#include "form/page.h"
#include "http/router.h"
#include "pages/customer_common.h"
#include "pages/pages.h"
#include "util/clock.h"
#include "view/view.h"

#define MIN_ROWS 30

enum { MC_ID, MC_TEAM, MC_REGION, MC_HELD, MC_ATTENDEES, MC_WRITER, MC_TEAM_NAME, MC_UPDATED };

/* Whether u may read minutes of the team in region: its members, the region's director, vp, executives. */
static int may_read(const struct user *u, long long team, long long region)
{
	if (u->role == ROLE_VP || u->role == ROLE_EXECUTIVE)
		return 1;
	if (u->role == ROLE_DIRECTOR)
		return u->region_id == region;
	return u->team_id && u->team_id == team;
}

/* Only the team's manager writes its minutes. */
static int may_write(const struct user *u, long long team)
{
	return u->role == ROLE_MANAGER && u->team_id && u->team_id == team;
}

static int customer_ok(void *ctx, long long id)
{
	struct fk_run *run = ctx;
	struct vis_scope s;
	struct dbres *r = NULL;
	int ok;

	vis_scope_for(&run->rq->user, &s);
	if (DB_EXEC(run->rq->app->db, ST_MIN_CUSTOMER, &r, VIS_PARAMS(&s), DBI(run->rq->user.team_id), DBI(id)) != DB_OK)
		return -1;
	ok = r->nrows == 1;
	dbres_free(&r);
	return ok;
}

static int opp_exists(void *ctx, long long id)
{
	return fk_exists(ctx, ST_MIN_OPP_OF, id);
}

/* Any active person at all; whether they may work on the row's customer is checked with the row. */
static int owner_exists(void *ctx, long long id)
{
	return fk_exists(ctx, ST_USER_FUNCTION_GET, id);
}

enum { T_CUSTOMER, T_OPP, T_TOPIC, T_DECISION, T_OPEN, T__N };
static const struct fk_field topic_fields[T__N] = {
	[T_CUSTOMER] = { "customer", FK_ID, FK_REQUIRED, .lookup = customer_ok },
	[T_OPP] = { "opportunity", FK_ID, .lookup = opp_exists },
	[T_TOPIC] = { "topic", FK_LONGTEXT, FK_REQUIRED, .min = 1, .max = 1000 },
	[T_DECISION] = { "decision", FK_LONGTEXT, .max = 1000 },
	[T_OPEN] = { "open", FK_BOOL },
};
static const struct fk_form topic_form = { topic_fields, T__N };

enum { A_CUSTOMER, A_WHAT, A_OWNER, A_DUE, A_DELIVERABLE, A__N };
static const struct fk_field action_fields[A__N] = {
	[A_CUSTOMER] = { "customer", FK_ID, FK_REQUIRED, .lookup = customer_ok },
	[A_WHAT] = { "what", FK_TEXT, FK_REQUIRED, .min = 1, .max = 1000 },
	[A_OWNER] = { "owner", FK_USER, FK_REQUIRED, .lookup = owner_exists },
	[A_DUE] = { "due", FK_DATE, FK_REQUIRED },
	[A_DELIVERABLE] = { "deliverable", FK_TEXT, FK_REQUIRED, .min = 1, .max = 1000 },
};
static const struct fk_form action_form = { action_fields, A__N };

enum { M_HELD, M_ATTENDEES, M_TOPICS, M_ACTIONS, M__N };
static const struct fk_field min_fields[M__N] = {
	[M_HELD] = { "held_on", FK_DATE, FK_REQUIRED },
	[M_ATTENDEES] = { "attendees", FK_TEXT, FK_REQUIRED, .min = 1, .max = 500 },
	[M_TOPICS] = { "topics", FK_ROWS, FK_REQUIRED, .max = MIN_ROWS, .row = &topic_form },
	[M_ACTIONS] = { "actions", FK_ROWS, .max = MIN_ROWS, .row = &action_form },
};
static const struct fk_form min_form = { min_fields, M__N };

/* A stored action of the minutes, for keeping the unchanged ones. */
struct kept {
	long long id, customer, owner;
	char what[1001], due[11], deliverable[1001];
	int used;
};

struct min_state {
	long long team;
	struct kept old[MIN_ROWS];
	size_t nold;
};

/* Loads the minutes (ids[0]) for the user: 0, 1 not theirs (404), -1. On a form page the user must be
 * the team's manager; a new one needs a manager with a team. */
static int min_load(struct fk_run *run)
{
	struct req *rq = run->rq;
	struct min_state *st = run->data;
	struct dbres *r = NULL;
	int ok;

	if (!rq->nids) {
		st->team = rq->user.team_id;
		return may_write(&rq->user, st->team) ? 0 : 1;
	}
	if (DB_EXEC(rq->app->db, ST_MIN_GET, &r, DBI(run->id)) != DB_OK)
		return -1;
	ok = r->nrows == 1 && may_write(&rq->user, dbres_int(r, 0, MC_TEAM));
	if (ok)
		st->team = dbres_int(r, 0, MC_TEAM);
	dbres_free(&r);
	snprintf(run->location, sizeof run->location, "/minutes/%lld", run->id);
	return ok ? 0 : 1;
}

static int load_old(struct db *db, struct fk_run *run)
{
	struct min_state *st = run->data;
	struct dbres *r = NULL;
	size_t i;
	int rc;

	st->nold = 0;
	if ((rc = DB_EXEC(db, ST_MIN_ACTIONS_ALL, &r, DBI(run->id))))
		return rc;
	for (i = 0; i < r->nrows && i < MIN_ROWS; i++) {
		struct kept *k = &st->old[st->nold++];
		k->id = dbres_int(r, i, 0);
		k->customer = dbres_int(r, i, 1);
		k->owner = dbres_int(r, i, 3);
		snprintf(k->what, sizeof k->what, "%s", dbres_str(r, i, 2));
		snprintf(k->due, sizeof k->due, "%s", dbres_str(r, i, 4));
		snprintf(k->deliverable, sizeof k->deliverable, "%s", dbres_str(r, i, 5));
		k->used = 0;
	}
	dbres_free(&r);
	return 0;
}

/* The stored action a typed row repeats unchanged (not yet matched): its index, or -1. */
static long find_kept(struct min_state *st, const struct fk_val *a)
{
	size_t k;

	for (k = 0; k < st->nold; k++) {
		const struct kept *o = &st->old[k];
		if (!o->used && o->customer == a[A_CUSTOMER].i && o->owner == a[A_OWNER].i && !strcmp(o->what, a[A_WHAT].s) &&
		    !strcmp(o->due, a[A_DUE].s) && !strcmp(o->deliverable, a[A_DELIVERABLE].s))
			return (long)k;
	}
	return -1;
}

/* Cross-row rules: an opportunity of the row's customer; an owner who may be given work on the customer
 * (the user directory); a new action not due in the past. */
static int min_check(struct fk_run *run)
{
	struct req *rq = run->rq;
	const struct fk_val *t = &run->v[M_TOPICS], *a = &run->v[M_ACTIONS];
	struct dbres *r = NULL;
	char today[11];
	size_t i;

	if (rq->nids && load_old(rq->app->db, run) != DB_OK)
		return -1;
	for (i = 0; i < t->nrows; i++) {
		const struct fk_val *row = t->rows[i].v;
		if (row[T_OPP].i <= 0 || row[T_OPP].err || row[T_CUSTOMER].err)
			continue;
		if (DB_EXEC(rq->app->db, ST_MIN_OPP_OF, &r, DBI(row[T_OPP].i)) != DB_OK)
			return -1;
		if (r->nrows != 1 || dbres_int(r, 0, 0) != row[T_CUSTOMER].i)
			fk_fail_row(run, "topics", i, "opportunity", "min.err_opportunity");
		dbres_free(&r);
	}
	user_today(rq, today);
	for (i = 0; i < a->nrows; i++) {
		const struct fk_val *row = a->rows[i].v;
		struct vis_scope s;
		struct row_ref ref;
		struct directory d;
		int has;

		if (row[A_CUSTOMER].err || row[A_OWNER].err || row[A_CUSTOMER].i <= 0)
			continue;
		vis_scope_for(&rq->user, &s);
		if (DB_EXEC(rq->app->db, ST_MIN_CUSTOMER, &r, VIS_PARAMS(&s), DBI(rq->user.team_id),
		            DBI(row[A_CUSTOMER].i)) != DB_OK)
			return -1;
		if (r->nrows != 1) {
			dbres_free(&r);
			continue;
		}
		row_ref_at(r, 0, 1, &ref);
		dbres_free(&r);
		if (dir_assignable(rq->app->db, &ref, row[A_CUSTOMER].i, &d) < 0)
			return -1;
		has = dir_has(&d, row[A_OWNER].i);
		dir_free(&d);
		if (!has)
			fk_fail_row(run, "actions", i, "owner", "act.owner_cannot_see");
		/* a due date in the past only on an action that was already there, unchanged */
		if (!row[A_DUE].err && !task_due_ok(row[A_DUE].s, today) && find_kept(run->data, row) < 0)
			fk_fail_row(run, "actions", i, "due", "min.err_due_past");
	}
	return 0;
}

static int min_write(struct db *db, struct fk_run *run)
{
	struct req *rq = run->rq;
	struct min_state *st = run->data;
	const struct fk_val *v = run->v;
	struct dbres *r = NULL;
	char now[20];
	size_t i, k;
	int rc;

	clock_fmt_utc(rq->now, now);
	if (!rq->nids) {
		rc = DB_EXEC(db, ST_MIN_INSERT, &r, DBI(st->team), DBS(v[M_HELD].s), DBS(v[M_ATTENDEES].s), DBI(rq->user.id),
		             DBS(now), DBS(now));
		if (rc == DB_OK)
			run->id = (long long)r->insert_id;
		dbres_free(&r);
		st->nold = 0;
	} else {
		rc = DB_EXEC(db, ST_MIN_UPDATE, NULL, DBS(v[M_HELD].s), DBS(v[M_ATTENDEES].s), DBS(now), DBI(run->id));
		if (!rc)
			rc = DB_EXEC(db, ST_MIN_TOPICS_DEL, NULL, DBI(run->id));
		if (!rc)
			rc = load_old(db, run);
	}
	if (rc)
		return rc;
	for (i = 0; i < v[M_TOPICS].nrows; i++) {
		const struct fk_val *t = v[M_TOPICS].rows[i].v;
		if ((rc = DB_EXEC(db, ST_MIN_TOPIC_INS, NULL, DBI(run->id), DBI((long long)i), DBI(t[T_CUSTOMER].i),
		                  DBID(t[T_OPP].i), DBS(t[T_TOPIC].s), DBS(t[T_DECISION].s), DBI(t[T_OPEN].i ? 1 : 0))))
			return rc;
	}
	/* actions: an unchanged one keeps its row (id, done state), the others are replaced */
	for (i = 0; i < v[M_ACTIONS].nrows; i++) {
		const struct fk_val *a = v[M_ACTIONS].rows[i].v;
		long kept = find_kept(st, a);

		if (kept >= 0) {
			k = (size_t)kept;
			st->old[k].used = 1;
			rc = DB_EXEC(db, ST_MIN_ACTION_MOVE, NULL, DBI((long long)i), DBI(st->old[k].id), DBI(run->id));
		} else {
			rc = DB_EXEC(db, ST_MIN_ACTION_INS, NULL, DBI(run->id), DBI(a[A_CUSTOMER].i), DBI((long long)i),
			             DBS(a[A_WHAT].s), DBI(a[A_OWNER].i), DBS(a[A_DUE].s), DBS(a[A_DELIVERABLE].s));
		}
		if (rc)
			return rc;
	}
	for (k = 0; k < st->nold; k++)
		if (!st->old[k].used && (rc = DB_EXEC(db, ST_MIN_ACTION_DEL, NULL, DBI(st->old[k].id), DBI(run->id))))
			return rc;
	snprintf(run->detail, sizeof run->detail, "team=%lld topics=%zu actions=%zu", st->team, v[M_TOPICS].nrows,
	         v[M_ACTIONS].nrows);
	return 0;
}

/* Choices for the rows: the team's customers and open deals, the people the manager works with. */
static int min_render(struct fk_run *run)
{
	struct req *rq = run->rq;
	struct min_state *st = run->data;
	struct vis_scope s;
	struct dbres *r = NULL;
	struct directory d;
	char label[400], id[24];
	size_t i;

	vis_scope_for(&rq->user, &s);
	if (DB_EXEC(rq->app->db, ST_MIN_CUSTOMERS, &r, VIS_PARAMS(&s), DBI(st->team)) != DB_OK)
		return -1;
	for (i = 0; i < r->nrows; i++) {
		view_setf(rq, dbres_get(r, i, 0), "Choices.customers.%zu.value", i);
		view_setf(rq, dbres_str(r, i, 1), "Choices.customers.%zu.label", i);
	}
	dbres_free(&r);
	if (DB_EXEC(rq->app->db, ST_MIN_OPPS, &r, VIS_PARAMS(&s), DBI(st->team)) != DB_OK)
		return -1;
	for (i = 0; i < r->nrows; i++) {
		view_setf(rq, dbres_get(r, i, 0), "Choices.opps.%zu.value", i);
		snprintf(label, sizeof label, "%s · %s", dbres_str(r, i, 1), dbres_str(r, i, 2));
		view_setf(rq, label, "Choices.opps.%zu.label", i);
	}
	dbres_free(&r);
	if (dir_colleagues(rq->app->db, &rq->user, &d) < 0)
		return -1;
	for (i = 0; i < d.n; i++) {
		snprintf(id, sizeof id, "%lld", dir_id(&d, i));
		view_setf(rq, id, "Choices.users.%zu.value", i);
		view_setf(rq, dir_name(&d, i), "Choices.users.%zu.label", i);
	}
	dir_free(&d);
	if (rq->nids)
		view_set_int(rq, "Form.id", rq->ids[0]);
	if (!view_get(rq, "Form.rows.topics.0.topic") && !view_get(rq, "Form.rows.topics.0.customer"))
		view_set(rq, "Form.rows.topics.0.topic", "");
	if (!view_get(rq, "Form.rows.actions.0.what") && !view_get(rq, "Form.rows.actions.0.customer") && !run->v)
		view_set(rq, "Form.rows.actions.0.what", "");
	return view_render(rq, run->rs, "minutes/form.cs");
}

static const struct fk_page create_page = {
	.form = &min_form, .load = min_load, .check = min_check, .write = min_write, .render = min_render,
	.audit_action = "minutes.create", .audit_entity = "minutes", .flash = "saved", .location = "/minutes/%lld",
};
static const struct fk_page update_page = {
	.form = &min_form, .load = min_load, .check = min_check, .write = min_write, .render = min_render,
	.audit_action = "minutes.update", .audit_entity = "minutes", .flash = "saved", .location = "/minutes/%lld",
};

static int page_minutes_new(struct req *rq, struct resp *rs)
{
	struct min_state st = { 0 };
	char today[11];

	user_today(rq, today);
	view_set(rq, "Form.values.held_on", today);
	return fk_get(rq, rs, &create_page, &st);
}

static int page_minutes_create(struct req *rq, struct resp *rs)
{
	struct min_state st = { 0 };

	return fk_post(rq, rs, &create_page, &st);
}

/* The stored minutes as form values (topics and actions on customers the manager sees). */
static int show_stored(struct req *rq, long long id, int as_form)
{
	struct vis_scope s;
	struct dbres *r = NULL;
	const char *base = as_form ? "Form.rows" : "Min";
	size_t i;

	vis_scope_for(&rq->user, &s);
	if (DB_EXEC(rq->app->db, ST_MIN_TOPICS, &r, VIS_PARAMS(&s), DBI(id)) != DB_OK)
		return -1;
	for (i = 0; i < r->nrows; i++) {
		view_setf(rq, dbres_get(r, i, 0), "%s.topics.%zu.customer", base, i);
		view_setf(rq, dbres_int(r, i, 1) ? dbres_get(r, i, 1) : "", "%s.topics.%zu.opportunity", base, i);
		view_setf(rq, dbres_str(r, i, 2), "%s.topics.%zu.topic", base, i);
		view_setf(rq, dbres_str(r, i, 3), "%s.topics.%zu.decision", base, i);
		view_setf(rq, dbres_int(r, i, 4) ? "1" : "", "%s.topics.%zu.open", base, i);
		view_setf(rq, dbres_str(r, i, 5), "%s.topics.%zu.customer_name", base, i);
		view_setf(rq, dbres_str(r, i, 6), "%s.topics.%zu.opportunity_title", base, i);
	}
	dbres_free(&r);
	if (DB_EXEC(rq->app->db, ST_MIN_ACTIONS, &r, VIS_PARAMS(&s), DBI(id)) != DB_OK)
		return -1;
	for (i = 0; i < r->nrows; i++) {
		view_setf(rq, dbres_get(r, i, 0), "%s.actions.%zu.customer", base, i);
		view_setf(rq, dbres_str(r, i, 1), "%s.actions.%zu.what", base, i);
		view_setf(rq, dbres_get(r, i, 2), "%s.actions.%zu.owner", base, i);
		view_setf(rq, dbres_str(r, i, 3), "%s.actions.%zu.due", base, i);
		view_setf(rq, dbres_str(r, i, 4), "%s.actions.%zu.deliverable", base, i);
		view_setf(rq, dbres_get(r, i, 5), "%s.actions.%zu.id", base, i);
		view_setf(rq, dbres_str(r, i, 6), "%s.actions.%zu.customer_name", base, i);
		view_setf(rq, dbres_str(r, i, 7), "%s.actions.%zu.owner_name", base, i);
		view_setf(rq, dbres_int(r, i, 8) ? "1" : "", "%s.actions.%zu.done", base, i);
	}
	dbres_free(&r);
	return 0;
}

/* The minutes row if the user may read it: 0 (*r set), 1 answered 404, -1. */
static int readable(struct req *rq, struct resp *rs, long long id, struct dbres **r)
{
	if (DB_EXEC(rq->app->db, ST_MIN_GET, r, DBI(id)) != DB_OK)
		return -1;
	if ((*r)->nrows != 1 || !may_read(&rq->user, dbres_int(*r, 0, MC_TEAM), dbres_int(*r, 0, MC_REGION))) {
		dbres_free(r);
		resp_error(rs, rq, 404);
		return 1;
	}
	return 0;
}

static int page_minutes_edit(struct req *rq, struct resp *rs)
{
	struct min_state st = { 0 };
	struct dbres *r = NULL;
	int rc = readable(rq, rs, rq->ids[0], &r);

	if (rc)
		return rc < 0 ? -1 : 0;
	view_set(rq, "Form.values.held_on", dbres_str(r, 0, MC_HELD));
	view_set(rq, "Form.values.attendees", dbres_str(r, 0, MC_ATTENDEES));
	dbres_free(&r);
	if (show_stored(rq, rq->ids[0], 1) < 0)
		return -1;
	return fk_get(rq, rs, &update_page, &st);
}

static int page_minutes_update(struct req *rq, struct resp *rs)
{
	struct min_state st = { 0 };

	return fk_post(rq, rs, &update_page, &st);
}

static int page_minutes_show(struct req *rq, struct resp *rs)
{
	struct dbres *r = NULL;
	int rc = readable(rq, rs, rq->ids[0], &r);

	if (rc)
		return rc < 0 ? -1 : 0;
	view_set(rq, "Min.id", dbres_get(r, 0, MC_ID));
	set_date(rq, "Min.held_on", dbres_str(r, 0, MC_HELD));
	view_set(rq, "Min.attendees", dbres_str(r, 0, MC_ATTENDEES));
	view_set(rq, "Min.writer", dbres_str(r, 0, MC_WRITER));
	view_set(rq, "Min.team", dbres_str(r, 0, MC_TEAM_NAME));
	if (may_write(&rq->user, dbres_int(r, 0, MC_TEAM)))
		view_set(rq, "Min.can_edit", "1");
	dbres_free(&r);
	if (show_stored(rq, rq->ids[0], 0) < 0)
		return -1;
	return view_render(rq, rs, "minutes/show.cs");
}

static int page_minutes_list(struct req *rq, struct resp *rs)
{
	const struct user *u = &rq->user;
	struct dbres *r = NULL;
	char name[48];
	size_t i;
	int all = u->role == ROLE_VP || u->role == ROLE_EXECUTIVE;

	if (DB_EXEC(rq->app->db, ST_MIN_LIST, &r, DBI(all), DBI(u->team_id), DBI(u->role == ROLE_DIRECTOR ? u->region_id : 0))
	    != DB_OK)
		return -1;
	for (i = 0; i < r->nrows; i++) {
		view_setf(rq, dbres_get(r, i, MC_ID), "Mins.%zu.id", i);
		snprintf(name, sizeof name, "Mins.%zu.held_on", i);
		set_date(rq, name, dbres_str(r, i, MC_HELD));
		view_setf(rq, dbres_str(r, i, MC_TEAM_NAME), "Mins.%zu.team", i);
		view_setf(rq, dbres_str(r, i, MC_WRITER), "Mins.%zu.writer", i);
	}
	dbres_free(&r);
	if (u->role == ROLE_MANAGER && u->team_id)
		view_set(rq, "Page.can_create", "1");
	return view_render(rq, rs, "minutes/list.cs");
}

/* The routes of this file; the dispatcher checks sign-in, CSRF and capability before a handler runs. */
static const struct route routes[] = {
	{ "GET",  "/minutes",          page_minutes_list,   CAP_SALES, CSRF_NONE },
	{ "GET",  "/minutes/new",      page_minutes_new,    CAP_SALES, CSRF_NONE },
	{ "POST", "/minutes",          page_minutes_create, CAP_SALES, CSRF_CHECK },
	{ "GET",  "/minutes/:id",      page_minutes_show,   CAP_SALES, CSRF_NONE },
	{ "GET",  "/minutes/:id/edit", page_minutes_edit,   CAP_SALES, CSRF_NONE },
	{ "POST", "/minutes/:id",      page_minutes_update, CAP_SALES, CSRF_CHECK },
};
PAGE_ROUTES(routes);
