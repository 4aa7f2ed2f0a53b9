/* The shape of the organisation, independent of HTTP and storage. */
#include "domain/org.h"

static enum role expected_manager(enum role r)
{
	switch (r) {
	case ROLE_REP: return ROLE_MANAGER;
	case ROLE_MANAGER: return ROLE_DIRECTOR;
	case ROLE_DIRECTOR: return ROLE_VP;
	default: return ROLE_NONE;
	}
}

enum org_err org_check(enum role role, int has_team, int has_region, enum role manager_role)
{
	enum role want = expected_manager(role);

	if ((role == ROLE_REP || role == ROLE_MANAGER) && !has_team)
		return ORG_TEAM_REQUIRED;
	if (role != ROLE_REP && role != ROLE_MANAGER && has_team)
		return ORG_TEAM_NOT_ALLOWED;
	if (role == ROLE_DIRECTOR && !has_region)
		return ORG_REGION_REQUIRED;
	if (want == ROLE_NONE)
		return manager_role == ROLE_NONE ? ORG_OK : ORG_MANAGER_NOT_ALLOWED;
	if (manager_role == ROLE_NONE)
		return ORG_MANAGER_REQUIRED;
	if (manager_role != want)
		return ORG_MANAGER_WRONG_ROLE;
	return ORG_OK;
}

const char *org_err_key(enum org_err e)
{
	switch (e) {
	case ORG_TEAM_REQUIRED: return "org.team_required";
	case ORG_TEAM_NOT_ALLOWED: return "org.team_not_allowed";
	case ORG_REGION_REQUIRED: return "org.region_required";
	case ORG_MANAGER_REQUIRED: return "org.manager_required";
	case ORG_MANAGER_WRONG_ROLE: return "org.manager_wrong_role";
	case ORG_MANAGER_NOT_ALLOWED: return "org.manager_not_allowed";
	default: return "form.invalid";
	}
}
