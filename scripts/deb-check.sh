#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# deb-check.sh: install, upgrade and purge the Debian packages in a
# throwaway root, the way an operator would (dpkg, DKMS in the postinst).
#
# The throwaway root is this machine's own root under an overlay (writes go
# to a tmpfs) in a private mount namespace, so it has what Debian 12 has
# here (dkms, the 6.1 headers, the libraries) and nothing of it survives.
# Versions: the tree's (build/deb, made by scripts/deb.sh) and the same
# with a bumped changelog (0.1.0+upgrade), to upgrade to. After the install
# it also checks xtraild's system calls (strace) against the unit's filter
# and boots the installed root with systemd-nspawn to run xtraild.service.
# Needs root, strace and systemd-container (scripts/deps.sh). About a
# minute on an idle machine. Prints "deb: N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
OUT=$REPO/build/deb

if [ -z "${XT_DEB_NS:-}" ]; then
	v1=$(dpkg-parsechangelog -S Version)
	v2=$v1+upgrade
	# The two builds are independent (each in its own copy of the tree):
	# side by side, on two cores, they take the time of one.
	scripts/deb.sh >/dev/null &
	p1=$!
	DEB_VERSION=$v2 scripts/deb.sh >/dev/null &
	p2=$!
	rc=0
	wait "$p1" || rc=1
	wait "$p2" || rc=1
	[ "$rc" -eq 0 ] || exit 1
	exec unshare --mount --propagation private env XT_DEB_NS=1 V1="$v1" V2="$v2" "$0"
fi

pass=0 failed=0
ok() {
	echo "ok   $*"
	pass=$((pass + 1))
}
bad() {
	echo "FAIL $*"
	failed=$((failed + 1))
}
# check DESCRIPTION CMD...: CMD runs in the throwaway root.
check() {
	local what=$1
	shift
	if chroot "$R" /bin/bash -c "$*" >>"$LOG" 2>&1; then ok "$what"; else bad "$what"; fi
}
in_root() {
	chroot "$R" /bin/bash -c "$*" >>"$LOG" 2>&1
}

W=$(mktemp -d)
LOG=$OUT/deb-check.log
: >"$LOG"
mount -t tmpfs tmpfs "$W"
mkdir -p "$W"/{upper,work,root}
mount -t overlay overlay -o "lowerdir=/,upperdir=$W/upper,workdir=$W/work" "$W/root"
R=$W/root
for m in proc sys dev dev/pts; do
	mount --rbind "/$m" "$R/$m"
