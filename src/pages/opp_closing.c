/* Closing and reopening an opportunity (docs/closing.md) — CAP_SALES, whoever may edit the opportunity
 * (the owner and the managers above it); anyone else gets a 404.
 *   GET  /opportunities/{id}/close     the closing form: won or lost, reasons, competitor, final price,
 *   POST /opportunities/{id}/close     the tactic that decided it; sets the status, final price and stage history
 *   GET  /opportunities/{id}/reopen    the reopening form: why
 *   POST /opportunities/{id}/reopen    status back to open; the closing keeps who reopened it and why
 * Both are audited in the same transaction. The plan's floor and any comparison with it reach only the
 * readers of the plan's confidential tier (secret_signal_visible); the list price is internal. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "auth/secrets.h"
#include "domain/closing.h"
#include "domain/plan.h"
#include "domain/units.h"
#include "form/page.h"
#include "http/router.h"
#include "pages/customer_common.h"
#include "pages/opp_common.h"
#include "pages/pages.h"
#include "util/clock.h"
#include "view/view.h"

const char *closing_label(const struct req *rq, const char *zh, const char *en)
{
	if (!strcmp(rq->lang, "en") && en && *en)
		return en;
	return zh ? zh : "";
}

int opp_floor(struct req *rq, long long opp_id, const struct row_ref *ref, long long *floor)
{
	struct dbres *p = NULL;
	struct plan_limits l;
	struct vis_scope s;
	char *plain = NULL;
	int rc;

	*floor = -1;
	if (!secret_signal_visible(&rq->user, SF_PLAN_CONFIDENTIAL, ref))
		return 0;
	vis_scope_for(&rq->user, &s);
	if (DB_EXEC(rq->app->db, ST_CLOSING_PLAN, &p, VIS_PARAMS(&s), DBI(opp_id)) != DB_OK)
		return -1;
	if (p->nrows == 1) {
		rc = secret_read(rq, SF_PLAN_CONFIDENTIAL, dbres_int(p, 0, 0), ref, dbres_get(p, 0, 1), &plain);
		if (rc == SECRET_ERR) {
			dbres_free(&p);
			return -1;
		}
		if (rc == SECRET_OK && plan_limits_parse(plain, NULL, &l) == 0)
			*floor = l.min_price;
		secret_release(&plain);
	}
	dbres_free(&p);
	return 0;
}

int opp_set_compare(struct req *rq, const char *prefix, long long final_price, long long reference,
                    const char *currency)
{
	static const char *const signs[] = { "below", "equal", "above" };
	struct price_cmp c;
	char out[64];

	closing_compare(final_price, reference, &c);
	if (!c.known)
		return 0;
	money_format(c.diff < 0 ? -c.diff : c.diff, currency, rq->lang, out, sizeof out);
	if (view_setf(rq, signs[c.sign + 1], "%s.sign", prefix) < 0 || view_setf(rq, out, "%s.diff", prefix) < 0)
		return -1;
	bp_format(c.bp < 0 ? -c.bp : c.bp, out, sizeof out);
	return view_setf(rq, out, "%s.pct", prefix);
}

/* Columns of ST_CLOSING_LIST. */
enum {
	KL_ID, KL_OUTCOME, KL_P_ZH, KL_P_EN, KL_S_ZH, KL_S_EN, KL_M_ZH, KL_M_EN, KL_FINAL, KL_TACTIC, KL_NOTES, KL_BY,
	KL_AT, KL_RE_BY, KL_RE_AT, KL_RE_WHY, KL_TACTIC_ID
};

