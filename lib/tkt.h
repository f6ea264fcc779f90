/*
 * tkt.h: the public interface of libtkt, the ticket, tag and metrics model
 * of the tkt help desk: open a store; create, change and read tickets,
 * their messages, tags and followers; list them through filters; compute
 * reports; check replies against the QA checklist; export and import.
 * Every function declared here, and nothing else, is exported by
 * libtkt.so (lib/libtkt.map lists them; libtkt(3) documents them).  One
 * section per concept, in the order the concepts build on each other;
 * each names the file that defines it.
 *
 * Conventions:
 *  - Functions that can fail return 0 on success or a sysexits(3) code
 *    (EX_DATAERR, EX_NOINPUT, EX_TEMPFAIL, ...) and record a one-line
 *    message that tkt_errmsg() returns until the next failure in the
 *    same thread.  Nothing in the library exits the process.
 *  - Memory allocation never fails: on exhaustion the library calls the
 *    handler set with tkt_on_oom (by default: a message, then abort).
 *  - Strings returned through "char **" are the caller's to free();
 *    "const char *" results belong to the object they came from.
 *  - Times are UTC seconds since the epoch (time_t).
 *  - A store (tkt_store) is used by one thread at a time.
 *
 * Where each rule of the domain lives, once:
 *  - the statuses, their order, which are active or done, what a reply
 *    and a customer's message do to them: TKT_STATUS_LIST (tkt-int.h),
 *    read by status.c (C) and as the SQL fragments TKT_SQL_ACTIVE,
 *    TKT_SQL_DONE and TKT_SQL_STATUS_ORDER;
 *  - every status transition: tkt_status_after (status.c), applied by
 *    message.c and ticket.c;
 *  - what is a reply (an agent's public message that is not the opening
 *    of an outbound ticket): messages.opening, marked once by
 *    tkt_opening_mark and read as TKT_SQL_REPLY (tkt-int.h);
 *  - who is the same customer: tkt_customer_of (customer.c);
 *  - the schema: the migrations of store-sqlite.c and store-pg-schema.c.
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

/* What is declared below is libtkt's API: exported; the rest is hidden
 * (the library is built with -fvisibility=hidden). */
#if defined(__GNUC__)
#pragma GCC visibility push(default)
#endif

/* The version of the library, as "0.1.0". */
const char *tkt_version(void);

/* ---- util.c: errors and memory ----------------------------------------- */

/* Call fn (which must not return) when memory is exhausted, with the
 * size asked for; NULL restores the default (a message, then abort). */
void tkt_on_oom(void (*fn)(size_t n));

struct tkt_config;               /* config.c */

/* The message of the last failure in this thread; "" when there was none. */
const char *tkt_errmsg(void);
/* The code of the last failure (EX_SOFTWARE when there was none): what
 * a caller returns when a function that records its error returned NULL,
 * so that a store busy (75) or failing (74) is not reported as a bug. */
int tkt_errcode(void);

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

#define TKT_SCHEMA_VERSION 10
#define TKT_BUSY_MS        5000   /* default busy timeout; $TKT_BUSY_TIMEOUT */

enum tkt_open_mode {
	TKT_READ,    /* to read: the store must exist */
	TKT_WRITE,   /* to change: it must exist and be writable */
	TKT_CREATE,  /* to add: create it (and its parents) when missing */
};

/* The store path from $TKT_DB, else $XDG_DATA_HOME/tkt/tkt.db, else
 * ~/.local/share/tkt/tkt.db (the home from $HOME, else the password
 * database).  Free the result; NULL (EX_CONFIG, said) when there is no
 * home. */
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
/* Another ticket named by one: its id, status and subject. */
struct tkt_ref { int64_t id; char *status, *subject; };
struct tkt_ticket {
	int64_t id;
	char   *subject, *status, *priority, *type, *channel, *assignee,
	       *group, *template_name, *requester;
	time_t  created, updated, solved;   /* solved: 0 when not solved */
	struct tkt_pair    *fields;  size_t nfields;
	char              **tags;    size_t ntags;
	char              **followers;  /* "Name <addr>" or addr, NULL-terminated */
	struct tkt_message *msgs;    size_t nmsgs;
	int64_t merged_into;         /* the ticket it was merged into, or 0 */
	int64_t problem;             /* the problem it is an incident of, or 0 */
	struct tkt_ref     *incidents;  size_t nincidents;  /* a problem's */
	struct tkt_ref     *merged;     size_t nmerged;     /* merged into it */
};
int  tkt_ticket_load(tkt_store *st, int64_t id, struct tkt_ticket *t);
void tkt_ticket_release(struct tkt_ticket *t);
/* The ticket as one JSON object: attributes, requester, fields, tags,
 * messages, events and ratings, times in ISO 8601 UTC.  Free *json. */
int  tkt_ticket_json(tkt_store *st, int64_t id, char **json);

/* ---- link.c: merges, problems and incidents ----------------------------- */
/* The ticket a reference to id stands for: id, or the ticket id was
 * merged into.  EX_NOINPUT when there is no ticket id. */
