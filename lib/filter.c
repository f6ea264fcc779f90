/* filter.c: the filter words (status=open, +billing, age>2d, ...) compiled
 * into one SQL condition with bound values, which filter-sql.c writes as
 * each backend asks it and list.c lists the tickets of.  No input text
 * ever becomes SQL: values are bound as :fN. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "filter-int.h"

enum key_kind {
	K_ID, K_ENUM, K_TEXT, K_REQUESTER, K_TIME, K_AGE, K_WAITING, K_FIELD, K_TAG, K_BREACH, K_DUE,
	K_OUTBOX, K_SEARCH, K_IS, K_INCIDENTS,
};

static const struct key {
	const char        *name;
	enum key_kind      kind;
	const char        *col;
	const char *const *set;       /* the allowed values, in order */
} keys[] = {
	{ "id",        K_ID,        "t.id",         NULL },
	{ "problem",   K_ID,        "t.problem",    NULL },
	{ "is",        K_IS,        NULL,           NULL },
	{ "incidents", K_INCIDENTS, NULL,           NULL },
	{ "status",    K_ENUM,      "t.status",     tkt_statuses },
	{ "priority",  K_ENUM,      "t.priority",   tkt_priorities },
	{ "type",      K_TEXT,      "t.type",       NULL },
	{ "channel",   K_TEXT,      "t.channel",    tkt_channels },
	{ "assignee",  K_TEXT,      "t.assignee",   NULL },
	{ "group",     K_TEXT,      "t.grp",        NULL },
	{ "template",  K_TEXT,      "t.template",   NULL },
	{ "requester", K_REQUESTER, NULL,           NULL },
	{ "created",   K_TIME,      "t.created_at", NULL },
	{ "updated",   K_TIME,      "t.updated_at", NULL },
	{ "solved",    K_TIME,      "t.solved_at",  NULL },
	{ "age",       K_AGE,       "t.created_at", NULL },
	{ "waiting",   K_WAITING,   "t.waiting_since", NULL },
	{ "tag",       K_TAG,       NULL,           NULL },
	{ "breach",    K_BREACH,    NULL,           NULL },
	{ "due",       K_DUE,       NULL,           NULL },
	{ "outbox",    K_OUTBOX,    NULL,           NULL },
	{ "text",      K_SEARCH,    NULL,           NULL },
	{ "subject",   K_SEARCH,    "subject",      NULL },
	{ "body",      K_SEARCH,    "body",         NULL },
};

static const char *const op_text[] = { "=", "!=", "<", "<=", ">", ">=", "~" };
const char *const tkt_filter_op_sql[] = { "=", "<>", "<", "<=", ">", ">=", "" };

tkt_filter *
tkt_filter_new(time_t now, const char *me)
{
	tkt_filter *f = tkt_calloc(1, sizeof *f);

	f->now = now;
	f->me = tkt_strdup(me);
	return f;
}

void
tkt_filter_free(tkt_filter *f)
{
	size_t i;

	if (!f)
		return;
	for (i = 0; i < f->nvals; i++)
		free(f->vals[i].s);
	free(f->vals);
	free(f->ids);
	free(f->sla);
	for (i = 0; i < f->nsearch; i++) {
		size_t j;

		for (j = 0; j < f->search[i].nlikes; j++)
			free(f->search[i].likes[j]);
		free(f->search[i].likes);
		free(f->search[i].fts);
		for (j = 0; j < f->search[i].nq; j++)
			tkt_search_free(&f->search[i].q[j]);
		free(f->search[i].q);
	}
	free(f->search);
	tkt_search_free(&f->all);
	free(f->me);
	tkt_buf_release(&f->where);
	free(f);
}

/* Add a bound value, named :fN by its number N. */
static void
put_val(tkt_filter *f, int is_int, int64_t i, const char *s)
{
	if (f->nvals == f->cap)
		f->vals = tkt_realloc(f->vals, (f->cap = f->cap * 2 + 8) * sizeof *f->vals);
	f->vals[f->nvals].is_int = is_int;
	f->vals[f->nvals].i = i;
	f->vals[f->nvals].s = tkt_strdup(s);
	f->nvals++;
}

/* Append a bound value's parameter name to the condition. */
static void
put_param(tkt_filter *f, int is_int, int64_t i, const char *s)
{
	put_val(f, is_int, i, s);
	tkt_buf_printf(&f->where, ":f%zu", f->nvals);
}

static void
put_int(tkt_filter *f, int64_t i)
{
	put_param(f, 1, i, NULL);
}

