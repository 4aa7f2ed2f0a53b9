/* The lists' exports (see export.h): one writer for every list, driven by the list's description in
 * lists.c — its query table, filter bindings, batch statements, columns and child sheets. */
#include "export/export.h"
#include "export/lists.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "auth/secrets.h"
#include "auth/visibility.h"
#include "domain/records.h"
#include "domain/units.h"
#include "form/kit.h"
#include "http/form.h"
#include "util/clock.h"
#include "util/log.h"
#include "view/view.h"

/* The kind is an index into list_descs[]. */
static const struct list_desc *desc_of(enum export_kind k)
{
	return (size_t)k < list_ndescs ? list_descs[k] : NULL;
}

int export_kind_parse(const char *s)
{
	size_t i;

	for (i = 0; s && i < list_ndescs; i++)
		if (!strcmp(s, list_descs[i]->name))
			return (int)i;
	return -1;
}

const char *export_kind_name(enum export_kind k)
{
	const struct list_desc *d = desc_of(k);

	return d ? d->name : "";
}

void export_owner_place(const struct req *rq, char *out, size_t n)
{
	snprintf(out, n, "%s:%lld:%lld", role_name(rq->user.role), rq->user.team_id, rq->user.region_id);
}

void export_file_name(struct req *rq, enum export_kind k, enum export_format f, char *out, size_t n)
{
	const struct list_desc *d = desc_of(k);
	char day[11];

	date_of(rq->now, rq->user.tz[0] ? rq->user.tz : "Asia/Shanghai", 0, day);
	snprintf(out, n, "%s %s.%s", d ? view_str(rq, d->title) : "export", day, f == EXPORT_XLSX ? "xlsx" : "csv");
}

/* ------------------------------------------------------------------ the list's query */

#define MAX_FIELDS 16

/* The list's filters as read through its query table, and the statement parameters they bind to. */
struct query {
	const struct list_desc *d;
	struct fk_val v[MAX_FIELDS];
	const struct list_sort *sort;
	struct dbp p[LIST_MAX_PARAMS];   /* VIS_PARAMS, then the filters */
	size_t np;
	char like[420], today[11], cutoff[20];
};

static void like_pattern(const char *q, char *out, size_t n)
{
	size_t j = 0;

	out[j++] = '%';
	for (; *q && j + 3 < n; q++) {
		if (*q == '%' || *q == '_' || *q == '\\')
			out[j++] = '\\';
		out[j++] = *q;
	}
	out[j++] = '%';
	out[j] = '\0';
}

static int numeric(enum fk_kind k)
{
	return k == FK_ID || k == FK_INT || k == FK_BOOL || k == FK_USER;
}

static int push(struct query *q, struct dbp p)
{
	if (q->np >= LIST_MAX_PARAMS)
		return -1;
	q->p[q->np++] = p;
	return 0;
}

/* Reads src through d's query table and binds the filters for rq's user. 0 / -1. */
static int query_read(struct req *rq, const struct list_desc *d, const struct kvlist *src, struct query *q)
{
	struct vis_scope s;
	size_t i;
	int rc = 0;

	memset(q, 0, sizeof *q);
	q->d = d;
	if (d->query->n > MAX_FIELDS || fk_query_parse(d->query, src, rq, q->v) < 0)
		return -1;
	q->sort = &d->sorts[0];
	if (d->sort_field) {
		int k = fk_index(d->query, d->sort_field);
		for (i = 0; k >= 0 && i < d->nsorts; i++)
			if (d->sorts[i].value && !strcmp(d->sorts[i].value, q->v[k].s))
				q->sort = &d->sorts[i];
	}
	date_of(rq->now, rq->user.tz[0] ? rq->user.tz : "Asia/Shanghai", 0, q->today);
	clock_fmt_utc(rq->now - REC_LATE_SECONDS, q->cutoff);
	vis_scope_for(&rq->user, &s);
	{
		const struct dbp vis[] = { VIS_PARAMS(&s) };
		for (i = 0; i < sizeof vis / sizeof *vis; i++)
			rc |= push(q, vis[i]);
	}
	for (i = 0; i < d->nbinds; i++) {
		int k = fk_index(d->query, d->binds[i].field);
		const struct fk_val *v;
		struct dbp one;
		if (k < 0)
			return -1;
		v = &q->v[k];
		one = numeric(d->query->fields[k].kind) ? DBI(v->i) : DBS(v->s);
		switch (d->binds[i].how) {
		case LB_PAIR:
			rc |= push(q, one) | push(q, one);
			break;
		case LB_LIKE:
			if (v->present)
				like_pattern(v->s, q->like, sizeof q->like);
			rc |= push(q, DBS(v->present ? v->s : "")) | push(q, DBS(q->like)) | push(q, DBS(q->like));
			break;
		case LB_TODAY:
			rc |= push(q, DBS(v->i ? q->today : "")) | push(q, DBS(v->i ? q->today : ""));
			break;
		case LB_ME:
			rc |= push(q, DBI(v->i ? rq->user.id : 0)) | push(q, DBI(v->i ? rq->user.id : 0));
			break;
		case LB_LATE:
			rc |= push(q, DBI(v->i ? 1 : 0)) | push(q, DBS(q->cutoff));
			break;
		case LB_FROM:
			rc |= push(q, DBS(v->present ? v->s : "1000-01-01"));
			break;
		case LB_TO:
			rc |= push(q, DBS(v->present ? v->s : "9999-12-31"));
			break;
		}
	}
	return rc ? -1 : 0;
}

