/* mail.c: the mail channel.  Incoming mail is read with GMime: the
 * sender, the subject, the ids that thread it, its text (plain text
 * preferred, HTML turned into text, every charset into UTF-8) split from
 * the quoted history below it, its attachments; then it becomes a ticket
 * or a customer message on the ticket it answers.  Replies leave as
 * RFC 5322 messages, built with GMime. */
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

/* ---- text ------------------------------------------------------------ */

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

static char *
part_text(GMimeObject *part)
{
	char *t = GMIME_IS_TEXT_PART(part) ? g_mime_text_part_get_text(GMIME_TEXT_PART(part)) : NULL;
	char *out;

	if (!t)
		return NULL;
	out = clean_utf8(t, strlen(t), 0);
	g_free(t);
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

/* The sender: the first mailbox of From, else of Reply-To or Sender. */
static int
sender(struct tkt_mail *m, GMimeMessage *msg)
{
	InternetAddressList *lists[] = {
		g_mime_message_get_from(msg), g_mime_message_get_reply_to(msg),
		g_mime_message_get_sender(msg),
	};
	size_t k;
	int i;

	for (k = 0; k < sizeof lists / sizeof lists[0]; k++) {
		for (i = 0; lists[k] && i < internet_address_list_length(lists[k]); i++) {
			InternetAddress *ia = internet_address_list_get_address(lists[k], i);
			const char *addr, *name;

			if (!INTERNET_ADDRESS_IS_MAILBOX(ia))
				continue;
			addr = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(ia));
			if (!addr || !tkt_email_valid(addr))
				continue;
			name = internet_address_get_name(ia);
			m->from_addr = tkt_strdup(addr);
			if (name && *name) {
				m->from_name = clean_utf8(name, strlen(name), 1);
				/* A name that is only the address, or quotes, is none. */
				if (strchr(m->from_name, '@') || strpbrk(m->from_name, "<>\"") ||
				    !tkt_line_valid(m->from_name)) {
					free(m->from_name);
					m->from_name = NULL;
				}
			}
			return 0;
		}
	}
	/* A From the parser could not read ("Name addr@host"): the first
	 * thing in it that looks like an address. */
	{
		const char *v = g_mime_object_get_header(GMIME_OBJECT(msg), "From");
		const char *at = v ? strchr(v, '@') : NULL;

		if (at) {
			const char *a = at, *b = at;
			char *addr;

			while (a > v && !strchr(" \t<>\",:;", a[-1]))
				a--;
			while (*b && !strchr(" \t<>\",:;", *b))
				b++;
			addr = tkt_strndup(a, (size_t)(b - a));
			if (tkt_email_valid(addr)) {
				m->from_addr = addr;
				return 0;
			}
			free(addr);
		}
	}
	return tkt_error(EX_DATAERR, "the message has no sender address (From)");
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

int
tkt_mail_parse(const char *raw, size_t len, struct tkt_mail *m)
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
	if ((rc = sender(m, msg)))
		goto out;
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

/* The ticket a message answers: the [#ID] of its subject, else one of
 * the messages it names.  0 when none. */
static int
thread(tkt_store *st, const struct tkt_mail *m, int64_t *ticket)
{
	static const char sql[] = "SELECT ticket FROM messages WHERE message_id = :id";
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
		if (tkt_id_parse(num, &id) == 0 && tkt_ticket_exists(st, id) == 0) {
			*ticket = id;
			return 0;
		}
	}
	for (i = m->nrefs; i-- > 0;) {
		sqlite3_stmt *s = db_stmt(st, sql);

		if (!s)
			return EX_SOFTWARE;
		db_bind_text(s, ":id", m->refs[i]);
		rc = sqlite3_step(s);
		if (rc == SQLITE_ROW)
			*ticket = sqlite3_column_int64(s, 0);
		sqlite3_reset(s);
		if (rc == SQLITE_ROW)
			return 0;
		if (rc != SQLITE_DONE)
			return db_error(st, rc, "threading");
	}
	return 0;
}

