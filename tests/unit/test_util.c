/* Buffers, UTF-8 helpers, configuration parsing and the clock. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "util/buf.h"
#include "util/clock.h"
#include "util/config.h"
#include "util/utf8.h"

static void test_buf(void **state)
{
	struct buf b = { 0 };
	char *s;
	int i;

	(void)state;
	for (i = 0; i < 1000; i++)
		assert_int_equal(buf_printf(&b, "%d,", i), 0);
	assert_true(b.len > 3000);
	assert_int_equal(b.data[b.len], '\0');
	assert_true(!strncmp(b.data, "0,1,2,", 6));
	buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.data, "");
	buf_puts(&b, "x");
	s = buf_detach(&b);
	assert_string_equal(s, "x");
	assert_null(b.data);
	free(s);
	buf_free(&b);
}

static void test_utf8(void **state)
{
	char out[8];

	(void)state;
	assert_int_equal(utf8_chars("abc"), 3);
	assert_int_equal(utf8_chars("谈判记录"), 4);
	assert_int_equal(utf8_chars("\xff"), -1);
	assert_int_equal(utf8_chars("\xe8\xb0"), -1);
	utf8_clip("谈判记录", out, sizeof out);     /* 12 bytes into 8: two characters fit */
	assert_string_equal(out, "谈判");
	utf8_clip("abc", out, sizeof out);
	assert_string_equal(out, "abc");
}

static void test_config(void **state)
{
	char path[] = "/tmp/parley-test-conf-XXXXXX";
	struct config cfg;
	FILE *f;
	int fd;

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	fputs("# comment\n db_name = parley \ndb_user=parley\nsecrets_dir=/s\ntemplates_dir=/t\nworkers=8\n", f);
	fclose(f);
	assert_int_equal(config_load(path, &cfg), 0);
	assert_string_equal(cfg.db_name, "parley");
	assert_int_equal(cfg.workers, 8);
	assert_null(cfg.clock_offset_file);
	config_free(&cfg);

	f = fopen(path, "w");
	fputs("db_name=parley\ndb_user=parley\nsecrets_dir=/s\ntemplates_dir=/t\nworkerz=8\n", f);
	fclose(f);
	assert_int_equal(config_load(path, &cfg), -1);   /* unknown key */
	f = fopen(path, "w");
	fputs("db_name=parley\ndb_user=parley\nsecrets_dir=/s\ntemplates_dir=/t\nworkers=8x\n", f);
	fclose(f);
	assert_int_equal(config_load(path, &cfg), -1);
	f = fopen(path, "w");
	fputs("db_user=parley\nsecrets_dir=/s\ntemplates_dir=/t\n", f);
	fclose(f);
	assert_int_equal(config_load(path, &cfg), -1);   /* db_name missing */
	unlink(path);
}

static void test_clock(void **state)
{
	char path[] = "/tmp/parley-test-clock-XXXXXX";
	char s[20];
	time_t t, base;
	FILE *f;
	int fd;

	(void)state;
	clock_fmt_utc(0, s);
	assert_string_equal(s, "1970-01-01 00:00:00");
	assert_int_equal(clock_parse_utc("2026-11-22 08:30:05", &t), 0);
	clock_fmt_utc(t, s);
	assert_string_equal(s, "2026-11-22 08:30:05");
	assert_int_equal(clock_parse_utc("2026-11-22", &t), -1);
	assert_int_equal(clock_parse_utc("2026-11-22 08:30:05x", &t), -1);

	fd = mkstemp(path);
	f = fdopen(fd, "w");
	fputs("3600\n", f);
	fclose(f);
	base = time(NULL);
	t = clock_now(path);
	assert_true(t >= base + 3600 && t <= base + 3602);
	f = fopen(path, "w");
	fputs("junk\n", f);
	fclose(f);
	t = clock_now(path);
	assert_true(t >= base && t <= base + 2);
	unlink(path);
	t = clock_now(NULL);
	assert_true(t >= base && t <= base + 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buf),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_config),
		cmocka_unit_test(test_clock),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
