/* store-pg.c: the PostgreSQL backend, through libpq: a store is a
 * database (its current schema) on a server many hosts share.  It is the
 * module tkt/pg.so, so that a tool on an SQLite store loads no libpq:
 * this file, the backend's operations (errors, statements, transactions,
 * migrating, connecting, bulk loads); store-pg-schema.c, the schema's
 * migrations; store-pg-sql.c, the SQL it writes its own way.
 *
 * Writers take one transaction-level advisory lock, so they run one at a
 * time as on SQLite and a READ COMMITTED transaction sees what the last
 * one wrote; writers that only add tickets (db_begin_adding) take it
 * shared, so they run at once, and each takes the lock of what it shares
 * with the others (a requester's key) before it reads and writes it;
 * readers run in one REPEATABLE READ snapshot, opened with the first
 * statement, so every statement of a report sees the same store.
 * Queries prepared for one use (listings, exports, reports) are read
 * through a cursor a block at a time; ids come from a sequence per table
 * (a trigger), moved past the ids a bulk load gave as it ends. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <libpq-fe.h>

#include "tkt-int.h"
#include "tkt-module.h"
#include "store-pg-int.h"

#define INT8OID  20
#define BYTEAOID 17
#define FETCH    512             /* rows per round trip of a cursor */
#define BEGIN_TRIES 5            /* a deadlock or serialization failure: again */

/* Error codes of this backend, for db_error and db_classify. */
enum {
	PG_BUSY = 1000,          /* a lock not had in time, deadlock, serialization */
	PG_READONLY,
	PG_PERM,
	PG_DUPKEY,
	PG_CONSTRAINT,
	PG_DATA,                 /* a value the column does not take */
	PG_FULL,
	PG_CONN,                 /* the connection failed or was lost */
	PG_NOMEM,
	PG_OTHER,
};

enum tx { TX_NONE, TX_READ, TX_WRITE };

struct pg {
	PGconn  *conn;
	enum tx  tx;
	int      code;             /* the last error */
	char    *msg;
	unsigned cursors;          /* names handed out */
	unsigned prepared;
	int      had_ext;          /* of a store this open made: the extensions
	                              there before (1 pg_trgm, 2 unaccent) */
	int      adding;           /* the write began by pg_begin_adding */
};
#define PG(st) ((struct pg *)(st)->conn)

struct pg_stmt {
	struct tkt_stmt base;
	char        *sql;          /* with $N parameters */
	int          nparams;
	char       **names;        /* of :name parameters, by number - 1 */
	char       **vals;
	int         *lens, *fmts;
	unsigned    *types;
	int          cursor;       /* read through a cursor */
	int          persistent;   /* prepared in the server, once per types,
	                              when it runs a second time */
	unsigned     runs;
	char         pname[24];    /* its name there, when prepared */
	unsigned    *ptypes;       /* the parameter types it was prepared with */
	char         cname[24];    /* its name, when declared */
	int          declared, done;
	PGresult    *res;
	int          row, nrows;
	char        *json;         /* the last JSON column, compact */
};
#define PS(x) ((struct pg_stmt *)(x))

/* ---- errors ------------------------------------------------------------- */

static void
set_error(tkt_store *st, int code, const char *msg)
{
	struct pg *pg = PG(st);
	size_t n;

	free(pg->msg);
	pg->msg = tkt_strdup(msg ? msg : "unknown error");
	/* One line: libpq ends its messages with a newline. */
	n = strcspn(pg->msg, "\n");
	pg->msg[n] = '\0';
	pg->code = code;
}

/* Record the error of result r (NULL: of the connection); its code. */
static int
result_error(tkt_store *st, PGresult *r)
{
	const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	const char *cons = r ? PQresultErrorField(r, PG_DIAG_CONSTRAINT_NAME) : NULL;
	int code = PG_OTHER;

	if (!msg)
		msg = PQerrorMessage(PG(st)->conn);
	if (PQstatus(PG(st)->conn) != CONNECTION_OK || !state || strncmp(state, "08", 2) == 0 ||
	    strncmp(state, "57P", 3) == 0)
		code = PG_CONN;
	else if (!strcmp(state, "55P03") || !strcmp(state, "40001") || !strcmp(state, "40P01"))
		code = PG_BUSY;
	else if (!strcmp(state, "25006"))
		code = PG_READONLY;
	else if (!strcmp(state, "42501"))
		code = PG_PERM;
	else if (!strcmp(state, "23505") && cons && strlen(cons) > 5 &&
	         !strcmp(cons + strlen(cons) - 5, "_pkey"))
		code = PG_DUPKEY;
	else if (!strncmp(state, "23", 2))
		code = PG_CONSTRAINT;
	else if (!strncmp(state, "22", 2))
		code = PG_DATA;
	else if (!strncmp(state, "53", 2))
		code = !strcmp(state, "53200") ? PG_NOMEM : PG_FULL;
	set_error(st, code, msg);
	return code;
}

