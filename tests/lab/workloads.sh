# SPDX-License-Identifier: GPL-2.0
#
# The benchmark workloads, sourced by the guest parts of bench-syscalls and
# profile (installed as /workloads.sh in every guest image). Each w_NAME
# runs one syscall-heavy loop; the counts come from the environment.
# shellcheck shell=bash

OPEN_N=${BENCH_OPEN_N:-2000}
EXEC_N=${BENCH_EXEC_N:-200}
COPY_N=${BENCH_COPY_N:-100}
CONNECT_N=${BENCH_CONNECT_N:-1000}
WORKLOADS="open exec copy connect"

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

# The copy source and the TCP listener the workloads use.
workloads_setup() {
	dd if=/dev/urandom of=/tmp/bench-src bs=64k count=1 2>/dev/null
	ip link set lo up
	xtload serve 5557 &
	WORKLOADS_SERVER=$!
	wait_until 10 sh -c 'cat /proc/net/tcp | grep -q ":15B5 "' ||
		fail "the TCP listener did not start"
}

workloads_teardown() {
	kill "$WORKLOADS_SERVER"
}
