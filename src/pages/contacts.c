/* /customers/{id}/contacts… — contacts of a customer (docs/records.md). CAP_SALES; a contact is visible
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
#include "form/page.h"
#include "http/router.h"
#include "pages/customer_common.h"
#include "pages/pages.h"
#include "util/clock.h"
#include "view/view.h"

static const char *const roles[] = { "decides", "recommends", "influences", "uses", NULL };
static const char *const personalities[] = { "unknown", "know_it_all", "open_minded", "hesitant", "complainer",
	                                     "analytical", "bargainer", "intimidating", NULL };

enum { K_NAME, K_TITLE, K_PHONE, K_EMAIL, K_ROLE, K_PERSONALITY, K_NOTES, K__N };
static const struct fk_field contact_fields[K__N] = {
	[K_NAME] = { "name", FK_TEXT, FK_REQUIRED, .min = 1, .max = 100 },
	[K_TITLE] = { "title", FK_TEXT, .max = 100 },
	[K_PHONE] = { "phone", FK_PHONE },
	[K_EMAIL] = { "email", FK_EMAIL },
	[K_ROLE] = { "decision_role", FK_CHOICE, FK_REQUIRED, .choices = roles, .dflt = "influences" },
	[K_PERSONALITY] = { "personality", FK_CHOICE, FK_REQUIRED, .choices = personalities, .dflt = "unknown" },
	[K_NOTES] = { "notes", FK_LONGTEXT, .max = 5000 },
};
static const struct fk_form contact_form = { contact_fields, K__N };

int contact_form_options(struct req *rq)
{
	if (!view_get(rq, "Form.values.decision_role"))
		view_set(rq, "Form.values.decision_role", contact_fields[K_ROLE].dflt);
	if (!view_get(rq, "Form.values.personality"))
		view_set(rq, "Form.values.personality", contact_fields[K_PERSONALITY].dflt);
	return fk_show_choices(rq, &contact_fields[K_ROLE]) < 0 || fk_show_choices(rq, &contact_fields[K_PERSONALITY]) < 0
	               ? -1
	               : 0;
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

/* The customer (ids[0]) and, on update, its contact (ids[1]), editable by this user. */
static int contact_load(struct fk_run *run)
{
	struct req *rq = run->rq;
	int rc = rq->nids > 1 ? editable_contact(rq, run->rs, rq->ids[0], rq->ids[1])
	                      : editable_customer(rq, run->rs, rq->ids[0]);

	snprintf(run->location, sizeof run->location, "/customers/%lld", rq->ids[0]);
	run->id = rq->nids > 1 ? rq->ids[1] : 0;
	return rc;
}

static int contact_write(struct db *db, struct fk_run *run)
{
	const struct fk_val *v = run->v;
	struct req *rq = run->rq;
	struct dbres *r = NULL;
	char now[20];
	int rc;

	clock_fmt_utc(rq->now, now);
	if (rq->nids < 2) {
		rc = DB_EXEC(db, ST_CONTACT_INSERT, &r, DBI(rq->ids[0]), DBS(v[K_NAME].s), DBS(v[K_TITLE].s),
		             DBS(v[K_PHONE].s), DBS(v[K_EMAIL].s), DBS(v[K_ROLE].s), DBS(v[K_PERSONALITY].s),
		             DBS(v[K_NOTES].s), DBS(now), DBS(now));
		if (rc == DB_OK)
			run->id = (long long)r->insert_id;
	} else {
		rc = DB_EXEC(db, ST_CONTACT_UPDATE, &r, DBS(v[K_NAME].s), DBS(v[K_TITLE].s), DBS(v[K_PHONE].s),
		             DBS(v[K_EMAIL].s), DBS(v[K_ROLE].s), DBS(v[K_PERSONALITY].s), DBS(v[K_NOTES].s), DBS(now),
		             DBI(run->id), DBI(rq->ids[0]));
	}
	dbres_free(&r);
	return rc;
}

static int contact_render(struct fk_run *run)
{
	struct req *rq = run->rq;

	view_set_int(rq, "Form.customer_id", rq->ids[0]);
	if (rq->nids > 1)
		view_set_int(rq, "Form.id", rq->ids[1]);
	if (contact_form_options(rq) < 0)
		return -1;
	return view_render(rq, run->rs, "customers/contact_form.cs");
}

static const struct fk_page contact_create_page = {
	.form = &contact_form, .load = contact_load, .write = contact_write, .render = contact_render,
	.audit_action = "contact.create", .audit_entity = "contact", .flash = "contact_saved",
};
static const struct fk_page contact_update_page = {
	.form = &contact_form, .load = contact_load, .write = contact_write, .render = contact_render,
	.audit_action = "contact.update", .audit_entity = "contact", .flash = "contact_saved",
};

int page_contact_create(struct req *rq, struct resp *rs)
{
	return fk_post(rq, rs, &contact_create_page, NULL);
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
	return view_set_int(rq, "Form.customer_id", rq->ids[0]) < 0 || view_set_int(rq, "Form.id", rq->ids[1]) < 0 ||
	                       contact_form_options(rq) < 0
	               ? -1
	               : view_render(rq, rs, "customers/contact_form.cs");
}

int page_contact_update(struct req *rq, struct resp *rs)
{
	return fk_post(rq, rs, &contact_update_page, NULL);
}

static int contact_delete(struct db *db, struct fk_run *run)
{
	return DB_EXEC(db, ST_CONTACT_DELETE, NULL, DBI(run->id), DBI(run->rq->ids[0]));
}

static const struct fk_form no_fields = { NULL, 0 };
static const struct fk_page contact_delete_page = {
	.form = &no_fields, .load = contact_load, .write = contact_delete, .render = contact_render,
	.audit_action = "contact.delete", .audit_entity = "contact", .flash = "contact_deleted",
};

int page_contact_delete(struct req *rq, struct resp *rs)
{
	return fk_post(rq, rs, &contact_delete_page, NULL);
}

/* The routes of this file; the dispatcher checks sign-in, CSRF and capability before a handler runs. */
static const struct route routes[] = {
	{ "POST", "/customers/:id/contacts",            page_contact_create, CAP_SALES, CSRF_CHECK },
	{ "GET", "/customers/:id/contacts/:id/edit",   page_contact_edit,   CAP_SALES, CSRF_NONE },
	{ "POST", "/customers/:id/contacts/:id",        page_contact_update, CAP_SALES, CSRF_CHECK },
	{ "POST", "/customers/:id/contacts/:id/delete", page_contact_delete, CAP_SALES, CSRF_CHECK },
};
PAGE_ROUTES(routes);
