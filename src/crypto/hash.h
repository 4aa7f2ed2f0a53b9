/* Hashing, MACs, encodings and key files: thin, checked wrappers over OpenSSL 3 EVP. */
#ifndef PARLEY_CRYPTO_HASH_H
#define PARLEY_CRYPTO_HASH_H

#include <stddef.h>

/* Length of the unpadded base64url encoding of n bytes (without the NUL). */
#define B64URL_LEN(n) (((n) / 3) * 4 + ((n) % 3 ? (n) % 3 + 1 : 0))

/* Lower-case hex of n bytes; out must hold 2n+1 chars. */
void hex_encode(const unsigned char *in, size_t n, char *out);

/* Strict hex decoding (even length, [0-9a-fA-F] only, no whitespace). *outlen
 * (may be NULL) receives the byte count. 0 / -1 (bad hex, or outsz too small). */
int hex_decode(const char *hex, unsigned char *out, size_t outsz, size_t *outlen);

/* Unpadded base64url (RFC 4648 §5), NUL-terminated; outsz >= B64URL_LEN(n) + 1. 0 / -1. */
int b64url_encode(const unsigned char *in, size_t n, char *out, size_t outsz);

/* Lower-case hex SHA-256 of data. 0 / -1. */
int sha256_hex(const void *data, size_t n, char out[65]);

/* HMAC-SHA-256 (EVP_MAC). 0 / -1. */
int hmac_sha256(const unsigned char *key, size_t keylen, const void *data, size_t n, unsigned char out[32]);

/* Constant-time comparison (CRYPTO_memcmp). NOTE: boolean, like its name says:
 * returns 1 when the n bytes are equal, 0 when they differ. */
int ct_equal(const void *a, const void *b, size_t n);

/* Reads a secret file (regular file, at most maxlen bytes, not accessible to group or
 * others: st_mode & 077 == 0) into a malloc'd NUL-terminated buffer. Free it with
 * secret_free(). 0 / -1 with errno: EACCES (group/world permissions), EINVAL (not a
 * regular file), EFBIG (too large), or the errno of open/read. */
int read_secret_file(const char *path, size_t maxlen, char **out, size_t *outlen);

/* Wipes (OPENSSL_cleanse) and frees a buffer of n bytes; NULLs the pointer. */
void secret_free(char **buf, size_t n);

/* Reads a file holding exactly want_len bytes as hex (whitespace and newlines are
 * ignored) into out, with the permission rules of read_secret_file().
 * 0 / -1 with errno as above, or EINVAL for malformed content. */
int read_hex_key_file(const char *path, unsigned char *out, size_t want_len);

#endif
