#!/bin/sh
# tkt-import: a shared mailbox of past support mail (an mbox as Gmail
# exports one, a Maildir) into tickets: threaded and dated as live
# delivery would have done it, in the order written, duplicates once, the
# help desk's own mail its agents' replies; reported with numbers worked
# out by hand; and what it refuses.
. "${0%/*}/lib.sh"

cat >"$T/config.yaml" <<END
mail:
  address: support@example.com
agents:
  kim:
    name: Kim Varga
    addresses: [kim@example.com]
END
export TKT_CONFIG=$T/config.yaml TKT_AGENT=imp

# Three threads, as three customers wrote them and Kim answered:
#  a1 Ana (Romanian, ISO-8859-2, quoted-printable) Mon 2 Nov 09:00 +0200
#     = 07:00Z; a2 Kim 08:30Z; a3 Ana again 10:00Z, answering a2.
#  b1 Béla (Hungarian, UTF-8, base64) Tue 3 Nov 09:00Z; b2 Kim 11:00Z,
#     citing [#2] in the subject.
#  c1 Eleni (Greek, with a PDF attached) Wed 4 Nov 09:00Z, unanswered.
# By hand: 3 tickets; first replies 5400 s (a) and 7200 s (b), mean 6300;
# 2 replies; a waits since a3 (10:00Z), b is open, c new.
m=$T/mail
mkdir -p "$m"
cat >"$m/a1" <<'END'
From: Ana Popescu <ana@example.ro>
To: support@example.com
Subject: Routerul nu merge
Date: Mon, 2 Nov 2026 09:00:00 +0200
Message-ID: <a1@example.ro>
MIME-Version: 1.0
Content-Type: text/plain; charset=iso-8859-2
Content-Transfer-Encoding: quoted-printable

Bun=E3 ziua, routerul nu merge de asear=E3.
END
cat >"$m/a2" <<'END'
From: Kim Varga <kim@example.com>
To: Ana Popescu <ana@example.ro>
Subject: Re: Routerul nu merge
Date: Mon, 2 Nov 2026 08:30:00 +0000
Message-ID: <a2@example.com>
In-Reply-To: <a1@example.ro>
References: <a1@example.ro>
Content-Type: text/plain; charset=utf-8

Hello Ana, please restart the router and tell us if it helps.
END
cat >"$m/a3" <<'END'
From: Ana Popescu <ana@example.ro>
To: Kim Varga <kim@example.com>
Subject: Re: Routerul nu merge
Date: Mon, 2 Nov 2026 10:00:00 +0000
Message-ID: <a3@example.ro>
In-Reply-To: <a2@example.com>
References: <a1@example.ro> <a2@example.com>
Content-Type: text/plain; charset=utf-8

It still does not work.

> Hello Ana, please restart the router and tell us if it helps.
END
cat >"$m/b1" <<'END'
From: =?UTF-8?Q?B=C3=A9la_Kov=C3=A1cs?= <bela@example.hu>
To: support@example.com
Subject: =?UTF-8?B?U3rDoW1sYSBoaWLDoXM=?=
Date: Tue, 3 Nov 2026 09:00:00 +0000
Message-ID: <b1@example.hu>
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: base64

