/* store-sqlite.c: the SQLite backend: a store in one file, its schema and
 * migrations, its statements, its errors and transactions. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "tkt-int.h"

#define DB(st) ((sqlite3 *)(st)->conn)

/* What the search index holds of a message m (a row name): its text and
 * its quoted history, folded, a line each; of ticket id, every message
 * but the system's, in order; and its field values, a line each. */
#define SEARCH_MESSAGE(m) \
	"tkt_fold(" m ".body) || coalesce(char(10) || tkt_fold(" m ".quoted), '')"
#define SEARCH_BODY(id) \
	"coalesce((SELECT group_concat(x, char(10)) FROM\n" \
	"    (SELECT " SEARCH_MESSAGE("m") " AS x FROM messages m\n" \
	"      WHERE m.ticket = " id " AND m.kind <> 'system' ORDER BY m.id)), '')"
#define SEARCH_FIELDS(id) \
	"coalesce((SELECT group_concat(x, char(10)) FROM\n" \
	"    (SELECT tkt_fold(f.value) AS x FROM fields f WHERE f.ticket = " id "\n" \
	"      ORDER BY f.name)), '')"
/* Index again the tickets noted as changed (search_stale), at most
 * CHUNK of them (the lowest ids): their rows go, and those of the ones
 * still there come back with their text as it is now. */
#define SEARCH_CHUNK "(SELECT ticket FROM search_stale ORDER BY ticket LIMIT :chunk)"
#define SEARCH_UNINDEX "DELETE FROM search WHERE rowid IN " SEARCH_CHUNK
#define SEARCH_INDEX \
	"INSERT INTO search (rowid, subject, body, fields)\n" \
	"  SELECT t.id, tkt_fold(t.subject), " SEARCH_BODY("t.id") ", " SEARCH_FIELDS("t.id") "\n" \
	"    FROM tickets t WHERE t.id IN " SEARCH_CHUNK
#define SEARCH_DONE "DELETE FROM search_stale WHERE ticket IN " SEARCH_CHUNK
/* The same for the index of the requesters (customer_search): each
 * customer's name, email and handle, folded. */
#define WHO_CHUNK "(SELECT customer FROM customer_stale ORDER BY customer LIMIT :chunk)"
#define WHO_UNINDEX "DELETE FROM customer_search WHERE rowid IN " WHO_CHUNK
#define WHO_INDEX \
	"INSERT INTO customer_search (rowid, name, email, handle)\n" \
	"  SELECT c.id, tkt_fold(c.name), tkt_fold(c.email), tkt_fold(c.handle)\n" \
	"    FROM customers c WHERE c.id IN " WHO_CHUNK
#define WHO_DONE "DELETE FROM customer_stale WHERE customer IN " WHO_CHUNK

/* A trigger of a search index: what changed on table ON notes ticket
 * (customer) ID, a row name and column, as one to index again in table
 * STALE.  Plain SQL, so that any program can write the store; tkt
 * indexes the rows so noted before each of its commits (search_refresh). */
#define STALE_NOTE(stale, name, when, on, id) \
	"CREATE TRIGGER " name " AFTER " when " ON " on " BEGIN\n" \
	"  INSERT OR IGNORE INTO " stale " VALUES (" id ");\n" \
	"END;\n"
#define SEARCH_NOTE(name, when, on, id) STALE_NOTE("search_stale", "search_" name, when, on, id)
#define WHO_NOTE(name, when, id) STALE_NOTE("customer_stale", "customer_" name, when, "customers", id)

/* The schema, one step per version.  Never edit a step that has shipped:
 * add the next one. */
