/*
 * tkt-tool.h: what the tools share and the library does not offer: the
 * option parser and a tool's life (cli.c), output for a person at a
 * terminal and its pager (term.c), a ticket for people (show.c), the
 * agent's editor (compose.c), replies going out as mail (reply-out.c),
 * tkt-new's mail delivery (mail-deliver.c) and import (batch-import.c),
 * qa-check's scoring of tickets and recording of reviews (qa-run.c).
 * Built into libtkt-tool.a, which only the tools link; never installed.
 */
#ifndef TKT_TOOL_H
#define TKT_TOOL_H

#include "tkt-int.h"

struct tkt_cli;                  /* a tool's state: cli.c, below */

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

/* What a colour means: a status, a priority, a message's kind, a word
 * searched for, a change in the audit log ("event"). */
enum tkt_paint {
	TKT_PAINT_STATUS, TKT_PAINT_PRIORITY, TKT_PAINT_KIND, TKT_PAINT_MATCH, TKT_PAINT_EVENT,
};
/* The SGR sequence that starts value's colour ("new", "urgent",
 * "customer"...) and the one that ends it; both "" without colour or for
 * a value that has none. */
const char *tkt_term_on(const struct tkt_term *t, enum tkt_paint what, const char *value);
const char *tkt_term_off(const struct tkt_term *t, enum tkt_paint what, const char *value);
/* Write s, the words searched for at spans sp[0..n) in their colour
 * (TKT_PAINT_MATCH, "match"), control characters as spaces. */
void tkt_term_marked(const struct tkt_term *t, FILE *fp, const char *s,
                     const struct tkt_span *sp, size_t n);
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
/* When the next target of d is due and its name: "first-reply in 3h",
 * "resolution 2h late", "update now" (within a minute) on a terminal,
 * else "first-reply 2026-11-30T17:00:00Z"; "-" when nothing is due. */
const char *tkt_term_due(const struct tkt_term *t, const struct tkt_due *d, char buf[static 64]);
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

/* ---- show.c: a ticket for people --------------------------------------- */

/* What is told of a ticket beside it: its audit log (none when not
 * asked for) and when it is due. */
struct tkt_story {
	struct tkt_event *events;
	size_t            nevents;
	struct tkt_due    due;
};
/* The story of ticket id at now, its targets by configuration c; with
 * its audit log when events is set.  Release it with tkt_story_release. */
int  tkt_story_load(tkt_store *st, const struct tkt_config *c, int64_t id, time_t now,
                    int events, struct tkt_story *story);
void tkt_story_release(struct tkt_story *story);
/* Print ticket t on stdout for a person, as term says (colour, times):
 * its attributes, followers, the requester's history h, when it is due
 * and the targets it has broken (story), relations, tags and fields,
 * then its thread in order, each message headed by its number, kind,
 * channel, time and author (and the mail's sender where it differs, an
 * unverified sender, a reply not yet sent), its body indented by four
 * spaces, and between them the story's changes, one line (dimmed) for
 * those made at one time by one actor.  The words searched for (words,
 * or NULL) are marked in the subject, the fields and the bodies. */
void tkt_show_ticket(const struct tkt_term *term, const struct tkt_search *words,
                     const struct tkt_ticket *t, const struct tkt_history *h,
                     const struct tkt_story *story);

/* ---- attachment-cli.c: attachments at the command line ----------------- */

/* The files (tkt-reply -a) read as attachments, n of them (and a zeroed
 * one after), together at most TKT_ATTACH_MAX; fails on the first that
 * cannot be.  They live until exit. */
struct tkt_attachment *tkt_cli_attachments(struct tkt_cli *cli, const char *const *files,
                                           size_t n);
/* tkt-show --attachment ID:N [-o output]: attachment N of ticket ID (as
 * tkt-show numbers them) written whole to output, a new file, or to
 * stdout (not to a terminal unless it is text).  others: other options
 * or words were given, a usage error.  Returns the exit status, or
 * fails. */
int tkt_cli_attachment_out(struct tkt_cli *cli, const char *spec, const char *output, int others);

/* ---- draft.c: a message written and not stored, kept -------------------- */

