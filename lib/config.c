/* config.c: the help desk's configuration (config.yaml): business hours,
 * their time zone and holidays, the SLA targets per priority, the mail
 * channel, the team (agents: and groups:), and the default store and
 * acting agent.  Every problem names file:line:column; a missing file
 * means the defaults. */
#include <ctype.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tkt-int.h"

static const char *const days[] = {
	"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", NULL,
};

/* The built-in targets, in seconds: first reply, next reply, periodic
 * update, resolution; urgent on the calendar clock, the rest in business
 * hours. */
static const struct tkt_sla defaults[4] = {
	/* low */    { 24 * 3600, 24 * 3600, 24 * 3600, 10 * 8 * 3600, 1 },
	/* normal */ { 8 * 3600, 8 * 3600, 24 * 3600, 5 * 8 * 3600, 1 },
	/* high */   { 4 * 3600, 4 * 3600, 24 * 3600, 3 * 8 * 3600, 1 },
	/* urgent */ { 1 * 3600, 2 * 3600, 24 * 3600, 24 * 3600, 0 },
};

#ifndef TKT_SYSCONFDIR
#define TKT_SYSCONFDIR "/usr/local/etc"
#endif

/* The user's own configuration when there is one; else the system's:
 * the first tkt/config.yaml that exists in $XDG_CONFIG_DIRS (by default
 * /etc/xdg; relative entries ignored, as the XDG spec has it), then in
 * the install's TKT_SYSCONFDIR (/etc for PREFIX=/usr, else PREFIX/etc). */
char *
tkt_config_default_path(void)
{
	const char *e = getenv("TKT_CONFIG");
	char *own, *dirs, *d, *save = NULL, *sys = NULL;

	if (e && *e)
		return tkt_strdup(e);
	own = tkt_xdg_path("XDG_CONFIG_HOME", ".config", "config.yaml");
	if (own && access(own, F_OK) == 0)
		return own;
	e = getenv("XDG_CONFIG_DIRS");
	dirs = tkt_asprintf("%s:%s", e && *e ? e : "/etc/xdg", TKT_SYSCONFDIR);
	for (d = strtok_r(dirs, ":", &save); d && !sys; d = strtok_r(NULL, ":", &save)) {
		if (*d != '/')
			continue;
		sys = tkt_asprintf("%s/tkt/config.yaml", d);
		if (access(sys, F_OK) != 0) {
			free(sys);
			sys = NULL;
		}
	}
	free(dirs);
	if (!sys)
		return own;
	free(own);
	return sys;
}

static void
set_defaults(struct tkt_config *c)
{
	int d;

	memset(c, 0, sizeof *c);
	for (d = 1; d <= 5; d++) {
		c->hours[d][0].start = 9 * 3600;
		c->hours[d][0].end = 17 * 3600;
		c->nhours[d] = 1;
	}
	memcpy(c->sla, defaults, sizeof defaults);
	c->mail.sendmail = tkt_strdup("sendmail -t -i");
	c->mail.attempts = TKT_MAIL_ATTEMPTS;
	strcpy(c->survey.questions[0], "csat");
	c->survey.nquestions = 1;
	c->survey.delay = 3600;
	c->survey.once_per = 30 * 86400;
}

/* "09:00" into seconds after midnight; 24:00 is allowed as an end. */
static int
clock_time(const char *s, int *secs)
{
	int h, m;

	if (strlen(s) != 5 || !isdigit((unsigned char)s[0]) || !isdigit((unsigned char)s[1]) ||
	    s[2] != ':' || !isdigit((unsigned char)s[3]) || !isdigit((unsigned char)s[4]))
		return -1;
	h = (s[0] - '0') * 10 + (s[1] - '0');
	m = (s[3] - '0') * 10 + (s[4] - '0');
	if (m > 59 || h > 24 || (h == 24 && m))
		return -1;
	*secs = h * 3600 + m * 60;
	return 0;
}

/* A day's hours: "09:00-17:00", "09:00-12:00, 13:00-17:00", "closed",
 * or a list of "HH:MM-HH:MM". */
