/* tkt-reply: add a reply, note or customer message to tickets, written or
 * from a reply template. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tkt-tool.h"

static const char usage[] =
	"usage: tkt-reply [ID...] [-m BODY | -F FILE | -t TEMPLATE [-v NAME=VALUE]...] [-e] [--no-lint]\n"
	"                 [--note | --customer] [-c CHANNEL] [--status STATUS] [--spent DURATION]\n"
	"                 [-a FILE]... [--mail-out | --sendmail] [--config FILE] [--to-incidents]\n"
	"                 [--db STORE] [--as NAME] [--at TIME] [--json] [-q]\n"
	"       tkt-reply --flush [ID... | -] [--config FILE] [--db STORE] [--at TIME] [--json] [-q]\n"
	"       tkt-reply ID --accept N | --split N [--db STORE] [--as NAME] [--at TIME] [--json] [-q]\n"
	"       tkt-reply --list-templates | --show-template TEMPLATE\n"
	"\n"
	"Add a message to each ticket's thread and print the ids.  An agent reply\n"
	"by default; the body comes from -m, -F, a template or stdin.  With no ID\n"
	"the ids are read from stdin, and the body must then come from -m, -F FILE\n"
	"or -t.  With one ID, no body and a terminal, the message is written in\n"
	"$VISUAL, $EDITOR or vi, and a reply is checked against the QA checklist\n"
	"before it is stored.\n"
	"\n"
	"  -m, --message BODY        the message (repeatable: paragraphs)\n"
	"  -F, --file FILE           read the message from FILE ('-' for stdin)\n"
	"  -a, --attach FILE         attach a file (repeatable)\n"
	"  -t, --template TEMPLATE   render a reply template for each ticket\n"
	"  -v, --var NAME=VALUE      a value for one of the template's variables\n"
	"  -e, --edit                write it in the editor, starting from -m, -F or\n"
	"                            the template (one ticket, at a terminal)\n"
	"      --no-lint             store the reply from the editor without the\n"
	"                            QA check and the question\n"
	"      --note                an internal note, never shown to the customer\n"
	"      --customer            a message from the customer (reopens a solved ticket)\n"
	"  -c, --channel CHANNEL     email, chat, phone, web, social or api\n"
	"                            (default: the ticket's channel)\n"
	"      --status STATUS       then set the status: new, open, pending, on-hold,\n"
	"                            solved, closed (default: the template's, if any)\n"
	"      --spent DURATION      agent work time to record, like 15m or 1h30m\n"
	"      --to-incidents        each ID a problem: to it and its open incidents\n"
	"                            too, a template rendered for each\n"
	"      --mail-out            write each reply as mail to the customer on\n"
	"                            stdout (an mbox for several), threaded\n"
	"      --sendmail            send each reply through the configured command\n"
	"                            (default sendmail -t -i), once per ticket; a reply\n"
	"                            it does not take stays queued (exit 3)\n"
	"      --flush               send the replies queued for mail, oldest first\n"
	"                            (all, or the tickets' given, their failed ones\n"
	"                            again); print the ticket of each reply sent\n"
	"      --accept N            message N (as tkt-show numbers them), mail of a\n"
	"                            sender not on the ticket, is theirs after all:\n"
	"                            a customer message; they follow the ticket\n"
	"      --split N             message N, such mail, goes to a ticket of its\n"
	"                            sender's own; print that ticket's id\n"
	"      --config FILE         the mail settings, and the business hours of\n"
	"                            {{due}} (default $TKT_CONFIG, else\n"
	"                            $XDG_CONFIG_HOME/tkt/config.yaml)\n"
	"      --list-templates      list the reply templates\n"
	"      --show-template TEMPLATE  show a reply template and its variables\n"
	"      --json                print {\"id\":N} lines instead of ids\n"
	"  -q, --quiet               print nothing\n"
	TKT_COMMON_HELP;

enum {
	OPT_NOTE = 256, OPT_CUSTOMER, OPT_STATUS, OPT_SPENT, OPT_LIST, OPT_SHOW, OPT_MAIL_OUT,
	OPT_SENDMAIL, OPT_CONFIG, OPT_NO_LINT, OPT_FLUSH, OPT_ACCEPT, OPT_SPLIT, OPT_INCIDENTS,
};

static const struct tkt_opt opts[] = {
	{ 'm', "message", 2 }, { 'F', "file", 1 }, { 't', "template", 1 }, { 'v', "var", 2 },
	{ OPT_NOTE, "note", 0 }, { OPT_CUSTOMER, "customer", 0 }, { 'c', "channel", 1 },
	{ OPT_STATUS, "status", 1 }, { OPT_SPENT, "spent", 1 }, { OPT_LIST, "list-templates", 0 },
	{ OPT_SHOW, "show-template", 1 }, { OPT_MAIL_OUT, "mail-out", 0 },
	{ OPT_SENDMAIL, "sendmail", 0 }, { OPT_CONFIG, "config", 1 }, { 'e', "edit", 0 },
	{ OPT_NO_LINT, "no-lint", 0 }, { OPT_FLUSH, "flush", 0 }, { OPT_ACCEPT, "accept", 1 },
	{ OPT_SPLIT, "split", 1 }, { OPT_INCIDENTS, "to-incidents", 0 }, { 'a', "attach", 2 },
	{ 0, NULL, 0 },
};

/* What the options said. */
struct args {
	struct tkt_message_new m;
	const char  **msgs, **vars, **files;
	size_t        nmsgs, nvars, nids, nfiles;
	struct tkt_attachment *att;  /* the files of -a, read */
	int64_t      *ids;
	const char   *file, *tname, *status, *spent, *show, *config_path, *number;
	int           mail;         /* 1: --mail-out, 2: --sendmail */
	int           edit, lint, from_stdin, incidents;
	char         *nomail;       /* --to-incidents: no address to mail, by ticket */
};

