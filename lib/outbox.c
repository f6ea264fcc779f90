/* outbox.c: replies that leave by mail.  A reply for mail is queued in
 * the transaction that stores it; it is sent after that commits, and
 * marked sent only when the sendmail command has taken it, so that a
 * reply is sent once or visibly not: each attempt claims the reply for a
 * while (TKT_OUTBOX_LEASE), so that two senders never hand it over at
 * once and a sender killed mid-way leaves it to be sent again. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tkt-int.h"

const char *const tkt_outbox_states[] = { "queued", "sending", "sent", "failed", NULL };

int
tkt_outbox_queue(tkt_store *st, int64_t message, time_t at)
{
	static const char sql[] =
		"INSERT INTO outbox (message, state, attempts, queued_at)\n"
		"     VALUES (:message, 'queued', 0, :at)";
	tkt_stmt *s = db_stmt(st, sql);

	if (!s)
		return tkt_errcode();
	db_bind_int(s, ":message", message);
	db_bind_int(s, ":at", (int64_t)at);
	return db_exec(st, s);
}

int
tkt_outbox_due(tkt_store *st, const int64_t *tickets, size_t n, time_t now,
               int64_t **messages, size_t *count)
{
	/* The oldest first; a claim past its lease was a sender that died. */
	static const char sql_all[] =
		"SELECT message FROM outbox\n"
		" WHERE state = 'queued' OR (state = 'sending' AND claimed_at <= :stale)\n"
		" ORDER BY queued_at, message";
	/* A ticket named: its failed replies get attempts afresh. */
	static const char sql_retry[] =
		"UPDATE outbox SET state = 'queued', attempts = 0\n"
		" WHERE state = 'failed'\n"
		"   AND message IN (SELECT id FROM messages WHERE ticket = :ticket)";
	static const char sql_ticket[] =
		"SELECT o.message FROM outbox o JOIN messages m ON m.id = o.message\n"
		" WHERE m.ticket = :ticket\n"
		"   AND (o.state = 'queued' OR (o.state = 'sending' AND o.claimed_at <= :stale))\n"
		" ORDER BY o.queued_at, o.message";
	size_t i, cap = 0;
	tkt_stmt *s;
	int rc = 0;

	*messages = NULL;
	*count = 0;
	if (n && (rc = tkt_begin(st)))
		return rc;
	for (i = 0; i < (n ? n : 1) && !rc; i++) {
		if (n) {
			if ((rc = tkt_ticket_exists(st, tickets[i])))
				break;
			if (!(s = db_stmt(st, sql_retry))) {
				rc = tkt_errcode();
				break;
			}
			db_bind_int(s, ":ticket", tickets[i]);
			if ((rc = db_exec(st, s)))
				break;
		}
		if (!(s = db_stmt(st, n ? sql_ticket : sql_all))) {
			rc = tkt_errcode();
			break;
		}
		if (n)
			db_bind_int(s, ":ticket", tickets[i]);
		db_bind_int(s, ":stale", (int64_t)now - TKT_OUTBOX_LEASE);
		while ((rc = db_step(s)) == DB_ROW) {
			if (*count == cap)
				*messages = tkt_realloc(*messages, (cap = cap * 2 + 16) * sizeof **messages);
			(*messages)[(*count)++] = db_int(s, 0);
		}
		db_reset(s);
		rc = rc == DB_DONE ? 0 : db_error(st, rc, "reading the outbox");
	}
	if (n && (rc || (rc = tkt_commit(st))))
		tkt_rollback(st);
	if (rc) {
		free(*messages);
		*messages = NULL;
		*count = 0;
	}
	return rc;
}

/* One attempt to send a reply: whose, when, and how it went. */
struct attempt {
	int64_t          message;
	const char      *token;     /* this sender's claim */
	time_t           now;
	int              max;       /* attempts before it is marked failed */
	int              claimed;
	struct tkt_sent *r;
};

/* Claim the reply for this attempt: a.claimed when it was queued, or its
 * claim had gone stale. */
