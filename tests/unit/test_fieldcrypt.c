/* crypto/keyring + crypto/fieldcrypt: key ring parsing and AES-256-GCM field encryption. */
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

#include "crypto/fieldcrypt.h"
#include "crypto/keyring.h"

#define K1 "1111111111111111111111111111111111111111111111111111111111111111"
#define K2 "2222222222222222222222222222222222222222222222222222222222222222"
#define K7 "77777777777777777777777777777777777777777777777777777777777777aA"

static const char ring1[] = "1 " K1 "\n";
static const char ring12[] = "1 " K1 "\n2 " K2 "\n";
static const char ring2[] = "2 " K2 "\n";

static struct keyring *parse(const char *text)
{
	struct keyring *kr = NULL;

	assert_int_equal(keyring_parse(text, strlen(text), &kr), 0);
	assert_non_null(kr);
	return kr;
}

static void test_keyring_parse(void **state)
{
	struct keyring *kr;
	const char *text = "# field keys\n\n  1 " K1 "\r\n7\t" K7 "  \n2 " K2;

	(void)state;
	kr = parse(text);
	assert_int_equal(keyring_count(kr), 3);
	assert_int_equal(keyring_current(kr), 7);
	assert_non_null(keyring_key(kr, 1));
	assert_non_null(keyring_key(kr, 2));
	assert_non_null(keyring_key(kr, 7));
	assert_null(keyring_key(kr, 3));
	assert_int_equal(keyring_key(kr, 1)[0], 0x11);
	assert_int_equal(keyring_key(kr, 7)[31], 0xaa);
	keyring_free(&kr);
	assert_null(kr);
	keyring_free(&kr);
	keyring_free(NULL);

	kr = parse("65535 " K1 "\n");
	assert_int_equal(keyring_current(kr), 65535);
	keyring_free(&kr);
	assert_int_equal(keyring_current(NULL), 0);
}

static void test_keyring_refuses(void **state)
{
	static const char *const bad[] = {
		"",                                   /* empty */
		"# only a comment\n\n",
		"1 " K1 "\n1 " K2 "\n",               /* duplicate version */
		"2 " K1 "\n1 " K2 "\n02 " K2 "\n",    /* duplicate, spelled differently */
		"0 " K1 "\n",                         /* version out of range */
		"65536 " K1 "\n",
		"-1 " K1 "\n",
		"+1 " K1 "\n",
		"999999999999999999999 " K1 "\n",
		"x " K1 "\n",
		"1 " K1 "0\n",                         /* 65 hex */
		"1 " "111111111111111111111111111111111111111111111111111111111111111\n", /* 63 */
		"1 " "zz11111111111111111111111111111111111111111111111111111111111111\n", /* bad hex */
		"1\n",                                 /* no key */
		"1" K1 "\n",                           /* no separator */
		"1 " K1 " extra\n",                    /* trailing junk */
		K1 "\n",                               /* no version */
	};
	struct keyring *kr = (struct keyring *)&kr; /* must be reset to NULL */
	size_t i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		kr = (struct keyring *)&kr;
		assert_int_equal(keyring_parse(bad[i], strlen(bad[i]), &kr), -1);
		assert_null(kr);
	}
	/* An embedded NUL is refused. */
	assert_int_equal(keyring_parse("1 " K1 "\0\n2 " K2 "\n", strlen(ring12), &kr), -1);
}

static char dir[64];

