#!/bin/sh
# make bench-compare (tests/bench/compare.sh): the rows of a later bench
# table that got worse than an earlier one's by more than the noise,
# matched by operation, store size, backend and reference.
. "${0%/*}/lib.sh"

compare() { sh "$top/tests/bench/compare.sh" "$@"; }
h='what	size	backend	tkt	unit	reference	ref	ratio	target	verdict'
table() {   # table FILE ROW...: a table of make bench with these rows
	f=$1
	shift
	printf '%s\n' "$h" "$@" >"$f"
}
table "$T/old" \
	'tkt-new, one ticket	100000	sqlite	3.90	ms	C floor, same rows	3.80	1.03	<= 1.15	ok' \
	'tkt-show, one ticket	1000000	sqlite	3.00	ms	the same at 10000 tickets	2.90	1.03	<= 1.5	ok' \
	'tkt-show, one ticket	100000	sqlite	3.00	ms	the same at 10000 tickets	2.90	1.03	<= 1.5	ok' \
	'tkt-new --batch	1000000	sqlite	9000	tickets/s	-	-	-	-	-' \
	'tkt-new --batch	1000000	postgresql	4000	tickets/s	-	-	-	-	-' \
	'export, import, export: same bytes	100000	sqlite	yes	-	-	-	-	yes	ok'

check 'the same table: nothing worse, exit 0' '
	compare "$T/old" "$T/old" >"$T/out" && same "" "$(cat "$T/out")"'
table "$T/new" \
	'tkt-new, one ticket	100000	sqlite	4.00	ms	C floor, same rows	3.50	1.14	<= 1.15	ok' \
	'tkt-show, one ticket	1000000	sqlite	4.50	ms	the same at 10000 tickets	2.90	1.55	<= 1.5	MISSED' \
	'tkt-show, one ticket	100000	sqlite	3.00	ms	the same at 10000 tickets	2.90	1.03	<= 1.5	ok' \
	'tkt-new --batch	1000000	sqlite	9100	tickets/s	-	-	-	-	-' \
	'tkt-new --batch	1000000	postgresql	1900	tickets/s	-	-	-	-	-' \
	'export, import, export: same bytes	100000	sqlite	no	-	-	-	-	yes	MISSED' \
	'a new row	10	sqlite	1	ms	-	-	-	-	-'
check 'a ratio 11% worse is noise; one 50% worse is said, with its size and backend' '
	{ compare "$T/old" "$T/new" >"$T/out"; same 1 $?; } &&
	same "tkt-show, one ticket [1000000 tickets, sqlite] (against the same at 10000 tickets): ratio 1.03 -> 1.55, 50% worse
tkt-new --batch [1000000 tickets, postgresql]: tickets/s 4000 -> 1900, 52% worse
export, import, export: same bytes [100000 tickets, sqlite]: yes -> no, target yes now missed" "$(cat "$T/out")"'
check 'a rate is matched by its backend: the SQLite row of the same size is not compared with PostgreSQL' '
	! grep -q "9000\|9100" "$T/out"'
check 'the noise is a setting' '
	BENCH_NOISE_ALONE=60 compare "$T/old" "$T/new" >"$T/out" || :
	! grep -q "postgresql" "$T/out" && grep -q "tkt-show" "$T/out"'
printf 'what\ttkt\tunit\treference\tref\tratio\ttarget\tverdict\n%s\n' \
	'tkt-new, one ticket	3.04	ms	C floor, same rows	3.80	0.80	<= 1.15	ok' >"$T/before"
check 'a table of before the size column is matched by what and reference' '
	{ compare "$T/before" "$T/old" >"$T/out"; same 1 $?; } &&
	same "tkt-new, one ticket (against C floor, same rows): ratio 0.80 -> 1.03, 29% worse" "$(cat "$T/out")"'
check 'a bad noise setting is refused' '
	{ BENCH_NOISE=lots compare "$T/old" "$T/new" 2>"$T/err"; same 2 $?; } &&
	grep -q "bad BENCH_NOISE" "$T/err"'
check 'a file that is not there is refused' '
	compare "$T/old" "$T/none" 2>/dev/null; same 2 $?'

done_testing
