/* cli.c: what every tool shares: options (the common ones handled here),
 * ids from stdin, message bodies, errors and exit codes, the store. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tkt-tool.h"

enum {
	OPT_DB = 1000, OPT_AS, OPT_AT, OPT_JSON, OPT_VERSION,
};

/* How far ahead of now --at may be, in seconds: a clock a little fast. */
enum { AT_AHEAD = 5 * 60 };

static const struct tkt_opt common[] = {
	{ OPT_DB,      "db",      1 },
	{ OPT_AS,      "as",      1 },
	{ OPT_AT,      "at",      1 },
	{ OPT_JSON,    "json",    0 },
	{ 'q',         "quiet",   0 },
	{ 'h',         "help",    0 },
	{ OPT_VERSION, "version", 0 },
	{ 0, NULL, 0 },
};

/* The agent when neither --as, $TKT_AGENT nor config.yaml names one. */
static const char *
login_name(void)
{
	const char *e;
	struct passwd *pw;

	if ((pw = getpwuid(getuid())) && pw->pw_name && *pw->pw_name)
		return pw->pw_name;
	if ((e = getenv("USER")) && *e)
		return e;
	return "agent";
}

static int cleanup_set;
static void **kept;              /* what lives until the tool exits */
static size_t nkept;

static void
cli_cleanup(void)
{
	while (nkept)
		free(kept[--nkept]);
	free(kept);
	kept = NULL;
}

static void *
keep(void *p)
{
	kept = tkt_realloc(kept, (nkept + 1) * sizeof *kept);
	kept[nkept++] = p;
	return p;
}

void *
tkt_cli_calloc(size_t n, size_t size)
{
	return keep(tkt_calloc(n, size));
}

void *
tkt_cli_keep(void *p)
{
	return keep(p);
}

/* A tool out of memory ends as the system's error (71). */
static void
out_of_memory(size_t n)
{
	fprintf(stderr, "tkt: out of memory allocating %zu bytes\n", n);
	exit(EX_OSERR);
}

void
tkt_cli_init(struct tkt_cli *cli, int argc, char **argv, const char *prog,
             const char *usage, const struct tkt_opt *opts, int words)
{
	int fd;

	/* A closed standard stream would be the next file opened (a store, a
	 * kept mail) and output would go into it: hold its place with
	 * /dev/null, read-only, so writing to it still fails. */
	for (fd = 0; fd <= 2; fd++)
		if (fcntl(fd, F_GETFD) == -1 && errno == EBADF && open("/dev/null", O_RDONLY) != fd)
			abort();
	tkt_on_oom(out_of_memory);
	memset(cli, 0, sizeof *cli);
	cli->prog = prog;
	cli->usage = usage;
	cli->opts = opts;
	cli->dash_words = words;
	cli->argc = argc;
	cli->argv = argv;
	cli->argi = 1;
	if (tkt_now(&cli->now))
		tkt_cli_fail(cli, EX_CONFIG);
	if (!cleanup_set) {
		cleanup_set = 1;
		atexit(cli_cleanup);
	}
}

/* Print "prog: msg" as one line: control characters and bytes that are
 * not UTF-8 that input text brought into the message are shown escaped. */
static void
say(const char *prog, const char *msg)
{
	const unsigned char *p;
	tkt_buf b = TKT_BUF_INIT;
	long ok;

	tkt_buf_printf(&b, "%s: ", prog);
	for (p = (const unsigned char *)msg; *p; p++) {
		if (*p == '\n')
			tkt_buf_puts(&b, "\\n");
		else if (*p == '\t')
			tkt_buf_puts(&b, "\\t");
		else if (*p < 0x20 || *p == 0x7f)
			tkt_buf_printf(&b, "\\x%02x", *p);
		else if (*p < 0x80)
			tkt_buf_putc(&b, *p);
		else if ((ok = tkt_utf8_check((const char *)p, strnlen((const char *)p, 4))) != 0) {
			/* A whole character (or all that is valid of the next four bytes). */
			ok = ok < 0 ? (long)strnlen((const char *)p, 4) : ok;
			tkt_buf_add(&b, p, (size_t)ok);
			p += ok - 1;
		} else {
			tkt_buf_printf(&b, "\\x%02x", *p);
		}
	}
	tkt_buf_putc(&b, '\n');
	/* One write, so that the lines of processes sharing stderr stay whole. */
	(void)!write(STDERR_FILENO, b.s, b.len);   /* nowhere left to say it failed */
	tkt_buf_release(&b);
}

