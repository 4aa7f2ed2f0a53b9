/* The task list: every next action the user may see. CAP_SALES.
 *   GET  /actions                   filters ?scope=mine|team|region|all|escalated (as the role allows)
 *                                   &state=open|overdue|done &from= &to= (due range) &customer=<id>
 *                                   &owner=<user id>; keyset paging &after_key= &after_id=
 *   GET  /actions/{id}              one action, with the forms below when the user may change it
 *   POST /actions/{id}/done         result (required): marks it done
 *   POST /actions/{id}/reassign     owner: hands it to an active user who may see the customer
 * The list also shows the first internal requests of each box (src/pages/requests.c). Tasks come from
 * negotiation records and from team minutes (src/pages/minutes.c).
 * Rows are visible with their customer (VIS_SQL / vis_can_see); a change is allowed to the action's
 * owner and to whoever may edit the customer, otherwise 404. Every change is audited. */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "audit/audit.h"
#include "auth/visibility.h"
#include "domain/directory.h"
#include "domain/tasks.h"
#include "domain/units.h"
#include "http/fields.h"
#include "http/router.h"
#include "pages/customer_common.h"
#include "pages/pages.h"
#include "pages/requests.h"
#include "pages/tasklist.h"
#include "util/clock.h"
#include "view/view.h"

#define ACT_PAGE 50
#define ACT_REQUESTS 10

/* Column positions of ACT_COLS (db/stmts_actions.def). */
enum { AC_ID, AC_WHAT, AC_DELIVERABLE, AC_DUE, AC_DONE_AT, AC_RESULT, AC_OWNER, AC_OWNER_NAME, AC_NEG, AC_HELD,
       AC_CID, AC_CNAME, AC_C_OWNER, AC_C_TEAM, AC_C_REGION, AC_C_SHARED, AC_DONE_BY, AC_OPP, AC_OWNER_MANAGER,
       AC_MINUTES };

int task_query_scope(struct req *rq, struct task_query *q, const char *scope)
{
	const struct user *u = &rq->user;

	if (!task_scope_ok(u->role, scope))
		return -1;
	if (!strcmp(scope, "mine"))
		q->owner = u->id;
	else if (!strcmp(scope, "team"))
		q->team = u->team_id;
	else if (!strcmp(scope, "region"))
		q->region = u->region_id;
	else if (!strcmp(scope, "escalated")) {
		q->line1 = u->id;
		q->line2 = u->role == ROLE_DIRECTOR ? u->id : 0;
		if (q->state == TS_OPEN)
			q->state = TS_OVERDUE;
	}
	/* "all": no owner filter; visibility alone decides */
	return 0;
}

#define TQ_PARAMS(q, cut1, cut2) \
	DBI((q)->owner), DBI((q)->owner), DBI((q)->team), DBI((q)->team), DBI((q)->region), DBI((q)->region), \
	DBI((q)->line1), DBI((q)->line1), DBS(cut1), DBI((q)->line2), DBS(cut2), DBI((q)->customer), \
	DBI((q)->customer), DBS((q)->from), DBS((q)->from), DBS((q)->to), DBS((q)->to)

/* The escalation cut-offs (due before these is overdue by LINE1 / LINE2 days) and the overdue
 * cut-off of the state filter. */
static void cutoffs(const struct task_query *q, char c1[11], char c2[11], char over[11])
{
	task_overdue_cutoff(q->today, TASK_ESCALATE_LINE1, c1);
	task_overdue_cutoff(q->today, TASK_ESCALATE_LINE2, c2);
	if (q->state == TS_OVERDUE)
		task_overdue_cutoff(q->today, 1, over);
	else
		over[0] = '\0';
}

static enum stmt_id open_stmt(const struct task_query *q, int count)
{
	if (q->customer)
		return count ? ST_ACT_COUNT_WALK : ST_ACT_OPEN_CUSTOMER;
	if (q->owner)
		return count ? ST_ACT_COUNT_OWNER : ST_ACT_OPEN_OWNER;
	return count ? ST_ACT_COUNT_WALK : ST_ACT_OPEN_WALK;
}

long long task_query_count(struct req *rq, const struct task_query *q)
{
	struct dbres *r = NULL;
	struct vis_scope s;
	char c1[11], c2[11], over[11];
	long long n;

	cutoffs(q, c1, c2, over);
	vis_scope_for(&rq->user, &s);
	if (DB_EXEC(rq->app->db, open_stmt(q, 1), &r, VIS_PARAMS(&s), TQ_PARAMS(q, c1, c2), DBS(over), DBS(over)) !=
	    DB_OK)
		return -1;
	n = dbres_int(r, 0, 0);
	dbres_free(&r);
	return n;
}

