/* Satisfaction surveys (docs/records.md) and the customer history (docs/records.md). CAP_SALES.
 *   GET  /customers/{id}/surveys/new   empty survey form     } whoever may edit the customer;
 *   POST /customers/{id}/surveys       create (audited)      } anyone else: 404
 * The form runs on the form kit (src/form/): scores are integers 1–5, the date not later than today.
 * Surveys are visible with their customer: the history, shown on the customer page, is filled by
 * customer_history() (templates/history/_customer.cs): the customer's negotiation records in date
 * order, needs that recur across the last records, objection types over time, concessions given
 * against each opportunity's list price, how the needs changed between the first and the latest
 * record, and the survey history with averages. Every statement joins the customer with VIS_SQL;
 * the arithmetic is in domain/history.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "audit/audit.h"
#include "domain/history.h"
#include "domain/units.h"
#include "form/page.h"
#include "http/router.h"
#include "pages/customer_common.h"
#include "pages/pages.h"
#include "util/clock.h"
#include "view/view.h"

#define HIST_RECORDS_MAX 200     /* records listed on the customer page */
#define HIST_WINDOW 5            /* "k of the last n" looks at this many records */
#define HIST_MIN_REPEAT 2        /* a need recurs when it is in at least this many of them */
#define HIST_OBJ_DATES 60        /* objection points (record dates) shown */
#define HIST_CONCESSIONS_MAX 5000
#define HIST_OPPS_MAX 100
#define SURVEYS_MAX 100

/* ------------------------------------------------------------------ survey form */

enum { SV_ON, SV_SERVICE, SV_SOLUTION, SV_SPEED, SV_TEAM, SV_OVERALL, SV_SUGGESTIONS, SV__N };
static const struct fk_field survey_fields[SV__N] = {
	[SV_ON] = { "surveyed_on", FK_DATE, FK_REQUIRED },
	[SV_SERVICE] = { "service_quality", FK_INT, FK_REQUIRED, .min = SURVEY_SCORE_MIN, .max = SURVEY_SCORE_MAX },
	[SV_SOLUTION] = { "solution_effect", FK_INT, FK_REQUIRED, .min = SURVEY_SCORE_MIN, .max = SURVEY_SCORE_MAX },
	[SV_SPEED] = { "response_speed", FK_INT, FK_REQUIRED, .min = SURVEY_SCORE_MIN, .max = SURVEY_SCORE_MAX },
	[SV_TEAM] = { "team_cooperation", FK_INT, FK_REQUIRED, .min = SURVEY_SCORE_MIN, .max = SURVEY_SCORE_MAX },
	[SV_OVERALL] = { "overall", FK_CHOICE, FK_REQUIRED, .choices = survey_overall },
	[SV_SUGGESTIONS] = { "suggestions", FK_LONGTEXT, .max = 5000 },
};
static const struct fk_form survey_form = { survey_fields, SV__N };

/* The customer, editable by this user; its name for the form. */
static int survey_load(struct fk_run *run)
{
	struct dbres **r = run->data;
	struct row_ref row;

	return customer_load_editable(run->rq, run->rs, run->id, r, &row);
}

static int survey_check(struct fk_run *run)
{
	fk_not_future(run, SV_ON);
	return 0;
}

static int survey_write(struct db *db, struct fk_run *run)
{
	const struct fk_val *v = run->v;
	long long cid = run->rq->ids[0];
	struct dbres *r = NULL;
	char now[20], on[11];
	int rc;

	clock_fmt_utc(run->rq->now, now);
	fk_date_iso(&v[SV_ON], on);
	rc = DB_EXEC(db, ST_SURVEY_INSERT, &r, DBI(cid), DBS(on), DBI(v[SV_SERVICE].i), DBI(v[SV_SOLUTION].i),
	             DBI(v[SV_SPEED].i), DBI(v[SV_TEAM].i), DBS(v[SV_OVERALL].s), DBS(v[SV_SUGGESTIONS].s),
	             DBI(run->rq->user.id), DBS(now));
	if (rc)
		return rc;
	run->id = (long long)r->insert_id;
	dbres_free(&r);
	/* Field names only, never the values. */
	snprintf(run->detail, sizeof run->detail, "customer %lld set: surveyed_on service_quality solution_effect "
	         "response_speed team_cooperation overall%s", cid, v[SV_SUGGESTIONS].present ? " suggestions" : "");
	snprintf(run->location, sizeof run->location, "/customers/%lld#surveys", cid);
	return 0;
}

