/* ticket.c: creating tickets, changing their attributes with the status
 * rules, reading them back. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "tkt-int.h"

const char *const tkt_priorities[] = { "low", "normal", "high", "urgent", NULL };
const char *const tkt_channels[] = {
	"email", "chat", "phone", "web", "social", "api", NULL
};

#define SUBJECT_MAX 998     /* the longest line a mail header may carry */
#define FIELD_MAX   65536

int
tkt_enum_index(const char *const *list, const char *s)
{
	int i;

	for (i = 0; s && list[i]; i++)
		if (strcmp(list[i], s) == 0)
			return i;
	return -1;
}

int
tkt_id_parse(const char *s, int64_t *id)
{
	const char *p = s[0] == '#' ? s + 1 : s;
	char *end;
	long long v;

	if (!isdigit((unsigned char)*p))
		return tkt_error(EX_DATAERR, "bad ticket id '%s'", s);
	errno = 0;
	v = strtoll(p, &end, 10);
	if (*end || errno || v <= 0)
		return tkt_error(EX_DATAERR, "bad ticket id '%s'", s);
	*id = v;
	return 0;
}

static int
no_ticket(int64_t id)
{
	return tkt_error(EX_NOINPUT, "no such ticket '%lld'", (long long)id);
}

int
tkt_ticket_check(tkt_store *st, int64_t id, time_t at)
{
	static const char sql[] = "SELECT created_at FROM tickets WHERE id = :id";
	tkt_stmt *s = db_stmt(st, sql);
	int rc;
	time_t created;
	char a[32], b[32];

	if (!s)
		return tkt_errcode();
	db_bind_int(s, ":id", id);
	rc = db_step(s);
	created = rc == DB_ROW ? (time_t)db_int(s, 0) : 0;
	db_reset(s);
	if (rc == DB_DONE)
		return no_ticket(id);
	if (rc != DB_ROW)
		return db_error(st, rc, "reading a ticket");
	if (at < created)
		return tkt_error(EX_DATAERR, "time %s is before ticket %lld was created (%s)",
		                 tkt_time_iso(at, a), (long long)id, tkt_time_iso(created, b));
	return 0;
}

int
tkt_ticket_exists(tkt_store *st, int64_t id)
{
	static const char sql[] = "SELECT 1 FROM tickets WHERE id = :id";
	tkt_stmt *s = db_stmt(st, sql);
	int rc;

	if (!s)
		return tkt_errcode();
	db_bind_int(s, ":id", id);
	rc = db_step(s);
	db_reset(s);
	if (rc == DB_DONE)
		return no_ticket(id);
	return rc == DB_ROW ? 0 : db_error(st, rc, "reading a ticket");
}

int
tkt_ticket_touch(tkt_store *st, int64_t id, time_t at)
{
	static const char sql[] =
		"UPDATE tickets SET updated_at = :at WHERE id = :id AND updated_at < :at";
	tkt_stmt *s = db_stmt(st, sql);

	if (!s)
		return tkt_errcode();
	db_bind_int(s, ":at", (int64_t)at);
	db_bind_int(s, ":id", id);
	return db_exec(st, s);
}

static int
field_value_check(const char *name, const char *v)
{
	if (strlen(v) > FIELD_MAX || tkt_utf8_check(v, strlen(v)) >= 0)
		return tkt_error(EX_DATAERR, "bad value for field '%s' (UTF-8 text, at most "
		                 "%d bytes)", name, FIELD_MAX);
	return 0;
}

int
tkt_attr_check(const char *key, const char *v)
{
	if (strcmp(key, "status") == 0) {
		if (tkt_enum_index(tkt_statuses, v) < 0)
			return tkt_error(EX_DATAERR, "bad status '%s' (%s)", v, tkt_status_names());
	} else if (strcmp(key, "priority") == 0) {
		if (tkt_enum_index(tkt_priorities, v) < 0)
			return tkt_error(EX_DATAERR, "bad priority '%s' (low, normal, high, urgent)", v);
	} else if (strcmp(key, "channel") == 0) {
		if (tkt_enum_index(tkt_channels, v) < 0)
			return tkt_error(EX_DATAERR, "bad channel '%s' (email, chat, phone, web, "
			                 "social, api)", v);
	} else if (strcmp(key, "type") == 0 || strcmp(key, "group") == 0) {
		if (*v && !tkt_word_valid(v))
			return tkt_error(EX_DATAERR, "bad %s '%s' (a lower-case word)", key, v);
	} else if (strcmp(key, "assignee") == 0) {
		if (*v && (!tkt_line_valid(v) || strlen(v) > 200))
			return tkt_error(EX_DATAERR, "bad assignee '%s'", v);
	} else if (strncmp(key, "field.", 6) == 0) {
		return field_value_check(key + 6, v);
	} else {
		return tkt_error(EX_USAGE, "unknown attribute '%s' (status, priority, type, "
		                 "assignee, group, field.NAME)", key);
	}
	return 0;
}

