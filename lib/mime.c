/* mime.c: the part of the mail channel that needs GMime, built as a module
 * that tkt-new, tkt-reply and tkt-report load only when they read or write
 * mail, so that every other run starts without GMime and the libraries it
 * brings (GLib, GIO, GPGME ...).  Incoming mail: the sender, the subject, the
 * ids that thread it, its text (plain text preferred, HTML turned into
 * text, every charset into UTF-8) split from the quoted history, its
 * attachments.  Replies and reports leave as RFC 5322 messages. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <gmime/gmime.h>
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tkt-int.h"

static void
mail_init(void)
{
	static int done;

	if (!done) {
		g_mime_init();
		done = 1;
	}
}

/* s as valid UTF-8: invalid bytes read as Latin-1, NULs and control
 * characters (but tab and newline) dropped. */
static char *
clean_utf8(const char *s, size_t n, int one_line)
{
	tkt_buf b = TKT_BUF_INIT;
	size_t i = 0;

	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		size_t run;

		if (c < 0x80) {
			if (c == '\r') {
				i++;
				continue;
			}
			if (c == '\n' || c == '\t')
				tkt_buf_putc(&b, one_line ? ' ' : c);
			else if (c >= 0x20 && c != 0x7f)
				tkt_buf_putc(&b, c);
			i++;
			continue;
		}
		/* The longest valid run from here, else one Latin-1 byte. */
		for (run = 1; run <= 4 && i + run <= n; run++)
			if (tkt_utf8_check(s + i, run) < 0)
				break;
		if (run <= 4 && i + run <= n) {
			tkt_buf_add(&b, s + i, run);
			i += run;
		} else {
			tkt_buf_putc(&b, 0xc0 | (c >> 6));
			tkt_buf_putc(&b, 0x80 | (c & 0x3f));
			i++;
		}
	}
	return tkt_buf_detach(&b);
}


/* ---- reading ---------------------------------------------------------- */

static void
ref_add(struct tkt_mail *m, const char *id)
{
	size_t i;

	if (!id || !*id || strlen(id) > 500)
		return;
	for (i = 0; i < m->nrefs; i++)
		if (strcmp(m->refs[i], id) == 0)
			return;
	m->refs = tkt_realloc(m->refs, (m->nrefs + 2) * sizeof *m->refs);
	m->refs[m->nrefs++] = clean_utf8(id, strlen(id), 1);
	m->refs[m->nrefs] = NULL;
}

static void
refs_from(struct tkt_mail *m, GMimeObject *msg, const char *header)
{
	const char *v = g_mime_object_get_header(msg, header);
	GMimeReferences *refs;
	int i;

	if (!v || !(refs = g_mime_references_parse(NULL, v)))
		return;
	for (i = 0; i < g_mime_references_length(refs); i++)
		ref_add(m, g_mime_references_get_message_id(refs, i));
	g_mime_references_free(refs);
}

static void
attachment_add(struct tkt_mail *m, GMimeObject *part)
{
	GMimeStream *mem = g_mime_stream_mem_new();
	GByteArray *bytes;
	struct tkt_attachment *a;
	char *type = g_mime_content_type_get_mime_type(g_mime_object_get_content_type(part));
	const char *name = NULL;

	if (GMIME_IS_MESSAGE_PART(part)) {
		GMimeMessage *inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(part));

		if (inner)
			g_mime_object_write_to_stream(GMIME_OBJECT(inner), NULL, mem);
		if (inner && g_mime_message_get_subject(inner))
			name = g_mime_message_get_subject(inner);
	} else if (GMIME_IS_PART(part)) {
		GMimeDataWrapper *w = g_mime_part_get_content(GMIME_PART(part));

		if (w)
			g_mime_data_wrapper_write_to_stream(w, mem);
		name = g_mime_part_get_filename(GMIME_PART(part));
	}
	bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
	m->att = tkt_realloc(m->att, (m->natt + 1) * sizeof *m->att);
	a = &m->att[m->natt++];
	a->name = name ? clean_utf8(name, strlen(name), 1) : NULL;
	if (a->name && (!*a->name || strchr(a->name, '/'))) {
		/* A name is only ever a name: the last part of a path. */
		char *base = tkt_strdup(strrchr(a->name, '/') ? strrchr(a->name, '/') + 1 : a->name);

		free(a->name);
		a->name = *base ? base : (free(base), NULL);
	}
	a->type = tkt_strdup(type ? type : "application/octet-stream");
	a->size = bytes ? bytes->len : 0;
	a->data = tkt_malloc(a->size ? a->size : 1);
	if (a->size)
		memcpy(a->data, bytes->data, a->size);
	g_free(type);
	g_object_unref(mem);
}