static int
own_address(const struct tkt_config *c, const char *addr)
{
	size_t i;

	if (c->mail.address && strcasecmp(c->mail.address, addr) == 0)
		return 1;
	for (i = 0; i < c->mail.nown; i++)
		if (strcasecmp(c->mail.own[i], addr) == 0)
			return 1;
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
	static const char sql[] =
		"INSERT INTO attachments (message, name, type, size, data, path)\n"
		"     VALUES (:message, :name, :type, :size, :data, :path)";
	size_t i;
	int rc = 0;

	for (i = 0; i < m->natt && !rc; i++) {
		const struct tkt_attachment *a = &m->att[i];
		sqlite3_stmt *s;
		char *path = NULL;

		if (dir) {
			char *sub = tkt_asprintf("%s/%lld", dir, (long long)msg);

			rc = save_file(sub, a->name ? a->name : "attachment", a->data, a->size, &path);
			free(sub);
			if (rc)
				break;
		}
		if (!(s = db_stmt(st, sql))) {
			free(path);
			return EX_SOFTWARE;
		}
		db_bind_int(s, ":message", msg);
		db_bind_text(s, ":name", a->name);
		db_bind_text(s, ":type", a->type);
		db_bind_int(s, ":size", (int64_t)a->size);
		if (dir)
			sqlite3_bind_null(s, sqlite3_bind_parameter_index(s, ":data"));
		else
			sqlite3_bind_blob64(s, sqlite3_bind_parameter_index(s, ":data"), a->data, a->size,
			                    SQLITE_STATIC);
		db_bind_text(s, ":path", path);
		rc = db_exec(st, s);
		free(path);
	}
	return rc;
}

int
tkt_mail_deliver(tkt_store *st, const struct tkt_mail *m, const struct tkt_config *c,
                 const char *actor, time_t at, int64_t *ticket, enum tkt_delivery *what)
{
	static const char sql_known[] =
		"SELECT ticket FROM messages WHERE message_id = :id";
	static const char sql_quoted[] =
		"UPDATE messages SET quoted = :quoted WHERE id = :id";
	struct tkt_message_new msg = { 0 };
	char *requester = NULL, *subject = NULL;
	const char *body = m->body && *m->body ? m->body : "(the message has no text)";
	sqlite3_stmt *s;
	int64_t mid = 0;
	int rc;

	*ticket = 0;
	*what = TKT_MAIL_DROPPED;
	/* Delivered before: the same Message-ID. */
	if (!(s = db_stmt(st, sql_known)))
		return EX_SOFTWARE;
	db_bind_text(s, ":id", m->message_id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*ticket = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (rc == SQLITE_ROW) {
		*what = TKT_MAIL_DUPLICATE;
		return 0;
	}
	if (rc != SQLITE_DONE)
		return db_error(st, rc, "looking for the message");
	if ((rc = thread(st, m, ticket)))
		return rc;
	/* Mail from ourselves, or sent automatically, never opens a ticket. */
	if (own_address(c, m->from_addr) || m->auto_reply) {
		if (!c->mail.keep_auto || !*ticket)
			return 0;
		msg.kind = TKT_SYSTEM;
		msg.author = m->from_addr;
	} else {
		msg.kind = TKT_CUSTOMER;
	}
	if (!*ticket) {
		struct tkt_ticket_new t = { 0 };

		requester = m->from_name ? tkt_asprintf("%s <%s>", m->from_name, m->from_addr)
		                         : tkt_strdup(m->from_addr);
		subject = clean_subject(m->subject);
		t.subject = subject;
		t.requester = requester;
		t.channel = "email";
		t.actor = actor;
		t.at = at;
		if ((rc = tkt_ticket_create(st, &t, ticket)))
			goto out;
		*what = TKT_MAIL_NEW;
	} else {
		*what = TKT_MAIL_ADDED;
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
			rc = EX_SOFTWARE;
			goto out;
		}
		db_bind_text(s, ":quoted", m->quoted);
		db_bind_int(s, ":id", mid);
		if ((rc = db_exec(st, s)))
			goto out;
	}
	rc = attachments_store(st, mid, m, c->mail.attachments);
out:
	free(requester);
	free(subject);
	return rc;
}

