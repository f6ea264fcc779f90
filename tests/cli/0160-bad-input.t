#!/bin/sh
# Bad input, tool by tool: every case exits with its sysexits code, says
# what is wrong in one line on stderr, and leaves the store byte for byte
# as it was.  Text that looks like SQL or a format string is stored as
# text; what would reach a mail header is one line or refused.
. "${0%/*}/lib.sh"

data=$(cd "${0%/*}/../data" && pwd)
printf 'mail:\n  address: support@example.com\n  name: Example Support\n' >"$T/mail.yaml"
export TKT_CONFIG=$T/mail.yaml

# Stores of their own for some of the cases below: new ones, and copies of
# the one below.
for name in mail batch esc bigmail tags2 crlfmail; do
	eval "$name=\$(newstore $name)"
done
for name in max tags sql fmt crlf; do
	eval "$name=\$(nostore $name)"
done

# A store with something to lose: three tickets (the third's requester has
# no email), replies, a note, tags, a field, a rating.
{
	tkt-new -s "Router drops" -r "Ann Smith <ann@example.com>" -m "It drops." +billing \
		-f order=100234 --at 2026-11-01T09:00:00Z
	tkt-new -s "Refund" -r bob@example.com -m "Please refund." +refund --at 2026-11-02T09:00:00Z
	tkt-new -s "Call me" -r "Carol Jones" -c phone -m "Call me back." --at 2026-11-02T10:00:00Z
	tkt-reply 1 -m "Sorry about that." --as mira --at 2026-11-01T10:00:00Z
	tkt-reply 1 -m "Checked the logs." --note --as mira --at 2026-11-01T10:30:00Z
	tkt-tag 1 priority=high assignee=mira +vip --at 2026-11-01T10:05:00Z
	tkt-reply 2 -m "Refunded." --status solved --as olga --at 2026-11-02T11:00:00Z
	tkt-rate 1 csat=4 nps=9 -m "Quick answer." --at 2026-11-03T09:00:00Z
} >/dev/null
check 'the store holds tickets, messages, tags, fields, events and ratings' '
	same "3|6|3|1|2" "$(q "SELECT (SELECT count(*) FROM tickets), (SELECT count(*) FROM messages),
		(SELECT count(*) FROM tags), (SELECT count(*) FROM fields), (SELECT count(*) FROM ratings)")" &&
	test "$(q "SELECT count(*) FROM events")" -gt 0'

HUGE=99999999999999999999
SQL="x'); DROP TABLE tickets; --"
FMT='%s%n%x%p%99999999d'
CRLF=$(printf 'x\r\nBcc: evil@example.net')
BAD=$(printf 'caf\303\251 \377\376')             # valid, then bytes that are not UTF-8
AT='--at 2026-11-05T00:00:00Z'

# ---- options and their values ---------------------------------------------
fails 64 "tkt-new: unknown option '--bogus'" 'an unknown long option' 'tkt-new --bogus'
fails 64 "unknown option '--colour'" 'an unknown option of a reader' 'tkt-show --colour 1'
fails 64 "option '--db' needs a value" 'an option without its value' 'tkt-ls --db'
fails 64 "option '--json' takes no value" 'a flag with a value' 'tkt-ls --json=1'
fails 65 "bad priority 'extreme'" 'a priority outside the set' 'tkt-new -s x -r y -m z -p extreme'
fails 65 "bad channel 'pigeon'" 'a channel outside the set' 'tkt-new -s x -r y -m z -c pigeon'
fails 65 "bad type 'Not A Word'" 'a type that is not a word' 'tkt-new -s x -r y -m z --type "Not A Word"'
fails 65 "bad status 'lost'" 'tkt-reply --status outside the set' 'tkt-reply 1 -m x --status lost'
fails 64 "bad limit 'x'" 'a limit that is not a number' 'tkt-ls --limit x'
fails 64 "bad limit '0'" 'a limit of nothing' 'tkt-ls --limit 0'
fails 64 "bad sort key 'colour'" 'an unknown sort key' 'tkt-ls --sort colour'
fails 64 "unknown format 'xml'" 'an unknown report format' 'tkt-report --format xml'
fails 64 "unknown grouping key 'colour'" 'an unknown grouping' 'tkt-report --by colour'
fails 64 "unknown metric 'happiness'" 'an unknown metric' 'tkt-report --metrics happiness'
fails 64 "bad minimum 'x'" 'a QA minimum that is not a number' 'qa-check --min x'
fails 64 "bad chunk '0'" 'a chunk of nothing' 'tkt-new --batch --chunk 0 </dev/null'
fails 64 "unknown rating 'stars'" 'an unknown rating' 'tkt-rate 1 stars=3'
fails 65 "rating csat must be a whole number from 1 to 5, not '9'" 'a CSAT off its scale' 'tkt-rate 1 csat=9'
fails 65 "rating nps must be a whole number from 0 to 10, not '1.5'" 'an NPS that is not whole' 'tkt-rate 1 nps=1.5'
fails 64 "unknown attribute 'colour'" 'tkt-tag of an unknown attribute' 'tkt-tag 1 colour=red'
fails 65 "bad priority 'extreme'" 'tkt-tag of a priority outside the set' 'tkt-tag 1 priority=extreme'
fails 64 "tkt-export: unknown option '--bogus'" 'tkt-export with an unknown option' 'tkt-export --bogus'
fails 64 "--note and --customer exclude each other" 'two kinds of message' 'tkt-reply 1 -m x --note --customer'
fails 65 "bad verdict 'maybe' for 'clear'" 'a review verdict outside the set' 'qa-check --review 1 clear=maybe'

