/* template.c: incident forms and reply templates: finding them on the
 * search path, reading and checking them (every problem with its
 * file:line:column), checking field values, rendering {{variables}}. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <pcre2.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tkt-int.h"


const char *const tkt_field_types[] = { "text", "number", "date", "email", "choice", NULL };

/* ---- the search path ------------------------------------------------- */

int
tkt_template_name_valid(const char *name)
{
	size_t i, n = strlen(name);

	if (n == 0 || n > 64 || !(islower((unsigned char)name[0]) || isdigit((unsigned char)name[0])))
		return 0;
	for (i = 0; i < n; i++)
		if (!(islower((unsigned char)name[i]) || isdigit((unsigned char)name[i]) ||
		      name[i] == '-' || name[i] == '_'))
			return 0;
	return 1;
}

char **
tkt_template_dirs(void)
{
	const char *e = getenv("TKT_TEMPLATES"), *p;
	char **dirs = NULL, *data;
	size_t n = 0;

	if (e && *e) {
		for (p = e; *p;) {
			size_t len = strcspn(p, ":");

			if (len) {
				dirs = tkt_realloc(dirs, (n + 2) * sizeof *dirs);
				dirs[n++] = tkt_strndup(p, len);
			}
			p += len + (p[len] == ':');
		}
	}
	dirs = tkt_realloc(dirs, (n + 3) * sizeof *dirs);
	if ((dirs[n] = tkt_xdg_path("XDG_CONFIG_HOME", ".config", "templates")))
		n++;
	data = tkt_installed("data");
	dirs[n++] = tkt_asprintf("%s/templates", data);
	free(data);
	dirs[n] = NULL;
	return dirs;
}

void
tkt_strv_free(char **v)
{
	char **p;

	for (p = v; p && *p; p++)
		free(*p);
	free(v);
}

int
tkt_template_path(const char *kind, const char *name, char **path)
{
	char **dirs, **d;

	*path = NULL;
	if (!tkt_template_name_valid(name))
		return tkt_error(EX_USAGE, "bad template name '%s' (a plain lower-case name, "
		                 "like defect or progress-update)", name);
	dirs = tkt_template_dirs();
	for (d = dirs; *d; d++) {
		char *p = tkt_asprintf("%s/%s/%s.yaml", *d, kind, name);

		if (access(p, F_OK) == 0) {
			*path = p;
			break;
		}
		free(p);
	}
	tkt_strv_free(dirs);
	if (!*path)
		return tkt_error(EX_NOINPUT, "no %s template '%s' (see --list-templates)",
		                 strcmp(kind, "incident") == 0 ? "incident" : kind, name);
	return 0;
}

struct entry {
	char *name, *path;
};

static int
cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->name, ((const struct entry *)b)->name);
}

int
tkt_template_list(const char *kind, tkt_template_fn fn, void *ctx)
{
	char **dirs = tkt_template_dirs(), **d;
	struct entry *e = NULL;
	size_t n = 0, i, j;
	int rc = 0;

	for (d = dirs; *d; d++) {
		char *dir = tkt_asprintf("%s/%s", *d, kind);
		DIR *dp = opendir(dir);
		struct dirent *de;

		while (dp && (de = readdir(dp))) {
			size_t len = strlen(de->d_name);
			char *name;

			if (len < 6 || strcmp(de->d_name + len - 5, ".yaml") != 0)
				continue;
			name = tkt_strndup(de->d_name, len - 5);
			for (j = 0; j < n && strcmp(e[j].name, name) != 0; j++)
				;
			if (j < n || !tkt_template_name_valid(name)) {
				free(name);             /* an earlier directory's wins */
				continue;
			}
			e = tkt_realloc(e, (n + 1) * sizeof *e);
			e[n].name = name;
			e[n++].path = tkt_asprintf("%s/%s", dir, de->d_name);
		}
		if (dp)
			closedir(dp);
		free(dir);
	}
	if (n)
		qsort(e, n, sizeof *e, cmp_entry);
	for (i = 0; i < n; i++) {
		if (!rc)
			rc = fn(e[i].name, e[i].path, ctx);
		free(e[i].name);
		free(e[i].path);
	}
	free(e);
	tkt_strv_free(dirs);
	return rc;
}

/* ---- problems: every one, with its place ----------------------------- */

struct problem {
	int   line, col;
	char *text;
};

struct problems {
	const char     *file;
	struct problem *list;
	int             count;
};

static void problem(struct problems *pr, const struct tkt_yaml *at, const char *fmt, ...)
	TKT_PRINTF(3, 4);

static void
problem(struct problems *pr, const struct tkt_yaml *at, const char *fmt, ...)
{
	struct problem *p;
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	pr->list = tkt_realloc(pr->list, (size_t)(pr->count + 1) * sizeof *pr->list);
	p = &pr->list[pr->count++];
	p->line = at ? at->line : 1;
	p->col = at ? at->col : 1;
	p->text = tkt_asprintf("%s:%d:%d: %s", pr->file, p->line, p->col, msg);
}

static int
cmp_problem(const void *a, const void *b)
{
	const struct problem *x = a, *y = b;

	return x->line != y->line ? (x->line > y->line) - (x->line < y->line)
	                          : (x->col > y->col) - (x->col < y->col);
}

/* Finish a read: 0, or EX_CONFIG with the first problem (in file order)
 * as the message, and all of them, a line each, in *all (when asked). */
static int
problems_done(struct problems *pr, char **all)
{
	tkt_buf text = TKT_BUF_INIT;
	int rc = 0, i;

	if (pr->count) {
		qsort(pr->list, (size_t)pr->count, sizeof *pr->list, cmp_problem);
		rc = tkt_error(EX_CONFIG, "%s%s", pr->list[0].text,
		               pr->count > 1 ? " (and more: see --check-template)" : "");
	}
	for (i = 0; i < pr->count; i++) {
		tkt_buf_printf(&text, "%s\n", pr->list[i].text);
		free(pr->list[i].text);
	}
	free(pr->list);
	if (all)
		*all = tkt_buf_detach(&text);
	tkt_buf_release(&text);
	return rc;
}

