/* /reviews… — win/loss reviews (复盘, docs/reviews.md). CAP_SALES; a review is visible with its
 * opportunity (opp_load: VIS_SQL on the customer), anything else is a 404.
 *   GET  /reviews                  closed opportunities the user may see, the latest closing first
 *   GET  /reviews/{opportunity}    timeline, stances, plan vs actual, promises, lessons, sign-off
 *   POST /reviews/{opportunity}    the team's lessons and the must-achieve goals judged (whoever may edit
 *                                  the opportunity); a change clears the sign-off
 *   POST /reviews/{opportunity}/sign   "reviewed by": a manager above the owner (manager, director, vp in
 *                                  the line), with comments
 * Planned floor, discount, payment term and walk-away triggers, and any verdict against them, reach only
 * the readers of the plan's confidential tier (secret_signal_visible); the ladder step is internal. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "auth/secrets.h"
#include "domain/plan.h"
#include "domain/review.h"
#include "domain/units.h"
#include "form/page.h"
#include "http/fields.h"
#include "http/router.h"
#include "pages/customer_common.h"
#include "pages/opp_common.h"
#include "pages/pages.h"
#include "util/clock.h"
#include "util/num.h"
#include "view/view.h"

#define REVIEW_PAGE 50
#define GOALS_MAX 30

static const char *const verdicts[] = { "met", "partly", "missed", NULL };

enum { G_GOAL, G_VERDICT, G__N };
static const struct fk_field goal_fields[G__N] = {
	[G_GOAL] = { "goal", FK_TEXT, FK_REQUIRED, .max = 1000 },
	[G_VERDICT] = { "verdict", FK_CHOICE, FK_REQUIRED, .choices = verdicts },
};
static const struct fk_form goal_form = { goal_fields, G__N };

enum { W_LESSONS, W_GOALS, W__N };
static const struct fk_field write_fields[W__N] = {
	[W_LESSONS] = { "lessons", FK_LONGTEXT, FK_REQUIRED, .min = 1, .max = 10000 },
	[W_GOALS] = { "goals", FK_ROWS, .max = GOALS_MAX, .row = &goal_form },
};
static const struct fk_form write_form = { write_fields, W__N };

enum { S_COMMENT, S__N };
static const struct fk_field sign_fields[S__N] = {
	[S_COMMENT] = { "comment", FK_LONGTEXT, FK_REQUIRED, .min = 1, .max = 5000 },
};
static const struct fk_form sign_form = { sign_fields, S__N };

struct review_ctx {
	struct dbres *opp;
	struct row_ref ref;
	int signing;          /* the sign-off form was posted */
};

/* ------------------------------------------------------------------ who may */

/* A manager above the owner in the line: not the owner, a manager, director or vp who may edit the row. */
static int may_sign(const struct user *u, const struct row_ref *ref)
{
	return u->id != ref->owner_id && (u->role == ROLE_MANAGER || u->role == ROLE_DIRECTOR || u->role == ROLE_VP) &&
	       vis_can_edit(u, ref);
}

/* ------------------------------------------------------------------ sections */

/* Review.timeline.<i>.<slot> = the label of value under prefix (a language key prefix). */
static void tl_label(struct req *rq, size_t i, const char *slot, const char *prefix, const char *value)
{
	char name[80];

	snprintf(name, sizeof name, "Review.timeline.%zu.%s", i, slot);
	set_label(rq, name, prefix, value);
}

static void tl_text(struct req *rq, size_t i, const char *slot, const char *value)
{
	view_setf(rq, value, "Review.timeline.%zu.%s", i, slot);
}

