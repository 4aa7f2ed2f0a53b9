/* /objections — the objection tracker (seed 004 template 3), sales roles (CAP_SALES).
 *   GET  /objections          every objection the user may see (VIS_SQL on the customer), filters
 *                             ?type= &result= &owner=<user id> &customer=<id> &after=<last id>, declared
 *                             in a query table (a value that does not fit is refused, never dropped)
 *   POST /objections/{id}     result, response, follow_up (the editor of the customer only; else 404);
 *                             a mistake shows the tracker again with the message and what was typed
 * The tracker and the negotiation record read the same row: an update here shows on the record. */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "audit/audit.h"
#include "auth/visibility.h"
#include "domain/directory.h"
#include "domain/records.h"
#include "form/page.h"
#include "http/router.h"
#include "pages/customer_common.h"
#include "pages/pages.h"
#include "util/clock.h"
#include "view/view.h"

#define OBJ_PAGE 100

/* Column positions of ST_OBJ_LIST. */
enum { OL_ID, OL_QUOTE, OL_TYPE, OL_RESPONSE, OL_RESULT, OL_FOLLOW, OL_OWNER, OL_OWNER_NAME, OL_CID, OL_CNAME,
       OL_NEG, OL_HELD, OL_C_OWNER, OL_C_TEAM, OL_C_REGION, OL_C_SHARED };

enum { OQ_TYPE, OQ_RESULT, OQ_OWNER, OQ_CUSTOMER, OQ_AFTER, OQ__N };
static const struct fk_field tracker_fields[OQ__N] = {
	[OQ_TYPE] = { "type", FK_CHOICE, .choices = rec_objection_types },
	[OQ_RESULT] = { "result", FK_CHOICE, .choices = rec_objection_results },
	[OQ_OWNER] = { "owner", FK_INT, .min = 1, .max = LLONG_MAX },
	[OQ_CUSTOMER] = { "customer", FK_INT, .min = 1, .max = LLONG_MAX },
	[OQ_AFTER] = { "after", FK_INT, .min = 1, .max = LLONG_MAX },   /* the id of the last row shown */
};
static const struct fk_form tracker_form = { tracker_fields, OQ__N };

/* The tracker; editing (an objection id, or 0) is the one whose update form is shown again with what
 * was typed — in its row when on this page, else above the list. */
static int render_tracker(struct req *rq, struct resp *rs, long long editing)
{
	struct fk_val f[OQ__N];
	const char *type, *result;
	long long owner, customer, after;
	struct dbres *r = NULL;
	struct directory people;
	struct vis_scope s;
	char name[64];
	size_t i;
	int rc = fk_query(rq, rs, &tracker_form, NULL, f), shown = 0;

	if (rc)
		return rc < 0 ? -1 : 0;
	type = f[OQ_TYPE].present ? f[OQ_TYPE].s : "";
	result = f[OQ_RESULT].present ? f[OQ_RESULT].s : "";
	owner = f[OQ_OWNER].i;
	customer = f[OQ_CUSTOMER].i;
	after = f[OQ_AFTER].i;
	vis_scope_for(&rq->user, &s);
	if (customer)
		rc = DB_EXEC(rq->app->db, ST_OBJ_LIST_CUSTOMER, &r, VIS_PARAMS(&s), DBI(customer), DBS(type), DBS(type),
		             DBS(result), DBS(result), DBI(owner), DBI(owner), DBI(LIST_BELOW(after)), DBI(OBJ_PAGE + 1));
	else
		rc = DB_EXEC(rq->app->db, ST_OBJ_LIST, &r, DBI(LIST_BELOW(after)), DBI(LIST_BELOW(after)), DBI(LIST_SCAN),
		             VIS_PARAMS(&s),
		             DBS(type), DBS(type), DBS(result), DBS(result), DBI(owner), DBI(owner), DBI(OBJ_PAGE + 1));
	if (rc != DB_OK)
		return -1;
	for (i = 0; i < r->nrows && i < OBJ_PAGE; i++) {
		struct row_ref ref;

		row_ref_at(r, i, OL_C_OWNER, &ref);
		view_setf(rq, dbres_get(r, i, OL_ID), "Objs.%zu.id", i);
		view_setf(rq, dbres_get(r, i, OL_QUOTE), "Objs.%zu.quote", i);
		view_setf(rq, dbres_get(r, i, OL_TYPE), "Objs.%zu.type", i);
		snprintf(name, sizeof name, "Objs.%zu.type_label", i);
		set_label(rq, name, "rec.otype", dbres_get(r, i, OL_TYPE));
		view_setf(rq, dbres_get(r, i, OL_RESPONSE), "Objs.%zu.response", i);
		view_setf(rq, dbres_get(r, i, OL_RESULT), "Objs.%zu.result", i);
		snprintf(name, sizeof name, "Objs.%zu.result_label", i);
		set_label(rq, name, "rec.result", dbres_get(r, i, OL_RESULT));
		view_setf(rq, dbres_get(r, i, OL_FOLLOW), "Objs.%zu.follow_up", i);
		view_setf(rq, dbres_str(r, i, OL_OWNER_NAME), "Objs.%zu.owner", i);
		view_setf(rq, dbres_get(r, i, OL_CID), "Objs.%zu.customer_id", i);
		view_setf(rq, dbres_get(r, i, OL_CNAME), "Objs.%zu.customer_name", i);
		view_setf(rq, dbres_get(r, i, OL_NEG), "Objs.%zu.negotiation_id", i);
		snprintf(name, sizeof name, "Objs.%zu.held_on", i);
		set_date(rq, name, dbres_get(r, i, OL_HELD));
		if (vis_can_edit(&rq->user, &ref))
			view_setf(rq, "1", "Objs.%zu.can_edit", i);
		if (editing && dbres_int(r, i, OL_ID) == editing) {
			view_setf(rq, "1", "Objs.%zu.editing", i);
			shown = 1;
		}
	}
	if (r->nrows > OBJ_PAGE) {
		view_set(rq, "Page.next_after", dbres_get(r, OBJ_PAGE - 1, OL_ID));
	} else if (!customer) {
		long long next = list_window_next(rq, ST_OBJ_WINDOW, LIST_BELOW(after));
		if (next < 0) {
			dbres_free(&r);
			return -1;
		}
		if (next > 0) {
			view_set_int(rq, "Page.next_after", next);
			view_set(rq, "Page.window_more", "1");
		}
	}
	dbres_free(&r);
	/* owners to filter by: the people this user works with (names only) */
	if (dir_colleagues(rq->app->db, &rq->user, &people) < 0)
		return -1;
	for (i = 0; i < people.n; i++) {
		snprintf(name, sizeof name, "Choices.users.%zu.id", i);
		view_set_int(rq, name, dir_id(&people, i));
		view_setf(rq, dir_name(&people, i), "Choices.users.%zu.name", i);
	}
	dir_free(&people);
	set_choice_list(rq, "Choices.otype", rec_objection_types, "rec.otype");
	set_choice_list(rq, "Choices.result", rec_objection_results, "rec.result");
	if (editing) {
		view_set_int(rq, "Form.id", editing);
		if (!shown)
			view_set(rq, "Form.above", "1");
	}
	return view_render(rq, rs, "objections/list.cs");
}

