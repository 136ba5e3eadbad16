#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench-exec, host side: every exec of the loops that ran with xtrail loaded
# is in F3, and the figures are printed (to check.log and bench.txt).
. "$(dirname "$0")/../../check-lib.sh" "$1"

line=$(grep -m1 '^@@BENCH ' "$dir/results.log")
eval "$(sed 's/^@@BENCH //' <<<"$line")"	# n= with_us= without_us=
got=$(jq -c --argjson d "$domid" 'select(.type == "exec" and .domid == $d and
	.argv == ["/bin/true", "bench"])' "$dir/export.jsonl" | wc -l)
lost=$(jq -s --argjson d "$domid" '[.[] | select(.type == "lost" and
	.domid == $d) | .count] | add // 0' "$dir/export.jsonl")
want=$((2 * n))
{
	echo "bench exec loop (guest, software-emulated Xen): $want execs with xtrail, $want without"
	awk -v n="$want" -v w="$with_us" -v wo="$without_us" -v got="$got" -v lost="$lost" 'BEGIN {
		printf "  with xtrail:    %.1f execs/s (%.0f us/exec)\n", n / (w / 1e6), w / n
		printf "  without xtrail: %.1f execs/s (%.0f us/exec)\n", n / (wo / 1e6), wo / n
		printf "  overhead ratio: %.3f (with / without)\n", w / wo
		printf "  records in F3:  %d of %d, %d declared lost; sustained %.1f records/s\n", got, n, lost, got / (w / 1e6)
	}'
} | tee "$dir/bench.txt"
[ "$got" -eq "$want" ] || { echo "check: $got of $want exec records in F3" >&2; exit 1; }
