/* /concessions… — concession requests (docs/approvals.md), sales roles (CAP_SALES). A request is visible exactly
 * when its customer is (VIS_SQL on the joined customer), and to a delegate standing in today for the
 * approver of one of its pending steps; anything else is a 404.
 *   GET  /concessions                     list: ?state= &mine=1 &opportunity= &after=<last id>
 *   GET  /concessions/{id}                the request page (with the decision form of approvals.c)
 *   POST /concessions/{id}/withdraw       the requester withdraws
 *   POST /concessions/{id}/review         the after-the-fact review of a decided green-channel request:
 *                                         a director or VP above the requester who sees the customer
 *                                         and did not file it; once (a repeat changes nothing)
 * Filing and changing a request: concession_form.c. Every change is written in one transaction with
 * its audit entry. */
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
#include "http/router.h"
#include "pages/approval_common.h"
#include "pages/concession_common.h"
#include "pages/pages.h"
#include "pages/pickers.h"
#include "util/clock.h"
#include "view/view.h"

#define CONC_PAGE 50
#define CONC_LINE_MAX 8

static const char *const req_states[] = { "pending", "approved", "rejected", "returned", "withdrawn",
	"not_required", NULL };

/* ------------------------------------------------------------------ helpers */

int conc_set_label(struct req *rq, const char *name, const char *prefix, const char *v)
{
	char key[96];

	snprintf(key, sizeof key, "%s.%s", prefix, v ? v : "");
	return view_set(rq, name, view_str(rq, key));
}

void conc_set_choice_list(struct req *rq, const char *base, const char *const *choices, const char *prefix)
{
	char name[96];
	size_t i;

	for (i = 0; choices[i]; i++) {
		view_setf(rq, choices[i], "%s.%zu.value", base, i);
		snprintf(name, sizeof name, "%s.%zu.label", base, i);
		conc_set_label(rq, name, prefix, choices[i]);
	}
}

void conc_set_money_cell(struct req *rq, const char *name, const char *minor, const char *currency)
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

/* ------------------------------------------------------------------ the request page */

/* The request as the user may see it: 0 found, 1 not visible (404), -1 error. *delegate = 1 when seen
 * only as a delegate. */
