/* /approvals — the approval chain in action (docs/approvals.md), sales roles (CAP_SALES).
 *   GET  /approvals                        the inbox: waiting for me (mine and my delegators' pending
 *                                          steps), overdue below me (stamps escalated_at the first
 *                                          time, audit "approval.escalate"), decided by me, my requests
 *   POST /approvals/{step_id}              decide: decision=approve|reject|return, comment, version,
 *                                          on_behalf_of; one transaction with the chain locked
 *                                          (audit "approval.decide"; refusals "approval.refused");
 *                                          bad input (no comment for reject/return, an unknown
 *                                          decision) answers 422 with the request page, the error at
 *                                          the field and the comment kept; 403/409 a refusal page
 *   GET  /approvals/delegations            delegations given and received, the form to give one
 *   POST /approvals/delegations            delegate = a peer (same role, same manager) or my manager
 *   POST /approvals/delegations/{id}/revoke  the delegator ends a delegation
 * approval_fill_decide() gives the request page (concessions.c) its decision form. */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "audit/audit.h"
#include "auth/visibility.h"
#include "domain/approval.h"
#include "domain/units.h"
#include "http/fields.h"
#include "http/router.h"
#include "pages/approval_common.h"
#include "pages/customer_common.h"
#include "pages/pages.h"
#include "util/clock.h"
#include "view/view.h"

#define DELEG_MAX_DAYS 366

static const char *user_tz(struct req *rq)
{
	return rq->user.tz[0] ? rq->user.tz : "Asia/Shanghai";
}

static int is_approver_role(enum role r)
{
	return r == ROLE_MANAGER || r == ROLE_DIRECTOR || r == ROLE_VP;
}

/* The error's name without the "approval.err." prefix, for the audit detail. */
static const char *err_name(enum approval_err e)
{
	const char *k = approval_err_key(e);
	const char *p = "approval.err.";

	if (!k)
		return "unknown";
	return strncmp(k, p, strlen(p)) == 0 ? k + strlen(p) : k;
}

/* ------------------------------------------------------------------ the decision form */

/* The index of the step in c that the actor may decide now (as holder or stand-in), or -1. */
static long decidable_step(struct req *rq, const struct chain_view *c, long long *on_behalf)
{
	char today[11];
	size_t i;

	*on_behalf = 0;
	if (c->state != RS_PENDING || c->requester_id == rq->user.id)
		return -1;
	user_today(rq, today);
	for (i = 0; i < c->nsteps; i++) {
		struct decide_input in;
		struct decide_result out;
		long long behalf = 0;

		if (c->steps[i].state != SS_PENDING)
			continue;
		if (c->steps[i].approver_id != rq->user.id) {
			int d = delegation_active(rq->app->db, c->steps[i].approver_id, rq->user.id, today);
			if (d < 0)
				return -2;
			if (!d)
				continue;
			behalf = c->steps[i].approver_id;
		}
		in = (struct decide_input){ .actor_id = rq->user.id, .step_id = c->steps[i].id,
		                            .step_version = c->version, .on_behalf_of = behalf,
		                            .decision = DEC_APPROVE, .has_comment = 1 };
		if (approval_decide(c, &in, &out) == AE_OK) {
			*on_behalf = behalf;
			return (long)i;
		}
	}
	return -1;
}

static int set_user_name(struct req *rq, const char *name, long long user_id)
{
	struct dbres *r = NULL;
	int rc;

	if (DB_EXEC(rq->app->db, ST_APPR_USER_NAME, &r, DBI(user_id)) != DB_OK)
		return -1;
	rc = view_set(rq, name, r->nrows == 1 ? dbres_get(r, 0, 0) : "");
	dbres_free(&r);
	return rc;
}

