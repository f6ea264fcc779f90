#!/bin/sh
# Does the benchmark's plain SQL compute what tkt-report does?  Run
# tkt-report over STORE for the window [SINCE, UNTIL), alone and by agent
# and week, and tests/bench/report.sql and report-by.sql in the sqlite3
# shell as the bench runs them, and compare the outputs: the SQL prints
# rates with one decimal, tkt-report's TSV in full precision, so both are
# compared as canon.awk writes them.  When they differ, say which rows and
# columns.  Exit 0 when both pairs are
# the same, 1 when not.
#   usage: tests/bench/report-check.sh BIN STORE SINCE UNTIL
# BIN holds tkt-report; SINCE and UNTIL are unix seconds or a date that
# date(1) reads, in UTC (2025-11-01).
set -eu
[ $# -eq 4 ] || { echo "usage: $0 BIN STORE SINCE UNTIL" >&2; exit 64; }
bin=$1 store=$2
here=$(cd "$(dirname "$0")" && pwd)
export TZ=UTC TKT_CONFIG=/dev/null/none
secs() { case $1 in '' | *[!0-9]*) date -u -d "$1" +%s ;; *) echo "$1" ;; esac; }
since=$(secs "$3")
until=$(secs "$4")
dir=$(mktemp -d "${TMPDIR:-/tmp}/tkt-check.XXXXXX")
trap 'rm -rf "$dir"' EXIT

status=0
for sql in report report-by; do
	if [ $sql = report ]; then by= keys=0; else by='--by agent,week' keys=2; fi
	# $by unquoted: two words or none
	"$bin/tkt-report" --db "$store" --since "@$since" --until "@$until" --format tsv $by \
		>"$dir/tkt.tsv"
	{ printf '.parameter set @since %s\n.parameter set @until %s\n' "$since" "$until"
	  cat "$here/$sql.sql"; } | sqlite3 -bail "$store" >"$dir/sql.tsv"
	for f in tkt sql; do
		awk -f "$here/canon.awk" "$dir/$f.tsv" >"$dir/$f.canon" && mv "$dir/$f.canon" "$dir/$f.tsv"
	done
	if cmp -s "$dir/tkt.tsv" "$dir/sql.tsv"; then
		printf '%s.sql: same as tkt-report%s (%d lines)\n' "$sql" "${by:+ $by}" \
			"$(wc -l <"$dir/tkt.tsv")"
		continue
	fi
	status=1
	printf '%s.sql: differs from tkt-report%s\n' "$sql" "${by:+ $by}"
	# rows by their labels (agent and week), in tkt-report's order
	awk -F '\t' -v keys=$keys '
		function key(   k, i) {
			for (i = 1; i <= keys; i++) k = k (i > 1 ? " " : "") $i
			return k == "" ? "the row" : k
		}
		FNR == 1 {
			if (NR == 1) { n = split($0, head); hdr = $0 }
			else if ($0 != hdr) print "  the headers differ"
			next
		}
		NR == FNR { t[key()] = $0; tord[++nt] = key(); next }
		{ s[key()] = $0; sord[++ns] = key() }
		END {
			for (i = 1; i <= nt; i++) if (!(tord[i] in s) && ++only1 <= 5)
				print "  only in tkt-report: " tord[i]
			for (i = 1; i <= ns; i++) if (!(sord[i] in t) && ++only2 <= 5)
				print "  only in the SQL: " sord[i]
			if (only1 > 5) print "  ... " only1 " rows only in tkt-report"
			if (only2 > 5) print "  ... " only2 " rows only in the SQL"
			if (!only1 && !only2)
				for (i = 1; i <= nt; i++) if (tord[i] != sord[i]) {
					print "  the rows are in another order"
					break
				}
			for (r = 1; r <= nt; r++) {
				k = tord[r]
				if (!(k in s)) continue
				split(t[k], a)
				split(s[k], b)
				for (i = keys + 1; i <= n; i++)
					if (a[i] != b[i] && !bad[i]++)
						eg[i] = (keys ? k ": " : "") "tkt-report " a[i] ", SQL " b[i]
			}
			for (i = keys + 1; i <= n; i++)
				if (bad[i])
					printf "  %s differs in %d row%s, e.g. %s\n", head[i], bad[i],
					       (bad[i] > 1 ? "s" : ""), eg[i]
		}' "$dir/tkt.tsv" "$dir/sql.tsv"
done
exit $status
