# SPDX-License-Identifier: GPL-2.0
#
# hostile-race scenario, guest part: the hostile module publishes valid
# FORK records in ring 0 and flips each one's padding between zero and
# non-zero after publishing it, racing dom0's copy, until dom0 catches one.
# Then the honest module must connect and log again.

connected() {
	grep -qx Connected /sys/bus/xen/devices/xtrail-0/state
}

wait_until 60 connected || fail "xtrail frontend did not connect"
xtrail_domu_unload
insmod /xtrail/xtrail_hostile.ko
wait_until 60 connected || fail "the hostile module did not connect"
as_user /bin/echo before-the-race
n=$(xtrail_connects)
echo race >/sys/module/xtrail_hostile/parameters/break
wait_disconnected 60 "$n" ||
	fail "dom0 never caught a rewritten record"
wait_until 60 sh -c 'dmesg | grep -q "race: .* caught by dom0"' ||
	fail "the race did not end"
result "@@RACE-ROUNDS $(cat /sys/module/xtrail_hostile/parameters/race_rounds)"
echo -n xtrail-0 >/sys/bus/xen/drivers/xtrail/unbind
rmmod xtrail_hostile
insmod /xtrail/xtrail_domu.ko
wait_until 60 connected || fail "the honest module did not reconnect"
as_user /bin/echo after-the-race
sleep 2
