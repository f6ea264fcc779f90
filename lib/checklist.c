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

/* Letters that match one another in a phrase: a Greek vowel with or
 * without its accent or diaeresis (text is often typed without them), a
 * Romanian letter with or without its diacritic, s and t with comma or
 * cedilla. */
static const char *const folds[] = {
	"\xce\xb1\xce\xac",                     /* α ά */
	"\xce\xb5\xce\xad",                     /* ε έ */
	"\xce\xb7\xce\xae",                     /* η ή */
	"\xce\xb9\xce\xaf\xcf\x8a\xce\x90",         /* ι ί ϊ ΐ */
	"\xce\xbf\xcf\x8c",                     /* ο ό */
	"\xcf\x85\xcf\x8d\xcf\x8b\xce\xb0",         /* υ ύ ϋ ΰ */
	"\xcf\x89\xcf\x8e",                     /* ω ώ */
	"a\xc4\x83\xc3\xa2",                     /* a ă â */
	"i\xc3\xae",                             /* i î */
	"s\xc8\x99\xc5\x9f",                     /* s ș ş */
	"t\xc8\x9b\xc5\xa3",                     /* t ț ţ */
};

/* The fold group of the letter at p (len bytes), or NULL. */
static const char *
fold_of(const char *p, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof folds / sizeof folds[0]; i++) {
		const char *f = folds[i];

		/* Plain Latin letters fold only from a phrase written with the
		 * diacritic: "mulțumim" finds "multumim", "its" stays its. */
		if (len == 1)
			continue;
		for (; *f; f += (*f & 0x80) ? 2 : 1)
			if (((*f & 0x80) ? 2u : 1u) == len && !strncmp(f, p, len))
				return folds[i];
	}
	return NULL;
}

/* A phrase as a pattern: regex characters escaped, spaces as any white
 * space, apostrophes straight or curly, the letters of a fold group as
 * one another, and a * at the end of a word as any ending ("visszautal*":
 * visszautaljuk, visszautaltuk). */
void
tkt_qa_phrase_pattern(tkt_buf *b, const char *p)
{
	for (; *p; p++) {
		size_t len = (*p & 0x80) ? ((*p & 0xe0) == 0xc0 ? 2 : (*p & 0xf0) == 0xe0 ? 3 : 4) : 1;
		const char *f;

		if (*p == ' ') {
			tkt_buf_puts(b, "\\s+");
			while (p[1] == ' ')
				p++;
		} else if (*p == '\'') {
			tkt_buf_puts(b, "['\xe2\x80\x99]");
		} else if (*p == '*' && (p[1] == ' ' || !p[1])) {
			tkt_buf_puts(b, "\\p{L}*");
		} else if (len > 1 && (f = fold_of(p, len))) {
			tkt_buf_printf(b, "[%s]", f);
			p += len - 1;
		} else {
			if (strchr("\\^$.|?*+()[]{}#", *p))
				tkt_buf_putc(b, '\\');
			tkt_buf_putc(b, *p);
		}
	}
}

