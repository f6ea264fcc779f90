/* out.c: writers for what tools print: TSV fields, JSON strings, and the
 * final check that output really was written. */
#include <errno.h>
#include <string.h>

#include "tkt-int.h"

void
tkt_out_field(FILE *fp, const char *s)
{
	const unsigned char *p;

	for (p = (const unsigned char *)(s ? s : ""); *p; p++)
		putc(*p < 0x20 || *p == 0x7f ? ' ' : *p, fp);
}

void
tkt_out_json_str(FILE *fp, const char *s)
{
	const unsigned char *p;

	putc('"', fp);
	for (p = (const unsigned char *)(s ? s : ""); *p; p++) {
		switch (*p) {
		case '"':  fputs("\\\"", fp); break;
		case '\\': fputs("\\\\", fp); break;
		case '\n': fputs("\\n", fp); break;
		case '\r': fputs("\\r", fp); break;
		case '\t': fputs("\\t", fp); break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				fprintf(fp, "\\u%04x", *p);
			else
				putc(*p, fp);
		}
	}
	putc('"', fp);
}

/* The characters (not bytes) of UTF-8 text s[0..n). */
static size_t
utf8_chars(const char *s, size_t n)
{
	size_t c = 0, i;

	for (i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xc0) != 0x80;
	return c;
}

void
tkt_out_json_snippet(FILE *fp, const struct tkt_snippet *sn)
{
	size_t i;

	fputs("{\"text\":", fp);
	tkt_out_json_str(fp, sn->text);
	fputs(",\"spans\":[", fp);
	for (i = 0; i < sn->nspans; i++)
		fprintf(fp, "%s[%zu,%zu]", i ? "," : "", utf8_chars(sn->text, sn->spans[i].at),
		        utf8_chars(sn->text + sn->spans[i].at, sn->spans[i].len));
	fputs("]}", fp);
}

static void
html_run(FILE *fp, const unsigned char *p, size_t n)
{
	for (; n; p++, n--) {
		switch (*p) {
		case '&':  fputs("&amp;", fp); break;
		case '<':  fputs("&lt;", fp); break;
		case '>':  fputs("&gt;", fp); break;
		case '"':  fputs("&quot;", fp); break;
		case '\'': fputs("&#39;", fp); break;
		default:
			putc((*p < 0x20 && *p != '\n' && *p != '\t') || *p == 0x7f ? ' ' : *p, fp);
		}
	}
}

void
tkt_out_html(FILE *fp, const char *s)
{
	size_t n = s ? strlen(s) : 0;
	long bad;

	while (n) {
		if ((bad = tkt_utf8_check(s, n)) < 0) {
			html_run(fp, (const unsigned char *)s, n);
			return;
		}
		html_run(fp, (const unsigned char *)s, (size_t)bad);
		fputs("\xef\xbf\xbd", fp);
		s += bad + 1;
		n -= (size_t)bad + 1;
	}
}

int
tkt_out_flush(FILE *fp, const char *what)
{
	if (fflush(fp) != 0 || ferror(fp))
		return tkt_error(EX_IOERR, "cannot write %s: %s", what,
		                 strerror(errno ? errno : EIO));
	return 0;
}
