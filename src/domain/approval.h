/* Concession approvals (docs/approvals.md): the policy that sizes the chain, the chain taken from the
 * requester's reporting line, the state machine of a request and its steps, and separation of
 * duties. Pure: no database, no HTTP. The pages load the facts, call these, and write the result in
 * one transaction with row locks; the database repeats the separation-of-duties rules
 * (sql/004_concessions.sql). */
#ifndef PARLEY_APPROVAL_H
#define PARLEY_APPROVAL_H

#include <stddef.h>

#include "auth/caps.h"

#define APPROVAL_MAX_LEVELS 3
#define APPROVAL_MAX_POLICY_ROWS 16
#define APPROVAL_OVERDUE_SECONDS (24 * 60 * 60)

/* ------------------------------------------------------------------ policy */

/* One row of the policy table; -1 = no limit on that dimension. */
struct policy_row {
	long long max_discount_bp, max_amount;
	int levels;                       /* 0 none, 1 manager, 2 + director, 3 + vp */
};
struct policy {
	struct policy_row rows[APPROVAL_MAX_POLICY_ROWS];
	size_t nrows;                     /* in position order */
	long long payment_days_limit;     /* a longer payment term needs breach_levels; -1 = no limit */
	int breach_levels;                /* also for a breach of the plan (floor price, walk-away trigger) */
};

/* What the policy looks at, for the request being filed. Cumulative = this concession plus the
 * opportunity's earlier approved ones (and pending ones of the same requester), so that splitting a
 * concession into small ones does not escape the chain. -1 = not given. */
struct concession_facts {
	long long cumulative_bp, cumulative_amount, payment_days;
	int plan_breach;
};

/* The default table of docs/approvals.md. */
void policy_default(struct policy *p);
/* The levels a request needs: the first row whose limits all hold (a row with no limits always
 * holds); no row holds → APPROVAL_MAX_LEVELS. At least breach_levels when the payment term is over
 * the limit or the plan is breached. */
int policy_levels(const struct policy *p, const struct concession_facts *f);
/* Checks a policy an admin is saving: 1..APPROVAL_MAX_POLICY_ROWS rows, levels 0..3 and never
 * decreasing, limits never decreasing down the table, the last row without limits, payment limit
 * 1..3650 or -1, breach_levels 1..3. Returns NULL when valid, else a language key under
 * "policy.err.". *row gets the offending row index (or -1). */
const char *policy_validate(const struct policy *p, int *row);

/* Discount of a concession of amount (minor units) on list_price, in basis points rounded up (a
 * fraction of a basis point counts); 0 when list_price <= 0. */
long long concession_discount_bp(long long amount, long long list_price);

/* ------------------------------------------------------------------ the chain */

/* The requester's reporting line, nearest first: their manager, that one's manager, … */
struct line_member {
	long long user_id;
	enum role role;
	int active;
};

struct chain_step {
	int level;                        /* 1, 2, 3 */
	enum role role;                   /* the role asked for at this level: manager, director, vp */
	long long approver_id;
	enum role approver_role;          /* the role of who holds it (may be higher: a level skipped upward) */
};

/* The approvers for `levels` levels (1 manager, 2 director, 3 vp). Walks the line upward: each level
 * goes to the first remaining active member whose role is at least the level's role; a missing or
 * inactive level is skipped upward, never down; nobody holds two levels; the requester never holds
 * one. Returns the number of steps (== levels) or -1 when the line has nobody for some level (the
 * request cannot be filed: "no approver"). */
int chain_build(long long requester_id, const struct line_member *line, size_t nline, int levels,
                struct chain_step *out);

/* ------------------------------------------------------------------ the state machine */

enum req_state { RS_PENDING, RS_APPROVED, RS_REJECTED, RS_RETURNED, RS_WITHDRAWN, RS_NOT_REQUIRED, RS__COUNT };
enum step_state { SS_WAITING, SS_PENDING, SS_APPROVED, SS_REJECTED, SS_RETURNED, SS_VOID, SS_WITHDRAWN, SS__COUNT };
enum decision { DEC_APPROVE, DEC_REJECT, DEC_RETURN };

/* The enum values as stored (concession_requests.state, approval_steps.state); parse returns -1 for
 * an unknown name. */
