/* Negotiation KPIs: periods, kept sums, figures and their recomputation (docs/kpi.md). */
#include "domain/kpi.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "domain/units.h"
#include "util/clock.h"

const struct kpi_def kpi_defs[KPI__COUNT] = {
	[KPI_SUCCESS] = { "success", KPI_U_BP },
	[KPI_CYCLE] = { "cycle", KPI_U_TENTHS },
	[KPI_DISCOUNT] = { "discount", KPI_U_BP },
	[KPI_CONCESSIONS] = { "concessions", KPI_U_HUNDREDTHS },
	[KPI_LATE] = { "late", KPI_U_BP },
	[KPI_SLIP] = { "slip", KPI_U_COUNT },
	[KPI_SLIP_DAYS] = { "slip_days", KPI_U_TENTHS },
	[KPI_SAT_QUALITY] = { "sat_quality", KPI_U_HUNDREDTHS },
	[KPI_SAT_EFFECT] = { "sat_effect", KPI_U_HUNDREDTHS },
	[KPI_SAT_SPEED] = { "sat_speed", KPI_U_HUNDREDTHS },
	[KPI_SAT_TEAM] = { "sat_team", KPI_U_HUNDREDTHS },
	[KPI_SAT_OVERALL] = { "sat_overall", KPI_U_BP },
};

static const char *const kind_names[] = { "month", "quarter", "year" };

int kpi_kind_parse(const char *s, enum kpi_period_kind *kind)
{
	int i;

	for (i = 0; s && i < 3; i++)
		if (!strcmp(s, kind_names[i])) {
			*kind = (enum kpi_period_kind)i;
			return 0;
		}
	return -1;
}

const char *kpi_kind_name(enum kpi_period_kind kind)
{
	return (unsigned)kind < 3 ? kind_names[kind] : "month";
}

/* Local midnight of y-m-1 in tz as UTC, floored to the hour (the kept sums' grain). */
static time_t local_month_start(int y, int m, const char *tz)
{
	struct tm tm = { 0 };
	time_t local, t;

	while (m > 12) {
		m -= 12;
		y++;
	}
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = 1;
	local = timegm(&tm);
	t = local - tz_offset(local, tz);
	t = local - tz_offset(t, tz);
	return t - ((t % 3600) + 3600) % 3600;
}

static void set_bounds(struct kpi_period *p, const char *tz)
{
	int first = 1, months = 12;

	if (p->kind == KPI_MONTH) {
		first = p->index;
		months = 1;
	} else if (p->kind == KPI_QUARTER) {
		first = (p->index - 1) * 3 + 1;
		months = 3;
	}
	p->from = local_month_start(p->year, first, tz);
	p->to = local_month_start(p->year, first + months, tz);
}

void kpi_period_at(enum kpi_period_kind kind, time_t t, const char *tz, struct kpi_period *p)
{
	struct tm tm;
	time_t local = t + tz_offset(t, tz);

	gmtime_r(&local, &tm);
	p->kind = kind;
	p->year = tm.tm_year + 1900;
	p->index = kind == KPI_MONTH ? tm.tm_mon + 1 : kind == KPI_QUARTER ? tm.tm_mon / 3 + 1 : 1;
	set_bounds(p, tz);
}

static int digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

int kpi_period_parse(enum kpi_period_kind kind, const char *s, const char *tz, struct kpi_period *p)
{
	size_t n = s ? strlen(s) : 0;
	int y, idx = 1;

	if (n < 4 || !digits(s, 4))
		return -1;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	if (y < 2000 || y > 2099)
		return -1;
	switch (kind) {
	case KPI_MONTH:
		if (n != 7 || s[4] != '-' || !digits(s + 5, 2))
			return -1;
		idx = (s[5] - '0') * 10 + (s[6] - '0');
		if (idx < 1 || idx > 12)
			return -1;
		break;
	case KPI_QUARTER:
		if (n != 7 || s[4] != '-' || s[5] != 'Q' || s[6] < '1' || s[6] > '4')
			return -1;
		idx = s[6] - '0';
		break;
	case KPI_YEAR:
		if (n != 4)
			return -1;
		break;
	default:
		return -1;
	}
	p->kind = kind;
	p->year = y;
	p->index = idx;
	set_bounds(p, tz);
	return 0;
}

