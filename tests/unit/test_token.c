/* auth/token: session tokens and CSRF tokens. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "auth/token.h"
#include "crypto/hash.h"

#define N_TOKENS 2000

static int cmp_tok(const void *a, const void *b)
{
	return strcmp(a, b);
}

static void test_session_token_new(void **state)
{
	static char toks[N_TOKENS][44];
	char hash[65], again[65];
	size_t i, j;

	(void)state;
	for (i = 0; i < N_TOKENS; i++) {
		assert_int_equal(session_token_new(toks[i], hash), 0);
		assert_int_equal(strlen(toks[i]), 43);
		for (j = 0; j < 43; j++)
			assert_non_null(strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_",
			                       toks[i][j]));
		/* The stored hash is sha256 of the token string. */
		assert_int_equal(strlen(hash), 64);
		assert_int_equal(sha256_hex(toks[i], 43, again), 0);
		assert_string_equal(hash, again);
		assert_int_equal(session_token_hash(toks[i], again), 0);
		assert_string_equal(hash, again);
	}
	qsort(toks, N_TOKENS, sizeof toks[0], cmp_tok);
	for (i = 1; i < N_TOKENS; i++)
		assert_string_not_equal(toks[i - 1], toks[i]);
}

static void test_session_token_hash(void **state)
{
	char hash[65];
	const char *tok = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN-_0";

	(void)state;
	assert_int_equal(strlen(tok), 43);
	assert_int_equal(session_token_hash(tok, hash), 0);
	/* Known answer (printf '%s' TOKEN | sha256sum). */
	assert_string_equal(hash, "d5d8a4e72feabcc6dbd09297b2ea061161113c0a7da28a17b10414ee54851532");
	assert_int_equal(session_token_hash("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN-_", hash), -1);   /* 42 */
	assert_string_equal(hash, "");
	assert_int_equal(session_token_hash("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN-_00", hash), -1); /* 44 */
	assert_int_equal(session_token_hash("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN+/0", hash), -1); /* std b64 */
	assert_int_equal(session_token_hash("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN-_=", hash), -1);
	assert_int_equal(session_token_hash("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN- 0", hash), -1);
	assert_int_equal(session_token_hash("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN-_1", hash), -1); /* non-canonical */
	assert_int_equal(session_token_hash("", hash), -1);
	assert_int_equal(session_token_hash(NULL, hash), -1);
	assert_int_equal(session_token_hash("销售谈判记录系统的密码很长销", hash), -1);
}

static const unsigned char key[32] = "0123456789abcdef0123456789abcdef";
static const unsigned char key2[32] = "0123456789abcdef0123456789abcdeF";

static void test_csrf_valid(void **state)
{
	char t1[44], t2[44], want[44];
	unsigned char mac[32];

	(void)state;
	assert_int_equal(csrf_token_make(key, "session-hash-1", t1), 0);
	assert_int_equal(strlen(t1), 43);
	assert_int_equal(csrf_token_check(key, "session-hash-1", t1), 0);
	/* Deterministic, and exactly base64url(HMAC(key, "csrf:" + binding)). */
	assert_int_equal(csrf_token_make(key, "session-hash-1", t2), 0);
	assert_string_equal(t1, t2);
	assert_int_equal(hmac_sha256(key, 32, "csrf:session-hash-1", 19, mac), 0);
	assert_int_equal(b64url_encode(mac, 32, want, sizeof want), 0);
	assert_string_equal(t1, want);
}

static void test_csrf_invalid(void **state)
{
	char t[44], other[44], bad[64];

	(void)state;
	assert_int_equal(csrf_token_make(key, "session-hash-1", t), 0);
	/* Other binding, other key. */
	assert_int_equal(csrf_token_make(key, "session-hash-2", other), 0);
	assert_string_not_equal(t, other);
	assert_int_equal(csrf_token_check(key, "session-hash-2", t), -1);
	assert_int_equal(csrf_token_check(key, "session-hash-1", other), -1);
	assert_int_equal(csrf_token_check(key2, "session-hash-1", t), -1);
	/* Empty, NULL, wrong length, one character changed. */
	assert_int_equal(csrf_token_check(key, "session-hash-1", ""), -1);
	assert_int_equal(csrf_token_check(key, "session-hash-1", NULL), -1);
	memcpy(bad, t, 42);
	bad[42] = '\0';
	assert_int_equal(csrf_token_check(key, "session-hash-1", bad), -1);
	memcpy(bad, t, 44);
	bad[43] = 'A';
	bad[44] = '\0';
	assert_int_equal(csrf_token_check(key, "session-hash-1", bad), -1);
	memcpy(bad, t, 44);
	bad[10] = bad[10] == 'x' ? 'y' : 'x';
	assert_int_equal(csrf_token_check(key, "session-hash-1", bad), -1);
	/* An empty or NULL binding never makes or accepts a token. */
	assert_int_equal(csrf_token_make(key, "", bad), -1);
	assert_string_equal(bad, "");
	assert_int_equal(csrf_token_make(key, NULL, bad), -1);
	assert_int_equal(csrf_token_check(key, "", t), -1);
	assert_int_equal(csrf_token_check(key, NULL, t), -1);
	/* "csrf:" is a prefix of the MAC input, not something a binding can forge around. */
	assert_int_equal(csrf_token_check(key, "csrf:session-hash-1", t), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_session_token_new),
		cmocka_unit_test(test_session_token_hash),
		cmocka_unit_test(test_csrf_valid),
		cmocka_unit_test(test_csrf_invalid),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
