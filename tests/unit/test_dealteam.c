/* Deal-team rules: exactly one A, the A goes last, who may change a team. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "domain/dealteam.h"

static void test_exactly_one_a(void **state)
{
	(void)state;
	assert_int_equal(dt_check_add(0, 0, 0, "A"), DT_OK);
	assert_int_equal(dt_check_add(0, 0, 0, "C"), DT_FIRST_NOT_A);
	assert_int_equal(dt_check_add(1, 1, 0, "A"), DT_SECOND_A);
	assert_int_equal(dt_check_add(1, 1, 0, "R"), DT_OK);
	assert_int_equal(dt_check_add(2, 1, 1, "I"), DT_ALREADY);
	assert_int_equal(dt_check_remove(3, 1), DT_REMOVE_A);
	assert_int_equal(dt_check_remove(1, 1), DT_OK);
	assert_int_equal(dt_check_remove(3, 0), DT_OK);
	assert_string_equal(dt_err_key(DT_SECOND_A), "dt.err_second_a");
}

static void test_who_may_change(void **state)
{
	struct row_ref team1 = { 11, 1, 1, 0, 0 };
	struct user u;

	(void)state;
	memset(&u, 0, sizeof u);
	u.id = 11, u.role = ROLE_REP, u.team_id = 1;
	assert_true(dt_may_change(&u, 11, &team1));       /* the owner */
	u.id = 12;
	assert_false(dt_may_change(&u, 11, &team1));      /* a teammate */
	assert_true(dt_may_change(&u, 12, &team1));       /* owner of the opportunity */
	u.id = 21, u.role = ROLE_MANAGER;
	assert_true(dt_may_change(&u, 11, &team1));       /* the team's manager */
	u.team_id = 2;
	assert_false(dt_may_change(&u, 11, &team1));      /* another team's manager */
	u.id = 61, u.role = ROLE_ADMIN, u.team_id = 0;
	assert_true(dt_may_change(&u, 11, &team1));
	u.id = 51, u.role = ROLE_EXECUTIVE;
	assert_false(dt_may_change(&u, 11, &team1));
	/* a member from outside the line: sees, may not change */
	team1.member_id = 13;
	u.id = 13, u.role = ROLE_REP, u.team_id = 2;
	assert_true(vis_can_see(&u, &team1));
	assert_false(vis_can_edit(&u, &team1));
	assert_false(tier_can_read(&u, &team1, TIER_CONFIDENTIAL));
	assert_false(dt_may_change(&u, 11, &team1));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exactly_one_a),
		cmocka_unit_test(test_who_may_change),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
