/* Field-key rotation (parley keys rotate | resume | status).
 *
 * rotate: appends a new AES-256 key to secrets_dir/field.keys (version = highest + 1; the file is
 *         replaced atomically, mode 0600, owner kept), reloads the ring, then re-encrypts every
 *         secret_fields[] value stored under an older version, in batches of KEYS_BATCH, each in
 *         its own transaction. Old keys stay in the file, so values not yet re-encrypted (and
 *         workers that have not reloaded the ring) keep working.
 * resume: the re-encryption alone, with the current key (after an interrupted rotation).
 * status: per field, the number of values under each key version.
 * Never prints or audits key material or values. */
#ifndef PARLEY_KEYS_H
#define PARLEY_KEYS_H

#include <stdio.h>

struct app;

#define KEYS_BATCH 500

struct keys_result {
	unsigned long long reencrypted; /* values now under the current key */
	unsigned long long failed;      /* values that failed to decrypt (tampered or unknown key): left as they are */
	unsigned long long changed;     /* rewritten by someone else between read and write: nothing to do */
	unsigned long long remaining;   /* values still under an older key at the end (must be 0) */
};

/* Appends a fresh random key to dir/field.keys under an exclusive lock; *version gets its version.
 * 0 / -1 (a message is logged). */
int keys_append(const char *dir, unsigned *version);

/* Re-encrypts every value under a key older than the app's current one; per-field lines on out.
 * 0 when nothing failed and nothing remains on old keys, 1 when something did, -1 on a database
 * error. */
int keys_reencrypt(struct app *app, FILE *out, struct keys_result *res);

/* Values per key version, per field, on out. 0 / -1. */
int keys_status(struct app *app, FILE *out);

/* parley keys rotate|resume|status; argv[0] is the subcommand. Returns the process exit code. */
int keys_cli(struct app *app, int argc, char **argv);

#endif