int page_objections(struct req *rq, struct resp *rs)
{
	return render_tracker(rq, rs, 0);
}

enum { O_RESULT, O_RESPONSE, O_FOLLOW, O_NEXT, O__N };
static const struct fk_field obj_fields[O__N] = {
	[O_RESULT] = { "result", FK_CHOICE, FK_REQUIRED, .choices = rec_objection_results },
	[O_RESPONSE] = { "response", FK_LONGTEXT, .max = 5000 },
	[O_FOLLOW] = { "follow_up", FK_LONGTEXT, .max = 5000 },
	[O_NEXT] = { "next", FK_TEXT, .max = 40 },   /* where to go back to: a record, else the tracker */
};
static const struct fk_form obj_form = { obj_fields, O__N };

/* The objection, visible and its customer editable by this user. */
static int obj_load(struct fk_run *run)
{
	struct dbres *r = NULL;
	struct row_ref ref;

	int rc = require_editable(run->rq, run->rs, vis_fetch_ref(run->rq, ST_OBJ_GET, run->id, 2, &r, &ref), &r, &ref);

	dbres_free(&r);
	return rc;
}

/* Back to the record the update was made from, or the tracker; only these local paths. */
static int obj_check(struct fk_run *run)
{
	const char *next = run->v[O_NEXT].s;

	if (!strncmp(next, "/negotiations/", 14) && next[14] && strspn(next + 14, "0123456789") == strlen(next + 14))
		snprintf(run->location, sizeof run->location, "%s", next);
	else
		snprintf(run->location, sizeof run->location, "/objections");
	return 0;
}

static int obj_write(struct db *db, struct fk_run *run)
{
	const struct fk_val *v = run->v;
	char now[20];

	clock_fmt_utc(run->rq->now, now);
	snprintf(run->detail, sizeof run->detail, "result response follow_up");
	return DB_EXEC(db, ST_OBJ_UPDATE, NULL, DBS(v[O_RESULT].s), DBS(v[O_RESPONSE].s), DBS(v[O_FOLLOW].s), DBS(now),
	               DBI(run->id));
}

static int obj_render(struct fk_run *run)
{
	return render_tracker(run->rq, run->rs, run->id);
}

static const struct fk_page obj_page = {
	.form = &obj_form, .load = obj_load, .check = obj_check, .write = obj_write, .render = obj_render,
	.audit_action = "objection.update", .audit_entity = "objection", .flash = "saved",
};

int page_objection_update(struct req *rq, struct resp *rs)
{
	return fk_post(rq, rs, &obj_page, NULL);
}

/* The routes of this file; the dispatcher checks sign-in, CSRF and capability before a handler runs. */
static const struct route routes[] = {
	{ "GET", "/objections",     page_objections,       CAP_SALES, CSRF_NONE },
	{ "POST", "/objections/:id", page_objection_update, CAP_SALES, CSRF_CHECK },
};
PAGE_ROUTES(routes);
