#!/bin/sh
# Postfix delivering into tkt-new --mail, for real: a Postfix instance of
# the test's own (its configuration and queue under $T, no smtpd, no smtp
# client, nothing on the network), whose pipe transport runs the staged
# tkt-new --mail as nobody into the test's store.  A mail handed to its
# sendmail arrives as a ticket; a store made read-only makes Postfix defer
# the next one (exit 75: it stays in the queue, no bounce reaches the
# sender); once the store is writable again and the queue flushed, it is
# delivered, once.  Then the commands of the service's timers, run by
# hand as its user, mail through it.  It needs root (Postfix starts as root) and Postfix
# (apt-get install postfix): else the tests say SKIP, unless
# TKT_TEST_REQUIRE_POSTFIX=1 (CI), where that is a failure.
. "${0%/*}/lib.sh"

# unable WHY: the test cannot run here: SKIP, or a failure where it must.
unable() {
	if [ "${TKT_TEST_REQUIRE_POSTFIX:-0}" = 1 ]; then
		not_ok 'Postfix delivers into tkt-new --mail' "TKT_TEST_REQUIRE_POSTFIX=1 and $1"
	else
		skip 'Postfix delivers into tkt-new --mail' "$1"
	fi
	done_testing
	exit
}

# The delivery is the mail module's, which the other mail tests run on
# both backends; what is tested here is Postfix's side, on a store file.
if on_pg; then
	skip 'Postfix delivers into tkt-new --mail' 'SQLite only: the store file is made read-only (0130 tests 75 on PostgreSQL)'
	done_testing
	exit
fi
PATH=$PATH:/usr/sbin:/sbin
[ "$(id -u)" = 0 ] || unable 'not root (Postfix starts as root)'
command -v postfix >/dev/null && command -v postqueue >/dev/null && command -v postconf >/dev/null &&
	[ -x "$(postconf -dh daemon_directory 2>/dev/null)/pipe" ] ||
	unable 'no Postfix installed (apt-get install postfix)'
sendmail=$(postconf -dh sendmail_path)
id nobody >/dev/null 2>&1 || unable 'no user nobody to deliver as'
# The pipe runs the staged tools as nobody, who must reach them.
setpriv --reuid=nobody --regid=nogroup --clear-groups -- test -x "$TKT_TOOLS/tkt-new" ||
	unable "nobody cannot run $TKT_TOOLS/tkt-new (a directory above it is closed)"

# The instance: main.cf and master.cf in $T/pf/etc, its queue in
# $T/pf/queue, its log in $T/pf/log.  support@localhost goes to the pipe
# transport tkt by a virtual alias and the transport map, as tkt(7) says; customer@localhost, the sender, to a mailbox file
# (where a bounce would land); nosuch@localhost is refused, to show that
# it does.
pf=$T/pf cf=$T/pf/etc
mkdir -p "$cf" "$pf/queue" "$pf/data"
chown postfix "$pf/data"
chmod 711 "$T"
TKT_DB=$T/desk/tkt.db
cat >"$pf/deliver" <<END
#!/bin/sh
export PATH='$PATH' TKT_DB='$TKT_DB' TZ=UTC LC_ALL=C.UTF-8
exec tkt-new --mail --sender "\$1"
END
cat >"$pf/mbox" <<END
#!/bin/sh
cat >>'$T/mail/customer'
END
chmod 755 "$pf" "$cf" "$pf/deliver" "$pf/mbox"
mkdir -m 700 "$T/desk" "$T/mail" && chown nobody "$T/desk" "$T/mail"

cat >"$pf/etc/main.cf" <<END
compatibility_level = 3.6
queue_directory = $pf/queue
data_directory = $pf/data
myhostname = localhost
mydomain = localdomain
myorigin = localhost
mydestination = localhost
inet_interfaces = loopback-only
inet_protocols = ipv4
alias_maps =
alias_database =
local_recipient_maps =
virtual_alias_maps = inline:{ support@localhost=support@tkt.invalid }
transport_maps = inline:{ tkt.invalid=tkt:, customer@localhost=mbox:,
    { nosuch@localhost = error:5.1.1 no such user } }
