# SPDX-License-Identifier: GPL-2.0
#
# bench-syscalls, guest part: four syscall-heavy workloads (workloads.sh)
# timed with no logging, with xtrail (its default event set), with the
# kernel tracers built for speed, LTTng and sysdig (Falco's driver), and
# with Debian's auditd (each of the three with rules for the same syscalls,
# recording to a file in the guest). The scenario runs under QEMU's -icount (with-icount): time is the
# count of instructions the machine executed, so the host's load does not
# show, but the same block still varies by a few percent from one run to
# the next (the guest's state: caches, allocators, timer ticks). Every
# measured block of a logging mode is therefore sandwiched between two
# blocks with no logging (none xtrail none lttng none sysdig ... none auditd
# none) and compared with their mean. BENCH_ROUNDS xtrail blocks, with
# BENCH_PEER_ROUNDS LTTng and sysdig blocks among the first of them, then
# BENCH_AUDIT_ROUNDS auditd blocks (auditd's open loop alone takes ~2 s of
# the machine's time). Only ratios mean anything under software emulation.

. /workloads.sh

ROUNDS=${BENCH_ROUNDS:-12}
AUDIT_ROUNDS=${BENCH_AUDIT_ROUNDS:-2}
PEER_ROUNDS=${BENCH_PEER_ROUNDS:-4}
# What the peers record: the syscalls xtrail records by default (exec,
# open, close, connect and accept, the credential and module syscalls) and
# the process events (LTTng's sched_process_*, sysdig's clone/fork/procexit).
PEER_SYSCALLS=execve,open,openat,close,connect,accept,accept4,setuid,setgid,setreuid,setregid,setresuid,setresgid,setfsuid,setfsgid,capset,ptrace,init_module,finit_module,delete_module
# Each peer's check (check.sh): the events of the workloads it must hold,
# per block, warm-up pass (a tenth) included: an openat of /etc/passwd per
# open iteration, an execve of /bin/true per exec iteration, a connect of
# xtload per connect iteration.
PEER_EXPECT="open=$((OPEN_N + OPEN_N / 10)) exec=$((EXEC_N + EXEC_N / 10)) connect=$((CONNECT_N + CONNECT_N / 10))"

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

