#!/bin/sh
# tkt-ls and tkt-show at a terminal: colour, a pager, times relative to
# now; in a pipe, the same bytes as ever.  And the requester's history
# that tkt-show heads each ticket with.
. "${0%/*}/lib.sh"

export TERM=xterm
unset NO_COLOR PAGER TKT_PAGER LESS

NOW=2026-11-23T12:00:00Z
ESC=$(printf '\033')

# Three customers; every status, four priorities, each kind of message.
{
tkt-new -s "Router drops" -r "Ann Smith <ann@example.com>" -c email -p high --type defect \
	-f order=100234 +router -m "It drops every hour." --at 2026-11-20T09:00:00Z
tkt-reply 1 --note -m "Firmware bug?" --as mira --at 2026-11-20T09:30:00Z
tkt-reply 1 -m "Hello Ann, a firmware update fixes this." --spent 15m --as mira --at 2026-11-20T10:00:00Z
tkt-reply 1 --customer -m "Fixed, thanks." --at 2026-11-20T11:00:00Z
tkt-tag 1 status=solved --as mira --at 2026-11-20T12:00:00Z
tkt-rate 1 csat=2 --at 2026-11-21T09:00:00Z
tkt-new -s "Late delivery" -r bob@example.com -c web -m "Where is my parcel?" --at 2026-11-21T09:00:00Z
tkt-new -s "Invoice twice" -r "Ann Smith <ann@example.com>" -p urgent -m "Charged twice." --at 2026-11-22T09:00:00Z
tkt-reply 3 -m "Hello Ann, we are checking." --as joe --at 2026-11-22T09:10:00Z
tkt-tag 3 status=pending --as joe --at 2026-11-22T09:20:00Z
tkt-new -s "Password reset" -r "Ann Smith <ann@example.com>" -p low -m "Cannot log in." --at 2026-11-23T08:00:00Z
tkt-tag 4 status=on-hold --at 2026-11-23T08:05:00Z
tkt-new -s "Old question" -r @carl -m "Hi." --at 2026-11-10T08:00:00Z
tkt-tag 5 status=closed --at 2026-11-11T08:00:00Z
tkt-new -s "New again" -r "ann@example.com" -m "One more thing." --at 2026-11-23T09:00:00Z
} >/dev/null

# What tkt-ls and tkt-show printed for this store before they knew of
# terminals (tkt-show without the lines that are new: the history, when
# the ticket is due, the changes between the messages).
cat >"$T/ls.before" <<'END'
1	solved	high	3d	Ann Smith <ann@example.com>	Router drops
2	new	normal	2d	bob@example.com	Late delivery
3	pending	urgent	1d	Ann Smith <ann@example.com>	Invoice twice
4	on-hold	low	4h	Ann Smith <ann@example.com>	Password reset
5	closed	normal	13d	@carl	Old question
6	new	normal	3h	Ann Smith <ann@example.com>	New again
END
cat >"$T/show.before" <<'END'
ticket     1
subject    Router drops
status     solved
priority   high
type       defect
channel    email
requester  Ann Smith <ann@example.com>
assignee   mira
group      -
created    2026-11-20T09:00:00Z
updated    2026-11-21T09:00:00Z
solved     2026-11-20T12:00:00Z
tags       router
field.order 100234

message 1  customer  email  2026-11-20T09:00:00Z  Ann Smith <ann@example.com>
    It drops every hour.

message 2  note  email  2026-11-20T09:30:00Z  mira
    Firmware bug?

message 3  agent  email  2026-11-20T10:00:00Z  mira  spent 15m
    Hello Ann, a firmware update fixes this.

message 4  customer  email  2026-11-20T11:00:00Z  Ann Smith <ann@example.com>
    Fixed, thanks.

ticket     2
subject    Late delivery
status     new
priority   normal
type       -
channel    web
requester  bob@example.com
assignee   -
group      -
created    2026-11-21T09:00:00Z
updated    2026-11-21T09:00:00Z
solved     -
tags       -

message 1  customer  web  2026-11-21T09:00:00Z  bob@example.com
    Where is my parcel?

