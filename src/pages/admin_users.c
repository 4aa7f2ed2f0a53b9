/* /admin/users… — admin only (CAP_ADMIN). Lists, creates and edits users, sets role, team,
 * region and manager, resets passwords, deactivates/reactivates (which ends their sessions).
 * Every change is audited in the same transaction. An admin cannot change their own role
 * or deactivate themselves. */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "audit/audit.h"
#include "auth/password.h"
#include "domain/org.h"
#include "domain/users.h"
#include "http/fields.h"
#include "http/router.h"
#include "pages/pages.h"
#include "util/clock.h"
#include "view/view.h"

#define USERS_PAGE 100

static const char *const role_choices[] = { "rep", "manager", "director", "vp", "executive", "admin", NULL };
static const char *const lang_choices[] = { "zh-CN", "en", NULL };

enum { UF_USERNAME, UF_DISPLAY, UF_ROLE, UF_TEAM, UF_REGION, UF_MANAGER, UF_LANG, UF_PASSWORD, UF__N };
static const struct field_spec user_fields[UF__N] = {
	[UF_USERNAME] = { "username", F_TEXT, 1, 3, 32, NULL },
	[UF_DISPLAY] = { "display_name", F_TEXT, 1, 1, 100, NULL },
	[UF_ROLE] = { "role", F_CHOICE, 1, 0, 0, role_choices },
	[UF_TEAM] = { "team_id", F_ID, 0, 0, 0, NULL },
	[UF_REGION] = { "region_id", F_ID, 0, 0, 0, NULL },
	[UF_MANAGER] = { "manager_id", F_ID, 0, 0, 0, NULL },
	[UF_LANG] = { "lang", F_CHOICE, 1, 0, 0, lang_choices },
	[UF_PASSWORD] = { "password", F_TEXT, 1, 1, 1024, NULL },
};

static int username_chars_ok(const char *s)
{
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '.' || *s == '_' || *s == '-'))
			return 0;
	return 1;
}

/* Sets HDF name (built by the caller from constants and indexes) to the role's label. */
static int set_role_label(struct req *rq, const char *role, const char *name)
{
	char key[48];

	snprintf(key, sizeof key, "role.%s", role ? role : "");
	return view_set(rq, name, view_str(rq, key));
}

/* Options for the team, region, manager and role selects. */
static int load_choices(struct req *rq)
{
	struct db *db = rq->app->db;
	struct dbres *r = NULL;
	char name[64];
	size_t i;

	if (db_exec(db, ST_TEAM_LIST, NULL, 0, &r) != DB_OK)
		return -1;
	for (i = 0; i < r->nrows; i++) {
		view_setf(rq, dbres_get(r, i, 0), "Choices.teams.%zu.id", i);
		view_setf(rq, dbres_get(r, i, 1), "Choices.teams.%zu.name", i);
		view_setf(rq, dbres_get(r, i, 2), "Choices.teams.%zu.region", i);
	}
	dbres_free(&r);
	if (db_exec(db, ST_REGION_LIST, NULL, 0, &r) != DB_OK)
		return -1;
	for (i = 0; i < r->nrows; i++) {
		view_setf(rq, dbres_get(r, i, 0), "Choices.regions.%zu.id", i);
		view_setf(rq, dbres_get(r, i, 1), "Choices.regions.%zu.name", i);
	}
	dbres_free(&r);
	if (db_exec(db, ST_USER_MANAGER_CHOICES, NULL, 0, &r) != DB_OK)
		return -1;
	for (i = 0; i < r->nrows; i++) {
		view_setf(rq, dbres_get(r, i, 0), "Choices.managers.%zu.id", i);
		view_setf(rq, dbres_get(r, i, 1), "Choices.managers.%zu.name", i);
		snprintf(name, sizeof name, "Choices.managers.%zu.role", i);
		set_role_label(rq, dbres_get(r, i, 2), name);
	}
	dbres_free(&r);
	for (i = 0; role_choices[i]; i++) {
		view_setf(rq, role_choices[i], "Choices.roles.%zu.value", i);
		snprintf(name, sizeof name, "Choices.roles.%zu.label", i);
		set_role_label(rq, role_choices[i], name);
	}
	return 0;
}

