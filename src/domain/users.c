/* User creation, one code path for every caller. */
#include "domain/users.h"

#include <stdio.h>
#include <string.h>

#include "app.h"
#include "audit/audit.h"
#include "auth/caps.h"
#include "auth/password.h"
#include "domain/org.h"
#include "http/form.h"
#include "util/clock.h"

int users_insert(struct db *db, time_t now, const struct new_user *u, long long *id_out)
{
	struct dbres *r = NULL;
	char ts[20];
	int rc;

	clock_fmt_utc(now, ts);
	rc = DB_EXEC(db, ST_USER_INSERT, &r, DBS(u->username), DBS(u->display_name), DBS(u->role),
	             DBID(u->team_id), role_parse(u->role) == ROLE_DIRECTOR ? DBID(u->region_id) : DBNULL,
	             DBID(u->manager_id), DBS(u->lang ? u->lang : "zh-CN"), DBS(u->password_hash), DBS(ts), DBS(ts));
	if (rc)
		return rc;
	if (id_out)
		*id_out = (long long)r->insert_id;
	dbres_free(&r);
	return DB_OK;
}

struct cli_tx {
	struct app *app;
	const struct new_user *u;
	long long id;
};

static int cli_tx_fn(struct db *db, void *p)
{
	struct cli_tx *t = p;
	time_t now = clock_now(t->app->cfg.clock_offset_file);
	struct audit_event ev = { 0, "user.create", "user", 0, "cli", t->u->role };
	int rc = users_insert(db, now, t->u, &t->id);

	if (rc)
		return rc;
	ev.entity_id = t->id;
	return audit_append(db, t->app->audit_key, now, &ev);
}

int cli_create_user(struct app *app, int argc, char **argv)
{
	struct new_user u = { .lang = "zh-CN" };
	struct cli_tx t = { app, &u, 0 };
	char pw[1100], hash[256];
	long long *idp;
	int i, rc;

	for (i = 0; i + 1 < argc; i += 2) {
		idp = NULL;
		if (!strcmp(argv[i], "--username"))
			u.username = argv[i + 1];
		else if (!strcmp(argv[i], "--role"))
			u.role = argv[i + 1];
		else if (!strcmp(argv[i], "--display-name"))
			u.display_name = argv[i + 1];
		else if (!strcmp(argv[i], "--lang"))
			u.lang = argv[i + 1];
		else if (!strcmp(argv[i], "--team-id"))
			idp = &u.team_id;
		else if (!strcmp(argv[i], "--region-id"))
			idp = &u.region_id;
		else if (!strcmp(argv[i], "--manager-id"))
			idp = &u.manager_id;
		else
			break;
		if (idp && parse_id(argv[i + 1], strlen(argv[i + 1]), idp) < 0) {
			fprintf(stderr, "%s: not a valid id\n", argv[i]);
			return 2;
		}
	}
	if (i != argc || !u.username || !u.role || !u.display_name || role_parse(u.role) == ROLE_NONE) {
		fprintf(stderr, "usage: parley -c CONF admin create-user --username U --role ROLE --display-name NAME "
		                "[--team-id N] [--region-id N] [--manager-id N] [--lang zh-CN|en] < password\n");
		return 2;
	}
	if (!fgets(pw, sizeof pw, stdin)) {
		fprintf(stderr, "expected the password on standard input\n");
		return 2;
	}
	pw[strcspn(pw, "\r\n")] = '\0';
	if (password_policy_check(pw) != 0) {
		fprintf(stderr, "password refused: at least 12 characters, at most 256 bytes, valid UTF-8\n");
		return 2;
	}
	rc = password_hash(pw, hash, sizeof hash);
	memset(pw, 0, sizeof pw);
	if (rc < 0)
		return 1;
	u.password_hash = hash;
	rc = db_tx(app->db, cli_tx_fn, &t);
	if (rc == DB_DUPLICATE) {
		fprintf(stderr, "user %s exists already\n", u.username);
		return 1;
	}
	if (rc) {
		fprintf(stderr, "could not create the user (see the log)\n");
		return 1;
	}
	printf("created user %s (id %lld)\n", u.username, t.id);
	return 0;
}
