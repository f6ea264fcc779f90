/* event.c: the audit log.  Metrics read it, so every change of status,
 * priority, type, assignee, group and tag, and every reopen, is here. */
#include "tkt-int.h"

int
tkt_event_add(tkt_store *st, int64_t ticket, const char *what, const char *old,
              const char *new_value, const char *actor, time_t at)
{
	static const char sql[] =
		"INSERT INTO events (ticket, what, old, new, actor, at)\n"
		"     VALUES (:ticket, :what, :old, :new, :actor, :at)";
	tkt_stmt *s = db_stmt(st, sql);

	if (!s)
		return tkt_errcode();
	db_bind_int(s, ":ticket", ticket);
	db_bind_text(s, ":what", what);
	db_bind_text(s, ":old", old && *old ? old : NULL);
	db_bind_text(s, ":new", new_value && *new_value ? new_value : NULL);
	db_bind_text(s, ":actor", actor ? actor : "?");
	db_bind_int(s, ":at", (int64_t)at);
	return db_exec(st, s);
}
