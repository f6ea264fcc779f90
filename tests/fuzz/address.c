/* address.c: requesters as written ("Name <email>", an email, @handle or
 * a name) and the email check. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_str(data, size);
	struct tkt_person p;

	if (tkt_person_parse(s, &p) == 0) {
		/* What is read is one line: nothing that could end a header. */
		if ((p.name && strpbrk(p.name, "\r\n")) || (p.email && strpbrk(p.email, "\r\n <>")) ||
		    (p.handle && strpbrk(p.handle, "\r\n")))
			abort();
		if (p.email && !tkt_email_valid(p.email))
			abort();
		tkt_person_release(&p);
	}
	(void)tkt_email_valid(s);
	free(s);
	return 0;
}
