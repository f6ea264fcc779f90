#!/bin/sh
# tests/bench/compare.sh OLD.tsv NEW.tsv: the rows of make bench's table
# (BUILD/bench/bench.tsv) that got worse from OLD to NEW by more than the
# noise (a time or a size that grew, a rate that fell), one line each;
# exit 1 when there is one, 0 when none, 2 on bad use.  make
# bench-compare OLD=... NEW=... runs it.
#
# Rows are matched by what and reference (a row is kept per operation,
# size and reference).  A row with a ratio is compared by its ratio to
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
# +1: higher is worse; -1: lower is worse; 0: neither.
function dir(kind, unit) {
	if (kind == "time") return 1
	if (kind == "rate") return -1
	if (unit == "ms" || unit == "s" || unit == "MB") return 1
	if (unit ~ /\/s$/) return -1
	return 0
}
FNR == 1 { next }                       # the header
NR == FNR { key = $1 SUBSEP $4; old[key] = $2; oldratio[key] = $6; oldverdict[key] = $8; next }
{
	key = $1 SUBSEP $4
	if (!(key in old)) next
	kind = $7 ~ /^<=/ && num($6) ? "time" : $7 ~ /^>=/ && num($6) ? "rate" : ""
	d = dir(kind, $3)
	name = $1 ($4 != "-" ? " (against " $4 ")" : "")
	if (kind != "" && num(oldratio[key])) { a = oldratio[key]; b = $6; what = "ratio"; n = noise }
	else { a = old[key]; b = $2; what = $3; n = alone }
	if (d != 0 && num(a) && num(b) && a > 0) {
		change = (b - a) / a * 100 * d
		if (change > n) {
			printf "%s: %s%s -> %s, %.0f%% worse\n", name, what != "-" ? what " " : "", a, b, change
			worse = 1
			next
		}
	}
	if (d == 0 && oldverdict[key] == "ok" && $8 == "MISSED") {
		printf "%s: %s%s -> %s, target %s now missed\n", name, what != "-" ? what " " : "", a, b, $7
		worse = 1
	}
}
END { exit worse }' "$1" "$2"
