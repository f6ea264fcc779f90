/* mime-int.h: what mime.c takes from mime-charset.c, inside the mail
 * module (each is said in full where it is defined). */
#ifndef TKT_MIME_INT_H
#define TKT_MIME_INT_H

/* s[0..n) as valid UTF-8 (invalid bytes read as Latin-1, control
 * characters dropped; one_line: new lines as spaces).  Free it. */
char *clean_utf8(const char *s, size_t n, int one_line);
/* Are the n bytes at s valid UTF-8 (NULs aside)? */
int   is_utf8(const char *s, size_t n);
/* Do a and b name the same charset for iconv? */
int   same_charset(const char *a, const char *b);
/* Is cs a charset to read a text in (iconv knows it; not us-ascii)? */
int   usable(const char *cs);
/* The charset of s[0..n), which does not say its own: hints first, then
 * the likely charsets, scored.  Free it. */
char *detect_charset(const char *s, size_t n, const char *const *hints,
                     const char *const *charsets);
/* s[0..n) in charset cs, as clean_utf8 makes it.  Free it. */
char *text_in(const char *s, size_t n, const char *cs, int one_line);

#endif
