/* link.c: tickets that belong together.  A merge makes two tickets one
 * conversation: the source's thread, ratings and reviews move to the
 * target, its tags, fields and followers join the target's, its requester
 * follows the target, and the source is closed as merged, every later
 * reference to it standing for the target.  A problem gathers the
 * incidents of one fault: an incident names its problem, and a ticket
 * with incidents is a problem. */
#include <stdlib.h>
#include <string.h>

#include "tkt-int.h"

/* What a ticket is to the others. */
struct links {
	int64_t merged_into, problem, incidents;
	time_t  created;
	char   *status;
};

/* Read the links of ticket id: EX_NOINPUT when there is none. */
static int
links_get(tkt_store *st, int64_t id, struct links *l)
{
	static const char sql[] =
		"SELECT t.merged_into, t.problem, t.created_at, t.status,\n"
		"       (SELECT count(*) FROM tickets i WHERE i.problem = t.id)\n"
		"  FROM tickets t WHERE t.id = :id";
	tkt_stmt *s = db_stmt(st, sql);
	int rc;

	memset(l, 0, sizeof *l);
	if (!s)
		return tkt_errcode();
	db_bind_int(s, ":id", id);
	if ((rc = db_step(s)) == DB_ROW) {
		l->merged_into = db_int(s, 0);
		l->problem = db_int(s, 1);
		l->created = (time_t)db_int(s, 2);
		l->status = db_dup(s, 3);
		l->incidents = db_int(s, 4);
	}
	db_reset(s);
	if (rc == DB_DONE)
		return tkt_error(EX_NOINPUT, "no such ticket '%lld'", (long long)id);
	return rc == DB_ROW ? 0 : db_error(st, rc, "reading a ticket");
}

int
tkt_ticket_resolve(tkt_store *st, int64_t id, int64_t *live)
{
	/* Every tool asks it of every id: the row alone, nothing counted. */
	static const char sql[] = "SELECT coalesce(merged_into, id) FROM tickets WHERE id = :id";
	tkt_stmt *s = db_stmt(st, sql);
	int rc;

	*live = id;
	if (!s)
		return tkt_errcode();
	db_bind_int(s, ":id", id);
	if ((rc = db_step(s)) == DB_ROW)
		*live = db_int(s, 0);
	db_reset(s);
	if (rc == DB_DONE)
		return tkt_error(EX_NOINPUT, "no such ticket '%lld'", (long long)id);
	return rc == DB_ROW ? 0 : db_error(st, rc, "reading a ticket");
}

int
tkt_tickets_resolve(tkt_store *st, int64_t *ids, size_t *n)
{
	int64_t *moved = NULL;      /* the targets merged sources stood for */
	size_t i, j, k = 0, nmoved = 0;
	int rc;

	for (i = 0; i < *n; i++) {
		int64_t live;

		if ((rc = tkt_ticket_resolve(st, ids[i], &live))) {
			free(moved);
			return rc;
		}
		/* Merges are few: only a target is looked for among the ids
		 * kept, and only a target's id among the targets. */
		for (j = 0; j < nmoved && moved[j] != live; j++)
			;
		if (j < nmoved)
			continue;
		if (live != ids[i]) {
			for (j = 0; j < k && ids[j] != live; j++)
				;
			moved = tkt_realloc(moved, (nmoved + 1) * sizeof *moved);
			moved[nmoved++] = live;
			if (j < k)
				continue;
		}
		ids[k++] = live;
	}
	free(moved);
	*n = k;
	return 0;
}

