/* draft.c: a message written in the editor and not stored is kept, as git
 * keeps COMMIT_EDITMSG: one file per ticket and kind of message under the
 * XDG state directory, written as soon as the editor is left, so that
 * whatever ends the tool before the message is stored (an abort at the
 * question, Ctrl-C, SIGTERM, an error while storing) leaves it; the next
 * tkt-reply of that ticket at a terminal offers it. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "tkt-tool.h"

/* The draft kept, until the message is stored: where, and the line that
 * says so on the way out (with the text itself when it could not be
 * written), ready for a signal handler to write. */
static struct {
	const char *prog;
	char  *path;
	char  *said;
	size_t len;
	int    registered;
} kept;

static const int signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };

char *
tkt_draft_path(int64_t ticket, const char *kind)
{
	char name[64];

	snprintf(name, sizeof name, "drafts/%lld.%s", (long long)ticket, kind);
	return tkt_xdg_path("XDG_STATE_HOME", ".local/state", name);
}

/* The way out before the message is stored: say where its draft is. */
static void
say_kept(void)
{
	if (kept.said)
		(void)!write(STDERR_FILENO, kept.said, kept.len);
}

static void
on_signal(int sig)
{
	say_kept();
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Let go of the draft, as it is. */
static void
forget(void)
{
	free(kept.path);
	free(kept.said);
	kept.path = kept.said = NULL;
}

static void
on_exit_kept(void)
{
	say_kept();
	forget();
}

/* From now on every way out says where the draft is: at path (taken),
 * or, when it could not be kept there (path NULL), its text. */
static void
arm(const char *prog, char *path, const char *text)
{
	size_t i;
	char *said = path ? tkt_asprintf("%s: the draft is kept in '%s'\n", prog, path)
	                  : tkt_asprintf("%s: not stored; the draft, not kept in a file:\n%s\n", prog,
	                                 text), *old = kept.said;

	/* A signal handler may read it at any moment: never freed under it. */
	kept.said = NULL;
	kept.len = strlen(said);
	kept.said = said;
	free(old);
	free(kept.path);
	kept.prog = prog;
	kept.path = path;
	if (!kept.registered++) {
		atexit(on_exit_kept);
		for (i = 0; i < sizeof signals / sizeof signals[0]; i++)
			if (signal(signals[i], on_signal) == SIG_IGN)
				signal(signals[i], SIG_IGN);    /* nohup's stays */
	}
}

/* Write text to path through a new file beside it, mode 0600. */
static int
write_draft(const char *path, const char *text)
{
	char *dir = tkt_strndup(path, (size_t)(strrchr(path, '/') - path));
	char *tmp = tkt_asprintf("%s.XXXXXX", path);
	size_t len = strlen(text);
	int fd = -1, rc;

	if ((rc = tkt_mkdirs(dir, 1)))
		goto out;
	if ((fd = mkstemp(tmp)) < 0) {
		rc = tkt_error(EX_CANTCREAT, "cannot keep the draft in '%s': %s", dir, strerror(errno));
		goto out;
	}
	if (write(fd, text, len) != (ssize_t)len || write(fd, "\n", 1) != 1 || close(fd) != 0 ||
	    rename(tmp, path) != 0) {
		rc = tkt_error(EX_IOERR, "cannot keep the draft in '%s': %s", dir, strerror(errno));
		unlink(tmp);
	}
	fd = -1;
out:
	if (fd >= 0)
		close(fd);
	free(dir);
	free(tmp);
	return rc;
}

void
tkt_draft_keep(const char *prog, int64_t ticket, const char *kind, const char *text)
{
	char *path = tkt_draft_path(ticket, kind);
	int rc = path ? write_draft(path, text)
	              : tkt_error(EX_CANTCREAT, "cannot keep the draft: no home directory");

	if (rc) {
		fprintf(stderr, "%s: %s\n", prog, tkt_errmsg());
		free(path);
		path = NULL;
	}
	arm(prog, path, text);
}

void
tkt_draft_drop(void)
{
	if (kept.path && unlink(kept.path) != 0 && errno != ENOENT)
		fprintf(stderr, "%s: cannot remove the draft '%s': %s\n", kept.prog, kept.path,
		        strerror(errno));
	forget();
}

/* Ask on the terminal, [Y/n]: 1 yes (an empty line, or end of input), 0
 * no. */
static int
yes(FILE *tty, const char *question)
{
	char line[64];

	for (;;) {
		fputs(question, stderr);
		fflush(stderr);
		if (!fgets(line, sizeof line, tty) || strchr("yY\n", line[0]))
			return 1;
		if (strchr("nN", line[0]))
			return 0;
	}
}

char *
tkt_draft_offer(const char *prog, FILE *tty, int64_t ticket, const char *kind)
{
	char *path = tkt_draft_path(ticket, kind), *text = NULL, *question, at[32];
	struct stat sb;
	struct tm tm;
	FILE *fp;
	tkt_buf b = TKT_BUF_INIT;
	size_t n;

	if (!path || !(fp = fopen(path, "rb"))) {
		if (path && errno != ENOENT)
			fprintf(stderr, "%s: cannot read the draft '%s': %s\n", prog, path, strerror(errno));
		free(path);
		return NULL;
	}
	if (fstat(fileno(fp), &sb) != 0 || !localtime_r(&sb.st_mtime, &tm) ||
	    !strftime(at, sizeof at, "%Y-%m-%d %H:%M", &tm))
		strcpy(at, "an earlier time");
	do {
		char chunk[8192];

		tkt_buf_add(&b, chunk, n = fread(chunk, 1, sizeof chunk, fp));
	} while (n && b.len <= TKT_BODY_MAX);
	fclose(fp);
	if (b.len > TKT_BODY_MAX) {
		fprintf(stderr, "%s: the draft '%s' is larger than a message may be: not offered\n",
		        prog, path);
		tkt_buf_release(&b);
		free(path);
		return NULL;
	}
	question = tkt_asprintf("A draft of %s is kept for #%lld: continue it? [Y/n] ", at,
	                        (long long)ticket);
	if (yes(tty, question)) {
		text = tkt_buf_detach(&b);
		/* It stays kept until the message is stored. */
		arm(prog, path, NULL);
		path = NULL;
	}
	tkt_buf_release(&b);
	free(question);
	free(path);
	return text;
}
