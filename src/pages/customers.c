/* /customers — the customer register (docs/records.md). CAP_SALES; which rows and fields a user sees
 * is decided only by src/auth/visibility.c (rows: VIS_SQL / customer_load; fields: secrets.c).
 *   GET  /customers                 list: search, filters, sort, keyset pagination
 *   GET  /customers/new, POST /customers                 create (owner and team from the creator)
 *   GET  /customers/{id}                                 show, with contacts, follow-ups, opportunities
 *   GET  /customers/{id}/edit, POST /customers/{id}      update (owner, team manager, director, vp)
 *   POST /customers/{id}/reassign                        new owner (team manager, director, vp)
 * Every change is audited with the names of the fields changed, never their values. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "audit/audit.h"
#include "auth/secrets.h"
#include "domain/directory.h"
#include "domain/followup.h"
#include "domain/units.h"
#include "http/fields.h"
#include "http/router.h"
#include "pages/customer_common.h"
#include "pages/pages.h"
#include "util/clock.h"
#include "view/view.h"

#define PAGE_SIZE 50

static const char *const sources[] = { "website", "whitepaper", "social", "trade_show", "association", "referral",
	                               "other", NULL };
static const char *const segments[] = { "new", "existing", "key", NULL };
static const char *const intents[] = { "high", "medium", "low", NULL };
static const char *const stages[] = { "1", "2", "3", "4", "5", "6", NULL };
static const char *const yes[] = { "1", NULL };

enum {
	F_NAME, F_INDUSTRY, F_EMPLOYEES, F_REVENUE, F_CURRENCY, F_SOURCE, F_SEGMENT, F_INTENT, F_STAGE, F_SHARED,
	F_NEED, F_SUPPLIERS, F_DECISION, F_NOTES, F_NEXT, F_OWNER, F_BUDGET, F_DNOTES, F__N
};
static const struct field_spec customer_fields[F__N] = {
	[F_NAME] = { "name", F_TEXT, 1, 1, 200, NULL },
	[F_INDUSTRY] = { "industry", F_TEXT, 0, 0, 100, NULL },
	[F_EMPLOYEES] = { "employees", F_INT, 0, 0, 100000000, NULL },
	[F_REVENUE] = { "annual_revenue", F_TEXT, 0, 0, 30, NULL },
	[F_CURRENCY] = { "currency", F_CHOICE, 1, 0, 0, currency_list },
	[F_SOURCE] = { "source", F_CHOICE, 1, 0, 0, sources },
	[F_SEGMENT] = { "segment", F_CHOICE, 1, 0, 0, segments },
	[F_INTENT] = { "intent", F_CHOICE, 1, 0, 0, intents },
	[F_STAGE] = { "stage", F_CHOICE, 1, 0, 0, stages },
	[F_SHARED] = { "shared_with_team", F_CHOICE, 0, 0, 0, yes },
	[F_NEED] = { "need_summary", F_TEXT, 0, 0, 5000, NULL },
	[F_SUPPLIERS] = { "suppliers", F_TEXT, 0, 0, 5000, NULL },
	[F_DECISION] = { "decision_process", F_TEXT, 0, 0, 5000, NULL },
	[F_NOTES] = { "notes", F_TEXT, 0, 0, 10000, NULL },
	[F_NEXT] = { "next_follow_up", F_TEXT, 0, 0, 10, NULL },
	[F_OWNER] = { "owner_id", F_ID, 0, 0, 0, NULL },
	/* Confidential: validated and written only for users with the tier; absent for everyone else. */
	[F_BUDGET] = { "budget_ceiling", F_TEXT, 0, 0, 30, NULL },
	[F_DNOTES] = { "decision_notes", F_TEXT, 0, 0, 5000, NULL },
};

/* ------------------------------------------------------------------ list */

static void like_pattern(const char *q, char *out, size_t n)
{
	size_t j = 0;

	out[j++] = '%';
	for (; *q && j + 3 < n; q++) {
		if (*q == '%' || *q == '_' || *q == '\\')
			out[j++] = '\\';
		out[j++] = *q;
	}
	out[j++] = '%';
	out[j] = '\0';
}

static const char *choice_or_empty(const char *v, const char *const *choices)
{
	size_t i;

	for (i = 0; v && choices[i]; i++)
		if (!strcmp(v, choices[i]))
			return v;
	return "";
}

static long long query_id(struct req *rq, const char *name)
{
	const char *v = req_query(rq, name);
	long long id = 0;

	if (!v || parse_id(v, strlen(v), &id) < 0)
		return 0;
	return id;
}

/* People offered in owner selects: for the list filter, everyone some of whose customers this user
 * may see; for creating and reassigning, those this user may hand a customer to. */
