#!/bin/sh
# tkt-export and tkt-new --batch: the round trip, chunks, and bad lines.
. "${0%/*}/lib.sh"

data=$(cd "${0%/*}/../data" && pwd)
export TKT_CONFIG=$data/report/config.yaml
# The fixture is made by the tools unwrapped (make memcheck runs each of
# them under valgrind in its own test, 0010 to 0060); what is tested here is
# the export and the import.
path=$PATH PATH=$TKT_TOOLS:$PATH
. "$data/report/fixture.sh"
PATH=$path
tkt-reply 1 -m "An attachment-free note." --note --as ann --at 2026-11-02T10:00:00Z >/dev/null
qa-check --review 1 clear=pass --as lead --at 2026-11-03T09:00:00Z >/dev/null 2>&1 || true
printf 'mail:\n  address: support@example.com\n' >"$T/mail.yaml"
tkt-new --mail --config "$T/mail.yaml" --at 2026-11-20T09:00:00Z <"$data/mail/11-mixed-nested.eml" >/dev/null
tkt-new --mail --config "$T/mail.yaml" --at 2026-11-20T09:00:00Z <"$data/mail/17-quoted-gmail.eml" >/dev/null
for name in two three blank bad x chunks twice y; do
	eval "$name=\$(newstore $name)"
done

check 'export writes one JSON object per ticket, in id order' '
	tkt-export >"$T/one.jsonl" && same 33 "$(wc -l <"$T/one.jsonl")" &&
	same "$(seq 1 33 | tr "\n" " ")" "$(jq -r .id "$T/one.jsonl" | tr "\n" " ")"'
check 'export, import into an empty store, export again: the same bytes' '
	tkt-new --db "$two" --batch -q <"$T/one.jsonl" &&
	tkt-export --db "$two" >"$T/two.jsonl" && cmp "$T/one.jsonl" "$T/two.jsonl"'
check 'and the same numbers' '
	tkt-report --since 2026-11-01 --until 2026-12-01 --format tsv >"$T/r1" &&
	tkt-report --db "$two" --since 2026-11-01 --until 2026-12-01 --format tsv >"$T/r2" && cmp "$T/r1" "$T/r2"'
check 'the import keeps attachments, quoted history, reviews and the waiting clock' '
	same "invoice.pdf|45|45" "$(qs "$two" "SELECT name, size, length(data) FROM attachments")" &&
	same 1 "$(qs "$two" "SELECT count(*) FROM messages WHERE quoted LIKE '\''On Mon%'\''")" &&
	same "$(q "SELECT count(*) FROM reviews")" "$(qs "$two" "SELECT count(*) FROM reviews")" &&
	same "$(q "SELECT coalesce(waiting_since, 0) FROM tickets ORDER BY id" | joined ,)" \
		"$(qs "$two" "SELECT coalesce(waiting_since, 0) FROM tickets ORDER BY id" | joined ,)"'
check 'the import prints the ids it stored' '
	same "$(seq 1 33)" "$(tkt-new --db "$three" --batch <"$T/one.jsonl")"'
check 'a filter exports part of the store' '
	same "2 3" "$(tkt-export requester=i1@example.com,i2@example.com | jq -r .id | tr "\n" " " | sed "s/ $//")"'
check 'blank lines are skipped' '
	{ head -2 "$T/one.jsonl"; echo; echo "   "; sed -n 3p "$T/one.jsonl"; } | tkt-new --db "$blank" --batch -q &&
	same 3 "$(qs "$blank" "SELECT count(*) FROM tickets")"'

