/* message.c: the thread of a ticket, and what each message does to it. */
#include <stdlib.h>
#include <string.h>

#include "tkt-int.h"

const char *const tkt_kinds[] = { "customer", "agent", "note", "system", NULL };

/* What a message of kind does to the status of its ticket, as the
 * statuses' table says (an agent's reply opens a new ticket; a
 * customer's message reopens a solved or closed one, and brings a
 * pending one back to open). */
static int
status_rule(tkt_store *st, int64_t ticket, const char *status, enum tkt_kind kind,
            const char *author, time_t at)
{
	const char *to = tkt_status_after(status, kind);

	return to ? tkt_ticket_set(st, ticket, "status", to, author, at) : 0;
}

int
tkt_message_effects(tkt_store *st, int64_t ticket, enum tkt_kind kind, const char *author,
                    time_t at)
{
	static const char sql_get[] = "SELECT status, assignee FROM tickets WHERE id = :id";
	/* A customer starts a wait (if none runs); an agent reply ends it. */
	static const char sql_wait[] =
		"UPDATE tickets\n"
		"   SET waiting_since = CASE :kind WHEN 'customer' THEN coalesce(waiting_since, :at)\n"
		"                                  ELSE NULL END\n"
		" WHERE id = :id";
	tkt_stmt *s;
	char *status = NULL;
	int unassigned, rc;

	if (kind != TKT_AGENT && kind != TKT_CUSTOMER)
		return tkt_ticket_touch(st, ticket, at);
	if (!(s = db_stmt(st, sql_get)))
		return tkt_errcode();
	db_bind_int(s, ":id", ticket);
	if ((rc = db_step(s)) != DB_ROW) {
		db_reset(s);
		return db_error(st, rc, "reading a ticket");
	}
	status = db_dup(s, 0);
	unassigned = db_null(s, 1);
	db_reset(s);
	if ((rc = status_rule(st, ticket, status, kind, author, at)))
		goto out;
	if (kind == TKT_AGENT && unassigned &&
	    (rc = tkt_ticket_set(st, ticket, "assignee", author, author, at)))
		goto out;
	if (!(s = db_stmt(st, sql_wait))) {
		rc = tkt_errcode();
		goto out;
	}
	db_bind_text(s, ":kind", tkt_kinds[kind]);
	db_bind_int(s, ":at", (int64_t)at);
	db_bind_int(s, ":id", ticket);
	if (!(rc = db_exec(st, s)))
		rc = tkt_ticket_touch(st, ticket, at);
out:
	free(status);
	return rc;
}

int
tkt_message_add(tkt_store *st, const struct tkt_message_new *m, int64_t *id)
{
	static const char sql_get[] =
		"SELECT channel, requester FROM tickets WHERE id = :id";
	static const char sql_insert[] =
		"INSERT INTO messages (ticket, author, kind, channel, body, created_at,\n"
		"                      message_id, spent, from_name, from_email, unverified)\n"
		"     VALUES (:ticket, :author, :kind, :channel, :body, :at, :mail_id, :spent,\n"
		"             :from_name, :from_email, :unverified)\n"
		"  RETURNING id";
	tkt_stmt *s;
	char *channel = NULL, *author = NULL;
	int rc;
	int64_t customer = 0, mid;

	if ((unsigned)m->kind > TKT_SYSTEM)
		return tkt_error(EX_SOFTWARE, "bad message kind %d", (int)m->kind);
	if (!m->body || !*m->body || tkt_utf8_check(m->body, strlen(m->body)) >= 0)
		return tkt_error(EX_DATAERR, "message body is empty or not UTF-8");
	if (m->channel && (rc = tkt_attr_check("channel", m->channel)))
		return rc;
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
	channel = db_dup(s, 0);
	customer = db_int(s, 1);
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

	rc = m->keep_status ? tkt_ticket_touch(st, m->ticket, m->at)
	                    : tkt_message_effects(st, m->ticket, m->kind, author, m->at);
out:
	free(channel);
	free(author);
	return rc;
}

int
tkt_opening_mark(tkt_store *st, int64_t ticket)
{
	static const char sql[] = TKT_SQL_OPENING;
	tkt_stmt *s = db_stmt(st, sql);

	if (!s)
		return tkt_errcode();
	db_bind_int(s, ":ticket", ticket);
	return db_exec(st, s);
}

/* ---- mail from a sender who is not on the ticket ---------------------- */

/* Message n (1 is the first, as tkt-show numbers them) of ticket id,
 * which must be an unverified note: its id, time, sender and the
 * ticket's status and subject (strings to free). */
struct unverified {
	int64_t id;
	time_t  at;
	char   *from_name, *from_email, *status, *subject;
};

