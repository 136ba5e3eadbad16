# SPDX-License-Identifier: GPL-2.0
#
# bench-syscalls, guest part: four syscall-heavy workloads timed with no
# logging, with xtrail (its default event set), and with Debian's auditd
# (rules for the same syscalls, records written by the real auditd), in
# two rounds of alternating modes so that drift in the emulated machine
# cancels out. Only the ratios mean anything under software emulation.

OPEN_N=${BENCH_OPEN_N:-2000}
EXEC_N=${BENCH_EXEC_N:-200}
COPY_N=${BENCH_COPY_N:-100}
CONNECT_N=${BENCH_CONNECT_N:-300}

connected() {
	grep -qx Connected /sys/bus/xen/devices/xtrail-0/state
}

# time_us CMD...: run, print elapsed microseconds.
time_us() {
	local t0=${EPOCHREALTIME/./}

	"$@"
	echo $((${EPOCHREALTIME/./} - t0))
}

w_open() {
	local i

	for ((i = 0; i < OPEN_N; i++)); do
		: </etc/passwd
	done
}

w_exec() {
	local i

	for ((i = 0; i < EXEC_N; i++)); do
		/bin/true
	done
}

w_copy() {
	local i

	for ((i = 0; i < COPY_N; i++)); do
		/bin/cp /tmp/bench-src /tmp/bench-dst
	done
}

# TCP connect (and close) to a listener inside the guest (xtload serve).
w_connect() {
	xtload connect 127.0.0.1 5557 "$CONNECT_N" >/dev/null
}

run_all() {
	local w

	for w in open exec copy connect; do
		echo "@@BENCH mode=$1 workload=$w us=$(time_us "w_$w")"
	done
}

mode_none() {
	run_all none
}

mode_xtrail() {
	insmod /xtrail/xtrail_domu.ko
	wait_until 60 connected || fail "xtrail did not connect"
	run_all xtrail
	xtrail_domu_unload
}

mode_auditd() {
	local pid

	auditd
	wait_until 10 sh -c 'auditctl -s | grep -q "pid [1-9]"' ||
		fail "auditd did not start"
	auditctl -a always,exit -F arch=b64 -S open,openat,close,execve,connect >/dev/null
	run_all auditd
	auditctl -D >/dev/null
	auditctl -e 0 >/dev/null
	pid=$(cat /var/run/auditd.pid)
	kill "$pid"
	wait_until 10 sh -c "[ ! -e /proc/$pid ]" || fail "auditd did not stop"
	echo "@@BENCH auditd-log-bytes=$(wc -c </var/log/audit/audit.log)"
}

dd if=/dev/urandom of=/tmp/bench-src bs=64k count=1 2>/dev/null
ip link set lo up
xtload serve 5557 &
server=$!
wait_until 10 sh -c 'cat /proc/net/tcp | grep -q ":15B5 "' ||
	fail "the TCP listener did not start"
wait_until 60 connected || fail "xtrail did not connect"
xtrail_domu_unload
for round in 1 2; do
	mode_none
	mode_xtrail
	mode_auditd
done
kill "$server"
