/* csv-map.c: the mapping file of tkt-import --csv, a small YAML document
 * saying which column of a spreadsheet is which part of a ticket (or, for
 * a conversation log, of a message), with the values of a column said in
 * tkt's words (tkt-import(1)). */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csv-int.h"

const char *const tkt_csv_keys[CSV_NKEYS + 1] = {
	"id", "subject", "name", "email", "handle", "created", "first_response",
	"response", "solved", "status", "priority", "channel", "type", "group",
	"agent", "csat", "description", "resolution",
	"message", "reply_to", "kind", "author", "at", "body", NULL,
};

/* The words a key's values must be (NULL: any text). */
static const char *const kinds[] = { "customer", "agent", "note", NULL };

static const char *const *
words_of(enum csv_key k)
{
	switch (k) {
	case CSV_STATUS:   return tkt_statuses;
	case CSV_PRIORITY: return tkt_priorities;
	case CSV_CHANNEL:  return tkt_channels;
	case CSV_KIND:     return kinds;
	default:           return NULL;
	}
}

static int
is_time(enum csv_key k)
{
	return k == CSV_CREATED || k == CSV_FIRST_RESPONSE || k == CSV_SOLVED || k == CSV_AT;
}

/* Keys of one kind of mapping only. */
static int
of_tickets(enum csv_key k)
{
	return k == CSV_CREATED || k == CSV_FIRST_RESPONSE || k == CSV_RESPONSE || k == CSV_SOLVED ||
	       k == CSV_STATUS || k == CSV_AGENT || k == CSV_CSAT || k == CSV_DESCRIPTION ||
	       k == CSV_RESOLUTION;
}

static int
of_messages(enum csv_key k)
{
	return k >= CSV_MESSAGE;
}

static int
word_check(const char *file, const struct tkt_yaml *at, const char *const *words, const char *s)
{
	tkt_buf all = TKT_BUF_INIT;
	size_t i;
	int rc;

	if (!words || tkt_enum_index(words, s) >= 0)
		return 0;
	for (i = 0; words[i]; i++)
		tkt_buf_printf(&all, "%s%s", i ? ", " : "", words[i]);
	rc = tkt_yaml_fail(file, at, "'%s' is not one of %s", s, tkt_buf_str(&all));
	tkt_buf_release(&all);
	return rc;
}

/* A value: COLUMN, or {column: COLUMN | value: TEXT, values: {FROM: TO},
 * default: TEXT, format: STRPTIME}. */
static int
value_read(const struct csv_map *m, const struct tkt_yaml *n, const char *name,
           const char *const *words, int timed, struct csv_value *v)
{
	const char *file = m->file;
	size_t i;

	memset(v, 0, sizeof *v);
	v->node = n;
	v->name = name;
	v->col = -1;
	if (n->kind == TKT_YAML_SCALAR) {
		v->column = n->value;
		return *v->column ? 0 : tkt_yaml_fail(file, n, "'%s' names no column", name);
	}
	if (n->kind != TKT_YAML_MAP)
		return tkt_yaml_fail(file, n, "'%s' is a column's name, or a mapping (column:, value:, "
		                     "values:, format:)", name);
	for (i = 0; i < n->n; i++) {
		const char *k = n->keys[i]->value;
		const struct tkt_yaml *x = n->items[i];
		size_t j;

		if (strcmp(k, "values") && x->kind != TKT_YAML_SCALAR)
			return tkt_yaml_fail(file, x, "'%s' of '%s' must be a scalar", k, name);
		if (!strcmp(k, "column"))
			v->column = x->value;
		else if (!strcmp(k, "value"))
			v->fixed = x->value;
		else if (!strcmp(k, "default")) {
			v->dflt = x->value;
			if (word_check(file, x, words, v->dflt))
				return EX_CONFIG;
		}
		else if (!strcmp(k, "format") && timed)
			v->format = x->value;
		else if (!strcmp(k, "values")) {
			if (x->kind != TKT_YAML_MAP)
				return tkt_yaml_fail(file, x, "the values of '%s' are a mapping (the "
				                     "file's value: tkt's)", name);
			v->nvalues = x->n;
			v->from = tkt_calloc(x->n + 1, sizeof *v->from);
			v->to = tkt_calloc(x->n + 1, sizeof *v->to);
			for (j = 0; j < x->n; j++) {
				if (x->items[j]->kind != TKT_YAML_SCALAR)
					return tkt_yaml_fail(file, x->items[j], "a value of '%s' must be a scalar",
					                     name);
				v->from[j] = x->keys[j]->value;
				v->to[j] = x->items[j]->value;
				if (word_check(file, x->items[j], words, v->to[j]))
					return EX_CONFIG;
			}
		} else
			return tkt_yaml_fail(file, n->keys[i], "unknown key '%s' in '%s' (column, value, "
			                     "values, default%s)", k, name, timed ? ", format" : "");
	}
	if (!v->column == !v->fixed)
		return tkt_yaml_fail(file, n, "'%s' takes a column or a value, one of them", name);
	if (v->fixed && (v->dflt || v->nvalues))
		return tkt_yaml_fail(file, n, "'%s' has a value: no default or values", name);
	if (v->fixed && word_check(file, n, words, v->fixed))
		return EX_CONFIG;
	return 0;
}