static void
put_text(tkt_filter *f, const char *s)
{
	put_param(f, 0, 0, s);
}

/* Split "a,b,c" into a NULL-terminated vector of copies (free both). */
static char **
split_list(const char *v, size_t *n)
{
	char **out;
	const char *p = v, *c;
	size_t k = 1;

	for (c = v; *c; c++)
		k += *c == ',';
	out = tkt_calloc(k + 1, sizeof *out);
	for (*n = 0; *n < k; (*n)++) {
		c = strchr(p, ',');
		out[*n] = c ? tkt_strndup(p, (size_t)(c - p)) : tkt_strdup(p);
		p = c ? c + 1 : p + strlen(p);
	}
	return out;
}

static void
free_list(char **l)
{
	char **p;

	for (p = l; *p; p++)
		free(*p);
	free(l);
}

/* Whether w starts with a search key and ~ (text~router). */
static int
is_search(const char *w)
{
	static const char *const k[] = { "text~", "subject~", "body~", "requester~" };
	size_t i;

	for (i = 0; i < sizeof k / sizeof k[0]; i++)
		if (strncmp(w, k[i], strlen(k[i])) == 0)
			return 1;
	return 0;
}

int
tkt_filter_is_word(const char *w)
{
	if ((w[0] == '+' || w[0] == '-') && w[1] && w[1] != '-')
		return 1;
	if (is_search(w))
		return 1;
	return strpbrk(w, "=<>") != NULL && w[0] != '=' && w[0] != '<' && w[0] != '>';
}

/* What every tool says of a word that is no filter word. */
static int
bad_word(const char *word)
{
	return tkt_error(EX_USAGE, "bad filter '%s' (like status=open, +tag, age>2d)", word);
}

int
tkt_filter_word_check(const char *word)
{
	return tkt_filter_is_word(word) ? 0 : bad_word(word);
}

static int
op_parse(const char *p, enum op *op)
{
	if (p[0] == '!' && p[1] == '=')
		return *op = OP_NE, 2;
	if (p[0] == '<')
		return p[1] == '=' ? (*op = OP_LE, 2) : (*op = OP_LT, 1);
	if (p[0] == '>')
		return p[1] == '=' ? (*op = OP_GE, 2) : (*op = OP_GT, 1);
	if (p[0] == '=')
		return *op = OP_EQ, 1;
	if (p[0] == '~')
		return *op = OP_MATCH, 1;
	return 0;
}

static int
no_order(const char *word, const char *key, enum op op)
{
	return tkt_error(EX_USAGE, "bad filter '%s': operator '%s' does not apply to %s "
	                 "(use = or !=)", word, op_text[op], key);
}

/* Note that the filter keeps only the backlog when none of the n
 * statuses a status word keeps is done (struct tkt_filter). */
static void
note_backlog(tkt_filter *f, const char *const *status, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (tkt_status_done(status[i]))
			return;
	if (n)
		f->backlog = 1;
}

/* key IN / NOT IN a list of values (or IS NULL for an empty value). */
static int
text_cond(tkt_filter *f, const char *word, const struct key *k, enum op op, const char *v)
{
	char **list;
	size_t n, i;

	if (op != OP_EQ && op != OP_NE)
		return no_order(word, k->name, op);
	if (!*v && k->set)              /* never unset: empty is no value of the set */
		return tkt_error(EX_DATAERR, "bad filter '%s': no %s ''", word, k->name);
	if (!*v) {
		tkt_buf_printf(&f->where, "%s IS %sNULL", k->col, op == OP_EQ ? "" : "NOT ");
		return 0;
	}
	list = split_list(v, &n);
	for (i = 0; i < n; i++) {
		if (strcmp(k->name, "assignee") == 0 && strcmp(list[i], "me") == 0 && f->me) {
			free(list[i]);
			list[i] = tkt_strdup(f->me);
		}
		if (k->set && tkt_enum_index(k->set, list[i]) < 0) {
			tkt_error(EX_DATAERR, "bad filter '%s': no %s '%s'", word, k->name, list[i]);
			free_list(list);
			return EX_DATAERR;
		}
	}
	if (op == OP_EQ && strcmp(k->name, "status") == 0)
		note_backlog(f, (const char *const *)list, n);
	tkt_buf_printf(&f->where, op == OP_EQ ? "%s IN (" : "(%s IS NULL OR %s NOT IN (",
	               k->col, k->col);
	for (i = 0; i < n; i++) {
		if (i)
			tkt_buf_puts(&f->where, ", ");
		put_text(f, list[i]);
	}
	tkt_buf_puts(&f->where, op == OP_EQ ? ")" : "))");
	free_list(list);
	return 0;
}