/* A field name: a lower-case word without ':'. */
static int
field_name_valid(const char *s)
{
	return tkt_word_valid(s) && !strchr(s, ':');
}

static int
field_set(tkt_store *st, int64_t id, const char *name, const char *value)
{
	static const char sql_set[] =
		"INSERT INTO fields (ticket, name, value) VALUES (:ticket, :name, :value)\n"
		"    ON CONFLICT (ticket, name) DO UPDATE SET value = excluded.value";
	static const char sql_del[] =
		"DELETE FROM fields WHERE ticket = :ticket AND name = :name";
	tkt_stmt *s = db_stmt(st, *value ? sql_set : sql_del);

	if (!s)
		return tkt_errcode();
	db_bind_int(s, ":ticket", id);
	db_bind_text(s, ":name", name);
	if (*value)
		db_bind_text(s, ":value", value);
	return db_exec(st, s);
}

/* Read a "name=value" field word of a new ticket into name and *value. */
static int
field_word(const char *word, char name[static 65], const char **value)
{
	const char *eq = strchr(word, '=');
	size_t n = eq ? (size_t)(eq - word) : 0;

	if (!eq || n == 0 || n >= 65)
		return tkt_error(EX_USAGE, "bad field '%s' (like name=value)", word);
	memcpy(name, word, n);
	name[n] = '\0';
	if (!field_name_valid(name))
		return tkt_error(EX_DATAERR, "bad field name '%s' (a lower-case word)", name);
	if (!eq[1])
		return tkt_error(EX_DATAERR, "field '%s' has an empty value", name);
	*value = eq + 1;
	return field_value_check(name, eq + 1);
}

int
tkt_ticket_validate(const struct tkt_ticket_new *t)
{
	const char *attrs[][2] = {
		{ "channel", t->channel ? t->channel : "api" },
		{ "priority", t->priority ? t->priority : "normal" },
		{ "type", t->type }, { "assignee", t->assignee }, { "group", t->group },
	};
	const char *value;
	char name[65];
	size_t i;
	int rc;

	if (!t->subject || !tkt_line_valid(t->subject))
		return tkt_error(EX_DATAERR, "bad subject (one line of text, not empty)");
	if (strlen(t->subject) > SUBJECT_MAX)
		return tkt_error(EX_DATAERR, "subject is too long (at most %d bytes)", SUBJECT_MAX);
	if (!t->requester)
		return tkt_error(EX_USAGE, "no requester given");
	{
		struct tkt_person p;

		if ((rc = tkt_person_parse(t->requester, &p)))
			return rc;
		tkt_person_release(&p);
	}
	for (i = 0; i < sizeof attrs / sizeof attrs[0]; i++)
		if (attrs[i][1] && (rc = tkt_attr_check(attrs[i][0], attrs[i][1])))
			return rc;
	for (i = 0; i < t->ntags; i++)
		if (!tkt_word_valid(t->tags[i]))
			return tkt_error(EX_DATAERR, "bad tag '%s' (a lower-case word; - _ : . allowed)",
			                 t->tags[i]);
	for (i = 0; i < t->nfields; i++)
		if ((rc = field_word(t->fields[i], name, &value)))
			return rc;
	return 0;
}

int
tkt_creation_log(tkt_store *st, int64_t id, const char *const attrs[4], const char *outbound,
                 const char *actor, time_t at)
{
	static const char *const keys[4] = { "priority", "type", "assignee", "group" };
	size_t i;
	int rc;

	if ((rc = tkt_event_add(st, id, "status", NULL, "new", actor, at)))
		return rc;
	if (outbound && (rc = tkt_event_add(st, id, "outbound", NULL, outbound, outbound, at)))
		return rc;
	for (i = 0; i < 4; i++)
		if (attrs[i] && *attrs[i] &&
		    (rc = tkt_event_add(st, id, keys[i], NULL, attrs[i], actor, at)))
			return rc;
	return 0;
}

