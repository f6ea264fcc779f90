#!/bin/sh
# make bench: how fast tkt is, each row next to its reference measured in
# the same run: the C floor (tests/bench/floor.c: the same rows written
# with prepared statements, the least a write can cost), the sqlite3
# shell doing the same work on the same store, and taskwarrior and fossil
# tickets (the peers), where they are installed.  Prints one table and keeps it as TSV.
#   usage: tests/bench/run.sh [BUILD]    (BUILD holds bin/ and bench/)
# Environment: BENCH_RUNS (200) runs per latency, BENCH_SMALL (10000),
# BENCH_MID (100000) and BENCH_BIG (1000000) tickets in the stores,
# BENCH_PERDAY (1000) tickets a day in them (a larger store has a longer
# history, the same weeks), BENCH_HUGE (1: the scale curve also at ten
# times BENCH_BIG), BENCH_CURVE_RUNS (21) runs per point of the curve,
# BENCH_TSV (BUILD/bench/bench.tsv), BENCH_PG (BENCH_MID) tickets in the
# PostgreSQL store (0: no PostgreSQL rows), TMPDIR for the stores (about
# 35 GB at a million tickets; at ten million the huge store alone takes
# some 85 GB).
set -eu
build=${1:-build}
top=$(cd "${0%/*}/../.." && pwd)
build=$(cd "$build" && pwd)
runs=${BENCH_RUNS:-200}
small=${BENCH_SMALL:-10000}
mid=${BENCH_MID:-100000}
big=${BENCH_BIG:-1000000}
perday=${BENCH_PERDAY:-1000}
cruns=${BENCH_CURVE_RUNS:-21}
tsv=${BENCH_TSV:-$build/bench/bench.tsv}
gen=$build/bench/gen
lat=$build/bench/lat
floor=$build/bench/floor
PATH=$build/bin:$PATH
export PATH TZ=UTC TKT_CONFIG=/dev/null/none TKT_TEMPLATES=$top/templates TKT_AGENT=bench
unset TKT_DB TKT_NOW || true
dir=$(mktemp -d "${TMPDIR:-/tmp}/tkt-bench.XXXXXX")
trap 'rm -rf "$dir"' EXIT INT TERM
. "$top/tests/bench/lib.sh"

# ---- what we compare against --------------------------------------------
need=
command -v sqlite3 >/dev/null || need="$need sqlite3"
[ -x /usr/bin/time ] || need="$need time"
command -v task >/dev/null || need="$need taskwarrior"
command -v fossil >/dev/null || need="$need fossil"
if [ -n "$need" ]; then
	if [ "$(id -u)" = 0 ]; then sudo=; elif sudo -n true 2>/dev/null; then sudo=sudo; else sudo=no; fi
	if [ "$sudo" != no ] && command -v apt-get >/dev/null; then
		say "installing from Debian:$need"
		$sudo apt-get install -y --no-install-recommends $need >/dev/null 2>&1 ||
			{ $sudo apt-get update >/dev/null 2>&1 &&
			  $sudo apt-get install -y --no-install-recommends $need >/dev/null 2>&1; } ||
			say "could not install$need"
	else
		say "not installed, and no way to install them here:$need"
	fi
fi
command -v sqlite3 >/dev/null && [ -x /usr/bin/time ] ||
	{ say "bench: the sqlite3 shell and /usr/bin/time are needed"; exit 69; }
has_task=$(command -v task >/dev/null && echo 1 || echo 0)
has_fossil=$(command -v fossil >/dev/null && echo 1 || echo 0)
[ "$has_task" = 1 ] || say "taskwarrior is not installed: its row is left out"
[ "$has_fossil" = 1 ] || say "fossil is not installed: its row is left out"

# ---- the table ------------------------------------------------------------
mkdir -p "${tsv%/*}"
tsv_header
store() {   # store N NAME: a store of N generated tickets at $dir/NAME.db
	"$gen" -d "$perday" "$1" >"$dir/$2.jsonl"
	tkt-new --db "$dir/$2.db" --batch -q <"$dir/$2.jsonl"
}

