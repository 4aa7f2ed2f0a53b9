/* Field validation against the declared specs. */
#include "http/fields.h"

#include <string.h>

#include "view/view.h"

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
