/* cli-modes.c: a tool of several modes (qa-check --draft, tkt-reply
 * --flush ...): which mode the options choose, what each takes, and the
 * template listings every tool of templates has. */
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
	const struct tkt_opt *o = tkt_cli_find_short(cli->opts, key);

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
