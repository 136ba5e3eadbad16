#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench-syscalls, host side: overhead ratios of xtrail and auditd against
# no logging, per workload (summed over the rounds), into bench.txt.
set -euo pipefail
dir=$1

grep '^@@BENCH mode=' "$dir/results.log" | sed 's/^@@BENCH //' | awk '
	{
		for (i = 1; i <= NF; i++) {
			split($i, kv, "=")
			f[kv[1]] = kv[2]
		}
		t[f["workload"], f["mode"]] += f["us"]
		seen[f["workload"]] = 1
	}
	END {
		printf "bench syscalls (guest, software-emulated Xen, 1 vCPU; sums of 2 rounds)\n"
		printf "%-7s %12s %12s %12s %9s %9s %14s\n", "load", "none us",
		       "xtrail us", "auditd us", "xtrail x", "auditd x",
		       "xt/auditd ovh"
		n = split("open exec copy connect", order, " ")
		for (k = 1; k <= n; k++) {
			w = order[k]
			if (!(w in seen))
				continue
			none = t[w, "none"]; x = t[w, "xtrail"]; a = t[w, "auditd"]
			printf "%-7s %12d %12d %12d %9.3f %9.3f %14.3f\n", w, none,
			       x, a, x / none, a / none,
			       (a > none) ? (x - none) / (a - none) : 0
		}
	}' | tee "$dir/bench.txt"
grep -q '^open ' "$dir/bench.txt"
