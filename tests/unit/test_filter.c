/* Unit tests: the filter words, compiled to SQL and run. */
#include "unit.h"

#define T0 1795165200          /* 2026-11-20T09:00:00Z */
#define NOW (T0 + 3 * 86400)

static void
parse_errors(void **state)
{
	static const struct {
		const char *word;
		int         code;
	} cases[] = {
		{ "status", EX_USAGE }, { "=open", EX_USAGE }, { "colour=red", EX_USAGE },
		{ "status~open", EX_USAGE }, { "type<x", EX_USAGE }, { "age=2d", EX_USAGE },
		{ "requester>a", EX_USAGE }, { "tag<x", EX_USAGE }, { "id<1,2", EX_USAGE },
		{ "field.Bad=1", EX_USAGE }, { "created<", EX_USAGE },
		{ "status=opened", EX_DATAERR }, { "priority>critical", EX_DATAERR },
		{ "channel=fax", EX_DATAERR }, { "age>2", EX_DATAERR }, { "waiting>x", EX_DATAERR },
		{ "created>2026-13-01", EX_DATAERR }, { "id=abc", EX_DATAERR }, { "+Bad", EX_DATAERR },
		{ "-a b", EX_DATAERR }, { "requester=", EX_DATAERR }, { "tag=", EX_DATAERR },
		{ "requester~", EX_USAGE }, { "requester~ab", EX_USAGE }, { "requester~ann,", EX_USAGE },
		{ "requester~\"ann", EX_USAGE }, { "requester!~ann", EX_USAGE },
		{ "requester=Ann <a@x", EX_DATAERR }, { "requester=Ann <no>", EX_DATAERR },
		{ "requester=*@", EX_DATAERR }, { "requester=*@a,b,*@.x", EX_DATAERR },
	};
	size_t i;
	tkt_filter *f = tkt_filter_new(NOW, "me");
	tkt_buf where = TKT_BUF_INIT;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int rc = tkt_filter_add(f, cases[i].word);

		if (rc != cases[i].code)
			fail_msg("'%s' gave %d, expected %d", cases[i].word, rc, cases[i].code);
	}
	/* A refused word leaves the filter as it was. */
	tkt_filter_where(((struct fixture *)*state)->st, f, &where);
	assert_string_equal(where.s, "1 = 1 AND t.merged_into IS NULL");
	tkt_buf_release(&where);
	tkt_filter_free(f);
}

static void
values_never_reach_sql(void **state)
{
	static const char *const words[] = {
		"requester=x' OR '1'='1", "assignee=a'; DROP TABLE tickets; --", "type=x\"y",
		"field.order=1 OR 1=1", "group=%s%s%n", "+drop", "tag=union",
		"requester~x' OR '1'='1", "requester=*@x'OR'1'='1",
	};
	tkt_filter *f = tkt_filter_new(NOW, "me");
	tkt_buf where = TKT_BUF_INIT;
	size_t i;

	for (i = 0; i < sizeof words / sizeof words[0]; i++)
		tkt_filter_add(f, words[i]);
	tkt_filter_where(((struct fixture *)*state)->st, f, &where);
	assert_null(strstr(where.s, "OR '1'"));
	assert_null(strstr(where.s, "'1'='1"));
	assert_null(strstr(where.s, "DROP"));
	assert_null(strstr(where.s, "x\"y"));
	assert_null(strstr(where.s, "1 OR 1=1"));
	assert_null(strstr(where.s, "%s"));
	assert_null(strstr(where.s, "'drop'"));
	assert_null(strstr(where.s, "union"));
	assert_non_null(strstr(where.s, ":f1"));
	tkt_buf_release(&where);
	tkt_filter_free(f);
}

static int
collect(const struct tkt_row *row, void *ctx)
{
	tkt_buf *b = ctx;

	tkt_buf_printf(b, "%s%lld", b->len ? " " : "", (long long)row->id);
	return 0;
}

/* The ids matching the words (NULL-terminated), as "1 2 3". */
static char *
ids(tkt_store *st, const char *word, ...)
{
	struct tkt_list_opts o = { 0 };
	tkt_filter *f = tkt_filter_new(NOW, "mira");
	tkt_buf out = TKT_BUF_INIT;
	va_list ap;
	const char *w;

	va_start(ap, word);
	for (w = word; w; w = va_arg(ap, const char *))
		if (tkt_filter_add(f, w))
			fail_msg("'%s': %s", w, tkt_errmsg());
	va_end(ap);
	assert_int_equal(tkt_ticket_list(st, f, &o, collect, &out, NULL), 0);
	tkt_filter_free(f);
	return tkt_buf_detach(&out);
}

