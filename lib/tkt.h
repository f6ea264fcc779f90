/*
 * tkt.h: the public interface of libtkt, the ticket, tag and metrics model
 * of the tkt help desk.  One section per concept, in the order the concepts
 * build on each other; each section names the file that defines it.
 *
 * Conventions:
 *  - Functions that can fail return 0 on success or a sysexits(3) code
 *    (EX_DATAERR, EX_NOINPUT, EX_TEMPFAIL, ...) and record a one-line
 *    message that tkt_errmsg() returns until the next failure.
 *  - Memory allocation never fails: on exhaustion the program ends with a
 *    message (tkt_malloc and friends).
 *  - Strings returned through "char **" are the caller's to free();
 *    "const char *" results belong to the object they came from.
 *  - Times are UTC seconds since the epoch (time_t).
 */
#ifndef TKT_H
#define TKT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sysexits.h>
#include <time.h>

#ifndef TKT_VERSION
#define TKT_VERSION "0.1.0"
#endif

#if defined(__GNUC__)
#define TKT_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define TKT_NORETURN     __attribute__((noreturn))
#else
#define TKT_PRINTF(f, a)
#define TKT_NORETURN
#endif

struct tkt_config;               /* config.c */

/* ---- util.c: errors, memory, growable buffers ------------------------- */

/* Record the message for the current failure and return code. */
int tkt_error(int code, const char *fmt, ...) TKT_PRINTF(2, 3);
/* The message recorded by the last tkt_error(); "" when there was none. */
const char *tkt_errmsg(void);
/* The code of the last tkt_error() (EX_SOFTWARE when there was none): what
 * a caller returns when a function that records its error returned NULL,
 * so that a store busy (75) or failing (74) is not reported as a bug. */
int tkt_errcode(void);

/* Allocators that end the program on exhaustion; free() what they return. */
void *tkt_malloc(size_t n);
void *tkt_calloc(size_t n, size_t size);
void *tkt_realloc(void *p, size_t n);
char *tkt_strdup(const char *s);
char *tkt_strndup(const char *s, size_t n);
char *tkt_asprintf(const char *fmt, ...) TKT_PRINTF(1, 2);

/* A file of tkt's in an XDG base directory: $XDG/tkt/name, where xdg
 * names the variable ("XDG_DATA_HOME"), else $HOME/fallback/tkt/name
 * (fallback ".local/share"); NULL without HOME.  Free it. */
char *tkt_xdg_path(const char *xdg, const char *fallback, const char *name);

/* mkdir -p, mode 0700: the directories of path; with last, path too.
 * EX_CANTCREAT or EX_IOERR naming the one that could not be made. */
int tkt_mkdirs(const char *path, int last);

/* A growable, always NUL-terminated byte buffer. */
typedef struct tkt_buf {
	char  *s;
	size_t len, cap;
} tkt_buf;
#define TKT_BUF_INIT { NULL, 0, 0 }
void  tkt_buf_add(tkt_buf *b, const void *p, size_t n);
void  tkt_buf_puts(tkt_buf *b, const char *s);
void  tkt_buf_putc(tkt_buf *b, int c);
void  tkt_buf_printf(tkt_buf *b, const char *fmt, ...) TKT_PRINTF(2, 3);
/* The contents as a string ("" when empty); the buffer keeps ownership. */
const char *tkt_buf_str(const tkt_buf *b);
/* Hand the string to the caller (free() it) and empty the buffer. */
char *tkt_buf_detach(tkt_buf *b);
void  tkt_buf_release(tkt_buf *b);

/* ---- text.c: what text the store accepts ------------------------------ */

#define TKT_BODY_MAX (4u << 20)   /* largest message body, bytes */

/* Offset of the first byte that is not valid UTF-8, or -1 when s[0..n) is
 * valid.  NUL bytes count as invalid. */
long tkt_utf8_check(const char *s, size_t n);
/* Check a message body given as s[0..n) (what names it in messages): UTF-8,
 * no NUL, not blank, at most TKT_BODY_MAX.  On success *out is a copy
 * without trailing white space (free it). */
int tkt_body_check(const char *what, const char *s, size_t n, char **out);
/* A word is what tags, types and groups are made of: lower-case letters
 * and digits (any script), '-', '_', ':' and '.', starting with a letter or
 * digit, at most 64 bytes.  Returns 1 when s is one. */
int tkt_word_valid(const char *s);
/* A one-line value (subject, name, assignee): valid UTF-8, no control
 * characters but tab, not blank. */
int tkt_line_valid(const char *s);

/* ---- time.c: times and durations -------------------------------------- */

/* Parse a time: ISO 8601 date (2026-11-23), date and time
 * (2026-11-23T09:30, 2026-11-23 09:30:00, with Z or +hh:mm; no zone means
 * the local zone of TZ), @EPOCH, "now", or a duration back from now (7d).
 * The time names the interval [*lo, *hi): a day for a date, a second
 * otherwise.  hi may be NULL.  Returns 0 or EX_DATAERR. */
int tkt_time_parse(const char *s, time_t now, time_t *lo, time_t *hi);
/* Parse a duration: one or more NUMBER UNIT pairs, units s, m, h, d, w
 * (90m, 24h, 1d12h).  Returns 0 or EX_DATAERR. */
int tkt_duration_parse(const char *s, int64_t *secs);
/* ISO 8601 UTC text of t, "2026-11-23T09:30:00Z", written into buf. */
const char *tkt_time_iso(time_t t, char buf[static 32]);
/* Short text of a duration in its largest whole unit: 45s, 12m, 5h, 3d,
 * 2w; written into buf. */
const char *tkt_duration_str(int64_t secs, char buf[static 32]);
/* The current time, or $TKT_NOW when set (for reproducible runs):
 * EX_CONFIG when $TKT_NOW is not a time. */
int tkt_now(time_t *now);

/* ---- store.c: opening, migrating, transactions ------------------------ */

typedef struct tkt_store tkt_store;

#define TKT_SCHEMA_VERSION 4
#define TKT_BUSY_MS        5000   /* default busy timeout; $TKT_BUSY_TIMEOUT */

enum tkt_open_mode {
	TKT_READ,    /* to read: the store must exist */
	TKT_WRITE,   /* to change: it must exist and be writable */
	TKT_CREATE,  /* to add: create it (and its parents) when missing */
};

/* The store path from $TKT_DB, else $XDG_DATA_HOME/tkt/tkt.db, else
 * ~/.local/share/tkt/tkt.db.  Free the result. */
char *tkt_store_default_path(void);
/* Open the store at path, creating (TKT_CREATE) and migrating its schema
 * forward as needed.  Refuses a file that is not a tkt store and a store
 * made by a newer version.  *st is NULL on failure. */
int  tkt_store_open(tkt_store **st, const char *path, enum tkt_open_mode mode);
/* Roll back any open transaction and close.  NULL is allowed. */
void tkt_store_close(tkt_store *st);
/* Close, and remove the store if this open created it: what a command
 * that failed as a whole does, so a new store is not left behind. */
void tkt_store_discard(tkt_store *st);
const char *tkt_store_path(const tkt_store *st);
/* The schema version the store is at (its PRAGMA user_version). */
int  tkt_store_version(tkt_store *st);
/* BEGIN IMMEDIATE: the one write transaction of a command. */
int  tkt_begin(tkt_store *st);
int  tkt_commit(tkt_store *st);
/* Roll back the open transaction, if any. */
void tkt_rollback(tkt_store *st);

/* ---- customer.c: requesters ------------------------------------------- */

/* A requester as written: "Name <email>", a bare email, "@handle" or a
 * name.  Members are owned by the struct (tkt_person_release). */
