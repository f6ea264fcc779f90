#!/bin/sh
# tkt-reply: agent replies, notes and customer messages, and their status rules.
. "${0%/*}/lib.sh"

tkt-new -s "Router drops" -r "Ann <ann@example.com>" -c email -m "It drops." --at 2026-11-20T09:00:00Z >/dev/null
tkt-new -s "Refund" -r bob@example.com -c chat -m "Refund please." --at 2026-11-20T10:00:00Z >/dev/null

check 'a note keeps the ticket new and unassigned' '
	same 1 "$(tkt-reply 1 --note -m "checking the logs" --as mira --at 2026-11-20T09:30:00Z)" &&
	same "new|" "$(q "SELECT status, coalesce(assignee, '\'''\'') FROM tickets WHERE id = 1")"'
check 'the first agent reply opens the ticket and assigns it' '
	tkt-reply 1 -m "Hello Ann, we are on it." --as mira --at 2026-11-20T10:00:00Z &&
	same "open|mira" "$(q "SELECT status, assignee FROM tickets WHERE id = 1")"'
check 'the reply is stored with author, kind and channel of the ticket' '
	same "mira|agent|email" "$(q "SELECT author, kind, channel FROM messages WHERE ticket = 1 ORDER BY id DESC LIMIT 1")"'
check 'the status change and the assignment are logged' '
	same "status:new:open:mira assignee::mira:mira" \
		"$(q "SELECT what || '\'':'\'' || coalesce(old, '\'''\'') || '\'':'\'' || new || '\'':'\'' || actor FROM events WHERE ticket = 1 AND at = 1795168800 ORDER BY id" | joined)"'
check '--status solved solves it and stamps the time' '
	tkt-reply 1 -m "Fixed: new firmware." --status solved --as mira --at 2026-11-20T11:00:00Z &&
	same "solved|1795172400" "$(q "SELECT status, solved_at FROM tickets WHERE id = 1")"'
check 'a customer message reopens a solved ticket' '
	tkt-reply 1 --customer -m "It drops again." --at 2026-11-21T08:00:00Z &&
	same "open|" "$(q "SELECT status, coalesce(CAST(solved_at AS TEXT), '\'''\'') FROM tickets WHERE id = 1")" &&
	same "customer|Ann <ann@example.com>" "$(q "SELECT kind, author FROM messages WHERE ticket = 1 ORDER BY id DESC LIMIT 1")"'
check 'the reopen is logged' '
	same "reopen:solved:open" "$(q "SELECT what || '\'':'\'' || old || '\'':'\'' || new FROM events WHERE what = '\''reopen'\''")"'
check 'a customer message moves pending back to open' '
	tkt-tag 1 status=pending --at 2026-11-21T09:00:00Z >/dev/null &&
	tkt-reply 1 --customer -m "Any news?" --at 2026-11-21T10:00:00Z &&
	same open "$(q "SELECT status FROM tickets WHERE id = 1")"'
check '--spent records work time in seconds' '
	tkt-reply 1 -m "Replaced the unit." --spent 1h30m --as mira --at 2026-11-21T11:00:00Z &&
	same 5400 "$(q "SELECT spent FROM messages ORDER BY id DESC LIMIT 1")"'
check '-c overrides the channel' '
	tkt-reply 2 -c phone -m "Called the customer." --at 2026-11-20T11:00:00Z &&
	same phone "$(q "SELECT channel FROM messages ORDER BY id DESC LIMIT 1")"'
check 'body from stdin' '
	printf "Hello Bob,\nthe refund is on its way.\n" | tkt-reply 2 --at 2026-11-20T12:00:00Z &&
	same "Hello Bob,
the refund is on its way." "$(q "SELECT body FROM messages ORDER BY id DESC LIMIT 1")"'
check 'ids from stdin with -m, one transaction, ids printed' '
	same "1
2" "$(printf "1\topen\n#2 x\n\n" | tkt-reply -m "A 24-hour update." --at 2026-11-22T09:00:00Z)" &&
	same 2 "$(q "SELECT count(*) FROM messages WHERE body = '\''A 24-hour update.'\''")"'
check 'several ids as arguments' '
	tkt-reply 1 2 --note -m "bulk note" --at 2026-11-22T10:00:00Z >/dev/null &&
	same 2 "$(q "SELECT count(*) FROM messages WHERE body = '\''bulk note'\''")"'
check 'body from -F with ids on stdin' '
	echo "file body" >"$T/b" && echo 2 | tkt-reply -F "$T/b" --at 2026-11-22T11:00:00Z >/dev/null &&
	same "file body" "$(q "SELECT body FROM messages ORDER BY id DESC LIMIT 1")"'

fails 66 "no such ticket '99'" 'a ticket that does not exist' 'tkt-reply 99 -m hi'
fails 66 "no such ticket '99'" 'one missing id writes nothing for the others' 'tkt-reply 1 99 2 -m hi'
fails 65 "before ticket 2 was created" '--at before the ticket existed' 'tkt-reply 2 -m hi --at 2026-11-19T00:00:00Z'
fails 65 "bad status 'done'" 'status outside the set' 'tkt-reply 1 -m hi --status done'
fails 65 "bad channel 'fax'" 'channel outside the set' 'tkt-reply 1 -m hi -c fax'
fails 65 "bad duration" '--spent that is not a duration' 'tkt-reply 1 -m hi --spent 10'
fails 64 "not a customer" '--spent on a customer message' 'tkt-reply 1 --customer -m hi --spent 5m'
fails 64 "exclude each other" '--note with --customer' 'tkt-reply 1 --note --customer -m hi'
fails 64 "must come from -m, -F FILE or -t" 'ids on stdin without -m' 'echo 1 | tkt-reply'
fails 64 "bad ticket id 'abc'" 'an id that is not a number' 'tkt-reply abc -m hi'
fails 65 "stdin line 2: bad ticket id 'x1'" 'a bad id on stdin names its line' 'printf "1\nx1\n" | tkt-reply -m hi'
fails 65 "is empty" 'an empty body' 'tkt-reply 1 -m ""'
fails 65 "is empty" 'an empty stdin' 'tkt-reply 1 </dev/null'
fails 65 "not valid UTF-8" 'invalid UTF-8' 'printf "caf\351" | tkt-reply 1'
fails 65 "NUL byte" 'a NUL byte' 'printf "a\000b" | tkt-reply 1'
none=$(nostore none)
fails 66 "no store at '$(re "$none")'" 'a store that does not exist' 'tkt-reply --db "$none" 1 -m hi'
check 'a reply to a missing store does not create it' 'not_made "$none"'

done_testing
