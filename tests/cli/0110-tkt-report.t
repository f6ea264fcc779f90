#!/bin/sh
# tkt-report: every metric of a fixture of 31 tickets (tests/data/report),
# overall, by agent and by week, on both clocks, against values worked out
# by hand below; the same numbers from plain SQL; and what it refuses.
. "${0%/*}/lib.sh"

data=$(cd "${0%/*}/../data/report" && pwd)
# The fixture is made by the tools unwrapped (make memcheck runs each of
# them under valgrind in its own test, 0010 to 0060); what runs wrapped
# here is the report.
path=$PATH PATH=$TKT_TOOLS:$PATH
. "$data/fixture.sh"
PATH=$path
export TKT_CONFIG=$data/config.yaml
WINDOW="--since 2026-11-16 --until 2026-11-30"

# The report as a table of metric rows and group columns: all, then by
# agent (-, ann, bob, cat), then by week (W47, W48); an empty cell is "-".
table() {
	for by in "" agent week; do
		tkt-report $WINDOW ${by:+--by $by} --format tsv "$@" || return 1
		echo "=="
	done | awk -F'\t' '
		/^==$/ { part++; next }
		$1 == "created" || $2 == "created" { for (i = 1; i <= NF; i++) head[part, i] = $i; nf[part] = NF; next }
		{ col++; for (i = 1; i <= NF; i++) { name = head[part, i]; if (name == "agent" || name == "week") continue
			v[name, col] = $i == "" ? "-" : $i; if (col == 1) order[++n] = name } }
		END { for (r = 1; r <= n; r++) { line = order[r]
			for (c = 1; c <= col; c++) line = line "\t" v[order[r], c]; print line } }'
}