/* An ordered set (status, priority): comparisons become IN lists. */
static int
enum_cond(tkt_filter *f, const char *word, const struct key *k, enum op op, const char *v)
{
	const char *kept[32];
	size_t nkept = 0;
	int idx, i, first = 1, overflow = 0;

	if (op == OP_EQ || op == OP_NE)
		return text_cond(f, word, k, op, v);
	if ((idx = tkt_enum_index(k->set, v)) < 0)
		return tkt_error(EX_DATAERR, "bad filter '%s': no %s '%s'", word, k->name, v);
	tkt_buf_printf(&f->where, "%s IN (", k->col);
	for (i = 0; k->set[i]; i++) {
		int keep = op == OP_LT ? i < idx : op == OP_LE ? i <= idx :
		           op == OP_GT ? i > idx : i >= idx;

		if (!keep)
			continue;
		if (!first)
			tkt_buf_puts(&f->where, ", ");
		put_text(f, k->set[i]);
		if (nkept < sizeof kept / sizeof *kept)
			kept[nkept++] = k->set[i];
		else
			overflow = 1;
		first = 0;
	}
	if (strcmp(k->name, "status") == 0 && !overflow)
		note_backlog(f, kept, nkept);
	if (first)
		tkt_buf_puts(&f->where, "NULL");
	tkt_buf_puts(&f->where, ")");
	return 0;
}

/* id=ID[,ID...], problem=ID[,ID...] (empty: none), and their order. */
static int
id_cond(tkt_filter *f, const char *word, const struct key *k, enum op op, const char *v)
{
	char **list;
	size_t n, i;
	int64_t id;

	if (!*v && strcmp(k->name, "problem") == 0) {      /* no problem */
		if (op != OP_EQ && op != OP_NE)
			return no_order(word, k->name, op);
		tkt_buf_printf(&f->where, "%s IS %sNULL", k->col, op == OP_EQ ? "" : "NOT ");
		return 0;
	}
	list = split_list(v, &n);
	if (n > 1 && op != OP_EQ && op != OP_NE) {
		free_list(list);
		return tkt_error(EX_USAGE, "bad filter '%s': a list needs = or !=", word);
	}
	for (i = 0; i < n; i++) {
		if (tkt_id_parse(list[i], &id)) {
			free_list(list);
			return tkt_error(EX_DATAERR, "bad filter '%s': bad ticket id '%s'", word, v);
		}
	}
	if (n == 1) {
		tkt_id_parse(list[0], &id);
		tkt_buf_printf(&f->where, "%s %s ", k->col, tkt_filter_op_sql[op]);
		put_int(f, id);
	} else {
		tkt_buf_printf(&f->where, "%s %sIN (", k->col, op == OP_NE ? "NOT " : "");
		for (i = 0; i < n; i++) {
			tkt_id_parse(list[i], &id);
			if (i)
				tkt_buf_puts(&f->where, ", ");
			put_int(f, id);
		}
		tkt_buf_puts(&f->where, ")");
	}
	free_list(list);
	return 0;
}

/* A time names an interval [lo, hi); compare the column with it. */
static int
time_cond(tkt_filter *f, const char *word, const struct key *k, enum op op, const char *v)
{
	time_t lo, hi;

	if (!*v) {
		if (op != OP_EQ && op != OP_NE)
			return no_order(word, k->name, op);
		tkt_buf_printf(&f->where, "%s IS %sNULL", k->col, op == OP_EQ ? "" : "NOT ");
		return 0;
	}
	if (tkt_time_parse(v, f->now, &lo, &hi))
		return tkt_error(EX_DATAERR, "bad filter '%s': %s", word, tkt_errmsg());
	switch (op) {
	case OP_EQ:
	case OP_NE:
		tkt_buf_printf(&f->where, "%s(%s >= ", op == OP_NE ? "NOT " : "", k->col);
		put_int(f, lo);
		tkt_buf_printf(&f->where, " AND %s < ", k->col);
		put_int(f, hi);
		tkt_buf_puts(&f->where, ")");
		if (op == OP_NE)
			tkt_buf_printf(&f->where, " OR %s IS NULL", k->col);
		break;
	case OP_LT:
		tkt_buf_printf(&f->where, "%s < ", k->col);
		put_int(f, lo);
		break;
	case OP_LE:
		tkt_buf_printf(&f->where, "%s < ", k->col);
		put_int(f, hi);
		break;
	case OP_GT:
		tkt_buf_printf(&f->where, "%s >= ", k->col);
		put_int(f, hi);
		break;
	case OP_GE:
		tkt_buf_printf(&f->where, "%s >= ", k->col);
		put_int(f, lo);
		break;
	case OP_MATCH:                  /* only the search keys take it */
		return EX_SOFTWARE;
	}
	return 0;
}

