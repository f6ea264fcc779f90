/* import.c: tickets in bulk, as JSON Lines: tkt-new --batch reads them as
 * tkt-export writes them (export.c), in one transaction or in chunks, all
 * or nothing per chunk.  Each line is parsed by SQLite's JSON functions on
 * a connection of its own (in memory, whatever the store), checked
 * (import-check.c) and written to the store row by row through the
 * store's statements. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "import-int.h"

/* The top of a line, read with one parse of it (SQLite keeps the parse
 * of :j for the whole statement) and checked in C before anything is
 * written; the last columns are the parts of the history, each as its
 * own JSON text, so that reading a part parses that part alone. */
static const char sql_head[] =
	"SELECT 1, json_type(:j), json_extract(:j, '$.id'),\n"
	"       json_type(:j, '$.id'), json_extract(:j, '$.subject'),\n"
	"       json_extract(:j, '$.status'), json_extract(:j, '$.priority'),\n"
	"       json_extract(:j, '$.channel'), json_extract(:j, '$.type'),\n"
	"       json_extract(:j, '$.assignee'), json_extract(:j, '$.group'),\n"
	"       json_extract(:j, '$.template'),\n"
	"       json_extract(:j, '$.created'), unixepoch(json_extract(:j, '$.created')),\n"
	"       json_extract(:j, '$.updated'), unixepoch(json_extract(:j, '$.updated')),\n"
	"       json_extract(:j, '$.solved'), unixepoch(json_extract(:j, '$.solved')),\n"
	"       json_extract(:j, '$.waiting_since'), unixepoch(json_extract(:j, '$.waiting_since')),\n"
	"       json_extract(:j, '$.requester.name'), json_extract(:j, '$.requester.email'),\n"
	"       json_extract(:j, '$.requester.phone'), json_extract(:j, '$.requester.handle'),\n"
	"       json_type(:j, '$.merged_into'), json_extract(:j, '$.merged_into'),\n"
	"       json_type(:j, '$.problem'), json_extract(:j, '$.problem'),\n"
	"       json_type(:j, '$.fields'), json_extract(:j, '$.fields'),\n"
	"       json_type(:j, '$.tags'), json_extract(:j, '$.tags'),\n"
	"       json_type(:j, '$.messages'), json_extract(:j, '$.messages'),\n"
	"       json_type(:j, '$.events'), json_extract(:j, '$.events'),\n"
	"       json_type(:j, '$.ratings'), json_extract(:j, '$.ratings'),\n"
	"       json_type(:j, '$.reviews'), json_extract(:j, '$.reviews'),\n"
	"       json_type(:j, '$.followers'), json_extract(:j, '$.followers')";
enum { HEAD_LINKS = 24, HEAD_PARTS = 28 };	/* columns of merged_into, of the first part's
						   type (as in parts[]) */

static const char sql_ticket[] =
	"INSERT INTO tickets (id, subject, requester, status, priority, type, channel, assignee,\n"
	"                     grp, template, created_at, updated_at, solved_at, waiting_since)\n"
	"     VALUES (:id, :subject, :requester, :status, :priority, :type, :channel, :assignee,\n"
	"             :grp, :template, :created, :updated, :solved, :waiting)";
/* Each part of the history is read with one pass of json_each over its
 * own JSON (from the head: the line is parsed once, not again for each
 * part).  An array's elements come each as the text of its object, read by a
 * statement of its own whose json_extract calls share SQLite's one parse
 * of that text.  (Walking the array by index instead cost a recursive
 * query, with its temporary table, and for every value a lookup from the
 * top of the line, quadratic in the length of the array.)  An element
 * that is not an object reads as one with no members.  Rows are written
 * one at a time: a single-row INSERT needs no statement journal, where an
 * INSERT ... SELECT would open one for every ticket. */
static const char sql_elements[] =
	"SELECT iif(type = 'object', value, NULL) FROM json_each(:j)";
#define AT(key) "json_extract(:e, '$." key "')"
#define TIME(key) "unixepoch(" AT(key) ")"

static const char sql_fields[] =
	"SELECT :id, key, value, type FROM json_each(:j)";
static const char sql_field[] =
	"INSERT INTO fields (ticket, name, value) VALUES (?1, ?2, ?3)";
static const char sql_tags[] =
	"SELECT :id, value, type FROM json_each(:j)";
static const char sql_tag[] =
	"INSERT INTO tags (ticket, tag) VALUES (?1, ?2) ON CONFLICT DO NOTHING";	/* a set */
