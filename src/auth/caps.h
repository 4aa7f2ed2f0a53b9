/* Roles and what they may do — the one place where a role becomes a capability.
 * Routes name a capability; anything not granted here is denied. */
#ifndef PARLEY_CAPS_H
#define PARLEY_CAPS_H

enum role {
	ROLE_NONE = 0,
	ROLE_REP,
	ROLE_MANAGER,
	ROLE_DIRECTOR,
	ROLE_VP,
	ROLE_EXECUTIVE,
	ROLE_ADMIN,
	ROLE__COUNT
};

enum cap {
	CAP_PUBLIC = 0,     /* anyone, signed in or not */
	CAP_LOGIN,          /* any signed-in user */
	CAP_ADMIN,          /* users, teams, regions, policy */
	CAP_AUDIT_READ,     /* the audit log viewer */
	CAP_SALES,          /* customer data (row visibility decides which rows) */
	CAP__COUNT
};

int role_has_cap(enum role r, enum cap c);
enum role role_parse(const char *s);          /* ROLE_NONE when unknown */
const char *role_name(enum role r);           /* "rep", "manager", … */

#endif
