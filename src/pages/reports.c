/* /reports — negotiation KPIs with charts drawn by the server (docs/kpi.md); sales roles
 * (CAP_SALES); nothing is changed.
 *   GET /reports           ?period=month|quarter|year  &at=2026-11|2026-Q4|2026  &scope=company|region:N|team:N|rep:N
 *   GET /reports/records   the same and ?kpi=<key>: the rows behind a figure
 * Figures come only from src/domain/kpi.c (the kept sums); who may see a scope only from
 * vis_can_see_figures(): a scope the user may not see, or that does not exist, answers 404. An unknown
 * period answers 422 with a message and no figures. Periods are in the user's time zone. */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "auth/visibility.h"
#include "domain/kpi.h"
#include "domain/units.h"
#include "http/form.h"
#include "http/router.h"
#include "pages/customer_common.h"
#include "pages/pages.h"
#include "util/clock.h"
#include "view/view.h"

#define TREND_MONTHS 12
#define TREND_QUARTERS 8
#define TREND_YEARS 5
#define TREND_MAX 12
#define DRILL_MAX 200

/* Chart geometry (SVG user units). */
#define CH_W 640
#define CH_H 220
#define CH_LEFT 48
#define CH_RIGHT 16
#define CH_TOP 16
#define CH_BOTTOM 40
#define BAR_W 360

struct rview {
	const char *tz;
	enum kpi_period_kind kind;
	struct kpi_period cur;
	struct kpi_scope sc;
	long long team_id, region_id;   /* where the scope sits */
	char scope_value[32];           /* "team:2" */
	char scope_name[128];
};

static const char *user_tz(const struct req *rq)
{
	return rq->user.tz[0] ? rq->user.tz : "Asia/Shanghai";
}

static const char *const scope_kinds[] = { "company", "region", "team", "rep" };

/* The default scope: a rep their own figures, a manager the team, a director the region, else the company. */
static void default_scope(const struct req *rq, struct rview *v)
{
	switch (rq->user.role) {
	case ROLE_REP:
		v->sc = (struct kpi_scope){ KPI_REP, rq->user.id };
		break;
	case ROLE_MANAGER:
		v->sc = (struct kpi_scope){ KPI_TEAM, rq->user.team_id };
		break;
	case ROLE_DIRECTOR:
		v->sc = (struct kpi_scope){ KPI_REGION, rq->user.region_id };
		break;
	default:
		v->sc = (struct kpi_scope){ KPI_COMPANY, 0 };
		break;
	}
}

/* "team:2" → kind and id; -1 malformed. */
static int scope_parse(const char *s, struct kpi_scope *sc)
{
	const char *colon;
	size_t i;

	if (!strcmp(s, "company")) {
		*sc = (struct kpi_scope){ KPI_COMPANY, 0 };
		return 0;
	}
	colon = strchr(s, ':');
	if (!colon)
		return -1;
	for (i = 1; i < 4; i++)
		if (strlen(scope_kinds[i]) == (size_t)(colon - s) && !strncmp(s, scope_kinds[i], (size_t)(colon - s))) {
			sc->kind = (enum kpi_scope_kind)i;
			return parse_id(colon + 1, strlen(colon + 1), &sc->id) < 0 ? -1 : 0;
		}
	return -1;
}

