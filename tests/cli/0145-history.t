#!/bin/sh
# tkt-new --batch obeys the rules of the tools: a history without events
# is replayed (the store the same as one typed with tkt-new, tkt-reply and
# tkt-tag at those times; a closed ticket solved, a customer left waiting);
# one with events is checked against them; --trust takes either as given;
# --renumber brings a second import into a live store.
. "${0%/*}/lib.sh"

export TKT_AGENT=imp
typed=$(newstore typed)
for name in replayed report waits refused trusted live; do
	eval "$name=\$(newstore $name)"
done

# ---- the same as typed ---------------------------------------------------
# Ana writes at 09:00, Kim answers at 11:00, Ana thanks at 12:00 and the
# ticket is closed then; Bo writes at 09:00 the next day, Kim answers at
# 10:00, Bo asks again at 12:00; Kim opens a third by phone at 08:00,
# left pending.  (What a history names but does not say who did, its end
# status here, is set by the one importing.)
export TKT_DB=$typed
{
	tkt-new -s "Router down" -r "Ana Pop <ana@example.ro>" -c email -m "My router is down." \
		--at 2026-11-02T09:00:00Z
	tkt-reply 1 -m "Restart it, please." --as kim --at 2026-11-02T11:00:00Z
	tkt-reply 1 --customer -m "It works, thanks." --at 2026-11-02T12:00:00Z
	tkt-tag 1 status=closed --at 2026-11-02T12:00:00Z
	tkt-new -s "Wrong bill" -r bo@example.com -c web -p high -m "My bill is wrong." \
		--at 2026-11-03T09:00:00Z
	tkt-reply 2 -m "We are looking into it." --as kim --at 2026-11-03T10:00:00Z
	tkt-reply 2 --customer -m "Any news?" --at 2026-11-03T12:00:00Z
	tkt-new -s "Your new line" -r "Eva Nagy <eva@example.hu>" -c phone --outbound --as kim \
		-m "Hello Eva, your line is ready." --at 2026-11-04T08:00:00Z
	tkt-tag 3 status=pending --at 2026-11-04T08:00:00Z
} >/dev/null
# The same tickets as another help desk would hand them over: no events,
# no solve time, no waiting clock.
tkt-export --db "$typed" >"$T/typed.jsonl"
jq -c 'del(.events, .solved, .waiting_since)' "$T/typed.jsonl" >"$T/bare.jsonl"

check 'the tickets were typed' 'same 3 "$(qs "$typed" "SELECT count(*) FROM tickets")"'
check 'a history without events, replayed: the store the same as typed, byte for byte' '
	tkt-new --db "$replayed" --batch -q <"$T/bare.jsonl" &&
	tkt-export --db "$replayed" | cmp - "$T/typed.jsonl"'
check 'the closed ticket is solved when it was closed; the customer who asked last waits' '
	same "1|closed|1793620800|1793620800 2|open||1793707200 3|pending||" \
		"$(qs "$replayed" "SELECT id, status, solved_at, waiting_since FROM tickets ORDER BY id" | joined)"'
check 'the first reply opened each and assigned it to its author; the status named was set by the one importing' '
	same "status:-:new:imp priority:-:normal:imp status:new:open:kim assignee:-:kim:kim status:open:closed:imp" \
		"$(qs "$replayed" "SELECT what || '\'':'\'' || coalesce(old, '\''-'\'') || '\'':'\'' || new || '\'':'\'' || actor FROM events WHERE ticket = 1 ORDER BY at, id" | joined)"'
check 'an agent who wrote first opened the ticket: no first reply, as tkt-new --outbound' '
	same "outbound:kim" "$(qs "$replayed" "SELECT what || '\'':'\'' || new FROM events WHERE ticket = 3 AND what = '\''outbound'\''")" &&
	same 1 "$(qs "$replayed" "SELECT count(*) FROM messages WHERE ticket = 3 AND opening = 1")"'

# The report and the listing see what the tools would: the closed ticket
# solved, not in the backlog; Bo waiting.
jq -c 'select(.id == 1 or .id == 2)' "$T/bare.jsonl" | tkt-new --db "$report" --batch -q
check 'the report counts the closed ticket solved in 3 h, first replies in 2 h and 1 h, one ticket left open' '
	tkt-report --db "$report" --since 2026-11-01 --until 2026-12-01 --format json >"$T/r" &&
	same "2 1 1 5400 10800" "$(jq -r "[.created, .solved, .backlog, .first_reply_mean, .full_resolution_median] | map(tostring) | join(\" \")" "$T/r")"'
