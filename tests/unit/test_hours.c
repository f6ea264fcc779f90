/* Unit tests: the configuration file and the business clock. */
#include "unit.h"

static struct tkt_config *
config(const char *dir, const char *text)
{
	char *path = tkt_asprintf("%s/config.yaml", dir);
	FILE *fp = fopen(path, "w");
	struct tkt_config *c;

	fputs(text, fp);
	fclose(fp);
	if (tkt_config_load(path, &c))
		fail_msg("%s", tkt_errmsg());
	free(path);
	return c;
}

static int
config_error(const char *dir, const char *text)
{
	char *path = tkt_asprintf("%s/config.yaml", dir);
	FILE *fp = fopen(path, "w");
	struct tkt_config *c;
	int rc;

	fputs(text, fp);
	fclose(fp);
	rc = tkt_config_load(path, &c);
	assert_null(c);
	free(path);
	return rc;
}

static time_t
at(const char *iso)
{
	time_t t;

	assert_int_equal(tkt_time_parse(iso, 0, &t, NULL), 0);
	return t;
}

static void
defaults(void **state)
{
	struct tkt_config *c;

	(void)state;
	setenv("TKT_CONFIG", "/nonexistent/config.yaml", 1);
	assert_int_equal(tkt_config_load(NULL, &c), 0);
	assert_null(c->path);
	assert_int_equal(c->nhours[0], 0);
	assert_int_equal(c->nhours[1], 1);
	assert_int_equal(c->hours[1][0].start, 9 * 3600);
	assert_int_equal(c->hours[5][0].end, 17 * 3600);
	assert_int_equal(c->nhours[6], 0);
	assert_int_equal(c->sla[3].first_reply, 3600);
	assert_false(c->sla[3].business);
	assert_true(c->sla[1].business);
	tkt_config_free(c);
	unsetenv("TKT_CONFIG");
}

static void
a_file(void **state)
{
	char dir[] = "/tmp/tkt-hours.XXXXXX";
	struct tkt_config *c;

	(void)state;
	assert_non_null(mkdtemp(dir));
	c = config(dir,
		"timezone: Europe/Athens\n"
		"business_hours:\n"
		"  weekdays: 09:00-17:00\n"
		"  friday: [\"09:00-12:00\", \"13:00-15:00\"]\n"
		"  saturday: 10:00-14:00\n"
		"holidays: [2026-12-25, 2027-01-01]\n"
		"sla:\n"
		"  urgent: { first_reply: 30m, clock: business }\n"
		"  low: { resolution: 2w }\n");
	assert_string_equal(c->timezone, "Europe/Athens");
	assert_int_equal(c->nhours[5], 2);
	assert_int_equal(c->hours[5][1].end, 15 * 3600);
	assert_int_equal(c->nhours[6], 1);
	assert_int_equal(c->nhours[0], 0);
	assert_int_equal(c->nholidays, 2);
	assert_int_equal(c->holidays[0], 20261225);
	assert_int_equal(c->sla[3].first_reply, 1800);
	assert_true(c->sla[3].business);
	assert_int_equal(c->sla[3].next_reply, 2 * 3600);   /* the default stays */
	assert_int_equal(c->sla[0].resolution, 14 * 86400);
	tkt_config_free(c);

	assert_int_equal(config_error(dir, "timezone: Mars/Olympus\n"), EX_CONFIG);
	assert_non_null(strstr(tkt_errmsg(), "config.yaml:1:11: unknown time zone 'Mars/Olympus'"));
	assert_int_equal(config_error(dir, "business_hours:\n  monday: 17:00-09:00\n"), EX_CONFIG);
	assert_non_null(strstr(tkt_errmsg(), "config.yaml:2:11: hours '17:00-09:00' end before they start"));
	assert_int_equal(config_error(dir, "business_hours:\n  monday: 09:00-25:00\n"), EX_CONFIG);
	assert_non_null(strstr(tkt_errmsg(), "bad hours"));
	assert_int_equal(config_error(dir, "business_hours:\n  monday: 09:00-13:00, 12:00-17:00\n"), EX_CONFIG);
	assert_non_null(strstr(tkt_errmsg(), "overlap"));
	assert_int_equal(config_error(dir, "business_hours:\n  funday: 09:00-13:00\n"), EX_CONFIG);
	assert_non_null(strstr(tkt_errmsg(), "unknown day 'funday'"));
	assert_int_equal(config_error(dir, "business_hours:\n  monday: closed\n"), EX_CONFIG);
	assert_non_null(strstr(tkt_errmsg(), "closed every day"));
	assert_int_equal(config_error(dir, "holidays: [2026-02-30]\n"), EX_CONFIG);
	assert_non_null(strstr(tkt_errmsg(), "bad holiday '2026-02-30'"));
	assert_int_equal(config_error(dir, "sla:\n  urgent:\n    first_reply: soon\n"), EX_CONFIG);
	assert_non_null(strstr(tkt_errmsg(), "config.yaml:3:18: bad target 'soon'"));
	assert_int_equal(config_error(dir, "sla:\n  critical: {}\n"), EX_CONFIG);
	assert_int_equal(config_error(dir, "colour: blue\n"), EX_CONFIG);
	assert_non_null(strstr(tkt_errmsg(), "config.yaml:1:1: unknown key 'colour'"));
	assert_int_equal(config_error(dir, "sla: [\n"), EX_CONFIG);
	assert_non_null(strstr(tkt_errmsg(), "config.yaml:2:1:"));
	assert_int_equal(tkt_config_load("/nonexistent/tkt.yaml", &c), EX_CONFIG);
	{
		char *rm = tkt_asprintf("rm -rf %s", dir);

		assert_int_equal(system(rm), 0);
		free(rm);
	}
}

