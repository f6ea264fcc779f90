/* metrics.c: the help desk's numbers for a window of time, computed from
 * the messages, events and ratings of the tickets a filter selects, in one
 * pass over them in ticket order (metrics-feed.c): each ticket's history
 * is replayed once (metrics-replay.c), and what it contributes is added
 * to the groups asked for, here.  Memory holds the groups and the
 * durations that percentiles must sort, nothing per ticket beyond the one
 * being read.  This file has the report, its groups and its numbers;
 * metrics-format.c writes them.  man/man7/tkt-metrics.7 defines every
 * number. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "metrics-int.h"

/* ---- the metrics and the keys ---------------------------------------- */

#define NAME_(id, name, kind, a, b) name,
const char *const tkt_metric_names[] = { TKT_METRIC_LIST(NAME_) NULL };

#define DEF_(id, name, kind, a, b) { kind, a, b },
const struct metric tkt_metric_defs[TKT_NMETRICS] = { TKT_METRIC_LIST(DEF_) };

const char *const tkt_report_keys[] = {
	"agent", "group", "type", "priority", "channel", "tag", "template", "day", "week",
	"month", "ticket", NULL,
};

/* The sample sets that have a median or a percentile. */
static const int sorted_set[NSAMPLES] = {
	[S_BACKLOG_AGE] = 1, [S_FIRST_REPLY] = 1, [S_NEXT_REPLY] = 1,
	[S_FIRST_RESOLUTION] = 1, [S_FULL_RESOLUTION] = 1, [S_REQUESTER_WAIT] = 1,
	[S_PROBLEM_RESOLUTION] = 1,
};

/* The counter of the breaches of each target. */
static const enum counter breach_counter[TKT_NBREACHES] = {
	[TKT_BREACH_FIRST_REPLY] = C_FR_BREACH, [TKT_BREACH_NEXT_REPLY] = C_NR_BREACH,
	[TKT_BREACH_RESOLUTION] = C_RES_BREACH,
};

/* ---- groups ---------------------------------------------------------- */

static uint64_t
hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static struct group *
group_get(tkt_report *r, char *const *label)
{
	tkt_buf key = TKT_BUF_INIT;
	struct group *g;
	size_t i, h;
	int k;

	for (k = 0; k < r->nkeys; k++) {
		tkt_buf_puts(&key, label[k]);
		tkt_buf_putc(&key, '\x1f');
	}
	if (r->ngroups * 2 >= r->tcap) {
		size_t ncap = r->tcap ? r->tcap * 2 : 64;
		struct group **nt = tkt_calloc(ncap, sizeof *nt);

		for (i = 0; i < r->ngroups; i++) {
			h = hash_str(r->groups[i]->key) & (ncap - 1);
			while (nt[h])
				h = (h + 1) & (ncap - 1);
			nt[h] = r->groups[i];
		}
		free(r->table);
		r->table = nt;
		r->tcap = ncap;
	}
	h = hash_str(tkt_buf_str(&key)) & (r->tcap - 1);
	while ((g = r->table[h]) && strcmp(g->key, tkt_buf_str(&key)) != 0)
		h = (h + 1) & (r->tcap - 1);
	if (g) {
		tkt_buf_release(&key);
		return g;
	}
	g = tkt_calloc(1, sizeof *g);
	g->key = tkt_buf_detach(&key);
	for (k = 0; k < r->nkeys; k++)
		g->label[k] = tkt_strdup(label[k]);
	r->table[h] = g;
	if (r->ngroups == r->cap)
		r->groups = tkt_realloc(r->groups, (r->cap = r->cap * 2 + 16) * sizeof *r->groups);
	r->groups[r->ngroups++] = g;
	return g;
}

static void
sample_add(struct samples *s, int sorted, int64_t v)
{
	if (v < 0)
		v = 0;
	if (v > UINT32_MAX)
		v = UINT32_MAX;
	s->sum += v;
	if (sorted) {
		/* Grown by half: the slack of a million durations stays a third
		 * of them, where doubling could leave as many again unused. */
		if (s->n == s->cap)
			s->v = tkt_realloc(s->v, (s->cap = s->cap + s->cap / 2 + 64) * sizeof *s->v);
		s->v[s->n] = (uint32_t)v;
	}
	s->n++;
}

static void
customer_add(struct custs *c, int64_t id)
{
	if (c->n == c->cap)
		c->id = tkt_realloc(c->id, (c->cap = c->cap + c->cap / 2 + 16) * sizeof *c->id);
	c->id[c->n++] = id;
}

static void
group_add(struct group *g, const struct contribution *c)
{
	if (c->counter >= 0)
		g->c[c->counter] += c->n;
	if (c->sample >= 0)
		sample_add(&g->s[c->sample], sorted_set[c->sample], c->n);
	if (c->customer)
		customer_add(&g->customers, c->customer);
}

