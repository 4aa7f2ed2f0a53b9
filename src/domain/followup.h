/* Follow-up rules from the intent level (seed 004): high → within 24 hours; medium → nurture
 * pool, 7 days; low → paused, reactivated quarterly (90 days). */
#ifndef PARLEY_FOLLOWUP_H
#define PARLEY_FOLLOWUP_H

#include <time.h>

/* How a follow-up happened: phone, email, visit, video (NULL-terminated). */
extern const char *const followup_channels[];
/* Days until the proposed next follow-up for an intent ("high", "medium", "low"); -1 if unknown. */
int followup_days(const char *intent);
/* The proposed date (ISO) for intent as seen at now in the user's time zone. 0 / -1. */
int followup_propose(const char *intent, time_t now, const char *tz, char out[11]);
/* 1 when a follow-up date (ISO) is before today (ISO): overdue. */
int followup_overdue(const char *next, const char *today);

#endif
