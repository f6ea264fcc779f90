/* tkt-show: print tickets whole: attributes, fields, tags, the thread. */
#include <stdlib.h>
#include <string.h>

#include "tkt-tool.h"

static const char usage[] =
	"usage: tkt-show [ID...] [SEARCH...] [--json] [-q] [--color WHEN] [--db STORE]\n"
	"                [--as NAME] [--at TIME]\n"
	"\n"
	"Print each ticket: its attributes, followers, the requester's history,\n"
	"custom fields and tags, then its thread in order, each message headed by\n"
	"its number, kind, channel, time and author (and the mail's sender where it\n"
	"differs, an unverified sender, a reply not yet sent), its body indented by\n"
	"four spaces.  With no ID the ids are read from stdin.  On a terminal\n"
	"times are relative to now (or --at) and the output goes through\n"
	"$TKT_PAGER, $PAGER or less.  SEARCH words (text~WORDS, subject~WORDS,\n"
	"body~WORDS, as tkt-ls takes them) colour the words where they occur.\n"
	"\n"
	"      --json                print one JSON object per ticket, with its\n"
	"                            messages, events and ratings as arrays\n"
	"  -q, --quiet               print only the ids of the tickets that exist\n"
	"      --color WHEN          colour status, priority and the messages by\n"
	"                            kind: auto (on a terminal, unless $NO_COLOR),\n"
	"                            always, never\n"
	TKT_COMMON_HELP;

enum { OPT_COLOR = 256 };

static const struct tkt_opt opts[] = { { OPT_COLOR, "color", 1 }, { 0, NULL, 0 } };

static struct tkt_term term;
static const struct tkt_search *words;     /* to mark, or NULL */

/* Text s, the words searched for marked (as the body: after each newline,
 * indent). */
static void
marked(const char *s, const char *indent)
{
	const char *on = tkt_term_on(&term, TKT_PAINT_MATCH, "match");
	const char *off = tkt_term_off(&term, TKT_PAINT_MATCH, "match");
	struct tkt_span *sp = NULL;
	size_t n = words && *on ? tkt_search_spans(words, s, strlen(s), &sp) : 0, k = 0, i;
	int bol = indent != NULL, in = 0;

	for (i = 0; s[i]; i++) {
		if (k < n && i == sp[k].at)
			in = 1;
		if (bol && s[i] != '\n')
			fputs(indent, stdout);
		if (in && (bol || i == sp[k].at) && s[i] != '\n')
			fputs(on, stdout);
		if (in && s[i] == '\n')
			fputs(off, stdout);
		tkt_term_putc(&term, stdout, s[i]);
		bol = indent && s[i] == '\n';
		if (k < n && i + 1 == sp[k].at + sp[k].len) {
			if (s[i] != '\n')
				fputs(off, stdout);
			in = 0;
			k++;
		}
	}
	free(sp);
}

static void
attr(const char *name, const char *value)
{
	printf("%-10s ", name);
	tkt_out_field(stdout, value && *value ? value : "-");
	putchar('\n');
}

static void
attr_paint(const char *name, enum tkt_paint what, const char *value)
{
	printf("%-10s ", name);
	tkt_term_field(&term, stdout, what, value);
	putchar('\n');
}

/* "first ticket", or "3 earlier tickets, 1 open, last rating csat 2". */
static void
history(const struct tkt_history *h)
{
	printf("%-10s ", "history");
	if (!h->earlier) {
		puts("first ticket");
		return;
	}
	printf("%lld earlier ticket%s, %lld open, last rating ", (long long)h->earlier,
	       h->earlier == 1 ? "" : "s", (long long)h->open);
	if (*h->rating)
		printf("%s %d\n", h->rating, h->score);
	else
		puts("-");
}

/* The body indented by four spaces; blank lines stay empty. */
static void
body(const char *s)
{
	marked(s, "    ");
	putchar('\n');
}

/* A ticket another names: "#12  open  subject". */
static void
ref(const char *name, const struct tkt_ref *r)
{
	printf("%-10s #%lld  %s%s%s  ", name, (long long)r->id,
	       tkt_term_on(&term, TKT_PAINT_STATUS, r->status), r->status,
	       tkt_term_off(&term, TKT_PAINT_STATUS, r->status));
	tkt_out_field(stdout, r->subject);
	putchar('\n');
}

/* The problem of an incident, the incidents of a problem (how many are
 * not done, then each), the tickets merged into it. */
static void
relations(const struct tkt_ticket *t)
{
	size_t i, open = 0;

	if (t->merged_into)
		printf("%-10s #%lld\n", "merged", (long long)t->merged_into);
	if (t->problem)
		printf("%-10s #%lld\n", "problem", (long long)t->problem);
	for (i = 0; i < t->nincidents; i++)
		open += !tkt_status_done(t->incidents[i].status);
	if (t->nincidents)
		printf("%-10s %zu, %zu open\n", "incidents", t->nincidents, open);
	for (i = 0; i < t->nincidents; i++)
		ref("", &t->incidents[i]);
	for (i = 0; i < t->nmerged; i++)
		ref(i ? "" : "merged in", &t->merged[i]);
}

