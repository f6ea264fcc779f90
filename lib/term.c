/* term.c: output for a person at a terminal: whether stdout is one,
 * colour by meaning, the pager, and times relative to now.  Output that
 * is not for a terminal stays as it is. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tkt-tool.h"

int
tkt_color_parse(const char *s, enum tkt_color *c)
{
	static const char *const names[] = { "auto", "always", "never", NULL };
	int i = tkt_enum_index(names, s);

	if (i < 0)
		return tkt_error(EX_USAGE, "bad --color '%s' (auto, always or never)", s);
	*c = (enum tkt_color)i;
	return 0;
}

static int
env_set(const char *name)
{
	const char *e = getenv(name);

	return e && *e;
}

void
tkt_term_init(struct tkt_term *t, enum tkt_color c, time_t now)
{
	const char *term = getenv("TERM");

	memset(t, 0, sizeof *t);
	t->now = now;
	t->tty = isatty(STDOUT_FILENO);
	if (c == TKT_COLOR_AUTO)
		t->color = t->tty && !env_set("NO_COLOR") && !(term && strcmp(term, "dumb") == 0);
	else
		t->color = c == TKT_COLOR_ALWAYS;
}

/* ---- colour ---------------------------------------------------------- */

#define SGR(n) "\033[" n "m"

static const struct {
	enum tkt_paint what;
	const char    *value, *sgr;
} palette[] = {
#define STATUS_(i, id, name, cls, agent, customer, colour) { TKT_PAINT_STATUS, name, SGR(colour) },
	TKT_STATUS_LIST(STATUS_)
	{ TKT_PAINT_PRIORITY, "low",      SGR("2") },
	{ TKT_PAINT_PRIORITY, "high",     SGR("33") },
	{ TKT_PAINT_PRIORITY, "urgent",   SGR("1;31") },
	{ TKT_PAINT_KIND,     "customer", SGR("1;36") },
	{ TKT_PAINT_KIND,     "agent",    SGR("1;32") },
	{ TKT_PAINT_KIND,     "note",     SGR("1;33") },
	{ TKT_PAINT_KIND,     "system",   SGR("2") },
	{ TKT_PAINT_MATCH,    "match",    SGR("1;31") },
	{ TKT_PAINT_EVENT,    "event",    SGR("2") },
};

const char *
tkt_term_on(const struct tkt_term *t, enum tkt_paint what, const char *value)
{
	size_t i;

	if (!t->color || !value)
		return "";
	for (i = 0; i < sizeof palette / sizeof palette[0]; i++)
		if (palette[i].what == what && strcmp(palette[i].value, value) == 0)
			return palette[i].sgr;
	return "";
}

const char *
tkt_term_off(const struct tkt_term *t, enum tkt_paint what, const char *value)
{
	return *tkt_term_on(t, what, value) ? SGR("0") : "";
}

void
tkt_term_field(const struct tkt_term *t, FILE *fp, enum tkt_paint what, const char *value)
{
	fputs(tkt_term_on(t, what, value), fp);
	tkt_out_field(fp, value);
	fputs(tkt_term_off(t, what, value), fp);
}

void
tkt_term_marked(const struct tkt_term *t, FILE *fp, const char *s, const struct tkt_span *sp, size_t n)
{
	const char *on = tkt_term_on(t, TKT_PAINT_MATCH, "match");
	const char *off = tkt_term_off(t, TKT_PAINT_MATCH, "match");
	size_t i, k = 0;

	for (i = 0; s[i]; i++) {
		if (k < n && i == sp[k].at)
			fputs(on, fp);
		tkt_term_putc(t, fp, s[i] == '\n' || s[i] == '\t' ? ' ' : s[i]);
		if (k < n && i + 1 == sp[k].at + sp[k].len) {
			fputs(off, fp);
			k++;
		}
	}
}

void
tkt_term_putc(const struct tkt_term *t, FILE *fp, int c)
{
	if (t->tty && (((unsigned char)c < 0x20 && c != '\n' && c != '\t') || c == 0x7f))
		c = ' ';
	putc(c, fp);
}

/* ---- times ----------------------------------------------------------- */

const char *
tkt_term_ago(time_t at, time_t now, char buf[static 32])
{
	int64_t d = (int64_t)now - (int64_t)at;
	char span[32];

	if (d > -60 && d < 60) {
		strcpy(buf, "just now");
		return buf;
	}
	tkt_duration_str(d < 0 ? -d : d, span);
	snprintf(buf, 32, d < 0 ? "in %s" : "%s ago", span);
	return buf;
}

const char *
tkt_term_time(const struct tkt_term *t, time_t at, char buf[static 32])
{
	return t->tty ? tkt_term_ago(at, t->now, buf) : tkt_time_iso(at, buf);
}

