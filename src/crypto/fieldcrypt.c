/* AES-256-GCM per value with a fresh random nonce; the place of the value is the AAD. */
#include "crypto/fieldcrypt.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "crypto/random.h"

/* Length-prefixed so that ("ab","c") and ("a","bc") never give the same AAD. */
struct aad {
	unsigned char *buf;
	size_t len;
};

static void put_u32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static int aad_build(const unsigned char header[3], const char *table, const char *column, long long row_id,
                     struct aad *a)
{
	static const char tag[] = "parley-field";
	size_t tl, cl, len, o = 0;
	uint64_t id = (uint64_t)row_id;
	int i;

	a->buf = NULL;
	a->len = 0;
	if (!table || !column || !*table || !*column)
		return -1;
	tl = strlen(table);
	cl = strlen(column);
	if (tl > 255 || cl > 255)
		return -1;
	len = sizeof tag - 1 + 3 + 4 + tl + 4 + cl + 8;
	a->buf = malloc(len);
	if (!a->buf)
		return -1;
	memcpy(a->buf + o, tag, sizeof tag - 1);
	o += sizeof tag - 1;
	memcpy(a->buf + o, header, 3);
	o += 3;
	put_u32(a->buf + o, (uint32_t)tl);
	o += 4;
	memcpy(a->buf + o, table, tl);
	o += tl;
	put_u32(a->buf + o, (uint32_t)cl);
	o += 4;
	memcpy(a->buf + o, column, cl);
	o += cl;
	for (i = 7; i >= 0; i--)
		a->buf[o++] = (unsigned char)(id >> (8 * i));
	a->len = o;
	return 0;
}

static void aad_free(struct aad *a)
{
	free(a->buf);
	a->buf = NULL;
	a->len = 0;
}

int field_key_version(const unsigned char *in, size_t n)
{
	int v;

	if (!in || n < FIELD_OVERHEAD || in[0] != FIELD_FORMAT_V1)
		return -1;
	v = in[1] << 8 | in[2];
	return v >= 1 ? v : -1;
}

int field_encrypt(const struct keyring *kr, const char *aad_table, const char *aad_column, long long row_id,
                  const void *plain, size_t n, unsigned char **out, size_t *outlen)
{
	EVP_CIPHER_CTX *ctx = NULL;
	struct aad a = { NULL, 0 };
	unsigned char *buf = NULL, *nonce, *ct;
	const unsigned char *key;
	unsigned version;
	size_t total = 0;
	int len = 0, rc = -1;

	if (!out || !outlen)
		return -1;
	*out = NULL;
	*outlen = 0;
	if (!kr || (!plain && n) || n > FIELD_PLAIN_MAX)
		return -1;
	version = keyring_current(kr);
	key = keyring_key(kr, version);
	if (!key || version < 1 || version > 65535)
		return -1;
	total = n + FIELD_OVERHEAD;
	buf = malloc(total);
	if (!buf)
		return -1;
	buf[0] = FIELD_FORMAT_V1;
	buf[1] = (unsigned char)(version >> 8);
	buf[2] = (unsigned char)version;
	nonce = buf + 3;
	ct = buf + FIELD_HEADER_LEN;
	if (rand_bytes(nonce, FIELD_NONCE_LEN) < 0)
		goto out;
	if (aad_build(buf, aad_table, aad_column, row_id, &a) < 0)
		goto out;
	ctx = EVP_CIPHER_CTX_new();
	if (!ctx)
		goto out;
	if (EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), NULL, NULL, NULL) != 1 ||
	    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN, FIELD_NONCE_LEN, NULL) != 1 ||
	    EVP_EncryptInit_ex(ctx, NULL, NULL, key, nonce) != 1)
		goto out;
	if (EVP_EncryptUpdate(ctx, NULL, &len, a.buf, (int)a.len) != 1)
		goto out;
	if (n && (EVP_EncryptUpdate(ctx, ct, &len, plain, (int)n) != 1 || (size_t)len != n))
		goto out;
	if (EVP_EncryptFinal_ex(ctx, ct + n, &len) != 1 || len != 0)
		goto out;
	if (EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, FIELD_TAG_LEN, ct + n) != 1)
		goto out;
	*out = buf;
	*outlen = total;
	buf = NULL;
	rc = 0;
out:
	if (buf) {
		OPENSSL_cleanse(buf, total);
		free(buf);
	}
	aad_free(&a);
	EVP_CIPHER_CTX_free(ctx);
	return rc;
}

int field_decrypt(const struct keyring *kr, const char *aad_table, const char *aad_column, long long row_id,
                  const unsigned char *in, size_t n, char **plain, size_t *plainlen)
{
	EVP_CIPHER_CTX *ctx = NULL;
	struct aad a = { NULL, 0 };
	unsigned char tag[FIELD_TAG_LEN];
	unsigned char *buf = NULL;
	const unsigned char *key;
	size_t ctlen = 0;
	int version, len = 0, rc = -1;

	if (!plain || !plainlen)
		return -1;
	*plain = NULL;
	*plainlen = 0;
	if (!kr || !in)
		return -1;
	version = field_key_version(in, n);
	if (version < 0 || n - FIELD_OVERHEAD > FIELD_PLAIN_MAX)
		return -1;
	key = keyring_key(kr, (unsigned)version);
	if (!key)
		return -1;
	ctlen = n - FIELD_OVERHEAD;
	buf = malloc(ctlen + 1);
	if (!buf)
		return -1;
	memcpy(tag, in + n - FIELD_TAG_LEN, FIELD_TAG_LEN);
	if (aad_build(in, aad_table, aad_column, row_id, &a) < 0)
		goto out;
	ctx = EVP_CIPHER_CTX_new();
	if (!ctx)
		goto out;
	if (EVP_DecryptInit_ex(ctx, EVP_aes_256_gcm(), NULL, NULL, NULL) != 1 ||
	    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN, FIELD_NONCE_LEN, NULL) != 1 ||
	    EVP_DecryptInit_ex(ctx, NULL, NULL, key, in + 3) != 1)
		goto out;
	if (EVP_DecryptUpdate(ctx, NULL, &len, a.buf, (int)a.len) != 1)
		goto out;
	if (ctlen && (EVP_DecryptUpdate(ctx, buf, &len, in + FIELD_HEADER_LEN, (int)ctlen) != 1 ||
	              (size_t)len != ctlen))
		goto out;
	if (EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, FIELD_TAG_LEN, tag) != 1)
		goto out;
	/* The tag check: nothing decrypted is released unless this succeeds. */
	if (EVP_DecryptFinal_ex(ctx, buf + ctlen, &len) != 1 || len != 0)
		goto out;
	buf[ctlen] = '\0';
	*plain = (char *)buf;
	*plainlen = ctlen;
	buf = NULL;
	rc = 0;
out:
	if (buf) {
		OPENSSL_cleanse(buf, ctlen + 1);
		free(buf);
	}
	aad_free(&a);
	EVP_CIPHER_CTX_free(ctx);
	return rc;
}

void field_plain_free(char **plain, size_t plainlen)
{
	if (!plain || !*plain)
		return;
	OPENSSL_cleanse(*plain, plainlen + 1);
	free(*plain);
	*plain = NULL;
}
