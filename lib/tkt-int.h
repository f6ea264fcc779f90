/*
 * tkt-int.h: the inside of libtkt, shared by its files and its unit tests,
 * never installed.  Every SQL statement of the library goes through the
 * helpers below.
 */
#ifndef TKT_INT_H
#define TKT_INT_H

#include "tkt.h"

#define TKT_APPLICATION_ID 1953199153   /* 0x746b7431, "tkt1" */
#define TKT_STR_(x) #x
#define TKT_STR(x) TKT_STR_(x)
#define TKT_STMT_CACHE     48

/* ---- status.c: what each status means ---------------------------------
 * The one list of a ticket's statuses, in their order: the number of each
 * (its place in the order), its name as an identifier and as text, its
 * class (ACTIVE: the customer waits for the help desk; PAUSED: the help
 * desk waits for the customer; DONE: solved or closed), the status an
 * agent's reply and a customer's message move a ticket in it to ("" for
 * none), and its colour at a terminal (an SGR parameter).  The C tables of
 * status.c and term.c and the SQL below are made from it; so are the
 * rules that use them (message.c, ticket.c, filter.c, metrics.c,
 * customer.c).  The CHECK of the schema's first step says the same list:
 * test_status.c holds it to this one. */
#define TKT_STATUS_LIST(X) \
	X(0, NEW,     "new",     ACTIVE, "open", "",     "1;33") \
	X(1, OPEN,    "open",    ACTIVE, "",     "",     "1;31") \
	X(2, PENDING, "pending", PAUSED, "",     "open", "34")   \
	X(3, ON_HOLD, "on-hold", ACTIVE, "",     "",     "35")   \
	X(4, SOLVED,  "solved",  DONE,   "",     "open", "32")   \
	X(5, CLOSED,  "closed",  DONE,   "",     "open", "2")

enum tkt_status_class { TKT_ACTIVE, TKT_PAUSED, TKT_DONE };
/* The status an agent's reply (TKT_AGENT) or a customer's message
 * (TKT_CUSTOMER) moves a ticket in status to, or NULL when it stays. */
const char *tkt_status_after(const char *status, enum tkt_kind kind);
#define TKT_STATUS_ENUM_(i, id, name, cls, agent, customer, colour) TKT_STATUS_##id = i,
enum tkt_status { TKT_STATUS_LIST(TKT_STATUS_ENUM_) TKT_NSTATUSES };

/* SQL lists of the statuses of a class, "('new', 'open', 'on-hold', '')"
 * (the '' ends the list and is no status), and the order of a status
 * column as a number. */
#define TKT_SQL_IN_ACTIVE_ACTIVE(n) "'" n "', "
#define TKT_SQL_IN_ACTIVE_PAUSED(n)
#define TKT_SQL_IN_ACTIVE_DONE(n)
#define TKT_SQL_IN_DONE_ACTIVE(n)
#define TKT_SQL_IN_DONE_PAUSED(n)
#define TKT_SQL_IN_DONE_DONE(n) "'" n "', "
#define TKT_SQL_ACTIVE_(i, id, n, cls, a, c, colour) TKT_SQL_IN_ACTIVE_##cls(n)
#define TKT_SQL_DONE_(i, id, n, cls, a, c, colour) TKT_SQL_IN_DONE_##cls(n)
#define TKT_SQL_ORDER_(i, id, n, cls, a, c, colour) " WHEN '" n "' THEN " #i
#define TKT_SQL_ACTIVE "(" TKT_STATUS_LIST(TKT_SQL_ACTIVE_) "'')"
#define TKT_SQL_DONE   "(" TKT_STATUS_LIST(TKT_SQL_DONE_) "'')"
#define TKT_SQL_STATUS_ORDER(col) "CASE " col TKT_STATUS_LIST(TKT_SQL_ORDER_) " END"

/* ---- what a reply is ----------------------------------------------------
 * An agent's message is a reply to the customer, but the one that opened a
 * ticket an agent opened on the customer's behalf (tkt-new --outbound,
 * logged as an "outbound" event): that message is marked as the opening
 * (messages.opening) when it is written, by the ticket's creation or an
 * import, with TKT_SQL_OPENING; every reader asks TKT_SQL_REPLY. */
#define TKT_SQL_REPLY(m) "(" m ".kind = 'agent' AND " m ".opening = 0)"
/* Mark the opening of ticket :ticket, if an agent opened it; and of
 * every ticket (the schema's step that made the column). */
