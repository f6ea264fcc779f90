/* metrics-replay.c: one ticket's history replayed, its messages, events
 * and ratings in order up to the window's end, and what it contributes
 * to a report: a handler for each kind of item, then what is measured
 * once the history is read (at the end of each bucket, at its creation,
 * at its solves).  The words (reply, solve, reopen, active) are
 * tkt-metrics(7)'s. */
#include <stdlib.h>
#include <string.h>

#include "metrics-int.h"

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

/* Where the replay of a ticket stands after the items read so far. */
struct replay {
	tkt_report           *r;
	const struct ticket  *t;
	const struct tkt_sla *sla;
	const char           *status;            /* the status now, set at since_status */
	time_t                since_status;
	time_t                first_reply;
	time_t                wait_start;        /* a customer waits for the next reply since */
	time_t                upd_start;         /* the last update, or when it became active */
	time_t                first_solve, last_solve;
	time_t                first_reopen;      /* in the window */
	int64_t               in_status[TKT_NSTATUSES];     /* the time spent in each status */
	int64_t               at_solve[TKT_NSTATUSES];      /* the same at the last solve */
	int                   replies;           /* while not done */
	int                   replies_at_solve;  /* at the last solve */
	int                   reopens, reopen_pending, reply_after_reopen;
	int                   solved_in_window;
	int                   transfers;         /* by the window's end */
	struct seg           *seg;
	size_t                nseg, segcap;
	struct gap           *gap;
	size_t                ngap, gapcap;
};

static int
in_window(const tkt_report *r, time_t t)
{
	return t >= r->o.since && t < r->o.until;
}

/* A duration in business hours, or on the calendar. */
static int64_t
span(const tkt_report *r, int business, time_t from, time_t to)
{
	if (to <= from)
		return 0;
	return business ? tkt_clock_business(r->clock, from, to) : (int64_t)(to - from);
}

/* A duration on the clock the report is read in. */
static int64_t
dur(const tkt_report *r, time_t from, time_t to)
{
	return span(r, r->o.business, from, to);
}

/* A duration on the clock of the ticket's targets. */
static int64_t
target_dur(const struct replay *rp, time_t from, time_t to)
{
	return span(rp->r, rp->sla->business, from, to);
}

/* Add n to a counter, or the duration v to a sample set, for a
 * contribution made at `when` (by `agent`; NULL: the assignee). */
static void
count(struct replay *rp, enum counter counter, time_t when, const char *agent, int64_t n)
{
	struct contribution c = { counter, -1, n, 0 };

	tkt_report_add(rp->r, rp->t, when, agent, &c);
}

static void
sample(struct replay *rp, enum sample s, time_t when, int64_t v)
{
	struct contribution c = { -1, s, v, 0 };

	tkt_report_add(rp->r, rp->t, when, NULL, &c);
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

			if (it->type != ITEM_EVENT || strcmp(it->what, attrs[j]) != 0)
				continue;
			if (it->at < r->o.until) {
				free(*slot[j]);
				*slot[j] = tkt_strdup(it->to);
				seen_before = 1;
			} else if (!seen_before && !seen_after) {
				free(*slot[j]);
				*slot[j] = tkt_strdup(it->from);
				seen_after = 1;
			}
		}
	}
}

/* Tags at the window's end, when any tag event is known. */
static void
tags_at_end(tkt_report *r, struct ticket *t)
{
	size_t i, j;

	for (i = 0; i < t->nitems; i++) {
		const struct item *it = &t->items[i];

		if (it->type != ITEM_EVENT || strcmp(it->what, "tag") != 0 || it->at >= r->o.until)
			continue;
		if (it->to) {
			for (j = 0; j < t->ntags && strcmp(t->tags[j], it->to) != 0; j++)
				;
			if (j == t->ntags) {
				t->tags = tkt_realloc(t->tags, (t->ntags + 1) * sizeof *t->tags);
				t->tags[t->ntags++] = tkt_strdup(it->to);
			}
		} else if (it->from) {
			for (j = 0; j < t->ntags; j++) {
				if (strcmp(t->tags[j], it->from) == 0) {
					free(t->tags[j]);
					t->tags[j] = t->tags[--t->ntags];
					break;
				}
			}
		}
	}
}

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
gap_add(struct replay *rp, time_t from, time_t to)
{
	if (to <= from)
		return;
	if (rp->ngap == rp->gapcap)
		rp->gap = tkt_realloc(rp->gap, (rp->gapcap = rp->gapcap * 2 + 8) * sizeof *rp->gap);
	rp->gap[rp->ngap].from = from;
	rp->gap[rp->ngap].to = to;
	rp->gap[rp->ngap++].exceeded = target_dur(rp, from, to) > rp->sla->update;
}

