/* Review rules: promises kept or not, the plan's goals as a list, discount depth and limits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "domain/review.h"

static void test_promises(void **state)
{
	(void)state;
	assert_int_equal(review_promise("2026-11-20", "2026-11-20", "2026-12-01"), PROMISE_ON_TIME);
	assert_int_equal(review_promise("2026-11-20", "2026-11-19", "2026-12-01"), PROMISE_ON_TIME);
	assert_int_equal(review_promise("2026-11-20", "2026-11-21", "2026-12-01"), PROMISE_LATE);
	assert_int_equal(review_promise("2026-11-20", "", "2026-11-21"), PROMISE_OVERDUE);
	assert_int_equal(review_promise("2026-11-20", "", "2026-11-20"), PROMISE_OPEN);
	assert_int_equal(review_promise("2026-11-20", NULL, "2026-11-01"), PROMISE_OPEN);
	/* Across a year boundary. */
	assert_int_equal(review_promise("2026-12-31", "2027-01-01", "2027-01-02"), PROMISE_LATE);
	assert_string_equal(review_promise_name(PROMISE_OVERDUE), "overdue");
	assert_string_equal(review_promise_name(PROMISE_ON_TIME), "on_time");
}

struct goals {
	char out[8][64];
	size_t n;
};

static void collect(const char *g, size_t len, void *ctx)
{
	struct goals *gs = ctx;

	snprintf(gs->out[gs->n++], sizeof gs->out[0], "%.*s", (int)len, g);
}

static void test_goals(void **state)
{
	struct goals g = { .n = 0 };

	(void)state;
	assert_int_equal(review_goals_split("- price ≥ 900k\n\n  2. three-year term \r\n• 付款60天\n1、验收标准\n(3) SLA\n12ab\n",
	                                    8, collect, &g), 6);
	assert_string_equal(g.out[0], "price ≥ 900k");
	assert_string_equal(g.out[1], "three-year term");
	assert_string_equal(g.out[2], "付款60天");
	assert_string_equal(g.out[3], "验收标准");
	assert_string_equal(g.out[4], "SLA");
	assert_string_equal(g.out[5], "12ab");
	g.n = 0;
	assert_int_equal(review_goals_split("a\nb\nc", 2, collect, &g), 2);
	assert_int_equal(review_goals_split("", 8, collect, &g), 0);
	assert_int_equal(review_goals_split(NULL, 8, collect, &g), 0);
	assert_int_equal(review_goals_split("  \n - \n", 8, collect, &g), 0);
}

static void test_limits(void **state)
{
	(void)state;
	/* 1,000,000 listed, 880,000 agreed: 12 % given. */
	assert_int_equal(review_discount_bp(100000000, 88000000), 1200);
	assert_int_equal(review_discount_bp(100000000, 120000000), 0);
	assert_int_equal(review_discount_bp(0, 1), -1);
	assert_int_equal(review_discount_bp(100, -1), -1);
	assert_int_equal(review_discount_bp(30000, 29999), 0);   /* a third of a basis point: toward zero */
	assert_int_equal(review_at_least(90, 80), REVIEW_WITHIN);
	assert_int_equal(review_at_least(80, 80), REVIEW_WITHIN);
	assert_int_equal(review_at_least(79, 80), REVIEW_BEYOND);
	assert_int_equal(review_at_most(1200, 1000), REVIEW_BEYOND);
	assert_int_equal(review_at_most(1000, 1000), REVIEW_WITHIN);
	assert_int_equal(review_at_most(-1, 1000), REVIEW_UNKNOWN);
	assert_int_equal(review_at_least(5, -1), REVIEW_UNKNOWN);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_promises),
		cmocka_unit_test(test_goals),
		cmocka_unit_test(test_limits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
