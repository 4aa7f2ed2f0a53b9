/* Matching a request path against a route pattern, ":id" segments becoming positive integers.
 * Pure (no I/O), so that the fuzz target can run it alone. */
#include "http/router.h"

#include <string.h>

int route_match(const char *pattern, const char *path, long long *ids, int *nids)
{
	const char *p = pattern, *s = path;

	*nids = 0;
	while (*p && *s) {
		if (*p != '/' || *s != '/')
			return 0;
		p++;
		s++;
		if (!strncmp(p, ":id", 3) && (p[3] == '/' || p[3] == '\0')) {
			size_t len = strcspn(s, "/");
			long long id;
			if (*nids >= HTTP_MAX_IDS || parse_id(s, len, &id) < 0)
				return 0;
			ids[(*nids)++] = id;
			p += 3;
			s += len;
		} else {
			size_t plen = strcspn(p, "/"), slen = strcspn(s, "/");
			if (plen != slen || strncmp(p, s, plen))
				return 0;
			p += plen;
			s += slen;
		}
	}
	return *p == '\0' && *s == '\0';
}