static void
business_clock(void **state)
{
	struct tkt_config *c;
	tkt_clock *k;

	(void)state;
	setenv("TKT_CONFIG", "/nonexistent/config.yaml", 1);
	assert_int_equal(tkt_config_load(NULL, &c), 0);
	k = tkt_clock_new(c);
	/* Monday 2026-11-23, 09:00-17:00 UTC. */
	assert_int_equal(tkt_clock_business(k, at("2026-11-23T10:00:00Z"), at("2026-11-23T12:30:00Z")), 9000);
	assert_int_equal(tkt_clock_business(k, at("2026-11-23T07:00:00Z"), at("2026-11-23T10:00:00Z")), 3600);
	assert_int_equal(tkt_clock_business(k, at("2026-11-23T16:00:00Z"), at("2026-11-24T10:00:00Z")), 7200);
	/* Friday 16:00 to Monday 10:00: one hour each side of the weekend. */
	assert_int_equal(tkt_clock_business(k, at("2026-11-27T16:00:00Z"), at("2026-11-30T10:00:00Z")), 7200);
	/* Saturday to Sunday: nothing. */
	assert_int_equal(tkt_clock_business(k, at("2026-11-28T09:00:00Z"), at("2026-11-29T18:00:00Z")), 0);
	/* A whole week is five days of eight hours. */
	assert_int_equal(tkt_clock_business(k, at("2026-11-23T00:00:00Z"), at("2026-11-30T00:00:00Z")), 5 * 8 * 3600);
	/* A year, far from the first question. */
	assert_int_equal(tkt_clock_business(k, at("2025-12-29T00:00:00Z"), at("2026-12-28T00:00:00Z")), 52 * 5 * 8 * 3600);
	assert_int_equal(tkt_clock_business(k, at("2026-11-23T12:00:00Z"), at("2026-11-23T12:00:00Z")), 0);
	assert_int_equal(tkt_clock_business(k, at("2026-11-23T12:00:00Z"), at("2026-11-23T11:00:00Z")), 0);
	tkt_clock_free(k);
	tkt_config_free(c);
	unsetenv("TKT_CONFIG");
}

