/* /opportunities… — sales roles (CAP_SALES). An opportunity is visible exactly when its customer
 * is (VIS_SQL on the joined customer; vis_can_* on the customer's row_ref); anything else is a 404.
 *   GET  /opportunities                        list: ?status= &stage= &customer= &after=<last id>
 *   GET  /opportunities/new?customer_id=ID     empty form     } need the right to edit the customer
 *   POST /opportunities                        create          }
 *   GET  /opportunities/{id}                   show, with the stage history
 *   GET  /opportunities/{id}/edit, POST /opportunities/{id}   update (same right)
 * Cost and margin are restricted: only secret_read/secret_write touch them, and for a user without
 * the tier they are absent from page, form and list, and posting them changes nothing.
 * Every change writes the stage history (stage or status changed) and the audit log in the same
 * transaction. opportunities_for_customer() fills the customer page's list
 * (templates/opportunities/_customer_list.cs). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "audit/audit.h"
#include "auth/secrets.h"
#include "auth/visibility.h"
#include "domain/closing.h"
#include "domain/opportunity.h"
#include "domain/units.h"
#include "http/fields.h"
#include "http/router.h"
#include "pages/customer_common.h"
#include "pages/opp_common.h"
#include "pages/pages.h"
#include "pages/requests.h"
#include "pages/pickers.h"
#include "util/clock.h"
#include "view/view.h"

#define OPP_PAGE 50
#define CUSTOMER_OPPS_MAX 100


enum {
	OF_CUSTOMER, OF_TITLE, OF_STAGE, OF_CURRENCY, OF_LIST, OF_INITIAL, OF_CURRENT, OF_FINAL, OF_CLOSE, OF_STATUS,
	OF_COST, OF_MARGIN, OF__N
};
#define OF_NPRICES 4   /* OF_LIST … OF_FINAL */
static const struct field_spec opp_fields[OF__N] = {
	[OF_CUSTOMER] = { "customer_id", F_ID, 1, 0, 0, NULL },
	[OF_TITLE] = { "title", F_TEXT, 1, 1, 200, NULL },
	[OF_STAGE] = { "stage", F_INT, 1, OPP_STAGE_MIN, OPP_STAGE_MAX, NULL },
	[OF_CURRENCY] = { "currency", F_TEXT, 1, 3, 3, NULL },
	[OF_LIST] = { "list_price", F_TEXT, 0, 0, 32, NULL },
	[OF_INITIAL] = { "initial_quote", F_TEXT, 0, 0, 32, NULL },
	[OF_CURRENT] = { "current_offer", F_TEXT, 0, 0, 32, NULL },
	[OF_FINAL] = { "final_price", F_TEXT, 0, 0, 32, NULL },
	[OF_CLOSE] = { "expected_close", F_TEXT, 0, 0, 10, NULL },
	[OF_STATUS] = { "status", F_CHOICE, 1, 0, 0, opp_statuses },
	[OF_COST] = { "cost", F_TEXT, 0, 0, 32, NULL },        /* restricted */
	[OF_MARGIN] = { "margin", F_TEXT, 0, 0, 16, NULL },    /* restricted */
};

/* Column positions of ST_OPP_CUSTOMER. */
enum { CR_ID, CR_NAME, CR_OWNER, CR_TEAM, CR_REGION, CR_SHARED, CR_CURRENCY, CR_STAGE };

/* ------------------------------------------------------------------ loading */

/* The customer as the user may see it: 0 found, 1 not visible or missing, -1 error. */
static int load_customer(struct req *rq, long long id, struct dbres **r, struct row_ref *ref)
{
	return vis_fetch_ref(rq, ST_OPP_CUSTOMER, id, CR_OWNER, r, ref);
}

int opp_load(struct req *rq, long long id, struct dbres **r, struct row_ref *ref)
{
	return vis_fetch_ref(rq, ST_OPP_GET, id, OC_C_OWNER, r, ref);
}

/* ------------------------------------------------------------------ formatting */

int opp_set_stage_label(struct req *rq, const char *name, long long stage)
{
	char key[32];

	if (!opp_stage_ok(stage))
		return view_set(rq, name, "");
	snprintf(key, sizeof key, "opp.stage_%lld", stage);
	return view_set(rq, name, view_str(rq, key));
}

int opp_set_status_label(struct req *rq, const char *name, const char *status)
{
	char key[32];

	if (!opp_status_ok(status))
		return view_set(rq, name, "");
	snprintf(key, sizeof key, "opp.status_%s", status);
	return view_set(rq, name, view_str(rq, key));
}

int opp_set_money(struct req *rq, const char *name, const char *minor, const char *currency)
{
	char out[64];
	long long m;

	if (!minor || parse_int64(minor, 0, MONEY_MAX, &m) < 0)
		return 0;
	money_format(m, currency, rq->lang, out, sizeof out);
	return view_set(rq, name, out);
}

