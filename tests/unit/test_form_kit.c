/* The form kit: each kind on both sides of each bound, rows, query-string tables, and the page
 * skeleton (nothing written on bad input, deadlocks retried, a 404 never renders the form). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "app.h"
#include "form/kit.h"
#include "form/page.h"
#include "view/view.h"

/* ------------------------------------------------------------------ one field at a time */

static int allow_even(void *ctx, long long id)
{
	(void)ctx;
	return id % 2 == 0;
}

static int lookup_fails(void *ctx, long long id)
{
	(void)ctx;
	(void)id;
	return -1;
}

/* Parses name=value (value NULL: absent) against f; returns the error key or NULL, value in *out. */
static const char *one(const struct fk_field *f, const char *value, struct fk_val *out)
{
	struct kvlist src = { 0 };
	struct fk_form form = { f, 1 };
	int n;

	if (value)
		assert_int_equal(kvlist_add(&src, f->name, value, strlen(value)), 0);
	n = fk_parse(&form, &src, NULL, NULL, out);
	assert_true(n == 0 || n == 1);
	assert_int_equal(n == 1, out->err != NULL);
	/* The value typed is kept as typed, whatever the error. */
	if (value && out->err && f->kind != FK_CHOICE)
		assert_string_equal(out->s, value);
	kvlist_clear(&src);   /* out->s points into src: callers look at it before this */
	return out->err;
}

#define OK(f, v) do { struct fk_val _v; assert_null(one(&(f), (v), &_v)); } while (0)
#define ERR(f, v, key) do { struct fk_val _v; const char *_e = one(&(f), (v), &_v); \
	assert_non_null(_e); assert_string_equal(_e, key); } while (0)

static long long ival(const struct fk_field *f, const char *value)
{
	struct kvlist src = { 0 };
	struct fk_form form = { f, 1 };
	struct fk_val v;

	kvlist_add(&src, f->name, value, strlen(value));
	assert_int_equal(fk_parse(&form, &src, NULL, NULL, &v), 0);
	kvlist_clear(&src);
	return v.i;
}

static void test_text(void **state)
{
	static const struct fk_field req = { "name", FK_TEXT, FK_REQUIRED, .min = 2, .max = 5 };
	static const struct fk_field opt = { "name", FK_TEXT, 0, .min = 0, .max = 0 };
	static const struct fk_field lng = { "notes", FK_LONGTEXT, 0, .min = 0, .max = 0 };
	char big[6000];

	(void)state;
	ERR(req, NULL, "form.required");
	ERR(req, "", "form.required");
	ERR(req, "  \t", "form.required");
	ERR(req, "a", "form.too_short");
	OK(req, "ab");
	OK(req, "abcde");
	OK(req, "中文字符串");                 /* five characters, fifteen bytes */
	ERR(req, "abcdef", "form.too_long");
	ERR(req, "中文字符串六", "form.too_long");
	ERR(req, "a\xff\xfe", "form.invalid");
	ERR(req, "ab\xc0\xaf", "form.invalid");   /* overlong '/' */
	ERR(req, "ab\xed\xa0\x80", "form.invalid");   /* a surrogate */
	ERR(req, "ab\xe4\xb8", "form.invalid");   /* cut short */
	OK(opt, NULL);
	OK(opt, "");
	memset(big, 'x', 200);
	big[200] = '\0';
	OK(opt, big);                         /* the default cap of one line */
	big[200] = 'x';
	big[201] = '\0';
	ERR(opt, big, "form.too_long");
	memset(big, 'y', 5000);
	big[5000] = '\0';
	OK(lng, big);
	big[5000] = 'y';
	big[5001] = '\0';
	ERR(lng, big, "form.too_long");
	OK(lng, "line one\r\nline two");
}

static void test_int(void **state)
{
	static const struct fk_field f = { "n", FK_INT, 0, .min = 0, .max = 100 };
	static const struct fk_field s = { "n", FK_INT, 0, .min = -10, .max = 10 };

	(void)state;
	OK(f, NULL);
	OK(f, "0");
	OK(f, "100");
	assert_int_equal(ival(&f, "42"), 42);
	ERR(f, "101", "form.out_of_range");
	ERR(f, "-1", "form.negative");
	ERR(f, "abc", "form.bad_number");
	ERR(f, "1.5", "form.bad_number");
	ERR(f, "1e3", "form.bad_number");
	ERR(f, " 1", "form.bad_number");
	ERR(f, "+1", "form.bad_number");
	ERR(f, "99999999999999999999999", "form.bad_number");
	OK(s, "-10");
	ERR(s, "-11", "form.out_of_range");
	assert_int_equal(ival(&s, "-7"), -7);
}