int approval_fill_decide(struct req *rq, long long request_id)
{
	struct chain_view c;
	struct dbres *r = NULL;
	long long behalf;
	long i;
	int rc;

	rc = chain_load(rq->app->db, request_id, 0, &c);
	if (rc)
		return rc > 0 ? 0 : -1;
	i = decidable_step(rq, &c, &behalf);
	if (i == -2)
		return -1;
	if (i < 0)
		return 0;
	if (DB_EXEC(rq->app->db, ST_APPR_STEP_LEVEL, &r, DBI(c.steps[i].id)) != DB_OK)
		return -1;
	view_set_int(rq, "Decide.level", r->nrows == 1 ? dbres_int(r, 0, 0) : (long long)i + 1);
	dbres_free(&r);
	view_set_int(rq, "Decide.step_id", c.steps[i].id);
	view_set_int(rq, "Decide.request_id", request_id);
	view_set_int(rq, "Decide.version", c.version);
	view_set_int(rq, "Decide.on_behalf_of", behalf);
	if (behalf && set_user_name(rq, "Decide.on_behalf_name", behalf) < 0)
		return -1;
	if (c.green)
		view_set(rq, "Decide.green", "1");
	return 0;
}

/* ------------------------------------------------------------------ deciding */

/* tx outcomes above the db_err range */
enum { DT_DONE = 0, DT_SAME = 1000, DT_REFUSED = 2000 };

struct decide_tx {
	struct req *rq;
	long long step_id, request_id, version;
	enum decision decision;
	const char *comment;
	char today[11];
	enum approval_err err;
	int level;
};

static int decide_tx_fn(struct db *db, void *p)
{
	struct decide_tx *t = p;
	struct chain_view c;
	struct decide_input in;
	struct decide_result out;
	struct dbres *r = NULL;
	long long behalf = 0, actor = t->rq->user.id;
	char now[20], detail[96];
	size_t i;
	int rc;

	rc = chain_load(db, t->request_id, 1, &c);
	if (rc)
		return rc > 0 ? DB_ERR : rc;
	for (i = 0; i < c.nsteps && c.steps[i].id != t->step_id; i++)
		;
	if (i == c.nsteps) {
		/* a step of an earlier version: the values changed since */
		t->err = AE_STALE_VERSION;
		return DT_REFUSED;
	}
	/* the same decision again (a double click): nothing to do */
	if (c.steps[i].decided_by == actor &&
	    ((t->decision == DEC_APPROVE && c.steps[i].state == SS_APPROVED) ||
	     (t->decision == DEC_REJECT && c.steps[i].state == SS_REJECTED) ||
	     (t->decision == DEC_RETURN && c.steps[i].state == SS_RETURNED)))
		return DT_SAME;
	if (c.steps[i].approver_id != actor) {
		rc = delegation_active(db, c.steps[i].approver_id, actor, t->today);
		if (rc < 0)
			return DB_ERR;
		if (rc)
			behalf = c.steps[i].approver_id;
	}
	in = (struct decide_input){ .actor_id = actor, .step_id = t->step_id, .step_version = t->version,
	                            .on_behalf_of = behalf, .decision = t->decision,
	                            .has_comment = t->comment[strspn(t->comment, " \t\r\n")] != '\0' };
	t->err = approval_decide(&c, &in, &out);
	if (t->err != AE_OK)
		return DT_REFUSED;
	clock_fmt_utc(t->rq->now, now);
	rc = DB_EXEC(db, ST_APPR_STEP_DECIDE, &r, DBS(step_state_name(out.step_state)), DBI(actor), DBID(behalf),
	             DBS(t->comment), DBS(now), DBI(t->step_id));
	if (rc)
		return rc;
	if (r->affected != 1) {
		dbres_free(&r);
		t->err = AE_STEP_NOT_OPEN;
		return DT_REFUSED;
	}
	dbres_free(&r);
	if (out.ns_next >= 0 && (size_t)out.ns_next < c.nsteps) {
		rc = DB_EXEC(db, ST_APPR_STEP_OPEN, NULL, DBS(now), DBI(c.steps[out.ns_next].id));
		if (rc)
			return rc;
	}
	if (out.req_state != RS_PENDING) {
		if (out.req_state != RS_APPROVED) {
			/* a rejection or a return ends this version's chain */
			rc = DB_EXEC(db, ST_APPR_STEPS_VOID_OPEN, NULL, DBI(t->request_id), DBI(c.version));
			if (rc)
				return rc;
		}
		rc = DB_EXEC(db, ST_APPR_REQUEST_FINISH, NULL, DBS(req_state_name(out.req_state)), DBS(now), DBS(now),
		             DBI(t->request_id));
		if (rc)
			return rc;
	}
	if (DB_EXEC(db, ST_APPR_STEP_LEVEL, &r, DBI(t->step_id)) != DB_OK)
		return DB_ERR;
	t->level = r->nrows == 1 ? (int)dbres_int(r, 0, 0) : (int)i + 1;
	dbres_free(&r);
	snprintf(detail, sizeof detail, "step %lld level %d %s%s -> %s", t->step_id, t->level,
	         decision_name(t->decision), behalf ? " on behalf" : "", req_state_name(out.req_state));
	return audit_req(t->rq, "approval.decide", "concession", t->request_id, detail);
}

