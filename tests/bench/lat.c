/* lat: the latency of one process, for tests/bench/run.sh.
 *
 *   lat [-n RUNS] [-s FIRST] CMD ARG... [::: CMD ARG...]...
 *
 * Runs each command RUNS times, taking turns (the first, the second, ...,
 * then the first again), so that every command sees the same machine; in
 * every argument %N becomes the number of the run, from FIRST.  Prints
 * the median wall time of each command in milliseconds, tab-separated, on
 * one line.  A run that fails (exits other than 0) stops everything with
 * exit 1: a command that fails fast must not pass for a fast one. */
#define _POSIX_C_SOURCE 200809L
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

struct cmd {
	char  **argv;	/* as given, with %N */
	int     argc;
	double *ms;	/* one per run */
};

static char *
subst(const char *arg, long n)
{
	char num[32], *out, *o;
	const char *p;
	size_t len = (size_t)snprintf(num, sizeof num, "%ld", n);

	o = out = malloc(strlen(arg) * (len + 1) + 1);
	for (p = arg; *p; p++) {
		if (p[0] == '%' && p[1] == 'N') {
			memcpy(o, num, len);
			o += len;
			p++;
		} else {
			*o++ = *p;
		}
	}
	*o = '\0';
	return out;
}

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static double
run(const struct cmd *c, long n)
{
	posix_spawn_file_actions_t fa;
	char **argv = calloc((size_t)c->argc + 1, sizeof *argv);
	double start, end;
	pid_t pid;
	int i, status;

	for (i = 0; i < c->argc; i++)
		argv[i] = subst(c->argv[i], n);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	start = now_ms();
	if (posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ) != 0) {
		fprintf(stderr, "lat: cannot run %s\n", argv[0]);
		exit(1);
	}
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "lat: run %ld of %s failed\n", n, argv[0]);
		exit(1);
	}
	end = now_ms();
	posix_spawn_file_actions_destroy(&fa);
	for (i = 0; i < c->argc; i++)
		free(argv[i]);
	free(argv);
	return end - start;
}

static int
by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

int
main(int argc, char **argv)
{
	struct cmd cmds[8];
	long runs = 200, first = 1, r;
	int ncmds = 0, i = 1, k;

	for (; i < argc && argv[i][0] == '-'; i += 2) {
		if (i + 1 >= argc)
			goto usage;
		if (strcmp(argv[i], "-n") == 0)
			runs = atol(argv[i + 1]);
		else if (strcmp(argv[i], "-s") == 0)
			first = atol(argv[i + 1]);
		else
			goto usage;
	}
	while (i < argc && ncmds < 8) {
		cmds[ncmds].argv = argv + i;
		while (i < argc && strcmp(argv[i], ":::") != 0)
			i++;
		cmds[ncmds].argc = (int)(argv + i - cmds[ncmds].argv);
		if (cmds[ncmds].argc == 0)
			goto usage;
		cmds[ncmds].ms = calloc((size_t)runs, sizeof(double));
		ncmds++;
		i++;
	}
	if (ncmds == 0 || runs < 1)
		goto usage;
	for (r = 0; r < runs; r++)
		for (k = 0; k < ncmds; k++)
			cmds[k].ms[r] = run(&cmds[k], first + r);
	for (k = 0; k < ncmds; k++) {
		qsort(cmds[k].ms, (size_t)runs, sizeof(double), by_value);
		printf("%s%.3f", k ? "\t" : "", runs % 2 ? cmds[k].ms[runs / 2]
		       : (cmds[k].ms[runs / 2 - 1] + cmds[k].ms[runs / 2]) / 2);
		free(cmds[k].ms);
	}
	putchar('\n');
	return 0;
usage:
	fprintf(stderr, "usage: lat [-n RUNS] [-s FIRST] CMD ARG... [::: CMD ARG...]...\n");
	return 2;
}
