#!/bin/sh
# The team of config.yaml (agents:, groups:): assignee and group values
# checked, with "did you mean", and any of an agent's names stored as the
# login; the acting agent so too; reports and qa-check --by agent
# counting an agent's names as one; the team's errors, by line; and
# store: and agent: below the options and the environment.
. "${0%/*}/lib.sh"

cat >"$T/team.yaml" <<'END'
groups: [billing, tech]
agents:
  olga:
    name: Olga Petrova
    addresses: [olga@example.com]
    groups: [billing, tech]
  mira:
    name: Mira Jones
    addresses: mira@example.com
    groups: tech
END
export TKT_CONFIG=$T/none.yaml            # no team yet

# ---- a history from before the team -------------------------------------
# On 2 Nov olga answered three tickets under three names (1: olga, 2: Olga
# Petrova, 3: olga@example.com), each assigned to her under that name, and
# mira one (4).  On 3 Nov a person reviewed them: 1 clear (weight 1) pass;
# 2 questions-answered (weight 2) fail; 3 both pass; 4 clear fail.
for who in olga "Olga Petrova" olga@example.com mira; do
	id=$(tkt-new -s "about $who" -r c@example.com -m help --assignee "$who" --at 2026-11-02T09:00:00Z)
	tkt-reply "$id" -m "Hello, it is done." --as "$who" --at 2026-11-02T10:00:00Z >/dev/null
done
qa-check --review 1 clear=pass --at 2026-11-03T09:00:00Z >/dev/null
qa-check --review 2 questions-answered=fail --at 2026-11-03T09:00:00Z >/dev/null
qa-check --review 3 clear=pass questions-answered=pass --at 2026-11-03T09:00:00Z >/dev/null
qa-check --review 4 clear=fail --at 2026-11-03T09:00:00Z >/dev/null

check 'without a team any assignee and group is taken as given' '
	id=$(tkt-new -s other -r d@example.com -m hi --assignee olgaa --group biling --at 2026-10-01) &&
	same "olgaa|biling" "$(q "SELECT assignee, grp FROM tickets WHERE id = $id")"'
window='--since 2026-11-01 --until 2026-11-08'
check 'without a team, each name is an agent of its own' '
	same "4" "$(qa-check --by agent $window | grep -c -e "^olga" -e "^Olga" -e "^mira")" &&
	same "Olga Petrova	1" "$(tkt-report $window --by agent --metrics replies --format tsv | grep ^Olga)"'

export TKT_CONFIG=$T/team.yaml

# ---- reports count an agent's names as one ------------------------------
# olga's three replies are hers; her QA score is the weights passed over
# those decided on her three tickets: (1 + 0 + 3) / (1 + 2 + 3) = 67.
check 'tkt-report --by agent counts olga, Olga Petrova and olga@example.com as olga' '
	tkt-report "id<5" $window --by agent --metrics replies --format tsv >"$T/r" &&
	same "agent	replies
mira	1
olga	3" "$(cat "$T/r")"'
check 'qa-check --by agent sums them up as olga: 3 tickets, score 67' '
	qa-check --by agent $window >"$T/a" &&
	same "agent	tickets	score	before	trend
mira	1	0	-	-
olga	3	67	-	-" "$(cat "$T/a")"'
check 'qa-check --by agent takes the team of --config' '
	TKT_CONFIG=$T/none.yaml qa-check --by agent $window --config "$T/team.yaml" --json >"$T/a" &&
	same "olga 3 67" "$(jq -r "select(.agent == \"olga\") | \"\(.agent) \(.tickets) \(.score)\"" "$T/a")"'

# ---- values checked against the team ------------------------------------
fails 65 "^tkt-tag: unknown assignee 'olgaa' \(did you mean 'olga'\?\)$" \
	'a misspelt assignee is refused, with the login meant' 'tkt-tag 2 assignee=olgaa group=billing'
fails 65 "^tkt-tag: unknown group 'biling' \(did you mean 'billing'\?\)$" \
	'a misspelt group is refused, and the assignee beside it not set' 'tkt-tag 2 assignee=olga group=biling'
