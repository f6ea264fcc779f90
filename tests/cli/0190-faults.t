#!/bin/sh
# When the system fails a tool: a full disk, a read-only store, a store
# deleted or replaced while in use, stdout full, closed or a pipe no one
# reads.  One line and an exit code, the store as it was and whole.  And
# the modes a new store is made with, whatever the umask.

# A private mount namespace, where one can be had, for a small tmpfs to
# fill; the mount goes with the namespace.
if [ -z "${TKT_NS:-}" ] && unshare -m true 2>/dev/null; then
	TKT_NS=1 exec unshare -m "$0" "$@"
fi
. "${0%/*}/lib.sh"

gen=${TKT_GEN:?TKT_GEN names the generator (make check sets it)}
# A store of 2000 tickets, imported by the tool unwrapped (make memcheck
# runs such an import under valgrind in 0150-bench-data.t).
"$gen" -s 5 2000 >"$T/in.jsonl"
unwrapped tkt-new --batch -q <"$T/in.jsonl"
# A body of 600 kB, more than the limits below let a file grow.
head -c 600000 "$T/in.jsonl" | tr -c 'a-z\n' ' ' | sed 's/^ *$/x/' >"$T/big.txt"
integrity() {
	whole "$@"
}

# ---- a full disk -------------------------------------------------------
# A file size limit (ulimit -f, in blocks of 512 bytes) the WAL must pass.
limited() {
	(trap '' XFSZ; ulimit -f 256; "$@")
}
sqlite_only 'the size limit of a store file' \
	fails 74 "store '.*/tkt.db': disk or store full" 'a reply larger than the file size limit' \
	'limited tkt-reply 1 -F "$T/big.txt"'
# Its tickets and mail of its own: ids and Message-IDs made new.
sqlite_only 'the size limit of a store file' \
	fails 74 "disk or store full" 'an import larger than the file size limit' \
	'"$gen" -s 6 300 | sed "s/\"id\":/\"id\":7777/g; s/<tkt\./<new./g; s/<\([0-9]\)/<new\1/g" | limited tkt-new --batch'
STORE=$T/new.db sqlite_only 'the size limit of a store file' \
	fails 74 "disk or store full" 'a new store larger than the file size limit: none left' \
	'"$gen" -s 6 300 | limited tkt-new --db "$T/new.db" --batch'
sqlite_only 'the size limit of a store file' \
	check 'the store is whole, and the reply goes in when there is room' '
	integrity && same 1 "$(tkt-reply 1 -F "$T/big.txt")"'

if on_pg; then
	for t in 'a reply on a full disk' 'mail into a store on a full disk' 'the copy kept is the message' \
	         'a new store on a full disk: none left' 'the store on the full disk is whole'; do
		skip "$t" 'SQLite only: a full disk under a store file'
	done
elif [ -n "${TKT_NS:-}" ] && mkdir "$T/small" && mount -t tmpfs -o size=1m tkt-test "$T/small" 2>/dev/null; then
	S=$T/small/tkt.db
	tkt-new --db "$S" -s "A small store" -r ann@example.com -m "On a small disk." >/dev/null
	# Full, but for 64 kB: room to open the store, not to grow it much.
	dd if=/dev/zero of="$T/small/slack" bs=1k count=64 2>/dev/null
	dd if=/dev/zero of="$T/small/fill" bs=4k 2>/dev/null
	rm "$T/small/slack"
	STORE=$S fails 74 "store '.*/small/tkt.db': disk or store full" 'a reply on a full disk' \
		'tkt-reply --db "$S" 1 -F "$T/big.txt"'
	printf 'mail:\n  rejected: %s/rejected\n' "$T" >"$T/mail.yaml"
	printf 'From: Ann <ann@example.com>\nSubject: Full\nMessage-ID: <full@example.com>\n\n%s\n' \
		"$(head -c 200000 "$T/big.txt")" >"$T/full.eml"
	STORE=$S fails 75 "disk or store full.*; kept in '$T/rejected/[0-9a-f]*.eml'" \
		'mail into a store on a full disk: 75, the mail server tries again, a copy kept' \
		'tkt-new --db "$S" --mail --config "$T/mail.yaml" <"$T/full.eml"'
	check 'the copy kept is the message' 'cmp "$T/full.eml" "$T"/rejected/*.eml'
	STORE=$T/small/new.db fails 74 "disk or store full" 'a new store on a full disk: none left' \
		'dd if=/dev/zero of="$T/small/more" bs=4k 2>/dev/null; tkt-new --db "$T/small/new.db" -s x -r y -m z'
	check 'the store on the full disk is whole, and takes the reply once there is room' '
		rm "$T/small/fill" "$T/small/more" && integrity "$S" &&
		same 1 "$(tkt-reply --db "$S" 1 -F "$T/big.txt")" && integrity "$S"'
	umount "$T/small"
