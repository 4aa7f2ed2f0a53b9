/* Row visibility and field tiers (src/auth/visibility.c): every role against every row position,
 * and the C rule against a C transcription of the SQL predicate VIS_SQL (db/stmts.def). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "auth/caps.h"
#include "auth/visibility.h"

/* The organisation: region 1 holds teams 1 and 2, region 2 holds team 3. */
enum { TEAM1 = 1, TEAM2 = 2, TEAM3 = 3, REGION1 = 1, REGION2 = 2 };

enum who { REP1, REP2, REP3, REP4, MGR1, MGR2, MGR3, DIR1, DIR2, VP1, EXEC1, ADMIN, NOBODY, WHO__COUNT };

static const struct {
	const char *name;
	long long id;
	enum role role;
	long long team_id, region_id;
} people[WHO__COUNT] = {
	[REP1] = { "rep1", 11, ROLE_REP, TEAM1, 0 },
	[REP2] = { "rep2", 12, ROLE_REP, TEAM1, 0 },
	[REP3] = { "rep3", 13, ROLE_REP, TEAM2, 0 },
	[REP4] = { "rep4", 14, ROLE_REP, TEAM3, 0 },
	[MGR1] = { "mgr1", 21, ROLE_MANAGER, TEAM1, 0 },
	[MGR2] = { "mgr2", 22, ROLE_MANAGER, TEAM2, 0 },
	[MGR3] = { "mgr3", 23, ROLE_MANAGER, TEAM3, 0 },
	[DIR1] = { "dir1", 31, ROLE_DIRECTOR, 0, REGION1 },
	[DIR2] = { "dir2", 32, ROLE_DIRECTOR, 0, REGION2 },
	[VP1] = { "vp1", 41, ROLE_VP, 0, 0 },
	[EXEC1] = { "exec1", 51, ROLE_EXECUTIVE, 0, 0 },
	[ADMIN] = { "admin", 61, ROLE_ADMIN, 0, 0 },
	[NOBODY] = { "none", 71, ROLE_NONE, TEAM1, REGION1 },
};

/* Row positions. */
enum pos {
	R_REP1,          /* team 1, owned by rep1, not shared */
	R_REP1_SHARED,   /* team 1, owned by rep1, shared with the team */
	R_REP2,          /* team 1, owned by rep2, not shared */
	R_MGR1,          /* team 1, owned by the team's manager, not shared */
	R_REP3,          /* team 2, owned by rep3, not shared */
	R_REP3_SHARED,   /* team 2, owned by rep3, shared */
	R_REP4,          /* team 3 in region 2 */
	R_REP3_MEMBER,   /* team 2, owned by rep3, not shared; rep1 is on a deal team of its customer */
	POS__COUNT
};

static const struct {
	const char *name;
	struct row_ref ref;
} rows[POS__COUNT] = {
	[R_REP1] = { "rep1 row", { 11, TEAM1, REGION1, 0, 0 } },
	[R_REP1_SHARED] = { "rep1 shared row", { 11, TEAM1, REGION1, 1, 0 } },
	[R_REP2] = { "rep2 row", { 12, TEAM1, REGION1, 0, 0 } },
	[R_MGR1] = { "mgr1 row", { 21, TEAM1, REGION1, 0, 0 } },
	[R_REP3] = { "rep3 row", { 13, TEAM2, REGION1, 0, 0 } },
	[R_REP3_SHARED] = { "rep3 shared row", { 13, TEAM2, REGION1, 1, 0 } },
	[R_REP4] = { "rep4 row (region 2)", { 14, TEAM3, REGION2, 0, 0 } },
	[R_REP3_MEMBER] = { "rep3 row with rep1 on the deal team", { 13, TEAM2, REGION1, 0, 11 } },
};

#define B(p) (1u << (p))
#define ALL ((1u << POS__COUNT) - 1)
#define TEAM1_ROWS (B(R_REP1) | B(R_REP1_SHARED) | B(R_REP2) | B(R_MGR1))
#define TEAM2_ROWS (B(R_REP3) | B(R_REP3_SHARED) | B(R_REP3_MEMBER))
#define REGION1_ROWS (TEAM1_ROWS | TEAM2_ROWS)

static struct user mk_user(enum who w)
{
	struct user u;

