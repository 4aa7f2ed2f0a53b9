/* The audit log's HMAC chain: each entry's MAC covers the previous MAC and every field of
 * the entry, so changing, deleting, inserting or reordering entries breaks every later MAC.
 * (Removing entries at the very end is caught by the separately stored chain head.) */
#ifndef PARLEY_AUDIT_CHAIN_H
#define PARLEY_AUDIT_CHAIN_H

#include <stddef.h>

struct audit_fields {
	long long id;
	const char *at_utc;     /* "YYYY-MM-DD HH:MM:SS" */
	long long actor_id;     /* 0 = none */
	const char *action;
	const char *entity;
	long long entity_id;
	const char *source_ip;
	const char *detail;
};
/* String fields: NULL is treated as "" (the table stores "" for absent values). */

/* out_hex = hex HMAC-SHA-256(key, serialisation of prev_mac_hex and every field). Each
 * field is type-tagged and length-prefixed, so moving bytes between fields or splicing
 * fields of different entries cannot produce the same input. prev_mac_hex is "" for the
 * first entry, otherwise exactly 64 lower-case hex chars. (A pointer, not char[65], so that
 * passing "" does not trip gcc's -Wstringop-overread.) 0 / -1. */
int audit_mac(const unsigned char key[32], const char *prev_mac_hex, const struct audit_fields *f,
              char out_hex[65]);

/* 0 when stored_mac_hex is the MAC of f chained after prev_mac_hex; -1 otherwise
 * (constant-time comparison). */
int audit_chain_step_ok(const unsigned char key[32], const char *prev_mac_hex, const struct audit_fields *f,
                        const char *stored_mac_hex);

/* Verifies n consecutive entries (ids must increase by exactly one) whose chain starts
 * after start_prev_hex ("" for the beginning of the log). 0 when intact; -1 when broken,
 * with *first_bad (may be NULL) set to the index of the first entry that fails. */
int audit_chain_verify(const unsigned char key[32], const char *start_prev_hex, const struct audit_fields *rows,
                       const char *const *macs, size_t n, size_t *first_bad);

#endif
