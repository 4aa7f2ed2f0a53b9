/* /concessions/new, /concessions/{id}/edit — filing and changing a concession request (docs/approvals.md),
 * sales roles (CAP_SALES), on the form kit.
 *   GET  /concessions/new?opportunity_id=&negotiation_id=   form  } need the right to edit the customer;
 *   POST /concessions                     file                   } without an opportunity: a picker
 *   GET  /concessions/{id}/edit, POST /concessions/{id}   the requester changes the values while pending
 *                                         or returned: version + 1, the old chain void, a fresh chain
 * The policy (domain/approval_store.c, domain/approval.c) sizes the chain from the cumulative discount
 * and amount on the opportunity, the payment term and a breach of the plan's bottom lines; the request,
 * its chain and the audit entry are written in one transaction with the opportunity row locked. */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "audit/audit.h"
#include "auth/secrets.h"
#include "auth/visibility.h"
#include "domain/approval.h"
#include "domain/guard.h"
#include "domain/plan.h"
#include "domain/records.h"
#include "domain/units.h"
#include "form/page.h"
#include "http/router.h"
#include "pages/approval_common.h"
#include "pages/concession_common.h"
#include "pages/pages.h"
#include "pages/pickers.h"
#include "util/clock.h"
#include "view/view.h"

#define CONC_LINE_MAX 8

static const char *const urgencies[] = { "normal", "green", NULL };

enum {
	CF_TERM, CF_CURRENT, CF_REQUESTED, CF_AMOUNT, CF_DAYS, CF_JUSTIFICATION, CF_COUNTER, CF_URGENCY, CF_PLAN,
	CF__N
};
static int plan_of_opportunity(void *ctx, long long id);
static const struct fk_field conc_fields[CF__N] = {
	[CF_TERM] = { "term", FK_CHOICE, FK_REQUIRED, .choices = rec_concession_terms },
	[CF_CURRENT] = { "current_value", FK_TEXT, FK_REQUIRED, .min = 1, .max = 200 },
	[CF_REQUESTED] = { "requested_value", FK_TEXT, FK_REQUIRED, .min = 1, .max = 200 },
	[CF_AMOUNT] = { "amount", FK_MONEY },
	[CF_DAYS] = { "payment_days", FK_INT, .min = 0, .max = 3650 },
	[CF_JUSTIFICATION] = { "justification", FK_LONGTEXT, FK_REQUIRED, .min = 1, .max = 5000 },
	[CF_COUNTER] = { "counter_concession", FK_LONGTEXT, .max = 5000 },
	[CF_URGENCY] = { "urgency", FK_CHOICE, FK_REQUIRED, .choices = urgencies },
	[CF_PLAN] = { "plan_id", FK_ID, .lookup = plan_of_opportunity },
};
static const struct fk_form conc_form = { conc_fields, CF__N };

/* ------------------------------------------------------------------ the form */

struct conc_input {
	const struct fk_val *v;    /* the typed fields, CF__N */
	long long amount;          /* minor units */
	long long days;            /* -1: none */
	long long requested_price; /* term price: the requested value as money (required); -1 otherwise */
	long long plan_id;         /* 0: none */
};

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
	conc_set_choice_list(rq, "Choices.term", rec_concession_terms, "conc.term");
	conc_set_choice_list(rq, "Choices.urgency", urgencies, "conc.urgency");
	if (id)
		view_set_int(rq, "Form.id", id);
	view_set(rq, "Form.opportunity_id", dbres_get(opp, 0, OP_ID));
	view_set(rq, "Form.opportunity_title", dbres_get(opp, 0, OP_TITLE));
	view_set(rq, "Form.customer_id", dbres_get(opp, 0, OP_CUSTOMER));
	view_set(rq, "Form.customer_name", dbres_get(opp, 0, OP_CNAME));
	view_set(rq, "Form.currency", dbres_get(opp, 0, OP_CURRENCY));
	conc_set_money_cell(rq, "Form.list_price", dbres_get(opp, 0, OP_LIST), dbres_get(opp, 0, OP_CURRENCY));
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

/* ------------------------------------------------------------------ edit / change */

