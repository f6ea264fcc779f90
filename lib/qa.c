/* qa.c: QA checks: scoring the agent replies of tickets against the
 * checklist, the reviews people and qa-check record, the agents' scores
 * from them, and the results written out. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "qa-int.h"

const char *const tkt_qa_verdicts[] = { "pass", "fail", "n/a", "unreviewed", NULL };

/* ---- one ticket ------------------------------------------------------ */

struct reply {
	int64_t     number;     /* its place in the thread */
	char       *body;
	const char *asked;      /* the customer's message it answers, or NULL */
	int         calm;       /* that message raises no trouble: 1, else -1; 0 not known yet */
	int         lang;       /* its language (tkt_qa_lang), -2 not known yet */
	char       *calm_why;   /* and the words that say so */
};

static void
result_set(struct tkt_qa_result *res, size_t i, int verdict, char *evidence)
{
	res->verdict[i] = verdict;
	free(res->evidence[i]);
	res->evidence[i] = evidence;
}

/* Whether a requester's name is a person's: letters, not a handle. */
static int
real_name(const char *name)
{
	const unsigned char *p = (const unsigned char *)name;
	int letters = 0;

	if (!p || *p == '@')
		return 0;
	for (; *p; p++)
		letters += *p >= 0x80 || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z');
	return letters >= 2;
}

/* A word of a name and the forms it takes when someone is addressed: a
 * Greek name in the vocative (Γιώργος: Γιώργο, Παπαδόπουλος:
 * Παπαδόπουλε; Δημήτρης: Δημήτρη; Λουκάς: Λουκά). */
static void
name_forms(tkt_buf *re, const char *w, size_t len)
{
	static const struct { const char *end, *forms[2]; } vocative[] = {
		{ "\xce\xbf\xcf\x82", { "\xce\xb5", "\xce\xbf" } },   /* -ος: -ε, -ο */
		{ "\xcf\x8c\xcf\x82", { "\xce\xad", "\xcf\x8c" } },   /* -ός: -έ, -ό */
		{ "\xce\xb7\xcf\x82", { "\xce\xb7", NULL } },         /* -ης: -η */
		{ "\xce\xae\xcf\x82", { "\xce\xae", NULL } },         /* -ής: -ή */
		{ "\xce\xb1\xcf\x82", { "\xce\xb1", NULL } },         /* -ας: -α */
		{ "\xce\xac\xcf\x82", { "\xce\xac", NULL } },         /* -άς: -ά */
	};
	char *word = tkt_strndup(w, len);
	size_t i, j;

	tkt_buf_puts(re, "(?:");
	tkt_qa_phrase_pattern(re, word);
	for (i = 0; i < sizeof vocative / sizeof vocative[0]; i++) {
		size_t el = strlen(vocative[i].end);

		if (len <= el || strcmp(word + len - el, vocative[i].end))
			continue;
		for (j = 0; j < 2 && vocative[i].forms[j]; j++) {
			word[len - el] = '\0';
			tkt_buf_putc(re, '|');
			tkt_qa_phrase_pattern(re, word);
			tkt_qa_phrase_pattern(re, vocative[i].forms[j]);
		}
		break;
	}
	tkt_buf_putc(re, ')');
	free(word);
}

/* The words of a name as a pattern, each word (in its forms) a group of
 * its own, in order; *n gets how many. */
static char *
name_pattern(const char *name, size_t *n)
{
	tkt_buf re = TKT_BUF_INIT;
	const char *p = name;

	*n = 0;
	tkt_buf_puts(&re, "(?<![\\p{L}\\p{N}])(?:");
	while (*p && *n < 8) {
		size_t len;

		p += strspn(p, " ");
		if (!*p)
			break;
		len = strcspn(p, " ");
		tkt_buf_puts(&re, *n ? "|(" : "(");
		name_forms(&re, p, len);
		tkt_buf_putc(&re, ')');
		(*n)++;
		p += len;
	}
	tkt_buf_puts(&re, ")(?![\\p{L}\\p{N}])");
	if (!*n) {
		tkt_buf_release(&re);
		return NULL;
	}
	return tkt_buf_detach(&re);
}

/* Whether a title (the item's phrases) stands next to body[s..e): right
 * before it or right after it, white space between. */