check 'waiting>1d lists the ticket whose customer asked last, as breach=any would' '
	same 2 "$(tkt-ls --db "$report" -q "waiting>1d" --at 2026-11-05T12:00:00Z)"'

# The least a line needs: an id, a subject, a requester, when it was
# created; the rest as tkt-new takes it (priority normal, channel api), the
# status the history leads to (the example of tkt-batch(5)).
printf '%s\n' '{"id":1,"subject":"Slow line","requester":{"email":"zo@example.com"},"created":"2026-11-02T09:00:00Z","messages":[{"at":"2026-11-02T09:00:00Z","author":"Zo","kind":"customer","body":"Slow."},{"at":"2026-11-02T09:30:00Z","author":"kim","kind":"agent","body":"Checking."}]}' >"$T/least.jsonl"
check 'a line without status, priority or channel: the status its history leads to, the defaults of tkt-new' '
	tkt-new --db "$(newstore least)" --batch -q <"$T/least.jsonl" &&
	same "open|normal|api|kim" "$(qs "$(nostore least)" "SELECT status, priority, channel, assignee FROM tickets")"'
check 'with events, or with --trust, the status must be given' '
	jq -c ".events = [{\"at\": .created, \"actor\": \"kim\", \"what\": \"status\", \"old\": null, \"new\": \"new\"}]" "$T/least.jsonl" |
		tkt-new --db "$(newstore least2)" --batch -q 2>"$T/e"; same 65 $? &&
	same "tkt-new: line 1: '\''status'\'' is missing (only a history without events has it worked out)" "$(cat "$T/e")"'

# ---- what the rules refuse -----------------------------------------------
line() {        # line JQ: the first typed ticket, without events, changed by JQ
	sed -n 1p "$T/bare.jsonl" | jq -c "$1" >"$T/bad.jsonl"
}
export TKT_DB=$refused
line '.solved = "2026-11-02T11:30:00Z"'
fails 65 "^tkt-new: line 1: 'status' is closed, but a message after it was solved \\(2026-11-02T11:30:00Z\\) makes it open$" \
	'closed before the customer wrote again: the message would reopen it' 'tkt-new --batch <"$T/bad.jsonl"'
line '.status = "open" | .solved = "2026-11-02T12:00:00Z"'
fails 65 "^tkt-new: line 1: 'solved' is given, but the 'status' is not solved or closed$" \
	'a solve time on an open ticket' 'tkt-new --batch <"$T/bad.jsonl"'
line '.status = "open" | .waiting_since = "2026-11-02T09:00:00Z"'
fails 65 "^tkt-new: line 1: 'waiting_since' is 2026-11-02T09:00:00Z, but the customer waits since 2026-11-02T12:00:00Z$" \
	'a waiting clock the history does not give' 'tkt-new --batch <"$T/bad.jsonl"'
line '.status = "pending" | .waiting_since = "2026-11-02T09:00:00Z" | .solved = "2026-11-02T12:00:00Z"'
fails 65 "^tkt-new: line 1: 'solved' is given, but the 'status' is not solved or closed; 'waiting_since' is " \
	'every problem of the history at once' 'tkt-new --batch <"$T/bad.jsonl"'
line '.messages[1].at = "2026-11-01T11:00:00Z"'
fails 65 "^tkt-new: line 1: message 2: 'at' 2026-11-01T11:00:00Z is before the ticket was created" \
	'a reply before the ticket' 'tkt-new --batch <"$T/bad.jsonl"'

# A history with its events, contradicting them.
with_events() {  # with_events JQ: the first typed ticket, with events, changed by JQ
	sed -n 1p "$T/typed.jsonl" | jq -c "$1" >"$T/bad.jsonl"
}
with_events '.status = "solved"'
fails 65 "^tkt-new: line 1: 'status' is solved, but the last change of status \\(event 5\\) makes it closed$" \
	'a status other than its events end in' 'tkt-new --batch <"$T/bad.jsonl"'
