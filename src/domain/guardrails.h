/* Guardrails from the negotiation plan (docs/records.md): a record's key terms and concessions
 * checked against the plan's bottom lines, walk-away triggers and concession ladder. Pure: the
 * caller decrypts the plan's bundles (plan_limits_parse) and passes the numbers in.
 * A value exactly at a limit is within it. Unset limits (-1) and unset values (-1) check nothing. */
#ifndef PARLEY_GUARDRAILS_H
#define PARLEY_GUARDRAILS_H

#include <stddef.h>

#include "domain/plan.h"

enum gr_kind {
	GR_BELOW_FLOOR,           /* price < min_price */
	GR_DISCOUNT_OVER_MAX,     /* discount > max_discount_bp (a term's, or the concessions' running total) */
	GR_STEP_OVER_LADDER,      /* one concession step > ladder_step_bp */
	GR_PAYMENT_OVER_LIMIT,    /* payment days > max_payment_days */
	GR_PAYMENT_OVER_TRIGGER,  /* payment days > walkaway_payment_days */
	GR_NO_COUNTER,            /* a concession without a counter-concession (needs no plan) */
	GR__COUNT
};
enum gr_source { GR_TERM, GR_CONCESSION };

/* The numbers of one key term; -1 = not given. */
struct gr_term {
	long long price, discount_bp, payment_days;
};
/* One concession; -1 = not given. has_counter: something was asked and got in return. */
struct gr_concession {
	long long discount_bp, payment_days;
	int has_counter;
};

struct gr_breach {
	enum gr_kind kind;
	enum gr_source source;
	size_t position;          /* index in the terms or concessions given */
	long long actual, limit;  /* the figures (limit -1 for GR_NO_COUNTER) */
};

/* "below_floor", "discount_over_max", … — the negotiation_flags.kind values. */
const char *gr_kind_name(enum gr_kind k);
/* "term" / "concession" — the negotiation_flags.source values. */
const char *gr_source_name(enum gr_source s);
/* Which plan tier holds a kind's limit: 1 confidential (bottom lines, triggers), 0 none (ladder,
 * counter-concessions: plain plan columns or the record itself). */
int gr_kind_confidential(enum gr_kind k);

/* Lists the breaches into out (at most max; terms first, then concessions, each in order) and returns
 * how many there are in all (may exceed max). l may be NULL (no plan): only GR_NO_COUNTER applies. */
size_t gr_check(const struct plan_limits *l, const struct gr_term *terms, size_t nterms,
                const struct gr_concession *conc, size_t nconc, struct gr_breach *out, size_t max);

#endif
