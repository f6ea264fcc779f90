/* store-pg-sql.c: the SQL the PostgreSQL backend writes its own way, by
 * tkt_sql number (pg_sql, the backend's .sql): a ticket as JSON built as
 * SQLite writes it, the listings' and searches' fragments.  Part of
 * tkt/pg.so, with store-pg.c and store-pg-schema.c. */
#include "tkt-int.h"
#include "store-pg-int.h"

/* ---- what PostgreSQL writes its own way ----------------------------------- */

/* SQL for an epoch column as ISO 8601 UTC text (NULL stays NULL). */
#define ISO(x) "to_char(to_timestamp(" x ") AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
#define ARRAY(x) "coalesce(" x ", '[]')"

/* Ticket t (customer c) as one JSON object, as SQLite writes it. */
#define TICKET_JSON(DATA) \
	"json_build_object(\n" \
	"  'id', t.id, 'subject', t.subject, 'status', t.status,\n" \
	"  'priority', t.priority, 'type', t.type, 'channel', t.channel,\n" \
	"  'assignee', t.assignee, 'group', t.grp, 'template', t.template,\n" \
	"  'requester', json_build_object('name', c.name, 'email', c.email,\n" \
	"                                 'phone', c.phone, 'handle', c.handle),\n" \
	"  'created', " ISO("t.created_at") ",\n" \
	"  'updated', " ISO("t.updated_at") ",\n" \
	"  'solved', " ISO("t.solved_at") ",\n" \
	"  'waiting_since', " ISO("t.waiting_since") ",\n" \
	"  'merged_into', t.merged_into, 'problem', t.problem,\n" \
	"  'fields', (SELECT coalesce(json_object_agg(name, value ORDER BY name), '{}')\n" \
	"               FROM fields WHERE ticket = t.id),\n" \
	"  'tags', (SELECT " ARRAY("json_agg(tag ORDER BY tag)") " FROM tags WHERE ticket = t.id),\n" \
	"  'followers', (SELECT " ARRAY("json_agg(json_build_object('name', name, 'email', email)\n" \
	"                    ORDER BY email COLLATE \"C\")") "\n" \
	"                  FROM followers WHERE ticket = t.id),\n" \
	"  'messages', (SELECT " ARRAY("json_agg(json_build_object(\n" \
	"                 'id', m.id, 'at', " ISO("m.created_at") ", 'author', m.author,\n" \
	"                 'kind', m.kind, 'channel', m.channel, 'body', m.body,\n" \
	"                 'spent', m.spent, 'message_id', m.message_id, 'quoted', m.quoted,\n" \
	"                 'from', CASE WHEN m.from_email IS NOT NULL THEN\n" \
	"                   json_build_object('name', m.from_name, 'email', m.from_email) END,\n" \
	"                 'unverified', m.unverified = 1,\n" \
	"                 'sent', o.state = 'sent',\n" \
	"                 'outbox', CASE WHEN o.state IS NOT NULL THEN json_build_object(\n" \
	"                   'state', o.state, 'attempts', o.attempts, 'error', o.error,\n" \
	"                   'queued', " ISO("o.queued_at") ", 'sent', " ISO("o.sent_at") ") END,\n" \
	"                 'attachments', (SELECT " ARRAY("json_agg(json_build_object(\n" \
	"                     'name', a.name, 'type', a.type, 'size', a.size, 'path', a.path" DATA ")\n" \
	"                     ORDER BY a.id)") "\n" \
	"                   FROM attachments a WHERE a.message = m.id))\n" \
	"                 ORDER BY m.created_at, m.id)") "\n" \
	"             FROM messages m LEFT JOIN outbox o ON o.message = m.id\n" \
	"            WHERE m.ticket = t.id),\n" \
	"  'events', (SELECT " ARRAY("json_agg(json_build_object(\n" \
	"                 'at', " ISO("at") ", 'actor', actor, 'what', what,\n" \
	"                 'old', old, 'new', new) ORDER BY at, id)") "\n" \
	"             FROM events WHERE ticket = t.id),\n" \
	"  'ratings', (SELECT " ARRAY("json_agg(json_build_object(\n" \
	"                 'at', " ISO("at") ", 'kind', kind, 'score', score,\n" \
	"                 'agent', agent, 'comment', comment) ORDER BY at, id)") "\n" \
	"             FROM ratings WHERE ticket = t.id),\n" \
	"  'reviews', (SELECT " ARRAY("json_agg(json_build_object(\n" \
	"                 'at', " ISO("at") ", 'item', item, 'verdict', verdict,\n" \
	"                 'agent', agent, 'reviewer', reviewer, 'source', source,\n" \
	"                 'evidence', evidence) ORDER BY at, id)") "\n" \
	"             FROM reviews WHERE ticket = t.id))"