const struct tkt_migration tkt_migrations[] = {
	/* 1: the data model of DESIGN.md */
	{ "CREATE TABLE customers (\n"
	  "  id      INTEGER PRIMARY KEY,\n"
	  "  name    TEXT,\n"
	  "  email   TEXT UNIQUE COLLATE NOCASE,\n"
	  "  phone   TEXT,\n"
	  "  handle  TEXT UNIQUE\n"
	  ");\n"
	  "CREATE TABLE tickets (\n"
	  "  id            INTEGER PRIMARY KEY,\n"
	  "  subject       TEXT    NOT NULL,\n"
	  "  requester     INTEGER NOT NULL REFERENCES customers(id),\n"
	  "  status        TEXT    NOT NULL DEFAULT 'new' CHECK (status IN\n"
	  "                  ('new','open','pending','on-hold','solved','closed')),\n"
	  "  priority      TEXT    NOT NULL DEFAULT 'normal' CHECK (priority IN\n"
	  "                  ('low','normal','high','urgent')),\n"
	  "  type          TEXT,\n"
	  "  channel       TEXT    NOT NULL,\n"
	  "  assignee      TEXT,\n"
	  "  grp           TEXT,\n"
	  "  template      TEXT,\n"
	  "  created_at    INTEGER NOT NULL,\n"
	  "  updated_at    INTEGER NOT NULL,\n"
	  "  solved_at     INTEGER,\n"
	  "  waiting_since INTEGER\n"
	  ");\n"
	  "CREATE INDEX tickets_requester ON tickets(requester);\n"
	  "CREATE INDEX tickets_status    ON tickets(status);\n"
	  "CREATE INDEX tickets_created   ON tickets(created_at);\n"
	  "CREATE INDEX tickets_assignee  ON tickets(assignee);\n"
	  "CREATE TABLE messages (\n"
	  "  id          INTEGER PRIMARY KEY,\n"
	  "  ticket      INTEGER NOT NULL REFERENCES tickets(id),\n"
	  "  author      TEXT    NOT NULL,\n"
	  "  kind        TEXT    NOT NULL CHECK (kind IN ('customer','agent','note','system')),\n"
	  "  channel     TEXT    NOT NULL,\n"
	  "  body        TEXT    NOT NULL,\n"
	  "  created_at  INTEGER NOT NULL,\n"
	  "  message_id  TEXT    UNIQUE,\n"
	  "  spent       INTEGER NOT NULL DEFAULT 0\n"
	  ");\n"
	  "CREATE INDEX messages_ticket ON messages(ticket, created_at);\n"
	  "CREATE TABLE fields (\n"
	  "  ticket  INTEGER NOT NULL REFERENCES tickets(id),\n"
	  "  name    TEXT    NOT NULL,\n"
	  "  value   TEXT    NOT NULL,\n"
	  "  PRIMARY KEY (ticket, name)\n"
	  ") WITHOUT ROWID;\n"
	  "CREATE TABLE tags (\n"
	  "  ticket  INTEGER NOT NULL REFERENCES tickets(id),\n"
	  "  tag     TEXT    NOT NULL,\n"
	  "  PRIMARY KEY (ticket, tag)\n"
	  ") WITHOUT ROWID;\n"
	  "CREATE INDEX tags_tag ON tags(tag);\n"
	  "CREATE TABLE events (\n"
	  "  id      INTEGER PRIMARY KEY,\n"
	  "  ticket  INTEGER NOT NULL REFERENCES tickets(id),\n"
	  "  what    TEXT    NOT NULL,\n"
	  "  old     TEXT,\n"
	  "  new     TEXT,\n"
	  "  actor   TEXT    NOT NULL,\n"
	  "  at      INTEGER NOT NULL\n"
	  ");\n"
	  "CREATE INDEX events_ticket ON events(ticket, at);\n"
	  "CREATE TABLE ratings (\n"
	  "  id       INTEGER PRIMARY KEY,\n"
	  "  ticket   INTEGER NOT NULL REFERENCES tickets(id),\n"
	  "  kind     TEXT    NOT NULL CHECK (kind IN ('csat','nps','agent')),\n"
	  "  score    INTEGER NOT NULL,\n"
	  "  agent    TEXT,\n"
	  "  comment  TEXT,\n"
	  "  at       INTEGER NOT NULL\n"
	  ");\n"
	  "CREATE INDEX ratings_ticket ON ratings(ticket);\n", NULL },
	/* 2: quality reviews, by a person or saved from qa-check */
	{ "CREATE TABLE reviews (\n"
	  "  id        INTEGER PRIMARY KEY,\n"
	  "  ticket    INTEGER NOT NULL REFERENCES tickets(id),\n"
	  "  item      TEXT    NOT NULL,\n"
	  "  verdict   TEXT    NOT NULL CHECK (verdict IN ('pass','fail','na')),\n"
	  "  agent     TEXT,\n"
	  "  reviewer  TEXT    NOT NULL,\n"
	  "  source    TEXT    NOT NULL CHECK (source IN ('person','auto')),\n"
	  "  evidence  TEXT,\n"
	  "  at        INTEGER NOT NULL\n"
	  ");\n"
	  "CREATE INDEX reviews_ticket ON reviews(ticket, item, at);\n"
	  "CREATE INDEX reviews_at ON reviews(at);\n", NULL },
	/* 3: mail: the quoted history below a message's new text, attachments */
	{ "ALTER TABLE messages ADD COLUMN quoted TEXT;\n"
	  "CREATE TABLE attachments (\n"
	  "  id       INTEGER PRIMARY KEY,\n"
	  "  message  INTEGER NOT NULL REFERENCES messages(id),\n"
	  "  name     TEXT,\n"
	  "  type     TEXT    NOT NULL,\n"
	  "  size     INTEGER NOT NULL,\n"
	  "  data     BLOB,\n"
	  "  path     TEXT\n"
	  ");\n"
	  "CREATE INDEX attachments_message ON attachments(message);\n", NULL },
	/* 4: who wrote each mail, a ticket's followers, the outbox */
	{ "ALTER TABLE messages ADD COLUMN from_name TEXT;\n"
	  "ALTER TABLE messages ADD COLUMN from_email TEXT;\n"
	  "ALTER TABLE messages ADD COLUMN unverified INTEGER NOT NULL DEFAULT 0\n"
	  "  CHECK (unverified IN (0, 1));\n"
	  "ALTER TABLE messages ADD COLUMN opening INTEGER NOT NULL DEFAULT 0\n"
	  "  CHECK (opening IN (0, 1));\n"
	  TKT_SQL_OPENING_ALL ";\n"
	  "CREATE TABLE followers (\n"
	  "  ticket  INTEGER NOT NULL REFERENCES tickets(id),\n"
	  "  email   TEXT    NOT NULL COLLATE NOCASE,\n"
	  "  name    TEXT,\n"
	  "  PRIMARY KEY (ticket, email)\n"
	  ") WITHOUT ROWID;\n"
	  "CREATE TABLE outbox (\n"
	  "  message    INTEGER PRIMARY KEY REFERENCES messages(id),\n"
	  "  state      TEXT    NOT NULL CHECK (state IN ('queued','sending','sent','failed')),\n"
	  "  attempts   INTEGER NOT NULL DEFAULT 0,\n"
	  "  error      TEXT,\n"
	  "  queued_at  INTEGER NOT NULL,\n"
	  "  claimed_at INTEGER,\n"
	  "  claim      TEXT,\n"
	  "  sent_at    INTEGER\n"
	  ");\n"
	  "CREATE INDEX outbox_unsent ON outbox(queued_at, message) WHERE state <> 'sent';\n", NULL },
	/* 5: text search: an FTS5 index of each ticket's text, folded
	 * (tkt_fold, registered on every connection); triggers note what
	 * changed, and every ticket is noted here to be indexed.  The same
	 * of the requesters' names, emails and handles; indexes of their
	 * names, handles and the domains of their emails.  Those of names and
	 * handles leave out NULL, which ANALYZE counts as one value: in a
	 * store of customers without handles, the unique index of handles
	 * looked like a scan of all of them, and the planner scanned */
	{ "CREATE VIRTUAL TABLE search USING fts5(subject, body, fields,\n"
	  "  tokenize = 'trigram case_sensitive 0');\n"
	  /* What FTS5 holds in memory before it writes a segment: 16 MB
	   * rather than 1, so an import writes fewer, larger segments and
	   * merges them less (a third of its time); a single write never
	   * comes near it. */
	  "INSERT INTO search (search, rank) VALUES ('hashsize', 16777216);\n"
	  "CREATE TABLE search_stale (ticket INTEGER PRIMARY KEY);\n"
	  "INSERT INTO search_stale SELECT id FROM tickets;\n"
	  SEARCH_NOTE("ticket_new", "INSERT", "tickets", "new.id")
	  SEARCH_NOTE("ticket_subject", "UPDATE OF subject", "tickets", "new.id")
	  SEARCH_NOTE("ticket_gone", "DELETE", "tickets", "old.id")
	  SEARCH_NOTE("message_new", "INSERT", "messages WHEN new.kind <> 'system'", "new.ticket")
	  SEARCH_NOTE("message_edit", "UPDATE OF ticket, kind, body, quoted", "messages", "old.ticket")
	  SEARCH_NOTE("message_moved", "UPDATE OF ticket", "messages", "new.ticket")
	  SEARCH_NOTE("message_gone", "DELETE", "messages", "old.ticket")
	  SEARCH_NOTE("field_new", "INSERT", "fields", "new.ticket")
	  SEARCH_NOTE("field_edit", "UPDATE", "fields", "new.ticket")
	  SEARCH_NOTE("field_gone", "DELETE", "fields", "old.ticket"),
	  "CREATE VIRTUAL TABLE customer_search USING fts5(name, email, handle,\n"
	  "  tokenize = 'trigram case_sensitive 0');\n"
	  "CREATE TABLE customer_stale (customer INTEGER PRIMARY KEY);\n"
	  "INSERT INTO customer_stale SELECT id FROM customers;\n"
	  WHO_NOTE("new", "INSERT", "new.id")
	  WHO_NOTE("edit", "UPDATE OF name, email, handle", "new.id")
	  WHO_NOTE("gone", "DELETE", "old.id")
	  "CREATE INDEX customers_name ON customers(name) WHERE name IS NOT NULL;\n"
	  "CREATE INDEX customers_handle ON customers(handle) WHERE handle IS NOT NULL;\n"
	  "CREATE INDEX customers_domain ON customers(lower(substr(email, instr(email, '@') + 1)));\n" },
	/* 6: merges and problems: the ticket a merged one lives on in, the
	 * problem an incident is of (link.c) */
	{ LINKS_SQL("INTEGER"), NULL },
	/* 7: the tags of the log by name, to tell a tag no ticket ever had
	 * (tkt_tag_known): a tag event has either old or new */
	{ "CREATE INDEX events_tag ON events(coalesce(new, old)) WHERE what = 'tag';\n", NULL },
	/* 8: what an agent looks up and a week's report reads, each from an
	 * index: tickets by a field's value (or by the field alone), and by
	 * when they last changed */
	{ "CREATE INDEX fields_value ON fields(name, value);\n"
	  "CREATE INDEX tickets_updated ON tickets(updated_at);\n", NULL },
	/* 9: the customer effort score, a rating of its own kind (rating.c):
	 * SQLite changes a CHECK only by making the table anew */
	{ "CREATE TABLE ratings_9 (\n"
	  "  id       INTEGER PRIMARY KEY,\n"
	  "  ticket   INTEGER NOT NULL REFERENCES tickets(id),\n"
	  "  kind     TEXT    NOT NULL CHECK (kind IN ('csat','nps','agent','ces')),\n"
	  "  score    INTEGER NOT NULL,\n"
	  "  agent    TEXT,\n"
	  "  comment  TEXT,\n"
	  "  at       INTEGER NOT NULL\n"
	  ");\n"
	  "INSERT INTO ratings_9 (id, ticket, kind, score, agent, comment, at)\n"
	  "  SELECT id, ticket, kind, score, agent, comment, at FROM ratings;\n"
	  "DROP TABLE ratings;\n"
	  "ALTER TABLE ratings_9 RENAME TO ratings;\n"
	  "CREATE INDEX ratings_ticket ON ratings(ticket);\n", NULL },
	/* 10: PostgreSQL's ids from sequences; SQLite's writers run one at
	 * a time, and its rowids are the next after the largest */
	{ "", NULL },
};
const int tkt_nmigrations = sizeof tkt_migrations / sizeof tkt_migrations[0];

