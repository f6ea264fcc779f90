#!/bin/sh
# tkt-report --format html in a browser: headless Chromium opens the page of
# the report fixture (tests/data/report) from a file, offline, and renders
# it without an error, as a screenshot at a desktop width and at a phone's,
# and printed to PDF.  Without Chromium the tests say SKIP, unless
# TKT_TEST_REQUIRE_CHROMIUM=1 (CI), where that is a failure.
. "${0%/*}/lib.sh"

# The page a browser draws is tkt-report's HTML, which 0240-report-page
# checks on both backends: drawn once, from SQLite.
if on_pg; then
	skip 'the page in Chromium' 'the same page as on SQLite (0240 checks it on PostgreSQL)'
	done_testing
	exit
fi
chromium=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -z "$chromium" ]; then
	if [ "${TKT_TEST_REQUIRE_CHROMIUM:-0}" = 1 ]; then
		not_ok 'Chromium is installed' 'TKT_TEST_REQUIRE_CHROMIUM=1 and no chromium on PATH (apt-get install chromium)'
	else
		skip 'the page in Chromium' 'no chromium on PATH (apt-get install chromium)'
	fi
	done_testing
	exit
fi

data=$(cd "${0%/*}/../data/report" && pwd)
# The fixture is made by the tools unwrapped (make memcheck runs each of
# them under valgrind in its own test, 0010 to 0060); what is tested here is
# the page.
path=$PATH PATH=$TKT_TOOLS:$PATH
. "$data/fixture.sh"
PATH=$path
export TKT_CONFIG=$data/config.yaml TKT_NOW=2026-12-01T08:00:00Z
page=$T/page.html
tkt-report --since 2026-11-16 --until 2026-11-30 --format html >"$page"
printf '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"/><title>blank</title></head><body></body></html>\n' >"$T/blank.html"

# browse ARGS... FILE: headless Chromium on FILE, with a profile of its own,
# no network and nothing in the background; its log on $T/log.
browse() {
	timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage \
		--disable-background-networking --disable-component-update --disable-default-apps \
		--disable-extensions --disable-sync --no-first-run --no-default-browser-check \
		--mute-audio --hide-scrollbars --proxy-server=127.0.0.1:9 --proxy-bypass-list='<-loopback>' \
		--user-data-dir="$T/profile" --enable-logging=stderr --v=0 "$@" 2>"$T/log"
}
# png_size FILE: the width and height of a PNG, from its IHDR chunk.
png_size() {
	od -An -tu1 -j16 -N8 "$1" | awk '{ print $1 * 16777216 + $2 * 65536 + $3 * 256 + $4 "x" $5 * 16777216 + $6 * 65536 + $7 * 256 + $8 }'
}
# console [LOG]: what the page said or failed to load, in the browser's log
# ($T/log, the last one).
console() {
	grep -E "CONSOLE|Uncaught|net::ERR_|Failed to load|Refused to|Unsafe attempt" "${1:-$T/log}" || true
}

# The screenshot at 800 pixels is taken once: its log, kept when it was
# taken, is what the second test reads.
check 'Chromium takes a screenshot of the page at 800 pixels wide' '
	browse --window-size=800,3200 --screenshot="$T/page.png" "file://$page" && mv "$T/log" "$T/page.log" &&
	same "$(printf "\211PNG")" "$(head -c 4 "$T/page.png")" && same 800x3200 "$(png_size "$T/page.png")"'
check 'the page renders without an error: nothing said on its console, nothing fetched' '
	test -e "$T/page.log" && same "" "$(console "$T/page.log")"'
check 'the page is drawn: its screenshot holds far more than a blank one of the same size' '
	browse --window-size=800,3200 --screenshot="$T/blank.png" "file://$T/blank.html" &&
	blank=$(wc -c <"$T/blank.png") && drawn=$(wc -c <"$T/page.png") &&
	[ "$drawn" -gt $((blank * 10)) ] || { echo "blank $blank bytes, page $drawn" >&2; exit 1; }'
check 'as the browser reads it: ten tiles, six charts, the table of agents' '
	browse --dump-dom "file://$page" >"$T/dom" && same "" "$(console)" &&
	same 10 "$(grep -o "class=\"tile\"" "$T/dom" | wc -l)" &&
	same 6 "$(grep -o "<svg " "$T/dom" | wc -l)" &&
	grep -q "<table id=\"agents\">" "$T/dom" && grep -q "Help desk report" "$T/dom"'
check 'at the width of a phone (360 pixels) too' '
	browse --window-size=360,6000 --screenshot="$T/narrow.png" "file://$page" &&
	same 360x6000 "$(png_size "$T/narrow.png")" && same "" "$(console)"'
check 'printed to PDF: more than one page' '
	browse --print-to-pdf="$T/page.pdf" --no-pdf-header-footer "file://$page" &&
	same "%PDF" "$(head -c 4 "$T/page.pdf")" &&
	pages=$(grep -a -o "/Count [0-9]*" "$T/page.pdf" | head -1 | cut -d" " -f2) && [ "${pages:-0}" -ge 2 ]'
check 'an empty window renders as well' '
	tkt-report --since 2020-01-01 --until 2020-01-08 --format html >"$T/empty.html" &&
	browse --window-size=800,3200 --screenshot="$T/empty.png" "file://$T/empty.html" &&
	same 800x3200 "$(png_size "$T/empty.png")" && same "" "$(console)"'

done_testing
