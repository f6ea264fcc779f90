/* tkt-tag: add and remove tags, set status, priority, type, assignee,
 * group and fields, add and remove followers. */
#include <ctype.h>
#include <stdlib.h>

#include "tkt-tool.h"

static const char usage[] =
	"usage: tkt-tag [ID...] WORD... [--db STORE] [--as NAME] [--at TIME] [--json] [-q]\n"
	"\n"
	"Change tickets and print their ids.  With no ID the ids are read from stdin.\n"
	"Each WORD is one change:\n"
	"\n"
	"  +TAG                      add a tag (a lower-case word; - _ : . allowed)\n"
	"  -TAG                      remove a tag\n"
	"  status=STATUS             new, open, pending, on-hold, solved, closed\n"
	"  priority=PRIORITY         low, normal, high, urgent\n"
	"  type=TYPE                 the service type (empty: none)\n"
	"  assignee=NAME             the agent who owns it (empty: nobody; me: the\n"
	"                            agent acting)\n"
	"  group=GROUP               the team that owns it (empty: none)\n"
	"  field.NAME=VALUE          a custom field (empty: remove it)\n"
	"  cc+=ADDRESS               add a follower ('Name <address>' or an address):\n"
	"                            replies by mail go to them too, and their mail\n"
	"                            joins the ticket\n"
	"  cc-=ADDRESS               remove a follower\n"
	"\n"
	"      --json                print {\"id\":N} lines instead of ids\n"
	"  -q, --quiet               print nothing\n"
	TKT_COMMON_HELP;

static const struct tkt_opt opts[] = { { 0, NULL, 0 } };

int
main(int argc, char **argv)
{
	struct tkt_cli cli;
	struct tkt_change *changes = tkt_cli_calloc((size_t)argc, sizeof *changes);
	int64_t *ids = tkt_cli_calloc((size_t)argc, sizeof *ids);
	size_t nchanges = 0, nids = 0, i, j;
	const char *arg;
	int o, rc;

	tkt_cli_init(&cli, argc, argv, "tkt-tag", usage, opts, TKT_DASH_WORDS | TKT_PLUS_TAGS);
	while ((o = tkt_cli_next(&cli, &arg)) != TKT_OPT_END) {
		if (isdigit((unsigned char)arg[0]) || arg[0] == '#') {
			if ((rc = tkt_id_parse(arg, &ids[nids++])))
				tkt_cli_usage(&cli, "%s", tkt_errmsg());
		} else if ((rc = tkt_change_parse(arg, &changes[nchanges++]))) {
			tkt_cli_fail(&cli, rc);
		}
	}
	for (j = 0; j < nchanges; j++)
		if (changes[j].op == TKT_SET && (rc = tkt_cli_team(&cli, changes[j].key, &changes[j].value)))
			tkt_cli_fail(&cli, rc);
	if (nchanges == 0)
		tkt_cli_usage(&cli, "nothing to change (+TAG, -TAG, key=value or cc+=ADDRESS)");
	if (nids == 0)
		ids = tkt_cli_stdin_ids(&cli, &nids);

	tkt_cli_open(&cli, TKT_WRITE);
	tkt_cli_begin(&cli);
	tkt_cli_resolve(&cli, ids, &nids);
	for (i = 0; i < nids; i++)
		for (j = 0; j < nchanges; j++)
			if ((rc = tkt_change_apply(cli.store, ids[i], &changes[j], cli.agent, cli.now)))
				tkt_cli_fail(&cli, rc);
	for (i = 0; i < nids; i++)
		tkt_cli_print_id(&cli, ids[i]);
	tkt_cli_commit(&cli);

	return tkt_cli_finish(&cli, 0);
}
