/* csv-import.c: a spreadsheet of tickets, or a log of conversations, into
 * the store (tkt-import --csv).  Each row (each conversation) is written
 * as a line of tkt-batch(5) without events, and the lines are imported by
 * tkt_import, renumbered: a ticket from a spreadsheet is checked, and its
 * statuses, events and clocks worked out, by the same rules as one typed
 * with the tools.  What only the spreadsheet can say wrong (a time that is
 * none, a value the mapping does not know, a ticket twice) is said with
 * the file, the row and the column. */
#define _GNU_SOURCE             /* strptime, tm_gmtoff */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "csv-int.h"

/* Strings to row numbers: the ids seen. */
struct strmap {
	char  **keys;
	size_t *vals, cap, n;
};

static size_t
str_hash(const char *s)
{
	size_t h = 14695981039346656037u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211u;
	return h;
}

/* The slot of key: where it is, or where it would go. */
static size_t
strmap_slot(const struct strmap *m, const char *key)
{
	size_t i = str_hash(key) & (m->cap - 1);

	while (m->keys[i] && strcmp(m->keys[i], key))
		i = (i + 1) & (m->cap - 1);
	return i;
}

/* The value of key, or 0. */
static size_t
strmap_get(const struct strmap *m, const char *key)
{
	size_t i;

	if (!m->cap)
		return 0;
	i = strmap_slot(m, key);
	return m->keys[i] ? m->vals[i] : 0;
}

static void
strmap_put(struct strmap *m, const char *key, size_t val)
{
	size_t i;

	if (2 * (m->n + 1) > m->cap) {
		struct strmap old = *m;

		m->cap = m->cap ? m->cap * 2 : 1024;
		m->keys = tkt_calloc(m->cap, sizeof *m->keys);
		m->vals = tkt_calloc(m->cap, sizeof *m->vals);
		for (i = 0; i < old.cap; i++)
			if (old.keys[i]) {
				size_t j = strmap_slot(m, old.keys[i]);

				m->keys[j] = old.keys[i];
				m->vals[j] = old.vals[i];
			}
		free(old.keys);
		free(old.vals);
	}
	i = strmap_slot(m, key);
	if (!m->keys[i]) {
		m->keys[i] = tkt_strdup(key);
		m->n++;
	}
	m->vals[i] = val;
}

static void
strmap_free(struct strmap *m)
{
	size_t i;

	for (i = 0; i < m->cap; i++)
		free(m->keys[i]);
	free(m->keys);
	free(m->vals);
}

/* A message of a conversation log: its row kept whole. */
struct logrow {
	size_t  row, parent;     /* parent: the index + 1 of the one it answers */
	time_t  at;
	char   *block, **f;      /* the row's fields, in one block */
};

/* A message of a ticket written. */
struct msg {
	time_t      at;
	const char *kind, *author, *body;
};

/* A ticket as it is written: the values of its row (of its conversation's
 * rows), checked. */
struct draft {
	size_t      row, nmsgs;
	char *const *f;         /* the row of the ticket's own values */
	const char *subject, *name, *email, *handle, *status, *priority, *channel, *type, *group;
	const char *source;
	time_t      created, solved, csat_at;
	int         csat;
	struct msg *msgs, own[3];
	char       *cut;        /* a subject cut from a message, to free */
};

struct conv {
	const struct tkt_csv_import *o;
	struct tkt_csv_counts       *n;
	struct csv_map               m;
	size_t                       ncols;
	FILE                        *out;
	size_t                      *rows, nrows, rowcap;   /* the row of each line */
	struct strmap                ids;
	struct logrow               *log;
	size_t                       nlog, logcap;
	time_t                       now;
	tkt_buf                      problems;
	char                         where[4096];
};

static void TKT_PRINTF(2, 3)
problem(struct conv *c, const char *fmt, ...)
{
	va_list ap;
	char msg[1024];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	tkt_buf_printf(&c->problems, "%s%s", c->problems.len ? "; " : "", msg);
}

/* The column's name, or the key's when the value is the mapping's. */
static const char *
colname(const struct csv_value *v)
{
	return v->column ? v->column : v->name;
}

/* The text of v in row f, through its value map, else its default: NULL
 * when unmapped or blank without a default. */
