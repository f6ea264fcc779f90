/* tkt-new: open a ticket, from options or an incident form, and print its
 * id. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tkt-tool.h"

static const char usage[] =
	"usage: tkt-new -s SUBJECT -r REQUESTER [-c CHANNEL] [-p PRIORITY] [--type TYPE]\n"
	"               [--assignee NAME] [--group GROUP] [-f NAME=VALUE]... [+TAG]...\n"
	"               [-m BODY | -F FILE] [--outbound] [--db STORE] [--as NAME] [--at TIME]\n"
	"               [--json] [-q]\n"
	"       tkt-new -t FORM -r REQUESTER [-f NAME=VALUE]... [--ack] [options above]\n"
	"       tkt-new --mail [-f SENDER] [--config FILE] [--db STORE] [--as NAME] [--at TIME]\n"
	"               [--json] [-q]\n"
	"       tkt-new --batch [--chunk N] [--trust] [--renumber] [--db STORE] [--json] [-q]\n"
	"       tkt-new --list-templates | --show-template FORM | --check-template FILE...\n"
	"\n"
	"Open a ticket with status new and print its id.  The customer's first\n"
	"message comes from -m, -F or stdin; at a terminal, from $VISUAL or $EDITOR\n"
	"(else vi).\n"
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
	"      --outbound            the message is the agent's, to the customer: a\n"
	"                            ticket opened on the customer's behalf\n"
	"  -t, --template FORM       fill the ticket from an incident form: its fields\n"
	"                            are checked, missing required ones asked for at a\n"
	"                            terminal; subject, priority, type and tags come\n"
	"                            from the form unless given\n"
	"      --ack                 answer at once with the form's acknowledgement\n"
	"      --mail                read one mail message on stdin: a new ticket, or a\n"
	"                            message on the ticket it answers; print the\n"
	"                            ticket's id (see tkt(7) on mail delivery)\n"
	"      --sender ADDRESS      with --mail, the envelope sender, for a message\n"
	"                            without a usable From (default $SENDER); -f\n"
	"                            ADDRESS with --mail is the same, as for sendmail\n"
	"      --batch               read tickets with their history as JSON Lines on\n"
	"                            stdin (tkt-batch(5)), as tkt-export writes them,\n"
	"                            keeping their ids; a history without events is\n"
	"                            replayed by the tools' rules, one with events is\n"
	"                            checked against them\n"
	"      --chunk N             commit every N tickets (default: all in one)\n"
	"      --trust               take statuses, events and times as given (a\n"
	"                            restore of tkt-export's output)\n"
	"      --renumber            give the tickets the ids after the store's\n"
	"                            highest, each one's own kept as field source_id\n"
	"      --config FILE         the mail settings, the team, and the business\n"
	"                            hours of {{due}} in --ack (default $TKT_CONFIG,\n"
	"                            else $XDG_CONFIG_HOME/tkt/config.yaml)\n"
	"      --list-templates      list the incident forms\n"
	"      --show-template FORM  show a form's fields\n"
	"      --check-template FILE check template files, printing every problem\n"
	"      --json                print {\"id\":N} instead of N\n"
	"  -q, --quiet               print nothing\n"
	TKT_COMMON_HELP;

enum {
	OPT_TYPE = 256, OPT_ASSIGNEE, OPT_GROUP, OPT_ACK, OPT_LIST, OPT_SHOW, OPT_CHECK,
	OPT_OUTBOUND, OPT_MAIL, OPT_CONFIG, OPT_BATCH, OPT_CHUNK, OPT_SENDER, OPT_TRUST,
	OPT_RENUMBER,
};

static const struct tkt_opt opts[] = {
	{ 's', "subject", 1 }, { 'r', "requester", 1 }, { 'c', "channel", 1 },
	{ 'p', "priority", 1 }, { OPT_TYPE, "type", 1 }, { OPT_ASSIGNEE, "assignee", 1 },
	{ OPT_GROUP, "group", 1 }, { 'f', "field", 2 }, { 'm', "message", 2 },
	{ 'F', "file", 1 }, { 't', "template", 1 }, { OPT_ACK, "ack", 0 },
	{ OPT_LIST, "list-templates", 0 }, { OPT_SHOW, "show-template", 1 },
	{ OPT_CHECK, "check-template", 0 }, { OPT_OUTBOUND, "outbound", 0 },
	{ OPT_MAIL, "mail", 0 }, { OPT_CONFIG, "config", 1 }, { OPT_BATCH, "batch", 0 },
	{ OPT_CHUNK, "chunk", 1 }, { OPT_SENDER, "sender", 1 }, { OPT_TRUST, "trust", 0 },
	{ OPT_RENUMBER, "renumber", 0 }, { 0, NULL, 0 },
};

/* What the options said. */
struct args {
	struct tkt_ticket_new t;
	const char          **fields, **tags, **msgs, **files;
	size_t                nmsgs, nfiles;
	const char           *file, *tname, *show, *config_path, *sender;
	long long             chunk;
	int                   ack, mail, check, trust, renumber;
};

