#!/bin/sh
# One answer for many: tickets merged (and every way a merged ticket is
# named afterwards), incidents linked to a problem and answered at once,
# the report of a store with both against numbers worked out by hand,
# export and import of both, and the refusals.
. "${0%/*}/lib.sh"

mail_config
export TKT_AGENT=mira

# ---- a merge --------------------------------------------------------------
# Ann writes about her router at 09:00 (1) and again at 10:00 (2, answered
# at 10:30 and rated); Carol of the same household wrote by mail at 08:00
# (3).  At 12:00 2 and 3 are merged into 1.
mail3() {
	printf 'From: Carol Lee <carol@example.com>\nTo: support@example.com\n'
	printf 'Subject: Our router\nMessage-ID: <m3@example.com>\n'
	printf 'Date: Mon, 2 Nov 2026 08:00:00 +0000\n\nThe router at home is dead.\n'
}
tkt-new -s "Router broken" -r "Ann Kovacs <ann@example.com>" -m "My router is broken." \
	-c email --at 2026-11-02T09:00:00Z >/dev/null
tkt-new -s "Router still broken" -r "Ann Kovacs <ann@example.com>" -m "Still broken!" \
	-c email -f order=100234 +router --at 2026-11-02T10:00:00Z >/dev/null
mail3 | tkt-new --mail --at 2026-11-02T08:00:00Z >/dev/null
tkt-tag 2 cc+="Bob Kovacs <bob@example.com>" --at 2026-11-02T10:05:00Z >/dev/null
tkt-reply 2 -m "Hello Ann, a new router is on its way." --at 2026-11-02T10:30:00Z >/dev/null
tkt-rate 2 csat=5 --at 2026-11-02T11:00:00Z >/dev/null

check 'tkt-merge prints the target, once' '
	same 1 "$(tkt-merge 2 3 --into 1 --at 2026-11-02T12:00:00Z)"'
check 'the sources are closed as merged into the target' '
	same "1|open| 2|closed|1 3|closed|1" "$(q "SELECT id, status, merged_into FROM tickets ORDER BY id" | joined)"'
check 'the thread is one, in the order it was written, with a note of each merge' '
	same "customer:Carol Lee <carol@example.com> customer:Ann Kovacs <ann@example.com> customer:Ann Kovacs <ann@example.com> agent:mira system:mira system:mira" \
		"$(q "SELECT kind || '\'':'\'' || author FROM messages WHERE ticket = 1 ORDER BY created_at, id" | joined)" &&
	same "#2 was merged into this ticket (2 messages).|#3 was merged into this ticket (1 message)." \
		"$(q "SELECT body FROM messages WHERE ticket = 1 AND kind = '\''system'\'' ORDER BY id" | joined "|")" &&
	same "Merged into #1." "$(q "SELECT body FROM messages WHERE ticket = 2")" &&
	same "Merged into #1." "$(q "SELECT body FROM messages WHERE ticket = 3")"'
check 'the target begins when the oldest did, and says so in its events' '
	same "$(date -u -d 2026-11-02T08:00:00Z +%s)" "$(q "SELECT created_at FROM tickets WHERE id = 1")" &&
	same "created|2026-11-02T09:00:00Z|2026-11-02T08:00:00Z" "$(q "SELECT what, old, new FROM events WHERE ticket = 1 AND what = '\''created'\''")"'
check 'merge and merged events on both sides' '
	same "merge|2 merge|3" "$(q "SELECT what, new FROM events WHERE ticket = 1 AND what = '\''merge'\'' ORDER BY id" | joined)" &&
	same "merged|1" "$(q "SELECT what, new FROM events WHERE ticket = 2 AND what = '\''merged'\''")"'
check 'tags and fields join, followers follow, the other requester too' '
	same router "$(q "SELECT tag FROM tags WHERE ticket = 1")" &&
	same "order|100234" "$(q "SELECT name, value FROM fields WHERE ticket = 1")" &&
	same "bob@example.com carol@example.com" "$(q "SELECT email FROM followers WHERE ticket = 1 ORDER BY email" | joined)"'
check 'the rating moves with its conversation' '
	same "1|5" "$(q "SELECT ticket, score FROM ratings")"'
