/* Page handlers and the few page functions other pages include, grouped by file. Each file
 * declares its own routes (PAGE_ROUTES at its end). */
#ifndef PARLEY_PAGES_H
#define PARLEY_PAGES_H

#include <limits.h>

#include "db/db.h"
#include "http/http.h"

struct row_ref;

/* health.c */
int page_healthz(struct req *rq, struct resp *rs);
int page_livez(struct req *rq, struct resp *rs);
/* login.c */
int page_login_form(struct req *rq, struct resp *rs);
int page_login(struct req *rq, struct resp *rs);
int page_logout(struct req *rq, struct resp *rs);
/* home.c */
int page_home(struct req *rq, struct resp *rs);
/* dealteam.c */
int page_deal_team_add(struct req *rq, struct resp *rs);
int page_deal_team_remove(struct req *rq, struct resp *rs);
/* Fills OppTeam.members.N.{id,user_id,name,raci,function}, and when the user may change the team
 * OppTeam.can_change, OppTeam.candidates.N.{id,name}, OppTeam.raci, OppTeam.functions, for the
 * opportunity page (templates/deal_team/_opportunity.cs). 0 / -1. */
int deal_team_for_opportunity(struct req *rq, long long opp_id);
/* actions.c */
int page_actions(struct req *rq, struct resp *rs);
int page_action_show(struct req *rq, struct resp *rs);
int page_action_done(struct req *rq, struct resp *rs);
int page_action_reassign(struct req *rq, struct resp *rs);
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
/* opportunities.c */
int page_opportunities(struct req *rq, struct resp *rs);
int page_opportunity_new(struct req *rq, struct resp *rs);
int page_opportunity_create(struct req *rq, struct resp *rs);
int page_opportunity_show(struct req *rq, struct resp *rs);
int page_opportunity_edit(struct req *rq, struct resp *rs);
int page_opportunity_update(struct req *rq, struct resp *rs);
/* Fills CustomerOpps.N.* (id title stage stage_label status status_label current_offer final_price
 * expected_close owner) and CustomerOppsInfo.{customer_id,can_create,more} for the customer page,
 * which includes templates/opportunities/_customer_list.cs, for a customer the page has fetched
 * through customer_load (ref: where it sits). 0 / -1. */
int opportunities_for_customer(struct req *rq, long long customer_id, const struct row_ref *ref);

/* plans.c, needs.c */
int page_plans(struct req *rq, struct resp *rs);
int page_plan_new(struct req *rq, struct resp *rs);
int page_plan_create(struct req *rq, struct resp *rs);
int page_plan_show(struct req *rq, struct resp *rs);
int page_plan_edit(struct req *rq, struct resp *rs);
int page_plan_update(struct req *rq, struct resp *rs);
int page_needs_list(struct req *rq, struct resp *rs);
int page_needs_new(struct req *rq, struct resp *rs);
int page_needs_create(struct req *rq, struct resp *rs);
int page_needs_show(struct req *rq, struct resp *rs);
int page_needs_edit(struct req *rq, struct resp *rs);
int page_needs_update(struct req *rq, struct resp *rs);
/* Fills OppPlans.N.{id,topic,strategy_label,meeting_on}, OppNeeds.N.{id,researched_on,method_label,
 * confirmed_on} and OppLinks.can_create for the opportunity page (templates/plans/_opportunity.cs).
 * 0 / -1. */
int plans_for_opportunity(struct req *rq, long long opportunity_id, int can_edit);
/* Repeatable form rows "<list>.<n>.<field>" (n = 0..PROWS_MAX-1), shared by plans.c and needs.c. */
#define PROWS_MAX 50
#define PROWS_FIELDS 6
struct prows {
	size_t n;                                   /* rows kept, in submitted order */
	const char *v[PROWS_MAX][PROWS_FIELDS];       /* submitted values, "" when absent */
};
/* Reads list's rows from the form, dropping the one named by remove=<list>.<n>. */
void prows_read(struct req *rq, const char *list, const char *const *fields, size_t nf, struct prows *out);
/* Whether a row is blank (every field empty or white space). */
int prows_blank(const struct prows *r, size_t i, size_t nf);
/* Form.rows.<list>.<k>.<field> for each row, renumbered from 0; plus one empty row when add_empty. */
int prows_show(struct req *rq, const char *list, const char *const *fields, size_t nf, const struct prows *r,
              int add_empty);