#define assert_ids(want, ...) do { \
	char *got_ = ids(fx->st, __VA_ARGS__, (const char *)NULL); \
	assert_string_equal(got_, want); \
	free(got_); \
} while (0)

static void
exec(tkt_store *st, const char *word, int64_t id, time_t at)
{
	struct tkt_change c;

	assert_int_equal(tkt_change_parse(word, &c), 0);
	assert_int_equal(tkt_begin(st), 0);
	assert_int_equal(tkt_change_apply(st, id, &c, "lead", at), 0);
	assert_int_equal(tkt_commit(st), 0);
}

static void
reply(tkt_store *st, int64_t id, enum tkt_kind kind, time_t at)
{
	struct tkt_message_new m = { 0 };

	m.ticket = id;
	m.kind = kind;
	m.author = kind == TKT_CUSTOMER ? NULL : "mira";
	m.body = "text";
	m.at = at;
	assert_int_equal(tkt_begin(st), 0);
	assert_int_equal(tkt_message_add(st, &m, NULL), 0);
	assert_int_equal(tkt_commit(st), 0);
}

static int
populate(void **state)
{
	struct fixture *fx;

	store_setup(state);
	fx = *state;
	new_ticket(fx->st, "one", T0);                 /* 1: 3 days old */
	new_ticket(fx->st, "two", T0 + 86400);         /* 2: 2 days old */
	new_ticket(fx->st, "three", T0 + 2 * 86400);   /* 3: 1 day old */
	new_ticket(fx->st, "four", NOW - 3600);        /* 4: 1 hour old */
	exec(fx->st, "priority=urgent", 1, NOW - 60);
	exec(fx->st, "priority=low", 4, NOW - 60);
	exec(fx->st, "+billing", 2, NOW - 60);
	exec(fx->st, "+vip", 2, NOW - 60);
	exec(fx->st, "+vip", 3, NOW - 60);
	exec(fx->st, "type=defect", 3, NOW - 60);
	exec(fx->st, "field.amount=150", 2, NOW - 60);
	exec(fx->st, "field.amount=20", 3, NOW - 60);
	reply(fx->st, 1, TKT_AGENT, T0 + 600);              /* 1: open, mira */
	reply(fx->st, 1, TKT_CUSTOMER, T0 + 86400);         /* 1: waiting 2 days */
	reply(fx->st, 2, TKT_AGENT, T0 + 86400 + 60);
	exec(fx->st, "status=solved", 2, T0 + 86400 + 120);
	exec(fx->st, "status=pending", 3, NOW - 60);
	return 0;
}

