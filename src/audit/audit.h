/* The audit log: append-only, written in the same transaction as the change it records,
 * each row HMAC-chained to the previous one (key outside the database). Never pass a
 * password or a confidential value as detail. */
#ifndef PARLEY_AUDIT_H
#define PARLEY_AUDIT_H

#include <stdio.h>
#include <time.h>

#include "db/db.h"

struct req;

struct audit_event {
	long long actor_id;     /* 0 = nobody signed in */
	const char *action;     /* "login", "login.failed", "user.create", … */
	const char *entity;     /* "user", "team", … or "" */
	long long entity_id;
	const char *source_ip;
	const char *detail;     /* short, non-confidential */
};

/* Must run inside db_tx: takes the chain head's row lock. */
int audit_append(struct db *db, const unsigned char key[32], time_t now, const struct audit_event *ev);
/* Convenience for handlers, inside a transaction: actor and address from the request. */
int audit_req(struct req *rq, const char *action, const char *entity, long long entity_id, const char *detail);
/* Its own transaction, for events with no other change (failed logins). */
int audit_req_tx(struct req *rq, const char *action, const char *entity, long long entity_id, const char *detail);
/* Walks the whole chain. 0 intact, 1 broken (first bad row reported on out), -1 error. */
int audit_verify(struct db *db, const unsigned char key[32], FILE *out);

#endif
