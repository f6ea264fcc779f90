/* qa-check: score agent replies against the QA checklist, lint a draft,
 * record reviews, and sum up each agent. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "tkt.h"

static const char usage[] =
	"usage: qa-check [ID... | -] [FILTER...] [--min SCORE] [--explain] [--json] [--save]\n"
	"                [--checklist FILE] [--config FILE] [--db STORE] [--as NAME] [--at TIME]\n"
	"       qa-check --draft ID [-F FILE] [--min SCORE] [--json] [options above]\n"
	"       qa-check --review ID ITEM=pass|fail|na... [options above]\n"
	"       qa-check --by agent [--since TIME] [--until TIME] [options above]\n"
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
	"      --since TIME, --until TIME  the window of --by agent\n"
	"      --checklist FILE      the checklist (default qa/checklist.yaml on the\n"
	"                            template path, see tkt-checklist(5))\n"
	"      --config FILE         the targets of the on-time and update items\n"
	TKT_COMMON_HELP;

enum {
	OPT_MIN = 256, OPT_EXPLAIN, OPT_SAVE, OPT_DRAFT, OPT_REVIEW, OPT_BY, OPT_SINCE, OPT_UNTIL,
	OPT_CHECKLIST, OPT_CONFIG,
};

static const struct tkt_opt opts[] = {
	{ OPT_MIN, "min", 1 }, { OPT_EXPLAIN, "explain", 0 }, { OPT_SAVE, "save", 0 },
	{ OPT_DRAFT, "draft", 1 }, { 'F', "file", 1 }, { OPT_REVIEW, "review", 1 },
	{ OPT_BY, "by", 1 }, { OPT_SINCE, "since", 1 }, { OPT_UNTIL, "until", 1 },
	{ OPT_CHECKLIST, "checklist", 1 }, { OPT_CONFIG, "config", 1 }, { 0, NULL, 0 },
};

struct run {
	struct tkt_cli             *cli;
	const struct tkt_checklist *cl;
	struct tkt_qa               qa;
	enum tkt_qa_format          format;
	double                      min;
	int                         save, below;
};

static int
check_one(const struct tkt_row *row, void *arg)
{
	struct run *r = arg;
	struct tkt_qa_result res;
	int rc;

	if (!(rc = tkt_qa_ticket(&r->qa, row->id, NULL, &res))) {
		if (r->save)
			rc = tkt_qa_save(r->cli->store, r->cl, &res, r->cli->agent, r->cli->now);
		tkt_qa_write(stdout, r->cl, &res, r->format);
		if (r->min >= 0 && res.score >= 0 && res.score < r->min)
			r->below = 1;
	}
	tkt_qa_result_release(&res);
	return rc;
}

static void
agent_line(const struct tkt_qa_agent *a, void *arg)
{
	struct tkt_cli *cli = arg;

	if (cli->json) {
		fputs("{\"agent\":", stdout);
		tkt_out_json_str(stdout, a->agent);
		printf(",\"tickets\":%lld,\"score\":", (long long)a->tickets);
		a->score < 0 ? fputs("null", stdout) : printf("%.0f", a->score);
		fputs(",\"before\":", stdout);
		a->before < 0 ? fputs("null", stdout) : printf("%.0f", a->before);
		puts("}");
		return;
	}
	tkt_out_field(stdout, a->agent);
	printf("\t%lld\t", (long long)a->tickets);
	a->score < 0 ? fputs("-", stdout) : printf("%.0f", a->score);
	putchar('\t');
	a->before < 0 ? fputs("-", stdout) : printf("%.0f", a->before);
	putchar('\t');
	if (a->score < 0 || a->before < 0)
		puts("-");
	else
		printf("%+.0f\n", a->score - a->before);
}

/* --review ID ITEM=VERDICT...: a person's verdicts, in one transaction. */
static int
review(struct tkt_cli *cli, const struct tkt_checklist *cl, int64_t id,
       const char *const *words, size_t n)
{
	size_t i;
	int rc;

	if (n == 0)
		tkt_cli_usage(cli, "--review needs verdicts, like greeting=pass");
	for (i = 0; i < n; i++) {
		const char *eq = strchr(words[i], '=');
		char item[80];

		if (!eq || (size_t)(eq - words[i]) >= sizeof item)
			tkt_cli_usage(cli, "bad verdict '%s' (like greeting=pass)", words[i]);
		snprintf(item, sizeof item, "%.*s", (int)(eq - words[i]), words[i]);
		if (!tkt_checklist_item(cl, item))
			tkt_cli_usage(cli, "no item '%s' in the checklist", item);
		if (strcmp(eq + 1, "pass") && strcmp(eq + 1, "fail") && strcmp(eq + 1, "na"))
			tkt_cli_fail(cli, tkt_error(EX_DATAERR, "bad verdict '%s' for '%s' (pass, fail "
			                            "or na)", eq + 1, item));
	}
	tkt_cli_open(cli, TKT_WRITE);
	tkt_cli_begin(cli);
	for (i = 0; i < n; i++) {
		char *item = tkt_strndup(words[i], (size_t)(strchr(words[i], '=') - words[i]));

		rc = tkt_review_add(cli->store, id, item, strchr(words[i], '=') + 1, "person", NULL,
		                    cli->agent, cli->now);
		free(item);
		if (rc)
			tkt_cli_fail(cli, rc);
	}
	tkt_cli_print_id(cli, id);
	tkt_cli_commit(cli);
	return 0;
}

