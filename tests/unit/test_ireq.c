/* Internal request rules: the 24-hour answer window (23 hours in time, 25 hours overdue, with "now" taken
 * from the injectable clock's offset file), and who may take which step in which state. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <cmocka.h>

#include "domain/ireq.h"
#include "util/clock.h"

static time_t utc(const char *s)
{
	time_t t = 0;

	assert_int_equal(clock_parse_utc(s, &t), 0);
	return t;
}

/* The application's now with the clock moved `offset` seconds ahead through the offset file. */
static time_t now_shifted(long long offset)
{
	char file[] = "/tmp/parley-ireq-clockXXXXXX";
	int fd = mkstemp(file);
	FILE *f;
	time_t now;

	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	fprintf(f, "%lld\n", offset);
	fclose(f);
	now = clock_now(file);
	unlink(file);
	return now;
}

static void test_window(void **state)
{
	time_t asked = utc("2026-12-01 08:00:00"), due = ireq_answer_due(asked);

	(void)state;
	assert_int_equal(due - asked, 24 * 3600);
	assert_false(ireq_overdue(IREQ_OPEN, due, asked + 23 * 3600));
	assert_false(ireq_overdue(IREQ_OPEN, due, due));
	assert_true(ireq_overdue(IREQ_OPEN, due, due + 1));
	assert_true(ireq_overdue(IREQ_OPEN, due, asked + 25 * 3600));
	assert_int_equal(ireq_hours_late(IREQ_OPEN, due, asked + 25 * 3600), 1);
	assert_int_equal(ireq_hours_late(IREQ_OPEN, due, asked + 23 * 3600), 0);
	/* answered or confirmed in time or not: nobody is waiting for the responder any more */
	assert_false(ireq_overdue(IREQ_ANSWERED, due, asked + 25 * 3600));
	assert_false(ireq_overdue(IREQ_CONFIRMED, due, asked + 25 * 3600));
}

static void test_window_with_shifted_clock(void **state)
{
	time_t asked = now_shifted(0), due = ireq_answer_due(asked);

	(void)state;
	assert_false(ireq_overdue(IREQ_OPEN, due, now_shifted(23 * 3600)));
	assert_true(ireq_overdue(IREQ_OPEN, due, now_shifted(25 * 3600)));
	/* a reopened request starts a new round from the reopening */
	due = ireq_answer_due(now_shifted(25 * 3600));
	assert_false(ireq_overdue(IREQ_OPEN, due, now_shifted(48 * 3600)));
	assert_true(ireq_overdue(IREQ_OPEN, due, now_shifted(50 * 3600)));
}

static void test_steps(void **state)
{
	const long long req = 11, resp = 22, other = 33;

	(void)state;
	assert_true(ireq_may(IREQ_ANSWER, IREQ_OPEN, resp, req, resp));
	assert_false(ireq_may(IREQ_ANSWER, IREQ_OPEN, req, req, resp));
	assert_false(ireq_may(IREQ_ANSWER, IREQ_OPEN, other, req, resp));
	assert_false(ireq_may(IREQ_ANSWER, IREQ_ANSWERED, resp, req, resp));
	assert_false(ireq_may(IREQ_ANSWER, IREQ_CONFIRMED, resp, req, resp));
	assert_true(ireq_may(IREQ_CONFIRM, IREQ_ANSWERED, req, req, resp));
	assert_true(ireq_may(IREQ_REOPEN, IREQ_ANSWERED, req, req, resp));
	assert_false(ireq_may(IREQ_CONFIRM, IREQ_OPEN, req, req, resp));
	assert_false(ireq_may(IREQ_REOPEN, IREQ_CONFIRMED, req, req, resp));
	assert_false(ireq_may(IREQ_CONFIRM, IREQ_ANSWERED, resp, req, resp));
	assert_false(ireq_may(IREQ_REOPEN, IREQ_ANSWERED, other, req, resp));
	assert_false(ireq_may(IREQ_ANSWER, IREQ_OPEN, 0, 0, 0));
	assert_int_equal(ireq_state_parse("answered"), IREQ_ANSWERED);
	assert_int_equal(ireq_state_parse("bogus"), IREQ__BAD);
	assert_int_equal(ireq_state_parse(NULL), IREQ__BAD);
	assert_string_equal(ireq_state_name(IREQ_CONFIRMED), "confirmed");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_window),
		cmocka_unit_test(test_window_with_shifted_clock),
		cmocka_unit_test(test_steps),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
