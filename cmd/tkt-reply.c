/* tkt-reply: add a reply, note or customer message to tickets, written or
 * from a reply template. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tkt-tool.h"

static const char usage[] =
	"usage: tkt-reply [ID...] [-m BODY | -F FILE | -t TEMPLATE [-v NAME=VALUE]...] [-e] [--no-lint]\n"
	"                 [--note | --customer] [-c CHANNEL] [--status STATUS] [--spent DURATION]\n"
	"                 [--mail-out | --sendmail] [--config FILE]\n"
	"                 [--db STORE] [--as NAME] [--at TIME] [--json] [-q]\n"
	"       tkt-reply --flush [ID... | -] [--config FILE] [--db STORE] [--at TIME] [--json] [-q]\n"
	"       tkt-reply ID --accept N | --split N [--db STORE] [--as NAME] [--at TIME] [--json] [-q]\n"
	"       tkt-reply --list-templates | --show-template TEMPLATE\n"
	"\n"
	"Add a message to each ticket's thread and print the ids.  An agent reply\n"
	"by default; the body comes from -m, -F, a template or stdin.  With no ID\n"
	"the ids are read from stdin, and the body must then come from -m, -F FILE\n"
	"or -t.  With one ID, no body and a terminal, the message is written in\n"
	"$VISUAL or $EDITOR (else vi), and a reply is checked against the QA\n"
	"checklist before it is stored.\n"
	"\n"
	"  -m, --message BODY        the message (repeatable: paragraphs)\n"
	"  -F, --file FILE           read the message from FILE ('-' for stdin)\n"
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
	"      --mail-out            write each reply as a mail message on stdout (an\n"
	"                            mbox for several), from the help desk to the\n"
	"                            customer, threaded; its Message-ID is kept\n"
	"      --sendmail            send each reply through the configured command\n"
	"                            (default sendmail -t -i), once per ticket; a reply\n"
	"                            it does not take stays queued (exit 3)\n"
	"      --flush               send the replies queued for mail, oldest first\n"
	"                            (all, or the tickets' given, their failed ones\n"
	"                            again); print the ticket of each reply sent\n"
	"      --accept N            message N of the ticket (as tkt-show numbers them),\n"
	"                            mail from a sender who is not on it, is the\n"
	"                            sender's after all: their customer message, and\n"
	"                            they follow the ticket\n"
	"      --split N             message N, such mail, goes to a ticket of its\n"
	"                            sender's own; print that ticket's id\n"
	"      --config FILE         the mail settings (default $TKT_CONFIG, else\n"
	"                            $XDG_CONFIG_HOME/tkt/config.yaml)\n"
	"      --list-templates      list the reply templates\n"
	"      --show-template TEMPLATE  show a reply template and its variables\n"
	"      --json                print {\"id\":N} lines instead of ids\n"
	"  -q, --quiet               print nothing\n"
	TKT_COMMON_HELP;

enum {
	OPT_NOTE = 256, OPT_CUSTOMER, OPT_STATUS, OPT_SPENT, OPT_LIST, OPT_SHOW, OPT_MAIL_OUT,
	OPT_SENDMAIL, OPT_CONFIG, OPT_NO_LINT, OPT_FLUSH, OPT_ACCEPT, OPT_SPLIT,
};

static const struct tkt_opt opts[] = {
	{ 'm', "message", 1 }, { 'F', "file", 1 }, { 't', "template", 1 }, { 'v', "var", 1 },
	{ OPT_NOTE, "note", 0 }, { OPT_CUSTOMER, "customer", 0 }, { 'c', "channel", 1 },
	{ OPT_STATUS, "status", 1 }, { OPT_SPENT, "spent", 1 }, { OPT_LIST, "list-templates", 0 },
	{ OPT_SHOW, "show-template", 1 }, { OPT_MAIL_OUT, "mail-out", 0 },
	{ OPT_SENDMAIL, "sendmail", 0 }, { OPT_CONFIG, "config", 1 }, { 'e', "edit", 0 },
	{ OPT_NO_LINT, "no-lint", 0 }, { OPT_FLUSH, "flush", 0 }, { OPT_ACCEPT, "accept", 1 },
	{ OPT_SPLIT, "split", 1 }, { 0, NULL, 0 },
};

/* The message of one ticket written in the editor: from the template
 * rendered, or the body given; a reply is linted unless lint is 0. */