/* The body without the white space after it, as the tools store it; a
 * message with no channel has its ticket's (:channel), as tkt-reply's. */
static const char sql_message_read[] =
	"SELECT " AT("id") ", :id, " AT("author") ", " AT("kind") ",\n"
	"       coalesce(" AT("channel") ", :channel),\n"
	"       rtrim(" AT("body") ", char(32, 9, 10, 13, 12, 11)), " TIME("at") ", " AT("message_id") ",\n"
	"       coalesce(" AT("spent") ", 0), " AT("quoted") ",\n"
	"       " AT("from.name") ", " AT("from.email") ", coalesce(" AT("unverified") ", 0),\n"
	"       json_type(:e, '$.from'), json_type(:e, '$.unverified'),\n"
	"       " AT("outbox.state") ", coalesce(" AT("outbox.attempts") ", 0), " AT("outbox.error") ",\n"
	"       " TIME("outbox.queued") ", " TIME("outbox.sent") ", json_type(:e, '$.outbox'),\n"
	"       " AT("at") ",\n"
	"       coalesce(json_array_length(:e, '$.attachments'), 0), " AT("attachments");
/* A message keeps its id, or takes the next free one when it has none
 * (null): only then is the id asked for, since RETURNING costs SQLite a
 * temporary table and a statement journal for every row. */
#define MESSAGE_INSERT \
	"INSERT INTO messages (id, ticket, author, kind, channel, body, created_at, message_id,\n" \
	"                      spent, quoted, from_name, from_email, unverified)\n" \
	"     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"
static const char sql_message[] = MESSAGE_INSERT;
static const char sql_message_new[] = MESSAGE_INSERT " RETURNING id";
static const char sql_attachment_read[] =
	"SELECT " AT("name") ", " AT("type") ", " AT("size") ", " AT("data") ", " AT("path");
static const char sql_attachment[] =
	"INSERT INTO attachments (message, name, type, size, data, path)\n"
	"     VALUES (:message, :name, :type, :size, :data, :path)";
static const char sql_event_read[] =
	"SELECT :id, " AT("what") ", " AT("old") ", " AT("new") ", " AT("actor") ", " TIME("at") ",\n"
	"       " AT("at");
static const char sql_event[] =
	"INSERT INTO events (ticket, what, old, new, actor, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
static const char sql_rating_read[] =
	"SELECT :id, " AT("kind") ", " AT("score") ", " AT("agent") ", " AT("comment") ", " TIME("at") ",\n"
	"       " AT("at");
static const char sql_rating[] =
	"INSERT INTO ratings (ticket, kind, score, agent, comment, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
static const char sql_review_read[] =
	"SELECT :id, " AT("item") ", " AT("verdict") ", " AT("agent") ", " AT("reviewer") ",\n"
	"       " AT("source") ", " AT("evidence") ", " TIME("at") ", " AT("at");
static const char sql_review[] =
	"INSERT INTO reviews (ticket, item, verdict, agent, reviewer, source, evidence, at)\n"
	"     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
static const char sql_follower_read[] =
	"SELECT :id, " AT("email") ", " AT("name");
static const char sql_follower[] =
	"INSERT INTO followers (ticket, email, name) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING";
/* A reply in the outbox: one being sent when it was exported is queued. */
static const char sql_outbox[] =
	"INSERT INTO outbox (message, state, attempts, error, queued_at, sent_at)\n"
	"     VALUES (:message, CASE :state WHEN 'sending' THEN 'queued' ELSE :state END,\n"
	"             :attempts, :error, :queued, :sent)";

/* A part of a ticket's history: its name in the line and the JSON type it
 * must have; the statements reading it (from its JSON, or, for an array of
 * objects, from each element's) and writing each element (whose
 * parameters are the first columns read; write_new, when there is one,
 * for an element whose id, the first column, is null: it returns the id
 * taken); a check of each element before it is written, and what follows
 * its writing. */
