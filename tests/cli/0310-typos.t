#!/bin/sh
# A typo never changes what a command means without a word: -TAG where a
# tool takes no such words, attached values that begin with a letter, an
# option given twice, tags no ticket has ever had, unknown and shortened
# long options, and --at in the future.
. "${0%/*}/lib.sh"

# Ticket 1 has refund; 2 had old, removed since (only the log has it);
# 3 has the one-letter tag a.
{
	tkt-new -s "Refund" -r ann@example.com -m "Please." +refund --at 2026-11-20T09:00:00Z
	tkt-new -s "Old" -r bob@example.com -m "Hi." +old --at 2026-11-20T10:00:00Z
	tkt-new -s "Short" -r cid@example.com -m "Hey." +a --at 2026-11-20T11:00:00Z
	tkt-tag 2 -old --at 2026-11-20T12:00:00Z
} >/dev/null
check 'the store: tag old only in the log' '
	same "a refund" "$(q "SELECT tag FROM tags ORDER BY tag" | joined)" &&
	same 1 "$(q "SELECT count(*) FROM events WHERE what = '\''tag'\'' AND old = '\''old'\''")"'

# warns CODE PATTERN NAME COMMAND...: exits CODE with exactly one line on
# stderr, matching, the store unchanged (as fails checks).
warns() {
	fails "$@"
}

# ---- -word in a tool without -TAG words ---------------------------------
fails 64 "^tkt-new: unknown option '-refund' \(tags are written \+refund; a value of -r that begins with a letter goes after a space, '-r efund', or '--requester=efund'\)$" \
	'-refund in tkt-new is no -r efund' 'tkt-new -s a -r b@c.d -m hi -refund'
fails 64 "unknown option '-billing' \(tags are written \+billing\)" \
	'-TAG of an unknown letter in tkt-new' 'tkt-new -s a -r b@c.d -m hi -billing'
fails 64 "unknown option '-mail'; did you mean '--mail'\?" \
	'a long option written with one dash' 'tkt-new -mail'
fails 64 "tkt-reply: unknown option '-mhello' \(a value of -m that begins with a letter goes after a space, '-m hello', or '--message=hello'\)" \
	'tkt-reply takes no tags: only how to write the value' 'tkt-reply 1 -mhello'
check 'a value that does not begin with a letter may be attached (-r@handle, -p2)' '
	tkt-new -s "Handle" -r@dee -m "Yo." --at 2026-11-21T09:00:00Z >/dev/null &&
	same "@dee" "$(q "SELECT c.handle FROM tickets t JOIN customers c ON c.id = t.requester WHERE t.id = 4")" &&
	same 4 "$(tkt-link 4 -p2 --at 2026-11-21T09:30:00Z)" &&
	same 2 "$(q "SELECT problem FROM tickets WHERE id = 4")"'

# ---- an option given twice ----------------------------------------------
fails 64 "^tkt-new: -r given twice \('b@c\.d', then 'x@y\.z'\): give it once$" \
	'-r twice in tkt-new' 'tkt-new -s a -r b@c.d -r x@y.z -m hi'
fails 64 "-r given twice \('b@c\.d', then 'x@y\.z'\)" \
	'-r and --requester are the same option' 'tkt-new -s a --requester=b@c.d -r x@y.z -m hi'
fails 64 "--at given twice" 'a common option twice' \
	'tkt-tag 1 +x --at 2026-11-22T09:00:00Z --at 2026-11-22T10:00:00Z'
check 'the same value twice is no conflict; -m and -f repeat' '
	same 5 "$(tkt-new -s a -r eve@example.com -r eve@example.com -m one -m two -f x=1 -f y=2 --at 2026-11-22T09:00:00Z)" &&
	same "one

two" "$(q "SELECT body FROM messages WHERE ticket = 5")" &&
	same 2 "$(q "SELECT count(*) FROM fields WHERE ticket = 5")"'

fails 64 "^tkt-report: --json and --format csv exclude each other$" \
	'tkt-report --json no longer overrides --format' 'tkt-report --format csv --json'
check 'tkt-report --json with --format json, or alone, is JSON' '
	tkt-report --since 2026-11-01 --until 2026-12-01 --json --format json >"$T/a" &&
	tkt-report --since 2026-11-01 --until 2026-12-01 --json >"$T/b" && cmp "$T/a" "$T/b" &&
	jq -e . "$T/a" >/dev/null'

