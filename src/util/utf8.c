/* UTF-8 helpers (see utf8.h). */
#include "util/utf8.h"

#include <string.h>

long long utf8_chars(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	long long n = 0;

	while (*p) {
		size_t len;
		if (*p < 0x80)
			len = 1;
		else if ((*p & 0xE0) == 0xC0)
			len = 2;
		else if ((*p & 0xF0) == 0xE0)
			len = 3;
		else if ((*p & 0xF8) == 0xF0)
			len = 4;
		else
			return -1;
		for (size_t k = 1; k < len; k++)
			if ((p[k] & 0xC0) != 0x80)
				return -1;
		p += len;
		n++;
	}
	return n;
}

void utf8_clip(const char *in, char *out, size_t outsz)
{
	size_t n = strlen(in);

	if (n >= outsz) {
		n = outsz - 1;
		while (n > 0 && ((unsigned char)in[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(out, in, n);
	out[n] = '\0';
}