/* --check-template FILE...: every problem of every file, exit 78 if any. */
static int
check_templates(struct tkt_cli *cli, void *args)
{
	const struct args *a = args;

	if (a->nfiles == 0)
		tkt_cli_usage(cli, "--check-template needs a file");
	return tkt_cli_finish(cli, tkt_cli_templates_check(a->files, a->nfiles));
}

/* tkt-new --list-templates | --show-template FORM. */
static int
templates(struct tkt_cli *cli, void *args)
{
	return tkt_cli_templates(cli, "incident", ((const struct args *)args)->show);
}

/* tkt-new --batch: the tickets of an export, read back. */
static int
batch(struct tkt_cli *cli, void *args)
{
	const struct args *a = args;

	return tkt_cli_batch_import(cli, (size_t)a->chunk, a->trust, a->renumber);
}

/* tkt-new --mail: one message on stdin into the store. */
static int
deliver(struct tkt_cli *cli, void *args)
{
	const struct args *a = args;

	return tkt_cli_mail_deliver(cli, a->config_path, a->sender);
}

/* The default: a ticket from the options, or from a form. */
static int
open_ticket(struct tkt_cli *cli, void *args)
{
	struct args *a = args;
	struct tkt_form *form = NULL;
	struct tkt_reply *ack = NULL;
	struct tkt_filled filled = { 0 };
	char *edited = NULL;
	int64_t id;
	int rc;

	if (!a->t.subject && !a->tname)
		tkt_cli_usage(cli, "no subject given (-s SUBJECT)");
	if (!a->t.requester)
		tkt_cli_usage(cli, "no requester given (-r REQUESTER)");
	a->t.fields = a->fields;
	a->t.tags = a->tags;
	a->t.actor = cli->agent;
	a->t.at = cli->now;
	if ((a->tname && (rc = tkt_cli_ticket_form(a->tname, a->ack, a->fields, &a->t, &form, &ack,
	                                            &filled))) ||
	    (rc = tkt_ticket_validate(&a->t)) || (rc = tkt_cli_team(cli, "assignee", &a->t.assignee)) ||
	    (rc = tkt_cli_team(cli, "group", &a->t.group)) ||
	    (rc = tkt_cli_ticket_body(cli, a->msgs, a->nmsgs, a->file, a->tname != NULL, &a->t, &edited)))
		goto fail;
	tkt_cli_open(cli, TKT_CREATE);
	tkt_cli_begin_adding(cli);
	if ((rc = tkt_ticket_create(cli->store, &a->t, &id)) ||
	    (ack && (rc = tkt_cli_acknowledge(cli, ack, a->config_path, id))))
		goto fail;
	tkt_cli_print_id(cli, id);
	tkt_cli_commit(cli);
	tkt_filled_release(&filled);
	tkt_reply_free(ack);
	tkt_form_free(form);
	free(edited);
	return tkt_cli_finish(cli, 0);
fail:
	tkt_filled_release(&filled);
	tkt_reply_free(ack);
	tkt_form_free(form);
	tkt_cli_fail(cli, rc);
}

/* With --mail, a lone -f ADDRESS is sendmail's envelope sender, not a
 * field. */
static void
envelope_sender(struct args *a, int *given)
{
	a->sender = a->fields[0];
	a->t.nfields = 0;
	for (; *given; given++)
		if (*given == 'f')
			*given = OPT_SENDER;
}

/* ---- the modes, and what each takes ----------------------------------- */

/* What makes a ticket: the options of the default mode. */
static const int ticket_takes[] = {
	's', 'r', 'c', 'p', OPT_TYPE, OPT_ASSIGNEE, OPT_GROUP, 'f', 'm', 'F', 't', OPT_ACK,
	OPT_OUTBOUND, TKT_ARG_TAGS, 0,
};
static const struct tkt_rule ticket_rules[] = {
	{ OPT_ACK, 't', "a form", NULL },
	{ 'm', 'F', NULL, "both are the message: give it one way (a file is not attached)" },
	{ 0, 0, NULL, NULL },
};
static const int files[] = { TKT_ARG_FILES, 0 };
static const int templates_take[] = { OPT_LIST, OPT_SHOW, 0 };
static const int mail_takes[] = { OPT_SENDER, OPT_CONFIG, 0 };
static const int batch_takes[] = { OPT_CHUNK, OPT_TRUST, OPT_RENUMBER, 0 };
/* What each mode takes and does not use, as it always has. */
static const int ticket_ignores[] = { OPT_CONFIG, 0 };
static const int anything[] = { TKT_ARG_ANY, 0 };
static const int templates_ignore[] = {
	's', 'r', 'c', 'p', OPT_TYPE, OPT_ASSIGNEE, OPT_GROUP, 'f', 'm', 'F', 't', OPT_ACK,
	OPT_OUTBOUND, TKT_ARG_TAGS, OPT_CONFIG, 0,
};
static const int mail_ignores[] = {
	'c', 'p', OPT_TYPE, OPT_ASSIGNEE, OPT_GROUP, OPT_ACK, OPT_OUTBOUND, OPT_LIST, OPT_SHOW, 0,
};
static const int batch_ignores[] = {
	'c', 'p', OPT_TYPE, OPT_ASSIGNEE, OPT_GROUP, OPT_ACK, OPT_OUTBOUND, OPT_LIST, OPT_SHOW,
	OPT_CONFIG, OPT_SENDER, 0,
};