static int sod_error(enum approval_err e)
{
	return e == AE_SELF_APPROVAL || e == AE_DELEGATOR_IS_REQUESTER || e == AE_TWO_STEPS || e == AE_NOT_YOUR_STEP;
}

/* A refused action (separation of duties, a state conflict): the status, the message from the language
 * files, a link back to the request. */
static int render_refused(struct req *rq, struct resp *rs, int status, const char *key, long long request_id)
{
	rs->status = status;
	view_set(rq, "Refused.message", view_str(rq, key));
	view_set_int(rq, "Refused.status", status);
	view_set_int(rq, "Refused.request_id", request_id);
	return view_render(rq, rs, "approvals/refused.cs");
}

static const char *const decisions[] = { "approve", "reject", "return", NULL };

enum { DF_DECISION, DF_COMMENT, DF_VERSION, DF_BEHALF, DF__N };
static const struct field_spec decide_fields[DF__N] = {
	[DF_DECISION] = { "decision", F_CHOICE, 1, 0, 0, decisions },
	[DF_COMMENT] = { "comment", F_TEXT, 0, 0, 5000, NULL },
	[DF_VERSION] = { "version", F_INT, 1, 1, 2147483647LL, NULL },
	[DF_BEHALF] = { "on_behalf_of", F_ID, 0, 0, 0, NULL },
};

/* Bad input: the request page again (with the decision form while the viewer may still decide), the
 * error next to its field and the typed comment kept. Nothing is written. */
static int render_bad_input(struct req *rq, struct resp *rs, long long request_id)
{
	static const char *const keep[] = { "comment", NULL };

	rs->status = 422;
	if (view_keep_form(rq, keep) < 0)
		return -1;
	return concession_page(rq, rs, request_id);
}

/* Validates the decision form field by field; the errors go next to the fields (the hidden ones, which
 * only a stale or forged page gets wrong, to the page's message). The number of invalid fields. */
static int read_decision(struct req *rq, struct field_val *v)
{
	int i, bad = 0, hidden_bad = 0;

	for (i = 0; i < DF__N; i++) {
		if (form_validate(rq, &decide_fields[i], 1, &v[i]) == 0)
			continue;
		bad++;
		if (i == DF_DECISION)
			view_form_error(rq, "decision", "appr.err.bad_decision");
		else if (i == DF_VERSION || i == DF_BEHALF)
			hidden_bad = 1;
	}
	if (hidden_bad)
		view_set(rq, "Form.message", view_str(rq, "appr.err.bad_form"));
	return bad;
}