check 'the customer waits from the first message after the last reply: none' '
	same "" "$(q "SELECT waiting_since FROM tickets WHERE id = 1")"'

# Every way the sources are named afterwards.
check 'tkt-show of a source says where it went and shows the target' '
	tkt-show 2 >"$T/show" 2>"$T/show.err" &&
	same "tkt-show: ticket 2 is merged into 1" "$(cat "$T/show.err")" &&
	same "ticket     1" "$(head -1 "$T/show")" &&
	grep -qx "merged in  #2  closed  Router still broken" "$T/show" &&
	same 1 "$(tkt-show -q 3 2>/dev/null)"'
check 'tkt-reply to a source replies on the target' '
	same 1 "$(tkt-reply 2 -m "Hello Ann, it ships today." --at 2026-11-02T13:00:00Z)" &&
	same 1 "$(q "SELECT ticket FROM messages WHERE body = '\''Hello Ann, it ships today.'\''")"'
check 'ids piped in are followed, the same ticket once' '
	same 1 "$(printf "2\n1\n3\n" | tkt-tag +household --at 2026-11-02T13:05:00Z)" &&
	same 1 "$(q "SELECT count(*) FROM events WHERE what = '\''tag'\'' AND new = '\''household'\''")" &&
	same 1 "$(echo 3 | tkt-reply -m "Noted." --note --at 2026-11-02T13:06:00Z)"'
check 'tkt-rate and tkt-link of a source act on the target' '
	same 1 "$(tkt-rate 3 nps=9 --at 2026-11-02T13:07:00Z)" && same 1 "$(q "SELECT ticket FROM ratings WHERE kind = '\''nps'\''")"'
tkt-tag 1 status=solved --at 2026-11-02T14:00:00Z >/dev/null
check 'mail naming [#SOURCE] joins the target and reopens it, not the source' '
	printf "From: Ann Kovacs <ann@example.com>\nSubject: Re: Router still broken [#2]\nMessage-ID: <a1@example.com>\n\nIt came, thanks, but it does not start.\n" |
		tkt-new --mail --at 2026-11-02T15:00:00Z >"$T/id" &&
	same 1 "$(cat "$T/id")" && same "open closed" "$(q "SELECT status FROM tickets WHERE id IN (1, 2) ORDER BY id" | joined)" &&
	same 1 "$(q "SELECT ticket FROM messages WHERE message_id = '\''a1@example.com'\''")"'
check 'mail answering a source'"'"'s Message-ID joins the target, from its follower' '
	printf "From: Carol Lee <carol@example.com>\nSubject: Re: Our router\nIn-Reply-To: <m3@example.com>\nMessage-ID: <c2@example.com>\n\nStill nothing here.\n" |
		tkt-new --mail --at 2026-11-02T15:10:00Z >"$T/id" &&
	same 1 "$(cat "$T/id")" &&
	same "1|customer" "$(q "SELECT ticket, kind FROM messages WHERE message_id = '\''c2@example.com'\''")"'
check 'filters leave merged tickets out but for is=merged; their text is found on the target' '
	same 1 "$(tkt-ls -q | joined)" && same "2 3" "$(tkt-ls -q is=merged | joined)" &&
	same 1 "$(tkt-ls -q requester=ann@example.com | joined)" && same 2 "$(tkt-ls -q is=merged requester=ann@example.com)" &&
	same 1 "$(tkt-ls -q text~"still broken!")" && same 1 "$(tkt-ls -q body~"\"router at home\"")"'
check 'the customer'"'"'s history counts no merged ticket' '
	tkt-show 1 | grep -qx "history    first ticket"'
check 'merging again what is merged into the same target changes nothing' '
	dump >"$T/before" && same 1 "$(tkt-merge 2 --into 1)" && dump >"$T/after" && cmp -s "$T/before" "$T/after"'
check 'the store is whole' 'whole'

