/* libFuzzer target for the redirect judge and the Origin check (src/http/redirect.c, origin.c).
 * Input: a redirect target, or (after a 0xFF byte) Origin and Referer headers. Whatever passes must
 * be a path no browser can turn into another origin, checked here by a second reading: the target
 * with its path %-decoded once (what a lenient proxy or browser might do) still starts with exactly
 * one '/', holds no "//", backslash, control byte or dot segment; an allowed Origin is one of ours. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "http/http.h"
#include "http/origin.h"

#define CHECK(cond)                                                                        \
	do {                                                                               \
		if (!(cond)) {                                                             \
			fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #cond); \
			abort();                                                           \
		}                                                                          \
	} while (0)

static int hex(int c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

static void check_target(const char *s)
{
	char dec[REDIRECT_MAX + 1];
	size_t i, k = 0, n = strlen(s);

	if (!redirect_target_ok(s))
		return;
	CHECK(n >= 1 && n <= REDIRECT_MAX && s[0] == '/');
	for (i = 0; i < n; i++)
		CHECK((unsigned char)s[i] > 0x20 && (unsigned char)s[i] < 0x7f && s[i] != '\\');
	/* the path, decoded once */
	for (i = 0; i < n && s[i] != '?' && s[i] != '#'; i++) {
		if (s[i] == '%') {
			CHECK(i + 2 < n && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0);
			dec[k++] = (char)(hex(s[i + 1]) * 16 + hex(s[i + 2]));
			i += 2;
		} else {
			dec[k++] = s[i];
		}
	}
	dec[k] = '\0';
	CHECK(dec[0] == '/' && dec[1] != '/' && dec[1] != '\\');
	CHECK(!strstr(dec, "//") && !strchr(dec, '\\') && !strstr(dec, "/./") && !strstr(dec, "/../"));
	for (i = 0; i < k; i++)
		CHECK((unsigned char)dec[i] > 0x20 && (unsigned char)dec[i] != 0x7f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char conf[] = "http://127.0.0.1:8080 https://parley.example.com";
	char *buf = malloc(size + 1), *origin, *referer, *sep;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	check_target(buf);
	origin = buf;
	referer = "";
	if ((sep = strchr(buf, '\xff')) != NULL) {
		*sep = '\0';
		referer = sep + 1;
	}
	if (origin_allowed(conf, 0, "127.0.0.1:8080", origin, referer) && *origin)
		CHECK(!strcasecmp(origin, "http://127.0.0.1:8080") || !strcasecmp(origin, "https://parley.example.com") ||
		      !strcasecmp(origin, "http://127.0.0.1:8080/") || !strcasecmp(origin, "https://parley.example.com/"));
	if (origin_allowed(conf, 0, "127.0.0.1:8080", "", referer) && *referer)
		CHECK(!strncasecmp(referer, "http://127.0.0.1:8080", 21) ||
		      !strncasecmp(referer, "https://parley.example.com", 26));
	free(buf);
	return 0;
}
