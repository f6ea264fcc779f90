/* store.c: the store whatever its backend: choosing the backend by the
 * address, the statement cache, the db_* helpers every other file uses,
 * transactions. */
#include <stdlib.h>
#include <string.h>

#include "tkt-int.h"

char *
tkt_store_default_path(void)
{
	return tkt_store_path_from(NULL);
}

char *
tkt_store_path_from(const char *configured)
{
	const char *e = getenv("TKT_DB");
	char *path;

	if (e && *e)
		return tkt_strdup(e);
	if (configured)
		return tkt_strdup(configured);
	if ((path = tkt_xdg_path("XDG_DATA_HOME", ".local/share", "tkt.db")))
		return path;
	tkt_error(EX_CONFIG, "no store given and no home directory to keep one in: set TKT_DB "
	          "or give --db");
	return NULL;
}

int
db_busy_timeout(int *ms)
{
	const char *e = getenv("TKT_BUSY_TIMEOUT");
	char *end;
	long v;

	*ms = TKT_BUSY_MS;
	if (!e || !*e)
		return 0;
	v = strtol(e, &end, 10);
	if (*end || v < 0 || v > 3600000)
		return tkt_error(EX_CONFIG, "bad TKT_BUSY_TIMEOUT '%s' (milliseconds)", e);
	*ms = (int)v;
	return 0;
}

int
tkt_store_is_pg(const char *addr)
{
	return strncmp(addr, "postgresql://", 13) == 0 || strncmp(addr, "postgres://", 11) == 0;
}

int
tkt_store_open(tkt_store **out, const char *addr, enum tkt_open_mode mode)
{
	tkt_store *st;
	int rc;

	*out = NULL;
	if (!addr || !*addr)
		return tkt_error(EX_USAGE, "no store path given");
	st = tkt_calloc(1, sizeof *st);
	st->be = &tkt_sqlite_backend;
	st->explain = getenv("TKT_EXPLAIN") && *getenv("TKT_EXPLAIN");
	if (tkt_store_is_pg(addr) &&
	    !(st->be = tkt_module("pg.so", "tkt_pg_backend", "the PostgreSQL module",
	                          TKT_BACKEND_VERSION))) {
		free(st);
		return EX_UNAVAILABLE;
	}
	if ((rc = st->be->open(st, addr, mode))) {
		free(st->path);
		free(st);
		return rc;
	}
	*out = st;
	return 0;
}

static void
store_free(tkt_store *st, int discard)
{
	int i;

	if (st->in_tx)
		tkt_rollback(st);
	db_bulk_end(st, 0);
	for (i = 0; i < st->ncache; i++)
		st->be->finalize(st->cache[i].stmt);
	st->ncache = 0;
	if (discard)
		st->be->discard(st);
	else
		st->be->close(st);
	free(st->path);
	free(st);
}

void
tkt_store_close(tkt_store *st)
{
	if (st)
		store_free(st, 0);
}

void
tkt_store_discard(tkt_store *st)
{
	if (st)
		store_free(st, st->created);
}

const char *
tkt_store_path(const tkt_store *st)
{
	return st->path;
}

int
tkt_store_version(tkt_store *st)
{
	return st->be->version(st);
}

int
tkt_begin(tkt_store *st)
{
	int rc = st->be->begin(st);

	st->in_tx = rc == 0;
	return rc;
}

int
tkt_commit(tkt_store *st)
{
	int rc = st->be->commit(st);

	if (rc)
		tkt_rollback(st);
	st->in_tx = 0;
	return rc;
}

void
tkt_rollback(tkt_store *st)
{
	int i;

	for (i = 0; i < st->ncache; i++)
		st->be->reset(st->cache[i].stmt);
	st->be->rollback(st);
	st->in_tx = 0;
}

/* ---- statements --------------------------------------------------------- */

int
db_error(tkt_store *st, int rc, const char *what)
{
	return st->be->error(st, rc, what);
}

enum db_class
db_classify(tkt_store *st, int rc)
{
	return st->be->classify(st, rc);
}

const char *
db_errmsg(tkt_store *st)
{
	return st->be->errmsg(st);
}

tkt_stmt *
db_stmt(tkt_store *st, const char *sql)
{
	tkt_stmt *s;
	int i;

	for (i = 0; i < st->ncache; i++) {
		if (st->cache[i].sql == sql) {
			s = st->cache[i].stmt;
			st->be->reset(s);
			return s;
		}
	}
	if (st->ncache == TKT_STMT_CACHE) {
		/* A library bug, not a user's problem: say so plainly. */
		tkt_error(EX_SOFTWARE, "statement cache full");
		return NULL;
	}
	if (!(s = st->be->prepare(st, sql, 1)))
		return NULL;
	st->cache[st->ncache].sql = sql;
	st->cache[st->ncache].stmt = s;
	st->ncache++;
	return s;
}

tkt_stmt *
db_prepare(tkt_store *st, const char *sql)
{
	return st->be->prepare(st, sql, 0);
}

void
db_finalize(tkt_stmt *s)
{
	if (s)
		s->be->finalize(s);
}

void
db_reset(tkt_stmt *s)
{
	s->be->reset(s);
}

int
db_param(tkt_stmt *s, const char *name)
{
	int i = s->be->param(s, name);

	if (i == 0) {
		fprintf(stderr, "tkt: internal error: no parameter %s\n", name);
		abort();
	}
	return i;
}

