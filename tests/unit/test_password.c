/* auth/password: argon2id hashes, verification, policy. */
#if !defined(_POSIX_C_SOURCE) && !defined(_XOPEN_SOURCE)
#define _POSIX_C_SOURCE 200809L
#endif
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>
#include <time.h>

#include <argon2.h>

#include "auth/password.h"

#define PW "correct horse battery staple"

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void test_hash_and_verify(void **state)
{
	char h1[PASSWORD_HASH_MAX], h2[PASSWORD_HASH_MAX];
	double t0, t1, t2;

	(void)state;
	t0 = now_ms();
	assert_int_equal(password_hash(PW, h1, sizeof h1), 0);
	t1 = now_ms();
	assert_int_equal(password_verify(h1, PW), 0);
	t2 = now_ms();
	print_message("argon2id m=%u KiB t=%u p=%u: hash %.1f ms, verify %.1f ms\n", PW_ARGON2_M_KIB, PW_ARGON2_T,
	              PW_ARGON2_P, t1 - t0, t2 - t1);
	/* Fresh salt: the same password never gives the same string. */
	assert_int_equal(password_hash(PW, h2, sizeof h2), 0);
	assert_string_not_equal(h1, h2);
	assert_int_equal(password_verify(h2, PW), 0);
	/* Chinese passwords are bytes like any other. */
	assert_int_equal(password_hash("销售谈判记录系统的密码很长", h2, sizeof h2), 0);
	assert_int_equal(password_verify(h2, "销售谈判记录系统的密码很长"), 0);
	assert_int_equal(password_verify(h2, "销售谈判记录系统的密码很短"), -1);
}

static void test_wrong_password(void **state)
{
	char h[PASSWORD_HASH_MAX];

	(void)state;
	assert_int_equal(password_hash(PW, h, sizeof h), 0);
	assert_int_equal(password_verify(h, "correct horse battery stapl"), -1);
	assert_int_equal(password_verify(h, PW " "), -1);
	assert_int_equal(password_verify(h, "Correct horse battery staple"), -1);
	assert_int_equal(password_verify(h, ""), -1);
	assert_int_equal(password_verify(h, NULL), -1);
}

static void test_hash_buffer_and_null(void **state)
{
	char h[PASSWORD_HASH_MAX];

	(void)state;
	assert_int_equal(password_hash(PW, h, 40), -1);
	assert_string_equal(h, "");
	assert_int_equal(password_hash(NULL, h, sizeof h), -1);
	assert_int_equal(password_hash(PW, NULL, 0), -1);
}

static void test_malformed_encodings(void **state)
{
	char h[PASSWORD_HASH_MAX], bad[PASSWORD_HASH_MAX + 64];
	char *dollar;
	size_t len;
	double t0;

	(void)state;
	assert_int_equal(password_hash(PW, h, sizeof h), 0);
	len = strlen(h);

	assert_int_equal(password_verify("", PW), -1);
	assert_int_equal(password_verify(NULL, PW), -1);
	assert_int_equal(password_verify("garbage", PW), -1);
	assert_int_equal(password_verify("$argon2id$", PW), -1);
	assert_int_equal(password_verify(PW, PW), -1);

	/* Truncated hash and salt. */
	memcpy(bad, h, len - 5);
	bad[len - 5] = '\0';
	assert_int_equal(password_verify(bad, PW), -1);
	dollar = strrchr(h, '$');
	memcpy(bad, h, (size_t)(dollar - h));
	bad[dollar - h] = '\0';
	assert_int_equal(password_verify(bad, PW), -1);

	/* One character of the hash changed. */
	snprintf(bad, sizeof bad, "%s", h);
	bad[len - 3] = bad[len - 3] == 'A' ? 'B' : 'A';
	assert_int_equal(password_verify(bad, PW), -1);

	/* Trailing junk. */
	snprintf(bad, sizeof bad, "%s$x", h);
	assert_int_equal(password_verify(bad, PW), -1);

	/* Other types and versions are refused even when they would verify. */
	snprintf(bad, sizeof bad, "$argon2i%s", h + strlen("$argon2id"));
	assert_int_equal(password_verify(bad, PW), -1);
	snprintf(bad, sizeof bad, "$argon2id$v=16%s", h + strlen("$argon2id$v=19"));
	assert_int_equal(password_verify(bad, PW), -1);

	/* Absurd costs are refused before any memory is allocated. */
	snprintf(bad, sizeof bad, "$argon2id$v=19$m=4294967295,t=2,p=1%s", strchr(h + 15, '$'));
	assert_int_equal(password_verify(bad, PW), -1);
	snprintf(bad, sizeof bad, "$argon2id$v=19$m=19456,t=100000,p=1%s", strchr(h + 15, '$'));
	assert_int_equal(password_verify(bad, PW), -1);
	snprintf(bad, sizeof bad, "$argon2id$v=19$m=19456,t=2,p=255%s", strchr(h + 15, '$'));
	assert_int_equal(password_verify(bad, PW), -1);
	snprintf(bad, sizeof bad, "$argon2id$v=19$m=19456,t=0,p=1%s", strchr(h + 15, '$'));
	assert_int_equal(password_verify(bad, PW), -1);
	snprintf(bad, sizeof bad, "$argon2id$v=19$m=99999999999,t=2,p=1%s", strchr(h + 15, '$'));
	assert_int_equal(password_verify(bad, PW), -1);
	/* Just above the 256 MiB bound: refused at once rather than filling the memory. */
	snprintf(bad, sizeof bad, "$argon2id$v=19$m=262145,t=2,p=1%s", strchr(h + 15, '$'));
	t0 = now_ms();
	assert_int_equal(password_verify(bad, PW), -1);
	assert_true(now_ms() - t0 < 20.0);

	/* Sanity: the unmodified string still verifies. */
	assert_int_equal(password_verify(h, PW), 0);
}

