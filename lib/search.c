/* search.c: text search: the folding that makes case and accents not
 * matter (one table, fold.h, for the index and the query alike), and the
 * words of a search (text~WORDS) as each backend's index is asked. */
#include <stdlib.h>
#include <string.h>

#include "tkt-int.h"
#include "fold.h"

static const struct fold {
	const char *from, *to;
} folds[] = {
#define FOLD_PAIR_(a, b) { a, b },
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
		size_t fn = strlen(f);
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

void
tkt_fold_add(tkt_buf *out, const char *s, size_t n)
{
	const char *end = s + n, *f;
	size_t k;
	int space = 0;

	while (s < end) {
		k = seq_len((unsigned char)*s);
		if (k > (size_t)(end - s))
			k = (size_t)(end - s);
		f = fold_char(s, k);
		if ((f && strcmp(f, " ") == 0) || is_space((unsigned char)*s)) {
			space = 1;
		} else {
			if (space)
				tkt_buf_putc(out, ' ');
			space = 0;
			if (f)
				tkt_buf_puts(out, f);
			else
				tkt_buf_add(out, s, k);
		}
		s += k;
	}
	if (space)
		tkt_buf_putc(out, ' ');
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