static int
pg_error(tkt_store *st, int rc, const char *what)
{
	const char *path = st->path, *msg = PG(st) && PG(st)->msg ? PG(st)->msg : "?";

	switch (rc) {
	case PG_BUSY:
		return tkt_error(EX_TEMPFAIL, "store '%s' is busy; try again later", path);
	case PG_READONLY:
		return tkt_error(EX_NOPERM, "store '%s' is read-only", path);
	case PG_PERM:
		return tkt_error(EX_NOPERM, "store '%s': %s", path, msg);
	case PG_DUPKEY:
	case PG_CONSTRAINT:
	case PG_DATA:
		return tkt_error(EX_DATAERR, "store '%s' refused %s: %s", path, what, msg);
	case PG_FULL:
		return tkt_error(EX_IOERR, "store '%s': disk or store full while %s: %s", path, what, msg);
	case PG_CONN:
		return tkt_error(EX_TEMPFAIL, "store '%s': connection lost while %s: %s", path, what, msg);
	case PG_NOMEM:
		return tkt_error(EX_OSERR, "out of memory while %s", what);
	default:
		return tkt_error(EX_SOFTWARE, "store '%s': %s: %s", path, what, msg);
	}
}

static enum db_class
pg_classify(tkt_store *st, int rc)
{
	(void)st;
	return rc == PG_DUPKEY ? DB_ERR_DUPKEY
	     : rc == PG_CONSTRAINT || rc == PG_DATA || rc == PG_OTHER ? DB_ERR_INPUT : DB_ERR_STORE;
}

static const char *
pg_errmsg(tkt_store *st)
{
	return PG(st)->msg ? PG(st)->msg : "";
}

/* ---- running SQL ---------------------------------------------------------- */

/* Run SQL without parameters; 0 or this backend's error code. */
static int
run(tkt_store *st, const char *sql)
{
	PGresult *r = PQexec(PG(st)->conn, sql);
	int rc = 0;

	if (!r || (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK))
		rc = result_error(st, r);
	PQclear(r);
	return rc;
}

/* Every transaction plans its cursors for all their rows, as the tools
 * read them (a listing, an export, a report), not for the first tenth
 * (PostgreSQL's default), which favours a plan that gives its first rows
 * soon, such as walking the tickets in the order of ids, over one that
 * ends sooner. */
#define CURSORS_READ_WHOLE "; SET LOCAL cursor_tuple_fraction = 1"

/* A statement outside a write transaction reads in the snapshot of the
 * first one. */
static int
read_tx(tkt_store *st)
{
	int rc;

	if (PG(st)->tx != TX_NONE)
		return 0;
	if ((rc = run(st, "BEGIN ISOLATION LEVEL REPEATABLE READ" CURSORS_READ_WHOLE)))
		return rc;
	PG(st)->tx = TX_READ;
	return 0;
}

/* End the read snapshot: after an error in it (nothing more can run in
 * it), or before a write transaction. */
static void
read_end(tkt_store *st, int commit)
{
	if (PG(st)->tx == TX_READ) {
		PG(st)->tx = TX_NONE;
		PQclear(PQexec(PG(st)->conn, commit ? "COMMIT" : "ROLLBACK"));
	}
}

static int query_int(tkt_store *st, const char *sql, int *v);

static int
pg_exec_sql(tkt_store *st, const char *sql)
{
	int rc;

	if ((rc = read_tx(st)) || (rc = run(st, sql))) {
		read_end(st, 0);
		return pg_error(st, rc, "running the schema");
	}
	return 0;
}

/* ---- statements ------------------------------------------------------------ */

static int
name_char(int c)
{
	return isalnum(c) || c == '_';
}

