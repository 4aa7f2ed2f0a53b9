/* GET /login, POST /login — public; POST /logout — signed-in users.
 * Login creates a new session (new id every time), logout deletes it server-side.
 * Failures get one generic message whatever went wrong; attempts are throttled and audited. */
#include <string.h>

#include "app.h"
#include "audit/audit.h"
#include "auth/password.h"
#include "auth/session.h"
#include "auth/throttle.h"
#include "http/router.h"
#include "pages/pages.h"
#include "util/utf8.h"
#include "view/view.h"

/* Where to go after sign-in: the page that sent the user here, when it is a path on this site. */
static const char *login_next(const struct req *rq)
{
	const char *next = !strcmp(rq->method, "POST") ? req_form(rq, "next") : req_query(rq, "next");

	return next && redirect_target_ok(next) ? next : NULL;
}

static int render_login(struct req *rq, struct resp *rs, const char *error_key)
{
	const char *u = req_form(rq, "username");
	const char *next = login_next(rq);

	csrf_prepare_anonymous(rq, rs);
	if (u)
		view_set(rq, "Form.values.username", u);
	if (next)
		view_set(rq, "Form.values.next", next);
	if (error_key)
		view_set(rq, "Form.message", view_str(rq, error_key));
	return view_render(rq, rs, "login/login.cs");
}

int page_login_form(struct req *rq, struct resp *rs)
{
	const char *lang = req_query(rq, "lang");

	if (rq->logged_in) {
		resp_redirect(rs, login_next(rq) ? login_next(rq) : "/");
		return 0;
	}
	/* The language chosen on the login page sticks until sign-in, where the user's own wins. */
	if (lang && (!strcmp(lang, "en") || !strcmp(lang, "zh-CN")))
		resp_cookie(rs, rq, "parley_lang", lang, 365L * 86400);
	return render_login(rq, rs, NULL);
}

/* The typed name goes into the audit log (never the password), cut to a sane length. */
static void login_detail(const char *username, char *out, size_t outsz)
{
	char name[65];

	utf8_clip(username, name, sizeof name);
	snprintf(out, outsz, "username=%s", name);
}

struct login_tx {
	struct req *rq;
	struct resp *rs;
	long long user_id;
	const char *username;
};

static int login_tx_fn(struct db *db, void *p)
{
	struct login_tx *t = p;
	int rc;

	/* A session that came in with the request is replaced, never promoted (fixation). */
	if (t->rq->sid_hash[0]) {
		rc = DB_EXEC(db, ST_SESSION_DELETE, NULL, DBS(t->rq->sid_hash));
		if (rc)
			return rc;
	}
	rc = session_create(db, t->rq, t->rs, t->user_id);
	if (rc)
		return rc;
	t->rq->user.id = t->user_id;
	t->rq->logged_in = 1;
	return audit_req(t->rq, "login", "user", t->user_id, "");
}

int page_login(struct req *rq, struct resp *rs)
{
	const char *username = req_form(rq, "username");
	const char *password = req_form(rq, "password");
	struct dbres *r = NULL;
	struct login_tx t;
	long long user_id = 0;
	int ok = 0, locked, rc;
	char detail[160];

	if (!username || !password || !*username || !*password || strlen(username) > 64 || strlen(password) > 1024)
		return render_login(rq, rs, "login.failed");

	locked = throttle_attempt(rq, username);
	if (locked < 0)
		return -1;
	if (locked) {
		login_detail(username, detail, sizeof detail);
		audit_req_tx(rq, "login.throttled", "user", 0, detail);
		return render_login(rq, rs, "login.throttled");
	}

	rc = DB_EXEC(rq->app->db, ST_USER_AUTH, &r, DBS(username));
	if (rc != DB_OK)
		return -1;
	if (r->nrows == 1) {
		user_id = dbres_int(r, 0, 0);
		ok = password_verify(dbres_get(r, 0, 1), password) == 0 && dbres_int(r, 0, 2) == 1;
	} else {
		/* Same work for unknown users, so timing does not reveal which names exist. */
		password_verify(password_dummy_hash(), password);
	}
	dbres_free(&r);

	if (!ok) {
		login_detail(username, detail, sizeof detail);
		audit_req_tx(rq, "login.failed", "user", user_id, detail);
		return render_login(rq, rs, "login.failed");
	}
	throttle_record_success(rq, username);
	t = (struct login_tx){ rq, rs, user_id, username };
	if (db_tx(rq->app->db, login_tx_fn, &t) != DB_OK)
		return -1;
	resp_redirect(rs, login_next(rq) ? login_next(rq) : "/");
	return 0;
}

static int logout_tx_fn(struct db *db, void *p)
{
	struct req *rq = p;
	int rc = DB_EXEC(db, ST_SESSION_DELETE, NULL, DBS(rq->sid_hash));

	if (rc)
		return rc;
	return audit_req(rq, "logout", "user", rq->user.id, "");
}

int page_logout(struct req *rq, struct resp *rs)
{
	if (db_tx(rq->app->db, logout_tx_fn, rq) != DB_OK)
		return -1;
	resp_cookie(rs, rq, SESSION_COOKIE, "", 0);
	resp_redirect(rs, "/login");
	return 0;
}

/* The routes of this file; the dispatcher checks sign-in, CSRF and capability before a handler runs. */
static const struct route routes[] = {
	{ "GET", "/login",  page_login_form, CAP_PUBLIC, CSRF_NONE },
	{ "POST", "/login",  page_login,      CAP_PUBLIC, CSRF_CHECK },
	{ "POST", "/logout", page_logout,     CAP_LOGIN,  CSRF_CHECK },
};
PAGE_ROUTES(routes);
