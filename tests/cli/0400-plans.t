#!/bin/sh
# The plans of what an agent looks up at a terminal (a ticket by id, by
# its requester's email or part of it, by a field, by tag and status, by
# status and assignee, by its text), of the SLA words and of a week's
# report: each reads its rows through an index and no table whole, on
# both backends, so that a change cannot bring a scan of every ticket
# back unnoticed.  TKT_EXPLAIN (tkt(7)) shows the plan of each query a
# tool runs.  Not timed: make bench times them.
. "${0%/*}/lib.sh"

gen=${TKT_GEN:?TKT_GEN names the generator (make check sets it)}
"$gen" 300 >"$T/t.jsonl"
tkt-new --batch -q <"$T/t.jsonl"
# SQLite: as tkt leaves a store, without statistics (tkt never runs
# ANALYZE), where the planner takes every table for a large one.
# PostgreSQL: with statistics, and the plans that can read a whole table
# priced out: a few hundred tickets fit in a few pages, which the planner
# rightly reads whole, walks in the order of ids or hashes rather than
# look them up; what it still reads whole then, no index could spare.
if on_pg; then
	q "ANALYZE" >/dev/null
	no_scans="-c enable_seqscan=off -c enable_indexscan=off -c enable_indexonlyscan=off"
	no_scans="$no_scans -c enable_hashjoin=off -c enable_mergejoin=off"
fi

