/* Rules that must see every concurrent change to one opportunity or one customer write that
 * row's version counter inside their transaction. A written row is what serialises two
 * transactions on one node (row lock) and what makes them conflict across Galera nodes
 * (certification); a SELECT … FOR UPDATE alone is local to its node. */
#ifndef PARLEY_GUARD_H
#define PARLEY_GUARD_H

#include "db/db.h"

/* Concession sizing, the first list-price snapshot and "filed before": everything summed over the
 * opportunity's requests and record rows. Call first in the transaction (before any plain read),
 * so that the reads after it see every transaction it waited for. 0 or a db_err. */
int guard_opportunity(struct db *db, long long opportunity_id);

/* Edits of a plan, needs report or record against the reassignment of their customer (which
 * writes the customer row). 0 or a db_err. */
int guard_customer_of_plan(struct db *db, long long plan_id);
int guard_customer_of_needs(struct db *db, long long needs_id);
int guard_customer_of_record(struct db *db, long long record_id);

#endif
