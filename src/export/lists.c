/* The lists' descriptions for export (see lists.h). The query tables hold the names and kinds the
 * lists read from their query strings; the statements are in src/db/stmts_exports.def and use the
 * lists' own filter predicates. */
#include "export/lists.h"

#include <string.h>

#include "domain/opportunity.h"
#include "domain/records.h"

/* A filter's id only narrows rows VIS_SQL already allows: any well-formed id is kept. */
static int any_id(void *ctx, long long id)
{
	(void)ctx;
	return id > 0;
}

#define Q_ID(n) { n, FK_ID, 0, 0, 0, NULL, NULL, any_id, NULL, NULL }
#define Q_CHOICE(n, c) { n, FK_CHOICE, 0, 0, 0, c, NULL, NULL, NULL, NULL }
#define Q_SORT(n, c, d) { n, FK_CHOICE, 0, 0, 0, c, d, NULL, NULL, NULL }
#define Q_INT(n, lo, hi) { n, FK_INT, 0, lo, hi, NULL, NULL, NULL, NULL, NULL }
#define Q_BOOL(n) { n, FK_BOOL, 0, 0, 0, NULL, NULL, NULL, NULL, NULL }
#define Q_DATE(n) { n, FK_DATE, 0, 0, 0, NULL, NULL, NULL, NULL, NULL }
#define Q_TEXT(n, max) { n, FK_TEXT, 0, 0, max, NULL, NULL, NULL, NULL, NULL }
#define N(a) (sizeof a / sizeof *a)
#define FORM(f) { f, N(f) }

/* A plain column; T: a stored choice shown by its label; M: money with its currency column;
 * S: a tiered value (secret_fields[] entry, the column of its row id). */
#define C(l, t, w, s) { l, t, w, s, NULL, -1, LIST_NO_SECRET, 0 }
#define T(l, w, s, ch) { l, COL_TEXT, w, s, ch, -1, LIST_NO_SECRET, 0 }
#define M(l, w, s, cur) { l, COL_MONEY, w, s, NULL, cur, LIST_NO_SECRET, 0 }
#define S(l, t, w, s, sf, rid, cur) { l, t, w, s, NULL, cur, sf, rid }

/* ------------------------------------------------------------------ negotiation records */

static const struct fk_field rec_q[] = {
	Q_ID("customer"), Q_CHOICE("phase", rec_phases), Q_CHOICE("status", rec_statuses), Q_BOOL("late"),
	Q_DATE("from"), Q_DATE("to"),
};
static const struct fk_form rec_form = FORM(rec_q);
static const struct list_filter rec_binds[] = {
	{ "customer", LB_PAIR }, { "phase", LB_PAIR }, { "status", LB_PAIR }, { "late", LB_LATE },
	{ "from", LB_FROM }, { "to", LB_TO },
};
static const struct list_sort rec_sorts[] = { { NULL, ST_EXP_NEG_BATCH, KS_ID_DESC, NULL } };
static const struct list_col rec_cols[] = {
	C("exp.record_no", COL_INT, 10, 0), C("rec.held_on", COL_DATE, 12, 1), C("rec.customer", COL_TEXT, 28, 2),
	C("rec.opportunity", COL_TEXT, 28, 3), C("rec.plan", COL_TEXT, 24, 4), T("rec.type", 12, 5, "rec.type"),
	T("rec.phase", 10, 6, "rec.phase"), T("rec.status", 10, 7, "rec.status"), C("rec.owner", COL_TEXT, 14, 8),
	C("rec.place", COL_TEXT, 18, 9), C("rec.start_time", COL_TEXT, 8, 10), C("rec.end_time", COL_TEXT, 8, 11),
	C("rec.our_participants", COL_TEXT, 24, 12), C("rec.their_participants", COL_TEXT, 24, 13),
	C("rec.completed_at", COL_DATETIME, 20, 14), T("rec.late_short", 8, 15, "exp.yesno"),
	C("rec.flag_count", COL_INT, 8, 16), C("rec.review_strengths", COL_TEXT, 30, 17),
	C("rec.review_improve", COL_TEXT, 30, 18), C("rec.review_relationship", COL_TEXT, 30, 19),
	C("rec.review_strategy", COL_TEXT, 30, 20), C("rec.review_moments", COL_TEXT, 30, 21),
};
/* Child lists: record number, position, then the list's columns. */
#define NO_POS C("exp.record_no", COL_INT, 10, 0), C("exp.position", COL_INT, 6, 1)
static const struct list_col needs_cols[] = { NO_POS, C("rec.need", COL_TEXT, 40, 2),
	T("rec.urgency", 10, 3, "rec.urgency"), T("rec.topic", 10, 4, "rec.topic") };
