/* compose.c: a message written in the agent's editor ($VISUAL, $EDITOR,
 * vi), on a draft with the ticket's thread quoted below a cut line; a
 * reply is linted with the QA checklist and confirmed before it is kept. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tkt-tool.h"

#define CUT_LINE "------------------------ >8 ------------------------"

/* The draft: the text to start from, then the cut line and what follows
 * it for reference (never kept). */
static char *
draft_text(tkt_store *st, int64_t id, const char *text, const char *what)
{
	tkt_buf b = TKT_BUF_INIT;
	struct tkt_ticket t;
	size_t i;

	tkt_buf_printf(&b, "%s%s\n" CUT_LINE "\n", text ? text : "",
	               text && *text && text[strlen(text) - 1] != '\n' ? "\n" : "");
	tkt_buf_printf(&b, "Write %s above this line; this line and all below it are left out.\n",
	               what);
	if (id && st && tkt_ticket_load(st, id, &t) == 0) {
		tkt_buf_printf(&b, "\nticket %lld: %s (%s, %s), from %s\n", (long long)id, t.subject,
		               t.status, t.priority, t.requester);
		for (i = 0; i < t.nmsgs; i++) {
			const struct tkt_message *m = &t.msgs[i];
			char at[32];
			const char *p, *nl;

			tkt_buf_printf(&b, "\n%s %s, %s:\n", m->kind, m->author, tkt_time_iso(m->at, at));
			for (p = m->body; *p; p = *nl ? nl + 1 : nl) {
				nl = p + strcspn(p, "\n");
				tkt_buf_printf(&b, "> %.*s\n", (int)(nl - p), p);
			}
		}
		tkt_ticket_release(&t);
	}
	return tkt_buf_detach(&b);
}

/* The kept part of a draft: above the cut line, without trailing blanks. */
static char *
kept(const char *s)
{
	const char *cut = strstr(s, "\n" CUT_LINE), *end;

	if (strncmp(s, CUT_LINE, strlen(CUT_LINE)) == 0)
		cut = s;
	end = cut ? cut : s + strlen(s);
	while (end > s && strchr(" \t\r\n", end[-1]))
		end--;
	while (s < end && strchr("\r\n", *s))
		s++;
	return tkt_strndup(s, (size_t)(end - s));
}

/* All of fp as a string; NULL when it is longer than a message may be. */
static char *
read_all(FILE *fp)
{
	tkt_buf b = TKT_BUF_INIT;
	char chunk[8192];
	size_t n;

	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0) {
		tkt_buf_printf(&b, "%.*s", (int)n, chunk);
		if (b.len > TKT_BODY_MAX) {
			tkt_buf_release(&b);
			return NULL;
		}
	}
	return b.s ? tkt_buf_detach(&b) : tkt_strdup("");
}

/* Run the editor on path, on the terminal even when stdout is not. */
static int
run_editor(const char *path)
{
	const char *ed = getenv("VISUAL");
	struct sigaction ignore = { .sa_handler = SIG_IGN }, old_int, old_quit;
	int status, rc = 0;
	pid_t pid;

	if (!ed || !*ed)
		ed = getenv("EDITOR");
	if (!ed || !*ed)
		ed = "vi";
	fflush(stdout);
	fflush(stderr);
	/* Ctrl-C in the editor is the editor's, as in git. */
	sigemptyset(&ignore.sa_mask);
	sigaction(SIGINT, &ignore, &old_int);
	sigaction(SIGQUIT, &ignore, &old_quit);
	if ((pid = fork()) < 0) {
		rc = tkt_error(EX_OSERR, "cannot start the editor: %s", strerror(errno));
		goto out;
	}
	if (pid == 0) {
		char *cmd = tkt_asprintf("%s \"$@\"", ed);
		int tty = open("/dev/tty", O_RDWR);

		signal(SIGINT, old_int.sa_handler == SIG_IGN ? SIG_IGN : SIG_DFL);
		signal(SIGQUIT, old_quit.sa_handler == SIG_IGN ? SIG_IGN : SIG_DFL);

		if (tty >= 0) {
			dup2(tty, STDIN_FILENO);
			dup2(tty, STDOUT_FILENO);
			if (tty > STDERR_FILENO)
				close(tty);
		}
		execl("/bin/sh", "sh", "-c", cmd, ed, path, (char *)NULL);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			rc = tkt_error(EX_OSERR, "cannot wait for the editor: %s", strerror(errno));
			goto out;
		}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		rc = tkt_error(EX_UNAVAILABLE, "the editor '%s' failed (%s %d); nothing stored", ed,
		               WIFEXITED(status) ? "exit" : "signal",
		               WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
out:
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGQUIT, &old_quit, NULL);
	return rc;
}

