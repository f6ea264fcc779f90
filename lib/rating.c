/* rating.c: survey answers: CSAT 1..5, NPS 0..10, agent rating 1..10. */
#include <stdlib.h>
#include <string.h>

#include "tkt-int.h"

static const struct {
	const char *kind;
	int         min, max;
} scales[] = {
	{ "csat", 1, 5 }, { "nps", 0, 10 }, { "agent", 1, 10 },
};

int
tkt_rating_parse(const char *word, struct tkt_rating *r)
{
	const char *eq = strchr(word, '=');
	size_t i, klen;
	char *end;
	long v;

	if (!eq)
		return tkt_error(EX_USAGE, "bad rating '%s' (like csat=4, nps=9, agent=8)", word);
	klen = (size_t)(eq - word);
	for (i = 0; i < sizeof scales / sizeof scales[0]; i++)
		if (strlen(scales[i].kind) == klen && strncmp(word, scales[i].kind, klen) == 0)
			break;
	if (i == sizeof scales / sizeof scales[0])
		return tkt_error(EX_USAGE, "unknown rating '%.*s' (csat, nps or agent)", (int)klen, word);
	v = strtol(eq + 1, &end, 10);
	if (!eq[1] || *end || v < scales[i].min || v > scales[i].max)
		return tkt_error(EX_DATAERR, "rating %s must be a whole number from %d to %d, not '%s'",
		                 scales[i].kind, scales[i].min, scales[i].max, eq + 1);
	strcpy(r->kind, scales[i].kind);
	r->score = (int)v;
	return 0;
}

int
tkt_rating_add(tkt_store *st, int64_t id, const struct tkt_rating *r,
               const char *comment, time_t at)
{
	static const char sql[] =
		"INSERT INTO ratings (ticket, kind, score, agent, comment, at)\n"
		"     SELECT id, :kind, :score, assignee, :comment, :at\n"
		"       FROM tickets WHERE id = :ticket";
	sqlite3_stmt *s;
	int rc;

	if ((rc = tkt_ticket_check(st, id, at)))
		return rc;
	if (!(s = db_stmt(st, sql)))
		return EX_SOFTWARE;
	db_bind_int(s, ":ticket", id);
	db_bind_text(s, ":kind", r->kind);
	db_bind_int(s, ":score", r->score);
	db_bind_text(s, ":comment", comment);
	db_bind_int(s, ":at", (int64_t)at);
	if ((rc = db_exec(st, s)))
		return rc;
	return tkt_ticket_touch(st, id, at);
}