/* SQL with :name and ?N parameters as PostgreSQL's $N. */
static void
translate(struct pg_stmt *s, const char *sql)
{
	tkt_buf out = TKT_BUF_INIT;
	const char *p = sql;
	int max = 0;

	while (*p) {
		if (*p == '\'' || *p == '"') {            /* a literal or a quoted name */
			char q = *p;
			const char *e = p + 1;

			while (*e && !(*e == q && e[1] != q))
				e += *e == q ? 2 : 1;
			if (*e)
				e++;
			tkt_buf_printf(&out, "%.*s", (int)(e - p), p);
			p = e;
		} else if (p[0] == '-' && p[1] == '-') {
			size_t n = strcspn(p, "\n");

			tkt_buf_printf(&out, "%.*s", (int)n, p);
			p += n;
		} else if (p[0] == ':' && p[1] == ':') {
			tkt_buf_puts(&out, "::");
			p += 2;
		} else if (p[0] == ':' && (isalpha((unsigned char)p[1]) || p[1] == '_')) {
			const char *e = p + 1;
			int i;

			while (name_char((unsigned char)*e))
				e++;
			for (i = 0; i < s->nparams; i++)
				if (s->names[i] && strlen(s->names[i]) == (size_t)(e - p) &&
				    !strncmp(s->names[i], p, (size_t)(e - p)))
					break;
			if (i == s->nparams) {
				s->names = tkt_realloc(s->names, (size_t)(i + 1) * sizeof *s->names);
				s->names[i] = tkt_asprintf("%.*s", (int)(e - p), p);
				s->nparams++;
			}
			tkt_buf_printf(&out, "$%d", i + 1);
			p = e;
		} else if (p[0] == '?' && isdigit((unsigned char)p[1])) {
			int n = (int)strtol(p + 1, (char **)&p, 10);

			tkt_buf_printf(&out, "$%d", n);
			if (n > max)
				max = n;
		} else {
			tkt_buf_putc(&out, *p++);
		}
	}
	if (max > s->nparams) {
		s->names = tkt_realloc(s->names, (size_t)max * sizeof *s->names);
		while (s->nparams < max)
			s->names[s->nparams++] = NULL;
	}
	s->sql = tkt_strdup(out.s ? out.s : "");
	tkt_buf_release(&out);
}

static tkt_stmt *
pg_prepare(tkt_store *st, const char *sql, int persistent)
{
	struct pg_stmt *s = tkt_calloc(1, sizeof *s);

	s->base.be = &tkt_pg_backend;
	s->base.st = st;
	translate(s, sql);
	s->vals = tkt_calloc((size_t)s->nparams + 1, sizeof *s->vals);
	s->lens = tkt_calloc((size_t)s->nparams + 1, sizeof *s->lens);
	s->fmts = tkt_calloc((size_t)s->nparams + 1, sizeof *s->fmts);
	s->types = tkt_calloc((size_t)s->nparams + 1, sizeof *s->types);
	s->cursor = !persistent && db_is_query(sql);
	s->persistent = persistent;
	return &s->base;
}

static void
clear_value(struct pg_stmt *s, int i)
{
	free(s->vals[i]);
	s->vals[i] = NULL;
	s->lens[i] = s->fmts[i] = 0;
	s->types[i] = 0;
}

/* Forget the rows, closing the cursor if it is open. */
static void
rows_end(struct pg_stmt *s)
{
	tkt_store *st = s->base.st;

	PQclear(s->res);
	s->res = NULL;
	s->row = s->nrows = 0;
	if (s->declared && PG(st)->tx != TX_NONE && PQtransactionStatus(PG(st)->conn) == PQTRANS_INTRANS) {
		char sql[48];

		snprintf(sql, sizeof sql, "CLOSE %s", s->cname);
		PQclear(PQexec(PG(st)->conn, sql));
	}
	s->declared = s->done = 0;
}

static void
pg_reset(tkt_stmt *x)
{
	struct pg_stmt *s = PS(x);
	int i;

	rows_end(s);
	for (i = 0; i < s->nparams; i++)
		clear_value(s, i);
}

static void
pg_finalize(tkt_stmt *x)
{
	struct pg_stmt *s = PS(x);
	int i;

	pg_reset(x);
	for (i = 0; i < s->nparams; i++)
		free(s->names[i]);
	free(s->names);
	free(s->vals);
	free(s->lens);
	free(s->fmts);
	free(s->types);
	free(s->ptypes);
	free(s->sql);
	free(s->json);
	free(s);
}

static int
pg_param(tkt_stmt *x, const char *name)
{
	struct pg_stmt *s = PS(x);
	int i;

	if (name[0] == '?')
		return atoi(name + 1) <= s->nparams ? atoi(name + 1) : 0;
	for (i = 0; i < s->nparams; i++)
		if (s->names[i] && !strcmp(s->names[i], name))
			return i + 1;
	return 0;
}

static int
pg_nparams(tkt_stmt *x)
{
	return PS(x)->nparams;
}

