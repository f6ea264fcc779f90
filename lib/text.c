/* text.c: what text the store accepts: UTF-8 bodies, words, one-liners. */
#include <string.h>

#include "tkt-int.h"

/* Length of the UTF-8 sequence at s (at most n bytes), or 0 if invalid. */
static size_t
utf8_seq(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	size_t len, i;
	unsigned long cp;

	if (c == 0)
		return 0;
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		len = 2, cp = c & 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		len = 3, cp = c & 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		len = 4, cp = c & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;                       /* overlong or out of range */
	if (cp >= 0xd800 && cp <= 0xdfff)
		return 0;                       /* surrogate */
	return len;
}

long
tkt_utf8_check(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, k;

	while (i < n) {
		if (p[i] && p[i] < 0x80) {
			i++;
			continue;
		}
		if (!(k = utf8_seq(p + i, n - i)))
			return (long)i;
		i += k;
	}
	return -1;
}

static int
is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

int
tkt_body_check(const char *what, const char *s, size_t n, char **out)
{
	long bad;
	size_t i, end = n;

	*out = NULL;
	if (n > TKT_BODY_MAX)
		/* n may be only what was read before the limit was passed. */
		return tkt_error(EX_DATAERR, "%s is too large (more than %u bytes)", what,
		                 TKT_BODY_MAX);
	if (memchr(s, '\0', n))
		return tkt_error(EX_DATAERR, "%s contains a NUL byte at offset %zu", what,
		                 (size_t)((const char *)memchr(s, '\0', n) - s));
	if ((bad = tkt_utf8_check(s, n)) >= 0)
		return tkt_error(EX_DATAERR, "%s is not valid UTF-8 (byte %ld)", what, bad);
	while (end > 0 && is_space((unsigned char)s[end - 1]))
		end--;
	for (i = 0; i < end && is_space((unsigned char)s[i]); i++)
		;
	if (i == end)
		return tkt_error(EX_DATAERR, "%s is empty", what);
	*out = tkt_strndup(s, end);
	return 0;
}

int
tkt_word_valid(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i = 0, k;

	if (n == 0 || n > 64)
		return 0;
	if (p[0] == '-' || p[0] == '_' || p[0] == ':' || p[0] == '.')
		return 0;
	while (i < n) {
		unsigned c = p[i];

		if (c >= 0x80) {
			if (!(k = utf8_seq(p + i, n - i)))
				return 0;
			if (c == 0xc2 && (p[i + 1] < 0xc0))
				return 0;               /* C1 controls, NBSP, Latin-1 punctuation */
			i += k;
			continue;
		}
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_' || c == ':' || c == '.'))
			return 0;
		i++;
	}
	return 1;
}

int
tkt_line_valid(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i;
	int blank = 1;

	if (tkt_utf8_check(s, n) >= 0)
		return 0;
	for (i = 0; i < n; i++) {
		if ((p[i] < 0x20 && p[i] != '\t') || p[i] == 0x7f)
			return 0;
		if (p[i] != ' ' && p[i] != '\t')
			blank = 0;
	}
	return !blank;
}
