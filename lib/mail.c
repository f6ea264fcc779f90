/* mail.c: the mail channel.  Incoming mail is read by the GMime module
 * (mime.c, loaded on first use) into a struct tkt_mail; here it becomes a
 * ticket or a customer message on the ticket it answers.  Replies leave
 * as RFC 5322 messages, built by the module too. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pcre2.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tkt-int.h"

/* ---- text ------------------------------------------------------------ */

static const struct {
	const char *name;
	const char *text;
} entities[] = {
	{ "amp", "&" }, { "lt", "<" }, { "gt", ">" }, { "quot", "\"" }, { "apos", "'" },
	{ "nbsp", " " }, { "ndash", "-" }, { "mdash", "-" }, { "hellip", "..." },
	{ "rsquo", "'" }, { "lsquo", "'" }, { "rdquo", "\"" }, { "ldquo", "\"" },
	{ "euro", "\xe2\x82\xac" }, { "copy", "\xc2\xa9" },
};

static void
put_codepoint(tkt_buf *b, unsigned long cp)
{
	if (cp == 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		cp = 0xfffd;
	if (cp < 0x80) {
		tkt_buf_putc(b, (int)cp);
	} else if (cp < 0x800) {
		tkt_buf_putc(b, 0xc0 | (int)(cp >> 6));
		tkt_buf_putc(b, 0x80 | (int)(cp & 0x3f));
	} else if (cp < 0x10000) {
		tkt_buf_putc(b, 0xe0 | (int)(cp >> 12));
		tkt_buf_putc(b, 0x80 | (int)((cp >> 6) & 0x3f));
		tkt_buf_putc(b, 0x80 | (int)(cp & 0x3f));
	} else {
		tkt_buf_putc(b, 0xf0 | (int)(cp >> 18));
		tkt_buf_putc(b, 0x80 | (int)((cp >> 12) & 0x3f));
		tkt_buf_putc(b, 0x80 | (int)((cp >> 6) & 0x3f));
		tkt_buf_putc(b, 0x80 | (int)(cp & 0x3f));
	}
}

/* Does tag (after '<' and an optional '/') start with one of the names? */
static int
tag_is(const char *tag, const char *names)
{
	const char *n = names;

	if (*tag == '/')
		tag++;
	while (*n) {
		size_t len = strcspn(n, " ");

		if (strncasecmp(tag, n, len) == 0 && !isalnum((unsigned char)tag[len]))
			return 1;
		n += len + (n[len] == ' ');
	}
	return 0;
}

char *
tkt_html_text(const char *html)
{
	tkt_buf b = TKT_BUF_INIT, out = TKT_BUF_INIT;
	const char *p = html;
	size_t i;
	int space = 0, newlines = 0;

	while (*p) {
		if (*p == '<') {
			const char *end = strchr(p, '>');

			if (!end)
				break;
			if (tag_is(p + 1, "script style head title") && p[1] != '/') {
				/* Skip to the closing tag. */
				char close[16];
				const char *q;

				snprintf(close, sizeof close, "</%.*s", (int)strcspn(p + 1, " >/"), p + 1);
				for (q = end; *q && strncasecmp(q, close, strlen(close)) != 0; q++)
					;
				p = *q ? strchr(q, '>') : q;
				p = p && *p ? p + 1 : p;
				continue;
			}
			if (strncmp(p, "<!--", 4) == 0) {
				const char *q = strstr(p, "-->");

				p = q ? q + 3 : p + strlen(p);
				continue;
			}
			if (tag_is(p + 1, "br"))
				tkt_buf_putc(&b, '\n');
			else if (tag_is(p + 1, "p div tr h1 h2 h3 h4 h5 h6 blockquote ul ol table pre"))
				tkt_buf_puts(&b, "\n\n");
			else if (tag_is(p + 1, "li") && p[1] != '/')
				tkt_buf_puts(&b, "\n- ");
			else if (tag_is(p + 1, "td th") && p[1] != '/')
				tkt_buf_putc(&b, ' ');
			p = end + 1;
		} else if (*p == '&') {
			const char *semi = strchr(p, ';');
			size_t len = semi ? (size_t)(semi - p - 1) : 0;

			if (semi && len > 1 && len < 10 && p[1] == '#') {
				unsigned long cp = p[2] == 'x' || p[2] == 'X' ? strtoul(p + 3, NULL, 16)
				                                              : strtoul(p + 2, NULL, 10);
				put_codepoint(&b, cp);
				p = semi + 1;
				continue;
			}
			for (i = 0; semi && i < sizeof entities / sizeof entities[0]; i++)
				if (strlen(entities[i].name) == len && strncmp(p + 1, entities[i].name, len) == 0)
					break;
			if (semi && i < sizeof entities / sizeof entities[0]) {
				tkt_buf_puts(&b, entities[i].text);
				p = semi + 1;
			} else {
				tkt_buf_putc(&b, *p++);
			}
		} else {
			tkt_buf_putc(&b, *p == '\n' || *p == '\r' || *p == '\t' ? ' ' : *p);
			p++;
		}
	}
	/* Runs of spaces become one; no more than one blank line. */
	for (p = tkt_buf_str(&b); *p; p++) {
		if (*p == ' ') {
			space = out.len > 0 && newlines == 0;
			continue;
		}
		if (*p == '\n') {
			newlines++;
			space = 0;
			continue;
		}
		if (newlines && out.len)
			tkt_buf_puts(&out, newlines > 1 ? "\n\n" : "\n");
		else if (space)
			tkt_buf_putc(&out, ' ');
		newlines = space = 0;
		tkt_buf_putc(&out, *p);
	}
	tkt_buf_release(&b);
	return tkt_buf_detach(&out);
}

/* Split a reply's new text from the quoted history below it: at a line
 * "-----Original Message-----", at an attribution ("On ... wrote:") that
 * quoted lines follow, or at the first '>' line after which every line is
 * quoted.  *quoted is NULL when nothing is quoted. */
void
tkt_mail_split(const char *text, char **fresh, char **quoted)
{
	static pcre2_code *attribution;
	static const char pattern[] =
		"(?:wrote|writes|schrieb|a \\x{e9}crit|\\x{3ad}\\x{3b3}\\x{3c1}\\x{3b1}\\x{3c8}\\x{3b5}|"
		"\\x{ed}rta|a scris|escribi\\x{f3}|ha scritto)\\s*:\\s*$";
	const char *line = text, *cut = NULL;
	pcre2_match_data *md;

	if (!attribution) {
		int err;
		PCRE2_SIZE off;

		attribution = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
		                            PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS | PCRE2_MULTILINE,
		                            &err, &off, NULL);
	}
	md = attribution ? pcre2_match_data_create_from_pattern(attribution, NULL) : NULL;
	while (*line && !cut) {
		size_t len = strcspn(line, "\n");
		const char *next = line + len + (line[len] == '\n');

		if (strncmp(line, "-----Original Message-----", 26) == 0 ||
		    strncmp(line, "-------- Original Message --------", 34) == 0) {
			cut = line;
		} else if (*line == '>') {
			/* Bottom quoting: all that follows is quoted or blank. */
			const char *q = line;

			while (*q) {
				size_t l = strcspn(q, "\n");

				if (l && *q != '>' && strspn(q, " \t") < l)
					break;
				q += l + (q[l] == '\n');
			}
			if (!*q)
				cut = line;
		} else if (md && len && pcre2_match(attribution, (PCRE2_SPTR)line, len, 0, 0, md, NULL) >= 0) {
			/* An attribution, then (after blank lines) quoted lines. */
			const char *q = next;

			while (*q == '\n')
				q++;
			if (*q == '>')
				cut = line;
		}
		line = next;
	}
	pcre2_match_data_free(md);
	if (cut) {
		size_t n = (size_t)(cut - text);

		while (n && isspace((unsigned char)text[n - 1]))
			n--;
		if (n) {
			*fresh = tkt_strndup(text, n);
			*quoted = tkt_strdup(cut);
			return;
		}
	}
	*fresh = tkt_strdup(text);
	*quoted = NULL;
}