static int survey_render(struct fk_run *run)
{
	struct dbres **r = run->data;
	struct req *rq = run->rq;
	char today[11], name[64];
	size_t i;

	if (!run->v) {
		user_today(rq, today);
		view_set(rq, "Form.values.surveyed_on", today);
	}
	view_set_int(rq, "Form.customer_id", rq->ids[0]);
	view_set(rq, "Form.customer_name", dbres_get(*r, 0, CC_NAME));
	for (i = SURVEY_SCORE_MIN; i <= SURVEY_SCORE_MAX; i++) {
		snprintf(name, sizeof name, "Choices.scores.%zu.value", i - SURVEY_SCORE_MIN);
		view_set_int(rq, name, (long long)i);
		snprintf(name, sizeof name, "Choices.scores.%zu.label", i - SURVEY_SCORE_MIN);
		view_set_int(rq, name, (long long)i);
	}
	set_choice_list(rq, "Choices.overall", survey_overall, "survey_overall");
	return view_render(rq, run->rs, "surveys/form.cs");
}

static const struct fk_page survey_page = {
	.form = &survey_form, .load = survey_load, .check = survey_check, .write = survey_write,
	.render = survey_render, .audit_action = "survey.create", .audit_entity = "survey", .flash = "survey_saved",
};

int page_survey_new(struct req *rq, struct resp *rs)
{
	struct dbres *r = NULL;
	int rc = fk_get(rq, rs, &survey_page, &r);

	dbres_free(&r);
	return rc;
}

int page_survey_create(struct req *rq, struct resp *rs)
{
	struct dbres *r = NULL;
	int rc = fk_post(rq, rs, &survey_page, &r);

	dbres_free(&r);
	return rc;
}

/* ------------------------------------------------------------------ customer history */

/* Column positions of ST_HIST_RECORDS. */
enum { HR_ID, HR_DATE, HR_PHASE, HR_TYPE, HR_STATUS, HR_DRAFT, HR_OPP, HR_OWNER };

static void set_topic(struct req *rq, const char *name, int topic)
{
	set_label(rq, name, "hist_topic", need_topics[topic]);
}

/* prefix.N.topic / prefix.N.code for every topic in mask. */
static void set_topic_list(struct req *rq, const char *prefix, unsigned mask)
{
	int t[TOPIC__N];
	char name[64];
	size_t i, n = history_topics_of(mask, t);

	for (i = 0; i < n; i++) {
		snprintf(name, sizeof name, "%s.%zu.topic", prefix, i);
		set_topic(rq, name, t[i]);
		view_setf(rq, need_topics[t[i]], "%s.%zu.code", prefix, i);
	}
}

/* The records, newest first in r; shown oldest first. Returns 0 / -1. */
static int history_records(struct req *rq, struct dbres *r, size_t n)
{
	char name[64];
	size_t i, j;

	for (j = 0; j < n; j++) {
		i = n - 1 - j;
		view_setf(rq, dbres_get(r, i, HR_ID), "History.records.%zu.id", j);
		view_setf(rq, dbres_get(r, i, HR_DATE), "History.records.%zu.iso", j);
		snprintf(name, sizeof name, "History.records.%zu.date", j);
		set_date(rq, name, dbres_get(r, i, HR_DATE));
		view_setf(rq, dbres_get(r, i, HR_PHASE), "History.records.%zu.phase_code", j);
		snprintf(name, sizeof name, "History.records.%zu.phase", j);
		set_label(rq, name, "hist_phase", dbres_get(r, i, HR_PHASE));
		snprintf(name, sizeof name, "History.records.%zu.type", j);
		set_label(rq, name, "hist_type", dbres_get(r, i, HR_TYPE));
		view_setf(rq, dbres_get(r, i, HR_STATUS), "History.records.%zu.status_code", j);
		snprintf(name, sizeof name, "History.records.%zu.status", j);
		set_label(rq, name, "hist_status", dbres_get(r, i, HR_STATUS));
		if (dbres_int(r, i, HR_DRAFT))
			view_setf(rq, "1", "History.records.%zu.draft", j);
		view_setf(rq, dbres_get(r, i, HR_OWNER), "History.records.%zu.owner", j);
	}
	return 0;
}