static const struct list_col obj_cols[] = { NO_POS, C("rec.quote", COL_TEXT, 40, 2), T("rec.otype", 10, 3, "rec.otype"),
	C("rec.response", COL_TEXT, 40, 4), T("rec.result", 10, 5, "rec.result"), C("rec.owner", COL_TEXT, 14, 6),
	C("rec.follow_up", COL_TEXT, 30, 7) };
static const struct list_col prop_cols[] = { NO_POS, C("rec.proposal", COL_TEXT, 40, 2),
	C("rec.for_need", COL_INT, 10, 3) };
static const struct list_col term_cols[] = { NO_POS, T("rec.term", 12, 2, "rec.term"), C("rec.ours", COL_TEXT, 30, 3),
	C("rec.theirs", COL_TEXT, 30, 4), T("rec.agreed", 8, 5, "exp.yesno"), M("rec.price", 16, 6, 9),
	C("rec.discount", COL_BP, 10, 7), C("rec.payment_days", COL_INT, 10, 8) };
static const struct list_col conc_cols[] = { NO_POS, T("rec.term", 12, 2, "rec.cterm"), C("rec.from", COL_TEXT, 20, 3),
	C("rec.to", COL_TEXT, 20, 4), M("rec.value", 16, 5, 10), C("rec.discount", COL_BP, 10, 6),
	C("rec.payment_days", COL_INT, 10, 7), C("rec.counter", COL_TEXT, 30, 8), C("exp.request_no", COL_INT, 10, 9) };
static const struct list_col outcome_cols[] = { NO_POS, T("exp.outcome", 14, 2, "exp.outcome"),
	C("rec.agreement", COL_TEXT, 40, 3), C("rec.reason", COL_TEXT, 30, 4) };
static const struct list_col action_cols[] = { NO_POS, C("rec.what", COL_TEXT, 40, 2),
	C("rec.action_owner", COL_TEXT, 14, 3), C("rec.due", COL_DATE, 12, 4), C("rec.deliverable", COL_TEXT, 30, 5) };
static const struct list_col att_cols[] = { NO_POS, C("rec.person", COL_TEXT, 20, 2),
	C("rec.observation", COL_TEXT, 50, 3) };
#define CH(name, st, cols) { name, st, cols, N(cols) }
static const struct list_child rec_children[] = {
	CH("rec.needs", ST_EXP_NEG_NEEDS, needs_cols), CH("rec.objections", ST_EXP_NEG_OBJECTIONS, obj_cols),
	CH("rec.proposals", ST_EXP_NEG_PROPOSALS, prop_cols), CH("rec.terms", ST_EXP_NEG_TERMS, term_cols),
	CH("rec.concessions", ST_EXP_NEG_CONCESSIONS, conc_cols), CH("exp.outcomes", ST_EXP_NEG_OUTCOMES, outcome_cols),
	CH("rec.actions", ST_EXP_NEG_ACTIONS, action_cols), CH("rec.attitudes", ST_EXP_NEG_ATTITUDES, att_cols),
};
static const struct list_desc records = {
	"records", "rec.list_title", &rec_form, rec_binds, N(rec_binds), rec_sorts, N(rec_sorts), NULL, 1, -1,
	rec_cols, N(rec_cols), rec_children, N(rec_children), 1, ST_EXP_NEG_COUNT,
};

/* ------------------------------------------------------------------ customers */