# Worked out by hand from tests/data/report/fixture.sh.  Times in seconds
# (1h = 3600, 1d = 86400).  Business hours: 09:00-17:00 weekdays, not on
# Thursday 26.  Families (n tickets): A6 ann, D3 ann (dora), I2 ann (from
# before the window), B4 bob, G2 bob (outbound), C4 cat (2 from carol),
# E3 cat (from bob), J2 cat (Saturday), F4 nobody (urgent), K1 outside.
#
# created: A6 D3 E3 B4 in W47 (16), C4 G2 F4 J2 in W48 (12) = 28.
# solved (last solve in the window): A6 D3 I2 in W47, B4 C4 E3 J2 in W48.
# reopened: D3, on Wed 18.
# backlog at the end of W47 (Mon 23 00:00): B4 (new) and E3 (on hold);
#   ages B 56h = 201600 (business: Fri 16-17 = 3600), E 87h = 313200 (Thu
#   8h + Fri 8h = 57600); median rank 4 of 7: 201600/3600; mean
#   (4*201600 + 3*313200)/7 = 249429, (4*3600 + 3*57600)/7 = 26743.
#   At the end of the window: F4 (63h = 226800; Fri 8h = 28800) and G2
#   (134h = 482400; Tue 7h + Wed 8h + Fri 8h = 82800); median rank 3 of 6;
#   mean (4*226800 + 2*482400)/6 = 312000, (4*28800 + 2*82800)/6 = 46800.
# first reply (created in the window): A 1h; D 30m; E 3h; B Fri 16:00 to
#   Mon 10:00 = 66h = 237600 (business 1h + 1h = 7200); C Wed 15:00 to
#   Fri 10:00 = 43h = 154800 (2h + holiday + 1h = 10800); G (outbound)
#   from creation to bob's next reply 4h; J Saturday 1h (business 0).
#   All 24 sorted: 1800x3, 3600x8, 10800x3, 14400x2, 154800x4, 237600x4:
#   median rank 12 = 10800, p90 rank 22 = 237600, mean 1665000/24 = 69375.
#   Business: 0x2, 1800x3, 3600x6, 7200x4, 10800x7, 14400x2: median 7200,
#   p90 10800, mean 160200/24 = 6675.  F4 unanswered, past its 1h target:
#   within 24/28 = 85.7.
# next reply (each customer message after the first reply): D Wed 9-10
#   3600x3, I Mon 16 9-11 7200x2, B Mon 11-13 7200x4, C Fri 12-15 10800x4,
#   the same on both clocks: median rank 7 of 13 = 7200, p90 rank 12 =
#   10800, mean 97200/13 = 7477; all within 4h.
# first resolution: A 7200x6, J 7200x2 (business 0), D 1800x3 (the first
#   solve), C 48h = 172800 (2h + 6h = 28800), B 70h = 252000 (1h + 5h =
#   21600), E Thu 9:00 to Mon 10:00 = 97h = 349200 (8 + 8 + 1 = 61200),
#   I Nov 10 9:00 to Nov 16 11:00 = 146h = 525600 (8+8+8+8+2 = 122400).
#   Full resolution: the same but D, to the second solve, 25h = 90000
#   (8h + 1h = 32400).
# resolution within target (40 business hours; urgent 1 day): the 24
#   solved all within (I, the longest, took 34); F4 is past it unsolved
#   (counted at the end, in W48); G is not yet (23 of 40): 24/28 = 85.7,
#   W48 13/17 = 76.5.
# status times, for the solved tickets, up to the last solve:
#   A new 1h open 1h; J new 1h open 1h (business 0); D new 30m open 1h
#   (after the reopen); B new 66h (2h) open 4h; C new 43h (3h) pending 2h
#   open 3h; E new 3h open 2h on-hold 92h = 331200 (Thu 4h + Fri 8h =
#   43200); I new 1h open 145h = 522000 (33h = 118800).  Requester wait =
#   new + open + on-hold; agent work = new + open.
# one touch: A6 and J2 (its thank-you after the solve does not count):
#   8/24 = 33.3.  resolution rate: created and solved by the end: 22/28.
#   reopen rate 3/24.  replies per solved: A1 J1 the others 2: 40/24 = 1.7.
# repeat contact: 25 customers made tickets in the window; carol and dora
#   made more than one: 2/25 = 8.0.
# update compliance: 30 tickets active in the window (the 28 and I2); F4
#   waited 63h for an update (24h on the calendar) and I2 waited Tue 10:00
#   to Mon 16 11:00 = 33 business hours (24h): 24/30 = 80.0.  E's weekend
#   on hold is 14 business hours, G's last stretch 19: within.  Past their
#   target at the end: F4.  By week: W47 has A D E B I active (18), I
#   failing; W48 has B E C F G J (19), F failing.
# ratings: csat 5 5 4 2 (ann, W47), 3 5 (bob, W48), 4 1 (cat, W48): 5/8
#   satisfied; nps 10 9 8 3, 6 10, 7 0: 3 promoters, 3 detractors;
#   agent 9 2, 5 10, 8 1: mean 35/6 = 5.8, 2 of 6 negative.
# ces 7 5 2 6 (ann, W47), 3 (bob, W48), 6 1 (cat, W48): mean 30/7 = 4.3,
#   4 of 7 easy (5 to 7); ann 20/4 = 5 and 3/4, bob 3 and 0/1, cat 7/2
#   and 1/2, W48 10/3 and 1/3.
# transfers: E3 from bob to cat on Thu 19; grouped with cat, E's
#   assignee at the end.  reassigned: 3/28.
# replies sent: A6 D6 E3+3 B8 G4 (the outbound message too) I2 (in the
#   window) C8 J3 = 43; work time: A 6x10m, B 4x25m, C 4x15m = 13200.
# TSV gives rates and ratios in full, the double nearest each fraction
#   (24/28 = 85.71428571428571, 40/24 = 1.6666666666666667); by agent and
#   by week: one touch ann 6/11, cat 2/9, W48 2/13; resolution rate bob
#   4/6, W48 6/12; reopens ann 3/11; replies per solved ann 16/11, cat
#   16/9, W48 24/13; repeat contact ann 1/7, cat 1/8, W47 1/14, W48 1/11;
#   update compliance ann 9/11, W47 16/18, W48 15/19; resolution within
#   W48 13/17; agent rating ann 11/2, bob 15/2, cat 9/2, W48 24/4;
#   negative 2/6; reassigned 3/28, cat 3/9, W47 3/16.
cat >"$T/calendar" <<'END'
created	28	4	9	6	9	16	12
solved	24	0	11	4	9	11	13
reopened	3	0	3	0	0	3	0
backlog	6	4	0	2	0	7	6
backlog_age_median	226800	226800	-	482400	-	201600	226800
backlog_age_mean	312000	226800	-	482400	-	249429	312000
first_reply_median	10800	-	3600	237600	10800	3600	14400
first_reply_mean	69375	-	3000	163200	73200	63113	81900
first_reply_p90	237600	-	3600	237600	154800	237600	154800
unanswered	4	4	0	0	0	0	4
first_reply_within	85.71428571428571	0	100	100	100	100	66.66666666666667
next_reply_median	7200	-	3600	7200	10800	3600	7200
next_reply_mean	7477	-	5040	7200	10800	5040	9000
next_reply_p90	10800	-	7200	7200	10800	7200	10800
next_reply_within	100	-	100	100	100	100	100
first_resolution_median	172800	-	7200	252000	172800	7200	252000
first_resolution_mean	160875	-	99982	252000	194800	99982	212400
first_resolution_p90	349200	-	525600	252000	349200	525600	349200
full_resolution_median	172800	-	7200	252000	172800	7200	252000
full_resolution_mean	171900	-	124036	252000	194800	124036	212400
full_resolution_p90	349200	-	525600	252000	349200	525600	349200
resolution_within	85.71428571428571	0	100	100	100	100	76.47058823529412
requester_wait_median	165600	-	7200	252000	165600	7200	252000
requester_wait_mean	160125	-	100964	252000	191600	100964	210185
agent_work_mean	118725	-	100964	252000	81200	100964	133754
new_time_mean	68475	-	3109	237600	73200	3109	123785
open_time_mean	50250	-	97855	14400	8000	97855	9969
on_hold_time_mean	41400	-	0	0	110400	0	76431
pending_time_mean	1200	-	0	0	3200	0	2215
one_touch_rate	33.333333333333336	-	54.54545454545455	0	22.22222222222222	54.54545454545455	15.384615384615385
resolution_rate	78.57142857142857	0	100	66.66666666666667	100	100	50
reopen_rate	12.5	-	27.272727272727273	0	0	27.272727272727273	0
replies_per_solved	1.6666666666666667	-	1.4545454545454546	2	1.7777777777777777	1.4545454545454546	1.8461538461538463
repeat_contact_rate	8	0	14.285714285714286	0	12.5	7.142857142857143	9.090909090909092
update_compliance	80	0	81.81818181818181	100	100	88.88888888888889	78.94736842105263
update_overdue	4	4	0	0	0	0	4
csat	62.5	-	75	50	50	75	50
csat_count	8	0	4	2	2	4	4
nps	0	-	25	0	-50	25	-25
nps_count	8	0	4	2	2	4	4
ces	4.285714285714286	-	5	3	3.5	5	3.3333333333333335
ces_easy	57.142857142857146	-	75	0	50	75	33.333333333333336
ces_count	7	0	4	1	2	4	3
agent_rating	5.833333333333333	-	5.5	7.5	4.5	5.5	6
agent_rating_count	6	0	2	2	2	2	4
negative_rate	33.333333333333336	-	50	0	50	50	25
transfers	3	0	0	0	3	3	0
reassigned_rate	10.714285714285714	0	0	0	33.333333333333336	18.75	0
replies	43	0	14	12	17	17	26
work_time	13200	0	3600	6000	3600	3600	9600
merged	0	0	0	0	0	0	0
problems_solved	0	0	0	0	0	0	0
incidents_per_problem	-	-	-	-	-	-	-
problem_resolution_median	-	-	-	-	-	-	-
problem_resolution_mean	-	-	-	-	-	-	-
END

