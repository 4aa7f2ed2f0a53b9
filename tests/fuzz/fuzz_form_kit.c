/* libFuzzer target for the form kit (src/form/parse.c) and its query-string tables.
 *
 * The input is split on 0xFF bytes into: form body | query string | remove. The body and the query
 * go through the request parser first, as they do in the server; whatever it accepts is fed to
 * fk_parse over a form with every kind (rows included) and to fk_query_parse over a list's table.
 * The contract in src/form/kit.h is checked; a broken invariant aborts. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/units.h"
#include "form/kit.h"

#define SEP 0xff

#define CHECK(cond)                                                                                   \
	do {                                                                                          \
		if (!(cond)) {                                                                        \
			fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #cond);  \
			abort();                                                                      \
		}                                                                                     \
	} while (0)

static int odd_ok(void *ctx, long long id)
{
	(void)ctx;
	return (int)(id & 1);
}

static const char *const choices[] = { "a", "b", "c", NULL };
static const struct fk_field row_fields[] = {
	{ "what", FK_TEXT, FK_REQUIRED, .max = 20 },
	{ "owner", FK_USER, .lookup = odd_ok },
	{ "due", FK_DATE, .flags = 0 },
	{ "price", FK_MONEY, .currency = "cur" },
	{ "discount", FK_PERCENT, .flags = 0 },
	{ "kind", FK_CHOICE, .choices = choices, .dflt = "a" },
	{ "done", FK_BOOL, .flags = 0 },
};
static const struct fk_form row_form = { row_fields, sizeof row_fields / sizeof row_fields[0] };
static const struct fk_field fields[] = {
	{ "name", FK_TEXT, FK_REQUIRED, .min = 2, .max = 10 },
	{ "notes", FK_LONGTEXT, .flags = 0 },
	{ "n", FK_INT, .min = -5, .max = 500 },
	{ "id", FK_ID, .lookup = odd_ok },
	{ "user", FK_USER, .lookup = odd_ok },
	{ "choice", FK_CHOICE, .choices = choices },
	{ "check", FK_BOOL, .flags = 0 },
	{ "day", FK_DATE, .min = 20000101, .max = 20991231 },
	{ "at", FK_TIME, .flags = 0 },
	{ "amount", FK_MONEY, FK_SIGNED, .min = -100000, .max = 100000000, .currency = "currency" },
	{ "pct", FK_PERCENT, .max = 5000 },
	{ "email", FK_EMAIL, .flags = 0 },
	{ "phone", FK_PHONE, .flags = 0 },
	{ "rows", FK_ROWS, .max = 5, .row = &row_form },
};
static const struct fk_form form = { fields, sizeof fields / sizeof fields[0] };
static const char *const sorts[] = { "name", "updated", NULL };
static const struct fk_field qfields[] = {
	{ "q", FK_TEXT, .max = 100 },
	{ "sort", FK_CHOICE, .choices = sorts, .dflt = "name" },
	{ "after", FK_ID, .lookup = odd_ok },
	{ "from", FK_DATE, .flags = 0 },
	{ "owner", FK_USER, .lookup = odd_ok },
};
static const struct fk_form qform = { qfields, sizeof qfields / sizeof qfields[0] };

static void check_val(const struct fk_field *f, const struct fk_val *v)
{
	CHECK(v->s != NULL);
	CHECK(v->cur != NULL);
	CHECK(!v->err || !strncmp(v->err, "form.", 5));
	if (v->err)
		return;
	switch (f->kind) {
	case FK_INT:
		CHECK(!v->present || (v->i >= f->min && v->i <= f->max));
		break;
	case FK_ID:
	case FK_USER:
		CHECK(!v->present || (v->i > 0 && (v->i & 1)));
		break;
	case FK_MONEY:
		CHECK(!v->present || (v->i >= f->min && v->i <= (f->max ? f->max : MONEY_MAX)));
		CHECK(!*v->cur || currency_ok(v->cur));
		break;
	case FK_PERCENT:
		CHECK(!v->present || (v->i >= 0 && v->i <= (f->max ? f->max : 10000)));
		break;
	case FK_TIME:
		CHECK(!v->present || (v->i >= 0 && v->i < 24 * 60));
		break;
	case FK_DATE:
		CHECK(!v->present || (v->i >= 19000101 && v->i <= 99991231));
		break;
	case FK_CHOICE: {
		size_t k;
		int found = !v->present && (!f->dflt || !strcmp(v->s, f->dflt));
		for (k = 0; !found && f->choices[k]; k++)
			found = !strcmp(v->s, f->choices[k]);
		CHECK(found);
		break;
	}
	default:
		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *part[3] = { "", "", "" };
	size_t len[3] = { 0, 0, 0 }, p = 0, start = 0, i, r, k;
	struct kvlist body = { 0 }, query = { 0 };
	struct fk_val v[sizeof fields / sizeof fields[0]], q[sizeof qfields / sizeof qfields[0]];
	char *remove = NULL;
	int n;

	for (i = 0; i <= size && p < 3; i++) {
		if (i == size || data[i] == SEP) {
			part[p] = (const char *)data + start;
			len[p++] = i - start;
			start = i + 1;
		}
	}
	if (parse_urlencoded(part[0], len[0], NULL, &body) == PARSE_OK) {
		if (len[2] && url_decode(part[2], len[2], 1, &remove, &i) != PARSE_OK)
			remove = NULL;
		n = fk_parse(&form, &body, remove, NULL, v);
		CHECK(n >= 0 && (size_t)n <= 2 * body.n + form.n);
		for (i = 0; i < form.n; i++) {
			if (fields[i].kind != FK_ROWS) {
				check_val(&fields[i], &v[i]);
				continue;
			}
			CHECK(v[i].nrows <= body.n);
			CHECK(!v[i].err || v[i].nrows > 5 || !strcmp(v[i].err, "form.required"));
			for (r = 0; r < v[i].nrows; r++) {
				CHECK(v[i].rows[r].index >= 0 && v[i].rows[r].index <= FK_ROW_INDEX_MAX);
				CHECK(r == 0 || v[i].rows[r].index > v[i].rows[r - 1].index);
				for (k = 0; k < row_form.n; k++)
					check_val(&row_fields[k], &v[i].rows[r].v[k]);
			}
		}
		fk_free(&form, v);
		free(remove);
	}
	if (parse_urlencoded(part[1], len[1], NULL, &query) == PARSE_OK) {
		n = fk_query_parse(&qform, &query, NULL, q);
		CHECK(n >= 0 && (size_t)n <= qform.n);
		for (i = 0; i < qform.n; i++) {
			check_val(&qfields[i], &q[i]);
			CHECK(!q[i].err || !q[i].present);   /* a bad filter is reported, never passed on */
		}
	}
	kvlist_clear(&body);
	kvlist_clear(&query);
	return 0;
}
