# SPDX-License-Identifier: GPL-2.0
#
# profile, guest part: where the guest's time goes while it runs the
# bench-syscalls workloads, with no logging and with xtrail loaded. perf
# samples the guest's one vCPU on its CPU clock at a fixed rate (a software
# event: Xen PV guests have no PMU), so a symbol's sample count is CPU time;
# the host side subtracts the two runs symbol by symbol. Run by make bench;
# it is a tool, not a test.

. /workloads.sh

PROFILE_MIN=${PROFILE_MIN:-0.02}

connected() {
	grep -qx Connected /sys/bus/xen/devices/xtrail-0/state
}

# profile_all MODE: every workload under perf; samples per symbol.
profile_all() {
	local w

	for w in $WORKLOADS; do
		w_"$w" # warm-up: the emulator translates patched code once
		perf record -q -e cpu-clock -F 1000 -a -o "/tmp/perf.$w" -- \
			bash -c ". /lab-lib.sh; . /workloads.sh; w_$w" 2>/tmp/perf.err || {
			cat /tmp/perf.err
			fail "perf record $w"
		}
		echo "@@PROFILE mode=$1 workload=$w"
		perf report -q -n -i "/tmp/perf.$w" --stdio --no-children \
			--sort sym --percent-limit "$PROFILE_MIN" 2>/dev/null |
			awk 'NF >= 4 { print "@@PROFILE " $2, $NF }'
		rm -f "/tmp/perf.$w"
	done
}

wait_until 60 connected || fail "xtrail did not connect"
workloads_setup
profile_all xtrail
xtrail_domu_unload
profile_all none
workloads_teardown