	memset(&u, 0, sizeof u);
	u.id = people[w].id;
	snprintf(u.username, sizeof u.username, "%s", people[w].name);
	snprintf(u.display_name, sizeof u.display_name, "%s", people[w].name);
	u.role = people[w].role;
	u.team_id = people[w].team_id;
	u.region_id = people[w].region_id;
	snprintf(u.lang, sizeof u.lang, "%s", "zh-CN");
	snprintf(u.tz, sizeof u.tz, "%s", "Asia/Shanghai");
	return u;
}

typedef int (*rule_fn)(const struct user *, const struct row_ref *);

static void check_rule(const char *what, rule_fn fn, const unsigned expect[WHO__COUNT])
{
	int w, p, bad = 0;

	for (w = 0; w < WHO__COUNT; w++) {
		struct user u = mk_user((enum who)w);
		for (p = 0; p < POS__COUNT; p++) {
			int want = (expect[w] >> p) & 1u;
			int got = fn(&u, &rows[p].ref) ? 1 : 0;
			if (want != got) {
				print_error("%s(%s, %s) = %d, expected %d\n", what, people[w].name, rows[p].name, got, want);
				bad++;
			}
		}
	}
	assert_int_equal(bad, 0);
}

static const unsigned see[WHO__COUNT] = {
	[REP1] = B(R_REP1) | B(R_REP1_SHARED) | B(R_REP3_MEMBER),   /* the deal team opens the row */
	[REP2] = B(R_REP1_SHARED) | B(R_REP2),
	[REP3] = TEAM2_ROWS,
	[REP4] = B(R_REP4),
	[MGR1] = TEAM1_ROWS,
	[MGR2] = TEAM2_ROWS,
	[MGR3] = B(R_REP4),
	[DIR1] = REGION1_ROWS,
	[DIR2] = B(R_REP4),
	[VP1] = ALL,
	[EXEC1] = ALL,
	[ADMIN] = 0,
	[NOBODY] = 0,
};

static void test_can_see(void **state)
{
	(void)state;
	check_rule("vis_can_see", vis_can_see, see);
}

static void test_can_edit(void **state)
{
	static const unsigned expect[WHO__COUNT] = {
		[REP1] = B(R_REP1) | B(R_REP1_SHARED),   /* own rows only */
		[REP2] = B(R_REP2),                      /* sees rep1's shared row but may not edit it */
		[REP3] = TEAM2_ROWS,
		[REP4] = B(R_REP4),
		[MGR1] = TEAM1_ROWS,
		[MGR2] = TEAM2_ROWS,
		[MGR3] = B(R_REP4),
		[DIR1] = REGION1_ROWS,
		[DIR2] = B(R_REP4),
		[VP1] = ALL,
		[EXEC1] = 0,                             /* reads everything, edits nothing */
		[ADMIN] = 0,
		[NOBODY] = 0,
	};

	(void)state;
	check_rule("vis_can_edit", vis_can_edit, expect);
}

static void test_can_reassign(void **state)
{
	static const unsigned expect[WHO__COUNT] = {
		[REP1] = 0,   /* not even their own */
		[REP2] = 0,
		[REP3] = 0,
		[REP4] = 0,
		[MGR1] = TEAM1_ROWS,
		[MGR2] = TEAM2_ROWS,
		[MGR3] = B(R_REP4),
		[DIR1] = REGION1_ROWS,
		[DIR2] = B(R_REP4),
		[VP1] = ALL,
		[EXEC1] = 0,
		[ADMIN] = 0,
		[NOBODY] = 0,
	};

	(void)state;
	check_rule("vis_can_reassign", vis_can_reassign, expect);
}

static enum tier cur_tier;

static int read_cur(const struct user *u, const struct row_ref *r)
{
	return tier_can_read(u, r, cur_tier);
}

static int write_cur(const struct user *u, const struct row_ref *r)
{
	return tier_can_write(u, r, cur_tier);
}

