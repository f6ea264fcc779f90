# The report fixture: 31 tickets built with the tools, at fixed times, in
# families whose every number tests/cli/0110-tkt-report.t works out by hand.
# The window is Monday 2026-11-16 to Monday 2026-11-30 (UTC): ISO weeks 47
# and 48, two weekends, and the holiday on Thursday 2026-11-26.
# Agents: ann, bob, cat.  Sourced by the test, with the tools on PATH.

at() { echo "2026-11-$1T$2:00Z"; }

new() {     # new DAY TIME REQUESTER [tkt-new options]: prints the id
	day=$1 time=$2 who=$3
	shift 3
	tkt-new -s "ticket of $who" -r "$who@example.com" -m "Hello, I have a problem." \
		--at "$(at "$day" "$time")" "$@"
}
reply() {   # reply ID AGENT DAY TIME [tkt-reply options]
	id=$1 as=$2 day=$3 time=$4
	shift 4
	tkt-reply "$id" -m "Hello, here is our answer." --as "$as" --at "$(at "$day" "$time")" "$@" >/dev/null
}
customer() {   # customer ID DAY TIME
	tkt-reply "$1" --customer -m "Thank you, but one more thing." --at "$(at "$2" "$3")" >/dev/null
}
set_() {    # set_ ID AGENT DAY TIME WORD...
	id=$1 as=$2 day=$3 time=$4
	shift 4
	tkt-tag "$id" "$@" --as "$as" --at "$(at "$day" "$time")" >/dev/null
}
rate() {    # rate ID DAY TIME RATING...
	id=$1 day=$2 time=$3
	shift 3
	tkt-rate "$id" "$@" --at "$(at "$day" "$time")" >/dev/null
}

# K: created and solved before the window, never touched since: counts nowhere.
k=$(new 02 09:00 k1)
reply "$k" ann 02 09:30 --status solved

# I (ann): created before the window, answered, then the customer writes
# in the window and ann answers and solves.
for num in 1 2; do
	id=$(new 10 09:00 i$num)
	reply "$id" ann 10 10:00
	customer "$id" 16 09:00
	reply "$id" ann 16 11:00 --status solved
done

# A (ann): answered in an hour, solved an hour later, one touch.
for num in 1 2 3 4 5 6; do
	eval "a$num=\$(new 16 10:00 a$num)"
	eval "id=\$a$num"
	reply "$id" ann 16 11:00 --spent 10m
	set_ "$id" ann 16 12:00 status=solved
done
tkt-reply "$a1" --note -m "Checked the logs first." --as ann --at "$(at 16 10:30)" >/dev/null
rate "$a1" 17 09:00 csat=5 nps=10 agent=9 ces=7
rate "$a2" 17 09:00 csat=5 nps=9 ces=5
rate "$a3" 17 09:00 csat=4 nps=8 ces=2
rate "$a4" 17 09:00 csat=2 nps=3 agent=2 ces=6

# D (ann, all from dora): solved at the first reply, reopened by the
# customer the next day, solved again.
for num in 1 2 3; do
	id=$(tkt-new -s "dora's ticket $num" -r dora@example.com -m "It is broken." --at "$(at 17 09:00)")
	reply "$id" ann 17 09:30 --status solved
	customer "$id" 18 09:00
	reply "$id" ann 18 10:00 --status solved
done

# E (bob, then cat): assigned to bob, transferred to cat, on hold over
# the weekend, solved on Monday.
for num in 1 2 3; do
	id=$(new 19 09:00 e$num --assignee bob)
	set_ "$id" lead 19 11:00 assignee=cat
	reply "$id" cat 19 12:00
	set_ "$id" cat 19 13:00 status=on-hold
	set_ "$id" cat 23 09:00 status=open
	reply "$id" cat 23 10:00 --status solved
done

# B (bob): came in on Friday afternoon, answered on Monday, a second
# question answered, solved.
for num in 1 2 3 4; do
	eval "b$num=\$(new 20 16:00 b$num)"
	eval "id=\$b$num"
	reply "$id" bob 23 10:00 --spent 20m
	customer "$id" 23 11:00
	reply "$id" bob 23 13:00 --spent 5m
	set_ "$id" bob 23 14:00 status=solved
done
rate "$b1" 24 09:00 csat=3 nps=6 agent=5 ces=3
rate "$b2" 24 09:00 csat=5 nps=10 agent=10

# G (bob): opened by bob on the customer's behalf; the customer answers,
# bob answers; still open at the end.
for num in 1 2; do
	id=$(tkt-new -s "we called you" -r "g$num@example.com" -m "As promised on the phone." \
		--outbound --as bob --at "$(at 24 10:00)")
	customer "$id" 24 12:00
	reply "$id" bob 24 14:00
done

# C (cat; C1 and C2 from carol): in on Wednesday afternoon, answered on
# Friday after the holiday with a question (pending), the customer
# answers, solved.
for num in 1 2 3 4; do
	who=c$num
	[ $num -le 2 ] && who=carol
	eval "c$num=\$(new 25 15:00 $who)"
	eval "id=\$c$num"
	reply "$id" cat 27 10:00 --status pending --spent 15m
	customer "$id" 27 12:00
	reply "$id" cat 27 15:00 --status solved
done
rate "$c1" 28 10:00 csat=4 nps=7 agent=8 ces=6
rate "$c2" 28 10:00 csat=1 nps=0 agent=1 ces=1

# F (nobody): urgent, in on Friday morning, never answered; a note only.
for num in 1 2 3 4; do
	id=$(new 27 09:00 f$num -p urgent)
	[ $num = 1 ] && tkt-reply "$id" --note -m "Who takes this?" --as ann --at "$(at 27 10:00)" >/dev/null
done

# J (cat): in on Saturday, answered and solved the same morning; J1 gets
# a thank-you after the solve.
for num in 1 2; do
	id=$(new 28 10:00 j$num)
	reply "$id" cat 28 11:00
	set_ "$id" cat 28 12:00 status=solved
	[ $num = 1 ] && reply "$id" cat 28 13:00
done
