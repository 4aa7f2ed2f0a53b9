/* Negotiation record rules: times, the 24-hour rule with an injected "now", next actions, urgency order,
 * completion. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "domain/records.h"
#include "util/clock.h"

static time_t utc(const char *s)
{
	time_t t = 0;

	assert_int_equal(clock_parse_utc(s, &t), 0);
	return t;
}

static void test_times(void **state)
{
	(void)state;
	assert_int_equal(rec_time_parse("00:00"), 0);
	assert_int_equal(rec_time_parse("09:30"), 9 * 3600 + 30 * 60);
	assert_int_equal(rec_time_parse("23:59:59"), 86399);
	assert_int_equal(rec_time_parse("24:00"), -1);
	assert_int_equal(rec_time_parse("9:30"), -1);
	assert_int_equal(rec_time_parse("09:60"), -1);
	assert_int_equal(rec_time_parse(""), -1);
	assert_int_equal(rec_time_parse(NULL), -1);
	assert_true(rec_times_ok("09:00", "11:30"));
	assert_false(rec_times_ok("11:30", "09:00"));   /* end before start */
	assert_false(rec_times_ok("10:00", "10:00"));   /* zero length */
	assert_false(rec_times_ok("10:00", ""));
}

static void test_ended_at(void **state)
{
	time_t t;

	(void)state;
	/* Asia/Shanghai is UTC+8 all year: 17:30 local = 09:30 UTC. */
	assert_int_equal(rec_ended_at("2026-11-20", "17:30", "Asia/Shanghai", &t), 0);
	assert_int_equal(t, utc("2026-11-20 09:30:00"));
	/* Early morning local time is the previous day in UTC. */
	assert_int_equal(rec_ended_at("2026-11-20", "07:00", "Asia/Shanghai", &t), 0);
	assert_int_equal(t, utc("2026-11-19 23:00:00"));
	assert_int_equal(rec_ended_at("2026-11-20", "17:30", "UTC", &t), 0);
	assert_int_equal(t, utc("2026-11-20 17:30:00"));
	/* Europe/Berlin: summer UTC+2, winter UTC+1. */
	assert_int_equal(rec_ended_at("2026-07-01", "12:00", "Europe/Berlin", &t), 0);
	assert_int_equal(t, utc("2026-07-01 10:00:00"));
	assert_int_equal(rec_ended_at("2026-01-15", "12:00", "Europe/Berlin", &t), 0);
	assert_int_equal(t, utc("2026-01-15 11:00:00"));
	assert_int_equal(rec_ended_at("2026-02-30", "12:00", "UTC", &t), -1);
	assert_int_equal(rec_ended_at("2026-02-01", "25:00", "UTC", &t), -1);
	assert_int_equal(rec_ended_at(NULL, "12:00", "UTC", &t), -1);
}

static void test_late(void **state)
{
	time_t end = utc("2026-11-20 09:30:00");

	(void)state;
	/* not completed: on time until exactly 24 hours, late one second after */
	assert_false(rec_is_late(end, -1, end));
	assert_false(rec_is_late(end, -1, end + 23 * 3600));
	assert_false(rec_is_late(end, -1, end + 24 * 3600));
	assert_true(rec_is_late(end, -1, end + 24 * 3600 + 1));
	assert_true(rec_is_late(end, -1, end + 30 * 86400));
	/* completed: judged by the completion time, whatever now is */
	assert_false(rec_is_late(end, end + 3600, end + 30 * 86400));
	assert_false(rec_is_late(end, end + 24 * 3600, end + 30 * 86400));
	assert_true(rec_is_late(end, end + 24 * 3600 + 1, end + 24 * 3600 + 1));
	assert_true(rec_is_late(end, end + 3 * 86400, end + 3 * 86400));
	/* completed before the meeting ended (typed during it): on time */
	assert_false(rec_is_late(end, end - 600, end + 90000));
}

