# tests/cli/lib.sh: a small TAP harness for the end-to-end tests.  Each
# test file sources it, runs check/fails lines, and ends with done_testing.
# The tools come from the staged install that `make check` makes.
set -u

# The tools and templates of the staged install (make check), else of
# the build tree ($TKT_BIN, or build/bin).
top=$(cd "${0%/*}/../.." && pwd)
if [ -n "${TKT_STAGE:-}" ]; then
	PATH=$TKT_STAGE${TKT_PREFIX:-/usr/local}/bin:$PATH
	SHIPPED=$TKT_STAGE${TKT_PREFIX:-/usr/local}/share/tkt/templates
else
	PATH=${TKT_BIN:-$top/build/bin}:$PATH
	SHIPPED=$top/templates
fi
# The tools themselves, whatever wraps them on PATH.
TKT_TOOLS=${PATH%%:*}
# make memcheck puts wrappers that run each tool under valgrind first.
[ -n "${TKT_WRAP:-}" ] && PATH=$TKT_WRAP:$PATH
export PATH TKT_TEMPLATES=$SHIPPED
export TZ=UTC LC_ALL=C.UTF-8 TKT_AGENT=agent
unset TKT_DB TKT_NOW TKT_BUSY_TIMEOUT XDG_DATA_HOME XDG_CONFIG_HOME VISUAL EDITOR

# The backend the suite runs against: sqlite (the default), or pg, set by
# tests/pg.sh, which starts a throw-away PostgreSQL server and sets PGHOST,
# PGPORT and PGUSER for it.
backend=${TKT_TEST_BACKEND:-sqlite}
case $backend in
sqlite|pg) ;;
*) echo "Bail out! TKT_TEST_BACKEND is sqlite or pg, not '$backend'"; exit 1;;
esac

# on_pg: whether the tests run against PostgreSQL.
on_pg() {
	[ "$backend" = pg ]
}

T=$(mktemp -d "${TMPDIR:-/tmp}/tkt-test.XXXXXX") || exit 1
# Commands for the end of the test file (at_exit), before $T goes.
exit_hooks=
at_exit() {
	exit_hooks="$exit_hooks
$1"
}
trap 'eval "$exit_hooks"; chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"' EXIT
export HOME=$T/home TKT_DB=$T/tkt.db
mkdir -p "$HOME"