static int load_owner_choices(struct req *rq, const char *prefix, int assignable)
{
	struct dbres *r = NULL;
	struct directory people;
	size_t i, k = 0;

	if (dir_colleagues(rq->app->db, &rq->user, &people) < 0)
		return -1;
	if (db_exec(rq->app->db, ST_CUSTOMER_OWNER_CHOICES, NULL, 0, &r) != DB_OK) {
		dir_free(&people);
		return -1;
	}
	for (i = 0; i < r->nrows; i++) {
		struct row_ref row = { dbres_int(r, i, 0), dbres_int(r, i, 2), dbres_int(r, i, 3), 1, 0 };
		if (assignable ? !vis_can_reassign(&rq->user, &row) : !vis_can_see(&rq->user, &row))
			continue;
		if (!dir_has(&people, dbres_int(r, i, 0)))
			continue;   /* only people this user works with */
		view_setf(rq, dbres_get(r, i, 0), "%s.%zu.id", prefix, k);
		view_setf(rq, dbres_get(r, i, 1), "%s.%zu.name", prefix, k);
		view_setf(rq, dbres_get(r, i, 4), "%s.%zu.team", prefix, k);
		k++;
	}
	dbres_free(&r);
	dir_free(&people);
	return 0;
}

int page_customers(struct req *rq, struct resp *rs)
{
	const char *q = req_query(rq, "q"), *sort = req_query(rq, "sort");
	const char *intent = choice_or_empty(req_query(rq, "intent"), intents);
	const char *segment = choice_or_empty(req_query(rq, "segment"), segments);
	const char *stage_s = choice_or_empty(req_query(rq, "stage"), stages);
	const char *overdue = req_query(rq, "overdue");
	long long owner = query_id(rq, "owner"), team = query_id(rq, "team"), after = query_id(rq, "after");
	long long stage = stage_s[0] ? stage_s[0] - '0' : 0;
	char like[420] = "", today[11], overdue_before[11] = "", key[32], name[64];
	const char *keyval = "";
	char *keycopy = NULL;
	long long keyid = 0;
	enum stmt_id st = ST_CUSTOMER_LIST_NAME;
	struct dbres *r = NULL, *cur = NULL;
	struct row_ref row;
	struct vis_scope s;
	size_t i;
	int rc;

	if (!q || utf8_chars(q) > 100)
		q = "";
	if (*q)
		like_pattern(q, like, sizeof like);
	user_today(rq, today);
	if (overdue && !strcmp(overdue, "1"))
		snprintf(overdue_before, sizeof overdue_before, "%s", today);
	if (sort && !strcmp(sort, "updated"))
		st = ST_CUSTOMER_LIST_UPDATED;
	else if (sort && !strcmp(sort, "follow"))
		st = ST_CUSTOMER_LIST_FOLLOW;
	else
		sort = "name";

	/* The cursor is the id of the last row shown; its sort key is looked up through visibility. */
	if (st == ST_CUSTOMER_LIST_UPDATED) {
		keyval = "9999-12-31 23:59:59";
		keyid = (long long)1 << 62;
	} else if (st == ST_CUSTOMER_LIST_FOLLOW) {
		keyval = "1000-01-01";
	}
	if (after) {
		rc = customer_load(rq, after, &cur, &row);
		if (rc < 0)
			return -1;
		if (rc == 0) {
			int col = st == ST_CUSTOMER_LIST_NAME ? CC_NAME : st == ST_CUSTOMER_LIST_UPDATED ? CC_UPDATED : CC_NEXT_FOLLOW;
			const char *v = dbres_get(cur, 0, (size_t)col);
			if (v) {
				keycopy = strdup(v);
				keyval = keycopy ? keycopy : keyval;
				keyid = after;
			}
			dbres_free(&cur);
		}
	}

	vis_scope_for(&rq->user, &s);
	rc = DB_EXEC(rq->app->db, st, &r, VIS_PARAMS(&s), DBS(q), DBS(like), DBS(like), DBS(intent), DBS(intent),
	             DBS(segment), DBS(segment), DBI(stage), DBI(stage), DBI(owner), DBI(owner), DBI(team), DBI(team),
	             DBS(overdue_before), DBS(overdue_before), DBS(keyval), DBS(keyval), DBI(keyid), DBI(PAGE_SIZE + 1));
	free(keycopy);
	if (rc != DB_OK)
		return -1;
	for (i = 0; i < r->nrows && i < PAGE_SIZE; i++) {
		const char *next = dbres_get(r, i, 8);
		view_setf(rq, dbres_get(r, i, 0), "Customers.%zu.id", i);
		view_setf(rq, dbres_get(r, i, 1), "Customers.%zu.name", i);
		view_setf(rq, dbres_get(r, i, 2), "Customers.%zu.industry", i);
		snprintf(name, sizeof name, "Customers.%zu.segment", i);
		set_label(rq, name, "segment", dbres_get(r, i, 3));
		snprintf(name, sizeof name, "Customers.%zu.intent", i);
		set_label(rq, name, "intent", dbres_get(r, i, 4));
		view_setf(rq, dbres_get(r, i, 4), "Customers.%zu.intent_code", i);
		snprintf(name, sizeof name, "Customers.%zu.stage", i);
		set_label(rq, name, "stage", dbres_get(r, i, 5));
		view_setf(rq, dbres_get(r, i, 6), "Customers.%zu.owner", i);
		view_setf(rq, dbres_get(r, i, 7), "Customers.%zu.team", i);
		snprintf(name, sizeof name, "Customers.%zu.next", i);
		set_date(rq, name, next);
		if (next && followup_overdue(next, today))
			view_setf(rq, "1", "Customers.%zu.overdue", i);
		view_setf(rq, dbres_get(r, i, 9), "Customers.%zu.budget_recorded", i);
	}
	if (r->nrows > PAGE_SIZE) {
		snprintf(key, sizeof key, "%s", dbres_get(r, PAGE_SIZE - 1, 0));
		view_set(rq, "Page.next_after", key);
	}
	dbres_free(&r);

	rc = DB_EXEC(rq->app->db, ST_CUSTOMER_COUNT, &r, VIS_PARAMS(&s), DBS(q), DBS(like), DBS(like), DBS(intent),
	             DBS(intent), DBS(segment), DBS(segment), DBI(stage), DBI(stage), DBI(owner), DBI(owner), DBI(team),
	             DBI(team), DBS(overdue_before), DBS(overdue_before));
	if (rc != DB_OK)
		return -1;
	view_set_int(rq, "Page.count", dbres_int(r, 0, 0) > 10000 ? 10000 : dbres_int(r, 0, 0));
	if (dbres_int(r, 0, 0) > 10000)
		view_set(rq, "Page.count_more", "1");
	dbres_free(&r);

	view_set(rq, "Filter.q", q);
	view_set(rq, "Filter.intent", intent);
	view_set(rq, "Filter.segment", segment);
	view_set(rq, "Filter.stage", stage_s);
	view_set_int(rq, "Filter.owner", owner);
	view_set_int(rq, "Filter.team", team);
	view_set(rq, "Filter.overdue", overdue_before[0] ? "1" : "");
	view_set(rq, "Filter.sort", sort);
	if (rq->user.role == ROLE_REP || rq->user.role == ROLE_MANAGER)
		view_set(rq, "Page.can_create", "1");
	if (load_owner_choices(rq, "Choices.owners", 0) < 0)
		return -1;
	return view_render(rq, rs, "customers/list.cs");
}

