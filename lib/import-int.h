/*
 * import-int.h: the inside of tkt-new --batch, shared by import.c (the
 * JSON Lines read and written to the store), import-check.c (what it
 * takes of a line and of each element of a ticket's history),
 * import-history.c (the history replayed or checked by the tools' rules)
 * and import-ids.c (--renumber and the links); never installed.
 */
#ifndef TKT_IMPORT_INT_H
#define TKT_IMPORT_INT_H

#include <sqlite3.h>

#include "tkt-int.h"

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

/* The parts of a ticket's history, each its own JSON array or object in a
 * line: fields, tags, messages, events, ratings, reviews, followers. */
enum { NPARTS = 7, PART_EVENTS = 3 };

/* A ticket's links, set once the tickets they name are in the store. */
struct link {
	int64_t id, merged_into, problem;
	size_t  line;
};

/* A message or a status event of the ticket read, for its history to be
 * replayed or checked in the order of time (k: its number in the line). */
struct said {
	time_t         at;
	size_t         k;
	enum tkt_kind  kind;
	char          *author, *old, *new_;
};

/* Ids given in the input and those they get with --renumber. */
struct idmap {
	int64_t *from, *to;	/* open addressing; from 0 is a free slot */
	size_t   cap, n;
};

/* The store written to, and the JSON reader with its statements. */
struct importer {
	tkt_store    *st;
	const struct tkt_import_opts *o;
	int64_t       next_id;	/* --renumber: the last id given */
	struct idmap  ids;
	struct said  *said, *changes;	/* the messages, the status events */
	size_t        nsaid, saidcap, nchanges, changecap, nevents;
	int           outbound;	/* the ticket read was opened by an agent */
	time_t        created;	/* the ticket read was created */
	const char   *channel;	/* and came in by */
	tkt_buf       problems;	/* of the line read: every one, "; " between */
	struct link  *links;	/* waiting for the tickets they name */
	size_t        nlinks, linkcap;
	char          where[32];	/* "line N", for messages */
	sqlite3      *json;
	sqlite3_stmt *head, *read[NPARTS], *elements, *attachment_elements, *attachments;
};

/* The top of a line, as read and checked. */
struct head {
	int64_t     id, created, updated, solved, waiting, merged_into, problem, source_id;
	const char *subject, *status, *priority, *channel, *type, *assignee, *group, *template_name;
	const char *name, *email, *phone, *handle;
	int         has_solved, has_waiting, has_updated;
	const char *parts[NPARTS];	/* each part's JSON, NULL when it is empty */
};

/* Note a problem of the line read: every one is told at once. */
static inline void
problem(struct importer *im, const char *what)
{
	if (im->problems.len)
		tkt_buf_puts(&im->problems, "; ");
	tkt_buf_puts(&im->problems, what);
}

/* ---- import-history.c: as the tools would have written it ---------------- */

/* Forget the messages and status events of the ticket read before. */
void tkt_import_said_clear(struct importer *im);
/* A history without events, written with the ticket new: replayed as the
 * tools would have lived it, ending in status (may be NULL); what the
 * line says and the replay does not give is a problem. */
int  tkt_import_replay(struct importer *im, const struct head *h, const char *status);
/* A history with its events: checked against the tools' rules. */
void tkt_import_check(struct importer *im, const struct head *h);

/* ---- import-ids.c: --renumber, the links, where a line is ---------------- */

/* --renumber: the id after the store's highest, the line's own kept. */
int  tkt_import_renumber(struct importer *im, struct head *h);
/* The field source_id of a renumbered ticket. */
int  tkt_import_source_id_keep(tkt_store *st, const struct head *h);
/* Set the links waiting whose tickets are in the store, and check them;
 * last: the input has ended, and a link still waiting fails. */
int  tkt_import_links_set(struct importer *im, int last);
/* "line N", or what the caller's where says of line. */
const char *tkt_import_where(struct importer *im, size_t line);

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