struct tkt_person {
	char *name, *email, *handle;
};
int  tkt_person_parse(const char *s, struct tkt_person *p);
void tkt_person_release(struct tkt_person *p);
/* The customer id for a requester, creating the customer when new.  The
 * same customer is the one with the same email (in any case), else the
 * same handle, else the same name when neither has an email or a handle;
 * a known email or handle completes a missing name. */
int  tkt_customer_get(tkt_store *st, const char *requester, int64_t *id);
/* The same for a requester already read (with a phone number for a new
 * customer, or NULL). */
int  tkt_customer_of(tkt_store *st, const struct tkt_person *p, const char *phone, int64_t *id);
/* Returns 1 when s looks like a deliverable email address. */
int  tkt_email_valid(const char *s);
/* What the requester of a ticket had before it: their tickets created
 * earlier (at an earlier time, or at the same time with a smaller id;
 * tkt-ls requester=EMAIL lists them all), how many of those are not
 * solved or closed, and the last rating given on them. */
struct tkt_history {
	int64_t earlier, open;
	char    rating[8];       /* the last rating's kind, "" when none */
	int     score;           /* and its score */
};
int  tkt_customer_history(tkt_store *st, int64_t ticket, struct tkt_history *h);

/* ---- ticket.c: tickets and their attributes --------------------------- */

extern const char *const tkt_statuses[];     /* NULL-terminated, in order */
/* What a status means (status.c): a customer waits for the help desk in
 * an active one (new, open, on-hold); a done one (solved, closed) ends
 * the ticket.  0 for a name that is no status. */
int tkt_status_active(const char *status);
int tkt_status_done(const char *status);
/* The statuses, "new, open, ...", for messages.  A static string. */
const char *tkt_status_names(void);
extern const char *const tkt_priorities[];
extern const char *const tkt_channels[];
/* Index of s in a NULL-terminated list, or -1. */
int tkt_enum_index(const char *const *list, const char *s);

/* Parse "42" or "#42".  Returns 0, or EX_DATAERR for anything else. */
int tkt_id_parse(const char *s, int64_t *id);

struct tkt_ticket_new {
	const char  *subject;
	const char  *requester;          /* as tkt_person_parse reads it */
	const char  *channel;            /* NULL: "api" */
	const char  *priority;           /* NULL: "normal" */
	const char  *type, *group, *assignee, *template_name;
	const char *const *fields;       /* "name=value" words */
	size_t       nfields;
	const char *const *tags;
	size_t       ntags;
	const char  *body;               /* the customer's message, or NULL */
	int          outbound;           /* the body is the agent's, written to
	                                    the customer on their behalf */
	const char  *actor;              /* who opened it */
	time_t       at;
};
/* Check what a new ticket is given (subject, requester, channel,
 * priority, type, group, assignee, tags, field words) without a store, so
 * a tool can refuse bad input before it opens or creates one. */
int tkt_ticket_validate(const struct tkt_ticket_new *t);
/* Create a ticket with status "new", its opening message, fields, tags
 * and the events recording its initial attributes.  Must run inside a
 * transaction.  *id receives the new ticket's id. */
int tkt_ticket_create(tkt_store *st, const struct tkt_ticket_new *t, int64_t *id);
/* 0 when ticket id exists, else EX_NOINPUT naming it. */
int tkt_ticket_exists(tkt_store *st, int64_t id);
/* 0 when ticket id exists and at is not before its creation; EX_NOINPUT
 * for a missing ticket, EX_DATAERR for a time before it existed. */
int tkt_ticket_check(tkt_store *st, int64_t id, time_t at);

/* One change word of tkt-tag: "+tag", "-tag", "key=value" for status,
 * priority, type, assignee, group or field.NAME, or "cc+=ADDRESS" and
 * "cc-=ADDRESS" for a follower ("Name <addr>" or addr). */
enum tkt_change_op { TKT_TAG_ADD, TKT_TAG_DEL, TKT_SET, TKT_CC_ADD, TKT_CC_DEL };
struct tkt_change {
	enum tkt_change_op op;
	char        key[80];     /* attribute name, "field.NAME", or the tag */
	const char *value;       /* points into the word; "" clears */
};
/* Parse and validate a change word.  Returns 0, EX_USAGE for a word that
 * is not a change, EX_DATAERR for a value outside its set. */
int tkt_change_parse(const char *word, struct tkt_change *c);
/* Apply a change to ticket id, logging an event when something changed. */
int tkt_change_apply(tkt_store *st, int64_t id, const struct tkt_change *c,
                     const char *actor, time_t at);
/* Set one attribute (status, priority, type, assignee, group) with its
 * rules and events: a solve stamps the solve time, leaving solved or
 * closed is a reopen.  A NULL or "" value clears type, assignee, group. */
int tkt_ticket_set(tkt_store *st, int64_t id, const char *key,
                   const char *value, const char *actor, time_t at);

/* A ticket read back whole (tkt_ticket_load), for showing. */
struct tkt_message {
	int64_t id;
	char   *author, *kind, *channel, *body;
	time_t  at;
	int64_t spent;           /* recorded work time, seconds; 0 if none */
	char   *quoted;          /* the quoted history of a mail, or NULL */
	char   *attachments;     /* "name, type, N bytes" lines, or NULL */
	char   *from;            /* the mail's sender, "Name <addr>" or addr, or NULL */
	int     unverified;      /* mail from a sender not on the ticket, kept as a note */
	char   *outbox;          /* a reply for mail: queued, sending, sent, failed; or NULL */
	int64_t attempts;        /* how often it was handed to sendmail */
	char   *send_error;      /* why the last attempt failed, or NULL */
};
struct tkt_pair { char *name, *value; };
struct tkt_ticket {
	int64_t id;
	char   *subject, *status, *priority, *type, *channel, *assignee,
	       *group, *template_name, *requester;
	time_t  created, updated, solved;   /* solved: 0 when not solved */
	struct tkt_pair    *fields;  size_t nfields;
	char              **tags;    size_t ntags;
	char              **followers;  /* "Name <addr>" or addr, NULL-terminated */
	struct tkt_message *msgs;    size_t nmsgs;
};
int  tkt_ticket_load(tkt_store *st, int64_t id, struct tkt_ticket *t);
void tkt_ticket_release(struct tkt_ticket *t);
/* The ticket as one JSON object: attributes, requester, fields, tags,
 * messages, events and ratings, times in ISO 8601 UTC.  Free *json. */
int  tkt_ticket_json(tkt_store *st, int64_t id, char **json);

/* ---- message.c: the thread -------------------------------------------- */

enum tkt_kind { TKT_CUSTOMER, TKT_AGENT, TKT_NOTE, TKT_SYSTEM };
extern const char *const tkt_kinds[];

struct tkt_message_new {
	int64_t       ticket;
	enum tkt_kind kind;
	const char   *channel;   /* NULL: the ticket's channel */
	const char   *author;    /* NULL for a customer: the requester */
	const char   *body;
	time_t        at;
	int64_t       spent;     /* agent work time, seconds */
	const char   *mail_id;   /* Message-ID, unique in the store, or NULL */
	const char   *from_name, *from_addr;  /* who sent it by mail, or NULL */
	int           unverified;/* a note of mail from a sender not on the ticket */
};
/* Add a message and apply its status rules: the first public agent reply
 * moves "new" to "open" (and assigns an unassigned ticket to its author);
 * a customer message reopens a solved or closed ticket and moves a pending
 * one back to "open".  *id (may be NULL) receives the message id. */
int tkt_message_add(tkt_store *st, const struct tkt_message_new *m, int64_t *id);

/* Mail from a sender who is not on ticket id, kept as its unverified
 * note n (1 is its first message, as tkt-show numbers them): accepted,
 * it becomes the sender's customer message (the sender a follower, a
 * solved ticket reopened); split, it leaves for a ticket of the
 * sender's own, opened at its time, whose id *created receives. */
