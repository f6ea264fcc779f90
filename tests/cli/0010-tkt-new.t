#!/bin/sh
# tkt-new: opening tickets from options, stdin and files; and what it refuses.
. "${0%/*}/lib.sh"

check 'first ticket gets id 1' '
	id=$(tkt-new -s "Router drops connection" -r "Ann Smith <ann@example.com>" \
		-c email -p high --type defect -f order=100234 -f product=router \
		+router +hardware -m "It drops every hour." --at 2026-11-20T09:00:00Z) &&
	same 1 "$id"'
sqlite_only 'a file mode' check 'the store is created with mode 0600' '
	same "-rw-------" "$(ls -l "$TKT_DB" | cut -c1-10)"'
check 'attributes are stored as given' '
	same "Router drops connection|new|high|defect|email|1795165200" \
		"$(q "SELECT subject, status, priority, type, channel, created_at FROM tickets")"'
check 'requester name and email are split' '
	same "Ann Smith|ann@example.com" "$(q "SELECT name, email FROM customers")"'
check 'fields and tags are stored' '
	same "hardware order=100234 product=router router" \
		"$(q "SELECT name || '\''='\'' || value FROM fields UNION ALL SELECT tag FROM tags ORDER BY 1" | joined)"'
check 'the body is the customer message' '
	same "customer|Ann Smith <ann@example.com>|email|It drops every hour." \
		"$(q "SELECT kind, author, channel, body FROM messages")"'
check 'creation is logged as events' '
	same "status::new priority::high type::defect tag::router tag::hardware" \
		"$(q "SELECT what || '\'':'\'' || coalesce(old, '\'''\'') || '\'':'\'' || new FROM events ORDER BY id" | joined)"'
check 'body from stdin, trailing space trimmed' '
	printf "Where is my parcel?\n\n\n" | tkt-new -s "Late delivery" -r bob@example.com &&
	same "Where is my parcel?" "$(q "SELECT body FROM messages WHERE ticket = 2")"'
check 'body from a file' '
	printf "line one\nline two\n" >"$T/body" &&
	tkt-new -s "From a file" -r Chris -F "$T/body" &&
	same "line one
line two" "$(q "SELECT body FROM messages WHERE ticket = 3")"'
check 'several -m make paragraphs' '
	tkt-new -s Paragraphs -r Chris -m one -m two &&
	same "one

two" "$(q "SELECT body FROM messages WHERE ticket = 4")"'
check 'a known email reuses the customer and completes the name' '
	tkt-new -s again -r "Bob Stone <BOB@example.com>" -m hi &&
	same "2|Bob Stone" "$(q "SELECT requester, (SELECT name FROM customers WHERE id = 2) FROM tickets WHERE id = 5")"'
check 'a @handle is a social customer' '
	tkt-new -s tweet -r @ann_s -c social -m "@brand help" &&
	same "@ann_s" "$(q "SELECT handle FROM customers c JOIN tickets t ON t.requester = c.id WHERE t.id = 6")"'
check '--json prints an object' '
	same "{\"id\":7}" "$(tkt-new -s j -r x@example.com -m hi --json)"'
check '-q prints nothing' '
	same "" "$(tkt-new -s q -r x@example.com -m hi -q)" && same 8 "$(q "SELECT max(id) FROM tickets")"'
check 'the acting agent is recorded' '
	tkt-new -s as -r x@example.com -m hi --as mira &&
	same mira "$(q "SELECT actor FROM events WHERE ticket = 9 LIMIT 1")"'
check 'UTF-8 subject and body' '
	tkt-new -s "Δεν λειτουργεί το ρούτερ" -r "Μαρία <maria@example.gr>" -m "Καλημέρα, έχω πρόβλημα." &&
	same "Δεν λειτουργεί το ρούτερ" "$(q "SELECT subject FROM tickets WHERE id = 10")"'
sqlite_only 'the directories of a store file' check 'a store in a new directory is created with its parents' '
	tkt-new --db "$T/a/b/c.db" -s x -r y -m z && test -f "$T/a/b/c.db" &&
	same "drwx------" "$(ls -ld "$T/a/b" | cut -c1-10)"'
sqlite_only 'the default store is a file' check 'XDG_DATA_HOME is the default home of the store' '
	unset TKT_DB; XDG_DATA_HOME=$T/xdg tkt-new -s x -r y -m z && test -f "$T/xdg/tkt/tkt.db"'
