/* Approvals: the policy on both sides of every threshold, cumulative facts, payment-term and plan
 * breaches; policy validation; the chain from the reporting line (missing and inactive levels skipped
 * upward, never down); every allowed and forbidden transition of the state machine; separation of
 * duties. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "domain/approval.h"

/* ------------------------------------------------------------------ policy */

static int levels_of(const struct policy *p, long long bp, long long amount, long long days, int breach)
{
	struct concession_facts f = { .cumulative_bp = bp, .cumulative_amount = amount, .payment_days = days,
	                              .plan_breach = breach };
	return policy_levels(p, &f);
}

static void test_default_policy(void **state)
{
	struct policy p;

	(void)state;
	policy_default(&p);
	assert_int_equal(p.nrows, 4);
	assert_int_equal(p.payment_days_limit, 90);
	assert_int_equal(p.breach_levels, 3);
	assert_null(policy_validate(&p, NULL));
}

static void test_policy_thresholds(void **state)
{
	struct policy p;

	(void)state;
	policy_default(&p);
	/* nothing at all */
	assert_int_equal(levels_of(&p, 0, 0, -1, 0), 0);
	/* 5 % and ¥50,000: at the limit, then one over on either side */
	assert_int_equal(levels_of(&p, 500, 5000000, -1, 0), 0);
	assert_int_equal(levels_of(&p, 501, 5000000, -1, 0), 1);
	assert_int_equal(levels_of(&p, 500, 5000001, -1, 0), 1);
	/* 10 % and ¥500,000 */
	assert_int_equal(levels_of(&p, 1000, 50000000, -1, 0), 1);
	assert_int_equal(levels_of(&p, 1001, 50000000, -1, 0), 2);
	/* over ¥500,000 skips the director row too: both limits must hold */
	assert_int_equal(levels_of(&p, 1000, 50000001, -1, 0), 3);
	assert_int_equal(levels_of(&p, 100, 50000001, -1, 0), 3);
	/* 15 % */
	assert_int_equal(levels_of(&p, 1500, 50000000, -1, 0), 2);
	assert_int_equal(levels_of(&p, 1501, 1, -1, 0), 3);
	assert_int_equal(levels_of(&p, 10000, 0, -1, 0), 3);
	/* a small discount on a large amount still needs the amount's row */
	assert_int_equal(levels_of(&p, 100, 6000000, -1, 0), 1);
	/* facts not given (-1) do not constrain */
	assert_int_equal(levels_of(&p, -1, 5000000, -1, 0), 0);
	assert_int_equal(levels_of(&p, 700, -1, -1, 0), 1);
}

static void test_cumulative(void **state)
{
	struct policy p;
	long long list = 100000000;   /* ¥1,000,000 */
	long long earlier = 400000;   /* ¥4,000 approved earlier: 0.4 % */
	long long amount = 4800000;   /* this one: 4.8 % on its own, within the rep's limit */
	long long bp;

	(void)state;
	policy_default(&p);
	assert_int_equal(levels_of(&p, concession_discount_bp(amount, list), amount, -1, 0), 0);
	/* splitting a concession does not escape the chain: the cumulative facts decide */
	bp = concession_discount_bp(amount + earlier, list);
	assert_int_equal(bp, 520);
	assert_int_equal(levels_of(&p, bp, amount + earlier, -1, 0), 1);
}

static void test_payment_and_breach(void **state)
{
	struct policy p;

	(void)state;
	policy_default(&p);
	/* 90 days is within the limit, 91 is over it */
	assert_int_equal(levels_of(&p, 0, 0, 90, 0), 0);
	assert_int_equal(levels_of(&p, 0, 0, 91, 0), 3);
	assert_int_equal(levels_of(&p, 600, 100, 91, 0), 3);
	/* a breach of the plan needs at least breach_levels, whatever the size */
	assert_int_equal(levels_of(&p, 0, 0, -1, 1), 3);
	/* breach_levels is a minimum, never lowers a larger need */
	p.breach_levels = 1;
	assert_int_equal(levels_of(&p, 0, 0, 91, 0), 1);
	assert_int_equal(levels_of(&p, 1200, 100, 91, 0), 2);
	assert_int_equal(levels_of(&p, 1200, 100, -1, 1), 2);
	assert_int_equal(levels_of(&p, 0, 0, -1, 1), 1);
	/* no payment limit */
	p.payment_days_limit = -1;
	assert_int_equal(levels_of(&p, 0, 0, 3650, 0), 0);
}