# explain TOOL ARG...: run the tool with TKT_EXPLAIN: its output in
# $T/plan.out, the plans of its queries in $T/plan.
explain() {
	PGOPTIONS=${no_scans:-} TKT_EXPLAIN=1 "$@" >"$T/plan.out" 2>"$T/plan"
}
# scans: the steps of the plans in $T/plan that read a table whole, each
# after its query; nothing when every table is read through an index.
# SQLite: a SCAN of a table, or of a full-text index without a MATCH
# (not of a subquery's rows).  PostgreSQL: a step that costs what a path
# priced out does (10^10 and more): a Seq Scan, or an index walked whole.
scans() {
	awk '/^tkt: query: / { q = $0; next }
	     /^tkt: plan: / { p = substr($0, 12)
	         cost = match(p, /cost=[0-9]+/) ? substr(p, RSTART + 5, RLENGTH - 5) + 0 : 0
	         if ((p ~ /^ *SCAN / && p !~ /^ *SCAN (\(|CONSTANT ROW)/ &&
	              !(p ~ /VIRTUAL TABLE INDEX [0-9]+:.*M/)) || p ~ /Seq Scan on / || cost >= 1e10) {
	             print q; print p } }' "$T/plan"
}
# indexed NAME EXPECTED TOOL ARG...: the tool prints EXPECTED (its lines
# joined), its queries read no table whole, and it ran some.  (No
# argument has a single quote.)
indexed() {
	name=$1 expected=$2 cmd=
	shift 2
	for a; do cmd="$cmd '$a'"; done
	check "$name" "explain $cmd"' && same "$expected" "$(joined <"$T/plan.out")" &&
		grep -q "^tkt: plan: " "$T/plan" && same "" "$(scans)"'
}

IFS='|' read -r id email agent <<END
$(q "SELECT t.id, c.email, t.assignee FROM tickets t JOIN customers c ON c.id = t.requester
	WHERE c.email IS NOT NULL AND t.assignee IS NOT NULL ORDER BY t.id DESC LIMIT 1")
END
part=$(printf '%s' "$email" | cut -c2-8)
order=$(q "SELECT value FROM fields WHERE name = 'order' ORDER BY ticket DESC LIMIT 1")
tag=$(q "SELECT tag FROM tags ORDER BY ticket DESC, tag LIMIT 1")
ids() { q "SELECT t.id FROM tickets t JOIN customers c ON c.id = t.requester WHERE $1 ORDER BY t.id" | joined; }

indexed 'a ticket by id' "$id" tkt-ls -q id=$id
indexed 'tickets by their requester'"'"'s email, in any case' \
	"$(ids "c.email = '$email'")" tkt-ls -q "requester=$(printf '%s' "$email" | tr a-z A-Z)"
indexed 'tickets by part of their requester'"'"'s email' \
	"$(jq -r --arg p "$part" 'select(.requester | [.name, .email, .handle] | map(. // "" | ascii_downcase)
	     | any(contains($p))) | .id' "$T/t.jsonl" | joined)" \
	tkt-ls -q "requester~$part"
indexed 'tickets by a field'"'"'s value' \
	"$(ids "t.id IN (SELECT ticket FROM fields WHERE name = 'order' AND value = '$order')")" \
	tkt-ls -q field.order=$order
indexed 'tickets by tag and status' \
	"$(ids "t.status = 'solved' AND t.id IN (SELECT ticket FROM tags WHERE tag = '$tag')")" \
	tkt-ls -q +$tag status=solved
# The backlog (statuses not done) does not grow with the store's
# history, a tag's tickets do: with both, the backlog is read first and
# each of its tickets' tags checked.
open_tag=$(q "SELECT g.tag FROM tags g JOIN tickets t ON t.id = g.ticket
	WHERE t.status IN ('open', 'pending') ORDER BY g.ticket DESC, g.tag LIMIT 1")
indexed 'the backlog by tag' \
	"$(ids "t.status IN ('open', 'pending') AND t.id IN (SELECT ticket FROM tags WHERE tag = '$open_tag')")" \
	tkt-ls -q +$open_tag status=open,pending
check 'reads the backlog from the index of statuses, not all the tag'"'"'s tickets' '
	on_pg || { awk "/^tkt: query: / { l = / FROM tickets t / } l" "$T/plan" >"$T/list" &&
		grep -q "USING INDEX tickets_status" "$T/list" && ! grep -q "tags_tag" "$T/list"; }'
indexed 'tickets by status and assignee' \
	"$(ids "t.status = 'solved' AND t.assignee = '$agent'")" tkt-ls -q status=solved assignee=$agent
indexed 'tickets by a word of their text' \
	"$(ids "t.id IN (SELECT ticket FROM fields WHERE value = '$order')")" tkt-ls -q text~$order
check 'a ticket by id, shown' '
	explain tkt-show $id && grep -q "^ticket  *$id$" "$T/plan.out" && same "" "$(scans)"'

# The SLA words check each ticket not done: the index of statuses gives them.
not_done=$(ids "t.status NOT IN ('solved', 'closed')")
indexed 'breach=any reads the tickets not done, from their index' \
	"$(TKT_NOW=2026-11-10 tkt-ls -q breach=any | joined)" env TKT_NOW=2026-11-10 tkt-ls -q breach=any
indexed 'due<4h too' "$(TKT_NOW=2026-11-10 tkt-ls -q 'due<4h' | joined)" \
	env TKT_NOW=2026-11-10 tkt-ls -q 'due<4h'
check 'and they are among the tickets not done' '
	TKT_NOW=2026-11-10 tkt-ls -q breach=any | sort >"$T/b" && test -s "$T/b" &&
	same "" "$(printf "%s\n" $not_done | sort | comm -13 - "$T/b")"'

# A week's report reads the week's tickets and those not done, from the
# indexes of when tickets changed and of statuses: not the store.
tkt-report --since 2026-10-01 --until 2026-10-08 --format tsv >"$T/week"
check 'a week'"'"'s report reads no table whole' '
	explain tkt-report --since 2026-10-01 --until 2026-10-08 --format tsv &&
	cmp -s "$T/week" "$T/plan.out" && grep -q "^tkt: plan: " "$T/plan" && same "" "$(scans)"'
check 'and counts tickets' 'awk -F "\t" "\$1 == \"created\" && \$2 > 0 { ok = 1 } END { exit !ok }" "$T/week"'

# qa-check of a week's tickets reads those tickets: not a list of every
# ticket ever changed (its report of each ticket's times starts with the
# store, which any ticket may concern), looked up in.
check 'qa-check of a week reads the week'"'"'s tickets, through the index of changes' '
	explain qa-check "updated>=2026-10-01" "updated<2026-10-08" && test -s "$T/plan.out" &&
	same "" "$(scans)" && { on_pg || { grep -q "tickets_updated (updated_at>? AND updated_at<?)" "$T/plan" &&
		! grep -q "tickets_updated (updated_at>?)\$" "$T/plan"; }; }'

# The check sees a scan: the tickets without a tag are every ticket but
# those with it, read whole.
check 'a filter that reads every ticket is seen to' '
	explain tkt-ls -q -$tag && test -s "$T/plan.out" && scans | grep -q .'
check 'without TKT_EXPLAIN, no plan' '
	TKT_EXPLAIN= tkt-ls -q id=$id >"$T/o" 2>"$T/e" && same "$id" "$(cat "$T/o")" && ! test -s "$T/e"'

# A store of an older tkt gets the indexes with the schema's next steps.
if on_pg; then
	skip 'a store of version 4 looks up fields through the index' 'SQLite only: tests/data/store/v4.sql'
else
	old=$(newstore old)
	sqlite3 "$old" <"${0%/*}/../data/store/v4.sql"
	indexed 'a store of version 4 looks up fields through the index' 2 tkt-ls --db "$old" -q field.order=100234
fi

done_testing
