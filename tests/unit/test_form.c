/* Parsers of untrusted input: percent-decoding, UTF-8 and control checks, urlencoded
 * forms, limits, cookies, CONTENT_LENGTH, integer fields and path ids. */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "http/form.h"

/* Decodes a NUL-terminated literal; returns the error and leaves the result in *out. */
static enum parse_err dec(const char *in, int plus, char **out, size_t *outlen)
{
	return url_decode(in, strlen(in), plus, out, outlen);
}

static void assert_bad_encoding(const char *in)
{
	char *out = (char *)1;
	size_t len = 99;

	if (dec(in, 1, &out, &len) != PARSE_BAD_ENCODING)
		fail_msg("accepted %s", in);
	assert_null(out);
	assert_int_equal(len, 0);
}

static void test_decode_valid(void **state)
{
	char *out;
	size_t len;

	(void)state;
	assert_int_equal(dec("a%20b%2Bc%2fd", 1, &out, &len), PARSE_OK);
	assert_string_equal(out, "a b+c/d");
	assert_int_equal(len, 7);
	free(out);

	assert_int_equal(dec("a+b", 1, &out, &len), PARSE_OK);
	assert_string_equal(out, "a b");
	free(out);
	assert_int_equal(dec("a+b", 0, &out, &len), PARSE_OK);
	assert_string_equal(out, "a+b");
	free(out);

	assert_int_equal(dec("", 1, &out, &len), PARSE_OK);
	assert_string_equal(out, "");
	assert_int_equal(len, 0);
	free(out);

	/* Tab, CR, LF survive: textareas send them. */
	assert_int_equal(dec("l1%0D%0Al2%09x", 1, &out, &len), PARSE_OK);
	assert_string_equal(out, "l1\r\nl2\tx");
	free(out);

	/* Only len bytes are read. */
	assert_int_equal(url_decode("abc%zz", 3, 1, &out, &len), PARSE_OK);
	assert_string_equal(out, "abc");
	free(out);
}

static void test_decode_malformed(void **state)
{
	(void)state;
	assert_bad_encoding("%zz");
	assert_bad_encoding("a%4");
	assert_bad_encoding("%");
	assert_bad_encoding("ab%");
	assert_bad_encoding("%g0");
	assert_bad_encoding("%0g");
	assert_bad_encoding("%00");
	assert_bad_encoding("a%00b");
}

static void test_decode_raw_nul(void **state)
{
	char *out;
	size_t len;

	(void)state;
	assert_int_equal(url_decode("a\0b", 3, 1, &out, &len), PARSE_BAD_ENCODING);
	assert_null(out);
}

static void test_decode_utf8(void **state)
{
	char *out;
	size_t len;

	(void)state;
	/* 中文 percent-encoded and raw */
	assert_int_equal(dec("%E4%B8%AD%E6%96%87", 1, &out, &len), PARSE_OK);
	assert_string_equal(out, "\xe4\xb8\xad\xe6\x96\x87");
	assert_int_equal(len, 6);
	free(out);
	assert_int_equal(dec("\xe4\xb8\xad\xe6\x96\x87", 1, &out, &len), PARSE_OK);
	assert_int_equal(len, 6);
	free(out);
	/* Edge code points: U+0080, U+07FF, U+FFFD, U+10000, U+10FFFF, U+D7FF, U+E000 */
	assert_int_equal(dec("%C2%80%DF%BF%EF%BF%BD%F0%90%80%80%F4%8F%BF%BF%ED%9F%BF%EE%80%80", 1,
			     &out, &len), PARSE_OK);
	assert_int_equal(len, 2 + 2 + 3 + 4 + 4 + 3 + 3);
	free(out);

	assert_bad_encoding("%C0%AF");          /* overlong '/' */
	assert_bad_encoding("%C1%BF");          /* overlong */
	assert_bad_encoding("%E0%80%AF");       /* overlong 3-byte */
	assert_bad_encoding("%F0%80%80%AF");    /* overlong 4-byte */
	assert_bad_encoding("%ED%A0%80");       /* surrogate U+D800 */
	assert_bad_encoding("%ED%BF%BF");       /* surrogate U+DFFF */
	assert_bad_encoding("%F4%90%80%80");    /* U+110000 */
	assert_bad_encoding("%F5%80%80%80");
	assert_bad_encoding("%FF");
	assert_bad_encoding("%80");             /* lone continuation */
	assert_bad_encoding("%E4%B8");          /* truncated */
	assert_bad_encoding("%E4%B8x");         /* truncated, then ASCII */
	assert_bad_encoding("%F0%90%80");
	assert_bad_encoding("%C2");
	assert_bad_encoding("\xe4\xb8");        /* raw truncated */
	assert_bad_encoding("\xc0\xaf");        /* raw overlong */
}

