/* Time in UTC, with a test-only offset read from a file at every call. */
#include "util/clock.h"

#include <stdio.h>
#include <string.h>

#include "util/num.h"

time_t clock_now(const char *offset_file)
{
	time_t now = time(NULL);
	char line[64];
	long long off;
	FILE *f;

	if (!offset_file)
		return now;
	f = fopen(offset_file, "r");
	if (!f)
		return now;
	if (fgets(line, sizeof line, f)) {
		line[strcspn(line, " \r\n")] = '\0';
		if (parse_int64(line, -100LL * 365 * 86400, 100LL * 365 * 86400, &off) == 0)
			now += (time_t)off;
	}
	fclose(f);
	return now;
}

void clock_fmt_utc(time_t t, char out[20])
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 20, "%Y-%m-%d %H:%M:%S", &tm);
}

int clock_parse_utc(const char *s, time_t *out)
{
	struct tm tm;
	const char *end;

	memset(&tm, 0, sizeof tm);
	if (!s)
		return -1;
	end = strptime(s, "%Y-%m-%d %H:%M:%S", &tm);
	if (!end || *end)
		return -1;
	*out = timegm(&tm);
	return 0;
}