static int set_money_input(struct req *rq, const char *name, const char *minor)
{
	char out[40];
	long long m;

	if (!minor || parse_int64(minor, 0, MONEY_MAX, &m) < 0)
		return 0;
	money_input(m, out, sizeof out);
	return view_set(rq, name, out);
}

/* Stage, status and currency choices for the list filters and the form. */
static void set_choices(struct req *rq)
{
	char name[64];
	size_t i;

	for (i = 0; i < OPP_STAGE_MAX; i++) {
		snprintf(name, sizeof name, "Choices.stages.%zu.value", i);
		view_set_int(rq, name, (long long)i + 1);
		snprintf(name, sizeof name, "Choices.stages.%zu.label", i);
		opp_set_stage_label(rq, name, (long long)i + 1);
	}
	for (i = 0; opp_statuses[i]; i++) {
		view_setf(rq, opp_statuses[i], "Choices.statuses.%zu.value", i);
		snprintf(name, sizeof name, "Choices.statuses.%zu.label", i);
		opp_set_status_label(rq, name, opp_statuses[i]);
	}
	for (i = 0; currency_list[i]; i++)
		view_setf(rq, currency_list[i], "Choices.currencies.%zu", i);
}

/* ------------------------------------------------------------------ input */

struct opp_input {
	struct field_val v[OF__N];
	long long price[OF_NPRICES];   /* minor units; -1: none */
	char close[11];                /* ISO date; "": none */
	const char *lost;              /* the lost reason as stored */
	const char *status_now;        /* update: the status stored; create: NULL */
	char status_buf[16];
	char lost_now[2004];           /* update: the lost reason stored (500 characters) */
	int restricted;                /* the user may write cost and margin */
	int cost_posted, margin_posted;   /* the field was in the submission ("" clears it) */
	char cost[24], margin[24];     /* minor units / basis points as decimal text; "": none */
};

/* Validates everything but customer_id; cost and margin only for a user with the tier (for anyone
 * else they are neither read, kept nor reported). Returns the number of invalid fields. */
static int read_input(struct req *rq, struct opp_input *in)
{
	int ok[OF__N] = { 0 }, bad = 0;
	long long m;
	size_t i, last = in->restricted ? OF__N : OF_COST;

	form_keep(rq, opp_fields + OF_TITLE, last - OF_TITLE);
	for (i = OF_TITLE; i < last; i++) {
		ok[i] = form_validate(rq, &opp_fields[i], 1, &in->v[i]) == 0;
		bad += !ok[i];
	}
	if (ok[OF_CURRENCY] && !currency_ok(in->v[OF_CURRENCY].s)) {
		view_form_error(rq, "currency", "form.invalid_choice");
		bad++;
	}
	for (i = 0; i < OF_NPRICES; i++) {
		const struct field_val *v = &in->v[OF_LIST + i];
		in->price[i] = -1;
		if (!ok[OF_LIST + i] || !v->present)
			continue;
		if (money_parse(v->s, &m) < 0) {
			view_form_error(rq, opp_fields[OF_LIST + i].name, "opp.bad_money");
			bad++;
		} else {
			in->price[i] = m;
		}
	}
	in->close[0] = '\0';
	if (ok[OF_CLOSE] && in->v[OF_CLOSE].present) {
		int y, mo, d;
		if (date_parse(in->v[OF_CLOSE].s, &y, &mo, &d) < 0) {
			view_form_error(rq, "expected_close", "opp.bad_date");
			bad++;
		} else {
			snprintf(in->close, sizeof in->close, "%s", in->v[OF_CLOSE].s);
		}
	}
	/* Won and lost are reached only through the closing form (a structured reason), and left only by
	 * reopening: here the status is open or on hold, or stays what it is. */
	if (ok[OF_STATUS] && (in->status_now && closing_can_reopen(in->status_now)
	                              ? strcmp(in->status_now, in->v[OF_STATUS].s) != 0
	                              : !closing_can_close(in->v[OF_STATUS].s))) {
		view_form_error(rq, "status", in->status_now && closing_can_reopen(in->status_now) ? "closing.reopen_first"
		                                                                                    : "closing.use_form");
		bad++;
	}
	in->lost = in->status_now && ok[OF_STATUS] && !strcmp(in->status_now, in->v[OF_STATUS].s) ? in->lost_now : "";
	in->cost[0] = in->margin[0] = '\0';
	in->cost_posted = in->margin_posted = 0;
	if (!in->restricted)
		return bad;
	in->cost_posted = kv_count(&rq->form, "cost") > 0;
	in->margin_posted = kv_count(&rq->form, "margin") > 0;
	if (ok[OF_COST] && in->v[OF_COST].present) {
		if (money_parse(in->v[OF_COST].s, &m) < 0) {
			view_form_error(rq, "cost", "opp.bad_money");
			bad++;
		} else {
			snprintf(in->cost, sizeof in->cost, "%lld", m);
		}
	}
	if (ok[OF_MARGIN] && in->v[OF_MARGIN].present) {
		if (bp_parse(in->v[OF_MARGIN].s, &m) < 0) {
			view_form_error(rq, "margin", "opp.bad_percent");
			bad++;
		} else {
			snprintf(in->margin, sizeof in->margin, "%lld", m);
		}
	}
	return bad;
}

