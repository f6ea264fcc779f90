/* metrics-feed.c: the store read once for one or more reports of a
 * window: the tickets a filter selects that the window may concern, in
 * order of their ids, each with its messages, events and ratings gathered
 * from three more cursors that walk alongside, then handed to each
 * report's replay (metrics-replay.c) and let go. */
#include <stdlib.h>
#include <string.h>

#include "metrics-int.h"

/* The tickets the window may concern: created before its end, and not
 * settled before its start (solved or closed with nothing since).  Those
 * changed since and those not done come from their indexes, a list in
 * the order of ids (so no sort): a week's report reads a week's tickets
 * and the open ones, however large the store.  A window from the start
 * of time (qa-check's) may concern every ticket: the list is the
 * filter's tickets, from the filter's own index (a week's, when they
 * are those changed in a week), or none when it selects every ticket. */
#define CANDIDATE_UNTIL " AND t.created_at < :until"
#define CANDIDATE \
	CANDIDATE_UNTIL \
	" AND t.id IN (SELECT u.id FROM tickets u WHERE u.updated_at >= :since" \
	" UNION ALL SELECT u.id FROM tickets u WHERE u.status IN " TKT_SQL_NOT_DONE ")"

static tkt_stmt *
query(tkt_report *r, tkt_store *st, const char *select, const char *join, const char *order)
{
	tkt_buf sql = TKT_BUF_INIT;
	tkt_stmt *s;

	tkt_buf_printf(&sql, "SELECT %s\n  FROM tickets t JOIN customers c ON c.id = t.requester%s\n"
	               " WHERE ", select, join);
	/* Merged tickets too: a merge is counted. */
	tkt_filter_where_merged(st, r->o.filter, &sql);
	tkt_buf_puts(&sql, r->o.since > 0 ? CANDIDATE : CANDIDATE_UNTIL);
	if (r->o.since <= 0 && tkt_filter_narrows(r->o.filter)) {
		tkt_buf_puts(&sql, " AND t.id IN (SELECT t.id FROM tickets t"
		                   " JOIN customers c ON c.id = t.requester WHERE ");
		tkt_filter_where_merged(st, r->o.filter, &sql);
		tkt_buf_puts(&sql, ")");
	}
	tkt_buf_printf(&sql, "\n ORDER BY %s", order);
	s = db_prepare(st, sql.s);
	tkt_buf_release(&sql);
	if (!s)
		return NULL;
	tkt_filter_bind(r->o.filter, s);
	if (r->o.since > 0)
		db_bind_int(s, ":since", (int64_t)r->o.since);
	db_bind_int(s, ":until", (int64_t)r->o.until);
	return s;
}

static void
ticket_release(struct ticket *t)
{
	size_t i;
	int k;

	free(t->channel);
	free(t->template_name);
	for (k = 0; k < MAX_KEYS; k++)
		free(t->field[k]);
	free(t->status);
	free(t->priority);
	free(t->type);
	free(t->assignee);
	free(t->group);
	for (i = 0; i < t->ntags; i++)
		free(t->tags[i]);
	free(t->tags);
	for (i = 0; i < t->nitems; i++) {
		free(t->items[i].kind);
		free(t->items[i].who);
		free(t->items[i].what);
		free(t->items[i].from);
		free(t->items[i].to);
	}
	free(t->items);
	memset(t, 0, sizeof *t);
}

/* The item of the current row of cursor s, of the columns its query
 * selects after the ticket and the time. */
static void
item_add(struct ticket *t, enum item_type type, tkt_stmt *s)
{
	struct item *it;

	if (t->nitems == t->cap)
		t->items = tkt_realloc(t->items, (t->cap = t->cap * 2 + 16) * sizeof *t->items);
	it = &t->items[t->nitems++];
	memset(it, 0, sizeof *it);
	it->at = (time_t)db_int(s, 1);
	it->type = type;
	switch (type) {
	case ITEM_MESSAGE:
		it->kind = db_dup(s, 2);
		it->who = db_dup(s, 3);
		it->opening = db_text(s, 4) != NULL;
		it->spent = db_int(s, 5);
		break;
	case ITEM_EVENT:
		it->what = db_dup(s, 2);
		it->from = db_dup(s, 3);
		it->to = db_dup(s, 4);
		break;
	case ITEM_RATING:
		it->kind = db_dup(s, 2);
		it->who = db_dup(s, 3);
		it->score = db_int(s, 4);
		break;
	}
}

static int
cmp_item(const void *x, const void *y)
{
	const struct item *a = x, *b = y;

	if (a->at != b->at)
		return a->at < b->at ? -1 : 1;
	/* At the same second: what was said before what it changed. */
	return (int)a->type - (int)b->type;
}

/* Read each cursor's rows of ticket id into t; a cursor's current row is
 * kept between tickets ("pending" in *state). */
static int
feed(tkt_store *st, tkt_stmt *s, int *state, int64_t id, struct ticket *t, enum item_type type)
{
	for (;;) {
		int64_t tid;

		if (*state == 0)
			*state = db_step(s);
		if (*state == DB_DONE)
			return 0;
		if (*state != DB_ROW)
			return db_error(st, *state, "reading the history");
		tid = db_int(s, 0);
		if (tid > id)
			return 0;
		if (tid == id)
			item_add(t, type, s);
		*state = 0;
	}
}

