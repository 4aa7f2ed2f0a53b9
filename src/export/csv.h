/* CSV as spreadsheets read it: RFC 4180 (CRLF rows, quoted cells), UTF-8 with a byte-order mark so
 * that Excel shows Chinese, and user text that a spreadsheet would run as a formula made inert
 * (ASVS 5.0 1.2.10, docs/exports.md). Rows go to a sink as they are finished: memory holds one row. */
#ifndef PARLEY_EXPORT_CSV_H
#define PARLEY_EXPORT_CSV_H

#include <stddef.h>

#include "util/buf.h"

/* Where finished bytes go (a file, a response body, a hash); 0 or -1. */
typedef int (*sink_fn)(void *sink, const char *data, size_t len);

struct csv {
	struct buf row;
	int cells;          /* cells in the current row */
	sink_fn write;
	void *sink;
};

#define CSV_BOM "\xEF\xBB\xBF"

void csv_init(struct csv *c, sink_fn write, void *sink);
void csv_free(struct csv *c);
int csv_bom(struct csv *c);
/* Text typed by a user (or any text): neutralised when formula-like, quoted when needed. */
int csv_text(struct csv *c, const char *s);
/* A value the application formatted itself (a number, an ISO date): written as is, never
 * neutralised, so that "-5.00" stays a number. Must not contain quotes, commas or line breaks. */
int csv_plain(struct csv *c, const char *s);
int csv_end_row(struct csv *c);

/* 1 when a spreadsheet would read s as a formula: it starts with = + - @ tab or CR, or their
 * full-width forms (＝ ＋ － ＠). */
int csv_formula_like(const char *s);
/* Appends s as one CSV cell to out: a leading ' when formula-like, quotes when it holds a quote,
 * comma, CR or LF (or was neutralised with a quote-sensitive start). 0 / -1. */
int csv_cell(struct buf *out, const char *s);

#endif