/* age and waiting: a duration since the column's time.  "longer than d"
 * means the time is before now - d. */
static int
since_cond(tkt_filter *f, const char *word, const struct key *k, enum op op, const char *v)
{
	static const char *const flip[] = { "", "", ">", ">=", "<", "<=" };
	int64_t d;

	if (op == OP_EQ || op == OP_NE)
		return tkt_error(EX_USAGE, "bad filter '%s': %s takes < <= > >= (like %s>2d)",
		                 word, k->name, k->name);
	if (tkt_duration_parse(v, &d))
		return tkt_error(EX_DATAERR, "bad filter '%s': %s", word, tkt_errmsg());
	if (k->kind == K_WAITING)
		tkt_buf_printf(&f->where, WAITING_STATUSES " AND %s IS NOT NULL AND ", k->col);
	tkt_buf_printf(&f->where, "%s %s ", k->col, flip[op]);
	put_int(f, (int64_t)f->now - d);
	return 0;
}

/* Split a requester list at its commas, but those of a name in
 * "Name <email>" (tkt-ls shows "Lee, Ann <ann@example.com>"): a '<' with
 * no '@' or '>' before it, from where an item starts, makes the item run
 * to the '>' after it.  A vector of copies (free_list). */
static char **
split_requesters(const char *v, size_t *n)
{
	char **out = tkt_calloc(strlen(v) + 2, sizeof *out);
	const char *p = v, *lt, *end;

	for (*n = 0;; p = end + 1) {
		lt = strchr(p, '<');
		end = p + strcspn(p, ",");
		if (lt && lt > end && (size_t)(lt - p) == strcspn(p, "@><") && strchr(lt, '>'))
			end = strchr(lt, '>') + strcspn(strchr(lt, '>'), ",");
		out[(*n)++] = tkt_strndup(p, (size_t)(end - p));
		if (!*end)
			return out;
	}
}

/* Append the IN list of the n values of list, each through fn when
 * given (lower, a function of SQL). */
static void
put_in(tkt_filter *f, char **list, size_t n, const char *fn)
{
	size_t i;

	for (i = 0; i < n; i++) {
		tkt_buf_puts(&f->where, i ? ", " : "(");
		if (fn)
			tkt_buf_printf(&f->where, "%s(", fn);
		put_text(f, list[i]);
		if (fn)
			tkt_buf_puts(&f->where, ")");
	}
	tkt_buf_puts(&f->where, ")");
}

/* One value of requester=: "Name <email>" gives the email (to *email),
 * "*@DOMAIN" the domain (*domain), anything else itself (*plain). */
static int
requester_value(const char *word, const char *v, char **plain, char **email, char **domain)
{
	const char *lt = strchr(v, '<');
	size_t len = strlen(v);

	*plain = *email = *domain = NULL;
	if (lt) {
		while (len && (v[len - 1] == ' ' || v[len - 1] == '\t'))
			len--;
		if (!len || v[len - 1] != '>' || memchr(lt + 1, '<', len - 1 - (size_t)(lt + 1 - v)))
			return tkt_error(EX_DATAERR, "bad filter '%s': '%s' is not like Name <email>",
			                 word, v);
		for (lt++, len--; *lt == ' ' || *lt == '\t'; lt++)
			;
		while (v + len > lt && (v[len - 1] == ' ' || v[len - 1] == '\t'))
			len--;
		*email = tkt_strndup(lt, (size_t)(v + len - lt));
		if (!tkt_email_valid(*email)) {
			tkt_error(EX_DATAERR, "bad filter '%s': bad email '%s' in '%s'", word, *email, v);
			free(*email);
			*email = NULL;
			return EX_DATAERR;
		}
		return 0;
	}
	if (strncmp(v, "*@", 2) == 0) {
		if (!v[2] || v[2] == '.' || strpbrk(v + 2, " \t@<>,\"*"))
			return tkt_error(EX_DATAERR, "bad filter '%s': bad domain '%s' "
			                 "(like *@example.com)", word, v + 2);
		*domain = tkt_strdup(v + 2);
		return 0;
	}
	*plain = tkt_strdup(v);
	return 0;
}

