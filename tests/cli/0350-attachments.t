#!/bin/sh
# Attachments out and in: tkt-show numbers them through the thread and
# writes one whole (--attachment ID:N), byte for byte as it came by
# mail; tkt-reply -a attaches files, which a reply by mail carries as
# base64 parts that come back whole through tkt-new --mail; and every
# refusal leaves the store as it was.
. "${0%/*}/lib.sh"

mail_config

# Bytes no text has: NUL, high bytes, a lone CR, a NUL at the end.
printf '\000\001\377\376PNG\r\n\032\n\200\201 plain \000' >"$T/bin.dat"
printf 'Order 100234\nSerial RT-88\n' >"$T/notes"
printf 'a,b\n1,2\n' >"$T/sheet.csv"

# mail ID FROM FILE: a multipart mail with FILE attached in base64.
mail() {
	printf 'From: %s\nTo: support@example.com\nSubject: Router broken\nMessage-ID: <%s@example.com>\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=B\n\n--B\nContent-Type: text/plain\n\nThe router is broken, see the file.\n--B\nContent-Type: application/octet-stream\nContent-Disposition: attachment; filename=%s\nContent-Transfer-Encoding: base64\n\n%s\n--B--\n' \
		"$2" "$1" "${3##*/}" "$(base64 <"$3")"
}

mail m1 "Ann <ann@example.com>" "$T/bin.dat" >"$T/m1.eml"
check 'a mail with an attachment opens a ticket' 'same 1 "$(tkt-new --mail <"$T/m1.eml")"'
check 'tkt-show numbers the attachment' '
	tkt-show 1 | grep -qx "    \[attachment 1: bin.dat, application/octet-stream, 21 bytes\]"'
check 'the attachment out is the bytes that came in' '
	tkt-show --attachment 1:1 >"$T/out" && cmp "$T/bin.dat" "$T/out"'
check '-o writes it to a new file, #ID too' '
	tkt-show --attachment "#1:1" -o "$T/saved" >"$T/stdout" && cmp "$T/bin.dat" "$T/saved" &&
	! test -s "$T/stdout"'

# Saved in a directory by the mail configuration: read from there.
{ cat "$T/config.yaml"; echo "  attachments: $T/files"; } >"$T/files.yaml"
mail m2 "Ann <ann@example.com>" "$T/notes" | sed 's/Subject: Router broken/Subject: Re: Router broken [#1]/' >"$T/m2.eml"
check 'an attachment saved in a directory comes out whole too' '
	tkt-new --mail --config "$T/files.yaml" <"$T/m2.eml" >/dev/null &&
	tkt-show 1 | grep -qx "    \[attachment 2: notes, application/octet-stream, 26 bytes\]" &&
	tkt-show --attachment 1:2 | cmp - "$T/notes"'

fails 66 "^tkt-show: no such ticket '9'$" 'no such ticket: 66' 'tkt-show --attachment 9:1'
fails 66 "^tkt-show: ticket 1 has no attachment 3 \\(it has 2\\)$" 'no such attachment: 66' \
	'tkt-show --attachment 1:3'
tkt-new -s "No files" -r bob@example.com -m "Nothing attached." >/dev/null
fails 66 "^tkt-show: ticket 2 has no attachment 1 \\(it has none\\)$" 'a ticket without attachments: 66' \
	'tkt-show --attachment 2:1'
for bad in 1 :1 1:0 x:1 "1:1 "; do
	fails 64 "^tkt-show: bad attachment '$(re "$bad")': give ID:N" "bad syntax '$bad': 64" \
		'tkt-show --attachment "$bad"'
done
fails 64 "^tkt-show: -o goes with --attachment$" '-o without --attachment: 64' 'tkt-show 1 -o "$T/x"'
fails 64 "^tkt-show: --attachment takes ID:N and -o FILE, not ticket ids" \
	'--attachment with an id: 64' 'tkt-show 1 --attachment 1:1'
fails 64 "^tkt-show: --attachment takes ID:N" '--attachment with --json: 64' \
	'tkt-show --json --attachment 1:1'
echo "mine" >"$T/exists"
fails 73 "^tkt-show: '.*/exists' exists: not overwritten" '-o never overwrites a file: 73' \
	'tkt-show --attachment 1:1 -o "$T/exists"'
check 'and the file is as it was' 'same mine "$(cat "$T/exists")"'
fails 73 "^tkt-show: cannot create '.*/nodir/x': No such file or directory$" \
	'-o in a directory that is not there: 73' 'tkt-show --attachment 1:1 -o "$T/nodir/x"'
fails 66 "no store at" 'no store: 66' 'tkt-show --db "$T/none.db" --attachment 1:1'

