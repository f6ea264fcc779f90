#!/bin/sh
# Shell completion: tkt-ls --values, the values a key has in the store;
# the bash and zsh completion make install puts in place, with the options
# of each tool as its --help lists them, the values of options, filter and
# change words, and what the store knows.
. "${0%/*}/lib.sh"

cmd=$(cd "${0%/*}/../../cmd" && pwd)
tools=$(cd "$cmd" && ls *.c | sed 's/\.c$//')
if [ -n "${TKT_STAGE:-}" ]; then
	BASHDIR=$TKT_STAGE${TKT_PREFIX:-/usr/local}/share/bash-completion/completions
	BASHFILE=$BASHDIR/tkt
	ZSHDIR=$TKT_STAGE${TKT_PREFIX:-/usr/local}/share/zsh/site-functions
else
	BASHDIR=
	BASHFILE=$top/completions/tkt.bash
	ZSHDIR=$top/completions
fi

# A store that does not exist, and another one.
none=$(nostore none) other=$(newstore other)

# ---- tkt-ls --values ---------------------------------------------------

values() {
	tkt-ls --values "$@" | tr '\n' ' ' | sed 's/ $//'
}

fails 66 "no store at '$(re "$none")'" '--values: a store that does not exist' \
	'tkt-ls --values tag --db "$none"'
fails 64 "tkt-ls: --values: bad key 'status' \(tag, assignee, group, type, template, requester, field, field.NAME\)" \
	'--values: a key it does not know' 'tkt-ls --values status'
fails 64 "bad key 'field.Bad'" '--values: a bad field name' 'tkt-ls --values field.Bad'
fails 64 "option '--values' needs a value" '--values without a key' 'tkt-ls --values'
fails 64 "takes no filter words" '--values with filter words' 'tkt-ls --values tag +billing'
check '--values: an empty store has no values for any key, and exits 0' '
	tkt-new --batch -q </dev/null &&
	for k in tag assignee group type template requester field field.order; do
		tkt-ls --values $k >"$T/v" || exit 1; test ! -s "$T/v" || exit 1
	done'

tkt-new -s "Router drops" -r ann@example.com +router +billing --type defect --group l2 \
	-f order=100234 -m a >/dev/null
tkt-new -s "Refund" -r bob@example.com +refund +billing --assignee "Mira Lee" -m b >/dev/null
tkt-new -t defect -r "Ann Smith <ann@example.com>" -f order=100235 -f product=router \
	-f "problem=drops the connection" -f since=2026-11-20 </dev/null >/dev/null
tkt-reply 1 -m "On it" --as olga >/dev/null
tkt-tag 2 +gone -gone >/dev/null

check '--values tag: the tags in use, once each, sorted' 'same "billing defect refund router" "$(values tag)"'
check '--values assignee: the agents tickets are assigned to' 'same "Mira Lee|olga" "$(tkt-ls --values assignee | paste -sd "|")"'
check '--values group, type, template' '
	same l2 "$(values group)" && same defect "$(values type)" && same defect "$(values template)"'
check '--values field: the names of the custom fields' 'same "order problem product since" "$(values field)"'
check '--values field.NAME: the values of a field' 'same "100234 100235" "$(values field.order)" &&
	same "" "$(values field.colour)"'
check '--values requester: the requesters of tickets, as tkt-ls shows them' '
	same "Ann Smith <ann@example.com>|bob@example.com" "$(tkt-ls --values requester | paste -sd "|")"'
check '--values requester: each one a requester= word that finds its tickets' '
	tkt-ls --values requester >"$T/who" &&
	while IFS= read -r who; do
		same "$(tkt-ls -q --json | jq -r "select(.requester == \"$who\") | .id" | paste -sd " ")" \
			"$(tkt-ls -q "requester=$who" | paste -sd " ")" || exit 1
	done <"$T/who"'
check '--values --json: a JSON string a line' 'same "\"Mira Lee\" \"olga\"" "$(values assignee --json)"'
check '--values reads the store --db names' '
	tkt-new --db "$other" -s x -r c@example.com +other -m c >/dev/null &&
	same other "$(values tag --db "$other")"'