int task_query_page(struct req *rq, const struct task_query *q, const char *after_key, long long after_id,
                    long long limit, struct dbres **out)
{
	struct vis_scope s;
	char c1[11], c2[11], over[11];
	int rc;

	cutoffs(q, c1, c2, over);
	vis_scope_for(&rq->user, &s);
	if (q->state == TS_DONE)
		rc = DB_EXEC(rq->app->db, ST_ACT_DONE, out, VIS_PARAMS(&s), TQ_PARAMS(q, c1, c2), DBS(after_key),
		             DBS(after_key), DBS(after_key), DBI(after_id), DBI(limit));
	else
		rc = DB_EXEC(rq->app->db, open_stmt(q, 0), out, VIS_PARAMS(&s), TQ_PARAMS(q, c1, c2), DBS(over), DBS(over),
		             DBS(after_key), DBS(after_key), DBS(after_key), DBI(after_id), DBI(limit));
	return rc == DB_OK ? 0 : -1;
}

static const char *const state_names[] = { "open", "overdue", "done", NULL };

void task_query_link(const struct task_query *q, const char *scope, char *out, size_t n)
{
	int k = snprintf(out, n, "scope=%s&state=%s", scope, state_names[q->state]);

	if (k > 0 && (size_t)k < n && q->owner && strcmp(scope, "mine"))
		k += snprintf(out + k, n - (size_t)k, "&owner=%lld", q->owner);
	if (k > 0 && (size_t)k < n && q->customer)
		k += snprintf(out + k, n - (size_t)k, "&customer=%lld", q->customer);
	if (k > 0 && (size_t)k < n && q->from[0])
		k += snprintf(out + k, n - (size_t)k, "&from=%s", q->from);
	if (k > 0 && (size_t)k < n && q->to[0])
		snprintf(out + k, n - (size_t)k, "&to=%s", q->to);
}

/* One row of ACT_COLS under prefix (Acts.N or Act). */
static void set_row(struct req *rq, const struct dbres *r, size_t i, const char *prefix, const char *today)
{
	char name[64];
	long days;

	view_setf(rq, dbres_get(r, i, AC_ID), "%s.id", prefix);
	view_setf(rq, dbres_str(r, i, AC_WHAT), "%s.what", prefix);
	view_setf(rq, dbres_str(r, i, AC_DELIVERABLE), "%s.deliverable", prefix);
	view_setf(rq, dbres_str(r, i, AC_DUE), "%s.due_iso", prefix);
	snprintf(name, sizeof name, "%s.due", prefix);
	set_date(rq, name, dbres_str(r, i, AC_DUE));
	view_setf(rq, dbres_str(r, i, AC_OWNER_NAME), "%s.owner", prefix);
	view_setf(rq, dbres_get(r, i, AC_OWNER), "%s.owner_id", prefix);
	if (dbres_int(r, i, AC_NEG))
		view_setf(rq, dbres_get(r, i, AC_NEG), "%s.negotiation_id", prefix);
	if (dbres_int(r, i, AC_MINUTES))
		view_setf(rq, dbres_get(r, i, AC_MINUTES), "%s.minutes_id", prefix);
	snprintf(name, sizeof name, "%s.held_on", prefix);
	set_date(rq, name, dbres_str(r, i, AC_HELD));
	view_setf(rq, dbres_get(r, i, AC_CID), "%s.customer_id", prefix);
	view_setf(rq, dbres_str(r, i, AC_CNAME), "%s.customer", prefix);
	if (dbres_get(r, i, AC_DONE_AT)) {
		snprintf(name, sizeof name, "%s.done_at", prefix);
		set_when(rq, name, dbres_get(r, i, AC_DONE_AT));
		view_setf(rq, dbres_str(r, i, AC_RESULT), "%s.result", prefix);
		view_setf(rq, dbres_str(r, i, AC_DONE_BY), "%s.done_by", prefix);
		view_setf(rq, "1", "%s.done", prefix);
	} else if ((days = task_overdue_days(dbres_str(r, i, AC_DUE), today)) > 0) {
		view_setf(rq, "1", "%s.overdue", prefix);
		snprintf(name, sizeof name, "%s.overdue_days", prefix);
		view_set_int(rq, name, days);
		if (task_escalation_level(days) > 0)
			view_setf(rq, "1", "%s.escalated", prefix);
	}
}

