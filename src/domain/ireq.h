/* The 24-hour internal answer loop (提出-响应-确认, docs/team-workflows.md): a request raised on a customer
 * is answered by its responder within IREQ_ANSWER_HOURS of the round's start, else it is overdue and shown
 * to the responder's manager; the requester confirms the answer (closed) or reopens it with a reason (a
 * new round). Times are UTC seconds from the injectable clock, never time() here. */
#ifndef PARLEY_IREQ_H
#define PARLEY_IREQ_H

#include <time.h>

#define IREQ_ANSWER_HOURS 24

enum ireq_state { IREQ_OPEN, IREQ_ANSWERED, IREQ_CONFIRMED, IREQ__BAD };
enum ireq_step { IREQ_ANSWER, IREQ_CONFIRM, IREQ_REOPEN };

enum ireq_state ireq_state_parse(const char *s);
const char *ireq_state_name(enum ireq_state s);
/* When a round started at asked_at must be answered. */
time_t ireq_answer_due(time_t asked_at);
/* Whether a request in state s whose round is due at `due` is overdue at now: open and past due. */
int ireq_overdue(enum ireq_state s, time_t due, time_t now);
/* Whole hours an overdue request is late at now (0 when not overdue). */
long ireq_hours_late(enum ireq_state s, time_t due, time_t now);
/* Whether user `who` may take `step` on a request in state s: answering is the responder's and only
 * while open (a new answer after a reopen included); confirming and reopening are the requester's
 * and only once answered. */
int ireq_may(enum ireq_step step, enum ireq_state s, long long who, long long requester, long long responder);

#endif