ticket     3
subject    Invoice twice
status     pending
priority   urgent
type       -
channel    api
requester  Ann Smith <ann@example.com>
assignee   joe
group      -
created    2026-11-22T09:00:00Z
updated    2026-11-22T09:20:00Z
solved     -
tags       -

message 1  customer  api  2026-11-22T09:00:00Z  Ann Smith <ann@example.com>
    Charged twice.

message 2  agent  api  2026-11-22T09:10:00Z  joe
    Hello Ann, we are checking.

ticket     4
subject    Password reset
status     on-hold
priority   low
type       -
channel    api
requester  Ann Smith <ann@example.com>
assignee   -
group      -
created    2026-11-23T08:00:00Z
updated    2026-11-23T08:05:00Z
solved     -
tags       -

message 1  customer  api  2026-11-23T08:00:00Z  Ann Smith <ann@example.com>
    Cannot log in.

ticket     5
subject    Old question
status     closed
priority   normal
type       -
channel    api
requester  @carl
assignee   -
group      -
created    2026-11-10T08:00:00Z
updated    2026-11-11T08:00:00Z
solved     2026-11-11T08:00:00Z
tags       -

message 1  customer  api  2026-11-10T08:00:00Z  @carl
    Hi.

ticket     6
subject    New again
status     new
priority   normal
type       -
channel    api
requester  Ann Smith <ann@example.com>
assignee   -
group      -
created    2026-11-23T09:00:00Z
updated    2026-11-23T09:00:00Z
solved     -
tags       -

message 1  customer  api  2026-11-23T09:00:00Z  Ann Smith <ann@example.com>
    One more thing.
END
cat >"$T/history" <<'END'
history    first ticket
history    first ticket
history    1 earlier ticket, 0 open, last rating csat 2
history    2 earlier tickets, 1 open, last rating csat 2
history    first ticket
history    3 earlier tickets, 2 open, last rating csat 2
END

# A pager that marks what went through it.
cat >"$T/pager" <<'END'
#!/bin/sh
echo PAGED
exec cat
END
cat >"$T/other-pager" <<'END'
#!/bin/sh
echo OTHER
exec cat
END
chmod +x "$T/pager" "$T/other-pager"
export PAGER=$T/pager

# no_sgr: the input without its SGR sequences.
no_sgr() { sed "s/$ESC\[[0-9;]*m//g"; }

# ---- in a pipe: as before, whatever PAGER says --------------------------

check 'tkt-ls in a pipe: the bytes of before, no pager' '
	TKT_NOW=$NOW tkt-ls >"$T/o" && cmp "$T/ls.before" "$T/o"'
check 'tkt-ls in a pipe: --at, sorted, --color=never and auto alike' '
	tkt-ls --at $NOW -S priority -r >"$T/o" &&
	tkt-ls --at $NOW -S priority -r --color=never | cmp - "$T/o" &&
	tkt-ls --at $NOW -S priority -r --color auto | cmp - "$T/o" &&
	sort -n "$T/o" | cmp - "$T/ls.before"'
check 'tkt-show in a pipe: every line of before, the same bytes, and the new lines' '
	tkt-show 1 2 3 4 5 6 >"$T/o" &&
	grep -Ev "^(history |due |breach |  2026-)" "$T/o" | cmp - "$T/show.before" &&
	grep "^history " "$T/o" | cmp - "$T/history"'
check 'tkt-show in a pipe: the history line comes after the requester' '
	tkt-show 6 | sed -n 7,8p >"$T/o" &&
	printf "requester  Ann Smith <ann@example.com>\nhistory    3 earlier tickets, 2 open, last rating csat 2\n" |
	cmp - "$T/o"'
check 'tkt-show in a pipe: --color=never and auto change nothing' '
	tkt-show 1 3 >"$T/o" && tkt-show --color=never 1 3 | cmp - "$T/o" &&
	tkt-show --color=auto 1 3 | cmp - "$T/o"'
check 'in a pipe TKT_PAGER is not run either' '
	TKT_PAGER=$T/other-pager tkt-show 1 >"$T/o" && ! grep -q OTHER "$T/o" &&
	TKT_PAGER=$T/other-pager tkt-ls >"$T/o" && ! grep -q OTHER "$T/o"'