# On PostgreSQL each test file has databases of its own, all named
# tkt_FILE_PID[_NAME]: $TKT_DB is an empty one, the store; newstore makes
# more.  Every one of them is dropped at the end.
if on_pg; then
	command -v psql >/dev/null && command -v createdb >/dev/null ||
		{ echo "Bail out! psql and createdb are needed (apt-get install postgresql-client)"; exit 1; }
	pgprefix=${0##*/}
	pgprefix=tkt_$(printf '%s' "${pgprefix%.t}" | tr 'A-Z' 'a-z' | tr -c 'a-z0-9' _)_$$
	# pgdrop_all: drop every database of this test file, in one session.
	pgdrop_all() {
		psql -XAtq -d postgres >/dev/null 2>&1 <<END
SELECT format('DROP DATABASE IF EXISTS %I WITH (FORCE)', datname) FROM pg_database
WHERE datname = '$pgprefix' OR starts_with(datname, '${pgprefix}_')
\gexec
END
	}
	# pgcreatedb ARG...: createdb, which from PostgreSQL 15 on copies the
	# template's files (STRATEGY FILE_COPY) rather than writing each of
	# their pages to the WAL, at a third of the cost.
	pgcreatedb() {
		if [ "${TKT_TEST_PG_VERSION:-0}" -ge 150000 ]; then
			createdb --strategy=file_copy "$@"
		else
			createdb "$@"
		fi
	}
	at_exit pgdrop_all
	pgcreatedb "$pgprefix" || { echo "Bail out! cannot create the database $pgprefix"; exit 1; }
	TKT_DB=postgresql:///$pgprefix
fi

n=0
failures=0

# rounds N: N, or a tenth as many under make memcheck (TKT_TEST_SCALE=10),
# where each process runs some 20 times slower; at least 1.
rounds() {
	r=$(($1 / ${TKT_TEST_SCALE:-1}))
	echo $((r > 0 ? r : 1))
}

ok() {
	n=$((n + 1))
	echo "ok $n - $1"
}

# The diagnostics of a failure go to stderr, where prove shows them.
not_ok() {
	n=$((n + 1))
	failures=$((failures + 1))
	echo "not ok $n - $1"
	shift
	{
		[ $# -gt 0 ] && printf '%s\n' "$@" | sed 's/^/#   /'
		for f in "$T/out" "$T/err"; do
			[ -s "$f" ] && { echo "#   ${f##*/}:"; head -20 "$f" | sed 's/^/#     /'; }
		done
	} >&2
	return 0
}

# run COMMAND...: run the command (a shell string) of a check or fails,
# its output in $T/out and $T/err, emptied first: a command that reads
# them reads its own.  Once it has run, a copy of each stays in
# $T/last.out and $T/last.err, for the next test to ask what the command
# before it printed.  (tests/lint.sh refuses a check that only reads
# $T/out or $T/err: it could not fail.)  Its exit status in rc.
run() {
	(eval "$*") >"$T/out" 2>"$T/err"
	rc=$?
	cp "$T/out" "$T/last.out"
	cp "$T/err" "$T/last.err"
	return $rc
}

# check NAME COMMAND...: the command (a shell string) succeeds.
check() {
	name=$1
	shift
	if run "$*"; then
		ok "$name"
	else
		not_ok "$name" "command: $*" "exit: $rc"
	fi
}

# dump [ADDR]: the store ($TKT_DB) whole, or "absent", to prove a command
# changed nothing.  SQLite: .dump.  PostgreSQL: pgdump.
dump() {
	if on_pg; then
		pgdump "${1:-$TKT_DB}"
	elif [ -e "${1:-$TKT_DB}" ]; then
		sqlite3 "${1:-$TKT_DB}" .dump 2>&1
	else
		echo absent
	fi
}
# pgdump ADDR: the database at ADDR (all but the system's own schemas), in
# one query of one connection that writes nothing: its schemas; each
# table with its columns (type, collation, not null, default, identity,
# generated), constraints, indexes and triggers; the functions, the other
# relations (a view with its text) and the collations; and of each table
# the number of rows and an md5 of them all, whole, that the server
# computes: of the md5s of the rows' text (a bytea value by its md5),
# sorted.  Nothing is sampled: a byte changed anywhere changes the dump.
pgdump() {
	if ! pgdump_sql "$1" 2>"$T/dump.err" && grep -q 'database ".*" does not exist' "$T/dump.err"; then
		echo absent
	elif [ -s "$T/dump.err" ]; then
		cat "$T/dump.err"
	fi
}
pgdump_sql() {
	psql -XAtq -v ON_ERROR_STOP=1 -d "$1" <<'END'
WITH nsp AS (
	SELECT oid, nspname FROM pg_namespace
	WHERE nspname <> 'information_schema' AND nspname NOT LIKE 'pg\_%'
), rels AS (
	SELECT c.oid, c.relkind, c.relpersistence, format('%I.%I', n.nspname, c.relname) AS name
	FROM pg_class c JOIN nsp n ON n.oid = c.relnamespace
), tabs AS (
	SELECT oid, name FROM rels WHERE relkind IN ('r', 'p') AND relpersistence <> 't'
)
SELECT line FROM (
	SELECT 1, n.nspname, 'schema ' || quote_ident(n.nspname) FROM nsp n
	UNION ALL
	SELECT 2, t.name, 'table ' || t.name || ' (' || coalesce(string_agg(quote_ident(a.attname) || ' ' ||
		format_type(a.atttypid, a.atttypmod) || coalesce(' collate ' || nullif(co.collname, 'default'), '') ||
		CASE WHEN a.attnotnull THEN ' not null' ELSE '' END ||
		coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '') ||
		CASE WHEN a.attidentity <> '' THEN ' identity ' || a.attidentity::text ELSE '' END ||
		CASE WHEN a.attgenerated <> '' THEN ' generated ' || a.attgenerated::text ELSE '' END,
		', ' ORDER BY a.attnum), '') || ')'
	FROM tabs t
	LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum > 0 AND NOT a.attisdropped
	LEFT JOIN pg_collation co ON co.oid = a.attcollation
	LEFT JOIN pg_attrdef d ON d.adrelid = t.oid AND d.adnum = a.attnum
	GROUP BY t.name
	UNION ALL
	SELECT 3, t.name || ' ' || k.conname,
		'constraint ' || quote_ident(k.conname) || ' on ' || t.name || ' ' || pg_get_constraintdef(k.oid)
	FROM pg_constraint k JOIN tabs t ON t.oid = k.conrelid
	UNION ALL
	SELECT 4, r.name, pg_get_indexdef(i.indexrelid) FROM pg_index i JOIN rels r ON r.oid = i.indexrelid
	UNION ALL
	SELECT 5, t.name || ' ' || g.tgname, pg_get_triggerdef(g.oid) || ' enabled ' || g.tgenabled::text
	FROM pg_trigger g JOIN tabs t ON t.oid = g.tgrelid WHERE NOT g.tgisinternal
	UNION ALL
	SELECT 6, p.oid::regprocedure::text, CASE WHEN p.prokind IN ('f', 'p') THEN pg_get_functiondef(p.oid)
		ELSE 'function ' || p.oid::regprocedure::text || ' kind ' || p.prokind::text END
	FROM pg_proc p JOIN nsp n ON n.oid = p.pronamespace
	UNION ALL
	SELECT 7, r.name, 'relation ' || r.name || ' kind ' || r.relkind::text ||
		coalesce(': ' || CASE WHEN r.relkind IN ('v', 'm') THEN pg_get_viewdef(r.oid) END, '')
	FROM rels r WHERE r.relkind NOT IN ('r', 'p', 'i', 'I')
	UNION ALL
	SELECT 8, co.collname, format('collation %I.%I %s', n.nspname, co.collname,
		to_jsonb(co) - 'oid' - 'collnamespace' - 'collowner')
	FROM pg_collation co JOIN nsp n ON n.oid = co.collnamespace
	UNION ALL
	SELECT 9, t.name, 'rows of ' || t.name || ': ' || substring(query_to_xml(format(
		'SELECT count(*) || %L || md5(coalesce(string_agg(h, %L ORDER BY h COLLATE "C"), %L)) AS x '
		'FROM (SELECT md5(ROW(%s)::text) AS h FROM %s r) s', ' ', E'\n', '',
		(SELECT string_agg(CASE WHEN a.atttypid = 'bytea'::regtype THEN format('md5(r.%I)', a.attname)
			ELSE format('r.%I', a.attname) END, ', ' ORDER BY a.attnum)
		 FROM pg_attribute a WHERE a.attrelid = t.oid AND a.attnum > 0 AND NOT a.attisdropped),
		t.name), false, true, '')::text FROM '<x>(.*)</x>')
	FROM tabs t
) s(k1, k2, line)
ORDER BY k1, k2 COLLATE "C", line COLLATE "C";
END
}

# snapshot ADDR, then unchanged ADDR: whether the store at ADDR holds what
# it held at the snapshot, as its dump shows.  A SQLite store file is
# copied, with its -wal and -shm when there: when the files are the same
# bytes after, it is the same store, with no dump; else the dump of the
# copy is compared with the dump of the store.  (A dump of a store of some
# thousand tickets, or with a 20 MB attachment, costs far more than the
# copy.)  Anything else (no file, not a file, PostgreSQL) is dumped
# before and after.
snapshot() {
	rm -f "$T/snap.db" "$T/snap.db-wal" "$T/snap.shm"
	if on_pg || [ ! -f "$1" ] || [ -e "$1-wal" -a ! -f "$1-wal" ] || [ -e "$1-shm" -a ! -f "$1-shm" ]; then
		snapped=
		dump "$1" >"$T/before"
		return
	fi
	snapped=$1
	cp "$1" "$T/snap.db"
	[ ! -e "$1-wal" ] || cp "$1-wal" "$T/snap.db-wal"
	[ ! -e "$1-shm" ] || cp "$1-shm" "$T/snap.shm"
}
unchanged() {
	if [ "$snapped" = "$1" ] && cmp -s "$1" "$T/snap.db" &&
	   same_file "$1-wal" "$T/snap.db-wal" && same_file "$1-shm" "$T/snap.shm"; then
		return 0
	fi
	if [ "$snapped" = "$1" ]; then
		chmod u+w "$T/snap.db" "$T/snap.db-wal" 2>/dev/null
		dump "$T/snap.db" >"$T/before"
	fi
	dump "$1" >"$T/after"
	cmp -s "$T/before" "$T/after"
}
# same_file A B: both absent, or both files of the same bytes.
same_file() {
	if [ -e "$1" ] || [ -e "$2" ]; then
		[ -f "$1" ] && [ -f "$2" ] && cmp -s "$1" "$2"
	fi
}

# fails CODE PATTERN NAME COMMAND...: the command exits CODE, prints exactly
# one line on stderr, matching the extended regular expression PATTERN, and
# leaves the store ($TKT_DB, or $STORE when set) byte for byte as it was.
fails() {
	code=$1 pattern=$2 name=$3
	shift 3
	store=${STORE:-$TKT_DB}
	snapshot "$store"
	run "$*"
	lines=$(wc -l <"$T/err")
	if [ "$rc" != "$code" ]; then
		not_ok "$name" "command: $*" "exit: $rc, expected $code"
	elif [ "$lines" != 1 ]; then
		not_ok "$name" "command: $*" "stderr has $lines lines, expected 1"
	elif ! grep -Eq -- "$pattern" "$T/err"; then
		not_ok "$name" "command: $*" "stderr does not match /$pattern/"
	elif ! unchanged "$store"; then
		not_ok "$name" "command: $*" "the store changed"
	else
		ok "$name"
	fi
}

# skip NAME WHY: a test that cannot run here, said so in the TAP output.
skips=0
skip() {
	n=$((n + 1))
	skips=$((skips + 1))
	echo "ok $n - $1 # SKIP $2"
}

# sqlite_only WHY check|fails ARGS...: a test about SQLite files themselves
# (modes, read-only files and directories, junk files, WAL, a full disk,
# the default path); on PostgreSQL it is skipped, saying WHY.
sqlite_only() {
	why=$1
	shift
	if on_pg; then
		case $1 in
		fails) skip "$4" "SQLite only: $why";;
		*) skip "$2" "SQLite only: $why";;
		esac
	else
		"$@"
	fi
}

