/* Needs analysis reports (docs/records.md), sales roles (CAP_SALES). A report belongs to an opportunity
 * and is visible exactly when its customer is; writing needs vis_can_edit on the customer.
 *   GET  /opportunities/{id}/needs            the opportunity's reports, newest first (latest marked)
 *   GET  /opportunities/{id}/needs/new        empty form
 *   POST /opportunities/{id}/needs            create → 303 /needs/{id}
 *   GET  /needs/{id}                          show: pains by priority, needs grouped must/should/could
 *   GET  /needs/{id}/edit, POST /needs/{id}   update
 * The budget range is confidential (SF_NEEDS_BUDGET, "CUR min max" in minor units): absent for users
 * without the tier, and posting it without the tier changes nothing. Pain points (pains.N.text,
 * pains.N.priority) and needs (needs.N.text, needs.N.class) are repeatable rows (see pages.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "audit/audit.h"
#include "auth/secrets.h"
#include "auth/visibility.h"
#include "domain/units.h"
#include "domain/guard.h"
#include "http/fields.h"
#include "http/router.h"
#include "pages/customer_common.h"
#include "pages/entry.h"
#include "pages/pages.h"
#include "util/buf.h"
#include "util/clock.h"
#include "view/view.h"

#define TEXT_MAX 5000

static const char *const needs_methods[] = { "meeting", "questionnaire", "interview", NULL };
static const char *const need_classes[] = { "must", "should", "could", NULL };

enum { NF_RESEARCHED, NF_METHOD, NF_SITUATION, NF_GOALS, NF_DECISION, NF_CONFIRMED, NF_CUR, NF_MIN, NF_MAX, NF__N };
#define NF_CONF_FIRST NF_CUR
static const struct field_spec needs_fields[NF__N] = {
	[NF_RESEARCHED] = { "researched_on", F_TEXT, 1, 1, 10, NULL },
	[NF_METHOD] = { "method", F_CHOICE, 1, 0, 0, needs_methods },
	[NF_SITUATION] = { "current_situation", F_TEXT, 0, 0, TEXT_MAX, NULL },
	[NF_GOALS] = { "expected_goals", F_TEXT, 0, 0, TEXT_MAX, NULL },
	[NF_DECISION] = { "decision_process", F_TEXT, 0, 0, TEXT_MAX, NULL },
	[NF_CONFIRMED] = { "confirmed_on", F_TEXT, 0, 0, 10, NULL },
	[NF_CUR] = { "budget_currency", F_TEXT, 0, 0, 3, NULL },
	[NF_MIN] = { "budget_min", F_TEXT, 0, 0, 32, NULL },
	[NF_MAX] = { "budget_max", F_TEXT, 0, 0, 32, NULL },
};
static const char *const pain_fields[] = { "text", "priority" };
static const char *const need_fields[] = { "text", "class" };

/* Column positions of NEEDS_COLS (db/stmts_plans.def); ST_NEEDS_GET adds NC_CREATOR. */
enum {
	NC_ID, NC_OPP, NC_RESEARCHED, NC_METHOD, NC_SITUATION, NC_GOALS, NC_DECISION, NC_BUDGET, NC_CONFIRMED,
	NC_CREATED, NC_UPDATED, NC_OTITLE, NC_CURRENCY, NC_CID, NC_CNAME, NC_C_OWNER, NC_C_TEAM, NC_C_REGION,
	NC_C_SHARED, NC_CREATOR
};
/* Column positions of ST_PLAN_OPP. */
enum { PO_ID, PO_TITLE, PO_CURRENCY, PO_CID, PO_CNAME, PO_C_OWNER, PO_C_TEAM, PO_C_REGION, PO_C_SHARED };

static int load_opp(struct req *rq, long long id, struct dbres **r, struct row_ref *ref)
{
	return vis_fetch_ref(rq, ST_PLAN_OPP, id, PO_C_OWNER, r, ref);
}

static int load_report(struct req *rq, long long id, struct dbres **r, struct row_ref *ref)
{
	return vis_fetch_ref(rq, ST_NEEDS_GET, id, NC_C_OWNER, r, ref);
}