int
tkt_links_check(tkt_store *st, int64_t id, int64_t merged_into, int64_t problem)
{
	struct links l;
	int rc = 0;

	if (merged_into) {
		if (merged_into == id)
			return tkt_error(EX_DATAERR, "ticket %lld cannot be merged into itself",
			                 (long long)id);
		if ((rc = links_get(st, merged_into, &l)))
			return rc;
		free(l.status);
		if (l.merged_into == id)
			return tkt_error(EX_DATAERR, "ticket %lld is merged into %lld: merging %lld into "
			                 "it would make a cycle", (long long)merged_into, (long long)id,
			                 (long long)id);
		if (l.merged_into)
			return tkt_error(EX_DATAERR, "ticket %lld is merged into %lld: merge into %lld",
			                 (long long)merged_into, (long long)l.merged_into,
			                 (long long)l.merged_into);
	}
	if (problem) {
		if (problem == id)
			return tkt_error(EX_DATAERR, "ticket %lld cannot be an incident of itself",
			                 (long long)id);
		if ((rc = links_get(st, problem, &l)))
			return rc;
		free(l.status);
		if (l.merged_into)
			return tkt_error(EX_DATAERR, "ticket %lld is merged into %lld: link to %lld",
			                 (long long)problem, (long long)l.merged_into,
			                 (long long)l.merged_into);
		if (l.problem)
			return tkt_error(EX_DATAERR, "ticket %lld is an incident of %lld, not a problem: "
			                 "link to %lld", (long long)problem, (long long)l.problem,
			                 (long long)l.problem);
		if ((rc = links_get(st, id, &l)))
			return rc;
		free(l.status);
		if (l.incidents)
			return tkt_error(EX_DATAERR, "ticket %lld is a problem with %lld incident%s: a "
			                 "problem cannot be an incident", (long long)id,
			                 (long long)l.incidents, l.incidents == 1 ? "" : "s");
	}
	return 0;
}

int
tkt_incidents(tkt_store *st, int64_t problem, int open_only, int64_t **ids, size_t *n)
{
	static const char sql[] =
		"SELECT id, status FROM tickets WHERE problem = :id ORDER BY id";
	tkt_stmt *s = db_stmt(st, sql);
	size_t cap = 0, all = 0;
	int rc;

	*ids = NULL;
	*n = 0;
	if (!s)
		return tkt_errcode();
	db_bind_int(s, ":id", problem);
	for (; (rc = db_step(s)) == DB_ROW; all++) {
		if (open_only && tkt_status_done(db_text(s, 1)))
			continue;
		if (*n == cap)
			*ids = tkt_realloc(*ids, (cap = cap * 2 + 16) * sizeof **ids);
		(*ids)[(*n)++] = db_int(s, 0);
	}
	db_reset(s);
	if (rc == DB_DONE && !all)
		rc = tkt_error(EX_DATAERR, "ticket %lld is not a problem: it has no incidents "
		               "(tkt-link)", (long long)problem);
	else if (rc != DB_DONE)
		rc = db_error(st, rc, "reading incidents");
	else
		rc = 0;
	if (rc) {
		free(*ids);
		*ids = NULL;
		*n = 0;
	}
	return rc;
}

/* Set column problem of ticket id (0: none), logged as a "problem"
 * event. */
static int
problem_set(tkt_store *st, int64_t id, int64_t old, int64_t problem, const char *actor,
            time_t at)
{
	static const char sql[] = "UPDATE tickets SET problem = :problem WHERE id = :id";
	tkt_stmt *s = db_stmt(st, sql);
	char from[24], to[24];
	int rc;

	if (!s)
		return tkt_errcode();
	if (problem)
		db_bind_int(s, ":problem", problem);
	db_bind_int(s, ":id", id);
	if ((rc = db_exec(st, s)))
		return rc;
	snprintf(from, sizeof from, "%lld", (long long)old);
	snprintf(to, sizeof to, "%lld", (long long)problem);
	if ((rc = tkt_event_add(st, id, "problem", old ? from : NULL, problem ? to : NULL, actor,
	                        at)))
		return rc;
	return tkt_ticket_touch(st, id, at);
}

