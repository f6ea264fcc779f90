/* batch.c: tickets as JSON Lines (tkt-new --batch) into a scratch store,
 * in chunks of two, then exported; the store is emptied after each run. */
#include <stdio.h>
#include <stdlib.h>

#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FILE *in, *out;
	tkt_filter *all = tkt_filter_new(1795000000, "agent");
	struct tkt_import_opts o = { .chunk = 2, .actor = "fuzz" };
	int64_t n;
	int rc;

	if (!(in = fmemopen((void *)data, size, "r")) || !(out = fopen("/dev/null", "w")))
		abort();
	rc = tkt_import(fuzz_store(), in, &o, NULL);
	if (rc && rc != EX_DATAERR)
		abort();
	if (tkt_export(fuzz_store(), all, out, &n))
		abort();
	fclose(in);
	fclose(out);
	tkt_filter_free(all);
	fuzz_store_empty();
	return 0;
}