sqlite_only 'the default store is a file' check 'without XDG_DATA_HOME, ~/.local/share/tkt/tkt.db' '
	unset TKT_DB; tkt-new -s x -r y -m z && test -f "$HOME/.local/share/tkt/tkt.db"'
check '--outbound: the message is the agent'"'"'s, and the ticket opens' '
	id=$(tkt-new -s "We called you" -r x@example.com -m "Hello, as promised on the phone..." --outbound --as mira) &&
	same "agent|mira|open|mira" "$(q "SELECT m.kind, m.author, t.status, t.assignee FROM messages m JOIN tickets t ON t.id = m.ticket WHERE t.id = $id")"'
check '--help prints the usage' 'tkt-new --help | grep -q "^usage: tkt-new -s SUBJECT -r REQUESTER"'
check '--version prints the version' 'tkt-new --version | grep -Eq "^tkt-new \(tkt\) [0-9]+\.[0-9]+"'

fails 64 "unknown option '--frobnicate'" 'unknown option' 'tkt-new --frobnicate -s x -r y -m z'
fails 64 "unknown option '-Z'" 'unknown short option' 'tkt-new -Z -s x -r y -m z'
fails 64 "no subject given" 'missing subject' 'tkt-new -r y -m z'
fails 64 "no requester given" 'missing requester' 'tkt-new -s x -m z'
fails 64 "needs a value" 'option without its value' 'tkt-new -s x -r y -m'
fails 64 "unexpected argument 'oops'" 'stray argument' 'tkt-new -s x -r y -m z oops'
fails 65 "bad priority 'critical'" 'priority outside the set' 'tkt-new -s x -r y -p critical -m z'
fails 65 "bad channel 'fax'" 'channel outside the set' 'tkt-new -s x -r y -c fax -m z'
fails 65 "bad tag 'Billing'" 'upper-case tag' 'tkt-new -s x -r y +Billing -m z'
fails 65 "bad type 'Big Deal'" 'type with a space' 'tkt-new -s x -r y --type "Big Deal" -m z'
fails 65 "bad requester email" 'broken email' 'tkt-new -s x -r "Ann <ann@>" -m z'
fails 65 "bad requester" 'requester with a newline' 'tkt-new -s x -r "$(printf "a\nb")" -m z'
fails 65 "bad subject" 'subject with a newline' 'tkt-new -s "$(printf "a\nb")" -r y -m z'
fails 65 "bad subject" 'blank subject' 'tkt-new -s "   " -r y -m z'
fails 64 "bad field 'order'" 'field without =' 'tkt-new -s x -r y -f order -m z'
fails 65 "field 'order' has an empty value" 'field with an empty value' 'tkt-new -s x -r y -f order= -m z'
fails 65 "bad field name 'Order'" 'field with a bad name' 'tkt-new -s x -r y -f Order=1 -m z'
fails 65 "is empty" 'empty body' 'tkt-new -s x -r y -m ""'
fails 65 "is empty" 'blank body on stdin' 'printf "  \n\n" | tkt-new -s x -r y'
fails 65 "is empty" 'empty stdin' 'tkt-new -s x -r y </dev/null'
fails 65 "not valid UTF-8 \(byte 3\)" 'invalid UTF-8 in the body' 'printf "abc\377def" | tkt-new -s x -r y'
fails 65 "NUL byte at offset 3" 'NUL in the body' 'printf "abc\000def" | tkt-new -s x -r y'
fails 65 "too large" 'a body over 4 MiB' 'head -c 5000000 /dev/zero | tr "\0" a | tkt-new -s x -r y'
fails 66 "cannot open '.*/missing'" 'body file that does not exist' 'tkt-new -s x -r y -F "$T/missing"'
fails 65 "bad time 'yesterday'" '--at that is not a time' 'tkt-new -s x -r y -m z --at yesterday'
fails 65 "bad time '2026-02-30'" '--at on a day that does not exist' 'tkt-new -s x -r y -m z --at 2026-02-30'

new=$(newstore new)
STORE=$new fails 65 "bad priority" 'a refused ticket does not create the store' \
	'tkt-new --db "$new" -s x -r y -p bad -m z'
check 'a refused ticket leaves no store behind' 'not_made "$new"'

done_testing
