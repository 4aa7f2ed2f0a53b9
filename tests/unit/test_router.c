/* Route matching and the dispatcher's decisions that need no database (404, 405, security headers). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "app.h"
#include "http/router.h"
#include "view/view.h"

static void test_match_literal(void **state)
{
	long long ids[HTTP_MAX_IDS];
	int n;

	(void)state;
	assert_true(route_match("/login", "/login", ids, &n));
	assert_int_equal(n, 0);
	assert_false(route_match("/login", "/login/", ids, &n));
	assert_false(route_match("/login", "/logi", ids, &n));
	assert_false(route_match("/login", "/loginx", ids, &n));
	assert_true(route_match("/", "/", ids, &n));
	assert_false(route_match("/", "/x", ids, &n));
	assert_false(route_match("/admin/users", "/admin", ids, &n));
}

static void test_match_ids(void **state)
{
	long long ids[HTTP_MAX_IDS];
	int n;

	(void)state;
	assert_true(route_match("/admin/users/:id/edit", "/admin/users/42/edit", ids, &n));
	assert_int_equal(n, 1);
	assert_int_equal(ids[0], 42);
	assert_false(route_match("/admin/users/:id/edit", "/admin/users/0/edit", ids, &n));
	assert_false(route_match("/admin/users/:id/edit", "/admin/users/-1/edit", ids, &n));
	assert_false(route_match("/admin/users/:id/edit", "/admin/users/4a/edit", ids, &n));
	assert_false(route_match("/admin/users/:id/edit", "/admin/users//edit", ids, &n));
	assert_false(route_match("/admin/users/:id", "/admin/users/new", ids, &n));
	assert_false(route_match("/admin/users/:id", "/admin/users/99999999999999999999999", ids, &n));
	assert_true(route_match("/a/:id/b/:id", "/a/7/b/9", ids, &n));
	assert_int_equal(n, 2);
	assert_int_equal(ids[1], 9);
}

/* Every route in the real table names a capability and POSTs check CSRF. */
static void test_table_is_deny_by_default(void **state)
{
	size_t i, k, nt, total = 0;
	const struct route_table *t = routes_all(&nt);

	(void)state;
	assert_true(nt >= 17);   /* every page file registers its table */
	for (k = 0; k < nt; k++) {
		for (i = 0; i < t[k].n; i++) {
			const struct route *r = &t[k].routes[i];
			total++;
			assert_non_null(r->handler);
			assert_true(!strcmp(r->method, "GET") || !strcmp(r->method, "POST"));
			if (!strcmp(r->method, "POST"))
				assert_int_equal(r->csrf, CSRF_CHECK);
			if (!strncmp(r->pattern, "/admin", 6))
				assert_int_not_equal(r->cap, CAP_PUBLIC);
			if (r->cap == CAP_PUBLIC)
				assert_true(!strcmp(r->pattern, "/login") || !strcmp(r->pattern, "/healthz") ||
				            !strcmp(r->pattern, "/livez"));
		}
	}
	assert_true(total >= 80);
}

/* No two files claim the same method and path: the order of the tables must not matter. */
static void test_tables_do_not_overlap(void **state)
{
	size_t nt, a, b, i, j;
	const struct route_table *t = routes_all(&nt);

	(void)state;
	for (a = 0; a < nt; a++)
		for (i = 0; i < t[a].n; i++)
			for (b = a; b < nt; b++)
				for (j = b == a ? i + 1 : 0; j < t[b].n; j++)
					assert_false(!strcmp(t[a].routes[i].method, t[b].routes[j].method) &&
					             !strcmp(t[a].routes[i].pattern, t[b].routes[j].pattern));
}

struct params {
	const char *method, *uri, *ctype, *origin;
};

static const char *get_param(void *ctx, const char *name)
{
	struct params *p = ctx;

	if (!strcmp(name, "REQUEST_METHOD"))
		return p->method;
	if (!strcmp(name, "REQUEST_URI"))
		return p->uri;
	if (!strcmp(name, "CONTENT_TYPE"))
		return p->ctype;
	if (!strcmp(name, "REMOTE_ADDR"))
		return "127.0.0.1";
	if (!strcmp(name, "HTTP_ORIGIN"))
		return p->origin;
	if (!strcmp(name, "HTTP_HOST"))
		return "127.0.0.1:8080";
	return NULL;
}