int tkt_message_accept(tkt_store *st, int64_t id, int64_t n, const char *actor, time_t at);
int tkt_message_split(tkt_store *st, int64_t id, int64_t n, const char *actor, time_t at,
                      int64_t *created);

/* ---- follower.c: who follows a ticket besides its requester ------------ */

/* What a mail address is to a ticket (compared without regard to case). */
enum tkt_party { TKT_PARTY_NONE, TKT_PARTY_REQUESTER, TKT_PARTY_FOLLOWER };
int tkt_party(tkt_store *st, int64_t id, const char *email, enum tkt_party *party);
/* Add email (name may be NULL) as a follower of ticket id, logged as a
 * "cc" event; *changed (may be NULL) tells whether it was new.  The
 * requester is not a follower of their own ticket: EX_DATAERR. */
int tkt_follower_add(tkt_store *st, int64_t id, const char *name, const char *email,
                     const char *actor, time_t at, int *changed);
int tkt_follower_remove(tkt_store *st, int64_t id, const char *email, const char *actor,
                        time_t at, int *changed);
/* The followers of ticket id as "Name <addr>" or addr, in the byte order
 * of their addresses, NULL-terminated: free with tkt_strv_free. */
int tkt_followers(tkt_store *st, int64_t id, char ***list);

/* ---- outbox.c: replies that leave by mail -------------------------------- */

#define TKT_OUTBOX_LEASE 600     /* seconds a sender holds a reply it sends */
extern const char *const tkt_outbox_states[]; /* queued, sending, sent, failed */
/* Queue message (an agent reply with its Message-ID) to be sent, in the
 * transaction that adds it. */
int tkt_outbox_queue(tkt_store *st, int64_t message, time_t at);
/* The replies due to be sent, oldest first: all those queued (or whose
 * sender died, its claim older than TKT_OUTBOX_LEASE), or with n
 * tickets, theirs, their failed replies queued again with their attempts
 * afresh.  Free *messages. */
int tkt_outbox_due(tkt_store *st, const int64_t *tickets, size_t n, time_t now,
                   int64_t **messages, size_t *count);
/* How one attempt went. */
struct tkt_sent {
	int64_t     message, ticket;
	int         attempts;    /* with this one */
	int         sent;        /* the sendmail command took it */
	int         failed;      /* not sent, and no attempts left: marked failed */
	const char *error;       /* why not, when not sent */
};
typedef void (*tkt_sent_fn)(const struct tkt_sent *r, void *ctx);
/* Send each of messages still waiting to be: claim it (a transaction),
 * render it as mail (tkt_mail_reply), hand it to the sendmail command,
 * and record the outcome (another transaction): sent; or, not sent,
 * queued again with the error, or failed after c->mail.attempts.  A
 * reply another sender holds is skipped.  fn (may be NULL) hears of each
 * attempt.  Returns 0, or the store's error (the replies not tried stay
 * queued). */
int tkt_outbox_send(tkt_store *st, const struct tkt_config *c, const int64_t *messages,
                    size_t n, time_t now, tkt_sent_fn fn, void *ctx);

/* ---- tag.c: tags ------------------------------------------------------ */

/* Add or remove a tag; *changed (may be NULL) tells whether it did. */
int tkt_tag_add(tkt_store *st, int64_t id, const char *tag, const char *actor,
                time_t at, int *changed);
int tkt_tag_remove(tkt_store *st, int64_t id, const char *tag,
                   const char *actor, time_t at, int *changed);

/* ---- event.c: the audit log ------------------------------------------- */

/* Log that what (status, priority, type, assignee, group, tag, reopen)
 * went from old to new (either may be NULL) by actor at at. */
int tkt_event_add(tkt_store *st, int64_t ticket, const char *what,
                  const char *old, const char *new_value, const char *actor,
                  time_t at);

/* ---- rating.c: survey answers ----------------------------------------- */

struct tkt_rating {
	char kind[8];            /* csat, nps, agent */
	int  score;
};
/* Parse "csat=1..5", "nps=0..10" or "agent=1..10". */
int tkt_rating_parse(const char *word, struct tkt_rating *r);
/* Is score on the scale of kind?  EX_DATAERR, saying which, when not. */
int tkt_rating_check(const char *kind, long long score);
/* Record a rating; an agent rating is credited to the ticket's assignee. */
int tkt_rating_add(tkt_store *st, int64_t id, const struct tkt_rating *r,
                   const char *comment, time_t at);

/* ---- filter.c: the filter words --------------------------------------- */

typedef struct tkt_filter tkt_filter;

/* An empty filter (matches every ticket).  now is the time relative
 * durations count from; me is what the value "me" stands for. */
tkt_filter *tkt_filter_new(time_t now, const char *me);
void        tkt_filter_free(tkt_filter *f);
/* Returns 1 when word looks like a filter word (key/op/value, +tag, -tag),
 * so tools can tell filters from other arguments. */
int tkt_filter_is_word(const char *word);
/* 0 when it does; else EX_USAGE, with the message for one that does not. */
int tkt_filter_word_check(const char *word);
/* Add one word; all words must hold.  EX_USAGE for a word that does not
 * parse (unknown key or operator) and past the limits below, EX_DATAERR
 * for a bad value. */
#define TKT_FILTER_MAX_WORDS  200     /* words in one filter */
#define TKT_FILTER_MAX_VALUES 10000   /* values in all its words */
int tkt_filter_add(tkt_filter *f, const char *word);
/* Keep only the tickets with these ids (as read from stdin). */
void tkt_filter_ids(tkt_filter *f, const int64_t *ids, size_t n);
/* Whether the filter has SLA words (breach=, due), which need the
 * configuration's targets and clock (tkt_filter_config) to be listed. */
int  tkt_filter_has_sla(const tkt_filter *f);
void tkt_filter_config(tkt_filter *f, const struct tkt_config *c);

/* A row of a ticket listing; strings belong to the listing. */
struct tkt_row {
	int64_t     id;
	const char *status, *priority, *requester, *subject;
	time_t      created;
	const char *json;        /* the row as JSON when asked, else NULL */
};
typedef int (*tkt_row_fn)(const struct tkt_row *row, void *ctx);

/* Sort keys for tkt_ticket_list: id, created, updated, priority, status,
 * age, waiting, subject, requester, assignee. */
int tkt_sort_valid(const char *key);

struct tkt_list_opts {
	const char *sort;        /* NULL: id */
	int         reverse;
	int64_t     limit;       /* 0: no limit */
	int         json;        /* fill row->json */
	int         ids_only;    /* fill row->id only (the rest NULL or 0) */
};
/* Call fn for each ticket matching f, in order; stops early when fn
 * returns non-zero and returns that value.  *count (may be NULL) receives
 * how many rows were passed to fn. */
int tkt_ticket_list(tkt_store *st, const tkt_filter *f,
                    const struct tkt_list_opts *o, tkt_row_fn fn, void *ctx,
                    int64_t *count);

/* ---- values.c: the values a key has in the store ---------------------- */

/* 0 when tkt_values knows key: tag, assignee, group, type, template,
 * field (the names of the custom fields) or field.NAME (the values of
 * the field NAME); else EX_USAGE naming them. */
int tkt_values_key_check(const char *key);
/* The distinct values key has in the store, in byte order, as a
 * NULL-terminated list: free it with tkt_strv_free.  EX_USAGE for a key
 * tkt_values_key_check refuses. */
int tkt_values(tkt_store *st, const char *key, char ***values);

/* ---- out.c: writers --------------------------------------------------- */

/* Write s as one TSV field: tabs, newlines and other control characters
 * become spaces. */
void tkt_out_field(FILE *fp, const char *s);
/* Write s as a JSON string literal, quotes included. */
void tkt_out_json_str(FILE *fp, const char *s);
/* Write s as HTML (or XML) text or attribute value: & < > " ' as
 * references, control characters as spaces, bytes that are not UTF-8 as
 * U+FFFD. */
