/* Field validation against the declared specs. */
#include "http/fields.h"

#include <string.h>

#include "view/view.h"

long long utf8_chars(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	long long n = 0;

	while (*p) {
		size_t len;
		if (*p < 0x80)
			len = 1;
		else if ((*p & 0xE0) == 0xC0)
			len = 2;
		else if ((*p & 0xF0) == 0xE0)
			len = 3;
		else if ((*p & 0xF8) == 0xF0)
			len = 4;
		else
			return -1;
		for (size_t k = 1; k < len; k++)
			if ((p[k] & 0xC0) != 0x80)
				return -1;
		p += len;
		n++;
	}
	return n;
}

void utf8_clip(const char *in, char *out, size_t outsz)
{
	size_t n = strlen(in);

	if (n >= outsz) {
		n = outsz - 1;
		while (n > 0 && ((unsigned char)in[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(out, in, n);
	out[n] = '\0';
}

static int blank(const char *s)
{
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
			return 0;
	return 1;
}

static const char *check(const struct field_spec *f, const char *s, struct field_val *v)
{
	long long n;
	size_t k;

	v->s = s ? s : "";
	v->i = 0;
	v->present = s && !blank(s);
	if (!v->present)
		return f->required ? "form.required" : NULL;
	switch (f->kind) {
	case F_TEXT:
		n = utf8_chars(s);
		if (n < 0)
			return "form.invalid";
		if (n < f->min)
			return "form.too_short";
		if (n > f->max)
			return "form.too_long";
		return NULL;
	case F_INT:
		if (parse_int64(s, f->min, f->max, &v->i) < 0)
			return "form.bad_number";
		return NULL;
	case F_ID:
		if (parse_id(s, strlen(s), &v->i) < 0)
			return "form.invalid";
		return NULL;
	case F_CHOICE:
		for (k = 0; f->choices && f->choices[k]; k++)
			if (!strcmp(f->choices[k], s))
				return NULL;
		return "form.invalid_choice";
	}
	return "form.invalid";
}

int form_validate(struct req *rq, const struct field_spec *specs, size_t n, struct field_val *out)
{
	int bad = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		/* A duplicated single-valued field counts as invalid, not as "first wins". */
		const char *s = req_form(rq, specs[i].name);
		const char *err;

		memset(&out[i], 0, sizeof out[i]);
		out[i].s = "";
		err = (!s && kv_count(&rq->form, specs[i].name) > 1) ? "form.invalid" :
		                  check(&specs[i], s, &out[i]);
		if (err) {
			if (!s)
				out[i].s = "";
			view_form_error(rq, specs[i].name, err);
			bad++;
		}
	}
	return bad;
}

int form_keep(struct req *rq, const struct field_spec *specs, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const char *v = req_form(rq, specs[i].name);
		if (v && view_setf(rq, v, "Form.values.%s", specs[i].name) < 0)
			return -1;
	}
	return 0;
}