/* The filters that were kept, as a query string (only checked values: ids, numbers, choices, dates,
 * and the search text percent-encoded). */
static int query_string(const struct query *q, struct buf *out)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i;
	int rc = 0, first = 1;

	for (i = 0; i < q->d->query->n; i++) {
		const struct fk_field *f = &q->d->query->fields[i];
		const struct fk_val *v = &q->v[i];
		const unsigned char *c;
		size_t b;
		int used = q->d->sort_field && !strcmp(q->d->sort_field, f->name);
		for (b = 0; b < q->d->nbinds && !used; b++)
			used = !strcmp(q->d->binds[b].field, f->name);
		if (!v->present || !used)
			continue;   /* a page's cursor, say: not a filter */
		rc |= buf_printf(out, "%s%s=", first ? "" : "&", f->name);
		first = 0;
		if (numeric(f->kind)) {
			rc |= buf_printf(out, "%lld", v->i);
			continue;
		}
		for (c = (const unsigned char *)v->s; *c; c++) {
			if ((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || strchr("-_.", *c))
				rc |= buf_printf(out, "%c", *c);
			else
				rc |= buf_printf(out, "%%%c%c", hex[*c >> 4], hex[*c & 15]);
		}
	}
	return rc ? -1 : 0;
}

/* ------------------------------------------------------------------ writing rows */

#define MAX_COLS 32

struct writer {
	struct req *rq;
	struct table_out *t;
	struct export_result *res;
	unsigned char tiered[SF__COUNT];
};

/* A cell: a stored choice becomes its label in the user's language. */
static int put(struct req *rq, struct sheet *s, const char *v, const char *cur)
{
	const struct col *c = &s->cols[s->col];
	char key[96];

	if (c->choice && v && *v) {
		size_t n = strlen(c->choice);
		snprintf(key, sizeof key, "%s%s%s", c->choice, n && c->choice[n - 1] == '_' ? "" : ".", v);
		v = view_str(rq, key);
	}
	return sheet_cell(s, v, cur);
}

/* Whether column c is written for this user at all: a tiered column only when their role can hold
 * its tier for some row (secret_fields[] decides the tier, tier_role_may_hold the roles). */
static int col_shown(const struct req *rq, const struct list_col *c)
{
	return c->secret == LIST_NO_SECRET || tier_role_may_hold(rq->user.role, secret_fields[c->secret].tier);
}

static int start_sheet(struct writer *w, struct sheet *s, const char *title, const struct list_col *lc, size_t n,
                       struct col *cols)
{
	const char *labels[MAX_COLS];
	size_t i, k = 0;

	for (i = 0; i < n && k < MAX_COLS; i++) {
		if (!col_shown(w->rq, &lc[i]))
			continue;
		cols[k].label = lc[i].label;
		cols[k].type = lc[i].type;
		cols[k].width = lc[i].width;
		cols[k].choice = lc[i].choice;
		labels[k++] = view_str(w->rq, lc[i].label);
	}
	return table_sheet(w->t, s, view_str(w->rq, title), cols, k, labels);
}

/* One row of r into s. A tiered value is decrypted only when tier_can_read() allows it for this row;
 * otherwise (or when the stored value fails to open) the cell stays empty. */
