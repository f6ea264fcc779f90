/* hours.c: the business clock: how many seconds of business hours lie
 * between two times, in the configuration's time zone, with its weekly
 * hours and holidays.  A table of local days (their business stretches in
 * UTC and the business seconds before each) makes every question two
 * lookups; it grows to cover the times asked about. */
#include <stdlib.h>
#include <string.h>

#include "tkt-int.h"

struct day {
	time_t  start;          /* UTC time of the local midnight */
	time_t  iv[4][2];       /* business stretches, UTC */
	int     n;
	int64_t before;         /* business seconds from the table's start */
};

struct tkt_clock {
	const struct tkt_config *c;
	long                     first;   /* local day number of days[0] */
	struct day              *days;    /* days[0 .. n], n + 1 entries */
	size_t                   n;
};

/* The civil date of a day number (days since 1970-01-01; H. Hinnant). */
static void
civil_from_days(long z, int *y, int *m, int *d)
{
	long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

/* The UTC time of a local date and time of day (may be 24:00). */
static time_t
local_time(long day, int secs)
{
	struct tm tm;
	int y, m, d;

	civil_from_days(day, &y, &m, &d);
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = secs / 3600;
	tm.tm_min = secs / 60 % 60;
	tm.tm_isdst = -1;
	return mktime(&tm);
}

static int
holiday(const struct tkt_config *c, long day)
{
	int y, m, d;
	size_t i;

	civil_from_days(day, &y, &m, &d);
	for (i = 0; i < c->nholidays; i++)
		if (c->holidays[i] == y * 10000 + m * 100 + d)
			return 1;
	return 0;
}

/* Build the table for local days [lo, hi], in the configuration's zone. */
static void
build(tkt_clock *k, long lo, long hi)
{
	struct tkt_zone z;
	long d;
	size_t i;

	tkt_zone_enter(&z, k->c->timezone);
	k->first = lo;
	k->n = (size_t)(hi - lo + 1);
	free(k->days);
	k->days = tkt_calloc(k->n + 1, sizeof *k->days);
	for (d = lo, i = 0; i <= k->n; d++, i++) {
		struct day *day = &k->days[i];
		int wd = (int)(((d % 7) + 11) % 7);       /* 1970-01-01 was a Thursday */
		int j;

		day->start = local_time(d, 0);
		day->n = holiday(k->c, d) ? 0 : k->c->nhours[wd];
		for (j = 0; j < day->n; j++) {
			day->iv[j][0] = local_time(d, k->c->hours[wd][j].start);
			day->iv[j][1] = local_time(d, k->c->hours[wd][j].end);
		}
		if (i > 0) {
			struct day *prev = &k->days[i - 1];

			day->before = prev->before;
			for (j = 0; j < prev->n; j++)
				day->before += prev->iv[j][1] - prev->iv[j][0];
		}
	}
	tkt_zone_leave(&z);
}

tkt_clock *
tkt_clock_new(const struct tkt_config *c)
{
	tkt_clock *k = tkt_calloc(1, sizeof *k);

	k->c = c;
	return k;
}

void
tkt_clock_free(tkt_clock *k)
{
	if (!k)
		return;
	free(k->days);
	free(k);
}

/* The index of the local day holding t, growing the table as needed. */
static size_t
day_of(tkt_clock *k, time_t t)
{
	long utc = (long)(t >= 0 ? t / 86400 : (t - 86399) / 86400);
	long lo = utc - 2, hi = utc + 2;
	size_t i;

	if (!k->days || lo < k->first || hi >= k->first + (long)k->n) {
		long nlo = k->days && k->first < lo ? k->first : lo - 30;
		long nhi = k->days && k->first + (long)k->n - 1 > hi ? k->first + (long)k->n - 1 : hi + 30;

		build(k, nlo, nhi);
	}
	i = (size_t)(utc - k->first);
	while (i > 0 && k->days[i].start > t)
		i--;
	while (i + 1 < k->n && k->days[i + 1].start <= t)
		i++;
	return i;
}

/* Business seconds from the table's start to t. */
static int64_t
upto(tkt_clock *k, time_t t)
{
	const struct day *day = &k->days[day_of(k, t)];
	int64_t s = day->before;
	int j;

	for (j = 0; j < day->n; j++)
		if (t > day->iv[j][0])
			s += (t < day->iv[j][1] ? t : day->iv[j][1]) - day->iv[j][0];
	return s;
}

int64_t
tkt_clock_business(tkt_clock *k, time_t from, time_t to)
{
	int64_t a, b;

	if (to <= from)
		return 0;
	/* Both ends first, so the table covers both before either is read. */
	day_of(k, from);
	day_of(k, to);
	a = upto(k, from);
	b = upto(k, to);
	return b - a;
}

time_t
tkt_clock_add(tkt_clock *k, time_t from, int64_t secs)
{
	time_t t = from;

	if (secs <= 0)
		return from;
	/* Each day's stretches from t on, until secs of them have passed; a
	 * week has business hours (config.c), so this ends. */
	for (;;) {
		size_t i = day_of(k, t);
		const struct day *day = &k->days[i];
		int j;

		for (j = 0; j < day->n; j++) {
			time_t a = day->iv[j][0] > t ? day->iv[j][0] : t, b = day->iv[j][1];

			if (b <= a)
				continue;
			if ((int64_t)(b - a) >= secs)
				return a + (time_t)secs;
			secs -= b - a;
		}
		t = k->days[i + 1].start;
	}
}

const char *
tkt_clock_format(tkt_clock *k, time_t t, char buf[static 64])
{
	struct tkt_zone z;
	struct tm tm;

	tkt_zone_enter(&z, k->c->timezone);
	if (!localtime_r(&t, &tm) || !strftime(buf, 64, "%Y-%m-%d %H:%M %Z", &tm))
		strcpy(buf, "?");
	tkt_zone_leave(&z);
	return buf;
}
