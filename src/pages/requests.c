/* Internal requests: the 24-hour answer loop (提出-响应-确认, docs/team-workflows.md). CAP_SALES.
 *   GET  /requests?box=waiting|mine|overdue   waiting for my answer / mine waiting for others / overdue
 *                                             at the people who report to me
 *   GET  /customers/{id}/requests/new         the form (?opportunity_id= preselects an opportunity)
 *   POST /customers/{id}/requests             subject, question, responder, opportunity: raises one
 *   GET  /requests/{id}                       the exchange, with the step the user may take
 *   POST /requests/{id}/answer                the responder answers (while open)
 *   POST /requests/{id}/confirm               the requester confirms the answer (closes it)
 *   POST /requests/{id}/reopen                the requester reopens it with a reason: a new 24-hour round
 * A request is visible to those who may see its customer and to its responder (IREQ_VIS); anyone else,
 * and anyone taking a step that is not theirs, gets 404. Raising needs someone who may see the customer
 * and may be given work on it (the user directory), never oneself. Every step is audited. */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "auth/visibility.h"
#include "domain/directory.h"
#include "domain/ireq.h"
#include "form/page.h"
#include "http/router.h"
#include "pages/customer_common.h"
#include "pages/pages.h"
#include "pages/requests.h"
#include "util/clock.h"
#include "view/view.h"

#define IREQ_BOX_MAX 100

/* Column positions of IREQ_COLS (db/stmts_requests.def). */
enum { RC_ID, RC_SUBJECT, RC_STATE, RC_ASKED, RC_DUE, RC_REQUESTER, RC_REQUESTER_NAME, RC_RESPONDER,
       RC_RESPONDER_NAME, RC_CID, RC_CNAME, RC_OPP, RC_OPP_TITLE, RC_C_OWNER, RC_C_TEAM, RC_C_REGION, RC_C_SHARED,
       RC_RESPONDER_MANAGER, RC_RESPONDER_FUNCTION };

#define IREQ_PARAMS(s, uid) VIS_PARAMS(s), DBI(uid)

/* One request of r under prefix: who, what, state, the answer window (time left or hours late), and the
 * customer only for those who may see it (the responder may not). */
static void set_request(struct req *rq, const struct dbres *r, size_t i, const char *prefix)
{
	enum ireq_state st = ireq_state_parse(dbres_str(r, i, RC_STATE));
	struct row_ref ref;
	char name[96];
	time_t due;

	view_setf(rq, dbres_get(r, i, RC_ID), "%s.id", prefix);
	view_setf(rq, dbres_str(r, i, RC_SUBJECT), "%s.subject", prefix);
	view_setf(rq, ireq_state_name(st), "%s.state", prefix);
	snprintf(name, sizeof name, "%s.state_label", prefix);
	set_label(rq, name, "ireq.state", ireq_state_name(st));
	view_setf(rq, dbres_str(r, i, RC_REQUESTER_NAME), "%s.requester", prefix);
	view_setf(rq, dbres_str(r, i, RC_RESPONDER_NAME), "%s.responder", prefix);
	snprintf(name, sizeof name, "%s.responder_function", prefix);
	set_label(rq, name, "dt.function", dbres_str(r, i, RC_RESPONDER_FUNCTION));
	snprintf(name, sizeof name, "%s.asked", prefix);
	set_when(rq, name, dbres_str(r, i, RC_ASKED));
	snprintf(name, sizeof name, "%s.due", prefix);
	set_when(rq, name, dbres_str(r, i, RC_DUE));
	/* whoever is not the responder sees the request through its customer; the responder may not */
	row_ref_at(r, i, RC_C_OWNER, &ref);
	if (dbres_int(r, i, RC_RESPONDER) != rq->user.id ||
	    vis_can_see_db(rq->app->db, &rq->user, &ref, dbres_int(r, i, RC_CID)) == 1) {
		view_setf(rq, dbres_get(r, i, RC_CID), "%s.customer_id", prefix);
		view_setf(rq, dbres_str(r, i, RC_CNAME), "%s.customer", prefix);
		if (dbres_int(r, i, RC_OPP)) {
			view_setf(rq, dbres_get(r, i, RC_OPP), "%s.opportunity_id", prefix);
			view_setf(rq, dbres_str(r, i, RC_OPP_TITLE), "%s.opportunity", prefix);
		}
	}
	if (st == IREQ_OPEN && clock_parse_utc(dbres_str(r, i, RC_DUE), &due) == 0) {
		if (ireq_overdue(st, due, rq->now)) {
			view_setf(rq, "1", "%s.overdue", prefix);
			snprintf(name, sizeof name, "%s.hours_late", prefix);
			view_set_int(rq, name, ireq_hours_late(st, due, rq->now));
		} else {
			snprintf(name, sizeof name, "%s.hours_left", prefix);
			view_set_int(rq, name, (long long)((due - rq->now) / 3600));
		}
	}
}