static char *
compose(struct tkt_cli *cli, const struct tkt_message_new *m, const struct tkt_reply *tpl,
        const char *const *vars, size_t nvars, const char *config_path, int lint)
{
	struct tkt_compose c = { 0 };
	struct tkt_checklist *cl = NULL;
	struct tkt_config *config = NULL;
	char *initial = NULL, *body = NULL;
	int rc;

	c.ticket = m->ticket;
	c.what = m->kind == TKT_NOTE ? "the note" : m->kind == TKT_CUSTOMER ? "the customer's message"
	                                                                   : "the reply";
	c.now = cli->now;
	lint = lint && m->kind == TKT_AGENT;
	if ((rc = tkt_ticket_exists(cli->store, m->ticket)) ||
	    (tpl && (rc = tkt_reply_render(cli->store, tpl, m->ticket, cli->agent, cli->now, vars,
	                                   nvars, &initial))) ||
	    (lint && ((rc = tkt_checklist_load(NULL, &cl)) || (rc = tkt_config_load(config_path, &config)))))
		goto out;
	c.initial = tpl ? initial : m->body;
	c.checklist = cl;
	c.config = config;
	rc = tkt_compose(cli->store, &c, &body);
out:
	free(initial);
	tkt_checklist_free(cl);
	tkt_config_free(config);
	if (rc)
		tkt_cli_fail(cli, rc);
	return body;
}

/* Before the commit: each stored reply as mail, so that a reply that
 * cannot go out as mail (a customer without an address) is not stored. */
static int
mail_render(struct tkt_cli *cli, const struct tkt_config *c, const int64_t *msgs,
            char **texts, size_t n)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < n && !rc; i++)
		rc = tkt_mail_reply(cli->store, c, msgs[i], &texts[i]);
	for (i = 0; rc && i < n; i++)
		free(texts[i]);
	return rc;
}

/* After the commit: each reply's mail on stdout, an mbox for several. */
static void
mail_print(char **texts, size_t n, time_t at)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (n > 1)
			tkt_mail_mbox(stdout, texts[i], at);
		else
			fputs(texts[i], stdout);
		free(texts[i]);
	}
}

/* How each reply handed to the sendmail command went: the ticket of one
 * sent is printed (print), one not sent is said on stderr. */
struct sending {
	struct tkt_cli *cli;
	int             print, attempts;
	size_t          unsent;
};

static void
sent(const struct tkt_sent *r, void *ctx)
{
	struct sending *o = ctx;

	if (r->sent) {
		if (o->print)
			tkt_cli_print_id(o->cli, r->ticket);
		return;
	}
	o->unsent++;
	if (r->failed)
		tkt_error(TKT_EXIT_UNSENT, "ticket %lld: %s; the reply is stored, not sent: failed "
		          "after %d attempts", (long long)r->ticket, r->error, r->attempts);
	else
		tkt_error(TKT_EXIT_UNSENT, "ticket %lld: %s; the reply is stored and queued "
		          "(attempt %d of %d): tkt-reply --flush sends it", (long long)r->ticket,
		          r->error, r->attempts, o->attempts);
	tkt_cli_warn(o->cli);
}

/* tkt-reply ID --accept N | --split N: an unverified mail of the ticket
 * is its sender's customer message, or their own ticket. */
static int
judge(struct tkt_cli *cli, int64_t id, int split, const char *arg)
{
	int64_t n, created = 0;
	char *end;
	int rc;

	n = strtoll(arg, &end, 10);
	if (*end || n < 1)
		tkt_cli_usage(cli, "bad message number '%s' (1 is the first, as tkt-show numbers them)",
		              arg);
	tkt_cli_open(cli, TKT_WRITE);
	tkt_cli_begin(cli);
	rc = split ? tkt_message_split(cli->store, id, n, cli->agent, cli->now, &created)
	           : tkt_message_accept(cli->store, id, n, cli->agent, cli->now);
	if (rc)
		tkt_cli_fail(cli, rc);
	tkt_cli_print_id(cli, split ? created : id);
	tkt_cli_commit(cli);
	return tkt_cli_finish(cli, 0);
}

