/* Unit tests: output for a terminal (colour, relative times) and the
 * requester's history that tkt-show heads a ticket with. */
#include "unit.h"

static void
relative_times(void **state)
{
	char buf[32];

	(void)state;
	assert_string_equal(tkt_term_ago(1000, 1000, buf), "just now");
	assert_string_equal(tkt_term_ago(1000, 1059, buf), "just now");
	assert_string_equal(tkt_term_ago(1059, 1000, buf), "just now");
	assert_string_equal(tkt_term_ago(1000, 1060, buf), "1m ago");
	assert_string_equal(tkt_term_ago(0, 2 * 3600 + 59, buf), "2h ago");
	assert_string_equal(tkt_term_ago(0, 3 * 86400 + 7200, buf), "3d ago");
	assert_string_equal(tkt_term_ago(0, 15 * 86400, buf), "2w ago");
	assert_string_equal(tkt_term_ago(300, 0, buf), "in 5m");
}

static void
times_off_a_terminal(void **state)
{
	struct tkt_term t = { 0, 0, 86400 };
	char buf[32];

	(void)state;
	assert_string_equal(tkt_term_time(&t, 0, buf), "1970-01-01T00:00:00Z");
	assert_string_equal(tkt_term_age(&t, 0, buf), "1d");
	t.tty = 1;
	assert_string_equal(tkt_term_time(&t, 0, buf), "1d ago");
	assert_string_equal(tkt_term_age(&t, 0, buf), "1d ago");
}

static void
color_words(void **state)
{
	enum tkt_color c = TKT_COLOR_AUTO;

	(void)state;
	assert_int_equal(tkt_color_parse("always", &c), 0);
	assert_int_equal(c, TKT_COLOR_ALWAYS);
	assert_int_equal(tkt_color_parse("never", &c), 0);
	assert_int_equal(c, TKT_COLOR_NEVER);
	assert_int_equal(tkt_color_parse("auto", &c), 0);
	assert_int_equal(c, TKT_COLOR_AUTO);
	assert_int_equal(tkt_color_parse("yes", &c), EX_USAGE);
	assert_non_null(strstr(tkt_errmsg(), "'yes'"));
	assert_int_equal(tkt_color_parse("", &c), EX_USAGE);
}

static void
colours_by_meaning(void **state)
{
	struct tkt_term t;

	(void)state;
	tkt_term_init(&t, TKT_COLOR_NEVER, 0);
	assert_string_equal(tkt_term_on(&t, TKT_PAINT_STATUS, "open"), "");
	assert_string_equal(tkt_term_off(&t, TKT_PAINT_STATUS, "open"), "");
	tkt_term_init(&t, TKT_COLOR_ALWAYS, 0);
	assert_string_equal(tkt_term_on(&t, TKT_PAINT_STATUS, "open"), "\033[1;31m");
	assert_string_equal(tkt_term_off(&t, TKT_PAINT_STATUS, "open"), "\033[0m");
	/* Customer and agent messages and notes look different. */
	assert_string_not_equal(tkt_term_on(&t, TKT_PAINT_KIND, "customer"),
	                        tkt_term_on(&t, TKT_PAINT_KIND, "agent"));
	assert_string_not_equal(tkt_term_on(&t, TKT_PAINT_KIND, "note"),
	                        tkt_term_on(&t, TKT_PAINT_KIND, "agent"));
	/* A value of no colour, or of another meaning, stays plain. */
	assert_string_equal(tkt_term_on(&t, TKT_PAINT_PRIORITY, "normal"), "");
	assert_string_equal(tkt_term_off(&t, TKT_PAINT_PRIORITY, "normal"), "");
	assert_string_equal(tkt_term_on(&t, TKT_PAINT_PRIORITY, "open"), "");
	assert_string_equal(tkt_term_on(&t, TKT_PAINT_KIND, NULL), "");
	/* NO_COLOR rules auto, not always. */
	setenv("NO_COLOR", "1", 1);
	tkt_term_init(&t, TKT_COLOR_AUTO, 0);
	assert_int_equal(t.color, 0);
	tkt_term_init(&t, TKT_COLOR_ALWAYS, 0);
	assert_int_equal(t.color, 1);
	unsetenv("NO_COLOR");
}

static void
rate(tkt_store *st, int64_t id, const char *word, time_t at)
{
	struct tkt_rating r;

	assert_int_equal(tkt_rating_parse(word, &r), 0);
	assert_int_equal(tkt_begin(st), 0);
	assert_int_equal(tkt_rating_add(st, id, &r, NULL, at), 0);
	assert_int_equal(tkt_commit(st), 0);
}

static void
set_status(tkt_store *st, int64_t id, const char *status, time_t at)
{
	assert_int_equal(tkt_begin(st), 0);
	assert_int_equal(tkt_ticket_set(st, id, "status", status, "agent", at), 0);
	assert_int_equal(tkt_commit(st), 0);
}

static void
history(void **state)
{
	struct fixture *fx = *state;
	struct tkt_history h;
	int64_t a, b, c, d;

	a = new_ticket(fx->st, "first", 1000);
	assert_int_equal(tkt_customer_history(fx->st, a, &h), 0);
	assert_int_equal(h.earlier, 0);
	assert_int_equal(h.open, 0);
	assert_string_equal(h.rating, "");

	/* Its own rating is not history. */
	set_status(fx->st, a, "solved", 2000);
	rate(fx->st, a, "csat=2", 3000);
	assert_int_equal(tkt_customer_history(fx->st, a, &h), 0);
	assert_string_equal(h.rating, "");

	b = new_ticket(fx->st, "second", 4000);
	c = new_ticket(fx->st, "third", 5000);
	assert_int_equal(tkt_customer_history(fx->st, c, &h), 0);
	assert_int_equal(h.earlier, 2);
	assert_int_equal(h.open, 1);
	assert_string_equal(h.rating, "csat");
	assert_int_equal(h.score, 2);

	/* The last rating given counts, whenever its ticket was made. */
	rate(fx->st, b, "nps=9", 6000);
	rate(fx->st, a, "csat=4", 5500);
	assert_int_equal(tkt_customer_history(fx->st, c, &h), 0);
	assert_string_equal(h.rating, "nps");
	assert_int_equal(h.score, 9);

	/* Made at the same time: the smaller id is the earlier. */
	d = new_ticket(fx->st, "fourth", 5000);
	assert_int_equal(tkt_customer_history(fx->st, d, &h), 0);
	assert_int_equal(h.earlier, 3);
	assert_int_equal(h.open, 2);
	/* An older ticket knows nothing of later ones. */
	assert_int_equal(tkt_customer_history(fx->st, b, &h), 0);
	assert_int_equal(h.earlier, 1);
	assert_int_equal(h.open, 0);
	assert_string_equal(h.rating, "csat");
	assert_int_equal(h.score, 4);
}

#define T(f) cmocka_unit_test_setup_teardown(f, store_setup, store_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(relative_times),
		cmocka_unit_test(times_off_a_terminal),
		cmocka_unit_test(color_words),
		cmocka_unit_test(colours_by_meaning),
		T(history),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
