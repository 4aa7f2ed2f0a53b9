/* Task list rules: when a next action is overdue and to whom it is escalated, with "now" taken from the
 * injectable clock (a shifted offset file) and turned into the viewer's local day. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "domain/tasks.h"
#include "domain/units.h"
#include "util/clock.h"

static time_t utc(const char *s)
{
	time_t t = 0;

	assert_int_equal(clock_parse_utc(s, &t), 0);
	return t;
}

/* The viewer's today at a clock shifted by offset seconds from `base` (through the offset file). */
static void today_at(const char *file, long long offset, char out[11])
{
	FILE *f = fopen(file, "w");
	time_t now;

	assert_non_null(f);
	fprintf(f, "%lld\n", offset);
	fclose(f);
	now = clock_now(file);
	date_of(now, "Asia/Shanghai", 0, out);
}

static void test_overdue_days(void **state)
{
	(void)state;
	assert_int_equal(task_overdue_days("2026-12-03", "2026-12-03"), 0);   /* due today: not overdue */
	assert_int_equal(task_overdue_days("2026-12-04", "2026-12-03"), 0);
	assert_int_equal(task_overdue_days("2026-12-02", "2026-12-03"), 1);
	assert_int_equal(task_overdue_days("2026-11-30", "2026-12-03"), 3);
	assert_int_equal(task_overdue_days("2025-12-31", "2026-01-01"), 1);   /* across a year */
	assert_int_equal(task_overdue_days("2024-02-28", "2024-03-01"), 2);   /* leap day */
	assert_int_equal(task_overdue_days("bad", "2026-12-03"), 0);
	assert_int_equal(task_overdue_days(NULL, "2026-12-03"), 0);
}

static void test_escalation_levels(void **state)
{
	(void)state;
	assert_int_equal(task_escalation_level(0), 0);
	assert_int_equal(task_escalation_level(1), 1);   /* the owner's manager */
	assert_int_equal(task_escalation_level(2), 1);
	assert_int_equal(task_escalation_level(3), 2);   /* and the director */
	assert_int_equal(task_escalation_level(40), 2);
}

static void test_cutoff(void **state)
{
	char out[11];

	(void)state;
	/* due before the cutoff = overdue by at least `days` */
	task_overdue_cutoff("2026-12-03", 1, out);
	assert_string_equal(out, "2026-12-03");
	task_overdue_cutoff("2026-12-03", 3, out);
	assert_string_equal(out, "2026-12-01");
	assert_int_equal(task_overdue_days("2026-11-30", "2026-12-03") >= 3, strcmp("2026-11-30", out) < 0);
	assert_int_equal(task_overdue_days("2026-12-01", "2026-12-03") >= 3, strcmp("2026-12-01", out) < 0);
	task_overdue_cutoff("2026-03-01", 3, out);
	assert_string_equal(out, "2026-02-27");
	task_overdue_cutoff("2026-03-01", 0, out);
	assert_string_equal(out, "");
}

/* An action due on 2026-12-03 (Shanghai) moves from the owner to the manager to the director as the
 * injected clock advances; the local day, not the UTC day, counts. */
static void test_escalation_with_clock(void **state)
{
	char file[] = "/tmp/parley-test-clock-XXXXXX", today[11];
	time_t base = time(NULL);
	/* offset that puts "now" at a given UTC time */
	long long at_due_evening = (long long)(utc("2026-12-03 15:59:00") - base);     /* 23:59 local, same day */
	long long next_morning = (long long)(utc("2026-12-03 16:01:00") - base);       /* 00:01 local, next day */
	long long three_days = (long long)(utc("2026-12-06 01:00:00") - base);
	int fd = mkstemp(file);

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	today_at(file, at_due_evening, today);
	assert_string_equal(today, "2026-12-03");
	assert_int_equal(task_escalation_level(task_overdue_days("2026-12-03", today)), 0);
	today_at(file, next_morning, today);
	assert_string_equal(today, "2026-12-04");
	assert_int_equal(task_overdue_days("2026-12-03", today), 1);
	assert_int_equal(task_escalation_level(task_overdue_days("2026-12-03", today)), 1);
	today_at(file, three_days, today);
	assert_int_equal(task_overdue_days("2026-12-03", today), 3);
	assert_int_equal(task_escalation_level(task_overdue_days("2026-12-03", today)), 2);
	unlink(file);
}

static void test_due_ok(void **state)
{
	(void)state;
	assert_true(task_due_ok("2026-12-03", "2026-12-03"));
	assert_true(task_due_ok("2027-01-01", "2026-12-03"));
	assert_false(task_due_ok("2026-12-02", "2026-12-03"));
	assert_false(task_due_ok("2026-13-01", "2026-12-03"));
	assert_false(task_due_ok("", "2026-12-03"));
}

static void test_scopes(void **state)
{
	(void)state;
	assert_true(task_scope_ok(ROLE_REP, "mine"));
	assert_true(task_scope_ok(ROLE_REP, "team"));
	assert_false(task_scope_ok(ROLE_REP, "region"));
	assert_false(task_scope_ok(ROLE_REP, "escalated"));
	assert_false(task_scope_ok(ROLE_REP, "all"));
	assert_true(task_scope_ok(ROLE_MANAGER, "escalated"));
	assert_false(task_scope_ok(ROLE_MANAGER, "region"));
	assert_true(task_scope_ok(ROLE_DIRECTOR, "region"));
	assert_true(task_scope_ok(ROLE_DIRECTOR, "escalated"));
	assert_false(task_scope_ok(ROLE_DIRECTOR, "team"));
	assert_true(task_scope_ok(ROLE_VP, "all"));
	assert_false(task_scope_ok(ROLE_ADMIN, "mine"));
	assert_false(task_scope_ok(ROLE_REP, NULL));
	assert_string_equal(task_scope_default(ROLE_REP), "mine");
	assert_string_equal(task_scope_default(ROLE_EXECUTIVE), "all");
	assert_null(task_scope_default(ROLE_ADMIN));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_overdue_days),
		cmocka_unit_test(test_escalation_levels),
		cmocka_unit_test(test_cutoff),
		cmocka_unit_test(test_escalation_with_clock),
		cmocka_unit_test(test_due_ok),
		cmocka_unit_test(test_scopes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
