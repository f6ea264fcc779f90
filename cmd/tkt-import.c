/* tkt-import: a mailbox of past support mail, or a spreadsheet of
 * tickets or conversations, into tickets, and print the ids of the
 * tickets it opened. */
#include <stdlib.h>
#include <unistd.h>

#include "tkt-tool.h"

static const char usage[] =
	"usage: tkt-import --mbox FILE | --maildir DIR [--agent-address ADDRESS]...\n"
	"                  [--keep-going] [--config FILE] [--db STORE] [--as NAME] [--json] [-q]\n"
	"       tkt-import --csv FILE --map MAPPING [--keep-going] [--db STORE] [--as NAME]\n"
	"                  [--json] [-q]\n"
	"\n"
	"Bring a team's past support mail, or a spreadsheet of its tickets, into\n"
	"the store and print the ids of the tickets it opened.\n"
	"\n"
	"A mailbox: each message is delivered as tkt-new --mail delivers\n"
	"it (threaded by Message-ID, In-Reply-To, References, [#ID] and subject,\n"
	"its charsets read, its attachments kept), at the time of its Date and in\n"
	"the order of those times.  Mail from the help desk's own addresses and\n"
	"its agents is their reply on the ticket it answers.  A message twice is\n"
	"stored once.  All of the mailbox or nothing of it is stored: a message\n"
	"that is not mail fails the import, unless --keep-going leaves it out.\n"
	"\n"
	"A spreadsheet (CSV): MAPPING says which column is what (tkt-import(1));\n"
	"each row is a ticket, or (each: message) each row a message and each\n"
	"conversation a ticket.  The tickets are numbered after the store's, each\n"
	"one's own id kept as its field source_id, and taken by the rules of\n"
	"tkt-new --batch.  All of the file or nothing of it is stored: a row\n"
	"refused fails the import, unless --keep-going leaves it out.\n"
	"\n"
	"      --mbox FILE           an mbox file, as Gmail's Takeout and most mail\n"
	"                            programs export a folder\n"
	"      --maildir DIR         a Maildir: the messages of its cur/ and new/\n"
	"      --csv FILE            a CSV file, its first row the columns' names\n"
	"      --map MAPPING         the YAML file that says what its columns are\n"
	"      --agent-address ADDRESS\n"
	"                            mail from ADDRESS is the help desk's too\n"
	"                            (repeatable; beside the configuration's)\n"
	"  -k, --keep-going          leave out, each said on stderr, the messages\n"
	"                            that are not mail or have no time, the rows\n"
	"                            refused\n"
	"      --config FILE         the mail settings (default $TKT_CONFIG, else\n"
	"                            $XDG_CONFIG_HOME/tkt/config.yaml)\n"
	"      --json                print {\"id\":N} lines instead of ids\n"
	"  -q, --quiet               print nothing\n"
	TKT_COMMON_HELP;

enum { OPT_MBOX = 256, OPT_MAILDIR, OPT_CSV, OPT_MAP, OPT_AGENT_ADDRESS, OPT_CONFIG };
static const struct tkt_opt opts[] = {
	{ OPT_MBOX, "mbox", 1 }, { OPT_MAILDIR, "maildir", 1 },
	{ OPT_CSV, "csv", 1 }, { OPT_MAP, "map", 1 },
	{ OPT_AGENT_ADDRESS, "agent-address", 2 }, { 'k', "keep-going", 0 },
	{ OPT_CONFIG, "config", 1 }, { 0, NULL, 0 },
};

/* The tickets opened, printed before the import is committed: when they
 * cannot be, nothing is stored. */
static int
print_ids(const int64_t *ids, size_t n, void *cli)
{
	size_t i;
	int rc;

	for (i = 0; i < n; i++)
		tkt_cli_print_id(cli, ids[i]);
	if ((rc = tkt_cli_flush()))
		tkt_error(rc, "%s; nothing stored", tkt_errmsg());
	return rc;
}

/* --keep-going: a message that cannot be read, a row refused, is said,
 * and left out. */