/* ------------------------------------------------------------------ show */

static int show_secret(struct req *rq, enum secret_id f, long long id, const struct row_ref *row, const char *stored,
                       const char *hdf_name, int money)
{
	char *plain = NULL, name[64];
	int rc = secret_read(rq, f, id, row, stored, &plain);

	if (rc == SECRET_DENIED)
		return 0;   /* absent: not even an empty slot */
	snprintf(name, sizeof name, "%s.readable", hdf_name);
	view_set(rq, name, "1");
	if (rc == SECRET_BROKEN) {
		snprintf(name, sizeof name, "%s.broken", hdf_name);
		return view_set(rq, name, "1");
	}
	if (rc == SECRET_ERR)
		return -1;
	if (rc == SECRET_OK) {
		char buf[96];
		const char *v = plain;
		if (money) {
			/* stored as "CUR minor" */
			char cur[4] = "";
			long long minor = 0;
			if (sscanf(plain, "%3s %lld", cur, &minor) == 2) {
				money_format(minor, cur, rq->lang, buf, sizeof buf);
				v = buf;
			}
		}
		view_set(rq, hdf_name, v);
		secret_release(&plain);
	}
	return 0;
}

int page_customer_show(struct req *rq, struct resp *rs)
{
	struct dbres *r = NULL, *c = NULL;
	struct row_ref row;
	long long id = rq->ids[0];
	char today[11], buf[96], name[96];
	const char *v;
	size_t i;
	int rc = customer_load(rq, id, &r, &row);

	if (rc < 0)
		return -1;
	if (rc) {
		resp_error(rs, rq, 404);
		return 0;
	}
	user_today(rq, today);
	view_set_int(rq, "Customer.id", id);
	view_set(rq, "Customer.name", dbres_get(r, 0, CC_NAME));
	view_set(rq, "Customer.industry", dbres_get(r, 0, CC_INDUSTRY));
	view_set(rq, "Customer.employees", dbres_get(r, 0, CC_EMPLOYEES));
	if ((v = dbres_get(r, 0, CC_REVENUE))) {
		money_format(dbres_int(r, 0, CC_REVENUE), dbres_get(r, 0, CC_CURRENCY), rq->lang, buf, sizeof buf);
		view_set(rq, "Customer.revenue", buf);
	}
	set_label(rq, "Customer.source", "source", dbres_get(r, 0, CC_SOURCE));
	set_label(rq, "Customer.segment", "segment", dbres_get(r, 0, CC_SEGMENT));
	set_label(rq, "Customer.intent", "intent", dbres_get(r, 0, CC_INTENT));
	view_set(rq, "Customer.intent_code", dbres_get(r, 0, CC_INTENT));
	set_label(rq, "Customer.stage", "stage", dbres_get(r, 0, CC_STAGE));
	view_set(rq, "Customer.shared", dbres_int(r, 0, CC_SHARED) ? "1" : "");
	view_set(rq, "Customer.need_summary", dbres_get(r, 0, CC_NEED));
	view_set(rq, "Customer.suppliers", dbres_get(r, 0, CC_SUPPLIERS));
	view_set(rq, "Customer.decision_process", dbres_get(r, 0, CC_DECISION));
	view_set(rq, "Customer.notes", dbres_get(r, 0, CC_NOTES));
	view_set(rq, "Customer.owner", dbres_get(r, 0, CC_OWNER_NAME));
	view_set(rq, "Customer.team", dbres_get(r, 0, CC_TEAM_NAME));
	if ((v = dbres_get(r, 0, CC_NEXT_FOLLOW))) {
		set_date(rq, "Customer.next_follow_up", v);
		if (followup_overdue(v, today))
			view_set(rq, "Customer.overdue", "1");
	}
	/* The derived signal anyone who sees the row may have; the value itself only for the tier. */
	view_set(rq, "Customer.budget_recorded", dbres_get(r, 0, CC_BUDGET_ENC) ? "1" : "0");
	if (show_secret(rq, SF_CUSTOMER_BUDGET, id, &row, dbres_get(r, 0, CC_BUDGET_ENC), "Customer.budget", 1) < 0 ||
	    show_secret(rq, SF_CUSTOMER_DECISION_NOTES, id, &row, dbres_get(r, 0, CC_NOTES_ENC), "Customer.decision_notes",
	                0) < 0) {
		dbres_free(&r);
		return -1;
	}
	if (vis_can_edit(&rq->user, &row))
		view_set(rq, "Customer.can_edit", "1");
	if (vis_can_reassign(&rq->user, &row)) {
		view_set(rq, "Customer.can_reassign", "1");
		view_set(rq, "Customer.owner_id", dbres_get(r, 0, CC_OWNER_ID));
		if (load_owner_choices(rq, "Choices.owners", 1) < 0) {
			dbres_free(&r);
			return -1;
		}
	}
	dbres_free(&r);

	/* Contacts, with the response strategy for their personality type (seed 002). */
	if (DB_EXEC(rq->app->db, ST_CONTACT_LIST, &c, DBI(id)) != DB_OK)
		return -1;
	for (i = 0; i < c->nrows; i++) {
		const char *p = dbres_get(c, i, 6);
		view_setf(rq, dbres_get(c, i, 0), "Contacts.%zu.id", i);
		view_setf(rq, dbres_get(c, i, 1), "Contacts.%zu.name", i);
		view_setf(rq, dbres_get(c, i, 2), "Contacts.%zu.title", i);
		view_setf(rq, dbres_get(c, i, 3), "Contacts.%zu.phone", i);
		view_setf(rq, dbres_get(c, i, 4), "Contacts.%zu.email", i);
		snprintf(name, sizeof name, "Contacts.%zu.role", i);
		set_label(rq, name, "decision_role", dbres_get(c, i, 5));
		view_setf(rq, p, "Contacts.%zu.personality_code", i);
		snprintf(name, sizeof name, "Contacts.%zu.personality", i);
		set_label(rq, name, "personality_name", p);
		if (p && strcmp(p, "unknown")) {
			snprintf(name, sizeof name, "Contacts.%zu.traits", i);
			set_label(rq, name, "personality_traits", p);
			snprintf(name, sizeof name, "Contacts.%zu.strategy", i);
			set_label(rq, name, "personality_strategy", p);
		}
		view_setf(rq, dbres_get(c, i, 7), "Contacts.%zu.notes", i);
	}
	dbres_free(&c);

	if (DB_EXEC(rq->app->db, ST_FOLLOWUP_LIST, &c, DBI(id)) != DB_OK)
		return -1;
	for (i = 0; i < c->nrows; i++) {
		snprintf(name, sizeof name, "FollowUps.%zu.on", i);
		set_date(rq, name, dbres_get(c, i, 1));
		snprintf(name, sizeof name, "FollowUps.%zu.channel", i);
		set_label(rq, name, "channel", dbres_get(c, i, 2));
		view_setf(rq, dbres_get(c, i, 3), "FollowUps.%zu.summary", i);
		snprintf(name, sizeof name, "FollowUps.%zu.next", i);
		set_date(rq, name, dbres_get(c, i, 4));
		view_setf(rq, dbres_get(c, i, 5), "FollowUps.%zu.by", i);
	}
	dbres_free(&c);
	if (!view_get(rq, "Form.values.happened_on"))
		view_set(rq, "Form.values.happened_on", today);
	if (opportunities_for_customer(rq, id) < 0 || customer_history(rq, id) < 0 ||
	    concessions_for_history(rq, id) < 0)
		return -1;
	return view_render(rq, rs, "customers/show.cs");
}