int tkt_ticket_resolve(tkt_store *st, int64_t id, int64_t *live);
/* Merge the n tickets sources into target, one after the other, in the
 * caller's transaction: each source's messages (with their attachments),
 * ratings and reviews move to the target; its tags, fields (where the target has none of the name)
 * and followers join the target's, and its requester follows the target
 * when they are someone else; the target begins when the earlier of the
 * two did.  A problem's incidents go along to the target; tickets merged
 * into the source are merged into the target.  The source is closed with
 * merged_into set; a system message and an event ("merged", "merge") on
 * each side say so.  EX_DATAERR for a merge into itself, from or into a
 * merged ticket, of a problem into an incident, or of another problem's
 * incident into a problem; EX_NOINPUT for a missing ticket. */
int tkt_merge(tkt_store *st, const int64_t *sources, size_t n, int64_t target,
              const char *actor, time_t at);
/* Make ticket incident an incident of problem (0: of none, unlinked),
 * logged as a "problem" event.  EX_DATAERR when problem is itself an
 * incident or merged, incident has incidents of its own or is merged, or
 * (unlinking) is no incident; EX_NOINPUT for a missing ticket. */
int tkt_link(tkt_store *st, int64_t incident, int64_t problem, const char *actor, time_t at);
/* The incidents of problem in id order, all or only those not solved or
 * closed: *ids (free it) and *n.  EX_DATAERR when it has none at all: it
 * is no problem. */
int tkt_incidents(tkt_store *st, int64_t problem, int open_only, int64_t **ids, size_t *n);

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
	int           keep_status;/* no status rules (a customer's survey answer) */
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

/* ---- rating.c: survey answers ----------------------------------------- */

struct tkt_rating {
	char kind[8];            /* csat, nps, agent, ces */
	int  score;
};
/* Parse "KIND=SCORE" of a kind above, the score on its scale. */
int tkt_rating_parse(const char *word, struct tkt_rating *r);
/* Is score on the scale of kind?  EX_DATAERR, saying which, when not. */
int tkt_rating_check(const char *kind, long long score);
/* Record a rating; an agent rating is credited to the ticket's assignee. */
int tkt_rating_add(tkt_store *st, int64_t id, const struct tkt_rating *r,
                   const char *comment, time_t at);

/* ---- filter.c, list.c: the filter words and the ticket listing -------- */

typedef struct tkt_filter tkt_filter;

/* An empty filter (matches every ticket).  now is the time relative
 * durations count from; me is what the value "me" stands for. */
tkt_filter *tkt_filter_new(time_t now, const char *me);
void        tkt_filter_free(tkt_filter *f);
/* Returns 1 when word looks like a filter word (key/op/value, +tag, -tag),
 * so tools can tell filters from other arguments. */
int tkt_filter_is_word(const char *word);
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

/* Bytes [at, at + len) of a text: where a word searched for is. */
struct tkt_span {
	size_t at, len;
};
/* A line of a ticket's text that matches a search (text~ and the other
 * search words), and where in it the words are. */
struct tkt_snippet {
	char            *text;
	struct tkt_span *spans;
	size_t           nspans;
};

/* A ticket's SLA targets at a time (those of its priority in the
 * configuration, each on its clock), in the order first reply, next
 * reply, update, resolution: which apply to it now, the seconds left to
 * each on its clock, and when each is due; broken: a bit (1 << target)
 * for each whose time has passed; next: the one due first, or -1 when
 * none applies (a solved or closed ticket). */
struct tkt_due {
	int     applies[4];
	int64_t left[4];
	time_t  at[4];
	int     broken;
	int     next;
};

/* A row of a ticket listing; strings belong to the listing. */
struct tkt_row {
	int64_t     id;
	const char *status, *priority, *requester, *subject;
	time_t      created;
	const char *json;        /* the row as JSON when asked, else NULL */
	const struct tkt_snippet *snippet;  /* when asked, and the filter
	                                       searches text: the line that
	                                       matches best; else NULL */
	const struct tkt_due *due;          /* when asked, else NULL */
};
typedef int (*tkt_row_fn)(const struct tkt_row *row, void *ctx);

/* Sort keys for tkt_ticket_list: id, created, updated, priority, status,
 * age, waiting, subject, requester, assignee, due (the soonest due first,
 * those with nothing due last; it needs the configuration, by
 * tkt_filter_config), and rank (the most relevant first, for a filter
 * that searches text). */
int tkt_sort_valid(const char *key);

struct tkt_list_opts {
	const char *sort;        /* NULL: id */
	int         reverse;
	int64_t     limit;       /* 0: no limit */
	int         json;        /* fill row->json */
	int         ids_only;    /* fill row->id only (the rest NULL or 0) */
	int         snippets;    /* fill row->snippet */
	int         due;         /* fill row->due (with the filter's
	                            configuration, tkt_filter_config) */
};
/* Call fn for each ticket matching f, in order; stops early when fn
 * returns non-zero and returns that value.  *count (may be NULL) receives
 * how many rows were passed to fn. */