# On the business clock only durations change; counts and rates (their
# targets have clocks of their own) stay.
sed -e 's/^backlog_age_median	.*/backlog_age_median	28800	28800	-	82800	-	3600	28800/' \
    -e 's/^backlog_age_mean	.*/backlog_age_mean	46800	28800	-	82800	-	26743	46800/' \
    -e 's/^first_reply_median	.*/first_reply_median	7200	-	3600	7200	10800	3600	10800/' \
    -e 's/^first_reply_mean	.*/first_reply_mean	6675	-	3000	9600	8400	5513	9000/' \
    -e 's/^first_reply_p90	.*/first_reply_p90	10800	-	3600	14400	10800	10800	14400/' \
    -e 's/^first_resolution_median	.*/first_resolution_median	21600	-	7200	21600	28800	7200	28800/' \
    -e 's/^first_resolution_mean	.*/first_resolution_mean	28275	-	26673	21600	33200	26673	29631/' \
    -e 's/^first_resolution_p90	.*/first_resolution_p90	61200	-	122400	21600	61200	122400	61200/' \
    -e 's/^full_resolution_median	.*/full_resolution_median	21600	-	7200	21600	28800	7200	28800/' \
    -e 's/^full_resolution_mean	.*/full_resolution_mean	32100	-	35018	21600	33200	35018	29631/' \
    -e 's/^full_resolution_p90	.*/full_resolution_p90	61200	-	122400	21600	61200	122400	61200/' \
    -e 's/^requester_wait_median	.*/requester_wait_median	21600	-	7200	21600	21600	7200	21600/' \
    -e 's/^requester_wait_mean	.*/requester_wait_mean	27525	-	27655	21600	30000	27655	27415/' \
    -e 's/^agent_work_mean	.*/agent_work_mean	22125	-	27655	21600	15600	27655	17446/' \
    -e 's/^new_time_mean	.*/new_time_mean	5775	-	3109	7200	8400	3109	8031/' \
    -e 's/^open_time_mean	.*/open_time_mean	16350	-	24545	14400	7200	24545	9415/' \
    -e 's/^on_hold_time_mean	.*/on_hold_time_mean	5400	-	0	0	14400	0	9969/' \
    "$T/calendar" >"$T/business"

