/* libFuzzer target for the parsers of untrusted request input (src/http/form.c).
 * Built four ways (tests/fuzz/run_fuzz.sh): fuzz_request (all parsers, input split as below),
 * fuzz_body (-DFUZZ_BODY: the whole input is a urlencoded body), fuzz_query (-DFUZZ_QUERY: a query
 * string) and fuzz_cookie (-DFUZZ_COOKIE: a Cookie header).
 *
 * The input is split on 0xFF bytes into: query string | body | Cookie header |
 * CONTENT_LENGTH | integer field. (0xFF can never appear in valid UTF-8, so losing it as
 * a raw byte costs no coverage: 0xFE and %FF reach the same code.) Missing parts are
 * empty. Every parser is run and its output checked against the contract in form.h;
 * a broken invariant aborts, which libFuzzer reports as a crash. */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/form.h"

#define SEP 0xff
#define NPARTS 5

#define CHECK(cond)                                                                        \
	do {                                                                               \
		if (!(cond)) {                                                             \
			fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #cond); \
			abort();                                                           \
		}                                                                          \
	} while (0)

/* Independent of form.c on purpose: a second reading of "valid UTF-8, no NUL, C0 only
 * \t \r \n" (or no controls at all for cookies). Decodes code points and checks ranges. */
static int text_valid(const unsigned char *s, size_t n, int allow_ws)
{
	size_t i = 0, k, extra;
	uint32_t cp, min;

	while (i < n) {
		unsigned char c = s[i];

		if (c < 0x80) {
			if (c == 0x7f && !allow_ws)
				return 0;
			if (c < 0x20 && !(allow_ws && (c == 9 || c == 10 || c == 13)))
				return 0;
			i++;
			continue;
		}
		if ((c & 0xe0) == 0xc0) {
			extra = 1; cp = c & 0x1f; min = 0x80;
		} else if ((c & 0xf0) == 0xe0) {
			extra = 2; cp = c & 0x0f; min = 0x800;
		} else if ((c & 0xf8) == 0xf0) {
			extra = 3; cp = c & 0x07; min = 0x10000;
		} else {
			return 0;
		}
		if (n - i <= extra)
			return 0;
		for (k = 1; k <= extra; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return 0;
			cp = cp << 6 | (s[i + k] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		i += extra + 1;
	}
	return 1;
}

static void check_list(const struct kvlist *l, enum parse_err err, const struct parse_limits *lim,
		       int allow_ws)
{
	size_t i;

	CHECK(err >= PARSE_OK && err <= PARSE_NOMEM);
	if (err != PARSE_OK) {
		CHECK(l->n == 0 && l->items == NULL);
		return;
	}
	CHECK(l->n <= lim->max_fields);
	CHECK(l->n <= l->cap);
	for (i = 0; i < l->n; i++) {
		const struct kv *kv = &l->items[i];
		size_t nlen = strlen(kv->name);
		size_t cnt;

		CHECK(nlen > 0 && nlen <= lim->max_name_len);
		CHECK(kv->value_len <= lim->max_value_len);
		/* no NUL hidden inside the value: C string and length agree */
		CHECK(memchr(kv->value, '\0', kv->value_len) == NULL);
		CHECK(kv->value[kv->value_len] == '\0');
		CHECK(text_valid((const unsigned char *)kv->name, nlen, allow_ws));
		CHECK(text_valid((const unsigned char *)kv->value, kv->value_len, allow_ws));
		if (i >= 16 && i + 1 < l->n)
			continue;   /* lookups are O(n): checking them all makes runs quadratic */
		cnt = kv_count(l, kv->name);
		CHECK(cnt >= 1);
		CHECK(kv_get_nth(l, kv->name, 0) != NULL);
		CHECK(kv_get_nth(l, kv->name, cnt - 1) != NULL);
		CHECK(kv_get_nth(l, kv->name, cnt) == NULL);
		CHECK((kv_get(l, kv->name) != NULL) == (cnt == 1));
	}
}

static void check_cookies(const struct kvlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		const char *nm = l->items[i].name;
		size_t nlen = strlen(nm);

		CHECK(!strpbrk(nm, "=; \t\""));
		CHECK(!memchr(l->items[i].value, ';', l->items[i].value_len));
		CHECK(nlen > 0);
	}
}

static void run_form(const char *p, size_t len, const struct parse_limits *lim)
{
	struct kvlist l = { 0 };
	enum parse_err err;
	size_t before;

	err = parse_urlencoded(p, len, lim, &l);
	check_list(&l, err, lim, 1);
	/* appending a second time keeps the first result and doubles it */
	if (err == PARSE_OK) {
		before = l.n;
		err = parse_urlencoded(p, len, lim, &l);
		CHECK(err == PARSE_OK);   /* deterministic */
		CHECK(l.n == 2 * before);
	}
	kvlist_clear(&l);
	CHECK(l.n == 0 && l.items == NULL && l.cap == 0);
}

static void run_decode(const char *p, size_t len, int plus)
{
	char *out = NULL;
	size_t olen = 0;
	enum parse_err err = url_decode(p, len, plus, &out, &olen);

	if (err != PARSE_OK) {
		CHECK(out == NULL && olen == 0);
		return;
	}
	CHECK(out != NULL);
	CHECK(olen <= len);
	CHECK(out[olen] == '\0');
	CHECK(memchr(out, '\0', olen) == NULL);
	CHECK(text_valid((const unsigned char *)out, olen, 1));
	if (!memchr(p, '%', len) && (!plus || !memchr(p, '+', len)))
		CHECK(olen == len && !memcmp(out, p, len));   /* nothing to decode */
	free(out);
}

static void run_numbers(const char *s, size_t len)
{
	char buf[32];
	size_t cl = 0;
	long long v = 0, lo, hi;
	int r;

	/* content length: success means the canonical spelling of a value <= max */
	r = parse_content_length(s, 1 << 20, &cl);
	if (r == 0) {
		CHECK(cl <= 1 << 20);
		snprintf(buf, sizeof buf, "%zu", cl);
		CHECK(!strcmp(buf, s));
	}
	if (parse_content_length(s, SIZE_MAX, &cl) == 0) {
		snprintf(buf, sizeof buf, "%zu", cl);
		CHECK(!strcmp(buf, s));
	} else {
		CHECK(r != 0);   /* a smaller max never accepts more */
	}

	if (parse_id(s, len, &v) == 0) {
		CHECK(v > 0);
		snprintf(buf, sizeof buf, "%lld", v);
		CHECK(strlen(buf) == len && !memcmp(buf, s, len));
	}

	/* integers: agree with strtoll on the strings both accept */
	if (parse_int64(s, LLONG_MIN, LLONG_MAX, &v) == 0) {
		char *end;
		long long w;

		CHECK(len > 0 && strlen(s) == len);
		w = strtoll(s, &end, 10);
		CHECK(*end == '\0' && w == v);
		lo = v == LLONG_MIN ? v : v - 1;
		hi = v == LLONG_MAX ? v : v + 1;
		CHECK(parse_int64(s, v, v, &w) == 0 && w == v);
		if (lo != v)
			CHECK(parse_int64(s, LLONG_MIN, lo, &w) == -1);
		if (hi != v)
			CHECK(parse_int64(s, hi, LLONG_MAX, &w) == -1);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Tiny limits reach the limit paths that the defaults (64 KiB) never would here. */
	static const struct parse_limits tiny = { .max_fields = 3, .max_name_len = 4, .max_value_len = 8 };
	const char *part[NPARTS];
	size_t plen[NPARTS], start = 0, i, k = 0;
	char *cookie = NULL, *num = NULL;
	struct kvlist l = { 0 };
	enum parse_err err;

#if defined(FUZZ_BODY) || defined(FUZZ_QUERY)
	/* One parser alone, the whole input its text: a form body or a query string. */
	(void)i; (void)k; (void)start; (void)part; (void)plen; (void)err; (void)l;
	run_decode((const char *)data, size, 1);
	run_form((const char *)data, size, &PARSE_DEFAULT_LIMITS);
#ifdef FUZZ_BODY
	run_form((const char *)data, size, &tiny);
#endif
	return 0;
#elif defined(FUZZ_COOKIE)
	(void)i; (void)k; (void)start; (void)part; (void)plen; (void)tiny;
	cookie = malloc(size + 1);
	if (!cookie)
		return 0;
	memcpy(cookie, data, size);
	cookie[size] = '\0';
	err = parse_cookies(cookie, &PARSE_DEFAULT_LIMITS, &l);
	check_list(&l, err, &PARSE_DEFAULT_LIMITS, 0);
	check_cookies(&l);
	kvlist_clear(&l);
	err = parse_cookies(cookie, &tiny, &l);
	check_list(&l, err, &tiny, 0);
	kvlist_clear(&l);
	free(cookie);
	(void)num;
	return 0;
#endif
	for (i = 0; i < NPARTS; i++) {
		part[i] = "";
		plen[i] = 0;
	}
	for (i = 0; i <= size && k < NPARTS; i++) {
		if (i == size || data[i] == SEP) {
			part[k] = (const char *)data + start;
			plen[k] = i - start;
			k++;
			start = i + 1;
		}
	}

	run_decode(part[0], plen[0], 1);
	run_decode(part[1], plen[1], 0);
	run_form(part[0], plen[0], &PARSE_DEFAULT_LIMITS);
	run_form(part[1], plen[1], &PARSE_DEFAULT_LIMITS);
	run_form(part[1], plen[1], &tiny);

	/* the Cookie header and CONTENT_LENGTH come as C strings from the FastCGI params */
	cookie = malloc(plen[2] + 1);
	num = malloc(plen[3] + plen[4] + 1);
	if (!cookie || !num)
		goto out;
	memcpy(cookie, part[2], plen[2]);
	cookie[plen[2]] = '\0';
	err = parse_cookies(cookie, &PARSE_DEFAULT_LIMITS, &l);
	check_list(&l, err, &PARSE_DEFAULT_LIMITS, 0);
	check_cookies(&l);
	kvlist_clear(&l);
	err = parse_cookies(cookie, &tiny, &l);
	check_list(&l, err, &tiny, 0);
	kvlist_clear(&l);

	memcpy(num, part[3], plen[3]);
	num[plen[3]] = '\0';
	run_numbers(num, strlen(num));
	memcpy(num, part[4], plen[4]);
	num[plen[4]] = '\0';
	run_numbers(num, strlen(num));
out:
	free(cookie);
	free(num);
	return 0;
}
