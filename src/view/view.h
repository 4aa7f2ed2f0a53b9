/* ClearSilver glue. All HTML comes from templates rendered with VarEscapeMode=html;
 * user data reaches a template only as an HDF value under a name we build ourselves. */
#ifndef PARLEY_VIEW_H
#define PARLEY_VIEW_H

#include "http/http.h"

struct view_cache;

int view_cache_open(const char *templates_dir, struct view_cache **out);
void view_cache_close(struct view_cache **vc);
/* All strings of one language: lang/NAME.hdf plus the .hdf files in lang/NAME/ (one per feature). */
int view_load_lang(const char *templates_dir, const char *name, struct _hdf **out);

/* The request's page data: created on first use with Config.VarEscapeMode=html, the
 * language strings under Lang.* and the common Page.* / User.* values. NULL on failure. */
struct _hdf *view_hdf(struct req *rq);
void view_free_hdf(struct req *rq);

/* name must be a constant or built from integers by the caller: never from user data. */
int view_set(struct req *rq, const char *name, const char *value);
int view_set_int(struct req *rq, const char *name, long long v);
int view_setf(struct req *rq, const char *value, const char *name_fmt, ...) __attribute__((format(printf, 3, 4)));
/* A value already set on the page, or NULL. */
const char *view_get(struct req *rq, const char *name);
/* A string from the language files ("err.login_failed"); the key itself when missing, so gaps show. */
const char *view_str(struct req *rq, const char *key);
/* Copies the submitted form fields named in fields[] to Form.values.* so a form re-renders with
 * what the user typed. */
int view_keep_form(struct req *rq, const char *const *fields);
/* Form.error / Form.errors.<field>, from language keys. */
int view_form_error(struct req *rq, const char *field, const char *lang_key);
/* A one-shot message shown on the next page (cookie holds only a key from Lang.flash). */
void view_flash(struct req *rq, struct resp *rs, const char *flash_key);

/* Renders templates_dir/tmpl into rs->body. On failure rs->body is discarded and -1 returned. */
int view_render(struct req *rq, struct resp *rs, const char *tmpl);
int view_render_error(struct req *rq, struct resp *rs, int status);
/* Renders with an HDF the caller built (golden tests). */
int view_render_hdf(struct _hdf *hdf, const char *templates_dir, const char *tmpl, struct buf *out);

#endif
