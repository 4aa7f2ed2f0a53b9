/* /customers/{id}/contacts… — contacts of a customer (SPEC §3.2). CAP_SALES; a contact is visible
 * with its customer and editable by whoever may edit the customer.
 *   POST /customers/{id}/contacts                      add
 *   GET  /customers/{id}/contacts/{cid}/edit           form
 *   POST /customers/{id}/contacts/{cid}                update
 *   POST /customers/{id}/contacts/{cid}/delete         remove
 * All changes are audited. */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "audit/audit.h"
#include "http/fields.h"
#include "http/router.h"
#include "pages/customer_common.h"
#include "pages/pages.h"
#include "util/clock.h"
#include "view/view.h"

static const char *const roles[] = { "decides", "recommends", "influences", "uses", NULL };
static const char *const personalities[] = { "know_it_all", "open_minded", "hesitant", "complainer", "analytical",
	                                     "bargainer", "intimidating", "unknown", NULL };

enum { K_NAME, K_TITLE, K_PHONE, K_EMAIL, K_ROLE, K_PERSONALITY, K_NOTES, K__N };
static const struct field_spec contact_fields[K__N] = {
	[K_NAME] = { "name", F_TEXT, 1, 1, 100, NULL },
	[K_TITLE] = { "title", F_TEXT, 0, 0, 100, NULL },
	[K_PHONE] = { "phone", F_TEXT, 0, 0, 50, NULL },
	[K_EMAIL] = { "email", F_TEXT, 0, 0, 200, NULL },
	[K_ROLE] = { "decision_role", F_CHOICE, 1, 0, 0, roles },
	[K_PERSONALITY] = { "personality", F_CHOICE, 1, 0, 0, personalities },
	[K_NOTES] = { "notes", F_TEXT, 0, 0, 5000, NULL },
};

static int email_ok(const char *s)
{
	const char *at = strchr(s, '@');

	return at && at != s && strchr(at + 1, '.') && !strchr(at + 1, '@') && !strpbrk(s, " \t<>\"");
}

static int phone_ok(const char *s)
{
	return strspn(s, "0123456789+-() ") == strlen(s);
}

/* The customer must be visible and editable by this user: 0 ok, 1 answered 404, -1 error. */
static int editable_customer(struct req *rq, struct resp *rs, long long id)
{
	struct row_ref row;

	return customer_load_editable(rq, rs, id, NULL, &row);
}

/* An editable customer and one of its contacts: 0 ok, 1 answered 404, -1 error. */
static int editable_contact(struct req *rq, struct resp *rs, long long customer_id, long long id)
{
	struct dbres *r = NULL;
	int rc = editable_customer(rq, rs, customer_id), found;

	if (rc)
		return rc;
	if (DB_EXEC(rq->app->db, ST_CONTACT_GET, &r, DBI(id), DBI(customer_id)) != DB_OK)
		return -1;
	found = r->nrows == 1;
	dbres_free(&r);
	if (!found) {
		resp_error(rs, rq, 404);
		return 1;
	}
	return 0;
}

static int validate(struct req *rq, struct field_val *v)
{
	int bad = form_validate(rq, contact_fields, K__N, v);

	if (v[K_EMAIL].present && !email_ok(v[K_EMAIL].s)) {
		view_form_error(rq, "email", "form.bad_email");
		bad++;
	}
	if (v[K_PHONE].present && !phone_ok(v[K_PHONE].s)) {
		view_form_error(rq, "phone", "form.bad_phone");
		bad++;
	}
	return bad;
}

struct contact_tx {
	struct req *rq;
	struct field_val *v;
	long long customer_id, id;
	const char *action;
};

static int contact_tx_fn(struct db *db, void *p)
{
	struct contact_tx *t = p;
	struct field_val *v = t->v;
	struct dbres *r = NULL;
	char now[20];
	int rc;

	clock_fmt_utc(t->rq->now, now);
	if (!strcmp(t->action, "contact.create")) {
		rc = DB_EXEC(db, ST_CONTACT_INSERT, &r, DBI(t->customer_id), DBS(v[K_NAME].s), DBS(v[K_TITLE].s),
		             DBS(v[K_PHONE].s), DBS(v[K_EMAIL].s), DBS(v[K_ROLE].s), DBS(v[K_PERSONALITY].s),
		             DBS(v[K_NOTES].s), DBS(now), DBS(now));
		if (rc == DB_OK)
			t->id = (long long)r->insert_id;
		dbres_free(&r);
	} else if (!strcmp(t->action, "contact.update")) {
		rc = DB_EXEC(db, ST_CONTACT_UPDATE, &r, DBS(v[K_NAME].s), DBS(v[K_TITLE].s), DBS(v[K_PHONE].s),
		             DBS(v[K_EMAIL].s), DBS(v[K_ROLE].s), DBS(v[K_PERSONALITY].s), DBS(v[K_NOTES].s), DBS(now),
		             DBI(t->id), DBI(t->customer_id));
		dbres_free(&r);
	} else {
		rc = DB_EXEC(db, ST_CONTACT_DELETE, NULL, DBI(t->id), DBI(t->customer_id));
	}
	if (rc)
		return rc;
	return audit_req(t->rq, t->action, "contact", t->id, "");
}