/* Where the scope sits and its name: 0 found and visible, 1 not (404), -1 error. */
static int scope_place(struct req *rq, struct rview *v)
{
	struct dbres *r = NULL;
	int ok = 0;

	switch (v->sc.kind) {
	case KPI_COMPANY:
		v->team_id = v->region_id = 0;
		snprintf(v->scope_name, sizeof v->scope_name, "%s", view_str(rq, "kpi.company"));
		ok = 1;
		break;
	case KPI_REGION:
		if (DB_EXEC(rq->app->db, ST_KPI_REGION_NAME, &r, DBI(v->sc.id)) != DB_OK)
			return -1;
		if (r->nrows == 1) {
			v->team_id = 0;
			v->region_id = v->sc.id;
			snprintf(v->scope_name, sizeof v->scope_name, "%s", dbres_str(r, 0, 0));
			ok = 1;
		}
		break;
	case KPI_TEAM:
		if (DB_EXEC(rq->app->db, ST_KPI_TEAM_GET, &r, DBI(v->sc.id)) != DB_OK)
			return -1;
		if (r->nrows == 1) {
			v->team_id = v->sc.id;
			v->region_id = dbres_int(r, 0, 1);
			snprintf(v->scope_name, sizeof v->scope_name, "%s", dbres_str(r, 0, 2));
			ok = 1;
		}
		break;
	case KPI_REP:
		if (DB_EXEC(rq->app->db, ST_KPI_PERSON, &r, DBI(v->sc.id)) != DB_OK)
			return -1;
		if (r->nrows == 1) {
			v->team_id = dbres_int(r, 0, 1);
			v->region_id = dbres_int(r, 0, 2);
			snprintf(v->scope_name, sizeof v->scope_name, "%s", dbres_str(r, 0, 3));
			ok = 1;
		}
		break;
	}
	dbres_free(&r);
	if (!ok || !vis_can_see_figures(&rq->user, (enum fig_scope)v->sc.kind, v->sc.id, v->team_id, v->region_id))
		return 1;
	if (v->sc.kind == KPI_COMPANY)
		snprintf(v->scope_value, sizeof v->scope_value, "company");
	else
		snprintf(v->scope_value, sizeof v->scope_value, "%s:%lld", scope_kinds[v->sc.kind], v->sc.id);
	return 0;
}

/* Reads period, at and scope: 0 ready, 1 answered (422 or 404), -1 error. */
static int read_view(struct req *rq, struct resp *rs, struct rview *v, const char *tmpl)
{
	const char *period = req_query(rq, "period"), *at = req_query(rq, "at"), *scope = req_query(rq, "scope");
	int rc;

	memset(v, 0, sizeof *v);
	v->tz = user_tz(rq);
	v->kind = KPI_MONTH;
	if ((period && *period && kpi_kind_parse(period, &v->kind) < 0) ||
	    (at && *at && kpi_period_parse(v->kind, at, v->tz, &v->cur) < 0)) {
		rs->status = 422;
		view_set(rq, "Form.message", view_str(rq, "kpi.bad_period"));
		view_set(rq, "Report.invalid", "1");
		return view_render(rq, rs, tmpl) < 0 ? -1 : 1;
	}
	if (!at || !*at)
		kpi_period_at(v->kind, rq->now, v->tz, &v->cur);
	if (scope && *scope) {
		if (scope_parse(scope, &v->sc) < 0) {
			resp_error(rs, rq, 404);
			return 1;
		}
	} else {
		default_scope(rq, v);
	}
	rc = scope_place(rq, v);
	if (rc > 0)
		resp_error(rs, rq, 404);
	return rc;
}

static void set_view_values(struct req *rq, const struct rview *v)
{
	struct kpi_period prev;
	char key[16];

	view_set(rq, "Report.period", kpi_kind_name(v->kind));
	kpi_period_key(&v->cur, key, sizeof key);
	view_set(rq, "Report.at", key);
	kpi_period_step(&v->cur, -1, v->tz, &prev);
	kpi_period_key(&prev, key, sizeof key);
	view_set(rq, "Report.prev_at", key);
	view_set(rq, "Report.scope", v->scope_value);
	view_set(rq, "Report.scope_name", v->scope_name);
	view_set(rq, "Report.tz", v->tz);
}

