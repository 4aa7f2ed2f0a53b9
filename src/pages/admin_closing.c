/* /admin/closing — admin only (CAP_ADMIN): the lists a closing chooses from (docs/closing.md), the
 * reasons and the competitors, one code for both.
 *   GET  /admin/closing               both lists and the add form
 *   POST /admin/closing               add a reason or a competitor
 *   GET  /admin/closing/{id}/edit     rename, reorder, take out of use (never deleted: closings name them)
 *   POST /admin/closing/{id}          save
 * Every change is audited. */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "form/page.h"
#include "http/router.h"
#include "pages/pages.h"
#include "util/clock.h"
#include "view/view.h"

static const char *const lists[] = { "reason", "competitor", NULL };

enum { A_LIST, A_ZH, A_EN, A_POSITION, A_ACTIVE, A__N };
static const struct fk_field choice_fields[A__N] = {
	[A_LIST] = { "list", FK_CHOICE, FK_REQUIRED, .choices = lists },
	[A_ZH] = { "label_zh", FK_TEXT, FK_REQUIRED, .min = 1, .max = 100 },
	[A_EN] = { "label_en", FK_TEXT, FK_REQUIRED, .min = 1, .max = 100 },
	[A_POSITION] = { "position", FK_INT, .min = 0, .max = 100000 },
	[A_ACTIVE] = { "active", FK_BOOL },
};
/* The add form has no "active" (a new choice is in use); the edit form no "list". */
static const struct fk_form add_form = { choice_fields, A_ACTIVE };
static const struct fk_form edit_form = { choice_fields + A_ZH, A__N - A_ZH };

static int set_lists(struct req *rq)
{
	struct dbres *r = NULL;
	size_t l, i;

	for (l = 0; lists[l]; l++) {
		if (DB_EXEC(rq->app->db, ST_CLOSING_CHOICES, &r, DBS(lists[l])) != DB_OK)
			return -1;
		for (i = 0; i < r->nrows; i++) {
			view_setf(rq, dbres_get(r, i, 0), "Lists.%s.%zu.id", lists[l], i);
			view_setf(rq, dbres_get(r, i, 2), "Lists.%s.%zu.label_zh", lists[l], i);
			view_setf(rq, dbres_get(r, i, 3), "Lists.%s.%zu.label_en", lists[l], i);
			view_setf(rq, dbres_get(r, i, 4), "Lists.%s.%zu.active", lists[l], i);
			view_setf(rq, dbres_get(r, i, 5), "Lists.%s.%zu.position", lists[l], i);
		}
		dbres_free(&r);
	}
	return 0;
}

/* A label already used by another choice of the same list: fk_fail, FK_INVALID. */
static int label_taken(struct db *db, struct fk_run *run, const char *list, const char *zh, long long id)
{
	struct dbres *r = NULL;
	int rc = DB_EXEC(db, ST_CLOSING_CHOICE_TAKEN, &r, DBS(list), DBS(zh), DBI(id));

	if (rc == DB_OK && r->nrows) {
		fk_fail(run, "label_zh", "closing_admin.taken");
		rc = FK_INVALID;
	}
	dbres_free(&r);
	return rc;
}

static int add_write(struct db *db, struct fk_run *run)
{
	const struct fk_val *v = run->v;
	struct dbres *r = NULL;
	char now[20];
	int rc = label_taken(db, run, v[A_LIST].s, v[A_ZH].s, 0);

	if (rc)
		return rc;
	clock_fmt_utc(run->rq->now, now);
	rc = DB_EXEC(db, ST_CLOSING_CHOICE_INSERT, &r, DBS(v[A_LIST].s), DBS(v[A_ZH].s), DBS(v[A_EN].s),
	             DBI(v[A_POSITION].i), DBS(now), DBS(now));
	if (rc == DB_OK)
		run->id = (long long)r->insert_id;
	dbres_free(&r);
	snprintf(run->detail, sizeof run->detail, "list=%s", v[A_LIST].s);
	return rc;
}

static int list_render(struct fk_run *run)
{
	if (set_lists(run->rq) < 0)
		return -1;
	return view_render(run->rq, run->rs, "admin/closing.cs");
}