static void test_decode_controls(void **state)
{
	(void)state;
	assert_bad_encoding("%01");
	assert_bad_encoding("a%1Fb");
	assert_bad_encoding("%1B[31m");
	assert_bad_encoding("a\x07");
	assert_bad_encoding("%0B");
	assert_bad_encoding("%0C");
}

static void test_form_basic(void **state)
{
	struct kvlist l = { 0 };
	const char *body = "a=1&&b=x+y&flag&c=%E4%B8%AD&&=orphan&d=&";

	(void)state;
	assert_int_equal(parse_urlencoded(body, strlen(body), NULL, &l), PARSE_OK);
	assert_int_equal(l.n, 5);
	assert_string_equal(l.items[0].name, "a");
	assert_string_equal(l.items[0].value, "1");
	assert_string_equal(l.items[1].name, "b");
	assert_string_equal(l.items[1].value, "x y");
	assert_int_equal(l.items[1].value_len, 3);
	assert_string_equal(l.items[2].name, "flag");
	assert_string_equal(l.items[2].value, "");
	assert_int_equal(l.items[2].value_len, 0);
	assert_string_equal(l.items[3].value, "\xe4\xb8\xad");
	assert_string_equal(l.items[4].name, "d");
	assert_string_equal(kv_get(&l, "flag"), "");
	assert_string_equal(kv_get(&l, "d"), "");
	assert_null(kv_get(&l, ""));
	assert_null(kv_get(&l, "missing"));
	/* value may contain '=' */
	kvlist_clear(&l);
	assert_int_equal(parse_urlencoded("t=a=b", 5, NULL, &l), PARSE_OK);
	assert_string_equal(kv_get(&l, "t"), "a=b");
	kvlist_clear(&l);
	assert_int_equal(l.n, 0);
	assert_null(l.items);
	/* empty input and all-empty pairs */
	assert_int_equal(parse_urlencoded("", 0, NULL, &l), PARSE_OK);
	assert_int_equal(parse_urlencoded("&&&", 3, NULL, &l), PARSE_OK);
	assert_int_equal(l.n, 0);
	assert_int_equal(parse_urlencoded(NULL, 0, NULL, &l), PARSE_OK);
	assert_int_equal(l.n, 0);
	/* decoded names */
	assert_int_equal(parse_urlencoded("a%5B%5D=1", 9, NULL, &l), PARSE_OK);
	assert_string_equal(kv_get(&l, "a[]"), "1");
	kvlist_clear(&l);
}

static void test_form_duplicates(void **state)
{
	struct kvlist l = { 0 };
	const char *body = "role=rep&x=1&role=admin";

	(void)state;
	assert_int_equal(parse_urlencoded(body, strlen(body), NULL, &l), PARSE_OK);
	assert_null(kv_get(&l, "role"));
	assert_int_equal(kv_count(&l, "role"), 2);
	assert_int_equal(kv_count(&l, "x"), 1);
	assert_int_equal(kv_count(&l, "nope"), 0);
	assert_string_equal(kv_get_nth(&l, "role", 0), "rep");
	assert_string_equal(kv_get_nth(&l, "role", 1), "admin");
	assert_null(kv_get_nth(&l, "role", 2));
	assert_string_equal(kv_get(&l, "x"), "1");
	assert_null(kv_get(NULL, "x"));
	assert_null(kv_get(&l, NULL));
	kvlist_clear(&l);
}

