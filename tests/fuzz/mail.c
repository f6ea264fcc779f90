/* mail.c: a raw mail as tkt-new --mail reads it (GMime, in the mail
 * module linked in here), its text split from the quoted history, its
 * HTML made text, and delivered into a scratch store. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "tkt-int.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const charsets[] = { TKT_MAIL_CHARSETS, NULL };
	struct tkt_mail m;
	char *fresh, *quoted, *text;
	enum tkt_delivery what;
	int64_t id;

	/* Linked in, the module is given the host's table as if loaded. */
	*tkt_mime.head.host = &tkt_host;
	memset(&m, 0, sizeof m);
	if (tkt_mime.parse((const char *)data, size, charsets, NULL, &m) == 0) {
		if (!m.from_addr || !m.message_id || !m.body)
			abort();
		tkt_mail_split(m.body, &fresh, &quoted);
		free(fresh);
		free(quoted);
		text = tkt_html_text(m.body);
		free(text);
		if (tkt_begin(fuzz_store()))
			abort();
		if (tkt_mail_deliver(fuzz_store(), &m, fuzz_config(), "mail", 1795000000, 0, &id, &what) == 0)
			tkt_commit(fuzz_store());
		tkt_rollback(fuzz_store());
		fuzz_store_empty();
	}
	tkt_mail_release(&m);
	return 0;
}
