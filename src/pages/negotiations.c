/* /negotiations… — the negotiation record (docs/records.md), sales roles (CAP_SALES).
 * A record is visible exactly when its customer is (VIS_SQL on the joined customer; vis_can_* on the
 * customer's row_ref); anything else is a 404.
 *   GET  /negotiations                  list: ?customer= &phase= &status= &late=1 &after=<last id>
 *   GET  /negotiations/new?customer_id=&opportunity_id=&plan_id=   empty form  } need the right to edit
 *   POST /negotiations                  create (303 to the record)              } the customer
 *   GET  /negotiations/{id}             show;  GET /negotiations/{id}/edit, POST /negotiations/{id} update
 *                                       (complete=1 also completes);  POST /negotiations/{id}/complete
 *   GET  /negotiations/{id}/print       the record laid out like the paper form (A4)
 * Repeatable lists use fields "<list>.<n>.<field>" (n = 0..49): add=<list> / remove=<list>.<n> re-render
 * the form with what was typed and save nothing; blank rows are ignored; a save replaces the lists that
 * changed in the same transaction as the record, its plan-limit flags and the audit entry.
 * Guardrails: the plan's limits (confidential bundle via secret_read, only for readers of the tier) are
 * checked by domain/guardrails.c; flags are stored without figures; the figures are recomputed on
 * display for readers of the tier, everyone else sees "outside the plan's limits".
 * Approvals: every concession row is sized by the approval policy with the opportunity's
 * cumulative figures (its approved requests and every concession given without one, in this record and
 * its others); a row that needs approval must name an approved request of the record's opportunity that
 * matches it and was approved by a long enough chain (concessions.<n>.request, stored in
 * negotiation_concessions.request_id, unique: a request is carried out once). Checked before the save
 * and again inside its transaction with the opportunity row locked; see check_concession_requests(). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "audit/audit.h"
#include "auth/secrets.h"
#include "auth/visibility.h"
#include "domain/approval.h"
#include "domain/directory.h"
#include "domain/guardrails.h"
#include "domain/plan.h"
#include "domain/record_concessions.h"
#include "domain/records.h"
#include "domain/units.h"
#include "domain/guard.h"
#include "form/page.h"
#include "http/fields.h"
#include "http/router.h"
#include "pages/approval_common.h"
#include "pages/customer_common.h"
#include "pages/entry.h"
#include "pages/pages.h"
#include "pages/pickers.h"
#include "util/clock.h"
#include "util/log.h"
#include "view/view.h"

#define NEG_PAGE 50
#define LROWS 50
#define LFIELDS 8
#define MAX_BREACHES 200

/* ------------------------------------------------------------------ the basic fields */

enum {
	BF_OPP, BF_PLAN, BF_HELD, BF_START, BF_END, BF_PLACE, BF_OURS, BF_THEIRS, BF_TYPE, BF_PHASE, BF_STATUS,
	BF_R_STRENGTHS, BF_R_IMPROVE, BF_R_RELATION, BF_R_STRATEGY, BF_R_MOMENTS, BF__N
};
static const struct field_spec basic_fields[BF__N] = {
	[BF_OPP] = { "opportunity_id", F_ID, 0, 0, 0, NULL },
	[BF_PLAN] = { "plan_id", F_ID, 0, 0, 0, NULL },
	[BF_HELD] = { "held_on", F_TEXT, 1, 1, 10, NULL },
	[BF_START] = { "start_time", F_TEXT, 1, 1, 8, NULL },
	[BF_END] = { "end_time", F_TEXT, 1, 1, 8, NULL },
	[BF_PLACE] = { "place", F_TEXT, 0, 0, 200, NULL },
	[BF_OURS] = { "our_participants", F_TEXT, 0, 0, 2000, NULL },
	[BF_THEIRS] = { "their_participants", F_TEXT, 0, 0, 2000, NULL },
	[BF_TYPE] = { "type", F_CHOICE, 1, 0, 0, rec_types },
	[BF_PHASE] = { "phase", F_CHOICE, 1, 0, 0, rec_phases },
	[BF_STATUS] = { "status", F_CHOICE, 1, 0, 0, rec_statuses },
	[BF_R_STRENGTHS] = { "review_strengths", F_TEXT, 0, 0, 5000, NULL },
	[BF_R_IMPROVE] = { "review_improve", F_TEXT, 0, 0, 5000, NULL },
	[BF_R_RELATION] = { "review_relationship", F_TEXT, 0, 0, 5000, NULL },
	[BF_R_STRATEGY] = { "review_strategy", F_TEXT, 0, 0, 5000, NULL },
	[BF_R_MOMENTS] = { "review_moments", F_TEXT, 0, 0, 5000, NULL },
};

/* Column positions of NEG_COLS (db/stmts_negotiations.def). */
enum {
	NC_ID, NC_CUSTOMER, NC_OPP, NC_PLAN, NC_HELD, NC_START, NC_END, NC_ENDED, NC_PLACE, NC_OURS, NC_THEIRS, NC_TYPE,
	NC_PHASE, NC_STATUS, NC_R_STRENGTHS, NC_R_IMPROVE, NC_R_RELATION, NC_R_STRATEGY, NC_R_MOMENTS, NC_COMPLETED,
	NC_OWNER, NC_CREATED, NC_UPDATED, NC_CNAME, NC_C_OWNER, NC_C_TEAM, NC_C_REGION, NC_C_SHARED, NC_CURRENCY,
	NC_OWNER_NAME, NC_OPP_TITLE, NC_PLAN_TOPIC, NC_REVISION
};
/* basic field i ↔ its column (BF_PLACE … BF_R_MOMENTS, plus the first five) */
static const int basic_col[BF__N] = {
	[BF_OPP] = NC_OPP, [BF_PLAN] = NC_PLAN, [BF_HELD] = NC_HELD, [BF_START] = NC_START, [BF_END] = NC_END,
	[BF_PLACE] = NC_PLACE, [BF_OURS] = NC_OURS, [BF_THEIRS] = NC_THEIRS, [BF_TYPE] = NC_TYPE,
	[BF_PHASE] = NC_PHASE, [BF_STATUS] = NC_STATUS, [BF_R_STRENGTHS] = NC_R_STRENGTHS,
	[BF_R_IMPROVE] = NC_R_IMPROVE, [BF_R_RELATION] = NC_R_RELATION, [BF_R_STRATEGY] = NC_R_STRATEGY,
	[BF_R_MOMENTS] = NC_R_MOMENTS,
};

/* ------------------------------------------------------------------ the repeatable lists */

enum lf_kind { LF_TEXT, LF_CHOICE, LF_MONEY, LF_BP, LF_DAYS, LF_NEED, LF_DATE, LF_USER, LF_BOOL, LF_REQ };
struct lfield {
	const char *name;
	enum lf_kind kind;
	int required;
	int max;                       /* LF_TEXT: characters */
	const char *const *choices;    /* LF_CHOICE */
	const char *dflt;              /* LF_CHOICE: stored when left blank (not required) */
	const char *label;             /* LF_CHOICE: language prefix of the labels */
};
struct lspec {
	const char *name;
	const struct lfield *f;
	size_t nf;
	enum stmt_id sel, del, ins;
	int named_owner;               /* the select adds id and the owner's name after the fields */
};

static const struct lfield f_needs[] = {
	{ "text", LF_TEXT, 1, 1000, NULL, NULL, NULL },
	{ "urgency", LF_CHOICE, 1, 0, rec_urgencies, NULL, "rec.urgency" },
	{ "topic", LF_CHOICE, 0, 0, rec_need_topics, "other", "rec.topic" },
};
static const struct lfield f_objections[] = {
	{ "quote", LF_TEXT, 1, 1000, NULL, NULL, NULL },
	{ "type", LF_CHOICE, 1, 0, rec_objection_types, NULL, "rec.otype" },
	{ "response", LF_TEXT, 0, 5000, NULL, NULL, NULL },
	{ "result", LF_CHOICE, 0, 0, rec_objection_results, "unresolved", "rec.result" },
	{ "owner", LF_USER, 0, 0, NULL, NULL, NULL },
	{ "follow_up", LF_TEXT, 0, 5000, NULL, NULL, NULL },
};
static const struct lfield f_proposals[] = {
	{ "text", LF_TEXT, 1, 1000, NULL, NULL, NULL },
	{ "need", LF_NEED, 0, 0, NULL, NULL, NULL },
};
static const struct lfield f_terms[] = {
	{ "term", LF_CHOICE, 1, 0, rec_term_kinds, NULL, "rec.term" },
	{ "ours", LF_TEXT, 0, 1000, NULL, NULL, NULL },
	{ "theirs", LF_TEXT, 0, 1000, NULL, NULL, NULL },
	{ "agreed", LF_BOOL, 0, 0, NULL, NULL, NULL },
	{ "price", LF_MONEY, 0, 0, NULL, NULL, NULL },
	{ "discount", LF_BP, 0, 0, NULL, NULL, NULL },
	{ "payment_days", LF_DAYS, 0, 0, NULL, NULL, NULL },
};
static const struct lfield f_concessions[] = {
	{ "term", LF_CHOICE, 1, 0, rec_concession_terms, NULL, "rec.cterm" },
	{ "from", LF_TEXT, 0, 200, NULL, NULL, NULL },
	{ "to", LF_TEXT, 0, 200, NULL, NULL, NULL },
	{ "value", LF_MONEY, 0, 0, NULL, NULL, NULL },
	{ "discount", LF_BP, 0, 0, NULL, NULL, NULL },
	{ "payment_days", LF_DAYS, 0, 0, NULL, NULL, NULL },
	{ "counter", LF_TEXT, 0, 1000, NULL, NULL, NULL },
	{ "request", LF_REQ, 0, 0, NULL, NULL, NULL },   /* the approved concession request it carries out */
};
static const struct lfield f_agreements[] = {
	{ "text", LF_TEXT, 1, 1000, NULL, NULL, NULL },
};
static const struct lfield f_disagreements[] = {
	{ "text", LF_TEXT, 1, 1000, NULL, NULL, NULL },
	{ "reason", LF_TEXT, 1, 1000, NULL, NULL, NULL },
};
static const struct lfield f_actions[] = {
	{ "what", LF_TEXT, 1, 1000, NULL, NULL, NULL },
	{ "owner", LF_USER, 1, 0, NULL, NULL, NULL },
	{ "due", LF_DATE, 1, 0, NULL, NULL, NULL },
	{ "deliverable", LF_TEXT, 1, 1000, NULL, NULL, NULL },
};
static const struct lfield f_attitudes[] = {
	{ "person", LF_TEXT, 1, 200, NULL, NULL, NULL },
	{ "observation", LF_TEXT, 1, 1000, NULL, NULL, NULL },
};

enum { L_NEEDS, L_OBJECTIONS, L_PROPOSALS, L_TERMS, L_CONCESSIONS, L_AGREEMENTS, L_DISAGREEMENTS, L_ACTIONS,
       L_ATTITUDES, L__N };