/* Where the draft of ticket's message of kind ("reply", "note",
 * "customer") is kept: $XDG_STATE_HOME/tkt/drafts/ID.KIND, else
 * ~/.local/state/tkt/drafts/ID.KIND; NULL without a home.  Free it. */
char *tkt_draft_path(int64_t ticket, const char *kind);
/* When a draft is kept for ticket's message of kind, ask on tty whether
 * to continue it ([Y/n], said on stderr): its text (free it) when so,
 * kept until tkt_draft_drop; else NULL. */
char *tkt_draft_offer(const char *prog, FILE *tty, int64_t ticket, const char *kind);
/* Keep text as the draft of ticket's message of kind until tkt_draft_drop:
 * written now (mode 0600, in a directory of mode 0700), and every way out
 * of the tool before then (an error, exit, SIGINT, SIGTERM, SIGHUP,
 * SIGQUIT) says on stderr where it is.  One that cannot be written is a
 * warning at once, and the text itself is written on stderr on the way
 * out. */
void tkt_draft_keep(const char *prog, int64_t ticket, const char *kind, const char *text);
/* The message is stored: its draft, if one is kept, goes. */
void tkt_draft_drop(void);

/* ---- qa.c: the QA checklist -------------------------------------------- */

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
	const char *prog;            /* the tool, for what it says */
	const char *kind;            /* keep a draft of the ticket's message of this
	                                kind until it is stored (NULL: none) */
};
/* Compose a message in the editor; with a checklist, show the draft's
 * verdict (tkt_qa_draft) on stderr and ask on the terminal to store it,
 * edit it again or abort (EX_DATAERR). */
int  tkt_compose(tkt_store *st, const struct tkt_compose *c, char **body);
/* The message m of one ticket written in the editor: from the template
 * rendered (tpl, with vars), or m's body given; a reply is linted unless
 * lint is 0 (with the configuration of config_path).  Fails on error. */
char *tkt_compose_message(struct tkt_cli *cli, const struct tkt_message_new *m,
                          const struct tkt_reply *tpl, const char *const *vars, size_t nvars,
                          const char *config_path, int lint);

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
 * options), long name, and whether it takes an argument: 0 none, 1 a
 * value given once (a second, different one is refused), 2 a value that
 * may be given again and again (-m, -f). */
struct tkt_opt {
	int         key;
	const char *name;
	int         arg;
};
struct tkt_tag_word {
	const char *word;
	int         after_dashes;    /* came after "--": never an option */
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
	const char           *agent;    /* --as, $TKT_AGENT, config.yaml's agent: or
	                                 * the login; the team's login for any of
	                                 * their names (once the options are read) */
	const char           *config_path; /* the tool's --config, or NULL: the default */
	struct tkt_config    *config;   /* config.yaml once loaded (tkt_cli_config) */
	int                   config_rc, settled;
	char                 *config_err;
	time_t                now;      /* --at, or now */
	int                   at_given;
	int                   json, quiet;
	int                   exit_as;  /* when set, every failure exits with it */
	tkt_store            *store;
	tkt_filter           *filter;   /* tkt_cli_filter's, freed at exit */
	const char          **values;   /* the value of each option given (cli.c) */
	struct tkt_tag_word  *tag_words; /* the +TAG and -TAG words, for tkt_cli_open */
	size_t                ntag_words;
};

enum { TKT_OPT_END = -1, TKT_OPT_WORD = 0 };
/* What a tool's words are, for tkt_cli_init (0: none of these): */
enum {
	TKT_DASH_WORDS = 1,      /* "-word" is a word, a filter or a tag to remove */
	TKT_PLUS_TAGS = 2,       /* "+TAG" adds a tag (rather than filtering) */
};

/* words: TKT_DASH_WORDS, TKT_PLUS_TAGS, both or 0. */
void tkt_cli_init(struct tkt_cli *cli, int argc, char **argv, const char *prog,
                  const char *usage, const struct tkt_opt *opts, int words);