static void test_tier_read(void **state)
{
	static const unsigned confidential[WHO__COUNT] = {
		[REP1] = B(R_REP1) | B(R_REP1_SHARED),
		[REP2] = B(R_REP2),                      /* the shared row: visible, but not its budget */
		[REP3] = TEAM2_ROWS,                     /* own rows, whoever else is on the deal team */
		[REP4] = B(R_REP4),
		[MGR1] = TEAM1_ROWS,                     /* rep1's membership gives mgr1 nothing */
		[MGR2] = TEAM2_ROWS,
		[MGR3] = B(R_REP4),
		[DIR1] = REGION1_ROWS,
		[DIR2] = B(R_REP4),
		[VP1] = ALL,
		[EXEC1] = ALL,
		[ADMIN] = 0,
		[NOBODY] = 0,
	};
	static const unsigned restricted[WHO__COUNT] = {
		[DIR1] = REGION1_ROWS,
		[DIR2] = B(R_REP4),
		[VP1] = ALL,
		[EXEC1] = ALL,
		/* reps and managers (even of their own rows), admin: nothing */
	};

	(void)state;
	cur_tier = TIER_INTERNAL;
	check_rule("tier_can_read(internal)", read_cur, see);
	cur_tier = TIER_CONFIDENTIAL;
	check_rule("tier_can_read(confidential)", read_cur, confidential);
	cur_tier = TIER_RESTRICTED;
	check_rule("tier_can_read(restricted)", read_cur, restricted);
	/* an unknown tier opens nothing */
	cur_tier = (enum tier)42;
	{
		static const unsigned none[WHO__COUNT];
		check_rule("tier_can_read(42)", read_cur, none);
	}
}

static void test_tier_write(void **state)
{
	static const unsigned confidential[WHO__COUNT] = {
		[REP1] = B(R_REP1) | B(R_REP1_SHARED),
		[REP2] = B(R_REP2),
		[REP3] = TEAM2_ROWS,
		[REP4] = B(R_REP4),
		[MGR1] = TEAM1_ROWS,
		[MGR2] = TEAM2_ROWS,
		[MGR3] = B(R_REP4),
		[DIR1] = REGION1_ROWS,
		[DIR2] = B(R_REP4),
		[VP1] = ALL,
		[EXEC1] = 0,   /* reads, never writes */
	};
	static const unsigned restricted[WHO__COUNT] = {
		[DIR1] = REGION1_ROWS,
		[DIR2] = B(R_REP4),
		[VP1] = ALL,
	};

	(void)state;
	cur_tier = TIER_INTERNAL;
	{
		static const unsigned internal[WHO__COUNT] = {
			[REP1] = B(R_REP1) | B(R_REP1_SHARED),
			[REP2] = B(R_REP2),
			[REP3] = TEAM2_ROWS,
			[REP4] = B(R_REP4),
			[MGR1] = TEAM1_ROWS,
			[MGR2] = TEAM2_ROWS,
			[MGR3] = B(R_REP4),
			[DIR1] = REGION1_ROWS,
			[DIR2] = B(R_REP4),
			[VP1] = ALL,
		};
		check_rule("tier_can_write(internal)", write_cur, internal);
	}
	cur_tier = TIER_CONFIDENTIAL;
	check_rule("tier_can_write(confidential)", write_cur, confidential);
	cur_tier = TIER_RESTRICTED;
	check_rule("tier_can_write(restricted)", write_cur, restricted);
}

/* Invariants that hold for every user and row, whatever the table above says. */
static void test_invariants(void **state)
{
	int w, p;

	(void)state;
	for (w = 0; w < WHO__COUNT; w++) {
		struct user u = mk_user((enum who)w);
		for (p = 0; p < POS__COUNT; p++) {
			const struct row_ref *r = &rows[p].ref;
			int s = vis_can_see(&u, r);
			if (!s) {
				/* nothing about a row one cannot see */
				assert_false(vis_can_edit(&u, r));
				assert_false(vis_can_reassign(&u, r));
				assert_false(tier_can_read(&u, r, TIER_INTERNAL));
				assert_false(tier_can_read(&u, r, TIER_CONFIDENTIAL));
				assert_false(tier_can_read(&u, r, TIER_RESTRICTED));
			}
			if (tier_can_read(&u, r, TIER_RESTRICTED))
				assert_true(tier_can_read(&u, r, TIER_CONFIDENTIAL));
			if (tier_can_read(&u, r, TIER_CONFIDENTIAL))
				assert_true(tier_can_read(&u, r, TIER_INTERNAL));
			if (vis_can_reassign(&u, r))
				assert_true(vis_can_edit(&u, r));
			if (u.role == ROLE_ADMIN || u.role == ROLE_NONE)
				assert_false(s);
		}
	}
}

/* Admin owning (by a data error) a row, or sitting on the row's team/region, still sees nothing. */
static void test_admin_never(void **state)
{
	struct user u = mk_user(ADMIN);
	struct row_ref r = { 61, TEAM1, REGION1, 1, 0 };

	(void)state;
	u.team_id = TEAM1;
	u.region_id = REGION1;
	assert_false(vis_can_see(&u, &r));
	assert_false(vis_can_edit(&u, &r));
	assert_false(vis_can_reassign(&u, &r));
	assert_false(tier_can_read(&u, &r, TIER_INTERNAL));
	assert_false(tier_can_read(&u, &r, TIER_CONFIDENTIAL));
	assert_false(tier_can_read(&u, &r, TIER_RESTRICTED));
	assert_false(tier_can_write(&u, &r, TIER_CONFIDENTIAL));
}

