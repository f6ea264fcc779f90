# tests/bench/lib.sh: what run.sh and pg.sh share: the table's rows, and
# timing.  Needs $dir (a scratch directory), $tsv (the table) and $lat.
say() { printf '%s\n' "$*" >&2; }

# ---- the table ------------------------------------------------------------
# One row per operation, store size and backend, so that a later run is
# compared row by row (compare.sh).  The size and backend are the shell's
# store_size (tickets; "-" when it does not apply) and backend (sqlite,
# postgresql) when row is called.
tsv_header() {
	printf 'what\tsize\tbackend\ttkt\tunit\treference\tref\tratio\ttarget\tverdict\n' >"$tsv"
}
# row WHAT TKT UNIT REFERENCE REF KIND TARGET: KIND "time" (lower is better;
# ratio tkt/ref must be at most TARGET), "rate" (higher is better; ratio
# tkt/ref must be at least TARGET), "max" (TKT must be at most TARGET),
# "yes" (TKT is 1 for yes, 0 for no), "info" (no target).
row() {
	awk -v what="$1" -v t="$2" -v unit="$3" -v rname="$4" -v r="$5" -v kind="$6" -v target="$7" \
	    -v size="${store_size:--}" -v backend="${backend:-sqlite}" 'BEGIN {
		ratio = "-"; verdict = "-"; tg = "-"
		if (kind == "time" && r > 0) {
			ratio = sprintf("%.2f", t / r); tg = "<= " target
			verdict = t / r <= target ? "ok" : "MISSED"
		} else if (kind == "rate" && r > 0) {
			ratio = sprintf("%.2f", t / r); tg = ">= " target
			verdict = t / r >= target ? "ok" : "MISSED"
		} else if (kind == "max") {
			tg = "<= " target; verdict = t <= target ? "ok" : "MISSED"
		} else if (kind == "yes") {
			t = t ? "yes" : "no"; tg = "yes"; verdict = t == "yes" ? "ok" : "MISSED"
		}
		printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", what, size, backend, t, unit, rname, r, ratio, tg, verdict
	}' >>"$tsv"
}
# print_table FILE: the TSV as aligned columns, on stdout.
print_table() {
	awk -F '\t' '{ for (i = 1; i <= NF; i++) { cell[NR, i] = $i; if (length($i) > w[i]) w[i] = length($i) }
		if (NF > nf) nf = NF }
	END { for (r = 1; r <= NR; r++) { line = ""
		for (i = 1; i <= nf; i++) line = line sprintf(i < nf ? "%-" w[i] "s  " : "%s", cell[r, i])
		print line } }' "$1"
}
secs() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
rate() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.0f", n / s }'; }
# peak CMD...: run it; peak_kb, peak_s and peak_rc get its peak memory,
# seconds and exit status.
peak() {
	/usr/bin/time -f '%M %e %x' -o "$dir/time" "$@" || :
	set -- $(tail -n 1 "$dir/time")
	peak_kb=$1 peak_s=$2 peak_rc=$3
}
# measure LAT-ARGS...: the medians lat prints, as $1, $2...; a failed run stops all.
measure() {
	"$lat" "$@" >"$dir/lat" || { say "bench: a run failed: $*"; exit 70; }
}
