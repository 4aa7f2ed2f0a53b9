/* The rules of who sees which rows and fields. Nothing else in the program decides this. */
#include "auth/visibility.h"

#include "app.h"

void vis_scope_for(const struct user *u, struct vis_scope *s)
{
	s->all = 0;
	s->user_id = 0;
	s->team_id = 0;
	s->team_all = 0;
	s->region_id = 0;   /* ids start at 1: 0 matches nothing */
	s->member_id = 0;
	switch (u->role) {
	case ROLE_VP:
	case ROLE_EXECUTIVE:
		s->all = 1;
		break;
	case ROLE_DIRECTOR:
		s->user_id = u->id;
		s->region_id = u->region_id;
		s->member_id = u->id;
		break;
	case ROLE_MANAGER:
		s->user_id = u->id;
		s->team_id = u->team_id;
		s->team_all = 1;
		s->member_id = u->id;
		break;
	case ROLE_REP:
		s->user_id = u->id;
		s->team_id = u->team_id;
		s->member_id = u->id;
		break;
	default:
		break;   /* admin and unknown roles: nothing */
	}
}

/* The C twin of VIS_SQL in db/stmts.def. */
int vis_can_see(const struct user *u, const struct row_ref *row)
{
	struct vis_scope s;

	vis_scope_for(u, &s);
	if (s.all)
		return 1;
	if (s.user_id && row->owner_id == s.user_id)
		return 1;
	if (s.team_id && row->team_id == s.team_id && (s.team_all || row->shared))
		return 1;
	if (s.region_id && row->region_id == s.region_id)
		return 1;
	if (s.member_id && row->member_id == s.member_id)
		return 1;
	return 0;
}

int vis_check_member(struct db *db, long long user_id, long long customer_id, struct row_ref *row)
{
	struct dbres *r = NULL;

	row->member_id = 0;
	if (user_id <= 0 || customer_id <= 0)
		return 0;
	if (DB_EXEC(db, ST_VIS_MEMBER, &r, DBI(customer_id), DBI(user_id)) != DB_OK)
		return -1;
	if (r->nrows > 0)
		row->member_id = user_id;
	dbres_free(&r);
	return 0;
}

int vis_can_see_db(struct db *db, const struct user *u, struct row_ref *row, long long customer_id)
{
	if (vis_can_see(u, row))
		return 1;
	if (vis_check_member(db, u->id, customer_id, row) < 0)
		return -1;
	return vis_can_see(u, row);
}

int vis_fetch_one(struct req *rq, enum stmt_id st, long long id, struct dbres **r)
{
	struct vis_scope s;

	vis_scope_for(&rq->user, &s);
	if (DB_EXEC(rq->app->db, st, r, VIS_PARAMS(&s), DBI(id)) != DB_OK)
		return -1;
	if ((*r)->nrows != 1) {
		dbres_free(r);
		return 1;
	}
	return 0;
}

void row_ref_at(const struct dbres *r, size_t row, size_t col, struct row_ref *ref)
{
	ref->owner_id = dbres_int(r, row, col);
	ref->team_id = dbres_int(r, row, col + 1);
	ref->region_id = dbres_int(r, row, col + 2);
	ref->shared = dbres_int(r, row, col + 3) != 0;
	ref->member_id = 0;
}

int vis_fetch_ref(struct req *rq, enum stmt_id st, long long id, size_t col, struct dbres **r, struct row_ref *ref)
{
	int rc = vis_fetch_one(rq, st, id, r);

	if (rc == 0)
		row_ref_at(*r, 0, col, ref);
	return rc;
}

static int is_manager_above(const struct user *u, const struct row_ref *row)
{
	switch (u->role) {
	case ROLE_VP:
		return 1;
	case ROLE_DIRECTOR:
		return u->region_id && row->region_id == u->region_id;
	case ROLE_MANAGER:
		return u->team_id && row->team_id == u->team_id;
	default:
		return 0;
	}
}

int vis_can_edit(const struct user *u, const struct row_ref *row)
{
	if (u->role == ROLE_EXECUTIVE || u->role == ROLE_ADMIN || u->role == ROLE_NONE)
		return 0;
	if (u->id && row->owner_id == u->id)
		return 1;
	return is_manager_above(u, row);
}

int vis_can_reassign(const struct user *u, const struct row_ref *row)
{
	return is_manager_above(u, row);
}

int tier_can_read(const struct user *u, const struct row_ref *row, enum tier t)
{
	if (!vis_can_see(u, row))
		return 0;
	switch (t) {
	case TIER_INTERNAL:
		return 1;
	case TIER_CONFIDENTIAL:
		if (u->role == ROLE_EXECUTIVE || u->role == ROLE_VP)
			return 1;
		if (u->id && row->owner_id == u->id && (u->role == ROLE_REP || u->role == ROLE_MANAGER ||
		                                        u->role == ROLE_DIRECTOR))
			return 1;
		return is_manager_above(u, row);
	case TIER_RESTRICTED:
		if (u->role == ROLE_EXECUTIVE || u->role == ROLE_VP)
			return 1;
		return u->role == ROLE_DIRECTOR && u->region_id && row->region_id == u->region_id;
	}
	return 0;
}

int tier_role_may_hold(enum role r, enum tier t)
{
	switch (t) {
	case TIER_INTERNAL:
		return 1;
	case TIER_CONFIDENTIAL:
		return r == ROLE_REP || r == ROLE_MANAGER || r == ROLE_DIRECTOR || r == ROLE_VP || r == ROLE_EXECUTIVE;
	case TIER_RESTRICTED:
		return r == ROLE_DIRECTOR || r == ROLE_VP || r == ROLE_EXECUTIVE;
	}
	return 0;
}

int tier_can_write(const struct user *u, const struct row_ref *row, enum tier t)
{
	return tier_can_read(u, row, t) && vis_can_edit(u, row);
}

int vis_can_see_figures(const struct user *u, enum fig_scope kind, long long id, long long team_id, long long region_id)
{
	if (u->role == ROLE_VP || u->role == ROLE_EXECUTIVE)
		return 1;
	switch (kind) {
	case FIG_REGION:
		return u->role == ROLE_DIRECTOR && u->region_id && id == u->region_id;
	case FIG_TEAM:
	case FIG_PERSON:
		if (u->role == ROLE_DIRECTOR)
			return u->region_id && region_id == u->region_id;
		if (u->role == ROLE_MANAGER)
			return u->team_id && team_id == u->team_id;
		return kind == FIG_PERSON && u->role == ROLE_REP && u->id && id == u->id;
	default:
		return 0;   /* the company: vp and executives only */
	}
}