static void test_policy_custom_rows(void **state)
{
	struct policy p;

	(void)state;
	memset(&p, 0, sizeof p);
	p.payment_days_limit = -1;
	p.breach_levels = 2;
	/* one row without limits: everything needs its levels */
	p.rows[0] = (struct policy_row){ -1, -1, 1 };
	p.nrows = 1;
	assert_null(policy_validate(&p, NULL));
	assert_int_equal(levels_of(&p, 0, 0, -1, 0), 1);
	assert_int_equal(levels_of(&p, 9999, 1LL << 40, -1, 0), 1);
	/* a row limiting one dimension only */
	p.rows[0] = (struct policy_row){ 300, -1, 0 };
	p.rows[1] = (struct policy_row){ -1, -1, 2 };
	p.nrows = 2;
	assert_null(policy_validate(&p, NULL));
	assert_int_equal(levels_of(&p, 300, 1LL << 40, -1, 0), 0);
	assert_int_equal(levels_of(&p, 301, 0, -1, 0), 2);
	/* no row holds (not a valid policy, but never "no approval") */
	p.rows[1] = (struct policy_row){ 400, -1, 1 };
	assert_int_equal(levels_of(&p, 401, 0, -1, 0), APPROVAL_MAX_LEVELS);
	p.nrows = 0;
	assert_int_equal(levels_of(&p, 0, 0, -1, 0), APPROVAL_MAX_LEVELS);
}

static void test_policy_validate(void **state)
{
	struct policy p;
	int row;

	(void)state;
	policy_default(&p);
	assert_null(policy_validate(&p, &row));
	assert_int_equal(row, -1);

	policy_default(&p);
	p.nrows = 0;
	assert_string_equal(policy_validate(&p, &row), "policy.err.rows");
	p.nrows = APPROVAL_MAX_POLICY_ROWS + 1;
	assert_string_equal(policy_validate(&p, &row), "policy.err.rows");

	policy_default(&p);
	p.rows[1].levels = 4;
	assert_string_equal(policy_validate(&p, &row), "policy.err.levels");
	assert_int_equal(row, 1);
	p.rows[1].levels = -1;
	assert_string_equal(policy_validate(&p, &row), "policy.err.levels");

	policy_default(&p);
	p.rows[2].levels = 0;
	assert_string_equal(policy_validate(&p, &row), "policy.err.levels_order");
	assert_int_equal(row, 2);
	/* equal levels on consecutive rows are allowed */
	policy_default(&p);
	p.rows[2].levels = 1;
	assert_null(policy_validate(&p, &row));

	policy_default(&p);
	p.rows[1].max_discount_bp = 400;
	assert_string_equal(policy_validate(&p, &row), "policy.err.limits_order");
	assert_int_equal(row, 1);
	policy_default(&p);
	p.rows[2].max_amount = 49999999;
	assert_string_equal(policy_validate(&p, &row), "policy.err.limits_order");
	assert_int_equal(row, 2);
	/* a limit after "no limit" is a decrease */
	policy_default(&p);
	p.rows[1].max_amount = -1;
	assert_string_equal(policy_validate(&p, &row), "policy.err.limits_order");
	assert_int_equal(row, 2);

	policy_default(&p);
	p.rows[3].max_discount_bp = 2000;
	assert_string_equal(policy_validate(&p, &row), "policy.err.last_row");
	assert_int_equal(row, 3);
	policy_default(&p);
	p.rows[0] = (struct policy_row){ -1, -1, 0 };
	assert_string_equal(policy_validate(&p, &row), "policy.err.unlimited_row");
	assert_int_equal(row, 0);

	policy_default(&p);
	p.rows[0].max_discount_bp = 10001;
	assert_string_equal(policy_validate(&p, &row), "policy.err.discount");
	p.rows[0].max_discount_bp = -2;
	assert_string_equal(policy_validate(&p, &row), "policy.err.discount");
	policy_default(&p);
	p.rows[0].max_amount = -5;
	assert_string_equal(policy_validate(&p, &row), "policy.err.amount");

	policy_default(&p);
	p.payment_days_limit = 0;
	assert_string_equal(policy_validate(&p, &row), "policy.err.payment_days");
	assert_int_equal(row, -1);
	p.payment_days_limit = 3651;
	assert_string_equal(policy_validate(&p, &row), "policy.err.payment_days");
	p.payment_days_limit = 3650;
	assert_null(policy_validate(&p, &row));
	p.payment_days_limit = 1;
	assert_null(policy_validate(&p, &row));
	p.payment_days_limit = -1;
	assert_null(policy_validate(&p, &row));

	p.breach_levels = 0;
	assert_string_equal(policy_validate(&p, &row), "policy.err.breach_levels");
	p.breach_levels = 4;
	assert_string_equal(policy_validate(&p, &row), "policy.err.breach_levels");
	p.breach_levels = 1;
	assert_null(policy_validate(&p, NULL));
}

