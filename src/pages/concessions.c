/* /concessions… — concession requests (docs/approvals.md), sales roles (CAP_SALES). A request is visible exactly
 * when its customer is (VIS_SQL on the joined customer), and to a delegate standing in today for the
 * approver of one of its pending steps; anything else is a 404.
 *   GET  /concessions                     list: ?state= &mine=1 &opportunity= &after=<last id>
 *   GET  /concessions/new?opportunity_id=&negotiation_id=   form  } need the right to edit the customer
 *   POST /concessions                     file                   }
 *   GET  /concessions/{id}                the request page (with the decision form of approvals.c)
 *   GET  /concessions/{id}/edit, POST /concessions/{id}   the requester changes the values while pending
 *                                         or returned: version + 1, the old chain void, a fresh chain
 *   POST /concessions/{id}/withdraw       the requester withdraws
 *   POST /concessions/{id}/review         the after-the-fact review of a decided green-channel request:
 *                                         a director or VP above the requester who sees the customer
 *                                         and did not file it; once (a repeat changes nothing)
 * The policy (approval_common.c, domain/approval.c) sizes the chain from the cumulative discount and
 * amount on the opportunity, the payment term and a breach of the plan's bottom lines; everything is
 * written in one transaction with the audit entry. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "audit/audit.h"
#include "auth/secrets.h"
#include "auth/visibility.h"
#include "domain/approval.h"
#include "domain/plan.h"
#include "domain/records.h"
#include "domain/units.h"
#include "domain/guard.h"
#include "http/fields.h"
#include "http/router.h"
#include "pages/approval_common.h"
#include "pages/pages.h"
#include "pages/pickers.h"
#include "util/clock.h"
#include "view/view.h"

#define CONC_PAGE 50
#define CONC_LINE_MAX 8

static const char *const urgencies[] = { "normal", "green", NULL };
static const char *const req_states[] = { "pending", "approved", "rejected", "returned", "withdrawn",
	"not_required", NULL };

enum {
	CF_TERM, CF_CURRENT, CF_REQUESTED, CF_AMOUNT, CF_DAYS, CF_JUSTIFICATION, CF_COUNTER, CF_URGENCY, CF_PLAN,
	CF__N
};
static const struct field_spec conc_fields[CF__N] = {
	[CF_TERM] = { "term", F_CHOICE, 1, 0, 0, rec_concession_terms },
	[CF_CURRENT] = { "current_value", F_TEXT, 1, 1, 200, NULL },
	[CF_REQUESTED] = { "requested_value", F_TEXT, 1, 1, 200, NULL },
	[CF_AMOUNT] = { "amount", F_TEXT, 0, 0, 32, NULL },
	[CF_DAYS] = { "payment_days", F_INT, 0, 0, 3650, NULL },
	[CF_JUSTIFICATION] = { "justification", F_TEXT, 1, 1, 5000, NULL },
	[CF_COUNTER] = { "counter_concession", F_TEXT, 0, 0, 5000, NULL },
	[CF_URGENCY] = { "urgency", F_CHOICE, 1, 0, 0, urgencies },
	[CF_PLAN] = { "plan_id", F_ID, 0, 0, 0, NULL },
};

/* Columns of ST_CONC_OPP. */
enum { OP_ID, OP_CUSTOMER, OP_TITLE, OP_CURRENCY, OP_LIST, OP_CURRENT, OP_CNAME, OP_C_OWNER };
/* Columns of CONC_COLS (db/stmts_concessions.def). */
enum {
	RC_ID, RC_OPP, RC_CUSTOMER, RC_NEG, RC_REQUESTER, RC_TERM, RC_CURRENT, RC_REQUESTED, RC_CURRENCY, RC_LIST,
	RC_AMOUNT, RC_DISCOUNT, RC_CUM_BP, RC_CUM_AMOUNT, RC_DAYS, RC_PLAN, RC_BREACH, RC_JUSTIFICATION, RC_COUNTER,
	RC_URGENCY, RC_LEVELS, RC_STATE, RC_VERSION, RC_REVIEW, RC_CREATED, RC_UPDATED, RC_CNAME, RC_C_OWNER,
	RC_C_TEAM, RC_C_REGION, RC_C_SHARED, RC_OTITLE, RC_REQUESTER_NAME, RC_COST, RC_MARGIN, RC_O_LIST, RC_O_CURRENT,
	RC_REVIEWER, RC_REVIEWED_AT
};

/* ------------------------------------------------------------------ helpers */

static int set_label(struct req *rq, const char *name, const char *prefix, const char *v)
{
	char key[96];

	snprintf(key, sizeof key, "%s.%s", prefix, v ? v : "");
	return view_set(rq, name, view_str(rq, key));
}

static void set_choice_list(struct req *rq, const char *base, const char *const *choices, const char *prefix)
{
	char name[96];
	size_t i;

	for (i = 0; choices[i]; i++) {
		view_setf(rq, choices[i], "%s.%zu.value", base, i);
		snprintf(name, sizeof name, "%s.%zu.label", base, i);
		set_label(rq, name, prefix, choices[i]);
	}
}

static void set_money_cell(struct req *rq, const char *name, const char *minor, const char *currency)
{
	char out[64];
	long long m;

	if (!minor || parse_int64(minor, 0, MONEY_MAX, &m) < 0)
		return;
	money_format(m, currency, rq->lang, out, sizeof out);
	view_set(rq, name, out);
}

static void set_money_val(struct req *rq, const char *name, long long m, const char *currency)
{
	char out[64];

	money_format(m, currency, rq->lang, out, sizeof out);
	view_set(rq, name, out);
}

static void set_bp(struct req *rq, const char *name, long long bp)
{
	char out[32];

	bp_format(bp, out, sizeof out);
	view_set(rq, name, out);
}

static void set_when(struct req *rq, const char *name, const char *utc)
{
	char out[64];

	if (!utc)
		return;
	datetime_format(utc, rq->user.tz, rq->lang, out, sizeof out);
	view_set(rq, name, out);
}

/* The language key's last part: "approval.err.self_approval" → "self_approval". */
static const char *err_name(enum approval_err e)
{
	const char *k = approval_err_key(e), *dot = k ? strrchr(k, '.') : NULL;

	return dot ? dot + 1 : (k ? k : "");
}

/* ------------------------------------------------------------------ the form */

struct conc_input {
	struct field_val v[CF__N];
	long long amount;          /* minor units */
	long long days;            /* -1: none */
	long long requested_price; /* term price: the requested value as money (required); -1 otherwise */
	long long plan_id;         /* 0: none */
};

/* Validates the form. The plan must be one of the opportunity's (checked by the caller's load).
 * Returns the number of invalid fields. */