static void test_argon2i_hash_refused(void **state)
{
	char h[PASSWORD_HASH_MAX];
	const char salt[] = "0123456789abcdef";

	(void)state;
	assert_int_equal(argon2i_hash_encoded(2, 19456, 1, PW, strlen(PW), salt, 16, 32, h, sizeof h), ARGON2_OK);
	assert_int_equal(argon2i_verify(h, PW, strlen(PW)), ARGON2_OK);
	assert_int_equal(password_verify(h, PW), -1);
}

static void test_hash_parameters(void **state)
{
	char h[PASSWORD_HASH_MAX];
	struct pw_params p;
	const char *salt, *hash;

	(void)state;
	assert_int_equal(password_hash(PW, h, sizeof h), 0);
	assert_int_equal(strncmp(h, "$argon2id$", 10), 0);
	assert_int_equal(password_params(h, &p), 0);
	assert_int_equal(p.version, 19);
	assert_true(p.m_kib >= 19456);
	assert_true(p.t >= 2);
	assert_int_equal(p.p, 1);
	/* "$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>": 16-byte salt = 22 b64 chars, 32-byte hash = 43. */
	salt = strchr(strstr(h, ",p="), '$') + 1;
	hash = strchr(salt, '$');
	assert_non_null(hash);
	assert_int_equal(hash - salt, 22);
	assert_int_equal(strlen(hash + 1), 43);
	assert_int_equal(password_needs_rehash(h), 0);
	assert_int_equal(password_params("$argon2i$v=19$m=19456,t=2,p=1$", &p), -1);
	assert_int_equal(password_params("$argon2id$v=19$m=019456,t=2,p=1$", &p), -1);
	assert_int_equal(password_params("$argon2id$v=19$m=,t=2,p=1$", &p), -1);
}

static void test_needs_rehash(void **state)
{
	char h[PASSWORD_HASH_MAX];
	const char salt[] = "0123456789abcdef";

	(void)state;
	assert_int_equal(argon2id_hash_encoded(1, 8192, 1, PW, strlen(PW), salt, 16, 32, h, sizeof h), ARGON2_OK);
	assert_int_equal(password_verify(h, PW), 0);
	assert_int_equal(password_needs_rehash(h), 1);
	assert_int_equal(password_needs_rehash("nonsense"), -1);
}