void kpi_period_step(const struct kpi_period *p, int steps, const char *tz, struct kpi_period *out)
{
	int per = p->kind == KPI_MONTH ? 12 : p->kind == KPI_QUARTER ? 4 : 1;
	int k = p->year * per + (p->index - 1) + steps;

	*out = *p;
	out->year = k / per;
	out->index = k % per + 1;
	set_bounds(out, tz);
}

void kpi_period_key(const struct kpi_period *p, char *out, size_t n)
{
	if (p->kind == KPI_MONTH)
		snprintf(out, n, "%04d-%02d", p->year, p->index);
	else if (p->kind == KPI_QUARTER)
		snprintf(out, n, "%04d-Q%d", p->year, p->index);
	else
		snprintf(out, n, "%04d", p->year);
}

/* ------------------------------------------------------------------ figures */

/* num * scale / den rounded half away from zero; den > 0. */
static long long ratio(long long num, long long den, long long scale)
{
	__int128 x = (__int128)num * scale * 2;
	__int128 q = x >= 0 ? (x + den) / (2 * (__int128)den) : -((-x + den) / (2 * (__int128)den));

	return (long long)q;
}

static int frac(long long num, long long den, long long scale, long long *v)
{
	if (den <= 0)
		return -1;
	*v = ratio(num, den, scale);
	return 0;
}

int kpi_figure(const struct kpi_sums *s, enum kpi_id id, long long *v)
{
	long long due;

	switch (id) {
	case KPI_SUCCESS:
		return frac(s->won_n, s->closed_n, 10000, v);
	case KPI_CYCLE:
		return frac(s->cycle_days, s->cycle_n, 10, v);
	case KPI_DISCOUNT:
		return frac(s->disc_given, s->disc_list, 10000, v);
	case KPI_CONCESSIONS:
		return frac(s->conc_n, s->won_n, 100, v);
	case KPI_LATE:
		due = s->rec_n - s->rec_pending;
		return frac(due - s->rec_ontime_n, due, 10000, v);
	case KPI_SLIP:
		*v = s->slip_n;
		return 0;
	case KPI_SLIP_DAYS:
		return frac(s->slip_days, s->slip_n, 10, v);
	case KPI_SAT_QUALITY:
		return frac(s->srv_quality, s->srv_n, 100, v);
	case KPI_SAT_EFFECT:
		return frac(s->srv_effect, s->srv_n, 100, v);
	case KPI_SAT_SPEED:
		return frac(s->srv_speed, s->srv_n, 100, v);
	case KPI_SAT_TEAM:
		return frac(s->srv_team, s->srv_n, 100, v);
	case KPI_SAT_OVERALL:
		return frac(s->srv_satisfied, s->srv_n, 10000, v);
	default:
		return -1;
	}
}

/* v / div with digits decimals, trailing zeros kept off for percentages. */
static void fixed(long long v, int div, int decimals, int trim, char *out, size_t n)
{
	long long a = v < 0 ? -v : v;
	char d[8];
	int len;

	if (!decimals) {
		snprintf(out, n, "%s%lld", v < 0 ? "-" : "", a);
		return;
	}
	snprintf(d, sizeof d, "%0*lld", decimals, a % div);
	len = (int)strlen(d);
	while (trim && len > 0 && d[len - 1] == '0')
		d[--len] = '\0';
	snprintf(out, n, "%s%lld%s%s", v < 0 ? "-" : "", a / div, len ? "." : "", d);
}

void kpi_format(const struct kpi_sums *s, enum kpi_id id, char *out, size_t n)
{
	long long v;
	char num[40];

	if ((unsigned)id >= KPI__COUNT || kpi_figure(s, id, &v) < 0) {
		snprintf(out, n, "%s", "—");
		return;
	}
	switch (kpi_defs[id].unit) {
	case KPI_U_BP:
		fixed(v, 100, 2, 1, num, sizeof num);
		snprintf(out, n, "%s%%", num);
		break;
	case KPI_U_TENTHS:
		fixed(v, 10, 1, 0, out, n);
		break;
	case KPI_U_HUNDREDTHS:
		fixed(v, 100, 2, 0, out, n);
		break;
	default:
		fixed(v, 1, 0, 0, out, n);
		break;
	}
}

int kpi_by_key(const char *key)
{
	int i;

	for (i = 0; key && i < KPI__COUNT; i++)
		if (!strcmp(key, kpi_defs[i].key))
			return i;
	return -1;
}

/* ------------------------------------------------------------------ the rows behind the sums */