static struct dbp price_param(const struct opp_input *in, size_t i)
{
	return in->price[i] >= 0 ? DBI(in->price[i]) : DBNULL;
}

static int render_form(struct req *rq, struct resp *rs, long long id, long long customer_id, const char *customer_name,
                       int restricted, const char *status_now)
{
	/* A won or lost opportunity keeps its status here (reopening changes it); others choose open or on hold. */
	if (status_now && closing_can_reopen(status_now)) {
		view_set(rq, "Form.closed_status", status_now);
		opp_set_status_label(rq, "Form.closed_status_label", status_now);
	}
	set_choices(rq);
	if (id)
		view_set_int(rq, "Form.id", id);
	view_set_int(rq, "Form.customer_id", customer_id);
	view_set(rq, "Form.customer_name", customer_name);
	if (restricted)
		view_set(rq, "Form.restricted", "1");
	return view_render(rq, rs, "opportunities/form.cs");
}

/* ------------------------------------------------------------------ list */

/* Columns 0..7 shared by ST_OPP_LIST and ST_OPP_BY_CUSTOMER: id, title, stage, status, currency,
 * current offer, final price, expected close. */
static void set_opp_row(struct req *rq, const struct dbres *r, size_t i, const char *prefix)
{
	const char *cur = dbres_get(r, i, 4);
	char name[64];

	view_setf(rq, dbres_get(r, i, 0), "%s.%zu.id", prefix, i);
	view_setf(rq, dbres_get(r, i, 1), "%s.%zu.title", prefix, i);
	view_setf(rq, dbres_get(r, i, 2), "%s.%zu.stage", prefix, i);
	snprintf(name, sizeof name, "%s.%zu.stage_label", prefix, i);
	opp_set_stage_label(rq, name, dbres_int(r, i, 2));
	view_setf(rq, dbres_get(r, i, 3), "%s.%zu.status", prefix, i);
	snprintf(name, sizeof name, "%s.%zu.status_label", prefix, i);
	opp_set_status_label(rq, name, dbres_get(r, i, 3));
	snprintf(name, sizeof name, "%s.%zu.current_offer", prefix, i);
	opp_set_money(rq, name, dbres_get(r, i, 5), cur);
	snprintf(name, sizeof name, "%s.%zu.final_price", prefix, i);
	opp_set_money(rq, name, dbres_get(r, i, 6), cur);
	snprintf(name, sizeof name, "%s.%zu.expected_close", prefix, i);
	set_date(rq, name, dbres_get(r, i, 7));
}

int page_opportunities(struct req *rq, struct resp *rs)
{
	const char *status = req_query(rq, "status"), *q;
	long long stage = 0, customer = 0, after = 0;
	struct dbres *r = NULL, *c = NULL;
	struct row_ref ref;
	struct vis_scope s;
	size_t i;
	int rc;

	/* Filters that do not parse are simply not applied. */
	if (!opp_status_ok(status))
		status = "";
	if ((q = req_query(rq, "stage")) && parse_int64(q, OPP_STAGE_MIN, OPP_STAGE_MAX, &stage) < 0)
		stage = 0;
	if ((q = req_query(rq, "customer")) && parse_id(q, strlen(q), &customer) < 0)
		customer = 0;
	if ((q = req_query(rq, "after")) && parse_id(q, strlen(q), &after) < 0)
		after = 0;

	if (customer) {
		rc = load_customer(rq, customer, &c, &ref);
		if (rc < 0)
			return -1;
		if (rc == 0) {
			view_set_int(rq, "Filter.customer", customer);
			view_set(rq, "Filter.customer_name", dbres_get(c, 0, CR_NAME));
			if (vis_can_edit(&rq->user, &ref))
				view_set(rq, "Filter.can_create", "1");
			dbres_free(&c);
		}
		/* An invisible customer filters to nothing: the list below is empty. */
	}
	if (*status)
		view_set(rq, "Filter.status", status);
	if (stage)
		view_set_int(rq, "Filter.stage", stage);

	vis_scope_for(&rq->user, &s);
	if (DB_EXEC(rq->app->db, ST_OPP_LIST, &r, VIS_PARAMS(&s), DBS(status), DBS(status), DBI(stage), DBI(stage),
	            DBI(customer), DBI(customer), DBI(after), DBI(after), DBI(OPP_PAGE + 1)) != DB_OK)
		return -1;
	for (i = 0; i < r->nrows && i < OPP_PAGE; i++) {
		set_opp_row(rq, r, i, "Opps");
		view_setf(rq, dbres_get(r, i, 8), "Opps.%zu.customer_id", i);
		view_setf(rq, dbres_get(r, i, 9), "Opps.%zu.customer_name", i);
		view_setf(rq, dbres_get(r, i, 10), "Opps.%zu.owner", i);
	}
	if (r->nrows > OPP_PAGE)
		view_set(rq, "Page.next_after", dbres_get(r, OPP_PAGE - 1, 0));
	dbres_free(&r);
	set_choices(rq);
	return view_render(rq, rs, "opportunities/list.cs");
}

