/* AES-256-GCM encryption of individual confidential/restricted column values.
 *
 * Stored blob: 1 byte format version (1) | 2 bytes key version (big endian)
 *            | 12 bytes random nonce | ciphertext | 16 bytes tag.
 * The AAD binds the blob to where it lives (table, column, row id) and to the header
 * (format and key version), so a value copied to another row/column/table, or relabelled
 * with another key version, fails to decrypt. Every failure fails closed (-1). */
#ifndef PARLEY_CRYPTO_FIELDCRYPT_H
#define PARLEY_CRYPTO_FIELDCRYPT_H

#include <stddef.h>

#include "crypto/keyring.h"

#define FIELD_FORMAT_V1 1
#define FIELD_NONCE_LEN 12
#define FIELD_TAG_LEN 16
#define FIELD_HEADER_LEN (1 + 2 + FIELD_NONCE_LEN)
#define FIELD_OVERHEAD (FIELD_HEADER_LEN + FIELD_TAG_LEN)
#define FIELD_PLAIN_MAX (16u * 1024 * 1024)

/* aad_table and aad_column: non-empty, at most 255 bytes each (use the SQL names). */

/* Encrypts n bytes with the ring's current key. *out is malloc'd (free()), *outlen =
 * n + FIELD_OVERHEAD. 0 / -1. */
int field_encrypt(const struct keyring *kr, const char *aad_table, const char *aad_column, long long row_id,
                  const void *plain, size_t n, unsigned char **out, size_t *outlen);

/* Decrypts a blob made by field_encrypt for the same table, column and row id.
 * *plain is malloc'd and NUL-terminated (*plainlen excludes the NUL); release it with
 * field_plain_free(). 0 / -1 on any tampering, wrong place, unknown key version,
 * or malformed input; *plain is NULL then. */
int field_decrypt(const struct keyring *kr, const char *aad_table, const char *aad_column, long long row_id,
                  const unsigned char *in, size_t n, char **plain, size_t *plainlen);

/* Wipes and frees a plaintext from field_decrypt and NULLs the pointer. */
void field_plain_free(char **plain, size_t plainlen);

/* The key version a blob was encrypted with (1..65535), or -1 when it is not a
 * well-formed format-1 blob. Lets a re-encryption job find values under old keys. */
int field_key_version(const unsigned char *in, size_t n);

#endif
