/*
 * tkt-int.h: the inside of libtkt, shared by its files and its unit tests,
 * never installed.  Every SQL statement of the library goes through the
 * helpers below.
 */
#ifndef TKT_INT_H
#define TKT_INT_H

#include "tkt.h"

/* ---- util.c: errors, memory, growable buffers ------------------------- */

/* Record the message for the current failure and return code. */
int tkt_error(int code, const char *fmt, ...) TKT_PRINTF(2, 3);

/* Allocators that end the program on exhaustion; free() what they return. */
void *tkt_malloc(size_t n);
void *tkt_calloc(size_t n, size_t size);
void *tkt_realloc(void *p, size_t n);
char *tkt_strdup(const char *s);
char *tkt_strndup(const char *s, size_t n);
char *tkt_asprintf(const char *fmt, ...) TKT_PRINTF(1, 2);

/* The home directory: $HOME when it is an absolute path, else the
 * password database's; NULL when neither has one. */
const char *tkt_home(void);
/* A file of tkt's in an XDG base directory: $XDG/tkt/name, where xdg
 * names the variable ("XDG_DATA_HOME"), else $HOME/fallback/tkt/name
 * (fallback ".local/share"), the home as tkt_home gives it; NULL
 * without one.  Free it. */
char *tkt_xdg_path(const char *xdg, const char *fallback, const char *name);

/* The edit distance of a (la bytes) and b (lb bytes): insertions,
 * deletions, substitutions and transpositions of bytes, ASCII letters
 * without regard to case; (size_t)-1 past 255 bytes. */
size_t tkt_distance(const char *a, size_t la, const char *b, size_t lb);
/* Whether v is a value of a ticket's attribute key (status, priority,
 * channel, type, group, assignee ...; "" clears the free-form ones): 0,
 * or the error naming it and the values there are. */
int tkt_attr_check(const char *key, const char *v);
/* Of the n candidates (NULL ones skipped), the one nearest to word by
 * edit distance (ASCII letters without regard to case) when it is near
 * enough to be a slip of the keyboard (at most 2 edits, or a third of
 * word's length), else NULL: the "did you mean" of a message. */
const char *tkt_nearest(const char *word, const char *const *cands, size_t n);

/* mkdir -p, mode 0700: the directories of path; with last, path too.
 * EX_CANTCREAT or EX_IOERR naming the one that could not be made. */
int tkt_mkdirs(const char *path, int last);

/* Decode the 2n hex digits at hex (either case) into out[0..n): 0, or -1
 * when one is not a hex digit. */
int tkt_hex_decode(const char *hex, size_t n, unsigned char *out);

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
/* The whole of the file at path, NUL-terminated, its length in *len (to
 * free): EX_NOINPUT when there is none, EX_IOERR when it cannot be read
 * (util.c). */
int   tkt_file_read(const char *path, char **data, size_t *len);
void  tkt_buf_release(tkt_buf *b);

/* ---- text.c: what text the store accepts ------------------------------ */

#define TKT_BODY_MAX (4u << 20)   /* largest message body, bytes */
#define TKT_MAIL_MAX (64u << 20)  /* largest mail tkt-new --mail takes, bytes */
/* The most a message's attachments from files (tkt-reply -a) may hold
 * together: in base64, with the text, the mail they go out in stays
 * under TKT_MAIL_MAX, so that a help desk running tkt takes it. */
#define TKT_ATTACH_MAX (32u << 20)

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

/* ---- search.c: text search -------------------------------------------- */

/* The fewest characters a search word may have: the index is of trigrams. */
#define TKT_SEARCH_MIN 3

/* Append s[0..n) folded to out: the letters of fold.h lower-cased and
 * without their accents, every run of white space one space.  The index
 * of both backends holds text so folded, and a search's words are. */
void  tkt_fold_add(tkt_buf *out, const char *s, size_t n);
/* The same as a new string (free it). */
char *tkt_fold(const char *s);

/* The words of a search (text~WORDS), folded: each one word, or a phrase
 * given in double quotes; every one must occur. */
struct tkt_search {
	char  **words;
	size_t  n;
};
/* Parse v, the value of filter word (named in messages): EX_USAGE for
 * nothing to search, a quote not closed, or a word shorter than
 * TKT_SEARCH_MIN characters.  Free with tkt_search_free. */
int   tkt_search_parse(const char *word, const char *v, struct tkt_search *q);
void  tkt_search_free(struct tkt_search *q);
/* Whether word is a search word (text~, subject~, body~ and a value). */
int tkt_filter_is_search(const char *word);
/* The words of every text search word of f (NULL when it has none). */
const struct tkt_search *tkt_filter_search(const tkt_filter *f);
/* The FTS5 query (SQLite) matching every word of one of the n searches
 * q[0..n) as literal text, in column (NULL: any).  Free it. */
char *tkt_search_fts(const struct tkt_search *q, size_t n, const char *column);
/* A LIKE pattern (PostgreSQL) for folded word w anywhere.  Free it. */
char *tkt_search_like(const char *w);
/* The spans of t[0..n) where q's words occur (matched folded, as the
 * index matches), in order, overlapping ones made one: their number, and
 * *out (free it; NULL when none). */
size_t tkt_search_spans(const struct tkt_search *q, const char *t, size_t n,
                        struct tkt_span **out);
/* The line of text t that holds the most of q's words (then the most
 * matches, then the first), cut to at most width bytes around its first
 * match ("…" where cut), with the words' spans in it: 1, or 0 when no
 * line has any.  Release out with tkt_snippet_release. */
int   tkt_search_snippet(const struct tkt_search *q, const char *t, size_t width,
                         struct tkt_snippet *out);
void  tkt_snippet_release(struct tkt_snippet *s);

/* ---- tag.c: tags (the rest is in tkt.h) ------------------------------- */

/* *known: whether a ticket has, or ever had, the tag (the tags and the
 * log); 0 or the store's error. */
