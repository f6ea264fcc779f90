/* qa-check: score agent replies against the QA checklist, lint a draft,
 * record reviews, and sum up each agent. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "tkt-tool.h"

static const char usage[] =
	"usage: qa-check [ID... | -] [FILTER...] [--min SCORE] [--explain] [--json] [--save]\n"
	"                [--checklist FILE] [--config FILE] [--db STORE] [--as NAME] [--at TIME]\n"
	"       qa-check --draft ID [-F FILE] [--min SCORE] [--json] [options above]\n"
	"       qa-check --review ID ITEM=pass|fail|na... [options above]\n"
	"       qa-check --by agent [--since TIME] [--until TIME] [--last PERIOD] [--day DATE]\n"
	"                [--week WEEK] [--month MONTH] [--quarter QUARTER] [--year YEAR]\n"
	"                [options above]\n"
	"\n"
	"Score the agent replies of tickets against the QA checklist, from 0 to 100:\n"
	"the weights of the items passed over those decided.  By default every\n"
	"ticket that matches the FILTER words (all of them without any); with IDs,\n"
	"those; with '-', the ids on stdin.  One line per ticket: id, score, agent\n"
	"and the items failed.\n"
	"\n"
	"      --min SCORE           exit 1 when a ticket scores below SCORE\n"
	"      --explain             every item's verdict and its evidence\n"
	"      --json                one JSON object per ticket\n"
	"      --save                keep the verdicts, for --by agent\n"
	"      --draft ID            check a reply not yet sent (-F FILE or stdin) as the\n"
	"                            ticket's next one; print the failed items with hints;\n"
	"                            exit 1 below the minimum or when a must-pass item fails\n"
	"  -F, --file FILE           the draft's file ('-' for stdin)\n"
	"      --review ID           record a person's verdicts on items of ticket ID\n"
	"      --by agent            each agent's score from the saved verdicts of\n"
	"                            [--since, --until) (default the last 30 days),\n"
	"                            with the score of the window before\n"
	"      --since TIME          the start of the window of --by agent: a time\n"
	"                            (2026-11-23, monday, yesterday) or a duration back\n"
	"                            from now (7d, 1mo, 1y)\n"
	"      --until TIME          the end of the window, not included\n"
	TKT_WINDOW_HELP
	"      --checklist FILE      the checklist (default qa/checklist.yaml on the\n"
	"                            template path, see tkt-checklist(5))\n"
	"      --config FILE         the targets of the on-time and update items, and\n"
	"                            the time zone of the window and the team whose\n"
	"                            names --by agent counts as one\n"
	TKT_COMMON_HELP;

enum {
	OPT_MIN = 256, OPT_EXPLAIN, OPT_SAVE, OPT_DRAFT, OPT_REVIEW, OPT_BY, OPT_CHECKLIST, OPT_CONFIG,
};

static const struct tkt_opt opts[] = {
	{ OPT_MIN, "min", 1 }, { OPT_EXPLAIN, "explain", 0 }, { OPT_SAVE, "save", 0 },
	{ OPT_DRAFT, "draft", 1 }, { 'F', "file", 1 }, { OPT_REVIEW, "review", 1 },
	{ OPT_BY, "by", 1 }, TKT_WINDOW_OPTS, { OPT_CHECKLIST, "checklist", 1 },
	{ OPT_CONFIG, "config", 1 }, { 0, NULL, 0 },
};

/* What the options said, and the checklist. */
struct args {
	const char          **words;     /* filter words; with --review, verdicts */
	size_t                nwords, nids;
	int64_t              *ids, draft_id, review_id;
	const char           *file, *checklist;
	struct tkt_window     window;
	double                min;
	int                   explain, save, from_stdin;
	struct tkt_checklist *cl;
};

/* --review ID ITEM=VERDICT...: a person's verdicts. */
static int
review(struct tkt_cli *cli, void *args)
{
	struct args *a = args;

	tkt_cli_qa_review(cli, a->cl, a->review_id, a->words, a->nwords);
	tkt_checklist_free(a->cl);
	return tkt_cli_finish(cli, 0);
}

