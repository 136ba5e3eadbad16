#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench-syscalls, host side: overhead ratios of xtrail and auditd against
# no logging, per workload, into bench.txt. Each logging block k gives one
# ratio per workload: its time over the mean of the no-logging blocks on
# either side of it (rounds k - 1 and k, guest.sh). The table has their
# median and range, and the ratio of the sums.
set -euo pipefail
dir=$1

# The table, by median.awk and this program.
prog=$(cat <<'AWK'
	function ratios(w, m, out,    r, n, base) {
		n = 0
		for (r = 1; r <= rounds; r++) {
			if (!((w, m, r) in t) || !((w, "none", r - 1) in t) ||
			    !((w, "none", r) in t))
				continue
			base = (t[w, "none", r - 1] + t[w, "none", r]) / 2
			out[++n] = t[w, m, r] / base
			msum[w, m] += t[w, m, r]
			bsum[w, m] += base
		}
		return n
	}
	{
		for (i = 1; i <= NF; i++) {
			split($i, kv, "=")
			f[kv[1]] = kv[2]
		}
		t[f["workload"], f["mode"], f["round"]] = f["us"]
		if (f["mode"] == "none")
			nsum[f["workload"]] += f["us"]
		nn[f["workload"], f["mode"]]++
		seen[f["workload"]] = 1
		if (f["round"] > rounds)
			rounds = f["round"]
	}
	END {
		printf "bench syscalls (guest, 1 vCPU; -icount: 1 us = 1000 instructions of the whole machine)\n"
		printf "ratio = a block's time / the mean of the no-logging blocks around it: median [min-max]\n"
		printf "%-7s %10s %22s %22s %10s %10s\n", "load", "none us",
		       "xtrail x", "auditd x", "sum-ratio", "xt/au ovh"
		n = split("open exec copy connect", order, " ")
		for (k = 1; k <= n; k++) {
			w = order[k]
			if (!(w in seen))
				continue
			nx = ratios(w, "xtrail", x); na = ratios(w, "auditd", a)
			mx = median(x, nx); ma = median(a, na)
			printf "%-7s %10d %8.3f [%.3f-%.3f] %8.3f [%.3f-%.3f] %4.3f/%4.3f %10.3f\n",
			       w, nsum[w] / nn[w, "none"], mx, x[1], x[nx], ma, a[1], a[na],
			       msum[w, "xtrail"] / bsum[w, "xtrail"],
			       msum[w, "auditd"] / bsum[w, "auditd"],
			       (ma > 1) ? (mx - 1) / (ma - 1) : 0
		}
		printf "blocks: %d xtrail, %d auditd, %d none\n", nn["open", "xtrail"],
		       nn["open", "auditd"], nn["open", "none"]
		printf "xt/au ovh: (xtrail median - 1) / (auditd median - 1); the target is <= 0.05\n"
	}
AWK
)
grep '^@@BENCH round=.* mode=' "$dir/results.log" | awk '!seen[$0]++' | sed 's/^@@BENCH //' | awk -f "$(dirname "$0")/../../median.awk" -f <(printf '%s\n' "$prog") |
	tee "$dir/bench.txt"
grep -q '^open ' "$dir/bench.txt"
# The records behind the xtrail blocks: generated, and lost in the ring;
# every load of the module must have reported its counters.
loads=$(grep '^@@BENCH round=.* mode=xtrail workload=open ' "$dir/results.log" |
	awk '!seen[$0]++' | wc -l)
grep '^@@BENCH round=.* xtrail-records ' "$dir/results.log" | awk '!seen[$0]++' |
	awk -v loads="$loads" '$4 ~ /^generated=[0-9]+$/ {
		for (i = 4; i <= NF; i++) {
			split($i, kv, "=")
			sum[kv[1]] += kv[2]
		}
		n++
	}
	END {
		if (n != loads) {
			printf "check: %d of %d loads of xtrail reported their record counters\n",
			       n, loads > "/dev/stderr"
			exit 1
		}
		printf "xtrail records (the guest'"'"'s counters, %d loads): %d generated, %d lost in the ring (%.2f %%); %d written, the LOST records included\n",
			       n, sum["generated"], sum["lost"],
			       sum["generated"] ? 100 * sum["lost"] / sum["generated"] : 0,
			       sum["written"]
	}' | tee -a "$dir/bench.txt"
# auditd must have written its records in every round, or it was not the
# comparison the table claims.
grep '^@@BENCH round=.* auditd-log-bytes=' "$dir/results.log" | awk '!seen[$0]++' |
	tee -a "$dir/bench.txt" | awk '
	{ n++; if ($NF ~ /=0$/ || $(NF - 1) ~ /=0$/) bad++ }
	END {
		if (!n || bad) {
			print "check: auditd wrote no records in " (n ? bad " round(s)" : "any round") > "/dev/stderr"
			exit 1
		}
	}'
