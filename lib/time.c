/* time.c: ISO 8601 times, @EPOCH, durations, local calendar days, and
 * their short text. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tkt-int.h"

static const struct {
	char    unit;
	int64_t secs;
} units[] = {
	{ 's', 1 }, { 'm', 60 }, { 'h', 3600 }, { 'd', 86400 }, { 'w', 604800 },
};

#define DURATION_MAX ((int64_t)100 * 366 * 86400)   /* a century */

/* A duration of exact units into *secs; with months not NULL, calendar
 * months (mo) and years (y) too, into *months. */
static int
duration(const char *s, int64_t *secs, int64_t *months)
{
	const char *p = s;
	int64_t total = 0, mo = 0;

	if (!*p)
		return tkt_error(EX_DATAERR, "empty duration");
	while (*p) {
		int64_t n = 0;
		size_t i;

		if (!isdigit((unsigned char)*p))
			return tkt_error(EX_DATAERR, "bad duration '%s' (like 90m, 24h, 2d, 1w)", s);
		while (isdigit((unsigned char)*p)) {
			n = n * 10 + (*p++ - '0');
			if (n > DURATION_MAX)
				return tkt_error(EX_DATAERR, "duration '%s' is too long", s);
		}
		if (months && (strncmp(p, "mo", 2) == 0 || *p == 'y')) {
			mo += *p == 'y' ? n * 12 : n;
			p += *p == 'y' ? 1 : 2;
			if (mo > 100 * 12)
				return tkt_error(EX_DATAERR, "duration '%s' is too long", s);
			continue;
		}
		for (i = 0; i < sizeof units / sizeof units[0]; i++)
			if (*p == units[i].unit)
				break;
		if (i == sizeof units / sizeof units[0])
			return tkt_error(EX_DATAERR, "bad duration '%s' (a number needs a unit: %s)", s,
			                 months ? "s, m, h, d, w, mo, y" : "s, m, h, d, w");
		p++;
		total += n * units[i].secs;
		if (total > DURATION_MAX)
			return tkt_error(EX_DATAERR, "duration '%s' is too long", s);
	}
	*secs = total;
	if (months)
		*months = mo;
	return 0;
}

int
tkt_duration_parse(const char *s, int64_t *secs)
{
	return duration(s, secs, NULL);
}

int
tkt_digits(const char **p, int n, int *v)
{
	int i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)(*p)[i]))
			return -1;
		*v = *v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	return 0;
}

int
tkt_days_in_month(int y, int m)
{
	static const int d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return d[m - 1];
}

/* Parse ISO 8601 into lo/hi; returns 0 or -1 when s is not such a time. */
static int
parse_iso(const char *s, time_t *lo, time_t *hi)
{
	const char *p = s;
	struct tm tm;
	int y, mo, d, h = 0, mi = 0, sec = 0, has_time = 0, has_sec = 0;
	int zone = 0, off = 0;      /* zone: 0 local, 1 given */
	time_t t;

	if (tkt_digits(&p, 4, &y) || *p++ != '-' || tkt_digits(&p, 2, &mo) || *p++ != '-' ||
	    tkt_digits(&p, 2, &d))
		return -1;
	if (*p == 'T' || *p == 't' || *p == ' ') {
		p++;
		has_time = 1;
		if (tkt_digits(&p, 2, &h) || *p++ != ':' || tkt_digits(&p, 2, &mi))
			return -1;
		if (*p == ':') {
			p++;
			has_sec = 1;
			if (tkt_digits(&p, 2, &sec))
				return -1;
		}
		if (*p == 'Z' || *p == 'z') {
			p++;
			zone = 1;
		} else if (*p == '+' || *p == '-') {
			int sign = *p++ == '-' ? -1 : 1, oh, om = 0;

			if (tkt_digits(&p, 2, &oh))
				return -1;
			if (*p == ':')
				p++;
			if (*p && tkt_digits(&p, 2, &om))
				return -1;
			if (oh > 14 || om > 59)
				return -1;
			zone = 1;
			off = sign * (oh * 3600 + om * 60);
		}
	}
	if (*p)
		return -1;
	if (y < 1970 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > tkt_days_in_month(y, mo) ||
	    h > 23 || mi > 59 || sec > 60)
		return -1;
	if (sec == 60)
		sec = 59;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	if (zone) {
		t = timegm(&tm) - off;
	} else {
		tm.tm_isdst = -1;
		t = mktime(&tm);
		if (t == (time_t)-1)
			return -1;
	}
	*lo = t;
	if (hi) {
		if (!has_time) {
			/* The next local midnight, which a DST change can move. */
			*hi = zone ? t + 86400 : tkt_time_midnight(y, mo, d + 1);
		} else {
			*hi = t + (has_sec ? 1 : 60);
		}
	}
	return 0;
}

