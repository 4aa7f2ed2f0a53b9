/* Opportunity status and stage rules. */
#include "domain/opportunity.h"

#include <string.h>

const char *const opp_statuses[] = { "open", "won", "lost", "on_hold", NULL };

int opp_status_ok(const char *s)
{
	size_t i;

	for (i = 0; s && opp_statuses[i]; i++)
		if (!strcmp(s, opp_statuses[i]))
			return 1;
	return 0;
}

int opp_stage_ok(long long stage)
{
	return stage >= OPP_STAGE_MIN && stage <= OPP_STAGE_MAX;
}

static int blank(const char *s)
{
	for (; s && *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
			return 0;
	return 1;
}

enum opp_err opp_check(const char *status, const char *lost_reason)
{
	if (status && !strcmp(status, "lost") && blank(lost_reason))
		return OPP_LOST_REASON_REQUIRED;
	return OPP_OK;
}

const char *opp_err_key(enum opp_err e)
{
	switch (e) {
	case OPP_LOST_REASON_REQUIRED:
		return "opp.lost_reason_required";
	case OPP_OK:
		break;
	}
	return "form.invalid";
}

const char *opp_lost_reason_stored(const char *status, const char *lost_reason)
{
	if (!status || strcmp(status, "lost") || !lost_reason)
		return "";
	return lost_reason;
}

int opp_history_needed(long long old_stage, const char *old_status, long long new_stage, const char *new_status)
{
	if (!old_status)
		return 1;
	return old_stage != new_stage || !new_status || strcmp(old_status, new_status) != 0;
}
