#!/bin/sh
# The customer effort score: tkt-rate ces=1..7, and tkt-report's ces,
# ces_easy and ces_count overall, by agent and by week, in TSV, JSON and
# the table, against numbers worked out by hand; a store of schema 8 takes
# ces once opened.
. "${0%/*}/lib.sh"

export TKT_CONFIG=/dev/null/none TZ=UTC
WINDOW="--since 2026-11-16 --until 2026-11-30"
at() { echo "2026-11-$1T$2:00Z"; }
for i in 1 2 3 4; do
	tkt-new -s "t$i" -r "c$i@example.com" -m x --at "$(at 16 09:00)" >/dev/null
done
tkt-new -s t5 -r c5@example.com -m x --at "$(at 09 09:00)" >/dev/null
tkt-tag 1 2 assignee=ann --at "$(at 16 10:00)" >/dev/null
tkt-tag 3 4 assignee=bob --at "$(at 16 10:00)" >/dev/null

# The answers: ann's tickets 7 (W47) and 5 (W47); bob's 2 (W47), and
# ticket 4 answered twice, 3 (W47) then 6 (W48).  Every answer counts, as
# for CSAT: 7 5 2 3 6, mean 23/5 = 4.6, easy (5 to 7) 7 5 6 = 3/5 = 60.
# ann: 12/2 = 6, 2/2; bob: 11/3, 1/3; W47: 17/4 = 4.25, 2/4; W48: 6, 1/1.
# Ticket 5 (unassigned) was answered before the window: it counts nowhere.
# The table rounds 4.25 as printf does, half to even: 4.2.
check 'the answers are recorded' '
	tkt-rate 1 ces=7 --at "$(at 17 09:00)" >/dev/null && tkt-rate 2 ces=5 --at "$(at 18 09:00)" >/dev/null &&
	tkt-rate 3 ces=2 --at "$(at 19 09:00)" >/dev/null && tkt-rate 4 ces=3 --at "$(at 20 09:00)" >/dev/null &&
	tkt-rate 4 ces=6 --at "$(at 24 09:00)" >/dev/null && tkt-rate 5 ces=1 --at 2026-11-10T09:00:00Z >/dev/null &&
	same "7 5 2 3 6 1" "$(q "SELECT score FROM ratings WHERE kind = '\''ces'\'' ORDER BY id" | joined)"'
check 'overall in TSV: the mean in full, the share of easy answers, the count' '
	same "ces	ces_easy	ces_count
4.6	60	5" "$(tkt-report $WINDOW --format tsv --metrics ces,ces_easy,ces_count)"'
check 'in JSON' '
	same "{\"ces\":4.6,\"ces_easy\":60,\"ces_count\":5}" "$(tkt-report $WINDOW --format json --metrics ces,ces_easy,ces_count)"'
check 'in the table: one decimal, the share in percent' '
	tkt-report $WINDOW --metrics ces,ces_easy,ces_count >"$T/t" &&
	grep -Eq "^ces +4.6$" "$T/t" && grep -Eq "^ces_easy +60.0%$" "$T/t" && grep -Eq "^ces_count +5$" "$T/t"'
check 'by agent' '
	same "agent	ces	ces_easy	ces_count
-			0
ann	6	100	2
bob	3.6666666666666665	33.333333333333336	3" "$(tkt-report $WINDOW --by agent --format tsv --metrics ces,ces_easy,ces_count)"'
check 'by agent in JSON' '
	tkt-report $WINDOW --by agent --format json --metrics ces,ces_easy,ces_count >"$T/j" &&
	same "- null null 0|ann 6 100 2|bob 3.6666666666666665 33.333333333333336 3" \
		"$(jq -r "\"\(.agent) \(.ces) \(.ces_easy) \(.ces_count)\"" "$T/j" | joined "|")"'
check 'by week: the second answer of ticket 4 counts in its week' '
	same "week	ces	ces_easy	ces_count
2026-W47	4.25	50	4
2026-W48	6	100	1" "$(tkt-report $WINDOW --by week --format tsv --metrics ces,ces_easy,ces_count)"'
check 'by week in JSON' '
	tkt-report $WINDOW --by week --format json --metrics ces,ces_easy >"$T/j" &&
	same "2026-W47 4.25 50|2026-W48 6 100" "$(jq -r "\"\(.week) \(.ces) \(.ces_easy)\"" "$T/j" | joined "|")"'
check 'a ces answer is no agent rating, nor CSAT' '
	same "csat_count	agent_rating_count
0	0" "$(tkt-report $WINDOW --format tsv --metrics csat_count,agent_rating_count)"'
check 'a window without answers has none' '
	same ",,0" "$(tkt-report --since 2026-12-01 --until 2026-12-08 --format csv --metrics ces,ces_easy,ces_count | sed -n 2p | tr -d "\r")"'

# ---- the page -------------------------------------------------------------
check 'the page: a CES tile and CES per week' '
	tkt-report $WINDOW --format html >"$T/page.html" &&
	same "4.6" "$(xmllint --xpath "string(//*[@id=\"tile-ces\"]/@data-value)" "$T/page.html")" &&
	same "2026-W47: CES 4.2|2026-W48: CES 6.0" "$(xmllint --xpath "//*[@id=\"chart-effort\"]//*[local-name()=\"rect\"]/*[local-name()=\"title\"]/text()" "$T/page.html" | joined "|")"'

# ---- a store of schema 8 --------------------------------------------------
# SQLite: the store of an older release (tests/data/store/v4.sql) with a
# CSAT answer; PostgreSQL: one of this release, its CHECK on the kinds of
# rating as schema 8 had it.
old=$(newstore old)
if on_pg; then
	tkt-new --db "$old" -s x -r y@example.com -m z --at "$(at 16 09:00)" >/dev/null
	tkt-rate --db "$old" 1 csat=4 --at "$(at 17 09:00)" >/dev/null
	qs "$old" "ALTER TABLE ratings DROP CONSTRAINT ratings_kind_check,
		ADD CONSTRAINT ratings_kind_check CHECK (kind IN ('csat','nps','agent'));
		$PG_BEFORE_10 UPDATE tkt_schema SET version = 8" >/dev/null
	was=8
else
	sqlite3 "$old" <"${0%/*}/../data/store/v4.sql"
	sqlite3 "$old" "INSERT INTO ratings (ticket, kind, score, at) VALUES (1, 'csat', 4, 1795424400)"
	was=4
fi
check 'an older store refuses ces in itself' '
	same $was "$(schema_version "$old")" &&
	! qs "$old" "INSERT INTO ratings (ticket, kind, score, at) VALUES (1, '\''ces'\'', 5, 1795424400)" 2>/dev/null'
check 'tkt-rate migrates it to the current schema: ces is recorded, the CSAT answer kept' '
	same 1 "$(tkt-rate --db "$old" 1 ces=5 --at "$(at 18 09:00)")" && same 10 "$(schema_version "$old")" &&
	same "csat:4 ces:5" "$(qs "$old" "SELECT kind || '\'':'\'' || score FROM ratings ORDER BY id" | joined)" &&
	whole "$old"'
check 'and its CHECK still refuses a kind it does not know' '
	! qs "$old" "INSERT INTO ratings (ticket, kind, score, at) VALUES (1, '\''stars'\'', 5, 1795424400)" 2>/dev/null &&
	same 2 "$(qs "$old" "SELECT count(*) FROM ratings")"'

done_testing
