#!/bin/sh
# Every command of the man pages' EXAMPLES and of the README's code, run
# as a reader would run it: in order, a page (or a "## " section of the
# README) at a time, in a directory holding the files they name
# (tests/data/examples) and a store of a month of tickets
# (tests/data/report/fixture.sh).  A command passes when it exits 0 or 1
# (1 is a negative answer, DESIGN.md's "nothing matched"); one the text
# shows failing must fail with the very line it shows.  tests/cli/examples.pl
# finds the commands.
. "${0%/*}/lib.sh"

data=$(cd "${0%/*}/../data" && pwd)
pages=$(cd "${0%/*}/../../man" && pwd)
readme=$(cd "${0%/*}/../.." && pwd)/README.md

# The base store: the report fixture, with Ann Smith's tickets of the
# pages' running example.
base=$T/base.db
export TKT_CONFIG=$data/report/config.yaml
(
	TKT_DB=$base
	export TKT_DB
	. "$data/report/fixture.sh"
	tkt-new -s "Router drops the connection every hour" -r "Ann Smith <ann@example.com>" \
		-c email -p high --type defect -f order=100234 -f amount=120 +router +refund \
		-m "Since Monday my router drops the connection every hour." \
		--at 2026-11-20T09:00:00Z >/dev/null &&
	tkt-new -s "Router drops again" -r "Ann Smith <ann@example.com>" -c email \
		-m "No internet again since this morning." --at 2026-11-21T09:00:00Z >/dev/null &&
	tkt-ls requester=ann@example.com -q |
		tkt-reply -m "Hello Ann, we are on it." --as mira --at 2026-11-21T10:00:00Z >/dev/null &&
	# Enough tickets for the pages' larger ids.
	for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14; do
		tkt-new -s "Question $i" -r "q$i@example.com" -m "A question." \
			--at 2026-11-22T09:00:00Z >/dev/null || exit 1
	done
) >"$T/base.out" 2>&1 || { echo "Bail out! the fixture store: $(tail -1 "$T/base.out")"; exit 1; }
unset TKT_CONFIG

mkdir "$T/ex"
perl "${0%/*}/examples.pl" "$T/ex" "$pages"/man*/*.[1-9] "$readme" ||
	{ echo "Bail out! examples.pl failed"; exit 1; }

# The sandbox of a group: its own home, configuration, store and files.
sandbox() {
	W=$T/run/$1
	mkdir -p "$W/home/.config/tkt/templates/incident" "$W/home/.config/tkt/templates/qa" \
		"$W/home/Maildir/.Support/cur" "$W/home/Maildir/.Support/new" "$W/home/Maildir/.Support/tmp" \
		"$W/srv/tkt" "$W/srv/helpdesk/templates/qa" "$W/bin" "$W/tmp"
	cp "$data"/examples/* "$W/"
	cp "$data/examples/Support.mbox" "$W/home/Maildir/.Support/cur/1:2,S" 2>/dev/null
	mkdir -p "$W/Takeout/Mail" && cp "$data/examples/Support.mbox" "$W/Takeout/Mail/Support.mbox"
	cp "$SHIPPED/qa/checklist.yaml" "$W/billing.yaml"
	sed 's/^name: .*/name: my-form/' "$SHIPPED/incident/general.yaml" >"$W/my-form.yaml"
	cp "$base" "$W/tkt.db"
	TKT_DB=$W/tkt.db tkt-export >"$W/all.jsonl"
	gzip -c "$W/all.jsonl" >"$W/backup-2026-11-23.jsonl.gz"
	head -3 "$W/all.jsonl" | sed 's/"id":\([0-9]*\)/"id":104\1/' >"$W/other-team.jsonl"
	cat >"$W/bin/sendmail" <<END
#!/bin/sh
cat >>"$W/sent"
END
	cat >"$W/bin/mail" <<END
#!/bin/sh
cat >>"$W/mailed"
END
	printf '#!/bin/sh\necho "*/10 * * * *  tkt-reply --flush"\n' >"$W/bin/crontab"
	chmod +x "$W/bin/sendmail" "$W/bin/mail" "$W/bin/crontab"
	cat >"$W/home/.config/tkt/config.yaml" <<END
timezone: UTC
business_hours:
  weekdays: 09:00-17:00
mail:
  address: support@example.com
  name: Example Support
  sendmail: $W/bin/sendmail
groups: [tier1, tier2, billing]
agents:
  mira: { name: Mira Lee, addresses: [mira@example.com], groups: [tier1] }
  olga: { name: Olga Petrova, addresses: [olga@example.com], groups: [billing] }
  lead: { name: Lena Adams, groups: [tier2] }
  ann: { name: Ann Baker }
  bob: { name: Bob Kerr }
  cat: { name: Cat Moss }
END
}