/* Roll back and close the store, free the filter and the configuration. */
static void
release(struct tkt_cli *cli)
{
	tkt_store_close(cli->store);
	cli->store = NULL;
	tkt_filter_free(cli->filter);
	cli->filter = NULL;
	tkt_config_free(cli->config);
	cli->config = NULL;
}

void
tkt_cli_warn(struct tkt_cli *cli)
{
	say(cli->prog, tkt_errmsg());
}

void
tkt_cli_usage(struct tkt_cli *cli, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	say(cli->prog, msg);
	release(cli);
	exit(cli->exit_as ? cli->exit_as : EX_USAGE);
}

void
tkt_cli_fail(struct tkt_cli *cli, int code)
{
	say(cli->prog, tkt_errmsg());
	release(cli);
	exit(cli->exit_as ? cli->exit_as : code ? code : EX_SOFTWARE);
}

static const struct tkt_opt *
find_long(const struct tkt_opt *opts, const char *name, size_t n)
{
	for (; opts && opts->key; opts++)
		if (opts->name && strlen(opts->name) == n && strncmp(opts->name, name, n) == 0)
			return opts;
	return NULL;
}

static const struct tkt_opt *
find_short(const struct tkt_opt *opts, int c)
{
	for (; opts && opts->key; opts++)
		if (opts->key == c)
			return opts;
	return NULL;
}

/* The edit distance of a and b (n and m bytes, at most 32 each; more is
 * far): insertions, deletions, substitutions and swaps of neighbours. */
static size_t
distance(const char *a, size_t n, const char *b, size_t m)
{
	size_t d[33][33], i, j, x;

	if (n > 32 || m > 32)
		return (size_t)-1;
	for (i = 0; i <= n; i++)
		d[i][0] = i;
	for (j = 0; j <= m; j++)
		d[0][j] = j;
	for (i = 1; i <= n; i++)
		for (j = 1; j <= m; j++) {
			x = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
			if (d[i - 1][j] + 1 < x)
				x = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < x)
				x = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    d[i - 2][j - 2] + 1 < x)
				x = d[i - 2][j - 2] + 1;
			d[i][j] = x;
		}
	return d[n][m];
}

/* The long options whose names begin with name (n bytes), or (near)
 * those nearest to it by a few edits, as "'--color' or '--config'" into
 * buf; how many.  *last (may be NULL) gets the last, *in_common whether
 * it is a common option. */
static size_t
long_names(const struct tkt_cli *cli, const char *name, size_t n, int near, char *buf,
           size_t size, const struct tkt_opt **last, int *in_common)
{
	const struct tkt_opt *lists[] = { cli->opts, common }, *o;
	size_t i, d, best = (size_t)-1, len = 0, count = 0, pass;

	buf[0] = '\0';
	/* The first pass finds the least distance, the second names them. */
	for (pass = near ? 0 : 1; pass < 2; pass++)
		for (i = 0; i < 2; i++)
			for (o = lists[i]; o && o->key; o++) {
				if (!o->name)
					continue;
				if (near) {
					size_t m = strlen(o->name), limit = ((n > m ? n : m) + 2) / 4;

					d = distance(name, n, o->name, m);
					if (d > (limit ? limit : 1) || (pass == 0 ? d >= best : d != best)) {
						continue;
					} else if (pass == 0) {
						best = d;
						continue;
					}
				} else if (strncmp(o->name, name, n) != 0) {
					continue;
				}
				if (len < size)
					len += (size_t)snprintf(buf + len, size - len, "%s'--%s'",
					                        count ? " or " : "", o->name);
				if (last) {
					*last = o;
					*in_common = (int)i;
				}
				count++;
			}
	return count;
}

/* What the tool's options say of a word meant as option name (n bytes):
 * "; did you mean '--color'?" into buf, or "". */
static const char *
did_you_mean(const struct tkt_cli *cli, const char *name, size_t n, char *buf, size_t size)
{
	char names[256];

	if (n && (long_names(cli, name, n, 0, names, sizeof names, NULL, NULL) == 1 ||
	          long_names(cli, name, n, 1, names, sizeof names, NULL, NULL) > 0))
		snprintf(buf, size, "; did you mean %s?", names);
	else
		buf[0] = '\0';
	return buf;
}

