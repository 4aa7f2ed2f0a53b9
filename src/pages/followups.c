/* Follow-ups (docs/records.md). CAP_SALES.
 *   POST /customers/{id}/follow-ups   log a follow-up (date, channel, summary, next date) and move the
 *                                     customer's next follow-up date; by whoever may edit the customer;
 *                                     the form lives on the customer page, shown there again on 422
 *   GET  /follow-ups                  my due and overdue follow-ups; managers and up also see the
 *                                     overdue ones of everyone whose customers they can see */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "domain/followup.h"
#include "form/page.h"
#include "http/router.h"
#include "pages/customer_common.h"
#include "pages/pages.h"
#include "util/clock.h"
#include "view/view.h"

enum { L_ON, L_CHANNEL, L_SUMMARY, L_NEXT, L__N };
static const struct fk_field log_fields[L__N] = {
	[L_ON] = { "happened_on", FK_DATE, FK_REQUIRED },
	[L_CHANNEL] = { "channel", FK_CHOICE, FK_REQUIRED, .choices = followup_channels },
	[L_SUMMARY] = { "summary", FK_LONGTEXT, FK_REQUIRED, .min = 1, .max = 5000 },
	[L_NEXT] = { "next_date", FK_DATE },
};
static const struct fk_form log_form = { log_fields, L__N };

struct log_run {
	char intent[16];   /* the customer's, for the proposed next date */
	char next[11];
};

static int log_load(struct fk_run *run)
{
	struct log_run *d = run->data;
	struct dbres *r = NULL;
	struct row_ref row;
	int rc = customer_load_editable(run->rq, run->rs, run->id, &r, &row);

	if (rc)
		return rc;
	snprintf(d->intent, sizeof d->intent, "%s", dbres_str(r, 0, CC_INTENT));
	dbres_free(&r);
	return 0;
}

static int log_check(struct fk_run *run)
{
	struct log_run *d = run->data;
	struct req *rq = run->rq;

	fk_not_future(run, L_ON);
	if (run->v[L_NEXT].present)
		fk_date_iso(&run->v[L_NEXT], d->next);
	else
		followup_propose(d->intent, rq->now, rq->user.tz[0] ? rq->user.tz : "Asia/Shanghai", d->next);
	return 0;
}

static int log_write(struct db *db, struct fk_run *run)
{
	struct log_run *d = run->data;
	const struct fk_val *v = run->v;
	long long cid = run->rq->ids[0];
	char now[20], on[11];
	int rc;

	clock_fmt_utc(run->rq->now, now);
	fk_date_iso(&v[L_ON], on);
	rc = DB_EXEC(db, ST_FOLLOWUP_INSERT, NULL, DBI(cid), DBI(run->rq->user.id), DBS(on), DBS(v[L_CHANNEL].s),
	             DBS(v[L_SUMMARY].s), DBS(d->next), DBS(now));
	if (rc)
		return rc;
	snprintf(run->detail, sizeof run->detail, "%s", v[L_CHANNEL].s);
	return DB_EXEC(db, ST_CUSTOMER_SET_FOLLOW, NULL, DBS(d->next), DBS(now), DBI(cid));
}

/* The log form lives on the customer page: shown there again with the messages and what was typed. */
static int log_render(struct fk_run *run)
{
	return customer_page(run->rq, run->rs, run->id);
}

static const struct fk_page log_page = {
	.form = &log_form, .load = log_load, .check = log_check, .write = log_write, .render = log_render,
	.audit_action = "followup.create", .audit_entity = "customer", .flash = "followup_saved",
	.location = "/customers/%lld",
};

int page_followup_create(struct req *rq, struct resp *rs)
{
	struct log_run d = { "", "" };

	return fk_post(rq, rs, &log_page, &d);
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
