/* message.c: the thread of a ticket, and what each message does to it. */
#include <stdlib.h>
#include <string.h>

#include "tkt-int.h"

const char *const tkt_kinds[] = { "customer", "agent", "note", "system", NULL };

int
tkt_message_add(tkt_store *st, const struct tkt_message_new *m, int64_t *id)
{
	static const char sql_get[] =
		"SELECT status, channel, assignee, requester FROM tickets WHERE id = :id";
	static const char sql_insert[] =
		"INSERT INTO messages (ticket, author, kind, channel, body, created_at,\n"
		"                      message_id, spent, from_name, from_email, unverified)\n"
		"     VALUES (:ticket, :author, :kind, :channel, :body, :at, :mail_id, :spent,\n"
		"             :from_name, :from_email, :unverified)\n"
		"  RETURNING id";
	/* A customer starts a wait (if none runs); an agent reply ends it. */
	static const char sql_wait[] =
		"UPDATE tickets\n"
		"   SET waiting_since = CASE :kind WHEN 'customer' THEN coalesce(waiting_since, :at)\n"
		"                                  ELSE NULL END\n"
		" WHERE id = :id";
	tkt_stmt *s;
	char *status = NULL, *channel = NULL, *author = NULL;
	int unassigned = 0, rc;
	int64_t customer = 0, mid;

	if ((unsigned)m->kind > TKT_SYSTEM)
		return tkt_error(EX_SOFTWARE, "bad message kind %d", (int)m->kind);
	if (!m->body || !*m->body || tkt_utf8_check(m->body, strlen(m->body)) >= 0)
		return tkt_error(EX_DATAERR, "message body is empty or not UTF-8");
	if (m->channel && tkt_enum_index(tkt_channels, m->channel) < 0)
		return tkt_error(EX_DATAERR, "bad channel '%s' (email, chat, phone, web, social, api)",
		                 m->channel);
	if (m->spent < 0)
		return tkt_error(EX_DATAERR, "work time cannot be negative");
	if (m->kind != TKT_CUSTOMER && (!m->author || !*m->author))
		return tkt_error(EX_USAGE, "an agent message needs an author");
	if (m->unverified && m->kind != TKT_NOTE)
		return tkt_error(EX_SOFTWARE, "only a note is from an unverified sender");
	if (m->from_addr && !tkt_email_valid(m->from_addr))
		return tkt_error(EX_DATAERR, "bad sender address '%s'", m->from_addr);
	if ((rc = tkt_ticket_check(st, m->ticket, m->at)))
		return rc;
	if (!(s = db_stmt(st, sql_get)))
		return tkt_errcode();
	db_bind_int(s, ":id", m->ticket);
	if ((rc = db_step(s)) != DB_ROW) {
		db_reset(s);
		return db_error(st, rc, "reading a ticket");
	}
	status = db_dup(s, 0);
	channel = db_dup(s, 1);
	unassigned = db_null(s, 2);
	customer = db_int(s, 3);
	db_reset(s);

	author = m->author ? tkt_strdup(m->author) : tkt_customer_display(st, customer);
	if (!(s = db_stmt(st, sql_insert))) {
		rc = tkt_errcode();
		goto out;
	}
	db_bind_int(s, ":ticket", m->ticket);
	db_bind_text(s, ":author", author);
	db_bind_text(s, ":kind", tkt_kinds[m->kind]);
	db_bind_text(s, ":channel", m->channel ? m->channel : channel);
	db_bind_text(s, ":body", m->body);
	db_bind_int(s, ":at", (int64_t)m->at);
	db_bind_text(s, ":mail_id", m->mail_id);
	db_bind_int(s, ":spent", m->spent);
	db_bind_text(s, ":from_name", m->from_addr ? m->from_name : NULL);
	db_bind_text(s, ":from_email", m->from_addr);
	db_bind_int(s, ":unverified", m->unverified != 0);
	if ((rc = db_id(st, s, &mid, "adding a message")))
		goto out;
	if (id)
		*id = mid;

	switch (m->kind) {
	case TKT_AGENT:
		if (strcmp(status, "new") == 0 &&
		    (rc = tkt_ticket_set(st, m->ticket, "status", "open", author, m->at)))
			goto out;
		if (unassigned &&
		    (rc = tkt_ticket_set(st, m->ticket, "assignee", author, author, m->at)))
			goto out;
		break;
	case TKT_CUSTOMER:
		if ((strcmp(status, "solved") == 0 || strcmp(status, "closed") == 0 ||
		     strcmp(status, "pending") == 0) &&
		    (rc = tkt_ticket_set(st, m->ticket, "status", "open", author, m->at)))
			goto out;
		break;
	case TKT_NOTE:
	case TKT_SYSTEM:
		break;
	}
	if (m->kind == TKT_AGENT || m->kind == TKT_CUSTOMER) {
		if (!(s = db_stmt(st, sql_wait))) {
			rc = tkt_errcode();
			goto out;
		}
		db_bind_text(s, ":kind", tkt_kinds[m->kind]);
		db_bind_int(s, ":at", (int64_t)m->at);
		db_bind_int(s, ":id", m->ticket);
		if ((rc = db_exec(st, s)))
			goto out;
	}
	rc = tkt_ticket_touch(st, m->ticket, m->at);
out:
	free(status);
	free(channel);
	free(author);
	return rc;
}
