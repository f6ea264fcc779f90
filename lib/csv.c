/* csv.c: a CSV file, record by record (RFC 4180, read by libcsv), as
 * spreadsheets and hosted help desks export them: quoted fields with
 * delimiters, quotes and line breaks in them, a byte order mark, CR LF,
 * LF or (old Macs) CR alone at the ends of records. */
#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tkt-int.h"

struct reader {
	const char *path;
	tkt_csv_fn  fn;
	void       *ctx;
	tkt_buf     fields;      /* the record's fields, each NUL-terminated */
	size_t     *ends, n, cap, row;
	int         rc;
};

/* Where a record ends: LF (so that a CR alone inside an unquoted field is
 * a line break of its text), or CR in a file that has no LF at all. */
static int
is_lf(unsigned char c)
{
	return c == '\n';
}

static int
is_cr(unsigned char c)
{
	return c == '\r';
}

/* White space around an unquoted field, or after a quoted one: the CR of
 * a CR LF is dropped with it. */
static int
is_blank(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* A field read: its line breaks (CR LF, CR) as LF. */
static void
field_end(void *data, size_t len, void *vr)
{
	struct reader *r = vr;
	const char *s = data ? data : "";
	size_t i;

	if (r->rc)
		return;
	if (memchr(s, '\0', len)) {
		r->rc = tkt_error(EX_DATAERR, "%s: row %zu: field %zu has a NUL byte", r->path,
		                  r->row + 1, r->n + 1);
		return;
	}
	if (tkt_utf8_check(s, len) >= 0) {
		r->rc = tkt_error(EX_DATAERR, "%s: row %zu: field %zu is not UTF-8 (convert the file, "
		                  "as iconv -f WINDOWS-1252 -t UTF-8 does)", r->path, r->row + 1, r->n + 1);
		return;
	}
	for (i = 0; i < len; i++) {
		if (s[i] == '\r' && i + 1 < len && s[i + 1] == '\n')
			continue;
		tkt_buf_putc(&r->fields, s[i] == '\r' ? '\n' : s[i]);
	}
	tkt_buf_putc(&r->fields, '\0');
	if (r->n == r->cap)
		r->ends = tkt_realloc(r->ends, (r->cap = r->cap * 2 + 16) * sizeof *r->ends);
	r->ends[r->n++] = r->fields.len;
}

/* A record read: handed to fn as an array of strings. */
static void
record_end(int c, void *vr)
{
	struct reader *r = vr;
	char **f;
	size_t i;

	(void)c;
	r->row++;
	if (r->rc)
		return;
	f = tkt_calloc(r->n + 1, sizeof *f);
	for (i = 0; i < r->n; i++)
		f[i] = r->fields.s + (i ? r->ends[i - 1] : 0);
	r->rc = r->fn(f, r->n, r->row, r->ctx);
	free(f);
	r->fields.len = 0;
	r->n = 0;
}

int
tkt_csv_read(const char *path, tkt_csv_fn fn, void *ctx)
{
	struct reader r = { path, fn, ctx, TKT_BUF_INIT, NULL, 0, 0, 0, 0 };
	struct csv_parser p;
	char buf[65536];
	size_t len, off;
	int first = 1;
	FILE *in = fopen(path, "rb");

	if (!in)
		return tkt_error(errno == ENOENT ? EX_NOINPUT : EX_IOERR, "%s: %s", path, strerror(errno));
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0) {
		fclose(in);
		return tkt_error(EX_OSERR, "%s: cannot start the CSV reader", path);
	}
	csv_set_space_func(&p, is_blank);
	csv_set_term_func(&p, is_lf);
	while (!r.rc && (len = fread(buf, 1, sizeof buf, in)) > 0) {
		off = 0;
		if (first) {
			if (len >= 3 && !memcmp(buf, "\xef\xbb\xbf", 3))
				off = 3;
			if (!memchr(buf, '\n', len) && memchr(buf, '\r', len))
				csv_set_term_func(&p, is_cr);
			first = 0;
		}
		if (csv_parse(&p, buf + off, len - off, field_end, record_end, &r) != len - off && !r.rc)
			r.rc = tkt_error(EX_DATAERR, "%s: row %zu: %s (a quote inside a field that is not "
			                 "quoted, or text after a field's closing quote)", path, r.row + 1,
			                 csv_strerror(csv_error(&p)));
	}
	if (!r.rc && ferror(in))
		r.rc = tkt_error(EX_IOERR, "%s: %s", path, strerror(errno));
	if (!r.rc && csv_fini(&p, field_end, record_end, &r) != 0 && !r.rc)
		r.rc = tkt_error(EX_DATAERR, "%s: row %zu: a quoted field is not closed by the end of "
		                 "the file", path, r.row + 1);
	csv_free(&p);
	fclose(in);
	tkt_buf_release(&r.fields);
	free(r.ends);
	return r.rc;
}
