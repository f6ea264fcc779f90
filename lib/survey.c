/* survey.c: the survey after a solve: which tickets are due one, the
 * survey mail (reply template survey, in the customer's language), and
 * the customer's answers read from their reply (templates/survey/
 * answers.yaml says the words) and recorded as ratings. */
#include <stdlib.h>
#include <string.h>

#include "qa-int.h"

/* A system message on the ticket (mail_id its Message-ID, or NULL);
 * *id (may be NULL) gets its id. */
static int
say(tkt_store *st, int64_t ticket, const char *actor, time_t at, const char *text,
    const char *mail_id, int64_t *id)
{
	struct tkt_message_new m = { 0 };

	m.ticket = ticket;
	m.kind = TKT_SYSTEM;
	m.channel = "email";
	m.author = actor;
	m.body = text;
	m.at = at;
	m.mail_id = mail_id;
	return tkt_message_add(st, &m, id);
}

/* ---- sending --------------------------------------------------------- */

/* Whether the customer of ticket id was surveyed after since. */
static int
asked_lately(tkt_store *st, int64_t id, time_t since, int *yes)
{
	static const char sql[] =
		"SELECT count(*) FROM events e JOIN tickets t ON t.id = e.ticket\n"
		" WHERE e.what = 'survey' AND e.at > :since\n"
		"   AND t.requester = (SELECT requester FROM tickets WHERE id = :id)";
	tkt_stmt *s = db_stmt(st, sql);
	int64_t n = 0;
	int rc;

	if (!s)
		return tkt_errcode();
	db_bind_int(s, ":since", (int64_t)since);
	db_bind_int(s, ":id", id);
	rc = db_id(st, s, &n, "reading the surveys");
	*yes = n > 0;
	return rc;
}

/* The name of the survey template in the ticket's language, told by its
 * customer's first message: survey (English, and any other), survey-el,
 * survey-hu or survey-ro. */
static int
template_of(tkt_store *st, int64_t id, char name[16])
{
	static const char sql[] =
		"SELECT body FROM messages WHERE ticket = :id AND kind = 'customer'\n"
		" ORDER BY created_at, id LIMIT 1";
	tkt_stmt *s = db_stmt(st, sql);
	int rc, lang = -1;

	if (!s)
		return tkt_errcode();
	db_bind_int(s, ":id", id);
	if ((rc = db_step(s)) == DB_ROW)
		lang = tkt_qa_lang(db_text(s, 0));
	db_reset(s);
	if (rc != DB_ROW && rc != DB_DONE)
		return db_error(st, rc, "reading a ticket");
	if (lang > QA_EN)
		snprintf(name, 16, "survey-%s", tkt_qa_langs[lang]);
	else
		strcpy(name, "survey");
	return 0;
}

/* The survey of ticket id rendered: the template's {{questions}} is the
 * text of each question asked (its variable of that name's default). */
static int
render(tkt_store *st, const struct tkt_config *c, int64_t id, const char *actor, time_t now,
       char **body)
{
	struct tkt_reply *tpl = NULL;
	tkt_buf q = TKT_BUF_INIT;
	char name[16];
	const char *vars[1];
	size_t i, k;
	int rc;

	*body = NULL;
	if ((rc = template_of(st, id, name)) || (rc = tkt_reply_load(name, &tpl)))
		return rc;
	tkt_buf_puts(&q, "questions=");
	for (i = 0; i < c->survey.nquestions; i++) {
		for (k = 0; k < tpl->nvars; k++)
			if (strcmp(tpl->vars[k].name, c->survey.questions[i]) == 0 && tpl->vars[k].def)
				break;
		if (k == tpl->nvars) {
			rc = tkt_error(EX_CONFIG, "reply template '%s' has no question '%s' (a variable "
			               "of that name, its text the default)", name,
			               c->survey.questions[i]);
			goto out;
		}
		tkt_buf_printf(&q, "%s%s", i ? "\n\n" : "", tpl->vars[k].def);
	}
	vars[0] = q.s;
	rc = tkt_reply_render(st, tpl, c, id, actor, now, vars, 1, body);
out:
	tkt_buf_release(&q);
	tkt_reply_free(tpl);
	return rc;
}

