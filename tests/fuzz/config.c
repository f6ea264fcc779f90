/* config.c: the configuration file (business hours, holidays, targets,
 * mail) as YAML, and a clock made from it. */
#include <stdlib.h>

#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tkt_config *c;
	tkt_clock *k;

	if (tkt_config_load(fuzz_file("config.yaml", data, size), &c))
		return 0;
	k = tkt_clock_new(c);
	if (tkt_clock_business(k, 1795000000, 1795000000 + 30 * 86400) < 0)
		abort();
	tkt_clock_free(k);
	tkt_config_free(c);
	return 0;
}