# ---- times and durations --------------------------------------------------
fails 65 "--at: bad time 'yesterday'" 'a time in words' 'tkt-new -s x -r y -m z --at yesterday'
fails 65 "--at: bad time '2026-13-01'" 'a thirteenth month' 'tkt-reply 1 -m x --at 2026-13-01'
fails 65 "--at: bad time '2026-02-30T00:00:00Z'" 'the thirtieth of February' 'tkt-tag 1 +x --at 2026-02-30T00:00:00Z'
fails 65 "--at: bad time '2026-11-01T25:00:00Z'" 'a 25th hour' 'tkt-rate 1 csat=3 --at 2026-11-01T25:00:00Z'
fails 65 "--at: bad time '@$HUGE'" 'seconds past any year' 'tkt-new -s x -r y -m z --at @$HUGE'
fails 65 "--at: bad time ''" 'an empty time' 'tkt-reply 1 -m x --at ""'
fails 65 "time 2020-01-01T00:00:00Z is before ticket 1 was created" 'a reply before the ticket' \
	'tkt-reply 1 -m x --at 2020-01-01T00:00:00Z'
fails 65 "before ticket 1 was created" 'a tag before the ticket' 'tkt-tag 1 +x --at 2020-01-01T00:00:00Z'
fails 65 "before ticket 1 was created" 'a rating before the ticket' 'tkt-rate 1 csat=3 --at 2020-01-01T00:00:00Z'
fails 65 "--since: bad time 'last week'" 'a report window in words' 'tkt-report --since "last week"'
fails 65 "the window ends \(2026-11-01T00:00:00Z\) before it starts" 'a window backwards' \
	'tkt-report --since 2026-11-30 --until 2026-11-01'
fails 65 "--spent: bad duration 'forever'" 'work time in words' 'tkt-reply 1 -m x --spent forever'
fails 65 "--spent: bad duration '-5m'" 'negative work time' 'tkt-reply 1 -m x --spent -5m'
fails 65 "--spent: duration '${HUGE}h' is too long" 'work time past any clock' "tkt-reply 1 -m x --spent ${HUGE}h"
fails 65 "bad filter 'age>2x': bad duration '2x'" 'an age of an unknown unit' 'tkt-ls "age>2x"'
fails 65 "bad filter 'waiting>-1h'" 'a negative wait' 'tkt-ls "waiting>-1h"'
fails 65 "bad filter 'created>notatime': bad time 'notatime'" 'a filter time that is none' 'tkt-ls "created>notatime"'
fails 65 "duration '${HUGE}w' is too long" 'an age past any clock' "tkt-ls 'age>${HUGE}w'"
fails 64 "age takes < <= > >=" 'an age compared with =' 'tkt-ls age=2d'

# ---- ticket ids -----------------------------------------------------------
fails 66 "tkt-show: no such ticket '999'" 'tkt-show of a ticket that does not exist' 'tkt-show 999'
fails 66 "tkt-reply: no such ticket '999'" 'a reply to a ticket that does not exist' 'tkt-reply 999 -m x'
fails 66 "no such ticket '999'" 'a reply to three tickets, the last missing: none stored' 'tkt-reply 1 2 999 -m x'
fails 66 "tkt-tag: no such ticket '999'" 'a tag on a ticket that does not exist' 'tkt-tag 999 +x'
fails 66 "tkt-rate: no such ticket '999'" 'a rating of a ticket that does not exist' 'tkt-rate 999 csat=3'
fails 66 "qa-check: no such ticket '999'" 'QA of a ticket that does not exist' 'qa-check 999'
fails 64 "bad ticket id 'abc'" 'an id that is a word' 'tkt-show abc'
fails 64 "bad ticket id '-5'" 'a negative id' 'tkt-show -- -5'
fails 64 "bad ticket id '0'" 'id zero' 'tkt-tag 0 +x'
fails 64 "bad ticket id '#abc'" 'a # without a number' 'tkt-tag "#abc" +x'
fails 64 "tkt-show: bad ticket id '$HUGE'" 'a huge id to tkt-show' "tkt-show $HUGE"
fails 64 "tkt-reply: bad ticket id '$HUGE'" 'a huge id to tkt-reply' "tkt-reply $HUGE -m x"
fails 64 "tkt-tag: bad ticket id '$HUGE'" 'a huge id to tkt-tag' "tkt-tag $HUGE +x"
fails 64 "tkt-rate: bad ticket id '$HUGE'" 'a huge id to tkt-rate' "tkt-rate $HUGE csat=3"
fails 64 "qa-check: bad ticket id '$HUGE'" 'a huge id to qa-check' "qa-check $HUGE"
fails 65 "stdin line 1: bad ticket id '-7'" 'a negative id on stdin' 'echo -7 | tkt-tag +x'
fails 65 "stdin line 2: bad ticket id '$HUGE'" 'a huge id on the second line of stdin: nothing stored' \
	"printf '1\n$HUGE\n' | tkt-reply -m x"
fails 65 "stdin line 1: bad ticket id 'abc'" 'a word for tkt-report -' 'echo abc | tkt-report -'
fails 65 "bad filter 'id=$HUGE': bad ticket id" 'a huge id in a filter' "tkt-export id=$HUGE"
fails 65 "bad filter 'id=-1': bad ticket id" 'a negative id in a filter' 'tkt-ls id=-1'

