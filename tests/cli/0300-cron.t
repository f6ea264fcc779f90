#!/bin/sh
# tkt in cron and under a mail server: a pipeline whose filter matched
# nothing is nothing to do; without HOME the store is the password
# database's home's, never the current directory's; a store that cannot
# be created, a template that does not load, say so with their exit
# codes and point to what helps.
. "${0%/*}/lib.sh"

export TKT_DB=$(newstore cron)
one=$(tkt-new -s "Router" -r ann@example.com -m "It drops." --at 2026-11-23T09:00:00Z)
two=$(tkt-new -s "Bill" -r bob@example.com -m "Twice charged." --at 2026-11-23T09:00:00Z)

# quiet CMD...: with no ids on a stdin that is empty, CMD exits 0, prints
# nothing on stdout or stderr, and leaves the store as it was.
quiet() {
	snapshot "$TKT_DB"
	"$@" </dev/null >"$T/o" 2>"$T/e" && same "" "$(cat "$T/o" "$T/e")" && unchanged "$TKT_DB"
}
check 'a filter that matched nothing, piped into tkt-reply: nothing to do' '
	tkt-ls "waiting>1h" status=pending -q | tkt-reply -t delay-notice >"$T/o" 2>&1 && same "" "$(cat "$T/o")" &&
	quiet tkt-reply -t delay-notice'
check 'tkt-tag, tkt-show, tkt-rate: nothing to do' '
	quiet tkt-tag +late && quiet tkt-show && quiet tkt-rate csat=5'
check 'qa-check -, tkt-report -: nothing to do' '
	quiet qa-check - && quiet tkt-report -'
check 'tkt-link --problem, tkt-merge --into: nothing to do' '
	quiet tkt-link --problem "$one" && quiet tkt-merge --into "$one"'

# Without HOME, as under cron or a mail server: the home of the password
# database, not the current directory.
home=$(getent passwd "$(id -u)" | cut -d: -f6)
check 'without HOME: the store is under the home the password database gives' '
	mkdir -p "$T/cwd" && cd "$T/cwd" &&
	env -u HOME -u XDG_DATA_HOME -u TKT_DB tkt-ls 2>"$T/e"; same 66 $? &&
	same "tkt-ls: no store at '"'"'$home/.local/share/tkt/tkt.db'"'"'" "$(cat "$T/e")" &&
	! test -e "$T/cwd/.local" && cd "$T"'
check 'TKT_DB still comes first without HOME' '
	same "$one $two" "$(env -u HOME tkt-ls -q | joined)"'

# A reply template that does not load: tkt-reply points to the tool that
# checks templates, tkt-new.
mkdir -p "$T/tpl/reply"
printf 'title: x\nbody: |\n  Hello\nfoo: 1\n' >"$T/tpl/reply/broken.yaml"
fails 78 "broken.yaml:1:1: 'name' is missing \\(and more: see tkt-new --check-template\\)$" \
	'a broken reply template: the error points to tkt-new --check-template' \
	'TKT_TEMPLATES=$T/tpl tkt-reply "$one" -t broken'

# A file meant as an attachment, given with -F beside -m, was dropped
# without a word: both are the message.
fails 64 "^tkt-reply: -m and -F exclude each other: both are the message: give it one way \\(-a FILE attaches a file\\)$" \
	'tkt-reply -m with -F: refused, not one of them dropped' 'tkt-reply "$one" -m thanks -F "$T/tpl/reply/broken.yaml"'
fails 64 "^tkt-new: -m and -F exclude each other" 'tkt-new -m with -F: refused' \
	'tkt-new -s x -r x@example.com -m hi -F "$T/tpl/reply/broken.yaml"'

sqlite_only 'a file system where no file can be made' \
	fails 73 "cannot create store '/proc/tkt-test.db'" 'a store that cannot be created: exit 73' \
	'tkt-new --db /proc/tkt-test.db -s x -r x@example.com -m x'

done_testing