/* Send ticket id its survey: a system message with its own Message-ID,
 * queued for mail, and the event that says it was sent and what it asks. */
static int
post(tkt_store *st, const struct tkt_config *c, int64_t id, const char *actor, time_t now,
     int64_t *msg)
{
	tkt_buf asked = TKT_BUF_INIT;
	char *body = NULL, *mail_id;
	size_t i;
	int rc;

	if ((rc = render(st, c, id, actor, now, &body)))
		return rc;
	mail_id = tkt_mail_new_id(c, id);
	for (i = 0; i < c->survey.nquestions; i++)
		tkt_buf_printf(&asked, "%s%s", i ? " " : "", c->survey.questions[i]);
	if (!(rc = say(st, id, actor, now, body, mail_id, msg)) &&
	    !(rc = tkt_outbox_queue(st, *msg, now)))
		rc = tkt_event_add(st, id, "survey", NULL, asked.s, actor, now);
	tkt_buf_release(&asked);
	free(mail_id);
	free(body);
	return rc;
}

int
tkt_survey_run(tkt_store *st, const struct tkt_config *c, const char *actor, time_t now,
               int dry, int64_t **ids, int64_t **msgs, size_t *n)
{
	static const char sql[] =
		"SELECT t.id, t.requester FROM tickets t JOIN customers cu ON cu.id = t.requester\n"
		" WHERE t.status IN " TKT_SQL_DONE " AND t.solved_at <= :solved\n"
		"   AND t.merged_into IS NULL AND cu.email IS NOT NULL\n"
		"   AND NOT EXISTS (SELECT 1 FROM events e WHERE e.ticket = t.id AND e.what = 'survey')\n"
		" ORDER BY t.solved_at, t.id";
	int64_t *due = NULL, *who = NULL;
	size_t ndue = 0, i, k;
	tkt_stmt *s;
	int rc, lately = 0;

	*ids = *msgs = NULL;
	*n = 0;
	if (!(s = db_stmt(st, sql)))
		return tkt_errcode();
	db_bind_int(s, ":solved", (int64_t)now - c->survey.delay);
	while ((rc = db_step(s)) == DB_ROW) {
		due = tkt_realloc(due, (ndue + 1) * sizeof *due);
		who = tkt_realloc(who, (ndue + 1) * sizeof *who);
		due[ndue] = db_int(s, 0);
		who[ndue++] = db_int(s, 1);
	}
	db_reset(s);
	rc = rc == DB_DONE ? 0 : db_error(st, rc, "reading the tickets solved");
	*ids = tkt_calloc(ndue + 1, sizeof **ids);
	*msgs = tkt_calloc(ndue + 1, sizeof **msgs);
	for (i = 0; i < ndue && !rc; i++) {
		/* A customer is asked once in the window: before, or in this run. */
		for (k = 0; k < i; k++)
			if (who[k] == who[i] && due[k] < 0)
				break;
		if (k < i)
			continue;
		if ((rc = asked_lately(st, due[i], now - (time_t)c->survey.once_per, &lately)) || lately)
			continue;
		if (!dry && (rc = post(st, c, due[i], actor, now, &(*msgs)[*n])))
			break;
		(*ids)[(*n)++] = due[i];
		due[i] = -due[i];   /* asked in this run */
	}
	free(due);
	free(who);
	return rc;
}

/* ---- the answers ----------------------------------------------------- */

/* The words of the answers to one question (answers.yaml), folded. */
struct question {
	char        kind[8];
	int         min, max;
	pcre2_code *named;      /* "CSAT: 4", "effort 6/7" */
	char      **words;      /* a word scale: words[i] scores scores[i] */
	int        *scores;
	size_t      nwords;
};