#define LS(n, arr, p, own) { n, arr, sizeof arr / sizeof arr[0], ST_NEG_##p, ST_NEG_##p##_DEL, ST_NEG_##p##_INS, own }
static const struct lspec lists[L__N] = {
	[L_NEEDS] = LS("needs", f_needs, NEEDS, 0),
	[L_OBJECTIONS] = LS("objections", f_objections, OBJECTIONS, 1),
	[L_PROPOSALS] = LS("proposals", f_proposals, PROPOSALS, 0),
	[L_TERMS] = LS("terms", f_terms, TERMS, 0),
	[L_CONCESSIONS] = LS("concessions", f_concessions, CONCESSIONS, 0),
	[L_AGREEMENTS] = LS("agreements", f_agreements, AGREEMENTS, 0),
	[L_DISAGREEMENTS] = LS("disagreements", f_disagreements, DISAGREEMENTS, 0),
	[L_ACTIONS] = LS("actions", f_actions, ACTIONS, 1),
	[L_ATTITUDES] = LS("attitudes", f_attitudes, ATTITUDES, 0),
};
/* Field positions used by name. */
enum { TF_PRICE = 4, TF_DISCOUNT = 5, TF_DAYS = 6 };
enum { CF_TERM = 0, CF_VALUE = 3, CF_DISCOUNT = 4, CF_DAYS = 5, CF_COUNTER = 6, CF_REQUEST = 7 };
enum { AF_WHAT, AF_OWNER, AF_DUE, AF_DELIVERABLE };

struct lrow {
	const char *v[LFIELDS];   /* text as typed/stored ("" when none) */
	long long n[LFIELDS];     /* numbers: minor units, bp, days, ids, 0/1; -1 none */
	int blank;
};
struct llist {
	size_t n;
	struct lrow r[LROWS];
};

/* The users an action or objection can be assigned to: those who may be given work on the customer
 * (domain/directory.c). */
struct users {
	struct directory d;
};

/* ------------------------------------------------------------------ input */

struct neg_input {
	struct field_val v[BF__N];
	struct llist l[L__N];
	size_t saved[L__N];        /* non-blank rows of each list */
	char ended[20];            /* UTC DATETIME */
	int complete;              /* complete=1 was posted with the save */
	int has_revision;          /* the form named the revision it was opened at … */
	long long revision;        /* … this one */
};

static const char *form_get(struct req *rq, const char *name)
{
	const char *s = req_form(rq, name);

	return s ? s : "";
}

/* Reads list li's rows from the form in submitted order (n = 0..49), dropping remove=<list>.<n>. */
static void list_read(struct req *rq, size_t li, struct llist *out)
{
	const struct lspec *sp = &lists[li];
	const char *rm = req_form(rq, "remove");
	char name[80];
	size_t n, f;

	out->n = 0;
	for (n = 0; n < LROWS; n++) {
		int present = 0;
		struct lrow *row = &out->r[out->n];
		for (f = 0; f < sp->nf; f++) {
			snprintf(name, sizeof name, "%s.%zu.%s", sp->name, n, sp->f[f].name);
			if (kv_count(&rq->form, name) > 0)
				present = 1;
			row->v[f] = form_get(rq, name);
			row->n[f] = -1;
		}
		if (!present)
			continue;
		snprintf(name, sizeof name, "%s.%zu", sp->name, n);
		if (rm && strcmp(rm, name) == 0)
			continue;
		row->blank = rec_row_blank(row->v, sp->nf);
		/* an action row offers the writer as owner: with nothing else typed it is still blank */
		if (li == L_ACTIONS && !row->blank && rec_blank(row->v[AF_WHAT]) && rec_blank(row->v[AF_DUE]) &&
		    rec_blank(row->v[AF_DELIVERABLE]))
			row->blank = 1;
		out->n++;
	}
}

static void row_error(struct req *rq, size_t li, size_t i, const char *field, const char *key)
{
	char name[96];

	snprintf(name, sizeof name, "Form.rows.%s.%zu.err.%s", lists[li].name, i, field);
	view_set(rq, name, view_str(rq, key));
}

/* Validates the non-blank rows of list li; errors go to Form.rows.<list>.<i>.err.<field>. What is typed
 * must always be well-formed; a draft may leave required fields of a row empty (the meeting is still
 * going), completion may not (complete). */
static int list_validate(struct req *rq, size_t li, struct llist *l, const struct users *users, int complete)
{
	const struct lspec *sp = &lists[li];
	size_t i, f;
	int bad = 0;

	for (i = 0; i < l->n; i++) {
		struct lrow *row = &l->r[i];
		if (row->blank)
			continue;
		for (f = 0; f < sp->nf; f++) {
			const struct lfield *fd = &sp->f[f];
			const char *s = row->v[f];
			const char *err = NULL;
			long long x;
			int y, m, d;
			if (rec_blank(s)) {
				if (fd->kind == LF_CHOICE && !fd->required)
					row->v[f] = fd->dflt;
				else if (fd->kind == LF_BOOL)
					row->n[f] = 0;
				else if (fd->required && li != L_ACTIONS && complete)
					err = "rec.required";
				if (err) {
					row_error(rq, li, i, fd->name, err);
					bad++;
				}
				continue;
			}
			switch (fd->kind) {
			case LF_TEXT:
				if (utf8_chars(s) > fd->max)
					err = "rec.too_long";
				break;
			case LF_CHOICE:
				if (!rec_choice_ok(fd->choices, s))
					err = "rec.bad_choice";
				break;
			case LF_MONEY:
				if (money_parse(s, &x) < 0)
					err = "rec.bad_money";
				else
					row->n[f] = x;
				break;
			case LF_BP:
				if (bp_parse(s, &x) < 0)
					err = "rec.bad_percent";
				else
					row->n[f] = x;
				break;
			case LF_DAYS:
				if (parse_int64(s, 0, 3650, &x) < 0)
					err = "rec.bad_days";
				else
					row->n[f] = x;
				break;
			case LF_NEED:
				break;   /* validate_proposals(), once the needs are counted */
			case LF_DATE:
				if (date_parse(s, &y, &m, &d) < 0)
					err = "rec.bad_date";
				break;
			case LF_USER:
				if (parse_id(s, strlen(s), &x) < 0 || !dir_has(&users->d, x))
					err = "rec.bad_user";
				else
					row->n[f] = x;
				break;
			case LF_BOOL:
				row->n[f] = strcmp(s, "1") == 0;
				break;
			case LF_REQ:
				if (parse_id(s, strlen(s), &x) < 0)
					err = "conc.err.record_bad_request";
				else
					row->n[f] = x;
				break;
			}
			if (err) {
				row_error(rq, li, i, fd->name, err);
				bad++;
			}
		}
		if (li == L_ACTIONS && complete) {
			/* Vague actions are refused: what, owner, due date and deliverable, each named. */
			unsigned miss = rec_action_check(row->v[AF_WHAT], row->n[AF_OWNER] > 0 ? row->n[AF_OWNER] : 0,
			                                 row->v[AF_DUE], row->v[AF_DELIVERABLE]);
			static const size_t field_of[] = { [REC_ACTION_NO_WHAT] = AF_WHAT, [REC_ACTION_NO_OWNER] = AF_OWNER,
				                           [REC_ACTION_NO_DUE] = AF_DUE, [REC_ACTION_BAD_DUE] = AF_DUE,
				                           [REC_ACTION_NO_DELIVERABLE] = AF_DELIVERABLE };
			enum rec_action_err e;
			for (e = REC_ACTION_NO_WHAT; e <= REC_ACTION_NO_DELIVERABLE; e++) {
				if (!(miss & (1u << e)))
					continue;
				/* a bad owner/date was reported above already */
				if ((e == REC_ACTION_NO_OWNER && !rec_blank(row->v[AF_OWNER])) || e == REC_ACTION_BAD_DUE)
					continue;
				row_error(rq, li, i, sp->f[field_of[e]].name, rec_action_err_key(e));
				bad++;
			}
			if (miss)
				view_set(rq, "Form.errors.actions", view_str(rq, "rec.action_vague"));
		}
	}
	return bad;
}

/* Form.rows.<list>.<k>.<field> for the typed rows (renumbered), plus an empty one when add_empty. */
static void list_show_typed(struct req *rq, size_t li, const struct llist *l, int add_empty)
{
	const struct lspec *sp = &lists[li];
	char name[96];
	size_t i, f;

	for (i = 0; i < l->n; i++)
		for (f = 0; f < sp->nf; f++) {
			snprintf(name, sizeof name, "Form.rows.%s.%zu.%s", sp->name, i, sp->f[f].name);
			view_set(rq, name, l->r[i].v[f] ? l->r[i].v[f] : "");
		}
	if (add_empty || l->n == 0) {
		snprintf(name, sizeof name, "Form.rows.%s.%zu.%s", sp->name, l->n, sp->f[0].name);
		view_set(rq, name, "");
	}
}

/* Reads and validates everything. Returns the number of problems (0: ready to save). */
static int read_input(struct req *rq, struct neg_input *in, const struct users *users)
{
	int ok[BF__N] = { 0 }, bad = 0, y, m, d;
	size_t i;
	time_t ended;

	in->has_revision = entry_revision(rq, &in->revision);

	form_keep(rq, basic_fields, BF__N);
	for (i = 0; i < BF__N; i++) {
		ok[i] = form_validate(rq, &basic_fields[i], 1, &in->v[i]) == 0;
		bad += !ok[i];
	}
	if (ok[BF_HELD] && date_parse(in->v[BF_HELD].s, &y, &m, &d) < 0) {
		view_form_error(rq, "held_on", "rec.bad_date");
		ok[BF_HELD] = 0;
		bad++;
	}
	if (ok[BF_START] && rec_time_parse(in->v[BF_START].s) < 0) {
		view_form_error(rq, "start_time", "rec.bad_time");
		ok[BF_START] = 0;
		bad++;
	}
	if (ok[BF_END] && rec_time_parse(in->v[BF_END].s) < 0) {
		view_form_error(rq, "end_time", "rec.bad_time");
		ok[BF_END] = 0;
		bad++;
	}
	if (ok[BF_START] && ok[BF_END] && !rec_times_ok(in->v[BF_START].s, in->v[BF_END].s)) {
		view_form_error(rq, "end_time", "rec.end_before_start");
		ok[BF_END] = 0;
		bad++;
	}
	in->ended[0] = '\0';
	if (ok[BF_HELD] && ok[BF_END] &&
	    rec_ended_at(in->v[BF_HELD].s, in->v[BF_END].s, rq->user.tz[0] ? rq->user.tz : "Asia/Shanghai", &ended) == 0)
		clock_fmt_utc(ended, in->ended);
	for (i = 0; i < L__N; i++)
		list_read(rq, i, &in->l[i]);
	for (i = 0; i < L__N; i++) {
		size_t k;
		bad += list_validate(rq, i, &in->l[i], users, in->complete);
		in->saved[i] = 0;
		for (k = 0; k < in->l[i].n; k++)
			in->saved[i] += !in->l[i].r[k].blank;
	}
	return bad;
}