static void test_id(void **state)
{
	static const struct fk_field f = { "customer_id", FK_ID, FK_REQUIRED, .lookup = allow_even };
	static const struct fk_field bare = { "customer_id", FK_ID, .flags = 0 };
	static const struct fk_field broken = { "customer_id", FK_ID, .lookup = lookup_fails };
	struct kvlist src = { 0 };
	struct fk_form form = { &broken, 1 };
	struct fk_val v;

	(void)state;
	ERR(f, NULL, "form.required");
	OK(f, "2");
	assert_int_equal(ival(&f, "4000000000"), 4000000000LL);
	ERR(f, "3", "form.not_found");              /* does not exist or is not visible */
	ERR(f, "0", "form.invalid");
	ERR(f, "-2", "form.invalid");
	ERR(f, "02", "form.invalid");
	ERR(f, "x", "form.invalid");
	ERR(f, "99999999999999999999", "form.invalid");
	ERR(bare, "2", "form.not_found");           /* no rule: deny */
	kvlist_add(&src, "customer_id", "2", 1);
	assert_int_equal(fk_parse(&form, &src, NULL, NULL, &v), -1);
	kvlist_clear(&src);
}

static void test_user(void **state)
{
	static const struct fk_field f = { "owner", FK_USER, 0, .lookup = allow_even };
	static const struct fk_field nobody = { "owner", FK_USER, .flags = 0 };

	(void)state;
	OK(f, "");
	OK(f, "8");
	ERR(f, "9", "form.not_assignable");
	ERR(f, "abc", "form.invalid");
	ERR(nobody, "8", "form.not_assignable");
}

static void test_choice_bool(void **state)
{
	static const char *const c[] = { "high", "medium", "low", NULL };
	static const struct fk_field f = { "intent", FK_CHOICE, FK_REQUIRED, .choices = c };
	static const struct fk_field d = { "sort", FK_CHOICE, 0, .choices = c, .dflt = "medium" };
	static const struct fk_field b = { "shared", FK_BOOL, .flags = 0 };
	struct fk_val v;

	(void)state;
	OK(f, "low");
	ERR(f, "LOW", "form.invalid_choice");
	ERR(f, "lo", "form.invalid_choice");
	ERR(f, "", "form.required");
	assert_null(one(&d, "", &v));
	assert_string_equal(v.s, "medium");
	OK(b, NULL);
	OK(b, "1");
	assert_int_equal(ival(&b, "1"), 1);
	ERR(b, "yes", "form.invalid_choice");
}

static void test_date_time(void **state)
{
	static const struct fk_field d = { "due", FK_DATE, .flags = 0 };
	static const struct fk_field r = { "due", FK_DATE, 0, .min = 20260101, .max = 20261231 };
	static const struct fk_field t = { "at", FK_TIME, .flags = 0 };

	(void)state;
	OK(d, "2026-02-28");
	OK(d, "2024-02-29");
	assert_int_equal(ival(&d, "2026-11-22"), 20261122);
	ERR(d, "2026-02-29", "form.bad_date");
	ERR(d, "2026-13-01", "form.bad_date");
	ERR(d, "2026-00-10", "form.bad_date");
	ERR(d, "2026-1-5", "form.bad_date");
	ERR(d, "2026/01/05", "form.bad_date");
	ERR(d, "05-01-2026", "form.bad_date");
	ERR(d, "2026-01-05x", "form.bad_date");
	ERR(d, "1899-12-31", "form.bad_date");
	OK(r, "2026-01-01");
	OK(r, "2026-12-31");
	ERR(r, "2025-12-31", "form.out_of_range");
	ERR(r, "2027-01-01", "form.out_of_range");
	OK(t, "00:00");
	OK(t, "23:59");
	assert_int_equal(ival(&t, "14:30"), 870);
	ERR(t, "24:00", "form.bad_time");
	ERR(t, "12:60", "form.bad_time");
	ERR(t, "9:30", "form.bad_time");
	ERR(t, "09:3", "form.bad_time");
	ERR(t, "0930", "form.bad_time");
	ERR(t, "09:30:00", "form.bad_time");
	ERR(t, "ab:cd", "form.bad_time");
	ERR(t, "::::0", "form.bad_time");
}

