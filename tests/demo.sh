#!/bin/sh
# The demo of `make demo`: a fresh store, a ticket opened, answered,
# triaged, listed and shown, each command printed before it runs.
set -eu
bin=${1:-build/bin}
PATH=$(cd "$bin" && pwd):$PATH
dir=$(mktemp -d "${TMPDIR:-/tmp}/tkt-demo.XXXXXX")
TKT_TEMPLATES=$(cd "${0%/*}/../templates" && pwd)
# At a terminal the readers colour their output; a demo does not stop in
# a pager.
export PATH TKT_DB="$dir/tkt.db" TKT_AGENT=mira TKT_TEMPLATES TKT_PAGER=cat

run() {
	printf '\n$ %s\n' "$*"
	sh -c "$*"
}

echo "A fresh store: TKT_DB=$TKT_DB"
run 'tkt-new -s "Router drops the connection every hour" -r "Ann Smith <ann@example.com>" -c email -p high --type defect -f order=100234 +router -m "Hello, since Monday my router drops the connection every hour. Order 100234."'
run 'echo "Where is my parcel? It was due on Friday." | tkt-new -t delivery -r "Bob Stone <bob@example.com>" -c web -f order=100235 -f carrier=DHL -f problem=late'
run 'tkt-reply 1 -m "Hello Ann, I am sorry for the trouble. A firmware update fixes this: I have sent you the steps. Is there anything else I can do?" --spent 10m'
run 'tkt-ls status=new -q | tkt-tag +triage priority=high'
run 'tkt-ls'
run 'tkt-ls text~FIRMWARE -q'
run 'tkt-tag 1 status=solved && tkt-rate 1 csat=5 nps=9'
run 'tkt-show 1'
run 'tkt-reply 2 -t acknowledge && tkt-show 2'
run 'tkt-ls +triage priority=high -q'
echo
echo "The store stays at $TKT_DB; remove it with: rm -r $dir"
