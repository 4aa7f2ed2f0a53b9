/* The kinds of the form kit: one parser and one message key per kind of error. Pure: reads a kvlist,
 * writes fk_val, allocates only row storage. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/units.h"
#include "form/kit.h"

int fk_blank(const char *s)
{
	for (; s && *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
			return 0;
	return 1;
}

int fk_set_err(struct fk_val *v, const char *key)
{
	if (!v->err)
		v->err = key;
	return 1;
}

void fk_date_iso(const struct fk_val *v, char out[11])
{
	out[0] = '\0';
	if (v->present && !v->err && v->i >= 10000101 && v->i <= 99991231)
		snprintf(out, 11, "%04lld-%02lld-%02lld", v->i / 10000, v->i / 100 % 100, v->i % 100);
}

int fk_index(const struct fk_form *form, const char *name)
{
	size_t i;

	for (i = 0; form && name && i < form->n; i++)
		if (!strcmp(form->fields[i].name, name))
			return (int)i;
	return -1;
}

/* Code points of well-formed UTF-8 (RFC 3629: no overlongs, surrogates, > U+10FFFF); -1 otherwise. */
static long long chars(const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	long long n = 0;
	size_t need, k;
	unsigned char lo, hi;

	while (*s) {
		if (*s < 0x80) {
			s++;
			n++;
			continue;
		}
		lo = 0x80;
		hi = 0xbf;
		if (*s >= 0xc2 && *s <= 0xdf)
			need = 1;
		else if (*s == 0xe0)
			need = 2, lo = 0xa0;
		else if (*s == 0xed)
			need = 2, hi = 0x9f;
		else if (*s >= 0xe1 && *s <= 0xef)
			need = 2;
		else if (*s == 0xf0)
			need = 3, lo = 0x90;
		else if (*s >= 0xf1 && *s <= 0xf3)
			need = 3;
		else if (*s == 0xf4)
			need = 3, hi = 0x8f;
		else
			return -1;
		if (s[1] < lo || s[1] > hi)
			return -1;
		for (k = 2; k <= need; k++)
			if ((s[k] & 0xc0) != 0x80)
				return -1;
		s += need + 1;
		n++;
	}
	return n;
}

static const char *text_check(const struct fk_field *f, const char *s, long long dflt_max)
{
	long long n = chars(s), max = f->max > 0 ? f->max : dflt_max;

	if (n < 0)
		return "form.invalid";
	if (n > max)
		return "form.too_long";
	if (n < f->min)
		return "form.too_short";
	return NULL;
}

static const char *int_check(const struct fk_field *f, const char *s, long long *out)
{
	long long v;

	if (parse_int64(s, LLONG_MIN, LLONG_MAX, &v) < 0)
		return "form.bad_number";
	if (v < 0 && f->min >= 0)
		return "form.negative";
	if (v < f->min || v > f->max)
		return "form.out_of_range";
	*out = v;
	return NULL;
}

static const char *date_check(const struct fk_field *f, const char *s, long long *out)
{
	int y, m, d;
	long long v;

	if (date_parse(s, &y, &m, &d) < 0)
		return "form.bad_date";
	v = (long long)y * 10000 + m * 100 + d;
	if ((f->min && v < f->min) || (f->max && v > f->max))
		return "form.out_of_range";
	*out = v;
	return NULL;
}

static const char *time_check(const char *s, long long *out)
{
	int h, m;

	if (strlen(s) != 5 || s[2] != ':' || strspn(s, "0123456789:") != 5 || strchr(s + 3, ':') ||
	    strchr(s, ':') != s + 2)
		return "form.bad_time";
	h = (s[0] - '0') * 10 + (s[1] - '0');
	m = (s[3] - '0') * 10 + (s[4] - '0');
	if (h > 23 || m > 59)
		return "form.bad_time";
	*out = h * 60 + m;
	return NULL;
}

static const char *money_check(const struct fk_field *f, const struct kvlist *src, const char *s,
                               struct fk_val *v)
{
	long long minor, max = f->max > 0 ? f->max : MONEY_MAX;
	int neg = s[0] == '-';
	const char *cur;

	if (neg && !(f->flags & FK_SIGNED))
		return money_parse(s + 1, &minor) < 0 ? "form.bad_money" : "form.negative";
	if (money_parse(s + neg, &minor) < 0)
		return "form.bad_money";
	if (neg)
		minor = -minor;
	if (minor > max || minor < f->min)
		return "form.out_of_range";
	v->i = minor;
	cur = f->currency ? kv_get(src, f->currency) : NULL;
	v->cur = cur && currency_ok(cur) ? cur : "";
	return NULL;
}

static const char *percent_check(const struct fk_field *f, const char *s, long long *out)
{
	long long bp;

	if (s[0] == '-')
		return bp_parse(s + 1, &bp) < 0 ? "form.bad_percent" : "form.negative";
	if (bp_parse(s, &bp) < 0)
		return "form.bad_percent";
	if ((f->max > 0 && bp > f->max) || bp < f->min)
		return "form.out_of_range";
	*out = bp;
	return NULL;
}