int tkt_tag_known(tkt_store *st, const char *tag, int *known);

/* ---- event.c: the audit log ------------------------------------------- */

/* Log that what (status, priority, type, assignee, group, tag, reopen)
 * went from old to new (either may be NULL) by actor at at. */
int tkt_event_add(tkt_store *st, int64_t ticket, const char *what,
                  const char *old, const char *new_value, const char *actor,
                  time_t at);
/* An entry of the audit log. */
struct tkt_event {
	char  *what, *old, *new_value, *actor;   /* old, new_value: NULL for none */
	time_t at;
};
/* The audit log of ticket, in order of time (and of writing): *events
 * (free with tkt_events_free) and *n. */
int  tkt_events_load(tkt_store *st, int64_t ticket, struct tkt_event **events, size_t *n);
void tkt_events_free(struct tkt_event *events, size_t n);

/* ---- filter.c: the filter words --------------------------------------- */

/* 0 when word is a filter word (tkt_filter_is_word); else EX_USAGE, with
 * the one message of every tool for one that is not. */
int tkt_filter_word_check(const char *word);

/* ---- out.c: writers --------------------------------------------------- */

/* Write s as one TSV field: tabs, newlines and other control characters
 * become spaces. */
void tkt_out_field(FILE *fp, const char *s);
/* Write s as a JSON string literal, quotes included. */
void tkt_out_json_str(FILE *fp, const char *s);
/* A search's snippet as a JSON object: {"text": the line, "spans": [[at,
 * length], ...] where the words are, counted in characters}. */
void tkt_out_json_snippet(FILE *fp, const struct tkt_snippet *sn);
/* Write s as HTML (or XML) text or attribute value: & < > " ' as
 * references, control characters as spaces, bytes that are not UTF-8 as
 * U+FFFD. */
void tkt_out_html(FILE *fp, const char *s);
/* Flush fp and report a write error as EX_IOERR naming what. */
int  tkt_out_flush(FILE *fp, const char *what);

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
 * (agent), field.NAME, due (unless given: r->due after now on the clock
 * of the ticket's priority in configuration config, in its time zone;
 * config may be NULL for a template without due) and the template's own
 * variables, given as "name=value" words in vars. */
int  tkt_reply_render(tkt_store *st, const struct tkt_reply *r,
                      const struct tkt_config *config, int64_t id, const char *agent,
                      time_t now, const char *const *vars, size_t nvars, char **body);
/* Send reply template r as message m (its ticket, kind, author, channel,
 * time, work time and mail id; m->body is ignored): render it (config as
 * tkt_reply_render's), add it, then set the status to status, else to
 * the template's status, if any.  *id (may be NULL) receives the message
 * id. */
int  tkt_reply_post(tkt_store *st, const struct tkt_reply *r,
                    const struct tkt_config *config, const struct tkt_message_new *m,
                    const char *const *vars, size_t nvars, const char *status, int64_t *id);
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
	char           **groups;     /* groups:, else those the agents are in; NULL-terminated */
	size_t           ngroups;
	char            *store;      /* store: (~ expanded), or NULL */
	char            *agent;      /* agent: the default acting agent, or NULL */
	struct {                     /* the surveys after a solve (survey:) */
		char   questions[4][8];  /* the rating kinds asked, in order */
		size_t nquestions;
		int64_t delay;           /* after the solve, seconds */
		int64_t once_per;        /* a customer is asked once in this, seconds */
	} survey;
};
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
/* Take addr as one of the help desk's own too (tkt-import --agent-address). */
void tkt_config_own_add(struct tkt_config *c, const char *addr);

/* ---- team.c: the team's agents and groups ------------------------------ */

/* The agent of c's team that name is: their login, their display name or
 * one of their addresses (compared without regard to case); NULL when
 * none (or no team).  The one place a name becomes an agent. */
const struct tkt_agent *tkt_team_agent(const struct tkt_config *c, const char *name);
/* The login of the agent name is (tkt_team_agent), else name itself:
 * what reports group by, so that an agent's names count as one. */
const char *tkt_team_login(const struct tkt_config *c, const char *name);
/* Check value, of attribute key ("group", else an agent: "assignee",
 * "agent"), against c's team: *out gets the value to store, an agent's
 * login for any of their names.  Without a team (no agents:, no
 * groups), an empty value, or a NULL c: the value as it is.  An unknown
 * one is EX_DATAERR, with "did you mean" when one is near. */
int tkt_team_value(const struct tkt_config *c, const char *key, const char *value,
                   const char **out);

/* ---- hours.c: the business clock -------------------------------------- */

typedef struct tkt_clock tkt_clock;

/* A business clock for configuration c (which must outlive it). */
tkt_clock *tkt_clock_new(const struct tkt_config *c);
void       tkt_clock_free(tkt_clock *k);
/* The seconds of business hours in [from, to): the weekly hours in the
 * configuration's time zone, less its holidays; 0 when to <= from. */
int64_t    tkt_clock_business(tkt_clock *k, time_t from, time_t to);
/* The earliest time secs seconds of business hours after from (from
 * itself when secs <= 0). */
time_t     tkt_clock_add(tkt_clock *k, time_t from, int64_t secs);
/* Time t as "2026-11-30 16:00 EET", in the configuration's time zone;
 * returns buf. */
const char *tkt_clock_format(tkt_clock *k, time_t t, char buf[static 64]);

/* ---- sla.c: a ticket's SLA targets ------------------------------------- */

struct tkt_stmt;                 /* a statement of the store (below) */

/* The targets, in the order breach= names them (tkt_sla_targets). */
enum { T_FIRST, T_NEXT, T_UPDATE, T_RESOLUTION, T_ANY };
/* Their names, as filter words and output give them: "first-reply",
 * "next-reply", "update", "resolution", then "any"; NULL-terminated. */
extern const char *const tkt_sla_targets[];
/* Append the columns tkt_sla_row reads, each after a comma, to a
 * statement over tickets t. */
