/* Customer history: recurring needs, cumulative concessions, objection types over time, how needs
 * changed, survey averages — pure domain code, no HTTP or database. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "domain/history.h"

#define MASK(...) history_topic_mask((const char *const[]){ __VA_ARGS__ }, \
	sizeof((const char *const[]){ __VA_ARGS__ }) / sizeof(const char *))
#define BIT(t) (1u << (t))

static void test_topics(void **state)
{
	(void)state;
	assert_int_equal(need_topic_index("price"), TOPIC_PRICE);
	assert_int_equal(need_topic_index("delivery"), TOPIC_DELIVERY);
	assert_int_equal(need_topic_index("other"), TOPIC_OTHER);
	assert_int_equal(need_topic_index("Delivery"), -1);
	assert_int_equal(need_topic_index(""), -1);
	assert_int_equal(need_topic_index(NULL), -1);
	assert_null(need_topics[TOPIC__N]);
	assert_int_equal(MASK("delivery", "price", "delivery", "bogus"), BIT(TOPIC_DELIVERY) | BIT(TOPIC_PRICE));
	assert_int_equal(history_topic_mask(NULL, 0), 0);
}

/* "delivery — 3 of the last 3": the SPEC's example. */
static void test_recurring_example(void **state)
{
	unsigned recs[] = {   /* newest first */
		MASK("delivery", "price"),
		MASK("delivery", "service"),
		MASK("delivery", "price", "quality"),
	};
	struct recurring_need out[TOPIC__N];
	size_t n = history_recurring(recs, 3, 5, 2, out);

	(void)state;
	assert_int_equal(n, 2);
	assert_int_equal(out[0].topic, TOPIC_DELIVERY);
	assert_int_equal(out[0].k, 3);
	assert_int_equal(out[0].n, 3);
	assert_int_equal(out[1].topic, TOPIC_PRICE);
	assert_int_equal(out[1].k, 2);
	assert_int_equal(out[1].n, 3);
	/* min_k 1: every topic seen, sorted by k desc, ties in topic order (service before quality). */
	n = history_recurring(recs, 3, 5, 1, out);
	assert_int_equal(n, 4);
	assert_int_equal(out[0].topic, TOPIC_DELIVERY);
	assert_int_equal(out[1].topic, TOPIC_PRICE);
	assert_int_equal(out[2].topic, TOPIC_SERVICE);
	assert_int_equal(out[2].k, 1);
	assert_int_equal(out[3].topic, TOPIC_QUALITY);
}

/* Only the last N records count; older ones are outside the window; records without needs count. */
static void test_recurring_window(void **state)
{
	unsigned recs[] = {
		MASK("payment"),
		0,   /* a record without needs */
		MASK("payment", "support"),
		MASK("support"),
		MASK("support"),   /* 5th newest: outside a window of 4 */
		MASK("support"),
	};
	struct recurring_need out[TOPIC__N];
	size_t n = history_recurring(recs, 6, 4, 2, out);

	(void)state;
	assert_int_equal(n, 2);
	assert_int_equal(out[0].topic, TOPIC_PAYMENT);   /* tie 2/2: topic order */
	assert_int_equal(out[0].k, 2);
	assert_int_equal(out[0].n, 4);
	assert_int_equal(out[1].topic, TOPIC_SUPPORT);
	assert_int_equal(out[1].k, 2);
	/* A wider window: support recurs 4 of the last 6 and comes first. */
	n = history_recurring(recs, 6, 10, 2, out);
	assert_int_equal(n, 2);
	assert_int_equal(out[0].topic, TOPIC_SUPPORT);
	assert_int_equal(out[0].k, 4);
	assert_int_equal(out[0].n, 6);
	assert_int_equal(out[1].topic, TOPIC_PAYMENT);
	/* Nothing recurs in one record; none at all without records. */
	assert_int_equal(history_recurring(recs, 1, 5, 2, out), 0);
	assert_int_equal(history_recurring(recs, 0, 5, 2, out), 0);
	assert_int_equal(history_recurring(recs, 6, 0, 2, out), 0);
	/* Every topic in every record: all eight, each n of n. */
	{
		unsigned all[3] = { 0xff, 0xff, 0xff };
		n = history_recurring(all, 3, 3, 3, out);
		assert_int_equal(n, TOPIC__N);
		assert_int_equal(out[0].topic, TOPIC_PRICE);
		assert_int_equal(out[TOPIC__N - 1].topic, TOPIC_OTHER);
		assert_int_equal(out[TOPIC__N - 1].k, 3);
	}
}

