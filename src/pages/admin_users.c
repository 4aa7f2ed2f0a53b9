/* /admin/users… — admin only (CAP_ADMIN). Lists, creates and edits users, sets role, team,
 * region and manager, resets passwords, deactivates/reactivates (which ends their sessions).
 * Every change is audited in the same transaction. An admin cannot change their own role
 * or deactivate themselves. */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "auth/password.h"
#include "domain/org.h"
#include "domain/users.h"
#include "form/page.h"
#include "http/router.h"
#include "pages/pages.h"
#include "util/clock.h"
#include "view/view.h"

#define USERS_PAGE 100

static const char *const role_choices[] = { "rep", "manager", "director", "vp", "executive", "admin", NULL };
static const char *const lang_choices[] = { "zh-CN", "en", NULL };

/* The update form is the first UF_USERNAME fields: the username is fixed after creation and the
 * password has its own form. */
enum { UF_DISPLAY, UF_ROLE, UF_TEAM, UF_REGION, UF_MANAGER, UF_LANG, UF_USERNAME, UF_PASSWORD, UF__N };
static int team_exists(void *ctx, long long id);
static int region_exists(void *ctx, long long id);
static int manager_ok(void *ctx, long long id);
static const struct fk_field user_fields[UF__N] = {
	[UF_DISPLAY] = { "display_name", FK_TEXT, FK_REQUIRED, .min = 1, .max = 100 },
	[UF_ROLE] = { "role", FK_CHOICE, FK_REQUIRED, .choices = role_choices },
	[UF_TEAM] = { "team_id", FK_ID, .lookup = team_exists },
	[UF_REGION] = { "region_id", FK_ID, .lookup = region_exists },
	[UF_MANAGER] = { "manager_id", FK_USER, .lookup = manager_ok },
	[UF_LANG] = { "lang", FK_CHOICE, FK_REQUIRED, .choices = lang_choices },
	[UF_USERNAME] = { "username", FK_TEXT, FK_REQUIRED, .min = 3, .max = 32 },
	[UF_PASSWORD] = { "password", FK_TEXT, FK_REQUIRED | FK_SECRET, .min = 1, .max = 1024 },
};
static const struct fk_form create_form = { user_fields, UF__N };
static const struct fk_form update_form = { user_fields, UF_USERNAME };
static const struct fk_field password_fields[] = {
	{ "new_password", FK_TEXT, FK_REQUIRED | FK_SECRET, .min = 1, .max = 1024 },
};
static const struct fk_form password_form = { password_fields, 1 };
static const struct fk_form no_fields = { NULL, 0 };

