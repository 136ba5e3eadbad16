# SPDX-License-Identifier: GPL-2.0
#
# hostile-storm scenario, dom0 part: during the storm dom0 runs commands
# (logged as its own), and reads the backend's event counters.

# dom0's uptime in ms (busybox date has no %N).
uptime_ms() {
	local up
	read -r up _ </proc/uptime
	echo $((${up%.*} * 1000 + 10#${up#*.} * 10))
}

be=/sys/bus/xen-backend/devices/xtrail-$DOMID-0
[ -r "$be/events" ] || fail "no event counters in $be"
# 11 commands (logged as dom0's own), timed: before and during the storm.
dom0_cmds() {
	local start i

	start=$(uptime_ms)
	for i in 1 2 3 4 5 6 7 8 9 10; do
		/bin/true "$i"
	done
	bash -c "exec /bin/echo $1" >/dev/null
	echo $(($(uptime_ms) - start))
}
result "@@DOM0-11-EXECS-MS-BEFORE $(dom0_cmds dom0-before-the-storm)"
wait_console 'STORM-STARTED' 180 || fail "the storm never started"
result "@@DOM0-11-EXECS-MS $(dom0_cmds dom0-during-the-storm)"
wait_console '@@STORM-SENT' 120 || fail "the storm did not end"
sleep 1
result "@@EVENTS $(cat "$be/events")"
result "@@SPURIOUS $(cat "$be/spurious_events")"
guest_must_pass 180
sleep 1
xtraild_stop
result "@@DOMID $DOMID"
