# SPDX-License-Identifier: GPL-2.0
#
# bench-guests, guest part (each of three guests): an open/close flood of
# FLOOD_SECONDS, as fast as bash goes, one file record per open.

FLOOD_SECONDS=30
wait_until 60 grep -qx Connected /sys/bus/xen/devices/xtrail-0/state ||
	fail "xtrail frontend did not connect"
echo "@@FLOOD-START $GUEST_NAME"
end=$((SECONDS + FLOOD_SECONDS))
n=0
while [ "$SECONDS" -lt "$end" ]; do
	for i in {1..100}; do
		: </etc/passwd
	done
	n=$((n + 100))
done
echo "@@FLOOD-DONE $GUEST_NAME n=$n"
# Heartbeats carry the ring's counters out.
sleep 2.5
