/* time.c: ISO 8601 times, @EPOCH, durations, and their short text. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "tkt-int.h"

static const struct {
	char    unit;
	int64_t secs;
} units[] = {
	{ 's', 1 }, { 'm', 60 }, { 'h', 3600 }, { 'd', 86400 }, { 'w', 604800 },
};

#define DURATION_MAX ((int64_t)100 * 366 * 86400)   /* a century */

int
tkt_duration_parse(const char *s, int64_t *secs)
{
	const char *p = s;
	int64_t total = 0;

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
		for (i = 0; i < sizeof units / sizeof units[0]; i++)
			if (*p == units[i].unit)
				break;
		if (i == sizeof units / sizeof units[0])
			return tkt_error(EX_DATAERR, "bad duration '%s' (a number needs a unit: s, m, h, d, w)", s);
		p++;
		total += n * units[i].secs;
		if (total > DURATION_MAX)
			return tkt_error(EX_DATAERR, "duration '%s' is too long", s);
	}
	*secs = total;
	return 0;
}

/* Read exactly n digits at *p. */
static int
digits(const char **p, int n, int *v)
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

static int
days_in_month(int y, int m)
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

	if (digits(&p, 4, &y) || *p++ != '-' || digits(&p, 2, &mo) || *p++ != '-' ||
	    digits(&p, 2, &d))
		return -1;
	if (*p == 'T' || *p == 't' || *p == ' ') {
		p++;
		has_time = 1;
		if (digits(&p, 2, &h) || *p++ != ':' || digits(&p, 2, &mi))
			return -1;
		if (*p == ':') {
			p++;
			has_sec = 1;
			if (digits(&p, 2, &sec))
				return -1;
		}
		if (*p == 'Z' || *p == 'z') {
			p++;
			zone = 1;
		} else if (*p == '+' || *p == '-') {
			int sign = *p++ == '-' ? -1 : 1, oh, om = 0;

			if (digits(&p, 2, &oh))
				return -1;
			if (*p == ':')
				p++;
			if (*p && digits(&p, 2, &om))
				return -1;
			if (oh > 14 || om > 59)
				return -1;
			zone = 1;
			off = sign * (oh * 3600 + om * 60);
		}
	}
	if (*p)
		return -1;
	if (y < 1970 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) ||
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
			memset(&tm, 0, sizeof tm);
			tm.tm_year = y - 1900;
			tm.tm_mon = mo - 1;
			tm.tm_mday = d + 1;
			tm.tm_isdst = -1;
			*hi = zone ? t + 86400 : mktime(&tm);
		} else {
			*hi = t + (has_sec ? 1 : 60);
		}
	}
	return 0;
}

int
tkt_time_parse(const char *s, time_t now, time_t *lo, time_t *hi)
{
	time_t l, h;
	int64_t secs;

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
	           tkt_duration_parse(s, &secs) == 0) {
		l = now - (time_t)secs;
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