static void
pg_bind_null(tkt_stmt *x, int i)
{
	clear_value(PS(x), i - 1);
}

static void
pg_bind_int(tkt_stmt *x, int i, int64_t v)
{
	struct pg_stmt *s = PS(x);

	clear_value(s, i - 1);
	s->vals[i - 1] = tkt_asprintf("%lld", (long long)v);
	s->types[i - 1] = INT8OID;
}

static void
pg_bind_text(tkt_stmt *x, int i, const char *v, size_t n)
{
	struct pg_stmt *s = PS(x);

	clear_value(s, i - 1);
	s->vals[i - 1] = tkt_asprintf("%.*s", (int)n, v);
}

static void
pg_bind_blob(tkt_stmt *x, int i, const void *v, size_t n)
{
	struct pg_stmt *s = PS(x);

	clear_value(s, i - 1);
	s->vals[i - 1] = tkt_malloc(n + 1);
	memcpy(s->vals[i - 1], v, n);
	s->lens[i - 1] = (int)n;
	s->fmts[i - 1] = 1;
	s->types[i - 1] = BYTEAOID;
}

/* A statement's result r failed: its error recorded and code returned;
 * a read snapshot cannot go on after it. */
static int
failed(tkt_store *st, PGresult *r)
{
	int rc = result_error(st, r);

	PQclear(r);
	read_end(st, 0);
	return rc;
}

/* A statement run many times is parsed and planned once in the server,
 * with the types of its values the second time it runs (the first runs
 * as it is: a round trip to prepare it would double the cost of a
 * statement a tool runs once, most of a single write's); again when a
 * value comes with another type (a NULL takes any). */
static int
prepare(struct pg_stmt *s)
{
	tkt_store *st = s->base.st;
	PGresult *r;
	int i;

	if (s->ptypes) {
		for (i = 0; i < s->nparams; i++)
			if (s->vals[i] && s->types[i] != s->ptypes[i])
				break;
		if (i == s->nparams)
			return 0;
		free(s->ptypes);
		s->ptypes = NULL;
	}
	snprintf(s->pname, sizeof s->pname, "tkt_s%u", ++PG(st)->prepared);
	r = PQprepare(PG(st)->conn, s->pname, s->sql, s->nparams, s->types);
	if (!r || PQresultStatus(r) != PGRES_COMMAND_OK) {
		return failed(st, r);
	}
	PQclear(r);
	s->ptypes = tkt_malloc(((size_t)s->nparams + 1) * sizeof *s->ptypes);
	memcpy(s->ptypes, s->types, (size_t)s->nparams * sizeof *s->ptypes);
	return 0;
}

/* Run the statement: its rows, or the first block of them. */
static int
execute(struct pg_stmt *s)
{
	tkt_store *st = s->base.st;
	struct pg *pg = PG(st);
	const char *sql = s->sql;
	char *declare = NULL;
	PGresult *r;
	int rc;

	if ((rc = read_tx(st)))
		return rc;
	if (s->cursor) {
		snprintf(s->cname, sizeof s->cname, "tkt_c%u", ++pg->cursors);
		sql = declare = tkt_asprintf("DECLARE %s NO SCROLL CURSOR FOR %s", s->cname, s->sql);
	}
	if (s->persistent && s->runs++ > 0) {
		if ((rc = prepare(s)))
			return rc;
		r = PQexecPrepared(pg->conn, s->pname, s->nparams, (const char *const *)s->vals, s->lens,
		                   s->fmts, 0);
	} else {
		r = PQexecParams(pg->conn, sql, s->nparams, s->types, (const char *const *)s->vals,
		                 s->lens, s->fmts, 0);
	}
	free(declare);
	if (!r || (PQresultStatus(r) != PGRES_TUPLES_OK && PQresultStatus(r) != PGRES_COMMAND_OK)) {
		return failed(st, r);
	}
	if (!s->cursor) {
		s->res = r;
		s->nrows = PQntuples(r);
		s->done = 1;
		return 0;
	}
	PQclear(r);
	s->declared = 1;
	return 0;
}

/* The next block of a cursor's rows. */
static int
fetch(struct pg_stmt *s)
{
	tkt_store *st = s->base.st;
	char sql[64];
	PGresult *r;

	PQclear(s->res);
	s->res = NULL;
	snprintf(sql, sizeof sql, "FETCH FORWARD %d FROM %s", FETCH, s->cname);
	r = PQexec(PG(st)->conn, sql);
	if (!r || PQresultStatus(r) != PGRES_TUPLES_OK) {
		return failed(st, r);
	}
	s->res = r;
	s->nrows = PQntuples(r);
	s->row = 0;
	s->done = s->nrows < FETCH;
	return 0;
}