# ---- merges refused ---------------------------------------------------------
tkt-new -s "Other" -r dan@example.com -m "Hello" --at 2026-11-03T09:00:00Z >/dev/null    # 4
tkt-new -s "Another" -r dan@example.com -m "Hello" --at 2026-11-03T09:00:00Z >/dev/null  # 5
fails 64 "^tkt-merge: ticket 4 cannot be merged into itself$" 'a ticket into itself' 'tkt-merge 4 --into 4'
fails 64 "^tkt-merge: no target given \(--into TARGET\)$" 'no target' 'tkt-merge 4'
fails 65 "^tkt-merge: ticket 2 is merged into 1: merging 1 into it would make a cycle$" 'a cycle' \
	'tkt-merge 1 --into 2'
fails 65 "^tkt-merge: ticket 3 is merged into 1: merge into 1$" 'into a merged ticket' 'tkt-merge 4 --into 3'
fails 65 "^tkt-merge: ticket 2 is merged into 1 already$" 'a source merged elsewhere' 'tkt-merge 2 --into 4'
fails 66 "^tkt-merge: no such ticket '99'$" 'a missing source' 'tkt-merge 99 --into 4'
fails 66 "^tkt-merge: no such ticket '99'$" 'a missing target' 'tkt-merge 4 --into 99'
fails 66 "^tkt-merge: no such ticket '99'$" 'one missing source of two: neither merged' 'tkt-merge 5 99 --into 4'
fails 65 "^tkt-merge: time 2026-11-01T00:00:00Z is before ticket 5 was created" 'a time before the tickets' \
	'tkt-merge 5 --into 4 --at 2026-11-01T00:00:00Z'
fails 64 "^tkt-merge: bad ticket id 'x'$" 'a word that is no id' 'tkt-merge x --into 4'

# ---- an outage: 50 incidents, one problem, one answer ----------------------
# The line is down in Cluj: 50 customers write between 06:00 and 06:49
# (the last calls, and has no address); the network team opens the
# problem at 06:30.
# They come in as one import (each new, with the customer's message), so that
# the test runs fast under valgrind too.
i=1
while [ $i -le 50 ]; do
	num=$(printf %02d $i) at=$(printf 2026-11-04T06:%02d:00Z $((i - 1)))
	who="{\"name\":\"Ana$num Pop\",\"email\":\"ana$num@example.ro\"}"
	[ $i = 50 ] && who="{\"name\":\"Ana$num Pop\"}"      # by phone: no address
	printf '{"id":%d,"subject":"No internet","status":"new","priority":"normal","channel":"email",'\
'"requester":%s,"created":"%s","updated":"%s","waiting_since":"%s","tags":["cluj"],'\
'"messages":[{"id":null,"at":"%s","author":"Ana%s Pop","kind":"customer","channel":"email",'\
'"body":"No internet since this morning."}],"events":[{"at":"%s","actor":"mira","what":"status",'\
'"old":null,"new":"new"}]}\n' $((i + 5)) "$who" "$at" "$at" "$at" "$at" "$num" "$at"
	i=$((i + 1))
done >"$T/outage.jsonl"
tkt-new --batch -q <"$T/outage.jsonl" 2>"$T/made.err"
P=$(tkt-new -s "Fibre cut in Cluj" -r noc@example.com -m "The fibre to Cluj is cut." --type outage \
	--at 2026-11-04T06:30:00Z)
check '50 tickets of the outage and its problem' 'test ! -s "$T/made.err" && same 56 "$P"'
check 'tkt-link links the tickets piped in as incidents' '
	tkt-ls +cluj -q | tkt-link --problem "$P" --at 2026-11-04T07:00:00Z >"$T/linked" &&
	same 50 "$(wc -l <"$T/linked")" && same 50 "$(q "SELECT count(*) FROM tickets WHERE problem = $P")" &&
	same 50 "$(q "SELECT count(*) FROM events WHERE what = '\''problem'\'' AND new = '\''$P'\''")"'
check 'the filter words: problem=, is=problem, is=incident, incidents>N' '
	same 50 "$(tkt-ls -q problem="$P" | wc -l)" && same "$P" "$(tkt-ls -q is=problem)" &&
	same 50 "$(tkt-ls -q is=incident | wc -l)" && same "$P" "$(tkt-ls -q "incidents>49")" &&
	same "" "$(tkt-ls -q "incidents>50")" && same "$P" "$(tkt-ls -q "incidents>=50")" &&
	same 50 "$(tkt-ls -q "incidents<1" +cluj | wc -l)" && same 53 "$(tkt-ls -q "incidents=0" | wc -l)" &&
	same "1 4 5" "$(tkt-ls -q is!=incident,problem | joined)"'
