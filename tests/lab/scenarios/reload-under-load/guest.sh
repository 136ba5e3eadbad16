# SPDX-License-Identifier: GPL-2.0
#
# reload-under-load scenario, guest part. The guest module is swapped for
# the hostile one (the same module, plus a way to break the protocol on
# demand), whose producer runs an exec flood and an open/close flood on
# both vCPUs throughout. dom0 reloads its module RELOADS times, restarts
# xtraild twice, detaches and attaches us: we reconnect by ourselves each
# time. Then we publish a record only dom0 may make: dom0 disconnects us
# for the violation, our frontend reconnects by itself and logs on. Every
# reconnect in between must lose nothing silently (check.sh:
# check-accounting.sh).

. /scenario/lab.conf

connected() {
	grep -qx Connected /sys/bus/xen/devices/xtrail-0/state
}

connects() {
	dmesg | grep -c 'connected to domain'
}

wait_until 60 connected || fail "xtrail frontend did not connect"
xtrail_domu_unload
insmod /xtrail/xtrail_hostile.ko heartbeat_ms=500
wait_until 60 connected || fail "the hostile module did not connect"
base=$(connects)

# Run "$@" until /tmp/stop exists, FLOOD_PAUSE apart (read's timeout on a
# FIFO no one writes: no exec of its own).
flood() {
	local tick
	[ -z "$FLOOD_PAUSE" ] || exec 9<>/tmp/tick
	while [ ! -e /tmp/stop ]; do
		"$@"
		[ -z "$FLOOD_PAUSE" ] || read -r -t "$FLOOD_PAUSE" -u 9 tick || true
	done
}

open_close() {
	: >/tmp/flood
}

rm -f /tmp/stop
mkfifo /tmp/tick
flood /bin/true &
flood open_close &
echo "@@FLOOD-STARTED"

# dom0's reloads, then its detach and attach: one connect each.
want=$((base + RELOADS + 1))
wait_until 400 sh -c "[ \$(dmesg | grep -c 'connected to domain') -ge $want ]" ||
	fail "$(($(connects) - base)) reconnects, want $((RELOADS + 1))"
wait_until 30 connected || fail "not Connected after dom0's attach"
sleep 2

# The lie is dropped, and counted lost, when the ring is full: lie again,
# until dom0 has disconnected us for it. The frontend then starts over by
# itself (it recovers from a refused or broken connection, as netfront
# does), so the sign of the disconnect is the next "connected to domain".
n=$(connects)
lie() {
	connected && echo type >/sys/module/xtrail_hostile/parameters/break
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		sleep 0.5
		[ "$(connects)" -gt "$n" ] && return 0
	done
	return 1
}
wait_until 60 lie || fail "dom0 did not disconnect us for the violation"
wait_until 60 connected || fail "no reconnect after the violation"
sleep 3

touch /tmp/stop
wait
# Heartbeats (every 500 ms) cover the flood's end before we power off.
sleep 3
echo "@@GUEST-DONE $(($(connects) - base)) reconnects"