static int
titled(const struct tkt_qa_item *it, pcre2_match_data *md, const char *body, size_t s, size_t e)
{
	size_t len = strlen(body), at = e, before = s, from;

	if (!it->re)
		return 0;
	at += strspn(body + at, " \t\n");
	if (at > e && pcre2_match(it->re, (PCRE2_SPTR)body, len, at, PCRE2_ANCHORED, md, NULL) >= 0)
		return 1;
	while (before > 0 && strchr(" \t\n", body[before - 1]))
		before--;
	if (before == s)
		return 0;
	for (from = before > 40 ? before - 40 : 0; from < before; from++)
		if (pcre2_match(it->re, (PCRE2_SPTR)body, before, from, PCRE2_ANCHORED, md, NULL) >= 0 &&
		    pcre2_get_ovector_pointer(md)[1] == before)
			return 1;
	return 0;
}

/* A name the customer signed their message with (the checklist's
 * signature pattern: the last line with text, one or two capitalised
 * words, after a closing, "Thanks, Sarah", "- Sarah", or alone), in a
 * message of more than one line.  To free, or NULL. */
static char *
signed_name(const struct tkt_checklist *cl, pcre2_match_data *md, const char *asked)
{
	PCRE2_SIZE *ov;

	if (!asked || !cl->signature || !strchr(asked, '\n') ||
	    pcre2_match(cl->signature, (PCRE2_SPTR)asked, strlen(asked), 0, 0, md, NULL) < 2)
		return NULL;
	ov = pcre2_get_ovector_pointer(md);
	return tkt_strndup(asked + ov[2], ov[3] - ov[2]);
}

/* The customer-name item: the customer addressed by their name (known,
 * or signed on their message) -- by the given name (the first word; in
 * Hungarian, where the family name comes first, the last), in the
 * vocative, or by any word with a title (the item's phrases: Mr, κύριε,
 * úr, doamna); outside Hungarian, by any word of it.  With no name known,
 * a name the reply finds for itself (the item's patterns, like one after a
 * greeting). */
static int
check_name(const struct tkt_checklist *cl, const struct tkt_qa_item *it, pcre2_match_data *md,
           const struct reply *r, const char *requester, char **evidence)
{
	char *sig = real_name(requester) ? NULL : signed_name(cl, md, r->asked), *found = NULL, *re;
	const char *name = real_name(requester) ? requester : sig;
	size_t nwords, given, at = 0, len = strlen(r->body);
	int hu = tkt_qa_lang(r->body) == QA_HU, err, verdict = QA_FAIL;
	pcre2_code *code;
	PCRE2_SIZE off;

	if (!name) {
		if (it->found && tkt_qa_find(it->found, it->except, md, r->body, 0, len, &found)) {
			*evidence = tkt_asprintf("message %lld: \"%s\" (the customer's name is not known)",
			                         (long long)r->number, found);
			free(found);
			return QA_PASS;
		}
		*evidence = tkt_asprintf("message %lld: no name used, and the customer's is not known",
		                         (long long)r->number);
		return QA_FAIL;
	}
	re = name_pattern(name, &nwords);
	code = re ? pcre2_compile((PCRE2_SPTR)re, PCRE2_ZERO_TERMINATED,
	                          PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS, &err, &off, NULL) : NULL;
	given = hu ? nwords - 1 : 0;
	while (code && at <= len && pcre2_match(code, (PCRE2_SPTR)r->body, len, at, 0, md, NULL) >= 0) {
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
		size_t s = ov[0], e = ov[1], w;

		for (w = 0; w < nwords && ov[2 * (w + 1)] == PCRE2_UNSET; w++)
			;
		if (w == given || !hu || titled(it, md, r->body, s, e)) {
			found = tkt_strndup(r->body + s, e - s);
			verdict = QA_PASS;
			break;
		}
		at = e > at ? e : at + 1;
	}
	*evidence = verdict == QA_PASS
		? tkt_asprintf("message %lld: \"%s\" for \"%s\"%s", (long long)r->number, found, name,
		               sig ? " (signed on the customer's message)" : "")
		: tkt_asprintf("message %lld: does not name \"%s\"%s", (long long)r->number, name,
		               sig ? " (signed on the customer's message)" : "");
	pcre2_code_free(code);
	free(found);
	free(re);
	free(sig);
	return verdict;
}

/* Whether the customer's message raises trouble: it does unless it has
 * praise or thanks and no word of trouble; the evidence either way. */
static int
untroubled(const struct tkt_checklist *cl, pcre2_match_data *md, const char *asked, char **evidence)
{
	char *found = NULL;

	if (!asked || !cl->trouble || !cl->praise)
		return 0;
	if (tkt_qa_find(cl->trouble, NULL, md, asked, 0, strlen(asked), NULL) ||
	    !tkt_qa_find(cl->praise, NULL, md, asked, 0, strlen(asked), &found))
		return 0;
	*evidence = tkt_asprintf("the customer raises no trouble (\"%s\")", found);
	free(found);
	return 1;
}