static int load_timeline(struct req *rq, long long id)
{
	struct dbres *r = NULL;
	char name[80];
	size_t i;

	if (DB_EXEC(rq->app->db, ST_REVIEW_TIMELINE, &r, DBI(id), DBI(id), DBI(id), DBI(id), DBI(id), DBI(id), DBI(id),
	            DBI(id), DBI(id)) != DB_OK)
		return -1;
	for (i = 0; i < r->nrows; i++) {
		const char *kind = dbres_str(r, i, 1), *a = dbres_str(r, i, 3), *b = dbres_str(r, i, 4),
		           *c = dbres_str(r, i, 5);
		snprintf(name, sizeof name, "Review.timeline.%zu.when", i);
		set_when(rq, name, dbres_get(r, i, 0));
		tl_text(rq, i, "kind", kind);
		tl_label(rq, i, "kind_label", "review.kind", kind);
		tl_text(rq, i, "ref", dbres_str(r, i, 2));
		if (!strcmp(kind, "record")) {
			tl_label(rq, i, "a", "rec.type", a);
			tl_label(rq, i, "b", "rec.phase", b);
		} else if (!strcmp(kind, "stage")) {
			long long from = 0, to = 0;
			if (*a && parse_int64(a, 1, 6, &from) == 0) {
				snprintf(name, sizeof name, "Review.timeline.%zu.a", i);
				opp_set_stage_label(rq, name, from);
			}
			if (parse_int64(b, 1, 6, &to) == 0) {
				snprintf(name, sizeof name, "Review.timeline.%zu.b", i);
				opp_set_stage_label(rq, name, to);
			}
			snprintf(name, sizeof name, "Review.timeline.%zu.c", i);
			opp_set_status_label(rq, name, c);
		} else if (!strcmp(kind, "closed")) {
			snprintf(name, sizeof name, "Review.timeline.%zu.a", i);
			opp_set_status_label(rq, name, a);
		} else if (!strcmp(kind, "conc_asked")) {
			tl_label(rq, i, "a", "conc.term", a);
			tl_text(rq, i, "b", b);
			tl_label(rq, i, "c", "conc.state", c);
		} else if (!strcmp(kind, "conc_given")) {
			tl_label(rq, i, "a", "conc.term", a);
			tl_text(rq, i, "b", b);
			tl_text(rq, i, "c", c);
		} else if (!strcmp(kind, "approval")) {
			tl_label(rq, i, "a", "conc.step_state", a);
			tl_text(rq, i, "b", b);
		} else if (!strcmp(kind, "objection") || !strcmp(kind, "objection_resolved")) {
			tl_label(rq, i, "a", "rec.otype", a);
			tl_text(rq, i, "b", b);
			if (*c)
				tl_label(rq, i, "c", "rec.result", c);
		} else {
			tl_text(rq, i, "a", a);
		}
	}
	dbres_free(&r);
	return 0;
}

/* Key people: one entry per person with their observations in date order; "changed" when they differ. */
static int load_stances(struct req *rq, long long id)
{
	struct dbres *r = NULL;
	size_t i, p = 0, k = 0;
	const char *prev = NULL;

	if (DB_EXEC(rq->app->db, ST_REVIEW_ATTITUDES, &r, DBI(id)) != DB_OK)
		return -1;
	for (i = 0; i < r->nrows; i++) {
		const char *person = dbres_str(r, i, 0);
		if (prev && strcmp(prev, person)) {
			p++;
			k = 0;
		}
		if (!prev || k == 0)
			view_setf(rq, person, "Review.stances.%zu.person", p);
		if (k > 0 && strcmp(dbres_str(r, i - 1, 1), dbres_str(r, i, 1)))
			view_setf(rq, "1", "Review.stances.%zu.changed", p);
		view_setf(rq, dbres_get(r, i, 1), "Review.stances.%zu.seen.%zu.observation", p, k);
		view_setf(rq, dbres_get(r, i, 3), "Review.stances.%zu.seen.%zu.record", p, k);
		{
			char name[80];
			snprintf(name, sizeof name, "Review.stances.%zu.seen.%zu.date", p, k);
			set_date(rq, name, dbres_get(r, i, 2));
		}
		prev = person;
		k++;
	}
	dbres_free(&r);
	return 0;
}

