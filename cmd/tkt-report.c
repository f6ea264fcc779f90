/* tkt-report: the help desk's metrics for a window of time. */
#include <stdlib.h>
#include <string.h>

#include "tkt-tool.h"

static const char usage[] =
	"usage: tkt-report [FILTER...] [-] [--since TIME] [--until TIME] [--last PERIOD]\n"
	"                  [--day DATE] [--week WEEK] [--month MONTH] [--quarter QUARTER]\n"
	"                  [--year YEAR] [--by KEY[,KEY...]]\n"
	"                  [--metrics LIST] [--business-hours] [--format FORMAT] [--config FILE]\n"
	"                  [--checklist FILE] [--mail-to ADDRESS[,ADDRESS...]] [--subject TEXT]\n"
	"                  [--db STORE] [--as NAME] [--at TIME] [--json]\n"
	"\n"
	"Compute the help desk's metrics (volume, first and next reply times,\n"
	"resolution times and rates, status times, one-touch, reopens, update\n"
	"compliance, CSAT, NPS, transfers, productivity) over the tickets that\n"
	"match every FILTER word, for the window [--since, --until).  Every\n"
	"metric is defined in tkt-metrics(7).  With '-', only the tickets whose\n"
	"ids are on stdin.\n"
	"\n"
	"      --since TIME          start of the window: a time (2026-11-23, today,\n"
	"                            yesterday, monday) or a duration back from now\n"
	"                            (7d, 1mo, 1y) (default: 30 days before --until)\n"
	"      --until TIME          end of the window, not included (default: now)\n"
	TKT_WINDOW_HELP
	"      --by KEY[,KEY]        group by agent, group, type, priority, channel, tag,\n"
	"                            template, field.NAME, day, week or month (local\n"
	"                            time), or ticket\n"
	"      --metrics LIST        only these metrics; a name or the start of names,\n"
	"                            like first_reply,csat\n"
	"      --business-hours      durations in business hours (see tkt-config(5))\n"
	"      --format FORMAT       table (default), tsv, csv, json or html; for scripts,\n"
	"                            tsv, csv and json give durations in whole seconds,\n"
	"                            rates (in %) and ratios in full precision; html is\n"
	"                            one page with charts, against the window of the\n"
	"                            same length before\n"
	"      --json                the same as --format json\n"
	"      --config FILE         the configuration, with the time zone of the window\n"
	"                            (default $TKT_CONFIG, else\n"
	"                            $XDG_CONFIG_HOME/tkt/config.yaml)\n"
	"      --checklist FILE      the QA checklist for the page's QA scores (default\n"
	"                            qa/checklist.yaml on the template path)\n"
	"      --mail-to ADDRESSES   with --format html, mail the page (with the same\n"
	"                            numbers as plain text) through the configured\n"
	"                            sendmail command instead of printing it\n"
	"      --subject TEXT        the mail's subject (default: Help desk report\n"
	"                            SINCE to UNTIL)\n"
	TKT_COMMON_HELP;

enum { OPT_BY = 256, OPT_METRICS, OPT_BUSINESS, OPT_FORMAT, OPT_CONFIG, OPT_CHECKLIST,
       OPT_MAIL_TO, OPT_SUBJECT };

static const struct tkt_opt opts[] = {
	TKT_WINDOW_OPTS, { OPT_BY, "by", 1 },
	{ OPT_METRICS, "metrics", 1 }, { OPT_BUSINESS, "business-hours", 0 },
	{ OPT_FORMAT, "format", 1 }, { OPT_CONFIG, "config", 1 }, { OPT_CHECKLIST, "checklist", 1 },
	{ OPT_MAIL_TO, "mail-to", 1 }, { OPT_SUBJECT, "subject", 1 }, { 0, NULL, 0 },
};

/* The page, printed or mailed. */
static int
page(struct tkt_cli *cli, const struct tkt_report_opts *o, const char *scope,
     const char *checklist, const char *mail_to, const char *subject)
{
	struct tkt_checklist *cl = NULL;
	tkt_page *p = NULL;
	char *mail = NULL;
	int rc;

	if (!(rc = tkt_checklist_load(checklist, &cl)) && !(rc = tkt_page_new(o, scope, cli->now, &p))) {
		tkt_cli_open(cli, TKT_READ);
		if (!(rc = tkt_page_run(p, cli->store, cl)) && mail_to)
			rc = tkt_page_mail(p, o->config, mail_to, subject, &mail);
		if (!rc)
			rc = mail ? tkt_mail_send(o->config, mail) : tkt_page_html(p, stdout);
	}
	free(mail);
	tkt_page_free(p);
	tkt_checklist_free(cl);
	return rc;
}

