/* The deal team of an opportunity (RACI, seed 003). CAP_LOGIN (an administrator has no sales data but may
 * change a team).
 *   POST /opportunities/{id}/team               user, raci, function: adds a member
 *   POST /opportunities/{id}/team/{id}/remove   removes a member; the access it gave ends at once
 * Allowed to the opportunity's owner, whoever may edit its customer and administrators; anyone else
 * who may see it is refused (403) and the attempt audited (deal_team.refused); anyone who may not see
 * it gets 404. The opportunity page shows the team through deal_team_for_opportunity(). */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "audit/audit.h"
#include "auth/visibility.h"
#include "domain/dealteam.h"
#include "domain/directory.h"
#include "http/fields.h"
#include "http/router.h"
#include "pages/customer_common.h"
#include "pages/pages.h"
#include "util/clock.h"
#include "view/view.h"

struct dt_opp {
	long long id, customer_id, owner_id;
	struct row_ref ref;
};

/* 0 loaded, 1 answered (404 or refused), -1 error. */
static int load_opp(struct req *rq, struct resp *rs, long long id, struct dt_opp *o, int changing)
{
	struct dbres *r = NULL;
	int see;

	if (DB_EXEC(rq->app->db, ST_DT_OPP, &r, DBI(id)) != DB_OK)
		return -1;
	if (r->nrows != 1) {
		dbres_free(&r);
		resp_error(rs, rq, 404);
		return 1;
	}
	o->id = id;
	o->customer_id = dbres_int(r, 0, 1);
	o->owner_id = dbres_int(r, 0, 2);
	row_ref_at(r, 0, 3, &o->ref);
	dbres_free(&r);
	if (rq->user.role != ROLE_ADMIN) {
		see = vis_can_see_db(rq->app->db, &rq->user, &o->ref, o->customer_id);
		if (see < 0)
			return -1;
		if (!see) {
			if (changing && audit_req_tx(rq, "deal_team.refused", "opportunity", id, "not visible") != DB_OK)
				return -1;
			resp_error(rs, rq, 404);
			return 1;
		}
	}
	if (changing && !dt_may_change(&rq->user, o->owner_id, &o->ref)) {
		if (audit_req_tx(rq, "deal_team.refused", "opportunity", id, "not in the deal's line") != DB_OK)
			return -1;
		resp_error(rs, rq, 403);
		return 1;
	}
	return 0;
}

/* Who may join, as offered on the form and accepted by the add (docs/deal-team.md): the people this
 * user works with and the specialists (a function other than none), never the user themselves. */
static int candidates_load(struct req *rq, struct dbres **r, struct directory *d)
{
	if (dir_colleagues(rq->app->db, &rq->user, d) < 0)
		return -1;
	if (db_exec(rq->app->db, ST_DT_CANDIDATES, NULL, 0, r) != DB_OK) {
		dir_free(d);
		return -1;
	}
	return 0;
}

static int candidate_offered(const struct req *rq, const struct dbres *r, size_t i, const struct directory *d)
{
	long long id = dbres_int(r, i, 0);

	return id != rq->user.id && (strcmp(dbres_str(r, i, 2), "none") != 0 || dir_has(d, id));
}

/* Whether user_id is among the candidates offered to this user: 1 / 0, -1 error. */
static int candidate_ok(struct req *rq, long long user_id)
{
	struct dbres *r = NULL;
	struct directory d;
	size_t i;
	int ok = 0;

	if (candidates_load(rq, &r, &d) < 0)
		return -1;
	for (i = 0; i < r->nrows && !ok; i++)
		ok = dbres_int(r, i, 0) == user_id && candidate_offered(rq, r, i, &d);
	dbres_free(&r);
	dir_free(&d);
	return ok;
}

