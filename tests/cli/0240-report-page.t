#!/bin/sh
# tkt-report --format html: the page of the report fixture (tests/data/report)
# is well-formed and self-contained, and every tile, chart and table in it
# carries the numbers the report gives (worked out by hand in
# 0110-tkt-report.t); empty and one-day windows; the page as a mail; what
# is refused.  0250-report-browser.t opens it in Chromium.
. "${0%/*}/lib.sh"

command -v xmllint >/dev/null || { echo "Bail out! xmllint (libxml2-utils) is needed"; exit 1; }
data=$(cd "${0%/*}/../data/report" && pwd)
# The fixture is made by the tools unwrapped (make memcheck runs each of
# them under valgrind in its own test, 0010 to 0060); what is tested here is
# the page.
path=$PATH PATH=$TKT_TOOLS:$PATH
. "$data/fixture.sh"
PATH=$path
export TKT_CONFIG=$data/config.yaml TKT_NOW=2026-12-01T08:00:00Z
WINDOW="--since 2026-11-16 --until 2026-11-30"
BEFORE="--since 2026-11-02 --until 2026-11-16"
page=$T/page.html

# x XPATH [FILE]: the string value of XPATH in the page; n XPATH [FILE]:
# how many nodes it selects; xs XPATH [FILE]: the text of each, a line each.
x() { xmllint --xpath "string($1)" "${2:-$page}"; }
n() { xmllint --xpath "count($1)" "${2:-$page}"; }
xs() { xmllint --xpath "$1" "${2:-$page}" 2>/dev/null; echo; }
svg='*[local-name()="svg"]'
# tsv METRIC [OPTIONS...]: the value of one metric as tkt-report --format tsv gives it.
tsv() {
	m=$1
	shift
	tkt-report "$@" --format tsv --metrics "$m" | sed -n 2p
}
# paged METRIC [OPTIONS...]: that value as the page's data has it: a rate
# or ratio, in full in TSV, to one decimal, as people read it.
paged() {
	v=$(tsv "$@")
	case $1 in
	*_within|*_rate|csat|nps|ces) awk -v v="$v" 'BEGIN { printf "%.1f\n", v }';;
	*) echo "$v";;
	esac
}