/* requester=WHO[,WHO...]: the requester has one of the emails (any case),
 * @handles or names, or an email at one of the domains (*@example.com);
 * "Name <email>", as tkt-ls shows a requester, is its email.  The
 * customers that match come from a subquery in which each form is asked
 * of its index, and their tickets from the index of tickets' requester. */
static int
requester_cond(tkt_filter *f, const char *word, enum op op, const char *v)
{
	char **list, **plain, **emails, **domains, *p, *e, *d;
	size_t n, i, np = 0, ne = 0, nd = 0;
	int rc = 0;

	if (op != OP_EQ && op != OP_NE)
		return no_order(word, "requester", op);
	if (!*v)
		return tkt_error(EX_DATAERR, "bad filter '%s': empty requester", word);
	list = split_requesters(v, &n);
	plain = tkt_calloc(n + 1, sizeof *plain);
	emails = tkt_calloc(2 * n + 1, sizeof *emails);
	domains = tkt_calloc(n + 1, sizeof *domains);
	for (i = 0; i < n && !rc; i++) {
		if ((rc = requester_value(word, list[i], &p, &e, &d)))
			break;
		if (p) {
			plain[np++] = p;
			emails[ne++] = tkt_strdup(p);
		}
		if (e)
			emails[ne++] = e;
		if (d)
			domains[nd++] = d;
	}
	if (!rc) {
		const char *or = "";

		tkt_buf_printf(&f->where, "t.requester %sIN (SELECT cs.id FROM customers cs WHERE ",
		               op == OP_NE ? "NOT " : "");
		if (ne) {
			tkt_buf_puts(&f->where, "cs.email IN ");     /* any case: its collation */
			put_in(f, emails, ne, NULL);
			or = " OR ";
		}
		if (np) {
			tkt_buf_puts(&f->where, " OR cs.handle IN ");
			put_in(f, plain, np, NULL);
			tkt_buf_puts(&f->where, " OR cs.name IN ");
			put_in(f, plain, np, NULL);
		}
		if (nd) {
			tkt_buf_printf(&f->where, "%s%c%d%c IN ", or, SQL_MARK, (int)SQL_REQUESTER_DOMAIN,
			               SQL_MARK);
			put_in(f, domains, nd, "lower");
		}
		tkt_buf_puts(&f->where, ")");
	}
	free_list(list);
	free_list(plain);
	free_list(emails);
	free_list(domains);
	return rc;
}

/* Split a list at the commas outside double quotes (requester~"Lee,
 * Ann",bob).  A vector of copies (free_list). */
static char **
split_quoted(const char *v, size_t *n)
{
	char **out = tkt_calloc(strlen(v) + 2, sizeof *out);
	const char *p = v, *c;
	int quoted = 0;

	for (*n = 0, c = v;; c++) {
		if (*c == '"')
			quoted = !quoted;
		if (*c == '\0' || (*c == ',' && !quoted)) {
			out[(*n)++] = tkt_strndup(p, (size_t)(c - p));
			if (!*c)
				return out;
			p = c + 1;
		}
	}
}

static int
is_number(const char *v)
{
	char *end;

	if (!*v)
		return 0;
	(void)strtod(v, &end);
	return *end == '\0';
}

static int
field_cond(tkt_filter *f, const char *word, const char *name, enum op op, const char *v)
{
	if (!tkt_word_valid(name))
		return tkt_error(EX_USAGE, "bad filter '%s': bad field name '%s'", word, name);
	if (!*v && op != OP_EQ && op != OP_NE)
		return no_order(word, "an empty value", op);
	/* Those that have the field (or the value): the tickets the index of
	 * fields' names and values gives; those that have not: a check of
	 * each ticket. */
	if ((op == OP_NE) == (*v != '\0'))
		tkt_buf_puts(&f->where, "NOT EXISTS (SELECT 1 FROM fields x WHERE x.ticket = t.id AND x.name = ");
	else
		tkt_buf_puts(&f->where, "t.id IN (SELECT x.ticket FROM fields x WHERE x.name = ");
	put_text(f, name);
	if (*v) {
		if (op != OP_EQ && op != OP_NE && is_number(v)) {
			/* Only values that are numbers compare as numbers, as
			 * each backend writes it (tkt_filter_where): a mark
			 * holds the operator and the value's parameter. */
			put_val(f, 0, 0, v);
			tkt_buf_printf(&f->where, "%c%d,%zu%c", NUMBER_MARK, (int)op, f->nvals, NUMBER_MARK);
		} else {
			tkt_buf_printf(&f->where, " AND x.value %s ", op == OP_NE ? "=" : tkt_filter_op_sql[op]);
			put_text(f, v);
		}
	}
	tkt_buf_puts(&f->where, ")");
	return 0;
}