static int write_row(struct writer *w, const struct list_desc *d, struct sheet *s, const struct list_col *lc, size_t n,
                     const struct dbres *r, size_t i)
{
	size_t j;

	for (j = 0; j < n; j++) {
		const struct list_col *c = &lc[j];
		const char *v = dbres_get(r, i, (size_t)c->src);
		const char *cur = c->cur_src >= 0 ? dbres_get(r, i, (size_t)c->cur_src) : NULL;
		char *plain = NULL, money_cur[4];
		int rc;
		if (!col_shown(w->rq, c))
			continue;
		if (c->secret != LIST_NO_SECRET) {
			struct row_ref ref;
			const struct secret_field *sf = &secret_fields[c->secret];
			long long row_id = dbres_int(r, i, (size_t)c->secret_row);
			if (d->ref_src < 0)
				return -1;
			row_ref_at(r, i, (size_t)d->ref_src, &ref);
			if (v && tier_can_read(&w->rq->user, &ref, sf->tier) &&
			    secret_open(w->rq->app, (enum secret_id)c->secret, row_id, v, &plain) == 0) {
				w->tiered[c->secret] = 1;
				v = plain;
				/* money stored with its currency: "CNY 12345600" */
				if (c->type == COL_MONEY && strlen(plain) > 4 && plain[3] == ' ') {
					memcpy(money_cur, plain, 3);
					money_cur[3] = '\0';
					cur = money_cur;
					v = plain + 4;
				}
			} else {
				v = NULL;
			}
		}
		rc = put(w->rq, s, v, cur);
		secret_release(&plain);
		if (rc < 0)
			return -1;
	}
	return sheet_end_row(s);
}

static int set_params(struct query *q, struct dbp *p, size_t *np, int lead_cutoff)
{
	size_t n = 0;

	if (lead_cutoff)
		p[n++] = DBS(q->cutoff);
	if (n + q->np > LIST_MAX_PARAMS)
		return -1;
	memcpy(p + n, q->p, q->np * sizeof *p);
	*np = n + q->np;
	return 0;
}

static int list_write(struct req *rq, const struct list_desc *d, struct query *q, struct table_out *t,
                      export_progress_fn progress, void *ctx, struct export_result *res)
{
	struct writer w = { rq, t, res, { 0 } };
	struct sheet main_s, child_s[8];
	struct col main_cols[MAX_COLS], child_cols[8][MAX_COLS];
	struct dbp p[LIST_MAX_PARAMS + 8];
	struct dbres *r = NULL;
	const struct list_sort *so = q->sort;
	long long below = LLONG_MAX, low, key_id = so->keyset == KS_KEY_DESC ? (long long)1 << 62 : 0;
	char *key = NULL;
	size_t i, k, np, nchildren = t->fmt == EXPORT_XLSX && so->keyset == KS_ID_DESC ? d->nchildren : 0;
	int rc = -1;

	if (d->ncols > MAX_COLS || d->nchildren > 8)
		return -1;
	if (start_sheet(&w, &main_s, d->title, d->cols, d->ncols, main_cols) < 0)
		return -1;
	for (k = 0; k < nchildren; k++)
		if (start_sheet(&w, &child_s[k], d->children[k].sheet, d->children[k].cols, d->children[k].ncols,
		                child_cols[k]) < 0)
			return -1;
	if (so->first_key && !(key = strdup(so->first_key)))
		return -1;
	for (;;) {
		int drc;
		if (set_params(q, p, &np, d->lead_cutoff) < 0)
			goto out;
		if (so->keyset == KS_ID_DESC) {
			p[np++] = DBI(below);
		} else {
			p[np++] = DBS(key);
			p[np++] = DBS(key);
			p[np++] = DBI(key_id);
		}
		p[np++] = DBI(EXPORT_BATCH);
		drc = db_exec(rq->app->db, so->batch, p, np, &r);
		if (drc != DB_OK) {
			log_err("export %s: batch after %lld not read (%d)", d->name, below, drc);
			goto out;
		}
		if (r->nrows == 0)
			break;
		for (i = 0; i < r->nrows; i++)
			if (write_row(&w, d, &main_s, d->cols, d->ncols, r, i) < 0)
				goto out;
		res->rows += (long long)r->nrows;
		low = dbres_int(r, r->nrows - 1, 0);
		for (k = 0; k < nchildren; k++) {
			struct dbres *c = NULL;
			if (set_params(q, p, &np, 0) < 0)
				goto out;
			p[np++] = DBI(below);
			p[np++] = DBI(low);
			if (db_exec(rq->app->db, d->children[k].st, p, np, &c) != DB_OK)
				goto out;
			for (i = 0; i < c->nrows; i++)
				if (write_row(&w, d, &child_s[k], d->children[k].cols, d->children[k].ncols, c, i) < 0) {
					dbres_free(&c);
					goto out;
				}
			dbres_free(&c);
		}
		below = low;
		if (so->keyset != KS_ID_DESC) {
			char *next = strdup(dbres_str(r, r->nrows - 1, 1));
			if (!next)
				goto out;
			free(key);
			key = next;
			key_id = low;
		}
		if (r->nrows < EXPORT_BATCH)
			break;
		dbres_free(&r);
		if (progress) {
			/* rc stays -1 until the last batch is written: a failure after a reported batch is
			 * never taken for a finished file. */
			int prc = progress(ctx, res->rows);
			if (prc != 0) {
				rc = prc;
				goto out;
			}
		}
	}
	rc = 0;
	for (k = 0; k < SF__COUNT; k++)
		if (w.tiered[k] && strlen(res->tiered) + 64 < sizeof res->tiered)
			snprintf(res->tiered + strlen(res->tiered), sizeof res->tiered - strlen(res->tiered), "%s%s.%s",
			         res->tiered[0] ? "," : "", secret_fields[k].table, secret_fields[k].column);
out:
	free(key);
	dbres_free(&r);
	return rc;
}

