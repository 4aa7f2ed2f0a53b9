/* Deal-team rules (docs/deal-team.md): RACI letters and functions, exactly one A, who may change it. */
#ifndef PARLEY_DEALTEAM_H
#define PARLEY_DEALTEAM_H

#include "auth/visibility.h"
#include "http/http.h"

extern const char *const dt_raci[];        /* "R", "A", "C", "I", NULL */
extern const char *const dt_functions[];   /* "none", "sales", "technical", "finance", "legal", … NULL */

enum dt_err {
	DT_OK = 0,
	DT_FIRST_NOT_A,     /* the first member of a team must be the accountable one */
	DT_SECOND_A,        /* the team has its A already */
	DT_ALREADY,         /* already on the team */
	DT_REMOVE_A,        /* the A goes last: others still rely on them */
};

/* Adding a member with letter raci to a team of n members (has_a: one of them is the A). */
enum dt_err dt_check_add(int n, int has_a, int already, const char *raci);
/* Removing a member (is_a: the A) from a team of n. */
enum dt_err dt_check_remove(int n, int is_a);
/* The language key of an error ("dt.err_*"). */
const char *dt_err_key(enum dt_err e);
/* Changes: the opportunity's owner, whoever may edit the customer (its owner and the managers above it),
 * an administrator. */
int dt_may_change(const struct user *u, long long opp_owner, const struct row_ref *customer);

#endif