static int
tag_cond(tkt_filter *f, const char *word, int has, const char *tag)
{
	if (!tkt_word_valid(tag))
		return tkt_error(EX_DATAERR, "bad filter '%s': bad tag '%s'", word, tag);
	/* The tickets with the tag: a mark, which is the index of tags or
	 * a check of each ticket as the other words decide (TAG_MARK). */
	if (has) {
		put_val(f, 0, 0, tag);
		tkt_buf_printf(&f->where, "%c%zu%c", TAG_MARK, f->nvals, TAG_MARK);
		return 0;
	}
	tkt_buf_puts(&f->where, "NOT EXISTS (SELECT 1 FROM tags g WHERE g.ticket = t.id AND g.tag = ");
	put_text(f, tag);
	tkt_buf_puts(&f->where, ")");
	return 0;
}

/* outbox=STATE[,STATE]: a reply of the ticket for mail is in one of the
 * states, or unsent: in any but sent (the outbox's index holds those). */
static int
outbox_cond(tkt_filter *f, const char *word, enum op op, const char *v)
{
	char **list;
	size_t n, i;

	if (op != OP_EQ && op != OP_NE)
		return no_order(word, "outbox", op);
	list = split_list(v, &n);
	for (i = 0; i < n; i++)
		if (strcmp(list[i], "unsent") != 0 && tkt_enum_index(tkt_outbox_states, list[i]) < 0) {
			tkt_error(EX_DATAERR, "bad filter '%s': no outbox state '%s' (unsent, queued, "
			          "sending, sent, failed)", word, list[i]);
			free_list(list);
			return EX_DATAERR;
		}
	tkt_buf_printf(&f->where, "t.id %sIN (SELECT m.ticket FROM outbox o JOIN messages m"
	               " ON m.id = o.message WHERE ", op == OP_NE ? "NOT " : "");
	for (i = 0; i < n; i++) {
		tkt_buf_puts(&f->where, i ? " OR " : "(");
		if (strcmp(list[i], "unsent") == 0) {
			tkt_buf_puts(&f->where, "o.state <> 'sent'");
		} else {
			tkt_buf_puts(&f->where, "o.state = ");
			put_text(f, list[i]);
		}
	}
	tkt_buf_puts(&f->where, "))");
	free_list(list);
	return 0;
}

/* is=WHAT[,WHAT]: a problem (a ticket with incidents), an incident (of a
 * problem), merged (into another ticket: is=merged shows them, which
 * every other filter leaves out). */
static int
is_cond(tkt_filter *f, const char *word, enum op op, const char *v)
{
	static const char *const what[] = { "problem", "incident", "merged", NULL };
	static const char *const sql[] = {
		TKT_SQL_IS_PROBLEM("t"), TKT_SQL_IS_INCIDENT("t"), TKT_SQL_IS_MERGED("t"),
	};
	char **list;
	size_t n, i;
	int k;

	if (op != OP_EQ && op != OP_NE)
		return no_order(word, "is", op);
	list = split_list(v, &n);
	tkt_buf_puts(&f->where, op == OP_EQ ? "(" : "NOT (");
	for (i = 0; i < n; i++) {
		if ((k = tkt_enum_index(what, list[i])) < 0) {
			tkt_error(EX_DATAERR, "bad filter '%s': no '%s' (is=problem, is=incident, "
			          "is=merged)", word, list[i]);
			free_list(list);
			return EX_DATAERR;
		}
		if (k == 2 && op == OP_EQ)
			f->merged = 1;
		tkt_buf_printf(&f->where, "%s%s", i ? " OR " : "", sql[k]);
	}
	tkt_buf_puts(&f->where, ")");
	free_list(list);
	return 0;
}

/* incidents OP N: how many incidents a ticket has.  The tickets with
 * some are counted from the index of incidents' problems: those whose
 * count passes, or (when none passing, 0, does) all but those whose
 * count fails. */