/* A scalar value of key in map, or NULL (a problem when it is there but
 * not a scalar, or missing and required). */
static const char *
scalar(struct problems *pr, const struct tkt_yaml *map, const char *key, int required)
{
	const struct tkt_yaml *v = tkt_yaml_get(map, key);

	if (!v) {
		if (required)
			problem(pr, map, "'%s' is missing", key);
		return NULL;
	}
	if (v->kind != TKT_YAML_SCALAR) {
		problem(pr, v, "'%s' must be a scalar, not %s", key, tkt_yaml_kind_name(v->kind));
		return NULL;
	}
	return v->value;
}

static int
boolean(struct problems *pr, const struct tkt_yaml *map, const char *key)
{
	const char *v = scalar(pr, map, key, 0);

	if (!v || strcmp(v, "false") == 0 || strcmp(v, "no") == 0)
		return 0;
	if (strcmp(v, "true") == 0 || strcmp(v, "yes") == 0)
		return 1;
	problem(pr, tkt_yaml_get(map, key), "'%s' must be true or false, not '%s'", key, v);
	return 0;
}

/* A list of scalars (a single scalar counts as a list of one). */
static char **
scalar_list(struct problems *pr, const struct tkt_yaml *map, const char *key, size_t *n)
{
	const struct tkt_yaml *v = tkt_yaml_get(map, key);
	char **out;
	size_t i;

	*n = 0;
	if (!v)
		return NULL;
	if (v->kind == TKT_YAML_SCALAR) {
		out = tkt_calloc(2, sizeof *out);
		out[(*n)++] = tkt_strdup(v->value);
		return out;
	}
	if (v->kind != TKT_YAML_SEQ) {
		problem(pr, v, "'%s' must be a list", key);
		return NULL;
	}
	out = tkt_calloc(v->n + 1, sizeof *out);
	for (i = 0; i < v->n; i++) {
		if (v->items[i]->kind != TKT_YAML_SCALAR)
			problem(pr, v->items[i], "each of '%s' must be a scalar", key);
		else
			out[(*n)++] = tkt_strdup(v->items[i]->value);
	}
	return out;
}

/* Keys the map may have; any other is a problem (a typo, most likely). */
static void
known_keys(struct problems *pr, const struct tkt_yaml *map, const char *const *keys)
{
	size_t i;

	for (i = 0; i < map->n; i++) {
		const char *const *k;

		for (k = keys; *k && strcmp(*k, map->keys[i]->value) != 0; k++)
			;
		if (!*k)
			problem(pr, map->keys[i], "unknown key '%s'", map->keys[i]->value);
	}
}

/* ---- {{variables}} ---------------------------------------------------- */

/* Call fn for each {{ name | fallback }} in text: name and fallback
 * trimmed (fallback NULL when there is none), and the byte offset of
 * "{{".  Returns -1 after text that is not a variable, else 0 or what fn
 * returned; *bad gets the offset of the broken "{{". */
typedef int (*var_fn)(const char *name, const char *fallback, size_t at, void *ctx);

static char *
trimmed(const char *s, size_t n)
{
	while (n && isspace((unsigned char)*s))
		s++, n--;
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	return tkt_strndup(s, n);
}

static int
each_var(const char *text, var_fn fn, void *ctx, size_t *bad)
{
	const char *p = text, *open, *close, *bar;
	int rc;

	while ((open = strstr(p, "{{"))) {
		char *name, *fallback = NULL;

		if (!(close = strstr(open + 2, "}}"))) {
			*bad = (size_t)(open - text);
			return -1;
		}
		bar = memchr(open + 2, '|', (size_t)(close - open - 2));
		name = trimmed(open + 2, (size_t)((bar ? bar : close) - open - 2));
		if (bar)
			fallback = trimmed(bar + 1, (size_t)(close - bar - 1));
		rc = fn(name, fallback, (size_t)(open - text), ctx);
		free(name);
		free(fallback);
		if (rc)
			return rc;
		p = close + 2;
	}
	return 0;
}

/* The variables every reply template may use; field.NAME besides. */
static const char *const reply_vars[] = {
	"customer.name", "customer.first_name", "customer.email", "ticket.id",
	"ticket.subject", "ticket.status", "ticket.priority", "ticket.type", "agent.name",
	"due", NULL,
};
/* What a form's subject pattern may use; the form's fields besides. */
static const char *const subject_vars[] = {
	"customer.name", "customer.first_name", "customer.email", NULL,
};

struct check_vars {
	struct problems       *pr;
	const struct tkt_yaml *node;
	const char            *text;
	const char *const     *known;
	char *const           *extra;       /* declared variables or fields */
	size_t                 nextra;
	int                    any_field;   /* field.NAME is allowed for any NAME */
};

/* Where offset at of a scalar's text is in the file: a block scalar
 * (| or >) starts on the line after its indicator, indented (by two
 * spaces, as the shipped files are written). */
static void
place(const struct tkt_yaml *node, const char *text, size_t at, struct tkt_yaml *out)
{
	size_t i;
	int line = 0, col = 0;

	for (i = 0; i < at; i++) {
		if (text[i] == '\n')
			line++, col = 0;
		else
			col++;
	}
	*out = *node;
	if (node->block) {
		out->line = node->line + 1 + line;
		out->col = 3 + col;
	} else {
		out->line = node->line + line;
		out->col = (line ? 1 : node->col + 1) + col;
	}
}

