/* What the opportunity pages share: the columns of OPP_COLS (db/stmts_opportunities.def; ST_OPP_GET adds
 * OC_OWNER_NAME), labels, money, the plan's floor and the closing section of the show page. */
#ifndef PARLEY_OPP_COMMON_H
#define PARLEY_OPP_COMMON_H

#include "auth/visibility.h"
#include "http/http.h"

enum {
	OC_ID, OC_CUSTOMER, OC_TITLE, OC_STAGE, OC_CURRENCY, OC_LIST, OC_INITIAL, OC_CURRENT, OC_FINAL, OC_CLOSE,
	OC_STATUS, OC_LOST, OC_OWNER, OC_COST, OC_MARGIN, OC_CREATED, OC_UPDATED, OC_CNAME, OC_C_OWNER, OC_C_TEAM,
	OC_C_REGION, OC_C_SHARED, OC_OWNER_NAME
};

/* The opportunity as the user may see it (ST_OPP_GET): 0 found, 1 not visible or missing, -1 error. */
int opp_load(struct req *rq, long long id, struct dbres **r, struct row_ref *ref);
/* name = minor units (a cell or a decimal string) formatted in the page's language; unset when empty. */
int opp_set_money(struct req *rq, const char *name, const char *minor, const char *currency);
int opp_set_stage_label(struct req *rq, const char *name, long long stage);
int opp_set_status_label(struct req *rq, const char *name, const char *status);

/* The floor (minimum price) of the opportunity's latest plan, for a user who may read the plan's
 * confidential tier (secret_signal_visible; the read is audited): *floor = minor units, or -1 when
 * there is none or the user may not know it. 0 / -1 error. */
int opp_floor(struct req *rq, long long opp_id, const struct row_ref *ref, long long *floor);
/* prefix.{sign,diff,pct} for final_price against reference (both minor units, -1 unknown): sign is
 * "below", "equal" or "above"; nothing is set when either is unknown. */
int opp_set_compare(struct req *rq, const char *prefix, long long final_price, long long reference,
                    const char *currency);
/* Opp.closings.N for the show page (the current closing first, with its comparisons). 0 / -1. */
int closings_for_opportunity(struct req *rq, long long opp_id, const struct row_ref *ref, const char *currency,
                             long long list_price);
/* The label of a closing choice in the page's language (zh / en cells). */
const char *closing_label(const struct req *rq, const char *zh, const char *en);

#endif
