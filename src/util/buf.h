/* Growable byte buffer: the response body, headers and rendered pages. */
#ifndef PARLEY_BUF_H
#define PARLEY_BUF_H
#include <stddef.h>

struct buf {
	char *data;     /* always NUL-terminated when non-NULL */
	size_t len;
	size_t cap;
};

int buf_append(struct buf *b, const char *s, size_t n);
int buf_puts(struct buf *b, const char *s);
int buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Keep the allocation, forget the content: buffers are reused across requests. */
void buf_reset(struct buf *b);
void buf_free(struct buf *b);
/* Hand the content to the caller (malloc'd, NUL-terminated) and empty the buffer. */
char *buf_detach(struct buf *b);

#endif
