/* Negotiation KPIs (docs/kpi.md): periods in the user's time zone, the sums the database
 * keeps per owner and UTC hour (sql/009_kpi.sql), the figures made from them, and the same sums
 * computed from the rows themselves (kpi_verify). The page and any export read figures only through
 * kpi_load() and kpi_figure(): one definition of every number. */
#ifndef PARLEY_KPI_H
#define PARLEY_KPI_H

#include <stddef.h>
#include <stdio.h>
#include <time.h>

struct db;

enum kpi_period_kind { KPI_MONTH, KPI_QUARTER, KPI_YEAR };

struct kpi_period {
	enum kpi_period_kind kind;
	int year, index;      /* month 1..12, quarter 1..4, year 1 */
	time_t from, to;      /* UTC, [from, to): local midnights in the time zone, floored to the hour */
};

/* "month" / "quarter" / "year" → kind. 0 / -1. */
int kpi_kind_parse(const char *s, enum kpi_period_kind *kind);
const char *kpi_kind_name(enum kpi_period_kind kind);
/* The period of kind holding t in time zone tz. */
void kpi_period_at(enum kpi_period_kind kind, time_t t, const char *tz, struct kpi_period *p);
/* "2026-11" (month), "2026-Q4" (quarter), "2026" (year) → the period in tz; -1 malformed or out of
 * range (years 2000..2099). */
int kpi_period_parse(enum kpi_period_kind kind, const char *s, const char *tz, struct kpi_period *p);
/* The period before / after p (steps), in tz. */
void kpi_period_step(const struct kpi_period *p, int steps, const char *tz, struct kpi_period *out);
/* "2026-11", "2026-Q4", "2026". */
void kpi_period_key(const struct kpi_period *p, char *out, size_t n);

/* The kept sums of one scope and period (the columns of kpi_hourly), plus the records not yet due. */
struct kpi_sums {
	long long closed_n, won_n, cycle_n, cycle_days, conc_n, disc_n, disc_given, disc_list;
	long long rec_n, rec_ontime_n, rec_pending, slip_n, slip_days;
	long long srv_n, srv_quality, srv_effect, srv_speed, srv_team, srv_satisfied;
	long long obj_price, obj_function, obj_trust, obj_decision;
};
#define KPI_SUM_COLS 22   /* the kept columns: the fields above without rec_pending */

enum kpi_id {
	KPI_SUCCESS,        /* won / closed, basis points */
	KPI_CYCLE,          /* days from the first record to the win, tenths of a day */
	KPI_DISCOUNT,       /* Σ(initial quote − final price) / Σ list price over won deals, basis points */
	KPI_CONCESSIONS,    /* concessions per won deal, hundredths */
	KPI_LATE,           /* records completed late or overdue / records due, basis points */
	KPI_SLIP,           /* expected-close moves, count (no denominator) */
	KPI_SLIP_DAYS,      /* days moved per move, tenths */
	KPI_SAT_QUALITY,    /* average 1–5 score, hundredths */
	KPI_SAT_EFFECT,
	KPI_SAT_SPEED,
	KPI_SAT_TEAM,
	KPI_SAT_OVERALL,    /* share of surveys "satisfied", basis points */
	KPI__COUNT
};

enum kpi_unit { KPI_U_BP, KPI_U_TENTHS, KPI_U_HUNDREDTHS, KPI_U_COUNT };

struct kpi_def {
	const char *key;    /* language key suffix and drill-down name: "success", "late", … */
	enum kpi_unit unit;
};
extern const struct kpi_def kpi_defs[KPI__COUNT];

/* The figure in its unit (rounded half away from zero); -1 when undefined (nothing to divide by):
 * shown as "—", never as 0. */
int kpi_figure(const struct kpi_sums *s, enum kpi_id id, long long *value);
/* The figure as text: "62.5%", "18.3", "4.25", "7"; "—" when undefined. */
void kpi_format(const struct kpi_sums *s, enum kpi_id id, char *out, size_t n);
/* kpi_id for its key, or -1. */
int kpi_by_key(const char *key);

/* Who a figure is about. */
enum kpi_scope_kind { KPI_COMPANY, KPI_REGION, KPI_TEAM, KPI_REP };
struct kpi_scope {
	enum kpi_scope_kind kind;
	long long id;         /* region, team or user id; 0 for the company */
};

/* Sums of the kept tables for scope over [from, to), and the records of that range not yet due at now.
 * 0 / -1. */
int kpi_load(struct db *db, const struct kpi_scope *sc, time_t from, time_t to, time_t now, struct kpi_sums *out);
/* The pipeline now: opportunities per stage 1..6 (n[0] unused). 0 / -1. */
int kpi_load_stages(struct db *db, const struct kpi_scope *sc, long long n[7]);

/* The rows behind the sums, one at a time (the recomputation and the unit tests use these). */
struct kpi_opp_fact {
	const char *status;        /* "won", "lost", … */
	int closed;                /* closed_at set */
	int has_cycle;
	long long cycle_days, concessions;
	long long list, quote, final;   /* -1 = NULL */
};
void kpi_add_opp(struct kpi_sums *s, const struct kpi_opp_fact *f);
/* completed < 0: not completed. */
void kpi_add_rec(struct kpi_sums *s, time_t ended, time_t completed);
void kpi_add_srv(struct kpi_sums *s, int quality, int effect, int speed, int team, const char *overall);
void kpi_add_move(struct kpi_sums *s, long long days);
void kpi_add_objection(struct kpi_sums *s, const char *type);
/* Whole days between two instants, the way the database counts a contract cycle (TIMESTAMPDIFF DAY,
 * never negative). */
long long kpi_cycle_days(time_t first_end, time_t closed);
/* The UTC hour an instant counts in. */
time_t kpi_bucket(time_t t);

/* Recomputes every kept sum from the rows and compares with kpi_hourly and kpi_stage; prints each
 * difference to out. 0 equal, 1 different, -1 error. */
int kpi_verify(struct db *db, FILE *out);

#endif
