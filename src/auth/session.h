/* Server-side sessions: a random token in the parley_session cookie, only its hash in the
 * database; idle (30 min) and absolute (12 h) limits enforced here on every request. */
#ifndef PARLEY_SESSION_H
#define PARLEY_SESSION_H

#include "http/http.h"

struct db;

#define SESSION_IDLE_SECONDS (30 * 60)
#define SESSION_ABSOLUTE_SECONDS (12 * 60 * 60)
#define SESSION_COOKIE "parley_session"

enum session_rc { SESSION_NONE = 0, SESSION_OK = 1, SESSION_DB_DOWN = -1 };

/* Reads the cookie, validates the session and fills rq->user; clears a dead cookie. */
int session_load(struct req *rq, struct resp *rs);
/* Pure rule, unit-tested: is a session created at c and last seen at s still alive at now? */
int session_alive(time_t created, time_t seen, time_t now);
/* A fresh session for user_id (new id at every login); sets the cookie. Runs inside the caller's transaction. */
int session_create(struct db *db, struct req *rq, struct resp *rs, long long user_id);
/* Ends the current session server-side and clears the cookie. */
int session_end(struct req *rq, struct resp *rs);

#endif
