/* What the request pages (concessions.c) and the request form (concession_form.c) share: the columns
 * of a request and of its opportunity, loading a request as the user may see it, refusals, labels. */
#ifndef PARLEY_CONCESSION_COMMON_H
#define PARLEY_CONCESSION_COMMON_H

#include "auth/visibility.h"
#include "db/db.h"
#include "domain/approval.h"
#include "http/http.h"

/* Columns of ST_CONC_OPP. */
enum { OP_ID, OP_CUSTOMER, OP_TITLE, OP_CURRENCY, OP_LIST, OP_CURRENT, OP_CNAME, OP_C_OWNER };
/* Columns of CONC_COLS (db/stmts_concessions.def). */
enum {
	RC_ID, RC_OPP, RC_CUSTOMER, RC_NEG, RC_REQUESTER, RC_TERM, RC_CURRENT, RC_REQUESTED, RC_CURRENCY, RC_LIST,
	RC_AMOUNT, RC_DISCOUNT, RC_CUM_BP, RC_CUM_AMOUNT, RC_DAYS, RC_PLAN, RC_BREACH, RC_JUSTIFICATION, RC_COUNTER,
	RC_URGENCY, RC_LEVELS, RC_STATE, RC_VERSION, RC_REVIEW, RC_CREATED, RC_UPDATED, RC_CNAME, RC_C_OWNER,
	RC_C_TEAM, RC_C_REGION, RC_C_SHARED, RC_OTITLE, RC_REQUESTER_NAME, RC_COST, RC_MARGIN, RC_O_LIST, RC_O_CURRENT,
	RC_REVIEWER, RC_REVIEWED_AT
};

/* Basis points as stored: capped far above any policy limit (a cumulative discount may pass 100 %). */
#define CONC_BP_CAP 1000000LL

/* The request as the user may see it: 0 found, 1 not visible (404), -1 error. *delegate = 1 when seen
 * only as a delegate. */
int conc_load_request(struct req *rq, long long id, struct dbres **r, struct row_ref *ref, int *delegate);
/* A refused action: audited in its own transaction, the request page with the reason (403 for
 * separation of duties, else 409). */
int conc_refused(struct req *rq, struct resp *rs, long long id, enum approval_err e);

/* HDF name ← the label "<prefix>.<v>" from the language files. */
int conc_set_label(struct req *rq, const char *name, const char *prefix, const char *v);
/* base.N.{value,label} for each choice. */
void conc_set_choice_list(struct req *rq, const char *base, const char *const *choices, const char *prefix);
/* HDF name ← minor units (a column's text) formatted in the currency. */
void conc_set_money_cell(struct req *rq, const char *name, const char *minor, const char *currency);

#endif
