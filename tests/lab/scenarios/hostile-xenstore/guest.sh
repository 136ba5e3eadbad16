# SPDX-License-Identifier: GPL-2.0
#
# hostile-xenstore scenario, guest part. guest1 unloads xtrail_domu and
# waits while dom0 writes absurd values into its frontend directory; at
# dom0's signal (a sysrq 'h' from "xl sysrq": "sysrq: HELP" in dmesg) it
# loads the module again, which must connect by itself. guest2 runs an
# exec a tenth of a second until its signal.

signalled() {
	dmesg | grep -q "sysrq: HELP"
}

wait_until 60 grep -qx Connected /sys/bus/xen/devices/xtrail-0/state ||
	fail "xtrail frontend did not connect"
if [ "$GUEST_NAME" = guest1 ]; then
	xtrail_domu_unload
	echo "@@UNLOADED $GUEST_NAME"
	wait_until 300 signalled || fail "no signal from dom0"
	insmod /xtrail/xtrail_domu.ko heartbeat_ms=1000
	wait_until 60 grep -qx Connected /sys/bus/xen/devices/xtrail-0/state ||
		fail "the honest module did not connect by itself"
	echo "@@RECONNECTED $GUEST_NAME"
	/bin/true "honest-after-hostile"
else
	i=0
	until signalled; do
		/bin/true "guest2-tick-$i"
		i=$((i + 1))
		sleep 0.1
	done
	echo "@@TICKS $GUEST_NAME $i"
fi
# Heartbeats carry the counters of the ring out.
sleep 2.5