void
db_bind_text(tkt_stmt *s, const char *name, const char *v)
{
	db_bind_text_at(s, db_param(s, name), v, v ? strlen(v) : 0);
}

void
db_bind_int(tkt_stmt *s, const char *name, int64_t v)
{
	s->be->bind_int(s, db_param(s, name), v);
}

void
db_bind_blob(tkt_stmt *s, const char *name, const void *v, size_t n)
{
	if (v)
		s->be->bind_blob(s, db_param(s, name), v, n);
	else
		s->be->bind_null(s, db_param(s, name));
}

void
db_bind_null(tkt_stmt *s, const char *name)
{
	s->be->bind_null(s, db_param(s, name));
}

int
db_nparams(tkt_stmt *s)
{
	return s->be->nparams(s);
}

void
db_bind_int_at(tkt_stmt *s, int i, int64_t v)
{
	s->be->bind_int(s, i, v);
}

void
db_bind_text_at(tkt_stmt *s, int i, const char *v, size_t n)
{
	if (v)
		s->be->bind_text(s, i, v, n);
	else
		s->be->bind_null(s, i);
}

void
db_bind_text_ref_at(tkt_stmt *s, int i, const char *v, size_t n)
{
	if (v && s->be->bind_text_ref)
		s->be->bind_text_ref(s, i, v, n);
	else
		db_bind_text_at(s, i, v, n);
}

void
db_bind_null_at(tkt_stmt *s, int i)
{
	s->be->bind_null(s, i);
}

/* TKT_EXPLAIN: before query s runs, its SQL on one line and its plan, on
 * stderr: "tkt: query: SQL", then "tkt: plan: STEP" for each step (so a
 * test can check which indexes the queries a tool makes use). */
static void
explain(tkt_stmt *s)
{
	tkt_buf sql = TKT_BUF_INIT, plan = TKT_BUF_INIT;
	const char *p, *end;
	size_t n;

	if (s->be->explain(s, &sql, &plan)) {
		fputs("tkt: query:", stderr);
		for (p = tkt_buf_str(&sql); *(p += strspn(p, " \t\n")); p += n) {
			n = strcspn(p, " \t\n");
			fprintf(stderr, " %.*s", (int)n, p);
		}
		fputc('\n', stderr);
		for (p = tkt_buf_str(&plan); *p; p = *end ? end + 1 : end) {
			end = p + strcspn(p, "\n");
			fprintf(stderr, "tkt: plan: %.*s\n", (int)(end - p), p);
		}
	}
	tkt_buf_release(&sql);
	tkt_buf_release(&plan);
}

int
db_step(tkt_stmt *s)
{
	if (s->st->explain && s->be->explain)
		explain(s);
	return s->be->step(s);
}

int
db_exec(tkt_store *st, tkt_stmt *s)
{
	int rc = s->be->step(s);

	s->be->reset(s);
	if (rc == DB_DONE || rc == DB_ROW)
		return 0;
	return db_error(st, rc, "writing");
}

int
db_exec_sql(tkt_store *st, const char *sql)
{
	return st->be->exec_sql(st, sql);
}

int
db_bulk_begin(tkt_store *st)
{
	return st->be->bulk_begin ? st->be->bulk_begin(st) : 0;
}

void
db_search_ready(tkt_store *st)
{
	if (st->be->search_ready)
		st->be->search_ready(st);
}

int
db_begin_adding(tkt_store *st)
{
	int rc;

	if (!st->be->begin_adding)
		return tkt_begin(st);
	rc = st->be->begin_adding(st);
	st->in_tx = rc == 0;
	return rc;
}

int
db_lock_key(tkt_store *st, const char *what, const char *value)
{
	char *key;
	int rc;

	if (!st->be->lock_key)
		return 0;
	key = tkt_asprintf("%s\n%s", what, value);
	rc = st->be->lock_key(st, key);
	free(key);
	return rc;
}

int
db_bulk_end(tkt_store *st, int keep)
{
	return st->be->bulk_end ? st->be->bulk_end(st, keep) : 0;
}

int
db_id(tkt_store *st, tkt_stmt *s, int64_t *id, const char *what)
{
	int rc = s->be->step(s);

	*id = rc == DB_ROW ? s->be->col_int(s, 0) : 0;
	/* To its end: a write's RETURNING row comes before the statement
	 * ends, and what fails then (a virtual table's writes, such as the
	 * search index's) fails the statement, and on SQLite rolls back the
	 * transaction. */
	if (rc == DB_ROW) {
		int more;

		while ((more = s->be->step(s)) == DB_ROW)
			;
		if (more != DB_DONE)
			rc = more;
	}
	s->be->reset(s);
	return rc == DB_ROW || rc == DB_DONE ? 0 : db_error(st, rc, what);
}

int
db_null(tkt_stmt *s, int col)
{
	return s->be->is_null(s, col);
}

int64_t
db_int(tkt_stmt *s, int col)
{
	return s->be->col_int(s, col);
}

const char *
db_text(tkt_stmt *s, int col)
{
	return s->be->col_text(s, col);
}

const char *
db_json(tkt_stmt *s, int col)
{
	return s->be->col_json(s, col);
}

char *
db_dup(tkt_stmt *s, int col)
{
	return tkt_strdup(s->be->col_text(s, col));
}
