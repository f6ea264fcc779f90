/*
 * filter-int.h: the inside of a filter, shared by filter.c (the words
 * compiled into a condition), filter-sql.c (the condition as each backend
 * writes it, and its values bound) and list.c (the ticket listing); never
 * installed.
 */
#ifndef TKT_FILTER_INT_H
#define TKT_FILTER_INT_H

#include "tkt-int.h"

/* ---- filter.c: a filter, as its words make it --------------------------- */

/* The statuses in which a customer can be waiting for an agent. */
#define WAITING_STATUSES "t.status IN " TKT_SQL_ACTIVE

/* Around "OP,N" in a condition: field value compared as a number with
 * the value of parameter :fN (never a byte of SQL or of a value). */
#define NUMBER_MARK '\x1f'
/* Around "N" in a condition: the text search f->search[N], which each
 * backend asks its own index (tkt_filter_where). */
#define SEARCH_MARK '\x1e'
/* Around "N" in a condition: the backend's SQL number N (enum tkt_sql). */
#define SQL_MARK '\x1d'
/* Around "N" in a condition: the tickets with the tag of parameter :fN,
 * read from the index of tags, or checked ticket by ticket when the
 * filter keeps only the backlog (tkt_filter_where). */
#define TAG_MARK '\x1c'

enum op { OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE, OP_MATCH };
/* Each operator as SQL (filter.c); OP_MATCH has none. */
extern const char *const tkt_filter_op_sql[];

struct value {
	int     is_int;
	int64_t i;
	char   *s;
};

/* An SLA word: checked per ticket, with the configuration's clock. */
struct sla_word {
	int     breach;             /* 1: breach=, 0: due */
	int     targets;            /* breach: a bit per target */
	enum op op;
	int64_t secs;               /* due: the duration compared with */
};

/* A text search word: its searches, folded, of which one must match (a
 * list, requester~ann,bob; text~ has one), in which column (NULL: any),
 * of the tickets' index or the requesters'; bound as :sN (SQLite's FTS5
 * query) or :sN_M (PostgreSQL's patterns, of every word in turn). */
struct search_word {
	struct tkt_search *q;
	size_t             nq;
	const char        *col;
	int                requester;
	char              *fts;
	char             **likes;
	size_t             nlikes;
};

struct tkt_filter {
	time_t                   now;
	char                    *me;
	tkt_buf                  where;
	struct value            *vals;
	size_t                   nvals, cap;
	size_t                   nwords;
	int64_t                 *ids;          /* tkt_filter_ids, or NULL */
	size_t                   nids;
	struct sla_word         *sla;
	size_t                   nsla;
	const struct tkt_config *config;       /* for the SLA words */
	struct search_word      *search;
	size_t                   nsearch;
	struct tkt_search        all;          /* the words of every search */
	int                      merged;       /* is=merged: merged tickets too */
	/* A word keeps only tickets not done (a status that is not solved
	 * or closed, an SLA word): the backlog, which does not grow with
	 * the store's history, is read first, from the index of statuses,
	 * and its tags checked ticket by ticket, rather than every ticket
	 * that ever had the tag read from the index of tags. */
	int                      backlog;
};

/* ---- filter-sql.c: SQL from a template ---------------------------------- */

/* Append template to sql, its "%s" replaced by arg. */
void tkt_put_template(tkt_buf *sql, const char *template, const char *arg);

#endif