static const struct fk_page add_page = {
	.form = &add_form, .write = add_write, .render = list_render, .audit_action = "closing_choice.create",
	.audit_entity = "closing_choice", .flash = "closing_choice_saved", .location = "/admin/closing",
};

static int page_admin_closing(struct req *rq, struct resp *rs)
{
	view_set(rq, "Form.values.list", "reason");
	return fk_get(rq, rs, &add_page, NULL);
}

static int page_admin_closing_add(struct req *rq, struct resp *rs)
{
	return fk_post(rq, rs, &add_page, NULL);
}

/* The choice being edited: its list in run->data's place (Form.list). 0 / 1 missing / -1. */
struct edit_ctx {
	char list[16];
};

static int edit_load(struct fk_run *run)
{
	struct edit_ctx *cx = run->data;
	struct dbres *r = NULL;
	int found;

	if (DB_EXEC(run->rq->app->db, ST_CLOSING_CHOICE_GET, &r, DBI(run->id)) != DB_OK)
		return -1;
	found = r->nrows == 1;
	if (found) {
		snprintf(cx->list, sizeof cx->list, "%s", dbres_str(r, 0, 1));
		if (!run->v) {   /* GET: the stored values */
			view_set(run->rq, "Form.values.label_zh", dbres_get(r, 0, 3));
			view_set(run->rq, "Form.values.label_en", dbres_get(r, 0, 4));
			view_set(run->rq, "Form.values.active", dbres_get(r, 0, 5));
			view_set(run->rq, "Form.values.position", dbres_get(r, 0, 6));
		}
	}
	dbres_free(&r);
	return found ? 0 : 1;
}

static int edit_write(struct db *db, struct fk_run *run)
{
	struct edit_ctx *cx = run->data;
	const struct fk_val *v = run->v;
	char now[20];
	int rc = label_taken(db, run, cx->list, v[0].s, run->id);

	if (rc)
		return rc;
	clock_fmt_utc(run->rq->now, now);
	snprintf(run->detail, sizeof run->detail, "active=%lld", v[A_ACTIVE - A_ZH].i);
	return DB_EXEC(db, ST_CLOSING_CHOICE_UPDATE, NULL, DBS(v[A_ZH - A_ZH].s), DBS(v[A_EN - A_ZH].s),
	               DBI(v[A_ACTIVE - A_ZH].i), DBI(v[A_POSITION - A_ZH].i), DBS(now), DBI(run->id));
}

static int edit_render(struct fk_run *run)
{
	struct edit_ctx *cx = run->data;

	view_set_int(run->rq, "Form.id", run->id);
	view_set(run->rq, "Form.list", cx->list);
	return view_render(run->rq, run->rs, "admin/closing_edit.cs");
}

static const struct fk_page edit_page = {
	.form = &edit_form, .load = edit_load, .write = edit_write, .render = edit_render,
	.audit_action = "closing_choice.update", .audit_entity = "closing_choice", .flash = "closing_choice_saved",
	.location = "/admin/closing",
};

static int page_admin_closing_edit(struct req *rq, struct resp *rs)
{
	struct edit_ctx cx = { "" };

	return fk_get(rq, rs, &edit_page, &cx);
}

static int page_admin_closing_update(struct req *rq, struct resp *rs)
{
	struct edit_ctx cx = { "" };

	return fk_post(rq, rs, &edit_page, &cx);
}

/* The routes of this file; the dispatcher checks sign-in, CSRF and capability before a handler runs. */
static const struct route routes[] = {
	{ "GET", "/admin/closing",          page_admin_closing,        CAP_ADMIN, CSRF_NONE },
	{ "POST", "/admin/closing",         page_admin_closing_add,    CAP_ADMIN, CSRF_CHECK },
	{ "GET", "/admin/closing/:id/edit", page_admin_closing_edit,   CAP_ADMIN, CSRF_NONE },
	{ "POST", "/admin/closing/:id",     page_admin_closing_update, CAP_ADMIN, CSRF_CHECK },
};
PAGE_ROUTES(routes);
