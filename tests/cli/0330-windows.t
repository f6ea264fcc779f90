#!/bin/sh
# Report windows for cron and scripts: calendar periods (--last, --day,
# --week, --month, --quarter, --year) from local midnight to local
# midnight in the configuration's time zone, exact across the changes of
# daylight saving time (in Europe/Athens 2026-03-29 has 23 hours,
# 2026-10-25 has 25); --since with day names and calendar years and
# months; what is refused; and rates and ratios in full precision in TSV,
# CSV and JSON, rounded in the table.
. "${0%/*}/lib.sh"

# The process's zone stays UTC (lib.sh): the configuration's is used.
printf 'timezone: Europe/Athens\n' >"$T/athens.yaml"
export TKT_CONFIG=$T/athens.yaml

# win OPTION...: the window tkt-report states, in UTC.
win() {
	tkt-report "$@" --metrics created | sed -n 's/^window //p'
}
# created OPTION...: how many tickets were created in the window.
created() {
	tkt-report "$@" --format tsv --metrics created | sed -n 2p
}
# at TIME...: a ticket created at each time.
at() {
	for t; do
		tkt-new -s "at $t" -r ann@example.com -m x --at "$t" >/dev/null || return 1
	done
}

# A ticket a second before each bound of weeks 43 and 13 and one at it:
# a window holds the one at its start and the one a second before its end.
at 2026-10-18T20:59:59Z 2026-10-18T21:00:00Z 2026-10-25T21:59:59Z 2026-10-25T22:00:00Z \
   2026-03-22T21:59:59Z 2026-03-22T22:00:00Z 2026-03-29T20:59:59Z 2026-03-29T21:00:00Z

# ---- the periods named ---------------------------------------------------
# Week 43 of 2026, Monday 19 October to Monday 26 October, holds the end
# of summer time: 7 days and 1 hour, from 00:00 +03:00 to 00:00 +02:00.
check '--week 2026-W43: local Monday to Monday across the end of summer time' '
	same "2026-10-18T21:00:00Z .. 2026-10-25T22:00:00Z" "$(win --week 2026-W43)"'
# Week 13, 23 to 30 March, holds its start: 7 days less 1 hour.
check '--week 2026-W13: local Monday to Monday across the start of summer time' '
	same "2026-03-22T22:00:00Z .. 2026-03-29T21:00:00Z" "$(win --week 2026-W13)"'
check '--day: 2026-10-25 is 25 hours long, 2026-03-29 23 hours' '
	same "2026-10-24T21:00:00Z .. 2026-10-25T22:00:00Z" "$(win --day 2026-10-25)" &&
	same "2026-03-28T22:00:00Z .. 2026-03-29T21:00:00Z" "$(win --day 2026-03-29)"'
check '--month: October and March, each from and to local midnight' '
	same "2026-09-30T21:00:00Z .. 2026-10-31T22:00:00Z" "$(win --month 2026-10)" &&
	same "2026-02-28T22:00:00Z .. 2026-03-31T21:00:00Z" "$(win --month 2026-03)"'
check '--quarter and --year' '
	same "2025-12-31T22:00:00Z .. 2026-03-31T21:00:00Z" "$(win --quarter 2026-Q1)" &&
	same "2026-09-30T21:00:00Z .. 2026-12-31T22:00:00Z" "$(win --quarter 2026-q4)" &&
	same "2025-12-31T22:00:00Z .. 2026-12-31T22:00:00Z" "$(win --year 2026)"'
# 2026 begins on a Thursday: it has a week 53; 2025 has 52, and its week 1
# begins in 2024.
check 'ISO weeks: 2026-W53 ends in 2027, 2025-W01 begins in 2024' '
	same "2026-12-27T22:00:00Z .. 2027-01-03T22:00:00Z" "$(win --week 2026-W53)" &&
	same "2024-12-29T22:00:00Z .. 2025-01-05T22:00:00Z" "$(win --week 2025-W01)"'