static int read_input(struct req *rq, struct conc_input *in)
{
	int ok[CF__N] = { 0 }, bad = 0;
	long long cur = -1, want = -1, m;
	size_t i;

	memset(in, 0, sizeof *in);
	in->days = in->requested_price = -1;
	form_keep(rq, conc_fields, CF__N);
	for (i = 0; i < CF__N; i++) {
		ok[i] = form_validate(rq, &conc_fields[i], 1, &in->v[i]) == 0;
		bad += !ok[i];
	}
	if (ok[CF_TERM] && strcmp(in->v[CF_TERM].s, "price") == 0 && ok[CF_REQUESTED]) {
		/* A price concession is sized on the server from the list price and the requested price
		 * (size_chain): the requested price must be money; the current value is display text. */
		if (money_parse(in->v[CF_REQUESTED].s, &want) < 0) {
			view_form_error(rq, "requested_value", "conc.err.price_not_money");
			bad++;
		} else if (ok[CF_CURRENT] && money_parse(in->v[CF_CURRENT].s, &cur) == 0 && want > cur) {
			view_form_error(rq, "requested_value", "conc.err.price_up");
			bad++;
		} else {
			in->requested_price = want;
		}
	} else if (ok[CF_AMOUNT] && in->v[CF_AMOUNT].present) {
		if (money_parse(in->v[CF_AMOUNT].s, &m) < 0) {
			view_form_error(rq, "amount", "conc.err.bad_money");
			bad++;
		} else {
			in->amount = m;
		}
	}
	if (ok[CF_TERM] && strcmp(in->v[CF_TERM].s, "payment") == 0) {
		if (ok[CF_DAYS] && !in->v[CF_DAYS].present) {
			view_form_error(rq, "payment_days", "conc.err.days_required");
			bad++;
		} else if (ok[CF_DAYS]) {
			in->days = in->v[CF_DAYS].i;
		}
	} else if (ok[CF_DAYS] && in->v[CF_DAYS].present) {
		in->days = in->v[CF_DAYS].i;
	}
	if (ok[CF_PLAN])
		in->plan_id = in->v[CF_PLAN].i;
	return bad;
}

/* Form.plans.N.{id,topic}: the opportunity's plans. */
static int set_form_plans(struct req *rq, long long opp_id)
{
	struct dbres *r = NULL;
	struct vis_scope s;
	size_t i;

	vis_scope_for(&rq->user, &s);
	if (DB_EXEC(rq->app->db, ST_CONC_PLANS, &r, VIS_PARAMS(&s), DBI(opp_id)) != DB_OK)
		return -1;
	for (i = 0; i < r->nrows; i++) {
		view_setf(rq, dbres_get(r, i, 0), "Form.plans.%zu.id", i);
		view_setf(rq, dbres_get(r, i, 1), "Form.plans.%zu.topic", i);
	}
	dbres_free(&r);
	return 0;
}

static int render_form(struct req *rq, struct resp *rs, long long id, const struct dbres *opp, long long neg_id)
{
	set_choice_list(rq, "Choices.term", rec_concession_terms, "conc.term");
	set_choice_list(rq, "Choices.urgency", urgencies, "conc.urgency");
	if (id)
		view_set_int(rq, "Form.id", id);
	view_set(rq, "Form.opportunity_id", dbres_get(opp, 0, OP_ID));
	view_set(rq, "Form.opportunity_title", dbres_get(opp, 0, OP_TITLE));
	view_set(rq, "Form.customer_id", dbres_get(opp, 0, OP_CUSTOMER));
	view_set(rq, "Form.customer_name", dbres_get(opp, 0, OP_CNAME));
	view_set(rq, "Form.currency", dbres_get(opp, 0, OP_CURRENCY));
	set_money_cell(rq, "Form.list_price", dbres_get(opp, 0, OP_LIST), dbres_get(opp, 0, OP_CURRENCY));
	if (neg_id)
		view_set_int(rq, "Form.negotiation_id", neg_id);
	if (set_form_plans(rq, dbres_int(opp, 0, OP_ID)) < 0)
		return -1;
	return view_render(rq, rs, "concessions/form.cs");
}

/* The opportunity as the user may see it, with the right to edit its customer: 0, 1 not found /
 * not allowed (404), -1 error. */
static int load_opp(struct req *rq, long long id, struct dbres **r, struct row_ref *ref)
{
	int rc = vis_fetch_ref(rq, ST_CONC_OPP, id, OP_C_OWNER, r, ref);

	if (rc)
		return rc;
	if (!vis_can_edit(&rq->user, ref)) {
		dbres_free(r);
		return 1;
	}
	return 0;
}

/* The record a request is filed from must be of the same customer and (if it names one) opportunity.
 * 0 ok, 1 not (404), -1 error. */
static int check_neg(struct req *rq, long long neg_id, const struct dbres *opp)
{
	struct dbres *r = NULL;
	int rc;

	if (!neg_id)
		return 0;
	rc = vis_fetch_one(rq, ST_CONC_NEG, neg_id, &r);
	if (rc)
		return rc;
	rc = dbres_int(r, 0, 1) != dbres_int(opp, 0, OP_CUSTOMER) ||
	     (dbres_int(r, 0, 2) && dbres_int(r, 0, 2) != dbres_int(opp, 0, OP_ID));
	dbres_free(&r);
	return rc;
}

/* Whether the requested values breach the plan's bottom lines (confidential bundle, read with
 * secret_read: audited; a user without the tier cannot tell, so no breach). The plan named, or when
 * none is, the opportunity's most recent one (*plan_id gets it: the request names the plan it was
 * checked against). Outside a transaction. *plan_ok = 0 when the plan named is not one of the
 * opportunity's. 0 / -1. */
static int plan_breach_of(struct req *rq, const struct conc_input *in, long long opp_id, const struct row_ref *ref,
                          int *breach, int *plan_ok, long long *plan_id)
{
	struct dbres *p = NULL;
	struct plan_limits l;
	struct vis_scope s;
	char *plain = NULL;
	int rc;

	*breach = 0;
	*plan_ok = 1;
	*plan_id = in->plan_id;
	if (!*plan_id) {
		vis_scope_for(&rq->user, &s);
		if (DB_EXEC(rq->app->db, ST_CONC_PLANS, &p, VIS_PARAMS(&s), DBI(opp_id)) != DB_OK)
			return -1;
		if (p->nrows)
			*plan_id = dbres_int(p, 0, 0);
		dbres_free(&p);
		if (!*plan_id)
			return 0;
	}
	rc = vis_fetch_one(rq, ST_CONC_PLAN, *plan_id, &p);
	if (rc < 0)
		return -1;
	if (rc || dbres_int(p, 0, 1) != opp_id) {
		dbres_free(&p);
		*plan_ok = 0;
		return 0;
	}
	if (tier_can_read(&rq->user, ref, TIER_CONFIDENTIAL)) {
		rc = secret_read(rq, SF_PLAN_CONFIDENTIAL, *plan_id, ref, dbres_get(p, 0, 3), &plain);
		if (rc == SECRET_ERR) {
			dbres_free(&p);
			return -1;
		}
		if (rc == SECRET_OK && plan_limits_parse(plain, NULL, &l) == 0) {
			if (in->requested_price >= 0 && l.min_price >= 0 && in->requested_price < l.min_price)
				*breach = 1;
			if (in->days >= 0 && l.walkaway_payment_days >= 0 && in->days > l.walkaway_payment_days)
				*breach = 1;
		}
		secret_release(&plain);
	}
	dbres_free(&p);
	return 0;
}

/* ------------------------------------------------------------------ file / change transaction */

struct conc_tx {
	struct req *rq;
	const struct conc_input *in;
	long long id;                   /* change: the request; file: set */
	long long opp_id, customer_id, neg_id;
	const char *currency;
	int breach;
	long long plan_id;              /* the plan checked for a breach (named, or the latest) */
	/* results */
	long long amount;               /* sized on the server (a price: from the list price) */
	const char *refuse_field, *refuse_key;   /* the sizing refused the values: form error */
	int no_approver;                /* the line has nobody for some level: form error */
	int gone;                       /* change: the request vanished */
	enum approval_err refused;      /* change: approval_change said no */
	int levels;
	long long version;
	int voided;
};

/* Basis points as stored: capped far above any policy limit (a cumulative discount may pass 100 %). */
#define CONC_BP_CAP 1000000LL