static const char *const cust_intents[] = { "high", "medium", "low", NULL };
static const char *const cust_segments[] = { "new", "existing", "key", NULL };
static const char *const cust_sorts[] = { "name", "updated", "follow", NULL };
static const struct fk_field cust_q[] = {
	Q_TEXT("q", 100), Q_CHOICE("intent", cust_intents), Q_CHOICE("segment", cust_segments), Q_INT("stage", 1, 6),
	Q_ID("owner"), Q_ID("team"), Q_BOOL("overdue"), Q_SORT("sort", cust_sorts, "name"),
};
static const struct fk_form cust_form = FORM(cust_q);
static const struct list_filter cust_binds[] = {
	{ "q", LB_LIKE }, { "intent", LB_PAIR }, { "segment", LB_PAIR }, { "stage", LB_PAIR }, { "owner", LB_PAIR },
	{ "team", LB_PAIR }, { "overdue", LB_TODAY },
};
static const struct list_sort cust_sorts_st[] = {
	{ "name", ST_EXP_CUST_NAME, KS_KEY_ASC, "" },
	{ "updated", ST_EXP_CUST_UPDATED, KS_KEY_DESC, "9999-12-31 23:59:59" },
	{ "follow", ST_EXP_CUST_FOLLOW, KS_KEY_ASC, "1000-01-01" },
};
static const struct list_col cust_cols[] = {
	C("exp.customer_no", COL_INT, 10, 0), C("customer.name", COL_TEXT, 28, 2), C("customer.industry", COL_TEXT, 18, 3),
	T("customer.segment", 10, 4, "segment"), T("customer.intent", 10, 5, "intent"), T("customer.stage", 16, 6, "stage"),
	C("customer.owner", COL_TEXT, 14, 7), C("exp.team", COL_TEXT, 14, 8), C("customer.next_follow_up", COL_DATE, 12, 9),
	S("customer.budget_ceiling", COL_MONEY, 18, 10, SF_CUSTOMER_BUDGET, 0, -1),
	S("customer.decision_notes", COL_TEXT, 30, 11, SF_CUSTOMER_DECISION_NOTES, 0, -1),
	C("exp.updated", COL_DATETIME, 20, 12),
};
static const struct list_desc customers = {
	"customers", "customer.list_title", &cust_form, cust_binds, N(cust_binds), cust_sorts_st, N(cust_sorts_st),
	"sort", 0, 13, cust_cols, N(cust_cols), NULL, 0, 0, ST_EXP_NEG_COUNT,
};

/* ------------------------------------------------------------------ contacts (of the customers one may see) */

static const struct fk_field customer_q[] = { Q_ID("customer") };
static const struct fk_form customer_form = FORM(customer_q);
static const struct list_filter customer_binds[] = { { "customer", LB_PAIR } };
static const struct list_sort contact_sorts[] = { { NULL, ST_EXP_CONTACTS, KS_ID_DESC, NULL } };
static const struct list_col contact_cols[] = {
	C("exp.customer", COL_TEXT, 28, 1), C("contact.name", COL_TEXT, 16, 2), C("contact.job_title", COL_TEXT, 16, 3),
	C("contact.phone", COL_TEXT, 16, 4), C("contact.email", COL_TEXT, 24, 5),
	T("contact.decision_role", 12, 6, "decision_role"), T("contact.personality", 14, 7, "personality_name"),
	C("contact.notes", COL_TEXT, 30, 8),
};
static const struct list_desc contacts = {
	"contacts", "contact.title", &customer_form, customer_binds, N(customer_binds), contact_sorts, N(contact_sorts),
	NULL, 0, -1, contact_cols, N(contact_cols), NULL, 0, 0, ST_EXP_NEG_COUNT,
};

/* ------------------------------------------------------------------ opportunities */

