/* Closing rules: see domain/closing.h. */
#include "domain/closing.h"

#include <string.h>

const char *const closing_outcomes[] = { "won", "lost", NULL };

int closing_can_close(const char *status)
{
	return status && (!strcmp(status, "open") || !strcmp(status, "on_hold"));
}

int closing_can_reopen(const char *status)
{
	return status && (!strcmp(status, "won") || !strcmp(status, "lost"));
}

unsigned closing_check(const struct closing_input *in)
{
	unsigned p = 0;

	if (in->secondary && in->secondary == in->primary)
		p |= CLOSING_SECONDARY_SAME;
	if (in->won && in->competitor)
		p |= CLOSING_COMPETITOR_ON_WIN;
	if (!in->won && !in->competitor && (in->primary_competitor || in->secondary_competitor))
		p |= CLOSING_COMPETITOR_MISSING;
	if (in->won && in->final_price < 0)
		p |= CLOSING_PRICE_MISSING;
	return p;
}

const char *closing_problem_field(enum closing_problem p)
{
	switch (p) {
	case CLOSING_SECONDARY_SAME:
		return "secondary_reason";
	case CLOSING_COMPETITOR_ON_WIN:
	case CLOSING_COMPETITOR_MISSING:
		return "competitor";
	case CLOSING_PRICE_MISSING:
		return "final_price";
	}
	return NULL;
}

const char *closing_problem_key(enum closing_problem p)
{
	switch (p) {
	case CLOSING_SECONDARY_SAME:
		return "closing.secondary_same";
	case CLOSING_COMPETITOR_ON_WIN:
		return "closing.competitor_on_win";
	case CLOSING_COMPETITOR_MISSING:
		return "closing.competitor_missing";
	case CLOSING_PRICE_MISSING:
		return "closing.price_missing";
	}
	return "form.invalid";
}

void closing_compare(long long final_price, long long reference, struct price_cmp *out)
{
	memset(out, 0, sizeof *out);
	if (final_price < 0 || reference <= 0)
		return;
	out->known = 1;
	out->diff = final_price - reference;
	/* diff × 10000 can pass 2^63 for the largest amounts; __int128 division truncates toward zero. */
	out->bp = (long long)((__int128)out->diff * 10000 / reference);
	out->sign = out->diff < 0 ? -1 : out->diff > 0;
}