static int load_promises(struct req *rq, long long id)
{
	struct dbres *r = NULL;
	char today[11], done[11], name[80];
	const char *tz = rq->user.tz[0] ? rq->user.tz : "Asia/Shanghai";
	size_t i, kept = 0, due = 0;
	time_t t;

	user_today(rq, today);
	if (DB_EXEC(rq->app->db, ST_REVIEW_PROMISES, &r, DBI(id)) != DB_OK)
		return -1;
	for (i = 0; i < r->nrows; i++) {
		enum promise_state st;
		done[0] = '\0';
		if (*dbres_str(r, i, 3) && clock_parse_utc(dbres_str(r, i, 3), &t) == 0)
			date_of(t, tz, 0, done);
		st = review_promise(dbres_str(r, i, 2), done, today);
		view_setf(rq, dbres_get(r, i, 0), "Review.promises.%zu.what", i);
		view_setf(rq, dbres_get(r, i, 1), "Review.promises.%zu.owner", i);
		view_setf(rq, dbres_get(r, i, 5), "Review.promises.%zu.deliverable", i);
		view_setf(rq, dbres_get(r, i, 4), "Review.promises.%zu.record", i);
		snprintf(name, sizeof name, "Review.promises.%zu.due", i);
		set_date(rq, name, dbres_get(r, i, 2));
		if (*done) {
			snprintf(name, sizeof name, "Review.promises.%zu.done", i);
			set_date(rq, name, done);
		}
		view_setf(rq, review_promise_name(st), "Review.promises.%zu.state", i);
		snprintf(name, sizeof name, "Review.promises.%zu.state_label", i);
		set_label(rq, name, "review.promise_state", review_promise_name(st));
		if (st != PROMISE_OPEN)
			due++;
		kept += st == PROMISE_ON_TIME;
	}
	view_set_int(rq, "Review.promises_due", (long long)due);
	view_set_int(rq, "Review.promises_kept", (long long)kept);
	dbres_free(&r);
	return 0;
}

static int load_lessons(struct req *rq, long long id)
{
	struct dbres *r = NULL;
	char name[80];
	size_t i;

	if (DB_EXEC(rq->app->db, ST_REVIEW_RECORD_LESSONS, &r, DBI(id)) != DB_OK)
		return -1;
	for (i = 0; i < r->nrows; i++) {
		view_setf(rq, dbres_get(r, i, 0), "Review.record_lessons.%zu.record", i);
		snprintf(name, sizeof name, "Review.record_lessons.%zu.date", i);
		set_date(rq, name, dbres_get(r, i, 1));
		view_setf(rq, dbres_get(r, i, 2), "Review.record_lessons.%zu.strengths", i);
		view_setf(rq, dbres_get(r, i, 3), "Review.record_lessons.%zu.improve", i);
		view_setf(rq, dbres_get(r, i, 4), "Review.record_lessons.%zu.strategy", i);
	}
	dbres_free(&r);
	return 0;
}

static const char *verdict_name(enum review_verdict v)
{
	return v == REVIEW_WITHIN ? "within" : v == REVIEW_BEYOND ? "beyond" : "";
}

/* One row of plan vs actual: Review.pva.<i>.{key,label,planned,actual,verdict}. */
static void plan_row(struct req *rq, size_t i, const char *key, const char *planned, const char *actual,
                     enum review_verdict v)
{
	char lang[48];

	snprintf(lang, sizeof lang, "review.pva_%s", key);
	view_setf(rq, key, "Review.pva.%zu.key", i);
	view_setf(rq, view_str(rq, lang), "Review.pva.%zu.label", i);
	view_setf(rq, planned, "Review.pva.%zu.planned", i);
	view_setf(rq, actual, "Review.pva.%zu.actual", i);
	view_setf(rq, verdict_name(v), "Review.pva.%zu.verdict", i);
	if (v != REVIEW_UNKNOWN) {
		snprintf(lang, sizeof lang, "review.limit.%s", verdict_name(v));
		view_setf(rq, view_str(rq, lang), "Review.pva.%zu.verdict_label", i);
	}
}

struct goal_list {
	struct req *rq;
	size_t n;
};

static void goal_row(const char *goal, size_t len, void *ctx)
{
	struct goal_list *g = ctx;
	char buf[1004];

	snprintf(buf, sizeof buf, "%.*s", (int)len, goal);
	view_setf(g->rq, buf, "Form.rows.goals.%zu.goal", g->n);
	view_setf(g->rq, "", "Form.rows.goals.%zu.verdict", g->n);
	g->n++;
}