check '--color=always in a pipe: colour, ISO times, no pager; without it, the same text' '
	tkt-show --color=always 1 >"$T/o" && grep -q "$ESC\[" "$T/o" && ! grep -q PAGED "$T/o" &&
	grep -q "^status     $ESC\[[0-9;]*msolved$ESC\[0m\$" "$T/o" &&
	grep -q "^created    2026-11-20T09:00:00Z\$" "$T/o" &&
	no_sgr <"$T/o" | cmp - "$(tkt-show 1 >"$T/plain" && echo "$T/plain")"'
check '--color=always: customer and agent messages and notes in colours of their own' '
	tkt-show --color=always 1 >"$T/o" &&
	c=$(grep "message 1  customer" "$T/o" | cut -c1-10) && a=$(grep "message 3  agent" "$T/o" | cut -c1-10) &&
	n=$(grep "message 2  note" "$T/o" | cut -c1-10) &&
	case $c in "$ESC["*) ;; *) exit 1;; esac &&
	test "$c" != "$a" && test "$c" != "$n" && test "$a" != "$n"'
check 'tkt-ls --color=always in a pipe: status and priority coloured, the rest as before' '
	TKT_NOW=$NOW tkt-ls --color=always >"$T/o" && grep -q "^3	$ESC\[[0-9;]*mpending$ESC\[0m	$ESC\[[0-9;]*murgent$ESC\[0m	1d	" "$T/o" &&
	no_sgr <"$T/o" | cmp - "$T/ls.before"'
check '--color=always wins over NO_COLOR' '
	NO_COLOR=1 tkt-ls --color=always | grep -q "$ESC\["'
check '--json and -q are never coloured' '
	tkt-show --json --color=always 1 | jq -e . >/dev/null &&
	! tkt-show --json --color=always 1 | grep -q "$ESC" &&
	! tkt-ls -q --color=always | grep -q "$ESC" && ! tkt-ls --json --color=always | grep -q "$ESC"'

fails 64 "^tkt-ls: bad --color 'sometimes' \(auto, always or never\)\$" 'tkt-ls: a bad --color value' \
	'tkt-ls --color=sometimes'
fails 64 "^tkt-show: bad --color 'yes' \(auto, always or never\)\$" 'tkt-show: a bad --color value' \
	'tkt-show --color yes 1'
fails 64 "^tkt-show: bad --color '' " 'tkt-show: an empty --color value' 'tkt-show --color= 1'
fails 64 "option '--color' needs a value" '--color without a value' 'tkt-ls --color'

# ---- at a terminal -------------------------------------------------------

# at_tty CMD: run the shell command CMD at a terminal (script(1)), then
# "exit N" for its status; the output without carriage returns.
at_tty() {
	script -qec "$1; echo \"exit \$?\"" /dev/null </dev/null | tr -d '\r'
}