static void test_concessions_with_list_price(void **state)
{
	/* List price 1,000,000.00; a 3% step with no value (→ 30,000.00), 20,000.00 given with a 2% step,
	 * and a service concession worth nothing measurable. */
	struct concession_in c[] = {
		{ -1, 300 },
		{ 2000000, 200 },
		{ -1, -1 },
	};
	struct concession_total t;

	(void)state;
	assert_int_equal(history_concessions(c, 3, 100000000, &t), 0);
	assert_int_equal(t.count, 3);
	assert_int_equal(t.unvalued, 1);
	assert_int_equal(t.value_sum, 2000000);
	assert_int_equal(t.bp_sum, 500);
	assert_int_equal(t.total_value, 5000000);
	assert_int_equal(t.cum_bp, 500);   /* 50,000.00 of 1,000,000.00 = 5% */
}

static void test_concessions_rounding(void **state)
{
	struct concession_in c[] = { { 1, -1 } };
	struct concession_in third[] = { { 100, -1 } };
	struct concession_total t;

	(void)state;
	/* 1 of 3 = 3333.33… bp → 3333; 2 of 3 → 6666.67 → 6667 (half up) */
	assert_int_equal(history_concessions(third, 1, 300, &t), 0);
	assert_int_equal(t.cum_bp, 3333);
	third[0].value = 200;
	assert_int_equal(history_concessions(third, 1, 300, &t), 0);
	assert_int_equal(t.cum_bp, 6667);
	/* 1 of 20000 = 0.5 bp → 1 */
	assert_int_equal(history_concessions(c, 1, 20000, &t), 0);
	assert_int_equal(t.cum_bp, 1);
	/* A 3% step of an odd list price is valued to the nearest minor unit: 333 × 3% = 9.99 → 10 */
	c[0] = (struct concession_in){ -1, 300 };
	assert_int_equal(history_concessions(c, 1, 333, &t), 0);
	assert_int_equal(t.total_value, 10);
	assert_int_equal(t.cum_bp, 300);   /* 10/333 = 300.3 bp */
	/* Huge amounts do not overflow: 10^16 of 10^17 = 10%. */
	c[0] = (struct concession_in){ 10000000000000000LL, -1 };
	assert_int_equal(history_concessions(c, 1, 100000000000000000LL, &t), 0);
	assert_int_equal(t.cum_bp, 1000);
}

static void test_concessions_missing_list_price(void **state)
{
	struct concession_in c[] = {
		{ -1, 300 },
		{ 1500000, 150 },
	};
	struct concession_total t;

	(void)state;
	assert_int_equal(history_concessions(c, 2, 0, &t), 0);
	assert_int_equal(t.cum_bp, -1);
	assert_int_equal(t.value_sum, 1500000);
	assert_int_equal(t.total_value, 1500000);   /* the step cannot be valued */
	assert_int_equal(t.bp_sum, 450);
	assert_int_equal(history_concessions(c, 2, -1, &t), 0);
	assert_int_equal(t.cum_bp, -1);
	/* No concessions: zero everywhere, 0 bp against a known list price. */
	assert_int_equal(history_concessions(NULL, 0, 100, &t), 0);
	assert_int_equal(t.count, 0);
	assert_int_equal(t.cum_bp, 0);
}

static void test_concessions_bad_input(void **state)
{
	struct concession_in neg[] = { { -5, -1 } };
	struct concession_in bp[] = { { -1, 10001 } };
	struct concession_in big[] = { { 100000000000000000LL, -1 }, { 1, -1 } };
	struct concession_total t;

	(void)state;
	assert_int_equal(history_concessions(neg, 1, 100, &t), -1);
	assert_int_equal(history_concessions(bp, 1, 100, &t), -1);
	assert_int_equal(history_concessions(big, 2, 100, &t), -1);
	assert_int_equal(history_concessions(big, 1, 1, &t), -1);   /* 10^21 bp: beyond the range */
	assert_int_equal(history_concessions(NULL, 1, 100, &t), -1);
	assert_int_equal(history_concessions(neg, 1, 100, NULL), -1);
}

