/* Rendering. Each worker keeps, per language, one HDF with the language strings and the
 * configuration, and the templates parsed against it. A request's data lives in an HDF of its own,
 * created for it and destroyed after it, so nothing survives into the next request; while a
 * template renders, that HDF is the parse's data and the worker's strings are its fallback
 * (ClearSilver's global_hdf), so the strings are neither re-read nor copied per request.
 * Output is rendered into a buffer and sent only when rendering succeeded. */
#include "view/view.h"

#include <glob.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ClearSilver.h>

#include "app.h"
#include "export/lists.h"
#include "util/buf.h"
#include "util/log.h"

struct cached_tmpl {
	char *name;
	CSPARSE *cs;
};

struct view_lang {
	HDF *hdf;                 /* Config, hdf.loadpaths, Lang: shared by every request of the worker */
	struct cached_tmpl *tmpls;
	size_t ntmpls, cap;
};

enum { LANG_ZH, LANG_EN, LANG__N };

struct view_cache {
	char *dir;
	struct view_lang langs[LANG__N];
};

static void log_nerr(const char *what, NEOERR *err)
{
	STRING s;

	string_init(&s);
	nerr_error_traceback(err, &s);
	log_err("%s: %s", what, s.buf ? s.buf : "?");
	string_clear(&s);
	nerr_ignore(&err);
}

/* lang/NAME.hdf, then every .hdf file in lang/NAME/ (one per feature), in name order. */
int view_load_lang(const char *dir, const char *name, HDF **out)
{
	char path[1024];
	glob_t g;
	NEOERR *err;
	size_t i;
	int grc;

	snprintf(path, sizeof path, "%s/lang/%s.hdf", dir, name);
	err = hdf_init(out);
	if (err == STATUS_OK)
		err = hdf_read_file(*out, path);
	if (err != STATUS_OK)
		goto fail;
	snprintf(path, sizeof path, "%s/lang/%s/*.hdf", dir, name);
	grc = glob(path, 0, NULL, &g);
	if (grc != 0 && grc != GLOB_NOMATCH) {
		log_err("cannot list %s", path);
		hdf_destroy(out);
		return -1;
	}
	for (i = 0; grc == 0 && i < g.gl_pathc && err == STATUS_OK; i++) {
		snprintf(path, sizeof path, "%s", g.gl_pathv[i]);
		err = hdf_read_file(*out, path);
	}
	if (grc == 0)
		globfree(&g);
	if (err != STATUS_OK)
		goto fail;
	return 0;
fail:
	log_nerr(path, err);
	hdf_destroy(out);
	return -1;
}

static int open_lang(const char *dir, const char *name, struct view_lang *vl)
{
	HDF *strings = NULL;
	NEOERR *err;

	if (view_load_lang(dir, name, &strings) < 0)
		return -1;
	err = hdf_init(&vl->hdf);
	/* Must precede cs_init, or autoescaping silently stays off (STACK-NOTES). */
	if (err == STATUS_OK)
		err = hdf_set_value(vl->hdf, "Config.VarEscapeMode", "html");
	if (err == STATUS_OK)
		err = hdf_set_value(vl->hdf, "hdf.loadpaths.0", dir);
	if (err == STATUS_OK)
		err = hdf_copy(vl->hdf, "Lang", strings);
	hdf_destroy(&strings);
	if (err != STATUS_OK) {
		log_nerr(name, err);
		return -1;
	}
	return 0;
}

static void close_lang(struct view_lang *vl)
{
	size_t i;

	for (i = 0; i < vl->ntmpls; i++) {
		cs_destroy(&vl->tmpls[i].cs);
		free(vl->tmpls[i].name);
	}
	free(vl->tmpls);
	if (vl->hdf)
		hdf_destroy(&vl->hdf);
	memset(vl, 0, sizeof *vl);
}