maillog_file = $pf/log
maillog_file_prefixes = $pf
delay_warning_time = 0
END
cat >"$pf/etc/master.cf" <<END
pickup    unix  n  -  n  60   1  pickup
cleanup   unix  n  -  n  -    0  cleanup
qmgr      unix  n  -  n  300  1  qmgr
rewrite   unix  -  -  n  -    -  trivial-rewrite
bounce    unix  -  -  n  -    0  bounce
defer     unix  -  -  n  -    0  bounce
trace     unix  -  -  n  -    0  bounce
flush     unix  n  -  n  1000? 0 flush
showq     unix  n  -  n  -    -  showq
error     unix  -  -  n  -    -  error
retry     unix  -  -  n  -    -  error
postlog   unix-dgram n - n -  1  postlogd
tkt       unix  -  n  n  -    -  pipe
  flags=Rq user=nobody argv=$pf/deliver \${sender}
mbox      unix  -  n  n  -    -  pipe
  flags=F user=nobody argv=$pf/mbox
END

at_exit "postfix -c '$cf' stop >/dev/null 2>&1"
if ! postfix -c "$cf" start >"$pf/start.out" 2>&1; then
	not_ok 'a Postfix instance of its own starts' "$(cat "$pf/start.out" "$pf/log" 2>/dev/null | tail -20)"
	done_testing
	exit
fi

# until_true SECONDS COMMAND...: the command (a shell string) succeeds within
# SECONDS, tried every tenth of a second.
until_true() {
	secs=$1
	shift
	i=0
	while [ $i -lt $((secs * 10)) ]; do
		eval "$*" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	eval "$*"
}
# mail ID SUBJECT: a customer's mail, handed to the instance's sendmail.
mail() {
	printf 'From: Ann Smith <customer@localhost>\nTo: support@localhost\nSubject: %s\nMessage-ID: <%s@localhost>\n\n%s\n' \
		"$2" "$1" "Hello, this is mail $1." |
		"$sendmail" -C "$cf" -f customer@localhost -i support@localhost
}
tickets() {
	if [ -e "$TKT_DB" ]; then q "SELECT count(*) FROM tickets"; else echo 0; fi
}
# delivered: the mails the tkt transport took, as the instance's log says.
# Waited for there rather than in the store: reading a store while the
# first delivery makes it (some seconds under valgrind) would hold off its
# set-up, as any reader of it would.
delivered() {
	grep -c "relay=tkt, .*status=sent" "$pf/log" 2>/dev/null || :
}
queued() {
	postqueue -c "$cf" -j
}
# Each delivery is a few processes; under valgrind some 20 times slower.
wait=60

check 'a mail handed to sendmail arrives as a ticket' '
	mail m1 "Printer on fire" && until_true $wait "[ \$(delivered) = 1 ]" && same 1 "$(tickets)" &&
	same "Printer on fire|customer@localhost|email" "$(q "SELECT t.subject, c.email, t.channel FROM tickets t JOIN customers c ON c.id = t.requester")"'
check 'the queue is empty after it' 'until_true $wait "[ -z \"\$(queued)\" ]"'

check 'a bounce reaches the sender'"'"'s mailbox (mail to no one bounces)' '
	printf "Subject: lost\n\nx\n" | "$sendmail" -C "$cf" -f customer@localhost -i nosuch@localhost &&
	until_true $wait "grep -q \"no such user\" \"$T/mail/customer\" 2>/dev/null"'
rm -f "$T/mail/customer"

chmod 444 "$T/desk/tkt.db"
chmod 555 "$T/desk"
check 'a store made read-only: the mail is deferred, in the queue' '
	mail m2 "Printer still on fire" &&
	until_true $wait "queued | grep -q \"\\\"queue_name\\\": *\\\"deferred\\\"\"" &&
	queued | jq -e "select(.queue_name == \"deferred\") | .recipients[0] |
		.address == \"support@tkt.invalid\" and (.delay_reason | test(\"read-only|permission\"))"'
