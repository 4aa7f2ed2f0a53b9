/* Hashes, MACs and encodings over OpenSSL 3 EVP; key files that refuse loose permissions. */
#if !defined(_POSIX_C_SOURCE) && !defined(_XOPEN_SOURCE)
#define _POSIX_C_SOURCE 200809L
#endif
#include "crypto/hash.h"
#include "util/hex.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#define KEY_FILE_MAX 4096

void hex_encode(const unsigned char *in, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 0x0f];
	}
	out[2 * n] = '\0';
}

int hex_decode(const char *hex, unsigned char *out, size_t outsz, size_t *outlen)
{
	size_t len, i;

	if (outlen)
		*outlen = 0;
	if (!hex || !out)
		return -1;
	len = strlen(hex);
	if (len % 2 != 0 || len / 2 > outsz)
		return -1;
	for (i = 0; i < len / 2; i++) {
		int hi = hex_digit((unsigned char)hex[2 * i]);
		int lo = hex_digit((unsigned char)hex[2 * i + 1]);
		if (hi < 0 || lo < 0) {
			OPENSSL_cleanse(out, i);
			return -1;
		}
		out[i] = (unsigned char)(hi << 4 | lo);
	}
	if (outlen)
		*outlen = len / 2;
	return 0;
}

int b64url_encode(const unsigned char *in, size_t n, char *out, size_t outsz)
{
	static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	size_t i, o = 0;

	if (!out || outsz == 0)
		return -1;
	out[0] = '\0';
	if ((!in && n) || n > (((size_t)-1) - 1) / 2 || outsz < B64URL_LEN(n) + 1)
		return -1;
	for (i = 0; i + 2 < n; i += 3) {
		unsigned long v = (unsigned long)in[i] << 16 | (unsigned long)in[i + 1] << 8 | in[i + 2];
		out[o++] = alphabet[v >> 18 & 63];
		out[o++] = alphabet[v >> 12 & 63];
		out[o++] = alphabet[v >> 6 & 63];
		out[o++] = alphabet[v & 63];
	}
	if (n - i == 1) {
		unsigned long v = (unsigned long)in[i] << 16;
		out[o++] = alphabet[v >> 18 & 63];
		out[o++] = alphabet[v >> 12 & 63];
	} else if (n - i == 2) {
		unsigned long v = (unsigned long)in[i] << 16 | (unsigned long)in[i + 1] << 8;
		out[o++] = alphabet[v >> 18 & 63];
		out[o++] = alphabet[v >> 12 & 63];
		out[o++] = alphabet[v >> 6 & 63];
	}
	out[o] = '\0';
	return 0;
}

int sha256_hex(const void *data, size_t n, char out[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;

	out[0] = '\0';
	if (!data && n)
		return -1;
	if (EVP_Digest(data ? data : "", n, md, &mdlen, EVP_sha256(), NULL) != 1 || mdlen != 32)
		return -1;
	hex_encode(md, 32, out);
	return 0;
}

int hmac_sha256(const unsigned char *key, size_t keylen, const void *data, size_t n, unsigned char out[32])
{
	EVP_MAC *mac = NULL;
	EVP_MAC_CTX *ctx = NULL;
	OSSL_PARAM params[2];
	size_t outlen = 0;
	int rc = -1;

	if ((!key && keylen) || (!data && n))
		return -1;
	mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
	if (!mac)
		goto out;
	ctx = EVP_MAC_CTX_new(mac);
	if (!ctx)
		goto out;
	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, (char *)"SHA256", 0);
	params[1] = OSSL_PARAM_construct_end();
	if (EVP_MAC_init(ctx, key, keylen, params) != 1)
		goto out;
	if (n && EVP_MAC_update(ctx, data, n) != 1)
		goto out;
	if (EVP_MAC_final(ctx, out, &outlen, 32) != 1 || outlen != 32)
		goto out;
	rc = 0;
out:
	if (rc < 0)
		OPENSSL_cleanse(out, 32);
	EVP_MAC_CTX_free(ctx);
	EVP_MAC_free(mac);
	return rc;
}

int ct_equal(const void *a, const void *b, size_t n)
{
	return CRYPTO_memcmp(a, b, n) == 0;
}

void secret_free(char **buf, size_t n)
{
	if (!buf || !*buf)
		return;
	OPENSSL_cleanse(*buf, n);
	free(*buf);
	*buf = NULL;
}

int read_secret_file(const char *path, size_t maxlen, char **out, size_t *outlen)
{
	struct stat st;
	char *buf = NULL;
	size_t len = 0;
	int fd = -1, rc = -1, err = EINVAL;

	if (out)
		*out = NULL;
	if (outlen)
		*outlen = 0;
	if (!path || !out || maxlen == 0)
		goto out;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		err = errno;
		goto out;
	}
	if (fstat(fd, &st) < 0) {
		err = errno;
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		err = EINVAL;
		goto out;
	}
	if (st.st_mode & 077) {
		err = EACCES;
		goto out;
	}
	if ((unsigned long long)st.st_size > maxlen) {
		err = EFBIG;
		goto out;
	}
	buf = malloc(maxlen + 1);
	if (!buf) {
		err = ENOMEM;
		goto out;
	}
	for (;;) {
		ssize_t got;
		if (len == maxlen) {
			char extra;
			got = read(fd, &extra, 1);
			if (got > 0) {
				err = EFBIG;
				goto out;
			}
		} else {
			got = read(fd, buf + len, maxlen - len);
		}
		if (got < 0) {
			if (errno == EINTR)
				continue;
			err = errno;
			goto out;
		}
		if (got == 0)
			break;
		len += (size_t)got;
	}
	buf[len] = '\0';
	*out = buf;
	buf = NULL;
	if (outlen)
		*outlen = len;
	rc = 0;
out:
	secret_free(&buf, maxlen + 1);
	if (fd >= 0)
		close(fd);
	if (rc < 0)
		errno = err;
	return rc;
}

int read_hex_key_file(const char *path, unsigned char *out, size_t want_len)
{
	char *text = NULL;
	size_t len = 0, i, j = 0, got = 0;
	int rc = -1, err = EINVAL;

	if (!out || want_len == 0 || want_len > KEY_FILE_MAX / 2) {
		errno = EINVAL;
		return -1;
	}
	if (read_secret_file(path, KEY_FILE_MAX, &text, &len) < 0)
		return -1;
	/* Drop whitespace in place so that "ab cd\n" and "abcd" are the same key. */
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
			continue;
		if (c == '\0')
			goto out;
		text[j++] = text[i];
	}
	text[j] = '\0';
	if (j != 2 * want_len)
		goto out;
	if (hex_decode(text, out, want_len, &got) < 0 || got != want_len)
		goto out;
	rc = 0;
out:
	secret_free(&text, len);
	if (rc < 0) {
		OPENSSL_cleanse(out, want_len);
		errno = err;
	}
	return rc;
}
