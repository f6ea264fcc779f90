/* tkt-new: open a ticket and print its id. */
#include <stdlib.h>
#include <string.h>

#include "tkt.h"

static const char usage[] =
	"usage: tkt-new -s SUBJECT -r REQUESTER [-c CHANNEL] [-p PRIORITY] [--type TYPE]\n"
	"               [--assignee NAME] [--group GROUP] [-f NAME=VALUE]... [+TAG]...\n"
	"               [-m BODY | -F FILE] [--db PATH] [--as NAME] [--at TIME] [--json] [-q]\n"
	"\n"
	"Open a ticket with status new and print its id.  The customer's first\n"
	"message comes from -m, -F or stdin (when stdin is not a terminal).\n"
	"\n"
	"  -s, --subject SUBJECT     what the ticket is about, one line\n"
	"  -r, --requester WHO       the customer: 'Name <email>', an email, @handle or a name\n"
	"  -c, --channel CHANNEL     email, chat, phone, web, social or api (default api)\n"
	"  -p, --priority PRIORITY   low, normal, high or urgent (default normal)\n"
	"      --type TYPE           the service type, a lower-case word\n"
	"      --assignee NAME       the agent who owns it\n"
	"      --group GROUP         the team that owns it\n"
	"  -f, --field NAME=VALUE    a custom field (repeatable)\n"
	"  +TAG                      a tag (repeatable)\n"
	"  -m, --message BODY        the message (repeatable: paragraphs)\n"
	"  -F, --file FILE           read the message from FILE ('-' for stdin)\n"
	"      --json                print {\"id\":N} instead of N\n"
	"  -q, --quiet               print nothing\n"
	TKT_COMMON_HELP;

enum { OPT_TYPE = 256, OPT_ASSIGNEE, OPT_GROUP };

static const struct tkt_opt opts[] = {
	{ 's', "subject", 1 }, { 'r', "requester", 1 }, { 'c', "channel", 1 },
	{ 'p', "priority", 1 }, { OPT_TYPE, "type", 1 }, { OPT_ASSIGNEE, "assignee", 1 },
	{ OPT_GROUP, "group", 1 }, { 'f', "field", 1 }, { 'm', "message", 1 },
	{ 'F', "file", 1 }, { 0, NULL, 0 },
};

int
main(int argc, char **argv)
{
	struct tkt_cli cli;
	struct tkt_ticket_new t = { 0 };
	const char **fields = tkt_cli_calloc((size_t)argc, sizeof *fields);
	const char **tags = tkt_cli_calloc((size_t)argc, sizeof *tags);
	const char **msgs = tkt_cli_calloc((size_t)argc, sizeof *msgs);
	const char *arg, *file = NULL;
	size_t nmsgs = 0;
	char *body;
	int64_t id;
	int o, rc;

	tkt_cli_init(&cli, argc, argv, "tkt-new", usage, opts, 0);
	while ((o = tkt_cli_next(&cli, &arg)) != TKT_OPT_END) {
		switch (o) {
		case 's': t.subject = arg; break;
		case 'r': t.requester = arg; break;
		case 'c': t.channel = arg; break;
		case 'p': t.priority = arg; break;
		case OPT_TYPE: t.type = arg; break;
		case OPT_ASSIGNEE: t.assignee = arg; break;
		case OPT_GROUP: t.group = arg; break;
		case 'f': fields[t.nfields++] = arg; break;
		case 'm': msgs[nmsgs++] = arg; break;
		case 'F': file = arg; break;
		case TKT_OPT_WORD:
			if (arg[0] != '+')
				tkt_cli_usage(&cli, "unexpected argument '%s' (tags are +TAG)", arg);
			tags[t.ntags++] = arg + 1;
			break;
		}
	}
	if (!t.subject)
		tkt_cli_usage(&cli, "no subject given (-s SUBJECT)");
	if (!t.requester)
		tkt_cli_usage(&cli, "no requester given (-r REQUESTER)");
	t.fields = fields;
	t.tags = tags;
	t.actor = cli.agent;
	t.at = cli.now;
	if ((rc = tkt_ticket_validate(&t)))
		tkt_cli_fail(&cli, rc);
	body = tkt_cli_body(&cli, msgs, nmsgs, file, 1);
	t.body = body;

	tkt_cli_open(&cli, TKT_CREATE);
	tkt_cli_begin(&cli);
	if ((rc = tkt_ticket_create(cli.store, &t, &id)))
		tkt_cli_fail(&cli, rc);
	tkt_cli_commit(&cli);
	tkt_cli_print_id(&cli, id);

	return tkt_cli_finish(&cli, 0);
}