int
tkt_ticket_create(tkt_store *st, const struct tkt_ticket_new *t, int64_t *id)
{
	static const char sql[] =
		"INSERT INTO tickets (subject, requester, status, priority, type, channel,\n"
		"                     assignee, grp, template, created_at, updated_at,\n"
		"                     waiting_since)\n"
		"     VALUES (:subject, :requester, 'new', :priority, :type, :channel,\n"
		"             :assignee, :grp, :template, :at, :at, :at)\n"
		"  RETURNING id";
	const char *priority = t->priority ? t->priority : "normal";
	const char *channel = t->channel ? t->channel : "api";
	const char *attrs[4] = { priority, t->type, t->assignee, t->group };
	tkt_stmt *s;
	int64_t customer;
	size_t i;
	int rc;

	if ((rc = tkt_ticket_validate(t)))
		return rc;
	if ((rc = tkt_customer_get(st, t->requester, &customer)))
		return rc;
	if (!(s = db_stmt(st, sql)))
		return tkt_errcode();
	db_bind_text(s, ":subject", t->subject);
	db_bind_int(s, ":requester", customer);
	db_bind_text(s, ":priority", priority);
	db_bind_text(s, ":type", t->type && *t->type ? t->type : NULL);
	db_bind_text(s, ":channel", channel);
	db_bind_text(s, ":assignee", t->assignee && *t->assignee ? t->assignee : NULL);
	db_bind_text(s, ":grp", t->group && *t->group ? t->group : NULL);
	db_bind_text(s, ":template", t->template_name);
	db_bind_int(s, ":at", (int64_t)t->at);
	if ((rc = db_id(st, s, id, "adding a ticket")))
		return rc;

	if ((rc = tkt_creation_log(st, *id, attrs, t->outbound && t->body ? t->actor : NULL,
	                           t->actor, t->at)))
		return rc;
	for (i = 0; i < t->nfields; i++) {
		const char *value;
		char name[65];

		if ((rc = field_word(t->fields[i], name, &value)) ||
		    (rc = field_set(st, *id, name, value)))
			return rc;
	}
	for (i = 0; i < t->ntags; i++)
		if ((rc = tkt_tag_add(st, *id, t->tags[i], t->actor, t->at, NULL)))
			return rc;
	if (t->body) {
		struct tkt_message_new m = { 0 };

		m.ticket = *id;
		m.kind = t->outbound ? TKT_AGENT : TKT_CUSTOMER;
		m.author = t->outbound ? t->actor : NULL;
		m.channel = channel;
		m.body = t->body;
		m.at = t->at;
		if ((rc = tkt_message_add(st, &m, NULL)))
			return rc;
		return t->outbound ? tkt_opening_mark(st, *id) : 0;
	}
	return 0;
}

