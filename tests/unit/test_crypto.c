/* crypto/random, crypto/hash: known answers, encodings, key files. */
#if !defined(_POSIX_C_SOURCE) && !defined(_XOPEN_SOURCE)
#define _POSIX_C_SOURCE 200809L
#endif
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "crypto/hash.h"
#include "crypto/random.h"

static void test_sha256_known_answers(void **state)
{
	char hex[65];

	(void)state;
	assert_int_equal(sha256_hex("abc", 3, hex), 0);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	assert_int_equal(sha256_hex("", 0, hex), 0);
	assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	assert_int_equal(sha256_hex(NULL, 0, hex), 0);
	assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	assert_int_equal(sha256_hex(NULL, 3, hex), -1);
}

static void test_hmac_rfc4231(void **state)
{
	unsigned char key1[20], mac[32];
	char hex[65];

	(void)state;
	/* RFC 4231 test case 1 */
	memset(key1, 0x0b, sizeof key1);
	assert_int_equal(hmac_sha256(key1, sizeof key1, "Hi There", 8, mac), 0);
	hex_encode(mac, 32, hex);
	assert_string_equal(hex, "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
	/* RFC 4231 test case 2 */
	assert_int_equal(hmac_sha256((const unsigned char *)"Jefe", 4, "what do ya want for nothing?", 28, mac), 0);
	hex_encode(mac, 32, hex);
	assert_string_equal(hex, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
	/* A different key gives a different MAC. */
	assert_int_equal(hmac_sha256((const unsigned char *)"Jeff", 4, "what do ya want for nothing?", 28, mac), 0);
	hex_encode(mac, 32, hex);
	assert_string_not_equal(hex, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

static void test_hex_round_trip(void **state)
{
	unsigned char in[256], out[256];
	char hex[513];
	size_t i, n = 0;

	(void)state;
	for (i = 0; i < sizeof in; i++)
		in[i] = (unsigned char)i;
	hex_encode(in, sizeof in, hex);
	assert_int_equal(strlen(hex), 512);
	assert_memory_equal(hex, "000102030405060708090a0b0c0d0e0f", 32);
	assert_string_equal(hex + 500, "fafbfcfdfeff");
	assert_int_equal(hex_decode(hex, out, sizeof out, &n), 0);
	assert_int_equal(n, sizeof in);
	assert_memory_equal(in, out, sizeof in);
	/* Upper case is accepted too. */
	assert_int_equal(hex_decode("ABcdEF", out, sizeof out, &n), 0);
	assert_int_equal(n, 3);
	assert_int_equal(out[0], 0xab);
	assert_int_equal(out[2], 0xef);
	assert_int_equal(hex_decode("", out, sizeof out, &n), 0);
	assert_int_equal(n, 0);
}

static void test_hex_bad(void **state)
{
	unsigned char out[8];
	size_t n = 99;

	(void)state;
	assert_int_equal(hex_decode("abc", out, sizeof out, &n), -1);    /* odd length */
	assert_int_equal(n, 0);
	assert_int_equal(hex_decode("zz", out, sizeof out, &n), -1);     /* not hex */
	assert_int_equal(hex_decode("0g", out, sizeof out, &n), -1);
	assert_int_equal(hex_decode("ab cd", out, sizeof out, &n), -1);  /* whitespace */
	assert_int_equal(hex_decode("-1", out, sizeof out, &n), -1);
	assert_int_equal(hex_decode("000102030405060708", out, sizeof out, &n), -1); /* 9 > 8 bytes */
	assert_int_equal(hex_decode(NULL, out, sizeof out, &n), -1);
	assert_int_equal(hex_decode("0001020304050607", out, sizeof out, NULL), 0);
}

static void test_b64url(void **state)
{
	static const struct { const char *in; const char *out; } v[] = {
		{ "", "" }, { "f", "Zg" }, { "fo", "Zm8" }, { "foo", "Zm9v" },
		{ "foob", "Zm9vYg" }, { "fooba", "Zm9vYmE" }, { "foobar", "Zm9vYmFy" },
	};
	const unsigned char url[] = { 0xfb, 0xff };
	char out[16];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof v / sizeof v[0]; i++) {
		assert_int_equal(b64url_encode((const unsigned char *)v[i].in, strlen(v[i].in), out, sizeof out), 0);
		assert_string_equal(out, v[i].out);
		assert_int_equal(strlen(out), B64URL_LEN(strlen(v[i].in)));
	}
	assert_int_equal(b64url_encode(url, sizeof url, out, sizeof out), 0);
	assert_string_equal(out, "-_8");
	/* Too small a buffer is refused, not truncated. */
	assert_int_equal(b64url_encode((const unsigned char *)"foo", 3, out, 4), -1);
	assert_string_equal(out, "");
	assert_int_equal(b64url_encode((const unsigned char *)"foo", 3, out, 5), 0);
}

static void test_ct_equal(void **state)
{
	(void)state;
	assert_true(ct_equal("abcdef", "abcdef", 6));
	assert_false(ct_equal("abcdef", "abcdeg", 6));
	assert_false(ct_equal("Xbcdef", "abcdef", 6));
	assert_true(ct_equal("a", "b", 0));
}

static void test_random(void **state)
{
	unsigned char a[32], b[32];
	char t1[64], t2[64];
	size_t i;

	(void)state;
	assert_int_equal(rand_bytes(a, sizeof a), 0);
	assert_int_equal(rand_bytes(b, sizeof b), 0);
	assert_memory_not_equal(a, b, sizeof a);
	assert_int_equal(rand_bytes(a, 0), 0);
	assert_int_equal(rand_token_b64url(t1, sizeof t1, 32), 0);
	assert_int_equal(rand_token_b64url(t2, sizeof t2, 32), 0);
	assert_int_equal(strlen(t1), 43);
	assert_string_not_equal(t1, t2);
	for (i = 0; t1[i]; i++)
		assert_non_null(strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", t1[i]));
	assert_int_equal(rand_token_b64url(t1, 43, 32), -1); /* no room for the NUL */
	assert_string_equal(t1, "");
	assert_int_equal(rand_token_b64url(t1, 44, 32), 0);
	assert_int_equal(rand_token_b64url(t1, sizeof t1, 0), -1);
	assert_int_equal(rand_token_b64url(t1, sizeof t1, 16), 0);
	assert_int_equal(strlen(t1), 22);
}

/* Key files: a scratch directory per test run. */
static char dir[64];

static int setup_dir(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/parley-test-crypto-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown_dir(void **state)
{
	(void)state;
	return rmdir(dir);
}

static void write_file(const char *path, const char *text, mode_t mode)
{
	int fd;
	size_t len = strlen(text);

	unlink(path);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, len), (ssize_t)len);
	assert_int_equal(fchmod(fd, mode), 0);
	close(fd);
}

#define KEY_HEX "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"

static void test_key_file(void **state)
{
	unsigned char key[32], want[32];
	char path[128];
	size_t i;

	(void)state;
	for (i = 0; i < 32; i++)
		want[i] = (unsigned char)i;
	snprintf(path, sizeof path, "%s/k", dir);

	write_file(path, KEY_HEX "\n", 0600);
	memset(key, 0xaa, sizeof key);
	assert_int_equal(read_hex_key_file(path, key, 32), 0);
	assert_memory_equal(key, want, 32);

	/* Whitespace and newlines inside are tolerated (od -An -tx1 output). */
	write_file(path, " 00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f\r\n"
	                 " 10 11 12 13 14 15 16 17 18 19 1A 1B 1C 1D 1E 1F\n\n", 0400);
	assert_int_equal(read_hex_key_file(path, key, 32), 0);
	assert_memory_equal(key, want, 32);

	/* Wrong length, bad hex, empty. */
	write_file(path, KEY_HEX "00\n", 0600);
	errno = 0;
	assert_int_equal(read_hex_key_file(path, key, 32), -1);
	assert_int_equal(errno, EINVAL);
	write_file(path, "0001020304050607\n", 0600);
	assert_int_equal(read_hex_key_file(path, key, 32), -1);
	write_file(path, "zz0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", 0600);
	assert_int_equal(read_hex_key_file(path, key, 32), -1);
	assert_int_equal(errno, EINVAL);
	write_file(path, "", 0600);
	assert_int_equal(read_hex_key_file(path, key, 32), -1);

	unlink(path);
}

static void test_key_file_permissions(void **state)
{
	static const mode_t loose[] = { 0640, 0604, 0644, 0660, 0601, 0610, 0666, 0700 | 0020 };
	unsigned char key[32];
	char path[128];
	size_t i;

	(void)state;
	snprintf(path, sizeof path, "%s/k", dir);
	for (i = 0; i < sizeof loose / sizeof loose[0]; i++) {
		write_file(path, KEY_HEX "\n", loose[i]);
		errno = 0;
		assert_int_equal(read_hex_key_file(path, key, 32), -1);
		assert_int_equal(errno, EACCES);
	}
	write_file(path, KEY_HEX "\n", 0600);
	assert_int_equal(read_hex_key_file(path, key, 32), 0);
	unlink(path);

	/* Missing file and a directory are refused too. */
	errno = 0;
	assert_int_equal(read_hex_key_file(path, key, 32), -1);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(read_hex_key_file(dir, key, 32), -1);
}

static void test_secret_file_size_cap(void **state)
{
	char path[128], *buf = NULL;
	size_t len = 0;

	(void)state;
	snprintf(path, sizeof path, "%s/s", dir);
	write_file(path, "0123456789", 0600);
	errno = 0;
	assert_int_equal(read_secret_file(path, 9, &buf, &len), -1);
	assert_int_equal(errno, EFBIG);
	assert_null(buf);
	assert_int_equal(read_secret_file(path, 10, &buf, &len), 0);
	assert_int_equal(len, 10);
	assert_string_equal(buf, "0123456789");
	secret_free(&buf, len);
	assert_null(buf);
	secret_free(&buf, 0);
	secret_free(NULL, 0);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sha256_known_answers),
		cmocka_unit_test(test_hmac_rfc4231),
		cmocka_unit_test(test_hex_round_trip),
		cmocka_unit_test(test_hex_bad),
		cmocka_unit_test(test_b64url),
		cmocka_unit_test(test_ct_equal),
		cmocka_unit_test(test_random),
		cmocka_unit_test(test_key_file),
		cmocka_unit_test(test_key_file_permissions),
		cmocka_unit_test(test_secret_file_size_cap),
	};
	return cmocka_run_group_tests(tests, setup_dir, teardown_dir);
}
