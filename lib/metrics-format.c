/* metrics-format.c: a report written out, as a table for people or as
 * tsv, csv and json for scripts, and its numbers as text: counts whole,
 * durations in whole seconds or as 2h 05m, rates and ratios in full for
 * scripts and with one decimal for people.  How a number is written
 * follows from its metric's kind (TKT_METRIC_LIST). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "metrics-int.h"

static int
is_duration(enum kind k)
{
	return k == K_MEDIAN || k == K_MEAN || k == K_P90 || k == K_SECONDS;
}

static int
is_fraction(enum kind k)
{
	return k == K_RATE || k == K_RATIO || k == K_NPS || k == K_AVERAGE;
}

/* A number as text: counts whole, durations whole seconds, rates and
 * ratios with one decimal. */
static void
number(char *buf, size_t n, enum kind k, double v)
{
	snprintf(buf, n, is_fraction(k) ? "%.1f" : "%.0f", v);
}

/* A number for scripts: as number(), but rates and ratios in the fewest
 * significant digits (15 to 17) that read back as the same double. */
static void
exact(char *buf, size_t n, enum kind k, double v)
{
	int digits;

	if (!is_fraction(k)) {
		number(buf, n, k, v);
		return;
	}
	if (v == 0)
		v = 0;              /* no -0 */
	for (digits = 15; digits < 17; digits++) {
		snprintf(buf, n, "%.*g", digits, v);
		if (strtod(buf, NULL) == v)
			return;
	}
	snprintf(buf, n, "%.17g", v);
}

/* A number for people: durations as 2h 05m, rates with a %. */
static void
human(char *buf, size_t n, enum kind k, double v)
{
	if (is_duration(k)) {
		int64_t s = (int64_t)v, d = s / 86400, h = s / 3600 % 24, mi = s / 60 % 60;

		if (d)
			snprintf(buf, n, "%lldd %02lldh %02lldm", (long long)d, (long long)h, (long long)mi);
		else if (h)
			snprintf(buf, n, "%lldh %02lldm", (long long)h, (long long)mi);
		else
			snprintf(buf, n, "%lldm %02llds", (long long)mi, (long long)(s % 60));
	} else if (k == K_RATE) {
		snprintf(buf, n, "%.1f%%", v);
	} else {
		number(buf, n, k, v);
	}
}

void
tkt_report_format(enum tkt_metric m, double v, enum tkt_number how, char *buf, size_t n)
{
	if (how == TKT_NUMBER_PEOPLE)
		human(buf, n, tkt_metric_defs[m].kind, v);
	else if (how == TKT_NUMBER_ROUNDED)
		number(buf, n, tkt_metric_defs[m].kind, v);
	else
		exact(buf, n, tkt_metric_defs[m].kind, v);
}

int
tkt_report_format_change(enum tkt_metric m, double d, char *buf, size_t n)
{
	enum kind k = tkt_metric_defs[m].kind;
	char amount[48];

	number(amount, sizeof amount, k, fabs(d));
	if (strtod(amount, NULL) == 0) {
		snprintf(buf, n, "%s", "");
		return 0;                 /* none at the precision shown */
	}
	if (is_duration(k))
		human(amount, sizeof amount, k, fabs(d));
	snprintf(buf, n, "%s%s%s", d > 0 ? "+" : "-", amount, k == K_RATE ? " pts" : "");
	return 1;
}

int
tkt_report_format_valid(const char *format)
{
	return strcmp(format, "table") == 0 || strcmp(format, "tsv") == 0 ||
	       strcmp(format, "csv") == 0 || strcmp(format, "json") == 0;
}

static const char *
key_name(const tkt_report *r, int k, char *buf, size_t n)
{
	if (r->key[k] == KEY_FIELD)
		snprintf(buf, n, "field.%s", r->field[k]);
	else
		snprintf(buf, n, "%s", tkt_report_keys[r->key[k]]);
	return buf;
}

static void
csv_field(FILE *fp, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		fputs(s, fp);
		return;
	}
	putc('"', fp);
	for (; *s; s++) {
		if (*s == '"')
			putc('"', fp);
		putc(*s, fp);
	}
	putc('"', fp);
}

/* The value of metric m for group g as scripts read it into buf, or 0
 * when it has none. */