check 'the fixture holds 31 tickets' 'same 31 "$(tkt-ls -q | wc -l)"'
check 'every metric on the calendar clock: overall, by agent, by week' '
	table >"$T/actual" && diff -u "$T/calendar" "$T/actual"'
check 'every metric on the business clock: overall, by agent, by week' '
	table --business-hours >"$T/actual" && diff -u "$T/business" "$T/actual"'

# The same numbers from plain SQL over the same store.
sql() { q "$1"; }
S=$(date -u -d 2026-11-16 +%s) U=$(date -u -d 2026-11-30 +%s)
FRT="SELECT d FROM (SELECT (SELECT min(m.created_at) FROM messages m WHERE m.ticket = t.id AND m.kind = 'agent'
             AND m.created_at > t.created_at) - t.created_at AS d
       FROM tickets t WHERE t.created_at >= $S AND t.created_at < $U) frt WHERE d IS NOT NULL"
rank() {    # rank P: the value at nearest rank ceil(P * n) of the FRT durations
	sql "WITH f AS ($FRT) SELECT d FROM f ORDER BY d
	     LIMIT 1 OFFSET $(sql "SELECT count(*) FROM ($FRT) f" | awk -v p="$1" '{ print int($1 * p + 0.999999) - 1 }')"
}
report() { tkt-report $WINDOW --format tsv --metrics "$1" | sed -n 2p; }
check 'first reply median and p90 agree with plain SQL' '
	same "$(rank 0.5)	$(rank 0.9)" "$(tkt-report $WINDOW --format tsv --metrics first_reply_median,first_reply_p90 | sed -n 2p)"'
check 'first reply mean agrees with plain SQL' '
	same "$(sql "SELECT CAST(round(avg(d)) AS INT) FROM ($FRT) f")" "$(report first_reply_mean)"'