check 'the page is written' 'tkt-report $WINDOW --format html >"$page" && [ -s "$page" ]'
check 'it is well-formed (XHTML: an XML parser reads it whole)' 'xmllint --noout "$page"'
check 'an HTML5 document in English with a title naming the window' '
	same "<!DOCTYPE html>" "$(head -1 "$page")" &&
	same en "$(x "/*/@lang")" &&
	same "Help desk report 2026-11-16 to 2026-11-29" "$(x "//*[local-name()=\"title\"][1]")"'
check 'self-contained: no script, no link, no image, nothing to fetch' '
	! grep -Eiq "<script|<link|<img|<iframe|<object|<embed|@import|@font-face|url\(|src=|href=| on[a-z]+=" "$page" &&
	same "" "$(grep -o "https\?://[^\" ]*" "$page" | grep -v -e "^http://www.w3.org/1999/xhtml$" -e "^http://www.w3.org/2000/svg$")"'

# ---- the tiles ------------------------------------------------------------
tile() {     # tile ID: the tile's value, as TSV and JSON give it
	x "//*[@id=\"tile-$1\"]/@data-value"
}
check 'the tiles have the numbers worked out by hand' '
	same "28 24 10800 85.7 78.6 33.3 62.5 0.0 4.3 6" "$(for t in created solved first-reply first-reply-within resolution-rate one-touch csat nps ces backlog; do tile $t; done | joined)"'
check 'the tiles have the numbers of the text report' '
	for t in created:created solved:solved first-reply:first_reply_median first-reply-within:first_reply_within resolution-rate:resolution_rate one-touch:one_touch_rate csat:csat nps:nps ces:ces backlog:backlog; do
		same "$(paged ${t#*:} $WINDOW)" "$(tile ${t%%:*})" || exit 1
	done'
check 'each tile shows its value as the table does' '
	same "28" "$(x "//*[@id=\"tile-created\"]/*[@class=\"value\"]")" &&
	same "3h 00m" "$(x "//*[@id=\"tile-first-reply\"]/*[@class=\"value\"]")" &&
	tkt-report $WINDOW --metrics first_reply_median,csat >"$T/table" &&
	grep -Eq "^first_reply_median +3h 00m$" "$T/table" && grep -Eq "^csat +62.5%$" "$T/table" &&
	same "62.5%" "$(x "//*[@id=\"tile-csat\"]/*[@class=\"value\"]")" &&
	tkt-report $WINDOW --metrics ces >"$T/table" && grep -Eq "^ces +4.3$" "$T/table" &&
	same "4.3" "$(x "//*[@id=\"tile-ces\"]/*[@class=\"value\"]")" &&
	same "CES" "$(x "//*[@id=\"tile-ces\"]/*[@class=\"name\"]")"'
check 'each tile has the value of the window before' '
	for t in created:created solved:solved first-reply:first_reply_median resolution-rate:resolution_rate one-touch:one_touch_rate backlog:backlog; do
		same "$(paged ${t#*:} $BEFORE)" "$(x "//*[@id=\"tile-${t%%:*}\"]/@data-before")" || exit 1
	done &&
	same "" "$(tsv csat $BEFORE)" && same 0 "$(n "//*[@id=\"tile-csat\"]/@data-before")" &&
	same "" "$(tsv ces $BEFORE)" && same 0 "$(n "//*[@id=\"tile-ces\"]/@data-before")"'
check 'and the change, with better or worse in words' '
	same "+25" "$(x "//*[@id=\"tile-created\"]/*[contains(@class,\"change\")]" | sed "s/^[^+-]*//")" &&
	same "change same" "$(x "//*[@id=\"tile-created\"]/*[contains(@class,\"change\")]/@class")" &&
	same "+23 (better)" "$(x "//*[@id=\"tile-solved\"]/*[contains(@class,\"change\")]" | sed "s/^[^+-]*//")" &&
	same "change good" "$(x "//*[@id=\"tile-solved\"]/*[contains(@class,\"change\")]/@class")" &&
	same "+2h 00m (worse)" "$(x "//*[@id=\"tile-first-reply\"]/*[contains(@class,\"change\")]" | sed "s/^[^+-]*//")" &&
	same "+4 (worse)" "$(x "//*[@id=\"tile-backlog\"]/*[contains(@class,\"change\")]" | sed "s/^[^+-]*//")" &&
	same "no comparison" "$(x "//*[@id=\"tile-csat\"]/*[contains(@class,\"change\")]")"'

# ---- the charts -----------------------------------------------------------
check 'six charts, each an image with a title and a description' '
	same 6 "$(n "//$svg")" &&
	same "chart-daily chart-backlog chart-first-reply chart-satisfaction chart-effort chart-breaches" "$(xs "//$svg/@id" | sed -n "s/.*id=\"\(.*\)\"/\1/p" | joined)" &&
	same 6 "$(n "//$svg[@role=\"img\"][*[local-name()=\"title\"][normalize-space()]][*[local-name()=\"desc\"][normalize-space()]]")" &&
	for id in $(xs "//$svg/@aria-labelledby" | sed -n "s/.*=\"\(.*\)\"/\1/p"); do
		same 1 "$(n "//*[@id=\"$id\"][normalize-space()]")" || exit 1
	done'
check 'text on the charts is dark grey or the targets red: readable on white' '
	same "#333333 #b3261e" "$(xs "//*[local-name()=\"text\"]/@fill" | sed -n "s/.*fill=\"\(.*\)\"/\1/p" | sort -u | joined)"'
# The by-day numbers of the text report, as the charts title their bars.
tkt-report $WINDOW --by day --format tsv --metrics created,solved,backlog >"$T/days"
check 'created and solved per day: a bar each, with the numbers of --by day' '
	same 28 "$(n "//*[@id=\"chart-daily\"]//*[local-name()=\"rect\"][*[local-name()=\"title\"]]")" &&
	awk -F"\t" "NR > 1 { print \$1 \": Created \" \$2; print \$1 \": Solved \" \$3 }" "$T/days" | sort >"$T/want" &&
	xs "//*[@id=\"chart-daily\"]//*[local-name()=\"rect\"]/*[local-name()=\"title\"]/text()" | sed "/^$/d" | sort >"$T/got" &&
	diff -u "$T/want" "$T/got"'
