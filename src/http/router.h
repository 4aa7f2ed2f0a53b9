/* The route table and the dispatcher. The dispatcher answers 404/405/403 and checks
 * sign-in, CSRF and capability before any handler runs. */
#ifndef PARLEY_ROUTER_H
#define PARLEY_ROUTER_H

#include "auth/caps.h"
#include "http/http.h"

typedef int (*handler_fn)(struct req *rq, struct resp *rs);

enum csrf_level { CSRF_NONE = 0, CSRF_CHECK = 1 };

struct route {
	const char *method;     /* "GET" or "POST" */
	const char *pattern;    /* "/admin/users/:id/edit": ":id" matches a positive integer */
	handler_fn handler;
	enum cap cap;
	enum csrf_level csrf;
};

extern const struct route parley_routes[];
extern const size_t parley_nroutes;

/* Matches path against pattern, filling ids; 1 on match. */
int route_match(const char *pattern, const char *path, long long *ids, int *nids);
/* For pages that show a form to anonymous users (login): makes sure the pre-session cookie
 * exists and computes the page's CSRF token from it. */
void csrf_prepare_anonymous(struct req *rq, struct resp *rs);
/* Runs the request through the table. Always leaves a complete response in rs. */
void dispatch(const struct route *routes, size_t n, struct req *rq, struct resp *rs);

#endif
