/* Safe download names (see download.h). */
#include "export/download.h"

#include <string.h>

/* Length of the UTF-8 sequence at s (1..4), or 0 when malformed. */
static size_t utf8_len(const unsigned char *s)
{
	size_t n, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		n = 2;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF)
		n = 3;
	else if (s[0] >= 0xF0 && s[0] <= 0xF4)
		n = 4;
	else
		return 0;
	for (i = 1; i < n; i++)
		if ((s[i] & 0xC0) != 0x80)
			return 0;
	return n;
}

void download_safe_name(const char *name, char *out, size_t max)
{
	const unsigned char *s = (const unsigned char *)(name ? name : "");
	size_t o = 0;

	while (*s) {
		size_t n = utf8_len(s);
		if (n == 0 || (n == 1 && (*s < 0x20 || *s == 0x7F || strchr("/\\:*?\"<>|;", *s)))) {
			if (o + 1 > max)
				break;
			out[o++] = '_';
			s += n ? n : 1;
			continue;
		}
		if (o + n > max)
			break;
		memcpy(out + o, s, n);
		o += n;
		s += n;
	}
	out[o] = '\0';
	if (out[0] == '.')
		out[0] = '_';
	if (o == 0 && max > 0) {
		out[0] = '_';
		out[1] = '\0';
	}
}

/* RFC 5987 attr-char: ALPHA / DIGIT / "!" / "#" / "$" / "&" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~" */
static int attr_char(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       (c && strchr("!#$&+-.^_`|~", c));
}

int download_disposition(struct buf *out, const char *name)
{
	char safe[256];
	const unsigned char *p;
	int rc = 0;

	download_safe_name(name, safe, sizeof safe - 1);
	rc |= buf_puts(out, "attachment; filename=\"");
	for (p = (const unsigned char *)safe; *p; p++) {
		char c = (*p < 0x80 && *p != '%' && *p != '\\') ? (char)*p : '_';
		if ((*p & 0xC0) == 0x80)
			continue;   /* one '_' per non-ASCII character */
		rc |= buf_append(out, &c, 1);
	}
	rc |= buf_puts(out, "\"; filename*=UTF-8''");
	for (p = (const unsigned char *)safe; *p; p++) {
		if (attr_char(*p))
			rc |= buf_append(out, (const char *)p, 1);
		else
			rc |= buf_printf(out, "%%%02X", *p);
	}
	return rc ? -1 : 0;
}