# ---- bash ---------------------------------------------------------------

# comp LINE: what the bash completion offers at the end of LINE, one space
# between, as the shell would insert each.  The words are split as bash
# splits them, at blanks and around = and :.
comp() {
	bash --norc --noprofile -c '
		. "$1" || exit 1
		COMP_LINE=$2 COMP_POINT=${#2} COMP_WORDS=() w=
		for ((i = 0; i < ${#2}; i++)); do
			c=${2:i:1}
			case $c in
			" ") [[ -n $w ]] && COMP_WORDS+=("$w"); w= ;;
			[=:]) [[ -n $w ]] && COMP_WORDS+=("$w"); COMP_WORDS+=("$c"); w= ;;
			*) w+=$c ;;
			esac
		done
		COMP_WORDS+=("$w")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		_tkt "${COMP_WORDS[0]}" "$w" "${COMP_WORDS[COMP_CWORD - 1]}" || exit 1
		echo "${COMPREPLY[*]}"' comp "$BASHFILE" "$1"
}

# The options TOOL --help lists: each -x and --long on its option lines.
help_options() {
	"$1" --help | awk '/^[ \t]+-/ { for (i = 1; i <= NF; i++) { o = $i; sub(/,$/, "", o)
		if (o ~ /^-[A-Za-z]$/ || o ~ /^--[a-z][-a-z]*$/) print o } }' | sort -u
}

check 'bash: the completion file parses' 'bash -n "$BASHFILE"'
if [ -n "$BASHDIR" ]; then
	for t in $tools; do
		check "bash: $t has a completion file under its name, for bash-completion" '
			same "complete -F _tkt $t" "$(bash --norc -c ". \"$BASHDIR/$t\" && complete -p $t")"'
	done
else
	skip 'bash: each tool has a completion file under its name' 'not a staged install (make check)'
fi
for t in $tools; do
	check "bash: $t - offers exactly the options of $t --help" '
		help_options $t >"$T/help" && test -s "$T/help" &&
		TKT_DB=$none comp "$t -" | tr " " "\n" | sort -u >"$T/offered" &&
		diff -u "$T/help" "$T/offered"'
done
check 'bash: an option by its start' 'same "--sort" "$(comp "tkt-ls --so")" && same "--status" "$(comp "tkt-reply --stat")"'

check 'bash: tkt-ls sta offers status=' 'same "status=" "$(comp "tkt-ls sta")"'
check 'bash: tkt-ls offers the filter keys' '
	same "status= priority= type= channel= assignee= group= requester= template= id= tag= outbox= field. created updated solved age waiting text~ subject~ body~ requester~ is= problem= incidents breach= due" \
		"$(comp "tkt-ls ")"'
check 'bash: status= offers the statuses' 'same "new open pending on-hold solved closed" "$(comp "tkt-ls status=")"'
check 'bash: a list completes its last item' 'same "new,open new,on-hold" "$(comp "tkt-ls status=new,o")"'
check 'bash: priority!=, channel=' '
	same "low normal high urgent" "$(comp "tkt-ls priority!=")" &&
	same "email chat phone web social api" "$(comp "tkt-export channel=")"'
check 'bash: tag= offers the tags in the store' 'same "billing defect refund router" "$(comp "tkt-ls tag=")"'
check 'bash: +TAG and -TAG offer the tags in the store' '
	same "+billing +defect +refund +router" "$(comp "tkt-ls +")" &&
	same "-refund -router" "$(comp "tkt-report -r")"'
check 'bash: tkt-tag 1 + and - offer the tags in the store' '
	same "+billing +defect +refund +router" "$(comp "tkt-tag 1 +")" &&
	same "--json -q --quiet --db --as --at -h --help --version -billing -defect -refund -router" \
		"$(comp "tkt-tag 1 -")"'
check 'bash: tkt-new + offers the tags in the store, - only the options' '
	same "+refund +router" "$(comp "tkt-new +r")" &&
	same "$(TKT_DB=$none comp "tkt-new -")" "$(comp "tkt-new -")"'
check 'bash: assignee= offers the agents in the store and me' '
	same "me Mira\\ Lee olga" "$(comp "tkt-ls assignee=")" && same "olga" "$(comp "tkt-tag 1 assignee=o")"'
