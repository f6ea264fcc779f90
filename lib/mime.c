/* mime.c: the part of the mail channel that needs GMime, built as a module
 * that tkt-new, tkt-reply and tkt-report load only when they read or write
 * mail, so that every other run starts without GMime and the libraries it
 * brings (GLib, GIO, GPGME, uchardet ...).  Incoming mail: the sender, the
 * subject, the ids that thread it, its text (plain text preferred, HTML
 * turned into text, every charset into UTF-8) split from the quoted
 * history, its attachments.  Text that does not say its charset (a part
 * without one, or with us-ascii over 8-bit bytes, or with one iconv does
 * not know; raw 8-bit bytes in the headers) is read in the charset
 * detect_charset decides.  Replies and reports leave as RFC 5322
 * messages. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <gmime/gmime.h>
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <uchardet.h>
#include <unistd.h>

#include "tkt-int.h"
#include "tkt-module.h"
#include "mime-int.h"

static void
mail_init(void)
{
	static int done;

	if (!done) {
		g_mime_init();
		done = 1;
	}
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
	struct tkt_mail   *m;
	const char *const *charsets;     /* likely charsets of undeclared text */
	char              *plain, *html; /* the first of each, UTF-8 */
	int                depth;
};

/* The content of a part, its transfer encoding undone; NULL for a part
 * without.  Free it with g_byte_array_free(bytes, TRUE). */
static GByteArray *
part_bytes(GMimeObject *part)
{
	GMimeDataWrapper *content = GMIME_IS_PART(part) ? g_mime_part_get_content(GMIME_PART(part)) : NULL;
	GMimeStream *mem;
	GByteArray *bytes;

	if (!content)
		return NULL;
	mem = g_mime_stream_mem_new();
	g_mime_data_wrapper_write_to_stream(content, mem);
	bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
	g_mime_stream_mem_set_owner(GMIME_STREAM_MEM(mem), FALSE);
	g_object_unref(mem);
	return bytes;
}

/* The charset an HTML text names in its <meta> (charset=NAME near the
 * start), when usable; NULL when none.  Free it. */
static char *
meta_charset(const char *s, size_t n)
{
	char head[1025], *p, *end;

	if (!n)
		return NULL;
	n = n < sizeof head - 1 ? n : sizeof head - 1;
	memcpy(head, s, n);
	head[n] = '\0';
	for (p = head; (p = strchr(p, '=')); p++) {
		if (p - head < 7 || g_ascii_strncasecmp(p - 7, "charset", 7) != 0)
			continue;
		p += 1 + (p[1] == '"' || p[1] == '\'');
		for (end = p; *end && (g_ascii_isalnum(*end) || strchr("-_.:", *end)); end++)
			;
		*end = '\0';
		return usable(p) ? tkt_strdup(p) : NULL;
	}
	return NULL;
}

/* The charset of a text part's bytes, when it declares none it can be
 * read in: detect_charset's, an HTML part's <meta charset> the hint. */
static char *
undeclared_charset(GMimeObject *part, const GByteArray *bytes, const char *const *charsets)
{
	char *meta = NULL, *cs;
	const char *hints[2] = { NULL, NULL };

	if (g_mime_content_type_is_type(g_mime_object_get_content_type(part), "text", "html"))
		hints[0] = meta = meta_charset((const char *)bytes->data, bytes->len);
	cs = detect_charset((const char *)bytes->data, bytes->len, hints, charsets);
	free(meta);
	return cs;
}

/* The text of a part in UTF-8, read to its length: a NUL in it is
 * dropped, not the end of it.  A charset the part declares converts it,
 * as g_mime_text_part_get_text would; without one it can be read in, the
 * bytes are read in the charset detect_charset decides. */
