/* mail-deliver.c: tkt-new --mail, the delivery agent of a mail server: one
 * message on stdin into the store, and what the mail server is told when
 * it cannot be stored. */
#include <stdlib.h>

#include "tkt-tool.h"

/* Keep a message that could not be stored, if there is a place for it
 * (dir), and fail with code: a mail server keeps what tkt cannot. */
static void
reject(struct tkt_cli *cli, const char *dir, const char *raw, size_t len, int code)
{
	char msg[1024], *path = NULL;

	snprintf(msg, sizeof msg, "%s", tkt_errmsg());
	if (dir && tkt_mail_reject(dir, raw, len, &path) == 0)
		tkt_error(code, "%s; kept in '%s'", msg, path);
	else
		tkt_error(code, "%s", msg);
	free(path);
	cli->exit_as = code;
	tkt_cli_fail(cli, code);
}

/* tkt-new --mail: one message on stdin into the store.  Every failure
 * but a message that is not mail asks the mail server to try again
 * (cli->exit_as), keeping the message where it can. */
int
tkt_cli_mail_deliver(struct tkt_cli *cli, const char *config_path, const char *sender)
{
	const char *envelope = sender;
	struct tkt_config *c = NULL;
	struct tkt_mail m;
	enum tkt_delivery what;
	size_t len;
	char *raw, *path = NULL;
	int64_t id = 0;
	int rc;

	if (envelope && *envelope && !tkt_email_valid(envelope))
		tkt_cli_usage(cli, "bad envelope sender '%s' (an address)", envelope);
	raw = tkt_cli_read_all(cli, stdin, "the message", TKT_MAIL_MAX, &len);
	if (!envelope || !*envelope)
		envelope = getenv("SENDER");        /* Postfix's pipe, procmail */
	if ((rc = tkt_config_load(config_path, &c))) {
		/* Kept where the configuration says, as far as it can be read. */
		char *dir = tkt_config_rejected(config_path), kept[4096];

		snprintf(kept, sizeof kept, "%s", dir ? dir : "");
		free(dir);
		reject(cli, *kept ? kept : NULL, raw, len, EX_TEMPFAIL);
	}
	if ((rc = tkt_mail_parse(raw, len, c, envelope, &m)))
		reject(cli, c->mail.rejected, raw, len, rc == EX_DATAERR ? EX_DATAERR : EX_TEMPFAIL);
	if ((rc = tkt_cli_try_open(cli, TKT_CREATE)) || (rc = tkt_begin(cli->store)) ||
	    (rc = tkt_mail_deliver(cli->store, &m, c, cli->agent, cli->now, 0, &id, &what)) ||
	    (rc = tkt_commit(cli->store))) {
		/* Ours to put right, or to wait for: the mail server tries
		 * again, and a copy is kept meanwhile. */
		tkt_mail_release(&m);
		reject(cli, c->mail.rejected, raw, len, EX_TEMPFAIL);
	}
	if (what == TKT_MAIL_REJECTED) {
		/* A stranger's mail, by strangers: reject: kept, not stored. */
		if ((rc = tkt_mail_reject(c->mail.rejected, raw, len, &path)))
			reject(cli, NULL, raw, len, EX_TEMPFAIL);
		tkt_error(0, "mail from '%s' names ticket %lld, which they are not on; kept in '%s'",
		          m.from_addr, (long long)id, path);
		tkt_cli_warn(cli);
		free(path);
	} else if (what != TKT_MAIL_DROPPED) {
		tkt_cli_print_id(cli, id);
	}
	tkt_mail_release(&m);
	tkt_config_free(c);
	return tkt_cli_finish(cli, 0);
}

/* tkt-reply ID --accept N | --split N: an unverified mail of the ticket
 * is its sender's customer message, or their own ticket. */
int
tkt_cli_message_judge(struct tkt_cli *cli, int64_t id, const char *number, int split)
{
	int64_t n, created = 0;
	char *end;
	size_t one = 1;
	int rc;

	n = strtoll(number, &end, 10);
	if (*end || n < 1)
		tkt_cli_usage(cli, "bad message number '%s' (1 is the first, as tkt-show numbers them)",
		              number);
	tkt_cli_open(cli, TKT_WRITE);
	tkt_cli_begin(cli);
	tkt_cli_resolve(cli, &id, &one);
	rc = split ? tkt_message_split(cli->store, id, n, cli->agent, cli->now, &created)
	           : tkt_message_accept(cli->store, id, n, cli->agent, cli->now);
	if (rc)
		tkt_cli_fail(cli, rc);
	tkt_cli_print_id(cli, split ? created : id);
	tkt_cli_commit(cli);
	return tkt_cli_finish(cli, 0);
}