static void test_discount_bp(void **state)
{
	(void)state;
	assert_int_equal(concession_discount_bp(0, 100000), 0);
	assert_int_equal(concession_discount_bp(5000, 100000), 500);
	/* a fraction of a basis point counts */
	assert_int_equal(concession_discount_bp(5001, 100000), 501);
	assert_int_equal(concession_discount_bp(1, 100000000), 1);
	assert_int_equal(concession_discount_bp(100000, 100000), 10000);
	assert_int_equal(concession_discount_bp(100, 0), 0);
	assert_int_equal(concession_discount_bp(100, -5), 0);
	assert_int_equal(concession_discount_bp(-100, 1000), 0);
	/* large amounts do not overflow */
	assert_int_equal(concession_discount_bp(4000000000000000000LL, 8000000000000000000LL), 5000);
}

/* ------------------------------------------------------------------ the chain */

enum { REP = 10, MGR = 20, DIR = 30, VP = 40, MGR2 = 21, EXEC = 50 };

static void test_chain_full(void **state)
{
	struct line_member line[] = { { MGR, ROLE_MANAGER, 1 }, { DIR, ROLE_DIRECTOR, 1 }, { VP, ROLE_VP, 1 } };
	struct chain_step s[APPROVAL_MAX_LEVELS];

	(void)state;
	assert_int_equal(chain_build(REP, line, 3, 0, s), 0);
	assert_int_equal(chain_build(REP, line, 3, 1, s), 1);
	assert_int_equal(s[0].approver_id, MGR);
	assert_int_equal(chain_build(REP, line, 3, 3, s), 3);
	assert_int_equal(s[0].level, 1);
	assert_int_equal(s[0].role, ROLE_MANAGER);
	assert_int_equal(s[0].approver_id, MGR);
	assert_int_equal(s[1].level, 2);
	assert_int_equal(s[1].role, ROLE_DIRECTOR);
	assert_int_equal(s[1].approver_id, DIR);
	assert_int_equal(s[2].role, ROLE_VP);
	assert_int_equal(s[2].approver_id, VP);
	assert_int_equal(s[2].approver_role, ROLE_VP);
	assert_int_equal(chain_build(REP, line, 3, 4, s), -1);
	assert_int_equal(chain_build(REP, line, 3, -1, s), -1);
}

static void test_chain_skips_upward(void **state)
{
	/* the manager is inactive: the director takes level 1, the vp level 2, nobody is left for 3 */
	struct line_member inactive[] = { { MGR, ROLE_MANAGER, 0 }, { DIR, ROLE_DIRECTOR, 1 }, { VP, ROLE_VP, 1 } };
	/* no director in the line: the vp holds level 2 */
	struct line_member nodir[] = { { MGR, ROLE_MANAGER, 1 }, { VP, ROLE_VP, 1 } };
	/* a manager reporting to a manager: the second manager cannot take the director's level */
	struct line_member twomgr[] = { { MGR, ROLE_MANAGER, 1 }, { MGR2, ROLE_MANAGER, 1 }, { DIR, ROLE_DIRECTOR, 1 } };
	/* the line decides the order, not the role: whoever is higher in the line and qualifies takes
	 * the next level (odd data: a director above a vp) */
	struct line_member order[] = { { VP, ROLE_VP, 1 }, { DIR, ROLE_DIRECTOR, 1 } };
	/* executives and reps approve nothing */
	struct line_member exec[] = { { MGR, ROLE_MANAGER, 1 }, { EXEC, ROLE_EXECUTIVE, 1 } };
	struct chain_step s[APPROVAL_MAX_LEVELS];

	(void)state;
	assert_int_equal(chain_build(REP, inactive, 3, 2, s), 2);
	assert_int_equal(s[0].approver_id, DIR);
	assert_int_equal(s[0].role, ROLE_MANAGER);
	assert_int_equal(s[0].approver_role, ROLE_DIRECTOR);
	assert_int_equal(s[1].approver_id, VP);
	assert_int_equal(s[1].role, ROLE_DIRECTOR);
	assert_int_equal(chain_build(REP, inactive, 3, 3, s), -1);

	assert_int_equal(chain_build(REP, nodir, 2, 2, s), 2);
	assert_int_equal(s[0].approver_id, MGR);
	assert_int_equal(s[1].approver_id, VP);
	assert_int_equal(s[1].approver_role, ROLE_VP);
	assert_int_equal(chain_build(REP, nodir, 2, 3, s), -1);

	assert_int_equal(chain_build(REP, twomgr, 3, 2, s), 2);
	assert_int_equal(s[0].approver_id, MGR);
	assert_int_equal(s[1].approver_id, DIR);

	assert_int_equal(chain_build(REP, order, 2, 2, s), 2);
	assert_int_equal(s[0].approver_id, VP);
	assert_int_equal(s[1].approver_id, DIR);
	/* …but a vp level is never given to the director below it */
	assert_int_equal(chain_build(REP, order, 2, 3, s), -1);

	assert_int_equal(chain_build(REP, exec, 2, 1, s), 1);
	assert_int_equal(chain_build(REP, exec, 2, 2, s), -1);

	/* an empty line: nobody to approve */
	assert_int_equal(chain_build(REP, NULL, 0, 1, s), -1);
	assert_int_equal(chain_build(REP, NULL, 0, 0, s), 0);
}

