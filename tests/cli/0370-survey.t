#!/bin/sh
# Surveys: tkt-survey mails the survey through the outbox to the
# customers of tickets solved a while ago, once per ticket and once per
# customer in the window, threaded to the ticket, in its language;
# tkt-new --mail reads the answers of a reply to it as ratings, keeps the
# rest as the customer's comment and leaves the ticket solved.
. "${0%/*}/lib.sh"

# The sendmail command: takes a message when $T/up exists, appending it
# to $T/sent.mbox; refuses it (exit 1) when not.
cat >"$T/sendmail" <<END
#!/bin/sh
test -e "$T/up" || { cat >/dev/null; exit 1; }
{ echo "From tkt"; cat; echo; } >>"$T/sent.mbox"
END
chmod +x "$T/sendmail"
config() {
	cat >"$T/config.yaml" <<END
mail:
  address: support@example.com
  sendmail: $T/sendmail
survey:
  questions: [$1]
  delay: 1h
  once_per_customer_per: 30d
END
}
config "csat, nps"
export TKT_CONFIG=$T/config.yaml
touch "$T/up"

# mail FROM SUBJECT MESSAGE-ID [HEADER]: a mail (body on stdin) delivered
# by tkt-new --mail at $TKT_NOW.
mail() {
	{ printf 'From: %s\nTo: support@example.com\nSubject: %s\nMessage-ID: <%s>\n' "$1" "$2" "$3"
	  test -z "${4-}" || printf '%s\n' "$4"
	  printf 'Content-Type: text/plain; charset=utf-8\n\n'; cat; } | tkt-new --mail
}
# survey_id N: the Message-ID of ticket N's survey.
survey_id() {
	q "SELECT message_id FROM messages WHERE ticket = $1 AND kind = 'system' AND message_id IS NOT NULL"
}
# ratings N: ticket N's ratings, kind=score, in order.
ratings() {
	q "SELECT kind || '=' || score FROM ratings WHERE ticket = $1 ORDER BY id" | joined
}

export TKT_NOW=2026-11-16T09:00:00Z
echo "My router drops the connection every hour." | mail "Ann <ann@example.com>" "Router drops" a1@example.com >/dev/null
echo "And the invoice is wrong." | mail "Ann <ann@example.com>" "Invoice" a2@example.com >/dev/null
tkt-new -s "Phone call" -r "Bob Phone" -c phone -m "Called about the router." >/dev/null
echo "The modem is broken." | mail "Carl <carl@example.com>" "Modem" c1@example.com >/dev/null
echo "Same modem again." | mail "Carl <carl@example.com>" "Modem again" c2@example.com >/dev/null
echo "Καλησπέρα, το ρούτερ δεν λειτουργεί και δεν μπορώ να συνδεθώ στο διαδίκτυο." |
	mail "Νίκος <nikos@example.com>" "Δεν έχω σύνδεση" n1@example.com >/dev/null
echo "Jó napot, a router nem működik, és nem tudok csatlakozni az internethez." |
	mail "Kovács Éva <eva@example.com>" "Nincs internet" e1@example.com >/dev/null
echo "Bună ziua, routerul nu funcționează și nu mă pot conecta la internet." |
	mail "Ioana <ioana@example.com>" "Fără internet" i1@example.com >/dev/null
echo "Late problem." | mail "Dora <dora@example.com>" "Late" d1@example.com >/dev/null
TKT_NOW=2026-11-16T09:30:00Z tkt-merge 5 --into 4 >/dev/null
TKT_NOW=2026-11-16T10:00:00Z tkt-reply 1 2 3 4 5 6 7 8 -m "Done." --status solved >/dev/null 2>&1
TKT_NOW=2026-11-16T10:50:00Z tkt-reply 9 -m "Done." --status solved >/dev/null

check 'before the delay nothing is due' '
	same "" "$(TKT_NOW=2026-11-16T10:30:00Z tkt-survey)" && test ! -e "$T/sent.mbox"'
check '--dry-run lists the tickets due, once per customer, and sends nothing' '
	same "1 4 6 7 8" "$(TKT_NOW=2026-11-16T11:30:00Z tkt-survey --dry-run | joined)" &&
	test ! -e "$T/sent.mbox" && same 0 "$(q "SELECT count(*) FROM events WHERE what = '"'survey'"'")"'
check 'tkt-survey surveys each: not the merged one, nor the phone customer without an address, nor Ann twice' '
	same "1 4 6 7 8" "$(TKT_NOW=2026-11-16T11:30:00Z tkt-survey | joined)" &&
	same 5 "$(grep -c "^From tkt" "$T/sent.mbox")" &&
	same "1 4 6 7 8" "$(q "SELECT ticket FROM events WHERE what = '"'survey'"' ORDER BY ticket" | joined)"'
