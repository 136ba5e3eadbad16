#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# profile, host side: the guest's profiles into profile.txt; per workload,
# the CPU time (samples at 1 kHz) with no logging and with xtrail, the share
# of the extra in xtrail's own code (xtrail_*), and the symbols whose sample
# count grew most, into profile-summary.txt.
set -euo pipefail
dir=$1

sed -n 's/^@@PROFILE //p' "$dir/results.log" | awk '!seen[$0]++' >"$dir/profile.txt"
awk '
	/^mode=/ {
		m = substr($1, 6); w = substr($2, 10)
		if (!(w in seenw)) { seenw[w] = 1; order[++n] = w }
		next
	}
	{
		c[m, w, $2] += $1; tot[m, w] += $1; syms[w, $2] = 1
		if ($2 ~ /^xtrail_/)
			own[m, w] += $1
	}
	END {
		printf "profile (guest, cpu-clock samples at 1 kHz = ms of CPU)\n"
		printf "%-8s %8s %8s %8s %10s\n", "load", "none", "xtrail", "extra",
		       "xtrail_*"
		for (i = 1; i <= n; i++) {
			w = order[i]
			printf "%-8s %8d %8d %7.1f%% %10d\n", w, tot["none", w],
			       tot["xtrail", w],
			       tot["none", w] ? 100 * (tot["xtrail", w] / tot["none", w] - 1) : 0,
			       own["xtrail", w]
		}
		for (i = 1; i <= n; i++) {
			w = order[i]
			line = ""
			for (k = 0; k < 8; k++) {
				best = ""; bd = 0
				for (key in syms) {
					split(key, kk, SUBSEP)
					if (kk[1] != w || (w, kk[2]) in used)
						continue
					d = c["xtrail", w, kk[2]] - c["none", w, kk[2]]
					if (d > bd) { bd = d; best = kk[2] }
				}
				if (best == "")
					break
				used[w, best] = 1
				line = line sprintf(" %s +%d", best, bd)
			}
			printf "%s grew:%s\n", w, line
		}
	}' "$dir/profile.txt" | tee "$dir/profile-summary.txt"
grep -q '^open ' "$dir/profile-summary.txt"