struct walk {
	struct tkt_mail *m;
	char            *plain, *html;   /* the first of each, UTF-8 */
	int              depth;
};

/* The text of a part in UTF-8, as g_mime_text_part_get_text converts it,
 * but read to its length: a NUL in it is dropped, not the end of it. */
static char *
part_text(GMimeObject *part)
{
	GMimeDataWrapper *content = GMIME_IS_TEXT_PART(part) ? g_mime_part_get_content(GMIME_PART(part)) : NULL;
	const char *charset = g_mime_object_get_content_type_parameter(part, "charset");
	GMimeStream *mem, *filtered;
	GMimeFilter *conv;
	GByteArray *bytes;
	char *out;

	if (!content)
		return NULL;
	mem = g_mime_stream_mem_new();
	filtered = g_mime_stream_filter_new(mem);
	if (charset && (conv = g_mime_filter_charset_new(charset, "utf-8"))) {
		g_mime_stream_filter_add(GMIME_STREAM_FILTER(filtered), conv);
		g_object_unref(conv);
	}
	g_mime_data_wrapper_write_to_stream(content, filtered);
	g_mime_stream_flush(filtered);
	g_object_unref(filtered);
	bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
	out = clean_utf8((const char *)bytes->data, bytes->len, 0);
	g_object_unref(mem);
	return out;
}

static void
walk(struct walk *w, GMimeObject *obj)
{
	GMimeContentType *ct;
	GMimeContentDisposition *disp;
	int i, n;

	if (!obj || ++w->depth > 32) {
		w->depth--;
		return;
	}
	if (GMIME_IS_MULTIPART(obj)) {
		n = g_mime_multipart_get_count(GMIME_MULTIPART(obj));
		for (i = 0; i < n; i++)
			walk(w, g_mime_multipart_get_part(GMIME_MULTIPART(obj), i));
	} else if (GMIME_IS_MESSAGE_PART(obj)) {
		attachment_add(w->m, obj);
	} else if (GMIME_IS_PART(obj)) {
		ct = g_mime_object_get_content_type(obj);
		disp = g_mime_object_get_content_disposition(obj);
		if (g_mime_content_type_is_type(ct, "text", "plain") && !w->plain &&
		    !(disp && g_mime_content_disposition_is_attachment(disp)) &&
		    !g_mime_part_get_filename(GMIME_PART(obj)))
			w->plain = part_text(obj);
		else if (g_mime_content_type_is_type(ct, "text", "html") && !w->html &&
		         !(disp && g_mime_content_disposition_is_attachment(disp)))
			w->html = part_text(obj);
		else
			attachment_add(w->m, obj);
	}
	w->depth--;
}

static int
is_auto(GMimeObject *msg)
{
	const char *v;

	if ((v = g_mime_object_get_header(msg, "Auto-Submitted")) && g_ascii_strncasecmp(v, "no", 2) != 0)
		return 1;
	if ((v = g_mime_object_get_header(msg, "Precedence")) &&
	    (strstr(v, "bulk") || strstr(v, "junk") || strstr(v, "list")))
		return 1;
	if (g_mime_object_get_header(msg, "X-Autoreply") || g_mime_object_get_header(msg, "X-Autorespond") ||
	    g_mime_object_get_header(msg, "List-Id"))
		return 1;
	if ((v = g_mime_object_get_header(msg, "X-Auto-Response-Suppress")) &&
	    (strstr(v, "All") || strstr(v, "AutoReply")))
		return 1;
	return 0;
}

