/* Session tokens and CSRF tokens. Only the SHA-256 of a session token is ever stored. */
#ifndef PARLEY_AUTH_TOKEN_H
#define PARLEY_AUTH_TOKEN_H

#define SESSION_TOKEN_BYTES 32
#define SESSION_TOKEN_LEN 43   /* base64url of 32 bytes, unpadded */
#define CSRF_TOKEN_LEN 43      /* base64url of an HMAC-SHA-256 */

/* 32 random bytes as base64url (43 chars + NUL) and the lower-case hex SHA-256 of that
 * string (what the sessions table stores). 0 / -1. */
int session_token_new(char token[44], char hash_hex[65]);

/* hash_hex = sha256 hex of token; -1 unless token is exactly 43 canonical base64url chars. */
int session_token_hash(const char *token, char hash_hex[65]);

/* out = base64url(HMAC-SHA-256(key, "csrf:" + binding)). The binding (e.g. the session
 * hash, or the pre-session cookie) must be non-empty. 0 / -1 (out is "" then). */
int csrf_token_make(const unsigned char key[32], const char *binding, char out[44]);

/* 0 when token is the CSRF token for binding; -1 otherwise, including NULL or empty
 * binding/token and a token of the wrong length. The comparison is constant time. */
int csrf_token_check(const unsigned char key[32], const char *binding, const char *token);

#endif