/* The language's "{k} of the last {n}" with the numbers put in. */
static void recur_text(struct req *rq, size_t k, size_t n, char *out, size_t outsz)
{
	const char *f = view_str(rq, "history.recur_fmt");
	size_t w = 0;

	out[0] = '\0';
	while (*f && w + 1 < outsz) {
		if (!strncmp(f, "{k}", 3) || !strncmp(f, "{n}", 3)) {
			int len = snprintf(out + w, outsz - w, "%zu", f[1] == 'k' ? k : n);
			if (len < 0 || (size_t)len >= outsz - w)
				break;
			w += (size_t)len;
			f += 3;
		} else {
			out[w++] = *f++;
			out[w] = '\0';
		}
	}
}

/* Recurring needs over the last records and the change from the first record to the latest. */
static int history_needs(struct req *rq, struct vis_scope *s, long long cid, struct dbres *recs, size_t nrec)
{
	long long ids[8] = { 0 };
	unsigned masks[HIST_WINDOW] = { 0 }, first_mask = 0;
	struct recurring_need rec[TOPIC__N];
	struct dbres *f = NULL, *t = NULL;
	long long first_id = 0;
	size_t i, j, window = nrec < HIST_WINDOW ? nrec : HIST_WINDOW, n;
	char name[64], text[160];

	if (nrec == 0)
		return 0;
	if (DB_EXEC(rq->app->db, ST_HIST_FIRST_RECORD, &f, VIS_PARAMS(s), DBI(cid)) != DB_OK)
		return -1;
	if (f->nrows) {
		first_id = dbres_int(f, 0, 0);
		view_set(rq, "History.changes.first_iso", dbres_get(f, 0, 1));
		set_date(rq, "History.changes.first_date", dbres_get(f, 0, 1));
	}
	dbres_free(&f);
	for (i = 0; i < window; i++)
		ids[i] = dbres_int(recs, i, HR_ID);
	ids[7] = first_id;
	if (DB_EXEC(rq->app->db, ST_HIST_NEED_TOPICS, &t, VIS_PARAMS(s), DBI(cid), DBI(ids[0]), DBI(ids[1]),
	            DBI(ids[2]), DBI(ids[3]), DBI(ids[4]), DBI(ids[5]), DBI(ids[6]), DBI(ids[7])) != DB_OK)
		return -1;
	for (j = 0; j < t->nrows; j++) {
		long long id = dbres_int(t, j, 0);
		int topic = need_topic_index(dbres_get(t, j, 1));
		if (topic < 0)
			continue;
		for (i = 0; i < window; i++)
			if (ids[i] == id)
				masks[i] |= 1u << topic;
		if (id == first_id)
			first_mask |= 1u << topic;
	}
	dbres_free(&t);

	n = history_recurring(masks, window, HIST_WINDOW, HIST_MIN_REPEAT, rec);
	view_set_int(rq, "History.window", (long long)window);
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof name, "History.recurring.%zu.topic", i);
		set_topic(rq, name, rec[i].topic);
		view_setf(rq, need_topics[rec[i].topic], "History.recurring.%zu.code", i);
		snprintf(name, sizeof name, "History.recurring.%zu.k", i);
		view_set_int(rq, name, (long long)rec[i].k);
		snprintf(name, sizeof name, "History.recurring.%zu.n", i);
		view_set_int(rq, name, (long long)rec[i].n);
		recur_text(rq, rec[i].k, rec[i].n, text, sizeof text);
		snprintf(name, sizeof name, "History.recurring.%zu.text", i);
		view_set(rq, name, text);
	}
	/* How needs changed: only with two different records to compare. */
	if (first_id && first_id != ids[0]) {
		struct needs_change ch;
		history_needs_change(first_mask, masks[0], &ch);
		view_set(rq, "History.changes.shown", "1");
		view_set(rq, "History.changes.latest_iso", dbres_get(recs, 0, HR_DATE));
		set_date(rq, "History.changes.latest_date", dbres_get(recs, 0, HR_DATE));
		set_topic_list(rq, "History.changes.added", ch.added);
		set_topic_list(rq, "History.changes.dropped", ch.dropped);
		set_topic_list(rq, "History.changes.kept", ch.kept);
	}
	return 0;
}

