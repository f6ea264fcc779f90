#!/bin/sh
# tkt-ls: the filter words, sorting, output formats and exit status.
. "${0%/*}/lib.sh"

NOW=2026-11-23T12:00:00Z
tkt-new -s "Router drops" -r "Ann <ann@example.com>" -c email -p high --type defect -f order=100234 -f amount=20 +router -m a --at 2026-11-16T09:00:00Z >/dev/null
tkt-new -s "Refund" -r bob@example.com -c chat +billing +refund -f amount=150 -m b --at 2026-11-20T09:00:00Z >/dev/null
tkt-new -s "Late parcel" -r "Chris Doe" -c phone -p urgent -m c --at 2026-11-22T09:00:00Z >/dev/null
tkt-new -s "Password" -r "Ann <ann@example.com>" -c web -p low -m d --at 2026-11-23T11:00:00Z >/dev/null
tkt-reply 1 -m "On it" --as mira --at 2026-11-16T10:00:00Z >/dev/null
tkt-reply 1 --customer -m "Still broken" --at 2026-11-17T10:00:00Z >/dev/null
tkt-reply 2 -m "Refunded" --status solved --as olga --at 2026-11-20T10:00:00Z >/dev/null
tkt-tag 3 status=pending assignee=agent --at 2026-11-22T10:00:00Z >/dev/null

ls_ids() { tkt-ls --at $NOW -q "$@" | tr '\n' ' ' | sed 's/ $//'; }

check 'no filter lists every ticket in id order, tab-separated' '
	tkt-ls --at $NOW >"$T/actual" && printf "%s\n" \
		"1	open	high	7d	Ann <ann@example.com>	Router drops" \
		"2	solved	normal	3d	bob@example.com	Refund" \
		"3	pending	urgent	1d	Chris Doe	Late parcel" \
		"4	new	low	1h	Ann <ann@example.com>	Password" >"$T/expect" &&
	diff -u "$T/expect" "$T/actual"'
check 'status=' 'same "1" "$(ls_ids status=open)"'
check 'status= with a list' 'same "1 4" "$(ls_ids status=new,open)"'
check 'status!=' 'same "1 3 4" "$(ls_ids status!=solved)"'
check 'status< follows the workflow order' 'same "1 4" "$(ls_ids "status<pending")"'
check 'priority>=high' 'same "1 3" "$(ls_ids "priority>=high")"'
check 'priority<normal' 'same "4" "$(ls_ids "priority<normal")"'
check '+tag' 'same "2" "$(ls_ids +billing)"'
check '-tag' 'same "1 3 4" "$(ls_ids -billing)"'
check 'tag= and tag!=' 'same "1" "$(ls_ids tag=router)" && same "2 3 4" "$(ls_ids tag!=router)"'
check 'two words must both hold' 'same "2" "$(ls_ids +billing +refund)" && same "" "$(ls_ids +billing +router)"'
check 'type= and empty type=' 'same "1" "$(ls_ids type=defect)" && same "2 3 4" "$(ls_ids type=)"'
check 'channel=' 'same "3" "$(ls_ids channel=phone)"'
check 'assignee= and assignee=me' '
	same "1" "$(ls_ids assignee=mira)" && same "3" "$(ls_ids assignee=me)" &&
	same "1" "$(ls_ids assignee=me --as mira)" && same "4" "$(ls_ids assignee=)"'
check 'requester by email, any case, and by name' '
	same "1 4" "$(ls_ids requester=ANN@example.com)" && same "3" "$(ls_ids "requester=Chris Doe")"'
check 'age>' 'same "1 2" "$(ls_ids "age>2d")"'
check 'age<=' 'same "3 4" "$(ls_ids "age<=2d")"'
check 'waiting> counts from the unanswered customer message' '
	same "1 4" "$(ls_ids "waiting>30m")" && same "1" "$(ls_ids "waiting>24h")" &&
	same "" "$(ls_ids "waiting>1w")"'