/* The scopes this user may pick, as Choices.scopes.N.{value,label,kind}. */
static int scope_choices(struct req *rq)
{
	struct dbres *r = NULL;
	size_t i, n = 0;
	char value[32];

	if (vis_can_see_figures(&rq->user, FIG_COMPANY, 0, 0, 0)) {
		view_setf(rq, "company", "Choices.scopes.%zu.value", n);
		view_setf(rq, view_str(rq, "kpi.company"), "Choices.scopes.%zu.label", n);
		view_setf(rq, "company", "Choices.scopes.%zu.kind", n++);
	}
	if (db_exec(rq->app->db, ST_KPI_REGIONS, NULL, 0, &r) != DB_OK)
		return -1;
	for (i = 0; i < r->nrows; i++) {
		long long id = dbres_int(r, i, 0);
		if (!vis_can_see_figures(&rq->user, FIG_REGION, id, 0, id))
			continue;
		snprintf(value, sizeof value, "region:%lld", id);
		view_setf(rq, value, "Choices.scopes.%zu.value", n);
		view_setf(rq, dbres_str(r, i, 1), "Choices.scopes.%zu.label", n);
		view_setf(rq, "region", "Choices.scopes.%zu.kind", n++);
	}
	dbres_free(&r);
	if (db_exec(rq->app->db, ST_KPI_TEAMS, NULL, 0, &r) != DB_OK)
		return -1;
	for (i = 0; i < r->nrows; i++) {
		long long id = dbres_int(r, i, 0);
		if (!vis_can_see_figures(&rq->user, FIG_TEAM, id, id, dbres_int(r, i, 2)))
			continue;
		snprintf(value, sizeof value, "team:%lld", id);
		view_setf(rq, value, "Choices.scopes.%zu.value", n);
		view_setf(rq, dbres_str(r, i, 1), "Choices.scopes.%zu.label", n);
		view_setf(rq, "team", "Choices.scopes.%zu.kind", n++);
	}
	dbres_free(&r);
	if (db_exec(rq->app->db, ST_KPI_PEOPLE, NULL, 0, &r) != DB_OK)
		return -1;
	for (i = 0; i < r->nrows; i++) {
		long long id = dbres_int(r, i, 0);
		if (!vis_can_see_figures(&rq->user, FIG_PERSON, id, dbres_int(r, i, 2), dbres_int(r, i, 3)))
			continue;
		snprintf(value, sizeof value, "rep:%lld", id);
		view_setf(rq, value, "Choices.scopes.%zu.value", n);
		view_setf(rq, dbres_str(r, i, 1), "Choices.scopes.%zu.label", n);
		view_setf(rq, "rep", "Choices.scopes.%zu.kind", n++);
	}
	dbres_free(&r);
	return 0;
}

static void set_fig(struct req *rq, const char *name, const struct kpi_sums *s, enum kpi_id id)
{
	char out[48];

	kpi_format(s, id, out, sizeof out);
	view_set(rq, name, out);
}

/* Kpi.N.{key,cur,prev,cur_n,prev_n}: every figure of this period and the one before. */
static void set_figures(struct req *rq, const struct kpi_sums *cur, const struct kpi_sums *prev)
{
	char name[64];
	int i;

	for (i = 0; i < KPI__COUNT; i++) {
		view_setf(rq, kpi_defs[i].key, "Kpi.%d.key", i);
		snprintf(name, sizeof name, "Kpi.%d.cur", i);
		set_fig(rq, name, cur, (enum kpi_id)i);
		snprintf(name, sizeof name, "Kpi.%d.prev", i);
		set_fig(rq, name, prev, (enum kpi_id)i);
	}
	/* The counts the rates are made of, shown beside them. */
	view_set_int(rq, "Counts.closed", cur->closed_n);
	view_set_int(rq, "Counts.won", cur->won_n);
	view_set_int(rq, "Counts.records", cur->rec_n - cur->rec_pending);
	view_set_int(rq, "Counts.late", cur->rec_n - cur->rec_pending - cur->rec_ontime_n);
	view_set_int(rq, "Counts.surveys", cur->srv_n);
	view_set_int(rq, "Counts.prev_closed", prev->closed_n);
	view_set_int(rq, "Counts.prev_won", prev->won_n);
}

