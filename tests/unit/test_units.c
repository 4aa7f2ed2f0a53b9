/* Money, basis points and dates as users type and read them (src/domain/units.c), and the
 * follow-up rules derived from intent (src/domain/followup.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "domain/followup.h"
#include "domain/units.h"

/* ------------------------------------------------------------------ money */

static void expect_money(const char *s, long long want)
{
	long long v = -12345;

	if (money_parse(s, &v) != 0)
		fail_msg("money_parse(\"%s\") rejected, expected %lld", s, want);
	if (v != want)
		fail_msg("money_parse(\"%s\") = %lld, expected %lld", s, v, want);
}

static void expect_money_bad(const char *s)
{
	long long v = -12345;

	if (money_parse(s, &v) != -1)
		fail_msg("money_parse(\"%s\") accepted (%lld), expected -1", s ? s : "(null)", v);
}

static void test_money_parse(void **state)
{
	static const char *const bad[] = {
		"", "1,23", "1.234", "-5", "+5", "-0", "1,2345", ",123", "1234,567", "12,34,567", "1,234,",
		"1,,234", "1.", ".5", ".", ",", "1.2.3", "1e5", " 1", "1 ", "1 000", "0x10", "abc", "1.x", "1.-5",
		"\xef\xbc\x91\xef\xbc\x92",     /* full-width digits */
		"¥100", "100元", "1_000", "1.2,3", "1,234.5,6", "NaN", "inf",
		/* overflow: beyond MONEY_MAX (10^17 minor units) and beyond long long */
		"1000000000000000.01", "1000000000000001", "1,000,000,000,000,001",
		"99999999999999999999", "9223372036854775807", "92233720368547758.08",
		"99999999999999999999999999999999999999999999",
		NULL,
	};
	size_t i;

	(void)state;
	expect_money("1234567.89", 123456789LL);
	expect_money("1,234,567.89", 123456789LL);
	expect_money("1234567", 123456700LL);
	expect_money("1,234,567", 123456700LL);
	expect_money("0", 0);
	expect_money("0.0", 0);
	expect_money("0.00", 0);
	expect_money("0.5", 50);
	expect_money("0.05", 5);
	expect_money("1.2", 120);
	expect_money("1.20", 120);
	expect_money("999", 99900);
	expect_money("1,000", 100000);
	expect_money("12,345.6", 1234560);
	expect_money("731942658.17", 73194265817LL);
	expect_money("731,942,658.17", 73194265817LL);
	/* the largest value accepted */
	expect_money("1000000000000000", MONEY_MAX);
	expect_money("1,000,000,000,000,000.00", MONEY_MAX);
	expect_money("999999999999999.99", MONEY_MAX - 1);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		expect_money_bad(bad[i]);
	{
		long long v;
		assert_int_equal(money_parse(NULL, &v), -1);
	}
}

static void expect_fmt(long long minor, const char *cur, const char *lang, const char *want)
{
	char out[64];

	memset(out, 'X', sizeof out);
	money_format(minor, cur, lang, out, sizeof out);
	if (strcmp(out, want))
		fail_msg("money_format(%lld, %s, %s) = \"%s\", expected \"%s\"", minor, cur ? cur : "NULL",
		         lang ? lang : "NULL", out, want);
}

static void test_money_format(void **state)
{
	char out[64];

	(void)state;
	expect_fmt(123456789LL, NULL, NULL, "1,234,567.89");
	expect_fmt(123456789LL, "", "zh-CN", "1,234,567.89");
	expect_fmt(123456789LL, "CNY", "zh-CN", "¥1,234,567.89");
	expect_fmt(123456789LL, "CNY", "en", "CNY 1,234,567.89");
	expect_fmt(123456789LL, "USD", "zh-CN", "USD 1,234,567.89");
	expect_fmt(123456789LL, "USD", "en", "USD 1,234,567.89");
	expect_fmt(0, NULL, NULL, "0.00");
	expect_fmt(5, NULL, NULL, "0.05");
	expect_fmt(50, NULL, NULL, "0.50");
	expect_fmt(100, NULL, NULL, "1.00");
	expect_fmt(99999, NULL, NULL, "999.99");
	expect_fmt(100000, NULL, NULL, "1,000.00");
	expect_fmt(1234500, NULL, NULL, "12,345.00");
	expect_fmt(12345600, NULL, NULL, "123,456.00");
	expect_fmt(100000000, NULL, NULL, "1,000,000.00");
	expect_fmt(MONEY_MAX, NULL, NULL, "1,000,000,000,000,000.00");
	expect_fmt(-5, NULL, NULL, "0.00");   /* never a negative amount on screen */
	/* a short buffer truncates, NUL-terminated */
	memset(out, 'X', sizeof out);
	money_format(123456789LL, NULL, NULL, out, 5);
	assert_string_equal(out, "1,23");

	money_input(123456789LL, out, sizeof out);
	assert_string_equal(out, "1234567.89");
	money_input(5, out, sizeof out);
	assert_string_equal(out, "0.05");
	money_input(0, out, sizeof out);
	assert_string_equal(out, "0.00");
	money_input(MONEY_MAX, out, sizeof out);
	assert_string_equal(out, "1000000000000000.00");
}

