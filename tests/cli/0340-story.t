#!/bin/sh
# The whole story at a terminal: tkt-show tells the changes of the audit
# log between the messages and when a ticket is due; tkt-ls sorts by it,
# shows it at a terminal and in JSON; {{due}} in a reply template counts
# on the business clock of the ticket's priority, in the configuration's
# time zone.
. "${0%/*}/lib.sh"

export TERM=xterm
unset NO_COLOR PAGER TKT_PAGER LESS
ESC=$(printf '\033')

# The built-in targets, said: normal 8h to the first and the next reply,
# 24h between updates, 40h to the solve, high 4h, 4h, 24h, 24h, all on
# business hours; urgent 1h, 2h, 24h, 24h on the calendar.
cat >"$T/config.yaml" <<'END'
timezone: UTC
business_hours:
  weekdays: 09:00-17:00
END
export TKT_CONFIG=$T/config.yaml

# Friday 2026-11-20, Monday 2026-11-23; now is Monday noon.
NOW=2026-11-23T12:00:00Z
{
tkt-new -s "Router drops" -r ann@example.com -m "It drops." --at 2026-11-20T15:00:00Z
tkt-new -s "Invoice twice" -r bob@example.com -p urgent -m "Charged twice." --at 2026-11-23T08:00:00Z
tkt-new -s "Parcel" -r cy@example.com -m "Where is my parcel?" --at 2026-11-23T09:00:00Z
tkt-reply 3 -m "Hello, we are looking." --as olga --at 2026-11-23T09:30:00Z
tkt-tag 3 status=pending +refund priority=high --as olga --at 2026-11-23T10:02:00Z
tkt-reply 3 --customer -m "Any news?" --at 2026-11-23T10:30:00Z
tkt-new -s "Thanks" -r dan@example.com -m "All good." --at 2026-11-23T08:30:00Z
tkt-tag 4 status=solved --as olga --at 2026-11-23T09:00:00Z
} >/dev/null

# ---- tkt-show: the changes between the messages ---------------------------

# Ticket 3, high since 10:02: the customer wrote at 10:30, so the next
# reply is due 4 business hours later, 14:30.
cat >"$T/show3" <<'END'
ticket     3
subject    Parcel
status     open
priority   high
type       -
channel    api
requester  cy@example.com
history    first ticket
assignee   olga
group      -
created    2026-11-23T09:00:00Z
updated    2026-11-23T10:30:00Z
solved     -
due        next-reply 2026-11-23T14:30:00Z
tags       refund

message 1  customer  api  2026-11-23T09:00:00Z  cy@example.com
    Where is my parcel?
  2026-11-23T09:00:00Z  agent: status new, priority normal

message 2  agent  api  2026-11-23T09:30:00Z  olga
    Hello, we are looking.
  2026-11-23T09:30:00Z  olga: status new → open, assignee olga
  2026-11-23T10:02:00Z  olga: status open → pending, +refund, priority normal → high

message 3  customer  api  2026-11-23T10:30:00Z  cy@example.com
    Any news?
  2026-11-23T10:30:00Z  cy@example.com: status pending → open
END
check 'tkt-show: the changes between the messages in time order, one line per command' '
	tkt-show --at $NOW 3 >"$T/o" && diff -u "$T/show3" "$T/o"'
check '--no-events: the same without the lines of changes' '
	tkt-show --at $NOW --no-events 3 >"$T/o" && grep -v "^  2026-" "$T/show3" | diff -u - "$T/o"'
check '--json keeps its events as they were' '
	same "status:-:new priority:-:normal status:new:open assignee:-:olga status:open:pending tag:-:refund priority:normal:high status:pending:open" \
		"$(tkt-show --json 3 | jq -r "[.events[] | \"\(.what):\(.old // \"-\"):\(.new)\"] | join(\" \")")" &&
	! tkt-show --json 3 | jq -e "has(\"due\")" >/dev/null'

# Ticket 2, urgent: a first reply within the hour of 08:00, on the
# calendar; at noon it is three hours late.  Ticket 4 is solved.
check 'tkt-show: the target due first, and the targets broken' '
	tkt-show --at $NOW 2 4 >"$T/o" &&
	same "due        first-reply 2026-11-23T09:00:00Z
breach     first-reply
due        -" "$(grep -E "^(due|breach) " "$T/o")"'
# Ticket 1 from Friday 15:00: two business hours that day, six on Monday:
# Monday 15:00; at 16:00 it is late, and so is ticket 3 (14:30).
check 'tkt-show: a business-hours target broken' '
	same "due        first-reply 2026-11-23T15:00:00Z
