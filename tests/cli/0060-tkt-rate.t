#!/bin/sh
# tkt-rate: survey answers, credited to the assigned agent.
. "${0%/*}/lib.sh"

tkt-new -s one -r a@example.com -m x --at 2026-11-20T09:00:00Z >/dev/null
tkt-new -s two -r b@example.com -m x --at 2026-11-20T09:00:00Z >/dev/null
tkt-reply 1 -m "Hello" --as mira --at 2026-11-20T10:00:00Z >/dev/null

check 'csat, nps and agent in one step' '
	same 1 "$(tkt-rate 1 csat=4 nps=10 agent=9 -m "Very helpful" --at 2026-11-21T09:00:00Z)" &&
	same "csat:4:mira:Very helpful nps:10:mira:Very helpful agent:9:mira:Very helpful" \
		"$(q "SELECT kind || '\'':'\'' || score || '\'':'\'' || agent || '\'':'\'' || comment FROM ratings ORDER BY id" | joined)"'
check 'the time is recorded' 'same 1795251600 "$(q "SELECT DISTINCT at FROM ratings")"'
check 'an unassigned ticket has no agent to credit' '
	tkt-rate 2 csat=1 >/dev/null && same "1|" "$(q "SELECT score, coalesce(agent, '\'''\'') FROM ratings WHERE ticket = 2")"'
check 'the ends of each scale' '
	tkt-rate 2 csat=5 nps=0 nps=10 agent=1 agent=10 >/dev/null &&
	same 6 "$(q "SELECT count(*) FROM ratings WHERE ticket = 2")"'
check 'ids from stdin' 'same "1
2" "$(printf "1\n2\n" | tkt-rate csat=3)"'
check 'ces, the customer effort score, from 1 to 7' '
	same 2 "$(tkt-rate 2 ces=1 ces=7 ces=5)" &&
	same "1 7 5" "$(q "SELECT score FROM ratings WHERE kind = '\''ces'\'' ORDER BY id" | joined)"'
before=$(dump)
fails 65 "^tkt-rate: rating ces must be a whole number from 1 to 7, not '8'$" 'ces above 7' 'tkt-rate 1 ces=8'
fails 65 "^tkt-rate: rating ces must be a whole number from 1 to 7, not '0'$" 'ces below 1' 'tkt-rate 1 2 ces=0'
fails 65 "^tkt-rate: rating ces must be a whole number from 1 to 7, not '6.5'$" 'a fraction of ces' \
	'tkt-rate 1 ces=6.5'
check 'a refused ces changes nothing, nor do the good ratings beside it' '
	tkt-rate 1 csat=5 ces=9 2>/dev/null; same 65 $? && same "$before" "$(dump)"'

fails 65 "rating csat must be a whole number from 1 to 5, not '6'" 'csat above 5' 'tkt-rate 1 csat=6'
fails 65 "rating csat must be a whole number from 1 to 5, not '0'" 'csat below 1' 'tkt-rate 1 csat=0'
fails 65 "rating nps must be a whole number from 0 to 10, not '11'" 'nps above 10' 'tkt-rate 1 nps=11'
fails 65 "rating agent must be a whole number from 1 to 10, not '0'" 'agent below 1' 'tkt-rate 1 agent=0'
fails 65 "not '4.5'" 'a fraction' 'tkt-rate 1 csat=4.5'
fails 65 "not ''" 'no score' 'tkt-rate 1 csat='
fails 64 "$(re "unknown rating 'stars' (csat=1..5, nps=0..10, agent=1..10 or ces=1..7)")$" \
	'an unknown survey, and the kinds there are' 'tkt-rate 1 stars=3'
fails 64 "bad rating 'great'" 'a word that is no rating' 'tkt-rate 1 great'
fails 64 "no rating given" 'no rating' 'tkt-rate 1'
fails 66 "no such ticket '7'" 'a ticket that does not exist' 'tkt-rate 7 csat=5'
fails 66 "no such ticket '7'" 'nothing is written when one id is missing' 'tkt-rate 1 7 csat=5'
fails 65 "before ticket 1 was created" 'a rating before the ticket' 'tkt-rate 1 csat=5 --at 2026-11-01'
fails 65 "not valid UTF-8" 'a comment that is not UTF-8' 'tkt-rate 1 csat=5 -m "$(printf "\377")"'

done_testing
