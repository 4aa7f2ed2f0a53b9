/* Builds a struct req from the FastCGI parameters and body: strict CONTENT_LENGTH,
 * form bodies only as application/x-www-form-urlencoded, limits on every input. */
#include "http/http.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/log.h"
#include "view/view.h"

static void copy_param(char *dst, size_t dstsz, const char *src)
{
	size_t n;

	if (!src)
		src = "";
	n = strlen(src);
	if (n >= dstsz)
		n = dstsz - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* Our paths are plain ASCII: refuse anything else early rather than let it reach a handler. */
static int path_ok(const char *p, size_t n)
{
	size_t i;

	if (n == 0 || p[0] != '/')
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];
		if (c <= 0x20 || c >= 0x7f || c == '%' || c == '\\')
			return 0;
		if (c == '.' && i > 0 && p[i - 1] == '/')
			return 0;   /* no dot segments */
	}
	return 1;
}

int req_parse(struct req *rq, req_param_fn param, void *ctx, const char *body, size_t bodylen)
{
	const char *method = param(ctx, "REQUEST_METHOD");
	const char *uri = param(ctx, "REQUEST_URI");
	const char *q, *cookie, *https;
	size_t plen;

	copy_param(rq->method, sizeof rq->method, method);
	copy_param(rq->remote_addr, sizeof rq->remote_addr, param(ctx, "REMOTE_ADDR"));
	copy_param(rq->user_agent, sizeof rq->user_agent, param(ctx, "HTTP_USER_AGENT"));
	copy_param(rq->host, sizeof rq->host, param(ctx, "HTTP_HOST"));
	copy_param(rq->origin, sizeof rq->origin, param(ctx, "HTTP_ORIGIN"));
	copy_param(rq->referer, sizeof rq->referer, param(ctx, "HTTP_REFERER"));
	https = param(ctx, "HTTPS");
	rq->https = https && (!strcasecmp(https, "on") || !strcmp(https, "1"));
	if (!method || !uri)
		return 400;
	q = strchr(uri, '?');
	plen = q ? (size_t)(q - uri) : strlen(uri);
	if (plen >= sizeof rq->path || !path_ok(uri, plen))
		return 400;
	memcpy(rq->path, uri, plen);
	rq->path[plen] = '\0';
	if (q && parse_urlencoded(q + 1, strlen(q + 1), &PARSE_DEFAULT_LIMITS, &rq->query) != PARSE_OK)
		return 400;
	cookie = param(ctx, "HTTP_COOKIE");
	if (cookie && parse_cookies(cookie, &PARSE_DEFAULT_LIMITS, &rq->cookies) != PARSE_OK)
		return 400;
	if (!strcmp(rq->method, "POST")) {
		const char *ctype = param(ctx, "CONTENT_TYPE");
		if (bodylen > 0) {
			size_t n = strlen("application/x-www-form-urlencoded");
			if (!ctype || strncasecmp(ctype, "application/x-www-form-urlencoded", n) ||
			    (ctype[n] && ctype[n] != ';'))
				return 415;
			if (parse_urlencoded(body, bodylen, &PARSE_DEFAULT_LIMITS, &rq->form) != PARSE_OK)
				return 400;
		}
	}
	return 0;
}

const char *req_form(const struct req *rq, const char *name)
{
	return kv_get(&rq->form, name);
}

const char *req_query(const struct req *rq, const char *name)
{
	return kv_get(&rq->query, name);
}

const char *req_cookie(const struct req *rq, const char *name)
{
	/* Browsers may send two cookies of one name (different paths): take the first. */
	return kv_get_nth(&rq->cookies, name, 0);
}

void req_reset(struct req *rq)
{
	struct app *app = rq->app;

	kvlist_clear(&rq->query);
	kvlist_clear(&rq->form);
	kvlist_clear(&rq->cookies);
	view_free_hdf(rq);
	memset(rq, 0, sizeof *rq);
	rq->app = app;
}
