/* Writing, sealing and verifying the audit log.
 *
 * Writers never wait for one another: an entry is one INSERT (auto-increment id) carrying a MAC
 * of its own fields. The sealer links unsealed entries into the HMAC chain in id order, giving
 * each the next gap-free chain position (seq), all under the lease row audit_head in one
 * transaction: a sealer killed mid-way leaves nothing half-linked, and `WHERE seq IS NULL` plus
 * the unique seq make a second sealer unable to link an entry twice. Order and verification use
 * ids and positions only, never timestamps, so hosts' clocks do not matter to them. */
#include "audit/audit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "audit/chain.h"
#include "crypto/hash.h"
#include "http/http.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/utf8.h"

#define DETAIL_MAX 2000
#define SEAL_BATCH 500

int audit_append(struct db *db, const unsigned char key[32], time_t now, const struct audit_event *ev)
{
	char at[20], mac[65], detail[DETAIL_MAX + 1];
	struct audit_fields f;

	clock_fmt_utc(now, at);
	utf8_clip(ev->detail ? ev->detail : "", detail, sizeof detail);
	memset(&f, 0, sizeof f);
	f.at_utc = at;
	f.actor_id = ev->actor_id;
	f.action = ev->action;
	f.entity = ev->entity ? ev->entity : "";
	f.entity_id = ev->entity_id;
	f.source_ip = ev->source_ip ? ev->source_ip : "";
	f.detail = detail;
	if (audit_entry_mac(key, &f, mac) < 0)
		return DB_ERR;
	return DB_EXEC(db, ST_AUDIT_INSERT, NULL, DBS(at), DBI(f.actor_id), DBS(f.action), DBS(f.entity),
	               DBI(f.entity_id), DBS(f.source_ip), DBS(f.detail), DBS(mac));
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

int audit_req_tx(struct req *rq, const char *action, const char *entity, long long entity_id, const char *detail)
{
	/* One INSERT: atomic on its own, and it waits for nobody. */
	return audit_req(rq, action, entity, entity_id, detail);
}

/* ------------------------------------------------------------------ reads of confidential values */

#define READ_SLOTS 256

struct read_slot {
	char key[65];             /* "" = empty */
	long long actor_id, entity_id;
	const char *entity, *column;   /* static strings of secret_fields[] */
	char source_ip[64], at[20], period_end[20];
	unsigned long long pending;    /* views not yet added to the entry's count */
};

struct audit_reads {
	struct read_slot slot[READ_SLOTS];
	size_t pending;                /* slots with pending > 0 */
	struct timespec since;         /* when the oldest of them was counted (CLOCK_MONOTONIC) */
};

static void reads_note_pending(struct audit_reads *r)
{
	if (!r->pending++)
		clock_gettime(CLOCK_MONOTONIC, &r->since);
}

static int read_write(struct app *app, const struct read_slot *s, unsigned long long count)
{
	struct audit_fields f;
	char mac[65];

	memset(&f, 0, sizeof f);
	f.at_utc = s->at;
	f.actor_id = s->actor_id;
	f.action = "secret.read";
	f.entity = s->entity;
	f.entity_id = s->entity_id;
	f.source_ip = s->source_ip;
	f.detail = s->column;
	if (audit_entry_mac(app->audit_key, &f, mac) < 0)
		return DB_ERR;
	return DB_EXEC(app->db, ST_AUDIT_READ, NULL, DBS(f.at_utc), DBI(f.actor_id), DBS(f.action), DBS(f.entity),
	               DBI(f.entity_id), DBS(f.source_ip), DBS(f.detail), DBS(mac), DBI((long long)count), DBS(s->key),
	               DBS(s->period_end));
}

static int slot_flush(struct app *app, struct read_slot *s)
{
	int rc;

	if (!s->pending)
		return DB_OK;
	rc = read_write(app, s, s->pending);
	if (rc == DB_OK) {
		s->pending = 0;
		app->reads->pending--;
	}
	return rc;
}

int audit_read(struct req *rq, const char *entity, long long entity_id, const char *column)
{
	struct app *app = rq->app;
	long long actor = rq->logged_in ? rq->user.id : 0;
	time_t start = rq->now - rq->now % AUDIT_READ_PERIOD;
	struct read_slot *s;
	char raw[256], key[65];
	unsigned long h = 2166136261u;
	size_t i;
	int rc;

	if (!app->reads) {
		app->reads = calloc(1, sizeof *app->reads);
		if (!app->reads)
			return DB_ERR;
	}
	snprintf(raw, sizeof raw, "read|%lld|%s|%lld|%s|%lld", actor, entity, entity_id, column, (long long)start);
	if (sha256_hex(raw, strlen(raw), key) < 0)
		return DB_ERR;
	for (i = 0; i < 8; i++)
		h = (h ^ (unsigned char)key[i]) * 16777619u;
	s = &app->reads->slot[h % READ_SLOTS];
	if (!strcmp(s->key, key)) {
		/* Already recorded in this period by this process: counted, written after the response. */
		if (!s->pending++)
			reads_note_pending(app->reads);
		return DB_OK;
	}
	if (s->key[0] && slot_flush(app, s) != DB_OK)
		log_warn("audit: %llu reads of %s %lld not counted", s->pending, s->entity, s->entity_id);
	if (s->pending) {
		s->pending = 0;
		app->reads->pending--;
	}
	memset(s, 0, sizeof *s);
	memcpy(s->key, key, sizeof key);
	s->actor_id = actor;
	s->entity = entity;
	s->entity_id = entity_id;
	s->column = column;
	snprintf(s->source_ip, sizeof s->source_ip, "%s", rq->remote_addr);
	clock_fmt_utc(rq->now, s->at);
	clock_fmt_utc(start + AUDIT_READ_PERIOD, s->period_end);
	/* The first read in a period is written before the value is shown. */
	rc = read_write(app, s, 1);
	if (rc != DB_OK)
		s->key[0] = '\0';
	return rc;
}

int audit_reads_pending(const struct app *app)
{
	return app->reads && app->reads->pending > 0;
}

long audit_reads_due_ms(const struct app *app)
{
	struct timespec now;
	long long ms;

	if (!audit_reads_pending(app))
		return -1;
	clock_gettime(CLOCK_MONOTONIC, &now);
	ms = (long long)(now.tv_sec - app->reads->since.tv_sec) * 1000 +
	     (now.tv_nsec - app->reads->since.tv_nsec) / 1000000;
	return ms >= AUDIT_READS_FLUSH_MS ? 0 : (long)(AUDIT_READS_FLUSH_MS - ms);
}

int audit_reads_flush(struct app *app)
{
	size_t i;
	int rc = DB_OK;

	if (!audit_reads_pending(app))
		return DB_OK;
	for (i = 0; i < READ_SLOTS && app->reads->pending; i++)
		if (slot_flush(app, &app->reads->slot[i]) != DB_OK)
			rc = DB_ERR;
	return rc;
}

void audit_reads_free(struct app *app)
{
	free(app->reads);
	app->reads = NULL;
}

/* ------------------------------------------------------------------ sealing */

static void fields_of(const struct dbres *r, size_t i, size_t c0, struct audit_fields *f)
{
	memset(f, 0, sizeof *f);
	f->at_utc = dbres_get(r, i, c0);
	f->actor_id = dbres_int(r, i, c0 + 1);
	f->action = dbres_get(r, i, c0 + 2);
	f->entity = dbres_get(r, i, c0 + 3);
	f->entity_id = dbres_int(r, i, c0 + 4);
	f->source_ip = dbres_get(r, i, c0 + 5);
	f->detail = dbres_get(r, i, c0 + 6);
}

static int entry_ok(const unsigned char key[32], const struct audit_fields *f, const char *stored)
{
	char mac[65];

	return audit_entry_mac(key, f, mac) == 0 && audit_mac_equal(mac, stored);
}

struct seal_tx {
	const unsigned char *key;
	char now[20];
	long long sealed, tampered;
	FILE *report;
};

static int seal_tx_fn(struct db *db, void *p)
{
	struct seal_tx *t = p;
	struct dbres *head = NULL, *r = NULL;
	char prev[65], mac[65];
	long long seq;
	size_t i;
	int rc;

	t->sealed = t->tampered = 0;
	rc = db_exec(db, ST_AUDIT_HEAD_LEASE, NULL, 0, &head);
	if (rc != DB_OK)
		return rc;
	if (head->nrows != 1) {
		dbres_free(&head);
		return DB_OK;   /* another sealer holds the lease */
	}
	seq = dbres_int(head, 0, 0);
	snprintf(prev, sizeof prev, "%s", dbres_str(head, 0, 1));
	dbres_free(&head);
	rc = DB_EXEC(db, ST_AUDIT_SEALABLE, &r, DBS(t->now), DBI(SEAL_BATCH));
	if (rc != DB_OK)
		return rc;
	for (i = 0; i < r->nrows; i++) {
		struct audit_fields f;
		long long id = dbres_int(r, i, 0);

		fields_of(r, i, 1, &f);
		if (!entry_ok(t->key, &f, dbres_get(r, i, 9))) {
			/* Chained as it stands, so that nothing can change it further; verify names it for good. */
			log_err("audit: entry %lld was changed before it was sealed", id);
			if (t->report)
				fprintf(t->report, "audit entry %lld was changed before it was sealed\n", id);
			t->tampered++;
		}
		f.id = seq + 1;
		f.row_id = id;
		f.count = dbres_int(r, i, 8);
		if (audit_seal_mac(t->key, prev, &f, mac) < 0) {
			rc = DB_ERR;
			break;
		}
		rc = DB_EXEC(db, ST_AUDIT_SEAL, NULL, DBI(seq + 1), DBS(mac), DBI(id));
		if (rc != DB_OK)
			break;
		seq++;
		memcpy(prev, mac, sizeof mac);
		t->sealed++;
	}
	dbres_free(&r);
	if (rc != DB_OK || t->sealed == 0)
		return rc;
	return DB_EXEC(db, ST_AUDIT_HEAD_SET, NULL, DBI(seq), DBS(prev));
}

long long audit_seal(struct db *db, const unsigned char key[32], time_t now, long long *tampered, FILE *report)
{
	struct seal_tx t = { .key = key, .report = report };
	long long total = 0, bad = 0;

	clock_fmt_utc(now, t.now);
	do {
		if (db_tx(db, seal_tx_fn, &t) != DB_OK)
			return -1;
		total += t.sealed;
		bad += t.tampered;
	} while (t.sealed == SEAL_BATCH);
	if (tampered)
		*tampered = bad;
	return total;
}

/* ------------------------------------------------------------------ verification */

static int verify_unsealed(struct db *db, const unsigned char key[32], FILE *out)
{
	struct dbres *r = NULL;
	long long last = 0, n = 0, reads = 0, bad = 0;
	size_t i;

	for (;;) {
		if (DB_EXEC(db, ST_AUDIT_UNSEALED, &r, DBI(last)) != DB_OK)
			return -1;
		if (r->nrows == 0)
			break;
		for (i = 0; i < r->nrows; i++) {
			struct audit_fields f;

			last = dbres_int(r, i, 0);
			fields_of(r, i, 1, &f);
			if (!entry_ok(key, &f, dbres_get(r, i, 8))) {
				fprintf(out, "audit entry %lld (not yet sealed) was changed or forged\n", last);
				bad++;
			}
			n++;
			reads += dbres_int(r, i, 9);
		}
		dbres_free(&r);
	}
	dbres_free(&r);
	if (n)
		fprintf(out, "%lld entries not yet sealed (%lld of them reads in a period still open), "
		        "not covered by the chain yet\n", n, reads);
	return bad ? 1 : 0;
}

int audit_verify(struct db *db, const unsigned char key[32], FILE *out)
{
	struct dbres *r = NULL;
	char prev[65] = "", mac[65];
	long long last = 0, expect = 1, rows = 0, last_id = 0, head_id;
	size_t i;
	int rc;

	for (;;) {
		rc = DB_EXEC(db, ST_AUDIT_SCAN, &r, DBI(last));
		if (rc != DB_OK)
			return -1;
		if (r->nrows == 0)
			break;
		for (i = 0; i < r->nrows; i++) {
			struct audit_fields f;
			long long seq = dbres_int(r, i, 0), id = dbres_int(r, i, 1);
			int v1 = dbres_int(r, i, 12) == 1;
			const char *stored = dbres_get(r, i, 11);

			fields_of(r, i, 2, &f);
			if (seq != expect) {
				fprintf(out, "audit chain broken: entry at position %lld is missing (deleted or reordered); "
				        "the next one is entry %lld at position %lld\n", expect, id, seq);
				dbres_free(&r);
				return 1;
			}
			if (v1) {
				/* Chained before sealing existed: position and id are the same. */
				f.id = id;
				rc = id == seq && audit_mac(key, prev, &f, mac) == 0 && audit_mac_equal(mac, stored);
			} else {
				f.id = seq;
				f.row_id = id;
				f.count = dbres_int(r, i, 9);
				rc = audit_seal_mac(key, prev, &f, mac) == 0 && audit_mac_equal(mac, stored);
				if (rc && !entry_ok(key, &f, dbres_get(r, i, 10))) {
					fprintf(out, "audit chain broken at entry %lld (position %lld): changed before it "
					        "was sealed\n", id, seq);
					dbres_free(&r);
					return 1;
				}
			}
			if (!rc) {
				fprintf(out, "audit chain broken at entry %lld (position %lld): changed, reordered or forged\n",
				        id, seq);
				dbres_free(&r);
				return 1;
			}
			memcpy(prev, mac, sizeof mac);
			last = seq;
			last_id = id;
			expect = seq + 1;
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
		fprintf(out, "audit chain broken: the head says position %lld, the log ends at position %lld "
		        "(entry %lld): entries removed\n", head_id, last, last_id);
		dbres_free(&r);
		return 1;
	}
	dbres_free(&r);
	rc = verify_unsealed(db, key, out);
	if (rc < 0)
		return -1;
	fprintf(out, "audit chain %s: %lld sealed entries\n", rc ? "intact, but unsealed entries were changed" : "intact",
	        rows);
	return rc;
}