static struct app app;

static int setup(void **state)
{
	char dir[1024];
	const char *root = getenv("PARLEY_ROOT");

	(void)state;
	snprintf(dir, sizeof dir, "%s/templates", root ? root : ".");
	return view_cache_open(dir, &app.views);
}

static int teardown(void **state)
{
	(void)state;
	view_cache_close(&app.views);
	return 0;
}

static int run_from(const char *method, const char *uri, const char *origin, struct resp *rs)
{
	struct params p = { method, uri, !strcmp(method, "POST") ? "application/x-www-form-urlencoded" : NULL, origin };
	struct req rq;
	int status;

	memset(&rq, 0, sizeof rq);
	memset(rs, 0, sizeof *rs);
	rq.app = &app;
	resp_reset(rs);
	status = req_parse(&rq, get_param, &p, "a=1", 3);
	if (status)
		resp_error(rs, &rq, status);
	else
		dispatch_all(&rq, rs);
	req_reset(&rq);
	return rs->status;
}

static int run(const char *method, const char *uri, struct resp *rs)
{
	return run_from(method, uri, NULL, rs);
}

static void test_dispatch_404_405(void **state)
{
	struct resp rs;
	struct buf head = { 0 };

	(void)state;
	assert_int_equal(run("GET", "/no/such/page", &rs), 404);
	assert_non_null(strstr(rs.body.data, "404"));
	assert_non_null(strstr(rs.body.data, "lang=\"zh-CN\""));
	resp_free(&rs);

	assert_int_equal(run("GET", "/no/such/page?lang=en", &rs), 404);
	assert_non_null(strstr(rs.body.data, "Page not found"));
	resp_free(&rs);

	assert_int_equal(run("PUT", "/login", &rs), 405);
	assert_non_null(strstr(rs.headers.data, "Allow: GET, HEAD, POST\r\n"));
	assert_int_equal(resp_head(&rs, &head), 0);
	assert_non_null(strstr(head.data, "Status: 405 Method Not Allowed\r\n"));
	assert_non_null(strstr(head.data, "X-Content-Type-Options: nosniff\r\n"));
	assert_non_null(strstr(head.data, "X-Frame-Options: DENY\r\n"));
	assert_non_null(strstr(head.data, "Content-Security-Policy: default-src 'self'"));
	assert_null(strstr(head.data, "unsafe-inline"));
	buf_free(&head);
	resp_free(&rs);

	assert_int_equal(run("POST", "/healthz", &rs), 405);
	resp_free(&rs);
}

/* HEAD answers every GET route with the GET's status and headers (main.c sends no body). */
static void test_dispatch_head(void **state)
{
	struct resp rs, get;
	struct buf h1 = { 0 }, h2 = { 0 };
	size_t i, t, nt;
	const struct route_table *tables = routes_all(&nt);

	(void)state;
	assert_int_equal(run("HEAD", "/no/such/page", &rs), 404);
	resp_free(&rs);
	assert_int_equal(run("HEAD", "/logout", &rs), 405);   /* a POST-only path */
	assert_non_null(strstr(rs.headers.data, "Allow: POST\r\n"));
	resp_free(&rs);
	assert_int_equal(run("GET", "/login", &get), 200);
	assert_int_equal(run("HEAD", "/login", &rs), 200);
	assert_string_equal(rs.content_type, get.content_type);
	assert_int_equal(resp_head(&rs, &h1), 0);
	assert_int_equal(resp_head(&get, &h2), 0);
	assert_non_null(strstr(h1.data, "Status: 200 OK\r\n"));
	assert_non_null(strstr(h1.data, "Set-Cookie: parley_pre="));
	buf_free(&h1);
	buf_free(&h2);
	resp_free(&rs);
	resp_free(&get);
	/* every GET route of the table is reached by HEAD (signed out: the login redirect, or the page) */
	for (t = 0; t < nt; t++) {
		for (i = 0; i < tables[t].n; i++) {
			const struct route *r = &tables[t].routes[i];
			char uri[256];
			size_t k = 0;
			const char *p;
			if (strcmp(r->method, "GET"))
				continue;
			for (p = r->pattern; *p && k + 2 < sizeof uri; p++) {
				if (!strncmp(p, ":id", 3)) {
					uri[k++] = '1';
					p += 2;
				} else {
					uri[k++] = *p;
				}
			}
			uri[k] = '\0';
			if (r->cap == CAP_PUBLIC)
				continue;   /* /healthz needs the database */
			assert_int_equal(run("HEAD", uri, &rs), 303);
			resp_free(&rs);
		}
	}
}

