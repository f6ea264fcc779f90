#!/bin/sh
# libtkt, a library others can link: libtkt.so exports exactly the API
# of the installed tkt.h, listed in lib/libtkt.map and named in
# libtkt(3); the example program of libtkt(3), built with pkg-config
# against the staged install, lists a store's new and open tickets and
# answers the first.
. "${0%/*}/lib.sh"

prefix=${TKT_STAGE:-}${TKT_PREFIX:-/usr/local}
lib=$prefix/lib
page=$top/man/man3/libtkt.3
if [ -z "${TKT_STAGE:-}" ]; then
	skip 'the library and its example' 'the staged install of make check is not there'
	done_testing
	exit
fi

# The names a list holds, one per line, sorted.
exported() { nm -D --defined-only "$lib/libtkt.so" | awk '$2 != "A" { sub(/@.*/, "", $3); print $3 }' | sort; }
mapped() { sed -n 's/^[ \t]*\(tkt_[a-z0-9_]*\);$/\1/p' "$top/lib/libtkt.map" | sort; }
declared() {
	{ grep -vE '^[ \t]*(/\*|\*)' "$prefix/include/tkt.h" | grep -oE '\btkt_[a-z0-9_]+\(' | tr -d '('
	  sed -n 's/^extern const char \*const \(tkt_[a-z_]*\)\[\];.*/\1/p' "$prefix/include/tkt.h"; } | sort -u
}
named() { sed -n 's/^\.\(Fn\|Va\) \(tkt_[a-z0-9_]*\).*/\2/p' "$page" | sort -u; }

check 'libtkt.so exports exactly the names of lib/libtkt.map' '
	exported >"$T/exported" && mapped >"$T/mapped" && test -s "$T/mapped" &&
	diff "$T/mapped" "$T/exported"'
check 'lib/libtkt.map lists exactly the functions and tables tkt.h declares' '
	declared >"$T/declared" && diff "$T/declared" "$T/mapped"'
check 'libtkt(3) names every one of them, and nothing else' '
	named >"$T/named" && diff "$T/declared" "$T/named"'
check 'libtkt.so has a SONAME and the version node TKT_0' '
	objdump -p "$lib/libtkt.so" | grep -q "SONAME *libtkt.so.0" &&
	nm -D --defined-only "$lib/libtkt.so" | grep -q "tkt_store_open@@TKT_0"'
check 'the installed tkt.h says nothing of the tools: options, terminal, editor' '
	! grep -Eq "tkt_cli|tkt_term|tkt_compose|tkt_buf|tkt_malloc|tkt_error\(" "$prefix/include/tkt.h"'
check 'libtkt(3): mandoc -Tlint -W warning says nothing' \
	'same "" "$(mandoc -Tlint -W warning "$page" 2>&1)"'

# The example as the page shows it: from its first #include to the
# closing brace of main, less the display's indent.
mandoc -Tutf8 "$page" | col -bx | awk '/^[^ \t]/ { on = $0 == "EXAMPLES"; next } on' |
	awk '/#include <stdio.h>/ { match($0, /^ */); cut = RLENGTH; on = 1 }
	     on { print substr($0, cut + 1) } on && /^ *}$/ && last == "" { exit } { last = $0 }' \
	>"$T/open-tickets.c"
# A sanitizer build's libtkt.so needs the program built so too.
flags=
nm -D "$lib/libtkt.so" | grep -q __asan_init && flags='-fsanitize=address,undefined'
pc() { PKG_CONFIG_PATH=$lib/pkgconfig PKG_CONFIG_SYSROOT_DIR=$TKT_STAGE pkg-config "$@" libtkt; }
check 'the example builds with pkg-config --cflags --libs libtkt, without a warning' '
	grep -q "^main(int argc" "$T/open-tickets.c" &&
	cc -std=c11 -Wall -Wextra -Wpedantic $flags -o "$T/open-tickets" "$T/open-tickets.c" \
		$(pc --cflags) $(pc --libs) 2>"$T/cc.err" && test ! -s "$T/cc.err"'

export TKT_DB="$(newstore lib)"
tkt-new -s "Router down" -r "Ann <ann@example.com>" -m "It blinks red." --at 2026-11-02T09:00 >/dev/null
tkt-new -s "Invoice twice" -r bob@example.com -m "Charged twice." --at 2026-11-02T10:00 >/dev/null
tkt-new -s "Thanks" -r cy@example.com -m "All good." --at 2026-11-02T11:00 >/dev/null
tkt-tag 3 status=solved --at 2026-11-02T12:00 >/dev/null
# Under make memcheck the program runs under valgrind like the tools.
vg=
[ -n "${TKT_WRAP:-}" ] && vg='valgrind --quiet --leak-check=full --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect --error-exitcode=99'
example() { LD_LIBRARY_PATH=$lib $vg "$T/open-tickets" "$@"; }

check 'it lists the new and open tickets and answers the first' '
	same "$(printf "1\tnew\tRouter down\n2\tnew\tInvoice twice\nreplied to 1: message 4")" \
		"$(example "$TKT_DB")"'
check 'the reply is on the ticket, which it opened' '
	tkt-show --json 1 >"$T/show" &&
	same "agent example Hello, we are looking into it." \
		"$(jq -r ".messages[-1] | \"\(.kind) \(.author) \(.body)\"" "$T/show")" &&
	same open "$(jq -r .status "$T/show")"'
check 'run again it lists the open ticket first' '
	example "$TKT_DB" | head -1 | grep -q "^1	open	Router down$"'
fails 66 "^open-tickets: no store at '.*missing.*'" \
	'a store that does not exist: the message and the code of the library' \
	'example "$(nostore missing)"'
fails 64 '^usage: open-tickets STORE$' 'no store named: its own usage line' 'example'

done_testing