int opportunities_for_customer(struct req *rq, long long customer_id, const struct row_ref *ref)
{
	struct dbres *r = NULL;
	struct vis_scope s;
	size_t i;

	view_set_int(rq, "CustomerOppsInfo.customer_id", customer_id);
	if (vis_can_edit(&rq->user, ref))
		view_set(rq, "CustomerOppsInfo.can_create", "1");
	vis_scope_for(&rq->user, &s);
	if (DB_EXEC(rq->app->db, ST_OPP_BY_CUSTOMER, &r, VIS_PARAMS(&s), DBI(customer_id),
	            DBI(CUSTOMER_OPPS_MAX + 1)) != DB_OK)
		return -1;
	for (i = 0; i < r->nrows && i < CUSTOMER_OPPS_MAX; i++) {
		set_opp_row(rq, r, i, "CustomerOpps");
		view_setf(rq, dbres_get(r, i, 8), "CustomerOpps.%zu.owner", i);
	}
	if (r->nrows > CUSTOMER_OPPS_MAX)
		view_set(rq, "CustomerOppsInfo.more", "1");
	dbres_free(&r);
	return 0;
}

/* ------------------------------------------------------------------ create */

struct opp_tx {
	struct req *rq;
	struct opp_input *in;
	struct row_ref ref;
	long long id, customer_id, owner_id;
	int cost_changed, margin_changed;   /* update: decided before the transaction */
	int gone;                           /* update: the row vanished meanwhile */
	char detail[400];
};

/* Appends " name" to the audit detail. */
static void detail_add(char *detail, size_t n, const char *name)
{
	size_t len = strlen(detail);

	snprintf(detail + len, n - len, " %s", name);
}

static int write_secrets(struct db *db, struct opp_tx *t, int cost, int margin)
{
	int rc;

	if (cost) {
		rc = secret_write(db, t->rq, SF_OPP_COST, t->id, &t->ref, t->in->cost);
		if (rc != SECRET_OK)
			return rc ? rc : -1;
		detail_add(t->detail, sizeof t->detail, "cost");
	}
	if (margin) {
		rc = secret_write(db, t->rq, SF_OPP_MARGIN, t->id, &t->ref, t->in->margin);
		if (rc != SECRET_OK)
			return rc ? rc : -1;
		detail_add(t->detail, sizeof t->detail, "margin");
	}
	return 0;
}

static int create_tx_fn(struct db *db, void *p)
{
	struct opp_tx *t = p;
	struct opp_input *in = t->in;
	struct dbres *r = NULL;
	char now[20];
	size_t i;
	int rc;

	clock_fmt_utc(t->rq->now, now);
	rc = DB_EXEC(db, ST_OPP_INSERT, &r, DBI(t->customer_id), DBS(in->v[OF_TITLE].s), DBI(in->v[OF_STAGE].i),
	             DBS(in->v[OF_CURRENCY].s), price_param(in, 0), price_param(in, 1), price_param(in, 2),
	             price_param(in, 3), in->close[0] ? DBS(in->close) : DBNULL, DBS(in->v[OF_STATUS].s), DBS(in->lost),
	             DBI(t->owner_id), DBS(now), DBS(now));
	if (rc)
		return rc;
	t->id = (long long)r->insert_id;
	dbres_free(&r);
	rc = DB_EXEC(db, ST_OPP_STAGE_INSERT, NULL, DBI(t->id), DBNULL, DBI(in->v[OF_STAGE].i), DBS(in->v[OF_STATUS].s),
	             DBI(t->rq->user.id), DBS(now));
	if (rc)
		return rc;
	/* The detail names the fields given a value, never the values. */
	snprintf(t->detail, sizeof t->detail, "set: title stage status currency");
	for (i = 0; i < OF_NPRICES; i++)
		if (in->price[i] >= 0)
			detail_add(t->detail, sizeof t->detail, opp_fields[OF_LIST + i].name);
	if (in->close[0])
		detail_add(t->detail, sizeof t->detail, "expected_close");
	if (in->lost[0])
		detail_add(t->detail, sizeof t->detail, "lost_reason");
	/* The row exists now: its id is part of the ciphertext's associated data. */
	rc = write_secrets(db, t, in->restricted && in->cost[0], in->restricted && in->margin[0]);
	if (rc)
		return rc;
	return audit_req(t->rq, "opportunity.create", "opportunity", t->id, t->detail);
}