else
	for t in 'a reply on a full disk' 'mail into a store on a full disk' 'the copy kept is the message' \
	         'a new store on a full disk: none left' 'the store on the full disk is whole'; do
		skip "$t" 'no tmpfs can be mounted here (needs root and unshare -m)'
	done
fi

# ---- a read-only store, a read-only directory ---------------------------
# As root, file modes do not stop writes: the tools run as nobody.  On
# PostgreSQL the read-only store is the store for a role that may only
# read it.
nobody=
if [ "$(id -u)" = 0 ] && ! on_pg; then
	nobody="setpriv --reuid=nobody --regid=nogroup --clear-groups --"
	chmod 755 "$T"
fi
mkdir "$T/ro" "$T/rodir"
if on_pg; then
	make_reader "$TKT_DB"
else
	cp "$TKT_DB" "$T/ro/tkt.db"
	cp "$TKT_DB" "$T/rodir/tkt.db"
	chmod 444 "$T/ro/tkt.db"
	chmod 666 "$T/rodir/tkt.db"
fi
chmod 555 "$T/rodir"
"$gen" -s 6 3 | sed 's/"id":/"id":9/g' >"$T/three.jsonl"
for where in ro rodir; do
	if on_pg && [ $where = rodir ]; then
		for t in 'a rating' 'an import' 'a reply to tickets on stdin' 'saved QA verdicts' 'it can still be read'; do
			skip "$where: $t" 'SQLite only: a store file in a read-only directory'
		done
		continue
	elif on_pg; then
		db=$reader store=$TKT_DB why="store '$(re "$reader")'(: permission denied| is read-only)"
	else
		db=$T/$where/tkt.db store=$T/$where/tkt.db
		[ $where = ro ] && why="store '.*/ro/tkt.db' is read-only" || why="in a read-only directory"
	fi
	STORE=$store fails 77 "$why" "$where: a rating" '$nobody tkt-rate --db "$db" 1 csat=4'
	STORE=$store fails 77 "$why" "$where: an import" '$nobody tkt-new --db "$db" --batch <"$T/three.jsonl"'
	STORE=$store fails 77 "$why" "$where: a reply to tickets on stdin" \
		'printf "1\n2\n" | $nobody tkt-reply --db "$db" -m hello'
	STORE=$store fails 77 "$why" "$where: saved QA verdicts" '$nobody qa-check --db "$db" --save 1'
	check "$where: it can still be read" 'same 2000 "$($nobody tkt-ls --db "$db" -q | wc -l)"'
done
chmod 755 "$T/rodir"

# ---- a store deleted or replaced while in use ---------------------------
# tkt-new --batch opens the store, then waits for lines on a FIFO.
wait_for() {
	tries=0
	while [ ! -e "$1" ] && [ $tries -lt 200 ]; do
		sleep 0.05
		tries=$((tries + 1))
	done
	[ -e "$1" ]
}
start_batch() {
	rm -f "$T/feed"
	mkfifo "$T/feed"
	tkt-new --db "$1" --batch <"$T/feed" &
	batch=$!
	exec 8>"$T/feed"
}
end_batch() {
	exec 8>&-
	wait $batch
}
"$gen" -s 7 2 | sed 's/"id":/"id":8/g' >"$T/two.jsonl"
if on_pg; then
	# On PostgreSQL the database is dropped, or dropped and made anew,
	# while the import waits; wait_idle ADDR: until a session other than
	# this one is connected to it and idle.
	wait_idle() {
		tries=0
		while [ $tries -lt 200 ] && [ "$(qs "$1" "SELECT count(*) FROM pg_stat_activity
			WHERE datname = current_database() AND pid <> pg_backend_pid() AND state LIKE 'idle%'")" = 0 ]; do
			sleep 0.05
			tries=$((tries + 1))
		done
	}
	moved=$(nostore moved)
	copystore "$TKT_DB" "$moved"
	check 'a store deleted under an import: exit 75 in one line, nothing written anywhere' '
		start_batch "$moved" && wait_idle "$moved" && dropdb --force "$(pgdb "$moved")" &&
		cat "$T/two.jsonl" >&8 && { end_batch; rc=$?; } && same 75 $rc &&
		same 1 "$(wc -l <"$T/err")" && grep -q "^tkt-new: store '\''$(re "$moved")'\''" "$T/err" &&
		! test -s "$T/out" && same absent "$(dump "$moved")" &&
		pgcreatedb "$(pgdb "$moved")" && same 1 "$(tkt-new --db "$moved" -s x -r y -m z)" &&
		same 1 "$(qs "$moved" "SELECT count(*) FROM tickets")" && whole "$moved"'
	replaced=$(nostore replaced) replacement=$(nostore replacement)
	copystore "$TKT_DB" "$replaced"
	copystore "$TKT_DB" "$replacement"
	STORE=$replaced fails 75 "^tkt-new: store '$(re "$replaced")'" \
		'a store replaced under an import: exit 75, the new file untouched' \
		'start_batch "$replaced" && wait_idle "$replaced" && dropdb --force "$(pgdb "$replaced")" &&
		 pgcreatedb -T "$(pgdb "$replacement")" "$(pgdb "$replaced")" && cat "$T/two.jsonl" >&8 && end_batch'
	check 'and the new file is whole' 'whole "$replaced"'
