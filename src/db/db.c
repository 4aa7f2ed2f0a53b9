/* MariaDB Connector/C wrapper: lazily prepared named statements, results fetched whole as
 * strings, transactions retried on deadlock/certification failure, reconnect + re-prepare
 * when the server went away (we never rely on MYSQL_OPT_RECONNECT). */
#include "db/db.h"

#include <errno.h>
#include <mysql.h>
#include <mysqld_error.h>
#include <errmsg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/log.h"

static const char *const stmt_sql[ST__COUNT] = {
#define STMT(name, sql) [name] = sql,
#include "db/stmts.def"
#undef STMT
};
static const char *const stmt_name[ST__COUNT] = {
#define STMT(name, sql) [name] = #name,
#include "db/stmts.def"
#undef STMT
};

struct db {
	MYSQL *conn;
	MYSQL_STMT *stmts[ST__COUNT];
	const struct config *cfg;
	char *password;
	int in_tx;
};

static char *read_password(const char *path)
{
	FILE *f;
	char line[256];
	char *pw = NULL;

	if (!path)
		return strdup("");
	f = fopen(path, "r");
	if (!f) {
		log_err("db password file %s: %s", path, strerror(errno));
		return NULL;
	}
	if (fgets(line, sizeof line, f)) {
		line[strcspn(line, "\r\n")] = '\0';
		pw = strdup(line);
	}
	fclose(f);
	memset(line, 0, sizeof line);
	return pw;
}

void db_disconnect(struct db *db)
{
	size_t i;

	if (!db)
		return;
	for (i = 0; i < ST__COUNT; i++) {
		if (db->stmts[i])
			mysql_stmt_close(db->stmts[i]);
		db->stmts[i] = NULL;
	}
	if (db->conn)
		mysql_close(db->conn);
	db->conn = NULL;
	db->in_tx = 0;
}