int view_cache_open(const char *templates_dir, struct view_cache **out)
{
	struct view_cache *vc = calloc(1, sizeof *vc);

	*out = NULL;
	if (!vc)
		return -1;
	vc->dir = strdup(templates_dir);
	if (!vc->dir || open_lang(templates_dir, "zh-CN", &vc->langs[LANG_ZH]) < 0 ||
	    open_lang(templates_dir, "en", &vc->langs[LANG_EN]) < 0) {
		view_cache_close(&vc);
		return -1;
	}
	*out = vc;
	return 0;
}

void view_cache_close(struct view_cache **vcp)
{
	struct view_cache *vc;
	int i;

	if (!vcp || !*vcp)
		return;
	vc = *vcp;
	for (i = 0; i < LANG__N; i++)
		close_lang(&vc->langs[i]);
	free(vc->dir);
	free(vc);
	*vcp = NULL;
}

static struct view_lang *req_lang(struct req *rq)
{
	return &rq->app->views->langs[strcmp(rq->lang, "en") ? LANG_ZH : LANG_EN];
}

/* The request's query string as the list's Export control posts it: the pairs some list declares as
 * filters and that fit them, re-encoded (the export reads them again through the list's table). */
static NEOERR *set_query(struct req *rq, HDF *hdf)
{
	static const char hex[] = "0123456789ABCDEF";
	struct buf b = { 0 };
	size_t i, k;
	int rc = 0;
	NEOERR *err;

	for (i = 0; i < rq->query.n; i++) {
		const struct kv *p = &rq->query.items[i];
		const char *parts[2] = { p->name, p->value };
		size_t lens[2] = { strlen(p->name), p->value_len };
		int j;
		if (!list_param_kept(p->name, p->value))
			continue;   /* a cursor, or a value the list drops too */
		for (j = 0; j < 2; j++) {
			rc |= buf_puts(&b, j ? "=" : b.len ? "&" : "");
			for (k = 0; k < lens[j]; k++) {
				unsigned char c = (unsigned char)parts[j][k];
				if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || strchr("-_.~", c))
					rc |= buf_printf(&b, "%c", c);
				else
					rc |= buf_printf(&b, "%%%c%c", hex[c >> 4], hex[c & 15]);
			}
		}
	}
	err = rc ? nerr_raise(NERR_NOMEM, "query") : hdf_set_value(hdf, "Page.query", b.data ? b.data : "");
	buf_free(&b);
	return err;
}

static int set_common(struct req *rq, HDF *hdf)
{
	const char *role_key;
	char key[64];
	NEOERR *err = STATUS_OK;

	err = hdf_set_value(hdf, "Page.lang", rq->lang);
	if (err == STATUS_OK)
		err = hdf_set_value(hdf, "Page.path", rq->path);
	if (err == STATUS_OK && rq->csrf_token[0])
		err = hdf_set_value(hdf, "Page.csrf", rq->csrf_token);
	if (err == STATUS_OK)
		err = set_query(rq, hdf);
	if (err == STATUS_OK && rq->logged_in) {
		err = hdf_set_value(hdf, "User.name", rq->user.display_name);
		if (err == STATUS_OK)
			err = hdf_set_value(hdf, "User.username", rq->user.username);
		if (err == STATUS_OK)
			err = hdf_set_value(hdf, "User.role", role_name(rq->user.role));
		snprintf(key, sizeof key, "Lang.role.%s", role_name(rq->user.role));
		role_key = hdf_get_value(req_lang(rq)->hdf, key, "");
		if (err == STATUS_OK)
			err = hdf_set_value(hdf, "User.role_label", role_key);
		if (err == STATUS_OK && role_has_cap(rq->user.role, CAP_ADMIN))
			err = hdf_set_value(hdf, "Nav.admin", "1");
		if (err == STATUS_OK && role_has_cap(rq->user.role, CAP_SALES))
			err = hdf_set_value(hdf, "Nav.sales", "1");
	}
	if (err != STATUS_OK) {
		log_nerr("view", err);
		return -1;
	}
	return 0;
}

struct _hdf *view_hdf(struct req *rq)
{
	HDF *hdf = NULL;
	NEOERR *err;

