# SPDX-License-Identifier: GPL-2.0
#
# events scenario, guest part: a process tree whose every record is known
# in advance. As winai, sh forks a child (which exits 0), then exits 3; su
# changes credentials (setgid, setuid) to get there.

wait_until 60 grep -qx Connected /sys/bus/xen/devices/xtrail-0/state ||
	fail "xtrail frontend did not connect"
as_user /bin/sh -c '/bin/sleep 0.1 & echo "child=$!"; wait; exit 3' &&
	fail "sh did not exit 3"
echo "guest: events done"
# Two more heartbeats, then power off.
sleep 2.5
