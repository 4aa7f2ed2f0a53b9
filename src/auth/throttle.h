/* Failed-login throttling. Counters per (account, address), per address and per account,
 * each in a 15-minute window, counted before the password is checked; a lock always expires, so nobody is locked out for good, and
 * an attacker at another address cannot lock the owner out at theirs. */
#ifndef PARLEY_THROTTLE_H
#define PARLEY_THROTTLE_H

#include <time.h>

#include "http/http.h"

#define THROTTLE_WINDOW (15 * 60)
#define THROTTLE_LOCK (15 * 60)
#define THROTTLE_LIMIT_ACCT_IP 5
#define THROTTLE_LIMIT_IP 50
#define THROTTLE_LIMIT_ACCT 200

struct throttle_state {
	unsigned fails;
	time_t window_start;
	time_t locked_until;   /* 0 = not locked */
};

#define THROTTLE_FAILS_MAX 1000000

/* Pure rules (unit-tested; ST_THROTTLE_COUNT is the same rule in SQL). */
int throttle_locked(const struct throttle_state *st, time_t now);
/* Counts one attempt; 1 when it may go on to the password check (the count is within the limit). */
int throttle_count(struct throttle_state *st, time_t now, unsigned limit);

/* Database side. Every attempt is counted before its password is checked, atomically per counter,
 * so parallel guesses cannot pass the limit: 0 the attempt may proceed, 1 refused (locked), -1 on
 * error. A successful sign-in takes its attempt back. */
int throttle_attempt(struct req *rq, const char *username);
int throttle_record_success(struct req *rq, const char *username);

#endif