# prepare NAME: the store as the text of the group has it before its
# first command: the README's tour, forms and mail begin on an empty
# store, and a page whose examples work on a problem and its incidents,
# or on a stranger's mail, has them.
prepare() {
	case $1 in
	"README.md"|"README.md: A five-minute tour"|"README.md: Forms and ready replies"|"README.md: Mail"|tkt-batch.5)
		rm -f "$W/tkt.db"
		;;
	"README.md: One answer for many")
		rm -f "$W/tkt.db"
		tkt-new -s "No internet" -r "Mihai Pop <mihai@example.ro>" -m "No internet since 6:00." &&
		tkt-new -s "Internet down" -r "Ana Ionescu <ana@example.ro>" -m "Internet down in Cluj." &&
		tkt-new -s "Still no line" -r "Mihai Pop <mihai@example.ro>" -m "Still nothing."
		;;
	tkt-show.1)
		# Ticket 1 with the screenshot its customer sent.
		printf '\211PNG\r\n\032\n\0\0\0\rIHDR' >"$W/tmp/screenshot.png" &&
		tkt-reply 1 --customer -a "$W/tmp/screenshot.png" -m "Here is what I see."
		;;
	tkt-link.1)
		tkt-new -s "No internet" -r "Mihai Pop <mihai@example.ro>" -m "No internet since 6:00." \
			--at 2026-12-01T07:00:00Z &&
		tkt-link 7 --problem 1
		;;
	tkt-reply.1)
		# Ticket 1 of three messages, then two of a stranger (4, 5).
		rm -f "$W/tkt.db"
		tkt-new -s "Router drops the connection" -r "Ann Smith <ann@example.com>" -m "It drops." &&
		tkt-reply 1 -m "Hello Ann, which router is it?" --as mira &&
		tkt-reply 1 --customer -m "The X200." &&
		tkt-new -s "Late delivery" -r bob@example.com -m "Where is it?" &&
		tkt-new -s "Invoice twice" -r carol@example.com -m "Charged twice." || return 1
		for i in 1 2; do
			printf 'From: Dan Roe <dan@example.net>\nTo: support@example.com\nSubject: Re: [#1] Router drops the connection\nMessage-ID: <s%s@example.net>\n\nMe too, same fault.\n' "$i" |
				tkt-new --mail || return 1
		done
		;;
	esac >/dev/null
}

# The script of a group: each command in the group's shell, its output
# and status kept; the absolute paths of the text made the sandbox's.
script() {
	echo 'set -o pipefail'
	echo "cd '$W' || exit 1"
	while IFS='	' read -r k src exit_ error cmd; do
		cmd=$(printf '%s\n' "$cmd" | sed -e "s|/usr/local/share/tkt/templates|$SHIPPED|g" \
			-e "s|/srv/|$W/srv/|g")
		printf '{ %s\n} </dev/null >%s/%s.out 2>%s/%s.err; echo $? >%s/%s.rc\n' \
			"$cmd" "$W" "$k" "$W" "$k" "$W" "$k"
	done <"$1"
}

# example K EXIT ERROR COMMAND: command K of the group did what its text
# shows.  It exits 0 or 1 (1 is a negative answer), unless an error line
# is shown (ERROR), when it exits 64 or more with that line first on
# stderr.  A command ending in 'echo "exit $?"' echoes the exit shown.
example() {
	cp "$W/$1.err" "$T/err"
	cp "$W/$1.out" "$T/out"
	rc_=$(cat "$W/$1.rc")
	echo "the example's exit: $rc_" >>"$T/err"
	case $4 in
	*'echo "exit $?"')
		same "$2" "$(sed -n 's/^exit \([0-9]*\)$/\1/p' "$W/$1.out" | tail -1)" || return 1 ;;
	*)
		if [ "$3" = - ]; then test "$rc_" -le 1; else test "$rc_" -ge 64; fi || return 1 ;;
	esac
	[ "$3" = - ] || same "$3" "$(head -1 "$W/$1.err")"
}

for list in "$T"/ex/*.list; do
	g=${list##*/}
	g=${g%.list}
	name=$(cat "$T/ex/$g.name")
	sandbox "$g"
	# Commands that need a PostgreSQL server run in the PostgreSQL half.
	if ! on_pg; then
		awk -F '\t' '$5 !~ /postgresql:|createdb/' "$list" >"$W/list"
	else
		grep -q 'postgresql:\|createdb' "$list" || continue
		cp "$list" "$W/list"
		at_exit 'dropdb --if-exists helpdesk 2>/dev/null'
		dropdb --if-exists helpdesk 2>/dev/null
	fi
	script "$W/list" >"$W/run.sh"
	(
		export HOME="$W/home" TKT_DB="$W/tkt.db" TMPDIR="$W/tmp" PATH="$W/bin:$PATH"
		unset TKT_TEMPLATES
		prepare "$name" 2>"$W/prepare.err" ||
			echo "Bail out! $name: the store before its examples: $(tail -1 "$W/prepare.err")"
		bash "$W/run.sh" >/dev/null 2>&1
	)
	while IFS='	' read -r k src exit_ error cmd; do
		check "$src: \$ $cmd" 'example "$k" "$exit_" "$error" "$cmd"'
	done <"$W/list"
	# Commands skipped here are said.
	if ! on_pg; then
		awk -F '\t' '$5 ~ /postgresql:|createdb/' "$list" | while IFS='	' read -r k src exit_ error cmd; do
			echo "ok $((n + 1)) # SKIP $src: \$ $cmd: on PostgreSQL"
			n=$((n + 1))
		done
		n=$((n + $(awk -F '\t' '$5 ~ /postgresql:|createdb/' "$list" | wc -l)))
	fi
done

check 'the pages and the README have examples' 'test "$(cat "$T"/ex/*.list | wc -l)" -gt 100'

done_testing
