# SPDX-License-Identifier: GPL-2.0
#
# hostile-flood scenario, guest part. Both guests swap their module for the
# hostile one, then wait for dom0's signals (their filters, set with
# "xtrail config set", show in dmesg). guest1, the flooder, publishes
# records each after a skipped sequence number, one a millisecond (one
# SEQ_GAP record per record for dom0 to make), until dom0's second signal;
# then it disconnects and reconnects three times (a CONNECT and a
# DISCONNECT each). guest2, the victim, publishes a record of impossible
# length on dom0's signal: dom0 must log its VIOLATION and DISCONNECT
# whatever guest1 does.

connected() {
	grep -qx Connected /sys/bus/xen/devices/xtrail-0/state
}

signal() {
	dmesg | grep -q "config: ignoring 1 uids, 0 comms, 0 paths, $1 ports"
}

param=/sys/module/xtrail_hostile/parameters
wait_until 60 connected || fail "xtrail frontend did not connect"
xtrail_domu_unload
insmod /xtrail/xtrail_hostile.ko
wait_until 60 connected || fail "the hostile module did not connect"
as_user /bin/echo "$GUEST_NAME-before"
result "@@READY $GUEST_NAME"
wait_until 180 signal 0 || fail "no signal from dom0"
if [ "$GUEST_NAME" = guest1 ]; then
	echo 1000 >$param/flood_us
	echo 120000 >$param/flood_ms
	echo gapflood >$param/break
	result "@@FLOODING"
	wait_until 180 signal 1 || fail "no signal to stop from dom0"
	echo 0 >$param/flood_ms
	wait_until 60 sh -c 'dmesg | grep -q "gapflood: "' ||
		fail "the flood did not end"
	result "@@FLOOD-SENT $(cat $param/flood_sent)"
	for i in 1 2 3; do
		echo -n xtrail-0 >/sys/bus/xen/drivers/xtrail/unbind
		echo -n xtrail-0 >/sys/bus/xen/drivers/xtrail/bind
		wait_until 60 connected || fail "reconnect $i failed"
	done
	as_user /bin/echo flooder-after
else
	n=$(xtrail_connects)
	echo length >$param/break
	wait_disconnected 60 "$n" ||
		fail "dom0 did not disconnect the victim"
	result "@@VIOLATED"
fi
sleep 2
