/* Follow-ups (docs/records.md). CAP_SALES.
 *   POST /customers/{id}/follow-ups   log a follow-up (date, channel, summary, next date) and move the
 *                                     customer's next follow-up date; by whoever may edit the customer
 *   GET  /follow-ups                  my due and overdue follow-ups; managers and up also see the
 *                                     overdue ones of everyone whose customers they can see */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "audit/audit.h"
#include "domain/followup.h"
#include "domain/units.h"
#include "http/fields.h"
#include "http/router.h"
#include "pages/customer_common.h"
#include "pages/pages.h"
#include "util/clock.h"
#include "view/view.h"

static const char *const channels[] = { "phone", "email", "visit", "video", NULL };

enum { L_ON, L_CHANNEL, L_SUMMARY, L_NEXT, L__N };
static const struct field_spec log_fields[L__N] = {
	[L_ON] = { "happened_on", F_TEXT, 1, 10, 10, NULL },
	[L_CHANNEL] = { "channel", F_CHOICE, 1, 0, 0, channels },
	[L_SUMMARY] = { "summary", F_TEXT, 1, 1, 5000, NULL },
	[L_NEXT] = { "next_date", F_TEXT, 0, 0, 10, NULL },
};

struct log_tx {
	struct req *rq;
	struct field_val *v;
	long long customer_id;
	char next[11];
};

static int log_tx_fn(struct db *db, void *p)
{
	struct log_tx *t = p;
	char now[20];
	int rc;

	clock_fmt_utc(t->rq->now, now);
	rc = DB_EXEC(db, ST_FOLLOWUP_INSERT, NULL, DBI(t->customer_id), DBI(t->rq->user.id), DBS(t->v[L_ON].s),
	             DBS(t->v[L_CHANNEL].s), DBS(t->v[L_SUMMARY].s), DBS(t->next), DBS(now));
	if (rc)
		return rc;
	rc = DB_EXEC(db, ST_CUSTOMER_SET_FOLLOW, NULL, DBS(t->next), DBS(now), DBI(t->customer_id));
	if (rc)
		return rc;
	return audit_req(t->rq, "followup.create", "customer", t->customer_id, t->v[L_CHANNEL].s);
}

int page_followup_create(struct req *rq, struct resp *rs)
{
	struct field_val v[L__N];
	struct log_tx t = { rq, v, rq->ids[0], "" };
	struct dbres *r = NULL;
	struct row_ref row;
	char loc[64], today[11];
	int y, m, d, bad;
	int rc = customer_load_editable(rq, rs, t.customer_id, &r, &row);

	if (rc)
		return rc < 0 ? -1 : 0;
	snprintf(loc, sizeof loc, "/customers/%lld", t.customer_id);
	form_keep(rq, log_fields, L__N);
	bad = form_validate(rq, log_fields, L__N, v);
	user_today(rq, today);
	if (v[L_ON].present && (date_parse(v[L_ON].s, &y, &m, &d) < 0 || strcmp(v[L_ON].s, today) > 0)) {
		view_form_error(rq, "happened_on", "form.bad_date");
		bad++;
	}
	if (v[L_NEXT].present) {
		if (date_parse(v[L_NEXT].s, &y, &m, &d) < 0) {
			view_form_error(rq, "next_date", "form.bad_date");
			bad++;
		} else {
			snprintf(t.next, sizeof t.next, "%s", v[L_NEXT].s);
		}
	} else {
		followup_propose(dbres_get(r, 0, CC_INTENT), rq->now, rq->user.tz[0] ? rq->user.tz : "Asia/Shanghai", t.next);
	}
	dbres_free(&r);
	if (bad) {
		/* The log form lives on the customer page: show it again with the errors and the typed values. */
		rs->status = 422;
		view_set(rq, "Form.followup_error", "1");
		rc = page_customer_show(rq, rs);
		rs->status = 422;
		return rc;
	}
	if (db_tx(rq->app->db, log_tx_fn, &t) != DB_OK)
		return -1;
	view_flash(rq, rs, "followup_saved");
	resp_redirect(rs, loc);
	return 0;
}

static int fill(struct req *rq, struct dbres *r, const char *prefix, const char *today)
{
	char name[64];
	size_t i;

	for (i = 0; i < r->nrows; i++) {
		const char *next = dbres_get(r, i, 2);
		view_setf(rq, dbres_get(r, i, 0), "%s.%zu.id", prefix, i);
		view_setf(rq, dbres_get(r, i, 1), "%s.%zu.name", prefix, i);
		snprintf(name, sizeof name, "%s.%zu.next", prefix, i);
		set_date(rq, name, next);
		if (followup_overdue(next, today))
			view_setf(rq, "1", "%s.%zu.overdue", prefix, i);
		snprintf(name, sizeof name, "%s.%zu.intent", prefix, i);
		set_label(rq, name, "intent", dbres_get(r, i, 3));
		view_setf(rq, dbres_get(r, i, 4), "%s.%zu.owner", prefix, i);
	}
	return 0;
}

int page_followups(struct req *rq, struct resp *rs)
{
	struct dbres *r = NULL;
	struct vis_scope s;
	char today[11];

	user_today(rq, today);
	if (DB_EXEC(rq->app->db, ST_FOLLOWUPS_DUE_MINE, &r, DBI(rq->user.id), DBS(today)) != DB_OK)
		return -1;
	fill(rq, r, "Mine", today);
	dbres_free(&r);
	if (rq->user.role == ROLE_MANAGER || rq->user.role == ROLE_DIRECTOR || rq->user.role == ROLE_VP ||
	    rq->user.role == ROLE_EXECUTIVE) {
		vis_scope_for(&rq->user, &s);
		if (DB_EXEC(rq->app->db, ST_FOLLOWUPS_OVERDUE_VISIBLE, &r, VIS_PARAMS(&s), DBI(rq->user.id), DBS(today)) !=
		    DB_OK)
			return -1;
		view_set(rq, "Page.team_view", "1");
		fill(rq, r, "Team", today);
		dbres_free(&r);
	}
	return view_render(rq, rs, "customers/followups.cs");
}

/* The routes of this file; the dispatcher checks sign-in, CSRF and capability before a handler runs. */
static const struct route routes[] = {
	{ "POST", "/customers/:id/follow-ups", page_followup_create, CAP_SALES, CSRF_CHECK },
	{ "GET", "/follow-ups",               page_followups,       CAP_SALES, CSRF_NONE },
};
PAGE_ROUTES(routes);
