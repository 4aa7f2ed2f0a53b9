/* Row visibility and field tiers — the two choke points for customer data.
 *
 * Rows: a rep sees what they own and what their team shares; a manager their team's; a
 * director their region's; vp and executive everything; admin nothing (no CAP_SALES); and a
 * deal-team member the customers of the opportunities whose team they are on (docs/deal-team.md).
 * Lists use the SQL predicate VIS_SQL(alias) from db/stmts.def with VIS_PARAMS(scope);
 * single rows use vis_can_see(). Both are the same rule and are tested against each other.
 *
 * Fields: each confidential/restricted column is declared once in secret_fields[] with its
 * tier; tier_can_read() decides per user and row. Values are read and written only through
 * secret_read()/secret_write() (src/auth/secrets.c), which also encrypt, decrypt and audit. */
#ifndef PARLEY_VISIBILITY_H
#define PARLEY_VISIBILITY_H

#include "db/db.h"
#include "http/http.h"

struct vis_scope {
	long long all;        /* 1: every row */
	long long user_id;    /* rows owned by this user */
	long long team_id;    /* rows of this team … */
	long long team_all;   /* … all of them (1) or only those shared with the team (0) */
	long long region_id;  /* rows of this region (0: none) */
	long long member_id;  /* rows of customers on whose deal teams this user is (0: none) */
};

/* Where a row sits: its owner, team and region; member_id: the user in question is on a deal team of
 * the row's customer (set by vis_check_member; 0 when not known to be). */
struct row_ref {
	long long owner_id, team_id, region_id;
	int shared;
	long long member_id;
};

void vis_scope_for(const struct user *u, struct vis_scope *s);
#define VIS_PARAMS(s) DBI((s)->all), DBI((s)->user_id), DBI((s)->team_id), DBI((s)->team_all), DBI((s)->region_id), \
	DBI((s)->member_id)

int vis_can_see(const struct user *u, const struct row_ref *row);
/* Whether user_id is on a deal team of customer_id (one indexed read): sets row->member_id to user_id
 * when so, else 0. 0 / -1 on a database error. A deal-team member from outside the owner's line sees
 * the customer, its opportunities and records at the internal tier. */
int vis_check_member(struct db *db, long long user_id, long long customer_id, struct row_ref *row);
/* vis_can_see for a row of customer_id, looking up the user's deal-team membership when the line does
 * not grant it. 1 / 0, -1 on error. */
int vis_can_see_db(struct db *db, const struct user *u, struct row_ref *row, long long customer_id);
/* Runs statement st (VIS_PARAMS first, then the id) for the signed-in user: 0 one row found (*r set),
 * 1 not visible or missing (answer 404), -1 error. */
int vis_fetch_one(struct req *rq, enum stmt_id st, long long id, struct dbres **r);
/* Where row `row` of r sits, from the four customer columns every statement selects together, in this
 * order from col: owner_id, team_id, region_id, shared_with_team. */
void row_ref_at(const struct dbres *r, size_t row, size_t col, struct row_ref *ref);
/* vis_fetch_one, then *ref from the customer columns starting at col (row_ref_at). */
int vis_fetch_ref(struct req *rq, enum stmt_id st, long long id, size_t col, struct dbres **r, struct row_ref *ref);
/* Edit: the owner and the managers above the row (team manager, region director, vp). */
int vis_can_edit(const struct user *u, const struct row_ref *row);
/* Reassign owner/team: the team's manager, the region's director, vp. */
int vis_can_reassign(const struct user *u, const struct row_ref *row);

/* Whose figures (KPIs) a user may see: vp and executives everyone's; a director their region, its teams
 * and people; a manager their team and its people; a rep their own. Anything else answers 404.
 * team_id and region_id say where the scope sits (a team's region; a person's team and region). */
enum fig_scope { FIG_COMPANY, FIG_REGION, FIG_TEAM, FIG_PERSON };
int vis_can_see_figures(const struct user *u, enum fig_scope kind, long long id, long long team_id, long long region_id);

enum tier { TIER_INTERNAL = 0, TIER_CONFIDENTIAL, TIER_RESTRICTED };
/* confidential: the owner and their manager chain, vp, executive.
 * restricted: the director of the row's region, vp, executive. */
int tier_can_read(const struct user *u, const struct row_ref *row, enum tier t);
/* Whether a user of this role can read tier t on some row (exports leave out a column nobody of the
 * role could ever read). The same rule as tier_can_read without the row. */
int tier_role_may_hold(enum role r, enum tier t);
/* Writing needs both the tier and the right to edit the row. */
int tier_can_write(const struct user *u, const struct row_ref *row, enum tier t);

#endif