check 'bash: requester= offers the requesters in the store, quoted for the shell' '
	same "Ann\\ Smith\\ \\<ann@example.com\\> bob@example.com" "$(comp "tkt-ls requester=")" &&
	same "bob@example.com" "$(comp "tkt-report requester=b")" &&
	same "example.com,bob@example.com" "$(comp "tkt-ls requester=ann@example.com,b")"  # @ breaks a word'
check 'bash: requester~ is a filter key' 'same "requester= requester~" "$(comp "tkt-ls req")"'
check 'bash: group=, type=, template= offer what the store has' '
	same l2 "$(comp "tkt-ls group=")" && same defect "$(comp "qa-check type=")" &&
	same defect "$(comp "tkt-ls template=")"'
check 'bash: field. offers the fields, field.NAME= their values' '
	same "field.order= field.problem= field.product= field.since=" "$(comp "tkt-ls field.")" &&
	same "100234 100235" "$(comp "tkt-ls field.order=")"'
check 'bash: a time key offers its operators, quoted for the shell' '
	same "created" "$(comp "tkt-ls cre")" &&
	same "created= created\\< created\\<= created\\> created\\>=" "$(comp "tkt-ls created")" &&
	same "age\\< age\\<= age\\> age\\>=" "$(comp "tkt-ls age")" &&
	same "created< created<=" "$(comp "tkt-ls '"'"'created<")"'
check 'bash: a word open in quotes gets its matches as they are' '
	same "assignee=Mira Lee" "$(comp "tkt-ls \"assignee=M")"'
check 'bash: tkt-tag offers the change words' '
	same "status= priority= type= assignee= group= field. cc+= cc-=" "$(comp "tkt-tag 1 ")" &&
	same "pending" "$(comp "tkt-tag 1 status=pe")"'
check 'bash: tkt-rate offers the ratings and their scales' '
	same "csat= nps= agent= ces=" "$(comp "tkt-rate 1 ")" && same "1 2 3 4 5" "$(comp "tkt-rate 1 csat=")" &&
	same "1 2 3 4 5 6 7" "$(comp "tkt-rate 1 ces=")"'

check 'bash: tkt-ls --sort offers the sort keys' '
	same "id created updated priority status age waiting subject requester assignee due" "$(comp "tkt-ls --sort ")" &&
	same "priority" "$(comp "tkt-ls -S pr")" && same "status subject" "$(comp "tkt-ls --sort=s")"'
check 'bash: tkt-ls --values offers the keys and the fields' '
	same "tag assignee group type template requester field field.order field.problem field.product field.since" \
		"$(comp "tkt-ls --values ")"'
check 'bash: template names: tkt-new -t, tkt-reply --template' '
	same "$(tkt-new --list-templates | cut -f1 | paste -sd " ")" "$(comp "tkt-new -t ")" &&
	same "$(tkt-reply --list-templates | cut -f1 | paste -sd " ")" "$(comp "tkt-reply --template ")" &&
	same "defect delivery" "$(comp "tkt-new --template=de")" &&
	same "solved" "$(comp "tkt-reply --show-template so")"'
check 'bash: the fields of the form given, the variables of the reply given' '
	same "order= product= problem= since= serial=" "$(comp "tkt-new -t defect -f ")" &&
	same "what_was_done= prevention=" "$(comp "tkt-reply -t solved -v ")"'
check 'bash: option values: channels, priorities, statuses, types, groups, agents' '
	same "email chat phone web social api" "$(comp "tkt-new -c ")" &&
	same "high" "$(comp "tkt-new --priority h")" &&
	same "open on-hold" "$(comp "tkt-reply --status o")" &&
	same defect "$(comp "tkt-new --type ")" && same l2 "$(comp "tkt-new --group ")" &&
	same "Mira\\ Lee olga" "$(comp "tkt-ls --as ")"'
check 'bash: tkt-report --format and --by' '
	same "table tsv csv json html" "$(comp "tkt-report --format ")" &&
	same "agent,week" "$(comp "tkt-report --by agent,w")" &&
	same "field. field.order field.problem field.product field.since" "$(comp "tkt-report --by fi")"'
