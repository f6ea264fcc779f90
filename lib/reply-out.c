/* reply-out.c: replies going out as mail: the help desk's mail settings,
 * each reply rendered as mail before the commit and printed after it
 * (tkt-reply --mail-out), or handed to the sendmail command, each sent or
 * not said (--sendmail, --flush). */
#include <stdlib.h>

#include "tkt-tool.h"

struct tkt_config *
tkt_reply_mail_config(struct tkt_cli *cli, const char *path)
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

int
tkt_reply_mail_render(struct tkt_cli *cli, const struct tkt_config *c, const int64_t *msgs,
                      const char *nomail, char **texts, size_t n)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < n && !rc; i++)
		if (!nomail || !nomail[i])
			rc = tkt_mail_reply(cli->store, c, msgs[i], &texts[i]);
	for (i = 0; rc && i < n; i++)
		free(texts[i]);
	return rc;
}

void
tkt_reply_mail_print(char **texts, size_t n, time_t at)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (!texts[i])
			continue;
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

int
tkt_reply_send(struct tkt_cli *cli, const struct tkt_config *c, const int64_t *msgs, size_t n,
               int print, size_t *unsent)
{
	struct sending o = { cli, print, c->mail.attempts, 0 };
	int rc = tkt_outbox_send(cli->store, c, msgs, n, cli->now, sent, &o);

	*unsent = o.unsent;
	return rc;
}

int
tkt_reply_send_queued(struct tkt_cli *cli, const struct tkt_config *c, const int64_t *msgs,
                      size_t n)
{
	size_t unsent;
	int rc;

	if ((rc = tkt_reply_send(cli, c, msgs, n, 0, &unsent))) {
		tkt_error(rc, "%s; the replies not sent are stored and queued: tkt-reply --flush "
		          "sends them", tkt_errmsg());
		tkt_cli_warn(cli);
	}
	return rc || unsent ? TKT_EXIT_UNSENT : 0;
}

int
tkt_cli_outbox_flush(struct tkt_cli *cli, int64_t *ids, size_t nids, const char *config_path)
{
	struct tkt_config *c = tkt_reply_mail_config(cli, config_path);
	int64_t *msgs = NULL;
	size_t n, unsent = 0;
	int rc;

	tkt_cli_open(cli, TKT_WRITE);
	tkt_cli_resolve(cli, ids, &nids);
	if (!(rc = tkt_outbox_due(cli->store, ids, nids, cli->now, &msgs, &n)))
		rc = tkt_reply_send(cli, c, msgs, n, 1, &unsent);
	free(msgs);
	tkt_config_free(c);
	if (rc)
		tkt_cli_fail(cli, rc);
	return tkt_cli_finish(cli, unsent ? TKT_EXIT_UNSENT : 0);
}

int
tkt_reply_post_all(struct tkt_cli *cli, const struct tkt_reply_batch *b, int64_t *msgs)
{
	size_t i, j;
	int rc = 0;

	for (i = 0; i < b->n && !rc; i++) {
		char *mail_id = b->mail ? tkt_mail_new_id(b->config, b->ids[i]) : NULL;

		b->m->ticket = b->ids[i];
		b->m->mail_id = mail_id;
		if (b->tpl)
			rc = tkt_reply_post(cli->store, b->tpl, b->config, b->m, b->vars, b->nvars,
			                    b->status, &msgs[i]);
		else if (!(rc = tkt_message_add(cli->store, b->m, &msgs[i])) && b->status)
			rc = tkt_ticket_set(cli->store, b->ids[i], "status", b->status, cli->agent,
			                    cli->now);
		for (j = 0; j < b->natt && !rc; j++)
			rc = tkt_attachment_store(cli->store, msgs[i], &b->att[j], NULL);
		/* To be sent after the commit, and until it is. */
		if (!rc && b->mail == 2 && !(b->nomail && b->nomail[i]))
			rc = tkt_outbox_queue(cli->store, msgs[i], cli->now);
		free(mail_id);
	}
	return rc;
}

/* The form's acknowledgement, the agent's first reply to ticket id; its
 * {{due}} by the configuration at config_path. */
int
tkt_cli_acknowledge(struct tkt_cli *cli, const struct tkt_reply *ack, const char *config_path,
                    int64_t id)
{
	struct tkt_message_new m = { 0 };
	struct tkt_config *config = NULL;
	int rc;

	m.ticket = id;
	m.kind = TKT_AGENT;
	m.author = cli->agent;
	m.at = cli->now;
	if (ack->due && (rc = tkt_config_load(config_path, &config)))
		return rc;
	rc = tkt_reply_post(cli->store, ack, config, &m, NULL, 0, NULL, NULL);
	tkt_config_free(config);
	return rc;
}

int
tkt_reply_store_and_send(struct tkt_cli *cli, const struct tkt_reply_batch *b, int *sent)
{
	int64_t *msgs = tkt_cli_calloc(b->n + 1, sizeof *msgs);
	char **texts = NULL;
	size_t i;
	int rc = tkt_reply_post_all(cli, b, msgs);

	if (b->mail && !rc)
		rc = tkt_reply_mail_render(cli, b->config, msgs, b->nomail,
		                           texts = tkt_cli_calloc(b->n, sizeof *texts), b->n);
	if (rc)
		return rc;
	if (b->mail == 1) {
		tkt_reply_mail_print(texts, b->n, cli->now);
	} else {
		for (i = 0; i < b->n; i++) {
			tkt_cli_print_id(cli, b->ids[i]);
			if (texts)
				free(texts[i]);
		}
	}
	tkt_cli_commit(cli);
	tkt_draft_drop();
	*sent = b->mail == 2 ? tkt_reply_send_queued(cli, b->config, msgs, b->n) : 0;
	return 0;
}