int conc_load_request(struct req *rq, long long id, struct dbres **r, struct row_ref *ref, int *delegate)
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
		conc_set_label(rq, name, "conc.role", dbres_get(r, i, 2));
		view_setf(rq, dbres_get(r, i, 3), "Conc.steps.%zu.approver", i);
		view_setf(rq, state, "Conc.steps.%zu.state", i);
		snprintf(name, sizeof name, "Conc.steps.%zu.state_label", i);
		conc_set_label(rq, name, "conc.step_state", state);
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
		conc_set_label(rq, name, "rec.otype", dbres_get(r, i, 1));
		view_setf(rq, dbres_get(r, i, 2), "Conc.record.objections.%zu.response", i);
		snprintf(name, sizeof name, "Conc.record.objections.%zu.result", i);
		conc_set_label(rq, name, "rec.result", dbres_get(r, i, 3));
	}
	dbres_free(&r);
	if (DB_EXEC(rq->app->db, ST_CONC_REC_CONCESSIONS, &r, DBI(neg_id)) != DB_OK)
		return -1;
	for (i = 0; i < r->nrows; i++) {
		snprintf(name, sizeof name, "Conc.record.concessions.%zu.term", i);
		conc_set_label(rq, name, "conc.term", dbres_get(r, i, 0));
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

/* Whether the viewer may see the chain's length and its steps. The policy sizes a request that breaches
 * the plan's confidential bottom lines with more levels, so whenever a plan was checked the number of
 * levels is a signal of those bottom lines (docs/approvals.md); without a plan it follows from the values
 * shown on the page alone. */
static int chain_visible(const struct req *rq, const struct dbres *r, const struct row_ref *ref)
{
	return !dbres_int(r, 0, RC_PLAN) || secret_signal_visible(&rq->user, SF_PLAN_CONFIDENTIAL, ref);
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
	conc_set_label(rq, "Conc.term_label", "conc.term", dbres_get(r, 0, RC_TERM));
	view_set(rq, "Conc.current_value", dbres_get(r, 0, RC_CURRENT));
	view_set(rq, "Conc.requested_value", dbres_get(r, 0, RC_REQUESTED));
	view_set(rq, "Conc.currency", cur);
	conc_set_money_cell(rq, "Conc.list_price", dbres_get(r, 0, RC_LIST), cur);
	conc_set_money_cell(rq, "Conc.amount", dbres_get(r, 0, RC_AMOUNT), cur);
	set_bp(rq, "Conc.discount", dbres_int(r, 0, RC_DISCOUNT));
	set_bp(rq, "Conc.cumulative_discount", dbres_int(r, 0, RC_CUM_BP));
	conc_set_money_cell(rq, "Conc.cumulative_amount", dbres_get(r, 0, RC_CUM_AMOUNT), cur);
	if (dbres_get(r, 0, RC_DAYS))
		view_set(rq, "Conc.payment_days", dbres_get(r, 0, RC_DAYS));
	/* judged against the plan's confidential bottom lines: only for their readers */
	if (dbres_int(r, 0, RC_BREACH) && secret_signal_visible(&rq->user, SF_PLAN_CONFIDENTIAL, ref))
		view_set(rq, "Conc.plan_breach", "1");
	view_set(rq, "Conc.justification", dbres_get(r, 0, RC_JUSTIFICATION));
	view_set(rq, "Conc.counter_concession", dbres_get(r, 0, RC_COUNTER));
	view_set(rq, "Conc.urgency", dbres_get(r, 0, RC_URGENCY));
	conc_set_label(rq, "Conc.urgency_label", "conc.urgency", dbres_get(r, 0, RC_URGENCY));
	if (chain_visible(rq, r, ref))
		view_set(rq, "Conc.levels", dbres_get(r, 0, RC_LEVELS));
	else
		view_set(rq, "Conc.chain_hidden", "1");
	view_set(rq, "Conc.state", state);
	conc_set_label(rq, "Conc.state_label", "conc.state", state);
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
	if ((chain_visible(rq, r, ref) && show_steps(rq, id) < 0) || show_record(rq, dbres_int(r, 0, RC_NEG)) < 0)
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
	int delegate, rc = conc_load_request(rq, id, &r, &ref, &delegate);

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

int conc_refused(struct req *rq, struct resp *rs, long long id, enum approval_err e)
{
	return refuse(rq, rs, id, e == AE_NOT_REQUESTER || e == AE_SELF_APPROVAL || e == AE_DELEGATOR_IS_REQUESTER ||
	              e == AE_TWO_STEPS || e == AE_NOT_YOUR_STEP ? 403 : 409, approval_err_key(e), err_name(e));
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
	int delegate, rc = conc_load_request(rq, t.id, &r, &ref, &delegate);

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
		return conc_refused(rq, rs, t.id, t.refused);
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
	int delegate, ok, rc = conc_load_request(rq, t.id, &r, &ref, &delegate);

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
	conc_set_choice_list(rq, "Choices.state", req_states, "conc.state");

	vis_scope_for(&rq->user, &s);
	if (DB_EXEC(rq->app->db, ST_CONC_LIST, &r, VIS_PARAMS(&s), DBS(state), DBS(state), DBI(mine), DBI(mine),
	            DBI(opp), DBI(opp), DBI(after), DBI(after), DBI(CONC_PAGE + 1)) != DB_OK)
		return -1;
	for (i = 0; i < r->nrows && i < CONC_PAGE; i++) {
		const char *cur = dbres_get(r, i, 4);
		view_setf(rq, dbres_get(r, i, 0), "Concs.%zu.id", i);
		snprintf(name, sizeof name, "Concs.%zu.term", i);
		conc_set_label(rq, name, "conc.term", dbres_get(r, i, 1));
		view_setf(rq, dbres_get(r, i, 2), "Concs.%zu.requested_value", i);
		view_setf(rq, dbres_get(r, i, 3), "Concs.%zu.state", i);
		snprintf(name, sizeof name, "Concs.%zu.state_label", i);
		conc_set_label(rq, name, "conc.state", dbres_get(r, i, 3));
		snprintf(name, sizeof name, "Concs.%zu.amount", i);
		conc_set_money_cell(rq, name, dbres_get(r, i, 5), cur);
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
		conc_set_label(rq, name, "conc.term", dbres_get(r, i, 3));
		view_setf(rq, dbres_get(r, i, 4), "History.approved.%zu.requested", i);
		snprintf(name, sizeof name, "History.approved.%zu.amount", i);
		conc_set_money_cell(rq, name, dbres_get(r, i, 5), dbres_get(r, i, 6));
		snprintf(name, sizeof name, "History.approved.%zu.discount", i);
		set_bp(rq, name, dbres_int(r, i, 7));
		view_setf(rq, dbres_get(r, i, 8), "History.approved.%zu.state", i);
		snprintf(name, sizeof name, "History.approved.%zu.state_label", i);
		conc_set_label(rq, name, "conc.state", dbres_get(r, i, 8));
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
	{ "GET", "/concessions/:id",          page_concession_show,     CAP_SALES, CSRF_NONE },
	{ "POST", "/concessions/:id/withdraw", page_concession_withdraw, CAP_SALES, CSRF_CHECK },
	{ "POST", "/concessions/:id/review",   page_concession_review,   CAP_SALES, CSRF_CHECK },
};
PAGE_ROUTES(routes);