int
tkt_survey_answered(tkt_store *st, const struct tkt_mail *m, int64_t ticket, char **asked)
{
	/* The survey message it answers, by Message-ID... */
	static const char sql_ref[] =
		"SELECT e.new FROM messages m\n"
		"  JOIN events e ON e.ticket = m.ticket AND e.what = 'survey' AND e.at = m.created_at\n"
		" WHERE m.message_id = :ref AND m.kind = 'system'";
	/* ... or the last survey of the ticket it names, nothing said since. */
	static const char sql_last[] =
		"SELECT e.new, t.subject FROM events e JOIN tickets t ON t.id = e.ticket\n"
		" WHERE e.ticket = :id AND e.what = 'survey'\n"
		"   AND NOT EXISTS (SELECT 1 FROM messages x WHERE x.ticket = e.ticket\n"
		"                      AND x.kind IN ('customer', 'agent') AND x.created_at >= e.at)\n"
		" ORDER BY e.at DESC LIMIT 1";
	char tag[32];
	tkt_stmt *s;
	size_t i;
	int rc;

	*asked = NULL;
	for (i = m->nrefs; i-- > 0 && !*asked;) {
		if (!(s = db_stmt(st, sql_ref)))
			return tkt_errcode();
		db_bind_text(s, ":ref", m->refs[i]);
		if ((rc = db_step(s)) == DB_ROW)
			*asked = db_dup(s, 0);
		db_reset(s);
		if (rc != DB_ROW && rc != DB_DONE)
			return db_error(st, rc, "looking for a survey");
	}
	snprintf(tag, sizeof tag, "[#%lld]", (long long)ticket);
	if (*asked || !m->subject || !strstr(m->subject, tag))
		return 0;
	if (!(s = db_stmt(st, sql_last)))
		return tkt_errcode();
	db_bind_int(s, ":id", ticket);
	if ((rc = db_step(s)) == DB_ROW && strstr(m->subject, db_text(s, 1)))
		*asked = db_dup(s, 0);
	db_reset(s);
	return rc == DB_ROW || rc == DB_DONE ? 0 : db_error(st, rc, "looking for a survey");
}

static void
questions_free(struct question *q, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		pcre2_code_free(q[i].named);
		tkt_strv_free(q[i].words);
		free(q[i].scores);
	}
	free(q);
}

/* A pattern of one line "NAME: N" or "NAME N/M" for the names (folded). */
static int
named_pattern(const char *file, const struct tkt_yaml *names, struct question *q)
{
	tkt_buf p = TKT_BUF_INIT;
	size_t i;
	int err;
	PCRE2_SIZE off;

	if (!names || names->kind != TKT_YAML_SEQ || !names->n)
		return tkt_yaml_fail(file, names, "the question %s needs names: [...]", q->kind);
	tkt_buf_puts(&p, "^\\s*(?:");
	for (i = 0; i < names->n; i++) {
		char *f;

		if (names->items[i]->kind != TKT_YAML_SCALAR || strstr(names->items[i]->value, "\\E")) {
			tkt_buf_release(&p);
			return tkt_yaml_fail(file, names->items[i], "%s", "a name is a plain word");
		}
		f = tkt_fold(names->items[i]->value);
		tkt_buf_printf(&p, "%s\\Q%s\\E", i ? "|" : "", f);
		free(f);
	}
	tkt_buf_puts(&p, ")\\s*[:=-]?\\s*(\\d+)\\s*(?:/\\s*(\\d+))?\\s*[.!]?\\s*$");
	q->named = pcre2_compile((PCRE2_SPTR)p.s, PCRE2_ZERO_TERMINATED,
	                         PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS, &err, &off, NULL);
	tkt_buf_release(&p);
	return q->named ? 0 : tkt_yaml_fail(file, names, "%s", "the names make no pattern");
}

