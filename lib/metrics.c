/* metrics.c: the help desk's numbers for a window of time, computed from
 * the messages, events and ratings of the tickets a filter selects, in one
 * pass over them in ticket order: each ticket's history is replayed once,
 * and what it contributes is added to the groups asked for.  Memory holds
 * the groups and the durations that percentiles must sort, nothing per
 * ticket beyond the one being read.  man/man7/tkt-metrics.7 defines every
 * number. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tkt-int.h"

/* ---- what is counted and what is sorted ------------------------------ */

enum counter {
	C_CREATED, C_SOLVED, C_REOPENED, C_BACKLOG, C_UNANSWERED, C_FR_WITHIN, C_FR_BREACH,
	C_NR_WITHIN, C_NR_BREACH, C_ONE_TOUCH, C_CREATED_SOLVED, C_SOLVED_REOPENED,
	C_SOLVED_REPLIES, C_UPD_ACTIVE, C_UPD_OK, C_UPD_OVERDUE, C_CSAT_N, C_CSAT_POS,
	C_NPS_N, C_NPS_PRO, C_NPS_DET, C_AGENT_N, C_AGENT_SUM, C_AGENT_NEG, C_TRANSFERS,
	C_REASSIGNED, C_REPLIES, C_WORK, C_CUST, C_CUST_REPEAT, C_RES_WITHIN, C_RES_BREACH,
	NCOUNTERS
};

enum sample {
	S_BACKLOG_AGE, S_FIRST_REPLY, S_NEXT_REPLY, S_FIRST_RESOLUTION, S_FULL_RESOLUTION,
	S_REQUESTER_WAIT, S_AGENT_WORK, S_NEW, S_OPEN, S_ON_HOLD, S_PENDING, NSAMPLES
};

enum kind {
	K_COUNT,      /* a counter */
	K_SECONDS,    /* a counter of seconds */
	K_MEDIAN, K_MEAN, K_P90,  /* of a sample set, seconds */
	K_RATE,       /* a / b, as a percentage */
	K_RATIO,      /* a / b */
	K_NPS,        /* (promoters - detractors) / answers, as a percentage */
	K_AVERAGE,    /* a / b, a score */
};

#define NAME_(id, name, kind, a, b) name,
const char *const tkt_metric_names[] = { TKT_METRIC_LIST(NAME_) NULL };

/* How each metric is worked out, by its id. */
static const struct metric {
	enum kind kind;
	int       a, b;     /* counters (b < 0: the counter -b added to a), or the sample set in a */
} metrics[TKT_NMETRICS] = {
#define DEF_(id, name, kind, a, b) { kind, a, b },
	TKT_METRIC_LIST(DEF_)
};

static const char *const keys[] = {
	"agent", "group", "type", "priority", "channel", "tag", "template", "day", "week",
	"month", "ticket", NULL,
};
enum { KEY_AGENT, KEY_GROUP, KEY_TYPE, KEY_PRIORITY, KEY_CHANNEL, KEY_TAG, KEY_TEMPLATE,
       KEY_DAY, KEY_WEEK, KEY_MONTH, KEY_TICKET, KEY_FIELD };

#define MAX_KEYS 4

/* ---- groups ---------------------------------------------------------- */

/* Durations of one kind: their count and sum for the mean, and the values
 * themselves (as 32-bit seconds: 68 years) only where a median or a
 * percentile must sort them. */
struct samples {
	uint32_t *v;
	size_t    n, cap;
	int64_t   sum;
};

/* The sample sets that have a median or a percentile. */
static const int sorted_set[NSAMPLES] = {
	[S_BACKLOG_AGE] = 1, [S_FIRST_REPLY] = 1, [S_NEXT_REPLY] = 1,
	[S_FIRST_RESOLUTION] = 1, [S_FULL_RESOLUTION] = 1, [S_REQUESTER_WAIT] = 1,
};

struct custs {                    /* the requester of each ticket counted */
	int64_t *id;
	size_t   n, cap;
};

struct group {
	char           *label[MAX_KEYS];
	char           *key;          /* the labels joined, for lookup */
	int64_t         c[NCOUNTERS];
	struct samples  s[NSAMPLES];
	struct custs    customers;
};

struct tkt_report {
	struct tkt_report_opts o;
	int            nkeys, key[MAX_KEYS];
	char          *field[MAX_KEYS];     /* field.NAME keys */
	int            want[TKT_NMETRICS];
	struct group **groups;
	size_t         ngroups, cap;
	struct group **table;               /* hash of groups by key */
	size_t         tcap;
	tkt_clock     *clock;
	time_t        *bucket;              /* bucket i is [bucket[i], bucket[i + 1]) */
	size_t         nbuckets;
	int            finished;            /* finish() has run */
};

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

/* ---- one ticket's history -------------------------------------------- */

struct item {                     /* a message, an event or a rating */
	time_t  at;
	int     type;                 /* 'm', 'e', 'r' */
	char   *a, *b, *c;            /* m: kind, author, "opening"; e: what, old, new; r: kind, agent */
	int64_t n;                    /* m: spent; r: score */
};