if have_tty; then
	check 'tkt-ls at a terminal: paged, coloured, ages as "3d ago"' '
		at_tty "tkt-ls --at $NOW" >"$T/o" && same PAGED "$(head -1 "$T/o")" &&
		grep -q "^1	$ESC\[[0-9;]*msolved$ESC\[0m	$ESC\[[0-9;]*mhigh$ESC\[0m	3d ago	-	Ann Smith" "$T/o" &&
		grep -q "	13d ago	-	@carl	Old question\$" "$T/o" && grep -qx "exit 0" "$T/o"'
	check 'tkt-ls at a terminal: the same tickets and columns as in a pipe, and when each is due' '
		at_tty "tkt-ls --at $NOW" | sed "1d;\$d" | no_sgr | sed "s/ ago	/	/" | cut -f1-4,6- |
		cmp - "$T/ls.before"'
	check 'tkt-show at a terminal: paged, coloured, times relative to now' '
		at_tty "tkt-show --at $NOW 1" >"$T/o" && same PAGED "$(head -1 "$T/o")" &&
		grep -q "^status     $ESC\[[0-9;]*msolved$ESC\[0m\$" "$T/o" &&
		grep -qx "created    3d ago" "$T/o" && grep -qx "updated    2d ago" "$T/o" &&
		grep -qx "solved     3d ago" "$T/o" &&
		grep -q "^$ESC\[[0-9;]*mmessage 1  customer  email  3d ago  Ann Smith <ann@example.com>$ESC\[0m\$" "$T/o" &&
		grep -qx "history    first ticket" "$T/o" && grep -qx "exit 0" "$T/o"'
	check 'tkt-show at a terminal: "just now", minutes and hours' '
		at_tty "tkt-show --at 2026-11-23T09:00:30Z 6" >"$T/o" && grep -qx "created    just now" "$T/o" &&
		at_tty "tkt-show --at 2026-11-23T09:45:00Z 6" | grep -qx "created    45m ago" &&
		TKT_NOW=2026-11-23T14:00:00Z at_tty "tkt-show 6" | grep -qx "created    5h ago"'
	check 'tkt-show at a terminal: each line as in a pipe, but for colour and times' '
		at_tty "tkt-show --at $NOW 1 2 3 4 5 6" | sed "1d;\$d" | no_sgr >"$T/o" &&
		tkt-show --at $NOW 1 2 3 4 5 6 |
		sed -E "s/^(created|updated|solved) +2026.*/\1/;s/^(due +[a-z-]+) 2026.*/\1/;s/  2026-[0-9T:Z-]+  /  TIME  /" >"$T/p" &&
		sed -E "s/^(created|updated|solved) +[0-9].* ago$/\1/;s/^(due +[a-z-]+) (in [0-9]+[mhdw]|[0-9]+[mhdw] late)$/\1/;s/  [0-9]+[mhdw] ago  /  TIME  /" "$T/o" |
		cmp - "$T/p"'
	check 'NO_COLOR at a terminal: no colour, still paged and relative' '
		NO_COLOR=1 at_tty "tkt-show --at $NOW 1; tkt-ls --at $NOW" >"$T/o" && ! grep -q "$ESC" "$T/o" &&
		same 2 "$(grep -c "^PAGED\$" "$T/o")" && grep -qx "created    3d ago" "$T/o"'
	check 'NO_COLOR empty is no NO_COLOR' '
		NO_COLOR= at_tty "tkt-ls --at $NOW" | grep -q "$ESC\["'
	check '--color=never at a terminal: no colour' '
		at_tty "tkt-show --color=never 1; tkt-ls --color never" >"$T/o" && ! grep -q "$ESC" "$T/o" &&
		grep -q "^PAGED" "$T/o"'
	check 'TERM=dumb: no colour' 'TERM=dumb at_tty "tkt-ls" >"$T/o" && ! grep -q "$ESC" "$T/o"'
	check 'TKT_PAGER wins over PAGER' '
		TKT_PAGER=$T/other-pager at_tty "tkt-show 1" >"$T/o" && same OTHER "$(head -1 "$T/o")" &&
		! grep -q PAGED "$T/o"'
	check 'PAGER=cat, an empty PAGER or TKT_PAGER: no pager, still colour' '
		PAGER=cat at_tty "tkt-ls" >"$T/o" && ! grep -q PAGED "$T/o" && grep -q "$ESC\[" "$T/o" &&
		PAGER= at_tty "tkt-show 1" >"$T/o" && ! grep -q PAGED "$T/o" && grep -q "^ticket     1" "$T/o" &&
		TKT_PAGER= at_tty "tkt-show 1" >"$T/o" && ! grep -q PAGED "$T/o" && grep -q "^ticket     1" "$T/o"'
	check 'a pager that quits at once is no error: exit 0, nothing on stderr' '
		ids=$(seq 2000 | sed "s/.*/1/" | tr "\n" " ") &&
		PAGER=true at_tty "tkt-show $ids 2>$T/e; echo \"rc \$?\" >$T/rc" >"$T/o" &&
		same "rc 0" "$(cat "$T/rc")" && ! test -s "$T/e"'
	check 'at a terminal: nothing listed still exits 1, a missing ticket 66' '
		at_tty "tkt-ls status=open" | grep -qx "exit 1" &&
		at_tty "tkt-show 1 99" >"$T/o" && grep -qx "exit 66" "$T/o" &&
		grep -q "^tkt-show: no such ticket .99.\$" "$T/o" && grep -q "^ticket     1" "$T/o"'
	check 'a pager that cannot be run: said, and exit 78' '
		PAGER=$T/no-such-pager at_tty "tkt-ls" >"$T/o" && grep -qx "exit 78" "$T/o" &&
		grep -q "^tkt-ls: cannot run the pager .*no-such-pager" "$T/o"'
	check 'at a terminal, control characters in a message are shown as spaces' '
		tkt-new -s "Escapes" -r eve@example.com -m "$(printf "bad${ESC}[2Jnews")" --at $NOW >/dev/null &&
		tkt-show 7 | grep -q "bad${ESC}\[2Jnews" &&
		at_tty "tkt-show --color=never 7" | grep -qx "    bad \[2Jnews"'
else
	skip 'the terminal tests' 'script(1) cannot give a command a terminal here'
fi

# ---- the requester's history ----------------------------------------------

check 'tkt-ls requester=EMAIL lists what the history counts' '
	same "1 3 4 6" "$(tkt-ls requester=ann@example.com -q | tr "\n" " " | sed "s/ $//")" &&
	same "3 4" "$(tkt-ls requester=ann@example.com status!=solved,closed "created<2026-11-23T09:00:00Z" -q |
		tr "\n" " " | sed "s/ $//")"'
