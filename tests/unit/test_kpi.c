/* KPIs: periods in the user's time zone, the figures made of the kept sums, and the rows' contributions —
 * on a fixture computed by hand (docs/kpi.md). No database. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "domain/kpi.h"

static time_t utc(int y, int mo, int d, int h, int mi)
{
	struct tm tm = { 0 };

	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	return timegm(&tm);
}

static void fmt(const struct kpi_sums *s, enum kpi_id id, const char *want)
{
	char out[48];

	kpi_format(s, id, out, sizeof out);
	assert_string_equal(out, want);
}

static void test_month_bounds_by_zone(void **state)
{
	struct kpi_period p;

	(void)state;
	/* Shanghai: November starts at 16:00 UTC on 31 October. */
	assert_int_equal(kpi_period_parse(KPI_MONTH, "2026-11", "Asia/Shanghai", &p), 0);
	assert_int_equal(p.from, utc(2026, 10, 31, 16, 0));
	assert_int_equal(p.to, utc(2026, 11, 30, 16, 0));
	/* New York leaves daylight saving time on 1 November 2026: −4 h at the start, −5 h at the end. */
	assert_int_equal(kpi_period_parse(KPI_MONTH, "2026-11", "America/New_York", &p), 0);
	assert_int_equal(p.from, utc(2026, 11, 1, 4, 0));
	assert_int_equal(p.to, utc(2026, 12, 1, 5, 0));
	/* UTC itself. */
	assert_int_equal(kpi_period_parse(KPI_MONTH, "2026-02", "UTC", &p), 0);
	assert_int_equal(p.from, utc(2026, 2, 1, 0, 0));
	assert_int_equal(p.to, utc(2026, 3, 1, 0, 0));
	/* A half-hour zone counts from the hour before (the kept sums are hourly). */
	assert_int_equal(kpi_period_parse(KPI_MONTH, "2026-11", "Asia/Kolkata", &p), 0);
	assert_int_equal(p.from, utc(2026, 10, 31, 18, 0));
}

static void test_period_of_an_instant(void **state)
{
	struct kpi_period p;
	char key[16];
	time_t t = utc(2026, 10, 31, 17, 0);   /* 01:00 on 1 November in Shanghai */

	(void)state;
	kpi_period_at(KPI_MONTH, t, "Asia/Shanghai", &p);
	kpi_period_key(&p, key, sizeof key);
	assert_string_equal(key, "2026-11");
	kpi_period_at(KPI_MONTH, t, "UTC", &p);
	kpi_period_key(&p, key, sizeof key);
	assert_string_equal(key, "2026-10");
	kpi_period_at(KPI_MONTH, t, "America/New_York", &p);
	kpi_period_key(&p, key, sizeof key);
	assert_string_equal(key, "2026-10");
	kpi_period_at(KPI_QUARTER, t, "Asia/Shanghai", &p);
	kpi_period_key(&p, key, sizeof key);
	assert_string_equal(key, "2026-Q4");
	assert_int_equal(p.from, utc(2026, 9, 30, 16, 0));
	assert_int_equal(p.to, utc(2026, 12, 31, 16, 0));
	kpi_period_at(KPI_YEAR, utc(2026, 12, 31, 16, 30), "Asia/Shanghai", &p);
	kpi_period_key(&p, key, sizeof key);
	assert_string_equal(key, "2027");
}

