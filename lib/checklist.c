/* checklist.c: the QA checklist: reading it (its items, and their
 * phrases in several languages compiled with PCRE2, Unicode case
 * folding), and matching the text of a reply against it. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "qa-int.h"

static const char *const applies_names[] = {
	"first-reply", "every-reply", "any-reply", "last-reply", "ticket", NULL,
};
static const char *const check_names[] = {
	"phrases", "absent", "customer-name", "jargon", "manual", "on-time", "categorised",
	"updates", NULL,
};
static const char *const where_names[] = { "anywhere", "start", "end", NULL };

/* ---- reading the checklist ------------------------------------------- */

/* A phrase as a pattern: regex characters escaped, spaces as any white
 * space, apostrophes straight or curly, Romanian s and t with comma or
 * cedilla. */
void
tkt_qa_phrase_pattern(tkt_buf *b, const char *p)
{
	for (; *p; p++) {
		if (*p == ' ') {
			tkt_buf_puts(b, "\\s+");
			while (p[1] == ' ')
				p++;
		} else if (*p == '\'') {
			tkt_buf_puts(b, "['\xe2\x80\x99]");
		} else if (!strncmp(p, "\xc8\x99", 2) || !strncmp(p, "\xc5\x9f", 2)) {
			tkt_buf_puts(b, "[\xc8\x99\xc5\x9f]");     /* ș ş */
			p++;
		} else if (!strncmp(p, "\xc8\x9b", 2) || !strncmp(p, "\xc5\xa3", 2)) {
			tkt_buf_puts(b, "[\xc8\x9b\xc5\xa3]");     /* ț ţ */
			p++;
		} else {
			if (strchr("\\^$.|?*+()[]{}#", *p))
				tkt_buf_putc(b, '\\');
			tkt_buf_putc(b, *p);
		}
	}
}

/* Compile phrases (matched as whole words) and patterns into one
 * expression; at names the node for messages. */
static int
compile(const char *file, const struct tkt_yaml *at, char **phrases, size_t np,
        char **patterns, size_t npat, pcre2_code **out)
{
	tkt_buf re = TKT_BUF_INIT;
	size_t i;
	int err, rc = 0;
	PCRE2_SIZE off;

	*out = NULL;
	if (np) {
		tkt_buf_puts(&re, "(?<![\\p{L}\\p{N}])(?:");
		for (i = 0; i < np; i++) {
			if (i)
				tkt_buf_putc(&re, '|');
			tkt_qa_phrase_pattern(&re, phrases[i]);
		}
		tkt_buf_puts(&re, ")(?![\\p{L}\\p{N}])");
	}
	for (i = 0; i < npat; i++) {
		pcre2_code *one = pcre2_compile((PCRE2_SPTR)patterns[i], PCRE2_ZERO_TERMINATED,
		                                PCRE2_UTF | PCRE2_UCP, &err, &off, NULL);

		if (!one) {
			PCRE2_UCHAR msg[256];

			pcre2_get_error_message(err, msg, sizeof msg);
			rc = tkt_yaml_fail(file, at, "bad pattern '%s': %s at offset %zu", patterns[i],
			             (const char *)msg, (size_t)off);
			goto out;
		}
		pcre2_code_free(one);
		tkt_buf_printf(&re, "%s(?:%s)", re.len ? "|" : "", patterns[i]);
	}
	*out = pcre2_compile((PCRE2_SPTR)tkt_buf_str(&re), PCRE2_ZERO_TERMINATED,
	                     PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS, &err, &off, NULL);
	if (!*out) {
		PCRE2_UCHAR msg[256];

		pcre2_get_error_message(err, msg, sizeof msg);
		rc = tkt_yaml_fail(file, at, "the phrases do not make a pattern: %s", (const char *)msg);
		goto out;
	}
	pcre2_jit_compile(*out, PCRE2_JIT_COMPLETE);
out:
	tkt_buf_release(&re);
	return rc;
}

static void
strv_add(char ***v, size_t *n, const char *s)
{
	*v = tkt_realloc(*v, (*n + 2) * sizeof **v);
	(*v)[(*n)++] = tkt_strdup(s);
	(*v)[*n] = NULL;
}