else
	cp "$TKT_DB" "$T/moved.db"
	check 'a store deleted under an import: exit 75 in one line, nothing written anywhere' '
		start_batch "$T/moved.db" && wait_for "$T/moved.db-shm" && rm "$T/moved.db" &&
		cat "$T/two.jsonl" >&8 && { end_batch; rc=$?; } && same 75 $rc &&
		same 1 "$(wc -l <"$T/err")" &&
		grep -q "^tkt-new: store .*/moved.db. was deleted or replaced while in use" "$T/err" &&
		! test -s "$T/out" && ! test -e "$T/moved.db" &&
		same 1 "$(tkt-new --db "$T/moved.db" -s x -r y -m z)" &&
		same "1|ok" "$(sqlite3 "$T/moved.db" "SELECT count(*) FROM tickets; PRAGMA integrity_check" | paste -sd "|")"'
	cp "$TKT_DB" "$T/replaced.db"
	cp "$TKT_DB" "$T/replacement.db"
	STORE=$T/replaced.db fails 75 "store '.*/replaced.db' was deleted or replaced while in use" \
		'a store replaced under an import: exit 75, the new file untouched' \
		'start_batch "$T/replaced.db" && wait_for "$T/replaced.db-shm" &&
		 mv "$T/replacement.db" "$T/replaced.db" && cat "$T/two.jsonl" >&8 && end_batch'
	check 'and the new file is whole' 'integrity "$T/replaced.db"'
fi

# ---- stdout full, closed, or a pipe no one reads -----------------------
for cmd in 'tkt-ls' 'tkt-ls --json' 'tkt-show 1 2 3' 'tkt-export' 'tkt-report' 'tkt-report --by agent --format csv' 'qa-check 1'; do
	fails 74 "^${cmd%% *}: cannot write stdout: No space left on device\$" "$cmd to a full disk: 74" \
		"$cmd >/dev/full"
done
for cmd in 'tkt-ls' 'tkt-export' 'tkt-report'; do
	fails 74 "^$cmd: cannot write stdout" "$cmd with stdout closed: 74" "$cmd >&-"
done
sed 's/"id":8/"id":7770/g' "$T/two.jsonl" >"$T/nine.jsonl"
# A writer prints before it commits: when it cannot print, it stores
# nothing, so a script that retries does not store it twice.
closed=$(newstore closed)
STORE=$closed fails 74 '^tkt-new: cannot write stdout: .*; nothing stored$' \
	'a new ticket with stdout closed: 74, no store, nothing written into stdout' \
	'tkt-new --db "$closed" -s x -r y -m z >&-'
for cmd in 'tkt-new -s x -r y -m z' 'tkt-reply 1 -m hello' 'tkt-tag 1 +full' 'tkt-rate 1 csat=5' \
           'tkt-new --batch <"$T/nine.jsonl"'; do
	fails 74 "^${cmd%% *}: cannot write stdout: No space left on device; nothing stored\$" \
		"$cmd to a full disk: 74, nothing stored" "$cmd >/dev/full"
	fails 74 "^${cmd%% *}: cannot write stdout: .*; nothing stored\$" \
		"$cmd with stdout closed: 74, nothing stored" "$cmd >&-"
done

