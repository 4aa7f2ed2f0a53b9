/* /customers — the customer register (docs/records.md). CAP_SALES; which rows and fields a user sees
 * is decided only by src/auth/visibility.c (rows: VIS_SQL / customer_load; fields: secrets.c).
 *   GET  /customers                 list: search, filters, sort, keyset pagination (declared query table)
 *   GET  /customers/new, POST /customers                 create (owner and team from the creator)
 *   GET  /customers/{id}                                 show, with contacts, follow-ups, opportunities
 *   GET  /customers/{id}/edit, POST /customers/{id}      update (owner, team manager, director, vp)
 *   POST /customers/{id}/reassign                        new owner (team manager, director, vp)
 * Forms run on the form kit (src/form/). Every change is audited with the names of the fields
 * changed, never their values. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "audit/audit.h"
#include "auth/secrets.h"
#include "domain/directory.h"
#include "domain/followup.h"
#include "domain/units.h"
#include "form/page.h"
#include "http/router.h"
#include "pages/customer_common.h"
#include "pages/pages.h"
#include "pages/requests.h"
#include "util/clock.h"
#include "view/view.h"

#define PAGE_SIZE 50

static const char *const sources[] = { "website", "whitepaper", "social", "trade_show", "association", "referral",
	                               "other", NULL };
static const char *const segments[] = { "new", "existing", "key", NULL };
static const char *const intents[] = { "high", "medium", "low", NULL };
static const char *const stages[] = { "1", "2", "3", "4", "5", "6", NULL };

static int owner_lookup(void *ctx, long long id);

/* The owner comes last: reps and managers create for themselves and send no owner (their form stops
 * before it); the confidential pair before it is read only from users with the tier. */
enum {
	F_NAME, F_INDUSTRY, F_EMPLOYEES, F_REVENUE, F_CURRENCY, F_SOURCE, F_SEGMENT, F_INTENT, F_STAGE, F_SHARED,
	F_NEED, F_SUPPLIERS, F_DECISION, F_NOTES, F_NEXT, F_BUDGET, F_DNOTES, F_OWNER, F__N
};
static const struct fk_field customer_fields[F__N] = {
	[F_NAME] = { "name", FK_TEXT, FK_REQUIRED, .min = 1, .max = 200 },
	[F_INDUSTRY] = { "industry", FK_TEXT, .max = 100 },
	[F_EMPLOYEES] = { "employees", FK_INT, .min = 0, .max = 100000000 },
	[F_REVENUE] = { "annual_revenue", FK_MONEY, .currency = "currency" },
	[F_CURRENCY] = { "currency", FK_CHOICE, FK_REQUIRED, .choices = currency_list },
	[F_SOURCE] = { "source", FK_CHOICE, FK_REQUIRED, .choices = sources },
	[F_SEGMENT] = { "segment", FK_CHOICE, FK_REQUIRED, .choices = segments },
	[F_INTENT] = { "intent", FK_CHOICE, FK_REQUIRED, .choices = intents },
	[F_STAGE] = { "stage", FK_CHOICE, FK_REQUIRED, .choices = stages },
	[F_SHARED] = { "shared_with_team", FK_BOOL },
	[F_NEED] = { "need_summary", FK_LONGTEXT, .max = 5000 },
	[F_SUPPLIERS] = { "suppliers", FK_LONGTEXT, .max = 5000 },
	[F_DECISION] = { "decision_process", FK_LONGTEXT, .max = 5000 },
	[F_NOTES] = { "notes", FK_LONGTEXT, .max = 10000 },
	[F_NEXT] = { "next_follow_up", FK_DATE },
	/* Confidential: validated and written only for users with the tier; absent for everyone else. */
	[F_BUDGET] = { "budget_ceiling", FK_MONEY, .currency = "currency" },
	[F_DNOTES] = { "decision_notes", FK_LONGTEXT, .max = 5000 },
	[F_OWNER] = { "owner_id", FK_USER, FK_REQUIRED, .lookup = owner_lookup },
};
static const struct fk_form customer_form = { customer_fields, F__N };         /* directors, vp: pick the owner */
static const struct fk_form own_customer_form = { customer_fields, F_OWNER };  /* the creator owns it */
static const struct fk_form plain_customer_form = { customer_fields, F_BUDGET }; /* without the tier */