static int
leave_out(void *cli)
{
	tkt_error(0, "%s; left out", tkt_errmsg());
	tkt_cli_warn(cli);
	return 0;
}

/* A store this import made, with nothing kept, is not left behind. */
static void
fail(struct tkt_cli *cli, int rc)
{
	tkt_store_discard(cli->store);
	cli->store = NULL;
	tkt_cli_fail(cli, rc);
}

static void
mailbox(struct tkt_cli *cli, struct tkt_mail_import *im, const char *config,
        const char *const *agents, size_t nagents)
{
	struct tkt_config *c = NULL;
	struct tkt_mail_counts n;
	size_t i;
	int rc;

	if ((rc = tkt_config_load(config, &c)))
		tkt_cli_fail(cli, rc);
	for (i = 0; i < nagents; i++)
		tkt_config_own_add(c, agents[i]);
	tkt_cli_open(cli, TKT_CREATE);
	im->actor = cli->agent;
	if ((rc = tkt_mail_import(cli->store, c, im, &n)))
		fail(cli, rc);
	if (im->progress)
		fprintf(stderr, "tkt-import: %zu messages: %zu tickets opened, %zu messages added to "
		        "them, %zu twice, %zu left out (automatic, or the help desk's answering no "
		        "ticket), %zu not read\n", n.read, n.opened, n.added, n.duplicates, n.dropped,
		        n.bad);
	tkt_config_free(c);
}

static void
spreadsheet(struct tkt_cli *cli, struct tkt_csv_import *ci)
{
	struct tkt_csv_counts n;
	int rc;

	tkt_cli_open(cli, TKT_CREATE);
	ci->actor = cli->agent;
	if ((rc = tkt_csv_import(cli->store, ci, &n)))
		fail(cli, rc);
	if (ci->progress)
		fprintf(stderr, "tkt-import: %zu rows: %zu tickets opened, %zu rows left out\n",
		        n.rows, n.tickets, n.bad);
}

int
main(int argc, char **argv)
{
	struct tkt_cli cli;
	struct tkt_mail_import im = { 0 };
	struct tkt_csv_import ci = { 0 };
	const char **agents = tkt_cli_calloc((size_t)argc, sizeof *agents);
	const char *config = NULL, *arg;
	size_t nagents = 0;
	int o;

	tkt_cli_init(&cli, argc, argv, "tkt-import", usage, opts, 0);
	while ((o = tkt_cli_next(&cli, &arg)) != TKT_OPT_END) {
		switch (o) {
		case OPT_MBOX: im.mbox = arg; break;
		case OPT_MAILDIR: im.maildir = arg; break;
		case OPT_CSV: ci.csv = arg; break;
		case OPT_MAP: ci.map = arg; break;
		case 'k': im.bad = ci.bad = leave_out; break;
		case OPT_CONFIG: config = arg; break;
		case OPT_AGENT_ADDRESS:
			if (!tkt_email_valid(arg))
				tkt_cli_usage(&cli, "--agent-address: bad address '%s'", arg);
			agents[nagents++] = arg;
			break;
		default:
			tkt_cli_usage(&cli, "unexpected argument '%s'", arg);
		}
	}
	if (!!im.mbox + !!im.maildir + !!ci.csv != 1)
		tkt_cli_usage(&cli, "give one of --mbox FILE, --maildir DIR, --csv FILE");
	if (!ci.csv != !ci.map)
		tkt_cli_usage(&cli, "--csv and --map go together: the file and what its columns are");
	if (ci.csv && (nagents || config))
		tkt_cli_usage(&cli, "--%s is for a mailbox, not a spreadsheet",
		              nagents ? "agent-address" : "config");
	im.progress = ci.progress = isatty(STDERR_FILENO) ? stderr : NULL;
	im.opened = ci.opened = print_ids;
	im.ctx = ci.ctx = &cli;
	if (ci.csv)
		spreadsheet(&cli, &ci);
	else
		mailbox(&cli, &im, config, agents, nagents);
	return tkt_cli_finish(&cli, 0);
}