int page_opportunity_new(struct req *rq, struct resp *rs)
{
	const char *q = req_query(rq, "customer_id");
	struct dbres *c = NULL;
	struct row_ref ref;
	long long cid;
	int rc, restricted;

	if (!q || !*q)
		return picker_render(rq, rs, PICK_CUSTOMER, "/opportunities/new");
	if (parse_id(q, strlen(q), &cid) < 0) {
		resp_error(rs, rq, 404);
		return 0;
	}
	rc = load_customer(rq, cid, &c, &ref);
	rc = require_editable(rq, rs, rc, &c, &ref);
	if (rc)
		return rc < 0 ? -1 : 0;
	restricted = tier_can_write(&rq->user, &ref, TIER_RESTRICTED);
	view_set(rq, "Form.values.currency", dbres_get(c, 0, CR_CURRENCY));
	view_set(rq, "Form.values.stage", dbres_get(c, 0, CR_STAGE));
	view_set(rq, "Form.values.status", "open");
	rc = render_form(rq, rs, 0, cid, dbres_get(c, 0, CR_NAME), restricted, NULL);
	dbres_free(&c);
	return rc;
}

int page_opportunity_create(struct req *rq, struct resp *rs)
{
	const char *q = req_form(rq, "customer_id");
	struct opp_input in;
	struct opp_tx t;
	struct dbres *c = NULL;
	struct row_ref ref;
	char loc[64];
	long long cid;
	int rc;

	memset(&in, 0, sizeof in);
	if (!q || parse_id(q, strlen(q), &cid) < 0) {
		resp_error(rs, rq, 404);
		return 0;
	}
	rc = load_customer(rq, cid, &c, &ref);
	rc = require_editable(rq, rs, rc, &c, &ref);
	if (rc)
		return rc < 0 ? -1 : 0;
	in.restricted = tier_can_write(&rq->user, &ref, TIER_RESTRICTED);
	if (read_input(rq, &in)) {
		rs->status = 422;
		rc = render_form(rq, rs, 0, cid, dbres_get(c, 0, CR_NAME), in.restricted, NULL);
		dbres_free(&c);
		return rc;
	}
	dbres_free(&c);
	/* The opportunity belongs to whoever owns the customer, and is seen by whoever sees it. */
	t = (struct opp_tx){ .rq = rq, .in = &in, .ref = ref, .customer_id = cid, .owner_id = ref.owner_id };
	if (db_tx(rq->app->db, create_tx_fn, &t) != DB_OK)
		return -1;
	view_flash(rq, rs, "opp_created");
	snprintf(loc, sizeof loc, "/opportunities/%lld", t.id);
	resp_redirect(rs, loc);
	return 0;
}

/* ------------------------------------------------------------------ show */

/* name = the restricted value decrypted and formatted, with name_state = "value", "empty" or
 * "broken"; kind 'm' money in currency, 'p' percent. 0, or -1 when the read could not be audited. */
static int show_secret(struct req *rq, enum secret_id f, long long id, const struct row_ref *ref, const char *stored,
                       const char *name, char kind, const char *currency)
{
	char state[64], out[64];
	char *plain = NULL;
	long long v;
	int rc = secret_read(rq, f, id, ref, stored, &plain);

	snprintf(state, sizeof state, "%s_state", name);
	switch (rc) {
	case SECRET_OK:
		if (parse_int64(plain, 0, MONEY_MAX, &v) < 0) {
			view_set(rq, state, "broken");
			break;
		}
		if (kind == 'm')
			money_format(v, currency, rq->lang, out, sizeof out);
		else
			bp_format(v, out, sizeof out);
		view_set(rq, name, out);
		view_set(rq, state, "value");
		break;
	case SECRET_EMPTY:
		view_set(rq, state, "empty");
		break;
	case SECRET_BROKEN:
		view_set(rq, state, "broken");
		break;
	case SECRET_DENIED:
		break;
	default:
		return -1;
	}
	secret_release(&plain);
	return 0;
}

static int load_history(struct req *rq, long long id)
{
	struct dbres *r = NULL;
	struct vis_scope s;
	char name[64];
	size_t i;

	vis_scope_for(&rq->user, &s);
	if (DB_EXEC(rq->app->db, ST_OPP_STAGE_LIST, &r, VIS_PARAMS(&s), DBI(id)) != DB_OK)
		return -1;
	for (i = 0; i < r->nrows; i++) {
		if (dbres_get(r, i, 0)) {
			view_setf(rq, dbres_get(r, i, 0), "Opp.history.%zu.from", i);
			snprintf(name, sizeof name, "Opp.history.%zu.from_label", i);
			opp_set_stage_label(rq, name, dbres_int(r, i, 0));
		}
		view_setf(rq, dbres_get(r, i, 1), "Opp.history.%zu.to", i);
		snprintf(name, sizeof name, "Opp.history.%zu.to_label", i);
		opp_set_stage_label(rq, name, dbres_int(r, i, 1));
		view_setf(rq, dbres_get(r, i, 2), "Opp.history.%zu.status", i);
		snprintf(name, sizeof name, "Opp.history.%zu.status_label", i);
		opp_set_status_label(rq, name, dbres_get(r, i, 2));
		snprintf(name, sizeof name, "Opp.history.%zu.when", i);
		set_when(rq, name, dbres_get(r, i, 3));
		view_setf(rq, dbres_get(r, i, 4), "Opp.history.%zu.who", i);
	}
	dbres_free(&r);
	return 0;
}