int page_admin_root(struct req *rq, struct resp *rs)
{
	resp_redirect(rs, "/admin/users");
	return 0;
}

int page_admin_users(struct req *rq, struct resp *rs)
{
	const char *after = req_query(rq, "after");
	struct dbres *r = NULL;
	char name[64];
	size_t i;

	if (!after || strlen(after) > 64)
		after = "";
	/* Keyset pagination on the unique username: no OFFSET scans. */
	if (DB_EXEC(rq->app->db, ST_USER_LIST, &r, DBS(after), DBI(USERS_PAGE + 1)) != DB_OK)
		return -1;
	for (i = 0; i < r->nrows && i < USERS_PAGE; i++) {
		view_setf(rq, dbres_get(r, i, 0), "Users.%zu.id", i);
		view_setf(rq, dbres_get(r, i, 1), "Users.%zu.username", i);
		view_setf(rq, dbres_get(r, i, 2), "Users.%zu.name", i);
		snprintf(name, sizeof name, "Users.%zu.role", i);
		set_role_label(rq, dbres_get(r, i, 3), name);
		view_setf(rq, dbres_get(r, i, 4), "Users.%zu.team", i);
		view_setf(rq, dbres_get(r, i, 5), "Users.%zu.manager", i);
		view_setf(rq, dbres_get(r, i, 6), "Users.%zu.active", i);
		view_setf(rq, dbres_get(r, i, 8), "Users.%zu.region", i);
	}
	if (r->nrows > USERS_PAGE)
		view_set(rq, "Page.next_after", dbres_get(r, USERS_PAGE - 1, 1));
	dbres_free(&r);
	return view_render(rq, rs, "admin/users.cs");
}

static int render_user_form(struct req *rq, struct resp *rs, long long id)
{
	if (load_choices(rq) < 0)
		return -1;
	if (id)
		view_set_int(rq, "Form.id", id);
	return view_render(rq, rs, "admin/user_form.cs");
}

int page_admin_user_new(struct req *rq, struct resp *rs)
{
	view_set(rq, "Form.values.lang", "zh-CN");
	view_set(rq, "Form.values.role", "rep");
	return render_user_form(rq, rs, 0);
}

/* Loads a user row: 0 found, 1 missing, -1 error. */
static int load_user(struct req *rq, long long id, struct dbres **r)
{
	if (DB_EXEC(rq->app->db, ST_USER_GET, r, DBI(id)) != DB_OK)
		return -1;
	if ((*r)->nrows != 1) {
		dbres_free(r);
		return 1;
	}
	return 0;
}

/* Cross-field rules: team/region/manager consistent with the role, and all of them exist. */
static int check_org(struct req *rq, const struct field_val *v)
{
	enum role role = role_parse(v[UF_ROLE].s), mrole = ROLE_NONE;
	struct dbres *r = NULL;
	enum org_err e;
	int bad = 0;

	if (v[UF_TEAM].i) {
		if (DB_EXEC(rq->app->db, ST_TEAM_GET, &r, DBI(v[UF_TEAM].i)) != DB_OK)
			return -1;
		if (r->nrows != 1) {
			view_form_error(rq, "team_id", "form.invalid_choice");
			bad++;
		}
		dbres_free(&r);
	}
	if (v[UF_REGION].i && role == ROLE_DIRECTOR) {
		if (DB_EXEC(rq->app->db, ST_REGION_EXISTS, &r, DBI(v[UF_REGION].i)) != DB_OK)
			return -1;
		if (r->nrows != 1) {
			view_form_error(rq, "region_id", "form.invalid_choice");
			bad++;
		}
		dbres_free(&r);
	}
	if (v[UF_MANAGER].i) {
		if (load_user(rq, v[UF_MANAGER].i, &r) < 0)
			return -1;
		if (!r || dbres_int(r, 0, 9) != 1) {
			view_form_error(rq, "manager_id", "form.invalid_choice");
			bad++;
		} else {
			mrole = role_parse(dbres_get(r, 0, 3));
		}
		dbres_free(&r);
	}
	if (bad)
		return bad;
	e = org_check(role, v[UF_TEAM].i != 0, v[UF_REGION].i != 0, mrole);
	if (e != ORG_OK) {
		const char *field = (e == ORG_TEAM_REQUIRED || e == ORG_TEAM_NOT_ALLOWED) ? "team_id" :
		                    e == ORG_REGION_REQUIRED ? "region_id" : "manager_id";
		view_form_error(rq, field, org_err_key(e));
		return 1;
	}
	return 0;
}