const char *req_state_name(enum req_state s);
int req_state_parse(const char *s);
const char *step_state_name(enum step_state s);
int step_state_parse(const char *s);
const char *decision_name(enum decision d);   /* "approve" / "reject" / "return" */
int decision_parse(const char *s);

/* A request's chain as loaded for a decision (current version only, in level order). */
struct chain_view {
	long long request_id, requester_id;
	long long version;                /* the request's current version */
	enum req_state state;
	int green;                        /* green channel: every step pending at once */
	size_t nsteps;
	struct {
		long long id, approver_id, decided_by;   /* decided_by 0 = not decided */
		long long version;
		enum step_state state;
	} steps[APPROVAL_MAX_LEVELS];
};

/* Why an action is refused. Each has a language key "approval.err.<name>" (approval_err_key). */
enum approval_err {
	AE_OK = 0,
	AE_NOT_PENDING,          /* the request is no longer pending (decided, withdrawn, returned) */
	AE_STALE_VERSION,        /* the values changed since this step was created */
	AE_NOT_YOUR_STEP,        /* the actor neither holds the step nor stands in for its holder */
	AE_STEP_NOT_OPEN,        /* the step is waiting for an earlier one, or already decided */
	AE_SELF_APPROVAL,        /* the actor is the requester (also as a delegate) */
	AE_DELEGATOR_IS_REQUESTER, /* a delegate acting for the requester */
	AE_TWO_STEPS,            /* the actor holds or decided another step of this chain */
	AE_COMMENT_REQUIRED,     /* reject and return need a comment */
	AE_NOT_REQUESTER,        /* only the requester may withdraw or change the request */
	AE__COUNT
};
const char *approval_err_key(enum approval_err e);

/* The delegation in force for the actor on a step, if any: the approver of the step has delegated to
 * the actor today. The caller looks it up; 0 = none. */
struct decide_input {
	long long actor_id;
	long long step_id;
	long long step_version;           /* the version the actor saw (form field), to refuse stale pages */
	long long on_behalf_of;           /* the approver the actor stands in for (0 = self) */
	enum decision decision;
	int has_comment;
};

/* The outcome of a decision: the step's new state, the request's new state, and which step (index
 * into steps, or -1) becomes pending next. */
struct decide_result {
	size_t step;                      /* index of the decided step */
	enum step_state step_state;
	enum req_state req_state;
	long ns_next;                     /* next step to open, -1 none */
};

/* Decides whether the actor may take this decision on this chain and what follows. Separation of
 * duties is checked first (self-approval, delegate for the requester, two steps), then the state.
 * The caller records AE_* refusals in the audit log. */
enum approval_err approval_decide(const struct chain_view *c, const struct decide_input *in,
                                  struct decide_result *out);
/* The requester withdraws: allowed while pending or returned. */
enum approval_err approval_withdraw(const struct chain_view *c, long long actor_id);
/* The requester changes the values (or resubmits a returned request): allowed while pending or
 * returned; the caller bumps the version, voids the old steps and builds a fresh chain. */
enum approval_err approval_change(const struct chain_view *c, long long actor_id);

/* A pending step is overdue once it has waited APPROVAL_OVERDUE_SECONDS (since it became pending). */
int approval_overdue(long long pending_since, long long now);

/* ---------------------------------------------------------------- policy limits and levels */

/* Upper bounds policy_validate accepts for a row's limits (100 %, ¥10^13 in fen). */
#define APPROVAL_MAX_DISCOUNT_BP 10000LL
#define APPROVAL_MAX_AMOUNT 1000000000000000LL

/* The role asked for at a level: 1 manager, 2 director, 3 vp; ROLE_NONE otherwise. */
enum role approval_level_role(int level);
/* "not_pending", … (the key without "approval.err."), for the audit detail; "" for AE_OK. */
const char *approval_err_name(enum approval_err e);
/* The HTTP status for a refusal: 403 separation of duties / not yours (self_approval,
 * delegator_is_requester, two_steps, not_your_step, not_requester), 422 comment_required, 409 the
 * state conflicts (not_pending, stale_version, step_not_open); 200 for AE_OK. */
int approval_err_status(enum approval_err e);
/* 1 when this exact decision is already recorded: the step was decided by the actor with the same
 * decision on the same version (a double click) — answer with the request page, change nothing. */
int approval_is_repeat(const struct chain_view *c, const struct decide_input *in);

#endif