/* ------------------------------------------------------------------ create / update */

static void set_options(struct req *rq, const char *name, const char *const *opts)
{
	size_t i;

	for (i = 0; opts[i]; i++)
		view_setf(rq, opts[i], "Options.%s.%zu", name, i);
}

static int render_form(struct req *rq, struct resp *rs, long long id, const struct row_ref *row)
{
	set_options(rq, "currency", currency_list);
	set_options(rq, "source", sources);
	set_options(rq, "segment", segments);
	set_options(rq, "intent", intents);
	set_options(rq, "stage", stages);
	if (id)
		view_set_int(rq, "Form.id", id);
	/* Confidential inputs exist only for those who may write them. */
	if (!row || tier_can_write(&rq->user, row, TIER_CONFIDENTIAL))
		view_set(rq, "Form.confidential", "1");
	if (!id && rq->user.role != ROLE_REP && rq->user.role != ROLE_MANAGER) {
		view_set(rq, "Form.pick_owner", "1");
		if (load_owner_choices(rq, "Choices.owners", 1) < 0)
			return -1;
	}
	return view_render(rq, rs, "customers/form.cs");
}

int page_customer_new(struct req *rq, struct resp *rs)
{
	if (rq->user.role == ROLE_EXECUTIVE) {
		resp_error(rs, rq, 404);
		return 0;
	}
	view_set(rq, "Form.values.currency", "CNY");
	view_set(rq, "Form.values.source", "other");
	view_set(rq, "Form.values.segment", "new");
	view_set(rq, "Form.values.intent", "medium");
	view_set(rq, "Form.values.stage", "1");
	return render_form(rq, rs, 0, NULL);
}

