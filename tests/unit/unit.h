/* unit.h: what the cmocka unit tests share: a fresh store in a temporary
 * directory, and a ticket made in one call. */
#ifndef UNIT_H
#define UNIT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "tkt-tool.h"

struct fixture {
	char       dir[64];
	char      *path;
	tkt_store *st;
};

static inline int
store_setup(void **state)
{
	struct fixture *fx = tkt_calloc(1, sizeof *fx);

	strcpy(fx->dir, "/tmp/tkt-unit.XXXXXX");
	assert_non_null(mkdtemp(fx->dir));
	fx->path = tkt_asprintf("%s/tkt.db", fx->dir);
	assert_int_equal(tkt_store_open(&fx->st, fx->path, TKT_CREATE), 0);
	*state = fx;
	return 0;
}

static inline int
store_teardown(void **state)
{
	struct fixture *fx = *state;
	char *cmd = tkt_asprintf("rm -rf '%s'", fx->dir);

	tkt_store_close(fx->st);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(fx->path);
	free(fx);
	return 0;
}

/* A ticket from ann@example.com created at `at`, with a first message. */
static inline int64_t
new_ticket(tkt_store *st, const char *subject, time_t at)
{
	struct tkt_ticket_new t = { 0 };
	int64_t id = 0;

	t.subject = subject;
	t.requester = "Ann <ann@example.com>";
	t.body = "Hello, it is broken.";
	t.actor = "agent";
	t.at = at;
	assert_int_equal(tkt_begin(st), 0);
	assert_int_equal(tkt_ticket_create(st, &t, &id), 0);
	assert_int_equal(tkt_commit(st), 0);
	return id;
}

/* One integer from a query with no parameters. */
static inline int64_t
query_int(tkt_store *st, const char *sql)
{
	tkt_stmt *s = db_prepare(st, sql);
	int64_t v;

	assert_non_null(s);
	assert_int_equal(db_step(s), DB_ROW);
	v = db_int(s, 0);
	db_finalize(s);
	return v;
}

/* One text from a query with no parameters; free it. */
static inline char *
query_text(tkt_store *st, const char *sql)
{
	tkt_stmt *s = db_prepare(st, sql);
	char *v;

	assert_non_null(s);
	assert_int_equal(db_step(s), DB_ROW);
	v = db_dup(s, 0);
	db_finalize(s);
	return v ? v : tkt_strdup("");
}

#endif
