/* export.c: tickets in bulk, as JSON Lines: tkt-export writes each ticket
 * with its whole history (the format of tkt-show --json, with attachment
 * data and the ticket's derived state), which tkt-new --batch reads back
 * (import.c). */
#include "tkt-int.h"

int
tkt_export(tkt_store *st, const tkt_filter *f, FILE *out, int64_t *count)
{
	tkt_buf sql = TKT_BUF_INIT;
	tkt_stmt *s;
	int rc, step;

	*count = 0;
	tkt_buf_puts(&sql, db_sql(st, SQL_EXPORT));
	tkt_filter_where_merged(st, f, &sql);
	tkt_buf_puts(&sql, "\n ORDER BY t.id");
	if ((rc = tkt_filter_prepare(st, f)) || !(s = db_prepare(st, sql.s))) {
		tkt_buf_release(&sql);
		return rc ? rc : tkt_errcode();
	}
	tkt_buf_release(&sql);
	tkt_filter_bind(f, s);
	while ((step = db_step(s)) == DB_ROW) {
		fputs(db_json(s, 0), out);
		putc('\n', out);
		(*count)++;
	}
	rc = step == DB_DONE ? 0 : db_error(st, step, "exporting");
	db_finalize(s);
	return rc;
}