struct customer_input {
	struct field_val v[F__N];
	long long revenue;      /* -1 = none */
	long long budget;       /* -1 = none */
	char next[11];
	char budget_plain[48];
};

/* Field-by-field checks beyond the declared ones; returns the number of problems. */
static int validate(struct req *rq, struct customer_input *in, int confidential)
{
	int bad = form_validate(rq, customer_fields, F__N, in->v);
	int y, m, d;

	in->revenue = -1;
	in->budget = -1;
	in->next[0] = '\0';
	if (in->v[F_REVENUE].present && money_parse(in->v[F_REVENUE].s, &in->revenue) < 0) {
		view_form_error(rq, "annual_revenue", "form.bad_money");
		bad++;
	}
	if (in->v[F_NEXT].present) {
		if (date_parse(in->v[F_NEXT].s, &y, &m, &d) < 0) {
			view_form_error(rq, "next_follow_up", "form.bad_date");
			bad++;
		} else {
			snprintf(in->next, sizeof in->next, "%s", in->v[F_NEXT].s);
		}
	}
	if (confidential && in->v[F_BUDGET].present) {
		if (money_parse(in->v[F_BUDGET].s, &in->budget) < 0) {
			view_form_error(rq, "budget_ceiling", "form.bad_money");
			bad++;
		} else {
			snprintf(in->budget_plain, sizeof in->budget_plain, "%s %lld", in->v[F_CURRENCY].s, in->budget);
		}
	}
	if (!bad && !in->next[0])
		followup_propose(in->v[F_INTENT].s, rq->now, rq->user.tz[0] ? rq->user.tz : "Asia/Shanghai", in->next);
	return bad;
}

/* Keeps typed values for the re-rendered form; confidential ones only for those allowed to see them. */
static void keep(struct req *rq, int confidential)
{
	form_keep(rq, customer_fields, confidential ? F__N : F_BUDGET);
}

struct customer_tx {
	struct req *rq;
	struct customer_input *in;
	struct row_ref row;
	long long id;
	int confidential;
	int write_budget, write_notes;   /* which confidential values this save changes */
	char changed[512];
};

static int write_secrets(struct db *db, struct customer_tx *t)
{
	int rc;

	rc = SECRET_OK;
	if (t->confidential && t->write_budget)
		rc = secret_write(db, t->rq, SF_CUSTOMER_BUDGET, t->id, &t->row,
		                  t->in->budget >= 0 ? t->in->budget_plain : NULL);
	if (rc == SECRET_OK && t->confidential && t->write_notes)
		rc = secret_write(db, t->rq, SF_CUSTOMER_DECISION_NOTES, t->id, &t->row, t->in->v[F_DNOTES].s);
	return rc == SECRET_OK ? 0 : rc == SECRET_DENIED ? DB_ERR : rc;
}

static int create_tx_fn(struct db *db, void *p)
{
	struct customer_tx *t = p;
	struct field_val *v = t->in->v;
	struct dbres *r = NULL;
	char now[20];
	int rc;

	clock_fmt_utc(t->rq->now, now);
	rc = DB_EXEC(db, ST_CUSTOMER_INSERT, &r, DBS(v[F_NAME].s), DBS(v[F_INDUSTRY].s),
	             v[F_EMPLOYEES].present ? DBI(v[F_EMPLOYEES].i) : DBNULL,
	             t->in->revenue >= 0 ? DBI(t->in->revenue) : DBNULL, DBS(v[F_CURRENCY].s), DBS(v[F_SOURCE].s),
	             DBS(v[F_SEGMENT].s), DBS(v[F_INTENT].s), DBI(v[F_STAGE].s[0] - '0'), DBI(t->row.owner_id),
	             DBI(t->row.team_id), DBI(t->row.region_id), DBI(v[F_SHARED].present ? 1 : 0), DBS(v[F_NEED].s),
	             DBS(v[F_SUPPLIERS].s), DBS(v[F_DECISION].s), DBS(v[F_NOTES].s), DBS(t->in->next),
	             DBI(t->rq->user.id), DBS(now), DBS(now));
	if (rc)
		return rc;
	t->id = (long long)r->insert_id;
	dbres_free(&r);
	rc = write_secrets(db, t);
	if (rc)
		return rc;
	return audit_req(t->rq, "customer.create", "customer", t->id, "");
}