check 'a first ticket' '
	same "history    first ticket" "$(tkt-show 2 | grep "^history ")"'
check 'a customer without ratings: last rating -' '
	tkt-new -s "Again" -r bob@example.com -m "Still nothing." --at 2026-11-23T10:00:00Z >/dev/null &&
	same "history    1 earlier ticket, 1 open, last rating -" "$(tkt-show 8 | grep "^history ")"'
check 'the last rating given counts, and a solved ticket is no longer open' '
	tkt-rate 3 nps=9 --at 2026-11-23T10:00:00Z >/dev/null &&
	tkt-tag 4 status=solved --at 2026-11-23T10:00:00Z >/dev/null &&
	same "history    3 earlier tickets, 1 open, last rating nps 9" "$(tkt-show 6 | grep "^history ")"'
check 'the email in any case is the same requester' '
	tkt-new -s "Shouting" -r ANN@EXAMPLE.COM -m "Hello?" --at 2026-11-23T11:00:00Z >/dev/null &&
	same "history    4 earlier tickets, 2 open, last rating nps 9" "$(tkt-show 9 | grep "^history ")"'
check 'a rating of the ticket itself is not its history' '
	tkt-rate 9 csat=5 --at 2026-11-23T11:30:00Z >/dev/null &&
	same "history    4 earlier tickets, 2 open, last rating nps 9" "$(tkt-show 9 | grep "^history ")" &&
	same "history    3 earlier tickets, 1 open, last rating nps 9" "$(tkt-show 6 | grep "^history ")"'
check 'a ticket imported with an earlier time is earlier' '
	tkt-new -s "From the archive" -r ann@example.com -m "Old." --at 2026-01-05T09:00:00Z >/dev/null &&
	same "history    first ticket" "$(tkt-show 10 | grep "^history ")" &&
	same "history    1 earlier ticket, 1 open, last rating -" "$(tkt-show 1 | grep "^history ")"'
check 'tkt-show --json is as before: no history in it' '
	same false "$(tkt-show --json 6 | jq "has(\"history\")")"'

# ---- a long list into a pager that has seen enough ---------------------

# Two thousand copies of ticket 2, as ids 1001 to 3000.
tkt-export id=2 | awk '{ for (i = 1001; i <= 3000; i++) { l = $0
	sub(/^\{"id":2,/, "{\"id\":" i ",", l)
	sub(/"messages":\[\{"id":[0-9]+,/, "\"messages\":[{\"id\":" i + 10000 ",", l)
	print l } }' | tkt-new --batch -q
if have_tty; then
	check 'tkt-ls into a pager that quits after three lines: exit 0, nothing on stderr' '
		same 2010 "$(tkt-ls -q | wc -l)" &&
		PAGER="head -3" at_tty "tkt-ls 2>$T/e" >"$T/o" && ! test -s "$T/e" &&
		same "exit 0" "$(sed -n 4p "$T/o")" && same 4 "$(wc -l <"$T/o")"'
else
	skip 'a pager that quits early' 'script(1) cannot give a command a terminal here'
fi

done_testing
