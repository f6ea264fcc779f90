#!/bin/sh
# tests/bench/pg.sh: the rows of make bench on PostgreSQL.  run.sh runs it
# under tests/pg.sh (a throw-away server, PGHOST and PGPORT naming it),
# with dir, tsv, lat, gen and top exported: an import of BENCH_PG tickets
# (default BENCH_MID), then the text searches of run.sh's SQLite rows,
# each next to psql asking the same of the same store.
set -eu
. "$top/tests/bench/lib.sh"
backend=postgresql
n=${BENCH_PG:-${BENCH_MID:-100000}}
createdb tkt_bench
db=postgresql:///tkt_bench
trap 'dropdb --if-exists tkt_bench >/dev/null 2>&1 || :' EXIT

"$gen" "$n" >"$dir/pg.jsonl"
t0=$(secs); tkt-new --db "$db" --batch -q <"$dir/pg.jsonl"; t1=$(secs)
rm -f "$dir/pg.jsonl"
row "tkt-new --batch, $n tickets" "$(rate "$n" "$(elapsed "$t0" "$t1")")" tickets/s - - info -
share=$(psql -XAtq -d tkt_bench -c "SELECT round(100.0 * (pg_total_relation_size('search'))
	/ (SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
	   WHERE s.nspname = 'public' AND c.relkind = 'r'), 1)")
row "search table and indexes, share of the store" "$share" % - - info -

# The query tkt-ls -q text~WORD makes, as psql is given it: the word
# folded already, in every column of the search table.
rare=$(psql -XAtq -d tkt_bench -c "SELECT value FROM fields WHERE name = 'order' ORDER BY ticket DESC LIMIT 1")
for q in "$rare" refund "parcel was held"; do
	measure -n 20 tkt-ls --db "$db" -q "text~\"$q\"" ::: psql -XAtq -d tkt_bench -c \
		"SELECT t.id FROM tickets t WHERE t.id IN (SELECT s.ticket FROM search s
		  WHERE s.subject LIKE '%$q%' OR s.body LIKE '%$q%' OR s.fields LIKE '%$q%') ORDER BY t.id"
	set -- $(cat "$dir/lat")
	row "tkt-ls -q text~\"$q\"" "$1" ms "psql, same query" "$2" time 1.3
done

# One customer by email and by part of it, next to psql.
set -- $(psql -XAtq -F ' ' -d tkt_bench -c "SELECT c.email, substr(c.email, 2, 6) FROM tickets t
  JOIN customers c ON c.id = t.requester ORDER BY t.id DESC LIMIT 1")
email=$1 part=$2
measure -n 20 tkt-ls --db "$db" -q "requester=$email" ::: psql -XAtq -d tkt_bench -c \
	"SELECT t.id FROM tickets t WHERE t.requester IN (SELECT id FROM customers WHERE email = '$email') ORDER BY t.id"
set -- $(cat "$dir/lat")
row "tkt-ls -q requester=EMAIL" "$1" ms "psql, same lookup" "$2" time 1.5
measure -n 20 tkt-ls --db "$db" -q "requester~$part" ::: psql -XAtq -d tkt_bench -c \
	"SELECT t.id FROM tickets t WHERE t.requester IN (SELECT id FROM customers WHERE folded LIKE '%$part%') ORDER BY t.id"
set -- $(cat "$dir/lat")
row "tkt-ls -q requester~PART" "$1" ms "psql, same lookup" "$2" time 1.5