int deal_team_for_opportunity(struct req *rq, long long opp_id)
{
	struct dbres *r = NULL;
	struct directory d;
	struct row_ref customer;
	long long opp_owner;
	char name[64];
	size_t i, k = 0;

	if (DB_EXEC(rq->app->db, ST_DT_OPP, &r, DBI(opp_id)) != DB_OK)
		return -1;
	if (r->nrows != 1) {
		dbres_free(&r);
		return 0;
	}
	opp_owner = dbres_int(r, 0, 2);
	row_ref_at(r, 0, 3, &customer);
	dbres_free(&r);
	if (DB_EXEC(rq->app->db, ST_DT_LIST, &r, DBI(opp_id)) != DB_OK)
		return -1;
	for (i = 0; i < r->nrows; i++) {
		view_setf(rq, dbres_get(r, i, 0), "OppTeam.members.%zu.id", i);
		view_setf(rq, dbres_get(r, i, 1), "OppTeam.members.%zu.user_id", i);
		view_setf(rq, dbres_str(r, i, 2), "OppTeam.members.%zu.name", i);
		view_setf(rq, dbres_str(r, i, 3), "OppTeam.members.%zu.raci", i);
		snprintf(name, sizeof name, "OppTeam.members.%zu.function", i);
		set_label(rq, name, "dt.function", dbres_str(r, i, 4));
	}
	dbres_free(&r);
	if (!dt_may_change(&rq->user, opp_owner, &customer))
		return 0;
	view_set(rq, "OppTeam.can_change", "1");
	if (candidates_load(rq, &r, &d) < 0)
		return -1;
	for (i = 0; i < r->nrows; i++) {
		if (!candidate_offered(rq, r, i, &d))
			continue;
		view_setf(rq, dbres_get(r, i, 0), "OppTeam.candidates.%zu.id", k);
		view_setf(rq, dbres_str(r, i, 1), "OppTeam.candidates.%zu.name", k);
		k++;
	}
	dbres_free(&r);
	dir_free(&d);
	set_choice_list(rq, "OppTeam.raci", dt_raci, "dt.raci");
	set_choice_list(rq, "OppTeam.functions", dt_functions, "dt.function");
	return 0;
}

struct dt_tx {
	struct req *rq;
	struct dt_opp *o;
	long long user_id, member_id;
	const char *raci, *function;
	enum dt_err err;
};

static int add_tx_fn(struct db *db, void *p)
{
	struct dt_tx *t = p;
	struct dbres *r = NULL;
	char now[20], detail[96];
	int rc;

	if ((rc = DB_EXEC(db, ST_DT_OPP_LOCK, NULL, DBI(t->o->id))))
		return rc;
	if ((rc = DB_EXEC(db, ST_DT_STATE, &r, DBI(t->user_id), DBI(t->o->id))))
		return rc;
	t->err = dt_check_add((int)dbres_int(r, 0, 0), dbres_int(r, 0, 1) > 0, dbres_int(r, 0, 2) > 0, t->raci);
	dbres_free(&r);
	if (t->err != DT_OK)
		return 1;
	clock_fmt_utc(t->rq->now, now);
	if ((rc = DB_EXEC(db, ST_DT_INSERT, NULL, DBI(t->o->id), DBI(t->o->customer_id), DBI(t->user_id), DBS(t->raci),
	                  DBS(t->function), DBI(t->rq->user.id), DBS(now))))
		return rc;
	snprintf(detail, sizeof detail, "user=%lld raci=%s function=%s", t->user_id, t->raci, t->function);
	return audit_req(t->rq, "deal_team.add", "opportunity", t->o->id, detail);
}