static const struct fk_field opp_q[] = { Q_CHOICE("status", opp_statuses), Q_INT("stage", 1, 6), Q_ID("customer") };
static const struct fk_form opp_form = FORM(opp_q);
static const struct list_filter opp_binds[] = { { "status", LB_PAIR }, { "stage", LB_PAIR }, { "customer", LB_PAIR } };
static const struct list_sort opp_sorts[] = { { NULL, ST_EXP_OPPS, KS_ID_DESC, NULL } };
static const struct list_col opp_cols[] = {
	C("exp.opportunity_no", COL_INT, 10, 0), C("opp.name", COL_TEXT, 28, 1), C("opp.customer", COL_TEXT, 28, 2),
	T("opp.stage", 18, 3, "opp.stage_"), T("opp.status", 10, 4, "opp.status_"), C("opp.currency", COL_TEXT, 8, 5),
	M("opp.list_price", 16, 6, 5), M("opp.current_offer", 16, 7, 5), M("opp.final_price", 16, 8, 5),
	C("opp.expected_close", COL_DATE, 12, 9), C("opp.owner", COL_TEXT, 14, 10), C("opp.lost_reason", COL_TEXT, 24, 11),
	S("opp.cost", COL_MONEY, 16, 12, SF_OPP_COST, 0, 5), S("opp.margin", COL_BP, 10, 13, SF_OPP_MARGIN, 0, -1),
};
static const struct list_desc opportunities = {
	"opportunities", "opp.list_title", &opp_form, opp_binds, N(opp_binds), opp_sorts, N(opp_sorts), NULL, 0, 14,
	opp_cols, N(opp_cols), NULL, 0, 0, ST_EXP_NEG_COUNT,
};

/* ------------------------------------------------------------------ objections (the tracker) */

static const struct fk_field obj_q[] = {
	Q_CHOICE("type", rec_objection_types), Q_CHOICE("result", rec_objection_results), Q_ID("owner"), Q_ID("customer"),
};
static const struct fk_form obj_form = FORM(obj_q);
static const struct list_filter obj_binds[] = {
	{ "type", LB_PAIR }, { "result", LB_PAIR }, { "owner", LB_PAIR }, { "customer", LB_PAIR },
};
static const struct list_sort obj_sorts[] = { { NULL, ST_EXP_OBJECTIONS, KS_ID_DESC, NULL } };
static const struct list_col objl_cols[] = {
	C("exp.objection_no", COL_INT, 10, 0), C("rec.held_on", COL_DATE, 12, 1), C("rec.customer", COL_TEXT, 28, 2),
	C("exp.record_no", COL_INT, 10, 3), T("rec.otype", 10, 4, "rec.otype"), C("rec.quote", COL_TEXT, 40, 5),
	C("rec.response", COL_TEXT, 40, 6), T("rec.result", 10, 7, "rec.result"), C("rec.owner", COL_TEXT, 14, 8),
	C("rec.follow_up", COL_TEXT, 30, 9),
};
static const struct list_desc objections = {
	"objections", "obj.title", &obj_form, obj_binds, N(obj_binds), obj_sorts, N(obj_sorts), NULL, 0, -1,
	objl_cols, N(objl_cols), NULL, 0, 0, ST_EXP_NEG_COUNT,
};

/* ------------------------------------------------------------------ concession requests and their steps */

static const char *const conc_states[] = { "pending", "approved", "rejected", "returned", "withdrawn", "not_required",
	NULL };
static const struct fk_field conc_q[] = { Q_CHOICE("state", conc_states), Q_BOOL("mine"), Q_ID("opportunity") };
static const struct fk_form conc_form = FORM(conc_q);
static const struct list_filter conc_binds[] = { { "state", LB_PAIR }, { "mine", LB_ME }, { "opportunity", LB_PAIR } };
static const struct list_sort conc_sorts[] = { { NULL, ST_EXP_CONCESSIONS, KS_ID_DESC, NULL } };
static const struct list_col concl_cols[] = {
	C("exp.request_no", COL_INT, 10, 0), C("exp.created", COL_DATETIME, 20, 1), C("rec.customer", COL_TEXT, 28, 2),
	C("rec.opportunity", COL_TEXT, 28, 3), T("rec.term", 12, 4, "conc.term"), C("exp.current_value", COL_TEXT, 20, 5),
	C("exp.requested_value", COL_TEXT, 20, 6), M("exp.amount", 16, 7, 8), C("rec.discount", COL_BP, 10, 9),
	C("exp.cumulative", COL_BP, 10, 10), T("exp.urgency", 12, 11, "conc.urgency"), T("exp.col_state", 14, 12, "conc.state"),
	C("exp.requester", COL_TEXT, 14, 13), C("exp.justification", COL_TEXT, 40, 14), C("rec.counter", COL_TEXT, 30, 15),
};
static const struct list_col step_cols[] = {
	C("exp.request_no", COL_INT, 10, 0), C("exp.version", COL_INT, 8, 1), C("exp.level", COL_INT, 6, 2),
	C("exp.approver", COL_TEXT, 14, 3), T("exp.approver_role", 12, 4, "conc.role"),
	T("exp.col_state", 12, 5, "conc.step_state"), C("exp.pending_since", COL_DATETIME, 20, 6),
	C("exp.decided_by", COL_TEXT, 14, 7), C("exp.decided_at", COL_DATETIME, 20, 8), C("exp.comment", COL_TEXT, 40, 9),
	C("exp.escalated_at", COL_DATETIME, 20, 10),
};
static const struct list_child conc_children[] = { CH("exp.steps", ST_EXP_CONC_STEPS, step_cols) };
static const struct list_desc concessions = {
	"concessions", "exp.requests_title", &conc_form, conc_binds, N(conc_binds), conc_sorts, N(conc_sorts), NULL, 0,
	-1, concl_cols, N(concl_cols), conc_children, N(conc_children), 0, ST_EXP_NEG_COUNT,
};

