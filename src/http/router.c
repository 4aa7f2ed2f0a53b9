/* Dispatcher: route match → session → CSRF → capability → handler. Deny by default:
 * a route without a capability does not exist, a capability not granted is a 404. */
#include "http/router.h"

#include <stdio.h>
#include <string.h>

#include "app.h"
#include "auth/session.h"
#include "auth/token.h"
#include "http/origin.h"
#include "util/clock.h"
#include "util/log.h"

static const char *ui_lang(const char *s)
{
	if (s && !strcmp(s, "en"))
		return "en";
	if (s && !strcmp(s, "zh-CN"))
		return "zh-CN";
	return NULL;
}

static void choose_lang(struct req *rq)
{
	const char *l = NULL;

	if (rq->logged_in)
		l = ui_lang(rq->user.lang);
	if (!l)
		l = ui_lang(req_query(rq, "lang"));
	if (!l)
		l = ui_lang(req_cookie(rq, "parley_lang"));
	snprintf(rq->lang, sizeof rq->lang, "%s", l ? l : "zh-CN");
}

/* Binding of the CSRF token: the session for signed-in users, the pre-session cookie otherwise. */
static int csrf_binding(const struct req *rq, char *out, size_t outsz)
{
	const char *pre;

	if (rq->logged_in) {
		snprintf(out, outsz, "s:%s", rq->sid_hash);
		return 0;
	}
	pre = req_cookie(rq, "parley_pre");
	if (!pre || strlen(pre) != 43)
		return -1;
	snprintf(out, outsz, "p:%s", pre);
	return 0;
}

void csrf_prepare_anonymous(struct req *rq, struct resp *rs)
{
	const char *pre = req_cookie(rq, "parley_pre");
	char tok[48], hash[65];

	char binding[96];

	if (rq->logged_in)
		return;
	if (pre && strlen(pre) == 43 && session_token_hash(pre, hash) == 0)
		goto token;
	if (session_token_new(tok, hash) < 0)
		return;
	resp_cookie(rs, rq, "parley_pre", tok, -1);
	/* Make the new cookie the binding for tokens on this very page. */
	kvlist_add(&rq->cookies, "parley_pre", tok, strlen(tok));
	if (kv_count(&rq->cookies, "parley_pre") > 1) {
		/* A stale duplicate would shadow ours: drop the request's cookies of that name. */
		struct kvlist keep = { 0 };
		size_t i;
		for (i = 0; i < rq->cookies.n; i++)
			if (strcmp(rq->cookies.items[i].name, "parley_pre"))
				kvlist_add(&keep, rq->cookies.items[i].name, rq->cookies.items[i].value,
				           rq->cookies.items[i].value_len);
		kvlist_add(&keep, "parley_pre", tok, strlen(tok));
		kvlist_clear(&rq->cookies);
		rq->cookies = keep;
	}
token:
	if (csrf_binding(rq, binding, sizeof binding) == 0)
		csrf_token_make(rq->app->session_key, binding, rq->csrf_token);
}

/* HEAD is a GET without the body (main.c sends none): every GET route answers it. */
static int method_fits(const char *route_method, const char *method)
{
	return !strcmp(route_method, method) || (!strcmp(method, "HEAD") && !strcmp(route_method, "GET"));
}

/* The path's login page: after sign-in the user comes back to the page they asked for. */
static void redirect_to_login(struct req *rq, struct resp *rs)
{
	static const char hex[] = "0123456789ABCDEF";
	char loc[sizeof "/login?next=" + 3 * HTTP_MAX_PATH];
	size_t k = strlen("/login?next="), i;

	memcpy(loc, "/login?next=", k);
	for (i = 0; rq->path[i] && k + 4 < sizeof loc; i++) {
		unsigned char c = (unsigned char)rq->path[i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/' ||
		    c == '-' || c == '_' || c == '.' || c == '~') {
			loc[k++] = (char)c;
		} else {
			loc[k++] = '%';
			loc[k++] = hex[c >> 4];
			loc[k++] = hex[c & 15];
		}
	}
	loc[k] = '\0';
	resp_redirect(rs, strcmp(rq->path, "/") ? loc : "/login");
}