static long long chart_y(long long bp)
{
	return CH_TOP + (long long)(CH_H - CH_TOP - CH_BOTTOM) * (10000 - bp) / 10000;
}

/* Trend.N.{key,success,late,x,ys,yl,has_s,has_l} and Chart.points_success / points_late: the rates of the
 * last periods as polylines (a period without a figure is left out of the line, its value is "—");
 * Mix.N.{key,price,function,trust,decision,total, y/h of each type}: objection types per period. */
static int set_trend(struct req *rq, const struct rview *v)
{
	int n = v->kind == KPI_MONTH ? TREND_MONTHS : v->kind == KPI_QUARTER ? TREND_QUARTERS : TREND_YEARS;
	struct kpi_sums s[TREND_MAX];
	char ps[TREND_MAX * 24] = "", pl[TREND_MAX * 24] = "", key[16], name[64];
	long long x, val, maxobj = 0;
	size_t lps = 0, lpl = 0;
	int i;

	for (i = 0; i < n; i++) {
		struct kpi_period p;
		kpi_period_step(&v->cur, i - (n - 1), v->tz, &p);
		if (kpi_load(rq->app->db, &v->sc, p.from, p.to, rq->now, &s[i]) < 0)
			return -1;
		kpi_period_key(&p, key, sizeof key);
		view_setf(rq, key, "Trend.%d.key", i);
		view_setf(rq, key, "Mix.%d.key", i);
		x = CH_LEFT + (long long)(CH_W - CH_LEFT - CH_RIGHT) * i / (n > 1 ? n - 1 : 1);
		snprintf(name, sizeof name, "Trend.%d.x", i);
		view_set_int(rq, name, x);
		snprintf(name, sizeof name, "Trend.%d.success", i);
		set_fig(rq, name, &s[i], KPI_SUCCESS);
		snprintf(name, sizeof name, "Trend.%d.late", i);
		set_fig(rq, name, &s[i], KPI_LATE);
		if (kpi_figure(&s[i], KPI_SUCCESS, &val) == 0) {
			snprintf(name, sizeof name, "Trend.%d.ys", i);
			view_set_int(rq, name, chart_y(val));
			lps += (size_t)snprintf(ps + lps, sizeof ps - lps, "%s%lld,%lld", lps ? " " : "", x, chart_y(val));
		}
		if (kpi_figure(&s[i], KPI_LATE, &val) == 0) {
			snprintf(name, sizeof name, "Trend.%d.yl", i);
			view_set_int(rq, name, chart_y(val));
			lpl += (size_t)snprintf(pl + lpl, sizeof pl - lpl, "%s%lld,%lld", lpl ? " " : "", x, chart_y(val));
		}
		val = s[i].obj_price + s[i].obj_function + s[i].obj_trust + s[i].obj_decision;
		if (val > maxobj)
			maxobj = val;
	}
	view_set(rq, "Chart.points_success", ps);
	view_set(rq, "Chart.points_late", pl);
	/* Objection mix: stacked columns scaled to the busiest period. */
	for (i = 0; i < n; i++) {
		const long long part[4] = { s[i].obj_price, s[i].obj_function, s[i].obj_trust, s[i].obj_decision };
		static const char *const types[4] = { "price", "function", "trust", "decision" };
		long long base = CH_H - CH_BOTTOM, h;
		int k;

		x = CH_LEFT + (long long)(CH_W - CH_LEFT - CH_RIGHT) * i / n;
		snprintf(name, sizeof name, "Mix.%d.x", i);
		view_set_int(rq, name, x + 4);
		snprintf(name, sizeof name, "Mix.%d.w", i);
		view_set_int(rq, name, (CH_W - CH_LEFT - CH_RIGHT) / n - 8);
		snprintf(name, sizeof name, "Mix.%d.total", i);
		view_set_int(rq, name, part[0] + part[1] + part[2] + part[3]);
		for (k = 0; k < 4; k++) {
			h = maxobj ? (long long)(CH_H - CH_TOP - CH_BOTTOM) * part[k] / maxobj : 0;
			base -= h;
			snprintf(name, sizeof name, "Mix.%d.%s.n", i, types[k]);
			view_set_int(rq, name, part[k]);
			snprintf(name, sizeof name, "Mix.%d.%s.y", i, types[k]);
			view_set_int(rq, name, base);
			snprintf(name, sizeof name, "Mix.%d.%s.h", i, types[k]);
			view_set_int(rq, name, h);
		}
	}
	/* Axis marks at 0, 50 and 100 %. */
	view_set_int(rq, "Chart.y0", chart_y(0));
	view_set_int(rq, "Chart.y50", chart_y(5000));
	view_set_int(rq, "Chart.y100", chart_y(10000));
	return 0;
}

