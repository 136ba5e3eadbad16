# SPDX-License-Identifier: GPL-2.0
#
# roads, guest part (issue 20, item 4): the evasion suite (xtevade: each
# file, network and exec operation by every road it has) run once as winai
# with xtrail loaded and Debian's auditd running beside it, with the rules
# a careful administrator writes for the same operations: the syscalls by
# name for both ABIs (arch=b64 and arch=b32, socketcall included), and
# io_uring's operations on the kernel's io_uring filter (Linux 5.16+) if
# this auditctl takes the rule (Debian 12's 3.0.9 knows no io_uring list:
# the table says whether it was taken). Then
# auditd's log goes to the host (RUNDIR/audit.log), for its table of which
# recorder saw which road (check.sh).

wait_until 60 grep -qx Connected /sys/bus/xen/devices/xtrail-0/state ||
	fail "xtrail frontend did not connect"
# xtevade's UDP connects go to 127.0.0.1.
ip link set lo up
# Debian's auditd.conf suspends logging below 50 MB of free disk (the
# guest's root is in its RAM): keep its actions, lower the thresholds.
sed -i -e 's/^space_left = .*/space_left = 2/' \
	-e 's/^admin_space_left = .*/admin_space_left = 1/' /etc/audit/auditd.conf
auditd
wait_until 10 sh -c 'auditctl -s | grep -q "pid [1-9]"' ||
	fail "auditd did not start"
auditctl -a always,exit -F arch=b64 \
	-S open,openat,unlink,unlinkat,connect,execve,execveat >/dev/null ||
	fail "auditctl refused the 64-bit rule"
auditctl -a always,exit -F arch=b32 \
	-S open,openat,unlink,unlinkat,connect,socketcall,execve,execveat \
	>/dev/null || fail "auditctl refused the 32-bit rule"
if auditctl -a always,io_uring -U openat -U unlinkat -U connect \
	>/dev/null 2>&1; then
	echo "@@AUDIT-URING-RULE yes"
else
	echo "@@AUDIT-URING-RULE no"
fi
auditctl -l | sed 's/^/@@AUDIT-RULE /'
as_user xtevade || fail "xtevade failed"
auditctl -D >/dev/null
auditctl -e 0 >/dev/null
pid=$(cat /var/run/auditd.pid)
kill "$pid"
wait_until 10 sh -c "[ ! -e /proc/$pid ]" || fail "auditd did not stop"
cat /var/log/audit/audit.log* >/tmp/audit.log
ship_text /tmp/audit.log audit

# What the digests cost an exec loop (a figure; the scenario runs under
# -icount, so times are instruction counts, dom0's included): bash runs
# /bin/true EXEC_N times with no module, with xtrail (digest=0) and with
# xtrail and digests (digest=1: /bin/true's ctime is old, so after the
# first exec each is a cache hit, one lookup and one more record). Each
# logging block sits between two no-logging blocks, as in bench-syscalls;
# auditd has run, so every process here has an audit context (all modes
# alike).
. /workloads.sh
cost_block() {
	local mode=$1 us recs=0
	shift

	if [ "$mode" != none ]; then
		insmod /xtrail/xtrail_domu.ko "$@"
		wait_until 60 grep -qx Connected \
			/sys/bus/xen/devices/xtrail-0/state ||
			fail "xtrail did not connect"
	fi
	# Unmeasured: the emulator retranslates the code a load patched, and
	# (digest=1) /bin/true is hashed once, in the second after: what is
	# measured is an exec loop of a program the guest has hashed before.
	(EXEC_N=$((EXEC_N / 10)) w_exec)
	sleep 1
	us=$(time_us w_exec)
	if [ "$mode" != none ]; then
		xtrail_domu_unload
		recs=$(dmesg | sed -n 's/.*xtrail_domu: unloaded: \([0-9]*\) generated.*/\1/p' |
			tail -n 1)
	fi
	echo "@@COST round=$round mode=$mode us=$us records=$recs"
}
xtrail_domu_unload
round=0
cost_block none
for ((round = 1; round <= ${BENCH_ROUNDS:-4}; round++)); do
	cost_block xtrail digest=0
	cost_block none
	cost_block digest digest=1
	cost_block none
done
echo "guest: roads done"