# ---- one-letter -x where -TAG words are taken -----------------------------
fails 64 "^tkt-ls: unknown option '-j', and no ticket has had a tag 'j' \(see tkt-ls --help\)$" \
	'tkt-ls -j' 'tkt-ls -j'
fails 64 "unknown option '-v'" 'tkt-ls -v' 'tkt-ls -v'
fails 64 "unknown option '-x'" 'tkt-ls -x status=new' 'tkt-ls -x status=new'
fails 64 "^tkt-report: unknown option '-j'" 'tkt-report -j' 'tkt-report -j'
fails 64 "^qa-check: unknown option '-j'" 'qa-check -j' 'qa-check -j'
fails 64 "^tkt-export: unknown option '-j'" 'tkt-export -j' 'tkt-export -j'
fails 64 "^tkt-tag: unknown option '-j'" 'tkt-tag 1 -j' 'tkt-tag 1 -j'
check 'a one-letter tag a ticket has had is a tag word, quietly' '
	tkt-ls -a -q >"$T/o" 2>"$T/e" && same "1 2 4 5" "$(joined <"$T/o")" && ! test -s "$T/e"'
check 'after --, -x is a word: a warning, not an unknown option' '
	tkt-ls -q -- -x >"$T/o" 2>"$T/e" && same "1 2 3 4 5" "$(joined <"$T/o")" &&
	same "tkt-ls: no ticket has ever had the tag '\''x'\'' (-x)" "$(cat "$T/e")"'

# ---- tag words naming a tag no ticket has ever had -------------------------
warns 0 "^tkt-ls: no ticket has ever had the tag 'refnud' \(-refnud\)$" \
	'-TAG never had: a warning, and the list as before' 'tkt-ls -refnud'
check '... the list is every ticket, as before' '
	tkt-ls -q -refnud 2>/dev/null >"$T/a" && tkt-ls -q >"$T/b" && cmp "$T/a" "$T/b"'
warns 1 "no ticket has ever had the tag 'refnud' \(\+refnud\)" \
	'+TAG never had: a warning, and exit 1 (nothing matches)' 'tkt-ls +refnud'
warns 0 "no ticket has ever had the tag 'json' \(-json\); did you mean '--json'\?" \
	'a long option written with one dash, as a tag word' 'tkt-ls -json'
warns 0 "no ticket has ever had the tag 'n5' \(-n5\); did you mean '-n 5'\?" \
	'a short option with its value attached, as a tag word' 'tkt-ls -n5'
warns 0 "^tkt-report: no ticket has ever had the tag 'refnud'" 'tkt-report' 'tkt-report -refnud'
warns 0 "^tkt-export: no ticket has ever had the tag 'refnud'" 'tkt-export' 'tkt-export +refnud'
warns 0 "^qa-check: no ticket has ever had the tag 'refnud'" 'qa-check' 'qa-check +refnud'
check 'a tag only the log has (removed since) is known: no warning' '
	tkt-ls -old -q >"$T/o" 2>"$T/e" && same "1 2 3 4 5" "$(joined <"$T/o")" && ! test -s "$T/e"'
check 'tags tickets have now are known' '
	tkt-ls +refund -q >"$T/o" 2>"$T/e" && same 1 "$(cat "$T/o")" && ! test -s "$T/e"'
warns 0 "^tkt-tag: no ticket has ever had the tag 'refnud' \(-refnud\)$" \
	'tkt-tag -TAG never had: a warning, nothing changes' 'tkt-tag 1 -refnud --at 2026-11-22T09:00:00Z'
check 'tkt-tag -TAG the ticket lacks, but known, and +TAG new: quiet' '
	tkt-tag 3 -refund +brandnew --at 2026-11-22T09:00:00Z >"$T/o" 2>"$T/e" && same 3 "$(cat "$T/o")" &&
	! test -s "$T/e" && same "a brandnew" "$(q "SELECT tag FROM tags WHERE ticket = 3 ORDER BY tag" | joined)"'
