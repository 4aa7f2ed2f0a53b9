/* Demo KPI history: for each demo owner, six months of deals — records before them (some completed
 * late), objections of every type, expected-close moves, wins and losses at various discounts — and a
 * survey a month, so that /reports shows figures that move from period to period. Written through
 * the ordinary tables: the database's triggers keep the KPI sums (sql/009_kpi.sql). Idempotent. */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "db/db.h"
#include "domain/demo.h"
#include "util/clock.h"
#include "util/log.h"

#define CST (8 * 3600)   /* the demo's negotiations are held in Asia/Shanghai */

struct demo_kpi_tx {
	struct app *app;
	time_t now;
	int skipped;
	unsigned long long rnd;
};

static unsigned rnd(struct demo_kpi_tx *t, unsigned n)
{
	t->rnd = t->rnd * 6364136223846793005ull + 1442695040888963407ull;
	return (unsigned)((t->rnd >> 33) % n);
}

static void day_of(time_t t, char out[11])
{
	struct tm tm;

	t += CST;
	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

static const char *const otypes[] = { "price", "function", "trust", "decision" };
static const char *const quotes[] = { "你们的价格比另一家高 8%。", "报表导出功能还不能满足财务的要求。",
	                              "我们需要看到同行业的成功案例。", "采购委员会下个月才开会。" };

/* One record of an opportunity, ended at t, completed after `late` hours (0: within the day). */
static int demo_kpi_record(struct db *db, time_t now, long long cust, long long opp, long long owner, time_t ended,
                           int late_h, int type)
{
	time_t done = ended + (late_h ? late_h : 3) * 3600;
	char held[11], ended_s[20], done_s[20];
	struct dbres *r = NULL;
	long long id;
	int rc;

	day_of(ended, held);
	clock_fmt_utc(ended, ended_s);
	clock_fmt_utc(done, done_s);
	rc = DB_EXEC(db, ST_DEMO_NEG, &r, DBI(cust), DBI(opp), DBNULL, DBS(held), DBS("14:00"), DBS("15:30"), DBS(ended_s),
	             DBS("客户会议室"), DBS("销售代表"), DBS("采购经理"), DBS("price"), DBS("middle"), DBS("follow_up"),
	             DBS("准备充分"), DBS("让步节奏偏快"), DBS("保持每周沟通"), DBS("强调长期服务价值"), DBS(""), done <= now ? DBS(done_s) : DBNULL,
	             DBI(owner), DBI(owner), DBS(ended_s), DBS(done_s));
	if (rc)
		return rc;
	id = (long long)r->insert_id;
	dbres_free(&r);
	return DB_EXEC(db, ST_DEMO_OBJECTION, NULL, DBI(id), DBI(cust), DBI(1), DBS(quotes[type]), DBS(otypes[type]),
	               DBS("提供对比材料"), DBS(type % 2 ? "resolved" : "partly"), DBI(owner), DBS(""), DBS(done_s));
}

static int demo_kpi_owner(struct demo_kpi_tx *t, struct db *db, const char *username)
{
	struct dbres *r = NULL;
	long long cust, owner, opp_last = 0;
	int m, k, rc = 0;

	rc = DB_EXEC(db, ST_DEMO_PICK, &r, DBS(username), DBI(2));   /* a customer of its own */
	if (rc)
		return rc;
	if (r->nrows != 1) {
		dbres_free(&r);
		return 0;
	}
	cust = dbres_int(r, 0, 0);
	owner = dbres_int(r, 0, 3);
	dbres_free(&r);
	for (m = 6; m >= 0; m--) {
		int deals = 2 + (int)rnd(t, 3);
		char sday[11], when[20];

		for (k = 0; k < deals; k++) {
			time_t close = t->now - (time_t)m * 30 * 86400 - (time_t)rnd(t, 25) * 86400 - 3600;
			time_t first = close - (time_t)(15 + rnd(t, 60)) * 86400;
			long long list = (long long)(200 + rnd(t, 800)) * 100000;   /* ¥200,000 – ¥1,000,000 */
			long long quote = list - list / 100 * rnd(t, 6);
			long long final = quote - quote / 100 * (2 + rnd(t, 14));
			char title[80], created[20], closed[20], exp1[11], exp2[11];
			int won = rnd(t, 100) < 60, lost_open = m == 0 && k == deals - 1;
			long long opp;

			snprintf(title, sizeof title, "复盘演示 %s %d-%d", username, m, k);
			clock_fmt_utc(first - 86400, created);
			day_of(close - 5 * 86400, exp1);
			day_of(close, exp2);
			rc = DB_EXEC(db, ST_DEMO_KPI_OPP, &r, DBI(cust), DBS(title), DBI(3), DBI(list), DBI(quote), DBS(exp1),
			             DBI(owner), DBS(created), DBS(created));
			if (rc)
				return rc;
			opp = opp_last = (long long)r->insert_id;
			dbres_free(&r);
			rc = demo_kpi_record(db, t->now, cust, opp, owner, first, rnd(t, 100) < 20 ? 30 + (int)rnd(t, 40) : 0,
			                     (int)rnd(t, 4));
			if (!rc)
				rc = demo_kpi_record(db, t->now, cust, opp, owner, first + (close - first) / 2,
				                     rnd(t, 100) < 15 ? 26 + (int)rnd(t, 20) : 0, (int)rnd(t, 4));
			if (!rc && rnd(t, 100) < 40) {
				/* The expected close slipped once. */
				clock_fmt_utc(first + 86400, when);
				rc = DB_EXEC(db, ST_DEMO_KPI_MOVE, NULL, DBS(exp2), DBS(when), DBI(opp));
			}
			if (rc)
				return rc;
			if (lost_open)
				continue;   /* still in negotiation */
			clock_fmt_utc(close, closed);
			rc = DB_EXEC(db, ST_DEMO_KPI_CLOSE, NULL, DBS(won ? "won" : "lost"), DBI(won ? 6 : 5),
			             won ? DBI(final) : DBNULL, DBS(won ? "" : "价格高于竞争对手"), DBS(closed), DBI(opp));
			if (rc)
				return rc;
		}
		if (m == 0 && !rc)   /* a record of three days ago still not completed: late */
			rc = demo_kpi_record(db, t->now, cust, opp_last, owner, t->now - 3 * 86400, 24 * 365, 0);
		if (rc)
			return rc;
		day_of(t->now - (time_t)m * 30 * 86400 - 2 * 86400, sday);
		clock_fmt_utc(t->now - (time_t)m * 30 * 86400, when);
		rc = DB_EXEC(db, ST_DEMO_SURVEY, NULL, DBI(cust), DBS(sday), DBI(3 + rnd(t, 3)), DBI(3 + rnd(t, 3)),
		             DBI(2 + rnd(t, 4)), DBI(3 + rnd(t, 3)), DBS(rnd(t, 100) < 65 ? "satisfied" : "average"), DBS(""),
		             DBI(owner), DBS(when));
		if (rc)
			return rc;
	}
	return 0;
}

static int demo_kpi_fn(struct db *db, void *arg)
{
	static const char *const owners[] = { "rep1", "rep2", "rep3", "mgr1", "mgr2" };
	struct demo_kpi_tx *t = arg;
	struct dbres *r = NULL;
	size_t i;
	int rc;

	t->rnd = 2026;
	rc = db_exec(db, ST_DEMO_KPI_ANY, NULL, 0, &r);
	if (rc)
		return rc;
	t->skipped = r->nrows > 0;
	dbres_free(&r);
	if (t->skipped)
		return 0;
	for (i = 0; i < sizeof owners / sizeof owners[0]; i++) {
		rc = demo_kpi_owner(t, db, owners[i]);
		if (rc)
			return rc;
	}
	return 0;
}

int demo_kpi(struct app *app, time_t now)
{
	struct demo_kpi_tx t = { app, now, 0, 0 };
	int rc = db_tx(app->db, demo_kpi_fn, &t);

	if (rc) {
		log_err("demo KPI history: failed (%d)", rc);
		return -1;
	}
	printf(t.skipped ? "KPI history already present: none added\n" : "demo KPI history loaded\n");
	return 0;
}