/* Phrases as one pattern of whole words. */
static void
phrases_pattern(tkt_buf *re, char **phrases, size_t np)
{
	size_t i;

	tkt_buf_puts(re, "(?<![\\p{L}\\p{N}])(?:");
	for (i = 0; i < np; i++) {
		if (i)
			tkt_buf_putc(re, '|');
		tkt_qa_phrase_pattern(re, phrases[i]);
	}
	tkt_buf_puts(re, ")(?![\\p{L}\\p{N}])");
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
	if (np)
		phrases_pattern(&re, phrases, np);
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

const char *const tkt_qa_langs[] = { "en", "el", "hu", "ro", NULL };

/* Phrases: a list, or a mapping of language to list.  Appends to v those
 * of language lang (and of "any", and of a plain list), or, lang NULL,
 * all. */
static int read_phrases_of(const char *file, const struct tkt_yaml *node, const char *lang,
                           char ***v, size_t *n);

static int
read_phrases(const char *file, const struct tkt_yaml *node, char ***v, size_t *n)
{
	return read_phrases_of(file, node, NULL, v, n);
}

/* Whether a node of phrases or patterns has lists for language lang. */
static int
has_lang(const struct tkt_yaml *node, const char *lang)
{
	return node && node->kind == TKT_YAML_MAP && tkt_yaml_get(node, lang);
}

static int
read_phrases_of(const char *file, const struct tkt_yaml *node, const char *lang, char ***v,
                size_t *n)
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
		if (lang && strcmp(node->keys[i]->value, lang) && strcmp(node->keys[i]->value, "any"))
			continue;
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
		"must_pass", "except", "except_patterns", "na", "needs", "needs_patterns",
		"needs_below", NULL,
	};
	const struct tkt_yaml *v;
	char **phrases = NULL, **patterns = NULL;
	size_t np = 0, npat = 0, i;
	int has_phrases;
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
	if ((v = tkt_yaml_get(node, "na"))) {
		if (v->kind != TKT_YAML_SCALAR || strcmp(v->value, "untroubled"))
			return tkt_yaml_fail(file, v, "item '%s': na is 'untroubled' (n/a when the "
			                     "customer raises no trouble)", it->id);
		if (!cl->trouble)
			return tkt_yaml_fail(file, v, "item '%s': na: untroubled, but the checklist has "
			                     "no customer: trouble: phrases", it->id);
		it->na_untroubled = 1;
	}
	if ((v = tkt_yaml_get(node, "phrases")) && (rc = read_phrases(file, v, &phrases, &np)))
		goto out;
	if ((v = tkt_yaml_get(node, "patterns")) && (rc = read_phrases(file, v, &patterns, &npat)))
		goto out;
	has_phrases = it->check == QA_PHRASES || it->check == QA_ABSENT || it->check == QA_NAME;
	if ((tkt_yaml_get(node, "except") || tkt_yaml_get(node, "except_patterns")) && has_phrases) {
		const struct tkt_yaml *e = tkt_yaml_get(node, "except"),
		                      *ep = tkt_yaml_get(node, "except_patterns");
		char **ex = NULL, **expat = NULL;
		size_t nex = 0, nexpat = 0;

		if (!(rc = e ? read_phrases(file, e, &ex, &nex) : 0) &&
		    !(rc = ep ? read_phrases(file, ep, &expat, &nexpat) : 0))
			rc = compile(file, ep ? ep : e, ex, nex, expat, nexpat, (pcre2_code **)&it->except);
		tkt_strv_free(ex);
		tkt_strv_free(expat);
		if (rc)
			goto out;
	}
	if ((v = tkt_yaml_get(node, "needs")) || tkt_yaml_get(node, "needs_patterns")) {
		const struct tkt_yaml *np_ = tkt_yaml_get(node, "needs_patterns"),
		                      *below = tkt_yaml_get(node, "needs_below");
		char **need = NULL, **needpat = NULL;
		size_t nneed = 0, nneedpat = 0;

		if (it->check != QA_ABSENT) {
			rc = tkt_yaml_fail(file, v ? v : np_, "item '%s': only an absent check needs "
			                   "phrases", it->id);
			goto out;
		}
		if (below && (below->kind != TKT_YAML_SCALAR || number(below->value, &it->needs_below, 0, 0))) {
			rc = tkt_yaml_fail(file, below, "item '%s': needs_below is a number of words",
			                   it->id);
			goto out;
		}
		if (!(rc = v ? read_phrases(file, v, &need, &nneed) : 0) &&
		    !(rc = np_ ? read_phrases(file, np_, &needpat, &nneedpat) : 0))
			rc = compile(file, np_ ? np_ : v, need, nneed, needpat, nneedpat,
			             (pcre2_code **)&it->needs);
		tkt_strv_free(need);
		tkt_strv_free(needpat);
		if (rc)
			goto out;
	}
	if (it->check == QA_NAME && (np || npat)) {
		/* The titles a family name is used with (Mr, κύριε, úr, doamna),
		 * and how a reply names a customer whose name is not known. */
		if (np)
			rc = compile(file, tkt_yaml_get(node, "phrases"), phrases, np, NULL, 0,
			             (pcre2_code **)&it->re);
		if (!rc && npat)
			rc = compile(file, tkt_yaml_get(node, "patterns"), NULL, 0, patterns, npat,
			             (pcre2_code **)&it->found);
	} else if (it->check == QA_PHRASES || it->check == QA_ABSENT) {
		const struct tkt_yaml *ph = tkt_yaml_get(node, "phrases"), *pa = tkt_yaml_get(node, "patterns");

		if (!np && !npat) {
			rc = tkt_yaml_fail(file, node, "item '%s' checks phrases but has none", it->id);
			goto out;
		}
		rc = compile(file, pa ? pa : ph, phrases, np, patterns, npat, (pcre2_code **)&it->re);
		/* A reply in a language of the lists is matched against that
		 * language's alone (and those of any). */
		for (k = 0; !rc && tkt_qa_langs[k]; k++) {
			char **lp = NULL, **lpat = NULL;
			size_t nlp = 0, nlpat = 0;

			if (!has_lang(ph, tkt_qa_langs[k]) && !has_lang(pa, tkt_qa_langs[k]))
				continue;
			if (!(rc = ph ? read_phrases_of(file, ph, tkt_qa_langs[k], &lp, &nlp) : 0) &&
			    !(rc = pa ? read_phrases_of(file, pa, tkt_qa_langs[k], &lpat, &nlpat) : 0))
				rc = compile(file, pa ? pa : ph, lp, nlp, lpat, nlpat,
				             (pcre2_code **)&it->re_lang[k]);
			tkt_strv_free(lp);
			tkt_strv_free(lpat);
		}
	} else if (np || npat || tkt_yaml_get(node, "except") || tkt_yaml_get(node, "except_patterns")) {
		rc = tkt_yaml_fail(file, tkt_yaml_get(node, np ? "phrases" : npat ? "patterns" :
		                                      tkt_yaml_get(node, "except") ? "except" :
		                                      "except_patterns"),
		             "item '%s': only phrases, absent and customer-name checks have phrases",
		             it->id);
	}
