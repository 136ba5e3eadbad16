# SPDX-License-Identifier: GPL-2.0
#
# hostile scenario, guest part: the guest lies. Its module is swapped for
# the hostile one, which logs honestly for a while, skips sequence numbers,
# silences its heartbeats (dom0 logs evidence and keeps it connected), and
# then publishes a record of impossible length. dom0 must disconnect it and carry on: the
# honest module, loaded again, must connect and log once more. Then the liar
# comes back and publishes a well-formed FLOW record (a type only dom0 makes:
# a guest that would put a connection on dom0's own record): again a
# violation, a disconnect, and the honest module logging after it.

connected() {
	grep -qx Connected /sys/bus/xen/devices/xtrail-0/state
}

wait_until 60 connected || fail "xtrail frontend did not connect"
as_user /bin/echo before-the-lie
xtrail_domu_unload
insmod /xtrail/xtrail_hostile.ko heartbeat_ms=500
wait_until 60 connected || fail "the hostile module did not connect"
as_user /bin/echo from-the-liar
# Evidence, not violations: ring 0 skips 5 sequence numbers (the next
# heartbeat shows it), then the heartbeats stop for 5 s (dom0 expects one
# every 5 x 500 ms) and come back.
echo gap >/sys/module/xtrail_hostile/parameters/break
sleep 1
echo silence >/sys/module/xtrail_hostile/parameters/break
sleep 5
echo heartbeat >/sys/module/xtrail_hostile/parameters/break
sleep 1
grep -qx Connected /sys/bus/xen/devices/xtrail-0/state ||
	fail "dom0 disconnected the guest for evidence"
as_user /bin/echo after-the-evidence
n=$(xtrail_connects)
echo length >/sys/module/xtrail_hostile/parameters/break
wait_disconnected 60 "$n" ||
	fail "dom0 did not disconnect the liar"
echo -n xtrail-0 >/sys/bus/xen/drivers/xtrail/unbind
rmmod xtrail_hostile
insmod /xtrail/xtrail_domu.ko
wait_until 60 connected || fail "the honest module did not reconnect"
as_user /bin/echo after-the-lie
sleep 2
# A FLOW record from the guest.
xtrail_domu_unload
insmod /xtrail/xtrail_hostile.ko heartbeat_ms=500
wait_until 60 connected || fail "the hostile module did not connect again"
n=$(xtrail_connects)
echo flow >/sys/module/xtrail_hostile/parameters/break
wait_disconnected 60 "$n" ||
	fail "dom0 did not disconnect the guest that wrote a FLOW record"
echo -n xtrail-0 >/sys/bus/xen/drivers/xtrail/unbind
rmmod xtrail_hostile
insmod /xtrail/xtrail_domu.ko
wait_until 60 connected || fail "the honest module did not reconnect after the FLOW"
as_user /bin/echo after-the-flow
sleep 2
