/* list.c: the ticket listing: the tickets a filter (filter.c,
 * filter-sql.c) matches, those of its SLA words checked per row with
 * the configuration's clock (sla.c), in the order of a sort key (rank:
 * their relevance to its text searches; due: when their next target is
 * due), with the line of each ticket's text that matches best. */
#include <stdlib.h>
#include <string.h>

#include "filter-int.h"

/* Whether a ticket with targets d passes every SLA word of f. */
static int
sla_match(const tkt_filter *f, const struct tkt_due *d)
{
	int i, j;

	for (j = 0; j < (int)f->nsla; j++) {
		const struct sla_word *w = &f->sla[j];
		int hit = 0;

		if (w->breach) {
			hit = (w->targets & d->broken) != 0;
			if (hit != (w->op == OP_EQ))
				return 0;
		} else {
			int64_t due = INT64_MAX;

			for (i = 0; i < 4; i++)
				if (d->applies[i] && d->left[i] < due)
					due = d->left[i];
			switch (w->op) {
			case OP_LT: hit = due < w->secs; break;
			case OP_LE: hit = due <= w->secs; break;
			case OP_GT: hit = due > w->secs; break;
			default:    hit = due >= w->secs; break;
			}
			if (!hit)
				return 0;
		}
	}
	return 1;
}

static const struct {
	const char *key, *sql;
	int         nulls;      /* its last term may be NULL */
} sorts[] = {
	{ "id",        "t.id", 0 },
	{ "created",   "t.created_at", 0 },
	{ "updated",   "t.updated_at", 0 },
	{ "priority",  "CASE t.priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1"
	               " WHEN 'normal' THEN 2 ELSE 3 END", 0 },
	{ "status",    TKT_SQL_STATUS_ORDER("t.status"), 0 },
	{ "age",       "-t.created_at", 0 },
	{ "waiting",   "CASE WHEN " WAITING_STATUSES " THEN t.waiting_since END IS NULL,"
	               " t.waiting_since", 1 },
	{ "subject",   "t.subject", 0 },
	{ "requester", SQL_DISPLAY, 0 },
	{ "assignee",  "t.assignee IS NULL, t.assignee", 0 },
	{ "due",       "t.id", 0 },             /* then by due, below */
	{ "rank",      "r.score", 0 },          /* the search's relevance */
};

static int
sort_index(const char *key)
{
	size_t i;

	for (i = 0; i < sizeof sorts / sizeof sorts[0]; i++)
		if (strcmp(sorts[i].key, key) == 0)
			return (int)i;
	return -1;
}

int
tkt_sort_valid(const char *key)
{
	return sort_index(key) >= 0;
}

/* How many times word w (folded, as is column c) occurs in column c. */
#define SEARCH_COUNT(c, w) "(length(" c ") - length(replace(" c ", " w ", ''))) / length(" w ")"

/* The relevance of each ticket to f's words, as r.score (the lower the
 * better), joined to the listing: SQLite's bm25 of the words in its
 * index; elsewhere a count of the words, weighed and scaled by length. */
static void
rank_join(tkt_store *st, const tkt_filter *f, tkt_buf *sql)
{
	tkt_buf score = TKT_BUF_INIT;
	size_t i;

	if (db_sql(st, SQL_SEARCH_FTS)) {
		tkt_put_template(sql, db_sql(st, SQL_SEARCH_RANK), ":rank");
		return;
	}
	for (i = 0; i < f->all.n; i++)
		tkt_buf_printf(&score, "%s" SEARCH_COUNT("s.subject", ":r%zu") " * 4 + "
		               SEARCH_COUNT("s.body", ":r%zu") " + " SEARCH_COUNT("s.fields", ":r%zu"),
		               i ? " + " : "", i + 1, i + 1, i + 1, i + 1, i + 1, i + 1);
	tkt_put_template(sql, db_sql(st, SQL_SEARCH_RANK), score.s);
	tkt_buf_release(&score);
}

static void
rank_bind(tkt_store *st, const tkt_filter *f, tkt_stmt *s)
{
	char name[32];
	size_t i;

	if (db_sql(st, SQL_SEARCH_FTS)) {
		char *q = tkt_search_fts(&f->all, 1, NULL);

		db_bind_text(s, ":rank", q);
		free(q);
		return;
	}
	for (i = 0; i < f->all.n; i++) {
		snprintf(name, sizeof name, ":r%zu", i + 1);
		db_bind_text(s, name, f->all.words[i]);
	}
}

/* The text of ticket id but its subject (which the listing shows): a
 * line or more for each message (and its quoted history) but the
 * system's, and each field, into b; text is a statement of TICKET_TEXT. */