/* What --accept and --split take. */
static const char judging[] = "--accept and --split take one ticket id and a message number";

/* tkt-reply ID --accept N | --split N: an unverified mail of the ticket
 * is its sender's customer message, or their own ticket. */
static int
judge(struct tkt_cli *cli, struct args *a, int split)
{
	if (a->nids != 1)
		tkt_cli_usage(cli, "%s", judging);
	return tkt_cli_message_judge(cli, a->ids[0], a->number, split);
}

static int
accept_message(struct tkt_cli *cli, void *args)
{
	return judge(cli, args, 0);
}

static int
split_message(struct tkt_cli *cli, void *args)
{
	return judge(cli, args, 1);
}

/* tkt-reply --flush: send the replies queued, of the tickets given or
 * all. */
static int
flush(struct tkt_cli *cli, void *args)
{
	struct args *a = args;

	if (a->from_stdin)
		a->ids = tkt_cli_stdin_ids(cli, &a->nids);
	return tkt_cli_outbox_flush(cli, a->ids, a->nids, a->config_path);
}

/* tkt-reply --list-templates | --show-template TEMPLATE. */
static int
templates(struct tkt_cli *cli, void *args)
{
	return tkt_cli_templates(cli, "reply", ((const struct args *)args)->show);
}

/* The values of the message's options, checked. */
static void
check_values(struct tkt_cli *cli, struct args *a)
{
	int rc;

	if ((a->m.channel && (rc = tkt_attr_check("channel", a->m.channel))) ||
	    (a->status && (rc = tkt_attr_check("status", a->status))))
		tkt_cli_fail(cli, rc);
	if (a->spent && (rc = tkt_duration_parse(a->spent, &a->m.spent)))
		tkt_cli_fail(cli, tkt_error(rc, "--spent: %s", tkt_errmsg()));
}

/* What each ticket is sent: the template (returned, its variables
 * checked), or the body given (a->m.body); or, for one ticket at a
 * terminal, what is written in the editor (a->edit). */
static struct tkt_reply *
message(struct tkt_cli *cli, struct args *a)
{
	struct tkt_reply *tpl = NULL;
	int rc;

	/* One ticket, nothing to say, a terminal: the editor. */
	if (!a->edit && a->nids == 1 && !a->nmsgs && !a->file && !a->tname && isatty(STDIN_FILENO)) {
		if (a->mail)
			tkt_cli_conflict(cli, 'e', a->mail == 1 ? OPT_MAIL_OUT : OPT_SENDMAIL);
		a->edit = 1;
	}
	if (a->edit && (a->nids != 1 || !isatty(STDIN_FILENO)))
		tkt_cli_usage(cli, "--edit writes one ticket's message at a terminal");
	if (a->tname) {
		if ((rc = tkt_reply_load(a->tname, &tpl)) ||
		    (rc = tkt_reply_vars_check(tpl, a->vars, a->nvars))) {
			tkt_reply_free(tpl);
			tkt_cli_fail(cli, rc);
		}
		return tpl;
	}
	if (a->nids == 0 && !a->nmsgs && (!a->file || strcmp(a->file, "-") == 0))
		tkt_cli_usage(cli, "with ticket ids on stdin, the body must come from -m, -F FILE "
		              "or -t");
	if (!(a->m.body = tkt_cli_body(cli, a->msgs, a->nmsgs, a->file, TKT_BODY_STDIN)) && !a->edit)
		tkt_cli_usage(cli, "no message given (-m, -F, -t or stdin)");
	return NULL;
}