static void sl_close(tkt_store *st);
static void sl_rollback(tkt_store *st);

static int
sl_error(tkt_store *st, int rc, const char *what)
{
	int err = errno, sys = st && st->conn ? sqlite3_system_errno(DB(st)) : 0;
	const char *path = st && st->path ? st->path : "?";
	const char *msg = st && st->conn ? sqlite3_errmsg(DB(st)) : sqlite3_errstr(rc);

	/* SQLite keeps the errno of a failure only for some statements (not
	 * for a COMMIT): a full disk a failed write left in errno tells it. */
	if (sys || (err != ENOSPC && err != EFBIG && err != EDQUOT))
		err = sys;

	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return tkt_error(EX_TEMPFAIL, "store '%s' is busy; try again later", path);
	case SQLITE_READONLY:
		return tkt_error(EX_NOPERM, "store '%s' is read-only", path);
	case SQLITE_PERM:
	case SQLITE_AUTH:
		return tkt_error(EX_NOPERM, "store '%s': permission denied", path);
	case SQLITE_NOTADB:
		return tkt_error(EX_DATAERR, "'%s' is not a tkt store", path);
	case SQLITE_CORRUPT:
		return tkt_error(EX_DATAERR, "store '%s' is damaged: %s", path, msg);
	case SQLITE_FULL:
		return tkt_error(EX_IOERR, "store '%s': disk or store full", path);
	case SQLITE_IOERR:
		/* A full disk (or a file size limit) seen as a failed write. */
		if (err == ENOSPC || err == EFBIG || err == EDQUOT)
			return tkt_error(EX_IOERR, "store '%s': disk or store full while %s: %s",
			                 path, what, strerror(err));
		return tkt_error(EX_IOERR, "store '%s': I/O error while %s%s%s", path, what,
		                 err ? ": " : "", err ? strerror(err) : "");
	case SQLITE_CANTOPEN:
		return tkt_error(EX_CANTCREAT, "cannot open store '%s'", path);
	case SQLITE_NOMEM:
		return tkt_error(EX_OSERR, "out of memory while %s", what);
	case SQLITE_CONSTRAINT:
		return tkt_error(EX_DATAERR, "store '%s' refused %s: %s", path, what, msg);
	default:
		return tkt_error(EX_SOFTWARE, "store '%s': %s: %s", path, what, msg);
	}
}

/* ---- statements ---------------------------------------------------------- */

struct sl_stmt {
	struct tkt_stmt base;
	sqlite3_stmt   *s;
};
#define S(x) (((struct sl_stmt *)(x))->s)

static tkt_stmt *
sl_prepare(tkt_store *st, const char *sql, int persistent)
{
	struct sl_stmt *s;
	sqlite3_stmt *p;
	int rc = sqlite3_prepare_v3(DB(st), sql, -1, persistent ? SQLITE_PREPARE_PERSISTENT : 0, &p, NULL);

	if (rc != SQLITE_OK) {
		sl_error(st, rc, persistent ? "preparing a statement" : "preparing a query");
		return NULL;
	}
	s = tkt_calloc(1, sizeof *s);
	s->base.be = &tkt_sqlite_backend;
	s->base.st = st;
	s->s = p;
	return &s->base;
}

static void
sl_finalize(tkt_stmt *s)
{
	sqlite3_finalize(S(s));
	free(s);
}

static void
sl_reset(tkt_stmt *s)
{
	sqlite3_reset(S(s));
	sqlite3_clear_bindings(S(s));
}

static int
sl_param(tkt_stmt *s, const char *name)
{
	return sqlite3_bind_parameter_index(S(s), name);
}

static int
sl_nparams(tkt_stmt *s)
{
	return sqlite3_bind_parameter_count(S(s));
}

static void
sl_bind_null(tkt_stmt *s, int i)
{
	sqlite3_bind_null(S(s), i);
}