/* What the user pages keep between their callbacks; the handler frees it. */
struct user_state {
	struct dbres *row;      /* ST_USER_GET of the user changed (not on create) */
	char hash[256];         /* the new password's hash, made once before the transaction */
	enum role manager_role;
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

static int team_exists(void *ctx, long long id)
{
	return fk_exists(ctx, ST_TEAM_GET, id);
}

static int region_exists(void *ctx, long long id)
{
	return fk_exists(ctx, ST_REGION_EXISTS, id);
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

/* A manager is an active user; org_check then judges their role against the user's. */
static int manager_ok(void *ctx, long long id)
{
	struct fk_run *run = ctx;
	struct user_state *st = run->data;
	struct dbres *r = NULL;
	int rc = load_user(run->rq, id, &r), ok;

	if (rc)
		return rc < 0 ? -1 : 0;
	ok = dbres_int(r, 0, 9) == 1;
	if (ok)
		st->manager_role = role_parse(dbres_get(r, 0, 3));
	dbres_free(&r);
	return ok;
}

/* The user of the route (ids[0]) for update, activation and password reset. */
static int user_load(struct fk_run *run)
{
	struct user_state *st = run->data;

	snprintf(run->location, sizeof run->location, "/admin/users/%lld", run->id);
	return load_user(run->rq, run->id, &st->row);
}

static int render_user_form(struct req *rq, struct resp *rs, long long id)
{
	if (load_choices(rq) < 0)
		return -1;
	if (id)
		view_set_int(rq, "Form.id", id);
	return view_render(rq, rs, "admin/user_form.cs");
}

static int user_form_render(struct fk_run *run)
{
	struct user_state *st = run->data;

	if (st->row)   /* the username is shown, not edited */
		view_set(run->rq, "Form.values.username", dbres_get(st->row, 0, 1));
	return render_user_form(run->rq, run->rs, st->row ? run->id : 0);
}

int page_admin_user_new(struct req *rq, struct resp *rs)
{
	view_set(rq, "Form.values.lang", "zh-CN");
	view_set(rq, "Form.values.role", "rep");
	return render_user_form(rq, rs, 0);
}

/* Cross-field rules: team/region/manager consistent with the role (each exists: their lookups). */
static void check_org(struct fk_run *run)
{
	struct user_state *st = run->data;
	const struct fk_val *v = run->v;
	enum org_err e;

	if (run->bad)
		return;
	e = org_check(role_parse(v[UF_ROLE].s), v[UF_TEAM].i != 0, v[UF_REGION].i != 0,
	              v[UF_MANAGER].i ? st->manager_role : ROLE_NONE);
	if (e != ORG_OK)
		fk_fail(run, (e == ORG_TEAM_REQUIRED || e == ORG_TEAM_NOT_ALLOWED) ? "team_id" :
		             e == ORG_REGION_REQUIRED ? "region_id" : "manager_id", org_err_key(e));
}

static int create_check(struct fk_run *run)
{
	struct user_state *st = run->data;
	const struct fk_val *v = run->v;

	if (v[UF_USERNAME].present && !v[UF_USERNAME].err && !username_chars_ok(v[UF_USERNAME].s))
		fk_fail(run, "username", "admin.username_chars");
	if (v[UF_PASSWORD].present && !v[UF_PASSWORD].err && password_policy_check(v[UF_PASSWORD].s) != 0)
		fk_fail(run, "password", "admin.password_policy");
	check_org(run);
	if (!run->bad && password_hash(v[UF_PASSWORD].s, st->hash, sizeof st->hash) < 0)
		return -1;
	return 0;
}

static int create_write(struct db *db, struct fk_run *run)
{
	struct user_state *st = run->data;
	const struct fk_val *v = run->v;
	struct new_user u = {
		.username = v[UF_USERNAME].s,
		.display_name = v[UF_DISPLAY].s,
		.role = v[UF_ROLE].s,
		.lang = v[UF_LANG].s,
		.password_hash = st->hash,
		.team_id = v[UF_TEAM].i,
		.region_id = v[UF_REGION].i,
		.manager_id = v[UF_MANAGER].i,
	};
	int rc = users_insert(db, run->rq->now, &u, &run->id);

	if (rc == DB_DUPLICATE) {
		fk_fail(run, "username", "form.taken");
		return FK_INVALID;
	}
	snprintf(run->detail, sizeof run->detail, "%s", v[UF_ROLE].s);
	return rc;
}

static const struct fk_page user_create_page = {
	.form = &create_form, .check = create_check, .write = create_write, .render = user_form_render,
	.audit_action = "user.create", .audit_entity = "user", .flash = "user_created",
	.location = "/admin/users/%lld",
};

/* Runs page with a fresh user_state and frees it. */
static int user_post(struct req *rq, struct resp *rs, const struct fk_page *page)
{
	struct user_state st = { 0 };
	int rc = fk_post(rq, rs, page, &st);

	dbres_free(&st.row);
	return rc;
}

int page_admin_user_create(struct req *rq, struct resp *rs)
{
	return user_post(rq, rs, &user_create_page);
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

static int update_check(struct fk_run *run)
{
	struct user_state *st = run->data;
	const struct fk_val *v = run->v;
	const struct dbres *r = st->row;

	if (!run->bad && run->id == run->rq->user.id && strcmp(v[UF_ROLE].s, dbres_get(r, 0, 3)))
		fk_fail(run, "role", "admin.cannot_change_own_role");
	check_org(run);
	/* Record which fields changed, by name: values may be personal. */
	snprintf(run->detail, sizeof run->detail, "changed:%s%s%s%s%s%s",
	         strcmp(v[UF_DISPLAY].s, dbres_get(r, 0, 2)) ? " display_name" : "",
	         strcmp(v[UF_ROLE].s, dbres_get(r, 0, 3)) ? " role" : "",
	         v[UF_TEAM].i != dbres_int(r, 0, 4) ? " team" : "",
	         v[UF_REGION].i != dbres_int(r, 0, 5) ? " region" : "",
	         v[UF_MANAGER].i != dbres_int(r, 0, 6) ? " manager" : "",
	         strcmp(v[UF_LANG].s, dbres_get(r, 0, 7)) ? " lang" : "");
	return 0;
}

static int update_write(struct db *db, struct fk_run *run)
{
	const struct fk_val *v = run->v;
	char now[20];

	clock_fmt_utc(run->rq->now, now);
	return DB_EXEC(db, ST_USER_UPDATE, NULL, DBS(v[UF_DISPLAY].s), DBS(v[UF_ROLE].s), DBID(v[UF_TEAM].i),
	               role_parse(v[UF_ROLE].s) == ROLE_DIRECTOR ? DBID(v[UF_REGION].i) : DBNULL,
	               DBID(v[UF_MANAGER].i), DBS(v[UF_LANG].s), DBS(now), DBI(run->id));
}

static const struct fk_page user_update_page = {
	.form = &update_form, .load = user_load, .check = update_check, .write = update_write,
	.render = user_form_render, .audit_action = "user.update", .audit_entity = "user", .flash = "saved",
};

int page_admin_user_update(struct req *rq, struct resp *rs)
{
	return user_post(rq, rs, &user_update_page);
}

/* Deactivation also ends the user's sessions. */
static int active_write(struct db *db, struct fk_run *run, int active)
{
	char now[20];
	int rc;

	clock_fmt_utc(run->rq->now, now);
	rc = DB_EXEC(db, ST_USER_SET_ACTIVE, NULL, DBI(active), DBS(now), DBI(run->id));
	if (rc || active)
		return rc;
	return DB_EXEC(db, ST_SESSION_DELETE_USER, NULL, DBI(run->id));
}

static int activate_write(struct db *db, struct fk_run *run)
{
	return active_write(db, run, 1);
}

static int deactivate_write(struct db *db, struct fk_run *run)
{
	return active_write(db, run, 0);
}

static int user_show_render(struct fk_run *run)
{
	struct user_state *st = run->data;

	set_user_values(run->rq, st->row, "Shown");
	return view_render(run->rq, run->rs, "admin/user_show.cs");
}

static const struct fk_page activate_page = {
	.form = &no_fields, .load = user_load, .write = activate_write, .render = user_show_render,
	.audit_action = "user.activate", .audit_entity = "user", .flash = "user_activated",
};
static const struct fk_page deactivate_page = {
	.form = &no_fields, .load = user_load, .write = deactivate_write, .render = user_show_render,
	.audit_action = "user.deactivate", .audit_entity = "user", .flash = "user_deactivated",
};

int page_admin_user_deactivate(struct req *rq, struct resp *rs)
{
	char loc[64];

	/* An admin never locks themselves out: nothing changes, the page says why. */
	if (rq->ids[0] == rq->user.id) {
		snprintf(loc, sizeof loc, "/admin/users/%lld", rq->ids[0]);
		view_flash(rq, rs, "cannot_deactivate_self");
		resp_redirect(rs, loc);
		return 0;
	}
	return user_post(rq, rs, &deactivate_page);
}

int page_admin_user_activate(struct req *rq, struct resp *rs)
{
	return user_post(rq, rs, &activate_page);
}

static int password_check(struct fk_run *run)
{
	struct user_state *st = run->data;
	const struct fk_val *v = run->v;

	if (v[0].present && !v[0].err && password_policy_check(v[0].s) != 0)
		fk_fail(run, "new_password", "admin.password_policy");
	if (!run->bad && password_hash(v[0].s, st->hash, sizeof st->hash) < 0)
		return -1;
	return 0;
}

/* A reset password ends the user's sessions everywhere. */
static int password_write(struct db *db, struct fk_run *run)
{
	struct user_state *st = run->data;
	char now[20];
	int rc;

	clock_fmt_utc(run->rq->now, now);
	rc = DB_EXEC(db, ST_USER_SET_PASSWORD, NULL, DBS(st->hash), DBS(now), DBI(run->id));
	if (rc)
		return rc;
	return DB_EXEC(db, ST_SESSION_DELETE_USER, NULL, DBI(run->id));
}

static const struct fk_page password_page = {
	.form = &password_form, .load = user_load, .check = password_check, .write = password_write,
	.render = user_show_render, .audit_action = "user.password_reset", .audit_entity = "user",
	.flash = "password_reset",
};

int page_admin_user_password(struct req *rq, struct resp *rs)
{
	return user_post(rq, rs, &password_page);
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