check 'created, solved and reopened agree with plain SQL' '
	same "$(sql "SELECT count(*) FROM tickets WHERE created_at >= $S AND created_at < $U")	$(sql "
		SELECT count(DISTINCT ticket) FROM events e WHERE what = '"'"'status'"'"' AND new IN ('"'"'solved'"'"', '"'"'closed'"'"')
		   AND at = (SELECT max(at) FROM events x WHERE x.ticket = e.ticket AND x.what = '"'"'status'"'"' AND x.new IN ('"'"'solved'"'"','"'"'closed'"'"') AND x.at < $U)
		   AND at >= $S")	$(sql "
		SELECT count(DISTINCT ticket) FROM events WHERE what = '"'"'reopen'"'"' AND at >= $S AND at < $U")" \
		"$(tkt-report $WINDOW --format tsv --metrics created,solved,reopened | sed -n 2p)"'
# is_frac VALUE NUM|DEN SCALE: VALUE (as the report writes it) is the
# double nearest NUM * SCALE / DEN, as awk works it out.
is_frac() {
	awk -v v="$1" -v f="$2" -v k="$3" 'BEGIN { split(f, p, "|")
		if (v + 0 == p[1] * k / p[2]) exit 0
		print "expected " p[1] " * " k " / " p[2] ", not " v > "/dev/stderr"; exit 1 }'
}
check 'CSAT, NPS and agent ratings agree with plain SQL, to the last digit' '
	tkt-report $WINDOW --format tsv --metrics csat,nps,agent_rating | sed -n 2p | tr "\t" " " >"$T/r" &&
	read -r csat nps agent <"$T/r" &&
	is_frac "$csat" "$(sql "SELECT sum(CASE WHEN score >= 4 THEN 1 ELSE 0 END), count(*) FROM ratings WHERE kind = '"'"'csat'"'"' AND at >= $S AND at < $U")" 100 &&
	is_frac "$nps" "$(sql "SELECT sum(CASE WHEN score >= 9 THEN 1 ELSE 0 END) - sum(CASE WHEN score <= 6 THEN 1 ELSE 0 END), count(*) FROM ratings WHERE kind = '"'"'nps'"'"' AND at >= $S AND at < $U")" 100 &&
	is_frac "$agent" "$(sql "SELECT sum(score), count(*) FROM ratings WHERE kind = '"'"'agent'"'"' AND at >= $S AND at < $U")" 1 &&
	same "62.5 0 5.833333333333333" "$(cat "$T/r")"'
check 'the resolution rate agrees with plain SQL, to the last digit' '
	is_frac "$(report resolution_rate)" "$(sql "SELECT sum(CASE WHEN status IN ('"'"'solved'"'"', '"'"'closed'"'"') THEN 1 ELSE 0 END), count(*) FROM tickets WHERE created_at >= $S AND created_at < $U")" 100'

check 'the default table reads as a table' '
	tkt-report $WINDOW >"$T/t" && grep -q "^window 2026-11-16T00:00:00Z .. 2026-11-30T00:00:00Z$" "$T/t" &&
	grep -Eq "^first_reply_median +3h 00m$" "$T/t" && grep -Eq "^csat +62.5%$" "$T/t" &&
	grep -Eq "^next_reply_within +100.0%$" "$T/t"'
check 'the table by agent has a column per agent' '
	tkt-report $WINDOW --by agent --metrics created >"$T/t" &&
	grep -Eq "^agent +- +ann +bob +cat$" "$T/t" && grep -Eq "^created +4 +9 +6 +9$" "$T/t"'
check '--metrics takes names, or the start of names' '
	same "first_reply_median	first_reply_mean	first_reply_p90	first_reply_within	csat" \
		"$(tkt-report $WINDOW --format tsv --metrics first_reply,csat | head -1)"'
check 'CSV: RFC 4180, CRLF line ends, a field with a comma quoted' '
	tkt-tag 1 +"x,y" 2>/dev/null; tkt-report $WINDOW --format csv --metrics created --by agent >"$T/c" &&
	same "agent,created" "$(head -1 "$T/c" | tr -d "\r")" && grep -q "$(printf "\r")$" "$T/c"'
