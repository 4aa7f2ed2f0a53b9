/* One skeleton for every create/update page:
 *   load → not visible: 404 (the form is never rendered) → parse the declared fields → the page's own
 *   rules → any problem: 422, the form again with every typed value and each message kept, nothing
 *   written → transaction (run again from the start on deadlock) → audit in the same transaction →
 *   flash → 303.
 * A page supplies what is particular to it in a struct fk_page; see src/form/kit.h for the fields. */
#ifndef PARLEY_FORM_PAGE_H
#define PARLEY_FORM_PAGE_H

#include "db/db.h"
#include "form/kit.h"
#include "http/http.h"

struct fk_run;

/* write() returns this (after fk_fail) when the change turns out invalid inside the transaction
 * (a name taken, a version moved on): rolled back, the form shown again with 422. */
#define FK_INVALID 1
/* write() returns FK_OUTCOME or above for an outcome of the page's own (a refusal decided under the
 * row locks, "nothing to do"): rolled back, then page->outcome answers the request. */
#define FK_OUTCOME 1000

struct fk_page {
	const struct fk_form *form;
	/* Loads what the page works on and checks the user may change it: 0 yes, 1 not found or not
	 * visible (404), -1 error. NULL: nothing to load. May set run->id, run->data. */
	int (*load)(struct fk_run *run);
	/* Rules beyond the kinds (cross-field, lookups that need the loaded row); reports with fk_fail.
	 * Returns -1 on error, else anything (the problems are counted by fk_fail). NULL: none. */
	int (*check)(struct fk_run *run);
	/* The change, inside a transaction: DB_OK, a db_err (DB_RETRY runs it all again) or FK_INVALID.
	 * A create sets run->id. Must not keep state across attempts except through run. */
	int (*write)(struct db *db, struct fk_run *run);
	/* Renders the form page (after GET's load, and with 422). Form.* is already set. */
	int (*render)(struct fk_run *run);
	const char *audit_action;   /* e.g. "customer.update"; NULL: the write audits for itself */
	const char *audit_entity;   /* e.g. "customer"; the entity id is run->id */
	const char *flash;          /* language key under Lang.flash */
	const char *location;       /* "/customers/%lld" with run->id; or set run->location */
	/* Answers a write that returned FK_OUTCOME or above (after the rollback): 0, or -1 (500). */
	int (*outcome)(struct fk_run *run, int rc);
};

struct fk_run {
	struct req *rq;
	struct resp *rs;
	const struct fk_page *page;
	/* The fields read: page->form, unless load narrows it to a prefix of the same table (fields this
	 * user may not send — confidential ones without the tier, say — are then ignored, never echoed). */
	const struct fk_form *form;
	void *data;                 /* the page's own state */
	struct fk_val *v;           /* form->n values (NULL on GET) */
	long long id;               /* rq->ids[0] when the route has an id; the new row after a create */
	int bad;                    /* problems found so far */
	int attempts;               /* times write() ran: more than 1 after a deadlock */
	char detail[600];           /* audit detail (never confidential values) */
	char location[256];         /* overrides page->location when set */
	const char *flash;          /* overrides page->flash when set */
};

/* GET of a form: load → 404 → render. */
int fk_get(struct req *rq, struct resp *rs, const struct fk_page *page, void *data);
/* POST of a form: the whole skeleton. 0, or -1 when the request failed (500). */
int fk_post(struct req *rq, struct resp *rs, const struct fk_page *page, void *data);

/* A problem found by the page: on field name (a declared one, or any other name the template shows
 * under Form.errors), or on the form as a whole when name is NULL. Counts in run->bad. */
void fk_fail(struct fk_run *run, const char *name, const char *key);
/* Date field number field may not be later than today in the user's time zone (form.in_future). */
void fk_not_future(struct fk_run *run, int field);
/* A problem on field f of row k of list (Form.rows.<list>.<k>.err.<f>). */
void fk_fail_row(struct fk_run *run, const char *list, size_t k, const char *f, const char *key);

/* For lookups: whether statement st, given id as its one parameter, finds exactly one row (ctx is
 * the fk_run the skeleton passes). 1 yes, 0 no, -1 error. */
int fk_exists(void *ctx, enum stmt_id st, long long id);

/* Form.values.<name> (as typed) and Form.errors.<name> for vals, rows as Form.rows.<list>.<k>.*; a
 * blank row is added to the list named by the form's add=<list>. Used by fk_post; pages that parse
 * by themselves (fk_parse) call it too. 0 / -1. */
int fk_show(struct req *rq, const struct fk_form *form, const struct fk_val *vals);
/* A list's filters, sort keys and cursor from the query string, through the declared table (out has
 * form->n entries): 0 every value fits; 1 some do not — answered 400 with a page naming each parameter
 * and its problem and a link to the list without a query string (the list is not shown with a setting
 * the user did not ask for); -1 error. On 0, Filter.<name> holds each value as typed for the template. */
int fk_query(struct req *rq, struct resp *rs, const struct fk_form *form, void *ctx, struct fk_val *out);

/* Options.<name>.<k> for a choice field's choices (selects). */
int fk_show_choices(struct req *rq, const struct fk_field *f);

/* The server the skeleton's transactions run against: NULL is the database (db_tx). Unit tests put
 * a simulated server here to see the real retry loop at work. */
extern const struct db_tx_ops *fk_tx_ops;

#endif