/* ---- the items ------------------------------------------------------- */

/* An agent's reply: the first reply, or the end of a customer's wait for
 * the next one; an update. */
static void
on_reply(struct replay *rp, const struct item *it)
{
	if (!rp->first_reply)
		rp->first_reply = it->at;
	if (rp->wait_start) {
		int64_t w = target_dur(rp, rp->wait_start, it->at);

		if (in_window(rp->r, rp->wait_start)) {
			sample(rp, S_NEXT_REPLY, rp->wait_start, dur(rp->r, rp->wait_start, it->at));
			count(rp, w <= rp->sla->next_reply ? C_NR_WITHIN : C_NR_BREACH, rp->wait_start,
			      NULL, 1);
		}
		rp->wait_start = 0;
	}
	if (tkt_status_active(rp->status)) {
		gap_add(rp, rp->upd_start, it->at);
		rp->upd_start = it->at;
	}
	if (!tkt_status_done(rp->status))
		rp->replies++;
	if (rp->reopen_pending)
		rp->reply_after_reopen = 1;
}

/* A message: work and replies counted; an agent's opening message is an
 * update, not a reply; a customer's after the first reply waits for the
 * next. */
static void
on_message(struct replay *rp, const struct item *it)
{
	int agent = strcmp(it->kind, "agent") == 0;

	if (it->spent && in_window(rp->r, it->at))
		count(rp, C_WORK, it->at, it->who, it->spent);
	if (agent && in_window(rp->r, it->at))
		count(rp, C_REPLIES, it->at, it->who, 1);
	if (agent && it->opening)
		rp->upd_start = it->at;
	else if (agent)
		on_reply(rp, it);
	else if (strcmp(it->kind, "customer") == 0 && rp->first_reply && !rp->wait_start)
		rp->wait_start = it->at;
}

/* A solve at `at`: what is measured at the last one. */
static void
on_solve(struct replay *rp, time_t at)
{
	if (!rp->first_solve)
		rp->first_solve = at;
	rp->last_solve = at;
	memcpy(rp->at_solve, rp->in_status, sizeof rp->at_solve);
	rp->replies_at_solve = rp->replies;
	if (in_window(rp->r, at))
		rp->solved_in_window = 1;
	rp->reopen_pending = 0;
}

/* A change of status: the time in the one left, the updates owed while
 * active, a solve. */
static void
on_status(struct replay *rp, const struct item *it)
{
	int was = tkt_enum_index(tkt_statuses, rp->status), was_active, active, solve;

	if (!it->to)
		return;
	was_active = tkt_status_active(rp->status);
	active = tkt_status_active(it->to);
	solve = tkt_status_solves(rp->status, it->to);
	if (was >= 0)
		rp->in_status[was] += dur(rp->r, rp->since_status, it->at);
	if (was_active && !active)
		gap_add(rp, rp->upd_start, it->at);
	else if (!was_active && active)
		rp->upd_start = it->at;
	rp->status = it->to;
	rp->since_status = it->at;
	seg_add(rp, it->at, rp->status);
	if (solve)
		on_solve(rp, it->at);
}

/* A reopen: the first in the window counted; a reply after it is not
 * one touch. */
static void
on_reopen(struct replay *rp, const struct item *it)
{
	rp->reopens++;
	rp->reopen_pending = 1;
	if (in_window(rp->r, it->at) && !rp->first_reopen)
		rp->first_reopen = it->at;
}

/* A change of assignee or group from someone: a transfer. */
static void
on_transfer(struct replay *rp, const struct item *it)
{
	if (!it->from)
		return;
	rp->transfers++;
	if (in_window(rp->r, it->at))
		count(rp, C_TRANSFERS, it->at, NULL, 1);
}

/* An event, by the attribute it changed; the others count for nothing. */
static void
on_event(struct replay *rp, const struct item *it)
{
	static const struct {
		const char *what;
		void      (*on)(struct replay *, const struct item *);
	} handlers[] = {
		{ "status", on_status }, { "reopen", on_reopen }, { "assignee", on_transfer },
		{ "group", on_transfer },
	};
	size_t i;

	for (i = 0; i < sizeof handlers / sizeof handlers[0]; i++)
		if (strcmp(it->what, handlers[i].what) == 0)
			handlers[i].on(rp, it);
}

