/* Demo concession requests, on the three demo customers that have negotiation records:
 * - each customer's recorded 5 % price concession gets the approved request it needed (linked from
 *   the record's concession row);
 * - rep1: a further 3 % waiting for mgr1 (three hours old);
 * - rep3: 12 % more, approved by mgr2, waiting for dir1 for 26 hours — overdue, shown to vp1;
 * - rep2: a green-channel 18 % pending at mgr1, dir1 and vp1 at once, flagged for review.
 * Chains come from the reporting line and the stored policy, as for a request filed on the page.
 * Idempotent: nothing when requests exist. */
#include "domain/demo.h"

#include <stdio.h>
#include <string.h>

#include "app.h"
#include "audit/audit.h"
#include "domain/approval.h"
#include "domain/approval_store.h"
#include "util/clock.h"
#include "util/log.h"

#define HOUR 3600

struct dpick {
	long long customer_id, opp_id, list_price, owner_id;
	char currency[4];
};

struct dconc {
	const char *term, *from, *to, *why, *counter;
	long long amount, prior;    /* this concession; approved before it on the opportunity */
	int green;
	time_t at;
	long long negotiation_id;
};

struct demo_conc_tx {
	struct app *app;
	time_t now;
	int skipped;
};

static int dpick_load(struct db *db, const char *owner, struct dpick *p)
{
	struct dbres *r = NULL;
	int rc = DB_EXEC(db, ST_DEMO_CONC_PICK, &r, DBS(owner));

	if (rc)
		return rc;
	if (r->nrows != 1) {
		dbres_free(&r);
		return 1;
	}
	p->customer_id = dbres_int(r, 0, 0);
	p->opp_id = dbres_int(r, 0, 1);
	p->list_price = dbres_int(r, 0, 2);
	p->owner_id = dbres_int(r, 0, 3);
	snprintf(p->currency, sizeof p->currency, "%s", dbres_get(r, 0, 4) ? dbres_get(r, 0, 4) : "CNY");
	dbres_free(&r);
	return 0;
}

/* Files one request with its chain (all steps as on filing); returns its id, 0 when its chain cannot be
 * built, -1 on error. *levels gets the levels. */
static long long demo_request(struct db *db, const struct policy *pol, const struct dpick *p, const struct dconc *c,
                              int *levels)
{
	struct line_member line[8];
	struct chain_step steps[APPROVAL_MAX_LEVELS];
	struct concession_facts f;
	struct dbres *r = NULL;
	long long id, cum = c->prior + c->amount;
	char ts[20];
	int n, nline;

	f = (struct concession_facts){ concession_discount_bp(cum, p->list_price), cum, -1, 0 };
	*levels = policy_levels(pol, &f);
	nline = line_load(db, p->owner_id, line, 8);
	if (nline < 0)
		return -1;
	n = *levels ? chain_build(p->owner_id, line, (size_t)nline, *levels, steps) : 0;
	if (n < 0)
		return 0;
	clock_fmt_utc(c->at, ts);
	if (DB_EXEC(db, ST_DEMO_CONC_INSERT, &r, DBI(p->opp_id), DBI(p->customer_id), DBID(c->negotiation_id),
	            DBI(p->owner_id), DBS(c->term), DBS(c->from), DBS(c->to), DBS(p->currency), DBI(p->list_price),
	            DBI(c->amount), DBI(concession_discount_bp(c->amount, p->list_price)), DBI(f.cumulative_bp),
	            DBI(cum), DBS(c->why), DBS(c->counter), DBS(c->green ? "green" : "normal"), DBI(*levels),
	            DBS(*levels ? "pending" : "not_required"), DBI(c->green), DBS(ts), DBS(ts)) != DB_OK)
		return -1;
	id = (long long)r->insert_id;
	dbres_free(&r);
	if (n && chain_create(db, id, 1, p->owner_id, steps, n, c->green, c->at) != DB_OK)
		return -1;
	return id;
}

