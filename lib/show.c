/* show.c: a ticket for people (tkt-show): its attributes, history,
 * relations, fields and tags, then its thread, each message headed and
 * its body indented, in colour and with the words searched for marked as
 * the terminal allows. */
#include <stdlib.h>
#include <string.h>

#include "tkt-tool.h"

/* Text s, the words searched for marked (as the body: after each newline,
 * indent). */
static void
marked(const struct tkt_term *term, const struct tkt_search *words, const char *s,
       const char *indent)
{
	const char *on = tkt_term_on(term, TKT_PAINT_MATCH, "match");
	const char *off = tkt_term_off(term, TKT_PAINT_MATCH, "match");
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
		tkt_term_putc(term, stdout, s[i]);
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
attr_paint(const struct tkt_term *term, const char *name, enum tkt_paint what, const char *value)
{
	printf("%-10s ", name);
	tkt_term_field(term, stdout, what, value);
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
body(const struct tkt_term *term, const struct tkt_search *words, const char *s)
{
	marked(term, words, s, "    ");
	putchar('\n');
}

/* A ticket another names: "#12  open  subject". */
static void
ref(const struct tkt_term *term, const char *name, const struct tkt_ref *r)
{
	printf("%-10s #%lld  %s%s%s  ", name, (long long)r->id,
	       tkt_term_on(term, TKT_PAINT_STATUS, r->status), r->status,
	       tkt_term_off(term, TKT_PAINT_STATUS, r->status));
	tkt_out_field(stdout, r->subject);
	putchar('\n');
}

/* The problem of an incident, the incidents of a problem (how many are
 * not done, then each), the tickets merged into it. */
static void
relations(const struct tkt_term *term, const struct tkt_ticket *t)
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
		ref(term, "", &t->incidents[i]);
	for (i = 0; i < t->nmerged; i++)
		ref(term, i ? "" : "merged in", &t->merged[i]);
}

/* A value of the audit log after a space: as is, or after mark ("#"
 * before the number of a ticket). */
static void
value(const char *v, const char *mark)
{
	printf(" %s", mark);
	tkt_out_field(stdout, v ? v : "?");
}

/* One change of the audit log: "status open → pending", "+refund",
 * "assignee mira", "group billing → -". */
static void
change(const struct tkt_event *e)
{
	const char *w = e->what, *mark = "";

	if (strcmp(w, "tag") == 0 || strcmp(w, "cc") == 0) {
		fputs(e->new_value ? "+" : "-", stdout);
		if (*w == 'c')
			fputs("cc ", stdout);
		tkt_out_field(stdout, e->new_value ? e->new_value : e->old ? e->old : "?");
		return;
	}
	if (strcmp(w, "reopen") == 0) {
		fputs("reopened", stdout);
		return;
	}
	if (strcmp(w, "merged") == 0 || strcmp(w, "split") == 0) {
		fputs(*w == 'm' ? "merged into" : "split off", stdout);
		value(e->new_value, "#");
		return;
	}
	if (strcmp(w, "merge") == 0) {
		putchar('#');
		tkt_out_field(stdout, e->new_value ? e->new_value : "?");
		fputs(" merged in", stdout);
		return;
	}
	if (strcmp(w, "accept") == 0) {
		fputs("accepted sender ", stdout);
		tkt_out_field(stdout, e->new_value ? e->new_value : "?");
		return;
	}
	if (strcmp(w, "survey") == 0) {
		fputs("survey sent:", stdout);
		value(e->new_value, "");
		return;
	}
	if (strcmp(w, "problem") == 0)
		mark = "#";
	tkt_out_field(stdout, w);
	if (e->old)
		value(e->old, mark);
	if (e->old || !e->new_value)
		fputs(" →", stdout);
	if (e->new_value)
		value(e->new_value, mark);
	else
		fputs(" -", stdout);
}

/* The changes of events [*i, n) made at one time by one actor, on one
 * line, dimmed: "  2026-11-30T10:02:00Z  olga: status open → pending,
 * +refund"; *i passes them. */
static void
changes(const struct tkt_term *term, const struct tkt_event *ev, size_t n, size_t *i)
{
	const struct tkt_event *first = &ev[*i];
	const char *actor = first->actor ? first->actor : "?";
	char a[32];

	printf("%s  %s  ", tkt_term_on(term, TKT_PAINT_EVENT, "event"),
	       tkt_term_time(term, first->at, a));
	tkt_out_field(stdout, actor);
	fputs(":", stdout);
	do {
		fputs(&ev[*i] == first ? " " : ", ", stdout);
		change(&ev[*i]);
		++*i;
	} while (*i < n && ev[*i].at == first->at &&
	         strcmp(ev[*i].actor ? ev[*i].actor : "?", actor) == 0);
	printf("%s\n", tkt_term_off(term, TKT_PAINT_EVENT, "event"));
}

/* The lines of the audit log before time before (all: -1), from *i on;
 * a blank line first unless they follow a message. */
static void
events_before(const struct tkt_term *term, const struct tkt_story *story, size_t *i,
              time_t before, int after_message)
{
	if (*i < story->nevents && (before < 0 || story->events[*i].at < before) && !after_message)
		putchar('\n');
	while (*i < story->nevents && (before < 0 || story->events[*i].at < before))
		changes(term, story->events, story->nevents, i);
}

/* When the ticket is due, and the targets it has broken. */
static void
due(const struct tkt_term *term, const struct tkt_due *d)
{
	char buf[64];
	int i, any = 0;

	attr("due", tkt_term_due(term, d, buf));
	if (!d->broken)
		return;
	printf("%-10s", "breach");
	for (i = 0; i < 4; i++)
		if (d->broken & (1 << i))
			printf("%s%s", any++ ? ", " : " ", tkt_sla_targets[i]);
	putchar('\n');
}

int
tkt_story_load(tkt_store *st, const struct tkt_config *c, int64_t id, time_t now, int events,
               struct tkt_story *story)
{
	int rc;

	memset(story, 0, sizeof *story);
	if (events && (rc = tkt_events_load(st, id, &story->events, &story->nevents)))
		return rc;
	if ((rc = tkt_sla_ticket(st, c, id, now, &story->due)))
		tkt_story_release(story);
	return rc;
}

void
tkt_story_release(struct tkt_story *story)
{
	tkt_events_free(story->events, story->nevents);
	memset(story, 0, sizeof *story);
}

void
tkt_show_ticket(const struct tkt_term *term, const struct tkt_search *words,
                const struct tkt_ticket *t, const struct tkt_history *h,
                const struct tkt_story *story)
{
	char a[32], b[32];
	size_t i, e = 0, natt = 0;   /* natt: the attachments, numbered through the thread */

	printf("%-10s %lld\n", "ticket", (long long)t->id);
	printf("%-10s ", "subject");
	if (words && t->subject && *t->subject && strpbrk(t->subject, "\n\t\\") == NULL)
		marked(term, words, t->subject, NULL);
	else
		tkt_out_field(stdout, t->subject && *t->subject ? t->subject : "-");
	putchar('\n');
	attr_paint(term, "status", TKT_PAINT_STATUS, t->status);
	attr_paint(term, "priority", TKT_PAINT_PRIORITY, t->priority);
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
	attr("created", tkt_term_time(term, t->created, a));
	attr("updated", tkt_term_time(term, t->updated, a));
	attr("solved", t->solved ? tkt_term_time(term, t->solved, a) : NULL);
	due(term, &story->due);
	printf("%-10s", "tags");
	for (i = 0; i < t->ntags; i++)
		printf(" %s", t->tags[i]);
	printf("%s\n", t->ntags ? "" : " -");
	relations(term, t);
	for (i = 0; i < t->nfields; i++) {
		printf("field.");
		tkt_out_field(stdout, t->fields[i].name);
		printf("%*s ", t->fields[i].name[0] && strlen(t->fields[i].name) < 4 ?
		       (int)(4 - strlen(t->fields[i].name)) : 0, "");
		if (words && strpbrk(t->fields[i].value, "\n\t\\") == NULL)
			marked(term, words, t->fields[i].value, NULL);
		else
			tkt_out_field(stdout, t->fields[i].value);
		putchar('\n');
	}
	for (i = 0; i < t->nmsgs; i++) {
		const struct tkt_message *m = &t->msgs[i];

		events_before(term, story, &e, m->at, i > 0);
		printf("\n%smessage %zu  %s  %s  %s  ", tkt_term_on(term, TKT_PAINT_KIND, m->kind),
		       i + 1, m->kind, m->channel, tkt_term_time(term, m->at, a));
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
		printf("%s\n", tkt_term_off(term, TKT_PAINT_KIND, m->kind));
		body(term, words, m->body);
		if (m->quoted) {
			size_t lines = 1;
			const char *c;

			for (c = m->quoted; *c; c++)
				lines += *c == '\n' && c[1];
			printf("    [quoted history: %zu line%s]\n", lines, lines == 1 ? "" : "s");
		}
		for (const char *p = m->attachments; p && *p;) {
			size_t len = strcspn(p, "\n");

			printf("    [attachment %zu: %.*s]\n", ++natt, (int)len, p);
			p += len + (p[len] == '\n');
		}
	}
	events_before(term, story, &e, -1, t->nmsgs > 0);
}
