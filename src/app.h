/* Per-process application state: configuration, keys and the database connection.
 * Nothing here belongs to a request; request state lives in struct req / struct resp. */
#ifndef PARLEY_APP_H
#define PARLEY_APP_H

#include "db/db.h"
#include "util/config.h"

struct keyring;
struct req;
struct view_cache;
struct audit_reads;

struct app {
	struct config cfg;
	struct db *db;
	unsigned char session_key[32];  /* CSRF token HMAC key */
	unsigned char audit_key[32];    /* audit chain HMAC key */
	struct keyring *keyring;        /* field encryption keys */
	/* field.keys as loaded (mtime, inode, size): a rotation is picked up without a restart */
	long long keyring_mtime_ns, keyring_ino, keyring_size;
	struct view_cache *views;       /* parsed language files */
	/* Set by the page layer at start-up: puts the layout's figures (Nav.*) on a page about to be
	 * rendered, so that the view renders what it is given and never queries. NULL: none. */
	void (*layout_figures)(struct req *rq);
	struct audit_reads *reads;      /* reads of confidential values counted since the last flush */
};

int app_open(const char *conf_path, struct app *app);
void app_close(struct app *app);
/* Reloads the key ring when field.keys changed (after `parley keys rotate`); keeps the old ring on error. */
void app_refresh_keys(struct app *app);

#endif