#define TICKET_TEXT \
	"SELECT body, quoted FROM messages WHERE ticket = :id AND kind <> 'system'\n" \
	"UNION ALL SELECT value, NULL FROM fields WHERE ticket = :id"

static int
ticket_text(tkt_store *st, tkt_stmt *text, int64_t id, tkt_buf *b)
{
	int step;

	b->len = 0;
	db_reset(text);
	db_bind_int(text, ":id", id);
	while ((step = db_step(text)) == DB_ROW) {
		size_t i;

		for (i = 0; i < 2; i++) {
			const char *v = db_text(text, (int)i);

			if (v) {
				tkt_buf_puts(b, v);
				tkt_buf_putc(b, '\n');
			}
		}
	}
	return step == DB_DONE ? 0 : db_error(st, step, "reading a ticket's text");
}

/* The widest snippet, in bytes. */
#define SNIPPET_WIDTH 160

/* A listing under way: where its rows go, and what each is given. */
struct listing {
	tkt_store               *st;
	const struct tkt_search *words;
	tkt_stmt                *text;     /* TICKET_TEXT, for snippets; or NULL */
	tkt_buf                  buf;
	struct tkt_snippet       snip;
	tkt_row_fn               fn;
	void                    *ctx;
	int64_t                  n;
};

/* Give row to the listing's function, with its snippet when asked. */
static int
emit(struct listing *l, struct tkt_row *row)
{
	int rc;

	row->snippet = NULL;
	if (l->text) {
		tkt_snippet_release(&l->snip);
		if ((rc = ticket_text(l->st, l->text, row->id, &l->buf)))
			return rc;
		/* The subject, when nothing else matches. */
		if (tkt_search_snippet(l->words, tkt_buf_str(&l->buf), SNIPPET_WIDTH, &l->snip) ||
		    (row->subject && tkt_search_snippet(l->words, row->subject, SNIPPET_WIDTH, &l->snip)))
			row->snippet = &l->snip;
	}
	l->n++;
	return l->fn(row, l->ctx);
}

/* A row kept for the due order: its strings copied, its targets. */
struct kept {
	struct tkt_row row;
	struct tkt_due due;
	int            reverse;
};

/* The soonest due first, then by id (reversed: the latest first, then by
 * id down); those with nothing due last, as the other sort keys' NULLs. */
static int
due_order(const void *pa, const void *pb)
{
	const struct kept *a = pa, *b = pb;
	int c;

	if ((a->due.next < 0) != (b->due.next < 0))
		return a->due.next < 0 ? 1 : -1;
	if (a->due.next >= 0 && a->due.at[a->due.next] != b->due.at[b->due.next])
		c = a->due.at[a->due.next] < b->due.at[b->due.next] ? -1 : 1;
	else
		c = a->row.id < b->row.id ? -1 : a->row.id > b->row.id;
	return a->reverse ? -c : c;
}

static void
kept_free(struct kept *k, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free((char *)k[i].row.status);
		free((char *)k[i].row.priority);
		free((char *)k[i].row.requester);
		free((char *)k[i].row.subject);
		free((char *)k[i].row.json);
	}
	free(k);
}

/* The kept rows in the due order, the first limit of them (0: all) to
 * the listing. */
static int
emit_by_due(struct listing *l, struct kept *k, size_t n, int64_t limit)
{
	size_t i;
	int rc = 0;

	qsort(k, n, sizeof *k, due_order);
	for (i = 0; i < n && !rc && (limit <= 0 || (int64_t)i < limit); i++) {
		if (k[i].row.due)
			k[i].row.due = &k[i].due;
		rc = emit(l, &k[i].row);
	}
	return rc;
}

