/* /admin/approval-policy — admin only (CAP_ADMIN): the approval policy of docs/approvals.md as one form.
 *   GET  /admin/approval-policy   the policy table (rows.N.max_discount / max_amount / levels) and the
 *                                 settings (payment_days_limit, breach_levels)
 *   POST /admin/approval-policy   add=rows / remove=rows.N re-render without saving; otherwise parse,
 *                                 policy_validate (422 with the input kept, nothing written), then replace
 *                                 the rows and the settings in one transaction with audit "policy.update"
 * Limits are typed as a percentage and an amount in yuan (CNY), empty = no limit; they are stored as
 * basis points and fen. Requests already filed keep the levels they were filed with. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "audit/audit.h"
#include "domain/approval.h"
#include "domain/units.h"
#include "http/router.h"
#include "pages/approval_common.h"
#include "pages/pages.h"
#include "util/clock.h"
#include "view/view.h"

enum { PR_DISCOUNT, PR_AMOUNT, PR_LEVELS, PR__N };
static const char *const row_fields[PR__N] = { "max_discount", "max_amount", "levels" };

struct policy_tx {
	struct req *rq;
	const struct policy *p;
	char detail[256];
};

static int is_blank(const char *s)
{
	for (; s && *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
			return 0;
	return 1;
}

/* A small non-negative integer, digits only. 0 / -1. */
static int small_int(const char *s, long long max, long long *out)
{
	char *end;
	long long v;

	if (!s || *s < '0' || *s > '9' || strlen(s) > 6)
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end || v > max)
		return -1;
	*out = v;
	return 0;
}

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
static int render(struct req *rq, struct resp *rs, size_t nrows)
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

int page_admin_policy(struct req *rq, struct resp *rs)
{
	struct policy p;

	if (policy_load(rq->app->db, &p) < 0 || show_policy(rq, &p) < 0)
		return -1;
	return render(rq, rs, p.nrows);
}

static void row_error(struct req *rq, size_t k, const char *key, int *bad)
{
	view_setf(rq, view_str(rq, key), "Form.rows.rows.%zu.error", k);
	if (!*bad)
		view_form_error(rq, "rows", key);
	(*bad)++;
}

/* Reads the submitted policy into *p; errors go to the form. Returns the number of errors. */
static int read_policy(struct req *rq, const struct prows *rows, struct policy *p)
{
	const char *days = req_form(rq, "payment_days_limit");
	const char *breach = req_form(rq, "breach_levels");
	long long v;
	int bad = 0;
	size_t i;

	memset(p, 0, sizeof *p);
	if (rows->n < 1 || rows->n > APPROVAL_MAX_POLICY_ROWS) {
		view_form_error(rq, "rows", "policy.err.rows");
		bad++;
	}
	for (i = 0; i < rows->n && i < APPROVAL_MAX_POLICY_ROWS; i++) {
		const char *d = rows->v[i][PR_DISCOUNT], *a = rows->v[i][PR_AMOUNT], *l = rows->v[i][PR_LEVELS];
		struct policy_row *r = &p->rows[i];

		r->max_discount_bp = r->max_amount = -1;
		if (!is_blank(d) && bp_parse(d, &r->max_discount_bp) < 0) {
			row_error(rq, i, "policy.err.discount", &bad);
			continue;
		}
		if (!is_blank(a) && (money_parse(a, &r->max_amount) < 0 || r->max_amount > APPROVAL_MAX_AMOUNT)) {
			row_error(rq, i, "policy.err.amount", &bad);
			continue;
		}
		if (small_int(l, APPROVAL_MAX_LEVELS, &v) < 0) {
			row_error(rq, i, "policy.err.levels", &bad);
			continue;
		}
		r->levels = (int)v;
	}
	p->nrows = rows->n < APPROVAL_MAX_POLICY_ROWS ? rows->n : APPROVAL_MAX_POLICY_ROWS;
	if (is_blank(days) || small_int(days, 3650, &v) < 0 || v < 1) {
		view_form_error(rq, "payment_days_limit", "policy.err.payment_days");
		bad++;
	} else {
		p->payment_days_limit = v;
	}
	if (small_int(breach, APPROVAL_MAX_LEVELS, &v) < 0 || v < 1) {
		view_form_error(rq, "breach_levels", "policy.err.breach_levels");
		bad++;
	} else {
		p->breach_levels = (int)v;
	}
	if (!bad) {
		int row;
		const char *key = policy_validate(p, &row);

		if (key) {
			if (row >= 0)
				row_error(rq, (size_t)row, key, &bad);
			else {
				view_form_error(rq, !strcmp(key, "policy.err.breach_levels") ? "breach_levels"
				                    : !strcmp(key, "policy.err.rows") ? "rows" : "payment_days_limit", key);
				bad++;
			}
		}
	}
	return bad;
}