/* Proposals are validated once the number of needs is known (re-run for that list only). */
static int validate_proposals(struct req *rq, struct neg_input *in)
{
	size_t i;
	int bad = 0;

	for (i = 0; i < in->l[L_PROPOSALS].n; i++) {
		struct lrow *row = &in->l[L_PROPOSALS].r[i];
		long long x;
		if (row->blank || rec_blank(row->v[1]))
			continue;
		row->n[1] = -1;
		if (parse_int64(row->v[1], 1, (long long)in->saved[L_NEEDS], &x) < 0) {
			row_error(rq, L_PROPOSALS, i, "need", "rec.bad_need");
			bad++;
		} else {
			row->n[1] = x;
		}
	}
	return bad;
}

/* ------------------------------------------------------------------ choices and labels */

static void set_choices(struct req *rq)
{
	set_choice_list(rq, "Choices.types", rec_types, "rec.type");
	set_choice_list(rq, "Choices.phases", rec_phases, "rec.phase");
	set_choice_list(rq, "Choices.statuses", rec_statuses, "rec.status");
	set_choice_list(rq, "Choices.urgency", rec_urgencies, "rec.urgency");
	set_choice_list(rq, "Choices.topic", rec_need_topics, "rec.topic");
	set_choice_list(rq, "Choices.otype", rec_objection_types, "rec.otype");
	set_choice_list(rq, "Choices.result", rec_objection_results, "rec.result");
	set_choice_list(rq, "Choices.term", rec_term_kinds, "rec.term");
	set_choice_list(rq, "Choices.cterm", rec_concession_terms, "rec.cterm");
}

static int load_users(struct req *rq, const struct row_ref *customer, long long customer_id, struct users *u)
{
	return dir_assignable(rq->app->db, customer, customer_id, &u->d);
}

/* Users, the customer's opportunities and plans for the form's selects. */
static int set_form_choices(struct req *rq, long long customer_id, const struct users *u)
{
	struct dbres *r = NULL;
	struct vis_scope s;
	size_t i;

	set_choices(rq);
	for (i = 0; i < u->d.n; i++) {
		char name[48];
		snprintf(name, sizeof name, "Choices.users.%zu.id", i);
		view_set_int(rq, name, dir_id(&u->d, i));
		view_setf(rq, dir_name(&u->d, i), "Choices.users.%zu.name", i);
	}
	vis_scope_for(&rq->user, &s);
	if (DB_EXEC(rq->app->db, ST_NEG_OPPS, &r, VIS_PARAMS(&s), DBI(customer_id)) != DB_OK)
		return -1;
	for (i = 0; i < r->nrows; i++) {
		view_setf(rq, dbres_get(r, i, 0), "Choices.opps.%zu.id", i);
		view_setf(rq, dbres_get(r, i, 1), "Choices.opps.%zu.title", i);
	}
	dbres_free(&r);
	if (DB_EXEC(rq->app->db, ST_NEG_PLANS, &r, VIS_PARAMS(&s), DBI(customer_id)) != DB_OK)
		return -1;
	for (i = 0; i < r->nrows; i++) {
		view_setf(rq, dbres_get(r, i, 0), "Choices.plans.%zu.id", i);
		view_setf(rq, dbres_get(r, i, 1), "Choices.plans.%zu.topic", i);
		view_setf(rq, dbres_get(r, i, 2), "Choices.plans.%zu.opp", i);
	}
	dbres_free(&r);
	if (DB_EXEC(rq->app->db, ST_NEG_CONTACTS, &r, VIS_PARAMS(&s), DBI(customer_id)) != DB_OK)
		return -1;
	for (i = 0; i < r->nrows; i++) {
		const char *title = dbres_get(r, i, 1);
		char who[256];
		if (title && *title)
			snprintf(who, sizeof who, "%s (%s)", dbres_get(r, i, 0), title);
		else
			snprintf(who, sizeof who, "%s", dbres_get(r, i, 0));
		view_setf(rq, who, "Choices.contacts.%zu", i);
	}
	dbres_free(&r);
	if (DB_EXEC(rq->app->db, ST_NEG_APPROVED_REQUESTS, &r, VIS_PARAMS(&s), DBI(customer_id)) != DB_OK)
		return -1;
	for (i = 0; i < r->nrows; i++) {
		char key[64], amount[64], pct[32];
		snprintf(key, sizeof key, "rec.cterm.%s", dbres_get(r, i, 1));
		money_format(dbres_int(r, i, 2), dbres_get(r, i, 3), rq->lang, amount, sizeof amount);
		bp_format(dbres_get(r, i, 4) ? dbres_int(r, i, 4) : 0, pct, sizeof pct);
		view_setf(rq, dbres_get(r, i, 0), "Choices.requests.%zu.id", i);
		view_setf(rq, view_str(rq, key), "Choices.requests.%zu.term", i);
		view_setf(rq, amount, "Choices.requests.%zu.amount", i);
		view_setf(rq, pct, "Choices.requests.%zu.discount", i);
		view_setf(rq, dbres_get(r, i, 5), "Choices.requests.%zu.opp", i);
		view_setf(rq, dbres_get(r, i, 6), "Choices.requests.%zu.opp_id", i);
	}
	dbres_free(&r);
	return 0;
}

static int render_form(struct req *rq, struct resp *rs, long long id, long long customer_id, const char *customer_name,
                       const struct users *u)
{
	if (set_form_choices(rq, customer_id, u) < 0)
		return -1;
	if (id)
		view_set_int(rq, "Form.id", id);
	view_set_int(rq, "Form.customer_id", customer_id);
	view_set(rq, "Form.customer_name", customer_name);
	return view_render(rq, rs, "negotiations/form.cs");
}

/* ------------------------------------------------------------------ loading stored lists */

/* The rows of list li in r (its columns in the order of lists[li].f) as numbers and text. The strings
 * point into r. */
static void list_parse(size_t li, const struct dbres *r, struct llist *out)
{
	const struct lspec *sp = &lists[li];
	size_t i, f;

	out->n = 0;
	for (i = 0; i < r->nrows && i < LROWS; i++) {
		struct lrow *row = &out->r[out->n++];
		row->blank = 0;
		for (f = 0; f < sp->nf; f++) {
			const char *c = dbres_get(r, i, f);
			row->v[f] = c ? c : "";
			row->n[f] = -1;
			switch (sp->f[f].kind) {
			case LF_MONEY: case LF_BP: case LF_DAYS: case LF_NEED: case LF_USER: case LF_BOOL: case LF_REQ:
				if (c)
					row->n[f] = dbres_int(r, i, f);
				row->v[f] = "";
				break;
			default:
				break;
			}
		}
	}
}

/* The stored rows of list li (for comparing and for the guardrails). The strings point into *keep,
 * which the caller frees. */
static int list_load(struct req *rq, struct db *db, size_t li, long long id, struct llist *out, struct dbres **keep)
{
	struct vis_scope s;

	vis_scope_for(&rq->user, &s);
	*keep = NULL;
	out->n = 0;
	if (DB_EXEC(db, lists[li].sel, keep, VIS_PARAMS(&s), DBI(id)) != DB_OK)
		return -1;
	list_parse(li, *keep, out);
	return 0;
}

/* Row order for ST_NEG_CHILDREN: list index, then position. */
static const struct dbres *sort_res;

static int cmp_child(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	long long lx = dbres_int(sort_res, x, 0), ly = dbres_int(sort_res, y, 0);

	if (lx != ly)
		return lx < ly ? -1 : 1;
	lx = dbres_int(sort_res, x, 1);
	ly = dbres_int(sort_res, y, 1);
	return lx < ly ? -1 : lx > ly;
}

/* Every list of a record in one query (ST_NEG_CHILDREN: list index, position, then the list's own
 * columns), cut into one result per list in entry order. Only for a record fetched through load_rec
 * in this request (the statement reads by record id alone). The slices' cells point into *all; free
 * the slices with free_slices() before dbres_free(all). */
static int lists_load_all(struct req *rq, long long id, struct dbres **all, struct dbres sl[L__N])
{
	struct dbp p[NEG_CHILDREN_LISTS];
	size_t i, li, start = 0, *order;

	_Static_assert(NEG_CHILDREN_LISTS == L__N, "ST_NEG_CHILDREN has a branch per list");
	memset(sl, 0, L__N * sizeof *sl);
	for (i = 0; i < NEG_CHILDREN_LISTS; i++)
		p[i] = DBI(id);
	if (db_exec(rq->app->db, ST_NEG_CHILDREN, p, sizeof p / sizeof p[0], all) != DB_OK)
		return -1;
	order = malloc(((*all)->nrows ? (*all)->nrows : 1) * sizeof *order);
	if (!order)
		return -1;
	for (i = 0; i < (*all)->nrows; i++)
		order[i] = i;
	sort_res = *all;
	qsort(order, (*all)->nrows, sizeof *order, cmp_child);
	sort_res = NULL;
	for (li = 0; li < L__N; li++) {
		struct dbres *out = &sl[li];
		size_t n = 0, k, f, nc = (*all)->ncols;

		while (start + n < (*all)->nrows && dbres_int(*all, order[start + n], 0) == (long long)li)
			n++;
		out->nrows = n;
		out->ncols = nc - 2;
		if (n) {
			out->cells = calloc(n * out->ncols, sizeof *out->cells);
			if (!out->cells) {
				free(order);
				return -1;
			}
			for (k = 0; k < n; k++)
				for (f = 0; f < out->ncols; f++)
					out->cells[k * out->ncols + f] = (*all)->cells[order[start + k] * nc + 2 + f];
		}
		start += n;
	}
	free(order);
	return 0;
}

static void free_slices(struct dbres sl[L__N])
{
	size_t li;

	for (li = 0; li < L__N; li++) {
		free(sl[li].cells);
		sl[li].cells = NULL;
	}
}

/* Whether row a (typed) and row b (stored) of list li hold the same values. */
static int row_same(size_t li, const struct lrow *a, const struct lrow *b)
{
	const struct lspec *sp = &lists[li];
	size_t f;

	for (f = 0; f < sp->nf; f++) {
		switch (sp->f[f].kind) {
		case LF_MONEY: case LF_BP: case LF_DAYS: case LF_NEED: case LF_USER: case LF_BOOL: case LF_REQ:
			if (a->n[f] != b->n[f])
				return 0;
			break;
		default:
			if (strcmp(a->v[f] ? a->v[f] : "", b->v[f] ? b->v[f] : ""))
				return 0;
		}
	}
	return 1;
}

/* The input's saved (non-blank) rows compared with stored ones. */
static int list_changed(size_t li, const struct llist *in, const struct llist *old)
{
	size_t i, k = 0;

	for (i = 0; i < in->n; i++) {
		const struct lrow *a = &in->r[i];
		if (a->blank)
			continue;
		if (k >= old->n || !row_same(li, a, &old->r[k++]))
			return 1;
	}
	return k != old->n;
}

/* ------------------------------------------------------------------ plan limits and flags */

/* The plan's limits as the user may read them: the ladder step (plain) always, the confidential bottom
 * lines only for readers of the tier (secret_read: audited). *conf = 1 when those were read.
 * Must run outside a transaction. 0, -1 error. */
static int plan_limits_for(struct req *rq, const struct dbres *plan, const struct row_ref *ref,
                           struct plan_limits *l, int *conf)
{
	char *plain = NULL;
	int rc;

