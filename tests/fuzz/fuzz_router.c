/* libFuzzer target for the path router (src/http/route_match.c): the input is a request path, matched
 * against patterns with ":id" segments like the route table's. A match must give back exactly the
 * path when the pattern is filled with the ids (so no other spelling of an id — "007", "+7", "7 ",
 * a huge number — ever reaches a handler), and every id is positive. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/router.h"

#define CHECK(cond)                                                                        \
	do {                                                                               \
		if (!(cond)) {                                                             \
			fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #cond); \
			abort();                                                           \
		}                                                                          \
	} while (0)

static const char *const patterns[] = {
	"/", "/login", "/customers", "/customers/new", "/customers/:id", "/customers/:id/edit",
	"/customers/:id/contacts/:id", "/customers/:id/contacts/:id/delete", "/negotiations/:id/print",
	"/opportunities/:id/needs/new", "/admin/users/:id/password", "/a/:id/b/:id/c/:id/d/:id",
	"/a/:id/b/:id/c/:id/d/:id/e/:id", "/:id", "/:id/:id",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *path = malloc(size + 1), rebuilt[4096];
	long long ids[HTTP_MAX_IDS];
	size_t i;
	int n;

	if (!path)
		return 0;
	memcpy(path, data, size);
	path[size] = '\0';
	for (i = 0; i < sizeof patterns / sizeof *patterns; i++) {
		const char *p;
		size_t k = 0;
		int used = 0;

		memset(ids, 0, sizeof ids);
		if (!route_match(patterns[i], path, ids, &n))
			continue;
		CHECK(n >= 0 && n <= HTTP_MAX_IDS);
		for (p = patterns[i]; *p; p++) {
			if (!strncmp(p, ":id", 3)) {
				CHECK(used < n && ids[used] > 0);
				k += (size_t)snprintf(rebuilt + k, sizeof rebuilt - k, "%lld", ids[used++]);
				p += 2;
			} else {
				rebuilt[k++] = *p;
			}
			CHECK(k < sizeof rebuilt - 32);
		}
		rebuilt[k] = '\0';
		CHECK(used == n);
		CHECK(!strcmp(rebuilt, path));
	}
	free(path);
	return 0;
}
