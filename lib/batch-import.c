/* batch-import.c: tkt-new --batch, tickets with their history read in
 * bulk (tkt_import), the ids of each chunk printed before it is stored. */
#include <unistd.h>

#include "tkt-tool.h"

/* The ids of a chunk of --batch, printed before it is committed: when
 * they cannot be, the chunk is not stored. */
static int
print_ids(const int64_t *ids, size_t n, void *cli)
{
	static int chunks;
	size_t i;
	int rc;

	for (i = 0; i < n; i++)
		tkt_cli_print_id(cli, ids[i]);
	if ((rc = tkt_cli_flush()))
		tkt_error(rc, "%s; %s", tkt_errmsg(),
		          chunks ? "only the chunks before stored" : "nothing stored");
	chunks++;
	return rc;
}

/* tkt-new --batch: tickets with their history on stdin, as tkt-export
 * writes them. */
int
tkt_cli_batch_import(struct tkt_cli *cli, size_t chunk, int trust, int renumber)
{
	struct tkt_import_opts o = { chunk, trust, renumber, cli->agent, print_ids, cli, NULL, NULL, NULL };
	size_t imported = 0;
	int rc;

	o.progress = isatty(STDERR_FILENO) ? stderr : NULL;
	tkt_cli_open(cli, TKT_CREATE);
	if ((rc = tkt_import(cli->store, stdin, &o, &imported))) {
		/* A store this import made, with nothing kept: not left behind. */
		if (!imported) {
			tkt_store_discard(cli->store);
			cli->store = NULL;
		}
		tkt_cli_fail(cli, rc);
	}
	return tkt_cli_finish(cli, 0);
}
