# SPDX-License-Identifier: GPL-2.0
#
# million scenario, guest part: FLOOD_N open/close pairs by one C program
# (xtload) while dom0 takes nothing: the ring fills at once and nearly
# every record is dropped, counted, and reported in LOST records.

# lab.conf is not in the environment of this script: FLOOD_N is there.
. /scenario/lab.conf
wait_until 60 grep -qx Connected /sys/bus/xen/devices/xtrail-0/state ||
	fail "xtrail frontend did not connect"
echo "@@MILLION-READY"
wait_until 60 sh -c 'dmesg | grep -q "xtrail_domu: config: events 0x8, flood drop"' ||
	fail "config (events=file) did not arrive"
us=$(xtload openclose "$FLOOD_N" /etc/passwd) || fail "xtload failed"
echo "@@MILLION n=$FLOOD_N us=$us"
echo "@@MILLION-DONE"
# dom0 resumes: heartbeats carry the LOST records and the counters out.
sleep 4