int
tkt_edit(const char *draft, char **out)
{
	const char *dir = getenv("TMPDIR");
	char *path = tkt_asprintf("%s/tkt-draft.XXXXXX", dir && *dir ? dir : "/tmp"), *text = NULL;
	struct stat before, after;
	FILE *fp;
	size_t len;
	int fd, rc;

	*out = NULL;
	if ((fd = mkstemp(path)) < 0) {
		rc = tkt_error(EX_CANTCREAT, "cannot make a draft file in '%s': %s",
		               dir && *dir ? dir : "/tmp", strerror(errno));
		free(path);
		return rc;
	}
	len = strlen(draft);
	if (write(fd, draft, len) != (ssize_t)len || fstat(fd, &before) != 0) {
		rc = tkt_error(EX_IOERR, "cannot write the draft '%s': %s", path, strerror(errno));
		close(fd);
		goto out;
	}
	close(fd);
	if ((rc = run_editor(path)))
		goto out;
	if (stat(path, &after) != 0 || !(fp = fopen(path, "rb"))) {
		rc = tkt_error(EX_IOERR, "cannot read the draft '%s': %s", path, strerror(errno));
		goto out;
	}
	text = read_all(fp);
	fclose(fp);
	if (!text) {
		rc = tkt_error(EX_DATAERR, "the draft is larger than %u bytes; nothing stored",
		               TKT_BODY_MAX);
		goto out;
	}
	if (after.st_mtim.tv_sec == before.st_mtim.tv_sec &&
	    after.st_mtim.tv_nsec == before.st_mtim.tv_nsec && strcmp(text, draft) == 0) {
		rc = tkt_error(EX_DATAERR, "the draft was not saved; nothing stored");
		goto out;
	}
	*out = kept(text);
	if (!**out) {
		free(*out);
		*out = NULL;
		rc = tkt_error(EX_DATAERR, "the draft is empty; nothing stored");
	}
out:
	unlink(path);
	free(path);
	free(text);
	return rc;
}

/* Ask on the terminal: 'y', 'e' or 'a' (end of input: 'a'). */
static int
ask(FILE *tty)
{
	char line[64];

	for (;;) {
		fputs("Store this reply? [y]es, [e]dit, [a]bort: ", stderr);
		fflush(stderr);
		if (!fgets(line, sizeof line, tty))
			return 'a';
		if (strchr("yea", line[0]) && line[0] && (line[1] == '\n' || line[1] == '\0'))
			return line[0];
	}
}

/* The terminal, opened for reading once; NULL with the error recorded. */
static FILE *
terminal(FILE **tty)
{
	if (!*tty && !(*tty = fopen("/dev/tty", "r")))
		tkt_error(EX_IOERR, "cannot ask on the terminal: %s", strerror(errno));
	return *tty;
}

int
tkt_compose(tkt_store *st, const struct tkt_compose *c, char **body)
{
	char *text = c->initial ? tkt_strdup(c->initial) : NULL, *draft, *edited;
	FILE *tty = NULL;
	int rc = 0, below, answer;

	*body = NULL;
	/* A draft kept of the message, not stored before, to continue. */
	if (c->kind) {
		if (!terminal(&tty)) {
			free(text);
			return tkt_errcode();
		}
		if ((draft = tkt_draft_offer(c->prog, tty, c->ticket, c->kind))) {
			free(text);
			text = draft;
		}
	}
	for (;;) {
		draft = draft_text(st, c->ticket, text, c->what);
		rc = tkt_edit(draft, &edited);
		free(draft);
		if (rc)
			break;
		free(text);
		text = edited;
		if (c->kind)
			tkt_draft_keep(c->prog, c->ticket, c->kind, text);
		if (!c->checklist)
			break;
		if ((rc = tkt_qa_draft(st, c->checklist, c->config, c->ticket, text, c->now, -1, 0,
		                       stderr, &below)))
			break;
		if (!terminal(&tty)) {
			rc = tkt_errcode();
			break;
		}
		if ((answer = ask(tty)) == 'y')
			break;
		if (answer == 'a') {
			rc = tkt_error(EX_DATAERR, "aborted; nothing stored");
			break;
		}
	}
	if (tty)
		fclose(tty);
	if (rc)
		free(text);
	else
		*body = text;
	return rc;
}

char *
tkt_compose_message(struct tkt_cli *cli, const struct tkt_message_new *m,
                    const struct tkt_reply *tpl, const char *const *vars, size_t nvars,
                    const char *config_path, int lint)
{
	struct tkt_compose c = { 0 };
	struct tkt_checklist *cl = NULL;
	struct tkt_config *config = NULL;
	char *initial = NULL, *body = NULL;
	int rc;

	c.ticket = m->ticket;
	c.what = m->kind == TKT_NOTE ? "the note" : m->kind == TKT_CUSTOMER ? "the customer's message"
	                                                                   : "the reply";
	c.prog = cli->prog;
	c.kind = m->kind == TKT_NOTE ? "note" : m->kind == TKT_CUSTOMER ? "customer" : "reply";
	c.now = cli->now;
	lint = lint && m->kind == TKT_AGENT;
	if ((rc = tkt_ticket_exists(cli->store, m->ticket)) ||
	    ((lint || (tpl && tpl->due)) && (rc = tkt_config_load(config_path, &config))) ||
	    (tpl && (rc = tkt_reply_render(cli->store, tpl, config, m->ticket, cli->agent, cli->now,
	                                   vars, nvars, &initial))) ||
	    (lint && (rc = tkt_checklist_load(NULL, &cl))))
		goto out;
	c.initial = tpl ? initial : m->body;
	c.checklist = cl;
	c.config = config;
	rc = tkt_compose(cli->store, &c, &body);
out:
	free(initial);
	tkt_checklist_free(cl);
	tkt_config_free(config);
	if (rc)
		tkt_cli_fail(cli, rc);
	return body;
}
