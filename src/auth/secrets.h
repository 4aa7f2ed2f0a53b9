/* Confidential and restricted values: declared once here with their tier, stored encrypted
 * (AES-256-GCM, AAD = table, column, row id, key version; base64 in *_enc, key version in *_kv),
 * read and written only through these functions, which check the tier, and audit every read. */
#ifndef PARLEY_SECRETS_H
#define PARLEY_SECRETS_H

#include "auth/visibility.h"
#include "db/db.h"
#include "http/http.h"

enum secret_id {
	SF_CUSTOMER_BUDGET,          /* customers.budget_ceiling: "CNY 12345600" (currency, minor units) */
	SF_CUSTOMER_DECISION_NOTES,  /* customers.decision_notes: free text */
	SF_OPP_COST,                 /* opportunities.cost: minor units */
	SF_OPP_MARGIN,               /* opportunities.margin: basis points */
	SF_NEEDS_BUDGET,             /* needs_reports.budget_range: "CUR min max" (minor units) */
	SF_PLAN_CONFIDENTIAL,        /* plans.confidential: BATNA, bottom lines (see src/domain/plan.h) */
	SF_PLAN_RESTRICTED,          /* plans.restricted: minimum margin, walk-away margin */
	SF__COUNT
};

struct secret_field {
	const char *table, *column;
	enum tier tier;
	enum stmt_id set_stmt;       /* UPDATE t SET col_enc = ?, col_kv = ? WHERE id = ? */
	enum stmt_id old_batch_stmt; /* SELECT id, col_enc FROM t WHERE col_kv < ? AND id > ? ORDER BY id LIMIT ? */
	enum stmt_id count_old_stmt; /* SELECT COUNT(*) FROM t WHERE col_kv < ? */
	enum stmt_id replace_stmt;   /* UPDATE t SET col_enc = ?, col_kv = ? WHERE id = ? AND col_kv = ? */
	enum stmt_id versions_stmt;  /* SELECT col_kv, COUNT(*) … GROUP BY col_kv */
};

extern const struct secret_field secret_fields[SF__COUNT];

enum secret_rc {
	SECRET_ERR = -1,
	SECRET_OK = 0,
	SECRET_EMPTY,    /* no value stored */
	SECRET_DENIED,   /* the user may not read/write it: the field must be absent from the page */
	SECRET_BROKEN,   /* stored value failed authentication: show "unavailable", it was logged */
};

/* Anything derived from field f of the row — a breach flag computed against it, a count of such flags,
 * that a limit was crossed at all — is as secret as f: shown only to readers of f (docs/roles.md). Every
 * page, print view, list and export asks here before showing such a signal. */
int secret_signal_visible(const struct user *u, enum secret_id f, const struct row_ref *row);

/* stored is the *_enc cell as fetched (may be NULL). On SECRET_OK *plain is malloc'd;
 * release with secret_release(). Every SECRET_OK read is written to the audit log. */
int secret_read(struct req *rq, enum secret_id f, long long row_id, const struct row_ref *row, const char *stored,
                char **plain);
void secret_release(char **plain);
/* Inside the caller's transaction. plain NULL or "" clears the value. Checks tier_can_write. */
int secret_write(struct db *db, struct req *rq, enum secret_id f, long long row_id, const struct row_ref *row,
                 const char *plain);
/* Without a request (CLI, demo data, rotation): encrypt plain for (f, row_id) with the current key.
 * *out is malloc'd base64 text; *kv the key version. */
int secret_seal(const struct app *app, enum secret_id f, long long row_id, const char *plain, char **out, unsigned *kv);
/* Without a request, inside the caller's transaction: seal plain for (f, row_id) and store it
 * (demo data, the scale generator). No tier check: only for trusted command-line tools. */
int secret_store(const struct app *app, struct db *db, enum secret_id f, long long row_id, const char *plain);
/* Decrypt stored base64 text for (f, row_id); 0 ok (*plain malloc'd), -1 tampered/unknown key. */
int secret_open(const struct app *app, enum secret_id f, long long row_id, const char *stored, char **plain);

#endif