	if (rq->hdf)
		return rq->hdf;
	if (!rq->app || !rq->app->views)
		return NULL;
	err = hdf_init(&hdf);
	if (err != STATUS_OK) {
		log_nerr("view", err);
		return NULL;
	}
	rq->hdf = hdf;
	if (set_common(rq, hdf) < 0) {
		view_free_hdf(rq);
		return NULL;
	}
	return hdf;
}

void view_free_hdf(struct req *rq)
{
	HDF *hdf = rq->hdf;

	if (hdf)
		hdf_destroy(&hdf);
	rq->hdf = NULL;
}

int view_set(struct req *rq, const char *name, const char *value)
{
	HDF *hdf = view_hdf(rq);
	NEOERR *err;

	if (!hdf)
		return -1;
	err = hdf_set_value(hdf, name, value ? value : "");
	if (err != STATUS_OK) {
		log_nerr("view_set", err);
		return -1;
	}
	return 0;
}

int view_set_int(struct req *rq, const char *name, long long v)
{
	char s[32];

	snprintf(s, sizeof s, "%lld", v);
	return view_set(rq, name, s);
}

int view_setf(struct req *rq, const char *value, const char *name_fmt, ...)
{
	char name[256];
	va_list ap;
	int n;

	va_start(ap, name_fmt);
	n = vsnprintf(name, sizeof name, name_fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof name)
		return -1;
	return view_set(rq, name, value);
}

const char *view_get(struct req *rq, const char *name)
{
	HDF *hdf = view_hdf(rq);

	return hdf ? hdf_get_value(hdf, name, NULL) : NULL;
}

const char *view_str(struct req *rq, const char *key)
{
	HDF *hdf = view_hdf(rq);
	char name[160];
	const char *v;

	snprintf(name, sizeof name, "Lang.%s", key);
	v = hdf ? hdf_get_value(req_lang(rq)->hdf, name, NULL) : NULL;
	if (!v)
		log_warn("missing language string %s", key);
	return v ? v : key;
}

int view_keep_form(struct req *rq, const char *const *fields)
{
	size_t i;

	for (i = 0; fields[i]; i++) {
		const char *v = req_form(rq, fields[i]);
		if (v && view_setf(rq, v, "Form.values.%s", fields[i]) < 0)
			return -1;
	}
	return 0;
}

int view_form_error(struct req *rq, const char *field, const char *lang_key)
{
	const char *msg = view_str(rq, lang_key);

	if (view_set(rq, "Form.error", view_str(rq, "form.has_errors")) < 0)
		return -1;
	if (!field)
		return view_set(rq, "Form.message", msg);
	return view_setf(rq, msg, "Form.errors.%s", field);
}

void view_flash(struct req *rq, struct resp *rs, const char *flash_key)
{
	resp_cookie(rs, rq, "parley_flash", flash_key, 60);
}

static int flash_key_ok(const char *k)
{
	size_t n = 0;

	for (; k[n]; n++)
		if (!((k[n] >= 'a' && k[n] <= 'z') || k[n] == '_'))
			return 0;
	return n > 0 && n < 40;
}

/* Shows a pending flash message once, then clears its cookie. */
static void take_flash(struct req *rq, struct resp *rs)
{
	const char *k = req_cookie(rq, "parley_flash");
	char name[80];
	HDF *hdf;
	const char *msg;

	if (!k)
		return;
	resp_cookie(rs, rq, "parley_flash", "", 0);
	if (!flash_key_ok(k) || !(hdf = view_hdf(rq)))
		return;
	snprintf(name, sizeof name, "Lang.flash.%s", k);
	msg = hdf_get_value(req_lang(rq)->hdf, name, NULL);
	if (msg)
		view_set(rq, "Page.flash", msg);
}

static NEOERR *render_cb(void *ctx, char *s)
{
	if (buf_puts(ctx, s) < 0)
		return nerr_raise(NERR_NOMEM, "out of memory");
	return STATUS_OK;
}