/* Bars.N.{label,value,won,closed,w,y,scope}: the success rate of each team (company, region) or person
 * (team) the user may see, this period. */
static int set_bars(struct req *rq, const struct rview *v)
{
	struct dbres *r = NULL;
	size_t i, n = 0;
	int rc, people = v->sc.kind == KPI_TEAM;

	if (v->sc.kind == KPI_REP)
		return 0;
	rc = people ? db_exec(rq->app->db, ST_KPI_PEOPLE, NULL, 0, &r) : db_exec(rq->app->db, ST_KPI_TEAMS, NULL, 0, &r);
	if (rc != DB_OK)
		return -1;
	for (i = 0; i < r->nrows && n < 50; i++) {
		long long id = dbres_int(r, i, 0), team = people ? dbres_int(r, i, 2) : id;
		long long region = people ? dbres_int(r, i, 3) : dbres_int(r, i, 2), val;
		struct kpi_scope sc = { people ? KPI_REP : KPI_TEAM, id };
		struct kpi_sums s;
		char name[64], value[32];

		if (people && team != v->sc.id)
			continue;
		if (v->sc.kind == KPI_REGION && region != v->sc.id)
			continue;
		if (!vis_can_see_figures(&rq->user, people ? FIG_PERSON : FIG_TEAM, id, team, region))
			continue;
		if (kpi_load(rq->app->db, &sc, v->cur.from, v->cur.to, rq->now, &s) < 0) {
			dbres_free(&r);
			return -1;
		}
		view_setf(rq, dbres_str(r, i, 1), "Bars.%zu.label", n);
		snprintf(value, sizeof value, "%s:%lld", people ? "rep" : "team", id);
		view_setf(rq, value, "Bars.%zu.scope", n);
		snprintf(name, sizeof name, "Bars.%zu.value", n);
		set_fig(rq, name, &s, KPI_SUCCESS);
		snprintf(name, sizeof name, "Bars.%zu.won", n);
		view_set_int(rq, name, s.won_n);
		snprintf(name, sizeof name, "Bars.%zu.closed", n);
		view_set_int(rq, name, s.closed_n);
		snprintf(name, sizeof name, "Bars.%zu.w", n);
		view_set_int(rq, name, kpi_figure(&s, KPI_SUCCESS, &val) == 0 ? BAR_W * val / 10000 : 0);
		snprintf(name, sizeof name, "Bars.%zu.y", n);
		view_set_int(rq, name, (long long)n * 28);
		n++;
	}
	dbres_free(&r);
	view_set_int(rq, "Chart.bars_h", (long long)n * 28);
	view_set(rq, "Chart.bars_people", people ? "1" : "0");
	return 0;
}

/* Funnel.N.{stage,n,w,x,y,conv}: opportunities now at or past each of the six stages, with the
 * conversion from the stage before ("—" when none reached it). */
