#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench-cost, host side: per workload and mode, the median ratio of a
# logging block to the mean of the no-logging blocks around it, and what
# that is in instructions per loop iteration and per record (-icount:
# 1 us = 1000 instructions), into bench.txt.
set -euo pipefail
dir=$1

# The table, by median.awk and this program.
prog=$(cat <<'AWK'
	BEGIN {
		iters["getppid"] = 20000; iters["openclose"] = 20000
		iters["forkexit"] = 200; iters["exec"] = 200
	}
	{
		for (i = 1; i <= NF; i++) {
			split($i, kv, "=")
			f[kv[1]] = kv[2]
		}
		w = f["workload"]
		k = ++nb[w]
		mode[w, k] = f["mode"]; us[w, k] = f["us"]; recs[w, k] = f["records"]
	}
	END {
		printf "bench cost (guest, -icount: 1 us = 1000 instructions; dom0 paused)\n"
		printf "%-9s %7s %8s  %-7s %21s %12s %9s %12s\n", "load", "iters",
		       "none us", "mode", "ratio median [range]", "instr/iter",
		       "rec/iter", "instr/rec"
		nw = split("getppid openclose forkexit exec", order, " ")
		for (o = 1; o <= nw; o++) {
			w = order[o]
			if (!(w in nb))
				continue
			n = iters[w]; nn = 0
			for (k = 1; k <= nb[w]; k++)
				if (mode[w, k] == "none")
					base[++nn] = us[w, k]
			nbase = median(base, nn)
			split("xtrail nofile", modes, " ")
			for (m = 1; m <= 2; m++) {
				nr = 0; rsum = 0
				for (k = 2; k < nb[w]; k++) {
					if (mode[w, k] != modes[m] || mode[w, k - 1] != "none" ||
					    mode[w, k + 1] != "none")
						continue
					b = (us[w, k - 1] + us[w, k + 1]) / 2
					r[++nr] = us[w, k] / b
					d[nr] = (us[w, k] - b) * 1000 / n
					rsum += recs[w, k]
				}
				if (!nr)
					continue
				mr = median(r, nr); lo = r[1]; hi = r[nr]
				md = median(d, nr)
				# records: the measured loop and its warm-up (n / 10)
				rpi = rsum / nr / (n + int(n / 10))
				printf "%-9s %7d %8d  %-7s %7.3f [%.3f-%.3f] %12.0f %9.2f %12s\n",
				       w, n, nbase, modes[m], mr, lo, hi, md, rpi,
				       (rpi >= 0.5 ? sprintf("%.0f", md / rpi) : "-")
				cost[w, modes[m]] = md
			}
		}
		# The open/close loop's parts: each syscall pays getppid's
		# extra; nofile's rest is the hooks every open and close pass
		# (filp_close, __fput, io_uring's on do_filp_open); xtrail's
		# over nofile is the FILE record (one per iteration).
		if (("openclose", "nofile") in cost && ("getppid", "nofile") in cost) {
			printf "openclose parts (instructions per iteration): 2 syscalls %.0f, hooks %.0f",
			       2 * cost["getppid", "nofile"],
			       cost["openclose", "nofile"] - 2 * cost["getppid", "nofile"]
			if (("openclose", "xtrail") in cost)
				printf ", FILE record %.0f",
				       cost["openclose", "xtrail"] - cost["openclose", "nofile"]
			printf "\n"
		}
	}
AWK
)
grep '^@@COST ' "$dir/results.log" | awk '!seen[$0]++' | sed 's/^@@COST //' | awk -f "$(dirname "$0")/../../median.awk" -f <(printf '%s\n' "$prog") |
	tee "$dir/bench.txt"
grep -q '^openclose ' "$dir/bench.txt"