/* ---- reading a message ----------------------------------------------- */

void
tkt_mail_release(struct tkt_mail *m)
{
	size_t i;

	free(m->from_name);
	free(m->from_addr);
	for (i = 0; i < m->nrcpt; i++) {
		free(m->rcpt[i].name);
		free(m->rcpt[i].addr);
	}
	free(m->rcpt);
	free(m->subject);
	free(m->message_id);
	tkt_strv_free(m->refs);
	free(m->body);
	free(m->quoted);
	for (i = 0; i < m->natt; i++) {
		free(m->att[i].name);
		free(m->att[i].type);
		free(m->att[i].data);
	}
	free(m->att);
	memset(m, 0, sizeof *m);
}


/* ---- delivering ------------------------------------------------------ */

/* A subject without Re:/Fwd: and without [#ID] tags. */
static char *
clean_subject(const char *s)
{
	static const char *const prefixes[] = {
		"re:", "fw:", "fwd:", "aw:", "wg:", "sv:", "vs:", "tr:", "rv:", "απ:", "σχετ:", NULL,
	};
	tkt_buf b = TKT_BUF_INIT;
	const char *p = s;
	int again = 1;

	while (again) {
		again = 0;
		p += strspn(p, " \t");
		for (size_t i = 0; prefixes[i]; i++) {
			size_t n = strlen(prefixes[i]);

			if (strncasecmp(p, prefixes[i], n) == 0) {
				p += n;
				again = 1;
			}
		}
		if (p[0] == '[' && p[1] == '#') {
			const char *close = strchr(p, ']');

			if (close) {
				p = close + 1;
				again = 1;
			}
		}
	}
	/* Tags elsewhere in the subject go too. */
	while (*p) {
		if (p[0] == '[' && p[1] == '#' && strchr(p, ']') &&
		    strspn(p + 2, "0123456789") == (size_t)(strchr(p, ']') - p - 2)) {
			p = strchr(p, ']') + 1;
			continue;
		}
		tkt_buf_putc(&b, *p++);
	}
	while (b.len && b.s[b.len - 1] == ' ')
		b.s[--b.len] = '\0';
	if (!b.len)
		tkt_buf_puts(&b, "(no subject)");
	return tkt_buf_detach(&b);
}