static int
read_day(const char *file, const struct tkt_yaml *v, struct tkt_config *c, int day)
{
	char buf[64], *tok, *save = NULL, *text;
	tkt_buf all = TKT_BUF_INIT;
	size_t i;
	int rc = 0, n = 0;

	if (v->kind == TKT_YAML_SEQ) {
		for (i = 0; i < v->n; i++) {
			if (v->items[i]->kind != TKT_YAML_SCALAR) {
				tkt_buf_release(&all);
				return tkt_yaml_fail(file, v->items[i], "%s", "hours are like 09:00-17:00");
			}
			tkt_buf_printf(&all, "%s%s", i ? "," : "", v->items[i]->value);
		}
	} else if (v->kind == TKT_YAML_SCALAR) {
		tkt_buf_puts(&all, v->value);
	} else {
		return tkt_yaml_fail(file, v, "%s", "hours are like 09:00-17:00, or closed");
	}
	text = tkt_buf_detach(&all);
	if (strcmp(text, "closed") == 0 || !*text) {
		c->nhours[day] = 0;
		free(text);
		return 0;
	}
	for (tok = strtok_r(text, ",", &save); tok && !rc; tok = strtok_r(NULL, ",", &save)) {
		char *dash;
		int a, b;

		while (*tok == ' ')
			tok++;
		snprintf(buf, sizeof buf, "%s", tok);
		for (i = strlen(buf); i && buf[i - 1] == ' '; i--)
			buf[i - 1] = '\0';
		if (!(dash = strchr(buf, '-')) || (*dash = '\0', clock_time(buf, &a)) ||
		    clock_time(dash + 1, &b) || a == 24 * 3600) {
			rc = tkt_yaml_fail(file, v, "bad hours '%s' (like 09:00-17:00)", tok);
		} else if (b <= a) {
			rc = tkt_yaml_fail(file, v, "hours '%s' end before they start", tok);
		} else if (n == 4) {
			rc = tkt_yaml_fail(file, v, "%s", "at most 4 stretches of hours a day");
		} else if (n && a < c->hours[day][n - 1].end) {
			rc = tkt_yaml_fail(file, v, "hours '%s' overlap or are out of order", tok);
		} else {
			c->hours[day][n].start = a;
			c->hours[day][n].end = b;
			n++;
		}
	}
	c->nhours[day] = n;
	free(text);
	return rc;
}

static int
read_hours(const char *file, const struct tkt_yaml *v, struct tkt_config *c)
{
	size_t i;
	int d, rc;

	if (v->kind != TKT_YAML_MAP)
		return tkt_yaml_fail(file, v, "%s", "business_hours is a mapping of days (monday: 09:00-17:00)");
	for (d = 0; d < 7; d++)
		c->nhours[d] = 0;           /* only the days given are open */
	for (i = 0; i < v->n; i++) {
		const char *key = v->keys[i]->value;

		if ((d = tkt_enum_index(days, key)) < 0) {
			if (strcmp(key, "weekdays") != 0)
				return tkt_yaml_fail(file, v->keys[i], "unknown day '%s' (monday ... sunday, weekdays)",
				            key);
			for (d = 1; d <= 5; d++)
				if ((rc = read_day(file, v->items[i], c, d)))
					return rc;
			continue;
		}
		if ((rc = read_day(file, v->items[i], c, d)))
			return rc;
	}
	return 0;
}

int
tkt_zone_valid(const char *tz)
{
	const char *dir = getenv("TZDIR");
	char *path;
	struct stat sb;
	int ok;

	if (!*tz || strcmp(tz, "UTC") == 0)
		return 1;
	if (tz[0] == '/' || strstr(tz, "..") || strlen(tz) > 64)
		return 0;
	path = tkt_asprintf("%s/%s", dir && *dir ? dir : "/usr/share/zoneinfo", tz);
	ok = stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
	free(path);
	return ok;
}

static int
read_holidays(const char *file, const struct tkt_yaml *v, struct tkt_config *c)
{
	size_t i;

	if (v->kind != TKT_YAML_SEQ)
		return tkt_yaml_fail(file, v, "%s", "holidays is a list of dates (- 2026-12-25)");
	c->holidays = tkt_calloc(v->n + 1, sizeof *c->holidays);
	for (i = 0; i < v->n; i++) {
		const struct tkt_yaml *h = v->items[i];
		time_t t;
		int y, m, d;

		if (h->kind != TKT_YAML_SCALAR || strlen(h->value) != 10 ||
		    tkt_time_parse(h->value, 0, &t, NULL) ||
		    sscanf(h->value, "%4d-%2d-%2d", &y, &m, &d) != 3)
			return tkt_yaml_fail(file, h, "bad holiday '%s' (a date like 2026-12-25)",
			            h->kind == TKT_YAML_SCALAR ? h->value : "?");
		c->holidays[c->nholidays++] = y * 10000 + m * 100 + d;
	}
	return 0;
}