	plan_limits_clear(l);
	*conf = 0;
	if (!plan)
		return 0;
	if (tier_can_read(&rq->user, ref, TIER_CONFIDENTIAL)) {
		rc = secret_read(rq, SF_PLAN_CONFIDENTIAL, dbres_int(plan, 0, 0), ref, dbres_get(plan, 0, 3), &plain);
		if (rc == SECRET_OK) {
			if (plan_limits_parse(plain, NULL, l) == 0)
				*conf = 1;
			else
				plan_limits_clear(l);
		} else if (rc == SECRET_EMPTY) {
			*conf = 1;
		} else if (rc == SECRET_ERR) {
			return -1;
		}
		secret_release(&plain);
	}
	if (dbres_get(plan, 0, 2))
		l->ladder_step_bp = dbres_int(plan, 0, 2);
	return 0;
}

/* Breaches of the terms and concessions in the two lists (saved rows only, in saved order). */
static size_t breaches_of(const struct plan_limits *l, int have_plan, const struct llist *terms,
                          const struct llist *conc, struct gr_breach *out)
{
	struct gr_term t[LROWS];
	struct gr_concession c[LROWS];
	size_t i, nt = 0, nc = 0, n;

	for (i = 0; i < terms->n; i++) {
		const struct lrow *r = &terms->r[i];
		if (r->blank)
			continue;
		t[nt++] = (struct gr_term){ r->n[TF_PRICE], r->n[TF_DISCOUNT], r->n[TF_DAYS] };
	}
	for (i = 0; i < conc->n; i++) {
		const struct lrow *r = &conc->r[i];
		if (r->blank)
			continue;
		c[nc++] = (struct gr_concession){ r->n[CF_DISCOUNT], r->n[CF_DAYS], !rec_blank(r->v[CF_COUNTER]) };
	}
	n = gr_check(have_plan ? l : NULL, t, nt, c, nc, out, MAX_BREACHES);
	return n < MAX_BREACHES ? n : MAX_BREACHES;
}

/* ------------------------------------------------------------------ writing */

struct neg_tx {
	struct req *rq;
	struct neg_input *in;
	long long id, customer_id, opp_id, plan_id;
	struct gr_breach *br;
	size_t nbr;
	int limits_known;           /* the confidential limits were read: replace every flag */
	const struct plan_limits *blim;   /* the bottom lines the concession rows may breach (NULL: no plan) */
	int conc_bad;               /* the concession rows no longer fit (check_concession_requests) */
	int gone;
	int conflict;               /* saved by someone else since the form was opened */
	long long revision;         /* the record's revision after the save (or the stored one: conflict) */
	char detail[600];
};

static void detail_add(char *detail, size_t n, const char *name)
{
	size_t len = strlen(detail);

	snprintf(detail + len, n - len, " %s", name);
}

static int list_insert(struct db *db, struct neg_tx *t, size_t li)
{
	const struct lspec *sp = &lists[li];
	const struct llist *l = &t->in->l[li];
	struct dbp p[LFIELDS + 4];
	char now[20];
	size_t i, f, np, pos = 0;
	int rc;

	clock_fmt_utc(t->rq->now, now);
	for (i = 0; i < l->n; i++) {
		const struct lrow *r = &l->r[i];
		if (r->blank)
			continue;
		np = 0;
		p[np++] = DBI(t->id);
		p[np++] = DBI(pos++);
		for (f = 0; f < sp->nf; f++) {
			switch (sp->f[f].kind) {
			case LF_MONEY: case LF_BP: case LF_DAYS: case LF_NEED:
				p[np++] = r->n[f] >= 0 ? DBI(r->n[f]) : DBNULL;
				break;
			case LF_USER: case LF_REQ:
				p[np++] = DBID(r->n[f]);
				break;
			case LF_BOOL:
				p[np++] = DBI(r->n[f] > 0);
				break;
			case LF_CHOICE: case LF_DATE:
				/* left open in a draft */
				p[np++] = rec_blank(r->v[f]) ? DBNULL : DBS(r->v[f]);
				break;
			default:
				p[np++] = DBS(r->v[f] ? r->v[f] : "");
			}
		}
		if (li == L_OBJECTIONS) {
			p[np++] = DBI(t->customer_id);
			p[np++] = DBS(now);
		}
		rc = db_exec(db, sp->ins, p, np, NULL);
		if (rc)
			return rc;
	}
	return 0;
}

/* The record's next actions are tasks with their own life (done, result, reassigned: /actions): a saved
 * row equal to a stored one keeps that row — its id and done state — and only moves to its new place;
 * stored rows no longer typed are removed, new ones inserted. old holds the stored rows, stored the
 * result they were read from (ST_NEG_ACTIONS: the id in column 4). */
static int actions_merge(struct db *db, struct neg_tx *t, const struct llist *old, const struct dbres *stored)
{
	const struct llist *l = &t->in->l[L_ACTIONS];
	unsigned char used[LROWS] = { 0 };
	size_t i, k, pos = 0;
	int rc;

	for (i = 0; i < l->n; i++) {
		const struct lrow *r = &l->r[i];
		if (r->blank)
			continue;
		for (k = 0; k < old->n; k++)
			if (!used[k] && row_same(L_ACTIONS, r, &old->r[k]))
				break;
		if (k < old->n) {
			used[k] = 1;
			rc = DB_EXEC(db, ST_NEG_ACTION_MOVE, NULL, DBI(pos), DBI(dbres_int(stored, k, 4)), DBI(t->id));
		} else {
			rc = DB_EXEC(db, ST_NEG_ACTIONS_INS, NULL, DBI(t->id), DBI(pos), DBS(r->v[AF_WHAT]), DBID(r->n[AF_OWNER]),
			             rec_blank(r->v[AF_DUE]) ? DBNULL : DBS(r->v[AF_DUE]), DBS(r->v[AF_DELIVERABLE]));
		}
		if (rc)
			return rc;
		pos++;
	}
	for (k = 0; k < old->n; k++)
		if (!used[k] && (rc = DB_EXEC(db, ST_NEG_ACTION_DELETE, NULL, DBI(dbres_int(stored, k, 4)), DBI(t->id))))
			return rc;
	return 0;
}

static int flags_write(struct db *db, struct neg_tx *t)
{
	char now[20];
	size_t i;
	int rc;

	/* Without the confidential limits the stored confidential flags cannot be re-judged: they stay
	 * only when nothing was read, which cannot happen for an editor (editors read the tier). */
	clock_fmt_utc(t->rq->now, now);
	rc = DB_EXEC(db, ST_NEG_FLAGS_DEL, NULL, DBI(t->id));
	for (i = 0; !rc && i < t->nbr; i++)
		rc = DB_EXEC(db, ST_NEG_FLAG_INSERT, NULL, DBI(t->id), DBS(gr_kind_name(t->br[i].kind)),
		             DBS(gr_source_name(t->br[i].source)), DBI(t->br[i].position), DBS(now));
	return rc;
}

static struct dbp idp(long long id)
{
	return DBID(id);
}

static int check_concession_requests(struct req *rq, struct db *db, struct neg_input *in, long long id,
                                     long long customer_id, const struct plan_limits *lim, int lock);

/* First thing in the save's transaction: the concession rows checked again with the opportunity row
 * locked, so that two saves (or a save and a filing) cannot both count on the same headroom. */
static int conc_recheck(struct db *db, struct neg_tx *t)
{
	int rc = check_concession_requests(t->rq, db, t->in, t->id, t->customer_id, t->blim, 1);

	t->conc_bad = rc > 0;
	return rc > 0 ? 1 : rc;
}

static int create_tx_fn(struct db *db, void *p)
{
	struct neg_tx *t = p;
	struct neg_input *in = t->in;
	struct dbres *r = NULL;
	char now[20];
	size_t i;
	int rc;

	rc = conc_recheck(db, t);
	if (rc)
		return rc;
	clock_fmt_utc(t->rq->now, now);
	rc = DB_EXEC(db, ST_NEG_INSERT, &r, DBI(t->customer_id), idp(t->opp_id), idp(t->plan_id), DBS(in->v[BF_HELD].s),
	             DBS(in->v[BF_START].s), DBS(in->v[BF_END].s), DBS(in->ended), DBS(in->v[BF_PLACE].s),
	             DBS(in->v[BF_OURS].s), DBS(in->v[BF_THEIRS].s), DBS(in->v[BF_TYPE].s), DBS(in->v[BF_PHASE].s),
	             DBS(in->v[BF_STATUS].s), DBS(in->v[BF_R_STRENGTHS].s), DBS(in->v[BF_R_IMPROVE].s),
	             DBS(in->v[BF_R_RELATION].s), DBS(in->v[BF_R_STRATEGY].s), DBS(in->v[BF_R_MOMENTS].s),
	             DBI(t->rq->user.id), DBI(t->rq->user.id), DBS(now), DBS(now));
	if (rc)
		return rc;
	t->id = (long long)r->insert_id;
	t->revision = 0;
	dbres_free(&r);
	snprintf(t->detail, sizeof t->detail, "set:");
	for (i = 0; i < BF__N; i++)
		if (in->v[i].present)
			detail_add(t->detail, sizeof t->detail, basic_fields[i].name);
	for (i = 0; i < L__N; i++) {
		if (!in->saved[i])
			continue;
		rc = list_insert(db, t, i);
		if (rc)
			return rc;
		detail_add(t->detail, sizeof t->detail, lists[i].name);
	}
	rc = flags_write(db, t);
	if (rc)
		return rc;
	if (in->complete) {
		rc = DB_EXEC(db, ST_NEG_COMPLETE, NULL, DBS(now), DBS(now), DBI(t->id));
		if (!rc)
			rc = audit_req(t->rq, "negotiation.complete", "negotiation", t->id, "completed_at");
		if (rc)
			return rc;
	}
	return audit_req(t->rq, "negotiation.create", "negotiation", t->id, t->detail);
}

/* A basic field's new value differs from the stored one (ids compared as numbers, times as seconds). */
static int basic_changed(const struct neg_tx *t, const struct dbres *r, size_t i)
{
	const struct neg_input *in = t->in;
	const char *old = dbres_get(r, 0, (size_t)basic_col[i]);

	switch (i) {
	case BF_OPP:
		return (old ? dbres_int(r, 0, NC_OPP) : 0) != t->opp_id;
	case BF_PLAN:
		return (old ? dbres_int(r, 0, NC_PLAN) : 0) != t->plan_id;
	case BF_START: case BF_END:
		return rec_time_parse(old) != rec_time_parse(in->v[i].s);
	default:
		return strcmp(old ? old : "", in->v[i].s);
	}
}

