/* floor: the C floor of make bench: the least a write of tkt's can cost,
 * for tests/bench/run.sh to set tkt beside.  Each command opens a store
 * tkt made, as tkt opens it (WAL, the default synchronous=FULL, a busy
 * timeout, foreign keys on), writes the same rows with prepared
 * statements in one transaction, brings the search indexes up to date
 * as tkt does before its commit (lower() for tkt's folding, whose work
 * is the same), and closes.
 *
 *   floor new STORE N         a ticket from floorN@example.com, its first
 *                             message, the events of its status and priority
 *   floor reply STORE ID      an agent's reply to ticket ID: the message, the
 *                             ticket open and assigned, the two events
 *   floor tag STORE ID TAG    a tag on ticket ID, its event
 *   floor bulk STORE FROM     every row of the store FROM into STORE, empty,
 *                             as tkt-new --batch loads one: the indexes that
 *                             enforce nothing dropped and made again at the
 *                             end, a 64 MB page cache, each ticket's text
 *                             indexed once at the end
 *
 * Exits 0, or 1 with SQLite's message on stderr. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

/* What tkt waits for a writer (TKT_BUSY_MS). */
#define BUSY_MS 5000

/* The search indexes brought up to date: the tickets and customers the
 * schema's triggers noted, indexed again (SEARCH_INDEX and WHO_INDEX of
 * lib/store-sqlite.c, in one statement each rather than in chunks). */
static const char refresh[] =
	"DELETE FROM search WHERE rowid IN (SELECT ticket FROM search_stale);\n"
	"INSERT INTO search (rowid, subject, body, fields)\n"
	"  SELECT t.id, lower(t.subject),\n"
	"    coalesce((SELECT group_concat(x, char(10)) FROM\n"
	"      (SELECT lower(m.body) || coalesce(char(10) || lower(m.quoted), '') AS x FROM messages m\n"
	"        WHERE m.ticket = t.id AND m.kind <> 'system' ORDER BY m.id)), ''),\n"
	"    coalesce((SELECT group_concat(x, char(10)) FROM\n"
	"      (SELECT lower(f.value) AS x FROM fields f WHERE f.ticket = t.id ORDER BY f.name)), '')\n"
	"    FROM tickets t WHERE t.id IN (SELECT ticket FROM search_stale);\n"
	"DELETE FROM search_stale;\n"
	"DELETE FROM customer_search WHERE rowid IN (SELECT customer FROM customer_stale);\n"
	"INSERT INTO customer_search (rowid, name, email, handle)\n"
	"  SELECT c.id, lower(c.name), lower(c.email), lower(c.handle) FROM customers c\n"
	"   WHERE c.id IN (SELECT customer FROM customer_stale);\n"
	"DELETE FROM customer_stale;\n";

static sqlite3 *db;

static void
die(const char *what)
{
	fprintf(stderr, "floor: %s: %s\n", what, db ? sqlite3_errmsg(db) : "?");
	exit(1);
}

static void
exec(const char *sql)
{
	if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
		die(sql);
}

static sqlite3_stmt *
prepare(const char *sql)
{
	sqlite3_stmt *s;

	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		die(sql);
	return s;
}

/* Step s to its end, and finalize it. */
static void
run(sqlite3_stmt *s)
{
	int rc;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		;
	if (rc != SQLITE_DONE)
		die(sqlite3_sql(s));
	sqlite3_finalize(s);
}

static void
store_open(const char *path)
{
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
		die(path);
	sqlite3_busy_timeout(db, BUSY_MS);
	exec("PRAGMA foreign_keys=ON");
}

static void
commit(void)
{
	exec(refresh);
	exec("COMMIT");
	if (sqlite3_close(db) != SQLITE_OK)
		die("closing");
}

/* Run sql, its ?1 and ?2 the numbers a and b, its ?3 the text t. */
static void
put(const char *sql, sqlite3_int64 a, sqlite3_int64 b, const char *t)
{
	sqlite3_stmt *s = prepare(sql);

	sqlite3_bind_int64(s, 1, a);
	sqlite3_bind_int64(s, 2, b);
	sqlite3_bind_text(s, 3, t, -1, SQLITE_STATIC);
	run(s);
}

static void
one_new(long n, sqlite3_int64 now)
{
	char email[64];
	sqlite3_int64 ticket;

	snprintf(email, sizeof email, "floor%ld@example.com", n);
	put("INSERT INTO customers (email) VALUES (?3)", 0, 0, email);
	put("INSERT INTO tickets (subject, requester, status, priority, channel, created_at,\n"
	    "                     updated_at, waiting_since)\n"
	    "     VALUES ('Bench ' || ?1, last_insert_rowid(), 'new', 'normal', 'api', ?2, ?2, ?2)",
	    n, now, NULL);
	ticket = sqlite3_last_insert_rowid(db);
	put("INSERT INTO messages (ticket, author, kind, channel, body, created_at)\n"
	    "     VALUES (?1, ?3, 'customer', 'api', 'It does not work.', ?2)", ticket, now, email);
	put("INSERT INTO events (ticket, what, old, new, actor, at)\n"
	    "     VALUES (?1, 'status', NULL, 'new', 'bench', ?2),\n"
	    "            (?1, 'priority', NULL, 'normal', 'bench', ?2)", ticket, now, NULL);
}

