# SPDX-License-Identifier: GPL-2.0
#
# profile, guest part: where the guest's time goes while it runs the
# bench-syscalls workloads with xtrail loaded. perf samples the guest's one
# vCPU on its CPU clock (a software event: Xen PV guests have no PMU) and
# prints the hottest symbols per workload, with their shares of the samples.
# Run by hand (make profile); it is a tool, not a test.

. /workloads.sh

PROFILE_MIN=${PROFILE_MIN:-0.05}

connected() {
	grep -qx Connected /sys/bus/xen/devices/xtrail-0/state
}

wait_until 60 connected || fail "xtrail did not connect"
workloads_setup
for w in $WORKLOADS; do
	perf record -q -e cpu-clock -F 1000 -a -o "/tmp/perf.$w" -- \
		bash -c ". /lab-lib.sh; . /workloads.sh; w_$w" 2>/tmp/perf.err || {
		cat /tmp/perf.err
		fail "perf record $w"
	}
	echo "@@PROFILE workload=$w"
	perf report -q -i "/tmp/perf.$w" --stdio --no-children --sort sym \
		--percent-limit "$PROFILE_MIN" 2>/dev/null |
		awk 'NF >= 3 { print "@@PROFILE " $1, $NF }'
	rm -f "/tmp/perf.$w"
done
workloads_teardown