static void test_chain_no_self_no_twice(void **state)
{
	/* a manager files: their director and vp approve; the manager never holds a level */
	struct line_member mgr_line[] = { { DIR, ROLE_DIRECTOR, 1 }, { VP, ROLE_VP, 1 } };
	/* a loop in the data back to the requester, and the same person twice */
	struct line_member loop[] = { { MGR, ROLE_MANAGER, 1 }, { REP, ROLE_MANAGER, 1 }, { MGR, ROLE_MANAGER, 1 },
	                              { DIR, ROLE_DIRECTOR, 1 } };
	struct chain_step s[APPROVAL_MAX_LEVELS];

	(void)state;
	assert_int_equal(chain_build(MGR, mgr_line, 2, 2, s), 2);
	assert_int_equal(s[0].approver_id, DIR);
	assert_int_equal(s[1].approver_id, VP);
	assert_int_equal(chain_build(MGR, mgr_line, 2, 3, s), -1);

	assert_int_equal(chain_build(REP, loop, 4, 2, s), 2);
	assert_int_equal(s[0].approver_id, MGR);
	assert_int_equal(s[1].approver_id, DIR);
	assert_int_equal(chain_build(REP, loop, 4, 3, s), -1);
}

/* ------------------------------------------------------------------ names */

static void test_names(void **state)
{
	int i;

	(void)state;
	for (i = 0; i < RS__COUNT; i++)
		assert_int_equal(req_state_parse(req_state_name((enum req_state)i)), i);
	for (i = 0; i < SS__COUNT; i++)
		assert_int_equal(step_state_parse(step_state_name((enum step_state)i)), i);
	assert_string_equal(req_state_name(RS_NOT_REQUIRED), "not_required");
	assert_string_equal(step_state_name(SS_VOID), "void");
	assert_string_equal(decision_name(DEC_APPROVE), "approve");
	assert_string_equal(decision_name(DEC_REJECT), "reject");
	assert_string_equal(decision_name(DEC_RETURN), "return");
	assert_int_equal(decision_parse("return"), DEC_RETURN);
	assert_int_equal(decision_parse("Approve"), -1);
	assert_int_equal(decision_parse(""), -1);
	assert_int_equal(decision_parse(NULL), -1);
	assert_int_equal(req_state_parse("cancelled"), -1);
	assert_int_equal(step_state_parse(NULL), -1);
	assert_string_equal(req_state_name(RS__COUNT), "");

	assert_string_equal(approval_err_key(AE_OK), "");
	assert_string_equal(approval_err_name(AE_OK), "");
	for (i = 1; i < AE__COUNT; i++) {
		const char *k = approval_err_key((enum approval_err)i);

		assert_true(strncmp(k, "approval.err.", 13) == 0);
		assert_string_equal(k + 13, approval_err_name((enum approval_err)i));
		assert_true(strlen(k) > 13);
	}
	assert_string_equal(approval_err_key(AE_TWO_STEPS), "approval.err.two_steps");
	assert_int_equal(approval_err_status(AE_SELF_APPROVAL), 403);
	assert_int_equal(approval_err_status(AE_TWO_STEPS), 403);
	assert_int_equal(approval_err_status(AE_DELEGATOR_IS_REQUESTER), 403);
	assert_int_equal(approval_err_status(AE_NOT_PENDING), 409);
	assert_int_equal(approval_err_status(AE_STALE_VERSION), 409);
	assert_int_equal(approval_err_status(AE_STEP_NOT_OPEN), 409);
	assert_int_equal(approval_err_status(AE_COMMENT_REQUIRED), 422);
}

/* ------------------------------------------------------------------ the state machine */

/* rep files at version 2; manager (step 101) → director (102) → vp (103) */
static struct chain_view chain3(int green)
{
	struct chain_view c;

	memset(&c, 0, sizeof c);
	c.request_id = 7;
	c.requester_id = REP;
	c.version = 2;
	c.state = RS_PENDING;
	c.green = green;
	c.nsteps = 3;
	c.steps[0].id = 101;
	c.steps[0].approver_id = MGR;
	c.steps[1].id = 102;
	c.steps[1].approver_id = DIR;
	c.steps[2].id = 103;
	c.steps[2].approver_id = VP;
	for (size_t i = 0; i < 3; i++) {
		c.steps[i].version = 2;
		c.steps[i].state = green || i == 0 ? SS_PENDING : SS_WAITING;
	}
	return c;
}

