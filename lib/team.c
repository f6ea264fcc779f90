/* team.c: the team of config.yaml (agents: and groups:) as the tools see
 * it: an agent known by their login, display name or any address, all
 * one login; assignee and group values checked against the team. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tkt-int.h"

const struct tkt_agent *
tkt_team_agent(const struct tkt_config *c, const char *name)
{
	size_t i;

	if (!c || !name || !*name)
		return NULL;
	for (i = 0; i < c->nagents; i++)
		if (strcasecmp(c->agents[i].login, name) == 0 ||
		    (c->agents[i].name && strcasecmp(c->agents[i].name, name) == 0))
			return &c->agents[i];
	return tkt_config_agent_by_address(c, name);
}

const char *
tkt_team_login(const struct tkt_config *c, const char *name)
{
	const struct tkt_agent *a = tkt_team_agent(c, name);

	return a ? a->login : name;
}

/* The agent's login or display name nearest to name, or NULL. */
static const char *
nearest_agent(const struct tkt_config *c, const char *name)
{
	const char **cands = tkt_calloc(c->nagents * 2 + 1, sizeof *cands);
	const char *best;
	size_t i;

	for (i = 0; i < c->nagents; i++) {
		cands[2 * i] = c->agents[i].login;
		cands[2 * i + 1] = c->agents[i].name;
	}
	best = tkt_nearest(name, cands, c->nagents * 2);
	free(cands);
	return best;
}

int
tkt_team_value(const struct tkt_config *c, const char *key, const char *value, const char **out)
{
	const struct tkt_agent *a;
	const char *near;
	size_t i;

	*out = value;
	if (!c || !value || !*value)
		return 0;
	if (strcmp(key, "group") == 0) {
		if (!c->ngroups)
			return 0;
		for (i = 0; i < c->ngroups; i++)
			if (strcmp(c->groups[i], value) == 0)
				return 0;
		near = tkt_nearest(value, (const char *const *)c->groups, c->ngroups);
		if (near)
			return tkt_error(EX_DATAERR, "unknown group '%s' (did you mean '%s'?)", value, near);
		return tkt_error(EX_DATAERR, "unknown group '%s' (not one of the team's groups)", value);
	}
	if (!c->nagents)
		return 0;
	if ((a = tkt_team_agent(c, value))) {
		*out = a->login;
		return 0;
	}
	if ((near = nearest_agent(c, value)))
		return tkt_error(EX_DATAERR, "unknown %s '%s' (did you mean '%s'?)", key, value, near);
	return tkt_error(EX_DATAERR, "unknown %s '%s' (not one of the team's agents)", key, value);
}