/* The next option of the tool (its key, with *arg set when it takes one),
 * TKT_OPT_WORD with *arg the word, or TKT_OPT_END.  Handles the common
 * options itself.  A long option may be written as a unique prefix of
 * its name; a short one's value may be attached unless it begins with a
 * letter (-n5; -refund is no -r efund).  Exits 64 for an unknown or
 * ambiguous option (naming the nearest ones), a missing argument, or a
 * value given twice; 65 for an --at in the future. */
int  tkt_cli_next(struct tkt_cli *cli, const char **arg);
/* Print "prog: message" and exit 64 (or cli->exit_as). */
TKT_NORETURN void tkt_cli_usage(struct tkt_cli *cli, const char *fmt, ...) TKT_PRINTF(2, 3);
/* Print "prog: tkt_errmsg()" and go on. */
void tkt_cli_warn(struct tkt_cli *cli);
/* Print "prog: tkt_errmsg()", roll back and close the store, exit code
 * (or cli->exit_as when set: the delivery agent's "try again later"). */
TKT_NORETURN void tkt_cli_fail(struct tkt_cli *cli, int code);
/* Open the store (--db, $TKT_DB, config.yaml's store: or the default)
 * into cli->store; 0 or the error (a config.yaml that does not load
 * among them), for a tool that handles it itself. */
int tkt_cli_try_open(struct tkt_cli *cli, enum tkt_open_mode mode);
/* Open the store (as tkt_cli_try_open) or fail.  In a tool of
 * TKT_DASH_WORDS, its tag words (+TAG, -TAG filters; -TAG only, with
 * TKT_PLUS_TAGS) are then looked up: one naming a tag no ticket has ever
 * had is said on stderr, and a one-letter -x of them is an unknown
 * option (exit 64). */
tkt_store *tkt_cli_open(struct tkt_cli *cli, enum tkt_open_mode mode);
/* The filter of the words (as --at and --as set now and me), or fail
 * naming the word that does not parse.  The cli owns it. */
tkt_filter *tkt_cli_filter(struct tkt_cli *cli, const char *const *words, size_t n);
/* The configuration (the tool's --config, else $TKT_CONFIG or the
 * default config.yaml), loaded once; fail (78) when it does not load.
 * The cli owns it. */
const struct tkt_config *tkt_cli_config(struct tkt_cli *cli);
/* An assignee or group value (key "assignee" or "group"; any other
 * stays) checked against the team of the configuration: *value becomes
 * the login of an agent known by any of their names (me: the acting
 * agent).  0, EX_DATAERR for an unknown one (with "did you mean"), or
 * the configuration's error.  Without a team, *value stays. */
int  tkt_cli_team(struct tkt_cli *cli, const char *key, const char **value);
/* Begin the command's one write transaction, or fail; one that only
 * adds tickets (and replies to them), which on PostgreSQL runs at once
 * with others like it. */
void tkt_cli_begin(struct tkt_cli *cli);
void tkt_cli_begin_adding(struct tkt_cli *cli);
/* A new ticket's parts (cli-ticket.c): t filled in from the incident
 * form name with the field words of -f (*form, and *ack when the form's
 * acknowledgement is wanted or always sent; *filled holds what the form
 * wrote); then t's first message from -m, -F FILE or stdin (optional
 * with a form), or at a terminal written in the editor (into *edited). */
int  tkt_cli_ticket_form(const char *name, int ack_wanted, const char *const *fields,
                         struct tkt_ticket_new *t, struct tkt_form **form, struct tkt_reply **ack,
                         struct tkt_filled *filled);
int  tkt_cli_ticket_body(struct tkt_cli *cli, const char **msgs, size_t nmsgs, const char *file,
                         int from_form, struct tkt_ticket_new *t, char **edited);
/* Flush stdout, then commit, or fail: a command prints what it did
 * before it commits, so output that cannot be written stores nothing. */
void tkt_cli_commit(struct tkt_cli *cli);
/* Flush stdout: 0, or EX_IOERR with the message set (a reader that has
 * gone ends the process quietly, by SIGPIPE). */
int  tkt_cli_flush(void);
/* Zeroed memory that lives until the tool exits (freed then, on every
 * path out): for what main collects from its arguments. */
