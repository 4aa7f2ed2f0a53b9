/* Random bytes and tokens; everything comes from RAND_bytes (OpenSSL's DRBG, fork-safe). */
#include "crypto/random.h"

#include <limits.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "crypto/hash.h"

#define TOKEN_MAX_BYTES 1024

int rand_bytes(unsigned char *buf, size_t n)
{
	while (n > 0) {
		int chunk = n > INT_MAX ? INT_MAX : (int)n;
		if (!buf || RAND_bytes(buf, chunk) != 1)
			return -1;
		buf += chunk;
		n -= (size_t)chunk;
	}
	return 0;
}

int rand_token_b64url(char *out, size_t outsz, size_t nbytes)
{
	unsigned char raw[TOKEN_MAX_BYTES];
	int rc = -1;

	if (!out || outsz == 0)
		return -1;
	out[0] = '\0';
	if (nbytes == 0 || nbytes > sizeof raw || outsz < B64URL_LEN(nbytes) + 1)
		return -1;
	if (rand_bytes(raw, nbytes) < 0)
		goto out;
	if (b64url_encode(raw, nbytes, out, outsz) < 0)
		goto out;
	rc = 0;
out:
	OPENSSL_cleanse(raw, nbytes);
	if (rc < 0)
		out[0] = '\0';
	return rc;
}