static void
zone_and_holidays(void **state)
{
	char dir[] = "/tmp/tkt-hours.XXXXXX", buf[64];
	struct tkt_config *c;
	tkt_clock *k;
	char *rm;

	(void)state;
	assert_non_null(mkdtemp(dir));
	c = config(dir, "timezone: Europe/Athens\nholidays: [2026-12-25]\n");
	k = tkt_clock_new(c);
	/* Athens is UTC+2 in winter: 09:00-17:00 local is 07:00-15:00 UTC. */
	assert_int_equal(tkt_clock_business(k, at("2026-11-23T06:00:00Z"), at("2026-11-23T08:00:00Z")), 3600);
	assert_int_equal(tkt_clock_business(k, at("2026-11-23T14:00:00Z"), at("2026-11-23T16:00:00Z")), 3600);
	/* Christmas (a Friday) is a holiday: Thursday 14:00 UTC to Monday 08:00 UTC. */
	assert_int_equal(tkt_clock_business(k, at("2026-12-24T14:00:00Z"), at("2026-12-28T08:00:00Z")), 3600 + 3600);
	/* Summer time: 09:00-17:00 local is 06:00-14:00 UTC. */
	assert_int_equal(tkt_clock_business(k, at("2026-07-01T05:00:00Z"), at("2026-07-01T07:00:00Z")), 3600);
	/* Across the end of summer time (Sunday 2026-10-25): a week of 40 hours,
	 * then Monday 09:00-14:00 local (12:00 UTC is 14:00 in winter). */
	assert_int_equal(tkt_clock_business(k, at("2026-10-19T00:00:00Z"), at("2026-10-26T12:00:00Z")), 45 * 3600);
	/* tkt_clock_add: the other way round, and the time as people read it. */
	/* Friday 16:00 local (14:00 UTC) and 8h: an hour, then Monday to 16:00. */
	assert_int_equal(tkt_clock_add(k, at("2026-11-20T14:00:00Z"), 8 * 3600), at("2026-11-23T14:00:00Z"));
	assert_string_equal(tkt_clock_format(k, at("2026-11-23T14:00:00Z"), buf), "2026-11-23 16:00 EET");
	/* Within the day, and to the close exactly (not the next opening). */
	assert_int_equal(tkt_clock_add(k, at("2026-11-23T08:00:00Z"), 3600), at("2026-11-23T09:00:00Z"));
	assert_int_equal(tkt_clock_add(k, at("2026-11-23T07:00:00Z"), 8 * 3600), at("2026-11-23T15:00:00Z"));
	/* From a closed time: from the next opening. */
	assert_int_equal(tkt_clock_add(k, at("2026-11-21T08:00:00Z"), 60), at("2026-11-23T07:01:00Z"));
	/* Over Christmas, and across the end of summer time. */
	assert_int_equal(tkt_clock_add(k, at("2026-12-24T14:00:00Z"), 8 * 3600), at("2026-12-28T14:00:00Z"));
	assert_int_equal(tkt_clock_add(k, at("2026-10-23T13:00:00Z"), 8 * 3600), at("2026-10-26T14:00:00Z"));
	assert_string_equal(tkt_clock_format(k, at("2026-10-23T13:00:00Z"), buf), "2026-10-23 16:00 EEST");
	/* Nothing to add; and far ahead, a year of 52 weeks of 40 hours. */
	assert_int_equal(tkt_clock_add(k, at("2026-11-21T08:00:00Z"), 0), at("2026-11-21T08:00:00Z"));
	assert_int_equal(tkt_clock_add(k, at("2025-12-29T00:00:00Z"), 52 * 5 * 8 * 3600 - 8 * 3600 + 1),
	                 at("2026-12-28T07:00:01Z"));
	/* Each the inverse of the other. */
	assert_int_equal(tkt_clock_business(k, at("2026-11-20T14:00:00Z"),
	                                    tkt_clock_add(k, at("2026-11-20T14:00:00Z"), 12345)), 12345);
	/* The process's own zone is left as it was. */
	assert_string_equal(getenv("TZ"), "UTC");
	tkt_clock_free(k);
	tkt_config_free(c);
	rm = tkt_asprintf("rm -rf %s", dir);
	assert_int_equal(system(rm), 0);
	free(rm);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(defaults),
		cmocka_unit_test(a_file),
		cmocka_unit_test(business_clock),
		cmocka_unit_test(zone_and_holidays),
	};

	setenv("TZ", "UTC", 1);
	tzset();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