with_events '(.events[] | select(.what == "status" and .new == "closed") | .old) = "pending"'
fails 65 "^tkt-new: line 1: event 5: status from pending, but it was open$" \
	'a change of status from a status the ticket was not in' 'tkt-new --batch <"$T/bad.jsonl"'
with_events '.solved = null'
fails 65 "^tkt-new: line 1: 'solved' is missing: a solved or closed ticket has the time it was solved$" \
	'a closed ticket without its solve time' 'tkt-new --batch <"$T/bad.jsonl"'
check 'nothing refused was stored' 'not_made "$refused"'

# ---- --trust -------------------------------------------------------------
check '--trust takes a history as given: its status, solve time and events' '
	{ with_events ".status = \"solved\" | .solved = null"; cat "$T/bad.jsonl"; } |
		tkt-new --db "$trusted" --batch --trust &&
	same "solved||5" "$(qs "$trusted" "SELECT status, solved_at, (SELECT count(*) FROM events) FROM tickets")"'
check '--trust on a history without events takes it as it is, no events made' '
	line ".id = 7 | .messages[].id = null" && tkt-new --db "$trusted" --batch --trust -q <"$T/bad.jsonl" &&
	same "closed||0" "$(qs "$trusted" "SELECT status, solved_at, (SELECT count(*) FROM events WHERE ticket = 7) FROM tickets WHERE id = 7")"'
check 'an export imported with --trust gives the same bytes back' '
	tkt-new --db "$(newstore again)" --batch --trust -q <"$T/typed.jsonl" &&
	tkt-export --db "$(nostore again)" | cmp - "$T/typed.jsonl"'

# ---- --renumber ----------------------------------------------------------
# A live store with tickets 1 to 3 takes the same three again, and a
# fourth merged into the first and linked nowhere else.
tkt-new --db "$live" --batch -q <"$T/typed.jsonl"
jq -c 'del(.events, .waiting_since) | .merged_into = 1 | .id = 9 | .status = "closed" | .solved = .updated' "$T/typed.jsonl" |
	sed -n 2p >"$T/merged.jsonl"
check 'without --renumber, a clash is named' '
	tkt-new --db "$live" --batch -q <"$T/typed.jsonl" 2>"$T/e"; same 65 $? &&
	grep -q "^tkt-new: line 1: ticket 1 is in the store already" "$T/e"'
check '--renumber: the ids after the highest, printed' '
	same "4 5 6 7" "$(cat "$T/typed.jsonl" "$T/merged.jsonl" | tkt-new --db "$live" --batch --renumber | joined)"'
check 'each keeps its own id as field source_id' '
	same "4|1 5|2 6|3 7|9" "$(qs "$live" "SELECT ticket, value FROM fields WHERE name = '\''source_id'\'' ORDER BY ticket" | joined)"'
check 'links follow the tickets: 9 merged into 1 is 7 merged into 4' '
	same 4 "$(qs "$live" "SELECT merged_into FROM tickets WHERE id = 7")"'
check 'the messages take new ids; the threads are those of the originals' '
	same "$(qs "$live" "SELECT body FROM messages WHERE ticket <= 3 ORDER BY ticket, id" | joined)" \
		"$(qs "$live" "SELECT body FROM messages WHERE ticket BETWEEN 4 AND 6 ORDER BY ticket, id" | joined)" &&
	same 0 "$(qs "$live" "SELECT count(*) FROM messages GROUP BY id HAVING count(*) > 1" | wc -l)"'
jq -c ".merged_into = 2" "$T/merged.jsonl" >"$T/outside.jsonl"
STORE=$live fails 65 "^tkt-new: line 1: 'merged_into' names ticket 2, which is not in the input" \
	'a link to a ticket outside a renumbered input is named' 'tkt-new --db "$live" --batch --renumber -q <"$T/outside.jsonl"'
cat "$T/merged.jsonl" "$T/merged.jsonl" >"$T/twice.jsonl"
STORE=$live fails 65 "^tkt-new: line 2: 'id' 9 is in the input twice$" \
	'an id twice in a renumbered input is named, nothing stored' 'tkt-new --db "$live" --batch --renumber -q <"$T/twice.jsonl"'
check '--trust and --renumber go with --batch alone' '
	tkt-new -s x -r a@example.com -m x --trust 2>"$T/e"; same 64 $? && grep -q -- "--trust" "$T/e"'

done_testing