struct ticket {
	int64_t      id, requester;
	time_t       created;
	char        *channel, *template_name, *field[MAX_KEYS];
	char        *status, *priority, *type, *assignee, *group;   /* at the window's end */
	char       **tags;
	size_t       ntags;
	struct item *items;
	size_t       nitems, cap;
};

static void
ticket_release(struct ticket *t)
{
	size_t i;
	int k;

	free(t->channel);
	free(t->template_name);
	for (k = 0; k < MAX_KEYS; k++)
		free(t->field[k]);
	free(t->status);
	free(t->priority);
	free(t->type);
	free(t->assignee);
	free(t->group);
	for (i = 0; i < t->ntags; i++)
		free(t->tags[i]);
	free(t->tags);
	for (i = 0; i < t->nitems; i++) {
		free(t->items[i].a);
		free(t->items[i].b);
		free(t->items[i].c);
	}
	free(t->items);
	memset(t, 0, sizeof *t);
}

static int
in_window(const tkt_report *r, time_t t)
{
	return t >= r->o.since && t < r->o.until;
}

/* A duration on the clock the report is read in. */
static int64_t
dur(tkt_report *r, time_t from, time_t to)
{
	if (to <= from)
		return 0;
	return r->o.business ? tkt_clock_business(r->clock, from, to) : (int64_t)(to - from);
}

/* A duration on the clock of a target. */
static int64_t
target_dur(tkt_report *r, const struct tkt_sla *sla, time_t from, time_t to)
{
	if (to <= from)
		return 0;
	return sla->business ? tkt_clock_business(r->clock, from, to) : (int64_t)(to - from);
}

/* The labels of a contribution made at `when` by `agent` (NULL: the
 * ticket's assignee); calls add for each group it falls in (a ticket with
 * several tags is in each tag's group). */
typedef void (*add_fn)(struct group *g, void *ctx);

static void
label_time(int key, time_t when, char *buf, size_t n)
{
	struct tm tm;

	localtime_r(&when, &tm);
	strftime(buf, n, key == KEY_DAY ? "%Y-%m-%d" : key == KEY_WEEK ? "%G-W%V" : "%Y-%m", &tm);
}

static void
each_group(tkt_report *r, const struct ticket *t, time_t when, const char *agent,
           add_fn add, void *ctx)
{
	char *label[MAX_KEYS];
	char tbuf[MAX_KEYS][32];
	size_t tagi[MAX_KEYS] = { 0 }, ntag = t->ntags ? t->ntags : 1;
	int k, tagk = -1, done = 0;

	for (k = 0; k < r->nkeys; k++)
		if (r->key[k] == KEY_TAG)
			tagk = k;
	while (!done) {
		for (k = 0; k < r->nkeys; k++) {
			const char *v = NULL;

			switch (r->key[k]) {
			case KEY_AGENT:    v = agent ? agent : t->assignee; break;
			case KEY_GROUP:    v = t->group; break;
			case KEY_TYPE:     v = t->type; break;
			case KEY_PRIORITY: v = t->priority; break;
			case KEY_CHANNEL:  v = t->channel; break;
			case KEY_TAG:      v = t->ntags ? t->tags[tagi[k]] : NULL; break;
			case KEY_TEMPLATE: v = t->template_name; break;
			case KEY_FIELD:    v = t->field[k]; break;
			case KEY_TICKET:
				snprintf(tbuf[k], sizeof tbuf[k], "%lld", (long long)t->id);
				v = tbuf[k];
				break;
			default:
				label_time(r->key[k], when, tbuf[k], sizeof tbuf[k]);
				v = tbuf[k];
			}
			label[k] = (char *)(v && *v ? v : "-");
		}
		add(group_get(r, label), ctx);
		if (tagk < 0 || ++tagi[tagk] >= ntag)
			done = 1;
	}
}

struct add_ctx {
	int     counter, sample;
	int64_t n;
	int64_t customer;
};

static void
add_one(struct group *g, void *arg)
{
	struct add_ctx *a = arg;

	if (a->counter >= 0)
		g->c[a->counter] += a->n;
	if (a->sample >= 0)
		sample_add(&g->s[a->sample], sorted_set[a->sample], a->n);
	if (a->customer)
		customer_add(&g->customers, a->customer);
}

static void
count(tkt_report *r, const struct ticket *t, int counter, time_t when, const char *agent,
      int64_t n)
{
	struct add_ctx a = { counter, -1, n, 0 };

	each_group(r, t, when, agent, add_one, &a);
}

static void
sample(tkt_report *r, const struct ticket *t, int s, time_t when, int64_t v)
{
	struct add_ctx a = { -1, s, v, 0 };

	each_group(r, t, when, NULL, add_one, &a);
}

static const struct tkt_sla *
sla_of(const tkt_report *r, const struct ticket *t)
{
	int p = tkt_enum_index(tkt_priorities, t->priority);

	return &r->o.config->sla[p < 0 ? 1 : p];
}

