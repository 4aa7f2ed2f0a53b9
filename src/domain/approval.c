/* Concession approvals: policy, chain, state machine, separation of duties (see approval.h). */
#include "domain/approval.h"

#include <string.h>

/* ------------------------------------------------------------------ policy */

void policy_default(struct policy *p)
{
	static const struct policy_row rows[] = {
		{ .max_discount_bp = 500, .max_amount = 5000000, .levels = 0 },     /* 5 %, ¥50,000 */
		{ .max_discount_bp = 1000, .max_amount = 50000000, .levels = 1 },   /* 10 %, ¥500,000 */
		{ .max_discount_bp = 1500, .max_amount = 50000000, .levels = 2 },   /* 15 %, ¥500,000 */
		{ .max_discount_bp = -1, .max_amount = -1, .levels = 3 },
	};

	memset(p, 0, sizeof *p);
	memcpy(p->rows, rows, sizeof rows);
	p->nrows = sizeof rows / sizeof rows[0];
	p->payment_days_limit = 90;
	p->breach_levels = APPROVAL_MAX_LEVELS;
}

/* value within limit; -1 on either side = no constraint (a fact not given, e.g. the discount of a
 * concession on an opportunity without a list price, is judged by the other dimension alone) */
static int within(long long value, long long limit)
{
	return limit < 0 || value < 0 || value <= limit;
}

int policy_levels(const struct policy *p, const struct concession_facts *f)
{
	int levels = APPROVAL_MAX_LEVELS;
	size_t i;

	for (i = 0; i < p->nrows && i < APPROVAL_MAX_POLICY_ROWS; i++) {
		const struct policy_row *r = &p->rows[i];

		if (within(f->cumulative_bp, r->max_discount_bp) && within(f->cumulative_amount, r->max_amount)) {
			levels = r->levels;
			break;
		}
	}
	if (levels < 0)
		levels = 0;
	if (levels > APPROVAL_MAX_LEVELS)
		levels = APPROVAL_MAX_LEVELS;
	if (f->plan_breach || (p->payment_days_limit >= 0 && f->payment_days >= 0
	                       && f->payment_days > p->payment_days_limit)) {
		int b = p->breach_levels;

		if (b < 1 || b > APPROVAL_MAX_LEVELS)
			b = APPROVAL_MAX_LEVELS;
		if (levels < b)
			levels = b;
	}
	return levels;
}

/* a <= b where -1 means "no limit" (infinity) */
static int limit_le(long long a, long long b)
{
	if (b < 0)
		return 1;
	if (a < 0)
		return 0;
	return a <= b;
}

const char *policy_validate(const struct policy *p, int *row)
{
	size_t i;

	if (row)
		*row = -1;
	if (p->nrows < 1 || p->nrows > APPROVAL_MAX_POLICY_ROWS)
		return "policy.err.rows";
	for (i = 0; i < p->nrows; i++) {
		const struct policy_row *r = &p->rows[i];
		int last = i + 1 == p->nrows;

		if (row)
			*row = (int)i;
		if (r->levels < 0 || r->levels > APPROVAL_MAX_LEVELS)
			return "policy.err.levels";
		if (r->max_discount_bp < -1 || r->max_discount_bp > APPROVAL_MAX_DISCOUNT_BP)
			return "policy.err.discount";
		if (r->max_amount < -1 || r->max_amount > APPROVAL_MAX_AMOUNT)
			return "policy.err.amount";
		if (last && (r->max_discount_bp != -1 || r->max_amount != -1))
			return "policy.err.last_row";
		if (!last && r->max_discount_bp == -1 && r->max_amount == -1)
			return "policy.err.unlimited_row";
		if (i > 0) {
			const struct policy_row *prev = &p->rows[i - 1];

			if (r->levels < prev->levels)
				return "policy.err.levels_order";
			if (!limit_le(prev->max_discount_bp, r->max_discount_bp)
			    || !limit_le(prev->max_amount, r->max_amount))
				return "policy.err.limits_order";
		}
	}
	if (row)
		*row = -1;
	if (p->payment_days_limit != -1 && (p->payment_days_limit < 1 || p->payment_days_limit > 3650))
		return "policy.err.payment_days";
	if (p->breach_levels < 1 || p->breach_levels > APPROVAL_MAX_LEVELS)
		return "policy.err.breach_levels";
	return NULL;
}

long long concession_discount_bp(long long amount, long long list_price)
{
	unsigned __int128 num;
	unsigned __int128 q;

	if (list_price <= 0 || amount <= 0)
		return 0;
	num = (unsigned __int128)amount * 10000u;
	q = num / (unsigned __int128)list_price;
	if (num % (unsigned __int128)list_price)
		q++;
	return q > (unsigned __int128)(9223372036854775807LL) ? 9223372036854775807LL : (long long)q;
}

