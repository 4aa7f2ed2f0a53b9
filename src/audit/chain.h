/* The audit log's HMAC chain: each sealed entry's MAC covers the previous MAC and every field of
 * the entry, so changing, deleting, inserting or reordering sealed entries breaks every later MAC.
 * (Removing entries at the very end is caught by the separately stored chain head.) Entries carry
 * a MAC of their own from the moment they are written, so a change before sealing is caught too. */
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
	long long row_id;       /* v2 only: the entry's row id (id is then its chain position) */
	long long count;        /* v2 only: how many reads the entry stands for (1 for other events) */
};
/* String fields: NULL is treated as "" (the table stores "" for absent values). */

/* out_hex = hex HMAC-SHA-256(key, serialisation of prev_mac_hex and every field). Each
 * field is type-tagged and length-prefixed, so moving bytes between fields or splicing
 * fields of different entries cannot produce the same input. prev_mac_hex is "" for the
 * first entry, otherwise exactly 64 lower-case hex chars. (A pointer, not char[65], so that
 * passing "" does not trip gcc's -Wstringop-overread.) 0 / -1. */
int audit_mac(const unsigned char key[32], const char *prev_mac_hex, const struct audit_fields *f,
              char out_hex[65]);

/* The MAC an entry carries from the moment it is written, before it is chained: every field
 * except id, row_id and count (the id is not known before the insert; a read entry's count grows
 * until its period closes). */
int audit_entry_mac(const unsigned char key[32], const struct audit_fields *f, char out_hex[65]);
/* The chain MAC the sealer stores (v2): like audit_mac with f->id the chain position, plus the row
 * id and the count. */
int audit_seal_mac(const unsigned char key[32], const char *prev_mac_hex, const struct audit_fields *f,
                   char out_hex[65]);
/* 1 when both are well-formed MACs and equal (constant time). */
int audit_mac_equal(const char *a_hex, const char *b_hex);

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