check 'run again (cron): nothing more; the late ticket once its delay has passed' '
	same "" "$(TKT_NOW=2026-11-16T11:40:00Z tkt-survey)" &&
	same 9 "$(TKT_NOW=2026-11-16T12:00:00Z tkt-survey)" &&
	same "" "$(TKT_NOW=2026-11-20T12:00:00Z tkt-survey)" &&
	same 6 "$(grep -c "^From tkt" "$T/sent.mbox")"'
check 'after the window, Ann is asked about her other ticket' '
	same 2 "$(TKT_NOW=2026-12-17T12:00:00Z tkt-survey --json | jq .id)" &&
	same 7 "$(grep -c "^From tkt" "$T/sent.mbox")"'
check 'the survey mail is threaded to the ticket and asks each question' '
	awk "/^From tkt/{n++} n==1" "$T/sent.mbox" >"$T/m1" &&
	grep -qx "In-Reply-To: <a1@example.com>" "$T/m1" && grep -q "^References: <a1@example.com>" "$T/m1" &&
	grep -qx "Subject: Re: Router drops \[#1\]" "$T/m1" && grep -qx "To: Ann <ann@example.com>" "$T/m1" &&
	grep -qx "Message-I[dD]: <$(survey_id 1)>" "$T/m1" &&
	grep -q "^CSAT: How satisfied" "$T/m1" && grep -q "^NPS: How likely" "$T/m1" &&
	! grep -q "^CES:" "$T/m1"'
check 'in the customer'"'"'s language: Greek, Hungarian, Romanian' '
	q "SELECT body FROM messages WHERE ticket = 6 AND kind = '"'system'"'" | grep -q "^NPS: Πόσο πιθανό" &&
	q "SELECT body FROM messages WHERE ticket = 7 AND kind = '"'system'"'" | grep -q "^CSAT: Mennyire elégedett" &&
	q "SELECT body FROM messages WHERE ticket = 8 AND kind = '"'system'"'" | grep -q "^CSAT: Cât de mulțumit"'
check 'tkt-show logs the survey' '
	tkt-show 1 | grep -q "agent: survey sent: csat nps$"'