static struct decide_input input(long long actor, long long step, enum decision d)
{
	struct decide_input in = { .actor_id = actor, .step_id = step, .step_version = 2, .on_behalf_of = 0,
	                           .decision = d, .has_comment = 1 };
	return in;
}

/* applies a decision the way the page does */
static void apply(struct chain_view *c, const struct decide_input *in, const struct decide_result *r)
{
	c->steps[r->step].state = r->step_state;
	c->steps[r->step].decided_by = in->actor_id;
	if (r->ns_next >= 0)
		c->steps[r->ns_next].state = SS_PENDING;
	c->state = r->req_state;
}

static void test_approve_all_the_way(void **state)
{
	struct chain_view c = chain3(0);
	struct decide_input in;
	struct decide_result r;

	(void)state;
	in = input(MGR, 101, DEC_APPROVE);
	in.has_comment = 0;   /* approving needs no comment */
	assert_int_equal(approval_decide(&c, &in, &r), AE_OK);
	assert_int_equal(r.step, 0);
	assert_int_equal(r.step_state, SS_APPROVED);
	assert_int_equal(r.req_state, RS_PENDING);
	assert_int_equal(r.ns_next, 1);
	apply(&c, &in, &r);
	assert_true(approval_is_repeat(&c, &in));

	/* a not_required request has no steps to decide */
	{
		struct chain_view none = chain3(0);

		none.state = RS_NOT_REQUIRED;
		none.nsteps = 0;
		assert_int_equal(approval_decide(&none, &in, &r), AE_NOT_PENDING);
	}
	/* the double click: refused as a decision, recognised as a repeat */
	assert_int_equal(approval_decide(&c, &in, &r), AE_STEP_NOT_OPEN);
	in.decision = DEC_REJECT;
	assert_false(approval_is_repeat(&c, &in));

	in = input(DIR, 102, DEC_APPROVE);
	assert_int_equal(approval_decide(&c, &in, &r), AE_OK);
	assert_int_equal(r.ns_next, 2);
	assert_int_equal(r.req_state, RS_PENDING);
	apply(&c, &in, &r);

	in = input(VP, 103, DEC_APPROVE);
	assert_int_equal(approval_decide(&c, &in, &r), AE_OK);
	assert_int_equal(r.step, 2);
	assert_int_equal(r.ns_next, -1);
	assert_int_equal(r.req_state, RS_APPROVED);
	apply(&c, &in, &r);

	/* approved is final: no more decisions, no withdrawal, no change */
	in = input(VP, 103, DEC_APPROVE);
	assert_int_equal(approval_decide(&c, &in, &r), AE_NOT_PENDING);
	assert_true(approval_is_repeat(&c, &in));
	assert_int_equal(approval_withdraw(&c, REP), AE_NOT_PENDING);
	assert_int_equal(approval_change(&c, REP), AE_NOT_PENDING);
}

static void test_single_level(void **state)
{
	struct chain_view c = chain3(0);
	struct decide_input in = input(MGR, 101, DEC_APPROVE);
	struct decide_result r;

	(void)state;
	c.nsteps = 1;
	assert_int_equal(approval_decide(&c, &in, &r), AE_OK);
	assert_int_equal(r.req_state, RS_APPROVED);
	assert_int_equal(r.ns_next, -1);
}

static void test_waiting_step_not_open(void **state)
{
	struct chain_view c = chain3(0);
	struct decide_input in = input(DIR, 102, DEC_APPROVE);
	struct decide_result r;

	(void)state;
	/* the director cannot decide before the manager */
	assert_int_equal(approval_decide(&c, &in, &r), AE_STEP_NOT_OPEN);
	in = input(VP, 103, DEC_APPROVE);
	assert_int_equal(approval_decide(&c, &in, &r), AE_STEP_NOT_OPEN);
}