static int
claim(tkt_store *st, struct attempt *a)
{
	static const char sql[] =
		"UPDATE outbox SET state = 'sending', claimed_at = :now, claim = :token,\n"
		"                  attempts = attempts + 1\n"
		" WHERE message = :message\n"
		"   AND (state = 'queued' OR (state = 'sending' AND claimed_at <= :stale))\n"
		" RETURNING attempts, (SELECT ticket FROM messages WHERE id = :message)";
	tkt_stmt *s = db_stmt(st, sql);
	int rc;

	if (!s)
		return tkt_errcode();
	db_bind_int(s, ":now", (int64_t)a->now);
	db_bind_text(s, ":token", a->token);
	db_bind_int(s, ":message", a->message);
	db_bind_int(s, ":stale", (int64_t)a->now - TKT_OUTBOX_LEASE);
	if ((rc = db_step(s)) == DB_ROW) {
		a->r->attempts = (int)db_int(s, 0);
		a->r->ticket = db_int(s, 1);
		a->claimed = 1;
	}
	db_reset(s);
	return rc == DB_ROW || rc == DB_DONE ? 0 : db_error(st, rc, "claiming a reply to send");
}

/* Record how the attempt went, if the claim is still ours. */
static int
settle(tkt_store *st, struct attempt *a)
{
	static const char sql[] =
		"UPDATE outbox\n"
		"   SET state = CASE WHEN :ok = 1 THEN 'sent' WHEN attempts >= :max THEN 'failed'\n"
		"                    ELSE 'queued' END,\n"
		"       error = :error, sent_at = CASE WHEN :ok = 1 THEN :now END,\n"
		"       claim = NULL, claimed_at = NULL\n"
		" WHERE message = :message AND claim = :token\n"
		" RETURNING state";
	tkt_stmt *s = db_stmt(st, sql);
	int rc;

	if (!s)
		return tkt_errcode();
	db_bind_int(s, ":ok", a->r->sent);
	db_bind_int(s, ":max", a->max);
	db_bind_text(s, ":error", a->r->sent ? NULL : a->r->error);
	db_bind_int(s, ":now", (int64_t)a->now);
	db_bind_int(s, ":message", a->message);
	db_bind_text(s, ":token", a->token);
	if ((rc = db_step(s)) == DB_ROW)
		a->r->failed = strcmp(db_text(s, 0), "failed") == 0;
	db_reset(s);
	return rc == DB_ROW || rc == DB_DONE ? 0 : db_error(st, rc, "marking a reply sent");
}

/* Run a step of an attempt in a transaction of its own. */
static int
in_tx(tkt_store *st, int (*step)(tkt_store *, struct attempt *), struct attempt *a)
{
	int rc = tkt_begin(st);

	if (rc)
		return rc;
	if ((rc = step(st, a)) || (rc = tkt_commit(st)))
		tkt_rollback(st);
	return rc;
}

int
tkt_outbox_send(tkt_store *st, const struct tkt_config *c, const int64_t *messages, size_t n,
                time_t now, tkt_sent_fn fn, void *ctx)
{
	char token[40];
	uint32_t r[2];
	size_t i;
	int rc = 0;

	if (getentropy(r, sizeof r) != 0)
		r[0] = (uint32_t)time(NULL), r[1] = (uint32_t)getpid();
	snprintf(token, sizeof token, "%ld.%08lx%08lx", (long)getpid(), (unsigned long)r[0],
	         (unsigned long)r[1]);
	for (i = 0; i < n && !rc; i++) {
		struct tkt_sent res = { 0 };
		struct attempt a = { messages[i], token, now, c->mail.attempts, 0, &res };
		char *text = NULL, *why = NULL;

		res.message = messages[i];
		if ((rc = in_tx(st, claim, &a)) || !a.claimed)
			continue;
		/* The mail as it stands now (the customer's address, the
		 * followers), then sendmail. */
		if (tkt_mail_reply(st, c, messages[i], &text) == 0 && tkt_mail_send(c, text) == 0)
			res.sent = 1;
		else
			res.error = why = tkt_strdup(tkt_errmsg());
		free(text);
		rc = in_tx(st, settle, &a);
		if (!rc && fn)
			fn(&res, ctx);
		free(why);
	}
	return rc;
}