int
tkt_link(tkt_store *st, int64_t incident, int64_t problem, const char *actor, time_t at)
{
	struct links l;
	int rc;

	if ((rc = links_get(st, incident, &l)))
		return rc;
	free(l.status);
	if (l.merged_into)
		return tkt_error(EX_DATAERR, "ticket %lld is merged into %lld", (long long)incident,
		                 (long long)l.merged_into);
	if (!problem && !l.problem)
		return tkt_error(EX_DATAERR, "ticket %lld is not an incident of a problem",
		                 (long long)incident);
	if ((rc = tkt_links_check(st, incident, 0, problem)) ||
	    (rc = tkt_ticket_check(st, incident, at)) ||
	    (problem && (rc = tkt_ticket_check(st, problem, at))))
		return rc;
	if (l.problem == problem)
		return 0;
	return problem_set(st, incident, l.problem, problem, actor, at);
}

/* ---- merging --------------------------------------------------------- */

/* A system message on ticket id, and an event what naming the other. */
static int
merge_note(tkt_store *st, int64_t id, const char *what, int64_t other, const char *body,
           const char *actor, time_t at)
{
	struct tkt_message_new m = { 0 };
	char num[24];
	int rc;

	m.ticket = id;
	m.kind = TKT_SYSTEM;
	m.author = actor;
	m.body = body;
	m.at = at;
	snprintf(num, sizeof num, "%lld", (long long)other);
	if ((rc = tkt_message_add(st, &m, NULL)))
		return rc;
	return tkt_event_add(st, id, what, NULL, num, actor, at);
}

/* Run statement sql with :source and :target. */
static int
move(tkt_store *st, const char *sql, int64_t source, int64_t target)
{
	tkt_stmt *s = db_stmt(st, sql);

	if (!s)
		return tkt_errcode();
	db_bind_int(s, ":source", source);
	db_bind_int(s, ":target", target);
	return db_exec(st, s);
}

/* How many messages ticket id has. */
static int
messages_count(tkt_store *st, int64_t id, int64_t *n)
{
	static const char sql[] = "SELECT count(*) FROM messages WHERE ticket = :id";
	tkt_stmt *s = db_stmt(st, sql);

	if (!s)
		return tkt_errcode();
	db_bind_int(s, ":id", id);
	return db_id(st, s, n, "counting messages");
}

/* The tags and followers of the source, and its requester, join the
 * target's, each logged there as tkt-tag would log it. */
static int
join_people_and_tags(tkt_store *st, int64_t source, int64_t target, const char *actor,
                     time_t at)
{
	static const char sql_tags[] = "SELECT tag FROM tags WHERE ticket = :id ORDER BY tag";
	static const char sql_people[] =
		"SELECT c.name, c.email FROM tickets t JOIN customers c ON c.id = t.requester\n"
		" WHERE t.id = :id AND c.email IS NOT NULL\n"
		"UNION ALL SELECT name, email FROM followers WHERE ticket = :id";
	tkt_stmt *s;
	char **v = NULL;
	size_t n = 0, cap = 0, i;
	int rc, step;

	if (!(s = db_stmt(st, sql_tags)))
		return tkt_errcode();
	db_bind_int(s, ":id", source);
	while ((step = db_step(s)) == DB_ROW) {
		if (n == cap)
			v = tkt_realloc(v, (cap = cap * 2 + 8) * sizeof *v);
		v[n++] = db_dup(s, 0);
	}
	db_reset(s);
	rc = step == DB_DONE ? 0 : db_error(st, step, "reading tags");
	for (i = 0; i < n; i++) {
		if (!rc)
			rc = tkt_tag_add(st, target, v[i], actor, at, NULL);
		free(v[i]);
	}
	if (rc || !(s = db_stmt(st, sql_people))) {
		free(v);
		return rc ? rc : tkt_errcode();
	}
	n = 0;
	db_bind_int(s, ":id", source);
	while ((step = db_step(s)) == DB_ROW) {
		if (n + 2 > cap)
			v = tkt_realloc(v, (cap = cap * 2 + 8) * sizeof *v);
		v[n++] = db_dup(s, 0);
		v[n++] = db_dup(s, 1);
	}
	db_reset(s);
	rc = step == DB_DONE ? 0 : db_error(st, step, "reading followers");
	for (i = 0; i < n; i += 2) {
		enum tkt_party party;

		if (!rc && !(rc = tkt_party(st, target, v[i + 1], &party)) && party == TKT_PARTY_NONE)
			rc = tkt_follower_add(st, target, v[i], v[i + 1], actor, at, NULL);
		free(v[i]);
		free(v[i + 1]);
	}
	free(v);
	return rc;
}

