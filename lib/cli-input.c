/* cli-input.c: what a tool reads besides its options: ticket ids from
 * stdin, a message body from -m, -F or stdin, whole files with a limit;
 * and the ids it prints. */
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

#include "tkt-tool.h"
#include "cli-int.h"

int64_t *
tkt_cli_stdin_ids(struct tkt_cli *cli, size_t *n)
{
	char *line = NULL, *tok;
	size_t cap = 0, lineno = 0, idcap = 0;
	ssize_t len;
	int64_t id, *ids = NULL;
	int rc = 0;

	*n = 0;
	if (isatty(STDIN_FILENO))
		tkt_cli_usage(cli, "no ticket id given (as arguments or on stdin)");
	while (!rc && (len = getline(&line, &cap, stdin)) >= 0) {
		lineno++;
		if (memchr(line, '\0', (size_t)len)) {
			rc = tkt_error(EX_DATAERR, "stdin line %zu: NUL byte", lineno);
			break;
		}
		tok = line + strspn(line, " \t\r\n");
		tok[strcspn(tok, " \t\r\n")] = '\0';
		if (!*tok)
			continue;
		if (tkt_id_parse(tok, &id)) {
			rc = tkt_error(EX_DATAERR, "stdin line %zu: %s", lineno, tkt_errmsg());
			break;
		}
		if (*n == idcap)
			ids = tkt_realloc(ids, (idcap = idcap * 2 + 16) * sizeof *ids);
		ids[(*n)++] = id;
	}
	free(line);
	if (!rc && ferror(stdin))
		rc = tkt_error(EX_IOERR, "cannot read stdin: %s", strerror(errno));
	if (rc) {
		free(ids);
		tkt_cli_fail(cli, rc);
	}
	/* A pipe or a file that turned out empty (a filter that matched
	 * nothing, from cron): nothing to do. */
	if (*n == 0) {
		free(ids);
		exit(tkt_cli_finish(cli, 0));
	}
	return tkt_cli_keep(ids);
}

/* Read all of fp, but stop once more than max bytes are read. */
static int
slurp(FILE *fp, const char *name, size_t max, tkt_buf *b)
{
	char chunk[65536];
	size_t n;

	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0) {
		tkt_buf_add(b, chunk, n);
		if (b->len > max)
			break;
	}
	if (ferror(fp))
		return tkt_error(EX_IOERR, "cannot read %s: %s", name, strerror(errno));
	return 0;
}

char *
tkt_cli_read_all(struct tkt_cli *cli, FILE *fp, const char *what, size_t max, size_t *len)
{
	tkt_buf b = TKT_BUF_INIT;
	int rc = slurp(fp, what, max, &b);

	if (!rc && b.len > max) {
		rc = tkt_error(EX_DATAERR, "%s is too large (more than %zu bytes)", what, max);
		cli->exit_as = 0;        /* it will never fit: retrying cannot help */
	}
	if (rc) {
		tkt_buf_release(&b);
		tkt_cli_fail(cli, rc);
	}
	*len = b.len;
	return tkt_cli_keep(tkt_buf_detach(&b));
}

char *
tkt_cli_body(struct tkt_cli *cli, const char *const *m, size_t nm, const char *file,
             enum tkt_body_from from)
{
	tkt_buf b = TKT_BUF_INIT;
	const char *what = "message body";
	char *body;
	size_t i;
	int rc = 0;

	if (nm) {
		for (i = 0; i < nm; i++) {
			if (i)
				tkt_buf_puts(&b, "\n\n");
			tkt_buf_puts(&b, m[i]);
		}
	} else if (file && strcmp(file, "-") != 0) {
		FILE *fp = fopen(file, "rb");

		if (!fp)
			tkt_cli_fail(cli, tkt_error(errno == ENOENT ? EX_NOINPUT : EX_IOERR,
			                            "cannot open '%s': %s", file, strerror(errno)));
		rc = slurp(fp, file, TKT_BODY_MAX, &b);
		fclose(fp);
		what = file;
	} else if (file || (from != TKT_BODY_ARGS && !isatty(STDIN_FILENO))) {
		rc = slurp(stdin, "stdin", TKT_BODY_MAX, &b);
		what = "message body on stdin";
		if (!rc && !file && from == TKT_BODY_STDIN_OPTIONAL &&
		    strspn(tkt_buf_str(&b), " \t\r\n") == b.len) {
			tkt_buf_release(&b);
			return NULL;
		}
	} else {
		return NULL;
	}
	if (rc || (rc = tkt_body_check(what, b.s ? b.s : "", b.len, &body))) {
		tkt_buf_release(&b);
		tkt_cli_fail(cli, rc);
	}
	tkt_buf_release(&b);
	return tkt_cli_keep(body);
}

void
tkt_cli_resolve(struct tkt_cli *cli, int64_t *ids, size_t *n)
{
	int rc;

	if ((rc = tkt_tickets_resolve(cli->store, ids, n)))
		tkt_cli_fail(cli, rc);
}

void
tkt_cli_print_id(struct tkt_cli *cli, int64_t id)
{
	if (cli->quiet)
		return;
	if (cli->json)
		printf("{\"id\":%lld}\n", (long long)id);
	else
		printf("%lld\n", (long long)id);
}