static int
read_sla(const char *file, const struct tkt_yaml *v, struct tkt_config *c)
{
	static const char *const targets[] = {
		"first_reply", "next_reply", "update", "resolution", NULL,
	};
	size_t i, k;

	if (v->kind != TKT_YAML_MAP)
		return tkt_yaml_fail(file, v, "%s", "sla is a mapping of priorities (urgent: ...)");
	for (i = 0; i < v->n; i++) {
		const struct tkt_yaml *p = v->items[i];
		int pri = tkt_enum_index(tkt_priorities, v->keys[i]->value);
		struct tkt_sla *s;

		if (pri < 0)
			return tkt_yaml_fail(file, v->keys[i], "unknown priority '%s' (low, normal, high, urgent)",
			            v->keys[i]->value);
		if (p->kind != TKT_YAML_MAP)
			return tkt_yaml_fail(file, p, "%s", "targets are a mapping (first_reply: 4h, ...)");
		s = &c->sla[pri];
		for (k = 0; k < p->n; k++) {
			const char *key = p->keys[k]->value;
			const struct tkt_yaml *val = p->items[k];
			int64_t secs;
			int t = tkt_enum_index(targets, key);

			if (val->kind != TKT_YAML_SCALAR)
				return tkt_yaml_fail(file, val, "'%s' must be a scalar", key);
			if (strcmp(key, "clock") == 0) {
				if (strcmp(val->value, "business") != 0 && strcmp(val->value, "calendar") != 0)
					return tkt_yaml_fail(file, val, "bad clock '%s' (business or calendar)", val->value);
				s->business = strcmp(val->value, "business") == 0;
				continue;
			}
			if (t < 0)
				return tkt_yaml_fail(file, p->keys[k], "unknown target '%s' (first_reply, next_reply, "
				            "update, resolution, clock)", key);
			if (tkt_duration_parse(val->value, &secs) || secs <= 0)
				return tkt_yaml_fail(file, val, "bad target '%s' (a duration like 4h)", val->value);
			if (t == 0) s->first_reply = secs;
			if (t == 1) s->next_reply = secs;
			if (t == 2) s->update = secs;
			if (t == 3) s->resolution = secs;
		}
	}
	return 0;
}

/* A list of mail addresses (a sequence, or one address) into *list, a
 * NULL-terminated vector grown by each. */
static int
read_addresses(const char *file, const struct tkt_yaml *x, const char *what, char ***list)
{
	size_t k, n = 0;

	while (*list && (*list)[n])
		n++;
	if (x->kind == TKT_YAML_SCALAR && tkt_email_valid(x->value)) {
		*list = tkt_realloc(*list, (n + 2) * sizeof **list);
		(*list)[n++] = tkt_strdup(x->value);
		(*list)[n] = NULL;
		return 0;
	}
	if (x->kind != TKT_YAML_SEQ)
		return tkt_yaml_fail(file, x, "%s is a list of mail addresses", what);
	for (k = 0; k < x->n; k++) {
		if (x->items[k]->kind != TKT_YAML_SCALAR || !tkt_email_valid(x->items[k]->value))
			return tkt_yaml_fail(file, x->items[k], "bad address '%s' in %s",
			                     x->items[k]->kind == TKT_YAML_SCALAR ? x->items[k]->value : "?",
			                     what);
		*list = tkt_realloc(*list, (n + 2) * sizeof **list);
		(*list)[n++] = tkt_strdup(x->items[k]->value);
		(*list)[n] = NULL;
	}
	return 0;
}