# Whether script(1) can give a command a terminal here.
# mail_config: $T/config.yaml the help desk's mail, the sendmail command
# appending to $T/sent.mbox, made $TKT_CONFIG.
mail_config() {
	cat >"$T/config.yaml" <<END
mail:
  address: support@example.com
  name: Example Support
  sendmail: cat >>$T/sent.mbox
END
	export TKT_CONFIG=$T/config.yaml
}

have_tty() {
	script -qec true /dev/null >/dev/null 2>&1 </dev/null
}

# hold_lock ADDR: another process takes the store's write lock and keeps
# it until release_lock; returns once the lock is surely held.  On
# PostgreSQL the lock is the writers' advisory lock, taken in a transaction
# by a psql session.
TKT_LOCK_KEY=1953199153
hold_lock() {
	rm -f "$T/lock.fifo"
	mkfifo "$T/lock.fifo"
	if on_pg; then
		(psql -XAtq -d "$1" <"$T/lock.fifo" >/dev/null 2>&1) &
		holder=$!
		exec 9>"$T/lock.fifo"
		echo "BEGIN; SELECT pg_advisory_xact_lock($TKT_LOCK_KEY);" >&9
		tries=0
		while [ $tries -lt 200 ] && [ "$(qs "$1" "SELECT count(*) FROM pg_locks
			WHERE locktype = 'advisory' AND classid = 0 AND objid = $TKT_LOCK_KEY AND objsubid = 1
			  AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())")" != 1 ]; do
			sleep 0.05
			tries=$((tries + 1))
		done
		return
	fi
	(sqlite3 "$1" <"$T/lock.fifo" >/dev/null 2>&1) &
	holder=$!
	exec 9>"$T/lock.fifo"
	# The probe below takes the lock for a moment: the holder waits it out.
	echo ".timeout 10000" >&9
	echo "BEGIN IMMEDIATE;" >&9
	tries=0
	while [ $tries -lt 200 ] &&
	      sqlite3 "$1" "BEGIN IMMEDIATE; ROLLBACK;" >/dev/null 2>&1; do
		sleep 0.05
		tries=$((tries + 1))
	done
}
release_lock() {
	echo "COMMIT;" >&9
	exec 9>&-
	wait $holder
}