static int
pg_step(tkt_stmt *x)
{
	struct pg_stmt *s = PS(x);
	int rc;

	if (!s->res && !s->declared && (rc = execute(s)))
		return rc;
	if (s->res && s->row < s->nrows) {
		s->row++;
		return DB_ROW;
	}
	if (s->declared && !s->done) {
		if ((rc = fetch(s)))
			return rc;
		if (s->row < s->nrows) {
			s->row++;
			return DB_ROW;
		}
	}
	return DB_DONE;
}

/* TKT_EXPLAIN: the plan of a query about to run, with its values, and as
 * a cursor when it is read through one (planned for its first rows). */
static int
pg_explain(tkt_stmt *x, tkt_buf *sql, tkt_buf *plan)
{
	struct pg_stmt *s = PS(x);
	PGresult *r;
	char *q;
	int i;

	if (s->res || s->declared || !db_is_query(s->sql) || read_tx(x->st))
		return 0;
	q = tkt_asprintf("EXPLAIN %s%s", s->cursor ? "DECLARE tkt_explain NO SCROLL CURSOR FOR " : "",
	                 s->sql);
	r = PQexecParams(PG(x->st)->conn, q, s->nparams, s->types, (const char *const *)s->vals,
	                 s->lens, s->fmts, 0);
	for (i = 0; PQresultStatus(r) == PGRES_TUPLES_OK && i < PQntuples(r); i++)
		tkt_buf_printf(plan, "%s\n", PQgetvalue(r, i, 0));
	PQclear(r);
	free(q);
	tkt_buf_puts(sql, s->sql);
	return 1;
}

/* The current row is the one before s->row. */
static int
pg_is_null(tkt_stmt *x, int col)
{
	struct pg_stmt *s = PS(x);

	return !s->res || s->row == 0 || PQgetisnull(s->res, s->row - 1, col);
}

static const char *
pg_col_text(tkt_stmt *x, int col)
{
	struct pg_stmt *s = PS(x);

	return pg_is_null(x, col) ? NULL : PQgetvalue(s->res, s->row - 1, col);
}

static int64_t
pg_col_int(tkt_stmt *x, int col)
{
	const char *v = pg_col_text(x, col);

	if (!v)
		return 0;
	if (*v == 't' || *v == 'f')          /* a boolean */
		return *v == 't';
	return strtoll(v, NULL, 10);
}

/* JSON as PostgreSQL writes it has a space after each ':' and ',' (and
 * a newline in arrays); without them it is what SQLite writes. */
static const char *
pg_col_json(tkt_stmt *x, int col)
{
	struct pg_stmt *s = PS(x);
	const char *v = pg_col_text(x, col), *p;
	char *o;
	int in_string = 0;

	if (!v)
		return NULL;
	free(s->json);
	o = s->json = tkt_malloc(strlen(v) + 1);
	for (p = v; *p; p++) {
		if (in_string) {
			if (*p == '\\' && p[1])
				*o++ = *p++;
			else if (*p == '"')
				in_string = 0;
		} else if (*p == '"') {
			in_string = 1;
		} else if (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r') {
			continue;
		}
		*o++ = *p;
	}
	*o = '\0';
	return s->json;
}

/* ---- transactions ------------------------------------------------------------ */

/* The writers' lock, taken alone or (adding) shared. */
#define WRITERS_LOCK(how) \
	"SELECT CASE WHEN current_setting('transaction_read_only') = 'on'" \
	" OR (to_regclass('tickets') IS NOT NULL" \
	"     AND NOT has_table_privilege('tickets', 'INSERT'))" \
	" THEN 1 ELSE 0 END" \
	" FROM (SELECT pg_advisory_xact_lock" how "(" TKT_STR(TKT_APPLICATION_ID) ")) l"

static int
begin(tkt_store *st, int adding)
{
	int rc = 0, i, readonly;

	read_end(st, 1);
	for (i = 0; i < BEGIN_TRIES; i++) {
		/* The lock, and whether this role may write the store at all (a
		 * standby or a role with SELECT only): said before any write. */
		rc = run(st, "BEGIN ISOLATION LEVEL READ COMMITTED" CURSORS_READ_WHOLE);
		if (rc == 0)
			rc = query_int(st, adding ? WRITERS_LOCK("_shared") : WRITERS_LOCK(""), &readonly);
		if (rc == 0 && readonly) {
			PQclear(PQexec(PG(st)->conn, "ROLLBACK"));
			return tkt_error(EX_NOPERM, "store '%s' is read-only", st->path);
		}
		if (rc == 0) {
			PG(st)->tx = TX_WRITE;
			PG(st)->adding = adding;
			return 0;
		}
		PQclear(PQexec(PG(st)->conn, "ROLLBACK"));
		if (rc != PG_BUSY || strstr(pg_errmsg(st), "lock timeout"))
			break;
	}
	return pg_error(st, rc, "starting a transaction");
}

