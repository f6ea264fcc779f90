/* mime-charset.c: the mail module's charsets: text read as valid UTF-8,
 * and the charset of text that does not say its own, found by uchardet
 * among the likely ones and scored (detect_charset; tkt-config(5) says
 * the rule).  Part of tkt/mime.so, with mime.c. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <gmime/gmime.h>
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <uchardet.h>
#include <unistd.h>

#include "tkt-int.h"
#include "tkt-module.h"
#include "mime-int.h"

/* s as valid UTF-8: invalid bytes read as Latin-1, NULs and control
 * characters (but tab and newline) dropped. */
char *
clean_utf8(const char *s, size_t n, int one_line)
{
	tkt_buf b = TKT_BUF_INIT;
	size_t i = 0;

	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		size_t run;

		if (c < 0x80) {
			if (c == '\r') {
				i++;
				continue;
			}
			if (c == '\n' || c == '\t')
				tkt_buf_putc(&b, one_line ? ' ' : c);
			else if (c >= 0x20 && c != 0x7f)
				tkt_buf_putc(&b, c);
			i++;
			continue;
		}
		/* The longest valid run from here, else one Latin-1 byte. */
		for (run = 1; run <= 4 && i + run <= n; run++)
			if (tkt_utf8_check(s + i, run) < 0)
				break;
		if (run <= 4 && i + run <= n) {
			tkt_buf_add(&b, s + i, run);
			i += run;
		} else {
			tkt_buf_putc(&b, 0xc0 | (c >> 6));
			tkt_buf_putc(&b, 0x80 | (c & 0x3f));
			i++;
		}
	}
	return tkt_buf_detach(&b);
}

/* ---- charsets --------------------------------------------------------- */

/* Detection judges the first DETECT_MAX bytes of a text: plenty to tell a
 * charset by, and a bound on the work a hostile 64 MB part can make. */
#define DETECT_MAX (256u << 10)

/* Do a and b name the same charset for iconv? */
int
same_charset(const char *a, const char *b)
{
	char *ia = tkt_strdup(g_mime_charset_iconv_name(a));
	int same = g_ascii_strcasecmp(ia, g_mime_charset_iconv_name(b)) == 0;

	free(ia);
	return same;
}

/* Is cs a charset to read a text in: one iconv knows, and not us-ascii,
 * which says nothing of 8-bit bytes? */
int
usable(const char *cs)
{
	static const char *const ascii[] = {
		"us-ascii", "ascii", "ansi_x3.4-1968", "iso-646-us", "iso646-us", "us", "646", NULL,
	};
	const char *name;
	GIConv cd;
	size_t i;

	if (!cs || !*cs || strlen(cs) > 64)
		return 0;
	name = g_mime_charset_iconv_name(cs);
	for (i = 0; ascii[i]; i++)
		if (g_ascii_strcasecmp(name, ascii[i]) == 0)
			return 0;
	if ((cd = g_iconv_open("UTF-8", name)) == (GIConv)-1)
		return 0;
	g_iconv_close(cd);
	return 1;
}

/* n bytes of text in charset cs as UTF-8, *len bytes long (NULs kept);
 * NULL when iconv does not know cs or, strict, when a byte is not of it
 * (an incomplete character at the end is dropped: the text may be cut).
 * Not strict, such a byte reads as Latin-1.  Free it. */
static char *
decode(const char *s, size_t n, const char *cs, int strict, size_t *len)
{
	GIConv cd = g_iconv_open("UTF-8", g_mime_charset_iconv_name(cs));
	tkt_buf b = TKT_BUF_INIT;
	char out[4096], *in = (char *)s, *o;
	size_t left = n, room, r;
	unsigned char c;

	*len = 0;
	if (cd == (GIConv)-1)
		return NULL;
	while (left) {
		o = out;
		room = sizeof out;
		r = g_iconv(cd, &in, &left, &o, &room);
		tkt_buf_add(&b, out, (size_t)(o - out));
		if (r != (size_t)-1 || errno == E2BIG)
			continue;
		if (strict && errno != EINVAL) {
			g_iconv_close(cd);
			tkt_buf_release(&b);
			return NULL;
		}
		if (strict)
			break;
		c = (unsigned char)*in++;
		left--;
		if (c >= 0x80)
			tkt_buf_putc(&b, 0xc0 | (c >> 6));
		tkt_buf_putc(&b, c >= 0x80 ? 0x80 | (c & 0x3f) : c);
		g_iconv(cd, NULL, NULL, NULL, NULL);
	}
	/* The end of the text, for a charset with shift states. */
	o = out;
	room = sizeof out;
	g_iconv(cd, NULL, NULL, &o, &room);
	tkt_buf_add(&b, out, (size_t)(o - out));
	g_iconv_close(cd);
	*len = b.len;
	return tkt_buf_detach(&b);
}