/* The request for a change: visible with the right to edit its customer, and its opportunity. */
static int load_for_change(struct req *rq, long long id, struct dbres **r, struct dbres **o, struct row_ref *ref)
{
	int delegate, rc = conc_load_request(rq, id, r, ref, &delegate);

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
		return conc_refused(rq, rs, id, e);
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

/* ------------------------------------------------------------------ the skeleton's callbacks */

/* What filing or changing keeps between the kit's callbacks; the handler frees it. */
struct conc_state {
	struct dbres *req;      /* change: the request (CONC_COLS) */
	struct dbres *opp;      /* the opportunity (ST_CONC_OPP) */
	struct row_ref ref;     /* its customer */
	struct conc_input in;
	struct conc_tx t;
};

/* A plan of the request's opportunity that the user may see. */
static int plan_of_opportunity(void *ctx, long long id)
{
	struct fk_run *run = ctx;
	struct conc_state *st = run->data;
	struct dbres *p = NULL;
	int rc = vis_fetch_one(run->rq, ST_CONC_PLAN, id, &p), ok;

	if (rc)
		return rc < 0 ? -1 : 0;
	ok = dbres_int(p, 0, 1) == st->t.opp_id;
	dbres_free(&p);
	return ok;
}

/* File: the opportunity named by the form (and the record it comes from), editable by this user. */
static int file_load(struct fk_run *run)
{
	struct conc_state *st = run->data;
	struct req *rq = run->rq;
	long long oid = query_id(rq, "opportunity_id", 1), nid = query_id(rq, "negotiation_id", 1);
	int rc;

	if (!oid)
		return 1;
	rc = load_opp(rq, oid, &st->opp, &st->ref);
	if (rc == 0)
		rc = check_neg(rq, nid, st->opp);
	if (rc)
		return rc;
	st->t = (struct conc_tx){ .rq = rq, .opp_id = oid, .customer_id = dbres_int(st->opp, 0, OP_CUSTOMER),
	                          .neg_id = nid, .currency = dbres_get(st->opp, 0, OP_CURRENCY) };
	run->id = 0;
	return 0;
}

/* Change: the request, visible with the right to edit its customer (not as a delegate). */
static int change_load(struct fk_run *run)
{
	struct conc_state *st = run->data;
	struct dbres *r;
	int rc = load_for_change(run->rq, run->id, &st->req, &st->opp, &st->ref);

	if (rc)
		return rc;
	r = st->req;
	st->t = (struct conc_tx){ .rq = run->rq, .id = run->id, .opp_id = dbres_int(r, 0, RC_OPP),
	                          .customer_id = dbres_int(r, 0, RC_CUSTOMER), .neg_id = dbres_int(r, 0, RC_NEG),
	                          .currency = dbres_get(r, 0, RC_CURRENCY) };
	return 0;
}

/* The rules between the fields, then the plan's bottom lines (read outside the transaction: the
 * confidential bundle is audited as read). */
static int conc_check(struct fk_run *run)
{
	struct conc_state *st = run->data;
	struct conc_input *in = &st->in;
	const struct fk_val *v = run->v;
	long long cur = -1, want = -1;
	int price = !v[CF_TERM].err && !strcmp(v[CF_TERM].s, "price"), plan_ok = 1;

	*in = (struct conc_input){ .v = v, .days = -1, .requested_price = -1, .plan_id = v[CF_PLAN].i };
	if (price && !v[CF_REQUESTED].err) {
		/* A price concession is sized on the server from the list price and the requested price
		 * (size_chain): the requested price must be money; the current value is display text. */
		if (money_parse(v[CF_REQUESTED].s, &want) < 0)
			fk_fail(run, "requested_value", "conc.err.price_not_money");
		else if (!v[CF_CURRENT].err && money_parse(v[CF_CURRENT].s, &cur) == 0 && want > cur)
			fk_fail(run, "requested_value", "conc.err.price_up");
		else
			in->requested_price = want;
	} else if (!price && v[CF_AMOUNT].present && !v[CF_AMOUNT].err) {
		in->amount = v[CF_AMOUNT].i;
	}
	if (!v[CF_TERM].err && !strcmp(v[CF_TERM].s, "payment") && !v[CF_DAYS].err && !v[CF_DAYS].present)
		fk_fail(run, "payment_days", "form.required");
	else if (v[CF_DAYS].present && !v[CF_DAYS].err)
		in->days = v[CF_DAYS].i;
	if (run->bad)
		return 0;
	if (plan_breach_of(run->rq, in, st->t.opp_id, &st->ref, &st->t.breach, &plan_ok, &st->t.plan_id) < 0)
		return -1;
	if (!plan_ok)
		fk_fail(run, "plan_id", "form.not_found");
	return 0;
}

/* Outcomes of a change decided under the lock. */
enum { CONC_GONE = FK_OUTCOME, CONC_REFUSED };

/* The sizing refused the values: the form again with the reason (the transaction is rolled back). */
static int conc_invalid(struct fk_run *run, const struct conc_tx *t)
{
	if (t->no_approver)
		fk_fail(run, NULL, "conc.err.no_approver");
	else if (t->refuse_key)
		fk_fail(run, t->refuse_field, t->refuse_key);
	return FK_INVALID;
}

static int conc_file_write(struct db *db, struct fk_run *run)
{
	struct conc_state *st = run->data;
	int rc;

	st->t.in = &st->in;
	st->t.id = 0;
	rc = file_tx_fn(db, &st->t);
	run->id = st->t.id;
	if (rc == 1)
		return conc_invalid(run, &st->t);
	return rc;
}

static int conc_change_write(struct db *db, struct fk_run *run)
{
	struct conc_state *st = run->data;
	int rc;

	st->t.in = &st->in;
	rc = change_tx_fn(db, &st->t);
	if (rc != 1)
		return rc;
	if (st->t.gone)
		return CONC_GONE;
	if (st->t.refused != AE_OK)
		return CONC_REFUSED;
	return conc_invalid(run, &st->t);
}

/* The request vanished (404), or approval_change refused the change under the lock. */
static int conc_change_outcome(struct fk_run *run, int rc)
{
	struct conc_state *st = run->data;

	if (rc == CONC_GONE) {
		resp_error(run->rs, run->rq, 404);
		return 0;
	}
	view_free_hdf(run->rq);   /* the request page renders from scratch */
	return conc_refused(run->rq, run->rs, run->id, st->t.refused);
}

static int conc_render(struct fk_run *run)
{
	struct conc_state *st = run->data;

	return render_form(run->rq, run->rs, st->req ? run->id : 0, st->opp, st->t.neg_id);
}

static const struct fk_page file_page = {
	.form = &conc_form, .load = file_load, .check = conc_check, .write = conc_file_write,
	.render = conc_render, .flash = "saved", .location = "/concessions/%lld",
};
static const struct fk_page change_page = {
	.form = &conc_form, .load = change_load, .check = conc_check, .write = conc_change_write,
	.render = conc_render, .flash = "saved", .location = "/concessions/%lld", .outcome = conc_change_outcome,
};

static int conc_post(struct req *rq, struct resp *rs, const struct fk_page *page)
{
	struct conc_state st = { 0 };
	int rc = fk_post(rq, rs, page, &st);

	dbres_free(&st.req);
	dbres_free(&st.opp);
	return rc;
}

int page_concession_create(struct req *rq, struct resp *rs)
{
	return conc_post(rq, rs, &file_page);
}

int page_concession_update(struct req *rq, struct resp *rs)
{
	return conc_post(rq, rs, &change_page);
}

/* The routes of this file; the dispatcher checks sign-in, CSRF and capability before a handler runs. */
static const struct route routes[] = {
	{ "GET", "/concessions/new",      page_concession_new,    CAP_SALES, CSRF_NONE },
	{ "POST", "/concessions",          page_concession_create, CAP_SALES, CSRF_CHECK },
	{ "GET", "/concessions/:id/edit", page_concession_edit,   CAP_SALES, CSRF_NONE },
	{ "POST", "/concessions/:id",      page_concession_update, CAP_SALES, CSRF_CHECK },
};
PAGE_ROUTES(routes);