check 'the backlog at the end of each day: a point each, with the numbers of --by day' '
	awk -F"\t" "NR > 1 { print \$1 \": Backlog \" \$4 }" "$T/days" >"$T/want" &&
	xs "//*[@id=\"chart-backlog\"]//*[local-name()=\"circle\"]/*[local-name()=\"title\"]/text()" | sed "/^$/d" >"$T/got" &&
	diff -u "$T/want" "$T/got" && same "2026-11-29: Backlog 6" "$(tail -1 "$T/got")"'
check 'first reply times: the 24 first replies in their bins, worked out by hand' '
	same "&lt;15m: Tickets 0|15-30m: Tickets 0|30m-1h: Tickets 3|1-2h: Tickets 8|2-4h: Tickets 3|4-8h: Tickets 2|8h-1d: Tickets 0|1-2d: Tickets 4|2-3d: Tickets 4|3-7d: Tickets 0|7d+: Tickets 0" \
		"$(xs "//*[@id=\"chart-first-reply\"]//*[local-name()=\"rect\"]/*[local-name()=\"title\"]/text()" | sed "/^$/d" | joined "|")"'
check 'first reply times: a dashed line at each target of the configuration' '
	same "1h 4h 1d" "$(xs "//*[@id=\"chart-first-reply\"]/*[local-name()=\"text\"][@fill=\"#b3261e\"]/text()" | sed "/^$/d" | joined)" &&
	same 3 "$(n "//*[@id=\"chart-first-reply\"]/*[local-name()=\"line\"][@stroke-dasharray]")" &&
	grep -q "Dashed lines, the targets: 1h for urgent; 4h for high, normal; 1d for low." "$page"'
check 'its description says the same: 24 answered, median 3h, 4 unanswered' '
	x "//*[@id=\"chart-first-reply-desc\"]" >"$T/d" &&
	grep -q "of the 24 tickets" "$T/d" && grep -q "1-2h: 8" "$T/d" && grep -q "Median 3h 00m; 4 not answered yet" "$T/d"'
check 'CSAT and NPS per week, with the numbers of --by week' '
	tkt-report $WINDOW --by week --format tsv --metrics csat,nps >"$T/weeks" &&
	same "week	csat	nps
2026-W47	75	25
2026-W48	50	-25" "$(cat "$T/weeks")" &&
	same "2026-W47: CSAT % 75.0|2026-W47: NPS 25.0|2026-W48: CSAT % 50.0|2026-W48: NPS -25.0" \
		"$(xs "//*[@id=\"chart-satisfaction\"]//*[local-name()=\"title\"][contains(.,\"W4\")]/text()" | sed "/^$/d" | sort | joined "|")"'
check 'CES per week, with the numbers of --by week, on its scale of 1 to 7' '
	tkt-report $WINDOW --by week --format tsv --metrics ces,ces_count >"$T/weeks" &&
	same "week	ces	ces_count
2026-W47	5	4
2026-W48	3.3333333333333335	3" "$(cat "$T/weeks")" &&
	same "2026-W47: CES 5.0|2026-W48: CES 3.3" \
		"$(xs "//*[@id=\"chart-effort\"]//*[local-name()=\"rect\"]/*[local-name()=\"title\"]/text()" | sed "/^$/d" | joined "|")" &&
	x "//*[@id=\"chart-effort-desc\"]" >"$T/d" &&
	grep -q "2026-W47: CES 5.0 of 4 answers; 2026-W48: CES 3.3 of 3 answers" "$T/d" &&
	same "1 7" "$(xs "//*[@id=\"chart-effort\"]/*[local-name()=\"text\"]/text()" | grep -x -e 1 -e 7 | joined)"'