void tkt_sla_columns(tkt_store *st, tkt_buf *sql);
/* The targets at now of the ticket in the row of s whose SLA columns
 * (tkt_sla_columns) begin at column col: on the clock of its priority,
 * by configuration c, with business clock k (of c). */
void tkt_sla_row(const struct tkt_config *c, tkt_clock *k, struct tkt_stmt *s, int col, time_t now,
                 struct tkt_due *d);
/* The same of ticket id; EX_NOINPUT when there is none. */
int  tkt_sla_ticket(tkt_store *st, const struct tkt_config *c, int64_t id, time_t now,
                    struct tkt_due *d);
/* Write d as members of a JSON object: "due" (ISO 8601, or null when
 * nothing is due), "due_in" (the seconds left to it on its clock, below
 * 0 when broken), "due_target" (its name) and "breach" (the names of the
 * broken targets). */
void tkt_sla_json(FILE *fp, const struct tkt_due *d);

/* ---- time.c: local calendar days --------------------------------------- */

/* Read exactly n digits at *p into *v and step past them: 0, or -1. */
int    tkt_digits(const char **p, int n, int *v);
/* The days of month m (1-12) of year y. */
int    tkt_days_in_month(int y, int m);
/* The UTC time of the local midnight that starts day d of month m (1-12)
 * of year y; a day or month out of range carries over, as in mktime. */
time_t tkt_time_midnight(int y, int m, int d);
/* A day named from now: today, yesterday, or a weekday's name, any case
 * (the most recent such day, today if it is one); *lo and *hi the local
 * midnights it lies between.  0, or -1 when s names no day. */
int    tkt_day_parse(const char *s, time_t now, time_t *lo, time_t *hi);

/* ---- zone.c: the local time zone, switched for a while ---------------- */

struct tkt_zone {
	char *saved;             /* $TZ before, or NULL when it was unset */
	int   switched;
};
/* Make tz (a name of the time zone database) the local zone of localtime
 * and mktime until tkt_zone_leave; with tz NULL, keep $TZ's. */
void tkt_zone_enter(struct tkt_zone *z, const char *tz);
void tkt_zone_leave(struct tkt_zone *z);

/* ---- window.c: the window of time a report covers ---------------------- */

/* The options that set a window, numbered for the tools' option tables:
 * --since and --until, or one calendar period: --last
 * day|week|month|quarter|year, --day 2026-11-30, --week 2026-W48, --month
 * 2026-11, --quarter 2026-Q4, --year 2026. */
enum {
	TKT_WINDOW_SINCE = 0x400, TKT_WINDOW_UNTIL, TKT_WINDOW_LAST, TKT_WINDOW_DAY,
	TKT_WINDOW_WEEK, TKT_WINDOW_MONTH, TKT_WINDOW_QUARTER, TKT_WINDOW_YEAR,
};
struct tkt_window {
	const char *since, *until;   /* as given, or NULL */
	int         period;          /* the calendar option given (TKT_WINDOW_LAST...), or 0 */
	const char *value;           /* its value */
};
/* Take option opt (TKT_WINDOW_...) with value arg into w: 0, or EX_USAGE
 * when it and one given before exclude each other (a calendar period is
 * a whole window). */
int tkt_window_opt(struct tkt_window *w, int opt, const char *arg);
/* The window [*since, *until) that w gives at now, its calendar and its
 * times without a zone in time zone tz (NULL: $TZ's): a calendar period
 * from local midnight to local midnight; else --until (default
 * until_default) and --since (default len seconds before the end).  A
 * bad period is EX_USAGE, a time that is not one EX_DATAERR, naming the
 * option and its value. */
int tkt_window_bounds(const struct tkt_window *w, const char *tz, time_t now,
                      time_t until_default, time_t len, time_t *since, time_t *until);

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

/* The scale of a rating kind: 0, else EX_DATAERR. */
int  tkt_rating_scale(const char *kind, int *min, int *max);
/* The kinds and their scales, as people read them in a message:
 * "csat=1..5, nps=0..10, agent=1..10 or ces=1..7". */
#define TKT_RATING_KINDS_MAX 128
void tkt_rating_kinds(char *buf, size_t n);

/* ---- checklist.c, qa.c: the QA checklist and its checks ---------------- */

enum tkt_qa_applies { QA_FIRST, QA_EVERY, QA_ANY, QA_LAST, QA_TICKET };
enum tkt_qa_check {
	QA_PHRASES, QA_ABSENT, QA_NAME, QA_JARGON, QA_MANUAL,
	QA_ON_TIME, QA_CATEGORISED, QA_UPDATES,           /* the ticket's */
};

/* The languages a checklist's lists may be kept apart for. */
enum { QA_EN, QA_EL, QA_HU, QA_RO, QA_NLANGS };
extern const char *const tkt_qa_langs[];     /* "en", "el", "hu", "ro" */
struct tkt_qa_item {
	char  *id, *title, *hint;
	double weight;
	int    applies;          /* enum tkt_qa_applies */
	int    check;            /* enum tkt_qa_check */
	int    where;            /* 0 anywhere, 1 the first line, 2 the last lines */
	int    must_pass;
	int    na_untroubled;    /* n/a when the customer raises no trouble */
	void  *re;               /* phrases and patterns (pcre2_code) */
	void  *re_lang[QA_NLANGS]; /* those of one language, NULL when none */
	void  *except;           /* what a match of re inside does not count */
	void  *needs;            /* absent: a reply without any of these fails */
	double needs_below;      /* when shorter than this many words (0: any) */
	void  *found;            /* customer-name: how a reply names one not
	                            known (re: the titles of a family name) */
};
struct tkt_checklist {
	char               *path, *title;
	double              min;             /* the score a ticket should reach */
	double              max_density;     /* of jargon in a reply */
	void               *jargon;          /* pcre2_code */
	void               *trouble, *praise; /* in a customer's message */
	void               *signature;       /* a name signed at its end */
	struct tkt_qa_item *items;
	size_t              nitems;
};
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