static int
check_var(const char *name, const char *fallback, size_t at, void *arg)
{
	struct check_vars *cv = arg;
	const char *const *k;
	size_t i;
	struct tkt_yaml where;

	(void)fallback;
	for (k = cv->known; *k; k++)
		if (strcmp(*k, name) == 0)
			return 0;
	for (i = 0; i < cv->nextra; i++)
		if (strcmp(cv->extra[i], name) == 0 ||
		    (strncmp(name, "field.", 6) == 0 && strcmp(cv->extra[i], name + 6) == 0))
			return 0;
	if (cv->any_field && strncmp(name, "field.", 6) == 0 && tkt_word_valid(name + 6))
		return 0;
	place(cv->node, cv->text, at, &where);
	problem(cv->pr, &where, "unknown variable '%s'", name);
	return 0;
}

/* Check the variables of a scalar: the known ones, the extra names (also
 * as field.NAME), and any field.NAME when any_field. */
static void
check_vars(struct problems *pr, const struct tkt_yaml *node, const char *const *known,
           char *const *extra, size_t nextra, int any_field)
{
	struct check_vars cv = { pr, node, node->value, known, extra, nextra, any_field };
	struct tkt_yaml where;
	size_t bad;

	if (each_var(node->value, check_var, &cv, &bad) < 0) {
		place(node, node->value, bad, &where);
		problem(pr, &where, "'{{' without its '}}'");
	}
}

/* ---- incident forms -------------------------------------------------- */

static char *
scalar_dup(struct problems *pr, const struct tkt_yaml *map, const char *key, int required)
{
	return tkt_strdup(scalar(pr, map, key, required));
}

static void
read_field(struct problems *pr, const struct tkt_yaml *node, struct tkt_field_def *fd)
{
	static const char *const keys[] = {
		"name", "label", "type", "required", "choices", "pattern", "help", NULL,
	};
	const char *type;
	size_t i;

	if (node->kind != TKT_YAML_MAP) {
		problem(pr, node, "a field must be a mapping (name, label, type...)");
		return;
	}
	known_keys(pr, node, keys);
	fd->name = scalar_dup(pr, node, "name", 1);
	fd->label = scalar_dup(pr, node, "label", 0);
	fd->help = scalar_dup(pr, node, "help", 0);
	fd->required = boolean(pr, node, "required");
	if (fd->name && (!tkt_word_valid(fd->name) || strchr(fd->name, ':')))
		problem(pr, tkt_yaml_get(node, "name"), "bad field name '%s' (a lower-case word)",
		        fd->name);
	type = scalar(pr, node, "type", 0);
	fd->type = tkt_strdup(type ? type : "text");
	if (tkt_enum_index(tkt_field_types, fd->type) < 0)
		problem(pr, tkt_yaml_get(node, "type"), "unknown field type '%s' (text, number, "
		        "date, email, choice)", fd->type);
	fd->choices = scalar_list(pr, node, "choices", &fd->nchoices);
	if (strcmp(fd->type, "choice") == 0 && fd->nchoices == 0)
		problem(pr, node, "field '%s' of type choice has no choices",
		        fd->name ? fd->name : "?");
	if (strcmp(fd->type, "choice") != 0 && fd->nchoices)
		problem(pr, tkt_yaml_get(node, "choices"), "choices are for fields of type choice");
	for (i = 0; i < fd->nchoices; i++)
		if (!tkt_line_valid(fd->choices[i]))
			problem(pr, tkt_yaml_get(node, "choices"), "a choice must be one line of text");
	if ((fd->pattern = scalar_dup(pr, node, "pattern", 0))) {
		int err;
		PCRE2_SIZE off;

		fd->re = pcre2_compile((PCRE2_SPTR)fd->pattern, PCRE2_ZERO_TERMINATED,
		                       PCRE2_UTF | PCRE2_ANCHORED | PCRE2_ENDANCHORED, &err, &off,
		                       NULL);
		if (!fd->re) {
			PCRE2_UCHAR msg[256];

			pcre2_get_error_message(err, msg, sizeof msg);
			problem(pr, tkt_yaml_get(node, "pattern"), "bad pattern '%s': %s at offset %zu",
			        fd->pattern, (const char *)msg, (size_t)off);
		}
	}
}

static void
form_from(struct problems *pr, const struct tkt_yaml *root, struct tkt_form *f)
{
	static const char *const keys[] = {
		"name", "title", "description", "subject", "priority", "type", "group", "tags",
		"fields", "ack", "ack_always", NULL,
	};
	const struct tkt_yaml *fields = tkt_yaml_get(root, "fields"), *subject;
	size_t i, j;

	known_keys(pr, root, keys);
	f->name = scalar_dup(pr, root, "name", 1);
	f->title = scalar_dup(pr, root, "title", 1);
	f->description = scalar_dup(pr, root, "description", 0);
	f->subject = scalar_dup(pr, root, "subject", 1);
	f->priority = scalar_dup(pr, root, "priority", 0);
	f->type = scalar_dup(pr, root, "type", 0);
	f->group = scalar_dup(pr, root, "group", 0);
	f->ack = scalar_dup(pr, root, "ack", 0);
	f->ack_always = boolean(pr, root, "ack_always");
	f->tags = scalar_list(pr, root, "tags", &f->ntags);
	if (f->name && !tkt_template_name_valid(f->name))
		problem(pr, tkt_yaml_get(root, "name"), "bad template name '%s'", f->name);
	if (f->priority && tkt_enum_index(tkt_priorities, f->priority) < 0)
		problem(pr, tkt_yaml_get(root, "priority"), "bad priority '%s' (low, normal, high, "
		        "urgent)", f->priority);
	if (f->type && !tkt_word_valid(f->type))
		problem(pr, tkt_yaml_get(root, "type"), "bad type '%s' (a lower-case word)", f->type);
	if (f->group && !tkt_word_valid(f->group))
		problem(pr, tkt_yaml_get(root, "group"), "bad group '%s' (a lower-case word)", f->group);
	for (i = 0; i < f->ntags; i++)
		if (!tkt_word_valid(f->tags[i]))
			problem(pr, tkt_yaml_get(root, "tags"), "bad tag '%s' (a lower-case word)",
			        f->tags[i]);
	if (f->ack && !tkt_template_name_valid(f->ack))
		problem(pr, tkt_yaml_get(root, "ack"), "bad reply template name '%s'", f->ack);
	if (f->ack_always && !f->ack)
		problem(pr, tkt_yaml_get(root, "ack_always"), "ack_always needs ack (a reply template)");
	if (fields && fields->kind != TKT_YAML_SEQ) {
		problem(pr, fields, "'fields' must be a list");
	} else if (fields) {
		f->fields = tkt_calloc(fields->n + 1, sizeof *f->fields);
		for (i = 0; i < fields->n; i++) {
			read_field(pr, fields->items[i], &f->fields[f->nfields]);
			for (j = 0; j < f->nfields; j++)
				if (f->fields[f->nfields].name && f->fields[j].name &&
				    strcmp(f->fields[j].name, f->fields[f->nfields].name) == 0)
					problem(pr, fields->items[i], "field '%s' is defined twice",
					        f->fields[j].name);
			f->nfields++;
		}
	}
	if ((subject = tkt_yaml_get(root, "subject")) && subject->kind == TKT_YAML_SCALAR) {
		char **names = tkt_calloc(f->nfields + 1, sizeof *names);

		for (i = 0; i < f->nfields; i++)
			names[i] = f->fields[i].name ? f->fields[i].name : "";
		check_vars(pr, subject, subject_vars, names, f->nfields, 0);
		free(names);
	}
}

