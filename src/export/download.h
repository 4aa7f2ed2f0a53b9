/* Download names: a Content-Disposition that keeps Chinese characters (RFC 6266 filename* with
 * RFC 5987 UTF-8 percent-encoding) and an ASCII fallback for old clients, neither of which can
 * carry a path, a quote or a line break. */
#ifndef PARLEY_EXPORT_DOWNLOAD_H
#define PARLEY_EXPORT_DOWNLOAD_H

#include <stddef.h>

#include "util/buf.h"

/* name with everything that is not safe in a file name (controls, / \ : * ? " < > |, a leading dot)
 * replaced by '_', cut to at most max bytes on a UTF-8 character boundary; malformed UTF-8 bytes
 * become '_'. out has room for max + 1 bytes. */
void download_safe_name(const char *name, char *out, size_t max);
/* "attachment; filename=\"ascii\"; filename*=UTF-8''percent-encoded" for name (made safe first). */
int download_disposition(struct buf *out, const char *name);

#endif