/* The first usable mailbox of list into *name and *addr (0), or -1. */
static int
mailbox(InternetAddressList *list, char **name, char **addr)
{
	int i;

	for (i = 0; list && i < internet_address_list_length(list); i++) {
		InternetAddress *ia = internet_address_list_get_address(list, i);
		const char *a, *n;

		if (!INTERNET_ADDRESS_IS_MAILBOX(ia))
			continue;
		a = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(ia));
		if (!a || !tkt_email_valid(a))
			continue;
		n = internet_address_get_name(ia);
		*addr = tkt_strdup(a);
		*name = NULL;
		if (n && *n) {
			*name = clean_utf8(n, strlen(n), 1);
			/* A name that is only the address, or quotes, is none. */
			if (strchr(*name, '@') || strpbrk(*name, "<>\"") || !tkt_line_valid(*name)) {
				free(*name);
				*name = NULL;
			}
		}
		return 0;
	}
	return -1;
}

/* The first thing in a header value that looks like an address, for a
 * From the parser could not read ("Name addr@host"); NULL when none. */
static char *
loose_address(const char *v)
{
	const char *at = v ? strchr(v, '@') : NULL, *a, *b;
	char *addr;

	if (!at)
		return NULL;
	for (a = at; a > v && !strchr(" \t<>\",:;", a[-1]); a--)
		;
	for (b = at; *b && !strchr(" \t<>\",:;", *b); b++)
		;
	addr = tkt_strndup(a, (size_t)(b - a));
	if (tkt_email_valid(addr))
		return addr;
	free(addr);
	return NULL;
}

/* The sender: the first mailbox of From (or an address in a From the
 * parser could not read), else of Sender, else the envelope sender (given
 * by the mail server, else Return-Path), else Reply-To. */
static int
sender(struct tkt_mail *m, GMimeMessage *msg, const char *envelope)
{
	GMimeObject *obj = GMIME_OBJECT(msg);
	const char *rp;

	if (mailbox(g_mime_message_get_from(msg), &m->from_name, &m->from_addr) == 0)
		return 0;
	if ((m->from_addr = loose_address(g_mime_object_get_header(obj, "From"))))
		return 0;
	if (mailbox(g_mime_message_get_sender(msg), &m->from_name, &m->from_addr) == 0)
		return 0;
	if (envelope && tkt_email_valid(envelope)) {
		m->from_addr = tkt_strdup(envelope);
		return 0;
	}
	if ((rp = g_mime_object_get_header(obj, "Return-Path")) &&
	    (m->from_addr = loose_address(rp)))
		return 0;
	if (mailbox(g_mime_message_get_reply_to(msg), &m->from_name, &m->from_addr) == 0)
		return 0;
	return tkt_error(EX_DATAERR, "the message has no sender address (From)");
}

/* The mailboxes of To and Cc, each address once, at most 100. */
static void
recipients(struct tkt_mail *m, GMimeMessage *msg)
{
	InternetAddressList *lists[] = { g_mime_message_get_to(msg), g_mime_message_get_cc(msg) };
	size_t k, j;
	int i;

	for (k = 0; k < 2; k++) {
		for (i = 0; lists[k] && i < internet_address_list_length(lists[k]) && m->nrcpt < 100; i++) {
			InternetAddressList *one = internet_address_list_new();
			struct tkt_mailbox b;

			internet_address_list_add(one, internet_address_list_get_address(lists[k], i));
			if (mailbox(one, &b.name, &b.addr) == 0) {
				for (j = 0; j < m->nrcpt && strcasecmp(m->rcpt[j].addr, b.addr) != 0; j++)
					;
				if (j < m->nrcpt) {
					free(b.name);
					free(b.addr);
				} else {
					m->rcpt = tkt_realloc(m->rcpt, (m->nrcpt + 1) * sizeof *m->rcpt);
					m->rcpt[m->nrcpt++] = b;
				}
			}
			g_object_unref(one);
		}
	}
}

/* The text of a multipart whose boundary never comes: all of it sits in
 * the prologue, after a boundary line and part headers, if any. */
static char *
broken_multipart(GMimeObject *obj)
{
	const char *p = GMIME_IS_MULTIPART(obj) ? g_mime_multipart_get_prologue(GMIME_MULTIPART(obj)) : NULL;
	const char *blank;

	if (!p)
		return tkt_strdup("");
	if (p[0] == '-' && p[1] == '-' && (blank = strstr(p, "\n\n")))
		p = blank + 2;
	return clean_utf8(p, strlen(p), 0);
}

