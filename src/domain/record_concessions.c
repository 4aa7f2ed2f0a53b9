/* The approval policy on a record's concession rows (see record_concessions.h). */
#include "domain/record_concessions.h"

#include <stdlib.h>
#include <string.h>

#include "domain/guard.h"
#include "domain/records.h"
#include "domain/units.h"

#define RC_MAX_ROWS 50

/* What a record's concession rows are sized with: the opportunity's, read once per check. */
struct rc_base {
	long long oid;                   /* 0: no opportunity (or not the record's customer's) */
	long long list;                  /* list price for sizing: the first request's snapshot; -1 unknown */
	long long approved, approved_bp; /* the opportunity's approved and not-required requests */
	long long others, others_bp;     /* rows without a request in the opportunity's other records */
};

static long long money_cap(long long x)
{
	return x < 0 ? 0 : x > MONEY_MAX ? MONEY_MAX : x;
}

/* "1,000,000 → 700,000" with only a discount typed is not counted as nothing. */
long long rc_amount(const struct rc_row *row, long long list)
{
	long long v = row->value > 0 ? row->value : 0;

	if (row->discount_bp > 0 && list > 0) {
		unsigned __int128 d = ((unsigned __int128)row->discount_bp * (unsigned __int128)list + 9999u) / 10000u;
		if (d > (unsigned __int128)MONEY_MAX)
			d = MONEY_MAX;
		if ((long long)d > v)
			v = (long long)d;
	}
	return money_cap(v);
}

static long long row_bp(const struct rc_row *row, long long amount, long long list)
{
	if (list > 0)
		return concession_discount_bp(amount, list);
	return row->discount_bp > 0 ? row->discount_bp : 0;
}

/* The levels a row needs on top of base (what the opportunity has given already). A price row breaches
 * the plan when the list price less everything given falls below its floor (conservative: every amount
 * counts as a price reduction); any row when its payment term is over the walk-away trigger. */
static int row_levels(const struct policy *pol, const struct rc_base *b, long long base, long long base_bp,
                      const struct rc_row *row, long long amount, const struct plan_limits *lim)
{
	long long cum = money_cap(base + amount);
	struct concession_facts f = { .payment_days = row->payment_days, .plan_breach = 0 };

	f.cumulative_amount = cum;
	f.cumulative_bp = b->list > 0 ? concession_discount_bp(cum, b->list) : base_bp + row_bp(row, amount, -1);
	if (lim) {
		if (strcmp(row->term, "price") == 0 && lim->min_price >= 0 && b->list > 0 && b->list - cum < lim->min_price)
			f.plan_breach = 1;
		if (row->payment_days >= 0 && lim->walkaway_payment_days >= 0 &&
		    row->payment_days > lim->walkaway_payment_days)
			f.plan_breach = 1;
	}
	return policy_levels(pol, &f);
}

/* The opportunity's figures. 0 or a db_err. */
static int base_load(struct db *db, const struct vis_scope *s, long long oid, long long record_id,
                     long long customer_id, int lock, struct rc_base *b)
{
	struct dbres *r = NULL;
	int rc;

	memset(b, 0, sizeof *b);
	b->list = -1;
	if (oid <= 0)
		return 0;
	if (lock) {
		rc = guard_opportunity(db, oid);
		if (rc)
			return rc;
	}
	rc = DB_EXEC(db, ST_NEG_CONC_OPP, &r, VIS_PARAMS(s), DBI(oid));
	if (rc)
		return rc;
	if (r->nrows != 1 || dbres_int(r, 0, 1) != customer_id) {
		dbres_free(&r);
		return 0;   /* the page reports an opportunity that is not the customer's */
	}
	b->oid = oid;
	if (dbres_get(r, 0, 3))
		b->list = dbres_int(r, 0, 3);
	else if (dbres_get(r, 0, 2))
		b->list = dbres_int(r, 0, 2);
	dbres_free(&r);
	rc = DB_EXEC(db, ST_NEG_CONC_APPROVED, &r, DBI(oid), DBI(9223372036854775807LL));
	if (rc)
		return rc;
	b->approved = dbres_int(r, 0, 0);
	b->approved_bp = dbres_int(r, 0, 1);
	dbres_free(&r);
	rc = DB_EXEC(db, ST_NEG_CONC_OTHERS, &r, DBI(b->list > 0 ? b->list : 0), DBI(oid), DBI(record_id));
	if (rc)
		return rc;
	b->others = dbres_int(r, 0, 0);
	b->others_bp = dbres_int(r, 0, 1);
	dbres_free(&r);
	return 0;
}

