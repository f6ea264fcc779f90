#!/bin/sh
# Drafts: a message written in the editor at a terminal and not stored
# (an abort at the question, Ctrl-C while asked, an error while storing)
# is kept under the XDG state directory, offered by the next tkt-reply of
# the ticket, and removed once stored; nothing of it without the editor.
. "${0%/*}/lib.sh"

if ! have_tty; then
	echo "1..0 # SKIP no pseudo-terminal for script(1)"
	exit 0
fi

# An editor that puts $DRAFT above the cut line, or, with DRAFT unset,
# keeps the text as it is (saved again); a copy of what it was given.
cat >"$T/ed" <<'EOF'
#!/bin/sh
cp "$1" "$ED_SEEN"
if [ "${DRAFT+set}" ]; then
	{ printf '%s\n' "$DRAFT"; sed -n '/^------------------------ >8/,$p' "$1"; } >"$1.new" && mv "$1.new" "$1"
else
	touch "$1"
fi
EOF
chmod +x "$T/ed"
export EDITOR="$T/ed" ED_SEEN="$T/seen"
drafts=$HOME/.local/state/tkt/drafts

tkt-new -s "Printer on fire" -r "Ann <ann@example.com>" -m "It burns." --at 2026-11-20T09:00:00Z >/dev/null

at() {
	script -qec "$*" /dev/null >"$T/tty"
}
stored() {
	tkt-show 1 | grep -c '^message '
}

dump >"$T/before"
check 'an abort at the question keeps the draft, and says where' '
	printf "a\n" | DRAFT="Kept words." at tkt-reply 1; test $? = 65 &&
	grep -q "aborted; nothing stored" "$T/tty" &&
	grep -q "tkt-reply: the draft is kept in .$drafts/1.reply." "$T/tty" &&
	same "Kept words." "$(cat "$drafts/1.reply")" && dump | cmp -s - "$T/before"'
check 'the draft is mode 0600, its directory 0700' '
	same 600 "$(stat -c %a "$drafts/1.reply")" && same 700 "$(stat -c %a "$drafts")"'
check 'without the editor nothing reads it: -m at a terminal, a pipe' '
	at "tkt-reply 1 -m \"A quick one.\"" && ! grep -q "draft" "$T/tty" &&
	echo "From a pipe." | tkt-reply 1 >/dev/null && test -e "$drafts/1.reply" && same 3 "$(stored)"'
check 'the next tkt-reply in the editor offers it, and it is stored' '
	printf "\ny\n" | at tkt-reply 1 &&
	grep -q "A draft of [0-9-]* [0-9:]* is kept for #1: continue it? \[Y/n\]" "$T/tty" &&
	grep -q "^Kept words.$" "$T/seen" && tkt-show 1 | grep -q "^    Kept words.$" && same 4 "$(stored)"'
check 'then it is gone' '! test -e "$drafts/1.reply"'
check 'an empty line answers yes, no answer at all too; n starts afresh' '
	printf "a\n" | DRAFT="Second words." at tkt-reply 1; test $? = 65 &&
	printf "n\na\n" | DRAFT="Third words." at tkt-reply 1; test $? = 65 &&
	! grep -q "Second words" "$T/seen" && same "Third words." "$(cat "$drafts/1.reply")"'
check 'no answer at all continues it' '
	DRAFT="Third words, longer." at tkt-reply 1 </dev/null; test $? = 65 &&
	grep -q "^Third words.$" "$T/seen" && same "Third words, longer." "$(cat "$drafts/1.reply")"'

# Ctrl-C at the question, typed once the question is on the terminal
# (script's input is the pipe, whose writer waits for it).  A shell
# started in the background (as make runs under CI) ignores SIGINT, and
# so would its children: the signal's default is given back to script
# and what it runs (perl can; the shell cannot).
rm -f "$drafts/1.reply"
dump >"$T/before"
interrupt() {
	: >"$T/tty"
	{
		tries=0
		while ! grep -q "Store this reply?" "$T/tty" && [ $tries -lt 600 ]; do
			sleep 0.05
			tries=$((tries + 1))
		done
		printf '\003'
	} | DRAFT="Interrupted words." perl -e '$SIG{INT} = "DEFAULT"; exec @ARGV or die "$ARGV[0]: $!\n"' \
		script -qec "tkt-reply 1" /dev/null >"$T/tty"
}
check 'Ctrl-C at the question keeps the draft and says where' '
	interrupt; same 130 "$?" && grep -q "tkt-reply: the draft is kept in .$drafts/1.reply." "$T/tty" &&
	same "Interrupted words." "$(cat "$drafts/1.reply")" && dump | cmp -s - "$T/before"'

# An error while storing: the store is busy.
hold_lock "$TKT_DB"
check 'an error while storing keeps a note'"'"'s draft too' '
	DRAFT="Noted words." TKT_BUSY_TIMEOUT=100 at tkt-reply 1 --note; test $? = 75 &&
	grep -q "tkt-reply: the draft is kept in .$drafts/1.note." "$T/tty" &&
	same "Noted words." "$(cat "$drafts/1.note")"'
release_lock
check 'each kind has its own: the note is offered for a note' '
	printf "\n" | at tkt-reply 1 --note && grep -q "^Noted words.$" "$T/seen" &&
	tkt-show 1 | grep -q "^    Noted words.$" && ! test -e "$drafts/1.note" && test -e "$drafts/1.reply"'

check '$XDG_STATE_HOME is where drafts go when set' '
	printf "a\n" | XDG_STATE_HOME="$T/state" DRAFT="Elsewhere." at tkt-reply 1; test $? = 65 &&
	same "Elsewhere." "$(cat "$T/state/tkt/drafts/1.reply")"'
: >"$T/plain"
check 'a draft directory that cannot be made: a warning, the text on stderr' '
	printf "a\n" | XDG_STATE_HOME="$T/plain" DRAFT="Not lost." at tkt-reply 1; test $? = 65 &&
	grep -q "tkt-reply: cannot create directory .$T/plain/tkt." "$T/tty" &&
	grep -q "tkt-reply: not stored; the draft, not kept in a file:" "$T/tty" && grep -q "^Not lost." "$T/tty"'

done_testing
