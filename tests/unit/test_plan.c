/* Negotiation plan bundles (src/domain/plan.c): encode, parse, round trip, malformed input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "domain/plan.h"

static void full_limits(struct plan_limits *l)
{
	plan_limits_clear(l);
	l->min_price = 123456789;
	l->max_discount_bp = 1250;
	l->max_payment_days = 90;
	l->walkaway_payment_days = 120;
	l->min_margin_bp = 1800;
	l->walkaway_margin_bp = 1000;
}

static void test_clear(void **state)
{
	struct plan_limits l;
	memset(&l, 0, sizeof l);
	plan_limits_clear(&l);
	assert_int_equal(l.min_price, -1);
	assert_int_equal(l.max_discount_bp, -1);
	assert_int_equal(l.max_payment_days, -1);
	assert_int_equal(l.walkaway_payment_days, -1);
	assert_int_equal(l.min_margin_bp, -1);
	assert_int_equal(l.walkaway_margin_bp, -1);
	assert_int_equal(l.ladder_step_bp, -1);
}

static void test_encode_format(void **state)
{
	struct plan_limits l;
	char *c = NULL, *r = NULL;
	full_limits(&l);
	assert_int_equal(plan_conf_encode("Go with Acme", &l, &c), 0);
	assert_string_equal(c, "batna=Go with Acme\nmin_price=123456789\nmax_discount_bp=1250\n"
	                       "max_payment_days=90\nwalkaway_payment_days=120\n");
	assert_int_equal(plan_restr_encode(&l, &r), 0);
	assert_string_equal(r, "min_margin_bp=1800\nwalkaway_margin_bp=1000\n");
	free(c);
	free(r);
}

static void test_round_trip_text(void **state)
{
	static const char *const texts[] = {
		"a=b; 100% sure\nsecond line\r\nthird",
		"==%%==\n\n",
		"备选：与某公司合作，价格 = 底线",
		"%41 literal percent-four-one",
		"trailing newline\n",
	};
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		struct plan_limits l, got;
		char *c = NULL, *batna = NULL;
		full_limits(&l);
		assert_int_equal(plan_conf_encode(texts[i], &l, &c), 0);
		assert_non_null(c);
		/* The encoded text holds no raw newline or '=' inside the value. */
		const char *v = c + strlen("batna=");
		const char *nl = strchr(v, '\n');
		assert_non_null(nl);
		assert_null(memchr(v, '=', (size_t)(nl - v)));
		assert_int_equal(plan_batna_parse(c, &batna), 0);
		assert_string_equal(batna, texts[i]);
		assert_int_equal(plan_limits_parse(c, NULL, &got), 0);
		assert_int_equal(got.min_price, 123456789);
		assert_int_equal(got.max_discount_bp, 1250);
		assert_int_equal(got.max_payment_days, 90);
		assert_int_equal(got.walkaway_payment_days, 120);
		assert_int_equal(got.min_margin_bp, -1);
		assert_int_equal(got.walkaway_margin_bp, -1);
		assert_int_equal(got.ladder_step_bp, -1);
		free(c);
		free(batna);
	}
}

static void test_round_trip_both(void **state)
{
	struct plan_limits l, got;
	char *c = NULL, *r = NULL;
	full_limits(&l);
	assert_int_equal(plan_conf_encode(NULL, &l, &c), 0);
	assert_int_equal(plan_restr_encode(&l, &r), 0);
	assert_int_equal(plan_limits_parse(c, r, &got), 0);
	l.ladder_step_bp = -1;
	assert_memory_equal(&l, &got, sizeof l);
	free(c);
	free(r);
}