/* The word scale of a question: score: [words]. */
static int
word_scale(const char *file, const struct tkt_yaml *w, struct question *q)
{
	size_t i, k;

	if (!w)
		return 0;
	if (w->kind != TKT_YAML_MAP)
		return tkt_yaml_fail(file, w, "%s", "words are a mapping of score to words (5: [...])");
	for (i = 0; i < w->n; i++) {
		const struct tkt_yaml *l = w->items[i];
		char *end;
		long v = strtol(w->keys[i]->value, &end, 10);

		if (*end || v < q->min || v > q->max)
			return tkt_yaml_fail(file, w->keys[i], "score '%s' is not on the scale of %s",
			                     w->keys[i]->value, q->kind);
		if (l->kind != TKT_YAML_SEQ)
			return tkt_yaml_fail(file, l, "%s", "the words of a score are a list");
		for (k = 0; k < l->n; k++) {
			if (l->items[k]->kind != TKT_YAML_SCALAR)
				return tkt_yaml_fail(file, l->items[k], "%s", "a word is plain text");
			q->words = tkt_realloc(q->words, (q->nwords + 2) * sizeof *q->words);
			q->scores = tkt_realloc(q->scores, (q->nwords + 1) * sizeof *q->scores);
			q->words[q->nwords] = tkt_fold(l->items[k]->value);
			q->scores[q->nwords++] = (int)v;
			q->words[q->nwords] = NULL;
		}
	}
	return 0;
}

/* The questions asked ("csat ces"), with their words from answers.yaml. */
static int
questions_load(const char *asked, struct question **out, size_t *n)
{
	struct tkt_yaml *root = NULL;
	struct question *q = NULL;
	char *path = NULL;
	size_t len;
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = tkt_template_path("survey", "answers", &path)) || (rc = tkt_yaml_load(path, &root)))
		goto out;
	q = tkt_calloc(4, sizeof *q);
	for (; *asked && !rc; asked += len + strspn(asked + len, " ")) {
		const struct tkt_yaml *v;
		struct question *x = &q[*n];

		len = strcspn(asked, " ");
		if (*n == 4 || len >= sizeof x->kind)
			break;
		memcpy(x->kind, asked, len);
		x->kind[len] = '\0';
		/* A question no longer a rating is not read. */
		if (tkt_rating_scale(x->kind, &x->min, &x->max))
			continue;
		++*n;
		if (!(v = tkt_yaml_get(root, x->kind)) || v->kind != TKT_YAML_MAP) {
			rc = tkt_yaml_fail(path, root, "no answers of the question %s", x->kind);
			break;
		}
		if (!(rc = named_pattern(path, tkt_yaml_get(v, "names"), x)))
			rc = word_scale(path, tkt_yaml_get(v, "words"), x);
	}
out:
	tkt_yaml_free(root);
	free(path);
	if (rc)
		questions_free(q, *n);
	else
		*out = q;
	return rc;
}

/* The answer of one line (folded), if it is one: *q the question, *v
 * its score, *den the scale it says (N/M), 0 when none. */
