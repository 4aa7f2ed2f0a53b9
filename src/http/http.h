/* A request and its response. Both are reset for every request: nothing a handler
 * sets survives into the next one. */
#ifndef PARLEY_HTTP_H
#define PARLEY_HTTP_H

#include <stddef.h>
#include <time.h>

#include "auth/caps.h"
#include "http/form.h"
#include "util/buf.h"

struct app;
struct _hdf;

#define HTTP_MAX_BODY (1024 * 1024)
#define HTTP_MAX_PATH 512
#define HTTP_MAX_IDS 4

struct user {
	long long id;
	char username[65];
	char display_name[401];
	enum role role;
	long long team_id, region_id, manager_id;
	char lang[8];
	char tz[65];
};

struct req {
	struct app *app;
	char method[8];
	char path[HTTP_MAX_PATH];
	struct kvlist query, form, cookies;
	char remote_addr[64];
	char user_agent[256];
	char host[256];                 /* Host header */
	char origin[256];               /* Origin header, "" when absent */
	char referer[1024];             /* Referer header, "" when absent (cut at 1023 bytes) */
	int https;
	time_t now;
	long long ids[HTTP_MAX_IDS];   /* ":id" segments of the matched route, in order */
	int nids;
	int logged_in;
	struct user user;
	char sid_hash[65];              /* hash of the session token, "" when anonymous */
	char csrf_token[48];            /* token for forms on this page */
	char lang[8];                   /* UI language of this response */
	struct _hdf *hdf;               /* page data, created by the view on first use */
};

struct resp {
	int status;
	struct buf headers;   /* extra header lines, each ending in \r\n */
	struct buf body;
	const char *content_type;
	int no_store;         /* Cache-Control: no-store */
};

/* Fill rq from CGI-style parameters (param(ctx, "REQUEST_METHOD") …) and the body.
 * Returns 0, or an HTTP status (400, 411, 413, 415) for a request to refuse. */
typedef const char *(*req_param_fn)(void *ctx, const char *name);
int req_parse(struct req *rq, req_param_fn param, void *ctx, const char *body, size_t bodylen);
void req_reset(struct req *rq);

const char *req_form(const struct req *rq, const char *name);   /* NULL when absent or duplicated */
const char *req_query(const struct req *rq, const char *name);
const char *req_cookie(const struct req *rq, const char *name);

void resp_reset(struct resp *rs);
void resp_free(struct resp *rs);
int resp_header(struct resp *rs, const char *name, const char *value);
/* Set-Cookie with HttpOnly, SameSite=Lax, Path=/ (Secure when https); max_age < 0 = session cookie,
 * 0 = delete. Values must be cookie-safe tokens (checked). */
int resp_cookie(struct resp *rs, const struct req *rq, const char *name, const char *value, long max_age);
/* 303 See Other to location when redirect_target_ok(location), else to "/". */
void resp_redirect(struct resp *rs, const char *location);
/* 1 when s is a path on this site that no browser can turn into another origin: starts with one '/',
 * printable ASCII only (no controls, spaces or backslashes, raw or %-encoded), no "//" or dot
 * segment in the path, no %-encoded '/', '\\', '.', '%' there; at most REDIRECT_MAX bytes. */
#define REDIRECT_MAX 2048
int redirect_target_ok(const char *s);
/* Plain page for errors: status with a short text from the language files. */
void resp_error(struct resp *rs, struct req *rq, int status);
const char *http_reason(int status);
/* The full header block (status line for FastCGI, security headers, content type) into out. */
int resp_head(const struct resp *rs, struct buf *out);

#endif
