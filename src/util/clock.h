/* "Now" for the application. Tests shift it through a file named in the configuration
 * (clock_offset_file); production leaves that unset and gets the real time. */
#ifndef PARLEY_CLOCK_H
#define PARLEY_CLOCK_H
#include <time.h>

time_t clock_now(const char *offset_file);
/* "YYYY-MM-DD HH:MM:SS" in UTC, for DATETIME columns. */
void clock_fmt_utc(time_t t, char out[20]);
/* Parses the DATETIME format back; -1 on malformed input. */
int clock_parse_utc(const char *s, time_t *out);

#endif