static void redirect_customer(struct resp *rs, long long id)
{
	char loc[64];

	snprintf(loc, sizeof loc, "/customers/%lld", id);
	resp_redirect(rs, loc);
}

static int render_contact_form(struct req *rq, struct resp *rs, long long customer_id, long long id)
{
	view_set_int(rq, "Form.customer_id", customer_id);
	if (id)
		view_set_int(rq, "Form.id", id);
	return view_render(rq, rs, "customers/contact_form.cs");
}

int page_contact_create(struct req *rq, struct resp *rs)
{
	struct field_val v[K__N];
	struct contact_tx t = { rq, v, rq->ids[0], 0, "contact.create" };
	int rc = editable_customer(rq, rs, t.customer_id);

	if (rc)
		return rc < 0 ? -1 : 0;
	form_keep(rq, contact_fields, K__N);
	if (validate(rq, v)) {
		rs->status = 422;
		return render_contact_form(rq, rs, t.customer_id, 0);
	}
	if (db_tx(rq->app->db, contact_tx_fn, &t) != DB_OK)
		return -1;
	view_flash(rq, rs, "contact_saved");
	redirect_customer(rs, t.customer_id);
	return 0;
}

int page_contact_edit(struct req *rq, struct resp *rs)
{
	static const char *const names[] = { "id", "name", "title", "phone", "email", "decision_role", "personality",
		                             "notes" };
	struct dbres *r = NULL;
	size_t i;
	int rc = editable_customer(rq, rs, rq->ids[0]);

	if (rc)
		return rc < 0 ? -1 : 0;
	if (DB_EXEC(rq->app->db, ST_CONTACT_GET, &r, DBI(rq->ids[1]), DBI(rq->ids[0])) != DB_OK)
		return -1;
	if (r->nrows != 1) {
		dbres_free(&r);
		resp_error(rs, rq, 404);
		return 0;
	}
	for (i = 1; i < sizeof names / sizeof names[0]; i++)
		view_setf(rq, dbres_get(r, 0, i), "Form.values.%s", names[i]);
	dbres_free(&r);
	return render_contact_form(rq, rs, rq->ids[0], rq->ids[1]);
}

int page_contact_update(struct req *rq, struct resp *rs)
{
	struct field_val v[K__N];
	struct contact_tx t = { rq, v, rq->ids[0], rq->ids[1], "contact.update" };
	int rc = editable_contact(rq, rs, t.customer_id, t.id);

	if (rc)
		return rc < 0 ? -1 : 0;
	form_keep(rq, contact_fields, K__N);
	if (validate(rq, v)) {
		rs->status = 422;
		return render_contact_form(rq, rs, t.customer_id, t.id);
	}
	if (db_tx(rq->app->db, contact_tx_fn, &t) != DB_OK)
		return -1;
	view_flash(rq, rs, "contact_saved");
	redirect_customer(rs, t.customer_id);
	return 0;
}

int page_contact_delete(struct req *rq, struct resp *rs)
{
	struct contact_tx t = { rq, NULL, rq->ids[0], rq->ids[1], "contact.delete" };
	int rc = editable_contact(rq, rs, t.customer_id, t.id);

	if (rc)
		return rc < 0 ? -1 : 0;
	if (db_tx(rq->app->db, contact_tx_fn, &t) != DB_OK)
		return -1;
	view_flash(rq, rs, "contact_deleted");
	redirect_customer(rs, t.customer_id);
	return 0;
}

/* The routes of this file; the dispatcher checks sign-in, CSRF and capability before a handler runs. */
static const struct route routes[] = {
	{ "POST", "/customers/:id/contacts",            page_contact_create, CAP_SALES, CSRF_CHECK },
	{ "GET", "/customers/:id/contacts/:id/edit",   page_contact_edit,   CAP_SALES, CSRF_NONE },
	{ "POST", "/customers/:id/contacts/:id",        page_contact_update, CAP_SALES, CSRF_CHECK },
	{ "POST", "/customers/:id/contacts/:id/delete", page_contact_delete, CAP_SALES, CSRF_CHECK },
};
PAGE_ROUTES(routes);