check 'JSON: a line per group, numbers and nulls, for jq' '
	tkt-report $WINDOW --json --by week >"$T/j" && same 2 "$(wc -l <"$T/j")" &&
	same "2026-W47 16 null" "$(jq -r "select(.week == \"2026-W47\") | \"\(.week) \(.created) \(.update_overdue | if . == 0 then null else . end)\"" "$T/j")" &&
	same "null" "$(tkt-report $WINDOW --json --by agent | jq -r "select(.agent == \"-\") | .first_reply_median")"'
check 'by day: every day of the window, the quiet ones too' '
	tkt-report $WINDOW --by day --metrics created --format tsv >"$T/d" &&
	same "day	created
2026-11-16	6
2026-11-17	3
2026-11-18	0
2026-11-19	3
2026-11-20	4
2026-11-21	0
2026-11-22	0
2026-11-23	0
2026-11-24	2
2026-11-25	4
2026-11-26	0
2026-11-27	4
2026-11-28	2
2026-11-29	0" "$(cat "$T/d")"'
check 'a filter narrows the tickets' '
	same "3	3	3" "$(tkt-report $WINDOW requester=dora@example.com --format tsv --metrics created,solved,reopened | sed -n 2p)"'
check 'ids on stdin with -' '
	same 4 "$(tkt-ls requester=f1@example.com,f2@example.com,f3@example.com,f4@example.com -q | tkt-report $WINDOW - --format tsv --metrics unanswered | sed -n 2p)"'
check 'an empty window: zeros and dashes' '
	tkt-report --since 2020-01-01 --until 2020-02-01 --format tsv --metrics created,first_reply_median,csat,resolution_rate | sed -n 2p >"$T/e" &&
	same "0			" "$(cat "$T/e")"'
check 'an empty store: zeros and dashes, no division by zero' '
	empty=$(newstore empty) &&
	tkt-new --db "$empty" -s x -r y -m z >/dev/null &&
	{ on_pg || sqlite3 "$empty" "DROP TRIGGER search_message_gone"; } &&  # it needs tkt_fold, of libtkt
	qs "$empty" "DELETE FROM messages; DELETE FROM events; DELETE FROM tickets" &&
	tkt-report --db "$empty" >"$T/e" && grep -Eq "^created +0$" "$T/e" && grep -Eq "^csat +-$" "$T/e" && grep -Eq "^one_touch_rate +-$" "$T/e"'
check 'the default window is the last 30 days' '
	same 31 "$(tkt-report --at 2026-11-30 --format tsv --metrics created | sed -n 2p)" &&
	same "1	1" "$(tkt-report --at 2026-11-03 --format tsv --metrics created,solved | sed -n 2p)"'

check 'by priority, channel, group and two keys at once' '
	same "priority	created
normal	24
urgent	4" "$(tkt-report $WINDOW --by priority --format tsv --metrics created)" &&
	same "api	28" "$(tkt-report $WINDOW --by channel --format tsv --metrics created | sed -n 2p)" &&
	same "-	28" "$(tkt-report $WINDOW --by group --format tsv --metrics created | sed -n 2p)" &&
	same "priority,week,created
normal,2026-W47,16
normal,2026-W48,8
urgent,2026-W48,4" "$(tkt-report $WINDOW --by priority,week --format csv --metrics created | tr -d "\r")"'
check 'by tag (as at the end of the window) and by field' '
	tkt-tag $a1 $a2 +vip --at 2026-11-16T12:30:00Z >/dev/null && tkt-tag $b1 +vip +billing --at 2026-11-29T12:00:00Z >/dev/null &&
	tkt-tag $b2 +late --at 2026-12-01T00:00:00Z >/dev/null && tkt-tag $c1 field.region=north --at 2026-11-29T12:00:00Z >/dev/null &&
	same "tag	created
-	25
billing	1
vip	3" "$(tkt-report $WINDOW --by tag --format tsv --metrics created)" &&
	same "-	27
north	1" "$(tkt-report $WINDOW --by field.region --format tsv --metrics created | sed 1d)"'

printf 'business_hours:\n  monday: 18:00-09:00\n' >"$T/hours.yaml"