/* --by agent: each agent's score from the saved verdicts of the window. */
static int
by_agent(struct tkt_cli *cli, void *args)
{
	struct args *a = args;
	int rc;

	rc = tkt_cli_qa_by_agent(cli, a->cl, tkt_cli_config(cli), &a->window);
	tkt_checklist_free(a->cl);
	return tkt_cli_finish(cli, rc);
}

/* --draft ID: a reply not yet sent, checked as the ticket's next. */
static int
draft(struct tkt_cli *cli, void *args)
{
	struct args *a = args;
	const struct tkt_config *config = tkt_cli_config(cli);
	char *text;
	int rc, below = 0;

	if (!(text = tkt_cli_body(cli, NULL, 0, a->file, TKT_BODY_STDIN))) {
		rc = tkt_error(EX_USAGE, "no draft given (-F FILE or stdin)");
		goto out;
	}
	tkt_cli_open(cli, TKT_READ);
	if (!(rc = tkt_ticket_resolve(cli->store, a->draft_id, &a->draft_id)))
		rc = tkt_qa_draft(cli->store, a->cl, config, a->draft_id, text, cli->now, a->min,
		                  cli->json, stdout, &below);
out:
	tkt_checklist_free(a->cl);
	if (rc)
		tkt_cli_fail(cli, rc);
	return tkt_cli_finish(cli, below ? 1 : 0);
}

/* The default: the tickets of the ids and filter words, scored. */
static int
check(struct tkt_cli *cli, void *args)
{
	struct args *a = args;
	const struct tkt_config *config;
	tkt_filter *f;
	size_t i;
	int rc, below = 0;

	for (i = 0; i < a->nwords; i++)
		if ((rc = tkt_filter_word_check(a->words[i])))
			tkt_cli_fail(cli, rc);
	f = tkt_cli_filter(cli, a->words, a->nwords);
	if (a->from_stdin) {
		size_t n;
		int64_t *more = tkt_cli_stdin_ids(cli, &n);

		tkt_filter_ids(f, more, n);
	}
	if (a->nids)
		tkt_filter_ids(f, a->ids, a->nids);
	config = tkt_cli_config(cli);
	tkt_cli_open(cli, a->save ? TKT_WRITE : TKT_READ);
	for (i = 0; i < a->nids; i++)
		if ((rc = tkt_ticket_exists(cli->store, a->ids[i])))
			goto out;
	rc = tkt_cli_qa_check(cli, a->cl, config, f,
	                      cli->json ? TKT_QA_JSON : a->explain ? TKT_QA_EXPLAIN : TKT_QA_LINE,
	                      a->min, a->save, &below);
out:
	tkt_checklist_free(a->cl);
	if (rc)
		tkt_cli_fail(cli, rc);
	return tkt_cli_finish(cli, below ? 1 : 0);
}

/* ---- the modes, and what each takes ----------------------------------- */

/* What each mode takes, and what it takes and does not use, as it always
 * has. */
static const int check_takes[] = {
	TKT_ARG_IDS, TKT_ARG_STDIN, TKT_ARG_FILTER, OPT_MIN, OPT_EXPLAIN, OPT_SAVE, OPT_CHECKLIST,
	OPT_CONFIG, 0,
};
static const int check_ignores[] = { 'F', TKT_WINDOW_SINCE, TKT_WINDOW_UNTIL, 0 };
static const int draft_takes[] = { 'F', OPT_MIN, OPT_CHECKLIST, OPT_CONFIG, 0 };
static const int draft_ignores[] = { OPT_EXPLAIN, OPT_SAVE, TKT_WINDOW_SINCE, TKT_WINDOW_UNTIL, 0 };
static const int review_takes[] = { TKT_ARG_FILTER, OPT_CHECKLIST, 0 };   /* the verdicts */
static const int review_ignores[] = { 'F', TKT_WINDOW_SINCE, TKT_WINDOW_UNTIL, OPT_CONFIG, 0 };
static const int by_takes[] = {
	TKT_WINDOW_SINCE, TKT_WINDOW_UNTIL, TKT_WINDOW_LAST, TKT_WINDOW_DAY, TKT_WINDOW_WEEK,
	TKT_WINDOW_MONTH, TKT_WINDOW_QUARTER, TKT_WINDOW_YEAR, OPT_CHECKLIST, OPT_CONFIG, 0,
};
static const int by_ignores[] = { 'F', 0 };