/* Check one reply against a text item: QA_PASS or QA_FAIL, with evidence. */
static int
check_reply(const struct tkt_checklist *cl, const struct tkt_qa_item *it, pcre2_match_data *md,
            struct reply *r, const char *name, char **evidence)
{
	char *found = NULL;
	size_t from, to;
	int verdict;
	pcre2_code *re;

	*evidence = NULL;
	/* Whether the customer raised trouble: asked once per reply. */
	if (it->na_untroubled) {
		if (!r->calm)
			r->calm = untroubled(cl, md, r->asked, &r->calm_why) ? 1 : -1;
		if (r->calm > 0) {
			*evidence = tkt_strdup(r->calm_why);
			return QA_NA;
		}
	}
	switch (it->check) {
	case QA_PHRASES:
	case QA_ABSENT:
		tkt_qa_region(r->body, it->where, &from, &to);
		if (r->lang == -2)
			r->lang = tkt_qa_lang(r->body);
		re = r->lang >= 0 && it->re_lang[r->lang] ? it->re_lang[r->lang] : it->re;
		if (tkt_qa_find(re, it->except, md, r->body, from, to, &found)) {
			*evidence = tkt_asprintf("message %lld: \"%s\"", (long long)r->number, found);
			free(found);
			return it->check == QA_PHRASES ? QA_PASS : QA_FAIL;
		}
		if (it->check == QA_ABSENT && it->needs &&
		    (!it->needs_below || (double)tkt_qa_words(r->body) < it->needs_below) &&
		    !tkt_qa_find(it->needs, NULL, md, r->body, from, to, NULL)) {
			*evidence = tkt_asprintf("message %lld: curt: %zu words, and not one of the "
			                         "courteous ones", (long long)r->number,
			                         tkt_qa_words(r->body));
			return QA_FAIL;
		}
		*evidence = tkt_asprintf("message %lld: %s", (long long)r->number,
		                         it->check == QA_PHRASES ? "none of its phrases" :
		                                                   "none found");
		return it->check == QA_PHRASES ? QA_FAIL : QA_PASS;
	case QA_NAME:
		return check_name(cl, it, md, r, name, evidence);
	case QA_JARGON: {
		size_t n = 0, total = tkt_qa_words(r->body), at = 0, len = strlen(r->body);
		tkt_buf list = TKT_BUF_INIT;

		while (at < len && pcre2_match(cl->jargon, (PCRE2_SPTR)r->body, len, at, 0, md, NULL) >= 0) {
			PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);

			if (n < 5)
				tkt_buf_printf(&list, "%s%.*s", n ? ", " : "", (int)(ov[1] - ov[0]),
				               r->body + ov[0]);
			n++;
			at = ov[1] > at ? ov[1] : at + 1;
		}
		verdict = total && (double)n / (double)total > cl->max_density ? QA_FAIL : QA_PASS;
		*evidence = tkt_asprintf("message %lld: %zu technical term%s in %zu words%s%s%s",
		                         (long long)r->number, n, n == 1 ? "" : "s", total,
		                         n ? " (" : "", n ? list.s : "", n ? ")" : "");
		tkt_buf_release(&list);
		return verdict;
	}
	}
	return QA_UNREVIEWED;
}

static void
reply_items(const struct tkt_checklist *cl, pcre2_match_data *md, struct reply *r,
            size_t nr, size_t first_new, const char *name, struct tkt_qa_result *res)
{
	size_t i, k;

	for (i = 0; i < cl->nitems; i++) {
		const struct tkt_qa_item *it = &cl->items[i];
		char *ev = NULL;
		int v = QA_NA;

		if (it->applies == QA_TICKET)
			continue;
		if (it->check == QA_MANUAL) {
			result_set(res, i, nr ? QA_UNREVIEWED : QA_NA,
			           tkt_strdup(nr ? "to be reviewed by a person" : "no agent reply"));
			continue;
		}
		if (nr == 0) {
			result_set(res, i, QA_NA, tkt_strdup("no agent reply"));
			continue;
		}
		switch (it->applies) {
		case QA_FIRST:
			if (first_new > 0) {
				result_set(res, i, QA_NA, tkt_strdup("not the first reply"));
				continue;
			}
			v = check_reply(cl, it, md, &r[0], name, &ev);
			break;
		case QA_LAST:
			v = check_reply(cl, it, md, &r[nr - 1], name, &ev);
			break;
		case QA_EVERY:
			for (k = first_new; k < nr; k++) {
				free(ev);
				if ((v = check_reply(cl, it, md, &r[k], name, &ev)) == QA_FAIL)
					break;
			}
			break;
		case QA_ANY:
			for (k = 0; k < nr; k++) {
				free(ev);
				if ((v = check_reply(cl, it, md, &r[k], name, &ev)) == QA_PASS)
					break;
			}
			if (v == QA_FAIL) {
				free(ev);
				ev = tkt_strdup(nr > 1 ? "in none of the replies" : "not in the reply");
			}
			break;
		}
		result_set(res, i, v, ev);
	}
}

