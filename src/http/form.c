/* Parsing of untrusted HTTP input: percent-decoding, urlencoded query strings and
 * bodies, Cookie headers, CONTENT_LENGTH, integer fields and path ids.
 *
 * Everything here is pure (no I/O, no request state) so that it can be unit-tested and
 * fuzzed on its own (tests/unit/test_form.c, tests/fuzz/fuzz_request.c). The parsers are
 * deliberately strict: anything that is not well-formed UTF-8 text is refused before a
 * handler, a template or the database can see it, and the caps on field count and
 * length bound the work one request can cause. */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/form.h"
#include "util/hex.h"
#include "util/num.h"

const struct parse_limits PARSE_DEFAULT_LIMITS = {
	.max_fields = 2000,   /* a negotiation record with full lists runs to several hundred */
	.max_name_len = 64,
	.max_value_len = 64 * 1024,
};

/* Well-formed UTF-8 (RFC 3629 table, so no overlongs, surrogates or code points above
 * U+10FFFF) without C0 controls. Form text may keep \t \r \n (textareas); cookies, being
 * tokens, may keep none of them, nor DEL. */
static int text_ok(const unsigned char *s, size_t n, int allow_ws_ctl)
{
	size_t i = 0, k, need;
	unsigned char c, lo, hi;

	while (i < n) {
		c = s[i];
		if (c < 0x80) {
			if (c < 0x20 && !(allow_ws_ctl && (c == '\t' || c == '\r' || c == '\n')))
				return 0;
			if (c == 0x7f && !allow_ws_ctl)
				return 0;
			i++;
			continue;
		}
		lo = 0x80;
		hi = 0xbf;
		if (c >= 0xc2 && c <= 0xdf) {
			need = 1;
		} else if (c == 0xe0) {
			need = 2;
			lo = 0xa0;          /* below is an overlong 3-byte form */
		} else if (c == 0xed) {
			need = 2;
			hi = 0x9f;          /* above are the UTF-16 surrogates */
		} else if (c >= 0xe1 && c <= 0xef) {
			need = 2;
		} else if (c == 0xf0) {
			need = 3;
			lo = 0x90;          /* below is an overlong 4-byte form */
		} else if (c >= 0xf1 && c <= 0xf3) {
			need = 3;
		} else if (c == 0xf4) {
			need = 3;
			hi = 0x8f;          /* above is beyond U+10FFFF */
		} else {
			return 0;           /* 80..C1 (continuation, overlong 2-byte) and F5..FF */
		}
		if (n - i - 1 < need)
			return 0;
		if (s[i + 1] < lo || s[i + 1] > hi)
			return 0;
		for (k = 2; k <= need; k++)
			if ((s[i + k] & 0xc0) != 0x80)
				return 0;
		i += need + 1;
	}
	return 1;
}