static int
line_answer(const char *line, struct question *qs, size_t n, size_t *q, long *v, long *den)
{
	static pcre2_code *bare;
	pcre2_match_data *md;
	PCRE2_SIZE *ov;
	size_t i, k, len = strlen(line);
	int found = 0;

	*den = 0;
	if (!bare) {
		int err;
		PCRE2_SIZE off;

		bare = pcre2_compile((PCRE2_SPTR)"^\\s*(\\d+)\\s*(?:/\\s*(\\d+))?\\s*[.!]?\\s*$",
		                     PCRE2_ZERO_TERMINATED, PCRE2_UTF | PCRE2_UCP, &err, &off, NULL);
		if (!bare)
			return 0;
	}
	for (i = 0; i <= n && !found; i++) {
		pcre2_code *re = i < n ? qs[i].named : bare;

		md = pcre2_match_data_create_from_pattern(re, NULL);
		if (pcre2_match(re, (PCRE2_SPTR)line, len, 0, 0, md, NULL) > 0) {
			ov = pcre2_get_ovector_pointer(md);
			*v = strtol(line + ov[2], NULL, 10);
			if (ov[4] != PCRE2_UNSET)
				*den = strtol(line + ov[4], NULL, 10);
			found = 1;
			*q = i;
		}
		pcre2_match_data_free(md);
	}
	if (found && *q == n) {
		/* A bare number: the one question, or the one of its scale. */
		found = 0;
		for (k = 0; k < n; k++)
			if (n == 1 || (*den && qs[k].max == *den))
				*q = k, found++;
		return found == 1;
	}
	if (found)
		return 1;
	/* A word of a scale, the whole line but its closing stop. */
	k = strspn(line, " \t");
	line += k;
	len -= k;
	while (len && strchr(" .!\t\r", line[len - 1]))
		len--;
	for (i = 0; i < n; i++)
		for (k = 0; k < qs[i].nwords; k++)
			if (strlen(qs[i].words[k]) == len && strncmp(line, qs[i].words[k], len) == 0) {
				*q = i;
				*v = qs[i].scores[k];
				return 1;
			}
	return 0;
}

void
tkt_survey_answers_free(struct tkt_survey_answers *a)
{
	free(a->ratings);
	free(a->comment);
	free(a->refused);
	memset(a, 0, sizeof *a);
}

int
tkt_survey_read(const char *asked, const char *body, struct tkt_survey_answers *a)
{
	struct question *qs;
	tkt_buf refused = TKT_BUF_INIT;
	const char *line = body, *rest = NULL;
	size_t nq, i, q;
	int rc;

	memset(a, 0, sizeof *a);
	if ((rc = questions_load(asked, &qs, &nq)))
		return rc;
	/* The answers: the first lines, blank ones between them. */
	while (*line) {
		size_t len = strcspn(line, "\n");
		char *raw = tkt_strndup(line, len), *f = tkt_fold(raw);
		long v, den;
		int ok = len ? line_answer(f, qs, nq, &q, &v, &den) : -1;

		free(f);
		if (!ok) {
			free(raw);
			rest = line;
			break;
		}
		if (ok > 0 && ((den && den != qs[q].max) || v < qs[q].min || v > qs[q].max)) {
			tkt_buf_printf(&refused, "%s'%s' (%s is a whole number from %d to %d)",
			               refused.len ? ", " : "", raw, qs[q].kind, qs[q].min, qs[q].max);
			a->nrefused++;
		} else if (ok > 0) {
			a->ratings = tkt_realloc(a->ratings, (a->n + 1) * sizeof *a->ratings);
			strcpy(a->ratings[a->n].kind, qs[q].kind);
			a->ratings[a->n++].score = (int)v;
		}
		free(raw);
		line += len + (line[len] == '\n');
	}
	if (rest && (a->n || a->nrefused)) {
		a->comment = tkt_strdup(rest);
		for (i = strlen(a->comment); i && strchr(" \t\r\n", a->comment[i - 1]); i--)
			a->comment[i - 1] = '\0';
	}
	a->refused = refused.len ? tkt_buf_detach(&refused) : NULL;
	tkt_buf_release(&refused);
	questions_free(qs, nq);
	return 0;
}

int
tkt_survey_record(tkt_store *st, int64_t ticket, const struct tkt_survey_answers *a,
                  const char *actor, time_t at)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < a->n && !rc; i++)
		rc = tkt_rating_add(st, ticket, &a->ratings[i], a->comment, at);
	if (!rc && a->refused) {
		char *t = tkt_asprintf("The survey answer %s is not on the scale; it is not recorded.",
		                       a->refused);

		rc = say(st, ticket, actor, at, t, NULL, NULL);
		free(t);
	} else if (!rc && !a->n) {
		rc = say(st, ticket, actor, at, "This reply to the survey has no answer that can be "
		         "read; it is not recorded: an agent should read it.", NULL, NULL);
	}
	return rc;
}