int
tkt_ticket_set(tkt_store *st, int64_t id, const char *key, const char *value,
               const char *actor, time_t at)
{
	static const char sql_get[] =
		"SELECT status, priority, type, assignee, grp FROM tickets WHERE id = :id";
	static const char sql_status[] =
		"UPDATE tickets SET status = :v,\n"
		"       solved_at = CASE WHEN :v = 'solved' THEN :at\n"
		"                        WHEN :v = 'closed' THEN coalesce(solved_at, :at)\n"
		"                        ELSE NULL END\n"
		" WHERE id = :id";
	static const char sql_priority[] = "UPDATE tickets SET priority = :v WHERE id = :id";
	static const char sql_type[] = "UPDATE tickets SET type = :v WHERE id = :id";
	static const char sql_assignee[] = "UPDATE tickets SET assignee = :v WHERE id = :id";
	static const char sql_group[] = "UPDATE tickets SET grp = :v WHERE id = :id";
	static const struct {
		const char *key, *sql;
	} attrs[] = {
		{ "status", sql_status }, { "priority", sql_priority }, { "type", sql_type },
		{ "assignee", sql_assignee }, { "group", sql_group },
	};
	tkt_stmt *s;
	char *old = NULL;
	size_t i;
	int rc, was_done, is_done;

	if (!value)
		value = "";
	/* "me" is the acting agent, as in filters (assignee=me). */
	if (strcmp(key, "assignee") == 0 && strcmp(value, "me") == 0 && actor)
		value = actor;
	for (i = 0; i < sizeof attrs / sizeof attrs[0]; i++)
		if (strcmp(attrs[i].key, key) == 0)
			break;
	if (i == sizeof attrs / sizeof attrs[0])
		return tkt_attr_check(key, value);     /* names the unknown attribute */
	if (!*value && i < 2)
		return tkt_error(EX_DATAERR, "%s cannot be empty", key);
	if ((rc = tkt_attr_check(key, value)))
		return rc;
	if ((rc = tkt_ticket_check(st, id, at)))
		return rc;
	if (!(s = db_stmt(st, sql_get)))
		return tkt_errcode();
	db_bind_int(s, ":id", id);
	if ((rc = db_step(s)) != DB_ROW) {
		db_reset(s);
		return db_error(st, rc, "reading a ticket");
	}
	old = db_dup(s, (int)i);
	db_reset(s);
	rc = 0;
	if (strcmp(old ? old : "", value) == 0)
		goto out;                           /* nothing changes */
	if (!(s = db_stmt(st, attrs[i].sql))) {
		rc = tkt_errcode();
		goto out;
	}
	db_bind_int(s, ":id", id);
	db_bind_text(s, ":v", *value ? value : NULL);
	if (i == 0)
		db_bind_int(s, ":at", (int64_t)at);
	if ((rc = db_exec(st, s)) || (rc = tkt_event_add(st, id, key, old, value, actor, at)))
		goto out;
	if (i == 0) {
		was_done = tkt_status_done(old);
		is_done = tkt_status_done(value);
		if (was_done && !is_done &&
		    (rc = tkt_event_add(st, id, "reopen", old, value, actor, at)))
			goto out;
	}
	rc = tkt_ticket_touch(st, id, at);
out:
	free(old);
	return rc;
}

int
tkt_change_parse(const char *word, struct tkt_change *c)
{
	const char *eq;
	size_t klen;

	memset(c, 0, sizeof *c);
	if (strncmp(word, "cc+=", 4) == 0 || strncmp(word, "cc-=", 4) == 0) {
		struct tkt_person p;
		int rc = tkt_person_parse(word + 4, &p);

		if (rc || !p.email)
			rc = tkt_error(EX_DATAERR, "bad follower '%s' (an address, or Name <address>)",
			               word + 4);
		tkt_person_release(&p);
		c->op = word[2] == '+' ? TKT_CC_ADD : TKT_CC_DEL;
		strcpy(c->key, "cc");
		c->value = word + 4;
		return rc;
	}
	if (word[0] == '+' || word[0] == '-') {
		if (strlen(word + 1) >= sizeof c->key || !tkt_word_valid(word + 1))
			return tkt_error(EX_DATAERR, "bad tag '%s' (a lower-case word; - _ : . allowed)",
			                 word + 1);
		c->op = word[0] == '+' ? TKT_TAG_ADD : TKT_TAG_DEL;
		strcpy(c->key, word + 1);
		return 0;
	}
	if (!(eq = strchr(word, '=')) || eq == word)
		return tkt_error(EX_USAGE, "bad change '%s' (+tag, -tag, key=value, cc+=ADDRESS or "
		                 "cc-=ADDRESS)", word);
	klen = (size_t)(eq - word);
	if (klen >= sizeof c->key)
		return tkt_error(EX_USAGE, "unknown attribute '%.*s'", (int)klen, word);
	memcpy(c->key, word, klen);
	c->key[klen] = '\0';
	c->op = TKT_SET;
	c->value = eq + 1;
	if (strncmp(c->key, "field.", 6) == 0 && !field_name_valid(c->key + 6))
		return tkt_error(EX_DATAERR, "bad field name '%s' (a lower-case word)", c->key + 6);
	if (strncmp(c->key, "field.", 6) != 0 && strcmp(c->key, "status") != 0 &&
	    strcmp(c->key, "priority") != 0 && strcmp(c->key, "type") != 0 &&
	    strcmp(c->key, "assignee") != 0 && strcmp(c->key, "group") != 0)
		return tkt_error(EX_USAGE, "unknown attribute '%s' (status, priority, type, "
		                 "assignee, group, field.NAME)", c->key);
	if (!*c->value && (strcmp(c->key, "status") == 0 || strcmp(c->key, "priority") == 0))
		return tkt_error(EX_DATAERR, "%s cannot be empty", c->key);
	return tkt_attr_check(c->key, c->value);
}