check 'tkt-show of a problem lists its incidents, of an incident its problem' '
	tkt-show "$P" >"$T/p" && grep -qx "incidents  50, 50 open" "$T/p" &&
	grep -qx "           #6  new  No internet" "$T/p" && tkt-show 6 | grep -qx "problem    #$P"'
check 'the outage answered once: the problem and each open incident, each by name, mail to each with an address' '
	tkt-reply "$P" --to-incidents -t outage-update -v area="in Cluj" --sendmail \
		--at 2026-11-04T07:30:00Z >"$T/ids" &&
	same 51 "$(wc -l <"$T/ids")" && same "$P" "$(head -1 "$T/ids")" &&
	same 50 "$(q "SELECT count(*) FROM tickets t JOIN customers c ON c.id = t.requester
	                JOIN messages m ON m.ticket = t.id AND m.kind = '\''agent'\''
	               WHERE t.problem = $P AND m.body LIKE '\''Hello '\'' || substr(c.name, 1, 5) || '\'',%'\''")" &&
	same 50 "$(grep -c "^To: " "$T/sent.mbox")" && grep -q "^To: Ana07 Pop <ana07@example.ro>" "$T/sent.mbox" &&
	same "" "$(tkt-ls -q outbox=unsent)"'
tkt-tag 7 status=solved --at 2026-11-04T08:00:00Z >/dev/null
check 'solved with the problem: every open incident, the one solved before left alone' '
	tkt-reply "$P" --to-incidents -t outage-resolved --at 2026-11-04T10:00:00Z >"$T/ids" &&
	same 50 "$(wc -l <"$T/ids")" && ! grep -qx 7 "$T/ids" &&
	same 51 "$(q "SELECT count(*) FROM tickets WHERE (problem = $P OR id = $P) AND status = '\''solved'\''")" &&
	same 1 "$(q "SELECT count(*) FROM messages WHERE ticket = 7 AND kind = '\''agent'\''")"'

# ---- the filter words refused ------------------------------------------------
fails 65 "^tkt-ls: bad filter 'is=solved': no 'solved' \\(is=problem, is=incident, is=merged\\)$" \
	'is= something a ticket cannot be' 'tkt-ls is=solved'
fails 64 "^tkt-ls: bad filter 'is>problem': operator '>' does not apply to is" 'is with an order' \
	'tkt-ls "is>problem"'
fails 65 "^tkt-ls: bad filter 'incidents>many': incidents takes a whole number \\(like incidents>10\\)$" \
	'incidents of no number' 'tkt-ls "incidents>many"'
fails 65 "^tkt-ls: bad filter 'incidents>-1': incidents takes a whole number" 'incidents below none' \
	'tkt-ls "incidents>-1"'
fails 65 "^tkt-ls: bad filter 'problem=abc': bad ticket id 'abc'$" 'a problem that is no id' \
	'tkt-ls problem=abc'
fails 64 "^tkt-ls: bad filter 'problem>': operator '>' does not apply to problem" \
	'no problem, with an order' 'tkt-ls "problem>"'

# ---- links refused -----------------------------------------------------------
tkt-new -s "Slow line" -r eve@example.com -m "Slow" --at 2026-11-04T09:00:00Z >/dev/null    # 57
tkt-new -s "Mail down" -r noc@example.com -m "Down" --at 2026-11-04T09:00:00Z >/dev/null    # 58
tkt-link 57 --problem 58 --at 2026-11-04T09:30:00Z >/dev/null
fails 65 "^tkt-link: ticket $P is a problem with 50 incidents: a problem cannot be an incident$" \
	'a problem linked to a problem' "tkt-link $P --problem 58"
fails 65 "^tkt-link: ticket 6 is an incident of $P, not a problem: link to $P$" \
	'a ticket linked to an incident' 'tkt-link 4 --problem 6'
fails 65 "^tkt-link: ticket 4 is not an incident of a problem$" 'unlinking what is not linked' \
	'tkt-link 4 --unlink'