int
tkt_ticket_list(tkt_store *st, const tkt_filter *f, const struct tkt_list_opts *o,
                tkt_row_fn fn, void *ctx, int64_t *count)
{
	tkt_buf sql = TKT_BUF_INIT;
	tkt_stmt *s;
	struct tkt_row row;
	struct tkt_due due;
	struct listing l = { st, tkt_filter_search(f), NULL, TKT_BUF_INIT, { NULL, NULL, 0 },
	                     fn, ctx, 0 };
	struct kept *kept = NULL;
	size_t nkept = 0, cap = 0;
	int si = sort_index(o->sort ? o->sort : "id"), rc = 0, step, sla_col = 6;
	tkt_clock *clock = NULL;
	const char *dir = o->reverse ? " DESC" : "";
	int rank = si >= 0 && strcmp(sorts[si].key, "rank") == 0;
	int by_due = si >= 0 && strcmp(sorts[si].key, "due") == 0;

	if (si < 0)
		return tkt_error(EX_USAGE, "bad sort key '%s' (id, created, updated, priority, "
		                 "status, age, waiting, subject, requester, assignee, due, rank)", o->sort);
	if (rank && !l.words)
		return tkt_error(EX_USAGE, "sort key rank: nothing is searched for "
		                 "(it needs text~, subject~ or body~)");
	/* Only the ids: no column that would make SQLite read the row when an
	 * index answers the filter. */
	if (o->ids_only && !o->json)
		tkt_buf_puts(&sql, "SELECT t.id, NULL, NULL, NULL, NULL, NULL");
	else
		tkt_buf_puts(&sql,
			"SELECT t.id, t.status, t.priority, " SQL_DISPLAY ", t.subject, t.created_at");
	if (o->json)
		tkt_buf_puts(&sql, db_sql(st, SQL_LIST_JSON));
	if (o->json)
		sla_col++;
	if (tkt_filter_has_sla(f) || o->due || by_due) {
		if (!f->config) {
			tkt_buf_release(&sql);
			return tkt_error(EX_SOFTWARE, "SLA targets need the configuration");
		}
		tkt_sla_columns(st, &sql);
		clock = tkt_clock_new(f->config);
	}
	/* Every ticket has its requester: a LEFT JOIN gives the same rows, and
	 * SQLite leaves it out when no column of it is used. */
	tkt_buf_puts(&sql, "\n  FROM tickets t LEFT JOIN customers c ON c.id = t.requester");
	if (rank)
		rank_join(st, f, &sql);
	tkt_buf_puts(&sql, "\n WHERE ");
	tkt_filter_where(st, f, &sql);
	/* NULL first, and last reversed, on every backend (SQLite's way). */
	tkt_buf_printf(&sql, "\n ORDER BY %s%s%s", sorts[si].sql, dir,
	               !sorts[si].nulls ? "" : o->reverse ? " NULLS LAST" : " NULLS FIRST");
	/* The sort keys with several terms sort all but the last ascending. */
	if (si != 0 && !by_due)
		tkt_buf_printf(&sql, ", t.id%s", dir);
	if (o->limit > 0 && !clock)
		tkt_buf_printf(&sql, "\n LIMIT %lld", (long long)o->limit);
	if ((rc = tkt_filter_prepare(st, f)) || !(s = db_prepare(st, sql.s))) {
		tkt_buf_release(&sql);
		tkt_clock_free(clock);
		return rc ? rc : tkt_errcode();
	}
	tkt_buf_release(&sql);
	tkt_filter_bind(f, s);
	if (rank)
		rank_bind(st, f, s);
	if (o->snippets && l.words && !(l.text = db_stmt(st, TICKET_TEXT))) {
		db_finalize(s);
		tkt_clock_free(clock);
		return tkt_errcode();
	}
	while ((step = db_step(s)) == DB_ROW) {
		if (clock)
			tkt_sla_row(f->config, clock, s, sla_col, f->now, &due);
		if (clock && !sla_match(f, &due))
			continue;
		if (!by_due && clock && o->limit > 0 && l.n == o->limit)
			break;
		row.id = db_int(s, 0);
		row.status = db_text(s, 1);
		row.priority = db_text(s, 2);
		row.requester = db_text(s, 3);
		row.subject = db_text(s, 4);
		row.created = (time_t)db_int(s, 5);
		row.json = o->json ? db_json(s, 6) : NULL;
		row.due = o->due ? &due : NULL;
		if (by_due) {
			/* All of them first: the order is known at the end. */
			if (nkept == cap)
				kept = tkt_realloc(kept, (cap = cap ? 2 * cap : 64) * sizeof *kept);
			kept[nkept].row = row;
			kept[nkept].row.status = tkt_strdup(row.status);
			kept[nkept].row.priority = tkt_strdup(row.priority);
			kept[nkept].row.requester = tkt_strdup(row.requester);
			kept[nkept].row.subject = tkt_strdup(row.subject);
			kept[nkept].row.json = tkt_strdup(row.json);
			kept[nkept].due = due;
			kept[nkept++].reverse = o->reverse;
		} else if ((rc = emit(&l, &row))) {
			break;
		}
	}
	if (!rc && step != DB_DONE && step != DB_ROW)
		rc = db_error(st, step, "listing tickets");
	db_finalize(s);
	if (!rc && by_due)
		rc = emit_by_due(&l, kept, nkept, o->limit);
	kept_free(kept, nkept);
	tkt_snippet_release(&l.snip);
	tkt_buf_release(&l.buf);
	tkt_clock_free(clock);
	if (count)
		*count = l.n;
	return rc;
}
