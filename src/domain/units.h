/* Money, percentages and dates as users type and read them. Money is integer minor units
 * (fen/cents), percentages integer basis points, dates ISO "YYYY-MM-DD" in storage. */
#ifndef PARLEY_UNITS_H
#define PARLEY_UNITS_H

#include <stddef.h>
#include <time.h>

#define MONEY_MAX 100000000000000000LL   /* 10^17 minor units: far beyond any deal */

/* "1234567.89", "1,234,567.89", "1234567" → minor units. Thousands separators must be well placed;
 * at most two decimals; no sign. 0 ok, -1 invalid. */
int money_parse(const char *s, long long *minor);
/* 123456789 → "1,234,567.89"; with a currency, zh-CN "¥1,234,567.89" for CNY, otherwise "USD 1,234,567.89". */
void money_format(long long minor, const char *currency, const char *lang, char *out, size_t n);
/* Plain form value for an input field: "1234567.89". */
void money_input(long long minor, char *out, size_t n);
/* The currencies we accept, NULL-terminated (for selects); currency_ok() checks against it. */
extern const char *const currency_list[];
int currency_ok(const char *s);

/* "12.5", "12.50", "3" (percent) → basis points 1250, 300; range [0, 10000]. 0 / -1. */
int bp_parse(const char *s, long long *bp);
/* 1250 → "12.5%" (no trailing zeros), 300 → "3%". */
void bp_format(long long bp, char *out, size_t n);
/* 1250 → "12.5" for an input field. */
void bp_input(long long bp, char *out, size_t n);

/* Strict "YYYY-MM-DD" of a real calendar day between 1900 and 9999. 0 / -1. */
int date_parse(const char *s, int *y, int *m, int *d);
/* ISO date → zh-CN "2026年11月22日", en "2026-11-22". Empty/invalid input gives "". */
void date_format(const char *iso, const char *lang, char *out, size_t n);
/* The calendar day of t in the time zone tz (e.g. "Asia/Shanghai"), plus days. */
void date_of(time_t t, const char *tz, int add_days, char out[11]);
/* Seconds east of UTC of time zone tz at t (Asia/Shanghai, the default, has no DST). */
long tz_offset(time_t t, const char *tz);
/* A UTC DATETIME ("YYYY-MM-DD HH:MM:SS") as local date and time in tz: zh-CN "2026年11月22日 14:05",
 * en "2026-11-22 14:05". Malformed input gives "". */
void datetime_format(const char *utc, const char *tz, const char *lang, char *out, size_t n);
/* Days from iso a to iso b (b - a); both must be valid. */
long date_diff(const char *a, const char *b);

#endif
