/* Key rotation: append a key atomically, re-encrypt old values in resumable batches. */
#include "domain/keys.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "app.h"
#include "audit/audit.h"
#include "auth/secrets.h"
#include "crypto/hash.h"
#include "crypto/keyring.h"
#include "crypto/random.h"
#include "util/clock.h"
#include "util/log.h"

#define KEYS_FILE "field.keys"
#define KEYS_FILE_MAX (KEYRING_MAX_KEYS * 96)

/* ------------------------------------------------------------------ the key file */

static int write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Opens and exclusively locks dir/field.keys; retries when the file was replaced while we waited
 * (the lock is on the inode, and a rotation renames a new inode into place). *st gets its stat. */
static int lock_key_file(const char *path, struct stat *st)
{
	int tries;

	for (tries = 0; tries < 10; tries++) {
		struct stat now;
		int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);

		if (fd < 0)
			return -1;
		if (flock(fd, LOCK_EX) < 0 || fstat(fd, st) < 0) {
			close(fd);
			return -1;
		}
		if (stat(path, &now) == 0 && now.st_ino == st->st_ino && now.st_dev == st->st_dev)
			return fd;
		close(fd);
	}
	errno = EAGAIN;
	return -1;
}

int keys_append(const char *dir, unsigned *version)
{
	char path[PATH_MAX], tmp[PATH_MAX], hex[2 * KEYRING_KEY_LEN + 1], line[16 + 2 * KEYRING_KEY_LEN];
	unsigned char key[KEYRING_KEY_LEN];
	struct keyring *kr = NULL;
	struct stat st;
	char *text = NULL, *next = NULL;
	size_t len = 0, nlen = 0;
	int lockfd = -1, fd = -1, rc = -1, created = 0, dfd, n;
	unsigned v;

	*version = 0;
	if (snprintf(path, sizeof path, "%s/%s", dir, KEYS_FILE) >= (int)sizeof path ||
	    snprintf(tmp, sizeof tmp, "%s/.%s.%ld.tmp", dir, KEYS_FILE, (long)getpid()) >= (int)sizeof tmp) {
		log_err("keys: path too long");
		return -1;
	}
	lockfd = lock_key_file(path, &st);
	if (lockfd < 0) {
		log_err("keys: cannot open and lock %s: %s", path, strerror(errno));
		goto out;
	}
	if (read_secret_file(path, KEYS_FILE_MAX, &text, &len) < 0) {
		log_err("keys: cannot read %s (%s)", path, strerror(errno));
		goto out;
	}
	if (keyring_parse(text, len, &kr) < 0) {
		log_err("keys: %s is malformed; nothing changed", path);
		goto out;
	}
	v = keyring_current(kr) + 1;
	if (v > 65535 || keyring_count(kr) >= KEYRING_MAX_KEYS) {
		log_err("keys: the key ring is full (version %u, %zu keys)", v - 1, keyring_count(kr));
		goto out;
	}
	keyring_free(&kr);

	if (rand_bytes(key, sizeof key) < 0) {
		log_err("keys: no random bytes");
		goto out;
	}
	hex_encode(key, sizeof key, hex);
	n = snprintf(line, sizeof line, "%u %s\n", v, hex);
	if (n < 0 || (size_t)n >= sizeof line) {
		goto out;
	}
	nlen = len + 1 + (size_t)n;
	next = malloc(nlen + 1);
	if (!next) {
		goto out;
	}
	memcpy(next, text, len);
	nlen = len;
	if (len && text[len - 1] != '\n')
		next[nlen++] = '\n';
	memcpy(next + nlen, line, (size_t)n);
	nlen += (size_t)n;
	next[nlen] = '\0';
	/* The new text must load, and make the new key current, before it replaces the old one. */
	if (keyring_parse(next, nlen, &kr) < 0 || keyring_current(kr) != v) {
		log_err("keys: the new key ring does not parse; nothing changed");
		goto out;
	}
	keyring_free(&kr);

	unlink(tmp);   /* a leftover of a crashed run with our pid; we hold the lock */
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY, 0600);
	if (fd < 0) {
		log_err("keys: cannot create %s: %s", tmp, strerror(errno));
		goto out;
	}
	created = 1;
	/* Same owner as the file it replaces (the service user must still read it), never wider than 0600. */
	if (fchmod(fd, 0600) < 0 ||
	    ((st.st_uid != geteuid() || st.st_gid != getegid()) && fchown(fd, st.st_uid, st.st_gid) < 0)) {
		log_err("keys: cannot set mode/owner of %s: %s", tmp, strerror(errno));
		goto out;
	}
	if (write_all(fd, next, nlen) < 0 || fsync(fd) < 0) {
		log_err("keys: cannot write %s: %s", tmp, strerror(errno));
		goto out;
	}
	if (close(fd) < 0) {
		fd = -1;
		log_err("keys: cannot write %s: %s", tmp, strerror(errno));
		goto out;
	}
	fd = -1;
	if (rename(tmp, path) < 0) {
		log_err("keys: cannot replace %s: %s", path, strerror(errno));
		goto out;
	}
	created = 0;
	/* The rename itself must survive a crash. */
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		if (fsync(dfd) < 0)
			log_warn("keys: fsync %s: %s", dir, strerror(errno));
		close(dfd);
	}
	*version = v;
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	if (created)
		unlink(tmp);
	if (lockfd >= 0)
		close(lockfd);   /* releases the lock */
	keyring_free(&kr);
	if (text)
		secret_free(&text, len);
	if (next)
		secret_free(&next, nlen);
	OPENSSL_cleanse(key, sizeof key);
	OPENSSL_cleanse(hex, sizeof hex);
	OPENSSL_cleanse(line, sizeof line);
	return rc;
}

