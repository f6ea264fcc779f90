#!/bin/sh
# The Debian packages (make deb): what each holds, their computed
# dependencies, lintian with no error and no warning; installed (make
# check-deb), the user, group and store directory the service needs.
# Skipped unless TKT_TEST_DEB names the tkt_VERSION_ARCH.deb built.
. "${0%/*}/lib.sh"

if [ -z "${TKT_TEST_DEB:-}" ]; then
	skip 'the Debian packages' 'TKT_TEST_DEB names no package (make check-deb)'
	done_testing
	exit
fi
deb=$(cd "${TKT_TEST_DEB%/*}" && pwd)/${TKT_TEST_DEB##*/}
dir=${deb%/*}
version=$(sed -n 's/^VERSION *= *//p' "$top/Makefile")
arch=$(dpkg --print-architecture)
multi=$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || echo "$(uname -m)-linux-gnu")
dpkg-deb -c "$deb" | awk '{ print substr($6, 2) }' >"$T/tkt.files"
dpkg-deb -c "$dir/libtkt0_${version}_$arch.deb" | awk '{ print substr($6, 2) }' >"$T/lib.files"
dpkg-deb -c "$dir/libtkt-dev_${version}_$arch.deb" | awk '{ print substr($6, 2) }' >"$T/dev.files"

# has LIST PATH...: every PATH is in the package's file list.
has() {
	list=$1
	shift
	for f; do grep -qx -- "$f" "$T/$list.files" || { echo "$list: no $f" >&2; return 1; }; done
}
check "the package is tkt_${version}_$arch.deb, the Makefile's version" '
	same "tkt_${version}_$arch.deb" "${deb##*/}" && same "$version" "$(dpkg-deb -f "$deb" Version)"'
check 'tkt holds every tool and its man page, the modules, templates and completions' '
	for t in "$top"/cmd/*.c; do t=${t##*/}; t=${t%.c}
		has tkt "/usr/bin/$t" "/usr/share/man/man1/$t.1.gz" "/usr/share/bash-completion/completions/$t" || exit 1
	done &&
	has tkt /usr/lib/$multi/tkt/mime.so /usr/lib/$multi/tkt/pg.so /usr/share/zsh/site-functions/_tkt \
		/usr/share/man/man5/tkt-config.5.gz /usr/share/man/man7/tkt.7.gz \
		/usr/share/tkt/templates/qa/checklist.yaml /usr/share/tkt/templates/incident/general.yaml'
check 'tkt holds the service: units, setup, the system config and an example' '
	has tkt /lib/systemd/system/tkt-report-weekly.timer /lib/systemd/system/tkt-sla-alert.timer \
		/lib/systemd/system/tkt-flush.timer /lib/systemd/system/tkt-flush.service \
		/usr/lib/tkt/setup /usr/lib/tkt/sla-alert /etc/tkt/config.yaml /etc/default/tkt \
		/usr/share/doc/tkt/examples/config.yaml /usr/share/doc/tkt/copyright &&
	same "/etc/default/tkt /etc/tkt/config.yaml" "$(dpkg-deb -I "$deb" conffiles | sort | paste -sd " ")"'
check 'the library in libtkt0; header, .so, .a, pkg-config and libtkt(3) in libtkt-dev' '
	has lib /usr/lib/$multi/libtkt.so.0 &&
	has dev /usr/include/tkt.h /usr/lib/$multi/libtkt.so /usr/lib/$multi/libtkt.a \
		/usr/lib/$multi/pkgconfig/libtkt.pc /usr/share/man/man3/libtkt.3.gz &&
	! grep -q "^/usr/lib/$multi/libtkt" "$T/tkt.files"'
check 'the dependencies are computed (libc, libyaml, PCRE2 of the tools)' '
	d=$(dpkg-deb -f "$deb" Depends) && printf "%s\n" "$d" >&2 &&
	case $d in *libc6*libpcre2*|*libpcre2*libc6*) ;; *) exit 1;; esac &&
	case $d in *libyaml*) ;; *) exit 1;; esac'
if command -v lintian >/dev/null; then
	check 'lintian: no error, no warning' '
		lintian --fail-on error,warning "$deb" "$dir/libtkt0_${version}_$arch.deb" \
			"$dir/libtkt-dev_${version}_$arch.deb" >&2'
else
	skip 'lintian' 'no lintian (apt-get install lintian)'
fi

# Installed from this very file: the service's user, group and directory.
if [ "$(dpkg-query -W -f '${Status} ${Version}' tkt 2>/dev/null)" = "install ok installed $version" ]; then
	check 'installed: the user and group tkt, /var/lib/tkt 2775 tkt:tkt' '
		getent passwd tkt >/dev/null && getent group tkt >/dev/null &&
		same "2775 tkt tkt" "$(stat -c "%a %U %G" /var/lib/tkt)"'
	check 'installed: a store tkt makes there is the group'"'"'s, 0660' '
		rm -f /var/lib/tkt/t0500.db &&
		setpriv --reuid=tkt --regid=tkt --init-groups -- sh -c "umask 022; cd /; /usr/bin/tkt-new --db /var/lib/tkt/t0500.db -s x -r a@example.com -m y" >/dev/null &&
		same "660 tkt" "$(stat -c "%a %G" /var/lib/tkt/t0500.db)" && rm -f /var/lib/tkt/t0500.db*'
	check 'installed: the tools read /etc/tkt/config.yaml' '
		(unset TKT_DB; HOME=$T/nobody /usr/bin/tkt-ls --db /nonexistent/x.db 2>/dev/null; test $? = 66) &&
		(unset TKT_DB; cd / && setpriv --reuid=tkt --regid=tkt --init-groups -- env HOME=/var/lib/tkt /usr/bin/tkt-ls 2>&1 | grep -q "no store at .*/var/lib/tkt/tkt.db")'
else
	skip 'installed: the service user and directory' "tkt $version is not installed (make check-deb installs it)"
fi

done_testing