int
tkt_change_apply(tkt_store *st, int64_t id, const struct tkt_change *c,
                 const char *actor, time_t at)
{
	int rc;

	switch (c->op) {
	case TKT_TAG_ADD:
		return tkt_tag_add(st, id, c->key, actor, at, NULL);
	case TKT_TAG_DEL:
		return tkt_tag_remove(st, id, c->key, actor, at, NULL);
	case TKT_CC_ADD:
	case TKT_CC_DEL: {
		struct tkt_person p;

		if ((rc = tkt_person_parse(c->value, &p)))
			return rc;
		rc = c->op == TKT_CC_ADD ? tkt_follower_add(st, id, p.name, p.email, actor, at, NULL)
		                         : tkt_follower_remove(st, id, p.email, actor, at, NULL);
		tkt_person_release(&p);
		return rc;
	}
	case TKT_SET:
		break;
	}
	if (strncmp(c->key, "field.", 6) != 0)
		return tkt_ticket_set(st, id, c->key, c->value, actor, at);
	if ((rc = tkt_ticket_check(st, id, at)) || (rc = field_set(st, id, c->key + 6, c->value)))
		return rc;
	return tkt_ticket_touch(st, id, at);
}

/* ---- reading back ---------------------------------------------------- */

/* The tickets a query of :id names (id, status, subject) into *refs. */
static int
refs_load(tkt_store *st, const char *sql, int64_t id, struct tkt_ref **refs, size_t *n)
{
	tkt_stmt *s = db_stmt(st, sql);
	size_t cap = 0;
	int rc;

	if (!s)
		return tkt_errcode();
	db_bind_int(s, ":id", id);
	while ((rc = db_step(s)) == DB_ROW) {
		if (*n == cap)
			*refs = tkt_realloc(*refs, (cap = cap * 2 + 8) * sizeof **refs);
		(*refs)[*n].id = db_int(s, 0);
		(*refs)[*n].status = db_dup(s, 1);
		(*refs)[(*n)++].subject = db_dup(s, 2);
	}
	db_reset(s);
	return rc == DB_DONE ? 0 : db_error(st, rc, "reading tickets");
}

static void
refs_free(struct tkt_ref *refs, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(refs[i].status);
		free(refs[i].subject);
	}
	free(refs);
}