void
tkt_form_free(struct tkt_form *f)
{
	size_t i;

	if (!f)
		return;
	for (i = 0; i < f->nfields; i++) {
		struct tkt_field_def *fd = &f->fields[i];

		free(fd->name);
		free(fd->label);
		free(fd->type);
		free(fd->help);
		free(fd->pattern);
		pcre2_code_free(fd->re);
		tkt_strv_free(fd->choices);
	}
	free(f->fields);
	tkt_strv_free(f->tags);
	free(f->name);
	free(f->path);
	free(f->title);
	free(f->description);
	free(f->subject);
	free(f->priority);
	free(f->type);
	free(f->group);
	free(f->ack);
	free(f);
}

/* ---- reply templates ------------------------------------------------- */

static void
reply_from(struct problems *pr, const struct tkt_yaml *root, struct tkt_reply *r)
{
	static const char *const keys[] = {
		"name", "title", "description", "body", "status", "due", "variables", NULL,
	};
	static const char *const var_keys[] = { "name", "help", "default", NULL };
	const struct tkt_yaml *vars = tkt_yaml_get(root, "variables"), *body;
	const char *due;
	size_t i;

	known_keys(pr, root, keys);
	r->name = scalar_dup(pr, root, "name", 1);
	r->title = scalar_dup(pr, root, "title", 1);
	r->description = scalar_dup(pr, root, "description", 0);
	r->body = scalar_dup(pr, root, "body", 1);
	r->status = scalar_dup(pr, root, "status", 0);
	if (r->name && !tkt_template_name_valid(r->name))
		problem(pr, tkt_yaml_get(root, "name"), "bad template name '%s'", r->name);
	if (r->status && tkt_enum_index(tkt_statuses, r->status) < 0)
		problem(pr, tkt_yaml_get(root, "status"), "bad status '%s' (%s)", r->status,
		        tkt_status_names());
	if ((due = scalar(pr, root, "due", 0)) && tkt_duration_parse(due, &r->due))
		problem(pr, tkt_yaml_get(root, "due"), "bad due '%s' (a duration like 24h)", due);
	if (vars && vars->kind != TKT_YAML_SEQ) {
		problem(pr, vars, "'variables' must be a list");
	} else if (vars) {
		r->vars = tkt_calloc(vars->n + 1, sizeof *r->vars);
		for (i = 0; i < vars->n; i++) {
			const struct tkt_yaml *v = vars->items[i];
			struct tkt_var_def *d = &r->vars[r->nvars];

			if (v->kind != TKT_YAML_MAP) {
				problem(pr, v, "a variable must be a mapping (name, help, default)");
				continue;
			}
			known_keys(pr, v, var_keys);
			d->name = scalar_dup(pr, v, "name", 1);
			d->help = scalar_dup(pr, v, "help", 0);
			d->def = scalar_dup(pr, v, "default", 0);
			if (d->name && (!tkt_word_valid(d->name) || strchr(d->name, '.') ||
			                tkt_enum_index(reply_vars, d->name) >= 0))
				problem(pr, tkt_yaml_get(v, "name"), "bad variable name '%s' (a lower-case "
				        "word without '.', not a built-in one)", d->name);
			r->nvars++;
		}
	}
	if ((body = tkt_yaml_get(root, "body")) && body->kind == TKT_YAML_SCALAR) {
		char **names = tkt_calloc(r->nvars + 1, sizeof *names);

		if (!tkt_line_valid(body->value) && !strchr(body->value, '\n'))
			problem(pr, body, "the body is empty");
		for (i = 0; i < r->nvars; i++)
			names[i] = r->vars[i].name ? r->vars[i].name : "";
		check_vars(pr, body, reply_vars, names, r->nvars, 1);
		free(names);
	}
}

void
tkt_reply_free(struct tkt_reply *r)
{
	size_t i;

	if (!r)
		return;
	for (i = 0; i < r->nvars; i++) {
		free(r->vars[i].name);
		free(r->vars[i].help);
		free(r->vars[i].def);
	}
	free(r->vars);
	free(r->name);
	free(r->path);
	free(r->title);
	free(r->description);
	free(r->body);
	free(r->status);
	free(r);
}

/* ---- reading --------------------------------------------------------- */

/* Read path as kind ("incident", "reply", or NULL to tell by its keys). */
static int
read_template(const char *path, const char *kind, struct tkt_form **form,
              struct tkt_reply **reply, char **all)
{
	struct problems pr = { path, NULL, 0 };
	struct tkt_yaml *root;
	int rc;