fails 65 "^tkt-new: unknown assignee 'Olga Petrov' \(did you mean 'Olga Petrova'\?\)$" \
	'a misspelt display name, with the name meant' 'tkt-new -s x -r c@example.com -m hi --assignee "Olga Petrov"'
fails 65 "^tkt-new: unknown group 'sales' \(not one of the team's groups\)$" \
	'a group far from any' 'tkt-new -s x -r c@example.com -m hi --group sales'
fails 65 "^tkt-tag: unknown assignee 'zed' \(not one of the team's agents\)$" \
	'an assignee far from any' 'tkt-tag 2 assignee=zed'
fails 65 "^tkt-tag: --as: unknown agent 'mria' \(did you mean 'mira'\?\)$" \
	'--as a name the team does not know' 'tkt-tag 2 +x --as mria'
check 'a display name and an address, in any case, are stored as the login' '
	same 2 "$(tkt-tag 2 "assignee=olga petrova" group=tech --as MIRA@example.com --at 2026-11-05)" &&
	same "olga|tech" "$(q "SELECT assignee, grp FROM tickets WHERE id = 2")" &&
	same "mira|assignee|Olga Petrova|olga" "$(q "SELECT actor, what, old, new FROM events WHERE ticket = 2 AND what = '"'"'assignee'"'"' ORDER BY id DESC LIMIT 1")" &&
	tkt-tag 3 assignee=OLGA@EXAMPLE.COM --at 2026-11-05 >/dev/null &&
	same olga "$(q "SELECT assignee FROM tickets WHERE id = 3")"'
check 'an empty assignee or group still clears it' '
	tkt-tag 3 assignee= group= --at 2026-11-05 >/dev/null &&
	same "|" "$(q "SELECT assignee, grp FROM tickets WHERE id = 3")"'
check 'me is the acting agent, by whichever name, as the login' '
	tkt-tag 3 assignee=me --as "Mira Jones" --at 2026-11-05 >/dev/null &&
	same mira "$(q "SELECT assignee FROM tickets WHERE id = 3")" &&
	same "3 4" "$(tkt-ls assignee=me --as mira@example.com -q | joined)"'
check 'a new ticket by names: assignee, group and actor as logins' '
	id=$(TKT_AGENT="olga petrova" tkt-new -s new -r c@example.com -m hi --assignee mira@example.com --group tech --at 2026-11-06) &&
	same "mira|tech" "$(q "SELECT assignee, grp FROM tickets WHERE id = $id")" &&
	same "olga" "$(q "SELECT DISTINCT actor FROM events WHERE ticket = $id")" &&
	TKT_AGENT=olga@example.com tkt-reply "$id" -m "On it." --at 2026-11-06T01:00:00Z >/dev/null &&
	same "olga" "$(q "SELECT author FROM messages WHERE ticket = $id AND kind = '"'"'agent'"'"'")"'
check 'an account the team does not know (cron) acts as itself' '
	TKT_AGENT=cron tkt-tag 4 +nightly --at 2026-11-07 >/dev/null &&
	same cron "$(q "SELECT actor FROM events WHERE ticket = 4 AND what = '"'"'tag'"'"'")"'
fails 65 "^tkt-tag: assignee 'me' is 'cron', not one of the team's agents$" \
	'but cannot take a ticket as me' 'TKT_AGENT=cron tkt-tag 4 assignee=me'
check 'filter words take values as stored' '
	same 1 "$(tkt-ls "assignee=olgaa" -q | wc -l)"'
check 'without groups: the groups are those the agents work in' '
	printf "agents:\n  olga:\n    groups: [billing]\n" >"$T/nogroups.yaml" &&
	TKT_CONFIG=$T/nogroups.yaml tkt-tag 4 group=billing >/dev/null &&
	same billing "$(q "SELECT grp FROM tickets WHERE id = 4")"'