static int set_funnel(struct req *rq, const struct rview *v)
{
	long long st[7], reached[8] = { 0 };
	char name[64], conv[32];
	int k;

	if (kpi_load_stages(rq->app->db, &v->sc, st) < 0)
		return -1;
	for (k = 6; k >= 1; k--)
		reached[k] = reached[k + 1] + st[k];
	for (k = 1; k <= 6; k++) {
		long long w = reached[1] ? (long long)(CH_W - 200) * reached[k] / reached[1] : 0;
		snprintf(name, sizeof name, "Funnel.%d.stage", k);
		view_set_int(rq, name, k);
		snprintf(name, sizeof name, "Funnel.%d.label", k);
		snprintf(conv, sizeof conv, "opp.stage_%d", k);
		view_set(rq, name, view_str(rq, conv));
		snprintf(name, sizeof name, "Funnel.%d.n", k);
		view_set_int(rq, name, reached[k]);
		snprintf(name, sizeof name, "Funnel.%d.w", k);
		view_set_int(rq, name, w < 2 && reached[k] ? 2 : w);
		snprintf(name, sizeof name, "Funnel.%d.x", k);
		view_set_int(rq, name, 180 + ((CH_W - 200) - w) / 2);
		snprintf(name, sizeof name, "Funnel.%d.y", k);
		view_set_int(rq, name, (long long)(k - 1) * 30);
		if (k > 1) {
			struct kpi_sums s = { 0 };
			/* conversion as a rate: reached k of reached k − 1 */
			s.won_n = reached[k];
			s.closed_n = reached[k - 1];
			kpi_format(&s, KPI_SUCCESS, conv, sizeof conv);
			snprintf(name, sizeof name, "Funnel.%d.conv", k);
			view_set(rq, name, conv);
		}
	}
	return 0;
}

int page_reports(struct req *rq, struct resp *rs)
{
	struct kpi_sums cur, prev;
	struct kpi_period pp;
	struct rview v;
	int rc = read_view(rq, rs, &v, "reports/index.cs");

	if (rc)
		return rc < 0 ? -1 : 0;
	set_view_values(rq, &v);
	kpi_period_step(&v.cur, -1, v.tz, &pp);
	if (kpi_load(rq->app->db, &v.sc, v.cur.from, v.cur.to, rq->now, &cur) < 0 ||
	    kpi_load(rq->app->db, &v.sc, pp.from, pp.to, rq->now, &prev) < 0)
		return -1;
	set_figures(rq, &cur, &prev);
	if (scope_choices(rq) < 0 || set_trend(rq, &v) < 0 || set_bars(rq, &v) < 0 || set_funnel(rq, &v) < 0)
		return -1;
	return view_render(rq, rs, "reports/index.cs");
}

/* ------------------------------------------------------------------ the rows behind a figure */

static void set_money_cell(struct req *rq, const char *name, const struct dbres *r, size_t i, size_t col,
                           const char *currency)
{
	char out[64];

	if (!dbres_get(r, i, col)) {
		view_set(rq, name, "");
		return;
	}
	money_format(dbres_int(r, i, col), currency, rq->lang, out, sizeof out);
	view_set(rq, name, out);
}

