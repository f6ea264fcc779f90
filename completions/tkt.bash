# tkt.bash: bash completion for the tkt tools: their options and the
# values of those, template names, filter words and change words, with
# the tags, agents, groups, types, requesters and fields the store knows
# (tkt-ls --values).  `make install` puts it where bash-completion finds it under
# the name of each tool; from a clone: . completions/tkt.bash

# The options of each tool, as its --help lists them; a ':' marks one
# that takes a value.
_tkt_options()
{
	local common="--db: --as: --at: -h --help --version"

	case $1 in
	tkt-new)
		echo "-s: --subject: -r: --requester: -c: --channel: -p: --priority:" \
		     "--type: --assignee: --group: -f: --field: -m: --message: -F: --file:" \
		     "--outbound -t: --template: --ack --mail --sender: --batch --chunk: --trust --renumber --config:" \
		     "--list-templates --show-template: --check-template --json -q --quiet" ;;
	tkt-reply)
		echo "-m: --message: -F: --file: -a: --attach: -t: --template: -v: --var: -e --edit --no-lint" \
		     "--note --customer -c: --channel: --status: --spent: --mail-out --sendmail --flush" \
		     "--accept: --split: --config: --to-incidents" \
		     "--list-templates --show-template: --json -q --quiet" ;;
	tkt-tag)
		echo "--json -q --quiet" ;;
	tkt-show)
		echo "--json -q --quiet --no-events --color: --config: --attachment: -o: --output:" ;;
	tkt-ls)
		echo "-S: --sort: -r --reverse -n: --limit: -q --quiet --json --config: --values:" \
		     "--color:" ;;
	tkt-rate)
		echo "-m: --message: --json -q --quiet" ;;
	tkt-merge)
		echo "--into: --json -q --quiet" ;;
	tkt-survey)
		echo "-n --dry-run --config: --json -q --quiet" ;;
	tkt-import)
		echo "--mbox: --maildir: --csv: --map: --agent-address: -k --keep-going --config: --json -q --quiet" ;;
	tkt-link)
		echo "-p: --problem: -u --unlink --json -q --quiet" ;;
	tkt-report)
		echo "--since: --until: --last: --day: --week: --month: --quarter: --year: --by:" \
		     "--metrics: --business-hours --format: --json --config: --checklist: --mail-to:" \
		     "--subject:" ;;
	qa-check)
		echo "--min: --explain --json --save --draft: -F: --file: --review: --by: --since:" \
		     "--until: --last: --day: --week: --month: --quarter: --year: --checklist: --config:" ;;
	esac
	echo "$common"
}

# Split the command line up to the cursor as the shell will: _tkt_words
# gets the words before the current one, unquoted; _tkt_cur the current
# word, unquoted; _tkt_pre the part of it before its last word break
# (COMP_WORDBREAKS: '=', ':', ...), which the shell leaves in place;
# _tkt_quote the quote the current word is open in, if any.
_tkt_split()
{
	local line=${COMP_LINE:0:COMP_POINT} c w= q= esc= brk=0 i

	_tkt_words=()
	for ((i = 0; i < ${#line}; i++)); do
		c=${line:i:1}
		if [[ -n $esc ]]; then
			w+=$c esc=
		elif [[ $c == \\ && $q != \' ]]; then
			esc=1
		elif [[ -n $q ]]; then
			if [[ $c == "$q" ]]; then q=; else w+=$c; fi
		elif [[ $c == [\'\"] ]]; then
			q=$c
		elif [[ $c == [[:space:]] ]]; then
			[[ -n $w ]] && _tkt_words+=("$w")
			w= brk=0
		else
			w+=$c
			[[ $COMP_WORDBREAKS == *"$c"* ]] && brk=${#w}
		fi
	done
	_tkt_cur=$w
	_tkt_pre=${w:0:brk}
	_tkt_quote=$q
}

# Offer each of the words after PREFIX, prefixed, that begins with the
# current word, as the shell will insert it.
_tkt_add()
{
	local prefix=$1 c

	shift
	for c; do
		c=$prefix$c
		[[ $c == "$_tkt_cur"* ]] || continue
		c=${c#"$_tkt_pre"}
		[[ -n $c ]] || continue
		# Quoted for the shell, when it needs to be and is not.
		[[ -z $_tkt_quote && $c == *[!A-Za-z0-9_./:=,+@%^-]* ]] && printf -v c '%q' "$c"
		COMPREPLY+=("$c")
	done
}

# Offer the values KEY has in the store of the command line (tkt-ls
# --values), between PREFIX and SUFFIX.  Without a store, nothing.
_tkt_values()
{
	local prefix=$1 key=$2 suffix=${3:-} v values=()

	while IFS= read -r v; do
		values+=("$v$suffix")
	done < <("${_tkt_bin}tkt-ls" --values "$key" ${_tkt_db:+--db "$_tkt_db"} 2>/dev/null)
	_tkt_add "$prefix" "${values[@]}"
}

# Offer the template names of a tool (tkt-new: forms, tkt-reply: replies).
_tkt_templates()
{
	local prefix=$1 tool=$2 name rest names=()

	while IFS=$'\t' read -r name rest; do
		names+=("$name")
	done < <("${_tkt_bin}$tool" --list-templates 2>/dev/null)
	_tkt_add "$prefix" "${names[@]}"
}

# Offer, as NAME=, the fields of a form (tkt-new) or the variables of a
# reply template (tkt-reply), as --show-template shows them.
_tkt_template_vars()
{
	local tool=$1 what name rest names=()

	[[ -n $_tkt_template ]] || return
	while read -r what name rest; do
		case $tool:$what in
		tkt-new:field.?*) names+=("${what#field.}=") ;;
		tkt-reply:variable) names+=("${name%:}=") ;;
		esac
	done < <("${_tkt_bin}$tool" --show-template "$_tkt_template" 2>/dev/null)
	_tkt_add "" "${names[@]}"
}

_tkt_statuses="new open pending on-hold solved closed"
_tkt_priorities="low normal high urgent"
_tkt_channels="email chat phone web social api"

# The value of a KEY=VALUE word: fixed sets, or what the store knows.  In
# a list (status=new,op) the last item.
_tkt_key_value()
{
	local key=${_tkt_cur%%=*} head=${_tkt_cur%"${_tkt_cur##*[=,]}"}

	case ${key%!} in
	status)   _tkt_add "$head" $_tkt_statuses ;;
	priority) _tkt_add "$head" $_tkt_priorities ;;
	channel)  _tkt_add "$head" $_tkt_channels ;;
	breach)   _tkt_add "$head" first-reply next-reply update resolution any ;;
	outbox)   _tkt_add "$head" unsent queued sending sent failed ;;
	is)       _tkt_add "$head" problem incident merged ;;
	assignee) _tkt_add "$head" me; _tkt_values "$head" assignee ;;
	type|group|template|tag|requester|field.?*) _tkt_values "$head" "${key%!}" ;;
	esac
}

