/* /admin/approval-policy — admin only (CAP_ADMIN): the approval policy of docs/approvals.md as one form.
 *   GET  /admin/approval-policy   the policy table (rows.N.max_discount / max_amount / levels) and the
 *                                 settings (payment_days_limit, breach_levels)
 *   POST /admin/approval-policy   on the form kit: add=rows / remove=rows.N show the form again without
 *                                 saving; otherwise the typed kinds, then policy_validate (422 with the
 *                                 input kept, nothing written), then the rows and the settings replaced
 *                                 in one transaction with audit "policy.update"
 * Limits are typed as a percentage and an amount in yuan (CNY), empty = no limit; they are stored as
 * basis points and fen. Requests already filed keep the levels they were filed with. */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "domain/approval.h"
#include "domain/units.h"
#include "form/page.h"
#include "http/router.h"
#include "pages/approval_common.h"
#include "pages/pages.h"
#include "util/clock.h"
#include "view/view.h"

enum { PR_DISCOUNT, PR_AMOUNT, PR_LEVELS, PR__N };
static const struct fk_field row_fields[PR__N] = {
	[PR_DISCOUNT] = { "max_discount", FK_PERCENT },
	[PR_AMOUNT] = { "max_amount", FK_MONEY, .max = APPROVAL_MAX_AMOUNT },
	[PR_LEVELS] = { "levels", FK_INT, FK_REQUIRED, .min = 0, .max = APPROVAL_MAX_LEVELS },
};
static const struct fk_form row_form = { row_fields, PR__N };

enum { P_ROWS, P_DAYS, P_BREACH, P__N };
static const struct fk_field policy_fields[P__N] = {
	[P_ROWS] = { "rows", FK_ROWS, FK_REQUIRED, .max = APPROVAL_MAX_POLICY_ROWS, .row = &row_form },
	[P_DAYS] = { "payment_days_limit", FK_INT, FK_REQUIRED, .min = 1, .max = 3650 },
	[P_BREACH] = { "breach_levels", FK_INT, FK_REQUIRED, .min = 1, .max = APPROVAL_MAX_LEVELS },
};
static const struct fk_form policy_form = { policy_fields, P__N };

/* The policy being edited: loaded for the form, or read from the typed values. */
struct policy_state {
	struct policy p;
	size_t shown_rows;   /* rows on the form */
};

/* The policy as form values: Form.rows.rows.N.*, Form.values.payment_days_limit / breach_levels. */
static int show_policy(struct req *rq, const struct policy *p)
{
	char buf[48];
	size_t i;

	for (i = 0; i < p->nrows; i++) {
		const struct policy_row *r = &p->rows[i];

		buf[0] = '\0';
		if (r->max_discount_bp >= 0)
			bp_input(r->max_discount_bp, buf, sizeof buf);
		if (view_setf(rq, buf, "Form.rows.rows.%zu.max_discount", i) < 0)
			return -1;
		buf[0] = '\0';
		if (r->max_amount >= 0)
			money_input(r->max_amount, buf, sizeof buf);
		if (view_setf(rq, buf, "Form.rows.rows.%zu.max_amount", i) < 0)
			return -1;
		snprintf(buf, sizeof buf, "%d", r->levels);
		if (view_setf(rq, buf, "Form.rows.rows.%zu.levels", i) < 0)
			return -1;
	}
	if (p->payment_days_limit >= 0)
		view_set_int(rq, "Form.values.payment_days_limit", p->payment_days_limit);
	else
		view_set(rq, "Form.values.payment_days_limit", "");
	view_set_int(rq, "Form.values.breach_levels", p->breach_levels);
	return 0;
}

/* Page data besides the form: row numbers, whether a row may be added, when the policy was last
 * changed and by whom. nrows = the rows on the form. */
static int render_policy(struct req *rq, struct resp *rs, size_t nrows)
{
	struct dbres *r = NULL;
	char pos[24];
	size_t i;

	for (i = 0; i < nrows; i++) {
		snprintf(pos, sizeof pos, "%zu", i + 1);
		if (view_setf(rq, pos, "Form.rows.rows.%zu.pos", i) < 0)
			return -1;
	}
	view_set_int(rq, "Policy.can_add", nrows < APPROVAL_MAX_POLICY_ROWS);

	if (db_exec(rq->app->db, ST_POLICY_META, NULL, 0, &r) != DB_OK)
		return -1;
	if (r->nrows == 1) {
		const char *at = dbres_get(r, 0, 0);
		char when[64];

		datetime_format(at ? at : "", rq->user.tz[0] ? rq->user.tz : "Asia/Shanghai", rq->lang, when, sizeof when);
		view_set(rq, "Policy.updated_at", when);
		view_set(rq, "Policy.updated_by", dbres_get(r, 0, 1));
	}
	dbres_free(&r);
	return view_render(rq, rs, "admin/policy.cs");
}

static int policy_get_load(struct fk_run *run)
{
	struct policy_state *st = run->data;

	if (policy_load(run->rq->app->db, &st->p) < 0 || show_policy(run->rq, &st->p) < 0)
		return -1;
	st->shown_rows = st->p.nrows;
	return 0;
}