static const char *
cell(const struct csv_value *v, char *const *f)
{
	const char *s;
	size_t i;

	if (v->fixed)
		return v->fixed;
	if (v->col < 0)
		return NULL;
	s = f[v->col];
	if (!s[strspn(s, " \t\n")])
		return v->dflt;
	for (i = 0; i < v->nvalues; i++)
		if (!strcmp(v->from[i], s))
			return v->to[i];
	return s;
}

static const char *
key_cell(const struct conv *c, enum csv_key k, char *const *f)
{
	return cell(&c->m.key[k], f);
}

/* A required value: a problem when it is not there. */
static const char *
needed(struct conv *c, enum csv_key k, char *const *f, const char *why)
{
	const char *s = key_cell(c, k, f);

	if (!s)
		problem(c, "'%s' is empty%s", colname(&c->m.key[k]), why);
	return s;
}

/* A status, priority, channel or kind: its word in tkt, the file's own
 * when it is one (in any case), else a problem. */
static const char *
word(struct conv *c, enum csv_key k, char *const *f, const char *const *words)
{
	const struct csv_value *v = &c->m.key[k];
	const char *s = cell(v, f);
	size_t i;

	if (!s)
		return NULL;
	for (i = 0; words[i]; i++)
		if (!strcasecmp(words[i], s))
			return words[i];
	problem(c, "'%s' is '%s', which is no %s of tkt's (map it under %s: values:)", colname(v), s,
	        tkt_csv_keys[k], tkt_csv_keys[k]);
	return NULL;
}

/* A time in the column's format, else as tkt reads times; 0 and a problem
 * when it is none, 0 alone when the cell is empty. */
static time_t
when(struct conv *c, enum csv_key k, char *const *f)
{
	const struct csv_value *v = &c->m.key[k];
	const char *s = cell(v, f), *end;
	struct tm tm;
	time_t t;

	if (!s)
		return 0;
	if (!v->format) {
		if (!tkt_time_parse(s, c->now, &t, NULL))
			return t;
		problem(c, "'%s' is '%s', which is no time (like 2026-11-23 09:30, else say its format:)",
		        colname(v), s);
		return 0;
	}
	memset(&tm, 0, sizeof tm);
	tm.tm_isdst = -1;
	if (!(end = strptime(s, v->format, &tm)) || end[strspn(end, " \t")]) {
		problem(c, "'%s' is '%s', which is no time of the format '%s'", colname(v), s, v->format);
		return 0;
	}
	if (strstr(v->format, "%z")) {
		long off = tm.tm_gmtoff;

		return timegm(&tm) - off;
	}
	return mktime(&tm);
}

/* Times that must not come before another: a problem when they do. */
static void
in_order(struct conv *c, enum csv_key early, time_t a, enum csv_key late, time_t b)
{
	char ia[32], ib[32];

	if (a && b && b < a)
		problem(c, "'%s' (%s) is before '%s' (%s)", colname(&c->m.key[late]),
		        tkt_time_iso(b, ib), colname(&c->m.key[early]), tkt_time_iso(a, ia));
}

/* A tag word from a spreadsheet's value: lower case, each run of what a
 * tag cannot have as one -. */
static char *
tag_word(const char *s, size_t n)
{
	char *t = tkt_malloc(n + 1), *p = t;
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (ch >= 0x80 || isalnum(ch) || ch == '_' || ch == ':' || ch == '.')
			*p++ = (char)tolower(ch);
		else if (p > t && p[-1] != '-')
			*p++ = '-';
	}
	while (p > t && p[-1] == '-')
		p--;
	*p = '\0';
	return t;
}

/* ",\"key\":\"text\"" (sep first); nothing for NULL. */
static void
json_text(FILE *out, const char *sep, const char *key, const char *s)
{
	if (!s)
		return;
	fprintf(out, "%s\"%s\":", sep, key);
	tkt_out_json_str(out, s);
}

static void
json_time(FILE *out, const char *sep, const char *key, time_t t)
{
	char iso[32];

	fprintf(out, "%s\"%s\":\"%s\"", sep, key, tkt_time_iso(t, iso));
}

