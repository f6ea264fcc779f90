#!/bin/sh
# tests/memcheck.sh PREFIX DIR: run the unit tests and the end-to-end tests
# with every tool under valgrind memcheck (make memcheck).  The tools of
# the staged install in PREFIX/bin are reached through wrappers in DIR/bin
# that log each process's errors to DIR/log/PID; any error, and any leak
# definitely or indirectly lost, fails the run and is printed.
set -u
prefix=$1 dir=$2
shift 2
rm -rf "$dir"
mkdir -p "$dir/bin" "$dir/log"
chmod 1777 "$dir/log"        # tools run as another user in some tests
vg="valgrind --quiet --tool=memcheck --leak-check=full --show-leak-kinds=definite,indirect
    --errors-for-leak-kinds=definite,indirect --num-callers=30"
for tool in "$prefix"/bin/*; do
	# A process under valgrind is some 20 times slower, and holds the
	# store's lock as much longer: the default busy timeout is a minute
	# (a test that sets its own keeps it).
	# The log is opened on fd 9 here, so that a test's closed stdout
	# stays closed for the tool (and its output never lands in the log).
	# Its name is new for each process: a pid comes round again in a
	# long run, and a log of another user's process with it cannot be
	# written (the directory is sticky) nor one with errors overwritten.
	cat >"$dir/bin/${tool##*/}" <<END
#!/bin/sh
export TKT_BUSY_TIMEOUT=\${TKT_BUSY_TIMEOUT:-60000}
exec 9>"\$(mktemp "$dir/log/\$\$.XXXXXX")"
exec $(echo $vg) --log-fd=9 "$tool" "\$@"
END
	chmod 755 "$dir/bin/${tool##*/}"
done

# The tests that run many processes, each slower here, do fewer rounds.
export TKT_TEST_SCALE=${TKT_TEST_SCALE:-10}
export TKT_TEST_OPS=${TKT_TEST_OPS:-20} TKT_TEST_KILLS=${TKT_TEST_KILLS:-10}
status=0
for unit in "$@"; do
	echo "== $unit"
	$vg --error-exitcode=99 "$unit" >/dev/null || status=1
done
TKT_WRAP=$dir/bin prove --timer -j2 ${TKT_TESTS:-tests/cli/*.t} || status=1

# valgrind --quiet writes a log only when it has something to say.
logs=$(find "$dir/log" -type f -size +0 | sort)
if [ -n "$logs" ]; then
	for f in $logs; do
		echo "==== $f"
		cat "$f"
	done
	echo "memcheck: $(echo "$logs" | wc -l) processes with errors or leaks" >&2
	status=1
else
	echo "memcheck: $(find "$dir/log" -type f | wc -l) processes, no errors, no leaks"
fi
exit $status
