# SPDX-License-Identifier: GPL-2.0
#
# faults scenario, guest part: every init step of xtrail_domu fails in turn
# and is undone; then the production module loads and connects once dom0's
# backend lets it (after dom0 refused it once on purpose).
. /fault-lib.sh
steps=$(fault_steps xtrail_domu /xtrail/fault/xtrail_domu.ko)
result "@@DOMU-STEPS $steps"
[ "${steps%% *}" -ge 15 ] || fail "only ${steps%% *} init steps failed"
echo "@@GUEST-FAULTS-DONE"
insmod /xtrail/xtrail_domu.ko || fail "the production module does not load"
# dom0 refuses us (we let our rings go), then, the fault cleared, keeps us.
closed() {
	dmesg | grep -c 'backend closed, ring released'
}
refused() {
	[ "$(closed)" -ge 1 ]
}
stays_connected() {
	local n
	n=$(closed)
	connected && sleep 3 && connected && [ "$(closed)" -eq "$n" ]
}
connected() {
	grep -qx Connected /sys/bus/xen/devices/xtrail-0/state
}
wait_until 150 refused || fail "dom0 never refused us"
wait_until 150 stays_connected || fail "not connected once dom0's fault was cleared"
/bin/true connected-after-fault
