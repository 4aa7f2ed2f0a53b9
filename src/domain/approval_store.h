/* The approval policy, the requester's reporting line and a request's chain as stored, and the
 * writing of a fresh chain. Every function runs on the given connection (inside the caller's
 * transaction where it writes). Rules in docs/approvals.md. */
#ifndef PARLEY_APPROVAL_STORE_H
#define PARLEY_APPROVAL_STORE_H

#include <time.h>

#include "db/db.h"
#include "domain/approval.h"

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

#endif
