#!/bin/sh
# The store: what is not one, a read-only one, a newer one, a busy one.
. "${0%/*}/lib.sh"

tkt-new -s one -r a@example.com -m x --at 2026-11-20T09:00:00Z >/dev/null

# As root, file modes do not stop writes: run the tool as nobody instead.
as_user() {
	if [ "$(id -u)" = 0 ]; then
		setpriv --reuid=nobody --regid=nogroup --clear-groups -- "$@"
	else
		"$@"
	fi
}

if on_pg; then
	check 'a new store is at the current schema version' 'same 10 "$(schema_version)"'
else
	check 'a new store is at the current schema version, in WAL mode' '
		same "10|wal|1953199153" "$(q "PRAGMA user_version" )|$(q "PRAGMA journal_mode")|$(q "PRAGMA application_id")"'
fi
check 'the store passes the integrity check' 'whole'
other=$(newstore other)
check '--db wins over TKT_DB' '
	tkt-new --db "$other" -s x -r y -m z >/dev/null && same 1 "$(qs "$other" "SELECT count(*) FROM tickets")" &&
	same 1 "$(q "SELECT count(*) FROM tickets")"'

printf 'This is not a database, just a text file with enough bytes in it to be read as one.\n' >"$T/junk.db"
cp "$T/junk.db" "$T/junk.orig"
STORE=$T/junk.db sqlite_only 'a file that is not a database' \
	fails 65 "'.*/junk.db' is not a tkt store" 'a file that is not SQLite, read' 'tkt-ls --db "$T/junk.db"'
STORE=$T/junk.db sqlite_only 'a file that is not a database' \
	fails 65 "is not a tkt store" 'a file that is not SQLite, written' 'tkt-new --db "$T/junk.db" -s x -r y -m z'
sqlite_only 'a file that is not a database' \
	check 'the file that is not SQLite is untouched' 'cmp "$T/junk.db" "$T/junk.orig"'

foreign=$(newstore foreign)
qs "$foreign" "CREATE TABLE notes (x TEXT); INSERT INTO notes VALUES ('mine');"
STORE=$foreign fails 65 "'$(re "$foreign")' is not a tkt store" 'a database of something else' \
	'tkt-new --db "$foreign" -s x -r y -m z'

mkdir "$T/dir.db"
sqlite_only 'a directory as a store file' fails 65 "not a file" 'a directory as store' 'tkt-ls --db "$T/dir.db"'

newer=$(nostore newer)
copystore "$TKT_DB" "$newer"
set_schema_version "$newer" 99
STORE=$newer fails 65 "schema version 99, newer than this tkt knows" 'a store made by a newer version' 'tkt-ls --db "$newer"'
STORE=$newer fails 65 "newer than this tkt knows" 'a newer store is not written' 'tkt-tag --db "$newer" 1 +x'

# A store that may be read, not written: a read-only file, or on
# PostgreSQL a role that may only read.
if on_pg; then
	make_reader "$TKT_DB"
	ro=$reader
	refused="store '$(re "$ro")'(: permission denied| is read-only)"
	STORE=$TKT_DB fails 77 "$refused" 'a role that may only read refuses a change' 'tkt-tag --db "$ro" 1 +x'
	STORE=$TKT_DB fails 77 "$refused" 'a role that may only read refuses a reply' 'tkt-reply --db "$ro" 1 -m hi'
	STORE=$TKT_DB fails 77 "$refused" 'a role that may only read refuses a new ticket' 'tkt-new --db "$ro" -s x -r y -m z'
	check 'a role that may only read can still list' 'same 1 "$(tkt-ls --db "$ro" -q)"'
