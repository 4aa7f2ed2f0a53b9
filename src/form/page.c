/* The create/update skeleton and the form kit's side of the view: typed values and messages onto the
 * page (Form.values, Form.errors, Form.rows). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "audit/audit.h"
#include "domain/units.h"
#include "form/page.h"
#include "view/view.h"

const struct db_tx_ops *fk_tx_ops;

static int show_rows(struct req *rq, const struct fk_field *f, const struct fk_val *v, int add_empty)
{
	const struct fk_form *rf = f->row;
	const char *first = NULL;
	size_t r, k;

	for (r = 0; r < v->nrows; r++) {
		const char *row_first = NULL;
		for (k = 0; k < rf->n; k++) {
			const struct fk_val *c = &v->rows[r].v[k];
			if (view_setf(rq, c->s ? c->s : "", "Form.rows.%s.%zu.%s", f->name, r, rf->fields[k].name) < 0)
				return -1;
			if (!c->err)
				continue;
			if (view_setf(rq, view_str(rq, c->err), "Form.rows.%s.%zu.err.%s", f->name, r,
			              rf->fields[k].name) < 0)
				return -1;
			if (!row_first)
				row_first = c->err;
		}
		if (row_first && view_setf(rq, view_str(rq, row_first), "Form.rows.%s.%zu.error", f->name, r) < 0)
			return -1;
		if (row_first && !first)
			first = row_first;
	}
	/* The list's own message, else its first row's: shown next to the list and in the summary. */
	if ((v->err || first) && view_form_error(rq, f->name, v->err ? v->err : first) < 0)
		return -1;
	if (add_empty && v->nrows < (f->max > 0 && f->max < FK_ROWS_MAX ? (size_t)f->max : FK_ROWS_MAX))
		for (k = 0; k < rf->n; k++)
			if (view_setf(rq, "", "Form.rows.%s.%zu.%s", f->name, v->nrows, rf->fields[k].name) < 0)
				return -1;
	return 0;
}

int fk_show(struct req *rq, const struct fk_form *form, const struct fk_val *vals)
{
	const char *add = req_form(rq, "add");
	size_t i;

	for (i = 0; i < form->n; i++) {
		const struct fk_field *f = &form->fields[i];
		const struct fk_val *v = &vals[i];
		if (f->kind == FK_ROWS) {
			if (show_rows(rq, f, v, add && !strcmp(add, f->name)) < 0)
				return -1;
			continue;
		}
		if (v->s && !(f->flags & FK_SECRET) && view_setf(rq, v->s, "Form.values.%s", f->name) < 0)
			return -1;
		if (v->err && view_form_error(rq, f->name, v->err) < 0)
			return -1;
	}
	return 0;
}

int fk_show_choices(struct req *rq, const struct fk_field *f)
{
	size_t k;

	for (k = 0; f->choices && f->choices[k]; k++)
		if (view_setf(rq, f->choices[k], "Options.%s.%zu", f->name, k) < 0)
			return -1;
	return 0;
}

int fk_query(struct req *rq, struct resp *rs, const struct fk_form *form, void *ctx, struct fk_val *out)
{
	size_t i, k = 0;
	int n = fk_query_parse(form, &rq->query, ctx, out);

	if (n < 0)
		return -1;
	if (n == 0) {
		for (i = 0; i < form->n; i++)
			if (form->fields[i].kind != FK_ROWS && view_setf(rq, out[i].s, "Filter.%s", form->fields[i].name) < 0)
				return -1;
		return 0;
	}
	for (i = 0; i < form->n; i++) {
		const char *typed;
		if (!out[i].err)
			continue;
		typed = kv_get_nth(&rq->query, form->fields[i].name, 0);
		if (view_setf(rq, form->fields[i].name, "Error.problems.%zu.name", k) < 0 ||
		    view_setf(rq, typed ? typed : "", "Error.problems.%zu.value", k) < 0 ||
		    view_setf(rq, view_str(rq, out[i].err), "Error.problems.%zu.message", k) < 0)
			return -1;
		k++;
	}
	if (view_set(rq, "Error.retry", rq->path) < 0)
		return -1;
	resp_error(rs, rq, 400);
	return 1;
}

void fk_fail(struct fk_run *run, const char *name, const char *key)
{
	int i = name ? fk_index(run->form, name) : -1;

	run->bad++;
	if (i >= 0 && run->v && !run->v[i].err) {
		run->v[i].err = key;   /* shown by fk_show with the rest */
		return;
	}
	view_form_error(run->rq, name, key);
}

void fk_not_future(struct fk_run *run, int field)
{
	char today[11], iso[11];

	if (!run->v || field < 0 || (size_t)field >= run->form->n)
		return;
	fk_date_iso(&run->v[field], iso);
	if (!iso[0])
		return;
	date_of(run->rq->now, run->rq->user.tz[0] ? run->rq->user.tz : "Asia/Shanghai", 0, today);
	if (strcmp(iso, today) > 0)
		fk_fail(run, run->form->fields[field].name, "form.in_future");
}

