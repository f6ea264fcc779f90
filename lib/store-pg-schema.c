/* store-pg-schema.c: the schema of a PostgreSQL store, one migration per
 * version, numbered as SQLite's (store-sqlite.c): tkt_pg_migrations,
 * declared in tkt-int.h and run by migrate (store-pg.c).  Part of
 * tkt/pg.so, with store-pg.c and store-pg-sql.c. */
#include "tkt-int.h"

/* Ids when none is given (tkt_next_id, made with the first table; from
 * a sequence since migration 10). */
#define NEXT_ID(t) \
	"CREATE TRIGGER " t "_id BEFORE INSERT ON " t "\n" \
	"  FOR EACH ROW EXECUTE FUNCTION tkt_next_id();\n"
#define TEXT "text COLLATE \"C\""
/* A table's sequence of ids (migration 10), at its largest id. */
#define SEQUENCE(t) \
	"CREATE SEQUENCE " t "_id_seq MINVALUE 0 START 0 OWNED BY " t ".id;\n" \
	"SELECT setval('" t "_id_seq', coalesce(max(id), 0)) FROM " t ";\n"

/* In a bulk load (pg_bulk_begin), a search trigger notes the tickets
 * whose text changed, for pg_bulk_end. */
#define SEARCH_LATER \
	"    IF TG_OP <> 'INSERT' THEN\n" \
	"      INSERT INTO tkt_search_later VALUES (OLD.ticket) ON CONFLICT DO NOTHING;\n" \
	"    END IF;\n" \
	"    IF TG_OP <> 'DELETE' THEN\n" \
	"      INSERT INTO tkt_search_later VALUES (NEW.ticket) ON CONFLICT DO NOTHING;\n" \
	"    END IF;\n"


