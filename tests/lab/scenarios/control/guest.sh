# SPDX-License-Identifier: GPL-2.0
#
# control scenario, guest part: dom0 drives this guest with xtrail config
# set, pause and resume; the guest follows the settings it is sent (which
# also serve as dom0's signals) and prints a marker after each step.

N=600

# The latest settings the module applied carry event mask $1.
events_are() {
	dmesg | grep "xtrail_domu: config: events" | tail -n 1 |
		grep -q "events $1,"
}

wait_until 60 grep -qx Connected /sys/bus/xen/devices/xtrail-0/state ||
	fail "xtrail frontend did not connect"
echo "@@CTL-READY"

# exec is not recorded now
wait_until 60 events_are 0x7e || fail "events without exec did not arrive"
/bin/echo ctl-noexec &
noexec_pid=$!
wait "$noexec_pid"
echo "@@NOEXEC-PID $noexec_pid"
echo "@@NOEXEC-DONE"

# everything again, and a known number of execs
wait_until 60 events_are 0xff || fail "events=all did not arrive"
for ((i = 0; i < 20; i++)); do
	/bin/echo "ctl-exec-$i"
done
echo "@@EXECS-DONE"

# dom0 has paused this guest (its signal: every class but syscall): the
# ring fills and the rest is lost
wait_until 60 events_are 0x3f || fail "the pause signal did not arrive"
for ((i = 0; i < N; i++)); do
	: </etc/passwd
done
echo "@@FLOOD-DONE"

# resumed; the LOST records go out; the end is events=all again
wait_until 120 events_are 0xff || fail "the end signal did not arrive"
sleep 2