int closings_for_opportunity(struct req *rq, long long opp_id, const struct row_ref *ref, const char *currency,
                             long long list_price)
{
	struct dbres *r = NULL;
	struct vis_scope s;
	long long floor = -1, final;
	char name[64];
	size_t i;
	int rc = 0;

	vis_scope_for(&rq->user, &s);
	if (DB_EXEC(rq->app->db, ST_CLOSING_LIST, &r, VIS_PARAMS(&s), DBI(opp_id)) != DB_OK)
		return -1;
	for (i = 0; i < r->nrows && rc == 0; i++) {
		const char *at = dbres_str(r, i, KL_RE_AT);
		view_setf(rq, dbres_get(r, i, KL_OUTCOME), "Opp.closings.%zu.outcome", i);
		snprintf(name, sizeof name, "Opp.closings.%zu.outcome_label", i);
		opp_set_status_label(rq, name, dbres_get(r, i, KL_OUTCOME));
		view_setf(rq, closing_label(rq, dbres_get(r, i, KL_P_ZH), dbres_get(r, i, KL_P_EN)),
		          "Opp.closings.%zu.primary", i);
		view_setf(rq, closing_label(rq, dbres_get(r, i, KL_S_ZH), dbres_get(r, i, KL_S_EN)),
		          "Opp.closings.%zu.secondary", i);
		view_setf(rq, closing_label(rq, dbres_get(r, i, KL_M_ZH), dbres_get(r, i, KL_M_EN)),
		          "Opp.closings.%zu.competitor", i);
		snprintf(name, sizeof name, "Opp.closings.%zu.final_price", i);
		opp_set_money(rq, name, dbres_get(r, i, KL_FINAL), currency);
		view_setf(rq, dbres_get(r, i, KL_TACTIC), "Opp.closings.%zu.tactic", i);
		view_setf(rq, dbres_get(r, i, KL_TACTIC_ID), "Opp.closings.%zu.tactic_id", i);
		view_setf(rq, dbres_get(r, i, KL_NOTES), "Opp.closings.%zu.notes", i);
		view_setf(rq, dbres_get(r, i, KL_BY), "Opp.closings.%zu.by", i);
		snprintf(name, sizeof name, "Opp.closings.%zu.at", i);
		set_when(rq, name, dbres_get(r, i, KL_AT));
		if (*at) {
			view_setf(rq, dbres_get(r, i, KL_RE_BY), "Opp.closings.%zu.reopened_by", i);
			snprintf(name, sizeof name, "Opp.closings.%zu.reopened_at", i);
			set_when(rq, name, at);
			view_setf(rq, dbres_get(r, i, KL_RE_WHY), "Opp.closings.%zu.reopen_reason", i);
			continue;
		}
		/* The current closing: its final price against the list price, and against the floor for
		 * those who may read the floor (for anyone else nothing about it is set). */
		final = dbres_get(r, i, KL_FINAL) ? dbres_int(r, i, KL_FINAL) : -1;
		snprintf(name, sizeof name, "Opp.closings.%zu.vs_list", i);
		rc = opp_set_compare(rq, name, final, list_price, currency);
		if (rc == 0 && final >= 0 && (rc = opp_floor(rq, opp_id, ref, &floor)) == 0 && floor >= 0) {
			char minor[24];
			snprintf(minor, sizeof minor, "%lld", floor);
			snprintf(name, sizeof name, "Opp.closings.%zu.floor", i);
			rc = opp_set_money(rq, name, minor, currency);
			snprintf(name, sizeof name, "Opp.closings.%zu.vs_floor", i);
			if (rc == 0)
				rc = opp_set_compare(rq, name, final, floor, currency);
		}
	}
	dbres_free(&r);
	return rc;
}

/* ------------------------------------------------------------------ closing */

static const char *const list_reason = "reason", *const list_competitor = "competitor";

struct close_ctx {
	struct dbres *opp;            /* ST_OPP_GET */
	struct row_ref ref;
	long long competitor_reason;  /* the id of the reason "competitor" when one was looked up */
};

enum { C_OUTCOME, C_PRIMARY, C_SECONDARY, C_COMPETITOR, C_FINAL, C_TACTIC, C_NOTES, C__N };

/* An active choice of list: 1 / 0 / -1; notes the reason "competitor". */
static int choice_lookup(struct fk_run *run, long long id, const char *list)
{
	struct close_ctx *cx = run->data;
	struct dbres *r = NULL;
	int ok;

	if (DB_EXEC(run->rq->app->db, ST_CLOSING_CHOICE_ACTIVE, &r, DBI(id), DBS(list)) != DB_OK)
		return -1;
	ok = r->nrows == 1;
	if (ok && !strcmp(dbres_str(r, 0, 1), "competitor"))
		cx->competitor_reason = id;
	dbres_free(&r);
	return ok;
}

static int reason_lookup(void *ctx, long long id)
{
	return choice_lookup(ctx, id, list_reason);
}

static int competitor_lookup(void *ctx, long long id)
{
	return choice_lookup(ctx, id, list_competitor);
}

