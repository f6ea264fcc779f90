#!/bin/sh
# Eight writers and two readers at once on one store.  Every write has a
# marker of its own: one that exits 0 is in the store exactly once, one
# that exits 75 (busy) not at all, and no other exit occurs; readers never
# fail; the store stays whole.  TKT_TEST_OPS sets the operations of each
# writer: 500 by default (make check SANITIZE=1, some three times slower,
# sets 200).  On PostgreSQL, where every operation is a new connection
# (some four times the cost), three tenths of that: the same contention
# in the time of the SQLite half; TKT_TEST_OPS=1700 makes it as long.
. "${0%/*}/lib.sh"

ops=${TKT_TEST_OPS:-500}
on_pg && ops=$((ops * 3 / 10))
writers=8
seeds=16

for s in $(seq 1 $seeds); do
	tkt-new -s "seed $s" -r "seed$s@example.com" -m "seed $s" >/dev/null
done

# writer W: ops operations, new, reply, tag and rate in turn, each with
# its marker mk-wW-J; one line "KIND MARKER EXIT" per operation.  The last
# writer waits for the lock only a little, so that some writes are busy.
writer() {
	w=$1 j=0
	[ "$w" = "$writers" ] && export TKT_BUSY_TIMEOUT=20
	while [ $j -lt "$ops" ]; do
		j=$((j + 1))
		mk=mk-w$w-$j
		t=$(((w * 7 + j) % seeds + 1))
		case $(((w + j) % 4)) in
		0) k=new; tkt-new -s "$mk" -r "w$w@example.com" -m "opened by $mk" ;;
		1) k=reply; tkt-reply "$t" -m "$mk" ;;
		2) k=tag; tkt-tag "$t" "+$mk" ;;
		*) k=rate; tkt-rate "$t" csat=$((j % 5 + 1)) -m "$mk" ;;
		esac >/dev/null 2>>"$T/w$w.err"
		echo "$k $mk $?"
	done >"$T/w$w.log"
}

# reader R: tkt-ls and tkt-report until the writers are done; one line
# "ls EXIT TICKETS" or "report EXIT" each.
reader() {
	while [ ! -e "$T/stop" ]; do
		tkt-ls -q >"$T/r$1.out" 2>>"$T/r$1.err"
		echo "ls $? $(wc -l <"$T/r$1.out")"
		tkt-report --by agent >/dev/null 2>>"$T/r$1.err"
		echo "report $?"
	done >"$T/r$1.log"
}

start=$(date +%s)
reader 1 & r1=$!
reader 2 & r2=$!
pids=
for w in $(seq 1 $writers); do
	writer "$w" &
	pids="$pids $!"
done
wait $pids
touch "$T/stop"
wait $r1 $r2
echo "# $writers writers x $ops operations in $(($(date +%s) - start))s"
cat "$T"/w*.log >"$T/ops"
echo "# busy (75): $(awk '$3 == 75' "$T/ops" | wc -l), readers ran $(cat "$T"/r*.log | wc -l) times"

ok_ops() {
	awk -v k="${1:-}" '$3 == 0 && (k == "" || $1 == k)' "$T/ops" | wc -l
}

check 'every operation ran and exited 0 or 75' '
	same $((writers * ops)) "$(wc -l <"$T/ops")" &&
	same "" "$(awk "\$3 != 0 && \$3 != 75" "$T/ops")"'
check 'each busy write said so in one line, and nothing else was said' '
	same "$(awk "\$3 == 75" "$T/ops" | wc -l)" "$(cat "$T"/w*.err | wc -l)" &&
	same "" "$(cat "$T"/w*.err | grep -v "^tkt-[a-z]*: store .* is busy; try again later\$")"'
# What each write that exited 0 left, one line per row: the marker in the
# ticket's subject and its opening message, the reply, the tag and its
# event, the rating's comment.  Sorted, the store must show exactly these.
awk '$3 == 0 {
	if ($1 == "new") print "new " $2 "\nopen " $2
	else if ($1 == "tag") print "tag " $2 "\ntagev " $2
	else print $1 " " $2
}' "$T/ops" | LC_ALL=C sort >"$T/expected"
check 'each write that exited 0 is in the store once, each busy one not at all' '
	q "SELECT '\''new '\'' || subject FROM tickets WHERE subject LIKE '\''mk-%'\''
	   UNION ALL SELECT '\''open '\'' || substr(body, 11) FROM messages WHERE body LIKE '\''opened by mk-%'\''
	   UNION ALL SELECT '\''reply '\'' || body FROM messages WHERE body LIKE '\''mk-%'\''
	   UNION ALL SELECT '\''tag '\'' || tag FROM tags WHERE tag LIKE '\''mk-%'\''
	   UNION ALL SELECT '\''tagev '\'' || new FROM events WHERE what = '\''tag'\'' AND new LIKE '\''mk-%'\''
	   UNION ALL SELECT '\''rate '\'' || comment FROM ratings WHERE comment LIKE '\''mk-%'\''" |
	LC_ALL=C sort >"$T/actual" && cmp "$T/expected" "$T/actual"'
check 'the counts of tickets, messages, tags, ratings and tag events match exactly' '
	same "$((seeds + $(ok_ops new)))|$((seeds + $(ok_ops new) + $(ok_ops reply)))|$(ok_ops tag)|$(ok_ops rate)|$(ok_ops tag)" \
	     "$(q "SELECT (SELECT count(*) FROM tickets), (SELECT count(*) FROM messages),
	              (SELECT count(*) FROM tags), (SELECT count(*) FROM ratings),
	              (SELECT count(*) FROM events WHERE what = '\''tag'\'')")"'
check 'most writes landed' 'test "$(ok_ops)" -gt $((writers * ops / 2))'
check 'the store passes the integrity and foreign key checks' 'whole'
check 'the readers ran, and exited 0 (or 75) every time, saying nothing else' '
	test "$(cat "$T"/r*.log | wc -l)" -gt 2 &&
	same "" "$(cat "$T"/r*.log | awk "\$2 != 0 && \$2 != 75")" &&
	same "" "$(cat "$T"/r*.err | grep -v "is busy; try again later\$")"'
check 'a reader never saw the tickets decrease, nor fewer than the seeds' '
	for r in 1 2; do
		awk -v min=$seeds "\$1 == \"ls\" && \$2 == 0 { if (\$3 < min) exit 1; min = \$3 }" "$T/r$r.log" || exit 1
	done'

# Writers adding tickets run at once on PostgreSQL: sixteen for one new
# customer, written in two cases, add sixteen tickets and one customer.
for i in $(seq 1 16); do
	if [ $((i % 2)) = 0 ]; then who=Same.New@Example.com; else who=same.new@example.com; fi
	{ tkt-new -s "same-$i" -r "$who" -m "one customer" >/dev/null 2>>"$T/same.err"; echo $? >"$T/same.$i"; } &
done
wait
check 'sixteen tickets at once for one new customer: all added, one customer' '
	same "0" "$(cat "$T"/same.[0-9]* | sort -u)" && same "" "$(cat "$T/same.err")" &&
	same "16|1" "$(q "SELECT count(*), count(DISTINCT requester) FROM tickets WHERE subject LIKE '\''same-%'\''")" &&
	same 1 "$(q "SELECT count(*) FROM customers WHERE lower(email) = '\''same.new@example.com'\''")"'

done_testing
