#!/bin/sh
# What a store on a PostgreSQL server has that a file has not: addresses
# with a password in them, a server that cannot be reached, credentials,
# databases that are missing, empty or another program's, a newer schema,
# roles that may only read, the libpq environment and service files,
# writers at once on the server, the writers' lock; the tables and their
# types; and the same data, moved between SQLite and PostgreSQL, exporting
# and reporting the same bytes.  Run by make check-pg (tests/pg.sh).
. "${0%/*}/lib.sh"

if ! on_pg; then
	echo "1..0 # SKIP PostgreSQL only: make check-pg runs it against a throw-away server"
	exit 0
fi

data=$(cd "${0%/*}/../data" && pwd)
gen=${TKT_GEN:?TKT_GEN names the generator (make check sets it)}
export TKT_CONFIG=$data/report/config.yaml

# since MS: the milliseconds since MS (a time from ms).
ms() {
	echo $(($(date +%s%N) / 1000000))
}

tkt-new -s "Router drops" -r "Ann Smith <ann@example.com>" -m "It drops." --at 2026-11-20T09:00:00Z >/dev/null
tkt-reply 1 -m "On it." --as mira --at 2026-11-20T10:00:00Z >/dev/null
db=$(pgdb "$TKT_DB")

# ---- the tables -----------------------------------------------------------
# The same tables and columns as in SQLite: INTEGER as bigint, TEXT as text
# in the C collation (COLLATE NOCASE as a case-insensitive one), BLOB as
# bytea.  sqlite_columns DB TABLE and pg_columns TABLE: "NAME TYPE" of
# each column, TYPE one of bigint, text C, text nocase, bytea.  A column
# PostgreSQL generates (customers.folded) is an index's, as SQLite's FTS5
# tables are: not one of the data model's.
sqlite_columns() {
	nocase=$(sqlite3 "$1" "SELECT sql FROM sqlite_master WHERE name = '$2'" | grep -i 'collate nocase' | awk '{ print $1 }')
	sqlite3 -separator ' ' "$1" "SELECT name, CASE type WHEN 'INTEGER' THEN 'bigint' WHEN 'TEXT' THEN 'text C'
		WHEN 'BLOB' THEN 'bytea' ELSE type END FROM pragma_table_info('$2') ORDER BY name" |
	awk -v nocase=" $(echo $nocase) " '$2 == "text" && index(nocase, " " $1 " ") { $3 = "nocase" } { print }'
}
pg_columns() {
	q "SELECT c.column_name || ' ' || c.data_type || coalesce(' ' || CASE WHEN c.collation_name = 'C' THEN 'C'
		WHEN NOT k.collisdeterministic THEN 'nocase' ELSE c.collation_name END, '')
	   FROM information_schema.columns c LEFT JOIN pg_collation k ON k.collname = c.collation_name
	   WHERE c.table_schema = 'public' AND c.table_name = '$1' AND c.is_generated = 'NEVER'
	   ORDER BY c.column_name"
}
sqlite=$T/same.db
tkt-new --db "$sqlite" -s x -r y -m z >/dev/null
check 'the tables and columns of SQLite, with their types' '
	for t in attachments customers events fields followers messages outbox ratings reviews tags tickets; do
		sqlite_columns "$sqlite" $t >"$T/cols.sqlite" && pg_columns $t >"$T/cols.pg" &&
		test -s "$T/cols.sqlite" && diff -u "$T/cols.sqlite" "$T/cols.pg" || exit 1
	done'
check 'the email of a customer is one in any case' '
	same 1 "$(q "SELECT count(*) FROM customers WHERE email = '\''ANN@Example.COM'\''")"'
check 'tkt_schema holds one row: version 10' 'same "1|10" "$(q "SELECT count(*), max(version) FROM tkt_schema")"'
check 'a new store is whole' 'whole'