static void test_steps_and_parsing(void **state)
{
	struct kpi_period p, q;
	char key[16];

	(void)state;
	assert_int_equal(kpi_period_parse(KPI_MONTH, "2026-01", "Asia/Shanghai", &p), 0);
	kpi_period_step(&p, -1, "Asia/Shanghai", &q);
	kpi_period_key(&q, key, sizeof key);
	assert_string_equal(key, "2025-12");
	assert_int_equal(q.to, p.from);
	kpi_period_step(&p, -13, "Asia/Shanghai", &q);
	kpi_period_key(&q, key, sizeof key);
	assert_string_equal(key, "2024-12");
	assert_int_equal(kpi_period_parse(KPI_QUARTER, "2026-Q1", "Asia/Shanghai", &p), 0);
	kpi_period_step(&p, -1, "Asia/Shanghai", &q);
	kpi_period_key(&q, key, sizeof key);
	assert_string_equal(key, "2025-Q4");
	assert_int_equal(kpi_period_parse(KPI_YEAR, "2026", "Asia/Shanghai", &p), 0);
	assert_int_equal(p.from, utc(2025, 12, 31, 16, 0));
	kpi_period_step(&p, -1, "Asia/Shanghai", &q);
	kpi_period_key(&q, key, sizeof key);
	assert_string_equal(key, "2025");

	assert_int_equal(kpi_period_parse(KPI_MONTH, "2026-13", "UTC", &p), -1);
	assert_int_equal(kpi_period_parse(KPI_MONTH, "2026-00", "UTC", &p), -1);
	assert_int_equal(kpi_period_parse(KPI_MONTH, "2026-1", "UTC", &p), -1);
	assert_int_equal(kpi_period_parse(KPI_MONTH, "2026-11 ", "UTC", &p), -1);
	assert_int_equal(kpi_period_parse(KPI_MONTH, "2026-Q4", "UTC", &p), -1);
	assert_int_equal(kpi_period_parse(KPI_QUARTER, "2026-Q5", "UTC", &p), -1);
	assert_int_equal(kpi_period_parse(KPI_QUARTER, "2026-11", "UTC", &p), -1);
	assert_int_equal(kpi_period_parse(KPI_YEAR, "1999", "UTC", &p), -1);
	assert_int_equal(kpi_period_parse(KPI_YEAR, "２０２６", "UTC", &p), -1);
	assert_int_equal(kpi_period_parse(KPI_YEAR, NULL, "UTC", &p), -1);

	enum kpi_period_kind k;
	assert_int_equal(kpi_kind_parse("quarter", &k), 0);
	assert_int_equal(k, KPI_QUARTER);
	assert_int_equal(kpi_kind_parse("week", &k), -1);
	assert_int_equal(kpi_kind_parse(NULL, &k), -1);
}

/* The hand-computed fixture of docs/kpi.md. */
static void fixture(struct kpi_sums *s, int pending)
{
	const struct kpi_opp_fact opps[] = {
		{ "won", 1, 1, 10, 2, 100000, 95000, 90000 },    /* 5 % off the quote */
		{ "won", 1, 1, 31, 1, 300000, 300000, 240000 },  /* 20 % */
		{ "lost", 1, 0, 0, 0, 50000, 50000, -1 },
		{ "won", 1, 0, 0, 0, -1, 70000, 70000 },         /* no list price: not in the discount */
		{ "open", 0, 0, 0, 0, 10000, 9000, -1 },         /* not closed */
		{ "won", 0, 1, 99, 9, 1000, 1000, 1 },           /* no closing time: not counted */
	};
	time_t t = utc(2026, 11, 2, 10, 0);
	size_t i;

	memset(s, 0, sizeof *s);
	for (i = 0; i < sizeof opps / sizeof opps[0]; i++)
		kpi_add_opp(s, &opps[i]);
	kpi_add_rec(s, t, t + 23 * 3600);          /* on time */
	kpi_add_rec(s, t, t + 24 * 3600);          /* on time: exactly 24 hours */
	kpi_add_rec(s, t, t + 24 * 3600 + 60);     /* late */
	kpi_add_rec(s, t, -1);                     /* not completed */
	s->rec_pending = pending;
	kpi_add_srv(s, 5, 4, 3, 4, "satisfied");
	kpi_add_srv(s, 3, 4, 2, 5, "average");
	kpi_add_move(s, 10);
	kpi_add_move(s, -3);
	kpi_add_objection(s, "price");
	kpi_add_objection(s, "price");
	kpi_add_objection(s, "trust");
	kpi_add_objection(s, "bogus");
}

static void test_figures(void **state)
{
	struct kpi_sums s;
	long long v;

	(void)state;
	fixture(&s, 0);
	assert_int_equal(s.closed_n, 4);
	assert_int_equal(s.won_n, 3);
	fmt(&s, KPI_SUCCESS, "75%");
	/* Weighted by list price: (5,000 + 60,000) / 400,000 = 16.25 %; the average of the two
	 * percentages would be 12.5 %. */
	fmt(&s, KPI_DISCOUNT, "16.25%");
	assert_int_equal(kpi_figure(&s, KPI_DISCOUNT, &v), 0);
	assert_int_equal(v, 1625);
	fmt(&s, KPI_CYCLE, "20.5");
	fmt(&s, KPI_CONCESSIONS, "1.00");
	/* 4 records, 2 on time: 2 late of 4 due; with the not-completed one not yet due: 1 of 3. */
	fmt(&s, KPI_LATE, "50%");
	fixture(&s, 1);
	fmt(&s, KPI_LATE, "33.33%");
	fmt(&s, KPI_SLIP, "2");
	fmt(&s, KPI_SLIP_DAYS, "3.5");
	fmt(&s, KPI_SAT_QUALITY, "4.00");
	fmt(&s, KPI_SAT_EFFECT, "4.00");
	fmt(&s, KPI_SAT_SPEED, "2.50");
	fmt(&s, KPI_SAT_TEAM, "4.50");
	fmt(&s, KPI_SAT_OVERALL, "50%");
	assert_int_equal(s.obj_price, 2);
	assert_int_equal(s.obj_trust, 1);
	assert_int_equal(s.obj_function + s.obj_decision, 0);
}

