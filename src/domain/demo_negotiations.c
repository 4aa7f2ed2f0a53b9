/* Demo negotiations: for three demo customers a plan with sealed bottom lines, three
 * records at the initial, middle and final phase — needs that recur, objections of every type,
 * key terms and concessions of which some break the plan's limits, one record left incomplete
 * past the 24-hour rule — and satisfaction surveys. Idempotent: nothing when records exist. */
#include "domain/demo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "audit/audit.h"
#include "auth/secrets.h"
#include "domain/plan.h"
#include "domain/records.h"
#include "domain/units.h"
#include "util/clock.h"
#include "util/log.h"

struct pick {
	const char *owner;
	long long customer_id, opp_id, list_price, owner_id, contact_id;
	char contact[101], contact_title[101];
};

struct demo_neg_tx {
	struct app *app;
	time_t now;
	int skipped;
};

static int pick_customer(struct db *db, const char *owner, long long skip, struct pick *p)
{
	struct dbres *r = NULL;
	int rc = DB_EXEC(db, ST_DEMO_PICK, &r, DBS(owner), DBI(skip));

	if (rc)
		return rc;
	if (r->nrows != 1) {
		dbres_free(&r);
		return 1;
	}
	p->owner = owner;
	p->customer_id = dbres_int(r, 0, 0);
	p->opp_id = dbres_int(r, 0, 1);
	p->list_price = dbres_int(r, 0, 2);
	p->owner_id = dbres_int(r, 0, 3);
	dbres_free(&r);
	rc = DB_EXEC(db, ST_DEMO_CONTACT, &r, DBI(p->customer_id));
	if (rc)
		return rc;
	if (r->nrows == 1) {
		p->contact_id = dbres_int(r, 0, 0);
		snprintf(p->contact, sizeof p->contact, "%s", dbres_get(r, 0, 1));
		snprintf(p->contact_title, sizeof p->contact_title, "%s", dbres_get(r, 0, 2));
	} else {
		snprintf(p->contact, sizeof p->contact, "%s", "客户代表");
	}
	dbres_free(&r);
	return 0;
}

static long long demo_plan(struct demo_neg_tx *t, struct db *db, const struct pick *p, const char *today, const char *ts)
{
	struct plan_limits l;
	struct dbres *r = NULL;
	char *conf = NULL, *restr = NULL;
	long long id;
	int rc;

	rc = DB_EXEC(db, ST_DEMO_PLAN, &r, DBI(p->opp_id), DBS("价格与交付周期谈判"), DBS("integrative"), DBS(today),
	             DBS("客户公司会议室"), DBS("签订一期合同；单价不低于报价的九折"),
	             DBS("付款周期可从30天放宽到60天；可赠送一次现场培训"),
	             DBS("开场：回顾需求确认书 → 信息交换：交付与售后 → 讨价还价：价格与付款 → 达成一致：一期范围"),
	             DBS("客户可能要求降价15%并把付款期延长到90天"),
	             DBS("每让一步，要求缩短付款期或扩大采购量"), DBI(p->owner_id), DBS(ts), DBS(ts));
	if (rc)
		return -1;
	id = (long long)r->insert_id;
	dbres_free(&r);
	if (DB_EXEC(db, ST_DEMO_PLAN_PART, NULL, DBI(id), DBI(0), DBS("ours"), DBI(p->owner_id), DBNULL,
	            DBS("主谈")) != DB_OK ||
	    DB_EXEC(db, ST_DEMO_PLAN_PART, NULL, DBI(id), DBI(1), DBS("theirs"), DBNULL, DBID(p->contact_id),
	            DBS("决策人")) != DB_OK ||
	    DB_EXEC(db, ST_DEMO_PLAN_OFFER, NULL, DBI(id), DBI(0), DBS("基础版"), DBS("标准模块，分两期交付"),
	            DBS("价格低，上线快"), DBS("不含定制接口"), DBI(p->list_price * 95 / 100)) != DB_OK ||
	    DB_EXEC(db, ST_DEMO_PLAN_OFFER, NULL, DBI(id), DBI(1), DBS("升级版"), DBS("含ERP接口与驻场实施"),
	            DBS("一次到位，服务更好"), DBS("价格高，周期长"), DBI(p->list_price * 110 / 100)) != DB_OK)
		return -1;
	plan_limits_clear(&l);
	l.min_price = p->list_price * 90 / 100;
	l.max_discount_bp = 1000;
	l.max_payment_days = 60;
	l.walkaway_payment_days = 90;
	l.min_margin_bp = 1800;
	l.walkaway_margin_bp = 1500;
	if (plan_conf_encode("若谈崩：转向同区域另两家意向客户，维持现有报价", &l, &conf) < 0 ||
	    plan_restr_encode(&l, &restr) < 0) {
		free(conf);
		return -1;
	}
	rc = secret_store(t->app, db, SF_PLAN_CONFIDENTIAL, id, conf);
	if (rc == DB_OK)
		rc = secret_store(t->app, db, SF_PLAN_RESTRICTED, id, restr);
	free(conf);
	free(restr);
	return rc == DB_OK ? id : -1;
}

