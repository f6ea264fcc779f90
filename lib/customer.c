/* customer.c: requesters: reading "Name <email>", finding or creating the
 * customer, showing them, what they had before a ticket. */
#include <stdlib.h>
#include <string.h>

#include "tkt-int.h"

static char *
trim(const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n >= 2 && s[0] == '"' && s[n - 1] == '"')
		s++, n -= 2;
	return tkt_strndup(s, n);
}

int
tkt_email_valid(const char *s)
{
	const char *at = strchr(s, '@');
	const unsigned char *p;

	if (!at || at == s || !at[1] || strchr(at + 1, '@') || at[1] == '.')
		return 0;
	if (strlen(s) > 254 || tkt_utf8_check(s, strlen(s)) >= 0)
		return 0;
	for (p = (const unsigned char *)s; *p; p++)
		if (*p <= ' ' || *p == '<' || *p == '>' || *p == ',' || *p == '"' || *p == 0x7f)
			return 0;
	return at[strlen(at) - 1] != '.';
}

int
tkt_person_parse(const char *s, struct tkt_person *p)
{
	const char *lt = strchr(s, '<');
	char *email = NULL, *name = NULL;

	memset(p, 0, sizeof *p);
	if (!tkt_line_valid(s))
		return tkt_error(EX_DATAERR, "bad requester '%s' (one line of text)", s);
	if (lt) {
		const char *gt = strchr(lt, '>');

		if (!gt || gt[1] != '\0')
			return tkt_error(EX_DATAERR, "bad requester '%s' (like Name <email>)", s);
		email = trim(lt + 1, (size_t)(gt - lt - 1));
		name = trim(s, (size_t)(lt - s));
		if (!*name) {
			free(name);
			name = NULL;
		}
	} else if (s[0] == '@') {
		if (!s[1] || strpbrk(s + 1, " \t@<>,\""))
			return tkt_error(EX_DATAERR, "bad requester handle '%s'", s);
		p->handle = trim(s, strlen(s));
		return 0;
	} else if (strchr(s, '@')) {
		email = trim(s, strlen(s));
	} else {
		p->name = trim(s, strlen(s));
		return 0;
	}
	if (!tkt_email_valid(email)) {
		tkt_error(EX_DATAERR, "bad requester email '%s'", email);
		free(email);
		free(name);
		return EX_DATAERR;
	}
	p->email = email;
	p->name = name;
	return 0;
}

void
tkt_person_release(struct tkt_person *p)
{
	free(p->name);
	free(p->email);
	free(p->handle);
	memset(p, 0, sizeof *p);
}

/* Who is the same customer: the one with the same email (in any case),
 * else the same handle, else the same name, when neither has an email or
 * a handle (a name alone is not enough to say that "Ann" is the Ann with
 * an address). */
static const char SQL_BY_EMAIL[] =
	"SELECT id, name FROM customers WHERE email = :key";
static const char SQL_BY_HANDLE[] =
	"SELECT id, name FROM customers WHERE handle = :key";
static const char SQL_BY_NAME[] =
	"SELECT id, name FROM customers\n"
	" WHERE name = :key AND email IS NULL AND handle IS NULL ORDER BY id LIMIT 1";
static const char SQL_NAME_SET[] =
	"UPDATE customers SET name = :name WHERE id = :id";
static const char SQL_INSERT[] =
	"INSERT INTO customers (name, email, phone, handle) VALUES (:name, :email, :phone, :handle)\n"
	"  RETURNING id";

