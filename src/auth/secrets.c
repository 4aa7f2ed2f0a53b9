/* The one path to confidential and restricted values: tier check, AES-GCM, audit. */
#include "auth/secrets.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "app.h"
#include "audit/audit.h"
#include "crypto/fieldcrypt.h"
#include "crypto/keyring.h"
#include "util/log.h"

const struct secret_field secret_fields[SF__COUNT] = {
	[SF_CUSTOMER_BUDGET] = { "customers", "budget_ceiling", TIER_CONFIDENTIAL, ST_SECRET_SET_CUSTOMER_BUDGET,
	                         ST_SECRET_OLD_CUSTOMER_BUDGET, ST_SECRET_COUNT_CUSTOMER_BUDGET,
	                         ST_SECRET_REPLACE_CUSTOMER_BUDGET, ST_KEYS_VERSIONS_CUSTOMER_BUDGET },
	[SF_CUSTOMER_DECISION_NOTES] = { "customers", "decision_notes", TIER_CONFIDENTIAL,
	                                 ST_SECRET_SET_CUSTOMER_NOTES, ST_SECRET_OLD_CUSTOMER_NOTES,
	                                 ST_SECRET_COUNT_CUSTOMER_NOTES, ST_SECRET_REPLACE_CUSTOMER_NOTES,
	                                 ST_KEYS_VERSIONS_CUSTOMER_NOTES },
	[SF_OPP_COST] = { "opportunities", "cost", TIER_RESTRICTED, ST_SECRET_SET_OPP_COST, ST_SECRET_OLD_OPP_COST,
	                  ST_SECRET_COUNT_OPP_COST, ST_SECRET_REPLACE_OPP_COST, ST_KEYS_VERSIONS_OPP_COST },
	[SF_OPP_MARGIN] = { "opportunities", "margin", TIER_RESTRICTED, ST_SECRET_SET_OPP_MARGIN,
	                    ST_SECRET_OLD_OPP_MARGIN, ST_SECRET_COUNT_OPP_MARGIN, ST_SECRET_REPLACE_OPP_MARGIN,
	                    ST_KEYS_VERSIONS_OPP_MARGIN },
	[SF_NEEDS_BUDGET] = { "needs_reports", "budget_range", TIER_CONFIDENTIAL, ST_SECRET_SET_NEEDS_BUDGET,
	                      ST_SECRET_OLD_NEEDS_BUDGET, ST_SECRET_COUNT_NEEDS_BUDGET, ST_SECRET_REPLACE_NEEDS_BUDGET,
	                      ST_KEYS_VERSIONS_NEEDS_BUDGET },
	[SF_PLAN_CONFIDENTIAL] = { "plans", "confidential", TIER_CONFIDENTIAL, ST_SECRET_SET_PLAN_CONF,
	                           ST_SECRET_OLD_PLAN_CONF, ST_SECRET_COUNT_PLAN_CONF, ST_SECRET_REPLACE_PLAN_CONF,
	                           ST_KEYS_VERSIONS_PLAN_CONF },
	[SF_PLAN_RESTRICTED] = { "plans", "restricted", TIER_RESTRICTED, ST_SECRET_SET_PLAN_RESTR,
	                         ST_SECRET_OLD_PLAN_RESTR, ST_SECRET_COUNT_PLAN_RESTR, ST_SECRET_REPLACE_PLAN_RESTR,
	                         ST_KEYS_VERSIONS_PLAN_RESTR },
};

int secret_seal(const struct app *app, enum secret_id f, long long row_id, const char *plain, char **out, unsigned *kv)
{
	const struct secret_field *sf = &secret_fields[f];
	unsigned char *blob = NULL;
	size_t bloblen = 0;
	char *b64;

	*out = NULL;
	if (field_encrypt(app->keyring, sf->table, sf->column, row_id, plain, strlen(plain), &blob, &bloblen) < 0)
		return -1;
	b64 = malloc(4 * ((bloblen + 2) / 3) + 1);
	if (!b64) {
		free(blob);
		return -1;
	}
	EVP_EncodeBlock((unsigned char *)b64, blob, (int)bloblen);
	*kv = (unsigned)field_key_version(blob, bloblen);
	free(blob);
	*out = b64;
	return 0;
}