struct demo_record {
	int days_ago;
	const char *type, *phase, *status;
	int complete;          /* 0: left incomplete (late once 24 h have passed) */
};

static const struct demo_record records[3] = {
	{ 20, "first_contact", "initial", "follow_up", 1 },
	{ 8, "price", "middle", "follow_up", 1 },
	{ 3, "final", "final", "follow_up", 1 },
};

static long long demo_record(struct demo_neg_tx *t, struct db *db, const struct pick *p, long long plan_id, int k,
                             int late)
{
	const struct demo_record *d = &records[k];
	char held[11], ended_s[20], done_s[20], ts[20], theirs[256];
	struct dbres *r = NULL;
	time_t ended;
	long long id;
	int rc;

	date_of(t->now, "Asia/Shanghai", -d->days_ago, held);
	if (rec_ended_at(held, "16:30", "Asia/Shanghai", &ended) < 0)
		return -1;
	clock_fmt_utc(ended, ended_s);
	clock_fmt_utc(ended + 3 * 3600, done_s);
	clock_fmt_utc(t->now, ts);
	snprintf(theirs, sizeof theirs, "%s（%s）", p->contact, p->contact_title[0] ? p->contact_title : "决策人");
	rc = DB_EXEC(db, ST_DEMO_NEG, &r, DBI(p->customer_id), DBI(p->opp_id), DBI(plan_id), DBS(held), DBS("14:00"),
	             DBS("16:30"), DBS(ended_s), DBS(k == 0 ? "线上会议" : "客户公司会议室"), DBS("负责人、售前工程师"),
	             DBS(theirs), DBS(d->type), DBS(d->phase), DBS(d->status),
	             DBS(k ? "提前准备了分期交付方案，化解了交期顾虑" : "需求梳理完整"),
	             DBS(k ? "价格让步过快，未先换取付款条件" : "未确认预算区间"),
	             DBS("每周电话同步一次进展，节假日问候决策人"), DBS("下一轮先谈付款条件，再谈价格"),
	             DBS(k == 2 ? "客户临时提出需要董事会审批，会议延长半小时" : ""),
	             (d->complete && !late) ? DBS(done_s) : DBNULL, DBI(p->owner_id), DBI(p->owner_id), DBS(ts), DBS(ts));
	if (rc)
		return -1;
	id = (long long)r->insert_id;
	dbres_free(&r);
	return id;
}

