#!/bin/sh
# Who wrote each mail: every message keeps its sender; a mail that names a
# ticket joins it by who sent it (the requester, a follower, an agent of
# the team, or a stranger, as mail: strangers: says), never in another's
# name; followers from To and Cc and from tkt-tag cc+=; the envelope
# sender; an unverified mail accepted or split off by an agent.
. "${0%/*}/lib.sh"

cat >"$T/config.yaml" <<END
mail:
  address: support@example.com
  name: Example Support
  addresses: [noreply@example.com]
  rejected: $T/rejected
  sendmail: cat >>$T/sent.mbox
agents:
  mira:
    name: Mira Lee
    addresses: [mira@example.com, Mira.Lee@Example.com]
END
export TKT_CONFIG=$T/config.yaml
AT=--at=2026-11-16T10:00:00Z

# mail FILE FROM SUBJECT ID [HEADER...]: a plain message, the text on stdin.
mail() {
	file=$1 from=$2 subject=$3 id=$4
	shift 4
	{
		printf 'From: %s\nTo: support@example.com\nSubject: %s\nMessage-ID: <%s>\n' \
			"$from" "$subject" "$id"
		for h in "$@"; do printf '%s\n' "$h"; done
		printf 'Date: Mon, 16 Nov 2026 09:00:00 +0000\n\n'
		cat
	} >"$T/$file"
}
# headers FILE: its header, unfolded.
headers() { sed -e '/^$/q' "$1" | awk '/^[ \t]/ { sub(/^[ \t]+/, " "); line = line $0; next }
	{ if (line != "") print line; line = $0 } END { if (line != "") print line }'; }
# msg MESSAGE-ID: kind|author|from_name|from_email|unverified of that message.
msg() {
	q "SELECT kind, author, from_name, from_email, unverified FROM messages WHERE message_id = '$1'"
}

echo "My router drops the line every hour. Order 100234." |
	mail ann.eml 'Ann Smith <ann@example.com>' 'Router drops the line' ann1@example.com \
		'Cc: Bob Ray <bob@example.org>, support@example.com, noreply@example.com, mira@example.com'
check 'a new conversation opens a ticket, its message keeps who sent it' '
	same 1 "$(tkt-new --mail $AT <"$T/ann.eml")" &&
	same "customer|Ann Smith <ann@example.com>|Ann Smith|ann@example.com|0" "$(msg ann1@example.com)"'
check 'the Cc of a customer mail follows the ticket, but the help desk and its agents' '
	same "Bob Ray|bob@example.org" "$(q "SELECT name, email FROM followers WHERE ticket = 1")" &&
	tkt-show 1 | grep -q "^followers  Bob Ray <bob@example.org>$" &&
	same "[{\"name\":\"Bob Ray\",\"email\":\"bob@example.org\"}]" "$(tkt-show --json 1 | jq -c .followers)" &&
	same "cc||bob@example.org" "$(q "SELECT what, old, new FROM events WHERE ticket = 1 AND what = '\''cc'\''")"'
check '--json gives the sender of each message' '
	same "{\"name\":\"Ann Smith\",\"email\":\"ann@example.com\"}" "$(tkt-show --json 1 | jq -c ".messages[0].from")"'

tkt-tag 1 status=solved $AT >/dev/null
dump >"$T/solved"

# ---- strangers ------------------------------------------------------------
echo "Send the refund to my new account, IBAN XX00 1234." |
	mail stranger.eml 'Mallory <mallory@evil.example>' 'Re: Router drops the line [#1]' evil1@evil.example
check 'a stranger naming [#1]: an unverified note in their own name, the ticket not reopened' '
	same 1 "$(tkt-new --mail $AT <"$T/stranger.eml")" &&
	same "note|Mallory <mallory@evil.example>|Mallory|mallory@evil.example|1" "$(msg evil1@evil.example)" &&
	same solved "$(q "SELECT status FROM tickets WHERE id = 1")" &&
	same 0 "$(q "SELECT count(*) FROM events WHERE ticket = 1 AND what = '\''reopen'\''")" &&
	same 0 "$(q "SELECT count(*) FROM followers WHERE email = '\''mallory@evil.example'\''")"'
check 'tkt-show marks it as from an unverified sender' '
	tkt-show 1 | grep -q "^message 2  note  email  2026-11-16T10:00:00Z  Mallory <mallory@evil.example>  unverified sender$" &&
	same true "$(tkt-show --json 1 | jq ".messages[1].unverified")"'
echo "It is me, Ann: please use my new account." |
	mail lookalike.eml '"Ann Smith" <ann.smith@evil.example>' 'Re: Router drops the line [#1]' evil2@evil.example
check 'a display name copying the requester is not the requester: the address decides' '
	same 1 "$(tkt-new --mail $AT <"$T/lookalike.eml")" &&
	same "note|Ann Smith <ann.smith@evil.example>|Ann Smith|ann.smith@evil.example|1" "$(msg evil2@evil.example)"'
echo "Following up on the message above." |
	mail forged.eml 'Eve <eve@evil.example>' 'Re: something' evil3@evil.example 'In-Reply-To: <ann1@example.com>'
check 'a forged In-Reply-To of a message of the ticket: the same' '
	same 1 "$(tkt-new --mail $AT <"$T/forged.eml")" &&
	same "note|Eve <eve@evil.example>|Eve|eve@evil.example|1" "$(msg evil3@evil.example)"'
echo "Me too!" | mail stranger-cc.eml 'Mallory <mallory@evil.example>' 'Re: [#1]' evil4@evil.example \
	'Cc: accomplice@evil.example'
check 'a stranger cannot add followers' '
	same 1 "$(tkt-new --mail $AT <"$T/stranger-cc.eml")" &&
	same 0 "$(q "SELECT count(*) FROM followers WHERE email = '\''accomplice@evil.example'\''")"'
check 'the ticket stayed solved through all of them' '
	same solved "$(q "SELECT status FROM tickets WHERE id = 1")"'

# ---- the requester, followers, agents -------------------------------------
echo "Still dropping, sorry to bother you again." |
	mail upper.eml 'ANN SMITH <ANN@EXAMPLE.COM>' 'Re: Router drops the line [#1]' ann2@example.com
check 'the requester writing from another case of the address: theirs, the ticket reopened' '
	same 1 "$(tkt-new --mail $AT <"$T/upper.eml")" &&
	same "customer|Ann Smith <ann@example.com>|ANN SMITH|ANN@EXAMPLE.COM|0" "$(msg ann2@example.com)" &&
	same open "$(q "SELECT status FROM tickets WHERE id = 1")"'
check 'tkt-show names the sender where it is not the author as written' '
	tkt-show 1 | grep -q "^message 6  customer  email  2026-11-16T10:00:00Z  Ann Smith <ann@example.com>  from ANN SMITH <ANN@EXAMPLE.COM>$" &&
	tkt-show 1 | grep -q "^message 1  customer  email  2026-11-16T10:00:00Z  Ann Smith <ann@example.com>$"'
echo "Same here at the office next door." |
	mail bob.eml 'bob@example.org' 'Re: Router drops the line [#1]' bob1@example.org 'Cc: Carol <carol@example.org>'
check 'a follower writes as themselves, a customer message; their Cc follows too' '
	same 1 "$(tkt-new --mail $AT <"$T/bob.eml")" &&
	same "customer|bob@example.org||bob@example.org|0" "$(msg bob1@example.org)" &&
	same "bob@example.org carol@example.org" "$(q "SELECT email FROM followers WHERE ticket = 1 ORDER BY email" | joined)"'
echo "Called Ann, the engineer comes tomorrow." |
	mail agent-note.eml 'Mira <mira@example.com>' 'Re: Router drops the line [#1]' mira1@example.com
echo "Hello Ann, the engineer comes tomorrow at 9." |
	mail agent-reply.eml 'Mira Lee <mira.lee@example.com>' 'Re: Router drops the line [#1]' mira2@example.com \
		'Cc: Ann Smith <ann@example.com>'
check 'an agent writing only to the help desk: their note' '
	same 1 "$(tkt-new --mail $AT <"$T/agent-note.eml")" &&
	same "note|mira|Mira|mira@example.com|0" "$(msg mira1@example.com)"'
check 'an agent writing to the customer too (any case of an address of theirs): their reply' '
	same 1 "$(tkt-new --mail $AT <"$T/agent-reply.eml")" &&
	same "agent|mira|Mira Lee|mira.lee@example.com|0" "$(msg mira2@example.com)" &&
	same "bob@example.org carol@example.org" "$(q "SELECT email FROM followers WHERE ticket = 1 ORDER BY email" | joined)"'

# Nothing a stranger wrote is shown as a customer's, and every customer
# message by mail is from the requester or a follower of its ticket.
# on_ticket: who may write into each ticket, "TICKET|address" lines.
on_ticket() {
	q "SELECT t.id, c.email FROM tickets t JOIN customers c ON c.id = t.requester"
	q "SELECT ticket, email FROM followers"
}
check 'the store never shows a stranger'\''s words as a customer'\''s' '
	on_ticket >"$T/allowed" &&
	q "SELECT ticket, from_email FROM messages WHERE kind = '\''customer'\'' AND from_email IS NOT NULL" >"$T/written" &&
	test -s "$T/written" &&
	same "" "$(awk -F"|" "NR == FNR { ok[\$1 \"|\" tolower(\$2)] = 1; next }
		!ok[\$1 \"|\" tolower(\$2)]" "$T/allowed" "$T/written")" &&
	same "note note note note" "$(q "SELECT kind FROM messages WHERE from_email IN ('\''mallory@evil.example'\'', '\''eve@evil.example'\'', '\''ann.smith@evil.example'\'') ORDER BY id" | joined)"'

# ---- an agent judges: accept or split -------------------------------------
check 'tkt-reply --accept: the unverified mail becomes its sender'\''s, who follows the ticket' '
	tkt-tag 1 status=solved $AT >/dev/null &&
	same 1 "$(tkt-reply 1 --accept 3 --as mira $AT)" &&
	same "customer|Ann Smith <ann.smith@evil.example>|Ann Smith|ann.smith@evil.example|0" "$(msg evil2@evil.example)" &&
	same 1 "$(q "SELECT count(*) FROM followers WHERE ticket = 1 AND email = '\''ann.smith@evil.example'\''")" &&
	same "open|mira" "$(q "SELECT status, (SELECT actor FROM events WHERE ticket = 1 AND what = '\''accept'\'') FROM tickets WHERE id = 1")"'
check 'tkt-reply --split: it goes to a ticket of its sender'\''s own, opened when they wrote' '
	same 2 "$(tkt-reply 1 --split 2 --as mira $AT)" &&
	same "2|customer|Mallory <mallory@evil.example>" "$(q "SELECT ticket, kind, author FROM messages WHERE message_id = '\''evil1@evil.example'\''")" &&
	same "mallory@evil.example|Router drops the line|2026-11-16T10:00:00Z" \
		"$(tkt-show --json 2 | jq -r "[.requester.email, .subject, .created] | join(\"|\")")" &&
	tkt-show 2 | grep -q "Split from ticket #1, which its sender (mallory@evil.example) is not on." &&
	same "#2" "$(q "SELECT new FROM events WHERE ticket = 1 AND what = '\''split'\''")"'
check 'an answer to the split mail threads to the new ticket' '
	echo "And?" | mail mal2.eml "mallory@evil.example" "Re: refund" evil5@evil.example "In-Reply-To: <evil1@evil.example>" &&
	same 2 "$(tkt-new --mail $AT <"$T/mal2.eml")" && same customer "$(msg evil5@evil.example | cut -d"|" -f1)"'
fails 65 "message 1 of ticket 1 is not mail from an unverified sender" 'only an unverified mail is accepted' \
	'tkt-reply 1 --accept 1'
fails 66 "ticket 1 has no message 99" 'a message the ticket does not have' 'tkt-reply 1 --split 99'
fails 66 "no such ticket '77'" 'a ticket that does not exist' 'tkt-reply 77 --accept 1'
fails 64 "bad message number 'x'" 'a message number that is not one' 'tkt-reply 1 --accept x'
fails 64 "take one ticket id" '--accept with two tickets' 'tkt-reply 1 2 --accept 1'
fails 64 "exclude each other" '--accept with --split' 'tkt-reply 1 --accept 1 --split 1'

# ---- strangers: new, reject --------------------------------------------------
sed 's/^  name: Example Support/  name: Example Support\n  strangers: new/' "$T/config.yaml" >"$T/new.yaml"
check 'strangers: new: a ticket of their own, saying which it named' '
	sed s/evil1@/evil6@/ "$T/stranger.eml" | tkt-new --mail --config "$T/new.yaml" $AT >"$T/id" &&
	id=$(cat "$T/id") && test "$id" -gt 2 &&
	same "mallory@evil.example" "$(tkt-show --json "$id" | jq -r .requester.email)" &&
	same "customer|system" "$(q "SELECT kind FROM messages WHERE ticket = $id ORDER BY id" | joined "|")" &&
	tkt-show "$id" | grep -q "This mail names ticket #1, but its sender (mallory@evil.example) is not on that ticket" &&
	same 0 "$(q "SELECT count(*) FROM messages WHERE ticket = 1 AND message_id = '\''evil6@evil.example'\''")"'
sed 's/^  name: Example Support/  name: Example Support\n  strangers: reject/' "$T/config.yaml" >"$T/reject.yaml"
check 'strangers: reject: nothing stored, the mail kept, one line, exit 0' '
	before=$(dump) &&
	sed s/evil1@/evil7@/ "$T/stranger.eml" | tkt-new --mail --config "$T/reject.yaml" $AT >"$T/o" 2>"$T/e" &&
	test ! -s "$T/o" && same 1 "$(wc -l <"$T/e")" &&
	grep -q "^tkt-new: mail from .mallory@evil.example. names ticket 1, which they are not on; kept in .$T/rejected/[0-9a-f]*.eml.$" "$T/e" &&
	grep -lq "evil7@evil.example" "$T"/rejected/*.eml && same "$before" "$(dump)"'
printf 'mail:\n  strangers: reject\n' >"$T/noreject.yaml"
fails 78 "noreject.yaml:2:14: strangers: reject keeps their mail in the rejected directory" \
	'strangers: reject without a rejected directory' 'tkt-reply 1 -m x --mail-out --config "$T/noreject.yaml"'
printf 'mail:\n  strangers: maybe\n' >"$T/badstrangers.yaml"
fails 78 "badstrangers.yaml:2:14: strangers is note, new or reject, not 'maybe'" 'a bad strangers setting' \
	'tkt-reply 1 -m x --mail-out --config "$T/badstrangers.yaml"'
printf 'agents:\n  ann:\n    addresses: [ann@example.com]\n  bob:\n    addresses: [ANN@example.com]\n' >"$T/twice.yaml"
fails 78 "twice.yaml:5:5: address 'ANN@example.com' is ann too" 'one address for two agents' \
	'tkt-reply 1 -m x --mail-out --config "$T/twice.yaml"'

# ---- followers by hand, and replies to them ----------------------------------
check 'tkt-tag cc+= and cc-= add and remove followers, each logged' '
	same 1 "$(tkt-tag 1 "cc+=Dan Poe <dan@example.net>" cc-=carol@example.org $AT)" &&
	same "ann.smith@evil.example bob@example.org dan@example.net" "$(q "SELECT email FROM followers WHERE ticket = 1 ORDER BY email" | joined)" &&
	same "carol@example.org|" "$(q "SELECT old, new FROM events WHERE ticket = 1 AND what = '\''cc'\'' AND old IS NOT NULL")"'
check 'a reply by mail goes To the requester and Cc the followers' '
	tkt-reply 1 -m "Hello Ann, fixed." --as mira --mail-out $AT >"$T/r.eml" &&
	headers "$T/r.eml" >"$T/h" &&
	grep -q "^To: Ann Smith <ann@example.com>$" "$T/h" &&
	grep -q "^Cc: Ann Smith <ann.smith@evil.example>, Bob Ray <bob@example.org>, Dan Poe <dan@example.net>$" "$T/h" &&
	grep -q "^References: <ann1@example.com> <evil2@evil.example> <ann2@example.com> <bob1@example.org> <mira2@example.com>$" "$T/h"'
fails 65 "'ANN@example.com' is the requester of ticket 1, not a follower" 'the requester is no follower' \
	'tkt-tag 1 cc+=ANN@example.com'
fails 65 "bad follower 'not-an-address'" 'a follower without an address' 'tkt-tag 1 cc+=not-an-address'
fails 65 "bad follower 'Dan <dan@example.net'" 'a follower half written' 'tkt-tag 1 "cc+=Dan <dan@example.net"'
fails 66 "no such ticket '99'" 'a follower on a ticket that does not exist' 'tkt-tag 99 cc+=dan@example.net'

# ---- the envelope sender ---------------------------------------------------------
printf 'To: support@example.com\nSubject: no from\nMessage-ID: <env1@example.com>\n\nWho am I?\n' >"$T/nofrom.eml"
check 'no From: the envelope sender from -f, as sendmail takes it' '
	id=$(tkt-new --mail -f gina@example.com $AT <"$T/nofrom.eml") &&
	same "gina@example.com" "$(tkt-show --json "$id" | jq -r .requester.email)" &&
	same "|gina@example.com" "$(q "SELECT from_name, from_email FROM messages WHERE message_id = '\''env1@example.com'\''")"'
check 'from --sender, and from $SENDER (Postfix pipe, procmail)' '
	sed s/env1@/env2@/ "$T/nofrom.eml" | tkt-new --mail --sender hal@example.com $AT >/dev/null &&
	sed s/env1@/env3@/ "$T/nofrom.eml" | SENDER=ivy@example.com tkt-new --mail $AT >/dev/null &&
	same "hal@example.com ivy@example.com" "$(q "SELECT from_email FROM messages WHERE message_id IN ('\''env2@example.com'\'', '\''env3@example.com'\'') ORDER BY message_id" | joined)"'
check 'from Return-Path, and a From always before the envelope' '
	{ printf "Return-Path: <jo@example.com>\n"; sed s/env1@/env4@/ "$T/nofrom.eml"; } | tkt-new --mail $AT >/dev/null &&
	sed s/ann1@/env5@/ "$T/ann.eml" | SENDER=other@example.com tkt-new --mail -f other@example.com $AT >/dev/null &&
	same "jo@example.com" "$(q "SELECT from_email FROM messages WHERE message_id = '\''env4@example.com'\''")" &&
	same "ann@example.com" "$(q "SELECT from_email FROM messages WHERE message_id = '\''env5@example.com'\''")"'
fails 75 "bad envelope sender 'nobody'" 'an envelope sender that is no address: 75' \
	'tkt-new --mail -f nobody <"$T/nofrom.eml"'
fails 64 "--sender goes with --mail" '--sender without --mail' 'tkt-new -s x -r y -m z --sender a@example.com'

# ---- export and import ------------------------------------------------------
check 'export and import give back the senders, followers and unverified notes' '
	copy=$(newstore copy) && tkt-export >"$T/all.jsonl" &&
	tkt-new --db "$copy" --batch -q <"$T/all.jsonl" && tkt-export --db "$copy" | cmp - "$T/all.jsonl"'
other=$(newstore other)
STORE=$other fails 65 "line 1: message 1: a message's 'from' must be null or" 'an import whose sender is no address' \
	'tkt-export id=1 | jq -c ".messages[0].from.email = \"nobody\"" | tkt-new --db "$other" --batch'
STORE=$other fails 65 "line 1: message 1: only a note is from an unverified sender" 'an import of an unverified customer message' \
	'tkt-export id=1 | jq -c ".messages[0].unverified = true" | tkt-new --db "$other" --batch'
STORE=$other fails 65 "line 1: message 2: a message's 'unverified' must be true or false" 'an import with unverified a string' \
	'tkt-export id=1 | jq -c ".messages[1].unverified = \"yes\"" | tkt-new --db "$other" --batch'
STORE=$other fails 65 "line 1: follower 1: a follower must be" 'an import with a follower without an address' \
	'tkt-export id=1 | jq -c ".followers[0].email = \"bob\"" | tkt-new --db "$other" --batch'

done_testing
