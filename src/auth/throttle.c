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

int throttle_count(struct throttle_state *st, time_t now, unsigned limit)
{
	if (st->fails == 0 || (st->locked_until && now >= st->locked_until) ||
	    (!st->locked_until && now >= st->window_start + THROTTLE_WINDOW)) {
		st->fails = 1;
		st->window_start = now;
		st->locked_until = 0;
	} else {
		if (st->fails < THROTTLE_FAILS_MAX)
			st->fails++;
		if (!st->locked_until && st->fails >= limit)
			st->locked_until = now + THROTTLE_LOCK;
	}
	return st->fails <= limit;
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

struct attempt_tx {
	struct req *rq;
	char keys[K__N][65];
	int allowed;
};

static int attempt_tx_fn(struct db *db, void *p)
{
	struct attempt_tx *t = p;
	struct dbres *r = NULL;
	char now[20], lock_end[20];
	int i, rc;

	clock_fmt_utc(t->rq->now, now);
	clock_fmt_utc(t->rq->now + THROTTLE_LOCK, lock_end);
	t->allowed = 1;
	for (i = 0; i < K__N; i++) {
		rc = DB_EXEC(db, ST_THROTTLE_COUNT, NULL, DBS(t->keys[i]), DBS(now), DBS(now), DBS(now),
		             DBI(THROTTLE_WINDOW), DBI(limits[i]), DBS(lock_end), DBS(now));
		if (rc)
			return rc;
		/* The row stays locked until commit: this is the count this attempt made. */
		rc = DB_EXEC(db, ST_THROTTLE_FAILS, &r, DBS(t->keys[i]));
		if (rc)
			return rc;
		if (r->nrows != 1 || dbres_int(r, 0, 0) > (long long)limits[i])
			t->allowed = 0;
		dbres_free(&r);
	}
	return 0;
}

int throttle_attempt(struct req *rq, const char *username)
{
	struct attempt_tx t = { .rq = rq };

	make_keys(rq, username, t.keys);
	if (db_tx(rq->app->db, attempt_tx_fn, &t) != DB_OK)
		return -1;
	return t.allowed ? 0 : 1;
}

int throttle_record_success(struct req *rq, const char *username)
{
	char keys[K__N][65];

	make_keys(rq, username, keys);
	/* The address and account counters only take this attempt back: a success must not reset an
	 * attacker's budget on other accounts or from other addresses. */
	if (DB_EXEC(rq->app->db, ST_THROTTLE_DELETE, NULL, DBS(keys[K_ACCT_IP])) != DB_OK ||
	    DB_EXEC(rq->app->db, ST_THROTTLE_UNCOUNT, NULL, DBI(limits[K_IP]), DBS(keys[K_IP])) != DB_OK ||
	    DB_EXEC(rq->app->db, ST_THROTTLE_UNCOUNT, NULL, DBI(limits[K_ACCT]), DBS(keys[K_ACCT])) != DB_OK)
		return -1;
	return 0;
}
