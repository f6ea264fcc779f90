-- A store of schema version 4, as tkt made it before text search came:
-- four tickets in Greek, Hungarian, Romanian and English, one with a
-- field and one with a reply.  Load it with sqlite3 STORE <v4.sql.
PRAGMA application_id = 1953199153;
PRAGMA user_version = 4;
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE customers (
  id      INTEGER PRIMARY KEY,
  name    TEXT,
  email   TEXT UNIQUE COLLATE NOCASE,
  phone   TEXT,
  handle  TEXT UNIQUE
);
INSERT INTO customers VALUES(1,'Γιώργος Παπαδόπουλος','giorgos@example.gr',NULL,NULL);
INSERT INTO customers VALUES(2,'Kovács Ádám','adam@example.hu',NULL,NULL);
INSERT INTO customers VALUES(3,'Ana Popescu','ana@example.ro',NULL,NULL);
INSERT INTO customers VALUES(4,NULL,'old@example.com',NULL,NULL);
CREATE TABLE tickets (
  id            INTEGER PRIMARY KEY,
  subject       TEXT    NOT NULL,
  requester     INTEGER NOT NULL REFERENCES customers(id),
  status        TEXT    NOT NULL DEFAULT 'new' CHECK (status IN
                  ('new','open','pending','on-hold','solved','closed')),
  priority      TEXT    NOT NULL DEFAULT 'normal' CHECK (priority IN
                  ('low','normal','high','urgent')),
  type          TEXT,
  channel       TEXT    NOT NULL,
  assignee      TEXT,
  grp           TEXT,
  template      TEXT,
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL,
  solved_at     INTEGER,
  waiting_since INTEGER
);
INSERT INTO tickets VALUES(1,'Old router',1,'open','normal',NULL,'api','root',NULL,NULL,1793613600,1793617200,NULL,NULL);
INSERT INTO tickets VALUES(2,'Modem',2,'new','normal',NULL,'api',NULL,NULL,NULL,1793613600,1793613600,NULL,1793613600);
INSERT INTO tickets VALUES(3,'Factură',3,'new','normal',NULL,'api',NULL,NULL,NULL,1793613600,1793613600,NULL,1793613600);
INSERT INTO tickets VALUES(4,'Other',4,'new','normal',NULL,'api',NULL,NULL,NULL,1793613600,1793613600,NULL,1793613600);
CREATE TABLE messages (
  id          INTEGER PRIMARY KEY,
  ticket      INTEGER NOT NULL REFERENCES tickets(id),
  author      TEXT    NOT NULL,
  kind        TEXT    NOT NULL CHECK (kind IN ('customer','agent','note','system')),
  channel     TEXT    NOT NULL,
  body        TEXT    NOT NULL,
  created_at  INTEGER NOT NULL,
  message_id  TEXT    UNIQUE,
  spent       INTEGER NOT NULL DEFAULT 0
, quoted TEXT, from_name TEXT, from_email TEXT, unverified INTEGER NOT NULL DEFAULT 0
  CHECK (unverified IN (0, 1)), opening INTEGER NOT NULL DEFAULT 0
  CHECK (opening IN (0, 1)));