void tkt_out_html(FILE *fp, const char *s);
/* Flush fp and report a write error as EX_IOERR naming what. */
int  tkt_out_flush(FILE *fp, const char *what);

/* ---- term.c: output for a person at a terminal ------------------------- */

/* --color: auto (when stdout is a terminal and $NO_COLOR is unset or
 * empty, and $TERM is not dumb), always, never. */
enum tkt_color { TKT_COLOR_AUTO, TKT_COLOR_ALWAYS, TKT_COLOR_NEVER };
/* Parse a --color value: 0, or EX_USAGE saying what it may be. */
int tkt_color_parse(const char *s, enum tkt_color *c);

/* What output to stdout should look like. */
struct tkt_term {
	int    tty;              /* stdout is a terminal: relative times, a pager */
	int    color;            /* colour by meaning */
	time_t now;              /* what relative times count back from */
};
void tkt_term_init(struct tkt_term *t, enum tkt_color c, time_t now);

/* What a colour means: a status, a priority, a message's kind. */
enum tkt_paint { TKT_PAINT_STATUS, TKT_PAINT_PRIORITY, TKT_PAINT_KIND };
/* The SGR sequence that starts value's colour ("new", "urgent",
 * "customer"...) and the one that ends it; both "" without colour or for
 * a value that has none. */
const char *tkt_term_on(const struct tkt_term *t, enum tkt_paint what, const char *value);
const char *tkt_term_off(const struct tkt_term *t, enum tkt_paint what, const char *value);
/* Write value as tkt_out_field does, in its colour. */
void tkt_term_field(const struct tkt_term *t, FILE *fp, enum tkt_paint what, const char *value);

/* Write byte c of a text (a message body): on a terminal, control
 * characters other than newline and tab as spaces, so that what a
 * customer wrote cannot drive the terminal. */
void tkt_term_putc(const struct tkt_term *t, FILE *fp, int c);

/* How long ago at was, for people: "just now" (within a minute), "2h ago",
 * "3d ago", or "in 5m" for a time after now; written into buf. */
const char *tkt_term_ago(time_t at, time_t now, char buf[static 32]);
/* A time: tkt_term_ago on a terminal, else ISO 8601 (tkt_time_iso). */
const char *tkt_term_time(const struct tkt_term *t, time_t at, char buf[static 32]);
/* The age of what began at at: tkt_term_ago on a terminal, else the
 * duration since (tkt_duration_str). */
const char *tkt_term_age(const struct tkt_term *t, time_t at, char buf[static 32]);

/* On a terminal, send stdout through the pager: $TKT_PAGER, else $PAGER,
 * else "less -FRX" (when less is installed); an empty one or cat means
 * none.  The pager decides whether output is long enough to page. */
void tkt_term_page(const struct tkt_term *t);
/* Whether the pager has quit (the person pressed q): more output is
 * pointless.  0 when there is no pager. */
int  tkt_term_gone(void);
/* Give the pager the rest of stdout and wait until it quits; stdout is
 * the terminal again.  A pager that quit early is no error; one that
 * could not be run is EX_CONFIG.  0 without a pager.  tkt_cli_finish and
 * exit call it. */
int  tkt_term_close(void);

/* ---- yaml.c: YAML files as trees ------------------------------------- */

#define TKT_YAML_MAX       (1 << 20)   /* largest YAML file, bytes */
#define TKT_YAML_DEPTH_MAX 32          /* deepest nesting */

enum tkt_yaml_kind { TKT_YAML_SCALAR, TKT_YAML_MAP, TKT_YAML_SEQ };

/* A node and where it starts (1-based line and column). */
struct tkt_yaml {
	enum tkt_yaml_kind kind;
	int               line, col;
	char             *value;     /* a scalar's text */
	int               plain;     /* a scalar written without quotes */
	int               block;     /* a block scalar (| or >) */
	size_t            n;         /* list items or mapping entries */
	struct tkt_yaml **items;     /* the items, or the mapping's values */
	struct tkt_yaml **keys;      /* the mapping's keys (scalars) */
};
/* Parse one YAML document; name is used in messages ("file:line:col:
 * what", exit EX_CONFIG).  Refuses more than TKT_YAML_MAX bytes, nesting
 * deeper than TKT_YAML_DEPTH_MAX, aliases, duplicate keys and non-scalar
 * keys.  Free *root with tkt_yaml_free. */
int  tkt_yaml_parse(const char *name, const char *text, size_t len, struct tkt_yaml **root);
/* The same for a file. */
int  tkt_yaml_load(const char *path, struct tkt_yaml **root);
/* The same, but a file that fails to parse leaves in *root (when not
 * NULL) what was read before the failure: free it. */
int  tkt_yaml_load_partial(const char *path, struct tkt_yaml **root);
void tkt_yaml_free(struct tkt_yaml *n);
/* Fail with EX_CONFIG, the message placed at node at of file:
 * "FILE:LINE:COL: message". */
int  tkt_yaml_fail(const char *file, const struct tkt_yaml *at, const char *fmt, ...)
	TKT_PRINTF(3, 4);
/* The value of key in a mapping, or NULL. */
const struct tkt_yaml *tkt_yaml_get(const struct tkt_yaml *map, const char *key);
/* "a scalar", "a mapping" or "a list", for messages. */
const char *tkt_yaml_kind_name(enum tkt_yaml_kind k);

/* ---- template.c, form.c, reply-template.c, render.c: the templates ----- */

extern const char *const tkt_field_types[];  /* text, number, date, email, choice */

/* A template name is a plain lower-case name: [a-z0-9][a-z0-9_-]*, never a
 * path.  Returns 1 when name is one. */
int    tkt_template_name_valid(const char *name);
/* The template directories in search order: each of $TKT_TEMPLATES
 * (colon-separated), $XDG_CONFIG_HOME/tkt/templates (~/.config/...), the
 * installed share/tkt/templates.  Free with tkt_strv_free. */
char **tkt_template_dirs(void);
void   tkt_strv_free(char **v);
/* The file of template name of kind ("incident", "reply"): the first on
 * the search path.  EX_USAGE for a bad name, EX_NOINPUT when none. */
int    tkt_template_path(const char *kind, const char *name, char **path);
/* Call fn for each template of kind on the search path (the first of each
 * name), in name order; stops when fn returns non-zero. */
typedef int (*tkt_template_fn)(const char *name, const char *path, void *ctx);
int    tkt_template_list(const char *kind, tkt_template_fn fn, void *ctx);
/* Check a template file of either kind; *problems (when not NULL) gets
 * every problem, one "file:line:column: what" line each.  EX_CONFIG when
 * there is one. */
int    tkt_template_check(const char *path, char **problems);

struct tkt_field_def {
	char   *name, *label, *type, *help, *pattern;
	int     required;
	char  **choices;
	size_t  nchoices;
	void   *re;          /* the compiled pattern (pcre2_code) */
};
struct tkt_form {
	char   *name, *path, *title, *description, *subject;
	char   *priority, *type, *group;       /* defaults, or NULL */
	char  **tags;
	size_t  ntags;
	struct tkt_field_def *fields;
	size_t  nfields;
	char   *ack;         /* the reply template that acknowledges, or NULL */
	int     ack_always;  /* acknowledge at once without --ack */
};
struct tkt_var_def {
	char *name, *help, *def;
};
struct tkt_reply {
	char   *name, *path, *title, *description, *body;
	char   *status;      /* the status to set after sending, or NULL */
	int64_t due;         /* {{due}} is this long from now, 0: none */
	struct tkt_var_def *vars;
	size_t  nvars;
};
/* Load a form or reply template by name from the search path; a file with
 * problems is EX_CONFIG naming the first one. */
