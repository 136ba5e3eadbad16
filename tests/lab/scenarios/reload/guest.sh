# SPDX-License-Identifier: GPL-2.0
#
# reload scenario, guest part. Phase 1 logs with both modules loaded; dom0
# then reloads its module and we must reconnect by ourselves (phase 2);
# then we reload our own module (phase 3). Every phase's exec must reach F3.

. /scenario/lab.conf

reconnected() {
	[ "$(dmesg | grep -c 'xtrail.*connected to domain')" -ge 2 ]
}

wait_until 60 grep -qx Connected /sys/bus/xen/devices/xtrail-0/state ||
	fail "xtrail frontend did not connect"
as_user /bin/echo reload-phase1
echo "@@PHASE1-DONE"

wait_until 120 reconnected ||
	fail "no reconnect after dom0's module reload"
wait_until 30 grep -qx Connected /sys/bus/xen/devices/xtrail-0/state ||
	fail "not Connected after dom0's module reload"
as_user /bin/echo reload-phase2

xtrail_domu_unload
# shellcheck disable=SC2086 # the arguments, one word each
insmod /xtrail/xtrail_domu.ko $DOMU_KO_ARGS
wait_until 60 grep -qx Connected /sys/bus/xen/devices/xtrail-0/state ||
	fail "not Connected after our own reload"
as_user /bin/echo reload-phase3
echo "@@PHASE3-DONE"
# Give the backend time to take phase 3, and heartbeats to cover it,
# before the guest powers off.
sleep 2
