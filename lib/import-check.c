/* import-check.c: what tkt-new --batch (import.c) takes of a line: its
 * bytes, and each element of a ticket's history as the tools would write
 * it; a check that fails names what is wrong, and the line is refused. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "import-int.h"

/* A field: a lower-case word without ':' naming text (columns: ticket,
 * name, value, the value's JSON type). */
int
tkt_import_field_check(const struct importer *im, sqlite3_stmt *read)
{
	const char *name = jtext(read, 1);

	(void)im;
	if (!tkt_word_valid(name) || strchr(name, ':'))
		return tkt_error(EX_DATAERR, "bad field name '%s' (a lower-case word)", name);
	if (strcmp(jtext(read, 3), "text") != 0)
		return tkt_error(EX_DATAERR, "field '%s' must be text", name);
	return 0;
}

/* A message as the tools write one: a kind, an author, a known channel
 * (its ticket's when it has none), a body not blank, a time not before
 * the ticket; its author and mail Message-ID are one line each: the id
 * goes into the headers of replies sent by mail (columns: id, ticket,
 * author, kind, channel, body, at, message_id ...). */
int
tkt_import_message_check(const struct importer *im, sqlite3_stmt *read)
{
	const char *author = jtext(read, 2), *mid = jtext(read, 7), *type;
	const char *from_name = jtext(read, 10), *from = jtext(read, 11);
	const char *state = jtext(read, MSG_OUTBOX_STATE);
	int rc;

	if (tkt_enum_index(tkt_kinds, jtext(read, 3)) < 0)
		return bad("'kind' must be customer, agent, note or system");
	if (!author)
		return bad("'author' is missing");
	if (tkt_enum_index(tkt_channels, jtext(read, 4)) < 0)
		return bad("'channel' must be email, chat, phone, web, social or api");
	if (!jtext(read, 5))
		return bad("'body' is missing");
	if (!*jtext(read, 5))
		return bad("'body' is empty");
	if ((rc = tkt_import_time_check(im, read, 6, MSG_AT)))
		return rc;
	if (!tkt_line_valid(author))
		return bad("a message's 'author' must be one line of text");
	if (mid && !tkt_line_valid(mid))
		return bad("a message's 'message_id' must be one line of text");
	if ((type = jtext(read, MSG_FROM_TYPE)) && strcmp(type, "null") != 0 &&
	    (strcmp(type, "object") != 0 || !from || !tkt_email_valid(from) ||
	     (from_name && !tkt_line_valid(from_name))))
		return bad("a message's 'from' must be null or {\"name\": ..., \"email\": ADDRESS}");
	if ((type = jtext(read, MSG_UNVERIFIED_TYPE)) && strcmp(type, "true") != 0 &&
	    strcmp(type, "false") != 0)
		return bad("a message's 'unverified' must be true or false");
	if (sqlite3_column_int(read, 12) && (!jtext(read, 3) || strcmp(jtext(read, 3), "note") != 0))
		return bad("only a note is from an unverified sender");
	if ((type = jtext(read, MSG_OUTBOX_TYPE)) && strcmp(type, "null") != 0 &&
	    (strcmp(type, "object") != 0 || tkt_enum_index(tkt_outbox_states, state) < 0 ||
	     sqlite3_column_type(read, MSG_OUTBOX_ATTEMPTS) != SQLITE_INTEGER ||
	     sqlite3_column_int64(read, MSG_OUTBOX_ATTEMPTS) < 0 || jnull(read, MSG_OUTBOX_QUEUED) ||
	     !mid))
		return bad("a message's 'outbox' must be null or {\"state\": queued, sending, sent or "
		           "failed, \"attempts\": N, \"queued\": TIME ...} of a message with a "
		           "'message_id'");
	return 0;
}

/* A follower: an address, and a name if any (columns: ticket, email,
 * name). */
int
tkt_import_follower_check(const struct importer *im, sqlite3_stmt *read)
{
	const char *email = jtext(read, 1), *name = jtext(read, 2);

	(void)im;
	if (!email || !tkt_email_valid(email) || (name && !tkt_line_valid(name)))
		return bad("a follower must be {\"name\": ..., \"email\": ADDRESS}");
	return 0;
}

