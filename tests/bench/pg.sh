#!/bin/sh
# tests/bench/pg.sh: the rows of make bench on PostgreSQL; make bench-pg
# runs them alone.  On a throw-away server (tests/pg.sh) that keeps fsync,
# full page writes and synchronous commits on (TKT_TEST_PG_DURABLE), as
# durable as tkt's SQLite store (WAL, synchronous FULL), and listens on
# 127.0.0.1 too (TKT_TEST_PG_TCP), each row next to its reference:
#   - tkt-new --batch of N generated tickets, next to COPY of the same
#     rows (psql's \copy of the tables tkt made, the search table too,
#     into an empty store tkt made, in one transaction);
#   - tkt-new, tkt-reply and tkt-tag, one write a process (lat, taking
#     turns), next to psql writing the same rows in one transaction;
#   - tkt-report over the week before 2026-11-01 (the generator's end)
#     and over the year, next to report-pg.sql in psql: its time, its
#     peak memory and whether the numbers are the same;
#   - the text searches and requester lookups of run.sh, next to psql;
#   - a connection's cost: tkt-ls of one id next to psql connecting to
#     say SELECT 1, and psql not connecting at all, over the Unix socket
#     and over TCP; psql writing tkt-new's rows in one session next to a
#     process each (what a new server process costs); and, where
#     pgbouncer is installed, tkt-new and tkt-ls through it (a pooler
#     in front: server processes that serve one client after another);
#   - 1, 4, 16 and 64 writers adding tickets at once (conc), on
#     PostgreSQL (and through pgbouncer) and on an SQLite store of the
#     same tickets: tickets a second, the 99th percentile of a write's
#     time, whether the store holds each successful ticket once and no
#     other, and PostgreSQL's rate against SQLite's at 16 writers.
#   usage: tests/bench/pg.sh [BUILD]   (BUILD holds bin/ and bench/)
# Environment: BENCH_PG (BENCH_MID, else 100000) tickets in the store,
# BENCH_RUNS (200) runs per latency, BENCH_CONC_SECS (30) seconds per
# concurrency run, BENCH_CONC_WRITERS ("1 4 16 64"), BENCH_TSV
# (BUILD/bench/bench-pg.tsv), TMPDIR for the scratch directory.  run.sh
# runs it with dir, tsv, lat and gen exported: then its rows go to
# run.sh's table, which prints them.
set -eu
top=$(cd "${0%/*}/../.." && pwd)
. "$top/tests/bench/lib.sh"

