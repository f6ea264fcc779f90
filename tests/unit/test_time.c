/* Unit tests: time and duration parsing and formatting. */
#include "unit.h"

static void
durations(void **state)
{
	int64_t d;

	(void)state;
	assert_int_equal(tkt_duration_parse("90m", &d), 0);
	assert_int_equal(d, 5400);
	assert_int_equal(tkt_duration_parse("24h", &d), 0);
	assert_int_equal(d, 86400);
	assert_int_equal(tkt_duration_parse("2d", &d), 0);
	assert_int_equal(d, 172800);
	assert_int_equal(tkt_duration_parse("1w", &d), 0);
	assert_int_equal(d, 604800);
	assert_int_equal(tkt_duration_parse("1h30m", &d), 0);
	assert_int_equal(d, 5400);
	assert_int_equal(tkt_duration_parse("1d12h30m15s", &d), 0);
	assert_int_equal(d, 131415);
	assert_int_equal(tkt_duration_parse("0s", &d), 0);
	assert_int_equal(d, 0);
}

static void
bad_durations(void **state)
{
	static const char *const bad[] = {
		"", "10", "h", "2x", "1.5h", "-2d", "2d-", "2 d", "d2", "99999999999999w",
	};
	size_t i;
	int64_t d;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(tkt_duration_parse(bad[i], &d), EX_DATAERR);
	/* Calendar years and months are times back from now, not lengths. */
	assert_int_equal(tkt_duration_parse("1y", &d), EX_DATAERR);
	assert_int_equal(tkt_duration_parse("1mo", &d), EX_DATAERR);
}

static void
iso_times(void **state)
{
	time_t lo, hi;

	(void)state;
	assert_int_equal(tkt_time_parse("2026-11-23T09:30:00Z", 0, &lo, &hi), 0);
	assert_int_equal(lo, 1795426200);
	assert_int_equal(hi, lo + 1);
	assert_int_equal(tkt_time_parse("2026-11-23t09:30:00z", 0, &lo, NULL), 0);
	assert_int_equal(lo, 1795426200);
	assert_int_equal(tkt_time_parse("2026-11-23T11:30:00+02:00", 0, &lo, NULL), 0);
	assert_int_equal(lo, 1795426200);
	assert_int_equal(tkt_time_parse("2026-11-23T04:00:00-0530", 0, &lo, NULL), 0);
	assert_int_equal(lo, 1795426200);
	/* Minutes only: the interval is the minute. */
	assert_int_equal(tkt_time_parse("2026-11-23T09:30Z", 0, &lo, &hi), 0);
	assert_int_equal(lo, 1795426200);
	assert_int_equal(hi - lo, 60);
	/* A space instead of T. */
	assert_int_equal(tkt_time_parse("2026-11-23 09:30:00Z", 0, &lo, NULL), 0);
	assert_int_equal(lo, 1795426200);
}

static void
local_times(void **state)
{
	time_t lo, hi;

	(void)state;
	setenv("TZ", "Europe/Athens", 1);
	tzset();
	/* No zone: the local zone (UTC+2 in November). */
	assert_int_equal(tkt_time_parse("2026-11-23T11:30:00", 0, &lo, NULL), 0);
	assert_int_equal(lo, 1795426200);
	/* A date is the whole local day. */
	assert_int_equal(tkt_time_parse("2026-11-23", 0, &lo, &hi), 0);
	assert_int_equal(lo, 1795384800);
	assert_int_equal(hi - lo, 86400);
	/* The day summer time ends is 25 hours long. */
	assert_int_equal(tkt_time_parse("2026-10-25", 0, &lo, &hi), 0);
	assert_int_equal(hi - lo, 90000);
	/* Wednesday 2026-12-02 07:00: the days named count back from it,
	 * today included; each is the whole local day.  Only windows take
	 * them (tkt_time_parse does not: see bad_times). */
	assert_int_equal(tkt_day_parse("monday", 1796187600, &lo, &hi), 0);
	assert_int_equal(lo, 1795989600);
	assert_int_equal(hi, 1796076000);
	assert_int_equal(tkt_day_parse("Wednesday", 1796187600, &lo, &hi), 0);
	assert_int_equal(lo, 1796162400);
	assert_int_equal(tkt_day_parse("thursday", 1796187600, &lo, &hi), 0);
	assert_int_equal(lo, 1796162400 - 6 * 86400);
	assert_int_equal(tkt_day_parse("today", 1796187600, &lo, &hi), 0);
	assert_int_equal(lo, 1796162400);
	assert_int_equal(tkt_day_parse("yesterday", 1796187600, &lo, &hi), 0);
	assert_int_equal(lo, 1796076000);
	assert_int_equal(tkt_day_parse("mon", 1796187600, &lo, &hi), -1);
	assert_int_equal(tkt_day_parse("yesterdays", 1796187600, &lo, &hi), -1);
	assert_int_equal(tkt_day_parse("2026-11-30", 1796187600, &lo, &hi), -1);
	/* Years and months back are calendar ones: the same date and time of
	 * day (2025-12-02 07:00, in winter time too), else the month's last. */
	assert_int_equal(tkt_time_parse("1y", 1796187600, &lo, NULL), 0);
	assert_int_equal(lo, 1764651600);
	assert_int_equal(tkt_time_parse("12mo", 1796187600, &lo, NULL), 0);
	assert_int_equal(lo, 1764651600);
	assert_int_equal(tkt_time_parse("1y1d", 1796187600, &lo, NULL), 0);
	assert_int_equal(lo, 1764651600 - 86400);
	assert_int_equal(tkt_time_parse("1y", 1835431200, &lo, NULL), 0);      /* 2028-02-29 */
	assert_int_equal(lo, 1803808800);                                      /* 2027-02-28 */
	assert_int_equal(tkt_time_parse("1mo", 1838106000, &lo, NULL), 0);     /* 2028-03-31 */
	assert_int_equal(lo, 1835431200);                                      /* 2028-02-29 */
	setenv("TZ", "UTC", 1);
	tzset();
	assert_int_equal(tkt_time_parse("2026-11-23", 0, &lo, &hi), 0);
	assert_int_equal(lo, 1795392000);
}