/* The submission only adds or removes a row (add=<list> / remove=<list>.<n>): re-render, save nothing. */
int prows_editing(struct req *rq);

/* negotiations.c, objections.c */
int page_negotiations(struct req *rq, struct resp *rs);
int page_negotiation_new(struct req *rq, struct resp *rs);
int page_negotiation_create(struct req *rq, struct resp *rs);
int page_negotiation_show(struct req *rq, struct resp *rs);
int page_negotiation_edit(struct req *rq, struct resp *rs);
int page_negotiation_update(struct req *rq, struct resp *rs);
int page_negotiation_complete(struct req *rq, struct resp *rs);
int page_negotiation_print(struct req *rq, struct resp *rs);
int page_objections(struct req *rq, struct resp *rs);
int page_objection_update(struct req *rq, struct resp *rs);

/* surveys.c, history */
int page_survey_new(struct req *rq, struct resp *rs);
int page_survey_create(struct req *rq, struct resp *rs);
/* Fills History.* for the customer page, which includes templates/history/_customer.cs: the
 * customer's negotiation records in date order, recurring needs, objection types over time,
 * concessions against list price per opportunity, how needs changed, and the satisfaction survey
 * history with averages, for a customer the page has fetched through customer_load (ref: where it
 * sits; every list is still read through VIS_SQL). 0 / -1. */
int customer_history(struct req *rq, long long customer_id, const struct row_ref *ref);

/* Lists that look for rows in a window of ids below the cursor (ST_NEG_LIST, ST_OBJ_LIST): how many
 * ids a page's window spans at most, and the next cursor when a page came out short — just above the
 * newest id under the window, else 0 (nothing older). -1 on a database error. */
#define LIST_SCAN 4000
long long list_window_next(struct req *rq, enum stmt_id window, long long below);
/* The cursor for "after" = id (0 = from the top) as the exclusive upper bound of the window. */
#define LIST_BELOW(after) ((after) > 0 ? (after) : LLONG_MAX)

/* admin_policy.c */
int page_admin_policy(struct req *rq, struct resp *rs);
int page_admin_policy_save(struct req *rq, struct resp *rs);

/* concessions.c */
int page_concessions(struct req *rq, struct resp *rs);
int page_concession_new(struct req *rq, struct resp *rs);
int page_concession_create(struct req *rq, struct resp *rs);
int page_concession_show(struct req *rq, struct resp *rs);
int page_concession_edit(struct req *rq, struct resp *rs);
int page_concession_update(struct req *rq, struct resp *rs);
int page_concession_withdraw(struct req *rq, struct resp *rs);
int page_concession_review(struct req *rq, struct resp *rs);
/* The request page (GET /concessions/{id}) for request id, with whatever the caller already set:
 * rs->status, Form.message, Form.errors.*, Form.values.comment (the decision form keeps what was
 * typed). A 404 when the user may not see the request. 0 / -1. */
int concession_page(struct req *rq, struct resp *rs, long long id);
/* Fills History.approved.N.{id,opp_id,title,term,requested,amount,discount,state,state_label,when,requester}
 * and History.approved_more for the customer history (templates/history/_customer.cs): the customer's
 * approved (and not-required) concession requests, newest first. Nothing when not visible. 0 / -1. */
int concessions_for_history(struct req *rq, long long customer_id);

/* approvals.c */
int page_approvals(struct req *rq, struct resp *rs);
int page_approval_decide(struct req *rq, struct resp *rs);
int page_delegations(struct req *rq, struct resp *rs);
int page_delegation_create(struct req *rq, struct resp *rs);
int page_delegation_revoke(struct req *rq, struct resp *rs);
/* For the request page (templates/approvals/_decide.cs): when the viewer may decide the request's open
 * step (as its approver or standing in for it today), sets Decide.step_id, Decide.version,
 * Decide.on_behalf_of (0 = self), Decide.on_behalf_name, Decide.level, Decide.green; otherwise sets
 * nothing. The caller has checked the request's customer is visible. 0 / -1. */
int approval_fill_decide(struct req *rq, long long request_id);

/* reports.c */
int page_reports(struct req *rq, struct resp *rs);
int page_report_records(struct req *rq, struct resp *rs);


#endif