static void
show(const struct tkt_ticket *t, const struct tkt_history *h)
{
	char a[32], b[32];
	size_t i;

	printf("%-10s %lld\n", "ticket", (long long)t->id);
	printf("%-10s ", "subject");
	if (words && t->subject && *t->subject && strpbrk(t->subject, "\n\t\\") == NULL)
		marked(t->subject, NULL);
	else
		tkt_out_field(stdout, t->subject && *t->subject ? t->subject : "-");
	putchar('\n');
	attr_paint("status", TKT_PAINT_STATUS, t->status);
	attr_paint("priority", TKT_PAINT_PRIORITY, t->priority);
	attr("type", t->type);
	attr("channel", t->channel);
	attr("requester", t->requester);
	if (t->followers && t->followers[0]) {
		printf("%-10s ", "followers");
		for (i = 0; t->followers[i]; i++) {
			fputs(i ? ", " : "", stdout);
			tkt_out_field(stdout, t->followers[i]);
		}
		putchar('\n');
	}
	history(h);
	attr("assignee", t->assignee);
	attr("group", t->group);
	if (t->template_name)
		attr("template", t->template_name);
	attr("created", tkt_term_time(&term, t->created, a));
	attr("updated", tkt_term_time(&term, t->updated, a));
	attr("solved", t->solved ? tkt_term_time(&term, t->solved, a) : NULL);
	printf("%-10s", "tags");
	for (i = 0; i < t->ntags; i++)
		printf(" %s", t->tags[i]);
	printf("%s\n", t->ntags ? "" : " -");
	relations(t);
	for (i = 0; i < t->nfields; i++) {
		printf("field.");
		tkt_out_field(stdout, t->fields[i].name);
		printf("%*s ", t->fields[i].name[0] && strlen(t->fields[i].name) < 4 ?
		       (int)(4 - strlen(t->fields[i].name)) : 0, "");
		if (words && strpbrk(t->fields[i].value, "\n\t\\") == NULL)
			marked(t->fields[i].value, NULL);
		else
			tkt_out_field(stdout, t->fields[i].value);
		putchar('\n');
	}
	for (i = 0; i < t->nmsgs; i++) {
		const struct tkt_message *m = &t->msgs[i];

		printf("\n%smessage %zu  %s  %s  %s  ", tkt_term_on(&term, TKT_PAINT_KIND, m->kind),
		       i + 1, m->kind, m->channel, tkt_term_time(&term, m->at, a));
		tkt_out_field(stdout, m->author);
		/* Who sent the mail, where the author does not say it as is. */
		if (m->from && strcmp(m->from, m->author) != 0) {
			fputs("  from ", stdout);
			tkt_out_field(stdout, m->from);
		}
		if (m->unverified)
			fputs("  unverified sender", stdout);
		if (m->spent)
			printf("  spent %s", tkt_duration_str(m->spent, b));
		if (m->outbox && strcmp(m->outbox, "sent") != 0) {
			printf("  unsent: %s, %lld attempt%s", m->outbox, (long long)m->attempts,
			       m->attempts == 1 ? "" : "s");
			if (m->send_error) {
				fputs(": ", stdout);
				tkt_out_field(stdout, m->send_error);
			}
		}
		printf("%s\n", tkt_term_off(&term, TKT_PAINT_KIND, m->kind));
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
	struct tkt_history h;
	enum tkt_color color = TKT_COLOR_AUTO;
	int64_t *ids = tkt_cli_calloc((size_t)argc, sizeof *ids);
	size_t nids = 0, i, shown = 0;
	const char *arg;
	char *json;
	int o, rc, status = 0;
	tkt_filter *search = tkt_filter_new(0, NULL);

	tkt_cli_init(&cli, argc, argv, "tkt-show", usage, opts, 0);
	while ((o = tkt_cli_next(&cli, &arg)) != TKT_OPT_END) {
		if (o != OPT_COLOR && tkt_filter_is_search(arg)) {
			if ((rc = tkt_filter_add(search, arg)))
				tkt_cli_fail(&cli, rc);
			continue;
		}
		if (o == OPT_COLOR ? tkt_color_parse(arg, &color) : tkt_id_parse(arg, &ids[nids++]))
			tkt_cli_usage(&cli, "%s", tkt_errmsg());
	}
	words = tkt_filter_search(search);
	if (nids == 0)
		ids = tkt_cli_stdin_ids(&cli, &nids);

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
			if (!(rc = tkt_customer_history(cli.store, id, &h))) {
				if (shown++)
					putchar('\n');
				show(&t, &h);
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