static const char *const boxes[] = { "waiting", "mine", "overdue", NULL };

/* Whether this user has a box: everyone who works on sales data has the first two; the overdue box is
 * for those people report to. */
static int box_ok(const struct req *rq, const char *box)
{
	if (rq->user.role == ROLE_EXECUTIVE || rq->user.role == ROLE_ADMIN)
		return 0;
	if (!strcmp(box, "overdue"))
		return rq->user.role == ROLE_MANAGER || rq->user.role == ROLE_DIRECTOR || rq->user.role == ROLE_VP;
	return !strcmp(box, "waiting") || !strcmp(box, "mine");
}

int ireq_box(struct req *rq, const char *box, long long limit, const char *prefix)
{
	struct vis_scope s;
	struct dbres *r = NULL;
	char now[20], name[64];
	size_t i;
	int rc;

	if (!box_ok(rq, box))
		return 0;
	vis_scope_for(&rq->user, &s);
	clock_fmt_utc(rq->now, now);
	if (!strcmp(box, "waiting"))
		rc = DB_EXEC(rq->app->db, ST_IREQ_WAITING, &r, IREQ_PARAMS(&s, rq->user.id), DBI(rq->user.id), DBI(limit));
	else if (!strcmp(box, "mine"))
		rc = DB_EXEC(rq->app->db, ST_IREQ_MINE, &r, IREQ_PARAMS(&s, rq->user.id), DBI(rq->user.id), DBI(limit));
	else
		rc = DB_EXEC(rq->app->db, ST_IREQ_OVERDUE, &r, IREQ_PARAMS(&s, rq->user.id), DBI(rq->user.id), DBS(now),
		             DBI(limit));
	if (rc != DB_OK)
		return -1;
	view_setf(rq, "1", "%s.shown", prefix);
	for (i = 0; i < r->nrows; i++) {
		snprintf(name, sizeof name, "%s.rows.%zu", prefix, i);
		set_request(rq, r, i, name);
	}
	dbres_free(&r);
	return 0;
}

long long ireq_box_count(struct req *rq, const char *box)
{
	struct vis_scope s;
	struct dbres *r = NULL;
	char now[20];
	long long n;
	int rc;

	if (!box_ok(rq, box))
		return 0;
	vis_scope_for(&rq->user, &s);
	clock_fmt_utc(rq->now, now);
	if (!strcmp(box, "waiting"))
		rc = DB_EXEC(rq->app->db, ST_IREQ_WAITING_COUNT, &r, IREQ_PARAMS(&s, rq->user.id), DBI(rq->user.id));
	else if (!strcmp(box, "mine"))
		rc = DB_EXEC(rq->app->db, ST_IREQ_MINE_COUNT, &r, IREQ_PARAMS(&s, rq->user.id), DBI(rq->user.id));
	else
		rc = DB_EXEC(rq->app->db, ST_IREQ_OVERDUE_COUNT, &r, IREQ_PARAMS(&s, rq->user.id), DBI(rq->user.id),
		             DBS(now));
	if (rc != DB_OK)
		return -1;
	n = dbres_int(r, 0, 0);
	dbres_free(&r);
	return n;
}

