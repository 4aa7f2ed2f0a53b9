/* The task list's query, shared by /actions (src/pages/actions.c) and the home page's figures
 * (src/pages/home.c): one set of filters, so that a figure on the home page and the list it links to
 * count the same rows. */
#ifndef PARLEY_TASKLIST_H
#define PARLEY_TASKLIST_H

#include "db/db.h"
#include "http/http.h"

enum task_state { TS_OPEN, TS_OVERDUE, TS_DONE };

struct task_query {
	enum task_state state;
	long long owner;          /* 0 any */
	long long team;           /* owner's team, 0 any */
	long long region;         /* owner's team's region, 0 any */
	long long line1, line2;   /* escalated to: owner's manager / manager's manager (0 none) */
	long long customer;       /* 0 any */
	char from[11], to[11];    /* due range, "" open-ended */
	char today[11];           /* the viewer's today (injectable clock) */
};

/* Sets the scope ("mine", "team", "region", "all", "escalated") for the signed-in user; -1 when the
 * role may not use it. */
int task_query_scope(struct req *rq, struct task_query *q, const char *scope);
/* Capped count (at most 100) of open actions (TS_OPEN / TS_OVERDUE) matching q. -1 on error. */
long long task_query_count(struct req *rq, const struct task_query *q);
/* A page of rows (ST_ACT_* columns): after_key is the previous page's last due date (open) or done-at
 * time (done), "" from the top; after_id its id. */
int task_query_page(struct req *rq, const struct task_query *q, const char *after_key, long long after_id,
                    long long limit, struct dbres **out);
/* The /actions query string for q and scope, "&"-joined, for links (no leading '?'). */
void task_query_link(const struct task_query *q, const char *scope, char *out, size_t n);

#endif