void
tkt_qa_result_release(struct tkt_qa_result *res)
{
	size_t i;

	for (i = 0; i < res->nitems; i++)
		free(res->evidence[i]);
	free(res->evidence);
	free(res->verdict);
	free(res->agent);
	memset(res, 0, sizeof *res);
}

/* Verdicts a person recorded, the latest per item, override. */
static int
person_verdicts(tkt_store *st, const struct tkt_checklist *cl, int64_t id,
                struct tkt_qa_result *res)
{
	tkt_stmt *s = db_stmt(st, db_sql(st, SQL_REVIEWS));
	int rc;

	if (!s)
		return tkt_errcode();
	db_bind_int(s, ":id", id);
	while ((rc = db_step(s)) == DB_ROW) {
		const struct tkt_qa_item *it = tkt_checklist_item(cl, db_text(s, 0));
		const char *v = db_text(s, 1);

		if (!it)
			continue;
		result_set(res, (size_t)(it - cl->items),
		           !strcmp(v, "pass") ? QA_PASS : !strcmp(v, "fail") ? QA_FAIL : QA_NA,
		           tkt_asprintf("reviewed by %s on %s", db_text(s, 2), db_text(s, 3)));
	}
	db_reset(s);
	return rc == DB_DONE ? 0 : db_error(st, rc, "reading reviews");
}

static void
score(const struct tkt_checklist *cl, struct tkt_qa_result *res)
{
	double pass = 0, all = 0;
	size_t i;

	res->must_fail = 0;
	for (i = 0; i < cl->nitems; i++) {
		if (res->verdict[i] == QA_PASS || res->verdict[i] == QA_FAIL)
			all += cl->items[i].weight;
		if (res->verdict[i] == QA_PASS)
			pass += cl->items[i].weight;
		if (res->verdict[i] == QA_FAIL && cl->items[i].must_pass)
			res->must_fail = 1;
	}
	res->score = all > 0 ? floor(pass / all * 100 + 0.5) : -1;
}

/* A text to match, with zeros after its end: PCRE2's JIT reads a text a
 * vector at a time, past its end within the vector, and those bytes are
 * then the text's own, not memory never written. */
static char *
padded(const char *s)
{
	size_t n = strlen(s ? s : "");
	char *p = tkt_calloc(n + 65, 1);

	memcpy(p, s ? s : "", n);
	return p;
}