/* mail: charsets: the likely charsets, in order: each one iconv knows. */
static int
read_charsets(const char *file, const struct tkt_yaml *x, struct tkt_config *c)
{
	size_t k;

	if (x->kind != TKT_YAML_SEQ || x->n == 0)
		return tkt_yaml_fail(file, x, "%s", "charsets is a list of charset names "
		                     "(like [windows-1253, iso-8859-7])");
	tkt_strv_free(c->mail.charsets);
	c->mail.charsets = tkt_calloc(x->n + 1, sizeof *c->mail.charsets);
	for (k = 0; k < x->n; k++) {
		const struct tkt_yaml *v = x->items[k];
		iconv_t cd;

		if (v->kind != TKT_YAML_SCALAR || strlen(v->value) > 40 ||
		    (cd = iconv_open("UTF-8", v->value)) == (iconv_t)-1)
			return tkt_yaml_fail(file, v, "unknown charset '%s'",
			                     v->kind == TKT_YAML_SCALAR ? v->value : "?");
		iconv_close(cd);
		c->mail.charsets[k] = tkt_strdup(v->value);
	}
	return 0;
}

/* mail: the help desk's addresses, what to do with automatic mail and
 * with strangers, the charsets to try, the sendmail command and how often
 * to try it, and the directories for rejected mail and attachments. */
static int
read_mail(const char *file, const struct tkt_yaml *v, struct tkt_config *c)
{
	static const char *const keys[] = {
		"address", "name", "addresses", "auto", "sendmail", "rejected", "attachments",
		"charsets", "strangers", "attempts", NULL,
	};
	static const char *const strangers[] = { "note", "new", "reject", NULL };
	size_t i;
	int rc;

	if (v->kind != TKT_YAML_MAP)
		return tkt_yaml_fail(file, v, "mail is a mapping (address: support@example.com, ...)");
	for (i = 0; i < v->n; i++) {
		const char *key = v->keys[i]->value;
		const struct tkt_yaml *x = v->items[i];

		if (tkt_enum_index(keys, key) < 0)
			return tkt_yaml_fail(file, v->keys[i], "unknown key '%s' (address, name, addresses, auto, "
			            "sendmail, rejected, attachments, charsets, strangers, attempts)", key);
		if (strcmp(key, "addresses") == 0) {
			if ((rc = read_addresses(file, x, "addresses", &c->mail.own)))
				return rc;
			for (c->mail.nown = 0; c->mail.own && c->mail.own[c->mail.nown]; c->mail.nown++)
				;
			continue;
		}
		if (strcmp(key, "charsets") == 0) {
			if ((rc = read_charsets(file, x, c)))
				return rc;
			continue;
		}
		if (x->kind != TKT_YAML_SCALAR || !tkt_line_valid(x->value))
			return tkt_yaml_fail(file, x, "'%s' must be one line of text", key);
		if (strcmp(key, "address") == 0) {
			if (!tkt_email_valid(x->value))
				return tkt_yaml_fail(file, x, "bad address '%s'", x->value);
			c->mail.address = tkt_strdup(x->value);
		} else if (strcmp(key, "name") == 0) {
			c->mail.name = tkt_strdup(x->value);
		} else if (strcmp(key, "auto") == 0) {
			if (strcmp(x->value, "drop") && strcmp(x->value, "keep"))
				return tkt_yaml_fail(file, x, "auto is drop or keep, not '%s'", x->value);
			c->mail.keep_auto = strcmp(x->value, "keep") == 0;
		} else if (strcmp(key, "strangers") == 0) {
			int k = tkt_enum_index(strangers, x->value);

			if (k < 0)
				return tkt_yaml_fail(file, x, "strangers is note, new or reject, not '%s'", x->value);
			c->mail.strangers = (enum tkt_strangers)k;
		} else if (strcmp(key, "attempts") == 0) {
			char *end;
			long n = strtol(x->value, &end, 10);

			if (*end || n < 1 || n > 1000)
				return tkt_yaml_fail(file, x, "attempts is a number from 1 to 1000, not '%s'",
				                     x->value);
			c->mail.attempts = (int)n;
		} else if (strcmp(key, "sendmail") == 0) {
			free(c->mail.sendmail);
			c->mail.sendmail = tkt_strdup(x->value);
		} else if (strcmp(key, "rejected") == 0) {
			c->mail.rejected = tkt_strdup(x->value);
		} else {
			c->mail.attachments = tkt_strdup(x->value);
		}
	}
	if (c->mail.strangers == TKT_STRANGER_REJECT && !c->mail.rejected)
		return tkt_yaml_fail(file, tkt_yaml_get(v, "strangers"), "%s",
		                     "strangers: reject keeps their mail in the rejected directory: "
		                     "set rejected: too");
	return 0;
}