void *tkt_cli_calloc(size_t n, size_t size);
/* Keep p, allocated, until the tool exits (freed then); returns p. */
void *tkt_cli_keep(void *p);
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
/* Each of the n ids as the ticket it stands for (a merged one's target:
 * tkt_tickets_resolve), each once, in the order given; *n becomes their
 * number.  A missing ticket fails. */
void tkt_cli_resolve(struct tkt_cli *cli, int64_t *ids, size_t *n);
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
/* --check-template FILE...: every problem of every file on stderr; 0, or
 * the code of the first file's problems (EX_CONFIG). */
int tkt_cli_templates_check(const char *const *files, size_t n);

/* ---- reply-out.c: replies going out as mail ---------------------------- */

/* What a reply (or note, or customer message) is, for each ticket: the
 * message m (its ticket set for each), from the template tpl when there
 * is one (its variables vars), then the status; the files att; as mail
 * (mail: 1 written out, 2 queued for sendmail) but where nomail (may be
 * NULL) says the ticket has no address. */
struct tkt_reply_batch {
	struct tkt_message_new      *m;
	const int64_t               *ids;
	size_t                       n;
	const struct tkt_reply      *tpl;
	const struct tkt_config     *config;
	const char *const           *vars;
	size_t                       nvars;
	const char                  *status;
	const struct tkt_attachment *att;
	size_t                       natt;
	int                          mail;
	const char                  *nomail;
};
/* A form's acknowledgement (tkt-new -t FORM --ack): the acting agent's
 * first reply to ticket id, its {{due}} by the configuration at
 * config_path; in the transaction.  0 or the error. */
int  tkt_cli_acknowledge(struct tkt_cli *cli, const struct tkt_reply *ack, const char *config_path,
                         int64_t id);
/* Store the batch's message on each of its tickets, in the transaction;
 * msgs[i] gets the id of ticket i's.  0 or the error. */
int  tkt_reply_post_all(struct tkt_cli *cli, const struct tkt_reply_batch *b, int64_t *msgs);
/* The rest of tkt-reply's write, in its transaction: the batch stored
 * (tkt_reply_post_all), each reply rendered as mail before the commit
 * when it goes out as mail (one that cannot is not stored), each
 * ticket's id printed or (--mail-out) the mail, the commit, the draft
 * dropped, and (--sendmail) the mail sent, *sent its exit status.  0,
 * or the error before the commit (nothing stored). */
int  tkt_reply_store_and_send(struct tkt_cli *cli, const struct tkt_reply_batch *b, int *sent);
/* The mail settings of path (tkt_config_load), with the help desk's
 * address to send from, or fail. */
struct tkt_config *tkt_reply_mail_config(struct tkt_cli *cli, const char *path);
/* Before the commit: each stored reply msgs[i] as mail into texts[i]
 * (but where nomail, which may be NULL, says none), so that a reply that
 * cannot go out as mail (a customer without an address) is not stored.
 * 0, or the error with every text freed. */
int  tkt_reply_mail_render(struct tkt_cli *cli, const struct tkt_config *c, const int64_t *msgs,
                           const char *nomail, char **texts, size_t n);
/* After the commit: each reply's mail on stdout, an mbox for several
 * (dated at); each text is freed. */
void tkt_reply_mail_print(char **texts, size_t n, time_t at);
/* Hand the replies msgs to the sendmail command (tkt_outbox_send): the
 * ticket of each one sent is printed (print), each one not sent said on
 * stderr, and counted in *unsent.  0, or tkt_outbox_send's error. */
int  tkt_reply_send(struct tkt_cli *cli, const struct tkt_config *c, const int64_t *msgs,
                    size_t n, int print, size_t *unsent);
/* After the commit, --sendmail: the replies through the command, as
 * tkt_reply_send does, an error said too; TKT_EXIT_UNSENT when any stays
 * queued, else 0. */
int  tkt_reply_send_queued(struct tkt_cli *cli, const struct tkt_config *c, const int64_t *msgs,
                           size_t n);

/* ---- mail-deliver.c, batch-import.c: tkt-new's --mail and --batch ------ */