# Bad lines: the line is named, nothing of its chunk is written.
head -5 "$T/one.jsonl" >"$T/five.jsonl"
bad_at_4() {    # bad_at_4 SED: five tickets, the fourth changed by SED
	sed "4$1" "$T/five.jsonl" >"$T/bad.jsonl"
}
bad_at_4 's/.*/{"id": 4, "subject": "oops"/'
STORE=$bad fails 65 "line 4: not valid JSON" 'a line that is not JSON' 'tkt-new --db "$bad" --batch <"$T/bad.jsonl"'
check 'a refused import into a new store leaves no store behind' 'not_made "$bad"'
# An existing store, with one ticket of its own, for the bad lines below.
sed -n 1p "$T/one.jsonl" | sed "s/\"id\":1,\"subject\"/\"id\":1000,\"subject\"/; s/\"id\":\([0-9]*\),\"at\"/\"id\":90\1,\"at\"/g" |
	tkt-new --db "$x" --batch -q
export TKT_DB=$x
check 'with --chunk 2, the chunks before the bad line stay' '
	tkt-new --db "$chunks" --batch --chunk 2 <"$T/bad.jsonl" >"$T/o" 2>"$T/e"; same 65 $? &&
	same "1
2" "$(cat "$T/o")" && same 2 "$(qs "$chunks" "SELECT count(*) FROM tickets")" &&
	same 0 "$(qs "$chunks" "SELECT count(*) FROM messages WHERE ticket > 2")"'
bad_at_4 's/"status":"[a-z-]*"/"status":"lost"/'
fails 65 "line 4: 'status' is not a status" 'a status outside the set' 'tkt-new --batch <"$T/bad.jsonl"'
bad_at_4 's/"subject":"[^"]*"/"subject":null/'
fails 65 "line 4: 'subject' must be one line of text" 'no subject' 'tkt-new --batch <"$T/bad.jsonl"'
bad_at_4 's/"created":"[^"]*"/"created":"yesterday"/'
fails 65 "line 4: 'created' must be a time" 'a time that is not a time' 'tkt-new --batch <"$T/bad.jsonl"'
bad_at_4 's/"kind":"customer"/"kind":"robot"/'
fails 65 "^tkt-new: line 4: message 1: 'kind' must be customer, agent, note or system$" \
	'a message of an unknown kind, in the tool'"'"'s words' 'tkt-new --batch <"$T/bad.jsonl"'
bad_at_4 's/"tags":\[[^]]*\]/"tags":["Not A Tag"]/'
fails 65 "line 4: a tag must be a lower-case word" 'a bad tag' 'tkt-new --batch <"$T/bad.jsonl"'
bad_at_4 's/"events":\[/"events":"none","x":[/'
fails 65 "line 4: 'events' must be an array" 'events that are not an array' 'tkt-new --batch <"$T/bad.jsonl"'
bad_at_4 's/"fields":{[^}]*}/"fields":["order"]/'
fails 65 "line 4: 'fields' must be an object" 'fields that are not an object' 'tkt-new --batch <"$T/bad.jsonl"'
# One ticket, changed by a jq program, as a line of its own.
bad_line() {    # bad_line JQ: the first ticket, new ids, changed by JQ
	head -1 "$T/five.jsonl" | jq -c ".id = 5000 | .messages[].id = null | $1" >"$T/bad.jsonl"
}
bad_line '.requester = {"name": null, "email": null, "phone": null, "handle": null}'
fails 65 "line 1: 'requester' needs a name, an email or a handle" 'no requester' 'tkt-new --batch <"$T/bad.jsonl"'
bad_line '.messages[0].attachments = [{"name": "a.txt", "type": "text/plain", "size": 2, "data": "ZZ", "path": null}]'
fails 65 "line 1: attachment data must be hexadecimal" 'attachment data that is not hex' 'tkt-new --batch <"$T/bad.jsonl"'
bad_line '.ratings = [{"at": "2026-11-02T10:00:00Z", "kind": "csat", "score": 9, "agent": "ann", "comment": null}]'
fails 65 "line 1: rating 1: rating csat must be a whole number from 1 to 5, not 9" 'a rating off its scale' 'tkt-new --batch <"$T/bad.jsonl"'
bad_line '.ratings = [{"at": "2026-11-02T10:00:00Z", "kind": "csat", "score": "good", "agent": "ann", "comment": null}]'
fails 65 "line 1: rating 1: a rating's score must be a whole number" 'a rating that is not a number' 'tkt-new --batch <"$T/bad.jsonl"'
bad_line '.ratings = [{"at": "2026-11-02T10:00:00Z", "kind": "stars", "score": 3, "agent": "ann", "comment": null}]'
fails 65 "line 1: rating 1: unknown rating 'stars'" 'a rating of an unknown kind' 'tkt-new --batch <"$T/bad.jsonl"'
bad_line '.events[0].at = "soon"'
fails 65 "^tkt-new: line 1: event 1: 'at' must be a time like 2026-11-23T09:30:00Z$" \
	'an event at a time that is not a time' 'tkt-new --batch <"$T/bad.jsonl"'
