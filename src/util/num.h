/* Strict decimal integers, shared by the HTTP parsers, the form kit and the configuration. */
#ifndef PARLEY_UTIL_NUM_H
#define PARLEY_UTIL_NUM_H

#include <stddef.h>

/* s[0..len) as an unsigned decimal no greater than max; digits only, at least one. 0/-1 */
int parse_digits(const char *s, size_t len, unsigned long long max, unsigned long long *out);

/* Decimal, optional leading '-', no '+', no spaces, leading zeros allowed, within [min,max].
 * 0/-1 (*out untouched on -1). */
int parse_int64(const char *s, long long min, long long max, long long *out);

#endif