static int update_tx_fn(struct db *db, void *p)
{
	struct neg_tx *t = p;
	struct neg_input *in = t->in;
	struct dbres *r = NULL, *keep = NULL;
	struct llist *old = malloc(sizeof *old);
	struct vis_scope s;
	char now[20];
	int rc, changed = 0, status_changed = 0, lists_changed = 0;
	size_t i;

	if (!old)
		return -1;
	t->gone = 0;
	t->conflict = 0;
	rc = conc_recheck(db, t);
	if (rc) {
		free(old);
		return rc;
	}
	snprintf(t->detail, sizeof t->detail, "changed:");
	clock_fmt_utc(t->rq->now, now);
	vis_scope_for(&t->rq->user, &s);
	rc = DB_EXEC(db, ST_NEG_LOCK, &r, VIS_PARAMS(&s), DBI(t->id));
	if (rc == DB_OK && r->nrows == 1)
		rc = guard_customer_of_record(db, t->id);
	if (rc)
		goto out;
	if (r->nrows != 1) {
		t->gone = 1;
		rc = 1;
		goto out;
	}
	t->revision = dbres_int(r, 0, NC_REVISION);
	if (in->has_revision && in->revision != t->revision) {
		t->conflict = 1;
		rc = 1;
		goto out;
	}
	t->revision++;
	for (i = 0; i < BF__N; i++)
		if (basic_changed(t, r, i)) {
			detail_add(t->detail, sizeof t->detail, basic_fields[i].name);
			changed++;
		}
	status_changed = strcmp(dbres_get(r, 0, NC_STATUS), in->v[BF_STATUS].s) != 0;
	rc = DB_EXEC(db, ST_NEG_UPDATE, NULL, idp(t->opp_id), idp(t->plan_id), DBS(in->v[BF_HELD].s),
	             DBS(in->v[BF_START].s), DBS(in->v[BF_END].s), DBS(in->ended), DBS(in->v[BF_PLACE].s),
	             DBS(in->v[BF_OURS].s), DBS(in->v[BF_THEIRS].s), DBS(in->v[BF_TYPE].s), DBS(in->v[BF_PHASE].s),
	             DBS(in->v[BF_STATUS].s), DBS(in->v[BF_R_STRENGTHS].s), DBS(in->v[BF_R_IMPROVE].s),
	             DBS(in->v[BF_R_RELATION].s), DBS(in->v[BF_R_STRATEGY].s), DBS(in->v[BF_R_MOMENTS].s), DBS(now),
	             DBI(t->id));
	if (rc)
		goto out;
	for (i = 0; i < L__N; i++) {
		rc = list_load(t->rq, db, i, t->id, old, &keep);
		if (rc)
			goto out;
		if (list_changed(i, &in->l[i], old)) {
			if (i == L_ACTIONS)
				rc = actions_merge(db, t, old, keep);
			else if (!(rc = DB_EXEC(db, lists[i].del, NULL, DBI(t->id))))
				rc = list_insert(db, t, i);
			detail_add(t->detail, sizeof t->detail, lists[i].name);
			lists_changed++;
		}
		dbres_free(&keep);
		if (rc)
			goto out;
	}
	rc = flags_write(db, t);
	if (rc)
		goto out;
	if (in->complete && !dbres_get(r, 0, NC_COMPLETED)) {
		rc = DB_EXEC(db, ST_NEG_COMPLETE, NULL, DBS(now), DBS(now), DBI(t->id));
		if (!rc)
			rc = audit_req(t->rq, "negotiation.complete", "negotiation", t->id, "completed_at");
		if (rc)
			goto out;
	}
	if (status_changed) {
		rc = audit_req(t->rq, "negotiation.status", "negotiation", t->id, "status");
		if (rc)
			goto out;
	}
	if (changed || lists_changed)
		rc = audit_req(t->rq, "negotiation.update", "negotiation", t->id, t->detail);
out:
	dbres_free(&keep);
	dbres_free(&r);
	free(old);
	return rc;
}

/* ------------------------------------------------------------------ shared by create and update */

/* Checks the chosen opportunity and plan belong to the customer; loads the plan row into *plan. */
static int check_links(struct req *rq, struct neg_input *in, long long customer_id, struct dbres **plan)
{
	struct dbres *r = NULL;
	int bad = 0, rc;

	*plan = NULL;
	if (in->v[BF_OPP].i > 0) {
		rc = vis_fetch_one(rq, ST_NEG_OPP_GET, in->v[BF_OPP].i, &r);
		if (rc < 0)
			return -1;
		if (rc || dbres_int(r, 0, 1) != customer_id) {
			view_form_error(rq, "opportunity_id", "rec.bad_opportunity");
			bad++;
		}
		dbres_free(&r);
	}
	if (in->v[BF_PLAN].i > 0) {
		rc = vis_fetch_one(rq, ST_NEG_PLAN_GET, in->v[BF_PLAN].i, &r);
		if (rc < 0)
			return -1;
		if (rc || dbres_int(r, 0, 1) != customer_id) {
			view_form_error(rq, "plan_id", "rec.bad_plan");
			dbres_free(&r);
			bad++;
		} else {
			*plan = r;
		}
	}
	return bad;
}

/* ------------------------------------------------------------------ approvals */

/* The approval policy on the concession rows (domain/record_concessions.c); each refused row gets its
 * message and, where it helps, a link to file a request for it. lock: inside the save's transaction.
 * Returns the number of problems, or a db_err (< 0). */
static int check_concession_requests(struct req *rq, struct db *db, struct neg_input *in, long long id,
                                     long long customer_id, const struct plan_limits *lim, int lock)
{
	const struct llist *l = &in->l[L_CONCESSIONS];
	struct rc_row rows[LROWS];
	struct rc_verdict out[LROWS];
	struct vis_scope s;
	struct policy pol;
	long long oid = in->v[BF_OPP].i > 0 ? in->v[BF_OPP].i : 0;
	char link[128], name[96];
	size_t i;
	int rc, any = 0;

	for (i = 0; i < l->n; i++) {
		const struct lrow *r = &l->r[i];
		rows[i] = (struct rc_row){ .term = r->v[CF_TERM], .value = r->n[CF_VALUE], .discount_bp = r->n[CF_DISCOUNT],
			                   .payment_days = r->n[CF_DAYS], .request = r->n[CF_REQUEST],
			                   .value_typed = !rec_blank(r->v[CF_VALUE]),
			                   .discount_typed = !rec_blank(r->v[CF_DISCOUNT]), .blank = r->blank };
		any |= !r->blank;
	}
	if (!any)
		return 0;
	if (policy_load(db, &pol) < 0)
		return DB_ERR;
	vis_scope_for(&rq->user, &s);
	rc = rc_check(db, &s, &pol, rows, l->n, id, oid, customer_id, lim, lock, out);
	if (rc <= 0)
		return rc;
	if (id)
		snprintf(link, sizeof link, "/concessions/new?opportunity_id=%lld&negotiation_id=%lld", oid, id);
	else
		snprintf(link, sizeof link, "/concessions/new?opportunity_id=%lld", oid);
	for (i = 0; i < l->n; i++) {
		if (!out[i].why)
			continue;
		row_error(rq, L_CONCESSIONS, i, out[i].field, out[i].why);
		if (out[i].link) {
			snprintf(name, sizeof name, "Form.rows.concessions.%zu.request_link", i);
			view_set(rq, name, link);
		}
	}
	return rc;
}

/* The bottom lines a concession row may breach (F8): the record's plan when it is one of the
 * opportunity's, else the opportunity's most recent plan — read only when the record has concession
 * rows (secret_read audits). Outside a transaction. *have = 1 when a plan was found. 0 / -1. */
static int breach_limits(struct req *rq, const struct neg_input *in, long long customer_id, const struct row_ref *ref,
                         struct plan_limits *lim, long long *plan_id, int *conf)
{
	const struct llist *l = &in->l[L_CONCESSIONS];
	struct dbres *r = NULL;
	struct vis_scope s;
	size_t i;
	int any = 0, rc;

	plan_limits_clear(lim);
	*plan_id = 0;
	*conf = 0;
	for (i = 0; i < l->n; i++)
		any |= !l->r[i].blank;
	if (!any || in->v[BF_OPP].i <= 0)
		return 0;
	vis_scope_for(&rq->user, &s);
	if (DB_EXEC(rq->app->db, ST_NEG_CONC_PLAN, &r, VIS_PARAMS(&s), DBI(in->v[BF_OPP].i),
	            DBI(in->v[BF_PLAN].i > 0 ? in->v[BF_PLAN].i : 0)) != DB_OK)
		return -1;
	rc = 0;
	if (r->nrows == 1 && dbres_int(r, 0, 1) == customer_id) {
		*plan_id = dbres_int(r, 0, 0);
		rc = plan_limits_for(rq, r, ref, lim, conf);
	}
	dbres_free(&r);
	return rc;
}

/* Completion needs these parts; each missing one is named on the form. */
static int check_complete(struct req *rq, const struct rec_completeness *c)
{
	unsigned miss = rec_complete_check(c);

	if (miss & REC_MISSING_NEEDS)
		view_form_error(rq, "complete_needs", "rec.missing_needs");
	if (miss & REC_MISSING_ACTIONS)
		view_form_error(rq, "complete_actions", "rec.missing_actions");
	if (miss & REC_MISSING_PARTICIPANTS)
		view_form_error(rq, "complete_participants", "rec.missing_participants");
	if (miss & REC_MISSING_REVIEW)
		view_form_error(rq, "complete_review", "rec.missing_review");
	if (miss)
		view_set(rq, "Form.error", view_str(rq, "rec.cannot_complete"));
	return miss != 0;
}

static int load_rec(struct req *rq, long long id, struct dbres **r, struct row_ref *ref);

/* Someone saved the record since this form was opened: both texts are kept — the typed one in the
 * form, the stored one beside each basic field that differs (Form.theirs.<field>) and whole on the
 * record page; saving again from here (the stored revision) replaces theirs knowingly. */
static int show_conflict(struct req *rq, long long id, const struct neg_input *in)
{
	struct dbres *r = NULL;
	struct row_ref ref;
	size_t i;
	int rc = load_rec(rq, id, &r, &ref);

	if (rc)
		return rc < 0 ? -1 : 0;
	view_set(rq, "Form.conflict", "1");
	view_set(rq, "Form.conflict_by", dbres_get(r, 0, NC_OWNER_NAME));
	set_when(rq, "Form.conflict_at", dbres_get(r, 0, NC_UPDATED));
	view_set(rq, "Form.revision", dbres_get(r, 0, NC_REVISION));
	for (i = 0; i < BF__N; i++) {
		const char *c = dbres_get(r, 0, (size_t)basic_col[i]);
		if (i == BF_OPP || i == BF_PLAN)
			continue;
		if (strcmp(c ? c : "", in->v[i].s ? in->v[i].s : ""))
			view_setf(rq, c ? c : "", "Form.theirs.%s", basic_fields[i].name);
	}
	view_set(rq, "Form.error", view_str(rq, "rec.conflict"));
	dbres_free(&r);
	return 0;
}

/* The whole submission: validate, then either re-render (add/remove row, errors) or write.
 * id 0 creates. A draft keeps half-filled rows; complete=1 checks everything. autosave=1 answers
 * JSON (autosave_reply) instead of redirecting. Returns the handler's result. */