static void test_actions(void **state)
{
	(void)state;
	assert_int_equal(rec_action_check("Send the revised quote", 7, "2026-11-25", "Quote PDF"), 0);
	assert_int_equal(rec_action_check("Send the revised quote", 0, "2026-11-25", "Quote PDF"),
	                 1u << REC_ACTION_NO_OWNER);
	assert_int_equal(rec_action_check("Send the revised quote", 7, "", "Quote PDF"), 1u << REC_ACTION_NO_DUE);
	assert_int_equal(rec_action_check("Send the revised quote", 7, "next week", "Quote PDF"),
	                 1u << REC_ACTION_BAD_DUE);
	assert_int_equal(rec_action_check("Send the revised quote", 7, "2026-11-25", "  "),
	                 1u << REC_ACTION_NO_DELIVERABLE);
	/* "follow up" with nothing else: every problem reported */
	assert_int_equal(rec_action_check("follow up", 0, NULL, NULL),
	                 (1u << REC_ACTION_NO_OWNER) | (1u << REC_ACTION_NO_DUE) | (1u << REC_ACTION_NO_DELIVERABLE));
	assert_int_equal(rec_action_check(" ", 3, "2026-11-25", "x"), 1u << REC_ACTION_NO_WHAT);
	assert_string_equal(rec_action_err_key(REC_ACTION_NO_OWNER), "rec.action_no_owner");
	assert_string_equal(rec_action_err_key(REC_ACTION_NO_DUE), "rec.action_no_due");
	assert_string_equal(rec_action_err_key(REC_ACTION_OK), "");
}

static void test_urgency(void **state)
{
	const char *urg[] = { "low", "high", "medium", "high", "low", "medium" };
	size_t idx[6] = { 0, 1, 2, 3, 4, 5 };
	const size_t want[6] = { 1, 3, 2, 5, 0, 4 };

	(void)state;
	assert_int_equal(rec_urgency_rank("high"), 0);
	assert_int_equal(rec_urgency_rank("medium"), 1);
	assert_int_equal(rec_urgency_rank("low"), 2);
	assert_int_equal(rec_urgency_rank("urgent"), 3);
	assert_int_equal(rec_urgency_rank(NULL), 3);
	rec_sort_by_urgency(urg, idx, 6);
	assert_memory_equal(idx, want, sizeof want);
	assert_true(rec_choice_ok(rec_urgencies, "medium"));
	assert_false(rec_choice_ok(rec_urgencies, "extreme"));
	assert_false(rec_choice_ok(rec_urgencies, ""));
	assert_false(rec_choice_ok(rec_urgencies, NULL));
}

static void test_blank_rows(void **state)
{
	const char *empty[] = { "", NULL, " \t" };
	const char *one[] = { "", "x", "" };

	(void)state;
	assert_true(rec_row_blank(empty, 3));
	assert_false(rec_row_blank(one, 3));
	assert_true(rec_row_blank(NULL, 0));
}

static void test_completion(void **state)
{
	struct rec_completeness c = { .needs = 2, .actions = 1, .status = "follow_up", .our_participants = "rep1",
	                              .review_strengths = "clear agenda", .review_improve = "slower concessions" };

	(void)state;
	assert_int_equal(rec_complete_check(&c), 0);
	c.actions = 0;
	assert_int_equal(rec_complete_check(&c), REC_MISSING_ACTIONS);
	c.status = "won";   /* a closed deal needs no next action */
	assert_int_equal(rec_complete_check(&c), 0);
	c.needs = 0;
	c.review_improve = " ";
	c.our_participants = NULL;
	assert_int_equal(rec_complete_check(&c), REC_MISSING_NEEDS | REC_MISSING_REVIEW | REC_MISSING_PARTICIPANTS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_times),
		cmocka_unit_test(test_ended_at),
		cmocka_unit_test(test_late),
		cmocka_unit_test(test_actions),
		cmocka_unit_test(test_urgency),
		cmocka_unit_test(test_blank_rows),
		cmocka_unit_test(test_completion),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
