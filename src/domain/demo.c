/* Loads the demo organisation: one region, two teams, and a full reporting line
 * rep → manager → director → vp, plus an executive and an admin. */
#include "domain/demo.h"

#include <stdio.h>
#include <string.h>

#include "app.h"
#include "audit/audit.h"
#include "auth/password.h"
#include "domain/users.h"
#include "util/clock.h"
#include "util/log.h"

struct demo_user {
	const char *username, *display_name, *role, *lang;
	int team;            /* 1, 2 or 0 */
	int region;          /* 1 for the director */
	const char *manager; /* username, created earlier in the list */
};

/* Ordered so that every manager exists before the people who report to them. */
static const struct demo_user demo_users[] = {
	{ "admin", "系统管理员", "admin", "zh-CN", 0, 0, NULL },
	{ "vp1", "孙丽", "vp", "zh-CN", 0, 0, NULL },
	{ "exec1", "周明", "executive", "zh-CN", 0, 0, NULL },
	{ "dir1", "赵强", "director", "zh-CN", 0, 1, "vp1" },
	{ "mgr1", "刘洋", "manager", "zh-CN", 1, 0, "dir1" },
	{ "mgr2", "陈静", "manager", "zh-CN", 2, 0, "dir1" },
	{ "rep1", "张伟", "rep", "zh-CN", 1, 0, "mgr1" },
	{ "rep2", "李娜", "rep", "zh-CN", 1, 0, "mgr1" },
	{ "rep3", "王芳", "rep", "zh-CN", 2, 0, "mgr2" },
};
#define NDEMO (sizeof demo_users / sizeof demo_users[0])

struct demo_tx {
	struct app *app;
	time_t now;
	char hashes[NDEMO][256];
	int skipped;
};

static long long insert_named(struct db *db, enum stmt_id ins, enum stmt_id find, const char *name,
                              long long region, const char *now)
{
	struct dbres *r = NULL;
	long long id = 0;
	int rc;

	if (DB_EXEC(db, find, &r, DBS(name)) != DB_OK)
		return -1;
	if (r->nrows == 1)
		id = dbres_int(r, 0, 0);
	dbres_free(&r);
	if (id)
		return id;
	if (region)
		rc = DB_EXEC(db, ins, &r, DBI(region), DBS(name), DBS(now));
	else
		rc = DB_EXEC(db, ins, &r, DBS(name), DBS(now));
	if (rc)
		return -1;
	id = (long long)r->insert_id;
	dbres_free(&r);
	return id;
}

static int demo_tx_fn(struct db *db, void *p)
{
	struct demo_tx *t = p;
	long long region, teams[3] = { 0 }, ids[NDEMO] = { 0 };
	struct dbres *r = NULL;
	char now[20];
	size_t i, k;
	int rc;

	if (DB_EXEC(db, ST_USER_ID_BY_NAME, &r, DBS("rep1")) != DB_OK)
		return DB_ERR;
	t->skipped = r->nrows > 0;
	dbres_free(&r);
	if (t->skipped)
		return 0;
	clock_fmt_utc(t->now, now);
	region = insert_named(db, ST_REGION_INSERT, ST_REGION_ID_BY_NAME, "华东区", 0, now);
	if (region < 0)
		return DB_ERR;
	teams[1] = insert_named(db, ST_TEAM_INSERT, ST_TEAM_ID_BY_NAME, "华东一组", region, now);
	teams[2] = insert_named(db, ST_TEAM_INSERT, ST_TEAM_ID_BY_NAME, "华东二组", region, now);
	if (teams[1] < 0 || teams[2] < 0)
		return DB_ERR;
	for (i = 0; i < NDEMO; i++) {
		const struct demo_user *d = &demo_users[i];
		struct new_user u = {
			.username = d->username, .display_name = d->display_name, .role = d->role, .lang = d->lang,
			.password_hash = t->hashes[i], .team_id = teams[d->team], .region_id = d->region ? region : 0,
		};
		for (k = 0; d->manager && k < i; k++)
			if (!strcmp(demo_users[k].username, d->manager))
				u.manager_id = ids[k];
		rc = users_insert(db, t->now, &u, &ids[i]);
		if (rc)
			return rc;
	}
	{
		struct audit_event ev = { 0, "demo.seed", "", 0, "cli", "demo organisation and users" };
		return audit_append(db, t->app->audit_key, t->now, &ev);
	}
}

int demo_seed(struct app *app)
{
	static struct demo_tx t;
	size_t i;
	int rc;

	memset(&t, 0, sizeof t);
	t.app = app;
	t.now = clock_now(app->cfg.clock_offset_file);
	for (i = 0; i < NDEMO; i++)
		if (password_hash(DEMO_PASSWORD, t.hashes[i], sizeof t.hashes[i]) < 0)
			return -1;
	rc = db_tx(app->db, demo_tx_fn, &t);
	if (rc) {
		log_err("demo data: failed (%d)", rc);
		return -1;
	}
	printf(t.skipped ? "demo data already present\n" : "demo data loaded\n");
	return 0;
}
