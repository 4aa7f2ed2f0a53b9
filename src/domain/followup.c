/* Proposed follow-up dates and overdue checks. */
#include "domain/followup.h"

#include <string.h>

#include "domain/units.h"

const char *const followup_channels[] = { "phone", "email", "visit", "video", NULL };

int followup_days(const char *intent)
{
	if (!intent)
		return -1;
	if (!strcmp(intent, "high"))
		return 1;
	if (!strcmp(intent, "medium"))
		return 7;
	if (!strcmp(intent, "low"))
		return 90;
	return -1;
}

int followup_propose(const char *intent, time_t now, const char *tz, char out[11])
{
	int days = followup_days(intent);

	if (days < 0)
		return -1;
	date_of(now, tz, days, out);
	return 0;
}

int followup_overdue(const char *next, const char *today)
{
	int y, m, d;

	if (date_parse(next, &y, &m, &d) < 0 || date_parse(today, &y, &m, &d) < 0)
		return 0;
	return strcmp(next, today) < 0;
}
