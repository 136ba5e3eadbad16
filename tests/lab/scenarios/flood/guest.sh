# SPDX-License-Identifier: GPL-2.0
#
# flood scenario, guest part: while dom0 has stopped taking records, an
# open/close flood overruns the ring, once with flood mode "drop" and once
# with "wait" (set by dom0 through xenstore: the guest has no say).

N=600

# Prints "us=TOTAL med=MEDIAN": the flood's time and its median open's,
# in microseconds (the median is a dropped record's when more than half
# were dropped: in wait mode, the time of one bounded wait).
flood() {
	local i t0 t1 start=${EPOCHREALTIME/./}
	local -a each=()

	for ((i = 0; i < N; i++)); do
		t0=${EPOCHREALTIME/./}
		: </etc/passwd
		t1=${EPOCHREALTIME/./}
		each+=($((t1 - t0)))
	done
	t1=${EPOCHREALTIME/./}
	echo "us=$((t1 - start)) med=$(printf '%s\n' "${each[@]}" | sort -n |
		sed -n "$((N / 2 + 1))p")"
}

config_is() {
	dmesg | grep -q "xtrail_domu: config: events 0x8, flood $1"
}

wait_until 60 grep -qx Connected /sys/bus/xen/devices/xtrail-0/state ||
	fail "xtrail frontend did not connect"
echo "@@FLOOD-READY"
wait_until 60 config_is "drop 0 us" || fail "config (drop) did not arrive"
echo "@@DROP $(flood)"
echo "@@DROP-DONE"
wait_until 60 config_is "wait 2000 us" || fail "config (wait) did not arrive"
# The marker between the floods (dom0 has drained the ring since the drop
# flood): a file nothing else opens. check.sh tells the floods' LOST
# records apart by its sequence number.
: </etc/mail.rc
echo "@@WAIT $(flood)"
echo "@@WAIT-DONE"
# dom0 resumes: heartbeats carry the LOST records and the counters out.
sleep 4
# The module's own count of its waits (printed at unload): how many, how
# long in all (its monotonic clock), the longest.
xtrail_domu_unload
echo "@@WAITS $(dmesg | grep -o 'xtrail_domu: flood waits: .*' | tail -n 1)"
