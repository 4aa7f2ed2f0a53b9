/* Loads configuration and the secrets generated at set-up (var/secrets, mode 0600). */
#include "app.h"

#include <stdio.h>
#include <sys/stat.h>
#include <string.h>

#include <openssl/crypto.h>

#include "audit/audit.h"
#include "crypto/hash.h"
#include "crypto/keyring.h"
#include "util/log.h"
#include "view/view.h"

static int load_key(const char *dir, const char *name, unsigned char key[32])
{
	char path[1024];

	snprintf(path, sizeof path, "%s/%s", dir, name);
	if (read_hex_key_file(path, key, 32) < 0) {
		log_err("cannot load key %s (missing, malformed, or readable by group/others)", path);
		return -1;
	}
	return 0;
}

int app_open(const char *conf_path, struct app *app)
{
	char path[1024];

	memset(app, 0, sizeof *app);
	if (config_load(conf_path, &app->cfg) < 0)
		return -1;
	if (load_key(app->cfg.secrets_dir, "session.key", app->session_key) < 0 ||
	    load_key(app->cfg.secrets_dir, "audit.key", app->audit_key) < 0)
		goto fail;
	app_refresh_keys(app);
	if (!app->keyring) {
		snprintf(path, sizeof path, "%s/field.keys", app->cfg.secrets_dir);
		log_err("cannot load key ring %s", path);
		goto fail;
	}
	if (view_cache_open(app->cfg.templates_dir, &app->views) < 0)
		goto fail;
	if (db_open(&app->cfg, &app->db) != DB_OK)
		goto fail;
	return 0;
fail:
	app_close(app);
	return -1;
}

void app_refresh_keys(struct app *app)
{
	char path[1024];
	struct keyring *kr = NULL;
	struct stat st;
	long long mtime;

	snprintf(path, sizeof path, "%s/field.keys", app->cfg.secrets_dir);
	if (stat(path, &st) < 0)
		return;
	mtime = (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec;
	/* Rotation renames a new file into place, so the inode changes even where mtime is coarse. */
	if (app->keyring && mtime == app->keyring_mtime_ns && (long long)st.st_ino == app->keyring_ino &&
	    (long long)st.st_size == app->keyring_size)
		return;
	if (keyring_load(path, &kr) < 0) {
		log_err("key ring %s changed but cannot be loaded; keeping the old one", path);
		app->keyring_mtime_ns = mtime;
		app->keyring_ino = (long long)st.st_ino;
		app->keyring_size = (long long)st.st_size;
		return;
	}
	keyring_free(&app->keyring);
	app->keyring = kr;
	app->keyring_mtime_ns = mtime;
	app->keyring_ino = (long long)st.st_ino;
	app->keyring_size = (long long)st.st_size;
}

void app_close(struct app *app)
{
	db_close(&app->db);
	keyring_free(&app->keyring);
	view_cache_close(&app->views);
	audit_reads_free(app);
	OPENSSL_cleanse(app->session_key, sizeof app->session_key);
	OPENSSL_cleanse(app->audit_key, sizeof app->audit_key);
	config_free(&app->cfg);
}