# A filter word: KEY=VALUE, KEY<TIME, KEY~WORDS, +TAG, -TAG.
_tkt_filter()
{
	local k keys="status= priority= type= channel= assignee= group= requester= template="

	keys+=" id= tag= outbox= field. created updated solved age waiting text~ subject~ body~"
	keys+=" requester~ is= problem= incidents"
	[[ $1 == tkt-ls ]] && keys+=" breach= due"
	case $_tkt_cur in
	[-+]*) _tkt_values "${_tkt_cur:0:1}" tag; return ;;
	*=*) _tkt_key_value; return ;;
	*~*) return ;;
	field.*) _tkt_values field. field =; return ;;
	esac
	for k in created updated solved age waiting due incidents; do
		# The operators of a key written whole.
		[[ $_tkt_cur == "$k"* ]] || continue
		case $k in created|updated|solved|incidents) _tkt_add "$k" = ;; esac
		_tkt_add "$k" '<' '<=' '>' '>='
		[[ $_tkt_cur == "$k" ]] && return
	done
	_tkt_add "" $keys
}

# A change word of tkt-tag: +TAG, -TAG, KEY=VALUE, cc+=ADDRESS.
_tkt_change()
{
	case $_tkt_cur in
	[-+]*) _tkt_values "${_tkt_cur:0:1}" tag ;;
	*=*) _tkt_key_value ;;
	field.*) _tkt_values field. field = ;;
	*) _tkt_add "" status= priority= type= assignee= group= field. cc+= cc-= ;;
	esac
}