static int history_objections_fill(struct req *rq, struct vis_scope *s, long long cid)
{
	struct objection_in in[HIST_OBJ_DATES * OBJ__N];
	struct objection_point pts[HIST_OBJ_DATES];
	long long totals[OBJ__N];
	struct dbres *r = NULL;
	size_t i, n;
	int t;

	if (DB_EXEC(rq->app->db, ST_HIST_OBJECTIONS, &r, VIS_PARAMS(s), DBI(cid),
	            DBI((long long)(HIST_OBJ_DATES * OBJ__N))) != DB_OK)
		return -1;
	for (i = 0; i < r->nrows; i++)
		in[i] = (struct objection_in){ dbres_get(r, i, 0), dbres_get(r, i, 1), dbres_int(r, i, 2) };
	n = history_objections(in, r->nrows, pts, HIST_OBJ_DATES, totals);
	for (i = 0; i < n; i++) {
		char name[64];
		view_setf(rq, pts[i].date, "History.objections.%zu.iso", i);
		snprintf(name, sizeof name, "History.objections.%zu.date", i);
		set_date(rq, name, pts[i].date);
		for (t = 0; t < OBJ__N; t++) {
			snprintf(name, sizeof name, "History.objections.%zu.%s", i, objection_types[t]);
			view_set_int(rq, name, pts[i].count[t]);
		}
		snprintf(name, sizeof name, "History.objections.%zu.total", i);
		view_set_int(rq, name, pts[i].total);
	}
	if (n)
		for (t = 0; t < OBJ__N; t++) {
			char name[64];
			snprintf(name, sizeof name, "History.objection_totals.%s", objection_types[t]);
			view_set_int(rq, name, totals[t]);
		}
	dbres_free(&r);
	return 0;
}

/* Column positions of ST_HIST_CONCESSIONS. */
enum { HC_OPP, HC_TITLE, HC_CURRENCY, HC_LIST, HC_VALUE, HC_BP };

static long long cell_or_none(const struct dbres *r, size_t row, size_t col)
{
	return dbres_get(r, row, col) ? dbres_int(r, row, col) : -1;
}

/* One opportunity's concessions, rows [from, to) of r, as History.concessions.N. */
static void concession_group(struct req *rq, const struct dbres *r, size_t from, size_t to, size_t slot,
                             struct concession_in *buf)
{
	struct concession_total tot;
	const char *cur = dbres_get(r, from, HC_CURRENCY);
	long long list = cell_or_none(r, from, HC_LIST), opp = dbres_int(r, from, HC_OPP);
	char out[64];
	size_t i;

	for (i = from; i < to; i++)
		buf[i - from] = (struct concession_in){ cell_or_none(r, i, HC_VALUE), cell_or_none(r, i, HC_BP) };
	if (history_concessions(buf, to - from, list, &tot) < 0) {
		view_setf(rq, "1", "History.concessions.%zu.broken", slot);
		return;
	}
	if (opp > 0 && dbres_get(r, from, HC_TITLE)) {
		view_setf(rq, dbres_get(r, from, HC_OPP), "History.concessions.%zu.opp_id", slot);
		view_setf(rq, dbres_get(r, from, HC_TITLE), "History.concessions.%zu.title", slot);
	}
	snprintf(out, sizeof out, "%zu", tot.count);
	view_setf(rq, out, "History.concessions.%zu.count", slot);
	snprintf(out, sizeof out, "%zu", tot.unvalued);
	view_setf(rq, out, "History.concessions.%zu.unvalued", slot);
	bp_format(tot.bp_sum, out, sizeof out);
	view_setf(rq, out, "History.concessions.%zu.steps", slot);
	money_format(tot.total_value, cur, rq->lang, out, sizeof out);
	view_setf(rq, out, "History.concessions.%zu.value", slot);
	if (list > 0) {
		money_format(list, cur, rq->lang, out, sizeof out);
		view_setf(rq, out, "History.concessions.%zu.list_price", slot);
		bp_format(tot.cum_bp, out, sizeof out);
		view_setf(rq, out, "History.concessions.%zu.cumulative", slot);
		snprintf(out, sizeof out, "%lld", tot.cum_bp);
		view_setf(rq, out, "History.concessions.%zu.cumulative_bp", slot);
	} else {
		view_setf(rq, "1", "History.concessions.%zu.no_list_price", slot);
	}
}

static int history_concessions_fill(struct req *rq, struct vis_scope *s, long long cid)
{
	struct concession_in *buf;
	struct dbres *r = NULL;
	size_t i, from = 0, slot = 0, n;

	if (DB_EXEC(rq->app->db, ST_HIST_CONCESSIONS, &r, VIS_PARAMS(s), DBI(cid),
	            DBI((long long)HIST_CONCESSIONS_MAX + 1)) != DB_OK)
		return -1;
	n = r->nrows > HIST_CONCESSIONS_MAX ? HIST_CONCESSIONS_MAX : r->nrows;
	if (r->nrows > HIST_CONCESSIONS_MAX)
		view_set(rq, "History.concessions_more", "1");
	if (n == 0 || !(buf = calloc(n, sizeof *buf))) {
		dbres_free(&r);
		return n == 0 ? 0 : -1;
	}
	for (i = 1; i <= n && slot < HIST_OPPS_MAX; i++) {
		if (i < n && dbres_int(r, i, HC_OPP) == dbres_int(r, from, HC_OPP))
			continue;
		concession_group(rq, r, from, i, slot++, buf);
		from = i;
	}
	free(buf);
	dbres_free(&r);
	return 0;
}