static const struct fk_field close_fields[C__N] = {
	[C_OUTCOME] = { "outcome", FK_CHOICE, FK_REQUIRED, .choices = closing_outcomes },
	[C_PRIMARY] = { "primary_reason", FK_ID, FK_REQUIRED, .lookup = reason_lookup },
	[C_SECONDARY] = { "secondary_reason", FK_ID, .lookup = reason_lookup },
	[C_COMPETITOR] = { "competitor", FK_ID, .lookup = competitor_lookup },
	[C_FINAL] = { "final_price", FK_MONEY },
	[C_TACTIC] = { "tactic", FK_TEXT, .max = 500 },
	[C_NOTES] = { "notes", FK_LONGTEXT, .max = 5000 },
};
static const struct fk_form close_form = { close_fields, C__N };

/* The opportunity, visible and editable by this user. */
static int editable_opp(struct fk_run *run)
{
	struct close_ctx *cx = run->data;
	int rc = opp_load(run->rq, run->id, &cx->opp, &cx->ref);

	rc = require_editable(run->rq, run->rs, rc, &cx->opp, &cx->ref);
	snprintf(run->location, sizeof run->location, "/opportunities/%lld", run->id);
	return rc;
}

static int close_check(struct fk_run *run)
{
	struct close_ctx *cx = run->data;
	const struct fk_val *v = run->v;
	struct closing_input in;
	unsigned problems, p;

	if (!closing_can_close(dbres_get(cx->opp, 0, OC_STATUS)))
		fk_fail(run, NULL, "closing.not_open");
	if (v[C_OUTCOME].err || v[C_PRIMARY].err)
		return 0;
	in = (struct closing_input){
		.won = !strcmp(v[C_OUTCOME].s, "won"),
		.primary = v[C_PRIMARY].i,
		.secondary = v[C_SECONDARY].i,
		.primary_competitor = cx->competitor_reason && v[C_PRIMARY].i == cx->competitor_reason,
		.secondary_competitor = cx->competitor_reason && v[C_SECONDARY].i == cx->competitor_reason,
		.competitor = v[C_COMPETITOR].i,
		.final_price = v[C_FINAL].present && !v[C_FINAL].err ? v[C_FINAL].i : -1,
	};
	if (v[C_FINAL].err)
		in.final_price = 0;   /* already reported on the field */
	problems = closing_check(&in);
	for (p = 1; p <= CLOSING_PRICE_MISSING; p <<= 1)
		if (problems & p)
			fk_fail(run, closing_problem_field((enum closing_problem)p), closing_problem_key((enum closing_problem)p));
	return 0;
}

static int close_write(struct db *db, struct fk_run *run)
{
	const struct fk_val *v = run->v;
	struct dbres *r = NULL, *k = NULL;
	struct vis_scope s;
	const char *outcome = v[C_OUTCOME].s, *lost = "";
	struct dbp price = v[C_FINAL].present ? DBI(v[C_FINAL].i) : DBNULL;
	char now[20];
	int rc;

	clock_fmt_utc(run->rq->now, now);
	vis_scope_for(&run->rq->user, &s);
	rc = DB_EXEC(db, ST_OPP_LOCK, &r, VIS_PARAMS(&s), DBI(run->id));
	if (rc)
		return rc;
	if (r->nrows != 1 || !closing_can_close(dbres_get(r, 0, OC_STATUS))) {
		dbres_free(&r);
		fk_fail(run, NULL, "closing.not_open");
		return FK_INVALID;
	}
	if (!strcmp(outcome, "lost")) {
		/* The reason lost, as the lists and exports of opportunities show it. */
		rc = DB_EXEC(db, ST_CLOSING_CHOICE_GET, &k, DBI(v[C_PRIMARY].i));
		if (rc == DB_OK && k->nrows == 1)
			lost = dbres_str(k, 0, 3);
		if (rc == DB_OK && !*lost)
			lost = "-";
	}
	if (rc == DB_OK)
		rc = DB_EXEC(db, ST_CLOSING_CLOSE_OPP, NULL, DBS(outcome), price, DBS(lost), DBS(now), DBI(run->id));
	if (rc == DB_OK)
		rc = DB_EXEC(db, ST_OPP_STAGE_INSERT, NULL, DBI(run->id), DBI(dbres_int(r, 0, OC_STAGE)),
		             DBI(dbres_int(r, 0, OC_STAGE)), DBS(outcome), DBI(run->rq->user.id), DBS(now));
	if (rc == DB_OK)
		rc = DB_EXEC(db, ST_CLOSING_INSERT, NULL, DBI(run->id), DBS(outcome), DBI(v[C_PRIMARY].i),
		             v[C_SECONDARY].i ? DBI(v[C_SECONDARY].i) : DBNULL,
		             v[C_COMPETITOR].i ? DBI(v[C_COMPETITOR].i) : DBNULL, price, DBS(v[C_TACTIC].s), DBNULL,
		             DBS(v[C_NOTES].s), DBI(run->rq->user.id), DBS(now));
	dbres_free(&k);
	dbres_free(&r);
	/* The detail names the choices, never a price. */
	snprintf(run->detail, sizeof run->detail, "outcome=%s primary=%lld secondary=%lld competitor=%lld", outcome,
	         v[C_PRIMARY].i, v[C_SECONDARY].i, v[C_COMPETITOR].i);
	return rc;
}