done
mount -t tmpfs tmpfs "$R/run"
mount -t tmpfs tmpfs "$R/tmp"
mkdir -p "$R/tmp/debs"
cp "$OUT"/xtrail-{dkms,tools}_{"$V1","$V2"}_*.deb "$R/tmp/debs/"
# No service may start (there is no systemd here anyway).
printf '#!/bin/sh\nexit 101\n' >"$R/usr/sbin/policy-rc.d"
chmod 755 "$R/usr/sbin/policy-rc.d"
krel=$(ls -d /usr/src/linux-headers-*-amd64 | sort -V | tail -n 1)
krel=${krel#/usr/src/linux-headers-}
mods=/lib/modules/$krel/updates/dkms
export DEBIAN_FRONTEND=noninteractive

# -- install --
t0=$SECONDS
check "install $V1 (dpkg -i, DKMS builds in the postinst)" \
	"dpkg -i /tmp/debs/xtrail-dkms_${V1}_all.deb /tmp/debs/xtrail-tools_${V1}_*.deb"
echo "     (install took $((SECONDS - t0)) s)"
check "dpkg: nothing half-installed, dependencies met" "[ -z \"\$(dpkg --audit)\" ] && apt-get check -qq"
check "DKMS installed xtrail/$V1 for $krel" "dkms status xtrail/$V1 -k $krel | grep -q ': installed'"
check "xtrail_domu.ko and xtrail_dom0.ko in $mods, found by modinfo" \
	"modinfo -k $krel -F alias xtrail_domu | grep -qx xen:xtrail && modinfo -k $krel -F alias xtrail_dom0 | grep -qx xen-backend:xtrail && ls $mods/xtrail_domu.ko* $mods/xtrail_dom0.ko*"
check "tools run: xtrail --help, xtraild --help" "xtrail --help >/dev/null && xtraild --help >/dev/null"
check "man pages: xtrail(8) xtraild(8) xtraild.conf(5) xtrail-format(5)" \
	"for p in 8/xtrail 8/xtraild 5/xtraild.conf 5/xtrail-format; do [ -f /usr/share/man/man\${p%/*}/\${p#*/}.\${p%/*}.gz ] || exit 1; done"
check "detection rules: /usr/share/xtrail/rules, /etc/xtrail/rules, xtrail-detect(8), xtrail-rules(5), detect --list reads them" \
	"[ -d /etc/xtrail/rules ] && [ -f /usr/share/man/man8/xtrail-detect.8.gz ] && [ -f /usr/share/man/man5/xtrail-rules.5.gz ] && [ \"\$(xtrail detect --list | grep -c '  threat ')\" -eq \"\$(ls /usr/share/xtrail/rules/*.rule | wc -l)\" ] && xtrail detect --list | grep -q '^port-scan  threat 1'"
check "bash completion for xtrail" "[ -f /usr/share/bash-completion/completions/xtrail ]"
check "/etc/xtrail/xtraild.conf is a conffile" "dpkg-query -W -f='\${Conffiles}' xtrail-tools | grep -q /etc/xtrail/xtraild.conf"
check "modules-load.d loads xtrail_dom0" "grep -qx xtrail_dom0 /usr/lib/modules-load.d/xtrail.conf"
check "systemd-analyze verify xtraild.service" "systemd-analyze verify /lib/systemd/system/xtraild.service"
# expand_filter @GROUP|NAME...: the system calls the names stand for.
# shellcheck disable=SC2046 # a group's members, one word each
expand_filter() {
	local n
	for n in "$@"; do
		case $n in
		@*) expand_filter $(systemd-analyze syscall-filter "$n" | sed -n '2,$p' | sed 's/#.*//') ;;
		*) echo "$n" ;;
		esac
	done
}
# xtraild's system calls on a run (a new sealed log from an empty input)
# against the unit's SystemCallFilter= allow and deny lists.
syscalls_check() {
	local unit=$R/lib/systemd/system/xtraild.service t used allow deny s bad=
	t=$(chroot "$R" mktemp -d)
	in_root "xtrail keygen $t/k >/dev/null && : >$t/in && strace -f -qq -o $t/st xtraild -f -c /dev/null -d $t/in -o $t/log/f3.log --auditor-public-key $t/k/auditor.pub --seal-key $t/k/seal.key" ||
		return 1
	used=$(sed -E 's/^[0-9]+ +//; s/\(.*//' "$R$t/st" | grep -E '^[a-z_0-9]+$' | sort -u)
	# shellcheck disable=SC2046 # the unit's lists, one word each
	allow=$(expand_filter $(sed -n 's/^SystemCallFilter=\([^~].*\)/\1/p' "$unit") | sort -u)
	# shellcheck disable=SC2046
	deny=$(expand_filter $(sed -n 's/^SystemCallFilter=~\(.*\)/\1/p' "$unit") | sort -u)
	for s in $used; do
		grep -qx "$s" <<<"$allow" && ! grep -qx "$s" <<<"$deny" || bad+=" $s"
	done
	echo "xtraild used: $(tr '\n' ' ' <<<"$used")" >>"$LOG"
	[ -z "$bad" ] || { echo "     refused by the unit's filter:$bad"; return 1; }
}
if command -v strace >/dev/null; then
	if syscalls_check; then ok "xtraild's system calls all pass the unit's SystemCallFilter"; else bad "xtraild's system calls and the unit's SystemCallFilter"; fi