static void test_form_errors_clear(void **state)
{
	struct kvlist l = { 0 };

	(void)state;
	assert_int_equal(kvlist_add(&l, "pre", "existing", 8), 0);
	assert_int_equal(parse_urlencoded("a=1&b=%zz", 9, NULL, &l), PARSE_BAD_ENCODING);
	assert_int_equal(l.n, 0);
	assert_null(l.items);
	assert_int_equal(parse_urlencoded("a=1&%C0%AF=2", 12, NULL, &l), PARSE_BAD_ENCODING);
	assert_int_equal(l.n, 0);
	assert_int_equal(parse_urlencoded("a=%00", 5, NULL, &l), PARSE_BAD_ENCODING);
	assert_int_equal(l.n, 0);
	/* appends after what is already there */
	assert_int_equal(kvlist_add(&l, "pre", "existing", 8), 0);
	assert_int_equal(parse_urlencoded("a=1", 3, NULL, &l), PARSE_OK);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.items[0].name, "pre");
	assert_string_equal(l.items[1].name, "a");
	kvlist_clear(&l);
}

static void test_form_limits(void **state)
{
	const struct parse_limits lim = { .max_fields = 3, .max_name_len = 4, .max_value_len = 5 };
	struct kvlist l = { 0 };
	char big[64 * 1024 + 16];

	(void)state;
	assert_int_equal(PARSE_DEFAULT_LIMITS.max_fields, 2000);
	assert_int_equal(PARSE_DEFAULT_LIMITS.max_name_len, 64);
	assert_int_equal(PARSE_DEFAULT_LIMITS.max_value_len, 65536);

	assert_int_equal(parse_urlencoded("a=1&b=2&c=3", 11, &lim, &l), PARSE_OK);
	assert_int_equal(l.n, 3);
	kvlist_clear(&l);
	assert_int_equal(parse_urlencoded("a=1&b=2&c=3&d=4", 15, &lim, &l), PARSE_TOO_MANY_FIELDS);
	assert_int_equal(l.n, 0);
	/* skipped empty pairs do not count */
	assert_int_equal(parse_urlencoded("a=1&&&b=2&&c=3&", 15, &lim, &l), PARSE_OK);
	assert_int_equal(l.n, 3);
	kvlist_clear(&l);

	assert_int_equal(parse_urlencoded("abcd=1", 6, &lim, &l), PARSE_OK);
	kvlist_clear(&l);
	assert_int_equal(parse_urlencoded("abcde=1", 7, &lim, &l), PARSE_FIELD_TOO_LONG);
	assert_int_equal(l.n, 0);
	assert_int_equal(parse_urlencoded("abcde", 5, &lim, &l), PARSE_FIELD_TOO_LONG);
	/* limits apply to decoded lengths */
	assert_int_equal(parse_urlencoded("n=%41%42%43%44%45", 17, &lim, &l), PARSE_OK);
	assert_string_equal(kv_get(&l, "n"), "ABCDE");
	kvlist_clear(&l);
	assert_int_equal(parse_urlencoded("n=123456", 8, &lim, &l), PARSE_FIELD_TOO_LONG);
	assert_int_equal(l.n, 0);

	/* default value limit: exactly 64 KiB ok, one more refused */
	memcpy(big, "v=", 2);
	memset(big + 2, 'x', 65536 + 1);
	assert_int_equal(parse_urlencoded(big, 2 + 65536, NULL, &l), PARSE_OK);
	assert_int_equal(l.items[0].value_len, 65536);
	assert_int_equal(strlen(kv_get(&l, "v")), 65536);
	kvlist_clear(&l);
	assert_int_equal(parse_urlencoded(big, 2 + 65537, NULL, &l), PARSE_FIELD_TOO_LONG);
	assert_int_equal(l.n, 0);

	/* default name limit: 64 ok, 65 refused */
	memset(big, 'n', 65);
	big[65] = '=';
	assert_int_equal(parse_urlencoded(big + 1, 65, NULL, &l), PARSE_OK);
	kvlist_clear(&l);
	assert_int_equal(parse_urlencoded(big, 66, NULL, &l), PARSE_FIELD_TOO_LONG);
	assert_int_equal(l.n, 0);
}