fails 65 "^tkt-tag: unknown group 'tech' \(not one of the team's groups\)$" \
	'and a group none of them works in is refused' 'TKT_CONFIG=$T/nogroups.yaml tkt-tag 4 group=tech'

# ---- the team's errors, by line -----------------------------------------
bad() {
	printf '%s\n' "$@" >"$T/bad.yaml"
}
bad 'groups: [billing, tech]' 'agents:' '  olga:' '    groups: [billing, biling]'
fails 78 "^tkt-show: .*bad.yaml:4:23: group 'biling' of agent 'olga' is not in groups: \(did you mean 'billing'\?\)$" \
	'an agent in a group not in groups:, from a tool that reads no other setting' 'TKT_CONFIG=$T/bad.yaml tkt-show 1'
bad 'agents:' '  olga:' '    name: Olga' '  mira:' '    name: OLGA'
fails 78 "bad.yaml:5:11: name 'OLGA' is olga too$" 'a name two agents share' 'TKT_CONFIG=$T/bad.yaml tkt-tag 1 +x'
bad 'agents:' '  olga:' '    addresses: [o@example.com]' '  mira:' '    addresses: [m@example.com, O@example.com]'
fails 78 "bad.yaml:5:5: address 'O@example.com' is olga too$" 'an address two agents share' 'TKT_CONFIG=$T/bad.yaml tkt-rate 1 csat=5'
bad 'groups: [billing, tech, billing]'
fails 78 "bad.yaml:1:25: group 'billing' is listed twice$" 'a group listed twice' 'TKT_CONFIG=$T/bad.yaml tkt-ls'
bad 'groups: {billing: Money}'
fails 78 "bad.yaml:1:9: groups is a list of group names" 'groups that are not a list' 'TKT_CONFIG=$T/bad.yaml tkt-ls'
bad 'agent: olgaa' 'agents:' '  olga:'
fails 78 "bad.yaml:1:8: unknown agent 'olgaa' \(did you mean 'olga'\?\)$" 'agent: not of the team' 'TKT_CONFIG=$T/bad.yaml tkt-export'
bad 'agents:' '  me:'
fails 78 "bad.yaml:2:3: bad login 'me'" 'me is no login' 'TKT_CONFIG=$T/bad.yaml tkt-ls'
bad 'store: tkt.db'
fails 78 "bad.yaml:1:8: store 'tkt.db' is not an absolute path" 'a relative store:' 'TKT_CONFIG=$T/bad.yaml tkt-ls'
check 'a broken config.yaml does not stop what opens no store' '
	TKT_CONFIG=$T/bad.yaml tkt-new --show-template defect >/dev/null'

# ---- store: and agent: below the options and the environment ------------
cfg=$(newstore cfg) env_=$(newstore env) opt=$(newstore opt)
cat >"$T/prec.yaml" <<END
store: $cfg
agent: Mira Jones
agents:
  olga:
    name: Olga Petrova
  mira:
    name: Mira Jones
END
# actor ADDR: who opened the store's last ticket.
actor() {
	qs "$1" "SELECT actor FROM events WHERE what = 'status' ORDER BY id DESC LIMIT 1"
}
check 'config.yaml: store: and agent: when neither option nor environment says' '
	(unset TKT_DB TKT_AGENT; TKT_CONFIG=$T/prec.yaml tkt-new -s a -r c@example.com -m hi >/dev/null) &&
	same mira "$(actor "$cfg")" && not_made "$env_"'
check 'TKT_DB and TKT_AGENT over them' '
	TKT_CONFIG=$T/prec.yaml TKT_DB=$env_ TKT_AGENT="olga petrova" tkt-new -s a -r c@example.com -m hi >/dev/null &&
	same olga "$(actor "$env_")" && same 1 "$(qs "$cfg" "SELECT count(*) FROM tickets")"'
