#!/bin/sh
# Replies that leave by mail: stored and queued at once, sent after the
# commit and marked sent only when the sendmail command takes them; one
# not taken stays queued (exit 3) and tkt-reply --flush sends it, once;
# after mail: attempts: it is marked failed; outbox= finds them; several
# senders at once send each reply once.  (Kills: 0180-crash.t.)
. "${0%/*}/lib.sh"

# The sendmail command: takes a message when $T/up exists, appending it
# to $T/sent.mbox; refuses it (exit 1) when not.
cat >"$T/sendmail" <<END
#!/bin/sh
test -e "$T/up" || { cat >/dev/null; exit 1; }
{ echo "From tkt"; cat; echo; } >>"$T/sent.mbox"
END
chmod +x "$T/sendmail"
cat >"$T/config.yaml" <<END
mail:
  address: support@example.com
  sendmail: $T/sendmail
  attempts: 3
END
export TKT_CONFIG=$T/config.yaml
AT=--at=2026-11-16T10:00:00Z
# sent BODY: how many messages of the mbox carry the line BODY.
sent() {
	test -e "$T/sent.mbox" || { echo 0; return; }
	grep -c "^$1\$" "$T/sent.mbox"
}
# outbox BODY: state|attempts of the reply with body BODY.
outbox() {
	q "SELECT o.state, o.attempts FROM outbox o JOIN messages m ON m.id = o.message WHERE m.body = '$1'"
}

for i in 1 2 3; do
	tkt-new -s "Ticket $i" -r "c$i@example.com" -m "Help $i" -c email $AT >/dev/null
done

check 'sendmail down: the reply is stored and queued, the ticket printed, exit 3' '
	tkt-reply 1 -m "Reply one." --sendmail $AT >"$T/o" 2>"$T/e"
	same 3 $? && same 1 "$(cat "$T/o")" && same 1 "$(wc -l <"$T/e")" &&
	grep -q "^tkt-reply: ticket 1: .*did not take the message (exit 1); the reply is stored and queued (attempt 1 of 3): tkt-reply --flush sends it$" "$T/e" &&
	same "queued|1" "$(outbox "Reply one.")" && same 0 "$(sent "Reply one.")"'
check 'tkt-show marks it unsent, --json says sent: false with the error' '
	tkt-show 1 | grep -q "^message 2  agent  email  2026-11-16T10:00:00Z  agent  unsent: queued, 1 attempt: .*did not take the message (exit 1)$" &&
	same "false|queued|1" "$(tkt-show --json 1 | jq -r ".messages[1] | [.sent, .outbox.state, .outbox.attempts] | join(\"|\")")" &&
	tkt-show --json 1 | jq -e ".messages[1].outbox.error | test(\"did not take the message\")" >/dev/null &&
	same null "$(tkt-show --json 1 | jq ".messages[0].sent")"'
check 'outbox=unsent and outbox=queued find it; outbox=sent does not' '
	same 1 "$(tkt-ls -q outbox=unsent)" && same 1 "$(tkt-ls -q outbox=queued)" &&
	same "2 3" "$(tkt-ls -q outbox!=unsent | joined)" &&
	tkt-ls -q outbox=sent; same 1 $?'
check 'a second reply, still down: both queued, a --flush that cannot send: exit 3, nothing printed' '
	tkt-reply 2 -m "Reply two." --sendmail $AT >/dev/null 2>&1; same 3 $? &&
	tkt-reply --flush $AT >"$T/o" 2>"$T/e"; same 3 $? && test ! -s "$T/o" && same 2 "$(wc -l <"$T/e")" &&
	same "queued|2" "$(outbox "Reply one.")" && same "queued|2" "$(outbox "Reply two.")"'
check 'sendmail up: --flush sends each once, oldest first, and prints their tickets' '
	touch "$T/up" &&
	same "1 2" "$(tkt-reply --flush $AT | joined)" &&
	same 1 "$(sent "Reply one.")" && same 1 "$(sent "Reply two.")" &&
	same "sent|3" "$(outbox "Reply one.")" && same "sent|3" "$(outbox "Reply two.")" &&
	test "$(grep -n "^Reply one.$" "$T/sent.mbox" | cut -d: -f1)" -lt "$(grep -n "^Reply two.$" "$T/sent.mbox" | cut -d: -f1)"'
check 'and again: nothing to send, exit 0, none sent twice' '
	test -z "$(tkt-reply --flush $AT)" && same 1 "$(sent "Reply one.")" && same 1 "$(sent "Reply two.")" &&
	tkt-ls -q outbox=unsent; same 1 $?'
check 'a reply sent at once: exit 0, marked sent, sent: true' '
	same 3 "$(tkt-reply 3 -m "Reply three." --sendmail $AT)" && same 1 "$(sent "Reply three.")" &&
	same "sent|1" "$(outbox "Reply three.")" && same true "$(tkt-show --json 3 | jq ".messages[1].sent")" &&
	! tkt-show 3 | grep -q unsent'

rm "$T/up"
check 'past mail: attempts: the reply is marked failed with the reason' '
	tkt-reply 3 -m "Reply four." --sendmail $AT >/dev/null 2>&1
	tkt-reply --flush $AT >/dev/null 2>&1
	tkt-reply --flush $AT >/dev/null 2>"$T/e"; same 3 $? &&
	grep -q "^tkt-reply: ticket 3: .*did not take the message (exit 1); the reply is stored, not sent: failed after 3 attempts$" "$T/e" &&
	same "failed|3" "$(outbox "Reply four.")" && same 3 "$(tkt-ls -q outbox=failed)" &&
	tkt-show 3 | grep -q "unsent: failed, 3 attempts: "'