static void
other_times(void **state)
{
	time_t lo, hi;

	(void)state;
	assert_int_equal(tkt_time_parse("@1795426200", 0, &lo, &hi), 0);
	assert_int_equal(lo, 1795426200);
	assert_int_equal(hi, lo + 1);
	assert_int_equal(tkt_time_parse("@0", 0, &lo, NULL), 0);
	assert_int_equal(lo, 0);
	assert_int_equal(tkt_time_parse("now", 1000000, &lo, NULL), 0);
	assert_int_equal(lo, 1000000);
	assert_int_equal(tkt_time_parse("7d", 1000000, &lo, NULL), 0);
	assert_int_equal(lo, 1000000 - 7 * 86400);
	assert_int_equal(tkt_time_parse("90m", 1000000, &lo, NULL), 0);
	assert_int_equal(lo, 1000000 - 5400);
	/* Leap days. */
	assert_int_equal(tkt_time_parse("2028-02-29", 0, &lo, NULL), 0);
	assert_int_equal(tkt_time_parse("2000-02-29", 0, &lo, NULL), 0);
}

static void
bad_times(void **state)
{
	static const char *const bad[] = {
		"", "yesterday", "monday", "1yr", "1moo", "2026", "2026-11", "2026-13-01", "2026-00-10",
		"2026-11-31", "2026-02-29", "1900-02-29", "2026-11-23T24:00", "2026-11-23T12:60",
		"2026-11-23T12", "2026-11-23T12:00:00+15:00", "2026-11-23T12:00:00Zjunk",
		"26-11-23", "2026/11/23", "@", "@-5", "@12abc", "@99999999999999999999",
		"1969-12-31", "7", "7 days",
	};
	size_t i;
	time_t lo;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (tkt_time_parse(bad[i], 0, &lo, NULL) != EX_DATAERR)
			fail_msg("'%s' parsed as a time", bad[i]);
		assert_non_null(strstr(tkt_errmsg(), bad[i]));
	}
}

static void
formatting(void **state)
{
	char buf[32];

	(void)state;
	assert_string_equal(tkt_time_iso(1795426200, buf), "2026-11-23T09:30:00Z");
	assert_string_equal(tkt_time_iso(0, buf), "1970-01-01T00:00:00Z");
	assert_string_equal(tkt_duration_str(0, buf), "0s");
	assert_string_equal(tkt_duration_str(59, buf), "59s");
	assert_string_equal(tkt_duration_str(60, buf), "1m");
	assert_string_equal(tkt_duration_str(3599, buf), "59m");
	assert_string_equal(tkt_duration_str(7200, buf), "2h");
	assert_string_equal(tkt_duration_str(86400 * 13, buf), "13d");
	assert_string_equal(tkt_duration_str(86400 * 14, buf), "2w");
	assert_string_equal(tkt_duration_str(-7200, buf), "-2h");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(durations),
		cmocka_unit_test(bad_durations),
		cmocka_unit_test(iso_times),
		cmocka_unit_test(local_times),
		cmocka_unit_test(other_times),
		cmocka_unit_test(bad_times),
		cmocka_unit_test(formatting),
	};

	setenv("TZ", "UTC", 1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
