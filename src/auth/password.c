/* argon2id password hashes and the UTF-8 aware password policy. */
#include "auth/password.h"

#include <string.h>

#include <argon2.h>
#include <openssl/crypto.h>

#include "crypto/hash.h"
#include "crypto/random.h"

/* Upper bounds accepted when verifying: generous for future cost increases, yet small
 * enough that a forged row cannot exhaust memory or CPU. */
#define PW_VERIFY_MAX_M_KIB (256u * 1024u)
#define PW_VERIFY_MAX_T 64u
#define PW_VERIFY_MAX_P 16u
#define PW_ENCODED_MAX 512

static const char argon2id_prefix[] = "$argon2id$v=";

static int parse_u32(const char **s, uint32_t *out)
{
	const char *p = *s;
	uint64_t v = 0;

	if (*p < '0' || *p > '9' || (*p == '0' && p[1] >= '0' && p[1] <= '9'))
		return -1;
	while (*p >= '0' && *p <= '9') {
		v = v * 10 + (uint64_t)(*p - '0');
		if (v > UINT32_MAX)
			return -1;
		p++;
	}
	*out = (uint32_t)v;
	*s = p;
	return 0;
}

static int expect(const char **s, const char *lit)
{
	size_t n = strlen(lit);

	if (strncmp(*s, lit, n))
		return -1;
	*s += n;
	return 0;
}

int password_params(const char *encoded, struct pw_params *out)
{
	const char *s = encoded;
	struct pw_params p;

	if (!encoded || !out || strlen(encoded) > PW_ENCODED_MAX)
		return -1;
	if (expect(&s, argon2id_prefix) || parse_u32(&s, &p.version) || expect(&s, "$m=") ||
	    parse_u32(&s, &p.m_kib) || expect(&s, ",t=") || parse_u32(&s, &p.t) || expect(&s, ",p=") ||
	    parse_u32(&s, &p.p) || expect(&s, "$"))
		return -1;
	*out = p;
	return 0;
}

int password_hash(const char *pw, char *out, size_t outsz)
{
	unsigned char salt[PW_SALT_LEN];
	int rc = -1;

	if (!out || outsz == 0)
		return -1;
	out[0] = '\0';
	if (!pw)
		return -1;
	if (outsz < argon2_encodedlen(PW_ARGON2_T, PW_ARGON2_M_KIB, PW_ARGON2_P, PW_SALT_LEN, PW_HASH_LEN,
	                              Argon2_id))
		return -1;
	if (rand_bytes(salt, sizeof salt) < 0)
		goto out;
	if (argon2id_hash_encoded(PW_ARGON2_T, PW_ARGON2_M_KIB, PW_ARGON2_P, pw, strlen(pw), salt, sizeof salt,
	                          PW_HASH_LEN, out, outsz) != ARGON2_OK)
		goto out;
	rc = 0;
out:
	OPENSSL_cleanse(salt, sizeof salt);
	if (rc < 0)
		out[0] = '\0';
	return rc;
}

int password_verify(const char *encoded, const char *pw)
{
	struct pw_params p;

	if (!encoded || !pw)
		return -1;
	if (password_params(encoded, &p) < 0 || p.version != ARGON2_VERSION_13)
		return -1;
	if (p.m_kib > PW_VERIFY_MAX_M_KIB || p.t == 0 || p.t > PW_VERIFY_MAX_T || p.p == 0 ||
	    p.p > PW_VERIFY_MAX_P)
		return -1;
	/* argon2id_verify compares in constant time and rejects any other malformation. */
	return argon2id_verify(encoded, pw, strlen(pw)) == ARGON2_OK ? 0 : -1;
}

int password_needs_rehash(const char *encoded)
{
	struct pw_params p;

	if (password_params(encoded, &p) < 0)
		return -1;
	return p.version != ARGON2_VERSION_13 || p.m_kib < PW_ARGON2_M_KIB || p.t < PW_ARGON2_T;
}

/* Counts code points of s (len bytes); -1 unless it is well-formed UTF-8 (RFC 3629:
 * no overlong forms, no surrogates, nothing above U+10FFFF). */
static long utf8_codepoints(const unsigned char *s, size_t len)
{
	size_t i = 0;
	long count = 0;

	while (i < len) {
		unsigned char c = s[i];
		unsigned cp;
		size_t need, k;

		if (c < 0x80) {
			i++;
			count++;
			continue;
		} else if (c >= 0xc2 && c <= 0xdf) {
			need = 1;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			need = 2;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			need = 3;
			cp = c & 0x07;
		} else {
			return -1;
		}
		if (len - i - 1 < need)
			return -1;
		for (k = 1; k <= need; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return -1;
			cp = cp << 6 | (s[i + k] & 0x3f);
		}
		if ((need == 2 && cp < 0x800) || (need == 3 && cp < 0x10000) || cp > 0x10ffff ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return -1;
		i += need + 1;
		count++;
	}
	return count;
}

int password_policy_check(const char *pw)
{
	size_t len;
	long cps;

	if (!pw)
		return PW_INVALID;
	len = strlen(pw);
	if (len > PW_MAX_BYTES)
		return PW_TOO_LONG;
	cps = utf8_codepoints((const unsigned char *)pw, len);
	if (cps < 0)
		return PW_INVALID;
	if (cps < PW_MIN_CODEPOINTS)
		return PW_TOO_SHORT;
	return PW_OK;
}

const char *password_dummy_hash(void)
{
	/* Used only if hashing fails at run time; same parameters, password unknown to anyone. */
	static const char fallback[] =
		"$argon2id$v=19$m=19456,t=2,p=1$cGFybGV5LWR1bW15LXNsdA$"
		"eOBUdOirDRAlTYZNNgHcTCaJO2GB/YcsWBx3n6Zep7M";
	static char dummy[PASSWORD_HASH_MAX];
	char pw[B64URL_LEN(24) + 1];

	if (dummy[0])
		return dummy;
	if (rand_token_b64url(pw, sizeof pw, 24) < 0 || password_hash(pw, dummy, sizeof dummy) < 0) {
		OPENSSL_cleanse(pw, sizeof pw);
		dummy[0] = '\0';
		return fallback;
	}
	OPENSSL_cleanse(pw, sizeof pw);
	return dummy;
}