int  tkt_form_load(const char *name, struct tkt_form **f);
void tkt_form_free(struct tkt_form *f);
int  tkt_reply_load(const char *name, struct tkt_reply **r);
void tkt_reply_free(struct tkt_reply *r);
/* The field of the form called name, or NULL. */
const struct tkt_field_def *tkt_form_field(const struct tkt_form *f, const char *name);
/* Check a value for a field (type, choice, pattern); *norm gets the value
 * to store.  EX_DATAERR naming the field. */
int  tkt_field_check(const struct tkt_field_def *fd, const char *value, char **norm);
/* Ask for a field at a terminal until a valid value (or EOF) comes. */
int  tkt_form_prompt(const struct tkt_form *f, const struct tkt_field_def *fd, FILE *in,
                     FILE *out, char **value);

/* What a form adds to a new ticket; the strings are the struct's. */
struct tkt_filled {
	char  **fields;      /* "name=value" words */
	size_t  nfields;
	char  **tags;
	size_t  ntags;
	char   *subject;
};
/* Fill t from form f and the "name=value" words given for its fields:
 * each word's field must exist and its value pass tkt_field_check; a
 * missing required field is asked for when in and out are given (a
 * terminal), else an error naming it.  Sets t's subject (from the form's
 * pattern, unless t has one), priority, type and group (unless set), tags
 * (the form's and t's), fields and template name. */
int  tkt_form_fill(const struct tkt_form *f, const char *const *words, size_t nwords,
                   FILE *in, FILE *out, struct tkt_ticket_new *t, struct tkt_filled *hold);
void tkt_filled_release(struct tkt_filled *hold);

/* Look up a variable for tkt_render: 0 with *value (malloc'd, NULL or ""
 * when it has none), or EX_USAGE when name is unknown. */
typedef int (*tkt_vars_fn)(const char *name, char **value, void *ctx);
/* Render text, replacing each {{name}} (or {{name|fallback}}) by its
 * value.  A variable without a value and without a fallback is
 * EX_DATAERR; an unknown one EX_CONFIG.  tname names the template. */
int  tkt_render(const char *tname, const char *text, tkt_vars_fn lookup, void *ctx,
                char **out);
/* Render reply template r for ticket id: customer.*, ticket.*, agent.name
 * (agent), field.NAME, due (now + r->due unless given) and the template's
 * own variables, given as "name=value" words in vars. */
int  tkt_reply_render(tkt_store *st, const struct tkt_reply *r, int64_t id,
                      const char *agent, time_t now, const char *const *vars,
                      size_t nvars, char **body);
/* Send reply template r as message m (its ticket, kind, author, channel,
 * time, work time and mail id; m->body is ignored): render it, add it,
 * then set the status to status, else to the template's status, if any.
 * *id (may be NULL) receives the message id. */
int  tkt_reply_post(tkt_store *st, const struct tkt_reply *r,
                    const struct tkt_message_new *m, const char *const *vars,
                    size_t nvars, const char *status, int64_t *id);
/* Check "name=value" words for r's variables (and due): EX_USAGE for a
 * name r does not have. */
int  tkt_reply_vars_check(const struct tkt_reply *r, const char *const *vars, size_t nvars);

/* Print "name<TAB>title" for each template of kind, in name order. */
int  tkt_template_print_list(const char *kind, FILE *out);
/* Print template name of kind for people: tkt_form_print or
 * tkt_reply_print. */
int  tkt_template_show(const char *kind, const char *name, FILE *out);
/* Print a form (its defaults and fields) or a reply template for people. */
void tkt_form_print(const struct tkt_form *f, FILE *out);
void tkt_reply_print(const struct tkt_reply *r, FILE *out);

/* ---- config.c: business hours and SLA targets -------------------------- */

struct tkt_hours {
	int start, end;          /* seconds after local midnight */
};
/* The targets of one priority, in seconds; business: on the business
 * clock, else the calendar's. */
struct tkt_sla {
	int64_t first_reply, next_reply, update, resolution;
	int     business;
};
/* What mail that names a ticket does when its sender is not on the
 * ticket (neither its requester, a follower nor an agent). */
enum tkt_strangers {
	TKT_STRANGER_NOTE,       /* an internal note, marked unverified */
	TKT_STRANGER_NEW,        /* a ticket of the sender's own */
	TKT_STRANGER_REJECT,     /* kept in the rejected directory only */
};
/* An agent of the team: the login tkt knows them by, their name, the
 * addresses they write from, their groups. */
struct tkt_agent {
	char  *login, *name;
	char **addresses;        /* NULL-terminated */
	char **groups;           /* NULL-terminated */
};
/* The likely charsets of text that does not say its own, in order:
 * detection weighs each (beside uchardet's answer); on a tie the first
 * wins. */
#define TKT_MAIL_CHARSETS \
	"windows-1253", "iso-8859-7", "windows-1250", "iso-8859-2", "iso-8859-16", "windows-1252"
#define TKT_MAIL_ATTEMPTS 10
struct tkt_config {
	char            *path;       /* NULL: the built-in defaults */
	char            *timezone;   /* of the business hours; NULL: $TZ */
	struct tkt_hours hours[7][4];/* by weekday, 0 = Sunday */
	int              nhours[7];
	int             *holidays;   /* YYYYMMDD, in the order given */
	size_t           nholidays;
	struct tkt_sla   sla[4];     /* by priority: low, normal, high, urgent */
	struct {                     /* the mail channel */
		char  *address, *name;   /* the help desk's own, for replies */
		char **own;              /* every address of its own: mail from them loops */
		size_t nown;
		int    keep_auto;        /* keep automatic mail as a system message */
		char  *sendmail;         /* the command replies are piped to */
		char  *rejected;         /* where mail that cannot be stored is kept */
		char  *attachments;      /* where attachments are saved; NULL: the store */
		char **charsets;         /* likely charsets of undeclared text, in order */
		enum tkt_strangers strangers; /* mail naming a ticket it is not on */
		int    attempts;         /* sends of a reply before it is marked failed */
	} mail;
	struct tkt_agent *agents;    /* the team (agents:), in the order given */
	size_t           nagents;
};
/* $TKT_CONFIG, else $XDG_CONFIG_HOME/tkt/config.yaml, else
 * ~/.config/tkt/config.yaml.  Free it. */
char *tkt_config_default_path(void);
/* Load the configuration from path, or from the default path when NULL
 * (a missing default file means the built-in defaults: Monday to Friday
 * 09:00-17:00, no holidays, the documented targets).  EX_CONFIG with
 * file:line:column for a bad file. */
int  tkt_config_load(const char *path, struct tkt_config **c);
void tkt_config_free(struct tkt_config *c);
/* Returns 1 when tz names a time zone of the system's database. */
int  tkt_zone_valid(const char *tz);
/* The rejected-mail directory (mail: rejected:) the configuration at
 * path (NULL: the default path) names, read from a file that does not
 * load too, as far as it can be read: so that mail is kept whatever is
 * wrong with the rest.  NULL when none.  Free it. */
char *tkt_config_rejected(const char *path);
/* The agent of the team who writes from addr (compared without regard
 * to case), or NULL. */
const struct tkt_agent *tkt_config_agent_by_address(const struct tkt_config *c, const char *addr);
/* Whether addr is one of the help desk's own (mail: address: and
 * addresses:), compared without regard to case. */
int  tkt_config_own_address(const struct tkt_config *c, const char *addr);

/* ---- hours.c: the business clock -------------------------------------- */

typedef struct tkt_clock tkt_clock;

/* A business clock for configuration c (which must outlive it). */
tkt_clock *tkt_clock_new(const struct tkt_config *c);
void       tkt_clock_free(tkt_clock *k);
/* The seconds of business hours in [from, to): the weekly hours in the
 * configuration's time zone, less its holidays; 0 when to <= from. */
