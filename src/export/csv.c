/* CSV writer: RFC 4180 quoting, UTF-8 BOM, formula neutralisation (see csv.h). */
#include "export/csv.h"

#include <string.h>

void csv_init(struct csv *c, sink_fn write, void *sink)
{
	memset(c, 0, sizeof *c);
	c->write = write;
	c->sink = sink;
}

void csv_free(struct csv *c)
{
	buf_free(&c->row);
	c->cells = 0;
}

int csv_bom(struct csv *c)
{
	return c->write(c->sink, CSV_BOM, 3);
}

int csv_formula_like(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;

	if (!s || !*s)
		return 0;
	if (strchr("=+-@\t\r", u[0]))
		return 1;
	/* U+FF0B ＋, U+FF0D －, U+FF1D ＝ (EF BC 8B/8D/9D) and U+FF20 ＠ (EF BC A0): spreadsheets fold
	 * full-width signs to their ASCII forms when they parse a cell. */
	if (u[0] == 0xEF && u[1] == 0xBC && (u[2] == 0x8B || u[2] == 0x8D || u[2] == 0x9D || u[2] == 0xA0))
		return 1;
	return 0;
}

int csv_cell(struct buf *out, const char *s)
{
	int guard = csv_formula_like(s);
	const char *p;

	if (!s)
		s = "";
	if (!guard && !strpbrk(s, "\",\r\n"))
		return buf_puts(out, s);
	/* Quoted, with the guard inside the quotes: a reader that drops the quotes still sees the '. */
	if (buf_append(out, "\"", 1) < 0 || (guard && buf_append(out, "'", 1) < 0))
		return -1;
	for (p = s; *p; p++) {
		if (*p == '"' && buf_append(out, "\"", 1) < 0)
			return -1;
		if (buf_append(out, p, 1) < 0)
			return -1;
	}
	return buf_append(out, "\"", 1);
}

static int sep(struct csv *c)
{
	return c->cells++ ? buf_append(&c->row, ",", 1) : 0;
}

int csv_text(struct csv *c, const char *s)
{
	if (sep(c) < 0)
		return -1;
	return csv_cell(&c->row, s);
}

int csv_plain(struct csv *c, const char *s)
{
	if (sep(c) < 0)
		return -1;
	if (s && strpbrk(s, "\",\r\n"))
		return csv_cell(&c->row, s);
	return buf_puts(&c->row, s ? s : "");
}

int csv_end_row(struct csv *c)
{
	int rc;

	if (buf_append(&c->row, "\r\n", 2) < 0)
		return -1;
	rc = c->write(c->sink, c->row.data, c->row.len);
	buf_reset(&c->row);
	c->cells = 0;
	return rc;
}
