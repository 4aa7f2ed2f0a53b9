/* Random bytes and random URL-safe tokens from the OpenSSL CSPRNG. */
#ifndef PARLEY_CRYPTO_RANDOM_H
#define PARLEY_CRYPTO_RANDOM_H

#include <stddef.h>

/* Fills buf with n cryptographically secure random bytes. 0 / -1. */
int rand_bytes(unsigned char *buf, size_t n);

/* Writes the unpadded base64url encoding of nbytes random bytes (NUL-terminated).
 * outsz must be at least B64URL_LEN(nbytes) + 1. 0 / -1 (out is "" on failure). */
int rand_token_b64url(char *out, size_t outsz, size_t nbytes);

#endif