/* The ticket of the message with Message-ID id, or 0. */
static int
message_ticket(tkt_store *st, const char *id, int64_t *ticket)
{
	static const char sql[] = "SELECT ticket FROM messages WHERE message_id = :id";
	tkt_stmt *s = db_stmt(st, sql);

	*ticket = 0;
	if (!s)
		return tkt_errcode();
	db_bind_text(s, ":id", id);
	return db_id(st, s, ticket, "looking for a Message-ID");
}

/* The ticket a message answers: the [#ID] of its subject, else one of
 * the messages it names (a merged ticket's messages are its target's).
 * 0 when none. */
static int
thread(tkt_store *st, const struct tkt_mail *m, int64_t *ticket)
{
	const char *p;
	size_t i;
	int rc;

	*ticket = 0;
	for (p = m->subject; (p = strstr(p, "[#")); p += 2) {
		int64_t id;
		char num[24];
		size_t n = strspn(p + 2, "0123456789");

		if (!n || n >= sizeof num || p[2 + n] != ']')
			continue;
		memcpy(num, p + 2, n);
		num[n] = '\0';
		/* A merged ticket's mail goes where it was merged. */
		if (tkt_id_parse(num, &id) == 0 && tkt_ticket_resolve(st, id, ticket) == 0)
			return 0;
		*ticket = 0;
	}
	for (i = m->nrefs; i-- > 0;)
		if ((rc = message_ticket(st, m->refs[i], ticket)) || *ticket)
			return rc;
	return 0;
}