	if (form)
		*form = NULL;
	if (reply)
		*reply = NULL;
	if (all)
		*all = NULL;
	if ((rc = tkt_yaml_load(path, &root))) {
		if (all)
			*all = tkt_asprintf("%s\n", tkt_errmsg());
		return rc == EX_NOINPUT ? rc : EX_CONFIG;
	}
	if (root->kind != TKT_YAML_MAP) {
		problem(&pr, root, "a template must be a mapping (name, title, ...), not %s",
		        tkt_yaml_kind_name(root->kind));
	} else {
		if (!kind)
			kind = tkt_yaml_get(root, "body") ? "reply" : "incident";
		if (strcmp(kind, "reply") == 0) {
			struct tkt_reply *r = tkt_calloc(1, sizeof *r);

			reply_from(&pr, root, r);
			r->path = tkt_strdup(path);
			if (reply)
				*reply = r;
			else
				tkt_reply_free(r);
		} else {
			struct tkt_form *f = tkt_calloc(1, sizeof *f);

			form_from(&pr, root, f);
			f->path = tkt_strdup(path);
			if (form)
				*form = f;
			else
				tkt_form_free(f);
		}
	}
	tkt_yaml_free(root);
	if ((rc = problems_done(&pr, all))) {
		if (form) {
			tkt_form_free(*form);
			*form = NULL;
		}
		if (reply) {
			tkt_reply_free(*reply);
			*reply = NULL;
		}
	}
	return rc;
}

int
tkt_template_check(const char *path, char **problems)
{
	return read_template(path, NULL, NULL, NULL, problems);
}

int
tkt_form_load(const char *name, struct tkt_form **f)
{
	char *path;
	int rc;

	*f = NULL;
	if ((rc = tkt_template_path("incident", name, &path)))
		return rc;
	rc = read_template(path, "incident", f, NULL, NULL);
	free(path);
	return rc;
}

int
tkt_reply_load(const char *name, struct tkt_reply **r)
{
	char *path;
	int rc;

	*r = NULL;
	if ((rc = tkt_template_path("reply", name, &path)))
		return rc;
	rc = read_template(path, "reply", NULL, r, NULL);
	free(path);
	return rc;
}

/* ---- field values ---------------------------------------------------- */

const struct tkt_field_def *
tkt_form_field(const struct tkt_form *f, const char *name)
{
	size_t i;

	for (i = 0; i < f->nfields; i++)
		if (strcmp(f->fields[i].name, name) == 0)
			return &f->fields[i];
	return NULL;
}

int
tkt_field_check(const struct tkt_field_def *fd, const char *value, char **norm)
{
	const char *what = fd->label ? fd->label : fd->name;
	size_t i;

	*norm = NULL;
	if (!*value)
		return tkt_error(EX_DATAERR, "field '%s' (%s) is empty", fd->name, what);
	if (strlen(value) > 4096 || tkt_utf8_check(value, strlen(value)) >= 0)
		return tkt_error(EX_DATAERR, "field '%s': not UTF-8 text of at most 4096 bytes",
		                 fd->name);
	if (strcmp(fd->type, "number") == 0) {
		char *end;

		(void)strtod(value, &end);
		if (end == value || *end || isspace((unsigned char)value[0]))
			return tkt_error(EX_DATAERR, "field '%s' (%s) must be a number, not '%s'",
			                 fd->name, what, value);
	} else if (strcmp(fd->type, "date") == 0) {
		time_t t;

		if (strlen(value) != 10 || tkt_time_parse(value, 0, &t, NULL))
			return tkt_error(EX_DATAERR, "field '%s' (%s) must be a date like 2026-11-23, "
			                 "not '%s'", fd->name, what, value);
	} else if (strcmp(fd->type, "email") == 0) {
		if (!tkt_email_valid(value))
			return tkt_error(EX_DATAERR, "field '%s' (%s) must be an email address, not '%s'",
			                 fd->name, what, value);
	} else if (strcmp(fd->type, "choice") == 0) {
		for (i = 0; i < fd->nchoices; i++)
			if (strcmp(fd->choices[i], value) == 0)
				break;
		if (i == fd->nchoices) {
			tkt_buf b = TKT_BUF_INIT;

			for (i = 0; i < fd->nchoices; i++)
				tkt_buf_printf(&b, "%s%s", i ? ", " : "", fd->choices[i]);
			tkt_error(EX_DATAERR, "field '%s' (%s) must be one of: %s; not '%s'", fd->name,
			          what, b.s, value);
			tkt_buf_release(&b);
			return EX_DATAERR;
		}
	} else if (!tkt_line_valid(value)) {
		return tkt_error(EX_DATAERR, "field '%s' (%s) must be one line of text", fd->name,
		                 what);
	}
	if (fd->re) {
		pcre2_match_data *md = pcre2_match_data_create_from_pattern(fd->re, NULL);
		int m = pcre2_match(fd->re, (PCRE2_SPTR)value, strlen(value), 0, 0, md, NULL);

		pcre2_match_data_free(md);
		if (m < 0)
			return tkt_error(EX_DATAERR, "field '%s' (%s): '%s' does not match the pattern %s%s%s",
			                 fd->name, what, value, fd->pattern, fd->help ? "; " : "",
			                 fd->help ? fd->help : "");
	}
	*norm = tkt_strdup(value);
	return 0;
}

/* ---- rendering ------------------------------------------------------- */

struct render {
	tkt_vars_fn    lookup;
	void          *ctx;
	tkt_buf        out;
	const char    *tname;
};

static int
render_var(const char *name, const char *fallback, size_t at, void *arg)
{
	struct render *r = arg;
	char *v = NULL;
	int rc = r->lookup(name, &v, r->ctx);

	(void)at;
	if (rc == EX_USAGE)
		return tkt_error(EX_CONFIG, "template '%s': unknown variable '%s'", r->tname, name);
	if (rc)
		return rc;
	if (!v || !*v) {
		free(v);
		if (!fallback)
			return tkt_error(EX_DATAERR, "template '%s': variable '%s' has no value "
			                 "(give it with -v, or write {{%s|fallback}})", r->tname, name, name);
		tkt_buf_puts(&r->out, fallback);
		return 0;
	}
	tkt_buf_puts(&r->out, v);
	free(v);
	return 0;
}