check 'a failed reply is not tried by a plain --flush' '
	touch "$T/up" && test -z "$(tkt-reply --flush $AT)" && same 0 "$(sent "Reply four.")"'
check '--flush naming its ticket tries it afresh, and sends it' '
	same 3 "$(tkt-reply --flush 3 $AT)" && same 1 "$(sent "Reply four.")" && same "sent|1" "$(outbox "Reply four.")"'
check '--flush - reads the tickets from stdin' '
	rm "$T/up" && tkt-reply 2 -m "Reply five." --sendmail $AT >/dev/null 2>&1; touch "$T/up" &&
	same 2 "$(echo 2 | tkt-reply --flush - $AT)" && same 1 "$(sent "Reply five.")"'

# Several senders at once, with a slow sendmail: each reply goes once.
cat >"$T/slow" <<END
#!/bin/sh
sleep 0.2
{ echo "From tkt"; cat; echo; } >>"$T/sent.mbox"
END
chmod +x "$T/slow"
sed "s|sendmail: .*|sendmail: $T/slow|" "$T/config.yaml" >"$T/slow.yaml"
check 'four --flush at once send each of six replies once' '
	rm "$T/up" &&
	for i in 1 2 3 4 5 6; do tkt-reply 1 -m "Batch $i." --sendmail $AT >/dev/null 2>&1; done
	for i in 1 2 3 4; do tkt-reply --flush --config "$T/slow.yaml" $AT >/dev/null 2>>"$T/par.err" & done; wait
	for i in 1 2 3 4 5 6; do same 1 "$(sent "Batch $i.")" || return 1; done &&
	same 6 "$(q "SELECT count(*) FROM outbox o JOIN messages m ON m.id = o.message WHERE m.body LIKE '\''Batch %'\'' AND o.state = '\''sent'\''")"'

# A sender that died holding a reply: the reply waits out the claim
# (TKT_OUTBOX_LEASE, 10 minutes), then goes.
check 'a claim left by a sender that died: not sent again before 10 minutes, then once' '
	rm -f "$T/up" && tkt-reply 2 -m "Orphan." --sendmail $AT >/dev/null 2>&1;
	q "UPDATE outbox SET state = '\''sending'\'', claimed_at = 1794823200, claim = '\''dead'\''
		WHERE message = (SELECT id FROM messages WHERE body = '\''Orphan.'\'')" && touch "$T/up" &&
	test -z "$(tkt-reply --flush --at 2026-11-16T10:05:00Z)" && same 0 "$(sent "Orphan.")" &&
	same 2 "$(tkt-reply --flush --at 2026-11-16T10:11:00Z)" && same 1 "$(sent "Orphan.")" &&
	same "sent|2" "$(outbox "Orphan.")"'

# --mail-out: an mbox for several, each From_ line dated as its message.
check '--mail-out writes an mbox whose From_ lines carry the reply'\''s date' '
	tkt-reply 1 2 -m "Dated." --mail-out --at 2026-11-20T08:30:05Z >"$T/two.mbox" &&
	same 2 "$(grep -c "^From tkt Fri Nov 20 08:30:05 2026$" "$T/two.mbox")" &&
	! grep -q "1970" "$T/two.mbox"'

check 'export and import give back the outbox: sent, failed and queued replies' '
	rm "$T/up" && tkt-reply 3 -m "Queued at export." --sendmail $AT >/dev/null 2>&1;
	copy=$(newstore copy) && tkt-export >"$T/all.jsonl" &&
	tkt-new --db "$copy" --batch -q <"$T/all.jsonl" && tkt-export --db "$copy" | cmp - "$T/all.jsonl" &&
	same "queued" "$(tkt-export --db "$copy" id=3 | jq -r "[.messages[] | select(.body == \"Queued at export.\") | .outbox.state] | .[0]")"'
other=$(newstore other)
STORE=$other fails 65 "line 1: message 2: a message's 'outbox' must be null or" 'an import with a bad outbox state' \
	'tkt-export id=1 | jq -c ".messages[1].outbox.state = \"lost\"" | tkt-new --db "$other" --batch'
STORE=$other fails 65 "line 1: message 2: a message's 'outbox' must be null or" 'an import of a reply in the outbox without a Message-ID' \
	'tkt-export id=1 | jq -c ".messages[1].message_id = null" | tkt-new --db "$other" --batch'

export TKT_CONFIG=/nonexistent/config.yaml
fails 78 "no address of the help desk" '--flush without the help desk address' 'tkt-reply --flush'
export TKT_CONFIG=$T/config.yaml
fails 64 "--flush sends what is queued" '--flush with a message' 'tkt-reply --flush -m x'
fails 64 "not both" '--flush with ids and -' 'tkt-reply --flush 1 -'
fails 66 "no such ticket '99'" '--flush of a ticket that does not exist' 'tkt-reply --flush 99'
fails 65 "bad filter 'outbox=lost': no outbox state 'lost'" 'a bad outbox state' 'tkt-ls outbox=lost'
fails 64 "bad filter 'outbox>sent'" 'outbox takes = and != only' 'tkt-ls "outbox>sent"'
check 'a reply for mail to a customer without an address is not stored' '
	tkt-new -s "By phone" -r "@phoneonly" -m "Call me" $AT >/dev/null &&
	n=$(q "SELECT count(*) FROM messages") &&
	! tkt-reply 4 -m "Hello." --sendmail $AT 2>"$T/e" && grep -q "has no email address" "$T/e" &&
	same "$n" "$(q "SELECT count(*) FROM messages")" && same 0 "$(q "SELECT count(*) FROM outbox o JOIN messages m ON m.id = o.message WHERE m.ticket = 4")"'

done_testing
