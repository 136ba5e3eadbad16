# SPDX-License-Identifier: GPL-2.0
#
# hostile-flood scenario, guest part. Both guests swap their module for the
# hostile one. guest1, the flooder, publishes records each after a skipped
# sequence number for 20 s (one SEQ_GAP record per record for dom0 to
# make), then disconnects and reconnects three times (a CONNECT and a
# DISCONNECT each). guest2, the victim, logs, waits for dom0's signal
# (its filter set to ignore uid 4242: dom0 has stopped xtraild, so that
# guest1's quota is full), then publishes a record of impossible length:
# dom0 must log its VIOLATION and DISCONNECT whatever guest1 does.

connected() {
	grep -qx Connected /sys/bus/xen/devices/xtrail-0/state
}

param=/sys/module/xtrail_hostile/parameters
wait_until 60 connected || fail "xtrail frontend did not connect"
xtrail_domu_unload
insmod /xtrail/xtrail_hostile.ko
wait_until 60 connected || fail "the hostile module did not connect"
if [ "$GUEST_NAME" = guest1 ]; then
	as_user /bin/echo flooder-before
	echo 20000 >$param/flood_ms
	echo gapflood >$param/break
	result "@@FLOODING"
	wait_until 90 sh -c 'dmesg | grep -q "gapflood: "' ||
		fail "the flood did not end"
	result "@@FLOOD-SENT $(cat $param/flood_sent)"
	for i in 1 2 3; do
		echo -n xtrail-0 >/sys/bus/xen/drivers/xtrail/unbind
		echo -n xtrail-0 >/sys/bus/xen/drivers/xtrail/bind
		wait_until 60 connected || fail "reconnect $i failed"
	done
	as_user /bin/echo flooder-after
else
	as_user /bin/echo victim-before
	wait_until 120 sh -c 'dmesg | grep -q "config: ignoring 1 uids"' ||
		fail "no signal from dom0"
	echo length >$param/break
	wait_until 60 sh -c '! grep -qx Connected /sys/bus/xen/devices/xtrail-0/state' ||
		fail "dom0 did not disconnect the victim"
	result "@@VIOLATED"
fi
sleep 2