/* Write data to dir/name without overwriting: name, name.1, name.2 ... */
static int
save_file(const char *dir, const char *name, const void *data, size_t n, char **path)
{
	int fd = -1, i, rc = 0;

	if ((rc = tkt_mkdirs(dir, 1)))
		return rc;
	for (i = 0; fd < 0 && i < 1000; i++) {
		*path = i ? tkt_asprintf("%s/%s.%d", dir, name, i) : tkt_asprintf("%s/%s", dir, name);
		fd = open(*path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd < 0) {
			free(*path);
			*path = NULL;
			if (errno != EEXIST)
				return tkt_error(EX_CANTCREAT, "cannot save into '%s': %s", dir, strerror(errno));
		}
	}
	if (fd < 0)
		return tkt_error(EX_CANTCREAT, "cannot save into '%s': too many files named '%s'", dir, name);
	if (write(fd, data, n) != (ssize_t)n)
		rc = tkt_error(EX_IOERR, "cannot write '%s': %s", *path, strerror(errno));
	if (close(fd) != 0 && !rc)
		rc = tkt_error(EX_IOERR, "cannot write '%s': %s", *path, strerror(errno));
	if (rc) {
		unlink(*path);
		free(*path);
		*path = NULL;
	}
	return rc;
}

static int
attachments_store(tkt_store *st, int64_t msg, const struct tkt_mail *m, const char *dir)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < m->natt && !rc; i++) {
		const struct tkt_attachment *a = &m->att[i];
		char *path = NULL;

		if (dir) {
			char *sub = tkt_asprintf("%s/%lld", dir, (long long)msg);

			rc = save_file(sub, a->name ? a->name : "attachment", a->data, a->size, &path);
			free(sub);
			if (rc)
				break;
		}
		rc = tkt_attachment_store(st, msg, a, path);
		free(path);
	}
	return rc;
}

/* The people a customer's mail was also sent to (To and Cc) follow the
 * ticket: all but the help desk, its agents and who is on it already. */
static int
followers_add(tkt_store *st, const struct tkt_mail *m, const struct tkt_config *c,
              int64_t ticket, const char *actor, time_t at)
{
	enum tkt_party party;
	size_t i;
	int rc = 0;

	for (i = 0; i < m->nrcpt && !rc; i++) {
		const struct tkt_mailbox *b = &m->rcpt[i];

		if (tkt_config_own_address(c, b->addr) || tkt_config_agent_by_address(c, b->addr) ||
		    strcasecmp(b->addr, m->from_addr) == 0)
			continue;
		if (!(rc = tkt_party(st, ticket, b->addr, &party)) && party == TKT_PARTY_NONE)
			rc = tkt_follower_add(st, ticket, b->name, b->addr, actor, at, NULL);
	}
	return rc;
}

/* Whether the mail went to the ticket's requester too (To or Cc). */
static int
to_requester(tkt_store *st, const struct tkt_mail *m, int64_t ticket, int *yes)
{
	enum tkt_party party;
	size_t i;
	int rc;

	*yes = 0;
	for (i = 0; i < m->nrcpt && !*yes; i++) {
		if ((rc = tkt_party(st, ticket, m->rcpt[i].addr, &party)))
			return rc;
		*yes = party == TKT_PARTY_REQUESTER;
	}
	return 0;
}

/* A ticket for the sender of m, on its subject; its message is the
 * caller's to add. */
static int
ticket_open(tkt_store *st, const struct tkt_mail *m, const char *actor, time_t at,
            int64_t *ticket)
{
	struct tkt_ticket_new t = { 0 };
	char *requester = tkt_mailbox_display(m->from_name, m->from_addr);
	char *subject = clean_subject(m->subject);
	int rc;

	t.subject = subject;
	t.requester = requester;
	t.channel = "email";
	t.actor = actor;
	t.at = at;
	rc = tkt_ticket_create(st, &t, ticket);
	free(requester);
	free(subject);
	return rc;
}

