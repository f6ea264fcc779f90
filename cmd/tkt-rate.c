/* tkt-rate: record survey answers (CSAT, NPS, agent rating, CES). */
#include <ctype.h>
#include <stdlib.h>

#include "tkt-tool.h"

static const char usage[] =
	"usage: tkt-rate [ID...] RATING... [-m COMMENT]\n"
	"                [--db STORE] [--as NAME] [--at TIME] [--json] [-q]\n"
	"\n"
	"Record the customer's survey answers for tickets and print their ids.\n"
	"With no ID the ids are read from stdin.  Each RATING is one of:\n"
	"\n"
	"  csat=1..5                 customer satisfaction (4 and 5 count as satisfied)\n"
	"  nps=0..10                 how likely the customer is to recommend you\n"
	"  agent=1..10               the customer's rating of the assigned agent\n"
	"  ces=1..7                  how easy the company made it to handle the issue\n"
	"                            (customer effort score; 7 = strongly agree)\n"
	"\n"
	"  -m, --message COMMENT     the customer's comment\n"
	"      --json                print {\"id\":N} lines instead of ids\n"
	"  -q, --quiet               print nothing\n"
	TKT_COMMON_HELP;

static const struct tkt_opt opts[] = { { 'm', "message", 1 }, { 0, NULL, 0 } };

int
main(int argc, char **argv)
{
	struct tkt_cli cli;
	struct tkt_rating *ratings = tkt_cli_calloc((size_t)argc, sizeof *ratings);
	int64_t *ids = tkt_cli_calloc((size_t)argc, sizeof *ids);
	size_t nratings = 0, nids = 0, i, j;
	const char *arg, *comment_arg = NULL;
	char *comment = NULL, kinds[TKT_RATING_KINDS_MAX];
	int o, rc;

	tkt_cli_init(&cli, argc, argv, "tkt-rate", usage, opts, 0);
	while ((o = tkt_cli_next(&cli, &arg)) != TKT_OPT_END) {
		if (o == 'm') {
			comment_arg = arg;
		} else if (isdigit((unsigned char)arg[0]) || arg[0] == '#') {
			if ((rc = tkt_id_parse(arg, &ids[nids++])))
				tkt_cli_usage(&cli, "%s", tkt_errmsg());
		} else if ((rc = tkt_rating_parse(arg, &ratings[nratings++]))) {
			tkt_cli_fail(&cli, rc);
		}
	}
	if (nratings == 0) {
		tkt_rating_kinds(kinds, sizeof kinds);
		tkt_cli_usage(&cli, "no rating given (%s)", kinds);
	}
	if (comment_arg)
		comment = tkt_cli_body(&cli, &comment_arg, 1, NULL, TKT_BODY_ARGS);
	if (nids == 0)
		ids = tkt_cli_stdin_ids(&cli, &nids);

	tkt_cli_open(&cli, TKT_WRITE);
	tkt_cli_begin(&cli);
	tkt_cli_resolve(&cli, ids, &nids);
	for (i = 0; i < nids; i++)
		for (j = 0; j < nratings; j++)
			if ((rc = tkt_rating_add(cli.store, ids[i], &ratings[j], comment, cli.now)))
				tkt_cli_fail(&cli, rc);
	for (i = 0; i < nids; i++)
		tkt_cli_print_id(&cli, ids[i]);
	tkt_cli_commit(&cli);

	return tkt_cli_finish(&cli, 0);
}
