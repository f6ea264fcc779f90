/* tkt-ls: list the tickets that match filter words. */
#include <stdlib.h>
#include <string.h>

#include "tkt-tool.h"

static const char usage[] =
	"usage: tkt-ls [FILTER...] [-S KEY] [-r] [-n LIMIT] [-q] [--json] [--config FILE]\n"
	"              [--color WHEN] [--db STORE] [--as NAME] [--at TIME]\n"
	"       tkt-ls --values KEY [--db STORE] [--json]\n"
	"\n"
	"List the tickets matching every FILTER word, one per line: id, status,\n"
	"priority, age, requester and subject, separated by tabs.  Exits 1 when\n"
	"no ticket matches.  On a terminal the age reads \"2h ago\", a column after\n"
	"it says which target is due next and when (\"first-reply in 3h\",\n"
	"\"resolution 2h late\") and the list goes through $TKT_PAGER, $PAGER or\n"
	"less.  FILTER words (see tkt(7)):\n"
	"\n"
	"  KEY=VALUE, KEY!=VALUE     status, priority, type, channel, assignee, group,\n"
	"                            requester, template, id, tag, field.NAME;\n"
	"                            VALUE may be a list: status=new,open\n"
	"  requester=WHO             an email (any case), @handle, name, Name <email>\n"
	"                            or *@DOMAIN: every email at the domain\n"
	"  KEY<TIME, KEY>=TIME ...   created, updated, solved: a date, a time or 7d\n"
	"  age>DURATION ...          time since created; waiting: time the customer\n"
	"                            has waited for an agent (90m, 24h, 2d, 1w)\n"
	"  +TAG, -TAG                has the tag, lacks it\n"
	"  breach=TARGET             unsolved and past a target of its priority:\n"
	"                            first-reply, next-reply, update, resolution, any\n"
	"  due<DURATION ...          unsolved, with this much time left to its next\n"
	"                            target (on the target's clock; past ones count)\n"
	"  text~WORDS                every word (3 characters or more, \"a phrase\" in\n"
	"                            quotes) in the subject, messages or fields, any\n"
	"                            case and accents; subject~, body~: in one of them\n"
	"  requester~WORDS[,WORDS]   the same in the requester's name, email, handle\n"
	"\n"
	"  -S, --sort KEY            id, created, updated, priority, status, age,\n"
	"                            waiting, subject, requester, assignee (default id);\n"
	"                            due: the soonest due first, nothing due last;\n"
	"                            rank: the best match of the text~ words first\n"
	"  -r, --reverse             reverse the order\n"
	"  -n, --limit LIMIT         list at most LIMIT tickets\n"
	"  -q, --quiet               print only the ids\n"
	"      --json                print one JSON object per ticket, with when it\n"
	"                            is due: due, due_in, due_target and breach\n"
	"      --config FILE         the targets for breach=, due and the due column\n"
	"                            (default $TKT_CONFIG, else\n"
	"                            $XDG_CONFIG_HOME/tkt/config.yaml)\n"
	"      --color WHEN          colour status and priority: auto (on a terminal,\n"
	"                            unless $NO_COLOR), always, never\n"
	"      --values KEY          print the values KEY has in the store, one per line,\n"
	"                            sorted: tag, assignee, group, type, template,\n"
	"                            requester, field (the field names) or field.NAME\n"
	TKT_COMMON_HELP;

enum { OPT_CONFIG = 256, OPT_VALUES, OPT_COLOR };

static const struct tkt_opt opts[] = {
	{ 'S', "sort", 1 }, { 'r', "reverse", 0 }, { 'n', "limit", 1 },
	{ OPT_CONFIG, "config", 1 }, { OPT_VALUES, "values", 1 }, { OPT_COLOR, "color", 1 },
	{ 0, NULL, 0 },
};

struct ctx {
	struct tkt_cli *cli;
	struct tkt_term term;
};