enum tkt_qa_format {
	TKT_QA_LINE,             /* id, score, agent, failed items, tab-separated */
	TKT_QA_EXPLAIN,          /* every item's verdict and evidence */
	TKT_QA_HINTS,            /* the failed items with their hints */
	TKT_QA_JSON,             /* one object */
};
/* ---- compose.c: a message written in the agent's editor ----------------- */

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
/* Each agent's score, in the order of their names; an agent of c's
 * team (c may be NULL) under their login for any of their names. */
int  tkt_qa_by_agent(tkt_store *st, const struct tkt_checklist *cl, const struct tkt_config *c,
                     time_t since, time_t until, tkt_qa_agent_fn fn, void *ctx);

/* ---- mail.c: the mail channel ------------------------------------------ */

struct tkt_attachment {
	char  *name;             /* the file name (never a path), or NULL */
	char  *type;             /* its MIME type */
	void  *data;
	size_t size;
};

/* ---- attachment.c: files kept with a message ---------------------------
 * A ticket's attachments are numbered from 1 in the order of its thread
 * (messages by time, then each message's in the order they came), as
 * tkt-show lists them. */

/* The MIME type of a file named name holding data[0..n): by its
 * extension (a small table, tkt-reply(1)), else text/plain for UTF-8
 * text, else application/octet-stream. */
const char *tkt_attachment_type(const char *name, const void *data, size_t n);
/* Read the file at path as an attachment: its name the last part of the
 * path, its type tkt_attachment_type's.  It may hold at most room bytes.
 * EX_NOINPUT when it is missing, not readable or not a file; EX_DATAERR
 * when it is too large or its name is not one line of UTF-8; EX_IOERR.
 * Release it with tkt_attachment_release. */
int  tkt_attachment_read(const char *path, size_t room, struct tkt_attachment *a);
void tkt_attachment_release(struct tkt_attachment *a);
/* Store a as an attachment of message: its data in the store, or, when
 * path is not NULL, only where it was saved. */
int  tkt_attachment_store(tkt_store *st, int64_t message, const struct tkt_attachment *a,
                          const char *path);
/* The attachments of message, in order: *att gets *n of them, the data
 * of each from the store or the file it was saved as.  Free each with
 * tkt_attachment_release, then *att. */
int  tkt_attachments_of(tkt_store *st, int64_t message, struct tkt_attachment **att, size_t *n);
/* Attachment number n of ticket (not resolved: a merged ticket has
 * none), read as tkt_attachments_of reads them.  EX_NOINPUT when the
 * ticket has no attachment n. */
int  tkt_attachment_nth(tkt_store *st, int64_t ticket, int64_t n, struct tkt_attachment *a);
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
	time_t date;             /* its Date, 0 when it has none */
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
/* tkt-import --mbox, --maildir: how many messages the mailbox had, and
 * what became of them. */
struct tkt_mail_counts {
	size_t read, opened, added, duplicates, dropped, bad;
};
/* What to import: an mbox file or a Maildir directory (the other NULL);
 * who imports; where to count (progress, may be NULL); opened (may be
 * NULL) hears of the tickets opened before they are committed, and may
 * refuse them; bad (may be NULL) hears of a message that cannot be read
 * (tkt_errmsg() says why and which), and leaves it out by returning 0, or
 * fails the import with what it returns.  Both get ctx. */
struct tkt_mail_import {
	const char   *mbox, *maildir, *actor;
	FILE         *progress;
	tkt_import_fn opened;
	int         (*bad)(void *ctx);
	void         *ctx;
};
/* The mail of a mailbox, each delivered as tkt_mail_deliver delivers past
 * mail, at its Date (else when the mailbox got it), in the order of those
 * times, in one transaction; one without a sender takes the mbox's
 * envelope sender.  A message that is no mail, or has no time, fails it
 * all, named, unless o->bad leaves it out (mail-import.c). */
int   tkt_mail_import(tkt_store *st, const struct tkt_config *c, const struct tkt_mail_import *o,
                      struct tkt_mail_counts *counts);
/* ---- csv.c, csv-map.c, csv-import.c: spreadsheets (tkt-import --csv) -- */

/* A record of a CSV file: its n fields (NUL-terminated, their line breaks
 * LF) and its number in the file, from 1 (the header).  A non-zero return
 * ends the read with that code. */
typedef int (*tkt_csv_fn)(char **f, size_t n, size_t row, void *ctx);
/* Read the CSV file at path (RFC 4180; a byte order mark, CR LF, LF or CR
 * alone at the ends of records; a line break, also a CR alone, inside a
 * field) record by record: EX_DATAERR naming the row of a quote out of
 * place, a quoted field not closed, a field not UTF-8 (csv.c). */
int   tkt_csv_read(const char *path, tkt_csv_fn fn, void *ctx);
/* tkt-import --csv: how many rows the file had, how many tickets they
 * made, how many were left out. */
struct tkt_csv_counts {
	size_t rows, tickets, bad;
};
/* What to import: the CSV file and its mapping (tkt-import(1)); who
 * imports (the agent of replies whose agent the file does not name);
 * progress, opened, bad and ctx as for tkt_mail_import (a row refused is
 * bad's to leave out). */
struct tkt_csv_import {
	const char   *csv, *map, *actor;
	FILE         *progress;
	tkt_import_fn opened;
	int         (*bad)(void *ctx);
	void         *ctx;
};
/* The rows of a spreadsheet of tickets, or the conversations of a log of
 * messages (each: message), as tickets renumbered after the store's, by
 * the rules of tkt_import, in one transaction (csv-import.c). */
int   tkt_csv_import(tkt_store *st, const struct tkt_csv_import *o, struct tkt_csv_counts *counts);

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
 * it inside a transaction.  past: mail of a mailbox imported
 * (mail-import.c), where what the help desk's own addresses and its
 * agents sent is their reply (or note) on the ticket it answers, and
 * dropped when it answers none. */
