/* Shared by the customer, contact and follow-up pages: loading a customer through the
 * visibility choke point, and labels for its enumerations. */
#ifndef PARLEY_CUSTOMER_COMMON_H
#define PARLEY_CUSTOMER_COMMON_H

#include "auth/visibility.h"
#include "db/db.h"
#include "http/http.h"

/* Column positions of CUSTOMER_COLS (db/stmts_customers.def). */
enum customer_col {
	CC_ID, CC_NAME, CC_INDUSTRY, CC_EMPLOYEES, CC_REVENUE, CC_CURRENCY, CC_SOURCE, CC_SEGMENT, CC_INTENT, CC_STAGE,
	CC_OWNER_ID, CC_TEAM_ID, CC_REGION_ID, CC_SHARED, CC_NEED, CC_SUPPLIERS, CC_DECISION, CC_NOTES, CC_NEXT_FOLLOW,
	CC_BUDGET_ENC, CC_NOTES_ENC, CC_OWNER_NAME, CC_TEAM_NAME, CC_CREATED, CC_UPDATED
};

/* Fetches customer id as the signed-in user may see it: 0 found (*r set, row filled), 1 not visible or
 * missing (answer 404), -1 error. */
int customer_load(struct req *rq, long long id, struct dbres **r, struct row_ref *row);
/* The same for changing it: 0 found and editable, 1 answered 404 (not visible or not editable), -1 error.
 * On 0, *r is set unless r is NULL. */
int customer_load_editable(struct req *rq, struct resp *rs, long long id, struct dbres **r, struct row_ref *row);
/* After a loader's rc (0 found, 1 not visible or missing, -1 error) for a page that changes the row:
 * 0 found and editable (vis_can_edit), 1 answered 404 (*r freed), -1 error. */
int require_editable(struct req *rq, struct resp *rs, int rc, struct dbres **r, const struct row_ref *ref);
/* Renders the customer page (customers/show.cs) of customer id: 404 when not visible. Also the page
 * the forms that live on it (follow-up log, reassignment) show again with their messages. 0 / -1. */
int customer_page(struct req *rq, struct resp *rs, long long id);
/* The contact form's choices (Options.decision_role, Options.personality) and their defaults when the
 * form has no values yet; contacts.c, used by the customer page too. 0 / -1. */
int contact_form_options(struct req *rq);
/* HDF value name = the language string "prefix.value" (e.g. "intent.high"), or "" when unknown. */
int set_label(struct req *rq, const char *name, const char *prefix, const char *value);
/* Today in the user's time zone (ISO). */
void user_today(struct req *rq, char out[11]);
/* HDF name = localized date for an ISO date (empty stays empty). */
int set_date(struct req *rq, const char *name, const char *iso);
/* HDF name = a UTC DATETIME cell as the user's local date and time, in the page's language. */
int set_when(struct req *rq, const char *name, const char *utc);
/* base.<i>.value and base.<i>.label for each of the NULL-terminated choices (labels "prefix.<choice>"). */
void set_choice_list(struct req *rq, const char *base, const char *const *choices, const char *prefix);

#endif
