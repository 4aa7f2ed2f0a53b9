/* /admin/teams, /admin/regions — admin only: list and create regions and teams.
 * /admin/audit — CAP_AUDIT_READ: the latest audit entries (no confidential values are ever in them). */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "audit/audit.h"
#include "http/fields.h"
#include "http/router.h"
#include "pages/pages.h"
#include "util/clock.h"
#include "view/view.h"

static const struct field_spec region_fields[] = {
	{ "name", F_TEXT, 1, 1, 100, NULL },
};
static const struct field_spec team_fields[] = {
	{ "name", F_TEXT, 1, 1, 100, NULL },
	{ "region_id", F_ID, 1, 0, 0, NULL },
};

static int list_regions(struct req *rq)
{
	struct dbres *r = NULL;
	size_t i;

	if (db_exec(rq->app->db, ST_REGION_LIST, NULL, 0, &r) != DB_OK)
		return -1;
	for (i = 0; i < r->nrows; i++) {
		view_setf(rq, dbres_get(r, i, 0), "Regions.%zu.id", i);
		view_setf(rq, dbres_get(r, i, 1), "Regions.%zu.name", i);
		view_setf(rq, dbres_get(r, i, 2), "Regions.%zu.teams", i);
	}
	dbres_free(&r);
	return 0;
}

static int list_teams(struct req *rq)
{
	struct dbres *r = NULL;
	size_t i;

	if (db_exec(rq->app->db, ST_TEAM_LIST, NULL, 0, &r) != DB_OK)
		return -1;
	for (i = 0; i < r->nrows; i++) {
		view_setf(rq, dbres_get(r, i, 0), "Teams.%zu.id", i);
		view_setf(rq, dbres_get(r, i, 1), "Teams.%zu.name", i);
		view_setf(rq, dbres_get(r, i, 2), "Teams.%zu.region", i);
		view_setf(rq, dbres_get(r, i, 4), "Teams.%zu.members", i);
	}
	dbres_free(&r);
	return 0;
}

int page_admin_regions(struct req *rq, struct resp *rs)
{
	if (list_regions(rq) < 0)
		return -1;
	return view_render(rq, rs, "admin/regions.cs");
}

int page_admin_teams(struct req *rq, struct resp *rs)
{
	if (list_teams(rq) < 0 || list_regions(rq) < 0)
		return -1;
	return view_render(rq, rs, "admin/teams.cs");
}

struct org_tx {
	struct req *rq;
	const struct field_val *v;
	int team;
};

static int org_tx_fn(struct db *db, void *p)
{
	struct org_tx *t = p;
	struct dbres *r = NULL;
	char now[20];
	long long id;
	int rc;

	clock_fmt_utc(t->rq->now, now);
	if (t->team)
		rc = DB_EXEC(db, ST_TEAM_INSERT, &r, DBI(t->v[1].i), DBS(t->v[0].s), DBS(now));
	else
		rc = DB_EXEC(db, ST_REGION_INSERT, &r, DBS(t->v[0].s), DBS(now));
	if (rc)
		return rc;
	id = (long long)r->insert_id;
	dbres_free(&r);
	return audit_req(t->rq, t->team ? "team.create" : "region.create", t->team ? "team" : "region", id, "");
}

static int create_org(struct req *rq, struct resp *rs, int team)
{
	const struct field_spec *specs = team ? team_fields : region_fields;
	size_t n = team ? 2 : 1;
	struct field_val v[2];
	struct org_tx t = { rq, v, team };
	int rc;

	form_keep(rq, specs, n);
	if (form_validate(rq, specs, n, v) == 0) {
		rc = db_tx(rq->app->db, org_tx_fn, &t);
		if (rc == DB_OK) {
			view_flash(rq, rs, "saved");
			resp_redirect(rs, team ? "/admin/teams" : "/admin/regions");
			return 0;
		}
		if (rc == DB_DUPLICATE)
			view_form_error(rq, "name", "admin.name_taken");
		else if (rc == DB_CONSTRAINT)
			view_form_error(rq, "region_id", "form.invalid_choice");
		else
			return -1;
	}
	rs->status = 422;
	return team ? page_admin_teams(rq, rs) : page_admin_regions(rq, rs);
}

int page_admin_team_create(struct req *rq, struct resp *rs)
{
	return create_org(rq, rs, 1);
}

int page_admin_region_create(struct req *rq, struct resp *rs)
{
	return create_org(rq, rs, 0);
}

int page_admin_audit(struct req *rq, struct resp *rs)
{
	const char *before_s = req_query(rq, "before");
	long long before = 0;
	struct dbres *r = NULL;
	size_t i;

	if (!before_s || parse_int64(before_s, 1, (long long)1 << 62, &before) < 0)
		before = (long long)1 << 62;
	if (DB_EXEC(rq->app->db, ST_AUDIT_RECENT, &r, DBI(before), DBI(101)) != DB_OK)
		return -1;
	for (i = 0; i < r->nrows && i < 100; i++) {
		view_setf(rq, dbres_get(r, i, 0), "Audit.%zu.id", i);
		view_setf(rq, dbres_get(r, i, 1), "Audit.%zu.at", i);
		view_setf(rq, dbres_get(r, i, 2), "Audit.%zu.action", i);
		view_setf(rq, dbres_get(r, i, 3), "Audit.%zu.entity", i);
		view_setf(rq, dbres_get(r, i, 4), "Audit.%zu.entity_id", i);
		view_setf(rq, dbres_get(r, i, 5), "Audit.%zu.ip", i);
		view_setf(rq, dbres_get(r, i, 6), "Audit.%zu.detail", i);
		view_setf(rq, dbres_get(r, i, 7), "Audit.%zu.actor", i);
	}
	if (r->nrows > 100)
		view_set(rq, "Page.next_before", dbres_get(r, 99, 0));
	dbres_free(&r);
	return view_render(rq, rs, "admin/audit.cs");
}

/* The routes of this file; the dispatcher checks sign-in, CSRF and capability before a handler runs. */
static const struct route routes[] = {
	{ "GET", "/admin/teams",   page_admin_teams,         CAP_ADMIN,      CSRF_NONE },
	{ "POST", "/admin/teams",   page_admin_team_create,   CAP_ADMIN,      CSRF_CHECK },
	{ "GET", "/admin/regions", page_admin_regions,       CAP_ADMIN,      CSRF_NONE },
	{ "POST", "/admin/regions", page_admin_region_create, CAP_ADMIN,      CSRF_CHECK },
	{ "GET", "/admin/audit",   page_admin_audit,         CAP_AUDIT_READ, CSRF_NONE },
};
PAGE_ROUTES(routes);
