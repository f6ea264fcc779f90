/* csv.c: a CSV file, imported with a mapping of tickets and with one of
 * a conversation log into a scratch store: refused or stored, never a
 * crash, a leak, or a store left in a transaction. */
#include <stdio.h>
#include <stdlib.h>

#include "fuzz.h"

static const char tickets[] =
	"id: Ticket ID\nsubject: Subject\nrequester: {name: Customer Name, email: Customer Email}\n"
	"description: Description\ncreated: Opened\nfirst_response: First Reply At\n"
	"response: First Reply\nsolved: Solved\nresolution: Resolution\n"
	"status: {column: Status, values: {Pending Customer Response: pending}}\n"
	"priority: {column: Priority, values: {Medium: normal}, default: low}\n"
	"channel: Channel\ncsat: CSAT\nfields: {product: Product}\ntags: Type\n";

static const char conversations[] =
	"each: message\nmessage: tweet_id\nreply_to: in_response_to_tweet_id\n"
	"kind: {column: inbound, values: {\"True\": customer, \"False\": agent}}\n"
	"author: author_id\nat: {column: created_at, format: \"%a %b %d %H:%M:%S %z %Y\"}\n"
	"body: text\nrequester: {handle: author_id}\nchannel: {value: social}\n";

/* A row refused is left out, as --keep-going does. */
static int
leave_out(void *ctx)
{
	(void)ctx;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *maps[2];
	struct tkt_csv_counts n;
	size_t i;

	if (!maps[0]) {
		maps[0] = tkt_strdup(fuzz_file("tickets.yaml", (const uint8_t *)tickets, sizeof tickets - 1));
		maps[1] = tkt_strdup(fuzz_file("log.yaml", (const uint8_t *)conversations,
		                               sizeof conversations - 1));
	}
	for (i = 0; i < 2; i++) {
		struct tkt_csv_import o = { 0 };

		o.csv = fuzz_file("in.csv", data, size);
		o.map = maps[i];
		o.actor = "fuzz";
		o.bad = i ? leave_out : NULL;
		fuzz_store_empty();
		tkt_csv_import(fuzz_store(), &o, &n);
		if (n.tickets + n.bad > n.rows + 1)
			abort();
	}
	return 0;
}
