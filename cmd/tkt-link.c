/* tkt-link: make tickets incidents of a problem, or unlink them. */
#include <stdlib.h>

#include "tkt-tool.h"

static const char usage[] =
	"usage: tkt-link [INCIDENT...] --problem PROBLEM\n"
	"       tkt-link [INCIDENT...] --unlink\n"
	"                [--db STORE] [--as NAME] [--at TIME] [--json] [-q]\n"
	"\n"
	"Link tickets to the problem behind them, as its incidents, and print their\n"
	"ids.  With no INCIDENT the ids are read from stdin.  A ticket with incidents\n"
	"is a problem: tkt-show lists them, tkt-reply --to-incidents answers them\n"
	"all at once, tkt-ls problem=ID, is=problem, is=incident and incidents>N\n"
	"select by it.  An incident linked to another problem moves to this one.\n"
	"\n"
	"  -p, --problem PROBLEM     the ticket of the fault behind them\n"
	"  -u, --unlink              make them incidents of no problem\n"
	"      --json                print {\"id\":N} lines instead of ids\n"
	"  -q, --quiet               print nothing\n"
	TKT_COMMON_HELP;

static const struct tkt_opt opts[] = {
	{ 'p', "problem", 1 }, { 'u', "unlink", 0 }, { 0, NULL, 0 },
};

int
main(int argc, char **argv)
{
	struct tkt_cli cli;
	int64_t *ids = tkt_cli_calloc((size_t)argc, sizeof *ids), problem = 0;
	size_t nids = 0, i;
	const char *arg;
	int o, rc, unlink_ = 0;

	tkt_cli_init(&cli, argc, argv, "tkt-link", usage, opts, 0);
	while ((o = tkt_cli_next(&cli, &arg)) != TKT_OPT_END) {
		if (o == 'p') {
			if (tkt_id_parse(arg, &problem))
				tkt_cli_usage(&cli, "--problem: %s", tkt_errmsg());
		} else if (o == 'u') {
			unlink_ = 1;
		} else if (tkt_id_parse(arg, &ids[nids++])) {
			tkt_cli_usage(&cli, "%s", tkt_errmsg());
		}
	}
	if (unlink_ && problem)
		tkt_cli_usage(&cli, "--problem and --unlink exclude each other");
	if (!unlink_ && !problem)
		tkt_cli_usage(&cli, "no problem given (--problem PROBLEM, or --unlink)");
	if (nids == 0)
		ids = tkt_cli_stdin_ids(&cli, &nids);

	tkt_cli_open(&cli, TKT_WRITE);
	tkt_cli_begin(&cli);
	if (problem && (rc = tkt_ticket_resolve(cli.store, problem, &problem)))
		tkt_cli_fail(&cli, rc);
	tkt_cli_resolve(&cli, ids, &nids);
	for (i = 0; i < nids; i++)
		if ((rc = tkt_link(cli.store, ids[i], problem, cli.agent, cli.now)))
			tkt_cli_fail(&cli, rc);
	for (i = 0; i < nids; i++)
		tkt_cli_print_id(&cli, ids[i]);
	tkt_cli_commit(&cli);

	return tkt_cli_finish(&cli, 0);
}