/* Choices.<name>.N.{value,label} from one of the lists, active choices only. */
static int set_list_choices(struct req *rq, const char *list, const char *name)
{
	struct dbres *r = NULL;
	size_t i;

	if (DB_EXEC(rq->app->db, ST_CLOSING_CHOICES_ACTIVE, &r, DBS(list)) != DB_OK)
		return -1;
	for (i = 0; i < r->nrows; i++) {
		view_setf(rq, dbres_get(r, i, 0), "Choices.%s.%zu.value", name, i);
		view_setf(rq, closing_label(rq, dbres_get(r, i, 2), dbres_get(r, i, 3)), "Choices.%s.%zu.label", name, i);
	}
	dbres_free(&r);
	return 0;
}

/* The opportunity's facts on a closing or reopening form. */
static int set_opp_facts(struct req *rq, const struct dbres *o)
{
	const char *cur = dbres_get(o, 0, OC_CURRENCY);

	view_set(rq, "Form.id", dbres_get(o, 0, OC_ID));
	view_set(rq, "Form.title", dbres_get(o, 0, OC_TITLE));
	view_set(rq, "Form.customer_id", dbres_get(o, 0, OC_CUSTOMER));
	view_set(rq, "Form.customer_name", dbres_get(o, 0, OC_CNAME));
	view_set(rq, "Form.currency", cur);
	view_set(rq, "Form.status", dbres_get(o, 0, OC_STATUS));
	opp_set_status_label(rq, "Form.status_label", dbres_get(o, 0, OC_STATUS));
	opp_set_money(rq, "Form.list_price", dbres_get(o, 0, OC_LIST), cur);
	opp_set_money(rq, "Form.current_offer", dbres_get(o, 0, OC_CURRENT), cur);
	return 0;
}

static int close_render(struct fk_run *run)
{
	struct close_ctx *cx = run->data;
	struct req *rq = run->rq;
	const char *cur = dbres_get(cx->opp, 0, OC_CURRENCY);
	long long floor;
	char out[40];
	size_t i;

	set_opp_facts(rq, cx->opp);
	if (!closing_can_close(dbres_get(cx->opp, 0, OC_STATUS)))
		view_set(rq, "Form.closed", "1");
	for (i = 0; closing_outcomes[i]; i++) {
		view_setf(rq, closing_outcomes[i], "Choices.outcomes.%zu.value", i);
		view_setf(rq, view_str(rq, i ? "opp.status_lost" : "opp.status_won"), "Choices.outcomes.%zu.label", i);
	}
	if (set_list_choices(rq, list_reason, "reasons") < 0 || set_list_choices(rq, list_competitor, "competitors") < 0)
		return -1;
	/* The floor, on the form of those who may read it, for the price they are about to enter. */
	if (opp_floor(rq, run->id, &cx->ref, &floor) < 0)
		return -1;
	if (floor >= 0) {
		money_format(floor, cur, rq->lang, out, sizeof out);
		view_set(rq, "Form.floor", out);
	}
	if (!run->v && dbres_get(cx->opp, 0, OC_CURRENT)) {
		money_input(dbres_int(cx->opp, 0, OC_CURRENT), out, sizeof out);
		view_set(rq, "Form.values.final_price", out);
	}
	return view_render(rq, run->rs, "opportunities/close.cs");
}

static const struct fk_page close_page = {
	.form = &close_form, .load = editable_opp, .check = close_check, .write = close_write, .render = close_render,
	.audit_action = "opportunity.close", .audit_entity = "opportunity", .flash = "opp_closed",
};