check 'a pending or solved ticket is not waiting' 'same "" "$(ls_ids "waiting>0s" status=pending,solved)"'
check 'created>= a date includes the day' 'same "3 4" "$(ls_ids "created>=2026-11-22")"'
check 'created<= a date includes the whole day' 'same "1 2 3" "$(ls_ids "created<=2026-11-22")"'
check 'created= a date is that day' 'same "3" "$(ls_ids created=2026-11-22)"'
check 'created> a duration back from now' 'same "3 4" "$(ls_ids "created>2d")"'
check 'created< a datetime' 'same "1" "$(ls_ids "created<2026-11-20T09:00:00Z")"'
check 'solved= and solved>' 'same "2" "$(ls_ids "solved>2026-11-01")" && same "1 3 4" "$(ls_ids solved=)"'
check 'field.NAME=' 'same "1" "$(ls_ids field.order=100234)"'
check 'field.NAME compares numbers as numbers' 'same "2" "$(ls_ids "field.amount>100")" && same "1" "$(ls_ids "field.amount<100")"'
check 'a value that is not a number is not compared as one' '
	tkt-tag 3 field.amount=abc >/dev/null && same "1" "$(ls_ids "field.amount<100")" && tkt-tag 3 field.amount= >/dev/null'
check 'field.NAME= with no value: the field is absent' 'same "3 4" "$(ls_ids field.amount=)"'
check 'id lists and ranges' 'same "2 4" "$(ls_ids id=2,4)" && same "3 4" "$(ls_ids "id>2")"'
check '-S priority sorts urgent first' 'same "3 1 2 4" "$(ls_ids -S priority)"'
check '-S created -r: newest first' 'same "4 3 2 1" "$(ls_ids -S created -r)"'
check '-S age: youngest first' 'same "4 3 2 1" "$(ls_ids -S age)"'
check '-n limits' 'same "1 2" "$(ls_ids -n 2)"'
check '--json: one object per line, for jq' '
	tkt-ls --at $NOW --json +billing >"$T/j" && same 1 "$(wc -l <"$T/j")" &&
	same "2 Refund solved [\"billing\",\"refund\"]" "$(jq -r "\"\(.id) \(.subject) \(.status) \(.tags|tojson)\"" "$T/j")"'
check 'a subject with a tab stays one field' '
	tkt-new -s "a	b" -r x@example.com -m x --at $NOW >/dev/null &&
	same "a b" "$(tkt-ls --at $NOW id=5 | cut -f6)"'
check 'nothing matched: exit 1, no output' '
	tkt-ls status=closed >"$T/o"; rc=$?; same 1 $rc && ! test -s "$T/o"'
check 'a SQL fragment is just a value' '
	tkt-ls "requester=x'"'"' OR 1=1 --" >"$T/o"; same 1 $?'

fails 64 "unknown key 'colour'" 'an unknown key' 'tkt-ls colour=red'
fails 64 "bad filter 'status'" 'a word without an operator' 'tkt-ls status'
fails 64 "bad filter '=open'" 'a word without a key' 'tkt-ls =open'
fails 64 "operator '<' does not apply to type" 'an order on a free-form key' 'tkt-ls "type<x"'
fails 64 "age takes < <= > >=" 'age=' 'tkt-ls age=2d'
fails 65 "no status 'opened'" 'a status outside the set' 'tkt-ls status=opened'
fails 65 "no priority 'critical'" 'a priority outside the set' 'tkt-ls "priority>critical"'
fails 65 "bad duration 'two days'" 'a duration that does not parse' 'tkt-ls "age>two days"'
fails 65 "bad time '2026-13-01'" 'a time that does not parse' 'tkt-ls "created>2026-13-01"'
fails 65 "bad tag 'A'" 'a bad tag' 'tkt-ls +A'
fails 64 "bad sort key 'colour'" 'an unknown sort key' 'tkt-ls -S colour'
fails 64 "bad limit 'x'" 'a limit that is not a number' 'tkt-ls -n x'
none=$(nostore none)
fails 66 "no store at '$(re "$none")'" 'a store that does not exist' 'tkt-ls --db "$none"'
check 'listing a missing store does not create it' 'not_made "$none"'

done_testing