# unwrapped TOOL [ARG...]: the tool itself, never wrapped (make memcheck
# runs every tool on PATH under valgrind), for a bulk setup or a check
# whose work other tests do under valgrind: the import of thousands of
# generated tickets, or their export (0150-bench-data.t does both).
unwrapped() {
	_unwrapped=$TKT_TOOLS/$1
	shift
	"$_unwrapped" "$@"
}

# same EXPECTED ACTUAL: the two strings are equal.
same() {
	if [ "$1" = "$2" ]; then
		return 0
	fi
	printf 'expected: %s\nactual:   %s\n' "$1" "$2" >&2
	return 1
}

# q SQL: one query against the store ($TKT_DB); qs ADDR SQL: against the
# store at ADDR.  The output is sqlite3's default: a line per row, the
# columns separated by |, NULL as nothing.  The SQL must be one both
# backends accept: strings in single quotes, no group_concat (joined
# below), no sum of a comparison, no PRAGMA.
q() {
	qs "$TKT_DB" "$1"
}
qs() {
	if on_pg; then
		psql -XAtq -F '|' -v ON_ERROR_STOP=1 -d "$1" -c "$2"
	else
		sqlite3 "$1" "$2"
	fi
}

# joined [SEP]: the lines of stdin on one line, separated by SEP (one
# character, a space by default), as group_concat would.
joined() {
	paste -sd "${1:- }" -
}