# ---- outside the server: start one, then run this script again in it ------
if [ -z "${BENCH_PG_SERVER:-}" ]; then
	alone=
	if [ -z "${tsv:-}" ]; then   # make bench-pg: a table of its own
		alone=1
		build=$(cd "${1:-$top/build}" && pwd)
		tsv=${BENCH_TSV:-$build/bench/bench-pg.tsv}
		lat=$build/bench/lat gen=$build/bench/gen
		PATH=$build/bin:$PATH
		export PATH TZ=UTC TKT_CONFIG=/dev/null/none TKT_TEMPLATES=$top/templates TKT_AGENT=bench
		unset TKT_DB TKT_NOW || true
		dir=$(mktemp -d "${TMPDIR:-/tmp}/tkt-bench.XXXXXX")
		trap 'rm -rf "$dir"' EXIT INT TERM
		mkdir -p "${tsv%/*}"
		tsv_header
	fi
	conc=${lat%/*}/conc
	for f in "$lat" "$gen" "$conc"; do
		[ -x "$f" ] || { say "bench: no $f (make bench-pg builds it)"; exit 69; }
	done
	# tests/pg.sh has a dir of its own: the scratch one as BENCH_DIR.
	export tsv lat gen conc BENCH_DIR="$dir" BENCH_PG_SERVER=1
	rc=0
	TKT_TEST_PG_DURABLE=1 TKT_TEST_PG_TCP=1 sh "$top/tests/pg.sh" sh "$top/tests/bench/pg.sh" || rc=$?
	if [ -n "$alone" ]; then
		print_table "$tsv"
		say "(also in $tsv)"
	fi
	exit $rc
fi

# ---- in the server --------------------------------------------------------
dir=$BENCH_DIR
backend=postgresql
n=${BENCH_PG:-${BENCH_MID:-100000}}
runs=${BENCH_RUNS:-200}
secs=${BENCH_CONC_SECS:-30}
writers=${BENCH_CONC_WRITERS:-1 4 16 64}
store_size=$n
[ "$(psql -XAtq -d postgres -c "SELECT current_setting('fsync') || current_setting('synchronous_commit')")" = onon ] ||
	{ say "bench: the server does not sync its commits"; exit 70; }
q() {   # q DATABASE SQL: one query's rows, unaligned
	psql -XAtq -v ON_ERROR_STOP=1 -d "$1" -c "$2"
}
createdb tkt_bench
db=postgresql:///tkt_bench

# ---- the bulk load: tkt-new --batch next to COPY -----------------------------
say "PostgreSQL: loading $n tickets"
"$gen" "$n" >"$dir/pg.jsonl"
t0=$(secs); tkt-new --db "$db" --batch -q <"$dir/pg.jsonl"; t1=$(secs)
tkt_rate=$(rate "$n" "$(elapsed "$t0" "$t1")")
# The tables tkt made as CSV (generated columns left out, as COPY does),
# into an empty store tkt made, the search index's triggers off: its
# table comes as it is.
tables="customers tickets messages fields tags events ratings reviews attachments followers outbox search"
createdb tkt_copy
tkt-new --db postgresql:///tkt_copy --batch -q </dev/null
{
	echo "BEGIN;"
	echo "ALTER TABLE tickets DISABLE TRIGGER search_ticket;"
	echo "ALTER TABLE messages DISABLE TRIGGER search_message;"
	echo "ALTER TABLE fields DISABLE TRIGGER search_field;"
	for t in $tables; do
		psql -XAtq -v ON_ERROR_STOP=1 -d tkt_bench -c "\\copy $t TO '$dir/$t.csv' (FORMAT csv)"
		printf '%s\n' "\\copy $t FROM '$dir/$t.csv' (FORMAT csv)"
	done
	echo "ALTER TABLE tickets ENABLE TRIGGER search_ticket;"
	echo "ALTER TABLE messages ENABLE TRIGGER search_message;"
	echo "ALTER TABLE fields ENABLE TRIGGER search_field;"
	echo "COMMIT;"
} >"$dir/load.sql"
t0=$(secs); psql -XAtq -v ON_ERROR_STOP=1 -d tkt_copy -f "$dir/load.sql"; t1=$(secs)
got=$(q tkt_copy "SELECT count(*) FROM tickets")
[ "$got" = "$n" ] || { say "bench: COPY loaded $got tickets of $n"; exit 70; }
row "tkt-new --batch, $n tickets" "$tkt_rate" tickets/s "COPY of the same rows, psql" \
	"$(rate "$n" "$(elapsed "$t0" "$t1")")" rate 0.5
rm -f "$dir"/*.csv
dropdb tkt_copy
share=$(q tkt_bench "SELECT round(100.0 * (pg_total_relation_size('search'))
	/ (SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
	   WHERE s.nspname = 'public' AND c.relkind = 'r'), 1)")
row "search table and indexes, share of the store" "$share" % - - info -
# The same tickets in an SQLite store, for the writers at once.
tkt-new --db "$dir/conc.db" --batch -q <"$dir/pg.jsonl"
rm -f "$dir/pg.jsonl"

# ---- one process, one write: tkt against psql -------------------------------
# The rows each tool writes (TKT_EXPLAIN=1 and the server's log show
# them), in one transaction; the search table follows by its triggers in
# both.
say "PostgreSQL: latency, $runs runs each"
now="CAST(floor(extract(epoch FROM now())) AS bigint)"
sql_new="BEGIN;
INSERT INTO customers (email) VALUES ('ref%N@example.com');
INSERT INTO tickets (subject, requester, status, priority, channel, created_at, updated_at, waiting_since)
     SELECT 'Bench %N', id, 'new', 'normal', 'api', $now, $now, $now FROM customers WHERE email = 'ref%N@example.com';
INSERT INTO messages (ticket, author, kind, channel, body, created_at)
     SELECT max(id), 'ref%N@example.com', 'customer', 'api', 'It does not work.', $now FROM tickets;
INSERT INTO events (ticket, what, old, new, actor, at)
     SELECT max(id), 'status', NULL, 'new', 'bench', $now FROM tickets
     UNION ALL SELECT max(id), 'priority', NULL, 'normal', 'bench', $now FROM tickets;
COMMIT;"
measure -n "$runs" tkt-new --db "$db" -s "Bench %N" -r "bench%N@example.com" -m "It does not work." \
	::: psql -XAtq -v ON_ERROR_STOP=1 -d tkt_bench -c "$sql_new"
set -- $(cat "$dir/lat")
new_psql=$2
row "tkt-new, one ticket" "$1" ms "psql, same rows" "$2" time 1.5
# Replies and tags go to the tickets just made, alternately tkt's and psql's.
sql_reply="BEGIN;
INSERT INTO messages (ticket, author, kind, channel, body, created_at)
     VALUES (%N, 'bench', 'agent', 'api', 'We are on it.', $now);
UPDATE tickets SET status = 'open', assignee = 'bench', updated_at = $now, waiting_since = NULL
 WHERE id = %N;
INSERT INTO events (ticket, what, old, new, actor, at)
     VALUES (%N, 'status', 'new', 'open', 'bench', $now), (%N, 'assignee', NULL, 'bench', 'bench', $now);
COMMIT;"
measure -n "$runs" -s $((n + 1)) tkt-reply --db "$db" %N -m "We are on it." \
	::: psql -XAtq -v ON_ERROR_STOP=1 -d tkt_bench -c "$sql_reply"
set -- $(cat "$dir/lat")
row "tkt-reply, one reply" "$1" ms "psql, same rows" "$2" time 1.5
sql_tag="BEGIN;
INSERT INTO tags (ticket, tag) VALUES (%N, 'ref');
UPDATE tickets SET updated_at = $now WHERE id = %N;
INSERT INTO events (ticket, what, old, new, actor, at) VALUES (%N, 'tag', NULL, 'ref', 'bench', $now);
COMMIT;"
measure -n "$runs" -s $((n + 1)) tkt-tag --db "$db" %N +bench \
	::: psql -XAtq -v ON_ERROR_STOP=1 -d tkt_bench -c "$sql_tag"
set -- $(cat "$dir/lat")
row "tkt-tag, one tag" "$1" ms "psql, same rows" "$2" time 1.5

# ---- a connection's cost ------------------------------------------------------
# tkt-ls of one id, over the Unix socket and over TCP, next to psql
# connecting to say SELECT 1 and psql starting without connecting: the
# difference of the last two is the connection's start-up.  Then what a
# new server process costs on its first write (its caches, the search
# triggers' functions, the collations): psql writing tkt-new's rows in one
# session, a transaction after another, next to a psql each.
say "PostgreSQL: connecting"
tcp=postgresql://127.0.0.1:$PGPORT/tkt_bench
measure -n "$runs" tkt-ls --db "$db" -q id=$n ::: tkt-ls --db "$tcp" -q id=$n \
	::: psql -XAtq -d tkt_bench -c "SELECT 1" ::: psql -XAtq -h 127.0.0.1 -d tkt_bench -c "SELECT 1" \
	::: psql -X --version ::: tkt-ls --db "$dir/conc.db" -q id=$n
set -- $(cat "$dir/lat")
row "tkt-ls -q id=N" "$1" ms "psql -c 'SELECT 1', same socket" "$3" time 1.5
row "tkt-ls -q id=N" "$1" ms "tkt-ls -q id=N on SQLite, same tickets" "$6" info -
row "a connection's start-up (psql: SELECT 1 less --version)" \
	"$(awk -v a="$3" -v b="$5" 'BEGIN { printf "%.3f", a - b }')" ms \
	"share of tkt-ls -q id=N (%)" "$(awk -v a="$3" -v b="$5" -v t="$1" 'BEGIN { printf "%.1f", (a - b) / t * 100 }')" info -
row "tkt-ls -q id=N over TCP (127.0.0.1)" "$2" ms "tkt-ls -q id=N, Unix socket" "$1" info -
row "psql -c 'SELECT 1' over TCP (127.0.0.1)" "$4" ms "psql -c 'SELECT 1', Unix socket" "$3" info -
first=$((n + 10 * runs + 1))
awk -v n="$runs" -v first="$first" -v sql="$sql_new" \
	'BEGIN { for (i = first; i < first + n; i++) { s = sql; gsub(/%N/, i, s); print s } }' >"$dir/session.sql"
t0=$(secs); psql -XAtq -v ON_ERROR_STOP=1 -d tkt_bench -f "$dir/session.sql"; t1=$(secs)
row "psql, tkt-new's rows, one session (a transaction)" \
	"$(awk -v s="$(elapsed "$t0" "$t1")" -v n="$runs" 'BEGIN { printf "%.3f", s * 1000 / n }')" ms \
	"psql, same rows, a process each" "$new_psql" info -

# A pooler in front (pgbouncer, pooling sessions: a server process
# serves one client after another), where it is installed.
pooled=
pgbouncer=$(command -v pgbouncer || { [ -x /usr/sbin/pgbouncer ] && echo /usr/sbin/pgbouncer; } || :)
if [ -n "$pgbouncer" ]; then
	# Its own directory, which the server's user can reach, as tests/pg.sh's.
	pgb=$(mktemp -d "${TMPDIR:-/tmp}/tkt-pgb.XXXXXX")
	trap 'kill "$(cat "$pgb/pid" 2>/dev/null)" 2>/dev/null; rm -rf "$pgb"' EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
	pgbport=$((PGPORT + 1))
	cat >"$pgb/ini" <<-END
	[databases]
	tkt_bench = host=$PGHOST port=$PGPORT
	[pgbouncer]
	listen_addr =
	unix_socket_dir = $pgb
	listen_port = $pgbport
	auth_type = trust
	auth_file = $pgb/users
	pool_mode = session
	max_client_conn = 200
	default_pool_size = 80
	logfile = $pgb/log
	pidfile = $pgb/pid
	END
	echo '"postgres" ""' >"$pgb/users"
	chmod 755 "$pgb"
	chmod 644 "$pgb/ini" "$pgb/users"
	if [ "$(id -u)" = 0 ]; then   # it does not run as root
		chown postgres "$pgb" 2>/dev/null || chown nobody "$pgb"
		runuser -u "$(stat -c %U "$pgb")" -- "$pgbouncer" -q -d "$pgb/ini"
	else
		"$pgbouncer" -q -d "$pgb/ini"
	fi
	pooled="postgresql:///tkt_bench?host=$pgb&port=$pgbport"
	i=0
	until psql -XAtq -h "$pgb" -p "$pgbport" -d tkt_bench -c "SELECT 1" >/dev/null 2>&1; do
		i=$((i + 1))
		[ $i -lt 50 ] || { say "bench: pgbouncer does not answer"; cat "$pgb/log" >&2; exit 70; }
		sleep 0.1
	done
	measure -n "$runs" -s "$((first + runs))" tkt-new --db "$db" -s "Bench %N" -r "bench%N@example.com" -m "It does not work." \
		::: tkt-new --db "$pooled" -s "Pooled %N" -r "pooled%N@example.com" -m "It does not work."
	set -- $(cat "$dir/lat")
	row "tkt-new, one ticket, through pgbouncer" "$2" ms "tkt-new, one ticket, straight" "$1" info -
	measure -n "$runs" tkt-ls --db "$db" -q id=$n ::: tkt-ls --db "$pooled" -q id=$n
	set -- $(cat "$dir/lat")
	row "tkt-ls -q id=N, through pgbouncer" "$2" ms "tkt-ls -q id=N, straight" "$1" info -
else
	say "pgbouncer is not installed (apt-get install pgbouncer): the pooler's rows are left out"
fi

# ---- reports -------------------------------------------------------------------
# One week and the year before the generator's end, all metrics, next to
# report-pg.sql in psql; the numbers compared as canon.awk writes them.
for window in "week 2026-10-25" "year 2025-11-01"; do
	name=${window% *} since=$(date -u -d "${window#* }" +%s) until=$(date -u -d 2026-11-01 +%s)
	say "PostgreSQL: tkt-report over a $name"
	peak tkt-report --db "$db" --since "@$since" --until "@$until" --format tsv >"$dir/tkt.out"
	[ "$peak_rc" = 0 ] || { say "bench: tkt-report failed"; exit 70; }
	mb=$(awk -v k="$peak_kb" 'BEGIN { printf "%.1f", k / 1024 }') ts=$peak_s
	peak psql -XAtq -v ON_ERROR_STOP=1 -v since="$since" -v until="$until" -d tkt_bench \
		-f "$top/tests/bench/report-pg.sql" >"$dir/sql.out"
	[ "$peak_rc" = 0 ] || { say "bench: report-pg.sql failed"; exit 70; }
	row "tkt-report (all metrics, a $name)" "$ts" s "plain SQL, psql" "$peak_s" time 1.5
	row "tkt-report (all metrics, a $name), peak memory" "$mb" MB "plain SQL, psql's peak memory" \
		"$(awk -v k="$peak_kb" 'BEGIN { printf "%.1f", k / 1024 }')" max 64
	awk -f "$top/tests/bench/canon.awk" "$dir/tkt.out" >"$dir/tkt.canon"
	awk -f "$top/tests/bench/canon.awk" "$dir/sql.out" >"$dir/sql.canon"
	row "tkt-report (all metrics, a $name), same numbers as SQL" \
		"$(cmp -s "$dir/tkt.canon" "$dir/sql.canon" && echo 1 || echo 0)" - - - yes -
done

# ---- text search and requesters ------------------------------------------------
# The query tkt-ls -q text~WORD makes, as psql is given it: the word
# folded already, in every column of the search table.
say "PostgreSQL: searches"
rare=$(q tkt_bench "SELECT value FROM fields WHERE name = 'order' ORDER BY ticket DESC LIMIT 1")
for w in "$rare" refund "parcel was held"; do
	measure -n 20 tkt-ls --db "$db" -q "text~\"$w\"" ::: psql -XAtq -d tkt_bench -c \
		"SELECT t.id FROM tickets t WHERE t.id IN (SELECT s.ticket FROM search s
		  WHERE s.subject LIKE '%$w%' OR s.body LIKE '%$w%' OR s.fields LIKE '%$w%') ORDER BY t.id"
	set -- $(cat "$dir/lat")
	row "tkt-ls -q text~\"$w\"" "$1" ms "psql, same query" "$2" time 1.3
done
# One customer by email and by part of it, next to psql.
set -- $(psql -XAtq -F ' ' -d tkt_bench -c "SELECT c.email, substr(c.email, 2, 6) FROM tickets t
  JOIN customers c ON c.id = t.requester WHERE t.id <= $n AND c.email IS NOT NULL ORDER BY t.id DESC LIMIT 1")
email=$1 part=$2
measure -n 20 tkt-ls --db "$db" -q "requester=$email" ::: psql -XAtq -d tkt_bench -c \
	"SELECT t.id FROM tickets t WHERE t.requester IN (SELECT id FROM customers WHERE email = '$email') ORDER BY t.id"
set -- $(cat "$dir/lat")
row "tkt-ls -q requester=EMAIL" "$1" ms "psql, same lookup" "$2" time 1.5
measure -n 20 tkt-ls --db "$db" -q "requester~$part" ::: psql -XAtq -d tkt_bench -c \
	"SELECT t.id FROM tickets t WHERE t.requester IN (SELECT id FROM customers WHERE folded LIKE '%$part%') ORDER BY t.id"
set -- $(cat "$dir/lat")
row "tkt-ls -q requester~PART" "$1" ms "psql, same lookup" "$2" time 1.5

# ---- writers at once -------------------------------------------------------------
# W processes, each adding tickets one after another for $secs s, on
# PostgreSQL (straight, and through pgbouncer where it runs) and on
# SQLite; each run's subject is its own ("Conc TARGET-W w.i"), so the
# store must hold the successful runs' subjects once each and no other.
# What the machine's CPUs did (/proc/stat): busy and all time, in ticks.
hz=$(getconf CLK_TCK)
cpu() { awk '/^cpu / { busy = $2 + $3 + $4 + $7 + $8; print busy " " busy + $5 + $6 }' /proc/stat; }
# writers W TARGET: the rows of W writers on TARGET (postgresql, pgbouncer
# or sqlite); its rate in rate_TARGET.  With the CPUs' time over the run
# (the server's and the writers' alike): how busy they were, and their
# time a ticket: where they are all busy, the rate is the CPUs' number
# over that time.
writers() {
	case $2 in
	postgresql) backend=postgresql to=$db via= list="q tkt_bench" ;;
	pgbouncer)  backend=postgresql to=$pooled via=" through pgbouncer" list="q tkt_bench" ;;
	sqlite)     backend=sqlite to=$dir/conc.db via= list="sqlite3 $dir/conc.db" ;;
	esac
	say "$2: $1 writers for $secs s"
	who="$1 writers"
	[ "$1" != 1 ] || who="1 writer"
	cpu0=$(cpu)
	"$conc" -w "$1" -t "$secs" -o "$dir/ok" tkt-new --db "$to" -s "Conc $2-$1 %W.%N" \
		-r "conc%W@example.com" -m "It does not work." >"$dir/conc.out" 2>"$dir/conc.err" ||
		{ say "bench: conc failed"; cat "$dir/conc.err" >&2; exit 70; }
	cpu1=$(cpu)
	set -- "$1" "$2" $(cat "$dir/conc.out")
	eval "rate_$2=\$3"
	[ "$6" = 0 ] || say "$6 failed runs, e.g.: $(head -n 1 "$dir/conc.err")"
	row "tkt-new, $who at once$via for $secs s" "$3" tickets/s - - info -
	row "tkt-new, $who at once$via, 99th percentile" "$4" ms - - info -
	row "tkt-new, $who at once$via, CPUs busy" \
		"$(echo "$cpu0 $cpu1" | awk '{ printf "%.0f", ($4 > $2 ? 100 * ($3 - $1) / ($4 - $2) : 0) }')" % \
		"CPUs" "$(nproc)" info -
	row "tkt-new, $who at once$via, CPU time a ticket" \
		"$(echo "$cpu0 $cpu1 $3 $secs $hz" | awk '{ n = $5 * $6; printf "%.1f", (n > 0 ? ($3 - $1) * 1000 / $7 / n : 0) }')" \
		ms - - info -
	sed "s/^/Conc $2-$1 /" "$dir/ok" | LC_ALL=C sort >"$dir/ok.want"
	$list "SELECT subject FROM tickets WHERE subject LIKE 'Conc $2-$1 %'" | LC_ALL=C sort >"$dir/ok.got"
	row "tkt-new, $who at once$via: each success once, nothing else" \
		"$(cmp -s "$dir/ok.want" "$dir/ok.got" && echo 1 || echo 0)" - "failed runs" "$6" yes -
}
for w in $writers; do
	writers "$w" postgresql
	[ -z "$pooled" ] || writers "$w" pgbouncer
	writers "$w" sqlite
	[ "$w" = 16 ] || continue
	backend=postgresql
	row "tkt-new, 16 writers at once for $secs s" "$rate_postgresql" tickets/s \
		"SQLite, same writers" "$rate_sqlite" rate 1
	[ -z "$pooled" ] || row "tkt-new, 16 writers at once through pgbouncer for $secs s" "$rate_pgbouncer" \
		tickets/s "SQLite, same writers" "$rate_sqlite" rate 1
done
