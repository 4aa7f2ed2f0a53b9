/* /admin/users/{id}/function — admin only (CAP_ADMIN): the function a user carries besides their role
 * (technical advisor, finance, legal …; docs/deal-team.md). Specialists are offered on deal teams and
 * can be asked internal requests. The change is audited (user.function).
 *   GET  /admin/users/{id}/function   the form
 *   POST /admin/users/{id}/function   function: one of dt_functions */
#include <stdio.h>

#include "app.h"
#include "domain/dealteam.h"
#include "form/page.h"
#include "http/router.h"
#include "pages/customer_common.h"
#include "pages/pages.h"
#include "util/clock.h"
#include "view/view.h"

enum { UF_FUNCTION, UF__N };
static const struct fk_field fields[UF__N] = {
	[UF_FUNCTION] = { "function", FK_CHOICE, FK_REQUIRED, .choices = dt_functions },
};
static const struct fk_form form = { fields, UF__N };

static int fn_load(struct fk_run *run)
{
	struct req *rq = run->rq;
	struct dbres *r = NULL;
	int found;

	if (DB_EXEC(rq->app->db, ST_USER_FUNCTION_GET, &r, DBI(run->id)) != DB_OK)
		return -1;
	found = r->nrows == 1;
	if (found) {
		view_set(rq, "Shown.display_name", dbres_str(r, 0, 1));
		view_set_int(rq, "Shown.id", run->id);
		view_set(rq, "Form.values.function", dbres_str(r, 0, 2));   /* a refused POST shows what was sent */
	}
	dbres_free(&r);
	return found ? 0 : 1;
}

static int fn_write(struct db *db, struct fk_run *run)
{
	char now[20];

	clock_fmt_utc(run->rq->now, now);
	snprintf(run->detail, sizeof run->detail, "function=%s", run->v[UF_FUNCTION].s);
	return DB_EXEC(db, ST_USER_FUNCTION_SET, NULL, DBS(run->v[UF_FUNCTION].s), DBS(now), DBI(run->id));
}

static int fn_render(struct fk_run *run)
{
	set_choice_list(run->rq, "Choices.functions", dt_functions, "dt.function");
	return view_render(run->rq, run->rs, "admin/user_function.cs");
}

static const struct fk_page page = {
	.form = &form, .load = fn_load, .write = fn_write, .render = fn_render,
	.audit_action = "user.function", .audit_entity = "user", .flash = "saved", .location = "/admin/users/%lld",
};

static int page_admin_user_function_form(struct req *rq, struct resp *rs)
{
	return fk_get(rq, rs, &page, NULL);
}

static int page_admin_user_function(struct req *rq, struct resp *rs)
{
	return fk_post(rq, rs, &page, NULL);
}

/* The routes of this file; the dispatcher checks sign-in, CSRF and capability before a handler runs. */
static const struct route routes[] = {
	{ "GET",  "/admin/users/:id/function", page_admin_user_function_form, CAP_ADMIN, CSRF_NONE },
	{ "POST", "/admin/users/:id/function", page_admin_user_function,      CAP_ADMIN, CSRF_CHECK },
};
PAGE_ROUTES(routes);