static void test_form_default_field_limit(void **state)
{
	struct kvlist l = { 0 };
	char buf[9 * 2001 + 1];
	size_t len = 0;
	int i;

	(void)state;
	for (i = 0; i < 2000; i++)
		len += (size_t)snprintf(buf + len, sizeof buf - len, "f%d=1&", i);
	assert_int_equal(parse_urlencoded(buf, len, NULL, &l), PARSE_OK);
	assert_int_equal(l.n, 2000);
	assert_string_equal(l.items[1999].name, "f1999");
	kvlist_clear(&l);
	len += (size_t)snprintf(buf + len, sizeof buf - len, "g=1");
	assert_int_equal(parse_urlencoded(buf, len, NULL, &l), PARSE_TOO_MANY_FIELDS);
	assert_int_equal(l.n, 0);
	assert_null(l.items);
}

static void test_kvlist_add(void **state)
{
	struct kvlist l = { 0 };
	char name[16];
	int i;

	(void)state;
	for (i = 0; i < 100; i++) {
		snprintf(name, sizeof name, "k%d", i);
		assert_int_equal(kvlist_add(&l, name, "abcdef", 3), 0);
	}
	assert_int_equal(l.n, 100);
	assert_true(l.cap >= 100);
	assert_string_equal(kv_get(&l, "k57"), "abc");
	assert_int_equal(l.items[57].value_len, 3);
	assert_int_equal(kvlist_add(&l, "empty", NULL, 0), 0);
	assert_string_equal(kv_get(&l, "empty"), "");
	assert_int_equal(kvlist_add(&l, NULL, "x", 1), -1);
	assert_int_equal(kvlist_add(&l, "x", NULL, 1), -1);
	kvlist_clear(&l);
	assert_int_equal(l.n, 0);
	assert_int_equal(l.cap, 0);
	assert_null(l.items);
	kvlist_clear(&l);   /* twice is fine */
	kvlist_clear(NULL);
	assert_int_equal(kvlist_add(&l, "again", "1", 1), 0);
	assert_string_equal(kv_get(&l, "again"), "1");
	kvlist_clear(&l);
}

static void test_cookies(void **state)
{
	struct kvlist l = { 0 };

	(void)state;
	assert_int_equal(parse_cookies("  parley_session=abc123 ;lang = zh-CN;  q=\"quoted value\" ;"
				       " empty=; pct=a%20b", NULL, &l), PARSE_OK);
	assert_int_equal(l.n, 5);
	assert_string_equal(kv_get(&l, "parley_session"), "abc123");
	assert_string_equal(kv_get(&l, "lang"), "zh-CN");
	assert_string_equal(kv_get(&l, "q"), "quoted value");
	assert_int_equal(l.items[2].value_len, 12);
	assert_string_equal(kv_get(&l, "empty"), "");
	assert_string_equal(kv_get(&l, "pct"), "a%20b");   /* not decoded */
	kvlist_clear(&l);

	/* malformed pieces skipped, the rest kept */
	assert_int_equal(parse_cookies("novalue; =x; a b=1; ok=1;;; x=\x01y; \"=q; bad\xff=1; u=\xc0\xaf; z=2",
				       NULL, &l), PARSE_OK);
	assert_int_equal(l.n, 2);
	assert_string_equal(kv_get(&l, "ok"), "1");
	assert_string_equal(kv_get(&l, "z"), "2");
	kvlist_clear(&l);

	/* a lone quote is kept as is; "" becomes empty */
	assert_int_equal(parse_cookies("a=\"x; b=\"\"; c=\"", NULL, &l), PARSE_OK);
	assert_string_equal(kv_get(&l, "a"), "\"x");
	assert_string_equal(kv_get(&l, "b"), "");
	assert_string_equal(kv_get(&l, "c"), "\"");
	kvlist_clear(&l);

	/* same name twice: kept in order, kv_get refuses to choose */
	assert_int_equal(parse_cookies("sid=first; sid=second", NULL, &l), PARSE_OK);
	assert_int_equal(kv_count(&l, "sid"), 2);
	assert_null(kv_get(&l, "sid"));
	assert_string_equal(kv_get_nth(&l, "sid", 0), "first");
	assert_string_equal(kv_get_nth(&l, "sid", 1), "second");
	kvlist_clear(&l);

	assert_int_equal(parse_cookies(NULL, NULL, &l), PARSE_OK);
	assert_int_equal(parse_cookies("", NULL, &l), PARSE_OK);
	assert_int_equal(parse_cookies(" ; ; ", NULL, &l), PARSE_OK);
	assert_int_equal(l.n, 0);
	/* UTF-8 values are allowed */
	assert_int_equal(parse_cookies("n=\xe4\xb8\xad", NULL, &l), PARSE_OK);
	assert_string_equal(kv_get(&l, "n"), "\xe4\xb8\xad");
	kvlist_clear(&l);
}