/* The ticket of the current row of qt, with its field.NAME keys. */
static void
ticket_read(const tkt_report *r, tkt_stmt *qt, struct ticket *t)
{
	int k, c = 14;

	t->id = db_int(qt, 0);
	t->created = (time_t)db_int(qt, 1);
	t->requester = db_int(qt, 2);
	t->channel = db_dup(qt, 3);
	t->template_name = db_dup(qt, 4);
	t->status = db_dup(qt, 5);
	t->priority = db_dup(qt, 6);
	t->type = db_dup(qt, 7);
	t->assignee = db_dup(qt, 8);
	t->group = db_dup(qt, 9);
	t->merged_into = db_int(qt, 10);
	t->problem = db_int(qt, 11);
	t->incidents = db_int(qt, 12);
	t->first_incident = (time_t)db_int(qt, 13);
	for (k = 0; k < r->nkeys; k++)
		if (r->key[k] == KEY_FIELD)
			t->field[k] = db_dup(qt, c++);
}

/* The cursor of the tickets, with a column for each field.NAME key. */
static tkt_stmt *
tickets_query(tkt_report *r, tkt_store *st)
{
	tkt_buf select = TKT_BUF_INIT;
	tkt_stmt *qt;
	int k;

	tkt_buf_puts(&select, "t.id, t.created_at, t.requester, t.channel, t.template, t.status,"
	                      " t.priority, t.type, t.assignee, t.grp, t.merged_into, t.problem,"
	                      " coalesce(inc.n, 0), inc.first");
	for (k = 0; k < r->nkeys; k++)
		if (r->key[k] == KEY_FIELD)
			tkt_buf_printf(&select, ", (SELECT value FROM fields WHERE ticket = t.id AND name = :field%d)", k);
	/* A problem's incidents, counted once from their index for all. */
	qt = query(r, st, select.s,
	           " LEFT JOIN (SELECT problem, count(*) AS n, min(created_at) AS first"
	           " FROM tickets WHERE problem IS NOT NULL GROUP BY problem) inc"
	           " ON inc.problem = t.id", "t.id");
	tkt_buf_release(&select);
	for (k = 0; qt && k < r->nkeys; k++)
		if (r->key[k] == KEY_FIELD) {
			char name[32];

			snprintf(name, sizeof name, ":field%d", k);
			db_bind_text(qt, name, r->field[k]);
		}
	return qt;
}

/* Whether reports rs[0..n) can be read together: the same window and
 * filter, and field.NAME keys only in the first (its query reads them). */
static int
read_together(tkt_report **rs, size_t n)
{
	size_t j;
	int k, fields;

	for (j = 1; j < n; j++) {
		for (k = 0, fields = 0; k < rs[j]->nkeys; k++)
			fields |= rs[j]->key[k] == KEY_FIELD;
		if (fields || rs[j]->o.since != rs[0]->o.since || rs[j]->o.until != rs[0]->o.until ||
		    rs[j]->o.filter != rs[0]->o.filter)
			return tkt_error(EX_SOFTWARE, "reports read together must share their "
			                 "window and filter");
	}
	return 0;
}

/* Read the tickets once for reports rs[0..n) of the same filter and window
 * (only the first may group by field.NAME): each ticket's history is
 * gathered once and replayed for each. */
int
tkt_report_run_all(tkt_report **rs, size_t n, tkt_store *st)
{
	tkt_report *r = rs[0];
	tkt_stmt *qt = NULL, *qm = NULL, *qe = NULL, *qr = NULL;
	int sm = 0, se = 0, sr = 0, step, rc;
	struct ticket t;
	size_t j;

	if ((rc = read_together(rs, n)) || (rc = tkt_filter_prepare(st, r->o.filter)))
		return rc;
	memset(&t, 0, sizeof t);
	qt = tickets_query(r, st);
	qm = query(r, st, "m.ticket, m.created_at, m.kind, m.author,"
	           " CASE WHEN m.kind = 'agent' AND NOT " TKT_SQL_REPLY("m") " THEN 'opening' END, m.spent",
	           " JOIN messages m ON m.ticket = t.id", "t.id, m.created_at, m.id");
	qe = query(r, st, "e.ticket, e.at, e.what, e.old, e.new",
	           " JOIN events e ON e.ticket = t.id", "t.id, e.at, e.id");
	qr = query(r, st, "x.ticket, x.at, x.kind, x.agent, x.score",
	           " JOIN ratings x ON x.ticket = t.id", "t.id, x.at, x.id");
	if (!qt || !qm || !qe || !qr) {
		rc = tkt_errcode();
		goto out;
	}
	while ((step = db_step(qt)) == DB_ROW) {
		ticket_read(r, qt, &t);
		if ((rc = feed(st, qm, &sm, t.id, &t, ITEM_MESSAGE)) ||
		    (rc = feed(st, qe, &se, t.id, &t, ITEM_EVENT)) ||
		    (rc = feed(st, qr, &sr, t.id, &t, ITEM_RATING)))
			goto out;
		if (t.nitems > 1)
			qsort(t.items, t.nitems, sizeof *t.items, cmp_item);
		/* Each replay takes the attributes at the window's end, the
		 * same for every report of the window. */
		for (j = 0; j < n; j++)
			tkt_report_replay(rs[j], &t);
		ticket_release(&t);
	}
	rc = step == DB_DONE ? 0 : db_error(st, step, "reading tickets");
out:
	ticket_release(&t);
	db_finalize(qt);
	db_finalize(qm);
	db_finalize(qe);
	db_finalize(qr);
	return rc;
}

int
tkt_report_run(tkt_report *r, tkt_store *st)
{
	return tkt_report_run_all(&r, 1, st);
}