check 'SLA breaches by priority: the four unanswered urgent tickets, past both targets' '
	same "urgent: First reply 4|high: First reply 0|normal: First reply 0|low: First reply 0|urgent: Next reply 0|high: Next reply 0|normal: Next reply 0|low: Next reply 0|urgent: Resolution 4|high: Resolution 0|normal: Resolution 0|low: Resolution 0" \
		"$(xs "//*[@id=\"chart-breaches\"]//*[local-name()=\"rect\"]/*[local-name()=\"title\"]/text()" | sed "/^$/d" | joined "|")" &&
	same "85.71428571428571" "$(tsv first_reply_within $WINDOW)"'

# ---- the agents -----------------------------------------------------------
check 'the agents, busiest first, with the numbers of --by agent' '
	same "cat ann bob" "$(xs "//*[@id=\"agents\"]//*[@data-agent]/@data-agent" | sed -n "s/.*=\"\(.*\)\"/\1/p" | joined)" &&
	tkt-report $WINDOW --by agent --format tsv --metrics replies,solved,first_reply_median,csat >"$T/agents" &&
	for a in cat ann bob; do
		row=$(awk -F"\t" -v a=$a "\$1 == a { printf \"%s %s %s %.1f\\n\", \$5, \$2, \$3, \$4 }" "$T/agents")
		same "$row" "$(for m in replies solved first_reply_median csat; do x "//*[@data-agent=\"$a\"]/*[@data-metric=\"$m\"]/@data-value"; done | joined)" || exit 1
	done &&
	same "17 9 10800 50.0" "$(for m in replies solved first_reply_median csat; do x "//*[@data-agent=\"cat\"]/*[@data-metric=\"$m\"]/@data-value"; done | joined)"'
check 'no QA column while no verdict is saved' '
	same 0 "$(n "//*[@id=\"agents\"]//*[local-name()=\"th\"][.=\"QA score\"]")"'
check 'with saved verdicts, each agent QA score as qa-check --by agent gives it' '
	qa-check --save --at 2026-11-29T12:00:00Z >/dev/null &&
	tkt-report $WINDOW --format html >"$T/qa.html" &&
	same 1 "$(n "//*[@id=\"agents\"]//*[local-name()=\"th\"][.=\"QA score\"]" "$T/qa.html")" &&
	qa-check --by agent $WINDOW | awk -F"\t" "NR > 1 && \$1 != \"-\" { print \$1, \$3 }" | sort >"$T/want" &&
	for a in ann bob cat; do
		echo "$a $(x "//*[@data-agent=\"$a\"]/*[@data-metric=\"qa\"]/@data-value" "$T/qa.html")"
	done >"$T/got" &&
	diff -u "$T/want" "$T/got" && [ "$(wc -l <"$T/got")" = 3 ]'

# ---- other windows --------------------------------------------------------
check 'a filter: the page says which tickets, and counts only them' '
	tkt-report $WINDOW requester=dora@example.com --format html >"$T/dora.html" &&
	xmllint --noout "$T/dora.html" &&
	same "requester=dora@example.com" "$(x "//*[@id=\"window\"]/*[local-name()=\"code\"]" "$T/dora.html")" &&
	same 3 "$(x "//*[@id=\"tile-created\"]/@data-value" "$T/dora.html")"'
check 'an empty window: well-formed, zeros and dashes, every chart saying it has nothing' '
	tkt-report --since 2020-01-01 --until 2020-01-08 --format html >"$T/empty.html" &&
	xmllint --noout "$T/empty.html" &&
	same "0 0 0" "$(for t in created solved backlog; do x "//*[@id=\"tile-$t\"]/@data-value" "$T/empty.html"; done | joined)" &&
	same "- -" "$(for t in first-reply csat; do x "//*[@id=\"tile-$t\"]/*[@class=\"value\"]" "$T/empty.html"; done | joined)" &&
	same 6 "$(n "//$svg" "$T/empty.html")" &&
	same 0 "$(n "//*[@id=\"chart-daily\"]//*[local-name()=\"rect\"][*[local-name()=\"title\"]]" "$T/empty.html")" &&
	same 7 "$(n "//*[@id=\"chart-daily\"]/*[local-name()=\"text\"][starts-with(.,\"01-0\")]" "$T/empty.html")" &&
	for c in "chart-daily:no tickets created or solved" "chart-first-reply:no first replies" "chart-satisfaction:no survey answers" "chart-effort:no effort answers" "chart-breaches:no target missed"; do
		same 1 "$(n "//*[@id=\"${c%%:*}\"]/*[local-name()=\"text\"][.=\"${c#*:}\"]" "$T/empty.html")" || exit 1
	done &&
	same 1 "$(n "//*[@id=\"agents-none\"]" "$T/empty.html")" &&
	! grep -Eiq "nan|inf" "$T/empty.html"'
