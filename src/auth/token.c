/* Session and CSRF tokens: random or HMAC'd bytes in base64url. */
#include "auth/token.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "crypto/hash.h"
#include "crypto/random.h"

#define CSRF_BINDING_MAX 1024

/* strlen that stops looking after max + 1 bytes (strnlen is not C11). */
static size_t bounded_len(const char *s, size_t max)
{
	size_t n = 0;

	while (n <= max && s[n])
		n++;
	return n;
}

static int b64url_char(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

int session_token_new(char token[44], char hash_hex[65])
{
	token[0] = '\0';
	hash_hex[0] = '\0';
	if (rand_token_b64url(token, 44, SESSION_TOKEN_BYTES) < 0)
		return -1;
	if (sha256_hex(token, SESSION_TOKEN_LEN, hash_hex) < 0) {
		OPENSSL_cleanse(token, 44);
		token[0] = '\0';
		return -1;
	}
	return 0;
}

int session_token_hash(const char *token, char hash_hex[65])
{
	size_t i;

	hash_hex[0] = '\0';
	if (!token)
		return -1;
	for (i = 0; i < SESSION_TOKEN_LEN; i++)
		if (!b64url_char((unsigned char)token[i]))
			return -1;
	if (token[SESSION_TOKEN_LEN] != '\0')
		return -1;
	/* The 43rd char carries 2 spare bits that an encoder leaves zero: accept one spelling only. */
	if (!strchr("AEIMQUYcgkosw048", token[SESSION_TOKEN_LEN - 1]))
		return -1;
	return sha256_hex(token, SESSION_TOKEN_LEN, hash_hex);
}

int csrf_token_make(const unsigned char key[32], const char *binding, char out[44])
{
	unsigned char mac[32];
	char *msg = NULL;
	size_t blen, mlen = 0;
	int rc = -1;

	out[0] = '\0';
	if (!key || !binding || !*binding)
		return -1;
	blen = bounded_len(binding, CSRF_BINDING_MAX);
	if (blen > CSRF_BINDING_MAX)
		return -1;
	mlen = 5 + blen;
	msg = malloc(mlen);
	if (!msg)
		return -1;
	memcpy(msg, "csrf:", 5);
	memcpy(msg + 5, binding, blen);
	if (hmac_sha256(key, 32, msg, mlen, mac) < 0)
		goto out;
	if (b64url_encode(mac, sizeof mac, out, 44) < 0)
		goto out;
	rc = 0;
out:
	OPENSSL_cleanse(mac, sizeof mac);
	free(msg);
	if (rc < 0)
		out[0] = '\0';
	return rc;
}

int csrf_token_check(const unsigned char key[32], const char *binding, const char *token)
{
	char want[44];
	int rc = -1;

	if (!token || bounded_len(token, CSRF_TOKEN_LEN) != CSRF_TOKEN_LEN)
		return -1;
	if (csrf_token_make(key, binding, want) < 0)
		goto out;
	if (ct_equal(want, token, CSRF_TOKEN_LEN))
		rc = 0;
out:
	OPENSSL_cleanse(want, sizeof want);
	return rc;
}
