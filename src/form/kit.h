/* The form kit: every input a page reads — form bodies and query strings alike — is declared in a
 * table of typed fields, parsed by one parser per kind and reported with one message per kind of error
 * (templates/lang/{zh-CN,en}.hdf, keys form.*). Handlers see only typed, validated values.
 *
 * How a page uses it:
 *
 *   enum { F_NAME, F_EMAIL, F_DUE, F__N };
 *   static const struct fk_field fields[F__N] = {
 *       [F_NAME]  = { "name",  FK_TEXT,  FK_REQUIRED, .max = 200 },
 *       [F_EMAIL] = { "email", FK_EMAIL },
 *       [F_DUE]   = { "due",   FK_DATE },
 *   };
 *   static const struct fk_form form = { fields, F__N };
 *
 *   A create/update handler fills a struct fk_page (load, check, write, render, where to go) and
 *   calls fk_post(); the skeleton does load → 404 → parse → validate → 422 with everything typed
 *   kept → transaction (retried on deadlock) → audit → flash → 303. Inside the callbacks the values
 *   are run->v[F_NAME].s (text as typed), .i (numbers, ids, minor units, basis points, yyyymmdd,
 *   minutes), .cur (money currency), .rows (FK_ROWS). Extra rules report with fk_fail().
 *
 *   A list handler declares its filters, sort keys and cursor the same way and calls fk_query()
 *   (src/form/page.h): a value that does not fit its kind — an unknown sort key, a filter that is not
 *   one of its choices, a cursor that is not a number — is refused: 400, a page naming each parameter
 *   and its problem, with a link to the list without them. Nothing unchecked reaches SQL.
 *
 *   Templates render the fields with the macros of templates/layout/macros.cs (text_field,
 *   textarea_field, select_field, check_field; for rows row_input, row_area, row_select, row_check,
 *   row_remove, row_add), which read Form.values.<name>, Form.errors.<name> and for rows
 *   Form.rows.<list>.<k>.<field> / .err.<field>; fk_show() puts them there.
 *
 * Parsing (fk_parse, fk_query_parse) is pure — no I/O, no request state — so it is unit-tested and
 * fuzzed on its own (tests/unit/test_form_kit.c, tests/fuzz/fuzz_form_kit.c). */
#ifndef PARLEY_FORM_KIT_H
#define PARLEY_FORM_KIT_H

#include <stddef.h>

#include "http/form.h"

enum fk_kind {
	FK_TEXT,       /* one line of text; characters within [min, max] (max 0: 200) */
	FK_LONGTEXT,   /* multi-line text (a textarea); characters within [min, max] (max 0: 5000) */
	FK_INT,        /* integer within [min, max] */
	FK_ID,         /* positive id; .lookup says whether it exists and may be used (else not found) */
	FK_CHOICE,     /* one of choices[]; blank gives dflt when set */
	FK_BOOL,       /* a check box: "1" or absent */
	FK_DATE,       /* YYYY-MM-DD, a real day; .i = yyyymmdd; [min, max] as yyyymmdd when set */
	FK_TIME,       /* HH:MM, 00:00–23:59; .i = minutes since midnight */
	FK_MONEY,      /* amount → .i minor units (two decimals at most, thousands separators well placed),
	                * .cur the currency read from the field named by .currency; [min, max] minor units */
	FK_PERCENT,    /* percent → .i basis points, 0–100 % (max: a lower cap in basis points) */
	FK_EMAIL,      /* one address, at most 254 characters */
	FK_PHONE,      /* digits, spaces and + - ( ), at least 3 digits, at most 50 characters */
	FK_USER,       /* a user id; .lookup decides who may be assigned here (no lookup: nobody) */
	FK_ROWS,       /* repeatable group "<name>.<n>.<field>" of .row fields, at most .max rows */
};

enum {
	FK_REQUIRED = 1 << 0,   /* blank is an error (for FK_ROWS: at least one row) */
	FK_SIGNED = 1 << 1,     /* FK_MONEY: a leading '-' is allowed */
	FK_SECRET = 1 << 2,     /* never shown again (a password): a 422 keeps its message, not its value */
};

/* Whether id may be used in this field for this request: 1 yes, 0 no (does not exist, not visible,
 * may not be assigned), -1 error (the request fails). ctx is what the page passed to fk_parse. */
typedef int (*fk_lookup_fn)(void *ctx, long long id);

struct fk_form;

struct fk_field {
	const char *name;
	enum fk_kind kind;
	unsigned flags;
	long long min, max;
	const char *const *choices;     /* FK_CHOICE, NULL-terminated */
	const char *dflt;               /* FK_CHOICE: the value when blank */
	fk_lookup_fn lookup;            /* FK_ID, FK_USER */
	const char *currency;           /* FK_MONEY: name of the field holding the currency code */
	const struct fk_form *row;      /* FK_ROWS: the fields of one row */
};

struct fk_form {
	const struct fk_field *fields;
	size_t n;
};

struct fk_row;

struct fk_val {
	const char *s;        /* as typed ("" when absent); FK_CHOICE: dflt when blank */
	long long i;          /* the typed value, see the kinds; 0 when absent */
	const char *cur;      /* FK_MONEY: currency code, "" when none */
	int present;          /* not blank */
	const char *err;      /* language key of the problem, NULL when fine */
	struct fk_row *rows;  /* FK_ROWS: the submitted rows without the blank and removed ones */
	size_t nrows;
};

struct fk_row {
	struct fk_val *v;     /* one per row field */
	long long index;      /* n of "<list>.<n>.<field>" as submitted */
};

/* Row caps and the scan of row indexes. */
#define FK_ROWS_MAX 200
#define FK_ROW_INDEX_MAX 9999

/* Parses form's fields from src. Row lists skip the row named by remove ("<list>.<n>") and blank
 * rows. out has form->n entries; returns the number of fields with an error (each err set), or -1
 * when memory or a lookup failed. fk_free releases row storage (out may be partly filled). */
int fk_parse(const struct fk_form *form, const struct kvlist *src, const char *remove, void *ctx,
             struct fk_val *out);
void fk_free(const struct fk_form *form, struct fk_val *vals);

/* The same fields as query-string filters. A value with an error keeps its err (so the page can refuse
 * it, see fk_query) but its value is never passed on: it reads as absent, or its dflt for a choice.
 * Returns how many had an error, -1 on failure. Rows are not allowed in query strings. */
int fk_query_parse(const struct fk_form *form, const struct kvlist *query, void *ctx, struct fk_val *out);

/* An FK_DATE value (.i = yyyymmdd) as "YYYY-MM-DD"; "" when absent or wrong. */
void fk_date_iso(const struct fk_val *v, char out[11]);
/* Marks a field with a problem found by the page's own rules; returns 1 (to add to a count). */
int fk_set_err(struct fk_val *v, const char *key);
/* Index of name in form, or -1. */
int fk_index(const struct fk_form *form, const char *name);
/* Whether s is empty or white space only. */
int fk_blank(const char *s);

#endif
