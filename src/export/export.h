/* What a list exports: its rows (the list's filters, read from the request's query by the names the
 * list uses, and VIS_SQL), its columns (confidential and restricted ones through secret_fields[] and
 * tier_can_read(), never a column list of its own) and the sheets of its child lists, written as CSV
 * or XLSX in batches so that memory stays flat. The same code runs in a web worker (small exports)
 * and in the job runner (`parley jobs`), with a request built for the job's owner. */
#ifndef PARLEY_EXPORT_EXPORT_H
#define PARLEY_EXPORT_EXPORT_H

#include <stddef.h>

#include "export/table.h"
#include "http/http.h"
#include "util/buf.h"

/* An index into list_descs[] (src/export/lists.h): records first. */
enum export_kind { EXPORT_RECORDS = 0, EXPORT_KIND_MAX = 63 };

#define EXPORT_SYNC_MAX 10000   /* at most this many rows are written while the user waits */
#define EXPORT_BATCH 1000       /* rows per statement (and per progress report) */

/* -1 when unknown. */
int export_kind_parse(const char *s);
const char *export_kind_name(enum export_kind k);
/* The list's filters from in, read through the list's declared query table (a value that does not fit
 * is dropped, as the list drops it), as a normalised query string for the job and the audit entry. When
 * in holds "query" (the list page's own query string, sent by its Export control), that is read
 * instead. 0 / -1. */
int export_params(struct req *rq, enum export_kind k, const struct kvlist *in, struct buf *out);
/* Rows the export will hold, for the filters in rq->query. 0 / -1. */
int export_count(struct req *rq, enum export_kind k, long long *n);

/* Called after each batch with the rows written so far; a non-zero return stops the export. */
typedef int (*export_progress_fn)(void *ctx, long long done);
struct export_result {
	long long rows;
	char tiered[256];   /* "customers.budget_ceiling,…": tiered columns the file holds values of */
};
/* Writes the export for rq's user, with the filters in rq->query, into path (XLSX temporary files in tmpdir). 0 / -1 (or the
 * progress function's non-zero value). */
int export_write(struct req *rq, enum export_kind k, enum export_format f, const char *path, const char *tmpdir,
                 export_progress_fn progress, void *ctx, struct export_result *res);
/* Where rq's user stands for what they may see: "role:team:region". A finished file is sent only to
 * its owner while this is what it was when the file was written (a demoted or moved owner gets 404). */
void export_owner_place(const struct req *rq, char *out, size_t n);
/* The download name in the user's language: "谈判记录 2026-12-03.xlsx". */
void export_file_name(struct req *rq, enum export_kind k, enum export_format f, char *out, size_t n);

#endif
