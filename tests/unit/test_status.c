/* Unit tests: the status rules of messages and attribute changes. */
#include "unit.h"

#define T0 1795165200          /* 2026-11-20T09:00:00Z */

static char *
status_of(tkt_store *st, int64_t id)
{
	char sql[96];

	snprintf(sql, sizeof sql, "SELECT status || '|' || coalesce(assignee, '') FROM tickets WHERE id = %lld",
	         (long long)id);
	return query_text(st, sql);
}

static int
add(tkt_store *st, int64_t id, enum tkt_kind kind, const char *author, time_t at)
{
	struct tkt_message_new m = { 0 };
	int rc;

	m.ticket = id;
	m.kind = kind;
	m.author = author;
	m.body = "text";
	m.at = at;
	if ((rc = tkt_begin(st)))
		return rc;
	if ((rc = tkt_message_add(st, &m, NULL))) {
		tkt_rollback(st);
		return rc;
	}
	return tkt_commit(st);
}

static int
set(tkt_store *st, int64_t id, const char *key, const char *value, time_t at)
{
	int rc;

	if ((rc = tkt_begin(st)))
		return rc;
	if ((rc = tkt_ticket_set(st, id, key, value, "lead", at))) {
		tkt_rollback(st);
		return rc;
	}
	return tkt_commit(st);
}

#define assert_status(st, id, want) do { \
	char *s_ = status_of(st, id); \
	assert_string_equal(s_, want); \
	free(s_); \
} while (0)

static void
a_new_ticket_is_new(void **state)
{
	struct fixture *fx = *state;
	int64_t id = new_ticket(fx->st, "one", T0);

	assert_status(fx->st, id, "new|");
	assert_int_equal(query_int(fx->st, "SELECT waiting_since FROM tickets"), T0);
	assert_int_equal(query_int(fx->st, "SELECT count(*) FROM events WHERE what = 'status' AND old IS NULL AND new = 'new'"), 1);
}

static void
notes_change_nothing(void **state)
{
	struct fixture *fx = *state;
	int64_t id = new_ticket(fx->st, "one", T0);

	assert_int_equal(add(fx->st, id, TKT_NOTE, "mira", T0 + 60), 0);
	assert_status(fx->st, id, "new|");
	assert_int_equal(query_int(fx->st, "SELECT waiting_since FROM tickets"), T0);
}

static void
first_agent_reply_opens_and_assigns(void **state)
{
	struct fixture *fx = *state;
	int64_t id = new_ticket(fx->st, "one", T0);

	assert_int_equal(add(fx->st, id, TKT_AGENT, "mira", T0 + 60), 0);
	assert_status(fx->st, id, "open|mira");
	assert_int_equal(query_int(fx->st, "SELECT waiting_since IS NULL FROM tickets"), 1);
	/* A second agent's reply does not take the ticket over. */
	assert_int_equal(add(fx->st, id, TKT_AGENT, "olga", T0 + 120), 0);
	assert_status(fx->st, id, "open|mira");
	assert_int_equal(query_int(fx->st, "SELECT updated_at FROM tickets"), T0 + 120);
}

static void
customer_reopens_solved(void **state)
{
	struct fixture *fx = *state;
	int64_t id = new_ticket(fx->st, "one", T0);

	assert_int_equal(add(fx->st, id, TKT_AGENT, "mira", T0 + 60), 0);
	assert_int_equal(set(fx->st, id, "status", "solved", T0 + 120), 0);
	assert_int_equal(query_int(fx->st, "SELECT solved_at FROM tickets"), T0 + 120);
	/* A thank-you from the agent after the solve keeps it solved. */
	assert_int_equal(add(fx->st, id, TKT_AGENT, "mira", T0 + 130), 0);
	assert_status(fx->st, id, "solved|mira");
	assert_int_equal(add(fx->st, id, TKT_CUSTOMER, NULL, T0 + 180), 0);
	assert_status(fx->st, id, "open|mira");
	assert_int_equal(query_int(fx->st, "SELECT solved_at IS NULL FROM tickets"), 1);
	assert_int_equal(query_int(fx->st, "SELECT count(*) FROM events WHERE what = 'reopen' AND old = 'solved' AND new = 'open' AND at = 1795165380"), 1);
	assert_int_equal(query_int(fx->st, "SELECT waiting_since FROM tickets"), T0 + 180);
}

