/* The export writers (src/export/): CSV quoting per RFC 4180, the UTF-8 byte-order mark, formula
 * neutralisation (ASVS 5.0 1.2.10), download names (RFC 6266 filename*), and XLSX cells of the
 * right type. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "export/csv.h"
#include "export/download.h"
#include "export/lists.h"
#include "export/table.h"

static int to_buf(void *sink, const char *data, size_t len)
{
	return buf_append(sink, data, len);
}

static void expect_cell(const char *in, const char *want)
{
	struct buf b = { 0 };

	assert_int_equal(csv_cell(&b, in), 0);
	if (strcmp(b.data ? b.data : "", want))
		fail_msg("csv_cell(%s) = [%s], expected [%s]", in, b.data ? b.data : "", want);
	buf_free(&b);
}

static void test_formula_like(void **state)
{
	static const char *const live[] = {
		"=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "=HYPERLINK(\"http://x\",\"y\")",
		"\xEF\xBC\x9D" "1+1",      /* ＝1+1 */
		"\xEF\xBC\x8B" "1",        /* ＋1 */
		"\xEF\xBC\x8D" "1",        /* －1 */
		"\xEF\xBC\xA0" "x",        /* ＠x */
	};
	static const char *const inert[] = { "", "a=1", "1-2", "客户", " =1", "'=1", "\xEF\xBC\x91" /* １ */, "x@y" };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof live / sizeof *live; i++)
		if (!csv_formula_like(live[i]))
			fail_msg("[%s] should be neutralised", live[i]);
	for (i = 0; i < sizeof inert / sizeof *inert; i++)
		if (csv_formula_like(inert[i]))
			fail_msg("[%s] should be left alone", inert[i]);
	assert_false(csv_formula_like(NULL));
}

static void test_quoting(void **state)
{
	(void)state;
	expect_cell("plain", "plain");
	expect_cell("", "");
	expect_cell("华东一组", "华东一组");
	expect_cell("a,b", "\"a,b\"");
	expect_cell("say \"hi\"", "\"say \"\"hi\"\"\"");
	expect_cell("two\nlines", "\"two\nlines\"");
	expect_cell("cr\r\nlf", "\"cr\r\nlf\"");
	expect_cell("=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
	expect_cell("\xEF\xBC\x9D" "1+1", "\"'\xEF\xBC\x9D" "1+1\"");
	expect_cell("-5", "\"'-5\"");
	expect_cell("@cmd", "\"'@cmd\"");
	expect_cell("\tx", "\"'\tx\"");
}

static void test_rows_and_bom(void **state)
{
	struct buf out = { 0 };
	struct csv c;

	(void)state;
	csv_init(&c, to_buf, &out);
	assert_int_equal(csv_bom(&c), 0);
	assert_int_equal(csv_text(&c, "名称"), 0);
	assert_int_equal(csv_text(&c, "+1"), 0);
	assert_int_equal(csv_plain(&c, "-5.00"), 0);
	assert_int_equal(csv_end_row(&c), 0);
	assert_int_equal(csv_text(&c, ""), 0);
	assert_int_equal(csv_text(&c, "a\"b"), 0);
	assert_int_equal(csv_end_row(&c), 0);
	csv_free(&c);
	assert_string_equal(out.data, "\xEF\xBB\xBF" "名称,\"'+1\",-5.00\r\n,\"a\"\"b\"\r\n");
	buf_free(&out);
}

static void test_table_csv_types(void **state)
{
	static const struct col cols[] = {
		{ "a", COL_INT, 0, NULL }, { "b", COL_MONEY, 0, NULL }, { "c", COL_DATE, 0, NULL }, { "d", COL_TEXT, 0, NULL }, { "e", COL_BP, 0, NULL },
	};
	static const char *const labels[] = { "id", "金额", "日期", "名称", "折扣" };
	struct buf out = { 0 };
	struct table_out t;
	struct sheet s1, s2;

	(void)state;
	assert_int_equal(table_open_csv(&t, to_buf, &out), 0);
	assert_int_equal(table_sheet(&t, &s1, "x", cols, 5, labels), 0);
	assert_int_equal(sheet_cell(&s1, "7", NULL), 0);
	assert_int_equal(sheet_cell(&s1, "-12345", "CNY"), 0);
	assert_int_equal(sheet_cell(&s1, "2026-11-22", NULL), 0);
	assert_int_equal(sheet_cell(&s1, "-1 day", NULL), 0);
	assert_int_equal(sheet_cell(&s1, "550", NULL), 0);
	assert_int_equal(sheet_cell(&s1, "extra", NULL), -1);
	assert_int_equal(sheet_end_row(&s1), 0);
	/* A second sheet does not go into a CSV. */
	assert_int_equal(table_sheet(&t, &s2, "y", cols, 1, labels), 0);
	assert_int_equal(sheet_cell(&s2, "8", NULL), 0);
	assert_int_equal(sheet_end_row(&s2), 0);
	assert_int_equal(table_close(&t), 0);
	assert_string_equal(out.data, "\xEF\xBB\xBF" "id,金额,日期,名称,折扣\r\n7,-123.45,2026-11-22,\"'-1 day\",5.50\r\n");
	buf_free(&out);
}

static void test_money_decimal(void **state)
{
	char s[32];

	(void)state;
	money_decimal(0, s);
	assert_string_equal(s, "0.00");
	money_decimal(5, s);
	assert_string_equal(s, "0.05");
	money_decimal(-105, s);
	assert_string_equal(s, "-1.05");
	money_decimal(123456789012LL, s);
	assert_string_equal(s, "1234567890.12");
}

static void test_download_names(void **state)
{
	struct buf b = { 0 };
	char s[64];

	(void)state;
	assert_int_equal(download_disposition(&b, "谈判记录 2026-12-03.csv"), 0);
	assert_string_equal(b.data, "attachment; filename=\"____ 2026-12-03.csv\"; "
	                    "filename*=UTF-8''%E8%B0%88%E5%88%A4%E8%AE%B0%E5%BD%95%202026-12-03.csv");
	buf_reset(&b);
	assert_int_equal(download_disposition(&b, "../a\"b\r\nX: y;.xlsx"), 0);
	assert_null(strpbrk(b.data, "\r\n"));
	assert_non_null(strstr(b.data, "filename=\"_._a_b__X_ y_.xlsx\""));
	assert_non_null(strstr(b.data, "filename*=UTF-8''_._a_b__X_%20y_.xlsx"));
	buf_free(&b);

	download_safe_name(".hidden", s, sizeof s - 1);
	assert_string_equal(s, "_hidden");
	download_safe_name("\xFF\xFE" "ok", s, sizeof s - 1);
	assert_string_equal(s, "__ok");
	/* Cut on a character boundary: 客户 is 6 bytes; 4 leaves one character. */
	download_safe_name("客户", s, 4);
	assert_string_equal(s, "客");
	download_safe_name("", s, sizeof s - 1);
	assert_string_equal(s, "_");
}

static void test_xlsx_file(void **state)
{
	static const struct col cols[] = { { "a", COL_TEXT, 0, NULL }, { "b", COL_MONEY, 0, NULL }, { "c", COL_DATE, 0, NULL } };
	static const char *const labels[] = { "名称", "金额", "日期" };
	char dir[] = "/tmp/parley-xlsx-XXXXXX", path[128];
	struct table_out t;
	struct sheet s1;
	unsigned char magic[4] = { 0 };
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/t.xlsx", dir);
	assert_int_equal(table_open_xlsx(&t, path, dir), 0);
	assert_int_equal(table_sheet(&t, &s1, "客户[1]/x", cols, 3, labels), 0);
	assert_int_equal(sheet_cell(&s1, "=HYPERLINK(\"http://x\",\"y\")", NULL), 0);
	assert_int_equal(sheet_cell(&s1, "1234500", "CNY"), 0);
	assert_int_equal(sheet_cell(&s1, "2026-11-22", NULL), 0);
	assert_int_equal(sheet_end_row(&s1), 0);
	assert_int_equal(table_close(&t), 0);
	assert_int_equal(table_close(&t), 0);
	f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fread(magic, 1, 4, f), 4);
	fclose(f);
	assert_memory_equal(magic, "PK\x03\x04", 4);
	unlink(path);
	rmdir(dir);
}

