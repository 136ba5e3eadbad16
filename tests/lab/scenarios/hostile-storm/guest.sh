# SPDX-License-Identifier: GPL-2.0
#
# hostile-storm scenario, guest part: the hostile module notifies dom0's
# event channel in a tight loop for 5 s. The guest keeps logging honestly
# meanwhile and must stay connected.

connected() {
	grep -qx Connected /sys/bus/xen/devices/xtrail-0/state
}

wait_until 60 connected || fail "xtrail frontend did not connect"
xtrail_domu_unload
insmod /xtrail/xtrail_hostile.ko storm_ms=5000
wait_until 60 connected || fail "the hostile module did not connect"
as_user /bin/echo before-the-storm
echo storm >/sys/module/xtrail_hostile/parameters/break
result "STORM-STARTED"
sleep 1
as_user /bin/echo during-the-storm
wait_until 60 sh -c 'dmesg | grep -q "storm: .* notifications"' ||
	fail "the storm did not end"
result "@@STORM-SENT $(cat /sys/module/xtrail_hostile/parameters/storm_sent)"
connected || fail "dom0 disconnected the guest for a storm"
as_user /bin/echo after-the-storm
sleep 2