static void
customer_reopens_closed(void **state)
{
	struct fixture *fx = *state;
	int64_t id = new_ticket(fx->st, "one", T0);

	assert_int_equal(set(fx->st, id, "status", "closed", T0 + 60), 0);
	assert_int_equal(query_int(fx->st, "SELECT solved_at FROM tickets"), T0 + 60);
	assert_int_equal(add(fx->st, id, TKT_CUSTOMER, NULL, T0 + 120), 0);
	assert_status(fx->st, id, "open|");
	assert_int_equal(query_int(fx->st, "SELECT count(*) FROM events WHERE what = 'reopen'"), 1);
}

static void
customer_answers_pending(void **state)
{
	struct fixture *fx = *state;
	int64_t id = new_ticket(fx->st, "one", T0);

	assert_int_equal(add(fx->st, id, TKT_AGENT, "mira", T0 + 60), 0);
	assert_int_equal(set(fx->st, id, "status", "pending", T0 + 61), 0);
	assert_int_equal(add(fx->st, id, TKT_CUSTOMER, NULL, T0 + 120), 0);
	assert_status(fx->st, id, "open|mira");
	/* Pending to open is not a reopen. */
	assert_int_equal(query_int(fx->st, "SELECT count(*) FROM events WHERE what = 'reopen'"), 0);
}

static void
on_hold_stays_on_hold(void **state)
{
	struct fixture *fx = *state;
	int64_t id = new_ticket(fx->st, "one", T0);

	assert_int_equal(set(fx->st, id, "status", "on-hold", T0 + 60), 0);
	assert_int_equal(add(fx->st, id, TKT_CUSTOMER, NULL, T0 + 120), 0);
	assert_status(fx->st, id, "on-hold|");
}

static void
reopen_by_hand(void **state)
{
	struct fixture *fx = *state;
	int64_t id = new_ticket(fx->st, "one", T0);

	assert_int_equal(set(fx->st, id, "status", "solved", T0 + 60), 0);
	assert_int_equal(set(fx->st, id, "status", "pending", T0 + 120), 0);
	assert_int_equal(query_int(fx->st, "SELECT count(*) FROM events WHERE what = 'reopen' AND actor = 'lead'"), 1);
	/* solved -> closed is not a reopen and keeps the solve time. */
	assert_int_equal(set(fx->st, id, "status", "solved", T0 + 180), 0);
	assert_int_equal(set(fx->st, id, "status", "closed", T0 + 240), 0);
	assert_int_equal(query_int(fx->st, "SELECT solved_at FROM tickets"), T0 + 180);
	assert_int_equal(query_int(fx->st, "SELECT count(*) FROM events WHERE what = 'reopen'"), 1);
}

static void
same_value_is_no_change(void **state)
{
	struct fixture *fx = *state;
	int64_t id = new_ticket(fx->st, "one", T0);
	int64_t before = query_int(fx->st, "SELECT count(*) FROM events");

	assert_int_equal(set(fx->st, id, "status", "new", T0 + 60), 0);
	assert_int_equal(set(fx->st, id, "priority", "normal", T0 + 60), 0);
	assert_int_equal(set(fx->st, id, "assignee", "", T0 + 60), 0);
	assert_int_equal(query_int(fx->st, "SELECT count(*) FROM events"), before);
	assert_int_equal(query_int(fx->st, "SELECT updated_at FROM tickets"), T0);
}