/* The lists of one record; k selects which objections, terms and concessions it carries. */
static int demo_lists(struct demo_neg_tx *t, struct db *db, const struct pick *p, long long id, int k, int flags)
{
	static const char *const quotes[4][2] = {
		{ "你们公司规模不大，出了问题谁来负责？", "trust" },
		{ "报价比我们的预算高出10%。", "price" },
		{ "新系统能不能和我们现有的ERP兼容？", "function" },
		{ "这件事最后还得董事会定。", "decision" },
	};
	char ts[20], due[11];
	int rc = 0;

	clock_fmt_utc(t->now, ts);
	date_of(t->now, "Asia/Shanghai", 3 + k, due);
	/* Delivery time comes up every time: the customer history shows it as recurring. */
	rc |= DB_EXEC(db, ST_DEMO_NEED, NULL, DBI(id), DBI(0), DBS("交付周期需缩短至30天以内"), DBS("high"), DBS("delivery"));
	if (k >= 1)
		rc |= DB_EXEC(db, ST_DEMO_NEED, NULL, DBI(id), DBI(1), DBS("总价控制在预算内"), DBS("medium"), DBS("price"));
	if (k == 2)
		rc |= DB_EXEC(db, ST_DEMO_NEED, NULL, DBI(id), DBI(2), DBS("售后响应4小时内到场"), DBS("low"), DBS("service"));
	if (k == 0)
		rc |= DB_EXEC(db, ST_DEMO_OBJECTION, NULL, DBI(id), DBI(p->customer_id), DBI(0), DBS(quotes[0][0]),
		              DBS(quotes[0][1]), DBS("介绍了三家同行业客户案例并提供回访联系人"), DBS("resolved"),
		              DBI(p->owner_id), DBS("寄送案例材料"), DBS(ts));
	if (k == 1) {
		rc |= DB_EXEC(db, ST_DEMO_OBJECTION, NULL, DBI(id), DBI(p->customer_id), DBI(0), DBS(quotes[1][0]),
		              DBS(quotes[1][1]), DBS("拆分为两期，一期金额在预算内"), DBS("partly"), DBI(p->owner_id),
		              DBS("一周内提交分期报价"), DBS(ts));
		rc |= DB_EXEC(db, ST_DEMO_OBJECTION, NULL, DBI(id), DBI(p->customer_id), DBI(1), DBS(quotes[2][0]),
		              DBS(quotes[2][1]), DBS("安排技术团队现场演示接口"), DBS("unresolved"), DBI(p->owner_id),
		              DBS("约定演示时间"), DBS(ts));
		/* A counter-offer below the plan's floor (90 % of list) and a 90-day payment term over its 60. */
		rc |= DB_EXEC(db, ST_DEMO_TERM, NULL, DBI(id), DBI(0), DBS("price"), DBS("报价的九五折"), DBS("报价的八五折"),
		              DBI(0), DBI(p->list_price * 88 / 100), DBI(1200), DBNULL);
		rc |= DB_EXEC(db, ST_DEMO_TERM, NULL, DBI(id), DBI(1), DBS("payment"), DBS("30天"), DBS("90天"), DBI(0),
		              DBNULL, DBNULL, DBI(90));
		rc |= DB_EXEC(db, ST_DEMO_TERM, NULL, DBI(id), DBI(2), DBS("delivery"), DBS("45天"), DBS("30天"), DBI(1),
		              DBNULL, DBNULL, DBNULL);
		rc |= DB_EXEC(db, ST_DEMO_CONCESSION, NULL, DBI(id), DBI(0), DBS("price"), DBS("报价原价"), DBS("九五折"),
		              DBI(p->list_price * 5 / 100), DBI(500), DBNULL, DBS("客户同意预付30%"));
		rc |= DB_EXEC(db, ST_DEMO_OUTCOME, NULL, DBI(id), DBI(0), DBS("agreed"), DBS("分两期交付"), DBS(""));
		rc |= DB_EXEC(db, ST_DEMO_OUTCOME, NULL, DBI(id), DBI(1), DBS("open"), DBS("总价"),
		              DBS("客户预算比我方报价低10%"));
		if (flags) {
			rc |= DB_EXEC(db, ST_DEMO_FLAG, NULL, DBI(id), DBS("below_floor"), DBS("term"), DBI(0), DBS(ts));
			rc |= DB_EXEC(db, ST_DEMO_FLAG, NULL, DBI(id), DBS("discount_over_max"), DBS("term"), DBI(0), DBS(ts));
			rc |= DB_EXEC(db, ST_DEMO_FLAG, NULL, DBI(id), DBS("payment_over_limit"), DBS("term"), DBI(1), DBS(ts));
			rc |= DB_EXEC(db, ST_DEMO_FLAG, NULL, DBI(id), DBS("step_over_ladder"), DBS("concession"), DBI(0),
			              DBS(ts));
		}
	}
	if (k == 2) {
		rc |= DB_EXEC(db, ST_DEMO_OBJECTION, NULL, DBI(id), DBI(p->customer_id), DBI(0), DBS(quotes[3][0]),
		              DBS(quotes[3][1]), DBS("准备董事会汇报材料，邀请我方总监参会"), DBS("unresolved"),
		              DBI(p->owner_id), DBS("三天内提交汇报材料"), DBS(ts));
		rc |= DB_EXEC(db, ST_DEMO_CONCESSION, NULL, DBI(id), DBI(0), DBS("service"), DBS("无培训"),
		              DBS("赠送一次现场培训"), DBNULL, DBNULL, DBNULL, DBS(""));
		if (flags)
			rc |= DB_EXEC(db, ST_DEMO_FLAG, NULL, DBI(id), DBS("no_counter"), DBS("concession"), DBI(0), DBS(ts));
	}
	rc |= DB_EXEC(db, ST_DEMO_ACTION, NULL, DBI(id), DBI(0), DBS(k == 1 ? "提交分期补充报价方案" : "发送会议纪要并确认需求"),
	              DBI(p->owner_id), DBS(due), DBS(k == 1 ? "补充报价单" : "会议纪要"));
	rc |= DB_EXEC(db, ST_DEMO_ATTITUDE, NULL, DBI(id), DBI(0), DBS(p->contact),
	              DBS(k == 1 ? "三次询问成本构成，对售后响应时间追问细节" : "多数时间在听，最后询问了实施周期"));
	return rc ? DB_ERR : DB_OK;
}

