#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# profile-dom0, host side: per workload, the guest's block time, the
# records dom0 took from the guest and the losses it reported meanwhile,
# the CPU time of dom0's tasks, and perf's samples of dom0 by task and
# object (swapper is dom0 idle), into profile-dom0.txt. A window is the
# block plus 7 s of guest idle (idle: 9 s); "net" subtracts what each task
# does in the idle window, pro rata, and is divided by the records taken.
# It runs without -icount: under -icount the emulator runs dom0's CPU and
# the guest's in turn, and a dom0 task's time would also hold the guest
# instructions run while it was on its CPU; without it each CPU has a host
# thread, as on a host that gives dom0 its own CPU, and the times are
# wall-clock times of an emulated CPU. The check only confirms the figures
# exist.
set -euo pipefail
dir=$1
res=$dir/results.log
domid=$(sed -n 's/^@@DOMID \([0-9]*\)$/\1/p' "$res" | head -n 1)
[ -n "$domid" ] || { echo "check: no @@DOMID line" >&2; exit 1; }

count() {	# WORKLOAD statusN FIELD: the guest's records or lost so far
	sed -n "s/^@@D0 $1 $2 //p" "$res" | head -n 1 |
		jq --argjson d "$domid" ".[] | select(.domid == \$d) | .$3"
}

{
	echo "profile-dom0: dom0's CPU time per window (the block + 7 s), emulated CPUs"
	for w in open exec copy connect idle; do
		us=$(sed -n "s/^@@BENCH workload=$w us=\([0-9]*\)$/\1/p" "$res" | head -n 1)
		r0=$(count "$w" status0 records) r1=$(count "$w" status1 records)
		l0=$(count "$w" status0 lost) l1=$(count "$w" status1 lost)
		if [ -z "$us" ] || [ -z "$r0" ] || [ -z "$r1" ] || [ -z "$l0" ] ||
			[ -z "$l1" ]; then
			echo "check: no figures for $w" >&2
			exit 1
		fi
		n=$((r1 - r0))
		printf '%-8s block %d ms, %d records taken, %d lost\n' "$w" \
			$((us / 1000)) "$n" $((l1 - l0))
		awk -v w="$w" -v win=$((us / 1000 + 7000)) '
			$1 == "@@D0" && $3 == "task" && $2 == "idle" { idle[$5] = $4 }
			$1 == "@@D0" && $3 == "task" && $2 == w { t[$5] = $4 }
			END {
				for (k in t) {
					net = t[k] - (k in idle ? idle[k] : 0) / 9000 * win
					printf "%f %s %f\n", t[k], k, net
				}
			}' "$res" | sort -rn | head -n 6 |
			awk -v n="$n" -v w="$w" '{
				printf "  task %-16s %8.1f ms, net %8.1f ms", $2,
					$1 / 1e6, $3 / 1e6
				if (w != "idle" && n > 0)
					printf " = %6.1f us/record", $3 / n / 1e3
				printf "\n"
			}'
		sed -n "s/^@@D0 $w perf //p" "$res" | sort -rn | head -n 6 |
			awk '{ printf "  perf %-16s %-20s %6d samples\n", $2, $3, $1 }'
	done
} | tee "$dir/profile-dom0.txt"