static int
print_row(const struct tkt_row *row, void *arg)
{
	struct ctx *c = arg;
	char age[32], due[64];

	if (c->cli->json) {
		/* The object, when it is due and its snippet as its last members. */
		printf("%.*s,", (int)strlen(row->json) - 1, row->json);
		tkt_sla_json(stdout, row->due);
		if (row->snippet) {
			fputs(",\"snippet\":", stdout);
			tkt_out_json_snippet(stdout, row->snippet);
		}
		puts("}");
	} else if (c->cli->quiet) {
		printf("%lld\n", (long long)row->id);
	} else {
		printf("%lld\t", (long long)row->id);
		tkt_term_field(&c->term, stdout, TKT_PAINT_STATUS, row->status);
		putchar('\t');
		tkt_term_field(&c->term, stdout, TKT_PAINT_PRIORITY, row->priority);
		printf("\t%s\t", tkt_term_age(&c->term, row->created, age));
		if (row->due)
			printf("%s\t", tkt_term_due(&c->term, row->due, due));
		tkt_out_field(stdout, row->requester);
		putchar('\t');
		tkt_out_field(stdout, row->subject);
		putchar('\n');
		if (row->snippet) {
			fputs("    ", stdout);
			tkt_term_marked(&c->term, stdout, row->snippet->text, row->snippet->spans,
			                row->snippet->nspans);
			putchar('\n');
		}
	}
	return tkt_term_gone();    /* the pager has quit: enough */
}

/* --values KEY: the values KEY has in the store, one per line. */
static int
print_values(struct tkt_cli *cli, const char *key)
{
	char **values, **v;
	int rc;

	tkt_cli_open(cli, TKT_READ);
	if ((rc = tkt_values(cli->store, key, &values)))
		tkt_cli_fail(cli, rc);
	for (v = values; *v; v++) {
		if (cli->json)
			tkt_out_json_str(stdout, *v);
		else
			tkt_out_field(stdout, *v);
		putchar('\n');
	}
	tkt_strv_free(values);
	return tkt_cli_finish(cli, 0);
}

int
main(int argc, char **argv)
{
	struct tkt_cli cli;
	struct tkt_list_opts lo = { 0 };
	struct ctx c = { &cli, { 0, 0, 0 } };
	enum tkt_color color = TKT_COLOR_AUTO;
	const char **words = tkt_cli_calloc((size_t)argc, sizeof *words);
	size_t nwords = 0;
	tkt_filter *f;
	const char *arg, *values = NULL;
	char *end;
	int64_t count;
	int o, rc;

	tkt_cli_init(&cli, argc, argv, "tkt-ls", usage, opts, TKT_DASH_WORDS);
	while ((o = tkt_cli_next(&cli, &arg)) != TKT_OPT_END) {
		switch (o) {
		case 'S':
			if (!tkt_sort_valid(arg))
				tkt_cli_usage(&cli, "bad sort key '%s' (id, created, updated, priority, "
				              "status, age, waiting, subject, requester, assignee, due, "
				              "rank)", arg);
			lo.sort = arg;
			break;
		case 'r': lo.reverse = 1; break;
		case OPT_CONFIG: break;     /* the cli's: tkt_cli_config */
		case OPT_VALUES:
			if (tkt_values_key_check(arg))
				tkt_cli_usage(&cli, "--values: %s", tkt_errmsg());
			values = arg;
			break;
		case OPT_COLOR:
			if (tkt_color_parse(arg, &color))
				tkt_cli_usage(&cli, "%s", tkt_errmsg());
			break;
		case 'n':
			lo.limit = strtoll(arg, &end, 10);
			if (*end || lo.limit <= 0)
				tkt_cli_usage(&cli, "bad limit '%s' (a positive number)", arg);
			break;
		case TKT_OPT_WORD:
			if ((rc = tkt_filter_word_check(arg)))
				tkt_cli_fail(&cli, rc);
			words[nwords++] = arg;
			break;
		}
	}
	if (values && nwords)
		tkt_cli_usage(&cli, "--values takes no filter words");
	if (values)
		return print_values(&cli, values);
	/* Built after the options: --at and --as may follow the words. */
	f = tkt_cli_filter(&cli, words, nwords);
	lo.json = cli.json;
	lo.ids_only = cli.quiet;
	tkt_term_init(&c.term, color, cli.now);
	/* When each is due: in JSON, and in a column at a terminal. */
	lo.due = cli.json || (c.term.tty && !cli.quiet);
	if (tkt_filter_has_sla(f) || lo.due || (lo.sort && strcmp(lo.sort, "due") == 0)) {
		tkt_filter_config(f, tkt_cli_config(&cli));
	}

	tkt_cli_open(&cli, TKT_READ);
	/* The line that matches best: at a terminal, and in JSON. */
	lo.snippets = !cli.quiet && (cli.json || c.term.tty);
	tkt_term_page(&c.term);
	rc = tkt_ticket_list(cli.store, f, &lo, print_row, &c, &count);
	if (rc && !tkt_term_gone())
		tkt_cli_fail(&cli, rc);
	return tkt_cli_finish(&cli, count ? 0 : 1);
}
