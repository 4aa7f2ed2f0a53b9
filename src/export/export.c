/* The lists' exports (see export.h). */
#include "export/export.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "auth/visibility.h"
#include "domain/records.h"
#include "domain/units.h"
#include "http/form.h"
#include "util/clock.h"
#include "util/log.h"
#include "view/view.h"

static const char *const kind_names[EXPORT__KINDS] = { [EXPORT_RECORDS] = "records" };
static const char *const kind_titles[EXPORT__KINDS] = { [EXPORT_RECORDS] = "rec.list_title" };

int export_kind_parse(const char *s)
{
	int i;

	for (i = 0; s && i < EXPORT__KINDS; i++)
		if (!strcmp(s, kind_names[i]))
			return i;
	return -1;
}

const char *export_kind_name(enum export_kind k)
{
	return (unsigned)k < EXPORT__KINDS ? kind_names[k] : "";
}

void export_file_name(struct req *rq, enum export_kind k, enum export_format f, char *out, size_t n)
{
	char day[11];

	date_of(rq->now, rq->user.tz[0] ? rq->user.tz : "Asia/Shanghai", 0, day);
	snprintf(out, n, "%s %s.%s", view_str(rq, kind_titles[k]), day, f == EXPORT_XLSX ? "xlsx" : "csv");
}

/* ------------------------------------------------------------------ records */

struct rec_filter {
	long long customer;
	const char *phase, *status;
	long long late;
	char from[11], to[11];
	char cutoff[20];
};

static int iso_date_ok(const char *s)
{
	int y, m, d, n = 0;

	return s && strlen(s) == 10 && sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) == 3 && n == 10 && y >= 1900 &&
	       m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

/* The names and checks of page_negotiations (src/pages/negotiations.c), plus a period of held_on. */
static void rec_filter_read(struct req *rq, const struct kvlist *in, struct rec_filter *f)
{
	const char *q;

	memset(f, 0, sizeof *f);
	f->phase = kv_get(in, "phase");
	f->status = kv_get(in, "status");
	if (!rec_choice_ok(rec_phases, f->phase))
		f->phase = "";
	if (!rec_choice_ok(rec_statuses, f->status))
		f->status = "";
	if ((q = kv_get(in, "customer")) && parse_id(q, strlen(q), &f->customer) < 0)
		f->customer = 0;
	if ((q = kv_get(in, "late")) && !strcmp(q, "1"))
		f->late = 1;
	if ((q = kv_get(in, "from")) && iso_date_ok(q))
		memcpy(f->from, q, 11);
	if ((q = kv_get(in, "to")) && iso_date_ok(q))
		memcpy(f->to, q, 11);
	clock_fmt_utc(rq->now - REC_LATE_SECONDS, f->cutoff);
}

#define REC_FILTER_PARAMS(f) DBI((f)->customer), DBI((f)->customer), DBS((f)->phase), DBS((f)->phase), \
	DBS((f)->status), DBS((f)->status), DBI((f)->late), DBS((f)->cutoff), \
	DBS(*(f)->from ? (f)->from : "1000-01-01"), DBS(*(f)->to ? (f)->to : "9999-12-31")

static int rec_params(struct req *rq, const struct kvlist *in, struct buf *out)
{
	struct rec_filter f;
	int rc = 0;

	rec_filter_read(rq, in, &f);
	rc |= buf_printf(out, "customer=%lld&late=%lld", f.customer, f.late);
	if (*f.phase)
		rc |= buf_printf(out, "&phase=%s", f.phase);
	if (*f.status)
		rc |= buf_printf(out, "&status=%s", f.status);
	if (*f.from)
		rc |= buf_printf(out, "&from=%s", f.from);
	if (*f.to)
		rc |= buf_printf(out, "&to=%s", f.to);
	return rc ? -1 : 0;
}

static int rec_count(struct req *rq, long long *n)
{
	struct rec_filter f;
	struct vis_scope s;
	struct dbres *r = NULL;

	rec_filter_read(rq, &rq->query, &f);
	vis_scope_for(&rq->user, &s);
	if (DB_EXEC(rq->app->db, ST_EXP_NEG_COUNT, &r, VIS_PARAMS(&s), REC_FILTER_PARAMS(&f)) != DB_OK)
		return -1;
	*n = dbres_int(r, 0, 0);
	dbres_free(&r);
	return 0;
}