int secret_store(const struct app *app, struct db *db, enum secret_id f, long long row_id, const char *plain)
{
	char *sealed = NULL;
	unsigned kv = 0;
	int rc;

	if (secret_seal(app, f, row_id, plain, &sealed, &kv) < 0)
		return DB_ERR;
	rc = DB_EXEC(db, secret_fields[f].set_stmt, NULL, DBS(sealed), DBI(kv), DBI(row_id));
	free(sealed);
	return rc;
}

int secret_open(const struct app *app, enum secret_id f, long long row_id, const char *stored, char **plain)
{
	const struct secret_field *sf = &secret_fields[f];
	size_t n = strlen(stored), plen = 0;
	unsigned char *blob;
	int len, pad = 0;

	*plain = NULL;
	if (n == 0 || n % 4 || n > 1u << 20)
		return -1;
	blob = malloc(n / 4 * 3 + 1);
	if (!blob)
		return -1;
	len = EVP_DecodeBlock(blob, (const unsigned char *)stored, (int)n);
	if (len < 0) {
		free(blob);
		return -1;
	}
	/* EVP_DecodeBlock counts padding bytes as data. */
	if (stored[n - 1] == '=')
		pad++;
	if (stored[n - 2] == '=')
		pad++;
	len -= pad;
	if (field_decrypt(app->keyring, sf->table, sf->column, row_id, blob, (size_t)len, plain, &plen) < 0) {
		free(blob);
		return -1;
	}
	free(blob);
	return 0;
}

void secret_release(char **plain)
{
	if (!plain || !*plain)
		return;
	field_plain_free(plain, strlen(*plain));
}

int secret_signal_visible(const struct user *u, enum secret_id f, const struct row_ref *row)
{
	return u && f >= 0 && f < SF__COUNT && tier_can_read(u, row, secret_fields[f].tier);
}

int secret_read(struct req *rq, enum secret_id f, long long row_id, const struct row_ref *row, const char *stored,
                char **plain)
{
	const struct secret_field *sf = &secret_fields[f];

	*plain = NULL;
	if (!rq->logged_in || !tier_can_read(&rq->user, row, sf->tier))
		return SECRET_DENIED;
	if (!stored || !*stored)
		return SECRET_EMPTY;
	if (secret_open(rq->app, f, row_id, stored, plain) < 0) {
		/* Never shown, never guessed at: a swapped or edited value is simply unavailable. */
		log_err("secret %s.%s of row %lld failed authentication", sf->table, sf->column, row_id);
		audit_req_tx(rq, "secret.broken", sf->table, row_id, sf->column);
		return SECRET_BROKEN;
	}
	if (audit_read(rq, sf->table, row_id, sf->column) != DB_OK) {
		secret_release(plain);
		return SECRET_ERR;
	}
	return SECRET_OK;
}

int secret_write(struct db *db, struct req *rq, enum secret_id f, long long row_id, const struct row_ref *row,
                 const char *plain)
{
	const struct secret_field *sf = &secret_fields[f];
	char *sealed = NULL;
	unsigned kv = 0;
	int rc;

	if (!rq->logged_in || !tier_can_write(&rq->user, row, sf->tier))
		return SECRET_DENIED;
	if (!plain || !*plain)
		return DB_EXEC(db, sf->set_stmt, NULL, DBNULL, DBNULL, DBI(row_id)) == DB_OK ? SECRET_OK : SECRET_ERR;
	if (secret_seal(rq->app, f, row_id, plain, &sealed, &kv) < 0)
		return SECRET_ERR;
	rc = DB_EXEC(db, sf->set_stmt, NULL, DBS(sealed), DBI(kv), DBI(row_id));
	free(sealed);
	return rc == DB_OK ? SECRET_OK : rc;
}
