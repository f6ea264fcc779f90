/* render.c: the {{variables}} of templates: finding them in a text,
 * checking them as a template is read, and rendering a text with their
 * values. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "template-int.h"

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

struct check_vars {
	struct tkt_problems       *pr;
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
	tkt_tpl_problem(cv->pr, &where, "unknown variable '%s'", name);
	return 0;
}

/* Check the variables of a scalar: the known ones, the extra names (also
 * as field.NAME), and any field.NAME when any_field. */
void
tkt_tpl_vars_check(struct tkt_problems *pr, const struct tkt_yaml *node, const char *const *known,
                   char *const *extra, size_t nextra, int any_field)
{
	struct check_vars cv = { pr, node, node->value, known, extra, nextra, any_field };
	struct tkt_yaml where;
	size_t bad;

	if (each_var(node->value, check_var, &cv, &bad) < 0) {
		place(node, node->value, bad, &where);
		tkt_tpl_problem(pr, &where, "'{{' without its '}}'");
	}
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
