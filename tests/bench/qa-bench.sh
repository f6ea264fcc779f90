#!/bin/sh
# How fast does qa-check read?  Build a store of N tickets (plain SQL),
# each with a customer message and two agent replies taken from the
# English, Greek, Hungarian and Romanian replies of tests/data/qa (good and
# bad ones), then check every ticket and print replies per second and
# megabytes of replies per second.
#   usage: tests/bench/qa-bench.sh [BIN] [N]
set -eu
bin=${1:-build/bin}
n=${2:-100000}
top=$(cd "${0%/*}/../.." && pwd)
PATH=$(cd "$bin" && pwd):$PATH
dir=$(mktemp -d "${TMPDIR:-/tmp}/tkt-bench.XXXXXX")
trap 'rm -rf "$dir"' EXIT
export TZ=UTC TKT_CONFIG=/dev/null/none TKT_TEMPLATES=$top/templates TKT_DB=$dir/qa.db

tkt-new -s seed -r seed@example.com -m seed --at 2026-01-01 >/dev/null
i=0
for f in "$top"/tests/data/qa/*.txt; do
	printf "INSERT INTO texts VALUES (%d, readfile('%s'));\n" "$i" "$f"
	i=$((i + 1))
done >"$dir/texts.sql"
sqlite3 "$TKT_DB" >/dev/null <<SQL
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
DELETE FROM messages; DELETE FROM events; DELETE FROM tickets; DELETE FROM customers;
CREATE TEMP TABLE texts (i INTEGER PRIMARY KEY, body TEXT);
.read $dir/texts.sql
BEGIN;
WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < $n)
INSERT INTO customers (id, name, email) SELECT i, 'Ann Smith', 'c' || i || '@example.com' FROM k;
INSERT INTO tickets (id, subject, requester, status, priority, channel, assignee, created_at,
                     updated_at, solved_at)
SELECT id, 'ticket ' || id, id, 'solved', 'normal', 'email', 'agent' || (id % 7),
       1767225600 + id * 300, 1767225600 + id * 300 + 7200, 1767225600 + id * 300 + 7200
  FROM customers;
INSERT INTO messages (ticket, author, kind, channel, body, created_at)
SELECT id, 'customer', 'customer', 'email', 'My router drops the connection.', created_at FROM tickets;
INSERT INTO messages (ticket, author, kind, channel, body, created_at)
SELECT id, assignee, 'agent', 'email', (SELECT body FROM texts WHERE i = id % 8), created_at + 3600 FROM tickets;
INSERT INTO messages (ticket, author, kind, channel, body, created_at)
SELECT id, assignee, 'agent', 'email', (SELECT body FROM texts WHERE i = (id + 3) % 8), created_at + 7200 FROM tickets;
INSERT INTO events (ticket, what, old, new, actor, at)
SELECT id, 'status', NULL, 'new', 'customer', created_at FROM tickets;
INSERT INTO events (ticket, what, old, new, actor, at)
SELECT id, 'status', 'new', 'solved', assignee, solved_at FROM tickets;
COMMIT;
PRAGMA journal_mode = WAL;
SQL
replies=$(sqlite3 "$TKT_DB" "SELECT count(*) FROM messages WHERE kind = 'agent'")
bytes=$(sqlite3 "$TKT_DB" "SELECT sum(length(CAST(body AS BLOB))) FROM messages WHERE kind = 'agent'")
start=$(date +%s.%N)
qa-check --at 2027-01-01 >"$dir/out"
end=$(date +%s.%N)
awk -v n="$n" -v r="$replies" -v b="$bytes" -v s="$start" -v e="$end" -v t="$(wc -l <"$dir/out")" 'BEGIN {
	secs = e - s
	printf "tickets\treplies\treply MB\tseconds\treplies/s\tMB/s\n"
	printf "%d\t%d\t%.1f\t%.2f\t%.0f\t%.2f\n", t, r, b / 1e6, secs, r / secs, b / 1e6 / secs
}'