static void
refusals(void **state)
{
	struct fixture *fx = *state;
	int64_t id = new_ticket(fx->st, "one", T0);

	assert_int_equal(set(fx->st, id, "status", "done", T0 + 60), EX_DATAERR);
	assert_int_equal(set(fx->st, id, "priority", "", T0 + 60), EX_DATAERR);
	assert_int_equal(set(fx->st, id, "colour", "red", T0 + 60), EX_USAGE);
	assert_int_equal(set(fx->st, 99, "status", "open", T0 + 60), EX_NOINPUT);
	assert_string_equal(tkt_errmsg(), "no such ticket '99'");
	assert_int_equal(set(fx->st, id, "status", "open", T0 - 1), EX_DATAERR);
	assert_non_null(strstr(tkt_errmsg(), "before ticket 1 was created"));
	assert_int_equal(add(fx->st, id, TKT_AGENT, "mira", T0 - 1), EX_DATAERR);
	assert_int_equal(add(fx->st, id, TKT_AGENT, NULL, T0 + 1), EX_USAGE);
	assert_int_equal(add(fx->st, 99, TKT_CUSTOMER, NULL, T0 + 1), EX_NOINPUT);
	assert_status(fx->st, id, "new|");
	assert_int_equal(query_int(fx->st, "SELECT count(*) FROM messages"), 1);
}

static void
change_words(void **state)
{
	struct tkt_change c;

	(void)state;
	assert_int_equal(tkt_change_parse("+refund", &c), 0);
	assert_int_equal(c.op, TKT_TAG_ADD);
	assert_string_equal(c.key, "refund");
	assert_int_equal(tkt_change_parse("-refund", &c), 0);
	assert_int_equal(c.op, TKT_TAG_DEL);
	assert_int_equal(tkt_change_parse("priority=high", &c), 0);
	assert_int_equal(c.op, TKT_SET);
	assert_string_equal(c.key, "priority");
	assert_string_equal(c.value, "high");
	assert_int_equal(tkt_change_parse("assignee=", &c), 0);
	assert_string_equal(c.value, "");
	assert_int_equal(tkt_change_parse("field.order=100234", &c), 0);
	assert_string_equal(c.key, "field.order");
	assert_int_equal(tkt_change_parse("status=pending", &c), 0);
	assert_int_equal(tkt_change_parse("priority=critical", &c), EX_DATAERR);
	assert_int_equal(tkt_change_parse("status=", &c), EX_DATAERR);
	assert_int_equal(tkt_change_parse("colour=red", &c), EX_USAGE);
	assert_int_equal(tkt_change_parse("refund", &c), EX_USAGE);
	assert_int_equal(tkt_change_parse("=x", &c), EX_USAGE);
	assert_int_equal(tkt_change_parse("+Refund", &c), EX_DATAERR);
	assert_int_equal(tkt_change_parse("field.Bad=1", &c), EX_DATAERR);
	assert_int_equal(tkt_change_parse("type=two words", &c), EX_DATAERR);
}

static void
ratings(void **state)
{
	struct tkt_rating r;
	char kinds[TKT_RATING_KINDS_MAX];

	(void)state;
	assert_int_equal(tkt_rating_parse("csat=5", &r), 0);
	assert_string_equal(r.kind, "csat");
	assert_int_equal(r.score, 5);
	assert_int_equal(tkt_rating_parse("nps=0", &r), 0);
	assert_int_equal(tkt_rating_parse("agent=10", &r), 0);
	assert_int_equal(tkt_rating_parse("csat=6", &r), EX_DATAERR);
	assert_int_equal(tkt_rating_parse("nps=-1", &r), EX_DATAERR);
	assert_int_equal(tkt_rating_parse("agent=0", &r), EX_DATAERR);
	assert_int_equal(tkt_rating_parse("csat=4x", &r), EX_DATAERR);
	assert_int_equal(tkt_rating_parse("ces=7", &r), 0);
	assert_string_equal(r.kind, "ces");
	assert_int_equal(r.score, 7);
	assert_int_equal(tkt_rating_parse("ces=1", &r), 0);
	assert_int_equal(tkt_rating_parse("ces=8", &r), EX_DATAERR);
	assert_int_equal(tkt_rating_parse("ces=0", &r), EX_DATAERR);
	assert_int_equal(tkt_rating_check("ces", 5), 0);
	assert_int_equal(tkt_rating_check("ces", 8), EX_DATAERR);
	assert_int_equal(tkt_rating_parse("stars=3", &r), EX_USAGE);
	assert_int_equal(tkt_rating_parse("csat", &r), EX_USAGE);
	tkt_rating_kinds(kinds, sizeof kinds);
	assert_string_equal(kinds, "csat=1..5, nps=0..10, agent=1..10 or ces=1..7");
	tkt_rating_kinds(kinds, 10);             /* cut short, still a string */
	assert_string_equal(kinds, "csat=1..5");
}

