/* cli-opts.c: the command line of every tool: its options and the common
 * ones (--db, --as, --at, --json, -q, --help, --version), long ones by a
 * unique prefix, the nearest offered for a typo, tag words checked
 * against the tags the store has had, the acting agent settled. */
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
#include "cli-int.h"


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

static const struct tkt_opt *
find_long(const struct tkt_opt *opts, const char *name, size_t n)
{
	for (; opts && opts->key; opts++)
		if (opts->name && strlen(opts->name) == n && strncmp(opts->name, name, n) == 0)
			return opts;
	return NULL;
}

const struct tkt_opt *
tkt_cli_find_short(const struct tkt_opt *opts, int c)
{
	for (; opts && opts->key; opts++)
		if (opts->key == c)
			return opts;
	return NULL;
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

					d = tkt_distance(name, n, o->name, m);
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
		cli->values = tkt_cli_keep(tkt_calloc(nopts + sizeof common / sizeof *common,
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
int
tkt_cli_config_load(struct tkt_cli *cli)
{
	if (!cli->config && !cli->config_rc &&
	    (cli->config_rc = tkt_config_load(cli->config_path, &cli->config)))
		cli->config_err = tkt_cli_keep(tkt_strdup(tkt_errmsg()));
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
	(void)tkt_cli_config_load(cli);         /* what fails fails at tkt_cli_open */
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
	cli->agent = tkt_cli_keep(tkt_strdup(login));
}

const struct tkt_config *
tkt_cli_config(struct tkt_cli *cli)
{
	int rc = tkt_cli_config_load(cli);

	if (rc)
		tkt_cli_fail(cli, rc);
	return cli->config;
}

int
tkt_cli_team(struct tkt_cli *cli, const char *key, const char **value)
{
	int me = strcmp(key, "assignee") == 0 && *value && strcmp(*value, "me") == 0, rc;
	const struct tkt_config *c;

	if ((rc = tkt_cli_config_load(cli)))
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
		cli->tag_words = tkt_cli_keep(tkt_calloc((size_t)cli->argc, sizeof *cli->tag_words));
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
			if (!(o = tkt_cli_find_short(cli->opts, (unsigned char)a[1])) &&
			    (o = tkt_cli_find_short(common, (unsigned char)a[1])))
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
void
tkt_cli_tag_words_check(struct tkt_cli *cli)
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
		if (!*mean && w->word[0] == '-' && (o = tkt_cli_find_short(cli->opts, tag[0])) && o->arg)
			snprintf(mean, sizeof mean, "; did you mean '-%c %s'?", tag[0], tag + 1);
		tkt_error(0, "no ticket has ever had the tag '%s' (%s)%s", tag, w->word, mean);
		tkt_cli_warn(cli);
	}
}
