/* /plans… — negotiation plans (docs/records.md), sales roles (CAP_SALES). A plan belongs to an
 * opportunity and is visible exactly when its customer is (VIS_SQL on the joined customer);
 * creating and editing need vis_can_edit on the customer's row_ref; anything else is a 404.
 *   GET  /plans                          list: ?opportunity= &after=<last id>
 *   GET  /plans/new?opportunity_id=ID    empty form
 *   POST /plans                          create → 303 /plans/{id}
 *   GET  /plans/{id}                     show, with the customer's contacts and their personality hints
 *   GET  /plans/{id}/edit, POST /plans/{id}   update
 * BATNA and bottom lines are the confidential bundle (SF_PLAN_CONFIDENTIAL), minimum and walk-away
 * margins the restricted one (SF_PLAN_RESTRICTED), both in the format of domain/plan.h and only
 * through secret_read/secret_write. For a user without the tier they are absent from page and form,
 * and posting them changes nothing. Offers and participants are repeatable rows (offers.N.*,
 * ours.N.*, theirs.N.*): add=<list> / remove=<list>.<n> re-render without saving.
 * Also the repeatable-rows helpers shared with needs.c (declared in pages.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "audit/audit.h"
#include "auth/secrets.h"
#include "auth/visibility.h"
#include "domain/plan.h"
#include "domain/units.h"
#include "domain/guard.h"
#include "form/page.h"
#include "http/fields.h"
#include "http/router.h"
#include "pages/customer_common.h"
#include "pages/pages.h"
#include "pages/entry.h"
#include "pages/pickers.h"
#include "util/buf.h"
#include "util/clock.h"
#include "view/view.h"

#define PLAN_PAGE 50
#define OFFERS_MAX 2
#define TEXT_MAX 5000

/* ------------------------------------------------------------------ repeatable rows */

static int is_blank(const char *s)
{
	for (; s && *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
			return 0;
	return 1;
}

void prows_read(struct req *rq, const char *list, const char *const *fields, size_t nf, struct prows *out)
{
	const char *rm = req_form(rq, "remove");
	char name[96];
	size_t n, f;

	out->n = 0;
	if (nf > PROWS_FIELDS)
		nf = PROWS_FIELDS;
	for (n = 0; n < PROWS_MAX; n++) {
		int seen = 0;
		for (f = 0; f < nf; f++) {
			snprintf(name, sizeof name, "%s.%zu.%s", list, n, fields[f]);
			if (kv_count(&rq->form, name) > 0)
				seen = 1;
		}
		if (!seen)
			continue;
		snprintf(name, sizeof name, "%s.%zu", list, n);
		if (rm && !strcmp(rm, name))
			continue;
		for (f = 0; f < nf; f++) {
			const char *v;
			snprintf(name, sizeof name, "%s.%zu.%s", list, n, fields[f]);
			v = req_form(rq, name);
			out->v[out->n][f] = v ? v : "";
		}
		out->n++;
	}
}

int prows_blank(const struct prows *r, size_t i, size_t nf)
{
	size_t f;

	for (f = 0; f < nf && f < PROWS_FIELDS; f++)
		if (!is_blank(r->v[i][f]))
			return 0;
	return 1;
}

int prows_show(struct req *rq, const char *list, const char *const *fields, size_t nf, const struct prows *r,
              int add_empty)
{
	size_t i, f, n = r ? r->n : 0;

	for (i = 0; i < n; i++)
		for (f = 0; f < nf && f < PROWS_FIELDS; f++)
			if (view_setf(rq, r->v[i][f], "Form.rows.%s.%zu.%s", list, i, fields[f]) < 0)
				return -1;
	if (add_empty && n < PROWS_MAX)
		for (f = 0; f < nf && f < PROWS_FIELDS; f++)
			if (view_setf(rq, "", "Form.rows.%s.%zu.%s", list, n, fields[f]) < 0)
				return -1;
	return 0;
}

int prows_editing(struct req *rq)
{
	return kv_count(&rq->form, "add") > 0 || kv_count(&rq->form, "remove") > 0;
}

/* Whether add=<list> was pressed. */
static int rows_adding(struct req *rq, const char *list)
{
	const char *a = req_form(rq, "add");
	return a && !strcmp(a, list);
}

/* ------------------------------------------------------------------ fields */

static const char *const plan_strategies[] = { "concession", "integrative", "competitive", NULL };

enum {
	PF_TOPIC, PF_STRATEGY, PF_MEETING, PF_TIME, PF_PLACE, PF_MUST, PF_CONCEDE, PF_AGENDA, PF_COUNTER, PF_LADDER,
	PF_ASKS,
	PF_BATNA, PF_MIN_PRICE, PF_MAX_DISCOUNT, PF_MAX_DAYS, PF_WALK_DAYS,     /* confidential */
	PF_MIN_MARGIN, PF_WALK_MARGIN,                                          /* restricted */
	PF__N
};
#define PF_CONF_FIRST PF_BATNA
#define PF_RESTR_FIRST PF_MIN_MARGIN
static const struct field_spec plan_fields[PF__N] = {
	[PF_TOPIC] = { "topic", F_TEXT, 1, 1, 200, NULL },
	[PF_STRATEGY] = { "strategy", F_CHOICE, 1, 0, 0, plan_strategies },
	[PF_MEETING] = { "meeting_on", F_TEXT, 0, 0, 10, NULL },
	[PF_TIME] = { "start_time", F_TEXT, 0, 0, 5, NULL },
	[PF_PLACE] = { "place", F_TEXT, 0, 0, 200, NULL },
	[PF_MUST] = { "must_goals", F_TEXT, 0, 0, TEXT_MAX, NULL },
	[PF_CONCEDE] = { "concedable_goals", F_TEXT, 0, 0, TEXT_MAX, NULL },
	[PF_AGENDA] = { "agenda", F_TEXT, 0, 0, TEXT_MAX, NULL },
	[PF_COUNTER] = { "counter_proposals", F_TEXT, 0, 0, TEXT_MAX, NULL },
	[PF_LADDER] = { "ladder_step", F_TEXT, 1, 1, 16, NULL },
	[PF_ASKS] = { "ladder_asks", F_TEXT, 0, 0, TEXT_MAX, NULL },
	[PF_BATNA] = { "batna", F_TEXT, 0, 0, TEXT_MAX, NULL },
	[PF_MIN_PRICE] = { "min_price", F_TEXT, 0, 0, 32, NULL },
	[PF_MAX_DISCOUNT] = { "max_discount", F_TEXT, 0, 0, 16, NULL },
	[PF_MAX_DAYS] = { "max_payment_days", F_INT, 0, 0, 3650, NULL },
	[PF_WALK_DAYS] = { "walkaway_payment_days", F_INT, 0, 0, 3650, NULL },
	[PF_MIN_MARGIN] = { "min_margin", F_TEXT, 0, 0, 16, NULL },
	[PF_WALK_MARGIN] = { "walkaway_margin", F_TEXT, 0, 0, 16, NULL },
};

static const char *const offer_fields[] = { "label", "description", "pros", "cons", "price" };
#define OFFER_NF 5
static const char *const ours_fields[] = { "user_id", "role" };
static const char *const theirs_fields[] = { "contact_id", "role" };
#define PART_NF 2

/* Column positions of PLAN_COLS (db/stmts_plans.def); ST_PLAN_GET adds PC_CREATOR. */
enum {
	PC_ID, PC_OPP, PC_TOPIC, PC_STRATEGY, PC_MEETING, PC_TIME, PC_PLACE, PC_MUST, PC_CONCEDE, PC_AGENDA, PC_COUNTER,
	PC_LADDER, PC_ASKS, PC_CONF, PC_RESTR, PC_CREATED, PC_UPDATED, PC_OTITLE, PC_CURRENCY, PC_CID, PC_CNAME,
	PC_C_OWNER, PC_C_TEAM, PC_C_REGION, PC_C_SHARED, PC_CREATOR
};
/* Column positions of ST_PLAN_OPP. */
enum { PO_ID, PO_TITLE, PO_CURRENCY, PO_CID, PO_CNAME, PO_C_OWNER, PO_C_TEAM, PO_C_REGION, PO_C_SHARED };

static int load_opp(struct req *rq, long long id, struct dbres **r, struct row_ref *ref)
{
	return vis_fetch_ref(rq, ST_PLAN_OPP, id, PO_C_OWNER, r, ref);
}

static int load_plan(struct req *rq, long long id, struct dbres **r, struct row_ref *ref)
{
	return vis_fetch_ref(rq, ST_PLAN_GET, id, PC_C_OWNER, r, ref);
}

/* "HH:MM", 00:00–23:59. */
static int time_ok(const char *s)
{
	if (strlen(s) != 5 || s[2] != ':')
		return 0;
	for (int i = 0; i < 5; i++)
		if (i != 2 && (s[i] < '0' || s[i] > '9'))
			return 0;
	return (s[0] - '0') * 10 + (s[1] - '0') < 24 && s[3] < '6';
}

/* The choices for participants: active users (ours) and the customer's contacts (theirs). */
struct plan_choices {
	struct dbres *users, *contacts;
};

static int load_choices(struct req *rq, long long customer_id, struct plan_choices *ch)
{
	struct vis_scope s;

	vis_scope_for(&rq->user, &s);
	if (DB_EXEC(rq->app->db, ST_PLAN_USERS, &ch->users, DBS("admin")) != DB_OK)
		return -1;
	if (DB_EXEC(rq->app->db, ST_PLAN_CONTACTS, &ch->contacts, VIS_PARAMS(&s), DBI(customer_id)) != DB_OK)
		return -1;
	return 0;
}

static void free_choices(struct plan_choices *ch)
{
	dbres_free(&ch->users);
	dbres_free(&ch->contacts);
}

static int in_result(const struct dbres *r, long long id)
{
	for (size_t i = 0; r && i < r->nrows; i++)
		if (dbres_int(r, i, 0) == id)
			return 1;
	return 0;
}

static void set_choices(struct req *rq, const struct plan_choices *ch)
{
	char name[64];
	size_t i;

	for (i = 0; plan_strategies[i]; i++) {
		view_setf(rq, plan_strategies[i], "Choices.strategies.%zu.value", i);
		snprintf(name, sizeof name, "Choices.strategies.%zu.label", i);
		set_label(rq, name, "plan.strategy", plan_strategies[i]);
	}
	for (i = 0; ch->users && i < ch->users->nrows; i++) {
		view_setf(rq, dbres_str(ch->users, i, 0), "Choices.users.%zu.id", i);
		view_setf(rq, dbres_str(ch->users, i, 1), "Choices.users.%zu.name", i);
	}
	for (i = 0; ch->contacts && i < ch->contacts->nrows; i++) {
		view_setf(rq, dbres_str(ch->contacts, i, 0), "Choices.contacts.%zu.id", i);
		view_setf(rq, dbres_str(ch->contacts, i, 1), "Choices.contacts.%zu.name", i);
		view_setf(rq, dbres_str(ch->contacts, i, 2), "Choices.contacts.%zu.title", i);
	}
}

/* ------------------------------------------------------------------ input */

struct plan_input {
	struct field_val v[PF__N];
	int conf, restr;                  /* the user may write the confidential / restricted bundle */
	int conf_posted, restr_posted;    /* a field of the bundle was in the submission */
	long long ladder_bp;
	struct plan_limits lim;
	struct prows offers, ours, theirs;
	long long price[PROWS_MAX];        /* per offer row, -1 none */
	long long ours_id[PROWS_MAX], theirs_id[PROWS_MAX];
	char *conf_plain, *restr_plain;   /* the bundles to store (NULL: none) */
};

static void input_free(struct plan_input *in)
{
	free(in->conf_plain);
	free(in->restr_plain);
	in->conf_plain = in->restr_plain = NULL;
}

/* The fields this user may send: internal ones, plus the tiers they may write. */
static size_t last_field(const struct plan_input *in)
{
	return in->restr ? PF__N : in->conf ? PF_RESTR_FIRST : PF_CONF_FIRST;
}

static int any_posted(struct req *rq, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++)
		if (kv_count(&rq->form, plan_fields[i].name) > 0)
			return 1;
	return 0;
}