/* The new row's owner: the creator, or for directors and vp the chosen rep/manager in their scope. */
static int resolve_owner(struct req *rq, long long owner_id, struct row_ref *row)
{
	struct dbres *r = NULL;
	int ok;

	if (DB_EXEC(rq->app->db, ST_USER_TEAM_REGION, &r, DBI(owner_id)) != DB_OK)
		return -1;
	ok = r->nrows == 1 && dbres_int(r, 0, 3) == 1 &&
	     (!strcmp(dbres_get(r, 0, 2), "rep") || !strcmp(dbres_get(r, 0, 2), "manager"));
	if (ok) {
		row->owner_id = owner_id;
		row->team_id = dbres_int(r, 0, 0);
		row->region_id = dbres_int(r, 0, 1);
		row->shared = 0;
	}
	dbres_free(&r);
	return ok ? 0 : 1;
}

int page_customer_create(struct req *rq, struct resp *rs)
{
	struct customer_input in;
	struct customer_tx t;
	int bad, rc;
	char loc[64];

	memset(&t, 0, sizeof t);
	if (rq->user.role == ROLE_EXECUTIVE) {
		resp_error(rs, rq, 404);
		return 0;
	}
	keep(rq, 1);
	bad = validate(rq, &in, 1);
	if (rq->user.role == ROLE_REP || rq->user.role == ROLE_MANAGER) {
		rc = resolve_owner(rq, rq->user.id, &t.row);
	} else if (in.v[F_OWNER].i) {
		rc = resolve_owner(rq, in.v[F_OWNER].i, &t.row);
		if (rc == 0 && !vis_can_reassign(&rq->user, &t.row))
			rc = 1;
	} else {
		rc = 1;
	}
	if (rc < 0)
		return -1;
	if (rc) {
		view_form_error(rq, "owner_id", "customer.owner_required");
		bad++;
	}
	if (bad) {
		rs->status = 422;
		return render_form(rq, rs, 0, NULL);
	}
	t.rq = rq;
	t.in = &in;
	t.confidential = 1;
	t.write_budget = in.budget >= 0;
	t.write_notes = in.v[F_DNOTES].present;
	if (db_tx(rq->app->db, create_tx_fn, &t) != DB_OK)
		return -1;
	view_flash(rq, rs, "customer_created");
	snprintf(loc, sizeof loc, "/customers/%lld", t.id);
	resp_redirect(rs, loc);
	return 0;
}

static void edit_values(struct req *rq, const struct dbres *r)
{
	static const struct { int col; const char *name; } cols[] = {
		{ CC_NAME, "name" }, { CC_INDUSTRY, "industry" }, { CC_EMPLOYEES, "employees" }, { CC_CURRENCY, "currency" },
		{ CC_SOURCE, "source" }, { CC_SEGMENT, "segment" }, { CC_INTENT, "intent" }, { CC_STAGE, "stage" },
		{ CC_NEED, "need_summary" }, { CC_SUPPLIERS, "suppliers" }, { CC_DECISION, "decision_process" },
		{ CC_NOTES, "notes" }, { CC_NEXT_FOLLOW, "next_follow_up" },
	};
	char buf[48];
	size_t i;

	for (i = 0; i < sizeof cols / sizeof cols[0]; i++)
		view_setf(rq, dbres_get(r, 0, (size_t)cols[i].col), "Form.values.%s", cols[i].name);
	if (dbres_get(r, 0, CC_REVENUE)) {
		money_input(dbres_int(r, 0, CC_REVENUE), buf, sizeof buf);
		view_set(rq, "Form.values.annual_revenue", buf);
	}
	if (dbres_int(r, 0, CC_SHARED))
		view_set(rq, "Form.values.shared_with_team", "1");
}

/* Pre-fills the confidential inputs for a user allowed to write them (this is a read: audited). */
static int edit_secrets(struct req *rq, long long id, const struct row_ref *row, const struct dbres *r)
{
	char *plain = NULL;
	int rc;

	rc = secret_read(rq, SF_CUSTOMER_BUDGET, id, row, dbres_get(r, 0, CC_BUDGET_ENC), &plain);
	if (rc == SECRET_ERR)
		return -1;
	if (rc == SECRET_OK) {
		char cur[4] = "", buf[48];
		long long minor = 0;
		if (sscanf(plain, "%3s %lld", cur, &minor) == 2) {
			money_input(minor, buf, sizeof buf);
			view_set(rq, "Form.values.budget_ceiling", buf);
		}
		secret_release(&plain);
	}
	rc = secret_read(rq, SF_CUSTOMER_DECISION_NOTES, id, row, dbres_get(r, 0, CC_NOTES_ENC), &plain);
	if (rc == SECRET_ERR)
		return -1;
	if (rc == SECRET_OK) {
		view_set(rq, "Form.values.decision_notes", plain);
		secret_release(&plain);
	}
	return 0;
}