int page_opportunity_show(struct req *rq, struct resp *rs)
{
	struct dbres *r = NULL;
	struct row_ref ref;
	const char *cur;
	long long id = rq->ids[0];
	int rc = opp_load(rq, id, &r, &ref);

	if (rc < 0)
		return -1;
	if (rc) {
		resp_error(rs, rq, 404);
		return 0;
	}
	cur = dbres_get(r, 0, OC_CURRENCY);
	view_set_int(rq, "Opp.id", id);
	view_set(rq, "Opp.title", dbres_get(r, 0, OC_TITLE));
	view_set(rq, "Opp.customer_id", dbres_get(r, 0, OC_CUSTOMER));
	view_set(rq, "Opp.customer_name", dbres_get(r, 0, OC_CNAME));
	view_set(rq, "Opp.stage", dbres_get(r, 0, OC_STAGE));
	opp_set_stage_label(rq, "Opp.stage_label", dbres_int(r, 0, OC_STAGE));
	view_set(rq, "Opp.status", dbres_get(r, 0, OC_STATUS));
	opp_set_status_label(rq, "Opp.status_label", dbres_get(r, 0, OC_STATUS));
	view_set(rq, "Opp.lost_reason", dbres_get(r, 0, OC_LOST));
	view_set(rq, "Opp.currency", cur);
	opp_set_money(rq, "Opp.list_price", dbres_get(r, 0, OC_LIST), cur);
	opp_set_money(rq, "Opp.initial_quote", dbres_get(r, 0, OC_INITIAL), cur);
	opp_set_money(rq, "Opp.current_offer", dbres_get(r, 0, OC_CURRENT), cur);
	opp_set_money(rq, "Opp.final_price", dbres_get(r, 0, OC_FINAL), cur);
	set_date(rq, "Opp.expected_close", dbres_get(r, 0, OC_CLOSE));
	view_set(rq, "Opp.owner", dbres_get(r, 0, OC_OWNER_NAME));
	set_when(rq, "Opp.created", dbres_get(r, 0, OC_CREATED));
	set_when(rq, "Opp.updated", dbres_get(r, 0, OC_UPDATED));
	if (vis_can_edit(&rq->user, &ref))
		view_set(rq, "Opp.can_edit", "1");
	if (tier_can_read(&rq->user, &ref, TIER_RESTRICTED)) {
		view_set(rq, "Opp.restricted", "1");
		if (show_secret(rq, SF_OPP_COST, id, &ref, dbres_get(r, 0, OC_COST), "Opp.cost", 'm', cur) < 0 ||
		    show_secret(rq, SF_OPP_MARGIN, id, &ref, dbres_get(r, 0, OC_MARGIN), "Opp.margin", 'p', cur) < 0) {
			dbres_free(&r);
			return -1;
		}
	}
	if (vis_can_edit(&rq->user, &ref) && closing_can_close(dbres_get(r, 0, OC_STATUS)))
		view_set(rq, "Opp.can_close", "1");
	if (vis_can_edit(&rq->user, &ref) && closing_can_reopen(dbres_get(r, 0, OC_STATUS)))
		view_set(rq, "Opp.can_reopen", "1");
	rc = closings_for_opportunity(rq, id, &ref, cur, dbres_get(r, 0, OC_LIST) ? dbres_int(r, 0, OC_LIST) : -1);
	dbres_free(&r);
	if (rc < 0 || load_history(rq, id) < 0 || plans_for_opportunity(rq, id, vis_can_edit(&rq->user, &ref)) < 0 ||
	    deal_team_for_opportunity(rq, id) < 0)
		return -1;
	if (ireq_for_subject(rq, 0, id) < 0)
		return -1;
	return view_render(rq, rs, "opportunities/show.cs");
}

/* ------------------------------------------------------------------ edit / update */

/* Form.values.name = the restricted value for an input field, or Form.broken.name when it cannot be
 * decrypted. 0, or -1 when the read could not be audited. */
static int form_secret(struct req *rq, enum secret_id f, long long id, const struct row_ref *ref, const char *stored,
                       const char *field, char kind)
{
	char out[40];
	char *plain = NULL;
	long long v;
	int rc = secret_read(rq, f, id, ref, stored, &plain);

	if (rc == SECRET_OK && parse_int64(plain, 0, MONEY_MAX, &v) == 0) {
		if (kind == 'm')
			money_input(v, out, sizeof out);
		else
			bp_input(v, out, sizeof out);
		view_setf(rq, out, "Form.values.%s", field);
	} else if (rc == SECRET_OK || rc == SECRET_BROKEN) {
		view_setf(rq, "1", "Form.broken.%s", field);
	} else if (rc != SECRET_EMPTY && rc != SECRET_DENIED) {
		secret_release(&plain);
		return -1;
	}
	secret_release(&plain);
	return 0;
}

