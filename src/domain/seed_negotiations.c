/* The negotiation-record generator (parley seed --negotiations N): records on the customers
 * already in the database, with their child rows, ~1000 records a transaction, multi-row INSERTs.
 * Two passes a transaction: the records (their ids come back), then each record's child rows from
 * a random state kept with the record, so that a retried transaction writes the same rows. */
#include "domain/seed.h"

#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "auth/secrets.h"
#include "domain/plan.h"
#include "domain/seed_internal.h"
#include "util/clock.h"
#include "util/log.h"

#define TX_RECS 1000
#define FULL_EVERY 50          /* every 50th record has the full 20 child rows */
#define CST (8 * 3600)         /* records are held in Asia/Shanghai */

static const char *const places[] = { "客户公司会议室", "我司会议室", "视频会议", "客户工厂现场", "行业展会洽谈区" };
static const char *const ours[] = { "王强（销售经理）、赵敏（解决方案）", "李娜（销售代表）", "陈杰（销售代表）、周涛（实施顾问）" };
static const char *const theirs[] = { "张总（总经理）、刘经理（采购经理）", "孙工（IT经理）", "黄总监（财务总监）、马经理（生产总监）" };
static const char *const types[] = { "first_contact", "proposal", "price", "final", "renewal" };
static const char *const phases[] = { "initial", "middle", "final" };
static const char *const statuses[] = { "follow_up", "follow_up", "follow_up", "won", "on_hold", "lost" };
static const char *const strengths[] = { "提前准备了对标案例，客户认可度高。", "控制住了议程，先谈价值再谈价格。", "" };
static const char *const improves[] = { "对付款条件的底线准备不足。", "技术问题回答不够具体，需要带售前。", "" };
static const char *const need_texts[] = {
	"交付周期缩短到45天以内", "首年价格控制在预算内", "付款周期延长到90天", "提供7×24小时售后响应",
	"上线前完成全员培训", "与现有ERP系统对接", "质量追溯到批次", "分期实施，先上一期",
};
static const char *const need_topics[] = { "delivery", "price", "payment", "service", "support", "function",
	                                   "quality", "other" };
static const char *const urgencies[] = { "high", "medium", "low" };
static const char *const quotes[] = {
	"你们的价格比别家高了将近两成。", "这个功能我们现在的系统也有。", "你们在我们行业没有太多案例吧？",
	"这事我说了不算，要等董事长回来。", "预算今年已经用完了。", "实施周期太长，我们等不了。",
};
static const char *const objection_types[] = { "price", "function", "trust", "decision", "price", "trust" };
static const char *const responses[] = { "说明总拥有成本，并给出分期方案。", "演示差异化功能并提供试用。",
	                                  "安排同行业客户参观。", "约定与决策人的会面时间。" };
static const char *const results[] = { "resolved", "partly", "unresolved" };
static const char *const proposals[] = { "分两期交付，一期45天上线", "首年维保费用减半", "付款改为3-3-3-1",
	                                 "增加两次现场培训" };
static const char *const agreed[] = { "一期范围为仓储与生产模块", "验收标准以需求确认书为准", "双方项目经理每周例会" };
static const char *const open_items[] = { "付款周期", "二期价格", "违约责任条款" };
static const char *const open_reasons[] = { "客户财务需内部审批", "需要总部法务确认", "双方差距仍较大" };
static const char *const actions[] = { "发送修订报价单", "安排同行业客户参观", "提交分期实施计划", "约见董事长" };
static const char *const deliverables[] = { "报价单PDF", "参观行程安排", "实施计划书", "会议纪要" };
static const char *const people[] = { "张总", "刘经理", "孙工", "黄总监" };
static const char *const attitudes[] = { "关注价格，态度谨慎", "对方案很感兴趣", "倾向现有供应商", "支持尽快推进" };
static const char *const counters[] = { "客户同意预付30%", "客户承诺年内签二期", "" };

struct batch {
	size_t ncols, nrows, cap;
	struct dbp *p;
};

struct rec {
	long long id, customer, owner;
	char held[11], start[9], end[9], ended[20], completed[20], created[20], due[3][11];
	uint64_t rng;              /* the child rows' random state */
	int full, has_completed;
};