struct user_tx {
	struct req *rq;
	const struct field_val *v;
	const char *hash;
	long long id;
	const char *detail;
};

static int create_tx_fn(struct db *db, void *p)
{
	struct user_tx *t = p;
	const struct field_val *v = t->v;
	struct new_user u = {
		.username = v[UF_USERNAME].s,
		.display_name = v[UF_DISPLAY].s,
		.role = v[UF_ROLE].s,
		.lang = v[UF_LANG].s,
		.password_hash = t->hash,
		.team_id = v[UF_TEAM].i,
		.region_id = v[UF_REGION].i,
		.manager_id = v[UF_MANAGER].i,
	};
	int rc = users_insert(db, t->rq->now, &u, &t->id);

	if (rc)
		return rc;
	return audit_req(t->rq, "user.create", "user", t->id, v[UF_ROLE].s);
}

int page_admin_user_create(struct req *rq, struct resp *rs)
{
	struct field_val v[UF__N];
	char hash[256];
	struct user_tx t;
	int bad, rc;

	form_keep(rq, user_fields, UF__N - 1);   /* never echo the password */
	bad = form_validate(rq, user_fields, UF__N, v);
	if (v[UF_USERNAME].present && !username_chars_ok(v[UF_USERNAME].s)) {
		view_form_error(rq, "username", "admin.username_chars");
		bad++;
	}
	if (v[UF_PASSWORD].present && password_policy_check(v[UF_PASSWORD].s) != 0) {
		view_form_error(rq, "password", "admin.password_policy");
		bad++;
	}
	if (!bad) {
		rc = check_org(rq, v);
		if (rc < 0)
			return -1;
		bad += rc;
	}
	if (bad) {
		rs->status = 422;
		return render_user_form(rq, rs, 0);
	}
	if (password_hash(v[UF_PASSWORD].s, hash, sizeof hash) < 0)
		return -1;
	t = (struct user_tx){ .rq = rq, .v = v, .hash = hash };
	rc = db_tx(rq->app->db, create_tx_fn, &t);
	if (rc == DB_DUPLICATE) {
		view_form_error(rq, "username", "admin.username_taken");
		rs->status = 422;
		return render_user_form(rq, rs, 0);
	}
	if (rc)
		return -1;
	view_flash(rq, rs, "user_created");
	{
		char loc[64];
		snprintf(loc, sizeof loc, "/admin/users/%lld", t.id);
		resp_redirect(rs, loc);
	}
	return 0;
}

static void set_user_values(struct req *rq, const struct dbres *r, const char *prefix)
{
	static const char *const cols[] = { "id", "username", "display_name", "role", "team_id", "region_id",
	                                    "manager_id", "lang", "tz", "active" };
	size_t c;

	for (c = 0; c < sizeof cols / sizeof cols[0]; c++)
		view_setf(rq, dbres_get(r, 0, c), "%s.%s", prefix, cols[c]);
}

int page_admin_user_show(struct req *rq, struct resp *rs)
{
	struct dbres *r = NULL, *m = NULL;
	char key[48];
	int rc = load_user(rq, rq->ids[0], &r);

	if (rc < 0)
		return -1;
	if (rc) {
		resp_error(rs, rq, 404);
		return 0;
	}
	set_user_values(rq, r, "Shown");
	snprintf(key, sizeof key, "role.%s", dbres_get(r, 0, 3));
	view_set(rq, "Shown.role_label", view_str(rq, key));
	if (dbres_int(r, 0, 6) && load_user(rq, dbres_int(r, 0, 6), &m) == 0) {
		view_set(rq, "Shown.manager", dbres_get(m, 0, 2));
		dbres_free(&m);
	}
	if (rq->ids[0] == rq->user.id)
		view_set(rq, "Shown.is_self", "1");
	dbres_free(&r);
	return view_render(rq, rs, "admin/user_show.cs");
}

