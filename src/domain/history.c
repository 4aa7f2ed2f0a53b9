/* A customer's negotiation history from plain values: see history.h. */
#include "domain/history.h"

#include <stdio.h>
#include <string.h>

#include "domain/units.h"

const char *const need_topics[] = { "price", "delivery", "payment", "service", "support", "quality", "function",
	                             "other", NULL };
const char *const objection_types[] = { "price", "function", "trust", "decision", NULL };
const char *const survey_score_fields[] = { "service_quality", "solution_effect", "response_speed",
	                                    "team_cooperation", NULL };
const char *const survey_overall[] = { "satisfied", "average", "dissatisfied", NULL };

static int index_of(const char *const *list, const char *s)
{
	int i;

	if (!s)
		return -1;
	for (i = 0; list[i]; i++)
		if (!strcmp(list[i], s))
			return i;
	return -1;
}

int need_topic_index(const char *s)
{
	return index_of(need_topics, s);
}

int objection_type_index(const char *s)
{
	return index_of(objection_types, s);
}

unsigned history_topic_mask(const char *const *topics, size_t n)
{
	unsigned m = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		int t = need_topic_index(topics[i]);
		if (t >= 0)
			m |= 1u << t;
	}
	return m;
}

/* ------------------------------------------------------------------ (a) recurring needs */

size_t history_recurring(const unsigned *masks, size_t nrec, size_t last_n, size_t min_k,
                         struct recurring_need *out)
{
	size_t window = nrec < last_n ? nrec : last_n;
	size_t k[TOPIC__N] = { 0 };
	size_t i, j, w = 0;
	int t;

	if (!masks || !out || window == 0)
		return 0;
	if (min_k == 0)
		min_k = 1;
	for (i = 0; i < window; i++)
		for (t = 0; t < TOPIC__N; t++)
			if (masks[i] & (1u << t))
				k[t]++;
	for (t = 0; t < TOPIC__N; t++) {
		if (k[t] < min_k)
			continue;
		/* Insertion keeps k descending and, for equal k, topic order (stable). */
		for (j = w; j > 0 && out[j - 1].k < k[t]; j--)
			out[j] = out[j - 1];
		out[j] = (struct recurring_need){ .topic = t, .k = k[t], .n = window };
		w++;
	}
	return w;
}

/* ------------------------------------------------------------------ (b) concessions */

/* a × b / d rounded half up, exact in 128 bits (a, b >= 0, d > 0); -1 when beyond MONEY_MAX. */
static long long muldiv(long long a, long long b, long long d)
{
	unsigned __int128 p = (unsigned __int128)a * (unsigned __int128)b;
	unsigned __int128 q = (p + (unsigned __int128)d / 2) / (unsigned __int128)d;

	return q > (unsigned __int128)MONEY_MAX ? -1 : (long long)q;
}

int history_concessions(const struct concession_in *c, size_t n, long long list_price, struct concession_total *out)
{
	size_t i;
	int have_list = list_price > 0;

	if (!out)
		return -1;
	memset(out, 0, sizeof *out);
	out->cum_bp = -1;
	if (n && !c)
		return -1;
	if (list_price > MONEY_MAX)
		return -1;
	for (i = 0; i < n; i++) {
		long long v = c[i].value, bp = c[i].discount_bp;
		if (v < -1 || bp < -1 || v > MONEY_MAX || bp > 10000)
			return -1;
		out->count++;
		if (v < 0 && bp < 0) {
			out->unvalued++;
			continue;
		}
		if (bp >= 0)
			out->bp_sum += bp;
		if (v >= 0) {
			out->value_sum += v;
			out->total_value += v;
		} else if (have_list) {
			long long derived = muldiv(list_price, bp, 10000);
			if (derived < 0)
				return -1;
			out->total_value += derived;
		}
		if (out->value_sum > MONEY_MAX || out->total_value > MONEY_MAX)
			return -1;
	}
	if (have_list && (out->cum_bp = muldiv(out->total_value, 10000, list_price)) < 0)
		return -1;
	return 0;
}