static void test_money(void **state)
{
	static const struct fk_field m = { "price", FK_MONEY, 0, .min = 0, .max = 0, .currency = "currency" };
	static const struct fk_field cap = { "price", FK_MONEY, 0, .min = 0, .max = 100000 };
	static const struct fk_field sig = { "delta", FK_MONEY, FK_SIGNED, .min = -100000, .max = 100000 };
	static const struct fk_field both[] = { { "price", FK_MONEY, .currency = "currency" } };
	struct fk_form form = { both, 1 };
	struct kvlist src = { 0 };
	struct fk_val v;

	(void)state;
	assert_int_equal(ival(&m, "1234567.89"), 123456789);
	assert_int_equal(ival(&m, "1,234,567.89"), 123456789);
	assert_int_equal(ival(&m, "0.5"), 50);
	assert_int_equal(ival(&m, "12"), 1200);
	ERR(m, "1.234", "form.bad_money");        /* three decimals */
	ERR(m, "12,34.00", "form.bad_money");     /* a separator in the wrong place */
	ERR(m, "1234,567", "form.bad_money");
	ERR(m, "1,2345", "form.bad_money");
	ERR(m, ",123", "form.bad_money");
	ERR(m, "1.", "form.bad_money");
	ERR(m, "abc", "form.bad_money");
	ERR(m, "1 000", "form.bad_money");
	ERR(m, "-5", "form.negative");
	ERR(m, "-x", "form.bad_money");
	ERR(m, "999999999999999999999", "form.bad_money");
	OK(cap, "1000");
	OK(cap, "1,000.00");
	ERR(cap, "1000.01", "form.out_of_range");
	OK(sig, "-1000");
	assert_int_equal(ival(&sig, "-12.5"), -1250);
	ERR(sig, "-1000.01", "form.out_of_range");
	kvlist_add(&src, "price", "10", 2);
	kvlist_add(&src, "currency", "USD", 3);
	assert_int_equal(fk_parse(&form, &src, NULL, NULL, &v), 0);
	assert_string_equal(v.cur, "USD");
	kvlist_clear(&src);
	kvlist_add(&src, "price", "10", 2);
	kvlist_add(&src, "currency", "XXX", 3);
	assert_int_equal(fk_parse(&form, &src, NULL, NULL, &v), 0);
	assert_string_equal(v.cur, "");
	kvlist_clear(&src);
}

static void test_percent(void **state)
{
	static const struct fk_field p = { "discount", FK_PERCENT, .flags = 0 };
	static const struct fk_field cap = { "discount", FK_PERCENT, 0, .min = 0, .max = 3000 };

	(void)state;
	assert_int_equal(ival(&p, "12.5"), 1250);
	assert_int_equal(ival(&p, "3"), 300);
	assert_int_equal(ival(&p, "0"), 0);
	assert_int_equal(ival(&p, "100"), 10000);
	ERR(p, "100.01", "form.bad_percent");
	ERR(p, "12.345", "form.bad_percent");
	ERR(p, "-1", "form.negative");
	ERR(p, "x%", "form.bad_percent");
	ERR(p, "5%", "form.bad_percent");
	OK(cap, "30");
	ERR(cap, "30.01", "form.out_of_range");
}

static void test_email_phone(void **state)
{
	static const struct fk_field e = { "email", FK_EMAIL, .flags = 0 };
	static const struct fk_field p = { "phone", FK_PHONE, .flags = 0 };
	char big[300];

	(void)state;
	OK(e, "li.wei@example.cn");
	ERR(e, "li.wei", "form.bad_email");
	ERR(e, "@example.cn", "form.bad_email");
	ERR(e, "a@b", "form.bad_email");
	ERR(e, "a@b.", "form.bad_email");
	ERR(e, "a@@b.cn", "form.bad_email");
	ERR(e, "a b@c.cn", "form.bad_email");
	ERR(e, "<a@b.cn>", "form.bad_email");
	memset(big, 'a', 250);
	memcpy(big + 250, "@b.cn", 6);
	ERR(e, big, "form.bad_email");
	OK(p, "+86 (10) 8888-6666");
	OK(p, "123");
	ERR(p, "12", "form.bad_phone");
	ERR(p, "call me", "form.bad_phone");
	ERR(p, "010-8888.6666", "form.bad_phone");
	memset(big, '1', 51);
	big[51] = '\0';
	ERR(p, big, "form.bad_phone");
}