#define TKT_SQL_OPENING_WHERE(ticket) \
	"UPDATE messages SET opening = 1\n" \
	" WHERE id = (SELECT min(x.id) FROM messages x WHERE x.ticket = " ticket " AND x.kind = 'agent')\n" \
	"   AND EXISTS (SELECT 1 FROM events e WHERE e.ticket = " ticket " AND e.what = 'outbound')"
#define TKT_SQL_OPENING     TKT_SQL_OPENING_WHERE(":ticket")
#define TKT_SQL_OPENING_ALL TKT_SQL_OPENING_WHERE("messages.ticket")
/* Run TKT_SQL_OPENING for ticket (message.c). */
int tkt_opening_mark(tkt_store *st, int64_t ticket);

/* ---- the store and its backends --------------------------------------
 * A store is SQLite (store-sqlite.c) or PostgreSQL (store-pg.c), chosen by
 * its address; everything above this layer runs the same statements
 * through the db_* helpers without knowing which.  SQL both accept is
 * written where it is used; what the two write differently is named by a
 * tkt_sql number and kept once per backend, with its schema. */

typedef struct tkt_stmt tkt_stmt;

/* What db_step returns besides a backend's error code. */
#define DB_ROW  100
#define DB_DONE 101

/* The SQL the backends write differently. */
enum tkt_sql {
	SQL_TICKET_JSON,     /* one ticket as JSON (tkt-show --json), :id */
	SQL_EXPORT,          /* the export's select up to its WHERE */
	SQL_LIST_JSON,       /* tkt-ls --json: the JSON column after the others */
	SQL_MESSAGES,        /* a ticket's messages with their attachments, :id */
	SQL_REVIEWS,         /* a ticket's reviews by a person, dated, :id */
	SQL_FIELD_NUMBER,    /* field value x.value as a number, NULL if it is none */
	SQL_NUMBER_TYPE,     /* the type to CAST a number to */
	SQL_GREATEST,        /* the function giving the largest of its arguments */
	SQL_EMAIL_IN,        /* "c.email IN (", matching case-insensitively */
	SQL_IDS_TABLE,       /* (re)make the empty temporary table tkt_ids */
	SQL_FOLLOWERS,       /* a ticket's followers' names and emails, :id, in
	                        the byte order of the emails */
	TKT_NSQL
};

/* What a backend's error code means, where a caller must tell apart the
 * store's trouble from its input's. */
enum db_class { DB_ERR_STORE, DB_ERR_INPUT, DB_ERR_DUPKEY };

/* What the tools' library lends a module (mime.so, pg.so), which links
 * nothing of it: the module's calls of these names go through the table
 * (tkt-module.h), set by tkt_module before the module is used. */
#define TKT_HOST_VERSION 1
struct tkt_host {
	int     version;
	void *(*malloc)(size_t n);
	void *(*calloc)(size_t n, size_t size);
	void *(*realloc)(void *p, size_t n);
	char *(*strdup)(const char *s);
	char *(*strndup)(const char *s, size_t n);
	char *(*asprintf)(const char *fmt, ...) TKT_PRINTF(1, 2);
	int   (*error)(int code, const char *fmt, ...) TKT_PRINTF(2, 3);
	int   (*errcode)(void);
	void  (*buf_add)(tkt_buf *b, const void *p, size_t n);
	void  (*buf_puts)(tkt_buf *b, const char *s);
	void  (*buf_putc)(tkt_buf *b, int c);
	void  (*buf_printf)(tkt_buf *b, const char *fmt, ...) TKT_PRINTF(2, 3);
	char *(*buf_detach)(tkt_buf *b);
	void  (*buf_release)(tkt_buf *b);
	long  (*utf8_check)(const char *s, size_t n);
	int   (*line_valid)(const char *s);
	int   (*email_valid)(const char *s);
	char *(*html_text)(const char *html);
	void  (*mail_split)(const char *text, char **body, char **quoted);
	void  (*mail_release)(struct tkt_mail *m);
	int   (*busy_timeout)(int *ms);
};
extern const struct tkt_host tkt_host;

/* Every module's interface begins so: tkt_module checks the version and
 * gives the module the host's table. */
struct tkt_module_head {
	int                     version;
	const struct tkt_host **host;
};