/* The tickets a message goes to, in the transaction: each id given as
 * the ticket it stands for (a merged one's target), each once; with
 * --to-incidents each a problem, followed by its open incidents. */
static void
recipients(struct tkt_cli *cli, struct args *a)
{
	int64_t *to;
	int rc;

	if ((rc = tkt_reply_recipients(cli->store, a->ids, a->nids, a->incidents, a->mail, &to,
	                               &a->nids, &a->nomail)))
		tkt_cli_fail(cli, rc);
	a->ids = tkt_cli_keep(to);
	tkt_cli_keep(a->nomail);
}

/* The default: a message to each ticket, stored; its ticket's id printed,
 * or its mail. */
static int
reply(struct tkt_cli *cli, void *args)
{
	struct args *a = args;
	struct tkt_config *config = NULL;
	struct tkt_reply *tpl;
	char *edited = NULL, *tpl_status = NULL;
	int rc, sent = 0;

	check_values(cli, a);
	tpl = message(cli, a);
	a->att = tkt_cli_attachments(cli, a->files, a->nfiles);
	if (a->mail)
		config = tkt_reply_mail_config(cli, a->config_path);
	else if (tpl && tpl->due && (rc = tkt_config_load(a->config_path, &config)))
		tkt_cli_fail(cli, rc);
	if (a->nids == 0)
		a->ids = tkt_cli_stdin_ids(cli, &a->nids);
	a->m.at = cli->now;
	a->m.author = a->m.kind == TKT_CUSTOMER ? NULL : cli->agent;

	tkt_cli_open(cli, TKT_WRITE);
	if (a->edit) {
		tkt_cli_resolve(cli, a->ids, &a->nids);
		a->m.ticket = a->ids[0];
		a->m.body = edited = tkt_compose_message(cli, &a->m, tpl, a->vars, a->nvars,
		                                         a->config_path, a->lint);
		if (tpl && !a->status && tpl->status)
			a->status = tpl_status = tkt_strdup(tpl->status);
		tkt_reply_free(tpl);
		tpl = NULL;
	}
	tkt_cli_begin(cli);
	recipients(cli, a);
	rc = tkt_reply_store_and_send(cli, &(struct tkt_reply_batch){
		&a->m, a->ids, a->nids, tpl, config, a->vars, a->nvars, a->status, a->att, a->nfiles,
		a->mail, a->nomail }, &sent);
	tkt_reply_free(tpl);
	tkt_config_free(config);
	if (rc)
		tkt_cli_fail(cli, rc);
	free(edited);
	free(tpl_status);
	return tkt_cli_finish(cli, sent);
}

/* ---- the modes, and what each takes ----------------------------------- */

/* A message's options, the default mode's; --list-templates and
 * --show-template take them too and do not use them, as they always have
 * (but --note with --customer). */
static const int message_opts[] = {
	TKT_ARG_IDS, 'm', 'F', 't', 'v', OPT_NOTE, OPT_CUSTOMER, 'c', OPT_STATUS, OPT_SPENT,
	OPT_MAIL_OUT, OPT_SENDMAIL, OPT_CONFIG, 'e', OPT_NO_LINT, OPT_INCIDENTS, 'a', 0,
};
static const char one_body[] = "both are the message: give it one way (-a FILE attaches a file)";
static const char agents_only[] = "only an agent's reply goes out as mail, not a note or the "
                                  "customer's";
