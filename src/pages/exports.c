/* /exports — the user's exports, and the export of a list (rules in docs/exports.md).
 *   POST /exports               list=<kind> format=csv|xlsx plus the list's filters (CAP_SALES, CSRF):
 *                               up to EXPORT_SYNC_MAX rows the file is written now and sent at once;
 *                               more become a job for the runner and the answer is 303 to /exports
 *   GET  /exports               my exports: progress (rows done of total), download links
 *   GET  /exports/status        the same progress as JSON, for static/exports.js
 *   GET  /exports/{id}/file     the file, to its owner only: the app authorises, nginx sends it from its
 *                               internal location (X-Accel-Redirect), so no worker is tied up sending
 *   GET  /admin/exports, POST /admin/exports   how many days finished files are kept (CAP_ADMIN, audited)
 * Every export is one job row and one audit entry ("export": list, filters, rows, tiered columns,
 * file hash), written when the file is complete. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "audit/audit.h"
#include "export/download.h"
#include "export/jobs.h"
#include "http/form.h"
#include "http/router.h"
#include "pages/customer_common.h"
#include "pages/pages.h"
#include "util/clock.h"
#include "util/log.h"
#include "view/view.h"

#define RETENTION_MAX 365

static int send_file(struct req *rq, struct resp *rs, const char *rel, const char *name, int xlsx)
{
	struct buf b = { 0 };
	int rc = 0;

	(void)rq;
	buf_reset(&rs->body);
	rs->status = 200;
	rs->no_store = 1;
	rs->content_type = xlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	                        : "text/csv; charset=utf-8";
	rc |= buf_printf(&b, "/_exports/%s", rel);
	rc |= resp_header(rs, "X-Accel-Redirect", b.data);
	buf_reset(&b);
	rc |= download_disposition(&b, name);
	rc |= resp_header(rs, "Content-Disposition", b.data);
	buf_free(&b);
	return rc ? -1 : 0;
}

static int serve_job(struct req *rq, struct resp *rs, long long id)
{
	struct dbres *r = NULL;
	char place[64];
	int rc;

	if (DB_EXEC(rq->app->db, ST_JOB_GET_MINE, &r, DBI(id), DBI(rq->user.id)) != DB_OK)
		return -1;
	export_owner_place(rq, place, sizeof place);
	/* The file holds what its owner could see when it was written: after a demotion or a move it is
	 * not sent (the owner exports again with the rights they have now). */
	if (r->nrows != 1 || strcmp(dbres_str(r, 0, 1), "done") || !dbres_get(r, 0, 2) ||
	    strchr(dbres_str(r, 0, 2), '/') || strcmp(dbres_str(r, 0, 6), place)) {
		dbres_free(&r);
		resp_error(rs, rq, 404);
		return 0;
	}
	rc = send_file(rq, rs, dbres_get(r, 0, 2), dbres_str(r, 0, 3), !strcmp(dbres_str(r, 0, 4), "xlsx"));
	dbres_free(&r);
	return rc;
}

static int page_export_create(struct req *rq, struct resp *rs)
{
	const char *fmt = req_form(rq, "format");
	int kind = export_kind_parse(req_form(rq, "list"));
	struct buf params = { 0 };
	long long total = 0, id = 0;
	char token[33];
	int rc = -1;

	if (kind < 0 || !fmt || (strcmp(fmt, "csv") && strcmp(fmt, "xlsx"))) {
		resp_error(rs, rq, 422);
		return 0;
	}
	if (export_params(rq, kind, &rq->form, &params) < 0 || buf_puts(&params, "") < 0)
		goto out;
	/* From here on the export reads the normalised filters, exactly as the runner will. */
	kvlist_clear(&rq->query);
	if (parse_urlencoded(params.data, params.len, NULL, &rq->query) != PARSE_OK)
		goto out;
	if (export_count(rq, kind, &total) < 0)
		goto out;
	if (job_create(rq, kind, !strcmp(fmt, "xlsx") ? EXPORT_XLSX : EXPORT_CSV, params.data, total,
	               total <= EXPORT_SYNC_MAX, &id, token) < 0)
		goto out;
	if (total > EXPORT_SYNC_MAX) {
		view_flash(rq, rs, "export_queued");
		resp_redirect(rs, "/exports");
		rc = 0;
		goto out;
	}
	if (job_run_now(rq, id, token) < 0)
		goto out;
	rc = serve_job(rq, rs, id);
out:
	buf_free(&params);
	return rc;
}

static int page_export_file(struct req *rq, struct resp *rs)
{
	return serve_job(rq, rs, rq->ids[0]);
}