breach     first-reply" "$(tkt-show --at 2026-11-23T16:00:00Z 1 | grep -E "^(due|breach) ")" &&
	same "breach     next-reply" "$(tkt-show --at 2026-11-23T16:00:00Z 3 | grep "^breach ")"'
check 'tkt-show: changes after the last message: a merge, one actor after another' '
	tkt-new -s "Lamp" -r hal@example.com -m "Broken." +lamp --at 2026-11-23T11:00:00Z >/dev/null &&
	tkt-new -s "Lamp again" -r hal@example.com -m "Again." --at 2026-11-23T11:10:00Z >/dev/null &&
	tkt-merge 6 --into 5 --as olga --at 2026-11-23T11:30:00Z >/dev/null &&
	tkt-tag 5 -lamp assignee=olga --as olga --at 2026-11-23T11:40:00Z >/dev/null &&
	tkt-tag 5 assignee= --as mira --at 2026-11-23T11:40:00Z >/dev/null &&
	tkt-show --at $NOW 5 | tail -4 >"$T/o" &&
	printf "%s\n" "    #6 was merged into this ticket (1 message)." "  2026-11-23T11:30:00Z  olga: #6 merged in" \
		"  2026-11-23T11:40:00Z  olga: -lamp, assignee olga" "  2026-11-23T11:40:00Z  mira: assignee olga → -" |
		diff -u - "$T/o"'

check 'tkt-show --color=always in a pipe: the changes dimmed, ISO times' '
	tkt-show --color=always --at $NOW 2 >"$T/o" &&
	grep -qx "$ESC\[2m  2026-11-23T08:00:00Z  agent: status new, priority urgent$ESC\[0m" "$T/o"'
check 'tkt-show in a pipe: no colour' '! tkt-show 2 | grep -q "$ESC"'

# ---- tkt-ls: due ------------------------------------------------------------

# Seconds left at noon: ticket 1, 8h less Friday 15:00-17:00 and Monday
# 09:00-12:00, 3h; ticket 2, 1h less 4h; ticket 3, 4h less 10:30-12:00.
check 'tkt-ls --json: when each is due, the seconds left, the target, the breaches' '
	tkt-ls --at $NOW --json id=1,2,3,4 | jq -c "[.id, .due, .due_in, .due_target, .breach]" >"$T/o" &&
	printf "%s\n" "[1,\"2026-11-23T15:00:00Z\",10800,\"first-reply\",[]]" \
		"[2,\"2026-11-23T09:00:00Z\",-10800,\"first-reply\",[\"first-reply\"]]" \
		"[3,\"2026-11-23T14:30:00Z\",9000,\"next-reply\",[]]" "[4,null,null,null,[]]" | diff -u - "$T/o"'
check 'tkt-ls --json: at 16:00 two targets of ticket 1 and 3 are broken too' '
	same "1:-3600:first-reply 2:-25200:first-reply 3:-5400:next-reply" \
		"$(tkt-ls --at 2026-11-23T16:00:00Z --json breach=any | jq -r "\"\(.id):\(.due_in):\(.breach | join(\",\"))\"" | joined)"'
check 'tkt-ls --json: the due members before the snippet' '
	tkt-ls --at $NOW --json text~parcel | jq -e "(keys_unsorted | .[-5:]) == [\"due\", \"due_in\", \"due_target\", \"breach\", \"snippet\"]" >/dev/null'
check 'tkt-ls -S due: the soonest first, nothing due last' '
	same "2 3 1 4" "$(tkt-ls --at $NOW -S due -q id=1,2,3,4 | joined)"'
check 'tkt-ls -S due -r: the latest first, nothing due still last' '
	same "1 3 2 4" "$(tkt-ls --at $NOW --sort due -r -q id=1,2,3,4 | joined)"'
check 'tkt-ls -S due with a limit, with SLA words, as text' '
	same "2 3" "$(tkt-ls --at $NOW -S due -n 2 -q id=1,2,3,4 | joined)" &&
	same "2" "$(tkt-ls --at $NOW -S due -q breach=any)" &&
	same "2	new	urgent	4h	bob@example.com	Invoice twice" "$(tkt-ls --at $NOW -S due -n 1)"'
check 'tkt-ls in a pipe: the same six columns as ever' '
	tkt-ls --at $NOW >"$T/o" && same 6 "$(awk -F "	" "{ print NF }" "$T/o" | sort -u)"'
# Ticket 7 from Friday 09:00 is due at 17:00: on Saturday no business
# hour has passed since, yet it is late.
check 'a target due at closing time is broken once closed' '
	tkt-new -s "Friday" -r eve@example.com -m "Help." --at 2026-11-20T09:00:00Z >/dev/null &&
	same "7" "$(tkt-ls --at 2026-11-21T10:00:00Z -q breach=first-reply id=7)" &&
	same "0 first-reply" "$(tkt-ls --at 2026-11-21T10:00:00Z --json id=7 | jq -r "\"\(.due_in) \(.breach | join(\",\"))\"")" &&
	! tkt-ls --at 2026-11-20T16:59:00Z -q breach=first-reply id=7'