/* Approves levels 1..upto at `at`; opens level upto + 1 at the same time; final when upto == levels. */
static int demo_approve(struct db *db, long long id, int levels, int upto, time_t at)
{
	char ts[20];
	int k, rc = DB_OK;

	clock_fmt_utc(at, ts);
	for (k = 1; k <= upto && rc == DB_OK; k++)
		rc = DB_EXEC(db, ST_DEMO_STEP_APPROVE, NULL, DBS(ts), DBS("同意，换取条件合理。"), DBI(id), DBI(k));
	if (rc == DB_OK && upto < levels)
		rc = DB_EXEC(db, ST_DEMO_STEP_OPEN, NULL, DBS(ts), DBI(id), DBI(upto + 1));
	if (rc == DB_OK && upto == levels)
		rc = DB_EXEC(db, ST_DEMO_CONC_FINAL, NULL, DBS("approved"), DBS(ts), DBS(ts), DBI(id));
	return rc;
}

static int demo_conc_fn(struct db *db, void *arg)
{
	static const char *const owners[] = { "rep1", "rep3", "rep2" };
	struct demo_conc_tx *t = arg;
	struct policy pol;
	struct dbres *r = NULL;
	size_t i;
	int rc;

	rc = db_exec(db, ST_DEMO_CONC_ANY, NULL, 0, &r);
	if (rc)
		return rc;
	t->skipped = r->nrows > 0;
	dbres_free(&r);
	if (t->skipped)
		return 0;
	if (policy_load(db, &pol) < 0)
		return DB_ERR;
	for (i = 0; i < sizeof owners / sizeof owners[0]; i++) {
		struct dpick p;
		struct dconc c;
		long long id, row = 0, neg = 0, recorded;
		int levels;

		rc = dpick_load(db, owners[i], &p);
		if (rc == 1)
			continue;
		if (rc)
			return rc;
		rc = DB_EXEC(db, ST_DEMO_CONC_RECORD_ROW, &r, DBI(p.customer_id));
		if (rc)
			return rc;
		if (r->nrows == 1) {
			row = dbres_int(r, 0, 0);
			neg = dbres_int(r, 0, 1);
		}
		dbres_free(&r);
		/* The 5 % the middle record gave, approved by the chain it needed a week ago. */
		recorded = p.list_price * 5 / 100;
		c = (struct dconc){ "price", "报价原价", "九五折", "客户预算有限，以九五折换取预付30%", "客户同意预付30%",
		                    recorded, 0, 0, t->now - 7 * 24 * HOUR, neg };
		id = demo_request(db, &pol, &p, &c, &levels);
		if (id < 0)
			return DB_ERR;
		if (id == 0)
			continue;
		if (levels && demo_approve(db, id, levels, levels, c.at + 4 * HOUR) != DB_OK)
			return DB_ERR;
		if (row && DB_EXEC(db, ST_DEMO_CONC_LINK_ROW, NULL, DBI(id), DBI(row)) != DB_OK)
			return DB_ERR;
		if (i == 0) {
			c = (struct dconc){ "price", "九五折", "九二折", "竞争对手报价更低，客户要求再让3%", "客户同意签三年服务合同",
			                    p.list_price * 3 / 100, recorded, 0, t->now - 3 * HOUR, 0 };
			if (demo_request(db, &pol, &p, &c, &levels) < 0)
				return DB_ERR;
		} else if (i == 1) {
			c = (struct dconc){ "price", "九五折", "八三折", "集团统一采购，客户要求与去年框架价对齐",
			                    "客户承诺二期项目独家合作", p.list_price * 12 / 100, recorded, 0,
			                    t->now - 30 * HOUR, 0 };
			id = demo_request(db, &pol, &p, &c, &levels);
			if (id < 0 || (id > 0 && levels > 1 && demo_approve(db, id, levels, 1, t->now - 26 * HOUR) != DB_OK))
				return DB_ERR;
		} else {
			c = (struct dconc){ "price", "九五折", "七七折", "季度末签约窗口，客户今天必须给出答复", "客户同意当月付全款",
			                    p.list_price * 18 / 100, recorded, 1, t->now - 2 * HOUR, 0 };
			if (demo_request(db, &pol, &p, &c, &levels) < 0)
				return DB_ERR;
		}
	}
	{
		struct audit_event ev = { 0, "demo.concessions", "", 0, "cli", "demo concession requests" };
		return audit_append(db, t->app->audit_key, t->now, &ev);
	}
}

int demo_concessions(struct app *app, time_t now)
{
	struct demo_conc_tx t = { app, now, 0 };

	if (db_tx(app->db, demo_conc_fn, &t)) {
		log_err("demo concessions: failed");
		return -1;
	}
	printf(t.skipped ? "concession requests already present: no demo requests added\n"
	                 : "demo concession requests loaded\n");
	return 0;
}
