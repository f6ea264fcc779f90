/* tkt-show: print tickets whole: attributes, fields, tags, the thread. */
#include <stdlib.h>
#include <string.h>

#include "tkt.h"

static const char usage[] =
	"usage: tkt-show [ID...] [--json] [-q] [--db STORE] [--as NAME] [--at TIME]\n"
	"\n"
	"Print each ticket: its attributes, custom fields and tags, then its\n"
	"thread in order, each message headed by its number, kind, channel, time\n"
	"and author, its body indented by four spaces.  With no ID the ids are\n"
	"read from stdin.\n"
	"\n"
	"      --json                print one JSON object per ticket, with its\n"
	"                            messages, events and ratings as arrays\n"
	"  -q, --quiet               print only the ids of the tickets that exist\n"
	TKT_COMMON_HELP;

static const struct tkt_opt opts[] = { { 0, NULL, 0 } };

static void
attr(const char *name, const char *value)
{
	printf("%-10s ", name);
	tkt_out_field(stdout, value && *value ? value : "-");
	putchar('\n');
}

/* The body indented by four spaces; blank lines stay empty. */
static void
body(const char *s)
{
	int bol = 1;

	for (; *s; s++) {
		if (bol && *s != '\n')
			fputs("    ", stdout);
		putchar(*s);
		bol = *s == '\n';
	}
	putchar('\n');
}

static void
show(const struct tkt_ticket *t)
{
	char a[32], b[32];
	size_t i;

	printf("%-10s %lld\n", "ticket", (long long)t->id);
	attr("subject", t->subject);
	attr("status", t->status);
	attr("priority", t->priority);
	attr("type", t->type);
	attr("channel", t->channel);
	attr("requester", t->requester);
	attr("assignee", t->assignee);
	attr("group", t->group);
	if (t->template_name)
		attr("template", t->template_name);
	attr("created", tkt_time_iso(t->created, a));
	attr("updated", tkt_time_iso(t->updated, a));
	attr("solved", t->solved ? tkt_time_iso(t->solved, a) : NULL);
	printf("%-10s", "tags");
	for (i = 0; i < t->ntags; i++)
		printf(" %s", t->tags[i]);
	printf("%s\n", t->ntags ? "" : " -");
	for (i = 0; i < t->nfields; i++) {
		printf("field.");
		tkt_out_field(stdout, t->fields[i].name);
		printf("%*s ", t->fields[i].name[0] && strlen(t->fields[i].name) < 4 ?
		       (int)(4 - strlen(t->fields[i].name)) : 0, "");
		tkt_out_field(stdout, t->fields[i].value);
		putchar('\n');
	}
	for (i = 0; i < t->nmsgs; i++) {
		const struct tkt_message *m = &t->msgs[i];

		printf("\nmessage %zu  %s  %s  %s  ", i + 1, m->kind, m->channel,
		       tkt_time_iso(m->at, a));
		tkt_out_field(stdout, m->author);
		if (m->spent)
			printf("  spent %s", tkt_duration_str(m->spent, b));
		putchar('\n');
		body(m->body);
		if (m->quoted) {
			size_t lines = 1;
			const char *c;

			for (c = m->quoted; *c; c++)
				lines += *c == '\n' && c[1];
			printf("    [quoted history: %zu line%s]\n", lines, lines == 1 ? "" : "s");
		}
		for (const char *p = m->attachments; p && *p;) {
			size_t len = strcspn(p, "\n");

			printf("    [attachment: %.*s]\n", (int)len, p);
			p += len + (p[len] == '\n');
		}
	}
}

int
main(int argc, char **argv)
{
	struct tkt_cli cli;
	struct tkt_ticket t;
	int64_t *ids = tkt_cli_calloc((size_t)argc, sizeof *ids);
	size_t nids = 0, i, shown = 0;
	const char *arg;
	char *json;
	int rc, status = 0;

	tkt_cli_init(&cli, argc, argv, "tkt-show", usage, opts, 0);
	while (tkt_cli_next(&cli, &arg) != TKT_OPT_END)
		if ((rc = tkt_id_parse(arg, &ids[nids++])))
			tkt_cli_usage(&cli, "%s", tkt_errmsg());
	if (nids == 0)
		ids = tkt_cli_stdin_ids(&cli, &nids);

	tkt_cli_open(&cli, TKT_READ);
	for (i = 0; i < nids; i++) {
		if (cli.json || cli.quiet) {
			rc = tkt_ticket_json(cli.store, ids[i], &json);
			if (!rc && cli.quiet)
				printf("%lld\n", (long long)ids[i]);
			else if (!rc)
				puts(json);
			free(json);
		} else if (!(rc = tkt_ticket_load(cli.store, ids[i], &t))) {
			if (shown++)
				putchar('\n');
			show(&t);
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
	return tkt_cli_finish(&cli, status);
}
