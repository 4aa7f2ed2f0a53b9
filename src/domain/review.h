/* Win/loss review rules (docs/reviews.md): whether a promise was kept, the plan's must-achieve goals
 * as a list, and plan against actual. Pure: no database, no I/O. */
#ifndef PARLEY_REVIEW_H
#define PARLEY_REVIEW_H

#include <stddef.h>

/* A promise (a record's next action) as of today, all dates ISO in the user's zone; done "" = not done. */
enum promise_state { PROMISE_ON_TIME, PROMISE_LATE, PROMISE_OVERDUE, PROMISE_OPEN };
enum promise_state review_promise(const char *due, const char *done, const char *today);
const char *review_promise_name(enum promise_state s);   /* "on_time", "late", "overdue", "open" */

/* The must-achieve goals of a plan, one per non-blank line, without list marks ("- ", "• ", "1. ",
 * "1、", "(1) "); each at most 1000 bytes (cut on a UTF-8 boundary). Calls fn(goal, len, ctx) for each,
 * at most max goals; returns how many. */
size_t review_goals_split(const char *text, size_t max, void (*fn)(const char *goal, size_t len, void *ctx),
                          void *ctx);

/* The discount given, in basis points of the list price (final above list: 0); -1 when unknown. */
long long review_discount_bp(long long list_price, long long final_price);

/* Actual against a planned limit: REVIEW_WITHIN or REVIEW_BEYOND, REVIEW_UNKNOWN when either is < 0.
 * floor: the actual must be at least the limit (a price); ceiling: at most (a discount, days, a step). */
enum review_verdict { REVIEW_UNKNOWN = -1, REVIEW_BEYOND = 0, REVIEW_WITHIN = 1 };
enum review_verdict review_at_least(long long actual, long long limit);
enum review_verdict review_at_most(long long actual, long long limit);

#endif