int
tkt_qa_ticket(struct tkt_qa *q, int64_t id, const char *draft, struct tkt_qa_result *res)
{
	static const char sql_ticket[] =
		"SELECT c.name, t.assignee,\n"
		"       CASE WHEN t.type IS NOT NULL AND t.priority IS NOT NULL\n"
		"             AND EXISTS (SELECT 1 FROM tags WHERE ticket = t.id) THEN 1 ELSE 0 END\n"
		"  FROM tickets t JOIN customers c ON c.id = t.requester WHERE t.id = :id";
	/* The messages in order: the agent's replies, and the customer's
	 * messages they answer. */
	static const char sql_replies[] =
		"SELECT CASE WHEN " TKT_SQL_REPLY("m") " THEN 1 WHEN m.kind = 'customer' THEN 2\n"
		"            ELSE 0 END, m.body\n"
		"  FROM messages m WHERE m.ticket = :id ORDER BY m.created_at, m.id";
	const struct tkt_checklist *cl = q->checklist;
	struct reply *r = NULL;
	size_t nr = 0, number = 0, i, first_new = 0, nasked = 0;
	char *name = NULL, label[32], **asked = NULL;
	int rc, categorised = 0;
	tkt_stmt *s;
	double v;

	memset(res, 0, sizeof *res);
	res->id = id;
	res->nitems = cl->nitems;
	res->verdict = tkt_calloc(cl->nitems, sizeof *res->verdict);
	res->evidence = tkt_calloc(cl->nitems, sizeof *res->evidence);
	if (!(s = db_stmt(q->st, sql_ticket)))
		return tkt_errcode();
	db_bind_int(s, ":id", id);
	if ((rc = db_step(s)) == DB_ROW) {
		name = db_dup(s, 0);
		res->agent = db_dup(s, 1);
		categorised = (int)db_int(s, 2);
	}
	db_reset(s);
	if (rc != DB_ROW)
		return rc == DB_DONE ? tkt_error(EX_NOINPUT, "no such ticket '%lld'", (long long)id)
		                         : db_error(q->st, rc, "reading a ticket");

	if (!(s = db_stmt(q->st, sql_replies))) {
		rc = tkt_errcode();
		goto out;
	}
	db_bind_int(s, ":id", id);
	while ((rc = db_step(s)) == DB_ROW) {
		number++;
		if ((int)db_int(s, 0) == 2) {
			asked = tkt_realloc(asked, (nasked + 1) * sizeof *asked);
			asked[nasked++] = padded(db_text(s, 1));
		}
		if ((int)db_int(s, 0) != 1)
			continue;
		r = tkt_realloc(r, (nr + 1) * sizeof *r);
		r[nr].number = (int64_t)number;
		r[nr].asked = nasked ? asked[nasked - 1] : NULL;
		r[nr].calm = 0;
		r[nr].lang = -2;
		r[nr].calm_why = NULL;
		r[nr++].body = padded(db_text(s, 1));
	}
	db_reset(s);
	if (rc != DB_DONE) {
		rc = db_error(q->st, rc, "reading messages");
		goto out;
	}
	if (draft) {                      /* the draft: the next reply */
		first_new = nr;
		r = tkt_realloc(r, (nr + 1) * sizeof *r);
		r[nr].number = (int64_t)number + 1;
		r[nr].asked = nasked ? asked[nasked - 1] : NULL;
		r[nr].calm = 0;
		r[nr].lang = -2;
		r[nr].calm_why = NULL;
		r[nr++].body = padded(draft);
	}
	reply_items(cl, q->md, r, nr, first_new, name, res);

	/* The ticket's own items, from the report of its history. */
	snprintf(label, sizeof label, "%lld", (long long)id);
	for (i = 0; i < cl->nitems; i++) {
		const struct tkt_qa_item *it = &cl->items[i];

		if (it->applies != QA_TICKET)
			continue;
		if (it->check == QA_MANUAL) {
			result_set(res, i, QA_UNREVIEWED, tkt_strdup("to be reviewed by a person"));
		} else if (it->check == QA_CATEGORISED) {
			result_set(res, i, categorised ? QA_PASS : QA_FAIL,
			           tkt_strdup(categorised ? "type, priority and a tag are set"
			                                  : "missing a type or a tag"));
		} else if (it->check == QA_UPDATES) {
			int has = q->report && tkt_report_value_of(q->report, label, TKT_METRIC_UPDATE_COMPLIANCE, &v) == 0;

			result_set(res, i, !has ? QA_NA : v >= 100 ? QA_PASS : QA_FAIL,
			           tkt_strdup(!has ? "never waiting for an update" : v >= 100 ?
			                      "updated within the target every time" :
			                      "a wait for an update was longer than the target"));
		} else {
			double fr = -1, res_ = -1;
			int has_fr = q->report && tkt_report_value_of(q->report, label,
			                                              TKT_METRIC_FIRST_REPLY_WITHIN, &fr) == 0;
			int has_res = q->report && tkt_report_value_of(q->report, label,
			                                               TKT_METRIC_RESOLUTION_WITHIN, &res_) == 0;

			if (!has_fr && !has_res)
				result_set(res, i, QA_NA, tkt_strdup("no target reached yet"));
			else if ((has_fr && fr < 100) || (has_res && res_ < 100))
				result_set(res, i, QA_FAIL, tkt_strdup(has_fr && fr < 100 ?
				           "the first reply missed its target" : "the resolution missed its target"));
			else
				result_set(res, i, QA_PASS, tkt_strdup("within the targets"));
		}
	}
	if (!draft && (rc = person_verdicts(q->st, cl, id, res)))
		goto out;
	score(cl, res);
	rc = 0;
out:
	for (i = 0; i < nr; i++) {
		free(r[i].body);
		free(r[i].calm_why);
	}
	free(r);
	for (i = 0; i < nasked; i++)
		free(asked[i]);
	free(asked);
	free(name);
	return rc;
}