/* Whether the request row i names fits it: NULL, or the language key of why not. mine/mine_bp: this
 * record's rows without a request before row i. */
static const char *request_fits(struct db *db, const struct vis_scope *s, const struct rc_row *rows, size_t i,
                                const struct rc_base *b, const struct policy *pol, long long record_id,
                                long long mine, long long mine_bp, const struct plan_limits *lim, int *dberr)
{
	const struct rc_row *row = &rows[i];
	long long rid = row->request, amount, days, before, before_bp;
	const char *state, *why = NULL;
	struct dbres *r = NULL;
	size_t k;
	int levels;

	*dberr = 0;
	if (!b->oid)
		return "conc.err.record_bad_request";
	for (k = 0; k < i; k++)
		if (!rows[k].blank && rows[k].request == rid)
			return "rec.conc_request_used";
	*dberr = DB_EXEC(db, ST_NEG_CONC_REQUEST, &r, VIS_PARAMS(s), DBI(rid), DBI(b->oid));
	if (*dberr)
		return NULL;
	if (r->nrows != 1) {
		dbres_free(&r);
		return "conc.err.record_bad_request";
	}
	/* term, amount, state, discount_bp, payment_days, levels */
	state = dbres_get(r, 0, 2);
	amount = dbres_int(r, 0, 1);
	days = dbres_int(r, 0, 4);
	levels = (int)dbres_int(r, 0, 5);
	if ((strcmp(state, "approved") && strcmp(state, "not_required")) || strcmp(dbres_get(r, 0, 0), row->term) ||
	    (row->value >= 0 ? row->value != amount : rc_amount(row, b->list) != amount) ||
	    (row->discount_bp >= 0 && row->discount_bp != dbres_int(r, 0, 3)) ||
	    ((strcmp(row->term, "payment") == 0 || row->payment_days >= 0) && row->payment_days != days))
		why = "conc.err.record_bad_request";
	dbres_free(&r);
	if (why)
		return why;
	*dberr = DB_EXEC(db, ST_NEG_CONC_USED, &r, DBI(rid), DBI(record_id));
	if (*dberr)
		return NULL;
	if (dbres_int(r, 0, 0) > 0)
		why = "rec.conc_request_used";
	dbres_free(&r);
	if (why)
		return why;
	/* Sized as the chain that approved it was: the requests filed after it saw it (and carry the
	 * cumulative weight themselves), those before it and every concession given without a request count. */
	*dberr = DB_EXEC(db, ST_NEG_CONC_APPROVED, &r, DBI(b->oid), DBI(rid));
	if (*dberr)
		return NULL;
	before = dbres_int(r, 0, 0);
	before_bp = dbres_int(r, 0, 1);
	dbres_free(&r);
	if (row_levels(pol, b, money_cap(before + b->others + mine), before_bp + b->others_bp + mine_bp, row, amount,
	               lim) > levels)
		return "rec.conc_request_short";
	return NULL;
}

static long long cell(const struct dbres *r, size_t i, size_t c)
{
	return dbres_get(r, i, c) ? dbres_int(r, i, c) : -1;
}

/* kept[i] = 1 for each row equal, in what sizes it (term, value, discount, payment term, request),
 * to a row the record holds (ST_NEG_CONCESSIONS: term, from, to, value, discount, days, counter,
 * request) not matched yet. */
