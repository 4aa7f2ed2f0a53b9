/* Version counters on the rows that concurrent rules guard. */
#include "domain/guard.h"

int guard_opportunity(struct db *db, long long opportunity_id)
{
	return DB_EXEC(db, ST_GUARD_OPPORTUNITY, NULL, DBI(opportunity_id));
}

int guard_customer_of_plan(struct db *db, long long plan_id)
{
	return DB_EXEC(db, ST_GUARD_CUSTOMER_OF_PLAN, NULL, DBI(plan_id));
}

int guard_customer_of_needs(struct db *db, long long needs_id)
{
	return DB_EXEC(db, ST_GUARD_CUSTOMER_OF_NEEDS, NULL, DBI(needs_id));
}

int guard_customer_of_record(struct db *db, long long record_id)
{
	return DB_EXEC(db, ST_GUARD_CUSTOMER_OF_RECORD, NULL, DBI(record_id));
}
