/* The user directory's rules: who may be assigned work on a customer, who a user works with. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "domain/directory.h"

/* Two regions: region 1 (dir1) with teams 1 (mgr1: rep1, rep2) and 2 (mgr2: rep3); region 2 (dir2)
 * with team 3 (mgr3: rep4); vp1 above both directors; exec1 outside the line. */
enum { VP1 = 1, DIR1, DIR2, MGR1, MGR2, MGR3, REP1, REP2, REP3, REP4, EXEC1, NPEOPLE = EXEC1 };
static const struct dir_person people[NPEOPLE] = {
	{ VP1, 0, 0, 0, ROLE_VP },
	{ DIR1, 0, 1, VP1, ROLE_DIRECTOR },
	{ DIR2, 0, 2, VP1, ROLE_DIRECTOR },
	{ MGR1, 1, 0, DIR1, ROLE_MANAGER },
	{ MGR2, 2, 0, DIR1, ROLE_MANAGER },
	{ MGR3, 3, 0, DIR2, ROLE_MANAGER },
	{ REP1, 1, 0, MGR1, ROLE_REP },
	{ REP2, 1, 0, MGR1, ROLE_REP },
	{ REP3, 2, 0, MGR2, ROLE_REP },
	{ REP4, 3, 0, MGR3, ROLE_REP },
	{ EXEC1, 0, 0, 0, ROLE_EXECUTIVE },
};

static struct user as_user(long long id)
{
	struct user u;

	memset(&u, 0, sizeof u);
	u.id = people[id - 1].id;
	u.role = people[id - 1].role;
	u.team_id = people[id - 1].team_id;
	u.region_id = people[id - 1].region_id;
	u.manager_id = people[id - 1].manager_id;
	return u;
}

/* keep[] as a bit set over the ids, for readable expectations. */
static unsigned works_with(long long me, const long long *app, size_t napp)
{
	unsigned char keep[NPEOPLE];
	struct user u = as_user(me);
	unsigned set = 0;
	size_t i;

	dir_works_with(&u, people, NPEOPLE, app, napp, keep);
	for (i = 0; i < NPEOPLE; i++)
		if (keep[i])
			set |= 1u << people[i].id;
	return set;
}

#define B(x) (1u << (x))

static void test_works_with(void **state)
{
	long long approver = MGR3;

	(void)state;
	/* a rep: their team and their line up, nobody of the other team or region */
	assert_int_equal(works_with(REP1, NULL, 0), B(REP1) | B(REP2) | B(MGR1) | B(DIR1) | B(VP1));
	/* ... and whoever decided one of their requests */
	assert_int_equal(works_with(REP1, &approver, 1), B(REP1) | B(REP2) | B(MGR1) | B(DIR1) | B(VP1) | B(MGR3));
	/* a manager: the team and the line up */
	assert_int_equal(works_with(MGR2, NULL, 0), B(MGR2) | B(REP3) | B(DIR1) | B(VP1));
	/* a director: the region's line down, vp up; nothing of region 2 */
	assert_int_equal(works_with(DIR1, NULL, 0),
	                 B(DIR1) | B(MGR1) | B(MGR2) | B(REP1) | B(REP2) | B(REP3) | B(VP1));
	/* the top of every line */
	assert_int_equal(works_with(VP1, NULL, 0), (B(NPEOPLE + 1) - 1) & ~1u);
	assert_int_equal(works_with(EXEC1, NULL, 0), (B(NPEOPLE + 1) - 1) & ~1u);
}

static void test_may_assign(void **state)
{
	struct row_ref mine = { REP1, 1, 1, 0, 0 }, shared = { REP1, 1, 1, 1, 0 }, other = { REP4, 3, 2, 1, 0 };
	unsigned set;
	size_t i;

	(void)state;
	for (set = 0, i = 0; i < NPEOPLE; i++)
		if (dir_may_assign(&people[i], &mine))
			set |= B(people[i].id);
	assert_int_equal(set, B(REP1) | B(MGR1) | B(DIR1) | B(VP1));   /* rep2 may not see it, exec1 reads only */
	for (set = 0, i = 0; i < NPEOPLE; i++)
		if (dir_may_assign(&people[i], &shared))
			set |= B(people[i].id);
	assert_int_equal(set, B(REP1) | B(REP2) | B(MGR1) | B(DIR1) | B(VP1));
	for (set = 0, i = 0; i < NPEOPLE; i++)
		if (dir_may_assign(&people[i], &other))
			set |= B(people[i].id);
	assert_int_equal(set, B(REP4) | B(MGR3) | B(DIR2) | B(VP1));
}

/* A cycle in the manager links (bad data) ends the walk instead of looping. */
static void test_cycle_is_bounded(void **state)
{
	static const struct dir_person loop[2] = { { 1, 0, 0, 2, ROLE_MANAGER }, { 2, 0, 0, 1, ROLE_MANAGER } };
	unsigned char keep[2];
	struct user u;

	(void)state;
	memset(&u, 0, sizeof u);
	u.id = 1;
	u.role = ROLE_MANAGER;
	dir_works_with(&u, loop, 2, NULL, 0, keep);
	assert_int_equal(keep[0], 1);
	assert_int_equal(keep[1], 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_works_with),
		cmocka_unit_test(test_may_assign),
		cmocka_unit_test(test_cycle_is_bounded),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