static void test_reject_and_return(void **state)
{
	struct chain_view c = chain3(0);
	struct decide_input in = input(MGR, 101, DEC_REJECT);
	struct decide_result r;

	(void)state;
	/* reject and return need a comment */
	in.has_comment = 0;
	assert_int_equal(approval_decide(&c, &in, &r), AE_COMMENT_REQUIRED);
	in.decision = DEC_RETURN;
	assert_int_equal(approval_decide(&c, &in, &r), AE_COMMENT_REQUIRED);

	/* a rejection ends the request */
	in = input(MGR, 101, DEC_REJECT);
	assert_int_equal(approval_decide(&c, &in, &r), AE_OK);
	assert_int_equal(r.step_state, SS_REJECTED);
	assert_int_equal(r.req_state, RS_REJECTED);
	assert_int_equal(r.ns_next, -1);
	apply(&c, &in, &r);
	/* approve after reject */
	in = input(DIR, 102, DEC_APPROVE);
	assert_int_equal(approval_decide(&c, &in, &r), AE_NOT_PENDING);
	in = input(MGR, 101, DEC_APPROVE);
	assert_int_equal(approval_decide(&c, &in, &r), AE_NOT_PENDING);
	/* a rejected request cannot be withdrawn or changed */
	assert_int_equal(approval_withdraw(&c, REP), AE_NOT_PENDING);
	assert_int_equal(approval_change(&c, REP), AE_NOT_PENDING);

	/* return for changes, at the second level */
	c = chain3(0);
	in = input(MGR, 101, DEC_APPROVE);
	assert_int_equal(approval_decide(&c, &in, &r), AE_OK);
	apply(&c, &in, &r);
	in = input(DIR, 102, DEC_RETURN);
	assert_int_equal(approval_decide(&c, &in, &r), AE_OK);
	assert_int_equal(r.step, 1);
	assert_int_equal(r.step_state, SS_RETURNED);
	assert_int_equal(r.req_state, RS_RETURNED);
	assert_int_equal(r.ns_next, -1);
	apply(&c, &in, &r);
	/* nothing more to decide on a returned request; the requester may change or withdraw it */
	in = input(VP, 103, DEC_APPROVE);
	assert_int_equal(approval_decide(&c, &in, &r), AE_NOT_PENDING);
	assert_int_equal(approval_change(&c, REP), AE_OK);
	assert_int_equal(approval_withdraw(&c, REP), AE_OK);
	assert_int_equal(approval_change(&c, MGR), AE_NOT_REQUESTER);
}

static void test_withdraw(void **state)
{
	struct chain_view c = chain3(0);
	struct decide_input in = input(MGR, 101, DEC_APPROVE);
	struct decide_result r;
	enum req_state s;

	(void)state;
	/* only the requester */
	assert_int_equal(approval_withdraw(&c, MGR), AE_NOT_REQUESTER);
	assert_int_equal(approval_withdraw(&c, VP), AE_NOT_REQUESTER);
	assert_int_equal(approval_change(&c, DIR), AE_NOT_REQUESTER);
	assert_int_equal(approval_withdraw(&c, REP), AE_OK);
	assert_int_equal(approval_change(&c, REP), AE_OK);
	/* approve a withdrawn request */
	c.state = RS_WITHDRAWN;
	c.steps[0].state = SS_WITHDRAWN;
	assert_int_equal(approval_decide(&c, &in, &r), AE_NOT_PENDING);
	assert_int_equal(approval_withdraw(&c, REP), AE_NOT_PENDING);
	assert_int_equal(approval_change(&c, REP), AE_NOT_PENDING);
	/* only pending and returned allow withdrawal and change */
	for (s = 0; s < RS__COUNT; s++) {
		enum approval_err want = s == RS_PENDING || s == RS_RETURNED ? AE_OK : AE_NOT_PENDING;

		c.state = s;
		assert_int_equal(approval_withdraw(&c, REP), want);
		assert_int_equal(approval_change(&c, REP), want);
	}
	/* and nothing may be decided on a request in any state but pending */
	c = chain3(0);
	for (s = 0; s < RS__COUNT; s++) {
		c.state = s;
		assert_int_equal(approval_decide(&c, &in, &r), s == RS_PENDING ? AE_OK : AE_NOT_PENDING);
	}
}

static void test_stale_version(void **state)
{
	struct chain_view c = chain3(0);
	struct decide_input in = input(MGR, 101, DEC_APPROVE);
	struct decide_result r;

	(void)state;
	/* the page showed version 1; the request is at version 2 */
	in.step_version = 1;
	assert_int_equal(approval_decide(&c, &in, &r), AE_STALE_VERSION);
	in.step_version = 3;
	assert_int_equal(approval_decide(&c, &in, &r), AE_STALE_VERSION);
	/* a step of a voided chain is not in the current one */
	in = input(MGR, 99, DEC_APPROVE);
	assert_int_equal(approval_decide(&c, &in, &r), AE_STALE_VERSION);
	/* …unless the request is no longer pending at all */
	c.state = RS_WITHDRAWN;
	assert_int_equal(approval_decide(&c, &in, &r), AE_NOT_PENDING);
	c.state = RS_PENDING;
	/* a step row of an older version loaded by mistake */
	in = input(MGR, 101, DEC_APPROVE);
	c.steps[0].version = 1;
	assert_int_equal(approval_decide(&c, &in, &r), AE_STALE_VERSION);
}

static void test_step_states(void **state)
{
	struct chain_view c = chain3(0);
	struct decide_input in = input(MGR, 101, DEC_APPROVE);
	struct decide_result r;
	enum step_state s;

	(void)state;
	/* only a pending step can be decided */
	for (s = 0; s < SS__COUNT; s++) {
		c.steps[0].state = s;
		assert_int_equal(approval_decide(&c, &in, &r), s == SS_PENDING ? AE_OK : AE_STEP_NOT_OPEN);
	}
	/* a pending step already carrying a decider is not open */
	c.steps[0].state = SS_PENDING;
	c.steps[0].decided_by = MGR;
	assert_int_equal(approval_decide(&c, &in, &r), AE_STEP_NOT_OPEN);
}

