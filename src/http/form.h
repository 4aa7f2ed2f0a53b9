/* Pure parsers for untrusted HTTP input: percent-decoding, urlencoded forms and query
 * strings, Cookie headers, CONTENT_LENGTH, integers and path ids. No I/O, no globals
 * beyond the constant default limits; every result is a fresh allocation owned by the
 * caller. Everything stored in a kvlist by these parsers is valid UTF-8 without NUL. */
#ifndef PARLEY_HTTP_FORM_H
#define PARLEY_HTTP_FORM_H

#include <stddef.h>

#include "util/num.h"   /* parse_int64, parse_digits */

struct kv {
	char *name;
	char *value;
	size_t value_len;   /* bytes before the terminating NUL */
};

struct kvlist {
	struct kv *items;
	size_t n, cap;
};

struct parse_limits {
	size_t max_fields;
	size_t max_name_len;
	size_t max_value_len;
};

enum parse_err {
	PARSE_OK = 0,
	PARSE_TOO_MANY_FIELDS,
	PARSE_FIELD_TOO_LONG,
	PARSE_BAD_ENCODING,
	PARSE_NOMEM
};

/* 2000 fields, name 64 bytes, value 64 KiB (decoded lengths). */
extern const struct parse_limits PARSE_DEFAULT_LIMITS;

/* Percent-decodes in[0..len); '+' becomes space when plus_is_space. Rejects malformed %XX,
 * NUL bytes, invalid UTF-8 (overlongs, surrogates, > U+10FFFF) and C0 controls other than
 * \t \r \n. *out is NUL-terminated malloc'd; on error *out is NULL and *outlen 0. */
enum parse_err url_decode(const char *in, size_t len, int plus_is_space, char **out, size_t *outlen);

/* application/x-www-form-urlencoded (also used for the query string). Empty pairs
 * ("a=1&&b=2") and pairs with an empty name ("=x") are skipped; a name without '=' has
 * value "". Appends to out in order; limits count the fields added by this call. On error
 * out is left empty (all freed). lim NULL means PARSE_DEFAULT_LIMITS. */
enum parse_err parse_urlencoded(const char *buf, size_t len, const struct parse_limits *lim,
				struct kvlist *out);

/* Cookie header: "a=b; c=d". Names/values trimmed of spaces and tabs, values not
 * percent-decoded, one pair of double quotes around a value stripped. Malformed pairs
 * (no '=', name not an RFC 7230 token, value with control bytes or invalid UTF-8) are
 * skipped; kept pairs obey the limits like parse_urlencoded. header NULL is "no cookies". */
enum parse_err parse_cookies(const char *header, const struct parse_limits *lim, struct kvlist *out);

/* Strict CONTENT_LENGTH: only ASCII digits, no sign/space/empty, no leading zeros except
 * "0", value <= max. 0 ok / -1 bad (*out untouched). */
int parse_content_length(const char *s, size_t max, size_t *out);

/* Lookups. kv_get returns the value only when the name occurs exactly once (duplicated
 * single-valued fields are treated as absent — parameter-pollution defence); kv_count
 * counts occurrences; kv_get_nth returns the n-th (0-based) occurrence or NULL. */
const char *kv_get(const struct kvlist *l, const char *name);
size_t kv_count(const struct kvlist *l, const char *name);
const char *kv_get_nth(const struct kvlist *l, const char *name, size_t n);

/* Copies name and value[0..value_len) (value may be NULL when value_len is 0). 0/-1 */
int kvlist_add(struct kvlist *l, const char *name, const char *value, size_t value_len);
/* Frees all, keeps the struct reusable (items NULL, n = cap = 0). Accepts NULL. */
void kvlist_clear(struct kvlist *l);

/* Positive id from a path segment s[0..len): "123" ok; "0123", "0", "", "1a", "-1" and
 * values above LLONG_MAX bad. 0/-1 (*out untouched on -1). */
int parse_id(const char *s, size_t len, long long *out);

#endif