/* The long option of name (n bytes), or of which it is a unique prefix;
 * *is_common says whether it is one of the common ones.  Exits 64 for
 * none (naming the nearest) or several (naming them). */
static const struct tkt_opt *
long_opt(struct tkt_cli *cli, const char *name, size_t n, int *is_common)
{
	const struct tkt_opt *o;
	char names[256], mean[300];
	size_t count;

	*is_common = 0;
	if ((o = find_long(cli->opts, name, n)))
		return o;
	if ((o = find_long(common, name, n))) {
		*is_common = 1;
		return o;
	}
	count = n ? long_names(cli, name, n, 0, names, sizeof names, &o, is_common) : 0;
	if (count == 1)
		return o;
	if (count > 1)
		tkt_cli_usage(cli, "ambiguous option '--%.*s': %s", (int)n, name, names);
	if (*did_you_mean(cli, name, n, mean, sizeof mean))
		tkt_cli_usage(cli, "unknown option '--%.*s'%s", (int)n, name, mean);
	tkt_cli_usage(cli, "unknown option '--%.*s' (see %s --help)", (int)n, name, cli->prog);
}

/* Whether s begins with a letter, of any script. */
static int
letter_first(const char *s)
{
	return isalpha((unsigned char)*s) || (unsigned char)*s >= 0x80;
}

/* Exit 64 for a -word that is not an option of a tool without dash
 * words: a long option written with one dash, a tag written -TAG, a
 * value that begins with a letter attached to its option (o). */
TKT_NORETURN static void
bad_short(struct tkt_cli *cli, const char *a, const struct tkt_opt *o)
{
	char mean[300], tag[300] = "";
	size_t n = strlen(a + 1);

	if (n > 1 && *did_you_mean(cli, a + 1, n, mean, sizeof mean))
		tkt_cli_usage(cli, "unknown option '%s'%s", a, mean);
	if ((cli->dash_words & TKT_PLUS_TAGS) && tkt_word_valid(a + 1))
		snprintf(tag, sizeof tag, "tags are written +%s", a + 1);
	if (o && o->arg && a[2])
		tkt_cli_usage(cli, "unknown option '%s' (%s%sa value of -%c that begins with a "
		              "letter goes after a space, '-%c %s', or '--%s=%s')", a, tag,
		              *tag ? "; " : "", o->key, o->key, a + 2, o->name, a + 2);
	if (*tag)
		tkt_cli_usage(cli, "unknown option '%s' (%s)", a, tag);
	tkt_cli_usage(cli, "unknown option '%s' (see %s --help)", a, cli->prog);
}

/* An option's value arg: a second one, different, is refused unless the
 * option may be given again. */
static void
value_once(struct tkt_cli *cli, const struct tkt_opt *o, int is_common, const char *arg)
{
	size_t nopts = 0, i;

	if (o->arg != 1)
		return;
	while (cli->opts && cli->opts[nopts].key)
		nopts++;
	if (!cli->values)
		cli->values = keep(tkt_calloc(nopts + sizeof common / sizeof *common,
		                              sizeof *cli->values));
	i = is_common ? nopts + (size_t)(o - common) : (size_t)(o - cli->opts);
	if (cli->values[i] && strcmp(cli->values[i], arg) != 0) {
		if (o->key > 0 && o->key < 256)
			tkt_cli_usage(cli, "-%c given twice ('%s', then '%s'): give it once", o->key,
			              cli->values[i], arg);
		tkt_cli_usage(cli, "--%s given twice ('%s', then '%s'): give it once", o->name,
		              cli->values[i], arg);
	}
	cli->values[i] = arg;
}

/* An agent name goes into the thread and the audit log: one line of text. */
static void
agent_check(struct tkt_cli *cli, const char *name, const char *from)
{
	if (!tkt_line_valid(name))
		tkt_cli_fail(cli, tkt_error(EX_DATAERR, "bad agent name '%s' (%s): one line of "
		                            "UTF-8 text", name, from));
}

/* Load config.yaml (--config, else the default) once: 0, or the error it
 * gave, said again at each call.  A tool that never needs it is not
 * stopped by a broken one. */