static int reload_ring(struct app *app)
{
	char path[PATH_MAX];
	struct keyring *kr = NULL;

	snprintf(path, sizeof path, "%s/%s", app->cfg.secrets_dir, KEYS_FILE);
	if (keyring_load(path, &kr) < 0) {
		log_err("keys: cannot reload %s", path);
		return -1;
	}
	keyring_free(&app->keyring);
	app->keyring = kr;
	return 0;
}

/* ------------------------------------------------------------------ re-encryption */

struct batch {
	struct app *app;
	enum secret_id f;
	unsigned current;
	long long after;            /* last id handled by the previous batch */
	/* results of this batch; reset on every (re)try of the transaction */
	long long last;
	size_t rows, done, changed, nfailed;
	long long failed_ids[KEYS_BATCH];
};

static int batch_fn(struct db *db, void *p)
{
	struct batch *b = p;
	const struct secret_field *sf = &secret_fields[b->f];
	struct dbres *r = NULL;
	size_t i;
	int rc;

	b->last = b->after;
	b->rows = b->done = b->changed = b->nfailed = 0;
	rc = db_exec(db, ST_KEYS_TX_SERIALIZABLE, NULL, 0, NULL);
	if (rc != DB_OK)
		return rc;
	rc = DB_EXEC(db, sf->old_batch_stmt, &r, DBI(b->current), DBI(b->after), DBI(KEYS_BATCH));
	if (rc != DB_OK)
		return rc;
	b->rows = r->nrows;
	for (i = 0; i < r->nrows; i++) {
		long long id = dbres_int(r, i, 0), oldkv = dbres_int(r, i, 2);
		const char *stored = dbres_get(r, i, 1);
		struct dbres *u = NULL;
		char *plain = NULL, *sealed = NULL;
		unsigned kv = 0;

		b->last = id;
		if (!stored || secret_open(b->app, b->f, id, stored, &plain) < 0) {
			b->failed_ids[b->nfailed++] = id;
			continue;
		}
		rc = secret_seal(b->app, b->f, id, plain, &sealed, &kv);
		secret_release(&plain);
		if (rc < 0) {
			rc = DB_ERR;
			break;
		}
		rc = DB_EXEC(db, sf->replace_stmt, &u, DBS(sealed), DBI(kv), DBI(id), DBI(oldkv));
		free(sealed);
		if (rc != DB_OK)
			break;
		if (u->affected == 1)
			b->done++;
		else
			b->changed++;
		dbres_free(&u);
	}
	dbres_free(&r);
	return rc;
}

static int count_old(struct db *db, enum secret_id f, unsigned current, unsigned long long *n)
{
	struct dbres *r = NULL;
	int rc = DB_EXEC(db, secret_fields[f].count_old_stmt, &r, DBI(current));

	if (rc != DB_OK)
		return rc;
	*n = (unsigned long long)dbres_int(r, 0, 0);
	dbres_free(&r);
	return DB_OK;
}

int keys_reencrypt(struct app *app, FILE *out, struct keys_result *res)
{
	static struct batch b;   /* large: keep it off the stack */
	unsigned current = keyring_current(app->keyring);
	int f, rc;

	memset(res, 0, sizeof *res);
	for (f = 0; f < SF__COUNT; f++) {
		const struct secret_field *sf = &secret_fields[f];
		unsigned long long done = 0, failed = 0, changed = 0, left = 0;
		size_t i;

		memset(&b, 0, sizeof b);
		b.app = app;
		b.f = (enum secret_id)f;
		b.current = current;
		for (;;) {
			rc = db_tx(app->db, batch_fn, &b);
			if (rc != DB_OK) {
				log_err("keys: %s.%s: database error %d after id %lld; run 'parley keys resume'", sf->table,
				        sf->column, rc, b.after);
				return -1;
			}
			for (i = 0; i < b.nfailed; i++)
				log_err("keys: %s.%s of row %lld does not decrypt (tampered, or its key is missing); "
				        "left as it is", sf->table, sf->column, b.failed_ids[i]);
			done += b.done;
			failed += b.nfailed;
			changed += b.changed;
			if (b.rows < KEYS_BATCH)
				break;
			b.after = b.last;
		}
		rc = count_old(app->db, (enum secret_id)f, current, &left);
		if (rc != DB_OK) {
			log_err("keys: %s.%s: cannot count old values (%d)", sf->table, sf->column, rc);
			return -1;
		}
		fprintf(out, "%s.%s: re-encrypted %llu, failed %llu, changed meanwhile %llu; on old keys now: %llu\n",
		        sf->table, sf->column, done, failed, changed, left);
		res->reencrypted += done;
		res->failed += failed;
		res->changed += changed;
		res->remaining += left;
	}
	return res->failed || res->remaining ? 1 : 0;
}