# What tkt does to its search index when the tickets noted (search_stale)
# changed, written for the shell: lower() in place of tkt's folding,
# which only tkt has; the index's work is the same.
shell_index="DELETE FROM search WHERE rowid IN (SELECT ticket FROM search_stale);
INSERT INTO search (rowid, subject, body, fields)
  SELECT t.id, lower(t.subject),
         coalesce((SELECT group_concat(x, char(10)) FROM (SELECT lower(m.body) || coalesce(char(10) || lower(m.quoted), '') AS x
                     FROM messages m WHERE m.ticket = t.id AND m.kind <> 'system' ORDER BY m.id)), ''),
         coalesce((SELECT group_concat(x, char(10)) FROM (SELECT lower(f.value) AS x FROM fields f
                     WHERE f.ticket = t.id ORDER BY f.name)), '')
    FROM tickets t WHERE t.id IN (SELECT ticket FROM search_stale);
DELETE FROM search_stale;"

say "building stores of $small and $mid tickets"
store "$small" small
store_size=$mid
"$gen" -d "$perday" "$mid" >"$dir/mid.jsonl"
t0=$(secs); tkt-new --db "$dir/mid.db" --batch -q <"$dir/mid.jsonl"; t1=$(secs)
row "tkt-new --batch" "$(rate "$mid" "$(elapsed "$t0" "$t1")")" tickets/s - - info -

# ---- export, import, export: the same bytes --------------------------------
say "round trip of $mid tickets"
t0=$(secs); tkt-export --db "$dir/mid.db" >"$dir/e1.jsonl"; t1=$(secs)
tkt-new --db "$dir/rt.db" --batch -q <"$dir/e1.jsonl"
tkt-export --db "$dir/rt.db" >"$dir/e2.jsonl"
row "tkt-export" "$(rate "$mid" "$(elapsed "$t0" "$t1")")" tickets/s - - info -
row "export, import, export: same bytes" "$(cmp -s "$dir/e1.jsonl" "$dir/e2.jsonl" && echo 1 || echo 0)" - - - yes -
row "export: the generator's bytes" "$(cmp -s "$dir/e1.jsonl" "$dir/mid.jsonl" && echo 1 || echo 0)" - - - yes -
rm -f "$dir/rt.db"* "$dir/e1.jsonl" "$dir/e2.jsonl" "$dir/mid.jsonl"

# ---- a mailbox: tkt-import --mbox, next to tkt-new --batch -----------------
# The tickets of the small store as the mail they were: each customer's
# and agent's message one mail, threaded by In-Reply-To, dated by Date.
say "a mailbox of the $small tickets' mail"
store_size=$small
jq -r '. as $t | ($t.requester.email // "c\($t.id)@bench.example") as $who |
	[.messages[] | select(.kind == "customer" or .kind == "agent")] | to_entries[] |
	"From x Thu Jan  1 00:00:00 2026\nFrom: " +
	(if .value.kind == "customer" then $who + "\nTo: support@bench.example"
	 else "agent@bench.example\nTo: " + $who end) +
	"\nSubject: " + $t.subject +
	"\nDate: " + (.value.at | fromdate | strftime("%a, %d %b %Y %H:%M:%S +0000")) +
	"\nMessage-ID: <m\($t.id).\(.key)@bench.example>" +
	(if .key > 0 then "\nIn-Reply-To: <m\($t.id).\(.key - 1)@bench.example>" else "" end) +
	"\nContent-Type: text/plain; charset=utf-8\n\n" +
	(.value.body | gsub("\n(?<f>>*From )"; "\n>\(.f)")) + "\n"' "$dir/small.jsonl" >"$dir/small.mbox"
mails=$(grep -c '^Message-ID: ' "$dir/small.mbox")
printf 'mail:\n  address: support@bench.example\n' >"$dir/mail.yaml"
t0=$(secs)
tkt-import --db "$dir/mbox.db" --config "$dir/mail.yaml" --mbox "$dir/small.mbox" \
	--agent-address agent@bench.example -q
t1=$(secs)
tkt-new --db "$dir/batch.db" --batch -q <"$dir/small.jsonl"
t2=$(secs)
row "tkt-import --mbox" "$(rate "$mails" "$(elapsed "$t0" "$t1")")" mails/s \
	"tkt-new --batch, same tickets (tickets/s)" "$(rate "$small" "$(elapsed "$t1" "$t2")")" info -
