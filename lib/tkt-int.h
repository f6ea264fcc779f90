/*
 * tkt-int.h: the inside of libtkt, shared by its files and its unit tests,
 * never installed.  Every SQL statement of the library goes through the
 * helpers below.
 */
#ifndef TKT_INT_H
#define TKT_INT_H

#include <sqlite3.h>

#include "tkt.h"

#define TKT_APPLICATION_ID 1953199153   /* 0x746b7431, "tkt1" */
#define TKT_STR_(x) #x
#define TKT_STR(x) TKT_STR_(x)
#define TKT_STMT_CACHE     48

struct tkt_store {
	sqlite3 *db;
	char    *path;
	int      in_tx;
	int      created;          /* this open made the file */
	struct {
		const char   *sql;             /* a string literal: the key */
		sqlite3_stmt *stmt;
	} cache[TKT_STMT_CACHE];
	int      ncache;
};

/* A step of the schema: SQL run in one transaction, taking the store from
 * version (index) to version (index + 1). */
struct tkt_migration {
	const char *sql;
};
extern const struct tkt_migration tkt_migrations[];
extern const int tkt_nmigrations;

/* Bring db to the last of the n migrations; refuse a newer store. */
int tkt_store_migrate(tkt_store *st, const struct tkt_migration *m, int n);

/* Turn an SQLite result code into a sysexits code and a message that
 * names the store; what says what was being done. */
int db_error(tkt_store *st, int rc, const char *what);

/* The prepared statement for a static SQL string, prepared once per store
 * and reset for reuse.  NULL on failure (the error is recorded). */
sqlite3_stmt *db_stmt(tkt_store *st, const char *sql);
/* Prepare dynamic SQL (never built from input text); finalize it. */
sqlite3_stmt *db_prepare(tkt_store *st, const char *sql);

/* Bind by name; a NULL text binds NULL. */
void db_bind_text(sqlite3_stmt *s, const char *name, const char *v);
void db_bind_int(sqlite3_stmt *s, const char *name, int64_t v);
/* Step a statement that returns no rows; 0 or an exit code. */
int  db_exec(tkt_store *st, sqlite3_stmt *s);
/* Run SQL text with no parameters (schema, pragmas). */
int  db_exec_sql(tkt_store *st, const char *sql);
/* Step s, a query of one id: *id gets the first column of its row, or 0
 * when it has none; s is reset.  Errors are the store's, while what. */
int  db_id(tkt_store *st, sqlite3_stmt *s, int64_t *id, const char *what);
/* Column text, or NULL for a NULL column. */
const char *db_text(sqlite3_stmt *s, int col);
/* Column text as a new string (NULL stays NULL). */
char *db_dup(sqlite3_stmt *s, int col);

/* Filter internals: append the WHERE condition of f (over tickets t and
 * customers c) to sql, then bind its values to the prepared statement. */
void tkt_filter_where(const tkt_filter *f, tkt_buf *sql);
void tkt_filter_bind(const tkt_filter *f, sqlite3_stmt *s);
/* Load the filter's ids (tkt_filter_ids) into the temporary table its
 * condition reads; call before preparing a statement that uses it. */
int  tkt_filter_prepare(tkt_store *st, const tkt_filter *f);

/* SQL for how customer c is shown: "Name <email>", else the email, the
 * handle or the name. */
#define SQL_DISPLAY \
	"CASE WHEN c.name IS NOT NULL AND c.email IS NOT NULL" \
	" THEN c.name || ' <' || c.email || '>'" \
	" ELSE coalesce(c.email, c.handle, c.name, '?') END"

/* SQL for an epoch column as ISO 8601 UTC text (NULL stays NULL). */
#define ISO(x) "strftime('%Y-%m-%dT%H:%M:%SZ', " x ", 'unixepoch')"

/* SQL for ticket t (customer c) as one JSON object, the format of
 * tkt-show --json and of tkt-export; DATA adds to each attachment (the
 * export's ", 'data', hex(a.data)"). */
