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

#include "tkt-int.h"

/* A message found: where (an mbox's bytes at raw, or a Maildir file), its
 * number in the mailbox (from 1) and its Date. */
struct found {
	const char *raw;
	size_t      len, n;
	char       *path;
	time_t      date;
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

static int
mbox_each(const char *raw, size_t len, void *ctx)
{
	struct found *f = found_add(ctx);

	f->raw = raw;
	f->len = len;
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
		for (k = 0; k < n; k++)
			found_add(b)->path = names[k];
		free(names);
		free(sub);
	}
	if (!seen)
		return tkt_error(EX_NOINPUT, "%s: not a Maildir (no cur/ or new/ in it)", dir);
	return 0;
}

/* The bytes of message f: its file's, read (to free), or the mbox's. */
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

/* Message f parsed, with its own words on what is wrong. */
static int
parse(const struct found *f, const struct tkt_config *c, struct tkt_mail *m)
{
	char *raw, *at;
	size_t len;
	int rc;

	if ((rc = message_bytes(f, &raw, &len)))
		return rc;
	rc = tkt_mail_parse(raw ? raw : f->raw, len, c, NULL, m);
	free(raw);
	if (!rc && !m->date) {
		tkt_mail_release(m);
		rc = tkt_error(EX_DATAERR, "no Date header: the time it was written is not known");
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
tkt_mail_import(tkt_store *st, const struct tkt_config *c, const char *mbox, const char *maildir,
                const char *actor, FILE *progress, tkt_import_fn opened, void *ctx,
                struct tkt_mail_counts *counts)
{
	struct mailbox b = { 0 };
	char *raw = NULL;
	size_t len = 0, i;
	int64_t *ids = NULL;
	size_t nids = 0;
	int rc, began = 0;

	memset(counts, 0, sizeof *counts);
	if (mbox && (rc = tkt_file_read(mbox, &raw, &len)))
		return rc;
	rc = mbox ? tkt_mail_mbox_each(raw, len, mbox_each, &b) : maildir_list(maildir, &b);
	if (rc && mbox && rc != EX_UNAVAILABLE)
		rc = tkt_error(rc, "%s: %s", mbox, tkt_errmsg());
	/* Each one's Date first, to deliver them in the order of time. */
	for (i = 0; !rc && i < b.n; i++) {
		struct tkt_mail m;

		if (!(rc = parse(&b.msgs[i], c, &m))) {
			b.msgs[i].date = m.date;
			tkt_mail_release(&m);
		}
		if (progress && (i + 1) % 100 == 0)
			fprintf(progress, "\rread %zu of %zu messages", i + 1, b.n);
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

		if ((rc = parse(&b.msgs[i], c, &m)))
			break;
		rc = tkt_mail_deliver(st, &m, c, actor, m.date, 1, &id, &what);
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
		if (progress && (i + 1) % 100 == 0)
			fprintf(progress, "\rstored %zu of %zu messages", i + 1, b.n);
	}
	counts->read = b.n;
	if (!rc && opened)
		rc = opened(ids, nids, ctx);
	if (!rc && began)
		rc = tkt_commit(st);
	else if (began)
		tkt_rollback(st);
	if (progress && b.n >= 100)
		fputc('\n', progress);
	for (i = 0; i < b.n; i++)
		free(b.msgs[i].path);
	free(b.msgs);
	free(ids);
	free(raw);
	return rc;
}
