/* Password hashing (argon2id via libargon2) and the password policy. */
#ifndef PARLEY_AUTH_PASSWORD_H
#define PARLEY_AUTH_PASSWORD_H

#include <stddef.h>
#include <stdint.h>

/* Current cost parameters (OWASP minimum for argon2id). */
#define PW_ARGON2_M_KIB 19456u
#define PW_ARGON2_T 2u
#define PW_ARGON2_P 1u
#define PW_SALT_LEN 16u
#define PW_HASH_LEN 32u

/* Buffer size that holds any encoded hash password_hash() produces (~97 bytes now). */
#define PASSWORD_HASH_MAX 128

#define PW_MIN_CODEPOINTS 12
#define PW_MAX_BYTES 256

enum pw_policy {
	PW_OK = 0,
	PW_TOO_SHORT,   /* fewer than 12 Unicode code points */
	PW_TOO_LONG,    /* more than 256 bytes */
	PW_INVALID,     /* NULL or not valid UTF-8 */
};

struct pw_params {
	uint32_t version, m_kib, t, p;
};

/* Hashes pw with argon2id and a fresh 16-byte random salt into an encoded string
 * "$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>". Does not apply the policy (callers do).
 * 0 / -1 (out is "" on failure). */
int password_hash(const char *pw, char *out, size_t outsz);

/* 0 when pw matches the encoded argon2id hash; -1 on mismatch, on a malformed encoding,
 * on a type other than argon2id, and on cost parameters beyond sane bounds (so a
 * tampered row cannot make us allocate gigabytes). */
int password_verify(const char *encoded, const char *pw);

/* PW_OK or the first rule broken (checked in the order TOO_LONG, INVALID, TOO_SHORT). */
int password_policy_check(const char *pw);

/* A fixed, valid encoded hash with the current parameters (computed on first use per
 * process). Verify against it when the user does not exist so that both paths cost the same. */
const char *password_dummy_hash(void);

/* Parses the "$argon2id$v=..$m=..,t=..,p=..$" prefix of an encoded hash. 0 / -1. */
int password_params(const char *encoded, struct pw_params *out);

/* 1 when the hash is weaker than the current parameters (re-hash at next login), 0 when
 * current, -1 when malformed. */
int password_needs_rehash(const char *encoded);

#endif