static int is_blank(const char *s)
{
	for (; s && *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
			return 0;
	return 1;
}

/* ------------------------------------------------------------------ input */

struct needs_input {
	struct field_val v[NF__N];
	int conf, conf_posted;
	char budget[80];                     /* "CUR min max", "" = none */
	struct prows pains, needs;
	long long priority[PROWS_MAX];
};

static size_t last_field(const struct needs_input *in)
{
	return in->conf ? NF__N : NF_CONF_FIRST;
}

static void row_error(struct req *rq, const char *list, size_t k, const char *key, int *bad)
{
	view_setf(rq, view_str(rq, key), "Form.rows.%s.%zu.error", list, k);
	view_form_error(rq, list, key);
	(*bad)++;
}

static int read_input(struct req *rq, struct needs_input *in)
{
	int ok[NF__N] = { 0 }, bad = 0, y, mo, d;
	size_t i, last = last_field(in);
	long long lo = -1, hi = -1, rank = 0;

	form_keep(rq, needs_fields, last);
	for (i = 0; i < last; i++) {
		ok[i] = form_validate(rq, &needs_fields[i], 1, &in->v[i]) == 0;
		bad += !ok[i];
	}
	if (ok[NF_RESEARCHED] && date_parse(in->v[NF_RESEARCHED].s, &y, &mo, &d) < 0) {
		view_form_error(rq, "researched_on", "needs.bad_date");
		bad++;
	}
	if (ok[NF_CONFIRMED] && in->v[NF_CONFIRMED].present && date_parse(in->v[NF_CONFIRMED].s, &y, &mo, &d) < 0) {
		view_form_error(rq, "confirmed_on", "needs.bad_date");
		bad++;
	}
	in->budget[0] = '\0';
	if (in->conf) {
		in->conf_posted = kv_count(&rq->form, "budget_min") > 0 || kv_count(&rq->form, "budget_max") > 0;
		if (ok[NF_MIN] && in->v[NF_MIN].present && money_parse(in->v[NF_MIN].s, &lo) < 0) {
			view_form_error(rq, "budget_min", "needs.bad_money");
			bad++;
		}
		if (ok[NF_MAX] && in->v[NF_MAX].present && money_parse(in->v[NF_MAX].s, &hi) < 0) {
			view_form_error(rq, "budget_max", "needs.bad_money");
			bad++;
		}
		if (in->v[NF_MIN].present || in->v[NF_MAX].present) {
			const char *cur = in->v[NF_CUR].present ? in->v[NF_CUR].s : "";
			if (!currency_ok(cur)) {
				view_form_error(rq, "budget_currency", "form.invalid_choice");
				bad++;
			} else if (lo >= 0 && hi >= 0 && lo > hi) {
				view_form_error(rq, "budget_max", "needs.budget_order");
				bad++;
			} else if (lo >= 0 || hi >= 0) {
				/* One end alone is allowed: the other is the same figure. */
				if (lo < 0)
					lo = hi;
				if (hi < 0)
					hi = lo;
				snprintf(in->budget, sizeof in->budget, "%s %lld %lld", cur, lo, hi);
			}
		}
	}
	prows_read(rq, "pains", pain_fields, 2, &in->pains);
	prows_read(rq, "needs", need_fields, 2, &in->needs);
	for (i = 0; i < in->pains.n; i++) {
		const char *const *v = in->pains.v[i];
		if (prows_blank(&in->pains, i, 2))
			continue;
		rank++;
		in->priority[i] = rank;
		if (is_blank(v[0])) {
			row_error(rq, "pains", i, "needs.text_required", &bad);
		} else if (utf8_chars(v[0]) < 0 || utf8_chars(v[0]) > 1000) {
			row_error(rq, "pains", i, "form.too_long", &bad);
		} else if (!is_blank(v[1]) && parse_int64(v[1], 1, 99, &in->priority[i]) < 0) {
			row_error(rq, "pains", i, "needs.bad_priority", &bad);
		}
	}
	for (i = 0; i < in->needs.n; i++) {
		const char *const *v = in->needs.v[i];
		size_t k;
		int class_ok = 0;
		if (is_blank(v[0]))
			continue;   /* a class alone (the select always sends one) is an empty row */
		for (k = 0; need_classes[k]; k++)
			class_ok |= !strcmp(v[1], need_classes[k]);
		if (utf8_chars(v[0]) < 0 || utf8_chars(v[0]) > 1000)
			row_error(rq, "needs", i, "form.too_long", &bad);
		else if (!class_ok)
			row_error(rq, "needs", i, "needs.bad_class", &bad);
	}
	return bad;
}

static void set_choices(struct req *rq)
{
	char name[64];
	size_t i;

	for (i = 0; needs_methods[i]; i++) {
		view_setf(rq, needs_methods[i], "Choices.methods.%zu.value", i);
		snprintf(name, sizeof name, "Choices.methods.%zu.label", i);
		set_label(rq, name, "needs.method", needs_methods[i]);
	}
	for (i = 0; need_classes[i]; i++) {
		view_setf(rq, need_classes[i], "Choices.classes.%zu.value", i);
		snprintf(name, sizeof name, "Choices.classes.%zu.label", i);
		set_label(rq, name, "needs.class", need_classes[i]);
	}
	for (i = 0; currency_list[i]; i++)
		view_setf(rq, currency_list[i], "Choices.currencies.%zu", i);
}

static int render_form(struct req *rq, struct resp *rs, long long id, const struct dbres *opp,
                       const struct needs_input *in, int editing)
{
	const char *add = req_form(rq, "add");

	set_choices(rq);
	if (id)
		view_set_int(rq, "Form.id", id);
	view_set(rq, "Form.opportunity_id", dbres_str(opp, 0, PO_ID));
	view_set(rq, "Form.opportunity_title", dbres_str(opp, 0, PO_TITLE));
	view_set(rq, "Form.customer_id", dbres_str(opp, 0, PO_CID));
	view_set(rq, "Form.customer_name", dbres_str(opp, 0, PO_CNAME));
	if (in->conf)
		view_set(rq, "Form.conf", "1");
	if (prows_show(rq, "pains", pain_fields, 2, &in->pains, editing && add && !strcmp(add, "pains")) < 0 ||
	    prows_show(rq, "needs", need_fields, 2, &in->needs, editing && add && !strcmp(add, "needs")) < 0)
		return -1;
	return view_render(rq, rs, "needs/form.cs");
}

/* ------------------------------------------------------------------ list */

int page_needs_list(struct req *rq, struct resp *rs)
{
	struct dbres *o = NULL, *r = NULL;
	struct row_ref ref;
	struct vis_scope s;
	long long oid = rq->ids[0];
	char name[64];
	size_t i;
	int rc = load_opp(rq, oid, &o, &ref);

	if (rc < 0)
		return -1;
	if (rc) {
		resp_error(rs, rq, 404);
		return 0;
	}
	view_set_int(rq, "Opp.id", oid);
	view_set(rq, "Opp.title", dbres_str(o, 0, PO_TITLE));
	view_set(rq, "Opp.customer_id", dbres_str(o, 0, PO_CID));
	view_set(rq, "Opp.customer_name", dbres_str(o, 0, PO_CNAME));
	if (vis_can_edit(&rq->user, &ref))
		view_set(rq, "Opp.can_create", "1");
	dbres_free(&o);
	vis_scope_for(&rq->user, &s);
	if (DB_EXEC(rq->app->db, ST_NEEDS_BY_OPP, &r, VIS_PARAMS(&s), DBI(oid)) != DB_OK)
		return -1;
	for (i = 0; i < r->nrows; i++) {
		view_setf(rq, dbres_str(r, i, 0), "Reports.%zu.id", i);
		snprintf(name, sizeof name, "Reports.%zu.researched_on", i);
		set_date(rq, name, dbres_get(r, i, 1));
		snprintf(name, sizeof name, "Reports.%zu.method", i);
		set_label(rq, name, "needs.method", dbres_get(r, i, 2));
		snprintf(name, sizeof name, "Reports.%zu.confirmed_on", i);
		set_date(rq, name, dbres_get(r, i, 3));
		view_setf(rq, dbres_str(r, i, 4), "Reports.%zu.creator", i);
	}
	if (r->nrows)
		view_set(rq, "Latest.id", dbres_str(r, 0, 0));
	dbres_free(&r);
	return view_render(rq, rs, "needs/list.cs");
}

/* ------------------------------------------------------------------ create */

struct needs_tx {
	struct req *rq;
	struct needs_input *in;
	struct row_ref ref;
	long long id, opportunity_id;
	int budget_changed;
	int gone;
	int has_revision, conflict;   /* the form's revision; saved by someone else since */
	long long revision;           /* posted; after the save, the report's */
	char detail[400];
};

/* The report's stored revision (the caller has read it through VIS_SQL). -1 on error. */
static long long needs_revision(struct db *db, long long id)
{
	struct dbres *r = NULL;
	long long rev = -1;

	if (DB_EXEC(db, ST_NEEDS_REVISION, &r, DBI(id)) == DB_OK && r->nrows == 1)
		rev = dbres_int(r, 0, 0);
	dbres_free(&r);
	return rev;
}

static void detail_add(char *detail, size_t n, const char *name)
{
	size_t len = strlen(detail);
	snprintf(detail + len, n - len, " %s", name);
}

static struct dbp opt_date(const struct field_val *v)
{
	return v->present ? DBS(v->s) : DBNULL;
}

static int insert_items(struct db *db, struct needs_tx *t)
{
	struct needs_input *in = t->in;
	size_t i, pos = 0;
	int rc;

	for (i = 0; i < in->pains.n; i++) {
		if (prows_blank(&in->pains, i, 2))
			continue;
		rc = DB_EXEC(db, ST_NEEDS_ITEM_INSERT, NULL, DBI(t->id), DBS("pain"), DBI(pos), DBS(in->pains.v[i][0]),
		             DBI(in->priority[i]), DBNULL);
		if (rc)
			return rc;
		pos++;
	}
	for (i = 0; i < in->needs.n; i++) {
		if (is_blank(in->needs.v[i][0]))
			continue;
		rc = DB_EXEC(db, ST_NEEDS_ITEM_INSERT, NULL, DBI(t->id), DBS("need"), DBI(pos), DBS(in->needs.v[i][0]),
		             DBNULL, DBS(in->needs.v[i][1]));
		if (rc)
			return rc;
		pos++;
	}
	return 0;
}

static int create_tx_fn(struct db *db, void *p)
{
	struct needs_tx *t = p;
	struct needs_input *in = t->in;
	struct dbres *r = NULL;
	char now[20];
	size_t i;
	int rc;

	clock_fmt_utc(t->rq->now, now);
	rc = DB_EXEC(db, ST_NEEDS_INSERT, &r, DBI(t->opportunity_id), DBS(in->v[NF_RESEARCHED].s),
	             DBS(in->v[NF_METHOD].s), DBS(in->v[NF_SITUATION].s), DBS(in->v[NF_GOALS].s),
	             DBS(in->v[NF_DECISION].s), opt_date(&in->v[NF_CONFIRMED]), DBI(t->rq->user.id), DBS(now), DBS(now));
	if (rc)
		return rc;
	t->id = (long long)r->insert_id;
	dbres_free(&r);
	rc = insert_items(db, t);
	if (rc)
		return rc;
	snprintf(t->detail, sizeof t->detail, "set: researched_on method");
	for (i = NF_SITUATION; i < NF_CUR; i++)
		if (in->v[i].present)
			detail_add(t->detail, sizeof t->detail, needs_fields[i].name);
	if (in->pains.n)
		detail_add(t->detail, sizeof t->detail, "pains");
	if (in->needs.n)
		detail_add(t->detail, sizeof t->detail, "needs");
	if (in->conf && in->budget[0]) {
		rc = secret_write(db, t->rq, SF_NEEDS_BUDGET, t->id, &t->ref, in->budget);
		if (rc != SECRET_OK)
			return rc ? rc : -1;
		detail_add(t->detail, sizeof t->detail, "budget_range");
	}
	return audit_req(t->rq, "needs.create", "needs_report", t->id, t->detail);
}

static void empty_rows(struct needs_input *in)
{
	in->pains.n = in->needs.n = 1;
	in->pains.v[0][0] = in->pains.v[0][1] = "";
	in->needs.v[0][0] = "";
	in->needs.v[0][1] = "must";
}

int page_needs_new(struct req *rq, struct resp *rs)
{
	struct dbres *o = NULL;
	struct needs_input in;
	struct row_ref ref;
	char today[11];
	int rc = load_opp(rq, rq->ids[0], &o, &ref);

	memset(&in, 0, sizeof in);
	rc = require_editable(rq, rs, rc, &o, &ref);
	if (rc)
		return rc < 0 ? -1 : 0;
	in.conf = tier_can_write(&rq->user, &ref, TIER_CONFIDENTIAL);
	user_today(rq, today);
	view_set(rq, "Form.values.researched_on", today);
	view_set(rq, "Form.values.method", "meeting");
	view_set(rq, "Form.values.budget_currency", dbres_str(o, 0, PO_CURRENCY));
	empty_rows(&in);
	rc = render_form(rq, rs, 0, o, &in, 0);
	dbres_free(&o);
	return rc;
}

int page_needs_create(struct req *rq, struct resp *rs)
{
	struct dbres *o = NULL;
	struct needs_input in;
	struct needs_tx t;
	struct row_ref ref;
	long long oid = rq->ids[0];
	char loc[64];
	int rc = load_opp(rq, oid, &o, &ref);

	memset(&in, 0, sizeof in);
	rc = require_editable(rq, rs, rc, &o, &ref);
	if (rc)
		return rc < 0 ? -1 : 0;
	in.conf = tier_can_write(&rq->user, &ref, TIER_CONFIDENTIAL);
	if (!entry_is_autosave(rq) && prows_editing(rq)) {
		form_keep(rq, needs_fields, last_field(&in));
		prows_read(rq, "pains", pain_fields, 2, &in.pains);
		prows_read(rq, "needs", need_fields, 2, &in.needs);
		rc = render_form(rq, rs, 0, o, &in, 1);
		dbres_free(&o);
		return rc;
	}
	if (read_input(rq, &in)) {
		rs->status = 422;
		rc = render_form(rq, rs, 0, o, &in, 0);
		dbres_free(&o);
		return rc;
	}
	dbres_free(&o);
	t = (struct needs_tx){ .rq = rq, .in = &in, .ref = ref, .opportunity_id = oid };
	if (db_tx(rq->app->db, create_tx_fn, &t) != DB_OK)
		return -1;
	if (entry_is_autosave(rq)) {
		entry_autosave_reply(rq, rs, t.id, 0);
		return 0;
	}
	view_flash(rq, rs, "needs_created");
	snprintf(loc, sizeof loc, "/needs/%lld", t.id);
	resp_redirect(rs, loc);
	return 0;
}

/* ------------------------------------------------------------------ show */

/* "CUR min max" → parts; 0 / -1. */
static int budget_parse(const char *s, char cur[4], long long *lo, long long *hi)
{
	char c[8], a[24], b[24];

	if (sscanf(s, "%7s %23s %23s", c, a, b) != 3 || strlen(c) != 3 || !currency_ok(c) ||
	    parse_int64(a, 0, MONEY_MAX, lo) < 0 || parse_int64(b, 0, MONEY_MAX, hi) < 0)
		return -1;
	memcpy(cur, c, 4);
	return 0;
}

static int show_budget(struct req *rq, const struct dbres *r, long long id, const struct row_ref *ref)
{
	char *plain = NULL, cur[4], a[64], b[64];
	long long lo, hi;
	int rc;

	if (!tier_can_read(&rq->user, ref, TIER_CONFIDENTIAL))
		return 0;
	view_set(rq, "Report.conf", "1");
	rc = secret_read(rq, SF_NEEDS_BUDGET, id, ref, dbres_get(r, 0, NC_BUDGET), &plain);
	switch (rc) {
	case SECRET_OK:
		if (budget_parse(plain, cur, &lo, &hi) < 0) {
			view_set(rq, "Report.budget_state", "broken");
			break;
		}
		money_format(lo, cur, rq->lang, a, sizeof a);
		money_format(hi, cur, rq->lang, b, sizeof b);
		view_set(rq, "Report.budget_min", a);
		view_set(rq, "Report.budget_max", b);
		view_set(rq, "Report.budget_state", "value");
		break;
	case SECRET_EMPTY:
		view_set(rq, "Report.budget_state", "empty");
		break;
	case SECRET_BROKEN:
		view_set(rq, "Report.budget_state", "broken");
		break;
	case SECRET_DENIED:
		break;
	default:
		return -1;
	}
	secret_release(&plain);
	return 0;
}

int page_needs_show(struct req *rq, struct resp *rs)
{
	struct dbres *r = NULL;
	struct row_ref ref;
	struct vis_scope s;
	long long id = rq->ids[0];
	size_t i, np = 0, nc[3] = { 0 };
	char out[64];
	int rc = load_report(rq, id, &r, &ref);

	if (rc < 0)
		return -1;
	if (rc) {
		resp_error(rs, rq, 404);
		return 0;
	}
	view_set_int(rq, "Report.id", id);
	set_date(rq, "Report.researched_on", dbres_get(r, 0, NC_RESEARCHED));
	view_set(rq, "Report.method", dbres_str(r, 0, NC_METHOD));
	set_label(rq, "Report.method_label", "needs.method", dbres_get(r, 0, NC_METHOD));
	view_set(rq, "Report.current_situation", dbres_str(r, 0, NC_SITUATION));
	view_set(rq, "Report.expected_goals", dbres_str(r, 0, NC_GOALS));
	view_set(rq, "Report.decision_process", dbres_str(r, 0, NC_DECISION));
	set_date(rq, "Report.confirmed_on", dbres_get(r, 0, NC_CONFIRMED));
	view_set(rq, "Report.opportunity_id", dbres_str(r, 0, NC_OPP));
	view_set(rq, "Report.opportunity_title", dbres_str(r, 0, NC_OTITLE));
	view_set(rq, "Report.customer_id", dbres_str(r, 0, NC_CID));
	view_set(rq, "Report.customer_name", dbres_str(r, 0, NC_CNAME));
	view_set(rq, "Report.creator", dbres_str(r, 0, NC_CREATOR));
	datetime_format(dbres_str(r, 0, NC_UPDATED), rq->user.tz, rq->lang, out, sizeof out);
	view_set(rq, "Report.updated", out);
	if (vis_can_edit(&rq->user, &ref))
		view_set(rq, "Report.can_edit", "1");
	rc = show_budget(rq, r, id, &ref);
	dbres_free(&r);
	if (rc < 0)
		return -1;
	vis_scope_for(&rq->user, &s);
	if (DB_EXEC(rq->app->db, ST_NEEDS_ITEMS, &r, VIS_PARAMS(&s), DBI(id)) != DB_OK)
		return -1;
	for (i = 0; i < r->nrows; i++) {
		if (!strcmp(dbres_str(r, i, 0), "pain")) {
			view_setf(rq, dbres_str(r, i, 1), "Report.pains.%zu.text", np);
			view_setf(rq, dbres_str(r, i, 2), "Report.pains.%zu.priority", np);
			np++;
		} else {
			for (size_t k = 0; need_classes[k]; k++)
				if (!strcmp(dbres_str(r, i, 3), need_classes[k])) {
					view_setf(rq, dbres_str(r, i, 1), "Report.%s.%zu.text", need_classes[k], nc[k]);
					nc[k]++;
				}
		}
	}
	dbres_free(&r);
	return view_render(rq, rs, "needs/show.cs");
}

/* ------------------------------------------------------------------ edit / update */

int page_needs_edit(struct req *rq, struct resp *rs)
{
	struct dbres *r = NULL, *o = NULL, *items = NULL;
	struct needs_input in;
	struct row_ref ref;
	struct vis_scope s;
	long long id = rq->ids[0];
	char prio[PROWS_MAX][8];
	size_t i;
	int rc = load_report(rq, id, &r, &ref);

	memset(&in, 0, sizeof in);
	rc = require_editable(rq, rs, rc, &r, &ref);
	if (rc)
		return rc < 0 ? -1 : 0;
	in.conf = tier_can_write(&rq->user, &ref, TIER_CONFIDENTIAL);
	view_set(rq, "Form.values.researched_on", dbres_str(r, 0, NC_RESEARCHED));
	view_set(rq, "Form.values.method", dbres_str(r, 0, NC_METHOD));
	view_set(rq, "Form.values.current_situation", dbres_str(r, 0, NC_SITUATION));
	view_set(rq, "Form.values.expected_goals", dbres_str(r, 0, NC_GOALS));
	view_set(rq, "Form.values.decision_process", dbres_str(r, 0, NC_DECISION));
	view_set(rq, "Form.values.confirmed_on", dbres_str(r, 0, NC_CONFIRMED));
	view_set(rq, "Form.values.budget_currency", dbres_str(r, 0, NC_CURRENCY));
	rc = -1;
	{
		long long rev = needs_revision(rq->app->db, id);
		if (rev < 0)
			goto out;
		view_set_int(rq, "Form.revision", rev);
	}
	if (in.conf) {
		char *plain = NULL, cur[4], a[40];
		long long lo, hi;
		int sr = secret_read(rq, SF_NEEDS_BUDGET, id, &ref, dbres_get(r, 0, NC_BUDGET), &plain);
		if (sr == SECRET_OK && budget_parse(plain, cur, &lo, &hi) == 0) {
			view_set(rq, "Form.values.budget_currency", cur);
			money_input(lo, a, sizeof a);
			view_set(rq, "Form.values.budget_min", a);
			money_input(hi, a, sizeof a);
			view_set(rq, "Form.values.budget_max", a);
		} else if (sr == SECRET_OK || sr == SECRET_BROKEN) {
			view_set(rq, "Form.broken.budget", "1");
		} else if (sr != SECRET_EMPTY && sr != SECRET_DENIED) {
			secret_release(&plain);
			goto out;
		}
		secret_release(&plain);
	}
	vis_scope_for(&rq->user, &s);
	if (DB_EXEC(rq->app->db, ST_NEEDS_ITEMS, &items, VIS_PARAMS(&s), DBI(id)) != DB_OK)
		goto out;
	for (i = 0; i < items->nrows; i++) {
		if (!strcmp(dbres_str(items, i, 0), "pain") && in.pains.n < PROWS_MAX) {
			snprintf(prio[in.pains.n], sizeof prio[0], "%s", dbres_str(items, i, 2));
			in.pains.v[in.pains.n][0] = dbres_str(items, i, 1);
			in.pains.v[in.pains.n][1] = prio[in.pains.n];
			in.pains.n++;
		} else if (in.needs.n < PROWS_MAX) {
			in.needs.v[in.needs.n][0] = dbres_str(items, i, 1);
			in.needs.v[in.needs.n][1] = dbres_str(items, i, 3);
			in.needs.n++;
		}
	}
	if (vis_fetch_one(rq, ST_PLAN_OPP, dbres_int(r, 0, NC_OPP), &o) != 0)
		goto out;
	rc = render_form(rq, rs, id, o, &in, 0);
out:
	dbres_free(&items);
	dbres_free(&o);
	dbres_free(&r);
	return rc;
}

static void canon_input(const struct needs_input *in, struct buf *b)
{
	size_t i;

	for (i = 0; i < in->pains.n; i++)
		if (!prows_blank(&in->pains, i, 2))
			buf_printf(b, "pain\x1f%s\x1f%lld\x1e", in->pains.v[i][0], in->priority[i]);
	for (i = 0; i < in->needs.n; i++)
		if (!is_blank(in->needs.v[i][0]))
			buf_printf(b, "need\x1f%s\x1f%s\x1e", in->needs.v[i][0], in->needs.v[i][1]);
	buf_puts(b, "");
}

static int update_tx_fn(struct db *db, void *p)
{
	struct needs_tx *t = p;
	struct needs_input *in = t->in;
	struct dbres *r = NULL, *items = NULL;
	struct buf now_b = { 0 }, old_b = { 0 };
	struct vis_scope s;
	char now[20];
	size_t i;
	int rc, changed = 0, items_changed;

	t->gone = 0;
	snprintf(t->detail, sizeof t->detail, "changed:");
	clock_fmt_utc(t->rq->now, now);
	vis_scope_for(&t->rq->user, &s);
	rc = DB_EXEC(db, ST_NEEDS_LOCK, &r, VIS_PARAMS(&s), DBI(t->id));
	if (rc == DB_OK && r->nrows == 1)
		rc = guard_customer_of_needs(db, t->id);
	if (rc) {
		dbres_free(&r);
		return rc;
	}
	if (r->nrows != 1) {
		dbres_free(&r);
		t->gone = 1;
		return 1;
	}
	{
		long long stored = needs_revision(db, t->id);
		if (stored < 0) {
			rc = DB_ERR;
			goto out;
		}
		t->conflict = t->has_revision && stored != t->revision;
		t->revision = stored;
		if (t->conflict) {
			rc = 1;
			goto out;
		}
	}
	{
		static const size_t cols[][2] = {
			{ NF_RESEARCHED, NC_RESEARCHED }, { NF_METHOD, NC_METHOD }, { NF_SITUATION, NC_SITUATION },
			{ NF_GOALS, NC_GOALS }, { NF_DECISION, NC_DECISION }, { NF_CONFIRMED, NC_CONFIRMED },
		};
		for (i = 0; i < sizeof cols / sizeof cols[0]; i++) {
			const struct field_val *v = &in->v[cols[i][0]];
			if (strcmp(v->present ? v->s : "", dbres_str(r, 0, cols[i][1]))) {
				detail_add(t->detail, sizeof t->detail, needs_fields[cols[i][0]].name);
				changed++;
			}
		}
	}
	rc = DB_EXEC(db, ST_NEEDS_ITEMS, &items, VIS_PARAMS(&s), DBI(t->id));
	if (rc)
		goto out;
	canon_input(in, &now_b);
	/* Stored items in insertion order are pains then needs, as canon_input writes them. */
	for (i = 0; i < items->nrows; i++)
		if (!strcmp(dbres_str(items, i, 0), "pain"))
			buf_printf(&old_b, "pain\x1f%s\x1f%s\x1e", dbres_str(items, i, 1), dbres_str(items, i, 2));
	for (i = 0; i < items->nrows; i++)
		if (strcmp(dbres_str(items, i, 0), "pain"))
			buf_printf(&old_b, "need\x1f%s\x1f%s\x1e", dbres_str(items, i, 1), dbres_str(items, i, 3));
	buf_puts(&old_b, "");
	items_changed = strcmp(now_b.data, old_b.data) != 0;
	if (items_changed)
		detail_add(t->detail, sizeof t->detail, "pains_needs");
	if (t->budget_changed)
		detail_add(t->detail, sizeof t->detail, "budget_range");
	if (changed)
		rc = DB_EXEC(db, ST_NEEDS_UPDATE, NULL, DBS(in->v[NF_RESEARCHED].s), DBS(in->v[NF_METHOD].s),
		             DBS(in->v[NF_SITUATION].s), DBS(in->v[NF_GOALS].s), DBS(in->v[NF_DECISION].s),
		             opt_date(&in->v[NF_CONFIRMED]), DBS(now), DBI(t->id));
	else if (items_changed || t->budget_changed)
		rc = DB_EXEC(db, ST_NEEDS_TOUCH, NULL, DBS(now), DBI(t->id));
	if (!rc && items_changed) {
		rc = DB_EXEC(db, ST_NEEDS_ITEMS_DELETE, NULL, DBI(t->id));
		if (!rc)
			rc = insert_items(db, t);
	}
	if (!rc && t->budget_changed) {
		rc = secret_write(db, t->rq, SF_NEEDS_BUDGET, t->id, &t->ref, in->budget);
		if (rc != SECRET_OK && !rc)
			rc = -1;
	}
	if (!rc && (changed || items_changed || t->budget_changed)) {
		t->revision++;
		rc = audit_req(t->rq, "needs.update", "needs_report", t->id, t->detail);
	}
out:
	buf_free(&now_b);
	buf_free(&old_b);
	dbres_free(&items);
	dbres_free(&r);
	return rc;
}

int page_needs_update(struct req *rq, struct resp *rs)
{
	struct dbres *r = NULL, *o = NULL;
	struct needs_input in;
	struct needs_tx t;
	struct row_ref ref;
	long long id = rq->ids[0];
	char loc[64];
	int rc = load_report(rq, id, &r, &ref);

	memset(&in, 0, sizeof in);
	rc = require_editable(rq, rs, rc, &r, &ref);
	if (rc)
		return rc < 0 ? -1 : 0;
	rc = -1;
	if (vis_fetch_one(rq, ST_PLAN_OPP, dbres_int(r, 0, NC_OPP), &o) != 0)
		goto out;
	in.conf = tier_can_write(&rq->user, &ref, TIER_CONFIDENTIAL);
	if (!entry_is_autosave(rq) && prows_editing(rq)) {
		form_keep(rq, needs_fields, last_field(&in));
		prows_read(rq, "pains", pain_fields, 2, &in.pains);
		prows_read(rq, "needs", need_fields, 2, &in.needs);
		rc = render_form(rq, rs, id, o, &in, 1);
		goto out;
	}
	if (req_form(rq, "revision"))
		view_set(rq, "Form.revision", req_form(rq, "revision"));
	if (read_input(rq, &in)) {
		rs->status = 422;
		rc = render_form(rq, rs, id, o, &in, 0);
		goto out;
	}
	t = (struct needs_tx){ .rq = rq, .in = &in, .ref = ref, .id = id };
	t.has_revision = entry_revision(rq, &t.revision);
	if (in.conf && in.conf_posted) {
		const char *stored = dbres_get(r, 0, NC_BUDGET);
		if (!stored || !*stored) {
			t.budget_changed = in.budget[0] != '\0';
		} else {
			char *plain = NULL;
			int sr = secret_read(rq, SF_NEEDS_BUDGET, id, &ref, stored, &plain);
			if (sr == SECRET_OK)
				t.budget_changed = strcmp(plain, in.budget) != 0;
			else if (sr == SECRET_BROKEN)
				t.budget_changed = in.budget[0] != '\0';
			else
				goto out;
			secret_release(&plain);
		}
	}
	rc = db_tx(rq->app->db, update_tx_fn, &t);
	if (rc && t.gone) {
		resp_error(rs, rq, 404);
		rc = 0;
		goto out;
	}
	if (rc && t.conflict) {
		/* saved by someone else since this form was opened: the typed text stays in the form, the
		 * saved report is a link away; saving again from here replaces it knowingly */
		rs->status = 409;
		view_set(rq, "Form.conflict", "1");
		view_set_int(rq, "Form.revision", t.revision);
		view_set(rq, "Form.error", view_str(rq, "needs.conflict"));
		rc = render_form(rq, rs, id, o, &in, 0);
		goto out;
	}
	if (rc) {
		rc = -1;
		goto out;
	}
	if (entry_is_autosave(rq)) {
		entry_autosave_reply(rq, rs, id, t.revision);
		rc = 0;
		goto out;
	}
	view_flash(rq, rs, "saved");
	snprintf(loc, sizeof loc, "/needs/%lld", id);
	resp_redirect(rs, loc);
	rc = 0;
out:
	dbres_free(&o);
	dbres_free(&r);
	return rc;
}

/* The routes of this file; the dispatcher checks sign-in, CSRF and capability before a handler runs. */
static const struct route routes[] = {
	{ "GET", "/opportunities/:id/needs",     page_needs_list,   CAP_SALES, CSRF_NONE },
	{ "GET", "/opportunities/:id/needs/new", page_needs_new,    CAP_SALES, CSRF_NONE },
	{ "POST", "/opportunities/:id/needs",     page_needs_create, CAP_SALES, CSRF_CHECK },
	{ "GET", "/needs/:id",                   page_needs_show,   CAP_SALES, CSRF_NONE },
	{ "GET", "/needs/:id/edit",              page_needs_edit,   CAP_SALES, CSRF_NONE },
	{ "POST", "/needs/:id",                   page_needs_update, CAP_SALES, CSRF_CHECK },
};
PAGE_ROUTES(routes);
