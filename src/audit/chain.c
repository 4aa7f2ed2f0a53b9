/* HMAC-SHA-256 over a canonical, length-prefixed encoding of audit entries,
 * S(x) = 's' u64be(len) x,  I(v) = 'i' i64be(v):
 *   v1 chain (entries written before sealing existed):
 *     S("parley-audit-chain-v1") S(prev) I(id) S(at_utc) I(actor_id) S(action) S(entity)
 *     I(entity_id) S(source_ip) S(detail)
 *   entry MAC, written with the entry:
 *     S("parley-audit-entry-v2") S(at_utc) I(actor_id) S(action) S(entity) I(entity_id) S(source_ip) S(detail)
 *   v2 chain, written by the sealer (id = chain position):
 *     S("parley-audit-chain-v2") S(prev) I(id) I(row_id) S(at_utc) I(actor_id) S(action) S(entity)
 *     I(entity_id) S(source_ip) S(detail) I(count)
 * Changing this invalidates every stored chain (test_audit_chain pins known answers). */
#include "audit/chain.h"

#include <limits.h>
#include <stdint.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include "crypto/hash.h"

static const char tag_v1[] = "parley-audit-chain-v1";
static const char tag_entry[] = "parley-audit-entry-v2";
static const char tag_v2[] = "parley-audit-chain-v2";

enum mac_kind { MAC_V1, MAC_ENTRY, MAC_V2 };

static int is_mac_hex(const char *s)
{
	size_t i;

	for (i = 0; i < 64; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return s[64] == '\0';
}

static int put_u64(EVP_MAC_CTX *ctx, unsigned char type, uint64_t v)
{
	unsigned char b[9];
	int i;

	b[0] = type;
	for (i = 0; i < 8; i++)
		b[1 + i] = (unsigned char)(v >> (56 - 8 * i));
	return EVP_MAC_update(ctx, b, sizeof b) == 1 ? 0 : -1;
}

static int put_int(EVP_MAC_CTX *ctx, long long v)
{
	return put_u64(ctx, 'i', (uint64_t)v);
}

static int put_str(EVP_MAC_CTX *ctx, const char *s)
{
	size_t n;

	if (!s)
		s = "";
	n = strlen(s);
	if (put_u64(ctx, 's', (uint64_t)n) < 0)
		return -1;
	return n == 0 || EVP_MAC_update(ctx, (const unsigned char *)s, n) == 1 ? 0 : -1;
}

static int mac_of(enum mac_kind kind, const unsigned char key[32], const char *prev_mac_hex,
                  const struct audit_fields *f, char out_hex[65])
{
	EVP_MAC *mac = NULL;
	EVP_MAC_CTX *ctx = NULL;
	OSSL_PARAM params[2];
	unsigned char md[32];
	size_t mdlen = 0;
	int rc = -1;

	out_hex[0] = '\0';
	if (!key || !prev_mac_hex || !f)
		return -1;
	if (prev_mac_hex[0] != '\0' && !is_mac_hex(prev_mac_hex))
		return -1;
	mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
	if (!mac)
		goto out;
	ctx = EVP_MAC_CTX_new(mac);
	if (!ctx)
		goto out;
	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, (char *)"SHA256", 0);
	params[1] = OSSL_PARAM_construct_end();
	if (EVP_MAC_init(ctx, key, 32, params) != 1)
		goto out;
	if (put_str(ctx, kind == MAC_V1 ? tag_v1 : kind == MAC_ENTRY ? tag_entry : tag_v2))
		goto out;
	if (kind != MAC_ENTRY && (put_str(ctx, prev_mac_hex) || put_int(ctx, f->id)))
		goto out;
	if (kind == MAC_V2 && put_int(ctx, f->row_id))
		goto out;
	if (put_str(ctx, f->at_utc) || put_int(ctx, f->actor_id) || put_str(ctx, f->action) ||
	    put_str(ctx, f->entity) || put_int(ctx, f->entity_id) || put_str(ctx, f->source_ip) ||
	    put_str(ctx, f->detail))
		goto out;
	if (kind == MAC_V2 && put_int(ctx, f->count))
		goto out;
	if (EVP_MAC_final(ctx, md, &mdlen, sizeof md) != 1 || mdlen != sizeof md)
		goto out;
	hex_encode(md, sizeof md, out_hex);
	rc = 0;
out:
	OPENSSL_cleanse(md, sizeof md);
	EVP_MAC_CTX_free(ctx);
	EVP_MAC_free(mac);
	return rc;
}

int audit_mac(const unsigned char key[32], const char *prev_mac_hex, const struct audit_fields *f,
              char out_hex[65])
{
	return mac_of(MAC_V1, key, prev_mac_hex, f, out_hex);
}

int audit_entry_mac(const unsigned char key[32], const struct audit_fields *f, char out_hex[65])
{
	return mac_of(MAC_ENTRY, key, "", f, out_hex);
}

int audit_seal_mac(const unsigned char key[32], const char *prev_mac_hex, const struct audit_fields *f,
                   char out_hex[65])
{
	return mac_of(MAC_V2, key, prev_mac_hex, f, out_hex);
}

int audit_mac_equal(const char *a_hex, const char *b_hex)
{
	return a_hex && b_hex && is_mac_hex(a_hex) && is_mac_hex(b_hex) && ct_equal(a_hex, b_hex, 64);
}

int audit_chain_step_ok(const unsigned char key[32], const char *prev_mac_hex, const struct audit_fields *f,
                        const char *stored_mac_hex)
{
	char want[65];

	if (!stored_mac_hex || !is_mac_hex(stored_mac_hex))
		return -1;
	if (audit_mac(key, prev_mac_hex, f, want) < 0)
		return -1;
	return ct_equal(want, stored_mac_hex, 64) ? 0 : -1;
}

int audit_chain_verify(const unsigned char key[32], const char *start_prev_hex, const struct audit_fields *rows,
                       const char *const *macs, size_t n, size_t *first_bad)
{
	const char *prev = start_prev_hex;
	size_t i;

	if (first_bad)
		*first_bad = 0;
	if (!prev || (n && (!rows || !macs)))
		return -1;
	for (i = 0; i < n; i++) {
		if ((i > 0 && (rows[i - 1].id == LLONG_MAX || rows[i].id != rows[i - 1].id + 1)) ||
		    audit_chain_step_ok(key, prev, &rows[i], macs[i]) < 0) {
			if (first_bad)
				*first_bad = i;
			return -1;
		}
		prev = macs[i];
	}
	return 0;
}
