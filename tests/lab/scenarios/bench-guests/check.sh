#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench-guests, host side: figures for three guests flooding at once.
# The window: from dom0's sample once all three flood to its sample after
# the first one stopped (/proc/uptime; the records' recv_ns is dom0's
# monotonic clock, the same here: no NTP, no suspend). In that window:
# records/s through the backend (guest records delivered) and through
# /dev/xtrail (every record xtraild wrote), each guest's share, and dom0's
# CPU time per million records (all of dom0 from /proc/stat, with and
# without the time Xen stole from it, and xtraild's and the kworkers'
# scheduler runtime).
# Every guest's accounting must add up (delivered + lost == generated).
. "$(dirname "$0")/../../check-lib.sh" "$1"

guests=$(sed -n 's/^@@GUEST \(guest[0-9]*\) \([0-9]*\)$/\2/p' "$dir/results.log" | tr '\n' ' ')
[ "$(wc -w <<<"$guests")" -eq 3 ] || { echo "check: not 3 guests: $guests" >&2; exit 1; }
for d in $guests; do
	"$lab/check-accounting.sh" "$log" "$d" 1 >/dev/null
done
samples=$dir/bench-samples.log

doms=$(jq -nc '$ARGS.positional | map(tonumber)' --args $guests)
# The window: dom0's samples once all three flooded and after the first
# stopped.
[ "$(wc -l <"$samples")" -eq 2 ] || { echo "check: not 2 samples" >&2; exit 1; }
read -r t0 busy0 irq0 steal0 xd0 kw0 < <(sed -n 1p "$samples")
read -r t1 busy1 irq1 steal1 xd1 kw1 < <(sed -n 2p "$samples")

counts=$(jq -s -r --argjson g "$doms" --argjson t0 "$t0" --argjson t1 "$t1" '
	[.[] | select(.recv_ns >= $t0 * 1e9 and .recv_ns <= $t1 * 1e9)] as $w |
	[$w[] | select(.domid as $d | $g | index($d))] as $gw |
	"\($w | length) \($gw | length) " +
	([$g[] as $d | [$gw[] | select(.domid == $d)] | length] | join(",")) +
	" \([.[] | select(.type == "lost" and (.domid as $d | $g | index($d))) | .count] | add // 0)" +
	" \([.[] | select(.domid as $d | $g | index($d)) | select(.type != "lost" and
		.type != "connect" and .type != "disconnect" and
		.type != "vm_identity")] | length)"' "$log")
read -r all gw per lost delivered <<<"$counts"
{
	echo "bench three flooding guests (1 vCPU each, dom0 1 vCPU, software-emulated Xen)"
	awk -v t0="$t0" -v t1="$t1" -v all="$all" -v gw="$gw" -v per="$per" \
		-v busy="$((busy1 - busy0))" -v irq="$((irq1 - irq0))" \
		-v steal="$((steal1 - steal0))" \
		-v xd="$((xd1 - xd0))" -v kw="$((kw1 - kw0))" \
		-v lost="$lost" -v delivered="$delivered" 'BEGIN {
		w = t1 - t0
		split(per, p, ",")
		printf "  window:              %.1f s (all three flooding)\n", w
		printf "  through the backend: %.0f records/s (guest records delivered)\n", gw / w
		printf "  per guest:           %.0f / %.0f / %.0f records/s\n", p[1] / w, p[2] / w, p[3] / w
		printf "  through /dev/xtrail: %.0f records/s (everything xtraild wrote)\n", all / w
		printf "  dom0 vCPU:           %.1f%% busy, %.1f%% stolen by Xen (runnable, not running)\n", busy / w, steal / w
		if (gw > 0) {
			m = gw / 1e6
			printf "  dom0 CPU per million records: %.1f s busy (of which irq+softirq %.1f s); %.1f s busy + stolen\n", \
				busy / 100 / m, irq / 100 / m, (busy + steal) / 100 / m
			printf "    runtime per million records (includes stolen time): xtraild %.1f s, kworkers %.1f s\n", \
				xd / 100 / m, kw / 100 / m
		}
		printf "  whole run: %d guest records delivered, %d lost in the rings (%.1f%%)\n", \
			delivered, lost, 100 * lost / (delivered + lost)
	}'
} | tee "$dir/bench.txt"
[ "$gw" -gt 0 ]
