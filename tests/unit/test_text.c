/* Unit tests: UTF-8, bodies, words, one-line values, requesters, and the
 * folding and words of text search. */
#include "unit.h"

static void
utf8(void **state)
{
	(void)state;
	assert_int_equal(tkt_utf8_check("plain", 5), -1);
	assert_int_equal(tkt_utf8_check("καλημέρα", strlen("καλημέρα")), -1);
	assert_int_equal(tkt_utf8_check("árvíztűrő", strlen("árvíztűrő")), -1);
	assert_int_equal(tkt_utf8_check("日本語 😀", strlen("日本語 😀")), -1);
	assert_int_equal(tkt_utf8_check("ab\xff", 3), 2);
	assert_int_equal(tkt_utf8_check("a\xc3", 2), 1);            /* truncated */
	assert_int_equal(tkt_utf8_check("\xc0\xaf", 2), 0);         /* overlong */
	assert_int_equal(tkt_utf8_check("\xe0\x80\xaf", 3), 0);     /* overlong */
	assert_int_equal(tkt_utf8_check("\xed\xa0\x80", 3), 0);     /* surrogate */
	assert_int_equal(tkt_utf8_check("\xf4\x90\x80\x80", 4), 0); /* > U+10FFFF */
	assert_int_equal(tkt_utf8_check("a\0b", 3), 1);             /* NUL */
}

static void
bodies(void **state)
{
	char *out;

	(void)state;
	assert_int_equal(tkt_body_check("body", "  Hello\n\n  \n", 12, &out), 0);
	assert_string_equal(out, "  Hello");
	free(out);
	assert_int_equal(tkt_body_check("body", "", 0, &out), EX_DATAERR);
	assert_null(out);
	assert_int_equal(tkt_body_check("body", " \t\r\n", 4, &out), EX_DATAERR);
	assert_non_null(strstr(tkt_errmsg(), "body is empty"));
	assert_int_equal(tkt_body_check("body", "a\0b", 3, &out), EX_DATAERR);
	assert_non_null(strstr(tkt_errmsg(), "NUL byte at offset 1"));
	assert_int_equal(tkt_body_check("body", "caf\xe9", 4, &out), EX_DATAERR);
	assert_non_null(strstr(tkt_errmsg(), "not valid UTF-8 (byte 3)"));
}

static void
big_body(void **state)
{
	size_t n = TKT_BODY_MAX + 1;
	char *big = tkt_malloc(n), *out;

	(void)state;
	memset(big, 'a', n);
	assert_int_equal(tkt_body_check("body", big, n, &out), EX_DATAERR);
	assert_non_null(strstr(tkt_errmsg(), "too large"));
	assert_int_equal(tkt_body_check("body", big, n - 1, &out), 0);
	free(out);
	free(big);
}

static void
words(void **state)
{
	static const char *const good[] = {
		"billing", "needs-info", "sla:gold", "v1.2", "my_tag", "ügyfél", "τιμολόγιο", "42",
	};
	static const char *const bad[] = {
		"", "Billing", "a b", "-x", ".x", "x/y", "x'y", "x\"y", "x;y", "a\tb", "caf\xe9",
		"x\xc2\xa0y", "0123456789012345678901234567890123456789012345678901234567890123456789",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof good / sizeof good[0]; i++)
		if (!tkt_word_valid(good[i]))
			fail_msg("'%s' should be a word", good[i]);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (tkt_word_valid(bad[i]))
			fail_msg("'%s' should not be a word", bad[i]);
}

static void
lines(void **state)
{
	(void)state;
	assert_true(tkt_line_valid("Router drops connection"));
	assert_true(tkt_line_valid("a\tb"));
	assert_false(tkt_line_valid(""));
	assert_false(tkt_line_valid("   "));
	assert_false(tkt_line_valid("a\nb"));
	assert_false(tkt_line_valid("a\rb"));
	assert_false(tkt_line_valid("a\x1b[31mb"));
	assert_false(tkt_line_valid("caf\xe9"));
}

