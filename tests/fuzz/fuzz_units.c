/* libFuzzer target for money, percentage and date parsing (src/domain/units.c), as users type them.
 * Whatever parses must be in range and survive the round trip through the input spelling the forms
 * show again (money_input, bp_input, ISO dates); formatting never overruns. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/units.h"

#define CHECK(cond)                                                                        \
	do {                                                                               \
		if (!(cond)) {                                                             \
			fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #cond); \
			abort();                                                           \
		}                                                                          \
	} while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1), out[128], small[6];
	long long v, w;
	int y, m, d;

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	if (money_parse(s, &v) == 0) {
		CHECK(v >= 0 && v <= MONEY_MAX);
		money_input(v, out, sizeof out);
		CHECK(money_parse(out, &w) == 0 && w == v);
		money_format(v, "CNY", "zh-CN", out, sizeof out);
		money_format(v, "USD", "en", small, sizeof small);
		CHECK(strlen(small) < sizeof small);
	}
	if (bp_parse(s, &v) == 0) {
		CHECK(v >= 0 && v <= 10000);
		bp_input(v, out, sizeof out);
		CHECK(bp_parse(out, &w) == 0 && w == v);
		bp_format(v, small, sizeof small);
	}
	if (date_parse(s, &y, &m, &d) == 0) {
		CHECK(y >= 1900 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= 31);
		snprintf(out, sizeof out, "%04d-%02d-%02d", y, m, d);
		CHECK(!strcmp(out, s));
		date_format(s, "zh-CN", out, sizeof out);
		date_format(s, "en", small, sizeof small);
	}
	free(s);
	return 0;
}