static int
config_load(struct tkt_cli *cli)
{
	if (!cli->config && !cli->config_rc &&
	    (cli->config_rc = tkt_config_load(cli->config_path, &cli->config)))
		cli->config_err = keep(tkt_strdup(tkt_errmsg()));
	return cli->config_rc ? tkt_error(cli->config_rc, "%s", cli->config_err) : 0;
}

/* Once the options are read: the acting agent (--as, else $TKT_AGENT,
 * else config.yaml's agent:, else the login), as the team's login when
 * the team knows them.  An unknown name given to --as is refused; any
 * other (a cron job's, a mail server's account) acts as itself. */
static void
settle(struct tkt_cli *cli)
{
	const char *name = cli->agent, *e, *login;

	if (cli->settled)
		return;
	cli->settled = 1;
	(void)config_load(cli);         /* what fails fails at tkt_cli_open */
	if (!name) {
		if ((e = getenv("TKT_AGENT")) && *e)
			name = e;
		else if (cli->config && cli->config->agent)
			name = cli->config->agent;
		else
			name = login_name();
		agent_check(cli, name, "$TKT_AGENT or the login name");
	}
	if (tkt_team_value(cli->config, "agent", name, &login)) {
		if (cli->agent)
			tkt_cli_fail(cli, tkt_error(EX_DATAERR, "--as: %s", tkt_errmsg()));
		login = name;
	}
	cli->agent = keep(tkt_strdup(login));
}

const struct tkt_config *
tkt_cli_config(struct tkt_cli *cli)
{
	int rc = config_load(cli);

	if (rc)
		tkt_cli_fail(cli, rc);
	return cli->config;
}

int
tkt_cli_team(struct tkt_cli *cli, const char *key, const char **value)
{
	int me = strcmp(key, "assignee") == 0 && *value && strcmp(*value, "me") == 0, rc;
	const struct tkt_config *c;

	if ((rc = config_load(cli)))
		return rc;
	c = cli->config;
	if ((strcmp(key, "assignee") && strcmp(key, "group")) || (!c->nagents && !c->ngroups))
		return 0;                     /* not the team's, or no team: as given */
	if ((rc = tkt_team_value(c, key, me ? cli->agent : *value, value)) && me)
		tkt_error(rc, "assignee 'me' is '%s', not one of the team's agents", cli->agent);
	return rc;
}

/* Handle a common option; returns 1 when it was one. */
static int
common_opt(struct tkt_cli *cli, int key, const char *arg)
{
	time_t t, now;
	char when[32], buf[32];

	switch (key) {
	case OPT_DB:
		cli->db = arg;
		return 1;
	case OPT_AS:
		agent_check(cli, arg, "--as");
		cli->agent = arg;
		return 1;
	case OPT_AT:
		/* now and its relative times are those of TKT_NOW, when set. */
		if (tkt_now(&now))
			tkt_cli_fail(cli, EX_CONFIG);
		if (tkt_time_parse(arg, now, &t, NULL))
			tkt_cli_fail(cli, tkt_error(EX_DATAERR, "--at: %s", tkt_errmsg()));
		/* History is imported with its own times (tkt-new --batch,
		 * tkt-import), never by --at: a later one is a typo. */
		if (t > now + AT_AHEAD)
			tkt_cli_fail(cli, tkt_error(EX_DATAERR, "--at %s: %s is in the future (now is %s)",
			                            arg, tkt_time_iso(t, when), tkt_time_iso(now, buf)));
		cli->now = t;
		cli->at_given = 1;
		return 1;
	case OPT_JSON:
		cli->json = 1;
		return 1;
	case 'q':
		cli->quiet = 1;
		return 1;
	case 'h':
		fputs(cli->usage, stdout);
		exit(tkt_out_flush(stdout, "stdout") ? EX_IOERR : 0);
	case OPT_VERSION:
		printf("%s (tkt) %s\n", cli->prog, TKT_VERSION);
		exit(tkt_out_flush(stdout, "stdout") ? EX_IOERR : 0);
	}
	return 0;
}

/* A word of a tool of TKT_DASH_WORDS that names a tag, kept to be
 * looked up once the store is open. */