# re STRING: an extended regular expression that matches STRING alone.
re() {
	printf '%s' "$1" | sed -e 's/[]*$+?(){}|.[]/[&]/g' -e 's/\\/\\\\/g' -e 's/\^/\\^/g'
}

# pgname NAME: the name of this test file's database NAME.
pgname() {
	set -- "${pgprefix}_$(printf '%s' "$1" | tr 'A-Z' 'a-z' | tr -c 'a-z0-9' _)"
	[ ${#1} -le 63 ] || { echo "Bail out! database name '$1' is longer than 63 bytes" >&2; exit 1; }
	printf '%s' "$1"
}
# newstore NAME: the address of a new, empty store.  SQLite: $T/NAME.db,
# not yet made (the first write makes it).  PostgreSQL: a new database
# with no tables (the first use makes the tables).
newstore() {
	if on_pg; then
		# A name is new, mostly: one from before goes only when it is there.
		pgcreatedb "$(pgname "$1")" 2>/dev/null || {
			dropdb --force --if-exists "$(pgname "$1")" >/dev/null 2>&1
			pgcreatedb "$(pgname "$1")"
		} || return 1
		echo "postgresql:///$(pgname "$1")"
	else
		echo "$T/$1.db"
	fi
}
# nostore NAME: the address of a store that does not exist, and that tkt
# may not make: SQLite $T/NAME.db; PostgreSQL a database not there.
nostore() {
	if on_pg; then
		echo "postgresql:///$(pgname "$1")"
	else
		echo "$T/$1.db"
	fi
}
# pgdb ADDR: the database name of a postgresql:/// address.
pgdb() {
	set -- "${1#postgres*://*/}"
	printf '%s' "${1%%\?*}"
}
# not_made ADDR: no store was made at ADDR: SQLite, no file; PostgreSQL, no
# database, or one without a table.
not_made() {
	if on_pg; then
		[ "$(dump "$1")" = absent ] ||
			same 0 "$(qs "$1" "SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')")"
	else
		! test -e "$1"
	fi
}
# copystore FROM TO: TO becomes a copy of the store at FROM (TO is an
# address from newstore or nostore).
copystore() {
	if on_pg; then
		settle "$1"
		dropdb --force --if-exists "$(pgdb "$2")" 2>/dev/null
		pgcreatedb -T "$(pgdb "$1")" "$(pgdb "$2")"
	else
		rm -f "$2" "$2-wal" "$2-shm" && cp "$1" "$2"
	fi
}
# rmstore ADDR: the store at ADDR is no more (PostgreSQL: its database is
# dropped).  emptystore ADDR: it is new and empty again.
rmstore() {
	if on_pg; then
		dropdb --force --if-exists "$(pgdb "$1")" 2>/dev/null
		[ "$(dump "$1")" = absent ]
	else
		rm -f "$1" "$1-wal" "$1-shm"
	fi
}
emptystore() {
	rmstore "$1" && { ! on_pg || pgcreatedb "$(pgdb "$1")"; }
}
# make_reader ADDR: PostgreSQL only: $reader becomes the address of the
# store at ADDR for a role (one for the test file) that may read its
# tables and write none.
make_reader() {
	if [ -z "${reader_role:-}" ]; then
		qs postgresql:///postgres "CREATE ROLE ${pgprefix}_reader LOGIN" >/dev/null || return 1
		at_exit "qs postgresql:///postgres 'DROP ROLE IF EXISTS ${pgprefix}_reader' >/dev/null 2>&1"
		reader_role=${pgprefix}_reader
	fi
	qs "$1" "GRANT USAGE ON SCHEMA public TO $reader_role;
		GRANT SELECT ON ALL TABLES IN SCHEMA public TO $reader_role" >/dev/null || return 1
	case $1 in
	*\?*) reader="$1&user=$reader_role";;
	*) reader="$1?user=$reader_role";;
	esac
}
# make_stranger ADDR: PostgreSQL only: $stranger becomes the address of
# the store at ADDR for a role (one for the test file) that may connect to
# its database and read none of its tables.
make_stranger() {
	if [ -z "${stranger_role:-}" ]; then
		qs postgresql:///postgres "CREATE ROLE ${pgprefix}_stranger LOGIN" >/dev/null || return 1
		at_exit "qs postgresql:///postgres 'DROP ROLE IF EXISTS ${pgprefix}_stranger' >/dev/null 2>&1"
		stranger_role=${pgprefix}_stranger
	fi
	case $1 in
	*\?*) stranger="$1&user=$stranger_role";;
	*) stranger="$1?user=$stranger_role";;
	esac
}
# settle ADDR: on PostgreSQL, wait until no other session is connected to
# the database (a killed client's server process may still be ending its
# transaction); on SQLite there is nothing to wait for.
settle() {
	on_pg || return 0
	tries=0
	while [ $tries -lt 400 ] && [ "$(qs "$1" "SELECT count(*) FROM pg_stat_activity
		WHERE datname = current_database() AND pid <> pg_backend_pid()")" != 0 ]; do
		sleep 0.05
		tries=$((tries + 1))
	done
}
# store_tables ADDR: the names of the store's tables, in order, on a line.
store_tables() {
	if on_pg; then
		qs "$1" "SELECT tablename FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1"
	else
		sqlite3 "$1" "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
	fi | joined
}
# On PostgreSQL, the SQL that takes a store back from schema 10 (ids
# from sequences) to before it, for a test of an older store's upgrade.
PG_BEFORE_10="DROP SEQUENCE customers_id_seq, tickets_id_seq, messages_id_seq, events_id_seq,
	ratings_id_seq, reviews_id_seq, attachments_id_seq; DROP FUNCTION tkt_ids_past(text);"
