-- Version counters written by every rule that must see concurrent changes to the same opportunity
-- or customer: a written row conflicts on one node (row lock) and across Galera nodes
-- (certification), where a SELECT … FOR UPDATE alone is local to its node.
ALTER TABLE opportunities ADD COLUMN guard_version BIGINT UNSIGNED NOT NULL DEFAULT 0;
ALTER TABLE customers ADD COLUMN guard_version BIGINT UNSIGNED NOT NULL DEFAULT 0;