static int save(struct req *rq, struct resp *rs, long long id, long long customer_id, const char *customer_name,
                const struct row_ref *ref)
{
	struct neg_input *in = calloc(1, sizeof *in);
	struct users users = { { NULL, NULL, 0 } };
	struct dbres *plan = NULL;
	struct gr_breach *br = NULL;
	struct plan_limits lim, blim;
	struct neg_tx t;
	const char *add = req_form(rq, "add"), *rev = req_form(rq, "revision");
	int autosave = entry_is_autosave(rq);
	long long bplan = 0;
	int bad, rc = -1, conf = 0, bconf = 0;
	size_t i;
	char loc[64];

	if (!in)
		return -1;
	if (rev)
		view_set(rq, "Form.revision", rev);
	if (load_users(rq, ref, customer_id, &users) < 0)
		goto out;
	in->complete = !autosave && strcmp(form_get(rq, "complete"), "1") == 0;
	if (!autosave && (add || req_form(rq, "remove"))) {
		/* Only adding or removing a row: show the form again with what was typed, save nothing. */
		form_keep(rq, basic_fields, BF__N);
		for (i = 0; i < L__N; i++) {
			list_read(rq, i, &in->l[i]);
			list_show_typed(rq, i, &in->l[i], add && strcmp(add, lists[i].name) == 0);
		}
		rc = render_form(rq, rs, id, customer_id, customer_name, &users);
		goto out;
	}
	bad = read_input(rq, in, &users);
	bad += validate_proposals(rq, in);
	rc = check_links(rq, in, customer_id, &plan);
	if (rc < 0)
		goto out;
	bad += rc;
	/* Outside the transaction: secret_read audits in a transaction of its own. */
	rc = breach_limits(rq, in, customer_id, ref, &blim, &bplan, &bconf);
	if (rc < 0)
		goto out;
	rc = check_concession_requests(rq, rq->app->db, in, id, customer_id, bplan ? &blim : NULL, 0);
	if (rc < 0) {
		rc = -1;
		goto out;
	}
	bad += rc;
	if (in->complete) {
		struct rec_completeness c = { .needs = in->saved[L_NEEDS], .actions = in->saved[L_ACTIONS],
			                      .status = in->v[BF_STATUS].s, .our_participants = in->v[BF_OURS].s,
			                      .review_strengths = in->v[BF_R_STRENGTHS].s,
			                      .review_improve = in->v[BF_R_IMPROVE].s };
		bad += check_complete(rq, &c);
	}
	if (bad)
		goto invalid;
	if (plan && bplan == in->v[BF_PLAN].i) {
		lim = blim;   /* read once */
		conf = bconf;
	} else {
		rc = plan_limits_for(rq, plan, ref, &lim, &conf);
		if (rc < 0)
			goto out;
	}
	br = calloc(MAX_BREACHES, sizeof *br);
	if (!br) {
		rc = -1;
		goto out;
	}
	t = (struct neg_tx){ .rq = rq, .in = in, .id = id, .customer_id = customer_id, .opp_id = in->v[BF_OPP].i,
		             .plan_id = in->v[BF_PLAN].i, .br = br, .limits_known = conf, .blim = bplan ? &blim : NULL };
	t.nbr = breaches_of(&lim, plan != NULL, &in->l[L_TERMS], &in->l[L_CONCESSIONS], br);
	rc = db_tx(rq->app->db, id ? update_tx_fn : create_tx_fn, &t);
	if (rc && t.gone) {
		resp_error(rs, rq, 404);
		rc = 0;
		goto out;
	}
	if (rc && t.conflict) {
		rs->status = 409;
		if (show_conflict(rq, id, in) < 0) {
			rc = -1;
			goto out;
		}
		goto rerender;
	}
	if (rc && (t.conc_bad || rc == DB_DUPLICATE)) {
		/* Another save or filing for the opportunity came first: the rows no longer fit (their errors
		 * are set), or another record took the request in the meantime (its unique key). */
		if (!t.conc_bad)
			view_set(rq, "Form.error", view_str(rq, "rec.conc_request_used"));
		goto invalid;
	}
	if (rc) {
		rc = -1;
		goto out;
	}
	if (autosave) {
		entry_autosave_reply(rq, rs, t.id, t.revision);
		rc = 0;
		goto out;
	}
	view_flash(rq, rs, in->complete ? "rec_completed" : id ? "saved" : "rec_created");
	/* the draft button returns to the form; a completed record (and a plain POST) to the record */
	if (!in->complete && strcmp(form_get(rq, "draft"), "1") == 0)
		snprintf(loc, sizeof loc, "/negotiations/%lld/edit", t.id);
	else
		snprintf(loc, sizeof loc, "/negotiations/%lld", t.id);
	resp_redirect(rs, loc);
	rc = 0;
	goto out;
invalid:
	rs->status = 422;
	if (!view_get(rq, "Form.error"))
		view_set(rq, "Form.error", view_str(rq, "rec.fix_errors"));
rerender:
	for (i = 0; i < L__N; i++)
		list_show_typed(rq, i, &in->l[i], 0);
	rc = render_form(rq, rs, id, customer_id, customer_name, &users);
out:
	free(br);
	dbres_free(&plan);
	dir_free(&users.d);
	free(in);
	return rc;
}

/* ------------------------------------------------------------------ loading a record */

/* 0 found (*r, *ref set), 1 not visible or missing, -1 error. */
static int load_rec(struct req *rq, long long id, struct dbres **r, struct row_ref *ref)
{
	int rc = vis_fetch_ref(rq, ST_NEG_GET, id, NC_C_OWNER, r, ref), see;

	if (rc == 0 && (see = vis_can_see_db(rq->app->db, &rq->user, ref, dbres_int(*r, 0, 1))) != 1) {
		dbres_free(r);
		return see < 0 ? -1 : 1;
	}
	return rc;
}

/* ------------------------------------------------------------------ handlers: new / create */

int page_negotiation_new(struct req *rq, struct resp *rs)
{
	const char *q = req_query(rq, "customer_id");
	struct users users = { { NULL, NULL, 0 } };
	struct dbres *c = NULL;
	struct row_ref ref;
	long long cid, x;
	char today[11], hm[6];
	size_t i;
	int rc;

	if (!q || !*q)
		return picker_render(rq, rs, PICK_CUSTOMER, "/negotiations/new");
	if (parse_id(q, strlen(q), &cid) < 0) {
		resp_error(rs, rq, 404);
		return 0;
	}
	rc = customer_load_editable(rq, rs, cid, &c, &ref);
	if (rc)
		return rc < 0 ? -1 : 0;
	if (load_users(rq, &ref, cid, &users) < 0) {
		dbres_free(&c);
		return -1;
	}
	user_today(rq, today);
	view_set(rq, "Form.values.held_on", today);
	/* the meeting is starting: a draft can be saved at once, and the times corrected later */
	entry_local_hhmm(rq, 0, hm);
	view_set(rq, "Form.values.start_time", hm);
	entry_local_hhmm(rq, strcmp(hm, "23:00") >= 0 ? 0 : 60, hm);
	view_set(rq, "Form.values.end_time", strcmp(hm, view_get(rq, "Form.values.start_time")) > 0 ? hm : "23:59");
	view_set(rq, "Form.values.status", "follow_up");
	view_set(rq, "Form.values.our_participants", rq->user.display_name);
	if ((q = req_query(rq, "opportunity_id")) && parse_id(q, strlen(q), &x) == 0)
		view_set_int(rq, "Form.values.opportunity_id", x);
	if ((q = req_query(rq, "plan_id")) && parse_id(q, strlen(q), &x) == 0)
		view_set_int(rq, "Form.values.plan_id", x);
	for (i = 0; i < L__N; i++) {
		struct llist empty = { 0 };
		list_show_typed(rq, i, &empty, 1);
	}
	/* an action is owned by the writer unless changed */
	view_set_int(rq, "Form.rows.actions.0.owner", rq->user.id);
	rc = render_form(rq, rs, 0, cid, dbres_get(c, 0, CC_NAME), &users);
	dir_free(&users.d);
	dbres_free(&c);
	return rc;
}

int page_negotiation_create(struct req *rq, struct resp *rs)
{
	const char *q = req_form(rq, "customer_id");
	struct dbres *c = NULL;
	struct row_ref ref;
	long long cid;
	int rc;

	if (!q || parse_id(q, strlen(q), &cid) < 0) {
		resp_error(rs, rq, 404);
		return 0;
	}
	rc = customer_load_editable(rq, rs, cid, &c, &ref);
	if (rc)
		return rc < 0 ? -1 : 0;
	rc = save(rq, rs, 0, cid, dbres_get(c, 0, CC_NAME), &ref);
	dbres_free(&c);
	return rc;
}

/* ------------------------------------------------------------------ edit / update */

/* Form.rows.<list>.<i>.<field> from the stored rows, plus one empty row. */
static int list_show_stored(struct req *rq, size_t li, long long id)
{
	const struct lspec *sp = &lists[li];
	struct dbres *r = NULL;
	struct vis_scope s;
	char name[96], out[48];
	size_t i, f;

	vis_scope_for(&rq->user, &s);
	if (DB_EXEC(rq->app->db, sp->sel, &r, VIS_PARAMS(&s), DBI(id)) != DB_OK)
		return -1;
	for (i = 0; i < r->nrows && i < LROWS; i++)
		for (f = 0; f < sp->nf; f++) {
			const char *c = dbres_get(r, i, f);
			snprintf(name, sizeof name, "Form.rows.%s.%zu.%s", sp->name, i, sp->f[f].name);
			out[0] = '\0';
			if (c && sp->f[f].kind == LF_MONEY)
				money_input(dbres_int(r, i, f), out, sizeof out);
			else if (c && sp->f[f].kind == LF_BP)
				bp_input(dbres_int(r, i, f), out, sizeof out);
			else if (sp->f[f].kind == LF_BOOL)
				snprintf(out, sizeof out, "%s", c && dbres_int(r, i, f) ? "1" : "");
			if (sp->f[f].kind == LF_MONEY || sp->f[f].kind == LF_BP || sp->f[f].kind == LF_BOOL)
				view_set(rq, name, out);
			else
				view_set(rq, name, c ? c : "");
		}
	snprintf(name, sizeof name, "Form.rows.%s.%zu.%s", sp->name, i, sp->f[0].name);
	view_set(rq, name, "");
	dbres_free(&r);
	return 0;
}

/* The edit form of stored record r (any errors already set). */
static int render_edit(struct req *rq, struct resp *rs, long long id, const struct dbres *r, const struct row_ref *ref)
{
	struct users users = { { NULL, NULL, 0 } };
	size_t i;
	int rc;

	for (i = 0; i < BF__N; i++) {
		const char *c = dbres_get(r, 0, (size_t)basic_col[i]);
		view_setf(rq, c ? c : "", "Form.values.%s", basic_fields[i].name);
	}
	view_set(rq, "Form.revision", dbres_get(r, 0, NC_REVISION));
	if (dbres_get(r, 0, NC_COMPLETED))
		view_set(rq, "Form.completed", "1");
	for (i = 0; i < L__N; i++)
		if (list_show_stored(rq, i, id) < 0)
			return -1;
	if (load_users(rq, ref, dbres_int(r, 0, 1), &users) < 0)
		return -1;
	rc = render_form(rq, rs, id, dbres_int(r, 0, NC_CUSTOMER), dbres_get(r, 0, NC_CNAME), &users);
	dir_free(&users.d);
	return rc;
}