/* Every list description is consistent: its filters and sort are declared in its query table, its
 * columns read result columns the statements have, tiered columns name a secret and a row. */
static void test_list_descriptions(void **state)
{
	size_t i, j, k;

	(void)state;
	assert_true(list_ndescs >= 8);
	assert_string_equal(list_descs[0]->name, "records");
	for (i = 0; i < list_ndescs; i++) {
		const struct list_desc *d = list_descs[i];
		assert_ptr_equal(list_find(d->name), d);
		assert_true(d->nsorts >= 1);
		for (j = 0; j < d->nbinds; j++)
			assert_true(fk_index(d->query, d->binds[j].field) >= 0);
		if (d->sort_field) {
			int f = fk_index(d->query, d->sort_field);
			assert_true(f >= 0);
			for (j = 0; j < d->nsorts; j++) {
				int found = 0;
				for (k = 0; d->query->fields[f].choices[k]; k++)
					found |= !strcmp(d->query->fields[f].choices[k], d->sorts[j].value);
				assert_true(found);
			}
		}
		for (j = 0; j < d->ncols; j++) {
			assert_true(d->cols[j].src >= 0 && d->cols[j].src < 40);
			if (d->cols[j].secret != LIST_NO_SECRET) {
				assert_true(d->cols[j].secret < SF__COUNT);
				assert_true(d->ref_src >= 0);
			}
		}
	}
	assert_null(list_find("nothing"));
}

/* The Export control carries only pairs some list declares and that fit. */
static void test_list_param_kept(void **state)
{
	(void)state;
	assert_true(list_param_kept("phase", "final"));
	assert_true(list_param_kept("sort", "updated"));
	assert_true(list_param_kept("customer", "12"));
	assert_true(list_param_kept("from", "2026-02-28"));
	assert_false(list_param_kept("sort", "budget"));
	assert_false(list_param_kept("phase", "nonsense"));
	assert_false(list_param_kept("customer", "-3"));
	assert_false(list_param_kept("from", "2026-02-30"));
	assert_false(list_param_kept("after", "100"));
	assert_false(list_param_kept("budget_ceiling", "1"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_formula_like),
		cmocka_unit_test(test_quoting),
		cmocka_unit_test(test_rows_and_bom),
		cmocka_unit_test(test_table_csv_types),
		cmocka_unit_test(test_money_decimal),
		cmocka_unit_test(test_download_names),
		cmocka_unit_test(test_xlsx_file),
		cmocka_unit_test(test_list_descriptions),
		cmocka_unit_test(test_list_param_kept),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
