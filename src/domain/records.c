/* Negotiation record rules (see records.h). */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "domain/records.h"
#include "domain/units.h"

const char *const rec_types[] = { "first_contact", "proposal", "price", "final", "renewal", NULL };
const char *const rec_phases[] = { "initial", "middle", "final", NULL };
const char *const rec_statuses[] = { "follow_up", "won", "on_hold", "lost", NULL };
const char *const rec_urgencies[] = { "high", "medium", "low", NULL };
const char *const rec_need_topics[] = { "price", "delivery", "payment", "service", "support", "quality", "function",
	                                "other", NULL };
const char *const rec_objection_types[] = { "price", "function", "trust", "decision", NULL };
const char *const rec_objection_results[] = { "resolved", "partly", "unresolved", NULL };
const char *const rec_term_kinds[] = { "price", "delivery", "payment", "service", "support", "other", NULL };
const char *const rec_concession_terms[] = { "price", "payment", "service", "delivery", "other", NULL };

int rec_choice_ok(const char *const *list, const char *s)
{
	size_t i;

	if (!s)
		return 0;
	for (i = 0; list[i]; i++)
		if (strcmp(list[i], s) == 0)
			return 1;
	return 0;
}

static int two_digits(const char *s, int max)
{
	int v;

	if (!isdigit((unsigned char)s[0]) || !isdigit((unsigned char)s[1]))
		return -1;
	v = (s[0] - '0') * 10 + (s[1] - '0');
	return v > max ? -1 : v;
}

long rec_time_parse(const char *s)
{
	int h, m, sec = 0;
	size_t n;

	if (!s)
		return -1;
	n = strlen(s);
	if ((n != 5 && n != 8) || s[2] != ':' || (n == 8 && s[5] != ':'))
		return -1;
	if ((h = two_digits(s, 23)) < 0 || (m = two_digits(s + 3, 59)) < 0)
		return -1;
	if (n == 8 && (sec = two_digits(s + 6, 59)) < 0)
		return -1;
	return (long)h * 3600 + m * 60 + sec;
}

int rec_times_ok(const char *start, const char *end)
{
	long a = rec_time_parse(start), b = rec_time_parse(end);

	return a >= 0 && b >= 0 && b > a;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
static long long days_from_civil(int y, int m, int d)
{
	long long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int rec_ended_at(const char *held_on, const char *end_time, const char *tz, time_t *out)
{
	int y, m, d;
	long secs = rec_time_parse(end_time);
	time_t local, t;

	if (!held_on || date_parse(held_on, &y, &m, &d) < 0 || secs < 0)
		return -1;
	local = (time_t)(days_from_civil(y, m, d) * 86400LL + secs);
	/* The offset at the moment itself: guess with the offset at "local as if UTC", then correct once
	 * (enough for every real zone's transitions). */
	t = local - tz_offset(local, tz);
	t = local - tz_offset(t, tz);
	*out = t;
	return 0;
}

int rec_is_late(time_t ended_at, time_t completed_at, time_t now)
{
	time_t deadline = ended_at + REC_LATE_SECONDS;

	if (completed_at >= 0)
		return completed_at > deadline;
	return now > deadline;
}

int rec_urgency_rank(const char *urgency)
{
	size_t i;

	for (i = 0; urgency && rec_urgencies[i]; i++)
		if (strcmp(rec_urgencies[i], urgency) == 0)
			return (int)i;
	return 3;
}

void rec_sort_by_urgency(const char *const *urgencies, size_t *idx, size_t n)
{
	size_t i, j;

	/* Insertion sort: stable, and the lists are at most 50 rows. */
	for (i = 1; i < n; i++) {
		size_t v = idx[i];
		int r = rec_urgency_rank(urgencies[v]);
		for (j = i; j > 0 && rec_urgency_rank(urgencies[idx[j - 1]]) > r; j--)
			idx[j] = idx[j - 1];
		idx[j] = v;
	}
}

int rec_blank(const char *s)
{
	if (!s)
		return 1;
	for (; *s; s++)
		if (!isspace((unsigned char)*s))
			return 0;
	return 1;
}

int rec_row_blank(const char *const *values, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!rec_blank(values[i]))
			return 0;
	return 1;
}

unsigned rec_action_check(const char *what, long long owner_id, const char *due, const char *deliverable)
{
	unsigned bad = 0;
	int y, m, d;

	if (rec_blank(what))
		bad |= 1u << REC_ACTION_NO_WHAT;
	if (owner_id <= 0)
		bad |= 1u << REC_ACTION_NO_OWNER;
	if (rec_blank(due))
		bad |= 1u << REC_ACTION_NO_DUE;
	else if (date_parse(due, &y, &m, &d) < 0)
		bad |= 1u << REC_ACTION_BAD_DUE;
	if (rec_blank(deliverable))
		bad |= 1u << REC_ACTION_NO_DELIVERABLE;
	return bad;
}

const char *rec_action_err_key(enum rec_action_err e)
{
	switch (e) {
	case REC_ACTION_NO_WHAT: return "rec.action_no_what";
	case REC_ACTION_NO_OWNER: return "rec.action_no_owner";
	case REC_ACTION_NO_DUE: return "rec.action_no_due";
	case REC_ACTION_BAD_DUE: return "rec.bad_date";
	case REC_ACTION_NO_DELIVERABLE: return "rec.action_no_deliverable";
	case REC_ACTION_OK: break;
	}
	return "";
}

unsigned rec_complete_check(const struct rec_completeness *c)
{
	unsigned miss = 0;
	int closed = c->status && (strcmp(c->status, "won") == 0 || strcmp(c->status, "lost") == 0);

	if (c->needs == 0)
		miss |= REC_MISSING_NEEDS;
	if (c->actions == 0 && !closed)
		miss |= REC_MISSING_ACTIONS;
	if (rec_blank(c->our_participants))
		miss |= REC_MISSING_PARTICIPANTS;
	if (rec_blank(c->review_strengths) || rec_blank(c->review_improve))
		miss |= REC_MISSING_REVIEW;
	return miss;
}