/* ------------------------------------------------------------------ the chain */

/* A role's rank as an approver: 1 manager, 2 director, 3 vp; 0 approves nothing (rep, executive,
 * admin). */
static int approver_rank(enum role r)
{
	switch (r) {
	case ROLE_MANAGER: return 1;
	case ROLE_DIRECTOR: return 2;
	case ROLE_VP: return 3;
	default: return 0;
	}
}

enum role approval_level_role(int level)
{
	switch (level) {
	case 1: return ROLE_MANAGER;
	case 2: return ROLE_DIRECTOR;
	case 3: return ROLE_VP;
	default: return ROLE_NONE;
	}
}

int chain_build(long long requester_id, const struct line_member *line, size_t nline, int levels,
                struct chain_step *out)
{
	size_t pos = 0;
	int level;

	if (levels < 0 || levels > APPROVAL_MAX_LEVELS)
		return -1;
	for (level = 1; level <= levels; level++) {
		int found = 0;

		for (; pos < nline; pos++) {
			const struct line_member *m = &line[pos];
			int k, dup = 0;

			if (!m->active || m->user_id <= 0 || m->user_id == requester_id
			    || approver_rank(m->role) < level)
				continue;
			for (k = 0; k < level - 1; k++)
				if (out[k].approver_id == m->user_id)
					dup = 1;
			if (dup)
				continue;
			out[level - 1] = (struct chain_step){
				.level = level,
				.role = approval_level_role(level),
				.approver_id = m->user_id,
				.approver_role = m->role,
			};
			pos++;
			found = 1;
			break;
		}
		if (!found)
			return -1;
	}
	return levels;
}

/* ------------------------------------------------------------------ the state machine */

static const char *const req_state_names[RS__COUNT] = {
	[RS_PENDING] = "pending",
	[RS_APPROVED] = "approved",
	[RS_REJECTED] = "rejected",
	[RS_RETURNED] = "returned",
	[RS_WITHDRAWN] = "withdrawn",
	[RS_NOT_REQUIRED] = "not_required",
};

static const char *const step_state_names[SS__COUNT] = {
	[SS_WAITING] = "waiting",
	[SS_PENDING] = "pending",
	[SS_APPROVED] = "approved",
	[SS_REJECTED] = "rejected",
	[SS_RETURNED] = "returned",
	[SS_VOID] = "void",
	[SS_WITHDRAWN] = "withdrawn",
};

static const char *const decision_names[] = {
	[DEC_APPROVE] = "approve",
	[DEC_REJECT] = "reject",
	[DEC_RETURN] = "return",
};
#define NDECISIONS (sizeof decision_names / sizeof decision_names[0])

static int find_name(const char *const *names, size_t n, const char *s)
{
	size_t i;

	if (!s)
		return -1;
	for (i = 0; i < n; i++)
		if (names[i] && strcmp(names[i], s) == 0)
			return (int)i;
	return -1;
}

const char *req_state_name(enum req_state s)
{
	return (unsigned)s < RS__COUNT ? req_state_names[s] : "";
}

int req_state_parse(const char *s)
{
	return find_name(req_state_names, RS__COUNT, s);
}

const char *step_state_name(enum step_state s)
{
	return (unsigned)s < SS__COUNT ? step_state_names[s] : "";
}

int step_state_parse(const char *s)
{
	return find_name(step_state_names, SS__COUNT, s);
}

const char *decision_name(enum decision d)
{
	return (unsigned)d < NDECISIONS ? decision_names[d] : "";
}

int decision_parse(const char *s)
{
	return find_name(decision_names, NDECISIONS, s);
}

static const char *const err_keys[AE__COUNT] = {
	[AE_OK] = "",
	[AE_NOT_PENDING] = "approval.err.not_pending",
	[AE_STALE_VERSION] = "approval.err.stale_version",
	[AE_NOT_YOUR_STEP] = "approval.err.not_your_step",
	[AE_STEP_NOT_OPEN] = "approval.err.step_not_open",
	[AE_SELF_APPROVAL] = "approval.err.self_approval",
	[AE_DELEGATOR_IS_REQUESTER] = "approval.err.delegator_is_requester",
	[AE_TWO_STEPS] = "approval.err.two_steps",
	[AE_COMMENT_REQUIRED] = "approval.err.comment_required",
	[AE_NOT_REQUESTER] = "approval.err.not_requester",
};

const char *approval_err_key(enum approval_err e)
{
	return (unsigned)e < AE__COUNT ? err_keys[e] : "";
}

const char *approval_err_name(enum approval_err e)
{
	const char *k = approval_err_key(e);

	return *k ? k + sizeof "approval.err." - 1 : "";
}