# LTTng: the session daemon (it loads the kernel tracer's modules itself,
# through libkmod and the image's depmod index: only the sched probe is
# asked for, the syscall events are in lttng-tracer), a kernel session
# writing to /tmp/lttng (the default channel: discard mode, per-CPU
# buffers), started, the workloads, stopped. Its daemon needs /dev/shm
# (shm_open for its user-space side, even for a kernel-only session),
# /run/lttng (its sockets; /var/run is /run in the image) and its session
# schema (build.sh: it stops without it); HOME=/root, or its clients look
# for one in /etc/passwd.
mode_lttng() {
	local out=/tmp/lttng d

	mkdir -p /dev/shm /run/lttng
	grep -q ' /dev/shm ' /proc/mounts || mount -t tmpfs tmpfs /dev/shm
	HOME=/root lttng-sessiond --background --kmod-probes=sched \
		>/tmp/lttng-sessiond.log 2>&1 || {
		cat /tmp/lttng-sessiond.log
		fail "lttng-sessiond did not start"
	}
	{
		HOME=/root lttng create bench --output="$out" &&
			HOME=/root lttng enable-event --kernel --syscall "$PEER_SYSCALLS" &&
			HOME=/root lttng enable-event --kernel \
				sched_process_exec,sched_process_fork,sched_process_exit &&
			HOME=/root lttng start
	} >/tmp/lttng-setup.log 2>&1 || {
		cat /tmp/lttng-setup.log /tmp/lttng-sessiond.log
		fail "the LTTng session did not start"
	}
	run_all lttng
	HOME=/root lttng stop >/tmp/lttng-stop.log 2>&1 || {
		cat /tmp/lttng-stop.log
		fail "lttng stop failed"
	}
	# The tracer's own loss counters, per channel.
	d=$(HOME=/root lttng list bench | awk '/Discarded events:/ { d += $NF }
		/Lost packets:/ { l += $NF } END { printf "discarded=%d lost-packets=%d", d, l }')
	HOME=/root lttng destroy bench >/dev/null
	# shellcheck disable=SC2046 # (one pid or more: the daemon and its child)
	kill $(pidof lttng-sessiond)
	wait_until 20 sh -c '! pidof lttng-sessiond >/dev/null' || fail "lttng-sessiond did not stop"
	# The daemon unloads the modules it loaded; a left one would keep
	# its hooks in the none blocks after.
	! grep -q '^lttng' /proc/modules || fail "LTTng modules left loaded: $(grep -o '^lttng[^ ]*' /proc/modules | tr '\n' ' ')"
	echo "@@BENCH round=$round lttng-loss $d"
	echo "@@BENCH round=$round lttng-events bytes=$(du -sk "$out" | cut -f1)k $PEER_EXPECT" \
		"$(babeltrace2 "$out" | awk '
			/syscall_entry_openat:.* filename = "\/etc\/passwd"/ { o++ }
			/syscall_entry_execve:.* filename = "\/bin\/true"/ { e++ }
			/syscall_entry_connect:/ { c++ }
			/sched_process_exec:/ { x++ }
			END { printf "got-open=%d got-exec=%d got-connect=%d got-sched-exec=%d", o, e, c, x }')"
	rm -rf "$out"
}

# sysdig: Falco's driver (scap.ko, loaded here; sysdig would modprobe it),
# sysdig writing what the filter keeps to /tmp/sysdig.scap until SIGTERM;
# -v prints the driver's event and drop counters at the end.
mode_sysdig() {
	local cap=/tmp/sysdig.scap pid

	insmod "/lib/modules/$(uname -r)/extra/scap.ko" || fail "insmod scap.ko failed"
	sysdig -v -w "$cap" "evt.type in (${PEER_SYSCALLS},clone,clone3,fork,vfork,procexit)" \
		>/tmp/sysdig.log 2>&1 &
	pid=$!
	# The capture has begun once sysdig holds the driver's device open
	# (the driver buffers the events until sysdig reads them).
	wait_until 60 sh -c "ls -l /proc/$pid/fd | grep -q /dev/scap0" || {
		cat /tmp/sysdig.log
		fail "sysdig did not start"
	}
	run_all sysdig
	kill -TERM "$pid"
	wait "$pid" || {
		cat /tmp/sysdig.log
		fail "sysdig failed"
	}
	rmmod scap
	echo "@@BENCH round=$round sysdig-loss $(awk -F: '
		/^Driver Events:/ { e = $2 } /^Driver Drops:/ { d = $2 }
		END { printf "driver-events=%s drops=%s", e, d }' /tmp/sysdig.log)"
	echo "@@BENCH round=$round sysdig-events bytes=$(du -k "$cap" | cut -f1)k $PEER_EXPECT" \
		"$(sysdig -r "$cap" -p '%evt.type %evt.dir %proc.name %fd.name %evt.args' | awk '
			$1 == "openat" && $2 == "<" && $4 == "/etc/passwd" { o++ }
			$1 == "execve" && $2 == "<" && / exe=\/bin\/true / { e++ }
			$1 == "execve" && $2 == ">" && /\/bin\/true/ { ee++ }
			$1 == "execve" && $2 == "<" && $3 == "true" { en++ }
			$1 == "connect" && $2 == "<" && /:5557/ { c++ }
			$1 == "connect" && $2 == ">" { ce++ }
			$1 == "connect" && $2 == "<" && $3 == "xtload" { cn++ }
			END { printf "got-open=%d got-exec=%d got-exec-enter=%d got-exec-name=%d got-connect=%d got-connect-enter=%d got-connect-name=%d",
				     o, e, ee, en, c, ce, cn }')"
	rm -f "$cap"
}

# Debian's auditd.conf suspends logging below 50 MB of free disk (the
# guest's root is in its RAM): keep its actions, lower the thresholds.
sed -i -e 's/^space_left = .*/space_left = 2/' \
	-e 's/^admin_space_left = .*/admin_space_left = 1/' /etc/audit/auditd.conf
workloads_setup
wait_until 60 connected || fail "xtrail did not connect"
xtrail_domu_unload
# The block sequence: none, then each logging block followed by a none;
# xtrail and the peers first, auditd last. Once auditd has run, every new
# process has an audit context and its syscalls take the slow path even
# with auditing off, so no-logging blocks after it are slower than before
# (auditd's own ratio comes out lower for it, xtrail's would too). The
# peers leave nothing behind: their sys_enter/sys_exit hooks go when their
# tracepoints are released (the kernel then clears every thread's
# syscall-tracepoint flag) and their modules are unloaded, so they go
# among the first xtrail blocks (xtrail lttng sysdig xtrail lttng sysdig
# ...), under the same drift of the guest's state as xtrail's.
blocks=()
for ((i = 0; i < ROUNDS || i < PEER_ROUNDS; i++)); do
	[ "$i" -ge "$ROUNDS" ] || blocks+=(xtrail)
	[ "$i" -ge "$PEER_ROUNDS" ] || blocks+=(lttng sysdig)
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