/* A rating in the window, for the agent rated. */
static void
on_rating(struct replay *rp, const struct item *it)
{
	const char *agent = it->who;

	if (!in_window(rp->r, it->at))
		return;
	if (strcmp(it->kind, "csat") == 0) {
		count(rp, C_CSAT_N, it->at, agent, 1);
		count(rp, C_CSAT_POS, it->at, agent, it->score >= 4);
	} else if (strcmp(it->kind, "nps") == 0) {
		count(rp, C_NPS_N, it->at, agent, 1);
		count(rp, C_NPS_PRO, it->at, agent, it->score >= 9);
		count(rp, C_NPS_DET, it->at, agent, it->score <= 6);
	} else if (strcmp(it->kind, "ces") == 0) {
		count(rp, C_CES_N, it->at, agent, 1);
		count(rp, C_CES_SUM, it->at, agent, it->score);
		count(rp, C_CES_EASY, it->at, agent, it->score >= 5);
	} else {
		count(rp, C_AGENT_N, it->at, agent, 1);
		count(rp, C_AGENT_SUM, it->at, agent, it->score);
		count(rp, C_AGENT_NEG, it->at, agent, it->score <= 2);
	}
}

/* The handler of each type of item. */
static void (*const on_item[])(struct replay *, const struct item *) = {
	[ITEM_MESSAGE] = on_message, [ITEM_EVENT] = on_event, [ITEM_RATING] = on_rating,
};

/* ---- once the history is read ---------------------------------------- */

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

/* Whether the ticket was active at some time in [b0, b1). */
static int
active_in(const struct replay *rp, time_t b0, time_t b1)
{
	size_t i;
	int active = 0;

	for (i = 0; i < rp->nseg; i++) {
		time_t to = i + 1 < rp->nseg ? rp->seg[i + 1].from : rp->r->o.until;

		if (rp->seg[i].active && to > rp->seg[i].from && rp->seg[i].from < b1 && to > b0)
			active = 1;
	}
	return active;
}

/* What is measured at the end of each bucket of the window, or over it:
 * the backlog and its age, update compliance, tickets past their update. */
static void
snapshots(struct replay *rp)
{
	tkt_report *r = rp->r;
	size_t b, i;

	for (b = 0; b < r->nbuckets; b++) {
		time_t b0 = r->bucket[b], b1 = r->bucket[b + 1];
		const struct seg *at_end;
		int ok = 1;

		if (rp->t->created >= b1)
			continue;               /* not yet created */
		at_end = status_at(rp, b1);
		if (!at_end->done) {
			count(rp, C_BACKLOG, b0, NULL, 1);
			sample(rp, S_BACKLOG_AGE, b0, dur(r, rp->t->created, b1));
		}
		if (!active_in(rp, b0, b1))
			continue;
		for (i = 0; i < rp->ngap; i++)
			if (rp->gap[i].exceeded && rp->gap[i].from < b1 && rp->gap[i].to > b0)
				ok = 0;
		count(rp, C_UPD_ACTIVE, b0, NULL, 1);
		count(rp, C_UPD_OK, b0, NULL, ok);
		if (!at_end->active)
			continue;
		for (i = 0; i < rp->ngap; i++)
			if (rp->gap[i].from < b1 && rp->gap[i].to >= b1 &&
			    target_dur(rp, rp->gap[i].from, b1) > rp->sla->update)
				count(rp, C_UPD_OVERDUE, b0, NULL, 1);
	}
}

/* Created in the window: volume, first reply, resolution, transfers. */
static void
count_created(struct replay *rp)
{
	const struct ticket *t = rp->t;
	struct contribution c = { C_CREATED, -1, 1, t->requester };

	tkt_report_add(rp->r, t, t->created, NULL, &c);
	if (rp->first_reply) {
		sample(rp, S_FIRST_REPLY, t->created, dur(rp->r, t->created, rp->first_reply));
		count(rp, target_dur(rp, t->created, rp->first_reply) <= rp->sla->first_reply ?
		      C_FR_WITHIN : C_FR_BREACH, t->created, NULL, 1);
	} else {
		count(rp, C_UNANSWERED, t->created, NULL, 1);
		if (target_dur(rp, t->created, rp->r->o.until) > rp->sla->first_reply)
			count(rp, C_FR_BREACH, t->created, NULL, 1);
	}
	count(rp, C_CREATED_SOLVED, t->created, NULL, tkt_status_done(rp->status));
	count(rp, C_REASSIGNED, t->created, NULL, rp->transfers > 0);
}

