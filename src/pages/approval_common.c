/* The approvals badge of the layout and the home page: steps waiting for the signed-in approver. */
#include "pages/approval_common.h"

#include <stdio.h>
#include <string.h>

#include "app.h"
#include "http/http.h"
#include "domain/units.h"
#include "util/clock.h"
#include "view/view.h"

long long approvals_pending_count(struct req *rq)
{
	struct dbres *r = NULL;
	char today[11];
	long long n;

	if (rq->user.role != ROLE_MANAGER && rq->user.role != ROLE_DIRECTOR && rq->user.role != ROLE_VP)
		return 0;
	date_of(rq->now, rq->user.tz, 0, today);
	if (DB_EXEC(rq->app->db, ST_APPROVALS_PENDING_COUNT, &r, DBI(rq->user.id), DBI(rq->user.id), DBI(rq->user.id),
	            DBS(today), DBS(today)) != DB_OK)
		return -1;
	n = dbres_int(r, 0, 0);
	dbres_free(&r);
	return n;
}

void layout_figures(struct req *rq)
{
	long long n;

	if (!rq->logged_in || !rq->app || !rq->app->db || !role_has_cap(rq->user.role, CAP_SALES))
		return;
	n = approvals_pending_count(rq);
	if (n > 0)
		view_set_int(rq, "Nav.approvals_pending", n);
}
