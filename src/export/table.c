/* CSV or XLSX tables written row by row (see table.h). */
#include "export/table.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

#include "util/log.h"

void money_decimal(long long minor, char out[32])
{
	unsigned long long a = minor < 0 ? 0ULL - (unsigned long long)minor : (unsigned long long)minor;

	snprintf(out, 32, "%s%llu.%02llu", minor < 0 ? "-" : "", a / 100, a % 100);
}

int table_open_csv(struct table_out *t, sink_fn write, void *sink)
{
	memset(t, 0, sizeof *t);
	t->fmt = EXPORT_CSV;
	csv_init(&t->csv, write, sink);
	return csv_bom(&t->csv);
}

int table_open_xlsx(struct table_out *t, const char *path, const char *tmpdir)
{
	lxw_workbook_options opt = { .constant_memory = LXW_TRUE, .tmpdir = (char *)tmpdir, .use_zip64 = LXW_TRUE };
	lxw_workbook *wb;

	memset(t, 0, sizeof *t);
	t->fmt = EXPORT_XLSX;
	wb = workbook_new_opt(path, &opt);
	if (!wb)
		return -1;
	t->wb = wb;
	t->f_head = workbook_add_format(wb);
	format_set_bold(t->f_head);
	format_set_bg_color(t->f_head, 0xDDE4EE);
	format_set_bottom(t->f_head, LXW_BORDER_THIN);
	t->f_date = workbook_add_format(wb);
	format_set_num_format(t->f_date, "yyyy-mm-dd");
	t->f_datetime = workbook_add_format(wb);
	format_set_num_format(t->f_datetime, "yyyy-mm-dd hh:mm:ss");
	t->f_pct = workbook_add_format(wb);
	format_set_num_format(t->f_pct, "0.00%");
	t->f_int = workbook_add_format(wb);
	format_set_num_format(t->f_int, "0");
	return 0;
}

static double default_width(enum col_type ty)
{
	switch (ty) {
	case COL_INT: return 10;
	case COL_MONEY: return 16;
	case COL_BP: return 10;
	case COL_DATE: return 12;
	case COL_DATETIME: return 20;
	default: return 24;
	}
}

/* Excel refuses sheet names longer than 31 characters or holding []:*?/\ */
static void sheet_name(const char *in, char *out, size_t max)
{
	size_t o = 0, chars = 0;
	const unsigned char *s = (const unsigned char *)in;

	while (*s && chars < 31 && o + 4 < max) {
		size_t n = *s < 0x80 ? 1 : (*s >= 0xF0 ? 4 : *s >= 0xE0 ? 3 : 2);
		if (n == 1 && strchr("[]:*?/\\'", *s)) {
			out[o++] = '_';
			s++;
		} else {
			size_t k;
			for (k = 0; k < n && s[k]; k++)
				out[o++] = (char)s[k];
			s += k;
		}
		chars++;
	}
	out[o] = '\0';
	if (!o)
		snprintf(out, max, "Sheet");
}

int table_sheet(struct table_out *t, struct sheet *s, const char *name, const struct col *cols, size_t n,
                const char *const *labels)
{
	size_t i;

	memset(s, 0, sizeof *s);
	s->t = t;
	s->cols = cols;
	s->ncols = n;
	if (t->fmt == EXPORT_CSV) {
		s->skip = t->csv_done;
		t->csv_done = 1;
		if (s->skip)
			return 0;
		for (i = 0; i < n; i++)
			if (csv_text(&t->csv, labels[i]) < 0)
				return -1;
		return csv_end_row(&t->csv);
	} else {
		char sname[128];
		lxw_worksheet *ws;
		sheet_name(name, sname, sizeof sname);
		ws = workbook_add_worksheet(t->wb, sname);
		if (!ws)
			return -1;
		s->ws = ws;
		/* constant_memory: column formats and panes before the first row. */
		for (i = 0; i < n; i++)
			worksheet_set_column(ws, (lxw_col_t)i, (lxw_col_t)i,
			                     cols[i].width > 0 ? cols[i].width : default_width(cols[i].type), NULL);
		worksheet_freeze_panes(ws, 1, 0);
		for (i = 0; i < n; i++)
			if (worksheet_write_string(ws, 0, (lxw_col_t)i, labels[i], t->f_head) != LXW_NO_ERROR)
				return -1;
		s->row = 1;
		return 0;
	}
}

static int parse_ll(const char *s, long long *v)
{
	char *end;

	if (!s || !*s)
		return -1;
	errno = 0;
	*v = strtoll(s, &end, 10);
	return errno || *end ? -1 : 0;
}