/* tkt-new --mail: one message on stdin into the store, its envelope
 * sender sender (NULL or "": $SENDER), with the settings of the
 * configuration at config_path (NULL: the default).  What cannot be
 * stored is kept in the rejected-mail directory where it can be, and the
 * exit code tells the mail server whether to try again (EX_TEMPFAIL) or
 * not.  Returns tkt_cli_finish's. */
int tkt_cli_mail_deliver(struct tkt_cli *cli, const char *config_path, const char *sender);
/* tkt-new --batch: tickets with their history on stdin (tkt_import), in
 * chunks of chunk tickets (0: all in one), taken as given (trust) or
 * renumbered, the ids of each chunk printed before it is committed; a
 * store made for an import that kept nothing is removed.  Returns
 * tkt_cli_finish's. */
/* tkt-reply ID --accept N | --split N: the unverified mail N of ticket
 * id (a merged one's target) made its sender's customer message, or their
 * own ticket, whose id is printed; returns tkt_cli_finish's. */
int tkt_cli_message_judge(struct tkt_cli *cli, int64_t id, const char *number, int split);
/* tkt-reply --flush: send the replies queued of the tickets ids (all,
 * with none); returns tkt_cli_finish's (TKT_EXIT_UNSENT when one stays
 * unsent). */
int tkt_cli_outbox_flush(struct tkt_cli *cli, int64_t *ids, size_t nids, const char *config_path);
int tkt_cli_batch_import(struct tkt_cli *cli, size_t chunk, int trust, int renumber);

/* ---- qa-run.c: qa-check's tickets scored, a person's review recorded --- */

/* Score each ticket of filter f against cl (config: the targets of the
 * on-time and update items) in cli's store, writing each result to stdout
 * in format; with save, in one transaction, their verdicts kept
 * (tkt_qa_save: the store open for writing).  *below says whether a
 * ticket scored below min (negative: no minimum).  0 or the error; the
 * transaction's failures fail. */
int  tkt_cli_qa_check(struct tkt_cli *cli, const struct tkt_checklist *cl,
                      const struct tkt_config *config, const tkt_filter *f,
                      enum tkt_qa_format format, double min, int save, int *below);
/* qa-check --review ID: the verdicts words[0..n) ("ITEM=pass", "=fail" or
 * "=na", items of cl) on ticket id (a merged one's target), in one
 * transaction, its id printed; a bad verdict or any error fails. */
void tkt_cli_qa_review(struct tkt_cli *cli, const struct tkt_checklist *cl, int64_t id,
                       const char *const *words, size_t n);
/* qa-check --by agent: each agent's score from the saved verdicts of
 * window w (in the time zone of config; by default the 30 days to now),
 * and of the window of the same length before, as TSV or JSON lines; a
 * failure exits. */
int  tkt_cli_qa_by_agent(struct tkt_cli *cli, const struct tkt_checklist *cl,
                         const struct tkt_config *config, const struct tkt_window *w);

/* ---- the options of a window (window.c) -------------------------------- */

/* The entries of a tool's option table for its window (tkt_window_opt
 * takes each), and their --help lines after those of --since and --until. */
#define TKT_WINDOW_OPTS \
	{ TKT_WINDOW_SINCE, "since", 1 }, { TKT_WINDOW_UNTIL, "until", 1 }, \
	{ TKT_WINDOW_LAST, "last", 1 }, { TKT_WINDOW_DAY, "day", 1 }, \
	{ TKT_WINDOW_WEEK, "week", 1 }, { TKT_WINDOW_MONTH, "month", 1 }, \
	{ TKT_WINDOW_QUARTER, "quarter", 1 }, { TKT_WINDOW_YEAR, "year", 1 }
#define TKT_WINDOW_HELP \
	"      --last PERIOD         the last whole day, week (Monday to Monday), month,\n" \
	"                            quarter or year before the current one\n" \
	"      --day DATE            that day, like 2026-11-30\n" \
	"      --week WEEK           that ISO week, like 2026-W48\n" \
	"      --month MONTH         that month, like 2026-11\n" \
	"      --quarter QUARTER     that quarter, like 2026-Q4\n" \
	"      --year YEAR           that year, like 2026\n" \
	"                            (a period is a whole window, from midnight to\n" \
	"                            midnight in the configuration's time zone)\n"

#endif