/* ------------------------------------------------------------------ list */

static const char *const sorts[] = { "name", "updated", "follow", NULL };

enum { Q_Q, Q_INTENT, Q_SEGMENT, Q_STAGE, Q_OWNER, Q_TEAM, Q_OVERDUE, Q_SORT, Q_AFTER, Q__N };
static const struct fk_field list_fields[Q__N] = {
	[Q_Q] = { "q", FK_TEXT, .max = 100 },
	[Q_INTENT] = { "intent", FK_CHOICE, .choices = intents },
	[Q_SEGMENT] = { "segment", FK_CHOICE, .choices = segments },
	[Q_STAGE] = { "stage", FK_CHOICE, .choices = stages },
	[Q_OWNER] = { "owner", FK_INT, .min = 1, .max = LLONG_MAX },
	[Q_TEAM] = { "team", FK_INT, .min = 1, .max = LLONG_MAX },
	[Q_OVERDUE] = { "overdue", FK_BOOL },
	[Q_SORT] = { "sort", FK_CHOICE, .choices = sorts, .dflt = "name" },
	[Q_AFTER] = { "after", FK_INT, .min = 1, .max = LLONG_MAX },   /* the id of the last row shown */
};
static const struct fk_form list_form = { list_fields, Q__N };

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

/* People offered in owner selects: for the list filter, everyone some of whose customers this user
 * may see; for creating and reassigning, those this user may hand a customer to. */
static int load_owner_choices(struct req *rq, const char *prefix, int assignable)
{
	struct dbres *r = NULL;
	struct directory people;
	char label[320];
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
		snprintf(label, sizeof label, "%s (%s)", dbres_str(r, i, 1), dbres_str(r, i, 4));
		view_setf(rq, dbres_get(r, i, 0), "%s.%zu.id", prefix, k);
		view_setf(rq, dbres_get(r, i, 1), "%s.%zu.name", prefix, k);
		view_setf(rq, dbres_get(r, i, 4), "%s.%zu.team", prefix, k);
		view_setf(rq, dbres_get(r, i, 0), "%s.%zu.value", prefix, k);   /* for choice_field */
		view_setf(rq, label, "%s.%zu.label", prefix, k);
		k++;
	}
	dbres_free(&r);
	dir_free(&people);
	return 0;
}