# ---- addresses with a password ----------------------------------------------
secret=hunter2-d0-not-print
none=$(nostore none)
nopw=postgresql://postgres@/$(pgdb "$none")
for tool in tkt-ls "tkt-show 1" tkt-export tkt-report qa-check "tkt-new -s x -r y -m z" "tkt-reply 1 -m x" \
            "tkt-tag 1 +x" "tkt-rate 1 csat=3"; do
	STORE=$none fails 66 "^${tool%% *}: no store at 'postgresql://postgres(:[*]+)?@/$(pgdb "$none")'" \
		"$tool: the password of an address is never printed" \
		"$tool --db postgresql://postgres:$secret@/$(pgdb "$none")"
done
STORE=$none fails 66 "^tkt-ls: no store at 'postgresql:///$(pgdb "$none")[^']*'" \
	'a password given as a parameter is not printed either' \
	"tkt-ls --db 'postgresql:///$(pgdb "$none")?password=$secret&connect_timeout=5'"
check 'nor is it in the output of the tool' '
	test -s "$T/last.err" && ! grep -q "$secret" "$T/last.err" "$T/last.out"'
hold_lock "$TKT_DB"
fails 75 "^tkt-tag: store 'postgresql://postgres(:[*]+)?@/$db' is busy; try again later$" \
	'a busy store is named without its password' \
	"TKT_BUSY_TIMEOUT=100 tkt-tag --db postgresql://postgres:$secret@/$db 1 +x"
release_lock

# ---- a server that cannot be reached --------------------------------------
for addr in "postgresql:///$db?host=$T/nosocket" "postgresql:///$db?port=1" "postgresql://127.0.0.1:1/$db"; do
	fails 75 "^tkt-ls: store '$(re "$addr")' cannot be reached: " "a server that cannot be reached ($addr), read: 75" \
		"tkt-ls --db '$addr'"
	fails 75 "^tkt-new: store '$(re "$addr")' cannot be reached: " "a server that cannot be reached ($addr), written: 75" \
		"tkt-new --db '$addr' -s x -r y -m z"
done
fails 75 "cannot be reached: " 'PGHOST naming a directory with no server: 75' "PGHOST=$T tkt-reply 1 -m x"
printf 'mail:\n  address: support@example.com\n  rejected: %s/rejected\n' "$T" >"$T/mail.yaml"
# Mail for a server out of reach: the mail server is to try again later.
fails 75 "^tkt-new: store '[^']*' cannot be reached: " 'mail for a server that cannot be reached: 75' \
	"tkt-new --mail --config \"$T/mail.yaml\" --db 'postgresql:///$db?port=1' <\"$data/mail/01-plain.eml\""
check 'nothing was written' 'same "1|2" "$(q "SELECT count(*), (SELECT count(*) FROM messages) FROM tickets")"'

# ---- credentials ---------------------------------------------------------
# tests/pg.sh makes the role tkt_secret, which must give its password
# (scram-sha-256); its database is its own.
right=r1ght-pw-$$ wrong=wr0ng-pw-$$
qs postgresql:///postgres "ALTER ROLE tkt_secret PASSWORD '$right'" >/dev/null
own=$(newstore secret)
qs postgresql:///postgres "ALTER DATABASE $(pgdb "$own") OWNER TO tkt_secret" >/dev/null
sdb=$(pgdb "$own")
if PGPASSWORD=$wrong psql -XAtq -U tkt_secret -d "$sdb" -c 'SELECT 1' >/dev/null 2>&1; then
	for t in 'the right password' 'a wrong password: 77' 'a wrong PGPASSWORD: 77' 'no password: 77' \
	         'a password file (PGPASSFILE)' 'a wrong password is not printed'; do
		skip "$t" 'the server lets tkt_secret in without its password (tests/pg.sh asks for one)'
	done
