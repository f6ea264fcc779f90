/* Unit tests: the list of the metrics, their ids and names, the numbers
 * as text, and a report read by id as by name. */
#include <math.h>

#include "unit.h"

#define T0 1795165200          /* 2026-11-20T09:00:00Z */
#define HOUR 3600

/* Run f on the store in one transaction. */
#define IN_TX(st, f) do { \
	assert_int_equal(tkt_begin(st), 0); \
	assert_int_equal((f), 0); \
	assert_int_equal(tkt_commit(st), 0); \
} while (0)

static void
reply(tkt_store *st, int64_t id, const char *agent, time_t at)
{
	struct tkt_message_new m = { 0 };

	m.ticket = id;
	m.kind = TKT_AGENT;
	m.author = agent;
	m.body = "On it.";
	m.at = at;
	IN_TX(st, tkt_message_add(st, &m, NULL));
}

static void
set(tkt_store *st, int64_t id, const char *key, const char *value, time_t at)
{
	IN_TX(st, tkt_ticket_set(st, id, key, value, "lead", at));
}

/* Each metric has one name, found by it; the ids are the list's order. */
static void
the_metric_list(void **state)
{
	size_t i, j;

	(void)state;
	for (i = 0; i < TKT_NMETRICS; i++) {
		assert_non_null(tkt_metric_names[i]);
		assert_int_equal(tkt_enum_index(tkt_metric_names, tkt_metric_names[i]), (int)i);
		for (j = 0; j < i; j++)
			assert_string_not_equal(tkt_metric_names[i], tkt_metric_names[j]);
	}
	assert_null(tkt_metric_names[TKT_NMETRICS]);
	assert_string_equal(tkt_metric_names[TKT_METRIC_CREATED], "created");
	assert_string_equal(tkt_metric_names[TKT_METRIC_FIRST_REPLY_MEDIAN], "first_reply_median");
	assert_string_equal(tkt_metric_names[TKT_METRIC_WORK_TIME], "work_time");
	assert_int_equal(tkt_enum_index(tkt_metric_names, "happiness"), -1);
}

/* How each kind of metric is written: for scripts (rates and ratios in
 * full), for people, rounded for the page, and as a change. */
static void
numbers_as_text(void **state)
{
	static const struct {
		enum tkt_metric m;
		double          v;
		enum tkt_number how;
		const char     *want;
	} cases[] = {
		{ TKT_METRIC_FIRST_REPLY_MEDIAN, 7500, 0, "7500" },
		{ TKT_METRIC_FIRST_REPLY_MEDIAN, 7500, 1, "2h 05m" },
		{ TKT_METRIC_WORK_TIME, 90061, 1, "1d 01h 01m" },
		{ TKT_METRIC_BACKLOG_AGE_MEAN, 75, 1, "1m 15s" },
		{ TKT_METRIC_FIRST_REPLY_MEDIAN, 7500, TKT_NUMBER_ROUNDED, "7500" },
		{ TKT_METRIC_CSAT, 85, 0, "85" },
		{ TKT_METRIC_CSAT, 85, 1, "85.0%" },
		{ TKT_METRIC_CSAT, 85, TKT_NUMBER_ROUNDED, "85.0" },
		{ TKT_METRIC_CSAT, 200.0 / 3, 0, "66.66666666666667" },
		{ TKT_METRIC_CSAT, 200.0 / 3, TKT_NUMBER_ROUNDED, "66.7" },
		{ TKT_METRIC_REPLIES_PER_SOLVED, 5.0 / 3, 0, "1.6666666666666667" },
		{ TKT_METRIC_REPLIES_PER_SOLVED, 0.1, 0, "0.1" },
		{ TKT_METRIC_NPS, -0.0, 0, "0" },
		{ TKT_METRIC_NPS, -12.25, 1, "-12.2" },
		{ TKT_METRIC_REPLIES_PER_SOLVED, 2.25, 1, "2.2" },
		{ TKT_METRIC_CREATED, 12, 1, "12" },
	};
	static const struct {
		enum tkt_metric m;
		double          d;
		int             shown;    /* tkt_report_format_change's answer */
		const char     *want;
	} changes[] = {
		{ TKT_METRIC_CSAT, 4.5, 1, "+4.5 pts" },
		{ TKT_METRIC_FIRST_REPLY_MEDIAN, -7500, 1, "-2h 05m" },
		{ TKT_METRIC_CREATED, 3, 1, "+3" },
		{ TKT_METRIC_CSAT, 0.01, 0, "" },         /* none at the precision shown */
	};
	char buf[64];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		tkt_report_format(cases[i].m, cases[i].v, cases[i].how, buf, sizeof buf);
		assert_string_equal(buf, cases[i].want);
	}
	for (i = 0; i < sizeof changes / sizeof changes[0]; i++) {
		assert_int_equal(tkt_report_format_change(changes[i].m, changes[i].d, buf, sizeof buf),
		                 changes[i].shown);
		assert_string_equal(buf, changes[i].want);
	}
}

/* Three urgent tickets: one answered in 30 minutes and solved, one never
 * answered, one answered in 2 hours and closed. */