static int page_requests(struct req *rq, struct resp *rs)
{
	const char *box = req_query(rq, "box");
	size_t i;

	if (!box || !box_ok(rq, box))
		box = "waiting";
	if (!box_ok(rq, box)) {
		resp_error(rs, rq, 404);
		return 0;
	}
	for (i = 0; boxes[i]; i++)
		if (box_ok(rq, boxes[i]))
			view_setf(rq, boxes[i], "Boxes.%zu", i);
	view_set(rq, "Filter.box", box);
	if (ireq_box(rq, box, IREQ_BOX_MAX, "Box") < 0)
		return -1;
	return view_render(rq, rs, "requests/list.cs");
}

/* The requests on a customer (opp_id 0) or an opportunity (customer_id 0), each with its whole exchange,
 * under IReqs. */
int ireq_for_subject(struct req *rq, long long customer_id, long long opp_id)
{
	struct vis_scope s;
	struct dbres *r = NULL, *m = NULL;
	char name[64];
	size_t i, k, n;

	vis_scope_for(&rq->user, &s);
	if (DB_EXEC(rq->app->db, ST_IREQ_SUBJECT, &r, IREQ_PARAMS(&s, rq->user.id), DBI(customer_id), DBI(customer_id),
	            DBI(opp_id), DBI(opp_id)) != DB_OK)
		return -1;
	if (DB_EXEC(rq->app->db, ST_IREQ_SUBJECT_MESSAGES, &m, IREQ_PARAMS(&s, rq->user.id), DBI(customer_id),
	            DBI(customer_id), DBI(opp_id), DBI(opp_id)) != DB_OK) {
		dbres_free(&r);
		return -1;
	}
	for (i = 0; i < r->nrows; i++) {
		snprintf(name, sizeof name, "IReqs.%zu", i);
		set_request(rq, r, i, name);
		for (k = 0, n = 0; k < m->nrows; k++) {
			if (dbres_int(m, k, 0) != dbres_int(r, i, RC_ID))
				continue;
			snprintf(name, sizeof name, "IReqs.%zu.msgs.%zu.kind_label", i, n);
			set_label(rq, name, "ireq.kind", dbres_str(m, k, 1));
			view_setf(rq, dbres_str(m, k, 1), "IReqs.%zu.msgs.%zu.kind", i, n);
			view_setf(rq, dbres_str(m, k, 2), "IReqs.%zu.msgs.%zu.author", i, n);
			snprintf(name, sizeof name, "IReqs.%zu.msgs.%zu.at", i, n);
			set_when(rq, name, dbres_str(m, k, 3));
			view_setf(rq, dbres_str(m, k, 4), "IReqs.%zu.msgs.%zu.body", i, n);
			n++;
		}
	}
	dbres_free(&m);
	dbres_free(&r);
	if (customer_id)
		view_set_int(rq, "IReqsInfo.customer_id", customer_id);
	if (opp_id)
		view_set_int(rq, "IReqsInfo.opportunity_id", opp_id);
	if (rq->user.role != ROLE_EXECUTIVE)
		view_set(rq, "IReqsInfo.can_raise", "1");
	return 0;
}

/* ------------------------------------------------------------------ raising a request */

struct ireq_new {
	struct row_ref ref;
	struct directory dir;
	int dir_loaded;
	char cname[256];
};

enum { N_SUBJECT, N_QUESTION, N_RESPONDER, N_OPP, N__N };

static int responder_ok(void *ctx, long long id)
{
	struct fk_run *run = ctx;
	struct ireq_new *n = run->data;

	return id != run->rq->user.id && n->dir_loaded && dir_has(&n->dir, id);
}

static int opp_ok(void *ctx, long long id)
{
	struct fk_run *run = ctx;
	struct dbres *r = NULL;
	int ok;

	if (DB_EXEC(run->rq->app->db, ST_IREQ_OPP, &r, DBI(id), DBI(run->rq->ids[0])) != DB_OK)
		return -1;
	ok = r->nrows == 1;
	dbres_free(&r);
	return ok;
}

static const struct fk_field new_fields[N__N] = {
	[N_SUBJECT] = { "subject", FK_TEXT, FK_REQUIRED, .min = 1, .max = 200 },
	[N_QUESTION] = { "question", FK_LONGTEXT, FK_REQUIRED, .min = 1, .max = 2000 },
	[N_RESPONDER] = { "responder", FK_USER, FK_REQUIRED, .lookup = responder_ok },
	[N_OPP] = { "opportunity_id", FK_ID, .lookup = opp_ok },
};
static const struct fk_form new_form = { new_fields, N__N };

