/* The rules of the task list: when a next action is overdue and to whom it is escalated
 * (docs/team-workflows.md). Dates are ISO "YYYY-MM-DD" in the viewer's time zone; "today" comes
 * from the injectable clock (util/clock.h) through the caller, never from time() here. */
#ifndef PARLEY_TASKS_H
#define PARLEY_TASKS_H

#include <time.h>

#include "auth/caps.h"

/* An action overdue by this many days is shown to the owner's manager; by TASK_ESCALATE_LINE2 to the
 * manager's manager (the director). */
#define TASK_ESCALATE_LINE1 1
#define TASK_ESCALATE_LINE2 3

/* Whole days an open action due on `due` is overdue on `today` (0 when not overdue or malformed). */
long task_overdue_days(const char *due, const char *today);
/* To whom in the owner's line an action overdue by `days` is shown: 0 nobody yet, 1 the owner's
 * manager, 2 also the manager's manager. */
int task_escalation_level(long days);
/* The first due date that is NOT overdue by at least `days` on `today` (today - days + 1): an open action
 * with due_on < out is overdue by `days` or more. days >= 1. */
void task_overdue_cutoff(const char *today, int days, char out[11]);
/* Whether a due date may be set on an action created or moved on `today` (not in the past). */
int task_due_ok(const char *due, const char *today);

/* The list scopes a role may use ("mine", "team", "region", "all", "escalated"); the first is the
 * default. */
int task_scope_ok(enum role r, const char *scope);
const char *task_scope_default(enum role r);

#endif