static void mark_kept(const struct rc_row *rows, size_t n, const struct dbres *old, char *kept)
{
	char used[RC_MAX_ROWS] = { 0 };
	size_t i, k;

	for (i = 0; i < n; i++) {
		const struct rc_row *a = &rows[i];
		if (a->blank)
			continue;
		for (k = 0; k < old->nrows && k < RC_MAX_ROWS; k++) {
			const char *term = dbres_get(old, k, 0);
			long long req = cell(old, k, 7);
			if (used[k] || strcmp(a->term ? a->term : "", term ? term : "") || a->value != cell(old, k, 3) ||
			    a->discount_bp != cell(old, k, 4) || a->payment_days != cell(old, k, 5) ||
			    (a->request > 0 ? a->request : -1) != req)
				continue;
			used[k] = 1;
			kept[i] = 1;
			break;
		}
	}
}

int rc_check(struct db *db, const struct vis_scope *s, const struct policy *pol, const struct rc_row *rows,
             size_t n, long long record_id, long long opportunity_id, long long customer_id,
             const struct plan_limits *lim, int lock, struct rc_verdict *out)
{
	struct dbres *keep = NULL;
	struct rc_base b;
	char kept[RC_MAX_ROWS] = { 0 };
	long long mine = 0, mine_bp = 0;
	size_t i;
	int bad = 0, rc, any = 0;

	if (n > RC_MAX_ROWS)
		n = RC_MAX_ROWS;
	for (i = 0; i < n; i++) {
		out[i] = (struct rc_verdict){ NULL, NULL, 0 };
		any |= !rows[i].blank;
	}
	if (!any)
		return 0;
	rc = base_load(db, s, opportunity_id, record_id, customer_id, lock, &b);
	if (rc)
		return rc;
	if (record_id && b.oid) {
		/* Rows the record already holds, unchanged and for the same opportunity, were accepted when
		 * they were saved: they count but are not judged again (later approvals on the opportunity
		 * must not lock the record). */
		rc = DB_EXEC(db, ST_NEG_CONC_REC_OPP, &keep, DBI(record_id));
		if (rc)
			return rc;
		if (keep->nrows == 1 && dbres_int(keep, 0, 0) == b.oid) {
			dbres_free(&keep);
			rc = DB_EXEC(db, ST_NEG_CONCESSIONS, &keep, VIS_PARAMS(s), DBI(record_id));
			if (rc)
				return rc;
			mark_kept(rows, n, keep, kept);
		}
		dbres_free(&keep);
	}
	for (i = 0; i < n; i++) {
		const struct rc_row *row = &rows[i];
		const char *why = NULL;
		long long amount;

		if (row->blank || !row->term || !rec_choice_ok(rec_concession_terms, row->term))
			continue;   /* a bad or missing term is the form's to report */
		if (strcmp(row->term, "price") == 0 && row->value <= 0 && row->discount_bp <= 0) {
			if ((!row->value_typed || row->value == 0) && (!row->discount_typed || row->discount_bp == 0)) {
				out[i] = (struct rc_verdict){ "value", "rec.conc_price_amount", 0 };
				bad++;
			}
			continue;   /* (a malformed value or discount is the form's to report) */
		}
		amount = rc_amount(row, b.list);
		if (kept[i]) {
			if (row->request <= 0) {
				mine = money_cap(mine + amount);
				mine_bp += row_bp(row, amount, b.list);
			}
			continue;
		}
		if (row->request > 0) {
			why = request_fits(db, s, rows, i, &b, pol, record_id, mine, mine_bp, lim, &rc);
			if (rc)
				return rc;
		} else {
			if (row_levels(pol, &b, money_cap(b.approved + b.others + mine), b.approved_bp + b.others_bp + mine_bp,
			               row, amount, lim) > 0)
				why = "conc.err.record_needs_request";
			mine = money_cap(mine + amount);
			mine_bp += row_bp(row, amount, b.list);
		}
		if (why) {
			out[i] = (struct rc_verdict){ "request", why, b.oid != 0 };
			bad++;
		}
	}
	return bad;
}
