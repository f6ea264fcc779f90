#!/bin/sh
# tests/lint.sh [FILE...]: the known ways an end-to-end test cannot fail,
# refused (make check runs it first).  One line for each, file:line, and
# exit 1.
#  - a check whose command only reads $T/out or $T/err: the harness empties
#    them before the command runs (tests/cli/lib.sh, run), so it reads
#    nothing; the output of the command before is in $T/last.out and
#    $T/last.err.
#  - a block of tests that runs only on some hosts with no skip line for
#    the others: an "if" whose body runs check or fails and that has no
#    "else" (where the tests that do not run say so with skip, or others
#    run in their place).
set -u
cd "$(dirname "$0")/.." || exit 70
[ $# -gt 0 ] || set -- tests/cli/*.t
status=0
for f in "$@"; do
	awk -v file="$f" '
	# The commands of one-line checks: the last quoted word.
	/^[ \t]*check / && /\$T\/(out|err)/ {
		line = $0
		# A check that runs nothing but reads the harness files.
		if (line !~ /tkt-|qa-check|\$\(|eval|[a-z_]+ *\(|[^2]>|_batch|pipe_head/) {
			printf "%s:%d: a check that only reads $T/out or $T/err, which the harness has emptied (the last command'\''s are $T/last.out and $T/last.err)\n", file, NR
			bad = 1
		}
	}
	# if ...; then with tests inside and no else branch that skips.
	/^[ \t]*if / && !/;[ \t]*then.*fi/ { depth++; start[depth] = NR; tests[depth] = 0; elsed[depth] = 0 }
	depth > 0 && /^[ \t]*(check|fails|sqlite_only|STORE=[^ ]* fails) / { tests[depth] = 1 }
	depth > 0 && /^[ \t]*(else|elif)/ { elsed[depth] = 1 }
	depth > 0 && /^[ \t]*fi[ \t]*$/ {
		if (tests[depth] && !elsed[depth]) {
			printf "%s:%d: tests that run only when a condition holds, with no skip for when it does not\n", file, start[depth]
			bad = 1
		}
		depth--
	}
	END { exit bad }
	' "$f" || status=1
done
exit $status
