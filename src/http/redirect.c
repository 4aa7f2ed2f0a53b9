/* The one judge of redirect targets ("next" parameters and every Location we send): only a path on
 * this site, in a form no browser can normalise into another origin. */
#include "http/http.h"
#include "util/hex.h"

#include <string.h>

/* A byte that, once a browser or proxy decodes it in a path, could change where the path leads. */
static int path_byte_dangerous(unsigned char c)
{
	return c <= 0x20 || c == 0x7f || c == '/' || c == '\\' || c == '.' || c == '%' || c == '?' ||
	       c == '#' || c == ':' || c == '@';
}

int redirect_target_ok(const char *s)
{
	size_t i, n;
	int in_path = 1;

	if (!s || s[0] != '/')
		return 0;
	n = strlen(s);
	if (n > REDIRECT_MAX)
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		/* Raw controls (browsers drop tab, CR and LF, so "/\t/evil" becomes "//evil"), spaces,
		 * backslashes (read as '/') and anything outside printable ASCII. */
		if (c <= 0x20 || c >= 0x7f || c == '\\')
			return 0;
		if (c == '?' || c == '#')
			in_path = 0;
		if (c == '%') {
			int hi = i + 2 < n ? hex_digit((unsigned char)s[i + 1]) : -1;
			int lo = hi >= 0 ? hex_digit((unsigned char)s[i + 2]) : -1;
			if (hi < 0 || lo < 0)
				return 0;
			if (in_path && path_byte_dangerous((unsigned char)(hi * 16 + lo)))
				return 0;
			/* Encoded controls stay refused in the query too: nothing of ours needs them. */
			if (hi * 16 + lo < 0x20 || hi * 16 + lo == 0x7f)
				return 0;
			i += 2;
			continue;
		}
		if (!in_path)
			continue;
		if (c == '/' && i + 1 < n && s[i + 1] == '/')
			return 0;   /* "//host" anywhere in the path: scheme-relative once normalised */
		if (c == '/' && s[i + 1] == '.' &&
		    (s[i + 2] == '\0' || s[i + 2] == '/' || s[i + 2] == '?' || s[i + 2] == '#' ||
		     (s[i + 2] == '.' && (s[i + 3] == '\0' || s[i + 3] == '/' || s[i + 3] == '?' || s[i + 3] == '#'))))
			return 0;   /* dot segments */
	}
	return 1;
}