fails 65 "^tkt-link: ticket 4 cannot be an incident of itself$" 'a ticket its own problem' \
	'tkt-link 4 --problem 4'
fails 66 "^tkt-link: no such ticket '99'$" 'a missing problem' 'tkt-link 4 --problem 99'
fails 64 "^tkt-link: --problem and --unlink exclude each other$" 'both' 'tkt-link 4 --problem 58 --unlink'
fails 64 "^tkt-link: no problem given" 'neither' 'tkt-link 4'
fails 65 "^tkt-reply: ticket 4 is not a problem: it has no incidents \(tkt-link\)$" \
	'--to-incidents on a ticket that is no problem' 'tkt-reply 4 --to-incidents -m "All fixed."'
fails 64 "^tkt-reply: --to-incidents and --customer exclude each other" \
	'--to-incidents as the customer' "tkt-reply $P --to-incidents --customer -m x"
fails 65 "^tkt-merge: ticket $P is a problem and 57 an incident of 58: a problem cannot be merged into an incident$" \
	'a problem merged into an incident' "tkt-merge $P --into 57"
check 'unlinked, an incident is a ticket again; relinked, it moves' '
	same 57 "$(tkt-link 57 --unlink --at 2026-11-04T09:40:00Z)" && same "" "$(tkt-ls -q problem=58)" &&
	same 57 "$(tkt-link 57 -p 58 --at 2026-11-04T09:41:00Z)" && same 57 "$(tkt-link 57 -p "$P" --at 2026-11-04T09:42:00Z)" &&
	same "58|$P" "$(q "SELECT old, new FROM events WHERE ticket = 57 AND what = '\''problem'\'' ORDER BY id DESC LIMIT 1")" &&
	same 57 "$(tkt-link 57 --unlink --at 2026-11-04T09:43:00Z)"'
check 'a problem merged into another ticket takes its incidents along' '
	same 57 "$(tkt-link 57 -p 58 --at 2026-11-04T10:50:00Z)" &&
	same 5 "$(tkt-merge 58 --into 5 --at 2026-11-04T11:00:00Z)" && same "" "$(tkt-ls -q problem=58 is=merged)" &&
	same 57 "$(tkt-ls -q problem=5)" && same 5 "$(tkt-ls -q is=problem "incidents<2")"'
check 'the store is whole' 'whole'

# ---- export and import ---------------------------------------------------------
check 'the export carries merges and links, and imports back byte for byte' '
	tkt-export >"$T/all.jsonl" && same 58 "$(wc -l <"$T/all.jsonl")" &&
	grep -q "\"merged_into\":1,\"problem\":null" "$T/all.jsonl" &&
	same 50 "$(grep -c "\"merged_into\":null,\"problem\":$P," "$T/all.jsonl")" &&
	copy=$(newstore copy) && tkt-new --db "$copy" --batch -q <"$T/all.jsonl" &&
	tkt-export --db "$copy" | cmp - "$T/all.jsonl"'
check 'in another order, a chunk at a time: links wait for the tickets they name' '
	back=$(newstore back) && sort -r "$T/all.jsonl" | tkt-new --db "$back" --batch --chunk 1 -q &&
	tkt-export --db "$back" | cmp - "$T/all.jsonl" && whole "$back"'
bad=$(newstore bad)
sed -n 4p "$T/all.jsonl" | sed 's/^{"id":4,/{"id":100,/' | tkt-new --db "$bad" --batch -q
STORE=$bad fails 65 "^tkt-new: line 1: 'merged_into' names ticket 99, which is neither in the store nor in the input$" \
	'an import naming a ticket that is nowhere' \
	"sed -n 2p \"$T/all.jsonl\" | sed 's/\"merged_into\":1,/\"merged_into\":99,/' | tkt-new --db \"$bad\" --batch"
STORE=$bad fails 65 "^tkt-new: line 1: ticket 2 is merged into 1: merging 1 into it would make a cycle$" \
	'an import that merges in a cycle' \
	"sed -n 1,2p \"$T/all.jsonl\" | sed '1s/\"merged_into\":null,/\"merged_into\":2,/' | tkt-new --db \"$bad\" --batch"