check 'one day: a bar of each kind, one backlog point, one week' '
	tkt-report --since 2026-11-16 --until 2026-11-17 --format html >"$T/day.html" &&
	xmllint --noout "$T/day.html" &&
	same "2026-11-16: Created 6|2026-11-16: Solved 8" "$(xs "//*[@id=\"chart-daily\"]//*[local-name()=\"rect\"]/*[local-name()=\"title\"]/text()" "$T/day.html" | sed "/^$/d" | joined "|")" &&
	same 1 "$(n "//*[@id=\"chart-backlog\"]//*[local-name()=\"circle\"]" "$T/day.html")" &&
	same 2 "$(n "//*[@id=\"chart-satisfaction\"]//*[local-name()=\"rect\"]" "$T/day.html")" &&
	same 0 "$(n "//*[@id=\"chart-effort\"]//*[local-name()=\"rect\"]" "$T/day.html")" &&
	same 1 "$(n "//*[@id=\"chart-effort\"]/*[local-name()=\"text\"][.=\"no effort answers\"]" "$T/day.html")" &&
	! grep -Eiq "nan|inf" "$T/day.html"'
check 'durations in business hours, as the table gives them' '
	tkt-report $WINDOW --business-hours --format html >"$T/bh.html" &&
	same "$(tsv first_reply_median $WINDOW --business-hours)" "$(x "//*[@id=\"tile-first-reply\"]/@data-value" "$T/bh.html")" &&
	grep -q "durations in business hours" "$T/bh.html"'
check 'ids on stdin with -' '
	tkt-ls requester=f1@example.com,f2@example.com -q | tkt-report $WINDOW - --format html >"$T/ids.html" &&
	same 2 "$(x "//*[@id=\"tile-created\"]/@data-value" "$T/ids.html")"'
# ---- the mail -------------------------------------------------------------
{ cat "$data/config.yaml"; printf 'mail:\n  address: support@example.com\n  name: Example Support\n  sendmail: cat >%s\n' "$T/mail.eml"; } >"$T/mail.yaml"
# part TYPE: the body of the part of $T/mail.eml of that content type (the
# line end before a boundary is the boundary's).
part() {
	awk -v type="Content-Type: $1;" '
		/^--=-/ { if (inpart && body && held) printf "%s", last; inpart = 0; body = 0; held = 0 }
		index($0, type) == 1 { inpart = 1; next }
		inpart && body { if (held) print last; last = $0; held = 1; next }
		inpart && /^$/ { body = 1 }' "$T/mail.eml"
}
check 'the page by mail: nothing printed, the mail handed to sendmail' '
	tkt-report $WINDOW --format html --mail-to "Boss <boss@example.com>, ops@example.com" --config "$T/mail.yaml" >"$T/o" &&
	[ ! -s "$T/o" ] && [ -s "$T/mail.eml" ]'
check 'from the help desk, to both, with the window as subject, sent by a program' '
	grep -qx "From: Example Support <support@example.com>" "$T/mail.eml" &&
	grep -qx "To: Boss <boss@example.com>, ops@example.com" "$T/mail.eml" &&
	grep -qx "Subject: Help desk report 2026-11-16 to 2026-11-29" "$T/mail.eml" &&
	grep -qx "Auto-Submitted: auto-generated" "$T/mail.eml" &&
	grep -qx "Date: Tue, 01 Dec 2026 08:00:00 +0000" "$T/mail.eml" && grep -q "^Message-Id: <.*@example.com>$" "$T/mail.eml"'
