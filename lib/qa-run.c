/* qa-run.c: qa-check's work on a store: the tickets of a filter scored
 * one by one, printed and their verdicts saved, and a person's review
 * recorded. */
#include <stdlib.h>
#include <string.h>

#include "tkt-tool.h"

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

int
tkt_cli_qa_check(struct tkt_cli *cli, const struct tkt_checklist *cl,
                 const struct tkt_config *config, const tkt_filter *f,
                 enum tkt_qa_format format, double min, int save, int *below)
{
	struct run r = { cli, cl, { 0 }, format, min, save, 0 };
	struct tkt_list_opts lo = { 0 };
	int rc;

	if ((rc = tkt_qa_open(&r.qa, cli->store, cl, config, f, cli->now)))
		goto out;
	if (r.save)
		tkt_cli_begin(cli);
	if ((rc = tkt_ticket_list(cli->store, f, &lo, check_one, &r, NULL)))
		goto out;
	if (r.save)
		tkt_cli_commit(cli);
out:
	tkt_qa_close(&r.qa);
	*below = r.below;
	return rc;
}

/* --review ID ITEM=VERDICT...: a person's verdicts, in one transaction. */
void
tkt_cli_qa_review(struct tkt_cli *cli, const struct tkt_checklist *cl, int64_t id,
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
	if ((rc = tkt_ticket_resolve(cli->store, id, &id)))
		tkt_cli_fail(cli, rc);
	for (i = 0; i < n; i++) {
		char *item = tkt_strndup(words[i], (size_t)(strchr(words[i], '=') - words[i]));

		rc = tkt_review_add(cli->store, id, item, strchr(words[i], '=') + 1,
		                    "person", NULL, cli->agent, cli->now);
		free(item);
		if (rc)
			tkt_cli_fail(cli, rc);
	}
	tkt_cli_print_id(cli, id);
	tkt_cli_commit(cli);
}

/* One agent's line of --by agent: TSV, or a JSON object. */
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

int
tkt_cli_qa_by_agent(struct tkt_cli *cli, const struct tkt_checklist *cl,
                    const struct tkt_config *config, const struct tkt_window *w)
{
	time_t u, s;
	int rc;

	/* By default, the 30 days to now, now included. */
	if ((rc = tkt_window_bounds(w, config->timezone, cli->now, cli->now + 1, 30 * 86400, &s, &u)))
		tkt_cli_fail(cli, rc);
	if (u <= s)
		tkt_cli_fail(cli, tkt_error(EX_DATAERR, "the window ends before it starts"));
	tkt_cli_open(cli, TKT_READ);
	if (!cli->json)
		puts("agent\ttickets\tscore\tbefore\ttrend");
	if ((rc = tkt_qa_by_agent(cli->store, cl, tkt_cli_config(cli), s, u, agent_line, cli)))
		tkt_cli_fail(cli, rc);
	return 0;
}