/* What is shown can be typed back: format and input forms parse to the same value. */
static void test_money_roundtrip(void **state)
{
	static const long long samples[] = { 0, 1, 9, 10, 99, 100, 101, 999, 1000, 99999, 100000, 100001, 123456789LL,
	                                     999999999LL, 1000000000LL, 73194265817LL, MONEY_MAX - 1, MONEY_MAX };
	char out[64];
	long long v;
	size_t i;
	long long x;

	(void)state;
	for (i = 0; i < sizeof samples / sizeof samples[0]; i++) {
		money_format(samples[i], NULL, NULL, out, sizeof out);
		assert_int_equal(money_parse(out, &v), 0);
		assert_int_equal(v, samples[i]);
		money_input(samples[i], out, sizeof out);
		assert_int_equal(money_parse(out, &v), 0);
		assert_int_equal(v, samples[i]);
	}
	for (x = 1; x < MONEY_MAX / 7; x = x * 7 + 3) {
		money_format(x, NULL, NULL, out, sizeof out);
		assert_int_equal(money_parse(out, &v), 0);
		assert_int_equal(v, x);
	}
}

static void test_currency(void **state)
{
	(void)state;
	assert_true(currency_ok("CNY"));
	assert_true(currency_ok("USD"));
	assert_true(currency_ok("EUR"));
	assert_false(currency_ok("cny"));
	assert_false(currency_ok("CN"));
	assert_false(currency_ok("CNYY"));
	assert_false(currency_ok("XXX"));
	assert_false(currency_ok(""));
	assert_false(currency_ok(NULL));
	assert_false(currency_ok("CNY "));
}

/* ------------------------------------------------------------------ basis points */

static void expect_bp(const char *s, long long want)
{
	long long v = -12345;

	if (bp_parse(s, &v) != 0)
		fail_msg("bp_parse(\"%s\") rejected, expected %lld", s, want);
	if (v != want)
		fail_msg("bp_parse(\"%s\") = %lld, expected %lld", s, v, want);
}

static void test_bp(void **state)
{
	static const char *const bad[] = {
		"", "-1", "-0.5", "+5", "12.555", "1.234", "100.01", "101", "1000", "1,000", "1,23", "12.5%", "%",
		" 12", "12 ", "1e2", ".5", "5.", "abc", "12,5", "99999999999999999999", NULL,
	};
	char out[32];
	long long v;
	size_t i;

	(void)state;
	expect_bp("12.5", 1250);
	expect_bp("12.50", 1250);
	expect_bp("3", 300);
	expect_bp("0", 0);
	expect_bp("0.01", 1);
	expect_bp("0.1", 10);
	expect_bp("99.99", 9999);
	expect_bp("100", 10000);
	expect_bp("100.00", 10000);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		v = -12345;
		if (bp_parse(bad[i], &v) != -1)
			fail_msg("bp_parse(\"%s\") accepted (%lld)", bad[i] ? bad[i] : "(null)", v);
	}

	bp_format(1250, out, sizeof out);
	assert_string_equal(out, "12.5%");
	bp_format(300, out, sizeof out);
	assert_string_equal(out, "3%");
	bp_format(1234, out, sizeof out);
	assert_string_equal(out, "12.34%");
	bp_format(1205, out, sizeof out);
	assert_string_equal(out, "12.05%");
	bp_format(5, out, sizeof out);
	assert_string_equal(out, "0.05%");
	bp_format(0, out, sizeof out);
	assert_string_equal(out, "0%");
	bp_format(10000, out, sizeof out);
	assert_string_equal(out, "100%");
	bp_input(1250, out, sizeof out);
	assert_string_equal(out, "12.5");
	bp_input(300, out, sizeof out);
	assert_string_equal(out, "3");
	bp_input(1205, out, sizeof out);
	assert_string_equal(out, "12.05");
	bp_input(10, out, sizeof out);
	assert_string_equal(out, "0.1");

	/* every value in range survives input → parse */
	for (i = 0; i <= 10000; i++) {
		bp_input((long long)i, out, sizeof out);
		assert_int_equal(bp_parse(out, &v), 0);
		assert_int_equal(v, (long long)i);
	}
}

