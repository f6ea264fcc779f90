#!/bin/sh
# The mail channel: 42 messages of tests/data/mail delivered with their
# expected tickets, requesters, subjects and text; delivering twice, at
# once, replies out as mail and back in, and the bad cases.
. "${0%/*}/lib.sh"

mail=$(cd "${0%/*}/../data/mail" && pwd)
cat >"$T/config.yaml" <<END
mail:
  address: support@example.com
  name: Example Support
  rejected: $T/rejected
  sendmail: cat >>$T/sent.mbox
END
export TKT_CONFIG=$T/config.yaml

# What the store holds of ticket ID: the fields of expected.tsv.
state() {
	q "SELECT t.id, (SELECT CASE WHEN c.name IS NOT NULL AND c.email IS NOT NULL
	                        THEN c.name || ' <' || c.email || '>'
	                        ELSE coalesce(c.email, c.name) END
	                   FROM customers c WHERE c.id = t.requester),
	          t.subject, t.status,
	          replace(substr((SELECT body FROM messages WHERE ticket = t.id ORDER BY id DESC LIMIT 1),
	                         1, 200), '
', '\\n')
	     FROM tickets t WHERE t.id = $1" | tr '|' '\t'
}

# Deliver every message in order, as expected.tsv describes.
grep -v '^#' "$mail/expected.tsv" | while IFS='	' read -r file code id who subject status body; do
	[ "$file" = 31-reopen.eml ] && tkt-tag 1 status=solved --at 2026-11-16T10:00:00Z >/dev/null
	tkt-new --mail --at 2026-11-16T10:00:00Z <"$mail/$file" >"$T/id" 2>"$T/err"
	rc=$?
	printf '%s\t%s\n' "$file" "$rc" >>"$T/codes"
	if [ "$id" = - ]; then
		printf '%s\t%s\t-\t-\t-\t-\t-\n' "$file" "$rc" >>"$T/actual"
	else
		printf '%s\t%s\t%s\n' "$file" "$rc" "$(state "$(cat "$T/id")")" >>"$T/actual"
	fi
done
grep -v '^#' "$mail/expected.tsv" >"$T/expected"
check 'every message of the corpus: its exit, ticket, requester, subject, status and text' '
	same 42 "$(wc -l <"$T/actual")" && diff -u "$T/expected" "$T/actual"'
check 'a new conversation is a ticket with channel email' '
	same "email|customer|email" "$(q "SELECT t.channel, m.kind, m.channel FROM tickets t JOIN messages m ON m.ticket = t.id WHERE t.id = 1 ORDER BY m.id LIMIT 1")"'
check 'replies land on their tickets: [#ID], In-Reply-To, References' '
	same "1 2 3" "$(q "SELECT ticket FROM messages WHERE message_id IN ('\''m14@example.com'\'', '\''m15@example.gr'\'', '\''m16@example.hu'\'') ORDER BY ticket" | joined)"'
check 'a customer mail on a solved ticket reopens it' '
	same 1 "$(q "SELECT count(*) FROM events WHERE ticket = 1 AND what = '\''reopen'\''")"'
check 'quoted history is kept apart from the new text' '
	same "Yes, please switch me to the yearly plan." "$(q "SELECT body FROM messages WHERE message_id = '\''m17@example.com'\''")" &&
	q "SELECT quoted FROM messages WHERE message_id = '\''m17@example.com'\''" | grep -q "^> would you like the yearly plan?$" &&
	q "SELECT quoted FROM messages WHERE message_id = '\''m18@example.com'\''" | grep -q "^-----Original Message-----$" &&
	q "SELECT quoted FROM messages WHERE message_id = '\''m20@example.gr'\''" | grep -q "έγραψε:$"'
check 'attachments are recorded by name, type and size, their content kept' '
	same "invoice.pdf|application/pdf|45 shot.png|image/png|70 receipt.pdf|application/pdf|45 Your order 100250|message/rfc822|104" \
		"$(q "SELECT name || '\''|'\'' || type || '\''|'\'' || size FROM attachments ORDER BY id" | joined)" &&
	same 4 "$(q "SELECT count(*) FROM attachments WHERE length(data) = size")"'
check 'automatic mail and mail from the help desk opened no ticket' '
	same 0 "$(q "SELECT count(*) FROM messages WHERE message_id IN ('\''m21@example.com'\'', '\''m22@shop.example'\'', '\''m23@example.com'\'', '\''m39@example.com'\'', '\''m40@lists.example'\'')")"'
