/* tkt-survey: send the survey to the customers of the tickets solved a
 * while ago (for cron), and print their ids. */
#include <stdlib.h>

#include "tkt-tool.h"

static const char usage[] =
	"usage: tkt-survey [--dry-run] [--config FILE]\n"
	"                  [--db STORE] [--as NAME] [--at TIME] [--json] [-q]\n"
	"\n"
	"Mail the survey (reply template survey, in the customer's language) to\n"
	"the customer of each ticket solved at least survey: delay: ago (default\n"
	"1h), not surveyed before, not merged, whose customer has an address and\n"
	"was not asked within survey: once_per_customer_per: (default 30d); log it\n"
	"on the ticket and print its id.  Each goes through the outbox and the\n"
	"configured sendmail command; one it does not take stays queued (exit 3)\n"
	"for tkt-reply --flush.  Made to run from cron.\n"
	"\n"
	"  -n, --dry-run             list the tickets due a survey, send nothing\n"
	"      --config FILE         the survey and mail settings (default $TKT_CONFIG,\n"
	"                            else $XDG_CONFIG_HOME/tkt/config.yaml)\n"
	"      --json                print {\"id\":N} lines instead of ids\n"
	"  -q, --quiet               print nothing\n"
	TKT_COMMON_HELP;

enum { OPT_CONFIG = 256 };

static const struct tkt_opt opts[] = {
	{ 'n', "dry-run", 0 }, { OPT_CONFIG, "config", 1 }, { 0, NULL, 0 },
};

int
main(int argc, char **argv)
{
	struct tkt_cli cli;
	struct tkt_config *config;
	const char *arg, *config_path = NULL;
	int64_t *ids, *msgs;
	size_t n, i;
	int o, dry = 0, rc;

	tkt_cli_init(&cli, argc, argv, "tkt-survey", usage, opts, 0);
	while ((o = tkt_cli_next(&cli, &arg)) != TKT_OPT_END) {
		if (o == 'n')
			dry = 1;
		else if (o == OPT_CONFIG)
			config_path = arg;
		else
			tkt_cli_usage(&cli, "unexpected argument '%s'", arg);
	}
	/* Sending needs the help desk's address; listing does not. */
	if (!dry)
		config = tkt_reply_mail_config(&cli, config_path);
	else if ((rc = tkt_config_load(config_path, &config)))
		tkt_cli_fail(&cli, rc);
	tkt_cli_open(&cli, TKT_WRITE);
	tkt_cli_begin(&cli);
	if ((rc = tkt_survey_run(cli.store, config, cli.agent, cli.now, dry, &ids, &msgs, &n))) {
		tkt_config_free(config);
		tkt_cli_fail(&cli, rc);
	}
	for (i = 0; i < n; i++)
		tkt_cli_print_id(&cli, ids[i]);
	tkt_cli_commit(&cli);
	if (!dry && n)
		rc = tkt_reply_send_queued(&cli, config, msgs, n);
	free(ids);
	free(msgs);
	tkt_config_free(config);
	return tkt_cli_finish(&cli, rc);
}
