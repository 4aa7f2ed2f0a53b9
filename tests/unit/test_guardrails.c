/* Guardrails: each limit flagged when crossed, never at the limit itself; no plan → only missing
 * counter-concessions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "domain/guardrails.h"

static struct plan_limits limits(void)
{
	struct plan_limits l = { .min_price = 100000000, .max_discount_bp = 1000, .max_payment_days = 60,
	                         .walkaway_payment_days = 90, .min_margin_bp = -1, .walkaway_margin_bp = -1,
	                         .ladder_step_bp = 300 };
	return l;
}

static void test_within_limits(void **state)
{
	struct plan_limits l = limits();
	struct gr_term t[] = { { 100000000, 1000, 60 }, { 150000000, 0, 30 }, { -1, -1, -1 } };
	struct gr_concession c[] = { { 300, -1, 1 }, { 300, 60, 1 }, { 400, -1, 1 } };
	struct gr_breach b[8];

	(void)state;
	/* exactly at every limit: no breach; the three steps total exactly 1000 bp */
	assert_int_equal(gr_check(&l, t, 3, c, 2, b, 8), 0);
	c[2].discount_bp = 300;
	assert_int_equal(gr_check(&l, t, 3, c, 3, b, 8), 0);
}

static void test_floor(void **state)
{
	struct plan_limits l = limits();
	struct gr_term t[] = { { 99999999, -1, -1 } };
	struct gr_breach b[4];

	(void)state;
	assert_int_equal(gr_check(&l, t, 1, NULL, 0, b, 4), 1);
	assert_int_equal(b[0].kind, GR_BELOW_FLOOR);
	assert_int_equal(b[0].source, GR_TERM);
	assert_int_equal(b[0].position, 0);
	assert_int_equal(b[0].actual, 99999999);
	assert_int_equal(b[0].limit, 100000000);
	assert_string_equal(gr_kind_name(b[0].kind), "below_floor");
	assert_true(gr_kind_confidential(GR_BELOW_FLOOR));
}

static void test_discount_and_payment(void **state)
{
	struct plan_limits l = limits();
	struct gr_term t[] = { { -1, 1001, -1 }, { -1, -1, 61 }, { -1, -1, 91 } };
	struct gr_breach b[8];

	(void)state;
	assert_int_equal(gr_check(&l, t, 3, NULL, 0, b, 8), 4);
	assert_int_equal(b[0].kind, GR_DISCOUNT_OVER_MAX);
	assert_int_equal(b[1].kind, GR_PAYMENT_OVER_LIMIT);
	assert_int_equal(b[1].position, 1);
	/* 91 days: over the longest payment term and over the walk-away trigger */
	assert_int_equal(b[2].kind, GR_PAYMENT_OVER_LIMIT);
	assert_int_equal(b[3].kind, GR_PAYMENT_OVER_TRIGGER);
	assert_int_equal(b[3].position, 2);
	assert_int_equal(b[3].actual, 91);
	assert_int_equal(b[3].limit, 90);
	assert_string_equal(gr_kind_name(GR_PAYMENT_OVER_TRIGGER), "payment_over_trigger");
}

static void test_ladder_and_counter(void **state)
{
	struct plan_limits l = limits();
	struct gr_concession c[] = { { 301, -1, 1 }, { 200, -1, 0 } };
	struct gr_breach b[8];

	(void)state;
	assert_int_equal(gr_check(&l, NULL, 0, c, 2, b, 8), 2);
	assert_int_equal(b[0].kind, GR_STEP_OVER_LADDER);
	assert_int_equal(b[0].source, GR_CONCESSION);
	assert_int_equal(b[0].actual, 301);
	assert_int_equal(b[0].limit, 300);
	assert_int_equal(b[1].kind, GR_NO_COUNTER);
	assert_int_equal(b[1].position, 1);
	assert_false(gr_kind_confidential(GR_STEP_OVER_LADDER));
	assert_false(gr_kind_confidential(GR_NO_COUNTER));
	assert_string_equal(gr_source_name(GR_CONCESSION), "concession");
}

static void test_cumulative_discount(void **state)
{
	struct plan_limits l = limits();
	struct gr_concession c[] = { { 300, -1, 1 }, { 300, -1, 1 }, { 300, -1, 1 }, { 200, -1, 1 }, { 300, -1, 1 } };
	struct gr_breach b[8];

	(void)state;
	/* 300+300+300+200 = 1100 > 1000: flagged once, at the fourth step */
	assert_int_equal(gr_check(&l, NULL, 0, c, 5, b, 8), 1);
	assert_int_equal(b[0].kind, GR_DISCOUNT_OVER_MAX);
	assert_int_equal(b[0].position, 3);
	assert_int_equal(b[0].actual, 1100);
}

static void test_no_plan(void **state)
{
	struct gr_term t[] = { { 1, 9999, 999 } };
	struct gr_concession c[] = { { 5000, 999, 1 }, { 5000, -1, 0 } };
	struct gr_breach b[8];
	struct plan_limits unset;

	(void)state;
	assert_int_equal(gr_check(NULL, t, 1, c, 1, b, 8), 0);
	assert_int_equal(gr_check(NULL, t, 1, c, 2, b, 8), 1);
	assert_int_equal(b[0].kind, GR_NO_COUNTER);
	/* a plan with nothing set behaves the same */
	plan_limits_clear(&unset);
	assert_int_equal(gr_check(&unset, t, 1, c, 1, b, 8), 0);
}

static void test_overflow(void **state)
{
	struct plan_limits l = limits();
	struct gr_concession c[] = { { 0, -1, 0 }, { 0, -1, 0 }, { 0, -1, 0 } };
	struct gr_breach b[2];

	(void)state;
	/* the count is complete even when out is short */
	assert_int_equal(gr_check(&l, NULL, 0, c, 3, b, 2), 3);
	assert_int_equal(b[1].position, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_within_limits),
		cmocka_unit_test(test_floor),
		cmocka_unit_test(test_discount_and_payment),
		cmocka_unit_test(test_ladder_and_counter),
		cmocka_unit_test(test_cumulative_discount),
		cmocka_unit_test(test_no_plan),
		cmocka_unit_test(test_overflow),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