static void test_dummy_hash(void **state)
{
	const char *d1, *d2;
	struct pw_params p;
	double t0, t1;

	(void)state;
	d1 = password_dummy_hash();
	d2 = password_dummy_hash();
	assert_non_null(d1);
	assert_ptr_equal(d1, d2);
	assert_int_equal(password_params(d1, &p), 0);
	assert_int_equal(p.m_kib, PW_ARGON2_M_KIB);
	assert_int_equal(p.t, PW_ARGON2_T);
	assert_int_equal(p.p, PW_ARGON2_P);
	t0 = now_ms();
	assert_int_equal(password_verify(d1, PW), -1);
	t1 = now_ms();
	/* It must really run argon2 (a malformed dummy would return at once). */
	assert_true(t1 - t0 > 1.0);
	assert_int_equal(password_verify(d1, ""), -1);
}

static void test_policy_length(void **state)
{
	char buf[300];

	(void)state;
	assert_int_equal(password_policy_check("abcdefghijk"), PW_TOO_SHORT);   /* 11 */
	assert_int_equal(password_policy_check("abcdefghijkl"), PW_OK);         /* 12 */
	assert_int_equal(password_policy_check(""), PW_TOO_SHORT);
	/* Code points, not bytes: 11 Chinese characters are 33 bytes but too short. */
	assert_int_equal(password_policy_check("销售谈判记录系统的密码"), PW_TOO_SHORT);
	assert_int_equal(password_policy_check("销售谈判记录系统的密码长"), PW_OK);
	assert_int_equal(password_policy_check("销售ab谈判def记录"), PW_TOO_SHORT);  /* 11 */
	assert_int_equal(password_policy_check("销售ab谈判def记录!"), PW_OK);       /* 12 */
	/* 4-byte sequences count once: 11 emoji + 1 letter = 12. */
	assert_int_equal(password_policy_check("\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80"
	                                       "\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80"
	                                       "\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80"), PW_TOO_SHORT);
	assert_int_equal(password_policy_check("\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80"
	                                       "\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80"
	                                       "\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80x"), PW_OK);

	memset(buf, 'a', 256);
	buf[256] = '\0';
	assert_int_equal(password_policy_check(buf), PW_OK);
	buf[256] = 'a';
	buf[257] = '\0';
	assert_int_equal(password_policy_check(buf), PW_TOO_LONG);
	/* 86 Chinese characters = 258 bytes: too long although only 86 code points. */
	buf[0] = '\0';
	while (strlen(buf) < 258)
		memcpy(buf + strlen(buf), "密", 4);
	assert_int_equal(strlen(buf), 258);
	assert_int_equal(password_policy_check(buf), PW_TOO_LONG);
	assert_int_equal(password_policy_check(NULL), PW_INVALID);
}

static void test_policy_invalid_utf8(void **state)
{
	static const char *const bad[] = {
		"abcdefghijkl\xff",             /* never valid */
		"abcdefghijkl\x80",             /* lone continuation */
		"abcdefghijkl\xc0\xaf",         /* overlong '/' */
		"abcdefghijkl\xe0\x80\xaf",     /* overlong 3-byte */
		"abcdefghijkl\xf0\x80\x80\xaf", /* overlong 4-byte */
		"abcdefghijkl\xed\xa0\x80",     /* UTF-16 surrogate */
		"abcdefghijkl\xf4\x90\x80\x80", /* above U+10FFFF */
		"abcdefghijkl\xe5\xaf",         /* truncated at the end */
		"abcdefghij\xe5\xafkl",         /* truncated in the middle */
		"\xe5\xaf\x86\xe5\xaf",         /* short and invalid: INVALID wins */
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(password_policy_check(bad[i]), PW_INVALID);
	/* Boundary code points that are valid. */
	assert_int_equal(password_policy_check("abcdefghijk\xf4\x8f\xbf\xbf"), PW_OK); /* U+10FFFF */
	assert_int_equal(password_policy_check("abcdefghijk\xed\x9f\xbf"), PW_OK);     /* U+D7FF */
	assert_int_equal(password_policy_check("abcdefghijk\xc2\x80"), PW_OK);         /* U+0080 */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hash_and_verify),
		cmocka_unit_test(test_wrong_password),
		cmocka_unit_test(test_hash_buffer_and_null),
		cmocka_unit_test(test_malformed_encodings),
		cmocka_unit_test(test_argon2i_hash_refused),
		cmocka_unit_test(test_hash_parameters),
		cmocka_unit_test(test_needs_rehash),
		cmocka_unit_test(test_dummy_hash),
		cmocka_unit_test(test_policy_length),
		cmocka_unit_test(test_policy_invalid_utf8),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