void fk_fail_row(struct fk_run *run, const char *list, size_t k, const char *f, const char *key)
{
	int i = fk_index(run->form, list), j;

	run->bad++;
	if (i >= 0 && run->v && run->form->fields[i].kind == FK_ROWS && k < run->v[i].nrows &&
	    (j = fk_index(run->form->fields[i].row, f)) >= 0) {
		if (!run->v[i].rows[k].v[j].err)
			run->v[i].rows[k].v[j].err = key;
		return;
	}
	view_setf(run->rq, view_str(run->rq, key), "Form.rows.%s.%zu.err.%s", list, k, f);
	view_form_error(run->rq, list, key);
}

int fk_exists(void *ctx, enum stmt_id st, long long id)
{
	struct fk_run *run = ctx;
	struct dbres *r = NULL;
	int found;

	if (DB_EXEC(run->rq->app->db, st, &r, DBI(id)) != DB_OK)
		return -1;
	found = r->nrows == 1;
	dbres_free(&r);
	return found;
}

static int run_load(struct fk_run *run)
{
	int rc;

	run->form = run->page->form;
	rc = run->page->load ? run->page->load(run) : 0;
	if (!run->form || run->form->n > run->page->form->n)
		run->form = run->page->form;
	if (rc > 0)
		resp_error(run->rs, run->rq, 404);
	return rc;
}

int fk_get(struct req *rq, struct resp *rs, const struct fk_page *page, void *data)
{
	struct fk_run run = { .rq = rq, .rs = rs, .page = page, .data = data };
	int rc;

	run.id = rq->nids > 0 ? rq->ids[0] : 0;
	rc = run_load(&run);
	if (rc)
		return rc < 0 ? -1 : 0;
	return page->render(&run);
}

static int tx_body(struct db *db, void *p)
{
	struct fk_run *run = p;
	int rc;

	run->attempts++;
	rc = run->page->write(db, run);
	if (rc)
		return rc;
	if (run->page->audit_action)
		return audit_req(run->rq, run->page->audit_action, run->page->audit_entity, run->id, run->detail);
	return 0;
}

/* pattern with its "%lld" replaced by id. */
static void location_of(const char *pattern, long long id, char *out, size_t n)
{
	const char *p = strstr(pattern, "%lld");

	if (!p)
		snprintf(out, n, "%s", pattern);
	else
		snprintf(out, n, "%.*s%lld%s", (int)(p - pattern), pattern, id, p + 4);
}

static int again(struct fk_run *run)
{
	run->rs->status = 422;
	if (fk_show(run->rq, run->form, run->v) < 0)
		return -1;
	return run->page->render(run);
}

int fk_post(struct req *rq, struct resp *rs, const struct fk_page *page, void *data)
{
	struct fk_run run = { .rq = rq, .rs = rs, .page = page, .data = data };
	struct fk_val *v = NULL;
	int rc = -1, n;

	run.id = rq->nids > 0 ? rq->ids[0] : 0;
	n = run_load(&run);
	if (n)
		return n < 0 ? -1 : 0;
	v = calloc(run.form->n ? run.form->n : 1, sizeof *v);
	if (!v)
		return -1;
	run.v = v;
	n = fk_parse(run.form, &rq->form, req_form(rq, "remove"), &run, v);
	if (n < 0)
		goto out;
	run.bad += n;
	/* add=<list> / remove=<list>.<n> only change the rows shown: the form again, nothing saved. */
	if (kv_count(&rq->form, "add") || kv_count(&rq->form, "remove")) {
		if (fk_show(rq, run.form, v) < 0)
			goto out;
		rc = page->render(&run);
		goto out;
	}
	if (page->check && page->check(&run) < 0)
		goto out;
	if (run.bad) {
		rc = again(&run);
		goto out;
	}
	rc = db_tx_run(rq->app ? rq->app->db : NULL, fk_tx_ops, tx_body, &run);
	if (rc == FK_INVALID) {
		rc = again(&run);
		goto out;
	}
	if (rc >= FK_OUTCOME && page->outcome) {
		rc = page->outcome(&run, rc);
		goto out;
	}
	if (rc != DB_OK) {
		rc = -1;
		goto out;
	}
	if (run.flash || page->flash)
		view_flash(rq, rs, run.flash ? run.flash : page->flash);
	if (!run.location[0] && page->location)
		location_of(page->location, run.id, run.location, sizeof run.location);
	resp_redirect(rs, run.location[0] ? run.location : "/");
	rc = 0;
out:
	fk_free(run.form, v);
	free(v);
	return rc;
}
