#!/bin/sh
# Killed at a random moment (SIGKILL), tkt-new --batch, tkt-reply and
# tkt-merge leave a whole store with all or nothing of each transaction:
# of an import, its chunks; of a reply to many tickets (or to a problem's
# incidents), every reply with its events; of a merge, every source; of
# tkt-reply --flush, no reply lost from the outbox.
# TKT_TEST_KILLS sets the kills of each tool (60; 30 in the sanitizer
# run); TKT_TEST_SEED the seed.
# What only sets a store up or reads it back (the import of the thousand
# tickets to reply to, the tickets and replies queued for --flush, the
# exports that check an import) runs the tools unwrapped, as a wrapped
# run (TKT_WRAP) would time the setup rather than the kills.
. "${0%/*}/lib.sh"

# In the sanitizer build, a command killed while the leak check runs at its
# exit leaves that check's helper saying it lost the threads it stopped.
# This test is about the store, not leaks (the rest of the suite checks
# those): the commands here run without the exit-time leak check.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
# The commands are dated in 2027, and the last --flush in 2099: now is
# then, as --at is never later than now.
export TKT_NOW=2099-01-01

gen=${TKT_GEN:?TKT_GEN names the generator (make check sets it)}
kills=${TKT_TEST_KILLS:-60}
seed=${TKT_TEST_SEED:-$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')}
echo "# seed $seed (TKT_TEST_SEED=$seed repeats the kill times)"
N=1000 CHUNK=50

ms() {
	echo $(($(date +%s%N) / 1000000))
}

# The kill times: milliseconds, uniform in [0, 1000), from the seed.
awk -v s="$seed" 'BEGIN { srand(s); for (i = 0; i < 10000; i++) print int(rand() * 1000) }' >"$T/times"
draw=0
# kill_at PID SPAN: SIGKILL the command at a random moment of the SPAN
# milliseconds it would take; its exit status in rc, killed 1 if it died
# of the signal.
kill_at() {
	draw=$((draw + 1))
	d=$(sed -n "${draw}p" "$T/times")
	sleep "$(awk -v d="$d" -v s="$2" 'BEGIN { printf "%.3f", d * s / 1e6 }')"
	kill -KILL "$1" 2>/dev/null
	{ wait "$1"; } 2>/dev/null   # without the shell's "Killed"
	rc=$?
	killed=$((rc == 137))
}

# fail ROUND WHAT: a round that went wrong, for the test below to report.
fail() {
	echo "round $1: $2" >>"$T/$tool.fail"
}

# ---- tkt-new --batch ---------------------------------------------------
"$gen" -s 11 $N >"$T/in.jsonl"
full=$(newstore full)
t0=$(ms)
tkt-new --db "$full" --batch --chunk $CHUNK -q <"$T/in.jsonl"
span=$(($(ms) - t0))
echo "# a whole import of $N tickets: ${span}ms"

tool=batch
done_kills=0 round=0 mid=0 stores=1 have=0
S=$(newstore batch)
: >"$T/batch.fail"
while [ $done_kills -lt "$kills" ] && [ $round -lt $((kills * 3)) ]; do
	round=$((round + 1))
	tail -n +$((have + 1)) "$T/in.jsonl" >"$T/rest.jsonl"
	tkt-new --db "$S" --batch --chunk $CHUNK -q <"$T/rest.jsonl" 2>>"$T/batch.err" &
	kill_at $! $((span * (N - have) / N + 5))
	done_kills=$((done_kills + killed))
	if [ "$killed" = 0 ] && [ "$rc" != 0 ]; then
		fail $round "exit $rc without a kill"
		break
	fi
	# Done before the kill: the import is faster than measured.
	[ "$killed" = 0 ] && span=$((span * 3 / 4))
	# On PostgreSQL the killed client's server process may still be
	# ending its transaction: wait for it to go.
	settle "$S"
	case " $(store_tables "$S") " in
	*" tickets "*) tables=1;;
	*) tables=0;;
	esac
	if ! on_pg || [ $tables = 1 ]; then
		whole "$S" 2>"$T/whole" || fail $round "integrity check: $(tr "\n" " " <"$T/whole")"
	fi
	if [ $tables = 1 ]; then
		now=$(qs "$S" "SELECT count(*) FROM tickets")
	else
		now=0
	fi
	if [ "$now" -lt "$have" ]; then
		fail $round "$now tickets, $have before"
	elif [ $((now % CHUNK)) != 0 ] && [ "$now" != $N ]; then
		fail $round "$now tickets, not a multiple of $CHUNK"
	elif [ "$now" -gt "$have" ] && ! { unwrapped tkt-export --db "$S" "id>=$((have + 1))" >"$T/got.jsonl" &&
	     sed -n "$((have + 1)),${now}p" "$T/in.jsonl" | cmp -s - "$T/got.jsonl"; }; then
		fail $round "tickets $((have + 1)) to $now are not what was imported"
	fi
	[ "$now" -gt "$have" ] && [ "$now" -lt $N ] && [ "$killed" = 1 ] && mid=$((mid + 1))
	have=$now
	if [ "$have" = $N ]; then
		unwrapped tkt-export --db "$S" | cmp -s - "$T/in.jsonl" || fail $round "the whole store is not what was imported"
		emptystore "$S"
		have=0 stores=$((stores + 1))
	fi