/* ------------------------------------------------------------------ dates */

static void expect_date(const char *s, int y, int m, int d)
{
	int yy = 0, mm = 0, dd = 0;

	if (date_parse(s, &yy, &mm, &dd) != 0)
		fail_msg("date_parse(\"%s\") rejected", s);
	if (yy != y || mm != m || dd != d)
		fail_msg("date_parse(\"%s\") = %d-%d-%d", s, yy, mm, dd);
}

static void test_date_parse(void **state)
{
	static const char *const bad[] = {
		"", "2026-02-29", "2100-02-29", "1900-02-29", "2026-02-30", "2026-04-31", "2026-06-31", "2026-09-31",
		"2026-11-31", "2026-13-01", "2026-00-10", "2026-01-00", "2026-01-32", "1899-12-31", "0000-01-01",
		"2026-1-05", "2026-01-5", "26-01-05", "2026/01/05", "2026.01.05", "20260105", " 2026-01-05",
		"2026-01-05 ", "2026-01-05T00:00", "2026-01-0a", "２０２６-01-05", "-2026-01-0", "2026--1-05",
		"2026-+1-05", "2026-01-+5", "abcd-ef-gh", "2026年1月5日", "10000-01-01", NULL,
	};
	int y, m, d;
	size_t i;

	(void)state;
	expect_date("2026-01-05", 2026, 1, 5);
	expect_date("2028-02-29", 2028, 2, 29);   /* leap year */
	expect_date("2000-02-29", 2000, 2, 29);   /* divisible by 400 */
	expect_date("2026-02-28", 2026, 2, 28);
	expect_date("2026-12-31", 2026, 12, 31);
	expect_date("2026-04-30", 2026, 4, 30);
	expect_date("1900-01-01", 1900, 1, 1);
	expect_date("9999-12-31", 9999, 12, 31);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (date_parse(bad[i], &y, &m, &d) != -1)
			fail_msg("date_parse(\"%s\") accepted", bad[i] ? bad[i] : "(null)");
}

static void test_date_format(void **state)
{
	char out[64];

	(void)state;
	date_format("2026-11-22", "zh-CN", out, sizeof out);
	assert_string_equal(out, "2026年11月22日");
	date_format("2026-01-05", "zh-CN", out, sizeof out);
	assert_string_equal(out, "2026年1月5日");
	date_format("2026-11-22", "en", out, sizeof out);
	assert_string_equal(out, "2026-11-22");
	date_format("2026-01-05", "en", out, sizeof out);
	assert_string_equal(out, "2026-01-05");
	date_format("2026-01-05", NULL, out, sizeof out);
	assert_string_equal(out, "2026-01-05");
	date_format("2028-02-29", "zh-CN", out, sizeof out);
	assert_string_equal(out, "2028年2月29日");
	/* invalid or empty input gives "" */
	memset(out, 'X', sizeof out);
	date_format("2026-02-29", "zh-CN", out, sizeof out);
	assert_string_equal(out, "");
	memset(out, 'X', sizeof out);
	date_format("", "en", out, sizeof out);
	assert_string_equal(out, "");
	memset(out, 'X', sizeof out);
	date_format(NULL, "en", out, sizeof out);
	assert_string_equal(out, "");
	memset(out, 'X', sizeof out);
	date_format("<script>", "en", out, sizeof out);
	assert_string_equal(out, "");
}