/* survey: the questions asked after a solve (rating kinds, each once),
 * how long after it, and how often a customer is asked at most. */
static int
read_survey(const char *file, const struct tkt_yaml *v, struct tkt_config *c)
{
	static const char *const keys[] = { "questions", "delay", "once_per_customer_per", NULL };
	const struct tkt_yaml *q;
	size_t i, k;

	if (v->kind != TKT_YAML_MAP)
		return tkt_yaml_fail(file, v, "%s", "survey is a mapping (questions: [csat, ces, nps], "
		                     "delay: 1h, ...)");
	for (i = 0; i < v->n; i++) {
		const struct tkt_yaml *x = v->items[i];
		int64_t secs;

		if (tkt_enum_index(keys, v->keys[i]->value) < 0)
			return tkt_yaml_fail(file, v->keys[i], "unknown key '%s' (questions, delay, "
			                     "once_per_customer_per)", v->keys[i]->value);
		if (strcmp(v->keys[i]->value, "questions") == 0)
			continue;
		if (x->kind != TKT_YAML_SCALAR || tkt_duration_parse(x->value, &secs) || secs < 0)
			return tkt_yaml_fail(file, x, "bad %s '%s' (a duration like 1h or 30d)",
			                     v->keys[i]->value, x->kind == TKT_YAML_SCALAR ? x->value : "");
		if (strcmp(v->keys[i]->value, "delay") == 0)
			c->survey.delay = secs;
		else
			c->survey.once_per = secs;
	}
	if (!(q = tkt_yaml_get(v, "questions")))
		return 0;
	if (q->kind != TKT_YAML_SEQ || q->n == 0)
		return tkt_yaml_fail(file, q, "%s", "questions is a list of ratings (csat, ces, nps)");
	c->survey.nquestions = 0;
	for (i = 0; i < q->n; i++) {
		const struct tkt_yaml *x = q->items[i];

		int min, max;

		if (x->kind != TKT_YAML_SCALAR || c->survey.nquestions == 4 ||
		    tkt_rating_scale(x->value, &min, &max))
			return tkt_yaml_fail(file, x, "unknown question '%s' (a rating of tkt-rate: "
			                     "csat, ces, nps...)", x->kind == TKT_YAML_SCALAR ? x->value : "");
		for (k = 0; k < c->survey.nquestions; k++)
			if (strcmp(c->survey.questions[k], x->value) == 0)
				return tkt_yaml_fail(file, x, "question '%s' is asked twice", x->value);
		strcpy(c->survey.questions[c->survey.nquestions++], x->value);
	}
	return 0;
}

/* groups: the team's groups, a list of words, each once. */
static int
read_groups(const char *file, const struct tkt_yaml *v, struct tkt_config *c)
{
	size_t i, k;

	if (v->kind != TKT_YAML_SEQ)
		return tkt_yaml_fail(file, v, "%s", "groups is a list of group names ([billing, tech])");
	c->groups = tkt_calloc(v->n + 1, sizeof *c->groups);
	for (i = 0; i < v->n; i++) {
		const struct tkt_yaml *g = v->items[i];

		if (g->kind != TKT_YAML_SCALAR || !tkt_word_valid(g->value))
			return tkt_yaml_fail(file, g, "bad group '%s' (a lower-case word)",
			                     g->kind == TKT_YAML_SCALAR ? g->value : "?");
		for (k = 0; k < c->ngroups; k++)
			if (strcmp(c->groups[k], g->value) == 0)
				return tkt_yaml_fail(file, g, "group '%s' is listed twice", g->value);
		c->groups[c->ngroups++] = tkt_strdup(g->value);
	}
	return 0;
}

/* Whether group is one of c's groups. */
static int
group_known(const struct tkt_config *c, const char *group)
{
	size_t k;

	for (k = 0; k < c->ngroups; k++)
		if (strcmp(c->groups[k], group) == 0)
			return 1;
	return 0;
}

/* An agent's groups: one group or a list, each a group of groups: when
 * that is given (listed), else taken as one. */
static int
read_agent_groups(const char *file, const struct tkt_yaml *x, int listed, struct tkt_config *c,
                  struct tkt_agent *ag)
{
	const struct tkt_yaml *one[1] = { x };
	const struct tkt_yaml *const *list = x->kind == TKT_YAML_SEQ
		? (const struct tkt_yaml *const *)x->items : one;
	size_t n = x->kind == TKT_YAML_SEQ ? x->n : 1, g;
	const char *near;

