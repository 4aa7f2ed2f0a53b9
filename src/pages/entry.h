/* What the entry forms (negotiation record, plan, needs report) share for saving in the background
 * (static/record.js, docs/record-entry.md). */
#ifndef PARLEY_ENTRY_H
#define PARLEY_ENTRY_H

#include "http/http.h"

/* autosave=1 was posted: answer with entry_autosave_reply instead of redirecting. */
int entry_is_autosave(struct req *rq);
/* The revision the form was opened at (revision=N): 1 and *out set, 0 when none was posted. */
int entry_revision(struct req *rq, long long *out);
/* The user's wall-clock time now plus add_minutes, "HH:MM" (same day: capped at 23:59). */
void entry_local_hhmm(struct req *rq, int add_minutes, char out[6]);
/* 200 application/json {"id":…,"revision":…,"saved":"HH:MM"}: what the page needs to go on editing. */
void entry_autosave_reply(struct req *rq, struct resp *rs, long long id, long long revision);

#endif