static const struct col rec_cols[] = {
	{ "exp.record_no", COL_INT, 10, NULL },
	{ "rec.held_on", COL_DATE, 12, NULL },
	{ "rec.customer", COL_TEXT, 28, NULL },
	{ "rec.opportunity", COL_TEXT, 28, NULL },
	{ "rec.plan", COL_TEXT, 24, NULL },
	{ "rec.type", COL_TEXT, 12, "rec.type" },
	{ "rec.phase", COL_TEXT, 10, "rec.phase" },
	{ "rec.status", COL_TEXT, 10, "rec.status" },
	{ "rec.owner", COL_TEXT, 14, NULL },
	{ "rec.place", COL_TEXT, 18, NULL },
	{ "rec.start_time", COL_TEXT, 8, NULL },
	{ "rec.end_time", COL_TEXT, 8, NULL },
	{ "rec.our_participants", COL_TEXT, 24, NULL },
	{ "rec.their_participants", COL_TEXT, 24, NULL },
	{ "rec.completed_at", COL_DATETIME, 20, NULL },
	{ "rec.late_short", COL_TEXT, 8, "exp.yesno" },
	{ "rec.flag_count", COL_INT, 8, NULL },
	{ "rec.review_strengths", COL_TEXT, 30, NULL },
	{ "rec.review_improve", COL_TEXT, 30, NULL },
	{ "rec.review_relationship", COL_TEXT, 30, NULL },
	{ "rec.review_strategy", COL_TEXT, 30, NULL },
	{ "rec.review_moments", COL_TEXT, 30, NULL },
};
#define REC_NCOLS (sizeof rec_cols / sizeof *rec_cols)

/* The child lists, one XLSX sheet each: record number, position, then the list's columns. The last
 * column of terms and concessions is the currency (not shown). */
struct child_spec {
	const char *sheet;
	enum stmt_id st;
	const struct col *cols;
	size_t ncols;
	int money_cur;     /* result column of the currency, or -1 */
};
#define NO_POS { "exp.record_no", COL_INT, 10, NULL }, { "exp.position", COL_INT, 6, NULL }
static const struct col needs_cols[] = { NO_POS, { "rec.need", COL_TEXT, 40, NULL },
	{ "rec.urgency", COL_TEXT, 10, "rec.urgency" }, { "rec.topic", COL_TEXT, 10, "rec.topic" } };
static const struct col obj_cols[] = { NO_POS, { "rec.quote", COL_TEXT, 40, NULL },
	{ "rec.otype", COL_TEXT, 10, "rec.otype" }, { "rec.response", COL_TEXT, 40, NULL },
	{ "rec.result", COL_TEXT, 10, "rec.result" }, { "rec.owner", COL_TEXT, 14, NULL },
	{ "rec.follow_up", COL_TEXT, 30, NULL } };
static const struct col prop_cols[] = { NO_POS, { "rec.proposal", COL_TEXT, 40, NULL },
	{ "rec.for_need", COL_INT, 10, NULL } };
static const struct col term_cols[] = { NO_POS, { "rec.term", COL_TEXT, 12, "rec.term" },
	{ "rec.ours", COL_TEXT, 30, NULL }, { "rec.theirs", COL_TEXT, 30, NULL },
	{ "rec.agreed", COL_TEXT, 8, "exp.yesno" }, { "rec.price", COL_MONEY, 16, NULL },
	{ "rec.discount", COL_BP, 10, NULL }, { "rec.payment_days", COL_INT, 10, NULL } };
static const struct col conc_cols[] = { NO_POS, { "rec.term", COL_TEXT, 12, "rec.cterm" },
	{ "rec.from", COL_TEXT, 20, NULL }, { "rec.to", COL_TEXT, 20, NULL }, { "rec.value", COL_MONEY, 16, NULL },
	{ "rec.discount", COL_BP, 10, NULL }, { "rec.payment_days", COL_INT, 10, NULL },
	{ "rec.counter", COL_TEXT, 30, NULL }, { "exp.request_no", COL_INT, 10, NULL } };
static const struct col outcome_cols[] = { NO_POS, { "exp.outcome", COL_TEXT, 14, "exp.outcome" },
	{ "rec.agreement", COL_TEXT, 40, NULL }, { "rec.reason", COL_TEXT, 30, NULL } };
static const struct col action_cols[] = { NO_POS, { "rec.what", COL_TEXT, 40, NULL },
	{ "rec.action_owner", COL_TEXT, 14, NULL }, { "rec.due", COL_DATE, 12, NULL },
	{ "rec.deliverable", COL_TEXT, 30, NULL } };
static const struct col att_cols[] = { NO_POS, { "rec.person", COL_TEXT, 20, NULL },
	{ "rec.observation", COL_TEXT, 50, NULL } };
#define CH(name, st, cols, cur) { name, st, cols, sizeof cols / sizeof *cols, cur }
static const struct child_spec rec_children[] = {
	CH("rec.needs", ST_EXP_NEG_NEEDS, needs_cols, -1),
	CH("rec.objections", ST_EXP_NEG_OBJECTIONS, obj_cols, -1),
	CH("rec.proposals", ST_EXP_NEG_PROPOSALS, prop_cols, -1),
	CH("rec.terms", ST_EXP_NEG_TERMS, term_cols, 9),
	CH("rec.concessions", ST_EXP_NEG_CONCESSIONS, conc_cols, 10),
	CH("exp.outcomes", ST_EXP_NEG_OUTCOMES, outcome_cols, -1),
	CH("rec.actions", ST_EXP_NEG_ACTIONS, action_cols, -1),
	CH("rec.attitudes", ST_EXP_NEG_ATTITUDES, att_cols, -1),
};
#define REC_NCHILDREN (sizeof rec_children / sizeof *rec_children)
#define MAX_COLS 32

