/* domain/keys: appending a key to the key file (the database half is in tests/integration/test_keys.py). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "crypto/keyring.h"
#include "domain/keys.h"

#define K1 "1111111111111111111111111111111111111111111111111111111111111111"
#define K5 "5555555555555555555555555555555555555555555555555555555555555555"

static char dir[64], path[128];

static void write_file(const char *text, mode_t mode)
{
	FILE *f;

	unlink(path);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	assert_int_equal(chmod(path, mode), 0);
}

static char *read_file(size_t *len)
{
	FILE *f = fopen(path, "r");
	char *buf = calloc(1, 8192);
	size_t n;

	assert_non_null(f);
	assert_non_null(buf);
	n = fread(buf, 1, 8191, f);
	fclose(f);
	if (len)
		*len = n;
	return buf;
}

/* Only the key file (no temporary left behind). */
static void only_key_file(void)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(d);
	assert_int_equal(n, 1);
}

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/parley-test-keys-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof path, "%s/field.keys", dir);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	unlink(path);
	rmdir(dir);
	return 0;
}

static void test_append(void **state)
{
	struct keyring *kr = NULL;
	struct stat st;
	unsigned v = 0;
	char *text;
	size_t len;

	(void)state;
	write_file("# demo ring\n1 " K1 "\n", 0600);
	assert_int_equal(keys_append(dir, &v), 0);
	assert_int_equal(v, 2);
	assert_int_equal(keys_append(dir, &v), 0);
	assert_int_equal(v, 3);
	only_key_file();

	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	text = read_file(&len);
	/* The old text is kept as it was, keys appended one a line. */
	assert_memory_equal(text, "# demo ring\n1 " K1 "\n2 ", strlen("# demo ring\n1 " K1 "\n2 "));
	assert_int_equal(keyring_load(path, &kr), 0);
	assert_int_equal(keyring_count(kr), 3);
	assert_int_equal(keyring_current(kr), 3);
	assert_memory_equal(keyring_key(kr, 1), "\x11\x11\x11\x11", 4);
	/* Fresh random keys: not equal to each other or to the old one. */
	assert_memory_not_equal(keyring_key(kr, 2), keyring_key(kr, 3), KEYRING_KEY_LEN);
	assert_memory_not_equal(keyring_key(kr, 1), keyring_key(kr, 2), KEYRING_KEY_LEN);
	keyring_free(&kr);
	free(text);
}

static void test_append_after_highest_and_without_newline(void **state)
{
	struct keyring *kr = NULL;
	unsigned v = 0;

	(void)state;
	write_file("5 " K5 "\n1 " K1, 0600);   /* unordered, no final newline */
	assert_int_equal(keys_append(dir, &v), 0);
	assert_int_equal(v, 6);
	assert_int_equal(keyring_load(path, &kr), 0);
	assert_int_equal(keyring_count(kr), 3);
	assert_int_equal(keyring_current(kr), 6);
	assert_non_null(keyring_key(kr, 1));
	assert_non_null(keyring_key(kr, 5));
	keyring_free(&kr);
}

static void test_refuses(void **state)
{
	unsigned v = 7;
	char *before, *after;

	(void)state;
	/* Malformed: nothing changes. */
	write_file("1 " K1 "\n2 nothex\n", 0600);
	before = read_file(NULL);
	assert_int_equal(keys_append(dir, &v), -1);
	assert_int_equal(v, 0);
	after = read_file(NULL);
	assert_string_equal(before, after);
	free(before);
	free(after);
	only_key_file();

	/* Readable by others: refused like at start-up. */
	write_file("1 " K1 "\n", 0644);
	assert_int_equal(keys_append(dir, &v), -1);
	/* The ring is full at version 65535. */
	write_file("65535 " K1 "\n", 0600);
	assert_int_equal(keys_append(dir, &v), -1);
	only_key_file();
	/* No file at all. */
	unlink(path);
	assert_int_equal(keys_append(dir, &v), -1);
	write_file("1 " K1 "\n", 0600);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_append),
		cmocka_unit_test(test_append_after_highest_and_without_newline),
		cmocka_unit_test(test_refuses),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