int
tkt_qa_open(struct tkt_qa *q, tkt_store *st, const struct tkt_checklist *cl,
            const struct tkt_config *config, const tkt_filter *f, time_t now)
{
	struct tkt_report_opts o = { 0 };
	int rc;

	memset(q, 0, sizeof *q);
	q->st = st;
	q->checklist = cl;
	q->md = pcre2_match_data_create(32, NULL);
	o.since = 0;
	o.until = now + 1;
	o.by = "ticket";
	o.metrics = "first_reply_within,resolution_within,update_compliance";
	o.config = config;
	o.filter = f;
	if ((rc = tkt_report_new(&o, &q->report)) || (rc = tkt_report_run(q->report, st))) {
		tkt_qa_close(q);
		return rc;
	}
	return 0;
}

void
tkt_qa_close(struct tkt_qa *q)
{
	tkt_report_free(q->report);
	pcre2_match_data_free(q->md);
	memset(q, 0, sizeof *q);
}

int
tkt_qa_new(struct tkt_qa **q, tkt_store *st, const struct tkt_checklist *cl,
           const struct tkt_config *config, const tkt_filter *f, time_t now)
{
	int rc;

	*q = tkt_malloc(sizeof **q);
	if ((rc = tkt_qa_open(*q, st, cl, config, f, now))) {
		free(*q);
		*q = NULL;
	}
	return rc;
}

void
tkt_qa_free(struct tkt_qa *q)
{
	if (q) {
		tkt_qa_close(q);
		free(q);
	}
}

/* ---- reviews --------------------------------------------------------- */

int
tkt_review_add(tkt_store *st, int64_t id, const char *item, const char *verdict,
               const char *source, const char *evidence, const char *reviewer, time_t at)
{
	static const char sql[] =
		"INSERT INTO reviews (ticket, item, verdict, agent, reviewer, source, evidence, at)\n"
		"     SELECT id, :item, :verdict, assignee, :reviewer, :source, :evidence, :at\n"
		"       FROM tickets WHERE id = :id";
	tkt_stmt *s;
	int rc;

	if ((rc = tkt_ticket_check(st, id, at)))
		return rc;
	if (!(s = db_stmt(st, sql)))
		return tkt_errcode();
	db_bind_int(s, ":id", id);
	db_bind_text(s, ":item", item);
	db_bind_text(s, ":verdict", verdict);
	db_bind_text(s, ":reviewer", reviewer);
	db_bind_text(s, ":source", source);
	db_bind_text(s, ":evidence", evidence);
	db_bind_int(s, ":at", (int64_t)at);
	return db_exec(st, s);
}

int
tkt_qa_save(tkt_store *st, const struct tkt_checklist *cl, const struct tkt_qa_result *res,
            const char *reviewer, time_t at)
{
	static const char *const words[] = { "pass", "fail", "na" };
	size_t i;
	int rc;

	for (i = 0; i < cl->nitems; i++) {
		if (res->verdict[i] == QA_UNREVIEWED)
			continue;
		if ((rc = tkt_review_add(st, res->id, cl->items[i].id, words[res->verdict[i]], "auto",
		                         res->evidence[i], reviewer, at)))
			return rc;
	}
	return 0;
}

/* ---- the agents' scores from saved reviews --------------------------- */

/* The latest verdict of each ticket and item in each window (this one,
 * and the one of the same length before it), a person's over an
 * automatic one, with the agent it is of. */
#define QA_LATEST \
	"WITH latest AS (\n" \
	"  SELECT r.ticket, r.item, r.verdict, coalesce(r.agent, '-') AS agent,\n" \
	"         CASE WHEN r.at >= :since THEN 1 ELSE 0 END AS cur\n" \
	"    FROM reviews r\n" \
	"   WHERE r.at >= :before AND r.at < :until\n" \
	"     AND r.id = (SELECT x.id FROM reviews x\n" \
	"                  WHERE x.ticket = r.ticket AND x.item = r.item\n" \
	"                    AND x.at >= :before AND x.at < :until\n" \
	"                    AND (x.at >= :since) = (r.at >= :since)\n" \
	"                  ORDER BY CASE x.source WHEN 'person' THEN 1 ELSE 0 END DESC,\n" \
	"                           x.at DESC, x.id DESC LIMIT 1))\n"