/* A user without a team or region sees only what they own; ids of 0 never match a row. */
static void test_zero_ids(void **state)
{
	struct user u = mk_user(REP1);
	struct row_ref r0 = { 0, 0, 0, 1, 0 };
	struct row_ref mine = { 11, TEAM2, REGION1, 0, 0 };   /* reassigned away from rep1's team but still owned */
	struct user d = mk_user(DIR1);
	struct user m = mk_user(MGR1);
	struct row_ref rep2_shared = { 12, TEAM1, REGION1, 1, 0 };

	(void)state;
	u.team_id = 0;
	assert_false(vis_can_see(&u, &rep2_shared));
	assert_true(vis_can_see(&u, &rows[R_REP1].ref));
	assert_false(vis_can_see(&u, &r0));
	u.id = 0;
	assert_false(vis_can_see(&u, &r0));
	u = mk_user(REP1);
	assert_true(vis_can_see(&u, &mine));
	d.region_id = 0;
	assert_false(vis_can_see(&d, &rows[R_REP1].ref));
	assert_false(vis_can_see(&d, &r0));
	assert_false(vis_can_edit(&d, &r0));
	m.team_id = 0;
	assert_false(vis_can_see(&m, &rows[R_REP1].ref));
	assert_false(vis_can_see(&m, &r0));
	assert_false(vis_can_reassign(&m, &r0));
}

/* VIS_SQL("c"): (? = all OR c.owner_id = ? OR (c.team_id = ? AND (? = 1 OR c.shared_with_team = 1))
 *               OR c.region_id = ? OR EXISTS (deal_team row with user_id = ?)) with VIS_PARAMS(scope) —
 * evaluated here as SQL would; the deal_team table of a row holds its member_id (none when 0). */
static int sql_predicate(const struct vis_scope *s, const struct row_ref *r)
{
	return s->all == 1 || r->owner_id == s->user_id ||
	       (r->team_id == s->team_id && (s->team_all == 1 || r->shared == 1)) || r->region_id == s->region_id ||
	       (r->member_id != 0 && r->member_id == s->member_id);
}

static void test_scope_matches_sql(void **state)
{
	int w, p;

	(void)state;
	for (w = 0; w < WHO__COUNT; w++) {
		struct user u = mk_user((enum who)w);
		struct vis_scope s;
		memset(&s, 0x55, sizeof s);
		vis_scope_for(&u, &s);
		for (p = 0; p < POS__COUNT; p++) {
			int c = vis_can_see(&u, &rows[p].ref) ? 1 : 0;
			int q = sql_predicate(&s, &rows[p].ref) ? 1 : 0;
			if (c != q)
				print_error("%s on %s: vis_can_see %d, VIS_SQL %d\n", people[w].name, rows[p].name, c, q);
			assert_int_equal(c, q);
		}
	}
}

static void test_scope_values(void **state)
{
	struct vis_scope s;
	struct user u;

	(void)state;
	u = mk_user(ADMIN);
	memset(&s, 0x55, sizeof s);
	vis_scope_for(&u, &s);
	assert_int_equal(s.all, 0);
	assert_int_equal(s.user_id, 0);
	assert_int_equal(s.team_id, 0);
	assert_int_equal(s.region_id, 0);

	u = mk_user(EXEC1);
	vis_scope_for(&u, &s);
	assert_int_equal(s.all, 1);

	u = mk_user(REP2);
	vis_scope_for(&u, &s);
	assert_int_equal(s.all, 0);
	assert_int_equal(s.user_id, 12);
	assert_int_equal(s.team_id, TEAM1);
	assert_int_equal(s.team_all, 0);
	assert_int_equal(s.region_id, 0);

	u = mk_user(MGR2);
	vis_scope_for(&u, &s);
	assert_int_equal(s.team_id, TEAM2);
	assert_int_equal(s.team_all, 1);
	assert_int_equal(s.region_id, 0);

	u = mk_user(DIR1);
	vis_scope_for(&u, &s);
	assert_int_equal(s.all, 0);
	assert_int_equal(s.team_id, 0);
	assert_int_equal(s.region_id, REGION1);
}