struct negseed {
	struct app *app;
	struct db *db;
	time_t now;
	long long inc, rep1, done, total, full_for_rep1;
	long long rep1_full[64];   /* rep1's newest full records, a ring */
	size_t nrep1_full;
	uint64_t rng, rng_start;
	long long *cust, *owner;   /* customers to hang records on */
	size_t ncust, n;
	struct rec *r;
	struct batch negs, needs, objections, proposals, terms, concessions, outcomes, actions, attitudes;
	long long t_children, children;
};

static struct dbp *batch_row(struct batch *b)
{
	struct dbp *row;

	if (b->nrows == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 1024;
		struct dbp *p = realloc(b->p, cap * b->ncols * sizeof *p);
		if (!p)
			return NULL;
		b->p = p;
		b->cap = cap;
	}
	row = b->p + b->nrows++ * b->ncols;
	return row;
}

enum { DATE, TIME };

static void fmt_local(time_t local, int what, char *out, size_t n)
{
	struct tm tm;

	gmtime_r(&local, &tm);
	if (what == DATE)
		strftime(out, n, "%Y-%m-%d", &tm);
	else
		strftime(out, n, "%H:%M:%S", &tm);
}

static void gen_rec(struct negseed *c, struct rec *r, long long seq)
{
	uint64_t *s = &c->rng;
	size_t k = (size_t)seed_rand(s) % c->ncust;
	time_t day, end_local, start_local, ended, completed;
	long long age;
	int i;

	memset(r, 0, sizeof *r);
	r->customer = c->cust[k];
	r->owner = c->owner[k];
	r->full = seq % FULL_EVERY == 0;
	/* Held within the last two years, ending between 10:00 and 18:00 local time, 1-3 hours long. */
	age = seed_rnd(s, 0, 730);
	day = (c->now + CST) / 86400 * 86400 - (time_t)age * 86400;
	end_local = day + (time_t)seed_rnd(s, 10 * 60, 18 * 60) * 60;
	start_local = end_local - (time_t)seed_rnd(s, 60, 180) * 60;
	ended = end_local - CST;
	if (ended > c->now)
		ended -= 86400, end_local -= 86400, start_local -= 86400;
	fmt_local(end_local, DATE, r->held, sizeof r->held);
	fmt_local(start_local, TIME, r->start, sizeof r->start);
	fmt_local(end_local, TIME, r->end, sizeof r->end);
	clock_fmt_utc(ended, r->ended);
	clock_fmt_utc(ended - 3600, r->created);
	/* Most are completed within the day; some late; a few never (drafts). */
	i = (int)seed_rnd(s, 1, 100);
	completed = i <= 92 ? ended + (time_t)seed_rnd(s, 600, 20 * 3600)
	          : i <= 97 ? ended + (time_t)seed_rnd(s, 25 * 3600, 96 * 3600) : 0;
	if (completed && completed <= c->now) {
		r->has_completed = 1;
		clock_fmt_utc(completed, r->completed);
	}
	for (i = 0; i < 3; i++)
		fmt_local(end_local + (time_t)seed_rnd(s, 1, 21) * 86400, DATE, r->due[i], sizeof r->due[i]);
	r->rng = seed_rand(s) | 1;
}

static int add_neg_row(struct negseed *c, const struct rec *r)
{
	uint64_t *s = &c->rng;
	struct dbp *q = batch_row(&c->negs);

	if (!q)
		return -1;
	*q++ = DBI(r->customer);
	*q++ = DBS(r->held);
	*q++ = DBS(r->start);
	*q++ = DBS(r->end);
	*q++ = DBS(r->ended);
	*q++ = DBS(PICK(s, places));
	*q++ = DBS(PICK(s, ours));
	*q++ = DBS(PICK(s, theirs));
	*q++ = DBS(PICK(s, types));
	*q++ = DBS(PICK(s, phases));
	*q++ = DBS(PICK(s, statuses));
	*q++ = DBS(PICK(s, strengths));
	*q++ = DBS(PICK(s, improves));
	*q++ = DBS("");
	*q++ = DBS("");
	*q++ = DBS("");
	*q++ = r->has_completed ? DBS(r->completed) : DBNULL;
	*q++ = DBI(r->owner);
	*q++ = DBI(r->owner);
	*q++ = DBS(r->created);
	*q = r->has_completed ? DBS(r->completed) : DBS(r->ended);
	return 0;
}

/* Child rows of one record: 5-11, or 20 for a full one (3 needs, 3 objections, 2 proposals,
 * 3 terms, 2 concessions, 3 outcomes, 3 actions, 1 attitude). */
