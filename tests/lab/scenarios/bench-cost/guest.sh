# SPDX-License-Identifier: GPL-2.0
#
# bench-cost, guest part: small loops that make known records, timed with
# no logging (none), with xtrail's default event set (xtrail) and with
# xtrail without file events (nofile: file_events=0, no open or close
# records and no byte counting; the syscall-exit tracepoint stays, for the
# network and credential syscalls). Each logging block sits between two
# no-logging blocks of the same workload, as in bench-syscalls; the module
# is loaded for each logging block and says at unload how many records it
# generated (the unmeasured warm-up pass, a tenth of the loop, included).
#   getppid    a syscall nothing records: what every syscall pays
#   openclose  open() and close() of one file (xtload)
#   forkexit   fork(), the child exits at once (xtload)
#   exec       bash forks and execs /bin/true (workloads.sh's w_exec)

. /workloads.sh

ROUNDS=${BENCH_ROUNDS:-6}
GETPPID_N=20000
OPENCLOSE_N=20000
FORKEXIT_N=200
EXEC_N=200

w_getppid() { xtload getppid "$GETPPID_N" >/dev/null; }
w_openclose() { xtload openclose "$OPENCLOSE_N" /etc/passwd >/dev/null; }
w_forkexit() { xtload forkexit "$FORKEXIT_N" >/dev/null; }

connected() {
	grep -qx Connected /sys/bus/xen/devices/xtrail-0/state
}

# block WORKLOAD MODE [MODULE PARAMETERS...]
block() {
	local w=$1 mode=$2 us recs=0
	shift 2

	if [ "$mode" != none ]; then
		insmod /xtrail/xtrail_domu.ko "$@"
		wait_until 60 connected || fail "xtrail did not connect"
	fi
	# Unmeasured: the emulator retranslates the code a load patched.
	(
		GETPPID_N=$((GETPPID_N / 10)) OPENCLOSE_N=$((OPENCLOSE_N / 10))
		FORKEXIT_N=$((FORKEXIT_N / 10)) EXEC_N=$((EXEC_N / 10))
		"w_$w"
	)
	us=$(time_us "w_$w")
	if [ "$mode" != none ]; then
		xtrail_domu_unload
		recs=$(dmesg | sed -n 's/.*xtrail_domu: unloaded: \([0-9]*\) generated.*/\1/p' | tail -n 1)
	fi
	echo "@@COST round=$round workload=$w mode=$mode us=$us records=$recs"
}

wait_until 60 connected || fail "xtrail did not connect"
workloads_setup
xtrail_domu_unload
for w in getppid openclose forkexit exec; do
	round=0
	block "$w" none
	for ((round = 1; round <= ROUNDS; round++)); do
		block "$w" xtrail
		block "$w" none
		block "$w" nofile file_events=0
		block "$w" none
	done
done
workloads_teardown
