/* yaml.c: YAML files (templates, the checklist, the configuration) read
 * with libyaml into a small tree that remembers where each node was, so
 * every later complaint can name file:line:column.  Hostile files are
 * refused, not followed: size, depth and node limits, no aliases. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yaml.h>

#include "tkt-int.h"

#define YAML_NODES_MAX 100000

struct builder {
	const char       *name;
	struct tkt_yaml  *stack[TKT_YAML_DEPTH_MAX + 1];
	struct tkt_yaml  *pending_key[TKT_YAML_DEPTH_MAX + 1];
	int               depth;
	size_t            nodes;
	struct tkt_yaml  *root;
};

static struct tkt_yaml *
node_new(enum tkt_yaml_kind kind, const yaml_mark_t *mark)
{
	struct tkt_yaml *n = tkt_calloc(1, sizeof *n);

	n->kind = kind;
	n->line = (int)mark->line + 1;
	n->col = (int)mark->column + 1;
	return n;
}

void
tkt_yaml_free(struct tkt_yaml *n)
{
	size_t i;

	if (!n)
		return;
	for (i = 0; i < n->n; i++) {
		tkt_yaml_free(n->items[i]);
		if (n->keys)
			tkt_yaml_free(n->keys[i]);
	}
	free(n->items);
	free(n->keys);
	free(n->value);
	free(n);
}

static int
fail_at(const char *name, int line, int col, const char *what)
{
	return tkt_error(EX_CONFIG, "%s:%d:%d: %s", name, line, col, what);
}

int
tkt_yaml_fail(const char *file, const struct tkt_yaml *at, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return fail_at(file, at->line, at->col, msg);
}

/* Refuse n: free it and fail at its place. */
static int
refuse(struct builder *b, struct tkt_yaml *n, const char *what)
{
	int rc = fail_at(b->name, n->line, n->col, what);

	tkt_yaml_free(n);
	return rc;
}

/* Attach n to the node being built (or make it the root). */
static int
attach(struct builder *b, struct tkt_yaml *n)
{
	struct tkt_yaml *parent;
	size_t i;

	if (++b->nodes > YAML_NODES_MAX)
		return refuse(b, n, "too many nodes");
	if (b->depth == 0) {
		b->root = n;
		return 0;
	}
	parent = b->stack[b->depth - 1];
	if (parent->kind == TKT_YAML_MAP && !b->pending_key[b->depth - 1]) {
		if (n->kind != TKT_YAML_SCALAR)
			return refuse(b, n, "a key must be a plain scalar");
		for (i = 0; i < parent->n; i++) {
			if (strcmp(parent->keys[i]->value, n->value) == 0) {
				char msg[128];

				snprintf(msg, sizeof msg, "duplicate key '%.64s'", n->value);
				return refuse(b, n, msg);
			}
		}
		b->pending_key[b->depth - 1] = n;
		return 0;
	}
	parent->items = tkt_realloc(parent->items, (parent->n + 1) * sizeof *parent->items);
	if (parent->kind == TKT_YAML_MAP) {
		parent->keys = tkt_realloc(parent->keys, (parent->n + 1) * sizeof *parent->keys);
		parent->keys[parent->n] = b->pending_key[b->depth - 1];
		b->pending_key[b->depth - 1] = NULL;
	}
	parent->items[parent->n++] = n;
	return 0;
}

/* Parse text into *root; with partial, a document that fails leaves in
 * *root what was read of it before the failure. */
