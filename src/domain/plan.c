/* Negotiation plan bundles: see plan.h for the format. */
#include "domain/plan.h"

#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/hex.h"

void plan_limits_clear(struct plan_limits *l)
{
	l->min_price = l->max_discount_bp = l->max_payment_days = l->walkaway_payment_days = -1;
	l->min_margin_bp = l->walkaway_margin_bp = l->ladder_step_bp = -1;
}

/* Decimal integer >= 0 of at most 18 digits, s[0..n). */
static int parse_num(const char *s, size_t n, long long *v)
{
	long long r = 0;
	if (n == 0 || n > 18)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		r = r * 10 + (s[i] - '0');
	}
	*v = r;
	return 0;
}

/* Percent-decode s[0..n) into b; a literal control byte, '=' or bad escape is malformed. */
static int pct_decode(const char *s, size_t n, struct buf *b)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '%') {
			int h, l;
			if (i + 2 >= n)
				return -1;
			h = hex_digit((unsigned char)s[i + 1]);
			l = hex_digit((unsigned char)s[i + 2]);
			if (h < 0 || l < 0 || (h == 0 && l == 0))
				return -1;
			char d = (char)(h * 16 + l);
			if (buf_append(b, &d, 1) < 0)
				return -1;
			i += 2;
		} else if (c < 0x20 || c == 0x7f || c == '=') {
			return -1;
		} else if (buf_append(b, (const char *)&c, 1) < 0) {
			return -1;
		}
	}
	if (!b->data && buf_append(b, "", 0) < 0)
		return -1;
	return 0;
}

struct key {
	const char *name;
	size_t off;      /* offsetof in plan_limits; (size_t)-1 = the text value "batna" */
};

#define LIM(f) offsetof(struct plan_limits, f)

static const struct key conf_keys[] = {
	{ "batna", (size_t)-1 },
	{ "min_price", LIM(min_price) },
	{ "max_discount_bp", LIM(max_discount_bp) },
	{ "max_payment_days", LIM(max_payment_days) },
	{ "walkaway_payment_days", LIM(walkaway_payment_days) },
	{ NULL, 0 },
};

static const struct key restr_keys[] = {
	{ "min_margin_bp", LIM(min_margin_bp) },
	{ "walkaway_margin_bp", LIM(walkaway_margin_bp) },
	{ NULL, 0 },
};

/* Walk a bundle; numbers go into *l, the batna (when batna != NULL) into it. */
static int parse_bundle(const char *s, const struct key *keys, struct plan_limits *l, struct buf *batna)
{
	const char *p = s;
	if (!s)
		return 0;
	while (*p) {
		const char *nl = strchr(p, '\n');
		const char *eq;
		if (!nl)
			return -1;
		eq = memchr(p, '=', (size_t)(nl - p));
		if (!eq || eq == p)
			return -1;
		size_t klen = (size_t)(eq - p);
		const char *v = eq + 1;
		size_t vlen = (size_t)(nl - v);
		for (const struct key *k = keys; k->name; k++) {
			if (strlen(k->name) != klen || memcmp(k->name, p, klen) != 0)
				continue;
			if (k->off == (size_t)-1) {
				struct buf tmp = { 0 };
				int rc = pct_decode(v, vlen, &tmp);
				if (rc == 0 && batna) {
					buf_reset(batna);
					rc = buf_append(batna, tmp.data, tmp.len);
				}
				buf_free(&tmp);
				if (rc < 0)
					return -1;
			} else {
				long long n;
				if (parse_num(v, vlen, &n) < 0)
					return -1;
				*(long long *)((char *)l + k->off) = n;
			}
			break;
		}
		p = nl + 1;
	}
	return 0;
}

int plan_limits_parse(const char *conf_plain, const char *restr_plain, struct plan_limits *out)
{
	plan_limits_clear(out);
	if (parse_bundle(conf_plain, conf_keys, out, NULL) < 0 ||
	    parse_bundle(restr_plain, restr_keys, out, NULL) < 0) {
		plan_limits_clear(out);
		return -1;
	}
	return 0;
}

int plan_batna_parse(const char *conf_plain, char **batna)
{
	struct plan_limits l;
	struct buf b = { 0 };
	plan_limits_clear(&l);
	*batna = NULL;
	if (parse_bundle(conf_plain, conf_keys, &l, &b) < 0 || buf_append(&b, "", 0) < 0) {
		buf_free(&b);
		return -1;
	}
	*batna = buf_detach(&b);
	if (!*batna) {
		*batna = strdup("");
		if (!*batna)
			return -1;
	}
	return 0;
}

static int put_num(struct buf *b, const char *name, long long v)
{
	if (v < 0)
		return 0;
	return buf_printf(b, "%s=%lld\n", name, v) < 0 ? -1 : 0;
}

int plan_conf_encode(const char *batna, const struct plan_limits *l, char **out)
{
	static const char hex[] = "0123456789ABCDEF";
	struct buf b = { 0 };
	*out = NULL;
	if (batna && *batna) {
		if (buf_puts(&b, "batna=") < 0)
			goto oom;
		for (const unsigned char *p = (const unsigned char *)batna; *p; p++) {
			char e[3];
			if (*p == '%' || *p == '=' || *p < 0x20 || *p == 0x7f) {
				e[0] = '%';
				e[1] = hex[*p >> 4];
				e[2] = hex[*p & 15];
				if (buf_append(&b, e, 3) < 0)
					goto oom;
			} else if (buf_append(&b, (const char *)p, 1) < 0) {
				goto oom;
			}
		}
		if (buf_puts(&b, "\n") < 0)
			goto oom;
	}
	if (put_num(&b, "min_price", l->min_price) < 0 ||
	    put_num(&b, "max_discount_bp", l->max_discount_bp) < 0 ||
	    put_num(&b, "max_payment_days", l->max_payment_days) < 0 ||
	    put_num(&b, "walkaway_payment_days", l->walkaway_payment_days) < 0)
		goto oom;
	if (b.len > 0)
		*out = buf_detach(&b);
	buf_free(&b);
	return 0;
oom:
	buf_free(&b);
	return -1;
}

int plan_restr_encode(const struct plan_limits *l, char **out)
{
	struct buf b = { 0 };
	*out = NULL;
	if (put_num(&b, "min_margin_bp", l->min_margin_bp) < 0 ||
	    put_num(&b, "walkaway_margin_bp", l->walkaway_margin_bp) < 0) {
		buf_free(&b);
		return -1;
	}
	if (b.len > 0)
		*out = buf_detach(&b);
	buf_free(&b);
	return 0;
}