/* Are the n bytes at s valid UTF-8 (NULs aside)? */
int
is_utf8(const char *s, size_t n)
{
	long bad;

	while ((bad = tkt_utf8_check(s, n)) >= 0) {
		if (s[bad] != '\0')
			return 0;
		s += bad + 1;
		n -= (size_t)bad + 1;
	}
	return 1;
}

/* Does UTF-8 text hold a C1 control character (U+0080-U+009F)? */
static int
has_c1(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i + 1 < n; i++)
		if ((unsigned char)s[i] == 0xc2 && (unsigned char)s[i + 1] < 0xa0)
			return 1;
	return 0;
}

static int
is_letter(gunichar c)
{
	return g_unichar_isalpha(c) && g_unichar_type(c) != G_UNICODE_MODIFIER_LETTER;
}

/* A sign that is neither letter, digit, space nor quotation mark: ¤ ¦ ¨
 * ¬ ± ¶ ¹ ½ ˇ ... */
static int
is_symbol(gunichar c)
{
	if (c < 0xa0)
		return 0;
	switch (g_unichar_type(c)) {
	case G_UNICODE_MATH_SYMBOL:
	case G_UNICODE_CURRENCY_SYMBOL:
	case G_UNICODE_MODIFIER_SYMBOL:
	case G_UNICODE_OTHER_SYMBOL:
	case G_UNICODE_OTHER_PUNCTUATION:
	case G_UNICODE_OTHER_NUMBER:
	case G_UNICODE_MODIFIER_LETTER:
		return 1;
	default:
		return 0;
	}
}

/* What a non-ASCII letter says of the charset that gave it: 2 for one of
 * the help desk's languages (Greek, Cyrillic, Hungarian, Romanian) or of
 * a script no single-byte charset of the list writes (Han, kana, Hangul
 * ...: only a charset uchardet names for it gives those), 1 for the
 * common Western European ones and the cedilla ş ţ that Romanian makes
 * do with in older charsets, -1 for any other (õ ã ý ð þ ..., and the
 * half-width katakana Shift_JIS makes of single bytes). */
static int
letter_worth(gunichar c)
{
	static const char desk[] = "áéíóöőúüűăâîșțÁÉÍÓÖŐÚÜŰĂÂÎȘȚ";
	static const char western[] = "àäçèêëïñôùûÿßæøåœşţÀÄÇÈÊËÏÑÔÙÛŸÆØÅŒŞŢ";
	GUnicodeScript script = g_unichar_get_script(c);

	if (c < 0x80)
		return 0;
	if (script == G_UNICODE_SCRIPT_GREEK || script == G_UNICODE_SCRIPT_CYRILLIC ||
	    g_utf8_strchr(desk, -1, c))
		return 2;
	if (g_utf8_strchr(western, -1, c))
		return 1;
	if (script == G_UNICODE_SCRIPT_LATIN || script == G_UNICODE_SCRIPT_COMMON ||
	    script == G_UNICODE_SCRIPT_INHERITED || (c >= 0xff61 && c <= 0xff9f))
		return -1;
	return 2;
}

/* The script of a letter, a bit of a word's set, to tell a word that
 * mixes them: Han, kana and Hangul go together (Japanese mixes them). */
static unsigned
script_bit(gunichar c)
{
	switch (g_unichar_get_script(c)) {
	case G_UNICODE_SCRIPT_COMMON:
	case G_UNICODE_SCRIPT_INHERITED:
		return 0;
	case G_UNICODE_SCRIPT_LATIN:
		return 1;
	case G_UNICODE_SCRIPT_GREEK:
		return 2;
	case G_UNICODE_SCRIPT_CYRILLIC:
		return 4;
	case G_UNICODE_SCRIPT_HAN:
	case G_UNICODE_SCRIPT_HIRAGANA:
	case G_UNICODE_SCRIPT_KATAKANA:
	case G_UNICODE_SCRIPT_HANGUL:
	case G_UNICODE_SCRIPT_BOPOMOFO:
		return 8;
	default:
		return 16;
	}
}

/* How well n bytes of UTF-8, a text decoded in some charset, read as the
 * help desk's mail: the higher, the likelier that charset.  ASCII counts
 * nothing, being the same in every candidate; what counts:
 *   a C1 control character (a windows-125x byte read in its ISO-8859
 *     sibling: “ ” – € ...)                                          -100
 *   a word mixing scripts (Latin, Greek, Cyrillic, CJK ...)           -10
 *   a symbol between two letters (is_symbol: ¤ ¦ ¨ ¬ ± ¶ ¹ ...)        -5
 *   an uppercase letter right after a lowercase one in a word (the
 *     case of KOI8-R read as windows-1251, and back)                   -3
 *   a non-ASCII letter: letter_worth                            +2 to -1 */