static long long bp_capped(long long amount, long long list)
{
	long long bp = list > 0 ? concession_discount_bp(amount, list) : 0;

	return bp > CONC_BP_CAP ? CONC_BP_CAP : bp;
}

/* The values the policy looks at, computed on the locked opportunity; then the chain. The list price
 * is the first request's snapshot once there is one. A price concession's amount is the price after
 * the approved price concessions less the requested price — never the typed current value, which is
 * kept as text only; the others' amount may not exceed the list price. Sets t->amount, t->levels,
 * fills steps. Returns 0, 1 for a refusal (no approver, t->refuse_*), or a db_err. */
static int size_chain(struct db *db, struct conc_tx *t, long long *list, long long *disc, long long *cum_amount,
                      long long *cum_bp, struct chain_step *steps)
{
	struct dbres *r = NULL;
	struct policy pol;
	struct concession_facts f;
	struct line_member line[CONC_LINE_MAX];
	int rc, nline;

	t->refuse_field = t->refuse_key = NULL;
	rc = guard_opportunity(db, t->opp_id);
	if (rc == DB_OK)
		rc = DB_EXEC(db, ST_CONC_OPP_LOCK, &r, DBI(t->opp_id));
	if (rc)
		return rc;
	*list = -1;
	if (r->nrows == 1 && dbres_get(r, 0, 2))
		*list = dbres_int(r, 0, 2);
	else if (r->nrows == 1 && dbres_get(r, 0, 1))
		*list = dbres_int(r, 0, 1);
	dbres_free(&r);
	t->amount = t->in->amount;
	if (strcmp(t->in->v[CF_TERM].s, "price") == 0 && t->in->requested_price >= 0) {
		long long given;
		if (*list <= 0) {
			t->refuse_field = "requested_value";
			t->refuse_key = "conc.err.no_list_price";
			return 1;
		}
		rc = DB_EXEC(db, ST_CONC_PRICE_GIVEN, &r, DBI(t->opp_id), DBI(t->id));
		if (rc)
			return rc;
		given = dbres_int(r, 0, 0);
		dbres_free(&r);
		if (t->in->requested_price > *list - given) {
			t->refuse_field = "requested_value";
			t->refuse_key = "conc.err.price_up";
			return 1;
		}
		t->amount = *list - given - t->in->requested_price;
	} else if (*list > 0 && t->amount > *list) {
		t->refuse_field = "amount";
		t->refuse_key = "conc.err.amount_over_list";
		return 1;
	}
	rc = DB_EXEC(db, ST_CONC_CUMULATIVE, &r, DBI(t->opp_id), DBI(t->id));
	if (rc)
		return rc;
	*cum_amount = t->amount + dbres_int(r, 0, 0);
	dbres_free(&r);
	if (*cum_amount > MONEY_MAX)
		*cum_amount = MONEY_MAX;
	*disc = bp_capped(t->amount, *list);
	*cum_bp = bp_capped(*cum_amount, *list);
	if (policy_load(db, &pol) < 0)
		return DB_ERR;
	f = (struct concession_facts){ .cumulative_bp = *cum_bp, .cumulative_amount = *cum_amount,
	                               .payment_days = t->in->days, .plan_breach = t->breach };
	t->levels = policy_levels(&pol, &f);
	if (t->levels <= 0) {
		t->levels = 0;
		return 0;
	}
	nline = line_load(db, t->rq->user.id, line, CONC_LINE_MAX);
	if (nline < 0)
		return DB_ERR;
	if (chain_build(t->rq->user.id, line, (size_t)nline, t->levels, steps) != t->levels) {
		t->no_approver = 1;
		return 1;
	}
	return 0;
}

static struct dbp opt_int(long long v)
{
	return v >= 0 ? DBI(v) : DBNULL;
}

static int file_tx_fn(struct db *db, void *p)
{
	struct conc_tx *t = p;
	const struct conc_input *in = t->in;
	struct chain_step steps[APPROVAL_MAX_LEVELS];
	struct dbres *r = NULL;
	long long list, disc, cum_amount, cum_bp;
	int green = strcmp(in->v[CF_URGENCY].s, "green") == 0, rc;
	char now[20], detail[160];

	t->no_approver = 0;
	rc = size_chain(db, t, &list, &disc, &cum_amount, &cum_bp, steps);
	if (rc)
		return rc;
	clock_fmt_utc(t->rq->now, now);
	rc = DB_EXEC(db, ST_CONC_INSERT, &r, DBI(t->opp_id), DBI(t->customer_id), DBID(t->neg_id), DBI(t->rq->user.id),
	             DBS(in->v[CF_TERM].s), DBS(in->v[CF_CURRENT].s), DBS(in->v[CF_REQUESTED].s), DBS(t->currency),
	             opt_int(list), DBI(t->amount), DBI(disc), DBI(cum_bp), DBI(cum_amount), opt_int(in->days),
	             DBID(t->plan_id), DBI(t->breach), DBS(in->v[CF_JUSTIFICATION].s), DBS(in->v[CF_COUNTER].s),
	             DBS(in->v[CF_URGENCY].s), DBI(t->levels), DBS(t->levels ? "pending" : "not_required"),
	             DBI(green && t->levels > 0), DBS(now), DBS(now));
	if (rc)
		return rc;
	t->id = (long long)r->insert_id;
	dbres_free(&r);
	t->version = 1;
	if (t->levels > 0) {
		rc = chain_create(db, t->id, 1, t->rq->user.id, steps, t->levels, green, t->rq->now);
		if (rc)
			return rc;
	}
	snprintf(detail, sizeof detail, "term=%s levels=%d urgency=%s%s", in->v[CF_TERM].s, t->levels,
	         in->v[CF_URGENCY].s, t->neg_id ? " from_record" : "");
	return audit_req(t->rq, "concession.file", "concession", t->id, detail);
}

static int change_tx_fn(struct db *db, void *p)
{
	struct conc_tx *t = p;
	const struct conc_input *in = t->in;
	struct chain_step steps[APPROVAL_MAX_LEVELS];
	struct chain_view cv;
	struct dbres *r = NULL;
	long long list, disc, cum_amount, cum_bp;
	int green = strcmp(in->v[CF_URGENCY].s, "green") == 0, rc;
	char now[20], detail[160];

	t->no_approver = t->gone = t->voided = 0;
	t->refused = AE_OK;
	rc = chain_load(db, t->id, 1, &cv);
	if (rc < 0)
		return DB_ERR;
	if (rc) {
		t->gone = 1;
		return 1;
	}
	t->refused = approval_change(&cv, t->rq->user.id);
	if (t->refused != AE_OK)
		return 1;
	rc = size_chain(db, t, &list, &disc, &cum_amount, &cum_bp, steps);
	if (rc)
		return rc;
	t->version = cv.version + 1;
	clock_fmt_utc(t->rq->now, now);
	rc = DB_EXEC(db, ST_CONC_UPDATE, NULL, DBS(in->v[CF_TERM].s), DBS(in->v[CF_CURRENT].s),
	             DBS(in->v[CF_REQUESTED].s), opt_int(list), DBI(t->amount), DBI(disc), DBI(cum_bp), DBI(cum_amount),
	             opt_int(in->days), DBID(t->plan_id), DBI(t->breach), DBS(in->v[CF_JUSTIFICATION].s),
	             DBS(in->v[CF_COUNTER].s), DBS(in->v[CF_URGENCY].s), DBI(t->levels),
	             DBS(t->levels ? "pending" : "not_required"), DBI(t->version), DBI(green && t->levels > 0),
	             DBS(now), DBI(t->id));
	if (rc)
		return rc;
	rc = DB_EXEC(db, ST_CONC_STEPS_OPEN_OLD, &r, DBI(t->id), DBI(t->version));
	if (rc)
		return rc;
	t->voided = dbres_int(r, 0, 0) > 0;
	dbres_free(&r);
	rc = chain_void_before(db, t->id, t->version);
	if (rc)
		return rc;
	if (t->levels > 0) {
		rc = chain_create(db, t->id, t->version, t->rq->user.id, steps, t->levels, green, t->rq->now);
		if (rc)
			return rc;
	}
	if (t->voided) {
		snprintf(detail, sizeof detail, "version=%lld", cv.version);
		rc = audit_req(t->rq, "concession.void", "concession", t->id, detail);
		if (rc)
			return rc;
	}
	snprintf(detail, sizeof detail, "version=%lld term=%s levels=%d urgency=%s", t->version, in->v[CF_TERM].s,
	         t->levels, in->v[CF_URGENCY].s);
	return audit_req(t->rq, "concession.change", "concession", t->id, detail);
}

