#!/bin/zsh -f
# zcomplete.zsh DIR LINE...: for each LINE, the completions zsh offers at
# its end with the _tkt of DIR, sorted, one space between, on one line.
# An interactive zsh on a pseudo-terminal (zsh/zpty) gets the line and a
# TAB, bound to complete the word, print a mark and empty the line; its
# compadd prints each match, between <[ and ]>, instead of adding it.
zmodload zsh/zpty || exit 1
zpty z zsh -f -i || exit 1
zpty -w z "PROMPT='' RPROMPT=''; fpath=(${(q)1} \$fpath); autoload -U compinit; compinit -u -D"
zpty -w z 'compadd() {
	local -a hits; local -A o; local h
	[[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]] && { builtin compadd "$@"; return; }
	builtin compadd -A hits "$@"
	zparseopts -E -A o P: p: S: s:
	for h in $hits; do print -r -- "<[$IPREFIX$o[-P]$o[-p]$h$o[-s]$o[-S]]>"; done
	(( $#hits ))
}'
zpty -w z 'complete-and-mark() { zle complete-word; print -r -- "==DO""NE=="; BUFFER= }'
zpty -w z "zle -N complete-and-mark; bindkey '^I' complete-and-mark"
zpty -w z "print -r -- '==DO''NE=='"
zpty -r z out '*==DONE==*' || exit 1
shift
local -a got
for line; do
	zpty -w -n z "$line"$'\t'
	zpty -r z out '*==DONE==*' || exit 1
	got=()
	while [[ $out == *'<['*']>'* ]]; do
		out=${out#*'<['}
		got+=("${out%%']>'*}")
		out=${out#*']>'}
	done
	print -r -- ${(j: :)${(ou)got}}
done
zpty -d z