int
tkt_customer_of(tkt_store *st, const struct tkt_person *p, const char *phone, int64_t *id)
{
	const char *sql, *key;
	tkt_stmt *s;
	int rc;

	if (p->email)
		sql = SQL_BY_EMAIL, key = p->email;
	else if (p->handle)
		sql = SQL_BY_HANDLE, key = p->handle;
	else
		sql = SQL_BY_NAME, key = p->name;
	/* Writers adding tickets at once: one finds or adds the requester,
	 * then the next. */
	if ((rc = db_lock_key(st, "requester", key)))
		return rc;
	if (!(s = db_stmt(st, sql)))
		return tkt_errcode();
	db_bind_text(s, ":key", key);
	if ((rc = db_step(s)) == DB_ROW) {
		/* A known email or handle completes a missing name. */
		int unnamed = db_null(s, 1);

		*id = db_int(s, 0);
		db_reset(s);
		if (!unnamed || !p->name)
			return 0;
		if (!(s = db_stmt(st, SQL_NAME_SET)))
			return tkt_errcode();
		db_bind_text(s, ":name", p->name);
		db_bind_int(s, ":id", *id);
		return db_exec(st, s);
	}
	db_reset(s);
	if (rc != DB_DONE)
		return db_error(st, rc, "finding the requester");
	if (!(s = db_stmt(st, SQL_INSERT)))
		return tkt_errcode();
	db_bind_text(s, ":name", p->name);
	db_bind_text(s, ":email", p->email);
	db_bind_text(s, ":phone", phone);
	db_bind_text(s, ":handle", p->handle);
	return db_id(st, s, id, "adding the requester");
}

int
tkt_customer_get(tkt_store *st, const char *requester, int64_t *id)
{
	struct tkt_person p;
	int rc;

	if ((rc = tkt_person_parse(requester, &p)))
		return rc;
	rc = tkt_customer_of(st, &p, NULL, id);
	tkt_person_release(&p);
	return rc;
}

char *
tkt_mailbox_display(const char *name, const char *email)
{
	return name ? tkt_asprintf("%s <%s>", name, email) : tkt_strdup(email);
}

char *
tkt_customer_display(tkt_store *st, int64_t customer)
{
	static const char sql[] =
		"SELECT " SQL_DISPLAY " FROM customers c WHERE c.id = :id";
	tkt_stmt *s = db_stmt(st, sql);
	char *r = NULL;

	if (!s)
		return tkt_strdup("?");
	db_bind_int(s, ":id", customer);
	if (db_step(s) == DB_ROW)
		r = db_dup(s, 0);
	db_reset(s);
	return r ? r : tkt_strdup("?");
}

/* The tickets e of ticket t's requester (FROM), created before t (WHERE). */
#define SQL_THEIRS \
	"  FROM tickets t JOIN tickets e ON e.requester = t.requester\n"
#define SQL_EARLIER \
	" WHERE t.id = :id\n" \
	"   AND (e.created_at < t.created_at OR (e.created_at = t.created_at AND e.id < t.id))\n" \
	"   AND e.merged_into IS NULL"

int
tkt_customer_history(tkt_store *st, int64_t ticket, struct tkt_history *h)
{
	static const char sql_count[] =
		"SELECT count(*),\n"
		"       coalesce(sum(CASE WHEN e.status IN " TKT_SQL_DONE " THEN 0 ELSE 1 END), 0)\n"
		SQL_THEIRS SQL_EARLIER;
	static const char sql_rating[] =
		"SELECT r.kind, r.score\n"
		SQL_THEIRS
		"  JOIN ratings r ON r.ticket = e.id\n"
		SQL_EARLIER "\n"
		" ORDER BY r.at DESC, r.id DESC\n"
		" LIMIT 1";
	tkt_stmt *s;
	int rc;

	memset(h, 0, sizeof *h);
	if (!(s = db_stmt(st, sql_count)))
		return tkt_errcode();
	db_bind_int(s, ":id", ticket);
	if ((rc = db_step(s)) == DB_ROW) {
		h->earlier = db_int(s, 0);
		h->open = db_int(s, 1);
	}
	db_reset(s);
	if (rc != DB_ROW)
		return db_error(st, rc, "reading the requester's history");
	if (!h->earlier)
		return 0;
	if (!(s = db_stmt(st, sql_rating)))
		return tkt_errcode();
	db_bind_int(s, ":id", ticket);
	if ((rc = db_step(s)) == DB_ROW) {
		snprintf(h->rating, sizeof h->rating, "%s", db_text(s, 0));
		h->score = (int)db_int(s, 1);
	}
	db_reset(s);
	return rc == DB_ROW || rc == DB_DONE ? 0 : db_error(st, rc, "reading the requester's ratings");
}