static void row_error(struct req *rq, const char *list, size_t k, const char *key, int *bad)
{
	view_setf(rq, view_str(rq, key), "Form.rows.%s.%zu.error", list, k);
	view_form_error(rq, list, key);
	(*bad)++;
}

static int text_ok(const char *s, long long max)
{
	long long n = utf8_chars(s);
	return n >= 0 && n <= max;
}

static int read_rows(struct req *rq, struct plan_input *in, const struct plan_choices *ch)
{
	size_t i, offers = 0;
	int bad = 0;

	prows_read(rq, "offers", offer_fields, OFFER_NF, &in->offers);
	prows_read(rq, "ours", ours_fields, PART_NF, &in->ours);
	prows_read(rq, "theirs", theirs_fields, PART_NF, &in->theirs);
	for (i = 0; i < in->offers.n; i++) {
		const char *const *v = in->offers.v[i];
		long long m;
		in->price[i] = -1;
		if (prows_blank(&in->offers, i, OFFER_NF))
			continue;
		offers++;
		if (is_blank(v[0]) || !text_ok(v[0], 100)) {
			row_error(rq, "offers", i, "plan.offer_label_required", &bad);
			continue;
		}
		if (!text_ok(v[1], TEXT_MAX) || !text_ok(v[2], TEXT_MAX) || !text_ok(v[3], TEXT_MAX)) {
			row_error(rq, "offers", i, "form.too_long", &bad);
			continue;
		}
		if (!is_blank(v[4])) {
			if (money_parse(v[4], &m) < 0) {
				row_error(rq, "offers", i, "plan.bad_money", &bad);
				continue;
			}
			in->price[i] = m;
		}
	}
	if (offers > OFFERS_MAX) {
		view_form_error(rq, "offers", "plan.too_many_offers");
		bad++;
	}
	for (i = 0; i < in->ours.n; i++) {
		const char *const *v = in->ours.v[i];
		in->ours_id[i] = 0;
		if (prows_blank(&in->ours, i, PART_NF))
			continue;
		if (parse_id(v[0], strlen(v[0]), &in->ours_id[i]) < 0 || !in_result(ch->users, in->ours_id[i])) {
			row_error(rq, "ours", i, "plan.bad_user", &bad);
			continue;
		}
		if (!text_ok(v[1], 200))
			row_error(rq, "ours", i, "form.too_long", &bad);
	}
	for (i = 0; i < in->theirs.n; i++) {
		const char *const *v = in->theirs.v[i];
		in->theirs_id[i] = 0;
		if (prows_blank(&in->theirs, i, PART_NF))
			continue;
		if (parse_id(v[0], strlen(v[0]), &in->theirs_id[i]) < 0 || !in_result(ch->contacts, in->theirs_id[i])) {
			row_error(rq, "theirs", i, "plan.bad_contact", &bad);
			continue;
		}
		if (!text_ok(v[1], 200))
			row_error(rq, "theirs", i, "form.too_long", &bad);
	}
	return bad;
}