static void
tag_word(struct tkt_cli *cli, const char *a)
{
	if ((a[0] != '-' && a[0] != '+') || !a[1] ||
	    (a[0] == '+' && (cli->dash_words & TKT_PLUS_TAGS)))
		return;
	if (!cli->tag_words)
		cli->tag_words = keep(tkt_calloc((size_t)cli->argc, sizeof *cli->tag_words));
	cli->tag_words[cli->ntag_words].word = a;
	cli->tag_words[cli->ntag_words++].after_dashes = cli->only_words;
}

int
tkt_cli_next(struct tkt_cli *cli, const char **arg)
{
	const struct tkt_opt *o;
	const char *a, *eq;
	int is_common;

	*arg = NULL;
	for (;;) {
		if (cli->argi >= cli->argc) {
			settle(cli);
			return TKT_OPT_END;
		}
		a = cli->argv[cli->argi++];
		if (cli->only_words || a[0] != '-' || a[1] == '\0') {
			if (cli->dash_words & TKT_DASH_WORDS)
				tag_word(cli, a);
			*arg = a;
			return TKT_OPT_WORD;
		}
		if (strcmp(a, "--") == 0) {
			cli->only_words = 1;
			continue;
		}
		if (a[1] == '-') {
			size_t n = (eq = strchr(a + 2, '=')) ? (size_t)(eq - a - 2) : strlen(a + 2);

			o = long_opt(cli, a + 2, n, &is_common);
			if (o->arg) {
				if (eq)
					*arg = eq + 1;
				else if (cli->argi < cli->argc)
					*arg = cli->argv[cli->argi++];
				else
					tkt_cli_usage(cli, "option '--%s' needs a value", o->name);
			} else if (eq) {
				tkt_cli_usage(cli, "option '--%s' takes no value", o->name);
			}
		} else {
			is_common = 0;
			if (!(o = find_short(cli->opts, (unsigned char)a[1])) &&
			    (o = find_short(common, (unsigned char)a[1])))
				is_common = 1;
			/* "-word" is a word (a tag to remove, a filter) unless it is
			 * exactly an option; tools without such words take -xVALUE,
			 * but for a value that begins with a letter: -refund is no
			 * "-r efund", and -mail no "-m ail". */
			if ((cli->dash_words & TKT_DASH_WORDS) && (!o || a[2])) {
				tag_word(cli, a);
				*arg = a;
				return TKT_OPT_WORD;
			}
			if (!o || (a[2] && (!o->arg || letter_first(a + 2))))
				bad_short(cli, a, o);
			if (o->arg) {
				if (a[2])
					*arg = a + 2;
				else if (cli->argi < cli->argc)
					*arg = cli->argv[cli->argi++];
				else
					tkt_cli_usage(cli, "option '-%c' needs a value", o->key);
			}
		}
		if (o->arg)
			value_once(cli, o, is_common, *arg);
		if (is_common && common_opt(cli, o->key, *arg))
			continue;
		if (o->name && strcmp(o->name, "config") == 0)
			cli->config_path = *arg;    /* the tool's config.yaml is the team's */
		return o->key;
	}
}

/* Whether the arguments of a tool of TKT_PLUS_TAGS add the tag as well
 * (tkt-tag +x -x): it is no typo. */
static int
added(const struct tkt_cli *cli, const char *tag)
{
	int i;

	if (cli->dash_words & TKT_PLUS_TAGS)
		for (i = 1; i < cli->argc; i++)
			if (cli->argv[i][0] == '+' && strcmp(cli->argv[i] + 1, tag) == 0)
				return 1;
	return 0;
}

/* The tag words of the tool's arguments, looked up in the store: a tag
 * no ticket has ever had is most likely a typo (-refnud), an option
 * written with one dash (-json) or, for one letter, an unknown option. */