struct part {
	const char *what, *one, *type;
	int         objects;	/* an array of objects, read one by one */
	const char *read, *write, *write_new;
	int       (*check)(const struct importer *im, sqlite3_stmt *read);
	int       (*after)(struct importer *im, sqlite3_stmt *read, int64_t id);
};
static int message_after(struct importer *im, sqlite3_stmt *read, int64_t id);
static int event_after(struct importer *im, sqlite3_stmt *read, int64_t id);
static const struct part parts[] = {	/* in the order of the head's last columns */
	{ "fields",   "field",   "object", 0, sql_fields,       sql_field,   NULL,
	  tkt_import_field_check,   NULL },
	{ "tags",     "tag",     "array",  0, sql_tags,         sql_tag,     NULL,
	  tkt_import_tag_check,     NULL },
	{ "messages", "message", "array",  1, sql_message_read, sql_message, sql_message_new,
	  tkt_import_message_check, message_after },
	{ "events",   "event",   "array",  1, sql_event_read,   sql_event,   NULL,
	  tkt_import_event_check,   event_after },
	{ "ratings",  "rating",  "array",  1, sql_rating_read,  sql_rating,  NULL,
	  tkt_import_rating_check,  NULL },
	{ "reviews",  "review",  "array",  1, sql_review_read,  sql_review,  NULL,
	  tkt_import_review_check,  NULL },
	{ "followers", "follower", "array", 1, sql_follower_read, sql_follower, NULL,
	  tkt_import_follower_check, NULL },
};
_Static_assert(sizeof parts / sizeof parts[0] == NPARTS, "the parts of a ticket");

/* Read and check the top of a line; the strings live in statement s
 * until it is reset. */
static int
head_read(struct importer *im, sqlite3_stmt *s, struct head *h)
{
	const char *v;
	size_t i;

	memset(h, 0, sizeof *h);
	if (!(v = jtext(s, 1)) || strcmp(v, "object") != 0)
		return bad("not a JSON object");
	/* Every problem of the line is noted, and told at once. */
	if ((v = jtext(s, 3)) == NULL || strcmp(v, "integer") != 0 ||
	    (h->id = sqlite3_column_int64(s, 2)) <= 0)
		problem(im, "'id' must be a positive whole number");
	if (!(h->subject = jtext(s, 4)) || !tkt_line_valid(h->subject))
		problem(im, "'subject' must be one line of text");
	/* What tkt-new takes when it is not given; a status, from the
	 * history when it has no events (checked below). */
	if ((h->status = jtext(s, 5)) && tkt_enum_index(tkt_statuses, h->status) < 0)
		problem(im, "'status' is not a status");
	if (tkt_enum_index(tkt_priorities, h->priority = jtext(s, 6) ? jtext(s, 6) : "normal") < 0)
		problem(im, "'priority' is not a priority");
	if (tkt_enum_index(tkt_channels, h->channel = jtext(s, 7) ? jtext(s, 7) : "api") < 0)
		problem(im, "'channel' is not a channel");
	h->type = jtext(s, 8);
	h->assignee = jtext(s, 9);
	h->group = jtext(s, 10);
	h->template_name = jtext(s, 11);
	if ((h->type && !tkt_word_valid(h->type)) || (h->group && !tkt_word_valid(h->group)))
		problem(im, "'type' and 'group' must be lower-case words");
	if (h->assignee && !tkt_line_valid(h->assignee))
		problem(im, "'assignee' must be one line of text");
	if (!jtext(s, 12) || jnull(s, 13))
		problem(im, "'created' must be a time like 2026-11-23T09:30:00Z");
	h->created = sqlite3_column_int64(s, 13);
	h->updated = jnull(s, 15) ? h->created : sqlite3_column_int64(s, 15);
	h->has_updated = !jnull(s, 15);
	if (jtext(s, 14) && jnull(s, 15))
		problem(im, "'updated' must be a time");
	if ((h->has_solved = jtext(s, 16) != NULL)) {
		if (jnull(s, 17))
			problem(im, "'solved' must be a time");
		h->solved = sqlite3_column_int64(s, 17);
	}
	if ((h->has_waiting = jtext(s, 18) != NULL)) {
		if (jnull(s, 19))
			problem(im, "'waiting_since' must be a time");
		h->waiting = sqlite3_column_int64(s, 19);
	}
	h->name = jtext(s, 20);
	h->email = jtext(s, 21);
	h->phone = jtext(s, 22);
	h->handle = jtext(s, 23);
	if (!h->name && !h->email && !h->handle)
		problem(im, "'requester' needs a name, an email or a handle");
	if ((h->name && !tkt_line_valid(h->name)) || (h->email && !tkt_email_valid(h->email)) ||
	    (h->phone && !tkt_line_valid(h->phone)) || (h->handle && !tkt_line_valid(h->handle)))
		problem(im, "'requester' has a bad name, email, phone or handle");
	for (i = 0; i < 2; i++) {
		const char *type = jtext(s, HEAD_LINKS + 2 * (int)i);
		int64_t *named = i ? &h->problem : &h->merged_into;

		if (type && strcmp(type, "null") != 0 &&
		    (strcmp(type, "integer") != 0 ||
		     (*named = sqlite3_column_int64(s, HEAD_LINKS + 2 * (int)i + 1)) <= 0))
			problem(im, i ? "'problem' must be a ticket id or null"
			         : "'merged_into' must be a ticket id or null");
	}
	for (i = 0; i < NPARTS; i++) {
		const char *type = jtext(s, HEAD_PARTS + 2 * (int)i);

		if (type && strcmp(type, parts[i].type) != 0) {
			char *what = tkt_asprintf("'%s' must be an %s", parts[i].what, parts[i].type);

			problem(im, what);
			free(what);
			type = NULL;
		}
		h->parts[i] = type ? jtext(s, HEAD_PARTS + 2 * (int)i + 1) : NULL;
		if (h->parts[i] && (!strcmp(h->parts[i], "[]") || !strcmp(h->parts[i], "{}")))
			h->parts[i] = NULL;
	}
	if (!h->status && (im->o->trust || h->parts[PART_EVENTS]))
		problem(im, "'status' is missing (only a history without events has it worked out)");
	return im->problems.len ? EX_DATAERR : 0;
}

