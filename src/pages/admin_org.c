/* /admin/teams, /admin/regions — admin only: list and create regions and teams.
 * /admin/audit — CAP_AUDIT_READ: the latest audit entries (no confidential values are ever in them). */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "form/page.h"
#include "http/router.h"
#include "pages/pages.h"
#include "util/clock.h"
#include "view/view.h"

enum { O_NAME, O_REGION, O__N };
static int region_exists(void *ctx, long long id);
static const struct fk_field org_fields[O__N] = {
	[O_NAME] = { "name", FK_TEXT, FK_REQUIRED, .min = 1, .max = 100 },
	[O_REGION] = { "region_id", FK_ID, FK_REQUIRED, .lookup = region_exists },
};
static const struct fk_form region_form = { org_fields, 1 };
static const struct fk_form team_form = { org_fields, O__N };

static int region_exists(void *ctx, long long id)
{
	return fk_exists(ctx, ST_REGION_EXISTS, id);
}

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

/* The list with its create form: the GET page, and the form again with 422. */
static int org_render(struct fk_run *run)
{
	struct req *rq = run->rq;

	if (run->page->form == &team_form)
		return list_teams(rq) < 0 || list_regions(rq) < 0 ? -1 : view_render(rq, run->rs, "admin/teams.cs");
	return list_regions(rq) < 0 ? -1 : view_render(rq, run->rs, "admin/regions.cs");
}

/* A new region, or a team in a region; a name is unique among its kind. */
static int org_write(struct db *db, struct fk_run *run)
{
	int team = run->page->form == &team_form;
	struct dbres *r = NULL;
	char now[20];
	int rc;

	clock_fmt_utc(run->rq->now, now);
	if (team)
		rc = DB_EXEC(db, ST_TEAM_INSERT, &r, DBI(run->v[O_REGION].i), DBS(run->v[O_NAME].s), DBS(now));
	else
		rc = DB_EXEC(db, ST_REGION_INSERT, &r, DBS(run->v[O_NAME].s), DBS(now));
	if (rc == DB_OK)
		run->id = (long long)r->insert_id;
	dbres_free(&r);
	if (rc == DB_DUPLICATE) {
		fk_fail(run, "name", "form.taken");
		return FK_INVALID;
	}
	if (rc == DB_CONSTRAINT) {   /* the region went away meanwhile */
		fk_fail(run, "region_id", "form.not_found");
		return FK_INVALID;
	}
	return rc;
}

static const struct fk_page team_page = {
	.form = &team_form, .write = org_write, .render = org_render,
	.audit_action = "team.create", .audit_entity = "team", .flash = "saved", .location = "/admin/teams",
};
static const struct fk_page region_page = {
	.form = &region_form, .write = org_write, .render = org_render,
	.audit_action = "region.create", .audit_entity = "region", .flash = "saved", .location = "/admin/regions",
};

int page_admin_teams(struct req *rq, struct resp *rs)
{
	return fk_get(rq, rs, &team_page, NULL);
}

int page_admin_regions(struct req *rq, struct resp *rs)
{
	return fk_get(rq, rs, &region_page, NULL);
}

int page_admin_team_create(struct req *rq, struct resp *rs)
{
	return fk_post(rq, rs, &team_page, NULL);
}

int page_admin_region_create(struct req *rq, struct resp *rs)
{
	return fk_post(rq, rs, &region_page, NULL);
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
