/* filter-sql.c: the condition of a filter (filter.c) as each backend
 * writes it: its marks become the backend's SQL, its text searches as
 * the backend asks its own index, and its field values compared as
 * numbers; the ids given are loaded into the table it reads, and its
 * values are bound. */
#include <stdlib.h>
#include <string.h>

#include "filter-int.h"

int
tkt_filter_prepare(tkt_store *st, const tkt_filter *f)
{
	static const char sql_insert[] = "INSERT INTO tkt_ids (id) VALUES (:id) ON CONFLICT DO NOTHING";
	tkt_stmt *s;
	size_t i;
	int rc;

	if (f && f->nsearch)
		db_search_ready(st);
	if (!f || !f->ids)
		return 0;
	if ((rc = db_exec_sql(st, db_sql(st, SQL_IDS_TABLE))))
		return rc;
	if (!(s = db_prepare(st, sql_insert)))
		return tkt_errcode();
	for (i = 0; i < f->nids && !rc; i++) {
		db_bind_int(s, ":id", f->ids[i]);
		rc = db_exec(st, s);
	}
	db_finalize(s);
	return rc;
}

/* Append template to sql, its "%s" replaced by arg. */
void
tkt_put_template(tkt_buf *sql, const char *template, const char *arg)
{
	const char *at = strstr(template, "%s");

	tkt_buf_add(sql, template, (size_t)(at - template));
	tkt_buf_puts(sql, arg);
	tkt_buf_puts(sql, at + 2);
}

/* The FTS5 condition of w's index, NULL on a backend without FTS5. */
static const char *
search_fts(tkt_store *st, const struct search_word *w)
{
	return db_sql(st, w->requester ? SQL_REQUESTER_FTS : SQL_SEARCH_FTS);
}

/* Write text search number i of f as st's backend asks its index. */
static void
search_where(tkt_store *st, const tkt_filter *f, size_t i, tkt_buf *sql)
{
	static const char *const any[] = { "s.subject", "s.body", "s.fields" };
	static const char *const folded[] = { "cs.folded" };
	const struct search_word *w = &f->search[i];
	const char *const *cols = w->requester ? folded : any;
	size_t ncols = w->requester ? 1 : 3;
	tkt_buf cond = TKT_BUF_INIT;
	char param[48];
	size_t a, j, c, m = 0;

	if (search_fts(st, w)) {
		snprintf(param, sizeof param, ":s%zu", i + 1);
		tkt_put_template(sql, search_fts(st, w), param);
		return;
	}
	for (a = 0; a < w->nq; a++) {
		tkt_buf_puts(&cond, a ? " OR (" : "(");
		for (j = 0; j < w->q[a].n; j++) {
			tkt_buf_puts(&cond, j ? " AND (" : "(");
			m++;
			for (c = 0; c < ncols; c++) {
				if (w->col && strcmp(cols[c] + 2, w->col) != 0)
					continue;
				tkt_buf_printf(&cond, "%s%s LIKE (SELECT tkt_fold(:s%zu_%zu))",
				               cond.s[cond.len - 1] == '(' ? "" : " OR ", cols[c], i + 1, m);
			}
			tkt_buf_puts(&cond, ")");
		}
		tkt_buf_puts(&cond, ")");
	}
	tkt_put_template(sql, db_sql(st, w->requester ? SQL_REQUESTER_LIKE : SQL_SEARCH_LIKE),
	                 cond.s);
	tkt_buf_release(&cond);
}

/* The condition of f, leaving out merged tickets unless merged is set
 * (ids given stand for the tickets they were merged into). */
static void
where(tkt_store *st, const tkt_filter *f, tkt_buf *sql, int merged)
{
	const char *p, *mark, *end;

	if (!f || !f->where.len) {
		tkt_buf_puts(sql, "1 = 1");
	} else {
		for (p = f->where.s; (mark = strpbrk(p, "\x1c\x1d\x1e\x1f")); p = end + 1) {
			end = strchr(mark + 1, *mark);
			tkt_buf_printf(sql, "%.*s", (int)(mark - p), p);
			if (*mark == SQL_MARK) {
				tkt_buf_puts(sql, db_sql(st, (enum tkt_sql)atoi(mark + 1)));
			} else if (*mark == TAG_MARK) {
				tkt_buf_printf(sql, f->backlog
				               ? "EXISTS (SELECT 1 FROM tags g WHERE g.ticket = t.id AND g.tag = :f%zu)"
				               : "t.id IN (SELECT g.ticket FROM tags g WHERE g.tag = :f%zu)",
				               (size_t)strtoul(mark + 1, NULL, 10));
			} else if (*mark == SEARCH_MARK) {
				search_where(st, f, (size_t)strtoul(mark + 1, NULL, 10), sql);
			} else {
				int op = atoi(mark + 1);
				size_t n = (size_t)strtoul(strchr(mark, ',') + 1, NULL, 10);

				tkt_buf_printf(sql, " AND %s %s CAST(:f%zu AS %s)",
				               db_sql(st, SQL_FIELD_NUMBER), tkt_filter_op_sql[op], n,
				               db_sql(st, SQL_NUMBER_TYPE));
			}
		}
		tkt_buf_puts(sql, p);
	}
	if (f && f->ids && merged)
		tkt_buf_puts(sql, " AND t.id IN (SELECT id FROM tkt_ids)");
	else if (f && f->ids)
		tkt_buf_puts(sql, " AND t.id IN (SELECT coalesce(x.merged_into, x.id)"
		                  " FROM tickets x JOIN tkt_ids k ON k.id = x.id)");
	if (!merged)
		tkt_buf_puts(sql, " AND t.merged_into IS NULL");
}

void
tkt_filter_where(tkt_store *st, const tkt_filter *f, tkt_buf *sql)
{
	where(st, f, sql, f && f->merged);
}

void
tkt_filter_where_merged(tkt_store *st, const tkt_filter *f, tkt_buf *sql)
{
	where(st, f, sql, 1);
}

int
tkt_filter_narrows(const tkt_filter *f)
{
	return f && (f->nwords || f->ids);
}

void
tkt_filter_bind(const tkt_filter *f, tkt_stmt *s)
{
	size_t i, j;
	char name[48];

	for (i = 0; f && i < f->nvals; i++) {
		snprintf(name, sizeof name, ":f%zu", i + 1);
		if (f->vals[i].is_int)
			db_bind_int(s, name, f->vals[i].i);
		else
			db_bind_text(s, name, f->vals[i].s);
	}
	for (i = 0; f && i < f->nsearch; i++) {
		if (search_fts(s->st, &f->search[i])) {
			snprintf(name, sizeof name, ":s%zu", i + 1);
			db_bind_text(s, name, f->search[i].fts);
			continue;
		}
		for (j = 0; j < f->search[i].nlikes; j++) {
			snprintf(name, sizeof name, ":s%zu_%zu", i + 1, j + 1);
			db_bind_text(s, name, f->search[i].likes[j]);
		}
	}
}