int page_opportunity_edit(struct req *rq, struct resp *rs)
{
	struct dbres *r = NULL;
	struct row_ref ref;
	long long id = rq->ids[0];
	int rc = opp_load(rq, id, &r, &ref), restricted;

	rc = require_editable(rq, rs, rc, &r, &ref);
	if (rc)
		return rc < 0 ? -1 : 0;
	view_set(rq, "Form.values.title", dbres_get(r, 0, OC_TITLE));
	view_set(rq, "Form.values.stage", dbres_get(r, 0, OC_STAGE));
	view_set(rq, "Form.values.currency", dbres_get(r, 0, OC_CURRENCY));
	set_money_input(rq, "Form.values.list_price", dbres_get(r, 0, OC_LIST));
	set_money_input(rq, "Form.values.initial_quote", dbres_get(r, 0, OC_INITIAL));
	set_money_input(rq, "Form.values.current_offer", dbres_get(r, 0, OC_CURRENT));
	set_money_input(rq, "Form.values.final_price", dbres_get(r, 0, OC_FINAL));
	view_set(rq, "Form.values.expected_close", dbres_get(r, 0, OC_CLOSE));
	view_set(rq, "Form.values.status", dbres_get(r, 0, OC_STATUS));
	restricted = tier_can_write(&rq->user, &ref, TIER_RESTRICTED);
	if (restricted && (form_secret(rq, SF_OPP_COST, id, &ref, dbres_get(r, 0, OC_COST), "cost", 'm') < 0 ||
	                   form_secret(rq, SF_OPP_MARGIN, id, &ref, dbres_get(r, 0, OC_MARGIN), "margin", 'p') < 0)) {
		dbres_free(&r);
		return -1;
	}
	rc = render_form(rq, rs, id, dbres_int(r, 0, OC_CUSTOMER), dbres_get(r, 0, OC_CNAME), restricted,
	                 dbres_get(r, 0, OC_STATUS));
	dbres_free(&r);
	return rc;
}

/* Whether a posted restricted value differs from the stored one. The old value is read to compare
 * through secret_read (and so audited) when one is stored. 0/1, -1 error. */
static int secret_changed(struct req *rq, enum secret_id f, long long id, const struct row_ref *ref,
                          const char *stored, int posted, const char *now)
{
	char *plain = NULL;
	int rc, changed;

	if (!posted)
		return 0;   /* not in the submission: left as it is */
	if (!stored || !*stored)
		return now[0] != '\0';
	rc = secret_read(rq, f, id, ref, stored, &plain);
	if (rc == SECRET_OK) {
		changed = strcmp(plain, now) != 0;
		secret_release(&plain);
		return changed;
	}
	/* A value that no longer decrypts is replaced by a fresh one, but not cleared by the empty
	 * field the form showed in its place (it stays as evidence). */
	if (rc == SECRET_BROKEN)
		return now[0] != '\0';
	return -1;
}

/* Compares the locked row with the input and records the changed field names in t->detail. */
static int internal_changes(struct opp_tx *t, const struct dbres *r)
{
	const struct opp_input *in = t->in;
	const char *old;
	int n = 0;
	size_t i;

	if (strcmp(in->v[OF_TITLE].s, dbres_str(r, 0, OC_TITLE))) {
		detail_add(t->detail, sizeof t->detail, "title");
		n++;
	}
	if (in->v[OF_STAGE].i != dbres_int(r, 0, OC_STAGE)) {
		detail_add(t->detail, sizeof t->detail, "stage");
		n++;
	}
	if (strcmp(in->v[OF_CURRENCY].s, dbres_str(r, 0, OC_CURRENCY))) {
		detail_add(t->detail, sizeof t->detail, "currency");
		n++;
	}
	for (i = 0; i < OF_NPRICES; i++) {
		old = dbres_get(r, 0, OC_LIST + i);
		if ((old ? dbres_int(r, 0, OC_LIST + i) : -1) != in->price[i]) {
			detail_add(t->detail, sizeof t->detail, opp_fields[OF_LIST + i].name);
			n++;
		}
	}
	old = dbres_get(r, 0, OC_CLOSE);
	if (strcmp(in->close, old ? old : "")) {
		detail_add(t->detail, sizeof t->detail, "expected_close");
		n++;
	}
	if (strcmp(in->v[OF_STATUS].s, dbres_str(r, 0, OC_STATUS))) {
		detail_add(t->detail, sizeof t->detail, "status");
		n++;
	}
	old = dbres_get(r, 0, OC_LOST);
	if (strcmp(in->lost, old ? old : "")) {
		detail_add(t->detail, sizeof t->detail, "lost_reason");
		n++;
	}
	return n;
}

