/* Negotiation record rules that are not about HTTP (docs/records.md): the enumerations, the times of a
 * negotiation, the 24-hour rule, next actions that must not be vague, needs in urgency order and
 * what a record needs before it can be completed. Pure: no database, no I/O. */
#ifndef PARLEY_RECORDS_H
#define PARLEY_RECORDS_H

#include <stddef.h>
#include <time.h>

#define REC_LATE_SECONDS (24 * 60 * 60)

/* NULL-terminated lists, usable as F_CHOICE choices. */
extern const char *const rec_types[];          /* first_contact proposal price final renewal */
extern const char *const rec_phases[];         /* initial middle final */
extern const char *const rec_statuses[];       /* follow_up won on_hold lost */
extern const char *const rec_urgencies[];      /* high medium low */
extern const char *const rec_need_topics[];    /* price delivery payment service support quality function other */
extern const char *const rec_objection_types[];   /* price function trust decision */
extern const char *const rec_objection_results[]; /* resolved partly unresolved */
extern const char *const rec_term_kinds[];     /* price delivery payment service support other */
extern const char *const rec_concession_terms[];  /* price payment service delivery other */

/* 1 when s is one of list (NULL-terminated); NULL s is never one. */
int rec_choice_ok(const char *const *list, const char *s);

/* "HH:MM" or "HH:MM:SS" (00:00..23:59:59) → seconds after midnight; -1 when malformed. */
long rec_time_parse(const char *s);
/* 1 when both times parse and end is strictly after start. */
int rec_times_ok(const char *start, const char *end);

/* The UTC moment a negotiation held on iso date held_on ended at local time end_time in time zone
 * tz (e.g. "Asia/Shanghai"). 0 ok, -1 malformed date or time. */
int rec_ended_at(const char *held_on, const char *end_time, const char *tz, time_t *out);

/* The 24-hour rule: a record is late when it was not completed within 24 hours of ended_at.
 * completed_at < 0 means not completed yet; then it is late once now is past the deadline.
 * Exactly 24 hours is still on time. */
int rec_is_late(time_t ended_at, time_t completed_at, time_t now);

/* Urgency order: high 0, medium 1, low 2, anything else 3. */
int rec_urgency_rank(const char *urgency);
/* Sorts idx[0..n) (indexes into urgencies[]) high → low, keeping the entry order within one urgency. */
void rec_sort_by_urgency(const char *const *urgencies, size_t *idx, size_t n);

/* A next action: what, an owner (a user id, 0 = none), a due date (ISO) and a deliverable. */
enum rec_action_err {
	REC_ACTION_OK = 0,
	REC_ACTION_NO_WHAT,
	REC_ACTION_NO_OWNER,
	REC_ACTION_NO_DUE,
	REC_ACTION_BAD_DUE,
	REC_ACTION_NO_DELIVERABLE,
};
/* Bit REC_ACTION_x set for each problem (1 << err); 0 when the action is complete and concrete.
 * Blank (only whitespace) text counts as missing. */
unsigned rec_action_check(const char *what, long long owner_id, const char *due, const char *deliverable);
/* The language key for one problem ("rec.action_no_owner" …). */
const char *rec_action_err_key(enum rec_action_err e);

/* 1 when s is NULL or only whitespace. */
int rec_blank(const char *s);
/* 1 when every one of the n values is blank (an empty form row, ignored on save). */
int rec_row_blank(const char *const *values, size_t n);

/* What completion needs: at least one need, our participants, the two main review fields, and
 * — unless the record is won or lost — at least one next action. */
struct rec_completeness {
	size_t needs, actions;
	const char *status, *our_participants, *review_strengths, *review_improve;
};
enum rec_missing {
	REC_MISSING_NEEDS = 1 << 0,
	REC_MISSING_ACTIONS = 1 << 1,
	REC_MISSING_PARTICIPANTS = 1 << 2,
	REC_MISSING_REVIEW = 1 << 3,
};
unsigned rec_complete_check(const struct rec_completeness *c);

#endif