/* Phrases: a list, or a mapping of language to list.  Appends to v. */
static int
read_phrases(const char *file, const struct tkt_yaml *node, char ***v, size_t *n)
{
	size_t i, j;

	if (node->kind == TKT_YAML_SEQ) {
		for (i = 0; i < node->n; i++) {
			if (node->items[i]->kind != TKT_YAML_SCALAR || !*node->items[i]->value)
				return tkt_yaml_fail(file, node->items[i], "a phrase must be some text");
			strv_add(v, n, node->items[i]->value);
		}
		return 0;
	}
	if (node->kind != TKT_YAML_MAP)
		return tkt_yaml_fail(file, node, "phrases are a list, or lists by language (en: [...])");
	for (i = 0; i < node->n; i++) {
		const struct tkt_yaml *l = node->items[i];

		if (l->kind != TKT_YAML_SEQ)
			return tkt_yaml_fail(file, l, "the phrases of '%s' must be a list", node->keys[i]->value);
		for (j = 0; j < l->n; j++) {
			if (l->items[j]->kind != TKT_YAML_SCALAR || !*l->items[j]->value)
				return tkt_yaml_fail(file, l->items[j], "a phrase must be some text");
			strv_add(v, n, l->items[j]->value);
		}
	}
	return 0;
}

static const char *
scalar(const struct tkt_yaml *map, const char *key)
{
	const struct tkt_yaml *v = tkt_yaml_get(map, key);

	return v && v->kind == TKT_YAML_SCALAR ? v->value : NULL;
}

/* A number above zero (or zero, when zero is allowed); a share is a
 * percentage like 3%. */
static int
number(const char *s, double *v, int zero, int share)
{
	char *end;

	*v = strtod(s, &end);
	if (end == s || isinf(*v) || isnan(*v))
		return -1;
	if (share) {
		if (*end++ != '%')
			return -1;
		*v /= 100;
	}
	return *end || *v < 0 || (*v == 0 && !zero) ? -1 : 0;
}

static int
read_item(const char *file, const struct tkt_yaml *node, struct tkt_qa_item *it,
          const struct tkt_checklist *cl)
{
	static const char *const keys[] = {
		"id", "title", "weight", "applies", "check", "where", "phrases", "patterns", "hint",
		"must_pass", NULL,
	};
	const struct tkt_yaml *v;
	char **phrases = NULL, **patterns = NULL;
	size_t np = 0, npat = 0, i;
	const char *s;
	int rc = 0, k;

	if (node->kind != TKT_YAML_MAP)
		return tkt_yaml_fail(file, node, "an item is a mapping (id, title, weight, check, ...)");
	for (i = 0; i < node->n; i++)
		if (tkt_enum_index(keys, node->keys[i]->value) < 0)
			return tkt_yaml_fail(file, node->keys[i], "unknown key '%s'", node->keys[i]->value);
	if (!(s = scalar(node, "id")) || !tkt_template_name_valid(s))
		return tkt_yaml_fail(file, tkt_yaml_get(node, "id") ? tkt_yaml_get(node, "id") : node,
		               "an item needs an id, a lower-case name");
	it->id = tkt_strdup(s);
	for (i = 0; i < cl->nitems; i++)
		if (strcmp(cl->items[i].id, s) == 0)
			return tkt_yaml_fail(file, tkt_yaml_get(node, "id"), "item '%s' is defined twice", s);
	if (!(s = scalar(node, "title")))
		return tkt_yaml_fail(file, node, "item '%s' has no title", it->id);
	it->title = tkt_strdup(s);
	it->hint = tkt_strdup(scalar(node, "hint"));
	it->weight = 1;
	if ((v = tkt_yaml_get(node, "weight")) &&
	    (v->kind != TKT_YAML_SCALAR || number(v->value, &it->weight, 0, 0)))
		return tkt_yaml_fail(file, v, "the weight of '%s' must be a positive number", it->id);
	if (!(v = tkt_yaml_get(node, "applies")) || v->kind != TKT_YAML_SCALAR ||
	    (k = tkt_enum_index(applies_names, v->value)) < 0)
		return tkt_yaml_fail(file, v ? v : node, "item '%s': applies is first-reply, every-reply, "
		               "any-reply, last-reply or ticket", it->id);
	it->applies = k;
	if (!(v = tkt_yaml_get(node, "check")) || v->kind != TKT_YAML_SCALAR ||
	    (k = tkt_enum_index(check_names, v->value)) < 0)
		return tkt_yaml_fail(file, v ? v : node, "item '%s': unknown check kind '%s' (phrases, absent, "
		               "customer-name, jargon, manual, on-time, categorised, updates)", it->id,
		               v && v->kind == TKT_YAML_SCALAR ? v->value : "");
	it->check = k;
	if ((it->check >= QA_ON_TIME) != (it->applies == QA_TICKET) && it->check != QA_MANUAL)
		return tkt_yaml_fail(file, v, "item '%s': check '%s' %s", it->id, v->value,
		               it->check >= QA_ON_TIME ? "applies to the ticket" :
		                                         "applies to replies, not the ticket");
	if ((v = tkt_yaml_get(node, "where")) &&
	    (v->kind != TKT_YAML_SCALAR || (it->where = tkt_enum_index(where_names, v->value)) < 0))
		return tkt_yaml_fail(file, v, "item '%s': where is anywhere, start or end", it->id);
	if ((v = tkt_yaml_get(node, "must_pass"))) {
		if (v->kind != TKT_YAML_SCALAR || (strcmp(v->value, "true") && strcmp(v->value, "false")))
			return tkt_yaml_fail(file, v, "must_pass is true or false");
		it->must_pass = strcmp(v->value, "true") == 0;
	}
	if ((v = tkt_yaml_get(node, "phrases")) && (rc = read_phrases(file, v, &phrases, &np)))
		goto out;
	if ((v = tkt_yaml_get(node, "patterns")) && (rc = read_phrases(file, v, &patterns, &npat)))
		goto out;
	if (it->check == QA_PHRASES || it->check == QA_ABSENT) {
		if (!np && !npat) {
			rc = tkt_yaml_fail(file, node, "item '%s' checks phrases but has none", it->id);
			goto out;
		}
		rc = compile(file, tkt_yaml_get(node, "patterns") ? tkt_yaml_get(node, "patterns") :
		             tkt_yaml_get(node, "phrases"), phrases, np, patterns, npat,
		             (pcre2_code **)&it->re);
	} else if (np || npat) {
		rc = tkt_yaml_fail(file, tkt_yaml_get(node, np ? "phrases" : "patterns"),
		             "item '%s': only phrases and absent checks have phrases", it->id);
	}
out:
	tkt_strv_free(phrases);
	tkt_strv_free(patterns);
	return rc;
}