# Its days too are the help desk's: Monday 19 begins at 21:00 UTC on the
# 18th, and Sunday 25, 25 hours long, ends at 22:00 UTC.
check '--by day: days from local midnight to local midnight' '
	same "day created 2026-10-19 1 2026-10-20 0 2026-10-21 0 2026-10-22 0 2026-10-23 0 2026-10-24 0 2026-10-25 1" \
		"$(tkt-report --week 2026-W43 --by day --metrics created --format tsv | tr "\t\n" "  " | sed "s/ \$//")"'
check 'a ticket at the start of the week is in it, one a second before is not' '
	same 2 "$(created --week 2026-W43)" && same 2 "$(created --week 2026-W13)" &&
	same 1 "$(created --week 2026-W42)" && same 1 "$(created --week 2026-W44)" &&
	same 1 "$(created --week 2026-W12)" && same 1 "$(created --week 2026-W14)"'
check 'the 25-hour day holds its last second, not the next midnight' '
	same 1 "$(created --day 2026-10-25)" && same 1 "$(created --day 2026-10-26)" &&
	same 1 "$(created --day 2026-03-29)" && same 1 "$(created --day 2026-03-30)"'

# ---- the last whole period ---------------------------------------------
# Monday 26 October 2026, 07:00 in Athens: the last day is the 25-hour
# Sunday, the last week week 43.
check '--last day|week on a Monday morning after the change' '
	same "2026-10-24T21:00:00Z .. 2026-10-25T22:00:00Z" "$(TKT_NOW=2026-10-26T05:00:00Z win --last day)" &&
	same "2026-10-18T21:00:00Z .. 2026-10-25T22:00:00Z" "$(TKT_NOW=2026-10-26T05:00:00Z win --last week)"'
# Just after local midnight, still Sunday in UTC: local days count.
check '--last day just after local midnight is the local yesterday' '
	same "2026-11-01T22:00:00Z .. 2026-11-02T22:00:00Z" "$(TKT_NOW=2026-11-02T22:30:00Z win --last day)"'
check '--last month|quarter|year' '
	same "2026-09-30T21:00:00Z .. 2026-10-31T22:00:00Z" "$(TKT_NOW=2026-11-02T05:00:00Z win --last month)" &&
	same "2026-06-30T21:00:00Z .. 2026-09-30T21:00:00Z" "$(TKT_NOW=2026-11-02T05:00:00Z win --last quarter)" &&
	same "2024-12-31T22:00:00Z .. 2025-12-31T22:00:00Z" "$(TKT_NOW=2026-11-02T05:00:00Z win --last year)" &&
	same "2025-11-30T22:00:00Z .. 2025-12-31T22:00:00Z" "$(TKT_NOW=2026-01-01T10:00:00Z win --last month)"'
check '--last week from TZ when the configuration has no time zone' '
	same "2026-10-19T00:00:00Z .. 2026-10-26T00:00:00Z" "$(TKT_CONFIG=/dev/null/none TKT_NOW=2026-10-26T05:00:00Z win --last week)" &&
	same "2026-10-18T21:00:00Z .. 2026-10-25T22:00:00Z" "$(TZ=Europe/Athens TKT_CONFIG=/dev/null/none TKT_NOW=2026-10-26T05:00:00Z win --last week)"'

# ---- --since with names and calendar durations ----------------------------
check '--since monday on a Monday is today, on a Wednesday the Monday before (a weekday: the most recent, today included)' '
	same "2026-10-25T22:00:00Z .. 2026-10-26T05:00:00Z" "$(TKT_NOW=2026-10-26T05:00:00Z win --since monday)" &&
	same "2026-10-25T22:00:00Z .. 2026-10-28T10:00:00Z" "$(TKT_NOW=2026-10-28T10:00:00Z win --since Monday)" &&
	same "2026-10-27T22:00:00Z .. 2026-10-28T10:00:00Z" "$(TKT_NOW=2026-10-28T10:00:00Z win --since wednesday)" &&
	same "2026-10-26T22:00:00Z .. 2026-10-28T10:00:00Z" "$(TKT_NOW=2026-10-28T10:00:00Z win --since tuesday)" &&
	same "2026-10-21T21:00:00Z .. 2026-10-27T22:00:00Z" "$(TKT_NOW=2026-10-28T10:00:00Z win --since thursday --until today)"'