/* The target after its thread grew: a new one is opened by a reply that
 * moved in (the status rule of message.c), it began when the earliest of
 * the two did, and a customer waits since their first message after the
 * last reply (as message.c keeps it one message at a time). */
static int
target_settle(tkt_store *st, int64_t target, time_t created, time_t was, const char *actor,
              time_t at)
{
	static const char sql_created[] =
		"UPDATE tickets SET created_at = :created WHERE id = :id";
	static const char sql_wait[] =
		"UPDATE tickets SET waiting_since = CASE\n"
		"  WHEN NOT EXISTS (SELECT 1 FROM messages a WHERE a.ticket = :id AND a.kind = 'agent')\n"
		"    THEN coalesce((SELECT min(c.created_at) FROM messages c\n"
		"                    WHERE c.ticket = :id AND c.kind = 'customer'), created_at)\n"
		"  ELSE (SELECT min(c.created_at) FROM messages c\n"
		"         WHERE c.ticket = :id AND c.kind = 'customer'\n"
		"           AND c.created_at > (SELECT max(a.created_at) FROM messages a\n"
		"                                WHERE a.ticket = :id AND a.kind = 'agent')) END\n"
		" WHERE id = :id";
	static const char sql_replied[] =
		"SELECT t.status FROM tickets t WHERE t.id = :id AND EXISTS\n"
		"  (SELECT 1 FROM messages m WHERE m.ticket = t.id AND " TKT_SQL_REPLY("m") ")";
	tkt_stmt *s;
	char *status = NULL;
	const char *to;
	int rc, step;

	/* A reply that moved in opens a new ticket, as if written there. */
	if (!(s = db_stmt(st, sql_replied)))
		return tkt_errcode();
	db_bind_int(s, ":id", target);
	if ((step = db_step(s)) == DB_ROW)
		status = db_dup(s, 0);
	db_reset(s);
	if (step != DB_ROW && step != DB_DONE)
		return db_error(st, step, "reading a ticket");
	to = status ? tkt_status_after(status, TKT_AGENT) : NULL;
	rc = to ? tkt_ticket_set(st, target, "status", to, actor, at) : 0;
	free(status);
	if (rc)
		return rc;
	if (created < was) {
		char a[32], b[32];

		if (!(s = db_stmt(st, sql_created)))
			return tkt_errcode();
		db_bind_int(s, ":created", (int64_t)created);
		db_bind_int(s, ":id", target);
		if ((rc = db_exec(st, s)) ||
		    (rc = tkt_event_add(st, target, "created", tkt_time_iso(was, a),
		                        tkt_time_iso(created, b), actor, at)))
			return rc;
	}
	if (!(s = db_stmt(st, sql_wait)))
		return tkt_errcode();
	db_bind_int(s, ":id", target);
	return db_exec(st, s);
}

