/* UTF-8 helpers shared by field validation, the audit log and sign-in. */
#ifndef PARLEY_UTIL_UTF8_H
#define PARLEY_UTIL_UTF8_H

#include <stddef.h>

/* Counts UTF-8 code points; -1 when not valid UTF-8. */
long long utf8_chars(const char *s);
/* Copies in to out, cut at a UTF-8 character boundary to fit outsz. */
void utf8_clip(const char *in, char *out, size_t outsz);

#endif
