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
wait_until 150 grep -qx Connected /sys/bus/xen/devices/xtrail-0/state ||
	fail "not connected"
/bin/true connected-after-fault