static void test_date_diff(void **state)
{
	(void)state;
	assert_int_equal(date_diff("2026-01-01", "2026-01-01"), 0);
	assert_int_equal(date_diff("2026-01-01", "2026-01-02"), 1);
	assert_int_equal(date_diff("2026-01-02", "2026-01-01"), -1);
	assert_int_equal(date_diff("2026-01-31", "2026-02-01"), 1);
	assert_int_equal(date_diff("2026-02-28", "2026-03-01"), 1);
	assert_int_equal(date_diff("2028-02-28", "2028-03-01"), 2);
	assert_int_equal(date_diff("2026-01-01", "2026-03-01"), 59);
	assert_int_equal(date_diff("2028-01-01", "2028-03-01"), 60);
	assert_int_equal(date_diff("2026-01-01", "2027-01-01"), 365);
	assert_int_equal(date_diff("2028-01-01", "2029-01-01"), 366);
	assert_int_equal(date_diff("2025-12-31", "2026-01-01"), 1);
	assert_int_equal(date_diff("1970-01-01", "2000-01-01"), 10957);
	assert_int_equal(date_diff("1900-01-01", "9999-12-31"), 2958463);
	assert_int_equal(date_diff("9999-12-31", "1900-01-01"), -2958463);
	/* invalid input: 0, never garbage */
	assert_int_equal(date_diff("2026-02-29", "2026-03-01"), 0);
	assert_int_equal(date_diff("2026-01-01", ""), 0);
}

/* 2026-01-01T00:00:00Z */
#define T_2026 ((time_t)1767225600)

static void expect_date_of(time_t t, const char *tz, int add, const char *want)
{
	char out[11];

	memset(out, 'X', sizeof out);
	date_of(t, tz, add, out);
	if (strcmp(out, want))
		fail_msg("date_of(%lld, %s, %d) = \"%.11s\", expected \"%s\"", (long long)t, tz ? tz : "NULL", add, out,
		         want);
}

static void test_date_of(void **state)
{
	const char *tz_before;
	char saved[128] = "";
	int had_tz;

	(void)state;
	/* Shanghai is UTC+8 all year: the day turns at 16:00 UTC */
	expect_date_of(T_2026, "Asia/Shanghai", 0, "2026-01-01");
	expect_date_of(T_2026 - 1, "Asia/Shanghai", 0, "2026-01-01");        /* 07:59:59 local */
	expect_date_of(T_2026 - 8 * 3600 - 1, "Asia/Shanghai", 0, "2025-12-31");
	expect_date_of(T_2026 - 8 * 3600, "Asia/Shanghai", 0, "2026-01-01");
	expect_date_of(T_2026 + 16 * 3600 - 1, "Asia/Shanghai", 0, "2026-01-01");
	expect_date_of(T_2026 + 16 * 3600, "Asia/Shanghai", 0, "2026-01-02");
	expect_date_of(T_2026, "Asia/Shanghai", 1, "2026-01-02");
	expect_date_of(T_2026, "Asia/Shanghai", 7, "2026-01-08");
	expect_date_of(T_2026, "Asia/Shanghai", 90, "2026-04-01");
	expect_date_of(T_2026, "Asia/Shanghai", -1, "2025-12-31");
	expect_date_of(T_2026, "Asia/Shanghai", 365, "2027-01-01");
	/* 2028-02-28 12:00 Shanghai + 1 → the leap day */
	expect_date_of((time_t)1835323200, "Asia/Shanghai", 1, "2028-02-29");
	expect_date_of((time_t)1835323200, "Asia/Shanghai", 2, "2028-03-01");
	/* other zones, and the process TZ is left as it was */
	tz_before = getenv("TZ");
	had_tz = tz_before != NULL;
	if (had_tz)
		snprintf(saved, sizeof saved, "%s", tz_before);
	expect_date_of(T_2026 - 1, "UTC", 0, "2025-12-31");
	expect_date_of(T_2026, "UTC", 0, "2026-01-01");
	expect_date_of(T_2026 + 4 * 3600, "America/New_York", 0, "2025-12-31");   /* 23:00 EST */
	expect_date_of(T_2026 + 5 * 3600, "America/New_York", 0, "2026-01-01");
	/* 2026-07-01T03:30Z is 23:30 EDT on June 30 */
	expect_date_of((time_t)1782876600, "America/New_York", 0, "2026-06-30");
	if (had_tz) {
		assert_non_null(getenv("TZ"));
		assert_string_equal(getenv("TZ"), saved);
	} else {
		assert_null(getenv("TZ"));
	}
	/* and Shanghai again after another zone was used */
	expect_date_of(T_2026 + 16 * 3600, "Asia/Shanghai", 0, "2026-01-02");
}

