/* import-history.c: the history of a ticket imported, taken as the tools
 * would have written it: one without events replayed by their rules, one
 * with events checked against them (tkt-batch(5), One set of rules). */
#include <stdlib.h>
#include <string.h>

#include "import-int.h"

void
tkt_import_said_clear(struct importer *im)
{
	size_t i;

	for (i = 0; i < im->nsaid; i++)
		free(im->said[i].author);
	for (i = 0; i < im->nchanges; i++) {
		free(im->changes[i].old);
		free(im->changes[i].new_);
	}
	im->nsaid = im->nchanges = im->nevents = 0;
}

/* In the order of time, and of the line where two share a time. */
static int
said_order(const void *a, const void *b)
{
	const struct said *x = a, *y = b;

	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	return x->k < y->k ? -1 : x->k > y->k;
}

/* The status (to free) and waiting_since (0: none) of ticket id. */
static int
ticket_now(tkt_store *st, int64_t id, char **status, int64_t *waiting)
{
	static const char sql[] = "SELECT status, waiting_since FROM tickets WHERE id = :id";
	tkt_stmt *s = db_stmt(st, sql);
	int rc;

	if (!s)
		return tkt_errcode();
	db_bind_int(s, ":id", id);
	if ((rc = db_step(s)) != DB_ROW) {
		db_reset(s);
		return db_error(st, rc, "reading a ticket");
	}
	*status = db_dup(s, 0);
	*waiting = db_null(s, 1) ? 0 : db_int(s, 1);
	db_reset(s);
	return 0;
}

/* The assignee the line names, when the replay gave the ticket another
 * or none. */
static int
assignee_keep(struct importer *im, const struct head *h, time_t at)
{
	static const char sql[] = "SELECT 1 FROM tickets WHERE id = :id AND assignee = :a";
	tkt_stmt *s = db_stmt(im->st, sql);
	int rc;

	if (!s)
		return tkt_errcode();
	db_bind_int(s, ":id", h->id);
	db_bind_text(s, ":a", h->assignee);
	rc = db_step(s);
	db_reset(s);
	if (rc == DB_ROW)
		return 0;
	if (rc != DB_DONE)
		return db_error(im->st, rc, "reading a ticket");
	return tkt_ticket_set(im->st, h->id, "assignee", h->assignee, im->o->actor, at);
}

/* A history without events, written with the ticket new: replayed as the
 * tools would have lived it.  The creation's events; each message's
 * effects in the order of time (message.c: the status each brings, the
 * first reply's assignee, the customer's wait); at the time the line says
 * it was solved (else of its last activity) the status it names, set by
 * the one importing; after, the messages later still.  What the line
 * says of the outcome and the replay does not give is a problem. */
int
tkt_import_replay(struct importer *im, const struct head *h, const char *status)
{
	const char *attrs[4] = { h->priority, h->type, NULL, h->group };
	struct said *m = im->said;
	size_t n = im->nsaid, i;
	time_t end = (time_t)h->created;
	int64_t waiting = 0;
	char *now = NULL, a[32], b[32];
	int rc, set = 0;

	if (n)
		qsort(m, n, sizeof *m, said_order);
	im->outbound = n && m[0].kind == TKT_AGENT;
	/* An agent who wrote first opened the ticket (tkt-new --outbound). */
	if ((rc = tkt_creation_log(im->st, h->id, attrs, im->outbound ? m[0].author : NULL,
	                           im->outbound ? m[0].author : im->o->actor, (time_t)h->created)))
		return rc;
	for (i = 0; i < n; i++)
		if (m[i].kind == TKT_AGENT || m[i].kind == TKT_CUSTOMER)
			end = m[i].at > end ? m[i].at : end;
	if (h->has_updated && (time_t)h->updated > end)
		end = (time_t)h->updated;
	if (h->has_solved)
		end = (time_t)h->solved;
	for (i = 0; i <= n && !rc; i++) {
		/* Where the history ends: the assignee and the status it names,
		 * as an agent sets them with tkt-tag. */
		if (!set && (i == n || m[i].at > end)) {
			set = 1;
			if (h->assignee && (rc = assignee_keep(im, h, end)))
				break;
			if (status)
				rc = tkt_ticket_set(im->st, h->id, "status", status, im->o->actor, end);
		}
		if (!rc && i < n)
			rc = tkt_message_effects(im->st, h->id, m[i].kind, m[i].author, m[i].at);
	}
	if (!rc && h->has_updated)
		rc = tkt_ticket_touch(im->st, h->id, (time_t)h->updated);
	if (rc || (rc = ticket_now(im->st, h->id, &now, &waiting)))
		return rc;
	if (status && strcmp(now, status) != 0) {
		char *what = tkt_asprintf("'status' is %s, but a message after it was solved (%s) "
		                          "makes it %s", status, tkt_time_iso(end, a), now);
		problem(im, what);
		free(what);
	}
	if (h->has_solved && !tkt_status_done(status ? status : now))
		problem(im, "'solved' is given, but the 'status' is not solved or closed");
	if (h->has_waiting && h->waiting != waiting) {
		char *what = waiting
			? tkt_asprintf("'waiting_since' is %s, but the customer waits since %s",
			               tkt_time_iso((time_t)h->waiting, a), tkt_time_iso((time_t)waiting, b))
			: tkt_asprintf("'waiting_since' is %s, but no customer waits for an answer",
			               tkt_time_iso((time_t)h->waiting, a));
		problem(im, what);
		free(what);
	}
	free(now);
	return 0;
}

/* A history with its events: each change of status from the one before
 * (the first from none), in the order of time; the last to the line's
 * status; a time solved exactly when the status is solved or closed. */
void
tkt_import_check(struct importer *im, const struct head *h)
{
	struct said *c = im->changes;
	const char *was = NULL;
	size_t i;

	if (im->nchanges)
		qsort(c, im->nchanges, sizeof *c, said_order);
	for (i = 0; i < im->nchanges; i++) {
		if (strcmp(c[i].old ? c[i].old : "", was ? was : "") != 0) {
			char *what = tkt_asprintf("event %zu: status from %s, but it was %s", c[i].k,
			                          c[i].old ? c[i].old : "none", was ? was : "none");

			problem(im, what);
			free(what);
		}
		was = c[i].new_;
	}
	if (was && strcmp(was, h->status) != 0) {
		char *what = tkt_asprintf("'status' is %s, but the last change of status (event %zu) "
		                          "makes it %s", h->status, c[im->nchanges - 1].k, was);

		problem(im, what);
		free(what);
	}
	if (tkt_status_done(h->status) && !h->has_solved)
		problem(im, "'solved' is missing: a solved or closed ticket has the time it was solved");
	if (!tkt_status_done(h->status) && h->has_solved)
		problem(im, "'solved' is given, but the 'status' is not solved or closed");
}