/* Solved in the window: the resolution, and the times to the last solve. */
static void
count_solved(struct replay *rp)
{
	time_t created = rp->t->created, at = rp->last_solve;
	const int64_t *in = rp->at_solve;
	int64_t waited = 0;
	size_t i;

	sample(rp, S_FULL_RESOLUTION, at, dur(rp->r, created, at));
	count(rp, target_dur(rp, created, at) <= rp->sla->resolution ? C_RES_WITHIN : C_RES_BREACH,
	      at, NULL, 1);
	count(rp, C_SOLVED, at, NULL, 1);
	count(rp, C_SOLVED_REOPENED, at, NULL, rp->reopens > 0);
	count(rp, C_SOLVED_REPLIES, at, NULL, rp->replies_at_solve);
	/* An incident is answered with its problem: not one touch of its
	 * own. */
	if (!rp->t->problem) {
		count(rp, C_TOUCH_SOLVED, at, NULL, 1);
		count(rp, C_ONE_TOUCH, at, NULL, rp->replies_at_solve <= 1 && !rp->reply_after_reopen);
	}
	/* A problem: its incidents, and the time from the first report of
	 * the fault (its first incident, or itself if earlier). */
	if (rp->t->incidents) {
		time_t first = rp->t->first_incident && rp->t->first_incident < created
		             ? rp->t->first_incident : created;

		count(rp, C_PROBLEMS_SOLVED, at, NULL, 1);
		count(rp, C_PROBLEM_INCIDENTS, at, NULL, rp->t->incidents);
		sample(rp, S_PROBLEM_RESOLUTION, at, dur(rp->r, first, at));
	}
	/* The requester waits in the active statuses. */
	for (i = 0; i < TKT_NSTATUSES; i++)
		if (tkt_status_active(tkt_statuses[i]))
			waited += in[i];
	sample(rp, S_REQUESTER_WAIT, at, waited);
	sample(rp, S_AGENT_WORK, at, in[TKT_STATUS_NEW] + in[TKT_STATUS_OPEN]);
	sample(rp, S_NEW, at, in[TKT_STATUS_NEW]);
	sample(rp, S_OPEN, at, in[TKT_STATUS_OPEN]);
	sample(rp, S_ON_HOLD, at, in[TKT_STATUS_ON_HOLD]);
	sample(rp, S_PENDING, at, in[TKT_STATUS_PENDING]);
}

void
tkt_report_replay(tkt_report *r, struct ticket *t)
{
	struct replay rp = { 0 };
	time_t end = r->o.until;
	size_t i;

	attributes_at_end(r, t);
	tags_at_end(r, t);
	rp.r = r;
	rp.t = t;
	/* A merged ticket lives on in its target, which has its messages and
	 * ratings: it counts only as merged. */
	if (t->merged_into) {
		for (i = 0; i < t->nitems; i++)
			if (t->items[i].type == ITEM_EVENT && strcmp(t->items[i].what, "merged") == 0 &&
			    in_window(r, t->items[i].at))
				count(&rp, C_MERGED, t->items[i].at, NULL, 1);
		return;
	}
	rp.sla = sla_of(r, t);
	rp.status = tkt_statuses[TKT_STATUS_NEW];
	rp.since_status = rp.upd_start = t->created;
	seg_add(&rp, t->created, rp.status);
	for (i = 0; i < t->nitems && t->items[i].at < end; i++)
		on_item[t->items[i].type](&rp, &t->items[i]);
	if (tkt_status_active(rp.status))
		gap_add(&rp, rp.upd_start, end);
	snapshots(&rp);
	if (in_window(r, t->created))
		count_created(&rp);
	if (rp.first_solve && in_window(r, rp.first_solve))
		sample(&rp, S_FIRST_RESOLUTION, rp.first_solve, dur(r, t->created, rp.first_solve));
	if (rp.solved_in_window)
		count_solved(&rp);
	if (!tkt_status_done(rp.status) && target_dur(&rp, t->created, end) > rp.sla->resolution)
		count(&rp, C_RES_BREACH, end - 1, NULL, 1);
	if (rp.first_reopen)
		count(&rp, C_REOPENED, rp.first_reopen, NULL, 1);
	free(rp.seg);
	free(rp.gap);
}