check 'a plain-text part and the page as its HTML alternative' '
	grep -q "^Content-Type: multipart/alternative; boundary=" "$T/mail.eml" &&
	same "text/plain; charset=utf-8 text/html; charset=utf-8" "$(sed -n "s/^Content-Type: \(text.*\)/\1/p" "$T/mail.eml" | joined)" &&
	part text/html >"$T/mailed.html" && tkt-report $WINDOW --format html >"$T/printed.html" &&
	diff "$T/printed.html" "$T/mailed.html" >/dev/null'
check 'the text part has the tiles, the agents, the breaches and the whole table' '
	part text/plain >"$T/text" &&
	grep -Eq "^Created +28   \+25, before 3$" "$T/text" &&
	grep -Eq "^First reply +3h 00m   \+2h 00m \(worse\), before 1h 00m$" "$T/text" &&
	grep -Eq "^Solved +24   \+23 \(better\), before 1$" "$T/text" &&
	grep -Eq "^cat +17 +9 +3h 00m +50.0% +[0-9]+$" "$T/text" &&
	grep -Eq "^urgent +4 +0 +4$" "$T/text" && grep -Eq "^low +0 +0 +0$" "$T/text" &&
	grep -Eq "^first_reply_within +85.7%$" "$T/text" && grep -Eq "^work_time " "$T/text"'
check '--subject names the mail' '
	tkt-report $WINDOW --format html --mail-to boss@example.com --subject "Weekly: support" --config "$T/mail.yaml" &&
	grep -qx "Subject: Weekly: support" "$T/mail.eml" && grep -qx "To: boss@example.com" "$T/mail.eml"'

check 'names are escaped: an agent called <b>&amp;' '
	id=$(tkt-new -s x -r esc@example.com -m "Hello" --at 2026-11-20T09:00:00Z) &&
	tkt-reply $id -m "Hello, here you are." --as "<b>&amp;" --at 2026-11-20T10:00:00Z >/dev/null &&
	tkt-report $WINDOW --format html >"$T/esc.html" && xmllint --noout "$T/esc.html" &&
	same 1 "$(n "//*[@data-agent=\"<b>&amp;\"]" "$T/esc.html")" &&
	grep -q "&lt;b&gt;&amp;amp;" "$T/esc.html"'

# ---- what is refused ------------------------------------------------------
fails 64 "--by is for the table" 'html with --by' 'tkt-report --format html --by agent'
fails 64 "--metrics is for the table" 'html with --metrics' 'tkt-report --format html --metrics csat'
fails 64 "--mail-to is for the page: add --format html" '--mail-to without the page' 'tkt-report --mail-to boss@example.com'
fails 64 "--subject is for a mail" '--subject without --mail-to' 'tkt-report --format html --subject x'
fails 64 "--subject must be one line of text" 'a subject of two lines' \
	'tkt-report --format html --mail-to boss@example.com --config "$T/mail.yaml" --subject "$(printf "Hi\nBcc: x@example.com")"'
fails 64 "unknown format 'pdf' \(table, tsv, csv, json or html\)" 'an unknown format' 'tkt-report --format pdf'
fails 64 "'not an address' is not a list of mail addresses" 'a bad address' \
	'tkt-report --format html --mail-to "not an address" --config "$T/mail.yaml"'
fails 78 "no address of the help desk to send from" 'no address to send from' \
	'tkt-report --format html --mail-to boss@example.com'
sed "s|sendmail: .*|sendmail: false|" "$T/mail.yaml" >"$T/false.yaml"
fails 75 "'false' did not take the message" 'sendmail refusing the mail' \
	'tkt-report --format html --mail-to boss@example.com --config "$T/false.yaml"'
fails 74 "cannot write the report" 'a full disk' 'tkt-report --format html >/dev/full'
printf 'items:\n  - id: greeting\n    weight: [\n' >"$T/bad.yaml"
fails 78 "bad.yaml:[0-9]+:[0-9]+" 'a checklist with a YAML error' 'tkt-report --format html --checklist "$T/bad.yaml"'
fails 78 "cannot open '.*nope.yaml'" 'a checklist that is not there' 'tkt-report --format html --checklist "$T/nope.yaml"'
STORE=$(nostore none) fails 66 "" 'no store' 'tkt-report --format html --db "$(nostore none)"'

done_testing