static int add_children(struct negseed *c, struct rec *r)
{
	uint64_t *s = &r->rng;
	int nneeds = r->full ? 3 : (int)seed_rnd(s, 1, 3), nobj = r->full ? 3 : (int)seed_rnd(s, 0, 2);
	int nprop = r->full ? 2 : 1, nterms = r->full ? 3 : 1, ncons = r->full ? 2 : (int)seed_rnd(s, 0, 1);
	int nout = r->full ? 3 : 1, nact = r->full ? 3 : (int)seed_rnd(s, 1, 2), natt = r->full ? 1 : 0;
	long long price = seed_rnd(s, 20, 500) * 10000 * 100;
	const char *upd = r->has_completed ? r->completed : r->ended;
	struct dbp *q;
	int i;

	for (i = 1; i <= nneeds; i++) {
		size_t t = (size_t)seed_rand(s) % N(need_texts);
		if (!(q = batch_row(&c->needs)))
			return -1;
		q[0] = DBI(r->id), q[1] = DBI(i), q[2] = DBS(need_texts[t]), q[3] = DBS(PICK(s, urgencies));
		q[4] = DBS(need_topics[t]);
	}
	for (i = 1; i <= nobj; i++) {
		size_t t = (size_t)seed_rand(s) % N(quotes);
		if (!(q = batch_row(&c->objections)))
			return -1;
		q[0] = DBI(r->id), q[1] = DBI(r->customer), q[2] = DBI(i), q[3] = DBS(quotes[t]);
		q[4] = DBS(objection_types[t]), q[5] = DBS(PICK(s, responses)), q[6] = DBS(PICK(s, results));
		q[7] = DBI(r->owner), q[8] = DBS(""), q[9] = DBS(upd);
	}
	for (i = 1; i <= nprop; i++) {
		if (!(q = batch_row(&c->proposals)))
			return -1;
		q[0] = DBI(r->id), q[1] = DBI(i), q[2] = DBS(PICK(s, proposals)), q[3] = DBI(i <= nneeds ? i : 1);
	}
	for (i = 1; i <= nterms; i++) {
		if (!(q = batch_row(&c->terms)))
			return -1;
		q[0] = DBI(r->id), q[1] = DBI(i), q[6] = DBNULL, q[7] = DBNULL, q[8] = DBNULL;
		if (i == 1) {
			q[2] = DBS("price"), q[3] = DBS("按报价九五折"), q[4] = DBS("要求八五折");
			q[6] = DBI(price / 100 * seed_rnd(s, 85, 100));
		} else if (i == 2) {
			q[2] = DBS("payment"), q[3] = DBS("30天"), q[4] = DBS("90天"), q[8] = DBI(seed_rnd(s, 30, 90));
		} else {
			q[2] = DBS("delivery"), q[3] = DBS("60天交付"), q[4] = DBS("45天交付");
		}
		q[5] = DBI(seed_rnd(s, 0, 1));
	}
	for (i = 1; i <= ncons; i++) {
		if (!(q = batch_row(&c->concessions)))
			return -1;
		q[0] = DBI(r->id), q[1] = DBI(i), q[2] = DBS(i == 1 ? "price" : "payment");
		q[3] = DBS(i == 1 ? "九五折" : "30天"), q[4] = DBS(i == 1 ? "九二折" : "60天");
		q[5] = i == 1 ? DBI(price / 100 * 3) : DBNULL, q[6] = i == 1 ? DBI(seed_rnd(s, 100, 500)) : DBNULL;
		q[7] = i == 1 ? DBNULL : DBI(60), q[8] = DBS(PICK(s, counters));
	}
	for (i = 1; i <= nout; i++) {
		int open = i == nout && r->full;
		if (!(q = batch_row(&c->outcomes)))
			return -1;
		q[0] = DBI(r->id), q[1] = DBI(i), q[2] = DBS(open ? "open" : "agreed");
		q[3] = DBS(open ? PICK(s, open_items) : PICK(s, agreed)), q[4] = DBS(open ? PICK(s, open_reasons) : "");
	}
	for (i = 1; i <= nact; i++) {
		size_t t = (size_t)seed_rand(s) % N(actions);
		if (!(q = batch_row(&c->actions)))
			return -1;
		q[0] = DBI(r->id), q[1] = DBI(i), q[2] = DBS(actions[t]), q[3] = DBI(r->owner), q[4] = DBS(r->due[i - 1]);
		q[5] = DBS(deliverables[t]), q[6] = DBNULL;
	}
	for (i = 1; i <= natt; i++) {
		if (!(q = batch_row(&c->attitudes)))
			return -1;
		q[0] = DBI(r->id), q[1] = DBI(i), q[2] = DBS(PICK(s, people)), q[3] = DBS(PICK(s, attitudes));
	}
	c->children += nneeds + nobj + nprop + nterms + ncons + nout + nact + natt;
	return 0;
}