/* A POST that names another origin is refused before anything else, whatever its token. */
static void test_dispatch_foreign_origin(void **state)
{
	struct resp rs;

	(void)state;
	app.cfg.origin = "http://127.0.0.1:8080";
	assert_int_equal(run_from("POST", "/login", "http://evil.example", &rs), 403);
	resp_free(&rs);
	assert_int_equal(run_from("POST", "/login", "null", &rs), 403);
	resp_free(&rs);
	/* ours, or no header: on to the token check (no pre-session cookie here: 403 from CSRF) */
	assert_int_equal(run_from("POST", "/login", "http://127.0.0.1:8080", &rs), 403);
	resp_free(&rs);
	/* GET is never refused for its Origin */
	assert_int_equal(run_from("GET", "/login", "http://evil.example", &rs), 200);
	resp_free(&rs);
	app.cfg.origin = NULL;
}

static void test_dispatch_bad_paths(void **state)
{
	struct resp rs;

	(void)state;
	assert_int_equal(run("GET", "/admin/../login", &rs), 400);
	resp_free(&rs);
	assert_int_equal(run("GET", "/%61dmin", &rs), 400);
	resp_free(&rs);
	assert_int_equal(run("GET", "/login?a=%zz", &rs), 400);
	resp_free(&rs);
	assert_int_equal(run("GET", "relative", &rs), 400);
	resp_free(&rs);
}

/* The worker reuses one HDF per language: a request's data must be gone when the next one starts. */
static void test_view_state_does_not_leak(void **state)
{
	struct req a, b;
	struct resp rs;

	(void)state;
	memset(&a, 0, sizeof a);
	memset(&b, 0, sizeof b);
	a.app = b.app = &app;
	snprintf(a.lang, sizeof a.lang, "en");
	snprintf(b.lang, sizeof b.lang, "en");
	assert_int_equal(view_set(&a, "Customer.budget", "CANARY-731942658"), 0);
	assert_int_equal(view_set(&a, "Form.errors.name", "x"), 0);
	memset(&rs, 0, sizeof rs);
	resp_reset(&rs);
	assert_int_equal(view_render_error(&a, &rs, 404), 0);
	assert_non_null(strstr(rs.body.data, "Page not found"));
	req_reset(&a);
	assert_null(view_get(&b, "Customer.budget"));
	assert_null(view_get(&b, "Form.errors.name"));
	assert_null(view_get(&b, "Error.status"));
	assert_string_equal(view_str(&b, "login.title"), "Sign in");
	resp_reset(&rs);
	assert_int_equal(view_render_error(&b, &rs, 403), 0);
	assert_null(strstr(rs.body.data, "CANARY"));
	assert_null(strstr(rs.body.data, "Page not found"));
	req_reset(&b);
	resp_free(&rs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_match_literal),
		cmocka_unit_test(test_match_ids),
		cmocka_unit_test(test_table_is_deny_by_default),
		cmocka_unit_test(test_tables_do_not_overlap),
		cmocka_unit_test(test_dispatch_404_405),
		cmocka_unit_test(test_dispatch_head),
		cmocka_unit_test(test_dispatch_foreign_origin),
		cmocka_unit_test(test_dispatch_bad_paths),
		cmocka_unit_test(test_view_state_does_not_leak),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