static void
sl_bind_int(tkt_stmt *s, int i, int64_t v)
{
	sqlite3_bind_int64(S(s), i, v);
}

static void
sl_bind_text(tkt_stmt *s, int i, const char *v, size_t n)
{
	sqlite3_bind_text64(S(s), i, v, n, SQLITE_TRANSIENT, SQLITE_UTF8);
}

static void
sl_bind_text_ref(tkt_stmt *s, int i, const char *v, size_t n)
{
	sqlite3_bind_text64(S(s), i, v, n, SQLITE_STATIC, SQLITE_UTF8);
}

static void
sl_bind_blob(tkt_stmt *s, int i, const void *v, size_t n)
{
	sqlite3_bind_blob64(S(s), i, v, n, SQLITE_TRANSIENT);
}

static int
sl_step(tkt_stmt *s)
{
	int rc = sqlite3_step(S(s));

	return rc == SQLITE_ROW ? DB_ROW : rc == SQLITE_DONE ? DB_DONE : rc;
}

/* The steps of a plan shown at most this deep. */
#define EXPLAIN_DEPTH 64

/* TKT_EXPLAIN: the plan of a query about to run, each step indented
 * below its parent's. */
static int
sl_explain(tkt_stmt *s, tkt_buf *sql, tkt_buf *plan)
{
	const char *text = sqlite3_sql(S(s));
	int ids[EXPLAIN_DEPTH], n = 0, d;
	sqlite3_stmt *p = NULL;
	char *q;

	if (sqlite3_stmt_busy(S(s)) || !db_is_query(text))
		return 0;
	q = sqlite3_mprintf("EXPLAIN QUERY PLAN %s", text);
	if (sqlite3_prepare_v2(DB(s->st), q, -1, &p, NULL) == SQLITE_OK) {
		while (sqlite3_step(p) == SQLITE_ROW) {
			/* The steps come parents first: the path to this one's
			 * parent is what stays of the one to the last step. */
			while (n > 0 && ids[n - 1] != sqlite3_column_int(p, 1))
				n--;
			d = n;
			if (n < EXPLAIN_DEPTH)
				ids[n++] = sqlite3_column_int(p, 0);
			tkt_buf_printf(plan, "%*s%s\n", 2 * d, "", (const char *)sqlite3_column_text(p, 3));
		}
	}
	sqlite3_finalize(p);
	sqlite3_free(q);
	tkt_buf_puts(sql, text);
	return 1;
}

static int
sl_is_null(tkt_stmt *s, int col)
{
	return sqlite3_column_type(S(s), col) == SQLITE_NULL;
}

static int64_t
sl_col_int(tkt_stmt *s, int col)
{
	return sqlite3_column_int64(S(s), col);
}

static const char *
sl_col_text(tkt_stmt *s, int col)
{
	return (const char *)sqlite3_column_text(S(s), col);
}

static int
sl_exec_sql(tkt_store *st, const char *sql)
{
	int rc = sqlite3_exec(DB(st), sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? 0 : sl_error(st, rc, "running the schema");
}

static enum db_class
sl_classify(tkt_store *st, int rc)
{
	switch (rc & 0xff) {
	case SQLITE_BUSY: case SQLITE_LOCKED: case SQLITE_IOERR: case SQLITE_FULL:
	case SQLITE_READONLY: case SQLITE_NOMEM: case SQLITE_CORRUPT: case SQLITE_NOTADB:
	case SQLITE_CANTOPEN: case SQLITE_PERM: case SQLITE_AUTH:
		return DB_ERR_STORE;
	}
	return sqlite3_extended_errcode(DB(st)) == SQLITE_CONSTRAINT_PRIMARYKEY ? DB_ERR_DUPKEY
	                                                                         : DB_ERR_INPUT;
}

static const char *
sl_errmsg(tkt_store *st)
{
	return sqlite3_errmsg(DB(st));
}

/* The mode of a new store file, whatever the umask: 0600, its owner's
 * alone; but 0660 in a directory shared by a group, one group-writable
 * and set-group-ID (as /var/lib/tkt, mode 2775), where the file takes
 * the directory's group and every member of the group writes the store.
 * SQLite gives its -wal and -shm files the store file's mode. */
static mode_t
store_mode(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? tkt_asprintf("%.*s", (int)(slash == path ? 1 : slash - path), path)
	                  : tkt_strdup(".");
	struct stat sb;
	mode_t mode = 0600;

	if (stat(dir, &sb) == 0 && (sb.st_mode & (S_ISGID | S_IWGRP)) == (S_ISGID | S_IWGRP))
		mode = 0660;
	free(dir);
	return mode;
}

/* Create an empty store file (store_mode); *made says whether this call
 * made it (another process may have, at once). */
static int
create_file(const char *path, int *made)
{
	int fd, rc;

	if ((rc = tkt_mkdirs(path, 0)))
		return rc;
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0 && errno != EEXIST)
		return tkt_error(errno == EIO ? EX_IOERR : EX_CANTCREAT,
		                 "cannot create store '%s': %s", path, strerror(errno));
	if ((*made = fd >= 0)) {
		rc = fchmod(fd, store_mode(path)) != 0
		     ? tkt_error(EX_IOERR, "cannot set the mode of store '%s': %s", path, strerror(errno))
		     : 0;
		close(fd);
		if (rc)
			unlink(path);
	}
	return rc;
}

static int
pragma_int(tkt_store *st, const char *sql, int *v)
{
	sqlite3_stmt *s;
	int rc = sqlite3_prepare_v2(DB(st), sql, -1, &s, NULL);

	if (rc != SQLITE_OK)
		return sl_error(st, rc, "reading the store");
	rc = sqlite3_step(s);
	*v = rc == SQLITE_ROW ? sqlite3_column_int(s, 0) : 0;
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sl_error(st, rc, "reading the store");
	return 0;
}

static int
sl_version(tkt_store *st)
{
	int v = -1;

	pragma_int(st, "PRAGMA user_version", &v);
	return v;
}

