/* Login throttling: state in the database so that every worker and host shares it. */
#include "auth/throttle.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "crypto/hash.h"
#include "util/clock.h"

int throttle_locked(const struct throttle_state *st, time_t now)
{
	return st->locked_until && now < st->locked_until;
}

void throttle_fail(struct throttle_state *st, time_t now, unsigned limit)
{
	if (st->locked_until && now >= st->locked_until) {
		st->locked_until = 0;
		st->fails = 0;
	}
	if (st->fails == 0 || now - st->window_start >= THROTTLE_WINDOW) {
		st->fails = 0;
		st->window_start = now;
	}
	st->fails++;
	if (st->fails >= limit && !st->locked_until)
		st->locked_until = now + THROTTLE_LOCK;
}

enum { K_ACCT_IP, K_IP, K_ACCT, K__N };
static const unsigned limits[K__N] = { THROTTLE_LIMIT_ACCT_IP, THROTTLE_LIMIT_IP, THROTTLE_LIMIT_ACCT };

static void make_keys(struct req *rq, const char *username, char keys[K__N][65])
{
	char lower[65], raw[256];
	size_t i;

	for (i = 0; username[i] && i < sizeof lower - 1; i++)
		lower[i] = (char)tolower((unsigned char)username[i]);
	lower[i] = '\0';
	snprintf(raw, sizeof raw, "acctip:%s|%s", lower, rq->remote_addr);
	sha256_hex(raw, strlen(raw), keys[K_ACCT_IP]);
	snprintf(raw, sizeof raw, "ip:%s", rq->remote_addr);
	sha256_hex(raw, strlen(raw), keys[K_IP]);
	snprintf(raw, sizeof raw, "acct:%s", lower);
	sha256_hex(raw, strlen(raw), keys[K_ACCT]);
}

static int load_state(struct db *db, const char *key, struct throttle_state *st)
{
	struct dbres *r = NULL;
	int rc = DB_EXEC(db, ST_THROTTLE_GET, &r, DBS(key));

	memset(st, 0, sizeof *st);
	if (rc != DB_OK)
		return -1;
	if (r->nrows == 1) {
		st->fails = (unsigned)dbres_int(r, 0, 0);
		if (clock_parse_utc(dbres_get(r, 0, 1), &st->window_start) < 0)
			st->window_start = 0;
		if (!dbres_get(r, 0, 2) || clock_parse_utc(dbres_get(r, 0, 2), &st->locked_until) < 0)
			st->locked_until = 0;
	}
	dbres_free(&r);
	return 0;
}

int throttle_check(struct req *rq, const char *username)
{
	char keys[K__N][65];
	struct throttle_state st;
	int i;

	make_keys(rq, username, keys);
	for (i = 0; i < K__N; i++) {
		if (load_state(rq->app->db, keys[i], &st) < 0)
			return -1;
		if (throttle_locked(&st, rq->now))
			return 1;
	}
	return 0;
}

int throttle_record_failure(struct req *rq, const char *username)
{
	char keys[K__N][65], ws[20], lu[20];
	struct throttle_state st;
	int i;

	make_keys(rq, username, keys);
	for (i = 0; i < K__N; i++) {
		if (load_state(rq->app->db, keys[i], &st) < 0)
			return -1;
		throttle_fail(&st, rq->now, limits[i]);
		clock_fmt_utc(st.window_start, ws);
		clock_fmt_utc(st.locked_until, lu);
		if (DB_EXEC(rq->app->db, ST_THROTTLE_PUT, NULL, DBS(keys[i]), DBI(st.fails), DBS(ws),
		            st.locked_until ? DBS(lu) : DBNULL) != DB_OK)
			return -1;
	}
	return 0;
}

int throttle_record_success(struct req *rq, const char *username)
{
	char keys[K__N][65];

	make_keys(rq, username, keys);
	/* The address counter stays: a success must not reset an attacker's budget on other accounts. */
	if (DB_EXEC(rq->app->db, ST_THROTTLE_DELETE, NULL, DBS(keys[K_ACCT_IP])) != DB_OK)
		return -1;
	return 0;
}