static void
tag_words_check(struct tkt_cli *cli)
{
	const struct tkt_opt *o;
	char mean[300];
	size_t i;
	int rc, known;

	for (i = 0; i < cli->ntag_words; i++) {
		const struct tkt_tag_word *w = &cli->tag_words[i];
		const char *tag = w->word + 1;

		if (!tkt_word_valid(tag) || added(cli, tag))
			continue;
		if ((rc = tkt_tag_known(cli->store, tag, &known)))
			tkt_cli_fail(cli, rc);
		if (known)
			continue;
		if (w->word[0] == '-' && !tag[1] && !w->after_dashes)
			tkt_cli_usage(cli, "unknown option '%s', and no ticket has had a tag '%s' "
			              "(see %s --help)", w->word, tag, cli->prog);
		did_you_mean(cli, tag, strlen(tag), mean, sizeof mean);
		if (!*mean && w->word[0] == '-' && (o = find_short(cli->opts, tag[0])) && o->arg)
			snprintf(mean, sizeof mean, "; did you mean '-%c %s'?", tag[0], tag + 1);
		tkt_error(0, "no ticket has ever had the tag '%s' (%s)%s", tag, w->word, mean);
		tkt_cli_warn(cli);
	}
}

int
tkt_cli_try_open(struct tkt_cli *cli, enum tkt_open_mode mode)
{
	char *path;
	int rc;

	if ((rc = config_load(cli)))
		return rc;
	path = cli->db ? tkt_strdup(cli->db) : tkt_store_path_from(cli->config->store);
	rc = path ? tkt_store_open(&cli->store, path, mode) : EX_CONFIG;
	free(path);
	return rc;
}

tkt_store *
tkt_cli_open(struct tkt_cli *cli, enum tkt_open_mode mode)
{
	int rc = tkt_cli_try_open(cli, mode);

	if (rc)
		tkt_cli_fail(cli, rc);
	tag_words_check(cli);
	return cli->store;
}

tkt_filter *
tkt_cli_filter(struct tkt_cli *cli, const char *const *words, size_t n)
{
	size_t i;
	int rc;

	tkt_filter_free(cli->filter);
	cli->filter = tkt_filter_new(cli->now, cli->agent);
	for (i = 0; i < n; i++)
		if ((rc = tkt_filter_add(cli->filter, words[i])))
			tkt_cli_fail(cli, rc);
	return cli->filter;
}

void
tkt_cli_begin(struct tkt_cli *cli)
{
	int rc = tkt_begin(cli->store);

	if (rc)
		tkt_cli_fail(cli, rc);
}

/* Whether stdout is a pipe whose reader has gone (like head after its
 * lines): output no one wanted any more, not an error to report. */
static int
reader_gone(void)
{
	struct pollfd p = { STDOUT_FILENO, 0, 0 };

	return poll(&p, 1, 0) == 1 && (p.revents & POLLERR);
}

/* With SIGPIPE ignored, a reader that has gone ends the process as if
 * it were not. */
int
tkt_cli_flush(void)
{
	if (tkt_out_flush(stdout, "stdout") == 0)
		return 0;
	if (reader_gone()) {
		signal(SIGPIPE, SIG_DFL);
		raise(SIGPIPE);
	}
	return EX_IOERR;
}

void
tkt_cli_commit(struct tkt_cli *cli)
{
	int rc;

	/* What the command prints goes out first: when it cannot, nothing
	 * is stored, and a script that retries does not store it twice. */
	if ((rc = tkt_cli_flush())) {
		tkt_error(rc, "%s; nothing stored", tkt_errmsg());
		tkt_store_discard(cli->store);      /* and a store it made goes */
		cli->store = NULL;
		tkt_cli_fail(cli, rc);
	}
	if ((rc = tkt_commit(cli->store)))
		tkt_cli_fail(cli, rc);
}

int64_t *
tkt_cli_stdin_ids(struct tkt_cli *cli, size_t *n)
{
	char *line = NULL, *tok;
	size_t cap = 0, lineno = 0, idcap = 0;
	ssize_t len;
	int64_t id, *ids = NULL;
	int rc = 0;

	*n = 0;
	if (isatty(STDIN_FILENO))
		tkt_cli_usage(cli, "no ticket id given (as arguments or on stdin)");
	while (!rc && (len = getline(&line, &cap, stdin)) >= 0) {
		lineno++;
		if (memchr(line, '\0', (size_t)len)) {
			rc = tkt_error(EX_DATAERR, "stdin line %zu: NUL byte", lineno);
			break;
		}
		tok = line + strspn(line, " \t\r\n");
		tok[strcspn(tok, " \t\r\n")] = '\0';
		if (!*tok)
			continue;
		if (tkt_id_parse(tok, &id)) {
			rc = tkt_error(EX_DATAERR, "stdin line %zu: %s", lineno, tkt_errmsg());
			break;
		}
		if (*n == idcap)
			ids = tkt_realloc(ids, (idcap = idcap * 2 + 16) * sizeof *ids);
		ids[(*n)++] = id;
	}
	free(line);
	if (!rc && ferror(stdin))
		rc = tkt_error(EX_IOERR, "cannot read stdin: %s", strerror(errno));
	if (rc) {
		free(ids);
		tkt_cli_fail(cli, rc);
	}
	/* A pipe or a file that turned out empty (a filter that matched
	 * nothing, from cron): nothing to do. */
	if (*n == 0) {
		free(ids);
		exit(tkt_cli_finish(cli, 0));
	}
	return keep(ids);
}