QSBub3ZlbWJlcmkgc3rDoW1sw6FtIGvDqXRzemVyIHN6ZXJlcGVsLgo=
END
cat >"$m/b2" <<'END'
From: kim@example.com
To: bela@example.hu
Subject: Re: [#2] Számla
Date: Tue, 3 Nov 2026 11:00:00 +0000
Message-ID: <b2@example.com>
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

Kedves Béla, a számlát javítottuk.
END
cat >"$m/c1" <<'END'
From: Eleni Papadopoulou <eleni@example.gr>
To: support@example.com
Subject: =?UTF-8?B?zqDPgc+MzrLOu863zrzOsSDPg8+Nzr3OtM61z4POt8+C?=
Date: Wed, 4 Nov 2026 09:00:00 +0000
Message-ID: <c1@example.gr>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="xx"

--xx
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

Η σύνδεση πέφτει κάθε βράδυ.
--xx
Content-Type: application/pdf; name="bill.pdf"
Content-Disposition: attachment; filename="bill.pdf"
Content-Transfer-Encoding: base64

JVBERi0xLjQK
--xx--
END
# mbox FILE...: the messages as an mbox, each after a "From " line.
mbox() {
	for f in "$@"; do
		echo "From x@example.com Thu Jan  1 00:00:00 2026"
		cat "$m/$f"
		echo
	done
}
# As Gmail exports a label: a message twice (a1), not in the order
# written (b2 before b1).
mbox a1 b2 a2 a3 a1 b1 c1 >"$T/support.mbox"

imported=$(newstore imported)
onebyone=$(newstore onebyone)
maildir=$(newstore maildir)
check 'tkt-import --mbox prints the tickets it opened, in the order written' '
	same "1 2 3" "$(tkt-import --db "$imported" --mbox "$T/support.mbox" | joined)"'
check 'each thread one ticket, each message in it once, in the order written' '
	same "1|customer|Ana Popescu <ana@example.ro> 1|agent|kim 1|customer|Ana Popescu <ana@example.ro> 2|customer|Béla Kovács <bela@example.hu> 2|agent|kim 3|customer|Eleni Papadopoulou <eleni@example.gr>" \
		"$(qs "$imported" "SELECT ticket, kind, author FROM messages ORDER BY ticket, created_at, id" | joined)"'
check 'dated by their Date headers; every charset read' '
	same "1793602800|Bună ziua, routerul nu merge de aseară." \
		"$(qs "$imported" "SELECT created_at, body FROM messages ORDER BY id LIMIT 1")" &&
	same "Routerul nu merge|Számla hibás|Πρόβλημα σύνδεσης" \
		"$(qs "$imported" "SELECT subject FROM tickets ORDER BY id" | joined "|")" &&
	same "A novemberi számlám kétszer szerepel." "$(qs "$imported" "SELECT body FROM messages WHERE message_id = '\''b1@example.hu'\''")"'
check 'the attachment kept' '
	same "bill.pdf|application/pdf|9" "$(qs "$imported" "SELECT name, type, size FROM attachments")"'
check 'the report: 3 tickets, 2 replies, first replies in 5400 s and 7200 s' '
	tkt-report --db "$imported" --since 2026-11-01 --until 2026-12-01 --format json >"$T/r" &&
	same "3 2 6300 1" "$(jq -r "[.created, .replies, .first_reply_mean, .unanswered] | map(tostring) | join(\" \")" "$T/r")"'
check 'the customer who wrote last waits; the unanswered ticket is new' '
	same "1|open|1793613600 2|open| 3|new|1793782800" \
		"$(qs "$imported" "SELECT id, status, waiting_since FROM tickets ORDER BY id" | joined)"'

# The same messages delivered one by one as the mail server would have,
# each at its Date: the same store.
for f in a1 a2 a3 b1 b2 c1 a1; do
	d=$(sed -n 's/^Date: //p' "$m/$f")
	tkt-new --db "$onebyone" --mail --at "$(date -u -d "$d" +%Y-%m-%dT%H:%M:%SZ)" -q <"$m/$f"
done
check 'delivered one by one with tkt-new --mail, the same store' '
	tkt-export --db "$imported" >"$T/i.jsonl" && tkt-export --db "$onebyone" | cmp - "$T/i.jsonl"'
mkdir -p "$T/md/cur" "$T/md/new" "$T/md/tmp"
for f in a1 b2 a2; do cp "$m/$f" "$T/md/cur/$f:2,S"; done
for f in a3 b1 c1; do cp "$m/$f" "$T/md/new/$f"; done
cp "$m/c1" "$T/md/tmp/partial"
check 'a Maildir (cur/ and new/, not tmp/): the same store' '
	tkt-import --db "$maildir" --maildir "$T/md" -q && tkt-export --db "$maildir" | cmp - "$T/i.jsonl"'
check 'imported again: nothing new, nothing printed' '
	same "" "$(tkt-import --db "$imported" --mbox "$T/support.mbox")" &&
	tkt-export --db "$imported" | cmp - "$T/i.jsonl"'

# ---- the help desk's own address -----------------------------------------
# A reply sent from the shared address support@ (or one given with
# --agent-address) is the reply of the agent it names, else of its
# sender's name; one answering no ticket is left out.
shared=$(newstore shared)
printf 'From: Support Desk <support@example.com>\nTo: ana@example.ro\nSubject: Re: Routerul\nDate: Mon, 2 Nov 2026 08:00:00 +0000\nMessage-ID: <s1@example.com>\nIn-Reply-To: <a1@example.ro>\n\nWe are on it.\n' >"$m/s1"
printf 'From: helpdesk@old.example.com\nTo: ana@example.ro\nSubject: Re: Routerul\nDate: Mon, 2 Nov 2026 08:10:00 +0000\nMessage-ID: <s2@example.com>\nIn-Reply-To: <s1@example.com>\n\nStill on it.\n' >"$m/s2"
printf 'From: support@example.com\nTo: zed@example.com\nSubject: Newsletter\nDate: Mon, 2 Nov 2026 08:20:00 +0000\nMessage-ID: <s3@example.com>\n\nNews.\n' >"$m/s3"
mbox s3 s2 s1 a1 >"$T/shared.mbox"
check 'the shared address and --agent-address: agent replies; mail answering no ticket left out' '
	same 1 "$(tkt-import --db "$shared" --mbox "$T/shared.mbox" --agent-address helpdesk@old.example.com)" &&
	same "customer|Ana Popescu <ana@example.ro> agent|Support Desk agent|helpdesk@old.example.com" \
		"$(qs "$shared" "SELECT kind, author FROM messages ORDER BY created_at" | joined)"'

# ---- what an mbox says of its mail ----------------------------------------
# A message without a Date is dated by its "From " line, and one without a
# From is sent by it, as mail programs read them; a body line the mbox
# wrote as ">From " is "From " again.
printf 'From dora@example.com Fri Nov  6 10:30:00 2026\nTo: support@example.com\nSubject: Old mail\nMessage-ID: <d1@example.com>\n\nHello,\n>From now on I use this address.\nDora\n' >"$T/old.mbox"
check 'the "From " line: the time and the sender of mail that says neither; ">From " unescaped' '
	tkt-import --db "$(newstore old)" --mbox "$T/old.mbox" -q &&
	same "1793961000|dora@example.com|Hello,
From now on I use this address.
Dora" "$(qs "$(nostore old)" "SELECT m.created_at, m.from_email, m.body FROM messages m")"'

# ---- refused ---------------------------------------------------------------
export TKT_DB=$(newstore refused)
tkt-new -s "Kept" -r keep@example.com -m "Kept." -q --at 2026-11-01T00:00:00Z
fails 66 "^tkt-import: cannot open '.*nothere.mbox': No such file or directory$" 'no such mbox' \
	'tkt-import --mbox "$T/nothere.mbox"'
printf 'Hello, this is no mailbox.\n' >"$T/text.mbox"
fails 65 "^tkt-import: .*text.mbox: not an mbox: it does not begin with a \"From \" line$" 'a file that is no mbox' \
	'tkt-import --mbox "$T/text.mbox"'
{ cat "$T/support.mbox"; printf 'From x\nFrom: late@example.com\nSubject: no date\n\nHi.\n'; } >"$T/nodate.mbox"
fails 65 "^tkt-import: message 8: no Date header, nor a \"From \" line's time: the time it was written is not known$" \
	'a message without a time: named, and nothing of the mailbox stored' 'tkt-import --mbox "$T/nodate.mbox"'
{ cat "$T/support.mbox"; printf 'From x\nSubject: not mail\n\nHi.\n'; } >"$T/notmail.mbox"
fails 65 "^tkt-import: message 8: the message has no sender address \\(From\\)$" \
	'a message that is not mail: named, and nothing stored' 'tkt-import --mbox "$T/notmail.mbox"'
check '--keep-going: what cannot be read is said and left out, the rest stored' '
	tkt-import --db "$(newstore going)" --mbox "$T/notmail.mbox" --keep-going >"$T/o" 2>"$T/e" &&
	same "1 2 3" "$(joined <"$T/o")" &&
	same "tkt-import: message 8: the message has no sender address (From); left out" "$(cat "$T/e")"'
fails 66 "^tkt-import: .*/nodir: not a Maildir \\(no cur/ or new/ in it\\)$" 'no such Maildir' \
	'tkt-import --maildir "$T/nodir"'
mkdir -p "$T/md/cur/sub"
fails 74 "^tkt-import: cannot read '.*/md/cur/sub': Is a directory$" 'a Maildir file that cannot be read: named, nothing stored' \
	'tkt-import --maildir "$T/md"'
rmdir "$T/md/cur/sub"
fails 64 "^tkt-import: give one of --mbox FILE, --maildir DIR, --csv FILE$" 'both mailboxes' \
	'tkt-import --mbox "$T/support.mbox" --maildir "$T/md"'
fails 64 "^tkt-import: --agent-address: bad address 'kim'$" 'a bad agent address' \
	'tkt-import --mbox "$T/support.mbox" --agent-address kim'
check 'an import that fails into a store it would have made leaves none' '
	made=$(newstore made) && tkt-import --db "$made" --mbox "$T/nodate.mbox" 2>/dev/null; same 65 $? &&
	not_made "$made"'

done_testing