check 'mail that cannot be read is kept in the rejected-mail directory' '
	same 2 "$(ls "$T/rejected" | wc -l)" && grep -lq "Who am I" "$T"/rejected/*.eml'
check 'a subject with an encoded line break stays one line' '
	same "Hello Bcc: victim@example.org" "$(q "SELECT subject FROM tickets WHERE id = 30")"'

dump >"$T/once"
check 'delivering the 42 messages again leaves the store as it was' '
	for f in "$mail"/*.eml; do tkt-new --mail --at 2026-11-17T10:00:00Z <"$f" >/dev/null 2>&1; done
	dump >"$T/twice"; cmp "$T/once" "$T/twice"'
check 'a second delivery prints the ticket and exits 0' '
	same 9 "$(tkt-new --mail <"$mail/09-html-only.eml")"'

par=$(newstore par)
# Eight deliverers, each of the whole corpus; two under make memcheck,
# where each delivery is some 20 times slower (still at once).
k=$(rounds 8); [ "$k" -ge 2 ] || k=2
check "$k deliveries at once lose nothing" '
	for i in $(seq $k); do
		(for f in "$mail"/*.eml; do tkt-new --db "$par" --mail <"$f" >/dev/null 2>>"$T/par.err"; done) &
	done; wait
	same "$(q "SELECT count(*) FROM messages WHERE message_id IS NOT NULL")" "$(qs "$par" "SELECT count(*) FROM messages WHERE message_id IS NOT NULL")" &&
	same 0 "$(qs "$par" "SELECT count(*) FROM (SELECT message_id FROM messages WHERE message_id IS NOT NULL GROUP BY 1 HAVING count(*) > 1) x")" &&
	whole "$par" && ! grep -v "no sender address\|no headers" "$T/par.err"'

# Replies out as mail, and back in.  headers FILE: its header, unfolded.
headers() { sed -e '/^$/q' "$1" | awk '/^[ \t]/ { sub(/^[ \t]+/, " "); line = line $0; next }
	{ if (line != "") print line; line = $0 } END { if (line != "") print line }'; }
check '--mail-out writes a threaded RFC 5322 reply, its Message-ID kept' '
	tkt-reply 2 -m "Γεια σας Μαρία, το νέο ρούτερ φεύγει σήμερα." --as mira --mail-out >"$T/reply.eml" &&
	headers "$T/reply.eml" >"$T/h" &&
	grep -q "^From: Example Support <support@example.com>$" "$T/h" &&
	grep -q "^To: =?UTF-8?b?[A-Za-z0-9+/=]*?= <maria@example.gr>$" "$T/h" &&
	grep -q "^Subject: Re: =?UTF-8?B?.*?= \[#2\]$" "$T/h" &&
	grep -q "^In-Reply-To: <m15@example.gr>$" "$T/h" &&
	grep -q "^References: <m02@example.gr> <m15@example.gr>$" "$T/h" &&
	grep -q "^Content-Type: text/plain; charset=utf-8$" "$T/h" &&
	grep -q "^Content-Transfer-Encoding: base64$" "$T/h" &&
	id=$(sed -n "s/^Message-Id: <\(.*\)>$/\1/p" "$T/h") && test -n "$id" &&
	same 2 "$(q "SELECT ticket FROM messages WHERE message_id = '\''$id'\''")"'
check 'the reply, answered by the customer, lands on the same ticket' '
	sed -e "s/^From: Example Support <support@example.com>/From: Maria <maria@example.gr>/" \
	    -e "s/^Message-Id: <\(.*\)>/Message-Id: <answer-\1>\nIn-Reply-To: <\1>/" "$T/reply.eml" |
		grep -v "^In-Reply-To: <m15" >"$T/answer.eml" &&
	same 2 "$(tkt-new --mail <"$T/answer.eml")" &&
	same "customer" "$(q "SELECT kind FROM messages WHERE ticket = 2 ORDER BY id DESC LIMIT 1")"'
check 'its own reply delivered back is not stored twice' '
	n=$(q "SELECT count(*) FROM messages"); same 2 "$(tkt-new --mail <"$T/reply.eml")" &&
	same "$n" "$(q "SELECT count(*) FROM messages")"'
check 'a reply to the injection subject has one Subject line and no Bcc' '
	tkt-reply 30 -m "Hello Xena." --as mira --mail-out >"$T/r30.eml" && headers "$T/r30.eml" >"$T/h" &&
	same 1 "$(grep -c "^Subject:" "$T/h")" && ! grep -qi "^Bcc:" "$T/h"'
check '--sendmail pipes each reply to the command, once per ticket' '
	same "1
3" "$(tkt-reply 1 3 -m "Hello, an update." --as mira --sendmail)" &&
	same 2 "$(grep -c "^From: Example Support" "$T/sent.mbox")"'
check 'a sendmail that refuses: 3, the ticket printed, one line saying the reply is stored and queued' '
	sed "s|sendmail: .*|sendmail: false|" "$T/config.yaml" >"$T/false.yaml" &&
	n=$(q "SELECT count(*) FROM messages WHERE ticket = 1")
	tkt-reply 1 -m "Not sent." --as mira --sendmail --config "$T/false.yaml" >"$T/o" 2>"$T/e"
	same 3 $? && same 1 "$(wc -l <"$T/e")" && same 1 "$(cat "$T/o")" &&
	grep -q "^tkt-reply: ticket 1: .false. did not take the message (exit 1); the reply is stored and queued (attempt 1 of 10): tkt-reply --flush sends it$" "$T/e" &&
	same $((n + 1)) "$(q "SELECT count(*) FROM messages WHERE ticket = 1")" &&
	same "queued|1" "$(q "SELECT o.state, o.attempts FROM outbox o JOIN messages m ON m.id = o.message WHERE m.body = '\''Not sent.'\''")"'
check 'and --flush sends it once the command takes it' '
	n=$(grep -c "^From: Example Support" "$T/sent.mbox") &&
	same 1 "$(tkt-reply --flush)" && same $((n + 1)) "$(grep -c "^From: Example Support" "$T/sent.mbox")" &&
	grep -q "^Not sent.$" "$T/sent.mbox" && test -z "$(tkt-reply --flush)"'
check '--mail-out for several tickets writes an mbox' '
	tkt-reply 5 6 -m "From now on it works." --as mira --mail-out >"$T/two.mbox" &&
	same 2 "$(grep -c "^From tkt " "$T/two.mbox")" && grep -q "^>From now on it works.$" "$T/two.mbox"'

# The hard cases.
python3 - "$T" <<'END' 2>/dev/null || perl -e 'exit 1'
import base64, os, sys
t = sys.argv[1]
open(t + '/big.eml', 'w').write('From: Big <big@example.com>\nSubject: big\nMessage-ID: <big@example.com>\n'
    'MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=X\n\n--X\nContent-Type: text/plain\n\n'
    'See attached.\n--X\nContent-Type: application/octet-stream\n'
    'Content-Disposition: attachment; filename=big.bin\nContent-Transfer-Encoding: base64\n\n'
    + base64.encodebytes(os.urandom(20 << 20)).decode() + '--X--\n')
open(t + '/long.eml', 'w').write('From: Long <long@example.com>\nSubject: long header\n'
    'Message-ID: <long@example.com>\nX-Long: ' + 'a' * 100000 + '\n\nThe body.\n')
END
check 'a 20 MB attachment is kept whole' '
	id=$(tkt-new --mail <"$T/big.eml") && same "big.bin|20971520|20971520" "$(q "SELECT name, size, length(data) FROM attachments WHERE name = '\''big.bin'\''")"'
check 'a header line of 100 KB does not stop a delivery' '
	id=$(tkt-new --mail <"$T/long.eml") && same "The body." "$(q "SELECT body FROM messages WHERE message_id = '\''long@example.com'\''")"'
check 'attachments go to a directory when one is configured' '
	{ cat "$T/config.yaml"; echo "  attachments: $T/files"; } >"$T/files.yaml" &&
	sed "s/m11@example.com/m11b@example.com/" "$mail/11-mixed-nested.eml" | tkt-new --mail --config "$T/files.yaml" >/dev/null &&
	path=$(q "SELECT path FROM attachments WHERE message = (SELECT id FROM messages WHERE message_id = '\''m11b@example.com'\'')") &&
	cmp "$path" - <<END2 && test -z "$(q "SELECT data FROM attachments WHERE path = '\''$path'\''")"
%PDF-1.4
1 0 obj<<>>endobj
trailer<<>>
%%EOF
END2
'
check 'with auto: keep, automatic mail on a known ticket is kept as a system message' '
	{ cat "$T/config.yaml"; echo "  auto: keep"; } >"$T/keep.yaml" &&
	sed -e "s/m21@example.com/m21b@example.com/" -e "s/^Subject: .*/Subject: Out of office [#1]/" "$mail/21-auto-submitted.eml" |
		tkt-new --mail --config "$T/keep.yaml" >/dev/null &&
	same "system|1" "$(q "SELECT kind, ticket FROM messages WHERE message_id = '\''m21b@example.com'\''")"'

STORE=$TKT_DB fails 65 "the message has no sender address" 'mail without a sender: 65, kept' "tkt-new --mail <\"$mail/29-no-from.eml\""
fails 65 "not a mail message" 'something that is not mail: 65' "tkt-new --mail <\"$mail/30-not-mail.eml\""
fails 65 "not a mail message" 'an empty message: 65' 'tkt-new --mail </dev/null'
fails 75 "takes the ticket from the message alone" '--mail with a subject: 75, not a bounce' "tkt-new --mail -s x <\"$mail/01-plain.eml\""
fails 75 "unknown option" '--mail with a mistyped option: 75' "tkt-new --mail --bogus <\"$mail/01-plain.eml\""
fails 65 "bad subject" 'a subject with CR LF is refused before it can reach a mail header' \
	'tkt-new -s "$(printf "Hi\r\nBcc: victim@example.org")" -r a@example.com -m x'
fails 64 "exclude each other" '--mail-out with --sendmail' 'tkt-reply 1 -m x --mail-out --sendmail'
fails 64 "only an agent" '--mail-out of a note' 'tkt-reply 1 -m x --note --mail-out'
printf 'mail:\n  auto: sometimes\n' >"$T/badmail.yaml"
fails 75 "badmail.yaml:2:9: auto is drop or keep" 'a bad mail setting: 75, the mail server tries again' 'tkt-new --mail --config "$T/badmail.yaml" <"$mail/01-plain.eml"'
fails 78 "badmail.yaml:2:9: auto is drop or keep" 'the same setting elsewhere: 78' 'tkt-reply 1 -m x --mail-out --config "$T/badmail.yaml"'
fails 78 "no address of the help desk" 'replies by mail need the help desk address' \
	'TKT_CONFIG=/nonexistent/config.yaml tkt-reply 1 -m x --mail-out'

# A store that cannot take the message: 75, so the mail server tries again,
# and a copy kept.
hold_lock "$TKT_DB"
rm -rf "$T/rejected.busy"
sed "s|rejected: .*|rejected: $T/rejected.busy|" "$T/config.yaml" >"$T/busy.yaml"
fails 75 "is busy; try again later; kept in '$T/rejected.busy/[0-9a-f]*.eml'" 'a busy store: 75, and a copy kept' \
	"sed s/m01@/m01busy@/ \"$mail/01-plain.eml\" | TKT_BUSY_TIMEOUT=100 tkt-new --mail --config \"$T/busy.yaml\""
release_lock
check 'the copy is the message, and it is stored when the mail server tries again' '
	grep -lq "m01busy@example.com" "$T"/rejected.busy/*.eml &&
	id=$(cat "$T"/rejected.busy/*.eml | tkt-new --mail --config "$T/busy.yaml") &&
	same 1 "$(q "SELECT count(*) FROM messages WHERE message_id = '\''m01busy@example.com'\''")"'
# A configuration that does not load: 75, and the message kept where it
# says, as far as it can be read.
printf 'mail:\n  rejected: %s/rejected.typo\n  adress: support@example.com\n' "$T" >"$T/typo.yaml"
printf 'mail:\n  rejected: %s/rejected.yaml\n  address: [support@example.com\n' "$T" >"$T/broken.yaml"
fails 75 "typo.yaml:3:3: unknown key 'adress'.*; kept in '$T/rejected.typo/" 'a misspelt key: 75, kept' \
	"tkt-new --mail --config \"$T/typo.yaml\" <\"$mail/01-plain.eml\""
fails 75 "broken.yaml:4:1: did not find expected ',' or ']'.*; kept in '$T/rejected.yaml/" 'a YAML error: 75, kept' \
	"TKT_CONFIG=\"$T/broken.yaml\" tkt-new --mail <\"$mail/01-plain.eml\""
check 'both copies are the message' '
	cmp "$mail/01-plain.eml" "$T"/rejected.typo/*.eml && cmp "$mail/01-plain.eml" "$T"/rejected.yaml/*.eml'
# A statement that cannot be prepared (the schema unreadable under
# another process's lock) says busy, not an internal error: SQLite in a
# rollback journal, where a writer shuts readers out.
if on_pg; then
	skip 'a store shut by another process: 75 from every tool' 'SQLite only: a rollback journal'
else
	locked=$T/locked.db
	cp "$TKT_DB" "$locked" && sqlite3 "$locked" "PRAGMA journal_mode = DELETE" >/dev/null
	hold_lock_exclusive() {
		rm -f "$T/x.fifo" && mkfifo "$T/x.fifo"
		(sqlite3 "$locked" <"$T/x.fifo" >/dev/null 2>&1) &
		xholder=$!
		exec 8>"$T/x.fifo"
		# The probe below reads for a moment: the holder waits it out.
		echo ".timeout 10000" >&8
		echo "BEGIN EXCLUSIVE;" >&8
		tries=0
		while [ $tries -lt 200 ] && sqlite3 "$locked" "SELECT count(*) FROM tickets" >/dev/null 2>&1; do
			sleep 0.05
			tries=$((tries + 1))
		done
	}
	hold_lock_exclusive
	check 'a store shut by another process: 75 from every tool, one line each' '
		for cmd in "tkt-ls" "tkt-show 1" "tkt-tag 1 +x" "tkt-reply 1 -m x" "tkt-export" \
		           "tkt-new --mail --config $T/busy.yaml" ; do
			TKT_BUSY_TIMEOUT=50 $cmd --db "$locked" <"$mail/01-plain.eml" >/dev/null 2>"$T/e"
			rc=$?
			same 75 $rc && same 1 "$(wc -l <"$T/e")" && grep -q "is busy" "$T/e" || return 1
		done'
	echo "ROLLBACK;" >&8
	exec 8>&-
	wait $xholder
fi
# A read-only store file; on PostgreSQL a role that may only read.
mkdir "$T/ro-rejected"
chmod 755 "$T" && chmod 1777 "$T/ro-rejected"
printf 'mail:\n  rejected: %s/ro-rejected\n' "$T" >"$T/ro.yaml" && chmod 644 "$T/ro.yaml"
if on_pg; then
	make_reader "$TKT_DB"
	STORE=$TKT_DB fails 75 "store '$(re "$reader")'(: permission denied[^;']*| is read-only); kept in '.*/ro-rejected/" \
		'a store that cannot be written: 75, kept' \
		"sed s/m01@/m01ro@/ \"$mail/01-plain.eml\" | tkt-new --db \"$reader\" --config \"$T/ro.yaml\" --mail"
else
	mkdir "$T/ro" && cp "$TKT_DB" "$T/ro/tkt.db" && chmod 444 "$T/ro/tkt.db" && chmod 755 "$T/ro"
	as_user() { if [ "$(id -u)" = 0 ]; then setpriv --reuid=nobody --regid=nogroup --clear-groups -- "$@"; else "$@"; fi; }
	STORE=$T/ro/tkt.db fails 75 "read-only; kept in '.*/ro-rejected/" 'a store that cannot be written: 75, kept' \
		"sed s/m01@/m01ro@/ \"$mail/01-plain.eml\" | as_user tkt-new --db \"$T/ro/tkt.db\" --config \"$T/ro.yaml\" --mail"
fi
check 'the kept copy is the message' 'grep -q "m01ro@example.com" "$T"/ro-rejected/*.eml'

# Mail needs the GMime module; a program without it says so, and the rest
# of it works.  (On PostgreSQL the program has the module of that, beside
# it as installed.)
mkdir -p "$T/alone"
cp "$TKT_TOOLS/tkt-new" "$T/alone/"
on_pg && mkdir -p "$T/lib/tkt" && cp "$TKT_TOOLS/../lib/tkt/pg.so" "$T/lib/tkt/"
if [ ! -e "$TKT_PREFIX/lib/tkt/mime.so" ]; then
	fails 75 "cannot load the mail module tkt/mime.so" 'mail without the mail module: 75, the mail server keeps it' \
		"\"$T/alone/tkt-new\" --mail <\"$mail/01-plain.eml\""
	fails 69 "cannot load the mail module tkt/mime.so" 'a reply by mail without the module: 69' \
		"cp \"$TKT_TOOLS/tkt-reply\" \"$T/alone/\" && \"$T/alone/tkt-reply\" 1 -m x --mail-out"
	check 'without the module, a ticket still opens' '
		"$T/alone/tkt-new" -s "No module" -r alone@example.com -m x >/dev/null'
else
	for t in 'mail without the mail module' 'a reply by mail without the module' \
	         'without the module, a ticket still opens'; do
		skip "$t" "a tkt installed in $TKT_PREFIX gives the program its mail module"
	done
fi

done_testing