/* The customer, visible to a user who may raise requests (not the read-only executive), and the people
 * who may answer: 0, 1 (404), -1. */
static int new_load(struct fk_run *run)
{
	struct req *rq = run->rq;
	struct ireq_new *n = run->data;
	struct dbres *r = NULL;
	struct vis_scope s;

	if (rq->user.role == ROLE_EXECUTIVE)
		return 1;
	vis_scope_for(&rq->user, &s);
	if (DB_EXEC(rq->app->db, ST_IREQ_CUSTOMER, &r, VIS_PARAMS(&s), DBI(rq->ids[0])) != DB_OK)
		return -1;
	if (r->nrows != 1) {
		dbres_free(&r);
		return 1;
	}
	snprintf(n->cname, sizeof n->cname, "%s", dbres_str(r, 0, 1));
	row_ref_at(r, 0, 2, &n->ref);
	dbres_free(&r);
	if (dir_assignable(rq->app->db, &n->ref, rq->ids[0], &n->dir) < 0)
		return -1;
	n->dir_loaded = 1;
	return 0;
}

static int new_write(struct db *db, struct fk_run *run)
{
	struct req *rq = run->rq;
	const struct fk_val *v = run->v;
	struct dbres *r = NULL;
	char now[20], due[20];
	int rc;

	clock_fmt_utc(rq->now, now);
	clock_fmt_utc(ireq_answer_due(rq->now), due);
	rc = DB_EXEC(db, ST_IREQ_INSERT, &r, DBI(rq->ids[0]), DBID(v[N_OPP].i), DBI(rq->user.id), DBI(v[N_RESPONDER].i),
	             DBS(v[N_SUBJECT].s), DBS(now), DBS(due), DBS(now), DBS(now));
	if (rc == DB_OK)
		run->id = (long long)r->insert_id;
	dbres_free(&r);
	if (rc)
		return rc;
	snprintf(run->detail, sizeof run->detail, "customer=%lld responder=%lld", rq->ids[0], v[N_RESPONDER].i);
	return DB_EXEC(db, ST_IREQ_MSG_INSERT, NULL, DBI(run->id), DBS("ask"), DBI(rq->user.id), DBS(now),
	               DBS(v[N_QUESTION].s));
}

static int new_render(struct fk_run *run)
{
	struct req *rq = run->rq;
	struct ireq_new *n = run->data;
	struct dbres *r = NULL;
	const char *opp;
	char id[24];
	size_t i, k = 0;

	view_set_int(rq, "Form.customer_id", rq->ids[0]);
	view_set(rq, "Form.customer", n->cname);
	if (!run->v && (opp = req_query(rq, "opportunity_id")))
		view_set(rq, "Form.values.opportunity_id", opp);
	for (i = 0; i < n->dir.n; i++) {
		if (dir_id(&n->dir, i) == rq->user.id)
			continue;
		snprintf(id, sizeof id, "%lld", dir_id(&n->dir, i));
		view_setf(rq, id, "Choices.responders.%zu.value", k);
		view_setf(rq, dir_name(&n->dir, i), "Choices.responders.%zu.label", k);
		k++;
	}
	if (DB_EXEC(rq->app->db, ST_IREQ_OPPS, &r, DBI(rq->ids[0])) != DB_OK)
		return -1;
	for (i = 0; i < r->nrows; i++) {
		view_setf(rq, dbres_get(r, i, 0), "Choices.opps.%zu.value", i);
		view_setf(rq, dbres_str(r, i, 1), "Choices.opps.%zu.label", i);
	}
	dbres_free(&r);
	return view_render(rq, run->rs, "requests/new.cs");
}

static const struct fk_page new_page = {
	.form = &new_form, .load = new_load, .write = new_write, .render = new_render,
	.audit_action = "ireq.create", .audit_entity = "internal_request", .flash = "saved",
	.location = "/requests/%lld",
};

static int page_request_new(struct req *rq, struct resp *rs)
{
	struct ireq_new n = { 0 };
	int rc = fk_get(rq, rs, &new_page, &n);

	dir_free(&n.dir);
	return rc;
}