int   tkt_mail_deliver(tkt_store *st, const struct tkt_mail *m, const struct tkt_config *c,
                       const char *actor, time_t at, int past, int64_t *ticket,
                       enum tkt_delivery *what);
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
/* Whether a reply on ticket can go out as mail (its requester has an
 * address): 0 with *yes set, or the store's error. */
int   tkt_mail_reachable(tkt_store *st, int64_t ticket, int *yes);
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
 * rules that use them (message.c, ticket.c, filter.c, list.c,
 * metrics-replay.c, customer.c).  The CHECK of the schema's first step
 * says the same list: test_status.c holds it to this one. */
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
/* Whether a change of status from one to another is a solve
 * (tkt-metrics(7)): to solved, or to another status that ends the ticket
 * from one that does not. */
int tkt_status_solves(const char *from, const char *to);
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
#define TKT_SQL_IN_NOT_DONE_ACTIVE(n) "'" n "', "
#define TKT_SQL_IN_NOT_DONE_PAUSED(n) "'" n "', "
#define TKT_SQL_IN_NOT_DONE_DONE(n)
#define TKT_SQL_ACTIVE_(i, id, n, cls, a, c, colour) TKT_SQL_IN_ACTIVE_##cls(n)
#define TKT_SQL_DONE_(i, id, n, cls, a, c, colour) TKT_SQL_IN_DONE_##cls(n)
#define TKT_SQL_NOT_DONE_(i, id, n, cls, a, c, colour) TKT_SQL_IN_NOT_DONE_##cls(n)
#define TKT_SQL_ORDER_(i, id, n, cls, a, c, colour) " WHEN '" n "' THEN " #i
#define TKT_SQL_ACTIVE "(" TKT_STATUS_LIST(TKT_SQL_ACTIVE_) "'')"
#define TKT_SQL_DONE   "(" TKT_STATUS_LIST(TKT_SQL_DONE_) "'')"
/* The statuses not done, as a list an index of statuses can answer
 * (status IN, where status NOT IN TKT_SQL_DONE reads every ticket). */
#define TKT_SQL_NOT_DONE "(" TKT_STATUS_LIST(TKT_SQL_NOT_DONE_) "'')"
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
/* What a message of kind by author at time at, written, does to its
 * ticket: the status rule, the first agent reply's assignment, the
 * customer's wait begun or ended, the ticket touched (message.c; what
 * tkt_message_add and an import replaying a history do). */
int tkt_message_effects(tkt_store *st, int64_t ticket, enum tkt_kind kind, const char *author,
                        time_t at);

/* ---- link.c: merges, problems and their incidents -----------------------
 * A merged ticket lives on in the one it was merged into
 * (tickets.merged_into, never a merged one: merging into a ticket moves
 * the tickets merged into it along), and an incident names its problem
 * (tickets.problem); a problem is a ticket with incidents.  The schema's
 * step of both backends, INT their integer type. */
#define LINKS_SQL(INT) \
	"ALTER TABLE tickets ADD COLUMN merged_into " INT " REFERENCES tickets(id);\n" \
	"ALTER TABLE tickets ADD COLUMN problem " INT " REFERENCES tickets(id);\n" \
	"CREATE INDEX tickets_merged ON tickets(merged_into) WHERE merged_into IS NOT NULL;\n" \
	"CREATE INDEX tickets_problem ON tickets(problem) WHERE problem IS NOT NULL;\n"
/* Whether ticket t (an alias) is an incident, a problem, merged. */
#define TKT_SQL_IS_INCIDENT(t) t ".problem IS NOT NULL"
#define TKT_SQL_IS_PROBLEM(t) \
	"EXISTS (SELECT 1 FROM tickets i WHERE i.problem = " t ".id)"
#define TKT_SQL_IS_MERGED(t) t ".merged_into IS NOT NULL"

/* Check that the attributes of ticket id, merged into merged_into and an
 * incident of problem (0: none), can stand together in the store:
 * the ticket named exists, is not id, and is not merged; a problem is no
 * incident, an incident no problem.  EX_NOINPUT or EX_DATAERR naming
 * what is wrong. */
int tkt_links_check(tkt_store *st, int64_t id, int64_t merged_into, int64_t problem);
/* Each of the n ids as the ticket it stands for (tkt_ticket_resolve), each
 * once, in the order given; *n becomes their number.  EX_NOINPUT for a
 * missing ticket. */
int tkt_tickets_resolve(tkt_store *st, int64_t *ids, size_t *n);

/* ---- survey.c: the survey after a solve ------------------------------- */

/* The tickets due a survey at now (c->survey): solved at least its delay
 * ago, not surveyed yet, not merged, their customer with an address and
 * not asked within once_per_customer_per (nor earlier in this run): each
 * sent one (unless dry), a system message queued for mail whose id is in
 * *msgs, and a "survey" event naming the questions.  *ids gets the
 * tickets.  Free both. */
int tkt_survey_run(tkt_store *st, const struct tkt_config *c, const char *actor, time_t now,
                   int dry, int64_t **ids, int64_t **msgs, size_t *n);
/* Whether mail m to ticket answers its survey: its In-Reply-To or
 * References name the survey's Message-ID, or its subject carries the
 * ticket's [#ID] and subject with nothing said on the ticket since the
 * survey.  *asked gets the survey's questions ("csat ces nps"), NULL
 * when it is no answer.  Free it. */
int tkt_survey_answered(tkt_store *st, const struct tkt_mail *m, int64_t ticket, char **asked);
/* The answers of a reply to a survey. */
struct tkt_survey_answers {
	struct tkt_rating *ratings;  /* those on their scales, in order */
	size_t  n, nrefused;         /* nrefused: answers off their scale */
	char   *comment;             /* the text after the answers, or NULL */
	char   *refused;             /* the answers off the scale, said, or NULL */
};
/* Read the answers of body (the reply's new text) to the questions asked
 * ("csat nps": their names and word scales from survey/answers.yaml on
 * the template path): the first lines, each one answer. */