else
	check 'the right password' '
		same 1 "$(tkt-new --db "postgresql://tkt_secret:$right@/$sdb" -s x -r y -m z)" &&
		same 1 "$(PGPASSWORD=$right tkt-ls --db "postgresql://tkt_secret@/$sdb" -q)"'
	STORE=$own fails 77 "^tkt-tag: store 'postgresql://tkt_secret(:[*]+)?@/$sdb': authentication failed" \
		'a wrong password: 77' "tkt-tag --db postgresql://tkt_secret:$wrong@/$sdb 1 +x"
	check 'a wrong password is not printed' 'test -s "$T/last.err" && ! grep -q "$wrong" "$T/last.err"'
	STORE=$own fails 77 "^tkt-ls: store 'postgresql://tkt_secret@/$sdb': authentication failed" \
		'a wrong PGPASSWORD: 77' "PGPASSWORD=$wrong tkt-ls --db postgresql://tkt_secret@/$sdb"
	STORE=$own fails 77 "^tkt-reply: store 'postgresql://tkt_secret@/$sdb': authentication failed" \
		'no password: 77' "PGPASSFILE=/nonexistent tkt-reply --db postgresql://tkt_secret@/$sdb 1 -m x"
	printf '*:*:*:tkt_secret:%s\n' "$right" >"$T/pgpass" && chmod 600 "$T/pgpass"
	check 'a password file (PGPASSFILE)' '
		same 1 "$(PGPASSFILE=$T/pgpass tkt-tag --db postgresql://tkt_secret@/$sdb 1 +fromfile)" &&
		same fromfile "$(qs "$own" "SELECT tag FROM tags")"'
fi

# ---- databases that are missing, empty, another program's, newer ----------
"$gen" -s 3 2 | sed 's/"id":/"id":7/g' >"$T/two.jsonl"
for tool in tkt-ls "tkt-show 1" tkt-export tkt-report qa-check "tkt-new -s x -r y -m z" "tkt-reply 1 -m x" \
            "tkt-tag 1 +x" "tkt-rate 1 csat=3" "qa-check --review 1 clear=pass" "tkt-new --batch"; do
	STORE=$none fails 66 "^${tool%% *}: no store at '$(re "$none")'" "$tool: a database that does not exist: 66" \
		"$tool --db '$none' <\"$T/two.jsonl\""
done
# Mail is kept, and the mail server told to try again (75), as when the
# store is a directory.
STORE=$none fails 75 "^tkt-new: no store at '$(re "$none")'.*; kept in '.*/rejected/" \
	'mail for a database that does not exist: 75, kept' \
	"tkt-new --mail --config \"$T/mail.yaml\" --db '$none' <\"$data/mail/01-plain.eml\""
check 'and tkt never makes a database' 'same absent "$(dump "$none")"'

empty=$(newstore empty)
check 'a database without tables is an empty store: a reader makes the tables' '
	tkt-ls --db "$empty"; same 1 $? && same 10 "$(schema_version "$empty")" &&
	same "attachments customers events fields followers messages outbox ratings reviews search tags tickets tkt_schema" "$(store_tables "$empty")"'
empty2=$(newstore empty2)
check 'and so does a writer, which writes' '
	same 1 "$(tkt-new --db "$empty2" -s x -r y -m z)" && same 10 "$(schema_version "$empty2")" && whole "$empty2"'

foreign=$(newstore foreign)
qs "$foreign" "CREATE TABLE notes (x text); INSERT INTO notes VALUES ('mine')"
for tool in tkt-ls tkt-export "tkt-new -s x -r y -m z" "tkt-tag 1 +x"; do
	STORE=$foreign fails 65 "^${tool%% *}: '$(re "$foreign")' is not a tkt store" \
		"$tool: a database of another program: 65, untouched" "$tool --db '$foreign'"
done

newer=$(nostore newer)
copystore "$TKT_DB" "$newer"
set_schema_version "$newer" 99
for tool in tkt-ls tkt-report "tkt-reply 1 -m x" "tkt-new --batch"; do
	STORE=$newer fails 65 "^${tool%% *}: store '$(re "$newer")' has schema version 99, newer than this tkt knows \(10\); upgrade tkt$" \
		"$tool: a store of a newer tkt: 65, untouched" "$tool --db '$newer' <\"$T/two.jsonl\""