static void test_duplicate(void **state)
{
	static const struct fk_field f[] = { { "name", FK_TEXT, .flags = 0 }, { "n", FK_INT, 0, .min = 0, .max = 9 } };
	struct fk_form form = { f, 2 };
	struct kvlist src = { 0 };
	struct fk_val v[2];

	(void)state;
	kvlist_add(&src, "name", "a", 1);
	kvlist_add(&src, "name", "b", 1);
	kvlist_add(&src, "n", "1", 1);
	kvlist_add(&src, "n", "1", 1);
	assert_int_equal(fk_parse(&form, &src, NULL, NULL, v), 2);
	assert_string_equal(v[0].err, "form.duplicate");
	assert_string_equal(v[0].s, "a");
	assert_string_equal(v[1].err, "form.duplicate");
	assert_int_equal(v[1].i, 0);
	kvlist_clear(&src);
}

/* ------------------------------------------------------------------ rows */

static const struct fk_field action_fields[] = {
	{ "what", FK_TEXT, FK_REQUIRED, .min = 0, .max = 20 },
	{ "owner", FK_USER, 0, .lookup = allow_even },
	{ "due", FK_DATE, .flags = 0 },
	{ "amount", FK_MONEY, .currency = "cur" },
};
static const struct fk_form action_row = { action_fields, 4 };
static const struct fk_field list_fields[] = {
	{ "title", FK_TEXT, .flags = 0 },
	{ "actions", FK_ROWS, 0, .min = 0, .max = 3, .row = &action_row },
};
static const struct fk_form list_form = { list_fields, 2 };

static void add(struct kvlist *l, const char *name, const char *value)
{
	assert_int_equal(kvlist_add(l, name, value, strlen(value)), 0);
}

static void test_rows(void **state)
{
	struct kvlist src = { 0 };
	struct fk_val v[2];

	(void)state;
	add(&src, "title", "t");
	add(&src, "actions.0.what", "call");
	add(&src, "actions.0.owner", "2");
	add(&src, "actions.0.due", "2026-12-01");
	add(&src, "actions.0.amount", "12.50");
	add(&src, "actions.0.cur", "CNY");
	add(&src, "actions.5.what", "   ");             /* blank: ignored */
	add(&src, "actions.5.owner", "");
	add(&src, "actions.3.what", "send offer");      /* rows come in index order */
	add(&src, "actions.3.owner", "3");
	add(&src, "actions.3.due", "2026-02-30");
	add(&src, "actions.x.what", "junk");           /* not a row name */
	add(&src, "actions.01.what", "junk");          /* one spelling per index */
	assert_int_equal(fk_parse(&list_form, &src, NULL, NULL, v), 2);
	assert_null(v[1].err);
	assert_int_equal(v[1].nrows, 2);
	assert_int_equal(v[1].rows[0].index, 0);
	assert_string_equal(v[1].rows[0].v[0].s, "call");
	assert_int_equal(v[1].rows[0].v[1].i, 2);
	assert_int_equal(v[1].rows[0].v[2].i, 20261201);
	assert_int_equal(v[1].rows[0].v[3].i, 1250);
	assert_string_equal(v[1].rows[0].v[3].cur, "CNY");
	assert_int_equal(v[1].rows[1].index, 3);
	assert_string_equal(v[1].rows[1].v[1].err, "form.not_assignable");
	assert_string_equal(v[1].rows[1].v[2].err, "form.bad_date");
	assert_string_equal(v[1].rows[1].v[2].s, "2026-02-30");   /* kept as typed */
	fk_free(&list_form, v);
	assert_null(v[1].rows);

	/* remove=actions.3 drops that row. */
	assert_int_equal(fk_parse(&list_form, &src, "actions.3", NULL, v), 0);
	assert_int_equal(v[1].nrows, 1);
	fk_free(&list_form, v);
	kvlist_clear(&src);
}