int
main(int argc, char **argv)
{
	struct tkt_cli cli;
	struct tkt_report_opts o = { 0 };
	const struct tkt_config *config;
	tkt_report *report = NULL;
	struct tkt_zone zone;
	const char **words = tkt_cli_calloc((size_t)argc, sizeof *words);
	struct tkt_window window = { 0 };
	const char *arg, *format = NULL;
	const char *checklist = NULL, *mail_to = NULL, *subject = NULL;
	tkt_buf scope = TKT_BUF_INIT;
	size_t nwords = 0, nids, i;
	int o_, rc, from_stdin = 0, html;
	tkt_filter *f;

	tkt_cli_init(&cli, argc, argv, "tkt-report", usage, opts, TKT_DASH_WORDS);
	while ((o_ = tkt_cli_next(&cli, &arg)) != TKT_OPT_END) {
		switch (o_) {
		case TKT_WINDOW_SINCE: case TKT_WINDOW_UNTIL: case TKT_WINDOW_LAST: case TKT_WINDOW_DAY:
		case TKT_WINDOW_WEEK: case TKT_WINDOW_MONTH: case TKT_WINDOW_QUARTER: case TKT_WINDOW_YEAR:
			if ((rc = tkt_window_opt(&window, o_, arg)))
				tkt_cli_fail(&cli, rc);
			break;
		case OPT_BY: o.by = arg; break;
		case OPT_METRICS: o.metrics = arg; break;
		case OPT_BUSINESS: o.business = 1; break;
		case OPT_FORMAT: format = arg; break;
		case OPT_CONFIG: break;     /* the cli's: tkt_cli_config */
		case OPT_CHECKLIST: checklist = arg; break;
		case OPT_MAIL_TO: mail_to = arg; break;
		case OPT_SUBJECT: subject = arg; break;
		case TKT_OPT_WORD:
			if (strcmp(arg, "-") == 0)
				from_stdin = 1;
			else if ((rc = tkt_filter_word_check(arg)))
				tkt_cli_fail(&cli, rc);
			else
				words[nwords++] = arg;
			break;
		}
	}
	if (cli.json && format && strcmp(format, "json") != 0)
		tkt_cli_usage(&cli, "--json and --format %s exclude each other", format);
	if (!format)
		format = cli.json ? "json" : "table";
	html = strcmp(format, "html") == 0;
	if (!html && !tkt_report_format_valid(format))
		tkt_cli_usage(&cli, "unknown format '%s' (table, tsv, csv, json or html)", format);
	if (html && (o.by || o.metrics))
		tkt_cli_usage(&cli, "--%s is for the table: the page has its charts and tiles",
		              o.by ? "by" : "metrics");
	if ((mail_to || subject || checklist) && !html)
		tkt_cli_usage(&cli, "--%s is for the page: add --format html",
		              mail_to ? "mail-to" : subject ? "subject" : "checklist");
	if (subject && !mail_to)
		tkt_cli_usage(&cli, "--subject is for a mail: add --mail-to ADDRESS");
	if (subject && !tkt_line_valid(subject))
		tkt_cli_usage(&cli, "--subject must be one line of text");
	f = tkt_cli_filter(&cli, words, nwords);
	if (tkt_filter_has_sla(f))
		tkt_cli_usage(&cli, "breach= and due are for tkt-ls: a report covers a window, not now");
	if (from_stdin) {
		int64_t *ids = tkt_cli_stdin_ids(&cli, &nids);

		tkt_filter_ids(f, ids, nids);
	}
	config = tkt_cli_config(&cli);
	if ((rc = tkt_window_bounds(&window, config->timezone, cli.now, cli.now, 30 * 86400, &o.since,
	                            &o.until)))
		tkt_cli_fail(&cli, rc);
	o.config = config;
	o.filter = f;
	tkt_zone_enter(&zone, config->timezone);   /* days, weeks, months: the help desk's */
	if (html) {
		for (i = 0; i < nwords; i++)      /* which tickets, said on the page */
			tkt_buf_printf(&scope, "%s%s", i ? " " : "", words[i]);
		rc = page(&cli, &o, scope.s, checklist, mail_to, subject);
	} else if (!(rc = tkt_report_new(&o, &report))) {
		tkt_cli_open(&cli, TKT_READ);
		if (!(rc = tkt_report_run(report, cli.store)))
			rc = tkt_report_write(report, stdout, format);
	}
	tkt_zone_leave(&zone);
	tkt_buf_release(&scope);
	tkt_report_free(report);
	if (rc)
		tkt_cli_fail(&cli, rc);
	return tkt_cli_finish(&cli, 0);
}