static int remove_tx_fn(struct db *db, void *p)
{
	struct dt_tx *t = p;
	struct dbres *r = NULL;
	char detail[64];
	int rc, is_a, n;

	if ((rc = DB_EXEC(db, ST_DT_OPP_LOCK, NULL, DBI(t->o->id))))
		return rc;
	if ((rc = DB_EXEC(db, ST_DT_MEMBER, &r, DBI(t->member_id), DBI(t->o->id))))
		return rc;
	if (r->nrows != 1) {
		dbres_free(&r);
		t->err = DT_ALREADY;   /* gone meanwhile */
		return 1;
	}
	t->user_id = dbres_int(r, 0, 1);
	is_a = !strcmp(dbres_str(r, 0, 2), "A");
	dbres_free(&r);
	if ((rc = DB_EXEC(db, ST_DT_STATE, &r, DBI(0), DBI(t->o->id))))
		return rc;
	n = (int)dbres_int(r, 0, 0);
	dbres_free(&r);
	if ((t->err = dt_check_remove(n, is_a)) != DT_OK)
		return 1;
	if ((rc = DB_EXEC(db, ST_DT_DELETE, NULL, DBI(t->member_id), DBI(t->o->id))))
		return rc;
	snprintf(detail, sizeof detail, "user=%lld", t->user_id);
	return audit_req(t->rq, "deal_team.remove", "opportunity", t->o->id, detail);
}

/* Back to the opportunity page with a message (the kit's flash carries only a key). */
static int back(struct req *rq, struct resp *rs, long long opp_id, const char *flash)
{
	char loc[64];

	view_flash(rq, rs, flash);
	snprintf(loc, sizeof loc, "/opportunities/%lld", opp_id);
	resp_redirect(rs, loc);
	return 0;
}

static int refuse(struct req *rq, struct resp *rs, const char *key)
{
	view_set(rq, "Form.error", view_str(rq, key));
	rs->status = 422;
	return view_render(rq, rs, "deal_team/refused.cs");
}

static const struct field_spec add_fields[] = {
	{ "user", F_ID, 1, 0, 0, NULL },
	{ "raci", F_CHOICE, 1, 0, 0, dt_raci },
	{ "function", F_CHOICE, 1, 0, 0, dt_functions },
};

int page_deal_team_add(struct req *rq, struct resp *rs)
{
	struct field_val v[3];
	struct dt_opp o;
	struct dt_tx t;
	int rc = load_opp(rq, rs, rq->ids[0], &o, 1), ok;

	if (rc)
		return rc < 0 ? -1 : 0;
	view_set_int(rq, "Opp.id", o.id);
	form_keep(rq, add_fields, 3);
	if (form_validate(rq, add_fields, 3, v))
		return refuse(rq, rs, "form.has_errors");
	if (v[0].i == rq->user.id)
		return refuse(rq, rs, "dt.err_self");
	if ((ok = candidate_ok(rq, v[0].i)) < 0)
		return -1;
	if (!ok)
		return refuse(rq, rs, "dt.err_user");
	t = (struct dt_tx){ .rq = rq, .o = &o, .user_id = v[0].i, .raci = v[1].s, .function = v[2].s };
	rc = db_tx(rq->app->db, add_tx_fn, &t);
	if (rc != DB_OK && t.err == DT_OK)
		return -1;
	if (t.err != DT_OK)
		return refuse(rq, rs, dt_err_key(t.err));
	return back(rq, rs, o.id, "saved");
}

int page_deal_team_remove(struct req *rq, struct resp *rs)
{
	struct dt_opp o;
	struct dt_tx t;
	int rc = load_opp(rq, rs, rq->ids[0], &o, 1);

	if (rc)
		return rc < 0 ? -1 : 0;
	view_set_int(rq, "Opp.id", o.id);
	t = (struct dt_tx){ .rq = rq, .o = &o, .member_id = rq->ids[1] };
	rc = db_tx(rq->app->db, remove_tx_fn, &t);
	if (rc != DB_OK && t.err == DT_OK)
		return -1;
	if (t.err == DT_ALREADY) {
		resp_error(rs, rq, 404);
		return 0;
	}
	if (t.err != DT_OK)
		return refuse(rq, rs, dt_err_key(t.err));
	return back(rq, rs, o.id, "saved");
}

/* The routes of this file; the dispatcher checks sign-in, CSRF and capability before a handler runs. */
static const struct route routes[] = {
	{ "POST", "/opportunities/:id/team",            page_deal_team_add,    CAP_LOGIN, CSRF_CHECK },
	{ "POST", "/opportunities/:id/team/:id/remove", page_deal_team_remove, CAP_LOGIN, CSRF_CHECK },
};
PAGE_ROUTES(routes);