/* Attributes at the window's end: the last change before it, else the
 * value before the first change after it, else the value now. */
static void
attributes_at_end(tkt_report *r, struct ticket *t)
{
	static const char *const attrs[] = { "status", "priority", "type", "assignee", "group" };
	char **slot[] = { &t->status, &t->priority, &t->type, &t->assignee, &t->group };
	size_t i, j;

	for (j = 0; j < 5; j++) {
		int seen_before = 0, seen_after = 0;

		for (i = 0; i < t->nitems; i++) {
			const struct item *it = &t->items[i];

			if (it->type != 'e' || strcmp(it->a, attrs[j]) != 0)
				continue;
			if (it->at < r->o.until) {
				free(*slot[j]);
				*slot[j] = tkt_strdup(it->c);
				seen_before = 1;
			} else if (!seen_before && !seen_after) {
				free(*slot[j]);
				*slot[j] = tkt_strdup(it->b);
				seen_after = 1;
			}
		}
	}
	/* Tags at the end, when any tag event is known. */
	for (i = 0; i < t->nitems; i++) {
		const struct item *it = &t->items[i];

		if (it->type != 'e' || strcmp(it->a, "tag") != 0 || it->at >= r->o.until)
			continue;
		if (it->c) {
			for (j = 0; j < t->ntags && strcmp(t->tags[j], it->c) != 0; j++)
				;
			if (j == t->ntags) {
				t->tags = tkt_realloc(t->tags, (t->ntags + 1) * sizeof *t->tags);
				t->tags[t->ntags++] = tkt_strdup(it->c);
			}
		} else if (it->b) {
			for (j = 0; j < t->ntags; j++) {
				if (strcmp(t->tags[j], it->b) == 0) {
					free(t->tags[j]);
					t->tags[j] = t->tags[--t->ntags];
					break;
				}
			}
		}
	}
}

/* Where the status was from a time on, and what it means, worked out once
 * for the snapshots of every bucket. */
struct seg {
	time_t      from;
	const char *status;
	int         active, done;
};

/* A stretch while the customer waited for an update: from the last update
 * (or the moment the ticket became active) to the next one (or the moment
 * it stopped being active, or the window's end). */
struct gap {
	time_t from, to;
	int    exceeded;
};

struct replay {
	struct seg *seg;
	size_t      nseg, segcap;
	struct gap *gap;
	size_t      ngap, gapcap;
};

static void
seg_add(struct replay *rp, time_t from, const char *status)
{
	if (rp->nseg == rp->segcap)
		rp->seg = tkt_realloc(rp->seg, (rp->segcap = rp->segcap * 2 + 8) * sizeof *rp->seg);
	rp->seg[rp->nseg].from = from;
	rp->seg[rp->nseg].active = tkt_status_active(status);
	rp->seg[rp->nseg].done = tkt_status_done(status);
	rp->seg[rp->nseg++].status = status;
}

static void
gap_add(tkt_report *r, struct replay *rp, const struct tkt_sla *sla, time_t from, time_t to)
{
	if (to <= from)
		return;
	if (rp->ngap == rp->gapcap)
		rp->gap = tkt_realloc(rp->gap, (rp->gapcap = rp->gapcap * 2 + 8) * sizeof *rp->gap);
	rp->gap[rp->ngap].from = from;
	rp->gap[rp->ngap].to = to;
	rp->gap[rp->ngap++].exceeded = target_dur(r, sla, from, to) > sla->update;
}

/* The status at time e: the last change before e (the ticket is made new,
 * so there is one). */
static const struct seg *
status_at(const struct replay *rp, time_t e)
{
	size_t i;

	for (i = 1; i < rp->nseg && rp->seg[i].from < e; i++)
		;
	return &rp->seg[i - 1];
}

/* What is measured at the end of each bucket of the window, or over it:
 * the backlog and its age, update compliance, tickets past their update. */
static void
snapshots(tkt_report *r, const struct ticket *t, const struct replay *rp,
          const struct tkt_sla *sla)
{
	size_t b, i;

	for (b = 0; b < r->nbuckets; b++) {
		time_t b0 = r->bucket[b], b1 = r->bucket[b + 1];
		const struct seg *at_end;
		int active = 0, ok = 1;

		if (t->created >= b1)
			continue;               /* not yet created */
		at_end = status_at(rp, b1);
		if (!at_end->done) {
			count(r, t, C_BACKLOG, b0, NULL, 1);
			sample(r, t, S_BACKLOG_AGE, b0, dur(r, t->created, b1));
		}
		for (i = 0; i < rp->nseg; i++) {
			time_t to = i + 1 < rp->nseg ? rp->seg[i + 1].from : r->o.until;

			if (rp->seg[i].active && to > rp->seg[i].from && rp->seg[i].from < b1 && to > b0)
				active = 1;
		}
		if (!active)
			continue;
		for (i = 0; i < rp->ngap; i++)
			if (rp->gap[i].exceeded && rp->gap[i].from < b1 && rp->gap[i].to > b0)
				ok = 0;
		count(r, t, C_UPD_ACTIVE, b0, NULL, 1);
		count(r, t, C_UPD_OK, b0, NULL, ok);
		if (!at_end->active)
			continue;
		for (i = 0; i < rp->ngap; i++)
			if (rp->gap[i].from < b1 && rp->gap[i].to >= b1 &&
			    target_dur(r, sla, rp->gap[i].from, b1) > sla->update)
				count(r, t, C_UPD_OVERDUE, b0, NULL, 1);
	}
}

