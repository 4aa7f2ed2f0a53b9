/* Routes and the dispatcher. Each page file declares its routes next to its handlers and
 * registers them with PAGE_ROUTES; the dispatcher answers 404/405/403 and checks sign-in, CSRF and
 * capability before any handler runs. */
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

struct route_table {
	const struct route *routes;
	size_t n;
};

/* Registers a file's route array: the linker gathers every table into the section parley_routes
 * (the core is an OBJECT library, so no page file is dropped for being referenced only there). */
#define PAGE_ROUTES(arr)                                                                            \
	static const struct route_table arr##_table                                                     \
		__attribute__((used, section("parley_routes"), aligned(sizeof(void *)))) = {               \
			arr, sizeof arr / sizeof arr[0]                                                     \
		}

/* Every registered table: *n of them. */
const struct route_table *routes_all(size_t *n);

/* Matches path against pattern, filling ids; 1 on match. */
int route_match(const char *pattern, const char *path, long long *ids, int *nids);
/* For pages that show a form to anonymous users (login): makes sure the pre-session cookie
 * exists and computes the page's CSRF token from it. */
void csrf_prepare_anonymous(struct req *rq, struct resp *rs);
/* Runs the request through the tables. Always leaves a complete response in rs. */
void dispatch_tables(const struct route_table *tables, size_t nt, struct req *rq, struct resp *rs);
/* One table (tests); dispatch_all: every page's routes. */
void dispatch(const struct route *routes, size_t n, struct req *rq, struct resp *rs);
void dispatch_all(struct req *rq, struct resp *rs);

#endif