static void test_objections_over_time(void **state)
{
	struct objection_in in[] = {
		{ "2026-03-10", "price", 2 },
		{ "2026-01-05", "trust", 1 },
		{ "2026-03-10", "decision", 1 },
		{ "2026-01-05", "price", 1 },
		{ "2026-02-01", "nonsense", 4 },   /* unknown type: skipped */
		{ "2026-02-30", "price", 1 },      /* bad date: skipped */
		{ "2026-02-01", "function", 3 },
	};
	struct objection_point out[10];
	long long totals[OBJ__N];
	size_t n = history_objections(in, 7, out, 10, totals);

	(void)state;
	assert_int_equal(n, 3);
	assert_string_equal(out[0].date, "2026-01-05");
	assert_int_equal(out[0].count[OBJ_PRICE], 1);
	assert_int_equal(out[0].count[OBJ_TRUST], 1);
	assert_int_equal(out[0].total, 2);
	assert_string_equal(out[1].date, "2026-02-01");
	assert_int_equal(out[1].count[OBJ_FUNCTION], 3);
	assert_int_equal(out[1].count[OBJ_PRICE], 0);
	assert_string_equal(out[2].date, "2026-03-10");
	assert_int_equal(out[2].count[OBJ_PRICE], 2);
	assert_int_equal(out[2].count[OBJ_DECISION], 1);
	assert_int_equal(out[2].total, 3);
	assert_int_equal(totals[OBJ_PRICE], 3);
	assert_int_equal(totals[OBJ_FUNCTION], 3);
	assert_int_equal(totals[OBJ_TRUST], 1);
	assert_int_equal(totals[OBJ_DECISION], 1);
	/* Room for two dates: the oldest is dropped, whatever the input order. */
	n = history_objections(in, 7, out, 2, NULL);
	assert_int_equal(n, 2);
	assert_string_equal(out[0].date, "2026-02-01");
	assert_string_equal(out[1].date, "2026-03-10");
	assert_int_equal(out[1].count[OBJ_PRICE], 2);
	assert_int_equal(history_objections(in, 0, out, 2, totals), 0);
	assert_int_equal(totals[OBJ_PRICE], 0);
}

static void test_needs_change(void **state)
{
	struct needs_change ch;
	int t[TOPIC__N];

	(void)state;
	history_needs_change(MASK("price", "delivery"), MASK("delivery", "support", "quality"), &ch);
	assert_int_equal(ch.added, BIT(TOPIC_SUPPORT) | BIT(TOPIC_QUALITY));
	assert_int_equal(ch.dropped, BIT(TOPIC_PRICE));
	assert_int_equal(ch.kept, BIT(TOPIC_DELIVERY));
	assert_int_equal(history_topics_of(ch.added, t), 2);
	assert_int_equal(t[0], TOPIC_SUPPORT);
	assert_int_equal(t[1], TOPIC_QUALITY);
	history_needs_change(0, MASK("other"), &ch);
	assert_int_equal(ch.added, BIT(TOPIC_OTHER));
	assert_int_equal(ch.dropped, 0);
	assert_int_equal(ch.kept, 0);
	history_needs_change(0xffffffffu, 0, &ch);   /* bits beyond the topics are ignored */
	assert_int_equal(ch.dropped, 0xffu);
	assert_int_equal(history_topics_of(0, t), 0);
}