static void test_missing_values(void **state)
{
	struct plan_limits l, got;
	char *c = (char *)1, *r = (char *)1, *batna = NULL;

	/* Nothing set: no bundle at all. */
	plan_limits_clear(&l);
	assert_int_equal(plan_conf_encode(NULL, &l, &c), 0);
	assert_null(c);
	assert_int_equal(plan_conf_encode("", &l, &c), 0);
	assert_null(c);
	assert_int_equal(plan_restr_encode(&l, &r), 0);
	assert_null(r);

	/* Some set: absent lines parse as -1. */
	l.max_discount_bp = 0;
	l.walkaway_margin_bp = 500;
	assert_int_equal(plan_conf_encode(NULL, &l, &c), 0);
	assert_string_equal(c, "max_discount_bp=0\n");
	assert_int_equal(plan_restr_encode(&l, &r), 0);
	assert_string_equal(r, "walkaway_margin_bp=500\n");
	assert_int_equal(plan_limits_parse(c, r, &got), 0);
	assert_int_equal(got.min_price, -1);
	assert_int_equal(got.max_discount_bp, 0);
	assert_int_equal(got.max_payment_days, -1);
	assert_int_equal(got.walkaway_payment_days, -1);
	assert_int_equal(got.min_margin_bp, -1);
	assert_int_equal(got.walkaway_margin_bp, 500);
	assert_int_equal(plan_batna_parse(c, &batna), 0);
	assert_string_equal(batna, "");
	free(batna);
	free(c);
	free(r);

	/* Absent bundles (a user without the tier). */
	assert_int_equal(plan_limits_parse(NULL, NULL, &got), 0);
	assert_int_equal(got.min_price, -1);
	assert_int_equal(got.min_margin_bp, -1);
	assert_int_equal(plan_limits_parse("", "", &got), 0);
	assert_int_equal(got.walkaway_payment_days, -1);
	assert_int_equal(plan_batna_parse(NULL, &batna), 0);
	assert_string_equal(batna, "");
	free(batna);

	/* Any order; unknown keys ignored. */
	assert_int_equal(plan_limits_parse("future=1\nmax_payment_days=30\nmin_price=5\n", NULL, &got), 0);
	assert_int_equal(got.min_price, 5);
	assert_int_equal(got.max_payment_days, 30);
}

static void expect_bad(const char *conf, const char *restr)
{
	struct plan_limits got;
	memset(&got, 0, sizeof got);
	if (plan_limits_parse(conf, restr, &got) != -1)
		fail_msg("accepted malformed bundle \"%s\" / \"%s\"", conf ? conf : "(null)", restr ? restr : "(null)");
	assert_int_equal(got.min_price, -1);
	assert_int_equal(got.max_discount_bp, -1);
	assert_int_equal(got.min_margin_bp, -1);
}

static void test_malformed(void **state)
{
	char *batna = (char *)1;
	expect_bad("min_price=12", NULL);                 /* no final newline */
	expect_bad("min_price\n", NULL);                  /* no '=' */
	expect_bad("=12\n", NULL);                        /* empty key */
	expect_bad("min_price=\n", NULL);                 /* empty number */
	expect_bad("min_price=-5\n", NULL);               /* negative */
	expect_bad("min_price=12a\n", NULL);
	expect_bad("min_price= 12\n", NULL);
	expect_bad("min_price=1234567890123456789\n", NULL);   /* too long */
	expect_bad("max_discount_bp=100\n", "min_margin_bp=x\n");
	expect_bad(NULL, "walkaway_margin_bp=1\nbroken");
	expect_bad("batna=50%\n", NULL);                  /* bad escape */
	expect_bad("batna=%4\n", NULL);
	expect_bad("batna=%zz\n", NULL);
	expect_bad("batna=%00\n", NULL);                  /* NUL */
	expect_bad("batna=a=b\n", NULL);                  /* raw '=' in text */
	expect_bad("batna=a\tb\n", NULL);                 /* raw control byte */
	expect_bad("batna=ok\nmin_price=1\r\n", NULL);    /* CR in a number */
	assert_int_equal(plan_batna_parse("batna=%G1\n", &batna), -1);
	assert_null(batna);
	assert_int_equal(plan_batna_parse("min_price=x\n", &batna), -1);
	assert_null(batna);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clear),
		cmocka_unit_test(test_encode_format),
		cmocka_unit_test(test_round_trip_text),
		cmocka_unit_test(test_round_trip_both),
		cmocka_unit_test(test_missing_values),
		cmocka_unit_test(test_malformed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