int page_approval_decide(struct req *rq, struct resp *rs)
{
	struct field_val v[DF__N];
	struct decide_tx t;
	struct dbres *r = NULL;
	struct row_ref ref;
	long long step_id = rq->ids[0], request_id, approver;
	char today[11], loc[64];
	int rc, may_see;

	if (DB_EXEC(rq->app->db, ST_APPR_STEP_GET, &r, DBI(step_id)) != DB_OK)
		return -1;
	if (r->nrows != 1) {
		dbres_free(&r);
		resp_error(rs, rq, 404);
		return 0;
	}
	request_id = dbres_int(r, 0, 1);
	approver = dbres_int(r, 0, 2);
	ref = (struct row_ref){ dbres_int(r, 0, 4), dbres_int(r, 0, 5), dbres_int(r, 0, 6), dbres_int(r, 0, 7) != 0, 0 };
	dbres_free(&r);
	user_today(rq, today);
	/* the customer's readers (an approver whose customer was reassigned out of their line is no longer
	 * one), or who stands in for the step's approver today */
	may_see = vis_can_see(&rq->user, &ref);
	if (!may_see && approver != rq->user.id) {
		rc = delegation_active(rq->app->db, approver, rq->user.id, today);
		if (rc < 0)
			return -1;
		may_see = rc;
	}
	if (!may_see) {
		resp_error(rs, rq, 404);
		return 0;
	}
	if (read_decision(rq, v))
		return render_bad_input(rq, rs, request_id);
	t = (struct decide_tx){ .rq = rq, .step_id = step_id, .request_id = request_id, .version = v[DF_VERSION].i,
	                        .decision = (enum decision)decision_parse(v[DF_DECISION].s),
	                        .comment = v[DF_COMMENT].s };
	memcpy(t.today, today, sizeof t.today);
	rc = db_tx(rq->app->db, decide_tx_fn, &t);
	if (rc == DT_DONE) {
		view_flash(rq, rs, "appr_decided");
	} else if (rc == DT_REFUSED) {
		if (audit_req_tx(rq, "approval.refused", "concession", request_id, err_name(t.err)) != DB_OK)
			return -1;
		if (t.err == AE_COMMENT_REQUIRED) {
			view_form_error(rq, "comment", approval_err_key(t.err));
			return render_bad_input(rq, rs, request_id);
		}
		return render_refused(rq, rs, sod_error(t.err) ? 403 : 409, approval_err_key(t.err), request_id);
	} else if (rc == DB_CONSTRAINT || rc == DB_DUPLICATE) {
		/* the database's own guard (sql/004) caught what the domain did not */
		if (audit_req_tx(rq, "approval.refused", "concession", request_id, "db_guard") != DB_OK)
			return -1;
		return render_refused(rq, rs, 409, "appr.err.db_guard", request_id);
	} else if (rc != DT_SAME) {
		return -1;
	}
	/* decided now, or the same decision again (a double click): the request page */
	snprintf(loc, sizeof loc, "/concessions/%lld", request_id);
	resp_redirect(rs, loc);
	return 0;
}

/* ------------------------------------------------------------------ the inbox */

/* Column positions of APPR_COLS. */
enum { AC_STEP, AC_REQ, AC_VERSION, AC_LEVEL, AC_APPROVER, AC_APPROVER_NAME, AC_PENDING, AC_TERM, AC_REQUESTED,
       AC_CURRENCY, AC_AMOUNT, AC_DISCOUNT, AC_CID, AC_CNAME, AC_REQUESTER, AC_URGENCY, AC_REVIEW, AC_RSTATE,
       AC_SSTATE, AC_DECIDED, AC_DECIDER, AC_BEHALF, AC_ESCALATED, AC_REVIEWED, AC_SVERSION,
       AC_SHOWN /* ST_APPR_INBOX_MINE only */ };

static void set_money(struct req *rq, const char *name, const char *amount, const char *currency)
{
	char buf[64];
	long long v = 0;

	if (amount && parse_int64(amount, 0, 9223372036854775807LL, &v) == 0) {
		money_format(v, currency ? currency : "CNY", rq->lang, buf, sizeof buf);
		view_set(rq, name, buf);
	}
}

static void set_bp(struct req *rq, const char *name, const char *bp)
{
	char buf[32];
	long long v = 0;

	if (bp && parse_int64(bp, 0, 9223372036854775807LL, &v) == 0) {
		bp_format(v, buf, sizeof buf);
		view_set(rq, name, buf);
	}
}

static void set_time(struct req *rq, const char *name, const char *utc)
{
	char buf[64];

	if (!utc || !utc[0])
		return;
	datetime_format(utc, user_tz(rq), rq->lang, buf, sizeof buf);
	view_set(rq, name, buf);
}