/* The requester, the same customer as the tools find (customer.c). */
static int
customer(tkt_store *st, const struct head *h, int64_t *id)
{
	struct tkt_person p = { (char *)h->name, (char *)h->email, (char *)h->handle };

	return tkt_customer_of(st, &p, h->phone, id);
}

/* The JSON read as :j (the line, or a part of it) stays put while it is
 * read: bind it without a copy. */
static void
bind_json(sqlite3_stmt *s, const char *json)
{
	sqlite3_bind_text(s, sqlite3_bind_parameter_index(s, ":j"), json, -1, SQLITE_STATIC);
}

/* Bind parameter i of a store statement to column col of a read: the
 * read's text stays until the store statement is reset, so it is bound
 * without a copy where the store can. */
static void
bind_column(tkt_stmt *ins, int i, sqlite3_stmt *read, int col)
{
	switch (sqlite3_column_type(read, col)) {
	case SQLITE_NULL:
		db_bind_null_at(ins, i);
		break;
	case SQLITE_INTEGER:
		db_bind_int_at(ins, i, sqlite3_column_int64(read, col));
		break;
	default:
		db_bind_text_ref_at(ins, i, jtext(read, col), (size_t)sqlite3_column_bytes(read, col));
		break;
	}
}

/* What went wrong writing a part: the store's own trouble says so; the
 * rest is the line's. */
static int
part_error(tkt_store *st, int rc, const char *what)
{
	switch (db_classify(st, rc)) {
	case DB_ERR_STORE:
		return db_error(st, rc, what);
	case DB_ERR_DUPKEY:
		return tkt_error(EX_DATAERR, "bad %s: an id is in the store already"
		                 " (a null id takes the next free one)", what);
	default:
		return tkt_error(EX_DATAERR, "bad %s: %s", what, db_errmsg(st));
	}
}

/* The read of a part (its JSON json) by the reader's statement s, the
 * ticket's id as :id: s reads the JSON as :j; or, with each, a statement
 * over the elements of the array (as :j), s reads each element as :e. */
static void
part_read(sqlite3_stmt *s, sqlite3_stmt *each, const char *json, int64_t id)
{
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	sqlite3_bind_int64(s, sqlite3_bind_parameter_index(s, ":id"), id);
	if (each) {
		sqlite3_reset(each);
		bind_json(each, json);
	} else {
		bind_json(s, json);
	}
}

/* The next row of a read made by part_read: SQLITE_ROW, SQLITE_DONE or an
 * error. */
static int
part_step(sqlite3_stmt *s, sqlite3_stmt *each)
{
	int rc;

	if (!each)
		return sqlite3_step(s);
	if ((rc = sqlite3_step(each)) != SQLITE_ROW)
		return rc;
	sqlite3_reset(s);
	sqlite3_bind_text(s, sqlite3_bind_parameter_index(s, ":e"), jtext(each, 0),
	                  sqlite3_column_bytes(each, 0), SQLITE_STATIC);
	return sqlite3_step(s);
}

/* Write element number k (from 1) of part p that read s has as its row:
 * one that fails its check is a problem of the line, not written. */