/* Validates the submission; returns the number of problems (each shown on the form). */
static int read_input(struct req *rq, struct plan_input *in, const struct plan_choices *ch)
{
	int ok[PF__N] = { 0 }, bad = 0;
	size_t i, last = last_field(in);
	long long v;
	int y, mo, d;

	form_keep(rq, plan_fields, last);
	for (i = 0; i < last; i++) {
		ok[i] = form_validate(rq, &plan_fields[i], 1, &in->v[i]) == 0;
		bad += !ok[i];
	}
	if (ok[PF_MEETING] && in->v[PF_MEETING].present && date_parse(in->v[PF_MEETING].s, &y, &mo, &d) < 0) {
		view_form_error(rq, "meeting_on", "plan.bad_date");
		bad++;
	}
	if (ok[PF_TIME] && in->v[PF_TIME].present && !time_ok(in->v[PF_TIME].s)) {
		view_form_error(rq, "start_time", "plan.bad_time");
		bad++;
	}
	in->ladder_bp = -1;
	if (ok[PF_LADDER]) {
		if (bp_parse(in->v[PF_LADDER].s, &v) < 0) {
			view_form_error(rq, "ladder_step", "plan.bad_percent");
			bad++;
		} else if (v < 1) {
			view_form_error(rq, "ladder_step", "plan.ladder_zero");
			bad++;
		} else {
			in->ladder_bp = v;
		}
	}
	plan_limits_clear(&in->lim);
	if (in->conf) {
		in->conf_posted = any_posted(rq, PF_CONF_FIRST, PF_RESTR_FIRST);
		if (ok[PF_MIN_PRICE] && in->v[PF_MIN_PRICE].present) {
			if (money_parse(in->v[PF_MIN_PRICE].s, &v) < 0) {
				view_form_error(rq, "min_price", "plan.bad_money");
				bad++;
			} else {
				in->lim.min_price = v;
			}
		}
		if (ok[PF_MAX_DISCOUNT] && in->v[PF_MAX_DISCOUNT].present) {
			if (bp_parse(in->v[PF_MAX_DISCOUNT].s, &v) < 0) {
				view_form_error(rq, "max_discount", "plan.bad_percent");
				bad++;
			} else {
				in->lim.max_discount_bp = v;
			}
		}
		if (ok[PF_MAX_DAYS] && in->v[PF_MAX_DAYS].present)
			in->lim.max_payment_days = in->v[PF_MAX_DAYS].i;
		if (ok[PF_WALK_DAYS] && in->v[PF_WALK_DAYS].present)
			in->lim.walkaway_payment_days = in->v[PF_WALK_DAYS].i;
	}
	if (in->restr) {
		in->restr_posted = any_posted(rq, PF_RESTR_FIRST, PF__N);
		if (ok[PF_MIN_MARGIN] && in->v[PF_MIN_MARGIN].present) {
			if (bp_parse(in->v[PF_MIN_MARGIN].s, &v) < 0) {
				view_form_error(rq, "min_margin", "plan.bad_percent");
				bad++;
			} else {
				in->lim.min_margin_bp = v;
			}
		}
		if (ok[PF_WALK_MARGIN] && in->v[PF_WALK_MARGIN].present) {
			if (bp_parse(in->v[PF_WALK_MARGIN].s, &v) < 0) {
				view_form_error(rq, "walkaway_margin", "plan.bad_percent");
				bad++;
			} else {
				in->lim.walkaway_margin_bp = v;
			}
		}
	}
	bad += read_rows(rq, in, ch);
	return bad;
}

/* Builds the bundles from a valid input. 0 / -1. */
static int encode_bundles(struct plan_input *in)
{
	if (in->conf && plan_conf_encode(in->v[PF_BATNA].present ? in->v[PF_BATNA].s : NULL, &in->lim,
	                                 &in->conf_plain) < 0)
		return -1;
	if (in->restr && plan_restr_encode(&in->lim, &in->restr_plain) < 0)
		return -1;
	return 0;
}

/* Form page: scalar values are already under Form.values; rows from the input or the defaults. */
static int render_form(struct req *rq, struct resp *rs, long long id, const struct dbres *opp, size_t oc,
                       const struct plan_input *in, const struct plan_choices *ch, int editing)
{
	set_choices(rq, ch);
	if (id)
		view_set_int(rq, "Form.id", id);
	view_set(rq, "Form.opportunity_id", dbres_str(opp, 0, oc));
	view_set(rq, "Form.opportunity_title", dbres_str(opp, 0, oc + 1));
	view_set(rq, "Form.customer_id", dbres_str(opp, 0, oc + 3));
	view_set(rq, "Form.customer_name", dbres_str(opp, 0, oc + 4));
	if (in->conf)
		view_set(rq, "Form.conf", "1");
	if (in->restr)
		view_set(rq, "Form.restr", "1");
	if (prows_show(rq, "offers", offer_fields, OFFER_NF, &in->offers, editing && rows_adding(rq, "offers")) < 0 ||
	    prows_show(rq, "ours", ours_fields, PART_NF, &in->ours, editing && rows_adding(rq, "ours")) < 0 ||
	    prows_show(rq, "theirs", theirs_fields, PART_NF, &in->theirs, editing && rows_adding(rq, "theirs")) < 0)
		return -1;
	return view_render(rq, rs, "plans/form.cs");
}

/* ------------------------------------------------------------------ list */

/* The list's query string (fk_query): a value that does not fit is refused with 400, a blank one
 * filters nothing. The cursor is the id of the last row shown. */
enum { PQ_OPPORTUNITY, PQ_AFTER, PQ__N };
static const struct fk_field plan_list_fields[PQ__N] = {
	[PQ_OPPORTUNITY] = { "opportunity", FK_INT, .min = 1, .max = LLONG_MAX },
	[PQ_AFTER] = { "after", FK_INT, .min = 1, .max = LLONG_MAX },
};
static const struct fk_form plan_list_form = { plan_list_fields, PQ__N };

int page_plans(struct req *rq, struct resp *rs)
{
	struct fk_val f[PQ__N];
	long long opp, after;
	struct dbres *r = NULL;
	struct vis_scope s;
	char name[64];
	size_t i;
	int rc = fk_query(rq, rs, &plan_list_form, NULL, f);

	if (rc)
		return rc < 0 ? -1 : 0;
	opp = f[PQ_OPPORTUNITY].i;
	after = f[PQ_AFTER].i;
	if (opp)
		view_set_int(rq, "Filter.opportunity", opp);
	else
		view_set(rq, "Filter.opportunity", "");   /* white space alone is no filter */
	vis_scope_for(&rq->user, &s);
	if (DB_EXEC(rq->app->db, ST_PLAN_LIST, &r, VIS_PARAMS(&s), DBI(opp), DBI(opp), DBI(after), DBI(after),
	            DBI(PLAN_PAGE + 1)) != DB_OK)
		return -1;
	for (i = 0; i < r->nrows && i < PLAN_PAGE; i++) {
		view_setf(rq, dbres_str(r, i, 0), "Plans.%zu.id", i);
		view_setf(rq, dbres_str(r, i, 1), "Plans.%zu.topic", i);
		snprintf(name, sizeof name, "Plans.%zu.strategy", i);
		set_label(rq, name, "plan.strategy", dbres_get(r, i, 2));
		snprintf(name, sizeof name, "Plans.%zu.meeting_on", i);
		set_date(rq, name, dbres_get(r, i, 3));
		view_setf(rq, dbres_str(r, i, 4), "Plans.%zu.opportunity_id", i);
		view_setf(rq, dbres_str(r, i, 5), "Plans.%zu.opportunity_title", i);
		view_setf(rq, dbres_str(r, i, 6), "Plans.%zu.customer_id", i);
		view_setf(rq, dbres_str(r, i, 7), "Plans.%zu.customer_name", i);
	}
	if (r->nrows > PLAN_PAGE)
		view_set(rq, "Page.next_after", dbres_get(r, PLAN_PAGE - 1, 0));
	dbres_free(&r);
	return view_render(rq, rs, "plans/list.cs");
}

int plans_for_opportunity(struct req *rq, long long opportunity_id, int can_edit)
{
	struct dbres *r = NULL;
	struct vis_scope s;
	char name[64];
	size_t i;

	view_set_int(rq, "OppLinks.opportunity_id", opportunity_id);
	if (can_edit)
		view_set(rq, "OppLinks.can_create", "1");
	vis_scope_for(&rq->user, &s);
	if (DB_EXEC(rq->app->db, ST_PLAN_BY_OPP, &r, VIS_PARAMS(&s), DBI(opportunity_id)) != DB_OK)
		return -1;
	for (i = 0; i < r->nrows; i++) {
		view_setf(rq, dbres_str(r, i, 0), "OppPlans.%zu.id", i);
		view_setf(rq, dbres_str(r, i, 1), "OppPlans.%zu.topic", i);
		snprintf(name, sizeof name, "OppPlans.%zu.strategy_label", i);
		set_label(rq, name, "plan.strategy", dbres_get(r, i, 2));
		snprintf(name, sizeof name, "OppPlans.%zu.meeting_on", i);
		set_date(rq, name, dbres_get(r, i, 3));
	}
	dbres_free(&r);
	if (DB_EXEC(rq->app->db, ST_NEEDS_BY_OPP, &r, VIS_PARAMS(&s), DBI(opportunity_id)) != DB_OK)
		return -1;
	for (i = 0; i < r->nrows; i++) {
		view_setf(rq, dbres_str(r, i, 0), "OppNeeds.%zu.id", i);
		snprintf(name, sizeof name, "OppNeeds.%zu.researched_on", i);
		set_date(rq, name, dbres_get(r, i, 1));
		snprintf(name, sizeof name, "OppNeeds.%zu.method_label", i);
		set_label(rq, name, "needs.method", dbres_get(r, i, 2));
		snprintf(name, sizeof name, "OppNeeds.%zu.confirmed_on", i);
		set_date(rq, name, dbres_get(r, i, 3));
	}
	dbres_free(&r);
	return 0;
}

