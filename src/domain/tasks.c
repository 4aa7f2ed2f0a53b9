/* Overdue next actions and their escalation up the owner's reporting line. */
#include "domain/tasks.h"

#include <stdio.h>
#include <string.h>

#include "domain/units.h"

long task_overdue_days(const char *due, const char *today)
{
	int y, m, d;
	long diff;

	if (!due || !today || date_parse(due, &y, &m, &d) < 0 || date_parse(today, &y, &m, &d) < 0)
		return 0;
	diff = date_diff(due, today);
	return diff > 0 ? diff : 0;
}

int task_escalation_level(long days)
{
	if (days >= TASK_ESCALATE_LINE2)
		return 2;
	if (days >= TASK_ESCALATE_LINE1)
		return 1;
	return 0;
}

void task_overdue_cutoff(const char *today, int days, char out[11])
{
	int y, m, d;
	struct tm tm;
	time_t t;

	out[0] = '\0';
	if (!today || date_parse(today, &y, &m, &d) < 0 || days < 1)
		return;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d - days + 1;
	tm.tm_hour = 12;
	t = timegm(&tm);
	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

int task_due_ok(const char *due, const char *today)
{
	int y, m, d;

	if (!due || date_parse(due, &y, &m, &d) < 0 || !today)
		return 0;
	return strcmp(due, today) >= 0;
}

static const char *const scopes_rep[] = { "mine", "team", NULL };
static const char *const scopes_manager[] = { "mine", "team", "escalated", NULL };
static const char *const scopes_director[] = { "mine", "region", "escalated", NULL };
static const char *const scopes_all[] = { "mine", "all", NULL };
static const char *const scopes_exec[] = { "all", NULL };

static const char *const *scopes_of(enum role r)
{
	switch (r) {
	case ROLE_REP:
		return scopes_rep;
	case ROLE_MANAGER:
		return scopes_manager;
	case ROLE_DIRECTOR:
		return scopes_director;
	case ROLE_VP:
		return scopes_all;
	case ROLE_EXECUTIVE:
		return scopes_exec;
	default:
		return NULL;
	}
}

int task_scope_ok(enum role r, const char *scope)
{
	const char *const *s = scopes_of(r);

	if (!s || !scope)
		return 0;
	for (; *s; s++)
		if (!strcmp(*s, scope))
			return 1;
	return 0;
}

const char *task_scope_default(enum role r)
{
	const char *const *s = scopes_of(r);

	return s ? s[0] : NULL;
}
