/* store.c: finding, opening, creating and migrating the store; the SQL
 * helpers every other file uses; transactions. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tkt-int.h"

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
	  "CREATE INDEX ratings_ticket ON ratings(ticket);\n" },
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
	  "CREATE INDEX reviews_at ON reviews(at);\n" },
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
	  "CREATE INDEX attachments_message ON attachments(message);\n" },
};
const int tkt_nmigrations = sizeof tkt_migrations / sizeof tkt_migrations[0];

char *
tkt_store_default_path(void)
{
	const char *e = getenv("TKT_DB");
	char *path;

	if (e && *e)
		return tkt_strdup(e);
	if ((path = tkt_xdg_path("XDG_DATA_HOME", ".local/share", "tkt.db")))
		return path;
	return tkt_strdup("./.local/share/tkt/tkt.db");
}

int
db_error(tkt_store *st, int rc, const char *what)
{
	int err = errno, sys = st && st->db ? sqlite3_system_errno(st->db) : 0;
	const char *path = st && st->path ? st->path : "?";
	const char *msg = st && st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc);

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

sqlite3_stmt *
db_stmt(tkt_store *st, const char *sql)
{
	sqlite3_stmt *s;
	int i, rc;

	for (i = 0; i < st->ncache; i++) {
		if (st->cache[i].sql == sql) {
			s = st->cache[i].stmt;
			sqlite3_reset(s);
			sqlite3_clear_bindings(s);
			return s;
		}
	}
	rc = sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, NULL);
	if (rc != SQLITE_OK) {
		db_error(st, rc, "preparing a statement");
		return NULL;
	}
	if (st->ncache == TKT_STMT_CACHE) {
		/* A library bug, not a user's problem: say so plainly. */
		sqlite3_finalize(s);
		tkt_error(EX_SOFTWARE, "statement cache full");
		return NULL;
	}
	st->cache[st->ncache].sql = sql;
	st->cache[st->ncache].stmt = s;
	st->ncache++;
	return s;
}

sqlite3_stmt *
db_prepare(tkt_store *st, const char *sql)
{
	sqlite3_stmt *s;
	int rc = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);

	if (rc != SQLITE_OK) {
		db_error(st, rc, "preparing a query");
		return NULL;
	}
	return s;
}

static int
param(sqlite3_stmt *s, const char *name)
{
	int i = sqlite3_bind_parameter_index(s, name);

	if (i == 0) {
		fprintf(stderr, "tkt: internal error: no parameter %s in %s\n", name, sqlite3_sql(s));
		abort();
	}
	return i;
}

