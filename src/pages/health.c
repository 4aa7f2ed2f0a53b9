/* GET /healthz — public; "ok" when this worker and its database answer, 503 otherwise.
 * GET /livez — public; "ok" when a worker answers at all (no database; also the benchmark baseline).
 * Neither changes anything. */
#include <string.h>

#include "app.h"
#include "http/router.h"
#include "pages/pages.h"

int page_healthz(struct req *rq, struct resp *rs)
{
	rs->content_type = "text/plain; charset=utf-8";
	buf_reset(&rs->body);
	if (db_ping(rq->app->db) != DB_OK) {
		rs->status = 503;
		buf_puts(&rs->body, "database unavailable\n");
		return 0;
	}
	buf_puts(&rs->body, "ok");
	return 0;
}

int page_livez(struct req *rq, struct resp *rs)
{
	rs->content_type = "text/plain; charset=utf-8";
	buf_reset(&rs->body);
	buf_puts(&rs->body, "ok");
	return 0;
}

/* The routes of this file; the dispatcher checks sign-in, CSRF and capability before a handler runs. */
static const struct route routes[] = {
	{ "GET", "/healthz", page_healthz, CAP_PUBLIC, CSRF_NONE },
	{ "GET", "/livez",   page_livez,   CAP_PUBLIC, CSRF_NONE },
};
PAGE_ROUTES(routes);
