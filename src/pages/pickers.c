/* The picker shown by GET /negotiations/new, /opportunities/new (a customer), /plans/new and
 * /concessions/new (an opportunity) when no parent is given: a search form (?q=) and the matching
 * customers or opportunities the user may start it on, as links. Read-only; no JavaScript needed, the
 * search field and the links are reached with Tab. */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "auth/visibility.h"
#include "pages/pickers.h"
#include "view/view.h"

#define PICK_QMAX 100

/* The rows the user may start something on: vis_can_edit's rule as a VIS_SQL scope — the row's owner,
 * the team's manager, the region's director, vp (a rep does not edit what the team only shares; the
 * executive edits nothing). */
static void edit_scope(const struct user *u, struct vis_scope *s)
{
	vis_scope_for(u, s);
	if (u->role == ROLE_REP)
		s->team_id = 0;
	if (u->role == ROLE_EXECUTIVE)
		s->all = 0;
	s->member_id = 0; /* a deal-team member sees the customer but edits nothing of it */
}

/* q with LIKE's wildcards taken literally. */
static void like_escape(const char *q, char *out, size_t n)
{
	size_t k = 0;

	for (; *q && k + 2 < n; q++) {
		if (*q == '%' || *q == '_' || *q == '\\')
			out[k++] = '\\';
		out[k++] = *q;
	}
	out[k] = '\0';
}

int picker_render(struct req *rq, struct resp *rs, enum pick_kind kind, const char *target)
{
	const char *q = req_query(rq, "q");
	char esc[2 * PICK_QMAX + 1], href[128];
	struct dbres *r = NULL;
	struct vis_scope s;
	size_t i;
	int rc;

	if (!q)
		q = "";
	if (strlen(q) > PICK_QMAX) {
		view_set(rq, "Pick.error", view_str(rq, "pick.too_long"));
		q = "";
	} else {
		view_set(rq, "Pick.q", q);
	}
	like_escape(q, esc, sizeof esc);
	edit_scope(&rq->user, &s);
	if (kind == PICK_CUSTOMER)
		rc = DB_EXEC(rq->app->db, ST_PICK_CUSTOMERS, &r, VIS_PARAMS(&s), DBS(esc), DBS(esc));
	else
		rc = DB_EXEC(rq->app->db, ST_PICK_OPPORTUNITIES, &r, VIS_PARAMS(&s), DBS(esc), DBS(esc), DBS(esc));
	if (rc != DB_OK)
		return -1;
	view_set(rq, "Pick.kind", kind == PICK_CUSTOMER ? "customer" : "opportunity");
	view_set(rq, "Pick.target", target);
	for (i = 0; i < r->nrows; i++) {
		snprintf(href, sizeof href, "%s?%s=%s", target, kind == PICK_CUSTOMER ? "customer_id" : "opportunity_id",
		         dbres_get(r, i, 0));
		view_setf(rq, href, "Pick.rows.%zu.href", i);
		view_setf(rq, dbres_get(r, i, 0), "Pick.rows.%zu.id", i);
		view_setf(rq, dbres_get(r, i, 1), "Pick.rows.%zu.name", i);
		if (kind == PICK_OPPORTUNITY)
			view_setf(rq, dbres_get(r, i, 2), "Pick.rows.%zu.customer", i);
	}
	dbres_free(&r);
	return view_render(rq, rs, "pickers/pick.cs");
}