void
db_bind_text(sqlite3_stmt *s, const char *name, const char *v)
{
	if (v)
		sqlite3_bind_text(s, param(s, name), v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(s, param(s, name));
}

void
db_bind_int(sqlite3_stmt *s, const char *name, int64_t v)
{
	sqlite3_bind_int64(s, param(s, name), v);
}

int
db_exec(tkt_store *st, sqlite3_stmt *s)
{
	int rc = sqlite3_step(s);

	sqlite3_reset(s);
	if (rc == SQLITE_DONE || rc == SQLITE_ROW)
		return 0;
	return db_error(st, rc, "writing");
}

int
db_id(tkt_store *st, sqlite3_stmt *s, int64_t *id, const char *what)
{
	int rc = sqlite3_step(s);

	*id = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_reset(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_error(st, rc, what);
}

int
db_exec_sql(tkt_store *st, const char *sql)
{
	int rc = sqlite3_exec(st->db, sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? 0 : db_error(st, rc, "running the schema");
}

const char *
db_text(sqlite3_stmt *s, int col)
{
	return (const char *)sqlite3_column_text(s, col);
}

char *
db_dup(sqlite3_stmt *s, int col)
{
	return tkt_strdup(db_text(s, col));
}

/* Create an empty store file with mode 0600 whatever the umask; *made
 * says whether this call made it (another process may have, at once). */
static int
create_file(const char *path, int *made)
{
	int fd, rc;

	if ((rc = tkt_mkdirs(path, 0)))
		return rc;
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0 && errno != EEXIST)
		return tkt_error(errno == EACCES || errno == EROFS ? EX_CANTCREAT : EX_IOERR,
		                 "cannot create store '%s': %s", path, strerror(errno));
	if ((*made = fd >= 0))
		close(fd);
	return 0;
}

static int
pragma_int(tkt_store *st, const char *sql, int *v)
{
	sqlite3_stmt *s;
	int rc = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);

	if (rc != SQLITE_OK)
		return db_error(st, rc, "reading the store");
	rc = sqlite3_step(s);
	*v = rc == SQLITE_ROW ? sqlite3_column_int(s, 0) : 0;
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_error(st, rc, "reading the store");
	return 0;
}

int
tkt_store_version(tkt_store *st)
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
	if (sqlite3_db_readonly(st->db, "main"))
		return tkt_error(EX_NOPERM, "store '%s' is read-only and needs an upgrade "
		                 "to schema version %d", st->path, n);
	if (fresh && (rc = db_exec_sql(st, "PRAGMA journal_mode=WAL")))
		return rc;
	if ((rc = tkt_begin(st)))
		return rc;
	/* Another process may have migrated it while we waited for the lock. */
	if ((rc = pragma_int(st, "PRAGMA user_version", &version)))
		goto fail;
	for (; version < n; version++) {
		char pragma[64];

		if ((rc = db_exec_sql(st, m[version].sql)))
			goto fail;
		snprintf(pragma, sizeof pragma, "PRAGMA user_version=%d", version + 1);
		if ((rc = db_exec_sql(st, pragma)))
			goto fail;
	}
	if (fresh) {
		char pragma[64];

		snprintf(pragma, sizeof pragma, "PRAGMA application_id=%d", TKT_APPLICATION_ID);
		if ((rc = db_exec_sql(st, pragma)))
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
	sqlite3_close(st->db);
	st->db = NULL;
	if (sqlite3_open_v2(uri.s, &st->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX,
	                    NULL) == SQLITE_OK) {
		sqlite3_extended_result_codes(st->db, 1);
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

int
tkt_store_open(tkt_store **out, const char *path, enum tkt_open_mode mode)
{
	tkt_store *st;
	struct stat sb;
	const char *e;
	int rc, ms = TKT_BUSY_MS, appid, created = 0;

	*out = NULL;
	if (!path || !*path)
		return tkt_error(EX_USAGE, "no store path given");
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
	st = tkt_calloc(1, sizeof *st);
	st->path = tkt_strdup(path);
	st->created = created;
	/* A store handle belongs to one thread: no locking of the connection,
	 * and no counting of memory (which takes a global lock on every
	 * allocation); the latter can only be set before SQLite starts, and
	 * is left alone when a program using libtkt has started it. */
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	rc = sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		rc = db_error(st, rc, "opening");
		goto fail;
	}
	sqlite3_extended_result_codes(st->db, 1);
	if ((e = getenv("TKT_BUSY_TIMEOUT")) && *e) {
		char *end;
		long v = strtol(e, &end, 10);

		if (*end || v < 0 || v > 3600000) {
			rc = tkt_error(EX_CONFIG, "bad TKT_BUSY_TIMEOUT '%s' (milliseconds)", e);
			goto fail;
		}
		ms = (int)v;
	}
	sqlite3_busy_timeout(st->db, ms);
	/* The fast path: a current store costs one statement. */
	rc = pragma_int(st, "PRAGMA application_id", &appid);
	if (rc == EX_NOPERM && mode == TKT_READ && reopen_immutable(st) == 0)
		rc = pragma_int(st, "PRAGMA application_id", &appid);
	if (rc)
		goto fail;
	if (appid != TKT_APPLICATION_ID || tkt_store_version(st) != tkt_nmigrations) {
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
	if ((rc = db_exec_sql(st, "PRAGMA foreign_keys=ON")))
		goto fail;
	*out = st;
	return 0;
fail:
	tkt_store_close(st);
	/* A store this open made and could not set up (a full disk): gone,
	 * unless another process has written it since. */
	if (created && unwritten(path))
		remove_store(path);
	return rc;
}

void
tkt_store_discard(tkt_store *st)
{
	char *path;

	if (!st)
		return;
	if (!st->created) {
		tkt_store_close(st);
		return;
	}
	path = tkt_strdup(st->path);
	tkt_store_close(st);
	remove_store(path);
	free(path);
}

void
tkt_store_close(tkt_store *st)
{
	int i;

	if (!st)
		return;
	if (st->in_tx)
		tkt_rollback(st);
	for (i = 0; i < st->ncache; i++)
		sqlite3_finalize(st->cache[i].stmt);
	sqlite3_close(st->db);
	free(st->path);
	free(st);
}

const char *
tkt_store_path(const tkt_store *st)
{
	return st->path;
}

/* A store deleted or replaced since it was opened: what this connection
 * writes would go to a file no one will read again, or (through the WAL
 * the name now shares) into another store.  SQLite says so only for a
 * rollback journal, not in WAL mode: ask before writing and committing. */
static int
moved(tkt_store *st)
{
	int m = 0;

	if (sqlite3_file_control(st->db, "main", SQLITE_FCNTL_HAS_MOVED, &m) != SQLITE_OK || !m)
		return 0;
	tkt_rollback(st);
	return tkt_error(EX_TEMPFAIL, "store '%s' was deleted or replaced while in use; "
	                 "nothing written: try again", st->path);
}

int
tkt_begin(tkt_store *st)
{
	int rc;

	if (sqlite3_db_readonly(st->db, "main"))
		return tkt_error(EX_NOPERM, "store '%s' is read-only", st->path);
	rc = sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return db_error(st, rc, "starting a transaction");
	st->in_tx = 1;
	return moved(st);
}

int
tkt_commit(tkt_store *st)
{
	int rc = moved(st);

	if (rc)
		return rc;
	rc = sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);

	if (rc != SQLITE_OK) {
		rc = db_error(st, rc, "committing");
		tkt_rollback(st);
		return rc;
	}
	st->in_tx = 0;
	return 0;
}

void
tkt_rollback(tkt_store *st)
{
	int i;

	for (i = 0; i < st->ncache; i++)
		sqlite3_reset(st->cache[i].stmt);
	if (!sqlite3_get_autocommit(st->db))
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	st->in_tx = 0;
}