int
tkt_checklist_load(const char *path, struct tkt_checklist **out)
{
	static const char *const keys[] = { "name", "title", "min", "jargon", "items", NULL };
	struct tkt_checklist *cl;
	struct tkt_yaml *root;
	const struct tkt_yaml *v, *items;
	char *found = NULL;
	size_t i;
	int rc;

	*out = NULL;
	if (!path) {
		if ((rc = tkt_template_path("qa", "checklist", &found)))
			return rc == EX_NOINPUT ? tkt_error(EX_CONFIG, "no QA checklist on the template "
			                                    "path (qa/checklist.yaml)") : rc;
		path = found;
	}
	if ((rc = tkt_yaml_load(path, &root))) {
		free(found);
		return rc == EX_NOINPUT ? tkt_error(EX_CONFIG, "%s", tkt_errmsg()) : rc;
	}
	cl = tkt_calloc(1, sizeof *cl);
	cl->path = tkt_strdup(path);
	cl->min = 70;
	cl->max_density = 0.03;
	if (root->kind != TKT_YAML_MAP) {
		rc = tkt_yaml_fail(path, root, "a checklist is a mapping (name, title, items)");
		goto out;
	}
	for (i = 0; i < root->n; i++)
		if (tkt_enum_index(keys, root->keys[i]->value) < 0) {
			rc = tkt_yaml_fail(path, root->keys[i], "unknown key '%s'", root->keys[i]->value);
			goto out;
		}
	cl->title = tkt_strdup(scalar(root, "title") ? scalar(root, "title") : "QA checklist");
	if ((v = tkt_yaml_get(root, "min")) &&
	    (v->kind != TKT_YAML_SCALAR || number(v->value, &cl->min, 1, 0) || cl->min > 100)) {
		rc = tkt_yaml_fail(path, v, "min is a score from 0 to 100");
		goto out;
	}
	if ((v = tkt_yaml_get(root, "jargon"))) {
		const struct tkt_yaml *w = tkt_yaml_get(v, "words"), *d = tkt_yaml_get(v, "max_density");
		char **words = NULL;
		size_t nw = 0;

		if (v->kind != TKT_YAML_MAP || !w) {
			rc = tkt_yaml_fail(path, v, "jargon is a mapping of words and max_density");
			goto out;
		}
		for (i = 0; i < v->n; i++)
			if (strcmp(v->keys[i]->value, "words") && strcmp(v->keys[i]->value, "max_density")) {
				rc = tkt_yaml_fail(path, v->keys[i], "unknown key '%s' (words, max_density)",
				             v->keys[i]->value);
				goto out;
			}
		if (d && (d->kind != TKT_YAML_SCALAR || number(d->value, &cl->max_density, 0, 1) ||
		          cl->max_density > 1)) {
			rc = tkt_yaml_fail(path, d, "max_density is a share, like 3%%");
			goto out;
		}
		if (!(rc = read_phrases(path, w, &words, &nw)))
			rc = compile(path, w, words, nw, NULL, 0, (pcre2_code **)&cl->jargon);
		tkt_strv_free(words);
		if (rc)
			goto out;
	}
	if (!(items = tkt_yaml_get(root, "items")) || items->kind != TKT_YAML_SEQ || !items->n) {
		rc = tkt_yaml_fail(path, items ? items : root, "a checklist needs a list of items");
		goto out;
	}
	cl->items = tkt_calloc(items->n, sizeof *cl->items);
	for (i = 0; i < items->n; i++) {
		if ((rc = read_item(path, items->items[i], &cl->items[cl->nitems], cl))) {
			cl->nitems++;
			goto out;
		}
		if (cl->items[cl->nitems].check == QA_JARGON && !cl->jargon) {
			rc = tkt_yaml_fail(path, items->items[i], "item '%s' checks jargon, but the checklist "
			             "has no jargon list", cl->items[cl->nitems].id);
			cl->nitems++;
			goto out;
		}
		cl->nitems++;
	}
out:
	tkt_yaml_free(root);
	free(found);
	if (rc) {
		tkt_checklist_free(cl);
		return rc;
	}
	*out = cl;
	return 0;
}

