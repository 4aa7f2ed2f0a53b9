/* Appending to and verifying the chained audit log. */
#include "audit/audit.h"

#include <stdio.h>
#include <string.h>

#include "app.h"
#include "audit/chain.h"
#include "http/fields.h"
#include "http/http.h"
#include "util/clock.h"
#include "util/log.h"

#define DETAIL_MAX 2000

int audit_append(struct db *db, const unsigned char key[32], time_t now, const struct audit_event *ev)
{
	struct dbres *r = NULL;
	char at[20], prev[65], mac[65], detail[DETAIL_MAX + 1];
	struct audit_fields f;
	long long id;
	int rc;

	clock_fmt_utc(now, at);
	utf8_clip(ev->detail ? ev->detail : "", detail, sizeof detail);
	rc = db_exec(db, ST_AUDIT_HEAD_LOCK, NULL, 0, &r);
	if (rc != DB_OK)
		return rc;
	if (r->nrows != 1) {
		dbres_free(&r);
		log_err("audit: chain head missing");
		return DB_ERR;
	}
	id = dbres_int(r, 0, 0) + 1;
	snprintf(prev, sizeof prev, "%s", dbres_str(r, 0, 1));
	dbres_free(&r);

	memset(&f, 0, sizeof f);
	f.id = id;
	f.at_utc = at;
	f.actor_id = ev->actor_id;
	f.action = ev->action;
	f.entity = ev->entity ? ev->entity : "";
	f.entity_id = ev->entity_id;
	f.source_ip = ev->source_ip ? ev->source_ip : "";
	f.detail = detail;
	if (audit_mac(key, prev, &f, mac) < 0)
		return DB_ERR;
	rc = DB_EXEC(db, ST_AUDIT_INSERT, NULL, DBI(id), DBS(at), DBI(f.actor_id), DBS(f.action), DBS(f.entity),
	             DBI(f.entity_id), DBS(f.source_ip), DBS(f.detail), DBS(mac));
	if (rc != DB_OK)
		return rc == DB_DUPLICATE ? DB_RETRY : rc;
	return DB_EXEC(db, ST_AUDIT_HEAD_SET, NULL, DBI(id), DBS(mac));
}

int audit_req(struct req *rq, const char *action, const char *entity, long long entity_id, const char *detail)
{
	struct audit_event ev = {
		.actor_id = rq->logged_in ? rq->user.id : 0,
		.action = action,
		.entity = entity,
		.entity_id = entity_id,
		.source_ip = rq->remote_addr,
		.detail = detail,
	};
	return audit_append(rq->app->db, rq->app->audit_key, rq->now, &ev);
}

struct audit_tx_ctx {
	struct req *rq;
	const char *action, *entity, *detail;
	long long entity_id;
};

static int audit_tx_fn(struct db *db, void *p)
{
	struct audit_tx_ctx *c = p;

	(void)db;
	return audit_req(c->rq, c->action, c->entity, c->entity_id, c->detail);
}

int audit_req_tx(struct req *rq, const char *action, const char *entity, long long entity_id, const char *detail)
{
	struct audit_tx_ctx c = { rq, action, entity, detail, entity_id };

	return db_tx(rq->app->db, audit_tx_fn, &c);
}

int audit_verify(struct db *db, const unsigned char key[32], FILE *out)
{
	struct dbres *r = NULL;
	char prev[65] = "", mac[65];
	long long last = 0, expect = 1, rows = 0, head_id;
	size_t i;
	int rc;

	for (;;) {
		rc = DB_EXEC(db, ST_AUDIT_SCAN, &r, DBI(last));
		if (rc != DB_OK)
			return -1;
		if (r->nrows == 0)
			break;
		for (i = 0; i < r->nrows; i++) {
			struct audit_fields f = {
				.id = dbres_int(r, i, 0),
				.at_utc = dbres_get(r, i, 1),
				.actor_id = dbres_int(r, i, 2),
				.action = dbres_get(r, i, 3),
				.entity = dbres_get(r, i, 4),
				.entity_id = dbres_int(r, i, 5),
				.source_ip = dbres_get(r, i, 6),
				.detail = dbres_get(r, i, 7),
			};
			const char *stored = dbres_get(r, i, 8);
			if (f.id != expect) {
				fprintf(out, "audit chain broken: expected entry %lld, found %lld (deleted or reordered)\n",
				        expect, f.id);
				dbres_free(&r);
				return 1;
			}
			if (audit_mac(key, prev, &f, mac) < 0 || !stored || strcmp(mac, stored)) {
				fprintf(out, "audit chain broken at entry %lld (changed, reordered or forged)\n", f.id);
				dbres_free(&r);
				return 1;
			}
			memcpy(prev, mac, sizeof mac);
			last = f.id;
			expect = f.id + 1;
			rows++;
		}
		dbres_free(&r);
	}
	dbres_free(&r);
	rc = db_exec(db, ST_AUDIT_HEAD_GET, NULL, 0, &r);
	if (rc != DB_OK || r->nrows != 1) {
		dbres_free(&r);
		return -1;
	}
	head_id = dbres_int(r, 0, 0);
	if (head_id != last || strcmp(dbres_str(r, 0, 1), prev)) {
		fprintf(out, "audit chain broken: the head says entry %lld, the log ends at %lld (entries removed)\n",
		        head_id, last);
		dbres_free(&r);
		return 1;
	}
	dbres_free(&r);
	fprintf(out, "audit chain intact: %lld entries\n", rows);
	return 0;
}