#define TKT_BACKEND_VERSION 3
struct tkt_backend {
	struct tkt_module_head head;                    /* TKT_BACKEND_VERSION */
	const char *name;
	const char *const *sql;                         /* [TKT_NSQL] */
	int       (*open)(tkt_store *st, const char *addr, enum tkt_open_mode mode);
	void      (*close)(tkt_store *st);
	void      (*discard)(tkt_store *st);            /* close, removing what open made */
	int       (*version)(tkt_store *st);
	tkt_stmt *(*prepare)(tkt_store *st, const char *sql, int persistent);
	void      (*finalize)(tkt_stmt *s);
	void      (*reset)(tkt_stmt *s);                /* and clear the bindings */
	int       (*param)(tkt_stmt *s, const char *name); /* its index, 0 if none */
	int       (*nparams)(tkt_stmt *s);
	void      (*bind_null)(tkt_stmt *s, int i);
	void      (*bind_int)(tkt_stmt *s, int i, int64_t v);
	void      (*bind_text)(tkt_stmt *s, int i, const char *v, size_t n);
	void      (*bind_blob)(tkt_stmt *s, int i, const void *v, size_t n);
	int       (*step)(tkt_stmt *s);
	int       (*is_null)(tkt_stmt *s, int col);
	int64_t   (*col_int)(tkt_stmt *s, int col);
	const char *(*col_text)(tkt_stmt *s, int col);
	const char *(*col_json)(tkt_stmt *s, int col);
	int       (*exec_sql)(tkt_store *st, const char *sql);
	int       (*begin)(tkt_store *st);
	int       (*commit)(tkt_store *st);
	void      (*rollback)(tkt_store *st);
	int       (*error)(tkt_store *st, int rc, const char *what);
	enum db_class (*classify)(tkt_store *st, int rc);
	const char *(*errmsg)(tkt_store *st);
	/* Optional (NULL: nothing to do): make the transaction just begun
	 * ready for many rows, and undo that before it commits (keep) or
	 * after it is rolled back. */
	int       (*bulk_begin)(tkt_store *st);
	int       (*bulk_end)(tkt_store *st, int keep);
	/* Optional (NULL: bind_text): bind text that stays as it is until
	 * the statement is next reset, without a copy. */
	void      (*bind_text_ref)(tkt_stmt *s, int i, const char *v, size_t n);
};
/* SQLite is built in; PostgreSQL is the module tkt/pg.so (with libpq),
 * loaded when an address names it: the one symbol it exports. */
extern const struct tkt_backend tkt_sqlite_backend, tkt_pg_backend;

/* A statement of either backend starts with this. */
struct tkt_stmt {
	const struct tkt_backend *be;
	tkt_store                *st;
};

struct tkt_store {
	const struct tkt_backend *be;
	char    *path;             /* the address, as shown (no password) */
	void    *conn;             /* the backend's connection */
	int      in_tx;
	int      created;          /* this open made the store */
	void    *bulk;             /* the backend's state of a bulk load */
	struct {
		const char *sql;           /* a string literal: the key */
		tkt_stmt   *stmt;
	} cache[TKT_STMT_CACHE];
	int      ncache;
};

/* How long a writer waits for another one, in ms: $TKT_BUSY_TIMEOUT or
 * TKT_BUSY_MS; EX_CONFIG when it is not a number of milliseconds. */
int db_busy_timeout(int *ms);

/* Whether addr names a PostgreSQL store (postgresql:// or postgres://). */
int tkt_store_is_pg(const char *addr);

/* A step of the schema: SQL run in one transaction, taking the store from
 * version (index) to version (index + 1). */
struct tkt_migration {
	const char *sql;
};
extern const struct tkt_migration tkt_migrations[], tkt_pg_migrations[];
extern const int tkt_nmigrations, tkt_pg_nmigrations;

/* SQLite: bring the store to the last of the n migrations; refuse a newer
 * store.  tkt_sqlite_raw opens path without migrating it (for tests). */
int tkt_store_migrate(tkt_store *st, const struct tkt_migration *m, int n);
int tkt_sqlite_raw(tkt_store **st, const char *path);

/* The backend's SQL for what it writes its own way. */
#define db_sql(st, which) ((st)->be->sql[which])

/* Turn a backend's error code into a sysexits code and a message that
 * names the store; what says what was being done. */
int db_error(tkt_store *st, int rc, const char *what);
enum db_class db_classify(tkt_store *st, int rc);
const char *db_errmsg(tkt_store *st);

/* The prepared statement for a static SQL string, prepared once per store
 * and reset for reuse.  NULL on failure (the error is recorded). */