fails 64 "^tkt-ls: bad sort key 'dew' \(id, created, updated, priority, status, age, waiting, subject, requester, assignee, due, rank\)\$" \
	'a bad sort key names due among the keys' 'tkt-ls -S dew'
echo "sla: [" >"$T/bad.yaml"
fails 78 "^tkt-ls: .*bad\.yaml:" 'tkt-ls -S due: a bad configuration' 'tkt-ls -S due --config "$T/bad.yaml"'
fails 78 "^tkt-ls: .*bad\.yaml:" 'tkt-ls --json: a bad configuration' 'TKT_CONFIG=$T/bad.yaml tkt-ls --json'
fails 78 "^tkt-show: .*bad\.yaml:" 'tkt-show: a bad configuration' 'tkt-show --config "$T/bad.yaml" 1'
# The configuration may name the store and the agent (store:, agent:):
# every tool that opens the store reads it, and says what is wrong in it.
fails 78 "^tkt-ls: .*bad\.yaml:2:" 'tkt-ls -q: a bad configuration, with its line' 'TKT_CONFIG=$T/bad.yaml tkt-ls -q'
fails 78 "^tkt-show: .*bad\.yaml:2:" 'tkt-show -q: a bad configuration, with its line' 'TKT_CONFIG=$T/bad.yaml tkt-show -q 1'
check 'tkt-show --config: the targets of the file given' '
	printf "sla:\n  normal:\n    first_reply: 1h\n" >"$T/fast.yaml" &&
	same "due        first-reply 2026-11-20T16:00:00Z" "$(tkt-show --config "$T/fast.yaml" --at $NOW 1 | grep "^due ")"'
fails 64 "unknown option '--no-evnets'; did you mean '--no-events'?" 'tkt-show: a misspelt --no-events' 'tkt-show --no-evnets 1'
fails 64 "option '--config' needs a value" 'tkt-show: --config without a value' 'tkt-show 1 --config'

# ---- at a terminal -----------------------------------------------------------

at_tty() {
	script -qec "$1; echo \"exit \$?\"" /dev/null </dev/null | tr -d '\r'
}
no_sgr() { sed "s/$ESC\[[0-9;]*m//g"; }

if have_tty; then
	check 'tkt-ls at a terminal: a due column after the age, relative' '
		NO_COLOR=1 PAGER=cat at_tty "tkt-ls --at $NOW id=1,2,3,4" >"$T/o" &&
		printf "%s\n" "1	new	normal	2d ago	first-reply in 3h	ann@example.com	Router drops" \
			"2	new	urgent	4h ago	first-reply 3h late	bob@example.com	Invoice twice" \
			"3	open	high	3h ago	next-reply in 2h	cy@example.com	Parcel" \
			"4	solved	normal	3h ago	-	dan@example.com	Thanks" "exit 0" | diff -u - "$T/o"'
	check 'tkt-ls at a terminal: a target due within the minute is due now' '
		NO_COLOR=1 PAGER=cat at_tty "tkt-ls --at 2026-11-23T14:29:30Z id=3" | grep -q "	next-reply now	"'
	check 'tkt-show at a terminal: the changes dimmed, times relative, due relative' '
		PAGER=cat at_tty "tkt-show --at $NOW 3" >"$T/o" &&
		grep -qx "$ESC\[2m  1h ago  olga: status open → pending, +refund, priority normal → high$ESC\[0m" "$T/o" &&
		grep -qx "due        next-reply in 2h" "$T/o" &&
		PAGER=cat at_tty "tkt-show --at $NOW 2" | grep -qx "due        first-reply 3h late"'
	check 'tkt-show at a terminal: NO_COLOR, --color=never: the changes plain' '
		NO_COLOR=1 PAGER=cat at_tty "tkt-show --at $NOW 3" >"$T/o" && ! grep -q "$ESC" "$T/o" &&
		grep -qx "  1h ago  olga: status open → pending, +refund, priority normal → high" "$T/o" &&
		PAGER=cat at_tty "tkt-show --color=never --no-events --at $NOW 3" >"$T/o" &&
		! grep -q "$ESC" "$T/o" && ! grep -q "^  [0-9]" "$T/o" && grep -q "^message 3 " "$T/o"'
	check 'tkt-show at a terminal: the lines of a pipe, but for colour and times' '
		PAGER=cat at_tty "tkt-show --at $NOW 3" | sed "\$d" | no_sgr |
		sed -E "s/^(created|updated) .*/\1/;s/^(due +[a-z-]+) .*/\1/;s/  [0-9]+[mhd] ago  /  TIME  /" >"$T/o" &&
		sed -E "s/^(created|updated) .*/\1/;s/^(due +[a-z-]+) .*/\1/;s/  2026-[0-9T:Z-]+  /  TIME  /" "$T/show3" |
		diff -u - "$T/o"'