/* each_var calls back at every variable: copy the text in between. */
struct render_walk {
	struct render *r;
	const char    *text;
	size_t         done;
};

static int
render_step(const char *name, const char *fallback, size_t at, void *arg)
{
	struct render_walk *w = arg;
	const char *close;
	int rc;

	tkt_buf_add(&w->r->out, w->text + w->done, at - w->done);
	if ((rc = render_var(name, fallback, at, w->r)))
		return rc;
	close = strstr(w->text + at + 2, "}}");
	w->done = (size_t)(close + 2 - w->text);
	return 0;
}

int
tkt_render(const char *tname, const char *text, tkt_vars_fn lookup, void *ctx, char **out)
{
	struct render r = { lookup, ctx, TKT_BUF_INIT, tname };
	struct render_walk w = { &r, text, 0 };
	size_t bad;
	int rc;

	*out = NULL;
	rc = each_var(text, render_step, &w, &bad);
	if (rc < 0)
		rc = tkt_error(EX_CONFIG, "template '%s': '{{' without its '}}' at byte %zu", tname, bad);
	if (rc) {
		tkt_buf_release(&r.out);
		return rc;
	}
	tkt_buf_puts(&r.out, text + w.done);
	*out = tkt_buf_detach(&r.out);
	return 0;
}

/* ---- forms filled in at a terminal ----------------------------------- */

int
tkt_form_prompt(const struct tkt_form *f, const struct tkt_field_def *fd, FILE *in,
                FILE *out, char **value)
{
	char *line = NULL;
	size_t cap = 0, i;
	ssize_t len;
	int rc;

	*value = NULL;
	for (;;) {
		fprintf(out, "%s%s", fd->label ? fd->label : fd->name, fd->required ? "" : " (optional)");
		if (fd->help)
			fprintf(out, " - %s", fd->help);
		fputc('\n', out);
		for (i = 0; i < fd->nchoices; i++)
			fprintf(out, "  %zu) %s\n", i + 1, fd->choices[i]);
		fprintf(out, "%s> ", fd->name);
		fflush(out);
		if ((len = getline(&line, &cap, in)) < 0) {
			free(line);
			return tkt_error(EX_DATAERR, "form '%s': no value for field '%s'", f->name,
			                 fd->name);
		}
		while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (!*line && !fd->required)
			break;
		/* A choice may be given by its number. */
		if (fd->nchoices) {
			char *end;
			long k = strtol(line, &end, 10);

			if (*line && !*end && k >= 1 && (size_t)k <= fd->nchoices) {
				free(line);
				line = tkt_strdup(fd->choices[k - 1]);
				cap = strlen(line) + 1;
			}
		}
		if ((rc = tkt_field_check(fd, line, value)) == 0)
			break;
		fprintf(out, "%s\n", tkt_errmsg());
	}
	free(line);
	return 0;
}

/* ---- a form makes a ticket ------------------------------------------- */

void
tkt_filled_release(struct tkt_filled *h)
{
	size_t i;

	for (i = 0; i < h->nfields; i++)
		free(h->fields[i]);
	free(h->fields);
	free(h->tags);            /* the strings belong to the form and t */
	free(h->subject);
	memset(h, 0, sizeof *h);
}

struct subject_ctx {
	const struct tkt_form *f;
	char                 **values;
	struct tkt_person     *who;
};

static int
subject_var(const char *name, char **value, void *arg)
{
	struct subject_ctx *c = arg;
	size_t i;

	*value = NULL;
	if (strncmp(name, "field.", 6) == 0) {
		for (i = 0; i < c->f->nfields; i++)
			if (strcmp(c->f->fields[i].name, name + 6) == 0) {
				*value = tkt_strdup(c->values[i]);
				return 0;
			}
		return EX_USAGE;
	}
	if (strcmp(name, "customer.name") == 0)
		*value = tkt_strdup(c->who->name);
	else if (strcmp(name, "customer.first_name") == 0)
		*value = c->who->name ? tkt_strndup(c->who->name, strcspn(c->who->name, " ")) : NULL;
	else if (strcmp(name, "customer.email") == 0)
		*value = tkt_strdup(c->who->email);
	else
		return EX_USAGE;
	return 0;
}