int
tkt_mail_reject(const struct tkt_config *c, const char *raw, size_t len, char **path)
{
	gchar *sum;
	char *name;
	int rc;

	*path = NULL;
	if (!c->mail.rejected)
		return tkt_error(EX_CONFIG, "no directory for rejected mail (mail: rejected:)");
	sum = g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)raw, len);
	name = tkt_asprintf("%.32s.eml", sum);
	g_free(sum);
	/* Named by its content: kept before is kept. */
	*path = tkt_asprintf("%s/%s", c->mail.rejected, name);
	if (access(*path, F_OK) == 0) {
		free(name);
		return 0;
	}
	free(*path);
	rc = save_file(c->mail.rejected, name, raw, len, path);
	free(name);
	return rc;
}

/* ---- writing a reply ------------------------------------------------- */

int
tkt_mail_reply(tkt_store *st, const struct tkt_config *c, int64_t message, char **out)
{
	static const char sql[] =
		"SELECT m.ticket, m.body, m.created_at, m.message_id, t.subject,\n"
		"       coalesce(cu.name, ''), cu.email, m.author\n"
		"  FROM messages m JOIN tickets t ON t.id = m.ticket\n"
		"  JOIN customers cu ON cu.id = t.requester\n"
		" WHERE m.id = :id";
	static const char sql_refs[] =
		"SELECT message_id FROM messages\n"
		" WHERE ticket = :ticket AND message_id IS NOT NULL AND id <> :id\n"
		" ORDER BY created_at, id";
	sqlite3_stmt *s;
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
		return EX_SOFTWARE;
	db_bind_int(s, ":id", message);
	if ((rc = sqlite3_step(s)) != SQLITE_ROW) {
		sqlite3_reset(s);
		return db_error(st, rc, "reading the reply");
	}
	ticket = sqlite3_column_int64(s, 0);
	if (sqlite3_column_type(s, 6) == SQLITE_NULL) {
		sqlite3_reset(s);
		return tkt_error(EX_DATAERR, "ticket %lld: the customer has no email address",
		                 (long long)ticket);
	}
	msg = g_mime_message_new(TRUE);
	g_mime_message_add_mailbox(msg, GMIME_ADDRESS_TYPE_FROM, c->mail.name ? c->mail.name : "", from);
	g_mime_message_add_mailbox(msg, GMIME_ADDRESS_TYPE_TO, db_text(s, 5), db_text(s, 6));
	tkt_buf_printf(&subject, "Re: %s [#%lld]", db_text(s, 4), (long long)ticket);
	g_mime_message_set_subject(msg, subject.s, "utf-8");
	g_mime_message_set_message_id(msg, db_text(s, 3));
	date = g_date_time_new_from_unix_utc(sqlite3_column_int64(s, 2));
	g_mime_message_set_date(msg, date);
	g_date_time_unref(date);
	/* The text as UTF-8, encoded (quoted-printable or base64) for 7-bit
	 * transport. */
	part = g_mime_text_part_new_with_subtype("plain");
	text = tkt_asprintf("%s\n", db_text(s, 1));
	{
		GMimeStream *stream = g_mime_stream_mem_new_with_buffer(text, strlen(text));
		GMimeDataWrapper *content = g_mime_data_wrapper_new_with_stream(stream,
		                                                                GMIME_CONTENT_ENCODING_DEFAULT);

		g_mime_part_set_content(GMIME_PART(part), content);
		g_object_unref(content);
		g_object_unref(stream);
	}
	free(text);
	g_mime_text_part_set_charset(part, "utf-8");
	g_mime_object_encode(GMIME_OBJECT(part), GMIME_ENCODING_CONSTRAINT_7BIT);
	g_mime_message_set_mime_part(msg, GMIME_OBJECT(part));
	g_object_unref(part);
	sqlite3_reset(s);

	/* Threading: the customer's last message, and all known ids. */
	if (!(s = db_stmt(st, sql_refs))) {
		rc = EX_SOFTWARE;
		goto out;
	}
	db_bind_int(s, ":ticket", ticket);
	db_bind_int(s, ":id", message);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		tkt_buf_printf(&refs, "%s<%s>", refs.len ? " " : "", db_text(s, 0));
		free(last);
		last = db_dup(s, 0);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
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

char *
tkt_mail_new_id(const struct tkt_config *c, int64_t ticket)
{
	const char *at = c->mail.address ? strchr(c->mail.address, '@') : NULL;
	guint32 r1 = g_random_int(), r2 = g_random_int();

	return tkt_asprintf("tkt.%lld.%08x%08x@%s", (long long)ticket, r1, r2, at ? at + 1 : "tkt.invalid");
}
