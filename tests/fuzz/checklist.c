/* checklist.c: a QA checklist as YAML: loaded, and when it loads, every
 * item run over a ticket of a scratch store with a draft reply. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

/* One ticket: the customer's mail, a reply, a tag and a rating. */
static const char ticket[] =
	"{\"id\":1,\"subject\":\"Printer on fire\",\"status\":\"open\",\"priority\":\"normal\","
	"\"type\":null,\"channel\":\"email\",\"assignee\":\"ann\",\"group\":null,\"template\":null,"
	"\"requester\":{\"name\":\"Dora Smith\",\"email\":\"dora@example.com\",\"phone\":null,"
	"\"handle\":null},\"created\":\"2026-11-23T09:00:00Z\",\"updated\":\"2026-11-23T10:00:00Z\","
	"\"solved\":null,\"waiting_since\":null,\"fields\":{},\"tags\":[\"printer\"],\"messages\":["
	"{\"id\":1,\"at\":\"2026-11-23T09:00:00Z\",\"author\":\"Dora Smith <dora@example.com>\","
	"\"kind\":\"customer\",\"channel\":\"email\",\"body\":\"Hello, my printer is on fire.\","
	"\"spent\":0,\"message_id\":null,\"quoted\":null,\"attachments\":[]},"
	"{\"id\":2,\"at\":\"2026-11-23T10:00:00Z\",\"author\":\"ann\",\"kind\":\"agent\","
	"\"channel\":\"email\",\"body\":\"Hi Dora, sorry about that. Our technician comes tomorrow.\","
	"\"spent\":0,\"message_id\":null,\"quoted\":null,\"attachments\":[]}],\"events\":["
	"{\"at\":\"2026-11-23T09:00:00Z\",\"actor\":\"ann\",\"what\":\"status\",\"old\":null,\"new\":\"open\"}],"
	"\"ratings\":[{\"at\":\"2026-11-23T11:00:00Z\",\"kind\":\"csat\",\"score\":4,\"agent\":\"ann\","
	"\"comment\":null}],\"reviews\":[]}\n";

static const char draft[] =
	"Hi Dora,\n\nI am sorry for the trouble. The DNS TTL of the SMTP relay was wrong; "
	"we fixed it and it works by Friday. Next, reboot the printer.\n\n"
	"Is there anything else I can help with? Thank you!\n";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int loaded;
	struct tkt_checklist *cl;
	struct tkt_qa q;
	struct tkt_qa_result res;
	tkt_filter *f;
	FILE *null;

	if (!loaded++) {
		FILE *in = fmemopen((void *)ticket, sizeof ticket - 1, "r");
		struct tkt_import_opts o = { .actor = "fuzz" };

		if (!in || tkt_import(fuzz_store(), in, &o, NULL)) {
			fprintf(stderr, "fuzz: %s\n", tkt_errmsg());
			abort();
		}
		fclose(in);
	}
	if (tkt_checklist_load(fuzz_file("checklist.yaml", data, size), &cl))
		return 0;
	f = tkt_filter_new(1795000000, "ann");
	if (tkt_qa_open(&q, fuzz_store(), cl, fuzz_config(), f, 1795000000) ||
	    tkt_qa_ticket(&q, 1, draft, &res))
		abort();
	if (!(null = fopen("/dev/null", "w")))
		abort();
	tkt_qa_write(null, cl, &res, TKT_QA_EXPLAIN);
	tkt_qa_write(null, cl, &res, TKT_QA_JSON);
	fclose(null);
	tkt_qa_result_release(&res);
	tkt_qa_close(&q);
	tkt_filter_free(f);
	tkt_checklist_free(cl);
	return 0;
}