# What the tools refuse, the import refuses: in their words, never SQL,
# every problem of a line at once.
bad_line '.messages[0].at = "2026-10-01T00:00:00Z"'
fails 65 "^tkt-new: line 1: message 1: 'at' 2026-10-01T00:00:00Z is before the ticket was created \\(2026-" \
	'a message before its ticket' 'tkt-new --batch <"$T/bad.jsonl"'
bad_line '.messages[0].body = " \n\t "'
fails 65 "^tkt-new: line 1: message 1: 'body' is empty$" 'a body of blanks' 'tkt-new --batch <"$T/bad.jsonl"'
bad_line 'del(.messages[0].author) | del(.messages[1].body)'
fails 65 "^tkt-new: line 1: message 1: 'author' is missing; message 2: 'body' is missing$" \
	'every problem of the messages at once' 'tkt-new --batch <"$T/bad.jsonl"'
bad_line '.status = "done" | .priority = "asap" | .ratings = [{"kind": "csat", "score": 3}]'
fails 65 "^tkt-new: line 1: 'status' is not a status; 'priority' is not a priority; rating 1: 'at' is missing$" \
	'every problem of a line at once, the top and the parts' 'tkt-new --batch <"$T/bad.jsonl"'
bad_line 'del(.messages[].channel) | .messages[0].body = "Trailing blanks go.  \n\n"'
check 'a message without a channel has its ticket'"'"'s, its body trimmed as the tools trim it' '
	nochan=$(newstore nochan) && tkt-new --db "$nochan" --batch -q <"$T/bad.jsonl" &&
	same "$(jq -r .channel "$T/bad.jsonl")" "$(qs "$nochan" "SELECT DISTINCT channel FROM messages")" &&
	same "Trailing blanks go." "$(qs "$nochan" "SELECT body FROM messages ORDER BY id LIMIT 1")"'
bad_line '.tags = ["billing", "billing"]'
check 'a tag twice is a tag once' '
	tkt-new --db "$twice" --batch -q <"$T/bad.jsonl" &&
	same "billing" "$(qs "$twice" "SELECT tag FROM tags ORDER BY tag" | joined ,)"'
bad_at_4 's/"id":[0-9]*,"subject"/"id":-4,"subject"/'
fails 65 "line 4: 'id' must be a positive whole number" 'a bad id' 'tkt-new --batch <"$T/bad.jsonl"'
fails 65 "line 1: ticket 1000 is in the store already" 'a ticket that is there already' 'head -1 "$T/one.jsonl" | sed "s/\"id\":1,\"subject\"/\"id\":1000,\"subject\"/" | tkt-new --batch'
fails 65 "line 1: bad messages: an id is in the store already" 'a message id that is taken' 'sed -n 2p "$T/one.jsonl" | sed "s/\"id\":2,\"subject\"/\"id\":2000,\"subject\"/; s/\"id\":[0-9]*,\"at\"/\"id\":901,\"at\"/" | tkt-new --batch'
check 'a null message id takes the next free one' '
	sed -n 2p "$T/one.jsonl" | sed "s/\"id\":2,\"subject\"/\"id\":2001,\"subject\"/; s/\"id\":[0-9]*,\"at\"/\"id\":null,\"at\"/g" | tkt-new --db "$y" --batch -q &&
	same 2001 "$(qs "$y" "SELECT DISTINCT ticket FROM messages ORDER BY ticket" | joined ,)"'