int page_customers(struct req *rq, struct resp *rs)
{
	struct fk_val f[Q__N];
	const char *q, *intent, *segment, *sort;
	long long owner, team, after, stage;
	char like[420] = "", today[11], overdue_before[11] = "", key[32], name[64];
	const char *keyval = "";
	char *keycopy = NULL;
	long long keyid = 0;
	enum stmt_id st = ST_CUSTOMER_LIST_NAME;
	struct dbres *r = NULL, *cur = NULL;
	struct row_ref row;
	struct vis_scope s;
	size_t i;
	int rc = fk_query(rq, rs, &list_form, NULL, f);

	if (rc)
		return rc < 0 ? -1 : 0;
	q = f[Q_Q].present ? f[Q_Q].s : "";   /* white space alone is no search */
	intent = f[Q_INTENT].present ? f[Q_INTENT].s : "";
	segment = f[Q_SEGMENT].present ? f[Q_SEGMENT].s : "";
	sort = f[Q_SORT].s;
	stage = f[Q_STAGE].present ? f[Q_STAGE].s[0] - '0' : 0;
	owner = f[Q_OWNER].i;
	team = f[Q_TEAM].i;
	after = f[Q_AFTER].i;
	if (*q)
		like_pattern(q, like, sizeof like);
	user_today(rq, today);
	if (f[Q_OVERDUE].i)
		snprintf(overdue_before, sizeof overdue_before, "%s", today);
	if (!strcmp(sort, "updated"))
		st = ST_CUSTOMER_LIST_UPDATED;
	else if (!strcmp(sort, "follow"))
		st = ST_CUSTOMER_LIST_FOLLOW;

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

int customer_page(struct req *rq, struct resp *rs, long long id)
{
	struct dbres *r = NULL, *c = NULL;
	struct row_ref row;
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
		if (!view_get(rq, "Form.values.owner_id"))
			view_set(rq, "Form.values.owner_id", dbres_get(r, 0, CC_OWNER_ID));
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
	for (i = 0; followup_channels[i]; i++)
		view_setf(rq, followup_channels[i], "Options.channel.%zu", i);
	if (contact_form_options(rq) < 0)
		return -1;
	if (opportunities_for_customer(rq, id, &row) < 0 || customer_history(rq, id, &row) < 0 ||
	    concessions_for_history(rq, id) < 0 || ireq_for_subject(rq, id, 0) < 0)
		return -1;
	return view_render(rq, rs, "customers/show.cs");
}


int page_customer_show(struct req *rq, struct resp *rs)
{
	return customer_page(rq, rs, rq->ids[0]);
}
/* ------------------------------------------------------------------ create / update */

/* What a customer form works on, across the skeleton's callbacks. */
struct customer_run {
	struct dbres *r;            /* update: the stored row */
	struct row_ref row;         /* update: the stored row's; create and reassign: the new owner's */
	int confidential;           /* this user may write the confidential fields */
	int write_budget, write_notes;   /* which confidential values this save changes */
	char next[11];              /* the next follow-up date to store */
	char budget_plain[48];      /* "CUR minor", the budget ceiling as it is encrypted */
	char changed[512];          /* names of the fields changed (audit) */
};

/* The new row's owner: an active rep or manager; the team and region follow the owner. 0 / 1 no / -1. */
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

/* owner_id of a create (directors, vp) or a reassignment: someone this user may hand the customer to. */
static int owner_lookup(void *ctx, long long id)
{
	struct fk_run *run = ctx;
	struct customer_run *d = run->data;
	int rc = resolve_owner(run->rq, id, &d->row);

	if (rc)
		return rc < 0 ? -1 : 0;
	return vis_can_reassign(&run->rq->user, &d->row);
}

static void set_options(struct req *rq, const char *name, const char *const *opts)
{
	size_t i;

	for (i = 0; opts[i]; i++)
		view_setf(rq, opts[i], "Options.%s.%zu", name, i);
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

/* The form page: on GET the stored values (update) or the defaults (create); on 422 what was typed. */
static int customer_render(struct fk_run *run)
{
	struct customer_run *d = run->data;
	struct req *rq = run->rq;

	if (!run->v && d->r) {
		edit_values(rq, d->r);
		if (d->confidential && edit_secrets(rq, run->id, &d->row, d->r) < 0)
			return -1;
	} else if (!run->v) {
		view_set(rq, "Form.values.currency", "CNY");
		view_set(rq, "Form.values.source", "other");
		view_set(rq, "Form.values.segment", "new");
		view_set(rq, "Form.values.intent", "medium");
		view_set(rq, "Form.values.stage", "1");
	}
	set_options(rq, "currency", currency_list);
	set_options(rq, "source", sources);
	set_options(rq, "segment", segments);
	set_options(rq, "intent", intents);
	set_options(rq, "stage", stages);
	if (d->r)
		view_set_int(rq, "Form.id", run->id);
	if (d->confidential)
		view_set(rq, "Form.confidential", "1");
	if (run->form == &customer_form) {
		view_set(rq, "Form.pick_owner", "1");
		if (load_owner_choices(rq, "Choices.owners", 1) < 0)
			return -1;
	}
	return view_render(rq, run->rs, "customers/form.cs");
}

/* Create: executives review and never create; reps and managers own what they create (no owner
 * field), directors and vp pick the owner. The creator may always write the confidential fields. */
static int create_load(struct fk_run *run)
{
	struct customer_run *d = run->data;
	struct req *rq = run->rq;
	int rc;

	if (rq->user.role == ROLE_EXECUTIVE)
		return 1;
	d->confidential = 1;
	if (rq->user.role != ROLE_REP && rq->user.role != ROLE_MANAGER)
		return 0;
	run->form = &own_customer_form;
	rc = resolve_owner(rq, rq->user.id, &d->row);
	return rc < 0 ? -1 : rc;
}

/* Update: the row as this user may edit it; without the tier the confidential fields are not read. */
static int update_load(struct fk_run *run)
{
	struct customer_run *d = run->data;
	int rc = customer_load_editable(run->rq, run->rs, run->id, &d->r, &d->row);

	if (rc)
		return rc;
	d->confidential = tier_can_write(&run->rq->user, &d->row, TIER_CONFIDENTIAL);
	run->form = d->confidential ? &own_customer_form : &plain_customer_form;
	return 0;
}

/* The next follow-up date (typed, else proposed from the intent) and the budget as it is encrypted. */
static void derive(struct fk_run *run)
{
	struct customer_run *d = run->data;
	const struct fk_val *v = run->v;
	struct req *rq = run->rq;

	fk_date_iso(&v[F_NEXT], d->next);
	if (!d->next[0])
		followup_propose(v[F_INTENT].s, rq->now, rq->user.tz[0] ? rq->user.tz : "Asia/Shanghai", d->next);
	if (d->confidential && v[F_BUDGET].present)
		snprintf(d->budget_plain, sizeof d->budget_plain, "%s %lld", v[F_CURRENCY].s, v[F_BUDGET].i);
}

static int create_check(struct fk_run *run)
{
	struct customer_run *d = run->data;

	derive(run);
	d->write_budget = run->v[F_BUDGET].present;
	d->write_notes = run->v[F_DNOTES].present;
	return 0;
}

static int write_secrets(struct db *db, struct fk_run *run)
{
	struct customer_run *d = run->data;
	int rc = SECRET_OK;

	if (d->confidential && d->write_budget)
		rc = secret_write(db, run->rq, SF_CUSTOMER_BUDGET, run->id, &d->row,
		                  run->v[F_BUDGET].present ? d->budget_plain : NULL);
	if (rc == SECRET_OK && d->confidential && d->write_notes)
		rc = secret_write(db, run->rq, SF_CUSTOMER_DECISION_NOTES, run->id, &d->row, run->v[F_DNOTES].s);
	return rc == SECRET_OK ? 0 : rc == SECRET_DENIED ? DB_ERR : rc;
}

static int create_write(struct db *db, struct fk_run *run)
{
	struct customer_run *d = run->data;
	const struct fk_val *v = run->v;
	struct dbres *r = NULL;
	char now[20];
	int rc;

	clock_fmt_utc(run->rq->now, now);
	rc = DB_EXEC(db, ST_CUSTOMER_INSERT, &r, DBS(v[F_NAME].s), DBS(v[F_INDUSTRY].s),
	             v[F_EMPLOYEES].present ? DBI(v[F_EMPLOYEES].i) : DBNULL,
	             v[F_REVENUE].present ? DBI(v[F_REVENUE].i) : DBNULL, DBS(v[F_CURRENCY].s), DBS(v[F_SOURCE].s),
	             DBS(v[F_SEGMENT].s), DBS(v[F_INTENT].s), DBI(v[F_STAGE].s[0] - '0'), DBI(d->row.owner_id),
	             DBI(d->row.team_id), DBI(d->row.region_id), DBI(v[F_SHARED].i), DBS(v[F_NEED].s),
	             DBS(v[F_SUPPLIERS].s), DBS(v[F_DECISION].s), DBS(v[F_NOTES].s), DBS(d->next),
	             DBI(run->rq->user.id), DBS(now), DBS(now));
	if (rc)
		return rc;
	run->id = (long long)r->insert_id;
	dbres_free(&r);
	return write_secrets(db, run);
}

static const struct fk_page create_page = {
	.form = &customer_form, .load = create_load, .check = create_check, .write = create_write,
	.render = customer_render, .audit_action = "customer.create", .audit_entity = "customer",
	.flash = "customer_created", .location = "/customers/%lld",
};

int page_customer_new(struct req *rq, struct resp *rs)
{
	struct customer_run d = { 0 };

	return fk_get(rq, rs, &create_page, &d);
}

int page_customer_create(struct req *rq, struct resp *rs)
{
	struct customer_run d = { 0 };

	return fk_post(rq, rs, &create_page, &d);
}

static void note_change(char *changed, size_t n, const char *field)
{
	size_t len = strlen(changed);

	snprintf(changed + len, n - len, "%s%s", len ? " " : "", field);
}

/* Names of the fields whose value differs from the stored row (for the audit log). */
static void diff_fields(struct fk_run *run)
{
	static const struct { int field, col; } map[] = {
		{ F_NAME, CC_NAME }, { F_INDUSTRY, CC_INDUSTRY }, { F_CURRENCY, CC_CURRENCY }, { F_SOURCE, CC_SOURCE },
		{ F_SEGMENT, CC_SEGMENT }, { F_INTENT, CC_INTENT }, { F_STAGE, CC_STAGE }, { F_NEED, CC_NEED },
		{ F_SUPPLIERS, CC_SUPPLIERS }, { F_DECISION, CC_DECISION }, { F_NOTES, CC_NOTES },
	};
	struct customer_run *d = run->data;
	const struct fk_val *v = run->v;
	const struct dbres *r = d->r;
	const char *next = dbres_get(r, 0, CC_NEXT_FOLLOW);
	size_t i;

	d->changed[0] = '\0';
	for (i = 0; i < sizeof map / sizeof map[0]; i++) {
		const char *old = dbres_get(r, 0, (size_t)map[i].col);
		if (strcmp(old ? old : "", v[map[i].field].s))
			note_change(d->changed, sizeof d->changed, customer_fields[map[i].field].name);
	}
	if (strcmp(next ? next : "", d->next))
		note_change(d->changed, sizeof d->changed, "next_follow_up");
	if ((dbres_get(r, 0, CC_EMPLOYEES) ? dbres_int(r, 0, CC_EMPLOYEES) : -1) !=
	    (v[F_EMPLOYEES].present ? v[F_EMPLOYEES].i : -1))
		note_change(d->changed, sizeof d->changed, "employees");
	if ((dbres_get(r, 0, CC_REVENUE) ? dbres_int(r, 0, CC_REVENUE) : -1) !=
	    (v[F_REVENUE].present ? v[F_REVENUE].i : -1))
		note_change(d->changed, sizeof d->changed, "annual_revenue");
	if ((dbres_int(r, 0, CC_SHARED) != 0) != (v[F_SHARED].i != 0))
		note_change(d->changed, sizeof d->changed, "shared_with_team");
	/* Confidential fields are named when written or cleared; their values never reach the log. */
	if (d->write_budget)
		note_change(d->changed, sizeof d->changed, "budget_ceiling");
	if (d->write_notes)
		note_change(d->changed, sizeof d->changed, "decision_notes");
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

static int update_check(struct fk_run *run)
{
	struct customer_run *d = run->data;
	const struct fk_val *v = run->v;
	struct req *rq = run->rq;

	if (run->bad)
		return 0;   /* shown again as typed: nothing to compare yet */
	derive(run);
	if (d->confidential) {
		d->write_budget = secret_changed(rq, SF_CUSTOMER_BUDGET, run->id, dbres_get(d->r, 0, CC_BUDGET_ENC),
		                                 req_form(rq, "budget_ceiling"), v[F_BUDGET].present ? d->budget_plain : NULL);
		d->write_notes = secret_changed(rq, SF_CUSTOMER_DECISION_NOTES, run->id, dbres_get(d->r, 0, CC_NOTES_ENC),
		                                req_form(rq, "decision_notes"), v[F_DNOTES].present ? v[F_DNOTES].s : NULL);
	}
	diff_fields(run);
	snprintf(run->detail, sizeof run->detail, "changed: %s", d->changed[0] ? d->changed : "-");
	return 0;
}

static int update_write(struct db *db, struct fk_run *run)
{
	const struct fk_val *v = run->v;
	struct customer_run *d = run->data;
	char now[20];
	int rc;

	clock_fmt_utc(run->rq->now, now);
	rc = DB_EXEC(db, ST_CUSTOMER_UPDATE, NULL, DBS(v[F_NAME].s), DBS(v[F_INDUSTRY].s),
	             v[F_EMPLOYEES].present ? DBI(v[F_EMPLOYEES].i) : DBNULL,
	             v[F_REVENUE].present ? DBI(v[F_REVENUE].i) : DBNULL, DBS(v[F_CURRENCY].s), DBS(v[F_SOURCE].s),
	             DBS(v[F_SEGMENT].s), DBS(v[F_INTENT].s), DBI(v[F_STAGE].s[0] - '0'), DBI(v[F_SHARED].i),
	             DBS(v[F_NEED].s), DBS(v[F_SUPPLIERS].s), DBS(v[F_DECISION].s), DBS(v[F_NOTES].s), DBS(d->next),
	             DBS(now), DBI(run->id));
	if (rc)
		return rc;
	return write_secrets(db, run);
}

static const struct fk_page update_page = {
	.form = &customer_form, .load = update_load, .check = update_check, .write = update_write,
	.render = customer_render, .audit_action = "customer.update", .audit_entity = "customer",
	.flash = "saved", .location = "/customers/%lld",
};

int page_customer_edit(struct req *rq, struct resp *rs)
{
	struct customer_run d = { 0 };
	int rc = fk_get(rq, rs, &update_page, &d);

	dbres_free(&d.r);
	return rc;
}

int page_customer_update(struct req *rq, struct resp *rs)
{
	struct customer_run d = { 0 };
	int rc = fk_post(rq, rs, &update_page, &d);

	dbres_free(&d.r);
	return rc;
}

/* ------------------------------------------------------------------ reassign */

static const struct fk_field reassign_fields[] = {
	{ "owner_id", FK_USER, FK_REQUIRED, .lookup = owner_lookup },
};
static const struct fk_form reassign_form = { reassign_fields, 1 };

/* Only those who may reassign this customer (team manager, director, vp) see it to reassign. */
static int reassign_load(struct fk_run *run)
{
	struct dbres *r = NULL;
	struct row_ref row;
	int rc = customer_load(run->rq, run->id, &r, &row);

	dbres_free(&r);
	if (rc)
		return rc;
	return vis_can_reassign(&run->rq->user, &row) ? 0 : 1;
}

static int reassign_write(struct db *db, struct fk_run *run)
{
	struct customer_run *d = run->data;
	char now[20];

	int rc;

	clock_fmt_utc(run->rq->now, now);
	snprintf(run->detail, sizeof run->detail, "owner=%lld team=%lld", d->row.owner_id, d->row.team_id);
	/* the former owner's open opportunities go with the customer, and the right to change their deal teams */
	if ((rc = DB_EXEC(db, ST_CUSTOMER_REASSIGN_OPPS, NULL, DBI(d->row.owner_id), DBS(now), DBI(run->id), DBI(run->id))))
		return rc;
	return DB_EXEC(db, ST_CUSTOMER_REASSIGN, NULL, DBI(d->row.owner_id), DBI(d->row.team_id),
	               DBI(d->row.region_id), DBS(now), DBI(run->id));
}

/* The reassignment form lives on the customer page: shown there again with the message. */
static int reassign_render(struct fk_run *run)
{
	return customer_page(run->rq, run->rs, run->id);
}

static const struct fk_page reassign_page = {
	.form = &reassign_form, .load = reassign_load, .write = reassign_write, .render = reassign_render,
	.audit_action = "customer.reassign", .audit_entity = "customer", .flash = "customer_reassigned",
	.location = "/customers/%lld",
};

int page_customer_reassign(struct req *rq, struct resp *rs)
{
	struct customer_run d = { 0 };

	return fk_post(rq, rs, &reassign_page, &d);
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
