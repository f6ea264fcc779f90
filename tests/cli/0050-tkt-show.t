#!/bin/sh
# tkt-show: one ticket whole, as text and as JSON.
. "${0%/*}/lib.sh"

tkt-new -s "Router drops" -r "Ann Smith <ann@example.com>" -c email -p high --type defect \
	-f order=100234 +router -m "It drops every hour.
Since Monday." --at 2026-11-20T09:00:00Z >/dev/null
tkt-reply 1 --note -m "Firmware bug?" --as mira --at 2026-11-20T09:30:00Z >/dev/null
tkt-reply 1 -m "Hello Ann, we are on it." --spent 15m --as mira --at 2026-11-20T10:00:00Z >/dev/null
tkt-rate 1 csat=5 nps=9 -m "Quick and kind" --at 2026-11-21T09:00:00Z >/dev/null
tkt-new -s "Second" -r bob@example.com -m "hi" --at 2026-11-21T09:00:00Z >/dev/null

cat >"$T/expect" <<'END'
ticket     1
subject    Router drops
status     open
priority   high
type       defect
channel    email
requester  Ann Smith <ann@example.com>
history    first ticket
assignee   mira
group      -
created    2026-11-20T09:00:00Z
updated    2026-11-21T09:00:00Z
solved     -
due        resolution 2026-11-24T17:00:00Z
tags       router
field.order 100234

message 1  customer  email  2026-11-20T09:00:00Z  Ann Smith <ann@example.com>
    It drops every hour.
    Since Monday.
  2026-11-20T09:00:00Z  agent: status new, priority high, type defect, +router

message 2  note  email  2026-11-20T09:30:00Z  mira
    Firmware bug?

message 3  agent  email  2026-11-20T10:00:00Z  mira  spent 15m
    Hello Ann, we are on it.
  2026-11-20T10:00:00Z  mira: status new → open, assignee mira
END

# When it is due: high, resolution in 24 business hours (three days of
# 09:00-17:00 from Friday 09:00: Tuesday 17:00), nothing broken on the
# Saturday after.
check 'the text form: attributes, fields, tags, the thread and its changes in order' '
	tkt-show --at 2026-11-21T09:00:00Z 1 >"$T/actual" && diff -u "$T/expect" "$T/actual"'
check '#42 is an id too' 'tkt-show --at 2026-11-21T09:00:00Z "#1" | diff -u "$T/expect" -'
check '--json parses with jq' 'tkt-show --json 1 | jq -e . >/dev/null'
check '--json holds attributes and the requester' '
	same "1|Router drops|open|high|defect|email|mira|Ann Smith|ann@example.com|2026-11-20T09:00:00Z" \
		"$(tkt-show --json 1 | jq -r "[.id, .subject, .status, .priority, .type, .channel, .assignee, .requester.name, .requester.email, .created] | join(\"|\")")"'
check '--json holds fields and tags' '
	same "100234 router" "$(tkt-show --json 1 | jq -r "\"\(.fields.order) \(.tags | join(\",\"))\"")"'
check '--json holds the thread in order' '
	same "customer note agent" "$(tkt-show --json 1 | jq -r "[.messages[].kind] | join(\" \")")" &&
	same "It drops every hour.
Since Monday." "$(tkt-show --json 1 | jq -r ".messages[0].body")" &&
	same 900 "$(tkt-show --json 1 | jq -r ".messages[2].spent")"'
check '--json holds events and ratings' '
	same "status assignee" "$(tkt-show --json 1 | jq -r "[.events[] | select(.at == \"2026-11-20T10:00:00Z\") | .what] | join(\" \")")" &&
	same "csat:5:mira nps:9:mira" "$(tkt-show --json 1 | jq -r "[.ratings[] | \"\(.kind):\(.score):\(.agent)\"] | join(\" \")")"'
check 'several tickets: one JSON line each' '
	same 2 "$(tkt-show --json 1 2 | jq -s length)"'
check 'several tickets as text, separated by a blank line' '
	same 2 "$(tkt-show 1 2 | grep -c "^ticket ")"'
check 'ids from stdin' 'same 2 "$(tkt-ls -q | tkt-show --json | jq -s length)"'
check '-q prints the ids that exist' 'same "1
2" "$(tkt-show -q 1 2)"'
check 'strings with quotes and control characters stay valid JSON' '
	tkt-new -s "say \"hi\" \\ now" -r x@example.com -m "$(printf "tab\there\r\nend")" >/dev/null &&
	same "say \"hi\" \\ now" "$(tkt-show --json 3 | jq -r .subject)"'

fails 66 "no such ticket '9'" 'a ticket that does not exist' 'tkt-show 9'
check 'a missing ticket among others: the others are shown, exit 66' '
	tkt-show 1 9 2 >"$T/o" 2>"$T/e"; rc=$?; same 66 $rc &&
	same 2 "$(grep -c "^ticket " "$T/o")" && grep -q "no such ticket .9." "$T/e"'
fails 64 "bad ticket id 'x'" 'an id that is not a number' 'tkt-show x'
fails 64 "bad ticket id '0'" 'id 0' 'tkt-show 0'
fails 64 "bad ticket id '-1'" 'a negative id' 'tkt-show -- -1'
none=$(nostore none)
fails 66 "no store at '$(re "$none")'" 'a store that does not exist' 'tkt-show --db "$none" 1'

done_testing