int view_render_hdf(struct _hdf *hdf, const char *templates_dir, const char *tmpl, struct buf *out)
{
	CSPARSE *cs = NULL;
	NEOERR *err;
	char path[1024];

	snprintf(path, sizeof path, "%s/%s", templates_dir, tmpl);
	err = cs_init(&cs, hdf);
	if (err == STATUS_OK)
		err = cgi_register_strfuncs(cs);
	if (err == STATUS_OK)
		err = cs_parse_file(cs, path);
	if (err == STATUS_OK)
		err = cs_render(cs, out, render_cb);
	if (cs)
		cs_destroy(&cs);
	if (err != STATUS_OK) {
		log_nerr(tmpl, err);
		buf_reset(out);
		return -1;
	}
	return 0;
}

/* The worker's parse of tmpl for this language, parsed on first use. */
static CSPARSE *cached_parse(struct req *rq, const char *tmpl)
{
	struct view_lang *vl = req_lang(rq);
	char path[1024];
	CSPARSE *cs = NULL;
	NEOERR *err;
	size_t i;

	for (i = 0; i < vl->ntmpls; i++)
		if (!strcmp(vl->tmpls[i].name, tmpl))
			return vl->tmpls[i].cs;
	if (vl->ntmpls == vl->cap) {
		size_t cap = vl->cap ? vl->cap * 2 : 16;
		struct cached_tmpl *p = realloc(vl->tmpls, cap * sizeof *p);
		if (!p)
			return NULL;
		vl->tmpls = p;
		vl->cap = cap;
	}
	snprintf(path, sizeof path, "%s/%s", rq->app->views->dir, tmpl);
	err = cs_init(&cs, vl->hdf);
	if (err == STATUS_OK)
		err = cgi_register_strfuncs(cs);
	if (err == STATUS_OK)
		err = cs_parse_file(cs, path);
	if (err != STATUS_OK) {
		log_nerr(tmpl, err);
		if (cs)
			cs_destroy(&cs);
		return NULL;
	}
	vl->tmpls[vl->ntmpls].name = strdup(tmpl);
	if (!vl->tmpls[vl->ntmpls].name) {
		cs_destroy(&cs);
		return NULL;
	}
	vl->tmpls[vl->ntmpls++].cs = cs;
	return cs;
}

static int render_cached(struct req *rq, const char *tmpl, struct buf *out)
{
	CSPARSE *cs;
	NEOERR *err;

	HDF *data = view_hdf(rq);

	if (!data || !(cs = cached_parse(rq, tmpl)))
		return -1;
	/* The request's data first, the worker's strings behind it; put back right after. */
	cs->hdf = data;
	cs->global_hdf = req_lang(rq)->hdf;
	err = cs_render(cs, out, render_cb);
	cs->hdf = req_lang(rq)->hdf;
	cs->global_hdf = NULL;
	if (err != STATUS_OK) {
		log_nerr(tmpl, err);
		buf_reset(out);
		return -1;
	}
	return 0;
}

int view_render(struct req *rq, struct resp *rs, const char *tmpl)
{
	take_flash(rq, rs);
	if (rq->app && rq->app->layout_figures)
		rq->app->layout_figures(rq);
	buf_reset(&rs->body);
	if (render_cached(rq, tmpl, &rs->body) < 0) {
		rs->status = 500;
		return -1;
	}
	rs->content_type = "text/html; charset=utf-8";
	return 0;
}

int view_render_error(struct req *rq, struct resp *rs, int status)
{
	char key[32];

	if (!rq->app || !rq->app->views)
		return -1;
	snprintf(key, sizeof key, "error.s%d", status);
	if (view_set(rq, "Error.title", view_str(rq, key)) < 0 || view_set_int(rq, "Error.status", status) < 0)
		return -1;
	buf_reset(&rs->body);
	if (render_cached(rq, "errors/error.cs", &rs->body) < 0)
		return -1;
	rs->content_type = "text/html; charset=utf-8";
	return 0;
}
