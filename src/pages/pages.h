/* Every page handler, grouped by file. The route table in routes.c wires them to URLs. */
#ifndef PARLEY_PAGES_H
#define PARLEY_PAGES_H

#include "http/http.h"

/* health.c */
int page_healthz(struct req *rq, struct resp *rs);
int page_livez(struct req *rq, struct resp *rs);
/* login.c */
int page_login_form(struct req *rq, struct resp *rs);
int page_login(struct req *rq, struct resp *rs);
int page_logout(struct req *rq, struct resp *rs);
/* home.c */
int page_home(struct req *rq, struct resp *rs);
int page_account_lang(struct req *rq, struct resp *rs);
/* admin_users.c */
int page_admin_root(struct req *rq, struct resp *rs);
int page_admin_users(struct req *rq, struct resp *rs);
int page_admin_user_new(struct req *rq, struct resp *rs);
int page_admin_user_create(struct req *rq, struct resp *rs);
int page_admin_user_show(struct req *rq, struct resp *rs);
int page_admin_user_edit(struct req *rq, struct resp *rs);
int page_admin_user_update(struct req *rq, struct resp *rs);
int page_admin_user_deactivate(struct req *rq, struct resp *rs);
int page_admin_user_activate(struct req *rq, struct resp *rs);
int page_admin_user_password(struct req *rq, struct resp *rs);
/* admin_org.c */
int page_admin_teams(struct req *rq, struct resp *rs);
int page_admin_team_create(struct req *rq, struct resp *rs);
int page_admin_regions(struct req *rq, struct resp *rs);
int page_admin_region_create(struct req *rq, struct resp *rs);
int page_admin_audit(struct req *rq, struct resp *rs);

/* customers.c */
int page_customers(struct req *rq, struct resp *rs);
int page_customer_new(struct req *rq, struct resp *rs);
int page_customer_create(struct req *rq, struct resp *rs);
int page_customer_show(struct req *rq, struct resp *rs);
int page_customer_edit(struct req *rq, struct resp *rs);
int page_customer_update(struct req *rq, struct resp *rs);
int page_customer_reassign(struct req *rq, struct resp *rs);
/* followups.c */
int page_followups(struct req *rq, struct resp *rs);
int page_followup_create(struct req *rq, struct resp *rs);
/* contacts.c */
int page_contact_create(struct req *rq, struct resp *rs);
int page_contact_edit(struct req *rq, struct resp *rs);
int page_contact_update(struct req *rq, struct resp *rs);
int page_contact_delete(struct req *rq, struct resp *rs);
/* opportunities.c (declarations below this line) */
int page_opportunities(struct req *rq, struct resp *rs);
int page_opportunity_new(struct req *rq, struct resp *rs);
int page_opportunity_create(struct req *rq, struct resp *rs);
int page_opportunity_show(struct req *rq, struct resp *rs);
int page_opportunity_edit(struct req *rq, struct resp *rs);
int page_opportunity_update(struct req *rq, struct resp *rs);
/* Fills CustomerOpps.N.* (id title stage stage_label status status_label current_offer final_price
 * expected_close owner) and CustomerOppsInfo.{customer_id,can_create,more} for the customer page,
 * which includes templates/opportunities/_customer_list.cs. Nothing when the customer is not
 * visible. 0 / -1. */
int opportunities_for_customer(struct req *rq, long long customer_id);

#endif