static int email_ok(const char *s)
{
	const char *at = strchr(s, '@'), *dot;
	size_t len = strlen(s);

	if (!at || at == s || strchr(at + 1, '@') || len > 254)
		return 0;
	if (strpbrk(s, " \t\r\n<>\"(),;:[]\\"))
		return 0;
	dot = strrchr(at + 1, '.');
	return dot && dot > at + 1 && dot[1] != '\0';
}

static int phone_ok(const char *s)
{
	size_t digits = 0;

	if (strlen(s) > 50 || strspn(s, "0123456789+-() ") != strlen(s))
		return 0;
	for (; *s; s++)
		digits += *s >= '0' && *s <= '9';
	return digits >= 3;
}

/* One value of a non-row kind. Returns an error key or NULL; -1 through *fail on lookup failure. */
static const char *check_one(const struct fk_field *f, const struct kvlist *src, const char *s, void *ctx,
                             struct fk_val *v, int *fail)
{
	size_t k;
	int ok;

	v->s = s;
	v->present = !fk_blank(s);
	if (chars(s) < 0)
		return "form.invalid";
	if (!v->present) {
		if (f->kind == FK_CHOICE && f->dflt)
			v->s = f->dflt;
		return f->flags & FK_REQUIRED ? "form.required" : NULL;
	}
	switch (f->kind) {
	case FK_TEXT:
		return text_check(f, s, 200);
	case FK_LONGTEXT:
		return text_check(f, s, 5000);
	case FK_INT:
		return int_check(f, s, &v->i);
	case FK_ID:
	case FK_USER:
		if (parse_id(s, strlen(s), &v->i) < 0)
			return "form.invalid";
		ok = f->lookup ? f->lookup(ctx, v->i) : 0;
		if (ok < 0)
			*fail = 1;
		if (ok == 1)
			return NULL;
		v->i = 0;
		return f->kind == FK_USER ? "form.not_assignable" : "form.not_found";
	case FK_CHOICE:
		for (k = 0; f->choices && f->choices[k]; k++)
			if (!strcmp(f->choices[k], s))
				return NULL;
		return "form.invalid_choice";
	case FK_BOOL:
		if (strcmp(s, "1"))
			return "form.invalid_choice";
		v->i = 1;
		return NULL;
	case FK_DATE:
		return date_check(f, s, &v->i);
	case FK_TIME:
		return time_check(s, &v->i);
	case FK_MONEY:
		return money_check(f, src, s, v);
	case FK_PERCENT:
		return percent_check(f, s, &v->i);
	case FK_EMAIL:
		return email_ok(s) ? NULL : "form.bad_email";
	case FK_PHONE:
		return phone_ok(s) ? NULL : "form.bad_phone";
	case FK_ROWS:
		break;
	}
	return "form.invalid";
}

/* The value of name in src: NULL with *dup set when it was sent more than once. */
static const char *single(const struct kvlist *src, const char *name, int *dup)
{
	size_t n = kv_count(src, name);

	*dup = n > 1;
	return n ? kv_get_nth(src, name, 0) : NULL;
}

static int field_parse(const struct fk_field *f, const struct kvlist *src, void *ctx, struct fk_val *v, int *fail)
{
	int dup;
	const char *s = single(src, f->name, &dup);

	memset(v, 0, sizeof *v);
	v->s = "";
	v->cur = "";
	if (dup) {
		v->s = s;   /* the first copy is shown again; none is used */
		v->err = "form.duplicate";
		return 1;
	}
	v->err = check_one(f, src, s ? s : "", ctx, v, fail);
	if (v->err && f->kind != FK_CHOICE)
		v->i = 0;
	return v->err != NULL;
}

/* n of "<list>.<n>." at the start of name, or -1. */
static long long row_index(const char *name, const char *list)
{
	size_t ll = strlen(list), k;
	long long n = 0;

	if (strncmp(name, list, ll) || name[ll] != '.')
		return -1;
	name += ll + 1;
	for (k = 0; name[k] >= '0' && name[k] <= '9'; k++) {
		if (k >= 4 || (k == 1 && name[0] == '0'))
			return -1;
		n = n * 10 + (name[k] - '0');
	}
	return k && name[k] == '.' ? n : -1;
}

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return (x > y) - (x < y);
}

static void rows_free(const struct fk_form *rf, struct fk_val *v)
{
	size_t r;

	for (r = 0; r < v->nrows; r++) {
		fk_free(rf, v->rows[r].v);
		free(v->rows[r].v);
	}
	free(v->rows);
	v->rows = NULL;
	v->nrows = 0;
}

static int rows_parse(const struct fk_field *f, const struct kvlist *src, const char *remove, void *ctx,
                      struct fk_val *v, int *fail)
{
	const struct fk_form *rf = f->row;
	long long *idx = NULL, max = f->max > 0 && f->max < FK_ROWS_MAX ? f->max : FK_ROWS_MAX;
	size_t nidx = 0, i, k, kept = 0;
	char name[96];
	int bad = 0;

