/* The route table: method, path, handler, capability, CSRF. The dispatcher enforces the last two
 * before a handler runs; a path that is not here does not exist. */
#include "http/router.h"
#include "pages/pages.h"

const struct route parley_routes[] = {
	{ "GET",  "/healthz",                     page_healthz,               CAP_PUBLIC, CSRF_NONE },
	{ "GET",  "/livez",                       page_livez,                 CAP_PUBLIC, CSRF_NONE },
	{ "GET",  "/login",                       page_login_form,            CAP_PUBLIC, CSRF_NONE },
	{ "POST", "/login",                       page_login,                 CAP_PUBLIC, CSRF_CHECK },
	{ "POST", "/logout",                      page_logout,                CAP_LOGIN,  CSRF_CHECK },
	{ "GET",  "/",                            page_home,                  CAP_LOGIN,  CSRF_NONE },
	{ "POST", "/account/lang",                page_account_lang,          CAP_LOGIN,  CSRF_CHECK },

	{ "GET",  "/actions",                     page_actions,               CAP_SALES,  CSRF_NONE },
	{ "GET",  "/actions/:id",                 page_action_show,           CAP_SALES,  CSRF_NONE },
	{ "POST", "/actions/:id/done",            page_action_done,           CAP_SALES,  CSRF_CHECK },
	{ "POST", "/actions/:id/reassign",        page_action_reassign,       CAP_SALES,  CSRF_CHECK },

	{ "GET",  "/admin",                       page_admin_root,            CAP_ADMIN,  CSRF_NONE },
	{ "GET",  "/admin/users",                 page_admin_users,           CAP_ADMIN,  CSRF_NONE },
	{ "GET",  "/admin/users/new",             page_admin_user_new,        CAP_ADMIN,  CSRF_NONE },
	{ "POST", "/admin/users",                 page_admin_user_create,     CAP_ADMIN,  CSRF_CHECK },
	{ "GET",  "/admin/users/:id",             page_admin_user_show,       CAP_ADMIN,  CSRF_NONE },
	{ "GET",  "/admin/users/:id/edit",        page_admin_user_edit,       CAP_ADMIN,  CSRF_NONE },
	{ "POST", "/admin/users/:id",             page_admin_user_update,     CAP_ADMIN,  CSRF_CHECK },
	{ "POST", "/admin/users/:id/deactivate",  page_admin_user_deactivate, CAP_ADMIN,  CSRF_CHECK },
	{ "POST", "/admin/users/:id/activate",    page_admin_user_activate,   CAP_ADMIN,  CSRF_CHECK },
	{ "POST", "/admin/users/:id/password",    page_admin_user_password,   CAP_ADMIN,  CSRF_CHECK },
	{ "GET",  "/admin/teams",                 page_admin_teams,           CAP_ADMIN,  CSRF_NONE },
	{ "POST", "/admin/teams",                 page_admin_team_create,     CAP_ADMIN,  CSRF_CHECK },
	{ "GET",  "/admin/regions",               page_admin_regions,         CAP_ADMIN,  CSRF_NONE },
	{ "POST", "/admin/regions",               page_admin_region_create,   CAP_ADMIN,  CSRF_CHECK },
	{ "GET",  "/admin/audit",                 page_admin_audit,           CAP_AUDIT_READ, CSRF_NONE },

	{ "GET",  "/customers",                   page_customers,             CAP_SALES,  CSRF_NONE },
	{ "GET",  "/customers/new",               page_customer_new,          CAP_SALES,  CSRF_NONE },
	{ "POST", "/customers",                   page_customer_create,       CAP_SALES,  CSRF_CHECK },
	{ "GET",  "/customers/:id",               page_customer_show,         CAP_SALES,  CSRF_NONE },
	{ "GET",  "/customers/:id/edit",          page_customer_edit,         CAP_SALES,  CSRF_NONE },
	{ "POST", "/customers/:id",               page_customer_update,       CAP_SALES,  CSRF_CHECK },
	{ "POST", "/customers/:id/reassign",      page_customer_reassign,     CAP_SALES,  CSRF_CHECK },
	{ "POST", "/customers/:id/follow-ups",    page_followup_create,       CAP_SALES,  CSRF_CHECK },
	{ "GET",  "/follow-ups",                  page_followups,             CAP_SALES,  CSRF_NONE },
	{ "POST", "/customers/:id/contacts",      page_contact_create,        CAP_SALES,  CSRF_CHECK },
	{ "GET",  "/customers/:id/contacts/:id/edit", page_contact_edit,      CAP_SALES,  CSRF_NONE },
	{ "POST", "/customers/:id/contacts/:id",  page_contact_update,        CAP_SALES,  CSRF_CHECK },
	{ "POST", "/customers/:id/contacts/:id/delete", page_contact_delete,  CAP_SALES,  CSRF_CHECK },

	{ "GET",  "/opportunities",               page_opportunities,         CAP_SALES,  CSRF_NONE },
	{ "GET",  "/opportunities/new",           page_opportunity_new,       CAP_SALES,  CSRF_NONE },
	{ "POST", "/opportunities",               page_opportunity_create,    CAP_SALES,  CSRF_CHECK },
	{ "GET",  "/opportunities/:id",           page_opportunity_show,      CAP_SALES,  CSRF_NONE },
	{ "GET",  "/opportunities/:id/edit",      page_opportunity_edit,      CAP_SALES,  CSRF_NONE },
	{ "POST", "/opportunities/:id",           page_opportunity_update,    CAP_SALES,  CSRF_CHECK },
	/* plans and needs reports (below this line) */
	{ "GET",  "/plans",                       page_plans,                 CAP_SALES,  CSRF_NONE },
	{ "GET",  "/plans/new",                   page_plan_new,              CAP_SALES,  CSRF_NONE },
	{ "POST", "/plans",                       page_plan_create,           CAP_SALES,  CSRF_CHECK },
	{ "GET",  "/plans/:id",                   page_plan_show,             CAP_SALES,  CSRF_NONE },
	{ "GET",  "/plans/:id/edit",              page_plan_edit,             CAP_SALES,  CSRF_NONE },
	{ "POST", "/plans/:id",                   page_plan_update,           CAP_SALES,  CSRF_CHECK },
	{ "GET",  "/opportunities/:id/needs",     page_needs_list,            CAP_SALES,  CSRF_NONE },
	{ "GET",  "/opportunities/:id/needs/new", page_needs_new,             CAP_SALES,  CSRF_NONE },
	{ "POST", "/opportunities/:id/needs",     page_needs_create,          CAP_SALES,  CSRF_CHECK },
	{ "GET",  "/needs/:id",                   page_needs_show,            CAP_SALES,  CSRF_NONE },
	{ "GET",  "/needs/:id/edit",              page_needs_edit,            CAP_SALES,  CSRF_NONE },
	{ "POST", "/needs/:id",                   page_needs_update,          CAP_SALES,  CSRF_CHECK },

	/* negotiation records and objections (below this line) */
	{ "GET",  "/negotiations",                page_negotiations,          CAP_SALES,  CSRF_NONE },
	{ "GET",  "/negotiations/new",            page_negotiation_new,       CAP_SALES,  CSRF_NONE },
	{ "POST", "/negotiations",                page_negotiation_create,    CAP_SALES,  CSRF_CHECK },
	{ "GET",  "/negotiations/:id",            page_negotiation_show,      CAP_SALES,  CSRF_NONE },
	{ "GET",  "/negotiations/:id/edit",       page_negotiation_edit,      CAP_SALES,  CSRF_NONE },
	{ "POST", "/negotiations/:id",            page_negotiation_update,    CAP_SALES,  CSRF_CHECK },
	{ "POST", "/negotiations/:id/complete",   page_negotiation_complete,  CAP_SALES,  CSRF_CHECK },
	{ "GET",  "/negotiations/:id/print",      page_negotiation_print,     CAP_SALES,  CSRF_NONE },
	{ "GET",  "/objections",                  page_objections,            CAP_SALES,  CSRF_NONE },
	{ "POST", "/objections/:id",              page_objection_update,      CAP_SALES,  CSRF_CHECK },

	/* surveys (below this line) */
	{ "GET",  "/customers/:id/surveys/new",   page_survey_new,            CAP_SALES,  CSRF_NONE },
	{ "POST", "/customers/:id/surveys",       page_survey_create,         CAP_SALES,  CSRF_CHECK },

	/* approval policy — helper D (below this line) */
	{ "GET",  "/admin/approval-policy",       page_admin_policy,          CAP_ADMIN,  CSRF_NONE },
	{ "POST", "/admin/approval-policy",       page_admin_policy_save,     CAP_ADMIN,  CSRF_CHECK },

	/* concession requests — helper W1 (below this line) */
	{ "GET",  "/concessions",                 page_concessions,           CAP_SALES,  CSRF_NONE },
	{ "GET",  "/concessions/new",             page_concession_new,        CAP_SALES,  CSRF_NONE },
	{ "POST", "/concessions",                 page_concession_create,     CAP_SALES,  CSRF_CHECK },
	{ "GET",  "/concessions/:id",             page_concession_show,       CAP_SALES,  CSRF_NONE },
	{ "GET",  "/concessions/:id/edit",        page_concession_edit,       CAP_SALES,  CSRF_NONE },
	{ "POST", "/concessions/:id",             page_concession_update,     CAP_SALES,  CSRF_CHECK },
	{ "POST", "/concessions/:id/withdraw",    page_concession_withdraw,   CAP_SALES,  CSRF_CHECK },
	{ "POST", "/concessions/:id/review",      page_concession_review,     CAP_SALES,  CSRF_CHECK },

	/* approvals, delegations — helper W2 (below this line) */
	{ "GET",  "/approvals",                   page_approvals,             CAP_SALES,  CSRF_NONE },
	{ "GET",  "/approvals/delegations",       page_delegations,           CAP_SALES,  CSRF_NONE },
	{ "POST", "/approvals/delegations",       page_delegation_create,     CAP_SALES,  CSRF_CHECK },
	{ "POST", "/approvals/delegations/:id/revoke", page_delegation_revoke, CAP_SALES,  CSRF_CHECK },
	{ "POST", "/approvals/:id",               page_approval_decide,       CAP_SALES,  CSRF_CHECK },

	/* KPIs and the rows behind them */
	{ "GET",  "/reports",                     page_reports,               CAP_SALES,  CSRF_NONE },
	{ "GET",  "/reports/records",             page_report_records,        CAP_SALES,  CSRF_NONE },

};
const size_t parley_nroutes = sizeof parley_routes / sizeof parley_routes[0];
