/* Negotiation plan bundles (docs/records.md): the plaintexts sealed as plans.confidential_enc and
 * plans.restricted_enc. Pure: no database, no I/O.
 *
 *   confidential: "batna=<text>\nmin_price=<minor>\nmax_discount_bp=<bp>\nmax_payment_days=<n>\n"
 *                 "walkaway_payment_days=<n>\n"
 *   restricted:   "min_margin_bp=<bp>\nwalkaway_margin_bp=<bp>\n"
 *
 * Lines may be absent (value not set) and come in any order; unknown keys are ignored. Text values
 * are percent-encoded ('%', '=', CR, LF and other control bytes as %XX), numbers are plain decimal
 * integers >= 0. */
#ifndef PARLEY_PLAN_H
#define PARLEY_PLAN_H

#include <stddef.h>

struct plan_limits {
	long long min_price;             /* minor units */
	long long max_discount_bp;
	long long max_payment_days;
	long long walkaway_payment_days;
	long long min_margin_bp;
	long long walkaway_margin_bp;
	long long ladder_step_bp;        /* plans.ladder_step_bp: a plain column, not in a bundle */
	/* -1 = not set (or not readable by this user) */
};

/* Every field -1. */
void plan_limits_clear(struct plan_limits *l);

/* Parse either bundle (NULL or "" = absent: its fields stay -1). Sets every field of *out; the
 * caller fills ladder_step_bp from the column (it is left -1 here). 0 ok, -1 malformed input
 * (a line without '=', a bad number, a bad %XX, a missing final newline) — *out is then all -1. */
int plan_limits_parse(const char *conf_plain, const char *restr_plain, struct plan_limits *out);

/* The BATNA text of a confidential bundle, decoded, malloc'd into *batna ("" when absent).
 * 0 ok, -1 malformed or out of memory (*batna = NULL). */
int plan_batna_parse(const char *conf_plain, char **batna);

/* Build the bundles, malloc'd and NUL-terminated into *out. batna may be NULL or "" (line left
 * out); a field < 0 leaves its line out. The confidential bundle uses min_price, max_discount_bp,
 * max_payment_days, walkaway_payment_days; the restricted one min_margin_bp, walkaway_margin_bp.
 * When nothing at all is set, *out is NULL (store NULL). 0 ok, -1 out of memory. */
int plan_conf_encode(const char *batna, const struct plan_limits *l, char **out);
int plan_restr_encode(const struct plan_limits *l, char **out);

#endif