void kpi_add_opp(struct kpi_sums *s, const struct kpi_opp_fact *f)
{
	int won;

	if (!f->closed || !f->status || (strcmp(f->status, "won") && strcmp(f->status, "lost")))
		return;
	won = !strcmp(f->status, "won");
	s->closed_n++;
	if (!won)
		return;
	s->won_n++;
	if (f->has_cycle) {
		s->cycle_n++;
		s->cycle_days += f->cycle_days;
	}
	s->conc_n += f->concessions;
	if (f->list > 0 && f->quote >= 0 && f->final >= 0) {
		s->disc_n++;
		s->disc_given += f->quote - f->final;
		s->disc_list += f->list;
	}
}

void kpi_add_rec(struct kpi_sums *s, time_t ended, time_t completed)
{
	s->rec_n++;
	if (completed >= 0 && completed <= ended + 24 * 3600)
		s->rec_ontime_n++;
}

void kpi_add_srv(struct kpi_sums *s, int quality, int effect, int speed, int team, const char *overall)
{
	s->srv_n++;
	s->srv_quality += quality;
	s->srv_effect += effect;
	s->srv_speed += speed;
	s->srv_team += team;
	if (overall && !strcmp(overall, "satisfied"))
		s->srv_satisfied++;
}

void kpi_add_move(struct kpi_sums *s, long long days)
{
	s->slip_n++;
	s->slip_days += days;
}

void kpi_add_objection(struct kpi_sums *s, const char *type)
{
	if (!type)
		return;
	if (!strcmp(type, "price"))
		s->obj_price++;
	else if (!strcmp(type, "function"))
		s->obj_function++;
	else if (!strcmp(type, "trust"))
		s->obj_trust++;
	else if (!strcmp(type, "decision"))
		s->obj_decision++;
}

long long kpi_cycle_days(time_t first_end, time_t closed)
{
	long long d = ((long long)closed - (long long)first_end) / 86400;

	return d < 0 ? 0 : d;
}

time_t kpi_bucket(time_t t)
{
	return t - ((t % 3600) + 3600) % 3600;
}

/* ------------------------------------------------------------------ reading the kept sums */

static long long *sum_field(struct kpi_sums *s, int i)
{
	long long *const f[KPI_SUM_COLS] = {
		&s->closed_n, &s->won_n, &s->cycle_n, &s->cycle_days, &s->conc_n, &s->disc_n, &s->disc_given,
		&s->disc_list, &s->rec_n, &s->rec_ontime_n, &s->slip_n, &s->slip_days, &s->srv_n, &s->srv_quality,
		&s->srv_effect, &s->srv_speed, &s->srv_team, &s->srv_satisfied, &s->obj_price, &s->obj_function,
		&s->obj_trust, &s->obj_decision
	};
	return f[i];
}

static void sums_from_row(struct kpi_sums *s, const struct dbres *r, size_t row, size_t col)
{
	int i;

	for (i = 0; i < KPI_SUM_COLS; i++)
		*sum_field(s, i) = dbres_int(r, row, col + (size_t)i);
}

static const enum stmt_id sum_stmts[] = { ST_KPI_SUM_ALL, ST_KPI_SUM_REGION, ST_KPI_SUM_TEAM, ST_KPI_SUM_REP };
static const enum stmt_id pending_stmts[] = { ST_KPI_PENDING_ALL, ST_KPI_PENDING_REGION, ST_KPI_PENDING_TEAM,
	                                      ST_KPI_PENDING_REP };
static const enum stmt_id stage_stmts[] = { ST_KPI_STAGES_ALL, ST_KPI_STAGES_REGION, ST_KPI_STAGES_TEAM,
	                                    ST_KPI_STAGES_REP };

int kpi_load(struct db *db, const struct kpi_scope *sc, time_t from, time_t to, time_t now, struct kpi_sums *out)
{
	struct dbres *r = NULL;
	char a[20], b[20], due[20];
	int rc;

	memset(out, 0, sizeof *out);
	if ((unsigned)sc->kind > KPI_REP)
		return -1;
	clock_fmt_utc(from, a);
	clock_fmt_utc(to, b);
	if (sc->kind == KPI_COMPANY)
		rc = DB_EXEC(db, sum_stmts[sc->kind], &r, DBS(a), DBS(b));
	else
		rc = DB_EXEC(db, sum_stmts[sc->kind], &r, DBI(sc->id), DBS(a), DBS(b));
	if (rc != DB_OK)
		return -1;
	if (r->nrows == 1)
		sums_from_row(out, r, 0, 0);
	dbres_free(&r);
	/* Records ended within the last 24 hours and not completed are not late yet: not due. */
	if (to > now - 24 * 3600) {
		clock_fmt_utc(now - 24 * 3600, due);
		if (sc->kind == KPI_COMPANY)
			rc = DB_EXEC(db, pending_stmts[sc->kind], &r, DBS(due), DBS(a), DBS(b));
		else
			rc = DB_EXEC(db, pending_stmts[sc->kind], &r, DBS(due), DBS(a), DBS(b), DBI(sc->id));
		if (rc != DB_OK)
			return -1;
		out->rec_pending = r->nrows ? dbres_int(r, 0, 0) : 0;
		dbres_free(&r);
	}
	return 0;
}