	tkt_strv_free(ag->groups);
	ag->groups = tkt_calloc(n + 1, sizeof *ag->groups);
	for (g = 0; g < n; g++) {
		const char *name = list[g]->value;

		if (list[g]->kind != TKT_YAML_SCALAR || !tkt_word_valid(name))
			return tkt_yaml_fail(file, list[g], "bad group '%s' (a lower-case word)",
			                     list[g]->kind == TKT_YAML_SCALAR ? name : "?");
		if (listed && !group_known(c, name)) {
			near = tkt_nearest(name, (const char *const *)c->groups, c->ngroups);
			return tkt_yaml_fail(file, list[g], "group '%s' of agent '%s' is not in groups:%s%s%s",
			                     name, ag->login, near ? " (did you mean '" : "",
			                     near ? near : "", near ? "'?)" : "");
		}
		if (!listed && !group_known(c, name)) {
			c->groups = tkt_realloc(c->groups, (c->ngroups + 2) * sizeof *c->groups);
			c->groups[c->ngroups++] = tkt_strdup(name);
			c->groups[c->ngroups] = NULL;
		}
		ag->groups[g] = tkt_strdup(name);
	}
	return 0;
}

/* Each login, display name and address names one agent (or the help
 * desk itself), whatever the case: what is said of it is not in doubt. */
static int
names_one(const char *file, const struct tkt_yaml *v, const struct tkt_config *c)
{
	size_t i, k;

	for (i = 0; i < c->nagents; i++) {
		const struct tkt_agent *a = &c->agents[i], *other;
		const struct tkt_yaml *node = tkt_yaml_get(v->items[i], "name");

		if ((other = tkt_team_agent(c, a->login)) != a)
			return tkt_yaml_fail(file, v->keys[i], "login '%s' is %s too", a->login,
			                     other->login);
		if (a->name && (other = tkt_team_agent(c, a->name)) != a)
			return tkt_yaml_fail(file, node, "name '%s' is %s too", a->name, other->login);
		for (k = 0; a->addresses && a->addresses[k]; k++)
			if ((other = tkt_team_agent(c, a->addresses[k])) != a ||
			    tkt_config_own_address(c, a->addresses[k]))
				return tkt_yaml_fail(file, v->items[i], "address '%s' is %s too",
				                     a->addresses[k],
				                     other != a ? other->login : "the help desk's own");
	}
	return 0;
}

/* agents: the team, a mapping of logins to their name, addresses and
 * groups. */
static int
read_agents(const char *file, const struct tkt_yaml *v, struct tkt_config *c)
{
	static const char *const keys[] = { "name", "addresses", "groups", NULL };
	int listed = c->groups != NULL;
	size_t i, k;
	int rc;

	if (v->kind != TKT_YAML_MAP)
		return tkt_yaml_fail(file, v, "%s", "agents is a mapping of logins "
		                     "(mira: {name: Mira Jones, addresses: [mira@example.com]})");
	c->agents = tkt_calloc(v->n + 1, sizeof *c->agents);
	for (i = 0; i < v->n; i++) {
		const struct tkt_yaml *a = v->items[i];
		struct tkt_agent *ag = &c->agents[c->nagents++];

		if (!tkt_line_valid(v->keys[i]->value) || strpbrk(v->keys[i]->value, " \t<>@"))
			return tkt_yaml_fail(file, v->keys[i], "bad login '%s' (one word)", v->keys[i]->value);
		if (strcmp(v->keys[i]->value, "me") == 0)
			return tkt_yaml_fail(file, v->keys[i], "%s", "bad login 'me': me is the acting agent");
		ag->login = tkt_strdup(v->keys[i]->value);
		if (a->kind == TKT_YAML_SCALAR && !*a->value)
			continue;            /* a login alone */
		if (a->kind != TKT_YAML_MAP)
			return tkt_yaml_fail(file, a, "agent '%s' is a mapping (name:, addresses:, groups:)",
			                     ag->login);
		for (k = 0; k < a->n; k++) {
			const char *key = a->keys[k]->value;
			const struct tkt_yaml *x = a->items[k];

			if (tkt_enum_index(keys, key) < 0)
				return tkt_yaml_fail(file, a->keys[k], "unknown key '%s' (name, addresses, groups)",
				                     key);
			if (strcmp(key, "addresses") == 0) {
				if ((rc = read_addresses(file, x, "addresses", &ag->addresses)))
					return rc;
			} else if (strcmp(key, "name") == 0) {
				if (x->kind != TKT_YAML_SCALAR || !tkt_line_valid(x->value))
					return tkt_yaml_fail(file, x, "%s", "name must be one line of text");
				if (strcmp(x->value, "me") == 0)
					return tkt_yaml_fail(file, x, "%s", "bad name 'me': me is the acting agent");
				free(ag->name);
				ag->name = tkt_strdup(x->value);
			} else if ((rc = read_agent_groups(file, x, listed, c, ag))) {
				return rc;
			}
		}
	}
	return names_one(file, v, c);
}

