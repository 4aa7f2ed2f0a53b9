/* The one judge of redirect targets and the Origin check: every trick that could send a browser to
 * another origin, raw and %-encoded. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "http/http.h"
#include "http/origin.h"

static void test_local_paths_pass(void **state)
{
	(void)state;
	assert_true(redirect_target_ok("/"));
	assert_true(redirect_target_ok("/customers/12"));
	assert_true(redirect_target_ok("/customers?owner=3&sort=name"));
	assert_true(redirect_target_ok("/customers/12#surveys"));
	assert_true(redirect_target_ok("/customers?q=%E5%8D%8E"));          /* encoded UTF-8 in a query */
	assert_true(redirect_target_ok("/customers?next=%2Fplans"));         /* an encoded '/' in a query */
	assert_true(redirect_target_ok("/files/a.b"));
}

static void test_other_origins_refused(void **state)
{
	char longpath[REDIRECT_MAX + 2];

	(void)state;
	assert_false(redirect_target_ok(NULL));
	assert_false(redirect_target_ok(""));
	assert_false(redirect_target_ok("customers"));
	assert_false(redirect_target_ok("https://evil.example/"));
	assert_false(redirect_target_ok("//evil.example/"));
	assert_false(redirect_target_ok("///evil.example/"));
	assert_false(redirect_target_ok("/\\evil.example"));              /* raw backslash */
	assert_false(redirect_target_ok("\\\\evil.example"));
	assert_false(redirect_target_ok("/%5Cevil.example"));             /* encoded backslash */
	assert_false(redirect_target_ok("/%5cevil.example"));
	assert_false(redirect_target_ok("/\t/evil.example/"));            /* raw tab: browsers drop it */
	assert_false(redirect_target_ok("/%09/evil.example/"));           /* encoded tab */
	assert_false(redirect_target_ok("/\r\n/evil.example/"));
	assert_false(redirect_target_ok("/%0d%0a/evil.example/"));
	assert_false(redirect_target_ok("/%0D%0ASet-Cookie:x=1"));        /* header splitting */
	assert_false(redirect_target_ok("/\x01/evil.example"));
	assert_false(redirect_target_ok("/%00/evil.example"));
	assert_false(redirect_target_ok("/%7F/evil.example"));
	assert_false(redirect_target_ok("/%2F%2Fevil.example"));          /* encoded "//" */
	assert_false(redirect_target_ok("/%2f%2fevil.example"));
	assert_false(redirect_target_ok("/%2Fevil.example"));
	assert_false(redirect_target_ok("/%252F%252Fevil.example"));      /* double encoding */
	assert_false(redirect_target_ok("/a//evil.example"));
	assert_false(redirect_target_ok("/../evil.example"));             /* dot segments */
	assert_false(redirect_target_ok("/./x"));
	assert_false(redirect_target_ok("/x/.."));
	assert_false(redirect_target_ok("/%2E%2E/x"));
	assert_false(redirect_target_ok("/ /evil.example"));
	assert_false(redirect_target_ok("/\xe3\x80\x80/evil"));          /* non-ASCII (ideographic space) */
	assert_false(redirect_target_ok("/%zz"));                         /* malformed escapes */
	assert_false(redirect_target_ok("/%4"));
	assert_false(redirect_target_ok("/%"));
	assert_false(redirect_target_ok("/x?a=%0a"));                     /* encoded controls anywhere */
	assert_false(redirect_target_ok("/%40evil.example"));             /* encoded '@' and ':' in the path */
	assert_false(redirect_target_ok("/%3A%2F%2Fevil.example"));
	memset(longpath, 'a', sizeof longpath - 1);
	longpath[0] = '/';
	longpath[sizeof longpath - 1] = '\0';
	assert_false(redirect_target_ok(longpath));
}

static void test_resp_redirect_falls_back_home(void **state)
{
	struct resp rs;

	(void)state;
	memset(&rs, 0, sizeof rs);
	resp_reset(&rs);
	resp_redirect(&rs, "/%09/evil.example/");
	assert_int_equal(rs.status, 303);
	assert_non_null(strstr(rs.headers.data, "Location: /\r\n"));
	resp_reset(&rs);
	resp_redirect(&rs, "/customers/7");
	assert_non_null(strstr(rs.headers.data, "Location: /customers/7\r\n"));
	resp_free(&rs);
}

static void test_origin(void **state)
{
	const char *conf = "http://127.0.0.1:8080 http://localhost:8080";

	(void)state;
	/* neither header: the token decides */
	assert_true(origin_allowed(conf, 0, "127.0.0.1:8080", "", ""));
	assert_true(origin_allowed(conf, 0, "127.0.0.1:8080", NULL, NULL));
	/* Origin names ours / another */
	assert_true(origin_allowed(conf, 0, "x", "http://127.0.0.1:8080", ""));
	assert_true(origin_allowed(conf, 0, "x", "http://localhost:8080", ""));
	assert_true(origin_allowed(conf, 0, "x", "HTTP://LOCALHOST:8080", ""));
	assert_false(origin_allowed(conf, 0, "127.0.0.1:8080", "http://evil.example", ""));
	assert_false(origin_allowed(conf, 0, "127.0.0.1:8080", "http://127.0.0.1:8081", ""));
	assert_false(origin_allowed(conf, 0, "127.0.0.1:8080", "https://127.0.0.1:8080", ""));
	assert_false(origin_allowed(conf, 0, "127.0.0.1:8080", "null", ""));
	assert_false(origin_allowed(conf, 0, "127.0.0.1:8080", "http://127.0.0.1:8080.evil.example", ""));
	assert_false(origin_allowed(conf, 0, "127.0.0.1:8080", "http://127.0.0.1:8080/x", ""));
	/* Origin wins over Referer */
	assert_false(origin_allowed(conf, 0, "x", "http://evil.example", "http://127.0.0.1:8080/login"));
	/* without Origin, the Referer's origin */
	assert_true(origin_allowed(conf, 0, "x", "", "http://127.0.0.1:8080/customers/1/edit?x=1"));
	assert_true(origin_allowed(conf, 0, "x", "", "http://127.0.0.1:8080"));
	assert_false(origin_allowed(conf, 0, "x", "", "http://evil.example/http://127.0.0.1:8080/"));
	assert_false(origin_allowed(conf, 0, "x", "", "http://127.0.0.1:8080@evil.example/"));
	assert_false(origin_allowed(conf, 0, "x", "", "garbage"));
	/* behind TLS the configured origin is https */
	assert_true(origin_allowed("https://parley.example.com", 1, "x", "https://parley.example.com", ""));
	assert_false(origin_allowed("https://parley.example.com", 1, "x", "http://parley.example.com", ""));
	/* not configured: this request's scheme and Host */
	assert_true(origin_allowed(NULL, 0, "127.0.0.1:18080", "http://127.0.0.1:18080", ""));
	assert_false(origin_allowed(NULL, 1, "127.0.0.1:18080", "http://127.0.0.1:18080", ""));
	assert_false(origin_allowed("", 0, "127.0.0.1:18080", "http://evil.example", ""));
	assert_false(origin_allowed(NULL, 0, "", "http://127.0.0.1:18080", ""));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_local_paths_pass),
		cmocka_unit_test(test_other_origins_refused),
		cmocka_unit_test(test_resp_redirect_falls_back_home),
		cmocka_unit_test(test_origin),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
