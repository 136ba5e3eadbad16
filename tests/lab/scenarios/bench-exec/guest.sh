# SPDX-License-Identifier: GPL-2.0
#
# bench-exec, guest part: the same fork+exec loop timed with and without
# xtrail_domu loaded, alternating (with, without, with, without) so that
# drift in the emulated machine cancels out. Only ratios taken in one boot
# mean anything under software emulation.

N=${BENCH_N:-500}

connected() {
	grep -qx Connected /sys/bus/xen/devices/xtrail-0/state
}

# Run /bin/true N times; print the elapsed time in microseconds.
loop() {
	local i t0=${EPOCHREALTIME/./}

	for ((i = 0; i < N; i++)); do
		/bin/true bench
	done
	echo $((${EPOCHREALTIME/./} - t0))
}

wait_until 60 connected || fail "xtrail frontend did not connect"
with1=$(loop)
xtrail_domu_unload
without1=$(loop)
insmod /xtrail/xtrail_domu.ko
wait_until 60 connected || fail "xtrail frontend did not reconnect"
with2=$(loop)
xtrail_domu_unload
without2=$(loop)
echo "@@BENCH n=$N with_us=$((with1 + with2)) without_us=$((without1 + without2))"