done

# ---- a role that may only read ------------------------------------------
make_reader "$TKT_DB"
refused="store '$(re "$reader")'(: permission denied| is read-only)"
for tool in "tkt-new -s x -r y -m z" "tkt-reply 1 -m x" "tkt-tag 1 +x" "tkt-rate 1 csat=3" \
            "tkt-new --batch <\"$T/two.jsonl\"" "qa-check --save 1" "qa-check --review 1 clear=pass"; do
	STORE=$TKT_DB fails 77 "^${tool%% *}: $refused" "${tool%% *} ${tool#* }: a role that may only read: 77, nothing written" \
		"$tool --db '$reader'"
done
check 'a role that may only read lists, shows, exports and reports' '
	same 1 "$(tkt-ls --db "$reader" -q)" &&
	tkt-show 1 >"$T/show" && tkt-show --db "$reader" 1 | cmp - "$T/show" &&
	tkt-export >"$T/all.jsonl" && tkt-export --db "$reader" | cmp - "$T/all.jsonl" &&
	tkt-report --since 2026-11-01 --until 2026-12-01 --format tsv >"$T/r" &&
	tkt-report --db "$reader" --since 2026-11-01 --until 2026-12-01 --format tsv | cmp - "$T/r"'

# ---- the libpq environment, a service file --------------------------------
cat >"$T/pg_service.conf" <<END
[tktsvc]
host=$PGHOST
port=$PGPORT
user=postgres
dbname=$db
END
check 'PGDATABASE names the database of postgresql://' '
	same 1 "$(PGDATABASE=$db tkt-ls --db postgresql:// -q)"'
check 'host and port as parameters of the address, without PGHOST and PGPORT' '
	same 1 "$(env -u PGHOST -u PGPORT tkt-ls --db "postgresql:///$db?host=$PGHOST&port=$PGPORT" -q)"'
check 'a service of PGSERVICEFILE, named in the address' '
	same 1 "$(env -u PGHOST -u PGPORT -u PGUSER PGSERVICEFILE=$T/pg_service.conf tkt-ls --db "postgresql://?service=tktsvc" -q)"'
check 'a service named by PGSERVICE, written to' '
	same 1 "$(env -u PGHOST -u PGPORT -u PGUSER PGSERVICEFILE=$T/pg_service.conf PGSERVICE=tktsvc tkt-tag --db postgresql:// 1 +svc)" &&
	same 1 "$(q "SELECT count(*) FROM tags WHERE tag = '\''svc'\''")"'
check 'TKT_DB holds the address as --db does' '
	same 1 "$(env -u PGHOST -u PGPORT -u PGUSER PGSERVICEFILE=$T/pg_service.conf TKT_DB="postgresql://?service=tktsvc" tkt-ls -q)"'
fails 75 "^tkt-ls: store 'postgresql://[?]service=nosuch' cannot be reached: |^tkt-ls: store 'postgresql://[?]service=nosuch': .*nosuch" \
	'a service that is not in the file: one line, naming the address' \
	"env PGSERVICEFILE=$T/pg_service.conf tkt-ls --db 'postgresql://?service=nosuch'"

# ---- eight writers at once, on a database none has made a store of ---------
par=$(newstore par)
per=$(rounds 40)
for w in 1 2 3 4 5 6 7 8; do
	(
		j=0
		while [ $j -lt "$per" ]; do
			j=$((j + 1))
			mk=mk-w$w-$j
			case $(((w + j) % 4)) in
			0) k=new; tkt-new --db "$par" -s "$mk" -r "w$w@example.com" -m "opened by $mk" ;;
			1) k=reply; tkt-reply --db "$par" $((j % 8 + 1)) -m "$mk" ;;
			2) k=tag; tkt-tag --db "$par" $((j % 8 + 1)) "+$mk" ;;
			*) k=rate; tkt-rate --db "$par" $((j % 8 + 1)) csat=$((j % 5 + 1)) -m "$mk" ;;
			esac >/dev/null 2>>"$T/par$w.err"
			echo "$k $mk $?"
		done >"$T/par$w.log"
	) &
