# SPDX-License-Identifier: GPL-2.0
#
# vm-reuse scenario, guest part. In the first VM ("guest"): root tries to
# write what names the VM (its name and vm keys, a NIC's MAC and IP in
# dom0's backend tree) and a key of its own (data/, which it may write:
# the tools do work), each attempt's status on the console (@@XSWRITE);
# logs, waits for dom0 to rename it (sysrq 'h' from "xl sysrq": "sysrq:
# HELP" in dmesg), logs again and ends. In the second VM ("reborn", the
# same domid): logs once.
connected() {
	grep -qx Connected /sys/bus/xen/devices/xtrail-0/state
}
wait_until 60 connected || fail "xtrail frontend did not connect"
if [ "$GUEST_NAME" = reborn ]; then
	/bin/true vm-reborn
	exit 0
fi
d=$(xenstore-read domid) || fail "cannot read my domid"
try() {
	local what=$1 key=$2 value=$3 rc=0 out
	out=$(xenstore-write "$key" "$value" 2>&1) || rc=$?
	echo "@@XSWRITE $what rc=$rc $(echo "$out" | tr '\n' ' ')"
}
try data "/local/domain/$d/data/lab" yes
try name "/local/domain/$d/name" evil
try vm "/local/domain/$d/vm" /vm/00000000-0000-0000-0000-000000000000
try mac "/local/domain/0/backend/vif/$d/0/mac" 00:16:3e:00:00:01
try ip "/local/domain/0/backend/vif/$d/0/ip" 192.0.2.66
echo "@@NAME-NOW $(xenstore-read "/local/domain/$d/name")"
/bin/true vm-guest
echo "@@GUEST-LOGGED"
signalled() {
	dmesg | grep -q "sysrq: HELP"
}
wait_until 120 signalled || fail "no signal from dom0"
/bin/true after-rename
