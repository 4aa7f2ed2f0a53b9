/* The user directory on a need-to-know basis (docs/directory.md): pickers and filters that list
 * people list only
 *   - for work on a customer (action and objection owners, plan participants): the active people
 *     who may see that customer (its owner's team and reporting line, vp) — dir_assignable;
 *   - otherwise: the people a user works with — their team, their reporting line up and down, and
 *     the approvers of their requests — dir_colleagues.
 * Never every sales user of the company. */
#ifndef PARLEY_DIRECTORY_H
#define PARLEY_DIRECTORY_H

#include <stddef.h>

#include "auth/visibility.h"
#include "db/db.h"
#include "http/http.h"

/* One person as the rules see them (0 = none). */
struct dir_person {
	long long id, team_id, region_id, manager_id;
	enum role role;
};

/* Pure rules, for the unit tests and the two loaders below. */
/* 1 when p may be given work on a customer at row: p may see it and is not a read-only role. */
int dir_may_assign(const struct dir_person *p, const struct row_ref *row);
/* Sets keep[i] = 1 for each of all[0..n) that me works with; approvers[0..napp) are the people who
 * decided or decide me's requests. */
void dir_works_with(const struct user *me, const struct dir_person *all, size_t n, const long long *approvers,
                    size_t napp, unsigned char *keep);

struct directory {
	struct dbres *people;    /* ST_DIR_PEOPLE: id, display_name, … */
	size_t *rows;            /* the rows of people that are listed, in name order */
	size_t n;
};

/* The people who may be assigned work on the customer at row (customer_id): those who may see it by
 * their place in the line, and the members of its opportunities' deal teams. 0 / -1. */
int dir_assignable(struct db *db, const struct row_ref *customer, long long customer_id, struct directory *d);
/* The people me works with (me included). 0 / -1. */
int dir_colleagues(struct db *db, const struct user *me, struct directory *d);
long long dir_id(const struct directory *d, size_t i);
const char *dir_name(const struct directory *d, size_t i);
/* 1 when id is listed: a posted choice outside the list is refused like an unknown one. */
int dir_has(const struct directory *d, long long id);
/* Accepts NULL and an already freed directory. */
void dir_free(struct directory *d);

#endif