static int demo_surveys(struct demo_neg_tx *t, struct db *db, const struct pick *p)
{
	char on[11], ts[20];
	int rc;

	clock_fmt_utc(t->now, ts);
	date_of(t->now, "Asia/Shanghai", -60, on);
	rc = DB_EXEC(db, ST_DEMO_SURVEY, NULL, DBI(p->customer_id), DBS(on), DBI(3), DBI(4), DBI(2), DBI(4), DBS("average"),
	             DBS("希望售后响应更快"), DBI(p->owner_id), DBS(ts));
	if (rc)
		return rc;
	date_of(t->now, "Asia/Shanghai", -2, on);
	return DB_EXEC(db, ST_DEMO_SURVEY, NULL, DBI(p->customer_id), DBS(on), DBI(4), DBI(4), DBI(4), DBI(5),
	               DBS("satisfied"), DBS("实施团队很专业"), DBI(p->owner_id), DBS(ts));
}

static int demo_neg_fn(struct db *db, void *arg)
{
	static const struct { const char *owner; long long skip; } picks[] = { { "rep1", 0 }, { "rep3", 0 }, { "rep2", 0 } };
	struct demo_neg_tx *t = arg;
	struct dbres *r = NULL;
	char today[11], ts[20];
	size_t i;
	int k, rc;

	rc = db_exec(db, ST_DEMO_NEG_ANY, NULL, 0, &r);
	if (rc)
		return rc;
	t->skipped = r->nrows > 0;
	dbres_free(&r);
	if (t->skipped)
		return 0;
	date_of(t->now, "Asia/Shanghai", 0, today);
	clock_fmt_utc(t->now, ts);
	for (i = 0; i < sizeof picks / sizeof picks[0]; i++) {
		struct pick p;
		long long plan;
		memset(&p, 0, sizeof p);
		rc = pick_customer(db, picks[i].owner, picks[i].skip, &p);
		if (rc == 1)
			continue;   /* no such customer in this data set */
		if (rc)
			return rc;
		plan = demo_plan(t, db, &p, today, ts);
		if (plan < 0)
			return DB_ERR;
		for (k = 0; k < 3; k++) {
			/* The first customer's final record is left incomplete: it shows as late. */
			long long id = demo_record(t, db, &p, plan, k, i == 0 && k == 2);
			if (id < 0 || demo_lists(t, db, &p, id, k, i == 0) != DB_OK)
				return DB_ERR;
		}
		rc = demo_surveys(t, db, &p);
		if (rc)
			return rc;
	}
	{
		struct audit_event ev = { 0, "demo.negotiations", "", 0, "cli", "demo plans, records and surveys" };
		return audit_append(db, t->app->audit_key, t->now, &ev);
	}
}

int demo_negotiations(struct app *app, time_t now)
{
	struct demo_neg_tx t = { app, now, 0 };
	int rc = db_tx(app->db, demo_neg_fn, &t);

	if (rc) {
		log_err("demo negotiations: failed (%d)", rc);
		return -1;
	}
	printf(t.skipped ? "negotiations already present: no demo negotiations added\n" : "demo negotiations loaded\n");
	return 0;
}
