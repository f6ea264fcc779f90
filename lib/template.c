/* template.c: incident forms and reply templates as files: finding them
 * on the search path, reading and checking them (every problem with its
 * file:line:column), listing and showing them.  What is in them is read
 * by form.c and reply-template.c; their {{variables}} by render.c. */
#include <ctype.h>
#include <dirent.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "template-int.h"

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

struct tkt_problems {
	const char     *file;
	struct problem *list;
	int             count;
};

void
tkt_tpl_problem(struct tkt_problems *pr, const struct tkt_yaml *at, const char *fmt, ...)
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
problems_done(struct tkt_problems *pr, char **all)
{
	tkt_buf text = TKT_BUF_INIT;
	int rc = 0, i;

	if (pr->count) {
		qsort(pr->list, (size_t)pr->count, sizeof *pr->list, cmp_problem);
		rc = tkt_error(EX_CONFIG, "%s%s", pr->list[0].text,
		               pr->count > 1 ? " (and more: see tkt-new --check-template)" : "");
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
const char *
tkt_tpl_scalar(struct tkt_problems *pr, const struct tkt_yaml *map, const char *key, int required)
{
	const struct tkt_yaml *v = tkt_yaml_get(map, key);

	if (!v) {
		if (required)
			tkt_tpl_problem(pr, map, "'%s' is missing", key);
		return NULL;
	}
	if (v->kind != TKT_YAML_SCALAR) {
		tkt_tpl_problem(pr, v, "'%s' must be a scalar, not %s", key,
		                tkt_yaml_kind_name(v->kind));
		return NULL;
	}
	return v->value;
}

char *
tkt_tpl_strdup(struct tkt_problems *pr, const struct tkt_yaml *map, const char *key, int required)
{
	return tkt_strdup(tkt_tpl_scalar(pr, map, key, required));
}

int
tkt_tpl_bool(struct tkt_problems *pr, const struct tkt_yaml *map, const char *key)
{
	const char *v = tkt_tpl_scalar(pr, map, key, 0);

	if (!v || strcmp(v, "false") == 0 || strcmp(v, "no") == 0)
		return 0;
	if (strcmp(v, "true") == 0 || strcmp(v, "yes") == 0)
		return 1;
	tkt_tpl_problem(pr, tkt_yaml_get(map, key), "'%s' must be true or false, not '%s'", key, v);
	return 0;
}

/* A list of scalars (a single scalar counts as a list of one). */
char **
tkt_tpl_list(struct tkt_problems *pr, const struct tkt_yaml *map, const char *key, size_t *n)
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
		tkt_tpl_problem(pr, v, "'%s' must be a list", key);
		return NULL;
	}
	out = tkt_calloc(v->n + 1, sizeof *out);
	for (i = 0; i < v->n; i++) {
		if (v->items[i]->kind != TKT_YAML_SCALAR)
			tkt_tpl_problem(pr, v->items[i], "each of '%s' must be a scalar", key);
		else
			out[(*n)++] = tkt_strdup(v->items[i]->value);
	}
	return out;
}

/* Keys the map may have; any other is a problem (a typo, most likely). */
void
tkt_tpl_keys(struct tkt_problems *pr, const struct tkt_yaml *map, const char *const *keys)
{
	size_t i;

	for (i = 0; i < map->n; i++) {
		const char *const *k;

		for (k = keys; *k && strcmp(*k, map->keys[i]->value) != 0; k++)
			;
		if (!*k)
			tkt_tpl_problem(pr, map->keys[i], "unknown key '%s'", map->keys[i]->value);
	}
}

/* ---- reading --------------------------------------------------------- */

/* Read path as kind ("incident", "reply", or NULL to tell by its keys). */
static int
read_template(const char *path, const char *kind, struct tkt_form **form,
              struct tkt_reply **reply, char **all)
{
	struct tkt_problems pr = { path, NULL, 0 };
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
		tkt_tpl_problem(&pr, root, "a template must be a mapping (name, title, ...), "
		                "not %s", tkt_yaml_kind_name(root->kind));
	} else {
		if (!kind)
			kind = tkt_yaml_get(root, "body") ? "reply" : "incident";
		if (strcmp(kind, "reply") == 0) {
			struct tkt_reply *r = tkt_calloc(1, sizeof *r);

			tkt_reply_read(&pr, root, r);
			r->path = tkt_strdup(path);
			if (reply)
				*reply = r;
			else
				tkt_reply_free(r);
		} else {
			struct tkt_form *f = tkt_calloc(1, sizeof *f);

			tkt_form_read(&pr, root, f);
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
		title = "(does not load: see tkt-new --check-template)";
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