const char *
tkt_term_due(const struct tkt_term *t, const struct tkt_due *d, char buf[static 64])
{
	char span[32];
	int64_t left;

	if (d->next < 0) {
		strcpy(buf, "-");
		return buf;
	}
	left = (int64_t)d->at[d->next] - (int64_t)t->now;
	if (!t->tty)
		snprintf(buf, 64, "%s %s", tkt_sla_targets[d->next], tkt_time_iso(d->at[d->next], span));
	else if (left > -60 && left < 60)
		snprintf(buf, 64, "%s now", tkt_sla_targets[d->next]);
	else
		snprintf(buf, 64, left > 0 ? "%s in %s" : "%s %s late", tkt_sla_targets[d->next],
		         tkt_duration_str(left > 0 ? left : -left, span));
	return buf;
}

const char *
tkt_term_age(const struct tkt_term *t, time_t at, char buf[static 32])
{
	return t->tty ? tkt_term_ago(at, t->now, buf)
	              : tkt_duration_str((int64_t)t->now - (int64_t)at, buf);
}

/* ---- the pager ---------------------------------------------------------
 * One per process: stdout goes into a pipe to it until tkt_term_close,
 * which every way out of a tool passes (tkt_cli_finish, or exit through
 * the atexit handler); a signal that ends the tool waits for it too, so
 * the shell never gets the terminal back while the pager still has it. */

static volatile pid_t pager_pid;
static int            pager_saved = -1;   /* the terminal, while paging */
static const char    *pager_cmd;
static void         (*old_handler[5])(int);
static const int      signals[5] = { SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGQUIT };

/* Whether the program name is an executable file on $PATH. */
static int
on_path(const char *name)
{
	const char *path = getenv("PATH"), *p, *end;
	struct stat sb;
	int found = 0;

	for (p = path && *path ? path : "/usr/bin:/bin"; !found && *p; p = *end ? end + 1 : end) {
		int len;
		char *file;

		end = p + strcspn(p, ":");
		len = (int)(end - p);
		file = len ? tkt_asprintf("%.*s/%s", len, p, name) : tkt_asprintf("./%s", name);
		found = stat(file, &sb) == 0 && S_ISREG(sb.st_mode) && access(file, X_OK) == 0;
		free(file);
	}
	return found;
}

/* The command to page with, or NULL for none: $TKT_PAGER, else $PAGER,
 * else less when there is one; empty or cat is none. */
static const char *
pager_command(void)
{
	const char *p = getenv("TKT_PAGER");

	if (!p)
		p = getenv("PAGER");
	if (!p)
		p = on_path("less") ? "less -FRX" : "";
	p += strspn(p, " \t");
	return *p && strcmp(p, "cat") != 0 ? p : NULL;
}

/* A signal while paging: end the pager's input, wait for the person to
 * leave it, then die of the signal. */
static void
pager_signal(int sig)
{
	close(STDOUT_FILENO);
	if (pager_pid > 0)
		while (waitpid(pager_pid, NULL, 0) < 0 && errno == EINTR)
			;
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
pager_atexit(void)
{
	(void)tkt_term_close();
}

void
tkt_term_page(const struct tkt_term *t)
{
	static int registered;
	const char *cmd;
	int fd[2], i;
	pid_t pid;

	if (!t->tty || pager_pid || !(cmd = pager_command()))
		return;
	fflush(stdout);
	/* Whatever fails here, the output goes straight to the terminal. */
	if ((pager_saved = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3)) < 0)
		return;
	if (pipe(fd) != 0) {
		fd[0] = fd[1] = -1;
		pid = -1;
	} else {
		pid = fork();
	}
	if (pid < 0) {
		for (i = 0; i < 2; i++)
			if (fd[i] >= 0)
				close(fd[i]);
		close(pager_saved);
		pager_saved = -1;
		return;
	}
	if (pid == 0) {
		dup2(fd[0], STDIN_FILENO);
		close(fd[0]);
		close(fd[1]);
		/* less shows colour and quits when all of it fits, as git's. */
		setenv("LESS", "FRX", 0);
		setenv("LV", "-c", 0);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	close(fd[0]);
	dup2(fd[1], STDOUT_FILENO);
	close(fd[1]);
	pager_cmd = cmd;
	pager_pid = pid;
	/* A pager quit before the end is no error: writes fail with EPIPE. */
	old_handler[0] = signal(SIGPIPE, SIG_IGN);
	for (i = 1; i < 5; i++)
		old_handler[i] = signal(signals[i], pager_signal);
	if (!registered++)
		atexit(pager_atexit);
}

int
tkt_term_gone(void)
{
	return pager_pid > 0 && ferror(stdout);
}

int
tkt_term_close(void)
{
	int status = 0, i;

	if (pager_pid <= 0)
		return 0;
	/* What is left goes to the pager; one that has quit wanted no more. */
	fflush(stdout);
	clearerr(stdout);
	dup2(pager_saved, STDOUT_FILENO);       /* the pipe closes: its input ends */
	close(pager_saved);
	pager_saved = -1;
	while (waitpid(pager_pid, &status, 0) < 0 && errno == EINTR)
		;
	pager_pid = 0;
	for (i = 0; i < 5; i++)
		signal(signals[i], old_handler[i]);
	if (WIFEXITED(status) && (WEXITSTATUS(status) == 126 || WEXITSTATUS(status) == 127))
		return tkt_error(EX_CONFIG, "cannot run the pager '%s' (TKT_PAGER, PAGER)", pager_cmd);
	return 0;
}