/* An agent's reply to ticket ?1 at ?2; a tag ?3 on ticket ?1 at ?2. */
static const char *const reply[] = {
	"INSERT INTO messages (ticket, author, kind, channel, body, created_at)\n"
	"     VALUES (?1, 'bench', 'agent', 'api', 'We are on it.', ?2)",
	"UPDATE tickets SET status = 'open', assignee = 'bench', updated_at = ?2,\n"
	"                   waiting_since = NULL WHERE id = ?1",
	"INSERT INTO events (ticket, what, old, new, actor, at)\n"
	"     VALUES (?1, 'status', 'new', 'open', 'bench', ?2),\n"
	"            (?1, 'assignee', NULL, 'bench', 'bench', ?2)",
	NULL
};
static const char *const tag[] = {
	"INSERT INTO tags (ticket, tag) VALUES (?1, ?3)",
	"UPDATE tickets SET updated_at = ?2 WHERE id = ?1",
	"INSERT INTO events (ticket, what, old, new, actor, at)\n"
	"     VALUES (?1, 'tag', NULL, ?3, 'bench', ?2)",
	NULL
};

/* Run each statement of sqls (put). */
static void
put_all(const char *const *sqls, sqlite3_int64 a, sqlite3_int64 b, const char *t)
{
	for (; *sqls; sqls++)
		put(*sqls, a, b, t);
}

/* The store at path, to be read, as src. */
static void
attach(const char *path)
{
	sqlite3_stmt *s = prepare("ATTACH ?1 AS src");

	sqlite3_bind_text(s, 1, path, -1, SQLITE_STATIC);
	run(s);
}

/* Every row of each table of src (but the search indexes, which the
 * commit fills), in the order the schema made the tables, a prepared
 * INSERT per table stepped once per row. */
static void
bulk(void)
{
	sqlite3_stmt *tables, *drop, *rows, *ins;
	char *indexes = NULL, *drops = sqlite3_mprintf(""), *sql;
	size_t len = 0;
	int i, n;

	exec("PRAGMA cache_size=-65536");
	exec("PRAGMA defer_foreign_keys=ON");
	/* The indexes that enforce nothing, dropped, to be made again in one
	 * sort each (sl_bulk_begin). */
	drop = prepare("SELECT m.name, m.sql FROM sqlite_schema m\n"
	               " WHERE m.type = 'index' AND m.sql IS NOT NULL\n"
	               "   AND NOT (SELECT \"unique\" FROM pragma_index_list(m.tbl_name)\n"
	               "             WHERE name = m.name)");
	while (sqlite3_step(drop) == SQLITE_ROW) {
		const char *make = (const char *)sqlite3_column_text(drop, 1);

		indexes = realloc(indexes, len + strlen(make) + 3);
		len += (size_t)sprintf(indexes + len, "%s;\n", make);
		sql = sqlite3_mprintf("%sDROP INDEX \"%w\";\n", drops,
		                      (const char *)sqlite3_column_text(drop, 0));
		sqlite3_free(drops);
		drops = sql;
	}
	sqlite3_finalize(drop);
	exec(drops);
	sqlite3_free(drops);
	tables = prepare("SELECT name, (SELECT count(*) FROM pragma_table_info(s.name))\n"
	                 "  FROM src.sqlite_schema s WHERE type = 'table' AND name NOT LIKE 'sqlite%'\n"
	                 "   AND name NOT LIKE 'search%' AND name NOT LIKE 'customer_s%'\n"
	                 " ORDER BY rowid");
	while (sqlite3_step(tables) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(tables, 0);
		char *q;

		n = sqlite3_column_int(tables, 1);
		sql = sqlite3_mprintf("SELECT * FROM src.\"%w\"", name);
		rows = prepare(sql);
		sqlite3_free(sql);
		q = sqlite3_mprintf("INSERT INTO main.\"%w\" VALUES (?", name);
		for (i = 1; i < n; i++) {
			sql = sqlite3_mprintf("%s, ?", q);
			sqlite3_free(q);
			q = sql;
		}
		sql = sqlite3_mprintf("%s)", q);
		sqlite3_free(q);
		ins = prepare(sql);
		sqlite3_free(sql);
		while (sqlite3_step(rows) == SQLITE_ROW) {
			for (i = 0; i < n; i++)
				sqlite3_bind_value(ins, i + 1, sqlite3_column_value(rows, i));
			if (sqlite3_step(ins) != SQLITE_DONE)
				die(name);
			sqlite3_reset(ins);
		}
		sqlite3_finalize(rows);
		sqlite3_finalize(ins);
	}
	sqlite3_finalize(tables);
	if (indexes)
		exec(indexes);
	free(indexes);
}

int
main(int argc, char **argv)
{
	sqlite3_int64 now = (sqlite3_int64)time(NULL);
	const char *cmd = argc > 1 ? argv[1] : "";

	if (argc != (strcmp(cmd, "tag") == 0 ? 5 : 4)) {
		fprintf(stderr, "usage: floor new|reply|bulk STORE N|ID|FROM, floor tag STORE ID TAG\n");
		return 2;
	}
	store_open(argv[2]);
	if (strcmp(cmd, "bulk") == 0)
		attach(argv[3]);        /* not within a transaction */
	exec("BEGIN IMMEDIATE");
	if (strcmp(cmd, "new") == 0)
		one_new(atol(argv[3]), now);
	else if (strcmp(cmd, "reply") == 0)
		put_all(reply, atoll(argv[3]), now, NULL);
	else if (strcmp(cmd, "tag") == 0)
		put_all(tag, atoll(argv[3]), now, argv[4]);
	else if (strcmp(cmd, "bulk") == 0)
		bulk();
	else
		return fprintf(stderr, "floor: no command '%s'\n", cmd), 2;
	commit();
	return 0;
}