static void test_cookie_limits(void **state)
{
	const struct parse_limits lim = { .max_fields = 2, .max_name_len = 3, .max_value_len = 4 };
	struct kvlist l = { 0 };

	(void)state;
	assert_int_equal(parse_cookies("a=1; b=2; junk", &lim, &l), PARSE_OK);
	assert_int_equal(l.n, 2);
	kvlist_clear(&l);
	assert_int_equal(parse_cookies("a=1; b=2; c=3", &lim, &l), PARSE_TOO_MANY_FIELDS);
	assert_int_equal(l.n, 0);
	assert_null(l.items);
	assert_int_equal(parse_cookies("abc=\"abcd\"", &lim, &l), PARSE_OK);
	assert_string_equal(kv_get(&l, "abc"), "abcd");
	kvlist_clear(&l);
	assert_int_equal(parse_cookies("abcd=1", &lim, &l), PARSE_FIELD_TOO_LONG);
	assert_int_equal(l.n, 0);
	assert_int_equal(parse_cookies("a=1; b=abcde", &lim, &l), PARSE_FIELD_TOO_LONG);
	assert_int_equal(l.n, 0);
}

static void test_content_length(void **state)
{
	size_t v = 12345;

	(void)state;
	assert_int_equal(parse_content_length("", 100, &v), -1);
	assert_int_equal(parse_content_length(NULL, 100, &v), -1);
	assert_int_equal(parse_content_length("-1", 100, &v), -1);
	assert_int_equal(parse_content_length("+5", 100, &v), -1);
	assert_int_equal(parse_content_length(" 5", 100, &v), -1);
	assert_int_equal(parse_content_length("5 ", 100, &v), -1);
	assert_int_equal(parse_content_length("007", 100, &v), -1);
	assert_int_equal(parse_content_length("00", 100, &v), -1);
	assert_int_equal(parse_content_length("1e3", 10000, &v), -1);
	assert_int_equal(parse_content_length("0x10", 100, &v), -1);
	assert_int_equal(parse_content_length("18446744073709551616", SIZE_MAX, &v), -1);
	assert_int_equal(parse_content_length("99999999999999999999999", SIZE_MAX, &v), -1);
	assert_int_equal(parse_content_length("101", 100, &v), -1);
	assert_int_equal(v, 12345);   /* untouched on failure */

	assert_int_equal(parse_content_length("0", 100, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(parse_content_length("100", 100, &v), 0);
	assert_int_equal(v, 100);
	assert_int_equal(parse_content_length("1048576", 1048576, &v), 0);
	assert_int_equal(v, 1048576);
	assert_int_equal(parse_content_length("1048577", 1048576, &v), -1);
	assert_int_equal(parse_content_length("18446744073709551615", SIZE_MAX, &v), 0);
	assert_true(v == SIZE_MAX);
	assert_int_equal(parse_content_length("0", 0, &v), 0);
	assert_int_equal(parse_content_length("1", 0, &v), -1);
}

static void test_parse_int64(void **state)
{
	long long v = 42;

	(void)state;
	assert_int_equal(parse_int64("123", 0, 1000, &v), 0);
	assert_int_equal(v, 123);
	assert_int_equal(parse_int64("-5", -10, 10, &v), 0);
	assert_int_equal(v, -5);
	assert_int_equal(parse_int64("007", 0, 10, &v), 0);
	assert_int_equal(v, 7);
	assert_int_equal(parse_int64("-0", -1, 1, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(parse_int64("10", 0, 10, &v), 0);   /* bounds inclusive */
	assert_int_equal(v, 10);
	assert_int_equal(parse_int64("0", 0, 10, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(parse_int64("9223372036854775807", LLONG_MIN, LLONG_MAX, &v), 0);
	assert_true(v == LLONG_MAX);
	assert_int_equal(parse_int64("-9223372036854775808", LLONG_MIN, LLONG_MAX, &v), 0);
	assert_true(v == LLONG_MIN);

	v = 42;
	assert_int_equal(parse_int64("9223372036854775808", LLONG_MIN, LLONG_MAX, &v), -1);
	assert_int_equal(parse_int64("-9223372036854775809", LLONG_MIN, LLONG_MAX, &v), -1);
	assert_int_equal(parse_int64("18446744073709551616", LLONG_MIN, LLONG_MAX, &v), -1);
	assert_int_equal(parse_int64("11", 0, 10, &v), -1);
	assert_int_equal(parse_int64("-1", 0, 10, &v), -1);
	assert_int_equal(parse_int64("", 0, 10, &v), -1);
	assert_int_equal(parse_int64("-", 0, 10, &v), -1);
	assert_int_equal(parse_int64("+1", 0, 10, &v), -1);
	assert_int_equal(parse_int64(" 1", 0, 10, &v), -1);
	assert_int_equal(parse_int64("1 ", 0, 10, &v), -1);
	assert_int_equal(parse_int64("1\n", 0, 10, &v), -1);
	assert_int_equal(parse_int64("--1", -10, 10, &v), -1);
	assert_int_equal(parse_int64("1.5", 0, 10, &v), -1);
	assert_int_equal(parse_int64("0x1", 0, 10, &v), -1);
	assert_int_equal(parse_int64(NULL, 0, 10, &v), -1);
	assert_int_equal(parse_int64("5", 10, 0, &v), -1);   /* empty range */
	assert_int_equal(v, 42);
}

static void test_parse_id(void **state)
{
	long long v = 42;

	(void)state;
	assert_int_equal(parse_id("123", 3, &v), 0);
	assert_int_equal(v, 123);
	assert_int_equal(parse_id("1", 1, &v), 0);
	assert_int_equal(v, 1);
	assert_int_equal(parse_id("12/edit", 2, &v), 0);   /* only len bytes */
	assert_int_equal(v, 12);
	assert_int_equal(parse_id("9223372036854775807", 19, &v), 0);
	assert_true(v == LLONG_MAX);

	v = 42;
	assert_int_equal(parse_id("0123", 4, &v), -1);
	assert_int_equal(parse_id("0", 1, &v), -1);
	assert_int_equal(parse_id("", 0, &v), -1);
	assert_int_equal(parse_id("1a", 2, &v), -1);
	assert_int_equal(parse_id("-1", 2, &v), -1);
	assert_int_equal(parse_id("+1", 2, &v), -1);
	assert_int_equal(parse_id(" 1", 2, &v), -1);
	assert_int_equal(parse_id("1\0", 2, &v), -1);
	assert_int_equal(parse_id("9223372036854775808", 19, &v), -1);
	assert_int_equal(parse_id("99999999999999999999", 20, &v), -1);
	assert_int_equal(parse_id(NULL, 3, &v), -1);
	assert_int_equal(v, 42);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode_valid),
		cmocka_unit_test(test_decode_malformed),
		cmocka_unit_test(test_decode_raw_nul),
		cmocka_unit_test(test_decode_utf8),
		cmocka_unit_test(test_decode_controls),
		cmocka_unit_test(test_form_basic),
		cmocka_unit_test(test_form_duplicates),
		cmocka_unit_test(test_form_errors_clear),
		cmocka_unit_test(test_form_limits),
		cmocka_unit_test(test_form_default_field_limit),
		cmocka_unit_test(test_kvlist_add),
		cmocka_unit_test(test_cookies),
		cmocka_unit_test(test_cookie_limits),
		cmocka_unit_test(test_content_length),
		cmocka_unit_test(test_parse_int64),
		cmocka_unit_test(test_parse_id),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
