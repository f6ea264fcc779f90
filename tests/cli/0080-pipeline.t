#!/bin/sh
# The tools together: pipelines, and writers running at once.
. "${0%/*}/lib.sh"

i=0
while [ $i -lt 30 ]; do
	i=$((i + 1))
	tkt-new -s "ticket $i" -r "c$((i % 7))@example.com" -m "message $i" --at "@$((1795165200 + i * 3600))" >/dev/null
done
# Answer every third ticket, so 20 of the 30 stay new.
for id in $(seq 3 3 30); do
	tkt-reply "$id" -m "Hello, we are on it." --as mira --at 2026-11-23T09:00:00Z >/dev/null
done

check 'tkt-ls status=new -q | tkt-tag +triage priority=high touches exactly the new tickets' '
	tkt-ls status=new -q >"$T/new" && same 20 "$(wc -l <"$T/new")" &&
	tkt-ls status=new -q | tkt-tag +triage priority=high >"$T/tagged" &&
	cmp "$T/new" "$T/tagged"'
check 'tkt-ls +triage priority=high -q lists the same ids' '
	tkt-ls +triage priority=high -q >"$T/listed" && cmp "$T/new" "$T/listed"'
check 'the store agrees: 20 tagged, 20 high, none of the answered ones' '
	same "20|20|0" "$(q "SELECT (SELECT count(*) FROM tags WHERE tag = '\''triage'\''), (SELECT count(*) FROM tickets WHERE priority = '\''high'\''), (SELECT count(*) FROM tags WHERE tag = '\''triage'\'' AND ticket % 3 = 0)")"'
check 'each change is logged once per ticket' '
	same "20|20" "$(q "SELECT sum(CASE WHEN what = '\''tag'\'' AND new = '\''triage'\'' THEN 1 ELSE 0 END),
		sum(CASE WHEN what = '\''priority'\'' AND new = '\''high'\'' THEN 1 ELSE 0 END) FROM events")"'
check 'tkt-ls feeds tkt-reply: a bulk update to every waiting customer' '
	tkt-ls +triage -q | tkt-reply -m "A quick update: we are still on it." --as olga >"$T/replied" &&
	cmp "$T/new" "$T/replied" && same "" "$(tkt-ls status=new -q)"'
check 'tkt-ls feeds tkt-show --json, and jq reads every object' '
	same 30 "$(tkt-ls -q | tkt-show --json | jq -s "map(.id) | length")"'
check 'tkt-ls output (whole lines) feeds other tools: the first token is the id' '
	tkt-ls status=open | tkt-tag +seen >/dev/null && same 30 "$(tkt-ls +seen -q | wc -l)"'

tkt-new -s "the busy one" -r busy@example.com -m start --at 2026-11-23T10:00:00Z >/dev/null
busy=$(q "SELECT max(id) FROM tickets")
before=$(q "SELECT count(*) FROM messages WHERE ticket = $busy")
per=$(rounds 100)
for w in 1 2 3 4; do
	(
		k=0 errs=0
		while [ $k -lt $per ]; do
			k=$((k + 1))
			tkt-reply "$busy" -m "writer $w reply $k" --as "agent$w" >/dev/null 2>>"$T/errors.$w" ||
				errs=$((errs + 1))
		done
		echo $errs >"$T/failed.$w"
	) &
done
wait

check "four writers at once, $per replies each: exactly $((4 * per)) new messages" '
	same $((4 * per)) "$(($(q "SELECT count(*) FROM messages WHERE ticket = $busy") - before))"'
check 'no writer failed' 'same "0 0 0 0" "$(cat "$T"/failed.* | tr "\n" " " | sed "s/ $//")" && ! test -s "$T/errors.1$T/errors.2"'
check 'no error was printed' 'cat "$T"/errors.* >"$T/all" && ! test -s "$T/all"'
check 'every reply is there once' '
	same $((4 * per)) "$(q "SELECT count(DISTINCT body) FROM messages WHERE ticket = $busy AND body LIKE '\''writer %'\''")"'
check 'the store passes the integrity check' 'whole'

done_testing
