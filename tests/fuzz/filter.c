/* filter.c: the filter language, one word per line, run as a listing
 * over a scratch store (so every word that parses becomes SQL that
 * SQLite must accept). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

static int
row(const struct tkt_row *r, void *ctx)
{
	(void)r;
	(void)ctx;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_str(data, size), *word, *save = NULL;
	tkt_filter *f = tkt_filter_new(1795000000, "agent");
	struct tkt_list_opts o = { 0 };
	int rc = 0;

	for (word = strtok_r(s, "\n", &save); word && !rc; word = strtok_r(NULL, "\n", &save)) {
		(void)tkt_filter_is_word(word);
		rc = tkt_filter_add(f, word);
		if (rc && rc != EX_USAGE && rc != EX_DATAERR)
			abort();
	}
	if (!rc) {
		tkt_filter_config(f, fuzz_config());
		/* A filter that parsed lists without an error. */
		if (tkt_ticket_list(fuzz_store(), f, &o, row, NULL, NULL)) {
			fprintf(stderr, "fuzz: %s\n", tkt_errmsg());
			abort();
		}
	}
	tkt_filter_free(f);
	free(s);
	return 0;
}