static int
write_row(struct importer *im, const struct part *p, sqlite3_stmt *s, size_t k)
{
	tkt_stmt *ins;
	int64_t made;
	int rc, i, n, fresh;

	if (p->check && p->check(im, s)) {
		/* An element of a list by its number; a field or a tag says
		 * which itself. */
		char *what = p->objects ? tkt_asprintf("%s %zu: %s", p->one, k, tkt_errmsg())
		                        : tkt_strdup(tkt_errmsg());

		problem(im, what);
		free(what);
		return 0;
	}
	if (im->problems.len)
		return 0;               /* the line is refused: no more writing */
	/* Renumbered, a message takes the next free id: its own may be
	 * taken in the store written to. */
	fresh = p->write_new && (jnull(s, 0) || im->o->renumber);
	if (!(ins = db_stmt(im->st, fresh ? p->write_new : p->write)))
		return tkt_errcode();
	n = db_nparams(ins);
	for (i = 0; i < n; i++)
		bind_column(ins, i + 1, s, i);
	if (fresh)
		db_bind_null_at(ins, 1);
	if ((rc = db_step(ins)) != DB_DONE && rc != DB_ROW) {
		rc = part_error(im->st, rc, p->what);
		db_reset(ins);
		return rc;
	}
	made = rc == DB_ROW ? db_int(ins, 0) : sqlite3_column_int64(s, 0);
	db_reset(ins);
	return p->after ? p->after(im, s, made) : 0;
}

/* Write the elements of part p (the k'th), its JSON json, of ticket id. */
static int
copy(struct importer *im, size_t k, const char *json, int64_t id)
{
	const struct part *p = &parts[k];
	sqlite3_stmt *s = im->read[k], *each = p->objects ? im->elements : NULL;
	size_t n = 0;
	int rc, err = 0;

	part_read(s, each, json, id);
	if (sqlite3_bind_parameter_index(s, ":channel"))
		sqlite3_bind_text(s, sqlite3_bind_parameter_index(s, ":channel"), im->channel, -1,
		                  SQLITE_STATIC);
	while ((rc = part_step(s, each)) == SQLITE_ROW && !(err = write_row(im, p, s, ++n)))
		;
	if (!err && rc != SQLITE_DONE)
		err = tkt_error(EX_DATAERR, "bad %s: %s", p->what, sqlite3_errmsg(im->json));
	sqlite3_reset(s);
	if (each)
		sqlite3_reset(each);
	return err;
}

/* The time of an element: column col its seconds, raw its text; never
 * before its ticket was created, as the tools refuse. */
int
tkt_import_time_check(const struct importer *im, sqlite3_stmt *read, int col, int raw)
{
	char a[32], b[32];

	if (!jtext(read, raw))
		return bad("'at' is missing");
	if (jnull(read, col))
		return bad("'at' must be a time like 2026-11-23T09:30:00Z");
	if ((time_t)sqlite3_column_int64(read, col) < im->created)
		return tkt_error(EX_DATAERR, "'at' %s is before the ticket was created (%s)",
		                 tkt_time_iso((time_t)sqlite3_column_int64(read, col), a),
		                 tkt_time_iso(im->created, b));
	return 0;
}

/* The attachments of message id, a JSON array. */
static int
attachments(struct importer *im, int64_t id, const char *array)
{
	sqlite3_stmt *s = im->attachments, *each = im->attachment_elements;
	tkt_stmt *ins;
	unsigned char *data = NULL;
	int rc, err = 0;

	part_read(s, each, array, id);
	while (!err && (rc = part_step(s, each)) == SQLITE_ROW) {
		const char *hex = jtext(s, 3);
		size_t n = hex ? strlen(hex) / 2 : 0;

		data = tkt_realloc(data, n + 1);
		if (hex && (strlen(hex) % 2 || tkt_hex_decode(hex, n, data))) {
			err = bad("attachment data must be hexadecimal");
			break;
		}
		if (!(ins = db_stmt(im->st, sql_attachment))) {
			err = err ? err : tkt_errcode();
			break;
		}
		db_bind_int(ins, ":message", id);
		bind_column(ins, db_param(ins, ":name"), s, 0);
		bind_column(ins, db_param(ins, ":type"), s, 1);
		bind_column(ins, db_param(ins, ":size"), s, 2);
		db_bind_blob(ins, ":data", hex ? data : NULL, n);
		bind_column(ins, db_param(ins, ":path"), s, 4);
		if ((rc = db_step(ins)) != DB_DONE && rc != DB_ROW)
			err = part_error(im->st, rc, "attachment");
		db_reset(ins);
		rc = SQLITE_ROW;
	}
	if (!err && rc != SQLITE_DONE)
		err = tkt_error(EX_DATAERR, "bad attachments: %s", sqlite3_errmsg(im->json));
	sqlite3_reset(s);
	sqlite3_reset(each);
	free(data);
	return err;
}