/* ------------------------------------------------------------------ follow-ups (the log) */

static const struct fk_field fu_q[] = { Q_ID("customer"), Q_DATE("from"), Q_DATE("to") };
static const struct fk_form fu_form = FORM(fu_q);
static const struct list_filter fu_binds[] = { { "customer", LB_PAIR }, { "from", LB_FROM }, { "to", LB_TO } };
static const struct list_sort fu_sorts[] = { { NULL, ST_EXP_FOLLOWUPS, KS_ID_DESC, NULL } };
static const struct list_col fu_cols[] = {
	C("followup.happened_on", COL_DATE, 12, 1), C("exp.customer", COL_TEXT, 28, 2), T("followup.channel", 10, 3, "channel"),
	C("followup.summary", COL_TEXT, 40, 4), C("followup.next_date", COL_DATE, 12, 5), C("followup.by", COL_TEXT, 14, 6),
};
static const struct list_desc followups = {
	"followups", "followup.title", &fu_form, fu_binds, N(fu_binds), fu_sorts, N(fu_sorts), NULL, 0, -1,
	fu_cols, N(fu_cols), NULL, 0, 0, ST_EXP_NEG_COUNT,
};

/* ------------------------------------------------------------------ satisfaction surveys */

static const struct list_sort survey_sorts[] = { { NULL, ST_EXP_SURVEYS, KS_ID_DESC, NULL } };
static const struct list_col survey_cols[] = {
	C("survey.surveyed_on", COL_DATE, 12, 1), C("exp.customer", COL_TEXT, 28, 2), C("survey.service_quality", COL_INT, 10, 3),
	C("survey.solution_effect", COL_INT, 10, 4), C("survey.response_speed", COL_INT, 10, 5),
	C("survey.team_cooperation", COL_INT, 10, 6), T("survey.overall", 12, 7, "survey_overall"),
	C("survey.suggestions", COL_TEXT, 40, 8), C("followup.by", COL_TEXT, 14, 9),
};
static const struct list_desc surveys = {
	"surveys", "survey.title", &customer_form, customer_binds, N(customer_binds), survey_sorts, N(survey_sorts),
	NULL, 0, -1, survey_cols, N(survey_cols), NULL, 0, 0, ST_EXP_NEG_COUNT,
};

/* ------------------------------------------------------------------ the table */

const struct list_desc *const list_descs[] = {
	&records, &customers, &contacts, &opportunities, &objections, &concessions, &followups, &surveys,
};
const size_t list_ndescs = N(list_descs);

const struct list_desc *list_find(const char *name)
{
	size_t i;

	for (i = 0; name && i < list_ndescs; i++)
		if (!strcmp(name, list_descs[i]->name))
			return list_descs[i];
	return NULL;
}

int list_param_kept(const char *name, const char *value)
{
	struct kv item = { (char *)name, (char *)value, strlen(value) };
	struct kvlist one = { &item, 1, 1 };
	size_t i;

	for (i = 0; i < list_ndescs; i++) {
		int k = fk_index(list_descs[i]->query, name);
		struct fk_form form;
		struct fk_val v;
		if (k < 0)
			continue;
		form.fields = &list_descs[i]->query->fields[k];
		form.n = 1;
		if (fk_query_parse(&form, &one, NULL, &v) == 0 && v.present)
			return 1;
	}
	return 0;
}
