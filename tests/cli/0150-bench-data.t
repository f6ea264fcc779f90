#!/bin/sh
# The benchmark's data generator (tests/bench/gen.c): seeded, in the
# format tkt-export writes, and a store made of it exports the same bytes.
. "${0%/*}/lib.sh"

gen=${TKT_GEN:?TKT_GEN names the generator (make check sets it)}
check 'the same seed gives the same data' '
	"$gen" -s 7 2000 >"$T/a.jsonl" && "$gen" -s 7 2000 | cmp - "$T/a.jsonl"'
check 'another seed gives other data' '! "$gen" -s 8 2000 | cmp -s - "$T/a.jsonl"'
check 'a ticket per line, ids 1 to N' '
	same 2000 "$(wc -l <"$T/a.jsonl")" && same "1 2000" "$(jq -r .id "$T/a.jsonl" | sed -n "1p;\$p" | tr "\n" " " | sed "s/ \$//")"'
check 'with -d, N tickets over N/PERDAY days before the end, not a year' '
	"$gen" -d 500 2000 >"$T/d.jsonl" &&
	same "2026-10-28 2026-10-31" "$(jq -r ".created[0:10]" "$T/d.jsonl" | sed -n "1p;\$p" | tr "\n" " " | sed "s/ \$//")"'
check 'a bad number a day is refused' '
	"$gen" -d 0 10 >/dev/null 2>"$T/err"; same 64 $? && grep -q "bad number of tickets a day" "$T/err"'
a=$(newstore a)
check 'it imports' 'tkt-new --db "$a" --batch -q <"$T/a.jsonl"'
check 'and exports the same bytes' 'tkt-export --db "$a" | cmp - "$T/a.jsonl"'
check 'with replies, reopens, transfers, pending time, the four kinds of rating and reviews' '
	same 1 "$(qs "$a" "SELECT CASE WHEN (SELECT count(*) FROM messages) > 4 * 2000
		AND (SELECT count(*) FROM events WHERE what = '\''reopen'\'' OR (what = '\''status'\'' AND old IN ('\''solved'\'', '\''closed'\'') AND new = '\''open'\'')) > 0
		AND (SELECT count(*) FROM events WHERE what = '\''group'\'') > 0
		AND (SELECT count(*) FROM events WHERE new = '\''pending'\'') > 0
		AND (SELECT count(DISTINCT kind) FROM ratings) = 4
		AND (SELECT count(*) FROM reviews) > 0
		AND (SELECT count(DISTINCT requester) FROM tickets) < 2000 THEN 1 ELSE 0 END")"'
check 'replies that pass the QA checklist and replies that fail it' '
	qa-check --db "$a" --at 2026-11-02 >"$T/qa" || :
	awk -F "\t" "\$2 + 0 == 100 { p++ } \$2 + 0 < 60 { f++ } END { exit !(p > 0 && f > 0) }" "$T/qa"'

done_testing
