#!/bin/sh
# tkt-tag: tags and the structured attributes, each change logged.
. "${0%/*}/lib.sh"

for i in 1 2 3; do
	tkt-new -s "ticket $i" -r "c$i@example.com" -m "body $i" --at 2026-11-20T09:00:00Z >/dev/null
done

check 'add tags and set attributes in one step' '
	same 1 "$(tkt-tag 1 +refund +vip priority=urgent type=billing group=tier2 assignee=mira --as lead --at 2026-11-20T10:00:00Z)" &&
	same "urgent|billing|tier2|mira" "$(q "SELECT priority, type, grp, assignee FROM tickets WHERE id = 1")" &&
	same "refund vip" "$(q "SELECT tag FROM tags WHERE ticket = 1 ORDER BY tag" | joined)"'
check 'every change is an event with its actor' '
	same "tag::refund:lead tag::vip:lead priority:normal:urgent:lead type::billing:lead group::tier2:lead assignee::mira:lead" \
		"$(q "SELECT what || '\'':'\'' || coalesce(old, '\'''\'') || '\'':'\'' || coalesce(new, '\'''\'') || '\'':'\'' || actor FROM events WHERE ticket = 1 AND at = 1795168800 ORDER BY id" | joined)"'
check 'the ticket is marked updated' '
	same 1795168800 "$(q "SELECT updated_at FROM tickets WHERE id = 1")"'
check 'removing a tag' '
	tkt-tag 1 -vip --at 2026-11-20T11:00:00Z >/dev/null &&
	same "refund" "$(q "SELECT tag FROM tags WHERE ticket = 1 ORDER BY tag" | joined ,)" &&
	same "tag:vip:" "$(q "SELECT what || '\'':'\'' || old || '\'':'\'' || coalesce(new, '\'''\'') FROM events ORDER BY id DESC LIMIT 1")"'
check 'a change that changes nothing logs nothing' '
	before=$(q "SELECT count(*) FROM events") &&
	tkt-tag 1 +refund priority=urgent -absent >/dev/null &&
	same "$before" "$(q "SELECT count(*) FROM events")"'
check 'clearing assignee, type and group' '
	tkt-tag 1 assignee= type= group= --at 2026-11-20T12:00:00Z >/dev/null &&
	same "||" "$(q "SELECT assignee, type, grp FROM tickets WHERE id = 1")"'
check 'a transfer is an assignee change from one agent to another' '
	tkt-tag 2 assignee=mira --at 2026-11-20T12:00:00Z >/dev/null && tkt-tag 2 assignee=olga --at 2026-11-20T13:00:00Z >/dev/null &&
	same "mira:olga" "$(q "SELECT old || '\'':'\'' || new FROM events WHERE ticket = 2 AND what = '\''assignee'\'' AND old IS NOT NULL")"'
check 'status=solved stamps the solve time; status=open reopens' '
	tkt-tag 3 status=solved --at 2026-11-21T09:00:00Z >/dev/null &&
	same "solved|1795251600" "$(q "SELECT status, solved_at FROM tickets WHERE id = 3")" &&
	tkt-tag 3 status=open --at 2026-11-21T10:00:00Z >/dev/null &&
	same "open|" "$(q "SELECT status, coalesce(CAST(solved_at AS TEXT), '\'''\'') FROM tickets WHERE id = 3")" &&
	same 1 "$(q "SELECT count(*) FROM events WHERE ticket = 3 AND what = '\''reopen'\''")"'
check 'custom fields are set and removed' '
	tkt-tag 2 field.order=100234 field.carrier=DHL >/dev/null &&
	same "carrier=DHL order=100234" "$(q "SELECT name || '\''='\'' || value FROM fields WHERE ticket = 2 ORDER BY name" | joined)" &&
	tkt-tag 2 field.carrier= >/dev/null &&
	same "order=100234" "$(q "SELECT name || '\''='\'' || value FROM fields WHERE ticket = 2 ORDER BY name" | joined)"'
check 'ids from stdin' '
	same "2
3" "$(printf "2\n3\n" | tkt-tag +bulk)" &&
	same 2 "$(q "SELECT count(*) FROM tags WHERE tag = '\''bulk'\''")"'
check 'tags may hold - _ : . and non-ASCII letters' '
	tkt-tag 2 +needs-info +sla:gold +v1.2 +my_tag +ügyfél >/dev/null &&
	same 5 "$(q "SELECT count(*) FROM tags WHERE ticket = 2 AND tag IN ('\''needs-info'\'', '\''sla:gold'\'', '\''v1.2'\'', '\''my_tag'\'', '\''ügyfél'\'')")"'
check '--json prints objects' 'same "{\"id\":2}" "$(tkt-tag 2 +j --json)"'

fails 66 "no such ticket '42'" 'a ticket that does not exist' 'tkt-tag 42 +x'
fails 66 "no such ticket '42'" 'nothing is written when one id is missing' 'tkt-tag 1 2 42 +x priority=high'
fails 65 "bad priority 'critical'" 'priority outside the set' 'tkt-tag 1 priority=critical'
fails 65 "bad status 'closed-ish'" 'status outside the set' 'tkt-tag 1 status=closed-ish'
fails 65 "status cannot be empty" 'an empty status' 'tkt-tag 1 status='
fails 65 "bad tag 'Urgent'" 'an upper-case tag' 'tkt-tag 1 +Urgent'
fails 65 "bad tag 'a b'" 'a tag with a space' 'tkt-tag 1 "+a b"'
fails 65 "bad tag" 'a tag with a quote' "tkt-tag 1 \"+x'; DROP TABLE tickets;--\""
fails 64 "unknown attribute 'colour'" 'an unknown attribute' 'tkt-tag 1 colour=red'
fails 64 "unknown attribute 'channel'" 'the channel is how a ticket came in, not a tag' 'tkt-tag 1 channel=email'
fails 64 "bad change 'urgent'" 'a word that is no change' 'tkt-tag 1 urgent'
fails 64 "nothing to change" 'no change given' 'tkt-tag 1'
fails 64 "unknown option '--force'" 'an unknown option' 'tkt-tag --force 1 +x'
fails 65 "before ticket 1 was created" '--at before the ticket' 'tkt-tag 1 +x --at 2026-01-01'
fails 65 "stdin line 1: bad ticket id" 'a bad id on stdin' 'echo "one" | tkt-tag +x'
check 'no id on a stdin that is empty: nothing to do, exit 0, nothing printed or stored' '
	snapshot "$TKT_DB" && same "" "$(tkt-tag +x </dev/null)" && unchanged "$TKT_DB"'
if have_tty; then
	check 'no id at a terminal: a usage error' '
		script -qec "tkt-tag +x" /dev/null </dev/null >"$T/o" 2>&1; grep -q "no ticket id given" "$T/o"'
else
	skip 'no id at a terminal: a usage error' 'no pseudo-terminal here'
fi

check 'assignee=me assigns the agent acting, as assignee=me finds them' '
	tkt-tag 2 assignee=me --as zoe --at 2026-11-20T14:00:00Z >/dev/null &&
	same 2 "$(tkt-ls assignee=me --as zoe -q)" && same 2 "$(tkt-ls assignee=zoe -q)" &&
	tkt-show 2 | grep -q "^assignee  *zoe$"'

done_testing