row "tkt-import --mbox: one ticket a thread" \
	"$(test "$(sqlite3 "$dir/mbox.db" "SELECT count(*) FROM tickets")" -le "$small" && echo 1 || echo 0)" - - - yes -
rm -f "$dir/mbox.db"* "$dir/batch.db"* "$dir/small.mbox"

# ---- a spreadsheet: tkt-import --csv, next to tkt-new --batch ---------------
# The same tickets as a hosted help desk's table: a row a ticket, its
# customer's first message, the first agent reply and its time.
say "a spreadsheet of the $small tickets"
jq -nr '["id","email","subject","description","created","first","response","status","priority","channel"],
	(inputs | . as $t | [.messages[] | select(.kind == "agent")][0] as $r |
	 [.id, ($t.requester.email // "c\(.id)@bench.example"), .subject,
	  ([.messages[] | select(.kind == "customer")][0].body // .subject), .created,
	  ($r.at // ""), ($r.body // ""), (if .status == "new" then "" else .status end), .priority, .channel])
	| @csv' "$dir/small.jsonl" >"$dir/small.csv"
cat >"$dir/small.yaml" <<'END'
id: id
subject: subject
requester: { email: email }
description: description
created: created
first_response: first
response: response
status: status
priority: priority
channel: channel
END
rows=$small
t0=$(secs)
tkt-import --db "$dir/csv.db" --csv "$dir/small.csv" --map "$dir/small.yaml" -k -q 2>"$dir/csv.err"
t1=$(secs)
tkt-new --db "$dir/batch.db" --batch -q <"$dir/small.jsonl"
t2=$(secs)
row "tkt-import --csv" "$(rate "$rows" "$(elapsed "$t0" "$t1")")" rows/s \
	"tkt-new --batch, same tickets (tickets/s)" "$(rate "$small" "$(elapsed "$t1" "$t2")")" info -
row "tkt-import --csv: a ticket a row" \
	"$(test "$(sqlite3 "$dir/csv.db" "SELECT count(*) FROM tickets")" -eq "$((rows - $(wc -l <"$dir/csv.err")))" && echo 1 || echo 0)" - - - yes -
rm -f "$dir/csv.db"* "$dir/batch.db"* "$dir/small.csv" "$dir/csv.err"

# ---- one process, one write: tkt against the sqlite3 shell --------------
say "latency, $runs runs each, on $mid tickets"
store_size=$mid
db=$dir/mid.db
sql_new="BEGIN IMMEDIATE;
INSERT INTO customers (email) VALUES ('ref%N@example.com');
INSERT INTO tickets (subject, requester, status, priority, channel, created_at, updated_at, waiting_since)
     VALUES ('Bench %N', last_insert_rowid(), 'new', 'normal', 'api', unixepoch(), unixepoch(), unixepoch());
INSERT INTO messages (ticket, author, kind, channel, body, created_at)
     SELECT max(id), 'ref%N@example.com', 'customer', 'api', 'It does not work.', unixepoch() FROM tickets;
INSERT INTO events (ticket, what, old, new, actor, at)
     SELECT max(id), 'status', NULL, 'new', 'bench', unixepoch() FROM tickets
     UNION ALL SELECT max(id), 'priority', NULL, 'normal', 'bench', unixepoch() FROM tickets;
$shell_index
COMMIT;"
measure -n "$runs" tkt-new --db "$db" -s "Bench %N" -r "bench%N@example.com" -m "It does not work." \
	::: sqlite3 "$db" "$sql_new" ::: "$floor" new "$db" %N
set -- $(cat "$dir/lat")
row "tkt-new, one ticket" "$1" ms "sqlite3 shell, same rows" "$2" time 1.3
row "tkt-new, one ticket" "$1" ms "C floor, same rows" "$3" time 1.15
# Replies and tags go to the tickets just made, new ones, alternately tkt's and the shell's.
sql_reply="BEGIN IMMEDIATE;
INSERT INTO messages (ticket, author, kind, channel, body, created_at)
     VALUES (%N, 'bench', 'agent', 'api', 'We are on it.', unixepoch());
UPDATE tickets SET status = 'open', assignee = 'bench', updated_at = unixepoch(), waiting_since = NULL
 WHERE id = %N;
INSERT INTO events (ticket, what, old, new, actor, at)
     VALUES (%N, 'status', 'new', 'open', 'bench', unixepoch()), (%N, 'assignee', NULL, 'bench', 'bench', unixepoch());
$shell_index
COMMIT;"
measure -n "$runs" -s $((mid + 1)) tkt-reply --db "$db" %N -m "We are on it." ::: sqlite3 "$db" "$sql_reply" \
	::: "$floor" reply "$db" %N
set -- $(cat "$dir/lat")
row "tkt-reply, one reply" "$1" ms "sqlite3 shell, same rows" "$2" time 1.3
row "tkt-reply, one reply" "$1" ms "C floor, same rows" "$3" time 1.15
sql_tag="BEGIN IMMEDIATE;
INSERT INTO tags (ticket, tag) VALUES (%N, 'ref');
UPDATE tickets SET updated_at = unixepoch() WHERE id = %N;
INSERT INTO events (ticket, what, old, new, actor, at) VALUES (%N, 'tag', NULL, 'ref', 'bench', unixepoch());
COMMIT;"
measure -n "$runs" -s $((mid + 1)) tkt-tag --db "$db" %N +bench ::: sqlite3 "$db" "$sql_tag" \
	::: "$floor" tag "$db" %N floor
set -- $(cat "$dir/lat")
row "tkt-tag, one tag" "$1" ms "sqlite3 shell, same rows" "$2" time 1.3
row "tkt-tag, one tag" "$1" ms "C floor, same rows" "$3" time 1.15
measure -n "$runs" tkt-ls --db "$db" -q status=open \
	::: sqlite3 "$db" "SELECT id FROM tickets WHERE status = 'open' ORDER BY id"
set -- $(cat "$dir/lat")
row "tkt-ls -q status=open" "$1" ms "sqlite3 shell, same select" "$2" time 1.3

# ---- the peers: one add on a store of $small -------------------------------
say "peers, on $small tickets"
store_size=$small
peer() {   # peer TKT NAME TIME: tkt-new and NAME, taking turns
	row "tkt-new, one ticket" "$1" ms "$2" "$3" time 0.5
}
if [ "$has_task" = 1 ]; then
	export TASKDATA=$dir/task TASKRC=/dev/null
	mkdir -p "$TASKDATA"
	awk -v n="$small" 'BEGIN { printf "["; for (i = 1; i <= n; i++)
		printf "%s{\"description\":\"Ticket %d\",\"status\":\"pending\",\"entry\":\"20260101T000000Z\",\"uuid\":\"%08x-0000-4000-8000-%012x\"}",
		       (i > 1 ? "," : ""), i, i, i; print "]" }' >"$dir/tasks.json"
	task rc.verbose=nothing rc.confirmation=off import "$dir/tasks.json" >/dev/null 2>&1
	measure -n "$runs" tkt-new --db "$dir/small.db" -s "Bench %N" -r "bench%N@example.com" -m "It does not work." \
		::: task rc.verbose=nothing rc.confirmation=off add "Bench %N"
	set -- $(cat "$dir/lat")
	peer "$1" "task add" "$2"
fi
if [ "$has_fossil" = 1 ]; then
	export USER=${USER:-bench}
	fossil init "$dir/repo.fossil" >/dev/null 2>&1
	i=1
	while [ $i -le "$small" ]; do
		fossil ticket add title "Ticket $i" status Open type Incident -R "$dir/repo.fossil" >/dev/null 2>&1
		i=$((i + 1))
	done
	measure -n "$runs" -s $((small + runs + 1)) tkt-new --db "$dir/small.db" -s "Bench %N" \
		-r "bench%N@example.com" -m "It does not work." \
		::: fossil ticket add title "Bench %N" status Open type Incident -R "$dir/repo.fossil"
	set -- $(cat "$dir/lat")
	peer "$1" "fossil ticket add" "$2"
fi

# ---- qa-check over the store of $mid ---------------------------------------
say "qa-check over $mid tickets"
store_size=$mid
set -- $(sqlite3 -separator ' ' "$dir/mid.db" "SELECT count(*), sum(length(CAST(body AS BLOB))) FROM messages WHERE kind = 'agent'")
replies=$1 bytes=$2
peak qa-check --db "$dir/mid.db" --at 2026-11-02 >/dev/null
[ "$peak_rc" -le 1 ] || { say "bench: qa-check failed ($peak_rc)"; exit 70; }
row "qa-check, replies read" "$(rate "$replies" "$peak_s")" replies/s - - info -
row "qa-check, text read" "$(awk -v b="$bytes" -v s="$peak_s" 'BEGIN { printf "%.1f", b / 1e6 / s }')" MB/s - - info -
# How often it says what a person said (make qa-agreement), on the part
# of the labelled replies it was never tuned on.
perl "$top/tests/qa/agreement.pl" --tsv "$dir/agreement.tsv" "$build/bin" "$top"/tests/data/qa/labels/*.tsv >/dev/null
set -- $(awk -F'\t' '$1 == "held-out" && $2 == "overall" { print $4, $5 }' "$dir/agreement.tsv")
row "qa-check agreement with a person, held out" "$2" % "coverage (%)" "$1" info -

# ---- a million tickets: import, the shell's bulk load ---------------------
say "building $big tickets"
store_size=$big
"$gen" -d "$perday" "$big" >"$dir/big.jsonl"
t0=$(secs); tkt-new --db "$dir/big.db" --batch -q <"$dir/big.jsonl"; t1=$(secs)
tkt_rate=$(rate "$big" "$(elapsed "$t0" "$t1")")
rm -f "$dir/big.jsonl"
# The same rows as CSV, loaded by the shell into an empty store in one
# transaction (.import into staging tables, then INSERT ... SELECT).
tkt-new --db "$dir/ref.db" --batch -q </dev/null
{
	echo "BEGIN;"
	for t in customers tickets messages fields tags events ratings reviews attachments; do
		cols=$(sqlite3 "$dir/big.db" "SELECT group_concat(name, ', ') FROM pragma_table_info('$t')")
		sel=$(sqlite3 "$dir/big.db" "SELECT group_concat(CASE WHEN name = 'data' THEN 'hex(data)' ELSE name END, ', ') FROM pragma_table_info('$t')")
		vals=$(sqlite3 "$dir/big.db" "SELECT group_concat('nullif(' || name || ', '''')', ', ') FROM pragma_table_info('$t')")
		sqlite3 -csv "$dir/big.db" "SELECT $sel FROM $t" >"$dir/$t.csv"
		echo "CREATE TEMP TABLE s_$t ($cols);"
		echo ".import --csv $dir/$t.csv s_$t"
		echo "INSERT INTO main.$t SELECT $vals FROM s_$t;"
	done
	# The search index, once for all, as tkt builds it at the end.
	echo "$shell_index"
	echo "COMMIT;"
} >"$dir/load.sql"
t0=$(secs); sqlite3 -bail "$dir/ref.db" <"$dir/load.sql"; t1=$(secs)
[ "$(sqlite3 "$dir/ref.db" "SELECT count(*) FROM tickets")" = "$big" ] || { say "bench: the shell's load lost tickets"; exit 70; }
row "tkt-new --batch" "$tkt_rate" tickets/s "sqlite3 shell .import" "$(rate "$big" "$(elapsed "$t0" "$t1")")" rate 0.6
rm -f "$dir/ref.db"*

# ---- the bulk load: tkt-new --batch next to the C floor ------------------
# The floor writes the same rows, read from the store tkt made, into an
# empty store with prepared statements in one transaction, as tkt loads
# one (floor.c): what is left is tkt's own work, reading JSON and checking.
say "the C floor's bulk load of $big tickets"
tkt-new --db "$dir/floor.db" --batch -q </dev/null
t0=$(secs); "$floor" bulk "$dir/floor.db" "$dir/big.db"; t1=$(secs)
row "tkt-new --batch" "$tkt_rate" tickets/s "C floor, same rows" "$(rate "$big" "$(elapsed "$t0" "$t1")")" rate 0.75
rm -f "$dir/floor.db"*
# The search index's share of the store (dbstat: the pages of its tables).
share=$(sqlite3 "$dir/big.db" "SELECT printf('%.1f', 100.0 * sum(pgsize) / (SELECT page_count * page_size FROM pragma_page_count, pragma_page_size))
  FROM dbstat WHERE name LIKE 'search%'" 2>/dev/null || echo -)
row "search index, share of the store" "$share" % - - info -
rm -f "$dir"/*.csv

# ---- reports over a million ------------------------------------------------
say "reports over $big tickets"
store_size=$big
since=2025-11-01 until=2026-11-01
params=".parameter set @since $(date -u -d $since +%s)
.parameter set @until $(date -u -d $until +%s)"
report() {   # report NAME SQL [tkt-report options]
	name=$1 sql=$top/tests/bench/$2
	shift 2
	peak tkt-report --db "$dir/big.db" --since $since --until $until --format tsv "$@" >"$dir/tkt.out"
	[ "$peak_rc" = 0 ] || { say "bench: tkt-report failed"; exit 70; }
	kb=$peak_kb ts=$peak_s
	mb=$(awk -v k="$kb" 'BEGIN { printf "%.1f", k / 1024 }')
	if [ ! -f "$sql" ]; then
		say "no plain-SQL reference ${sql#$top/}: tkt-report $name alone"
		row "tkt-report $name" "$ts" s - - info -
		row "tkt-report $name, peak memory" "$mb" MB - - max 64
		return
	fi
	{ echo "$params"; cat "$sql"; } >"$dir/report.sql"
	peak sqlite3 -bail "$dir/big.db" <"$dir/report.sql" >"$dir/sql.out"
	[ "$peak_rc" = 0 ] || { say "bench: the report's SQL failed"; exit 70; }
	rkb=$peak_kb rs=$peak_s
	row "tkt-report $name" "$ts" s "plain SQL, sqlite3 shell" "$rs" time 1.5
	row "tkt-report $name, peak memory" "$mb" MB \
		"plain SQL, peak memory" "$(awk -v k="$rkb" 'BEGIN { printf "%.1f", k / 1024 }')" max 64
	# the SQL's rates have one decimal, the TSV's full precision
	awk -f "$top/tests/bench/canon.awk" "$dir/tkt.out" >"$dir/tkt.canon"
	awk -f "$top/tests/bench/canon.awk" "$dir/sql.out" >"$dir/sql.canon"
	row "tkt-report $name, same numbers as SQL" "$(cmp -s "$dir/tkt.canon" "$dir/sql.canon" && echo 1 || echo 0)" - - - yes -
}
report "(all metrics, a year)" report.sql
report "--by agent,week" report-by.sql --by agent,week

# ---- tkt-ls with a tag and a time over a million -------------------------
say "tkt-ls over $big tickets"
ls_sql="SELECT t.id FROM tickets t
 WHERE t.created_at >= unixepoch('2026-10-01')
   AND EXISTS (SELECT 1 FROM tags g WHERE g.ticket = t.id AND g.tag = 'billing') ORDER BY t.id"
measure -n 20 tkt-ls --db "$dir/big.db" -q tag=billing "created>=2026-10-01" ::: sqlite3 "$dir/big.db" "$ls_sql"
set -- $(cat "$dir/lat")
row "tkt-ls -q tag=billing created>=2026-10-01" "$1" ms "sqlite3 shell, same select" "$2" time 1.5

# ---- text search over a million -----------------------------------------
# A rare word (one customer's order number), a common one and a phrase,
# next to the sqlite3 shell asking the index the same, and grep over the
# same text as a flat file.
say "text search over $big tickets"
rare=$(sqlite3 "$dir/big.db" "SELECT value FROM fields WHERE name = 'order' ORDER BY ticket DESC LIMIT 1")
sqlite3 "$dir/big.db" "SELECT subject || char(10) || coalesce((SELECT group_concat(body || coalesce(char(10) || quoted, ''), char(10))
  FROM messages WHERE ticket = t.id AND kind <> 'system'), '') FROM tickets t" >"$dir/flat.txt"
for q in "$rare" refund "parcel was held"; do
	measure -n 20 tkt-ls --db "$dir/big.db" -q "text~\"$q\"" ::: sqlite3 "$dir/big.db" \
		"SELECT t.id FROM tickets t WHERE t.id IN (SELECT rowid FROM search WHERE search MATCH '\"$q\"') ORDER BY t.id"
	set -- $(cat "$dir/lat")
	row "tkt-ls -q text~\"$q\"" "$1" ms "sqlite3 shell, same FTS query" "$2" time 1.3
	# grep's count to a file: with its output /dev/null, as lat runs it,
	# GNU grep stops at the first match.
	measure -n 3 tkt-ls --db "$dir/big.db" -q "text~\"$q\"" ::: \
		sh -c 'grep -c -i -F "$0" "$1" >"$2"' "$q" "$dir/flat.txt" "$dir/grep.out"
	set -- $(cat "$dir/lat")
	row "tkt-ls -q text~\"$q\"" "$1" ms "grep -c over the text, flat" "$2" time 0.5
done
rm -f "$dir/flat.txt"

# ---- requesters over a million ---------------------------------------------
# One customer by email, and by part of it (requester~), next to the
# sqlite3 shell looking them up by the same indexes.
say "requester lookups over $big tickets"
set -- $(sqlite3 -separator ' ' "$dir/big.db" "SELECT c.email, substr(c.email, 2, 6) FROM tickets t
  JOIN customers c ON c.id = t.requester ORDER BY t.id DESC LIMIT 1")
email=$1 part=$2
measure -n 20 tkt-ls --db "$dir/big.db" -q "requester=$email" ::: sqlite3 "$dir/big.db" \
	"SELECT t.id FROM tickets t WHERE t.requester IN (SELECT id FROM customers WHERE email = '$email') ORDER BY t.id"
set -- $(cat "$dir/lat")
row "tkt-ls -q requester=EMAIL" "$1" ms "sqlite3 shell, same lookup" "$2" time 1.5
measure -n 20 tkt-ls --db "$dir/big.db" -q "requester~$part" ::: sqlite3 "$dir/big.db" \
	"SELECT t.id FROM tickets t WHERE t.requester IN (SELECT rowid FROM customer_search
	  WHERE customer_search MATCH '\"$part\"') ORDER BY t.id"
set -- $(cat "$dir/lat")
row "tkt-ls -q requester~PART" "$1" ms "sqlite3 shell, same lookup" "$2" time 1.5
measure -n 20 tkt-ls --db "$dir/big.db" -q "id=$big" ::: sqlite3 "$dir/big.db" "SELECT id FROM tickets WHERE id = $big"
set -- $(cat "$dir/lat")
row "tkt-ls -q id=N (the time of an id lookup)" "$1" ms "sqlite3 shell, same lookup" "$2" time 1.5

# ---- the scale curve ---------------------------------------------------------
# What an agent does at a terminal and what a cron job does for a week, on
# the stores of $small, $mid and $big tickets (and ten times $big with
# BENCH_HUGE=1): stores that differ by their history, not by a busier
# week (gen -d).  Each point next to the same at $small, target 1.5 (2 at
# ten times $big); at $big each lookup within 20 ms and each command's
# peak memory under 64 MB.  "Now" is the end of the generated history.
week_since=2026-10-25 week_until=2026-11-01
# point KEY WHAT LOOKUP [-s FIRST] CMD...: one point of the curve on the
# store of $store_size tickets: the median of $cruns runs (%N in CMD the
# run's number, from FIRST).  A listing (tkt-ls, qa-check) has a row of
# the tickets it lists too: where more tickets answer in a larger store
# (the tickets still open, of which a store of a longer history has
# more), its time grows with them.
point() {
	key=$1 what=$2 look=$3
	shift 3
	measure -n "$cruns" "$@"
	ms=$(cat "$dir/lat")
	case $1 in
	tkt-ls|qa-check) row "$what, tickets listed" "$("$@" | wc -l)" tickets - - info - ;;
	esac
	if [ "$store_size" = "$small" ]; then
		echo "$ms" >"$dir/curve.$key"
		row "$what" "$ms" ms - - info -
	else
		row "$what" "$ms" ms "the same at $small tickets" "$(cat "$dir/curve.$key")" time \
			"$([ "$store_size" -gt "$big" ] && echo 2 || echo 1.5)"
	fi
	[ "$store_size" = "$big" ] || return 0
	[ "$look" = 0 ] || row "$what, an agent's lookup" "$ms" ms - - max 20
	n1=
	[ "$1" = -s ] && { n1=$2; shift 2; }
	for a do
		shift
		set -- "$@" "$(printf '%s\n' "$a" | sed "s/%N/$n1/g")"
	done
	peak "$@" >/dev/null
	[ "$peak_rc" = 0 ] || { say "bench: $* failed ($peak_rc)"; exit 70; }
	row "$what, peak memory" "$(awk -v k="$peak_kb" 'BEGIN { printf "%.1f", k / 1024 }')" MB - - max 64
}
# curve N DB: every point on the store DB of N tickets.  The ticket looked
# up is a recent one (2 000 back, two days): its customer, its order number.
curve() {
	store_size=$1 cdb=$2
	set -- $(sqlite3 -separator ' ' "$cdb" "SELECT t.id, c.email, f.value FROM tickets t
	  JOIN customers c ON c.id = t.requester JOIN fields f ON f.ticket = t.id AND f.name = 'order'
	 WHERE t.id <= $(($1 > 4000 ? $1 - 2000 : $1 / 2)) AND c.email IS NOT NULL ORDER BY t.id DESC LIMIT 1")
	id=$1 email=$2 order=$3
	part=${email%%@*}@
	part=${part#?}
	first=$(($(sqlite3 "$cdb" "SELECT max(id) FROM tickets") + 1))
	say "the scale curve on $store_size tickets"
	point new "tkt-new, one ticket" 0 -s "$first" \
		tkt-new --db "$cdb" -s "Curve %N" -r "curve%N@example.com" -m "It does not work."
	point reply "tkt-reply, one reply" 0 -s "$first" tkt-reply --db "$cdb" %N -m "We are on it."
	point show "tkt-show, one ticket" 1 tkt-show --db "$cdb" "$id"
	point id "tkt-ls -q id=N" 1 tkt-ls --db "$cdb" -q "id=$id"
	point requester "tkt-ls -q requester=EMAIL" 1 tkt-ls --db "$cdb" -q "requester=$email"
	point partial "tkt-ls -q requester~PART" 1 tkt-ls --db "$cdb" -q "requester~$part"
	point field "tkt-ls -q field.order=V" 1 tkt-ls --db "$cdb" -q "field.order=$order"
	point tagstatus "tkt-ls -q +billing status=open" 1 tkt-ls --db "$cdb" -q +billing status=open
	point text "tkt-ls -q text~ORDER" 1 tkt-ls --db "$cdb" -q "text~$order"
	point breach "tkt-ls -q breach=any" 1 tkt-ls --db "$cdb" -q breach=any
	point week "tkt-report, one week" 0 \
		tkt-report --db "$cdb" --since $week_since --until $week_until --format tsv
	point page "tkt-report, one week's page" 0 \
		tkt-report --db "$cdb" --since $week_since --until $week_until --format html
	point qa "qa-check, one week" 0 qa-check --db "$cdb" "updated>=$week_since" "updated<$week_until"
}
export TKT_NOW=${week_until}T00:00:00Z
curve "$small" "$dir/small.db"
curve "$mid" "$dir/mid.db"
curve "$big" "$dir/big.db"
if [ "${BENCH_HUGE:-0}" = 1 ]; then
	huge=$((big * 10))
	rm -f "$dir/small.db"* "$dir/mid.db"* "$dir/big.db"*
	say "building $huge tickets"
	"$gen" -d "$perday" "$huge" | tkt-new --db "$dir/huge.db" --batch -q
	curve "$huge" "$dir/huge.db"
	rm -f "$dir/huge.db"*
fi
unset TKT_NOW

# ---- PostgreSQL -------------------------------------------------------------
# On a throw-away server (tests/pg.sh), where one is installed; BENCH_PG=0
# leaves these rows out.
if [ "${BENCH_PG:-}" != 0 ]; then
	say "PostgreSQL, ${BENCH_PG:-$mid} tickets"
	export dir tsv lat gen top BENCH_MID="$mid"
	sh "$top/tests/bench/pg.sh" >&2 || say "bench: the PostgreSQL rows failed"
fi

# ---- print -----------------------------------------------------------------
print_table "$tsv"
say "(also in $tsv)"