out:
	tkt_strv_free(phrases);
	tkt_strv_free(patterns);
	return rc;
}

/* A name a customer signs a message with: the last line with text, one
 * or two capitalised words, after a closing ("Thanks, Sarah", "- Sarah")
 * or alone. */
static int
signature_compile(struct tkt_checklist *cl)
{
	static const char pat[] =
		"(?:^|\\n)[ \\t]*(?:[\\p{L} ]{0,20}[,!-]+[ \\t]*|-[ \\t]*)?"
		"(\\p{Lu}\\p{Ll}+(?:[ \\t]\\p{Lu}\\p{Ll}+)?)[ \\t.!]*\\s*$";
	int err;
	PCRE2_SIZE off;

	cl->signature = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED, PCRE2_UTF | PCRE2_UCP,
	                              &err, &off, NULL);
	return cl->signature ? 0 : tkt_error(EX_SOFTWARE, "the signature pattern does not compile");
}

/* What a customer's message says: trouble (phrases, patterns), or praise
 * alone. */
static int
read_customer(const char *file, const struct tkt_yaml *v, struct tkt_checklist *cl)
{
	static const char *const keys[] = { "trouble", "trouble_patterns", "praise", NULL };
	char **words = NULL, **patterns = NULL;
	size_t nw = 0, np = 0, i;
	const struct tkt_yaml *t = tkt_yaml_get(v, "trouble"), *tp = tkt_yaml_get(v, "trouble_patterns"),
	                      *p = tkt_yaml_get(v, "praise");
	int rc;

	if (v->kind != TKT_YAML_MAP || !t || !p)
		return tkt_yaml_fail(file, v, "customer is a mapping of trouble and praise phrases");
	for (i = 0; i < v->n; i++)
		if (tkt_enum_index(keys, v->keys[i]->value) < 0)
			return tkt_yaml_fail(file, v->keys[i], "unknown key '%s' (trouble, trouble_patterns, "
			                     "praise)", v->keys[i]->value);
	if (!(rc = read_phrases(file, t, &words, &nw)) &&
	    !(rc = tp ? read_phrases(file, tp, &patterns, &np) : 0))
		rc = compile(file, tp ? tp : t, words, nw, patterns, np, (pcre2_code **)&cl->trouble);
	tkt_strv_free(words);
	tkt_strv_free(patterns);
	words = NULL;
	nw = 0;
	if (!rc && !(rc = read_phrases(file, p, &words, &nw)))
		rc = compile(file, p, words, nw, NULL, 0, (pcre2_code **)&cl->praise);
	tkt_strv_free(words);
	return rc;
}