/* Fills base.N.* from an APPR_COLS result. */
static void set_steps(struct req *rq, const char *base, struct dbres *r)
{
	char name[96];
	size_t i;

	for (i = 0; i < r->nrows; i++) {
		const char *ps = dbres_get(r, i, AC_PENDING);
		/* the request's details only while its customer is visible (or as a stand-in) */
		int shown = r->ncols <= AC_SHOWN || dbres_int(r, i, AC_SHOWN) != 0;
		time_t since;

#define SETF(col, field) view_setf(rq, dbres_str(r, i, col), "%s.%zu." field, base, i)
		SETF(AC_STEP, "step_id");
		SETF(AC_REQ, "request_id");
		SETF(AC_VERSION, "version");
		SETF(AC_LEVEL, "level");
		SETF(AC_APPROVER, "approver_id");
		SETF(AC_APPROVER_NAME, "approver");
		SETF(AC_RSTATE, "req_state");
		SETF(AC_SSTATE, "step_state");
		SETF(AC_DECIDER, "decided_by");
		SETF(AC_BEHALF, "on_behalf_of");
		if (shown) {
			SETF(AC_TERM, "term");
			SETF(AC_REQUESTED, "requested_value");
			SETF(AC_CID, "customer_id");
			SETF(AC_CNAME, "customer");
			SETF(AC_REQUESTER, "requester");
		} else {
			view_setf(rq, "1", "%s.%zu.hidden", base, i);
		}
#undef SETF
		snprintf(name, sizeof name, "%s.%zu.req_state_label", base, i);
		set_label(rq, name, "appr.rstate", dbres_get(r, i, AC_RSTATE));
		snprintf(name, sizeof name, "%s.%zu.step_state_label", base, i);
		if (dbres_int(r, i, AC_SVERSION) < dbres_int(r, i, AC_VERSION)) {
			/* a decision on values since changed: history, not an approval of the request as it is */
			view_setf(rq, "1", "%s.%zu.superseded", base, i);
			set_label(rq, name, "appr.sstate", "superseded");
		} else {
			set_label(rq, name, "appr.sstate", dbres_get(r, i, AC_SSTATE));
		}
		if (shown) {
			snprintf(name, sizeof name, "%s.%zu.term_label", base, i);
			set_label(rq, name, "appr.term", dbres_get(r, i, AC_TERM));
			snprintf(name, sizeof name, "%s.%zu.amount", base, i);
			set_money(rq, name, dbres_get(r, i, AC_AMOUNT), dbres_get(r, i, AC_CURRENCY));
			snprintf(name, sizeof name, "%s.%zu.discount", base, i);
			set_bp(rq, name, dbres_get(r, i, AC_DISCOUNT));
		}
		snprintf(name, sizeof name, "%s.%zu.pending_since", base, i);
		set_time(rq, name, ps);
		snprintf(name, sizeof name, "%s.%zu.decided_at", base, i);
		set_time(rq, name, dbres_get(r, i, AC_DECIDED));
		snprintf(name, sizeof name, "%s.%zu.escalated_at", base, i);
		set_time(rq, name, dbres_get(r, i, AC_ESCALATED));
		if (dbres_get(r, i, AC_URGENCY) && strcmp(dbres_get(r, i, AC_URGENCY), "green") == 0)
			view_setf(rq, "1", "%s.%zu.green", base, i);
		if (dbres_int(r, i, AC_REVIEW))
			view_setf(rq, "1", "%s.%zu.review_after", base, i);
		if (dbres_int(r, i, AC_REVIEWED))
			view_setf(rq, "1", "%s.%zu.reviewed", base, i);
		if (dbres_int(r, i, AC_APPROVER) != rq->user.id)
			view_setf(rq, "1", "%s.%zu.delegated", base, i);
		if (ps && dbres_get(r, i, AC_SSTATE) && strcmp(dbres_get(r, i, AC_SSTATE), "pending") == 0 &&
		    clock_parse_utc(ps, &since) == 0) {
			long long age = (long long)(rq->now - since);
			snprintf(name, sizeof name, "%s.%zu.age_hours", base, i);
			view_set_int(rq, name, age > 0 ? age / 3600 : 0);
			if (approval_overdue((long long)since, (long long)rq->now))
				view_setf(rq, "1", "%s.%zu.overdue", base, i);
		}
	}
}

struct esc_tx {
	struct req *rq;
	long long step_id, request_id;
	int level;
};

static int escalate_tx_fn(struct db *db, void *p)
{
	struct esc_tx *t = p;
	struct dbres *r = NULL;
	char now[20], detail[64];
	int rc;

	clock_fmt_utc(t->rq->now, now);
	rc = DB_EXEC(db, ST_APPR_ESCALATE, &r, DBS(now), DBI(t->step_id));
	if (rc)
		return rc;
	rc = r->affected == 1;
	dbres_free(&r);
	if (!rc)
		return 0;   /* someone else stamped it first */
	snprintf(detail, sizeof detail, "step %lld level %d overdue", t->step_id, t->level);
	return audit_req(t->rq, "approval.escalate", "concession", t->request_id, detail);
}