check 'bash: --db completes file names' ': >"$T/compfile" && same "$T/compfile" "$(comp "tkt-ls --db $T/compf")"'
check 'bash: the store --db names, in either form' '
	same other "$(comp "tkt-ls --db $other tag=")" &&
	same other "$(comp "tkt-ls --db=$other tag=")"'
check 'bash: without a store, nothing and no error' '
	same "" "$(comp "tkt-ls --db $none tag=" 2>"$T/e")" && ! test -s "$T/e" &&
	same "me" "$(TKT_DB=$none comp "tkt-ls assignee=" 2>"$T/e")" && ! test -s "$T/e"'
check 'bash: a tool run by its path asks the tkt-ls beside it' '
	same "billing defect refund router" "$(PATH=/usr/bin:/bin comp "$TKT_TOOLS/tkt-ls tag=")"'
check 'bash: after --, words only' 'same "" "$(comp "tkt-ls -- --so")"'

# ---- zsh -----------------------------------------------------------------

# The options of TOOL in _tkt: its _arguments specs, with the common ones
# it takes.
zsh_options() {
	awk -v tool="$1" '
		/^common=\(/ { c = 1 } c { common = common $0 "\n" } c && /^\)/ { c = 0 }
		/^quiet=\(/ { q = 1 } q { quiet = quiet $0 "\n" } q && /^\)/ { q = 0 }
		$0 == "  (" tool ")" { s = 1; next }
		s && /^    ;;$/ { s = 0 }
		s { sub(/_arguments -S/, ""); spec = spec $0 "\n" }
		END {
			printf "%s", spec
			if (spec ~ /\$common/) printf "%s", common
			if (spec ~ /\$quiet/) printf "%s", quiet
		}' "$ZSHDIR/_tkt" |
	grep -oE -- '(^|[^-a-z])--?[A-Za-z][-a-z]*' | sed 's/^[^-]*//' | sort -u
}

if command -v zsh >/dev/null; then
	check 'zsh: _tkt parses' 'zsh -n "$ZSHDIR/_tkt"'
	check 'zsh: compinit loads _tkt for every tool' '
		zsh -f -c "fpath=(\"\$1\" \$fpath); autoload -U compinit; compinit -u -D
			for t in \${@:2}; do print -r -- \$t \$_comps[\$t]; done" zsh "$ZSHDIR" $tools >"$T/comps" &&
		for t in $tools; do echo "$t _tkt"; done | diff -u - "$T/comps"'
	for t in $tools; do
		check "zsh: _tkt has exactly the options of $t --help" '
			help_options $t >"$T/help" && zsh_options $t >"$T/zsh" && diff -u "$T/help" "$T/zsh"'
	done
	check 'zsh: filter and change words, template names, option values' '
		timeout 60 zsh -f "${0%/*}/zcomplete.zsh" "$ZSHDIR" "tkt-ls status=" "tkt-ls tag=" \
			"tkt-tag 1 +" "tkt-ls assignee=" "tkt-ls field." "tkt-reply -t " "tkt-ls --sort " \
			"tkt-ls --db $none tag=" "tkt-ls --db $other tag=" "tkt-new +r" \
			"tkt-new -" "tkt-ls requester=" >"$T/zsh" &&
		printf "%s\n" \
			"status=closed status=new status=on-hold status=open status=pending status=solved" \
			"tag=billing tag=defect tag=refund tag=router" \
			"+billing +defect +refund +router" \
			"assignee=Mira\\ Lee assignee=me assignee=olga" \
			"field.order= field.problem= field.product= field.since=" \
			"$(tkt-reply --list-templates | cut -f1 | paste -sd " ")" \
			"age assignee created due id priority requester status subject updated waiting" \
			"" \
			"tag=other" \
			"+refund +router" \
			"$(help_options tkt-new | paste -sd " ")" \
			"requester=Ann\\ Smith\\ \\<ann@example.com\\> requester=bob@example.com" | diff -u - "$T/zsh"'
else
	skip 'zsh: the completion' 'zsh is not installed (apt-get install zsh)'
fi

done_testing
