/* One table of an export, written as CSV or XLSX through the same calls, row by row, so that the
 * memory used does not grow with the rows: CSV keeps one row; XLSX uses libxlsxwriter's
 * constant_memory mode (each finished row goes to a temporary file).
 * User text is only ever written as a string cell (worksheet_write_string) in XLSX and neutralised
 * in CSV; numbers, money, dates are cells of their type. */
#ifndef PARLEY_EXPORT_TABLE_H
#define PARLEY_EXPORT_TABLE_H

#include <stddef.h>

#include "export/csv.h"

enum export_format { EXPORT_CSV = 0, EXPORT_XLSX };

enum col_type {
	COL_TEXT,      /* user text */
	COL_INT,       /* integer (id, count) */
	COL_MONEY,     /* integer minor units; shown with the row's currency */
	COL_BP,        /* basis points, shown as a percentage */
	COL_DATE,      /* YYYY-MM-DD */
	COL_DATETIME,  /* YYYY-MM-DD HH:MM:SS, UTC */
};

struct col {
	const char *label;     /* language key of the header */
	enum col_type type;
	double width;          /* XLSX column width in characters; 0 = by type */
	const char *choice;    /* for the caller: language prefix that names a stored choice ("rec.phase") */
};

#define TABLE_MAX_CURRENCIES 8

struct table_out {
	enum export_format fmt;
	struct csv csv;
	int csv_done;          /* CSV holds one table: later sheets are skipped */
	void *wb;              /* lxw_workbook */
	void *f_head, *f_date, *f_datetime, *f_pct, *f_int;
	struct { char code[4]; void *fmt; } money[TABLE_MAX_CURRENCIES];
};

/* One sheet of the file; in CSV only the first sheet is written, later ones take cells and drop them. */
struct sheet {
	struct table_out *t;
	void *ws;              /* lxw_worksheet */
	int skip;
	const struct col *cols;
	size_t ncols;
	unsigned row, col;
};

int table_open_csv(struct table_out *t, sink_fn write, void *sink);
/* XLSX into path (temporary files in tmpdir). */
int table_open_xlsx(struct table_out *t, const char *path, const char *tmpdir);
/* Starts sheet s (in CSV the first one only): header row from labels[], frozen, widths set. XLSX
 * sheets may be filled in turns, each top to bottom. */
int table_sheet(struct table_out *t, struct sheet *s, const char *name, const struct col *cols, size_t n,
                const char *const *labels);
/* The next cell of the row: value as the database gives it (NULL = empty), read by the column's type;
 * currency for COL_MONEY ("CNY" when NULL). A malformed number or date is written as text. */
int sheet_cell(struct sheet *s, const char *value, const char *currency);
int sheet_end_row(struct sheet *s);
/* Finishes the file (XLSX: writes the workbook). Safe to call twice; 0 / -1. */
int table_close(struct table_out *t);

/* "12345" minor units → "123.45" (CSV money). out has room for 32 bytes. */
void money_decimal(long long minor, char out[32]);

#endif
