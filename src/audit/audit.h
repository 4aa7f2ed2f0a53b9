/* The audit log: append-only. Writers insert entries, each with a MAC of its own (key outside the
 * database), without waiting for one another; the sealer (a child of `parley serve`, or
 * `parley audit seal`) links them into the HMAC chain within about a second. Never pass a
 * password or a confidential value as detail. */
#ifndef PARLEY_AUDIT_H
#define PARLEY_AUDIT_H

#include <stdio.h>
#include <time.h>

#include "db/db.h"

struct req;
struct app;

/* Reads of one field of one row by one user are one entry per period, with a count. */
#define AUDIT_READ_PERIOD (15 * 60)

struct audit_event {
	long long actor_id;     /* 0 = nobody signed in */
	const char *action;     /* "login", "login.failed", "user.create", … */
	const char *entity;     /* "user", "team", … or "" */
	long long entity_id;
	const char *source_ip;
	const char *detail;     /* short, non-confidential */
};

/* One INSERT: inside a transaction it commits or rolls back with the change it records. */
int audit_append(struct db *db, const unsigned char key[32], time_t now, const struct audit_event *ev);
/* Convenience for handlers, inside a transaction: actor and address from the request. */
int audit_req(struct req *rq, const char *action, const char *entity, long long entity_id, const char *detail);
/* For events with no other change (failed logins). */
int audit_req_tx(struct req *rq, const char *action, const char *entity, long long entity_id, const char *detail);

/* A read of a confidential value (column of entity's row entity_id) by the request's user. The
 * first read in a period is written at once; repeats in this process only count in memory until
 * audit_reads_flush, which the worker calls between requests once the oldest uncounted repeat is
 * AUDIT_READS_FLUSH_MS old — at once when it has nothing to do, else after the response in hand: a
 * busy page then adds its repeats in one statement a second, not in one per view. */
#define AUDIT_READS_FLUSH_MS 1000
int audit_read(struct req *rq, const char *entity, long long entity_id, const char *column);
int audit_reads_pending(const struct app *app);
/* Milliseconds until the pending repeats are due to be flushed: 0 when due, -1 when none pending. */
long audit_reads_due_ms(const struct app *app);
int audit_reads_flush(struct app *app);
void audit_reads_free(struct app *app);

/* Links every sealable entry (reads once their period has ended by now) into the chain, in
 * batches, each under the lease. Returns how many were sealed, -1 on error; *tampered (may be
 * NULL) counts entries whose own MAC did not match (each reported on report, may be NULL). */
long long audit_seal(struct db *db, const unsigned char key[32], time_t now, long long *tampered, FILE *report);
/* Walks the sealed chain, then checks the unsealed entries. 0 intact (unsealed entries are
 * counted on out), 1 broken (first bad entry reported on out), -1 error. */
int audit_verify(struct db *db, const unsigned char key[32], FILE *out);

#endif