static void test_green_channel(void **state)
{
	struct chain_view c = chain3(1);
	struct decide_input in;
	struct decide_result r;

	(void)state;
	/* every step is open at once, in any order */
	in = input(VP, 103, DEC_APPROVE);
	assert_int_equal(approval_decide(&c, &in, &r), AE_OK);
	assert_int_equal(r.ns_next, -1);
	assert_int_equal(r.req_state, RS_PENDING);
	apply(&c, &in, &r);
	in = input(MGR, 101, DEC_APPROVE);
	assert_int_equal(approval_decide(&c, &in, &r), AE_OK);
	assert_int_equal(r.ns_next, -1);
	assert_int_equal(r.req_state, RS_PENDING);
	apply(&c, &in, &r);
	/* the last approval approves the request */
	in = input(DIR, 102, DEC_APPROVE);
	assert_int_equal(approval_decide(&c, &in, &r), AE_OK);
	assert_int_equal(r.req_state, RS_APPROVED);

	/* each must approve: one rejection ends it */
	c = chain3(1);
	in = input(DIR, 102, DEC_REJECT);
	assert_int_equal(approval_decide(&c, &in, &r), AE_OK);
	assert_int_equal(r.req_state, RS_REJECTED);
	apply(&c, &in, &r);
	in = input(MGR, 101, DEC_APPROVE);
	assert_int_equal(approval_decide(&c, &in, &r), AE_NOT_PENDING);
}

static void test_separation_of_duties(void **state)
{
	struct chain_view c = chain3(0);
	struct decide_input in;
	struct decide_result r;

	(void)state;
	/* nobody approves their own request, even if the data put them on a step */
	in = input(REP, 101, DEC_APPROVE);
	assert_int_equal(approval_decide(&c, &in, &r), AE_SELF_APPROVAL);
	c.steps[0].approver_id = REP;
	assert_int_equal(approval_decide(&c, &in, &r), AE_SELF_APPROVAL);
	c = chain3(0);
	/* the requester as a delegate for the approver */
	in = input(REP, 101, DEC_APPROVE);
	in.on_behalf_of = MGR;
	assert_int_equal(approval_decide(&c, &in, &r), AE_SELF_APPROVAL);
	/* a delegate acting for the requester */
	in = input(MGR2, 101, DEC_APPROVE);
	in.on_behalf_of = REP;
	assert_int_equal(approval_decide(&c, &in, &r), AE_DELEGATOR_IS_REQUESTER);

	/* someone else's step */
	in = input(MGR2, 101, DEC_APPROVE);
	assert_int_equal(approval_decide(&c, &in, &r), AE_NOT_YOUR_STEP);
	/* standing in for somebody who does not hold this step */
	in.on_behalf_of = DIR;
	assert_int_equal(approval_decide(&c, &in, &r), AE_NOT_YOUR_STEP);

	/* a delegate standing in for the approver */
	in = input(MGR2, 101, DEC_APPROVE);
	in.on_behalf_of = MGR;
	assert_int_equal(approval_decide(&c, &in, &r), AE_OK);
	apply(&c, &in, &r);
	assert_true(approval_is_repeat(&c, &in));
	/* the same delegate cannot decide the next step too (they decided one already) */
	in = input(MGR2, 102, DEC_APPROVE);
	in.on_behalf_of = DIR;
	assert_int_equal(approval_decide(&c, &in, &r), AE_TWO_STEPS);

	/* an approver holding another step of the chain cannot stand in for this one: the director
	 * delegated to the vp, who holds level 3 */
	in = input(VP, 102, DEC_APPROVE);
	in.on_behalf_of = DIR;
	assert_int_equal(approval_decide(&c, &in, &r), AE_TWO_STEPS);
	/* nor can the manager who decided level 1 stand in for the director */
	in = input(MGR, 102, DEC_APPROVE);
	in.on_behalf_of = DIR;
	assert_int_equal(approval_decide(&c, &in, &r), AE_TWO_STEPS);
	/* the vp cannot decide the director's step directly either */
	in = input(VP, 102, DEC_APPROVE);
	assert_int_equal(approval_decide(&c, &in, &r), AE_TWO_STEPS);

	/* separation of duties is checked before the state: a refused attempt on a finished request
	 * still says why it is refused */
	c.state = RS_APPROVED;
	in = input(REP, 102, DEC_APPROVE);
	assert_int_equal(approval_decide(&c, &in, &r), AE_SELF_APPROVAL);
	in = input(VP, 102, DEC_APPROVE);
	assert_int_equal(approval_decide(&c, &in, &r), AE_TWO_STEPS);

	/* on_behalf_of = self is the same as acting on one's own */
	c = chain3(0);
	in = input(MGR, 101, DEC_APPROVE);
	in.on_behalf_of = MGR;
	assert_int_equal(approval_decide(&c, &in, &r), AE_OK);
}