/* Replay one ticket's history and add what it contributes. */
static void
ticket_done(tkt_report *r, struct ticket *t)
{
	const struct tkt_sla *sla;
	struct replay rp = { 0 };
	const char *status = tkt_statuses[TKT_STATUS_NEW];
	time_t since_status = t->created, first_reply = 0, first_solve = 0, last_solve = 0;
	time_t wait_start = 0, upd_start = t->created, first_reopen = 0, end = r->o.until;
	int64_t in_status[TKT_NSTATUSES] = { 0 }, at_solve[TKT_NSTATUSES] = { 0 };
	int replies = 0, replies_at_solve = 0, reopens = 0, reply_after_reopen = 0;
	int solved_in_window = 0, transfers_by_end = 0, reopen_pending = 0;
	size_t i;

	attributes_at_end(r, t);
	sla = sla_of(r, t);
	seg_add(&rp, t->created, status);

	for (i = 0; i < t->nitems; i++) {
		struct item *it = &t->items[i];

		if (it->at >= end)
			break;
		if (it->type == 'm') {
			int agent = strcmp(it->a, "agent") == 0, customer = strcmp(it->a, "customer") == 0;

			if (it->n && in_window(r, it->at))
				count(r, t, C_WORK, it->at, it->b, it->n);
			if (agent && in_window(r, it->at))
				count(r, t, C_REPLIES, it->at, it->b, 1);
			if (agent && it->c) {
				upd_start = it->at;     /* the opening message: not a reply */
				continue;
			}
			if (agent) {
				if (!first_reply)
					first_reply = it->at;
				if (wait_start) {
					int64_t w = target_dur(r, sla, wait_start, it->at);

					if (in_window(r, wait_start)) {
						sample(r, t, S_NEXT_REPLY, wait_start, dur(r, wait_start, it->at));
						count(r, t, w <= sla->next_reply ? C_NR_WITHIN : C_NR_BREACH,
						      wait_start, NULL, 1);
					}
					wait_start = 0;
				}
				if (tkt_status_active(status)) {
					gap_add(r, &rp, sla, upd_start, it->at);
					upd_start = it->at;
				}
				if (!tkt_status_done(status))
					replies++;
				if (reopen_pending)
					reply_after_reopen = 1;
			} else if (customer && first_reply && !wait_start) {
				wait_start = it->at;
			}
		} else if (it->type == 'e') {
			if (strcmp(it->a, "status") == 0 && it->c) {
				int b = tkt_enum_index(tkt_statuses, status);
				int solve = tkt_status_solves(status, it->c);

				if (b >= 0)
					in_status[b] += dur(r, since_status, it->at);
				if (tkt_status_active(status) && !tkt_status_active(it->c))
					gap_add(r, &rp, sla, upd_start, it->at);
				else if (!tkt_status_active(status) && tkt_status_active(it->c))
					upd_start = it->at;
				status = it->c;
				since_status = it->at;
				seg_add(&rp, it->at, status);
				if (solve) {
					if (!first_solve)
						first_solve = it->at;
					last_solve = it->at;
					memcpy(at_solve, in_status, sizeof at_solve);
					replies_at_solve = replies;
					if (in_window(r, it->at))
						solved_in_window = 1;
					reopen_pending = 0;
				}
			} else if (strcmp(it->a, "reopen") == 0) {
				reopens++;
				reopen_pending = 1;
				if (in_window(r, it->at) && !first_reopen)
					first_reopen = it->at;
			} else if ((strcmp(it->a, "assignee") == 0 || strcmp(it->a, "group") == 0) &&
			           it->b) {
				transfers_by_end++;
				if (in_window(r, it->at))
					count(r, t, C_TRANSFERS, it->at, NULL, 1);
			}
		} else if (it->type == 'r' && in_window(r, it->at)) {
			const char *agent = it->b;

			if (strcmp(it->a, "csat") == 0) {
				count(r, t, C_CSAT_N, it->at, agent, 1);
				count(r, t, C_CSAT_POS, it->at, agent, it->n >= 4);
			} else if (strcmp(it->a, "nps") == 0) {
				count(r, t, C_NPS_N, it->at, agent, 1);
				count(r, t, C_NPS_PRO, it->at, agent, it->n >= 9);
				count(r, t, C_NPS_DET, it->at, agent, it->n <= 6);
			} else {
				count(r, t, C_AGENT_N, it->at, agent, 1);
				count(r, t, C_AGENT_SUM, it->at, agent, it->n);
				count(r, t, C_AGENT_NEG, it->at, agent, it->n <= 2);
			}
		}
	}
	if (tkt_status_active(status))
		gap_add(r, &rp, sla, upd_start, end);
	snapshots(r, t, &rp, sla);

	/* Created in the window: volume, first reply, resolution, transfers. */
	if (in_window(r, t->created)) {
		struct add_ctx a = { C_CREATED, -1, 1, t->requester };

		each_group(r, t, t->created, NULL, add_one, &a);
		if (first_reply) {
			sample(r, t, S_FIRST_REPLY, t->created, dur(r, t->created, first_reply));
			count(r, t, target_dur(r, sla, t->created, first_reply) <= sla->first_reply ?
			      C_FR_WITHIN : C_FR_BREACH, t->created, NULL, 1);
		} else {
			count(r, t, C_UNANSWERED, t->created, NULL, 1);
			if (target_dur(r, sla, t->created, end) > sla->first_reply)
				count(r, t, C_FR_BREACH, t->created, NULL, 1);
		}
		count(r, t, C_CREATED_SOLVED, t->created, NULL, tkt_status_done(status));
		count(r, t, C_REASSIGNED, t->created, NULL, transfers_by_end > 0);
	}
	if (first_solve && in_window(r, first_solve))
		sample(r, t, S_FIRST_RESOLUTION, first_solve, dur(r, t->created, first_solve));
	if (solved_in_window) {
		int64_t waited = 0;

		sample(r, t, S_FULL_RESOLUTION, last_solve, dur(r, t->created, last_solve));
		count(r, t, target_dur(r, sla, t->created, last_solve) <= sla->resolution ?
		      C_RES_WITHIN : C_RES_BREACH, last_solve, NULL, 1);
		count(r, t, C_SOLVED, last_solve, NULL, 1);
		count(r, t, C_SOLVED_REOPENED, last_solve, NULL, reopens > 0);
		count(r, t, C_SOLVED_REPLIES, last_solve, NULL, replies_at_solve);
		count(r, t, C_ONE_TOUCH, last_solve, NULL, replies_at_solve <= 1 && !reply_after_reopen);
		/* The requester waits in the active statuses. */
		for (i = 0; i < TKT_NSTATUSES; i++)
			if (tkt_status_active(tkt_statuses[i]))
				waited += at_solve[i];
		sample(r, t, S_REQUESTER_WAIT, last_solve, waited);
		sample(r, t, S_AGENT_WORK, last_solve, at_solve[TKT_STATUS_NEW] + at_solve[TKT_STATUS_OPEN]);
		sample(r, t, S_NEW, last_solve, at_solve[TKT_STATUS_NEW]);
		sample(r, t, S_OPEN, last_solve, at_solve[TKT_STATUS_OPEN]);
		sample(r, t, S_ON_HOLD, last_solve, at_solve[TKT_STATUS_ON_HOLD]);
		sample(r, t, S_PENDING, last_solve, at_solve[TKT_STATUS_PENDING]);
	}
	if (!tkt_status_done(status) && target_dur(r, sla, t->created, end) > sla->resolution)
		count(r, t, C_RES_BREACH, end - 1, NULL, 1);
	if (first_reopen)
		count(r, t, C_REOPENED, first_reopen, NULL, 1);
	free(rp.seg);
	free(rp.gap);
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

/* ---- reading the store ----------------------------------------------- */

static int
key_parse(tkt_report *r, const char *by)
{
	char *list = tkt_strdup(by), *tok, *save = NULL;
	int rc = 0;

	for (tok = strtok_r(list, ",", &save); tok && !rc; tok = strtok_r(NULL, ",", &save)) {
		int k = tkt_enum_index(keys, tok);

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

/* The tickets the window may concern: created before its end, and not
 * settled before its start (solved or closed with nothing since). */
#define CANDIDATE \
	" AND t.created_at < :until" \
	" AND (t.updated_at >= :since OR t.status NOT IN " TKT_SQL_DONE ")"

static tkt_stmt *
query(tkt_report *r, tkt_store *st, const char *select, const char *join, const char *order)
{
	tkt_buf sql = TKT_BUF_INIT;
	tkt_stmt *s;

	tkt_buf_printf(&sql, "SELECT %s\n  FROM tickets t JOIN customers c ON c.id = t.requester%s\n"
	               " WHERE ", select, join);
	tkt_filter_where(st, r->o.filter, &sql);
	tkt_buf_printf(&sql, CANDIDATE "\n ORDER BY %s", order);
	s = db_prepare(st, sql.s);
	tkt_buf_release(&sql);
	if (!s)
		return NULL;
	tkt_filter_bind(r->o.filter, s);
	db_bind_int(s, ":since", (int64_t)r->o.since);
	db_bind_int(s, ":until", (int64_t)r->o.until);
	return s;
}

static void
item_add(struct ticket *t, int type, time_t at, const char *a, const char *b, const char *c,
         int64_t n)
{
	struct item *it;

	if (t->nitems == t->cap)
		t->items = tkt_realloc(t->items, (t->cap = t->cap * 2 + 16) * sizeof *t->items);
	it = &t->items[t->nitems++];
	it->at = at;
	it->type = type;
	it->a = tkt_strdup(a);
	it->b = tkt_strdup(b);
	it->c = tkt_strdup(c);
	it->n = n;
}

static int
cmp_item(const void *x, const void *y)
{
	const struct item *a = x, *b = y;

	if (a->at != b->at)
		return a->at < b->at ? -1 : 1;
	/* At the same second: what was said before what it changed. */
	return (a->type == 'm' ? 0 : a->type == 'e' ? 1 : 2) -
	       (b->type == 'm' ? 0 : b->type == 'e' ? 1 : 2);
}

/* Read each cursor's rows of ticket id into t; a cursor's current row is
 * kept between tickets ("pending" in *state). */
static int
feed(tkt_store *st, tkt_stmt *s, int *state, int64_t id, struct ticket *t, int type)
{
	for (;;) {
		int64_t tid;

		if (*state == 0)
			*state = db_step(s);
		if (*state == DB_DONE)
			return 0;
		if (*state != DB_ROW)
			return db_error(st, *state, "reading the history");
		tid = db_int(s, 0);
		if (tid > id)
			return 0;
		if (tid == id)
			item_add(t, type, (time_t)db_int(s, 1), db_text(s, 2), db_text(s, 3),
			         db_text(s, 4), db_int(s, 5));
		*state = 0;
	}
}

/* Read the tickets once for reports r[0..n) of the same filter and window
 * (only the first may group by field.NAME): each ticket's history is
 * gathered once and replayed for each. */
int
tkt_report_run_all(tkt_report **rs, size_t n, tkt_store *st)
{
	tkt_report *r = rs[0];
	tkt_buf select = TKT_BUF_INIT;
	tkt_stmt *qt = NULL, *qm = NULL, *qe = NULL, *qr = NULL;
	int sm = 0, se = 0, sr = 0, step, rc, k;
	struct ticket t;
	size_t j;

	for (j = 1; j < n; j++) {
		int fields = 0;

		for (k = 0; k < rs[j]->nkeys; k++)
			fields |= rs[j]->key[k] == KEY_FIELD;
		if (fields || rs[j]->o.since != r->o.since || rs[j]->o.until != r->o.until ||
		    rs[j]->o.filter != r->o.filter)
			return tkt_error(EX_SOFTWARE, "reports read together must share their "
			                 "window and filter");
	}
	memset(&t, 0, sizeof t);
	if ((rc = tkt_filter_prepare(st, r->o.filter)))
		return rc;
	tkt_buf_puts(&select, "t.id, t.created_at, t.requester, t.channel, t.template, t.status,"
	                      " t.priority, t.type, t.assignee, t.grp");
	for (k = 0; k < r->nkeys; k++)
		if (r->key[k] == KEY_FIELD)
			tkt_buf_printf(&select, ", (SELECT value FROM fields WHERE ticket = t.id AND name = :field%d)", k);
	qt = query(r, st, select.s, "", "t.id");
	qm = query(r, st, "m.ticket, m.created_at, m.kind, m.author,"
	           " CASE WHEN m.kind = 'agent' AND NOT " TKT_SQL_REPLY("m") " THEN 'opening' END, m.spent",
	           " JOIN messages m ON m.ticket = t.id", "t.id, m.created_at, m.id");
	qe = query(r, st, "e.ticket, e.at, e.what, e.old, e.new, 0",
	           " JOIN events e ON e.ticket = t.id", "t.id, e.at, e.id");
	qr = query(r, st, "x.ticket, x.at, x.kind, x.agent, NULL, x.score",
	           " JOIN ratings x ON x.ticket = t.id", "t.id, x.at, x.id");
	tkt_buf_release(&select);
	if (!qt || !qm || !qe || !qr) {
		rc = tkt_errcode();
		goto out;
	}
	for (k = 0; k < r->nkeys; k++)
		if (r->key[k] == KEY_FIELD) {
			char name[32];

			snprintf(name, sizeof name, ":field%d", k);
			db_bind_text(qt, name, r->field[k]);
		}
	while ((step = db_step(qt)) == DB_ROW) {
		int c = 10;

		t.id = db_int(qt, 0);
		t.created = (time_t)db_int(qt, 1);
		t.requester = db_int(qt, 2);
		t.channel = db_dup(qt, 3);
		t.template_name = db_dup(qt, 4);
		t.status = db_dup(qt, 5);
		t.priority = db_dup(qt, 6);
		t.type = db_dup(qt, 7);
		t.assignee = db_dup(qt, 8);
		t.group = db_dup(qt, 9);
		for (k = 0; k < r->nkeys; k++)
			if (r->key[k] == KEY_FIELD)
				t.field[k] = db_dup(qt, c++);
		if ((rc = feed(st, qm, &sm, t.id, &t, 'm')) || (rc = feed(st, qe, &se, t.id, &t, 'e')) ||
		    (rc = feed(st, qr, &sr, t.id, &t, 'r')))
			goto out;
		if (t.nitems > 1)
			qsort(t.items, t.nitems, sizeof *t.items, cmp_item);
		/* Each replay takes the attributes at the window's end, the
		 * same for every report of the window. */
		for (j = 0; j < n; j++)
			ticket_done(rs[j], &t);
		ticket_release(&t);
	}
	rc = step == DB_DONE ? 0 : db_error(st, step, "reading tickets");
out:
	ticket_release(&t);
	db_finalize(qt);
	db_finalize(qm);
	db_finalize(qe);
	db_finalize(qr);
	return rc;
}

int
tkt_report_run(tkt_report *r, tkt_store *st)
{
	return tkt_report_run_all(&r, 1, st);
}

/* ---- the numbers ----------------------------------------------------- */

static int
cmp_u32(const void *x, const void *y)
{
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;

	return (a > b) - (a < b);
}

/* The value of metric m for group g: 0 and *v set, or -1 when it has none
 * (a rate of nothing, a median of no durations). */
static int
value(struct group *g, const struct metric *m, double *v)
{
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
		*v = (double)a / (double)b * (m->kind == K_RATE || m->kind == K_NPS ? 100 : 1);
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

/* A number as text: counts whole, durations whole seconds, rates and
 * ratios with one decimal. */
static void
number(char *buf, size_t n, const struct metric *m, double v)
{
	if (m->kind == K_RATE || m->kind == K_RATIO || m->kind == K_NPS || m->kind == K_AVERAGE)
		snprintf(buf, n, "%.1f", v);
	else
		snprintf(buf, n, "%.0f", v);
}

/* A number for people: durations as 2h 05m, rates with a %. */
static void
human(char *buf, size_t n, const struct metric *m, double v)
{
	if (m->kind == K_MEDIAN || m->kind == K_MEAN || m->kind == K_P90 || m->kind == K_SECONDS) {
		int64_t s = (int64_t)v, d = s / 86400, h = s / 3600 % 24, mi = s / 60 % 60;

		if (d)
			snprintf(buf, n, "%lldd %02lldh %02lldm", (long long)d, (long long)h, (long long)mi);
		else if (h)
			snprintf(buf, n, "%lldh %02lldm", (long long)h, (long long)mi);
		else
			snprintf(buf, n, "%lldm %02llds", (long long)mi, (long long)(s % 60));
	} else if (m->kind == K_RATE) {
		snprintf(buf, n, "%.1f%%", v);
	} else {
		number(buf, n, m, v);
	}
}

static const char *
key_name(const tkt_report *r, int k, char *buf, size_t n)
{
	if (r->key[k] == KEY_FIELD)
		snprintf(buf, n, "field.%s", r->field[k]);
	else
		snprintf(buf, n, "%s", keys[r->key[k]]);
	return buf;
}

static void
csv_field(FILE *fp, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		fputs(s, fp);
		return;
	}
	putc('"', fp);
	for (; *s; s++) {
		if (*s == '"')
			putc('"', fp);
		putc(*s, fp);
	}
	putc('"', fp);
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
static void
settle(tkt_report *r)
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

int
tkt_report_write(tkt_report *r, FILE *out, const char *format)
{
	char buf[64], name[80];
	size_t i, j;
	int k, csv = strcmp(format, "csv") == 0, tsv = strcmp(format, "tsv") == 0;
	const char *sep = csv ? "," : "\t", *eol = csv ? "\r\n" : "\n";

	settle(r);
	if (csv || tsv) {
		for (k = 0; k < r->nkeys; k++)
			fprintf(out, "%s%s", key_name(r, k, name, sizeof name), sep);
		for (i = 0, j = 0; i < TKT_NMETRICS; i++)
			if (r->want[i])
				fprintf(out, "%s%s", j++ ? sep : "", tkt_metric_names[i]);
		fputs(eol, out);
		for (i = 0; i < r->ngroups; i++) {
			for (k = 0; k < r->nkeys; k++) {
				if (csv)
					csv_field(out, r->groups[i]->label[k]);
				else
					tkt_out_field(out, r->groups[i]->label[k]);
				fputs(sep, out);
			}
			for (j = 0, k = 0; j < TKT_NMETRICS; j++) {
				double v;

				if (!r->want[j])
					continue;
				if (k++)
					fputs(sep, out);
				if (value(r->groups[i], &metrics[j], &v) == 0) {
					number(buf, sizeof buf, &metrics[j], v);
					fputs(buf, out);
				}
			}
			fputs(eol, out);
		}
		return 0;
	}
	if (strcmp(format, "json") == 0) {
		for (i = 0; i < r->ngroups; i++) {
			fputc('{', out);
			for (k = 0; k < r->nkeys; k++) {
				tkt_out_json_str(out, key_name(r, k, name, sizeof name));
				fputc(':', out);
				tkt_out_json_str(out, r->groups[i]->label[k]);
				fputc(',', out);
			}
			for (j = 0, k = 0; j < TKT_NMETRICS; j++) {
				double v;

				if (!r->want[j])
					continue;
				fprintf(out, "%s\"%s\":", k++ ? "," : "", tkt_metric_names[j]);
				if (value(r->groups[i], &metrics[j], &v) == 0) {
					number(buf, sizeof buf, &metrics[j], v);
					fputs(buf, out);
				} else {
					fputs("null", out);
				}
			}
			fputs("}\n", out);
		}
		return 0;
	}
	/* The table: one column per group, one row per metric. */
	{
		char tbuf[2][32];
		size_t width = 24;

		fprintf(out, "window %s .. %s%s\n", tkt_time_iso(r->o.since, tbuf[0]),
		        tkt_time_iso(r->o.until, tbuf[1]), r->o.business ? " (business hours)" : "");
		for (k = 0; k < r->nkeys; k++) {
			fprintf(out, "%-*s", (int)width, key_name(r, k, name, sizeof name));
			for (i = 0; i < r->ngroups; i++) {
				fputs("  ", out);
				fprintf(out, "%16.16s", r->groups[i]->label[k]);
			}
			fputc('\n', out);
		}
		for (j = 0; j < TKT_NMETRICS; j++) {
			if (!r->want[j])
				continue;
			fprintf(out, "%-*s", (int)width, tkt_metric_names[j]);
			for (i = 0; i < r->ngroups; i++) {
				double v;

				if (value(r->groups[i], &metrics[j], &v) == 0)
					human(buf, sizeof buf, &metrics[j], v);
				else
					strcpy(buf, "-");
				fprintf(out, "  %16s", buf);
			}
			fputc('\n', out);
		}
	}
	return 0;
}

int
tkt_report_value(tkt_report *r, const char *label, const char *metric, double *v)
{
	char key[256];
	size_t i;
	int j;

	settle(r);
	if ((j = tkt_enum_index(tkt_metric_names, metric)) < 0)
		return tkt_error(EX_SOFTWARE, "no metric '%s'", metric);
	if (r->nkeys != 1 || !r->tcap)
		return -1;
	/* The group's key is its label and a unit separator (group_get). */
	snprintf(key, sizeof key, "%s\x1f", label);
	for (i = hash_str(key) & (r->tcap - 1); r->table[i]; i = (i + 1) & (r->tcap - 1))
		if (strcmp(r->table[i]->key, key) == 0)
			return value(r->table[i], &metrics[j], v) == 0 ? 0 : -1;
	return -1;
}

int
tkt_report_format_valid(const char *format)
{
	return strcmp(format, "table") == 0 || strcmp(format, "tsv") == 0 ||
	       strcmp(format, "csv") == 0 || strcmp(format, "json") == 0;
}

/* ---- reading a report's groups (the page) ---------------------------- */

/* The counter of the breaches of each target. */
static const enum counter breach_counter[TKT_NBREACHES] = {
	[TKT_BREACH_FIRST_REPLY] = C_FR_BREACH, [TKT_BREACH_NEXT_REPLY] = C_NR_BREACH,
	[TKT_BREACH_RESOLUTION] = C_RES_BREACH,
};

size_t
tkt_report_groups(tkt_report *r)
{
	settle(r);
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
	settle(r);
	return g < r->ngroups ? value(r->groups[g], &metrics[m], v) : -1;
}

void
tkt_report_format(enum tkt_metric m, double v, int for_people, char *buf, size_t n)
{
	if (for_people)
		human(buf, n, &metrics[m], v);
	else
		number(buf, n, &metrics[m], v);
}

int
tkt_report_format_change(enum tkt_metric id, double d, char *buf, size_t n)
{
	const struct metric *m = &metrics[id];
	char amount[48];

	number(amount, sizeof amount, m, fabs(d));
	if (strtod(amount, NULL) == 0) {
		snprintf(buf, n, "%s", "");
		return 0;                 /* none at the precision shown */
	}
	if (m->kind == K_MEDIAN || m->kind == K_MEAN || m->kind == K_P90 || m->kind == K_SECONDS)
		human(amount, sizeof amount, m, fabs(d));
	snprintf(buf, n, "%s%s%s", d > 0 ? "+" : "-", amount, m->kind == K_RATE ? " pts" : "");
	return 1;
}

int64_t
tkt_report_breaches(tkt_report *r, size_t g, enum tkt_breach b)
{
	settle(r);
	return g < r->ngroups ? r->groups[g]->c[breach_counter[b]] : 0;
}

const uint32_t *
tkt_report_durations(tkt_report *r, size_t g, enum tkt_metric id, size_t *n)
{
	const struct metric *m = &metrics[id];

	settle(r);
	*n = 0;
	if (g >= r->ngroups || m->kind != K_MEDIAN)
		return NULL;
	*n = r->groups[g]->s[m->a].n;
	return r->groups[g]->s[m->a].v;
}