/* ------------------------------------------------------------------ new / file */

static long long query_id(struct req *rq, const char *name, int form)
{
	const char *q = form ? req_form(rq, name) : req_query(rq, name);
	long long id;

	if (!q || !*q || parse_id(q, strlen(q), &id) < 0)
		return 0;
	return id;
}

int page_concession_new(struct req *rq, struct resp *rs)
{
	long long oid = query_id(rq, "opportunity_id", 0), nid = query_id(rq, "negotiation_id", 0);
	struct dbres *o = NULL;
	struct row_ref ref;
	int rc;

	if (!req_query(rq, "opportunity_id") || !*req_query(rq, "opportunity_id"))
		return picker_render(rq, rs, PICK_OPPORTUNITY, "/concessions/new");
	if (!oid) {
		resp_error(rs, rq, 404);
		return 0;
	}
	rc = load_opp(rq, oid, &o, &ref);
	if (rc == 0)
		rc = check_neg(rq, nid, o);
	if (rc < 0) {
		dbres_free(&o);
		return -1;
	}
	if (rc) {
		dbres_free(&o);
		resp_error(rs, rq, 404);
		return 0;
	}
	view_set(rq, "Form.values.urgency", "normal");
	view_set(rq, "Form.values.term", "price");
	if (dbres_get(o, 0, OP_CURRENT)) {
		char out[40];
		money_input(dbres_int(o, 0, OP_CURRENT), out, sizeof out);
		view_set(rq, "Form.values.current_value", out);
	}
	rc = render_form(rq, rs, 0, o, nid);
	dbres_free(&o);
	return rc;
}

/* Shared by file and change: validate, check the plan, run tx; 422 with the input kept on error. */
static int save(struct req *rq, struct resp *rs, struct conc_tx *t, const struct dbres *o, const struct row_ref *ref,
                db_tx_fn fn)
{
	struct conc_input in;
	int plan_ok = 1, rc;

	if (read_input(rq, &in) == 0) {
		if (plan_breach_of(rq, &in, t->opp_id, ref, &t->breach, &plan_ok, &t->plan_id) < 0)
			return -1;
		if (!plan_ok) {
			view_form_error(rq, "plan_id", "form.invalid_choice");
		} else {
			t->in = &in;
			rc = db_tx(rq->app->db, fn, t);
			if (rc == 0)
				return 0;
			if (t->no_approver) {
				view_form_error(rq, NULL, "conc.err.no_approver");
			} else if (t->refuse_key) {
				view_form_error(rq, t->refuse_field, t->refuse_key);
			} else if (t->gone) {
				resp_error(rs, rq, 404);
				return 2;
			} else if (t->refused != AE_OK) {
				return 3;
			} else {
				return -1;
			}
		}
	}
	rs->status = 422;
	rc = render_form(rq, rs, t->id, o, t->neg_id);
	return rc < 0 ? -1 : 2;
}

int page_concession_create(struct req *rq, struct resp *rs)
{
	long long oid = query_id(rq, "opportunity_id", 1), nid = query_id(rq, "negotiation_id", 1);
	struct dbres *o = NULL;
	struct row_ref ref;
	struct conc_tx t;
	char loc[64];
	int rc;

	if (!oid) {
		resp_error(rs, rq, 404);
		return 0;
	}
	rc = load_opp(rq, oid, &o, &ref);
	if (rc == 0)
		rc = check_neg(rq, nid, o);
	if (rc) {
		dbres_free(&o);
		if (rc < 0)
			return -1;
		resp_error(rs, rq, 404);
		return 0;
	}
	t = (struct conc_tx){ .rq = rq, .opp_id = oid, .customer_id = dbres_int(o, 0, OP_CUSTOMER), .neg_id = nid,
	                      .currency = dbres_get(o, 0, OP_CURRENCY) };
	rc = save(rq, rs, &t, o, &ref, file_tx_fn);
	dbres_free(&o);
	if (rc < 0)
		return -1;
	if (rc)
		return 0;
	view_flash(rq, rs, "saved");
	snprintf(loc, sizeof loc, "/concessions/%lld", t.id);
	resp_redirect(rs, loc);
	return 0;
}

/* ------------------------------------------------------------------ the request page */

/* The request as the user may see it: 0 found, 1 not visible (404), -1 error. *delegate = 1 when seen
 * only as a delegate. */
static int load_request(struct req *rq, long long id, struct dbres **r, struct row_ref *ref, int *delegate)
{
	char today[11];
	int rc = vis_fetch_one(rq, ST_CONC_GET, id, r);

	*delegate = 0;
	if (rc == 1) {
		date_of(rq->now, rq->user.tz, 0, today);
		if (DB_EXEC(rq->app->db, ST_CONC_GET_DELEGATE, r, DBI(id), DBI(rq->user.id), DBS(today), DBS(today)) != DB_OK)
			return -1;
		if ((*r)->nrows != 1) {
			dbres_free(r);
			return 1;
		}
		*delegate = 1;
		rc = 0;
	}
	if (rc == 0)
		row_ref_at(*r, 0, RC_C_OWNER, ref);
	return rc;
}

static int show_steps(struct req *rq, long long id)
{
	struct dbres *r = NULL;
	char name[64];
	time_t since;
	size_t i;

	if (DB_EXEC(rq->app->db, ST_CONC_STEPS, &r, DBI(id)) != DB_OK)
		return -1;
	for (i = 0; i < r->nrows; i++) {
		const char *state = dbres_get(r, i, 4);
		view_setf(rq, dbres_get(r, i, 0), "Conc.steps.%zu.id", i);
		view_setf(rq, dbres_get(r, i, 1), "Conc.steps.%zu.level", i);
		snprintf(name, sizeof name, "Conc.steps.%zu.role", i);
		set_label(rq, name, "conc.role", dbres_get(r, i, 2));
		view_setf(rq, dbres_get(r, i, 3), "Conc.steps.%zu.approver", i);
		view_setf(rq, state, "Conc.steps.%zu.state", i);
		snprintf(name, sizeof name, "Conc.steps.%zu.state_label", i);
		set_label(rq, name, "conc.step_state", state);
		view_setf(rq, dbres_get(r, i, 5), "Conc.steps.%zu.decided_by", i);
		view_setf(rq, dbres_get(r, i, 6), "Conc.steps.%zu.on_behalf_of", i);
		view_setf(rq, dbres_get(r, i, 7), "Conc.steps.%zu.comment", i);
		snprintf(name, sizeof name, "Conc.steps.%zu.pending_since", i);
		set_when(rq, name, dbres_get(r, i, 8));
		snprintf(name, sizeof name, "Conc.steps.%zu.decided_at", i);
		set_when(rq, name, dbres_get(r, i, 9));
		if (state && strcmp(state, "pending") == 0 && dbres_get(r, i, 8) &&
		    clock_parse_utc(dbres_get(r, i, 8), &since) == 0) {
			long long age = (long long)(rq->now - since);
			snprintf(name, sizeof name, "Conc.steps.%zu.age_hours", i);
			view_set_int(rq, name, age < 0 ? 0 : age / 3600);
			if (approval_overdue((long long)since, (long long)rq->now))
				view_setf(rq, "1", "Conc.steps.%zu.overdue", i);
		}
		if (dbres_int(r, i, 10))
			view_setf(rq, "1", "Conc.steps.%zu.escalated", i);
	}
	dbres_free(&r);
	return 0;
}