int
tkt_form_fill(const struct tkt_form *f, const char *const *words, size_t nwords,
              FILE *in, FILE *out, struct tkt_ticket_new *t, struct tkt_filled *h)
{
	char **values = tkt_calloc(f->nfields + 1, sizeof *values);
	struct tkt_person who = { 0 };
	size_t i, k;
	int rc = 0;

	memset(h, 0, sizeof *h);
	for (i = 0; i < nwords && !rc; i++) {
		const char *eq = strchr(words[i], '=');
		char *name = eq ? tkt_strndup(words[i], (size_t)(eq - words[i])) : NULL;
		const struct tkt_field_def *fd = name ? tkt_form_field(f, name) : NULL;

		if (!eq)
			rc = tkt_error(EX_USAGE, "bad field '%s' (like name=value)", words[i]);
		else if (!fd)
			rc = tkt_error(EX_DATAERR, "form '%s' has no field '%s'", f->name, name);
		else if (values[fd - f->fields])
			rc = tkt_error(EX_USAGE, "field '%s' is given twice", name);
		else
			rc = tkt_field_check(fd, eq + 1, &values[fd - f->fields]);
		free(name);
	}
	for (i = 0; i < f->nfields && !rc; i++) {
		if (values[i] || !f->fields[i].required)
			continue;
		if (in && out)
			rc = tkt_form_prompt(f, &f->fields[i], in, out, &values[i]);
		else
			rc = tkt_error(EX_DATAERR, "form '%s': field '%s' (%s) is required; give it "
			               "with -f %s=VALUE", f->name, f->fields[i].name,
			               f->fields[i].label ? f->fields[i].label : f->fields[i].name,
			               f->fields[i].name);
	}
	if (!rc && !t->subject) {
		struct subject_ctx c = { f, values, &who };

		if (t->requester && (rc = tkt_person_parse(t->requester, &who)))
			goto out;
		rc = tkt_render(f->name, f->subject, subject_var, &c, &h->subject);
		if (!rc && !tkt_line_valid(h->subject))
			rc = tkt_error(EX_DATAERR, "form '%s': the subject came out empty", f->name);
		t->subject = h->subject;
	}
	if (rc)
		goto out;
	h->fields = tkt_calloc(f->nfields + 1, sizeof *h->fields);
	for (i = 0; i < f->nfields; i++)
		if (values[i])
			h->fields[h->nfields++] = tkt_asprintf("%s=%s", f->fields[i].name, values[i]);
	/* The form's tags, then the ones given, each once. */
	h->tags = tkt_calloc(f->ntags + t->ntags + 1, sizeof *h->tags);
	for (i = 0; i < f->ntags + t->ntags; i++) {
		char *tag = i < f->ntags ? f->tags[i] : (char *)t->tags[i - f->ntags];

		for (k = 0; k < h->ntags && strcmp(h->tags[k], tag) != 0; k++)
			;
		if (k == h->ntags)
			h->tags[h->ntags++] = tag;
	}
	t->fields = (const char *const *)h->fields;
	t->nfields = h->nfields;
	t->tags = (const char *const *)h->tags;
	t->ntags = h->ntags;
	if (!t->priority)
		t->priority = f->priority;
	if (!t->type)
		t->type = f->type;
	if (!t->group)
		t->group = f->group;
	t->template_name = f->name;
out:
	for (i = 0; i < f->nfields; i++)
		free(values[i]);
	free(values);
	tkt_person_release(&who);
	return rc;
}

/* ---- a reply template meets a ticket --------------------------------- */

struct reply_ctx {
	tkt_store              *st;
	const struct tkt_reply *r;
	int64_t                 id;
	const char             *agent;
	time_t                  now;
	const char *const      *vars;
	size_t                  nvars;
};

static const char *
given(const char *const *vars, size_t n, const char *name)
{
	size_t i, len = strlen(name);

	for (i = 0; i < n; i++)
		if (strncmp(vars[i], name, len) == 0 && vars[i][len] == '=')
			return vars[i] + len + 1;
	return NULL;
}

int
tkt_reply_vars_check(const struct tkt_reply *r, const char *const *vars, size_t nvars)
{
	size_t i, k, len;

	for (i = 0; i < nvars; i++) {
		const char *eq = strchr(vars[i], '=');

		if (!eq || eq == vars[i])
			return tkt_error(EX_USAGE, "bad variable '%s' (like name=value)", vars[i]);
		len = (size_t)(eq - vars[i]);
		if (len == 3 && strncmp(vars[i], "due", 3) == 0)
			continue;
		for (k = 0; k < r->nvars; k++)
			if (strlen(r->vars[k].name) == len && strncmp(r->vars[k].name, vars[i], len) == 0)
				break;
		if (k == r->nvars)
			return tkt_error(EX_USAGE, "template '%s' has no variable '%.*s'", r->name,
			                 (int)len, vars[i]);
		if (tkt_utf8_check(eq + 1, strlen(eq + 1)) >= 0)
			return tkt_error(EX_DATAERR, "variable '%.*s' is not UTF-8", (int)len, vars[i]);
	}
	return 0;
}

static int
reply_var(const char *name, char **value, void *arg)
{
	static const char sql[] =
		"SELECT c.name, c.email, t.id, t.subject, t.status, t.priority, t.type\n"
		"  FROM tickets t JOIN customers c ON c.id = t.requester WHERE t.id = :id";
	static const char sql_field[] =
		"SELECT value FROM fields WHERE ticket = :id AND name = :name";
	static const char *const cols[] = {
		"customer.name", "customer.email", "ticket.id", "ticket.subject", "ticket.status",
		"ticket.priority", "ticket.type",
	};
	struct reply_ctx *c = arg;
	const char *v;
	tkt_stmt *s;
	size_t i;
	int rc, col = -1;

	*value = NULL;
	if ((v = given(c->vars, c->nvars, name))) {
		*value = tkt_strdup(v);
		return 0;
	}
	if (strcmp(name, "agent.name") == 0) {
		*value = tkt_strdup(c->agent);
		return 0;
	}
	if (strcmp(name, "due") == 0) {
		time_t due = c->now + (time_t)c->r->due;
		struct tm tm;
		char buf[64];

		if (c->r->due && localtime_r(&due, &tm) && strftime(buf, sizeof buf, "%Y-%m-%d %H:%M %Z", &tm))
			*value = tkt_strdup(buf);
		return 0;
	}
	for (i = 0; i < c->r->nvars; i++)
		if (strcmp(c->r->vars[i].name, name) == 0) {
			*value = tkt_strdup(c->r->vars[i].def);
			return 0;
		}
	if (strncmp(name, "field.", 6) == 0) {
		if (!(s = db_stmt(c->st, sql_field)))
			return tkt_errcode();
		db_bind_int(s, ":id", c->id);
		db_bind_text(s, ":name", name + 6);
		rc = db_step(s);
		if (rc == DB_ROW)
			*value = db_dup(s, 0);
		db_reset(s);
		return rc == DB_ROW || rc == DB_DONE ? 0 : db_error(c->st, rc, "reading fields");
	}
	for (i = 0; i < sizeof cols / sizeof cols[0]; i++)
		if (strcmp(cols[i], name) == 0)
			col = (int)i;
	if (strcmp(name, "customer.first_name") == 0)
		col = 0;
	if (col < 0)
		return EX_USAGE;
	if (!(s = db_stmt(c->st, sql)))
		return tkt_errcode();
	db_bind_int(s, ":id", c->id);
	if ((rc = db_step(s)) == DB_ROW) {
		*value = db_dup(s, col);
		if (*value && strcmp(name, "customer.first_name") == 0)
			(*value)[strcspn(*value, " ")] = '\0';
	}
	db_reset(s);
	if (rc == DB_DONE)
		return tkt_error(EX_NOINPUT, "no such ticket '%lld'", (long long)c->id);
	return rc == DB_ROW ? 0 : db_error(c->st, rc, "reading a ticket");
}