/* ------------------------------------------------------------------ create */

struct plan_tx {
	struct req *rq;
	struct plan_input *in;
	struct row_ref ref;
	long long id, opportunity_id;
	int conf_changed, restr_changed;   /* update: decided before the transaction */
	int gone;
	int has_revision, conflict;        /* the form's revision; saved by someone else since */
	long long revision;                /* posted; after the save, the plan's */
	char detail[600];
};

/* The plan's stored revision (the caller has read it through VIS_SQL). -1 on error. */
static long long plan_revision(struct db *db, long long id)
{
	struct dbres *r = NULL;
	long long rev = -1;

	if (DB_EXEC(db, ST_PLAN_REVISION, &r, DBI(id)) == DB_OK && r->nrows == 1)
		rev = dbres_int(r, 0, 0);
	dbres_free(&r);
	return rev;
}

static void detail_add(char *detail, size_t n, const char *name)
{
	size_t len = strlen(detail);
	snprintf(detail + len, n - len, " %s", name);
}

static struct dbp text_param(const struct field_val *v)
{
	return DBS(v->s);
}

static int insert_rows(struct db *db, struct plan_tx *t)
{
	struct plan_input *in = t->in;
	size_t i, pos = 0;
	int rc;

	for (i = 0; i < in->offers.n; i++) {
		const char *const *v = in->offers.v[i];
		if (prows_blank(&in->offers, i, OFFER_NF))
			continue;
		rc = DB_EXEC(db, ST_PLAN_OFFER_INSERT, NULL, DBI(t->id), DBI(pos), DBS(v[0]), DBS(v[1]), DBS(v[2]),
		             DBS(v[3]), in->price[i] >= 0 ? DBI(in->price[i]) : DBNULL);
		if (rc)
			return rc;
		pos++;
	}
	pos = 0;
	for (i = 0; i < in->ours.n; i++) {
		if (prows_blank(&in->ours, i, PART_NF))
			continue;
		rc = DB_EXEC(db, ST_PLAN_PART_INSERT, NULL, DBI(t->id), DBI(pos), DBS("ours"), DBI(in->ours_id[i]), DBNULL,
		             DBS(in->ours.v[i][1]));
		if (rc)
			return rc;
		pos++;
	}
	for (i = 0; i < in->theirs.n; i++) {
		if (prows_blank(&in->theirs, i, PART_NF))
			continue;
		rc = DB_EXEC(db, ST_PLAN_PART_INSERT, NULL, DBI(t->id), DBI(pos), DBS("theirs"), DBNULL,
		             DBI(in->theirs_id[i]), DBS(in->theirs.v[i][1]));
		if (rc)
			return rc;
		pos++;
	}
	return 0;
}

static int write_secrets(struct db *db, struct plan_tx *t, int conf, int restr)
{
	int rc;

	if (conf) {
		rc = secret_write(db, t->rq, SF_PLAN_CONFIDENTIAL, t->id, &t->ref, t->in->conf_plain);
		if (rc != SECRET_OK)
			return rc ? rc : -1;
	}
	if (restr) {
		rc = secret_write(db, t->rq, SF_PLAN_RESTRICTED, t->id, &t->ref, t->in->restr_plain);
		if (rc != SECRET_OK)
			return rc ? rc : -1;
	}
	return 0;
}

static struct dbp date_param(const struct field_val *v)
{
	return v->present ? DBS(v->s) : DBNULL;
}

static int create_tx_fn(struct db *db, void *p)
{
	struct plan_tx *t = p;
	struct plan_input *in = t->in;
	struct dbres *r = NULL;
	char now[20];
	size_t i;
	int rc;

	clock_fmt_utc(t->rq->now, now);
	rc = DB_EXEC(db, ST_PLAN_INSERT, &r, DBI(t->opportunity_id), text_param(&in->v[PF_TOPIC]),
	             DBS(in->v[PF_STRATEGY].s), date_param(&in->v[PF_MEETING]), date_param(&in->v[PF_TIME]),
	             DBS(in->v[PF_PLACE].s), DBS(in->v[PF_MUST].s), DBS(in->v[PF_CONCEDE].s), DBS(in->v[PF_AGENDA].s),
	             DBS(in->v[PF_COUNTER].s), DBI(in->ladder_bp), DBS(in->v[PF_ASKS].s), DBI(t->rq->user.id),
	             DBS(now), DBS(now));
	if (rc)
		return rc;
	t->id = (long long)r->insert_id;
	dbres_free(&r);
	rc = insert_rows(db, t);
	if (rc)
		return rc;
	/* The audit names the fields given a value, never the values. */
	snprintf(t->detail, sizeof t->detail, "set: topic strategy ladder_step");
	for (i = PF_MEETING; i < PF_LADDER; i++)
		if (in->v[i].present)
			detail_add(t->detail, sizeof t->detail, plan_fields[i].name);
	if (in->v[PF_ASKS].present)
		detail_add(t->detail, sizeof t->detail, "ladder_asks");
	if (in->offers.n)
		detail_add(t->detail, sizeof t->detail, "offers");
	if (in->ours.n || in->theirs.n)
		detail_add(t->detail, sizeof t->detail, "participants");
	for (i = PF_CONF_FIRST; i < last_field(in); i++)
		if (in->v[i].present)
			detail_add(t->detail, sizeof t->detail, plan_fields[i].name);
	rc = write_secrets(db, t, in->conf_plain != NULL, in->restr_plain != NULL);
	if (rc)
		return rc;
	return audit_req(t->rq, "plan.create", "plan", t->id, t->detail);
}

/* For a new plan: the opportunity named by q, which the user must be able to edit (else 404), the
 * form's choices and which bundles the user may write. 0 ok (*o and *ch to free), 1 answered, -1 error. */
static int open_opportunity(struct req *rq, struct resp *rs, const char *q, long long *oid, struct dbres **o,
                            struct row_ref *ref, struct plan_choices *ch, struct plan_input *in)
{
	int rc;

	if (!q || parse_id(q, strlen(q), oid) < 0) {
		resp_error(rs, rq, 404);
		return 1;
	}
	rc = require_editable(rq, rs, load_opp(rq, *oid, o, ref), o, ref);
	if (rc)
		return rc;
	if (load_choices(rq, dbres_int(*o, 0, PO_CID), ch) < 0) {
		dbres_free(o);
		free_choices(ch);
		return -1;
	}
	in->conf = tier_can_write(&rq->user, ref, TIER_CONFIDENTIAL);
	in->restr = tier_can_write(&rq->user, ref, TIER_RESTRICTED);
	return 0;
}

