/* libFuzzer target for template rendering with hostile HDF values: real templates (login, error page)
 * and a probe of every output context (text, attribute, URL query, each loop), set up the way
 * src/view/view.c does it (Config.VarEscapeMode = html before cs_init, the language files as Lang).
 * The input becomes the value of every user-controlled name. Escaping works when the markup does not
 * change: the number of '<', '>', '"' and '\'' in the output is the same as with a plain value. */
#include <glob.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ClearSilver.h>

#define CHECK(cond)                                                                        \
	do {                                                                               \
		if (!(cond)) {                                                             \
			fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #cond); \
			abort();                                                           \
		}                                                                          \
	} while (0)

static const char probe[] =
	"<p><?cs var:Probe.text ?></p><a href=\"/customers?q=<?cs var:Probe.text ?>\" "
	"title='<?cs var:Probe.text ?>' data-x=\"<?cs var:Probe.text ?>\">x</a>"
	"<ul><?cs each:i = Probe.list ?><li class=\"<?cs var:i.kind ?>\"><?cs var:i.name ?></li><?cs /each ?></ul>"
	"<textarea><?cs var:Probe.text ?></textarea>";

/* The names a page fills from user data, per template. */
static const char *const names[] = {
	"Form.values.username", "Form.message", "Form.values.next", "Form.error", "Error.title", "Page.flash",
	"Page.path", "User.name", "User.role_label",
	"Probe.text", "Probe.list.0.name", "Probe.list.0.kind", "Probe.list.1.name", "Probe.list.1.kind",
};
static const char *const templates[] = { "login/login.cs", "errors/error.cs", NULL /* the probe */ };

struct out {
	char *s;
	size_t n, cap;
};

static NEOERR *collect(void *ctx, char *s)
{
	struct out *o = ctx;
	size_t n = strlen(s);

	if (o->n + n + 1 > o->cap) {
		size_t cap = (o->n + n + 1) * 2;
		char *p = realloc(o->s, cap);
		if (!p)
			return nerr_raise(NERR_NOMEM, "out of memory");
		o->s = p;
		o->cap = cap;
	}
	memcpy(o->s + o->n, s, n + 1);
	o->n += n;
	return STATUS_OK;
}

static HDF *lang;
static char dir[1024];

static int setup(void)
{
	const char *root = getenv("PARLEY_ROOT");
	char path[1100];
	glob_t g;
	size_t i;

	snprintf(dir, sizeof dir, "%s/templates", root ? root : ".");
	snprintf(path, sizeof path, "%s/lang/en.hdf", dir);
	if (hdf_init(&lang) != STATUS_OK || hdf_read_file(lang, path) != STATUS_OK)
		return -1;
	snprintf(path, sizeof path, "%s/lang/en/*.hdf", dir);
	if (glob(path, 0, NULL, &g) == 0) {
		for (i = 0; i < g.gl_pathc; i++)
			if (hdf_read_file(lang, g.gl_pathv[i]) != STATUS_OK)
				return -1;
		globfree(&g);
	}
	return 0;
}

/* Renders template t (NULL: the probe) with value v in every name; the counts of markup characters. */
static int render(const char *t, const char *v, long counts[4])
{
	HDF *hdf = NULL;
	CSPARSE *cs = NULL;
	struct out o = { 0 };
	NEOERR *err;
	char path[1100];
	size_t i;

	err = hdf_init(&hdf);
	if (err == STATUS_OK)
		err = hdf_set_value(hdf, "Config.VarEscapeMode", "html");
	if (err == STATUS_OK)
		err = hdf_set_value(hdf, "hdf.loadpaths.0", dir);
	if (err == STATUS_OK)
		err = hdf_copy(hdf, "Lang", lang);
	if (err == STATUS_OK)
		err = hdf_set_value(hdf, "Page.csrf", "tok");
	for (i = 0; err == STATUS_OK && i < sizeof names / sizeof *names; i++)
		err = hdf_set_value(hdf, names[i], v);
	if (err == STATUS_OK)
		err = cs_init(&cs, hdf);
	if (err == STATUS_OK)
		err = cgi_register_strfuncs(cs);
	if (err == STATUS_OK && t) {
		snprintf(path, sizeof path, "%s/%s", dir, t);
		err = cs_parse_file(cs, path);
	} else if (err == STATUS_OK) {
		char *copy = strdup(probe);   /* cs_parse_string takes ownership */
		err = copy ? cs_parse_string(cs, copy, strlen(copy)) : nerr_raise(NERR_NOMEM, "strdup");
	}
	if (err == STATUS_OK)
		err = cs_render(cs, &o, collect);
	cs_destroy(&cs);
	hdf_destroy(&hdf);
	memset(counts, 0, 4 * sizeof *counts);
	for (i = 0; o.s && i < o.n; i++) {
		counts[0] += o.s[i] == '<';
		counts[1] += o.s[i] == '>';
		counts[2] += o.s[i] == '"';
		counts[3] += o.s[i] == '\'';
	}
	free(o.s);
	if (err != STATUS_OK) {
		nerr_ignore(&err);
		return -1;
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static long base[3][4];
	static int ready;
	long got[4];
	char *v;
	size_t i;

	if (!ready) {
		CHECK(nerr_init() == STATUS_OK && setup() == 0);
		for (i = 0; i < 3; i++)
			CHECK(render(templates[i], "plain", base[i]) == 0);
		ready = 1;
	}
	/* a value the template tests as non-empty, like the plain one: "x" + input, without NULs */
	v = malloc(size + 2);
	if (!v)
		return 0;
	v[0] = 'x';
	memcpy(v + 1, data, size);
	v[size + 1] = '\0';
	for (i = 0; i < 3; i++) {
		CHECK(render(templates[i], v, got) == 0);
		CHECK(!memcmp(got, base[i], sizeof got));
	}
	free(v);
	return 0;
}
