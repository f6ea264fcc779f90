/* cli-ticket.c: a new ticket's parts as a tool's options give them: the
 * ticket filled in from an incident form (tkt-new -t), and its first
 * message (-m, -F, stdin, or the editor at a terminal). */
#include <stdlib.h>
#include <unistd.h>

#include "tkt-tool.h"

int
tkt_cli_ticket_form(const char *name, int ack_wanted, const char *const *fields,
                    struct tkt_ticket_new *t, struct tkt_form **form, struct tkt_reply **ack,
                    struct tkt_filled *filled)
{
	int tty = isatty(STDIN_FILENO) && isatty(STDERR_FILENO);
	int rc;

	if ((rc = tkt_form_load(name, form)))
		return rc;
	if (ack_wanted && !(*form)->ack)
		return tkt_error(EX_USAGE, "form '%s' has no acknowledgement (ack)", (*form)->name);
	if ((ack_wanted || (*form)->ack_always) && (rc = tkt_reply_load((*form)->ack, ack)))
		return rc;
	return tkt_form_fill(*form, fields, t->nfields, tty ? stdin : NULL, tty ? stderr : NULL,
	                     t, filled);
}

int
tkt_cli_ticket_body(struct tkt_cli *cli, const char **msgs, size_t nmsgs, const char *file,
                    int from_form, struct tkt_ticket_new *t, char **edited)
{
	struct tkt_compose c = { 0 };
	int rc;

	t->body = tkt_cli_body(cli, msgs, nmsgs, file,
	                       from_form ? TKT_BODY_STDIN_OPTIONAL : TKT_BODY_STDIN);
	if (t->body || file || !isatty(STDIN_FILENO))
		return 0;
	c.what = t->outbound ? "the message to the customer" : "the customer's message";
	rc = tkt_compose(NULL, &c, edited);
	t->body = *edited;
	return rc;
}