# ---- filter words ---------------------------------------------------------
fails 64 "bad filter 'colour=red': unknown key 'colour'" 'an unknown key' 'tkt-ls colour=red'
fails 64 "bad filter 'status~open'" 'an unknown operator' 'tkt-ls "status~open"'
fails 65 "bad filter 'status<>open': no status '>open'" 'an operator SQL knows' 'tkt-ls "status<>open"'
fails 65 "no status 'lost'" 'a status outside the set' 'tkt-ls status=lost'
fails 65 "no priority 'extreme'" 'a priority outside the set, compared' 'tkt-ls "priority>extreme"'
fails 65 "bad filter 'status=': no status ''" 'an empty status' 'tkt-ls status='
fails 65 "bad filter 'channel=': no channel ''" 'an empty channel' 'tkt-export channel='
fails 65 "bad filter '\+BAD': bad tag 'BAD'" 'a tag that is not a word' 'tkt-ls +BAD'
fails 64 "bad field name ''" 'a field without a name' 'tkt-ls field.=x'
fails 64 "operator '<' does not apply to assignee" 'an assignee compared with <' 'tkt-ls "assignee<m"'
fails 64 "a list needs = or !=" 'a list compared with <' 'tkt-ls "id<1,2"'
fails 65 "bad filter 'requester=': empty requester" 'an empty requester' 'tkt-ls requester='
fails 64 "bad filter '\+a': more than 200 filter words" '201 filter words' \
	'tkt-ls $(for i in $(seq 201); do printf "+a "; done)'
fails 64 "more than 10000 values in all" '10001 values in one word' \
	'tkt-ls "id=$(seq -s, 10001)"'
check 'a requester list of 3000 is three IN lists, not 9000 nested ORs' '
	same 1 "$(tkt-ls -q "requester=$(seq -f "x%g@example.com" -s, 2999),ANN@example.com" | wc -l)"'
fails 64 "tkt-report: bad filter 'colour=red'" 'tkt-report with an unknown key' 'tkt-report colour=red'
fails 65 "qa-check: bad filter 'status=lost'" 'qa-check with a status outside the set' 'qa-check status=lost'

# ---- templates ------------------------------------------------------------
mkdir -p "$T/tpl/incident" "$T/tpl/reply" "$T/tpl/qa"
printf 'name: typo\ntitle: x\n  subject: "oops\n' >"$T/tpl/incident/typo.yaml"
printf 'name: typo\nbody: [unclosed\n' >"$T/tpl/reply/typo.yaml"
cat >"$T/tpl/qa/checklist.yaml" <<'END'
name: mine
title: A checklist with a bad item
items:
  - id: greeting
    title: Greet
    weight: 1
    applies: sometimes
    check: phrases
    phrases:
      en: [hello]