done
echo "# $round runs, $done_kills killed, $mid with part of the chunks in, $stores stores"
check "$kills kills of tkt-new --batch" 'same "$kills" "$done_kills"'
check 'after each kill: the store whole, chunks all or nothing, each imported ticket complete' '
	same "" "$(cat "$T/batch.fail")"'
check 'kills landed between the first and the last chunk' 'test $mid -gt 0'

# ---- all or nothing ------------------------------------------------------
# all_or_nothing TOOL KILLS BASE INPUT COMMAND...: COMMAND --db STORE, its
# stdin INPUT, killed at random moments on copies of the store at BASE
# until KILLS kills: after each, the store whole and byte for byte the one
# before or the one after.  Counts in none and all; failures in
# $T/TOOL.fail, its stderr in $T/TOOL.err.
all_or_nothing() {
	tool=$1 want=$2 base=$3 input=$4
	shift 4
	after=$(nostore "$tool-after")
	copystore "$base" "$after"
	t0=$(ms)
	"$@" --db "$after" <"$input" >/dev/null
	span=$(($(ms) - t0))
	echo "# $tool, whole: ${span}ms"
	dump "$base" >"$T/before.dump"
	dump "$after" >"$T/after.dump"
	done_kills=0 round=0 none=0 all=0
	R=$(nostore "$tool")
	: >"$T/$tool.fail"
	while [ $done_kills -lt "$want" ] && [ $round -lt $((want * 3)) ]; do
		round=$((round + 1))
		copystore "$base" "$R"
		"$@" --db "$R" <"$input" >/dev/null 2>>"$T/$tool.err" &
		kill_at $! $((span + 5))
		done_kills=$((done_kills + killed))
		[ "$killed" = 0 ] && span=$((span * 3 / 4))
		settle "$R"
		whole "$R" 2>"$T/whole" || fail $round "integrity check: $(tr "\n" " " <"$T/whole")"
		# A SQLite store of the same bytes as the one it was copied
		# from is that store: its dump would be the one before.
		if ! on_pg && [ ! -e "$R-wal" ] && [ ! -e "$base-wal" ] && cmp -s "$R" "$base"; then
			none=$((none + 1))
			continue
		fi
		dump "$R" >"$T/$tool.dump"
		if cmp -s "$T/$tool.dump" "$T/before.dump"; then
			none=$((none + 1))
		elif cmp -s "$T/$tool.dump" "$T/after.dump"; then
			all=$((all + 1))
		else
			fail $round "the store is neither the one before nor the one after (exit $rc)"
		fi
	done
	echo "# $round runs, $done_kills killed: $none left nothing, $all everything"
}

# ---- tkt-reply ---------------------------------------------------------
# One command replies to a thousand tickets, sets each pending.
base=$(newstore base)
"$gen" -s 12 1000 | unwrapped tkt-new --db "$base" --batch -q
unwrapped tkt-ls --db "$base" -q >"$T/ids"
all_or_nothing reply "$kills" "$base" "$T/ids" \
	tkt-reply -m "Hello, an update on your ticket." --status pending --at 2027-01-04T09:00:00Z --as kim
check "$kills kills of tkt-reply" 'same "$kills" "$done_kills"'
check 'after each kill: the store whole, with all the replies and their events or none' '
	same "" "$(cat "$T/reply.fail")"'
check 'killed replies that left nothing' 'test $none -gt 0'

# ---- tkt-merge, tkt-reply --to-incidents ---------------------------------
# A thousand tickets merged into one; an outage answered at once on a
# problem of a thousand incidents, each solved (long enough that most
# kills land while they run).
few=$(((kills + 2) / 3))
"$gen" -s 13 1001 | unwrapped tkt-new --db "$(newstore few)" --batch -q
unwrapped tkt-ls --db "$(nostore few)" -q "id>1" >"$T/sources"
all_or_nothing merge "$few" "$(nostore few)" "$T/sources" tkt-merge --into 1 --at 2027-01-04T09:00:00Z
check "$few kills of tkt-merge: the store whole, all merged or none" '
	same "$few" "$done_kills" && same "" "$(cat "$T/merge.fail")"'
