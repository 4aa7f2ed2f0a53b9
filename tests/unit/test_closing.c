/* Closing rules: which statuses close and reopen, the problems of a closing, and the price comparison
 * (signs, rounding toward zero, unknown references). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "domain/closing.h"

static void test_statuses(void **state)
{
	(void)state;
	assert_true(closing_can_close("open"));
	assert_true(closing_can_close("on_hold"));
	assert_false(closing_can_close("won"));
	assert_false(closing_can_close("lost"));
	assert_false(closing_can_close(NULL));
	assert_true(closing_can_reopen("won"));
	assert_true(closing_can_reopen("lost"));
	assert_false(closing_can_reopen("open"));
	assert_false(closing_can_reopen("on_hold"));
	assert_false(closing_can_reopen(""));
}

static void test_check(void **state)
{
	struct closing_input in = { .won = 1, .primary = 3, .final_price = 100 };

	(void)state;
	assert_int_equal(closing_check(&in), 0);
	in.secondary = 3;
	assert_int_equal(closing_check(&in), CLOSING_SECONDARY_SAME);
	in.secondary = 4;
	in.competitor = 9;
	assert_int_equal(closing_check(&in), CLOSING_COMPETITOR_ON_WIN);
	in.competitor = 0;
	in.final_price = -1;
	assert_int_equal(closing_check(&in), CLOSING_PRICE_MISSING);
	/* A loss needs no final price, but a loss for the reason "competitor" names the competitor. */
	in.won = 0;
	assert_int_equal(closing_check(&in), 0);
	in.secondary_competitor = 1;
	assert_int_equal(closing_check(&in), CLOSING_COMPETITOR_MISSING);
	in.competitor = 9;
	assert_int_equal(closing_check(&in), 0);
	in.competitor = 0;
	in.secondary_competitor = 0;
	in.primary_competitor = 1;
	in.secondary = 3;
	assert_int_equal(closing_check(&in), CLOSING_COMPETITOR_MISSING | CLOSING_SECONDARY_SAME);
	assert_string_equal(closing_problem_field(CLOSING_COMPETITOR_MISSING), "competitor");
	assert_string_equal(closing_problem_field(CLOSING_PRICE_MISSING), "final_price");
	assert_string_equal(closing_problem_key(CLOSING_SECONDARY_SAME), "closing.secondary_same");
}

static void test_compare(void **state)
{
	struct price_cmp c;

	(void)state;
	closing_compare(90000, 100000, &c);
	assert_true(c.known);
	assert_int_equal(c.diff, -10000);
	assert_int_equal(c.bp, -1000);
	assert_int_equal(c.sign, -1);
	closing_compare(100000, 100000, &c);
	assert_int_equal(c.sign, 0);
	assert_int_equal(c.bp, 0);
	/* 1 / 3 of a basis point rounds toward zero on both sides. */
	closing_compare(30001, 30000, &c);
	assert_int_equal(c.bp, 0);
	assert_int_equal(c.sign, 1);
	closing_compare(29999, 30000, &c);
	assert_int_equal(c.bp, 0);
	assert_int_equal(c.sign, -1);
	closing_compare(45000, 30000, &c);
	assert_int_equal(c.bp, 5000);
	/* Unknown: no final price, no reference, a zero reference. */
	closing_compare(-1, 30000, &c);
	assert_false(c.known);
	closing_compare(100, 0, &c);
	assert_false(c.known);
	closing_compare(100, -1, &c);
	assert_false(c.known);
	/* The largest amounts do not overflow. */
	closing_compare(100000000000000000LL, 1, &c);
	assert_true(c.known);
	assert_true(c.bp > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_statuses),
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_compare),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