int page_customer_edit(struct req *rq, struct resp *rs)
{
	struct dbres *r = NULL;
	struct row_ref row;
	long long id = rq->ids[0];
	int rc = customer_load_editable(rq, rs, id, &r, &row);

	if (rc)
		return rc < 0 ? -1 : 0;
	edit_values(rq, r);
	if (tier_can_write(&rq->user, &row, TIER_CONFIDENTIAL) && edit_secrets(rq, id, &row, r) < 0) {
		dbres_free(&r);
		return -1;
	}
	dbres_free(&r);
	return render_form(rq, rs, id, &row);
}

static void note_change(char *changed, size_t n, const char *field)
{
	size_t len = strlen(changed);

	snprintf(changed + len, n - len, "%s%s", len ? " " : "", field);
}

static int update_tx_fn(struct db *db, void *p)
{
	struct customer_tx *t = p;
	struct field_val *v = t->in->v;
	char now[20], detail[600];
	int rc;

	clock_fmt_utc(t->rq->now, now);
	rc = DB_EXEC(db, ST_CUSTOMER_UPDATE, NULL, DBS(v[F_NAME].s), DBS(v[F_INDUSTRY].s),
	             v[F_EMPLOYEES].present ? DBI(v[F_EMPLOYEES].i) : DBNULL,
	             t->in->revenue >= 0 ? DBI(t->in->revenue) : DBNULL, DBS(v[F_CURRENCY].s), DBS(v[F_SOURCE].s),
	             DBS(v[F_SEGMENT].s), DBS(v[F_INTENT].s), DBI(v[F_STAGE].s[0] - '0'), DBI(v[F_SHARED].present ? 1 : 0),
	             DBS(v[F_NEED].s), DBS(v[F_SUPPLIERS].s), DBS(v[F_DECISION].s), DBS(v[F_NOTES].s), DBS(t->in->next),
	             DBS(now), DBI(t->id));
	if (rc)
		return rc;
	rc = write_secrets(db, t);
	if (rc)
		return rc;
	snprintf(detail, sizeof detail, "changed: %s", t->changed[0] ? t->changed : "-");
	return audit_req(t->rq, "customer.update", "customer", t->id, detail);
}

/* Names of the fields whose value differs from the stored row (for the audit log). */
static void diff_fields(struct customer_tx *t, const struct dbres *r)
{
	static const struct { int field, col; } map[] = {
		{ F_NAME, CC_NAME }, { F_INDUSTRY, CC_INDUSTRY }, { F_CURRENCY, CC_CURRENCY }, { F_SOURCE, CC_SOURCE },
		{ F_SEGMENT, CC_SEGMENT }, { F_INTENT, CC_INTENT }, { F_STAGE, CC_STAGE }, { F_NEED, CC_NEED },
		{ F_SUPPLIERS, CC_SUPPLIERS }, { F_DECISION, CC_DECISION }, { F_NOTES, CC_NOTES },
	};
	const char *next = dbres_get(r, 0, CC_NEXT_FOLLOW);
	size_t i;

	for (i = 0; i < sizeof map / sizeof map[0]; i++) {
		const char *old = dbres_get(r, 0, (size_t)map[i].col);
		if (strcmp(old ? old : "", t->in->v[map[i].field].s))
			note_change(t->changed, sizeof t->changed, customer_fields[map[i].field].name);
	}
	if (strcmp(next ? next : "", t->in->next))
		note_change(t->changed, sizeof t->changed, "next_follow_up");
	if (dbres_int(r, 0, CC_EMPLOYEES) != (t->in->v[F_EMPLOYEES].present ? t->in->v[F_EMPLOYEES].i : 0) ||
	    (dbres_get(r, 0, CC_EMPLOYEES) == NULL) != !t->in->v[F_EMPLOYEES].present)
		note_change(t->changed, sizeof t->changed, "employees");
	if ((dbres_get(r, 0, CC_REVENUE) ? dbres_int(r, 0, CC_REVENUE) : -1) != t->in->revenue)
		note_change(t->changed, sizeof t->changed, "annual_revenue");
	if ((dbres_int(r, 0, CC_SHARED) != 0) != (t->in->v[F_SHARED].present != 0))
		note_change(t->changed, sizeof t->changed, "shared_with_team");
	/* Confidential fields are named when written or cleared; their values never reach the log. */
	if (t->write_budget)
		note_change(t->changed, sizeof t->changed, "budget_ceiling");
	if (t->write_notes)
		note_change(t->changed, sizeof t->changed, "decision_notes");
}

/* Whether a submitted confidential field changes the stored value. Not submitted: no. The stored
 * value is opened only to compare, never shown, so this is not an audited read; a value that no
 * longer decrypts is replaced only by a new, non-empty one. */