int64_t    tkt_clock_business(tkt_clock *k, time_t from, time_t to);

/* ---- metrics.c: the help desk's numbers -------------------------------- */

/* What a report covers and how it is read. */
struct tkt_report_opts {
	time_t                   since, until;  /* the window [since, until) */
	const char              *by;            /* "agent,week", or NULL */
	const char              *metrics;       /* "csat,first_reply", or NULL: all */
	int                      business;      /* durations in business hours */
	const struct tkt_config *config;        /* hours and targets */
	const tkt_filter        *filter;        /* the tickets, or NULL: all */
};
typedef struct tkt_report tkt_report;

/* A report for o (which, with its config and filter, must outlive it):
 * EX_DATAERR for a window that ends before it starts, EX_USAGE for an
 * unknown grouping key or metric. */
int  tkt_report_new(const struct tkt_report_opts *o, tkt_report **r);
/* Read the tickets of the store once and compute every metric. */
int  tkt_report_run(tkt_report *r, tkt_store *st);
/* Write the report as "table", "tsv", "csv" (RFC 4180) or "json" (a line
 * per group). */
int  tkt_report_write(tkt_report *r, FILE *out, const char *format);
void tkt_report_free(tkt_report *r);
int  tkt_report_format_valid(const char *format);
/* The value of metric for the group labelled label of a report grouped by
 * one key: 0 with *v, -1 when it has none (no such group, a rate of
 * nothing). */
int  tkt_report_value(tkt_report *r, const char *label, const char *metric, double *v);

/* ---- page.c: the report as a page -------------------------------------- */

typedef struct tkt_page tkt_page;
struct tkt_checklist;

/* A page for the window and filter of o (its by and metrics unused):
 * headline tiles against the window of the same length before it, charts
 * of the window by day and week, agents, SLA breaches by priority.  scope
 * (may be NULL) says which tickets in words; now is when it is made.
 * Errors as tkt_report_new's. */
int  tkt_page_new(const struct tkt_report_opts *o, const char *scope, time_t now, tkt_page **p);
/* Read the store: the window's tickets once for every chart, the window
 * before once, and with a checklist (may be NULL) the agents' QA scores
 * from the reviews of the window. */
int  tkt_page_run(tkt_page *p, tkt_store *st, const struct tkt_checklist *cl);
/* One self-contained HTML document: inline CSS and SVG, no script,
 * nothing fetched; every chart with a title and a description. */
int  tkt_page_html(tkt_page *p, FILE *out);
/* The same numbers as plain text, and then the whole table of metrics. */
int  tkt_page_text(tkt_page *p, FILE *out);
/* The page as a mail from the help desk to the comma-separated addresses
 * of to, with the text as its plain alternative; subject NULL: the
 * title.  Errors as tkt_mail_document's. */
int  tkt_page_mail(tkt_page *p, const struct tkt_config *c, const char *to, const char *subject,
                   char **out);
void tkt_page_free(tkt_page *p);

/* ---- checklist.c, qa.c: the QA checklist and its checks ---------------- */

enum tkt_qa_applies { QA_FIRST, QA_EVERY, QA_ANY, QA_LAST, QA_TICKET };
enum tkt_qa_check {
	QA_PHRASES, QA_ABSENT, QA_NAME, QA_JARGON, QA_MANUAL,
	QA_ON_TIME, QA_CATEGORISED, QA_UPDATES,           /* the ticket's */
};
enum tkt_qa_verdict { QA_PASS, QA_FAIL, QA_NA, QA_UNREVIEWED };
extern const char *const tkt_qa_verdicts[];         /* "pass", "fail", ... */

struct tkt_qa_item {
	char  *id, *title, *hint;
	double weight;
	int    applies;          /* enum tkt_qa_applies */
	int    check;            /* enum tkt_qa_check */
	int    where;            /* 0 anywhere, 1 the first line, 2 the last lines */
	int    must_pass;
	void  *re;               /* phrases and patterns (pcre2_code) */
};
struct tkt_checklist {
	char               *path, *title;
	double              min;             /* the score a ticket should reach */
	double              max_density;     /* of jargon in a reply */
	void               *jargon;          /* pcre2_code */
	struct tkt_qa_item *items;
	size_t              nitems;
};
/* Load a checklist from path, or qa/checklist.yaml on the template path
 * when NULL.  EX_CONFIG with file:line:column for a bad one. */
int  tkt_checklist_load(const char *path, struct tkt_checklist **cl);
void tkt_checklist_free(struct tkt_checklist *cl);
const struct tkt_qa_item *tkt_checklist_item(const struct tkt_checklist *cl, const char *id);

/* A check session over a store: the checklist, and the targets reached by
 * the tickets of filter f (a report of their histories up to now). */
struct tkt_qa {
	tkt_store                  *st;
	const struct tkt_checklist *checklist;
	tkt_report                 *report;
	void                       *md;      /* pcre2_match_data */
};
int  tkt_qa_open(struct tkt_qa *q, tkt_store *st, const struct tkt_checklist *cl,
                 const struct tkt_config *config, const tkt_filter *f, time_t now);
void tkt_qa_close(struct tkt_qa *q);

/* A ticket's verdicts, one per item of the checklist, with evidence. */
struct tkt_qa_result {
	int64_t id;
	char   *agent;           /* the assignee */
	double  score;           /* 0..100, or -1 when nothing was decided */
	int     must_fail;       /* a must-pass item failed */
	size_t  nitems;
	int    *verdict;         /* enum tkt_qa_verdict */
	char  **evidence;
};
/* Check ticket id; with draft, as if draft were its next agent reply.
 * Verdicts a person recorded override the automatic ones. */
int  tkt_qa_ticket(struct tkt_qa *q, int64_t id, const char *draft, struct tkt_qa_result *res);
void tkt_qa_result_release(struct tkt_qa_result *res);
/* Record a verdict ("pass", "fail", "na") on item of ticket id: source
 * "person" (a review) or "auto" (a saved check). */
int  tkt_review_add(tkt_store *st, int64_t id, const char *item, const char *verdict,
                    const char *source, const char *evidence, const char *reviewer, time_t at);
/* Save an automatic result: its decided verdicts as "auto" reviews. */
int  tkt_qa_save(tkt_store *st, const struct tkt_checklist *cl,
                 const struct tkt_qa_result *res, const char *reviewer, time_t at);

enum tkt_qa_format {
	TKT_QA_LINE,             /* id, score, agent, failed items, tab-separated */
	TKT_QA_EXPLAIN,          /* every item's verdict and evidence */
	TKT_QA_HINTS,            /* the failed items with their hints */
	TKT_QA_JSON,             /* one object */
};
/* ---- compose.c: a message written in the agent's editor ----------------- */

/* Open $VISUAL, else $EDITOR, else vi (on the terminal) on draft; *out
 * gets the text above its cut line, trimmed.  A draft left unsaved, or
 * empty, is EX_DATAERR ("nothing stored"); an editor that fails,
 * EX_UNAVAILABLE. */
int  tkt_edit(const char *draft, char **out);
struct tkt_compose {
	int64_t     ticket;          /* whose thread is quoted below the cut (0: none) */
	const char *initial;         /* the text to start from, or NULL */
	const char *what;            /* what is written: "the reply" */
	const struct tkt_checklist *checklist;  /* lint with it, then ask (NULL: do not) */
	const struct tkt_config    *config;
	time_t      now;
};
/* Compose a message in the editor; with a checklist, show the draft's
 * verdict (tkt_qa_draft) on stderr and ask on the terminal to store it,
 * edit it again or abort (EX_DATAERR). */
int  tkt_compose(tkt_store *st, const struct tkt_compose *c, char **body);

