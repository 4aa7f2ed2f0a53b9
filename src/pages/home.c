/* GET / — any signed-in user: the start page. POST /account/lang — the user's own UI language. */
#include <string.h>

#include "app.h"
#include "audit/audit.h"
#include "pages/pages.h"
#include "util/clock.h"
#include "view/view.h"

int page_home(struct req *rq, struct resp *rs)
{
	return view_render(rq, rs, "home/home.cs");
}

struct lang_tx {
	struct req *rq;
	const char *lang;
};

static int lang_tx_fn(struct db *db, void *p)
{
	struct lang_tx *t = p;
	char now[20];
	int rc;

	clock_fmt_utc(t->rq->now, now);
	rc = DB_EXEC(db, ST_USER_SET_LANG, NULL, DBS(t->lang), DBS(now), DBI(t->rq->user.id));
	if (rc)
		return rc;
	return audit_req(t->rq, "user.lang", "user", t->rq->user.id, t->lang);
}

int page_account_lang(struct req *rq, struct resp *rs)
{
	const char *lang = req_form(rq, "lang");
	const char *next = req_form(rq, "next");
	struct lang_tx t = { rq, NULL };

	if (lang && !strcmp(lang, "en"))
		t.lang = "en";
	else if (lang && !strcmp(lang, "zh-CN"))
		t.lang = "zh-CN";
	if (!t.lang) {
		resp_error(rs, rq, 400);
		return 0;
	}
	if (db_tx(rq->app->db, lang_tx_fn, &t) != DB_OK)
		return -1;
	/* resp_redirect accepts only local paths, so "next" cannot send the user elsewhere. */
	resp_redirect(rs, next && next[0] == '/' ? next : "/");
	return 0;
}