static const struct tkt_rule message_rules[] = {
	{ OPT_NOTE, OPT_CUSTOMER, NULL, NULL },
	{ 't', 'm', NULL, NULL }, { 't', 'F', NULL, NULL }, { 'm', 'F', NULL, one_body },
	{ 't', OPT_CUSTOMER, NULL, "a reply template is an agent's reply, not the customer's" },
	{ 'v', 't', "a template", NULL },
	{ OPT_MAIL_OUT, OPT_SENDMAIL, NULL, NULL },
	{ OPT_MAIL_OUT, OPT_NOTE, NULL, agents_only }, { OPT_MAIL_OUT, OPT_CUSTOMER, NULL, agents_only },
	{ OPT_SENDMAIL, OPT_NOTE, NULL, agents_only }, { OPT_SENDMAIL, OPT_CUSTOMER, NULL, agents_only },
	{ 'e', OPT_MAIL_OUT, NULL, NULL }, { 'e', OPT_SENDMAIL, NULL, NULL },
	{ OPT_SPENT, OPT_CUSTOMER, NULL, "--spent records agent work, not a customer's" },
	{ OPT_INCIDENTS, OPT_CUSTOMER, NULL, "the customers of the incidents write their own" },
	{ OPT_INCIDENTS, 'e', NULL, NULL },
	{ 0, 0, NULL, NULL },
};
static const int one_id[] = { TKT_ARG_IDS, 0 };
static const int flush_takes[] = { TKT_ARG_IDS, TKT_ARG_STDIN, OPT_CONFIG, 0 };
static const struct tkt_rule flush_rules[] = {
	{ TKT_ARG_IDS, TKT_ARG_STDIN, NULL, "the ids are arguments or on stdin, not both" },
	{ 0, 0, NULL, NULL },
};
static const int templates_take[] = { OPT_LIST, OPT_SHOW, 0 };
static const struct tkt_rule templates_rules[] = {
	{ OPT_NOTE, OPT_CUSTOMER, NULL, NULL },
	{ 0, 0, NULL, NULL },
};

static const struct tkt_mode modes[] = {
	{ OPT_ACCEPT, accept_message, one_id, NULL, NULL, judging },
	{ OPT_SPLIT, split_message, one_id, NULL, NULL, judging },
	{ OPT_FLUSH, flush, flush_takes, NULL, flush_rules, "--flush sends what is queued, and "
	  "takes only ticket ids, '-', --config and the common options" },
	{ OPT_LIST, templates, templates_take, message_opts, templates_rules, NULL },
	{ OPT_SHOW, templates, templates_take, message_opts, templates_rules, NULL },
	{ 0, reply, message_opts, NULL, message_rules, NULL },
};

int
main(int argc, char **argv)
{
	struct tkt_cli cli;
	struct args a = { .lint = 1 };
	int *given = tkt_cli_calloc((size_t)argc, sizeof *given);
	const char *arg;
	size_t n = 0;
	int o;

	a.m.kind = TKT_AGENT;
	a.msgs = tkt_cli_calloc((size_t)argc, sizeof *a.msgs);
	a.vars = tkt_cli_calloc((size_t)argc, sizeof *a.vars);
	a.files = tkt_cli_calloc((size_t)argc, sizeof *a.files);
	a.ids = tkt_cli_calloc((size_t)argc, sizeof *a.ids);
	tkt_cli_init(&cli, argc, argv, "tkt-reply", usage, opts, 0);
	/* The options of the modes (--flush, --list-templates...) choose them. */
	while ((o = tkt_cli_next(&cli, &arg)) != TKT_OPT_END) {
		switch (o) {
		case 'm': a.msgs[a.nmsgs++] = arg; break;
		case 'F': a.file = arg; break;
		case 'a': a.files[a.nfiles++] = arg; break;
		case 't': a.tname = arg; break;
		case 'v': a.vars[a.nvars++] = arg; break;
		case OPT_NOTE: a.m.kind = TKT_NOTE; break;
		case OPT_CUSTOMER: a.m.kind = TKT_CUSTOMER; break;
		case 'c': a.m.channel = arg; break;
		case OPT_STATUS: a.status = arg; break;
		case OPT_SPENT: a.spent = arg; break;
		case OPT_SHOW: a.show = arg; break;
		case OPT_MAIL_OUT: a.mail = 1; break;
		case OPT_SENDMAIL: a.mail = 2; break;
		case OPT_CONFIG: a.config_path = arg; break;
		case 'e': a.edit = 1; break;
		case OPT_NO_LINT: a.lint = 0; break;
		case OPT_INCIDENTS: a.incidents = 1; break;
		case OPT_ACCEPT:
		case OPT_SPLIT: a.number = arg; break;
		case TKT_OPT_WORD:
			if (strcmp(arg, "-") == 0) {
				a.from_stdin = 1;
				o = TKT_ARG_STDIN;
				break;
			}
			if (tkt_id_parse(arg, &a.ids[a.nids++]))
				tkt_cli_usage(&cli, "%s", tkt_errmsg());
			o = TKT_ARG_IDS;
			break;
		}
		given[n++] = o;
	}
	return tkt_cli_mode(&cli, modes, given)->run(&cli, &a);
}