int kpi_load_stages(struct db *db, const struct kpi_scope *sc, long long n[7])
{
	struct dbres *r = NULL;
	size_t i;
	int rc;

	memset(n, 0, 7 * sizeof n[0]);
	if ((unsigned)sc->kind > KPI_REP)
		return -1;
	if (sc->kind == KPI_COMPANY)
		rc = db_exec(db, stage_stmts[sc->kind], NULL, 0, &r);
	else
		rc = DB_EXEC(db, stage_stmts[sc->kind], &r, DBI(sc->id));
	if (rc != DB_OK)
		return -1;
	for (i = 0; i < r->nrows; i++) {
		long long st = dbres_int(r, i, 0);
		if (st >= 1 && st <= 6)
			n[st] = dbres_int(r, i, 1);
	}
	dbres_free(&r);
	return 0;
}

/* ------------------------------------------------------------------ recomputation */

struct kcell {
	long long owner;
	time_t bucket;
	struct kpi_sums s;
	int used, seen;
};

struct ktab {
	struct kcell *c;
	size_t cap, n;
};

static size_t khash(long long owner, time_t bucket, size_t cap)
{
	unsigned long long h = (unsigned long long)owner * 0x9E3779B97F4A7C15ull ^ (unsigned long long)bucket * 0xC2B2AE3D27D4EB4Full;

	return (size_t)(h ^ (h >> 29)) & (cap - 1);
}

static struct kcell *kfind(struct ktab *t, long long owner, time_t bucket, int add)
{
	size_t i;

	if (add && (t->n + 1) * 2 > t->cap) {
		struct ktab g = { calloc(t->cap ? t->cap * 2 : 1024, sizeof *g.c), t->cap ? t->cap * 2 : 1024, 0 };
		if (!g.c)
			return NULL;
		for (i = 0; i < t->cap; i++)
			if (t->c[i].used) {
				struct kcell *d = kfind(&g, t->c[i].owner, t->c[i].bucket, 1);
				*d = t->c[i];
			}
		free(t->c);
		*t = g;
	}
	if (!t->cap)
		return NULL;
	for (i = khash(owner, bucket, t->cap);; i = (i + 1) & (t->cap - 1)) {
		struct kcell *c = &t->c[i];
		if (!c->used) {
			if (!add)
				return NULL;
			c->used = 1;
			c->owner = owner;
			c->bucket = bucket;
			t->n++;
			return c;
		}
		if (c->owner == owner && c->bucket == bucket)
			return c;
	}
}

static int parse_time(const char *s, time_t *t)
{
	return s && clock_parse_utc(s, t) == 0 ? 0 : -1;
}

#define VERIFY_PAGE 5000

/* One fact table, a page at a time by id: fn adds row i of r to the table. */
static int scan(struct db *db, enum stmt_id st, struct ktab *t,
                int (*fn)(struct ktab *t, const struct dbres *r, size_t i))
{
	long long after = 0;
	struct dbres *r = NULL;
	size_t i;

	for (;;) {
		if (DB_EXEC(db, st, &r, DBI(after), DBI(VERIFY_PAGE)) != DB_OK)
			return -1;
		for (i = 0; i < r->nrows; i++)
			if (fn(t, r, i) < 0) {
				dbres_free(&r);
				return -1;
			}
		if (r->nrows < VERIFY_PAGE) {
			dbres_free(&r);
			return 0;
		}
		after = dbres_int(r, r->nrows - 1, 0);
		dbres_free(&r);
	}
}