/* row_ref_at reads owner, team, region, shared from four columns starting anywhere, in any row;
 * dbres_str turns SQL NULL into "". */
static void test_row_ref_at(void **state)
{
	char *cells[] = { "x", "1", "2", "3", "0", "name", NULL,
	                  "y", "7", "8", NULL, "1", "other", "text" };
	struct dbres r = { 2, 7, cells, 0, 0 };
	struct row_ref ref;

	(void)state;
	row_ref_at(&r, 0, 1, &ref);
	assert_int_equal(ref.owner_id, 1);
	assert_int_equal(ref.team_id, 2);
	assert_int_equal(ref.region_id, 3);
	assert_int_equal(ref.shared, 0);
	row_ref_at(&r, 1, 1, &ref);
	assert_int_equal(ref.owner_id, 7);
	assert_int_equal(ref.team_id, 8);
	assert_int_equal(ref.region_id, 0);
	assert_int_equal(ref.shared, 1);
	assert_string_equal(dbres_str(&r, 0, 6), "");
	assert_string_equal(dbres_str(&r, 1, 6), "text");
	assert_string_equal(dbres_str(&r, 2, 0), "");
}

/* Whose figures (KPIs): vp/exec everyone's; a director the region, its teams and people; a manager the
 * team and its people; a rep their own; admin and nobody nothing. */
static void test_figures_scope(void **state)
{
	struct user rep1 = mk_user(REP1), mgr2 = mk_user(MGR2), dir1 = mk_user(DIR1), dir2 = mk_user(DIR2);
	struct user vp = mk_user(VP1), ex = mk_user(EXEC1), adm = mk_user(ADMIN), none = mk_user(NOBODY);

	(void)state;
	assert_true(vis_can_see_figures(&ex, FIG_COMPANY, 0, 0, 0));
	assert_true(vis_can_see_figures(&vp, FIG_TEAM, TEAM3, TEAM3, REGION2));
	assert_false(vis_can_see_figures(&dir1, FIG_COMPANY, 0, 0, 0));
	assert_true(vis_can_see_figures(&dir1, FIG_REGION, REGION1, 0, REGION1));
	assert_false(vis_can_see_figures(&dir1, FIG_REGION, REGION2, 0, REGION2));
	assert_true(vis_can_see_figures(&dir1, FIG_TEAM, TEAM2, TEAM2, REGION1));
	assert_false(vis_can_see_figures(&dir2, FIG_TEAM, TEAM2, TEAM2, REGION1));
	assert_true(vis_can_see_figures(&dir1, FIG_PERSON, 13, TEAM2, REGION1));
	assert_true(vis_can_see_figures(&mgr2, FIG_TEAM, TEAM2, TEAM2, REGION1));
	assert_false(vis_can_see_figures(&mgr2, FIG_TEAM, TEAM1, TEAM1, REGION1));
	assert_false(vis_can_see_figures(&mgr2, FIG_REGION, REGION1, 0, REGION1));
	assert_true(vis_can_see_figures(&mgr2, FIG_PERSON, 13, TEAM2, REGION1));
	assert_false(vis_can_see_figures(&mgr2, FIG_PERSON, 11, TEAM1, REGION1));
	assert_true(vis_can_see_figures(&rep1, FIG_PERSON, 11, TEAM1, REGION1));
	assert_false(vis_can_see_figures(&rep1, FIG_PERSON, 12, TEAM1, REGION1));
	assert_false(vis_can_see_figures(&rep1, FIG_TEAM, TEAM1, TEAM1, REGION1));
	assert_false(vis_can_see_figures(&adm, FIG_COMPANY, 0, 0, 0));
	assert_false(vis_can_see_figures(&adm, FIG_PERSON, 11, TEAM1, REGION1));
	assert_false(vis_can_see_figures(&none, FIG_TEAM, TEAM1, TEAM1, REGION1));
	assert_false(vis_can_see_figures(&none, FIG_PERSON, 71, TEAM1, REGION1));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_row_ref_at),
		cmocka_unit_test(test_figures_scope),
		cmocka_unit_test(test_can_see),
		cmocka_unit_test(test_can_edit),
		cmocka_unit_test(test_can_reassign),
		cmocka_unit_test(test_tier_read),
		cmocka_unit_test(test_tier_write),
		cmocka_unit_test(test_invariants),
		cmocka_unit_test(test_admin_never),
		cmocka_unit_test(test_zero_ids),
		cmocka_unit_test(test_scope_matches_sql),
		cmocka_unit_test(test_scope_values),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