# pipe_head "CMD": CMD | head -1; its exit status in $T/rc, stderr in $T/err.
pipe_head() {
	{ eval "$1" 2>"$T/err"; echo $? >"$T/rc"; } | head -1 >/dev/null
}
quiet_end() {
	rc=$(cat "$T/rc")
	{ [ "$rc" = 0 ] || [ "$rc" = 141 ]; } && ! test -s "$T/err"
}
for cmd in 'tkt-ls' 'tkt-export' 'tkt-ls --json' 'tkt-show $(seq 1 400)'; do
	check "$cmd | head -1 ends quietly" 'pipe_head "$cmd" && quiet_end'
	check "$cmd | head -1 ends quietly, SIGPIPE ignored" '(trap "" PIPE; pipe_head "$cmd") && quiet_end'
done

# ---- modes, whatever the umask -----------------------------------------
mode() {
	stat -c %a "$@" | paste -sd " "
}
for u in 022 000; do
	sqlite_only 'the modes of store files' check "umask $u: a new store 0600, the directories made for it 0700" '
		(umask '$u' && tkt-new --db "$T/u'$u'/a/b/tkt.db" -s x -r y -m z >/dev/null) &&
		same "700 700 600" "$(mode "$T/u'$u'/a" "$T/u'$u'/a/b" "$T/u'$u'/a/b/tkt.db")"'
	sqlite_only 'the modes of store files' check "umask $u: the default store and its XDG directories" '
		(umask '$u' && unset TKT_DB && HOME=$T/h'$u' && tkt-new -s x -r y -m z >/dev/null) &&
		d=$T/h'$u'/.local && same "700 700 700 600" "$(mode $d $d/share $d/share/tkt $d/share/tkt/tkt.db)"'
	sqlite_only 'the modes of store files' check "umask $u: its -wal and -shm 0600" '
		(umask '$u' && start_batch "$T/u'$u'/w.db" && wait_for "$T/u'$u'/w.db-shm" &&
		 same "600 600 600" "$(mode "$T/u'$u'/w.db" "$T/u'$u'/w.db-wal" "$T/u'$u'/w.db-shm")"; rc=$?
		 end_batch >/dev/null; exit $rc)'
	sqlite_only 'the modes of store files' check "umask $u: the -journal of a store not in WAL mode 0600" '
		cp "$T/u'$u'/a/b/tkt.db" "$T/u'$u'/j.db" && sqlite3 "$T/u'$u'/j.db" "PRAGMA journal_mode=DELETE" >/dev/null &&
		(umask '$u' && start_batch "$T/u'$u'/j.db" --chunk 100 && sed -n 1p "$T/two.jsonl" >&8 &&
		 wait_for "$T/u'$u'/j.db-journal" && same 600 "$(mode "$T/u'$u'/j.db-journal")"; rc=$?
		 end_batch >/dev/null; exit $rc) && same 2 "$(sqlite3 "$T/u'$u'/j.db" "SELECT count(*) FROM tickets")"'
done
# A directory shared by a group (group-writable and set-group-ID, as
# /var/lib/tkt): the store, its -wal and -shm 0660, the directory's group.
for u in 022 077; do
	mkdir -p "$T/g$u/shared" "$T/g$u/gw" "$T/g$u/sgid"
	chmod 2770 "$T/g$u/shared"; chmod 0770 "$T/g$u/gw"; chmod 2750 "$T/g$u/sgid"
	sqlite_only 'the modes of store files' check "umask $u: in a group's shared directory, 0660 with -wal and -shm" '
		(umask '$u' && start_batch "$T/g'$u'/shared/w.db" && wait_for "$T/g'$u'/shared/w.db-shm" &&
		 same "660 660 660" "$(mode "$T/g'$u'/shared/w.db" "$T/g'$u'/shared/w.db-wal" "$T/g'$u'/shared/w.db-shm")"; rc=$?
		 end_batch >/dev/null; exit $rc) &&
		same "$(stat -c %g "$T/g'$u'/shared")" "$(stat -c %g "$T/g'$u'/shared/w.db")"'
	sqlite_only 'the modes of store files' check "umask $u: group-writable but not set-group-ID, or the reverse: 0600" '
		(umask '$u' && tkt-new --db "$T/g'$u'/gw/tkt.db" -s x -r y -m z >/dev/null &&
		 tkt-new --db "$T/g'$u'/sgid/tkt.db" -s x -r y -m z >/dev/null) &&
		same "600 600" "$(mode "$T/g'$u'/gw/tkt.db" "$T/g'$u'/sgid/tkt.db")"'
done

done_testing
