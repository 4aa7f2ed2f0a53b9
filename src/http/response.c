/* Responses: status with reason phrase, headers, cookies, redirects, and the security
 * headers that every response carries (set here and nowhere else). */
#include "http/http.h"

#include <stdio.h>
#include <string.h>

#include "app.h"
#include "view/view.h"

const char *http_reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 303: return "See Other";
	case 400: return "Bad Request";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 411: return "Length Required";
	case 413: return "Content Too Large";
	case 415: return "Unsupported Media Type";
	case 422: return "Unprocessable Content";
	case 429: return "Too Many Requests";
	case 500: return "Internal Server Error";
	case 503: return "Service Unavailable";
	default: return "Unknown";
	}
}

void resp_reset(struct resp *rs)
{
	rs->status = 200;
	buf_reset(&rs->headers);
	buf_reset(&rs->body);
	rs->content_type = "text/html; charset=utf-8";
	rs->no_store = 0;
}

void resp_free(struct resp *rs)
{
	buf_free(&rs->headers);
	buf_free(&rs->body);
}

/* Header values we emit never come straight from a user, but refuse CR/LF anyway. */
static int header_safe(const char *s)
{
	return strpbrk(s, "\r\n") == NULL;
}

int resp_header(struct resp *rs, const char *name, const char *value)
{
	if (!header_safe(name) || !header_safe(value))
		return -1;
	return buf_printf(&rs->headers, "%s: %s\r\n", name, value);
}

static int cookie_token_ok(const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c <= 0x20 || c >= 0x7f || c == ';' || c == ',' || c == '"' || c == '\\')
			return 0;
	}
	return 1;
}

int resp_cookie(struct resp *rs, const struct req *rq, const char *name, const char *value, long max_age)
{
	int secure = rq->https || (rq->app && (rq->app->cfg.secure_cookies || config_origin_https(&rq->app->cfg)));
	char age[48] = "";

	if (!cookie_token_ok(name) || !cookie_token_ok(value))
		return -1;
	if (max_age >= 0)
		snprintf(age, sizeof age, "; Max-Age=%ld", max_age);
	return buf_printf(&rs->headers, "Set-Cookie: %s=%s; Path=/; HttpOnly; SameSite=Lax%s%s\r\n",
	                  name, value, age, secure ? "; Secure" : "");
}

void resp_redirect(struct resp *rs, const char *location)
{
	/* Only paths on this site: no open redirects through "next" parameters. */
	if (!redirect_target_ok(location))
		location = "/";
	rs->status = 303;
	buf_reset(&rs->body);
	buf_printf(&rs->headers, "Location: %s\r\n", location);
}

void resp_error(struct resp *rs, struct req *rq, int status)
{
	rs->status = status;
	buf_reset(&rs->body);
	if (view_render_error(rq, rs, status) < 0) {
		buf_reset(&rs->body);
		rs->content_type = "text/plain; charset=utf-8";
		buf_printf(&rs->body, "%d %s\n", status, http_reason(status));
	}
	rs->status = status;
}

int resp_head(const struct resp *rs, struct buf *out)
{
	int rc = 0;

	rc |= buf_printf(out, "Status: %d %s\r\n", rs->status, http_reason(rs->status));
	rc |= buf_printf(out, "Content-Type: %s\r\n", rs->content_type ? rs->content_type : "text/plain; charset=utf-8");
	rc |= buf_printf(out, "Content-Length: %zu\r\n", rs->body.len);
	rc |= buf_puts(out,
		"Content-Security-Policy: default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
		"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'\r\n"
		"X-Content-Type-Options: nosniff\r\n"
		"X-Frame-Options: DENY\r\n"
		"Referrer-Policy: same-origin\r\n"
		"Cross-Origin-Opener-Policy: same-origin\r\n");
	if (rs->no_store)
		rc |= buf_puts(out, "Cache-Control: no-store\r\n");
	if (rs->headers.len)
		rc |= buf_append(out, rs->headers.data, rs->headers.len);
	rc |= buf_puts(out, "\r\n");
	return rc ? -1 : 0;
}