END
item() {        # item FILE [LINE...]: a checklist of one manual item, and more lines
	f=$1
	shift
	printf 'name: mine\ntitle: t\nitems:\n  - id: x\n    title: y\n    weight: 1\n    applies: every-reply\n    check: %s\n' manual >"$T/$f"
	[ $# -gt 0 ] && printf '%s\n' "$@" >>"$T/$f"
}
item twice.yaml '  - id: x' '    title: z' '    weight: 1' '    applies: every-reply' '    check: manual'
item colour.yaml '    colour: red'
printf 'name: mine\ntitle: t\nitems:\n  - id: g\n    title: y\n    weight: 1\n    applies: every-reply\n    check: phrases\n' >"$T/nophrases.yaml"
fails 66 "no incident template 'nosuch'" 'an incident form that does not exist' 'tkt-new -t nosuch -r a@example.com </dev/null'
fails 66 "no reply template 'nosuch'" 'a reply template that does not exist' 'tkt-reply 1 -t nosuch'
fails 64 "bad template name '../../etc/passwd'" 'a form name that climbs out' 'tkt-new -t ../../etc/passwd -r a@example.com </dev/null'
fails 64 "bad template name 'a/b'" 'a reply template name with a slash' 'tkt-reply 1 -t a/b'
fails 64 "bad template name '../x'" 'showing a form above the path' 'tkt-new --show-template ../x'
fails 64 "bad template name '.hidden'" 'showing a hidden reply template' 'tkt-reply --show-template .hidden'
fails 78 "tpl/incident/typo.yaml:3:10: mapping values are not allowed" 'a form with a YAML typo, by file:line:column' \
	'TKT_TEMPLATES=$T/tpl tkt-new -t typo -r a@example.com </dev/null'
fails 78 "tpl/reply/typo.yaml:3:1: did not find expected ',' or ']'" 'a reply template with a YAML typo' \
	'TKT_TEMPLATES=$T/tpl tkt-reply 1 -t typo'
fails 78 "checklist.yaml:7:14: item 'greeting': applies is first-reply" 'a checklist item applied nowhere' \
	'TKT_TEMPLATES=$T/tpl qa-check 1'
fails 78 "nophrases.yaml:4:5: item 'g' checks phrases but has none" 'a phrase check without phrases' \
	'qa-check --checklist "$T/nophrases.yaml" 1'
fails 78 "twice.yaml:9:9: item 'x' is defined twice" 'an item twice' 'qa-check --checklist "$T/twice.yaml" 1'
fails 78 "colour.yaml:9:5: unknown key 'colour'" 'an item with an unknown key' 'qa-check --checklist "$T/colour.yaml" 1'
fails 78 "cannot open '.*/none.yaml'" 'a checklist that is not there' 'qa-check --checklist "$T/none.yaml" 1'
fails 78 "/etc/passwd:1:1: a checklist is a mapping" 'a checklist that is no YAML mapping' 'qa-check --checklist /etc/passwd 1'

# ---- configuration --------------------------------------------------------
printf 'mail:\n  address: [x\n' >"$T/flow.yaml"
printf 'mail:\n  adress: a@example.com\n' >"$T/typo.yaml"
printf 'mail:\n  address: "a@example.com\\r\\nBcc: evil@example.net"\n' >"$T/crlf-address.yaml"
printf 'mail:\n  address: a@example.com\n  name: "Support\\r\\nBcc: evil@example.net"\n' >"$T/crlf-name.yaml"
printf -- '- a\n- b\n' >"$T/list.yaml"
printf 'mail:\n  name: "caf\303\251 \377"\n' >"$T/latin1.yaml"
printf 'hours:\n  start: 9\n' >"$T/hours.yaml"
fails 78 "flow.yaml:3:1: did not find expected" 'a YAML typo in the configuration' \
	'tkt-reply 1 -m x --mail-out --config "$T/flow.yaml"'
fails 78 "typo.yaml:2:3: unknown key 'adress'" 'a misspelt key, from TKT_CONFIG' \
	'TKT_CONFIG=$T/typo.yaml tkt-reply 1 -m x --mail-out'
fails 75 "typo.yaml:2:3: unknown key 'adress'" 'the same for the mail server: 75, to try again' \
	'TKT_CONFIG=$T/typo.yaml tkt-new --mail <"$data/mail/01-plain.eml"'
fails 78 "crlf-address.yaml:2:12: 'address' must be one line of text" 'a help desk address with CR LF' \
	'tkt-reply 1 -m x --mail-out --config "$T/crlf-address.yaml"'
fails 78 "crlf-name.yaml:3:9: 'name' must be one line of text" 'a help desk name with CR LF' \
	'tkt-reply 1 -m x --mail-out --config "$T/crlf-name.yaml"'
fails 78 "list.yaml:1:1: the configuration is a mapping" 'a configuration that is a list' \
	'TKT_CONFIG=$T/list.yaml tkt-report'
fails 78 "latin1.yaml:.*invalid leading UTF-8 octet" 'a configuration that is not UTF-8' \
	'tkt-reply 1 -m x --mail-out --config "$T/latin1.yaml"'
fails 78 "hours.yaml:1:1: unknown key 'hours'" 'tkt-ls reads the configuration for SLA words' \
	'tkt-ls --config "$T/hours.yaml" breach=any'

# ---- tkt-new --mail -------------------------------------------------------
fails 65 "not a mail message: no headers" 'an empty message' 'tkt-new --mail </dev/null'
fails 65 "not a mail message: no headers" 'text without headers' 'echo "just some text" | tkt-new --mail'
fails 65 "not a mail message: no headers" 'binary garbage' 'tkt-new --mail </bin/sh'
fails 65 "not a mail message: no headers" 'only NUL bytes' 'printf "\000\000\000\n" | tkt-new --mail'
fails 65 "the message has no sender address \(From\)" 'a message without From' 'printf "Subject: hi\n\nbody\n" | tkt-new --mail'
fails 65 "the message has no sender address" 'a From that is no address' \
	'printf "From: not an address\nSubject: hi\n\nbody\n" | tkt-new --mail'
fails 75 "--mail takes the ticket from the message alone" '--mail with a requester: 75, a mistake of ours' \
	'tkt-new --mail -r a@example.com <"$data/mail/01-plain.eml"'
check 'a NUL byte in a mail text is dropped, not the end of it' '
	printf "From: d@example.com\nSubject: nul\nMessage-ID: <nul@example.com>\n\nbefore\000after, and more\n" |
		tkt-new --mail --db "$mail" --at 2026-11-05T00:00:00Z >/dev/null &&
	same "beforeafter, and more" "$(qs "$mail" "SELECT body FROM messages")"'
check 'a NUL byte in a base64 text part too' '
	printf "From: d@example.com\nSubject: nul\nMessage-ID: <nul64@example.com>\nContent-Transfer-Encoding: base64\n\nYm8AZHkgYW5kIG1vcmUK\n" |
		tkt-new --mail --db "$mail" --at 2026-11-05T00:00:00Z >/dev/null &&
	same "body and more" "$(qs "$mail" "SELECT body FROM messages WHERE id = 2")"'

# ---- tkt-new --batch ------------------------------------------------------
tkt-export id=1 >"$T/t1.jsonl"
line() {        # line ID [JQ]: ticket 1 as ticket ID, new message ids, changed by JQ
	jq -c ".id = $1 | .messages[].id = null | ${2:-.}" "$T/t1.jsonl"
}
fails 65 "line 1: not valid JSON" 'a line that is not JSON' 'echo "not json" | tkt-new --batch'
fails 65 "line 1: 'id' must be a positive whole number" 'an id of the wrong type' \
	"echo '{\"id\": \"seven\"}' | tkt-new --batch"
fails 65 "line 1: 'subject' must be one line of text" 'a line without its subject' 'line 5000 "del(.subject)" | tkt-new --batch'
fails 65 "line 1: 'created' must be a time" 'a line without its creation time' 'line 5000 "del(.created)" | tkt-new --batch'
fails 65 "line 1: 'tags' must be an array" 'tags of the wrong type' 'line 5000 ".tags = \"vip\"" | tkt-new --batch'
fails 65 "line 1: field 'order' must be text" 'a field of the wrong type' 'line 5000 ".fields.order = 100234" | tkt-new --batch'
fails 65 "line 1: bad field name 'Or der'" 'a field name that is not a word' 'line 5000 ".fields = {\"Or der\": \"1\"}" | tkt-new --batch'
fails 65 "line 2: 'priority' is not a priority" 'a bad line in the middle: nothing of its chunk written' \
	'{ line 5001; line 5002 ".priority = \"extreme\""; line 5003; } | tkt-new --batch'
STORE=$batch fails 65 "line 2: 'priority' is not a priority" 'and into a new store: no store left behind' \
	'{ line 5001; line 5002 ".priority = \"extreme\""; line 5003; } | tkt-new --db "$batch" --batch'
fails 65 "line 2: not valid UTF-8 \(byte [0-9]+\)" 'a subject that is not UTF-8' \
	'{ line 5001; line 5002 | sed "s/Router drops/Router \xff drops/"; } | tkt-new --batch'
fails 65 "line 1: not valid UTF-8" 'a field value that is not UTF-8' \
	'line 5001 | sed "s/100234/10\xfe0234/" | tkt-new --batch'
fails 65 "line 2: a NUL byte$" 'a NUL byte in a line' '{ line 5001; line 5002 | tr "R" "\000"; } | tkt-new --batch'
fails 65 "line 1: a NUL byte \(\\\\u0000\)" 'a NUL written as a JSON escape in a body' \
	'line 5001 | sed "s/It drops\./It\\\\u0000 drops./" | tkt-new --batch'
fails 65 "line 1: a NUL byte \(\\\\u0000\)" 'a NUL written as a JSON escape in a field value' \
	'line 5001 ".fields.order = \"10\u00000234\"" | tkt-new --batch'
fails 65 "line 1: not valid UTF-8 \(\\\\ud800, half a surrogate pair\)" 'half a surrogate pair' \
	'line 5001 | sed "s/It drops\./It \\\\ud800 drops./" | tkt-new --batch'
fails 65 "line 1: message 1: a message's 'message_id' must be one line of text" 'a Message-ID with CR LF' \
	'line 5001 ".messages[0].message_id = \"a@x\r\nBcc: evil@example.net\"" | tkt-new --batch'
fails 65 "line 1: message 2: a message's 'author' must be one line of text" 'an author with CR LF' \
	'line 5001 ".messages[1].author = \"mira\r\nBcc: evil@example.net\"" | tkt-new --batch'
fails 65 "line 1: 'subject' must be one line of text" 'a subject with CR LF' \
	'line 5001 ".subject = \"hi\r\nBcc: evil@example.net\"" | tkt-new --batch'
fails 65 "line 1: 'requester' has a bad name, email, phone or handle" 'a requester email with CR LF' \
	'line 5001 ".requester.email = \"ann@example.com\r\nBcc: evil@example.net\"" | tkt-new --batch'
check 'a JSON escape of a backslash before u0000 is text, and a whole surrogate pair a character' '
	line 5001 ".subject = \"back\\\\u0000slash \ud83d\ude00\"" | tkt-new --db "$esc" --batch -q &&
	same "back\\u0000slash 😀" "$(qs "$esc" "SELECT subject FROM tickets")"'

# ---- text that is not UTF-8 -----------------------------------------------
fails 65 "bad subject" 'a subject that is not UTF-8' 'tkt-new -s "$BAD" -r a@example.com -m b'
fails 65 "bad requester 'Ann café \\\\xff\\\\xfe <a@example.com>'" 'a requester that is not UTF-8, shown escaped' \
	'tkt-new -s ok -r "Ann $BAD <a@example.com>" -m b'
fails 65 "message body is not valid UTF-8 \(byte 6\)" 'a body that is not UTF-8' 'tkt-new -s ok -r a@example.com -m "$BAD"'
fails 65 "message body on stdin is not valid UTF-8" 'a reply on stdin that is not UTF-8' 'printf "%s\n" "$BAD" | tkt-reply 1'
fails 65 "bad tag 'ta" 'a tag that is not UTF-8' 'tkt-tag 1 "+ta$BAD"'
fails 65 "bad value for field 'order'" 'a field value that is not UTF-8' 'tkt-tag 1 "field.order=$BAD"'
fails 65 "bad field name 'or" 'a field name that is not UTF-8' 'tkt-new -s ok -r a@example.com -m b -f "or$BAD=1"'
fails 65 "bad assignee 'm" 'an assignee that is not UTF-8' 'tkt-tag 1 "assignee=m$BAD"'
fails 65 "bad group 'g" 'a group that is not UTF-8' 'tkt-tag 1 "group=g$BAD"'
fails 65 "message body is not valid UTF-8" 'a rating comment that is not UTF-8' 'tkt-rate 1 csat=3 -m "$BAD"'
fails 65 "bad agent name 'm.*' \(--as\)" 'an agent name that is not UTF-8' 'tkt-reply 1 -m x --as "m$BAD"'
fails 65 "bad agent name 'm.*' \(\\\$TKT_AGENT or the login name\)" 'TKT_AGENT that is not UTF-8' \
	'TKT_AGENT="m$BAD" tkt-tag 1 +x'
fails 65 "bad filter 'requester=.*': not valid UTF-8" 'a filter value that is not UTF-8' 'tkt-ls "requester=$BAD"'
fails 65 "variable 'what_was_done' is not UTF-8" 'a template variable that is not UTF-8' \
	'tkt-reply 1 -t solved -v "what_was_done=$BAD"'
fails 65 "field 'order': not UTF-8" 'a form field that is not UTF-8' \
	'tkt-new -t defect -r a@example.com -f "order=10023$BAD" -f product=router -f problem=x -f since=2026-11-20 </dev/null'
fails 65 "message body on stdin is not valid UTF-8" 'a QA draft that is not UTF-8' 'printf "%s\n" "$BAD" | qa-check --draft 1'

# ---- NUL bytes ------------------------------------------------------------
printf 'a body\000with a NUL\n' >"$T/nul.txt"
fails 65 "message body on stdin contains a NUL byte at offset 6" 'a reply on stdin with a NUL' 'tkt-reply 1 <"$T/nul.txt"'
fails 65 "message body on stdin contains a NUL byte" 'a first message on stdin with a NUL' 'tkt-new -s x -r a@example.com <"$T/nul.txt"'
fails 65 "nul.txt contains a NUL byte at offset 6" 'a message file with a NUL' 'tkt-reply 1 -F "$T/nul.txt"'
fails 65 "message body on stdin contains a NUL byte" 'a QA draft with a NUL' 'qa-check --draft 1 <"$T/nul.txt"'
fails 65 "stdin line 2: NUL byte" 'ids on stdin with a NUL' 'printf "1\n2\000\n" | tkt-tag +x'

# ---- a 10 MB body: the limit is 4 MiB (TKT_BODY_MAX) ----------------------
head -c 10000000 /dev/zero | tr '\0' a >"$T/big.txt"
head -c 4194304 "$T/big.txt" >"$T/max.txt"
fails 65 "message body on stdin is too large \(more than 4194304 bytes\)" 'a 10 MB reply on stdin' 'tkt-reply 1 <"$T/big.txt"'
fails 65 "big.txt is too large \(more than 4194304 bytes\)" 'a 10 MB message file' 'tkt-new -s x -r a@example.com -F "$T/big.txt"'
fails 65 "message body on stdin is too large" 'a 10 MB QA draft' 'qa-check --draft 1 <"$T/big.txt"'
check 'a body of exactly 4 MiB is stored whole' '
	copystore "$TKT_DB" "$max" &&
	tkt-reply 2 -F "$T/max.txt" --db "$max" $AT >/dev/null &&
	same "4194304|$(cksum <"$T/max.txt")" \
		"$(qs "$max" "SELECT length(body) FROM messages ORDER BY id DESC LIMIT 1")|$(tkt-export --db "$max" id=2 | jq -j ".messages[-1].body" | cksum)"'
check 'a 10 MB mail: its body cut at the limit, the whole text kept as an attachment' '
	{ printf "From: big@example.com\nSubject: big\nMessage-ID: <big@example.com>\n\n"; cat "$T/big.txt"; } |
		tkt-new --mail --db "$bigmail" $AT >/dev/null &&
	same "message.txt|10000000" "$(qs "$bigmail" "SELECT name, length(data) FROM attachments")" &&
	test "$(qs "$bigmail" "SELECT body FROM messages" | wc -c)" -le $((4194304 + 1))'

# ---- 100 000 tags: there is no limit; they are stored whole -----------------
check '100 000 tags in one tkt-tag: all stored, shown and exported' '
	copystore "$TKT_DB" "$tags" && set -- $(seq 1 100000 | sed "s/^/+t/") &&
	tkt-tag --db "$tags" 3 "$@" $AT >/dev/null &&
	same 100000 "$(qs "$tags" "SELECT count(*) FROM tags WHERE ticket = 3")" &&
	same 100001 "$(tkt-show --db "$tags" 3 | grep "^tags " | wc -w)" &&
	same 100000 "$(tkt-export --db "$tags" id=3 | jq ".tags | length")"'
fails 65 "bad tag 'BAD'" '100 000 tags and a bad one last: none stored' \
	'set -- $(seq 1 100000 | sed "s/^/+t/") && tkt-tag 3 "$@" +BAD'
check '100 000 tags on one line of tkt-new --batch' '
	line 6000 ".tags = [range(100000) | \"t\(.)\"]" | tkt-new --db "$tags2" --batch -q &&
	same 100000 "$(qs "$tags2" "SELECT count(*) FROM tags")"'

# ---- SQL in every text input: stored as text ----------------------------------
if on_pg; then
	tables='attachments customers events fields followers messages outbox ratings reviews search'
	tables="$tables tags tickets tkt_schema"
else            # and the search indexes' own, and their tables of what to index
	fts='search search_config search_content search_data search_docsize search_idx'
	tables="attachments $(echo "$fts" | sed 's/search/customer_search/g') customer_stale customers"
	tables="$tables events fields followers messages outbox ratings reviews $fts search_stale tags tickets"
fi
tables() {      # tables DB: the names of its tables, in order
	store_tables "$1"
}
check 'SQL in a subject, requester, body, assignee, field value and agent name is stored as it is' '
	copystore "$TKT_DB" "$sql" &&
	same 4 "$(tkt-new --db "$sql" -s "$SQL" -r "$SQL" -m "$SQL" --assignee "$SQL" -f "order=$SQL" --as "$SQL" $AT)" &&
	tkt-export --db "$sql" id=4 | jq -r "[.subject, .requester.name, .assignee, .fields.order,
		.messages[0].body, (.events[] | select(.what == \"assignee\") | .actor)] | .[]" >"$T/sql.out" &&
	same "$(printf "%s\n" "$SQL" "$SQL" "$SQL" "$SQL" "$SQL" "$SQL")" "$(cat "$T/sql.out")" &&
	same "$tables" "$(tables "$sql")"'
check 'and in a reply, a note, a tag value, a rating comment and a template variable' '
	tkt-reply --db "$sql" 4 -m "$SQL" --as "$SQL" $AT >/dev/null &&
	tkt-tag --db "$sql" 4 "field.order=$SQL" "group=sql" $AT >/dev/null &&
	tkt-rate --db "$sql" 4 csat=2 -m "$SQL" $AT >/dev/null &&
	tkt-reply --db "$sql" 1 -t solved -v "what_was_done=$SQL" $AT >/dev/null &&
	same "$SQL|$SQL|$SQL|$SQL" "$(tkt-export --db "$sql" id=4 | jq -r "[.messages[1].body, .messages[1].author, .fields.order, .ratings[0].comment] | join(\"|\")")" &&
	tkt-show --db "$sql" 1 | grep -qF -- "$SQL" &&
	same 4 "$(qs "$sql" "SELECT count(*) FROM tickets")"'
check 'SQL in filter values finds the ticket that has it as text' '
	same 4 "$(tkt-ls --db "$sql" -q "requester=$SQL" "assignee=$SQL" "field.order=$SQL")" &&
	same "$tables" "$(tables "$sql")"'
fails 65 "bad tag 'x'\);drop'" 'SQL in a tag' "tkt-tag 1 \"+x');drop\""
fails 64 "bad field name 'x'\);DROP'" 'SQL in a filter field name' "tkt-ls \"field.x');DROP=1\""
fails 65 "bad type 'drop;--'" 'SQL in a type' 'tkt-new -s x -r y -m z --type "drop;--"'
fails 64 "bad template name 'x'\); DROP TABLE tickets; --'" 'SQL in a template name' 'tkt-reply 1 -t "$SQL"'
fails 64 "bad sort key 'x'\); DROP TABLE tickets; --'" 'SQL in a sort key' 'tkt-ls --sort "$SQL"'
fails 64 "no item 'x'\); DROP TABLE tickets; --' in the checklist" 'SQL in a review item' 'qa-check --review 1 "$SQL=pass"'

# ---- format strings in every text input: stored as text -------------------------
check 'a format string in every text field is stored as it is' '
	copystore "$TKT_DB" "$fmt" &&
	same 4 "$(tkt-new --db "$fmt" -s "$FMT" -r "$FMT" -m "$FMT" --assignee "$FMT" -f "order=$FMT" --as "$FMT" $AT)" &&
	tkt-reply --db "$fmt" 4 -m "$FMT" --as "$FMT" $AT >/dev/null &&
	tkt-rate --db "$fmt" 4 csat=2 -m "$FMT" $AT >/dev/null &&
	same "$FMT|$FMT|$FMT|$FMT|$FMT|$FMT|$FMT|$FMT" "$(tkt-export --db "$fmt" id=4 | jq -r "[.subject, .requester.name, .assignee, .fields.order, .messages[0].body, .messages[1].body, .messages[1].author, .ratings[0].comment] | join(\"|\")")" &&
	tkt-show --db "$fmt" --no-events 4 | grep -c -F -- "$FMT" | grep -qx 8 &&
	tkt-show --db "$fmt" 4 | grep -F -- ": status new, priority normal, assignee $FMT," | grep -q -F -- "  $FMT: " &&
	same 4 "$(tkt-ls --db "$fmt" -q "assignee=$FMT" "requester=$FMT" "field.order=$FMT")"'
fails 64 "unknown grouping key '%s%n%x%p%99999999d'" 'a format string as a grouping' 'tkt-report --by "$FMT"'
fails 64 "unknown metric '%s%n%x%p%99999999d'" 'a format string as a metric' 'tkt-report --metrics "$FMT"'
fails 64 "unknown rating '%s%n%x%p%99999999d'" 'a format string as a rating' 'tkt-rate 1 "$FMT=3"'
fails 64 "unknown attribute '%s%n%x%p%99999999d'" 'a format string as an attribute' 'tkt-tag 1 "$FMT=x"'
fails 64 "bad filter '%s=%n': unknown key '%s'" 'a format string as a filter key' 'tkt-ls "%s=%n"'
fails 65 "--spent: bad duration '%s%n%x%p%99999999d'" 'a format string as a duration' 'tkt-reply 1 -m x --spent "$FMT"'
fails 65 "--since: bad time '%s%n%x%p%99999999d'" 'a format string as a time' 'tkt-report --since "$FMT"'
fails 64 "bad template name '%s%n%x%p%99999999d'" 'a format string as a template name' 'tkt-new -t "$FMT" -r a@example.com </dev/null'

# ---- CR LF where it could reach a mail header ---------------------------------
fails 65 "bad subject" 'a subject with CR LF' 'tkt-new -s "$CRLF" -r a@example.com -m b'
fails 65 "bad subject" 'a subject with a bare CR' 'tkt-new -s "$(printf "a\rb")" -r a@example.com -m b'
fails 65 "bad requester 'a@example.comx\\\\x0d\\\\nBcc: evil@example.net'" 'a requester address with CR LF' \
	'tkt-new -s ok -r "a@example.com$CRLF" -m b'
fails 65 "bad requester 'Annx\\\\x0d\\\\nBcc" 'a requester name with CR LF' 'tkt-new -s ok -r "Ann$CRLF <a@example.com>" -m b'
fails 65 "bad agent name 'x\\\\x0d\\\\nBcc: evil@example.net' \(--as\)" 'an agent name with CR LF for a reply by mail' \
	'tkt-reply 1 -m b --as "$CRLF" --mail-out'
fails 65 "bad agent name 'x\\\\x0d\\\\nBcc: evil@example.net' \(\\\$TKT_AGENT" 'TKT_AGENT with CR LF' \
	'TKT_AGENT="$CRLF" tkt-reply 1 -m hi'
fails 65 "bad assignee 'x\\\\x0d\\\\nBcc" 'an assignee with CR LF' 'tkt-tag 1 "assignee=$CRLF"'
fails 65 "ticket 3: the customer has no email address" 'a reply by mail to a requester without an address: nothing stored' \
	'tkt-reply 1 3 -m "We called." --mail-out'
check 'CR LF in a body or a template variable stays in the body of the mail' '
	copystore "$TKT_DB" "$crlf" &&
	tkt-reply --db "$crlf" 1 -m "Hello$CRLF" --mail-out $AT >"$T/m1" &&
	tkt-reply --db "$crlf" 1 -t solved -v "what_was_done=$CRLF" --mail-out $AT >"$T/m2" &&
	for m in "$T/m1" "$T/m2"; do
		sed "/^\r*$/q" "$m" >"$T/head" && grep -q "^Subject: Re: Router drops \[#1\]" "$T/head" &&
		! grep -qi "^Bcc:" "$T/head" || exit 1
	done'
check 'a mail subject with an encoded CR LF is stored as one line and goes out as one header' '
	printf "From: Ann <ann@example.com>\nSubject: =?utf-8?q?hi=0D=0ABcc:_evil@example.net?=\nMessage-ID: <crlf@example.com>\n\nbody\n" |
		tkt-new --mail --db "$crlfmail" $AT >/dev/null &&
	same "hi Bcc: evil@example.net" "$(qs "$crlfmail" "SELECT subject FROM tickets")" &&
	tkt-reply --db "$crlfmail" 1 -m ok --mail-out $AT | sed "/^$/q" >"$T/head" &&
	grep -q "^Subject: Re: hi Bcc: evil@example.net \[#1\]$" "$T/head" && ! grep -qi "^Bcc:" "$T/head"'

# ---- stores ---------------------------------------------------------------
echo "hello" >"$T/text.db"
other=$(newstore other)
qs "$other" "CREATE TABLE foo (x INTEGER); INSERT INTO foo VALUES (1)"
mkdir "$T/dir.db"
# A database of a newer tkt: a schema version past this one's, and a table
# this one does not know.
newer=$(newstore newer)
if on_pg; then
	qs "$newer" "CREATE TABLE tkt_schema (version bigint); INSERT INTO tkt_schema VALUES (99); CREATE TABLE t (x INTEGER)"
else
	sqlite3 "$newer" "PRAGMA user_version = 99; CREATE TABLE t (x)"
fi
STORE=$T/text.db sqlite_only 'a file that is not a database' \
	fails 65 "'.*/text.db' is not a tkt store" 'a text file as the store' 'tkt-ls --db "$T/text.db"'
STORE=$other fails 65 "'$(re "$other")' is not a tkt store" "another program's SQLite database, written to" \
	'tkt-new --db "$other" -s x -r y -m z'
STORE=$other fails 65 "'$(re "$other")' is not a tkt store" "another program's database, exported" 'tkt-export --db "$other"'
STORE=$T/dir.db sqlite_only 'a directory as a store file' \
	fails 65 "'.*/dir.db' is not a tkt store \(not a file\)" 'a directory as the store' 'tkt-show --db "$T/dir.db" 1'
STORE=$T/dir.db sqlite_only 'a directory as a store file' \
	fails 65 "is not a tkt store \(not a file\)" 'a directory as the store, written to' 'tkt-reply --db "$T/dir.db" 1 -m x'
STORE=$T/dir.db sqlite_only 'a directory as a store file' \
	fails 75 "is not a tkt store \(not a file\)" 'mail into a directory: 75, the mail server retries' \
	'tkt-new --mail --db "$T/dir.db" <"$data/mail/01-plain.eml"'
STORE=$newer fails 65 "schema version 99, newer than this tkt knows" 'a store from a newer tkt' 'tkt-ls --db "$newer"'
# A store in a directory that does not exist; on PostgreSQL, a database
# that does not exist.
if on_pg; then missing=$(nostore missing); else missing=$T/missing/dir/tkt.db; fi
for tool in tkt-ls tkt-export tkt-report qa-check "tkt-show 1" "tkt-tag 1 +x" "tkt-rate 1 csat=3"; do
	STORE=$missing fails 66 "${tool%% *}: no store at '$(re "$missing")'" \
		"${tool%% *} of a store in a missing directory" "$tool --db \"\$missing\""
done
check 'and the missing directory was not made' '! test -e "$T/missing" && not_made "$missing"'
fails 64 "no store path given" 'an empty store path' 'tkt-ls --db ""'

check 'after all that, the store is as it was' '
	same "3|6|3|1|2" "$(q "SELECT (SELECT count(*) FROM tickets), (SELECT count(*) FROM messages),
		(SELECT count(*) FROM tags), (SELECT count(*) FROM fields), (SELECT count(*) FROM ratings)")"'

done_testing