/* ------------------------------------------------------------------ status */

int keys_status(struct app *app, FILE *out)
{
	unsigned current = keyring_current(app->keyring);
	int f;

	fprintf(out, "key ring: %zu key(s), current version %u\n", keyring_count(app->keyring), current);
	for (f = 0; f < SF__COUNT; f++) {
		const struct secret_field *sf = &secret_fields[f];
		unsigned long long old = 0;
		struct dbres *r = NULL;
		size_t i;

		if (db_exec(app->db, secret_fields[f].versions_stmt, NULL, 0, &r) != DB_OK)
			return -1;
		fprintf(out, "%s.%s:", sf->table, sf->column);
		if (r->nrows == 0)
			fprintf(out, " no values");
		for (i = 0; i < r->nrows; i++) {
			long long v = dbres_int(r, i, 0), n = dbres_int(r, i, 1);
			fprintf(out, " v%lld=%lld", v, n);
			if ((unsigned long long)v < current)
				old += (unsigned long long)n;
			if (!keyring_key(app->keyring, (unsigned)v))
				fprintf(out, "(key missing!)");
		}
		fprintf(out, "; on old keys: %llu\n", old);
		dbres_free(&r);
	}
	return 0;
}

/* ------------------------------------------------------------------ command line */

struct audit_ctx {
	struct app *app;
	const char *action;
	long long version;
	const char *detail;
};

static int audit_fn(struct db *db, void *p)
{
	struct audit_ctx *c = p;
	struct audit_event ev = { 0, c->action, "keyring", c->version, "cli", c->detail };

	return audit_append(db, c->app->audit_key, clock_now(c->app->cfg.clock_offset_file), &ev);
}

static int audit_cli(struct app *app, const char *action, unsigned version, const char *detail)
{
	struct audit_ctx c = { app, action, (long long)version, detail };
	int rc = db_tx(app->db, audit_fn, &c);

	if (rc != DB_OK)
		log_err("keys: cannot write the audit entry %s (%d)", action, rc);
	return rc;
}

static int reencrypt_and_report(struct app *app, const char *verb)
{
	struct keys_result res;
	unsigned current = keyring_current(app->keyring);
	char detail[200];
	int rc = keys_reencrypt(app, stdout, &res);

	if (rc < 0)
		return 1;
	snprintf(detail, sizeof detail, "%s to key version %u: re-encrypted %llu, failed %llu, on old keys %llu", verb,
	         current, res.reencrypted, res.failed, res.remaining);
	if (audit_cli(app, "keys.reencrypt", current, detail) != DB_OK)
		return 1;
	if (rc == 0) {
		printf("all values are on key version %u\n", current);
		return 0;
	}
	if (res.failed)
		printf("%llu value(s) failed to decrypt and were left as they are (see the log above)\n", res.failed);
	if (res.remaining)
		printf("%llu value(s) remain on old keys; once the cause is fixed (workers restarted, values "
		       "repaired), run 'parley keys resume'\n", res.remaining);
	return 1;
}

static int cmd_rotate(struct app *app)
{
	unsigned version = 0;
	char detail[100];

	/* Refuse before touching the key file when the database is not there. */
	if (db_ping(app->db) != DB_OK) {
		log_err("keys: the database is not reachable; nothing changed");
		return 1;
	}
	if (keys_append(app->cfg.secrets_dir, &version) < 0)
		return 1;
	printf("added key version %u to %s/%s\n", version, app->cfg.secrets_dir, KEYS_FILE);
	if (reload_ring(app) < 0)
		return 1;
	if (keyring_current(app->keyring) != version) {
		log_err("keys: the reloaded ring's current version is %u, expected %u", keyring_current(app->keyring),
		        version);
		return 1;
	}
	snprintf(detail, sizeof detail, "key version %u added", version);
	if (audit_cli(app, "keys.rotate", version, detail) != DB_OK)
		return 1;
	return reencrypt_and_report(app, "rotation");
}

int keys_cli(struct app *app, int argc, char **argv)
{
	if (argc == 1 && !strcmp(argv[0], "rotate"))
		return cmd_rotate(app);
	if (argc == 1 && !strcmp(argv[0], "resume"))
		return reencrypt_and_report(app, "resume");
	if (argc == 1 && !strcmp(argv[0], "status"))
		return keys_status(app, stdout) == 0 ? 0 : 1;
	fprintf(stderr, "usage: parley -c CONF keys rotate|resume|status\n");
	return 2;
}