/* Check draft, a reply to ticket id, and write the verdict to out (as
 * qa-check --draft does: a line with the score, then the failed items with
 * their hints, or JSON); *below says whether it is below min (negative:
 * the checklist's) or fails an item that must pass. */
int  tkt_qa_draft(tkt_store *st, const struct tkt_checklist *cl, const struct tkt_config *config,
                  int64_t id, const char *draft, time_t now, double min, int json, FILE *out,
                  int *below);
void tkt_qa_write(FILE *out, const struct tkt_checklist *cl, const struct tkt_qa_result *res,
                  enum tkt_qa_format format);

/* An agent's QA score from the reviews of a window, and of the window of
 * the same length before it (-1 when none). */
struct tkt_qa_agent {
	const char *agent;
	int64_t     tickets;
	double      score, before;
};
typedef void (*tkt_qa_agent_fn)(const struct tkt_qa_agent *a, void *ctx);
int  tkt_qa_by_agent(tkt_store *st, const struct tkt_checklist *cl, time_t since,
                     time_t until, tkt_qa_agent_fn fn, void *ctx);

/* ---- mail.c: the mail channel ------------------------------------------ */

struct tkt_attachment {
	char  *name;             /* the file name (never a path), or NULL */
	char  *type;             /* its MIME type */
	void  *data;
	size_t size;
};
/* A mailbox: a display name (NULL when none) and an address. */
struct tkt_mailbox {
	char *name, *addr;
};
/* A mail message as tkt reads it; strings are UTF-8 and owned. */
struct tkt_mail {
	char  *from_name, *from_addr;    /* who wrote it: From, else Sender,
	                                    else the envelope sender, else Reply-To */
	struct tkt_mailbox *rcpt;        /* the mailboxes of To and Cc */
	size_t nrcpt;
	char  *subject;          /* decoded, one line */
	char  *message_id;       /* without <>; made from the content if missing */
	char **refs;             /* In-Reply-To and References, NULL-terminated */
	size_t nrefs;
	int    auto_reply;       /* Auto-Submitted, Precedence bulk/junk/list ... */
	char  *body;             /* the new text */
	char  *quoted;           /* the quoted history below it, or NULL */
	struct tkt_attachment *att;
	size_t natt;
};
enum tkt_delivery {
	TKT_MAIL_NEW,            /* opened a ticket */
	TKT_MAIL_ADDED,          /* added to the ticket it answers */
	TKT_MAIL_DUPLICATE,      /* delivered before: nothing done */
	TKT_MAIL_DROPPED,        /* from the help desk itself or automatic */
	TKT_MAIL_UNVERIFIED,     /* from a stranger: a note on the ticket it names */
	TKT_MAIL_REJECTED,       /* from a stranger: nothing stored (strangers: reject) */
};
/* Read one RFC 5322 message (with GMime): EX_DATAERR when it has no
 * headers or no sender address.  Text that does not declare its charset
 * (or declares us-ascii over 8-bit bytes, or one iconv does not know),
 * and raw 8-bit header values, are read by detection: UTF-8 when they
 * are, else for headers the charset the message's text is in, else the
 * best reading among the charsets of c (mail: charsets:, NULL for the
 * defaults) and the one uchardet names; envelope (may be NULL) is the
 * sender the mail server gives, for a message without a usable From or
 * Sender. */
int   tkt_mail_parse(const char *raw, size_t len, const struct tkt_config *c,
                     const char *envelope, struct tkt_mail *m);
void  tkt_mail_release(struct tkt_mail *m);
/* Readable text from HTML: tags out, entities in, block ends as new
 * lines.  Free it. */
char *tkt_html_text(const char *html);
/* Split a message's text into what is new and the quoted history below
 * it (NULL when nothing is quoted).  Free both. */
void  tkt_mail_split(const char *text, char **fresh, char **quoted);
/* Deliver a parsed message: a duplicate Message-ID does nothing; mail
 * from the help desk's own addresses or sent automatically is dropped (or
 * kept as a system message on the ticket it answers).  A message that
 * names a ticket ([#ID] in the subject, or a Message-ID of the ticket in
 * In-Reply-To/References) joins it by who sent it (the address decides,
 * never the name): from the requester or a follower, a customer message
 * in their name (reopening a solved ticket); from an agent of the team,
 * their reply when it went to the requester too, else their note; from
 * anyone else, what c->mail.strangers says (an unverified note, a ticket
 * of their own, or TKT_MAIL_REJECTED with nothing stored).  Any other
 * opens a ticket.  The To and Cc of a customer's mail, but the help desk
 * and its agents, become followers.  Every message keeps its sender.
 * Attachments are stored, or saved under the configured directory.  Run
 * it inside a transaction. */
int   tkt_mail_deliver(tkt_store *st, const struct tkt_mail *m, const struct tkt_config *c,
                       const char *actor, time_t at, int64_t *ticket, enum tkt_delivery *what);
/* Keep a message that is not stored in dir, the rejected-mail directory
 * (mail: rejected:), under a name made of its content: kept twice, it is
 * one file.  *path is where.  EX_CONFIG when dir is NULL. */
int   tkt_mail_reject(const char *dir, const char *raw, size_t len, char **path);
/* A new Message-ID for a reply on ticket, in the help desk's domain. */
char *tkt_mail_new_id(const struct tkt_config *c, int64_t ticket);
/* Reply message (a message id) as an RFC 5322 message: from the help
 * desk, to the requester, "Re: SUBJECT [#ID]", threaded with
 * In-Reply-To and References, UTF-8 text encoded for 7-bit transport. */
int   tkt_mail_reply(tkt_store *st, const struct tkt_config *c, int64_t message, char **out);
/* A mail for people from the help desk (mail: address:) to the
 * comma-separated addresses of to: the text, and with html (may be NULL)
 * the HTML as its alternative (multipart/alternative), dated at.
 * EX_CONFIG without the help desk's address, EX_USAGE for an address that
 * does not parse. */
int   tkt_mail_document(const struct tkt_config *c, const char *to, const char *subject,
                        const char *text, const char *html, time_t at, char **out);
/* Write message text to out as one message of an mbox: a From_ line
 * dated at (UTC), lines starting with From (after any >) quoted with >, a
 * blank line. */
void  tkt_mail_mbox(FILE *out, const char *text, time_t at);
/* Hand message text to the configured sendmail command: 0, or
 * EX_TEMPFAIL when the command did not take it (did not run, or exited
 * other than 0). */
int   tkt_mail_send(const struct tkt_config *c, const char *text);
/* The exit status of a tool that stored a reply for mail but could not
 * send it: it stays queued (tkt_outbox_due). */
#define TKT_EXIT_UNSENT 3

/* ---- batch.c: tickets in bulk, as JSON Lines ---------------------------- */

/* Write each ticket of f, in id order, as one JSON object per line: the
 * tkt-show --json form with attachment data (hex) and waiting_since, so
 * that tkt_import gives the same store back.  *count gets the number. */
int tkt_export(tkt_store *st, const tkt_filter *f, FILE *out, int64_t *count);
/* Read tickets as tkt_export writes them, keeping their ids, in one
 * transaction or, with chunk, in transactions of chunk tickets, each all
 * or nothing.  fn (may be NULL) hears of the ids of each chunk just before
 * it is committed, and may refuse it (a non-zero return: the chunk is
 * rolled back and the import ends with that code); progress (may be NULL)
 * gets a count now and then; *committed (may be NULL) gets how many
 * tickets were committed.  A line that does not parse is EX_DATAERR
 * naming its number. */
typedef int (*tkt_import_fn)(const int64_t *ids, size_t n, void *ctx);
int tkt_import(tkt_store *st, FILE *in, size_t chunk, tkt_import_fn fn, void *ctx,
               FILE *progress, size_t *committed);