static void test_surveys(void **state)
{
	const int s[][SCORE__N] = {
		{ 5, 4, 3, 5 },
		{ 4, 4, 2, 5 },
		{ 4, 5, 3, 4 },
		{ 6, 1, 1, 1 },   /* out of range: skipped */
	};
	struct survey_avg a;
	char buf[16];

	(void)state;
	assert_true(survey_score_ok(1));
	assert_true(survey_score_ok(5));
	assert_false(survey_score_ok(0));
	assert_false(survey_score_ok(6));
	assert_true(survey_overall_ok("satisfied"));
	assert_true(survey_overall_ok("dissatisfied"));
	assert_false(survey_overall_ok("happy"));
	assert_false(survey_overall_ok(NULL));
	survey_averages(s, 4, &a);
	assert_int_equal(a.count, 3);
	assert_int_equal(a.tenths[SCORE_SERVICE], 43);    /* 13/3 = 4.33 */
	assert_int_equal(a.tenths[SCORE_SOLUTION], 43);
	assert_int_equal(a.tenths[SCORE_SPEED], 27);      /* 8/3 = 2.67 */
	assert_int_equal(a.tenths[SCORE_TEAM], 47);       /* 14/3 = 4.67 */
	assert_int_equal(a.all_tenths, 40);               /* 48/12 */
	tenths_format(a.tenths[SCORE_SPEED], buf, sizeof buf);
	assert_string_equal(buf, "2.7");
	tenths_format(50, buf, sizeof buf);
	assert_string_equal(buf, "5.0");
	tenths_format(-1, buf, sizeof buf);
	assert_string_equal(buf, "");
	survey_averages(s, 0, &a);
	assert_int_equal(a.count, 0);
	assert_int_equal(a.tenths[SCORE_SERVICE], -1);
	assert_int_equal(a.all_tenths, -1);
	{
		const int half[][SCORE__N] = { { 4, 4, 4, 4 }, { 5, 5, 5, 5 } };   /* 4.5 exactly */
		survey_averages(half, 2, &a);
		assert_int_equal(a.tenths[SCORE_SERVICE], 45);
	}
	{
		const int h[][SCORE__N] = { { 1, 1, 1, 1 }, { 1, 1, 1, 1 }, { 1, 1, 1, 1 }, { 1, 1, 1, 1 },
		                            { 1, 1, 1, 1 }, { 1, 1, 1, 1 }, { 1, 1, 1, 1 }, { 1, 1, 1, 1 },
		                            { 1, 1, 1, 1 }, { 1, 1, 1, 1 }, { 1, 1, 1, 1 }, { 1, 1, 1, 1 },
		                            { 1, 1, 1, 1 }, { 1, 1, 1, 1 }, { 1, 1, 1, 1 }, { 1, 1, 1, 1 },
		                            { 1, 1, 1, 1 }, { 1, 1, 1, 1 }, { 2, 2, 2, 2 }, { 2, 2, 2, 2 } };
		survey_averages(h, 20, &a);   /* 22/20 = 1.1; 1.05 would round up to 1.1 too */
		assert_int_equal(a.tenths[SCORE_TEAM], 11);
	}
	{
		const int h[][SCORE__N] = { { 1, 1, 1, 1 }, { 1, 1, 1, 1 }, { 1, 1, 1, 1 }, { 1, 1, 1, 1 },
		                            { 1, 1, 1, 1 }, { 1, 1, 1, 1 }, { 1, 1, 1, 1 }, { 1, 1, 1, 1 },
		                            { 1, 1, 1, 1 }, { 1, 1, 1, 1 }, { 1, 1, 1, 1 }, { 1, 1, 1, 1 },
		                            { 1, 1, 1, 1 }, { 1, 1, 1, 1 }, { 1, 1, 1, 1 }, { 1, 1, 1, 1 },
		                            { 1, 1, 1, 1 }, { 1, 1, 1, 1 }, { 1, 1, 1, 1 }, { 2, 2, 2, 2 } };
		survey_averages(h, 20, &a);   /* 21/20 = 1.05 → 1.1 (half up) */
		assert_int_equal(a.tenths[SCORE_SERVICE], 11);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_topics),
		cmocka_unit_test(test_recurring_example),
		cmocka_unit_test(test_recurring_window),
		cmocka_unit_test(test_concessions_with_list_price),
		cmocka_unit_test(test_concessions_rounding),
		cmocka_unit_test(test_concessions_missing_list_price),
		cmocka_unit_test(test_concessions_bad_input),
		cmocka_unit_test(test_objections_over_time),
		cmocka_unit_test(test_needs_change),
		cmocka_unit_test(test_surveys),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
