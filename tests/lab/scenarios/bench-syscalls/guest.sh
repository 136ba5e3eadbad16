# SPDX-License-Identifier: GPL-2.0
#
# bench-syscalls, guest part: four syscall-heavy workloads (workloads.sh)
# timed with no logging, with xtrail (its default event set), and with
# Debian's auditd (rules for the same syscalls, records written by the real
# auditd). The scenario runs under QEMU's -icount (with-icount): time is the
# count of instructions the machine executed, so the host's load does not
# show, but the same block still varies by a few percent from one run to
# the next (the guest's state: caches, allocators, timer ticks). Every
# measured block of a logging mode is therefore sandwiched between two
# blocks with no logging (none xtrail none xtrail ... none auditd none) and
# compared with their mean. BENCH_ROUNDS xtrail blocks, then
# BENCH_AUDIT_ROUNDS auditd blocks (auditd's open loop alone takes ~2 s of
# the machine's time). Only ratios mean anything under software emulation.

. /workloads.sh

ROUNDS=${BENCH_ROUNDS:-12}
AUDIT_ROUNDS=${BENCH_AUDIT_ROUNDS:-2}

connected() {
	grep -qx Connected /sys/bus/xen/devices/xtrail-0/state
}

# BENCH_SETTLE seconds of idle before each measured block, so that dom0's
# work on the records of the block before (up to poll_ms + merge_window_ms
# + merge_batch_ms after them) is not done in this block's time.
settle() {
	[ "${BENCH_SETTLE:-0}" = 0 ] || sleep "$BENCH_SETTLE"
}

# A short unmeasured pass of every workload first: loading a module or
# starting auditd patches kernel text (tracepoints, kprobes), and the
# emulator retranslates what was patched on its next run. That one-off cost
# is not the mode's overhead.
run_all() {
	local w

	(
		OPEN_N=$((OPEN_N / 10)) EXEC_N=$((EXEC_N / 10))
		COPY_N=$((COPY_N / 10)) CONNECT_N=$((CONNECT_N / 10))
		for w in $WORKLOADS; do
			"w_$w"
		done
	)
	for w in $WORKLOADS; do
		settle
		echo "@@BENCH round=$round mode=$1 workload=$w us=$(time_us "w_$w")"
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
	# The guest's own count of the mode's records (warm-up included): under
	# -icount dom0 runs only between the guest's time slices, and a burst
	# can fill the ring before it does (with dom0 paused, all but the first
	# ring's worth are lost by design).
	echo "@@BENCH round=$round xtrail-records $(dmesg | sed -n \
		's/.*xtrail_domu: unloaded: \([0-9]*\) generated, \([0-9]*\) written, \([0-9]*\) lost.*/generated=\1 written=\2 lost=\3/p' |
		tail -n 1)"
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
	# What auditd wrote: the comparison holds only if it wrote records.
	echo "@@BENCH round=$round auditd-log-bytes=$(cat /var/log/audit/audit.log* | wc -c)" \
		"auditd-syscall-records=$(cat /var/log/audit/audit.log* | grep -c 'type=SYSCALL')"
	rm -f /var/log/audit/audit.log*
}

# Debian's auditd.conf suspends logging below 50 MB of free disk (the
# guest's root is in its RAM): keep its actions, lower the thresholds.
sed -i -e 's/^space_left = .*/space_left = 2/' \
	-e 's/^admin_space_left = .*/admin_space_left = 1/' /etc/audit/auditd.conf
workloads_setup
wait_until 60 connected || fail "xtrail did not connect"
xtrail_domu_unload
# The block sequence: none, then each logging block followed by a none;
# the xtrail blocks first. Once auditd has run, every new process has an
# audit context and its syscalls take the slow path even with auditing off,
# so no-logging blocks after it are slower than before (auditd's own ratio
# comes out lower for it, xtrail's would too).
blocks=()
for ((i = 0; i < ROUNDS; i++)); do
	blocks+=(xtrail)
done
for ((i = 0; i < AUDIT_ROUNDS; i++)); do
	blocks+=(auditd)
done
round=0
mode_none
for b in "${blocks[@]}"; do
	round=$((round + 1))
	"mode_$b"
	mode_none
done
workloads_teardown
