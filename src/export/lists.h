/* One description per list, read by the list's export: the list's declared query parameters (a form
 * kit query table, fk_query_parse, so a value that does not fit is dropped exactly as the list drops
 * it), how they bind to the statements (VIS_SQL first, then the filters in order), the batch
 * statement per sort order with its keyset, the columns (each with its language key, type, the
 * result column it comes from, and for a confidential or restricted value the secret_fields[] entry
 * that decides who reads it) and, for XLSX, the child lists joined by the row's number.
 * The writer (export.c) is the same for every list. */
#ifndef PARLEY_EXPORT_LISTS_H
#define PARLEY_EXPORT_LISTS_H

#include <stddef.h>

#include "auth/secrets.h"
#include "db/db.h"
#include "export/table.h"
#include "form/kit.h"

/* How one query field binds to the filter parameters (after VIS_PARAMS, in the order of binds[]). */
enum list_bind {
	LB_PAIR,       /* "(? = 0/'' OR col = ?)": the value twice (numbers for ids, integers, check boxes) */
	LB_LIKE,       /* "(? = '' OR a LIKE ? OR b LIKE ?)": the text, then its LIKE pattern twice */
	LB_TODAY,      /* check box → the user's today, or '' (twice) */
	LB_ME,         /* check box → the user's id, or 0 (twice) */
	LB_LATE,       /* check box → 1/0, then the lateness cutoff (now − 24 h) */
	LB_FROM,       /* date, or 1000-01-01 when open */
	LB_TO,         /* date, or 9999-12-31 when open */
};

struct list_filter {
	const char *field;     /* name in the query table */
	enum list_bind how;
};

/* Keyset of a batch statement: its first result column is the row's id; with a key, the second is
 * the sort key and the statement ends "… key > ? OR (key = ? AND id > ?) … LIMIT ?" (or < for
 * descending) — otherwise "… id < ? ORDER BY id DESC LIMIT ?". */
enum list_keyset { KS_ID_DESC, KS_KEY_ASC, KS_KEY_DESC };

struct list_sort {
	const char *value;        /* the sort parameter's choice (NULL: the only order) */
	enum stmt_id batch;
	enum list_keyset keyset;
	const char *first_key;    /* the key before the first row */
};

#define LIST_NO_SECRET (-1)

struct list_col {
	const char *label;        /* language key of the header */
	enum col_type type;
	double width;
	int src;                  /* result column */
	const char *choice;       /* language prefix of a stored choice, or NULL */
	int cur_src;              /* result column of the currency of a money cell, or -1 */
	int secret;               /* enum secret_id, or LIST_NO_SECRET */
	int secret_row;           /* result column of the secret's row id */
};

/* A child list (XLSX only): rows of the parents of one batch, ids in [low, below): VIS_PARAMS, the
 * filters, below, low. */
struct list_child {
	const char *sheet;        /* language key of the sheet's name */
	enum stmt_id st;
	const struct list_col *cols;
	size_t ncols;
};

struct list_desc {
	const char *name;         /* "customers": the export's kind in forms, jobs and audit */
	const char *title;        /* language key of the list's title (file and sheet name) */
	const struct fk_form *query;
	const struct list_filter *binds;
	size_t nbinds;
	const struct list_sort *sorts;   /* sorts[0] is the default */
	size_t nsorts;
	const char *sort_field;   /* name of the sort parameter, or NULL */
	int lead_cutoff;          /* the batch statement takes the lateness cutoff before VIS_PARAMS */
	int ref_src;              /* first of the row's owner, team, region, shared columns (tier checks), or -1 */
	const struct list_col *cols;
	size_t ncols;
	const struct list_child *children;
	size_t nchildren;
	int has_count;            /* count: VIS_PARAMS and the filters → the number of rows */
	enum stmt_id count;
};

extern const struct list_desc *const list_descs[];
extern const size_t list_ndescs;

/* The description named name, or NULL. */
const struct list_desc *list_find(const char *name);

/* Whether name=value is a filter some list declares and value fits it (the list page's Export control
 * carries only such pairs of the page's query string). */
int list_param_kept(const char *name, const char *value);

/* At most this many parameters go to one export statement. */
#define LIST_MAX_PARAMS 48

#endif
