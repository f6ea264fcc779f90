/* time.c: times and durations as the filters, --since and the
 * configuration read them. */
#include <stdlib.h>

#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_str(data, size), buf[32];
	time_t lo, hi;
	int64_t secs, again;

	if (tkt_time_parse(s, 1795000000, &lo, &hi) == 0 && lo >= hi)
		abort();                      /* an interval is never empty */
	if (tkt_duration_parse(s, &secs) == 0) {
		if (secs < 0)
			abort();
		/* What is printed reads back as no more than it was. */
		if (tkt_duration_parse(tkt_duration_str(secs, buf), &again) || again > secs)
			abort();
	}
	free(s);
	return 0;
}
