/* tag.c: adding and removing tags, each change logged. */
#include "tkt-int.h"

static int
tag_change(tkt_store *st, const char *sql, int add, int64_t id, const char *tag,
           const char *actor, time_t at, int *changed)
{
	tkt_stmt *s;
	int rc;

	if (changed)
		*changed = 0;
	if (!tkt_word_valid(tag))
		return tkt_error(EX_DATAERR, "bad tag '%s' (a lower-case word; - _ : . allowed)", tag);
	if ((rc = tkt_ticket_check(st, id, at)))
		return rc;
	if (!(s = db_stmt(st, sql)))
		return tkt_errcode();
	db_bind_int(s, ":ticket", id);
	db_bind_text(s, ":tag", tag);
	/* Each statement returns the row it changed: none, nothing to log. */
	if ((rc = db_step(s)) != DB_ROW) {
		db_reset(s);
		return rc == DB_DONE ? 0 : db_error(st, rc, "writing");
	}
	db_reset(s);
	if (changed)
		*changed = 1;
	rc = tkt_event_add(st, id, "tag", add ? NULL : tag, add ? tag : NULL, actor, at);
	return rc ? rc : tkt_ticket_touch(st, id, at);
}

int
tkt_tag_add(tkt_store *st, int64_t id, const char *tag, const char *actor,
            time_t at, int *changed)
{
	static const char sql[] =
		"INSERT INTO tags (ticket, tag) VALUES (:ticket, :tag)\n"
		"    ON CONFLICT DO NOTHING RETURNING tag";

	return tag_change(st, sql, 1, id, tag, actor, at, changed);
}

int
tkt_tag_remove(tkt_store *st, int64_t id, const char *tag, const char *actor,
               time_t at, int *changed)
{
	static const char sql[] =
		"DELETE FROM tags WHERE ticket = :ticket AND tag = :tag RETURNING tag";

	return tag_change(st, sql, 0, id, tag, actor, at, changed);
}

int
tkt_tag_known(tkt_store *st, const char *tag, int *known)
{
	/* A tag a ticket has, or one the log says a ticket was given or
	 * lost (an import may bring tags without their events): both by an
	 * index, tags_tag and events_tag. */
	static const char sql[] =
		"SELECT 1 WHERE EXISTS (SELECT 1 FROM tags WHERE tag = :tag)\n"
		"    OR EXISTS (SELECT 1 FROM events WHERE what = 'tag' AND coalesce(new, old) = :tag)";
	tkt_stmt *s = db_stmt(st, sql);
	int rc;

	*known = 0;
	if (!s)
		return tkt_errcode();
	db_bind_text(s, ":tag", tag);
	rc = db_step(s);
	db_reset(s);
	if (rc != DB_ROW && rc != DB_DONE)
		return db_error(st, rc, "reading the tags");
	*known = rc == DB_ROW;
	return 0;
}
