/* Review rules: see domain/review.h. */
#include "domain/review.h"

#include <string.h>

enum promise_state review_promise(const char *due, const char *done, const char *today)
{
	if (done && *done)
		return strcmp(done, due) <= 0 ? PROMISE_ON_TIME : PROMISE_LATE;
	return strcmp(today, due) > 0 ? PROMISE_OVERDUE : PROMISE_OPEN;
}

const char *review_promise_name(enum promise_state s)
{
	static const char *const names[] = { "on_time", "late", "overdue", "open" };

	return s >= PROMISE_ON_TIME && s <= PROMISE_OPEN ? names[s] : "open";
}

static int space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* Length of a list mark at s (0: none). */
static size_t mark_len(const char *s, size_t n)
{
	size_t i = 0;

	if (n >= 2 && (s[0] == '-' || s[0] == '*') && space((unsigned char)s[1]))
		return 2;
	if (n >= 3 && !memcmp(s, "\xe2\x80\xa2", 3))   /* • */
		return 3;
	if (n >= 1 && s[0] == '(') {
		for (i = 1; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			;
		return i > 1 && i < n && s[i] == ')' ? i + 1 : 0;
	}
	for (i = 0; i < n && s[i] >= '0' && s[i] <= '9'; i++)
		;
	if (i == 0 || i >= n)
		return 0;
	if (s[i] == '.' || s[i] == ')')
		return i + 1;
	if (n - i >= 3 && !memcmp(s + i, "\xe3\x80\x81", 3))   /* 、 */
		return i + 3;
	return 0;
}

size_t review_goals_split(const char *text, size_t max, void (*fn)(const char *goal, size_t len, void *ctx),
                          void *ctx)
{
	const char *p = text, *end, *s;
	size_t n = 0, len, m;

	while (p && *p && n < max) {
		end = strchr(p, '\n');
		if (!end)
			end = p + strlen(p);
		s = p;
		while (s < end && space((unsigned char)*s))
			s++;
		m = mark_len(s, (size_t)(end - s));
		s += m;
		while (s < end && space((unsigned char)*s))
			s++;
		len = (size_t)(end - s);
		while (len && space((unsigned char)s[len - 1]))
			len--;
		if (len > 1000) {
			len = 1000;
			while (len && ((unsigned char)s[len] & 0xc0) == 0x80)
				len--;
		}
		if (len) {
			fn(s, len, ctx);
			n++;
		}
		p = *end ? end + 1 : end;
	}
	return n;
}

long long review_discount_bp(long long list_price, long long final_price)
{
	if (list_price <= 0 || final_price < 0)
		return -1;
	if (final_price >= list_price)
		return 0;
	return (long long)((__int128)(list_price - final_price) * 10000 / list_price);
}

enum review_verdict review_at_least(long long actual, long long limit)
{
	if (actual < 0 || limit < 0)
		return REVIEW_UNKNOWN;
	return actual >= limit ? REVIEW_WITHIN : REVIEW_BEYOND;
}

enum review_verdict review_at_most(long long actual, long long limit)
{
	if (actual < 0 || limit < 0)
		return REVIEW_UNKNOWN;
	return actual <= limit ? REVIEW_WITHIN : REVIEW_BEYOND;
}