/* Plan vs actual. The plan's goals fill the goal rows of the form when no review judged them yet. */
static int load_plan(struct req *rq, long long id, const struct row_ref *ref, const struct dbres *o, int goals_saved,
                     int form_posted)
{
	struct dbres *p = NULL, *r = NULL;
	struct plan_limits l;
	const char *cur = dbres_str(o, 0, OC_CURRENCY);
	long long list = dbres_get(o, 0, OC_LIST) ? dbres_int(o, 0, OC_LIST) : -1;
	long long final = dbres_get(o, 0, OC_FINAL) ? dbres_int(o, 0, OC_FINAL) : -1;
	long long ladder, days = -1, disc, over = 0, steps = 0;
	char a[64], b[64], name[80];
	char *plain = NULL;
	size_t i;
	int rc;

	if (DB_EXEC(rq->app->db, ST_REVIEW_PLAN, &p, DBI(id)) != DB_OK)
		return -1;
	if (p->nrows != 1) {
		dbres_free(&p);
		return 0;
	}
	view_set(rq, "Review.plan.id", dbres_get(p, 0, 0));
	view_set(rq, "Review.plan.topic", dbres_get(p, 0, 1));
	if (!goals_saved && !form_posted) {
		struct goal_list g = { rq, 0 };
		review_goals_split(dbres_str(p, 0, 2), GOALS_MAX, goal_row, &g);
	}
	/* Ladder: internal. Each step taken against the largest planned step. */
	ladder = dbres_int(p, 0, 3);
	bp_format(ladder, a, sizeof a);
	view_set(rq, "Review.plan.ladder", a);
	if (DB_EXEC(rq->app->db, ST_REVIEW_STEPS, &r, DBI(id)) != DB_OK) {
		dbres_free(&p);
		return -1;
	}
	for (i = 0; i < r->nrows; i++) {
		enum review_verdict v = review_at_most(dbres_int(r, i, 0), ladder);
		bp_format(dbres_int(r, i, 0), b, sizeof b);
		view_setf(rq, b, "Review.steps.%zu.bp", i);
		set_label(rq, (snprintf(name, sizeof name, "Review.steps.%zu.term", i), name), "review.term",
		          dbres_str(r, i, 1));
		view_setf(rq, dbres_get(r, i, 2), "Review.steps.%zu.record", i);
		snprintf(name, sizeof name, "Review.steps.%zu.date", i);
		set_date(rq, name, dbres_get(r, i, 3));
		view_setf(rq, verdict_name(v), "Review.steps.%zu.verdict", i);
		over += v == REVIEW_BEYOND;
		steps++;
	}
	dbres_free(&r);
	view_set_int(rq, "Review.plan.steps_taken", steps);
	view_set_int(rq, "Review.plan.steps_over", over);
	/* The bottom lines: only for readers of the plan's confidential tier, and read only for them. */
	if (!secret_signal_visible(&rq->user, SF_PLAN_CONFIDENTIAL, ref)) {
		dbres_free(&p);
		return 0;
	}
	view_set(rq, "Review.plan.confidential", "1");
	rc = secret_read(rq, SF_PLAN_CONFIDENTIAL, dbres_int(p, 0, 0), ref, dbres_get(p, 0, 4), &plain);
	dbres_free(&p);
	if (rc == SECRET_ERR)
		return -1;
	if (rc != SECRET_OK || plan_limits_parse(plain, NULL, &l) < 0)
		plan_limits_clear(&l);
	secret_release(&plain);
	if (DB_EXEC(rq->app->db, ST_REVIEW_PAYMENT, &r, DBI(id)) != DB_OK)
		return -1;
	if (r->nrows == 1)
		days = dbres_int(r, 0, 0);
	dbres_free(&r);
	a[0] = b[0] = '\0';
	if (l.min_price >= 0)
		money_format(l.min_price, cur, rq->lang, a, sizeof a);
	if (final >= 0)
		money_format(final, cur, rq->lang, b, sizeof b);
	plan_row(rq, 0, "floor", a, b, review_at_least(final, l.min_price));
	disc = review_discount_bp(list, final);
	a[0] = b[0] = '\0';
	if (l.max_discount_bp >= 0)
		bp_format(l.max_discount_bp, a, sizeof a);
	if (disc >= 0)
		bp_format(disc, b, sizeof b);
	plan_row(rq, 1, "discount", a, b, review_at_most(disc, l.max_discount_bp));
	a[0] = b[0] = '\0';
	if (l.max_payment_days >= 0)
		snprintf(a, sizeof a, "%lld", l.max_payment_days);
	if (days >= 0)
		snprintf(b, sizeof b, "%lld", days);
	plan_row(rq, 2, "payment", a, b, review_at_most(days, l.max_payment_days));
	a[0] = '\0';
	if (l.walkaway_payment_days >= 0)
		snprintf(a, sizeof a, "%lld", l.walkaway_payment_days);
	plan_row(rq, 3, "walkaway", a, b, review_at_most(days, l.walkaway_payment_days));
	if (DB_EXEC(rq->app->db, ST_REVIEW_TRIGGERS, &r, DBI(id)) != DB_OK)
		return -1;
	view_set(rq, "Review.plan.trigger_flags", dbres_get(r, 0, 0));
	dbres_free(&r);
	return 0;
}

