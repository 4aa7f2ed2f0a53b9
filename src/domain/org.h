/* Organisation rules: who belongs to a team or region and who may be whose manager.
 * The reporting line rep → manager → director → vp drives visibility and approvals. */
#ifndef PARLEY_ORG_H
#define PARLEY_ORG_H

#include "auth/caps.h"

enum org_err {
	ORG_OK = 0,
	ORG_TEAM_REQUIRED,       /* rep and manager belong to a team */
	ORG_TEAM_NOT_ALLOWED,    /* director, vp, executive, admin do not */
	ORG_REGION_REQUIRED,     /* a director leads a region */
	ORG_MANAGER_REQUIRED,    /* rep, manager, director report to someone */
	ORG_MANAGER_WRONG_ROLE,  /* the manager is not exactly one level up */
	ORG_MANAGER_NOT_ALLOWED, /* vp, executive, admin report to nobody here */
};

/* manager_role is ROLE_NONE when there is no manager. */
enum org_err org_check(enum role role, int has_team, int has_region, enum role manager_role);
/* The language key describing an org_err ("org.team_required", …). */
const char *org_err_key(enum org_err e);

#endif