else
	bad "strace missing (scripts/deps.sh installs it)"
fi
check "xtraild.service enabled (multi-user.target wants it)" \
	"[ -L /etc/systemd/system/multi-user.target.wants/xtraild.service ]"

# -- the unit under a real systemd: the installed root booted in a container --
# (systemd-nspawn on an overlay of the root, so nothing of it stays). The
# driver below runs in it as the only unit asked for, writes KEY=VALUE lines
# to /var/tmp/xtrail-unit.log and powers the container off. xtraild reads a
# FIFO instead of /dev/xtrail (no module here): the rest of the unit's
# sandbox is the packaged one.
unit_in_container() {
	local C=$W/svc
	mkdir -p "$C" "$W/svc-upper" "$W/svc-work"
	mount -t overlay overlay -o "lowerdir=$R,upperdir=$W/svc-upper,workdir=$W/svc-work" "$C"
	rm -f "$C/etc/machine-id"
	mkdir -p "$C/etc/systemd/system/xtraild.service.d"
	cat >"$C/etc/systemd/system/xtraild.service.d/test.conf" <<'EOT'
[Service]
ExecStart=
ExecStart=/usr/sbin/xtraild --foreground --device /run/xtrail-test/fifo
Restart=no
EOT
	cat >"$C/usr/local/sbin/xtrail-unit-test" <<'EOT'
#!/bin/bash
exec >/var/tmp/xtrail-unit.log 2>&1
st() {
	local p v=
	for p in ActiveState Result ExecMainStatus ConditionResult; do
		v+="$(systemctl show -p "$p" --value xtraild) "
	done
	echo "$1 $v"
}
systemctl start xtraild
st unconfigured
xtrail keygen /root/k >/dev/null && install -m 600 /root/k/auditor.pub /root/k/seal.key /etc/xtrail/
mkdir -p /run/xtrail-test && mkfifo /run/xtrail-test/fifo
exec 3<>/run/xtrail-test/fifo
systemctl start xtraild
sleep 2
st started
systemctl stop xtraild
st stopped
echo "verify $(xtrail verify --seal-key /root/k/seal.key /var/log/xtrail/f3.log 2>&1 | head -n 1)"
echo "exposure $(systemd-analyze security xtraild | sed -n 's/.*Overall exposure level for xtraild.service: \([0-9.]*\).*/\1/p')"
journalctl -u xtraild --no-pager -o cat | sed 's/^/journal /'
EOT
	chmod 755 "$C/usr/local/sbin/xtrail-unit-test"
	cat >"$C/etc/systemd/system/xtrail-unit-test.service" <<'EOT'
[Unit]
DefaultDependencies=no
Wants=systemd-journald.socket
After=systemd-journald.socket local-fs.target
SuccessAction=poweroff-force
FailureAction=poweroff-force
[Service]
Type=oneshot
ExecStart=/usr/local/sbin/xtrail-unit-test
EOT
	timeout 120 systemd-nspawn -q -D "$C" -b --register=no --keep-unit --link-journal=no \
		--private-network -- systemd.unit=xtrail-unit-test.service >"$W/nspawn.log" 2>&1 || true
	cat "$C/var/tmp/xtrail-unit.log" >"$W/unit.log" 2>/dev/null || cat "$W/nspawn.log" >"$W/unit.log"
	cat "$W/unit.log" >>"$LOG"
	umount "$C"
}
unit_line() {
	sed -n "s/^$1 //p" "$W/unit.log" | head -n 1
}
if command -v systemd-nspawn >/dev/null; then
	unit_in_container
	if [ "$(unit_line unconfigured)" = "inactive success 0 no " ]; then
		ok "without /etc/xtrail/auditor.pub the service is skipped, not failed"
	else
		bad "unconfigured start: $(unit_line unconfigured)"
	fi
	if [ "$(unit_line started)" = "active success 0 yes " ]; then
		ok "xtraild runs under the packaged unit's sandbox (systemd in a container)"
	else
		bad "xtraild under the unit: $(unit_line started) (see $LOG)"
	fi
	if [ "$(unit_line stopped)" = "inactive success 0 yes " ]; then
		ok "systemctl stop: xtraild seals and exits 0 on SIGTERM"
	else
		bad "stop: $(unit_line stopped)"
	fi
	case $(unit_line verify) in
	*": OK: "*) ok "the log it wrote verifies: $(unit_line verify)" ;;
	*) bad "verify: $(unit_line verify)" ;;
	esac
	exp=$(unit_line exposure)
	if [ -n "$exp" ] && awk -v e="$exp" 'BEGIN { exit !(e <= 2.0) }'; then
		ok "systemd-analyze security: exposure $exp (at most 2.0)"
	else
		bad "systemd-analyze security: exposure '$exp'"
	fi