check '--since yesterday --until today: the 25-hour Sunday' '
	same "2026-10-24T21:00:00Z .. 2026-10-25T22:00:00Z" "$(TKT_NOW=2026-10-26T05:00:00Z win --since yesterday --until today)"'
# A year before 2026-03-29 15:00 (+03:00) is 2025-03-29 15:00, still
# winter time then (+02:00): 365 days and an hour.  A month before 31
# March is the last of February.
check '--since 1y and 1mo: the same local date and time, a month end kept' '
	same "2025-03-29T13:00:00Z .. 2026-03-29T12:00:00Z" "$(TKT_NOW=2026-03-29T12:00:00Z win --since 1y)" &&
	same "2026-02-28T10:00:00Z .. 2026-03-31T09:00:00Z" "$(TKT_NOW=2026-03-31T09:00:00Z win --since 1mo)" &&
	same "2025-03-28T13:00:00Z .. 2026-03-29T12:00:00Z" "$(TKT_NOW=2026-03-29T12:00:00Z win --since 1y1d)"'
check '--since 7d stays seven days of seconds back' '
	same "2026-10-19T05:00:00Z .. 2026-10-26T05:00:00Z" "$(TKT_NOW=2026-10-26T05:00:00Z win --since 7d)"'
check 'a date without a zone is local midnight in the configured zone' '
	same "2026-10-24T21:00:00Z .. 2026-10-25T22:00:00Z" "$(win --since 2026-10-25 --until 2026-10-26)"'

# ---- refused --------------------------------------------------------------
fails 64 '^tkt-report: bad --last '"'"'fortnight'"'"' \(day, week, month, quarter or year\)$' \
	'--last fortnight' 'tkt-report --last fortnight'
fails 64 "^tkt-report: bad --week '2025-W53' \\(like 2026-W48\\)$" 'a week 53 of a year of 52' \
	'tkt-report --week 2025-W53'
fails 64 "^tkt-report: bad --week '2026-48'" 'a week without its W' 'tkt-report --week 2026-48'
fails 64 "^tkt-report: bad --week '2026-W00'" 'week 0' 'tkt-report --week 2026-W00'
fails 64 "^tkt-report: bad --month '2026-13' \\(like 2026-11\\)$" 'a thirteenth month' 'tkt-report --month 2026-13'
fails 64 "^tkt-report: bad --day '2026-02-29' \\(like 2026-11-30\\)$" 'the 29th of February 2026' \
	'tkt-report --day 2026-02-29'
fails 64 "^tkt-report: bad --quarter '2026-Q5'" 'a fifth quarter' 'tkt-report --quarter 2026-Q5'
fails 64 "^tkt-report: bad --year '26' \\(like 2026\\)$" 'a two-digit year' 'tkt-report --year 26'
fails 64 "^tkt-report: bad --month '2026-11x'" 'a month with more after it' 'tkt-report --month 2026-11x'
fails 64 "^tkt-report: --since and --last exclude each other: a calendar period is a whole window$" \
	'--last with --since' 'tkt-report --since 7d --last week'
fails 64 "^tkt-report: --week and --until exclude each other" '--until after --week' \
	'tkt-report --week 2026-W48 --until today'
fails 64 "^tkt-report: --week and --month exclude each other: each is a whole window$" \
	'two periods' 'tkt-report --week 2026-W48 --month 2026-11'
fails 65 "^tkt-report: --since: bad time 'yesterdy' \\(like .*today, yesterday or monday\\)$" \
	'a day name misspelt' 'tkt-report --since yesterdy'
fails 65 "^tkt-report: --until: bad time '1yr'" 'a year with more after it' 'tkt-report --until 1yr'
fails 64 "^tkt-report: --week given twice .'2026-W43', then '2026-W44'.: give it once$" \
	'two periods of one kind: refused' 'tkt-report --week 2026-W43 --week 2026-W44'
check 'the same period twice is the period' '
	same "$(win --week 2026-W44)" "$(win --week 2026-W44 --week 2026-W44)"'

