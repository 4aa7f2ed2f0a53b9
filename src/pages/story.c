/* GET /opportunities/{id}/story — the deal's story (CAP_SALES): its stage changes, plans, negotiation
 * records, concession requests and the approvers' decisions, internal requests and tasks, in date order,
 * so that an approver or a manager sees the context in one place. Visible with the opportunity's customer
 * (vis_can_see_db: the line or a deal team), otherwise 404. Shows no confidential value. */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "auth/visibility.h"
#include "http/router.h"
#include "pages/customer_common.h"
#include "pages/pages.h"
#include "view/view.h"

/* Where each kind of event links to, and the language prefix of its title and state. */
struct kind {
	const char *name, *link, *title_prefix, *state_prefix;
};
static const struct kind kinds[] = {
	{ "stage", "/opportunities/", "stage", NULL },
	{ "plan", "/plans/", NULL, NULL },
	{ "record", "/negotiations/", "rec.type", "rec.status" },
	{ "concession", "/concessions/", "appr.term", "appr.rstate" },
	{ "approval", "/concessions/", "appr.term", "appr.sstate" },
	{ "request", "/requests/", NULL, "ireq.state" },
	{ "task", "/actions/", NULL, "act.state" },
};

/* Name = the label "prefix.value" when the language has one, else the value itself. */
static void label_or_value(struct req *rq, const char *name, const char *prefix, const char *value)
{
	if (prefix && set_label(rq, name, prefix, value) == 0 && view_get(rq, name) && *view_get(rq, name))
		return;
	view_set(rq, name, value);
}

static int page_story(struct req *rq, struct resp *rs)
{
	long long id = rq->ids[0];
	struct dbres *r = NULL;
	struct row_ref ref;
	char name[64], link[64], day[11];
	size_t i, k;
	int see;

	if (DB_EXEC(rq->app->db, ST_DT_OPP, &r, DBI(id)) != DB_OK)
		return -1;
	if (r->nrows == 1) {
		row_ref_at(r, 0, 3, &ref);
		see = vis_can_see_db(rq->app->db, &rq->user, &ref, dbres_int(r, 0, 1));
		if (see < 0) {
			dbres_free(&r);
			return -1;
		}
	} else {
		see = 0;
	}
	if (see)
		view_set(rq, "Story.customer_id", dbres_get(r, 0, 1));
	dbres_free(&r);
	if (!see) {
		resp_error(rs, rq, 404);
		return 0;
	}
	view_set_int(rq, "Story.id", id);
	if (DB_EXEC(rq->app->db, ST_STORY, &r, DBI(id), DBI(id), DBI(id), DBI(id), DBI(id), DBI(id), DBI(id)) != DB_OK)
		return -1;
	for (i = 0; i < r->nrows; i++) {
		const char *kind = dbres_str(r, i, 0);
		const struct kind *kd = NULL;

		for (k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
			if (!strcmp(kinds[k].name, kind))
				kd = &kinds[k];
		if (!kd)
			continue;
		view_setf(rq, kind, "Story.events.%zu.kind", i);
		snprintf(name, sizeof name, "Story.events.%zu.kind_label", i);
		set_label(rq, name, "story.kind", kind);
		snprintf(name, sizeof name, "Story.events.%zu.when", i);
		if (!strcmp(kind, "record") || !strcmp(kind, "task")) {
			snprintf(day, sizeof day, "%.10s", dbres_str(r, i, 1));   /* a day, not a moment */
			set_date(rq, name, day);
		} else
			set_when(rq, name, dbres_str(r, i, 1));
		snprintf(link, sizeof link, "%s%s", kd->link, dbres_str(r, i, 6));
		view_setf(rq, link, "Story.events.%zu.link", i);
		snprintf(name, sizeof name, "Story.events.%zu.title", i);
		label_or_value(rq, name, kd->title_prefix, dbres_str(r, i, 3));
		snprintf(name, sizeof name, "Story.events.%zu.state", i);
		if (!strcmp(kind, "stage"))
			view_set(rq, name, "");
		else
			label_or_value(rq, name, kd->state_prefix, dbres_str(r, i, 4));
		view_setf(rq, dbres_str(r, i, 5), "Story.events.%zu.person", i);
	}
	dbres_free(&r);
	return view_render(rq, rs, "story/show.cs");
}

/* The routes of this file; the dispatcher checks sign-in, CSRF and capability before a handler runs. */
static const struct route routes[] = {
	{ "GET", "/opportunities/:id/story", page_story, CAP_SALES, CSRF_NONE },
};
PAGE_ROUTES(routes);