/* The body without trailing white space, and never longer than a body may
 * be: the whole text then goes along as an attachment. */
static void
body_fit(struct tkt_mail *m)
{
	size_t n = strlen(m->body);

	while (n && strchr(" \t\r\n", m->body[n - 1]))
		m->body[--n] = '\0';
	if (n > TKT_BODY_MAX - 64) {
		struct tkt_attachment *a;

		m->att = tkt_realloc(m->att, (m->natt + 1) * sizeof *m->att);
		a = &m->att[m->natt++];
		a->name = tkt_strdup("message.txt");
		a->type = tkt_strdup("text/plain");
		a->size = n;
		a->data = tkt_strndup(m->body, n);
		n = TKT_BODY_MAX - 64;
		while (n && ((unsigned char)m->body[n] & 0xc0) == 0x80)
			n--;
		m->body = tkt_realloc(m->body, n + 64);
		strcpy(m->body + n, "\n[... the whole text is in message.txt]");
	}
}

static int
mime_parse(const char *raw, size_t len, const char *const *charsets, const char *envelope,
           struct tkt_mail *m)
{
	GMimeStream *stream;
	GMimeParser *parser;
	GMimeMessage *msg;
	struct walk w = { m, NULL, NULL, 0 };
	const char *v;
	char *text;
	int rc;

	memset(m, 0, sizeof *m);
	mail_init();
	stream = g_mime_stream_mem_new_with_buffer(raw, len);
	parser = g_mime_parser_new_with_stream(stream);
	msg = g_mime_parser_construct_message(parser, NULL);
	g_object_unref(parser);
	g_object_unref(stream);
	if (!msg || !g_mime_object_get_header_list(GMIME_OBJECT(msg)) ||
	    g_mime_header_list_get_count(g_mime_object_get_header_list(GMIME_OBJECT(msg))) == 0) {
		if (msg)
			g_object_unref(msg);
		return tkt_error(EX_DATAERR, "not a mail message: no headers");
	}
	(void)charsets;
	if ((rc = sender(m, msg, envelope)))
		goto out;
	recipients(m, msg);
	v = g_mime_message_get_subject(msg);
	m->subject = clean_utf8(v ? v : "", v ? strlen(v) : 0, 1);
	if (strlen(m->subject) > 900) {
		/* Cut at a character, not inside one. */
		size_t n = 900;

		while (n && ((unsigned char)m->subject[n] & 0xc0) == 0x80)
			n--;
		m->subject[n] = '\0';
	}
	if ((v = g_mime_message_get_message_id(msg)) && *v && strlen(v) < 500)
		m->message_id = clean_utf8(v, strlen(v), 1);
	else {
		/* No id: one made of the content, so a second delivery matches. */
		gchar *sum = g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)raw, len);

		m->message_id = tkt_asprintf("%s@tkt.invalid", sum);
		g_free(sum);
	}
	refs_from(m, GMIME_OBJECT(msg), "In-Reply-To");
	refs_from(m, GMIME_OBJECT(msg), "References");
	m->auto_reply = is_auto(GMIME_OBJECT(msg));
	walk(&w, g_mime_message_get_mime_part(msg));
	if (w.plain && strspn(w.plain, " \t\r\n") < strlen(w.plain))
		text = w.plain, w.plain = NULL;
	else if (w.html)
		text = tkt_html_text(w.html);
	else
		text = broken_multipart(g_mime_message_get_mime_part(msg));
	tkt_mail_split(text, &m->body, &m->quoted);
	free(text);
	body_fit(m);
	rc = 0;
out:
	free(w.plain);
	free(w.html);
	g_object_unref(msg);
	if (rc)
		tkt_mail_release(m);
	return rc;
}

/* ---- writing a reply ------------------------------------------------- */

/* A text part: UTF-8, encoded (quoted-printable or base64) for 7-bit
 * transport. */
