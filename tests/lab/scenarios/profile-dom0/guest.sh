# SPDX-License-Identifier: GPL-2.0
#
# profile-dom0, guest part: the bench-syscalls workloads, one block each
# with xtrail loaded, between the markers dom0 measures from and to. The
# idle before a block lets dom0 finish the records of the one before; the
# idle after it covers the time dom0 takes the block's last records (up to
# poll_ms + merge_window_ms + merge_batch_ms, 550 ms). Run by make bench;
# it is a tool, not a test.

. /workloads.sh

connected() {
	grep -qx Connected /sys/bus/xen/devices/xtrail-0/state
}

wait_until 60 connected || fail "xtrail did not connect"
workloads_setup
(
	OPEN_N=$((OPEN_N / 10)) EXEC_N=$((EXEC_N / 10))
	COPY_N=$((COPY_N / 10)) CONNECT_N=$((CONNECT_N / 10))
	for w in $WORKLOADS; do
		"w_$w"
	done
)
# dom0 without the guest's records, for comparison.
w_idle() {
	sleep 2
}

for w in $WORKLOADS idle; do
	sleep 3
	echo "@@START $w"
	sleep 4
	echo "@@BENCH workload=$w us=$(time_us "w_$w")"
	sleep 3
	echo "@@STOP $w"
done
workloads_teardown
# Connected while dom0 reads the last figures.
sleep 10