/* The fields and tags of the ticket's row, as JSON members. */
static void
fields_write(struct conv *c, const struct draft *d)
{
	size_t i;
	int any = 0;

	fputs(",\"fields\":{", c->out);
	if (d->source) {
		json_text(c->out, "", "source_id", d->source);
		any = 1;
	}
	for (i = 0; i < c->m.nfields; i++) {
		json_text(c->out, any ? "," : "", c->m.fields[i].name, cell(&c->m.fields[i], d->f));
		any |= cell(&c->m.fields[i], d->f) != NULL;
	}
	fputs("},\"tags\":[", c->out);
	for (i = any = 0; i < c->m.ntags; i++) {
		const char *p = cell(&c->m.tags[i], d->f);

		while (p && *p) {
			size_t n = strcspn(p, ",;");
			char *t = tag_word(p, n);

			if (*t) {
				fputs(any++ ? "," : "", c->out);
				tkt_out_json_str(c->out, t);
			}
			free(t);
			p += n + (p[n] != '\0');
		}
	}
	fputc(']', c->out);
}

static void
draft_write(struct conv *c, const struct draft *d)
{
	size_t i;

	fprintf(c->out, "{\"id\":%zu", d->row);
	json_text(c->out, ",", "subject", d->subject);
	fprintf(c->out, ",\"requester\":{");
	json_text(c->out, "", "name", d->name);
	json_text(c->out, d->name ? "," : "", "email", d->email);
	json_text(c->out, d->name || d->email ? "," : "", "handle", d->handle);
	fputc('}', c->out);
	json_time(c->out, ",", "created", d->created);
	json_text(c->out, ",", "status", d->status);
	if (d->solved)
		json_time(c->out, ",", "solved", d->solved);
	json_text(c->out, ",", "priority", d->priority);
	json_text(c->out, ",", "channel", d->channel);
	json_text(c->out, ",", "type", d->type);
	json_text(c->out, ",", "group", d->group);
	fields_write(c, d);
	fputs(",\"messages\":[", c->out);
	for (i = 0; i < d->nmsgs; i++) {
		json_time(c->out, i ? ",{" : "{", "at", d->msgs[i].at);
		json_text(c->out, ",", "kind", d->msgs[i].kind);
		json_text(c->out, ",", "author", d->msgs[i].author);
		json_text(c->out, ",", "body", d->msgs[i].body);
		fputc('}', c->out);
	}
	fputc(']', c->out);
	if (d->csat) {
		json_time(c->out, ",\"ratings\":[{", "at", d->csat_at);
		fprintf(c->out, ",\"kind\":\"csat\",\"score\":%d}]", d->csat);
	}
	fputs("}\n", c->out);
	if (c->nrows == c->rowcap)
		c->rows = tkt_realloc(c->rows, (c->rowcap = c->rowcap * 2 + 1024) * sizeof *c->rows);
	c->rows[c->nrows++] = d->row;
}

/* The row's customer, as the requester. */
static void
requester_read(struct conv *c, char *const *f, struct draft *d)
{
	d->name = key_cell(c, CSV_NAME, f);
	d->email = key_cell(c, CSV_EMAIL, f);
	d->handle = key_cell(c, CSV_HANDLE, f);
	if (!d->name && !d->email && !d->handle)
		problem(c, "%s", "the requester is not known (the name, email and handle are empty)");
}

/* What a ticket takes of its row: subject, priority, channel, type,
 * group (and fields and tags, when written). */
static void
head_read(struct conv *c, char *const *f, struct draft *d)
{
	d->f = f;
	d->subject = key_cell(c, CSV_SUBJECT, f);
	d->priority = word(c, CSV_PRIORITY, f, tkt_priorities);
	d->channel = word(c, CSV_CHANNEL, f, tkt_channels);
	d->type = key_cell(c, CSV_TYPE, f);
	d->group = key_cell(c, CSV_GROUP, f);
}

/* The CSAT of a row: a whole number (4, 4.0), checked by the import. */
static int
csat_read(struct conv *c, char *const *f)
{
	const char *s = key_cell(c, CSV_CSAT, f);
	char *end;
	double v;

	if (!s)
		return 0;
	v = strtod(s, &end);
	if (end == s || end[strspn(end, " ")] || v != (double)(int)v || v < 1 || v > 5) {
		problem(c, "'%s' is '%s', which is no CSAT (a whole number 1 to 5)",
		        colname(&c->m.key[CSV_CSAT]), s);
		return 0;
	}
	return (int)v;
}

static void
msg_add(struct draft *d, time_t at, const char *kind, const char *author, const char *body)
{
	struct msg m = { at, kind, author, body };

	d->own[d->nmsgs++] = m;
}

/* A row of a spreadsheet of tickets: the customer's description at its
 * creation, the first response at its time, the resolution at the solve
 * (else as the first response), the CSAT. */