static int
parse(const char *name, const char *text, size_t len, struct tkt_yaml **root, int partial)
{
	yaml_parser_t p;
	yaml_event_t ev;
	struct builder b;
	int rc = 0, done = 0, docs = 0;

	*root = NULL;
	memset(&b, 0, sizeof b);
	b.name = name;
	if (len > TKT_YAML_MAX)
		return tkt_error(EX_CONFIG, "%s: too large (%zu bytes, at most %d)", name, len,
		                 TKT_YAML_MAX);
	if (!yaml_parser_initialize(&p))
		return tkt_error(EX_OSERR, "%s: cannot start the YAML parser", name);
	yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
	while (!done && !rc) {
		struct tkt_yaml *n = NULL;

		if (!yaml_parser_parse(&p, &ev)) {
			rc = fail_at(name, (int)p.problem_mark.line + 1, (int)p.problem_mark.column + 1,
			             p.problem ? p.problem : "YAML syntax error");
			if (p.context) {
				char msg[256];

				snprintf(msg, sizeof msg, "%s %s", p.problem ? p.problem : "syntax error",
				         p.context);
				rc = fail_at(name, (int)p.problem_mark.line + 1,
				             (int)p.problem_mark.column + 1, msg);
			}
			break;
		}
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (++docs > 1)
				rc = fail_at(name, (int)ev.start_mark.line + 1, (int)ev.start_mark.column + 1,
				             "only one YAML document is allowed");
			break;
		case YAML_ALIAS_EVENT:
			rc = fail_at(name, (int)ev.start_mark.line + 1, (int)ev.start_mark.column + 1,
			             "aliases (*name) are not supported");
			break;
		case YAML_SCALAR_EVENT:
			n = node_new(TKT_YAML_SCALAR, &ev.start_mark);
			n->value = tkt_strndup((const char *)ev.data.scalar.value, ev.data.scalar.length);
			n->plain = ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
			n->block = ev.data.scalar.style == YAML_LITERAL_SCALAR_STYLE ||
			           ev.data.scalar.style == YAML_FOLDED_SCALAR_STYLE;
			rc = attach(&b, n);
			break;
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			if (b.depth >= TKT_YAML_DEPTH_MAX) {
				rc = fail_at(name, (int)ev.start_mark.line + 1, (int)ev.start_mark.column + 1,
				             "nested too deeply");
				break;
			}
			n = node_new(ev.type == YAML_SEQUENCE_START_EVENT ? TKT_YAML_SEQ : TKT_YAML_MAP,
			             &ev.start_mark);
			if ((rc = attach(&b, n)))
				break;
			b.stack[b.depth++] = n;
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			b.depth--;
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&p);
	/* On failure, free what was built, including keys still waiting. */
	if (rc) {
		int i;

		for (i = 0; i <= TKT_YAML_DEPTH_MAX; i++)
			tkt_yaml_free(b.pending_key[i]);
		if (partial)
			*root = b.root;
		else
			tkt_yaml_free(b.root);
		return rc;
	}
	if (!b.root)
		return tkt_error(EX_CONFIG, "%s:1:1: empty file", name);
	*root = b.root;
	return 0;
}

int
tkt_yaml_parse(const char *name, const char *text, size_t len, struct tkt_yaml **root)
{
	return parse(name, text, len, root, 0);
}

static int
load(const char *path, struct tkt_yaml **root, int partial)
{
	FILE *fp;
	struct stat sb;
	tkt_buf b = TKT_BUF_INIT;
	char chunk[65536];
	size_t n;
	int rc;

	*root = NULL;
	if (!(fp = fopen(path, "rb")))
		return tkt_error(errno == ENOENT ? EX_NOINPUT : EX_CONFIG, "cannot open '%s': %s",
		                 path, strerror(errno));
	if (fstat(fileno(fp), &sb) == 0 && S_ISDIR(sb.st_mode)) {
		fclose(fp);
		return tkt_error(EX_CONFIG, "'%s' is a directory", path);
	}
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0) {
		tkt_buf_add(&b, chunk, n);
		if (b.len > TKT_YAML_MAX)
			break;
	}
	rc = ferror(fp) ? tkt_error(EX_IOERR, "cannot read '%s': %s", path, strerror(errno)) : 0;
	fclose(fp);
	if (!rc)
		rc = parse(path, tkt_buf_str(&b), b.len, root, partial);
	tkt_buf_release(&b);
	return rc;
}

int
tkt_yaml_load(const char *path, struct tkt_yaml **root)
{
	return load(path, root, 0);
}

int
tkt_yaml_load_partial(const char *path, struct tkt_yaml **root)
{
	return load(path, root, 1);
}

const struct tkt_yaml *
tkt_yaml_get(const struct tkt_yaml *map, const char *key)
{
	size_t i;

	if (!map || map->kind != TKT_YAML_MAP)
		return NULL;
	for (i = 0; i < map->n; i++)
		if (strcmp(map->keys[i]->value, key) == 0)
			return map->items[i];
	return NULL;
}

const char *
tkt_yaml_kind_name(enum tkt_yaml_kind k)
{
	return k == TKT_YAML_SCALAR ? "a scalar" : k == TKT_YAML_MAP ? "a mapping" : "a list";
}