static char *
part_text(GMimeObject *part, const char *const *charsets)
{
	GMimeDataWrapper *content = GMIME_IS_TEXT_PART(part) ? g_mime_part_get_content(GMIME_PART(part)) : NULL;
	const char *charset = g_mime_object_get_content_type_parameter(part, "charset");
	GMimeStream *mem, *filtered;
	GMimeFilter *conv;
	GByteArray *bytes;
	char *out, *cs;

	if (!content)
		return NULL;
	if (!usable(charset)) {
		bytes = part_bytes(part);
		cs = undeclared_charset(part, bytes, charsets);
		out = text_in((const char *)bytes->data, bytes->len, cs, 0);
		free(cs);
		g_byte_array_free(bytes, TRUE);
		return out;
	}
	mem = g_mime_stream_mem_new();
	filtered = g_mime_stream_filter_new(mem);
	if ((conv = g_mime_filter_charset_new(charset, "utf-8"))) {
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

/* Is obj a part the message's text is taken from, of subtype plain or
 * html: not an attachment (nor a plain text with a file name)? */
static int
is_text(GMimeObject *obj, const char *subtype)
{
	GMimeContentDisposition *disp = g_mime_object_get_content_disposition(obj);

	if (!g_mime_content_type_is_type(g_mime_object_get_content_type(obj), "text", subtype) ||
	    (disp && g_mime_content_disposition_is_attachment(disp)))
		return 0;
	return strcmp(subtype, "plain") != 0 || !g_mime_part_get_filename(GMIME_PART(obj));
}

static void
walk(struct walk *w, GMimeObject *obj)
{
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
		if (!w->plain && is_text(obj, "plain"))
			w->plain = part_text(obj, w->charsets);
		else if (!w->html && is_text(obj, "html"))
			w->html = part_text(obj, w->charsets);
		else
			attachment_add(w->m, obj);
	}
	w->depth--;
}

/* The first part under obj that walk would take the text of subtype
 * from; NULL when none. */
static GMimeObject *
first_text(GMimeObject *obj, const char *subtype, int depth)
{
	GMimeObject *found = NULL;
	int i, n;

	if (!obj || depth > 32)
		return NULL;
	if (GMIME_IS_MULTIPART(obj)) {
		n = g_mime_multipart_get_count(GMIME_MULTIPART(obj));
		for (i = 0; i < n && !found; i++)
			found = first_text(g_mime_multipart_get_part(GMIME_MULTIPART(obj), i), subtype, depth + 1);
		return found;
	}
	return GMIME_IS_PART(obj) && is_text(obj, subtype) ? obj : NULL;
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

/* The charset the message's text is in, as a hint for its raw headers:
 * the one its text part declares, else the one detected in its bytes;
 * NULL when it has none, or is UTF-8.  Free it. */
static char *
text_charset(GMimeObject *body, const char *const *charsets)
{
	GMimeObject *part = first_text(body, "plain", 1);
	const char *declared;
	GByteArray *bytes;
	char *cs;

	if (!part && !(part = first_text(body, "html", 1)))
		return NULL;
	declared = g_mime_object_get_content_type_parameter(part, "charset");
	if (usable(declared))
		return same_charset(declared, "UTF-8") ? NULL : tkt_strdup(declared);
	if (!(bytes = part_bytes(part)))
		return NULL;
	cs = undeclared_charset(part, bytes, charsets);
	g_byte_array_free(bytes, TRUE);
	if (same_charset(cs, "UTF-8")) {
		free(cs);
		return NULL;
	}
	return cs;
}

/* Add to hints (at most max) the usable charsets that the encoded words
 * (=?charset?Q?...?=) of a raw header value name; *budget is how many
 * more may be looked at, a bound for hostile headers. */
static void
word_charsets(const char *v, char **hints, size_t max, int *budget)
{
	const char *p, *end;
	char *cs;
	size_t i;

	for (p = v; *budget > 0 && (p = strstr(p, "=?")); p = end) {
		p += 2;
		end = p + strcspn(p, "?*");
		if (!*end || end == p || end - p > 40)
			continue;
		--*budget;
		cs = tkt_strndup(p, (size_t)(end - p));
		for (i = 0; i < max && hints[i] && !same_charset(hints[i], cs); i++)
			;
		if (i < max && !hints[i] && usable(cs))
			hints[i] = cs;
		else
			free(cs);
	}
}

/* The charset of the raw 8-bit bytes in the message's headers that are
 * not UTF-8 (Subject, From, To ... written by a client that encodes
 * nothing), decided once for all of them, with the charset of the
 * message's text, then those its encoded words name, as hints; NULL when
 * there are none.  Free it. */
static char *
headers_charset(GMimeMessage *msg, const char *const *charsets)
{
	static const char *const names[] = { "Subject", "From", "Sender", "Reply-To", "To", "Cc", NULL };
	GMimeHeaderList *list = g_mime_object_get_header_list(GMIME_OBJECT(msg));
	tkt_buf raw = TKT_BUF_INIT;
	char *hints[6] = { NULL }, *cs = NULL;
	const char *v, *name;
	size_t i, k;
	int n = list ? g_mime_header_list_get_count(list) : 0, j, budget = 64;

	for (j = 0; j < n; j++) {
		GMimeHeader *h = g_mime_header_list_get_header_at(list, j);

		if (!(v = g_mime_header_get_raw_value(h)) || !(name = g_mime_header_get_name(h)))
			continue;
		for (k = 0; names[k] && g_ascii_strcasecmp(name, names[k]) != 0; k++)
			;
		if (names[k] && !is_utf8(v, strlen(v))) {
			tkt_buf_puts(&raw, v);
			tkt_buf_putc(&raw, '\n');
		}
	}
	if (raw.len) {
		hints[0] = text_charset(g_mime_message_get_mime_part(msg), charsets);
		for (j = 0; j < n && budget > 0; j++) {
			v = g_mime_header_get_raw_value(g_mime_header_list_get_header_at(list, j));
			if (v)
				word_charsets(v, hints + 1, sizeof hints / sizeof *hints - 2, &budget);
		}
		/* No text charset: the encoded words' hints move up. */
		cs = detect_charset(raw.s, raw.len, (const char *const *)(hints[0] ? hints : hints + 1),
		                    charsets);
	}
	for (i = 0; i < sizeof hints / sizeof *hints; i++)
		free(hints[i]);
	tkt_buf_release(&raw);
	return cs;
}

/* The message in raw, its raw 8-bit header values read as UTF-8 where
 * they are, else in charset (NULL: Latin-1); NULL when it is none.
 * *options: the parser's, to free after the message. */
static GMimeMessage *
parse(const char *raw, size_t len, const char *charset, GMimeParserOptions **options)
{
	const char *fallback[] = { "UTF-8", charset, NULL };
	GMimeStream *stream = g_mime_stream_mem_new_with_buffer(raw, len);
	GMimeParser *parser = g_mime_parser_new_with_stream(stream);
	GMimeMessage *msg;

	*options = NULL;
	if (charset) {
		*options = g_mime_parser_options_new();
		g_mime_parser_options_set_fallback_charsets(*options, fallback);
	}
	msg = g_mime_parser_construct_message(parser, *options);
	g_object_unref(parser);
	g_object_unref(stream);
	return msg;
}

/* The text of a multipart whose boundary never comes: all of it sits in
 * the prologue, after a boundary line and part headers, if any. */
static char *
broken_multipart(GMimeObject *obj, const char *const *charsets)
{
	const char *p = GMIME_IS_MULTIPART(obj) ? g_mime_multipart_get_prologue(GMIME_MULTIPART(obj)) : NULL;
	const char *blank;
	char *cs, *text;

	if (!p)
		return tkt_strdup("");
	if (p[0] == '-' && p[1] == '-' && (blank = strstr(p, "\n\n")))
		p = blank + 2;
	cs = detect_charset(p, strlen(p), NULL, charsets);
	text = text_in(p, strlen(p), cs, 0);
	free(cs);
	return text;
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
	GMimeParserOptions *options = NULL;
	GMimeMessage *msg;
	struct walk w = { m, charsets, NULL, NULL, 0 };
	const char *v;
	char *text, *cs;
	int rc;

	memset(m, 0, sizeof *m);
	mail_init();
	msg = parse(raw, len, NULL, &options);
	if (msg && g_mime_object_get_header_list(GMIME_OBJECT(msg)) &&
	    (cs = headers_charset(msg, charsets))) {
		/* Raw 8-bit headers: read again, in the charset decided. */
		g_object_unref(msg);
		msg = parse(raw, len, cs, &options);
		free(cs);
	}
	if (!msg || !g_mime_object_get_header_list(GMIME_OBJECT(msg)) ||
	    g_mime_header_list_get_count(g_mime_object_get_header_list(GMIME_OBJECT(msg))) == 0) {
		if (msg)
			g_object_unref(msg);
		if (options)
			g_mime_parser_options_free(options);
		return tkt_error(EX_DATAERR, "not a mail message: no headers");
	}
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
	{
		GDateTime *date = g_mime_message_get_date(msg);

		m->date = date ? (time_t)g_date_time_to_unix(date) : 0;
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
		text = broken_multipart(g_mime_message_get_mime_part(msg), charsets);
	tkt_mail_split(text, &m->body, &m->quoted);
	free(text);
	body_fit(m);
	rc = 0;
out:
	free(w.plain);
	free(w.html);
	g_object_unref(msg);
	if (options)
		g_mime_parser_options_free(options);
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

/* The help desk's From, a Date and a Subject: what every mail it sends
 * has. */
static GMimeMessage *
mail_new(const struct tkt_mail_out *m)
{
	GMimeMessage *msg = g_mime_message_new(TRUE);
	GDateTime *date = g_date_time_new_from_unix_utc((gint64)m->at);

	g_mime_message_add_mailbox(msg, GMIME_ADDRESS_TYPE_FROM, m->from_name, m->from);
	g_mime_message_set_subject(msg, m->subject, "utf-8");
	g_mime_message_set_date(msg, date);
	g_date_time_unref(date);
	return msg;
}

/* The message as text, a string of ours. */
static char *
mail_text(GMimeMessage *msg)
{
	char *str = g_mime_object_to_string(GMIME_OBJECT(msg), NULL), *out = tkt_strdup(str);

	g_free(str);
	g_object_unref(msg);
	return out;
}

/* An attachment as a part of its own: its type, its name, in base64. */
static GMimeObject *
attachment_part(const struct tkt_attachment *a)
{
	GMimeContentType *type = g_mime_content_type_parse(NULL, a->type);
	GMimePart *part = g_mime_part_new();
	GMimeStream *stream = g_mime_stream_mem_new_with_buffer(a->data, a->size);
	GMimeDataWrapper *content = g_mime_data_wrapper_new_with_stream(stream,
	                                                                GMIME_CONTENT_ENCODING_DEFAULT);

	if (type) {
		g_mime_object_set_content_type(GMIME_OBJECT(part), type);
		g_object_unref(type);
	}
	g_mime_part_set_content(part, content);
	g_object_unref(content);
	g_object_unref(stream);
	g_mime_object_set_disposition(GMIME_OBJECT(part), GMIME_DISPOSITION_ATTACHMENT);
	if (a->name)
		g_mime_part_set_filename(part, a->name);
	g_mime_part_set_content_encoding(part, GMIME_CONTENT_ENCODING_BASE64);
	return GMIME_OBJECT(part);
}

static int
mime_reply(const struct tkt_mail_out *m, char **out)
{
	GMimeMessage *msg;
	GMimeTextPart *part;
	size_t i;

	mail_init();
	msg = mail_new(m);
	g_mime_message_add_mailbox(msg, GMIME_ADDRESS_TYPE_TO, m->to_name, m->to);
	for (i = 0; i < m->ncc; i++)
		g_mime_message_add_mailbox(msg, GMIME_ADDRESS_TYPE_CC,
		                           m->cc[i].name ? m->cc[i].name : "", m->cc[i].addr);
	g_mime_message_set_message_id(msg, m->message_id);
	part = text_part("plain", m->body);
	if (m->natt) {
		/* The text, then each file. */
		GMimeMultipart *mixed = g_mime_multipart_new_with_subtype("mixed");

		g_mime_multipart_add(mixed, GMIME_OBJECT(part));
		for (i = 0; i < m->natt; i++) {
			GMimeObject *file = attachment_part(&m->att[i]);

			g_mime_multipart_add(mixed, file);
			g_object_unref(file);
		}
		g_mime_message_set_mime_part(msg, GMIME_OBJECT(mixed));
		g_object_unref(mixed);
	} else {
		g_mime_message_set_mime_part(msg, GMIME_OBJECT(part));
	}
	g_object_unref(part);
	if (m->in_reply_to) {
		g_mime_object_set_header(GMIME_OBJECT(msg), "In-Reply-To", m->in_reply_to, NULL);
		g_mime_object_set_header(GMIME_OBJECT(msg), "References", m->references, NULL);
	}
	*out = mail_text(msg);
	return 0;
}

/* ---- writing a document ---------------------------------------------- */

static int
mime_document(const struct tkt_mail_out *m, const char *to, const char *text, const char *html,
              char **out)
{
	InternetAddressList *list;
	GMimeMessage *msg;
	GMimeTextPart *plain;
	const char *domain;
	char *id;
	int i, n;

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
	msg = mail_new(m);
	internet_address_list_append(g_mime_message_get_to(msg), list);
	g_object_unref(list);
	domain = strrchr(m->from, '@');
	id = g_mime_utils_generate_message_id(domain && domain[1] ? domain + 1 : "tkt.invalid");
	g_mime_message_set_message_id(msg, id);
	g_free(id);
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
	*out = mail_text(msg);
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
TKT_MODULE_API;
TKT_MODULE_EXPORT const struct tkt_mime tkt_mime = {
	{ TKT_MIME_VERSION, &tkt_api }, mime_parse, mime_reply, mime_digest, mime_document,
};