int approval_err_status(enum approval_err e)
{
	switch (e) {
	case AE_OK: return 200;
	case AE_SELF_APPROVAL:
	case AE_DELEGATOR_IS_REQUESTER:
	case AE_TWO_STEPS:
	case AE_NOT_YOUR_STEP:
	case AE_NOT_REQUESTER:
		return 403;
	case AE_COMMENT_REQUIRED:
		return 422;
	default:
		return 409;
	}
}

static long step_index(const struct chain_view *c, long long step_id)
{
	size_t i;

	for (i = 0; i < c->nsteps && i < APPROVAL_MAX_LEVELS; i++)
		if (c->steps[i].id == step_id)
			return (long)i;
	return -1;
}

static int decided_state(enum step_state s)
{
	return s == SS_APPROVED || s == SS_REJECTED || s == SS_RETURNED;
}

static enum step_state decision_state(enum decision d)
{
	return d == DEC_REJECT ? SS_REJECTED : d == DEC_RETURN ? SS_RETURNED : SS_APPROVED;
}

enum approval_err approval_decide(const struct chain_view *c, const struct decide_input *in,
                                  struct decide_result *out)
{
	long long behalf = in->on_behalf_of == in->actor_id ? 0 : in->on_behalf_of;
	long long holder = behalf ? behalf : in->actor_id;
	size_t n = c->nsteps < APPROVAL_MAX_LEVELS ? c->nsteps : APPROVAL_MAX_LEVELS;
	long idx = step_index(c, in->step_id);
	size_t i;

	if (out)
		*out = (struct decide_result){ .step = 0, .step_state = SS_PENDING, .req_state = c->state, .ns_next = -1 };

	/* separation of duties */
	if (in->actor_id == c->requester_id)
		return AE_SELF_APPROVAL;
	if (behalf && behalf == c->requester_id)
		return AE_DELEGATOR_IS_REQUESTER;
	if (idx < 0)   /* not a step of the current version: the chain was restarted (or there is none) */
		return c->state == RS_PENDING ? AE_STALE_VERSION : AE_NOT_PENDING;
	for (i = 0; i < n; i++) {
		if ((long)i == idx)
			continue;
		if (c->steps[i].approver_id == in->actor_id || c->steps[i].decided_by == in->actor_id)
			return AE_TWO_STEPS;
	}
	if (c->steps[idx].approver_id != holder)
		return AE_NOT_YOUR_STEP;

	/* state */
	if (c->state != RS_PENDING)
		return AE_NOT_PENDING;
	if (in->step_version != c->version || c->steps[idx].version != c->version)
		return AE_STALE_VERSION;
	if (c->steps[idx].state != SS_PENDING || c->steps[idx].decided_by != 0)
		return AE_STEP_NOT_OPEN;
	if ((unsigned)in->decision >= NDECISIONS)
		return AE_STEP_NOT_OPEN;
	if (in->decision != DEC_APPROVE && !in->has_comment)
		return AE_COMMENT_REQUIRED;

	if (!out)
		return AE_OK;
	out->step = (size_t)idx;
	out->step_state = decision_state(in->decision);
	out->ns_next = -1;
	if (in->decision == DEC_REJECT) {
		out->req_state = RS_REJECTED;
	} else if (in->decision == DEC_RETURN) {
		out->req_state = RS_RETURNED;
	} else {
		int all = 1;

		for (i = 0; i < n; i++)
			if ((long)i != idx && c->steps[i].state != SS_APPROVED)
				all = 0;
		out->req_state = all ? RS_APPROVED : RS_PENDING;
		if (!all && !c->green) {
			for (i = (size_t)idx + 1; i < n; i++)
				if (c->steps[i].state == SS_WAITING) {
					out->ns_next = (long)i;
					break;
				}
		}
	}
	return AE_OK;
}

int approval_is_repeat(const struct chain_view *c, const struct decide_input *in)
{
	long idx = step_index(c, in->step_id);

	if (idx < 0 || (unsigned)in->decision >= NDECISIONS)
		return 0;
	return decided_state(c->steps[idx].state) && c->steps[idx].decided_by == in->actor_id
	       && c->steps[idx].state == decision_state(in->decision) && in->step_version == c->steps[idx].version;
}

static enum approval_err requester_action(const struct chain_view *c, long long actor_id)
{
	if (actor_id != c->requester_id)
		return AE_NOT_REQUESTER;
	if (c->state != RS_PENDING && c->state != RS_RETURNED)
		return AE_NOT_PENDING;
	return AE_OK;
}

enum approval_err approval_withdraw(const struct chain_view *c, long long actor_id)
{
	return requester_action(c, actor_id);
}

enum approval_err approval_change(const struct chain_view *c, long long actor_id)
{
	return requester_action(c, actor_id);
}

int approval_overdue(long long pending_since, long long now)
{
	return pending_since > 0 && now - pending_since >= APPROVAL_OVERDUE_SECONDS;
}
