/* Declared inputs: each form lists its fields with a validator; handlers see only values that
 * passed. Errors go to the form (Form.errors.<field>) with what the user typed kept. */
#ifndef PARLEY_FIELDS_H
#define PARLEY_FIELDS_H

#include <stddef.h>

#include "http/http.h"
#include "util/utf8.h"   /* utf8_chars, used by the pages that validate text with it */

enum field_kind {
	F_TEXT,     /* UTF-8 text, length in characters within [min, max] */
	F_INT,      /* integer within [min, max] */
	F_ID,       /* positive id; empty means "none" (0) unless required */
	F_CHOICE,   /* one of choices[] */
};

struct field_spec {
	const char *name;
	enum field_kind kind;
	int required;
	long long min, max;              /* characters for F_TEXT, value for F_INT */
	const char *const *choices;      /* NULL-terminated, F_CHOICE */
};

struct field_val {
	const char *s;       /* the submitted text ("" when absent) */
	long long i;         /* parsed number for F_INT / F_ID */
	int present;         /* non-empty */
};

/* Validates every field; returns the number of invalid ones (each reported on the form). */
int form_validate(struct req *rq, const struct field_spec *specs, size_t n, struct field_val *out);
/* Keeps every declared field's submitted value for re-rendering. */
int form_keep(struct req *rq, const struct field_spec *specs, size_t n);

#endif
