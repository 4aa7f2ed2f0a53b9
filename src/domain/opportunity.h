/* Opportunity rules that are not about HTTP: the statuses, the six pipeline stages, the
 * lost-reason requirement and when a change belongs in the stage history (docs/records.md). */
#ifndef PARLEY_OPPORTUNITY_H
#define PARLEY_OPPORTUNITY_H

#define OPP_STAGE_MIN 1
#define OPP_STAGE_MAX 6

/* "open", "won", "lost", "on_hold"; NULL-terminated (usable as F_CHOICE choices). */
extern const char *const opp_statuses[];

int opp_status_ok(const char *s);
int opp_stage_ok(long long stage);

enum opp_err {
	OPP_OK = 0,
	OPP_LOST_REASON_REQUIRED,   /* status lost without a (non-blank) reason */
};

enum opp_err opp_check(const char *status, const char *lost_reason);
/* The language key for an opp_err ("opp.lost_reason_required"). */
const char *opp_err_key(enum opp_err e);
/* What is stored as the lost reason: only a lost opportunity keeps one. */
const char *opp_lost_reason_stored(const char *status, const char *lost_reason);
/* 1 when going from (old_stage, old_status) to (new_stage, new_status) must be recorded in
 * the stage history; old_status NULL means the opportunity is new (always recorded). */
int opp_history_needed(long long old_stage, const char *old_status, long long new_stage, const char *new_status);

#endif