INSERT INTO messages VALUES(1,1,'Γιώργος Παπαδόπουλος <giorgos@example.gr>','customer','api','Ρούτερ από παλιά: δεν ανάβει.',1793613600,NULL,0,NULL,NULL,NULL,0,0);
INSERT INTO messages VALUES(2,2,'Kovács Ádám <adam@example.hu>','customer','api','Következő lépésként újraindítottam a modemet.',1793613600,NULL,0,NULL,NULL,NULL,0,0);
INSERT INTO messages VALUES(3,3,'Ana Popescu <ana@example.ro>','customer','api','Factura mea conține o greşeală (ş cu sedilă).',1793613600,NULL,0,NULL,NULL,NULL,0,0);
INSERT INTO messages VALUES(4,4,'old@example.com','customer','api','nothing here',1793613600,NULL,0,NULL,NULL,NULL,0,0);
INSERT INTO messages VALUES(5,1,'root','agent','api','Ευχαριστούμε, στέλνουμε τεχνικό.',1793617200,NULL,0,NULL,NULL,NULL,0,0);
CREATE TABLE fields (
  ticket  INTEGER NOT NULL REFERENCES tickets(id),
  name    TEXT    NOT NULL,
  value   TEXT    NOT NULL,
  PRIMARY KEY (ticket, name)
) WITHOUT ROWID;
INSERT INTO fields VALUES(2,'order','100234');
CREATE TABLE tags (
  ticket  INTEGER NOT NULL REFERENCES tickets(id),
  tag     TEXT    NOT NULL,
  PRIMARY KEY (ticket, tag)
) WITHOUT ROWID;
CREATE TABLE events (
  id      INTEGER PRIMARY KEY,
  ticket  INTEGER NOT NULL REFERENCES tickets(id),
  what    TEXT    NOT NULL,
  old     TEXT,
  new     TEXT,
  actor   TEXT    NOT NULL,
  at      INTEGER NOT NULL
);
INSERT INTO events VALUES(1,1,'status',NULL,'new','root',1793613600);
INSERT INTO events VALUES(2,1,'priority',NULL,'normal','root',1793613600);
INSERT INTO events VALUES(3,2,'status',NULL,'new','root',1793613600);
INSERT INTO events VALUES(4,2,'priority',NULL,'normal','root',1793613600);
INSERT INTO events VALUES(5,3,'status',NULL,'new','root',1793613600);
INSERT INTO events VALUES(6,3,'priority',NULL,'normal','root',1793613600);
INSERT INTO events VALUES(7,4,'status',NULL,'new','root',1793613600);
INSERT INTO events VALUES(8,4,'priority',NULL,'normal','root',1793613600);
INSERT INTO events VALUES(9,1,'status','new','open','root',1793617200);
INSERT INTO events VALUES(10,1,'assignee',NULL,'root','root',1793617200);
CREATE TABLE ratings (
  id       INTEGER PRIMARY KEY,
  ticket   INTEGER NOT NULL REFERENCES tickets(id),
  kind     TEXT    NOT NULL CHECK (kind IN ('csat','nps','agent')),
  score    INTEGER NOT NULL,
  agent    TEXT,
  comment  TEXT,
  at       INTEGER NOT NULL
);
CREATE TABLE reviews (
  id        INTEGER PRIMARY KEY,
  ticket    INTEGER NOT NULL REFERENCES tickets(id),
  item      TEXT    NOT NULL,
  verdict   TEXT    NOT NULL CHECK (verdict IN ('pass','fail','na')),
  agent     TEXT,
  reviewer  TEXT    NOT NULL,
  source    TEXT    NOT NULL CHECK (source IN ('person','auto')),
  evidence  TEXT,
  at        INTEGER NOT NULL
);
CREATE TABLE attachments (
  id       INTEGER PRIMARY KEY,
  message  INTEGER NOT NULL REFERENCES messages(id),
  name     TEXT,
  type     TEXT    NOT NULL,
  size     INTEGER NOT NULL,
  data     BLOB,
  path     TEXT
);
CREATE TABLE followers (
  ticket  INTEGER NOT NULL REFERENCES tickets(id),
  email   TEXT    NOT NULL COLLATE NOCASE,
  name    TEXT,
  PRIMARY KEY (ticket, email)
) WITHOUT ROWID;
CREATE TABLE outbox (
  message    INTEGER PRIMARY KEY REFERENCES messages(id),
  state      TEXT    NOT NULL CHECK (state IN ('queued','sending','sent','failed')),
  attempts   INTEGER NOT NULL DEFAULT 0,
  error      TEXT,
  queued_at  INTEGER NOT NULL,
  claimed_at INTEGER,
  claim      TEXT,
  sent_at    INTEGER
);
CREATE INDEX tickets_requester ON tickets(requester);
CREATE INDEX tickets_status    ON tickets(status);
CREATE INDEX tickets_created   ON tickets(created_at);
CREATE INDEX tickets_assignee  ON tickets(assignee);
CREATE INDEX messages_ticket ON messages(ticket, created_at);
CREATE INDEX tags_tag ON tags(tag);
CREATE INDEX events_ticket ON events(ticket, at);
CREATE INDEX ratings_ticket ON ratings(ticket);
CREATE INDEX reviews_ticket ON reviews(ticket, item, at);
CREATE INDEX reviews_at ON reviews(at);
CREATE INDEX attachments_message ON attachments(message);
CREATE INDEX outbox_unsent ON outbox(queued_at, message) WHERE state <> 'sent';
COMMIT;
