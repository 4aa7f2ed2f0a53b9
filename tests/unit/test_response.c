/* Response building: cookies, redirects, header injection, status lines. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "app.h"
#include "http/http.h"

static void test_cookie_flags(void **state)
{
	struct resp rs = { 0 };
	struct req rq;

	(void)state;
	memset(&rq, 0, sizeof rq);
	resp_reset(&rs);
	assert_int_equal(resp_cookie(&rs, &rq, "parley_session", "abc", -1), 0);
	assert_string_equal(rs.headers.data, "Set-Cookie: parley_session=abc; Path=/; HttpOnly; SameSite=Lax\r\n");
	resp_reset(&rs);
	rq.https = 1;
	assert_int_equal(resp_cookie(&rs, &rq, "parley_session", "", 0), 0);
	assert_string_equal(rs.headers.data,
	                    "Set-Cookie: parley_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0; Secure\r\n");
	resp_reset(&rs);
	assert_int_equal(resp_cookie(&rs, &rq, "x", "a;b", -1), -1);
	assert_int_equal(resp_cookie(&rs, &rq, "x", "a\r\nSet-Cookie: y=1", -1), -1);
	assert_int_equal(rs.headers.len, 0);
	resp_free(&rs);
}

/* The production paths: secure_cookies=1 (TLS ends before nginx), or an https origin. */
static void test_cookie_secure_in_production(void **state)
{
	struct resp rs = { 0 };
	struct app app;
	struct req rq;

	(void)state;
	memset(&rq, 0, sizeof rq);
	memset(&app, 0, sizeof app);
	rq.app = &app;
	resp_reset(&rs);
	assert_int_equal(resp_cookie(&rs, &rq, "parley_session", "abc", -1), 0);
	assert_null(strstr(rs.headers.data, "Secure"));
	resp_reset(&rs);
	app.cfg.secure_cookies = 1;
	assert_int_equal(resp_cookie(&rs, &rq, "parley_session", "abc", -1), 0);
	assert_string_equal(rs.headers.data, "Set-Cookie: parley_session=abc; Path=/; HttpOnly; SameSite=Lax; Secure\r\n");
	resp_reset(&rs);
	app.cfg.secure_cookies = 0;
	app.cfg.origin = "https://parley.example.com";
	assert_int_equal(resp_cookie(&rs, &rq, "parley_pre", "xyz", 600), 0);
	assert_string_equal(rs.headers.data,
	                    "Set-Cookie: parley_pre=xyz; Path=/; HttpOnly; SameSite=Lax; Max-Age=600; Secure\r\n");
	resp_reset(&rs);
	app.cfg.origin = "http://127.0.0.1:8080";
	assert_int_equal(resp_cookie(&rs, &rq, "parley_pre", "xyz", -1), 0);
	assert_null(strstr(rs.headers.data, "Secure"));
	resp_free(&rs);
}

static void test_redirects_stay_local(void **state)
{
	struct resp rs = { 0 };

	(void)state;
	resp_reset(&rs);
	resp_redirect(&rs, "/admin/users/3");
	assert_int_equal(rs.status, 303);
	assert_string_equal(rs.headers.data, "Location: /admin/users/3\r\n");
	resp_reset(&rs);
	resp_redirect(&rs, "//evil.example/");
	assert_string_equal(rs.headers.data, "Location: /\r\n");
	resp_reset(&rs);
	resp_redirect(&rs, "https://evil.example/");
	assert_string_equal(rs.headers.data, "Location: /\r\n");
	resp_reset(&rs);
	resp_redirect(&rs, "/\\evil.example");
	assert_string_equal(rs.headers.data, "Location: /\r\n");
	resp_reset(&rs);
	resp_redirect(&rs, "/a\r\nSet-Cookie: x=1");
	assert_string_equal(rs.headers.data, "Location: /\r\n");
	resp_free(&rs);
}

static void test_head(void **state)
{
	struct resp rs = { 0 };
	struct buf out = { 0 };

	(void)state;
	resp_reset(&rs);
	rs.status = 303;
	rs.no_store = 1;
	buf_puts(&rs.body, "hello");
	assert_int_equal(resp_head(&rs, &out), 0);
	assert_true(!strncmp(out.data, "Status: 303 See Other\r\n", 23));
	assert_non_null(strstr(out.data, "Content-Length: 5\r\n"));
	assert_non_null(strstr(out.data, "Cache-Control: no-store\r\n"));
	assert_non_null(strstr(out.data, "Referrer-Policy: same-origin\r\n"));
	assert_string_equal(out.data + out.len - 4, "\r\n\r\n");
	assert_int_equal(resp_header(&rs, "X-Test", "a\nb"), -1);
	buf_free(&out);
	resp_free(&rs);
	assert_string_equal(http_reason(404), "Not Found");
	assert_string_equal(http_reason(413), "Content Too Large");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cookie_flags),
		cmocka_unit_test(test_cookie_secure_in_production),
		cmocka_unit_test(test_redirects_stay_local),
		cmocka_unit_test(test_head),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
