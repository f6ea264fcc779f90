/*
 * import-int.h: the inside of tkt-new --batch, shared by import.c (the
 * JSON Lines read and written to the store) and import-check.c (what it
 * takes of a line and of each element of a ticket's history); never
 * installed.
 */
#ifndef TKT_IMPORT_INT_H
#define TKT_IMPORT_INT_H

#include <sqlite3.h>

#include "tkt-int.h"

/* The reader of import.c, with the ticket it reads. */
struct importer;

/* import.c reads a message with sql_message_read: */
enum {	/* the columns of a message read after those it is written with */
	MSG_FROM_TYPE = 13, MSG_UNVERIFIED_TYPE, MSG_OUTBOX_STATE, MSG_OUTBOX_ATTEMPTS,
	MSG_OUTBOX_ERROR, MSG_OUTBOX_QUEUED, MSG_OUTBOX_SENT, MSG_OUTBOX_TYPE, MSG_AT,
};

static inline int
bad(const char *what)
{
	return tkt_error(EX_DATAERR, "%s", what);
}

static inline const char *
jtext(sqlite3_stmt *s, int col)
{
	return (const char *)sqlite3_column_text(s, col);
}

static inline int
jnull(sqlite3_stmt *s, int col)
{
	return sqlite3_column_type(s, col) == SQLITE_NULL;
}

/* ---- import.c: the ticket read ------------------------------------------ */

/* Whether the time of an element (column col, raw its text) is one, and
 * not before the ticket read was created. */
int tkt_import_time_check(const struct importer *im, sqlite3_stmt *read, int col, int raw);

/* ---- import-check.c: what is taken -------------------------------------- */

/* Each element of a part of the history (read: its row, as the part's
 * statement reads it) as the tools would write it; else a problem. */
int tkt_import_field_check(const struct importer *im, sqlite3_stmt *read);
int tkt_import_tag_check(const struct importer *im, sqlite3_stmt *read);
int tkt_import_message_check(const struct importer *im, sqlite3_stmt *read);
int tkt_import_event_check(const struct importer *im, sqlite3_stmt *read);
int tkt_import_rating_check(const struct importer *im, sqlite3_stmt *read);
int tkt_import_review_check(const struct importer *im, sqlite3_stmt *read);
int tkt_import_follower_check(const struct importer *im, sqlite3_stmt *read);
/* A line's bytes (len of them), before it is parsed. */
int tkt_import_line_check(const char *line, size_t len);

#endif