static char *memdup0(const char *s, size_t len)
{
	char *p;

	if (len == SIZE_MAX)
		return NULL;
	p = malloc(len + 1);
	if (!p)
		return NULL;
	if (len)
		memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

enum parse_err url_decode(const char *in, size_t len, int plus_is_space, char **out, size_t *outlen)
{
	enum parse_err err = PARSE_BAD_ENCODING;
	const unsigned char *s = (const unsigned char *)in;
	char *buf = NULL;
	size_t i, o = 0;
	int hi, lo;

	*out = NULL;
	*outlen = 0;
	if (!in && len)
		goto out;
	if (len == SIZE_MAX) {
		err = PARSE_NOMEM;
		goto out;
	}
	buf = malloc(len + 1);   /* decoding never grows the text */
	if (!buf) {
		err = PARSE_NOMEM;
		goto out;
	}
	for (i = 0; i < len; i++) {
		if (s[i] == '%') {
			if (len - i < 3 || (hi = hex_digit((unsigned char)s[i + 1])) < 0 || (lo = hex_digit((unsigned char)s[i + 2])) < 0)
				goto out;
			buf[o++] = (char)(hi << 4 | lo);
			i += 2;
		} else if (s[i] == '+' && plus_is_space) {
			buf[o++] = ' ';
		} else {
			buf[o++] = (char)s[i];
		}
	}
	buf[o] = '\0';
	/* Validate after decoding: %-escapes must not smuggle in what raw bytes may not. */
	if (!text_ok((const unsigned char *)buf, o, 1))
		goto out;
	*out = buf;
	*outlen = o;
	buf = NULL;
	err = PARSE_OK;
out:
	free(buf);
	return err;
}

/* Appends, taking ownership of name and value (freed on failure too). */
static int kv_push(struct kvlist *l, char *name, char *value, size_t value_len)
{
	struct kv *items;
	size_t cap;

	if (l->n == l->cap) {
		cap = l->cap ? l->cap * 2 : 8;
		if (cap < l->cap || cap > SIZE_MAX / sizeof *items)
			goto fail;
		items = realloc(l->items, cap * sizeof *items);
		if (!items)
			goto fail;
		l->items = items;
		l->cap = cap;
	}
	l->items[l->n].name = name;
	l->items[l->n].value = value;
	l->items[l->n].value_len = value_len;
	l->n++;
	return 0;
fail:
	free(name);
	free(value);
	return -1;
}

int kvlist_add(struct kvlist *l, const char *name, const char *value, size_t value_len)
{
	char *n, *v;

	if (!l || !name || (!value && value_len))
		return -1;
	n = memdup0(name, strlen(name));
	v = memdup0(value ? value : "", value_len);
	if (!n || !v) {
		free(n);
		free(v);
		return -1;
	}
	return kv_push(l, n, v, value_len);
}

void kvlist_clear(struct kvlist *l)
{
	size_t i;

	if (!l)
		return;
	for (i = 0; i < l->n; i++) {
		free(l->items[i].name);
		free(l->items[i].value);
	}
	free(l->items);
	l->items = NULL;
	l->n = 0;
	l->cap = 0;
}

enum parse_err parse_urlencoded(const char *buf, size_t len, const struct parse_limits *lim,
				struct kvlist *out)
{
	enum parse_err err = PARSE_OK;
	const char *p, *end, *amp, *pend, *eq, *nend;
	char *name = NULL, *value = NULL;
	size_t nlen, vlen, added = 0;

	if (!lim)
		lim = &PARSE_DEFAULT_LIMITS;
	if (!buf || !len)
		return PARSE_OK;
	p = buf;
	end = buf + len;
	for (;;) {
		amp = memchr(p, '&', (size_t)(end - p));
		pend = amp ? amp : end;
		eq = memchr(p, '=', (size_t)(pend - p));
		nend = eq ? eq : pend;
		if (nend > p) {   /* "" and "=x" carry nothing a handler could ask for */
			if (added >= lim->max_fields) {
				err = PARSE_TOO_MANY_FIELDS;
				goto out;
			}
			err = url_decode(p, (size_t)(nend - p), 1, &name, &nlen);
			if (err != PARSE_OK)
				goto out;
			if (nlen > lim->max_name_len) {
				err = PARSE_FIELD_TOO_LONG;
				goto out;
			}
			if (eq)
				err = url_decode(eq + 1, (size_t)(pend - eq - 1), 1, &value, &vlen);
			else if (!(value = memdup0("", 0)))
				err = PARSE_NOMEM;
			else
				vlen = 0;
			if (err != PARSE_OK)
				goto out;
			if (vlen > lim->max_value_len) {
				err = PARSE_FIELD_TOO_LONG;
				goto out;
			}
			if (kv_push(out, name, value, vlen) < 0) {
				name = value = NULL;   /* kv_push freed them */
				err = PARSE_NOMEM;
				goto out;
			}
			name = value = NULL;
			added++;
		}
		if (!amp)
			break;
		p = amp + 1;
	}
out:
	free(name);
	free(value);
	if (err != PARSE_OK)
		kvlist_clear(out);   /* a half-parsed form must not reach a handler */
	return err;
}

static int is_tchar(unsigned char c)
{
	if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
		return 1;
	return c && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

static int is_sp(char c)
{
	return c == ' ' || c == '\t';
}

/* One "name=value" piece of a Cookie header, s[0..len). Malformed pieces are skipped
 * (PARSE_OK, nothing added): other sites' junk must not break our requests. */
static enum parse_err cookie_pair(const char *s, size_t len, const struct parse_limits *lim,
				  size_t *added, struct kvlist *out)
{
	const char *e = s + len, *eq, *n_end, *v;
	char *name, *value;
	size_t i, nlen, vlen;

	while (s < e && is_sp(*s))
		s++;
	while (e > s && is_sp(e[-1]))
		e--;
	eq = memchr(s, '=', (size_t)(e - s));
	if (!eq)
		return PARSE_OK;
	n_end = eq;
	while (n_end > s && is_sp(n_end[-1]))
		n_end--;
	nlen = (size_t)(n_end - s);
	v = eq + 1;
	while (v < e && is_sp(*v))
		v++;
	vlen = (size_t)(e - v);
	if (vlen >= 2 && v[0] == '"' && v[vlen - 1] == '"') {
		v++;
		vlen -= 2;
	}
	if (!nlen)
		return PARSE_OK;
	for (i = 0; i < nlen; i++)
		if (!is_tchar((unsigned char)s[i]))
			return PARSE_OK;
	if (!text_ok((const unsigned char *)v, vlen, 0))
		return PARSE_OK;
	if (*added >= lim->max_fields)
		return PARSE_TOO_MANY_FIELDS;
	if (nlen > lim->max_name_len || vlen > lim->max_value_len)
		return PARSE_FIELD_TOO_LONG;
	name = memdup0(s, nlen);
	value = memdup0(v, vlen);
	if (!name || !value) {
		free(name);
		free(value);
		return PARSE_NOMEM;
	}
	if (kv_push(out, name, value, vlen) < 0)
		return PARSE_NOMEM;
	(*added)++;
	return PARSE_OK;
}

enum parse_err parse_cookies(const char *header, const struct parse_limits *lim, struct kvlist *out)
{
	enum parse_err err = PARSE_OK;
	const char *p = header, *semi;
	size_t added = 0;

	if (!lim)
		lim = &PARSE_DEFAULT_LIMITS;
	while (p) {
		semi = strchr(p, ';');
		err = cookie_pair(p, semi ? (size_t)(semi - p) : strlen(p), lim, &added, out);
		if (err != PARSE_OK) {
			kvlist_clear(out);
			break;
		}
		p = semi ? semi + 1 : NULL;
	}
	return err;
}

int parse_content_length(const char *s, size_t max, size_t *out)
{
	unsigned long long v;
	size_t len;

	if (!s)
		return -1;
	len = strlen(s);
	if (len > 1 && s[0] == '0')
		return -1;   /* "007" is not a length any client sends; refuse to guess */
	if (parse_digits(s, len, max, &v) < 0)
		return -1;
	*out = (size_t)v;
	return 0;
}

int parse_id(const char *s, size_t len, long long *out)
{
	unsigned long long v;

	/* One spelling per id: "0123" and "123" must not be two URLs for one row. */
	if (!s || !len || s[0] == '0')
		return -1;
	if (parse_digits(s, len, (unsigned long long)LLONG_MAX, &v) < 0)
		return -1;
	*out = (long long)v;
	return 0;
}

const char *kv_get_nth(const struct kvlist *l, const char *name, size_t n)
{
	size_t i;

	if (!l || !name)
		return NULL;
	for (i = 0; i < l->n; i++) {
		if (strcmp(l->items[i].name, name))
			continue;
		if (n == 0)
			return l->items[i].value;
		n--;
	}
	return NULL;
}

size_t kv_count(const struct kvlist *l, const char *name)
{
	size_t i, c = 0;

	if (!l || !name)
		return 0;
	for (i = 0; i < l->n; i++)
		if (!strcmp(l->items[i].name, name))
			c++;
	return c;
}

const char *kv_get(const struct kvlist *l, const char *name)
{
	/* A single-valued field sent twice is ambiguous (HTTP parameter pollution): the
	 * front end and the back end could each believe a different copy. Treat as absent. */
	return kv_count(l, name) == 1 ? kv_get_nth(l, name, 0) : NULL;
}
