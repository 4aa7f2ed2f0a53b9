/* What the concession, approval and policy pages share: loading the policy, the requester's
 * reporting line and a request's chain, and writing a fresh chain. Every function runs on the given
 * connection (inside the caller's transaction where it writes). Implemented in approval_common.c. */
#ifndef PARLEY_APPROVAL_COMMON_H
#define PARLEY_APPROVAL_COMMON_H

#include <time.h>

#include "db/db.h"
#include "domain/approval.h"

struct req;

/* The stored policy (approval_policy_rows in position order + approval_policy_settings). 0 / -1. */
int policy_load(struct db *db, struct policy *p);

/* The reporting line above user_id, nearest first (manager_id links, at most 8). Returns how many, -1
 * on a database error. Inactive members are included with active = 0 (chain_build skips them). */
int line_load(struct db *db, long long user_id, struct line_member *out, size_t max);

/* The request's state, version, requester, urgency and its current version's steps in level order.
 * for_update: lock the request row and its steps (SELECT … FOR UPDATE) — decisions, withdrawals and
 * changes take the lock first, so two concurrent decisions serialise and the second sees the first.
 * Returns 0, 1 when there is no such request, -1 on error. No visibility check: the caller has
 * checked the request's customer already. */
int chain_load(struct db *db, long long request_id, int for_update, struct chain_view *out);

/* Writes the steps of version `version` for a request: state 'pending' with pending_since = now for
 * the first step (every step when green), 'waiting' for the others. 0 / db_err. */
int chain_create(struct db *db, long long request_id, long long version, long long requester_id,
                 const struct chain_step *steps, int nsteps, int green, time_t now);

/* Marks every not yet decided step of the request's versions below `version` 'void'. 0 / db_err. */
int chain_void_before(struct db *db, long long request_id, long long version);

/* Is `delegate_id` standing in for `delegator_id` on `day` (YYYY-MM-DD, the delegate's today)?
 * 1 yes, 0 no, -1 error. */
int delegation_active(struct db *db, long long delegator_id, long long delegate_id, const char *day);

/* The number of steps waiting for this user's decision (their own pending steps and those of people
 * who delegated to them today), for the header badge. -1 on error. */
long long approvals_pending_count(struct req *rq);
/* The layout's figures for a page about to be rendered: the approvals badge (Nav.approvals_pending),
 * steps waiting for the signed-in approver (one indexed query; none for roles that approve nothing).
 * A failure only hides the badge. Installed as app->layout_figures. */
void layout_figures(struct req *rq);

#endif