/* ---- cli.c: what every tool shares ------------------------------------ */

/* The --help lines of the options every tool takes. */
#define TKT_COMMON_HELP \
	"      --db STORE            the store: a file, or a postgresql:// URI\n" \
	"                            (default $TKT_DB, else $XDG_DATA_HOME/tkt/tkt.db)\n" \
	"      --as NAME             act as agent NAME (default $TKT_AGENT, else the login)\n" \
	"      --at TIME             time of the action: ISO 8601 or @EPOCH (default now)\n" \
	"  -h, --help                show this help and exit\n" \
	"      --version             show the version and exit\n"

/* An option of a tool: short letter (or a value above 255 for long-only
 * options), long name, and whether it takes an argument. */
struct tkt_opt {
	int         key;
	const char *name;
	int         arg;
};

/* The state of a tool: its name and usage, the common options (--db,
 * --as, --at, --json, -q, -h, --version) once parsed, and its store. */
struct tkt_cli {
	const char           *prog;
	const char           *usage;    /* full --help text */
	const struct tkt_opt *opts;
	int                   dash_words; /* "-word" is a word, not an option */
	int                   argc, argi, only_words;
	char                **argv;
	const char           *db;       /* --db, or NULL for the default */
	const char           *agent;    /* --as, $TKT_AGENT or the login */
	time_t                now;      /* --at, or now */
	int                   at_given;
	int                   json, quiet;
	int                   exit_as;  /* when set, every failure exits with it */
	tkt_store            *store;
	tkt_filter           *filter;   /* tkt_cli_filter's, freed at exit */
};

enum { TKT_OPT_END = -1, TKT_OPT_WORD = 0 };

void tkt_cli_init(struct tkt_cli *cli, int argc, char **argv, const char *prog,
                  const char *usage, const struct tkt_opt *opts, int dash_words);
/* The next option of the tool (its key, with *arg set when it takes one),
 * TKT_OPT_WORD with *arg the word, or TKT_OPT_END.  Handles the common
 * options itself; exits 64 for an unknown option or a missing argument. */
int  tkt_cli_next(struct tkt_cli *cli, const char **arg);
/* Print "prog: message" and exit 64 (or cli->exit_as). */
TKT_NORETURN void tkt_cli_usage(struct tkt_cli *cli, const char *fmt, ...) TKT_PRINTF(2, 3);
/* Print "prog: tkt_errmsg()" and go on. */
void tkt_cli_warn(struct tkt_cli *cli);
/* Print "prog: tkt_errmsg()", roll back and close the store, exit code
 * (or cli->exit_as when set: the delivery agent's "try again later"). */
TKT_NORETURN void tkt_cli_fail(struct tkt_cli *cli, int code);
/* Open the store (--db, $TKT_DB or the default) into cli->store; 0 or
 * the error, for a tool that handles it itself. */
int tkt_cli_try_open(struct tkt_cli *cli, enum tkt_open_mode mode);
/* Open the store (--db, $TKT_DB or the default) or fail. */
tkt_store *tkt_cli_open(struct tkt_cli *cli, enum tkt_open_mode mode);
/* The filter of the words (as --at and --as set now and me), or fail
 * naming the word that does not parse.  The cli owns it. */
tkt_filter *tkt_cli_filter(struct tkt_cli *cli, const char *const *words, size_t n);
/* Begin the command's one write transaction, or fail. */
void tkt_cli_begin(struct tkt_cli *cli);
/* Flush stdout, then commit, or fail: a command prints what it did
 * before it commits, so output that cannot be written stores nothing. */
void tkt_cli_commit(struct tkt_cli *cli);
/* Flush stdout: 0, or EX_IOERR with the message set (a reader that has
 * gone ends the process quietly, by SIGPIPE). */
int  tkt_cli_flush(void);
/* Zeroed memory that lives until the tool exits (freed then, on every
 * path out): for what main collects from its arguments. */
void *tkt_cli_calloc(size_t n, size_t size);
/* The ids on stdin: the first token of each line ("42", "#42"), blank
 * lines skipped; *n receives their number.  A bad token fails naming its
 * line; none at all is a usage error.  Lives until exit. */
int64_t *tkt_cli_stdin_ids(struct tkt_cli *cli, size_t *n);
/* Where a body may come from besides -m and -F: not stdin; stdin when it
 * is not a terminal; the same, but a blank stdin means no body. */
enum tkt_body_from { TKT_BODY_ARGS, TKT_BODY_STDIN, TKT_BODY_STDIN_OPTIONAL };
/* All of fp, at most max bytes (more is an error naming what); *len gets
 * the length.  Lives until exit. */
char *tkt_cli_read_all(struct tkt_cli *cli, FILE *fp, const char *what, size_t max,
                       size_t *len);
/* Read a message body: the -m texts joined by blank lines, else file
 * (-F; "-" is stdin), else stdin as from allows.  Checks it with
 * tkt_body_check.  Returns NULL when no body was given; the body lives
 * until exit. */
char *tkt_cli_body(struct tkt_cli *cli, const char *const *m, size_t nm,
                   const char *file, enum tkt_body_from from);
/* Print an id a writer touched: "42", or {"id":42} with --json; nothing
 * with -q. */
void tkt_cli_print_id(struct tkt_cli *cli, int64_t id);
/* Close the store, wait for the pager (tkt_term_close) and check that
 * stdout was written; returns status, or the error's code. */
int  tkt_cli_finish(struct tkt_cli *cli, int status);

/* A tool that does several things has a table of its modes: the option
 * that chooses each (the first in the table whose option is given runs;
 * the last, of key 0, when none is), the function that runs it, and what
 * it takes.  main records what it was given: the options' keys and, for
 * its words, their TKT_ARG_ kinds.  tkt_cli_mode checks that against the
 * table, and says a conflict as a usage error in one of three ways, the
 * same words in every tool:
 *   "A and B exclude each other: WHY"  an option the mode does not take,
 *                                      or two options a rule keeps apart
 *                                      (WHY: the mode's or rule's, if any);
 *   "A goes with B"                    an option only other modes take;
 *   "A needs NEED: use it with B"      one a rule says needs another. */
enum {
	TKT_ARG_IDS = -2,        /* "ticket ids" */
	TKT_ARG_STDIN = -3,      /* "'-'": the ids are on stdin */
	TKT_ARG_FILTER = -4,     /* "filter words" */
	TKT_ARG_TAGS = -5,       /* "tags" (+TAG) */
	TKT_ARG_FILES = -6,      /* "files" */
	TKT_ARG_ANY = -7,        /* in a mode's lists: anything at all */
};
/* Options a and b of a mode exclude each other, for a reason (why, or
 * NULL); or, with need ("a form", what b gives a), a needs b. */
struct tkt_rule {
	int         a, b;
	const char *need, *why;
};
struct tkt_mode {
	int                    key;      /* the option that chooses it, or 0 */
	int                  (*run)(struct tkt_cli *cli, void *args);
	const int             *takes;    /* what it uses; 0-ended */
	const int             *ignores;  /* what it takes without using; 0-ended */
	const struct tkt_rule *rules;    /* { 0 }-ended */
	const char            *why;      /* what it takes, in a word, or NULL */
};
/* The mode of the keys given (0-ended), or exit 64 saying the conflict. */
const struct tkt_mode *tkt_cli_mode(struct tkt_cli *cli, const struct tkt_mode *modes,
                                    const int *given);
/* Exit 64 saying that a and b exclude each other. */
TKT_NORETURN void tkt_cli_conflict(struct tkt_cli *cli, int a, int b);
/* The mode of --list-templates (name NULL) and --show-template name: the
 * templates of kind listed, or the one shown; returns tkt_cli_finish's. */
int tkt_cli_templates(struct tkt_cli *cli, const char *kind, const char *name);

#endif