int page_plan_new(struct req *rq, struct resp *rs)
{
	const char *q = req_query(rq, "opportunity_id");
	struct plan_choices ch = { 0 };
	struct plan_input in;
	struct dbres *o = NULL;
	struct row_ref ref;
	long long oid;
	int rc;

	if (!q || !*q)
		return picker_render(rq, rs, PICK_OPPORTUNITY, "/plans/new");
	memset(&in, 0, sizeof in);
	rc = open_opportunity(rq, rs, q, &oid, &o, &ref, &ch, &in);
	if (rc)
		return rc < 0 ? -1 : 0;
	view_set(rq, "Form.values.strategy", "integrative");
	view_set(rq, "Form.values.ladder_step", "3");
	view_set(rq, "Form.values.agenda", view_str(rq, "plan.agenda_default"));
	/* Two empty offers (basic / upgraded), ourselves on our side, one row for theirs. */
	in.offers.n = 2;
	in.ours.n = 1;
	in.theirs.n = 1;
	for (size_t f = 0; f < PROWS_FIELDS; f++) {
		in.offers.v[0][f] = in.offers.v[1][f] = in.ours.v[0][f] = in.theirs.v[0][f] = "";
	}
	{
		char me[24];
		snprintf(me, sizeof me, "%lld", rq->user.id);
		in.ours.v[0][0] = me;
		rc = render_form(rq, rs, 0, o, PO_ID, &in, &ch, 0);
	}
	dbres_free(&o);
	free_choices(&ch);
	return rc;
}

int page_plan_create(struct req *rq, struct resp *rs)
{
	const char *q = req_form(rq, "opportunity_id");
	struct plan_choices ch = { 0 };
	struct plan_input in;
	struct plan_tx t;
	struct dbres *o = NULL;
	struct row_ref ref;
	char loc[64];
	long long oid;
	int rc, bad, editing;

	memset(&in, 0, sizeof in);
	rc = open_opportunity(rq, rs, q, &oid, &o, &ref, &ch, &in);
	if (rc)
		return rc < 0 ? -1 : 0;
	editing = !entry_is_autosave(rq) && prows_editing(rq);
	if (editing) {
		/* Adding or removing a row: show the form again as typed, without judging it. */
		form_keep(rq, plan_fields, last_field(&in));
		prows_read(rq, "offers", offer_fields, OFFER_NF, &in.offers);
		prows_read(rq, "ours", ours_fields, PART_NF, &in.ours);
		prows_read(rq, "theirs", theirs_fields, PART_NF, &in.theirs);
		rc = render_form(rq, rs, 0, o, PO_ID, &in, &ch, 1);
		goto out;
	}
	bad = read_input(rq, &in, &ch);
	if (bad) {
		rs->status = 422;
		rc = render_form(rq, rs, 0, o, PO_ID, &in, &ch, 0);
		goto out;
	}
	if (encode_bundles(&in) < 0) {
		rc = -1;
		goto out;
	}
	t = (struct plan_tx){ .rq = rq, .in = &in, .ref = ref, .opportunity_id = oid };
	if (db_tx(rq->app->db, create_tx_fn, &t) != DB_OK) {
		rc = -1;
		goto out;
	}
	if (entry_is_autosave(rq)) {
		entry_autosave_reply(rq, rs, t.id, 0);
		rc = 0;
		goto out;
	}
	view_flash(rq, rs, "plan_created");
	snprintf(loc, sizeof loc, "/plans/%lld", t.id);
	resp_redirect(rs, loc);
	rc = 0;
out:
	input_free(&in);
	dbres_free(&o);
	free_choices(&ch);
	return rc;
}

/* ------------------------------------------------------------------ show */

static void set_money(struct req *rq, const char *name, long long minor, const char *currency)
{
	char out[64];
	money_format(minor, currency, rq->lang, out, sizeof out);
	view_set(rq, name, out);
}

static void set_bp(struct req *rq, const char *name, long long bp)
{
	char out[32];
	bp_format(bp, out, sizeof out);
	view_set(rq, name, out);
}

/* Reads a bundle for the page: *plain set on SECRET_OK; state under name_state. -1 only on errors. */
static int read_bundle(struct req *rq, enum secret_id f, long long id, const struct row_ref *ref, const char *stored,
                       const char *state_name, char **plain)
{
	int rc = secret_read(rq, f, id, ref, stored, plain);

	switch (rc) {
	case SECRET_OK:
		view_set(rq, state_name, "value");
		return 0;
	case SECRET_EMPTY:
		view_set(rq, state_name, "empty");
		return 0;
	case SECRET_BROKEN:
		view_set(rq, state_name, "broken");
		return 0;
	case SECRET_DENIED:
		return 0;
	default:
		return -1;
	}
}

static int show_bundles(struct req *rq, const struct dbres *r, long long id, const struct row_ref *ref)
{
	const char *cur = dbres_str(r, 0, PC_CURRENCY);
	struct plan_limits l;
	char *plain = NULL, *batna = NULL;

	if (tier_can_read(&rq->user, ref, TIER_CONFIDENTIAL)) {
		view_set(rq, "Plan.conf", "1");
		if (read_bundle(rq, SF_PLAN_CONFIDENTIAL, id, ref, dbres_get(r, 0, PC_CONF), "Plan.conf_state", &plain) < 0)
			return -1;
		if (plain) {
			if (plan_limits_parse(plain, NULL, &l) < 0 || plan_batna_parse(plain, &batna) < 0) {
				view_set(rq, "Plan.conf_state", "broken");
			} else {
				view_set(rq, "Plan.batna", batna);
				if (l.min_price >= 0)
					set_money(rq, "Plan.min_price", l.min_price, cur);
				if (l.max_discount_bp >= 0)
					set_bp(rq, "Plan.max_discount", l.max_discount_bp);
				if (l.max_payment_days >= 0)
					view_set_int(rq, "Plan.max_payment_days", l.max_payment_days);
				if (l.walkaway_payment_days >= 0)
					view_set_int(rq, "Plan.walkaway_payment_days", l.walkaway_payment_days);
			}
			free(batna);
			secret_release(&plain);
		}
	}
	if (tier_can_read(&rq->user, ref, TIER_RESTRICTED)) {
		view_set(rq, "Plan.restr", "1");
		if (read_bundle(rq, SF_PLAN_RESTRICTED, id, ref, dbres_get(r, 0, PC_RESTR), "Plan.restr_state", &plain) < 0)
			return -1;
		if (plain) {
			if (plan_limits_parse(NULL, plain, &l) < 0) {
				view_set(rq, "Plan.restr_state", "broken");
			} else {
				if (l.min_margin_bp >= 0)
					set_bp(rq, "Plan.min_margin", l.min_margin_bp);
				if (l.walkaway_margin_bp >= 0)
					set_bp(rq, "Plan.walkaway_margin", l.walkaway_margin_bp);
			}
			secret_release(&plain);
		}
	}
	return 0;
}

/* Contacts with personality type, traits and response strategy (as on the customer page). */
static int show_contacts(struct req *rq, long long customer_id)
{
	struct dbres *c = NULL;
	struct vis_scope s;
	char name[64];
	size_t i;

	vis_scope_for(&rq->user, &s);
	if (DB_EXEC(rq->app->db, ST_PLAN_CONTACTS, &c, VIS_PARAMS(&s), DBI(customer_id)) != DB_OK)
		return -1;
	for (i = 0; i < c->nrows; i++) {
		const char *p = dbres_get(c, i, 4);
		view_setf(rq, dbres_str(c, i, 0), "Contacts.%zu.id", i);
		view_setf(rq, dbres_str(c, i, 1), "Contacts.%zu.name", i);
		view_setf(rq, dbres_str(c, i, 2), "Contacts.%zu.title", i);
		snprintf(name, sizeof name, "Contacts.%zu.role", i);
		set_label(rq, name, "decision_role", dbres_get(c, i, 3));
		view_setf(rq, p ? p : "", "Contacts.%zu.personality_code", i);
		snprintf(name, sizeof name, "Contacts.%zu.personality", i);
		set_label(rq, name, "personality_name", p);
		if (p && strcmp(p, "unknown")) {
			snprintf(name, sizeof name, "Contacts.%zu.traits", i);
			set_label(rq, name, "personality_traits", p);
			snprintf(name, sizeof name, "Contacts.%zu.strategy", i);
			set_label(rq, name, "personality_strategy", p);
		}
	}
	dbres_free(&c);
	return 0;
}