/* Read all of fp, but stop once more than max bytes are read. */
static int
slurp(FILE *fp, const char *name, size_t max, tkt_buf *b)
{
	char chunk[65536];
	size_t n;

	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0) {
		tkt_buf_add(b, chunk, n);
		if (b->len > max)
			break;
	}
	if (ferror(fp))
		return tkt_error(EX_IOERR, "cannot read %s: %s", name, strerror(errno));
	return 0;
}

char *
tkt_cli_read_all(struct tkt_cli *cli, FILE *fp, const char *what, size_t max, size_t *len)
{
	tkt_buf b = TKT_BUF_INIT;
	int rc = slurp(fp, what, max, &b);

	if (!rc && b.len > max) {
		rc = tkt_error(EX_DATAERR, "%s is too large (more than %zu bytes)", what, max);
		cli->exit_as = 0;        /* it will never fit: retrying cannot help */
	}
	if (rc) {
		tkt_buf_release(&b);
		tkt_cli_fail(cli, rc);
	}
	*len = b.len;
	return keep(tkt_buf_detach(&b));
}

char *
tkt_cli_body(struct tkt_cli *cli, const char *const *m, size_t nm, const char *file,
             enum tkt_body_from from)
{
	tkt_buf b = TKT_BUF_INIT;
	const char *what = "message body";
	char *body;
	size_t i;
	int rc = 0;

	if (nm) {
		for (i = 0; i < nm; i++) {
			if (i)
				tkt_buf_puts(&b, "\n\n");
			tkt_buf_puts(&b, m[i]);
		}
	} else if (file && strcmp(file, "-") != 0) {
		FILE *fp = fopen(file, "rb");

		if (!fp)
			tkt_cli_fail(cli, tkt_error(errno == ENOENT ? EX_NOINPUT : EX_IOERR,
			                            "cannot open '%s': %s", file, strerror(errno)));
		rc = slurp(fp, file, TKT_BODY_MAX, &b);
		fclose(fp);
		what = file;
	} else if (file || (from != TKT_BODY_ARGS && !isatty(STDIN_FILENO))) {
		rc = slurp(stdin, "stdin", TKT_BODY_MAX, &b);
		what = "message body on stdin";
		if (!rc && !file && from == TKT_BODY_STDIN_OPTIONAL &&
		    strspn(tkt_buf_str(&b), " \t\r\n") == b.len) {
			tkt_buf_release(&b);
			return NULL;
		}
	} else {
		return NULL;
	}
	if (rc || (rc = tkt_body_check(what, b.s ? b.s : "", b.len, &body))) {
		tkt_buf_release(&b);
		tkt_cli_fail(cli, rc);
	}
	tkt_buf_release(&b);
	return keep(body);
}

void
tkt_cli_resolve(struct tkt_cli *cli, int64_t *ids, size_t *n)
{
	int rc;

	if ((rc = tkt_tickets_resolve(cli->store, ids, n)))
		tkt_cli_fail(cli, rc);
}

void
tkt_cli_print_id(struct tkt_cli *cli, int64_t id)
{
	if (cli->quiet)
		return;
	if (cli->json)
		printf("{\"id\":%lld}\n", (long long)id);
	else
		printf("%lld\n", (long long)id);
}

int
tkt_cli_finish(struct tkt_cli *cli, int status)
{
	int rc;

	release(cli);
	if ((rc = tkt_term_close())) {
		say(cli->prog, tkt_errmsg());
		return cli->exit_as ? cli->exit_as : rc;
	}
	if (tkt_cli_flush()) {
		say(cli->prog, tkt_errmsg());
		return cli->exit_as ? cli->exit_as : EX_IOERR;
	}
	return status;
}

