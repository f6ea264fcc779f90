/* search.c: text search: the folding that makes case and accents not
 * matter (one table, fold.h, for the index and the query alike), and the
 * words of a search (text~WORDS) as each backend's index is asked. */
#include <stdlib.h>
#include <string.h>

#include "tkt-int.h"
#include "fold.h"

static const struct fold {
	const char *from, *to;
	size_t      n;           /* strlen(from) */
} folds[] = {
#define FOLD_PAIR_(a, b) { a, b, sizeof a - 1 },
	TKT_FOLD_LIST(FOLD_PAIR_)
#undef FOLD_PAIR_
};

/* The length of the UTF-8 sequence starting with byte c (1 for a byte
 * that starts none: it is copied as it is). */
static size_t
seq_len(unsigned char c)
{
	return c >= 0xf0 && c < 0xf8 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
}

/* The folded form of the character of n bytes at p, or NULL.  The table
 * is in code point order, which is UTF-8's byte order. */
static const char *
fold_char(const char *p, size_t n)
{
	size_t lo = 0, hi = sizeof folds / sizeof folds[0];

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const char *f = folds[mid].from;
		size_t fn = folds[mid].n;
		int c = memcmp(p, f, n < fn ? n : fn);

		if (c == 0)
			c = n < fn ? -1 : n > fn;
		if (c == 0)
			return folds[mid].to;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

static int
is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Where each byte of a folded text came from: the bytes [from, to) of
 * the text folded (a letter folded to two bytes, or to two letters, has
 * both come from the one letter; a run of white space from its start). */
struct fold_map {
	size_t *from, *to;
	size_t  n, cap;
};

static void
map_add(struct fold_map *m, size_t from, size_t to, size_t n)
{
	for (; n > 0; n--) {
		if (m->n == m->cap) {
			m->cap = m->cap * 2 + 256;
			m->from = tkt_realloc(m->from, m->cap * sizeof *m->from);
			m->to = tkt_realloc(m->to, m->cap * sizeof *m->to);
		}
		m->from[m->n] = from;
		m->to[m->n++] = to;
	}
}

/* Fold s[0..n) onto out, and when m is given, where each byte came from. */
static void
fold(tkt_buf *out, const char *s, size_t n, struct fold_map *m)
{
	const char *start = s, *end = s + n, *f;
	size_t k, space_at = 0;
	int space = 0;

	while (s < end) {
		k = seq_len((unsigned char)*s);
		if (k > (size_t)(end - s))
			k = (size_t)(end - s);
		/* ASCII, most of any text: of it the table folds only A to Z. */
		if ((unsigned char)*s < 0x80 && !is_space((unsigned char)*s)) {
			if (space) {
				tkt_buf_putc(out, ' ');
				if (m)
					map_add(m, space_at, (size_t)(s - start), 1);
			}
			space = 0;
			tkt_buf_putc(out, *s >= 'A' && *s <= 'Z' ? *s - 'A' + 'a' : *s);
			if (m)
				map_add(m, (size_t)(s - start), (size_t)(s - start) + 1, 1);
			s++;
			continue;
		}
		f = fold_char(s, k);
		if ((f && strcmp(f, " ") == 0) || is_space((unsigned char)*s)) {
			if (!space)
				space_at = (size_t)(s - start);
			space = 1;
		} else {
			size_t before;

			if (space) {
				tkt_buf_putc(out, ' ');
				if (m)
					map_add(m, space_at, (size_t)(s - start), 1);
			}
			space = 0;
			before = out->len;
			if (f)
				tkt_buf_puts(out, f);
			else
				tkt_buf_add(out, s, k);
			if (m)
				map_add(m, (size_t)(s - start), (size_t)(s - start) + k, out->len - before);
		}
		s += k;
	}
	if (space) {
		tkt_buf_putc(out, ' ');
		if (m)
			map_add(m, space_at, n, 1);
	}
}

void
tkt_fold_add(tkt_buf *out, const char *s, size_t n)
{
	fold(out, s, n, NULL);
}

char *
tkt_fold(const char *s)
{
	tkt_buf b = TKT_BUF_INIT;

	tkt_fold_add(&b, s, strlen(s));
	return tkt_buf_detach(&b);
}

/* The number of characters of UTF-8 text s. */
static size_t
chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

void
tkt_search_free(struct tkt_search *q)
{
	size_t i;

	for (i = 0; q && i < q->n; i++)
		free(q->words[i]);
	if (q)
		free(q->words);
}

/* Add word s[0..n) to q, folded and trimmed. */
static int
add_word(struct tkt_search *q, const char *word, const char *s, size_t n, int phrase)
{
	tkt_buf b = TKT_BUF_INIT;
	char *w;
	size_t len;

	tkt_fold_add(&b, s, n);
	w = tkt_buf_detach(&b);
	len = strlen(w);
	if (len && w[len - 1] == ' ')
		w[--len] = '\0';
	if (w[0] == ' ')
		memmove(w, w + 1, len--);
	if (!*w) {
		free(w);
		return tkt_error(EX_USAGE, "bad filter '%s': empty %s", word,
		                 phrase ? "phrase" : "search");
	}
	if (chars(w) < TKT_SEARCH_MIN) {
		tkt_error(EX_USAGE, "bad filter '%s': '%.*s' is shorter than %d characters, "
		          "the least the index can search for", word, (int)n, s, TKT_SEARCH_MIN);
		free(w);
		return EX_USAGE;
	}
	q->words = tkt_realloc(q->words, (q->n + 1) * sizeof *q->words);
	q->words[q->n++] = w;
	return 0;
}

int
tkt_search_parse(const char *word, const char *v, struct tkt_search *q)
{
	const char *p = v, *start;
	int rc = 0;

	q->words = NULL;
	q->n = 0;
	while (!rc) {
		while (is_space((unsigned char)*p))
			p++;
		if (!*p)
			break;
		if (*p == '"') {
			start = ++p;
			if (!(p = strchr(start, '"'))) {
				rc = tkt_error(EX_USAGE, "bad filter '%s': a quote (\") is not closed", word);
				break;
			}
			rc = add_word(q, word, start, (size_t)(p - start), 1);
			p++;
		} else {
			start = p;
			while (*p && !is_space((unsigned char)*p) && *p != '"')
				p++;
			rc = add_word(q, word, start, (size_t)(p - start), 0);
		}
	}
	if (!rc && q->n == 0) {
		/* The example in the key of the word: text~, requester~... */
		int klen = (int)strcspn(word, "~");
		const char *eg = strncmp(word, "requester~", 10) == 0 ? "ann" : "router";

		rc = tkt_error(EX_USAGE, "bad filter '%s': nothing to search for "
		               "(like %.*s~%s or %.*s~'\"a phrase\"')", word, klen, word, eg, klen, word);
	}
	if (rc)
		tkt_search_free(q);
	return rc;
}

/* Append the FTS5 query of every word of q to b. */
static void
fts_words(tkt_buf *b, const struct tkt_search *q)
{
	const char *c;
	size_t i;

	for (i = 0; i < q->n; i++) {
		/* Each word one FTS5 string: only ever literal text. */
		tkt_buf_puts(b, i ? " AND \"" : "\"");
		for (c = q->words[i]; *c; c++) {
			if (*c == '"')
				tkt_buf_putc(b, '"');
			tkt_buf_putc(b, *c);
		}
		tkt_buf_putc(b, '"');
	}
}

char *
tkt_search_fts(const struct tkt_search *q, size_t n, const char *column)
{
	tkt_buf b = TKT_BUF_INIT;
	size_t i;

	if (column)
		tkt_buf_printf(&b, "%s : (", column);
	for (i = 0; i < n; i++) {
		if (n > 1)
			tkt_buf_puts(&b, i ? " OR (" : "(");
		fts_words(&b, &q[i]);
		if (n > 1)
			tkt_buf_putc(&b, ')');
	}
	if (column)
		tkt_buf_putc(&b, ')');
	return tkt_buf_detach(&b);
}

char *
tkt_search_like(const char *w)
{
	tkt_buf b = TKT_BUF_INIT;

	tkt_buf_putc(&b, '%');
	for (; *w; w++) {
		if (*w == '%' || *w == '_' || *w == '\\')
			tkt_buf_putc(&b, '\\');
		tkt_buf_putc(&b, *w);
	}
	tkt_buf_putc(&b, '%');
	return tkt_buf_detach(&b);
}

/* ---- where the words are: highlighting, the best line ---------------------- */

static int
span_cmp(const void *a, const void *b)
{
	const struct tkt_span *x = a, *y = b;

	return x->at < y->at ? -1 : x->at > y->at;
}

/* The spans of t[0..n) where the words of q occur, in order, those that
 * overlap or touch made one; *distinct (may be NULL) receives how many of
 * q's words occur at all.  Matched as the index matches: folded. */
static size_t
spans_of(const struct tkt_search *q, const char *t, size_t n, struct tkt_span **out, size_t *distinct)
{
	tkt_buf b = TKT_BUF_INIT;
	struct fold_map m = { NULL, NULL, 0, 0 };
	struct tkt_span *sp = NULL;
	size_t ns = 0, cap = 0, i, j, found = 0;
	const char *hay, *at;

	fold(&b, t, n, &m);
	hay = tkt_buf_str(&b);
	for (i = 0; i < q->n; i++) {
		size_t wl = strlen(q->words[i]);
		int seen = 0;

		for (at = strstr(hay, q->words[i]); wl && at; at = strstr(at + 1, q->words[i])) {
			size_t fs = (size_t)(at - hay), fe = fs + wl - 1;

			if (ns == cap)
				sp = tkt_realloc(sp, (cap = cap * 2 + 8) * sizeof *sp);
			sp[ns].at = m.from[fs];
			sp[ns].len = m.to[fe] - m.from[fs];
			ns++;
			seen = 1;
		}
		found += (size_t)seen;
	}
	if (ns > 1)
		qsort(sp, ns, sizeof *sp, span_cmp);
	for (i = 0, j = 0; i < ns; i++) {
		if (j && sp[i].at <= sp[j - 1].at + sp[j - 1].len) {
			size_t end = sp[i].at + sp[i].len;

			if (end > sp[j - 1].at + sp[j - 1].len)
				sp[j - 1].len = end - sp[j - 1].at;
		} else {
			sp[j++] = sp[i];
		}
	}
	free(m.from);
	free(m.to);
	tkt_buf_release(&b);
	if (distinct)
		*distinct = found;
	if (!j) {
		free(sp);
		sp = NULL;
	}
	*out = sp;
	return j;
}

size_t
tkt_search_spans(const struct tkt_search *q, const char *t, size_t n, struct tkt_span **out)
{
	return spans_of(q, t, n, out, NULL);
}

/* The start of the UTF-8 character at or before t + i. */
static size_t
char_start(const char *t, size_t i)
{
	while (i > 0 && ((unsigned char)t[i] & 0xc0) == 0x80)
		i--;
	return i;
}

int
tkt_search_snippet(const struct tkt_search *q, const char *t, size_t width, struct tkt_snippet *out)
{
	const char *line, *nl, *best = NULL;
	size_t best_len = 0, best_words = 0, best_hits = 0, i;
	struct tkt_span *sp;
	tkt_buf b = TKT_BUF_INIT;

	memset(out, 0, sizeof *out);
	for (line = t; *line; line = nl + (*nl != '\0')) {
		size_t len, hits, words;

		nl = line + strcspn(line, "\n");
		len = (size_t)(nl - line);
		if ((hits = spans_of(q, line, len, &sp, &words)) > 0 &&
		    (words > best_words || (words == best_words && hits > best_hits))) {
			best = line;
			best_len = len;
			best_words = words;
			best_hits = hits;
		}
		free(sp);
		if (!*nl)
			break;
	}
	if (!best)
		return 0;
	/* The line from a little before its first match, at most width
	 * bytes, cut at characters; white space at either end trimmed. */
	{
		size_t from = 0, to = best_len, n;

		n = spans_of(q, best, best_len, &sp, NULL);
		if (best_len > width) {
			from = sp[0].at > width / 4 ? char_start(best, sp[0].at - width / 4) : 0;
			to = from + width < best_len ? char_start(best, from + width) : best_len;
			/* At words, where a space is near. */
			for (i = from; from > 0 && i < sp[0].at && i < from + 16; i++)
				if (best[i] == ' ') {
					from = i + 1;
					break;
				}
			for (i = to; to < best_len && i > sp[0].at + sp[0].len && i + 16 > to; i--)
				if (best[i - 1] == ' ') {
					to = i - 1;
					break;
				}
		}
		while (from < to && strchr(" \t\r", best[from]))
			from++;
		while (to > from && strchr(" \t\r", best[to - 1]))
			to--;
		if (from > 0)
			tkt_buf_puts(&b, "\u2026");
		tkt_buf_add(&b, best + from, to - from);
		if (to < best_len)
			tkt_buf_puts(&b, "\u2026");
		out->spans = tkt_calloc(n ? n : 1, sizeof *out->spans);
		for (i = 0; i < n; i++) {
			size_t s = sp[i].at, e = sp[i].at + sp[i].len;

			if (e <= from || s >= to)
				continue;
			s = s < from ? from : s;
			e = e > to ? to : e;
			out->spans[out->nspans].at = s - from + (from > 0 ? strlen("\u2026") : 0);
			out->spans[out->nspans++].len = e - s;
		}
		free(sp);
	}
	out->text = tkt_buf_detach(&b);
	return 1;
}

void
tkt_snippet_release(struct tkt_snippet *s)
{
	if (s) {
		free(s->text);
		free(s->spans);
		memset(s, 0, sizeof *s);
	}
}