static const struct tkt_mode modes[] = {
	{ OPT_BY, by_agent, by_takes, by_ignores, NULL, "--by sums up saved verdicts; ticket "
	  "ids, filter words, --explain, --min and --save are for checking tickets" },
	{ OPT_DRAFT, draft, draft_takes, draft_ignores, NULL, "--draft takes no ticket ids or "
	  "filter words, but the one ticket its draft is for" },
	{ OPT_REVIEW, review, review_takes, review_ignores, NULL, "--review takes one ticket "
	  "(--review ID ITEM=VERDICT...)" },
	{ 0, check, check_takes, check_ignores, NULL, NULL },
};

int
main(int argc, char **argv)
{
	struct tkt_cli cli;
	struct args a = { .min = -1 };
	int *given = tkt_cli_calloc((size_t)argc, sizeof *given);
	const struct tkt_mode *mode;
	const char *arg;
	char *end;
	size_t n = 0;
	int o, rc;

	a.words = tkt_cli_calloc((size_t)argc, sizeof *a.words);
	a.ids = tkt_cli_calloc((size_t)argc, sizeof *a.ids);
	tkt_cli_init(&cli, argc, argv, "qa-check", usage, opts, TKT_DASH_WORDS);
	while ((o = tkt_cli_next(&cli, &arg)) != TKT_OPT_END) {
		switch (o) {
		case OPT_MIN:
			a.min = strtod(arg, &end);
			if (*end || end == arg || a.min < 0 || a.min > 100)
				tkt_cli_usage(&cli, "bad minimum '%s' (a score from 0 to 100)", arg);
			break;
		case OPT_EXPLAIN: a.explain = 1; break;
		case OPT_SAVE: a.save = 1; break;
		case OPT_DRAFT:
			if (tkt_id_parse(arg, &a.draft_id))
				tkt_cli_usage(&cli, "%s", tkt_errmsg());
			break;
		case 'F': a.file = arg; break;
		case OPT_REVIEW:
			if (tkt_id_parse(arg, &a.review_id))
				tkt_cli_usage(&cli, "%s", tkt_errmsg());
			break;
		case OPT_BY:
			if (strcmp(arg, "agent") != 0)
				tkt_cli_usage(&cli, "--by takes agent");
			break;
		case TKT_WINDOW_SINCE: case TKT_WINDOW_UNTIL: case TKT_WINDOW_LAST: case TKT_WINDOW_DAY:
		case TKT_WINDOW_WEEK: case TKT_WINDOW_MONTH: case TKT_WINDOW_QUARTER: case TKT_WINDOW_YEAR:
			if ((rc = tkt_window_opt(&a.window, o, arg)))
				tkt_cli_fail(&cli, rc);
			break;
		case OPT_CHECKLIST: a.checklist = arg; break;
		case OPT_CONFIG: break;     /* the cli's: tkt_cli_config */
		case TKT_OPT_WORD:
			if (strcmp(arg, "-") == 0) {
				a.from_stdin = 1;
				o = TKT_ARG_STDIN;
			} else if (isdigit((unsigned char)arg[0]) || arg[0] == '#') {
				if (tkt_id_parse(arg, &a.ids[a.nids++]))
					tkt_cli_usage(&cli, "%s", tkt_errmsg());
				o = TKT_ARG_IDS;
			} else {
				a.words[a.nwords++] = arg;
				o = TKT_ARG_FILTER;
			}
			break;
		}
		given[n++] = o;
	}
	mode = tkt_cli_mode(&cli, modes, given);
	if ((rc = tkt_checklist_load(a.checklist, &a.cl)))
		tkt_cli_fail(&cli, rc);
	return mode->run(&cli, &a);
}