static int page_request_create(struct req *rq, struct resp *rs)
{
	struct ireq_new n = { 0 };
	int rc = fk_post(rq, rs, &new_page, &n);

	dir_free(&n.dir);
	return rc;
}

/* ------------------------------------------------------------------ the exchange and its steps */

struct ireq_one {
	long long requester, responder;
	enum ireq_state state;
	enum ireq_step step;   /* the step a POST takes */
	int posting;
};

/* The request as the user may see it, its exchange and the forms of the steps the user may take. */
static int show_fill(struct req *rq, long long id, struct ireq_one *o)
{
	struct vis_scope s;
	struct dbres *r = NULL, *m = NULL;
	char name[64];
	size_t i;

	vis_scope_for(&rq->user, &s);
	if (DB_EXEC(rq->app->db, ST_IREQ_GET, &r, IREQ_PARAMS(&s, rq->user.id), DBI(id)) != DB_OK)
		return -1;
	if (r->nrows != 1) {
		dbres_free(&r);
		return 1;
	}
	o->requester = dbres_int(r, 0, RC_REQUESTER);
	o->responder = dbres_int(r, 0, RC_RESPONDER);
	o->state = ireq_state_parse(dbres_str(r, 0, RC_STATE));
	set_request(rq, r, 0, "IReq");
	dbres_free(&r);
	if (DB_EXEC(rq->app->db, ST_IREQ_MESSAGES, &m, DBI(id)) != DB_OK)
		return -1;
	for (i = 0; i < m->nrows; i++) {
		snprintf(name, sizeof name, "IReq.msgs.%zu.kind_label", i);
		set_label(rq, name, "ireq.kind", dbres_str(m, i, 0));
		view_setf(rq, dbres_str(m, i, 0), "IReq.msgs.%zu.kind", i);
		view_setf(rq, dbres_str(m, i, 2), "IReq.msgs.%zu.author", i);
		snprintf(name, sizeof name, "IReq.msgs.%zu.at", i);
		set_when(rq, name, dbres_str(m, i, 3));
		view_setf(rq, dbres_str(m, i, 4), "IReq.msgs.%zu.body", i);
	}
	dbres_free(&m);
	if (ireq_may(IREQ_ANSWER, o->state, rq->user.id, o->requester, o->responder))
		view_set(rq, "IReq.can_answer", "1");
	if (ireq_may(IREQ_CONFIRM, o->state, rq->user.id, o->requester, o->responder))
		view_set(rq, "IReq.can_confirm", "1");
	return 0;
}

static int step_load(struct fk_run *run)
{
	struct ireq_one *o = run->data;
	int rc = show_fill(run->rq, run->id, o);

	if (rc)
		return rc;
	/* a step that is not the user's: as if the request were not there */
	if (o->posting && (o->step == IREQ_ANSWER ? run->rq->user.id != o->responder : run->rq->user.id != o->requester))
		return 1;
	snprintf(run->location, sizeof run->location, "/requests/%lld", run->id);
	return 0;
}

static int step_render(struct fk_run *run)
{
	return view_render(run->rq, run->rs, "requests/show.cs");
}

enum { S_BODY, S__N };
static const struct fk_field answer_fields[S__N] = { [S_BODY] = { "answer", FK_LONGTEXT, FK_REQUIRED, .min = 1, .max = 2000 } };
static const struct fk_field confirm_fields[S__N] = { [S_BODY] = { "note", FK_LONGTEXT, .max = 2000 } };
static const struct fk_field reopen_fields[S__N] = { [S_BODY] = { "reason", FK_LONGTEXT, FK_REQUIRED, .min = 1, .max = 2000 } };
static const struct fk_form answer_form = { answer_fields, S__N };
static const struct fk_form confirm_form = { confirm_fields, S__N };
static const struct fk_form reopen_form = { reopen_fields, S__N };

static const char *const step_kind[] = { [IREQ_ANSWER] = "answer", [IREQ_CONFIRM] = "confirm", [IREQ_REOPEN] = "reopen" };