/* The plan's bottom lines and ladder, for readers of the confidential tier (secret_read: audited). */
static int show_plan(struct req *rq, long long plan_id, const struct row_ref *ref, const char *currency)
{
	struct dbres *p = NULL;
	struct plan_limits l;
	char *plain = NULL;
	int rc;

	if (!plan_id)
		return 0;
	rc = vis_fetch_one(rq, ST_CONC_PLAN, plan_id, &p);
	if (rc)
		return rc < 0 ? -1 : 0;
	view_set(rq, "Conc.plan.id", dbres_get(p, 0, 0));
	view_set(rq, "Conc.plan.topic", dbres_get(p, 0, 2));
	if (!tier_can_read(&rq->user, ref, TIER_CONFIDENTIAL)) {
		dbres_free(&p);
		return 0;
	}
	view_set(rq, "Conc.plan.confidential", "1");
	set_bp(rq, "Conc.plan.ladder_step", dbres_int(p, 0, 4));
	view_set(rq, "Conc.plan.ladder_asks", dbres_get(p, 0, 5));
	rc = secret_read(rq, SF_PLAN_CONFIDENTIAL, plan_id, ref, dbres_get(p, 0, 3), &plain);
	dbres_free(&p);
	if (rc == SECRET_ERR)
		return -1;
	if (rc == SECRET_BROKEN)
		view_set(rq, "Conc.plan.broken", "1");
	if (rc == SECRET_OK && plan_limits_parse(plain, NULL, &l) == 0) {
		if (l.min_price >= 0)
			set_money_val(rq, "Conc.plan.min_price", l.min_price, currency);
		if (l.max_discount_bp >= 0)
			set_bp(rq, "Conc.plan.max_discount", l.max_discount_bp);
		if (l.max_payment_days >= 0)
			view_set_int(rq, "Conc.plan.max_payment_days", l.max_payment_days);
		if (l.walkaway_payment_days >= 0)
			view_set_int(rq, "Conc.plan.walkaway_payment_days", l.walkaway_payment_days);
	}
	secret_release(&plain);
	return 0;
}

/* Opportunity cost and margin and the margin left after the concessions, restricted tier only. */
static int show_margin(struct req *rq, const struct dbres *r, const struct row_ref *ref, const char *currency)
{
	char *cost = NULL, *margin = NULL;
	long long oid = dbres_int(r, 0, RC_OPP), c = -1, m = -1, price = -1;
	int rc1, rc2;

	if (!tier_can_read(&rq->user, ref, TIER_RESTRICTED))
		return 0;
	view_set(rq, "Conc.margin.shown", "1");
	rc1 = secret_read(rq, SF_OPP_COST, oid, ref, dbres_get(r, 0, RC_COST), &cost);
	rc2 = secret_read(rq, SF_OPP_MARGIN, oid, ref, dbres_get(r, 0, RC_MARGIN), &margin);
	if (rc1 == SECRET_ERR || rc2 == SECRET_ERR) {
		secret_release(&cost);
		secret_release(&margin);
		return -1;
	}
	if (rc1 == SECRET_OK && parse_int64(cost, 0, MONEY_MAX, &c) == 0)
		set_money_val(rq, "Conc.margin.cost", c, currency);
	if (rc2 == SECRET_OK && parse_int64(margin, 0, MONEY_MAX, &m) == 0)
		set_bp(rq, "Conc.margin.margin", m);
	secret_release(&cost);
	secret_release(&margin);
	if (dbres_get(r, 0, RC_LIST))
		price = dbres_int(r, 0, RC_LIST) - dbres_int(r, 0, RC_CUM_AMOUNT);
	if (c >= 0 && price > 0) {
		/* in 128 bits: (price − cost) × 10000 passes 2^63 for prices above ~¥9 × 10^12 */
		__int128 wide = ((__int128)price - c) * 10000 / price;
		long long after = wide > CONC_BP_CAP ? CONC_BP_CAP : wide < -CONC_BP_CAP ? -CONC_BP_CAP : (long long)wide;
		if (after < 0) {
			view_set(rq, "Conc.margin.negative", "1");
			after = -after;
		}
		set_bp(rq, "Conc.margin.after", after);
		set_money_val(rq, "Conc.margin.price_after", price, currency);
	}
	return 0;
}

static int show_record(struct req *rq, long long neg_id)
{
	struct dbres *r = NULL;
	char name[64];
	size_t i;

	if (!neg_id)
		return 0;
	view_set_int(rq, "Conc.record.id", neg_id);
	if (DB_EXEC(rq->app->db, ST_CONC_REC_OBJECTIONS, &r, DBI(neg_id)) != DB_OK)
		return -1;
	for (i = 0; i < r->nrows; i++) {
		view_setf(rq, dbres_get(r, i, 0), "Conc.record.objections.%zu.quote", i);
		snprintf(name, sizeof name, "Conc.record.objections.%zu.type", i);
		set_label(rq, name, "rec.otype", dbres_get(r, i, 1));
		view_setf(rq, dbres_get(r, i, 2), "Conc.record.objections.%zu.response", i);
		snprintf(name, sizeof name, "Conc.record.objections.%zu.result", i);
		set_label(rq, name, "rec.result", dbres_get(r, i, 3));
	}
	dbres_free(&r);
	if (DB_EXEC(rq->app->db, ST_CONC_REC_CONCESSIONS, &r, DBI(neg_id)) != DB_OK)
		return -1;
	for (i = 0; i < r->nrows; i++) {
		snprintf(name, sizeof name, "Conc.record.concessions.%zu.term", i);
		set_label(rq, name, "conc.term", dbres_get(r, i, 0));
		view_setf(rq, dbres_get(r, i, 1), "Conc.record.concessions.%zu.from", i);
		view_setf(rq, dbres_get(r, i, 2), "Conc.record.concessions.%zu.to", i);
		view_setf(rq, dbres_get(r, i, 3), "Conc.record.concessions.%zu.counter", i);
	}
	dbres_free(&r);
	return 0;
}

/* ------------------------------------------------------------------ the after-the-fact review */

/* A green-channel request waits for its review (unless reviewed already) once approved or rejected. */
static int review_open(int review_after, const char *state)
{
	return review_after && state &&
	       (strcmp(state, "approved") == 0 || strcmp(state, "rejected") == 0);
}

/* May the user record the review of a request filed by requester_id (seen as a customer reader, not as
 * a delegate)? A director or VP in the requester's reporting line, not the requester. 1 / 0 / -1. */