int  tkt_survey_read(const char *asked, const char *body, struct tkt_survey_answers *a);
void tkt_survey_answers_free(struct tkt_survey_answers *a);
/* Record the answers as ratings of ticket at time at, the comment with
 * them; when some are off the scale, or none was read, a system message
 * says so, for an agent. */
int  tkt_survey_record(tkt_store *st, int64_t ticket, const struct tkt_survey_answers *a,
                       const char *actor, time_t at);

/* ---- recipients.c: the tickets a reply goes to ------------------------- */

/* The tickets a message to the n ids goes to, in the caller's
 * transaction: each id as the ticket it stands for (tkt_tickets_resolve),
 * each once; with incidents, each a problem followed by its open
 * incidents (tkt_incidents).  *to gets them (free it), *nto their number;
 * *nomail (free it) says by ticket, with incidents and mail, which has no
 * address to mail the reply to (tkt_mail_reachable), else none. */
int tkt_reply_recipients(tkt_store *st, const int64_t *ids, size_t n, int incidents, int mail,
                         int64_t **to, size_t *nto, char **nomail);

/* ---- the store and its backends --------------------------------------
 * A store is SQLite (store-sqlite.c) or PostgreSQL (store-pg.c), chosen by
 * its address; everything above this layer runs the same statements
 * through the db_* helpers without knowing which.  SQL both accept is
 * written where it is used; what the two write differently is named by a
 * tkt_sql number and kept once per backend, as is its schema (SQLite's
 * both in store-sqlite.c; PostgreSQL's in store-pg-sql.c and
 * store-pg-schema.c). */

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
	SQL_SEARCH_FTS,      /* SQLite: ticket t matches the FTS5 query of
	                        parameter %s; NULL elsewhere */
	SQL_SEARCH_LIKE,     /* PostgreSQL: ticket t's row s of the search
	                        table passes condition %s (of LIKE patterns);
	                        NULL elsewhere */
	SQL_SEARCH_RANK,     /* a join giving r.score for ticket t, the lower
	                        the more relevant: SQLite, of the FTS5 query
	                        of parameter %s; PostgreSQL, -(%s) scaled,
	                        %s a count of the words in search row s */
	SQL_REQUESTER_DOMAIN, /* the domain of customer cs's email, lower-case
	                        as lower() makes it: the expression of the
	                        index customers_domain */
	SQL_REQUESTER_FTS,   /* SQLite: ticket t's requester matches the FTS5
	                        query of parameter %s; NULL elsewhere */
	SQL_REQUESTER_LIKE,  /* PostgreSQL: ticket t's requester, customer cs,
	                        passes condition %s (LIKE patterns of its
	                        folded text, cs.folded); NULL elsewhere */
	SQL_HEX,             /* the bytes of attachment a's data, in hex */
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

#define TKT_BACKEND_VERSION 7
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
	/* Optional (NULL: the index is always exact): before a search, bring
	 * into the search index what other programs wrote, where that can
	 * be done. */
	void      (*search_ready)(tkt_store *st);
	/* Optional (NULL: no plans): when s is a query (SELECT or WITH) not
	 * yet stepped, its SQL into sql and its plan as the engine gives it
	 * into plan, a line per step, indented by depth; 1 if so, else 0
	 * (TKT_EXPLAIN, db_step). */
	int       (*explain)(tkt_stmt *s, tkt_buf *sql, tkt_buf *plan);
	/* Optional (NULL: begin): begin a write that only adds tickets and
	 * runs at once with others like it; what it shares with them (a
	 * requester found or added) it takes lock_key for first.  Optional
	 * (NULL: nothing to do, as when every writer runs alone): hold the
	 * lock of key until the transaction ends. */
	int       (*begin_adding)(tkt_store *st);
	int       (*lock_key)(tkt_store *st, const char *key);
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
	int      explain;          /* $TKT_EXPLAIN: each query's plan on stderr */
};

/* How long a writer waits for another one, in ms: $TKT_BUSY_TIMEOUT or
 * TKT_BUSY_MS; EX_CONFIG when it is not a number of milliseconds. */
int db_busy_timeout(int *ms);

/* Whether addr names a PostgreSQL store (postgresql:// or postgres://). */
int tkt_store_is_pg(const char *addr);
/* The store path when no --db is given: $TKT_DB, else configured (the
 * configuration's store:, or NULL), else the default of
 * tkt_store_default_path.  Free it; NULL (EX_CONFIG, said) when there is
 * no home. */
char *tkt_store_path_from(const char *configured);

/* A step of the schema: SQL run in one transaction, taking the store from
 * version (index) to version (index + 1); then more, when not NULL (ISO C
 * promises string literals of 4095 bytes, no longer). */
struct tkt_migration {
	const char *sql;
	const char *more;
};
extern const struct tkt_migration tkt_migrations[], tkt_pg_migrations[];
extern const int tkt_nmigrations, tkt_pg_nmigrations;

/* SQLite: bring the store to the last of the n migrations; refuse a newer
 * store.  tkt_sqlite_raw opens path without migrating it (for tests). */
int tkt_store_migrate(tkt_store *st, const struct tkt_migration *m, int n);
int tkt_sqlite_raw(tkt_store **st, const char *path);

/* Whether SQL text is a query (SELECT or WITH), as the backends ask. */
#define db_is_query(sql) \
	(strncmp((sql) + strspn((sql), " \t\n"), "SELECT", 6) == 0 || \
	 strncmp((sql) + strspn((sql), " \t\n"), "WITH", 4) == 0)

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
/* Before a search: bring into the index what other programs wrote. */
void db_search_ready(tkt_store *st);
/* Begin a write that only adds tickets: where the backend can, it runs at
 * once with others like it (tkt_begin otherwise).  In one, take the lock
 * of the key (what and value) before reading what the key names and
 * writing it: a requester found or added.  Writers that each run alone
 * take no such lock. */