/* store: the default store: an absolute path (~ at its start is the
 * home), or a postgresql:// URL. */
static int
read_store(const char *file, const struct tkt_yaml *v, struct tkt_config *c)
{
	const char *home;

	if (v->kind != TKT_YAML_SCALAR || !tkt_line_valid(v->value))
		return tkt_yaml_fail(file, v, "%s", "store is a path or a postgresql:// URL");
	if (tkt_store_is_pg(v->value) || v->value[0] == '/') {
		c->store = tkt_strdup(v->value);
		return 0;
	}
	if (v->value[0] != '~' || (v->value[1] && v->value[1] != '/'))
		return tkt_yaml_fail(file, v, "store '%s' is not an absolute path, ~/PATH or a "
		                     "postgresql:// URL", v->value);
	if (!(home = tkt_home()))
		return tkt_yaml_fail(file, v, "no home directory for store '%s'", v->value);
	c->store = tkt_asprintf("%s%s", home, v->value + 1);
	return 0;
}

/* agent: the default acting agent: one of agents: when the team is
 * given. */
static int
read_agent(const char *file, const struct tkt_yaml *v, struct tkt_config *c)
{
	const char *login;

	if (v->kind != TKT_YAML_SCALAR || !tkt_line_valid(v->value))
		return tkt_yaml_fail(file, v, "%s", "agent must be one line of text");
	if (tkt_team_value(c, "agent", v->value, &login))
		return tkt_yaml_fail(file, v, "%s", tkt_errmsg());
	c->agent = tkt_strdup(login);
	return 0;
}

char *
tkt_config_rejected(const char *path)
{
	char *def = path ? NULL : tkt_config_default_path(), *dir = NULL;
	struct tkt_yaml *root = NULL;
	const struct tkt_yaml *v;
	int code = tkt_errcode();
	char msg[1024];

	/* Whatever fails here, the error said is the first one's. */
	snprintf(msg, sizeof msg, "%s", tkt_errmsg());
	if (path || def) {
		tkt_yaml_load_partial(path ? path : def, &root);
		v = tkt_yaml_get(tkt_yaml_get(root, "mail"), "rejected");
		if (v && v->kind == TKT_YAML_SCALAR && tkt_line_valid(v->value))
			dir = tkt_strdup(v->value);
	}
	tkt_yaml_free(root);
	free(def);
	tkt_error(code, "%s", msg);
	return dir;
}

const struct tkt_agent *
tkt_config_agent_by_address(const struct tkt_config *c, const char *addr)
{
	size_t i, k;

	for (i = 0; c && addr && i < c->nagents; i++)
		for (k = 0; c->agents[i].addresses && c->agents[i].addresses[k]; k++)
			if (strcasecmp(c->agents[i].addresses[k], addr) == 0)
				return &c->agents[i];
	return NULL;
}

void
tkt_config_own_add(struct tkt_config *c, const char *addr)
{
	c->mail.own = tkt_realloc(c->mail.own, (c->mail.nown + 2) * sizeof *c->mail.own);
	c->mail.own[c->mail.nown++] = tkt_strdup(addr);
	c->mail.own[c->mail.nown] = NULL;
}

int
tkt_config_own_address(const struct tkt_config *c, const char *addr)
{
	size_t i;

	if (!c || !addr)
		return 0;
	if (c->mail.address && strcasecmp(c->mail.address, addr) == 0)
		return 1;
	for (i = 0; i < c->mail.nown; i++)
		if (strcasecmp(c->mail.own[i], addr) == 0)
			return 1;
	return 0;
}

