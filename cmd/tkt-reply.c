/* tkt-reply: add a reply, note or customer message to tickets, written or
 * from a reply template. */
#include <stdlib.h>
#include <string.h>

#include "tkt.h"

static const char usage[] =
	"usage: tkt-reply [ID...] [-m BODY | -F FILE | -t TEMPLATE [-v NAME=VALUE]...]\n"
	"                 [--note | --customer] [-c CHANNEL] [--status STATUS] [--spent DURATION]\n"
	"                 [--db PATH] [--as NAME] [--at TIME] [--json] [-q]\n"
	"       tkt-reply --list-templates | --show-template TEMPLATE\n"
	"\n"
	"Add a message to each ticket's thread and print the ids.  An agent reply\n"
	"by default; the body comes from -m, -F, a template or stdin.  With no ID\n"
	"the ids are read from stdin, and the body must then come from -m, -F FILE\n"
	"or -t.\n"
	"\n"
	"  -m, --message BODY        the message (repeatable: paragraphs)\n"
	"  -F, --file FILE           read the message from FILE ('-' for stdin)\n"
	"  -t, --template TEMPLATE   render a reply template for each ticket\n"
	"  -v, --var NAME=VALUE      a value for one of the template's variables\n"
	"      --note                an internal note, never shown to the customer\n"
	"      --customer            a message from the customer (reopens a solved ticket)\n"
	"  -c, --channel CHANNEL     email, chat, phone, web, social or api\n"
	"                            (default: the ticket's channel)\n"
	"      --status STATUS       then set the status: new, open, pending, on-hold,\n"
	"                            solved, closed (default: the template's, if any)\n"
	"      --spent DURATION      agent work time to record, like 15m or 1h30m\n"
	"      --list-templates      list the reply templates\n"
	"      --show-template TEMPLATE  show a reply template and its variables\n"
	"      --json                print {\"id\":N} lines instead of ids\n"
	"  -q, --quiet               print nothing\n"
	TKT_COMMON_HELP;

enum { OPT_NOTE = 256, OPT_CUSTOMER, OPT_STATUS, OPT_SPENT, OPT_LIST, OPT_SHOW };

static const struct tkt_opt opts[] = {
	{ 'm', "message", 1 }, { 'F', "file", 1 }, { 't', "template", 1 }, { 'v', "var", 1 },
	{ OPT_NOTE, "note", 0 }, { OPT_CUSTOMER, "customer", 0 }, { 'c', "channel", 1 },
	{ OPT_STATUS, "status", 1 }, { OPT_SPENT, "spent", 1 }, { OPT_LIST, "list-templates", 0 },
	{ OPT_SHOW, "show-template", 1 }, { 0, NULL, 0 },
};

int
main(int argc, char **argv)
{
	struct tkt_cli cli;
	struct tkt_message_new m = { 0 };
	struct tkt_reply *tpl = NULL;
	const char **msgs = tkt_cli_calloc((size_t)argc, sizeof *msgs);
	const char **vars = tkt_cli_calloc((size_t)argc, sizeof *vars);
	const char *arg, *file = NULL, *status = NULL, *spent = NULL, *tname = NULL, *show = NULL;
	int64_t *ids = tkt_cli_calloc((size_t)argc, sizeof *ids);
	size_t nmsgs = 0, nvars = 0, nids = 0, i;
	int o, rc, list = 0;

	m.kind = TKT_AGENT;
	tkt_cli_init(&cli, argc, argv, "tkt-reply", usage, opts, 0);
	while ((o = tkt_cli_next(&cli, &arg)) != TKT_OPT_END) {
		switch (o) {
		case 'm': msgs[nmsgs++] = arg; break;
		case 'F': file = arg; break;
		case 't': tname = arg; break;
		case 'v': vars[nvars++] = arg; break;
		case OPT_NOTE:
		case OPT_CUSTOMER:
			if (m.kind != TKT_AGENT)
				tkt_cli_usage(&cli, "--note and --customer exclude each other");
			m.kind = o == OPT_NOTE ? TKT_NOTE : TKT_CUSTOMER;
			break;
		case 'c': m.channel = arg; break;
		case OPT_STATUS: status = arg; break;
		case OPT_SPENT: spent = arg; break;
		case OPT_LIST: list = 1; break;
		case OPT_SHOW: show = arg; break;
		case TKT_OPT_WORD:
			if ((rc = tkt_id_parse(arg, &ids[nids])))
				tkt_cli_usage(&cli, "%s", tkt_errmsg());
			nids++;
			break;
		}
	}
	if (list || show) {
		rc = show ? tkt_template_show("reply", show, stdout)
		          : tkt_template_print_list("reply", stdout);
		if (rc)
			tkt_cli_fail(&cli, rc);
		return tkt_cli_finish(&cli, 0);
	}
	if (m.channel && tkt_enum_index(tkt_channels, m.channel) < 0)
		tkt_cli_fail(&cli, tkt_error(EX_DATAERR, "bad channel '%s' (email, chat, phone, "
		                             "web, social, api)", m.channel));
	if (status && tkt_enum_index(tkt_statuses, status) < 0)
		tkt_cli_fail(&cli, tkt_error(EX_DATAERR, "bad status '%s' (new, open, pending, "
		                             "on-hold, solved, closed)", status));
	if (spent) {
		if (m.kind == TKT_CUSTOMER)
			tkt_cli_usage(&cli, "--spent records agent work, not a customer's");
		if ((rc = tkt_duration_parse(spent, &m.spent)))
			tkt_cli_fail(&cli, tkt_error(rc, "--spent: %s", tkt_errmsg()));
	}
	if (nvars && !tname)
		tkt_cli_usage(&cli, "-v gives a template's variables: use it with -t");
	if (tname) {
		if (nmsgs || file)
			tkt_cli_usage(&cli, "-t and -m or -F exclude each other");
		if (m.kind == TKT_CUSTOMER)
			tkt_cli_usage(&cli, "a reply template is an agent's reply, not the customer's");
		if ((rc = tkt_reply_load(tname, &tpl)) || (rc = tkt_reply_vars_check(tpl, vars, nvars))) {
			tkt_reply_free(tpl);
			tkt_cli_fail(&cli, rc);
		}
	} else {
		if (nids == 0 && !nmsgs && (!file || strcmp(file, "-") == 0))
			tkt_cli_usage(&cli, "with ticket ids on stdin, the body must come from -m, -F FILE "
			              "or -t");
		if (!(m.body = tkt_cli_body(&cli, msgs, nmsgs, file, TKT_BODY_STDIN)))
			tkt_cli_usage(&cli, "no message given (-m, -F, -t or stdin)");
	}
	if (nids == 0)
		ids = tkt_cli_stdin_ids(&cli, &nids);
	m.at = cli.now;
	m.author = m.kind == TKT_CUSTOMER ? NULL : cli.agent;

	tkt_cli_open(&cli, TKT_WRITE);
	tkt_cli_begin(&cli);
	for (i = 0, rc = 0; i < nids && !rc; i++) {
		m.ticket = ids[i];
		if (tpl)
			rc = tkt_reply_post(cli.store, tpl, &m, vars, nvars, status, NULL);
		else if (!(rc = tkt_message_add(cli.store, &m, NULL)) && status)
			rc = tkt_ticket_set(cli.store, ids[i], "status", status, cli.agent, cli.now);
	}
	tkt_reply_free(tpl);
	if (rc)
		tkt_cli_fail(&cli, rc);
	tkt_cli_commit(&cli);
	for (i = 0; i < nids; i++)
		tkt_cli_print_id(&cli, ids[i]);
	return tkt_cli_finish(&cli, 0);
}