int
tkt_mail_deliver(tkt_store *st, const struct tkt_mail *m, const struct tkt_config *c,
                 const char *actor, time_t at, int past, int64_t *ticket,
                 enum tkt_delivery *what)
{
	static const char sql_quoted[] =
		"UPDATE messages SET quoted = :quoted WHERE id = :id";
	struct tkt_message_new msg = { 0 };
	const char *body = m->body && *m->body ? m->body : "(the message has no text)";
	const struct tkt_agent *agent = NULL;
	enum tkt_party party = TKT_PARTY_NONE;
	struct tkt_survey_answers answers = { 0 };
	char *author = NULL, *notice = NULL, *asked = NULL;
	int64_t mid = 0, named;
	int customer = 0, rc;
	tkt_stmt *s;

	*ticket = 0;
	*what = TKT_MAIL_DROPPED;
	/* Delivered before: the same Message-ID. */
	if ((rc = message_ticket(st, m->message_id, ticket)))
		return rc;
	if (*ticket) {
		*what = TKT_MAIL_DUPLICATE;
		return 0;
	}
	if ((rc = thread(st, m, &named)))
		return rc;
	msg.from_name = m->from_name;
	msg.from_addr = m->from_addr;
	agent = tkt_config_agent_by_address(c, m->from_addr);
	if (past && !m->auto_reply && (agent || tkt_config_own_address(c, m->from_addr))) {
		/* Past mail of the help desk: its agents' replies to the
		 * tickets they answer (by the agent of the address, else the
		 * sender's name); one that answers none is not the help
		 * desk's to keep. */
		int public;

		if (!named)
			return 0;
		if ((rc = to_requester(st, m, named, &public)))
			return rc;
		*ticket = named;
		msg.kind = public ? TKT_AGENT : TKT_NOTE;
		msg.author = agent ? agent->login : m->from_name && *m->from_name ? m->from_name
		                                                                  : m->from_addr;
		*what = TKT_MAIL_ADDED;
	} else if (tkt_config_own_address(c, m->from_addr) || m->auto_reply) {
		/* Mail from ourselves, or sent automatically, never opens a
		 * ticket, nor speaks for anyone. */
		if (!c->mail.keep_auto || !named)
			return 0;
		*ticket = named;
		msg.kind = TKT_SYSTEM;
		msg.author = m->from_addr;
		*what = TKT_MAIL_ADDED;
	} else if (named && (rc = tkt_party(st, named, m->from_addr, &party))) {
		return rc;
	} else if (named && party != TKT_PARTY_NONE) {
		/* The requester, or a follower, in their own name; the
		 * requester's answer to a survey leaves the status be. */
		*ticket = named;
		msg.kind = TKT_CUSTOMER;
		if (party == TKT_PARTY_REQUESTER && (rc = tkt_survey_answered(st, m, named, &asked)))
			return rc;
		if (asked && (rc = tkt_survey_read(asked, body, &answers)))
			goto out;
		/* Answers leave it solved; a reply with none is the
		 * customer's message as any other, for an agent. */
		msg.keep_status = answers.n || answers.nrefused;
		if (party == TKT_PARTY_FOLLOWER)
			msg.author = author = tkt_mailbox_display(m->from_name, m->from_addr);
		customer = 1;
		*what = TKT_MAIL_ADDED;
	} else if (named && agent) {
		/* An agent: a reply when the customer had it too, else a note. */
		int public;

		if ((rc = to_requester(st, m, named, &public)))
			return rc;
		*ticket = named;
		msg.kind = public ? TKT_AGENT : TKT_NOTE;
		msg.author = agent->login;
		*what = TKT_MAIL_ADDED;
	} else if (named && c->mail.strangers == TKT_STRANGER_REJECT) {
		*what = TKT_MAIL_REJECTED;
		*ticket = named;
		return 0;
	} else if (named && c->mail.strangers == TKT_STRANGER_NOTE) {
		/* Someone not on the ticket: kept for an agent to judge, never
		 * as the customer's words. */
		*ticket = named;
		msg.kind = TKT_NOTE;
		msg.unverified = 1;
		msg.author = author = tkt_mailbox_display(m->from_name, m->from_addr);
		*what = TKT_MAIL_UNVERIFIED;
	} else {
		/* A new conversation, or a stranger's own ticket. */
		if ((rc = ticket_open(st, m, actor, at, ticket)))
			return rc;
		msg.kind = TKT_CUSTOMER;
		customer = 1;
		*what = TKT_MAIL_NEW;
		if (named)
			notice = tkt_asprintf("This mail names ticket #%lld, but its sender (%s) is not "
			                      "on that ticket: it opened this one.", (long long)named,
			                      m->from_addr);
	}
	msg.ticket = *ticket;
	msg.channel = "email";
	msg.body = body;
	msg.at = at;
	msg.mail_id = m->message_id;
	if ((rc = tkt_message_add(st, &msg, &mid)))
		goto out;
	if (m->quoted) {
		if (!(s = db_stmt(st, sql_quoted))) {
			rc = tkt_errcode();
			goto out;
		}
		db_bind_text(s, ":quoted", m->quoted);
		db_bind_int(s, ":id", mid);
		if ((rc = db_exec(st, s)))
			goto out;
	}
	if ((rc = attachments_store(st, mid, m, c->mail.attachments)))
		goto out;
	if (customer && (rc = followers_add(st, m, c, *ticket, actor, at)))
		goto out;
	if (asked && (rc = tkt_survey_record(st, *ticket, &answers, actor, at)))
		goto out;
	if (notice) {
		struct tkt_message_new sys = { 0 };

		sys.ticket = *ticket;
		sys.kind = TKT_SYSTEM;
		sys.channel = "email";
		sys.author = actor;
		sys.body = notice;
		sys.at = at;
		rc = tkt_message_add(st, &sys, NULL);
	}
out:
	free(author);
	free(notice);
	free(asked);
	tkt_survey_answers_free(&answers);
	return rc;
}