# ---- qa-check --by agent takes the same windows ---------------------------
t=$(tkt-new -s "Router" -r ann@example.com -m "It drops." --at 2026-10-01T09:00:00Z)
u=$(tkt-new -s "Bill" -r bob@example.com -m "Twice." --at 2026-10-01T09:00:00Z)
tkt-reply "$t" -m "Hello Ann, thanks for writing." --as mira --at 2026-10-01T10:00:00Z >/dev/null
tkt-reply "$u" -m "Hello Bob, thanks for writing." --as mira --at 2026-10-01T10:00:00Z >/dev/null
qa-check "$t" --save --at 2026-10-18T21:00:00Z >/dev/null      # the first second of week 43
qa-check "$u" --save --at 2026-10-18T20:59:59Z >/dev/null      # the last of week 42
check 'qa-check --by agent --last week: the verdicts of week 43, local time' '
	TKT_NOW=2026-10-26T05:00:00Z qa-check --by agent --last week >"$T/qa" &&
	same "mira 1" "$(awk -F "\t" "NR == 2 { print \$1, \$2 }" "$T/qa")" &&
	qa-check --by agent --week 2026-W42 >"$T/qa42" &&
	same "mira 1" "$(awk -F "\t" "NR == 2 { print \$1, \$2 }" "$T/qa42")"'
fails 64 "^qa-check: --month and --since exclude each other" 'qa-check: a period with --since' \
	'qa-check --by agent --month 2026-10 --since 7d'
fails 64 "^qa-check: bad --last 'weak'" 'qa-check: a bad period' 'qa-check --by agent --last weak'
fails 64 "^qa-check: --last" 'qa-check: a period without --by agent' 'qa-check --last week'

# ---- full precision for scripts, rounding for people ------------------------
# Three tickets solved with five agent replies in all (2, 2, 1): 5/3
# replies per solved ticket; CSAT 5, 4 and 2: 2 of 3 satisfied, 200/3 %;
# agent ratings 10, 9 and 8: 27/3 = 9.
STORE=$(newstore precise)
export TKT_DB=$STORE
i=0
for r in 2 2 1; do
	i=$((i + 1))
	id=$(tkt-new -s "T$i" -r "c$i@example.com" -m x --at 2026-11-02T09:00:00Z)
	for k in $(seq "$r"); do
		tkt-reply "$id" -m "Reply $k" --at "2026-11-02T1$k:00:00Z" >/dev/null
	done
	tkt-tag "$id" status=solved --at 2026-11-02T15:00:00Z >/dev/null
done
tkt-rate 1 csat=5 agent=10 --at 2026-11-02T16:00:00Z >/dev/null
tkt-rate 2 csat=4 agent=9 --at 2026-11-02T16:00:00Z >/dev/null
tkt-rate 3 csat=2 agent=8 --at 2026-11-02T16:00:00Z >/dev/null
M=solved,first_reply_median,replies_per_solved,csat,agent_rating,replies
check 'TSV: 5/3 and 200/3 to the last digit, durations whole seconds' '
	same "solved	first_reply_median	replies_per_solved	csat	agent_rating	replies
3	7200	1.6666666666666667	66.66666666666667	9	5" "$(tkt-report --day 2026-11-02 --format tsv --metrics $M)"'
check 'CSV: the same' '
	same "solved,first_reply_median,replies_per_solved,csat,agent_rating,replies
3,7200,1.6666666666666667,66.66666666666667,9,5" "$(tkt-report --day 2026-11-02 --format csv --metrics $M | tr -d "\r")"'
check 'JSON: the same, numbers a parser reads back exactly' '
	tkt-report --day 2026-11-02 --json --metrics $M >"$T/j" &&
	same "{\"solved\":3,\"first_reply_median\":7200,\"replies_per_solved\":1.6666666666666667,\"csat\":66.66666666666667,\"agent_rating\":9,\"replies\":5}" "$(cat "$T/j")" &&
	same "true true" "$(jq -r "[.replies_per_solved == 5 / 3, .csat == 200 / 3] | map(tostring) | join(\" \")" "$T/j")"'
check 'the table for people keeps one decimal' '
	tkt-report --day 2026-11-02 --metrics $M >"$T/t" &&
	grep -Eq "^replies_per_solved +1\.7$" "$T/t" && grep -Eq "^csat +66\.7%$" "$T/t" &&
	grep -Eq "^agent_rating +9\.0$" "$T/t"'

done_testing