/* The mail settings, with the help desk's address to send from. */
static struct tkt_config *
mail_config(struct tkt_cli *cli, const char *path)
{
	struct tkt_config *c = NULL;
	int rc;

	if ((rc = tkt_config_load(path, &c)))
		tkt_cli_fail(cli, rc);
	if (!c->mail.address) {
		tkt_config_free(c);
		tkt_cli_fail(cli, tkt_error(EX_CONFIG, "no address of the help desk to send from "
		                            "(mail: address: in the configuration)"));
	}
	return c;
}

/* tkt-reply --flush: send the replies queued, of the tickets given or
 * all. */
static int
flush(struct tkt_cli *cli, const int64_t *ids, size_t nids, const char *config_path)
{
	struct tkt_config *c = mail_config(cli, config_path);
	struct sending o = { cli, 1, c->mail.attempts, 0 };
	int64_t *msgs = NULL;
	size_t n;
	int rc;

	tkt_cli_open(cli, TKT_WRITE);
	if (!(rc = tkt_outbox_due(cli->store, ids, nids, cli->now, &msgs, &n)))
		rc = tkt_outbox_send(cli->store, c, msgs, n, cli->now, sent, &o);
	free(msgs);
	tkt_config_free(c);
	if (rc)
		tkt_cli_fail(cli, rc);
	return tkt_cli_finish(cli, o.unsent ? TKT_EXIT_UNSENT : 0);
}