static void
label_time(int key, time_t when, char *buf, size_t n)
{
	struct tm tm;

	localtime_r(&when, &tm);
	strftime(buf, n, key == KEY_DAY ? "%Y-%m-%d" : key == KEY_WEEK ? "%G-W%V" : "%Y-%m", &tm);
}

/* The label of key k for a contribution of ticket t at `when` by `agent`,
 * its tag number tag for a tag key; buf holds a label made here. */
static char *
label_of(const tkt_report *r, int k, const struct ticket *t, time_t when, const char *agent,
         size_t tag, char *buf, size_t n)
{
	const char *v = NULL;

	switch (r->key[k]) {
	case KEY_AGENT:    v = tkt_team_login(r->o.config, agent ? agent : t->assignee); break;
	case KEY_GROUP:    v = t->group; break;
	case KEY_TYPE:     v = t->type; break;
	case KEY_PRIORITY: v = t->priority; break;
	case KEY_CHANNEL:  v = t->channel; break;
	case KEY_TAG:      v = t->ntags ? t->tags[tag] : NULL; break;
	case KEY_TEMPLATE: v = t->template_name; break;
	case KEY_FIELD:    v = t->field[k]; break;
	case KEY_TICKET:
		snprintf(buf, n, "%lld", (long long)t->id);
		v = buf;
		break;
	default:
		label_time(r->key[k], when, buf, n);
		v = buf;
	}
	return (char *)(v && *v ? v : "-");
}

void
tkt_report_add(tkt_report *r, const struct ticket *t, time_t when, const char *agent,
               const struct contribution *c)
{
	char *label[MAX_KEYS];
	char tbuf[MAX_KEYS][32];
	size_t tag = 0, ntag = t->ntags ? t->ntags : 1;
	int k, tagk = -1;

	/* A group for each tag of the last tag key. */
	for (k = 0; k < r->nkeys; k++)
		if (r->key[k] == KEY_TAG)
			tagk = k;
	do {
		for (k = 0; k < r->nkeys; k++)
			label[k] = label_of(r, k, t, when, agent, k == tagk ? tag : 0, tbuf[k],
			                    sizeof tbuf[k]);
		group_add(group_get(r, label), c);
	} while (tagk >= 0 && ++tag < ntag);
}

/* ---- the report ------------------------------------------------------ */

static int
key_parse(tkt_report *r, const char *by)
{
	char *list = tkt_strdup(by), *tok, *save = NULL;
	int rc = 0;

	for (tok = strtok_r(list, ",", &save); tok && !rc; tok = strtok_r(NULL, ",", &save)) {
		int k = tkt_enum_index(tkt_report_keys, tok);

		if (r->nkeys == MAX_KEYS)
			rc = tkt_error(EX_USAGE, "--by takes at most %d keys", MAX_KEYS);
		else if (k < 0 && strncmp(tok, "field.", 6) == 0 && tkt_word_valid(tok + 6)) {
			r->field[r->nkeys] = tkt_strdup(tok + 6);
			r->key[r->nkeys++] = KEY_FIELD;
		} else if (k < 0)
			rc = tkt_error(EX_USAGE, "unknown grouping key '%s' (agent, group, type, priority, "
			               "channel, tag, template, field.NAME, day, week, month, ticket)", tok);
		else
			r->key[r->nkeys++] = k;
	}
	free(list);
	return rc;
}

static int
metrics_parse(tkt_report *r, const char *list)
{
	char *copy, *tok, *save = NULL;
	size_t i;
	int rc = 0;

	if (!list) {
		for (i = 0; i < TKT_NMETRICS; i++)
			r->want[i] = 1;
		return 0;
	}
	copy = tkt_strdup(list);
	for (tok = strtok_r(copy, ",", &save); tok && !rc; tok = strtok_r(NULL, ",", &save)) {
		size_t len = strlen(tok);
		int found = 0;

		/* A name, else the start of names: first_reply picks first_reply_*. */
		for (i = 0; i < TKT_NMETRICS; i++)
			if (strcmp(tkt_metric_names[i], tok) == 0)
				r->want[i] = found = 1;
		for (i = 0; i < TKT_NMETRICS && found != 1; i++)
			if (strncmp(tkt_metric_names[i], tok, len) == 0 && tkt_metric_names[i][len] == '_')
				r->want[i] = found = 2;
		if (!found)
			rc = tkt_error(EX_USAGE, "unknown metric '%s' (see tkt-metrics(7))", tok);
	}
	free(copy);
	return rc;
}

/* The buckets of the window: one, or one per day, week or month (the
 * finest of the time keys), split at local midnights. */