done
wait
cat "$T"/par*.log >"$T/par.ops"
ok_ops() { awk -v k="$1" '$3 == 0 && $1 == k' "$T/par.ops" | wc -l; }
# A command takes its time when it starts: one on a ticket that another
# writer opens while it starts finds the ticket not there yet (66), or
# there but opened after its time (65).
check "eight writers, $per operations each: every one exited 0, or 66 or 65 for a ticket not there yet, or 75" '
	same $((8 * per)) "$(wc -l <"$T/par.ops")" &&
	same "" "$(awk "\$3 != 0 && \$3 != 66 && \$3 != 65 && \$3 != 75" "$T/par.ops")" &&
	same "" "$(grep -hv "no such ticket\|is busy; try again later\$\|is before ticket [0-9]* was created" "$T"/par*.err)"'
check 'the counts of tickets, replies, tags and ratings match exactly' '
	same "$(ok_ops new)|$(ok_ops new)|$(ok_ops reply)|$(ok_ops tag)|$(ok_ops rate)" \
	     "$(qs "$par" "SELECT (SELECT count(*) FROM tickets),
		(SELECT count(*) FROM messages WHERE body LIKE '\''opened by mk-%'\''),
		(SELECT count(*) FROM messages WHERE body LIKE '\''mk-%'\''),
		(SELECT count(*) FROM tags WHERE tag LIKE '\''mk-%'\''), (SELECT count(*) FROM ratings)")"'
check 'and the store is whole' 'whole "$par"'

# ---- the writers' lock -----------------------------------------------------
hold_lock "$TKT_DB"
t0=$(ms)
fails 75 "^tkt-reply: store '$(re "$TKT_DB")' is busy; try again later$" 'the lock held past TKT_BUSY_TIMEOUT: 75, nothing written' \
	'TKT_BUSY_TIMEOUT=400 tkt-reply 1 -m "not now"'
t1=$(ms)
check 'after waiting TKT_BUSY_TIMEOUT' 'test $((t1 - t0)) -ge 400 && test $((t1 - t0)) -lt 4000'
t0=$(ms)
fails 75 "^tkt-tag: store '$(re "$TKT_DB")' is busy; try again later$" 'the lock held: 75 after the default 5 seconds' \
	'tkt-tag 1 +late'
t1=$(ms)
check 'which is 5 seconds' 'test $((t1 - t0)) -ge 5000 && test $((t1 - t0)) -lt 15000'
check 'readers do not wait for the lock' 'same 1 "$(TKT_BUSY_TIMEOUT=100 tkt-ls -q)"'
release_lock

# ---- the PostgreSQL module --------------------------------------------------
# libpq is in a module the tools load for a PostgreSQL store alone; a
# program without it says so, and works on SQLite.
mkdir -p "$T/alone"
cp "$TKT_TOOLS/tkt-ls" "$T/alone/"
if [ ! -e "$TKT_PREFIX/lib/tkt/pg.so" ]; then
	fails 69 "^tkt-ls: cannot load the PostgreSQL module tkt/pg.so" 'a PostgreSQL store without the module: 69' \
		'"$T/alone/tkt-ls"'
	check 'without the module, an SQLite store is listed' 'same 1 "$("$T/alone/tkt-ls" --db "$sqlite" -q)"'
else
	for t in 'a PostgreSQL store without the module' 'without the module, an SQLite store is listed'; do
		skip "$t" "a tkt installed in $TKT_PREFIX gives the program its PostgreSQL module"
	done
fi