int
main(int argc, char **argv)
{
	struct tkt_cli cli;
	struct tkt_message_new m = { 0 };
	struct tkt_reply *tpl = NULL;
	const char **msgs = tkt_cli_calloc((size_t)argc, sizeof *msgs);
	const char **vars = tkt_cli_calloc((size_t)argc, sizeof *vars);
	const char *arg, *file = NULL, *status = NULL, *spent = NULL, *tname = NULL, *show = NULL;
	const char *config_path = NULL, *accept = NULL, *split = NULL;
	struct tkt_config *config = NULL;
	int64_t *ids = tkt_cli_calloc((size_t)argc, sizeof *ids), *msgs_out = NULL;
	char **texts = NULL, *edited = NULL, *tpl_status = NULL;
	size_t nmsgs = 0, nvars = 0, nids = 0, i;
	int o, rc, list = 0, mail = 0, edit = 0, lint = 1, flushing = 0, from_stdin = 0;

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
		case OPT_MAIL_OUT: mail = mail ? -1 : 1; break;
		case OPT_SENDMAIL: mail = mail ? -1 : 2; break;
		case OPT_CONFIG: config_path = arg; break;
		case 'e': edit = 1; break;
		case OPT_NO_LINT: lint = 0; break;
		case OPT_FLUSH: flushing = 1; break;
		case OPT_ACCEPT: accept = arg; break;
		case OPT_SPLIT: split = arg; break;
		case TKT_OPT_WORD:
			if (strcmp(arg, "-") == 0) {
				from_stdin = 1;
				break;
			}
			if ((rc = tkt_id_parse(arg, &ids[nids])))
				tkt_cli_usage(&cli, "%s", tkt_errmsg());
			nids++;
			break;
		}
	}
	if (accept || split) {
		if (accept && split)
			tkt_cli_usage(&cli, "--accept and --split exclude each other");
		if (nids != 1 || from_stdin || flushing || nmsgs || file || tname || nvars ||
		    m.kind != TKT_AGENT || m.channel || status || spent || list || show || mail ||
		    edit || !lint || config_path)
			tkt_cli_usage(&cli, "--accept and --split take one ticket id and a message number");
		return judge(&cli, ids[0], split != NULL, split ? split : accept);
	}
	if (flushing) {
		if (nmsgs || file || tname || nvars || m.kind != TKT_AGENT || m.channel || status ||
		    spent || list || show || mail || edit || !lint)
			tkt_cli_usage(&cli, "--flush sends what is queued: it takes ticket ids, "
			              "--config and the common options only");
		if (from_stdin && nids)
			tkt_cli_usage(&cli, "ticket ids come from the arguments or from stdin (-), not both");
		if (from_stdin)
			ids = tkt_cli_stdin_ids(&cli, &nids);
		return flush(&cli, ids, nids, config_path);
	}
	if (from_stdin)
		tkt_cli_usage(&cli, "'-' reads ticket ids for --flush; other replies read them "
		              "from stdin when none is given");
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
		tkt_cli_fail(&cli, tkt_error(EX_DATAERR, "bad status '%s' (%s)", status,
		                             tkt_status_names()));
	if (spent) {
		if (m.kind == TKT_CUSTOMER)
			tkt_cli_usage(&cli, "--spent records agent work, not a customer's");
		if ((rc = tkt_duration_parse(spent, &m.spent)))
			tkt_cli_fail(&cli, tkt_error(rc, "--spent: %s", tkt_errmsg()));
	}
	if (nvars && !tname)
		tkt_cli_usage(&cli, "-v gives a template's variables: use it with -t");
	/* One ticket, nothing to say, a terminal: the editor. */
	if (!edit && nids == 1 && !nmsgs && !file && !tname && isatty(STDIN_FILENO))
		edit = 1;
	if (edit && (nids != 1 || !isatty(STDIN_FILENO)))
		tkt_cli_usage(&cli, "--edit writes one ticket's message at a terminal");
	if (edit && mail)
		tkt_cli_usage(&cli, "--edit and --mail-out or --sendmail exclude each other");
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
		if (!(m.body = tkt_cli_body(&cli, msgs, nmsgs, file, TKT_BODY_STDIN)) && !edit)
			tkt_cli_usage(&cli, "no message given (-m, -F, -t or stdin)");
	}
	if (mail < 0)
		tkt_cli_usage(&cli, "--mail-out and --sendmail exclude each other");
	if (mail && m.kind != TKT_AGENT)
		tkt_cli_usage(&cli, "only an agent's reply goes out as mail, not a note or the customer's");
	if (mail)
		config = mail_config(&cli, config_path);
	if (nids == 0)
		ids = tkt_cli_stdin_ids(&cli, &nids);
	msgs_out = tkt_cli_calloc(nids + 1, sizeof *msgs_out);
	m.at = cli.now;
	m.author = m.kind == TKT_CUSTOMER ? NULL : cli.agent;

	tkt_cli_open(&cli, TKT_WRITE);
	if (edit) {
		m.ticket = ids[0];
		m.body = edited = compose(&cli, &m, tpl, vars, nvars, config_path, lint);
		if (tpl && !status && tpl->status)
			status = tpl_status = tkt_strdup(tpl->status);
		tkt_reply_free(tpl);
		tpl = NULL;
	}
	tkt_cli_begin(&cli);
	for (i = 0, rc = 0; i < nids && !rc; i++) {
		char *mail_id = mail ? tkt_mail_new_id(config, ids[i]) : NULL;

		m.ticket = ids[i];
		m.mail_id = mail_id;
		if (tpl)
			rc = tkt_reply_post(cli.store, tpl, &m, vars, nvars, status, &msgs_out[i]);
		else if (!(rc = tkt_message_add(cli.store, &m, &msgs_out[i])) && status)
			rc = tkt_ticket_set(cli.store, ids[i], "status", status, cli.agent, cli.now);
		/* To be sent after the commit, and until it is. */
		if (!rc && mail == 2)
			rc = tkt_outbox_queue(cli.store, msgs_out[i], cli.now);
		free(mail_id);
	}
	tkt_reply_free(tpl);
	/* Each reply as mail before the commit: one that cannot go out as
	 * mail (a customer without an address) is not stored. */
	if (mail && !rc)
		rc = mail_render(&cli, config, msgs_out, texts = tkt_cli_calloc(nids, sizeof *texts), nids);
	if (rc) {
		tkt_config_free(config);
		tkt_cli_fail(&cli, rc);
	}
	if (mail == 1) {
		mail_print(texts, nids, cli.now);
	} else {
		for (i = 0; i < nids; i++) {
			tkt_cli_print_id(&cli, ids[i]);
			if (texts)
				free(texts[i]);
		}
	}
	tkt_cli_commit(&cli);
	if (mail == 2) {
		struct sending out = { &cli, 0, config->mail.attempts, 0 };

		if ((rc = tkt_outbox_send(cli.store, config, msgs_out, nids, cli.now, sent, &out))) {
			tkt_error(rc, "%s; the replies not sent are stored and queued: tkt-reply --flush "
			          "sends them", tkt_errmsg());
			tkt_cli_warn(&cli);
		}
		rc = rc || out.unsent ? TKT_EXIT_UNSENT : 0;
	}
	tkt_config_free(config);
	free(edited);
	free(tpl_status);
	return tkt_cli_finish(&cli, rc);
}