/* A cell: a stored choice becomes its label in the user's language. */
static int put(struct req *rq, struct sheet *s, const char *v, const char *cur)
{
	const struct col *c = &s->cols[s->col];
	char key[96];

	if (c->choice && v && *v) {
		snprintf(key, sizeof key, "%s.%s", c->choice, v);
		v = view_str(rq, key);
	}
	return sheet_cell(s, v, cur);
}

static int start_sheet(struct req *rq, struct table_out *t, struct sheet *s, const char *title,
                       const struct col *cols, size_t n)
{
	const char *labels[MAX_COLS];
	size_t i;

	for (i = 0; i < n && i < MAX_COLS; i++)
		labels[i] = view_str(rq, cols[i].label);
	return table_sheet(t, s, view_str(rq, title), cols, n, labels);
}

static int rec_write(struct req *rq, struct table_out *t, export_progress_fn progress, void *ctx,
                     struct export_result *res)
{
	struct rec_filter f;
	struct vis_scope vs;
	struct sheet main_s, child_s[REC_NCHILDREN];
	struct dbres *r = NULL;
	long long below = LLONG_MAX, low;
	size_t i, j, k;
	int rc = -1, xlsx = t->fmt == EXPORT_XLSX;

	rec_filter_read(rq, &rq->query, &f);
	vis_scope_for(&rq->user, &vs);
	if (start_sheet(rq, t, &main_s, "rec.list_title", rec_cols, REC_NCOLS) < 0)
		return -1;
	for (k = 0; xlsx && k < REC_NCHILDREN; k++)
		if (start_sheet(rq, t, &child_s[k], rec_children[k].sheet, rec_children[k].cols, rec_children[k].ncols) < 0)
			return -1;
	for (;;) {
		int drc = DB_EXEC(rq->app->db, ST_EXP_NEG_BATCH, &r, DBS(f.cutoff), VIS_PARAMS(&vs),
		                  REC_FILTER_PARAMS(&f), DBI(below), DBI(EXPORT_BATCH));
		if (drc != DB_OK) {
			log_err("export: records below %lld not read (%d)", below, drc);
			rc = -1;
			goto out;
		}
		if (r->nrows == 0)
			break;
		for (i = 0; i < r->nrows; i++) {
			for (j = 0; j < REC_NCOLS; j++)
				if (put(rq, &main_s, dbres_get(r, i, j), NULL) < 0)
					goto out;
			if (sheet_end_row(&main_s) < 0)
				goto out;
		}
		low = dbres_int(r, r->nrows - 1, 0);
		res->rows += (long long)r->nrows;
		for (k = 0; xlsx && k < REC_NCHILDREN; k++) {
			const struct child_spec *cs = &rec_children[k];
			struct dbres *c = NULL;
			if (DB_EXEC(rq->app->db, cs->st, &c, VIS_PARAMS(&vs), REC_FILTER_PARAMS(&f), DBI(below), DBI(low)) != DB_OK)
				goto out;
			for (i = 0; i < c->nrows; i++) {
				const char *cur = cs->money_cur >= 0 ? dbres_get(c, i, (size_t)cs->money_cur) : NULL;
				for (j = 0; j < cs->ncols; j++)
					if (put(rq, &child_s[k], dbres_get(c, i, j), cur) < 0) {
						dbres_free(&c);
						goto out;
					}
				if (sheet_end_row(&child_s[k]) < 0) {
					dbres_free(&c);
					goto out;
				}
			}
			dbres_free(&c);
		}
		below = low;
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
out:
	dbres_free(&r);
	return rc;
}

/* ------------------------------------------------------------------ dispatch */

int export_params(struct req *rq, enum export_kind k, const struct kvlist *in, struct buf *out)
{
	switch (k) {
	case EXPORT_RECORDS: return rec_params(rq, in, out);
	default: return -1;
	}
}

int export_count(struct req *rq, enum export_kind k, long long *n)
{
	switch (k) {
	case EXPORT_RECORDS: return rec_count(rq, n);
	default: return -1;
	}
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
	switch (k) {
	case EXPORT_RECORDS: rc = rec_write(rq, &t, progress, ctx, res); break;
	default: rc = -1; break;
	}
out:
	crc = table_close(&t);
	if (fp && fclose(fp) != 0)
		crc = -1;
	return rc ? rc : crc;
}
