/* event.c: the audit log.  Metrics read it, so every change of status,
 * priority, type, assignee, group and tag, and every reopen, is here;
 * tkt-show tells it with the thread. */
#include <stdlib.h>

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

int
tkt_events_load(tkt_store *st, int64_t ticket, struct tkt_event **events, size_t *n)
{
	static const char sql[] =
		"SELECT what, old, new, actor, at FROM events WHERE ticket = :ticket ORDER BY at, id";
	tkt_stmt *s = db_stmt(st, sql);
	size_t cap = 0;
	int rc;

	*events = NULL;
	*n = 0;
	if (!s)
		return tkt_errcode();
	db_bind_int(s, ":ticket", ticket);
	while ((rc = db_step(s)) == DB_ROW) {
		struct tkt_event *e;

		if (*n == cap)
			*events = tkt_realloc(*events, (cap = cap * 2 + 8) * sizeof **events);
		e = &(*events)[(*n)++];
		e->what = db_dup(s, 0);
		e->old = db_dup(s, 1);
		e->new_value = db_dup(s, 2);
		e->actor = db_dup(s, 3);
		e->at = (time_t)db_int(s, 4);
	}
	db_reset(s);
	if (rc != DB_DONE) {
		tkt_events_free(*events, *n);
		*events = NULL;
		*n = 0;
		return db_error(st, rc, "reading events");
	}
	return 0;
}

void
tkt_events_free(struct tkt_event *events, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(events[i].what);
		free(events[i].old);
		free(events[i].new_value);
		free(events[i].actor);
	}
	free(events);
}
