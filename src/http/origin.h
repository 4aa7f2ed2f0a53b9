/* Where a request says it comes from (Origin, or Referer without it), checked against the site's
 * configured origin (conf/parley.conf.example: origin=). */
#ifndef PARLEY_ORIGIN_H
#define PARLEY_ORIGIN_H

/* 1 when want ("scheme://host[:port]") is one of the space-separated origins in configured. */
int origin_expected(const char *configured, const char *want);
/* 1 when the request may go on: it names no origin (neither header), or names one of ours. 0 when
 * Origin or Referer names another origin, is "null" or malformed. configured NULL or "": our origin
 * is this request's scheme (https) and Host. */
int origin_allowed(const char *configured, int https, const char *host, const char *origin, const char *referer);

#endif
