/* attachment-cli.c: attachments at the command line: the files of
 * tkt-reply -a, read before anything is stored, and tkt-show --attachment
 * ID:N, one attachment written out whole. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tkt-tool.h"

struct tkt_attachment *
tkt_cli_attachments(struct tkt_cli *cli, const char *const *files, size_t n)
{
	struct tkt_attachment *att = tkt_cli_calloc(n + 1, sizeof *att);
	size_t i, room = TKT_ATTACH_MAX;
	int rc;

	for (i = 0; i < n; i++) {
		if ((rc = tkt_attachment_read(files[i], room, &att[i])))
			tkt_cli_fail(cli, rc);
		room -= att[i].size;
		tkt_cli_keep(att[i].name);
		tkt_cli_keep(att[i].type);
		tkt_cli_keep(att[i].data);
	}
	return att;
}

/* ID:N, as tkt-show --attachment takes it; 0, or -1 when it is not. */
static int
spec_parse(const char *spec, int64_t *id, int64_t *n)
{
	const char *colon = strrchr(spec, ':');
	char *id_text, *end;
	int rc;

	if (!colon || !colon[1] || strspn(colon + 1, "0123456789") != strlen(colon + 1))
		return -1;
	id_text = tkt_strndup(spec, (size_t)(colon - spec));
	rc = tkt_id_parse(id_text, id);
	free(id_text);
	errno = 0;
	*n = strtoll(colon + 1, &end, 10);
	return rc || errno || *n < 1 ? -1 : 0;
}

/* Write data[0..n) to a new file at path: never over one that is there,
 * and no part of it left behind when it cannot be written whole. */
static int
write_new(const char *path, const void *data, size_t n)
{
	const char *p = data;
	size_t done = 0;
	ssize_t w;
	int fd, rc = 0;

	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666)) < 0)
		return errno == EEXIST
		       ? tkt_error(EX_CANTCREAT, "'%s' exists: not overwritten (remove it first, "
		                   "or write to standard output)", path)
		       : tkt_error(EX_CANTCREAT, "cannot create '%s': %s", path, strerror(errno));
	while (done < n && !rc) {
		if ((w = write(fd, p + done, n - done)) > 0)
			done += (size_t)w;
		else if (errno != EINTR)
			rc = tkt_error(EX_IOERR, "cannot write '%s': %s", path, strerror(errno));
	}
	if (close(fd) != 0 && !rc)
		rc = tkt_error(EX_IOERR, "cannot write '%s': %s", path, strerror(errno));
	if (rc)
		unlink(path);
	return rc;
}

int
tkt_cli_attachment_out(struct tkt_cli *cli, const char *spec, const char *output, int others)
{
	struct tkt_attachment a;
	int64_t id, live, n;
	int rc;

	if (!spec)
		tkt_cli_usage(cli, "-o goes with --attachment");
	if (others || cli->json || cli->quiet)
		tkt_cli_usage(cli, "--attachment takes ID:N and -o FILE, not ticket ids, search words, "
		              "--color, --json or -q");
	if (spec_parse(spec, &id, &n))
		tkt_cli_usage(cli, "bad attachment '%s': give ID:N, N its number as tkt-show lists it",
		              spec);
	tkt_cli_open(cli, TKT_READ);
	if ((rc = tkt_ticket_resolve(cli->store, id, &live)))
		tkt_cli_fail(cli, rc);
	if (live != id)
		fprintf(stderr, "%s: ticket %lld is merged into %lld\n", cli->prog, (long long)id,
		        (long long)live);
	if ((rc = tkt_attachment_nth(cli->store, live, n, &a)))
		tkt_cli_fail(cli, rc);
	if (output) {
		rc = write_new(output, a.data, a.size);
	} else if (isatty(STDOUT_FILENO) &&
	           strcmp(tkt_attachment_type(NULL, a.data, a.size), "text/plain") != 0) {
		rc = tkt_error(EX_USAGE, "attachment %lld of ticket %lld (%s, %s) is not text: not "
		               "written to a terminal (-o FILE, or a pipe)", (long long)n,
		               (long long)live, a.name ? a.name : "(no name)", a.type);
	} else if (a.size && fwrite(a.data, 1, a.size, stdout) != a.size) {
		rc = tkt_error(EX_IOERR, "cannot write to standard output: %s", strerror(errno));
	}
	tkt_attachment_release(&a);
	if (rc)
		tkt_cli_fail(cli, rc);
	return tkt_cli_finish(cli, 0);
}