/* One agent's sums, under the team's login for any of their names. */
struct qa_sum {
	char    *agent;
	double   pass[2], all[2];    /* by window: before, this one */
	int64_t *tickets;            /* of this window, with repeats */
	size_t   nt, ct;
};

static struct qa_sum *
qa_sum_get(struct qa_sum **sums, size_t *n, const struct tkt_config *c, const char *name)
{
	const char *agent = tkt_team_login(c, name);
	size_t i;

	for (i = 0; i < *n; i++)
		if (strcmp((*sums)[i].agent, agent) == 0)
			return &(*sums)[i];
	*sums = tkt_realloc(*sums, (*n + 1) * sizeof **sums);
	memset(&(*sums)[*n], 0, sizeof **sums);
	(*sums)[*n].agent = tkt_strdup(agent);
	return &(*sums)[(*n)++];
}

static int
cmp_sum(const void *x, const void *y)
{
	return strcmp(((const struct qa_sum *)x)->agent, ((const struct qa_sum *)y)->agent);
}

static int
cmp_id(const void *x, const void *y)
{
	int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;

	return (a > b) - (a < b);
}

static tkt_stmt *
qa_window(tkt_store *st, const char *sql, time_t since, time_t until)
{
	tkt_stmt *s = db_prepare(st, sql);

	if (s) {
		db_bind_int(s, ":since", (int64_t)since);
		db_bind_int(s, ":until", (int64_t)until);
		db_bind_int(s, ":before", (int64_t)(since - (until - since)));
	}
	return s;
}

int
tkt_qa_by_agent(tkt_store *st, const struct tkt_checklist *cl, const struct tkt_config *c,
                time_t since, time_t until, tkt_qa_agent_fn fn, void *ctx)
{
	static const char sql_verdicts[] =
		QA_LATEST "SELECT agent, cur, item, verdict, count(*) FROM latest GROUP BY 1, 2, 3, 4";
	static const char sql_tickets[] =
		QA_LATEST "SELECT DISTINCT agent, ticket FROM latest WHERE cur = 1";
	struct qa_sum *sums = NULL, *sum;
	struct tkt_qa_agent a;
	tkt_stmt *s;
	size_t n = 0, i, k;
	int rc, err = 0;

	if (!(s = qa_window(st, sql_verdicts, since, until)))
		return tkt_errcode();
	while ((rc = db_step(s)) == DB_ROW) {
		const struct tkt_qa_item *it = tkt_checklist_item(cl, db_text(s, 2));
		int cur = (int)db_int(s, 1) != 0;

		sum = qa_sum_get(&sums, &n, c, db_text(s, 0));
		if (!it || !strcmp(db_text(s, 3), "na"))
			continue;
		sum->all[cur] += it->weight * (double)db_int(s, 4);
		if (!strcmp(db_text(s, 3), "pass"))
			sum->pass[cur] += it->weight * (double)db_int(s, 4);
	}
	db_finalize(s);
	if (rc != DB_DONE) {
		err = db_error(st, rc, "reading reviews");
	} else if (!(s = qa_window(st, sql_tickets, since, until))) {
		err = tkt_errcode();
	} else {
		while ((rc = db_step(s)) == DB_ROW) {
			sum = qa_sum_get(&sums, &n, c, db_text(s, 0));
			if (sum->nt == sum->ct)
				sum->tickets = tkt_realloc(sum->tickets, (sum->ct = sum->ct * 2 + 16) *
				                           sizeof *sum->tickets);
			sum->tickets[sum->nt++] = db_int(s, 1);
		}
		db_finalize(s);
		if (rc != DB_DONE)
			err = db_error(st, rc, "reading reviews");
	}
	if (n)
		qsort(sums, n, sizeof *sums, cmp_sum);
	for (i = 0; i < n; i++) {
		sum = &sums[i];
		if (sum->nt)
			qsort(sum->tickets, sum->nt, sizeof *sum->tickets, cmp_id);
		for (a.tickets = 0, k = 0; k < sum->nt; k++)
			a.tickets += !k || sum->tickets[k] != sum->tickets[k - 1];
		a.agent = sum->agent;
		a.score = sum->all[1] > 0 ? floor(sum->pass[1] / sum->all[1] * 100 + 0.5) : -1;
		a.before = sum->all[0] > 0 ? floor(sum->pass[0] / sum->all[0] * 100 + 0.5) : -1;
		if (!err && a.tickets)
			fn(&a, ctx);
		free(sum->agent);
		free(sum->tickets);
	}
	free(sums);
	return err;
}

/* ---- writing results ------------------------------------------------- */