int
tkt_store_migrate(tkt_store *st, const struct tkt_migration *m, int n)
{
	int version, kind, rc, fresh;

	if ((rc = pragma_int(st, "PRAGMA user_version", &version)))
		return rc;
	if (version > n)
		return tkt_error(EX_DATAERR,
		                 "store '%s' has schema version %d, newer than this tkt knows (%d); "
		                 "upgrade tkt", st->path, version, n);
	if (version == n)
		return 0;
	/* In one statement, so one snapshot: read apart, another process
	 * creating the store could commit between the reads, and its tables
	 * be seen with the application id from before. */
	if ((rc = pragma_int(st, "SELECT CASE WHEN (SELECT application_id FROM pragma_application_id)"
	                         " = " TKT_STR(TKT_APPLICATION_ID) " THEN 2"
	                         " WHEN (SELECT user_version FROM pragma_user_version) = 0"
	                         " AND (SELECT application_id FROM pragma_application_id) = 0"
	                         " AND NOT EXISTS (SELECT 1 FROM sqlite_schema) THEN 1 ELSE 0 END",
	                     &kind)))
		return rc;
	fresh = kind == 1;
	if (kind == 0)
		return tkt_error(EX_DATAERR, "'%s' is not a tkt store", st->path);
	if (sqlite3_db_readonly(DB(st), "main"))
		return tkt_error(EX_NOPERM, "store '%s' is read-only and needs an upgrade "
		                 "to schema version %d", st->path, n);
	if (fresh && (rc = sl_exec_sql(st, "PRAGMA journal_mode=WAL")))
		return rc;
	if ((rc = tkt_begin(st)))
		return rc;
	/* Another process may have migrated it while we waited for the lock. */
	if ((rc = pragma_int(st, "PRAGMA user_version", &version)))
		goto fail;
	for (; version < n; version++) {
		char pragma[64];

		if ((rc = sl_exec_sql(st, m[version].sql)) ||
		    (m[version].more && (rc = sl_exec_sql(st, m[version].more))))
			goto fail;
		snprintf(pragma, sizeof pragma, "PRAGMA user_version=%d", version + 1);
		if ((rc = sl_exec_sql(st, pragma)))
			goto fail;
	}
	if (fresh) {
		char pragma[64];

		snprintf(pragma, sizeof pragma, "PRAGMA application_id=%d", TKT_APPLICATION_ID);
		if ((rc = sl_exec_sql(st, pragma)))
			goto fail;
	}
	return tkt_commit(st);
fail:
	tkt_rollback(st);
	return rc;
}

/* A store is changed by writing the file and, for its journal, the
 * directory it is in: say which one refuses before trying. */
static int
writable(const char *path)
{
	char *dir = tkt_strdup(path), *slash = strrchr(dir, '/');
	int rc = 0;

	if (!slash)
		strcpy(dir, ".");
	else
		slash[slash == dir] = '\0';      /* "/x.db" keeps its "/" */
	if (access(path, W_OK) != 0)
		rc = tkt_error(EX_NOPERM, "store '%s' is read-only", path);
	else if (access(dir, W_OK) != 0)
		rc = tkt_error(EX_NOPERM, "store '%s' is in a read-only directory", path);
	free(dir);
	return rc;
}

/* A WAL store whose directory we may not write cannot set up its shared
 * memory, so a reader fails.  When no writer has it open (no -shm file
 * exists) it cannot change under us: read it as an immutable file. */
static int
reopen_immutable(tkt_store *st)
{
	static const char keep[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	                           "0123456789/._~-";
	tkt_buf uri = TKT_BUF_INIT;
	char *shm = tkt_asprintf("%s-shm", st->path);
	const unsigned char *p;
	int rc = -1;

	if (access(shm, F_OK) == 0)
		goto out;
	tkt_buf_puts(&uri, "file:");
	for (p = (const unsigned char *)st->path; *p; p++)
		if (strchr(keep, *p))
			tkt_buf_putc(&uri, *p);
		else
			tkt_buf_printf(&uri, "%%%02X", *p);
	tkt_buf_puts(&uri, "?immutable=1");
	sqlite3_close(DB(st));
	st->conn = NULL;
	if (sqlite3_open_v2(uri.s, (sqlite3 **)&st->conn,
	                    SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL) == SQLITE_OK) {
		sqlite3_extended_result_codes(DB(st), 1);
		rc = 0;
	}
out:
	free(shm);
	tkt_buf_release(&uri);
	return rc;
}

/* Whether nothing was ever written to the store at path: no byte in the
 * file, none in its WAL. */
static int
unwritten(const char *path)
{
	char *wal = tkt_asprintf("%s-wal", path);
	struct stat sb;
	int empty = stat(path, &sb) == 0 && sb.st_size == 0 &&
	            (stat(wal, &sb) != 0 || sb.st_size == 0);

	free(wal);
	return empty;
}

/* Remove the store at path with its -wal and -shm files. */
static void
remove_store(const char *path)
{
	static const char *const ext[] = { "", "-wal", "-shm" };
	size_t i;

	for (i = 0; i < sizeof ext / sizeof ext[0]; i++) {
		char *f = tkt_asprintf("%s%s", path, ext[i]);

		unlink(f);
		free(f);
	}
}

/* tkt_fold(TEXT): the text folded as the search index holds it (NULL
 * stays NULL). */
static void
sql_fold(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	const unsigned char *s = sqlite3_value_text(argv[0]);
	tkt_buf b = TKT_BUF_INIT;

	(void)argc;
	if (!s)
		return;
	tkt_fold_add(&b, (const char *)s, (size_t)sqlite3_value_bytes(argv[0]));
	sqlite3_result_text64(cx, tkt_buf_str(&b), b.len, SQLITE_TRANSIENT, SQLITE_UTF8);
	tkt_buf_release(&b);
}

/* Open the SQLite file at path into st (making it when create says so),
 * without migrating it. */
static int
sl_connect(tkt_store *st, const char *path, int create)
{
	sqlite3 *db = NULL;
	int rc;

	/* A store handle belongs to one thread: no locking of the connection,
	 * and no counting of memory (which takes a global lock on every
	 * allocation); the latter can only be set before SQLite starts, and
	 * is left alone when a program using libtkt has started it.  Nor does
	 * a page cache start with a bulk allocation (20 pages): every
	 * temporary table (a RETURNING clause's, a recursive query's) has a
	 * cache of its own, and a bulk allocation made and freed for each one
	 * made malloc grow and trim the heap again and again, a third of the
	 * time of an import. */
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	sqlite3_config(SQLITE_CONFIG_PAGECACHE, NULL, 0, 0);
	rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX |
	                     (create ? SQLITE_OPEN_CREATE : 0), NULL);
	st->conn = db;
	if (rc != SQLITE_OK)
		return sl_error(st, rc, "opening");
	sqlite3_extended_result_codes(db, 1);
	rc = sqlite3_create_function_v2(db, "tkt_fold", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC |
	                                SQLITE_INNOCUOUS, NULL, sql_fold, NULL, NULL, NULL);
	return rc == SQLITE_OK ? 0 : sl_error(st, rc, "opening");
}

int
tkt_sqlite_raw(tkt_store **out, const char *path)
{
	tkt_store *st = tkt_calloc(1, sizeof *st);
	int rc;

	st->be = &tkt_sqlite_backend;
	st->path = tkt_strdup(path);
	if ((rc = sl_connect(st, path, 1))) {
		tkt_store_close(st);
		st = NULL;
	}
	*out = st;
	return rc;
}