# ---- the same data on SQLite and PostgreSQL ---------------------------------
many=$(rounds 3000)
"$gen" -s 21 "$many" >"$T/gen.jsonl"
lite=$T/gen.db lite2=$T/back.db pg=$(newstore gen)
check "$many generated tickets: SQLite, exported, into PostgreSQL" '
	tkt-new --db "$lite" --batch --chunk 500 -q <"$T/gen.jsonl" && tkt-export --db "$lite" >"$T/lite.jsonl" &&
	tkt-new --db "$pg" --batch --chunk 500 -q <"$T/lite.jsonl"'
check 'exported from PostgreSQL: the same bytes' 'tkt-export --db "$pg" >"$T/pg.jsonl" && cmp "$T/lite.jsonl" "$T/pg.jsonl"'
check 'into a new SQLite store and exported again: the same bytes' '
	tkt-new --db "$lite2" --batch -q <"$T/pg.jsonl" && tkt-export --db "$lite2" | cmp - "$T/lite.jsonl"'
check 'a part exported by a filter: the same bytes' '
	tkt-export --db "$lite" status=solved,closed "created>=2026-06-01" +billing -refund >"$T/part.lite" && test -s "$T/part.lite" &&
	tkt-export --db "$pg" status=solved,closed "created>=2026-06-01" +billing -refund | cmp - "$T/part.lite"'
for r in "" "--format tsv" "--by agent --format tsv" "--by week --business-hours --format tsv" \
         "--by priority,channel --format csv" "--by tag --json"; do
	check "tkt-report $r: the same on both" '
		tkt-report --db "$lite" --since 2026-01-01 --until 2026-07-01 '"$r"' >"$T/rep.lite" &&
		tkt-report --db "$pg" --since 2026-01-01 --until 2026-07-01 '"$r"' >"$T/rep.pg" &&
		test -s "$T/rep.lite" && cmp "$T/rep.lite" "$T/rep.pg"'
done
check 'tkt-ls with filters and sorting: the same on both' '
	for f in "status=open" "priority>=high -S priority" "waiting>1d" "status=new,open -S updated" \
	         "+billing -refund -S created -r -n 50" "age>30d status!=closed" "type=defect assignee!=" "--json status=pending"; do
		tkt-ls --db "$lite" --at 2026-11-01 $f >"$T/ls.lite"; a=$?
		tkt-ls --db "$pg" --at 2026-11-01 $f >"$T/ls.pg"; b=$?
		same "$a" "$b" && cmp "$T/ls.lite" "$T/ls.pg" || { echo "tkt-ls $f"; exit 1; }
	done'
check 'text searches: the same tickets, and the same lines, on both' '
	for f in text~refund "text~\"parcel was held\"" subject~damaged "body~kettle status=solved" \
	         "text~order text~restart -n 40" "text~refund +billing --json"; do
		eval "tkt-ls --db \"\$lite\" --at 2026-11-01 $f" >"$T/ls.lite"; a=$?
		eval "tkt-ls --db \"\$pg\" --at 2026-11-01 $f" >"$T/ls.pg"; b=$?
		same "$a" "$b" && test -s "$T/ls.lite" && cmp "$T/ls.lite" "$T/ls.pg" || { echo "tkt-ls $f"; exit 1; }
	done'
check 'qa-check: the same scores on both' '
	qa-check --db "$lite" --at 2026-11-02 >"$T/qa.lite"; a=$?
	qa-check --db "$pg" --at 2026-11-02 >"$T/qa.pg"; b=$?
	same "$a" "$b" && test -s "$T/qa.lite" && cmp "$T/qa.lite" "$T/qa.pg"'
check 'tkt-show --json of every hundredth ticket: the same on both' '
	ids=$(seq 1 100 "$many") && tkt-show --db "$lite" --json $ids >"$T/show.lite" &&
	tkt-show --db "$pg" --json $ids | cmp - "$T/show.lite"'
check 'and the PostgreSQL store is whole' 'whole "$pg"'

done_testing