static int
pg_begin(tkt_store *st)
{
	return begin(st, 0);
}

static int
pg_begin_adding(tkt_store *st)
{
	return begin(st, 1);
}

/* The lock of a key, in a write that adds tickets: the application's id
 * and the key's hash, of the two-number locks (which never meet the
 * writers' lock, of one number).  Upper and lower case are one key. */
static int
pg_lock_key(tkt_store *st, const char *key)
{
	const char *v[1] = { key };
	PGresult *r;

	if (PG(st)->tx != TX_WRITE || !PG(st)->adding)
		return 0;
	r = PQexecParams(PG(st)->conn, "SELECT pg_advisory_xact_lock(" TKT_STR(TKT_APPLICATION_ID)
	                 ", hashtext(lower($1)))", 1, NULL, v, NULL, NULL, 0);
	if (!r || PQresultStatus(r) != PGRES_TUPLES_OK)
		return pg_error(st, failed(st, r), "waiting for another writer");
	PQclear(r);
	return 0;
}

static int
pg_commit(tkt_store *st)
{
	PGresult *r = PQexec(PG(st)->conn, "COMMIT");
	int rc = 0;

	if (!r || PQresultStatus(r) != PGRES_COMMAND_OK)
		rc = pg_error(st, result_error(st, r), "committing");
	else if (strcmp(PQcmdStatus(r), "COMMIT") != 0)  /* a failed one rolls back */
		rc = tkt_error(EX_SOFTWARE, "store '%s': the transaction failed", st->path);
	PQclear(r);
	PG(st)->tx = TX_NONE;
	return rc;
}

static void
pg_rollback(tkt_store *st)
{
	if (PG(st) && PG(st)->conn && PQtransactionStatus(PG(st)->conn) != PQTRANS_IDLE)
		PQclear(PQexec(PG(st)->conn, "ROLLBACK"));
	if (PG(st))
		PG(st)->tx = TX_NONE;
}

/* ---- the schema ------------------------------------------------------------- */

/* One integer of a query without parameters into *v (-1: no row). */
static int
query_int(tkt_store *st, const char *sql, int *v)
{
	PGresult *r = PQexec(PG(st)->conn, sql);
	int rc = 0;

	*v = -1;
	if (!r || PQresultStatus(r) != PGRES_TUPLES_OK)
		rc = result_error(st, r);
	else if (PQntuples(r) > 0 && !PQgetisnull(r, 0, 0))
		*v = atoi(PQgetvalue(r, 0, 0));
	PQclear(r);
	return rc;
}

static void pg_close(tkt_store *st);

static int
pg_version(tkt_store *st)
{
	int v = -1;

	if (query_int(st, "SELECT version FROM tkt_schema", &v))
		read_end(st, 0);
	return v;
}

/* Bring the store to the current schema, under the writers' lock: an
 * empty schema gets all of it; a schema of other tables is not a store. */
static int
migrate(tkt_store *st)
{
	const int n = tkt_pg_nmigrations;
	int rc, version, exists, tables;

	if ((rc = pg_begin(st)))
		return rc;
	if ((rc = query_int(st, "SELECT count(*) FROM pg_class c"
	                        " JOIN pg_namespace s ON s.oid = c.relnamespace"
	                        " WHERE s.nspname = current_schema() AND c.relkind IN ('r','p','v','m','f')",
	                    &tables)) ||
	    (rc = query_int(st, "SELECT count(*) FROM pg_class c"
	                        " JOIN pg_namespace s ON s.oid = c.relnamespace"
	                        " WHERE s.nspname = current_schema() AND c.relname = 'tkt_schema'",
	                    &exists)))
		goto fail;
	if (!exists && tables > 0) {
		pg_rollback(st);
		return tkt_error(EX_DATAERR, "'%s' is not a tkt store", st->path);
	}
	version = 0;
	if (exists && (rc = query_int(st, "SELECT version FROM tkt_schema", &version)))
		goto fail;
	if (version > n) {
		pg_rollback(st);
		return tkt_error(EX_DATAERR, "store '%s' has schema version %d, newer than this tkt "
		                 "knows (%d); upgrade tkt", st->path, version, n);
	}
	if (!exists && (rc = run(st, "CREATE TABLE tkt_schema (version integer NOT NULL);"
	                             "INSERT INTO tkt_schema VALUES (0)")))
		goto fail;
	st->created = !exists;
	/* What a store that fails to be made must not leave behind. */
	if (!exists && (rc = query_int(st, "SELECT (SELECT count(*) FROM pg_extension WHERE extname = 'pg_trgm')"
	                                   " + 2 * (SELECT count(*) FROM pg_extension WHERE extname = 'unaccent')",
	                               &PG(st)->had_ext)))
		goto fail;
	for (; version < n; version++) {
		char sql[64];

		snprintf(sql, sizeof sql, "UPDATE tkt_schema SET version = %d", version + 1);
		if ((rc = run(st, tkt_pg_migrations[version].sql)) ||
		    (tkt_pg_migrations[version].more && (rc = run(st, tkt_pg_migrations[version].more))) ||
		    (rc = run(st, sql)))
			goto fail;
	}
	return pg_commit(st);
fail:
	pg_rollback(st);
	return pg_error(st, rc, "setting up the store");
}