static void test_rows_cap(void **state)
{
	struct kvlist src = { 0 };
	struct fk_val v[2];
	char name[32];
	int i;

	(void)state;
	for (i = 0; i < 3; i++) {
		snprintf(name, sizeof name, "actions.%d.what", i);
		add(&src, name, "x");
	}
	assert_int_equal(fk_parse(&list_form, &src, NULL, NULL, v), 0);
	assert_int_equal(v[1].nrows, 3);
	fk_free(&list_form, v);
	add(&src, "actions.9999.what", "one too many");
	assert_int_equal(fk_parse(&list_form, &src, NULL, NULL, v), 1);
	assert_string_equal(v[1].err, "form.too_many_rows");
	assert_int_equal(v[1].nrows, 4);                 /* all kept for the form */
	fk_free(&list_form, v);
	add(&src, "actions.10000.what", "beyond the index range");
	assert_int_equal(fk_parse(&list_form, &src, NULL, NULL, v), 1);
	assert_int_equal(v[1].nrows, 4);
	fk_free(&list_form, v);
	kvlist_clear(&src);

	/* A row field sent twice is an error on that field; a row with only a required field missing too. */
	add(&src, "actions.1.what", "a");
	add(&src, "actions.1.what", "b");
	add(&src, "actions.2.due", "2026-01-01");
	assert_int_equal(fk_parse(&list_form, &src, NULL, NULL, v), 2);
	assert_string_equal(v[1].rows[0].v[0].err, "form.duplicate");
	assert_string_equal(v[1].rows[1].v[0].err, "form.required");
	fk_free(&list_form, v);
	kvlist_clear(&src);
}

/* ------------------------------------------------------------------ query strings */

static void test_query(void **state)
{
	static const char *const sorts[] = { "name", "updated", "follow", NULL };
	static const char *const intents[] = { "high", "medium", "low", NULL };
	static const struct fk_field qf[] = {
		{ "q", FK_TEXT, 0, .min = 0, .max = 100 },
		{ "sort", FK_CHOICE, .choices = sorts, .dflt = "name" },
		{ "intent", FK_CHOICE, .choices = intents },
		{ "after", FK_ID, .lookup = allow_even },
		{ "from", FK_DATE, .flags = 0 },
	};
	static const struct fk_form qform = { qf, 5 };
	struct kvlist q = { 0 };
	struct fk_val v[5];

	(void)state;
	assert_int_equal(fk_query_parse(&qform, &q, NULL, v), 0);
	assert_string_equal(v[1].s, "name");
	assert_string_equal(v[2].s, "");
	add(&q, "sort", "budget_ceiling");   /* unknown: reported (fk_query refuses it), never passed on */
	add(&q, "intent", "low");
	add(&q, "after", "7");
	add(&q, "from", "2026-02-31");
	add(&q, "q", "客户");
	assert_int_equal(fk_query_parse(&qform, &q, NULL, v), 3);
	assert_string_equal(v[0].s, "客户");
	assert_string_equal(v[1].s, "name");
	assert_string_equal(v[1].err, "form.invalid_choice");
	assert_string_equal(v[4].err, "form.bad_date");
	assert_null(v[2].err);
	assert_string_equal(v[2].s, "low");
	assert_int_equal(v[3].i, 0);
	assert_int_equal(v[3].present, 0);
	assert_string_equal(v[4].s, "");
	kvlist_clear(&q);
	add(&q, "sort", "updated");
	add(&q, "sort", "follow");           /* sent twice: neither */
	add(&q, "after", "8");
	assert_int_equal(fk_query_parse(&qform, &q, NULL, v), 1);
	assert_string_equal(v[1].s, "name");
	assert_int_equal(v[3].i, 8);
	kvlist_clear(&q);
}

static void test_date_iso(void **state)
{
	static const struct fk_field df[] = { { .name = "on", .kind = FK_DATE } };
	static const struct fk_form dform = { df, 1 };
	struct kvlist q = { 0 };
	struct fk_val v[1];
	char iso[11];

	(void)state;
	add(&q, "on", "2028-02-29");
	assert_int_equal(fk_parse(&dform, &q, NULL, NULL, v), 0);
	fk_date_iso(&v[0], iso);
	assert_string_equal(iso, "2028-02-29");
	kvlist_clear(&q);
	add(&q, "on", "2027-02-29");
	assert_int_equal(fk_parse(&dform, &q, NULL, NULL, v), 1);
	fk_date_iso(&v[0], iso);
	assert_string_equal(iso, "");
	kvlist_clear(&q);
	assert_int_equal(fk_parse(&dform, &q, NULL, NULL, v), 0);
	fk_date_iso(&v[0], iso);
	assert_string_equal(iso, "");
}

/* ------------------------------------------------------------------ the page skeleton */

static struct app app;

/* A server for the skeleton's transactions: counts, and reports a deadlock at the first commit when
 * asked, as InnoDB does. */
static struct {
	int begins, commits, rollbacks, deadlock_first;
} server;

static int sim_begin(struct db *db)
{
	(void)db;
	server.begins++;
	return DB_OK;
}

static int sim_commit(struct db *db)
{
	(void)db;
	if (server.deadlock_first) {
		server.deadlock_first = 0;
		return DB_RETRY;
	}
	server.commits++;
	return DB_OK;
}