static int show_rows(struct req *rq, long long id, const char *cur)
{
	struct dbres *r = NULL;
	struct vis_scope s;
	char name[64];
	size_t i, no = 0, nt = 0;

	vis_scope_for(&rq->user, &s);
	if (DB_EXEC(rq->app->db, ST_PLAN_OFFERS, &r, VIS_PARAMS(&s), DBI(id)) != DB_OK)
		return -1;
	for (i = 0; i < r->nrows; i++) {
		view_setf(rq, dbres_str(r, i, 0), "Plan.offers.%zu.label", i);
		view_setf(rq, dbres_str(r, i, 1), "Plan.offers.%zu.description", i);
		view_setf(rq, dbres_str(r, i, 2), "Plan.offers.%zu.pros", i);
		view_setf(rq, dbres_str(r, i, 3), "Plan.offers.%zu.cons", i);
		if (dbres_get(r, i, 4)) {
			snprintf(name, sizeof name, "Plan.offers.%zu.price", i);
			set_money(rq, name, dbres_int(r, i, 4), cur);
		}
	}
	dbres_free(&r);
	if (DB_EXEC(rq->app->db, ST_PLAN_PARTS, &r, VIS_PARAMS(&s), DBI(id)) != DB_OK)
		return -1;
	for (i = 0; i < r->nrows; i++) {
		if (!strcmp(dbres_str(r, i, 0), "ours")) {
			view_setf(rq, dbres_str(r, i, 4), "Plan.ours.%zu.name", no);
			view_setf(rq, dbres_str(r, i, 3), "Plan.ours.%zu.role", no);
			no++;
		} else {
			view_setf(rq, dbres_str(r, i, 2), "Plan.theirs.%zu.contact_id", nt);
			view_setf(rq, dbres_str(r, i, 5), "Plan.theirs.%zu.name", nt);
			view_setf(rq, dbres_str(r, i, 6), "Plan.theirs.%zu.title", nt);
			view_setf(rq, dbres_str(r, i, 3), "Plan.theirs.%zu.role", nt);
			nt++;
		}
	}
	dbres_free(&r);
	return 0;
}

int page_plan_show(struct req *rq, struct resp *rs)
{
	struct dbres *r = NULL;
	struct row_ref ref;
	long long id = rq->ids[0], cid;
	char cur[8];
	int rc = load_plan(rq, id, &r, &ref);

	if (rc < 0)
		return -1;
	if (rc) {
		resp_error(rs, rq, 404);
		return 0;
	}
	snprintf(cur, sizeof cur, "%s", dbres_str(r, 0, PC_CURRENCY));
	cid = dbres_int(r, 0, PC_CID);
	view_set_int(rq, "Plan.id", id);
	view_set(rq, "Plan.topic", dbres_str(r, 0, PC_TOPIC));
	view_set(rq, "Plan.strategy", dbres_str(r, 0, PC_STRATEGY));
	set_label(rq, "Plan.strategy_label", "plan.strategy", dbres_get(r, 0, PC_STRATEGY));
	set_date(rq, "Plan.meeting_on", dbres_get(r, 0, PC_MEETING));
	view_set(rq, "Plan.start_time", dbres_str(r, 0, PC_TIME));
	view_set(rq, "Plan.place", dbres_str(r, 0, PC_PLACE));
	view_set(rq, "Plan.must_goals", dbres_str(r, 0, PC_MUST));
	view_set(rq, "Plan.concedable_goals", dbres_str(r, 0, PC_CONCEDE));
	view_set(rq, "Plan.agenda", dbres_str(r, 0, PC_AGENDA));
	view_set(rq, "Plan.counter_proposals", dbres_str(r, 0, PC_COUNTER));
	set_bp(rq, "Plan.ladder_step", dbres_int(r, 0, PC_LADDER));
	view_set(rq, "Plan.ladder_step_bp", dbres_str(r, 0, PC_LADDER));
	view_set(rq, "Plan.ladder_asks", dbres_str(r, 0, PC_ASKS));
	view_set(rq, "Plan.opportunity_id", dbres_str(r, 0, PC_OPP));
	view_set(rq, "Plan.opportunity_title", dbres_str(r, 0, PC_OTITLE));
	view_set(rq, "Plan.customer_id", dbres_str(r, 0, PC_CID));
	view_set(rq, "Plan.customer_name", dbres_str(r, 0, PC_CNAME));
	view_set(rq, "Plan.creator", dbres_str(r, 0, PC_CREATOR));
	{
		char out[64];
		datetime_format(dbres_str(r, 0, PC_CREATED), rq->user.tz, rq->lang, out, sizeof out);
		view_set(rq, "Plan.created", out);
		datetime_format(dbres_str(r, 0, PC_UPDATED), rq->user.tz, rq->lang, out, sizeof out);
		view_set(rq, "Plan.updated", out);
	}
	if (vis_can_edit(&rq->user, &ref))
		view_set(rq, "Plan.can_edit", "1");
	rc = show_bundles(rq, r, id, &ref);
	dbres_free(&r);
	if (rc < 0 || show_rows(rq, id, cur) < 0 || show_contacts(rq, cid) < 0)
		return -1;
	return view_render(rq, rs, "plans/show.cs");
}

/* ------------------------------------------------------------------ edit / update */

/* Fills the form's confidential / restricted inputs from the stored bundles. */
static int form_bundles(struct req *rq, const struct dbres *r, long long id, const struct row_ref *ref,
                        const struct plan_input *in)
{
	char *plain = NULL, *batna = NULL, out[40];
	struct plan_limits l;
	int rc;

	if (in->conf) {
		rc = secret_read(rq, SF_PLAN_CONFIDENTIAL, id, ref, dbres_get(r, 0, PC_CONF), &plain);
		if (rc == SECRET_OK && plan_limits_parse(plain, NULL, &l) == 0 && plan_batna_parse(plain, &batna) == 0) {
			view_set(rq, "Form.values.batna", batna);
			if (l.min_price >= 0) {
				money_input(l.min_price, out, sizeof out);
				view_set(rq, "Form.values.min_price", out);
			}
			if (l.max_discount_bp >= 0) {
				bp_input(l.max_discount_bp, out, sizeof out);
				view_set(rq, "Form.values.max_discount", out);
			}
			if (l.max_payment_days >= 0)
				view_set_int(rq, "Form.values.max_payment_days", l.max_payment_days);
			if (l.walkaway_payment_days >= 0)
				view_set_int(rq, "Form.values.walkaway_payment_days", l.walkaway_payment_days);
		} else if (rc == SECRET_OK || rc == SECRET_BROKEN) {
			view_set(rq, "Form.broken.conf", "1");
		} else if (rc != SECRET_EMPTY && rc != SECRET_DENIED) {
			secret_release(&plain);
			return -1;
		}
		free(batna);
		secret_release(&plain);
	}
	if (in->restr) {
		rc = secret_read(rq, SF_PLAN_RESTRICTED, id, ref, dbres_get(r, 0, PC_RESTR), &plain);
		if (rc == SECRET_OK && plan_limits_parse(NULL, plain, &l) == 0) {
			if (l.min_margin_bp >= 0) {
				bp_input(l.min_margin_bp, out, sizeof out);
				view_set(rq, "Form.values.min_margin", out);
			}
			if (l.walkaway_margin_bp >= 0) {
				bp_input(l.walkaway_margin_bp, out, sizeof out);
				view_set(rq, "Form.values.walkaway_margin", out);
			}
		} else if (rc == SECRET_OK || rc == SECRET_BROKEN) {
			view_set(rq, "Form.broken.restr", "1");
		} else if (rc != SECRET_EMPTY && rc != SECRET_DENIED) {
			secret_release(&plain);
			return -1;
		}
		secret_release(&plain);
	}
	return 0;
}

/* Stored rows as form rows (pointers into the result sets, which the caller keeps). */
static int stored_rows(struct req *rq, long long id, struct plan_input *in, struct dbres **offers,
                       struct dbres **parts, char prices[][24])
{
	struct vis_scope s;
	size_t i;