static long
score(const char *s, size_t n)
{
	const char *p = s, *end = s + n;
	gunichar c, prev = ' ', prev2 = ' ';
	unsigned scripts = 0;        /* of the word so far */
	long sc = 0;

	while (p < end) {
		c = g_utf8_get_char(p);
		p = g_utf8_next_char(p);
		if (is_letter(c)) {
			scripts |= script_bit(c);
			sc += letter_worth(c);
			if (is_letter(prev) && g_unichar_islower(prev) && g_unichar_isupper(c))
				sc -= 3;
			if (is_symbol(prev) && is_letter(prev2))
				sc -= 5;
		} else {
			if (scripts & (scripts - 1))
				sc -= 10;
			scripts = 0;
			if (c >= 0x80 && c < 0xa0)
				sc -= 100;
		}
		prev2 = prev;
		prev = c;
	}
	if (scripts & (scripts - 1))
		sc -= 10;
	return sc;
}

/* The charset of n bytes of text that does not say its own (or says one
 * of no use: us-ascii over 8-bit bytes, one iconv does not know).  hints
 * (may be NULL) are charsets the rest of the message declares, charsets
 * the likely ones in order (mail: charsets:).  It judges the first
 * DETECT_MAX bytes, cut at a line end:
 *
 * 1. Bytes that are valid UTF-8 are UTF-8: text in a single-byte charset
 *    hardly ever is by chance (but for the escapes of ISO-2022-JP).
 * 2. Else the first hint that decodes them cleanly (no byte it has no
 *    character for, no C1 control): a message's raw headers are mostly
 *    in the charset of its text.
 * 3. Else the best of the candidates, the likely charsets and the one
 *    uchardet names, each scored on the text it decodes the bytes to
 *    (score, above); one that cannot decode them is out.  uchardet alone
 *    misjudges short texts ("Győr" in ISO-8859-2 is WINDOWS-1252 to it,
 *    "Bună ziua" in ISO-8859-16 WINDOWS-1258); the list alone knows no
 *    charset it does not name: KOI8-R, WINDOWS-1251 or SHIFT_JIS
 *    compete when uchardet names them.  On a tie, uchardet's answer if
 *    it is among the best, else the first of the list.
 * 4. When none decodes them, Latin-1, which decodes any byte.
 *
 * Returns the charset's name ("UTF-8" for 1).  Free it. */
char *
detect_charset(const char *s, size_t n, const char *const *hints, const char *const *charsets)
{
	const char **cand;
	long *scores, top = 0;
	char *guess = NULL, *text, *cs;
	size_t ncand = 0, len, i, best = 0, guessed = (size_t)-1;
	uchardet_t ud;

	if (n > DETECT_MAX) {
		for (i = DETECT_MAX; i > 0 && s[i - 1] != '\n'; i--)
			;
		n = i ? i : DETECT_MAX;
	}
	if (!n || (is_utf8(s, n) && !memchr(s, '\033', n)))
		return tkt_strdup("UTF-8");
	for (i = 0; hints && hints[i]; i++) {
		if ((text = decode(s, n, hints[i], 1, &len)) && !has_c1(text, len)) {
			free(text);
			return tkt_strdup(hints[i]);
		}
		free(text);
	}

	ud = uchardet_new();
	if (ud && uchardet_handle_data(ud, s, n) == 0) {
		uchardet_data_end(ud);
		if (*uchardet_get_charset(ud))
			guess = tkt_strdup(uchardet_get_charset(ud));
	}
	if (ud)
		uchardet_delete(ud);
	for (i = 0; charsets && charsets[i]; i++)
		;
	cand = tkt_calloc(i + 1, sizeof *cand);
	scores = tkt_calloc(i + 1, sizeof *scores);
	for (i = 0; charsets && charsets[i]; i++) {
		if (guess && same_charset(guess, charsets[i]))
			guessed = ncand;
		cand[ncand++] = charsets[i];
	}
	if (guess && guessed == (size_t)-1) {
		guessed = ncand;
		cand[ncand++] = guess;
	}
	best = ncand;
	for (i = 0; i < ncand; i++) {
		if (!(text = decode(s, n, cand[i], 1, &len))) {
			cand[i] = NULL;
			continue;
		}
		scores[i] = score(text, len);
		free(text);
		if (best == ncand || scores[i] > top)
			best = i, top = scores[i];
	}
	if (guessed < ncand && cand[guessed] && scores[guessed] == top)
		best = guessed;
	cs = tkt_strdup(best < ncand ? cand[best] : "ISO-8859-1");
	free(cand);
	free(scores);
	free(guess);
	return cs;
}

/* n bytes of text in charset cs (from detect_charset) as clean_utf8 makes
 * it.  Free it. */
char *
text_in(const char *s, size_t n, const char *cs, int one_line)
{
	char *text, *out;
	size_t len;

	if (same_charset(cs, "UTF-8") || !(text = decode(s, n, cs, 0, &len)))
		return clean_utf8(s, n, one_line);
	out = clean_utf8(text, len, one_line);
	free(text);
	return out;
}