else
	skip 'the terminal tests' 'script(1) cannot give a command a terminal here'
fi

# ---- {{due}} in reply templates ----------------------------------------------

# Athens: EET (UTC+2) in winter, EEST (UTC+3) until 25 October 2026;
# Christmas a holiday.  The process runs in UTC.
cat >"$T/athens.yaml" <<'END'
timezone: Europe/Athens
business_hours:
  weekdays: 09:00-17:00
holidays: [2026-12-25]
END
mkdir -p "$T/tpl/reply"
cat >"$T/tpl/reply/promise.yaml" <<'END'
name: promise
title: A promise
due: 8h
body: |
  You will hear from us by {{due}}.
END
export TKT_TEMPLATES="$T/tpl:$SHIPPED"
tkt-new -s "Promises" -r fay@example.com -m "When?" --at 2026-10-01T09:00:00Z >/dev/null
tkt-new -s "Now!" -r gus@example.com -p urgent -m "Now?" --at 2026-10-01T09:00:00Z >/dev/null
# promise ID TIME: the promise made on ticket ID at TIME.
promise() {
	TKT_NOW=$2 tkt-reply "$1" -t promise --config "$T/athens.yaml" >/dev/null &&
	q "SELECT body FROM messages WHERE ticket = $1 ORDER BY id DESC LIMIT 1"
}
# Friday 16:00 EET is 14:00 UTC: an hour that day, seven on Monday.
check '{{due}} on a Friday: Monday, in business hours, in Athens time' '
	same "You will hear from us by 2026-11-23 16:00 EET." "$(promise 8 2026-11-20T14:00:00Z)"'
# Friday 16:00 EEST is 13:00 UTC; on Monday the clocks are an hour back.
check '{{due}} across the end of summer time: Monday 16:00 EET' '
	same "You will hear from us by 2026-10-26 16:00 EET." "$(promise 8 2026-10-23T13:00:00Z)"'
# Thursday 24 December 16:00 EET: an hour, Christmas Friday closed, the
# weekend, seven hours on Monday the 28th.
check '{{due}} over a holiday' '
	same "You will hear from us by 2026-12-28 16:00 EET." "$(promise 8 2026-12-24T14:00:00Z)"'
# Saturday 10:00 EET: nothing till Monday 09:00, then eight hours, to the close.
check '{{due}} out of hours: from the next opening, to the close' '
	same "You will hear from us by 2026-11-23 17:00 EET." "$(promise 8 2026-11-21T08:00:00Z)"'
check '{{due}} of an urgent ticket: on the calendar, Saturday midnight in Athens' '
	same "You will hear from us by 2026-11-21 00:00 EET." "$(promise 9 2026-11-20T14:00:00Z)"'
check '{{due}} by $TKT_CONFIG without --config; -v due= still wins' '
	TKT_CONFIG=$T/athens.yaml tkt-reply 8 -t promise --at 2026-11-20T14:00:00Z >/dev/null &&
	same "You will hear from us by 2026-11-23 16:00 EET." "$(q "SELECT body FROM messages WHERE ticket = 8 ORDER BY id DESC LIMIT 1")" &&
	tkt-reply 8 -t promise -v "due=tomorrow" --config "$T/athens.yaml" >/dev/null &&
	same "You will hear from us by tomorrow." "$(q "SELECT body FROM messages WHERE ticket = 8 ORDER BY id DESC LIMIT 1")"'
# The defect form is high priority; its acknowledgement promises 24
# business hours: an hour on Friday, eight on Monday and Tuesday, seven
# on Wednesday.
check 'tkt-new --ack: the acknowledgement promises in business hours, by --config' '
	id=$(tkt-new -t defect -r "Hal <hal@example.com>" -f order=100234 -f product=router \
		-f "problem=drops the connection" -f since=2026-11-20 --ack --config "$T/athens.yaml" \
		--at 2026-11-20T14:00:00Z </dev/null) &&
	q "SELECT body FROM messages WHERE ticket = $id AND kind = '\''agent'\''" | grep -q "by 2026-11-25 16:00 EET"'
fails 78 "^tkt-reply: .*bad\.yaml:" '{{due}} with a bad configuration: nothing stored' \
	'tkt-reply 8 -t promise --config "$T/bad.yaml"'

done_testing
