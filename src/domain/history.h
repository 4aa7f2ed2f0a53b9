/* A customer's negotiation history, computed from plain values (no HTTP, no database):
 * needs that recur across the last records, concessions given against the list price,
 * objection types over time, how the needs changed between the first and the latest record,
 * and satisfaction survey averages (docs/records.md). Integer arithmetic only. */
#ifndef PARLEY_HISTORY_H
#define PARLEY_HISTORY_H

#include <stddef.h>

/* negotiation_needs.topic, in display order of ties. */
enum need_topic {
	TOPIC_PRICE, TOPIC_DELIVERY, TOPIC_PAYMENT, TOPIC_SERVICE, TOPIC_SUPPORT, TOPIC_QUALITY, TOPIC_FUNCTION,
	TOPIC_OTHER, TOPIC__N
};
extern const char *const need_topics[];   /* "price" … "other", NULL-terminated */
/* The topic's index, or -1 when s is not one. */
int need_topic_index(const char *s);
/* The set of topics (bit 1 << topic) named in topics[0..n); unknown names are ignored. */
unsigned history_topic_mask(const char *const *topics, size_t n);

/* (a) Recurring needs. masks[i] is the topic set of record i, newest first (a record without
 * needs has 0). Within the window of the last min(nrec, last_n) records, every topic found in at
 * least min_k of them is written to out (room for TOPIC__N) as "k of the last n", sorted by k
 * descending, ties in topic order. Returns how many were written. */
struct recurring_need {
	int topic;
	size_t k, n;
};
size_t history_recurring(const unsigned *masks, size_t nrec, size_t last_n, size_t min_k,
                         struct recurring_need *out);

/* (b) Cumulative concessions of one opportunity. Each concession may carry money given (value,
 * minor units) and/or a discount step (discount_bp, basis points of the list price); -1 = not set.
 * A concession with a step but no value is valued at list_price × step when the list price is
 * known. cum_bp = total_value / list_price in basis points, rounded half up; -1 when the list price
 * is missing (<= 0) — then only the explicit values and the sum of steps are known. */
struct concession_in {
	long long value;
	long long discount_bp;
};
struct concession_total {
	size_t count;          /* concessions seen */
	size_t unvalued;       /* with neither a value nor a step (e.g. a service concession) */
	long long value_sum;   /* sum of explicit values */
	long long bp_sum;      /* sum of explicit steps */
	long long total_value; /* explicit values plus steps valued at the list price (= value_sum without one) */
	long long cum_bp;      /* total_value against the list price; -1 without a list price */
};
/* 0, or -1 on bad input (negative value/step other than -1, a sum beyond the money range). */
int history_concessions(const struct concession_in *c, size_t n, long long list_price, struct concession_total *out);

/* (c) Objection types over time. Input rows (date "YYYY-MM-DD", type, count) in any order;
 * output one point per date, ascending, with counts per type; totals per type in totals (may be
 * NULL). Rows with an unknown type or a bad date are skipped. At most max points; returns how
 * many were written (dates beyond max, counting from the latest, are dropped: the oldest go). */
enum objection_type { OBJ_PRICE, OBJ_FUNCTION, OBJ_TRUST, OBJ_DECISION, OBJ__N };
extern const char *const objection_types[];   /* "price", "function", "trust", "decision", NULL */
int objection_type_index(const char *s);
struct objection_in {
	const char *date;
	const char *type;
	long long count;
};
struct objection_point {
	char date[11];
	long long count[OBJ__N];
	long long total;
};
size_t history_objections(const struct objection_in *in, size_t n, struct objection_point *out, size_t max,
                          long long totals[OBJ__N]);

/* (d) How needs changed from the first record's topics to the latest's. */
struct needs_change {
	unsigned added, dropped, kept;
};
void history_needs_change(unsigned first, unsigned latest, struct needs_change *out);
/* The topics of a mask in topic order: writes up to TOPIC__N indexes, returns how many. */
size_t history_topics_of(unsigned mask, int *out);

/* Satisfaction surveys: four scores 1–5 each. */
enum survey_score { SCORE_SERVICE, SCORE_SOLUTION, SCORE_SPEED, SCORE_TEAM, SCORE__N };
extern const char *const survey_score_fields[];   /* form/column names, NULL-terminated */
extern const char *const survey_overall[];        /* "satisfied", "average", "dissatisfied", NULL */
#define SURVEY_SCORE_MIN 1
#define SURVEY_SCORE_MAX 5
int survey_score_ok(long long v);
int survey_overall_ok(const char *s);
/* Averages in tenths, rounded half up (43 = 4.3), per score and over all four; count = surveys.
 * With no surveys every average is -1. Surveys with a score outside 1–5 are skipped. */
struct survey_avg {
	size_t count;
	long long tenths[SCORE__N];
	long long all_tenths;
};
void survey_averages(const int (*scores)[SCORE__N], size_t n, struct survey_avg *out);
/* 43 → "4.3"; -1 → "". */
void tenths_format(long long tenths, char *out, size_t n);

#endif
