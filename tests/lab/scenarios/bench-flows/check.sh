#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench-flows, host side: packets/s from dom0 to the guest through its vif
# with flow observation off and on (the medians of 6 and 5 blocks, and
# each "on" block against the mean of the two "off" blocks around it), and
# the memory of the guest's flow table, into bench.txt. Figures, not
# pass/fail on time; what must hold: each "on" block is one flow dom0
# recorded, to the guest (6 START records: the warm-up and 5 blocks).
. "$(dirname "$0")/../../check-lib.sh" "$1"

grep '^@@FLOWBENCH ' "$dir/results.log" | awk '!seen[$0]++' | sed 's/^@@FLOWBENCH //' >"$dir/flowbench.txt"
mem=$(result_value '@@FLOWMEM \(.*\)')
{
	echo "bench flows (dom0 -> guest UDP through the vif, software-emulated Xen)"
	awk -f "$lab/median.awk" -f <(cat <<'AWK'
	{
		for (i = 1; i <= NF; i++) {
			split($i, kv, "=")
			f[kv[1]] = kv[2]
		}
		n = f["n"]; k++
		mode[k] = f["mode"]; us[k] = f["us"]
		if (f["mode"] == "off")
			off[++noff] = f["us"]
		else
			on[++non] = f["us"]
	}
	END {
		moff = median(off, noff); mon = median(on, non)
		for (i = 2; i < k; i++)
			if (mode[i] == "on" && mode[i - 1] == "off" && mode[i + 1] == "off")
				r[++nr] = us[i] / ((us[i - 1] + us[i + 1]) / 2)
		printf "  observation off: %.0f packets/s (median of %d blocks of %d)\n", n / moff * 1e6, noff, n
		printf "  observation on:  %.0f packets/s (median of %d blocks of %d)\n", n / mon * 1e6, non, n
		printf "  time ratio on/off: %.3f (median of %d, range %.3f-%.3f)\n", median(r, nr), nr, r[1], r[nr]
		printf "  extra per packet: %.2f us\n", (mon - moff) / n
	}
AWK
) "$dir/flowbench.txt"
	echo "  memory: $mem"
} | tee "$dir/bench.txt"
n=$(jq -c --argjson d "$domid" 'select(.domid == $d and .type == "flow" and
	.event == "start" and (.from_guest | not) and .proto == "udp" and
	.saddr == "10.99.0.1" and .daddr == "10.99.0.2" and .dport == 9)' "$log" | wc -l)
[ "$n" -eq 6 ] || { echo "check: $n flows of the blast recorded, want 6 (the warm-up and the 5 blocks with observation on)" >&2; exit 1; }
