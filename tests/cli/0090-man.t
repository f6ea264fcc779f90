#!/bin/sh
# The man pages: one for each tool, clean under mandoc's lint, with a
# SYNOPSIS that says what --help says and every option of --help.
. "${0%/*}/lib.sh"

man=$(cd "${0%/*}/../../man" && pwd)
cmd=$(cd "${0%/*}/../../cmd" && pwd)

# The words of a text, one space between them, without "usage:"; the
# typographic characters mandoc may render become plain ASCII.
words() {
	sed -e 's/‐/-/g' -e 's/−/-/g' -e 's/–/-/g' \
	    -e "s/[‘’]/'/g" -e 's/[“”]/"/g' |
	awk '{ for (i = 1; i <= NF; i++) if ($i != "usage:") { printf "%s%s", s, $i; s = " " } }
	     END { print "" }'
}

# The usage lines of TOOL --help: those before the first blank line.
help_usage() {
	"$1" --help | sed '/^$/,$d' | words
}

# A section of the rendered page.
section() {
	mandoc -Tutf8 "$1" 2>/dev/null | col -b |
	awk -v want="$2" '/^[^ \t]/ { on = $0 == want; next } on'
}

# The options --help lists: -x and --long at the start of its option lines.
help_options() {
	"$1" --help | awk '/^[ \t]+-/ {
		for (i = 1; i <= NF && $i ~ /^-/; i++) {
			o = $i; sub(/,$/, "", o)
			if (o ~ /^-[A-Za-z]$/ || o ~ /^--[a-z][-a-z]*$/) print o
		} }'
}

# every option of TOOL --help is in the OPTIONS section of PAGE.
options_documented() {
	section "$2" OPTIONS >"$T/options"
	test -s "$T/options" || { echo "no OPTIONS section" >&2; return 1; }
	help_options "$1" >"$T/listed"
	test -s "$T/listed" || { echo "$1 --help lists no option" >&2; return 1; }
	while read -r o; do
		grep -qw -e "$o" "$T/options" || { echo "$o is not in OPTIONS" >&2; return 1; }
	done <"$T/listed"
}

for src in "$cmd"/*.c; do
	tool=${src##*/}
	tool=${tool%.c}
	page=$man/man1/$tool.1
	check "$tool: the man page exists" 'test -f "$page"'
	check "$tool: mandoc -Tlint -W warning says nothing" \
		'same "" "$(mandoc -Tlint -W warning "$page" 2>&1)"'
	check "$tool: SYNOPSIS has the words of the usage lines of --help" '
		expect=$(help_usage "$tool") && test -n "$expect" &&
		same "$expect" "$(section "$page" SYNOPSIS | words)"'
	check "$tool: OPTIONS has every option of --help" 'options_documented "$tool" "$page"'
done

check 'tkt.7: the overview exists' 'test -f "$man/man7/tkt.7"'

# wide PAGE: the lines of PAGE that man renders wider than 80 columns
# (MANWIDTH=80, as at a terminal of 80), and what troff warns of.
wide() {
	MANWIDTH=80 MANPAGER=cat PAGER=cat man -l "$1" 2>"$T/troff" | col -bx |
		perl -CSD -ne 'chomp; print "$.: ", length($_), " columns: $_\n" if length($_) > 80'
	cat "$T/troff"
}

for page in "$man"/man[1-9]/*.[1-9]; do
	pname=${page##*/}
	case $pname in *.1) ;; *)
		check "$pname: mandoc -Tlint -W warning says nothing" \
			'same "" "$(mandoc -Tlint -W warning "$page" 2>&1)"' ;;
	esac
	check "$pname: under man, no line past 80 columns and no troff warning" \
		'same "" "$(wide "$page")"'
done

done_testing