static void
buckets(tkt_report *r)
{
	int k, finest = -1;
	time_t t = r->o.since;

	for (k = 0; k < r->nkeys; k++)
		if (r->key[k] == KEY_DAY || r->key[k] == KEY_WEEK || r->key[k] == KEY_MONTH)
			if (finest < 0 || r->key[k] < finest)
				finest = r->key[k];
	r->bucket = tkt_calloc(2, sizeof *r->bucket);
	r->bucket[0] = t;
	r->nbuckets = 0;
	while (finest >= 0 && t < r->o.until) {
		struct tm tm;

		localtime_r(&t, &tm);
		tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
		tm.tm_isdst = -1;
		if (finest == KEY_DAY)
			tm.tm_mday += 1;
		else if (finest == KEY_WEEK)
			tm.tm_mday += 7 - (tm.tm_wday + 6) % 7;     /* the next Monday */
		else
			tm.tm_mday = 1, tm.tm_mon += 1;
		t = mktime(&tm);
		if (t >= r->o.until)
			break;
		r->bucket = tkt_realloc(r->bucket, (r->nbuckets + 3) * sizeof *r->bucket);
		r->bucket[++r->nbuckets] = t;
	}
	r->bucket[++r->nbuckets] = r->o.until;
}

int
tkt_report_new(const struct tkt_report_opts *o, tkt_report **out)
{
	tkt_report *r = tkt_calloc(1, sizeof *r);
	int rc;

	*out = NULL;
	r->o = *o;
	if (o->until <= o->since) {
		char a[32], b[32];

		rc = tkt_error(EX_DATAERR, "the window ends (%s) before it starts (%s)",
		               tkt_time_iso(o->until, a), tkt_time_iso(o->since, b));
		tkt_report_free(r);
		return rc;
	}
	if ((o->by && (rc = key_parse(r, o->by))) || (rc = metrics_parse(r, o->metrics))) {
		tkt_report_free(r);
		return rc;
	}
	r->clock = tkt_clock_new(o->config);
	buckets(r);
	*out = r;
	return 0;
}

void
tkt_report_free(tkt_report *r)
{
	size_t i;
	int k;

	if (!r)
		return;
	for (i = 0; i < r->ngroups; i++) {
		struct group *g = r->groups[i];

		for (k = 0; k < MAX_KEYS; k++)
			free(g->label[k]);
		for (k = 0; k < NSAMPLES; k++)
			free(g->s[k].v);
		free(g->customers.id);
		free(g->key);
		free(g);
	}
	for (k = 0; k < MAX_KEYS; k++)
		free(r->field[k]);
	free(r->groups);
	free(r->table);
	free(r->bucket);
	tkt_clock_free(r->clock);
	free(r);
}

/* ---- the numbers ----------------------------------------------------- */

static int
cmp_u32(const void *x, const void *y)
{
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;

	return (a > b) - (a < b);
}

int
tkt_group_value(struct group *g, enum tkt_metric id, double *v)
{
	const struct metric *m = &tkt_metric_defs[id];
	struct samples *s;
	int64_t a, b;
	size_t i;

	switch (m->kind) {
	case K_COUNT:
	case K_SECONDS:
		*v = (double)g->c[m->a];
		return 0;
	case K_MEDIAN:
	case K_MEAN:
	case K_P90:
		s = &g->s[m->a];
		if (!s->n)
			return -1;
		if (m->kind == K_MEAN) {
			*v = floor((double)s->sum / (double)s->n + 0.5);
			return 0;
		}
		qsort(s->v, s->n, sizeof *s->v, cmp_u32);
		/* Nearest rank: the value at rank ceil(p * n). */
		i = m->kind == K_MEDIAN ? (s->n + 1) / 2 : (s->n * 9 + 9) / 10;
		*v = (double)s->v[i - 1];
		return 0;
	case K_RATE:
	case K_RATIO:
	case K_AVERAGE:
	case K_NPS:
		a = g->c[m->a];
		b = m->b < 0 ? g->c[m->a] + g->c[-m->b] : g->c[m->b];
		if (!b)
			return -1;
		if (m->kind == K_NPS)
			a -= g->c[C_NPS_DET];
		/* One rounding, of the exact fraction: 2 of 3 is 66.66666666666667. */
		*v = (double)a * (m->kind == K_RATE || m->kind == K_NPS ? 100 : 1) / (double)b;
		return 0;
	}
	return -1;
}