static int policy_render(struct fk_run *run)
{
	struct policy_state *st = run->data;
	size_t n = st->shown_rows;

	if (run->v) {   /* the form as typed, with the blank row an add asked for */
		const char *add = req_form(run->rq, "add");
		n = run->v[P_ROWS].nrows;
		if (add && !strcmp(add, "rows") && n < APPROVAL_MAX_POLICY_ROWS)
			n++;
	}
	return render_policy(run->rq, run->rs, n);
}

/* The typed policy into st->p, then the table's own rules (policy_validate). */
static int policy_check(struct fk_run *run)
{
	struct policy_state *st = run->data;
	const struct fk_val *rows = &run->v[P_ROWS];
	struct policy *p = &st->p;
	const char *key;
	size_t i;
	int row;

	if (run->bad)
		return 0;
	memset(p, 0, sizeof *p);
	for (i = 0; i < rows->nrows; i++) {
		const struct fk_val *c = rows->rows[i].v;
		p->rows[i].max_discount_bp = c[PR_DISCOUNT].present ? c[PR_DISCOUNT].i : -1;
		p->rows[i].max_amount = c[PR_AMOUNT].present ? c[PR_AMOUNT].i : -1;
		p->rows[i].levels = (int)c[PR_LEVELS].i;
	}
	p->nrows = rows->nrows;
	p->payment_days_limit = run->v[P_DAYS].i;
	p->breach_levels = (int)run->v[P_BREACH].i;
	key = policy_validate(p, &row);
	if (!key)
		return 0;
	if (row >= 0)
		fk_fail_row(run, "rows", (size_t)row, "max_discount", key);
	else
		fk_fail(run, !strcmp(key, "policy.err.breach_levels") ? "breach_levels"
		             : !strcmp(key, "policy.err.rows") ? "rows" : "payment_days_limit", key);
	return 0;
}

/* Replaces the rows and the settings; requests already filed keep the levels they were filed with. */
static int policy_write(struct db *db, struct fk_run *run)
{
	struct policy_state *st = run->data;
	const struct policy *p = &st->p;
	char now[20];
	size_t i, len;
	int rc;

	clock_fmt_utc(run->rq->now, now);
	rc = DB_EXEC(db, ST_POLICY_SETTINGS_SAVE, NULL, DBI(p->payment_days_limit), DBI(p->breach_levels),
	             DBI(run->rq->user.id), DBS(now));
	if (rc)
		return rc;
	rc = DB_EXEC(db, ST_POLICY_ROWS_DELETE, NULL);
	if (rc)
		return rc;
	for (i = 0; i < p->nrows; i++) {
		const struct policy_row *r = &p->rows[i];

		rc = DB_EXEC(db, ST_POLICY_ROW_INSERT, NULL, DBI(i + 1),
		             r->max_discount_bp >= 0 ? DBI(r->max_discount_bp) : DBNULL,
		             r->max_amount >= 0 ? DBI(r->max_amount) : DBNULL, DBI(r->levels), DBI(run->rq->user.id),
		             DBS(now));
		if (rc)
			return rc;
	}
	/* The policy is not confidential; the summary names the shape, e.g.
	 * "rows=4 levels=0,1,2,3 payment_days_limit=90 breach_levels=3". */
	len = (size_t)snprintf(run->detail, sizeof run->detail, "rows=%zu levels=", p->nrows);
	for (i = 0; i < p->nrows && len < sizeof run->detail; i++)
		len += (size_t)snprintf(run->detail + len, sizeof run->detail - len, "%s%d", i ? "," : "", p->rows[i].levels);
	if (len < sizeof run->detail)
		snprintf(run->detail + len, sizeof run->detail - len, " payment_days_limit=%lld breach_levels=%d",
		         p->payment_days_limit, p->breach_levels);
	run->id = 1;
	return DB_OK;
}

static const struct fk_page policy_page = {
	.form = &policy_form, .load = NULL, .check = policy_check, .write = policy_write, .render = policy_render,
	.audit_action = "policy.update", .audit_entity = "policy", .flash = "policy_saved",
	.location = "/admin/approval-policy",
};
static const struct fk_page policy_get_page = {
	.form = &policy_form, .load = policy_get_load, .render = policy_render,
};

int page_admin_policy(struct req *rq, struct resp *rs)
{
	struct policy_state st;

	return fk_get(rq, rs, &policy_get_page, &st);
}

int page_admin_policy_save(struct req *rq, struct resp *rs)
{
	struct policy_state st;

	return fk_post(rq, rs, &policy_page, &st);
}

/* The routes of this file; the dispatcher checks sign-in, CSRF and capability before a handler runs. */
static const struct route routes[] = {
	{ "GET", "/admin/approval-policy", page_admin_policy,      CAP_ADMIN, CSRF_NONE },
	{ "POST", "/admin/approval-policy", page_admin_policy_save, CAP_ADMIN, CSRF_CHECK },
};
PAGE_ROUTES(routes);
