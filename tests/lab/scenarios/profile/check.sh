#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# profile, host side: the guest's profile into profile.txt, and per
# workload the share of the samples in xtrail's own code (xtrail_*) and in
# the probe machinery it switches on (kprobes through ftrace, the syscall
# tracepoint's slow path).
set -euo pipefail
dir=$1

sed -n 's/^@@PROFILE //p' "$dir/results.log" | awk '!seen[$0]++' >"$dir/profile.txt"
awk '
	/^workload=/ { w = substr($1, 10); order[++n] = w; next }
	{
		p = $1; sub(/%/, "", p); s = $2
		if (s ~ /^xtrail_/)
			own[w] += p
		else if (s ~ /kprobe|ftrace|^syscall_trace_enter|^syscall_exit_work|^__traceiter|^trace_/)
			mach[w] += p
		all[w] += p
	}
	END {
		printf "profile (guest, xtrail loaded; %% of cpu-clock samples)\n"
		printf "%-8s %10s %12s\n", "load", "xtrail_*", "probe infra"
		for (i = 1; i <= n; i++)
			printf "%-8s %9.2f%% %11.2f%%\n", order[i], own[order[i]], mach[order[i]]
	}' "$dir/profile.txt" | tee "$dir/profile-summary.txt"
grep -q '^open ' "$dir/profile-summary.txt"