	vis_scope_for(&rq->user, &s);
	if (DB_EXEC(rq->app->db, ST_PLAN_OFFERS, offers, VIS_PARAMS(&s), DBI(id)) != DB_OK ||
	    DB_EXEC(rq->app->db, ST_PLAN_PARTS, parts, VIS_PARAMS(&s), DBI(id)) != DB_OK)
		return -1;
	for (i = 0; i < (*offers)->nrows && i < PROWS_MAX; i++) {
		prices[i][0] = '\0';
		if (dbres_get(*offers, i, 4))
			money_input(dbres_int(*offers, i, 4), prices[i], 24);
		for (size_t f = 0; f < 4; f++)
			in->offers.v[i][f] = dbres_str(*offers, i, f);
		in->offers.v[i][4] = prices[i];
		in->offers.n++;
	}
	for (i = 0; i < (*parts)->nrows; i++) {
		struct prows *fr = !strcmp(dbres_str(*parts, i, 0), "ours") ? &in->ours : &in->theirs;
		if (fr->n >= PROWS_MAX)
			continue;
		fr->v[fr->n][0] = dbres_str(*parts, i, fr == &in->ours ? 1 : 2);
		fr->v[fr->n][1] = dbres_str(*parts, i, 3);
		fr->n++;
	}
	return 0;
}

int page_plan_edit(struct req *rq, struct resp *rs)
{
	char prices[PROWS_MAX][24];
	struct plan_choices ch = { 0 };
	struct dbres *r = NULL, *offers = NULL, *parts = NULL;
	struct plan_input in;
	struct row_ref ref;
	long long id = rq->ids[0];
	char ladder[24];
	int rc = load_plan(rq, id, &r, &ref);

	memset(&in, 0, sizeof in);
	rc = require_editable(rq, rs, rc, &r, &ref);
	if (rc)
		return rc < 0 ? -1 : 0;
	in.conf = tier_can_write(&rq->user, &ref, TIER_CONFIDENTIAL);
	in.restr = tier_can_write(&rq->user, &ref, TIER_RESTRICTED);
	view_set(rq, "Form.values.topic", dbres_str(r, 0, PC_TOPIC));
	view_set(rq, "Form.values.strategy", dbres_str(r, 0, PC_STRATEGY));
	view_set(rq, "Form.values.meeting_on", dbres_str(r, 0, PC_MEETING));
	view_set(rq, "Form.values.start_time", dbres_str(r, 0, PC_TIME));
	view_set(rq, "Form.values.place", dbres_str(r, 0, PC_PLACE));
	view_set(rq, "Form.values.must_goals", dbres_str(r, 0, PC_MUST));
	view_set(rq, "Form.values.concedable_goals", dbres_str(r, 0, PC_CONCEDE));
	view_set(rq, "Form.values.agenda", dbres_str(r, 0, PC_AGENDA));
	view_set(rq, "Form.values.counter_proposals", dbres_str(r, 0, PC_COUNTER));
	bp_input(dbres_int(r, 0, PC_LADDER), ladder, sizeof ladder);
	view_set(rq, "Form.values.ladder_step", ladder);
	view_set(rq, "Form.values.ladder_asks", dbres_str(r, 0, PC_ASKS));
	rc = -1;
	{
		long long rev = plan_revision(rq->app->db, id);
		if (rev < 0)
			goto out;
		view_set_int(rq, "Form.revision", rev);
	}
	if (form_bundles(rq, r, id, &ref, &in) < 0 || stored_rows(rq, id, &in, &offers, &parts, prices) < 0 ||
	    load_choices(rq, dbres_int(r, 0, PC_CID), &ch) < 0)
		goto out;
	/* render_form reads the opportunity columns from PC_OPP on: id, title, currency, customer id, name. */
	{
		struct dbres *o = NULL;
		if (vis_fetch_one(rq, ST_PLAN_OPP, dbres_int(r, 0, PC_OPP), &o) != 0)
			goto out;
		rc = render_form(rq, rs, id, o, PO_ID, &in, &ch, 0);
		dbres_free(&o);
	}
out:
	dbres_free(&offers);
	dbres_free(&parts);
	dbres_free(&r);
	free_choices(&ch);
	return rc;
}

/* Rows in a canonical text form, to tell whether they changed. */
static void rows_canon_input(const struct plan_input *in, struct buf *offers, struct buf *parts)
{
	size_t i;

	for (i = 0; i < in->offers.n; i++) {
		if (prows_blank(&in->offers, i, OFFER_NF))
			continue;
		buf_printf(offers, "%s\x1f%s\x1f%s\x1f%s\x1f%lld\x1e", in->offers.v[i][0], in->offers.v[i][1],
		           in->offers.v[i][2], in->offers.v[i][3], in->price[i]);
	}
	for (i = 0; i < in->ours.n; i++)
		if (!prows_blank(&in->ours, i, PART_NF))
			buf_printf(parts, "ours\x1f%lld\x1f%s\x1e", in->ours_id[i], in->ours.v[i][1]);
	for (i = 0; i < in->theirs.n; i++)
		if (!prows_blank(&in->theirs, i, PART_NF))
			buf_printf(parts, "theirs\x1f%lld\x1f%s\x1e", in->theirs_id[i], in->theirs.v[i][1]);
	buf_puts(offers, "");
	buf_puts(parts, "");
}

static void rows_canon_db(const struct dbres *o, const struct dbres *p, struct buf *offers, struct buf *parts)
{
	size_t i;

	for (i = 0; i < o->nrows; i++)
		buf_printf(offers, "%s\x1f%s\x1f%s\x1f%s\x1f%lld\x1e", dbres_str(o, i, 0), dbres_str(o, i, 1), dbres_str(o, i, 2),
		           dbres_str(o, i, 3), dbres_get(o, i, 4) ? dbres_int(o, i, 4) : -1LL);
	for (i = 0; i < p->nrows; i++) {
		int ours = !strcmp(dbres_str(p, i, 0), "ours");
		buf_printf(parts, "%s\x1f%lld\x1f%s\x1e", ours ? "ours" : "theirs", dbres_int(p, i, ours ? 1 : 2),
		           dbres_str(p, i, 3));
	}
	buf_puts(offers, "");
	buf_puts(parts, "");
}

static int scalar_changes(struct plan_tx *t, const struct dbres *r)
{
	static const size_t cols[][2] = {
		{ PF_TOPIC, PC_TOPIC }, { PF_STRATEGY, PC_STRATEGY }, { PF_MEETING, PC_MEETING }, { PF_TIME, PC_TIME },
		{ PF_PLACE, PC_PLACE }, { PF_MUST, PC_MUST }, { PF_CONCEDE, PC_CONCEDE }, { PF_AGENDA, PC_AGENDA },
		{ PF_COUNTER, PC_COUNTER }, { PF_ASKS, PC_ASKS },
	};
	const struct plan_input *in = t->in;
	int n = 0;

	for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++) {
		const struct field_val *v = &in->v[cols[i][0]];
		const char *now = (cols[i][0] == PF_MEETING || cols[i][0] == PF_TIME) && !v->present ? "" : v->s;
		if (strcmp(now, dbres_str(r, 0, cols[i][1]))) {
			detail_add(t->detail, sizeof t->detail, plan_fields[cols[i][0]].name);
			n++;
		}
	}
	if (in->ladder_bp != dbres_int(r, 0, PC_LADDER)) {
		detail_add(t->detail, sizeof t->detail, "ladder_step");
		n++;
	}
	return n;
}