static int with_ctx(struct req *rq, struct resp *rs, const struct fk_page *page, int post)
{
	struct close_ctx cx = { 0 };
	int rc = post ? fk_post(rq, rs, page, &cx) : fk_get(rq, rs, page, &cx);

	dbres_free(&cx.opp);
	return rc;
}

static int page_opportunity_close_form(struct req *rq, struct resp *rs)
{
	return with_ctx(rq, rs, &close_page, 0);
}

static int page_opportunity_close(struct req *rq, struct resp *rs)
{
	return with_ctx(rq, rs, &close_page, 1);
}

/* ------------------------------------------------------------------ reopening */

enum { R_REASON, R__N };
static const struct fk_field reopen_fields[R__N] = {
	[R_REASON] = { "reason", FK_TEXT, FK_REQUIRED, .min = 1, .max = 500 },
};
static const struct fk_form reopen_form = { reopen_fields, R__N };

static int reopen_check(struct fk_run *run)
{
	struct close_ctx *cx = run->data;

	if (!closing_can_reopen(dbres_get(cx->opp, 0, OC_STATUS)))
		fk_fail(run, NULL, "closing.not_closed");
	return 0;
}

static int reopen_write(struct db *db, struct fk_run *run)
{
	struct dbres *r = NULL;
	struct vis_scope s;
	char now[20];
	int rc;

	clock_fmt_utc(run->rq->now, now);
	vis_scope_for(&run->rq->user, &s);
	rc = DB_EXEC(db, ST_OPP_LOCK, &r, VIS_PARAMS(&s), DBI(run->id));
	if (rc)
		return rc;
	if (r->nrows != 1 || !closing_can_reopen(dbres_get(r, 0, OC_STATUS))) {
		dbres_free(&r);
		fk_fail(run, NULL, "closing.not_closed");
		return FK_INVALID;
	}
	snprintf(run->detail, sizeof run->detail, "from=%s", dbres_str(r, 0, OC_STATUS));
	rc = DB_EXEC(db, ST_CLOSING_REOPEN_OPP, NULL, DBS(now), DBI(run->id));
	if (rc == DB_OK)
		rc = DB_EXEC(db, ST_OPP_STAGE_INSERT, NULL, DBI(run->id), DBI(dbres_int(r, 0, OC_STAGE)),
		             DBI(dbres_int(r, 0, OC_STAGE)), DBS("open"), DBI(run->rq->user.id), DBS(now));
	if (rc == DB_OK)
		rc = DB_EXEC(db, ST_CLOSING_REOPEN, NULL, DBI(run->rq->user.id), DBS(now), DBS(run->v[R_REASON].s),
		             DBI(run->id));
	dbres_free(&r);
	return rc;
}

static int reopen_render(struct fk_run *run)
{
	struct close_ctx *cx = run->data;

	set_opp_facts(run->rq, cx->opp);
	if (!closing_can_reopen(dbres_get(cx->opp, 0, OC_STATUS)))
		view_set(run->rq, "Form.open", "1");
	return view_render(run->rq, run->rs, "opportunities/reopen.cs");
}

static const struct fk_page reopen_page = {
	.form = &reopen_form, .load = editable_opp, .check = reopen_check, .write = reopen_write,
	.render = reopen_render, .audit_action = "opportunity.reopen", .audit_entity = "opportunity",
	.flash = "opp_reopened",
};

static int page_opportunity_reopen_form(struct req *rq, struct resp *rs)
{
	return with_ctx(rq, rs, &reopen_page, 0);
}

static int page_opportunity_reopen(struct req *rq, struct resp *rs)
{
	return with_ctx(rq, rs, &reopen_page, 1);
}

/* The routes of this file; the dispatcher checks sign-in, CSRF and capability before a handler runs. */
static const struct route routes[] = {
	{ "GET", "/opportunities/:id/close",   page_opportunity_close_form,  CAP_SALES, CSRF_NONE },
	{ "POST", "/opportunities/:id/close",  page_opportunity_close,       CAP_SALES, CSRF_CHECK },
	{ "GET", "/opportunities/:id/reopen",  page_opportunity_reopen_form, CAP_SALES, CSRF_NONE },
	{ "POST", "/opportunities/:id/reopen", page_opportunity_reopen,      CAP_SALES, CSRF_CHECK },
};
PAGE_ROUTES(routes);