/* Reads the list's filters from the query string into q (and Filter.* for the form). */
static int read_filters(struct req *rq, struct task_query *q, const char **scope_out)
{
	const char *scope = req_query(rq, "scope"), *state = req_query(rq, "state"), *v;
	int y, m, d;

	memset(q, 0, sizeof *q);
	user_today(rq, q->today);
	if (state && !strcmp(state, "overdue"))
		q->state = TS_OVERDUE;
	else if (state && !strcmp(state, "done"))
		q->state = TS_DONE;
	if (!scope || !task_scope_ok(rq->user.role, scope))
		scope = task_scope_default(rq->user.role);
	if (!scope || task_query_scope(rq, q, scope) < 0)
		return -1;
	if ((v = req_query(rq, "owner")) && parse_id(v, strlen(v), &q->owner) < 0)
		q->owner = 0;
	if ((v = req_query(rq, "customer")) && parse_id(v, strlen(v), &q->customer) < 0)
		q->customer = 0;
	if ((v = req_query(rq, "from")) && date_parse(v, &y, &m, &d) == 0)
		snprintf(q->from, sizeof q->from, "%s", v);
	if ((v = req_query(rq, "to")) && date_parse(v, &y, &m, &d) == 0)
		snprintf(q->to, sizeof q->to, "%s", v);
	*scope_out = scope;
	view_set(rq, "Filter.scope", scope);
	view_set(rq, "Filter.state", state_names[q->state]);
	view_set(rq, "Filter.from", q->from);
	view_set(rq, "Filter.to", q->to);
	if (q->owner)
		view_set_int(rq, "Filter.owner", q->owner);
	if (q->customer)
		view_set_int(rq, "Filter.customer", q->customer);
	return 0;
}

static void set_scope_choices(struct req *rq)
{
	static const char *const all_scopes[] = { "mine", "team", "region", "all", "escalated", NULL };
	char name[64];
	size_t i, k = 0;

	for (i = 0; all_scopes[i]; i++) {
		if (!task_scope_ok(rq->user.role, all_scopes[i]))
			continue;
		view_setf(rq, all_scopes[i], "Choices.scope.%zu.value", k);
		snprintf(name, sizeof name, "Choices.scope.%zu.label", k);
		set_label(rq, name, "act.scope", all_scopes[i]);
		k++;
	}
	for (i = 0; state_names[i]; i++) {
		view_setf(rq, state_names[i], "Choices.state.%zu.value", i);
		snprintf(name, sizeof name, "Choices.state.%zu.label", i);
		set_label(rq, name, "act.state", state_names[i]);
	}
}

int page_actions(struct req *rq, struct resp *rs)
{
	struct task_query q;
	struct dbres *r = NULL;
	const char *scope = NULL, *after_key = req_query(rq, "after_key"), *v;
	long long after_id = 0;
	char name[64], link[256];
	size_t i;

	if (read_filters(rq, &q, &scope) < 0) {
		resp_error(rs, rq, 404);
		return 0;
	}
	if ((v = req_query(rq, "after_id")) && parse_id(v, strlen(v), &after_id) < 0)
		after_id = 0;
	if (!after_key || strlen(after_key) > 19 || !after_id)
		after_key = "", after_id = 0;
	if (task_query_page(rq, &q, after_key, after_id, ACT_PAGE + 1, &r) < 0)
		return -1;
	for (i = 0; i < r->nrows && i < ACT_PAGE; i++) {
		snprintf(name, sizeof name, "Acts.%zu", i);
		set_row(rq, r, i, name, q.today);
	}
	if (r->nrows > ACT_PAGE) {
		view_set(rq, "Page.next_key", dbres_str(r, ACT_PAGE - 1, q.state == TS_DONE ? AC_DONE_AT : AC_DUE));
		view_set(rq, "Page.next_id", dbres_get(r, ACT_PAGE - 1, AC_ID));
	}
	dbres_free(&r);
	task_query_link(&q, scope, link, sizeof link);
	view_set(rq, "Page.filter_link", link);
	set_scope_choices(rq);
	/* internal requests are tasks too: the three boxes, their first rows */
	if (ireq_box(rq, "waiting", ACT_REQUESTS, "IBox.waiting") < 0 || ireq_box(rq, "mine", ACT_REQUESTS, "IBox.mine") < 0 ||
	    ireq_box(rq, "overdue", ACT_REQUESTS, "IBox.overdue") < 0)
		return -1;
	return view_render(rq, rs, "actions/list.cs");
}

/* The action as the user may see it: 0 found (*r, *ref set), 1 answered 404, -1 error. */
static int load_action(struct req *rq, struct resp *rs, enum stmt_id st, long long id, struct dbres **r,
                       struct row_ref *ref)
{
	int rc = vis_fetch_ref(rq, st, id, AC_C_OWNER, r, ref);