/* The written review and its goals; *goals_saved when the review judged goals. */
static int load_written(struct req *rq, int form_posted, int *goals_saved)
{
	struct dbres *r = NULL, *g = NULL;
	char name[80];
	size_t i;

	*goals_saved = 0;
	if (DB_EXEC(rq->app->db, ST_REVIEW_GET, &r, DBI(rq->ids[0])) != DB_OK)
		return -1;
	if (r->nrows == 1) {
		view_set(rq, "Review.written.lessons", dbres_get(r, 0, 1));
		view_set(rq, "Review.written.by", dbres_get(r, 0, 2));
		set_when(rq, "Review.written.at", dbres_get(r, 0, 3));
		if (*dbres_str(r, 0, 5)) {
			view_set(rq, "Review.signed.by", dbres_get(r, 0, 4));
			set_when(rq, "Review.signed.at", dbres_get(r, 0, 5));
			view_set(rq, "Review.signed.comment", dbres_get(r, 0, 6));
		}
		if (!form_posted)
			view_set(rq, "Form.values.lessons", dbres_get(r, 0, 1));
		if (DB_EXEC(rq->app->db, ST_REVIEW_GOALS, &g, DBI(dbres_int(r, 0, 0))) != DB_OK) {
			dbres_free(&r);
			return -1;
		}
		for (i = 0; i < g->nrows; i++) {
			view_setf(rq, dbres_get(g, i, 1), "Review.goals.%zu.goal", i);
			view_setf(rq, dbres_get(g, i, 2), "Review.goals.%zu.verdict", i);
			snprintf(name, sizeof name, "Review.goals.%zu.verdict_label", i);
			set_label(rq, name, "review.verdict", dbres_get(g, i, 2));
			if (!form_posted) {
				view_setf(rq, dbres_get(g, i, 1), "Form.rows.goals.%zu.goal", i);
				view_setf(rq, dbres_get(g, i, 2), "Form.rows.goals.%zu.verdict", i);
			}
		}
		*goals_saved = g->nrows > 0;
		dbres_free(&g);
	}
	dbres_free(&r);
	return 0;
}

/* ------------------------------------------------------------------ the page */

static int review_load(struct fk_run *run)
{
	struct review_ctx *cx = run->data;
	int rc = opp_load(run->rq, run->id, &cx->opp, &cx->ref);

	if (rc)
		return rc;
	snprintf(run->location, sizeof run->location, "/reviews/%lld", run->id);
	return 0;
}

static int review_render(struct fk_run *run)
{
	struct review_ctx *cx = run->data;
	struct req *rq = run->rq;
	const struct dbres *o = cx->opp;
	const char *cur = dbres_str(o, 0, OC_CURRENCY);
	int goals_saved, posted = run->v != NULL, rc;
	size_t i;

	view_set_int(rq, "Opp.id", run->id);
	view_set(rq, "Opp.title", dbres_get(o, 0, OC_TITLE));
	view_set(rq, "Opp.customer_id", dbres_get(o, 0, OC_CUSTOMER));
	view_set(rq, "Opp.customer_name", dbres_get(o, 0, OC_CNAME));
	view_set(rq, "Opp.owner", dbres_get(o, 0, OC_OWNER_NAME));
	view_set(rq, "Opp.status", dbres_get(o, 0, OC_STATUS));
	opp_set_status_label(rq, "Opp.status_label", dbres_get(o, 0, OC_STATUS));
	opp_set_money(rq, "Opp.list_price", dbres_get(o, 0, OC_LIST), cur);
	opp_set_money(rq, "Opp.final_price", dbres_get(o, 0, OC_FINAL), cur);
	if (vis_can_edit(&rq->user, &cx->ref))
		view_set(rq, "Review.can_write", "1");
	if (may_sign(&rq->user, &cx->ref))
		view_set(rq, "Review.can_sign", "1");
	for (i = 0; verdicts[i]; i++) {
		view_setf(rq, verdicts[i], "Choices.verdicts.%zu.value", i);
		view_setf(rq, view_str(rq, i == 0 ? "review.verdict_met" : i == 1 ? "review.verdict_partly"
		                                                                  : "review.verdict_missed"),
		          "Choices.verdicts.%zu.label", i);
	}
	/* A posted sign-off keeps the lessons form as stored, and the other way round. */
	rc = load_written(rq, posted && !cx->signing, &goals_saved);
	if (rc == 0)
		rc = closings_for_opportunity(rq, run->id, &cx->ref, cur,
		                              dbres_get(o, 0, OC_LIST) ? dbres_int(o, 0, OC_LIST) : -1);
	if (rc == 0)
		rc = load_timeline(rq, run->id);
	if (rc == 0)
		rc = load_stances(rq, run->id);
	if (rc == 0)
		rc = load_plan(rq, run->id, &cx->ref, o, goals_saved, posted && !cx->signing);
	if (rc == 0)
		rc = load_promises(rq, run->id);
	if (rc == 0)
		rc = load_lessons(rq, run->id);
	if (rc < 0)
		return -1;
	return view_render(rq, run->rs, "reviews/show.cs");
}

