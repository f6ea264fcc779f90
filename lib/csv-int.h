/*
 * csv-int.h: the inside of tkt-import --csv, shared by csv-map.c (the
 * mapping file: which column is what) and csv-import.c (the rows made
 * tickets); never installed.
 */
#ifndef TKT_CSV_INT_H
#define TKT_CSV_INT_H

#include "tkt-int.h"

/* What a mapping can say a column is.  The first group is a ticket's (of
 * a row, or of a conversation's first row), the second a message's. */
enum csv_key {
	CSV_ID, CSV_SUBJECT, CSV_NAME, CSV_EMAIL, CSV_HANDLE, CSV_CREATED, CSV_FIRST_RESPONSE,
	CSV_RESPONSE, CSV_SOLVED, CSV_STATUS, CSV_PRIORITY, CSV_CHANNEL, CSV_TYPE, CSV_GROUP,
	CSV_AGENT, CSV_CSAT, CSV_DESCRIPTION, CSV_RESOLUTION,
	CSV_MESSAGE, CSV_REPLY_TO, CSV_KIND, CSV_AUTHOR, CSV_AT, CSV_BODY,
	CSV_NKEYS
};

/* A value taken from a row: a column's (col >= 0) through its value map,
 * its default when the column is empty; or the mapping's own (fixed);
 * unmapped when neither. */
struct csv_value {
	const struct tkt_yaml *node;     /* where the mapping says it */
	const char  *name;               /* the key's name, or a field's */
	const char  *column;             /* the column's name */
	const char  *fixed, *dflt;
	const char  *format;             /* a time's strptime(3) format */
	int          col;
	size_t       nvalues;
	const char **from, **to;         /* the value map */
};

struct csv_map {
	const char      *file;
	struct tkt_yaml *root;
	int              messages;          /* each row a message, not a ticket */
	struct csv_value key[CSV_NKEYS];
	struct csv_value *fields, *tags;
	size_t           nfields, ntags;
};

/* The keys' names in a mapping file ("first_response"), NULL after. */
extern const char *const tkt_csv_keys[CSV_NKEYS + 1];

/* Read the mapping file path into *m (free with tkt_csv_map_free):
 * EX_CONFIG at the place of the first thing wrong. */
int  tkt_csv_map_load(const char *path, struct csv_map *m);
/* Find each column the mapping names in the header of csv (n names):
 * EX_CONFIG naming the first that is not there. */
int  tkt_csv_map_columns(struct csv_map *m, const char *csv, char *const *header, size_t n);
void tkt_csv_map_free(struct csv_map *m);
/* Whether v is mapped. */
static inline int
csv_mapped(const struct csv_value *v)
{
	return v->column || v->fixed;
}

#endif