# schema_version [ADDR]: the store's schema version (SQLite: PRAGMA
# user_version; PostgreSQL: the table tkt_schema).  set_schema_version
# ADDR N sets it.
schema_version() {
	if on_pg; then
		qs "${1:-$TKT_DB}" "SELECT version FROM tkt_schema"
	else
		sqlite3 "${1:-$TKT_DB}" "PRAGMA user_version"
	fi
}
set_schema_version() {
	if on_pg; then
		qs "$1" "UPDATE tkt_schema SET version = $2"
	else
		sqlite3 "$1" "PRAGMA user_version = $2"
	fi
}
# whole [ADDR]: the store passes its integrity checks.  SQLite: PRAGMA
# integrity_check says ok, PRAGMA foreign_key_check nothing.  PostgreSQL
# (whose pages the server checks): every row's ticket, message and
# requester exists.
whole() {
	if on_pg; then
		same "0|0|0|0|0|0|0|0" "$(qs "${1:-$TKT_DB}" "SELECT
			(SELECT count(*) FROM tickets t WHERE NOT EXISTS (SELECT 1 FROM customers c WHERE c.id = t.requester)),
			(SELECT count(*) FROM messages x WHERE NOT EXISTS (SELECT 1 FROM tickets t WHERE t.id = x.ticket)),
			(SELECT count(*) FROM fields x WHERE NOT EXISTS (SELECT 1 FROM tickets t WHERE t.id = x.ticket)),
			(SELECT count(*) FROM tags x WHERE NOT EXISTS (SELECT 1 FROM tickets t WHERE t.id = x.ticket)),
			(SELECT count(*) FROM events x WHERE NOT EXISTS (SELECT 1 FROM tickets t WHERE t.id = x.ticket)),
			(SELECT count(*) FROM ratings x WHERE NOT EXISTS (SELECT 1 FROM tickets t WHERE t.id = x.ticket)),
			(SELECT count(*) FROM reviews x WHERE NOT EXISTS (SELECT 1 FROM tickets t WHERE t.id = x.ticket)),
			(SELECT count(*) FROM attachments x WHERE NOT EXISTS (SELECT 1 FROM messages m WHERE m.id = x.message))")"
	else
		same ok "$(sqlite3 "${1:-$TKT_DB}" "PRAGMA integrity_check")" &&
		same "" "$(sqlite3 "${1:-$TKT_DB}" "PRAGMA foreign_key_check")"
	fi
}

done_testing() {
	echo "1..$n"
	[ "$skips" -eq 0 ] || echo "# $skips skipped on $backend"
	[ "$failures" -eq 0 ]
}
