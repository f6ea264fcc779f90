#!/bin/sh
# The help desk as a service (make install-service, the Debian package):
# its systemd units pass systemd-analyze verify, each runs as user tkt in
# a sandbox where only the store's directory is writable, and the
# configuration and the alert script it installs work.
. "${0%/*}/lib.sh"

# The units and files as make install-service writes them, for the tools
# under test (no setup is run: a DESTDIR is given).
root=$T/root
bin=${TKT_TOOLS%/bin}
make -s --no-print-directory -C "$top" install-service DESTDIR="$root" PREFIX="$bin" \
	B="$T/build" >"$T/make.out" 2>&1 || { echo "Bail out! make install-service: $(tail -1 "$T/make.out")"; exit 1; }
units=$root$bin/lib/systemd/system

check 'the units, the scripts, the configuration and the addresses are installed' '
	for f in tkt-report-weekly tkt-sla-alert tkt-flush; do
		test -f "$units/$f.service" && test -f "$units/$f.timer" || exit 1
	done &&
	test -x "$root$bin/lib/tkt/setup" && test -x "$root$bin/lib/tkt/sla-alert" &&
	test -f "$root$bin/etc/tkt/config.yaml" && test -f "$root$bin/etc/default/tkt"'
check 'each service runs as tkt, sandboxed, writing the store directory alone' '
	for f in "$units"/*.service; do
		for w in User=tkt Group=tkt NoNewPrivileges=yes ProtectSystem=strict ProtectHome=yes \
			PrivateTmp=yes "ReadWritePaths=/var/lib/tkt -/var/spool/postfix/maildrop"; do
			grep -qx "$w" "$f" || { echo "$f: no $w" >&2; exit 1; }
		done
	done'
check 'the system config.yaml names the shared store and loads' '
	grep -qx "store: /var/lib/tkt/tkt.db" "$root$bin/etc/tkt/config.yaml" &&
	(unset TKT_DB; TKT_CONFIG=$root$bin/etc/tkt/config.yaml tkt-ls --db "$T/none.db"; test $? = 66) &&
	(TKT_CONFIG=$top/service/examples/config.yaml tkt-new -s x -r a@example.com -m y >/dev/null)'

# sla-alert: no mail when nothing is due; a mail of the list when some is.
mkdir -p "$T/bin"
printf '#!/bin/sh\necho "$*" >"%s/sendmail.args"; cat >"%s/sent"\n' "$T" "$T" >"$T/bin/sendmail"
chmod +x "$T/bin/sendmail"
alert() {
	TKT_SLA_TO=agents@example.com PATH=$T/bin:$PATH "$root$bin/lib/tkt/sla-alert"
}
check 'sla-alert mails nothing when no ticket is due within the hour' '
	rm -f "$T/sent" && tkt-tag 1 status=solved >/dev/null && alert && test ! -e "$T/sent"'
check 'sla-alert mails the tickets due within the hour' '
	tkt-new -s "Down since dawn" -r b@example.com -p urgent -m "No line." \
		--at "$(date -u -d "-30 min" +%Y-%m-%dT%H:%M:%SZ)" >/dev/null && alert &&
	grep -qx "To: agents@example.com" "$T/sent" && grep -q "Subject: Tickets due within the hour: 1" "$T/sent" &&
	grep -q "Down since dawn" "$T/sent" && same "-t -i" "$(cat "$T/sendmail.args")"'
fails 78 "^sla-alert: TKT_SLA_TO names no address to mail" 'sla-alert without an address' \
	'PATH=$T/bin:$PATH "$root$bin/lib/tkt/sla-alert"'

# systemd-analyze verify, with the sla-alert script where the unit finds
# it (the stage's tools are where the units name them).
if command -v systemd-analyze >/dev/null; then
	mkdir "$T/verify"
	for f in "$units"/*; do
		sed "s|^ExecStart=$bin/lib/tkt/|ExecStart=$root$bin/lib/tkt/|" "$f" >"$T/verify/${f##*/}"
	done
	for f in "$T"/verify/*; do
		check "systemd-analyze verify ${f##*/}" '
			(cd "$T/verify" && systemd-analyze verify --man=no "./${f##*/}" >"$T/verify.out" 2>&1);
			rc=$?; cat "$T/verify.out" >&2; test $rc = 0 && test ! -s "$T/verify.out"'
	done
	for f in "$T"/verify/*.service; do
		check "systemd-analyze security ${f##*/}: exposure under 2" '
			e=$(systemd-analyze security --offline=true "$f" 2>/dev/null |
				sed -n "s/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p") &&
			echo "# ${f##*/}: exposure $e" && awk -v e="$e" "BEGIN { exit !(e != \"\" && e < 2) }"'
	done
else
	skip 'systemd-analyze verify' 'no systemd-analyze (apt-get install systemd)'
fi

done_testing