int  db_begin_adding(tkt_store *st);
int  db_lock_key(tkt_store *st, const char *what, const char *value);
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
 * customers c) to sql, then bind its values to the prepared statement.
 * Merged tickets are left out unless f says is=merged, and ids given
 * stand for the tickets they were merged into; tkt_filter_where_merged
 * leaves nothing out and takes ids as they are (the export, the report's
 * count of merges). */
void tkt_filter_where(tkt_store *st, const tkt_filter *f, tkt_buf *sql);
void tkt_filter_where_merged(tkt_store *st, const tkt_filter *f, tkt_buf *sql);
/* Whether f selects some tickets only (words or ids), not every one. */
int  tkt_filter_narrows(const tkt_filter *f);
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
/* The events of a ticket's creation (ticket.c): its status new, who opened
 * it when an agent did (outbound, else NULL), and its priority, type,
 * assignee and group (attrs, in that order; NULL or "" for none). */
int tkt_creation_log(tkt_store *st, int64_t id, const char *const attrs[4], const char *outbound,
                     const char *actor, time_t at);

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
	struct tkt_attachment *att;        /* a reply's attachments */
	size_t      natt;
	char       *in_reply_to;           /* "<id>" or NULL */
	const char *references;            /* "<id> <id>..." or NULL */
};

/* mime.c, the mail module (tkt/mime.so), loaded by mail.c on first use:
 * the one symbol it exports is tkt_mime.  It reads mail, and encodes what
 * the help desk sends, given as plain data: it never reads the store. */
#define TKT_MIME_VERSION 6
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

/* ---- metrics.c: the metrics, and a report's groups for the page ------
 * The one list of the metrics, in the order a report shows them: the id
 * of each, its name (tkt-metrics(7): the column of the tsv, csv and json
 * formats, and what --metrics takes), its kind (how it is worked out and
 * how it is written) and the counters or the set of durations it is
 * worked out from.  The kinds (K_), counters (C_) and sets (S_) are
 * metrics-int.h's: only the report's own files expand those columns. */
#define TKT_METRIC_LIST(X) \
	X(CREATED,                 "created",                 K_COUNT,   C_CREATED, 0) \
	X(SOLVED,                  "solved",                  K_COUNT,   C_SOLVED, 0) \
	X(REOPENED,                "reopened",                K_COUNT,   C_REOPENED, 0) \
	X(BACKLOG,                 "backlog",                 K_COUNT,   C_BACKLOG, 0) \
	X(BACKLOG_AGE_MEDIAN,      "backlog_age_median",      K_MEDIAN,  S_BACKLOG_AGE, 0) \
	X(BACKLOG_AGE_MEAN,        "backlog_age_mean",        K_MEAN,    S_BACKLOG_AGE, 0) \
	X(FIRST_REPLY_MEDIAN,      "first_reply_median",      K_MEDIAN,  S_FIRST_REPLY, 0) \
	X(FIRST_REPLY_MEAN,        "first_reply_mean",        K_MEAN,    S_FIRST_REPLY, 0) \
	X(FIRST_REPLY_P90,         "first_reply_p90",         K_P90,     S_FIRST_REPLY, 0) \
	X(UNANSWERED,              "unanswered",              K_COUNT,   C_UNANSWERED, 0) \
	X(FIRST_REPLY_WITHIN,      "first_reply_within",      K_RATE,    C_FR_WITHIN, -C_FR_BREACH) \
	X(NEXT_REPLY_MEDIAN,       "next_reply_median",       K_MEDIAN,  S_NEXT_REPLY, 0) \
	X(NEXT_REPLY_MEAN,         "next_reply_mean",         K_MEAN,    S_NEXT_REPLY, 0) \
	X(NEXT_REPLY_P90,          "next_reply_p90",          K_P90,     S_NEXT_REPLY, 0) \
	X(NEXT_REPLY_WITHIN,       "next_reply_within",       K_RATE,    C_NR_WITHIN, -C_NR_BREACH) \
	X(FIRST_RESOLUTION_MEDIAN, "first_resolution_median", K_MEDIAN,  S_FIRST_RESOLUTION, 0) \
	X(FIRST_RESOLUTION_MEAN,   "first_resolution_mean",   K_MEAN,    S_FIRST_RESOLUTION, 0) \
	X(FIRST_RESOLUTION_P90,    "first_resolution_p90",    K_P90,     S_FIRST_RESOLUTION, 0) \
	X(FULL_RESOLUTION_MEDIAN,  "full_resolution_median",  K_MEDIAN,  S_FULL_RESOLUTION, 0) \
	X(FULL_RESOLUTION_MEAN,    "full_resolution_mean",    K_MEAN,    S_FULL_RESOLUTION, 0) \
	X(FULL_RESOLUTION_P90,     "full_resolution_p90",     K_P90,     S_FULL_RESOLUTION, 0) \
	X(RESOLUTION_WITHIN,       "resolution_within",       K_RATE,    C_RES_WITHIN, -C_RES_BREACH) \
	X(REQUESTER_WAIT_MEDIAN,   "requester_wait_median",   K_MEDIAN,  S_REQUESTER_WAIT, 0) \
	X(REQUESTER_WAIT_MEAN,     "requester_wait_mean",     K_MEAN,    S_REQUESTER_WAIT, 0) \
	X(AGENT_WORK_MEAN,         "agent_work_mean",         K_MEAN,    S_AGENT_WORK, 0) \
	X(NEW_TIME_MEAN,           "new_time_mean",           K_MEAN,    S_NEW, 0) \
	X(OPEN_TIME_MEAN,          "open_time_mean",          K_MEAN,    S_OPEN, 0) \
	X(ON_HOLD_TIME_MEAN,       "on_hold_time_mean",       K_MEAN,    S_ON_HOLD, 0) \
	X(PENDING_TIME_MEAN,       "pending_time_mean",       K_MEAN,    S_PENDING, 0) \
	X(ONE_TOUCH_RATE,          "one_touch_rate",          K_RATE,    C_ONE_TOUCH, C_TOUCH_SOLVED) \
	X(RESOLUTION_RATE,         "resolution_rate",         K_RATE,    C_CREATED_SOLVED, C_CREATED) \
	X(REOPEN_RATE,             "reopen_rate",             K_RATE,    C_SOLVED_REOPENED, C_SOLVED) \
	X(REPLIES_PER_SOLVED,      "replies_per_solved",      K_RATIO,   C_SOLVED_REPLIES, C_SOLVED) \
	X(REPEAT_CONTACT_RATE,     "repeat_contact_rate",     K_RATE,    C_CUST_REPEAT, C_CUST) \
	X(UPDATE_COMPLIANCE,       "update_compliance",       K_RATE,    C_UPD_OK, C_UPD_ACTIVE) \
	X(UPDATE_OVERDUE,          "update_overdue",          K_COUNT,   C_UPD_OVERDUE, 0) \
	X(CSAT,                    "csat",                    K_RATE,    C_CSAT_POS, C_CSAT_N) \
	X(CSAT_COUNT,              "csat_count",              K_COUNT,   C_CSAT_N, 0) \
	X(NPS,                     "nps",                     K_NPS,     C_NPS_PRO, C_NPS_N) \
	X(NPS_COUNT,               "nps_count",               K_COUNT,   C_NPS_N, 0) \
	X(CES,                     "ces",                     K_AVERAGE, C_CES_SUM, C_CES_N) \
	X(CES_EASY,                "ces_easy",                K_RATE,    C_CES_EASY, C_CES_N) \
	X(CES_COUNT,               "ces_count",               K_COUNT,   C_CES_N, 0) \
	X(AGENT_RATING,            "agent_rating",            K_AVERAGE, C_AGENT_SUM, C_AGENT_N) \
	X(AGENT_RATING_COUNT,      "agent_rating_count",      K_COUNT,   C_AGENT_N, 0) \
	X(NEGATIVE_RATE,           "negative_rate",           K_RATE,    C_AGENT_NEG, C_AGENT_N) \
	X(TRANSFERS,               "transfers",               K_COUNT,   C_TRANSFERS, 0) \
	X(REASSIGNED_RATE,         "reassigned_rate",         K_RATE,    C_REASSIGNED, C_CREATED) \
	X(REPLIES,                 "replies",                 K_COUNT,   C_REPLIES, 0) \
	X(WORK_TIME,               "work_time",               K_SECONDS, C_WORK, 0) \
	X(MERGED,                  "merged",                  K_COUNT,   C_MERGED, 0) \
	X(PROBLEMS_SOLVED,         "problems_solved",         K_COUNT,   C_PROBLEMS_SOLVED, 0) \
	X(INCIDENTS_PER_PROBLEM,   "incidents_per_problem",   K_RATIO,   C_PROBLEM_INCIDENTS, C_PROBLEMS_SOLVED) \
	X(PROBLEM_RESOLUTION_MEDIAN, "problem_resolution_median", K_MEDIAN, S_PROBLEM_RESOLUTION, 0) \
	X(PROBLEM_RESOLUTION_MEAN, "problem_resolution_mean", K_MEAN,    S_PROBLEM_RESOLUTION, 0)