static void
ticket_read(struct conv *c, char *const *f, struct draft *d)
{
	const char *desc, *response, *resolution, *agent, *author;
	time_t first;

	head_read(c, f, d);
	requester_read(c, f, d);
	if (!d->subject)
		needed(c, CSV_SUBJECT, f, "");
	d->created = when(c, CSV_CREATED, f);
	if (!key_cell(c, CSV_CREATED, f))
		needed(c, CSV_CREATED, f, "");
	first = when(c, CSV_FIRST_RESPONSE, f);
	d->solved = when(c, CSV_SOLVED, f);
	d->status = word(c, CSV_STATUS, f, tkt_statuses);
	desc = needed(c, CSV_DESCRIPTION, f, ": a ticket opens with the customer's words");
	response = key_cell(c, CSV_RESPONSE, f);
	resolution = key_cell(c, CSV_RESOLUTION, f);
	agent = key_cell(c, CSV_AGENT, f);
	author = d->name ? d->name : d->email ? d->email : d->handle;
	in_order(c, CSV_CREATED, d->created, CSV_FIRST_RESPONSE, first);
	in_order(c, CSV_CREATED, d->created, CSV_SOLVED, d->solved);
	in_order(c, CSV_FIRST_RESPONSE, first, CSV_SOLVED, d->solved);
	if (!agent)
		agent = c->o->actor;
	msg_add(d, d->created, "customer", author, desc);
	if (first) {
		const char *text = response ? response : d->solved ? NULL : resolution;

		if (!text)
			problem(c, "'%s' is given, but not the reply's words ('%s' is empty)",
			        colname(&c->m.key[CSV_FIRST_RESPONSE]),
			        csv_mapped(&c->m.key[CSV_RESPONSE]) ? colname(&c->m.key[CSV_RESPONSE]) :
			        "response");
		else
			msg_add(d, first, "agent", agent, text);
		if (text == resolution)
			resolution = NULL;
	}
	if (resolution && !d->solved)
		problem(c, "'%s' has no time ('%s' is empty)", colname(&c->m.key[CSV_RESOLUTION]),
		        colname(&c->m.key[CSV_SOLVED]));
	else if (resolution)
		msg_add(d, d->solved, "agent", agent, resolution);
	if (d->solved && !d->status)
		d->status = "solved";
	else if (d->solved && !tkt_status_done(d->status))
		problem(c, "'%s' is given, but '%s' is '%s'", colname(&c->m.key[CSV_SOLVED]),
		        colname(&c->m.key[CSV_STATUS]), d->status);
	if ((d->csat = csat_read(c, f)))
		d->csat_at = d->solved ? d->solved : d->own[d->nmsgs - 1].at;
	d->msgs = d->own;
}

/* Each id once: a problem for the second.  The ids of a conversation
 * log are kept with the index of their row in c->log, from 1. */
static void
id_once(struct conv *c, const char *id, enum csv_key k)
{
	size_t was = strmap_get(&c->ids, id);

	if (was)
		problem(c, "'%s' %s is row %zu's too", colname(&c->m.key[k]), id,
		        c->m.messages ? c->log[was - 1].row : was);
}

/* A row of a conversation log, kept until the conversations are known. */
static void
log_read(struct conv *c, char *const *f, size_t row)
{
	const char *id = needed(c, CSV_MESSAGE, f, "");
	struct logrow *l;
	size_t i, len = 0;
	time_t at = when(c, CSV_AT, f);
	char *p;

	if (!key_cell(c, CSV_AT, f))
		needed(c, CSV_AT, f, "");
	if (!word(c, CSV_KIND, f, (const char *const[]){ "customer", "agent", "note", NULL }))
		needed(c, CSV_KIND, f, "");
	needed(c, CSV_AUTHOR, f, "");
	needed(c, CSV_BODY, f, "");
	if (id)
		id_once(c, id, CSV_MESSAGE);
	if (c->problems.len)
		return;
	strmap_put(&c->ids, id, c->nlog + 1);
	if (c->nlog == c->logcap)
		c->log = tkt_realloc(c->log, (c->logcap = c->logcap * 2 + 1024) * sizeof *c->log);
	l = &c->log[c->nlog++];
	l->row = row;
	l->at = at;
	l->parent = 0;
	for (i = 0; i < c->ncols; i++)
		len += strlen(f[i]) + 1;
	l->block = p = tkt_malloc(len);
	l->f = tkt_calloc(c->ncols, sizeof *l->f);
	for (i = 0; i < c->ncols; i++) {
		size_t n = strlen(f[i]) + 1;

		l->f[i] = memcpy(p, f[i], n);
		p += n;
	}
}