const char *const pg_sql[TKT_NSQL] = {
	[SQL_TICKET_JSON] =
		"SELECT " TICKET_JSON("") "\n"
		"  FROM tickets t JOIN customers c ON c.id = t.requester\n"
		" WHERE t.id = :id",
	[SQL_EXPORT] =
		"SELECT " TICKET_JSON(", 'data', upper(encode(a.data, 'hex'))") "\n"
		"  FROM tickets t JOIN customers c ON c.id = t.requester\n WHERE ",
	[SQL_LIST_JSON] =
		",\n json_build_object('id', t.id, 'subject', t.subject, 'status', t.status,"
		" 'priority', t.priority, 'type', t.type, 'channel', t.channel,"
		" 'assignee', t.assignee, 'group', t.grp, 'template', t.template,"
		" 'requester', " SQL_DISPLAY ","
		" 'created', " ISO("t.created_at") ","
		" 'updated', " ISO("t.updated_at") ","
		" 'solved', " ISO("t.solved_at") ","
		" 'tags', (SELECT " ARRAY("json_agg(tag ORDER BY tag)") " FROM tags WHERE ticket = t.id))",
	[SQL_MESSAGES] =
		"SELECT m.id, m.author, m.kind, m.channel, m.body, m.created_at, m.spent, m.quoted,\n"
		"       (SELECT string_agg(coalesce(name, '(no name)') || ', ' || type || ', ' ||\n"
		"                          size || ' bytes', chr(10) ORDER BY id)\n"
		"          FROM attachments WHERE message = m.id),\n"
		"       m.from_name, m.from_email, m.unverified, o.state, o.attempts, o.error\n"
		"  FROM messages m LEFT JOIN outbox o ON o.message = m.id\n"
		" WHERE m.ticket = :id ORDER BY m.created_at, m.id",
	[SQL_REVIEWS] =
		"SELECT item, verdict, reviewer, to_char(to_timestamp(at) AT TIME ZONE 'UTC', 'YYYY-MM-DD')\n"
		"  FROM reviews WHERE ticket = :id AND source = 'person' ORDER BY at, id",
	[SQL_FIELD_NUMBER] =
		"CAST(substring(x.value FROM '^[-+]?(?:[0-9]+[.]?[0-9]*|[.][0-9]+)(?:[eE][-+]?[0-9]+)?')"
		" AS double precision)",
	[SQL_NUMBER_TYPE] = "double precision",
	[SQL_GREATEST] = "greatest",
	[SQL_IDS_TABLE] =
		"CREATE TEMP TABLE IF NOT EXISTS tkt_ids (id bigint PRIMARY KEY);"
		"DELETE FROM tkt_ids",
	[SQL_FOLLOWERS] =
		"SELECT name, email FROM followers WHERE ticket = :id ORDER BY email COLLATE \"C\"",
	[SQL_SEARCH_LIKE] = "t.id IN (SELECT s.ticket FROM search s WHERE %s)",
	/* the words counted, scaled down as the text grows longer */
	[SQL_SEARCH_RANK] = "\n  JOIN (SELECT s.ticket AS id, -(%s) / (1 + ln(1 + length(s.body) / 1000.0)) AS score"
	                    " FROM search s) r ON r.id = t.id",
	[SQL_REQUESTER_DOMAIN] = "lower(split_part(cs.email COLLATE \"C\", '@', 2))",
	[SQL_REQUESTER_LIKE] = "t.requester IN (SELECT cs.id FROM customers cs WHERE %s)",
	[SQL_HEX] = "encode(a.data, 'hex')",
};
