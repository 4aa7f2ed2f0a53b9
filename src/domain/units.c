/* Parsing and formatting of user-facing quantities; no floating point anywhere. */
#include "domain/units.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/clock.h"

const char *const currency_list[] = { "CNY", "USD", "EUR", "HKD", "JPY", "GBP", "SGD", NULL };

int currency_ok(const char *s)
{
	size_t i;

	for (i = 0; s && currency_list[i]; i++)
		if (!strcmp(s, currency_list[i]))
			return 1;
	return 0;
}

/* Integer part with optional, correctly placed thousands separators ("1,234,567"). */
static int parse_int_part(const char *s, size_t len, long long *out)
{
	long long v = 0;
	size_t i, group = 0, groups = 0;
	int commas = memchr(s, ',', len) != NULL;

	for (i = 0; i < len; i++) {
		if (s[i] == ',') {
			/* first group 1–3 digits, every later one exactly 3 */
			if (group == 0 || (groups == 0 ? group > 3 : group != 3))
				return -1;
			groups++;
			group = 0;
			continue;
		}
		if (s[i] < '0' || s[i] > '9' || v > MONEY_MAX / 10)
			return -1;
		v = v * 10 + (s[i] - '0');
		group++;
	}
	if (group == 0 || (commas && group != 3))
		return -1;
	*out = v;
	return 0;
}

/* Shared by money and percentages: decimal with at most two fraction digits, scaled by 100. */
static int parse_hundredths(const char *s, long long max, long long *out)
{
	const char *dot;
	size_t ilen;
	long long ip, frac = 0;

	if (!s || !*s)
		return -1;
	dot = strchr(s, '.');
	ilen = dot ? (size_t)(dot - s) : strlen(s);
	if (parse_int_part(s, ilen, &ip) < 0)
		return -1;
	if (dot) {
		const char *f = dot + 1;
		size_t flen = strlen(f);
		if (flen == 0 || flen > 2 || strspn(f, "0123456789") != flen)
			return -1;
		frac = (f[0] - '0') * 10 + (flen == 2 ? f[1] - '0' : 0);
	}
	if (ip > (max - frac) / 100)
		return -1;
	*out = ip * 100 + frac;
	return 0;
}

int money_parse(const char *s, long long *minor)
{
	return parse_hundredths(s, MONEY_MAX, minor);
}

static void group_thousands(long long v, char *out, size_t n)
{
	char digits[32], tmp[48];
	size_t len, i, j = 0;

	snprintf(digits, sizeof digits, "%lld", v);
	len = strlen(digits);
	for (i = 0; i < len && j + 2 < sizeof tmp; i++) {
		if (i && (len - i) % 3 == 0)
			tmp[j++] = ',';
		tmp[j++] = digits[i];
	}
	tmp[j] = '\0';
	snprintf(out, n, "%s", tmp);
}

void money_format(long long minor, const char *currency, const char *lang, char *out, size_t n)
{
	char whole[48];

	if (minor < 0)
		minor = 0;
	group_thousands(minor / 100, whole, sizeof whole);
	if (!currency || !*currency)
		snprintf(out, n, "%s.%02lld", whole, minor % 100);
	else if (!strcmp(currency, "CNY") && lang && !strcmp(lang, "zh-CN"))
		snprintf(out, n, "¥%s.%02lld", whole, minor % 100);
	else
		snprintf(out, n, "%s %s.%02lld", currency, whole, minor % 100);
}

void money_input(long long minor, char *out, size_t n)
{
	snprintf(out, n, "%lld.%02lld", minor / 100, minor % 100);
}

int bp_parse(const char *s, long long *bp)
{
	return parse_hundredths(s, 10000, bp);
}

void bp_input(long long bp, char *out, size_t n)
{
	if (bp % 100 == 0)
		snprintf(out, n, "%lld", bp / 100);
	else if (bp % 10 == 0)
		snprintf(out, n, "%lld.%lld", bp / 100, (bp % 100) / 10);
	else
		snprintf(out, n, "%lld.%02lld", bp / 100, bp % 100);
}

void bp_format(long long bp, char *out, size_t n)
{
	char num[32];

	bp_input(bp, num, sizeof num);
	snprintf(out, n, "%s%%", num);
}

static int days_in_month(int y, int m)
{
	static const int dm[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 ? 28 + leap : dm[m - 1];
}

int date_parse(const char *s, int *y, int *m, int *d)
{
	int i;

	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return -1;
	*y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	*m = (s[5] - '0') * 10 + (s[6] - '0');
	*d = (s[8] - '0') * 10 + (s[9] - '0');
	if (*y < 1900 || *m < 1 || *m > 12 || *d < 1 || *d > days_in_month(*y, *m))
		return -1;
	return 0;
}

void date_format(const char *iso, const char *lang, char *out, size_t n)
{
	int y, m, d;

	if (date_parse(iso, &y, &m, &d) < 0) {
		snprintf(out, n, "%s", "");
		return;
	}
	if (lang && !strcmp(lang, "zh-CN"))
		snprintf(out, n, "%d年%d月%d日", y, m, d);
	else
		snprintf(out, n, "%04d-%02d-%02d", y, m, d);
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm). */
static long days_from_civil(int y, int m, int d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

long date_diff(const char *a, const char *b)
{
	int ya, ma, da, yb, mb, db;

	if (date_parse(a, &ya, &ma, &da) < 0 || date_parse(b, &yb, &mb, &db) < 0)
		return 0;
	return days_from_civil(yb, mb, db) - days_from_civil(ya, ma, da);
}

long tz_offset(time_t t, const char *tz)
{
	struct tm tm;
	char *old;
	long off;

	if (!tz || !*tz || !strcmp(tz, "Asia/Shanghai"))
		return 8 * 3600;
	/* Workers are single-threaded processes, so borrowing TZ for a moment is safe. */
	old = getenv("TZ") ? strdup(getenv("TZ")) : NULL;
	setenv("TZ", tz, 1);
	tzset();
	localtime_r(&t, &tm);
	off = tm.tm_gmtoff;
	if (old) {
		setenv("TZ", old, 1);
		free(old);
	} else {
		unsetenv("TZ");
	}
	tzset();
	return off;
}

void date_of(time_t t, const char *tz, int add_days, char out[11])
{
	struct tm tm;

	t += tz_offset(t, tz) + (time_t)add_days * 86400;
	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

void datetime_format(const char *utc, const char *tz, const char *lang, char *out, size_t n)
{
	char iso[11], day[40];
	struct tm tm;
	time_t t;

	if (!utc || clock_parse_utc(utc, &t) < 0) {
		snprintf(out, n, "%s", "");
		return;
	}
	t += tz_offset(t, tz);
	gmtime_r(&t, &tm);
	strftime(iso, sizeof iso, "%Y-%m-%d", &tm);
	date_format(iso, lang, day, sizeof day);
	snprintf(out, n, "%s %02d:%02d", day, tm.tm_hour, tm.tm_min);
}