static int
key_read(struct csv_map *m, const struct tkt_yaml *n, const char *key)
{
	int k = tkt_enum_index(tkt_csv_keys, key);

	if (k < 0 || k == CSV_NAME || k == CSV_EMAIL || k == CSV_HANDLE)
		return -1;
	return value_read(m, n, key, words_of((enum csv_key)k), is_time((enum csv_key)k),
	                  &m->key[k]);
}

static int
requester_read(struct csv_map *m, const struct tkt_yaml *n)
{
	static const enum csv_key parts[] = { CSV_NAME, CSV_EMAIL, CSV_HANDLE };
	size_t i, j;

	if (n->kind != TKT_YAML_MAP)
		return tkt_yaml_fail(m->file, n, "%s", "requester is a mapping (name:, email:, handle:)");
	for (i = 0; i < n->n; i++) {
		for (j = 0; j < 3 && strcmp(n->keys[i]->value, tkt_csv_keys[parts[j]]); j++)
			;
		if (j == 3)
			return tkt_yaml_fail(m->file, n->keys[i], "unknown key '%s' in requester (name, "
			                     "email, handle)", n->keys[i]->value);
		if (value_read(m, n->items[i], tkt_csv_keys[parts[j]], NULL, 0, &m->key[parts[j]]))
			return EX_CONFIG;
	}
	return 0;
}

static int
fields_read(struct csv_map *m, const struct tkt_yaml *n)
{
	size_t i;

	if (n->kind != TKT_YAML_MAP)
		return tkt_yaml_fail(m->file, n, "%s", "fields is a mapping (NAME: COLUMN)");
	m->fields = tkt_calloc(n->n + 1, sizeof *m->fields);
	for (i = 0; i < n->n; i++) {
		const char *name = n->keys[i]->value;

		if (!tkt_word_valid(name) || !strcmp(name, "source_id"))
			return tkt_yaml_fail(m->file, n->keys[i], "bad field name '%s' (a lower-case word%s)",
			                     name, strcmp(name, "source_id") ? "" : "; source_id is the id's");
		m->nfields++;
		if (value_read(m, n->items[i], name, NULL, 0, &m->fields[i]))
			return EX_CONFIG;
	}
	return 0;
}

static int
tags_read(struct csv_map *m, const struct tkt_yaml *n)
{
	size_t i, k = n->kind == TKT_YAML_SEQ ? n->n : 1;

	m->tags = tkt_calloc(k + 1, sizeof *m->tags);
	for (i = 0; i < k; i++) {
		m->ntags++;
		if (value_read(m, n->kind == TKT_YAML_SEQ ? n->items[i] : n, "tags", NULL, 0,
		               &m->tags[i]))
			return EX_CONFIG;
	}
	return 0;
}

/* What each kind of mapping cannot do without. */
static int
required(const struct csv_map *m)
{
	static const enum csv_key tickets[] = { CSV_SUBJECT, CSV_CREATED, CSV_DESCRIPTION };
	static const enum csv_key messages[] = { CSV_MESSAGE, CSV_KIND, CSV_AUTHOR, CSV_AT, CSV_BODY };
	const enum csv_key *need = m->messages ? messages : tickets;
	size_t i, n = m->messages ? 5 : 3;

	for (i = 0; i < n; i++)
		if (!csv_mapped(&m->key[need[i]]))
			return tkt_yaml_fail(m->file, m->root, "the mapping names no '%s'%s",
			                     tkt_csv_keys[need[i]],
			                     m->messages ? " (each: message)" : "");
	if (!csv_mapped(&m->key[CSV_NAME]) && !csv_mapped(&m->key[CSV_EMAIL]) &&
	    !csv_mapped(&m->key[CSV_HANDLE]))
		return tkt_yaml_fail(m->file, m->root, "%s", "the mapping names no requester "
		                     "(requester: name:, email: or handle:)");
	return 0;
}