int page_approvals(struct req *rq, struct resp *rs)
{
	struct dbres *r = NULL;
	struct vis_scope s;
	char today[11], cutoff[20];
	size_t i;
	int stamped = 0;

	user_today(rq, today);
	vis_scope_for(&rq->user, &s);
	if (DB_EXEC(rq->app->db, ST_APPR_INBOX_MINE, &r, VIS_PARAMS(&s), DBI(rq->user.id), DBI(rq->user.id),
	            DBI(rq->user.id), DBI(rq->user.id), DBS(today), DBS(today)) != DB_OK)
		return -1;
	set_steps(rq, "Mine", r);
	dbres_free(&r);

	clock_fmt_utc(rq->now - APPROVAL_OVERDUE_SECONDS, cutoff);
	if (DB_EXEC(rq->app->db, ST_APPR_INBOX_OVERDUE, &r, VIS_PARAMS(&s), DBI(rq->user.id), DBS(cutoff)) != DB_OK)
		return -1;
	/* the first time an overdue step is shown to the next level up, it is escalated */
	for (i = 0; i < r->nrows; i++) {
		struct esc_tx t = { rq, dbres_int(r, i, AC_STEP), dbres_int(r, i, AC_REQ), (int)dbres_int(r, i, AC_LEVEL) };

		if (dbres_get(r, i, AC_ESCALATED))
			continue;
		if (db_tx(rq->app->db, escalate_tx_fn, &t) != DB_OK) {
			dbres_free(&r);
			return -1;
		}
		stamped = 1;
	}
	if (stamped) {
		dbres_free(&r);
		if (DB_EXEC(rq->app->db, ST_APPR_INBOX_OVERDUE, &r, VIS_PARAMS(&s), DBI(rq->user.id), DBS(cutoff)) != DB_OK)
			return -1;
	}
	set_steps(rq, "Overdue", r);
	dbres_free(&r);

	if (DB_EXEC(rq->app->db, ST_APPR_INBOX_DECIDED, &r, VIS_PARAMS(&s), DBI(rq->user.id)) != DB_OK)
		return -1;
	set_steps(rq, "Decided", r);
	dbres_free(&r);

	if (DB_EXEC(rq->app->db, ST_APPR_INBOX_REQUESTS, &r, VIS_PARAMS(&s), DBI(rq->user.id)) != DB_OK)
		return -1;
	for (i = 0; i < r->nrows; i++) {
		char name[64];

		view_setf(rq, dbres_get(r, i, 0), "Requests.%zu.id", i);
		view_setf(rq, dbres_get(r, i, 1), "Requests.%zu.term", i);
		snprintf(name, sizeof name, "Requests.%zu.term_label", i);
		set_label(rq, name, "appr.term", dbres_get(r, i, 1));
		view_setf(rq, dbres_get(r, i, 2), "Requests.%zu.requested_value", i);
		snprintf(name, sizeof name, "Requests.%zu.amount", i);
		set_money(rq, name, dbres_get(r, i, 4), dbres_get(r, i, 3));
		snprintf(name, sizeof name, "Requests.%zu.discount", i);
		set_bp(rq, name, dbres_get(r, i, 5));
		view_setf(rq, dbres_get(r, i, 6), "Requests.%zu.customer_id", i);
		view_setf(rq, dbres_get(r, i, 7), "Requests.%zu.customer", i);
		if (strcmp(dbres_get(r, i, 8), "green") == 0)
			view_setf(rq, "1", "Requests.%zu.green", i);
		if (dbres_int(r, i, 9))
			view_setf(rq, "1", "Requests.%zu.review_after", i);
		if (dbres_int(r, i, 13))
			view_setf(rq, "1", "Requests.%zu.reviewed", i);
		view_setf(rq, dbres_get(r, i, 10), "Requests.%zu.state", i);
		snprintf(name, sizeof name, "Requests.%zu.state_label", i);
		set_label(rq, name, "appr.rstate", dbres_get(r, i, 10));
		snprintf(name, sizeof name, "Requests.%zu.created_at", i);
		set_time(rq, name, dbres_get(r, i, 11));
	}
	dbres_free(&r);
	if (is_approver_role(rq->user.role))
		view_set(rq, "Inbox.approver", "1");
	return view_render(rq, rs, "approvals/inbox.cs");
}