if have_tty; then
	check 'binary is not written to a terminal (64)' '
		script -qec "tkt-show --attachment 1:1" /dev/null >"$T/tty"; test $? = 64 &&
		grep -q "attachment 1 of ticket 1 (bin.dat, application/octet-stream) is not text: not written to a terminal" "$T/tty"'
	check 'text is' '
		script -qec "tkt-show --attachment 1:2" /dev/null >"$T/tty" && grep -q "^Serial RT-88" "$T/tty"'
else
	skip 'binary is not written to a terminal (64)' 'no pseudo-terminal for script(1)'
	skip 'text is' 'no pseudo-terminal for script(1)'
fi

# In: tkt-reply -a.
check 'tkt-reply -a attaches files to the reply, in order, typed' '
	same 1 "$(tkt-reply 1 -m "Here is what you asked for." -a "$T/bin.dat" --attach "$T/sheet.csv" -a "$T/notes" --as mira)" &&
	tkt-show 1 | grep -qx "    \[attachment 3: bin.dat, application/octet-stream, 21 bytes\]" &&
	tkt-show 1 | grep -qx "    \[attachment 4: sheet.csv, text/csv, 8 bytes\]" &&
	tkt-show 1 | grep -qx "    \[attachment 5: notes, text/plain, 26 bytes\]"'
check 'and they come out whole' '
	tkt-show --attachment 1:3 | cmp - "$T/bin.dat" && tkt-show --attachment 1:5 | cmp - "$T/notes"'
check 'a note takes attachments too' '
	tkt-reply 1 --note -m "The serial." -a "$T/notes" >/dev/null &&
	tkt-show --attachment 1:6 | cmp - "$T/notes"'

check '--mail-out: multipart/mixed, each file a base64 part with its name' '
	tkt-reply 1 -m "The label and the log." -a "$T/bin.dat" -a "$T/notes" --as mira --mail-out >"$T/out.eml" &&
	grep -q "^Content-Type: multipart/mixed" "$T/out.eml" &&
	grep -q "^Content-Disposition: attachment; filename=bin.dat" "$T/out.eml" &&
	same 2 "$(grep -c "^Content-Transfer-Encoding: base64" "$T/out.eml")"'
# Back in, as the customer forwarding it.
sed -e 's/^From: .*/From: Ann <ann@example.com>/' -e 's/^Message-I[Dd]: <tkt/Message-ID: <back/' \
	"$T/out.eml" >"$T/back.eml"
check 'that mail, delivered back, brings the same bytes' '
	same 1 "$(tkt-new --mail <"$T/back.eml")" &&
	tkt-show 1 | grep -qx "    \[attachment 9: bin.dat, application/octet-stream, 21 bytes\]" &&
	tkt-show --attachment 1:9 | cmp - "$T/bin.dat" && tkt-show --attachment 1:10 | cmp - "$T/notes"'
check '--sendmail sends the files too' '
	tkt-reply 1 -m "Once more." -a "$T/sheet.csv" --as mira --sendmail >/dev/null &&
	grep -q "^Content-Disposition: attachment; filename=sheet.csv" "$T/sent.mbox"'

fails 66 "^tkt-reply: cannot read attachment '.*/missing': No such file or directory$" \
	'a file that is not there: 66' 'tkt-reply 1 -m hi -a "$T/bin.dat" -a "$T/missing"'
fails 66 "^tkt-reply: cannot read attachment '.*': not a file$" 'a directory: 66' \
	'tkt-reply 1 -m hi -a "$T"'
if [ "$(id -u)" != 0 ]; then
	cp "$T/notes" "$T/secret" && chmod 000 "$T/secret"
	fails 66 "^tkt-reply: cannot read attachment '.*/secret': Permission denied$" \
		'a file that cannot be read: 66' 'tkt-reply 1 -m hi -a "$T/secret"'
else
	skip 'a file that cannot be read: 66' 'root reads any file'
fi
truncate -s 33M "$T/big"
fails 65 "^tkt-reply: attachment '.*/big' is too large: a message's attachments may hold 32 MiB together$" \
	'a file over the limit: 65' 'tkt-reply 1 -m hi -a "$T/big"'
truncate -s 17M "$T/half"
fails 65 "^tkt-reply: attachment '.*/half' is too large" 'files over the limit together: 65' \
	'tkt-reply 1 -m hi -a "$T/half" -a "$T/half"'
printf 'x' >"$T/two
lines"
fails 65 "its name must be one line of UTF-8 text" 'a name of two lines: 65' \
	'tkt-reply 1 -m hi -a "$T/two
lines"'
fails 66 "^tkt-reply: no such ticket '9'$" 'no such ticket: 66, nothing stored' \
	'tkt-reply 9 -m hi -a "$T/notes"'
fails 64 "^tkt-reply: --flush and -a exclude each other" '-a with --flush: 64' 'tkt-reply --flush -a "$T/notes"'
check 'a tkt-export keeps the attachments, to be read back' '
	tkt-export id=1 | jq -r ".messages[0].attachments[0].data" | xxd -r -p | cmp - "$T/bin.dat"'

done_testing
