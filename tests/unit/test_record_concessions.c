/* The amount a record's concession row counts for (src/domain/record_concessions.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "domain/record_concessions.h"
#include "domain/units.h"

static struct rc_row row(long long value, long long bp)
{
	struct rc_row r = { .term = "price", .value = value, .discount_bp = bp, .payment_days = -1, .request = -1 };
	return r;
}

static void test_amount(void **state)
{
	struct rc_row r;

	(void)state;
	r = row(110000, -1);
	assert_int_equal(rc_amount(&r, 1000000), 110000);
	r = row(-1, 300);                              /* 3 % of 1,000,000 */
	assert_int_equal(rc_amount(&r, 1000000), 30000);
	r = row(-1, 1);                                /* rounded up: 0.01 % of 999 is 0.0999 */
	assert_int_equal(rc_amount(&r, 999), 1);
	r = row(20000, 300);                           /* the larger of the two */
	assert_int_equal(rc_amount(&r, 1000000), 30000);
	r = row(-1, 300);                              /* list price unknown: the discount gives no amount */
	assert_int_equal(rc_amount(&r, -1), 0);
	r = row(-5, -1);
	assert_int_equal(rc_amount(&r, 1000000), 0);
	r = row(-1, 10000);                            /* capped */
	assert_int_equal(rc_amount(&r, MONEY_MAX), MONEY_MAX);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_amount),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
