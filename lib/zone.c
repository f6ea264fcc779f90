/* zone.c: the process's local time zone, switched for a while to another
 * (the configuration's), so that localtime and mktime work in it, and
 * back.  The business clock and the calendar windows of reports both
 * switch here. */
#include <stdlib.h>
#include <string.h>

#include "tkt-int.h"

void
tkt_zone_enter(struct tkt_zone *z, const char *tz)
{
	const char *was = getenv("TZ");

	memset(z, 0, sizeof *z);
	tzset();
	if (!tz)
		return;
	z->switched = 1;
	z->saved = was ? tkt_strdup(was) : NULL;
	setenv("TZ", tz, 1);
	tzset();
}

void
tkt_zone_leave(struct tkt_zone *z)
{
	if (!z->switched)
		return;
	if (z->saved)
		setenv("TZ", z->saved, 1);
	else
		unsetenv("TZ");
	tzset();
	free(z->saved);
	z->saved = NULL;
	z->switched = 0;
}