/* ---- modes ------------------------------------------------------------ */

int
tkt_cli_templates_check(const char *const *files, size_t n)
{
	size_t i;
	int status = 0;

	for (i = 0; i < n; i++) {
		char *problems;
		int rc = tkt_template_check(files[i], &problems);

		fputs(problems ? problems : "", stderr);
		free(problems);
		if (rc && !status)
			status = rc;
	}
	return status;
}

int
tkt_cli_templates(struct tkt_cli *cli, const char *kind, const char *name)
{
	int rc = name ? tkt_template_show(kind, name, stdout) : tkt_template_print_list(kind, stdout);

	if (rc)
		tkt_cli_fail(cli, rc);
	return tkt_cli_finish(cli, 0);
}

/* How the messages name the kinds of word, from TKT_ARG_IDS down. */
static const char *const arg_kinds[] = { "ticket ids", "'-'", "filter words", "tags", "files" };

/* An option or kind of word as the messages name it: -m, --note, tags. */
static const char *
arg_name(const struct tkt_cli *cli, int key, char *buf, size_t size)
{
	const struct tkt_opt *o = find_short(cli->opts, key);

	if (key <= TKT_ARG_IDS && key > TKT_ARG_ANY)
		return arg_kinds[TKT_ARG_IDS - key];
	if (key > 0 && key < 256)
		snprintf(buf, size, "-%c", key);
	else
		snprintf(buf, size, "--%s", o && o->name ? o->name : "?");
	return buf;
}

/* Whether key is in list (0-ended, NULL for none). */
static int
listed(const int *list, int key)
{
	for (; list && *list; list++)
		if (*list == key || *list == TKT_ARG_ANY)
			return 1;
	return 0;
}

TKT_NORETURN static void
excluded(struct tkt_cli *cli, int a, int b, const char *why)
{
	char x[80], y[80];

	tkt_cli_usage(cli, "%s and %s exclude each other%s%s", arg_name(cli, a, x, sizeof x),
	              arg_name(cli, b, y, sizeof y), why ? ": " : "", why ? why : "");
}

void
tkt_cli_conflict(struct tkt_cli *cli, int a, int b)
{
	excluded(cli, a, b, NULL);
}

/* Say which modes key goes with, if any takes it. */
static void
goes_with(struct tkt_cli *cli, const struct tkt_mode *modes, int key)
{
	const struct tkt_mode *m;
	char with[256] = "", x[80], y[80];
	size_t n = 0;

	for (m = modes; m->key; m++)
		if (listed(m->takes, key) && n < sizeof with)
			n += (size_t)snprintf(with + n, sizeof with - n, "%s%s", n ? " or " : "",
			                      arg_name(cli, m->key, x, sizeof x));
	if (n)
		tkt_cli_usage(cli, "%s goes with %s", arg_name(cli, key, y, sizeof y), with);
}

const struct tkt_mode *
tkt_cli_mode(struct tkt_cli *cli, const struct tkt_mode *modes, const int *given)
{
	const struct tkt_mode *m, *plain;
	const struct tkt_rule *r;
	char x[80], y[80];
	const int *g;

	for (plain = modes; plain->key; plain++)
		;
	for (m = modes; m->key && !listed(given, m->key); m++)
		;
	for (g = given; *g; g++) {
		if (*g == m->key || listed(m->takes, *g) || listed(m->ignores, *g))
			continue;
		/* Not the mode's: an option of other modes only, or one that
		 * excludes the mode's option. */
		if (!listed(plain->takes, *g))
			goes_with(cli, modes, *g);
		if (!m->key)
			abort();        /* a table without a mode for what the tool takes */
		excluded(cli, m->key, *g, m->why);
	}
	for (r = m->rules; r && r->a; r++) {
		if (!listed(given, r->a))
			continue;
		if (r->need && !listed(given, r->b))
			tkt_cli_usage(cli, "%s needs %s: use it with %s", arg_name(cli, r->a, x, sizeof x),
			              r->need, arg_name(cli, r->b, y, sizeof y));
		if (!r->need && listed(given, r->b))
			excluded(cli, r->a, r->b, r->why);
	}
	return m;
}
