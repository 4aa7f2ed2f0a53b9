/* Guardrails from the plan (see guardrails.h). */
#include "domain/guardrails.h"

static const char *const kind_names[GR__COUNT] = {
	[GR_BELOW_FLOOR] = "below_floor",
	[GR_DISCOUNT_OVER_MAX] = "discount_over_max",
	[GR_STEP_OVER_LADDER] = "step_over_ladder",
	[GR_PAYMENT_OVER_LIMIT] = "payment_over_limit",
	[GR_PAYMENT_OVER_TRIGGER] = "payment_over_trigger",
	[GR_NO_COUNTER] = "no_counter",
};

const char *gr_kind_name(enum gr_kind k)
{
	return (unsigned)k < GR__COUNT ? kind_names[k] : "";
}

const char *gr_source_name(enum gr_source s)
{
	return s == GR_TERM ? "term" : "concession";
}

int gr_kind_confidential(enum gr_kind k)
{
	return k != GR_STEP_OVER_LADDER && k != GR_NO_COUNTER;
}

struct acc {
	struct gr_breach *out;
	size_t max, n;
};

static void add(struct acc *a, enum gr_kind k, enum gr_source s, size_t pos, long long actual, long long limit)
{
	if (a->n < a->max)
		a->out[a->n] = (struct gr_breach){ .kind = k, .source = s, .position = pos, .actual = actual, .limit = limit };
	a->n++;
}

/* value over limit, both set */
static int over(long long value, long long limit)
{
	return value >= 0 && limit >= 0 && value > limit;
}

static void payment(struct acc *a, const struct plan_limits *l, enum gr_source s, size_t pos, long long days)
{
	if (over(days, l->max_payment_days))
		add(a, GR_PAYMENT_OVER_LIMIT, s, pos, days, l->max_payment_days);
	if (over(days, l->walkaway_payment_days))
		add(a, GR_PAYMENT_OVER_TRIGGER, s, pos, days, l->walkaway_payment_days);
}

size_t gr_check(const struct plan_limits *l, const struct gr_term *terms, size_t nterms,
                const struct gr_concession *conc, size_t nconc, struct gr_breach *out, size_t max)
{
	struct acc a = { .out = out, .max = max, .n = 0 };
	long long total = 0;
	int total_flagged = 0;
	size_t i;

	for (i = 0; l && i < nterms; i++) {
		const struct gr_term *t = &terms[i];
		if (t->price >= 0 && l->min_price >= 0 && t->price < l->min_price)
			add(&a, GR_BELOW_FLOOR, GR_TERM, i, t->price, l->min_price);
		if (over(t->discount_bp, l->max_discount_bp))
			add(&a, GR_DISCOUNT_OVER_MAX, GR_TERM, i, t->discount_bp, l->max_discount_bp);
		payment(&a, l, GR_TERM, i, t->payment_days);
	}
	for (i = 0; i < nconc; i++) {
		const struct gr_concession *c = &conc[i];
		if (l) {
			if (over(c->discount_bp, l->ladder_step_bp))
				add(&a, GR_STEP_OVER_LADDER, GR_CONCESSION, i, c->discount_bp, l->ladder_step_bp);
			if (c->discount_bp > 0)
				total += c->discount_bp;
			/* The steps together must stay within the maximum discount: flagged once, where crossed. */
			if (!total_flagged && over(total, l->max_discount_bp)) {
				add(&a, GR_DISCOUNT_OVER_MAX, GR_CONCESSION, i, total, l->max_discount_bp);
				total_flagged = 1;
			}
			payment(&a, l, GR_CONCESSION, i, c->payment_days);
		}
		if (!c->has_counter)
			add(&a, GR_NO_COUNTER, GR_CONCESSION, i, -1, -1);
	}
	return a.n;
}