static void sim_rollback(struct db *db)
{
	(void)db;
	server.rollbacks++;
}

static const struct db_tx_ops sim = { sim_begin, sim_commit, sim_rollback, NULL };

struct probe {
	int visible, loads, renders, writes, deadlock_in_write;
	long long amount;
	int refuse_in_write, outcome_rc;   /* write answers FK_OUTCOME + 7; what outcome() was given */
};

static const struct fk_field pf[] = {
	{ "name", FK_TEXT, FK_REQUIRED, .min = 0, .max = 10 },
	{ "amount", FK_MONEY, .flags = 0 },
	{ "due", FK_DATE, .flags = 0 },
	{ "secret", FK_TEXT, FK_SECRET, .min = 12, .max = 100 },
};
static const struct fk_form pform = { pf, 4 };

static int p_load(struct fk_run *run)
{
	struct probe *p = run->data;

	p->loads++;
	return p->visible ? 0 : 1;
}

static int p_check(struct fk_run *run)
{
	if (run->v[1].present && run->v[1].i == 0)
		fk_fail(run, "amount", "form.out_of_range");
	return 0;
}

static int p_write(struct db *db, struct fk_run *run)
{
	struct probe *p = run->data;

	(void)db;
	p->writes++;
	if (p->deadlock_in_write) {
		p->deadlock_in_write = 0;
		return DB_RETRY;   /* what DB_EXEC returns on a deadlock inside a transaction */
	}
	if (p->refuse_in_write)
		return FK_OUTCOME + 7;
	p->amount = run->v[1].i;
	run->id = 77;
	return DB_OK;
}

static int p_render(struct fk_run *run)
{
	struct probe *p = run->data;

	p->renders++;
	return 0;
}

static int p_outcome(struct fk_run *run, int rc)
{
	struct probe *p = run->data;

	p->outcome_rc = rc;
	run->rs->status = 409;
	return 0;
}

static const struct fk_page probe_page = {
	&pform, p_load, p_check, p_write, p_render, NULL, NULL, "saved", "/things/%lld", p_outcome,
};

static int setup(void **state)
{
	char dir[1024];
	const char *root = getenv("PARLEY_ROOT");

	(void)state;
	snprintf(dir, sizeof dir, "%s/templates", root ? root : ".");
	fk_tx_ops = &sim;
	return view_cache_open(dir, &app.views);
}

static int teardown(void **state)
{
	(void)state;
	view_cache_close(&app.views);
	return 0;
}

static int post(struct probe *p, const char *const *kv, struct resp *rs, struct req *rq)
{
	int rc;

	memset(rq, 0, sizeof *rq);
	memset(rs, 0, sizeof *rs);
	rq->app = &app;
	rq->nids = 1;
	rq->ids[0] = 5;
	snprintf(rq->lang, sizeof rq->lang, "en");
	resp_reset(rs);
	for (; kv && kv[0]; kv += 2)
		add(&rq->form, kv[0], kv[1]);
	rc = fk_post(rq, rs, &probe_page, p);
	return rc;
}

static void done(struct req *rq, struct resp *rs)
{
	view_free_hdf(rq);
	req_reset(rq);
	resp_free(rs);
}

static void test_page_invalid_writes_nothing(void **state)
{
	static const char *const kv[] = { "name", "far too long a name", "amount", "1.234", "due", "2026-02-30",
		                          "secret", "short-pw", NULL };
	struct probe p = { .visible = 1 };
	struct req rq;
	struct resp rs;

	(void)state;
	memset(&server, 0, sizeof server);
	assert_int_equal(post(&p, kv, &rs, &rq), 0);
	assert_int_equal(rs.status, 422);
	assert_int_equal(p.renders, 1);
	assert_int_equal(p.writes, 0);
	assert_int_equal(server.begins, 0);
	/* Everything typed is back on the form, each with its message. */
	assert_string_equal(view_get(&rq, "Form.values.name"), "far too long a name");
	assert_string_equal(view_get(&rq, "Form.values.amount"), "1.234");
	assert_string_equal(view_get(&rq, "Form.values.due"), "2026-02-30");
	assert_non_null(view_get(&rq, "Form.errors.name"));
	assert_non_null(view_get(&rq, "Form.errors.amount"));
	assert_non_null(view_get(&rq, "Form.errors.due"));
	/* A secret field keeps its message, never its value. */
	assert_null(view_get(&rq, "Form.values.secret"));
	assert_string_equal(view_get(&rq, "Form.errors.secret"), view_str(&rq, "form.too_short"));
	assert_non_null(view_get(&rq, "Form.error"));
	done(&rq, &rs);
}

