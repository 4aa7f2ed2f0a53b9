/* Pure rules: capabilities, organisation shape, session lifetime, login throttling. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "auth/caps.h"
#include "auth/session.h"
#include "auth/throttle.h"
#include "domain/org.h"

static void test_caps(void **state)
{
	(void)state;
	assert_true(role_has_cap(ROLE_ADMIN, CAP_ADMIN));
	assert_false(role_has_cap(ROLE_ADMIN, CAP_SALES));        /* admin reads no sales data by being admin */
	assert_false(role_has_cap(ROLE_VP, CAP_ADMIN));
	assert_false(role_has_cap(ROLE_REP, CAP_ADMIN));
	assert_false(role_has_cap(ROLE_EXECUTIVE, CAP_ADMIN));
	assert_true(role_has_cap(ROLE_REP, CAP_SALES));
	assert_false(role_has_cap(ROLE_NONE, CAP_LOGIN));
	assert_true(role_has_cap(ROLE_NONE, CAP_PUBLIC));
	assert_false(role_has_cap((enum role)99, CAP_LOGIN));
	assert_false(role_has_cap(ROLE_ADMIN, (enum cap)99));
	assert_int_equal(role_parse("director"), ROLE_DIRECTOR);
	assert_int_equal(role_parse("Director"), ROLE_NONE);
	assert_int_equal(role_parse(""), ROLE_NONE);
	assert_int_equal(role_parse(NULL), ROLE_NONE);
	assert_string_equal(role_name(ROLE_EXECUTIVE), "executive");
}

static void test_org(void **state)
{
	(void)state;
	assert_int_equal(org_check(ROLE_REP, 1, 0, ROLE_MANAGER), ORG_OK);
	assert_int_equal(org_check(ROLE_REP, 0, 0, ROLE_MANAGER), ORG_TEAM_REQUIRED);
	assert_int_equal(org_check(ROLE_REP, 1, 0, ROLE_DIRECTOR), ORG_MANAGER_WRONG_ROLE);
	assert_int_equal(org_check(ROLE_REP, 1, 0, ROLE_NONE), ORG_MANAGER_REQUIRED);
	assert_int_equal(org_check(ROLE_MANAGER, 1, 0, ROLE_DIRECTOR), ORG_OK);
	assert_int_equal(org_check(ROLE_MANAGER, 1, 0, ROLE_MANAGER), ORG_MANAGER_WRONG_ROLE);
	assert_int_equal(org_check(ROLE_DIRECTOR, 0, 1, ROLE_VP), ORG_OK);
	assert_int_equal(org_check(ROLE_DIRECTOR, 0, 0, ROLE_VP), ORG_REGION_REQUIRED);
	assert_int_equal(org_check(ROLE_DIRECTOR, 1, 1, ROLE_VP), ORG_TEAM_NOT_ALLOWED);
	assert_int_equal(org_check(ROLE_VP, 0, 0, ROLE_NONE), ORG_OK);
	assert_int_equal(org_check(ROLE_VP, 0, 0, ROLE_VP), ORG_MANAGER_NOT_ALLOWED);
	assert_int_equal(org_check(ROLE_ADMIN, 0, 0, ROLE_NONE), ORG_OK);
	assert_int_equal(org_check(ROLE_ADMIN, 1, 0, ROLE_NONE), ORG_TEAM_NOT_ALLOWED);
	assert_int_equal(org_check(ROLE_EXECUTIVE, 0, 0, ROLE_MANAGER), ORG_MANAGER_NOT_ALLOWED);
	assert_string_equal(org_err_key(ORG_TEAM_REQUIRED), "org.team_required");
}

static void test_session_lifetime(void **state)
{
	const time_t t0 = 1700000000;

	(void)state;
	assert_true(session_alive(t0, t0, t0));
	assert_true(session_alive(t0, t0, t0 + SESSION_IDLE_SECONDS));
	assert_false(session_alive(t0, t0, t0 + SESSION_IDLE_SECONDS + 1));
	/* active every 20 minutes: alive until the absolute limit, then dead */
	assert_true(session_alive(t0, t0 + SESSION_ABSOLUTE_SECONDS - 60, t0 + SESSION_ABSOLUTE_SECONDS));
	assert_false(session_alive(t0, t0 + SESSION_ABSOLUTE_SECONDS - 60, t0 + SESSION_ABSOLUTE_SECONDS + 1));
	assert_false(session_alive(t0 + 3600, t0 + 3600, t0));   /* created in the future */
}

static void test_throttle(void **state)
{
	struct throttle_state st;
	const time_t t0 = 1700000000;
	unsigned i;

	(void)state;
	memset(&st, 0, sizeof st);
	/* every attempt up to the limit goes on to the password check; the one reaching it locks */
	for (i = 0; i < THROTTLE_LIMIT_ACCT_IP - 1; i++)
		assert_true(throttle_count(&st, t0 + i, THROTTLE_LIMIT_ACCT_IP));
	assert_false(throttle_locked(&st, t0 + 10));
	assert_true(throttle_count(&st, t0 + 10, THROTTLE_LIMIT_ACCT_IP));
	assert_int_equal(st.fails, THROTTLE_LIMIT_ACCT_IP);
	assert_true(throttle_locked(&st, t0 + 11));
	assert_false(throttle_count(&st, t0 + 11, THROTTLE_LIMIT_ACCT_IP));
	assert_true(throttle_locked(&st, t0 + 10 + THROTTLE_LOCK - 1));
	/* a lock always ends, even when the window ran out while it held */
	assert_false(throttle_count(&st, t0 + THROTTLE_WINDOW + 1, THROTTLE_LIMIT_ACCT_IP));
	assert_false(throttle_locked(&st, t0 + 10 + THROTTLE_LOCK));
	/* after the lock, counting starts again */
	assert_true(throttle_count(&st, t0 + 10 + THROTTLE_LOCK, THROTTLE_LIMIT_ACCT_IP));
	assert_int_equal(st.fails, 1);
	assert_false(throttle_locked(&st, t0 + 11 + THROTTLE_LOCK));

	/* attempts spread beyond the window never lock */
	memset(&st, 0, sizeof st);
	for (i = 0; i < 20; i++)
		assert_true(throttle_count(&st, t0 + (time_t)i * (THROTTLE_WINDOW / 2 + 1), THROTTLE_LIMIT_ACCT_IP));
	assert_false(throttle_locked(&st, t0 + 20 * (THROTTLE_WINDOW / 2 + 1)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_caps),
		cmocka_unit_test(test_org),
		cmocka_unit_test(test_session_lifetime),
		cmocka_unit_test(test_throttle),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