/* After each event: an "outbound" one makes the ticket's first agent
 * message its opening, not a reply (columns: ticket, what ...). */
static int
event_after(struct importer *im, sqlite3_stmt *read, int64_t id)
{
	const char *what = jtext(read, 1);

	(void)id;
	im->nevents++;
	if (strcmp(what, "outbound") == 0)
		im->outbound = 1;
	if (strcmp(what, "status") == 0) {
		struct said *c;

		if (im->nchanges == im->changecap)
			im->changes = tkt_realloc(im->changes, (im->changecap = im->changecap * 2 + 8) *
			                          sizeof *im->changes);
		c = &im->changes[im->nchanges++];
		memset(c, 0, sizeof *c);
		c->at = (time_t)sqlite3_column_int64(read, 5);
		c->k = im->nevents;
		c->old = jtext(read, 2) ? tkt_strdup(jtext(read, 2)) : NULL;
		c->new_ = jtext(read, 3) ? tkt_strdup(jtext(read, 3)) : NULL;
	}
	return 0;
}

/* After each message (made, its id), its place in the outbox, and its
 * attachments: the read's last two columns are how many and the array of
 * them. */
static int
message_after(struct importer *im, sqlite3_stmt *read, int64_t made)
{
	int n = sqlite3_column_count(read), rc;
	struct said *m;
	tkt_stmt *ins;

	/* Kept for the replay of the history (columns: id, ticket, author,
	 * kind, channel, body, at). */
	if (im->nsaid == im->saidcap)
		im->said = tkt_realloc(im->said, (im->saidcap = im->saidcap * 2 + 8) * sizeof *im->said);
	m = &im->said[im->nsaid++];
	memset(m, 0, sizeof *m);
	m->at = (time_t)sqlite3_column_int64(read, 6);
	m->k = im->nsaid;
	m->kind = (enum tkt_kind)tkt_enum_index(tkt_kinds, jtext(read, 3));
	m->author = tkt_strdup(jtext(read, 2));
	if (jtext(read, MSG_OUTBOX_STATE)) {
		if (!(ins = db_stmt(im->st, sql_outbox)))
			return tkt_errcode();
		db_bind_int(ins, ":message", made);
		bind_column(ins, db_param(ins, ":state"), read, MSG_OUTBOX_STATE);
		bind_column(ins, db_param(ins, ":attempts"), read, MSG_OUTBOX_ATTEMPTS);
		bind_column(ins, db_param(ins, ":error"), read, MSG_OUTBOX_ERROR);
		bind_column(ins, db_param(ins, ":queued"), read, MSG_OUTBOX_QUEUED);
		bind_column(ins, db_param(ins, ":sent"), read, MSG_OUTBOX_SENT);
		if ((rc = db_step(ins)) != DB_DONE && rc != DB_ROW) {
			rc = part_error(im->st, rc, "outbox");
			db_reset(ins);
			return rc;
		}
		db_reset(ins);
	}
	if (sqlite3_column_int(read, n - 2) <= 0)
		return 0;
	return attachments(im, made, jtext(read, n - 1));
}


/* The ticket of head h, its requester cust: a taken id says so. */
static int
ticket_write(tkt_store *st, const struct head *h, int64_t cust)
{
	tkt_stmt *t = db_stmt(st, sql_ticket);
	int rc;

	if (!t)
		return tkt_errcode();
	db_bind_int(t, ":id", h->id);
	db_bind_text(t, ":subject", h->subject);
	db_bind_int(t, ":requester", cust);
	db_bind_text(t, ":status", h->status);
	db_bind_text(t, ":priority", h->priority);
	db_bind_text(t, ":type", h->type);
	db_bind_text(t, ":channel", h->channel);
	db_bind_text(t, ":assignee", h->assignee);
	db_bind_text(t, ":grp", h->group);
	db_bind_text(t, ":template", h->template_name);
	db_bind_int(t, ":created", h->created);
	db_bind_int(t, ":updated", h->updated);
	if (h->has_solved)
		db_bind_int(t, ":solved", h->solved);
	if (h->has_waiting)
		db_bind_int(t, ":waiting", h->waiting);
	if ((rc = db_step(t)) == DB_DONE)
		rc = 0;
	else if (db_classify(st, rc) == DB_ERR_DUPKEY)
		rc = tkt_error(EX_DATAERR, "ticket %lld is in the store already", (long long)h->id);
	else
		rc = part_error(st, rc, "ticket");
	db_reset(t);
	return rc;
}