char *
tkt_mail_new_id(const struct tkt_config *c, int64_t ticket)
{
	const char *at = c->mail.address ? strchr(c->mail.address, '@') : NULL;
	uint32_t r[2];

	if (getentropy(r, sizeof r) != 0)
		r[0] = (uint32_t)time(NULL), r[1] = (uint32_t)getpid();
	return tkt_asprintf("tkt.%lld.%08lx%08lx@%s", (long long)ticket, (unsigned long)r[0],
	                    (unsigned long)r[1], at ? at + 1 : "tkt.invalid");
}

/* ---- the GMime module ------------------------------------------------ */

static const struct tkt_mime *
mime(void)
{
	static const struct tkt_mime *mod;

	if (!mod)
		mod = tkt_module("mime.so", "tkt_mime", "the mail module", TKT_MIME_VERSION);
	return mod;
}

int
tkt_mail_parse(const char *raw, size_t len, const struct tkt_config *c, const char *envelope,
               struct tkt_mail *m)
{
	static const char *const defaults[] = { TKT_MAIL_CHARSETS, NULL };
	const struct tkt_mime *mod = mime();

	memset(m, 0, sizeof *m);
	return mod ? mod->parse(raw, len, c && c->mail.charsets ? (const char *const *)c->mail.charsets
	                                                          : defaults,
	                        envelope, m)
	           : EX_UNAVAILABLE;
}

/* The reply message, what the customer and the followers see of it. */
static int
reply_read(tkt_store *st, int64_t message, struct tkt_mail_out *m, tkt_buf *subject,
           int64_t *ticket)
{
	static const char sql[] =
		"SELECT m.ticket, m.body, m.created_at, m.message_id, t.subject,\n"
		"       coalesce(cu.name, ''), cu.email\n"
		"  FROM messages m JOIN tickets t ON t.id = m.ticket\n"
		"  JOIN customers cu ON cu.id = t.requester\n"
		" WHERE m.id = :id";
	tkt_stmt *s;
	int rc;

	if (!(s = db_stmt(st, sql)))
		return tkt_errcode();
	db_bind_int(s, ":id", message);
	if ((rc = db_step(s)) != DB_ROW) {
		db_reset(s);
		return db_error(st, rc, "reading the reply");
	}
	*ticket = db_int(s, 0);
	if (db_null(s, 6)) {
		db_reset(s);
		return tkt_error(EX_DATAERR, "ticket %lld: the customer has no email address",
		                 (long long)*ticket);
	}
	m->body = tkt_asprintf("%s\n", db_text(s, 1));
	m->at = (time_t)db_int(s, 2);
	m->message_id = db_dup(s, 3);
	tkt_buf_printf(subject, "Re: %s [#%lld]", db_text(s, 4), (long long)*ticket);
	m->to_name = db_dup(s, 5);
	m->to = db_dup(s, 6);
	db_reset(s);
	return 0;
}