/* One step under the request's row lock: refused (422 with the message) when the request moved on. */
static int step_write(struct db *db, struct fk_run *run)
{
	struct ireq_one *o = run->data;
	struct req *rq = run->rq;
	struct dbres *r = NULL;
	char now[20], due[20];
	enum ireq_state st;
	int rc;

	if ((rc = DB_EXEC(db, ST_IREQ_LOCK, &r, DBI(run->id))))
		return rc;
	st = r->nrows == 1 ? ireq_state_parse(dbres_str(r, 0, 0)) : IREQ__BAD;
	dbres_free(&r);
	if (!ireq_may(o->step, st, rq->user.id, o->requester, o->responder)) {
		fk_fail(run, NULL, "ireq.err_state");
		return FK_INVALID;
	}
	clock_fmt_utc(rq->now, now);
	switch (o->step) {
	case IREQ_ANSWER:
		rc = DB_EXEC(db, ST_IREQ_SET_ANSWERED, NULL, DBS(now), DBS(now), DBI(run->id));
		break;
	case IREQ_CONFIRM:
		rc = DB_EXEC(db, ST_IREQ_SET_CONFIRMED, NULL, DBS(now), DBS(now), DBI(run->id));
		break;
	case IREQ_REOPEN:
		clock_fmt_utc(ireq_answer_due(rq->now), due);
		rc = DB_EXEC(db, ST_IREQ_SET_REOPENED, NULL, DBS(now), DBS(due), DBS(now), DBI(run->id));
		break;
	}
	if (rc)
		return rc;
	return DB_EXEC(db, ST_IREQ_MSG_INSERT, NULL, DBI(run->id), DBS(step_kind[o->step]), DBI(rq->user.id), DBS(now),
	               DBS(run->v[S_BODY].s));
}

static const struct fk_page answer_page = {
	.form = &answer_form, .load = step_load, .write = step_write, .render = step_render,
	.audit_action = "ireq.answer", .audit_entity = "internal_request", .flash = "saved",
};
static const struct fk_page confirm_page = {
	.form = &confirm_form, .load = step_load, .write = step_write, .render = step_render,
	.audit_action = "ireq.confirm", .audit_entity = "internal_request", .flash = "saved",
};
static const struct fk_page reopen_page = {
	.form = &reopen_form, .load = step_load, .write = step_write, .render = step_render,
	.audit_action = "ireq.reopen", .audit_entity = "internal_request", .flash = "saved",
};

static int page_request_show(struct req *rq, struct resp *rs)
{
	struct ireq_one o = { 0 };

	return fk_get(rq, rs, &answer_page, &o);
}

static int page_request_answer(struct req *rq, struct resp *rs)
{
	struct ireq_one o = { .step = IREQ_ANSWER, .posting = 1 };

	return fk_post(rq, rs, &answer_page, &o);
}

static int page_request_confirm(struct req *rq, struct resp *rs)
{
	struct ireq_one o = { .step = IREQ_CONFIRM, .posting = 1 };

	return fk_post(rq, rs, &confirm_page, &o);
}

static int page_request_reopen(struct req *rq, struct resp *rs)
{
	struct ireq_one o = { .step = IREQ_REOPEN, .posting = 1 };

	return fk_post(rq, rs, &reopen_page, &o);
}

/* The routes of this file; the dispatcher checks sign-in, CSRF and capability before a handler runs. */
static const struct route routes[] = {
	{ "GET",  "/requests",                   page_requests,         CAP_SALES, CSRF_NONE },
	{ "GET",  "/customers/:id/requests/new", page_request_new,      CAP_SALES, CSRF_NONE },
	{ "POST", "/customers/:id/requests",     page_request_create,   CAP_SALES, CSRF_CHECK },
	{ "GET",  "/requests/:id",               page_request_show,     CAP_SALES, CSRF_NONE },
	{ "POST", "/requests/:id/answer",        page_request_answer,   CAP_SALES, CSRF_CHECK },
	{ "POST", "/requests/:id/confirm",       page_request_confirm,  CAP_SALES, CSRF_CHECK },
	{ "POST", "/requests/:id/reopen",        page_request_reopen,   CAP_SALES, CSRF_CHECK },
};
PAGE_ROUTES(routes);