/* One line: one ticket with its history. */
static int
import_line(struct importer *im, const char *line, int64_t *id)
{
	sqlite3_stmt *s = im->head;
	struct head h;
	int64_t cust = 0;
	const char *status;
	size_t i;
	int rc, replay;

	sqlite3_reset(s);
	bind_json(s, line);
	if ((rc = sqlite3_step(s)) != SQLITE_ROW) {
		const char *msg = sqlite3_errmsg(im->json);

		rc = strstr(msg, "malformed JSON") ? bad("not valid JSON") : tkt_error(EX_DATAERR, "%s", msg);
		sqlite3_reset(s);
		return rc;
	}
	im->problems.len = 0;
	tkt_import_said_clear(im);
	if ((rc = head_read(im, s, &h)) && !im->problems.len) {
		sqlite3_reset(s);
		return rc;
	}
	/* With problems in the top, the parts are checked, not written. */
	if (!im->problems.len && ((im->o->renumber && (rc = tkt_import_renumber(im, &h))) ||
	                          (rc = customer(im->st, &h, &cust)))) {
		sqlite3_reset(s);
		return rc;
	}
	*id = h.id;
	im->outbound = 0;
	im->created = (time_t)h.created;
	im->channel = h.channel;
	if ((h.merged_into || h.problem) && !im->problems.len) {
		if (im->nlinks == im->linkcap)
			im->links = tkt_realloc(im->links, (im->linkcap = im->linkcap * 2 + 16) *
			                        sizeof *im->links);
		im->links[im->nlinks++] = (struct link){ h.id, h.merged_into, h.problem, 0 };
	}
	/* A history without events begins as a new ticket, to be replayed. */
	status = h.status;
	if ((replay = !im->o->trust && !h.parts[PART_EVENTS])) {
		struct head fresh = h;

		fresh.status = "new";
		fresh.updated = fresh.created;
		fresh.has_solved = 0;
		fresh.has_waiting = 1;
		fresh.waiting = fresh.created;
		fresh.assignee = NULL;	/* the one it ends with: set by the replay */
		rc = im->problems.len ? 0 : ticket_write(im->st, &fresh, cust);
	} else {
		rc = im->problems.len ? 0 : ticket_write(im->st, &h, cust);
	}
	for (i = 0; !rc && i < NPARTS; i++)
		if (h.parts[i])
			rc = copy(im, i, h.parts[i], h.id);
	if (!rc && !im->problems.len && h.source_id)
		rc = tkt_import_source_id_keep(im->st, &h);
	if (!rc && !im->problems.len && !im->o->trust) {
		if (replay)
			rc = tkt_import_replay(im, &h, status);
		else
			tkt_import_check(im, &h);
	}
	if (!rc && im->problems.len)
		rc = tkt_error(EX_DATAERR, "%s", tkt_buf_str(&im->problems));
	if (!rc && im->outbound)
		rc = tkt_opening_mark(im->st, h.id);
	sqlite3_reset(s);
	return rc;
}

static void
importer_close(struct importer *im)
{
	size_t i;

	sqlite3_finalize(im->head);
	for (i = 0; i < NPARTS; i++)
		sqlite3_finalize(im->read[i]);
	sqlite3_finalize(im->elements);
	sqlite3_finalize(im->attachment_elements);
	sqlite3_finalize(im->attachments);
	sqlite3_close(im->json);
	free(im->links);
	tkt_import_said_clear(im);
	free(im->said);
	free(im->changes);
	free(im->ids.from);
	free(im->ids.to);
	tkt_buf_release(&im->problems);
}

