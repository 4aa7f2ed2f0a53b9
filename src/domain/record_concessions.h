/* The approval policy applied to the concession rows of a negotiation record (docs/approvals.md,
 * docs/record-entry.md): what each row needs, and whether the approved request it names carries it. */
#ifndef PARLEY_RECORD_CONCESSIONS_H
#define PARLEY_RECORD_CONCESSIONS_H

#include <stddef.h>

#include "auth/visibility.h"
#include "db/db.h"
#include "domain/approval.h"
#include "domain/plan.h"

/* A concession row as the rules see it. Numbers are -1 when not given. */
struct rc_row {
	const char *term;               /* NULL, "" or not a concession term: not judged */
	long long value, discount_bp, payment_days;
	long long request;              /* the approved request it names; <= 0 none */
	int value_typed, discount_typed; /* the cell held text (well-formed or not) */
	int blank;                      /* an empty row: ignored */
};

/* The verdict on one row: why is NULL when it passes, else a language key for the cell named by
 * field ("value" or "request"); link: the message should point to filing a request. */
struct rc_verdict {
	const char *field, *why;
	int link;
};

/* The record's concession rows judged together (a record holds at most 50):
 *   - every row is sized by the policy with the opportunity's cumulative figures (its approved and
 *     not-required requests, the rows without a request of its other records, this record's rows
 *     without a request so far, and this row: the larger of its value and its discount of the list
 *     price; a price row must give one);
 *   - a row that needs approval must name an approved or not-required request of the opportunity
 *     with the same term, amount, discount and payment term, not carried out by another row, whose
 *     chain was at least as long as the row needs; a named request must always fit;
 *   - rows the record (record_id, 0 when new) already holds unchanged for the same opportunity are
 *     counted, not judged again.
 * scope: the user's rows (VIS_SQL); lim: the plan's bottom lines a row may breach (NULL: none);
 * lock: inside the save's transaction, the opportunity's version counter written first so that
 * concurrent saves and filings serialise. out has n entries. Returns the number of problems, or a
 * db_err (< 0). */
int rc_check(struct db *db, const struct vis_scope *scope, const struct policy *pol, const struct rc_row *rows,
             size_t n, long long record_id, long long opportunity_id, long long customer_id,
             const struct plan_limits *lim, int lock, struct rc_verdict *out);

/* A row's amount against the list price (list <= 0: unknown): the larger of its value and its
 * discount of the list price, rounded up, capped at MONEY_MAX. */
long long rc_amount(const struct rc_row *row, long long list);

#endif