int page_admin_user_edit(struct req *rq, struct resp *rs)
{
	struct dbres *r = NULL;
	int rc = load_user(rq, rq->ids[0], &r);

	if (rc < 0)
		return -1;
	if (rc) {
		resp_error(rs, rq, 404);
		return 0;
	}
	set_user_values(rq, r, "Form.values");
	dbres_free(&r);
	return render_user_form(rq, rs, rq->ids[0]);
}

static int update_tx_fn(struct db *db, void *p)
{
	struct user_tx *t = p;
	const struct field_val *v = t->v;
	char now[20];
	int rc;

	clock_fmt_utc(t->rq->now, now);
	rc = DB_EXEC(db, ST_USER_UPDATE, NULL, DBS(v[UF_DISPLAY].s), DBS(v[UF_ROLE].s), DBID(v[UF_TEAM].i),
	             role_parse(v[UF_ROLE].s) == ROLE_DIRECTOR ? DBID(v[UF_REGION].i) : DBNULL,
	             DBID(v[UF_MANAGER].i), DBS(v[UF_LANG].s), DBS(now), DBI(t->id));
	if (rc)
		return rc;
	return audit_req(t->rq, "user.update", "user", t->id, t->detail);
}

int page_admin_user_update(struct req *rq, struct resp *rs)
{
	struct field_val v[UF__N];
	struct dbres *r = NULL;
	struct user_tx t;
	char detail[256], loc[64];
	int bad, rc;
	long long id = rq->ids[0];

	rc = load_user(rq, id, &r);
	if (rc < 0)
		return -1;
	if (rc) {
		resp_error(rs, rq, 404);
		return 0;
	}
	form_keep(rq, user_fields, UF__N - 1);
	view_setf(rq, dbres_get(r, 0, 1), "Form.values.username");
	/* username is fixed after creation; password has its own form */
	bad = form_validate(rq, user_fields + UF_DISPLAY, UF_PASSWORD - UF_DISPLAY, v + UF_DISPLAY);
	v[UF_USERNAME].s = dbres_get(r, 0, 1);
	if (!bad && id == rq->user.id && strcmp(v[UF_ROLE].s, dbres_get(r, 0, 3))) {
		view_form_error(rq, "role", "admin.cannot_change_own_role");
		bad++;
	}
	if (!bad) {
		rc = check_org(rq, v);
		if (rc < 0) {
			dbres_free(&r);
			return -1;
		}
		bad += rc;
	}
	/* Record which fields changed, by name: values may be personal. */
	snprintf(detail, sizeof detail, "changed:%s%s%s%s%s%s",
	         strcmp(v[UF_DISPLAY].s, dbres_get(r, 0, 2)) ? " display_name" : "",
	         strcmp(v[UF_ROLE].s, dbres_get(r, 0, 3)) ? " role" : "",
	         v[UF_TEAM].i != dbres_int(r, 0, 4) ? " team" : "",
	         v[UF_REGION].i != dbres_int(r, 0, 5) ? " region" : "",
	         v[UF_MANAGER].i != dbres_int(r, 0, 6) ? " manager" : "",
	         strcmp(v[UF_LANG].s, dbres_get(r, 0, 7)) ? " lang" : "");
	dbres_free(&r);
	if (bad) {
		rs->status = 422;
		return render_user_form(rq, rs, id);
	}
	t = (struct user_tx){ .rq = rq, .v = v, .id = id, .detail = detail };
	if (db_tx(rq->app->db, update_tx_fn, &t) != DB_OK)
		return -1;
	view_flash(rq, rs, "saved");
	snprintf(loc, sizeof loc, "/admin/users/%lld", id);
	resp_redirect(rs, loc);
	return 0;
}

static int active_tx_fn(struct db *db, void *p)
{
	struct user_tx *t = p;
	char now[20];
	int active = t->hash == NULL, rc;

	clock_fmt_utc(t->rq->now, now);
	rc = DB_EXEC(db, ST_USER_SET_ACTIVE, NULL, DBI(active), DBS(now), DBI(t->id));
	if (rc)
		return rc;
	if (!active) {
		rc = DB_EXEC(db, ST_SESSION_DELETE_USER, NULL, DBI(t->id));
		if (rc)
			return rc;
	}
	return audit_req(t->rq, active ? "user.activate" : "user.deactivate", "user", t->id, "");
}

