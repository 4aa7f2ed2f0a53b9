/* Template golden tests: fixture HDF + template → expected HTML (tests/golden/NAME.{hdf,html}).
 * PARLEY_UPDATE_GOLDEN=1 rewrites the expected files after a deliberate template change. Also checks
 * that autoescaping is on for every value, the escaping choke point of the whole application. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <ClearSilver.h>

#include "util/buf.h"
#include "view/view.h"

static char root[1024];

static HDF *fixture(const char *name, const char *lang)
{
	char path[1200];
	HDF *hdf = NULL, *l = NULL;

	assert_int_equal(hdf_init(&hdf), STATUS_OK);
	assert_int_equal(hdf_set_value(hdf, "Config.VarEscapeMode", "html"), STATUS_OK);
	snprintf(path, sizeof path, "%s/templates", root);
	assert_int_equal(hdf_set_value(hdf, "hdf.loadpaths.0", path), STATUS_OK);
	snprintf(path, sizeof path, "%s/templates", root);
	assert_int_equal(view_load_lang(path, lang, &l), 0);
	assert_int_equal(hdf_copy(hdf, "Lang", l), STATUS_OK);
	hdf_destroy(&l);
	snprintf(path, sizeof path, "%s/tests/golden/%s.hdf", root, name);
	assert_int_equal(hdf_read_file(hdf, path), STATUS_OK);
	return hdf;
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	struct buf b = { 0 };
	char chunk[4096];
	size_t n;

	if (!f)
		return NULL;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_append(&b, chunk, n);
	fclose(f);
	return buf_detach(&b);
}

static void golden(const char *name, const char *lang, const char *tmpl)
{
	char dir[1200], path[1200];
	struct buf out = { 0 };
	HDF *hdf = fixture(name, lang);
	char *want;

	snprintf(dir, sizeof dir, "%s/templates", root);
	assert_int_equal(view_render_hdf(hdf, dir, tmpl, &out), 0);
	hdf_destroy(&hdf);
	snprintf(path, sizeof path, "%s/tests/golden/%s.html", root, name);
	if (getenv("PARLEY_UPDATE_GOLDEN")) {
		FILE *f = fopen(path, "wb");
		assert_non_null(f);
		fwrite(out.data, 1, out.len, f);
		fclose(f);
	}
	want = slurp(path);
	assert_non_null(want);
	if (strcmp(want, out.data))
		fprintf(stderr, "golden %s differs; got:\n%s\n", name, out.data);
	assert_string_equal(want, out.data);
	/* No fixture value may come out raw. */
	assert_null(strstr(out.data, "<script>alert"));
	assert_null(strstr(out.data, "\"><img"));
	free(want);
	buf_free(&out);
}

static void test_login_zh(void **state)
{
	(void)state;
	golden("login_zh", "zh-CN", "login/login.cs");
}

static void test_home_en(void **state)
{
	(void)state;
	golden("home_en", "en", "home/home.cs");
}

static void test_users_zh(void **state)
{
	(void)state;
	golden("admin_users_zh", "zh-CN", "admin/users.cs");
}

static void test_user_form_errors_en(void **state)
{
	(void)state;
	golden("user_form_errors_en", "en", "admin/user_form.cs");
}

static void test_error_404_en(void **state)
{
	(void)state;
	golden("error_404_en", "en", "errors/error.cs");
}

/* The escaping choke point itself: VarEscapeMode=html set before cs_init escapes every var. */
static void test_autoescape(void **state)
{
	char dir[1200];
	struct buf out = { 0 };
	HDF *hdf = fixture("home_en", "en");

	(void)state;
	snprintf(dir, sizeof dir, "%s/templates", root);
	assert_int_equal(hdf_set_value(hdf, "User.name", "<b onmouseover=\"x\">&'"), STATUS_OK);
	assert_int_equal(view_render_hdf(hdf, dir, "home/home.cs", &out), 0);
	assert_null(strstr(out.data, "<b onmouseover"));
	assert_non_null(strstr(out.data, "&lt;b onmouseover=&quot;x&quot;&gt;&amp;&#39;"));
	hdf_destroy(&hdf);
	buf_free(&out);
}

int main(void)
{
	const char *r = getenv("PARLEY_ROOT");
	NEOERR *err = nerr_init();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_login_zh),
		cmocka_unit_test(test_home_en),
		cmocka_unit_test(test_users_zh),
		cmocka_unit_test(test_user_form_errors_en),
		cmocka_unit_test(test_error_404_en),
		cmocka_unit_test(test_autoescape),
	};

	nerr_ignore(&err);
	snprintf(root, sizeof root, "%s", r ? r : ".");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
