#!/bin/sh
# tests/bench/compare.sh OLD.tsv NEW.tsv: the rows of make bench's table
# (BUILD/bench/bench.tsv) that got worse from OLD to NEW by more than the
# noise (a time or a size that grew, a rate that fell), one line each;
# exit 1 when there is one, 0 when none, 2 on bad use.  make
# bench-compare OLD=... NEW=... runs it.
#
# Rows are matched by what, size, backend and reference (a row is kept
# per operation, store size, backend and reference); the columns are
# found by the header's names, and a table of before the size and
# backend columns is matched by what and reference alone.  A row with a ratio is compared by its ratio to
# the reference measured in the same run (which a busy machine slows
# alike): a time's ratio that grew, a rate's that fell; a row without,
# by its own value (ms and s and MB: higher is worse; a unit per
# second: lower is).  A row that is no speed (same bytes: yes or no) is
# printed when its verdict went from ok to MISSED.  The noise is how
# much two runs of one commit differ (README.md, Speed, says how it was
# measured): BENCH_NOISE percent (20) for a ratio, BENCH_NOISE_ALONE (50)
# for a value measured alone, which a busy machine moves more.
set -eu
[ $# -eq 2 ] && [ -r "$1" ] && [ -r "$2" ] ||
	{ echo "usage: tests/bench/compare.sh OLD.tsv NEW.tsv (readable files)" >&2; exit 2; }
noise=${BENCH_NOISE:-20} alone=${BENCH_NOISE_ALONE:-50}
for v in "BENCH_NOISE $noise" "BENCH_NOISE_ALONE $alone"; do
	case ${v#* } in
	''|*[!0-9.]*|*.*.*) echo "compare.sh: bad ${v%% *} '${v#* }' (a percentage, like 20)" >&2; exit 2;;
	esac
done
awk -F '\t' -v noise="$noise" -v alone="$alone" '
function num(x) { return x ~ /^-?[0-9]+(\.[0-9]+)?$/ }
function rowkey(f, c) {
	return c[col[f, "what"]] SUBSEP c[col[f, "reference"]] \
	       (keyed ? SUBSEP c[col[f, "size"]] SUBSEP c[col[f, "backend"]] : "")
}
# +1: higher is worse; -1: lower is worse; 0: neither.
function dir(kind, unit) {
	if (kind == "time") return 1
	if (kind == "rate") return -1
	if (unit == "ms" || unit == "s" || unit == "MB") return 1
	if (unit ~ /\/s$/) return -1
	return 0
}
# The columns by the names in the header, in each file.
FNR == 1 {
	f = NR == FNR ? "old" : "new"
	for (i = 1; i <= NF; i++) col[f, $i] = i
	if (f == "new") keyed = (("old", "size") in col) && (("new", "size") in col)
	next
}
NR == FNR { raw[FNR] = $0; nold = FNR; next }
FNR == 2 {   # the old file, now that it is known whether size is in both
	for (r = 2; r <= nold; r++) {
		nf = split(raw[r], c, "\t")
		key = rowkey("old", c)
		old[key] = c[col["old", "tkt"]]; oldratio[key] = c[col["old", "ratio"]]
		oldverdict[key] = c[col["old", "verdict"]]
	}
}
{
	nf = split($0, c, "\t")
	key = rowkey("new", c)
	if (!(key in old)) next
	t = c[col["new", "tkt"]]; unit = c[col["new", "unit"]]; ref = c[col["new", "reference"]]
	ratio = c[col["new", "ratio"]]; target = c[col["new", "target"]]; verdict = c[col["new", "verdict"]]
	kind = target ~ /^<=/ && num(ratio) ? "time" : target ~ /^>=/ && num(ratio) ? "rate" : ""
	d = dir(kind, unit)
	name = c[col["new", "what"]]
	if (keyed) {
		sz = c[col["new", "size"]]; be = c[col["new", "backend"]]
		name = name " [" (sz != "-" ? sz " tickets, " : "") be "]"
	}
	name = name (ref != "-" ? " (against " ref ")" : "")
	if (kind != "" && num(oldratio[key])) { a = oldratio[key]; b = ratio; what = "ratio"; n = noise }
	else { a = old[key]; b = t; what = unit; n = alone }
	if (d != 0 && num(a) && num(b) && a > 0) {
		change = (b - a) / a * 100 * d
		if (change > n) {
			printf "%s: %s%s -> %s, %.0f%% worse\n", name, what != "-" ? what " " : "", a, b, change
			worse = 1
			next
		}
	}
	if (d == 0 && oldverdict[key] == "ok" && verdict == "MISSED") {
		printf "%s: %s%s -> %s, target %s now missed\n", name, what != "-" ? what " " : "", a, b, target
		worse = 1
	}
}
END { exit worse }' "$1" "$2"