#define SQL_TICKET_JSON(DATA) \
	"json_object(\n" \
	"  'id', t.id, 'subject', t.subject, 'status', t.status,\n" \
	"  'priority', t.priority, 'type', t.type, 'channel', t.channel,\n" \
	"  'assignee', t.assignee, 'group', t.grp, 'template', t.template,\n" \
	"  'requester', json_object('name', c.name, 'email', c.email,\n" \
	"                           'phone', c.phone, 'handle', c.handle),\n" \
	"  'created', " ISO("t.created_at") ",\n" \
	"  'updated', " ISO("t.updated_at") ",\n" \
	"  'solved', " ISO("t.solved_at") ",\n" \
	"  'waiting_since', " ISO("t.waiting_since") ",\n" \
	"  'fields', (SELECT json_group_object(name, value)\n" \
	"               FROM (SELECT name, value FROM fields\n" \
	"                      WHERE ticket = t.id ORDER BY name)),\n" \
	"  'tags', (SELECT json_group_array(tag)\n" \
	"             FROM (SELECT tag FROM tags WHERE ticket = t.id ORDER BY tag)),\n" \
	"  'messages', (SELECT json_group_array(json_object(\n" \
	"                 'id', id, 'at', " ISO("created_at") ", 'author', author,\n" \
	"                 'kind', kind, 'channel', channel, 'body', body,\n" \
	"                 'spent', spent, 'message_id', message_id, 'quoted', quoted,\n" \
	"                 'attachments', (SELECT json_group_array(json_object(\n" \
	"                     'name', a.name, 'type', a.type, 'size', a.size, 'path', a.path" DATA "))\n" \
	"                   FROM (SELECT * FROM attachments a WHERE a.message = m.id\n" \
	"                          ORDER BY a.id) a)))\n" \
	"             FROM (SELECT * FROM messages WHERE ticket = t.id\n" \
	"                    ORDER BY created_at, id) m),\n" \
	"  'events', (SELECT json_group_array(json_object(\n" \
	"                 'at', " ISO("at") ", 'actor', actor, 'what', what,\n" \
	"                 'old', old, 'new', new))\n" \
	"             FROM (SELECT * FROM events WHERE ticket = t.id ORDER BY at, id)),\n" \
	"  'ratings', (SELECT json_group_array(json_object(\n" \
	"                 'at', " ISO("at") ", 'kind', kind, 'score', score,\n" \
	"                 'agent', agent, 'comment', comment))\n" \
	"             FROM (SELECT * FROM ratings WHERE ticket = t.id ORDER BY at, id)),\n" \
	"  'reviews', (SELECT json_group_array(json_object(\n" \
	"                 'at', " ISO("at") ", 'item', item, 'verdict', verdict,\n" \
	"                 'agent', agent, 'reviewer', reviewer, 'source', source,\n" \
	"                 'evidence', evidence))\n" \
	"             FROM (SELECT * FROM reviews WHERE ticket = t.id ORDER BY at, id)))"

/* The requester of ticket id as shown: "Name <email>", the email, the
 * handle or the name.  Free it. */
char *tkt_customer_display(tkt_store *st, int64_t customer);

/* Mark the ticket updated at at (never moves updated_at backwards). */
int tkt_ticket_touch(tkt_store *st, int64_t id, time_t at);

/* mime.c, the mail module (tkt/mime.so), loaded by mail.c on first use:
 * the one symbol it exports is tkt_mime. */
#define TKT_MIME_VERSION 1
struct tkt_mime {
	int    version;
	int  (*parse)(const char *raw, size_t len, struct tkt_mail *m);
	int  (*reply)(tkt_store *st, const struct tkt_config *c, int64_t message, char **out);
	char *(*digest)(const char *raw, size_t len);
};
extern const struct tkt_mime tkt_mime;

#endif