static int setup_dir(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/parley-test-fieldcrypt-XXXXXX");
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

static void test_keyring_load(void **state)
{
	struct keyring *kr = NULL;
	char path[128];

	(void)state;
	snprintf(path, sizeof path, "%s/field.keys", dir);
	write_file(path, ring12, 0600);
	assert_int_equal(keyring_load(path, &kr), 0);
	assert_int_equal(keyring_current(kr), 2);
	keyring_free(&kr);

	write_file(path, ring12, 0640);
	errno = 0;
	assert_int_equal(keyring_load(path, &kr), -1);
	assert_int_equal(errno, EACCES);
	assert_null(kr);
	write_file(path, ring12, 0604);
	assert_int_equal(keyring_load(path, &kr), -1);
	assert_null(kr);

	write_file(path, "1 " K1 "\n1 " K2 "\n", 0600);
	assert_int_equal(keyring_load(path, &kr), -1);
	assert_null(kr);
	unlink(path);
	assert_int_equal(keyring_load(path, &kr), -1);
	assert_int_equal(keyring_load(dir, &kr), -1);
	assert_null(kr);
}

static int contains(const unsigned char *hay, size_t n, const char *needle)
{
	size_t m = strlen(needle), i;

	for (i = 0; i + m <= n; i++)
		if (!memcmp(hay + i, needle, m))
			return 1;
	return 0;
}

#define SECRET "预算上限 ¥1,250,000 — walk away below 8%"

static void test_round_trip(void **state)
{
	struct keyring *kr = parse(ring1);
	unsigned char *ct = NULL;
	size_t ctlen = 0, plen = 0;
	char *pt = NULL;
	const unsigned char bin[] = { 0, 1, 2, 0, 255, 0 };

	(void)state;
	assert_int_equal(field_encrypt(kr, "customers", "budget_ceiling", 42, SECRET, strlen(SECRET), &ct, &ctlen), 0);
	assert_int_equal(ctlen, strlen(SECRET) + FIELD_OVERHEAD);
	assert_int_equal(ct[0], 1);
	assert_int_equal(ct[1], 0);
	assert_int_equal(ct[2], 1);
	assert_int_equal(field_key_version(ct, ctlen), 1);
	/* The plaintext does not appear in the blob. */
	assert_false(contains(ct, ctlen, "walk away"));
	assert_int_equal(field_decrypt(kr, "customers", "budget_ceiling", 42, ct, ctlen, &pt, &plen), 0);
	assert_int_equal(plen, strlen(SECRET));
	assert_string_equal(pt, SECRET);
	field_plain_free(&pt, plen);
	assert_null(pt);
	free(ct);

	/* Empty values and binary values with NULs. */
	assert_int_equal(field_encrypt(kr, "t", "c", 1, "", 0, &ct, &ctlen), 0);
	assert_int_equal(ctlen, FIELD_OVERHEAD);
	assert_int_equal(field_decrypt(kr, "t", "c", 1, ct, ctlen, &pt, &plen), 0);
	assert_int_equal(plen, 0);
	assert_string_equal(pt, "");
	field_plain_free(&pt, plen);
	free(ct);
	assert_int_equal(field_encrypt(kr, "t", "c", -5, bin, sizeof bin, &ct, &ctlen), 0);
	assert_int_equal(field_decrypt(kr, "t", "c", -5, ct, ctlen, &pt, &plen), 0);
	assert_int_equal(plen, sizeof bin);
	assert_memory_equal(pt, bin, sizeof bin);
	field_plain_free(&pt, plen);
	free(ct);
	keyring_free(&kr);
}

static void test_known_answer(void **state)
{
	/* Pins the stored format and the AAD. Made independently with Python's
	 * cryptography AESGCM: key 11..11, nonce 00..0b, plaintext "预算上限 1000000",
	 * AAD = "parley-field" 01 0001 u32be(9) "customers" u32be(14) "budget_ceiling" i64be(42). */
	static const char blob_hex[] = "010001000102030405060708090a0bfa4132f4d534d14c9e514a0fe49ec716f99130582a0e4843"
	                               "45e8c88cb0a672e98b279000";
	struct keyring *kr = parse(ring1);
	unsigned char blob[64];
	size_t i, n = strlen(blob_hex) / 2, plen = 0;
	char *pt = NULL;

	(void)state;
	for (i = 0; i < n; i++) {
		unsigned v;
		assert_int_equal(sscanf(blob_hex + 2 * i, "%2x", &v), 1);
		blob[i] = (unsigned char)v;
	}
	assert_int_equal(field_key_version(blob, n), 1);
	assert_int_equal(field_decrypt(kr, "customers", "budget_ceiling", 42, blob, n, &pt, &plen), 0);
	assert_string_equal(pt, "预算上限 1000000");
	field_plain_free(&pt, plen);
	assert_int_equal(field_decrypt(kr, "customers", "budget_ceiling", 41, blob, n, &pt, &plen), -1);
	keyring_free(&kr);
}

static void test_key_version_is_authenticated(void **state)
{
	/* Two versions holding the same key bytes: only the AAD can tell them apart. */
	struct keyring *kr = parse("1 " K1 "\n2 " K1 "\n");
	unsigned char *ct = NULL;
	size_t ctlen = 0, plen = 0;
	char *pt = NULL;

	(void)state;
	assert_int_equal(field_encrypt(kr, "t", "c", 1, "x", 1, &ct, &ctlen), 0);
	assert_int_equal(ct[2], 2);
	ct[2] = 1;
	assert_int_equal(field_decrypt(kr, "t", "c", 1, ct, ctlen, &pt, &plen), -1);
	assert_null(pt);
	ct[2] = 2;
	assert_int_equal(field_decrypt(kr, "t", "c", 1, ct, ctlen, &pt, &plen), 0);
	field_plain_free(&pt, plen);
	free(ct);
	keyring_free(&kr);
}

static void test_wrong_place_fails(void **state)
{
	struct keyring *kr = parse(ring1);
	unsigned char *ct = NULL;
	size_t ctlen = 0, plen = 99;
	char *pt = (char *)"sentinel";

	(void)state;
	assert_int_equal(field_encrypt(kr, "customers", "budget_ceiling", 42, SECRET, strlen(SECRET), &ct, &ctlen), 0);
	assert_int_equal(field_decrypt(kr, "customers", "budget_ceiling", 43, ct, ctlen, &pt, &plen), -1);
	assert_null(pt);
	assert_int_equal(plen, 0);
	assert_int_equal(field_decrypt(kr, "customers", "budget_ceiling", -42, ct, ctlen, &pt, &plen), -1);
	assert_int_equal(field_decrypt(kr, "customers", "floor_price", 42, ct, ctlen, &pt, &plen), -1);
	assert_int_equal(field_decrypt(kr, "negotiations", "budget_ceiling", 42, ct, ctlen, &pt, &plen), -1);
	/* Shifting bytes between table and column names does not help. */
	assert_int_equal(field_decrypt(kr, "customersb", "udget_ceiling", 42, ct, ctlen, &pt, &plen), -1);
	assert_int_equal(field_decrypt(kr, "", "budget_ceiling", 42, ct, ctlen, &pt, &plen), -1);
	assert_int_equal(field_decrypt(kr, NULL, "budget_ceiling", 42, ct, ctlen, &pt, &plen), -1);
	assert_null(pt);
	/* And the right place still works. */
	assert_int_equal(field_decrypt(kr, "customers", "budget_ceiling", 42, ct, ctlen, &pt, &plen), 0);
	field_plain_free(&pt, plen);
	free(ct);
	keyring_free(&kr);
}

static void test_tampering_fails(void **state)
{
	struct keyring *kr = parse(ring12);
	unsigned char *ct = NULL;
	size_t ctlen = 0, plen = 0, i;
	char *pt = NULL;
	int bit;

	(void)state;
	assert_int_equal(field_encrypt(kr, "customers", "budget_ceiling", 42, SECRET, strlen(SECRET), &ct, &ctlen), 0);
	/* Every single-bit flip anywhere (header, nonce, ciphertext, tag) is caught. */
	for (i = 0; i < ctlen; i++) {
		for (bit = 0; bit < 8; bit++) {
			ct[i] ^= (unsigned char)(1u << bit);
			assert_int_equal(field_decrypt(kr, "customers", "budget_ceiling", 42, ct, ctlen, &pt, &plen), -1);
			assert_null(pt);
			ct[i] ^= (unsigned char)(1u << bit);
		}
	}
	/* Truncation and extension. */
	for (i = 0; i < ctlen; i++)
		assert_int_equal(field_decrypt(kr, "customers", "budget_ceiling", 42, ct, i, &pt, &plen), -1);
	{
		unsigned char *longer = malloc(ctlen + 1);
		assert_non_null(longer);
		memcpy(longer, ct, ctlen);
		longer[ctlen] = 0;
		assert_int_equal(field_decrypt(kr, "customers", "budget_ceiling", 42, longer, ctlen + 1, &pt, &plen),
		                 -1);
		free(longer);
	}
	/* Relabelled with the other key version that the ring does hold. */
	assert_int_equal(ct[2], 2);
	ct[2] = 1;
	assert_int_equal(field_decrypt(kr, "customers", "budget_ceiling", 42, ct, ctlen, &pt, &plen), -1);
	ct[2] = 2;
	assert_int_equal(field_decrypt(kr, "customers", "budget_ceiling", 42, ct, ctlen, &pt, &plen), 0);
	field_plain_free(&pt, plen);
	assert_int_equal(field_decrypt(kr, "customers", "budget_ceiling", 42, NULL, ctlen, &pt, &plen), -1);
	assert_int_equal(field_decrypt(NULL, "customers", "budget_ceiling", 42, ct, ctlen, &pt, &plen), -1);
	free(ct);
	keyring_free(&kr);
}

static void test_unknown_key_version_fails(void **state)
{
	struct keyring *kr12 = parse(ring12), *kr1 = parse(ring1);
	unsigned char *ct = NULL;
	size_t ctlen = 0, plen = 0;
	char *pt = NULL;

	(void)state;
	assert_int_equal(field_encrypt(kr12, "t", "c", 1, "x", 1, &ct, &ctlen), 0);
	assert_int_equal(field_key_version(ct, ctlen), 2);
	assert_int_equal(field_decrypt(kr1, "t", "c", 1, ct, ctlen, &pt, &plen), -1);
	assert_null(pt);
	/* Same version number, different key: the tag fails. */
	{
		struct keyring *other = parse("2 " K1 "\n");
		assert_int_equal(field_decrypt(other, "t", "c", 1, ct, ctlen, &pt, &plen), -1);
		keyring_free(&other);
	}
	/* A format byte other than 1. */
	ct[0] = 2;
	assert_int_equal(field_key_version(ct, ctlen), -1);
	assert_int_equal(field_decrypt(kr12, "t", "c", 1, ct, ctlen, &pt, &plen), -1);
	ct[0] = 1;
	/* Version 0 is never valid. */
	ct[1] = 0;
	ct[2] = 0;
	assert_int_equal(field_key_version(ct, ctlen), -1);
	assert_int_equal(field_key_version(ct, FIELD_OVERHEAD - 1), -1);
	assert_int_equal(field_key_version(NULL, 100), -1);
	free(ct);
	keyring_free(&kr12);
	keyring_free(&kr1);
}

static void test_fresh_nonce(void **state)
{
	struct keyring *kr = parse(ring1);
	unsigned char *a = NULL, *b = NULL;
	size_t alen = 0, blen = 0;

	(void)state;
	assert_int_equal(field_encrypt(kr, "t", "c", 1, SECRET, strlen(SECRET), &a, &alen), 0);
	assert_int_equal(field_encrypt(kr, "t", "c", 1, SECRET, strlen(SECRET), &b, &blen), 0);
	assert_int_equal(alen, blen);
	assert_memory_not_equal(a + 3, b + 3, FIELD_NONCE_LEN);
	assert_memory_not_equal(a + FIELD_HEADER_LEN, b + FIELD_HEADER_LEN, alen - FIELD_HEADER_LEN);
	free(a);
	free(b);
	keyring_free(&kr);
}

static void test_rotation(void **state)
{
	struct keyring *old = parse(ring1), *rotated = parse(ring12), *retired = parse(ring2);
	unsigned char *v1 = NULL, *v2 = NULL;
	size_t v1len = 0, v2len = 0, plen = 0;
	char *pt = NULL;

	(void)state;
	assert_int_equal(field_encrypt(old, "negotiations", "floor_price", 9, "88000", 5, &v1, &v1len), 0);
	assert_int_equal(field_key_version(v1, v1len), 1);
	/* A new current key is added: old values still decrypt, new ones use version 2. */
	assert_int_equal(keyring_current(rotated), 2);
	assert_int_equal(field_decrypt(rotated, "negotiations", "floor_price", 9, v1, v1len, &pt, &plen), 0);
	assert_string_equal(pt, "88000");
	field_plain_free(&pt, plen);
	assert_int_equal(field_encrypt(rotated, "negotiations", "floor_price", 9, "88000", 5, &v2, &v2len), 0);
	assert_int_equal(field_key_version(v2, v2len), 2);
	assert_int_equal(field_decrypt(rotated, "negotiations", "floor_price", 9, v2, v2len, &pt, &plen), 0);
	assert_string_equal(pt, "88000");
	field_plain_free(&pt, plen);
	/* Once version 1 is removed from the ring, its values fail closed. */
	assert_int_equal(field_decrypt(retired, "negotiations", "floor_price", 9, v1, v1len, &pt, &plen), -1);
	assert_int_equal(field_decrypt(retired, "negotiations", "floor_price", 9, v2, v2len, &pt, &plen), 0);
	field_plain_free(&pt, plen);
	free(v1);
	free(v2);
	keyring_free(&old);
	keyring_free(&rotated);
	keyring_free(&retired);
}

static void test_bad_encrypt_arguments(void **state)
{
	struct keyring *kr = parse(ring1);
	unsigned char *ct = (unsigned char *)"sentinel";
	size_t ctlen = 7;

	(void)state;
	assert_int_equal(field_encrypt(NULL, "t", "c", 1, "x", 1, &ct, &ctlen), -1);
	assert_null(ct);
	assert_int_equal(ctlen, 0);
	assert_int_equal(field_encrypt(kr, "", "c", 1, "x", 1, &ct, &ctlen), -1);
	assert_int_equal(field_encrypt(kr, "t", NULL, 1, "x", 1, &ct, &ctlen), -1);
	assert_int_equal(field_encrypt(kr, "t", "c", 1, NULL, 1, &ct, &ctlen), -1);
	assert_int_equal(field_encrypt(kr, "t", "c", 1, "x", (size_t)FIELD_PLAIN_MAX + 1, &ct, &ctlen), -1);
	assert_null(ct);
	keyring_free(&kr);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keyring_parse),
		cmocka_unit_test(test_keyring_refuses),
		cmocka_unit_test(test_keyring_load),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_known_answer),
		cmocka_unit_test(test_key_version_is_authenticated),
		cmocka_unit_test(test_wrong_place_fails),
		cmocka_unit_test(test_tampering_fails),
		cmocka_unit_test(test_unknown_key_version_fails),
		cmocka_unit_test(test_fresh_nonce),
		cmocka_unit_test(test_rotation),
		cmocka_unit_test(test_bad_encrypt_arguments),
	};
	return cmocka_run_group_tests(tests, setup_dir, teardown_dir);
}
