/* Role → capability table. Admin manages the organisation but gets no sales data by being admin. */
#include "auth/caps.h"

#include <string.h>

#define BIT(c) (1u << (c))

static const unsigned role_caps[ROLE__COUNT] = {
	[ROLE_NONE] = 0,
	[ROLE_REP] = BIT(CAP_LOGIN) | BIT(CAP_SALES),
	[ROLE_MANAGER] = BIT(CAP_LOGIN) | BIT(CAP_SALES),
	[ROLE_DIRECTOR] = BIT(CAP_LOGIN) | BIT(CAP_SALES),
	[ROLE_VP] = BIT(CAP_LOGIN) | BIT(CAP_SALES),
	[ROLE_EXECUTIVE] = BIT(CAP_LOGIN) | BIT(CAP_SALES),
	[ROLE_ADMIN] = BIT(CAP_LOGIN) | BIT(CAP_ADMIN) | BIT(CAP_AUDIT_READ),
};

static const char *const role_names[ROLE__COUNT] = {
	[ROLE_NONE] = "",
	[ROLE_REP] = "rep",
	[ROLE_MANAGER] = "manager",
	[ROLE_DIRECTOR] = "director",
	[ROLE_VP] = "vp",
	[ROLE_EXECUTIVE] = "executive",
	[ROLE_ADMIN] = "admin",
};

int role_has_cap(enum role r, enum cap c)
{
	if (c == CAP_PUBLIC)
		return 1;
	if ((unsigned)r >= ROLE__COUNT || (unsigned)c >= CAP__COUNT)
		return 0;
	return (role_caps[r] & BIT(c)) != 0;
}

enum role role_parse(const char *s)
{
	int i;

	if (!s)
		return ROLE_NONE;
	for (i = ROLE_REP; i < ROLE__COUNT; i++)
		if (!strcmp(s, role_names[i]))
			return (enum role)i;
	return ROLE_NONE;
}

const char *role_name(enum role r)
{
	return (unsigned)r < ROLE__COUNT ? role_names[r] : "";
}
