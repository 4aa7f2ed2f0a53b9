/* What the two scale generators (seed.c, seed_negotiations.c) share. Not for request code. */
#ifndef PARLEY_SEED_INTERNAL_H
#define PARLEY_SEED_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "db/db.h"

struct app;

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define PICK(s, a) ((a)[seed_rand(s) % N(a)])

uint64_t seed_rand(uint64_t *s);
long long seed_rnd(uint64_t *s, long long lo, long long hi);   /* inclusive */
/* Inserts nrows rows of ncols parameters each (row-major) with the 1-, 10- and 100-row statements
 * st[0..2]; ids (may be NULL) gets each row's id, inc apart. */
int seed_insert_rows(struct db *db, long long inc, const enum stmt_id st[3], size_t ncols,
                     const struct dbp *params, size_t nrows, long long *ids);
/* @@auto_increment_increment, or -1 when multi-row INSERTs would not get consecutive ids. */
long long seed_autoinc_step(struct db *db);
/* One audit entry for a generator run, in its own transaction. 0 / -1. */
int seed_audit(struct app *app, time_t now, const char *action, const char *entity, const char *detail);
double seed_elapsed(const struct timespec *t0);

#endif