/* A score as a whole number, or none when nothing was decided. */
static void
put_score(FILE *out, double score, const char *none)
{
	if (score < 0)
		fputs(none, out);
	else
		fprintf(out, "%.0f", score);
}

void
tkt_qa_write(FILE *out, const struct tkt_checklist *cl, const struct tkt_qa_result *res,
             enum tkt_qa_format format)
{
	size_t i, n = 0;

	if (format == TKT_QA_JSON) {
		fprintf(out, "{\"id\":%lld,\"score\":", (long long)res->id);
		put_score(out, res->score, "null");
		fputs(",\"agent\":", out);
		if (res->agent)
			tkt_out_json_str(out, res->agent);
		else
			fputs("null", out);
		fprintf(out, ",\"must_pass_failed\":%s,\"items\":[", res->must_fail ? "true" : "false");
		for (i = 0; i < cl->nitems; i++) {
			fprintf(out, "%s{\"id\":", i ? "," : "");
			tkt_out_json_str(out, cl->items[i].id);
			fprintf(out, ",\"verdict\":\"%s\",\"weight\":%g,\"evidence\":",
			        tkt_qa_verdicts[res->verdict[i]], cl->items[i].weight);
			tkt_out_json_str(out, res->evidence[i]);
			fputc('}', out);
		}
		fputs("]}\n", out);
		return;
	}
	if (format == TKT_QA_EXPLAIN) {
		fprintf(out, "ticket %lld  score ", (long long)res->id);
		put_score(out, res->score, "-");
		fputs("  agent ", out);
		tkt_out_field(out, res->agent ? res->agent : "-");
		fputc('\n', out);
		for (i = 0; i < cl->nitems; i++) {
			fprintf(out, "  %-10s %-20s ", tkt_qa_verdicts[res->verdict[i]], cl->items[i].id);
			tkt_out_field(out, res->evidence[i]);
			fputc('\n', out);
		}
		return;
	}
	if (format == TKT_QA_HINTS) {
		for (i = 0; i < cl->nitems; i++) {
			if (res->verdict[i] != QA_FAIL)
				continue;
			fprintf(out, "%-18s %s%s", cl->items[i].id, cl->items[i].must_pass ? "(must pass) " : "",
			        cl->items[i].hint ? cl->items[i].hint : cl->items[i].title);
			if (res->evidence[i] && strstr(res->evidence[i], ": \""))
				fprintf(out, " (%s)", strstr(res->evidence[i], ": \"") + 2);
			fputc('\n', out);
		}
		return;
	}
	fprintf(out, "%lld\t", (long long)res->id);
	put_score(out, res->score, "-");
	fputc('\t', out);
	tkt_out_field(out, res->agent ? res->agent : "-");
	fputc('\t', out);
	for (i = 0; i < cl->nitems; i++)
		if (res->verdict[i] == QA_FAIL)
			fprintf(out, "%s%s", n++ ? "," : "", cl->items[i].id);
	fputs(n ? "\n" : "-\n", out);
}

int
tkt_qa_draft(tkt_store *st, const struct tkt_checklist *cl, const struct tkt_config *config,
             int64_t id, const char *draft, time_t now, double min, int json, FILE *out,
             int *below)
{
	tkt_filter *f = tkt_filter_new(now, NULL);
	struct tkt_qa qa = { 0 };
	struct tkt_qa_result res;
	int rc;

	*below = 0;
	tkt_filter_ids(f, &id, 1);
	memset(&res, 0, sizeof res);
	if ((rc = tkt_qa_open(&qa, st, cl, config, f, now)) ||
	    (rc = tkt_qa_ticket(&qa, id, draft, &res))) {
		tkt_qa_result_release(&res);
		tkt_qa_close(&qa);
		tkt_filter_free(f);
		return rc;
	}
	if (min < 0)
		min = cl->min;
	*below = res.must_fail || (res.score >= 0 && res.score < min);
	if (!json && res.score < 0)
		fprintf(out, "draft for ticket %lld: nothing to score%s\n", (long long)id,
		        *below ? "" : ": fine to send");
	else if (!json)
		fprintf(out, "draft for ticket %lld: score %.0f, minimum %.0f%s\n", (long long)id,
		        res.score, min, *below ? "" : ": fine to send");
	tkt_qa_write(out, cl, &res, json ? TKT_QA_JSON : TKT_QA_HINTS);
	tkt_qa_result_release(&res);
	tkt_qa_close(&qa);
	tkt_filter_free(f);
	return 0;
}