/* ------------------------------------------------------------------ (c) objections over time */

size_t history_objections(const struct objection_in *in, size_t n, struct objection_point *out, size_t max,
                          long long totals[OBJ__N])
{
	size_t i, j, w = 0;
	int y, m, d, t;

	if (totals)
		for (t = 0; t < OBJ__N; t++)
			totals[t] = 0;
	if (!in || !out || max == 0)
		return 0;
	for (i = 0; i < n; i++) {
		t = objection_type_index(in[i].type);
		if (t < 0 || in[i].count <= 0 || !in[i].date || date_parse(in[i].date, &y, &m, &d) < 0)
			continue;
		if (totals)
			totals[t] += in[i].count;
		/* out[0..w) ascending by date: find the date or where it goes. */
		for (j = 0; j < w && strcmp(out[j].date, in[i].date) < 0; j++)
			;
		if (j < w && !strcmp(out[j].date, in[i].date)) {
			out[j].count[t] += in[i].count;
			out[j].total += in[i].count;
			continue;
		}
		if (w == max) {
			if (j == 0)
				continue;   /* older than every kept date: dropped */
			memmove(&out[0], &out[1], (j - 1) * sizeof out[0]);
			j--;
			w--;
		} else {
			memmove(&out[j + 1], &out[j], (w - j) * sizeof out[0]);
		}
		memset(&out[j], 0, sizeof out[j]);
		snprintf(out[j].date, sizeof out[j].date, "%s", in[i].date);
		out[j].count[t] = in[i].count;
		out[j].total = in[i].count;
		w++;
	}
	return w;
}

/* ------------------------------------------------------------------ (d) needs change */

void history_needs_change(unsigned first, unsigned latest, struct needs_change *out)
{
	unsigned all = (1u << TOPIC__N) - 1;

	first &= all;
	latest &= all;
	out->added = latest & ~first;
	out->dropped = first & ~latest;
	out->kept = first & latest;
}

size_t history_topics_of(unsigned mask, int *out)
{
	size_t w = 0;
	int t;

	for (t = 0; t < TOPIC__N; t++)
		if (mask & (1u << t))
			out[w++] = t;
	return w;
}

/* ------------------------------------------------------------------ surveys */

int survey_score_ok(long long v)
{
	return v >= SURVEY_SCORE_MIN && v <= SURVEY_SCORE_MAX;
}

int survey_overall_ok(const char *s)
{
	return index_of(survey_overall, s) >= 0;
}

static long long tenths_of(long long sum, long long count)
{
	return (sum * 10 * 2 + count) / (count * 2);   /* sum/count in tenths, half up */
}

void survey_averages(const int (*scores)[SCORE__N], size_t n, struct survey_avg *out)
{
	long long sum[SCORE__N] = { 0 }, all = 0;
	size_t i;
	int s;

	memset(out, 0, sizeof *out);
	for (i = 0; i < n; i++) {
		for (s = 0; s < SCORE__N; s++)
			if (!survey_score_ok(scores[i][s]))
				break;
		if (s < SCORE__N)
			continue;
		for (s = 0; s < SCORE__N; s++) {
			sum[s] += scores[i][s];
			all += scores[i][s];
		}
		out->count++;
	}
	for (s = 0; s < SCORE__N; s++)
		out->tenths[s] = out->count ? tenths_of(sum[s], (long long)out->count) : -1;
	out->all_tenths = out->count ? tenths_of(all, (long long)out->count * SCORE__N) : -1;
}

void tenths_format(long long tenths, char *out, size_t n)
{
	if (tenths < 0) {
		if (n)
			out[0] = '\0';
		return;
	}
	snprintf(out, n, "%lld.%lld", tenths / 10, tenths % 10);
}
