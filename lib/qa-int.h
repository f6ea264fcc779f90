/*
 * qa-int.h: the inside of the QA checks, shared by checklist.c (reading
 * the checklist, matching) and qa.c (scoring tickets); never installed.
 */
#ifndef TKT_QA_INT_H
#define TKT_QA_INT_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "tkt-int.h"

/* ---- checklist.c: matching ---------------------------------------------- */

/* Append phrase to b as a pattern: regex characters escaped, spaces as
 * any white space, apostrophes straight or curly, Greek vowels with or
 * without accents, Romanian letters with or without diacritics (s and t
 * with comma or cedilla), a * ending a word as any ending. */
void   tkt_qa_phrase_pattern(tkt_buf *b, const char *phrase);
/* The part of a reply's body an item looks at, body[*from..*to): where
 * is 0 for all of it, 1 for its first line with text, 2 for its last
 * three. */
void   tkt_qa_region(const char *body, int where, size_t *from, size_t *to);
/* Whether re matches in body[from..to), with md, outside the matches of
 * except (may be NULL); the matched text (at most 60 bytes) in *evidence
 * when evidence is not NULL. */
int    tkt_qa_find(pcre2_code *re, pcre2_code *except, pcre2_match_data *md, const char *body,
                   size_t from, size_t to, char **evidence);
/* The language of a text, told by its letters and commonest words: an
 * index of tkt_qa_langs, or -1. */
int    tkt_qa_lang(const char *body);
/* The number of words of s. */
size_t tkt_qa_words(const char *s);

#endif
