/* tkt-export: write tickets with their whole history as JSON Lines, the
 * format tkt-new --batch reads back. */
#include <stdlib.h>

#include "tkt-tool.h"

static const char usage[] =
	"usage: tkt-export [FILTER...] [--db STORE] [--as NAME] [--at TIME]\n"
	"\n"
	"Write each ticket that matches every FILTER word (all of them without\n"
	"any), in id order, as one JSON object per line: its attributes, requester,\n"
	"fields, tags, messages (with quoted history and attachments, their data in\n"
	"hex), events, ratings and reviews.  tkt-new --batch reads it back.\n"
	"\n"
	TKT_COMMON_HELP;

static const struct tkt_opt opts[] = { { 0, NULL, 0 } };

int
main(int argc, char **argv)
{
	struct tkt_cli cli;
	const char **words = tkt_cli_calloc((size_t)argc, sizeof *words);
	const char *arg;
	size_t nwords = 0;
	int64_t count;
	tkt_filter *f;
	int rc;

	tkt_cli_init(&cli, argc, argv, "tkt-export", usage, opts, TKT_DASH_WORDS);
	while (tkt_cli_next(&cli, &arg) != TKT_OPT_END) {
		if ((rc = tkt_filter_word_check(arg)))
			tkt_cli_fail(&cli, rc);
		words[nwords++] = arg;
	}
	f = tkt_cli_filter(&cli, words, nwords);
	if (tkt_filter_has_sla(f))
		tkt_cli_usage(&cli, "breach= and due are for tkt-ls");
	tkt_cli_open(&cli, TKT_READ);
	if ((rc = tkt_export(cli.store, f, stdout, &count)))
		tkt_cli_fail(&cli, rc);
	return tkt_cli_finish(&cli, 0);
}
