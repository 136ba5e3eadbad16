# SPDX-License-Identifier: GPL-2.0
#
# multi scenario, guest part (each of guest1..guest3): the spam case study
# with the guest's own subject, spam-$GUEST_NAME.

wait_until 60 grep -qx Connected /sys/bus/xen/devices/xtrail-0/state ||
	fail "xtrail frontend did not connect"
echo "guest $GUEST_NAME: xtrail connected"
echo "@@MEM $GUEST_NAME $(awk '/^(MemTotal|MemAvailable):/ { printf "%s=%s ", $1, $2 }' /proc/meminfo)"
as_user mail -s "spam-$GUEST_NAME" winai.wongthai@ncl.ac.uk <<'MSG'
Cheap pills, act now.
MSG
# Heartbeats carry the counters of the ring out.
sleep 2.5
