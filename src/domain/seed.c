/* Generates many plausible customers quickly: multi-row prepared INSERTs (100 rows a statement),
 * ~1000 customers a transaction, secrets sealed per row once its id is known. */
#include "domain/seed.h"
#include "domain/seed_internal.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "audit/audit.h"
#include "auth/secrets.h"
#include "domain/units.h"
#include "util/clock.h"
#include "util/log.h"

#define TX_ROWS 1000
#define NOWNERS 5


static const char *const owner_names[NOWNERS] = { "rep1", "rep2", "rep3", "mgr1", "mgr2" };
/* Reps carry most accounts. */
static const int owner_weight[NOWNERS] = { 3, 3, 3, 1, 1 };

static const char *const cities[] = {
	"上海", "苏州", "杭州", "南京", "宁波", "无锡", "常州", "合肥", "嘉兴", "绍兴",
	"南通", "温州", "扬州", "徐州", "台州", "金华", "镇江", "湖州", "盐城", "芜湖",
};
static const char *const cores[] = {
	"恒达", "华信", "远航", "瑞丰", "新宇", "卓越", "博远", "汇通", "天诚", "金桥",
	"鼎盛", "中科", "同创", "永昌", "宏图", "佳禾", "正泰", "安达", "明德", "启航",
	"海纳", "星辰", "东方", "长江", "凯瑞", "联合", "晨光", "华泰", "百川", "锦程",
	"润泽", "信达", "嘉禾", "盛世", "德胜", "志远", "万通", "融创", "协鑫", "朗星",
};
static const struct {
	const char *industry, *word;
} industries[] = {
	{ "智能制造", "精密机械" }, { "汽车零部件", "汽车部件" }, { "医疗器械", "医疗科技" }, { "物流", "物流" },
	{ "连锁零售", "商贸" }, { "食品饮料", "食品" }, { "化工", "化工" }, { "半导体", "微电子" },
	{ "新能源", "新能源科技" }, { "建筑工程", "建设工程" }, { "电子商务", "电子商务" }, { "纺织服装", "纺织" },
	{ "生物医药", "生物医药" }, { "家电", "电器" }, { "软件与信息服务", "信息技术" }, { "航运", "航运" },
};
static const char *const suffixes[] = { "有限公司", "股份有限公司", "集团有限公司" };
static const char *const sources[] = { "website", "whitepaper", "social", "trade_show", "association", "referral",
	                               "other" };