static int
incidents_cond(tkt_filter *f, const char *word, enum op op, const char *v)
{
	static const char *const negate[] = { "<>", "=", ">=", ">", "<=", "<" };
	char *end;
	long long n;
	int zero;

	errno = 0;
	n = strtoll(v, &end, 10);
	if (!*v || *end || errno || n < 0)
		return tkt_error(EX_DATAERR, "bad filter '%s': incidents takes a whole number "
		                 "(like incidents>10)", word);
	switch (op) {
	case OP_EQ: zero = n == 0; break;
	case OP_NE: zero = n != 0; break;
	case OP_LT: zero = 0 < n; break;
	case OP_LE: zero = 1; break;
	case OP_GT: zero = 0; break;
	case OP_GE: zero = n == 0; break;
	default:    return EX_SOFTWARE;
	}
	tkt_buf_printf(&f->where, "t.id %sIN (SELECT i.problem FROM tickets i WHERE i.problem IS "
	               "NOT NULL GROUP BY i.problem HAVING count(*) %s ", zero ? "NOT " : "",
	               zero ? negate[op] : tkt_filter_op_sql[op]);
	put_int(f, n);
	tkt_buf_puts(&f->where, ")");
	return 0;
}

/* breach=TARGET[,TARGET] and due<DURATION: an unsolved ticket, and a
 * check of its targets per row (tkt_filter_sla_match). */
static int
sla_cond(tkt_filter *f, const char *word, int breach, enum op op, const char *v)
{
	struct sla_word w = { breach, 0, op, 0 };

	if (breach) {
		char **list;
		size_t n, i;
		int k;

		if (op != OP_EQ && op != OP_NE)
			return no_order(word, "breach", op);
		list = split_list(v, &n);
		for (i = 0; i < n; i++) {
			if ((k = tkt_enum_index(tkt_sla_targets, list[i])) < 0) {
				tkt_error(EX_DATAERR, "bad filter '%s': no target '%s' (first-reply, "
				          "next-reply, update, resolution, any)", word, list[i]);
				free_list(list);
				return EX_DATAERR;
			}
			w.targets |= k == T_ANY ? 0xf : 1 << k;
		}
		free_list(list);
	} else {
		if (op == OP_EQ || op == OP_NE)
			return tkt_error(EX_USAGE, "bad filter '%s': due takes < <= > >= (like due<4h)",
			                 word);
		if (tkt_duration_parse(v, &w.secs))
			return tkt_error(EX_DATAERR, "bad filter '%s': %s", word, tkt_errmsg());
	}
	f->sla = tkt_realloc(f->sla, (f->nsla + 1) * sizeof *f->sla);
	f->sla[f->nsla++] = w;
	tkt_buf_puts(&f->where, "t.status IN " TKT_SQL_NOT_DONE);
	f->backlog = 1;
	return 0;
}

/* text~WORDS, subject~WORDS, body~WORDS: every word occurs in the
 * ticket's text, or in the column named; requester~WORDS[,WORDS...]: in
 * the name, email or handle of the requester, every word of one item. */
static int
search_cond(tkt_filter *f, const char *word, const struct key *k, enum op op, const char *v)
{
	struct search_word w = { NULL, 0, k->col, k->kind == K_REQUESTER, NULL, NULL, 0 };
	char **items;
	size_t n, i, j;
	int rc = 0;

	if (op != OP_MATCH)
		return tkt_error(EX_USAGE, "bad filter '%s': %s takes ~ (like %s~router)", word,
		                 k->name, k->name);
	if (w.requester) {
		items = split_quoted(v, &n);
	} else {
		items = tkt_calloc(2, sizeof *items);
		items[0] = tkt_strdup(v);
		n = 1;
	}
	w.q = tkt_calloc(n, sizeof *w.q);
	for (i = 0; i < n && !rc; i++)
		if (!(rc = tkt_search_parse(word, items[i], &w.q[i])))
			w.nq++;
	free_list(items);
	if (rc) {
		for (i = 0; i < w.nq; i++)
			tkt_search_free(&w.q[i]);
		free(w.q);
		return rc;
	}
	w.fts = tkt_search_fts(w.q, w.nq, w.col);
	for (i = 0; i < w.nq; i++)
		w.nlikes += w.q[i].n;
	w.likes = tkt_calloc(w.nlikes, sizeof *w.likes);
	for (i = 0, n = 0; i < w.nq; i++)
		for (j = 0; j < w.q[i].n; j++)
			w.likes[n++] = tkt_search_like(w.q[i].words[j]);
	if (!w.requester) {
		f->all.words = tkt_realloc(f->all.words, (f->all.n + w.q[0].n) * sizeof *f->all.words);
		for (i = 0; i < w.q[0].n; i++)
			f->all.words[f->all.n++] = tkt_strdup(w.q[0].words[i]);
	}
	f->search = tkt_realloc(f->search, (f->nsearch + 1) * sizeof *f->search);
	f->search[f->nsearch] = w;
	tkt_buf_printf(&f->where, "%c%zu%c", SEARCH_MARK, f->nsearch, SEARCH_MARK);
	f->nsearch++;
	return 0;
}