static void test_page_rule_writes_nothing(void **state)
{
	static const char *const kv[] = { "name", "ok", "amount", "0", NULL };
	struct probe p = { .visible = 1 };
	struct req rq;
	struct resp rs;

	(void)state;
	assert_int_equal(post(&p, kv, &rs, &rq), 0);
	assert_int_equal(rs.status, 422);
	assert_int_equal(p.writes, 0);
	assert_string_equal(view_get(&rq, "Form.errors.amount"), view_str(&rq, "form.out_of_range"));
	done(&rq, &rs);
}

static void test_page_deadlock_retried(void **state)
{
	static const char *const kv[] = { "name", "ok", "amount", "5", NULL };
	struct probe p = { .visible = 1, .deadlock_in_write = 1 };
	struct req rq;
	struct resp rs;

	(void)state;
	memset(&server, 0, sizeof server);
	assert_int_equal(post(&p, kv, &rs, &rq), 0);
	assert_int_equal(rs.status, 303);
	assert_int_equal(p.writes, 2);
	assert_int_equal(server.rollbacks, 1);
	assert_int_equal(server.commits, 1);
	assert_int_equal(p.amount, 500);
	assert_non_null(strstr(rs.headers.data, "Location: /things/77\r\n"));
	assert_non_null(strstr(rs.headers.data, "parley_flash=saved"));
	done(&rq, &rs);

	/* A deadlock at commit runs the whole transaction again too. */
	p.writes = 0;
	memset(&server, 0, sizeof server);
	server.deadlock_first = 1;
	assert_int_equal(post(&p, kv, &rs, &rq), 0);
	assert_int_equal(rs.status, 303);
	assert_int_equal(p.writes, 2);
	assert_int_equal(server.begins, 2);
	assert_int_equal(server.commits, 1);
	done(&rq, &rs);
}

static void test_page_outcome_rolls_back(void **state)
{
	static const char *const kv[] = { "name", "ok", "amount", "5", NULL };
	struct probe p = { .visible = 1, .refuse_in_write = 1 };
	struct req rq;
	struct resp rs;

	(void)state;
	memset(&server, 0, sizeof server);
	assert_int_equal(post(&p, kv, &rs, &rq), 0);
	assert_int_equal(p.outcome_rc, FK_OUTCOME + 7);
	assert_int_equal(rs.status, 409);
	assert_int_equal(server.rollbacks, 1);
	assert_int_equal(server.commits, 0);
	assert_null(strstr(rs.headers.data ? rs.headers.data : "", "parley_flash"));
	done(&rq, &rs);
}

static void test_page_404_never_renders(void **state)
{
	static const char *const kv[] = { "name", "ok", NULL };
	struct probe p = { .visible = 0 };
	struct req rq;
	struct resp rs;

	(void)state;
	assert_int_equal(post(&p, kv, &rs, &rq), 0);
	assert_int_equal(rs.status, 404);
	assert_int_equal(p.loads, 1);
	assert_int_equal(p.renders, 0);
	assert_int_equal(p.writes, 0);
	assert_null(view_get(&rq, "Form.values.name"));
	done(&rq, &rs);
	memset(&rq, 0, sizeof rq);
	memset(&rs, 0, sizeof rs);
	rq.app = &app;
	resp_reset(&rs);
	assert_int_equal(fk_get(&rq, &rs, &probe_page, &p), 0);
	assert_int_equal(rs.status, 404);
	assert_int_equal(p.renders, 0);
	done(&rq, &rs);
}

static void test_page_add_row_saves_nothing(void **state)
{
	static const char *const kv[] = { "name", "ok", "add", "rows", NULL };
	struct probe p = { .visible = 1 };
	struct req rq;
	struct resp rs;

	(void)state;
	assert_int_equal(post(&p, kv, &rs, &rq), 0);
	assert_int_equal(p.renders, 1);
	assert_int_equal(p.writes, 0);
	done(&rq, &rs);
}

/* A list's query: values that fit reach the page (and Filter.*); one that does not is refused with 400
 * and a page naming it. */
