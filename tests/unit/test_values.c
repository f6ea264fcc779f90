/* Unit tests: the values a key has in the store (tkt-ls --values). */
#include "unit.h"

#define T0 1795165200          /* 2026-11-20T09:00:00Z */

/* The values of key, joined by "|". */
static char *
values(tkt_store *st, const char *key)
{
	tkt_buf b = TKT_BUF_INIT;
	char **v, **p;

	assert_int_equal(tkt_values(st, key, &v), 0);
	for (p = v; *p; p++)
		tkt_buf_printf(&b, "%s%s", p == v ? "" : "|", *p);
	tkt_strv_free(v);
	return b.len ? tkt_buf_detach(&b) : tkt_strdup("");
}

static void
expect(tkt_store *st, const char *key, const char *want)
{
	char *got = values(st, key);

	if (strcmp(got, want) != 0)
		fail_msg("--values %s gave '%s', expected '%s'", key, got, want);
	free(got);
}

static void
change(tkt_store *st, int64_t id, const char *word)
{
	struct tkt_change c;

	assert_int_equal(tkt_change_parse(word, &c), 0);
	assert_int_equal(tkt_begin(st), 0);
	assert_int_equal(tkt_change_apply(st, id, &c, "agent", T0 + 60), 0);
	assert_int_equal(tkt_commit(st), 0);
}

static void
empty_store(void **state)
{
	tkt_store *st = ((struct fixture *)*state)->st;

	expect(st, "tag", "");
	expect(st, "assignee", "");
	expect(st, "field", "");
	expect(st, "field.order", "");
	expect(st, "requester", "");
}

static void
distinct_and_sorted(void **state)
{
	tkt_store *st = ((struct fixture *)*state)->st;
	int64_t a = new_ticket(st, "a", T0), b = new_ticket(st, "b", T0);

	change(st, a, "+zeta");
	change(st, a, "+alpha");
	change(st, b, "+alpha");
	change(st, b, "+ärger");
	change(st, b, "+beta");
	change(st, b, "-beta");
	change(st, a, "assignee=olga");
	change(st, b, "assignee=Mira Lee");
	change(st, a, "group=l2");
	change(st, a, "type=defect");
	change(st, b, "type=billing");
	change(st, a, "field.order=7");
	change(st, b, "field.order=12");
	change(st, b, "field.carrier=DHL");
	/* Byte order, as every backend gives it; only what is in use. */
	expect(st, "tag", "alpha|zeta|ärger");
	expect(st, "assignee", "Mira Lee|olga");
	expect(st, "group", "l2");
	expect(st, "type", "billing|defect");
	expect(st, "template", "");
	expect(st, "field", "carrier|order");
	expect(st, "field.order", "12|7");
	expect(st, "field.nosuch", "");
	/* Each requester once, as tkt-ls shows it. */
	expect(st, "requester", "Ann <ann@example.com>");
	change(st, b, "assignee=");
	expect(st, "assignee", "olga");
}

static void
keys(void **state)
{
	static const char *const good[] = {
		"tag", "assignee", "group", "type", "template", "requester", "field", "field.order",
	};
	static const char *const bad[] = {
		"", "status", "priority", "channel", "requesters", "tags", "field.", "field.Bad",
		"field.a b", "Tag",
	};
	tkt_store *st = ((struct fixture *)*state)->st;
	char **v = NULL;
	size_t i;

	for (i = 0; i < sizeof good / sizeof good[0]; i++)
		assert_int_equal(tkt_values_key_check(good[i]), 0);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (tkt_values_key_check(bad[i]) != EX_USAGE)
			fail_msg("key '%s' was taken", bad[i]);
		assert_int_equal(tkt_values(st, bad[i], &v), EX_USAGE);
		assert_null(v);
	}
	assert_non_null(strstr(tkt_errmsg(), "bad key 'Tag'"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(empty_store, store_setup, store_teardown),
		cmocka_unit_test_setup_teardown(distinct_and_sorted, store_setup, store_teardown),
		cmocka_unit_test_setup_teardown(keys, store_setup, store_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
