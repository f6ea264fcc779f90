/* mail-import.c: a mailbox of past support mail into the store (tkt-import
 * --mbox, --maildir).  Each message is delivered as tkt-new --mail
 * delivers one (mail.c: threaded by Message-ID, In-Reply-To, References,
 * [#ID]; its charsets, attachments and followers), at the time of its
 * Date, in the order of those times; what the help desk itself sent is
 * its agents' replies (tkt_mail_deliver's past mail).  All in one
 * transaction: the mailbox goes in whole, or nothing of it. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "tkt-int.h"

/* A message found: where (an mbox's bytes at raw, or a Maildir file), its
 * number in the mailbox (from 1), who sent it and when the mailbox got it
 * (an mbox's "From " line, a Maildir file's time), for mail that does not
 * say, and its Date (else that). */
struct found {
	const char *raw;
	size_t      len, n;
	char       *path, *sender;
	time_t      got, date;
};

struct mailbox {
	struct found *msgs;
	size_t        n, cap;
};

static struct found *
found_add(struct mailbox *b)
{
	if (b->n == b->cap)
		b->msgs = tkt_realloc(b->msgs, (b->cap = b->cap * 2 + 256) * sizeof *b->msgs);
	memset(&b->msgs[b->n], 0, sizeof b->msgs[b->n]);
	b->msgs[b->n].n = b->n + 1;
	return &b->msgs[b->n++];
}

/* The time of an mbox's "From " line, "From SENDER Thu Jan  1 09:30:00
 * 2026" (asctime's form, UTC), and its sender when an address: what the
 * mail server was told when it took the message. */
static void
from_line(const char *line, struct found *f)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	const char *p = strchr(line, ' '), *q, *m;
	char mon[4] = { 0 };
	struct tm tm;

	if (!p || !(q = strchr(p + 1, ' ')))
		return;
	f->sender = tkt_strndup(p + 1, (size_t)(q - p - 1));
	if (!tkt_email_valid(f->sender)) {
		free(f->sender);
		f->sender = NULL;
	}
	memset(&tm, 0, sizeof tm);
	if (sscanf(q, " %*3s %3s %d %d:%d:%d %d", mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min,
	           &tm.tm_sec, &tm.tm_year) != 6 || !(m = strstr(months, mon)) ||
	    (m - months) % 3 || tm.tm_year < 1970)
		return;
	tm.tm_mon = (int)((m - months) / 3);
	tm.tm_year -= 1900;
	f->got = timegm(&tm);
}

/* The messages of an mbox (len bytes at raw): each begins after a line
 * "From SENDER DATE" at the start of the file or after a blank line, and
 * ends before the blank line that comes before the next (RFC 4155).
 * Split here by that rule alone: a parser that reads the MIME structure
 * as it goes (GMime's) runs past the next "From " line inside a
 * multipart whose closing boundary never comes, and takes every message
 * after it for that one's. */
static int
mbox_split(const char *raw, size_t len, struct mailbox *b)
{
	const char *p = raw, *end = raw + len;
	struct found *f = NULL;

	if (len < 5 || memcmp(raw, "From ", 5) != 0)
		return tkt_error(EX_DATAERR, "not an mbox: it does not begin with a \"From \" line");
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *next = nl ? nl + 1 : end;

		if (end - p >= 5 && !memcmp(p, "From ", 5) &&
		    (p == raw || (p - raw >= 2 && p[-2] == '\n') ||
		     (p - raw >= 3 && p[-2] == '\r' && p[-3] == '\n'))) {
			char *line = tkt_strndup(p, (size_t)(next - p));

			if (f) {	/* the one before ends at the blank line */
				f->len = (size_t)(p - f->raw);
				f->len -= f->len && f->raw[f->len - 1] == '\n';
				f->len -= f->len && f->raw[f->len - 1] == '\r';
			}
			f = found_add(b);
			from_line(line, f);
			free(line);
			f->raw = next;
		}
		p = next;
	}
	f->len = (size_t)(end - f->raw);
	return 0;
}

/* By name, for an order that does not hang on the directory's. */
static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The messages of a Maildir: the files of its cur/ and new/ (not tmp/,
 * where a delivery is still being written), by name within each. */
static int
maildir_list(const char *dir, struct mailbox *b)
{
	static const char *const subs[] = { "cur", "new" };
	size_t i, k;
	int seen = 0;

	for (i = 0; i < 2; i++) {
		char *sub = tkt_asprintf("%s/%s", dir, subs[i]), **names = NULL;
		size_t n = 0, cap = 0;
		struct dirent *e;
		DIR *d = opendir(sub);

		if (!d) {
			free(sub);
			continue;
		}
		seen++;
		while ((e = readdir(d))) {
			if (e->d_name[0] == '.')
				continue;
			if (n == cap)
				names = tkt_realloc(names, (cap = cap * 2 + 64) * sizeof *names);
			names[n++] = tkt_asprintf("%s/%s", sub, e->d_name);
		}
		closedir(d);
		if (n)
			qsort(names, n, sizeof *names, by_name);
		for (k = 0; k < n; k++) {
			struct found *f = found_add(b);
			struct stat sb;

			f->path = names[k];
			f->got = stat(f->path, &sb) == 0 ? sb.st_mtime : 0;
		}
		free(names);
		free(sub);
	}
	if (!seen)
		return tkt_error(EX_NOINPUT, "%s: not a Maildir (no cur/ or new/ in it)", dir);
	return 0;
}

/* The bytes of message f: its file's, read (to free), or the mbox's
 * (raw NULL). */
static int
message_bytes(const struct found *f, char **raw, size_t *len)
{
	*raw = NULL;
	if (!f->path) {
		*len = f->len;
		return 0;
	}
	return tkt_file_read(f->path, raw, len);
}