static int write_write(struct db *db, struct fk_run *run)
{
	const struct fk_val *v = run->v;
	struct dbres *r = NULL;
	long long rid;
	char now[20];
	size_t i;
	int rc;

	clock_fmt_utc(run->rq->now, now);
	rc = DB_EXEC(db, ST_REVIEW_LOCK, &r, DBI(run->id));
	if (rc)
		return rc;
	if (r->nrows == 1) {
		rid = dbres_int(r, 0, 0);
		dbres_free(&r);
		rc = DB_EXEC(db, ST_REVIEW_UPDATE, NULL, DBS(v[W_LESSONS].s), DBI(run->rq->user.id), DBS(now), DBI(rid));
		if (rc == DB_OK)
			rc = DB_EXEC(db, ST_REVIEW_GOALS_DELETE, NULL, DBI(rid));
	} else {
		dbres_free(&r);
		rc = DB_EXEC(db, ST_REVIEW_INSERT, &r, DBI(run->id), DBS(v[W_LESSONS].s), DBI(run->rq->user.id), DBS(now));
		rid = rc == DB_OK ? (long long)r->insert_id : 0;
		dbres_free(&r);
	}
	for (i = 0; rc == DB_OK && i < v[W_GOALS].nrows; i++)
		rc = DB_EXEC(db, ST_REVIEW_GOAL_INSERT, NULL, DBI(rid), DBI((long long)i + 1),
		             DBS(v[W_GOALS].rows[i].v[G_GOAL].s), DBS(v[W_GOALS].rows[i].v[G_VERDICT].s));
	snprintf(run->detail, sizeof run->detail, "goals=%zu", v[W_GOALS].nrows);
	return rc;
}

static const struct fk_page write_page = {
	.form = &write_form, .load = review_load, .write = write_write, .render = review_render,
	.audit_action = "review.write", .audit_entity = "opportunity", .flash = "review_saved",
};

static int sign_write(struct db *db, struct fk_run *run)
{
	struct dbres *r = NULL;
	long long rid;
	char now[20];
	int rc;

	clock_fmt_utc(run->rq->now, now);
	rc = DB_EXEC(db, ST_REVIEW_LOCK, &r, DBI(run->id));
	if (rc)
		return rc;
	if (r->nrows != 1) {
		dbres_free(&r);
		fk_fail(run, NULL, "review.nothing_to_sign");
		return FK_INVALID;
	}
	rid = dbres_int(r, 0, 0);
	dbres_free(&r);
	return DB_EXEC(db, ST_REVIEW_SIGN, NULL, DBI(run->rq->user.id), DBS(now), DBS(run->v[S_COMMENT].s), DBI(rid));
}

static const struct fk_page sign_page = {
	.form = &sign_form, .load = review_load, .write = sign_write, .render = review_render,
	.audit_action = "review.sign", .audit_entity = "opportunity", .flash = "review_signed",
};

