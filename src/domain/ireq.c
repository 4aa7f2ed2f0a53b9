/* The rules of internal requests: states, the 24-hour answer window, who takes which step. */
#include "domain/ireq.h"

#include <string.h>

static const char *const names[] = { "open", "answered", "confirmed" };

enum ireq_state ireq_state_parse(const char *s)
{
	int i;

	for (i = 0; s && i < IREQ__BAD; i++)
		if (!strcmp(s, names[i]))
			return (enum ireq_state)i;
	return IREQ__BAD;
}

const char *ireq_state_name(enum ireq_state s)
{
	return s < IREQ__BAD ? names[s] : "";
}

time_t ireq_answer_due(time_t asked_at)
{
	return asked_at + (time_t)IREQ_ANSWER_HOURS * 3600;
}

int ireq_overdue(enum ireq_state s, time_t due, time_t now)
{
	return s == IREQ_OPEN && now > due;
}

long ireq_hours_late(enum ireq_state s, time_t due, time_t now)
{
	return ireq_overdue(s, due, now) ? (long)((now - due) / 3600) : 0;
}

int ireq_may(enum ireq_step step, enum ireq_state s, long long who, long long requester, long long responder)
{
	if (who <= 0)
		return 0;
	switch (step) {
	case IREQ_ANSWER:
		return who == responder && s == IREQ_OPEN;
	case IREQ_CONFIRM:
	case IREQ_REOPEN:
		return who == requester && s == IREQ_ANSWERED;
	}
	return 0;
}