/* ------------------------------------------------------------------ delegation */

static int render_delegations(struct req *rq, struct resp *rs)
{
	struct dbres *r = NULL;
	char today[11], name[64];
	size_t i;

	user_today(rq, today);
	if (DB_EXEC(rq->app->db, ST_DELEG_LIST, &r, DBI(rq->user.id), DBI(rq->user.id)) != DB_OK)
		return -1;
	for (i = 0; i < r->nrows; i++) {
		const char *base = dbres_int(r, i, 1) == rq->user.id ? "Given" : "Received";
		const char *ends = dbres_get(r, i, 6);

		view_setf(rq, dbres_get(r, i, 0), "%s.%zu.id", base, i);
		view_setf(rq, dbres_get(r, i, 2), "%s.%zu.delegator", base, i);
		view_setf(rq, dbres_get(r, i, 4), "%s.%zu.delegate", base, i);
		view_setf(rq, dbres_get(r, i, 5), "%s.%zu.starts_iso", base, i);
		view_setf(rq, ends, "%s.%zu.ends_iso", base, i);
		snprintf(name, sizeof name, "%s.%zu.starts_on", base, i);
		set_date(rq, name, dbres_get(r, i, 5));
		snprintf(name, sizeof name, "%s.%zu.ends_on", base, i);
		set_date(rq, name, ends);
		if (dbres_get(r, i, 7)) {
			view_setf(rq, "1", "%s.%zu.revoked", base, i);
			snprintf(name, sizeof name, "%s.%zu.revoked_at", base, i);
			set_time(rq, name, dbres_get(r, i, 7));
		} else if (ends && strcmp(ends, today) < 0) {
			view_setf(rq, "1", "%s.%zu.ended", base, i);
		} else if (strcmp(dbres_get(r, i, 5), today) <= 0) {
			view_setf(rq, "1", "%s.%zu.active", base, i);
		}
	}
	dbres_free(&r);
	if (is_approver_role(rq->user.role)) {
		view_set(rq, "Deleg.can_give", "1");
		if (DB_EXEC(rq->app->db, ST_DELEG_CANDIDATES, &r, DBI(rq->user.id), DBS(role_name(rq->user.role)),
		            DBID(rq->user.manager_id), DBI(rq->user.manager_id)) != DB_OK)
			return -1;
		for (i = 0; i < r->nrows; i++) {
			view_setf(rq, dbres_get(r, i, 0), "Choices.delegates.%zu.id", i);
			view_setf(rq, dbres_get(r, i, 1), "Choices.delegates.%zu.name", i);
		}
		dbres_free(&r);
	}
	if (!view_get(rq, "Form.values.starts_on"))
		view_set(rq, "Form.values.starts_on", today);
	if (!view_get(rq, "Form.values.ends_on"))
		view_set(rq, "Form.values.ends_on", today);
	return view_render(rq, rs, "approvals/delegations.cs");
}

int page_delegations(struct req *rq, struct resp *rs)
{
	return render_delegations(rq, rs);
}

struct deleg_tx {
	struct req *rq;
	long long delegate_id, id;
	const char *starts, *ends;
};

static int deleg_create_fn(struct db *db, void *p)
{
	struct deleg_tx *t = p;
	struct dbres *r = NULL;
	char now[20], detail[96];
	int rc;

	clock_fmt_utc(t->rq->now, now);
	rc = DB_EXEC(db, ST_DELEG_INSERT, &r, DBI(t->rq->user.id), DBI(t->delegate_id), DBS(t->starts), DBS(t->ends),
	             DBS(now));
	if (rc)
		return rc;
	t->id = (long long)r->insert_id;
	dbres_free(&r);
	snprintf(detail, sizeof detail, "to user %lld from %s to %s", t->delegate_id, t->starts, t->ends);
	return audit_req(t->rq, "delegation.create", "delegation", t->id, detail);
}

static const struct field_spec deleg_fields[] = {
	{ "delegate", F_ID, 1, 0, 0, NULL },
	{ "starts_on", F_TEXT, 1, 10, 10, NULL },
	{ "ends_on", F_TEXT, 1, 10, 10, NULL },
};