#define TKT_METRIC_ENUM_(id, name, kind, a, b) TKT_METRIC_##id,
enum tkt_metric { TKT_METRIC_LIST(TKT_METRIC_ENUM_) TKT_NMETRICS };
/* The names of the metrics by id, then NULL (for tkt_enum_index). */
extern const char *const tkt_metric_names[];

/* The targets whose breaches a report counts. */
enum tkt_breach { TKT_BREACH_FIRST_REPLY, TKT_BREACH_NEXT_REPLY, TKT_BREACH_RESOLUTION,
                  TKT_NBREACHES };

/* Read the tickets once for reports of the same window and filter (only
 * the first may group by field.NAME). */
int  tkt_report_run_all(tkt_report **r, size_t n, tkt_store *st);
/* The groups in order (a time key has every day, week or month of the
 * window), their labels, and their values: 0 with *v, or -1 when a metric
 * has none. */
size_t      tkt_report_groups(tkt_report *r);
const char *tkt_report_label(const tkt_report *r, size_t g, int key);
int         tkt_report_get(tkt_report *r, size_t g, enum tkt_metric m, double *v);
/* tkt_report_value by the metric's id. */
int         tkt_report_value_of(tkt_report *r, const char *label, enum tkt_metric m, double *v);
/* How tkt_report_format writes a value: as TSV, CSV and JSON do, for
 * scripts (durations in whole seconds, rates and ratios in full, in the
 * fewest digits that read back as the same double: 1.6666666666666667);
 * as the table shows it to people (2h 05m, 85.7%); or rounded as people
 * read it, bare (7500, 85.7: the page's data). */
enum tkt_number { TKT_NUMBER_SCRIPT, TKT_NUMBER_PEOPLE, TKT_NUMBER_ROUNDED };
void        tkt_report_format(enum tkt_metric m, double v, enum tkt_number how, char *buf,
                              size_t n);
/* A change d of metric m, signed, as people read it (+2h 05m, -3, +4.5 pts
 * for a rate): 1; 0 and "" when it shows as none. */
int         tkt_report_format_change(enum tkt_metric m, double d, char *buf, size_t n);
/* Tickets of group g past target b. */
int64_t     tkt_report_breaches(tkt_report *r, size_t g, enum tkt_breach b);
/* The durations behind a median (TKT_METRIC_FIRST_REPLY_MEDIAN), in no
 * order; NULL for a metric that is no median. */
const uint32_t *tkt_report_durations(tkt_report *r, size_t g, enum tkt_metric m, size_t *n);

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