/* "YYYY-MM-DD" or "YYYY-MM-DD HH:MM:SS" */
static int parse_dt(const char *s, int with_time, lxw_datetime *dt)
{
	int y, mo, d, h = 0, mi = 0, se = 0, n;

	memset(dt, 0, sizeof *dt);
	if (with_time) {
		if (sscanf(s, "%4d-%2d-%2d %2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &se, &n) != 6 || s[n])
			return -1;
	} else if (sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3 || s[n]) {
		return -1;
	}
	if (y < 1900 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 59)
		return -1;
	dt->year = y;
	dt->month = mo;
	dt->day = d;
	dt->hour = h;
	dt->min = mi;
	dt->sec = se;
	return 0;
}

static lxw_format *money_format(struct table_out *t, const char *cur)
{
	size_t i;
	char nf[64];
	lxw_format *f;

	if (!cur || strlen(cur) != 3)
		cur = "CNY";
	for (i = 0; i < TABLE_MAX_CURRENCIES && t->money[i].fmt; i++)
		if (!strcmp(t->money[i].code, cur))
			return t->money[i].fmt;
	if (!strcmp(cur, "CNY"))
		snprintf(nf, sizeof nf, "[$\xC2\xA5-804]#,##0.00");
	else if (!strcmp(cur, "USD"))
		snprintf(nf, sizeof nf, "[$$-409]#,##0.00");
	else if (!strcmp(cur, "EUR"))
		snprintf(nf, sizeof nf, "[$\xE2\x82\xAC-2]\\ #,##0.00");
	else
		snprintf(nf, sizeof nf, "#,##0.00\\ [$%c%c%c]", cur[0], cur[1], cur[2]);
	f = workbook_add_format(t->wb);
	format_set_num_format(f, nf);
	if (i < TABLE_MAX_CURRENCIES) {
		memcpy(t->money[i].code, cur, 4);
		t->money[i].fmt = f;
	}
	return f;
}

static int csv_cell_typed(struct table_out *t, const struct col *c, const char *v)
{
	long long n;
	char num[32];

	if (!v)
		return csv_plain(&t->csv, "");
	switch (c->type) {
	case COL_INT:
		return parse_ll(v, &n) == 0 ? csv_plain(&t->csv, v) : csv_text(&t->csv, v);
	case COL_MONEY:
		if (parse_ll(v, &n) < 0)
			return csv_text(&t->csv, v);
		money_decimal(n, num);
		return csv_plain(&t->csv, num);
	case COL_BP:
		if (parse_ll(v, &n) < 0)
			return csv_text(&t->csv, v);
		money_decimal(n, num);   /* basis points / 100 = percent with two decimals */
		return csv_plain(&t->csv, num);
	case COL_DATE:
	case COL_DATETIME: {
		lxw_datetime dt;
		return parse_dt(v, c->type == COL_DATETIME, &dt) == 0 ? csv_plain(&t->csv, v) : csv_text(&t->csv, v);
	}
	default:
		return csv_text(&t->csv, v);
	}
}

static int xlsx_cell_typed(struct sheet *s, const struct col *c, const char *v, const char *cur)
{
	struct table_out *t = s->t;
	lxw_worksheet *ws = s->ws;
	lxw_row_t r = s->row;
	lxw_col_t k = (lxw_col_t)s->col;
	long long n;
	lxw_datetime dt;
	lxw_error e;

	if (!v || !*v)
		return 0;
	switch (c->type) {
	case COL_INT:
		e = parse_ll(v, &n) == 0 ? worksheet_write_number(ws, r, k, (double)n, t->f_int)
		                         : worksheet_write_string(ws, r, k, v, NULL);
		break;
	case COL_MONEY:
		e = parse_ll(v, &n) == 0 ? worksheet_write_number(ws, r, k, (double)n / 100.0, money_format(t, cur))
		                         : worksheet_write_string(ws, r, k, v, NULL);
		break;
	case COL_BP:
		e = parse_ll(v, &n) == 0 ? worksheet_write_number(ws, r, k, (double)n / 10000.0, t->f_pct)
		                         : worksheet_write_string(ws, r, k, v, NULL);
		break;
	case COL_DATE:
	case COL_DATETIME:
		e = parse_dt(v, c->type == COL_DATETIME, &dt) == 0
		    ? worksheet_write_datetime(ws, r, k, &dt, c->type == COL_DATE ? t->f_date : t->f_datetime)
		    : worksheet_write_string(ws, r, k, v, NULL);
		break;
	default:
		e = worksheet_write_string(ws, r, k, v, NULL);
		break;
	}
	if (e != LXW_NO_ERROR) {
		log_err("xlsx cell: %s", lxw_strerror(e));
		return -1;
	}
	return 0;
}

int sheet_cell(struct sheet *s, const char *value, const char *currency)
{
	const struct col *c;
	int rc;

	if (s->col >= s->ncols)
		return -1;
	c = &s->cols[s->col];
	rc = s->skip ? 0 : s->t->fmt == EXPORT_CSV ? csv_cell_typed(s->t, c, value) : xlsx_cell_typed(s, c, value, currency);
	s->col++;
	return rc;
}

int sheet_end_row(struct sheet *s)
{
	s->col = 0;
	if (s->skip)
		return 0;
	s->row++;
	if (s->t->fmt == EXPORT_CSV)
		return csv_end_row(&s->t->csv);
	/* Excel's limit: the rest would be lost silently. */
	return s->row > 1048575 ? -1 : 0;
}

int table_close(struct table_out *t)
{
	int rc = 0;

	if (t->fmt == EXPORT_CSV) {
		csv_free(&t->csv);
		return 0;
	}
	if (t->wb) {
		lxw_error e = workbook_close(t->wb);
		if (e != LXW_NO_ERROR) {
			log_err("xlsx close: %s", lxw_strerror(e));
			rc = -1;
		}
		t->wb = NULL;
	}
	return rc;
}