/* Runs page with a context; a user who may see but not write (or sign) gets a 404 for the POST. */
static int run_page(struct req *rq, struct resp *rs, const struct fk_page *page, int post, int signing)
{
	struct review_ctx cx = { .signing = signing };
	int rc;

	if (post) {
		/* Visible but not allowed: the same answer as invisible. */
		struct dbres *o = NULL;
		struct row_ref ref;
		int allowed;
		rc = opp_load(rq, rq->ids[0], &o, &ref);
		if (rc < 0)
			return -1;
		allowed = rc == 0 && (signing ? may_sign(&rq->user, &ref) : vis_can_edit(&rq->user, &ref));
		dbres_free(&o);
		if (!allowed) {
			resp_error(rs, rq, 404);
			return 0;
		}
		rc = fk_post(rq, rs, page, &cx);
	} else {
		rc = fk_get(rq, rs, page, &cx);
	}
	dbres_free(&cx.opp);
	return rc;
}

static int page_review_show(struct req *rq, struct resp *rs)
{
	return run_page(rq, rs, &write_page, 0, 0);
}

static int page_review_write(struct req *rq, struct resp *rs)
{
	return run_page(rq, rs, &write_page, 1, 0);
}

static int page_review_sign(struct req *rq, struct resp *rs)
{
	return run_page(rq, rs, &sign_page, 1, 1);
}

/* ------------------------------------------------------------------ list */

enum { L_STATUS, L_AFTER, L__N };
static const char *const list_statuses[] = { "won", "lost", NULL };
static const struct fk_field list_fields[L__N] = {
	[L_STATUS] = { "status", FK_CHOICE, .choices = list_statuses },
	[L_AFTER] = { "after", FK_INT, .min = 1, .max = 1LL << 62 },
};
static const struct fk_form list_form = { list_fields, L__N };

static int page_reviews(struct req *rq, struct resp *rs)
{
	struct fk_val q[L__N];
	struct dbres *r = NULL;
	struct vis_scope s;
	const char *status;
	char name[64];
	size_t i;

	memset(q, 0, sizeof q);
	if (fk_query_parse(&list_form, &rq->query, rq, q) < 0)
		return -1;
	status = q[L_STATUS].present && !q[L_STATUS].err ? q[L_STATUS].s : "";
	if (*status)
		view_set(rq, "Filter.status", status);
	vis_scope_for(&rq->user, &s);
	if (DB_EXEC(rq->app->db, ST_REVIEW_LIST, &r, VIS_PARAMS(&s), DBS(status), DBS(status), DBI(q[L_AFTER].i),
	            DBI(q[L_AFTER].i), DBI(REVIEW_PAGE + 1)) != DB_OK)
		return -1;
	for (i = 0; i < r->nrows && i < REVIEW_PAGE; i++) {
		view_setf(rq, dbres_get(r, i, 0), "Reviews.%zu.id", i);
		view_setf(rq, dbres_get(r, i, 1), "Reviews.%zu.title", i);
		view_setf(rq, dbres_get(r, i, 2), "Reviews.%zu.status", i);
		snprintf(name, sizeof name, "Reviews.%zu.status_label", i);
		opp_set_status_label(rq, name, dbres_get(r, i, 2));
		view_setf(rq, dbres_get(r, i, 3), "Reviews.%zu.customer_id", i);
		view_setf(rq, dbres_get(r, i, 4), "Reviews.%zu.customer", i);
		view_setf(rq, dbres_get(r, i, 5), "Reviews.%zu.owner", i);
		snprintf(name, sizeof name, "Reviews.%zu.closed", i);
		set_when(rq, name, dbres_get(r, i, 6));
		view_setf(rq, dbres_get(r, i, 7), "Reviews.%zu.signed", i);
		view_setf(rq, dbres_get(r, i, 8), "Reviews.%zu.signed_by", i);
	}
	if (r->nrows > REVIEW_PAGE)
		view_set(rq, "Page.next_after", dbres_get(r, REVIEW_PAGE - 1, 9));
	dbres_free(&r);
	return view_render(rq, rs, "reviews/list.cs");
}

/* The routes of this file; the dispatcher checks sign-in, CSRF and capability before a handler runs. */
static const struct route routes[] = {
	{ "GET", "/reviews",           page_reviews,      CAP_SALES, CSRF_NONE },
	{ "GET", "/reviews/:id",       page_review_show,  CAP_SALES, CSRF_NONE },
	{ "POST", "/reviews/:id",      page_review_write, CAP_SALES, CSRF_CHECK },
	{ "POST", "/reviews/:id/sign", page_review_sign,  CAP_SALES, CSRF_CHECK },
};
PAGE_ROUTES(routes);