/* The JSON reader: an SQLite connection in memory with its statements. */
static int
importer_open(struct importer *im, tkt_store *st, const struct tkt_import_opts *o)
{
	size_t i;
	int rc;

	memset(im, 0, sizeof *im);
	im->st = st;
	im->o = o;
	rc = sqlite3_open_v2(":memory:", &im->json, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v3(im->json, sql_head, -1, SQLITE_PREPARE_PERSISTENT, &im->head, NULL);
	for (i = 0; rc == SQLITE_OK && i < NPARTS; i++)
		rc = sqlite3_prepare_v3(im->json, parts[i].read, -1, SQLITE_PREPARE_PERSISTENT,
		                        &im->read[i], NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v3(im->json, sql_elements, -1, SQLITE_PREPARE_PERSISTENT,
		                        &im->elements, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v3(im->json, sql_elements, -1, SQLITE_PREPARE_PERSISTENT,
		                        &im->attachment_elements, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v3(im->json, sql_attachment_read, -1, SQLITE_PREPARE_PERSISTENT,
		                        &im->attachments, NULL);
	if (rc != SQLITE_OK) {
		rc = tkt_error(EX_SOFTWARE, "cannot set up the JSON reader: %s",
		               im->json ? sqlite3_errmsg(im->json) : sqlite3_errstr(rc));
		importer_close(im);
	}
	return rc;
}

/* Roll back the chunk begun. */
static void
chunk_abandon(tkt_store *st)
{
	tkt_rollback(st);
	db_bulk_end(st, 0);
}

/* Begin a chunk: a transaction ready for many rows. */
static int
chunk_begin(tkt_store *st)
{
	int rc = tkt_begin(st);

	if (!rc && (rc = db_bulk_begin(st)))
		chunk_abandon(st);
	return rc;
}

/* Tell fn of the chunk's tickets, then commit it; rolled back when fn
 * refuses it. */
static int
chunk_done(tkt_store *st, int64_t *ids, size_t n, tkt_import_fn fn, void *ctx)
{
	int rc = fn ? fn(ids, n, ctx) : 0;

	if (!rc)
		rc = db_bulk_end(st, 1);
	if (rc) {
		chunk_abandon(st);
		return rc;
	}
	return tkt_commit(st);
}

int
tkt_import(tkt_store *st, FILE *in, const struct tkt_import_opts *o, size_t *committed)
{
	size_t chunk = o->chunk;
	tkt_import_fn fn = o->fn;
	void *ctx = o->ctx;
	FILE *progress = o->progress;
	struct importer im;
	char *line = NULL;
	size_t cap = 0, lineno = 0, done = 0, in_chunk = 0, idcap = 0;
	ssize_t len;
	int64_t id = 0, *ids = NULL;
	int rc = 0, open_tx = 0;

	if (committed)
		*committed = 0;
	if ((rc = importer_open(&im, st, o)))
		return rc;
	while ((len = getline(&line, &cap, in)) >= 0) {
		lineno++;
		if (strspn(line, " \t\r\n") == (size_t)len)
			continue;
		if ((rc = tkt_import_line_check(line, (size_t)len))) {
			rc = tkt_error(rc, "%s: %s", tkt_import_where(&im, lineno), tkt_errmsg());
			break;
		}
		if (!open_tx) {
			if ((rc = chunk_begin(st)))
				break;
			open_tx = 1;
		}
		if ((rc = import_line(&im, line, &id))) {
			rc = tkt_error(rc, "%s: %s", tkt_import_where(&im, lineno), tkt_errmsg());
			break;
		}
		if (im.nlinks && !im.links[im.nlinks - 1].line)
			im.links[im.nlinks - 1].line = lineno;
		if (in_chunk == idcap)
			ids = tkt_realloc(ids, (idcap = idcap * 2 + 1024) * sizeof *ids);
		ids[in_chunk++] = id;
		if (chunk && in_chunk == chunk) {
			if ((rc = tkt_import_links_set(&im, 0)) || (rc = chunk_done(st, ids, in_chunk, fn, ctx)))
				break;
			open_tx = 0;
			done += in_chunk;
			in_chunk = 0;
		}
		if (progress && (done + in_chunk) % 10000 == 0)
			fprintf(progress, "\r%zu tickets", done + in_chunk);
	}
	free(line);
	if (!rc && ferror(in))
		rc = tkt_error(EX_IOERR, "cannot read the input");
	/* Links waiting past the last chunk's commit are set, or fail, in one
	 * more. */
	if (!rc && !open_tx && im.nlinks && !(rc = chunk_begin(st)))
		open_tx = 1;
	if (!rc && open_tx && !(rc = tkt_import_links_set(&im, 1)) &&
	    !(rc = chunk_done(st, ids, in_chunk, fn, ctx)))
		done += in_chunk;
	else if (rc && open_tx)
		chunk_abandon(st);
	if (committed)
		*committed = done;
	free(ids);
	importer_close(&im);
	if (!rc && progress)
		fprintf(progress, "\r%zu tickets\n", done);
	return rc;
}