/* ---- connecting --------------------------------------------------------------- */

/* The address as it may be shown: without a password. */
static char *
shown(const char *addr)
{
	char *s = tkt_strdup(addr), *auth = strstr(s, "://"), *at, *colon, *pw;

	if (auth) {
		auth += 3;
		at = auth + strcspn(auth, "/?@");
		if (*at == '@' && (colon = memchr(auth, ':', (size_t)(at - auth))))
			memmove(colon, at, strlen(at) + 1);
	}
	while ((pw = strstr(s, "password=")) && (pw[-1] == '?' || pw[-1] == '&')) {
		char *end = pw + strcspn(pw, "&");

		if (*end == '&')
			end++;
		else if (pw[-1] == '&' || pw[-1] == '?')
			pw--;
		memmove(pw, end, strlen(end) + 1);
	}
	return s;
}

static void
quiet(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

/* Why a connection failed, as an exit code and a line. */
static int
connect_error(tkt_store *st, PGconn *c)
{
	const char *m = PQerrorMessage(c), *fatal = strstr(m, "FATAL:");
	char *line;
	int rc;

	if (fatal)
		m = fatal + 6 + strspn(fatal + 6, " ");
	line = tkt_asprintf("%.*s", (int)strcspn(m, "\n"), m);
	if (strstr(line, "database") && strstr(line, "does not exist"))
		rc = tkt_error(EX_NOINPUT, "no store at '%s' (%s)", st->path, line);
	else if (strstr(line, "authentication failed") || strstr(line, "password") ||
	         strstr(line, "pg_hba.conf") || (strstr(line, "role") && strstr(line, "does not exist")) ||
	         strstr(line, "permission denied"))
		rc = tkt_error(EX_NOPERM, "store '%s': authentication failed: %s", st->path, line);
	else
		rc = tkt_error(EX_TEMPFAIL, "store '%s' cannot be reached: %s", st->path, line);
	free(line);
	return rc;
}

static int
pg_open(tkt_store *st, const char *addr, enum tkt_open_mode mode)
{
	static const char *const keys[] = {
		"connect_timeout", "client_encoding", "application_name", "dbname", NULL
	};
	const char *vals[] = { "10", "UTF8", "tkt", addr, NULL };
	struct pg *pg;
	char sql[64];
	int rc, ms, version;

	(void)mode;
	st->path = shown(addr);
	if ((rc = db_busy_timeout(&ms)))
		return rc;
	st->conn = pg = tkt_calloc(1, sizeof *pg);
	pg->conn = PQconnectdbParams(keys, vals, 1);
	if (!pg->conn)
		return tkt_error(EX_OSERR, "out of memory while connecting to '%s'", st->path);
	if (PQstatus(pg->conn) != CONNECTION_OK) {
		rc = connect_error(st, pg->conn);
		goto fail;
	}
	PQsetNoticeProcessor(pg->conn, quiet, NULL);
	/* A writer waits this long for another. */
	snprintf(sql, sizeof sql, "SET lock_timeout = %d", ms);
	if ((rc = run(st, sql))) {
		rc = pg_error(st, rc, "connecting");
		goto fail;
	}
	/* The fast path: a current store costs one statement.  A role that
	 * may not read it is told so; a schema without it is set up. */
	rc = query_int(st, "SELECT version FROM tkt_schema", &version);
	if (rc == PG_PERM || rc == PG_CONN) {
		rc = pg_error(st, rc, "reading the store");
		goto fail;
	}
	if (rc || version != tkt_pg_nmigrations) {
		if ((rc = migrate(st)))
			goto fail;
	}
	return 0;
fail:
	PQfinish(pg->conn);
	free(pg->msg);
	free(pg);
	st->conn = NULL;
	return rc;
}

/* A command that failed as a whole on the store its open made: the
 * schema goes too, and the extensions its set-up added, unless another
 * process has written to it since. */
static void
pg_discard(tkt_store *st)
{
	int empty = 0;

	read_end(st, 0);
	if (pg_begin(st) == 0) {
		if (query_int(st, "SELECT CASE WHEN EXISTS (SELECT 1 FROM customers) THEN 0 ELSE 1 END",
		              &empty) == 0 && empty == 1 &&
		    run(st, "DROP TABLE outbox, followers, attachments, reviews, ratings, events, tags, fields, messages,"
		            " tickets, customers, search, tkt_schema;"
		            "DROP FUNCTION tkt_next_id(), tkt_search_ticket(), tkt_search_message(),"
		            " tkt_search_field(), tkt_search_body(bigint), tkt_search_fields(bigint), tkt_fold(text),"
		            " tkt_ids_past(text);"
		            "DROP COLLATION tkt_nocase; DROP COLLATION tkt_root") == 0 &&
		    ((PG(st)->had_ext & 1) || run(st, "DROP EXTENSION IF EXISTS pg_trgm") == 0) &&
		    ((PG(st)->had_ext & 2) || run(st, "DROP EXTENSION IF EXISTS unaccent") == 0))
			pg_commit(st);
		else
			pg_rollback(st);
	}
	pg_close(st);
}

static void
pg_close(tkt_store *st)
{
	struct pg *pg = PG(st);

	if (!pg)
		return;
	read_end(st, 1);
	PQfinish(pg->conn);
	free(pg->msg);
	free(pg);
	st->conn = NULL;
}

/* ---- bulk loading --------------------------------------------------------- */

/* Many rows, in the transaction just begun: the search index's triggers
 * only note the tickets whose messages and fields come (a temporary
 * table, and a setting, both of this transaction), and pg_bulk_end reads
 * each one's text once, rather than again with every message. */
static int
pg_bulk_begin(tkt_store *st)
{
	int rc = run(st, "CREATE TEMP TABLE IF NOT EXISTS tkt_search_later (ticket bigint PRIMARY KEY);"
	                 "SELECT set_config('tkt.search_later', 'on', true)");

	return rc ? pg_error(st, rc, "starting a bulk load") : 0;
}

static int
pg_bulk_end(tkt_store *st, int keep)
{
	int rc;

	if (!keep || PG(st)->tx != TX_WRITE)
		return 0;
	rc = run(st, "SELECT set_config('tkt.search_later', 'off', true);"
	             "UPDATE search SET body = tkt_search_body(ticket), fields = tkt_search_fields(ticket)"
	             " WHERE ticket IN (SELECT ticket FROM tkt_search_later);"
	             "DELETE FROM tkt_search_later;"
	             "SELECT tkt_ids_past(current_schema())");
	return rc ? pg_error(st, rc, "indexing the tickets loaded") : 0;
}

TKT_MODULE_API;
TKT_MODULE_EXPORT const struct tkt_backend tkt_pg_backend = {
	.head = { TKT_BACKEND_VERSION, &tkt_api },
	.name = "postgresql",
	.sql = pg_sql,
	.open = pg_open,
	.close = pg_close,
	.discard = pg_discard,
	.version = pg_version,
	.prepare = pg_prepare,
	.finalize = pg_finalize,
	.reset = pg_reset,
	.param = pg_param,
	.nparams = pg_nparams,
	.bind_null = pg_bind_null,
	.bind_int = pg_bind_int,
	.bind_text = pg_bind_text,
	.bind_blob = pg_bind_blob,
	.step = pg_step,
	.is_null = pg_is_null,
	.col_int = pg_col_int,
	.col_text = pg_col_text,
	.col_json = pg_col_json,
	.exec_sql = pg_exec_sql,
	.begin = pg_begin,
	.commit = pg_commit,
	.rollback = pg_rollback,
	.error = pg_error,
	.classify = pg_classify,
	.errmsg = pg_errmsg,
	.bulk_begin = pg_bulk_begin,
	.bulk_end = pg_bulk_end,
	.explain = pg_explain,
	.begin_adding = pg_begin_adding,
	.lock_key = pg_lock_key,
};
