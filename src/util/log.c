/* One line per message, prefixed with level and pid, so interleaved workers stay readable. */
#include "util/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

void log_msg(const char *level, const char *fmt, ...)
{
	char line[2048];
	va_list ap;
	size_t i;

	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	/* Log lines may carry request data: keep them single-line. */
	for (i = 0; line[i]; i++)
		if (line[i] == '\n' || line[i] == '\r')
			line[i] = ' ';
	fprintf(stderr, "parley[%ld] %s: %s\n", (long)getpid(), level, line);
}
