/* tkt-merge: merge tickets into one. */
#include <stdlib.h>

#include "tkt-tool.h"

static const char usage[] =
	"usage: tkt-merge [SOURCE...] --into TARGET\n"
	"                 [--db STORE] [--as NAME] [--at TIME] [--json] [-q]\n"
	"\n"
	"Merge tickets into ticket TARGET and print its id.  With no SOURCE the ids\n"
	"are read from stdin.  Each source's messages, notes, attachments, ratings\n"
	"and reviews move to the target; its tags, fields and followers join the\n"
	"target's, and its requester follows the target.  The source is closed as\n"
	"merged: tkt-show, tkt-reply, tkt-tag, tkt-rate, tkt-link, qa-check and mail\n"
	"naming it reach the target from then on.  All sources or none are merged.\n"
	"\n"
	"      --into TARGET         the ticket that stays\n"
	"      --json                print {\"id\":N} instead of the id\n"
	"  -q, --quiet               print nothing\n"
	TKT_COMMON_HELP;

enum { OPT_INTO = 256 };
static const struct tkt_opt opts[] = { { OPT_INTO, "into", 1 }, { 0, NULL, 0 } };

int
main(int argc, char **argv)
{
	struct tkt_cli cli;
	int64_t *ids = tkt_cli_calloc((size_t)argc, sizeof *ids), target = 0;
	size_t nids = 0, i;
	const char *arg;
	int o, rc;

	tkt_cli_init(&cli, argc, argv, "tkt-merge", usage, opts, 0);
	while ((o = tkt_cli_next(&cli, &arg)) != TKT_OPT_END) {
		if (o == OPT_INTO) {
			if (tkt_id_parse(arg, &target))
				tkt_cli_usage(&cli, "--into: %s", tkt_errmsg());
		} else if (tkt_id_parse(arg, &ids[nids++])) {
			tkt_cli_usage(&cli, "%s", tkt_errmsg());
		}
	}
	if (!target)
		tkt_cli_usage(&cli, "no target given (--into TARGET)");
	if (nids == 0)
		ids = tkt_cli_stdin_ids(&cli, &nids);
	for (i = 0; i < nids; i++)
		if (ids[i] == target)
			tkt_cli_usage(&cli, "ticket %lld cannot be merged into itself",
			              (long long)target);

	tkt_cli_open(&cli, TKT_WRITE);
	tkt_cli_begin(&cli);
	if ((rc = tkt_merge(cli.store, ids, nids, target, cli.agent, cli.now)))
		tkt_cli_fail(&cli, rc);
	tkt_cli_print_id(&cli, target);
	tkt_cli_commit(&cli);

	return tkt_cli_finish(&cli, 0);
}