static void
requesters(void **state)
{
	struct tkt_person p;

	(void)state;
	assert_int_equal(tkt_person_parse("Ann Smith <ann@example.com>", &p), 0);
	assert_string_equal(p.name, "Ann Smith");
	assert_string_equal(p.email, "ann@example.com");
	assert_null(p.handle);
	tkt_person_release(&p);

	assert_int_equal(tkt_person_parse("\"Smith, Ann\" <ann@example.com>", &p), 0);
	assert_string_equal(p.name, "Smith, Ann");
	tkt_person_release(&p);

	assert_int_equal(tkt_person_parse("<ann@example.com>", &p), 0);
	assert_null(p.name);
	assert_string_equal(p.email, "ann@example.com");
	tkt_person_release(&p);

	assert_int_equal(tkt_person_parse("ann@example.com", &p), 0);
	assert_null(p.name);
	assert_string_equal(p.email, "ann@example.com");
	tkt_person_release(&p);

	assert_int_equal(tkt_person_parse("@ann_s", &p), 0);
	assert_string_equal(p.handle, "@ann_s");
	tkt_person_release(&p);

	assert_int_equal(tkt_person_parse("Μαρία Παπαδοπούλου", &p), 0);
	assert_string_equal(p.name, "Μαρία Παπαδοπούλου");
	assert_null(p.email);
	tkt_person_release(&p);
}

static void
bad_requesters(void **state)
{
	static const char *const bad[] = {
		"", "  ", "Ann <ann@example.com", "Ann <ann@example.com> x", "Ann <>", "Ann <ann>",
		"ann@", "@", "a@b@example.com", "ann@.example", "ann @example.com", "Ann\n<a@b.c>",
		"x@example.com.", "@a b",
	};
	struct tkt_person p;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (tkt_person_parse(bad[i], &p) != EX_DATAERR)
			fail_msg("'%s' should be refused", bad[i]);
		assert_null(p.name);
		assert_null(p.email);
		assert_null(p.handle);
	}
}

static void
folding(void **state)
{
	static const struct { const char *in, *out; } t[] = {
		{ "ROUTER Drops", "router drops" },
		{ "Ρούτερ ΜΟΥ", "ρουτερ μου" },
		{ "ΐ ς Ά", "ι σ α" },
		{ "Lépésként ÁRVÍZTŰRŐ", "lepeskent arvizturo" },
		{ "Ştiinţă știință", "stiinta stiinta" },
		{ "  a \t\n\r b  ", " a b " },
		{ "Æther Straße ΟΔΟΣ", "aether strasse οδοσ" },
		{ "日本語 #100234", "日本語 #100234" },
		{ "Привет", "привет" },
		{ "a\xff", "a\xff" },
	};
	size_t i;
	char *f;

	(void)state;
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		f = tkt_fold(t[i].in);
		assert_string_equal(f, t[i].out);
		free(f);
	}
}

static void
search_words(void **state)
{
	struct tkt_search q;
	char *fts, *like;

	(void)state;
	assert_int_equal(tkt_search_parse("w", "  ROUTER \"Drops  Every\" #100234 ", &q), 0);
	assert_int_equal(q.n, 3);
	assert_string_equal(q.words[0], "router");
	assert_string_equal(q.words[1], "drops every");
	assert_string_equal(q.words[2], "#100234");
	fts = tkt_search_fts(&q, 1, "body");
	assert_string_equal(fts, "body : (\"router\" AND \"drops every\" AND \"#100234\")");
	free(fts);
	tkt_search_free(&q);
	assert_int_equal(tkt_search_parse("w", "NEAR(x* 50%_\\", &q), 0);
	fts = tkt_search_fts(&q, 1, NULL);
	assert_string_equal(fts, "\"near(x*\" AND \"50%_\\\"");
	like = tkt_search_like(q.words[1]);
	assert_string_equal(like, "%50\\%\\_\\\\%");
	free(fts);
	free(like);
	tkt_search_free(&q);
	assert_int_equal(tkt_search_parse("w", "", &q), EX_USAGE);
	assert_int_equal(tkt_search_parse("w", "router ab", &q), EX_USAGE);
	assert_non_null(strstr(tkt_errmsg(), "'ab' is shorter than 3 characters"));
	assert_int_equal(tkt_search_parse("w", "\"router", &q), EX_USAGE);
	assert_int_equal(tkt_search_parse("w", "\" \"", &q), EX_USAGE);
	assert_int_equal(tkt_search_parse("w", "ρού", &q), 0);
	tkt_search_free(&q);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(utf8),
		cmocka_unit_test(bodies),
		cmocka_unit_test(big_body),
		cmocka_unit_test(words),
		cmocka_unit_test(lines),
		cmocka_unit_test(requesters),
		cmocka_unit_test(bad_requesters),
		cmocka_unit_test(folding),
		cmocka_unit_test(search_words),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