int
tkt_mail_reachable(tkt_store *st, int64_t ticket, int *yes)
{
	static const char sql[] =
		"SELECT c.email IS NOT NULL FROM tickets t JOIN customers c ON c.id = t.requester\n"
		" WHERE t.id = :id";
	tkt_stmt *s = db_stmt(st, sql);
	int64_t v = 0;
	int rc;

	if (!s)
		return tkt_errcode();
	db_bind_int(s, ":id", ticket);
	rc = db_id(st, s, &v, "reading a ticket");
	*yes = v != 0;
	return rc;
}

/* Its followers, in copy. */
static int
reply_followers(tkt_store *st, int64_t ticket, struct tkt_mail_out *m)
{
	tkt_stmt *s;
	int rc;

	if (!(s = db_stmt(st, db_sql(st, SQL_FOLLOWERS))))
		return tkt_errcode();
	db_bind_int(s, ":id", ticket);
	while ((rc = db_step(s)) == DB_ROW) {
		m->cc = tkt_realloc(m->cc, (m->ncc + 1) * sizeof *m->cc);
		m->cc[m->ncc].name = db_dup(s, 0);
		m->cc[m->ncc++].addr = db_dup(s, 1);
	}
	db_reset(s);
	return rc == DB_DONE ? 0 : db_error(st, rc, "reading the followers");
}

/* Threading: the customer's last message, and every id the customer saw
 * of the thread (notes stay inside). */
static int
reply_thread(tkt_store *st, int64_t ticket, int64_t message, struct tkt_mail_out *m,
             tkt_buf *refs)
{
	static const char sql[] =
		"SELECT message_id FROM messages\n"
		" WHERE ticket = :ticket AND message_id IS NOT NULL AND id <> :id\n"
		"   AND kind IN ('customer', 'agent')\n"
		" ORDER BY created_at, id";
	tkt_stmt *s;
	int rc;

	if (!(s = db_stmt(st, sql)))
		return tkt_errcode();
	db_bind_int(s, ":ticket", ticket);
	db_bind_int(s, ":id", message);
	while ((rc = db_step(s)) == DB_ROW) {
		tkt_buf_printf(refs, "%s<%s>", refs->len ? " " : "", db_text(s, 0));
		free(m->in_reply_to);
		m->in_reply_to = tkt_asprintf("<%s>", db_text(s, 0));
	}
	db_reset(s);
	return rc == DB_DONE ? 0 : db_error(st, rc, "reading the thread");
}

static void
mail_out_release(struct tkt_mail_out *m)
{
	size_t i;

	for (i = 0; i < m->ncc; i++) {
		free(m->cc[i].name);
		free(m->cc[i].addr);
	}
	free(m->cc);
	free(m->to_name);
	free(m->to);
	free(m->message_id);
	free(m->body);
	free(m->in_reply_to);
	for (i = 0; i < m->natt; i++)
		tkt_attachment_release(&m->att[i]);
	free(m->att);
}

/* The help desk's address, which every mail it sends is from. */
static int
mail_from(const struct tkt_config *c, struct tkt_mail_out *m)
{
	if (!c->mail.address)
		return tkt_error(EX_CONFIG, "no address of the help desk to send from "
		                 "(mail: address: in the configuration)");
	m->from = c->mail.address;
	m->from_name = c->mail.name ? c->mail.name : "";
	return 0;
}

