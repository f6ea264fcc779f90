#!/bin/sh
# tests/pg.sh COMMAND [ARG...]: run COMMAND against a throw-away PostgreSQL
# server, then stop the server and remove it, whatever happens.
#
# The cluster lives in a temporary directory: trust authentication for
# every role but one (tkt_secret, which must give its password, so the
# tests can try a wrong one), no locale, UTF-8, a Unix socket in its own
# directory and no TCP at all, fsync off (for tests; make bench-pg sets
# TKT_TEST_PG_DURABLE=1 to keep fsync, full page writes and synchronous
# commits on, as durable as tkt's SQLite store, and TKT_TEST_PG_TCP=1 to
# listen on 127.0.0.1 too, at the same port).  COMMAND runs with PGHOST,
# PGPORT and PGUSER naming it, the other libpq variables unset,
# TKT_TEST_PG_VERSION the server's version number, and
# TKT_TEST_BACKEND=pg (tests/cli/lib.sh makes each test file a database
# of its own).  COMMAND's exit status is this script's.
#
# Without a PostgreSQL server installed it says so and exits 0: the
# PostgreSQL half of the suite did not run, and the line says why (with
# TKT_TEST_REQUIRE_PG set, as CI sets it, it fails instead).
# As root (initdb refuses to run as root) the server runs as the user
# postgres, else nobody.
set -u

say() { printf 'pg.sh: %s\n' "$*" >&2; }

[ $# -gt 0 ] || { say "usage: sh tests/pg.sh COMMAND [ARG...]"; exit 64; }

# initdb and pg_ctl: on PATH, else the newest /usr/lib/postgresql/*/bin.
# An initdb on PATH may be a link into its server's directory: the
# clients beside the file itself are those of its version, and are the
# programs themselves, not Debian's Perl wrapper (/usr/bin/psql), which
# costs some 70 ms at each start.
bindir=
if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
	bindir=$(command -v initdb)
	bindir=$(dirname "$(readlink -f "$bindir" 2>/dev/null || echo "$bindir")")
else
	for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5,5n); do
		[ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && [ -x "$d/postgres" ] && bindir=$d
	done
fi
if [ -z "$bindir" ]; then
	echo "SKIP: the PostgreSQL half of the suite: no PostgreSQL server found (apt-get install postgresql)"
	# CI sets TKT_TEST_REQUIRE_PG: there the half must run.
	[ -z "${TKT_TEST_REQUIRE_PG:-}" ] || { say "TKT_TEST_REQUIRE_PG is set: failing"; exit 69; }
	exit 0
fi
# The clients (psql, createdb, dropdb) of the same version first.
PATH=$bindir:$PATH
export PATH
for tool in psql createdb dropdb pg_isready; do
	command -v $tool >/dev/null 2>&1 || { say "no $tool beside $bindir/initdb"; exit 69; }
done

# As root, the server runs as postgres (else nobody).
run=
owner=$(id -un)
if [ "$(id -u)" = 0 ]; then
	if id postgres >/dev/null 2>&1; then owner=postgres; else owner=nobody; fi
	command -v runuser >/dev/null 2>&1 || { say "running as root needs runuser (util-linux)"; exit 69; }
	run="runuser -u $owner --"
fi

# A directory the server's user can reach: TMPDIR, else /tmp.
base=${TMPDIR:-/tmp}
dir=$(mktemp -d "$base/tkt-pg.XXXXXX") || exit 73
if [ -n "$run" ]; then
	chown "$owner" "$dir" && chmod 755 "$dir"
	if ! $run test -w "$dir"; then
		rmdir "$dir"
		dir=$(mktemp -d /tmp/tkt-pg.XXXXXX) || exit 73
		chown "$owner" "$dir" && chmod 755 "$dir"
	fi
fi
data=$dir/data sock=$dir/sock log=$dir/server.log
started=

cleanup() {
	if [ -n "$started" ]; then
		$run pg_ctl -D "$data" -m immediate -w stop >/dev/null 2>&1
	fi
	rm -rf "$dir"
}
trap 'cleanup' EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

# fail WHAT: the cluster could not be set up; the server log says why.
fail() {
	say "$1"
	for f in "$dir/initdb.log" "$log"; do
		[ -s "$f" ] && { echo "---- ${f##*/}" >&2; tail -50 "$f" >&2; }
	done
	exit 70
}

$run mkdir -m 700 "$data" "$sock" || fail "cannot make $data"
chmod 755 "$sock"
$run initdb -D "$data" -A trust -U postgres -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 ||
	fail "initdb failed"

# One role must give its password (scram-sha-256): the first line that
# matches wins, so it goes before initdb's trust lines.
$run sh -c 'f=$1/pg_hba.conf; { printf "%s\n" "local all tkt_secret scram-sha-256"; cat "$f"; } >"$f.new" && mv "$f.new" "$f"' \
	sh "$data" || fail "cannot write pg_hba.conf"

# A port number no server on this machine uses, TCP or Unix socket.
in_use() {
	[ -e "/tmp/.s.PGSQL.$1" ] || [ -e "/var/run/postgresql/.s.PGSQL.$1" ] && return 0
	command -v ss >/dev/null 2>&1 && ss -Hltn "sport = :$1" 2>/dev/null | grep -q . && return 0
	ls /tmp/*/.s.PGSQL."$1" >/dev/null 2>&1
}
port=
for try in 1 2 3 4 5 6 7 8 9 10; do
	p=$(( $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 20000 + 40000 ))
	in_use "$p" || { port=$p; break; }
done
[ -n "$port" ] || fail "no free port found"

durable=off listen=
[ "${TKT_TEST_PG_DURABLE:-0}" = 1 ] && durable=on
[ "${TKT_TEST_PG_TCP:-0}" = 1 ] && listen=127.0.0.1
$run pg_ctl -D "$data" -l "$log" -w -t 60 -o "-p $port -k $sock -c listen_addresses='$listen' \
-c fsync=$durable -c synchronous_commit=$durable -c full_page_writes=$durable -c max_connections=100 \
-c log_checkpoints=off -c unix_socket_permissions=0777" start >/dev/null 2>&1 ||
	{ started=1; fail "the server did not start"; }
started=1

# Only what the tests set: no service, password, database or options of
# the caller's environment.
unset PGSERVICE PGSERVICEFILE PGPASSWORD PGPASSFILE PGDATABASE PGOPTIONS PGHOSTADDR \
      PGSSLMODE PGCONNECT_TIMEOUT PGAPPNAME PGREQUIRESSL PGTARGETSESSIONATTRS PGSYSCONFDIR \
      PGCLIENTENCODING PGTZ PGDATESTYLE
PGHOST=$sock PGPORT=$port PGUSER=postgres TKT_TEST_BACKEND=pg
export PGHOST PGPORT PGUSER TKT_TEST_BACKEND

pg_isready -q -d postgres || fail "the server does not answer"
psql -XqAt -v ON_ERROR_STOP=1 -d postgres -c "CREATE ROLE tkt_secret LOGIN" >/dev/null ||
	fail "cannot create the role tkt_secret"
# The server's version as a number (150004), for what the tests may ask
# of it (lib.sh: how a database is made).
TKT_TEST_PG_VERSION=$(psql -XAt -d postgres -c 'SHOW server_version_num') ||
	fail "cannot read the server's version"
export TKT_TEST_PG_VERSION

echo "# PostgreSQL $(psql -XAt -d postgres -c 'SHOW server_version') on $sock, port $port"
"$@"
rc=$?
[ $rc = 0 ] || { echo "---- the server's log (last lines)"; tail -20 "$log"; } >&2
exit $rc