	if (rc == 1)
		resp_error(rs, rq, 404);
	return rc;
}

static int may_change(const struct req *rq, const struct dbres *r, const struct row_ref *ref)
{
	return dbres_int(r, 0, AC_OWNER) == rq->user.id || vis_can_edit(&rq->user, ref);
}

/* The users this action can be handed to: the people who may be assigned work on its customer (the
 * user directory: active, able to see it by their line or a deal team). */
static int set_assignees(struct req *rq, const struct row_ref *ref, long long customer_id, long long current)
{
	struct directory d;
	size_t i, k = 0;
	char id[24];

	if (dir_assignable(rq->app->db, ref, customer_id, &d) < 0)
		return -1;
	for (i = 0; i < d.n; i++) {
		if (dir_id(&d, i) == current)
			continue;
		snprintf(id, sizeof id, "%lld", dir_id(&d, i));
		view_setf(rq, id, "Choices.assignees.%zu.id", k);
		view_setf(rq, dir_name(&d, i), "Choices.assignees.%zu.name", k);
		k++;
	}
	dir_free(&d);
	return 0;
}

static int render_show(struct req *rq, struct resp *rs, long long id)
{
	struct dbres *r = NULL;
	struct row_ref ref;
	char today[11];
	int rc = load_action(rq, rs, ST_ACT_GET, id, &r, &ref);

	if (rc)
		return rc < 0 ? -1 : 0;
	user_today(rq, today);
	set_row(rq, r, 0, "Act", today);
	if (may_change(rq, r, &ref) && !dbres_get(r, 0, AC_DONE_AT)) {
		view_set(rq, "Act.can_change", "1");
		if (set_assignees(rq, &ref, dbres_int(r, 0, AC_CID), dbres_int(r, 0, AC_OWNER)) < 0) {
			dbres_free(&r);
			return -1;
		}
	}
	dbres_free(&r);
	return view_render(rq, rs, "actions/show.cs");
}

int page_action_show(struct req *rq, struct resp *rs)
{
	return render_show(rq, rs, rq->ids[0]);
}

struct act_tx {
	struct req *rq;
	long long id;
	const char *result;
	long long new_owner;
	int gone;   /* changed or closed meanwhile, or no longer the user's to change */
};

static int lock_changeable(struct db *db, struct act_tx *t)
{
	struct dbres *r = NULL;
	struct vis_scope s;
	struct row_ref ref;
	int ok;

	vis_scope_for(&t->rq->user, &s);
	if (DB_EXEC(db, ST_ACT_LOCK, &r, VIS_PARAMS(&s), DBI(t->id)) != DB_OK)
		return -1;
	ok = r->nrows == 1;
	if (ok) {
		row_ref_at(r, 0, AC_C_OWNER, &ref);
		ok = may_change(t->rq, r, &ref) && !dbres_get(r, 0, AC_DONE_AT);
	}
	dbres_free(&r);
	if (!ok)
		t->gone = 1;
	return ok ? 0 : 1;
}

static int done_tx_fn(struct db *db, void *p)
{
	struct act_tx *t = p;
	char now[20];
	int rc;

	t->gone = 0;
	if ((rc = lock_changeable(db, t)) != 0)
		return rc;
	clock_fmt_utc(t->rq->now, now);
	if ((rc = DB_EXEC(db, ST_ACT_DONE_SET, NULL, DBS(now), DBS(t->result), DBI(t->rq->user.id), DBS(now), DBI(t->id))))
		return rc;
	return audit_req(t->rq, "action.done", "negotiation_action", t->id, "");
}

static const struct field_spec done_fields[] = {
	{ "result", F_TEXT, 1, 1, 500, NULL },
};
static const struct field_spec reassign_fields[] = {
	{ "owner", F_ID, 1, 0, 0, NULL },
};

/* Common start of a change: the action visible and changeable (else 404), still open (else 409). */
static int change_start(struct req *rq, struct resp *rs, struct row_ref *ref, long long *owner, long long *cid)
{
	struct dbres *r = NULL;
	int rc = load_action(rq, rs, ST_ACT_GET, rq->ids[0], &r, ref);

	if (rc)
		return rc;
	if (!may_change(rq, r, ref)) {
		dbres_free(&r);
		resp_error(rs, rq, 404);
		return 1;
	}
	if (dbres_get(r, 0, AC_DONE_AT)) {
		dbres_free(&r);
		resp_error(rs, rq, 409);
		return 1;
	}
	*owner = dbres_int(r, 0, AC_OWNER);
	*cid = dbres_int(r, 0, AC_CID);
	dbres_free(&r);
	return 0;
}

