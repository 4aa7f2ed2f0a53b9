/* Who may be listed in a people picker or filter: the rules of directory.h over ST_DIR_PEOPLE. */
#include "domain/directory.h"

#include <stdlib.h>
#include <string.h>

/* The longest reporting line we follow (rep → manager → director → vp, with room to spare). */
#define DIR_LINE_MAX 8

int dir_may_assign(const struct dir_person *p, const struct row_ref *row)
{
	struct user u;

	/* executives review, administrators manage users: neither takes on work on a customer */
	if (p->role != ROLE_REP && p->role != ROLE_MANAGER && p->role != ROLE_DIRECTOR && p->role != ROLE_VP)
		return 0;
	memset(&u, 0, sizeof u);
	u.id = p->id;
	u.role = p->role;
	u.team_id = p->team_id;
	u.region_id = p->region_id;
	u.manager_id = p->manager_id;
	return vis_can_see(&u, row);
}

static const struct dir_person *find(const struct dir_person *all, size_t n, long long id)
{
	size_t i;

	for (i = 0; id > 0 && i < n; i++)
		if (all[i].id == id)
			return &all[i];
	return NULL;
}

/* 1 when boss is above p in p's reporting line. */
static int reports_to(const struct dir_person *all, size_t n, const struct dir_person *p, long long boss)
{
	int depth;

	for (depth = 0; p && depth < DIR_LINE_MAX; depth++) {
		if (p->manager_id == boss)
			return 1;
		p = find(all, n, p->manager_id);
	}
	return 0;
}

void dir_works_with(const struct user *me, const struct dir_person *all, size_t n, const long long *approvers,
                    size_t napp, unsigned char *keep)
{
	const struct dir_person *self = find(all, n, me->id);
	size_t i, j;

	for (i = 0; i < n; i++) {
		const struct dir_person *p = &all[i];
		int k = 0;
		if (p->id == me->id)
			k = 1;
		else if (me->role == ROLE_VP || me->role == ROLE_EXECUTIVE)
			k = 1;   /* the top of every reporting line */
		else if (me->team_id && p->team_id == me->team_id)
			k = 1;
		else if (self && reports_to(all, n, self, p->id))
			k = 1;   /* up my line */
		else if (reports_to(all, n, p, me->id))
			k = 1;   /* down my line */
		for (j = 0; !k && j < napp; j++)
			k = approvers[j] == p->id;
		keep[i] = (unsigned char)k;
	}
}

static int load_people(struct db *db, struct directory *d, struct dir_person **out)
{
	struct dir_person *all;
	size_t i;

	memset(d, 0, sizeof *d);
	*out = NULL;
	if (DB_EXEC(db, ST_DIR_PEOPLE, &d->people, DBS("admin")) != DB_OK)
		return -1;
	all = calloc(d->people->nrows + 1, sizeof *all);
	d->rows = calloc(d->people->nrows + 1, sizeof *d->rows);
	if (!all || !d->rows) {
		free(all);
		dir_free(d);
		return -1;
	}
	for (i = 0; i < d->people->nrows; i++) {
		all[i].id = dbres_int(d->people, i, 0);
		all[i].role = role_parse(dbres_get(d->people, i, 2));
		all[i].team_id = dbres_int(d->people, i, 3);
		all[i].region_id = dbres_int(d->people, i, 4);
		all[i].manager_id = dbres_int(d->people, i, 5);
	}
	*out = all;
	return 0;
}

int dir_assignable(struct db *db, const struct row_ref *customer, long long customer_id, struct directory *d)
{
	struct dir_person *all;
	struct dbres *m = NULL;
	size_t i, j;

	if (load_people(db, d, &all) < 0)
		return -1;
	if (DB_EXEC(db, ST_DIR_DEAL_MEMBERS, &m, DBI(customer_id)) != DB_OK) {
		free(all);
		dir_free(d);
		return -1;
	}
	for (i = 0; i < d->people->nrows; i++) {
		struct row_ref row = *customer;
		row.member_id = 0;
		for (j = 0; j < m->nrows; j++)
			if (dbres_int(m, j, 0) == all[i].id)
				row.member_id = all[i].id;
		if (dir_may_assign(&all[i], &row))
			d->rows[d->n++] = i;
	}
	dbres_free(&m);
	free(all);
	return 0;
}

int dir_colleagues(struct db *db, const struct user *me, struct directory *d)
{
	struct dir_person *all;
	struct dbres *a = NULL;
	long long *approvers = NULL;
	unsigned char *keep = NULL;
	size_t i, napp = 0;
	int rc = -1;

	if (load_people(db, d, &all) < 0)
		return -1;
	if (DB_EXEC(db, ST_DIR_APPROVERS, &a, DBI(me->id), DBI(me->id)) != DB_OK)
		goto out;
	approvers = calloc(a->nrows + 1, sizeof *approvers);
	keep = calloc(d->people->nrows + 1, 1);
	if (!approvers || !keep)
		goto out;
	for (i = 0; i < a->nrows; i++)
		approvers[napp++] = dbres_int(a, i, 0);
	dir_works_with(me, all, d->people->nrows, approvers, napp, keep);
	for (i = 0; i < d->people->nrows; i++)
		if (keep[i])
			d->rows[d->n++] = i;
	rc = 0;
out:
	if (rc < 0)
		dir_free(d);
	dbres_free(&a);
	free(approvers);
	free(keep);
	free(all);
	return rc;
}

long long dir_id(const struct directory *d, size_t i)
{
	return i < d->n ? dbres_int(d->people, d->rows[i], 0) : 0;
}

const char *dir_name(const struct directory *d, size_t i)
{
	return i < d->n ? dbres_str(d->people, d->rows[i], 1) : "";
}

int dir_has(const struct directory *d, long long id)
{
	size_t i;

	for (i = 0; id > 0 && i < d->n; i++)
		if (dir_id(d, i) == id)
			return 1;
	return 0;
}

void dir_free(struct directory *d)
{
	if (!d)
		return;
	dbres_free(&d->people);
	free(d->rows);
	d->rows = NULL;
	d->n = 0;
}
