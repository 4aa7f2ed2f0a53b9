/* Deal teams: exactly one accountable member, changes by the deal's line only. */
#include "domain/dealteam.h"

#include <string.h>

const char *const dt_raci[] = { "R", "A", "C", "I", NULL };
const char *const dt_functions[] = { "none", "sales", "technical", "finance", "legal", "delivery", "product", NULL };

enum dt_err dt_check_add(int n, int has_a, int already, const char *raci)
{
	int is_a = raci && !strcmp(raci, "A");

	if (already)
		return DT_ALREADY;
	if (n == 0 && !is_a)
		return DT_FIRST_NOT_A;
	if (is_a && has_a)
		return DT_SECOND_A;
	return DT_OK;
}

enum dt_err dt_check_remove(int n, int is_a)
{
	return is_a && n > 1 ? DT_REMOVE_A : DT_OK;
}

const char *dt_err_key(enum dt_err e)
{
	switch (e) {
	case DT_FIRST_NOT_A:
		return "dt.err_first_not_a";
	case DT_SECOND_A:
		return "dt.err_second_a";
	case DT_ALREADY:
		return "dt.err_already";
	case DT_REMOVE_A:
		return "dt.err_remove_a";
	default:
		return "";
	}
}

int dt_may_change(const struct user *u, long long opp_owner, const struct row_ref *customer)
{
	if (u->role == ROLE_ADMIN)
		return 1;
	if (u->role == ROLE_EXECUTIVE || u->role == ROLE_NONE)
		return 0;
	if (u->id && opp_owner == u->id)
		return 1;
	return vis_can_edit(u, customer);
}