static int
unverified_get(tkt_store *st, int64_t ticket, int64_t n, struct unverified *u)
{
	static const char sql[] =
		"SELECT m.id, m.created_at, m.from_name, m.from_email, m.unverified, t.status, t.subject\n"
		"  FROM messages m JOIN tickets t ON t.id = m.ticket\n"
		" WHERE m.ticket = :ticket\n"
		" ORDER BY m.created_at, m.id LIMIT 1 OFFSET :skip";
	tkt_stmt *s;
	int rc;

	memset(u, 0, sizeof *u);
	if ((rc = tkt_ticket_exists(st, ticket)))
		return rc;
	if (n < 1)
		return tkt_error(EX_DATAERR, "bad message number %lld (1 is the first)", (long long)n);
	if (!(s = db_stmt(st, sql)))
		return tkt_errcode();
	db_bind_int(s, ":ticket", ticket);
	db_bind_int(s, ":skip", n - 1);
	if ((rc = db_step(s)) != DB_ROW) {
		db_reset(s);
		return rc == DB_DONE ? tkt_error(EX_NOINPUT, "ticket %lld has no message %lld",
		                                 (long long)ticket, (long long)n)
		                     : db_error(st, rc, "reading a message");
	}
	if (db_int(s, 4) != 1 || db_null(s, 3)) {
		db_reset(s);
		return tkt_error(EX_DATAERR, "message %lld of ticket %lld is not mail from an "
		                 "unverified sender", (long long)n, (long long)ticket);
	}
	u->id = db_int(s, 0);
	u->at = (time_t)db_int(s, 1);
	u->from_name = db_dup(s, 2);
	u->from_email = db_dup(s, 3);
	u->status = db_dup(s, 5);
	u->subject = db_dup(s, 6);
	db_reset(s);
	return 0;
}

static void
unverified_release(struct unverified *u)
{
	free(u->from_name);
	free(u->from_email);
	free(u->status);
	free(u->subject);
}

/* Message id becomes a customer message of ticket, written by author. */
static int
make_customer(tkt_store *st, int64_t id, int64_t ticket, const char *author)
{
	static const char sql[] =
		"UPDATE messages SET ticket = :ticket, kind = 'customer', unverified = 0, author = :author\n"
		" WHERE id = :id";
	tkt_stmt *s = db_stmt(st, sql);

	if (!s)
		return tkt_errcode();
	db_bind_int(s, ":ticket", ticket);
	db_bind_text(s, ":author", author);
	db_bind_int(s, ":id", id);
	return db_exec(st, s);
}

int
tkt_message_accept(tkt_store *st, int64_t ticket, int64_t n, const char *actor, time_t at)
{
	/* The customer waits from their message on, unless an agent has
	 * answered since. */
	static const char sql_wait[] =
		"UPDATE tickets SET waiting_since = coalesce(waiting_since, :from)\n"
		" WHERE id = :id AND status IN " TKT_SQL_ACTIVE "\n"
		"   AND NOT EXISTS (SELECT 1 FROM messages WHERE ticket = :id AND kind = 'agent'\n"
		"                                            AND created_at >= :from)";
	struct unverified u;
	enum tkt_party party;
	char *author = NULL;
	tkt_stmt *s;
	int rc;

	if ((rc = unverified_get(st, ticket, n, &u)) || (rc = tkt_ticket_check(st, ticket, at)))
		goto out;
	author = tkt_mailbox_display(u.from_name, u.from_email);
	if ((rc = make_customer(st, u.id, ticket, author)) ||
	    (rc = tkt_party(st, ticket, u.from_email, &party)) ||
	    (party == TKT_PARTY_NONE &&
	     (rc = tkt_follower_add(st, ticket, u.from_name, u.from_email, actor, at, NULL))) ||
	    (rc = tkt_event_add(st, ticket, "accept", NULL, u.from_email, actor, at)) ||
	    (rc = status_rule(st, ticket, u.status, TKT_CUSTOMER, actor, at)))
		goto out;
	if (!(s = db_stmt(st, sql_wait))) {
		rc = tkt_errcode();
		goto out;
	}
	db_bind_int(s, ":from", (int64_t)u.at);
	db_bind_int(s, ":id", ticket);
	if (!(rc = db_exec(st, s)))
		rc = tkt_ticket_touch(st, ticket, at);
out:
	free(author);
	unverified_release(&u);
	return rc;
}

int
tkt_message_split(tkt_store *st, int64_t ticket, int64_t n, const char *actor, time_t at,
                  int64_t *created)
{
	struct tkt_ticket_new t = { 0 };
	struct tkt_message_new sys = { 0 };
	struct unverified u;
	char *author = NULL, *notice = NULL, num[32];
	int rc;

	*created = 0;
	if ((rc = unverified_get(st, ticket, n, &u)) || (rc = tkt_ticket_check(st, ticket, at)))
		goto out;
	/* A ticket of the sender's own, opened when they wrote. */
	author = tkt_mailbox_display(u.from_name, u.from_email);
	t.subject = u.subject;
	t.requester = author;
	t.channel = "email";
	t.actor = actor;
	t.at = u.at;
	if ((rc = tkt_ticket_create(st, &t, created)) ||
	    (rc = make_customer(st, u.id, *created, author)))
		goto out;
	notice = tkt_asprintf("Split from ticket #%lld, which its sender (%s) is not on.",
	                      (long long)ticket, u.from_email);
	sys.ticket = *created;
	sys.kind = TKT_SYSTEM;
	sys.channel = "email";
	sys.author = actor;
	sys.body = notice;
	sys.at = at;
	snprintf(num, sizeof num, "#%lld", (long long)*created);
	if ((rc = tkt_message_add(st, &sys, NULL)) ||
	    (rc = tkt_event_add(st, ticket, "split", NULL, num, actor, at)))
		goto out;
	rc = tkt_ticket_touch(st, ticket, at);
out:
	free(author);
	free(notice);
	unverified_release(&u);
	return rc;
}
