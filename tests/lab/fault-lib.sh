# SPDX-License-Identifier: GPL-2.0
#
# The lab's faults scenario, in both domains (/fault-lib.sh, put in the
# images with the fault build by build.sh for a scenario with-fault):
# fail each init step of module MOD in turn (the fault build's
# fail_step=N, common/fault.h) until a load with N past
# the last step succeeds. After each failure: insmod returned an error, the
# module is gone, dmesg names step N, no kprobe is left registered, and the
# same module loads right after (a leaked genl family, misc device or
# xenbus driver would make that load fail; a leaked tracepoint or kprobe
# handler would oops on the next exec, which dmesg would show).

# fault_steps MOD KO: prints "N step-name..." once every step has been
# failed; fails the run otherwise.
fault_steps() {
	local mod=$1 ko=$2 n=1 names="" name kps
	mountpoint -q /sys/kernel/debug || mount -t debugfs debugfs /sys/kernel/debug
	kps=$(wc -l </sys/kernel/debug/kprobes/list)
	while :; do
		dmesg -c >/dev/null
		if insmod "$ko" fail_step=$n 2>/tmp/insmod.err; then
			! dmesg | grep -q 'fault: init step' ||
				fail "$mod: step $n failed but the load succeeded"
			rmmod "$mod" || fail "$mod: rmmod after the full load"
			break
		fi
		# (busybox's insmod tries init_module after finit_module
		# fails: the step may fail twice, each undone.)
		name=$(dmesg | sed -n "s/.*fault: init step $n (\(.*\)) fails.*/\1/p" |
			head -n 1)
		[ -n "$name" ] || fail "$mod: load $n failed without its fault: $(cat /tmp/insmod.err) $(dmesg | tail -n 5)"
		[ ! -d "/sys/module/$mod" ] || fail "$mod: still loaded after step $n ($name) failed"
		[ "$(wc -l </sys/kernel/debug/kprobes/list)" -eq "$kps" ] ||
			fail "$mod: kprobes left after step $n ($name): $(cat /sys/kernel/debug/kprobes/list)"
		/bin/true "after-step-$n" # runs the exec, fork and exit probes
		insmod "$ko" 2>/tmp/insmod.err ||
			fail "$mod: cannot load after step $n ($name) failed (leak?): $(cat /tmp/insmod.err) $(dmesg | tail -n 5)"
		rmmod "$mod" || fail "$mod: rmmod after step $n ($name)"
		! dmesg | grep -E 'BUG:|Oops|WARNING:|general protection' ||
			fail "$mod: kernel complained after step $n ($name)"
		names+=" ${name// /_}"
		n=$((n + 1))
		[ "$n" -le 64 ] || fail "$mod: more than 64 init steps?"
	done
	echo "$((n - 1))$names"
}