static int set_active(struct req *rq, struct resp *rs, int active)
{
	struct dbres *r = NULL;
	struct user_tx t = { .rq = rq, .id = rq->ids[0], .hash = active ? NULL : "" };
	char loc[64];
	int rc = load_user(rq, t.id, &r);

	if (rc < 0)
		return -1;
	dbres_free(&r);
	if (rc) {
		resp_error(rs, rq, 404);
		return 0;
	}
	snprintf(loc, sizeof loc, "/admin/users/%lld", t.id);
	if (!active && t.id == rq->user.id) {
		view_flash(rq, rs, "cannot_deactivate_self");
		resp_redirect(rs, loc);
		return 0;
	}
	if (db_tx(rq->app->db, active_tx_fn, &t) != DB_OK)
		return -1;
	view_flash(rq, rs, active ? "user_activated" : "user_deactivated");
	resp_redirect(rs, loc);
	return 0;
}

int page_admin_user_deactivate(struct req *rq, struct resp *rs)
{
	return set_active(rq, rs, 0);
}

int page_admin_user_activate(struct req *rq, struct resp *rs)
{
	return set_active(rq, rs, 1);
}

static int password_tx_fn(struct db *db, void *p)
{
	struct user_tx *t = p;
	char now[20];
	int rc;

	clock_fmt_utc(t->rq->now, now);
	rc = DB_EXEC(db, ST_USER_SET_PASSWORD, NULL, DBS(t->hash), DBS(now), DBI(t->id));
	if (rc)
		return rc;
	/* A reset password ends the user's sessions everywhere. */
	rc = DB_EXEC(db, ST_SESSION_DELETE_USER, NULL, DBI(t->id));
	if (rc)
		return rc;
	return audit_req(t->rq, "user.password_reset", "user", t->id, "");
}

int page_admin_user_password(struct req *rq, struct resp *rs)
{
	const char *pw = req_form(rq, "new_password");
	struct dbres *r = NULL;
	struct user_tx t = { .rq = rq, .id = rq->ids[0] };
	char hash[256], loc[64];
	int rc = load_user(rq, t.id, &r);

	if (rc < 0)
		return -1;
	if (rc) {
		resp_error(rs, rq, 404);
		return 0;
	}
	if (!pw || password_policy_check(pw) != 0) {
		set_user_values(rq, r, "Shown");
		dbres_free(&r);
		view_form_error(rq, "new_password", "admin.password_policy");
		rs->status = 422;
		return view_render(rq, rs, "admin/user_show.cs");
	}
	dbres_free(&r);
	if (password_hash(pw, hash, sizeof hash) < 0)
		return -1;
	t.hash = hash;
	if (db_tx(rq->app->db, password_tx_fn, &t) != DB_OK)
		return -1;
	view_flash(rq, rs, "password_reset");
	snprintf(loc, sizeof loc, "/admin/users/%lld", t.id);
	resp_redirect(rs, loc);
	return 0;
}

/* The routes of this file; the dispatcher checks sign-in, CSRF and capability before a handler runs. */
static const struct route routes[] = {
	{ "GET", "/admin",                      page_admin_root,            CAP_ADMIN, CSRF_NONE },
	{ "GET", "/admin/users",                page_admin_users,           CAP_ADMIN, CSRF_NONE },
	{ "GET", "/admin/users/new",            page_admin_user_new,        CAP_ADMIN, CSRF_NONE },
	{ "POST", "/admin/users",                page_admin_user_create,     CAP_ADMIN, CSRF_CHECK },
	{ "GET", "/admin/users/:id",            page_admin_user_show,       CAP_ADMIN, CSRF_NONE },
	{ "GET", "/admin/users/:id/edit",       page_admin_user_edit,       CAP_ADMIN, CSRF_NONE },
	{ "POST", "/admin/users/:id",            page_admin_user_update,     CAP_ADMIN, CSRF_CHECK },
	{ "POST", "/admin/users/:id/deactivate", page_admin_user_deactivate, CAP_ADMIN, CSRF_CHECK },
	{ "POST", "/admin/users/:id/activate",   page_admin_user_activate,   CAP_ADMIN, CSRF_CHECK },
	{ "POST", "/admin/users/:id/password",   page_admin_user_password,   CAP_ADMIN, CSRF_CHECK },
};
PAGE_ROUTES(routes);