static int update_tx_fn(struct db *db, void *p)
{
	struct opp_tx *t = p;
	struct opp_input *in = t->in;
	struct dbres *r = NULL;
	struct vis_scope s;
	char now[20];
	int rc, changed;

	t->gone = 0;
	snprintf(t->detail, sizeof t->detail, "changed:");
	clock_fmt_utc(t->rq->now, now);
	vis_scope_for(&t->rq->user, &s);
	rc = DB_EXEC(db, ST_OPP_LOCK, &r, VIS_PARAMS(&s), DBI(t->id));
	if (rc)
		return rc;
	if (r->nrows != 1) {
		dbres_free(&r);
		t->gone = 1;
		return 1;
	}
	changed = internal_changes(t, r);
	if (changed) {
		rc = DB_EXEC(db, ST_OPP_UPDATE, NULL, DBS(in->v[OF_TITLE].s), DBI(in->v[OF_STAGE].i),
		             DBS(in->v[OF_CURRENCY].s), price_param(in, 0), price_param(in, 1), price_param(in, 2),
		             price_param(in, 3), in->close[0] ? DBS(in->close) : DBNULL, DBS(in->v[OF_STATUS].s),
		             DBS(in->lost), DBS(now), DBI(t->id));
		if (!rc && opp_history_needed(dbres_int(r, 0, OC_STAGE), dbres_get(r, 0, OC_STATUS), in->v[OF_STAGE].i,
		                              in->v[OF_STATUS].s))
			rc = DB_EXEC(db, ST_OPP_STAGE_INSERT, NULL, DBI(t->id), DBI(dbres_int(r, 0, OC_STAGE)),
			             DBI(in->v[OF_STAGE].i), DBS(in->v[OF_STATUS].s), DBI(t->rq->user.id), DBS(now));
	} else if (t->cost_changed || t->margin_changed) {
		rc = DB_EXEC(db, ST_OPP_TOUCH, NULL, DBS(now), DBI(t->id));
	}
	dbres_free(&r);
	if (rc)
		return rc;
	rc = write_secrets(db, t, t->cost_changed, t->margin_changed);
	if (rc)
		return rc;
	if (!changed && !t->cost_changed && !t->margin_changed)
		return 0;   /* nothing changed: nothing to record */
	return audit_req(t->rq, "opportunity.update", "opportunity", t->id, t->detail);
}

int page_opportunity_update(struct req *rq, struct resp *rs)
{
	struct opp_input in;
	struct opp_tx t;
	struct dbres *r = NULL;
	struct row_ref ref;
	char loc[64];
	long long id = rq->ids[0];
	int rc = opp_load(rq, id, &r, &ref);

	rc = require_editable(rq, rs, rc, &r, &ref);
	if (rc)
		return rc < 0 ? -1 : 0;
	memset(&in, 0, sizeof in);
	in.restricted = tier_can_write(&rq->user, &ref, TIER_RESTRICTED);
	/* Copies: the row is released before the transaction. */
	snprintf(in.status_buf, sizeof in.status_buf, "%s", dbres_str(r, 0, OC_STATUS));
	snprintf(in.lost_now, sizeof in.lost_now, "%s", dbres_str(r, 0, OC_LOST));
	in.status_now = in.status_buf;
	/* The customer is fixed after creation; a posted customer_id is ignored. */
	if (read_input(rq, &in)) {
		rs->status = 422;
		rc = render_form(rq, rs, id, dbres_int(r, 0, OC_CUSTOMER), dbres_get(r, 0, OC_CNAME), in.restricted,
		                 in.status_now);
		dbres_free(&r);
		return rc;
	}
	t = (struct opp_tx){ .rq = rq, .in = &in, .ref = ref, .id = id };
	if (in.restricted) {
		/* Outside the transaction: secret_read audits in a transaction of its own. */
		t.cost_changed = secret_changed(rq, SF_OPP_COST, id, &ref, dbres_get(r, 0, OC_COST), in.cost_posted, in.cost);
		t.margin_changed = secret_changed(rq, SF_OPP_MARGIN, id, &ref, dbres_get(r, 0, OC_MARGIN), in.margin_posted,
		                                  in.margin);
		if (t.cost_changed < 0 || t.margin_changed < 0) {
			dbres_free(&r);
			return -1;
		}
	}
	dbres_free(&r);
	rc = db_tx(rq->app->db, update_tx_fn, &t);
	if (rc && t.gone) {
		resp_error(rs, rq, 404);
		return 0;
	}
	if (rc)
		return -1;
	view_flash(rq, rs, "saved");
	snprintf(loc, sizeof loc, "/opportunities/%lld", id);
	resp_redirect(rs, loc);
	return 0;
}

/* The routes of this file; the dispatcher checks sign-in, CSRF and capability before a handler runs. */
static const struct route routes[] = {
	{ "GET", "/opportunities",          page_opportunities,      CAP_SALES, CSRF_NONE },
	{ "GET", "/opportunities/new",      page_opportunity_new,    CAP_SALES, CSRF_NONE },
	{ "POST", "/opportunities",          page_opportunity_create, CAP_SALES, CSRF_CHECK },
	{ "GET", "/opportunities/:id",      page_opportunity_show,   CAP_SALES, CSRF_NONE },
	{ "GET", "/opportunities/:id/edit", page_opportunity_edit,   CAP_SALES, CSRF_NONE },
	{ "POST", "/opportunities/:id",      page_opportunity_update, CAP_SALES, CSRF_CHECK },
};
PAGE_ROUTES(routes);
