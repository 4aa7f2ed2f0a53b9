/* Failed-login throttling. Counters per (account, address), per address and per account,
 * each in a 15-minute window; a lock always expires, so nobody is locked out for good, and
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

/* Pure rules (unit-tested). */
int throttle_locked(const struct throttle_state *st, time_t now);
void throttle_fail(struct throttle_state *st, time_t now, unsigned limit);

/* Database side: 1 if any counter for this username/address is locked, 0 if not, -1 on error. */
int throttle_check(struct req *rq, const char *username);
int throttle_record_failure(struct req *rq, const char *username);
int throttle_record_success(struct req *rq, const char *username);

#endif
