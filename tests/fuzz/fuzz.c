/* fuzz.c: scratch files and a scratch store for the fuzz targets. */
#define _XOPEN_SOURCE 700      /* nftw */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "fuzz.h"
#include "tkt-int.h"

static char dir[64];
static tkt_store *store;

static int
remove_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb, (void)flag, (void)ftw;
	return remove(path);
}

static void
cleanup(void)
{
	tkt_store_close(store);
	store = NULL;
	if (dir[0] && nftw(dir, remove_one, 8, FTW_DEPTH | FTW_PHYS) != 0)
		fprintf(stderr, "fuzz: cannot remove %s\n", dir);
}

const char *
fuzz_dir(void)
{
	if (!dir[0]) {
		const char *tmp = getenv("TMPDIR");

		snprintf(dir, sizeof dir, "%.40s/tkt-fuzz.XXXXXX", tmp && *tmp ? tmp : "/tmp");
		if (!mkdtemp(dir)) {
			perror("fuzz: mkdtemp");
			abort();
		}
		atexit(cleanup);
	}
	return dir;
}

char *
fuzz_str(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

const char *
fuzz_file(const char *name, const uint8_t *data, size_t size)
{
	static char path[256];
	int fd;

	snprintf(path, sizeof path, "%s/%s", fuzz_dir(), name);
	if (strchr(name, '/')) {
		char sub[256], *slash;

		snprintf(sub, sizeof sub, "%s", path);
		slash = strrchr(sub, '/');
		*slash = '\0';
		if (mkdir(sub, 0700) != 0 && errno != EEXIST)
			abort();
	}
	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600)) < 0)
		abort();
	if (size && write(fd, data, size) != (ssize_t)size)
		abort();
	close(fd);
	return path;
}

const struct tkt_config *
fuzz_config(void)
{
	static struct tkt_config *c;

	if (!c && (setenv("TKT_CONFIG", "/dev/null/none", 1) || tkt_config_load(NULL, &c)))
		abort();
	return c;
}

tkt_store *
fuzz_store(void)
{
	if (!store) {
		char path[128];

		snprintf(path, sizeof path, "%s/tkt.db", fuzz_dir());
		if (tkt_store_open(&store, path, TKT_CREATE)) {
			fprintf(stderr, "fuzz: %s\n", tkt_errmsg());
			abort();
		}
		/* A scratch store need not survive a power cut. */
		db_exec_sql(store, "PRAGMA synchronous = OFF");
	}
	return store;
}

/* Every table emptied, in one transaction (the search index through its
 * virtual table, not its shadow tables); the names come from the schema,
 * never from the input. */
void
fuzz_store_empty(void)
{
	tkt_store *st = fuzz_store();
	tkt_stmt *q;
	char *sql[32];
	int i, n = 0;

	if (db_exec_sql(st, "PRAGMA foreign_keys = OFF; BEGIN") ||
	    !(q = db_prepare(st, "SELECT 'DELETE FROM \"' || name || '\"' FROM pragma_table_list "
	                         "WHERE schema = 'main' AND type IN ('table', 'virtual') "
	                         "AND name NOT LIKE 'sqlite_%'")))
		abort();
	while (n < 32 && db_step(q) == DB_ROW)
		sql[n++] = db_dup(q, 0);
	db_finalize(q);
	for (i = 0; i < n; i++) {
		if (db_exec_sql(st, sql[i]))
			abort();
		free(sql[i]);
	}
	if (db_exec_sql(st, "COMMIT; PRAGMA foreign_keys = ON"))
		abort();
}