check 'it is not bounced, and not a ticket' '
	[ ! -e "$T/mail/customer" ] && same 1 "$(tickets)" &&
	same 0 "$(q "SELECT count(*) FROM messages WHERE message_id = '\''m2@localhost'\''")"'

chmod 700 "$T/desk"
chmod 600 "$T/desk/tkt.db"
check 'once the store is writable and the queue flushed, it arrives' '
	postqueue -c "$cf" -f && until_true $wait "[ \$(delivered) = 2 ]" && same 2 "$(tickets)" &&
	until_true $wait "[ -z \"\$(queued)\" ]" &&
	same "Printer still on fire" "$(q "SELECT subject FROM tickets WHERE id = 2")"'
check 'Postfix delivered it once, after deferring it once, and bounced nothing' '
	same "2 1 0" "$(grep -c " relay=tkt,.* status=sent " "$pf/log") $(grep -c " relay=tkt,.* status=deferred " "$pf/log") $(grep -c "to=<support@tkt.invalid>.* status=bounced " "$pf/log")" &&
	same 1 "$(q "SELECT count(*) FROM messages WHERE message_id = '\''m2@localhost'\''")" &&
	[ ! -e "$T/mail/customer" ]'

# ---- the service's commands, by hand, as the service's user ----------
# What the package's timers run (service/*.service.in) as tkt, run here as
# nobody, whose store this is.  Postfix lets only root name another
# instance's configuration to its sendmail: the mail of nobody's sendmail
# is kept in $T/handed, and handed to this instance's by root; each reaches
# the customer's mailbox.
mkdir -m 1777 "$T/handed"
cat >"$pf/sendmail" <<END
#!/bin/sh
cat >"\$(mktemp '$T/handed/mail.XXXXXX')"
END
chmod 755 "$pf/sendmail"
printf 'mail:\n  address: support@localhost\n  name: Help Desk\n  sendmail: %s\n' "$pf/sendmail" >"$T/up.yaml"
printf 'mail:\n  address: support@localhost\n  sendmail: "false"\n' >"$T/down.yaml"
chmod 644 "$T/up.yaml" "$T/down.yaml"
as_service() {
	setpriv --reuid=nobody --regid=nogroup --clear-groups -- env PATH="$PATH" TKT_DB="$TKT_DB" \
		TKT_CONFIG="$T/up.yaml" HOME="$T/desk" TZ=UTC LC_ALL=C.UTF-8 "$@"
}
# mailed PATTERN: what nobody's sendmail kept handed over, and a mail in
# the customer's mailbox matching PATTERN, in time.
mailed() {
	for f in "$T"/handed/mail.*; do
		[ -e "$f" ] || continue
		"$sendmail" -C "$cf" -t -i <"$f" && rm -f "$f" || return 1
	done
	until_true $wait "grep -q \"$1\" \"$T/mail/customer\" 2>/dev/null"
}
check 'tkt-report-weekly: the page of the last week, mailed' '
	as_service tkt-report --last week --format html --mail-to customer@localhost &&
	mailed "^Content-Type: text/html"'
check 'tkt-sla-alert: the tickets due within the hour, mailed' '
	as_service tkt-new -s "Line down" -r customer@localhost -p urgent -m "Down." --at 30m >/dev/null &&
	as_service env TKT_SLA_TO=customer@localhost SENDMAIL="$pf/sendmail" "$top/service/sla-alert" &&
	mailed "^Subject: Tickets due within the hour: 1" && mailed "Line down"'
check 'tkt-flush: a reply the mail server did not take, sent by the flush' '
	as_service env TKT_CONFIG="$T/down.yaml" tkt-reply 1 -m "Hello Ann, the engineer comes today." --sendmail -q;
	same 3 "$?" && ! grep -q "engineer comes today" "$T/mail/customer" &&
	as_service tkt-reply --flush -q && mailed "engineer comes today"'

[ $failures = 0 ] || { echo "# the instance's log:"; sed 's/^/#   /' "$pf/log" | tail -30; } >&2
done_testing