int
tkt_ticket_load(tkt_store *st, int64_t id, struct tkt_ticket *t)
{
	static const char sql_ticket[] =
		"SELECT t.subject, t.status, t.priority, t.type, t.channel, t.assignee,\n"
		"       t.grp, t.template, " SQL_DISPLAY ",\n"
		"       t.created_at, t.updated_at, t.solved_at, t.merged_into, t.problem\n"
		"  FROM tickets t JOIN customers c ON c.id = t.requester\n"
		" WHERE t.id = :id";
	static const char sql_incidents[] =
		"SELECT id, status, subject FROM tickets WHERE problem = :id ORDER BY id";
	static const char sql_merged[] =
		"SELECT id, status, subject FROM tickets WHERE merged_into = :id ORDER BY id";
	static const char sql_fields[] =
		"SELECT name, value FROM fields WHERE ticket = :id ORDER BY name";
	static const char sql_tags[] =
		"SELECT tag FROM tags WHERE ticket = :id ORDER BY tag";
	tkt_stmt *s;
	size_t cap;
	int rc;

	memset(t, 0, sizeof *t);
	if (!(s = db_stmt(st, sql_ticket)))
		return tkt_errcode();
	db_bind_int(s, ":id", id);
	if ((rc = db_step(s)) != DB_ROW) {
		db_reset(s);
		return rc == DB_DONE ? no_ticket(id) : db_error(st, rc, "reading a ticket");
	}
	t->id = id;
	t->subject = db_dup(s, 0);
	t->status = db_dup(s, 1);
	t->priority = db_dup(s, 2);
	t->type = db_dup(s, 3);
	t->channel = db_dup(s, 4);
	t->assignee = db_dup(s, 5);
	t->group = db_dup(s, 6);
	t->template_name = db_dup(s, 7);
	t->requester = db_dup(s, 8);
	t->created = (time_t)db_int(s, 9);
	t->updated = (time_t)db_int(s, 10);
	t->solved = (time_t)db_int(s, 11);
	t->merged_into = db_int(s, 12);
	t->problem = db_int(s, 13);
	db_reset(s);
	if ((rc = refs_load(st, sql_incidents, id, &t->incidents, &t->nincidents)) ||
	    (rc = refs_load(st, sql_merged, id, &t->merged, &t->nmerged)))
		return rc;

	if (!(s = db_stmt(st, sql_fields)))
		return tkt_errcode();
	db_bind_int(s, ":id", id);
	for (cap = 0; (rc = db_step(s)) == DB_ROW; t->nfields++) {
		if (t->nfields == cap)
			t->fields = tkt_realloc(t->fields, (cap = cap * 2 + 4) * sizeof *t->fields);
		t->fields[t->nfields].name = db_dup(s, 0);
		t->fields[t->nfields].value = db_dup(s, 1);
	}
	db_reset(s);
	if (rc != DB_DONE)
		return db_error(st, rc, "reading fields");

	if (!(s = db_stmt(st, sql_tags)))
		return tkt_errcode();
	db_bind_int(s, ":id", id);
	for (cap = 0; (rc = db_step(s)) == DB_ROW; t->ntags++) {
		if (t->ntags == cap)
			t->tags = tkt_realloc(t->tags, (cap = cap * 2 + 4) * sizeof *t->tags);
		t->tags[t->ntags] = db_dup(s, 0);
	}
	db_reset(s);
	if (rc != DB_DONE)
		return db_error(st, rc, "reading tags");

	if (!(s = db_stmt(st, db_sql(st, SQL_MESSAGES))))
		return tkt_errcode();
	db_bind_int(s, ":id", id);
	for (cap = 0; (rc = db_step(s)) == DB_ROW; t->nmsgs++) {
		struct tkt_message *m;

		if (t->nmsgs == cap)
			t->msgs = tkt_realloc(t->msgs, (cap = cap * 2 + 4) * sizeof *t->msgs);
		m = &t->msgs[t->nmsgs];
		m->id = db_int(s, 0);
		m->author = db_dup(s, 1);
		m->kind = db_dup(s, 2);
		m->channel = db_dup(s, 3);
		m->body = db_dup(s, 4);
		m->at = (time_t)db_int(s, 5);
		m->spent = db_int(s, 6);
		m->quoted = db_dup(s, 7);
		m->attachments = db_dup(s, 8);
		m->from = db_null(s, 10) ? NULL
		        : tkt_mailbox_display(db_null(s, 9) ? NULL : db_text(s, 9), db_text(s, 10));
		m->unverified = db_int(s, 11) != 0;
		m->outbox = db_dup(s, 12);
		m->attempts = db_int(s, 13);
		m->send_error = db_dup(s, 14);
	}
	db_reset(s);
	if (rc != DB_DONE)
		return db_error(st, rc, "reading messages");
	return tkt_followers(st, id, &t->followers);
}

void
tkt_ticket_release(struct tkt_ticket *t)
{
	size_t i;

	free(t->subject);
	free(t->status);
	free(t->priority);
	free(t->type);
	free(t->channel);
	free(t->assignee);
	free(t->group);
	free(t->template_name);
	free(t->requester);
	for (i = 0; i < t->nfields; i++) {
		free(t->fields[i].name);
		free(t->fields[i].value);
	}
	free(t->fields);
	for (i = 0; i < t->ntags; i++)
		free(t->tags[i]);
	free(t->tags);
	for (i = 0; i < t->nmsgs; i++) {
		free(t->msgs[i].author);
		free(t->msgs[i].kind);
		free(t->msgs[i].channel);
		free(t->msgs[i].body);
		free(t->msgs[i].quoted);
		free(t->msgs[i].attachments);
		free(t->msgs[i].from);
		free(t->msgs[i].outbox);
		free(t->msgs[i].send_error);
	}
	free(t->msgs);
	tkt_strv_free(t->followers);
	refs_free(t->incidents, t->nincidents);
	refs_free(t->merged, t->nmerged);
	memset(t, 0, sizeof *t);
}

int
tkt_ticket_json(tkt_store *st, int64_t id, char **json)
{
	tkt_stmt *s = db_stmt(st, db_sql(st, SQL_TICKET_JSON));
	int rc;

	*json = NULL;
	if (!s)
		return tkt_errcode();
	db_bind_int(s, ":id", id);
	rc = db_step(s);
	if (rc == DB_ROW)
		*json = tkt_strdup(db_json(s, 0));
	db_reset(s);
	if (rc == DB_DONE)
		return no_ticket(id);
	return rc == DB_ROW ? 0 : db_error(st, rc, "reading a ticket");
}
