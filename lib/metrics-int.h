/*
 * metrics-int.h: what the files of the report share, and no other file
 * of libtkt sees: metrics.c (the report, its groups and its numbers),
 * metrics-feed.c (reading the store), metrics-replay.c (one ticket's
 * history) and metrics-format.c (the report written out).
 */
#ifndef TKT_METRICS_INT_H
#define TKT_METRICS_INT_H

#include "tkt-int.h"

/* ---- what is counted and what is sorted ------------------------------ */

enum counter {
	C_CREATED, C_SOLVED, C_REOPENED, C_BACKLOG, C_UNANSWERED, C_FR_WITHIN, C_FR_BREACH,
	C_NR_WITHIN, C_NR_BREACH, C_ONE_TOUCH, C_CREATED_SOLVED, C_SOLVED_REOPENED,
	C_SOLVED_REPLIES, C_UPD_ACTIVE, C_UPD_OK, C_UPD_OVERDUE, C_CSAT_N, C_CSAT_POS,
	C_NPS_N, C_NPS_PRO, C_NPS_DET, C_CES_N, C_CES_SUM, C_CES_EASY, C_AGENT_N, C_AGENT_SUM,
	C_AGENT_NEG, C_TRANSFERS,
	C_REASSIGNED, C_REPLIES, C_WORK, C_CUST, C_CUST_REPEAT, C_RES_WITHIN, C_RES_BREACH,
	C_TOUCH_SOLVED, C_MERGED, C_PROBLEMS_SOLVED, C_PROBLEM_INCIDENTS,
	NCOUNTERS
};

enum sample {
	S_BACKLOG_AGE, S_FIRST_REPLY, S_NEXT_REPLY, S_FIRST_RESOLUTION, S_FULL_RESOLUTION,
	S_REQUESTER_WAIT, S_AGENT_WORK, S_NEW, S_OPEN, S_ON_HOLD, S_PENDING, S_PROBLEM_RESOLUTION,
	NSAMPLES
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

/* How each metric of TKT_METRIC_LIST is worked out, by its id. */
struct metric {
	enum kind kind;
	int       a, b;     /* counters (b < 0: the counter -b added to a), or the sample set in a */
};
extern const struct metric tkt_metric_defs[TKT_NMETRICS];

/* The grouping keys: their names by number, then NULL; field.NAME is
 * KEY_FIELD. */
extern const char *const tkt_report_keys[];
enum { KEY_AGENT, KEY_GROUP, KEY_TYPE, KEY_PRIORITY, KEY_CHANNEL, KEY_TAG, KEY_TEMPLATE,
       KEY_DAY, KEY_WEEK, KEY_MONTH, KEY_TICKET, KEY_FIELD };

#define MAX_KEYS 4

/* ---- the report and its groups --------------------------------------- */

/* Durations of one kind: their count and sum for the mean, and the values
 * themselves (as 32-bit seconds: 68 years) only where a median or a
 * percentile must sort them. */
struct samples {
	uint32_t *v;
	size_t    n, cap;
	int64_t   sum;
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
	int            finished;            /* settled: read as they are */
};

/* ---- one ticket's history -------------------------------------------- */

/* In the order they are replayed at the same second: what was said
 * before what it changed. */
enum item_type { ITEM_MESSAGE, ITEM_EVENT, ITEM_RATING };

struct item {                     /* a message, an event or a rating */
	time_t          at;
	enum item_type  type;
	char           *kind;         /* message: agent, customer...; rating: csat, nps, agent, ces */
	char           *who;          /* message: its author; rating: the agent rated */
	char           *what;         /* event: the attribute it changed */
	char           *from, *to;    /* event: the attribute's values before and after */
	int             opening;      /* message: an agent's opening one, not a reply */
	int64_t         spent;        /* message: the seconds of work on it */
	int64_t         score;        /* rating */
};

struct ticket {
	int64_t      id, requester;
	time_t       created;
	char        *channel, *template_name, *field[MAX_KEYS];
	char        *status, *priority, *type, *assignee, *group;   /* at the window's end */
	char       **tags;
	size_t       ntags;
	int64_t      merged_into;     /* the ticket it was merged into, or 0 */
	int64_t      problem;         /* the problem it is an incident of, or 0 */
	int64_t      incidents;       /* a problem's incidents */
	time_t       first_incident;  /* when the first of them was opened */
	struct item *items;
	size_t       nitems, cap;
};

/* What a ticket adds to each group it falls in: n to a counter, the
 * duration n to a sample set (-1: none), and its requester (0: none). */
struct contribution {
	int     counter, sample;
	int64_t n;
	int64_t customer;
};

/* metrics.c: add c to the groups of ticket t for a contribution made at
 * `when` by `agent` (NULL: the ticket's assignee); a ticket with several
 * tags is in each tag's group. */
void tkt_report_add(tkt_report *r, const struct ticket *t, time_t when, const char *agent,
                    const struct contribution *c);
/* metrics.c: the groups as they are read (tkt_report_groups), once all
 * is added; and the value of metric m for group g, 0 and *v set, or -1
 * when it has none (a rate of nothing, a median of no durations). */
void tkt_report_settle(tkt_report *r);
int  tkt_group_value(struct group *g, enum tkt_metric m, double *v);

/* metrics-replay.c: replay ticket t's history, its items in order, and
 * add what it contributes to r. */
void tkt_report_replay(tkt_report *r, struct ticket *t);

#endif