/* A row's problems: said, and the row left out (o->bad), or the import
 * fails. */
static int
row_refused(struct conv *c, size_t row)
{
	int rc = tkt_error(EX_DATAERR, "%s: row %zu: %s", c->o->csv, row, tkt_buf_str(&c->problems));

	c->problems.len = 0;
	c->problems.s[0] = '\0';
	if (!c->o->bad || (rc = c->o->bad(c->o->ctx)))
		return rc;
	c->n->bad++;
	return 0;
}

static int
row_read(char **f, size_t n, size_t row, void *vc)
{
	struct conv *c = vc;
	struct draft d;

	if (row == 1) {
		c->ncols = n;
		return tkt_csv_map_columns(&c->m, c->o->csv, f, n);
	}
	c->n->rows++;
	if (c->o->progress && c->n->rows % 10000 == 0)
		fprintf(c->o->progress, "\r%zu rows", c->n->rows);
	if (n != c->ncols) {
		problem(c, "%zu fields, where the header has %zu", n, c->ncols);
		return row_refused(c, row);
	}
	if (c->m.messages) {
		log_read(c, f, row);
		return c->problems.len ? row_refused(c, row) : 0;
	}
	memset(&d, 0, sizeof d);
	d.row = row;
	if ((d.source = key_cell(c, CSV_ID, f)))
		id_once(c, d.source, CSV_ID);
	ticket_read(c, f, &d);
	if (c->problems.len)
		return row_refused(c, row);
	if (d.source)
		strmap_put(&c->ids, d.source, row);
	draft_write(c, &d);
	return 0;
}

/* The subject of a conversation that has none: the first line of its
 * first customer's message, cut at a word near 80 bytes. */
static char *
subject_cut(const char *body)
{
	size_t n = strcspn(body, "\n"), cut = n;

	if (n <= 80)
		return tkt_strndup(body, n);
	for (cut = 77; cut > 40 && body[cut] != ' '; cut--)
		;
	if (body[cut] != ' ')
		for (cut = 77; cut && ((unsigned char)body[cut] & 0xc0) == 0x80; cut--)
			;
	return tkt_asprintf("%.*s...", (int)cut, body);
}

/* The first row of each conversation: the messages answering one another
 * joined (union-find). */
static size_t
root_of(size_t *up, size_t i)
{
	size_t r = i, next;

	while (up[r] != r)
		r = up[r];
	while (up[i] != r) {
		next = up[i];
		up[i] = r;
		i = next;
	}
	return r;
}

/* The order of the messages: by the first message of their conversation,
 * then by time, then by row. */
struct place {
	size_t i, first;
	const struct logrow *log;
};

static int
place_cmp(const void *va, const void *vb)
{
	const struct place *a = va, *b = vb;
	const struct logrow *fa = &a->log[a->first], *fb = &b->log[b->first];
	const struct logrow *ma = &a->log[a->i], *mb = &b->log[b->i];

	if (fa->at != fb->at)
		return fa->at < fb->at ? -1 : 1;
	if (fa->row != fb->row)
		return fa->row < fb->row ? -1 : 1;
	if (ma->at != mb->at)
		return ma->at < mb->at ? -1 : 1;
	return (ma->row > mb->row) - (ma->row < mb->row);
}

/* The messages of one conversation (at p, n of them) as one ticket: its
 * own values from its first row, its requester (and, unmapped, its
 * subject) the first customer's message's. */
static int
conversation_write(struct conv *c, const struct place *p, size_t n)
{
	static const char *const kinds[] = { "customer", "agent", "note", NULL };
	const struct logrow *first = &c->log[p[0].i];
	struct draft d;
	size_t i;
	int rc = 0, customer = 0;

	memset(&d, 0, sizeof d);
	d.row = first->row;
	d.created = first->at;
	d.source = key_cell(c, CSV_MESSAGE, first->f);
	head_read(c, first->f, &d);
	d.msgs = tkt_calloc(n, sizeof *d.msgs);
	for (i = 0; i < n; i++) {
		char *const *f = c->log[p[i].i].f;
		struct msg *m = &d.msgs[d.nmsgs++];

		m->at = c->log[p[i].i].at;
		m->kind = word(c, CSV_KIND, f, kinds);
		m->author = key_cell(c, CSV_AUTHOR, f);
		m->body = key_cell(c, CSV_BODY, f);
		if (!customer && !strcmp(m->kind, "customer")) {
			requester_read(c, f, &d);
			if (!d.subject)
				d.subject = d.cut = subject_cut(m->body);
			customer = 1;
		}
	}
	if (!customer)
		problem(c, "%s", "the conversation has no customer's message");
	if (c->problems.len)
		rc = row_refused(c, d.row);
	else
		draft_write(c, &d);
	free(d.msgs);
	free(d.cut);
	return rc;
}