# The SLA words of tkt-ls, at the end of the window (Mon 30 00:00): F1-F4
# (urgent, calendar: 1h, 24h, 1d) are past every target; G1-G2 (normal,
# business) have 24 - 19 = 5 business hours left to their update target
# and 40 - 23 = 17 to resolution.  On Friday at 09:30, F has 30 minutes
# left to its first reply.
F=$(tkt-ls requester=f1@example.com,f2@example.com,f3@example.com,f4@example.com -q | tr '\n' ' ')
G=$(tkt-ls requester=g1@example.com,g2@example.com -q | tr '\n' ' ')
sla() { tkt-ls "$@" -q | tr '\n' ' '; }
check 'tkt-ls breach=first-reply: the unanswered past their target' 'same "$F" "$(sla --at 2026-11-30 breach=first-reply)"'
check 'tkt-ls breach=update and breach=resolution' '
	same "$F" "$(sla --at 2026-11-30 breach=update)" && same "$F" "$(sla --at 2026-11-30 breach=resolution,next-reply)"'
check 'tkt-ls breach!=any: the unsolved within every target' 'same "$G" "$(sla --at 2026-11-30 breach!=any)"'
check 'tkt-ls due<4h and due<6h' '
	same "$F" "$(sla --at 2026-11-30 "due<4h")" && same "$G$F" "$(sla --at 2026-11-30 "due<6h")"'
check 'tkt-ls due<1h before the breach' '
	same "$F" "$(sla --at 2026-11-27T09:30:00Z "due<1h")" && same "" "$(sla --at 2026-11-27T09:30:00Z breach=any)"'
check 'tkt-ls -n counts the tickets that pass the SLA words' 'same "$(echo "$F" | cut -d" " -f1-2) " "$(sla --at 2026-11-30 breach=any -n 2)"'
fails 65 "no target 'soon'" 'breach= an unknown target' 'tkt-ls breach=soon'
fails 64 "due takes < <= > >=" 'due= with =' 'tkt-ls due=4h'
fails 65 "bad duration" 'due< a duration that is not one' 'tkt-ls "due<4"'
fails 64 "breach= and due are for tkt-ls" 'tkt-report refuses the SLA words' 'tkt-report breach=any'
fails 78 "hours.yaml:2:11" 'tkt-ls with SLA words reads the configuration' 'tkt-ls --config "$T/hours.yaml" breach=any'

fails 65 "the window ends \(2026-11-01T00:00:00Z\) before it starts \(2026-11-30T00:00:00Z\)" 'a window that ends before it starts' \
	'tkt-report --since 2026-11-30 --until 2026-11-01'
fails 64 "unknown metric 'happiness'" 'an unknown metric' 'tkt-report --metrics csat,happiness'
fails 64 "unknown grouping key 'colour'" 'an unknown grouping key' 'tkt-report --by agent,colour'
fails 64 "unknown format 'xml'" 'an unknown format' 'tkt-report --format xml'
fails 65 "--since: bad time 'last week'" 'a time that is not a time' 'tkt-report --since "last week"'
fails 64 "bad filter 'colour=red'" 'a bad filter word' 'tkt-report colour=red'
printf 'timezone: UTC\nsla:\n  urgent: [1h\n' >"$T/broken.yaml"
fails 78 "broken.yaml:4:1: " 'a configuration with a YAML error names file:line:column' 'tkt-report --config "$T/broken.yaml"'
printf 'timezone: Atlantis/Capital\n' >"$T/tz.yaml"
fails 78 "tz.yaml:1:11: unknown time zone 'Atlantis/Capital'" 'a bad time zone' 'tkt-report --config "$T/tz.yaml"'
fails 78 "hours.yaml:2:11: hours '18:00-09:00' end before they start" 'an impossible schedule' 'tkt-report --config "$T/hours.yaml"'
fails 78 "cannot open '.*/none.yaml'" 'a configuration that does not exist' 'tkt-report --config "$T/none.yaml"'
none=$(nostore none)
fails 66 "no store at '$(re "$none")'" 'a store that does not exist' 'tkt-report --db "$none"'

done_testing