tkt_stmt *db_stmt(tkt_store *st, const char *sql);
/* Prepare dynamic SQL (never built from input text); finalize it.  Its
 * rows are streamed, not loaded at once. */
tkt_stmt *db_prepare(tkt_store *st, const char *sql);
void db_finalize(tkt_stmt *s);
void db_reset(tkt_stmt *s);

/* Bind by name (":name") or by number ("?N", from 1); a NULL text binds
 * NULL. */
void db_bind_text(tkt_stmt *s, const char *name, const char *v);
void db_bind_int(tkt_stmt *s, const char *name, int64_t v);
void db_bind_blob(tkt_stmt *s, const char *name, const void *v, size_t n);
void db_bind_null(tkt_stmt *s, const char *name);
int  db_nparams(tkt_stmt *s);
/* The number of parameter name; a missing one is a bug: abort. */
int  db_param(tkt_stmt *s, const char *name);
void db_bind_int_at(tkt_stmt *s, int i, int64_t v);
void db_bind_text_at(tkt_stmt *s, int i, const char *v, size_t n);
/* The same for text that stays as it is until s is next reset: the
 * backend may keep a pointer to it rather than a copy. */
void db_bind_text_ref_at(tkt_stmt *s, int i, const char *v, size_t n);
void db_bind_null_at(tkt_stmt *s, int i);
/* DB_ROW, DB_DONE, or the backend's error code for db_error. */
int  db_step(tkt_stmt *s);
/* Step a statement that returns no rows; 0 or an exit code. */
int  db_exec(tkt_store *st, tkt_stmt *s);
/* Run SQL text with no parameters (schema, pragmas). */
int  db_exec_sql(tkt_store *st, const char *sql);
/* Make the transaction just begun ready for many rows (tkt_import); end
 * that before it commits (keep: 0 or an exit code) or after it is rolled
 * back (keep 0). */
int  db_bulk_begin(tkt_store *st);
int  db_bulk_end(tkt_store *st, int keep);
/* Step s, a query of one id: *id gets the first column of its row, or 0
 * when it has none; s is reset.  Errors are the store's, while what. */
int  db_id(tkt_store *st, tkt_stmt *s, int64_t *id, const char *what);
/* Column values: NULL is 0 or a NULL text. */
int         db_null(tkt_stmt *s, int col);
int64_t     db_int(tkt_stmt *s, int col);
const char *db_text(tkt_stmt *s, int col);
/* A column of JSON, as compact text. */
const char *db_json(tkt_stmt *s, int col);
/* Column text as a new string (NULL stays NULL). */
char *db_dup(tkt_stmt *s, int col);

/* Filter internals: append the WHERE condition of f (over tickets t and
 * customers c) to sql, then bind its values to the prepared statement. */
void tkt_filter_where(tkt_store *st, const tkt_filter *f, tkt_buf *sql);
void tkt_filter_bind(const tkt_filter *f, tkt_stmt *s);
/* Load the filter's ids (tkt_filter_ids) into the temporary table its
 * condition reads; call before preparing a statement that uses it. */
int  tkt_filter_prepare(tkt_store *st, const tkt_filter *f);

/* SQL for how customer c is shown: "Name <email>", else the email, the
 * handle or the name. */
#define SQL_DISPLAY \
	"CASE WHEN c.name IS NOT NULL AND c.email IS NOT NULL" \
	" THEN c.name || ' <' || c.email || '>'" \
	" ELSE coalesce(c.email, c.handle, c.name, '?') END"

/* A mailbox as shown, as SQL_DISPLAY shows a customer: "Name <email>",
 * else the email.  Free it. */
char *tkt_mailbox_display(const char *name, const char *email);

/* The requester of ticket id as shown: "Name <email>", the email, the
 * handle or the name.  Free it. */
char *tkt_customer_display(tkt_store *st, int64_t customer);

/* Mark the ticket updated at at (never moves updated_at backwards). */
int tkt_ticket_touch(tkt_store *st, int64_t id, time_t at);

/* Where tkt is installed: what ("lib" for its library directory, "data"
 * for share/tkt) under the prefix of the program or library that holds
 * libtkt, when it is in that prefix's BINDIR or LIBDIR (so that an
 * install moved as a whole works, and the build tree too); else the
 * directory it was built for.  Free it. */
char *tkt_installed(const char *what);

/* Load the module tkt/NAME and return its symbol, an interface that
 * begins with an int equal to version; NULL (the error recorded, exit
 * EX_UNAVAILABLE) when it cannot. */