static GMimeTextPart *
text_part(const char *subtype, const char *text)
{
	GMimeTextPart *part = g_mime_text_part_new_with_subtype(subtype);
	GMimeStream *stream = g_mime_stream_mem_new_with_buffer(text, strlen(text));
	GMimeDataWrapper *content = g_mime_data_wrapper_new_with_stream(stream,
	                                                                GMIME_CONTENT_ENCODING_DEFAULT);

	g_mime_part_set_content(GMIME_PART(part), content);
	g_object_unref(content);
	g_object_unref(stream);
	g_mime_text_part_set_charset(part, "utf-8");
	g_mime_object_encode(GMIME_OBJECT(part), GMIME_ENCODING_CONSTRAINT_7BIT);
	return part;
}

static int
mime_reply(tkt_store *st, const struct tkt_config *c, int64_t message, char **out)
{
	static const char sql[] =
		"SELECT m.ticket, m.body, m.created_at, m.message_id, t.subject,\n"
		"       coalesce(cu.name, ''), cu.email, m.author\n"
		"  FROM messages m JOIN tickets t ON t.id = m.ticket\n"
		"  JOIN customers cu ON cu.id = t.requester\n"
		" WHERE m.id = :id";
	/* What the customer saw of the thread: notes stay inside. */
	static const char sql_refs[] =
		"SELECT message_id FROM messages\n"
		" WHERE ticket = :ticket AND message_id IS NOT NULL AND id <> :id\n"
		"   AND kind IN ('customer', 'agent')\n"
		" ORDER BY created_at, id";
	tkt_stmt *s;
	GMimeMessage *msg;
	GMimeTextPart *part;
	GDateTime *date;
	tkt_buf refs = TKT_BUF_INIT, subject = TKT_BUF_INIT;
	char *last = NULL, *text;
	const char *from = c->mail.address;
	int64_t ticket;
	int rc;

	*out = NULL;
	if (!from)
		return tkt_error(EX_CONFIG, "no address of the help desk to send from "
		                 "(mail: address: in the configuration)");
	mail_init();
	if (!(s = db_stmt(st, sql)))
		return tkt_errcode();
	db_bind_int(s, ":id", message);
	if ((rc = db_step(s)) != DB_ROW) {
		db_reset(s);
		return db_error(st, rc, "reading the reply");
	}
	ticket = db_int(s, 0);
	if (db_null(s, 6)) {
		db_reset(s);
		return tkt_error(EX_DATAERR, "ticket %lld: the customer has no email address",
		                 (long long)ticket);
	}
	msg = g_mime_message_new(TRUE);
	g_mime_message_add_mailbox(msg, GMIME_ADDRESS_TYPE_FROM, c->mail.name ? c->mail.name : "", from);
	g_mime_message_add_mailbox(msg, GMIME_ADDRESS_TYPE_TO, db_text(s, 5), db_text(s, 6));
	tkt_buf_printf(&subject, "Re: %s [#%lld]", db_text(s, 4), (long long)ticket);
	g_mime_message_set_subject(msg, subject.s, "utf-8");
	g_mime_message_set_message_id(msg, db_text(s, 3));
	date = g_date_time_new_from_unix_utc(db_int(s, 2));
	g_mime_message_set_date(msg, date);
	g_date_time_unref(date);
	text = tkt_asprintf("%s\n", db_text(s, 1));
	part = text_part("plain", text);
	free(text);
	g_mime_message_set_mime_part(msg, GMIME_OBJECT(part));
	g_object_unref(part);
	db_reset(s);

	/* The followers, in copy. */
	if (!(s = db_stmt(st, db_sql(st, SQL_FOLLOWERS)))) {
		rc = tkt_errcode();
		goto out;
	}
	db_bind_int(s, ":id", ticket);
	while ((rc = db_step(s)) == DB_ROW)
		g_mime_message_add_mailbox(msg, GMIME_ADDRESS_TYPE_CC, db_null(s, 0) ? "" : db_text(s, 0),
		                           db_text(s, 1));
	db_reset(s);
	if (rc != DB_DONE) {
		rc = db_error(st, rc, "reading the followers");
		goto out;
	}

	/* Threading: the customer's last message, and all known ids. */
	if (!(s = db_stmt(st, sql_refs))) {
		rc = tkt_errcode();
		goto out;
	}
	db_bind_int(s, ":ticket", ticket);
	db_bind_int(s, ":id", message);
	while ((rc = db_step(s)) == DB_ROW) {
		tkt_buf_printf(&refs, "%s<%s>", refs.len ? " " : "", db_text(s, 0));
		free(last);
		last = db_dup(s, 0);
	}
	db_reset(s);
	if (rc != DB_DONE) {
		rc = db_error(st, rc, "reading the thread");
		goto out;
	}
	if (last) {
		char *irt = tkt_asprintf("<%s>", last);

		g_mime_object_set_header(GMIME_OBJECT(msg), "In-Reply-To", irt, NULL);
		g_mime_object_set_header(GMIME_OBJECT(msg), "References", refs.s, NULL);
		free(irt);
	}
	{
		char *str = g_mime_object_to_string(GMIME_OBJECT(msg), NULL);

		*out = tkt_strdup(str);
		g_free(str);
	}
	rc = 0;
out:
	free(last);
	tkt_buf_release(&refs);
	tkt_buf_release(&subject);
	g_object_unref(msg);
	return rc;
}

