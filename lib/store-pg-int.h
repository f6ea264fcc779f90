/* store-pg-int.h: what store-pg.c takes from store-pg-sql.c, inside the
 * PostgreSQL module (said in full where it is defined).  The schema of
 * store-pg-schema.c, tkt_pg_migrations, is declared in tkt-int.h with
 * SQLite's. */
#ifndef TKT_STORE_PG_INT_H
#define TKT_STORE_PG_INT_H

/* What PostgreSQL writes its own way, by tkt_sql number: the backend's
 * .sql. */
extern const char *const pg_sql[TKT_NSQL];

#endif