int
tkt_checklist_load(const char *path, struct tkt_checklist **out)
{
	static const char *const keys[] = { "name", "title", "min", "jargon", "customer", "items",
	                                    NULL };
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
	if ((v = tkt_yaml_get(root, "customer")) && (rc = read_customer(path, v, cl)))
		goto out;
	if ((rc = signature_compile(cl)))
		goto out;
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
	size_t i, k;

	if (!cl)
		return;
	for (i = 0; i < cl->nitems; i++) {
		free(cl->items[i].id);
		free(cl->items[i].title);
		free(cl->items[i].hint);
		pcre2_code_free(cl->items[i].re);
		for (k = 0; k < QA_NLANGS; k++)
			pcre2_code_free(cl->items[i].re_lang[k]);
		pcre2_code_free(cl->items[i].except);
		pcre2_code_free(cl->items[i].found);
		pcre2_code_free(cl->items[i].needs);
	}
	free(cl->items);
	pcre2_code_free(cl->jargon);
	pcre2_code_free(cl->trouble);
	pcre2_code_free(cl->praise);
	pcre2_code_free(cl->signature);
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

/* The language of a text, by its letters and its commonest words: an
 * index of tkt_qa_langs, or -1 when it cannot be told. */
int
tkt_qa_lang(const char *body)
{
	static const char *const markers[QA_NLANGS][10] = {
		{ " the ", " you ", " your ", " we ", " to ", " and ", " for ", "please", "thank", NULL },
		{ NULL },
		{ "\xc5\x91", "\xc5\xb1", " \xc3\xa9s ", " hogy ", " nem ", " az ", "k\xc3\xa9rj",
		  "k\xc3\xb6sz\xc3\xb6n", NULL },
		{ "\xc4\x83", "\xc8\x99", "\xc8\x9b", "\xc5\x9f", "\xc5\xa3", " \xc8\x99i ", " si ",
		  " v\xc4\x83 ", " va ", " pentru " },
	};
	const unsigned char *p;
	size_t greek = 0, best = 0, count, i, k;
	int lang = -1, tie = 0;

	for (p = (const unsigned char *)body; *p; p++)
		greek += (*p == 0xce || *p == 0xcf);
	if (greek > 3)
		return QA_EL;
	for (k = 0; k < QA_NLANGS; k++) {
		for (i = count = 0; i < 10 && markers[k][i]; i++)
			count += strstr(body, markers[k][i]) != NULL;
		if (count > best) {
			best = count;
			lang = (int)k;
			tie = 0;
		} else if (count && count == best) {
			tie = 1;
		}
	}
	return best >= 2 && !tie ? lang : -1;
}

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

/* The matches of except in body, each as [from, to), read once: up to
 * EXCEPT_MAX of them (a reply with more is read again past them). */
#define EXCEPT_MAX 32
struct spans {
	size_t n, at[EXCEPT_MAX][2];
	int    read, more;
};

static void
spans_read(struct spans *sp, pcre2_code *except, pcre2_match_data *md, const char *body,
           size_t len, size_t from)
{
	size_t at = from;

	sp->n = 0;
	sp->more = 0;
	sp->read = 1;
	while (at <= len && pcre2_match(except, (PCRE2_SPTR)body, len, at, 0, md, NULL) >= 0) {
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);

		if (sp->n == EXCEPT_MAX) {
			sp->more = 1;
			break;
		}
		sp->at[sp->n][0] = ov[0];
		sp->at[sp->n++][1] = ov[1];
		at = ov[1] > at ? ov[1] : at + 1;
	}
}

/* Whether body[s..e) lies inside a match of except. */
static int
excepted(struct spans *sp, pcre2_code *except, pcre2_match_data *md, const char *body,
         size_t len, size_t s, size_t e)
{
	size_t i;

	if (!except)
		return 0;
	if (!sp->read || (sp->more && sp->n && s >= sp->at[sp->n - 1][1]))
		spans_read(sp, except, md, body, len, sp->read && sp->n ? sp->at[sp->n - 1][0] : 0);
	for (i = 0; i < sp->n; i++)
		if (sp->at[i][0] <= s && sp->at[i][1] >= e)
			return 1;
	return 0;
}

/* Whether a byte is of a word: a letter or digit of ASCII, or any byte
 * of a character beyond it. */
static int
word_byte(char c)
{
	unsigned char u = (unsigned char)c;

	return u >= 0x80 || (u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z');
}

/* Find re in body[from..to), but not inside a match of except (may be
 * NULL); the matched text in *evidence. */
int
tkt_qa_find(pcre2_code *re, pcre2_code *except, pcre2_match_data *md, const char *body,
            size_t from, size_t to, char **evidence)
{
	size_t at = from, len = strlen(body);
	struct spans sp;

	sp.read = 0;
	while (at <= to && pcre2_match(re, (PCRE2_SPTR)body, to, at, 0, md, NULL) >= 0) {
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
		size_t s = ov[0], e = ov[1];

		if (!excepted(&sp, except, md, body, len, s, e)) {
			/* The evidence is whole words: an ending found
			 * ("juk") shows the word it ends ("visszautaljuk"). */
			while (evidence && s > 0 && word_byte(body[s - 1]) && word_byte(body[s]))
				s--;
			while (evidence && e < len && e > s && word_byte(body[e]) && word_byte(body[e - 1]))
				e++;
			if (evidence)
				*evidence = tkt_strndup(body + s, e - s > 60 ? 60 : e - s);
			return 1;
		}
		at = e > at ? e : at + 1;
	}
	return 0;
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
