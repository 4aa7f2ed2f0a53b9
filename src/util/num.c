/* Strict decimal integers for every parser of untrusted or configured input. */
#include "util/num.h"

#include <limits.h>
#include <string.h>

int parse_digits(const char *s, size_t len, unsigned long long max, unsigned long long *out)
{
	unsigned long long v = 0, d;
	size_t i;

	if (!len)
		return -1;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		d = (unsigned long long)(s[i] - '0');
		if (d > max || v > (max - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	*out = v;
	return 0;
}

int parse_int64(const char *s, long long min, long long max, long long *out)
{
	unsigned long long mag;
	long long v;
	int neg;

	if (!s || min > max)
		return -1;
	neg = s[0] == '-';
	if (parse_digits(s + neg, strlen(s + neg),
			 neg ? (unsigned long long)LLONG_MAX + 1 : (unsigned long long)LLONG_MAX, &mag) < 0)
		return -1;
	if (!neg)
		v = (long long)mag;
	else if (mag == (unsigned long long)LLONG_MAX + 1)
		v = LLONG_MIN;   /* -mag would overflow as a long long */
	else
		v = -(long long)mag;
	if (v < min || v > max)
		return -1;
	*out = v;
	return 0;
}