static int secret_changed(struct req *rq, enum secret_id f, long long id, const char *stored, const char *submitted,
                          const char *plain_new)
{
	char *old = NULL;
	int changed;

	if (!submitted)
		return 0;
	if (!stored || !*stored)
		return plain_new != NULL;
	if (secret_open(rq->app, f, id, stored, &old) < 0)
		return plain_new != NULL;
	changed = !plain_new || strcmp(old, plain_new) != 0;
	secret_release(&old);
	return changed;
}

int page_customer_update(struct req *rq, struct resp *rs)
{
	struct customer_input in;
	struct customer_tx t;
	struct dbres *r = NULL;
	char loc[64];
	int rc, bad;

	memset(&t, 0, sizeof t);
	t.id = rq->ids[0];
	rc = customer_load_editable(rq, rs, t.id, &r, &t.row);
	if (rc)
		return rc < 0 ? -1 : 0;
	/* Without the tier, posted confidential fields are ignored, not echoed, not validated. */
	t.confidential = tier_can_write(&rq->user, &t.row, TIER_CONFIDENTIAL);
	keep(rq, t.confidential);
	bad = validate(rq, &in, t.confidential);
	if (bad) {
		dbres_free(&r);
		rs->status = 422;
		return render_form(rq, rs, t.id, &t.row);
	}
	t.rq = rq;
	t.in = &in;
	if (t.confidential) {
		t.write_budget = secret_changed(rq, SF_CUSTOMER_BUDGET, t.id, dbres_get(r, 0, CC_BUDGET_ENC),
		                                req_form(rq, "budget_ceiling"), in.budget >= 0 ? in.budget_plain : NULL);
		t.write_notes = secret_changed(rq, SF_CUSTOMER_DECISION_NOTES, t.id, dbres_get(r, 0, CC_NOTES_ENC),
		                               req_form(rq, "decision_notes"), in.v[F_DNOTES].present ? in.v[F_DNOTES].s : NULL);
	}
	diff_fields(&t, r);
	dbres_free(&r);
	if (db_tx(rq->app->db, update_tx_fn, &t) != DB_OK)
		return -1;
	view_flash(rq, rs, "saved");
	snprintf(loc, sizeof loc, "/customers/%lld", t.id);
	resp_redirect(rs, loc);
	return 0;
}

/* ------------------------------------------------------------------ reassign */

struct reassign_tx {
	struct req *rq;
	long long id;
	struct row_ref to;
};

static int reassign_tx_fn(struct db *db, void *p)
{
	struct reassign_tx *t = p;
	char now[20], detail[96];
	int rc;

	clock_fmt_utc(t->rq->now, now);
	rc = DB_EXEC(db, ST_CUSTOMER_REASSIGN, NULL, DBI(t->to.owner_id), DBI(t->to.team_id), DBI(t->to.region_id),
	             DBS(now), DBI(t->id));
	if (rc)
		return rc;
	snprintf(detail, sizeof detail, "owner=%lld team=%lld", t->to.owner_id, t->to.team_id);
	return audit_req(t->rq, "customer.reassign", "customer", t->id, detail);
}

int page_customer_reassign(struct req *rq, struct resp *rs)
{
	const char *o = req_form(rq, "owner_id");
	struct reassign_tx t = { rq, rq->ids[0], { 0, 0, 0, 0, 0 } };
	struct dbres *r = NULL;
	struct row_ref row;
	long long owner = 0;
	char loc[64];
	int rc = customer_load(rq, t.id, &r, &row);

	dbres_free(&r);
	if (rc < 0)
		return -1;
	if (rc || !vis_can_reassign(&rq->user, &row)) {
		resp_error(rs, rq, 404);
		return 0;
	}
	snprintf(loc, sizeof loc, "/customers/%lld", t.id);
	if (!o || parse_id(o, strlen(o), &owner) < 0 || (rc = resolve_owner(rq, owner, &t.to)) != 0 ||
	    !vis_can_reassign(&rq->user, &t.to)) {
		if (rc < 0)
			return -1;
		view_flash(rq, rs, "reassign_invalid");
		resp_redirect(rs, loc);
		return 0;
	}
	if (db_tx(rq->app->db, reassign_tx_fn, &t) != DB_OK)
		return -1;
	view_flash(rq, rs, "customer_reassigned");
	resp_redirect(rs, loc);
	return 0;
}

/* The routes of this file; the dispatcher checks sign-in, CSRF and capability before a handler runs. */
static const struct route routes[] = {
	{ "GET", "/customers",              page_customers,         CAP_SALES, CSRF_NONE },
	{ "GET", "/customers/new",          page_customer_new,      CAP_SALES, CSRF_NONE },
	{ "POST", "/customers",              page_customer_create,   CAP_SALES, CSRF_CHECK },
	{ "GET", "/customers/:id",          page_customer_show,     CAP_SALES, CSRF_NONE },
	{ "GET", "/customers/:id/edit",     page_customer_edit,     CAP_SALES, CSRF_NONE },
	{ "POST", "/customers/:id",          page_customer_update,   CAP_SALES, CSRF_CHECK },
	{ "POST", "/customers/:id/reassign", page_customer_reassign, CAP_SALES, CSRF_CHECK },
};
PAGE_ROUTES(routes);