static int refused(struct req *rq, struct resp *rs, const char *field, const char *key)
{
	if (field && key)
		view_form_error(rq, field, key);
	view_set(rq, "Form.error", view_str(rq, "form.has_errors"));
	rs->status = 422;
	if (render_show(rq, rs, rq->ids[0]) < 0)
		return -1;
	rs->status = 422;
	return 0;
}

static int finish(struct req *rq, struct resp *rs, db_tx_fn fn, struct act_tx *t)
{
	char loc[64];

	if (db_tx(rq->app->db, fn, t) != DB_OK && !t->gone)
		return -1;
	if (t->gone) {
		resp_error(rs, rq, 409);
		return 0;
	}
	view_flash(rq, rs, "saved");
	snprintf(loc, sizeof loc, "/actions/%lld", t->id);
	resp_redirect(rs, loc);
	return 0;
}

int page_action_done(struct req *rq, struct resp *rs)
{
	struct field_val v[1];
	struct row_ref ref;
	struct act_tx t = { rq, rq->ids[0], NULL, 0, 0 };
	long long owner, cid;
	int rc = change_start(rq, rs, &ref, &owner, &cid);

	if (rc)
		return rc < 0 ? -1 : 0;
	form_keep(rq, done_fields, 1);
	if (form_validate(rq, done_fields, 1, v))
		return refused(rq, rs, NULL, NULL);
	t.result = v[0].s;
	return finish(rq, rs, done_tx_fn, &t);
}

static int reassign_tx_fn(struct db *db, void *p)
{
	struct act_tx *t = p;
	char now[20], detail[64];
	int rc;

	t->gone = 0;
	if ((rc = lock_changeable(db, t)) != 0)
		return rc;
	clock_fmt_utc(t->rq->now, now);
	if ((rc = DB_EXEC(db, ST_ACT_REASSIGN, NULL, DBI(t->new_owner), DBS(now), DBI(t->id))))
		return rc;
	snprintf(detail, sizeof detail, "owner=%lld", t->new_owner);
	return audit_req(t->rq, "action.reassign", "negotiation_action", t->id, detail);
}

int page_action_reassign(struct req *rq, struct resp *rs)
{
	struct field_val v[1];
	struct row_ref ref;
	struct dbres *u = NULL;
	struct act_tx t = { rq, rq->ids[0], NULL, 0, 0 };
	long long owner, cid;
	int rc = change_start(rq, rs, &ref, &owner, &cid), ok;

	if (rc)
		return rc < 0 ? -1 : 0;
	form_keep(rq, reassign_fields, 1);
	if (form_validate(rq, reassign_fields, 1, v))
		return refused(rq, rs, NULL, NULL);
	if (v[0].i == owner)
		return refused(rq, rs, "owner", "act.same_owner");
	if (DB_EXEC(rq->app->db, ST_ACT_ASSIGNEE, &u, DBI(v[0].i)) != DB_OK)
		return -1;
	if (u->nrows != 1) {
		dbres_free(&u);
		return refused(rq, rs, "owner", "act.unknown_owner");
	}
	{
		struct user cand = { .id = dbres_int(u, 0, 0), .role = role_parse(dbres_str(u, 0, 2)),
		                     .team_id = dbres_int(u, 0, 3), .region_id = dbres_int(u, 0, 4) };
		int active = dbres_int(u, 0, 6) == 1;

		dbres_free(&u);
		if (!active)
			return refused(rq, rs, "owner", "act.inactive_owner");
		ok = vis_can_see_db(rq->app->db, &cand, &ref, cid);
		if (ok < 0)
			return -1;
	}
	if (!ok)
		return refused(rq, rs, "owner", "act.owner_cannot_see");
	t.new_owner = v[0].i;
	return finish(rq, rs, reassign_tx_fn, &t);
}

/* The routes of this file; the dispatcher checks sign-in, CSRF and capability before a handler runs. */
static const struct route routes[] = {
	{ "GET",  "/actions",                 page_actions,         CAP_SALES, CSRF_NONE },
	{ "GET",  "/actions/:id",             page_action_show,     CAP_SALES, CSRF_NONE },
	{ "POST", "/actions/:id/done",        page_action_done,     CAP_SALES, CSRF_CHECK },
	{ "POST", "/actions/:id/reassign",    page_action_reassign, CAP_SALES, CSRF_CHECK },
};
PAGE_ROUTES(routes);
