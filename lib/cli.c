/* cli.c: what every tool shares: its start, memory kept to the end,
 * errors and exit codes, the store opened, committed and closed. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli-int.h"
static int cleanup_set;
static void **kept;              /* what lives until the tool exits */
static size_t nkept;

static void
cli_cleanup(void)
{
	while (nkept)
		free(kept[--nkept]);
	free(kept);
	kept = NULL;
}

static void *
keep(void *p)
{
	kept = tkt_realloc(kept, (nkept + 1) * sizeof *kept);
	kept[nkept++] = p;
	return p;
}

void *
tkt_cli_calloc(size_t n, size_t size)
{
	return keep(tkt_calloc(n, size));
}

void *
tkt_cli_keep(void *p)
{
	return keep(p);
}

/* A tool out of memory ends as the system's error (71). */
static void
out_of_memory(size_t n)
{
	fprintf(stderr, "tkt: out of memory allocating %zu bytes\n", n);
	exit(EX_OSERR);
}

void
tkt_cli_init(struct tkt_cli *cli, int argc, char **argv, const char *prog,
             const char *usage, const struct tkt_opt *opts, int words)
{
	int fd;

	/* A closed standard stream would be the next file opened (a store, a
	 * kept mail) and output would go into it: hold its place with
	 * /dev/null, read-only, so writing to it still fails. */
	for (fd = 0; fd <= 2; fd++)
		if (fcntl(fd, F_GETFD) == -1 && errno == EBADF && open("/dev/null", O_RDONLY) != fd)
			abort();
	tkt_on_oom(out_of_memory);
	memset(cli, 0, sizeof *cli);
	cli->prog = prog;
	cli->usage = usage;
	cli->opts = opts;
	cli->dash_words = words;
	cli->argc = argc;
	cli->argv = argv;
	cli->argi = 1;
	if (tkt_now(&cli->now))
		tkt_cli_fail(cli, EX_CONFIG);
	if (!cleanup_set) {
		cleanup_set = 1;
		atexit(cli_cleanup);
	}
}

/* Print "prog: msg" as one line: control characters and bytes that are
 * not UTF-8 that input text brought into the message are shown escaped. */
static void
say(const char *prog, const char *msg)
{
	const unsigned char *p;
	tkt_buf b = TKT_BUF_INIT;
	long ok;

	tkt_buf_printf(&b, "%s: ", prog);
	for (p = (const unsigned char *)msg; *p; p++) {
		if (*p == '\n')
			tkt_buf_puts(&b, "\\n");
		else if (*p == '\t')
			tkt_buf_puts(&b, "\\t");
		else if (*p < 0x20 || *p == 0x7f)
			tkt_buf_printf(&b, "\\x%02x", *p);
		else if (*p < 0x80)
			tkt_buf_putc(&b, *p);
		else if ((ok = tkt_utf8_check((const char *)p, strnlen((const char *)p, 4))) != 0) {
			/* A whole character (or all that is valid of the next four bytes). */
			ok = ok < 0 ? (long)strnlen((const char *)p, 4) : ok;
			tkt_buf_add(&b, p, (size_t)ok);
			p += ok - 1;
		} else {
			tkt_buf_printf(&b, "\\x%02x", *p);
		}
	}
	tkt_buf_putc(&b, '\n');
	/* One write, so that the lines of processes sharing stderr stay whole. */
	(void)!write(STDERR_FILENO, b.s, b.len);   /* nowhere left to say it failed */
	tkt_buf_release(&b);
}

/* Roll back and close the store, free the filter and the configuration. */
static void
release(struct tkt_cli *cli)
{
	tkt_store_close(cli->store);
	cli->store = NULL;
	tkt_filter_free(cli->filter);
	cli->filter = NULL;
	tkt_config_free(cli->config);
	cli->config = NULL;
}

void
tkt_cli_warn(struct tkt_cli *cli)
{
	say(cli->prog, tkt_errmsg());
}

void
tkt_cli_usage(struct tkt_cli *cli, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	say(cli->prog, msg);
	release(cli);
	exit(cli->exit_as ? cli->exit_as : EX_USAGE);
}

void
tkt_cli_fail(struct tkt_cli *cli, int code)
{
	say(cli->prog, tkt_errmsg());
	release(cli);
	exit(cli->exit_as ? cli->exit_as : code ? code : EX_SOFTWARE);
}

int
tkt_cli_try_open(struct tkt_cli *cli, enum tkt_open_mode mode)
{
	char *path;
	int rc;

	if ((rc = tkt_cli_config_load(cli)))
		return rc;
	path = cli->db ? tkt_strdup(cli->db) : tkt_store_path_from(cli->config->store);
	rc = path ? tkt_store_open(&cli->store, path, mode) : EX_CONFIG;
	free(path);
	return rc;
}

tkt_store *
tkt_cli_open(struct tkt_cli *cli, enum tkt_open_mode mode)
{
	int rc = tkt_cli_try_open(cli, mode);

	if (rc)
		tkt_cli_fail(cli, rc);
	tkt_cli_tag_words_check(cli);
	return cli->store;
}

tkt_filter *
tkt_cli_filter(struct tkt_cli *cli, const char *const *words, size_t n)
{
	size_t i;
	int rc;

	tkt_filter_free(cli->filter);
	cli->filter = tkt_filter_new(cli->now, cli->agent);
	for (i = 0; i < n; i++)
		if ((rc = tkt_filter_add(cli->filter, words[i])))
			tkt_cli_fail(cli, rc);
	return cli->filter;
}

void
tkt_cli_begin(struct tkt_cli *cli)
{
	int rc = tkt_begin(cli->store);

	if (rc)
		tkt_cli_fail(cli, rc);
}

void
tkt_cli_begin_adding(struct tkt_cli *cli)
{
	int rc = db_begin_adding(cli->store);

	if (rc)
		tkt_cli_fail(cli, rc);
}

/* Whether stdout is a pipe whose reader has gone (like head after its
 * lines): output no one wanted any more, not an error to report. */
static int
reader_gone(void)
{
	struct pollfd p = { STDOUT_FILENO, 0, 0 };

	return poll(&p, 1, 0) == 1 && (p.revents & POLLERR);
}

/* With SIGPIPE ignored, a reader that has gone ends the process as if
 * it were not. */
int
tkt_cli_flush(void)
{
	if (tkt_out_flush(stdout, "stdout") == 0)
		return 0;
	if (reader_gone()) {
		signal(SIGPIPE, SIG_DFL);
		raise(SIGPIPE);
	}
	return EX_IOERR;
}

void
tkt_cli_commit(struct tkt_cli *cli)
{
	int rc;

	/* What the command prints goes out first: when it cannot, nothing
	 * is stored, and a script that retries does not store it twice. */
	if ((rc = tkt_cli_flush())) {
		tkt_error(rc, "%s; nothing stored", tkt_errmsg());
		tkt_store_discard(cli->store);      /* and a store it made goes */
		cli->store = NULL;
		tkt_cli_fail(cli, rc);
	}
	if ((rc = tkt_commit(cli->store)))
		tkt_cli_fail(cli, rc);
}

int
tkt_cli_finish(struct tkt_cli *cli, int status)
{
	int rc;

	release(cli);
	if ((rc = tkt_term_close())) {
		say(cli->prog, tkt_errmsg());
		return cli->exit_as ? cli->exit_as : rc;
	}
	if (tkt_cli_flush()) {
		say(cli->prog, tkt_errmsg());
		return cli->exit_as ? cli->exit_as : EX_IOERR;
	}
	return status;
}