/* The rows of a conversation log, each conversation (the messages that
 * answer one another) one ticket. */
static int
conversations(struct conv *c)
{
	size_t *up = tkt_calloc(c->nlog + 1, sizeof *up), i, j;
	struct place *p = tkt_calloc(c->nlog + 1, sizeof *p);
	int rc = 0;

	for (i = 0; i < c->nlog; i++)
		up[i] = i;
	for (i = 0; i < c->nlog; i++) {
		const char *to = key_cell(c, CSV_REPLY_TO, c->log[i].f);
		size_t k = to ? strmap_get(&c->ids, to) : 0;

		if (k && root_of(up, k - 1) != root_of(up, i))
			up[root_of(up, i)] = root_of(up, k - 1);
	}
	/* The first of each conversation, kept at its root. */
	for (i = 0; i < c->nlog; i++)
		p[i].first = i;
	for (i = 0; i < c->nlog; i++) {
		size_t r = root_of(up, i), *f = &p[r].first;
		const struct logrow *a = &c->log[i], *b = &c->log[*f];

		if (a->at < b->at || (a->at == b->at && a->row < b->row))
			*f = i;
	}
	for (i = 0; i < c->nlog; i++) {
		p[i].i = i;
		p[i].log = c->log;
	}
	for (i = 0; i < c->nlog; i++)
		p[i].first = p[root_of(up, i)].first;
	qsort(p, c->nlog, sizeof *p, place_cmp);
	for (i = 0; i < c->nlog && !rc; i = j) {
		for (j = i + 1; j < c->nlog && p[j].first == p[i].first; j++)
			;
		rc = conversation_write(c, p + i, j - i);
	}
	free(up);
	free(p);
	return rc;
}

/* Where a line of the tickets written came from, for the import's
 * messages. */
static const char *
row_of_line(size_t line, void *vc)
{
	struct conv *c = vc;

	snprintf(c->where, sizeof c->where, "%s: row %zu", c->o->csv,
	         line && line <= c->nrows ? c->rows[line - 1] : 0);
	return c->where;
}

int
tkt_csv_import(tkt_store *st, const struct tkt_csv_import *o, struct tkt_csv_counts *n)
{
	struct tkt_import_opts io = { 0 };
	struct conv c;
	size_t i;
	int rc;

	memset(&c, 0, sizeof c);
	memset(n, 0, sizeof *n);
	c.o = o;
	c.n = n;
	if ((rc = tkt_now(&c.now)) || (rc = tkt_csv_map_load(o->map, &c.m)))
		goto out;
	if (!(c.out = tmpfile())) {
		rc = tkt_error(EX_CANTCREAT, "cannot make a temporary file: %s", strerror(errno));
		goto out;
	}
	if ((rc = tkt_csv_read(o->csv, row_read, &c)))
		goto out;
	if (!c.ncols) {
		rc = tkt_error(EX_DATAERR, "%s: no rows, not even the header", o->csv);
		goto out;
	}
	if (c.m.messages && (rc = conversations(&c)))
		goto out;
	if (fflush(c.out) || ferror(c.out)) {
		rc = tkt_error(EX_IOERR, "cannot write a temporary file: %s", strerror(errno));
		goto out;
	}
	rewind(c.out);
	io.renumber = 1;
	io.actor = o->actor;
	io.fn = o->opened;
	io.ctx = o->ctx;
	io.progress = o->progress;
	io.where = row_of_line;
	io.where_ctx = &c;
	rc = tkt_import(st, c.out, &io, &n->tickets);
out:
	if (c.out)
		fclose(c.out);
	for (i = 0; i < c.nlog; i++) {
		free(c.log[i].block);
		free(c.log[i].f);
	}
	free(c.log);
	free(c.rows);
	strmap_free(&c.ids);
	tkt_buf_release(&c.problems);
	tkt_csv_map_free(&c.m);
	return rc;
}