static int
sl_open(tkt_store *st, const char *path, enum tkt_open_mode mode)
{
	struct stat sb;
	int rc, ms, appid, created = 0;

	if (stat(path, &sb) != 0) {
		if (errno != ENOENT)
			return tkt_error(errno == EACCES ? EX_NOPERM : EX_IOERR,
			                 "cannot open store '%s': %s", path, strerror(errno));
		if (mode != TKT_CREATE)
			return tkt_error(EX_NOINPUT, "no store at '%s'", path);
		if ((rc = create_file(path, &created)))
			return rc;
	} else if (!S_ISREG(sb.st_mode)) {
		return tkt_error(EX_DATAERR, "'%s' is not a tkt store (not a file)", path);
	} else if (access(path, R_OK) != 0) {
		return tkt_error(EX_NOPERM, "cannot read store '%s': %s", path, strerror(errno));
	} else if (mode != TKT_READ && (rc = writable(path))) {
		return rc;
	}
	st->path = tkt_strdup(path);
	st->created = created;
	if ((rc = sl_connect(st, path, 0)))
		goto fail;
	if ((rc = db_busy_timeout(&ms)))
		goto fail;
	sqlite3_busy_timeout(DB(st), ms);
	/* The fast path: a current store costs one statement. */
	rc = pragma_int(st, "PRAGMA application_id", &appid);
	if (rc == EX_NOPERM && mode == TKT_READ && reopen_immutable(st) == 0)
		rc = pragma_int(st, "PRAGMA application_id", &appid);
	if (rc)
		goto fail;
	if (appid != TKT_APPLICATION_ID || sl_version(st) != tkt_nmigrations) {
		/* Processes that find a store being created at once can meet in a
		 * lock upgrade SQLite refuses at once rather than wait for: wait
		 * here, up to the busy timeout. */
		int waited = 0;

		while ((rc = tkt_store_migrate(st, tkt_migrations, tkt_nmigrations)) == EX_TEMPFAIL &&
		       waited < ms) {
			sqlite3_sleep(10);
			waited += 10;
		}
		if (rc)
			goto fail;
	}
	if ((rc = sl_exec_sql(st, "PRAGMA foreign_keys=ON")))
		goto fail;
	return 0;
fail:
	sl_close(st);
	/* A store this open made and could not set up: gone, unless another
	 * process has written it since.  A full disk or a file size limit
	 * can stop the schema's commit after the first page is written (the
	 * WAL's mode); no one else can have set up a store there. */
	if (created && (unwritten(path) || rc == EX_IOERR))
		remove_store(path);
	return rc;
}

static void
sl_close(tkt_store *st)
{
	sqlite3_close(DB(st));
	st->conn = NULL;
}

static void
sl_discard(tkt_store *st)
{
	sl_close(st);
	remove_store(st->path);
}

/* A store deleted or replaced since it was opened: what this connection
 * writes would go to a file no one will read again, or (through the WAL
 * the name now shares) into another store.  SQLite says so only for a
 * rollback journal, not in WAL mode: ask before writing and committing. */
static int
moved(tkt_store *st)
{
	int m = 0;

	if (sqlite3_file_control(DB(st), "main", SQLITE_FCNTL_HAS_MOVED, &m) != SQLITE_OK || !m)
		return 0;
	sl_rollback(st);
	return tkt_error(EX_TEMPFAIL, "store '%s' was deleted or replaced while in use; "
	                 "nothing written: try again", st->path);
}

/* ---- the search index ------------------------------------------------------ */

/* The schema version that made the search indexes. */
#define SEARCH_VERSION 5
/* Tickets indexed again per statement of search_refresh, at the least;
 * at a terminal, which shows the count as it grows, a tenth of them.
 * FTS5 writes what it holds in memory as a segment of its index at the
 * end of each statement, and merges segments as they pile up: in chunks
 * of 500, an import of 20 000 tickets wrote 40 segments and spent a
 * sixth of its time merging them; elsewhere all go in one statement. */
#define REFRESH_CHUNK 500
#define REFRESH_STEPS 10

/* Step sql, its :chunk bound, to its end, indexing what. */
static int
refresh_step(tkt_store *st, const char *sql, int chunk, const char *what)
{
	sqlite3_stmt *s;
	int rc = sqlite3_prepare_v2(DB(st), sql, -1, &s, NULL);
	char doing[64];

	if (rc == SQLITE_OK) {
		sqlite3_bind_int(s, sqlite3_bind_parameter_index(s, ":chunk"), chunk);
		rc = sqlite3_step(s);
		sqlite3_finalize(s);
	}
	if (rc == SQLITE_DONE || rc == SQLITE_OK)
		return 0;
	snprintf(doing, sizeof doing, "indexing %s", what);
	return sl_error(st, rc, doing);
}

/* The search indexes: the table of the rows noted as changed, the
 * statements that index them again, what to call them. */
static const struct search_index {
	const char *count, *unindex, *index, *done, *what;
} search_indexes[] = {
	{ "SELECT count(*) FROM search_stale", SEARCH_UNINDEX, SEARCH_INDEX, SEARCH_DONE,
	  "the text of tickets" },
	{ "SELECT count(*) FROM customer_stale", WHO_UNINDEX, WHO_INDEX, WHO_DONE,
	  "the requesters" },
};

/* In the write transaction open: index again the rows the triggers
 * noted (search_stale, customer_stale), so that a commit leaves the
 * indexes exact.  A store migrated to schema 5 notes them all: on a
 * terminal, the count of those done is shown as it grows. */
static int
search_refresh(tkt_store *st)
{
	const struct search_index *x = search_indexes;
	const struct search_index *end = x + sizeof search_indexes / sizeof *search_indexes;
	int rc = 0, left, total, shown, chunk, tty = isatty(STDERR_FILENO);

	if (sl_version(st) < SEARCH_VERSION)       /* a test's schema, or a step before */
		return 0;
	for (; !rc && x < end; x++) {
		if ((rc = pragma_int(st, x->count, &left)) || !left)
			continue;
		total = left;
		shown = 0;
		chunk = !tty ? total : total / REFRESH_STEPS > REFRESH_CHUNK ? total / REFRESH_STEPS
		                                                             : REFRESH_CHUNK;
		while (left > 0) {
			if ((rc = refresh_step(st, x->unindex, chunk, x->what)) ||
			    (rc = refresh_step(st, x->index, chunk, x->what)) ||
			    (rc = refresh_step(st, x->done, chunk, x->what)))
				break;
			left -= sqlite3_changes(DB(st));
			if (total > REFRESH_CHUNK && tty) {
				fprintf(stderr, "\rtkt: indexing %s: %d of %d", x->what, total - left, total);
				shown = 1;
			}
			if (sqlite3_changes(DB(st)) == 0)
				break;
		}
		if (shown)
			fputc('\n', stderr);
	}
	return rc;
}