static void test_overdue(void **state)
{
	long long t = 1700000000;

	(void)state;
	assert_false(approval_overdue(t, t));
	assert_false(approval_overdue(t, t + APPROVAL_OVERDUE_SECONDS - 1));
	assert_true(approval_overdue(t, t + APPROVAL_OVERDUE_SECONDS));
	assert_true(approval_overdue(t, t + 3 * APPROVAL_OVERDUE_SECONDS));
	/* never pending: never overdue */
	assert_false(approval_overdue(0, t));
}

/* ------------------------------------------------------------------ language keys */

/* The text of templates/lang/<lang>/policy.hdf (PARLEY_ROOT is set by ctest). */
static char *read_lang(const char *lang)
{
	const char *root = getenv("PARLEY_ROOT");
	char path[1024];
	FILE *f;
	char *buf;
	size_t n;

	snprintf(path, sizeof path, "%s/templates/lang/%s/policy.hdf", root ? root : ".", lang);
	f = fopen(path, "rb");
	assert_non_null(f);
	buf = calloc(1, 65536);
	assert_non_null(buf);
	n = fread(buf, 1, 65535, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

/* "<indent><leaf> = " somewhere in the file (keys are unique enough within policy.hdf). */
static int has_leaf(const char *text, const char *key)
{
	const char *leaf = strrchr(key, '.');
	char pat[128];

	snprintf(pat, sizeof pat, "    %s = ", leaf ? leaf + 1 : key);
	return strstr(text, pat) != NULL;
}

static void test_language_keys(void **state)
{
	static const char *const langs[] = { "en", "zh-CN" };
	struct policy p;
	size_t l;
	int i;

	(void)state;
	for (l = 0; l < 2; l++) {
		char *text = read_lang(langs[l]);

		/* every refusal has its message */
		for (i = 1; i < AE__COUNT; i++)
			assert_true(has_leaf(text, approval_err_key((enum approval_err)i)));
		/* and every answer of policy_validate */
		policy_default(&p);
		p.nrows = 0;
		assert_true(has_leaf(text, policy_validate(&p, NULL)));
		policy_default(&p);
		p.rows[0].levels = 9;
		assert_true(has_leaf(text, policy_validate(&p, NULL)));
		p.rows[0].levels = 3;
		assert_true(has_leaf(text, policy_validate(&p, NULL)));
		policy_default(&p);
		p.rows[1].max_discount_bp = 1;
		assert_true(has_leaf(text, policy_validate(&p, NULL)));
		policy_default(&p);
		p.rows[3].max_amount = 1LL << 40;
		assert_true(has_leaf(text, policy_validate(&p, NULL)));
		p.rows[3].max_amount = -9;
		assert_true(has_leaf(text, policy_validate(&p, NULL)));
		policy_default(&p);
		p.rows[3].max_discount_bp = 20000;
		assert_true(has_leaf(text, policy_validate(&p, NULL)));
		policy_default(&p);
		p.rows[0].max_discount_bp = p.rows[0].max_amount = -1;
		assert_true(has_leaf(text, policy_validate(&p, NULL)));
		policy_default(&p);
		p.payment_days_limit = 0;
		assert_true(has_leaf(text, policy_validate(&p, NULL)));
		policy_default(&p);
		p.breach_levels = 0;
		assert_true(has_leaf(text, policy_validate(&p, NULL)));
		free(text);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_policy),
		cmocka_unit_test(test_policy_thresholds),
		cmocka_unit_test(test_cumulative),
		cmocka_unit_test(test_payment_and_breach),
		cmocka_unit_test(test_policy_custom_rows),
		cmocka_unit_test(test_policy_validate),
		cmocka_unit_test(test_discount_bp),
		cmocka_unit_test(test_chain_full),
		cmocka_unit_test(test_chain_skips_upward),
		cmocka_unit_test(test_chain_no_self_no_twice),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_approve_all_the_way),
		cmocka_unit_test(test_single_level),
		cmocka_unit_test(test_waiting_step_not_open),
		cmocka_unit_test(test_reject_and_return),
		cmocka_unit_test(test_withdraw),
		cmocka_unit_test(test_stale_version),
		cmocka_unit_test(test_step_states),
		cmocka_unit_test(test_green_channel),
		cmocka_unit_test(test_separation_of_duties),
		cmocka_unit_test(test_overdue),
		cmocka_unit_test(test_language_keys),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
