/* sla.c: a ticket's SLA targets at a time: which of its priority's
 * targets apply, how long each has left on its clock, when each is due
 * and which comes first.  The listing's breach= and due words, its due
 * sort and column, and tkt-show all ask here. */
#include <stdlib.h>

#include "tkt-int.h"

const char *const tkt_sla_targets[] = {
	"first-reply", "next-reply", "update", "resolution", "any", NULL,
};

/* The columns tkt_sla_row reads: priority, created, status, waiting
 * since, the first reply (NULL: none yet), and the last update (the last
 * agent message or the last return to an active status). */
#define SLA_COLUMNS \
	", t.priority, t.created_at, t.status, t.waiting_since," \
	" (SELECT min(m.created_at) FROM messages m WHERE m.ticket = t.id AND " TKT_SQL_REPLY("m") ")," \
	" %s(t.created_at," \
	"     coalesce((SELECT max(created_at) FROM messages WHERE ticket = t.id AND kind = 'agent'), 0)," \
	"     coalesce((SELECT max(at) FROM events WHERE ticket = t.id AND what = 'status'" \
	"                AND new IN " TKT_SQL_ACTIVE \
	"                AND old NOT IN " TKT_SQL_ACTIVE "), 0))"

void
tkt_sla_columns(tkt_store *st, tkt_buf *sql)
{
	tkt_buf_printf(sql, SLA_COLUMNS, db_sql(st, SQL_GREATEST));
}

void
tkt_sla_row(const struct tkt_config *c, tkt_clock *k, tkt_stmt *s, int col, time_t now,
            struct tkt_due *d)
{
	const char *priority = db_text(s, col), *status = db_text(s, col + 2);
	int p = tkt_enum_index(tkt_priorities, priority);
	const struct tkt_sla *sla = &c->sla[p < 0 ? 1 : p];
	time_t created = (time_t)db_int(s, col + 1), from[4];
	int64_t target[4] = { sla->first_reply, sla->next_reply, sla->update, sla->resolution };
	int i, open = !tkt_status_done(status);

	d->applies[T_FIRST] = open && db_null(s, col + 4);
	from[T_FIRST] = created;
	d->applies[T_NEXT] = open && !db_null(s, col + 4) && tkt_status_active(status) &&
	                     !db_null(s, col + 3);
	from[T_NEXT] = (time_t)db_int(s, col + 3);
	d->applies[T_UPDATE] = tkt_status_active(status);
	from[T_UPDATE] = (time_t)db_int(s, col + 5);
	d->applies[T_RESOLUTION] = open;
	from[T_RESOLUTION] = created;
	d->next = -1;
	d->broken = 0;
	for (i = 0; i < 4; i++) {
		int64_t spent;

		d->left[i] = 0;
		d->at[i] = 0;
		if (!d->applies[i])
			continue;
		spent = now <= from[i] ? 0 : sla->business ? tkt_clock_business(k, from[i], now)
		                                           : (int64_t)(now - from[i]);
		d->left[i] = target[i] - spent;
		d->at[i] = sla->business ? tkt_clock_add(k, from[i], target[i])
		                         : from[i] + (time_t)target[i];
		/* Past its time (on the business clock, left stays 0 after
		 * it until the desk opens again). */
		if (d->at[i] < now)
			d->broken |= 1 << i;
		if (d->next < 0 || d->at[i] < d->at[d->next])
			d->next = i;
	}
}

int
tkt_sla_ticket(tkt_store *st, const struct tkt_config *c, int64_t id, time_t now,
               struct tkt_due *d)
{
	tkt_buf sql = TKT_BUF_INIT;
	tkt_clock *k;
	tkt_stmt *s;
	int rc;

	tkt_buf_puts(&sql, "SELECT t.id");
	tkt_sla_columns(st, &sql);
	tkt_buf_puts(&sql, "\n  FROM tickets t WHERE t.id = :id");
	s = db_prepare(st, sql.s);
	tkt_buf_release(&sql);
	if (!s)
		return tkt_errcode();
	db_bind_int(s, ":id", id);
	k = tkt_clock_new(c);
	if ((rc = db_step(s)) == DB_ROW)
		tkt_sla_row(c, k, s, 1, now, d);
	tkt_clock_free(k);
	db_finalize(s);
	if (rc == DB_DONE)
		return tkt_error(EX_NOINPUT, "no such ticket '%lld'", (long long)id);
	return rc == DB_ROW ? 0 : db_error(st, rc, "reading a ticket's targets");
}

void
tkt_sla_json(FILE *fp, const struct tkt_due *d)
{
	char iso[32];
	int i, any = 0;

	if (d->next < 0) {
		fputs("\"due\":null,\"due_in\":null,\"due_target\":null,\"breach\":[]", fp);
		return;
	}
	fprintf(fp, "\"due\":\"%s\",\"due_in\":%lld,\"due_target\":\"%s\",\"breach\":[",
	        tkt_time_iso(d->at[d->next], iso), (long long)d->left[d->next],
	        tkt_sla_targets[d->next]);
	for (i = 0; i < 4; i++)
		if (d->broken & (1 << i))
			fprintf(fp, "%s\"%s\"", any++ ? "," : "", tkt_sla_targets[i]);
	putc(']', fp);
}