check 'tkt-tag +TAG -TAG of a new tag in one command: quiet' '
	tkt-tag 3 +fresh -fresh --at 2026-11-22T09:30:00Z >"$T/o" 2>"$T/e" && same 3 "$(cat "$T/o")" && ! test -s "$T/e"'
check 'a tag is looked up by an index' '
	if on_pg; then
		plan=$(q "SET enable_seqscan = off; EXPLAIN SELECT 1 FROM events WHERE what = '\''tag'\'' AND coalesce(new, old) = '\''x'\''")
	else
		plan=$(q "EXPLAIN QUERY PLAN SELECT 1 FROM events WHERE what = '\''tag'\'' AND coalesce(new, old) = '\''x'\''")
	fi
	printf "%s\n" "$plan" | grep -q "events_tag"'

# ---- long options: did you mean, prefixes ---------------------------------
fails 64 "^tkt-ls: unknown option '--colour'; did you mean '--color'\?$" 'did you mean' 'tkt-ls --colour=never'
fails 64 "unknown option '--requestor'; did you mean '--requester'\?" 'did you mean, tkt-new' \
	'tkt-new -s a --requestor b@c.d -m hi'
fails 64 "unknown option '--ax'; did you mean '--as' or '--at'\?" 'two as near' 'tkt-ls --ax 1'
fails 64 "^tkt-ls: unknown option '--zzzzzz' \(see tkt-ls --help\)$" 'nothing near' 'tkt-ls --zzzzzz'
check 'a unique prefix is the option: --col=never, --rev, --li 2' '
	export TKT_NOW=2026-12-01T00:00:00Z &&
	tkt-ls --color=never -r -n 2 >"$T/a" && tkt-ls --col=never --rev --li 2 >"$T/b" &&
	cmp "$T/a" "$T/b" && same 2 "$(wc -l <"$T/b")"'
fails 64 "^tkt-ls: ambiguous option '--co': '--config' or '--color'$" 'an ambiguous prefix' 'tkt-ls --co=never'
fails 64 "ambiguous option '--a': '--as' or '--at'" 'a prefix of common options' 'tkt-ls --a x'

# ---- --at in the future ---------------------------------------------------
fails 65 "^tkt-tag: --at 2062-01-01: 2062-01-01T00:00:00Z is in the future \(now is [0-9T:-]+Z\)$" \
	'--at in the future' 'tkt-tag 2 +x --at 2062-01-01'
export TKT_NOW=2026-11-30T12:00:00Z
fails 65 "--at 2026-11-30T12:05:01Z: .* in the future \(now is 2026-11-30T12:00:00Z\)" \
	'more than five minutes after TKT_NOW' 'tkt-reply 1 -m late --at 2026-11-30T12:05:01Z'
check 'five minutes after now is a clock a little fast: taken' '
	same 1 "$(tkt-reply 1 -m soon --at 2026-11-30T12:05:00Z)" &&
	same 1796040300 "$(q "SELECT updated_at FROM tickets WHERE id = 1")"'
check 'a duration of --at counts back from TKT_NOW' '
	same 2 "$(tkt-tag 2 +later --at 2h)" &&
	same 1796032800 "$(q "SELECT at FROM events WHERE what = '\''tag'\'' AND new = '\''later'\''")"'
unset TKT_NOW
future=$(newstore future)
check 'history of the future comes in by --batch, times and all' '
	TKT_NOW=2062-01-01T09:00:00Z tkt-new --db "$future" -s "From the future" -r fut@example.com -m "Hello." +future -q &&
	tkt-export --db "$future" >"$T/future.jsonl" &&
	same 6 "$(tkt-new --batch --renumber <"$T/future.jsonl")" &&
	same 2903331600 "$(q "SELECT created_at FROM tickets WHERE id = 6")"'
check 'and by tkt-import, at the time of each Date' '
	printf "%s\n" "From ann@example.com Sun Jan  1 09:00:00 2062" "From: Ann <ann@example.com>" \
		"Subject: Still here" "Date: Sun, 01 Jan 2062 10:00:00 +0000" "Message-ID: <f1@example.com>" \
		"" "Hello from later." >"$T/future.mbox" &&
	same 7 "$(tkt-import --mbox "$T/future.mbox")" &&
	same 2903335200 "$(q "SELECT created_at FROM tickets WHERE id = 7")"'

done_testing