else
	mkdir "$T/ro"
	cp "$TKT_DB" "$T/ro/tkt.db"
	chmod 755 "$T/ro"
	chmod 644 "$T/ro/tkt.db"
	if [ "$(id -u)" = 0 ]; then chmod 755 "$T"; else chmod 444 "$T/ro/tkt.db"; fi
	STORE=$T/ro/tkt.db fails 77 "store '.*/ro/tkt.db' is read-only" 'a read-only store file refuses a change' \
		'as_user tkt-tag --db "$T/ro/tkt.db" 1 +x'
	STORE=$T/ro/tkt.db fails 77 "is read-only" 'a read-only store file refuses a reply' \
		'as_user tkt-reply --db "$T/ro/tkt.db" 1 -m hi'
	STORE=$T/ro/tkt.db fails 77 "is read-only" 'a read-only store file refuses a new ticket' \
		'as_user tkt-new --db "$T/ro/tkt.db" -s x -r y -m z'
	check 'a read-only store can still be listed' 'same 1 "$(as_user tkt-ls --db "$T/ro/tkt.db" -q)"'
fi

# A store that cannot be read: a file of another user; on PostgreSQL, for
# a role that may read none of its tables.
if on_pg; then
	make_stranger "$TKT_DB"
	STORE=$TKT_DB fails 77 "(cannot read store '$(re "$stranger")'|store '$(re "$stranger")': permission denied)" \
		'a store that cannot be read' \
		'tkt-ls --db "$stranger"'
else
	cp "$TKT_DB" "$T/secret.db"
	chmod 600 "$T/secret.db"
	STORE=$T/secret.db fails 77 "cannot read store '.*/secret.db'" 'a store that cannot be read' \
		'as_user tkt-ls --db "$T/secret.db"'
fi
fails 78 "bad TKT_NOW: bad time 'soon'" 'a TKT_NOW that is not a time' 'TKT_NOW=soon tkt-ls'
fails 78 "bad TKT_BUSY_TIMEOUT 'long'" 'a TKT_BUSY_TIMEOUT that is not a number' 'TKT_BUSY_TIMEOUT=long tkt-tag 1 +x'

mkdir "$T/rodir"
on_pg || { cp "$TKT_DB" "$T/rodir/tkt.db" && chmod 666 "$T/rodir/tkt.db"; }
chmod 555 "$T/rodir"
STORE=$T/rodir/tkt.db sqlite_only 'a store file in a read-only directory' \
	fails 77 "in a read-only directory" 'a store in a read-only directory' \
	'as_user tkt-tag --db "$T/rodir/tkt.db" 1 +x'
chmod 755 "$T/rodir"
STORE=$T/rodir2/tkt.db sqlite_only 'a store file in a read-only directory' \
	fails 73 "cannot create" 'a new store where none can be made' \
	'mkdir -p "$T/rodir2" && chmod 555 "$T/rodir2" && as_user tkt-new --db "$T/rodir2/tkt.db" -s x -r y -m z'

# Hold the write lock from another process, longer than the busy timeout.
hold_lock "$TKT_DB"
fails 75 "store '$(re "$TKT_DB")' is busy; try again later" 'a store busy past the timeout' \
	'TKT_BUSY_TIMEOUT=200 tkt-tag 1 +busy'
fails 75 "is busy" 'a new ticket on a busy store' 'TKT_BUSY_TIMEOUT=200 tkt-new -s x -r y -m z'
check 'a reader is not blocked by a writer' 'same 1 "$(TKT_BUSY_TIMEOUT=200 tkt-ls -q)"'
release_lock
hold_lock "$TKT_DB"
tkt-tag 1 +waited >/dev/null 2>"$T/waited.err" &
waiter=$!
sleep 0.3
release_lock
wait $waiter
rc=$?
check 'a writer waits for the lock within the timeout' '
	same 0 $rc && same 1 "$(q "SELECT count(*) FROM tags WHERE tag = '\''waited'\''")"'

# Processes that find no store create it at once: each sees it whole.
check "$(rounds 20) times, eight processes opening a ticket in a store none has made" '
	for r in $(seq 1 $(rounds 20)); do
		db=$(newstore race$r) || exit 1
		for i in 1 2 3 4 5 6 7 8; do
			tkt-new --db "$db" -s "Race $i" -r "r$i@example.com" -m x >/dev/null 2>>"$T/race.err" &
		done; wait
		same 8 "$(qs "$db" "SELECT count(*) FROM tickets")" || exit 1
	done
	! test -s "$T/race.err"'

done_testing