static const struct tkt_mode modes[] = {
	{ OPT_CHECK, check_templates, files, anything, NULL, NULL },
	{ OPT_BATCH, batch, batch_takes, batch_ignores, NULL,
	  "--batch reads whole tickets from stdin, nothing else" },
	{ OPT_MAIL, deliver, mail_takes, mail_ignores, NULL,
	  "--mail takes the ticket from the message alone" },
	{ OPT_LIST, templates, templates_take, templates_ignore, NULL, NULL },
	{ OPT_SHOW, templates, templates_take, templates_ignore, NULL, NULL },
	{ 0, open_ticket, ticket_takes, ticket_ignores, ticket_rules, NULL },
};

int
main(int argc, char **argv)
{
	struct tkt_cli cli;
	struct args a = { 0 };
	int *given = tkt_cli_calloc((size_t)argc, sizeof *given);
	const char *arg;
	char *end;
	size_t n = 0;
	int o;

	a.fields = tkt_cli_calloc((size_t)argc, sizeof *a.fields);
	a.tags = tkt_cli_calloc((size_t)argc, sizeof *a.tags);
	a.msgs = tkt_cli_calloc((size_t)argc, sizeof *a.msgs);
	a.files = tkt_cli_calloc((size_t)argc, sizeof *a.files);
	tkt_cli_init(&cli, argc, argv, "tkt-new", usage, opts, TKT_PLUS_TAGS);
	/* The delivery agent of a mail server: whatever goes wrong on our
	 * side (even a mistyped option), the mail is not bounced.  (--ma is
	 * the shortest prefix that is --mail.) */
	for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
		if (strlen(argv[i]) >= 4 && strncmp(argv[i], "--mail", strlen(argv[i])) == 0)
			cli.exit_as = EX_TEMPFAIL;
	while ((o = tkt_cli_next(&cli, &arg)) != TKT_OPT_END) {
		switch (o) {
		case 's': a.t.subject = arg; break;
		case 'r': a.t.requester = arg; break;
		case 'c': a.t.channel = arg; break;
		case 'p': a.t.priority = arg; break;
		case OPT_TYPE: a.t.type = arg; break;
		case OPT_ASSIGNEE: a.t.assignee = arg; break;
		case OPT_GROUP: a.t.group = arg; break;
		case 'f': a.fields[a.t.nfields++] = arg; break;
		case 'm': a.msgs[a.nmsgs++] = arg; break;
		case 'F': a.file = arg; break;
		case 't': a.tname = arg; break;
		case OPT_ACK: a.ack = 1; break;
		case OPT_SHOW: a.show = arg; break;
		case OPT_CHECK: a.check = 1; break;
		case OPT_OUTBOUND: a.t.outbound = 1; break;
		case OPT_MAIL: a.mail = 1; break;
		case OPT_TRUST: a.trust = 1; break;
		case OPT_RENUMBER: a.renumber = 1; break;
		case OPT_CHUNK:
			a.chunk = strtoll(arg, &end, 10);
			if (*end || a.chunk <= 0)
				tkt_cli_usage(&cli, "bad chunk '%s' (a positive number of tickets)", arg);
			break;
		case OPT_CONFIG: a.config_path = arg; break;
		case OPT_SENDER: a.sender = arg; break;
		case TKT_OPT_WORD:
			if (a.check) {
				a.files[a.nfiles++] = arg;
				o = TKT_ARG_FILES;
			} else if (arg[0] == '+') {
				a.tags[a.t.ntags++] = arg + 1;
				o = TKT_ARG_TAGS;
			} else {
				tkt_cli_usage(&cli, "unexpected argument '%s' (tags are +TAG)", arg);
			}
			break;
		}
		given[n++] = o;
	}
	if (a.mail && a.t.nfields == 1 && !a.sender && !strchr(a.fields[0], '='))
		envelope_sender(&a, given);
	return tkt_cli_mode(&cli, modes, given)->run(&cli, &a);
}
