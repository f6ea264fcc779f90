/* values.c: the distinct values a filter key has in the store: the tags,
 * agents, groups, types, forms, requesters and custom fields in use, for
 * shell completion and for anyone choosing what to filter on. */
#include <stdlib.h>
#include <string.h>

#include "tkt-int.h"

static const struct {
	const char *key, *sql;
} lists[] = {
	{ "tag",      "SELECT DISTINCT tag FROM tags" },
	{ "assignee", "SELECT DISTINCT assignee FROM tickets WHERE assignee IS NOT NULL" },
	{ "group",    "SELECT DISTINCT grp FROM tickets WHERE grp IS NOT NULL" },
	{ "type",     "SELECT DISTINCT type FROM tickets WHERE type IS NOT NULL" },
	{ "template", "SELECT DISTINCT template FROM tickets WHERE template IS NOT NULL" },
	{ "field",    "SELECT DISTINCT name FROM fields" },
	/* As tkt-ls shows them, which requester= takes back; not DISTINCT,
	 * which PostgreSQL cannot do over the collations of the columns
	 * shown: tkt_values drops the copies. */
	{ "requester", "SELECT " SQL_DISPLAY " FROM customers c\n"
	               " WHERE EXISTS (SELECT 1 FROM tickets t WHERE t.requester = c.id)" },
};

/* The values of one custom field, field.NAME. */
static const char sql_field[] = "SELECT DISTINCT value FROM fields WHERE name = :name";

static const char *
list_sql(const char *key)
{
	size_t i;

	for (i = 0; i < sizeof lists / sizeof lists[0]; i++)
		if (strcmp(lists[i].key, key) == 0)
			return lists[i].sql;
	if (strncmp(key, "field.", 6) == 0 && tkt_word_valid(key + 6))
		return sql_field;
	return NULL;
}

int
tkt_values_key_check(const char *key)
{
	if (!list_sql(key))
		return tkt_error(EX_USAGE, "bad key '%s' (tag, assignee, group, type, template, "
		                 "requester, field, field.NAME)", key);
	return 0;
}

/* Byte order, the same whatever the backend's collation. */
static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
tkt_values(tkt_store *st, const char *key, char ***values)
{
	const char *sql = list_sql(key);
	char **v;
	size_t n = 0, i, j;
	tkt_stmt *s;
	int step, rc;

	*values = NULL;
	if (!sql)
		return tkt_values_key_check(key);
	if (!(s = db_stmt(st, sql)))
		return tkt_errcode();
	if (sql == sql_field)
		db_bind_text(s, ":name", key + 6);
	v = tkt_calloc(1, sizeof *v);
	while ((step = db_step(s)) == DB_ROW) {
		v = tkt_realloc(v, (n + 2) * sizeof *v);
		v[n++] = db_dup(s, 0);
		v[n] = NULL;
	}
	db_reset(s);
	if (step != DB_DONE) {
		rc = db_error(st, step, "reading values");
		tkt_strv_free(v);
		return rc;
	}
	qsort(v, n, sizeof *v, cmp_str);
	for (i = j = 0; i < n; i++) {
		if (j && strcmp(v[j - 1], v[i]) == 0)
			free(v[i]);
		else
			v[j++] = v[i];
	}
	v[j] = NULL;
	*values = v;
	return 0;
}
