# SPDX-License-Identifier: GPL-2.0
#
# detach scenario, guest part: log, see dom0's xtrail detach close and
# remove our device (the frontend reaches Closed, then goes away), and
# connect again once dom0 attaches us again.
dev=/sys/bus/xen/devices/xtrail-0
connected() {
	grep -qx Connected "$dev/state" 2>/dev/null
}
gone() {
	[ ! -e "$dev" ]
}
wait_until 60 connected || fail "xtrail frontend did not connect"
/bin/true before-detach
echo "@@GUEST-LOGGED"
wait_until 60 gone || fail "the device is still here after the detach: $(cat $dev/state)"
echo "@@GUEST-DETACHED"
/bin/true while-detached
wait_until 60 connected || fail "not connected again after the attach"
/bin/true after-attach