int
main(int argc, char **argv)
{
	struct tkt_cli cli;
	struct run r = { &cli, NULL, { 0 }, TKT_QA_LINE, -1, 0, 0 };
	struct tkt_checklist *cl = NULL;
	struct tkt_config *config = NULL;
	struct tkt_list_opts lo = { 0 };
	const char **words = tkt_cli_calloc((size_t)argc, sizeof *words);
	int64_t *ids = tkt_cli_calloc((size_t)argc, sizeof *ids), draft_id = 0, review_id = 0;
	const char *arg, *file = NULL, *checklist = NULL, *config_path = NULL, *by = NULL;
	const char *since = NULL, *until = NULL, *draft_arg = NULL, *review_arg = NULL;
	size_t nwords = 0, nids = 0;
	int o, rc, from_stdin = 0, explain = 0;
	char *end;
	tkt_filter *f;

	tkt_cli_init(&cli, argc, argv, "qa-check", usage, opts, 1);
	while ((o = tkt_cli_next(&cli, &arg)) != TKT_OPT_END) {
		switch (o) {
		case OPT_MIN:
			r.min = strtod(arg, &end);
			if (*end || end == arg || r.min < 0 || r.min > 100)
				tkt_cli_usage(&cli, "bad minimum '%s' (a score from 0 to 100)", arg);
			break;
		case OPT_EXPLAIN: explain = 1; break;
		case OPT_SAVE: r.save = 1; break;
		case OPT_DRAFT: draft_arg = arg; break;
		case 'F': file = arg; break;
		case OPT_REVIEW: review_arg = arg; break;
		case OPT_BY: by = arg; break;
		case OPT_SINCE: since = arg; break;
		case OPT_UNTIL: until = arg; break;
		case OPT_CHECKLIST: checklist = arg; break;
		case OPT_CONFIG: config_path = arg; break;
		case TKT_OPT_WORD:
			if (strcmp(arg, "-") == 0)
				from_stdin = 1;
			else if (isdigit((unsigned char)arg[0]) || arg[0] == '#') {
				if (tkt_id_parse(arg, &ids[nids++]))
					tkt_cli_usage(&cli, "%s", tkt_errmsg());
			} else
				words[nwords++] = arg;
			break;
		}
	}
	if ((draft_arg && tkt_id_parse(draft_arg, &draft_id)) ||
	    (review_arg && tkt_id_parse(review_arg, &review_id)))
		tkt_cli_usage(&cli, "%s", tkt_errmsg());
	if (by && strcmp(by, "agent") != 0)
		tkt_cli_usage(&cli, "--by takes agent");
	if (!!by + !!draft_arg + !!review_arg > 1)
		tkt_cli_usage(&cli, "--by, --draft and --review exclude each other");
	if ((by || draft_arg) && (nids || nwords || from_stdin))
		tkt_cli_usage(&cli, "%s takes no ticket ids or filter words", by ? "--by" : "--draft");
	if (review_arg && (nids || from_stdin))
		tkt_cli_usage(&cli, "--review takes one ticket: --review ID ITEM=VERDICT...");
	if ((by || review_arg) && (explain || r.min >= 0 || r.save))
		tkt_cli_usage(&cli, "--explain, --min and --save are for checking tickets");
	if ((rc = tkt_checklist_load(checklist, &cl)))
		tkt_cli_fail(&cli, rc);
	r.cl = cl;
	if (review_arg) {
		rc = review(&cli, cl, review_id, words, nwords);
		tkt_checklist_free(cl);
		return tkt_cli_finish(&cli, rc);
	}
	if (by) {
		time_t u, s;

		if ((until && tkt_time_parse(until, cli.now, &u, NULL)) ||
		    (since && tkt_time_parse(since, cli.now, &s, NULL)))
			tkt_cli_fail(&cli, EX_DATAERR);
		u = until ? u : cli.now + 1;       /* now included */
		s = since ? s : u - 30 * 86400;
		if (u <= s)
			tkt_cli_fail(&cli, tkt_error(EX_DATAERR, "the window ends before it starts"));
		tkt_cli_open(&cli, TKT_READ);
		if (!cli.json)
			puts("agent\ttickets\tscore\tbefore\ttrend");
		rc = tkt_qa_by_agent(cli.store, cl, s, u, agent_line, &cli);
		tkt_checklist_free(cl);
		if (rc)
			tkt_cli_fail(&cli, rc);
		return tkt_cli_finish(&cli, 0);
	}
	for (size_t i = 0; i < nwords; i++)
		if ((rc = tkt_filter_word_check(words[i])))
			tkt_cli_fail(&cli, rc);
	f = tkt_cli_filter(&cli, words, nwords);
	if (draft_arg) {
		ids[0] = draft_id;
		nids = 1;
	} else if (from_stdin) {
		size_t n;
		int64_t *more = tkt_cli_stdin_ids(&cli, &n);

		tkt_filter_ids(f, more, n);
	}
	if (nids)
		tkt_filter_ids(f, ids, nids);
	if ((rc = tkt_config_load(config_path, &config)))
		goto fail;
	r.format = cli.json ? TKT_QA_JSON : draft_arg ? TKT_QA_HINTS : explain ? TKT_QA_EXPLAIN
	                                                            : TKT_QA_LINE;
	if (draft_arg) {
		char *draft = tkt_cli_body(&cli, NULL, 0, file, TKT_BODY_STDIN);

		if (!draft) {
			rc = tkt_error(EX_USAGE, "no draft given (-F FILE or stdin)");
			goto fail;
		}
		tkt_cli_open(&cli, TKT_READ);
		if ((rc = tkt_qa_draft(cli.store, cl, config, draft_id, draft, cli.now, r.min, cli.json,
		                       stdout, &r.below)))
			goto fail;
	} else {
		tkt_cli_open(&cli, r.save ? TKT_WRITE : TKT_READ);
		for (size_t i = 0; i < nids; i++)
			if ((rc = tkt_ticket_exists(cli.store, ids[i])))
				goto fail;
		if ((rc = tkt_qa_open(&r.qa, cli.store, cl, config, f, cli.now)))
			goto fail;
		if (r.save)
			tkt_cli_begin(&cli);
		if ((rc = tkt_ticket_list(cli.store, f, &lo, check_one, &r, NULL)))
			goto fail;
		if (r.save)
			tkt_cli_commit(&cli);
	}
	tkt_qa_close(&r.qa);
	tkt_config_free(config);
	tkt_checklist_free(cl);
	return tkt_cli_finish(&cli, r.below ? 1 : 0);
fail:
	tkt_qa_close(&r.qa);
	tkt_config_free(config);
	tkt_checklist_free(cl);
	tkt_cli_fail(&cli, rc);
}