static int history_surveys(struct req *rq, struct vis_scope *s, long long cid)
{
	static const size_t score_col[SCORE__N] = { 2, 3, 4, 5 };
	int scores[SURVEYS_MAX][SCORE__N];
	struct survey_avg avg;
	struct dbres *r = NULL;
	char name[64], out[16];
	size_t i;
	int k;

	if (DB_EXEC(rq->app->db, ST_SURVEY_LIST, &r, VIS_PARAMS(s), DBI(cid), DBI((long long)SURVEYS_MAX)) != DB_OK)
		return -1;
	for (i = 0; i < r->nrows; i++) {
		view_setf(rq, dbres_get(r, i, 0), "History.surveys.%zu.id", i);
		snprintf(name, sizeof name, "History.surveys.%zu.date", i);
		set_date(rq, name, dbres_get(r, i, 1));
		for (k = 0; k < SCORE__N; k++) {
			scores[i][k] = (int)dbres_int(r, i, score_col[k]);
			view_setf(rq, dbres_get(r, i, score_col[k]), "History.surveys.%zu.%s", i, survey_score_fields[k]);
		}
		view_setf(rq, dbres_get(r, i, 6), "History.surveys.%zu.overall_code", i);
		snprintf(name, sizeof name, "History.surveys.%zu.overall", i);
		set_label(rq, name, "survey_overall", dbres_get(r, i, 6));
		view_setf(rq, dbres_get(r, i, 7), "History.surveys.%zu.suggestions", i);
		view_setf(rq, dbres_get(r, i, 8), "History.surveys.%zu.by", i);
	}
	survey_averages((const int (*)[SCORE__N])scores, r->nrows, &avg);
	if (avg.count) {
		view_set_int(rq, "History.survey_avg.count", (long long)avg.count);
		for (k = 0; k < SCORE__N; k++) {
			tenths_format(avg.tenths[k], out, sizeof out);
			snprintf(name, sizeof name, "History.survey_avg.%s", survey_score_fields[k]);
			view_set(rq, name, out);
		}
		tenths_format(avg.all_tenths, out, sizeof out);
		view_set(rq, "History.survey_avg.all", out);
	}
	dbres_free(&r);
	return 0;
}

int customer_history(struct req *rq, long long customer_id, const struct row_ref *ref)
{
	struct dbres *recs = NULL;
	struct vis_scope s;
	size_t n;
	int rc;

	view_set_int(rq, "History.customer_id", customer_id);
	if (vis_can_edit(&rq->user, ref))
		view_set(rq, "History.can_survey", "1");
	vis_scope_for(&rq->user, &s);
	if (DB_EXEC(rq->app->db, ST_HIST_RECORDS, &recs, VIS_PARAMS(&s), DBI(customer_id),
	            DBI((long long)HIST_RECORDS_MAX + 1)) != DB_OK)
		return -1;
	n = recs->nrows > HIST_RECORDS_MAX ? HIST_RECORDS_MAX : recs->nrows;
	if (recs->nrows > HIST_RECORDS_MAX)
		view_set(rq, "History.records_more", "1");
	rc = history_records(rq, recs, n);
	if (rc == 0)
		rc = history_needs(rq, &s, customer_id, recs, n);
	dbres_free(&recs);
	if (rc == 0)
		rc = history_objections_fill(rq, &s, customer_id);
	if (rc == 0)
		rc = history_concessions_fill(rq, &s, customer_id);
	if (rc == 0)
		rc = history_surveys(rq, &s, customer_id);
	return rc;
}

/* The routes of this file; the dispatcher checks sign-in, CSRF and capability before a handler runs. */
static const struct route routes[] = {
	{ "GET", "/customers/:id/surveys/new", page_survey_new,    CAP_SALES, CSRF_NONE },
	{ "POST", "/customers/:id/surveys",     page_survey_create, CAP_SALES, CSRF_CHECK },
};
PAGE_ROUTES(routes);