static void test_nothing_to_divide_by(void **state)
{
	struct kpi_sums s = { 0 };
	long long v = 7;
	int i;

	(void)state;
	for (i = 0; i < KPI__COUNT; i++) {
		char out[48];
		kpi_format(&s, (enum kpi_id)i, out, sizeof out);
		if (i == KPI_SLIP)
			assert_string_equal(out, "0");
		else
			assert_string_equal(out, "—");
	}
	assert_int_equal(kpi_figure(&s, KPI_SUCCESS, &v), -1);
	/* Lost deals only: 0 %, not "—"; no wins: no cycle. */
	s.closed_n = 2;
	fmt(&s, KPI_SUCCESS, "0%");
	fmt(&s, KPI_CYCLE, "—");
	fmt(&s, KPI_CONCESSIONS, "—");
	/* Every record not yet due: nothing is late or on time yet. */
	s.rec_n = 1;
	s.rec_pending = 1;
	fmt(&s, KPI_LATE, "—");
}

static void test_rounding_and_sign(void **state)
{
	struct kpi_sums s = { 0 };

	(void)state;
	s.won_n = 2;
	s.closed_n = 3;
	fmt(&s, KPI_SUCCESS, "66.67%");
	s.won_n = 1;
	fmt(&s, KPI_SUCCESS, "33.33%");
	/* A final price above the initial quote: a negative discount depth. */
	s.disc_given = -5000;
	s.disc_list = 100000;
	fmt(&s, KPI_DISCOUNT, "-5%");
	s.slip_n = 3;
	s.slip_days = -10;
	fmt(&s, KPI_SLIP_DAYS, "-3.3");
	/* Large sums do not overflow: 10^15 minor units given of 4 × 10^15 listed. */
	s.disc_given = 1000000000000000LL;
	s.disc_list = 4000000000000000LL;
	fmt(&s, KPI_DISCOUNT, "25%");
}

static void test_cycle_days_and_buckets(void **state)
{
	(void)state;
	/* First record ended at 04:00 on 1 November in Shanghai (20:00 UTC, 31 October); won at 03:59 on
	 * 1 December in Shanghai: 29 whole days, whatever the month or zone. */
	assert_int_equal(kpi_cycle_days(utc(2026, 10, 31, 20, 0), utc(2026, 11, 30, 19, 59)), 29);
	assert_int_equal(kpi_cycle_days(utc(2026, 10, 31, 20, 0), utc(2026, 11, 30, 20, 0)), 30);
	assert_int_equal(kpi_cycle_days(utc(2026, 11, 5, 0, 0), utc(2026, 11, 1, 0, 0)), 0);
	assert_int_equal(kpi_bucket(utc(2026, 11, 30, 19, 59)), utc(2026, 11, 30, 19, 0));
	assert_int_equal(kpi_bucket(utc(2026, 11, 30, 19, 0)), utc(2026, 11, 30, 19, 0));
}

static void test_keys(void **state)
{
	int i;

	(void)state;
	for (i = 0; i < KPI__COUNT; i++)
		assert_int_equal(kpi_by_key(kpi_defs[i].key), i);
	assert_int_equal(kpi_by_key("bogus"), -1);
	assert_int_equal(kpi_by_key(NULL), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_month_bounds_by_zone),
		cmocka_unit_test(test_period_of_an_instant),
		cmocka_unit_test(test_steps_and_parsing),
		cmocka_unit_test(test_figures),
		cmocka_unit_test(test_nothing_to_divide_by),
		cmocka_unit_test(test_rounding_and_sign),
		cmocka_unit_test(test_cycle_days_and_buckets),
		cmocka_unit_test(test_keys),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