STORE=$bad fails 65 "^tkt-new: line 1: 'problem' must be a ticket id or null$" 'an import with a bad problem' \
	"sed -n 1p \"$T/all.jsonl\" | sed 's/\"problem\":null,/\"problem\":\"x\",/' | tkt-new --db \"$bad\" --batch"

# ---- the report ----------------------------------------------------------------
# A store of its own, the week of Mon 2026-11-09:
#   A (ann) opened Mon 09:00, answered and solved at 10:00: one touch.
#   B (ann again) opened 09:30, rated csat 2 at 09:40, merged into A at
#     09:45: not created, solved nor rated of its own; its message and
#     rating count on A.
#   P (noc) opened Tue 08:00; incidents I1 07:30, I2 08:30, I3 09:00 linked
#     at 09:10; P answered --to-incidents and solved at 11:00.
#   C (bob) opened Wed 09:00, replies at 10:00 and 11:00, solved at 11:00.
# created: A P I1 I2 I3 C = 6; solved 6; merged 1.
# first replies: A 1h, P 3h, I1 3h30, I2 2h30, I3 2h, C 1h: sorted 3600
#   3600 7200 9000 10800 12600, median (the 3rd) 7200, mean 46800/6 = 7800.
# one touch: incidents are left out: A and P of A P C, 200/3 =
#   66.66666666666667 in full precision (with the incidents it would be
#   5/6).
# problems solved 1, its incidents 3; from the first report (I1 07:30) to
#   the solve (11:00) 3h30 = 12600.  csat: B's 2, on A: 1 answer, 0%.
#   incidents per problem 3/1 = 3.
R=$(newstore report)
r() { tkt-reply --db "$R" "$@" >/dev/null; }
new() { tkt-new --db "$R" -m "Help" "$@" >/dev/null; }
new -s A -r ann@example.com --at 2026-11-09T09:00:00Z
new -s B -r ann@example.com --at 2026-11-09T09:30:00Z
tkt-rate --db "$R" 2 csat=2 --at 2026-11-09T09:40:00Z >/dev/null
tkt-merge --db "$R" 2 --into 1 --at 2026-11-09T09:45:00Z >/dev/null
r 1 -m "Fixed." --status solved --at 2026-11-09T10:00:00Z
new -s P -r noc@example.com --at 2026-11-10T08:00:00Z
new -s I1 -r i1@example.com --at 2026-11-10T07:30:00Z
new -s I2 -r i2@example.com --at 2026-11-10T08:30:00Z
new -s I3 -r i3@example.com --at 2026-11-10T09:00:00Z
tkt-link --db "$R" 4 5 6 --problem 3 --at 2026-11-10T09:10:00Z >/dev/null
r 3 --to-incidents -m "Fixed for everyone." --status solved --at 2026-11-10T11:00:00Z
new -s C -r bob@example.com --at 2026-11-11T09:00:00Z
r 7 -m "Looking." --at 2026-11-11T10:00:00Z
r 7 -m "Fixed." --status solved --at 2026-11-11T11:00:00Z
M=created,solved,merged,first_reply_median,first_reply_mean,one_touch_rate,problems_solved
M=$M,incidents_per_problem,problem_resolution_median,problem_resolution_mean,csat,csat_count,replies
check 'the report of merges and problems, against the numbers worked out above' '
	same "6	6	7200	7800	66.66666666666667	0	1	7	1	1	3	12600	12600" \
		"$(tkt-report --db "$R" --since 2026-11-09 --until 2026-11-16 --format tsv --metrics "$M" | sed -n 2p)"'
check 'the page lists the problems of the window with their incidents' '
	tkt-report --db "$R" --since 2026-11-09 --until 2026-11-16 --format html >"$T/page.html" &&
	grep -q "<tr data-problem=\"3\"><th scope=\"row\">#3 P</th><td>solved</td><td data-metric=\"incidents\" data-value=\"3\">3</td>" "$T/page.html" &&
	tkt-report --db "$R" --since 2026-11-16 --until 2026-11-23 --format html | grep -q "id=\"problems-none\""'
check 'qa-check scores the target, not the merged source' '
	same 1 "$(qa-check --db "$R" id=1,2 | cut -f1)" && same 1 "$(qa-check --db "$R" - <<END | cut -f1
2
END
)"'

done_testing