const void *tkt_module(const char *name, const char *symbol, const char *what, int version);

/* A mail the help desk sends, as plain data: the mail module only encodes
 * it.  Strings are UTF-8; a name may be "". */
struct tkt_mail_out {
	const char *from_name, *from;      /* the help desk */
	char       *to_name, *to;          /* a reply's customer */
	struct tkt_mailbox *cc;            /* a reply's followers */
	size_t      ncc;
	const char *subject;
	char       *message_id;            /* a reply's, without <> */
	time_t      at;                    /* its Date */
	char       *body;                  /* a reply's text */
	char       *in_reply_to;           /* "<id>" or NULL */
	const char *references;            /* "<id> <id>..." or NULL */
};

/* mime.c, the mail module (tkt/mime.so), loaded by mail.c on first use:
 * the one symbol it exports is tkt_mime.  It reads mail, and encodes what
 * the help desk sends, given as plain data: it never reads the store. */
#define TKT_MIME_VERSION 4
struct tkt_mime {
	struct tkt_module_head head;
	int  (*parse)(const char *raw, size_t len, const char *const *charsets,
	              const char *envelope, struct tkt_mail *m);
	int  (*reply)(const struct tkt_mail_out *m, char **out);
	char *(*digest)(const char *raw, size_t len);
	/* A document (a report) from the help desk to the list of addresses
	 * to: subject and at of m, a text and, when not NULL, HTML. */
	int  (*document)(const struct tkt_mail_out *m, const char *to, const char *text,
	                 const char *html, char **out);
};
extern const struct tkt_mime tkt_mime;

/* ---- metrics.c: a report's groups, for the page --------------------- */

/* Read the tickets once for reports of the same window and filter (only
 * the first may group by field.NAME). */
int  tkt_report_run_all(tkt_report **r, size_t n, tkt_store *st);
/* The groups in order (a time key has every day, week or month of the
 * window), their labels, and their values: 0 with *v, or -1 when a metric
 * has none. */
size_t      tkt_report_groups(tkt_report *r);
const char *tkt_report_label(const tkt_report *r, size_t g, int key);
int         tkt_report_get(tkt_report *r, size_t g, const char *metric, double *v);
/* A value of metric as the table shows it (for_people: 2h 05m, 85.0%) or
 * as TSV and JSON do (seconds, 85.0); -1 for no such metric. */
int         tkt_report_format(const char *metric, double v, int for_people, char *buf, size_t n);
/* A change d of metric, signed, as people read it (+2h 05m, -3, +4.5 pts
 * for a rate): 1; 0 and "" when it shows as none; -1 for no such metric. */
int         tkt_report_format_change(const char *metric, double d, char *buf, size_t n);
/* Tickets of group g past the target "first_reply", "next_reply" or
 * "resolution". */
int64_t     tkt_report_breaches(tkt_report *r, size_t g, const char *target);
/* The durations behind a median ("first_reply_median"), in no order. */
const uint32_t *tkt_report_durations(tkt_report *r, size_t g, const char *metric, size_t *n);

/* ---- chart.c: charts as SVG ------------------------------------------ */

struct tkt_series {
	const char   *name;
	const double *v;              /* one per category; NAN: none */
	const char   *colour;         /* "#2f6db5" */
};
struct tkt_chart_mark {
	double      at;               /* in categories from the left: 2.5 is mid third */
	const char *label;
};
enum tkt_chart_kind { TKT_CHART_BARS, TKT_CHART_LINE };
struct tkt_chart {
	const char              *id;           /* unique in the page */
	const char              *title, *desc; /* what a screen reader says */
	enum tkt_chart_kind      kind;
	const char *const       *labels;       /* of the categories, along the bottom */
	const char *const       *tips;         /* longer ones for tooltips, or NULL */
	size_t                   n;
	const struct tkt_series *series;
	size_t                   nseries;
	double                   ymin, ymax;   /* NAN: from zero to the largest value */
	int                      decimals;     /* of the values in tooltips */
	const char              *unit;         /* after them: "%", or NULL */
	const char              *axis_unit;    /* after the axis values, or NULL */
	const char              *xlabel;       /* under the labels, or NULL */
	int                      zero_is_value;/* a zero is data, not nothing */
	const char              *empty;        /* said when there is nothing */
	const struct tkt_chart_mark *marks;
	size_t                   nmarks;
};
void tkt_chart_svg(FILE *out, const struct tkt_chart *c);

#endif