# The value of option OPT of TOOL, written after PREFIX (--opt=).
_tkt_option_value()
{
	local tool=$1 opt=$2 prefix=$3 f head

	case $tool:$opt in
	*:--db|*:-F|*:--file|*:--config|*:--checklist|tkt-import:--mbox|tkt-import:--maildir|tkt-import:--csv|tkt-import:--map|tkt-reply:-a|tkt-reply:--attach|tkt-show:-o|tkt-show:--output)
		compopt -o filenames 2>/dev/null
		while IFS= read -r f; do
			f=$prefix$f
			COMPREPLY+=("${f#"$_tkt_pre"}")
		done < <(compgen -f -- "${_tkt_cur#"$prefix"}") ;;
	*:-c|*:--channel) _tkt_add "$prefix" $_tkt_channels ;;
	*:-p|*:--priority) _tkt_add "$prefix" $_tkt_priorities ;;
	*:--status) _tkt_add "$prefix" $_tkt_statuses ;;
	*:--type) _tkt_values "$prefix" type ;;
	*:--group) _tkt_values "$prefix" group ;;
	*:--assignee|*:--as) _tkt_values "$prefix" assignee ;;
	tkt-new:-f|tkt-new:--field)
		_tkt_template_vars tkt-new
		[[ -n $_tkt_template ]] || _tkt_values "$prefix" field = ;;
	tkt-reply:-v|tkt-reply:--var) _tkt_template_vars tkt-reply ;;
	*:-t|*:--template|*:--show-template) _tkt_templates "$prefix" "$tool" ;;
	tkt-ls:-S|tkt-ls:--sort)
		_tkt_add "$prefix" id created updated priority status age waiting subject \
		                   requester assignee due ;;
	tkt-ls:--values)
		_tkt_add "$prefix" tag assignee group type template requester field
		_tkt_values "${prefix}field." field ;;
	tkt-report:--format) _tkt_add "$prefix" table tsv csv json html ;;
	tkt-ls:--color|tkt-show:--color) _tkt_add "$prefix" auto always never ;;
	tkt-report:--by)
		# A list of keys: the last one.
		head=${_tkt_cur%"${_tkt_cur##*,}"}
		[[ -n $head ]] || head=$prefix
		_tkt_add "$head" agent group type priority channel tag template field. day \
		                 week month ticket
		_tkt_values "${head}field." field ;;
	qa-check:--by) _tkt_add "$prefix" agent ;;
	tkt-report:--last|qa-check:--last) _tkt_add "$prefix" day week month quarter year ;;
	tkt-report:--since|tkt-report:--until|qa-check:--since|qa-check:--until)
		_tkt_add "$prefix" today yesterday monday tuesday wednesday thursday friday \
		                   saturday sunday ;;
	esac
}

# The completion of every tool.
_tkt()
{
	local tool o i w want= words_only= dash_words= files= opts=() takes=()
	local _tkt_words _tkt_cur _tkt_pre _tkt_quote _tkt_db= _tkt_template= _tkt_bin=

	COMPREPLY=()
	_tkt_split
	tool=${_tkt_words[0]##*/}
	[[ ${_tkt_words[0]} == */* ]] && _tkt_bin=${_tkt_words[0]%/*}/
	for o in $(_tkt_options "$tool"); do
		opts+=("${o%:}")
		[[ $o == *: ]] && takes+=("${o%:}")
	done
	case $tool in
	tkt-ls|tkt-tag|tkt-report|qa-check|tkt-export) dash_words=1 ;;
	esac

	# What the words before this one say: the store, the template, and
	# whether this one is an option's value.
	for ((i = 1; i < ${#_tkt_words[@]}; i++)); do
		w=${_tkt_words[i]}
		if [[ -n $want ]]; then
			case $want in
			--db) _tkt_db=$w ;;
			-t|--template) _tkt_template=$w ;;
			esac
			want=
			continue
		fi
		[[ -n $words_only ]] && continue
		case $w in
		--) words_only=1 ;;
		--db=*) _tkt_db=${w#--db=} ;;
		--template=*) _tkt_template=${w#--template=} ;;
		--check-template) files=1 ;;
		-?*)
			for o in "${takes[@]}"; do
				[[ $w == "$o" ]] && want=$w
			done ;;
		esac
	done
	[[ $_tkt_db == "~/"* ]] && _tkt_db=$HOME/${_tkt_db#"~/"}

	if [[ -n $want ]]; then
		_tkt_option_value "$tool" "$want" ""
	elif [[ -z $words_only && $_tkt_cur == --*=* ]]; then
		_tkt_option_value "$tool" "${_tkt_cur%%=*}" "${_tkt_cur%%=*}="
	elif [[ -z $words_only && $_tkt_cur == -* ]]; then
		_tkt_add "" "${opts[@]}"
		[[ -n $dash_words && $_tkt_cur != --* ]] && _tkt_values - tag
	elif [[ -n $files ]]; then
		_tkt_option_value "$tool" --file ""
	else
		case $tool in
		tkt-ls|tkt-export|tkt-report|qa-check) _tkt_filter "$tool" ;;
		tkt-tag) _tkt_change ;;
		tkt-new) [[ $_tkt_cur == +* ]] && _tkt_values + tag ;;
		tkt-rate)
			case $_tkt_cur in
			csat=*) _tkt_add csat= {1..5} ;;
			nps=*) _tkt_add nps= {0..10} ;;
			agent=*) _tkt_add agent= {1..10} ;;
			ces=*) _tkt_add ces= {1..7} ;;
			*) _tkt_add "" csat= nps= agent= ces= ;;
			esac ;;
		esac
	fi

	# A key, a list or an operator is not a whole word yet.
	if [[ ${#COMPREPLY[@]} == 1 && ( $COMPREPLY == *[=.,] || $COMPREPLY == *[\<\>] ||
	      $COMPREPLY =~ ^(created|updated|solved|age|waiting|due|incidents)$ ) ]]; then
		compopt -o nospace 2>/dev/null
	fi
	return 0
}

complete -F _tkt tkt-new tkt-reply tkt-tag tkt-ls tkt-show tkt-rate tkt-report qa-check tkt-export \
	tkt-merge tkt-link tkt-import tkt-survey
