/* list.c: the ticket listing: the tickets a filter (filter.c,
 * filter-sql.c) matches, those of its SLA words checked per row with
 * the configuration's clock, in the order of a sort key (rank: their
 * relevance to its text searches), with the line of each ticket's text
 * that matches best. */
#include <stdlib.h>
#include <string.h>

#include "filter-int.h"

/* The columns an SLA check needs, after the listing's own. */
#define SLA_COLUMNS \
	", t.priority, t.created_at, t.status, t.waiting_since," \
	" (SELECT min(m.created_at) FROM messages m WHERE m.ticket = t.id AND " TKT_SQL_REPLY("m") ")," \
	" %s(t.created_at," \
	"     coalesce((SELECT max(created_at) FROM messages WHERE ticket = t.id AND kind = 'agent'), 0)," \
	"     coalesce((SELECT max(at) FROM events WHERE ticket = t.id AND what = 'status'" \
	"                AND new IN " TKT_SQL_ACTIVE \
	"                AND old NOT IN " TKT_SQL_ACTIVE "), 0))"

/* Whether the row at column col (SLA_COLUMNS) passes every SLA word. */
static int
sla_match(const tkt_filter *f, tkt_clock *k, tkt_stmt *s, int col)
{
	const char *priority = db_text(s, col), *status = db_text(s, col + 2);
	int p = tkt_enum_index(tkt_priorities, priority);
	const struct tkt_sla *sla = &f->config->sla[p < 0 ? 1 : p];
	time_t created = (time_t)db_int(s, col + 1);
	time_t now = f->now, from[4];
	int64_t left[4], target[4] = { sla->first_reply, sla->next_reply, sla->update, sla->resolution };
	int applies[4], i, j;

	applies[T_FIRST] = db_null(s, col + 4);
	from[T_FIRST] = created;
	applies[T_NEXT] = !applies[T_FIRST] && tkt_status_active(status) &&
	                  !db_null(s, col + 3);
	from[T_NEXT] = (time_t)db_int(s, col + 3);
	applies[T_UPDATE] = tkt_status_active(status);
	from[T_UPDATE] = (time_t)db_int(s, col + 5);
	applies[T_RESOLUTION] = 1;
	from[T_RESOLUTION] = created;
	for (i = 0; i < 4; i++) {
		int64_t spent = now <= from[i] ? 0 : sla->business ? tkt_clock_business(k, from[i], now)
		                                                    : (int64_t)(now - from[i]);

		left[i] = target[i] - spent;
	}
	for (j = 0; j < (int)f->nsla; j++) {
		const struct sla_word *w = &f->sla[j];
		int hit = 0;

		if (w->breach) {
			for (i = 0; i < 4; i++)
				if ((w->targets & (1 << i)) && applies[i] && left[i] < 0)
					hit = 1;
			if (hit != (w->op == OP_EQ))
				return 0;
		} else {
			int64_t due = INT64_MAX;

			for (i = 0; i < 4; i++)
				if (applies[i] && left[i] < due)
					due = left[i];
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

int
tkt_ticket_list(tkt_store *st, const tkt_filter *f, const struct tkt_list_opts *o,
                tkt_row_fn fn, void *ctx, int64_t *count)
{
	tkt_buf sql = TKT_BUF_INIT, text = TKT_BUF_INIT;
	tkt_stmt *s, *ts = NULL;
	struct tkt_row row;
	struct tkt_snippet snip = { NULL, NULL, 0 };
	int si = sort_index(o->sort ? o->sort : "id"), rc = 0, step, sla_col = 6;
	tkt_clock *clock = NULL;
	int64_t n = 0;
	const char *dir = o->reverse ? " DESC" : "";
	const struct tkt_search *words = tkt_filter_search(f);
	int rank = si >= 0 && strcmp(sorts[si].key, "rank") == 0;

	if (si < 0)
		return tkt_error(EX_USAGE, "bad sort key '%s' (id, created, updated, priority, "
		                 "status, age, waiting, subject, requester, assignee, rank)", o->sort);
	if (rank && !words)
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
	if (tkt_filter_has_sla(f)) {
		if (!f->config)
			return tkt_error(EX_SOFTWARE, "SLA words need the configuration");
		tkt_buf_printf(&sql, SLA_COLUMNS, db_sql(st, SQL_GREATEST));
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
	if (si != 0)
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
	if (o->snippets && words && !(ts = db_stmt(st, TICKET_TEXT))) {
		db_finalize(s);
		tkt_clock_free(clock);
		return tkt_errcode();
	}
	while ((step = db_step(s)) == DB_ROW) {
		if (clock && !sla_match(f, clock, s, sla_col))
			continue;
		if (clock && o->limit > 0 && n == o->limit)
			break;
		row.id = db_int(s, 0);
		row.status = db_text(s, 1);
		row.priority = db_text(s, 2);
		row.requester = db_text(s, 3);
		row.subject = db_text(s, 4);
		row.created = (time_t)db_int(s, 5);
		row.json = o->json ? db_json(s, 6) : NULL;
		row.snippet = NULL;
		if (ts) {
			tkt_snippet_release(&snip);
			if ((rc = ticket_text(st, ts, row.id, &text)))
				break;
			/* The subject, when nothing else matches. */
			if (tkt_search_snippet(words, tkt_buf_str(&text), SNIPPET_WIDTH, &snip) ||
			    (row.subject && tkt_search_snippet(words, row.subject, SNIPPET_WIDTH, &snip)))
				row.snippet = &snip;
		}
		n++;
		if ((rc = fn(&row, ctx)))
			break;
	}
	if (!rc && step != DB_DONE && step != DB_ROW)
		rc = db_error(st, step, "listing tickets");
	db_finalize(s);
	tkt_snippet_release(&snip);
	tkt_buf_release(&text);
	tkt_clock_free(clock);
	if (count)
		*count = n;
	return rc;
}