time_t
tkt_time_midnight(int y, int m, int d)
{
	struct tm tm;

	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_isdst = -1;
	return mktime(&tm);
}

int
tkt_day_parse(const char *s, time_t now, time_t *lo, time_t *hi)
{
	static const char *const days[] = {
		"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
	};
	struct tm tm;
	int back = -1, i;

	localtime_r(&now, &tm);
	if (strcasecmp(s, "today") == 0)
		back = 0;
	else if (strcasecmp(s, "yesterday") == 0)
		back = 1;
	for (i = 0; i < 7 && back < 0; i++)
		if (strcasecmp(s, days[i]) == 0)
			back = (tm.tm_wday - i + 7) % 7;
	if (back < 0)
		return -1;
	*lo = tkt_time_midnight(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday - back);
	*hi = tkt_time_midnight(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday - back + 1);
	return 0;
}

/* The local time the given calendar months before now: the same day and
 * time of day, or the last day of a shorter month. */
static time_t
months_back(time_t now, int64_t months)
{
	struct tm tm;
	int64_t m;
	int dim;

	localtime_r(&now, &tm);
	m = (int64_t)tm.tm_year * 12 + tm.tm_mon - months;
	tm.tm_year = (int)(m >= 0 ? m / 12 : (m - 11) / 12);
	tm.tm_mon = (int)(m - (int64_t)tm.tm_year * 12);
	dim = tkt_days_in_month(tm.tm_year + 1900, tm.tm_mon + 1);
	if (tm.tm_mday > dim)
		tm.tm_mday = dim;
	tm.tm_isdst = -1;
	return mktime(&tm);
}

int
tkt_time_parse(const char *s, time_t now, time_t *lo, time_t *hi)
{
	time_t l, h;
	int64_t secs, months;

	if (s[0] == '@') {
		char *end;
		long long v;

		errno = 0;
		v = strtoll(s + 1, &end, 10);
		if (!isdigit((unsigned char)s[1]) || *end || errno || v > (long long)253402300799)
			return tkt_error(EX_DATAERR, "bad time '%s' (@ needs seconds since 1970)", s);
		l = (time_t)v;
		h = l + 1;
	} else if (strcmp(s, "now") == 0) {
		l = now;
		h = now + 1;
	} else if (isdigit((unsigned char)s[0]) && strchr(s, '-') == NULL &&
	           duration(s, &secs, &months) == 0) {
		l = (months ? months_back(now, months) : now) - (time_t)secs;
		h = l + 1;
	} else if (parse_iso(s, &l, &h) != 0) {
		return tkt_error(EX_DATAERR,
		                 "bad time '%s' (like 2026-11-23, 2026-11-23T09:30:00Z, @EPOCH or 7d)", s);
	}
	*lo = l;
	if (hi)
		*hi = h;
	return 0;
}

const char *
tkt_time_iso(time_t t, char buf[static 32])
{
	struct tm tm;

	if (!gmtime_r(&t, &tm) || !strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm))
		strcpy(buf, "?");
	return buf;
}

const char *
tkt_duration_str(int64_t secs, char buf[static 32])
{
	const char *sign = "";
	size_t i = sizeof units / sizeof units[0];

	if (secs < 0) {
		sign = "-";
		secs = -secs;
	}
	/* The largest unit that fits at least once (weeks only from 2w). */
	while (--i > 0) {
		int64_t min = units[i].unit == 'w' ? 2 * units[i].secs : units[i].secs;

		if (secs >= min)
			break;
	}
	snprintf(buf, 32, "%s%lld%c", sign, (long long)(secs / units[i].secs), units[i].unit);
	return buf;
}

int
tkt_now(time_t *now)
{
	const char *e = getenv("TKT_NOW");

	*now = time(NULL);
	if (e && *e && tkt_time_parse(e, *now, now, NULL))
		return tkt_error(EX_CONFIG, "bad TKT_NOW: %s", tkt_errmsg());
	return 0;
}