#define STS(name) { name##_1, name##_10, name##_100 }

static int insert_batch(struct negseed *c, const struct batch *b, const enum stmt_id st[3], long long *ids)
{
	return seed_insert_rows(c->db, c->inc, st, b->ncols, b->p, b->nrows, ids);
}

static int negseed_tx(struct db *db, void *p)
{
	static const enum stmt_id st_negs[3] = STS(ST_SEED_NEGS), st_needs[3] = STS(ST_SEED_NEEDS),
		st_obj[3] = STS(ST_SEED_OBJECTIONS), st_prop[3] = STS(ST_SEED_PROPOSALS),
		st_terms[3] = STS(ST_SEED_TERMS), st_cons[3] = STS(ST_SEED_CONCESSIONS),
		st_out[3] = STS(ST_SEED_OUTCOMES), st_act[3] = STS(ST_SEED_ACTIONS), st_att[3] = STS(ST_SEED_ATTITUDES);
	struct negseed *c = p;
	struct batch *all[] = { &c->negs, &c->needs, &c->objections, &c->proposals, &c->terms, &c->concessions,
		                &c->outcomes, &c->actions, &c->attitudes };
	long long *ids;
	size_t i;
	int rc;

	c->db = db;
	c->rng = c->rng_start;
	c->children = 0;
	for (i = 0; i < N(all); i++)
		all[i]->nrows = 0;
	for (i = 0; i < c->n; i++) {
		gen_rec(c, &c->r[i], c->done + (long long)i + 1);
		if (add_neg_row(c, &c->r[i]) < 0)
			return DB_ERR;
	}
	ids = malloc(c->n * sizeof *ids);
	if (!ids)
		return DB_ERR;
	rc = insert_batch(c, &c->negs, st_negs, ids);
	for (i = 0; rc == DB_OK && i < c->n; i++) {
		c->r[i].id = ids[i];
		if (add_children(c, &c->r[i]) < 0)
			rc = DB_ERR;
	}
	free(ids);
	if (rc == DB_OK)
		rc = insert_batch(c, &c->needs, st_needs, NULL);
	if (rc == DB_OK)
		rc = insert_batch(c, &c->objections, st_obj, NULL);
	if (rc == DB_OK)
		rc = insert_batch(c, &c->proposals, st_prop, NULL);
	if (rc == DB_OK)
		rc = insert_batch(c, &c->terms, st_terms, NULL);
	if (rc == DB_OK)
		rc = insert_batch(c, &c->concessions, st_cons, NULL);
	if (rc == DB_OK)
		rc = insert_batch(c, &c->outcomes, st_out, NULL);
	if (rc == DB_OK)
		rc = insert_batch(c, &c->actions, st_act, NULL);
	if (rc == DB_OK)
		rc = insert_batch(c, &c->attitudes, st_att, NULL);
	return rc;
}

/* Every customer's id and owner, a page at a time. */
static int load_customers(struct negseed *c)
{
	size_t cap = 0;
	long long after = 0;

	for (;;) {
		struct dbres *r = NULL;
		size_t i;

		if (DB_EXEC(c->app->db, ST_SEED_CUSTOMER_PAGE, &r, DBI(after)) != DB_OK)
			return -1;
		if (c->ncust + r->nrows > cap) {
			size_t ncap = (c->ncust + r->nrows) * 2;
			long long *a = realloc(c->cust, ncap * sizeof *a), *b;
			if (a)
				c->cust = a;
			b = a ? realloc(c->owner, ncap * sizeof *b) : NULL;
			if (!b) {
				dbres_free(&r);
				return -1;
			}
			c->owner = b;
			cap = ncap;
		}
		for (i = 0; i < r->nrows; i++) {
			c->cust[c->ncust] = dbres_int(r, i, 0);
			c->owner[c->ncust++] = dbres_int(r, i, 1);
		}
		i = r->nrows;
		if (i)
			after = dbres_int(r, i - 1, 0);
		dbres_free(&r);
		if (i < 10000)
			return 0;
	}
}