fails 65 "line 1: not a JSON object" 'a JSON value that is not an object' 'echo "[1, 2]" | tkt-new --batch'
fails 65 "line 2: a NUL byte" 'a NUL byte' '{ head -1 "$T/five.jsonl"; printf "{\000}\n"; } | tkt-new --batch'
fails 64 "--chunk goes with --batch" '--chunk alone' 'tkt-new --chunk 5 -s x -r y -m z'
fails 64 "bad chunk 'x'" 'a chunk that is not a number' 'tkt-new --batch --chunk x </dev/null'
fails 64 "--batch reads whole tickets" '--batch with a subject' 'tkt-new --batch -s x </dev/null'
fails 64 "bad filter 'x'" 'export with a bad word' 'tkt-export x'
none=$(nostore none)
fails 66 "no store at '$(re "$none")'" 'export of a store that does not exist' 'tkt-export --db "$none"'

# The same customer, whatever the way in: an import and the tools pick
# the same one for the same requester, and a name alone is not enough to
# be a customer with an address.
who=$(newstore who)
# ticket ID REQUESTER-JSON: a ticket as tkt-export writes it.
ticket() {
	printf '{"id":%s,"subject":"s","status":"new","priority":"normal","type":null,"channel":"api","assignee":null,"group":null,"template":null,"requester":%s,"created":"2026-11-02T09:00:00Z","updated":"2026-11-02T09:00:00Z","solved":null,"waiting_since":"2026-11-02T09:00:00Z","fields":{},"tags":[],"followers":[],"messages":[],"events":[],"ratings":[],"reviews":[]}\n' "$1" "$2"
}
check 'a requester named alone, by a tool and by an import, is one customer' '
	tkt-new --db "$who" -s a -r "Ann Smith" -m x --at 2026-11-02T10:00:00Z >/dev/null &&
	ticket 50 "{\"name\":\"Ann Smith\",\"email\":null,\"phone\":null,\"handle\":null}" | tkt-new --db "$who" --batch -q &&
	same 1 "$(qs "$who" "SELECT count(DISTINCT requester) FROM tickets")"'
check 'nor is that the customer of the same name with an address, either way' '
	ticket 51 "{\"name\":\"Bob Ray\",\"email\":\"bob@example.com\",\"phone\":null,\"handle\":null}" | tkt-new --db "$who" --batch -q &&
	tkt-new --db "$who" -s b -r "Bob Ray" -m x --at 2026-11-02T10:00:00Z >/dev/null &&
	ticket 60 "{\"name\":\"Bob Ray\",\"email\":null,\"phone\":null,\"handle\":null}" | tkt-new --db "$who" --batch -q &&
	same 2 "$(qs "$who" "SELECT count(*) FROM customers WHERE name = '\''Bob Ray'\''")" &&
	same 1 "$(qs "$who" "SELECT count(DISTINCT requester) FROM tickets WHERE id IN (52, 60)")"'
check 'an address completes a customer without a name, either way' '
	tkt-new --db "$who" -s c -r cy@example.com -m x --at 2026-11-02T10:00:00Z >/dev/null &&
	ticket 70 "{\"name\":\"Cy Long\",\"email\":\"CY@example.com\",\"phone\":null,\"handle\":null}" | tkt-new --db "$who" --batch -q &&
	same "Cy Long|1" "$(qs "$who" "SELECT name, count(*) FROM customers WHERE email = '\''cy@example.com'\'' GROUP BY name")"'

done_testing