static tkt_report *
three_tickets(tkt_store *st, const struct tkt_config *c, const char *by, const char *metrics)
{
	struct tkt_report_opts o = { 0 };
	struct tkt_rating csat = { "csat", 5 };
	int64_t a = new_ticket(st, "one", T0), b = new_ticket(st, "two", T0 + 60);
	int64_t d = new_ticket(st, "three", T0 + 120);
	tkt_report *r = NULL;

	set(st, a, "priority", "urgent", T0);
	set(st, b, "priority", "urgent", T0 + 60);
	set(st, d, "priority", "urgent", T0 + 120);
	reply(st, a, "mira", T0 + HOUR / 2);
	set(st, a, "status", "solved", T0 + HOUR);
	IN_TX(st, tkt_rating_add(st, a, &csat, NULL, T0 + 2 * HOUR));
	reply(st, d, "olga", T0 + 120 + 2 * HOUR);
	set(st, d, "status", "closed", T0 + 3 * HOUR);
	o.since = T0 - 86400;
	o.until = T0 + 7 * 86400;
	o.by = by;
	o.metrics = metrics;
	o.config = c;
	assert_int_equal(tkt_report_new(&o, &r), 0);
	assert_int_equal(tkt_report_run(r, st), 0);
	return r;
}

static double
get(tkt_report *r, enum tkt_metric m)
{
	double v = -1;

	assert_int_equal(tkt_report_get(r, 0, m, &v), 0);
	return v;
}

/* The page reads by id what scripts read by name. */
static void
a_report_by_id_and_by_name(void **state)
{
	struct fixture *fx = *state;
	struct tkt_config *c = NULL;
	tkt_report *r;
	size_t n, i;
	const uint32_t *d;

	setenv("TKT_CONFIG", "/nonexistent/config.yaml", 1);
	assert_int_equal(tkt_config_load(NULL, &c), 0);
	r = three_tickets(fx->st, c, "priority", NULL);
	assert_int_equal(tkt_report_groups(r), 1);
	assert_string_equal(tkt_report_label(r, 0, 0), "urgent");
	assert_true(get(r, TKT_METRIC_CREATED) == 3);
	assert_true(get(r, TKT_METRIC_SOLVED) == 2);
	assert_true(get(r, TKT_METRIC_UNANSWERED) == 1);
	assert_true(get(r, TKT_METRIC_FIRST_REPLY_MEDIAN) == HOUR / 2);
	assert_true(fabs(get(r, TKT_METRIC_FIRST_REPLY_WITHIN) - 100.0 / 3) < 1e-9);
	assert_true(get(r, TKT_METRIC_CSAT) == 100);
	assert_int_equal(tkt_report_breaches(r, 0, TKT_BREACH_FIRST_REPLY), 2);
	assert_int_equal(tkt_report_breaches(r, 0, TKT_BREACH_NEXT_REPLY), 0);
	assert_int_equal(tkt_report_breaches(r, 0, TKT_BREACH_RESOLUTION), 1);
	d = tkt_report_durations(r, 0, TKT_METRIC_FIRST_REPLY_MEDIAN, &n);
	assert_int_equal(n, 2);
	assert_int_equal(d[0] + d[1], HOUR / 2 + 2 * HOUR);
	assert_null(tkt_report_durations(r, 0, TKT_METRIC_FIRST_REPLY_MEAN, &n));
	assert_int_equal(n, 0);
	for (i = 0; i < TKT_NMETRICS; i++) {
		double by_id = -1, by_name = -2;
		int rc = tkt_report_get(r, 0, (enum tkt_metric)i, &by_id);

		assert_int_equal(tkt_report_value(r, "urgent", tkt_metric_names[i], &by_name), rc);
		if (rc == 0)
			assert_true(by_id == by_name);
	}
	assert_int_equal(tkt_report_value(r, "urgent", "happiness", &(double){ 0 }), EX_USAGE);
	assert_string_equal(tkt_errmsg(), "no metric 'happiness'");
	tkt_report_free(r);
	tkt_config_free(c);
	unsetenv("TKT_CONFIG");
}

/* --metrics takes names and the starts of names, and names the one it
 * does not know. */
static void
metrics_asked_for(void **state)
{
	struct fixture *fx = *state;
	struct tkt_report_opts o = { 0 };
	struct tkt_config *c = NULL;
	tkt_report *r = NULL;
	char *text = NULL;
	size_t len = 0;
	FILE *fp;

	setenv("TKT_CONFIG", "/nonexistent/config.yaml", 1);
	assert_int_equal(tkt_config_load(NULL, &c), 0);
	o.since = T0;
	o.until = T0 + 86400;
	o.config = c;
	o.metrics = "csat,happiness";
	assert_int_equal(tkt_report_new(&o, &r), EX_USAGE);
	assert_string_equal(tkt_errmsg(), "unknown metric 'happiness' (see tkt-metrics(7))");
	assert_null(r);
	r = three_tickets(fx->st, c, NULL, "first_reply,csat");
	assert_non_null(fp = open_memstream(&text, &len));
	assert_int_equal(tkt_report_write(r, fp, "tsv"), 0);
	fclose(fp);
	assert_string_equal(text, "first_reply_median\tfirst_reply_mean\tfirst_reply_p90\t"
	                    "first_reply_within\tcsat\n1800\t4500\t7200\t33.333333333333336\t100\n");
	free(text);
	tkt_report_free(r);
	tkt_config_free(c);
	unsetenv("TKT_CONFIG");
}

#define T(f) cmocka_unit_test_setup_teardown(f, store_setup, store_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_metric_list),
		cmocka_unit_test(numbers_as_text),
		T(a_report_by_id_and_by_name),
		T(metrics_asked_for),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