int
tkt_filter_add(tkt_filter *f, const char *word)
{
	const struct key *k = NULL;
	size_t klen, i, mark = f->where.len, nmark = f->nvals;
	const char *p;
	char key[80];
	enum op op = OP_EQ;
	long bad;
	int n, rc;

	if ((bad = tkt_utf8_check(word, strlen(word))) >= 0)
		return tkt_error(EX_DATAERR, "bad filter '%s': not valid UTF-8 (byte %ld)", word,
		                 bad);
	if (f->nwords == TKT_FILTER_MAX_WORDS)
		return tkt_error(EX_USAGE, "bad filter '%s': more than %d filter words", word,
		                 TKT_FILTER_MAX_WORDS);
	tkt_buf_puts(&f->where, f->where.len ? " AND (" : "(");
	if (word[0] == '+' || word[0] == '-') {
		rc = tag_cond(f, word, word[0] == '+', word + 1);
		goto done;
	}
	for (p = word; *p && !strchr("!=<>~", *p); p++)
		;
	klen = (size_t)(p - word);
	if (!*p || klen == 0 || klen >= sizeof key || !(n = op_parse(p, &op))) {
		rc = bad_word(word);
		goto done;
	}
	memcpy(key, word, klen);
	key[klen] = '\0';
	p += n;
	if (op == OP_MATCH && !is_search(word)) {
		rc = tkt_error(EX_USAGE, "bad filter '%s': operator '~' applies to text, subject, "
		               "body and requester (like text~router)", word);
		goto done;
	}
	if (strncmp(key, "field.", 6) == 0) {
		rc = field_cond(f, word, key + 6, op, p);
		goto done;
	}
	for (i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if (strcmp(keys[i].name, key) == 0)
			k = &keys[i];
	if (!k) {
		rc = tkt_error(EX_USAGE, "bad filter '%s': unknown key '%s'", word, key);
		goto done;
	}
	switch (k->kind) {
	case K_ID:        rc = id_cond(f, word, k, op, p); break;
	case K_IS:        rc = is_cond(f, word, op, p); break;
	case K_INCIDENTS: rc = incidents_cond(f, word, op, p); break;
	case K_ENUM:      rc = enum_cond(f, word, k, op, p); break;
	case K_TEXT:      rc = text_cond(f, word, k, op, p); break;
	case K_REQUESTER:
		rc = op == OP_MATCH ? search_cond(f, word, k, op, p) : requester_cond(f, word, op, p);
		break;
	case K_TIME:      rc = time_cond(f, word, k, op, p); break;
	case K_AGE:
	case K_WAITING:   rc = since_cond(f, word, k, op, p); break;
	case K_TAG:
		if (op != OP_EQ && op != OP_NE)
			rc = no_order(word, "tag", op);
		else
			rc = tag_cond(f, word, op == OP_EQ, p);
		break;
	case K_BREACH:
	case K_DUE:       rc = sla_cond(f, word, k->kind == K_BREACH, op, p); break;
	case K_OUTBOX:    rc = outbox_cond(f, word, op, p); break;
	case K_SEARCH:    rc = search_cond(f, word, k, op, p); break;
	default:          rc = EX_SOFTWARE; break;
	}
done:
	if (!rc && f->nvals > TKT_FILTER_MAX_VALUES)
		rc = tkt_error(EX_USAGE, "bad filter '%s': more than %d values in all "
		               "(give many ids on stdin)", word, TKT_FILTER_MAX_VALUES);
	if (rc) {
		/* Leave the filter as it was before this word. */
		while (f->nvals > nmark)
			free(f->vals[--f->nvals].s);
		f->where.len = mark;
		if (f->where.s)
			f->where.s[mark] = '\0';
		return rc;
	}
	tkt_buf_puts(&f->where, ")");
	f->nwords++;
	return 0;
}

int
tkt_filter_has_sla(const tkt_filter *f)
{
	return f && f->nsla > 0;
}

void
tkt_filter_config(tkt_filter *f, const struct tkt_config *c)
{
	f->config = c;
}

void
tkt_filter_ids(tkt_filter *f, const int64_t *ids, size_t n)
{
	f->ids = tkt_realloc(f->ids, (f->nids + n) * sizeof *f->ids);
	memcpy(f->ids + f->nids, ids, n * sizeof *ids);
	f->nids += n;
}

int
tkt_filter_is_search(const char *word)
{
	return is_search(word);
}

const struct tkt_search *
tkt_filter_search(const tkt_filter *f)
{
	return f && f->all.n ? &f->all : NULL;
}