static int
read_config(const char *file, const struct tkt_yaml *root, struct tkt_config *c)
{
	static const char *const keys[] = {
		"timezone", "business_hours", "holidays", "sla", "mail", "agents", "groups", "store",
		"agent", "survey", NULL,
	};
	const struct tkt_yaml *v;
	size_t i;
	int rc, d, open = 0;

	if (root->kind != TKT_YAML_MAP)
		return tkt_yaml_fail(file, root, "%s", "the configuration is a mapping (timezone:, sla: ...)");
	for (i = 0; i < root->n; i++)
		if (tkt_enum_index(keys, root->keys[i]->value) < 0)
			return tkt_yaml_fail(file, root->keys[i], "unknown key '%s'", root->keys[i]->value);
	if ((v = tkt_yaml_get(root, "timezone"))) {
		if (v->kind != TKT_YAML_SCALAR || !tkt_zone_valid(v->value))
			return tkt_yaml_fail(file, v, "unknown time zone '%s' (like Europe/Athens or UTC)",
			            v->kind == TKT_YAML_SCALAR ? v->value : "?");
		c->timezone = tkt_strdup(v->value);
	}
	if ((v = tkt_yaml_get(root, "business_hours")) && (rc = read_hours(file, v, c)))
		return rc;
	for (d = 0; d < 7; d++)
		open += c->nhours[d];
	if (!open)
		return tkt_yaml_fail(file, tkt_yaml_get(root, "business_hours"), "%s",
		            "business hours are closed every day of the week");
	if ((v = tkt_yaml_get(root, "holidays")) && (rc = read_holidays(file, v, c)))
		return rc;
	if ((v = tkt_yaml_get(root, "sla")) && (rc = read_sla(file, v, c)))
		return rc;
	if ((v = tkt_yaml_get(root, "mail")) && (rc = read_mail(file, v, c)))
		return rc;
	if ((v = tkt_yaml_get(root, "groups")) && (rc = read_groups(file, v, c)))
		return rc;
	if ((v = tkt_yaml_get(root, "agents")) && (rc = read_agents(file, v, c)))
		return rc;
	if ((v = tkt_yaml_get(root, "store")) && (rc = read_store(file, v, c)))
		return rc;
	if ((v = tkt_yaml_get(root, "survey")) && (rc = read_survey(file, v, c)))
		return rc;
	if ((v = tkt_yaml_get(root, "agent")) && (rc = read_agent(file, v, c)))
		return rc;
	return 0;
}

int
tkt_config_load(const char *path, struct tkt_config **out)
{
	struct tkt_config *c = tkt_calloc(1, sizeof *c);
	char *def = path ? NULL : tkt_config_default_path();
	struct tkt_yaml *root;
	int rc = 0;

	*out = NULL;
	set_defaults(c);
	if (!path && (!def || access(def, F_OK) != 0)) {
		free(def);
		*out = c;                       /* no file: the defaults */
		return 0;
	}
	if (!path)
		path = def;
	if ((rc = tkt_yaml_load(path, &root)) == 0) {
		rc = read_config(path, root, c);
		tkt_yaml_free(root);
	} else if (rc == EX_NOINPUT) {
		rc = tkt_error(EX_CONFIG, "%s", tkt_errmsg());
	}
	if (!rc)
		c->path = tkt_strdup(path);
	free(def);
	if (rc) {
		tkt_config_free(c);
		return rc;
	}
	*out = c;
	return 0;
}

void
tkt_config_free(struct tkt_config *c)
{
	if (!c)
		return;
	free(c->path);
	free(c->timezone);
	free(c->holidays);
	free(c->mail.address);
	free(c->mail.name);
	tkt_strv_free(c->mail.own);
	free(c->mail.sendmail);
	free(c->mail.rejected);
	free(c->mail.attachments);
	tkt_strv_free(c->mail.charsets);
	for (size_t i = 0; i < c->nagents; i++) {
		free(c->agents[i].login);
		free(c->agents[i].name);
		tkt_strv_free(c->agents[i].addresses);
		tkt_strv_free(c->agents[i].groups);
	}
	free(c->agents);
	tkt_strv_free(c->groups);
	free(c->store);
	free(c->agent);
	free(c);
}