static const char *const needs[] = {
	"生产数据分散在多个系统，希望统一车间排产与质量追溯。",
	"仓储作业靠纸单，旺季错发率高，需要仓储管理系统。",
	"销售与财务对账周期长，计划上线业财一体化平台。",
	"设备停机频繁，想做预测性维护和能耗监控。",
	"门店扩张快，需要统一会员与库存管理。",
	"集团新建工厂，要求年内完成信息化规划。",
	"现有系统即将停止维护，需要迁移与升级方案。",
	"希望降低采购成本，提升供应商协同效率。",
};
static const char *const suppliers[] = {
	"现用国外厂商系统，价格高、响应慢，年维保费约为合同额20%。",
	"本地小厂商定制开发，质量一般，交付经常延期。",
	"竞争对手报价低15%，但付款条件要求预付50%。",
	"暂无供应商，内部IT自研，人手不足。",
	"两家供应商并存，数据不互通。",
};
static const char *const processes[] = {
	"IT经理推荐，总经理拍板，采购部负责比价。",
	"技术部评估后报集团审批，金额超过100万需董事会决议。",
	"财务总监建议，董事长决定。",
	"项目小组评分，分管副总决定。",
};
static const char *const surnames[] = { "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周",
	                                "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "高", "罗" };
static const char *const given[] = { "伟", "芳", "娜", "敏", "静", "磊", "强", "军", "洋", "勇",
	                             "艳", "杰", "涛", "明", "超", "秀英", "建华", "志强", "海燕", "晓东" };
static const char *const titles[] = { "总经理", "副总经理", "采购经理", "IT经理", "财务总监", "生产总监",
	                              "技术负责人", "信息中心主任", "运营经理", "董事长" };
static const char *const roles[] = { "decides", "recommends", "influences", "uses" };
static const char *const personalities[] = { "know_it_all", "open_minded", "hesitant", "complainer", "analytical",
	                                     "bargainer", "intimidating", "unknown" };
static const char *const products[] = { "MES系统", "仓储管理系统", "ERP升级", "设备物联网平台", "数据中台",
	                                "供应链协同平台", "年度运维服务", "质量追溯系统" };
static const char *const lost_reasons[] = { "价格高于竞争对手", "客户预算冻结", "选择了现有供应商扩容",
	                                    "项目延期至明年", "技术方案未通过评审" };

/* xorshift64*: fast and reproducible; nothing here needs to be unpredictable. */
uint64_t seed_rand(uint64_t *s)
{
	uint64_t x = *s;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*s = x;
	return x * 0x2545F4914F6CDD1DULL;
}

long long seed_rnd(uint64_t *s, long long lo, long long hi)   /* inclusive */
{
	return lo + (long long)(seed_rand(s) % (uint64_t)(hi - lo + 1));
}

struct owner {
	long long id, team, region;
};

struct gen {
	char name[160], follow[11], created[20], updated[20], close[11];
	char cname[32], phone[16], email[48], otitle[96];
	const char *industry, *currency, *source, *segment, *intent, *need, *supplier, *process, *ctitle, *crole, *cpers;
	const char *ostatus, *olost;
	long long employees, revenue, budget, list, quote, offer, final, cost, margin;
	int stage, owner, shared, has_follow, has_opp, ostage, ostaged2;
};

struct seed_ctx {
	struct app *app;
	struct owner owners[NOWNERS];
	long long inc;                 /* auto_increment_increment */
	time_t now;
	uint64_t rng, rng_start;
	long long done, total;
	/* this transaction */
	size_t n;
	struct gen *g;
	struct dbp *params;
	long long *cust_ids, *opp_ids;
	size_t *opp_of;                /* index into g of each opportunity */
	long long contacts, opps, stages, budgets, sealed_opps;
	/* totals, counted after commit */
	long long t_contacts, t_opps, t_stages, t_budgets, t_sealed_opps;
};

static void gen_row(struct seed_ctx *c, struct gen *g, long long seq)
{
	uint64_t *s = &c->rng;
	long long age, r, w = 0, pick;
	size_t i;
	time_t created, updated;
	int ind = (int)(seed_rand(s) % N(industries));

	memset(g, 0, sizeof *g);
	snprintf(g->name, sizeof g->name, "%s%s%s%s", PICK(s, cities), PICK(s, cores), industries[ind].word,
	         PICK(s, suffixes));
	g->industry = industries[ind].industry;
	g->employees = seed_rnd(s, 1, 100) <= 60 ? seed_rnd(s, 20, 500) : seed_rnd(s, 500, 20000);
	g->revenue = g->employees * seed_rnd(s, 300000, 2000000) * 100;
	g->currency = seed_rnd(s, 1, 100) <= 96 ? "CNY" : "USD";
	g->source = PICK(s, sources);
	r = seed_rnd(s, 1, 100);
	g->segment = r <= 55 ? "new" : r <= 85 ? "existing" : "key";
	r = seed_rnd(s, 1, 100);
	g->intent = r <= 25 ? "high" : r <= 70 ? "medium" : "low";
	r = seed_rnd(s, 1, 100);
	g->stage = r <= 35 ? 1 : r <= 60 ? 2 : r <= 75 ? 3 : r <= 85 ? 4 : r <= 93 ? 5 : 6;
	for (i = 0; i < NOWNERS; i++)
		w += owner_weight[i];
	pick = seed_rnd(s, 0, w - 1);
	for (i = 0; i < NOWNERS; i++) {
		if (pick < owner_weight[i])
			break;
		pick -= owner_weight[i];
	}
	g->owner = (int)i;
	g->shared = seed_rnd(s, 1, 100) <= 20;
	g->need = PICK(s, needs);
	g->supplier = PICK(s, suppliers);
	g->process = PICK(s, processes);
	g->has_follow = seed_rnd(s, 1, 100) <= 90;
	if (g->has_follow) {
		long lo = !strcmp(g->intent, "high") ? -5 : !strcmp(g->intent, "medium") ? -10 : -30;
		long hi = !strcmp(g->intent, "high") ? 1 : !strcmp(g->intent, "medium") ? 7 : 90;
		date_of(c->now, "Asia/Shanghai", (int)seed_rnd(s, lo, hi), g->follow);
	}
	age = seed_rnd(s, 1, 730) * 86400 + seed_rnd(s, 0, 86399);
	created = c->now - (time_t)age;
	updated = created + (time_t)seed_rnd(s, 0, age);
	clock_fmt_utc(created, g->created);
	clock_fmt_utc(updated, g->updated);
	if (seed_rnd(s, 1, 100) <= 10)
		g->budget = seed_rnd(s, 5, 2000) * 10000 * 100;   /* ¥50,000 .. ¥20,000,000 in fen */

	snprintf(g->cname, sizeof g->cname, "%s%s", PICK(s, surnames), PICK(s, given));
	g->ctitle = PICK(s, titles);
	g->crole = PICK(s, roles);
	g->cpers = PICK(s, personalities);
	snprintf(g->phone, sizeof g->phone, "1%lld", seed_rnd(s, 3000000000LL, 9999999999LL));
	snprintf(g->email, sizeof g->email, "contact%lld@example.cn", seq);

	g->has_opp = seed_rnd(s, 1, 3) == 1;
	if (g->has_opp) {
		snprintf(g->otitle, sizeof g->otitle, "%s项目", PICK(s, products));
		g->ostage = (int)seed_rnd(s, 1, g->stage);
		r = seed_rnd(s, 1, 100);
		g->ostatus = r <= 70 ? "open" : r <= 82 ? "won" : r <= 92 ? "lost" : "on_hold";
		g->olost = !strcmp(g->ostatus, "lost") ? PICK(s, lost_reasons) : "";
		g->list = seed_rnd(s, 5, 500) * 10000 * 100;
		g->quote = g->list / 100 * seed_rnd(s, 88, 100);
		g->offer = g->quote / 100 * seed_rnd(s, 85, 100);
		g->final = !strcmp(g->ostatus, "won") ? g->offer / 100 * seed_rnd(s, 95, 100) : -1;
		date_of(c->now, "Asia/Shanghai", (int)seed_rnd(s, -60, 180), g->close);
		g->ostaged2 = g->ostage > 1 || strcmp(g->ostatus, "open");
		if (seed_rnd(s, 1, 3) == 1) {
			g->cost = g->list / 100 * seed_rnd(s, 40, 75);
			g->margin = seed_rnd(s, 800, 4500);
		} else {
			g->cost = -1;
		}
	}
}

int seed_insert_rows(struct db *db, long long inc, const enum stmt_id st[3], size_t ncols,
                     const struct dbp *params, size_t nrows, long long *ids)
{
	size_t done = 0, k;

	while (done < nrows) {
		size_t left = nrows - done, chunk = left >= 100 ? 100 : left >= 10 ? 10 : 1;
		enum stmt_id id = chunk == 100 ? st[2] : chunk == 10 ? st[1] : st[0];
		struct dbres *r = NULL;
		int rc = db_exec(db, id, params + done * ncols, chunk * ncols, &r);

		if (rc != DB_OK)
			return rc;
		if (ids)
			for (k = 0; k < chunk; k++)
				ids[done + k] = (long long)r->insert_id + (long long)k * inc;
		dbres_free(&r);
		done += chunk;
	}
	return DB_OK;
}

static const enum stmt_id st_customers[3] = { ST_SEED_CUSTOMERS_1, ST_SEED_CUSTOMERS_10, ST_SEED_CUSTOMERS_100 };
static const enum stmt_id st_contacts[3] = { ST_SEED_CONTACTS_1, ST_SEED_CONTACTS_10, ST_SEED_CONTACTS_100 };
static const enum stmt_id st_opps[3] = { ST_SEED_OPPS_1, ST_SEED_OPPS_10, ST_SEED_OPPS_100 };
static const enum stmt_id st_stages[3] = { ST_SEED_STAGES_1, ST_SEED_STAGES_10, ST_SEED_STAGES_100 };

static int seed_tx(struct db *db, void *p)
{
	struct seed_ctx *c = p;
	struct dbp *q;
	size_t i, no = 0, ns = 0;
	int rc;

	/* Deterministic from the state at the start: a retried transaction makes the same rows. */
	c->rng = c->rng_start;
	c->contacts = c->opps = c->stages = c->budgets = c->sealed_opps = 0;
	for (i = 0; i < c->n; i++)
		gen_row(c, &c->g[i], c->done + (long long)i + 1);

	q = c->params;
	for (i = 0; i < c->n; i++) {
		const struct gen *g = &c->g[i];
		const struct owner *o = &c->owners[g->owner];
		*q++ = DBS(g->name);
		*q++ = DBS(g->industry);
		*q++ = DBI(g->employees);
		*q++ = DBI(g->revenue);
		*q++ = DBS(g->currency);
		*q++ = DBS(g->source);
		*q++ = DBS(g->segment);
		*q++ = DBS(g->intent);
		*q++ = DBI(g->stage);
		*q++ = DBI(o->id);
		*q++ = DBI(o->team);
		*q++ = DBI(o->region);
		*q++ = DBI(g->shared);
		*q++ = DBS(g->need);
		*q++ = DBS(g->supplier);
		*q++ = DBS(g->process);
		*q++ = DBS("");
		*q++ = g->has_follow ? DBS(g->follow) : DBNULL;
		*q++ = DBI(o->id);
		*q++ = DBS(g->created);
		*q++ = DBS(g->updated);
	}
	rc = seed_insert_rows(db, c->inc, st_customers, 21, c->params, c->n, c->cust_ids);
	if (rc != DB_OK)
		return rc;

	q = c->params;
	for (i = 0; i < c->n; i++) {
		const struct gen *g = &c->g[i];
		*q++ = DBI(c->cust_ids[i]);
		*q++ = DBS(g->cname);
		*q++ = DBS(g->ctitle);
		*q++ = DBS(g->phone);
		*q++ = DBS(g->email);
		*q++ = DBS(g->crole);
		*q++ = DBS(g->cpers);
		*q++ = DBS("");
		*q++ = DBS(g->created);
		*q++ = DBS(g->created);
	}
	rc = seed_insert_rows(db, c->inc, st_contacts, 10, c->params, c->n, NULL);
	if (rc != DB_OK)
		return rc;
	c->contacts = (long long)c->n;

	q = c->params;
	for (i = 0; i < c->n; i++) {
		const struct gen *g = &c->g[i];
		if (!g->has_opp)
			continue;
		c->opp_of[no++] = i;
		*q++ = DBI(c->cust_ids[i]);
		*q++ = DBS(g->otitle);
		*q++ = DBI(g->ostage);
		*q++ = DBS(g->currency);
		*q++ = DBI(g->list);
		*q++ = DBI(g->quote);
		*q++ = DBI(g->offer);
		*q++ = g->final >= 0 ? DBI(g->final) : DBNULL;
		*q++ = DBS(g->close);
		*q++ = DBS(g->ostatus);
		*q++ = DBS(g->olost);
		*q++ = DBI(c->owners[g->owner].id);
		*q++ = DBS(g->created);
		*q++ = DBS(g->updated);
	}
	rc = seed_insert_rows(db, c->inc, st_opps, 14, c->params, no, c->opp_ids);
	if (rc != DB_OK)
		return rc;
	c->opps = (long long)no;

	/* Stage history: created at stage 1, then (when it moved or closed) one step to where it is. */
	q = c->params;
	for (i = 0; i < no; i++) {
		const struct gen *g = &c->g[c->opp_of[i]];
		long long by = c->owners[g->owner].id;
		*q++ = DBI(c->opp_ids[i]);
		*q++ = DBNULL;
		*q++ = DBI(1);
		*q++ = DBS("open");
		*q++ = DBI(by);
		*q++ = DBS(g->created);
		ns++;
		if (g->ostaged2) {
			*q++ = DBI(c->opp_ids[i]);
			*q++ = DBI(1);
			*q++ = DBI(g->ostage);
			*q++ = DBS(g->ostatus);
			*q++ = DBI(by);
			*q++ = DBS(g->updated);
			ns++;
		}
	}
	rc = seed_insert_rows(db, c->inc, st_stages, 6, c->params, ns, NULL);
	if (rc != DB_OK)
		return rc;
	c->stages = (long long)ns;

	for (i = 0; i < c->n; i++) {
		const struct gen *g = &c->g[i];
		char plain[64];
		if (!g->budget)
			continue;
		snprintf(plain, sizeof plain, "%s %lld", g->currency, g->budget);
		rc = secret_store(c->app, db, SF_CUSTOMER_BUDGET, c->cust_ids[i], plain);
		if (rc != DB_OK)
			return rc;
		c->budgets++;
	}
	for (i = 0; i < no; i++) {
		const struct gen *g = &c->g[c->opp_of[i]];
		char plain[32];
		if (g->cost < 0)
			continue;
		snprintf(plain, sizeof plain, "%lld", g->cost);
		rc = secret_store(c->app, db, SF_OPP_COST, c->opp_ids[i], plain);
		if (rc != DB_OK)
			return rc;
		snprintf(plain, sizeof plain, "%lld", g->margin);
		rc = secret_store(c->app, db, SF_OPP_MARGIN, c->opp_ids[i], plain);
		if (rc != DB_OK)
			return rc;
		c->sealed_opps++;
	}
	return DB_OK;
}

static int load_owners(struct seed_ctx *c)
{
	struct dbres *r = NULL;
	size_t i;
	int rc;

	for (i = 0; i < NOWNERS; i++) {
		rc = DB_EXEC(c->app->db, ST_SEED_OWNER, &r, DBS(owner_names[i]));
		if (rc != DB_OK)
			return -1;
		if (r->nrows != 1) {
			dbres_free(&r);
			log_err("seed: demo user %s is missing or inactive; run 'parley seed-demo' first", owner_names[i]);
			return -1;
		}
		c->owners[i].id = dbres_int(r, 0, 0);
		c->owners[i].team = dbres_int(r, 0, 1);
		c->owners[i].region = dbres_int(r, 0, 2);
		dbres_free(&r);
	}
	c->inc = seed_autoinc_step(c->app->db);
	return c->inc > 0 ? 0 : -1;
}

long long seed_autoinc_step(struct db *db)
{
	struct dbres *r = NULL;
	long long inc;

	if (db_exec(db, ST_SEED_AUTOINC_MODE, NULL, 0, &r) != DB_OK)
		return -1;
	/* Lock mode 2 may interleave the ids of concurrent multi-row INSERTs. */
	if (dbres_int(r, 0, 0) > 1) {
		log_err("seed: needs innodb_autoinc_lock_mode 0 or 1 (it is %s)", dbres_get(r, 0, 0));
		dbres_free(&r);
		return -1;
	}
	inc = dbres_int(r, 0, 1) > 0 ? dbres_int(r, 0, 1) : 1;
	dbres_free(&r);
	return inc;
}

struct seed_audit {
	struct app *app;
	time_t now;
	const char *action, *entity, *detail;
};

static int seed_audit_fn(struct db *db, void *p)
{
	struct seed_audit *a = p;
	struct audit_event ev = { 0, a->action, a->entity, 0, "cli", a->detail };

	return audit_append(db, a->app->audit_key, a->now, &ev);
}

int seed_audit(struct app *app, time_t now, const char *action, const char *entity, const char *detail)
{
	struct seed_audit a = { app, now, action, entity, detail };

	return db_tx(app->db, seed_audit_fn, &a) == DB_OK ? 0 : -1;
}

double seed_elapsed(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

int seed_customers(struct app *app, long long n, FILE *out)
{
	struct seed_ctx c;
	struct timespec t0;
	char detail[200];
	double secs;
	int rc = -1;

	memset(&c, 0, sizeof c);
	c.app = app;
	c.total = n;
	c.now = clock_now(app->cfg.clock_offset_file);
	c.rng_start = 0x9E3779B97F4A7C15ULL ^ (uint64_t)c.now;
	c.g = calloc(TX_ROWS, sizeof *c.g);
	/* Enough for the widest table's rows, and for two stage rows per customer. */
	c.params = calloc(TX_ROWS * 21, sizeof *c.params);
	c.cust_ids = calloc(TX_ROWS, sizeof *c.cust_ids);
	c.opp_ids = calloc(TX_ROWS, sizeof *c.opp_ids);
	c.opp_of = calloc(TX_ROWS, sizeof *c.opp_of);
	if (!c.g || !c.params || !c.cust_ids || !c.opp_ids || !c.opp_of)
		goto out;
	if (load_owners(&c) < 0)
		goto out;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (c.done < n) {
		c.n = (size_t)(n - c.done < TX_ROWS ? n - c.done : TX_ROWS);
		rc = db_tx(app->db, seed_tx, &c);
		if (rc != DB_OK) {
			log_err("seed: failed after %lld customers (%d)", c.done, rc);
			rc = -1;
			goto out;
		}
		c.rng_start = c.rng;
		c.done += (long long)c.n;
		c.t_contacts += c.contacts;
		c.t_opps += c.opps;
		c.t_stages += c.stages;
		c.t_budgets += c.budgets;
		c.t_sealed_opps += c.sealed_opps;
		if (c.done % 100000 == 0 && c.done < n) {
			secs = seed_elapsed(&t0);
			fprintf(out, "  %lld customers, %.1f s\n", c.done, secs);
			fflush(out);
		}
	}
	secs = seed_elapsed(&t0);
	{
		long long rows = c.done + c.t_contacts + c.t_opps + c.t_stages;
		fprintf(out,
		        "seeded %lld customers, %lld contacts, %lld opportunities (%lld stage rows); %lld budgets and "
		        "%lld opportunity costs/margins encrypted\n"
		        "%.2f s: %.0f customers/s, %.0f rows/s\n",
		        c.done, c.t_contacts, c.t_opps, c.t_stages, c.t_budgets, c.t_sealed_opps, secs,
		        secs > 0 ? (double)c.done / secs : 0.0, secs > 0 ? (double)rows / secs : 0.0);
	}
	snprintf(detail, sizeof detail, "%lld customers generated", c.done);
	rc = seed_audit(app, c.now, "seed.customers", "customer", detail);
out:
	free(c.g);
	free(c.params);
	free(c.cust_ids);
	free(c.opp_ids);
	free(c.opp_of);
	return rc;
}

static int parse_count(const char *opt, const char *arg, long long max, long long *out)
{
	char *end;

	errno = 0;
	*out = strtoll(arg, &end, 10);
	if (errno || end == arg || *end || *out < 1 || *out > max) {
		fprintf(stderr, "seed: %s must be a number from 1 to %lld\n", opt, max);
		return -1;
	}
	return 0;
}

int seed_cli(struct app *app, int argc, char **argv)
{
	long long customers = 0, negotiations = 0;
	int i;

	for (i = 0; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--customers") && !customers) {
			if (parse_count(argv[i], argv[i + 1], SEED_MAX_CUSTOMERS, &customers) < 0)
				return 2;
		} else if (!strcmp(argv[i], "--negotiations") && !negotiations) {
			if (parse_count(argv[i], argv[i + 1], SEED_MAX_NEGOTIATIONS, &negotiations) < 0)
				return 2;
		} else {
			break;
		}
	}
	if (i != argc || (!customers && !negotiations)) {
		fprintf(stderr, "usage: parley -c CONF seed [--customers N] [--negotiations M]   (N 1..%lld, M 1..%lld)\n",
		        SEED_MAX_CUSTOMERS, SEED_MAX_NEGOTIATIONS);
		return 2;
	}
	if (customers && seed_customers(app, customers, stdout) != 0)
		return 1;
	if (negotiations && seed_negotiations(app, negotiations, stdout) != 0)
		return 1;
	return 0;
}