	memset(v, 0, sizeof *v);
	v->s = "";
	v->cur = "";
	if (!rf || !rf->n)
		return 0;
	idx = malloc((src->n ? src->n : 1) * sizeof *idx);
	if (!idx)
		goto oom;
	for (i = 0; i < src->n; i++) {
		long long n = row_index(src->items[i].name, f->name);
		if (n >= 0 && n <= FK_ROW_INDEX_MAX)
			idx[nidx++] = n;
	}
	qsort(idx, nidx, sizeof *idx, cmp_ll);
	v->rows = calloc(nidx ? nidx : 1, sizeof *v->rows);
	if (!v->rows)
		goto oom;
	for (i = 0; i < nidx; i++) {
		struct kvlist one = { 0 };
		struct fk_val *rv;
		int blank = 1, rbad = 0;
		if (i && idx[i] == idx[i - 1])
			continue;
		snprintf(name, sizeof name, "%s.%lld", f->name, idx[i]);
		if (remove && !strcmp(remove, name))
			continue;
		rv = calloc(rf->n, sizeof *rv);
		if (!rv)
			goto oom;
		/* The row's fields under their short names, so that one parser serves rows and forms. */
		for (k = 0; k < src->n; k++) {
			const char *nm = src->items[k].name;
			size_t pl = strlen(name);
			if (!strncmp(nm, name, pl) && nm[pl] == '.' &&
			    kvlist_add(&one, nm + pl + 1, src->items[k].value, src->items[k].value_len) < 0) {
				kvlist_clear(&one);
				free(rv);
				goto oom;
			}
		}
		for (k = 0; k < rf->n; k++) {
			int dup;
			const char *s = single(&one, rf->fields[k].name, &dup);
			if (dup || (s && !fk_blank(s) && !(rf->fields[k].kind == FK_CHOICE && rf->fields[k].dflt &&
			                                   !strcmp(s, rf->fields[k].dflt))))
				blank = 0;
		}
		if (blank) {
			kvlist_clear(&one);
			free(rv);
			continue;
		}
		for (k = 0; k < rf->n; k++)
			rbad += field_parse(&rf->fields[k], &one, ctx, &rv[k], fail);
		/* The values point into one: move them to storage that lives as long as src. */
		for (k = 0; k < rf->n; k++) {
			size_t j;
			for (j = 0; j < one.n; j++) {
				if (rv[k].s == one.items[j].value) {
					char full[160];
					snprintf(full, sizeof full, "%s.%s", name, one.items[j].name);
					rv[k].s = kv_get_nth(src, full, 0);
					if (!rv[k].s)
						rv[k].s = "";
				}
				if (rv[k].cur == one.items[j].value) {
					char full[160];
					snprintf(full, sizeof full, "%s.%s", name, one.items[j].name);
					rv[k].cur = kv_get_nth(src, full, 0);
					if (!rv[k].cur)
						rv[k].cur = "";
				}
			}
		}
		kvlist_clear(&one);
		v->rows[v->nrows].v = rv;
		v->rows[v->nrows].index = idx[i];
		v->nrows++;
		kept++;
		bad += rbad;
	}
	free(idx);
	v->present = kept > 0;
	if ((long long)kept > max)
		bad += fk_set_err(v, "form.too_many_rows");
	else if (!kept && (f->flags & FK_REQUIRED))
		bad += fk_set_err(v, "form.required");
	return bad;
oom:
	free(idx);
	rows_free(rf, v);
	*fail = 1;
	return 0;
}

int fk_parse(const struct fk_form *form, const struct kvlist *src, const char *remove, void *ctx,
             struct fk_val *out)
{
	static const struct kvlist empty = { 0 };
	int bad = 0, fail = 0;
	size_t i;

	if (!src)
		src = &empty;
	for (i = 0; i < form->n; i++) {
		if (form->fields[i].kind == FK_ROWS)
			bad += rows_parse(&form->fields[i], src, remove, ctx, &out[i], &fail);
		else
			bad += field_parse(&form->fields[i], src, ctx, &out[i], &fail);
	}
	return fail ? -1 : bad;
}

void fk_free(const struct fk_form *form, struct fk_val *vals)
{
	size_t i;

	for (i = 0; vals && i < form->n; i++)
		if (form->fields[i].kind == FK_ROWS)
			rows_free(form->fields[i].row, &vals[i]);
}

int fk_query_parse(const struct fk_form *form, const struct kvlist *query, void *ctx, struct fk_val *out)
{
	static const struct kvlist empty = { 0 };
	int dropped = 0, fail = 0;
	size_t i;

	if (!query)
		query = &empty;
	for (i = 0; i < form->n; i++) {
		const struct fk_field *f = &form->fields[i];
		if (f->kind == FK_ROWS) {
			memset(&out[i], 0, sizeof out[i]);
			out[i].s = out[i].cur = "";
			continue;
		}
		if (!field_parse(f, query, ctx, &out[i], &fail))
			continue;
		/* Not passed on: absent, or the declared default (the first sort key, say). */
		dropped++;
		out[i].s = f->kind == FK_CHOICE && f->dflt ? f->dflt : "";
		out[i].i = 0;
		out[i].cur = "";
		out[i].present = 0;
	}
	return fail ? -1 : dropped;
}