/* A tag: a lower-case word (columns: ticket, tag, its JSON type). */
int
tkt_import_tag_check(const struct importer *im, sqlite3_stmt *read)
{
	(void)im;
	if (strcmp(jtext(read, 2), "text") != 0 || !tkt_word_valid(jtext(read, 1)))
		return bad("a tag must be a lower-case word");
	return 0;
}

/* A rating: a score on its kind's scale (columns: ticket, kind, score ...). */
int
tkt_import_rating_check(const struct importer *im, sqlite3_stmt *read)
{
	int rc;

	if (sqlite3_column_type(read, 2) != SQLITE_INTEGER)
		return bad("a rating's score must be a whole number");
	if ((rc = tkt_rating_check(jtext(read, 1), sqlite3_column_int64(read, 2))))
		return rc;
	return tkt_import_time_check(im, read, 5, 6);
}

/* An event of the audit log: what changed, who changed it, when (columns:
 * ticket, what, old, new, actor, at, its text). */
int
tkt_import_event_check(const struct importer *im, sqlite3_stmt *read)
{
	if (!jtext(read, 1) || !tkt_line_valid(jtext(read, 1)))
		return bad("'what' must be one line of text");
	if (!jtext(read, 4) || !tkt_line_valid(jtext(read, 4)))
		return bad("'actor' must be one line of text");
	return tkt_import_time_check(im, read, 5, 6);
}

/* A review: an item, its verdict, who gave it, by hand or by qa-check
 * (columns: ticket, item, verdict, agent, reviewer, source, evidence, at,
 * its text). */
int
tkt_import_review_check(const struct importer *im, sqlite3_stmt *read)
{
	const char *verdict = jtext(read, 2), *source = jtext(read, 5);

	if (!jtext(read, 1) || !tkt_line_valid(jtext(read, 1)))
		return bad("'item' must be one line of text");
	if (!verdict || (strcmp(verdict, "pass") && strcmp(verdict, "fail") && strcmp(verdict, "na")))
		return bad("'verdict' must be pass, fail or na");
	if (!jtext(read, 4) || !tkt_line_valid(jtext(read, 4)))
		return bad("'reviewer' must be one line of text");
	if (!source || (strcmp(source, "person") && strcmp(source, "auto")))
		return bad("'source' must be person or auto");
	return tkt_import_time_check(im, read, 7, 8);
}

/* What the store takes from no tool: bytes that are not UTF-8, and JSON
 * escapes of a NUL or of half a surrogate pair (SQLite would cut a string
 * at the one and store the other as bytes that are not UTF-8). */
int
tkt_import_line_check(const char *line, size_t len)
{
	const char *p = line;
	long at;

	if (memchr(line, '\0', len))
		return bad("a NUL byte");
	if ((at = tkt_utf8_check(line, len)) >= 0)
		return tkt_error(EX_DATAERR, "not valid UTF-8 (byte %ld)", at);
	while ((p = strchr(p, '\\')) && p[1]) {
		unsigned long u;
		char hex[5] = { 0 };
		size_t k;

		for (k = 0; p[1] == 'u' && k < 4 && isxdigit((unsigned char)p[2 + k]); k++)
			hex[k] = p[2 + k];
		if (k < 4) {            /* not a \uXXXX escape */
			p += 2;
			continue;
		}
		if ((u = strtoul(hex, NULL, 16)) == 0)
			return bad("a NUL byte (\\u0000)");
		if (u >= 0xd800 && u <= 0xdbff && p[6] == '\\' && p[7] == 'u' &&
		    (p[8] | 0x20) == 'd' && (p[9] | 0x20) >= 'c' && (p[9] | 0x20) <= 'f' &&
		    isxdigit((unsigned char)p[10]) && isxdigit((unsigned char)p[11])) {
			p += 12;                /* a whole pair */
			continue;
		}
		if (u >= 0xd800 && u <= 0xdfff)
			return tkt_error(EX_DATAERR, "not valid UTF-8 (\\u%s, half a surrogate pair)", hex);
		p += 6;
	}
	return 0;
}