/* ---- writing a document ---------------------------------------------- */

static int
mime_document(const struct tkt_config *c, const char *to, const char *subject, const char *text,
              const char *html, time_t at, char **out)
{
	InternetAddressList *list;
	GMimeMessage *msg;
	GMimeTextPart *plain;
	GDateTime *date;
	const char *from = c->mail.address, *domain;
	char *id, *str;
	int i, n;

	*out = NULL;
	if (!from)
		return tkt_error(EX_CONFIG, "no address of the help desk to send from "
		                 "(mail: address: in the configuration)");
	mail_init();
	list = internet_address_list_parse(NULL, to);
	n = list ? internet_address_list_length(list) : 0;
	for (i = 0; i < n; i++) {
		InternetAddress *a = internet_address_list_get_address(list, i);

		if (!INTERNET_ADDRESS_IS_MAILBOX(a) ||
		    !strchr(internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(a)), '@'))
			n = 0;
	}
	if (!n) {
		if (list)
			g_object_unref(list);
		return tkt_error(EX_USAGE, "'%s' is not a list of mail addresses", to);
	}
	msg = g_mime_message_new(TRUE);
	g_mime_message_add_mailbox(msg, GMIME_ADDRESS_TYPE_FROM, c->mail.name ? c->mail.name : "", from);
	internet_address_list_append(g_mime_message_get_to(msg), list);
	g_object_unref(list);
	g_mime_message_set_subject(msg, subject, "utf-8");
	domain = strrchr(from, '@');
	id = g_mime_utils_generate_message_id(domain && domain[1] ? domain + 1 : "tkt.invalid");
	g_mime_message_set_message_id(msg, id);
	g_free(id);
	date = g_date_time_new_from_unix_utc((gint64)at);
	g_mime_message_set_date(msg, date);
	g_date_time_unref(date);
	/* Sent by a program: auto-responders keep quiet. */
	g_mime_object_set_header(GMIME_OBJECT(msg), "Auto-Submitted", "auto-generated", NULL);
	plain = text_part("plain", text);
	if (html) {
		GMimeMultipart *alt = g_mime_multipart_new_with_subtype("alternative");
		GMimeTextPart *rich = text_part("html", html);

		g_mime_multipart_add(alt, GMIME_OBJECT(plain));
		g_mime_multipart_add(alt, GMIME_OBJECT(rich));
		g_mime_message_set_mime_part(msg, GMIME_OBJECT(alt));
		g_object_unref(rich);
		g_object_unref(alt);
	} else {
		g_mime_message_set_mime_part(msg, GMIME_OBJECT(plain));
	}
	g_object_unref(plain);
	str = g_mime_object_to_string(GMIME_OBJECT(msg), NULL);
	*out = tkt_strdup(str);
	g_free(str);
	g_object_unref(msg);
	return 0;
}

/* The SHA-256 of a message, in hex: the name it is kept under. */
static char *
mime_digest(const char *raw, size_t len)
{
	gchar *sum = g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)raw, len);
	char *out = tkt_strdup(sum);

	g_free(sum);
	return out;
}

/* What the module offers; the one symbol it exports. */
const struct tkt_mime tkt_mime = {
	TKT_MIME_VERSION, mime_parse, mime_reply, mime_digest, mime_document,
};