static void
filters(void **state)
{
	struct fixture *fx = *state;

	assert_ids("1 2 3 4", "status!=closed");
	assert_ids("1", "status=open");
	assert_ids("1 4", "status=new,open");
	assert_ids("1 3 4", "status<solved");
	assert_ids("2", "status>=solved");
	assert_ids("1", "priority=urgent");
	assert_ids("1 2 3", "priority>=normal");
	assert_ids("4", "priority<normal");
	assert_ids("2", "+billing");
	assert_ids("1 3 4", "-billing");
	assert_ids("2 3", "+vip");
	assert_ids("3", "+vip", "-billing");
	assert_ids("2 3", "tag=vip");
	assert_ids("3", "type=defect");
	assert_ids("1 2 4", "type=");
	assert_ids("1 3 4", "type!=billing", "id!=2");
	assert_ids("1 2", "assignee=me");
	assert_ids("3 4", "assignee=");
	assert_ids("1 2", "age>1d");
	assert_ids("1 2", "age>=2d");
	assert_ids("3 4", "age<2d");
	assert_ids("4", "age<=1h");
	assert_ids("1", "waiting>1d");
	assert_ids("1 4", "waiting>30m");
	assert_ids("4", "waiting<1d");
	assert_ids("2", "solved>=2026-11-21");
	assert_ids("2", "solved=2026-11-21");
	assert_ids("1 3 4", "solved=");
	assert_ids("3 4", "created>=2026-11-22");
	assert_ids("1 2", "created<=2026-11-21");
	assert_ids("2", "created=2026-11-21");
	assert_ids("1 3 4", "created!=2026-11-21");
	assert_ids("4", "created>2026-11-22");
	assert_ids("3 4", "created>36h");
	assert_ids("2", "field.amount>100");
	assert_ids("3", "field.amount<100");
	assert_ids("2", "field.amount=150");
	assert_ids("1 3 4", "field.amount!=150");
	assert_ids("1 4", "field.amount=");
	assert_ids("2 3", "field.amount!=");
	assert_ids("1 2 3 4", "requester=ann@example.com");
	assert_ids("1 2 3 4", "requester=ANN@EXAMPLE.COM");
	assert_ids("1 2 3 4", "requester=Ann");
	assert_ids("", "requester=bob@example.com");
	assert_ids("1 2 3 4", "requester=Someone <ANN@example.com>");
	assert_ids("1 2 3 4", "requester=bob@example.com,Lee, Ann <ann@example.com>");
	assert_ids("1 2 3 4", "requester=*@EXAMPLE.com");
	assert_ids("", "requester=*@mail.example.com");
	assert_ids("", "requester!=*@example.com");
	assert_ids("1 2 3 4", "requester~ANN");
	assert_ids("", "requester~bob,carol");
	assert_ids("1 2 3 4", "requester~bob,\"ann@ex\"");
	assert_ids("", "requester~ann bob");
	assert_ids("2 3", "id>=2", "id<=3");
	assert_ids("1 4", "id=1,4");
	assert_ids("2 3", "id!=1,4");
	assert_ids("", "channel=email");
	assert_ids("1 2 3 4", "channel=api");
}

static int
count_rows(const struct tkt_row *row, void *ctx)
{
	(void)row;
	return ++*(int *)ctx >= 2 ? 7 : 0;
}

static void
listing(void **state)
{
	struct fixture *fx = *state;
	struct tkt_list_opts o = { 0 };
	tkt_buf out = TKT_BUF_INIT;
	int n = 0;

	o.sort = "priority";
	assert_int_equal(tkt_ticket_list(fx->st, NULL, &o, collect, &out, NULL), 0);
	assert_string_equal(out.s, "1 2 3 4");
	tkt_buf_release(&out);
	o.reverse = 1;
	o.sort = "created";
	o.limit = 3;
	assert_int_equal(tkt_ticket_list(fx->st, NULL, &o, collect, &out, NULL), 0);
	assert_string_equal(out.s, "4 3 2");
	tkt_buf_release(&out);
	o.reverse = 0;
	o.limit = 0;
	o.sort = "waiting";
	assert_int_equal(tkt_ticket_list(fx->st, NULL, &o, collect, &out, NULL), 0);
	assert_string_equal(out.s, "1 4 2 3");
	tkt_buf_release(&out);
	/* A callback stops the listing with its own value. */
	o.sort = NULL;
	assert_int_equal(tkt_ticket_list(fx->st, NULL, &o, count_rows, &n, NULL), 7);
	assert_int_equal(n, 2);
	o.sort = "colour";
	assert_int_equal(tkt_ticket_list(fx->st, NULL, &o, collect, &out, NULL), EX_USAGE);
	assert_false(tkt_sort_valid("colour"));
	assert_true(tkt_sort_valid("waiting"));
}

static void
filter_words(void **state)
{
	(void)state;
	assert_true(tkt_filter_is_word("status=open"));
	assert_true(tkt_filter_is_word("age>2d"));
	assert_true(tkt_filter_is_word("+tag"));
	assert_true(tkt_filter_is_word("-tag"));
	assert_false(tkt_filter_is_word("42"));
	assert_false(tkt_filter_is_word("open"));
	assert_false(tkt_filter_is_word("--json"));
	assert_false(tkt_filter_is_word("=x"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(parse_errors, store_setup, store_teardown),
		cmocka_unit_test_setup_teardown(values_never_reach_sql, store_setup, store_teardown),
		cmocka_unit_test(filter_words),
		cmocka_unit_test_setup_teardown(filters, populate, store_teardown),
		cmocka_unit_test_setup_teardown(listing, populate, store_teardown),
	};

	setenv("TZ", "UTC", 1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
