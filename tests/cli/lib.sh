# tests/cli/lib.sh: a small TAP harness for the end-to-end tests.  Each
# test file sources it, runs check/fails lines, and ends with done_testing.
# The tools come from the staged install that `make check` makes.
set -u

# The tools and templates of the staged install (make check), else of
# the build tree ($TKT_BIN, or build/bin).
top=$(cd "${0%/*}/../.." && pwd)
if [ -n "${TKT_STAGE:-}" ]; then
	PATH=$TKT_STAGE${TKT_PREFIX:-/usr/local}/bin:$PATH
	SHIPPED=$TKT_STAGE${TKT_PREFIX:-/usr/local}/share/tkt/templates
else
	PATH=${TKT_BIN:-$top/build/bin}:$PATH
	SHIPPED=$top/templates
fi
# The tools themselves, whatever wraps them on PATH.
TKT_TOOLS=${PATH%%:*}
# make memcheck puts wrappers that run each tool under valgrind first.
[ -n "${TKT_WRAP:-}" ] && PATH=$TKT_WRAP:$PATH
export PATH TKT_TEMPLATES=$SHIPPED
export TZ=UTC LC_ALL=C.UTF-8 TKT_AGENT=agent
unset TKT_DB TKT_NOW TKT_BUSY_TIMEOUT XDG_DATA_HOME XDG_CONFIG_HOME VISUAL EDITOR

T=$(mktemp -d "${TMPDIR:-/tmp}/tkt-test.XXXXXX") || exit 1
trap 'chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"' EXIT
export HOME=$T/home TKT_DB=$T/tkt.db
mkdir -p "$HOME"

n=0
failures=0

# rounds N: N, or a tenth as many under make memcheck (TKT_TEST_SCALE=10),
# where each process runs some 20 times slower; at least 1.
rounds() {
	r=$(($1 / ${TKT_TEST_SCALE:-1}))
	echo $((r > 0 ? r : 1))
}

ok() {
	n=$((n + 1))
	echo "ok $n - $1"
}

not_ok() {
	n=$((n + 1))
	failures=$((failures + 1))
	echo "not ok $n - $1"
	shift
	[ $# -gt 0 ] && printf '%s\n' "$@" | sed 's/^/#   /'
	for f in "$T/out" "$T/err"; do
		[ -s "$f" ] && { echo "#   ${f##*/}:"; head -20 "$f" | sed 's/^/#     /'; }
	done
	return 0
}

# check NAME COMMAND...: the command (a shell string) succeeds.
check() {
	name=$1
	shift
	if (eval "$*") >"$T/out" 2>"$T/err"; then
		ok "$name"
	else
		not_ok "$name" "command: $*" "exit: $?"
	fi
}

# A dump of the store, or "absent", to prove a command changed nothing.
dump() {
	if [ -e "${1:-$TKT_DB}" ]; then
		sqlite3 "${1:-$TKT_DB}" .dump 2>&1
	else
		echo absent
	fi
}

# fails CODE PATTERN NAME COMMAND...: the command exits CODE, prints exactly
# one line on stderr, matching the extended regular expression PATTERN, and
# leaves the store ($TKT_DB, or $STORE when set) byte for byte as it was.
fails() {
	code=$1 pattern=$2 name=$3
	shift 3
	store=${STORE:-$TKT_DB}
	dump "$store" >"$T/before"
	(eval "$*") >"$T/out" 2>"$T/err"
	rc=$?
	dump "$store" >"$T/after"
	lines=$(wc -l <"$T/err")
	if [ "$rc" != "$code" ]; then
		not_ok "$name" "command: $*" "exit: $rc, expected $code"
	elif [ "$lines" != 1 ]; then
		not_ok "$name" "command: $*" "stderr has $lines lines, expected 1"
	elif ! grep -Eq -- "$pattern" "$T/err"; then
		not_ok "$name" "command: $*" "stderr does not match /$pattern/"
	elif ! cmp -s "$T/before" "$T/after"; then
		not_ok "$name" "command: $*" "the store changed"
	else
		ok "$name"
	fi
}

# skip NAME WHY: a test that cannot run here, said so in the TAP output.
skip() {
	n=$((n + 1))
	echo "ok $n - $1 # SKIP $2"
}

# Whether script(1) can give a command a terminal here.
have_tty() {
	script -qec true /dev/null >/dev/null 2>&1 </dev/null
}

# hold_lock DB: another process takes the store's write lock and keeps it
# until release_lock; returns once the lock is surely held.
hold_lock() {
	rm -f "$T/lock.fifo"
	mkfifo "$T/lock.fifo"
	(sqlite3 "$1" <"$T/lock.fifo" >/dev/null 2>&1) &
	holder=$!
	exec 9>"$T/lock.fifo"
	# The probe below takes the lock for a moment: the holder waits it out.
	echo ".timeout 10000" >&9
	echo "BEGIN IMMEDIATE;" >&9
	tries=0
	while [ $tries -lt 200 ] &&
	      sqlite3 "$1" "BEGIN IMMEDIATE; ROLLBACK;" >/dev/null 2>&1; do
		sleep 0.05
		tries=$((tries + 1))
	done
}
release_lock() {
	echo "COMMIT;" >&9
	exec 9>&-
	wait $holder
}

# same EXPECTED ACTUAL: the two strings are equal.
same() {
	if [ "$1" = "$2" ]; then
		return 0
	fi
	printf 'expected: %s\nactual:   %s\n' "$1" "$2" >&2
	return 1
}

# q SQL: one query against the store.
q() {
	sqlite3 "$TKT_DB" "$1"
}

done_testing() {
	echo "1..$n"
	[ "$failures" -eq 0 ]
}
