/* window.c: the window of time a report covers, [since, until): from
 * --since and --until, or one calendar period (--last day|week|month|
 * quarter|year, --day, --week, --month, --quarter, --year) from local
 * midnight to local midnight, in the configuration's time zone, so that
 * a day of 23 or 25 hours (a change of daylight saving time) is a day. */
#include <string.h>

#include "tkt-int.h"

static const char *const opt_names[] = {
	"since", "until", "last", "day", "week", "month", "quarter", "year",
};

static const char *
name(int opt)
{
	return opt_names[opt - TKT_WINDOW_SINCE];
}

int
tkt_window_opt(struct tkt_window *w, int opt, const char *arg)
{
	int other = 0;

	if (opt >= TKT_WINDOW_LAST)
		other = w->since ? TKT_WINDOW_SINCE : w->until ? TKT_WINDOW_UNTIL : w->period;
	else
		other = w->period;
	if (other && other != opt)
		return tkt_error(EX_USAGE, "--%s and --%s exclude each other: %s", name(other), name(opt),
		                 other >= TKT_WINDOW_LAST && opt >= TKT_WINDOW_LAST
		                 ? "each is a whole window" : "a calendar period is a whole window");
	if (opt == TKT_WINDOW_SINCE)
		w->since = arg;
	else if (opt == TKT_WINDOW_UNTIL)
		w->until = arg;
	else {
		w->period = opt;
		w->value = arg;
	}
	return 0;
}

/* A period: from local midnight of y-m-d, n days, or n months. */
struct period {
	int y, m, d, days, months;
};

/* The weekday of a date, 0 for Monday. */
static int
monday_based(int y, int m, int d)
{
	static const int t[] = { 0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4 };

	if (m < 3)
		y--;
	return (y + y / 4 - y / 100 + y / 400 + t[m - 1] + d + 6) % 7;    /* Sakamoto */
}

/* The period --last unit names at now: the last whole one before today's. */
static int
last(const char *unit, time_t now, struct period *p)
{
	struct tm tm;
	int y, m, d;

	localtime_r(&now, &tm);
	y = tm.tm_year + 1900, m = tm.tm_mon + 1, d = tm.tm_mday;
	memset(p, 0, sizeof *p);
	if (strcmp(unit, "day") == 0)
		*p = (struct period){ y, m, d - 1, 1, 0 };
	else if (strcmp(unit, "week") == 0)
		*p = (struct period){ y, m, d - monday_based(y, m, d) - 7, 7, 0 };
	else if (strcmp(unit, "month") == 0)
		*p = (struct period){ y, m - 1, 1, 0, 1 };
	else if (strcmp(unit, "quarter") == 0)
		*p = (struct period){ y, (m - 1) / 3 * 3 + 1 - 3, 1, 0, 3 };
	else if (strcmp(unit, "year") == 0)
		*p = (struct period){ y - 1, 1, 1, 0, 12 };
	else
		return -1;
	return 0;
}

/* The weeks of ISO year y: 53 when it begins or ends on a Thursday. */
static int
iso_weeks(int y)
{
	return monday_based(y, 1, 1) == 3 || monday_based(y, 12, 31) == 3 ? 53 : 52;
}

/* A period named as --day 2026-11-30, --week 2026-W48, --month 2026-11,
 * --quarter 2026-Q4 or --year 2026. */
static int
named(int opt, const char *s, struct period *p)
{
	const char *c = s;
	int y, n = 1, d = 1;

	memset(p, 0, sizeof *p);
	if (tkt_digits(&c, 4, &y) || y < 1970 || y > 9999)
		return -1;
	switch (opt) {
	case TKT_WINDOW_DAY:
		if (*c++ != '-' || tkt_digits(&c, 2, &n) || *c++ != '-' || tkt_digits(&c, 2, &d) ||
		    n < 1 || n > 12 || d < 1 || d > tkt_days_in_month(y, n))
			return -1;
		*p = (struct period){ y, n, d, 1, 0 };
		break;
	case TKT_WINDOW_WEEK:
		if (*c++ != '-' || (*c != 'W' && *c != 'w') || (c++, tkt_digits(&c, 2, &n)) || n < 1 ||
		    n > iso_weeks(y))
			return -1;
		/* Week 1 holds January 4th. */
		*p = (struct period){ y, 1, 4 - monday_based(y, 1, 4) + (n - 1) * 7, 7, 0 };
		break;
	case TKT_WINDOW_MONTH:
		if (*c++ != '-' || tkt_digits(&c, 2, &n) || n < 1 || n > 12)
			return -1;
		*p = (struct period){ y, n, 1, 0, 1 };
		break;
	case TKT_WINDOW_QUARTER:
		if (*c++ != '-' || (*c != 'Q' && *c != 'q') || (c++, tkt_digits(&c, 1, &n)) || n < 1 ||
		    n > 4)
			return -1;
		*p = (struct period){ y, (n - 1) * 3 + 1, 1, 0, 3 };
		break;
	default:
		*p = (struct period){ y, 1, 1, 0, 12 };
	}
	return *c ? -1 : 0;
}

static int
period_bounds(const struct tkt_window *w, time_t now, time_t *since, time_t *until)
{
	static const char *const like[] = {
		"day, week, month, quarter or year", "like 2026-11-30", "like 2026-W48",
		"like 2026-11", "like 2026-Q4", "like 2026",
	};
	struct period p;

	if (w->period == TKT_WINDOW_LAST ? last(w->value, now, &p) : named(w->period, w->value, &p))
		return tkt_error(EX_USAGE, "bad --%s '%s' (%s)", name(w->period), w->value,
		                 like[w->period - TKT_WINDOW_LAST]);
	*since = tkt_time_midnight(p.y, p.m, p.d);
	*until = tkt_time_midnight(p.y, p.m + p.months, p.d + p.days);
	return 0;
}

/* The time of option opt, given as s: a day named (its midnight) or a
 * time as tkt_time_parse reads it. */
static int
when(int opt, const char *s, time_t now, time_t *t)
{
	time_t hi;

	if (tkt_day_parse(s, now, t, &hi) == 0 || tkt_time_parse(s, now, t, NULL) == 0)
		return 0;
	return tkt_error(EX_DATAERR, "--%s: bad time '%s' (like 2026-11-23, 2026-11-23T09:30:00Z, "
	                 "@EPOCH, 7d, 1y, today, yesterday or monday)", name(opt), s);
}

int
tkt_window_bounds(const struct tkt_window *w, const char *tz, time_t now,
                  time_t until_default, time_t len, time_t *since, time_t *until)
{
	struct tkt_zone z;
	int rc = 0;

	tkt_zone_enter(&z, tz);
	if (w->period)
		rc = period_bounds(w, now, since, until);
	else if (!w->until || !(rc = when(TKT_WINDOW_UNTIL, w->until, now, until))) {
		if (!w->until)
			*until = until_default;
		if (!w->since)
			*since = *until - len;
		else
			rc = when(TKT_WINDOW_SINCE, w->since, now, since);
	}
	tkt_zone_leave(&z);
	return rc;
}
