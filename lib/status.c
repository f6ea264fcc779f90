/* status.c: what each status of a ticket means, from the one list of them
 * (TKT_STATUS_LIST in tkt-int.h): its place in the order, whether the
 * customer waits in it, whether it ends the ticket, whether moving to it
 * solves the ticket, and what an agent's reply or a customer's message
 * does to a ticket in it. */
#include <string.h>

#include "tkt-int.h"

#define NAME_(i, id, name, cls, agent, customer, colour) name,
const char *const tkt_statuses[] = { TKT_STATUS_LIST(NAME_) NULL };

static const struct {
	enum tkt_status_class cls;
	const char           *after_agent, *after_customer;
} meaning[] = {
#define MEANING_(i, id, name, cls, agent, customer, colour) { TKT_##cls, agent, customer },
	TKT_STATUS_LIST(MEANING_)
};

/* The class of status, or -1 for a name that is no status. */
static int
class_of(const char *status)
{
	int i = status ? tkt_enum_index(tkt_statuses, status) : -1;

	return i < 0 ? -1 : (int)meaning[i].cls;
}

int
tkt_status_active(const char *status)
{
	return class_of(status) == TKT_ACTIVE;
}

int
tkt_status_done(const char *status)
{
	return class_of(status) == TKT_DONE;
}

int
tkt_status_solves(const char *from, const char *to)
{
	int i = to ? tkt_enum_index(tkt_statuses, to) : -1;

	return i == TKT_STATUS_SOLVED || (class_of(to) == TKT_DONE && class_of(from) != TKT_DONE);
}

const char *
tkt_status_after(const char *status, enum tkt_kind kind)
{
	int i = status ? tkt_enum_index(tkt_statuses, status) : -1;
	const char *to;

	if (i < 0 || (kind != TKT_AGENT && kind != TKT_CUSTOMER))
		return NULL;
	to = kind == TKT_AGENT ? meaning[i].after_agent : meaning[i].after_customer;
	return *to ? to : NULL;
}

const char *
tkt_status_names(void)
{
	static char names[128];
	size_t i, n = 0;

	if (!*names)
		for (i = 0; tkt_statuses[i]; i++)
			n += (size_t)snprintf(names + n, sizeof names - n, "%s%s", i ? ", " : "",
			                      tkt_statuses[i]);
	return names;
}
