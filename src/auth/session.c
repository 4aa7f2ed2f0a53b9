/* Session lifecycle. Only hashes of tokens are stored; the token itself exists in the cookie. */
#include "auth/session.h"

#include <stdio.h>
#include <string.h>

#include "app.h"
#include "auth/token.h"
#include "util/clock.h"
#include "util/log.h"

int session_alive(time_t created, time_t seen, time_t now)
{
	if (now - seen > SESSION_IDLE_SECONDS)
		return 0;
	if (now - created > SESSION_ABSOLUTE_SECONDS)
		return 0;
	/* A clock moved backwards far enough is as suspicious as an old session. */
	if (created - now > 300)
		return 0;
	return 1;
}

static void copy_cell(char *dst, size_t sz, const char *src)
{
	snprintf(dst, sz, "%s", src ? src : "");
}

int session_load(struct req *rq, struct resp *rs)
{
	struct db *db = rq->app->db;
	const char *tok = req_cookie(rq, SESSION_COOKIE);
	struct dbres *r = NULL;
	char hash[65], now_s[20];
	time_t created, seen;
	int rc;

	if (!tok)
		return SESSION_NONE;
	if (session_token_hash(tok, hash) < 0) {
		resp_cookie(rs, rq, SESSION_COOKIE, "", 0);
		return SESSION_NONE;
	}
	rc = DB_EXEC(db, ST_SESSION_LOOKUP, &r, DBS(hash));
	if (rc == DB_DOWN)
		return SESSION_DB_DOWN;
	if (rc != DB_OK)
		return SESSION_DB_DOWN;
	if (r->nrows != 1 || clock_parse_utc(dbres_get(r, 0, 1), &created) < 0 ||
	    clock_parse_utc(dbres_get(r, 0, 2), &seen) < 0 || !session_alive(created, seen, rq->now) ||
	    dbres_int(r, 0, 11) != 1) {
		if (r->nrows == 1)
			DB_EXEC(db, ST_SESSION_DELETE, NULL, DBS(hash));
		dbres_free(&r);
		resp_cookie(rs, rq, SESSION_COOKIE, "", 0);
		return SESSION_NONE;
	}
	rq->user.id = dbres_int(r, 0, 0);
	copy_cell(rq->user.username, sizeof rq->user.username, dbres_get(r, 0, 3));
	copy_cell(rq->user.display_name, sizeof rq->user.display_name, dbres_get(r, 0, 4));
	rq->user.role = role_parse(dbres_get(r, 0, 5));
	rq->user.team_id = dbres_int(r, 0, 6);
	rq->user.region_id = dbres_int(r, 0, 7);
	rq->user.manager_id = dbres_int(r, 0, 8);
	copy_cell(rq->user.lang, sizeof rq->user.lang, dbres_get(r, 0, 9));
	copy_cell(rq->user.tz, sizeof rq->user.tz, dbres_get(r, 0, 10));
	dbres_free(&r);
	memcpy(rq->sid_hash, hash, sizeof hash);
	rq->logged_in = 1;
	/* Touch at most once a minute: one write per page view is wasted I/O. */
	if (rq->now - seen >= 60) {
		clock_fmt_utc(rq->now, now_s);
		DB_EXEC(db, ST_SESSION_TOUCH, NULL, DBS(now_s), DBS(hash));
	}
	return SESSION_OK;
}

int session_create(struct db *db, struct req *rq, struct resp *rs, long long user_id)
{
	char tok[48], hash[65], now_s[20];
	int rc;

	if (session_token_new(tok, hash) < 0)
		return DB_ERR;
	clock_fmt_utc(rq->now, now_s);
	rc = DB_EXEC(db, ST_SESSION_INSERT, NULL, DBS(hash), DBI(user_id), DBS(now_s), DBS(now_s),
	             DBS(rq->remote_addr), DBS(rq->user_agent));
	if (rc != DB_OK)
		return rc;
	resp_cookie(rs, rq, SESSION_COOKIE, tok, -1);
	memcpy(rq->sid_hash, hash, sizeof hash);
	return DB_OK;
}

int session_end(struct req *rq, struct resp *rs)
{
	int rc = DB_OK;

	if (rq->sid_hash[0])
		rc = DB_EXEC(rq->app->db, ST_SESSION_DELETE, NULL, DBS(rq->sid_hash));
	resp_cookie(rs, rq, SESSION_COOKIE, "", 0);
	return rc;
}