struct bench_plan_tx {
	struct negseed *c;
	long long record;
	int move;   /* move the record to a customer of rep1's with an opportunity when its own has none */
};

static int bench_plan_fn(struct db *db, void *p)
{
	struct bench_plan_tx *t = p;
	struct plan_limits l;
	struct dbres *r = NULL;
	char *conf = NULL, *restr = NULL, ts[20], day[11];
	long long opp, list, plan;
	int rc;

	rc = DB_EXEC(db, ST_SEED_RECORD_OPP, &r, DBI(t->record));
	if (rc == DB_OK && r->nrows == 0 && t->move) {
		long long cust;
		dbres_free(&r);
		rc = DB_EXEC(db, ST_SEED_REP1_OPP, &r, DBI(t->c->rep1));
		if (rc || r->nrows != 1) {
			dbres_free(&r);
			return rc ? rc : 1;
		}
		cust = dbres_int(r, 0, 1);
		dbres_free(&r);
		rc = DB_EXEC(db, ST_SEED_RECORD_MOVE, NULL, DBI(cust), DBI(t->record));
		if (rc == DB_OK)
			rc = DB_EXEC(db, ST_SEED_RECORD_MOVE_OBJECTIONS, NULL, DBI(cust), DBI(t->record));
		if (rc == DB_OK)
			rc = DB_EXEC(db, ST_SEED_RECORD_OPP, &r, DBI(t->record));
	}
	if (rc || r->nrows != 1) {
		dbres_free(&r);
		return rc ? rc : 1;   /* its customer has no opportunity */
	}
	opp = dbres_int(r, 0, 0);
	list = dbres_int(r, 0, 1);
	dbres_free(&r);
	clock_fmt_utc(t->c->now, ts);
	memcpy(day, ts, 10);
	day[10] = '\0';
	rc = DB_EXEC(db, ST_DEMO_PLAN, &r, DBI(opp), DBS("价格与交付周期谈判"), DBS("integrative"), DBS(day),
	             DBS("客户公司会议室"), DBS("签订一期合同"), DBS("付款周期可放宽到60天"), DBS("开场 → 讨价还价 → 达成一致"),
	             DBS("客户可能要求降价15%"), DBS("每让一步，要求缩短付款期"), DBI(t->c->rep1), DBS(ts), DBS(ts));
	if (rc)
		return rc;
	plan = (long long)r->insert_id;
	dbres_free(&r);
	/* Payment within 10 days: the record's payment term (30-90 days, row 2) and payment concession
	 * (60 days, row 2) cross it, so the page shows both flags with the plan's figures. */
	(void)list;
	plan_limits_clear(&l);
	l.max_payment_days = 10;
	if (plan_conf_encode("若谈崩：转向同区域另两家意向客户", &l, &conf) < 0 || plan_restr_encode(&l, &restr) < 0) {
		free(conf);
		return -1;
	}
	rc = secret_store(t->c->app, db, SF_PLAN_CONFIDENTIAL, plan, conf);
	if (rc == DB_OK && restr)
		rc = secret_store(t->c->app, db, SF_PLAN_RESTRICTED, plan, restr);
	free(conf);
	free(restr);
	if (rc == DB_OK)
		rc = DB_EXEC(db, ST_SEED_RECORD_LINK_PLAN, NULL, DBI(opp), DBI(plan), DBI(t->record));
	if (rc == DB_OK)
		rc = DB_EXEC(db, ST_NEG_FLAG_INSERT, NULL, DBI(t->record), DBS("payment_over_limit"), DBS("term"), DBI(1),
		             DBS(ts));
	if (rc == DB_OK)
		rc = DB_EXEC(db, ST_NEG_FLAG_INSERT, NULL, DBI(t->record), DBS("payment_over_limit"), DBS("concession"),
		             DBI(1), DBS(ts));
	return rc;
}

/* Gives one of rep1's full records an opportunity of its customer and a plan with sealed bottom
 * lines, for the benchmark's record page with plan figures. 0, 1 when its customer has no
 * opportunity, -1 on error. */