int
tkt_mail_reply(tkt_store *st, const struct tkt_config *c, int64_t message, char **out)
{
	const struct tkt_mime *mod;
	struct tkt_mail_out m = { 0 };
	tkt_buf subject = TKT_BUF_INIT, refs = TKT_BUF_INIT;
	int64_t ticket = 0;
	int rc;

	*out = NULL;
	if (!(mod = mime()))
		return EX_UNAVAILABLE;
	if ((rc = mail_from(c, &m)))
		return rc;
	if (!(rc = reply_read(st, message, &m, &subject, &ticket)) &&
	    !(rc = reply_followers(st, ticket, &m)) &&
	    !(rc = reply_thread(st, ticket, message, &m, &refs)) &&
	    !(rc = tkt_attachments_of(st, message, &m.att, &m.natt))) {
		m.subject = subject.s;
		m.references = refs.len ? refs.s : NULL;
		rc = mod->reply(&m, out);
	}
	mail_out_release(&m);
	tkt_buf_release(&subject);
	tkt_buf_release(&refs);
	return rc;
}

int
tkt_mail_document(const struct tkt_config *c, const char *to, const char *subject,
                  const char *text, const char *html, time_t at, char **out)
{
	const struct tkt_mime *mod;
	struct tkt_mail_out m = { 0 };
	int rc;

	*out = NULL;
	if (!(mod = mime()))
		return EX_UNAVAILABLE;
	if ((rc = mail_from(c, &m)))
		return rc;
	m.subject = subject;
	m.at = at;
	return mod->document(&m, to, text, html, out);
}

int
tkt_mail_reject(const char *dir, const char *raw, size_t len, char **path)
{
	const struct tkt_mime *mod;
	char *sum, *name;
	int rc;

	*path = NULL;
	if (!dir)
		return tkt_error(EX_CONFIG, "no directory for rejected mail (mail: rejected:)");
	if (!(mod = mime()))
		return EX_UNAVAILABLE;
	sum = mod->digest(raw, len);
	name = tkt_asprintf("%.32s.eml", sum);
	free(sum);
	/* Named by its content: kept before is kept. */
	*path = tkt_asprintf("%s/%s", dir, name);
	if (access(*path, F_OK) == 0) {
		free(name);
		return 0;
	}
	free(*path);
	rc = save_file(dir, name, raw, len, path);
	free(name);
	return rc;
}

void
tkt_mail_mbox(FILE *out, const char *text, time_t at)
{
	const char *p;
	char date[64];
	struct tm tm;
	size_t len;

	/* The date of the From_ line is asctime's, in UTC. */
	if (!gmtime_r(&at, &tm) || !strftime(date, sizeof date, "%a %b %e %H:%M:%S %Y", &tm))
		strcpy(date, "Thu Jan  1 00:00:00 1970");
	fprintf(out, "From tkt %s\n", date);
	for (p = text; *p; p += len + (p[len] == '\n')) {
		len = strcspn(p, "\n");
		if (strncmp(p + strspn(p, ">"), "From ", 5) == 0)
			putc('>', out);
		fwrite(p, 1, len, out);
		putc('\n', out);
	}
	putc('\n', out);
}

int
tkt_mail_send(const struct tkt_config *c, const char *text)
{
	struct sigaction ign = { 0 }, old;
	FILE *pipe;
	int ok, status;

	/* A command that exits without reading it all must not end us. */
	ign.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &ign, &old);
	pipe = popen(c->mail.sendmail, "w");
	ok = pipe && fputs(text, pipe) >= 0;
	status = pipe ? pclose(pipe) : -1;
	sigaction(SIGPIPE, &old, NULL);
	if (ok && status == 0)
		return 0;
	if (status > 0 && WIFEXITED(status))
		return tkt_error(EX_TEMPFAIL, "'%s' did not take the message (exit %d)", c->mail.sendmail,
		                 WEXITSTATUS(status));
	if (status > 0 && WIFSIGNALED(status))
		return tkt_error(EX_TEMPFAIL, "'%s' did not take the message (signal %d)",
		                 c->mail.sendmail, WTERMSIG(status));
	return tkt_error(EX_TEMPFAIL, "'%s' did not take the message", c->mail.sendmail);
}