/* The schema, one step per version, numbered as SQLite's. */
const struct tkt_migration tkt_pg_migrations[] = {
	/* 1: the data model of DESIGN.md */
	{ "CREATE COLLATION IF NOT EXISTS tkt_nocase\n"
	  "  (provider = icu, locale = 'und-u-ks-level2', deterministic = false);\n"
	  "CREATE FUNCTION tkt_next_id() RETURNS trigger LANGUAGE plpgsql AS $$\n"
	  "BEGIN\n"
	  "  IF NEW.id IS NULL THEN\n"
	  "    EXECUTE 'SELECT coalesce(max(id), 0) + 1 FROM '\n"
	  "            || quote_ident(TG_TABLE_SCHEMA) || '.' || quote_ident(TG_TABLE_NAME)\n"
	  "       INTO NEW.id;\n"
	  "  END IF;\n"
	  "  RETURN NEW;\n"
	  "END $$;\n"
	  "CREATE TABLE customers (\n"
	  "  id      bigint PRIMARY KEY,\n"
	  "  name    " TEXT ",\n"
	  "  email   text COLLATE tkt_nocase UNIQUE,\n"
	  "  phone   " TEXT ",\n"
	  "  handle  " TEXT " UNIQUE\n"
	  ");\n"
	  NEXT_ID("customers")
	  "CREATE TABLE tickets (\n"
	  "  id            bigint PRIMARY KEY,\n"
	  "  subject       " TEXT " NOT NULL,\n"
	  "  requester     bigint NOT NULL REFERENCES customers(id),\n"
	  "  status        " TEXT " NOT NULL DEFAULT 'new' CHECK (status IN\n"
	  "                  ('new','open','pending','on-hold','solved','closed')),\n"
	  "  priority      " TEXT " NOT NULL DEFAULT 'normal' CHECK (priority IN\n"
	  "                  ('low','normal','high','urgent')),\n"
	  "  type          " TEXT ",\n"
	  "  channel       " TEXT " NOT NULL,\n"
	  "  assignee      " TEXT ",\n"
	  "  grp           " TEXT ",\n"
	  "  template      " TEXT ",\n"
	  "  created_at    bigint NOT NULL,\n"
	  "  updated_at    bigint NOT NULL,\n"
	  "  solved_at     bigint,\n"
	  "  waiting_since bigint\n"
	  ");\n"
	  NEXT_ID("tickets")
	  "CREATE INDEX tickets_requester ON tickets(requester);\n"
	  "CREATE INDEX tickets_status    ON tickets(status);\n"
	  "CREATE INDEX tickets_created   ON tickets(created_at);\n"
	  "CREATE INDEX tickets_assignee  ON tickets(assignee);\n"
	  "CREATE TABLE messages (\n"
	  "  id          bigint PRIMARY KEY,\n"
	  "  ticket      bigint NOT NULL REFERENCES tickets(id),\n"
	  "  author      " TEXT " NOT NULL,\n"
	  "  kind        " TEXT " NOT NULL CHECK (kind IN ('customer','agent','note','system')),\n"
	  "  channel     " TEXT " NOT NULL,\n"
	  "  body        " TEXT " NOT NULL,\n"
	  "  created_at  bigint NOT NULL,\n"
	  "  message_id  " TEXT " UNIQUE,\n"
	  "  spent       bigint NOT NULL DEFAULT 0\n"
	  ");\n"
	  NEXT_ID("messages")
	  "CREATE INDEX messages_ticket ON messages(ticket, created_at);\n"
	  "CREATE TABLE fields (\n"
	  "  ticket  bigint NOT NULL REFERENCES tickets(id),\n"
	  "  name    " TEXT " NOT NULL,\n"
	  "  value   " TEXT " NOT NULL,\n"
	  "  PRIMARY KEY (ticket, name)\n"
	  ");\n"
	  "CREATE TABLE tags (\n"
	  "  ticket  bigint NOT NULL REFERENCES tickets(id),\n"
	  "  tag     " TEXT " NOT NULL,\n"
	  "  PRIMARY KEY (ticket, tag)\n"
	  ");\n"
	  "CREATE INDEX tags_tag ON tags(tag);\n"
	  "CREATE TABLE events (\n"
	  "  id      bigint PRIMARY KEY,\n"
	  "  ticket  bigint NOT NULL REFERENCES tickets(id),\n"
	  "  what    " TEXT " NOT NULL,\n"
	  "  old     " TEXT ",\n"
	  "  new     " TEXT ",\n"
	  "  actor   " TEXT " NOT NULL,\n"
	  "  at      bigint NOT NULL\n"
	  ");\n"
	  NEXT_ID("events")
	  "CREATE INDEX events_ticket ON events(ticket, at);\n"
	  "CREATE TABLE ratings (\n"
	  "  id       bigint PRIMARY KEY,\n"
	  "  ticket   bigint NOT NULL REFERENCES tickets(id),\n"
	  "  kind     " TEXT " NOT NULL CHECK (kind IN ('csat','nps','agent')),\n"
	  "  score    bigint NOT NULL,\n"
	  "  agent    " TEXT ",\n"
	  "  comment  " TEXT ",\n"
	  "  at       bigint NOT NULL\n"
	  ");\n"
	  NEXT_ID("ratings")
	  "CREATE INDEX ratings_ticket ON ratings(ticket);\n", NULL },
	/* 2: quality reviews, by a person or saved from qa-check */
	{ "CREATE TABLE reviews (\n"
	  "  id        bigint PRIMARY KEY,\n"
	  "  ticket    bigint NOT NULL REFERENCES tickets(id),\n"
	  "  item      " TEXT " NOT NULL,\n"
	  "  verdict   " TEXT " NOT NULL CHECK (verdict IN ('pass','fail','na')),\n"
	  "  agent     " TEXT ",\n"
	  "  reviewer  " TEXT " NOT NULL,\n"
	  "  source    " TEXT " NOT NULL CHECK (source IN ('person','auto')),\n"
	  "  evidence  " TEXT ",\n"
	  "  at        bigint NOT NULL\n"
	  ");\n"
	  NEXT_ID("reviews")
	  "CREATE INDEX reviews_ticket ON reviews(ticket, item, at);\n"
	  "CREATE INDEX reviews_at ON reviews(at);\n", NULL },
	/* 3: mail: the quoted history below a message's new text, attachments */
	{ "ALTER TABLE messages ADD COLUMN quoted " TEXT ";\n"
	  "CREATE TABLE attachments (\n"
	  "  id       bigint PRIMARY KEY,\n"
	  "  message  bigint NOT NULL REFERENCES messages(id),\n"
	  "  name     " TEXT ",\n"
	  "  type     " TEXT " NOT NULL,\n"
	  "  size     bigint NOT NULL,\n"
	  "  data     bytea,\n"
	  "  path     " TEXT "\n"
	  ");\n"
	  NEXT_ID("attachments")
	  "CREATE INDEX attachments_message ON attachments(message);\n", NULL },
	/* 4: who wrote each mail, a ticket's followers, the outbox */
	{ "ALTER TABLE messages ADD COLUMN from_name " TEXT ";\n"
	  "ALTER TABLE messages ADD COLUMN from_email " TEXT ";\n"
	  "ALTER TABLE messages ADD COLUMN unverified bigint NOT NULL DEFAULT 0\n"
	  "  CHECK (unverified IN (0, 1));\n"
	  "ALTER TABLE messages ADD COLUMN opening bigint NOT NULL DEFAULT 0\n"
	  "  CHECK (opening IN (0, 1));\n"
	  TKT_SQL_OPENING_ALL ";\n"
	  "CREATE TABLE followers (\n"
	  "  ticket  bigint NOT NULL REFERENCES tickets(id),\n"
	  "  email   text COLLATE tkt_nocase NOT NULL,\n"
	  "  name    " TEXT ",\n"
	  "  PRIMARY KEY (ticket, email)\n"
	  ");\n"
	  "CREATE TABLE outbox (\n"
	  "  message    bigint PRIMARY KEY REFERENCES messages(id),\n"
	  "  state      " TEXT " NOT NULL CHECK (state IN ('queued','sending','sent','failed')),\n"
	  "  attempts   bigint NOT NULL DEFAULT 0,\n"
	  "  error      " TEXT ",\n"
	  "  queued_at  bigint NOT NULL,\n"
	  "  claimed_at bigint,\n"
	  "  claim      " TEXT ",\n"
	  "  sent_at    bigint\n"
	  ");\n"
	  "CREATE INDEX outbox_unsent ON outbox(queued_at, message) WHERE state <> 'sent';\n", NULL },
	/* 5: text search: each ticket's text folded as libtkt folds it
	 * (tkt_fold: unaccent, then lower case by ICU's root locale whatever
	 * the database's, which lib/fold.h is made to match), in a table
	 * kept by triggers, with trigram indexes (pg_trgm); the requesters'
	 * names, emails and handles folded in a column of their own, with
	 * its trigram index; indexes of their names and of the domains of
	 * their emails */
	{ "DO $$ BEGIN\n"
	  "  CREATE EXTENSION IF NOT EXISTS pg_trgm;\n"
	  "  CREATE EXTENSION IF NOT EXISTS unaccent;\n"
	  "EXCEPTION WHEN undefined_file OR feature_not_supported OR insufficient_privilege THEN\n"
	  "  RAISE EXCEPTION 'text search needs the extensions pg_trgm and unaccent"
	  " (Debian: postgresql-contrib): %', SQLERRM;\n"
	  "END $$;\n"
	  "CREATE COLLATION IF NOT EXISTS tkt_root (provider = icu, locale = 'und');\n"
	  "CREATE FUNCTION tkt_fold(text) RETURNS text\n"
	  "  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$\n"
	  "  SELECT regexp_replace(translate(lower(unaccent('unaccent', $1) COLLATE tkt_root),\n"
	  "    'ς', 'σ'), E'[ \\t\\n\\r\\f\\x0b]+', ' ', 'g')\n"
	  "$$;\n"
	  "CREATE FUNCTION tkt_search_body(bigint) RETURNS text LANGUAGE sql STABLE AS $$\n"
	  "  SELECT coalesce(string_agg(tkt_fold(m.body) || coalesce(chr(10) || tkt_fold(m.quoted), ''),\n"
	  "                             chr(10) ORDER BY m.id), '')\n"
	  "    FROM messages m WHERE m.ticket = $1 AND m.kind <> 'system'\n"
	  "$$;\n"
	  "CREATE FUNCTION tkt_search_fields(bigint) RETURNS text LANGUAGE sql STABLE AS $$\n"
	  "  SELECT coalesce(string_agg(tkt_fold(f.value), chr(10) ORDER BY f.name), '')\n"
	  "    FROM fields f WHERE f.ticket = $1\n"
	  "$$;\n"
	  "CREATE TABLE search (\n"
	  "  ticket  bigint PRIMARY KEY,\n"
	  "  subject " TEXT " NOT NULL,\n"
	  "  body    " TEXT " NOT NULL,\n"
	  "  fields  " TEXT " NOT NULL\n"
	  ");\n"
	  "INSERT INTO search\n"
	  "  SELECT id, tkt_fold(subject), tkt_search_body(id), tkt_search_fields(id) FROM tickets;\n"
	  "CREATE INDEX search_subject ON search USING gin (subject gin_trgm_ops);\n"
	  "CREATE INDEX search_body    ON search USING gin (body gin_trgm_ops);\n"
	  "CREATE INDEX search_fields  ON search USING gin (fields gin_trgm_ops);\n"
	  "CREATE FUNCTION tkt_search_ticket() RETURNS trigger LANGUAGE plpgsql AS $$\n"
	  "BEGIN\n"
	  "  IF TG_OP = 'INSERT' THEN\n"
	  "    INSERT INTO search VALUES (NEW.id, tkt_fold(NEW.subject), '', '');\n"
	  "  ELSIF TG_OP = 'DELETE' THEN\n"
	  "    DELETE FROM search WHERE ticket = OLD.id;\n"
	  "  ELSE\n"
	  "    UPDATE search SET subject = tkt_fold(NEW.subject) WHERE ticket = NEW.id;\n"
	  "  END IF;\n"
	  "  RETURN NULL;\n"
	  "END $$;\n"
	  "CREATE TRIGGER search_ticket AFTER INSERT OR DELETE OR UPDATE OF subject ON tickets\n"
	  "  FOR EACH ROW EXECUTE FUNCTION tkt_search_ticket();\n"
	  "CREATE FUNCTION tkt_search_message() RETURNS trigger LANGUAGE plpgsql AS $$\n"
	  "BEGIN\n"
	  "  IF current_setting('tkt.search_later', true) = 'on' THEN\n"
	  SEARCH_LATER
	  "    RETURN NULL;\n"
	  "  ELSIF TG_OP = 'INSERT' THEN\n"
	  "    IF NEW.kind <> 'system' THEN\n"
	  "      UPDATE search SET body = body || chr(10) || tkt_fold(NEW.body)\n"
	  "                               || coalesce(chr(10) || tkt_fold(NEW.quoted), '')\n"
	  "       WHERE ticket = NEW.ticket;\n"
	  "    END IF;\n"
	  "    RETURN NULL;\n"
	  "  END IF;\n"
	  "  UPDATE search SET body = tkt_search_body(OLD.ticket) WHERE ticket = OLD.ticket;\n"
	  "  IF TG_OP = 'UPDATE' AND NEW.ticket <> OLD.ticket THEN\n"
	  "    UPDATE search SET body = tkt_search_body(NEW.ticket) WHERE ticket = NEW.ticket;\n"
	  "  END IF;\n"
	  "  RETURN NULL;\n"
	  "END $$;\n"
	  "CREATE TRIGGER search_message\n"
	  "  AFTER INSERT OR DELETE OR UPDATE OF ticket, kind, body, quoted ON messages\n"
	  "  FOR EACH ROW EXECUTE FUNCTION tkt_search_message();\n"
	  "CREATE FUNCTION tkt_search_field() RETURNS trigger LANGUAGE plpgsql AS $$\n"
	  "BEGIN\n"
	  "  IF current_setting('tkt.search_later', true) = 'on' THEN\n"
	  SEARCH_LATER
	  "    RETURN NULL;\n"
	  "  END IF;\n"
	  "  IF TG_OP <> 'INSERT' THEN\n"
	  "    UPDATE search SET fields = tkt_search_fields(OLD.ticket) WHERE ticket = OLD.ticket;\n"
	  "  END IF;\n"
	  "  IF TG_OP <> 'DELETE' THEN\n"
	  "    UPDATE search SET fields = tkt_search_fields(NEW.ticket) WHERE ticket = NEW.ticket;\n"
	  "  END IF;\n"
	  "  RETURN NULL;\n"
	  "END $$;\n"
	  "CREATE TRIGGER search_field AFTER INSERT OR DELETE OR UPDATE ON fields\n"
	  "  FOR EACH ROW EXECUTE FUNCTION tkt_search_field();\n",
	  "ALTER TABLE customers ADD COLUMN folded " TEXT " GENERATED ALWAYS AS (\n"
	  "  coalesce(tkt_fold(name), '') || chr(10) || coalesce(tkt_fold(email COLLATE \"C\"), '')\n"
	  "  || chr(10) || coalesce(tkt_fold(handle), '')) STORED;\n"
	  "CREATE INDEX customers_folded ON customers USING gin (folded gin_trgm_ops);\n"
	  "CREATE INDEX customers_name ON customers(name);\n"
	  "CREATE INDEX customers_domain ON customers(lower(split_part(email COLLATE \"C\", '@', 2)));\n" },
	/* 6: merges and problems (link.c) */
	{ LINKS_SQL("bigint"), NULL },
	/* 7: the tags of the log by name, to tell a tag no ticket ever had
	 * (tkt_tag_known): a tag event has either old or new */
	{ "CREATE INDEX events_tag ON events(coalesce(new, old)) WHERE what = 'tag';\n", NULL },
	/* 8: as SQLite's: tickets by a field's value (a value may be longer
	 * than a B-tree takes: a hash index of the values, one of the
	 * names), and by when they last changed */
	{ "CREATE INDEX fields_name ON fields(name);\n"
	  "CREATE INDEX fields_value ON fields USING hash (value);\n"
	  "CREATE INDEX tickets_updated ON tickets(updated_at);\n", NULL },
	/* 9: the customer effort score, a rating of its own kind (rating.c) */
	{ "ALTER TABLE ratings DROP CONSTRAINT ratings_kind_check,\n"
	  "  ADD CONSTRAINT ratings_kind_check CHECK (kind IN ('csat','nps','agent','ces'));\n", NULL },
	/* 10: ids from a sequence per table, so that writers adding tickets
	 * run at once (pg_begin_adding) rather than one at a time for the
	 * largest id.  Ids given (an import) are moved past as the load
	 * ends (tkt_ids_past, pg_bulk_end), so a load that fails leaves the
	 * sequences as they were; an id a failed write had taken is not
	 * given again.  Both functions run as the store's owner, so a role
	 * that may insert needs no right on the sequences. */
	{ SEQUENCE("customers") SEQUENCE("tickets") SEQUENCE("messages") SEQUENCE("events")
	  SEQUENCE("ratings") SEQUENCE("reviews") SEQUENCE("attachments")
	  "CREATE OR REPLACE FUNCTION tkt_next_id() RETURNS trigger LANGUAGE plpgsql\n"
	  "  SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$\n"
	  "DECLARE\n"
	  "  seq regclass := (quote_ident(TG_TABLE_SCHEMA) || '.'\n"
	  "                   || quote_ident(TG_TABLE_NAME || '_id_seq'))::regclass;\n"
	  "BEGIN\n"
	  "  IF NEW.id IS NULL THEN\n"
	  "    NEW.id := nextval(seq);\n"
	  "  END IF;\n"
	  "  RETURN NEW;\n"
	  "END $$;\n"
	  "CREATE FUNCTION tkt_ids_past(store text) RETURNS void LANGUAGE plpgsql\n"
	  "  SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$\n"
	  "DECLARE\n"
	  "  t text;\n"
	  "  seq regclass;\n"
	  "  largest bigint;\n"
	  "BEGIN\n"
	  "  FOREACH t IN ARRAY ARRAY['customers', 'tickets', 'messages', 'events', 'ratings',\n"
	  "                           'reviews', 'attachments'] LOOP\n"
	  "    seq := (quote_ident(store) || '.' || quote_ident(t || '_id_seq'))::regclass;\n"
	  "    EXECUTE format('SELECT max(id) FROM %I.%I', store, t) INTO largest;\n"
	  "    IF largest > pg_sequence_last_value(seq) THEN\n"
	  "      PERFORM setval(seq, largest);\n"
	  "    END IF;\n"
	  "  END LOOP;\n"
	  "END $$;\n", NULL },
};
const int tkt_pg_nmigrations = sizeof tkt_pg_migrations / sizeof tkt_pg_migrations[0];
