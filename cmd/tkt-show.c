/* tkt-show: print tickets whole: attributes, fields, tags, the thread. */
#include <stdlib.h>

#include "tkt-tool.h"

static const char usage[] =
	"usage: tkt-show [ID...] [SEARCH...] [--json] [-q] [--no-events] [--color WHEN]\n"
	"                [--config FILE] [--db STORE] [--as NAME] [--at TIME]\n"
	"       tkt-show --attachment ID:N [-o FILE] [--db STORE]\n"
	"\n"
	"Print each ticket: its attributes, followers, the requester's history,\n"
	"when it is due (its next target and when) and the targets it has broken,\n"
	"custom fields and tags, then its thread in order, each message headed by\n"
	"its number, kind, channel, time and author (and the mail's sender where it\n"
	"differs, an unverified sender, a reply not yet sent), its body indented by\n"
	"four spaces, and between the messages the changes of the audit log\n"
	"(status, priority, type, assignee, group, tags, followers, merges...), one\n"
	"line for those one actor made at one time, dimmed.  With no ID the ids are\n"
	"read from stdin.  On a terminal times are relative to now (or --at) and\n"
	"the output goes through $TKT_PAGER, $PAGER or less.  SEARCH words\n"
	"(text~WORDS, subject~WORDS, body~WORDS, as tkt-ls takes them) colour the\n"
	"words where they occur.\n"
	"\n"
	"      --json                print one JSON object per ticket, with its\n"
	"                            messages, events and ratings as arrays\n"
	"  -q, --quiet               print only the ids of the tickets that exist\n"
	"      --no-events           leave the changes out of the thread\n"
	"      --color WHEN          colour status, priority and the messages by\n"
	"                            kind, dim the changes: auto (on a terminal,\n"
	"                            unless $NO_COLOR), always, never\n"
	"      --config FILE         the targets of when a ticket is due (default\n"
	"                            $TKT_CONFIG, else $XDG_CONFIG_HOME/tkt/config.yaml)\n"
	"      --attachment ID:N     write attachment N of ticket ID (as the thread\n"
	"                            numbers them) whole to stdout, not to a terminal\n"
	"                            unless it is text\n"
	"  -o, --output FILE         write it to FILE, a new file, instead\n"
	TKT_COMMON_HELP;

enum { OPT_COLOR = 256, OPT_NO_EVENTS, OPT_CONFIG, OPT_ATTACHMENT };

static const struct tkt_opt opts[] = {
	{ OPT_COLOR, "color", 1 }, { OPT_NO_EVENTS, "no-events", 0 }, { OPT_CONFIG, "config", 1 },
	{ OPT_ATTACHMENT, "attachment", 1 }, { 'o', "output", 1 },
	{ 0, NULL, 0 },
};

int
main(int argc, char **argv)
{
	struct tkt_cli cli;
	struct tkt_ticket t;
	struct tkt_history h;
	struct tkt_term term;
	struct tkt_story story;
	const struct tkt_config *config = NULL;
	const struct tkt_search *words;     /* to mark, or NULL */
	enum tkt_color color = TKT_COLOR_AUTO;
	int64_t *ids = tkt_cli_calloc((size_t)argc, sizeof *ids);
	size_t nids = 0, i, shown = 0;
	const char *arg, *attachment = NULL, *output = NULL;
	char *json;
	int o, rc, status = 0, events = 1, others = 0;
	tkt_filter *search = tkt_filter_new(0, NULL);

	tkt_cli_init(&cli, argc, argv, "tkt-show", usage, opts, 0);
	while ((o = tkt_cli_next(&cli, &arg)) != TKT_OPT_END) {
		if (o == OPT_ATTACHMENT || o == 'o') {
			*(o == 'o' ? &output : &attachment) = arg;
			continue;
		}
		others = 1;
		if (o == OPT_NO_EVENTS || o == OPT_CONFIG) {   /* --config: the cli's */
			events &= o != OPT_NO_EVENTS;
			continue;
		}
		if (o != OPT_COLOR && tkt_filter_is_search(arg)) {
			if ((rc = tkt_filter_add(search, arg)))
				tkt_cli_fail(&cli, rc);
			continue;
		}
		if (o == OPT_COLOR ? tkt_color_parse(arg, &color) : tkt_id_parse(arg, &ids[nids++]))
			tkt_cli_usage(&cli, "%s", tkt_errmsg());
	}
	if (attachment || output) {
		tkt_filter_free(search);
		return tkt_cli_attachment_out(&cli, attachment, output, others);
	}
	words = tkt_filter_search(search);
	if (nids == 0)
		ids = tkt_cli_stdin_ids(&cli, &nids);
	if (!cli.json && !cli.quiet)
		config = tkt_cli_config(&cli);

	tkt_cli_open(&cli, TKT_READ);
	tkt_term_init(&term, color, cli.now);
	tkt_term_page(&term);
	for (i = 0; i < nids && !tkt_term_gone(); i++) {
		int64_t id;

		/* A merged ticket is shown as the one it was merged into. */
		if (!(rc = tkt_ticket_resolve(cli.store, ids[i], &id)) && id != ids[i])
			fprintf(stderr, "tkt-show: ticket %lld is merged into %lld\n",
			        (long long)ids[i], (long long)id);
		if (!rc && (cli.json || cli.quiet)) {
			rc = tkt_ticket_json(cli.store, id, &json);
			if (!rc && cli.quiet)
				printf("%lld\n", (long long)id);
			else if (!rc)
				puts(json);
			free(json);
		} else if (!rc && !(rc = tkt_ticket_load(cli.store, id, &t))) {
			if (!(rc = tkt_customer_history(cli.store, id, &h)) &&
			    !(rc = tkt_story_load(cli.store, config, id, cli.now, events, &story))) {
				if (shown++)
					putchar('\n');
				tkt_show_ticket(&term, words, &t, &h, &story);
				tkt_story_release(&story);
			}
			tkt_ticket_release(&t);
		}
		if (rc) {
			/* Show the others; a missing one decides the exit status. */
			tkt_cli_warn(&cli);
			if (rc != EX_NOINPUT)
				tkt_cli_fail(&cli, rc);
			status = rc;
		}
	}
	rc = tkt_cli_finish(&cli, status);
	tkt_filter_free(search);
	return rc;
}