int page_report_records(struct req *rq, struct resp *rs)
{
	const char *kpi = req_query(rq, "kpi");
	int id = kpi_by_key(kpi), rc;
	struct dbres *r = NULL;
	struct vis_scope vs;
	struct rview v;
	char a[20], b[20], due[20], name[64];
	long long rep, team, region;
	size_t i;

	if (id < 0) {
		resp_error(rs, rq, 404);
		return 0;
	}
	rc = read_view(rq, rs, &v, "reports/records.cs");
	if (rc)
		return rc < 0 ? -1 : 0;
	set_view_values(rq, &v);
	view_set(rq, "Report.kpi", kpi_defs[id].key);
	rep = v.sc.kind == KPI_REP ? v.sc.id : 0;
	team = v.sc.kind == KPI_TEAM ? v.sc.id : 0;
	region = v.sc.kind == KPI_REGION ? v.sc.id : 0;
	vis_scope_for(&rq->user, &vs);
	clock_fmt_utc(v.cur.from, a);
	clock_fmt_utc(v.cur.to, b);
	clock_fmt_utc(rq->now - 24 * 3600, due);
	switch (id) {
	case KPI_LATE:
		view_set(rq, "Report.list", "late");
		if (DB_EXEC(rq->app->db, ST_KPI_DRILL_LATE, &r, VIS_PARAMS(&vs), DBI(rep), DBI(rep), DBI(team), DBI(team),
		            DBI(region), DBI(region), DBS(a), DBS(b), DBS(due), DBI(DRILL_MAX + 1)) != DB_OK)
			return -1;
		for (i = 0; i < r->nrows && i < DRILL_MAX; i++) {
			view_setf(rq, dbres_get(r, i, 0), "Rows.%zu.id", i);
			snprintf(name, sizeof name, "Rows.%zu.held_on", i);
			set_date(rq, name, dbres_get(r, i, 1));
			snprintf(name, sizeof name, "Rows.%zu.ended", i);
			set_when(rq, name, dbres_get(r, i, 2));
			snprintf(name, sizeof name, "Rows.%zu.completed", i);
			set_when(rq, name, dbres_get(r, i, 3));
			view_setf(rq, dbres_get(r, i, 4), "Rows.%zu.customer_id", i);
			view_setf(rq, dbres_str(r, i, 5), "Rows.%zu.customer", i);
			view_setf(rq, dbres_str(r, i, 6), "Rows.%zu.owner", i);
			snprintf(name, sizeof name, "Rows.%zu.phase", i);
			set_label(rq, name, "rec.phase", dbres_get(r, i, 7));
		}
		break;
	case KPI_SLIP:
	case KPI_SLIP_DAYS:
		view_set(rq, "Report.list", "moves");
		if (DB_EXEC(rq->app->db, ST_KPI_DRILL_MOVES, &r, VIS_PARAMS(&vs), DBI(rep), DBI(rep), DBI(team), DBI(team),
		            DBI(region), DBI(region), DBS(a), DBS(b), DBI(DRILL_MAX + 1)) != DB_OK)
			return -1;
		for (i = 0; i < r->nrows && i < DRILL_MAX; i++) {
			view_setf(rq, dbres_get(r, i, 0), "Rows.%zu.id", i);
			view_setf(rq, dbres_str(r, i, 1), "Rows.%zu.title", i);
			snprintf(name, sizeof name, "Rows.%zu.from", i);
			set_date(rq, name, dbres_get(r, i, 2));
			snprintf(name, sizeof name, "Rows.%zu.to", i);
			set_date(rq, name, dbres_get(r, i, 3));
			snprintf(name, sizeof name, "Rows.%zu.days", i);
			view_set_int(rq, name, date_diff(dbres_str(r, i, 2), dbres_str(r, i, 3)));
			snprintf(name, sizeof name, "Rows.%zu.moved", i);
			set_when(rq, name, dbres_get(r, i, 4));
			view_setf(rq, dbres_get(r, i, 5), "Rows.%zu.customer_id", i);
			view_setf(rq, dbres_str(r, i, 6), "Rows.%zu.customer", i);
			view_setf(rq, dbres_str(r, i, 7), "Rows.%zu.owner", i);
		}
		break;
	case KPI_SAT_QUALITY: case KPI_SAT_EFFECT: case KPI_SAT_SPEED: case KPI_SAT_TEAM: case KPI_SAT_OVERALL:
		view_set(rq, "Report.list", "surveys");
		if (DB_EXEC(rq->app->db, ST_KPI_DRILL_SURVEYS, &r, VIS_PARAMS(&vs), DBI(rep), DBI(rep), DBI(team), DBI(team),
		            DBI(region), DBI(region), DBS(a), DBS(b), DBI(DRILL_MAX + 1)) != DB_OK)
			return -1;
		for (i = 0; i < r->nrows && i < DRILL_MAX; i++) {
			view_setf(rq, dbres_get(r, i, 0), "Rows.%zu.id", i);
			snprintf(name, sizeof name, "Rows.%zu.surveyed_on", i);
			set_date(rq, name, dbres_get(r, i, 1));
			view_setf(rq, dbres_get(r, i, 2), "Rows.%zu.quality", i);
			view_setf(rq, dbres_get(r, i, 3), "Rows.%zu.effect", i);
			view_setf(rq, dbres_get(r, i, 4), "Rows.%zu.speed", i);
			view_setf(rq, dbres_get(r, i, 5), "Rows.%zu.team", i);
			snprintf(name, sizeof name, "Rows.%zu.overall", i);
			set_label(rq, name, "survey_overall", dbres_get(r, i, 6));
			view_setf(rq, dbres_get(r, i, 7), "Rows.%zu.customer_id", i);
			view_setf(rq, dbres_str(r, i, 8), "Rows.%zu.customer", i);
			view_setf(rq, dbres_str(r, i, 9), "Rows.%zu.owner", i);
		}
		break;
	default:
		view_set(rq, "Report.list", "closed");
		if (DB_EXEC(rq->app->db, ST_KPI_DRILL_CLOSED, &r, VIS_PARAMS(&vs), DBI(rep), DBI(rep), DBI(team), DBI(team),
		            DBI(region), DBI(region), DBS(a), DBS(b), DBI(DRILL_MAX + 1)) != DB_OK)
			return -1;
		for (i = 0; i < r->nrows && i < DRILL_MAX; i++) {
			const char *cur = dbres_str(r, i, 4);
			view_setf(rq, dbres_get(r, i, 0), "Rows.%zu.id", i);
			view_setf(rq, dbres_str(r, i, 1), "Rows.%zu.title", i);
			view_setf(rq, dbres_str(r, i, 2), "Rows.%zu.status", i);
			snprintf(name, sizeof name, "Rows.%zu.status_label", i);
			{
				char key[32];
				snprintf(key, sizeof key, "opp.status_%s", dbres_str(r, i, 2));
				view_set(rq, name, view_str(rq, key));
			}
			snprintf(name, sizeof name, "Rows.%zu.closed", i);
			set_when(rq, name, dbres_get(r, i, 3));
			snprintf(name, sizeof name, "Rows.%zu.list", i);
			set_money_cell(rq, name, r, i, 5, cur);
			snprintf(name, sizeof name, "Rows.%zu.quote", i);
			set_money_cell(rq, name, r, i, 6, cur);
			snprintf(name, sizeof name, "Rows.%zu.final", i);
			set_money_cell(rq, name, r, i, 7, cur);
			view_setf(rq, dbres_str(r, i, 8), "Rows.%zu.cycle", i);
			view_setf(rq, dbres_str(r, i, 9), "Rows.%zu.concessions", i);
			view_setf(rq, dbres_get(r, i, 10), "Rows.%zu.customer_id", i);
			view_setf(rq, dbres_str(r, i, 11), "Rows.%zu.customer", i);
			view_setf(rq, dbres_str(r, i, 12), "Rows.%zu.owner", i);
		}
		break;
	}
	if (r->nrows > DRILL_MAX)
		view_set(rq, "Report.more", "1");
	dbres_free(&r);
	return view_render(rq, rs, "reports/records.cs");
}

/* The routes of this file; the dispatcher checks sign-in, CSRF and capability before a handler runs. */
static const struct route routes[] = {
	{ "GET", "/reports",         page_reports,        CAP_SALES, CSRF_NONE },
	{ "GET", "/reports/records", page_report_records, CAP_SALES, CSRF_NONE },
};
PAGE_ROUTES(routes);