int page_negotiation_edit(struct req *rq, struct resp *rs)
{
	struct dbres *r = NULL;
	struct row_ref ref;
	long long id = rq->ids[0];
	int rc = load_rec(rq, id, &r, &ref);

	rc = require_editable(rq, rs, rc, &r, &ref);
	if (rc)
		return rc < 0 ? -1 : 0;
	rc = render_edit(rq, rs, id, r, &ref);
	dbres_free(&r);
	return rc;
}

int page_negotiation_update(struct req *rq, struct resp *rs)
{
	struct dbres *r = NULL;
	struct row_ref ref;
	long long id = rq->ids[0];
	int rc = load_rec(rq, id, &r, &ref);

	rc = require_editable(rq, rs, rc, &r, &ref);
	if (rc)
		return rc < 0 ? -1 : 0;
	if (dbres_get(r, 0, NC_COMPLETED))
		view_set(rq, "Form.completed", "1");
	/* The customer is fixed after creation; a posted customer_id is ignored. */
	rc = save(rq, rs, id, dbres_int(r, 0, NC_CUSTOMER), dbres_get(r, 0, NC_CNAME), &ref);
	dbres_free(&r);
	return rc;
}

/* ------------------------------------------------------------------ show / print */

/* Rec.<list>.<k>.<field> for display: labels for choices, money in the currency, percentages.
 * Needs are shown in urgency order (their number is kept as .no). Fills *parsed for guardrails. */
static int list_show(struct req *rq, size_t li, const struct dbres *r, const char *currency, struct llist *parsed)
{
	const struct lspec *sp = &lists[li];
	char name[96], out[64];
	size_t i, f, k, idx[LROWS];
	const char *urg[LROWS];

	list_parse(li, r, parsed);
	for (i = 0; i < parsed->n; i++) {
		idx[i] = i;
		urg[i] = li == L_NEEDS ? parsed->r[i].v[1] : "";
	}
	if (li == L_NEEDS)
		rec_sort_by_urgency(urg, idx, parsed->n);
	for (k = 0; k < parsed->n; k++) {
		i = idx[k];
		snprintf(name, sizeof name, "Rec.%s.%zu.no", sp->name, k);
		view_set_int(rq, name, (long long)i + 1);
		for (f = 0; f < sp->nf; f++) {
			const struct lfield *fd = &sp->f[f];
			const char *c = dbres_get(r, i, f);
			snprintf(name, sizeof name, "Rec.%s.%zu.%s", sp->name, k, fd->name);
			out[0] = '\0';
			switch (fd->kind) {
			case LF_MONEY:
				if (c)
					money_format(dbres_int(r, i, f), currency, rq->lang, out, sizeof out);
				view_set(rq, name, out);
				break;
			case LF_BP:
				if (c)
					bp_format(dbres_int(r, i, f), out, sizeof out);
				view_set(rq, name, out);
				break;
			case LF_BOOL:
				view_set(rq, name, c && dbres_int(r, i, f) ? "1" : "");
				break;
			case LF_DATE:
				set_date(rq, name, c ? c : "");
				break;
			case LF_CHOICE:
				view_set(rq, name, c ? c : "");
				snprintf(name, sizeof name, "Rec.%s.%zu.%s_label", sp->name, k, fd->name);
				set_label(rq, name, fd->label, c ? c : "");
				break;
			default:
				view_set(rq, name, c ? c : "");
			}
		}
		if (sp->named_owner) {
			view_setf(rq, dbres_get(r, i, sp->nf), "Rec.%s.%zu.id", sp->name, k);
			view_setf(rq, dbres_str(r, i, sp->nf + 1),
			          "Rec.%s.%zu.owner_name", sp->name, k);
		}
	}
	return 0;
}

/* Rec.flags.<k>: the stored plan-limit flags, with the figures for users who may read the limit. For a
 * record fetched through load_rec in this request (ST_NEG_FLAGS reads by record id alone). */
static int show_flags(struct req *rq, long long id, const struct dbres *rec, const struct row_ref *ref,
                      const struct llist *terms, const struct llist *conc, const char *currency)
{
	struct dbres *r = NULL, *plan = NULL;
	struct gr_breach *br = NULL;
	struct plan_limits lim;
	char key[64], a[64], b[64];
	size_t i, j, k = 0, nbr = 0;
	int conf = 0, rc;

	if (DB_EXEC(rq->app->db, ST_NEG_FLAGS, &r, DBI(id)) != DB_OK)
		return -1;
	if (r->nrows == 0) {
		dbres_free(&r);
		return 0;
	}
	if (dbres_get(rec, 0, NC_PLAN)) {
		rc = vis_fetch_one(rq, ST_NEG_PLAN_GET, dbres_int(rec, 0, NC_PLAN), &plan);
		if (rc < 0) {
			dbres_free(&r);
			return -1;
		}
	}
	plan_limits_clear(&lim);
	if (plan && plan_limits_for(rq, plan, ref, &lim, &conf) < 0) {
		dbres_free(&plan);
		dbres_free(&r);
		return -1;
	}
	br = calloc(MAX_BREACHES, sizeof *br);
	if (!br) {
		dbres_free(&plan);
		dbres_free(&r);
		return -1;
	}
	/* the stored rows have no blanks: every row counts */
	nbr = breaches_of(&lim, plan != NULL, terms, conc, br);
	for (i = 0; i < r->nrows; i++) {
		const char *kind = dbres_get(r, i, 0), *src = dbres_get(r, i, 1);
		long long pos = dbres_int(r, i, 2);
		int confidential = strcmp(kind, "step_over_ladder") && strcmp(kind, "no_counter");
		/* below the tier not even that a limit was crossed is shown: it bounds the limit */
		if (confidential && !secret_signal_visible(&rq->user, SF_PLAN_CONFIDENTIAL, ref))
			continue;
		view_setf(rq, src, "Rec.flags.%zu.source", k);
		snprintf(key, sizeof key, "Rec.flags.%zu.no", k);
		view_set_int(rq, key, pos + 1);
		snprintf(key, sizeof key, "rec.source.%s", src);
		view_setf(rq, view_str(rq, key), "Rec.flags.%zu.source_label", k);
		if (confidential && !conf) {
			/* a reader of the tier whose limits could not be read (broken value): only that one was crossed */
			view_setf(rq, view_str(rq, "rec.flag_outside"), "Rec.flags.%zu.label", k);
			view_setf(rq, "outside", "Rec.flags.%zu.shown", k++);
			continue;
		}
		view_setf(rq, kind, "Rec.flags.%zu.shown", k);
		snprintf(key, sizeof key, "rec.flag.%s", kind);
		view_setf(rq, view_str(rq, key), "Rec.flags.%zu.label", k);
		for (j = 0; j < nbr; j++) {
			if (strcmp(gr_kind_name(br[j].kind), kind) || strcmp(gr_source_name(br[j].source), src) ||
			    (long long)br[j].position != pos || br[j].limit < 0)
				continue;
			if (br[j].kind == GR_BELOW_FLOOR) {
				money_format(br[j].actual, currency, rq->lang, a, sizeof a);
				money_format(br[j].limit, currency, rq->lang, b, sizeof b);
			} else if (br[j].kind == GR_DISCOUNT_OVER_MAX || br[j].kind == GR_STEP_OVER_LADDER) {
				bp_format(br[j].actual, a, sizeof a);
				bp_format(br[j].limit, b, sizeof b);
			} else {
				snprintf(a, sizeof a, "%lld", br[j].actual);
				snprintf(b, sizeof b, "%lld", br[j].limit);
			}
			view_setf(rq, a, "Rec.flags.%zu.actual", k);
			view_setf(rq, b, "Rec.flags.%zu.limit", k);
			break;
		}
		k++;
	}
	free(br);
	dbres_free(&plan);
	dbres_free(&r);
	return 0;
}

/* Everything of the record for the show and print pages. */
static int fill_record(struct req *rq, long long id, struct dbres *r, const struct row_ref *ref)
{
	struct llist *parsed = calloc(L__N, sizeof *parsed);
	struct dbres *all = NULL, sl[L__N] = { { 0 } };
	const char *cur = dbres_get(r, 0, NC_CURRENCY);
	time_t ended = 0, completed = -1;
	char name[64];
	size_t i;
	int rc = -1;

	if (!parsed)
		return -1;
	view_set_int(rq, "Rec.id", id);
	for (i = 0; i < BF__N; i++) {
		const char *c = dbres_get(r, 0, (size_t)basic_col[i]);
		view_setf(rq, c ? c : "", "Rec.%s", basic_fields[i].name);
	}
	set_date(rq, "Rec.held_on_label", dbres_get(r, 0, NC_HELD));
	set_label(rq, "Rec.type_label", "rec.type", dbres_get(r, 0, NC_TYPE));
	set_label(rq, "Rec.phase_label", "rec.phase", dbres_get(r, 0, NC_PHASE));
	set_label(rq, "Rec.status_label", "rec.status", dbres_get(r, 0, NC_STATUS));
	view_set(rq, "Rec.customer_id", dbres_get(r, 0, NC_CUSTOMER));
	view_set(rq, "Rec.customer_name", dbres_get(r, 0, NC_CNAME));
	view_set(rq, "Rec.opportunity_title", dbres_str(r, 0, NC_OPP_TITLE));
	view_set(rq, "Rec.plan_topic", dbres_str(r, 0, NC_PLAN_TOPIC));
	view_set(rq, "Rec.owner", dbres_get(r, 0, NC_OWNER_NAME));
	set_when(rq, "Rec.ended_at", dbres_get(r, 0, NC_ENDED));
	set_when(rq, "Rec.created", dbres_get(r, 0, NC_CREATED));
	set_when(rq, "Rec.updated", dbres_get(r, 0, NC_UPDATED));
	if (dbres_get(r, 0, NC_COMPLETED)) {
		set_when(rq, "Rec.completed_at", dbres_get(r, 0, NC_COMPLETED));
		clock_parse_utc(dbres_get(r, 0, NC_COMPLETED), &completed);
	}
	if (clock_parse_utc(dbres_get(r, 0, NC_ENDED), &ended) == 0 && rec_is_late(ended, completed, rq->now))
		view_set(rq, "Rec.late", "1");
	if (vis_can_edit(&rq->user, ref))
		view_set(rq, "Rec.can_edit", "1");
	if (lists_load_all(rq, id, &all, sl) < 0)
		goto out;
	for (i = 0; i < L__N; i++) {
		if (list_show(rq, i, &sl[i], cur, &parsed[i]) < 0)
			goto out;
		snprintf(name, sizeof name, "Rec.count.%s", lists[i].name);
		view_set_int(rq, name, (long long)parsed[i].n);
	}
	if (show_flags(rq, id, r, ref, &parsed[L_TERMS], &parsed[L_CONCESSIONS], cur) < 0)
		goto out;
	rc = 0;
out:
	free_slices(sl);
	dbres_free(&all);
	free(parsed);
	return rc;
}

long long list_window_next(struct req *rq, enum stmt_id window, long long below)
{
	struct dbres *r = NULL;
	long long next = 0;

	if (DB_EXEC(rq->app->db, window, &r, DBI(below), DBI(LIST_SCAN)) != DB_OK)
		return -1;
	if (r->nrows == 1 && dbres_get(r, 0, 0))
		next = dbres_int(r, 0, 0) + 1;   /* the cursor is exclusive */
	dbres_free(&r);
	return next;
}

