/* Versioned AES-256 keys, parsed strictly: a mistake in the key file must stop start-up. */
#include "crypto/keyring.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "crypto/hash.h"

#define KEYRING_FILE_MAX (KEYRING_MAX_KEYS * 96)

struct keyring_entry {
	unsigned version;
	unsigned char key[KEYRING_KEY_LEN];
};

struct keyring {
	size_t n;
	unsigned current;
	struct keyring_entry e[];
};

void keyring_free(struct keyring **kr)
{
	if (!kr || !*kr)
		return;
	OPENSSL_cleanse(*kr, sizeof **kr + (*kr)->n * sizeof(struct keyring_entry));
	free(*kr);
	*kr = NULL;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t';
}

/* One line, without its newline: "<version> <64 hex>". */
static int parse_line(const char *s, size_t len, struct keyring_entry *e)
{
	char hex[2 * KEYRING_KEY_LEN + 1];
	size_t i = 0, start, got = 0;
	unsigned long v = 0;
	int rc = -1;

	while (i < len && is_space(s[i]))
		i++;
	start = i;
	while (i < len && s[i] >= '0' && s[i] <= '9') {
		v = v * 10 + (unsigned long)(s[i] - '0');
		if (v > 65535)
			return -1;
		i++;
	}
	if (i == start || v < 1 || i - start > 5)
		return -1;
	if (i >= len || !is_space(s[i]))
		return -1;
	while (i < len && is_space(s[i]))
		i++;
	start = i;
	while (i < len && !is_space(s[i]))
		i++;
	if (i - start != 2 * KEYRING_KEY_LEN)
		return -1;
	memcpy(hex, s + start, i - start);
	hex[i - start] = '\0';
	while (i < len && is_space(s[i]))
		i++;
	if (i != len)
		goto out;
	if (hex_decode(hex, e->key, sizeof e->key, &got) < 0 || got != KEYRING_KEY_LEN)
		goto out;
	e->version = (unsigned)v;
	rc = 0;
out:
	OPENSSL_cleanse(hex, sizeof hex);
	return rc;
}

int keyring_parse(const char *text, size_t len, struct keyring **out)
{
	struct keyring *kr = NULL;
	size_t pos = 0, cap = 0, i;
	int rc = -1;

	if (!out)
		return -1;
	*out = NULL;
	if (!text)
		goto out;
	/* Count lines to size the ring once. */
	for (i = 0; i < len; i++)
		if (text[i] == '\n')
			cap++;
	cap++;
	if (cap > KEYRING_MAX_KEYS)
		cap = KEYRING_MAX_KEYS;
	kr = calloc(1, sizeof *kr + cap * sizeof(struct keyring_entry));
	if (!kr)
		goto out;
	while (pos < len) {
		const char *line = text + pos;
		const char *nl = memchr(line, '\n', len - pos);
		size_t llen = nl ? (size_t)(nl - line) : len - pos;
		size_t skip = 0;

		pos += llen + (nl ? 1 : 0);
		if (llen && line[llen - 1] == '\r')
			llen--;
		if (memchr(line, '\0', llen))
			goto out;
		while (skip < llen && is_space(line[skip]))
			skip++;
		if (skip == llen || line[skip] == '#')
			continue;
		if (kr->n == cap)
			goto out;
		if (parse_line(line, llen, &kr->e[kr->n]) < 0)
			goto out;
		for (i = 0; i < kr->n; i++)
			if (kr->e[i].version == kr->e[kr->n].version)
				goto out;
		if (kr->e[kr->n].version > kr->current)
			kr->current = kr->e[kr->n].version;
		kr->n++;
	}
	if (kr->n == 0)
		goto out;
	*out = kr;
	kr = NULL;
	rc = 0;
out:
	if (kr) {
		/* Wipe the whole allocation: a half-parsed entry may hold key bytes. */
		OPENSSL_cleanse(kr->e, cap * sizeof(struct keyring_entry));
		kr->n = 0;
		keyring_free(&kr);
	}
	if (rc < 0)
		errno = EINVAL;
	return rc;
}

int keyring_load(const char *path, struct keyring **out)
{
	char *text = NULL;
	size_t len = 0;
	int rc;

	if (!out)
		return -1;
	*out = NULL;
	if (read_secret_file(path, KEYRING_FILE_MAX, &text, &len) < 0)
		return -1;
	rc = keyring_parse(text, len, out);
	secret_free(&text, len);
	if (rc < 0)
		errno = EINVAL;
	return rc;
}

unsigned keyring_current(const struct keyring *kr)
{
	return kr ? kr->current : 0;
}

const unsigned char *keyring_key(const struct keyring *kr, unsigned version)
{
	size_t i;

	if (!kr)
		return NULL;
	for (i = 0; i < kr->n; i++)
		if (kr->e[i].version == version)
			return kr->e[i].key;
	return NULL;
}

size_t keyring_count(const struct keyring *kr)
{
	return kr ? kr->n : 0;
}