/* ------------------------------------------------------------------ follow-ups */

static void test_followup_days(void **state)
{
	(void)state;
	assert_int_equal(followup_days("high"), 1);
	assert_int_equal(followup_days("medium"), 7);
	assert_int_equal(followup_days("low"), 90);
	assert_int_equal(followup_days("HIGH"), -1);
	assert_int_equal(followup_days("urgent"), -1);
	assert_int_equal(followup_days(""), -1);
	assert_int_equal(followup_days(" high"), -1);
	assert_int_equal(followup_days(NULL), -1);
}

static void expect_propose(const char *intent, time_t now, const char *tz, const char *want)
{
	char out[11];

	memset(out, 'X', sizeof out);
	if (followup_propose(intent, now, tz, out) != 0)
		fail_msg("followup_propose(%s) failed", intent);
	if (strcmp(out, want))
		fail_msg("followup_propose(%s, %lld, %s) = \"%.11s\", expected \"%s\"", intent, (long long)now, tz, out,
		         want);
}

static void test_followup_propose(void **state)
{
	char out[11];

	(void)state;
	expect_propose("high", T_2026, "Asia/Shanghai", "2026-01-02");
	expect_propose("medium", T_2026, "Asia/Shanghai", "2026-01-08");
	expect_propose("low", T_2026, "Asia/Shanghai", "2026-04-01");
	/* late evening in Shanghai: still "today" there, though UTC has not turned yet either */
	expect_propose("high", T_2026 + 16 * 3600 - 1, "Asia/Shanghai", "2026-01-02");
	/* just after midnight in Shanghai (still the previous day in UTC) */
	expect_propose("high", T_2026 + 16 * 3600, "Asia/Shanghai", "2026-01-03");
	expect_propose("high", T_2026 + 16 * 3600, "UTC", "2026-01-02");
	/* across the leap day */
	expect_propose("high", (time_t)1835323200, "Asia/Shanghai", "2028-02-29");
	expect_propose("medium", (time_t)1835323200, "Asia/Shanghai", "2028-03-06");
	/* a quarter later (22:13 local on 2026-09-21) */
	expect_propose("low", (time_t)1790000000, "Asia/Shanghai", "2026-12-20");

	memset(out, 'X', sizeof out);
	assert_int_equal(followup_propose("urgent", T_2026, "Asia/Shanghai", out), -1);
	assert_int_equal(followup_propose("", T_2026, "Asia/Shanghai", out), -1);
	assert_int_equal(followup_propose(NULL, T_2026, "Asia/Shanghai", out), -1);
}

static void test_followup_overdue(void **state)
{
	(void)state;
	assert_int_equal(followup_overdue("2026-01-01", "2026-01-02"), 1);
	assert_int_equal(followup_overdue("2025-12-31", "2026-01-01"), 1);
	assert_int_equal(followup_overdue("2020-06-15", "2026-01-01"), 1);
	assert_int_equal(followup_overdue("2026-01-02", "2026-01-02"), 0);   /* due today is not overdue */
	assert_int_equal(followup_overdue("2026-01-03", "2026-01-02"), 0);
	assert_int_equal(followup_overdue("2028-02-29", "2028-03-01"), 1);
	/* nothing planned, or garbage, is never overdue */
	assert_int_equal(followup_overdue("", "2026-01-02"), 0);
	assert_int_equal(followup_overdue(NULL, "2026-01-02"), 0);
	assert_int_equal(followup_overdue("2026-02-29", "2026-03-02"), 0);
	assert_int_equal(followup_overdue("0000-00-00", "2026-03-02"), 0);
	assert_int_equal(followup_overdue("2026-01-01", ""), 0);
	assert_int_equal(followup_overdue("2026-01-01", NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_money_parse),
		cmocka_unit_test(test_money_format),
		cmocka_unit_test(test_money_roundtrip),
		cmocka_unit_test(test_currency),
		cmocka_unit_test(test_bp),
		cmocka_unit_test(test_date_parse),
		cmocka_unit_test(test_date_format),
		cmocka_unit_test(test_date_diff),
		cmocka_unit_test(test_date_of),
		cmocka_unit_test(test_followup_days),
		cmocka_unit_test(test_followup_propose),
		cmocka_unit_test(test_followup_overdue),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