int
tkt_csv_map_load(const char *path, struct csv_map *m)
{
	const struct tkt_yaml *r, *each, *tf;
	size_t i, k;
	int rc;

	memset(m, 0, sizeof *m);
	m->file = path;
	for (k = 0; k < CSV_NKEYS; k++)
		m->key[k].col = -1;
	if ((rc = tkt_yaml_load(path, &m->root)))
		return rc;
	r = m->root;
	if (r->kind != TKT_YAML_MAP)
		return tkt_yaml_fail(path, r, "%s", "a mapping is a YAML mapping (subject: COLUMN, ...)");
	if ((each = tkt_yaml_get(r, "each"))) {
		if (each->kind != TKT_YAML_SCALAR ||
		    (strcmp(each->value, "ticket") && strcmp(each->value, "message")))
			return tkt_yaml_fail(path, each, "%s", "each is 'ticket' (a row a ticket) or "
			                     "'message' (a row a message of a conversation)");
		m->messages = !strcmp(each->value, "message");
	}
	tf = tkt_yaml_get(r, "time_format");
	if (tf && tf->kind != TKT_YAML_SCALAR)
		return tkt_yaml_fail(path, tf, "%s", "time_format is a strptime(3) format");
	for (i = 0; i < r->n; i++) {
		const char *key = r->keys[i]->value;
		const struct tkt_yaml *v = r->items[i];
		int kk = tkt_enum_index(tkt_csv_keys, key);

		if (!strcmp(key, "each") || !strcmp(key, "time_format"))
			continue;
		if (kk >= 0 && (m->messages ? of_tickets((enum csv_key)kk) : of_messages((enum csv_key)kk)))
			return tkt_yaml_fail(path, r->keys[i], "'%s' is a key of a mapping with each: %s",
			                     key, m->messages ? "ticket" : "message");
		if (!strcmp(key, "requester"))
			rc = requester_read(m, v);
		else if (!strcmp(key, "fields"))
			rc = fields_read(m, v);
		else if (!strcmp(key, "tags"))
			rc = tags_read(m, v);
		else if ((rc = key_read(m, v, key)) < 0)
			return tkt_yaml_fail(path, r->keys[i], "unknown key '%s' (see tkt-import(1))", key);
		if (rc)
			return rc;
	}
	for (k = 0; tf && k < CSV_NKEYS; k++)
		if (is_time((enum csv_key)k) && !m->key[k].format)
			m->key[k].format = tf->value;
	return required(m);
}

/* The column named, found in the header. */
static int
column_find(const struct csv_map *m, const char *csv, struct csv_value *v, char *const *header,
            size_t n)
{
	size_t i;

	if (!v->column)
		return 0;
	for (i = 0; i < n; i++)
		if (!strcmp(header[i], v->column)) {
			if (v->col >= 0)
				return tkt_yaml_fail(m->file, v->node, "the column '%s' is in %s twice",
				                     v->column, csv);
			v->col = (int)i;
		}
	if (v->col >= 0)
		return 0;
	for (i = 0; i < n && strcasecmp(header[i], v->column); i++)
		;
	if (i < n)
		return tkt_yaml_fail(m->file, v->node, "no column '%s' in %s (did you mean '%s'?)",
		                     v->column, csv, header[i]);
	return tkt_yaml_fail(m->file, v->node, "no column '%s' in %s", v->column, csv);
}

int
tkt_csv_map_columns(struct csv_map *m, const char *csv, char *const *header, size_t n)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < CSV_NKEYS && !rc; i++)
		rc = column_find(m, csv, &m->key[i], header, n);
	for (i = 0; i < m->nfields && !rc; i++)
		rc = column_find(m, csv, &m->fields[i], header, n);
	for (i = 0; i < m->ntags && !rc; i++)
		rc = column_find(m, csv, &m->tags[i], header, n);
	return rc;
}

static void
value_free(struct csv_value *v)
{
	free(v->from);
	free(v->to);
}

void
tkt_csv_map_free(struct csv_map *m)
{
	size_t i;

	for (i = 0; i < CSV_NKEYS; i++)
		value_free(&m->key[i]);
	for (i = 0; i < m->nfields; i++)
		value_free(&m->fields[i]);
	for (i = 0; i < m->ntags; i++)
		value_free(&m->tags[i]);
	free(m->fields);
	free(m->tags);
	tkt_yaml_free(m->root);
}
