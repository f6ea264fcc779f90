/* follower.c: the people who follow a ticket besides its requester (the
 * Cc of a customer's mail, or tkt-tag cc+=): they get its replies by mail
 * and may write into it; and who a mail address is to a ticket. */
#include <stdlib.h>
#include <string.h>

#include "tkt-int.h"

int
tkt_party(tkt_store *st, int64_t id, const char *email, enum tkt_party *party)
{
	/* Addresses compare without regard to case: the columns' collation. */
	static const char sql[] =
		"SELECT CASE WHEN EXISTS (SELECT 1 FROM tickets t JOIN customers c ON c.id = t.requester\n"
		"                          WHERE t.id = :id AND c.email = :email) THEN 1\n"
		"            WHEN EXISTS (SELECT 1 FROM followers\n"
		"                          WHERE ticket = :id AND email = :email) THEN 2\n"
		"            ELSE 0 END";
	tkt_stmt *s;
	int64_t v = 0;
	int rc;

	*party = TKT_PARTY_NONE;
	if (!(s = db_stmt(st, sql)))
		return tkt_errcode();
	db_bind_int(s, ":id", id);
	db_bind_text(s, ":email", email);
	if ((rc = db_id(st, s, &v, "reading the ticket's people")))
		return rc;
	*party = v == 1 ? TKT_PARTY_REQUESTER : v == 2 ? TKT_PARTY_FOLLOWER : TKT_PARTY_NONE;
	return 0;
}

int
tkt_follower_add(tkt_store *st, int64_t id, const char *name, const char *email,
                 const char *actor, time_t at, int *changed)
{
	static const char sql[] =
		"INSERT INTO followers (ticket, email, name)\n"
		"     VALUES (:id, :email, :name)\n"
		"    ON CONFLICT DO NOTHING RETURNING email";
	enum tkt_party party;
	tkt_stmt *s;
	int rc;

	if (changed)
		*changed = 0;
	if (!tkt_email_valid(email))
		return tkt_error(EX_DATAERR, "bad address '%s' for a follower", email);
	if (name && (!*name || !tkt_line_valid(name)))
		return tkt_error(EX_DATAERR, "bad name '%s' for a follower", name);
	if ((rc = tkt_ticket_check(st, id, at)) || (rc = tkt_party(st, id, email, &party)))
		return rc;
	if (party == TKT_PARTY_REQUESTER)
		return tkt_error(EX_DATAERR, "'%s' is the requester of ticket %lld, not a follower",
		                 email, (long long)id);
	if (party == TKT_PARTY_FOLLOWER)
		return 0;
	if (!(s = db_stmt(st, sql)))
		return tkt_errcode();
	db_bind_int(s, ":id", id);
	db_bind_text(s, ":email", email);
	db_bind_text(s, ":name", name);
	if ((rc = db_step(s)) != DB_ROW) {
		db_reset(s);
		return rc == DB_DONE ? 0 : db_error(st, rc, "adding a follower");
	}
	db_reset(s);
	if (changed)
		*changed = 1;
	if ((rc = tkt_event_add(st, id, "cc", NULL, email, actor, at)))
		return rc;
	return tkt_ticket_touch(st, id, at);
}

int
tkt_follower_remove(tkt_store *st, int64_t id, const char *email, const char *actor,
                    time_t at, int *changed)
{
	static const char sql[] =
		"DELETE FROM followers WHERE ticket = :id AND email = :email RETURNING email";
	tkt_stmt *s;
	char *was;
	int rc;

	if (changed)
		*changed = 0;
	if (!tkt_email_valid(email))
		return tkt_error(EX_DATAERR, "bad address '%s' for a follower", email);
	if ((rc = tkt_ticket_check(st, id, at)))
		return rc;
	if (!(s = db_stmt(st, sql)))
		return tkt_errcode();
	db_bind_int(s, ":id", id);
	db_bind_text(s, ":email", email);
	if ((rc = db_step(s)) != DB_ROW) {
		db_reset(s);
		return rc == DB_DONE ? 0 : db_error(st, rc, "removing a follower");
	}
	was = db_dup(s, 0);              /* as it was written when added */
	db_reset(s);
	if (changed)
		*changed = 1;
	rc = tkt_event_add(st, id, "cc", was, NULL, actor, at);
	free(was);
	return rc ? rc : tkt_ticket_touch(st, id, at);
}

int
tkt_followers(tkt_store *st, int64_t id, char ***list)
{
	tkt_stmt *s;
	size_t n = 0;
	int rc;

	*list = tkt_calloc(1, sizeof **list);
	if (!(s = db_stmt(st, db_sql(st, SQL_FOLLOWERS))))
		return tkt_errcode();
	db_bind_int(s, ":id", id);
	while ((rc = db_step(s)) == DB_ROW) {
		*list = tkt_realloc(*list, (n + 2) * sizeof **list);
		(*list)[n++] = tkt_mailbox_display(db_null(s, 0) ? NULL : db_text(s, 0), db_text(s, 1));
		(*list)[n] = NULL;
	}
	db_reset(s);
	return rc == DB_DONE ? 0 : db_error(st, rc, "reading followers");
}