/* The one list of the statuses says what each means; the store's CHECK
 * takes exactly its statuses; the SQL lists made from it say the same. */
static void
the_statuses_table(void **state)
{
	struct fixture *fx = *state;
	const char *const active[] = { "new", "open", "on-hold" }, *const done[] = { "solved", "closed" };
	char sql[160];
	size_t i;

	assert_string_equal(tkt_status_names(), "new, open, pending, on-hold, solved, closed");
	for (i = 0; i < 3; i++)
		assert_true(tkt_status_active(active[i]) && !tkt_status_done(active[i]));
	for (i = 0; i < 2; i++)
		assert_true(tkt_status_done(done[i]) && !tkt_status_active(done[i]));
	assert_false(tkt_status_active("pending") || tkt_status_done("pending"));
	assert_false(tkt_status_active("lost") || tkt_status_done("lost") || tkt_status_active(NULL));
	assert_string_equal(tkt_status_after("new", TKT_AGENT), "open");
	assert_null(tkt_status_after("open", TKT_AGENT));
	assert_null(tkt_status_after("new", TKT_CUSTOMER));
	assert_string_equal(tkt_status_after("pending", TKT_CUSTOMER), "open");
	assert_string_equal(tkt_status_after("closed", TKT_CUSTOMER), "open");
	assert_null(tkt_status_after("solved", TKT_NOTE));
	assert_string_equal(TKT_SQL_ACTIVE, "('new', 'open', 'on-hold', '')");
	assert_string_equal(TKT_SQL_DONE, "('solved', 'closed', '')");
	/* Each status in the order, and no other, passes the store's CHECK. */
	new_ticket(fx->st, "one", 1000);
	for (i = 0; tkt_statuses[i]; i++) {
		snprintf(sql, sizeof sql, "UPDATE tickets SET status = '%s' WHERE id = 1", tkt_statuses[i]);
		assert_int_equal(db_exec_sql(fx->st, sql), 0);
		assert_int_equal(query_int(fx->st, "SELECT " TKT_SQL_STATUS_ORDER("status") " FROM tickets"),
		                 (int64_t)i);
	}
	assert_int_equal(i, TKT_NSTATUSES);
	assert_int_not_equal(db_exec_sql(fx->st, "UPDATE tickets SET status = 'lost' WHERE id = 1"), 0);
}

/* A solve is a change to solved, or to closed from a status that does
 * not end the ticket (tkt-metrics(7)). */
static void
the_solve_rule(void **state)
{
	(void)state;
	assert_true(tkt_status_solves("new", "solved"));
	assert_true(tkt_status_solves("open", "closed"));
	assert_true(tkt_status_solves("pending", "solved"));
	assert_true(tkt_status_solves("on-hold", "closed"));
	assert_true(tkt_status_solves("closed", "solved"));
	assert_false(tkt_status_solves("solved", "closed"));
	assert_false(tkt_status_solves("open", "pending"));
	assert_false(tkt_status_solves("solved", "open"));
	assert_false(tkt_status_solves("new", NULL));
}

#define T(f) cmocka_unit_test_setup_teardown(f, store_setup, store_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(a_new_ticket_is_new),
		T(notes_change_nothing),
		T(first_agent_reply_opens_and_assigns),
		T(customer_reopens_solved),
		T(customer_reopens_closed),
		T(customer_answers_pending),
		T(on_hold_stays_on_hold),
		T(reopen_by_hand),
		T(same_value_is_no_change),
		T(refusals),
		T(the_statuses_table),
		cmocka_unit_test(change_words),
		cmocka_unit_test(ratings),
		cmocka_unit_test(the_solve_rule),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
