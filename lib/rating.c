/* rating.c: survey answers: CSAT 1..5, NPS 0..10, agent rating 1..10,
 * CES 1..7. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tkt-int.h"

static const struct scale {
	const char *kind;
	int         min, max;
} scales[] = {
	{ "csat", 1, 5 }, { "nps", 0, 10 }, { "agent", 1, 10 }, { "ces", 1, 7 },
};
#define NSCALES (sizeof scales / sizeof scales[0])

void
tkt_rating_kinds(char *buf, size_t n)
{
	size_t i, len = 0;

	buf[0] = '\0';
	for (i = 0; i < NSCALES && len < n; i++) {
		int w = snprintf(buf + len, n - len, "%s%s=%d..%d",
		                 i == 0 ? "" : i + 1 < NSCALES ? ", " : " or ",
		                 scales[i].kind, scales[i].min, scales[i].max);
		if (w < 0)
			break;
		len += (size_t)w;
	}
}

/* The scale of kind (its first len bytes), or NULL. */
static const struct scale *
scale_of(const char *kind, size_t len)
{
	size_t i;

	for (i = 0; i < NSCALES; i++)
		if (strlen(scales[i].kind) == len && strncmp(kind, scales[i].kind, len) == 0)
			return &scales[i];
	return NULL;
}

int
tkt_rating_parse(const char *word, struct tkt_rating *r)
{
	const char *eq = strchr(word, '=');
	const struct scale *sc;
	char *end, kinds[TKT_RATING_KINDS_MAX];
	long v;

	tkt_rating_kinds(kinds, sizeof kinds);
	if (!eq)
		return tkt_error(EX_USAGE, "bad rating '%s' (%s)", word, kinds);
	if (!(sc = scale_of(word, (size_t)(eq - word))))
		return tkt_error(EX_USAGE, "unknown rating '%.*s' (%s)", (int)(eq - word), word, kinds);
	v = strtol(eq + 1, &end, 10);
	if (!eq[1] || *end || v < sc->min || v > sc->max)
		return tkt_error(EX_DATAERR, "rating %s must be a whole number from %d to %d, not '%s'",
		                 sc->kind, sc->min, sc->max, eq + 1);
	strcpy(r->kind, sc->kind);
	r->score = (int)v;
	return 0;
}

int
tkt_rating_scale(const char *kind, int *min, int *max)
{
	const struct scale *sc = scale_of(kind, strlen(kind));

	if (!sc)
		return tkt_error(EX_DATAERR, "unknown rating '%s' (csat, nps or agent)", kind);
	*min = sc->min;
	*max = sc->max;
	return 0;
}

int
tkt_rating_check(const char *kind, long long score)
{
	const struct scale *sc = kind ? scale_of(kind, strlen(kind)) : NULL;
	char kinds[TKT_RATING_KINDS_MAX];

	if (!sc) {
		tkt_rating_kinds(kinds, sizeof kinds);
		return tkt_error(EX_DATAERR, "unknown rating '%s' (%s)", kind ? kind : "", kinds);
	}
	if (score < sc->min || score > sc->max)
		return tkt_error(EX_DATAERR, "rating %s must be a whole number from %d to %d, not %lld",
		                 sc->kind, sc->min, sc->max, score);
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
	tkt_stmt *s;
	int rc;

	if ((rc = tkt_ticket_check(st, id, at)))
		return rc;
	if (!(s = db_stmt(st, sql)))
		return tkt_errcode();
	db_bind_int(s, ":ticket", id);
	db_bind_text(s, ":kind", r->kind);
	db_bind_int(s, ":score", r->score);
	db_bind_text(s, ":comment", comment);
	db_bind_int(s, ":at", (int64_t)at);
	if ((rc = db_exec(st, s)))
		return rc;
	return tkt_ticket_touch(st, id, at);
}