/* ST_KPI_FACT_OPPS: id, owner, status, closed_at, cycle_days, concessions_n, list, quote, final */
static int add_opp_row(struct ktab *t, const struct dbres *r, size_t i)
{
	struct kpi_opp_fact f;
	struct kcell *c;
	time_t closed;

	if (parse_time(dbres_get(r, i, 3), &closed) < 0)
		return 0;
	f.status = dbres_str(r, i, 2);
	f.closed = 1;
	f.has_cycle = dbres_get(r, i, 4) != NULL;
	f.cycle_days = dbres_int(r, i, 4);
	f.concessions = dbres_int(r, i, 5);
	f.list = dbres_get(r, i, 6) ? dbres_int(r, i, 6) : -1;
	f.quote = dbres_get(r, i, 7) ? dbres_int(r, i, 7) : -1;
	f.final = dbres_get(r, i, 8) ? dbres_int(r, i, 8) : -1;
	if (strcmp(f.status, "won") && strcmp(f.status, "lost"))
		return 0;
	c = kfind(t, dbres_int(r, i, 1), kpi_bucket(closed), 1);
	if (!c)
		return -1;
	kpi_add_opp(&c->s, &f);
	return 0;
}

/* ST_KPI_FACT_RECS: id, owner, ended_at, completed_at */
static int add_rec_row(struct ktab *t, const struct dbres *r, size_t i)
{
	time_t ended, completed = -1;
	struct kcell *c;

	if (parse_time(dbres_get(r, i, 2), &ended) < 0)
		return 0;
	if (dbres_get(r, i, 3) && parse_time(dbres_get(r, i, 3), &completed) < 0)
		completed = -1;
	c = kfind(t, dbres_int(r, i, 1), kpi_bucket(ended), 1);
	if (!c)
		return -1;
	kpi_add_rec(&c->s, ended, completed);
	return 0;
}

/* ST_KPI_FACT_SRVS: id, owner, surveyed_on, quality, effect, speed, team, overall */
static int add_srv_row(struct ktab *t, const struct dbres *r, size_t i)
{
	struct tm tm = { 0 };
	struct kcell *c;
	int y, m, d;

	if (!dbres_get(r, i, 1) || date_parse(dbres_str(r, i, 2), &y, &m, &d) < 0)
		return 0;
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = 12;   /* a survey's day counts at noon UTC */
	c = kfind(t, dbres_int(r, i, 1), timegm(&tm), 1);
	if (!c)
		return -1;
	kpi_add_srv(&c->s, (int)dbres_int(r, i, 3), (int)dbres_int(r, i, 4), (int)dbres_int(r, i, 5),
	            (int)dbres_int(r, i, 6), dbres_str(r, i, 7));
	return 0;
}

/* ST_KPI_FACT_MOVES: id, owner, moved_at, from_date, to_date */
static int add_move_row(struct ktab *t, const struct dbres *r, size_t i)
{
	struct kcell *c;
	time_t at;

	if (parse_time(dbres_get(r, i, 2), &at) < 0)
		return 0;
	c = kfind(t, dbres_int(r, i, 1), kpi_bucket(at), 1);
	if (!c)
		return -1;
	kpi_add_move(&c->s, date_diff(dbres_str(r, i, 3), dbres_str(r, i, 4)));
	return 0;
}

/* ST_KPI_FACT_OBJS: id, owner of the record, its ended_at, type */
static int add_obj_row(struct ktab *t, const struct dbres *r, size_t i)
{
	struct kcell *c;
	time_t ended;

	if (parse_time(dbres_get(r, i, 2), &ended) < 0)
		return 0;
	c = kfind(t, dbres_int(r, i, 1), kpi_bucket(ended), 1);
	if (!c)
		return -1;
	kpi_add_objection(&c->s, dbres_str(r, i, 3));
	return 0;
}

static int sums_zero(struct kpi_sums *s)
{
	int i;

	for (i = 0; i < KPI_SUM_COLS; i++)
		if (*sum_field(s, i))
			return 0;
	return 1;
}

static int compare(FILE *out, long long owner, time_t bucket, struct kpi_sums *want, struct kpi_sums *kept)
{
	static const char *const names[KPI_SUM_COLS] = {
		"closed_n", "won_n", "cycle_n", "cycle_days", "conc_n", "disc_n", "disc_given", "disc_list", "rec_n",
		"rec_ontime_n", "slip_n", "slip_days", "srv_n", "srv_quality", "srv_effect", "srv_speed", "srv_team",
		"srv_satisfied", "obj_price", "obj_function", "obj_trust", "obj_decision"
	};
	char when[20];
	int i, bad = 0;

	clock_fmt_utc(bucket, when);
	for (i = 0; i < KPI_SUM_COLS; i++)
		if (*sum_field(want, i) != *sum_field(kept, i)) {
			if (out)
				fprintf(out, "owner %lld bucket %s %s: kept %lld, recomputed %lld\n", owner, when, names[i],
				        *sum_field(kept, i), *sum_field(want, i));
			bad = 1;
		}
	return bad;
}

