/* recipients.c: the tickets a reply goes to: those given, or each problem
 * given and its open incidents; and which of them can have it as mail. */
#include <stdlib.h>
#include <string.h>

#include "tkt-int.h"

int
tkt_reply_recipients(tkt_store *st, const int64_t *ids, size_t n, int incidents, int mail,
                     int64_t **to, size_t *nto, char **nomail)
{
	int64_t *given = tkt_calloc(n + 1, sizeof *given), *all = NULL, *inc;
	size_t nall = 0, ninc, i;
	char *no = NULL;
	int rc;

	*to = NULL;
	*nto = 0;
	*nomail = NULL;
	memcpy(given, ids, n * sizeof *ids);
	if ((rc = tkt_tickets_resolve(st, given, &n)))
		goto out;
	if (!incidents) {
		all = given;
		nall = n;
		given = NULL;
	}
	for (i = 0; incidents && i < n; i++) {
		if ((rc = tkt_incidents(st, given[i], 1, &inc, &ninc)))
			goto out;
		all = tkt_realloc(all, (nall + 1 + ninc) * sizeof *all);
		all[nall++] = given[i];
		memcpy(all + nall, inc, ninc * sizeof *inc);
		nall += ninc;
		free(inc);
	}
	/* As mail to those with an address; the others have it in their
	 * channel (a phone or chat customer, the team behind a problem). */
	no = tkt_calloc(nall + 1, 1);
	for (i = 0; incidents && mail && i < nall; i++) {
		int yes;

		if ((rc = tkt_mail_reachable(st, all[i], &yes)))
			goto out;
		no[i] = !yes;
	}
	*to = all;
	*nto = nall;
	*nomail = no;
	all = NULL;
	no = NULL;
out:
	free(given);
	free(all);
	free(no);
	return rc;
}