int page_negotiation_show(struct req *rq, struct resp *rs)
{
	struct dbres *r = NULL;
	struct row_ref ref;
	long long id = rq->ids[0];
	int rc = load_rec(rq, id, &r, &ref);

	if (rc < 0)
		return -1;
	if (rc) {
		resp_error(rs, rq, 404);
		return 0;
	}
	rc = fill_record(rq, id, r, &ref);
	dbres_free(&r);
	if (rc < 0)
		return -1;
	set_choices(rq);
	return view_render(rq, rs, "negotiations/show.cs");
}

int page_negotiation_print(struct req *rq, struct resp *rs)
{
	struct dbres *r = NULL;
	struct row_ref ref;
	long long id = rq->ids[0];
	int rc = load_rec(rq, id, &r, &ref);

	if (rc < 0)
		return -1;
	if (rc) {
		resp_error(rs, rq, 404);
		return 0;
	}
	rc = fill_record(rq, id, r, &ref);
	dbres_free(&r);
	if (rc < 0)
		return -1;
	return view_render(rq, rs, "negotiations/print.cs");
}

/* ------------------------------------------------------------------ complete */

struct complete_tx {
	struct req *rq;
	long long id;
};

static int complete_tx_fn(struct db *db, void *p)
{
	struct complete_tx *t = p;
	struct dbres *r = NULL;
	char now[20];
	int rc;

	clock_fmt_utc(t->rq->now, now);
	rc = db_exec(db, ST_NEG_COMPLETE, (const struct dbp[]){ DBS(now), DBS(now), DBI(t->id) }, 3, &r);
	if (rc)
		return rc;
	if (r && r->affected == 0) {
		dbres_free(&r);
		return 0;   /* completed already: the first completion time stays */
	}
	dbres_free(&r);
	return audit_req(t->rq, "negotiation.complete", "negotiation", t->id, "completed_at");
}

int page_negotiation_complete(struct req *rq, struct resp *rs)
{
	struct dbres *r = NULL;
	struct llist *tmp = malloc(sizeof *tmp);
	struct complete_tx t;
	struct row_ref ref;
	long long id = rq->ids[0];
	char loc[64];
	int rc;

	if (!tmp)
		return -1;
	rc = load_rec(rq, id, &r, &ref);
	if (rc < 0 || rc || !vis_can_edit(&rq->user, &ref)) {
		free(tmp);
		dbres_free(&r);
		if (rc < 0)
			return -1;
		resp_error(rs, rq, 404);
		return 0;
	}
	{
		struct rec_completeness c = { .status = dbres_get(r, 0, NC_STATUS),
			                      .our_participants = dbres_get(r, 0, NC_OURS),
			                      .review_strengths = dbres_get(r, 0, NC_R_STRENGTHS),
			                      .review_improve = dbres_get(r, 0, NC_R_IMPROVE) };
		struct users none = { { NULL, NULL, 0 } };
		size_t li;
		int bad = 0;
		/* the rows a draft left half-filled are named on the form, as a save with complete=1 does */
		for (li = 0; li < L__N; li++) {
			struct dbres *keep = NULL;
			if (list_load(rq, rq->app->db, li, id, tmp, &keep) < 0) {
				rc = -1;
				goto out;
			}
			bad += list_validate(rq, li, tmp, &none, 1);
			if (li == L_NEEDS)
				c.needs = tmp->n;
			else if (li == L_ACTIONS)
				c.actions = tmp->n;
			dbres_free(&keep);
		}
		bad += check_complete(rq, &c);
		if (bad) {
			rs->status = 422;
			if (!view_get(rq, "Form.error"))
				view_set(rq, "Form.error", view_str(rq, "rec.cannot_complete"));
			rc = render_edit(rq, rs, id, r, &ref);
			goto out;
		}
	}
	t = (struct complete_tx){ .rq = rq, .id = id };
	if (db_tx(rq->app->db, complete_tx_fn, &t) != DB_OK) {
		rc = -1;
		goto out;
	}
	view_flash(rq, rs, "rec_completed");
	snprintf(loc, sizeof loc, "/negotiations/%lld", id);
	resp_redirect(rs, loc);
	rc = 0;
out:
	dbres_free(&r);
	free(tmp);
	return rc;
}

/* ------------------------------------------------------------------ list */

/* The list's query string (fk_query): a value that does not fit is refused with 400, a blank one
 * filters nothing. The cursor is the id of the last row shown; ids run downwards. */
enum { NQ_CUSTOMER, NQ_PHASE, NQ_STATUS, NQ_LATE, NQ_AFTER, NQ__N };
static const struct fk_field neg_list_fields[NQ__N] = {
	[NQ_CUSTOMER] = { "customer", FK_INT, .min = 1, .max = LLONG_MAX },
	[NQ_PHASE] = { "phase", FK_CHOICE, .choices = rec_phases },
	[NQ_STATUS] = { "status", FK_CHOICE, .choices = rec_statuses },
	[NQ_LATE] = { "late", FK_BOOL },
	[NQ_AFTER] = { "after", FK_INT, .min = 1, .max = LLONG_MAX },
};
static const struct fk_form neg_list_form = { neg_list_fields, NQ__N };

int page_negotiations(struct req *rq, struct resp *rs)
{
	struct fk_val f[NQ__N];
	const char *phase, *status;
	long long customer, after, late, flags;
	struct dbres *r = NULL, *c = NULL;
	struct row_ref ref, rowref;
	struct vis_scope s;
	char cutoff[20], name[64];
	size_t i;
	int rc = fk_query(rq, rs, &neg_list_form, NULL, f);

	if (rc)
		return rc < 0 ? -1 : 0;
	phase = f[NQ_PHASE].present ? f[NQ_PHASE].s : "";
	status = f[NQ_STATUS].present ? f[NQ_STATUS].s : "";
	customer = f[NQ_CUSTOMER].i;
	after = f[NQ_AFTER].i;
	late = f[NQ_LATE].i;
	/* Filter.* hold the values as typed; the customer is named only when this user may see it. */
	view_set(rq, "Filter.customer", "");
	view_set(rq, "Filter.phase", phase);
	view_set(rq, "Filter.status", status);
	view_set(rq, "Filter.late", late ? "1" : "");
	if (customer) {
		rc = customer_load(rq, customer, &c, &ref);
		if (rc < 0)
			return -1;
		if (rc == 0) {
			view_set_int(rq, "Filter.customer", customer);
			view_set(rq, "Filter.customer_name", dbres_get(c, 0, CC_NAME));
			if (vis_can_edit(&rq->user, &ref))
				view_set(rq, "Filter.can_create", "1");
			dbres_free(&c);
		}
	}
	clock_fmt_utc(rq->now - REC_LATE_SECONDS, cutoff);
	vis_scope_for(&rq->user, &s);
	if (customer)
		rc = DB_EXEC(rq->app->db, ST_NEG_LIST_CUSTOMER, &r, DBS(cutoff), VIS_PARAMS(&s), DBI(customer), DBS(phase),
		             DBS(phase), DBS(status), DBS(status), DBI(late), DBS(cutoff), DBI(LIST_BELOW(after)),
		             DBI(NEG_PAGE + 1));
	else
		rc = DB_EXEC(rq->app->db, ST_NEG_LIST, &r, DBS(cutoff), DBI(LIST_BELOW(after)), DBI(LIST_BELOW(after)),
		             DBI(LIST_SCAN),
		             VIS_PARAMS(&s), DBS(phase), DBS(phase), DBS(status), DBS(status), DBI(late), DBS(cutoff),
		             DBI(NEG_PAGE + 1));
	if (rc != DB_OK)
		return -1;
	for (i = 0; i < r->nrows && i < NEG_PAGE; i++) {
		view_setf(rq, dbres_get(r, i, 0), "Recs.%zu.id", i);
		snprintf(name, sizeof name, "Recs.%zu.held_on", i);
		set_date(rq, name, dbres_get(r, i, 1));
		view_setf(rq, dbres_get(r, i, 2), "Recs.%zu.phase", i);
		snprintf(name, sizeof name, "Recs.%zu.phase_label", i);
		set_label(rq, name, "rec.phase", dbres_get(r, i, 2));
		snprintf(name, sizeof name, "Recs.%zu.type_label", i);
		set_label(rq, name, "rec.type", dbres_get(r, i, 3));
		view_setf(rq, dbres_get(r, i, 4), "Recs.%zu.status", i);
		snprintf(name, sizeof name, "Recs.%zu.status_label", i);
		set_label(rq, name, "rec.status", dbres_get(r, i, 4));
		view_setf(rq, dbres_get(r, i, 5), "Recs.%zu.customer_id", i);
		view_setf(rq, dbres_get(r, i, 6), "Recs.%zu.customer_name", i);
		view_setf(rq, dbres_get(r, i, 7), "Recs.%zu.owner", i);
		if (dbres_get(r, i, 8))
			view_setf(rq, "1", "Recs.%zu.completed", i);
		if (dbres_int(r, i, 9))
			view_setf(rq, "1", "Recs.%zu.late", i);
		row_ref_at(r, i, 12, &rowref);
		flags = dbres_int(r, i, 10);
		if (secret_signal_visible(&rq->user, SF_PLAN_CONFIDENTIAL, &rowref))
			flags += dbres_int(r, i, 11);
		snprintf(name, sizeof name, "Recs.%zu.flags", i);
		view_set_int(rq, name, flags);
	}
	if (r->nrows > NEG_PAGE) {
		view_set(rq, "Page.next_after", dbres_get(r, NEG_PAGE - 1, 0));
	} else if (!customer) {
		long long next = list_window_next(rq, ST_NEG_WINDOW, LIST_BELOW(after));
		if (next < 0) {
			dbres_free(&r);
			return -1;
		}
		if (next > 0) {
			view_set_int(rq, "Page.next_after", next);
			view_set(rq, "Page.window_more", "1");
		}
	}
	dbres_free(&r);
	set_choices(rq);
	return view_render(rq, rs, "negotiations/list.cs");
}

/* The routes of this file; the dispatcher checks sign-in, CSRF and capability before a handler runs. */
static const struct route routes[] = {
	{ "GET", "/negotiations",              page_negotiations,         CAP_SALES, CSRF_NONE },
	{ "GET", "/negotiations/new",          page_negotiation_new,      CAP_SALES, CSRF_NONE },
	{ "POST", "/negotiations",              page_negotiation_create,   CAP_SALES, CSRF_CHECK },
	{ "GET", "/negotiations/:id",          page_negotiation_show,     CAP_SALES, CSRF_NONE },
	{ "GET", "/negotiations/:id/edit",     page_negotiation_edit,     CAP_SALES, CSRF_NONE },
	{ "POST", "/negotiations/:id",          page_negotiation_update,   CAP_SALES, CSRF_CHECK },
	{ "POST", "/negotiations/:id/complete", page_negotiation_complete, CAP_SALES, CSRF_CHECK },
	{ "GET", "/negotiations/:id/print",    page_negotiation_print,    CAP_SALES, CSRF_NONE },
};
PAGE_ROUTES(routes);