extern const struct route_table __start_parley_routes[] __attribute__((weak));
extern const struct route_table __stop_parley_routes[] __attribute__((weak));

const struct route_table *routes_all(size_t *n)
{
	*n = __start_parley_routes ? (size_t)(__stop_parley_routes - __start_parley_routes) : 0;
	return __start_parley_routes;
}

void dispatch_all(struct req *rq, struct resp *rs)
{
	size_t nt;
	const struct route_table *t = routes_all(&nt);

	dispatch_tables(t, nt, rq, rs);
}

void dispatch(const struct route *routes, size_t n, struct req *rq, struct resp *rs)
{
	struct route_table t = { routes, n };

	dispatch_tables(&t, 1, rq, rs);
}

void dispatch_tables(const struct route_table *tables, size_t nt, struct req *rq, struct resp *rs)
{
	const struct route *r = NULL;
	int get_seen = 0, post_seen = 0, rc;
	char binding[96];
	size_t i, k;

	rq->now = clock_now(rq->app ? rq->app->cfg.clock_offset_file : NULL);
	snprintf(rq->lang, sizeof rq->lang, "zh-CN");
	/* Patterns do not overlap (":id" matches digits only), so the order of the tables is immaterial. */
	for (k = 0; k < nt && !r; k++) {
		for (i = 0; i < tables[k].n; i++) {
			const struct route *c = &tables[k].routes[i];
			if (!route_match(c->pattern, rq->path, rq->ids, &rq->nids))
				continue;
			if (!strcmp(c->method, "GET"))
				get_seen = 1;
			else
				post_seen = 1;
			if (method_fits(c->method, rq->method)) {
				r = c;
				break;
			}
		}
	}
	if (!r) {
		choose_lang(rq);
		if (get_seen || post_seen) {
			resp_error(rs, rq, 405);
			resp_header(rs, "Allow", get_seen && post_seen ? "GET, HEAD, POST" : get_seen ? "GET, HEAD" : "POST");
		} else {
			resp_error(rs, rq, 404);
		}
		return;
	}

	rc = session_load(rq, rs);
	if (rc == SESSION_DB_DOWN) {
		choose_lang(rq);
		resp_error(rs, rq, 503);
		return;
	}
	choose_lang(rq);
	if (rq->logged_in)
		rs->no_store = 1;

	if (csrf_binding(rq, binding, sizeof binding) == 0)
		csrf_token_make(rq->app->session_key, binding, rq->csrf_token);

	if (!strcmp(r->method, "POST") &&
	    !origin_allowed(rq->app->cfg.origin, rq->https, rq->host, rq->origin, rq->referer)) {
		log_err("POST %s refused: its Origin or Referer names another site", rq->path);
		resp_error(rs, rq, 403);
		return;
	}
	if (r->cap != CAP_PUBLIC && !rq->logged_in) {
		if (!strcmp(r->method, "GET"))
			redirect_to_login(rq, rs);
		else
			resp_error(rs, rq, 403);
		return;
	}
	if (r->csrf == CSRF_CHECK) {
		const char *tok = req_form(rq, "csrf_token");
		if (!rq->csrf_token[0] || !tok ||
		    csrf_token_check(rq->app->session_key, binding, tok) != 0) {
			resp_error(rs, rq, 403);
			return;
		}
	}
	if (!role_has_cap(rq->logged_in ? rq->user.role : ROLE_NONE, r->cap)) {
		resp_error(rs, rq, 404);
		return;
	}
	if (r->handler(rq, rs) < 0) {
		log_err("%s %s: handler failed", rq->method, rq->path);
		resp_error(rs, rq, rs->status >= 500 ? rs->status : 500);
	}
}