static int update_tx_fn(struct db *db, void *p)
{
	struct plan_tx *t = p;
	struct plan_input *in = t->in;
	struct dbres *r = NULL, *o = NULL, *pp = NULL;
	struct buf ob_new = { 0 }, pb_new = { 0 }, ob_old = { 0 }, pb_old = { 0 };
	struct vis_scope s;
	char now[20];
	int rc, changed, rows_offers, rows_parts;

	t->gone = 0;
	snprintf(t->detail, sizeof t->detail, "changed:");
	clock_fmt_utc(t->rq->now, now);
	vis_scope_for(&t->rq->user, &s);
	rc = DB_EXEC(db, ST_PLAN_LOCK, &r, VIS_PARAMS(&s), DBI(t->id));
	if (rc == DB_OK && r->nrows == 1)
		rc = guard_customer_of_plan(db, t->id);
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
		long long stored = plan_revision(db, t->id);
		if (stored < 0) {
			rc = DB_ERR;
			goto out;
		}
		if (t->has_revision && stored != t->revision) {
			t->conflict = 1;
			t->revision = stored;
			rc = 1;
			goto out;
		}
		t->revision = stored;
	}
	changed = scalar_changes(t, r);
	rc = DB_EXEC(db, ST_PLAN_OFFERS, &o, VIS_PARAMS(&s), DBI(t->id));
	if (!rc)
		rc = DB_EXEC(db, ST_PLAN_PARTS, &pp, VIS_PARAMS(&s), DBI(t->id));
	if (rc)
		goto out;
	rows_canon_input(in, &ob_new, &pb_new);
	rows_canon_db(o, pp, &ob_old, &pb_old);
	rows_offers = strcmp(ob_new.data ? ob_new.data : "", ob_old.data ? ob_old.data : "") != 0;
	rows_parts = strcmp(pb_new.data ? pb_new.data : "", pb_old.data ? pb_old.data : "") != 0;
	if (rows_offers)
		detail_add(t->detail, sizeof t->detail, "offers");
	if (rows_parts)
		detail_add(t->detail, sizeof t->detail, "participants");
	if (t->conf_changed)
		detail_add(t->detail, sizeof t->detail, "batna_bottom_lines");
	if (t->restr_changed)
		detail_add(t->detail, sizeof t->detail, "margins");
	if (changed)
		rc = DB_EXEC(db, ST_PLAN_UPDATE, NULL, DBS(in->v[PF_TOPIC].s), DBS(in->v[PF_STRATEGY].s),
		             date_param(&in->v[PF_MEETING]), date_param(&in->v[PF_TIME]), DBS(in->v[PF_PLACE].s),
		             DBS(in->v[PF_MUST].s), DBS(in->v[PF_CONCEDE].s), DBS(in->v[PF_AGENDA].s),
		             DBS(in->v[PF_COUNTER].s), DBI(in->ladder_bp), DBS(in->v[PF_ASKS].s), DBS(now), DBI(t->id));
	else if (rows_offers || rows_parts || t->conf_changed || t->restr_changed)
		rc = DB_EXEC(db, ST_PLAN_TOUCH, NULL, DBS(now), DBI(t->id));
	if (!rc && (rows_offers || rows_parts)) {
		rc = DB_EXEC(db, ST_PLAN_OFFERS_DELETE, NULL, DBI(t->id));
		if (!rc)
			rc = DB_EXEC(db, ST_PLAN_PARTS_DELETE, NULL, DBI(t->id));
		if (!rc)
			rc = insert_rows(db, t);
	}
	if (!rc)
		rc = write_secrets(db, t, t->conf_changed, t->restr_changed);
	if (!rc && (changed || rows_offers || rows_parts || t->conf_changed || t->restr_changed)) {
		t->revision++;
		rc = audit_req(t->rq, "plan.update", "plan", t->id, t->detail);
	}
out:
	buf_free(&ob_new);
	buf_free(&pb_new);
	buf_free(&ob_old);
	buf_free(&pb_old);
	dbres_free(&o);
	dbres_free(&pp);
	dbres_free(&r);
	return rc;
}

/* Whether the posted bundle differs from the stored one (read through secret_read, audited). */
static int bundle_changed(struct req *rq, enum secret_id f, long long id, const struct row_ref *ref,
                          const char *stored, int posted, const char *now)
{
	char *plain = NULL;
	int rc, changed;

	if (!posted)
		return 0;
	if (!stored || !*stored)
		return now != NULL;
	rc = secret_read(rq, f, id, ref, stored, &plain);
	if (rc == SECRET_OK) {
		changed = strcmp(plain, now ? now : "") != 0;
		secret_release(&plain);
		return changed;
	}
	if (rc == SECRET_BROKEN)
		return now != NULL;
	return -1;
}

int page_plan_update(struct req *rq, struct resp *rs)
{
	struct plan_choices ch = { 0 };
	struct dbres *r = NULL, *o = NULL;
	struct plan_input in;
	struct plan_tx t;
	struct row_ref ref;
	long long id = rq->ids[0];
	char loc[64];
	int rc = load_plan(rq, id, &r, &ref);

	memset(&in, 0, sizeof in);
	rc = require_editable(rq, rs, rc, &r, &ref);
	if (rc)
		return rc < 0 ? -1 : 0;
	rc = -1;
	if (load_choices(rq, dbres_int(r, 0, PC_CID), &ch) < 0 ||
	    vis_fetch_one(rq, ST_PLAN_OPP, dbres_int(r, 0, PC_OPP), &o) != 0)
		goto out;
	in.conf = tier_can_write(&rq->user, &ref, TIER_CONFIDENTIAL);
	in.restr = tier_can_write(&rq->user, &ref, TIER_RESTRICTED);
	if (!entry_is_autosave(rq) && prows_editing(rq)) {
		form_keep(rq, plan_fields, last_field(&in));
		prows_read(rq, "offers", offer_fields, OFFER_NF, &in.offers);
		prows_read(rq, "ours", ours_fields, PART_NF, &in.ours);
		prows_read(rq, "theirs", theirs_fields, PART_NF, &in.theirs);
		rc = render_form(rq, rs, id, o, PO_ID, &in, &ch, 1);
		goto out;
	}
	if (req_form(rq, "revision"))
		view_set(rq, "Form.revision", req_form(rq, "revision"));
	if (read_input(rq, &in, &ch)) {
		rs->status = 422;
		rc = render_form(rq, rs, id, o, PO_ID, &in, &ch, 0);
		goto out;
	}
	if (encode_bundles(&in) < 0)
		goto out;
	t = (struct plan_tx){ .rq = rq, .in = &in, .ref = ref, .id = id, .opportunity_id = dbres_int(r, 0, PC_OPP) };
	t.has_revision = entry_revision(rq, &t.revision);
	if (in.conf)
		t.conf_changed = bundle_changed(rq, SF_PLAN_CONFIDENTIAL, id, &ref, dbres_get(r, 0, PC_CONF),
		                                in.conf_posted, in.conf_plain);
	if (in.restr)
		t.restr_changed = bundle_changed(rq, SF_PLAN_RESTRICTED, id, &ref, dbres_get(r, 0, PC_RESTR),
		                                 in.restr_posted, in.restr_plain);
	if (t.conf_changed < 0 || t.restr_changed < 0)
		goto out;
	rc = db_tx(rq->app->db, update_tx_fn, &t);
	if (rc && t.gone) {
		resp_error(rs, rq, 404);
		rc = 0;
		goto out;
	}
	if (rc && t.conflict) {
		/* saved by someone else since this form was opened: the typed text stays in the form, the
		 * saved plan is a link away; saving again from here replaces it knowingly */
		rs->status = 409;
		view_set(rq, "Form.conflict", "1");
		view_set_int(rq, "Form.revision", t.revision);
		view_set(rq, "Form.error", view_str(rq, "plan.conflict"));
		rc = render_form(rq, rs, id, o, PO_ID, &in, &ch, 0);
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
	snprintf(loc, sizeof loc, "/plans/%lld", id);
	resp_redirect(rs, loc);
	rc = 0;
out:
	input_free(&in);
	dbres_free(&o);
	dbres_free(&r);
	free_choices(&ch);
	return rc;
}

/* The routes of this file; the dispatcher checks sign-in, CSRF and capability before a handler runs. */
static const struct route routes[] = {
	{ "GET", "/plans",          page_plans,       CAP_SALES, CSRF_NONE },
	{ "GET", "/plans/new",      page_plan_new,    CAP_SALES, CSRF_NONE },
	{ "POST", "/plans",          page_plan_create, CAP_SALES, CSRF_CHECK },
	{ "GET", "/plans/:id",      page_plan_show,   CAP_SALES, CSRF_NONE },
	{ "GET", "/plans/:id/edit", page_plan_edit,   CAP_SALES, CSRF_NONE },
	{ "POST", "/plans/:id",      page_plan_update, CAP_SALES, CSRF_CHECK },
};
PAGE_ROUTES(routes);
