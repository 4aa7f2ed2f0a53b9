/* The database layer: one connection per worker, named prepared statements only
 * (see stmts.def), transactions with retry on deadlock, reconnect on a lost server. */
#ifndef PARLEY_DB_H
#define PARLEY_DB_H
#include <stddef.h>
#include <string.h>

#include "util/config.h"

enum stmt_id {
#define STMT(name, sql) name,
#include "db/stmts.def"
#undef STMT
	ST__COUNT
};

enum db_err {
	DB_OK = 0,
	DB_ERR = -1,        /* anything else: logged, the request fails with 500 */
	DB_DOWN = -2,       /* server unreachable: 503 */
	DB_DUPLICATE = -3,  /* unique key violated */
	DB_RETRY = -4,      /* deadlock / lock wait / certification failure: the transaction is retried */
	DB_CONSTRAINT = -5, /* CHECK / foreign key / trigger refused the change */
};

enum dbp_type { DBP_NULL, DBP_INT, DBP_STR };
struct dbp {
	enum dbp_type t;
	long long i;
	const char *s;
	size_t len;
};
#define DBI(x) ((struct dbp){ .t = DBP_INT, .i = (long long)(x) })
static inline struct dbp dbp_str(const char *s)
{
	struct dbp p = { .t = s ? DBP_STR : DBP_NULL, .s = s, .len = s ? strlen(s) : 0 };
	return p;
}
#define DBS(x) dbp_str(x)
#define DBSN(x, n) ((struct dbp){ .t = DBP_STR, .s = (x), .len = (n) })
#define DBNULL ((struct dbp){ .t = DBP_NULL })
/* An id column where 0 means "none". */
#define DBID(x) ((x) > 0 ? DBI(x) : DBNULL)

/* A result set, fetched whole; every cell is a string (NULL for SQL NULL). */
struct dbres {
	size_t nrows, ncols;
	char **cells;
	unsigned long long affected;
	unsigned long long insert_id;
};

struct db;

int db_open(const struct config *cfg, struct db **out);
void db_close(struct db **db);
/* Drop the connection (after fork, or when the server went away) so the next call reconnects. */
void db_disconnect(struct db *db);
int db_ping(struct db *db);

/* Runs statement id with np parameters. res may be NULL for statements without a result set.
 * Returns DB_OK or a db_err. */
int db_exec(struct db *db, enum stmt_id id, const struct dbp *params, size_t np, struct dbres **res);
#define DB_EXEC(db, id, res, ...) \
	db_exec((db), (id), (const struct dbp[]){ __VA_ARGS__ }, \
	        sizeof((const struct dbp[]){ __VA_ARGS__ }) / sizeof(struct dbp), (res))

const char *dbres_get(const struct dbres *r, size_t row, size_t col);
/* The cell, or "" for SQL NULL (and out of range): for text that is shown or compared as is. */
const char *dbres_str(const struct dbres *r, size_t row, size_t col);
long long dbres_int(const struct dbres *r, size_t row, size_t col);
void dbres_free(struct dbres **r);

/* Runs fn inside BEGIN/COMMIT; on DB_RETRY from any statement the whole transaction is
 * rolled back and run again (up to 5 times). fn returns 0 to commit or anything else to roll back
 * (that value is returned). */
typedef int (*db_tx_fn)(struct db *db, void *ctx);
int db_tx(struct db *db, db_tx_fn fn, void *ctx);
/* The same loop over another server's begin/commit/rollback (db_tx uses the connection's). begin and
 * commit return DB_OK or a db_err (DB_RETRY to run the transaction again). */
struct db_tx_ops {
	int (*begin)(struct db *db);
	int (*commit)(struct db *db);
	void (*rollback)(struct db *db);
	void (*end)(struct db *db);   /* after commit or rollback; may be NULL */
};
/* ops NULL: the connection's. */
int db_tx_run(struct db *db, const struct db_tx_ops *ops, db_tx_fn fn, void *ctx);

#endif