else
	bad "systemd-nspawn missing (scripts/deps.sh installs systemd-container)"
fi

# -- upgrade, with an operator's change to the conffile --
in_root "echo 'seal_every_seconds = 7 # local change' >>/etc/xtrail/xtraild.conf" || true
t0=$SECONDS
check "upgrade to $V2 (old DKMS version removed, new one built)" \
	"dpkg -i --force-confold /tmp/debs/xtrail-dkms_${V2}_all.deb /tmp/debs/xtrail-tools_${V2}_*.deb"
echo "     (upgrade took $((SECONDS - t0)) s)"
check "DKMS has only xtrail/$V2" \
	"dkms status xtrail/$V2 -k $krel | grep -q ': installed' && [ -z \"\$(dkms status xtrail/$V1)\" ] && [ ! -e /usr/src/xtrail-$V1 ]"
check "modules rebuilt by the upgrade" "ls $mods/xtrail_domu.ko* $mods/xtrail_dom0.ko* && [ -n \"\$(find $mods -name 'xtrail_*.ko*' -newer /tmp/debs/xtrail-dkms_${V2}_all.deb)\" ]"
check "the operator's change to xtraild.conf survived" "grep -q 'local change' /etc/xtrail/xtraild.conf"
check "dpkg: versions are $V2" \
	"[ \"\$(dpkg-query -W -f='\${Version} ' xtrail-dkms xtrail-tools)\" = '$V2 $V2 ' ]"

# -- remove, then purge --
check "remove both (modules removed by DKMS)" \
	"dpkg -r xtrail-tools xtrail-dkms && [ -z \"\$(dkms status xtrail)\" ] && ! ls $mods/xtrail_* 2>/dev/null && [ -f /etc/xtrail/xtraild.conf ]"
check "purge both" "dpkg -P xtrail-tools xtrail-dkms"
check "nothing left: /etc/xtrail, /usr/src/xtrail-*, /var/lib/dkms/xtrail, units, dpkg records" \
	"[ ! -e /etc/xtrail ] && ! ls -d /usr/src/xtrail-* 2>/dev/null && [ ! -e /var/lib/dkms/xtrail ] && [ ! -e /lib/systemd/system/xtraild.service ] && ! ls /etc/systemd/system/*/xtraild.service 2>/dev/null && ! dpkg-query -W xtrail-dkms xtrail-tools 2>/dev/null"
left=$(cd "$W/upper" && find . -path ./var/lib/dpkg -prune -o -path ./var/log -prune \
	-o -path ./var/cache -prune -o -path ./usr/sbin/policy-rc.d -prune \
	-o -iname '*xtrail*' -print)
if [ -z "$left" ]; then ok "no file named xtrail anywhere after the purge"; else bad "left after purge: $left"; fi

echo "deb: $pass passed, $failed failed (log: $LOG)"
[ "$failed" -eq 0 ]
