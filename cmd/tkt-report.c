/* tkt-report: the help desk's metrics for a window of time. */
#include <stdlib.h>
#include <string.h>

#include "tkt.h"

static const char usage[] =
	"usage: tkt-report [FILTER...] [-] [--since TIME] [--until TIME] [--by KEY[,KEY...]]\n"
	"                  [--metrics LIST] [--business-hours] [--format FORMAT] [--config FILE]\n"
	"                  [--db STORE] [--as NAME] [--at TIME] [--json]\n"
	"\n"
	"Compute the help desk's metrics (volume, first and next reply times,\n"
	"resolution times and rates, status times, one-touch, reopens, update\n"
	"compliance, CSAT, NPS, transfers, productivity) over the tickets that\n"
	"match every FILTER word, for the window [--since, --until).  Every\n"
	"metric is defined in tkt-metrics(7).  With '-', only the tickets whose\n"
	"ids are on stdin.\n"
	"\n"
	"      --since TIME          start of the window: a time or a duration back\n"
	"                            from now, like 7d (default: 30 days before --until)\n"
	"      --until TIME          end of the window, not included (default: now)\n"
	"      --by KEY[,KEY]        group by agent, group, type, priority, channel, tag,\n"
	"                            template, field.NAME, day, week or month (local\n"
	"                            time), or ticket\n"
	"      --metrics LIST        only these metrics; a name or the start of names,\n"
	"                            like first_reply,csat\n"
	"      --business-hours      durations in business hours (see tkt-config(5))\n"
	"      --format FORMAT       table (default), tsv, csv or json; for scripts, tsv,\n"
	"                            csv and json give durations in seconds, rates in %\n"
	"      --json                the same as --format json\n"
	"      --config FILE         the configuration (default $TKT_CONFIG, else\n"
	"                            $XDG_CONFIG_HOME/tkt/config.yaml)\n"
	TKT_COMMON_HELP;

enum { OPT_SINCE = 256, OPT_UNTIL, OPT_BY, OPT_METRICS, OPT_BUSINESS, OPT_FORMAT, OPT_CONFIG };

static const struct tkt_opt opts[] = {
	{ OPT_SINCE, "since", 1 }, { OPT_UNTIL, "until", 1 }, { OPT_BY, "by", 1 },
	{ OPT_METRICS, "metrics", 1 }, { OPT_BUSINESS, "business-hours", 0 },
	{ OPT_FORMAT, "format", 1 }, { OPT_CONFIG, "config", 1 }, { 0, NULL, 0 },
};

static time_t
when(struct tkt_cli *cli, const char *opt, const char *arg)
{
	time_t t;
	int rc;

	if ((rc = tkt_time_parse(arg, cli->now, &t, NULL)))
		tkt_cli_fail(cli, tkt_error(rc, "--%s: %s", opt, tkt_errmsg()));
	return t;
}

int
main(int argc, char **argv)
{
	struct tkt_cli cli;
	struct tkt_report_opts o = { 0 };
	struct tkt_config *config = NULL;
	tkt_report *report = NULL;
	const char **words = tkt_cli_calloc((size_t)argc, sizeof *words);
	const char *arg, *since = NULL, *until = NULL, *format = "table", *config_path = NULL;
	size_t nwords = 0, nids;
	int o_, rc, from_stdin = 0;
	tkt_filter *f;

	tkt_cli_init(&cli, argc, argv, "tkt-report", usage, opts, 1);
	while ((o_ = tkt_cli_next(&cli, &arg)) != TKT_OPT_END) {
		switch (o_) {
		case OPT_SINCE: since = arg; break;
		case OPT_UNTIL: until = arg; break;
		case OPT_BY: o.by = arg; break;
		case OPT_METRICS: o.metrics = arg; break;
		case OPT_BUSINESS: o.business = 1; break;
		case OPT_FORMAT: format = arg; break;
		case OPT_CONFIG: config_path = arg; break;
		case TKT_OPT_WORD:
			if (strcmp(arg, "-") == 0)
				from_stdin = 1;
			else if (tkt_filter_is_word(arg))
				words[nwords++] = arg;
			else
				tkt_cli_usage(&cli, "bad filter '%s' (like status=open, +tag, age>2d)", arg);
			break;
		}
	}
	if (cli.json)
		format = "json";
	if (!tkt_report_format_valid(format))
		tkt_cli_usage(&cli, "unknown format '%s' (table, tsv, csv or json)", format);
	o.until = until ? when(&cli, "until", until) : cli.now;
	o.since = since ? when(&cli, "since", since) : o.until - 30 * 86400;
	f = tkt_cli_filter(&cli, words, nwords);
	if (tkt_filter_has_sla(f))
		tkt_cli_usage(&cli, "breach= and due are for tkt-ls: a report covers a window, not now");
	if (from_stdin) {
		int64_t *ids = tkt_cli_stdin_ids(&cli, &nids);

		tkt_filter_ids(f, ids, nids);
	}
	if ((rc = tkt_config_load(config_path, &config)))
		tkt_cli_fail(&cli, rc);
	o.config = config;
	o.filter = f;
	if ((rc = tkt_report_new(&o, &report)))
		goto fail;
	tkt_cli_open(&cli, TKT_READ);
	if ((rc = tkt_report_run(report, cli.store)) || (rc = tkt_report_write(report, stdout, format)))
		goto fail;
	tkt_report_free(report);
	tkt_config_free(config);
	return tkt_cli_finish(&cli, 0);
fail:
	tkt_report_free(report);
	tkt_config_free(config);
	tkt_cli_fail(&cli, rc);
}