/* Merge one source into target. */
static int
merge_one(tkt_store *st, int64_t source, int64_t target, const char *actor, time_t at)
{
	static const char sql_messages[] =
		"UPDATE messages SET ticket = :target WHERE ticket = :source";
	static const char sql_ratings[] = "UPDATE ratings SET ticket = :target WHERE ticket = :source";
	static const char sql_reviews[] = "UPDATE reviews SET ticket = :target WHERE ticket = :source";
	static const char sql_fields[] =
		"INSERT INTO fields (ticket, name, value)\n"
		"     SELECT :target, name, value FROM fields WHERE ticket = :source\n"
		"  ON CONFLICT (ticket, name) DO NOTHING";
	static const char sql_along[] =
		"UPDATE tickets SET merged_into = :target WHERE merged_into = :source";
	static const char sql_merged[] =
		"UPDATE tickets SET merged_into = :target WHERE id = :source";
	struct links s, t;
	int64_t moved = 0, *incidents = NULL;
	size_t nincidents = 0, i;
	char *body = NULL;
	int rc;

	memset(&t, 0, sizeof t);
	if ((rc = links_get(st, source, &s)))
		return rc;
	if ((rc = links_get(st, target, &t)))
		goto out;
	if (s.merged_into) {
		/* Merged before: done, when into the same ticket. */
		if (s.merged_into != target)
			rc = tkt_error(EX_DATAERR, "ticket %lld is merged into %lld already",
			               (long long)source, (long long)s.merged_into);
		goto out;
	}
	/* Into itself, into a merged ticket, in a cycle: as an import. */
	if ((rc = tkt_links_check(st, source, target, 0)))
		goto out;
	if (s.incidents && t.problem) {
		rc = tkt_error(EX_DATAERR, "ticket %lld is a problem and %lld an incident of %lld: "
		               "a problem cannot be merged into an incident", (long long)source,
		               (long long)target, (long long)t.problem);
		goto out;
	}
	if (s.problem && t.incidents && s.problem != target) {
		rc = tkt_error(EX_DATAERR, "ticket %lld is an incident of %lld and %lld a problem: "
		               "unlink it first", (long long)source, (long long)s.problem,
		               (long long)target);
		goto out;
	}
	if ((rc = tkt_ticket_check(st, source, at)) || (rc = tkt_ticket_check(st, target, at)))
		goto out;

	/* The thread and what was said of it move; the rest joins. */
	if ((rc = messages_count(st, source, &moved)) ||
	    (rc = move(st, sql_messages, source, target)) ||
	    (rc = move(st, sql_ratings, source, target)) ||
	    (rc = move(st, sql_reviews, source, target)) ||
	    (rc = move(st, sql_fields, source, target)) ||
	    (rc = join_people_and_tags(st, source, target, actor, at)) ||
	    (rc = target_settle(st, target, s.created < t.created ? s.created : t.created,
	                        t.created, actor, at)))
		goto out;
	/* A problem's incidents go with it; an incident's link, when the
	 * target has none. */
	if (s.incidents && (rc = tkt_incidents(st, source, 0, &incidents, &nincidents)))
		goto out;
	for (i = 0; i < nincidents && !rc; i++)
		rc = problem_set(st, incidents[i], source, target, actor, at);
	if (rc)
		goto out;
	if (s.problem && !t.problem && !t.incidents && s.problem != target &&
	    (rc = problem_set(st, target, 0, s.problem, actor, at)))
		goto out;
	if (s.problem && (rc = problem_set(st, source, s.problem, 0, actor, at)))
		goto out;

	/* The source: closed as merged, and what was merged into it with
	 * it. */
	if ((rc = move(st, sql_along, source, target)) ||
	    (rc = move(st, sql_merged, source, target)) ||
	    (rc = tkt_ticket_set(st, source, "status", "closed", actor, at)))
		goto out;
	body = tkt_asprintf("Merged into #%lld.", (long long)target);
	if ((rc = merge_note(st, source, "merged", target, body, actor, at)))
		goto out;
	free(body);
	body = tkt_asprintf("#%lld was merged into this ticket (%lld message%s).",
	                    (long long)source, (long long)moved, moved == 1 ? "" : "s");
	if ((rc = merge_note(st, target, "merge", source, body, actor, at)))
		goto out;
	rc = tkt_ticket_touch(st, target, at);
out:
	free(body);
	free(incidents);
	free(s.status);
	free(t.status);
	return rc;
}

/* The sources in one bulk load: the search index reads the target's text
 * once at the end (on PostgreSQL, not again with every message moved). */
int
tkt_merge(tkt_store *st, const int64_t *sources, size_t n, int64_t target, const char *actor,
          time_t at)
{
	size_t i;
	int rc;

	if ((rc = db_bulk_begin(st)))
		return rc;
	for (i = 0; i < n && !rc; i++)
		rc = merge_one(st, sources[i], target, actor, at);
	if (rc) {
		db_bulk_end(st, 0);
		return rc;
	}
	return db_bulk_end(st, 1);
}
