/* The field-encryption key ring: versioned AES-256 keys loaded from a private file.
 * File format, one key a line: "<version> <64 hex>", version 1..65535; blank lines and
 * lines starting with '#' are ignored. The highest version is the current (encrypting) key;
 * older versions stay for decryption so keys can be rotated by appending a line. */
#ifndef PARLEY_CRYPTO_KEYRING_H
#define PARLEY_CRYPTO_KEYRING_H

#include <stddef.h>

#define KEYRING_KEY_LEN 32
#define KEYRING_MAX_KEYS 1024

struct keyring;

/* Loads path (must be a regular file with st_mode & 077 == 0). Refuses duplicate versions,
 * versions outside 1..65535, malformed hex or lines, and an empty ring.
 * 0 / -1 (errno EACCES, EINVAL, ...); *out is NULL on failure. */
int keyring_load(const char *path, struct keyring **out);

/* Parses the same format from memory (no permission check); for tests and tools. */
int keyring_parse(const char *text, size_t len, struct keyring **out);

/* Wipes the keys, frees the ring and NULLs the pointer; accepts NULL and *kr == NULL. */
void keyring_free(struct keyring **kr);

/* Highest version in the ring (the one new values are encrypted with); 0 for NULL. */
unsigned keyring_current(const struct keyring *kr);

/* The key of that version, or NULL when the ring has no such version. */
const unsigned char *keyring_key(const struct keyring *kr, unsigned version);

/* Number of keys in the ring. */
size_t keyring_count(const struct keyring *kr);

#endif