int page_delegation_create(struct req *rq, struct resp *rs)
{
	struct field_val v[3];
	struct dbres *r = NULL;
	struct deleg_tx t;
	char today[11];
	int y, m, d, bad = 0;
	size_t i;

	if (!is_approver_role(rq->user.role)) {
		resp_error(rs, rq, 403);
		return 0;
	}
	user_today(rq, today);
	bad = form_validate(rq, deleg_fields, 3, v);
	if (!bad) {
		int ok = 0;

		if (DB_EXEC(rq->app->db, ST_DELEG_CANDIDATES, &r, DBI(rq->user.id), DBS(role_name(rq->user.role)),
		            DBID(rq->user.manager_id), DBI(rq->user.manager_id)) != DB_OK)
			return -1;
		for (i = 0; i < r->nrows; i++)
			ok |= dbres_int(r, i, 0) == v[0].i;
		dbres_free(&r);
		if (!ok) {
			view_form_error(rq, "delegate", "appr.err.bad_delegate");
			bad = 1;
		}
		if (date_parse(v[1].s, &y, &m, &d) < 0 || strcmp(v[1].s, today) < 0) {
			view_form_error(rq, "starts_on", "appr.err.bad_start");
			bad = 1;
		}
		if (date_parse(v[2].s, &y, &m, &d) < 0 || strcmp(v[2].s, v[1].s) < 0 ||
		    date_diff(v[1].s, v[2].s) > DELEG_MAX_DAYS) {
			view_form_error(rq, "ends_on", "appr.err.bad_end");
			bad = 1;
		}
	}
	if (bad) {
		static const char *const keep[] = { "delegate", "starts_on", "ends_on", NULL };
		rs->status = 422;
		view_keep_form(rq, keep);
		view_set(rq, "Form.error", view_str(rq, "appr.err.fix_errors"));
		return render_delegations(rq, rs);
	}
	t = (struct deleg_tx){ .rq = rq, .delegate_id = v[0].i, .starts = v[1].s, .ends = v[2].s };
	if (db_tx(rq->app->db, deleg_create_fn, &t) != DB_OK)
		return -1;
	view_flash(rq, rs, "appr_delegated");
	resp_redirect(rs, "/approvals/delegations");
	return 0;
}

static int deleg_revoke_fn(struct db *db, void *p)
{
	struct deleg_tx *t = p;
	struct dbres *r = NULL;
	char now[20];
	int rc;

	rc = DB_EXEC(db, ST_DELEG_GET, &r, DBI(t->id));
	if (rc)
		return rc;
	if (r->nrows != 1 || dbres_int(r, 0, 1) != t->rq->user.id) {
		dbres_free(&r);
		return 404;
	}
	rc = dbres_get(r, 0, 3) != NULL;
	dbres_free(&r);
	if (rc)
		return 0;   /* already revoked: nothing to do */
	clock_fmt_utc(t->rq->now, now);
	rc = DB_EXEC(db, ST_DELEG_REVOKE, NULL, DBS(now), DBI(t->id));
	if (rc)
		return rc;
	return audit_req(t->rq, "delegation.revoke", "delegation", t->id, "");
}

int page_delegation_revoke(struct req *rq, struct resp *rs)
{
	struct deleg_tx t = { .rq = rq, .id = rq->ids[0] };
	int rc = db_tx(rq->app->db, deleg_revoke_fn, &t);

	if (rc == 404) {
		resp_error(rs, rq, 404);
		return 0;
	}
	if (rc != DB_OK)
		return -1;
	view_flash(rq, rs, "appr_revoked");
	resp_redirect(rs, "/approvals/delegations");
	return 0;
}

/* The routes of this file; the dispatcher checks sign-in, CSRF and capability before a handler runs. */
static const struct route routes[] = {
	{ "GET", "/approvals",                        page_approvals,         CAP_SALES, CSRF_NONE },
	{ "GET", "/approvals/delegations",            page_delegations,       CAP_SALES, CSRF_NONE },
	{ "POST", "/approvals/delegations",            page_delegation_create, CAP_SALES, CSRF_CHECK },
	{ "POST", "/approvals/delegations/:id/revoke", page_delegation_revoke, CAP_SALES, CSRF_CHECK },
	{ "POST", "/approvals/:id",                    page_approval_decide,   CAP_SALES, CSRF_CHECK },
};
PAGE_ROUTES(routes);