check 'sendmail down: the survey is logged and queued (exit 3); --flush sends it once' '
	rm "$T/up"; cp "$T/sent.mbox" "$T/before"
	echo "Hi." | TKT_NOW=2027-02-01T09:00:00Z mail "Fay <fay@example.com>" "Fay" f1@example.com >/dev/null &&
	TKT_NOW=2027-02-01T09:10:00Z tkt-reply 10 -m "Done." --status solved >/dev/null &&
	TKT_NOW=2027-02-01T11:00:00Z tkt-survey >"$T/o" 2>"$T/e"; same 3 $? && same 10 "$(cat "$T/o")" &&
	grep -q "the reply is stored and queued" "$T/e" && same_file "$T/before" "$T/sent.mbox" &&
	same "" "$(TKT_NOW=2027-02-01T11:05:00Z tkt-survey)" && touch "$T/up" &&
	same 10 "$(TKT_NOW=2027-02-01T11:10:00Z tkt-reply --flush)" &&
	same "" "$(TKT_NOW=2027-02-01T11:20:00Z tkt-reply --flush)" &&
	same 1 "$(grep -c "Subject: Re: Fay \[#10\]" "$T/sent.mbox")"'

export TKT_NOW=2026-11-18T09:00:00Z
check 'English: CSAT: 4 and NPS 9 recorded at the mail'"'"'s time, the rest the comment, still solved' '
	printf "CSAT: 4\nNPS 9\n\nQuick and friendly, thanks!\n\nOn Mon, support wrote:\n> old\n" |
		mail "Ann <ann@example.com>" "Re: Router drops [#1]" r1@example.com "In-Reply-To: <$(survey_id 1)>" >"$T/o" &&
	same 1 "$(cat "$T/o")" && same "csat=4 nps=9" "$(ratings 1)" &&
	same "Quick and friendly, thanks!" "$(q "SELECT DISTINCT comment FROM ratings WHERE ticket = 1")" &&
	same "$(q "SELECT created_at FROM messages WHERE message_id = '"'r1@example.com'"'")" \
		"$(q "SELECT DISTINCT at FROM ratings WHERE ticket = 1")" &&
	same solved "$(q "SELECT status FROM tickets WHERE id = 1")" &&
	same customer "$(q "SELECT kind FROM messages WHERE message_id = '"'r1@example.com'"'")"'
check 'Greek: a word of the scale and σύσταση: 8, by [#ID] and the subject alone' '
	printf "Πολύ ικανοποιημένος\nσύσταση: 8\n" |
		mail "Νίκος <nikos@example.com>" "Re: Δεν έχω σύνδεση [#6]" r2@example.com >/dev/null &&
	same "csat=5 nps=8" "$(ratings 6)" && same solved "$(q "SELECT status FROM tickets WHERE id = 6")"'
check 'Hungarian: nagyon elégedett and 10/10' '
	printf "nagyon elégedett\n10/10\nKöszönöm!\n" |
		mail "Kovács Éva <eva@example.com>" "Re: Nincs internet [#7]" r3@example.com "In-Reply-To: <$(survey_id 7)>" >/dev/null &&
	same "csat=5 nps=10" "$(ratings 7)" && same "Köszönöm!" "$(q "SELECT DISTINCT comment FROM ratings WHERE ticket = 7")"'
check 'Romanian: 4/5, recomandare 7, and foarte mulțumit' '
	printf "4/5\nrecomandare 7\nFoarte mulțumit.\n" |
		mail "Ioana <ioana@example.com>" "Re: Fără internet [#8]" r4@example.com "References: <i1@example.com> <$(survey_id 8)>" >/dev/null &&
	same "csat=4 nps=7 csat=5" "$(ratings 8)" && same solved "$(q "SELECT status FROM tickets WHERE id = 8")"'
check 'one question asked: a bare 5 is its answer' '
	config csat &&
	echo "Hi." | TKT_NOW=2027-03-01T09:00:00Z mail "Gus <gus@example.com>" "Gus" g1@example.com >/dev/null &&
	TKT_NOW=2027-03-01T09:10:00Z tkt-reply 11 -m "Done." --status solved >/dev/null &&
	same 11 "$(TKT_NOW=2027-03-01T11:00:00Z tkt-survey)" &&
	printf "5\n" | TKT_NOW=2027-03-02T09:00:00Z mail "Gus <gus@example.com>" "Re: Gus [#11]" r5@example.com "In-Reply-To: <$(survey_id 11)>" >/dev/null &&
	same "csat=5" "$(ratings 11)"'
check 'the effort score too: asked, and Effort: 6 recorded as ces' '
	config "csat, ces, nps" &&
	echo "Hi." | TKT_NOW=2027-04-01T09:00:00Z mail "Hal <hal@example.com>" "Hal" h1@example.com >/dev/null &&
	TKT_NOW=2027-04-01T09:10:00Z tkt-reply 12 -m "Done." --status solved >/dev/null &&
	same 12 "$(TKT_NOW=2027-04-01T11:00:00Z tkt-survey)" &&
	q "SELECT body FROM messages WHERE ticket = 12 AND kind = '"'system'"'" | grep -qi "easy" &&
	printf "CSAT 5\nEffort: 6\nNPS 10\n" | TKT_NOW=2027-04-02T09:00:00Z mail "Hal <hal@example.com>" "Re: Hal [#12]" r10@example.com "In-Reply-To: <$(survey_id 12)>" >/dev/null &&
	same "csat=5 ces=6 nps=10" "$(ratings 12)" && config "csat, nps"'
check 'with two questions a bare number is not guessed: a customer message as any, for an agent (reopens)' '
	printf "5\nthe router works now\n" |
		mail "Ann <ann@example.com>" "Re: Router drops [#1]" r6@example.com "In-Reply-To: <$(survey_id 1)>" >/dev/null &&
	same "csat=4 nps=9" "$(ratings 1)" && same open "$(q "SELECT status FROM tickets WHERE id = 1")" &&
	q "SELECT body FROM messages WHERE ticket = 1 AND kind = '"'customer'"' ORDER BY id DESC LIMIT 1" | grep -q "^the router works now$" &&
	q "SELECT body FROM messages WHERE ticket = 1 AND kind = '"'system'"' ORDER BY id DESC LIMIT 1" | grep -q "no answer that can be read"'
check 'an answer off the scale is refused: not recorded, exit 0, said for an agent' '
	printf "CSAT: 9\n" |
		mail "Ann <ann@example.com>" "Re: Router drops [#1]" r7@example.com "In-Reply-To: <$(survey_id 1)>" >"$T/o" 2>"$T/e" &&
	same 1 "$(cat "$T/o")" && test ! -s "$T/e" && same "csat=4 nps=9" "$(ratings 1)" &&
	q "SELECT body FROM messages WHERE ticket = 1 AND kind = '"'system'"' ORDER BY id DESC LIMIT 1" |
		grep -q "^The survey answer .CSAT: 9. (csat is a whole number from 1 to 5) is not on the scale"'
check 'a reply of no survey answer by [#ID] after the survey reopens the ticket as always' '
	printf "It broke again.\n" | mail "Carl <carl@example.com>" "Modem [#4]" r9@example.com >/dev/null &&
	same "" "$(ratings 4)" && same open "$(q "SELECT status FROM tickets WHERE id = 4")"'
check 'an answer by someone not surveyed is not read' '
	printf "CSAT: 2\n" | mail "Dora <dora@example.com>" "Re: Router drops [#1]" r8@example.com "In-Reply-To: <$(survey_id 1)>" >/dev/null
	same "csat=4 nps=9" "$(ratings 1)"'

fails 78 'bad.yaml:2:[0-9]+: unknown question .happiness.' 'an unknown question in the configuration' \
	'printf "survey:\n  questions: [csat, happiness]\n" >"$T/bad.yaml"; TKT_CONFIG=$T/bad.yaml tkt-survey' 
fails 64 'unexpected argument|usage' 'tkt-survey takes no ids' 'tkt-survey 1'

done_testing