/* The pipeline: opportunities per owner and stage counted now, against kpi_stage. */
static int verify_stages(struct db *db, FILE *out)
{
	struct ktab t = { 0 };
	struct dbres *r = NULL;
	size_t i;
	int bad = 0, rc = -1;

	if (db_exec(db, ST_KPI_FACT_STAGES, NULL, 0, &r) != DB_OK)
		goto out;
	for (i = 0; i < r->nrows; i++) {
		struct kcell *c = kfind(&t, dbres_int(r, i, 0), (time_t)dbres_int(r, i, 1), 1);
		if (!c)
			goto out;
		c->s.closed_n = dbres_int(r, i, 2);
	}
	dbres_free(&r);
	if (db_exec(db, ST_KPI_KEPT_STAGES, NULL, 0, &r) != DB_OK)
		goto out;
	for (i = 0; i < r->nrows; i++) {
		struct kcell *c = kfind(&t, dbres_int(r, i, 0), (time_t)dbres_int(r, i, 1), 0);
		long long want = c ? c->s.closed_n : 0;

		if (c)
			c->seen = 1;
		if (want != dbres_int(r, i, 2)) {
			if (out)
				fprintf(out, "owner %lld stage %lld: kept %lld, recomputed %lld\n", dbres_int(r, i, 0),
				        dbres_int(r, i, 1), dbres_int(r, i, 2), want);
			bad = 1;
		}
	}
	for (i = 0; i < t.cap; i++)
		if (t.c[i].used && !t.c[i].seen && t.c[i].s.closed_n) {
			if (out)
				fprintf(out, "owner %lld stage %lld: kept 0, recomputed %lld\n", t.c[i].owner,
				        (long long)t.c[i].bucket, t.c[i].s.closed_n);
			bad = 1;
		}
	rc = bad;
out:
	dbres_free(&r);
	free(t.c);
	return rc;
}

int kpi_verify(struct db *db, FILE *out)
{
	struct ktab t = { 0 };
	struct dbres *r = NULL;
	long long owner = 0;
	char after[20] = "1970-01-01 00:00:00";
	size_t i;
	int bad = 0, rc = -1;

	if (scan(db, ST_KPI_FACT_OPPS, &t, add_opp_row) < 0 || scan(db, ST_KPI_FACT_RECS, &t, add_rec_row) < 0 ||
	    scan(db, ST_KPI_FACT_SRVS, &t, add_srv_row) < 0 || scan(db, ST_KPI_FACT_MOVES, &t, add_move_row) < 0 ||
	    scan(db, ST_KPI_FACT_OBJS, &t, add_obj_row) < 0)
		goto out;
	for (;;) {
		if (DB_EXEC(db, ST_KPI_KEPT, &r, DBI(owner), DBI(owner), DBS(after), DBI(VERIFY_PAGE)) != DB_OK)
			goto out;
		for (i = 0; i < r->nrows; i++) {
			struct kpi_sums kept = { 0 }, none = { 0 };
			struct kcell *c;
			time_t b;

			if (parse_time(dbres_get(r, i, 1), &b) < 0)
				goto out;
			sums_from_row(&kept, r, i, 2);
			c = kfind(&t, dbres_int(r, i, 0), b, 0);
			if (c)
				c->seen = 1;
			if (compare(out, dbres_int(r, i, 0), b, c ? &c->s : &none, &kept))
				bad = 1;
		}
		if (r->nrows < VERIFY_PAGE)
			break;
		owner = dbres_int(r, r->nrows - 1, 0);
		snprintf(after, sizeof after, "%s", dbres_str(r, r->nrows - 1, 1));
		dbres_free(&r);
	}
	for (i = 0; i < t.cap; i++) {
		struct kpi_sums none = { 0 };
		if (t.c[i].used && !t.c[i].seen && !sums_zero(&t.c[i].s) &&
		    compare(out, t.c[i].owner, t.c[i].bucket, &t.c[i].s, &none))
			bad = 1;
	}
	rc = verify_stages(db, out);
	if (rc >= 0)
		rc = rc || bad;
out:
	dbres_free(&r);
	free(t.c);
	return rc;
}
