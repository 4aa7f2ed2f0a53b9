/* The approval policy, reporting lines and chains as stored: read and written on the caller's
 * connection, inside its transaction where they write. */
#include "domain/approval_store.h"

#include <string.h>

#include "app.h"
#include "util/clock.h"

int policy_load(struct db *db, struct policy *p)
{
	struct dbres *r = NULL;
	size_t i;

	memset(p, 0, sizeof *p);
	if (db_exec(db, ST_POLICY_ROWS, NULL, 0, &r) != DB_OK)
		return -1;
	for (i = 0; i < r->nrows && i < APPROVAL_MAX_POLICY_ROWS; i++) {
		p->rows[i].max_discount_bp = dbres_get(r, i, 0) ? dbres_int(r, i, 0) : -1;
		p->rows[i].max_amount = dbres_get(r, i, 1) ? dbres_int(r, i, 1) : -1;
		p->rows[i].levels = (int)dbres_int(r, i, 2);
	}
	p->nrows = i;
	dbres_free(&r);
	if (db_exec(db, ST_POLICY_SETTINGS, NULL, 0, &r) != DB_OK)
		return -1;
	if (r->nrows == 1) {
		p->payment_days_limit = dbres_int(r, 0, 0);
		p->breach_levels = (int)dbres_int(r, 0, 1);
	} else {
		p->payment_days_limit = -1;
		p->breach_levels = APPROVAL_MAX_LEVELS;
	}
	dbres_free(&r);
	/* An empty table must not mean "no approval needed". */
	if (p->nrows == 0) {
		p->rows[0].max_discount_bp = p->rows[0].max_amount = -1;
		p->rows[0].levels = APPROVAL_MAX_LEVELS;
		p->nrows = 1;
	}
	return 0;
}

int line_load(struct db *db, long long user_id, struct line_member *out, size_t max)
{
	long long cur = user_id;
	size_t n = 0;

	while (n < max) {
		struct dbres *r = NULL;
		size_t k;
		int dup = 0;

		if (DB_EXEC(db, ST_LINE_USER, &r, DBI(cur)) != DB_OK)
			return -1;
		if (r->nrows != 1) {
			dbres_free(&r);
			break;
		}
		out[n].user_id = dbres_int(r, 0, 0);
		out[n].role = role_parse(dbres_get(r, 0, 1));
		out[n].active = dbres_int(r, 0, 2) != 0;
		dbres_free(&r);
		/* a cycle in manager_id (a hand-edited database) ends the line */
		for (k = 0; k < n; k++)
			dup |= out[k].user_id == out[n].user_id;
		if (dup || out[n].user_id == user_id)
			break;
		cur = out[n++].user_id;
	}
	return (int)n;
}

static int chain_fill(struct db *db, long long request_id, int lock, struct chain_view *out)
{
	struct dbres *r = NULL;
	size_t i;
	int st;

	memset(out, 0, sizeof *out);
	if (DB_EXEC(db, lock ? ST_CHAIN_REQUEST_LOCK : ST_CHAIN_REQUEST, &r, DBI(request_id)) != DB_OK)
		return -1;
	if (r->nrows != 1) {
		dbres_free(&r);
		return 1;
	}
	out->request_id = dbres_int(r, 0, 0);
	out->requester_id = dbres_int(r, 0, 1);
	out->version = dbres_int(r, 0, 2);
	st = req_state_parse(dbres_get(r, 0, 3));
	out->state = st < 0 ? RS_WITHDRAWN : (enum req_state)st;
	out->green = dbres_get(r, 0, 4) && strcmp(dbres_get(r, 0, 4), "green") == 0;
	dbres_free(&r);
	if (DB_EXEC(db, lock ? ST_CHAIN_STEPS_LOCK : ST_CHAIN_STEPS, &r, DBI(request_id), DBI(out->version)) != DB_OK)
		return -1;
	for (i = 0; i < r->nrows && i < APPROVAL_MAX_LEVELS; i++) {
		out->steps[i].id = dbres_int(r, i, 0);
		out->steps[i].approver_id = dbres_int(r, i, 1);
		out->steps[i].decided_by = dbres_int(r, i, 2);
		out->steps[i].version = dbres_int(r, i, 3);
		st = step_state_parse(dbres_get(r, i, 4));
		out->steps[i].state = st < 0 ? SS_VOID : (enum step_state)st;
	}
	out->nsteps = i;
	dbres_free(&r);
	return 0;
}

int chain_load(struct db *db, long long request_id, int for_update, struct chain_view *out)
{
	return chain_fill(db, request_id, for_update, out);
}

static const char *role_slot(enum role r)
{
	return r == ROLE_MANAGER ? "manager" : r == ROLE_DIRECTOR ? "director" : "vp";
}

int chain_create(struct db *db, long long request_id, long long version, long long requester_id,
                 const struct chain_step *steps, int nsteps, int green, time_t now)
{
	char ts[20];
	int i, rc;

	clock_fmt_utc(now, ts);
	for (i = 0; i < nsteps; i++) {
		int open = green || i == 0;
		rc = DB_EXEC(db, ST_CHAIN_STEP_INSERT, NULL, DBI(request_id), DBI(version), DBI(steps[i].level),
		             DBI(steps[i].approver_id), DBS(role_slot(steps[i].approver_role)), DBI(requester_id),
		             DBS(open ? "pending" : "waiting"), open ? DBS(ts) : DBNULL);
		if (rc != DB_OK)
			return rc;
	}
	return DB_OK;
}

int chain_void_before(struct db *db, long long request_id, long long version)
{
	return DB_EXEC(db, ST_CHAIN_VOID_BEFORE, NULL, DBI(request_id), DBI(version));
}

int delegation_active(struct db *db, long long delegator_id, long long delegate_id, const char *day)
{
	struct dbres *r = NULL;
	int yes;

	if (DB_EXEC(db, ST_DELEGATION_ACTIVE, &r, DBI(delegator_id), DBI(delegate_id), DBS(day), DBS(day)) != DB_OK)
		return -1;
	yes = dbres_int(r, 0, 0) > 0;
	dbres_free(&r);
	return yes;
}