static int may_review(struct req *rq, long long requester_id, int delegate)
{
	struct line_member line[CONC_LINE_MAX];
	int i, n;

	if (delegate || requester_id == rq->user.id ||
	    (rq->user.role != ROLE_DIRECTOR && rq->user.role != ROLE_VP))
		return 0;
	n = line_load(rq->app->db, requester_id, line, CONC_LINE_MAX);
	if (n < 0)
		return -1;
	for (i = 0; i < n; i++)
		if (line[i].user_id == rq->user.id)
			return 1;
	return 0;
}

/* Fills Conc.* for the request page. */
static int fill_request(struct req *rq, long long id, const struct dbres *r, const struct row_ref *ref, int delegate)
{
	const char *cur = dbres_get(r, 0, RC_CURRENCY), *state = dbres_get(r, 0, RC_STATE);
	long long requester = dbres_int(r, 0, RC_REQUESTER);

	view_set_int(rq, "Conc.id", id);
	view_set(rq, "Conc.opportunity_id", dbres_get(r, 0, RC_OPP));
	view_set(rq, "Conc.opportunity_title", dbres_get(r, 0, RC_OTITLE));
	view_set(rq, "Conc.customer_id", dbres_get(r, 0, RC_CUSTOMER));
	view_set(rq, "Conc.customer_name", dbres_get(r, 0, RC_CNAME));
	view_set(rq, "Conc.requester", dbres_get(r, 0, RC_REQUESTER_NAME));
	view_set(rq, "Conc.term", dbres_get(r, 0, RC_TERM));
	set_label(rq, "Conc.term_label", "conc.term", dbres_get(r, 0, RC_TERM));
	view_set(rq, "Conc.current_value", dbres_get(r, 0, RC_CURRENT));
	view_set(rq, "Conc.requested_value", dbres_get(r, 0, RC_REQUESTED));
	view_set(rq, "Conc.currency", cur);
	set_money_cell(rq, "Conc.list_price", dbres_get(r, 0, RC_LIST), cur);
	set_money_cell(rq, "Conc.amount", dbres_get(r, 0, RC_AMOUNT), cur);
	set_bp(rq, "Conc.discount", dbres_int(r, 0, RC_DISCOUNT));
	set_bp(rq, "Conc.cumulative_discount", dbres_int(r, 0, RC_CUM_BP));
	set_money_cell(rq, "Conc.cumulative_amount", dbres_get(r, 0, RC_CUM_AMOUNT), cur);
	if (dbres_get(r, 0, RC_DAYS))
		view_set(rq, "Conc.payment_days", dbres_get(r, 0, RC_DAYS));
	/* judged against the plan's confidential bottom lines: only for their readers */
	if (dbres_int(r, 0, RC_BREACH) && secret_signal_visible(&rq->user, SF_PLAN_CONFIDENTIAL, ref))
		view_set(rq, "Conc.plan_breach", "1");
	view_set(rq, "Conc.justification", dbres_get(r, 0, RC_JUSTIFICATION));
	view_set(rq, "Conc.counter_concession", dbres_get(r, 0, RC_COUNTER));
	view_set(rq, "Conc.urgency", dbres_get(r, 0, RC_URGENCY));
	set_label(rq, "Conc.urgency_label", "conc.urgency", dbres_get(r, 0, RC_URGENCY));
	view_set(rq, "Conc.levels", dbres_get(r, 0, RC_LEVELS));
	view_set(rq, "Conc.state", state);
	set_label(rq, "Conc.state_label", "conc.state", state);
	view_set(rq, "Conc.version", dbres_get(r, 0, RC_VERSION));
	if (dbres_int(r, 0, RC_REVIEW))
		view_set(rq, "Conc.review_after", "1");
	if (dbres_get(r, 0, RC_REVIEWED_AT)) {
		view_set(rq, "Conc.reviewed_by", dbres_get(r, 0, RC_REVIEWER));
		set_when(rq, "Conc.reviewed_at", dbres_get(r, 0, RC_REVIEWED_AT));
	} else if (review_open((int)dbres_int(r, 0, RC_REVIEW), state)) {
		int ok = may_review(rq, requester, delegate);
		if (ok < 0)
			return -1;
		if (ok)
			view_set(rq, "Conc.can_review", "1");
	}
	set_when(rq, "Conc.created", dbres_get(r, 0, RC_CREATED));
	set_when(rq, "Conc.updated", dbres_get(r, 0, RC_UPDATED));
	if (requester == rq->user.id && !delegate && vis_can_edit(&rq->user, ref) && state &&
	    (strcmp(state, "pending") == 0 || strcmp(state, "returned") == 0))
		view_set(rq, "Conc.can_change", "1");
	if (show_steps(rq, id) < 0 || show_record(rq, dbres_int(r, 0, RC_NEG)) < 0)
		return -1;
	if (!delegate && (show_plan(rq, dbres_int(r, 0, RC_PLAN), ref, cur) < 0 || show_margin(rq, r, ref, cur) < 0))
		return -1;
	return approval_fill_decide(rq, id) < 0 ? -1 : 0;
}

int concession_page(struct req *rq, struct resp *rs, long long id)
{
	char path[40];
	struct dbres *r = NULL;
	struct row_ref ref;
	int delegate, rc = load_request(rq, id, &r, &ref, &delegate);

	if (rc < 0)
		return -1;
	if (rc) {
		resp_error(rs, rq, 404);
		return 0;
	}
	rc = fill_request(rq, id, r, &ref, delegate);
	dbres_free(&r);
	if (rc < 0)
		return -1;
	/* answering a POST (a refusal, bad input): the language switch returns to the page, not the POST */
	snprintf(path, sizeof path, "/concessions/%lld", id);
	if (view_set(rq, "Page.path", path) < 0)
		return -1;
	return view_render(rq, rs, "concessions/show.cs");
}

int page_concession_show(struct req *rq, struct resp *rs)
{
	return concession_page(rq, rs, rq->ids[0]);
}

/* A refused action: audited in its own transaction (detail: what was refused), the request page with
 * the reason. */
static int refuse(struct req *rq, struct resp *rs, long long id, int status, const char *key, const char *detail)
{
	if (audit_req_tx(rq, "approval.refused", "concession", id, detail) != DB_OK)
		return -1;
	view_set(rq, "Form.message", view_str(rq, key));
	rs->status = status;
	return concession_page(rq, rs, id);
}

static int refused(struct req *rq, struct resp *rs, long long id, enum approval_err e)
{
	return refuse(rq, rs, id, e == AE_NOT_REQUESTER || e == AE_SELF_APPROVAL || e == AE_DELEGATOR_IS_REQUESTER ||
	              e == AE_TWO_STEPS || e == AE_NOT_YOUR_STEP ? 403 : 409, approval_err_key(e), err_name(e));
}

/* ------------------------------------------------------------------ edit / change */

/* The request for a change: visible with the right to edit its customer, and its opportunity. */
static int load_for_change(struct req *rq, long long id, struct dbres **r, struct dbres **o, struct row_ref *ref)
{
	int delegate, rc = load_request(rq, id, r, ref, &delegate);

	if (rc)
		return rc;
	if (delegate || !vis_can_edit(&rq->user, ref)) {
		dbres_free(r);
		return 1;
	}
	rc = vis_fetch_one(rq, ST_CONC_OPP, dbres_int(*r, 0, RC_OPP), o);
	if (rc)
		dbres_free(r);
	return rc;
}