static int db_connect(struct db *db)
{
	unsigned int timeout = 5;
	/* UTC everywhere; strict mode so bad data is refused rather than truncated. */
	static const char init_cmd[] =
		"SET time_zone = '+00:00', sql_mode = 'STRICT_ALL_TABLES,NO_ZERO_DATE,NO_ZERO_IN_DATE,"
		"ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION'";

	if (db->conn)
		return DB_OK;
	db->conn = mysql_init(NULL);
	if (!db->conn)
		return DB_ERR;
	mysql_options(db->conn, MYSQL_SET_CHARSET_NAME, "utf8mb4");
	mysql_options(db->conn, MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
	timeout = 30;
	mysql_options(db->conn, MYSQL_OPT_READ_TIMEOUT, &timeout);
	mysql_options(db->conn, MYSQL_OPT_WRITE_TIMEOUT, &timeout);
	mysql_options(db->conn, MYSQL_INIT_COMMAND, init_cmd);
	if (!mysql_real_connect(db->conn, NULL, db->cfg->db_user, db->password, db->cfg->db_name, 0,
	                        db->cfg->db_socket, 0)) {
		log_err("db connect: %s", mysql_error(db->conn));
		mysql_close(db->conn);
		db->conn = NULL;
		return DB_DOWN;
	}
	return DB_OK;
}

int db_open(const struct config *cfg, struct db **out)
{
	struct db *db = calloc(1, sizeof *db);

	*out = NULL;
	if (!db)
		return DB_ERR;
	db->cfg = cfg;
	db->password = read_password(cfg->db_password_file);
	if (!db->password) {
		free(db);
		return DB_ERR;
	}
	*out = db;
	return DB_OK;
}

void db_close(struct db **dbp)
{
	struct db *db;

	if (!dbp || !*dbp)
		return;
	db = *dbp;
	db_disconnect(db);
	if (db->password) {
		memset(db->password, 0, strlen(db->password));
		free(db->password);
	}
	free(db);
	*dbp = NULL;
}

static int classify(unsigned int err)
{
	switch (err) {
	case CR_SERVER_GONE_ERROR:
	case CR_SERVER_LOST:
	case CR_CONNECTION_ERROR:
	case CR_COMMANDS_OUT_OF_SYNC:
	case CR_CONN_HOST_ERROR:
	case ER_CONNECTION_KILLED:
		return DB_DOWN;
	case ER_DUP_ENTRY:
		return DB_DUPLICATE;
	case ER_LOCK_DEADLOCK:
	case ER_LOCK_WAIT_TIMEOUT:
	case ER_QUERY_INTERRUPTED:
		return DB_RETRY;
	case ER_NO_REFERENCED_ROW_2:
	case ER_ROW_IS_REFERENCED_2:
	case ER_SIGNAL_EXCEPTION:
	case 4025: /* ER_CONSTRAINT_FAILED (CHECK) */
		return DB_CONSTRAINT;
	default:
		return DB_ERR;
	}
}

static void free_cells(char **cells, size_t n)
{
	size_t i;

	if (!cells)
		return;
	for (i = 0; i < n; i++)
		free(cells[i]);
	free(cells);
}

static int fetch_all(MYSQL_STMT *st, MYSQL_RES *meta, struct dbres *r)
{
	MYSQL_FIELD *fields = mysql_fetch_fields(meta);
	size_t ncols = mysql_num_fields(meta), c, cap = 0;
	MYSQL_BIND *binds = NULL;
	unsigned long *lens = NULL;
	my_bool *nulls = NULL;
	char **bufs = NULL;
	int rc = DB_ERR, frc;

	if (mysql_stmt_store_result(st)) {
		log_err("db fetch: %s", mysql_stmt_error(st));
		return classify(mysql_stmt_errno(st));
	}
	binds = calloc(ncols, sizeof *binds);
	lens = calloc(ncols, sizeof *lens);
	nulls = calloc(ncols, sizeof *nulls);
	bufs = calloc(ncols, sizeof *bufs);
	if (!binds || !lens || !nulls || !bufs)
		goto out;
	for (c = 0; c < ncols; c++) {
		size_t sz = fields[c].max_length > 64 ? fields[c].max_length + 1 : 65;
		bufs[c] = malloc(sz);
		if (!bufs[c])
			goto out;
		binds[c].buffer_type = MYSQL_TYPE_STRING;
		binds[c].buffer = bufs[c];
		binds[c].buffer_length = sz;
		binds[c].length = &lens[c];
		binds[c].is_null = &nulls[c];
	}
	if (mysql_stmt_bind_result(st, binds))
		goto out;
	r->ncols = ncols;
	while ((frc = mysql_stmt_fetch(st)) == 0 || frc == MYSQL_DATA_TRUNCATED) {
		if (frc == MYSQL_DATA_TRUNCATED) {
			log_err("db: truncated column");
			goto out;
		}
		if (r->nrows * ncols + ncols > cap) {
			size_t ncap = cap ? cap * 2 : ncols * 16;
			char **p;
			while (ncap < r->nrows * ncols + ncols)
				ncap *= 2;
			p = realloc(r->cells, ncap * sizeof *p);
			if (!p)
				goto out;
			r->cells = p;
			cap = ncap;
		}
		for (c = 0; c < ncols; c++) {
			char **cell = &r->cells[r->nrows * ncols + c];
			if (nulls[c]) {
				*cell = NULL;
				continue;
			}
			*cell = malloc(lens[c] + 1);
			if (!*cell) {
				for (size_t k = 0; k < c; k++)
					free(r->cells[r->nrows * ncols + k]);
				goto out;
			}
			memcpy(*cell, bufs[c], lens[c]);
			(*cell)[lens[c]] = '\0';
		}
		r->nrows++;
	}
	if (frc != MYSQL_NO_DATA) {
		log_err("db fetch: %s", mysql_stmt_error(st));
		rc = classify(mysql_stmt_errno(st));
		goto out;
	}
	rc = DB_OK;
out:
	if (bufs)
		for (c = 0; c < ncols; c++)
			free(bufs[c]);
	free(bufs);
	free(binds);
	free(lens);
	free(nulls);
	mysql_stmt_free_result(st);
	return rc;
}

static int exec_once(struct db *db, enum stmt_id id, const struct dbp *params, size_t np, struct dbres **res)
{
	MYSQL_STMT *st;
	MYSQL_BIND *binds = NULL;
	MYSQL_RES *meta = NULL;
	struct dbres *r = NULL;
	int rc;
	size_t i;

	rc = db_connect(db);
	if (rc)
		return rc;
	st = db->stmts[id];
	if (!st) {
		my_bool on = 1;
		st = mysql_stmt_init(db->conn);
		if (!st)
			return DB_ERR;
		if (mysql_stmt_prepare(st, stmt_sql[id], strlen(stmt_sql[id]))) {
			rc = classify(mysql_stmt_errno(st));
			log_err("db prepare %s: %s", stmt_name[id], mysql_stmt_error(st));
			mysql_stmt_close(st);
			return rc;
		}
		mysql_stmt_attr_set(st, STMT_ATTR_UPDATE_MAX_LENGTH, &on);
		db->stmts[id] = st;
	}
	if (mysql_stmt_param_count(st) != np) {
		log_err("db %s: %zu parameters given, %lu expected", stmt_name[id], np, mysql_stmt_param_count(st));
		return DB_ERR;
	}
	if (np) {
		binds = calloc(np, sizeof *binds);
		if (!binds)
			return DB_ERR;
		for (i = 0; i < np; i++) {
			switch (params[i].t) {
			case DBP_INT:
				binds[i].buffer_type = MYSQL_TYPE_LONGLONG;
				binds[i].buffer = (void *)&params[i].i;
				break;
			case DBP_STR:
				binds[i].buffer_type = MYSQL_TYPE_STRING;
				binds[i].buffer = (void *)params[i].s;
				binds[i].buffer_length = params[i].len;
				break;
			default:
				binds[i].buffer_type = MYSQL_TYPE_NULL;
				break;
			}
		}
		if (mysql_stmt_bind_param(st, binds)) {
			rc = DB_ERR;
			goto out;
		}
	}
	if (mysql_stmt_execute(st)) {
		rc = classify(mysql_stmt_errno(st));
		if (rc == DB_ERR)
			log_err("db %s: %s", stmt_name[id], mysql_stmt_error(st));
		goto out;
	}
	r = calloc(1, sizeof *r);
	if (!r) {
		rc = DB_ERR;
		goto out;
	}
	meta = mysql_stmt_result_metadata(st);
	if (meta) {
		rc = fetch_all(st, meta, r);
		if (rc)
			goto out;
	} else {
		r->affected = mysql_stmt_affected_rows(st);
		r->insert_id = mysql_stmt_insert_id(st);
	}
	rc = DB_OK;
out:
	if (meta)
		mysql_free_result(meta);
	free(binds);
	if (rc == DB_OK && res)
		*res = r;
	else
		dbres_free(&r);
	return rc;
}

int db_exec(struct db *db, enum stmt_id id, const struct dbp *params, size_t np, struct dbres **res)
{
	int rc;

	if (res)
		*res = NULL;
	if ((unsigned)id >= ST__COUNT)
		return DB_ERR;
	rc = exec_once(db, id, params, np, res);
	if (rc == DB_DOWN) {
		/* Inside a transaction the work is lost: let db_tx run it again from the start. */
		int was_tx = db->in_tx;
		db_disconnect(db);
		if (was_tx)
			return DB_RETRY;
		rc = exec_once(db, id, params, np, res);
		if (rc == DB_DOWN)
			db_disconnect(db);
	}
	return rc;
}

int db_ping(struct db *db)
{
	struct dbres *r = NULL;
	int rc = db_exec(db, ST_PING, NULL, 0, &r);

	dbres_free(&r);
	return rc;
}

static int my_begin(struct db *db)
{
	int rc = db_connect(db);

	if (rc)
		return rc;
	if (mysql_autocommit(db->conn, 0)) {
		db_disconnect(db);
		return DB_RETRY;
	}
	db->in_tx = 1;
	return DB_OK;
}

static int my_commit(struct db *db)
{
	int rc;

	if (!db->conn)
		return DB_RETRY;
	if (!mysql_commit(db->conn))
		return DB_OK;
	rc = classify(mysql_errno(db->conn));
	if (rc == DB_ERR)
		log_err("db commit: %s", mysql_error(db->conn));
	return rc == DB_DOWN ? DB_RETRY : rc;
}

static void my_rollback(struct db *db)
{
	if (db->conn)
		mysql_rollback(db->conn);
}

static void my_end(struct db *db)
{
	if (db->conn)
		mysql_autocommit(db->conn, 1);
	db->in_tx = 0;
}

static const struct db_tx_ops mysql_tx_ops = { my_begin, my_commit, my_rollback, my_end };

int db_tx_run(struct db *db, const struct db_tx_ops *ops, db_tx_fn fn, void *ctx)
{
	int attempt, rc = DB_ERR;

	if (!ops)
		ops = &mysql_tx_ops;
	for (attempt = 0; attempt < 5; attempt++) {
		rc = ops->begin(db);
		if (rc == DB_RETRY)
			continue;
		if (rc)
			return rc;
		rc = fn(db, ctx);
		if (rc == 0)
			rc = ops->commit(db);
		if (rc != 0)
			ops->rollback(db);
		if (ops->end)
			ops->end(db);
		if (rc != DB_RETRY)
			return rc;
		log_warn("db: transaction retried (attempt %d)", attempt + 1);
	}
	return rc;
}

int db_tx(struct db *db, db_tx_fn fn, void *ctx)
{
	return db_tx_run(db, &mysql_tx_ops, fn, ctx);
}

const char *dbres_get(const struct dbres *r, size_t row, size_t col)
{
	if (!r || row >= r->nrows || col >= r->ncols)
		return NULL;
	return r->cells[row * r->ncols + col];
}

const char *dbres_str(const struct dbres *r, size_t row, size_t col)
{
	const char *v = dbres_get(r, row, col);

	return v ? v : "";
}

long long dbres_int(const struct dbres *r, size_t row, size_t col)
{
	const char *s = dbres_get(r, row, col);
	char *end;
	long long v;

	if (!s || !*s)
		return 0;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end)
		return 0;
	return v;
}

void dbres_free(struct dbres **rp)
{
	struct dbres *r;

	if (!rp || !*rp)
		return;
	r = *rp;
	free_cells(r->cells, r->nrows * r->ncols);
	free(r);
	*rp = NULL;
}