static int bench_plan(struct negseed *c, long long record, int move)
{
	struct bench_plan_tx t = { c, record, move };
	int rc = db_tx(c->app->db, bench_plan_fn, &t);

	return rc == DB_OK ? 0 : rc == 1 ? 1 : -1;
}

int seed_negotiations(struct app *app, long long n, FILE *out)
{
	struct negseed c;
	struct timespec t0;
	struct dbres *r = NULL;
	char detail[200];
	double secs;
	int rc = -1;

	memset(&c, 0, sizeof c);
	c.app = app;
	c.total = n;
	c.now = clock_now(app->cfg.clock_offset_file);
	c.rng_start = 0xD1B54A32D192ED03ULL ^ (uint64_t)c.now;
	c.negs.ncols = 21, c.needs.ncols = 5, c.objections.ncols = 10, c.proposals.ncols = 4, c.terms.ncols = 9;
	c.concessions.ncols = 9, c.outcomes.ncols = 5, c.actions.ncols = 7, c.attitudes.ncols = 4;
	c.r = calloc(TX_RECS, sizeof *c.r);
	if (!c.r)
		goto out;
	if (DB_EXEC(app->db, ST_SEED_OWNER, &r, DBS("rep1")) != DB_OK)
		goto out;
	c.rep1 = r->nrows == 1 ? dbres_int(r, 0, 0) : 0;
	dbres_free(&r);
	c.inc = seed_autoinc_step(app->db);
	if (c.inc < 1 || load_customers(&c) < 0)
		goto out;
	if (!c.ncust) {
		log_err("seed: no customers to record negotiations for; seed --customers first");
		goto out;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (c.done < n) {
		size_t i;

		c.n = (size_t)(n - c.done < TX_RECS ? n - c.done : TX_RECS);
		if (db_tx(app->db, negseed_tx, &c) != DB_OK) {
			log_err("seed: failed after %lld negotiation records", c.done);
			goto out;
		}
		for (i = 0; i < c.n; i++)
			if (c.r[i].full && c.r[i].owner == c.rep1) {
				c.full_for_rep1 = c.r[i].id;
				c.rep1_full[c.nrep1_full++ % 64] = c.r[i].id;
			}
		c.rng_start = c.rng;
		c.done += (long long)c.n;
		c.t_children += c.children;
		if (c.done % 100000 == 0 && c.done < n) {
			fprintf(out, "  %lld negotiation records, %.1f s\n", c.done, seed_elapsed(&t0));
			fflush(out);
		}
	}
	secs = seed_elapsed(&t0);
	fprintf(out, "seeded %lld negotiation records with %lld child rows over %zu customers\n"
	        "%.2f s: %.0f records/s, %.0f rows/s\n",
	        c.done, c.t_children, c.ncust, secs, secs > 0 ? (double)c.done / secs : 0.0,
	        secs > 0 ? (double)(c.done + c.t_children) / secs : 0.0);
	if (c.nrep1_full > 1) {
		size_t k, kn = c.nrep1_full < 64 ? c.nrep1_full : 64;
		int move, done = 0;
		for (move = 0; move < 2 && !done; move++)
			for (k = 0; k < kn && !done; k++) {
				long long id = c.rep1_full[k];
				if (id == c.full_for_rep1 || bench_plan(&c, id, move) != 0)
					continue;
				fprintf(out, "full record of rep1 with plan figures (20 child rows): /negotiations/%lld\n", id);
				done = 1;
			}
	}
	if (c.full_for_rep1)
		fprintf(out, "full record of rep1 (20 child rows): /negotiations/%lld\n", c.full_for_rep1);
	if (DB_EXEC(app->db, ST_SEED_BUDGET_CUSTOMER, &r, DBI(c.rep1)) == DB_OK && r->nrows == 1)
		fprintf(out, "customer of rep1 with a budget: /customers/%lld\n", dbres_int(r, 0, 0));
	dbres_free(&r);
	snprintf(detail, sizeof detail, "%lld negotiation records generated", c.done);
	rc = seed_audit(app, c.now, "seed.negotiations", "negotiation", detail);
out:
	free(c.r);
	free(c.cust);
	free(c.owner);
	free(c.negs.p);
	free(c.needs.p);
	free(c.objections.p);
	free(c.proposals.p);
	free(c.terms.p);
	free(c.concessions.p);
	free(c.outcomes.p);
	free(c.actions.p);
	free(c.attitudes.p);
	return rc;
}