/* Where message f is, for an error. */
static char *
where(const struct found *f)
{
	return f->path ? tkt_strdup(f->path) : tkt_asprintf("message %zu", f->n);
}

/* An mbox message's lines ">From ", ">>From " ... lose one '>' (mboxrd:
 * the mbox wrote them so, to tell them from its "From " lines); NULL when
 * it has none.  To free. */
static char *
unescaped(const char *raw, size_t len, size_t *out)
{
	tkt_buf b = TKT_BUF_INIT;
	const char *p = raw, *end = raw + len;
	int any = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *next = nl ? nl + 1 : end;
		size_t k = 0;

		while (p + k < end && p[k] == '>')
			k++;
		if (k && end - (p + k) >= 5 && !memcmp(p + k, "From ", 5)) {
			any = 1;
			p++;
		}
		tkt_buf_add(&b, p, (size_t)(next - p));
		p = next;
	}
	if (!any) {
		tkt_buf_release(&b);
		return NULL;
	}
	*out = b.len;
	return tkt_buf_detach(&b);
}

/* Message f parsed, with its own words on what is wrong. */
static int
parse(const struct found *f, const struct tkt_config *c, struct tkt_mail *m)
{
	char *raw, *at;
	size_t len;
	int rc;

	if ((rc = message_bytes(f, &raw, &len)))
		return rc;
	if (!raw)
		raw = unescaped(f->raw, f->len, &len);
	rc = tkt_mail_parse(raw ? raw : f->raw, len, c, f->sender, m);
	free(raw);
	/* Without a Date, when the mailbox got it, as a mail program shows. */
	if (!rc && !m->date && !(m->date = f->got)) {
		tkt_mail_release(m);
		rc = tkt_error(EX_DATAERR, "no Date header, nor a \"From \" line's time: the time it "
		               "was written is not known");
	}
	if (rc && rc != EX_UNAVAILABLE) {
		at = where(f);
		rc = tkt_error(rc, "%s: %s", at, tkt_errmsg());
		free(at);
	}
	return rc;
}

/* In the order they were written, and of the mailbox where two share a
 * time. */
static int
by_date(const void *a, const void *b)
{
	const struct found *x = a, *y = b;

	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	return x->n < y->n ? -1 : x->n > y->n;
}

int
tkt_mail_import(tkt_store *st, const struct tkt_config *c, const struct tkt_mail_import *o,
                struct tkt_mail_counts *counts)
{
	struct mailbox b = { 0 };
	char *raw = NULL;
	size_t len = 0, i;
	int64_t *ids = NULL;
	size_t nids = 0;
	int rc, began = 0;

	memset(counts, 0, sizeof *counts);
	if (o->mbox && (rc = tkt_file_read(o->mbox, &raw, &len)))
		return rc;
	rc = o->mbox ? mbox_split(raw, len, &b) : maildir_list(o->maildir, &b);
	if (rc && o->mbox && rc != EX_UNAVAILABLE)
		rc = tkt_error(rc, "%s: %s", o->mbox, tkt_errmsg());
	/* Each one's Date first, to deliver them in the order of time; one
	 * that cannot be read fails it all, unless o->bad leaves it out. */
	for (i = 0; !rc && i < b.n; i++) {
		struct tkt_mail m;

		if (!(rc = parse(&b.msgs[i], c, &m))) {
			b.msgs[i].date = m.date;
			tkt_mail_release(&m);
		} else if (rc != EX_UNAVAILABLE && o->bad && !(rc = o->bad(o->ctx))) {
			b.msgs[i].date = -1;
			counts->bad++;
		}
		if (o->progress && (i + 1) % 100 == 0)
			fprintf(o->progress, "\rread %zu of %zu messages", i + 1, b.n);
	}
	if (!rc) {
		if (b.n)
			qsort(b.msgs, b.n, sizeof *b.msgs, by_date);
		began = !(rc = tkt_begin(st));
	}
	for (i = 0; !rc && i < b.n; i++) {
		struct tkt_mail m;
		enum tkt_delivery what;
		int64_t id;

		if (b.msgs[i].date < 0)
			continue;               /* left out */
		if ((rc = parse(&b.msgs[i], c, &m)))
			break;
		rc = tkt_mail_deliver(st, &m, c, o->actor, m.date, 1, &id, &what);
		tkt_mail_release(&m);
		if (rc) {
			char *at = where(&b.msgs[i]);

			rc = tkt_error(rc, "%s: %s", at, tkt_errmsg());
			free(at);
			break;
		}
		switch (what) {
		case TKT_MAIL_NEW:
			counts->opened++;
			ids = tkt_realloc(ids, (nids + 1) * sizeof *ids);
			ids[nids++] = id;
			break;
		case TKT_MAIL_ADDED:
		case TKT_MAIL_UNVERIFIED:
			counts->added++;
			break;
		case TKT_MAIL_DUPLICATE:
			counts->duplicates++;
			break;
		case TKT_MAIL_DROPPED:
		case TKT_MAIL_REJECTED:
			counts->dropped++;
			break;
		}
		if (o->progress && (i + 1) % 100 == 0)
			fprintf(o->progress, "\rstored %zu of %zu messages", i + 1, b.n);
	}
	counts->read = b.n;
	if (!rc && o->opened)
		rc = o->opened(ids, nids, o->ctx);
	if (!rc && began)
		rc = tkt_commit(st);
	else if (began)
		tkt_rollback(st);
	if (o->progress && b.n >= 100)
		fputc('\n', o->progress);
	for (i = 0; i < b.n; i++) {
		free(b.msgs[i].path);
		free(b.msgs[i].sender);
	}
	free(b.msgs);
	free(ids);
	free(raw);
	return rc;
}