static int page_exports(struct req *rq, struct resp *rs)
{
	struct dbres *r = NULL;
	char key[64], name[64];
	size_t i;

	if (DB_EXEC(rq->app->db, ST_JOB_LIST_MINE, &r, DBI(rq->user.id)) != DB_OK)
		return -1;
	for (i = 0; i < r->nrows; i++) {
		const char *state = dbres_str(r, i, 3);
		view_setf(rq, dbres_get(r, i, 0), "Jobs.%zu.id", i);
		snprintf(key, sizeof key, "exp.kind.%s", dbres_str(r, i, 1));
		view_setf(rq, view_str(rq, key), "Jobs.%zu.kind", i);
		view_setf(rq, dbres_get(r, i, 2), "Jobs.%zu.format", i);
		view_setf(rq, state, "Jobs.%zu.state", i);
		snprintf(key, sizeof key, "exp.state.%s", state);
		view_setf(rq, view_str(rq, key), "Jobs.%zu.state_label", i);
		view_setf(rq, dbres_get(r, i, 4), "Jobs.%zu.total", i);
		view_setf(rq, dbres_get(r, i, 5), "Jobs.%zu.done", i);
		view_setf(rq, dbres_get(r, i, 6), "Jobs.%zu.file_name", i);
		snprintf(name, sizeof name, "Jobs.%zu.created", i);
		set_when(rq, name, dbres_get(r, i, 7));
		if (dbres_get(r, i, 9)) {
			snprintf(name, sizeof name, "Jobs.%zu.expires", i);
			set_when(rq, name, dbres_get(r, i, 9));
		}
	}
	dbres_free(&r);
	return view_render(rq, rs, "exports/list.cs");
}

/* A job's state for the progress script, from the fixed set only. */
static const char *state_name(const char *s)
{
	static const char *const states[] = { "queued", "running", "done", "failed", "expired" };
	size_t i;

	for (i = 0; i < sizeof states / sizeof *states; i++)
		if (!strcmp(s, states[i]))
			return states[i];
	return "failed";
}

static int page_exports_status(struct req *rq, struct resp *rs)
{
	struct dbres *r = NULL;
	size_t i;
	int rc = 0;

	if (DB_EXEC(rq->app->db, ST_JOB_LIST_MINE, &r, DBI(rq->user.id)) != DB_OK)
		return -1;
	rs->content_type = "application/json";
	rs->no_store = 1;
	rc |= buf_puts(&rs->body, "[");
	/* Only numbers and the fixed state names: nothing here needs escaping. */
	for (i = 0; i < r->nrows; i++)
		rc |= buf_printf(&rs->body, "%s{\"id\":%lld,\"state\":\"%s\",\"done\":%lld,\"total\":%lld}", i ? "," : "",
		                 dbres_int(r, i, 0), state_name(dbres_str(r, i, 3)), dbres_int(r, i, 5),
		                 dbres_int(r, i, 4));
	rc |= buf_puts(&rs->body, "]");
	dbres_free(&r);
	return rc ? -1 : 0;
}

/* ------------------------------------------------------------------ retention (admin) */

static int retention_page(struct req *rq, struct resp *rs)
{
	struct dbres *r = NULL;

	if (!view_get(rq, "Form.values.retention_days")) {
		if (DB_EXEC(rq->app->db, ST_EXPORT_RETENTION_GET, &r) != DB_OK)
			return -1;
		view_set(rq, "Form.values.retention_days", dbres_str(r, 0, 0));
		dbres_free(&r);
	}
	return view_render(rq, rs, "exports/admin.cs");
}

static int page_admin_exports(struct req *rq, struct resp *rs)
{
	return retention_page(rq, rs);
}

struct retention_tx {
	struct req *rq;
	long long days;
};

static int retention_fn(struct db *db, void *p)
{
	struct retention_tx *t = p;
	char at[20], detail[64];
	int rc;

	clock_fmt_utc(t->rq->now, at);
	rc = DB_EXEC(db, ST_EXPORT_RETENTION_SET, NULL, DBI(t->days), DBI(t->rq->user.id), DBS(at));
	if (rc != DB_OK)
		return rc;
	snprintf(detail, sizeof detail, "retention_days=%lld", t->days);
	return audit_req(t->rq, "export.retention", "export_settings", 1, detail);
}

static int page_admin_exports_save(struct req *rq, struct resp *rs)
{
	static const char *const fields[] = { "retention_days", NULL };
	const char *v = req_form(rq, "retention_days");
	struct retention_tx t = { rq, 0 };

	if (!v || parse_int64(v, 1, RETENTION_MAX, &t.days) < 0) {
		view_keep_form(rq, fields);
		view_form_error(rq, "retention_days", "exp.retention_bad");
		rs->status = 422;
		return retention_page(rq, rs);
	}
	if (db_tx(rq->app->db, retention_fn, &t) != 0)
		return -1;
	view_flash(rq, rs, "saved");
	resp_redirect(rs, "/admin/exports");
	return 0;
}

/* The routes of this file; the dispatcher checks sign-in, CSRF and capability before a handler runs. */
static const struct route routes[] = {
	{ "GET",  "/exports",          page_exports,            CAP_SALES, CSRF_NONE },
	{ "POST", "/exports",          page_export_create,      CAP_SALES, CSRF_CHECK },
	{ "GET",  "/exports/status",   page_exports_status,     CAP_SALES, CSRF_NONE },
	{ "GET",  "/exports/:id/file", page_export_file,        CAP_SALES, CSRF_NONE },
	{ "GET",  "/admin/exports",    page_admin_exports,      CAP_ADMIN, CSRF_NONE },
	{ "POST", "/admin/exports",    page_admin_exports_save, CAP_ADMIN, CSRF_CHECK },
};
PAGE_ROUTES(routes);