int page_concession_edit(struct req *rq, struct resp *rs)
{
	struct dbres *r = NULL, *o = NULL;
	struct row_ref ref;
	struct chain_view cv;
	enum approval_err e;
	long long id = rq->ids[0];
	char out[40];
	int rc = load_for_change(rq, id, &r, &o, &ref);

	if (rc < 0)
		return -1;
	if (rc) {
		resp_error(rs, rq, 404);
		return 0;
	}
	rc = chain_load(rq->app->db, id, 0, &cv);
	if (rc) {
		dbres_free(&r);
		dbres_free(&o);
		if (rc < 0)
			return -1;
		resp_error(rs, rq, 404);
		return 0;
	}
	e = approval_change(&cv, rq->user.id);
	if (e != AE_OK) {
		dbres_free(&r);
		dbres_free(&o);
		return refused(rq, rs, id, e);
	}
	view_set(rq, "Form.values.term", dbres_get(r, 0, RC_TERM));
	view_set(rq, "Form.values.current_value", dbres_get(r, 0, RC_CURRENT));
	view_set(rq, "Form.values.requested_value", dbres_get(r, 0, RC_REQUESTED));
	if (strcmp(dbres_get(r, 0, RC_TERM), "price") != 0 && dbres_int(r, 0, RC_AMOUNT) > 0) {
		money_input(dbres_int(r, 0, RC_AMOUNT), out, sizeof out);
		view_set(rq, "Form.values.amount", out);
	}
	if (dbres_get(r, 0, RC_DAYS))
		view_set(rq, "Form.values.payment_days", dbres_get(r, 0, RC_DAYS));
	view_set(rq, "Form.values.justification", dbres_get(r, 0, RC_JUSTIFICATION));
	view_set(rq, "Form.values.counter_concession", dbres_get(r, 0, RC_COUNTER));
	view_set(rq, "Form.values.urgency", dbres_get(r, 0, RC_URGENCY));
	if (dbres_int(r, 0, RC_PLAN))
		view_set(rq, "Form.values.plan_id", dbres_get(r, 0, RC_PLAN));
	rc = render_form(rq, rs, id, o, dbres_int(r, 0, RC_NEG));
	dbres_free(&r);
	dbres_free(&o);
	return rc;
}

int page_concession_update(struct req *rq, struct resp *rs)
{
	struct dbres *r = NULL, *o = NULL;
	struct row_ref ref;
	struct conc_tx t;
	long long id = rq->ids[0];
	char loc[64];
	int rc = load_for_change(rq, id, &r, &o, &ref);

	if (rc < 0)
		return -1;
	if (rc) {
		resp_error(rs, rq, 404);
		return 0;
	}
	t = (struct conc_tx){ .rq = rq, .id = id, .opp_id = dbres_int(r, 0, RC_OPP),
	                      .customer_id = dbres_int(r, 0, RC_CUSTOMER), .neg_id = dbres_int(r, 0, RC_NEG),
	                      .currency = dbres_get(r, 0, RC_CURRENCY) };
	rc = save(rq, rs, &t, o, &ref, change_tx_fn);
	dbres_free(&r);
	dbres_free(&o);
	if (rc < 0)
		return -1;
	if (rc == 3) {
		/* The page re-renders from scratch: drop what the form set. */
		view_free_hdf(rq);
		return refused(rq, rs, id, t.refused);
	}
	if (rc)
		return 0;
	view_flash(rq, rs, "saved");
	snprintf(loc, sizeof loc, "/concessions/%lld", id);
	resp_redirect(rs, loc);
	return 0;
}

/* ------------------------------------------------------------------ withdraw */

struct withdraw_tx {
	struct req *rq;
	long long id;
	int gone;
	enum approval_err refused;
};

static int withdraw_tx_fn(struct db *db, void *p)
{
	struct withdraw_tx *t = p;
	struct chain_view cv;
	char now[20], detail[64];
	int rc;

	t->gone = 0;
	t->refused = AE_OK;
	rc = chain_load(db, t->id, 1, &cv);
	if (rc < 0)
		return DB_ERR;
	if (rc) {
		t->gone = 1;
		return 1;
	}
	t->refused = approval_withdraw(&cv, t->rq->user.id);
	if (t->refused != AE_OK)
		return 1;
	clock_fmt_utc(t->rq->now, now);
	rc = DB_EXEC(db, ST_CONC_WITHDRAW, NULL, DBS(now), DBS(now), DBI(t->id));
	if (!rc)
		rc = DB_EXEC(db, ST_CONC_STEPS_WITHDRAW, NULL, DBI(t->id));
	if (rc)
		return rc;
	snprintf(detail, sizeof detail, "version=%lld", cv.version);
	return audit_req(t->rq, "concession.withdraw", "concession", t->id, detail);
}

int page_concession_withdraw(struct req *rq, struct resp *rs)
{
	struct dbres *r = NULL;
	struct row_ref ref;
	struct withdraw_tx t = { .rq = rq, .id = rq->ids[0] };
	char loc[64];
	int delegate, rc = load_request(rq, t.id, &r, &ref, &delegate);

	if (rc < 0)
		return -1;
	dbres_free(&r);
	if (rc || delegate) {
		resp_error(rs, rq, 404);
		return 0;
	}
	rc = db_tx(rq->app->db, withdraw_tx_fn, &t);
	if (rc && t.gone) {
		resp_error(rs, rq, 404);
		return 0;
	}
	if (rc && t.refused != AE_OK)
		return refused(rq, rs, t.id, t.refused);
	if (rc)
		return -1;
	view_flash(rq, rs, "saved");
	snprintf(loc, sizeof loc, "/concessions/%lld", t.id);
	resp_redirect(rs, loc);
	return 0;
}

/* ------------------------------------------------------------------ review */

/* tx outcomes */
enum { RV_DONE = 0, RV_ALREADY = 1000, RV_NOT_OPEN = 1001 };

struct review_tx {
	struct req *rq;
	long long id;
};

static int review_tx_fn(struct db *db, void *p)
{
	struct review_tx *t = p;
	struct dbres *r = NULL;
	char now[20];
	int rc, open;

	rc = DB_EXEC(db, ST_CONC_REVIEW_LOCK, &r, DBI(t->id));
	if (rc)
		return rc;
	if (r->nrows != 1) {
		dbres_free(&r);
		return RV_NOT_OPEN;
	}
	if (dbres_int(r, 0, 2)) {
		dbres_free(&r);
		return RV_ALREADY;   /* reviewed already (a repeat, or another reviewer first): nothing to do */
	}
	open = review_open((int)dbres_int(r, 0, 0), dbres_get(r, 0, 1));
	dbres_free(&r);
	if (!open)
		return RV_NOT_OPEN;
	clock_fmt_utc(t->rq->now, now);
	rc = DB_EXEC(db, ST_CONC_REVIEW, NULL, DBI(t->rq->user.id), DBS(now), DBI(t->id));
	if (rc)
		return rc;
	return audit_req(t->rq, "concession.review", "concession", t->id, "green channel reviewed");
}