/* Rows in the export: the list's count statement when it has one, else by reading its batches up to
 * just past EXPORT_SYNC_MAX (enough to choose between now and a job; a job's total grows with its
 * progress). */
static int list_count(struct req *rq, const struct list_desc *d, struct query *q, long long *n)
{
	struct dbp p[LIST_MAX_PARAMS + 8];
	struct dbres *r = NULL;
	const struct list_sort *so = q->sort;
	long long below = LLONG_MAX, key_id = so->keyset == KS_KEY_DESC ? (long long)1 << 62 : 0;
	char *key = so->first_key ? strdup(so->first_key) : NULL;
	size_t np;
	int rc = -1;

	*n = 0;
	if (d->has_count) {
		if (set_params(q, p, &np, 0) < 0 || db_exec(rq->app->db, d->count, p, np, &r) != DB_OK)
			goto out;
		*n = dbres_int(r, 0, 0);
		rc = 0;
		goto out;
	}
	if (so->first_key && !key)
		return -1;
	while (*n <= EXPORT_SYNC_MAX) {
		if (set_params(q, p, &np, d->lead_cutoff) < 0)
			goto out;
		if (so->keyset == KS_ID_DESC) {
			p[np++] = DBI(below);
		} else {
			p[np++] = DBS(key);
			p[np++] = DBS(key);
			p[np++] = DBI(key_id);
		}
		p[np++] = DBI(EXPORT_BATCH);
		if (db_exec(rq->app->db, so->batch, p, np, &r) != DB_OK)
			goto out;
		*n += (long long)r->nrows;
		if (r->nrows < EXPORT_BATCH)
			break;
		below = key_id = dbres_int(r, r->nrows - 1, 0);
		if (so->keyset != KS_ID_DESC) {
			char *next = strdup(dbres_str(r, r->nrows - 1, 1));
			if (!next)
				goto out;
			free(key);
			key = next;
		}
		dbres_free(&r);
	}
	rc = 0;
out:
	free(key);
	dbres_free(&r);
	return rc;
}

/* ------------------------------------------------------------------ dispatch */

/* The kvlist the filters are read from: the list page's query string when the control sent it. */
static int filters_source(const struct kvlist *in, struct kvlist *own, const struct kvlist **src)
{
	const char *qs = kv_get(in, "query");

	*src = in;
	if (!qs)
		return 0;
	if (parse_urlencoded(qs, strlen(qs), NULL, own) != PARSE_OK)
		return -1;
	*src = own;
	return 0;
}

int export_params(struct req *rq, enum export_kind k, const struct kvlist *in, struct buf *out)
{
	const struct list_desc *d = desc_of(k);
	struct kvlist own = { 0 };
	const struct kvlist *src;
	struct query q;
	int rc = -1;

	if (d && filters_source(in, &own, &src) == 0 && query_read(rq, d, src, &q) == 0)
		rc = query_string(&q, out);
	kvlist_clear(&own);
	return rc;
}

int export_count(struct req *rq, enum export_kind k, long long *n)
{
	const struct list_desc *d = desc_of(k);
	struct query q;

	if (!d || query_read(rq, d, &rq->query, &q) < 0)
		return -1;
	return list_count(rq, d, &q, n);
}

static int to_file(void *sink, const char *data, size_t len)
{
	return fwrite(data, 1, len, sink) == len ? 0 : -1;
}

int export_write(struct req *rq, enum export_kind k, enum export_format f, const char *path, const char *tmpdir,
                 export_progress_fn progress, void *ctx, struct export_result *res)
{
	struct table_out t;
	FILE *fp = NULL;
	int rc = -1, crc;

	memset(res, 0, sizeof *res);
	if (f == EXPORT_CSV) {
		fp = fopen(path, "wb");
		if (!fp) {
			log_err("export: cannot create %s", path);
			return -1;
		}
		if (table_open_csv(&t, to_file, fp) < 0)
			goto out;
	} else if (table_open_xlsx(&t, path, tmpdir) < 0) {
		log_err("export: cannot create %s", path);
		return -1;
	}
	{
		const struct list_desc *d = desc_of(k);
		struct query q;
		rc = d && query_read(rq, d, &rq->query, &q) == 0 ? list_write(rq, d, &q, &t, progress, ctx, res) : -1;
	}
out:
	crc = table_close(&t);
	if (fp && fclose(fp) != 0)
		crc = -1;
	return rc ? rc : crc;
}
