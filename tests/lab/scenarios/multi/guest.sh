# SPDX-License-Identifier: GPL-2.0
#
# multi scenario, guest part (each of guest1..guest3): the spam case study
# with the guest's own subject, spam-$GUEST_NAME; then, once dom0 has set
# this guest's filter with "xtrail config set" (guest2: ignore uid 1000;
# the others: uid 4242), an exec as uid 1000 and one as root; then it stays
# connected until dom0 has taken "xtrail status" (dom0 then adds an ignored
# port, the signal to go on).

configured() {
	dmesg | grep -q "xtrail_domu: config: ignoring $1"
}

wait_until 60 grep -qx Connected /sys/bus/xen/devices/xtrail-0/state ||
	fail "xtrail frontend did not connect"
echo "guest $GUEST_NAME: xtrail connected"
echo "@@MEM $GUEST_NAME $(awk '/^(MemTotal|MemAvailable):/ { printf "%s=%s ", $1, $2 }' /proc/meminfo)"
as_user mail -s "spam-$GUEST_NAME" winai.wongthai@ncl.ac.uk <<'MSG'
Cheap pills, act now.
MSG
echo "@@SPAM-DONE $GUEST_NAME"
wait_until 180 configured "1 uids, 0 comms, 0 paths, 0 ports" ||
	fail "the filter did not arrive"
as_user /bin/true "after-filter-$GUEST_NAME"
/bin/true "root-after-filter-$GUEST_NAME"
echo "@@FILTER-DONE $GUEST_NAME"
wait_until 180 configured "1 uids, 0 comms, 0 paths, 1 ports" ||
	fail "dom0 did not say it had taken the status"
# Heartbeats carry the counters of the ring out.
sleep 2.5