/* Before a search: tickets another program wrote (the triggers noted
 * them) are indexed, when the store can be written and no transaction is
 * open; the search then finds them. */
static void
sl_search_ready(tkt_store *st)
{
	int stale = 0;

	if (!sqlite3_get_autocommit(DB(st)) || sqlite3_db_readonly(DB(st), "main") ||
	    pragma_int(st, "SELECT EXISTS (SELECT 1 FROM search_stale)"
	                   " OR EXISTS (SELECT 1 FROM customer_stale)", &stale) || !stale)
		return;
	if (sqlite3_exec(DB(st), "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return;
	if (search_refresh(st) == 0 && sqlite3_exec(DB(st), "COMMIT", NULL, NULL, NULL) == SQLITE_OK)
		return;
	sl_rollback(st);
}

static int
sl_begin(tkt_store *st)
{
	int rc;

	if (sqlite3_db_readonly(DB(st), "main"))
		return tkt_error(EX_NOPERM, "store '%s' is read-only", st->path);
	rc = sqlite3_exec(DB(st), "BEGIN IMMEDIATE", NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return sl_error(st, rc, "starting a transaction");
	return moved(st);
}

static int
sl_commit(tkt_store *st)
{
	int rc = moved(st);

	if (rc || (rc = search_refresh(st)))
		return rc;
	rc = sqlite3_exec(DB(st), "COMMIT", NULL, NULL, NULL);
	return rc == SQLITE_OK ? 0 : sl_error(st, rc, "committing");
}

static void
sl_rollback(tkt_store *st)
{
	if (st->conn && !sqlite3_get_autocommit(DB(st)))
		sqlite3_exec(DB(st), "ROLLBACK", NULL, NULL, NULL);
}

/* ---- bulk loading --------------------------------------------------------- */

/* The page cache of a bulk load, in KiB (the default is 2 MB): the pages
 * being filled stay in memory, rather than being written to the WAL
 * when the cache spills and read back for the next row. */
#define BULK_CACHE_KIB 65536

struct sl_bulk {
	int   cache;      /* the cache_size to go back to */
	char *indexes;    /* CREATE INDEX statements of the indexes dropped */
};

/* Many rows, in the transaction just begun.  Into a store without
 * tickets, the indexes that enforce nothing are dropped, to be made again
 * by sl_bulk_end before the commit, each in one sort of its table rather
 * than row by row; those of UNIQUE constraints stay, and check every row
 * as it comes.  Inside the transaction, no reader sees the store
 * without them, and a rollback brings them back.  The search index is
 * filled by the commit, each ticket once (search_refresh). */
static int
sl_bulk_begin(tkt_store *st)
{
	struct sl_bulk *b;
	tkt_buf drop = TKT_BUF_INIT, make = TKT_BUF_INIT;
	sqlite3_stmt *s = NULL;
	char pragma[64];
	int rc, cache, empty;

	if ((rc = pragma_int(st, "PRAGMA cache_size", &cache)))
		return rc;
	st->bulk = b = tkt_calloc(1, sizeof *b);
	b->cache = cache;
	if ((rc = pragma_int(st, "SELECT NOT EXISTS (SELECT 1 FROM tickets)", &empty)))
		return rc;
	snprintf(pragma, sizeof pragma, "PRAGMA cache_size=-%d", BULK_CACHE_KIB);
	if ((rc = sl_exec_sql(st, pragma)) || !empty)
		return rc;
	rc = sqlite3_prepare_v2(DB(st),
	                        "SELECT m.name, m.sql FROM sqlite_schema m\n"
	                        " WHERE m.type = 'index' AND m.sql IS NOT NULL\n"
	                        "   AND NOT (SELECT \"unique\" FROM pragma_index_list(m.tbl_name)\n"
	                        "             WHERE name = m.name)", -1, &s, NULL);
	while (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		/* Names cannot be bound: they are quoted, and are the store's own. */
		char *q = sqlite3_mprintf("DROP INDEX \"%w\";\n", sqlite3_column_text(s, 0));

		tkt_buf_puts(&drop, q);
		sqlite3_free(q);
		tkt_buf_printf(&make, "%s;\n", (const char *)sqlite3_column_text(s, 1));
		rc = SQLITE_OK;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		rc = sl_error(st, rc, "reading the schema");
	} else if (!(rc = sl_exec_sql(st, tkt_buf_str(&drop)))) {
		b->indexes = tkt_buf_detach(&make);
	}
	tkt_buf_release(&drop);
	tkt_buf_release(&make);
	return rc;
}

/* The end of a bulk load: before the commit (keep), the indexes dropped
 * are made again; either way the page cache goes back to its size. */
static int
sl_bulk_end(tkt_store *st, int keep)
{
	struct sl_bulk *b = st->bulk;
	char pragma[64];
	int rc = 0;

	if (!b)
		return 0;
	if (keep && b->indexes)
		rc = sl_exec_sql(st, b->indexes);
	snprintf(pragma, sizeof pragma, "PRAGMA cache_size=%d", b->cache);
	if (st->conn)
		sqlite3_exec(DB(st), pragma, NULL, NULL, NULL);
	free(b->indexes);
	free(b);
	st->bulk = NULL;
	return rc;
}

/* ---- what SQLite writes its own way ------------------------------------ */

/* SQL for an epoch column as ISO 8601 UTC text (NULL stays NULL). */
#define ISO(x) "strftime('%Y-%m-%dT%H:%M:%SZ', " x ", 'unixepoch')"

/* SQL for ticket t (customer c) as one JSON object, the format of
 * tkt-show --json and of tkt-export; DATA adds to each attachment (the
 * export's ", 'data', hex(a.data)"). */
#define TICKET_JSON(DATA) \
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
	"  'merged_into', t.merged_into, 'problem', t.problem,\n" \
	"  'fields', (SELECT json_group_object(name, value)\n" \
	"               FROM (SELECT name, value FROM fields\n" \
	"                      WHERE ticket = t.id ORDER BY name)),\n" \
	"  'tags', (SELECT json_group_array(tag)\n" \
	"             FROM (SELECT tag FROM tags WHERE ticket = t.id ORDER BY tag)),\n" \
	"  'followers', (SELECT json_group_array(json_object('name', name, 'email', email))\n" \
	"                  FROM (SELECT name, email FROM followers WHERE ticket = t.id\n" \
	"                         ORDER BY email COLLATE BINARY)),\n" \
	"  'messages', (SELECT json_group_array(json_object(\n" \
	"                 'id', m.id, 'at', " ISO("m.created_at") ", 'author', m.author,\n" \
	"                 'kind', m.kind, 'channel', m.channel, 'body', m.body,\n" \
	"                 'spent', m.spent, 'message_id', m.message_id, 'quoted', m.quoted,\n" \
	"                 'from', CASE WHEN m.from_email IS NOT NULL THEN\n" \
	"                   json_object('name', m.from_name, 'email', m.from_email) END,\n" \
	"                 'unverified', json(CASE m.unverified WHEN 1 THEN 'true' ELSE 'false' END),\n" \
	"                 'sent', json(CASE WHEN m.o_state IS NULL THEN 'null'\n" \
	"                                   WHEN m.o_state = 'sent' THEN 'true' ELSE 'false' END),\n" \
	"                 'outbox', CASE WHEN m.o_state IS NOT NULL THEN json_object(\n" \
	"                   'state', m.o_state, 'attempts', m.o_attempts, 'error', m.o_error,\n" \
	"                   'queued', " ISO("m.o_queued") ", 'sent', " ISO("m.o_sent") ") END,\n" \
	"                 'attachments', (SELECT json_group_array(json_object(\n" \
	"                     'name', a.name, 'type', a.type, 'size', a.size, 'path', a.path" DATA "))\n" \
	"                   FROM (SELECT * FROM attachments a WHERE a.message = m.id\n" \
	"                          ORDER BY a.id) a)))\n" \
	"             FROM (SELECT x.*, o.state AS o_state, o.attempts AS o_attempts,\n" \
	"                          o.error AS o_error, o.queued_at AS o_queued, o.sent_at AS o_sent\n" \
	"                     FROM messages x LEFT JOIN outbox o ON o.message = x.id\n" \
	"                    WHERE x.ticket = t.id ORDER BY x.created_at, x.id) m),\n" \
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

static const char *const sl_sql[TKT_NSQL] = {
	[SQL_TICKET_JSON] =
		"SELECT " TICKET_JSON("") "\n"
		"  FROM tickets t JOIN customers c ON c.id = t.requester\n"
		" WHERE t.id = :id",
	[SQL_EXPORT] =
		"SELECT " TICKET_JSON(", 'data', CASE WHEN a.data IS NULL THEN NULL ELSE hex(a.data) END") "\n"
		"  FROM tickets t JOIN customers c ON c.id = t.requester\n WHERE ",
	[SQL_LIST_JSON] =
		",\n json_object('id', t.id, 'subject', t.subject, 'status', t.status,"
		" 'priority', t.priority, 'type', t.type, 'channel', t.channel,"
		" 'assignee', t.assignee, 'group', t.grp, 'template', t.template,"
		" 'requester', " SQL_DISPLAY ","
		" 'created', " ISO("t.created_at") ","
		" 'updated', " ISO("t.updated_at") ","
		" 'solved', " ISO("t.solved_at") ","
		" 'tags', (SELECT json_group_array(tag) FROM"
		"          (SELECT tag FROM tags WHERE ticket = t.id ORDER BY tag)))",
	[SQL_MESSAGES] =
		"SELECT m.id, m.author, m.kind, m.channel, m.body, m.created_at, m.spent, m.quoted,\n"
		"       (SELECT group_concat(coalesce(name, '(no name)') || ', ' || type || ', ' ||\n"
		"                            size || ' bytes', char(10))\n"
		"          FROM (SELECT * FROM attachments WHERE message = m.id ORDER BY id)),\n"
		"       m.from_name, m.from_email, m.unverified, o.state, o.attempts, o.error\n"
		"  FROM messages m LEFT JOIN outbox o ON o.message = m.id\n"
		" WHERE m.ticket = :id ORDER BY m.created_at, m.id",
	[SQL_REVIEWS] =
		"SELECT item, verdict, reviewer, strftime('%Y-%m-%d', at, 'unixepoch')\n"
		"  FROM reviews WHERE ticket = :id AND source = 'person' ORDER BY at, id",
	[SQL_FIELD_NUMBER] =
		"CASE WHEN x.value GLOB '[0-9]*' OR x.value GLOB '[-+.][0-9]*'"
		" THEN CAST(x.value AS REAL) END",
	[SQL_NUMBER_TYPE] = "REAL",
	[SQL_GREATEST] = "max",
	[SQL_EMAIL_IN] = "c.email COLLATE NOCASE IN (",
	[SQL_IDS_TABLE] =
		"CREATE TEMP TABLE IF NOT EXISTS tkt_ids (id INTEGER PRIMARY KEY);"
		"DELETE FROM temp.tkt_ids",
	[SQL_FOLLOWERS] =
		"SELECT name, email FROM followers WHERE ticket = :id ORDER BY email COLLATE BINARY",
	[SQL_SEARCH_FTS] = "t.id IN (SELECT rowid FROM search WHERE search MATCH %s)",
	/* bm25, a match in the subject weighing as four in the body */
	[SQL_SEARCH_RANK] = "\n  JOIN (SELECT rowid AS id, bm25(search, 4.0, 1.0, 1.0) AS score"
	                    " FROM search WHERE search MATCH %s) r ON r.id = t.id",
	[SQL_REQUESTER_DOMAIN] = "lower(substr(cs.email, instr(cs.email, '@') + 1))",
	[SQL_REQUESTER_FTS] =
		"t.requester IN (SELECT rowid FROM customer_search WHERE customer_search MATCH %s)",
	[SQL_HEX] = "CASE WHEN a.data IS NULL THEN NULL ELSE hex(a.data) END",
};

const struct tkt_backend tkt_sqlite_backend = {
	.head = { TKT_BACKEND_VERSION, NULL },
	.name = "sqlite",
	.sql = sl_sql,
	.open = sl_open,
	.close = sl_close,
	.discard = sl_discard,
	.version = sl_version,
	.prepare = sl_prepare,
	.finalize = sl_finalize,
	.reset = sl_reset,
	.param = sl_param,
	.nparams = sl_nparams,
	.bind_null = sl_bind_null,
	.bind_int = sl_bind_int,
	.bind_text = sl_bind_text,
	.bind_blob = sl_bind_blob,
	.step = sl_step,
	.is_null = sl_is_null,
	.col_int = sl_col_int,
	.col_text = sl_col_text,
	.col_json = sl_col_text,
	.exec_sql = sl_exec_sql,
	.begin = sl_begin,
	.commit = sl_commit,
	.rollback = sl_rollback,
	.error = sl_error,
	.classify = sl_classify,
	.errmsg = sl_errmsg,
	.bulk_begin = sl_bulk_begin,
	.bulk_end = sl_bulk_end,
	.search_ready = sl_search_ready,
	.bind_text_ref = sl_bind_text_ref,
	.explain = sl_explain,
};