static int
cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* Count each group's customers and those who came back. */
static void
finish(tkt_report *r)
{
	size_t i, j;

	for (i = 0; i < r->ngroups; i++) {
		struct group *g = r->groups[i];
		struct custs *c = &g->customers;

		/* Sorted, each run of one id is a customer; a run of two or
		 * more, one who came back. */
		if (c->n > 1)
			qsort(c->id, c->n, sizeof *c->id, cmp_i64);
		for (j = 0; j < c->n; j++) {
			if (j == 0 || c->id[j] != c->id[j - 1])
				g->c[C_CUST]++;
			else if (j == 1 || c->id[j - 1] != c->id[j - 2])
				g->c[C_CUST_REPEAT]++;
		}
		free(c->id);
		c->id = NULL;
		c->n = c->cap = 0;
	}
}

static int
all_digits(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

/* Groups in order of their labels, numbers (ticket ids) as numbers. */
static int
cmp_group(const void *x, const void *y)
{
	const struct group *a = *(struct group *const *)x, *b = *(struct group *const *)y;
	int k, c;

	for (k = 0; k < MAX_KEYS && a->label[k]; k++) {
		if (all_digits(a->label[k]) && all_digits(b->label[k]) &&
		    strlen(a->label[k]) != strlen(b->label[k]))
			return strlen(a->label[k]) < strlen(b->label[k]) ? -1 : 1;
		if ((c = strcmp(a->label[k], b->label[k])))
			return c;
	}
	return 0;
}

static int
time_keys_only(const tkt_report *r)
{
	int k;

	for (k = 0; k < r->nkeys; k++)
		if (r->key[k] != KEY_DAY && r->key[k] != KEY_WEEK && r->key[k] != KEY_MONTH)
			return 0;
	return r->nkeys > 0;
}

/* The groups as they are read: customers counted, an empty window's
 * zeros, every day, week or month of the window even a quiet one, all in
 * order. */
void
tkt_report_settle(tkt_report *r)
{
	size_t i;
	int k;

	if (r->finished)
		return;
	finish(r);
	r->finished = 1;
	if (r->ngroups == 0 && r->nkeys == 0) {
		char *none[MAX_KEYS] = { NULL };

		group_get(r, none);
	}
	if (time_keys_only(r)) {
		for (i = 0; i < r->nbuckets; i++) {
			char labels[MAX_KEYS][32], *label[MAX_KEYS];

			for (k = 0; k < r->nkeys; k++) {
				label_time(r->key[k], r->bucket[i], labels[k], sizeof labels[k]);
				label[k] = labels[k];
			}
			group_get(r, label);
		}
	}
	if (r->ngroups)
		qsort(r->groups, r->ngroups, sizeof *r->groups, cmp_group);
}

/* ---- reading a report's groups --------------------------------------- */

int
tkt_report_value(tkt_report *r, const char *label, const char *metric, double *v)
{
	int m = tkt_enum_index(tkt_metric_names, metric);

	if (m < 0)
		return tkt_error(EX_USAGE, "no metric '%s'", metric);
	return tkt_report_value_of(r, label, (enum tkt_metric)m, v);
}

int
tkt_report_value_of(tkt_report *r, const char *label, enum tkt_metric m, double *v)
{
	char key[256];
	size_t i;

	tkt_report_settle(r);
	if (r->nkeys != 1 || !r->tcap)
		return -1;
	/* The group's key is its label and a unit separator (group_get). */
	snprintf(key, sizeof key, "%s\x1f", label);
	for (i = hash_str(key) & (r->tcap - 1); r->table[i]; i = (i + 1) & (r->tcap - 1))
		if (strcmp(r->table[i]->key, key) == 0)
			return tkt_group_value(r->table[i], m, v) == 0 ? 0 : -1;
	return -1;
}

size_t
tkt_report_groups(tkt_report *r)
{
	tkt_report_settle(r);
	return r->ngroups;
}

const char *
tkt_report_label(const tkt_report *r, size_t g, int key)
{
	return g < r->ngroups && key >= 0 && key < r->nkeys ? r->groups[g]->label[key] : NULL;
}

int
tkt_report_get(tkt_report *r, size_t g, enum tkt_metric m, double *v)
{
	tkt_report_settle(r);
	return g < r->ngroups ? tkt_group_value(r->groups[g], m, v) : -1;
}

int64_t
tkt_report_breaches(tkt_report *r, size_t g, enum tkt_breach b)
{
	tkt_report_settle(r);
	return g < r->ngroups ? r->groups[g]->c[breach_counter[b]] : 0;
}

const uint32_t *
tkt_report_durations(tkt_report *r, size_t g, enum tkt_metric m, size_t *n)
{
	const struct metric *def = &tkt_metric_defs[m];

	tkt_report_settle(r);
	*n = 0;
	if (g >= r->ngroups || def->kind != K_MEDIAN)
		return NULL;
	*n = r->groups[g]->s[def->a].n;
	return r->groups[g]->s[def->a].v;
}