static int
script_value(struct group *g, enum tkt_metric m, char *buf, size_t n)
{
	double v;

	if (tkt_group_value(g, m, &v) != 0)
		return 0;
	exact(buf, n, tkt_metric_defs[m].kind, v);
	return 1;
}

/* TSV or CSV: a line of column names, then one per group. */
static void
write_delimited(tkt_report *r, FILE *out, int csv)
{
	const char *sep = csv ? "," : "\t", *eol = csv ? "\r\n" : "\n";
	char buf[64], name[80];
	size_t i, j;
	int k;

	for (k = 0; k < r->nkeys; k++)
		fprintf(out, "%s%s", key_name(r, k, name, sizeof name), sep);
	for (i = 0, j = 0; i < TKT_NMETRICS; i++)
		if (r->want[i])
			fprintf(out, "%s%s", j++ ? sep : "", tkt_metric_names[i]);
	fputs(eol, out);
	for (i = 0; i < r->ngroups; i++) {
		for (k = 0; k < r->nkeys; k++) {
			if (csv)
				csv_field(out, r->groups[i]->label[k]);
			else
				tkt_out_field(out, r->groups[i]->label[k]);
			fputs(sep, out);
		}
		for (j = 0, k = 0; j < TKT_NMETRICS; j++) {
			if (!r->want[j])
				continue;
			if (k++)
				fputs(sep, out);
			if (script_value(r->groups[i], (enum tkt_metric)j, buf, sizeof buf))
				fputs(buf, out);
		}
		fputs(eol, out);
	}
}

/* JSON: an object per group, a line each; a metric with no value null. */
static void
write_json(tkt_report *r, FILE *out)
{
	char buf[64], name[80];
	size_t i, j;
	int k;

	for (i = 0; i < r->ngroups; i++) {
		fputc('{', out);
		for (k = 0; k < r->nkeys; k++) {
			tkt_out_json_str(out, key_name(r, k, name, sizeof name));
			fputc(':', out);
			tkt_out_json_str(out, r->groups[i]->label[k]);
			fputc(',', out);
		}
		for (j = 0, k = 0; j < TKT_NMETRICS; j++) {
			if (!r->want[j])
				continue;
			fprintf(out, "%s\"%s\":", k++ ? "," : "", tkt_metric_names[j]);
			fputs(script_value(r->groups[i], (enum tkt_metric)j, buf, sizeof buf) ? buf : "null",
			      out);
		}
		fputs("}\n", out);
	}
}

/* The table: one column per group, one row per metric. */
static void
write_table(tkt_report *r, FILE *out)
{
	char buf[64], name[80], tbuf[2][32];
	size_t i, j, width = 24;
	int k;

	fprintf(out, "window %s .. %s%s\n", tkt_time_iso(r->o.since, tbuf[0]),
	        tkt_time_iso(r->o.until, tbuf[1]), r->o.business ? " (business hours)" : "");
	for (k = 0; k < r->nkeys; k++) {
		fprintf(out, "%-*s", (int)width, key_name(r, k, name, sizeof name));
		for (i = 0; i < r->ngroups; i++) {
			fputs("  ", out);
			fprintf(out, "%16.16s", r->groups[i]->label[k]);
		}
		fputc('\n', out);
	}
	for (j = 0; j < TKT_NMETRICS; j++) {
		if (!r->want[j])
			continue;
		fprintf(out, "%-*s", (int)width, tkt_metric_names[j]);
		for (i = 0; i < r->ngroups; i++) {
			double v;

			if (tkt_group_value(r->groups[i], (enum tkt_metric)j, &v) == 0)
				human(buf, sizeof buf, tkt_metric_defs[j].kind, v);
			else
				strcpy(buf, "-");
			fprintf(out, "  %16s", buf);
		}
		fputc('\n', out);
	}
}

int
tkt_report_write(tkt_report *r, FILE *out, const char *format)
{
	tkt_report_settle(r);
	if (strcmp(format, "csv") == 0 || strcmp(format, "tsv") == 0)
		write_delimited(r, out, strcmp(format, "csv") == 0);
	else if (strcmp(format, "json") == 0)
		write_json(r, out);
	else
		write_table(r, out);
	return 0;
}
