/* Demo team workflows: a deal team with RACI on rep1's first opportunity (rep1 A, mgr1 R, dir1 I — people
 * who see it already, so the demo's visibility stays as documented), an action of rep1 two days
 * overdue, which the task list escalates to mgr1, and two internal requests on that opportunity (one
 * unanswered past its 24 hours). Added once. rep3 carries the technical advisor's function. */
#include "domain/demo.h"

#include <stdio.h>

#include "app.h"
#include "db/db.h"
#include "domain/ireq.h"
#include "domain/units.h"
#include "util/clock.h"
#include "util/log.h"

struct team_tx {
	time_t now;
	int skipped;
};

static long long user_of(struct db *db, const char *name)
{
	struct dbres *r = NULL;
	long long id = 0;

	if (DB_EXEC(db, ST_DEMO_USER, &r, DBS(name)) == DB_OK && r->nrows == 1)
		id = dbres_int(r, 0, 0);
	dbres_free(&r);
	return id;
}

/* One internal request raised at `at`, with its question, not answered yet. */
static int demo_request(struct db *db, long long cid, long long oid, long long from, long long to, const char *subject,
                        const char *question, time_t at)
{
	struct dbres *r = NULL;
	char when[20], due[20];
	long long id;
	int rc;

	clock_fmt_utc(at, when);
	clock_fmt_utc(ireq_answer_due(at), due);
	if ((rc = DB_EXEC(db, ST_IREQ_INSERT, &r, DBI(cid), DBI(oid), DBI(from), DBI(to), DBS(subject), DBS(when), DBS(due),
	                  DBS(when), DBS(when))))
		return rc;
	id = (long long)r->insert_id;
	dbres_free(&r);
	return DB_EXEC(db, ST_IREQ_MSG_INSERT, NULL, DBI(id), DBS("ask"), DBI(from), DBS(when), DBS(question));
}

static int team_tx_fn(struct db *db, void *p)
{
	struct team_tx *t = p;
	struct dbres *r = NULL;
	long long rep1 = user_of(db, "rep1"), mgr1 = user_of(db, "mgr1"), dir1 = user_of(db, "dir1");
	long long cid, oid, nid;
	char now[20], due[11];
	int rc;

	/* specialists: rep3 is also the technical advisor other teams may ask or put on a deal team */
	if ((rc = DB_EXEC(db, ST_DEMO_USER_FUNCTION, NULL, DBS("technical"), DBS("rep3"))))
		return rc;
	if ((rc = db_exec(db, ST_DEMO_TEAM_ANY, NULL, 0, &r)))
		return rc;
	t->skipped = dbres_int(r, 0, 0) > 0;
	dbres_free(&r);
	if (t->skipped || !rep1 || !mgr1 || !dir1)
		return 0;
	if ((rc = DB_EXEC(db, ST_DEMO_PICK, &r, DBS("rep1"), DBI(0))))
		return rc;
	if (r->nrows != 1) {
		dbres_free(&r);
		t->skipped = 1;
		return 0;
	}
	cid = dbres_int(r, 0, 0);
	oid = dbres_int(r, 0, 1);
	dbres_free(&r);
	clock_fmt_utc(t->now, now);
	rc = DB_EXEC(db, ST_DEMO_TEAM_ADD, NULL, DBI(oid), DBI(cid), DBI(rep1), DBS("A"), DBS("sales"), DBI(rep1), DBS(now));
	rc = rc ? rc : DB_EXEC(db, ST_DEMO_TEAM_ADD, NULL, DBI(oid), DBI(cid), DBI(mgr1), DBS("R"), DBS("sales"), DBI(rep1),
	                       DBS(now));
	rc = rc ? rc : DB_EXEC(db, ST_DEMO_TEAM_ADD, NULL, DBI(oid), DBI(cid), DBI(dir1), DBS("I"), DBS("none"), DBI(rep1),
	                       DBS(now));
	if (rc)
		return rc;
	if ((rc = DB_EXEC(db, ST_DEMO_FIRST_RECORD, &r, DBI(rep1))))
		return rc;
	nid = dbres_int(r, 0, 0);
	dbres_free(&r);
	if (nid <= 0)
		return 0;
	date_of(t->now, "Asia/Shanghai", -2, due);
	if ((rc = DB_EXEC(db, ST_DEMO_LATE_ACTION, NULL, DBI(nid), DBS("电话确认技术评估结论"), DBI(rep1), DBS(due),
	                  DBS("评估结论记录"))))
		return rc;
	/* internal requests: rep1's to mgr1 unanswered for 30 hours (overdue, shown to dir1), mgr1's to rep1
	 * raised 5 hours ago (waiting for rep1's answer) */
	rc = demo_request(db, cid, oid, rep1, mgr1, "付款条件口径", "客户要求付款期延长到90天，财务口径能否接受？", t->now - 30 * 3600);
	return rc ? rc : demo_request(db, cid, oid, mgr1, rep1, "技术评估进度", "客户技术评估结论什么时候能出？", t->now - 5 * 3600);
}

int demo_team(struct app *app, time_t now)
{
	struct team_tx t = { now, 0 };
	int rc = db_tx(app->db, team_tx_fn, &t);

	if (rc) {
		log_err("demo deal team: failed (%d)", rc);
		return -1;
	}
	printf(t.skipped ? "demo deal team already present\n" : "demo deal team and an overdue action loaded\n");
	return 0;
}