int
tkt_reply_render(tkt_store *st, const struct tkt_reply *r, int64_t id, const char *agent,
                 time_t now, const char *const *vars, size_t nvars, char **body)
{
	struct reply_ctx c = { st, r, id, agent, now, vars, nvars };
	char *text, *trimmed_body;
	int rc;

	*body = NULL;
	if ((rc = tkt_ticket_check(st, id, now)))
		return rc;
	if ((rc = tkt_render(r->name, r->body, reply_var, &c, &text)))
		return rc;
	rc = tkt_body_check("the rendered reply", text, strlen(text), &trimmed_body);
	free(text);
	*body = trimmed_body;
	return rc;
}

/* ---- listing and showing --------------------------------------------- */

struct list_ctx {
	const char *kind;
	FILE       *out;
};

static int
list_one(const char *name, const char *path, void *arg)
{
	struct list_ctx *c = arg;
	struct tkt_form *f = NULL;
	struct tkt_reply *r = NULL;
	const char *title;

	if (read_template(path, c->kind, &f, &r, NULL))
		title = "(does not load: see --check-template)";
	else
		title = f ? f->title : r->title;
	fprintf(c->out, "%s\t", name);
	tkt_out_field(c->out, title);
	fputc('\n', c->out);
	tkt_form_free(f);
	tkt_reply_free(r);
	return 0;
}

int
tkt_template_show(const char *kind, const char *name, FILE *out)
{
	struct tkt_form *f = NULL;
	struct tkt_reply *r = NULL;
	char *path;
	int rc;

	if ((rc = tkt_template_path(kind, name, &path)))
		return rc;
	if (!(rc = read_template(path, kind, &f, &r, NULL))) {
		if (f)
			tkt_form_print(f, out);
		else
			tkt_reply_print(r, out);
	}
	tkt_form_free(f);
	tkt_reply_free(r);
	free(path);
	return rc;
}

int
tkt_template_print_list(const char *kind, FILE *out)
{
	struct list_ctx c = { kind, out };

	return tkt_template_list(kind, list_one, &c);
}

/* The length of text without its trailing newlines. */
static size_t
text_len(const char *text)
{
	size_t n = strlen(text);

	while (n && text[n - 1] == '\n')
		n--;
	return n;
}

static void
show_line(FILE *out, const char *key, const char *value)
{
	if (value && *value)
		fprintf(out, "%-12s %s\n", key, value);
}

void
tkt_form_print(const struct tkt_form *f, FILE *out)
{
	size_t i, k;

	show_line(out, "form", f->name);
	show_line(out, "title", f->title);
	show_line(out, "file", f->path);
	show_line(out, "subject", f->subject);
	show_line(out, "priority", f->priority);
	show_line(out, "type", f->type);
	show_line(out, "group", f->group);
	if (f->ntags) {
		fprintf(out, "%-12s", "tags");
		for (i = 0; i < f->ntags; i++)
			fprintf(out, " %s", f->tags[i]);
		fputc('\n', out);
	}
	if (f->ack)
		fprintf(out, "%-12s %s%s\n", "ack", f->ack, f->ack_always ? " (always)" : " (with --ack)");
	if (f->description)
		fprintf(out, "\n%.*s\n", (int)text_len(f->description), f->description);
	for (i = 0; i < f->nfields; i++) {
		const struct tkt_field_def *fd = &f->fields[i];

		fprintf(out, "\nfield.%s  %s%s\n", fd->name, fd->type, fd->required ? "  required" : "");
		show_line(out, "    label", fd->label);
		show_line(out, "    help", fd->help);
		show_line(out, "    pattern", fd->pattern);
		for (k = 0; k < fd->nchoices; k++)
			fprintf(out, "%-12s %s\n", k ? "" : "    choices", fd->choices[k]);
	}
}

void
tkt_reply_print(const struct tkt_reply *r, FILE *out)
{
	char buf[32];
	size_t i;

	show_line(out, "reply", r->name);
	show_line(out, "title", r->title);
	show_line(out, "file", r->path);
	show_line(out, "status", r->status);
	if (r->due)
		show_line(out, "due", tkt_duration_str(r->due, buf));
	for (i = 0; i < r->nvars; i++)
		fprintf(out, "%-12s %s%s%s%s%s%s\n", "variable", r->vars[i].name,
		        r->vars[i].help ? ": " : "", r->vars[i].help ? r->vars[i].help : "",
		        r->vars[i].def ? " (default: " : "", r->vars[i].def ? r->vars[i].def : "",
		        r->vars[i].def ? ")" : "");
	if (r->description)
		fprintf(out, "\n%.*s\n", (int)text_len(r->description), r->description);
	fprintf(out, "\n%s", r->body);
	if (!*r->body || r->body[strlen(r->body) - 1] != '\n')
		fputc('\n', out);
}

int
tkt_reply_post(tkt_store *st, const struct tkt_reply *r, const struct tkt_message_new *m,
               const char *const *vars, size_t nvars, const char *status, int64_t *id)
{
	struct tkt_message_new msg = *m;
	char *text;
	int rc;

	if ((rc = tkt_reply_render(st, r, m->ticket, m->author, m->at, vars, nvars, &text)))
		return rc;
	msg.body = text;
	rc = tkt_message_add(st, &msg, id);
	free(text);
	if (!status)
		status = r->status;
	if (!rc && status)
		rc = tkt_ticket_set(st, m->ticket, "status", status, m->author, m->at);
	return rc;
}