unwrapped tkt-link --db "$(nostore few)" --problem 1 --at 2027-01-04T09:00:00Z <"$T/sources" >/dev/null
echo 1 >"$T/problem"
all_or_nothing outage "$few" "$(nostore few)" "$T/problem" \
	tkt-reply --to-incidents -t outage-resolved --at 2027-01-04T10:00:00Z
check "$few kills of tkt-reply --to-incidents: the store whole, every incident answered and solved or none" '
	same "$few" "$done_kills" && same "" "$(cat "$T/outage.fail")"'
check 'no kill made a command say anything' '
	same "" "$(cat "$T/batch.err" "$T/reply.err" "$T/merge.err" "$T/outage.err")"'

# ---- tkt-reply --flush -------------------------------------------------
# Replies queued for mail, sent by --flush killed at random moments: none
# is lost (each goes once the claims of the killed senders run out, 10
# minutes on: each run here is 11 minutes after the one before), and none
# goes twice but for the window between sendmail's exit and the mark: at
# most one a kill.
cat >"$T/sendmail" <<END
#!/bin/sh
sleep 0.02
t=\$(mktemp "$T/mail.XXXXXX") && cat >"\$t" && cat "\$t" >>"$T/sent.mbox"; rm -f "\$t"
END
chmod +x "$T/sendmail"
printf 'mail:\n  address: support@example.com\n  sendmail: false\n  attempts: 1000\n' >"$T/down.yaml"
printf 'mail:\n  address: support@example.com\n  sendmail: %s\n  attempts: 1000\n' "$T/sendmail" >"$T/up.yaml"
F=$(newstore flush) Q=20 replies=0
for i in $(seq $Q); do
	unwrapped tkt-new --db "$F" -s "Ticket $i" -r "c$i@example.com" -m "Help" -c email --at 2027-01-04T08:00:00Z >/dev/null
done
# queue: a reply on each ticket, stored and queued (sendmail down).
queue() {
	for i in $(seq $Q); do
		replies=$((replies + 1))
		unwrapped tkt-reply --db "$F" "$i" -m "Reply $replies." --sendmail --config "$T/down.yaml" \
			--at 2027-01-04T09:00:00Z >/dev/null 2>&1
	done
}
queue
# How long a whole --flush takes, on a copy.
copystore "$F" "$(nostore flushcopy)"
t0=$(ms)
tkt-reply --db "$(nostore flushcopy)" --flush --config "$T/up.yaml" >/dev/null
span=$(($(ms) - t0))
rm -f "$T/sent.mbox"
echo "# a --flush of $Q replies: ${span}ms"
flushes=$(((kills + 2) / 3))
tool=flush
done_kills=0 round=0
: >"$T/flush.fail"
while [ $done_kills -lt "$flushes" ] && [ $round -lt $((flushes * 3)) ]; do
	round=$((round + 1))
	[ "$(qs "$F" "SELECT count(*) FROM outbox WHERE state <> 'sent'")" = 0 ] && queue
	tkt-reply --db "$F" --flush --config "$T/up.yaml" --at "@$((1799056800 + round * 660))" \
		>/dev/null 2>>"$T/flush.err" &
	kill_at $! "$span"
	done_kills=$((done_kills + killed))
	[ "$killed" = 0 ] && [ "$rc" != 0 ] && fail $round "exit $rc without a kill"
	settle "$F"
	whole "$F" 2>"$T/whole" || fail $round "integrity check: $(tr "\n" " " <"$T/whole")"
	[ "$(qs "$F" "SELECT count(*) FROM outbox")" = $replies ] || fail $round "a reply left the outbox"
done
# The claims of the killed senders run out; then everything goes.
tkt-reply --db "$F" --flush --config "$T/up.yaml" --at 2099-01-01 >/dev/null 2>>"$T/flush.err"
sleep 0.2      # a sendmail of a killed sender may still be writing
echo "# $round runs of --flush, $done_kills killed, $replies replies"
check "$flushes kills of tkt-reply --flush" 'same "$flushes" "$done_kills"'
check 'after each kill: the store whole, every reply still in the outbox' 'same "" "$(cat "$T/flush.fail")"'
check 'no reply lost: each sent, and marked sent' '
	same $replies "$(qs "$F" "SELECT count(*) FROM outbox WHERE state = '\''sent'\''")" &&
	for i in $(seq $replies); do
		grep -q "^Reply $i.$" "$T/sent.mbox" || { echo "reply $i lost" >&2; return 1; }
	done'
check 'none sent twice but in the window of a kill: at most one a kill' '
	test "$(grep -c "^Reply [0-9]*\.$" "$T/sent.mbox")" -le $((replies + done_kills))'

done_testing