int page_concession_review(struct req *rq, struct resp *rs)
{
	struct dbres *r = NULL;
	struct row_ref ref;
	struct review_tx t = { .rq = rq, .id = rq->ids[0] };
	char loc[64];
	int delegate, ok, rc = load_request(rq, t.id, &r, &ref, &delegate);

	if (rc < 0)
		return -1;
	if (rc || delegate) {
		dbres_free(&r);
		resp_error(rs, rq, 404);
		return 0;
	}
	ok = may_review(rq, dbres_int(r, 0, RC_REQUESTER), delegate);
	dbres_free(&r);
	if (ok < 0)
		return -1;
	if (!ok)
		return refuse(rq, rs, t.id, 403, "conc.err.review_not_allowed", "review_not_allowed");
	rc = db_tx(rq->app->db, review_tx_fn, &t);
	if (rc == RV_NOT_OPEN)
		return refuse(rq, rs, t.id, 409, "conc.err.review_not_open", "review_not_open");
	if (rc != RV_DONE && rc != RV_ALREADY)
		return -1;
	if (rc == RV_DONE)
		view_flash(rq, rs, "conc_reviewed");
	snprintf(loc, sizeof loc, "/concessions/%lld", t.id);
	resp_redirect(rs, loc);
	return 0;
}

/* ------------------------------------------------------------------ list */

int page_concessions(struct req *rq, struct resp *rs)
{
	const char *state = req_query(rq, "state"), *q;
	long long after = 0, opp = 0, mine;
	struct dbres *r = NULL;
	struct vis_scope s;
	char name[64];
	size_t i;
	int ok = 0;

	for (i = 0; state && req_states[i]; i++)
		ok |= strcmp(state, req_states[i]) == 0;
	if (!ok)
		state = "";
	mine = (q = req_query(rq, "mine")) && strcmp(q, "1") == 0 ? rq->user.id : 0;
	if ((q = req_query(rq, "after")) && parse_id(q, strlen(q), &after) < 0)
		after = 0;
	if ((q = req_query(rq, "opportunity")) && parse_id(q, strlen(q), &opp) < 0)
		opp = 0;
	if (*state)
		view_set(rq, "Filter.state", state);
	if (mine)
		view_set(rq, "Filter.mine", "1");
	if (opp)
		view_set_int(rq, "Filter.opportunity", opp);
	set_choice_list(rq, "Choices.state", req_states, "conc.state");

	vis_scope_for(&rq->user, &s);
	if (DB_EXEC(rq->app->db, ST_CONC_LIST, &r, VIS_PARAMS(&s), DBS(state), DBS(state), DBI(mine), DBI(mine),
	            DBI(opp), DBI(opp), DBI(after), DBI(after), DBI(CONC_PAGE + 1)) != DB_OK)
		return -1;
	for (i = 0; i < r->nrows && i < CONC_PAGE; i++) {
		const char *cur = dbres_get(r, i, 4);
		view_setf(rq, dbres_get(r, i, 0), "Concs.%zu.id", i);
		snprintf(name, sizeof name, "Concs.%zu.term", i);
		set_label(rq, name, "conc.term", dbres_get(r, i, 1));
		view_setf(rq, dbres_get(r, i, 2), "Concs.%zu.requested_value", i);
		view_setf(rq, dbres_get(r, i, 3), "Concs.%zu.state", i);
		snprintf(name, sizeof name, "Concs.%zu.state_label", i);
		set_label(rq, name, "conc.state", dbres_get(r, i, 3));
		snprintf(name, sizeof name, "Concs.%zu.amount", i);
		set_money_cell(rq, name, dbres_get(r, i, 5), cur);
		snprintf(name, sizeof name, "Concs.%zu.discount", i);
		set_bp(rq, name, dbres_int(r, i, 6));
		snprintf(name, sizeof name, "Concs.%zu.cumulative", i);
		set_bp(rq, name, dbres_int(r, i, 7));
		view_setf(rq, dbres_get(r, i, 8), "Concs.%zu.urgency", i);
		snprintf(name, sizeof name, "Concs.%zu.created", i);
		set_when(rq, name, dbres_get(r, i, 9));
		view_setf(rq, dbres_get(r, i, 10), "Concs.%zu.customer_id", i);
		view_setf(rq, dbres_get(r, i, 11), "Concs.%zu.customer_name", i);
		view_setf(rq, dbres_get(r, i, 12), "Concs.%zu.opportunity_id", i);
		view_setf(rq, dbres_get(r, i, 13), "Concs.%zu.opportunity_title", i);
		view_setf(rq, dbres_get(r, i, 14), "Concs.%zu.requester", i);
		if (dbres_int(r, i, 15))
			view_setf(rq, "1", "Concs.%zu.review_after", i);
	}
	if (r->nrows > CONC_PAGE)
		view_set(rq, "Page.next_after", dbres_get(r, CONC_PAGE - 1, 0));
	dbres_free(&r);
	return view_render(rq, rs, "concessions/list.cs");
}

/* ------------------------------------------------------------------ the customer history */

#define HISTORY_MAX 50

int concessions_for_history(struct req *rq, long long customer_id)
{
	struct dbres *r = NULL;
	struct vis_scope s;
	char name[64];
	size_t i;

	vis_scope_for(&rq->user, &s);
	if (DB_EXEC(rq->app->db, ST_CONC_HISTORY, &r, VIS_PARAMS(&s), DBI(customer_id), DBI(HISTORY_MAX + 1)) != DB_OK)
		return -1;
	for (i = 0; i < r->nrows && i < HISTORY_MAX; i++) {
		view_setf(rq, dbres_get(r, i, 0), "History.approved.%zu.id", i);
		view_setf(rq, dbres_get(r, i, 1), "History.approved.%zu.opp_id", i);
		view_setf(rq, dbres_get(r, i, 2), "History.approved.%zu.title", i);
		snprintf(name, sizeof name, "History.approved.%zu.term", i);
		set_label(rq, name, "conc.term", dbres_get(r, i, 3));
		view_setf(rq, dbres_get(r, i, 4), "History.approved.%zu.requested", i);
		snprintf(name, sizeof name, "History.approved.%zu.amount", i);
		set_money_cell(rq, name, dbres_get(r, i, 5), dbres_get(r, i, 6));
		snprintf(name, sizeof name, "History.approved.%zu.discount", i);
		set_bp(rq, name, dbres_int(r, i, 7));
		view_setf(rq, dbres_get(r, i, 8), "History.approved.%zu.state", i);
		snprintf(name, sizeof name, "History.approved.%zu.state_label", i);
		set_label(rq, name, "conc.state", dbres_get(r, i, 8));
		snprintf(name, sizeof name, "History.approved.%zu.when", i);
		set_when(rq, name, dbres_get(r, i, 9));
		view_setf(rq, dbres_get(r, i, 10), "History.approved.%zu.requester", i);
	}
	if (r->nrows > HISTORY_MAX)
		view_set(rq, "History.approved_more", "1");
	dbres_free(&r);
	return 0;
}

/* The routes of this file; the dispatcher checks sign-in, CSRF and capability before a handler runs. */
static const struct route routes[] = {
	{ "GET", "/concessions",              page_concessions,         CAP_SALES, CSRF_NONE },
	{ "GET", "/concessions/new",          page_concession_new,      CAP_SALES, CSRF_NONE },
	{ "POST", "/concessions",              page_concession_create,   CAP_SALES, CSRF_CHECK },
	{ "GET", "/concessions/:id",          page_concession_show,     CAP_SALES, CSRF_NONE },
	{ "GET", "/concessions/:id/edit",     page_concession_edit,     CAP_SALES, CSRF_NONE },
	{ "POST", "/concessions/:id",          page_concession_update,   CAP_SALES, CSRF_CHECK },
	{ "POST", "/concessions/:id/withdraw", page_concession_withdraw, CAP_SALES, CSRF_CHECK },
	{ "POST", "/concessions/:id/review",   page_concession_review,   CAP_SALES, CSRF_CHECK },
};
PAGE_ROUTES(routes);