check '--db and --as over those' '
	TKT_CONFIG=$T/prec.yaml TKT_DB=$env_ TKT_AGENT=olga tkt-new -s a -r c@example.com -m hi --db "$opt" --as mira >/dev/null &&
	same mira "$(actor "$opt")" && same 1 "$(qs "$env_" "SELECT count(*) FROM tickets")" &&
	same 1 "$(qs "$cfg" "SELECT count(*) FROM tickets")"'
check 'the login when nothing names an agent' '
	printf "store: %s\n" "$cfg" >"$T/store-only.yaml" &&
	(unset TKT_DB TKT_AGENT; TKT_CONFIG=$T/store-only.yaml tkt-new -s a -r c@example.com -m hi >/dev/null) &&
	same "$(id -un)" "$(actor "$cfg")"'
check 'config.yaml found under XDG_CONFIG_HOME, and under ~/.config without it' '
	mkdir -p "$T/xdg/tkt" "$HOME/.config/tkt" &&
	printf "store: %s\nagent: xdg\n" "$cfg" >"$T/xdg/tkt/config.yaml" &&
	printf "store: %s\nagent: home\n" "$cfg" >"$HOME/.config/tkt/config.yaml" &&
	(unset TKT_DB TKT_AGENT TKT_CONFIG; XDG_CONFIG_HOME=$T/xdg tkt-tag 1 +a >/dev/null) &&
	same xdg "$(qs "$cfg" "SELECT actor FROM events WHERE new = '"'"'a'"'"'")" &&
	(unset TKT_DB TKT_AGENT TKT_CONFIG; tkt-tag 1 +b >/dev/null) &&
	same home "$(qs "$cfg" "SELECT actor FROM events WHERE new = '"'"'b'"'"'")" &&
	rm "$HOME/.config/tkt/config.yaml"'
# Without one of the user's own, the system's: the first tkt/config.yaml
# of XDG_CONFIG_DIRS (relative entries ignored).
sysconf() {
	(unset TKT_DB TKT_AGENT TKT_CONFIG; XDG_CONFIG_DIRS="etc:$T/etc1:$T/etc2" "$@")
}
mkdir -p "$T/etc1/tkt" "$T/etc2/tkt" "$T/home-xdg"
check 'the system config.yaml of XDG_CONFIG_DIRS when the user has none' '
	printf "store: %s\nagent: etc2\n" "$cfg" >"$T/etc2/tkt/config.yaml" &&
	sysconf tkt-tag 1 +c >/dev/null &&
	same etc2 "$(qs "$cfg" "SELECT actor FROM events WHERE new = '"'"'c'"'"'")" &&
	printf "store: %s\nagent: etc1\n" "$cfg" >"$T/etc1/tkt/config.yaml" &&
	sysconf tkt-tag 1 +d >/dev/null &&
	same etc1 "$(qs "$cfg" "SELECT actor FROM events WHERE new = '"'"'d'"'"'")"'
check 'the user'"'"'s own config.yaml over the system'"'"'s' '
	mkdir -p "$T/home-xdg/tkt" &&
	printf "store: %s\nagent: own\n" "$cfg" >"$T/home-xdg/tkt/config.yaml" &&
	XDG_CONFIG_HOME=$T/home-xdg sysconf tkt-tag 1 +e >/dev/null &&
	same own "$(qs "$cfg" "SELECT actor FROM events WHERE new = '"'"'e'"'"'")"'
printf 'store: %s\nagent: [etc1\n' "$cfg" >"$T/etc1/tkt/config.yaml"
STORE=$cfg fails 78 "$(re "$T/etc1/tkt/config.yaml"):[0-9]+:[0-9]+: " 'a bad system config.yaml is named' \
	'sysconf tkt-tag 1 +f'
rm -r "$T/etc1" "$T/etc2"
sqlite_only 'a path' check '~ at the start of store: is the home' '
	printf "store: ~/desk/tkt.db\n" >"$T/tilde.yaml" &&
	(unset TKT_DB; TKT_CONFIG=$T/tilde.yaml tkt-new -s a -r c@example.com -m hi >/dev/null) &&
	test -f "$HOME/desk/tkt.db"'

done_testing
