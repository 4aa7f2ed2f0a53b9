/* Load for the audit log: appends N entries, each in a transaction of its own as a handler does,
 * through the application's own audit_append. Run several at once against a test stack:
 *   audit_writers CONF N TAG      (entries: action "test.load", detail "TAG n=<i>") */
#include <mysql.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "app.h"
#include "audit/audit.h"
#include "util/clock.h"

struct one {
	struct app *app;
	const char *tag;
	long i;
};

static int append_fn(struct db *db, void *p)
{
	struct one *o = p;
	char detail[128];
	struct audit_event ev = { .actor_id = 0, .action = "test.load", .entity = "test", .entity_id = o->i,
	                          .source_ip = "load", .detail = detail };

	snprintf(detail, sizeof detail, "%s n=%ld", o->tag, o->i);
	return audit_append(db, o->app->audit_key, clock_now(o->app->cfg.clock_offset_file), &ev);
}

int main(int argc, char **argv)
{
	struct app app;
	struct one o;
	long n, i;
	int rc = 0;

	if (argc != 4 || (n = strtol(argv[2], NULL, 10)) <= 0) {
		fprintf(stderr, "usage: audit_writers CONF N TAG\n");
		return 2;
	}
	if (mysql_library_init(0, NULL, NULL) || app_open(argv[1], &app) < 0)
		return 1;
	o.app = &app;
	o.tag = argv[3];
	for (i = 0; i < n && rc == 0; i++) {
		o.i = i;
		if (db_tx(app.db, append_fn, &o) != DB_OK) {
			fprintf(stderr, "append %ld failed\n", i);
			rc = 1;
		}
	}
	app_close(&app);
	mysql_library_end();
	return rc;
}
