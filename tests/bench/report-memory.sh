#!/bin/sh
# Does tkt-report stream?  Build stores of N tickets, 100 000 a year (so a
# larger store reaches further back), each with a customer message, a
# reply and status events, solved but for a fifth of the last month's, a
# rating for some (plain SQL); report the last 30 days, alone and by agent
# and week, and the last year; print the peak memory of each run.  With the same tickets in the
# window, memory must not grow with the store; it grows only with the
# durations the window holds, which medians and percentiles must sort.
#   usage: tests/bench/report-memory.sh [BIN] [N...]
set -eu
bin=${1:-build/bin}
shift || true
sizes=${*:-100000 1000000}
PATH=$(cd "$bin" && pwd):$PATH
dir=$(mktemp -d "${TMPDIR:-/tmp}/tkt-bench.XXXXXX")
trap 'rm -rf "$dir"' EXIT
export TZ=UTC TKT_CONFIG=/dev/null/none

build() {   # build N: a store of N tickets at $dir/N.db
	db=$dir/$1.db
	tkt-new --db "$db" -s seed -r seed@example.com -m seed --at 2025-01-01 >/dev/null
	sqlite3 "$db" >/dev/null <<SQL
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
DELETE FROM messages; DELETE FROM events; DELETE FROM tickets; DELETE FROM customers;
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $1 / 3 + 1)
INSERT INTO customers (id, name, email) SELECT i, 'Customer ' || i, 'c' || i || '@example.com' FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $1)
INSERT INTO tickets (id, subject, requester, status, priority, channel, assignee,
                     created_at, updated_at, solved_at)
SELECT i, 'ticket ' || i, 1 + i % ($1 / 3 + 1),
       CASE WHEN i % 5 = 0 AND i > $1 - 10000 THEN 'open' ELSE 'solved' END,
       CASE i % 4 WHEN 0 THEN 'low' WHEN 1 THEN 'normal' WHEN 2 THEN 'high' ELSE 'urgent' END,
       'email', 'agent' || (i % 7),
       1798761600 - ($1 - i) * 315, 1798761600 - ($1 - i) * 315 + 172800,
       CASE WHEN i % 5 = 0 AND i > $1 - 10000 THEN NULL ELSE 1798761600 - ($1 - i) * 315 + 172800 END
  FROM n;
INSERT INTO messages (ticket, author, kind, channel, body, created_at)
SELECT id, 'customer', 'customer', 'email', 'It does not work.', created_at FROM tickets;
INSERT INTO messages (ticket, author, kind, channel, body, created_at, spent)
SELECT id, assignee, 'agent', 'email', 'Hello, we are on it.', created_at + id * 7919 % 86400, 600 FROM tickets;
INSERT INTO events (ticket, what, old, new, actor, at)
SELECT id, 'status', NULL, 'new', 'customer', created_at FROM tickets;
INSERT INTO events (ticket, what, old, new, actor, at)
SELECT id, 'status', 'new', 'open', assignee, created_at + id * 7919 % 86400 FROM tickets;
INSERT INTO events (ticket, what, old, new, actor, at)
SELECT id, 'status', 'open', 'solved', assignee, solved_at FROM tickets WHERE solved_at IS NOT NULL;
INSERT INTO ratings (ticket, kind, score, agent, at)
SELECT id, 'csat', 1 + id % 5, assignee, solved_at + 3600 FROM tickets WHERE id % 3 = 0 AND solved_at IS NOT NULL;
COMMIT;
PRAGMA journal_mode = WAL;
SQL
}

peak() {    # peak ARGS...: peak resident memory of tkt-report ARGS, in MiB
	/usr/bin/time -f %M tkt-report "$@" >/dev/null 2>"$dir/time" || { cat "$dir/time" >&2; exit 1; }
	awk '{ printf "%.1f", $1 / 1024 }' "$dir/time"
}

# The reports end at the start of 2027: now, for them (--at is never
# later than now).
export TKT_NOW=2027-01-01
printf 'tickets\tstore MiB\t30 days MiB\t30 days by agent,week MiB\tlast year MiB\n'
for n in $sizes; do
	build "$n"
	size=$(du -m "$dir/$n.db" | cut -f1)
	a=$(peak --db "$dir/$n.db" --since 30d)
	b=$(peak --db "$dir/$n.db" --since 30d --by agent,week)
	c=$(peak --db "$dir/$n.db" --since 365d)
	printf '%s\t%s\t%s\t%s\t%s\n' "$n" "$size" "$a" "$b" "$c"
	rm -f "$dir/$n.db"*
done
