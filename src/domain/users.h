/* Creating users: shared by the admin pages, the command line and the demo loader. */
#ifndef PARLEY_USERS_H
#define PARLEY_USERS_H

#include <time.h>

#include "db/db.h"

struct app;

struct new_user {
	const char *username, *display_name, *role, *lang, *password_hash;
	long long team_id, region_id, manager_id;   /* 0 = none */
};

/* Inserts inside the caller's transaction; region is kept only for directors. */
int users_insert(struct db *db, time_t now, const struct new_user *u, long long *id_out);
/* parley admin create-user --username U --role R --display-name D [--team-id N] [--region-id N]
 * [--manager-id N]; the password is read from stdin. Returns the process exit code. */
int cli_create_user(struct app *app, int argc, char **argv);

#endif