static void test_page_query_refused(void **state)
{
	static const char *const sorts[] = { "name", "updated", NULL };
	static const struct fk_field qf[] = {
		{ "sort", FK_CHOICE, .choices = sorts, .dflt = "name" },
		{ "after", FK_INT, .min = 1, .max = 1000000 },
	};
	static const struct fk_form qform = { qf, 2 };
	struct fk_val v[2];
	struct req rq;
	struct resp rs;

	(void)state;
	memset(&rq, 0, sizeof rq);
	memset(&rs, 0, sizeof rs);
	rq.app = &app;
	snprintf(rq.lang, sizeof rq.lang, "en");
	snprintf(rq.path, sizeof rq.path, "/things");
	resp_reset(&rs);
	add(&rq.query, "sort", "updated");
	add(&rq.query, "after", "12");
	assert_int_equal(fk_query(&rq, &rs, &qform, NULL, v), 0);
	assert_string_equal(v[0].s, "updated");
	assert_int_equal(v[1].i, 12);
	assert_string_equal(view_get(&rq, "Filter.sort"), "updated");
	assert_int_equal(rs.body.len, 0);
	done(&rq, &rs);

	memset(&rq, 0, sizeof rq);
	memset(&rs, 0, sizeof rs);
	rq.app = &app;
	snprintf(rq.lang, sizeof rq.lang, "en");
	snprintf(rq.path, sizeof rq.path, "/things");
	resp_reset(&rs);
	add(&rq.query, "sort", "budget_ceiling");
	add(&rq.query, "after", "abc");
	assert_int_equal(fk_query(&rq, &rs, &qform, NULL, v), 1);
	assert_int_equal(rs.status, 400);
	assert_non_null(strstr(rs.body.data, "id=\"query-problems\""));
	assert_non_null(strstr(rs.body.data, "sort=budget_ceiling"));
	assert_non_null(strstr(rs.body.data, "after=abc"));
	assert_non_null(strstr(rs.body.data, "href=\"/things\""));
	assert_string_equal(v[0].s, "name");   /* never passed on */
	assert_int_equal(v[1].i, 0);
	done(&rq, &rs);
}

/* A load that narrows the form to a prefix: the fields after it are neither read nor checked. */
static int narrow_load(struct fk_run *run)
{
	static const struct fk_form first_only = { pf, 1 };

	run->form = &first_only;
	return p_load(run);
}

/* Writes with the one field the narrowed form has. */
static int narrow_write(struct db *db, struct fk_run *run)
{
	struct probe *p = run->data;

	(void)db;
	assert_int_equal(run->form->n, 1);
	p->writes++;
	run->id = 77;
	return DB_OK;
}

static void test_page_narrowed_form(void **state)
{
	static const struct fk_page narrow_page = {
		&pform, narrow_load, NULL, narrow_write, p_render, NULL, NULL, "saved", "/things/%lld", NULL,
	};
	struct probe p = { .visible = 1 };
	struct req rq;
	struct resp rs;

	(void)state;
	memset(&rq, 0, sizeof rq);
	memset(&rs, 0, sizeof rs);
	rq.app = &app;
	rq.nids = 1;
	rq.ids[0] = 5;
	snprintf(rq.lang, sizeof rq.lang, "en");
	resp_reset(&rs);
	add(&rq.form, "name", "ok");
	add(&rq.form, "amount", "not money");   /* not this user's field: ignored */
	assert_int_equal(fk_post(&rq, &rs, &narrow_page, &p), 0);
	assert_int_equal(rs.status, 303);
	assert_int_equal(p.writes, 1);
	assert_int_equal(p.amount, 0);
	assert_null(view_get(&rq, "Form.values.amount"));
	done(&rq, &rs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_int),
		cmocka_unit_test(test_id),
		cmocka_unit_test(test_user),
		cmocka_unit_test(test_choice_bool),
		cmocka_unit_test(test_date_time),
		cmocka_unit_test(test_money),
		cmocka_unit_test(test_percent),
		cmocka_unit_test(test_email_phone),
		cmocka_unit_test(test_duplicate),
		cmocka_unit_test(test_rows),
		cmocka_unit_test(test_rows_cap),
		cmocka_unit_test(test_query),
		cmocka_unit_test(test_date_iso),
		cmocka_unit_test(test_page_invalid_writes_nothing),
		cmocka_unit_test(test_page_rule_writes_nothing),
		cmocka_unit_test(test_page_deadlock_retried),
		cmocka_unit_test(test_page_outcome_rolls_back),
		cmocka_unit_test(test_page_404_never_renders),
		cmocka_unit_test(test_page_add_row_saves_nothing),
		cmocka_unit_test(test_page_query_refused),
		cmocka_unit_test(test_page_narrowed_form),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