void
tkt_checklist_free(struct tkt_checklist *cl)
{
	size_t i;

	if (!cl)
		return;
	for (i = 0; i < cl->nitems; i++) {
		free(cl->items[i].id);
		free(cl->items[i].title);
		free(cl->items[i].hint);
		pcre2_code_free(cl->items[i].re);
	}
	free(cl->items);
	pcre2_code_free(cl->jargon);
	free(cl->path);
	free(cl->title);
	free(cl);
}

const struct tkt_qa_item *
tkt_checklist_item(const struct tkt_checklist *cl, const char *id)
{
	size_t i;

	for (i = 0; i < cl->nitems; i++)
		if (strcmp(cl->items[i].id, id) == 0)
			return &cl->items[i];
	return NULL;
}

/* ---- matching -------------------------------------------------------- */

struct matcher {
	pcre2_match_data *md;
};

/* The part of a reply an item looks at: the first line with text, the
 * last three lines with text, or all of it. */
void
tkt_qa_region(const char *body, int where, size_t *from, size_t *to)
{
	size_t n = strlen(body), i;
	int lines = 0;

	*from = 0;
	*to = n;
	if (where == 1) {                 /* start */
		i = strspn(body, " \t\r\n");
		*from = i;
		*to = i + strcspn(body + i, "\n");
	} else if (where == 2) {          /* end */
		for (i = n; i > 0; i--) {
			if (body[i - 1] == '\n' && i < n && body[i] != '\n' && ++lines == 3)
				break;
		}
		*from = i;
	}
}

/* Find re in body[from..to); the matched text in *evidence. */
int
tkt_qa_find(pcre2_code *re, pcre2_match_data *md, const char *body, size_t from, size_t to,
            char **evidence)
{
	int rc = pcre2_match(re, (PCRE2_SPTR)body, to, from, 0, md, NULL);
	PCRE2_SIZE *ov;

	if (rc < 0)
		return 0;
	ov = pcre2_get_ovector_pointer(md);
	if (evidence)
		*evidence = tkt_strndup(body + ov[0], ov[1] - ov[0] > 60 ? 60 : ov[1] - ov[0]);
	return 1;
}

size_t
tkt_qa_words(const char *s)
{
	size_t n = 0;
	int in = 0;

	for (; *s; s++) {
		int sp = *s == ' ' || *s == '\n' || *s == '\t' || *s == '\r';

		if (!sp && !in)
			n++;
		in = !sp;
	}
	return n;
}
