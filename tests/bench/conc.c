/* conc: writers at once, for tests/bench/pg.sh.
 *
 *   conc [-w WRITERS] [-t SECONDS] [-o FILE] CMD ARG...
 *
 * Starts WRITERS processes (default 4); each runs CMD one run after
 * another until SECONDS (default 30) have passed since the start, in
 * every argument %W its number (from 1) and %N the number of the run in
 * it (from 1), so that "Conc %W.%N" is unique to one run.  Records each
 * run's wall time and exit status.  Prints, tab-separated on one line,
 * the successful runs a second over the whole time (to the end of the
 * last run), the 99th percentile of their times in milliseconds (nearest
 * rank), the number of successful runs and of failed ones.  With -o, the
 * successful runs' "W.N", one a line, go to FILE.  A run's standard input
 * and output are /dev/null, its standard error conc's.  Exits 0 when it
 * could run them all (whatever their status), 1 when not, 2 on bad
 * usage. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

/* One run, as a writer tells it to conc through a pipe (smaller than
 * PIPE_BUF: written whole). */
struct rec {
	int    writer, seq;
	int    ok;
	double ms;
};

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* arg with %W and %N replaced by w and n. */
static char *
subst(const char *arg, int w, int n)
{
	char *out = malloc(strlen(arg) * 12 + 1), *o = out;
	const char *p;

	if (!out)
		return NULL;
	for (p = arg; *p; p++) {
		if (p[0] == '%' && (p[1] == 'W' || p[1] == 'N')) {
			o += sprintf(o, "%d", p[1] == 'W' ? w : n);
			p++;
		} else {
			*o++ = *p;
		}
	}
	*o = '\0';
	return out;
}

/* Writer w: runs until the deadline, a record each into fd. */
static int
writer(int w, char **cmd, int argc, double deadline, int fd)
{
	posix_spawn_file_actions_t fa;
	char **argv = calloc((size_t)argc + 1, sizeof *argv);
	struct rec r;
	int n, i, status;
	pid_t pid;

	if (!argv)
		return 1;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addclose(&fa, fd);
	for (n = 1; now_ms() < deadline; n++) {
		for (i = 0; i < argc; i++)
			if (!(argv[i] = subst(cmd[i], w, n)))
				return 1;
		memset(&r, 0, sizeof r);   /* its padding too: it is written whole */
		r.writer = w;
		r.seq = n;
		r.ms = now_ms();
		if (posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ) != 0) {
			fprintf(stderr, "conc: cannot run %s\n", argv[0]);
			return 1;
		}
		while (waitpid(pid, &status, 0) < 0)
			if (errno != EINTR)
				return 1;
		r.ms = now_ms() - r.ms;
		r.ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
		if (write(fd, &r, sizeof r) != (ssize_t)sizeof r)
			return 1;
		for (i = 0; i < argc; i++)
			free(argv[i]);
	}
	posix_spawn_file_actions_destroy(&fa);
	free(argv);
	return 0;
}

static int
by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static int
usage(void)
{
	fprintf(stderr, "usage: conc [-w WRITERS] [-t SECONDS] [-o FILE] CMD ARG...\n");
	return 2;
}

int
main(int argc, char **argv)
{
	long writers = 4, secs = 30;
	const char *out = NULL;
	double start, end, *ms = NULL;
	size_t nok = 0, nfail = 0, cap = 0;
	FILE *okf = NULL;
	struct rec r;
	int fds[2], c, w, status, rc = 0;
	ssize_t got;

	while ((c = getopt(argc, argv, "+w:t:o:")) != -1) {
		if (c == 'w')
			writers = atol(optarg);
		else if (c == 't')
			secs = atol(optarg);
		else if (c == 'o')
			out = optarg;
		else
			return usage();
	}
	if (optind >= argc || writers < 1 || writers > 1024 || secs < 1)
		return usage();
	if (out && !(okf = fopen(out, "w"))) {
		fprintf(stderr, "conc: cannot write %s\n", out);
		return 1;
	}
	if (pipe(fds) != 0) {
		fprintf(stderr, "conc: no pipe\n");
		return 1;
	}
	start = now_ms();
	for (w = 1; w <= writers; w++) {
		pid_t pid = fork();

		if (pid < 0) {
			fprintf(stderr, "conc: cannot start writer %d\n", w);
			rc = 1;
			break;
		}
		if (pid == 0) {
			close(fds[0]);
			if (okf)           /* conc's, its buffer still empty */
				fclose(okf);
			_exit(writer(w, argv + optind, argc - optind, start + (double)secs * 1e3, fds[1]));
		}
	}
	close(fds[1]);
	/* The records until every writer has closed its end. */
	while ((got = read(fds[0], &r, sizeof r)) != 0) {
		if (got < 0 && errno == EINTR)
			continue;
		if (got != (ssize_t)sizeof r) {
			fprintf(stderr, "conc: a writer's record was cut\n");
			rc = 1;
			break;
		}
		if (!r.ok) {
			nfail++;
			continue;
		}
		if (nok == cap) {
			double *more = realloc(ms, (cap = cap ? cap * 2 : 1024) * sizeof *ms);

			if (!more) {
				fprintf(stderr, "conc: out of memory\n");
				return 1;
			}
			ms = more;
		}
		ms[nok++] = r.ms;
		if (okf)
			fprintf(okf, "%d.%d\n", r.writer, r.seq);
	}
	end = now_ms();
	close(fds[0]);
	while (wait(&status) > 0)
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			rc = 1;
	if (okf && fclose(okf) != 0) {
		fprintf(stderr, "conc: cannot write %s\n", out);
		rc = 1;
	}
	if (rc) {
		free(ms);
		return rc;
	}
	if (nok)
		qsort(ms, nok, sizeof *ms, by_value);
	printf("%.1f\t%.3f\t%zu\t%zu\n", (double)nok / ((end - start) / 1e3),
	       nok ? ms[(nok * 99 + 99) / 100 - 1] : 0.0, nok, nfail);
	free(ms);
	return 0;
}