int tkt_ticket_list(tkt_store *st, const tkt_filter *f,
                    const struct tkt_list_opts *o, tkt_row_fn fn, void *ctx,
                    int64_t *count);

/* ---- values.c: the values a key has in the store ---------------------- */

/* 0 when tkt_values knows key: tag, assignee, group, type, template,
 * requester (as tkt-ls shows them), field (the names of the custom
 * fields) or field.NAME (the values of the field NAME); else EX_USAGE
 * naming them. */
int tkt_values_key_check(const char *key);
/* The distinct values key has in the store, in byte order, as a
 * NULL-terminated list: free it with tkt_strv_free.  EX_USAGE for a key
 * tkt_values_key_check refuses. */
int tkt_values(tkt_store *st, const char *key, char ***values);

/* ---- template.c: incident forms and reply templates ------------------- */

/* Free a NULL-terminated list of strings (tkt_followers, tkt_values). */
void tkt_strv_free(char **v);

/* ---- config.c: business hours and SLA targets -------------------------- */

/* $TKT_CONFIG, else $XDG_CONFIG_HOME/tkt/config.yaml (else
 * ~/.config/tkt/config.yaml) when it exists, else the first of
 * $XDG_CONFIG_DIRS/tkt/config.yaml (by default /etc/xdg) and
 * SYSCONFDIR/tkt/config.yaml that exists, else the user's path.
 * Free it. */
char *tkt_config_default_path(void);
/* Load the configuration from path, or from the default path when NULL
 * (a missing default file means the built-in defaults: Monday to Friday
 * 09:00-17:00, no holidays, the documented targets).  EX_CONFIG with
 * file:line:column for a bad file. */
int  tkt_config_load(const char *path, struct tkt_config **c);
void tkt_config_free(struct tkt_config *c);

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
 * nothing); EX_USAGE for a name that is no metric (tkt-metrics(7)). */
int  tkt_report_value(tkt_report *r, const char *label, const char *metric, double *v);

/* ---- checklist.c, qa.c: the QA checklist and its checks ---------------- */

struct tkt_checklist;

enum tkt_qa_verdict { QA_PASS, QA_FAIL, QA_NA, QA_UNREVIEWED };
extern const char *const tkt_qa_verdicts[];         /* "pass", "fail", ... */

/* Load a checklist from path, or qa/checklist.yaml on the template path
 * when NULL.  EX_CONFIG with file:line:column for a bad one. */
int  tkt_checklist_load(const char *path, struct tkt_checklist **cl);
void tkt_checklist_free(struct tkt_checklist *cl);

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
/* A check session over a store: the checklist, and the targets reached by
 * the tickets of filter f (which, with cl and config, must outlive it)
 * as their histories stand at now. */
struct tkt_qa;
int  tkt_qa_new(struct tkt_qa **q, tkt_store *st, const struct tkt_checklist *cl,
                const struct tkt_config *config, const tkt_filter *f, time_t now);
void tkt_qa_free(struct tkt_qa *q);
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

/* ---- export.c, import.c: tickets in bulk, as JSON Lines ----------------- */

/* Write each ticket of f, in id order, as one JSON object per line: the
 * tkt-show --json form with attachment data (hex) and waiting_since, so
 * that tkt_import gives the same store back.  *count gets the number. */
int tkt_export(tkt_store *st, const tkt_filter *f, FILE *out, int64_t *count);
/* Read tickets as tkt_export writes them (tkt-batch(5)), in one
 * transaction or, with chunk, in transactions of chunk tickets, each all
 * or nothing.  A history is taken as the tools would have written it:
 * one without events is replayed by their rules (the status each message
 * brings, the first reply's assignment, the customer's wait), ending in
 * the status the line names, set by actor at the time it was solved (or
 * of the last activity); one with events is checked against them (each
 * status change from the status before, the last one the line's status,
 * a solve time exactly when solved or closed).  trust takes a history as
 * given (a restore).  renumber gives the tickets the ids after the
 * store's highest, keeps each one's own as its field source_id, and
 * follows the links between them.  fn (may be NULL) hears of the ids of
 * each chunk just before it is committed, and may refuse it (a non-zero
 * return: the chunk is rolled back and the import ends with that code);
 * progress (may be NULL) gets a count now and then; *committed (may be
 * NULL) gets how many tickets were committed.  A line refused is
 * EX_DATAERR naming its number (or, with where, what where says of it)
 * and each of its problems. */
typedef int (*tkt_import_fn)(const int64_t *ids, size_t n, void *ctx);
struct tkt_import_opts {
	size_t        chunk;
	int           trust, renumber;
	const char   *actor;
	tkt_import_fn fn;
	void         *ctx;
	FILE         *progress;
	const char *(*where)(size_t line, void *where_ctx);
	void         *where_ctx;
};
int tkt_import(tkt_store *st, FILE *in, const struct tkt_import_opts *o, size_t *committed);

#if defined(__GNUC__)
#pragma GCC visibility pop
#endif

#endif