static int save_tx_fn(struct db *db, void *ctx)
{
	struct policy_tx *t = ctx;
	const struct policy *p = t->p;
	char now[20];
	size_t i, len;
	int rc;

	clock_fmt_utc(t->rq->now, now);
	rc = DB_EXEC(db, ST_POLICY_SETTINGS_SAVE, NULL, DBI(p->payment_days_limit), DBI(p->breach_levels),
	             DBI(t->rq->user.id), DBS(now));
	if (rc)
		return rc;
	rc = DB_EXEC(db, ST_POLICY_ROWS_DELETE, NULL);
	if (rc)
		return rc;
	for (i = 0; i < p->nrows; i++) {
		const struct policy_row *r = &p->rows[i];

		rc = DB_EXEC(db, ST_POLICY_ROW_INSERT, NULL, DBI(i + 1),
		             r->max_discount_bp >= 0 ? DBI(r->max_discount_bp) : DBNULL,
		             r->max_amount >= 0 ? DBI(r->max_amount) : DBNULL, DBI(r->levels), DBI(t->rq->user.id),
		             DBS(now));
		if (rc)
			return rc;
	}
	/* The policy is not confidential; the summary names the shape, e.g.
	 * "rows=4 levels=0,1,2,3 payment_days_limit=90 breach_levels=3". */
	len = (size_t)snprintf(t->detail, sizeof t->detail, "rows=%zu levels=", p->nrows);
	for (i = 0; i < p->nrows && len < sizeof t->detail; i++)
		len += (size_t)snprintf(t->detail + len, sizeof t->detail - len, "%s%d", i ? "," : "", p->rows[i].levels);
	if (len < sizeof t->detail)
		snprintf(t->detail + len, sizeof t->detail - len, " payment_days_limit=%lld breach_levels=%d",
		         p->payment_days_limit, p->breach_levels);
	return audit_req(t->rq, "policy.update", "policy", 1, t->detail);
}

int page_admin_policy_save(struct req *rq, struct resp *rs)
{
	static const char *const settings[] = { "payment_days_limit", "breach_levels", NULL };
	struct prows rows;
	struct policy p;
	struct policy_tx t;
	const char *add = req_form(rq, "add");

	prows_read(rq, "rows", row_fields, PR__N, &rows);
	if (prows_editing(rq)) {
		/* Adding or removing a row: show the form again as typed, without judging it. */
		int adding = add && !strcmp(add, "rows") && rows.n < APPROVAL_MAX_POLICY_ROWS;

		view_keep_form(rq, settings);
		if (prows_show(rq, "rows", row_fields, PR__N, &rows, adding) < 0)
			return -1;
		return render(rq, rs, rows.n + (adding ? 1 : 0));
	}
	if (read_policy(rq, &rows, &p)) {
		rs->status = 422;
		view_keep_form(rq, settings);
		if (prows_show(rq, "rows", row_fields, PR__N, &rows, 0) < 0)
			return -1;
		return render(rq, rs, rows.n);
	}
	t = (struct policy_tx){ .rq = rq, .p = &p };
	if (db_tx(rq->app->db, save_tx_fn, &t) != DB_OK)
		return -1;
	view_flash(rq, rs, "policy_saved");
	resp_redirect(rs, "/admin/approval-policy");
	return 0;
}

/* The routes of this file; the dispatcher checks sign-in, CSRF and capability before a handler runs. */
static const struct route routes[] = {
	{ "GET", "/admin/approval-policy", page_admin_policy,      CAP_ADMIN, CSRF_NONE },
	{ "POST", "/admin/approval-policy", page_admin_policy_save, CAP_ADMIN, CSRF_CHECK },
};
PAGE_ROUTES(routes);
