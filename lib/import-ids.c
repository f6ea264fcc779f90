/* import-ids.c: the ids of an import: --renumber gives the tickets the
 * ids after the store's highest, keeps their own as the field source_id,
 * and makes the links between them (merged_into, problem) follow; where
 * a line is, for the messages that name it. */
#include <stdlib.h>

#include "import-int.h"

/* The slot of id from in the map. */
static size_t
idmap_slot(const struct idmap *m, int64_t from)
{
	size_t i = (size_t)((uint64_t)from * 0x9e3779b97f4a7c15u >> 20) & (m->cap - 1);

	while (m->from[i] && m->from[i] != from)
		i = (i + 1) & (m->cap - 1);
	return i;
}

/* The id that from became, 0 when it is not in the input (yet). */
static int64_t
idmap_get(const struct idmap *m, int64_t from)
{
	return m->cap ? m->to[idmap_slot(m, from)] : 0;
}

static void
idmap_put(struct idmap *m, int64_t from, int64_t to)
{
	size_t i;

	if (2 * (m->n + 1) > m->cap) {
		struct idmap big = { 0 };

		big.cap = m->cap ? 2 * m->cap : 1024;
		big.from = tkt_calloc(big.cap, sizeof *big.from);
		big.to = tkt_calloc(big.cap, sizeof *big.to);
		for (i = 0; i < m->cap; i++)
			if (m->from[i])
				idmap_put(&big, m->from[i], m->to[i]);
		free(m->from);
		free(m->to);
		*m = big;
	}
	i = idmap_slot(m, from);
	m->n += !m->from[i];
	m->from[i] = from;
	m->to[i] = to;
}

/* --renumber: the id after the store's highest, the line's own kept. */
int
tkt_import_renumber(struct importer *im, struct head *h)
{
	static const char sql[] = "SELECT coalesce(max(id), 0) FROM tickets";
	tkt_stmt *s;
	int rc;

	if (!im->next_id) {
		if (!(s = db_stmt(im->st, sql)))
			return tkt_errcode();
		if ((rc = db_step(s)) != DB_ROW) {
			db_reset(s);
			return db_error(im->st, rc, "reading the highest id");
		}
		im->next_id = db_int(s, 0);
		db_reset(s);
	}
	if (idmap_get(&im->ids, h->id))
		return tkt_error(EX_DATAERR, "'id' %lld is in the input twice", (long long)h->id);
	h->source_id = h->id;
	h->id = ++im->next_id;
	idmap_put(&im->ids, h->source_id, h->id);
	return 0;
}

/* The field source_id of a renumbered ticket: its id in the input (one it
 * has already, from an import before, stays). */
int
tkt_import_source_id_keep(tkt_store *st, const struct head *h)
{
	static const char sql[] =
		"INSERT INTO fields (ticket, name, value) VALUES (:id, 'source_id', :v)\n"
		"  ON CONFLICT (ticket, name) DO NOTHING";
	tkt_stmt *s = db_stmt(st, sql);
	char v[24];

	if (!s)
		return tkt_errcode();
	snprintf(v, sizeof v, "%lld", (long long)h->source_id);
	db_bind_int(s, ":id", h->id);
	db_bind_text(s, ":v", v);
	return db_exec(st, s);
}

/* Where a line is, for messages: "line N", or what the caller says. */
const char *
tkt_import_where(struct importer *im, size_t line)
{
	if (im->o->where)
		return im->o->where(line, im->o->where_ctx);
	snprintf(im->where, sizeof im->where, "line %zu", line);
	return im->where;
}

/* Set the links of the tickets read whose tickets named are in the store,
 * then check each as the tools would (tkt_links_check); the others wait
 * for the next chunk, or (last: the input has ended) fail. */
int
tkt_import_links_set(struct importer *im, int last)
{
	static const char sql[] =
		"UPDATE tickets SET merged_into = :merged_into, problem = :problem WHERE id = :id";
	char *ready = tkt_calloc(im->nlinks + 1, 1);
	size_t i, k;
	int rc = 0;

	for (i = 0; i < im->nlinks && !rc; i++) {
		const struct link *l = &im->links[i];
		int64_t named[2] = { l->merged_into, l->problem };
		tkt_stmt *s;
		int j;

		for (j = 0, ready[i] = 1; j < 2 && !rc; j++) {
			/* Renumbered, a link names a ticket of the input. */
			if (named[j] && im->o->renumber) {
				int64_t to = idmap_get(&im->ids, named[j]);

				if (to) {
					named[j] = to;
					continue;
				}
				ready[i] = 0;
				rc = last ? tkt_error(EX_DATAERR, "%s: '%s' names ticket %lld, which is "
				                      "not in the input (renumbered, links are between the "
				                      "tickets imported)", tkt_import_where(im, l->line),
				                      j ? "problem" : "merged_into", (long long)named[j]) : 0;
				continue;
			}
			if (!named[j] || (rc = tkt_ticket_exists(im->st, named[j])) != EX_NOINPUT)
				continue;
			ready[i] = 0;
			rc = last ? tkt_error(EX_DATAERR, "%s: '%s' names ticket %lld, which is "
			                      "neither in the store nor in the input", tkt_import_where(im, l->line),
			                      j ? "problem" : "merged_into", (long long)named[j]) : 0;
		}
		if (rc || !ready[i])
			continue;
		if (!(s = db_stmt(im->st, sql))) {
			rc = tkt_errcode();
			break;
		}
		db_bind_int(s, ":id", l->id);
		if (named[0])
			db_bind_int(s, ":merged_into", named[0]);
		if (named[1])
			db_bind_int(s, ":problem", named[1]);
		rc = db_exec(im->st, s);
		im->links[i].merged_into = named[0];
		im->links[i].problem = named[1];
	}
	for (i = 0; i < im->nlinks && !rc; i++)
		if (ready[i] && (rc = tkt_links_check(im->st, im->links[i].id,
		                                      im->links[i].merged_into, im->links[i].problem)))
			rc = tkt_error(rc == EX_NOINPUT ? EX_DATAERR : rc, "%s: %s",
			               tkt_import_where(im, im->links[i].line), tkt_errmsg());
	for (i = k = 0; i < im->nlinks; i++)
		if (!ready[i])
			im->links[k++] = im->links[i];
	im->nlinks = k;
	free(ready);
	return rc;
}
