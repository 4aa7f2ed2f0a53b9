/* The second line behind the CSRF token: a state-changing request that says it comes from another
 * origin is refused, whatever token it carries. */
#include "http/origin.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

/* The origin part ("scheme://host[:port]") of an absolute URL, or -1 when it has none. */
static int url_origin(const char *url, char *out, size_t outsz)
{
	const char *p = strstr(url, "://"), *end;
	size_t n;

	if (!p || p == url)
		return -1;
	end = p + 3 + strcspn(p + 3, "/?#");
	if (end == p + 3)
		return -1;
	n = (size_t)(end - url);
	if (n >= outsz)
		return -1;
	memcpy(out, url, n);
	out[n] = '\0';
	return 0;
}

static int same_origin(const char *a, const char *b, size_t blen)
{
	while (blen > 0 && b[blen - 1] == '/')
		blen--;
	return strlen(a) == blen && !strncasecmp(a, b, blen);
}

int origin_expected(const char *configured, const char *want)
{
	const char *p = configured;

	while (p && *p) {
		size_t n;
		p += strspn(p, " \t,");
		n = strcspn(p, " \t,");
		if (n && same_origin(want, p, n))
			return 1;
		p += n;
	}
	return 0;
}

int origin_allowed(const char *configured, int https, const char *host, const char *origin, const char *referer)
{
	char named[300], own[300];

	if (origin && *origin) {
		/* "null" (sandboxed frames, some redirects) names no origin of ours. */
		if (url_origin(origin, named, sizeof named) < 0 || strcmp(named, origin))
			return 0;
	} else if (referer && *referer) {
		if (url_origin(referer, named, sizeof named) < 0)
			return 0;
	} else {
		return 1;   /* neither header: the token and SameSite decide */
	}
	if (configured && *configured)
		return origin_expected(configured, named);
	/* Without configuration, this request's own scheme and Host. */
	if (!host || !*host || strpbrk(host, "/?#@ \t"))
		return 0;
	snprintf(own, sizeof own, "%s://%s", https ? "https" : "http", host);
	return same_origin(named, own, strlen(own));
}
