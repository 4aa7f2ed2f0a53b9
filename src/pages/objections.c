/* /objections — the objection tracker (seed 004 template 3), sales roles (CAP_SALES).
 *   GET  /objections          every objection the user may see (VIS_SQL on the customer), filters
 *                             ?type= &result= &owner=<user id> &customer=<id> &after=<last id>
 *   POST /objections/{id}     result, response, follow_up (the editor of the customer only; else 404)
 * The tracker and the negotiation record read the same row: an update here shows on the record. */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "audit/audit.h"
#include "auth/visibility.h"
#include "domain/directory.h"
#include "domain/records.h"
#include "http/fields.h"
#include "http/router.h"
#include "pages/customer_common.h"
#include "pages/pages.h"
#include "util/clock.h"
#include "view/view.h"

#define OBJ_PAGE 100

/* Column positions of ST_OBJ_LIST. */
enum { OL_ID, OL_QUOTE, OL_TYPE, OL_RESPONSE, OL_RESULT, OL_FOLLOW, OL_OWNER, OL_OWNER_NAME, OL_CID, OL_CNAME,
       OL_NEG, OL_HELD, OL_C_OWNER, OL_C_TEAM, OL_C_REGION, OL_C_SHARED };

static int render_tracker(struct req *rq, struct resp *rs)
{
	const char *type = req_query(rq, "type"), *result = req_query(rq, "result"), *q;
	long long owner = 0, customer = 0, after = 0;
	struct dbres *r = NULL;
	struct directory people;
	struct vis_scope s;
	char name[64];
	size_t i;
	int rc;

	if (!rec_choice_ok(rec_objection_types, type))
		type = "";
	if (!rec_choice_ok(rec_objection_results, result))
		result = "";
	if ((q = req_query(rq, "owner")) && parse_id(q, strlen(q), &owner) < 0)
		owner = 0;
	if ((q = req_query(rq, "customer")) && parse_id(q, strlen(q), &customer) < 0)
		customer = 0;
	if ((q = req_query(rq, "after")) && parse_id(q, strlen(q), &after) < 0)
		after = 0;
	view_set(rq, "Filter.type", type);
	view_set(rq, "Filter.result", result);
	if (owner)
		view_set_int(rq, "Filter.owner", owner);
	if (customer)
		view_set_int(rq, "Filter.customer", customer);
	vis_scope_for(&rq->user, &s);
	if (customer)
		rc = DB_EXEC(rq->app->db, ST_OBJ_LIST_CUSTOMER, &r, VIS_PARAMS(&s), DBI(customer), DBS(type), DBS(type),
		             DBS(result), DBS(result), DBI(owner), DBI(owner), DBI(LIST_BELOW(after)), DBI(OBJ_PAGE + 1));
	else
		rc = DB_EXEC(rq->app->db, ST_OBJ_LIST, &r, DBI(LIST_BELOW(after)), DBI(LIST_SCAN), VIS_PARAMS(&s),
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
	return view_render(rq, rs, "objections/list.cs");
}

int page_objections(struct req *rq, struct resp *rs)
{
	return render_tracker(rq, rs);
}

struct obj_tx {
	struct req *rq;
	long long id;
	const char *result, *response, *follow_up;
};

static int update_tx_fn(struct db *db, void *p)
{
	struct obj_tx *t = p;
	char now[20];
	int rc;

	clock_fmt_utc(t->rq->now, now);
	rc = DB_EXEC(db, ST_OBJ_UPDATE, NULL, DBS(t->result), DBS(t->response), DBS(t->follow_up), DBS(now), DBI(t->id));
	if (rc)
		return rc;
	return audit_req(t->rq, "objection.update", "objection", t->id, "result response follow_up");
}

static const struct field_spec obj_fields[] = {
	{ "result", F_CHOICE, 1, 0, 0, rec_objection_results },
	{ "response", F_TEXT, 0, 0, 5000, NULL },
	{ "follow_up", F_TEXT, 0, 0, 5000, NULL },
};

int page_objection_update(struct req *rq, struct resp *rs)
{
	struct field_val v[3];
	struct dbres *r = NULL;
	struct row_ref ref;
	struct obj_tx t;
	const char *next = req_form(rq, "next");
	long long id = rq->ids[0];
	int rc = require_editable(rq, rs, vis_fetch_ref(rq, ST_OBJ_GET, id, 2, &r, &ref), &r, &ref);

	if (rc)
		return rc < 0 ? -1 : 0;
	dbres_free(&r);
	if (form_validate(rq, obj_fields, 3, v)) {
		rs->status = 422;
		view_set(rq, "Form.error", view_str(rq, "rec.fix_errors"));
		return render_tracker(rq, rs);
	}
	t = (struct obj_tx){ .rq = rq, .id = id, .result = v[0].s, .response = v[1].s, .follow_up = v[2].s };
	if (db_tx(rq->app->db, update_tx_fn, &t) != DB_OK)
		return -1;
	view_flash(rq, rs, "saved");
	/* back to the record or the tracker; only these local paths */
	if (next && strncmp(next, "/negotiations/", 14) == 0 && strspn(next + 14, "0123456789") == strlen(next + 14) &&
	    next[14])
		resp_redirect(rs, next);
	else
		resp_redirect(rs, "/objections");
	return 0;
}

/* The routes of this file; the dispatcher checks sign-in, CSRF and capability before a handler runs. */
static const struct route routes[] = {
	{ "GET", "/objections",     page_objections,       CAP_SALES, CSRF_NONE },
	{ "POST", "/objections/:id", page_objection_update, CAP_SALES, CSRF_CHECK },
};
PAGE_ROUTES(routes);
