/* Demo team workflows: a deal team with RACI on rep1's first opportunity (rep1 A, mgr1 R, dir1 I — people
 * who see it already, so the demo's visibility stays as documented) and an action of rep1 two days
 * overdue, which the task list escalates to mgr1. Added once. */
#include "domain/demo.h"

#include <stdio.h>

#include "app.h"
#include "db/db.h"
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

static int team_tx_fn(struct db *db, void *p)
{
	struct team_tx *t = p;
	struct dbres *r = NULL;
	long long rep1 = user_of(db, "rep1"), mgr1 = user_of(db, "mgr1"), dir1 = user_of(db, "dir1");
	long long cid, oid, nid;
	char now[20], due[11];
	int rc;

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
	return DB_EXEC(db, ST_DEMO_LATE_ACTION, NULL, DBI(nid), DBS("电话确认技术评估结论"), DBI(rep1), DBS(due),
	               DBS("评估结论记录"));
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
