/* Opportunity rules: statuses, stages, the lost-reason requirement and the stage history trigger. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "domain/opportunity.h"

static void test_statuses(void **state)
{
	(void)state;
	assert_true(opp_status_ok("open"));
	assert_true(opp_status_ok("won"));
	assert_true(opp_status_ok("lost"));
	assert_true(opp_status_ok("on_hold"));
	assert_false(opp_status_ok("Open"));
	assert_false(opp_status_ok(""));
	assert_false(opp_status_ok(NULL));
	assert_false(opp_status_ok("on hold"));
	assert_null(opp_statuses[4]);
}

static void test_stages(void **state)
{
	(void)state;
	assert_false(opp_stage_ok(0));
	assert_true(opp_stage_ok(1));
	assert_true(opp_stage_ok(6));
	assert_false(opp_stage_ok(7));
	assert_false(opp_stage_ok(-1));
}

static void test_lost_reason(void **state)
{
	(void)state;
	assert_int_equal(opp_check("lost", "price too high"), OPP_OK);
	assert_int_equal(opp_check("lost", ""), OPP_LOST_REASON_REQUIRED);
	assert_int_equal(opp_check("lost", " \t\r\n"), OPP_LOST_REASON_REQUIRED);
	assert_int_equal(opp_check("lost", NULL), OPP_LOST_REASON_REQUIRED);
	assert_int_equal(opp_check("open", ""), OPP_OK);
	assert_int_equal(opp_check("won", NULL), OPP_OK);
	assert_int_equal(opp_check("on_hold", ""), OPP_OK);
	assert_string_equal(opp_err_key(OPP_LOST_REASON_REQUIRED), "opp.lost_reason_required");
	/* only a lost opportunity keeps its reason */
	assert_string_equal(opp_lost_reason_stored("lost", "budget cut"), "budget cut");
	assert_string_equal(opp_lost_reason_stored("open", "budget cut"), "");
	assert_string_equal(opp_lost_reason_stored("won", "x"), "");
	assert_string_equal(opp_lost_reason_stored(NULL, "x"), "");
	assert_string_equal(opp_lost_reason_stored("lost", NULL), "");
}

static void test_history(void **state)
{
	(void)state;
	assert_true(opp_history_needed(0, NULL, 1, "open"));        /* creation */
	assert_true(opp_history_needed(1, "open", 2, "open"));      /* stage forward */
	assert_true(opp_history_needed(3, "open", 2, "open"));      /* stage back */
	assert_true(opp_history_needed(5, "open", 5, "won"));       /* status only */
	assert_true(opp_history_needed(5, "open", 5, "lost"));
	assert_true(opp_history_needed(5, "on_hold", 5, "open"));
	assert_false(opp_history_needed(2, "open", 2, "open"));     /* other fields only */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_statuses),
		cmocka_unit_test(test_stages),
		cmocka_unit_test(test_lost_reason),
		cmocka_unit_test(test_history),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
