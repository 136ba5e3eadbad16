#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench-scale, host side: how the cost grows (issue 18 item 4). For each
# flooding phase (scale-samples.log, dom0.sh): the window from dom0's
# sample once every guest of the phase floods to its sample when the first
# one stops (dom0's wall clock at the samples, turned into the records'
# recv_ns by the CLOCK records, which pair the two; CPU time over
# /proc/uptime's interval of the same samples). In it: guest records/s through the backend (total and per
# guest), dom0's CPU time per million records, dom0 kernel memory per
# guest; over the whole phase: records lost in the guests' rings (the
# modules' own counts at unload). Then the ring sweep: for each ring order
# and paced rate, the records the guest generated and lost.
# Every guest's accounting must add up (delivered + lost == generated), and
# every phase must have delivered records: a benchmark that measured
# nothing fails.
. "$(dirname "$0")/../../check-lib.sh" "$1"

samples=$dir/scale-samples.log
[ -s "$samples" ] || { echo "check: no $samples" >&2; exit 1; }
[ "$(wc -l <"$samples")" -eq 4 ] || { echo "check: not 4 phases in $samples" >&2; exit 1; }
for d in $(sed -n 's/^@@GUEST flood-[0-9]*-[0-9]* \([0-9]*\)$/\1/p; s/^@@GUEST vcpu2-1 \([0-9]*\)$/\1/p' "$dir/results.log"); do
	"$lab/check-accounting.sh" "$log" "$d" 1 >/dev/null
done

# wall clock - recv_ns, from the last CLOCK record (dom0 has no NTP here:
# the two run at one rate).
off=$(jq -s -r '[.[] | select(.type == "clock" and .realtime_ns != null)] | last |
	if . == null then "" else (.realtime_ns - .recv_ns | floor | tostring) end' "$log")
[ -n "$off" ] || { echo "check: no CLOCK record" >&2; exit 1; }
{
	echo "bench scale (software-emulated Xen, dom0 1 vCPU; flooders: xtload flood, one FILE record per open)"
	printf '%-7s %6s %5s %8s %10s %12s %8s %9s %11s %9s %11s\n' phase guests vcpus window \
		"records/s" "per guest" "lost %" "dom0 s/M" "+stolen s/M" "xtraild" "kmem/guest"
	while read -r name k vcpus doms mem0 mem1 w0 w1 t0 busy0 irq0 steal0 xd0 kw0 t1 busy1 irq1 steal1 xd1 kw1; do
		m0=$((w0 - off)) m1=$((w1 - off))
		g=$(jq -nc '$ARGS.positional | map(tonumber)' --args ${doms//,/ })
		# gw: the guests' records in the sample window (for dom0's CPU per
		# record); o0..o1: while every guest's FILE records were arriving
		# (from the latest first to the earliest last: console markers
		# reach dom0 late under load), its count and each guest's (for
		# records/s).
		read -r gw o0 o1 ow per < <(jq -s -r --argjson g "$g" --argjson m0 "$m0" --argjson m1 "$m1" '
			[.[] | select(.domid as $d | $g | index($d)) |
			 select(.type != "lost" and .type != "connect" and .type != "disconnect"
				and .type != "vm_identity" and .type != "heartbeat")] as $all |
			[$all[] | select(.recv_ns >= $m0 and .recv_ns <= $m1)] as $w |
			[$g[] as $d | [$all[] | select(.domid == $d and .type == "file") | .recv_ns]] as $f |
			([$f[] | min] | max) as $o0 | ([$f[] | max] | min) as $o1 |
			[$all[] | select(.recv_ns >= $o0 and .recv_ns <= $o1)] as $o |
			"\($w | length) \($o0) \($o1) \($o | length) " +
			([$g[] as $d | [$o[] | select(.domid == $d)] | length | tostring] | join(","))' "$log")
		[ "$gw" -gt 0 ] || { echo "check: phase $name delivered nothing in its window" >&2; exit 1; }
		# The modules' own counts (generated written lost) of the phase's guests.
		read -r gen lost < <(for d in ${doms//,/ }; do
			n=$(sed -n "s/^@@GUEST \([^ ]*\) $d\$/\1/p" "$dir/results.log" | head -n 1)
			sed -n "s/^@@COUNTS $n \([0-9]*\) [0-9]* \([0-9]*\)\$/\1 \2/p" "$dir/results.log" | head -n 1
		done | awk '{ g += $1; l += $2; n++ } END { print g, l }')
		[ -n "$gen" ] && [ "$gen" -gt 0 ] || { echo "check: phase $name: no module counts" >&2; exit 1; }
		[ "$o1" -gt "$o0" ] || { echo "check: phase $name: its guests never flooded at once" >&2; exit 1; }
		awk -v name="$name" -v k="$k" -v v="$vcpus" -v o0="$o0" -v o1="$o1" -v ow="$ow" \
			-v xd="$((xd1 - xd0))" \
			-v gw="$gw" -v per="$per" -v gen="$gen" -v lost="$lost" \
			-v busy="$((busy1 - busy0))" -v steal="$((steal1 - steal0))" \
			-v mem="$((mem1 - mem0))" 'BEGIN {
			w = (o1 - o0) / 1e9
			n = split(per, p, ",")
			s = ""
			for (i = 1; i <= n; i++)
				s = s (i > 1 ? "/" : "") sprintf("%.0f", p[i] / w)
			m = gw / 1e6
			printf "%-7s %6d %5d %7.1fs %10.0f %12s %7.2f%% %9.1f %11.1f %9.1f %7.0f KiB\n",
				name, k, v, w, ow / w, s, 100 * lost / gen,
				busy / 100 / m, (busy + steal) / 100 / m, xd / 100 / m, mem / k
		}'
	done <"$samples"
	echo "window: while every guest's FILE records arrived; records/s: the guests' records dom0 delivered in it"
	echo "lost %: of all the phase's records, the modules' counts (3 or 4 a guest are its unload's own, made after the disconnect)"
	echo "dom0 s/M: between dom0's samples (all flooding .. the first done), seconds of dom0 CPU per million records (busy; busy + time Xen stole from its vCPU); xtraild: its runtime per million"
	echo "kmem/guest: Slab + VmallocUsed + Percpu of dom0 with the phase's guests running, less without them, per guest"
	echo
	echo "ring sweep (one guest, 1 vCPU; xtload paced: bursts every 10 ms)"
	printf '%6s %8s %10s %10s %10s %10s %8s\n' order "ring" "rate/s" "made/s" generated lost "lost %"
	rings=$(grep -c '^@@RING ' "$dir/results.log" || true)
	[ "$rings" -gt 0 ] || { echo "check: no ring sweep lines" >&2; exit 1; }
	sed -n 's/^@@RING order=\([0-9]*\) kib=\([0-9]*\) rate=\([0-9]*\) made=\([0-9]*\) counts=\([0-9]*\),[0-9]*,\([0-9]*\)$/\1 \2 \3 \4 \5 \6/p' \
		"$dir/results.log" | awk -v secs="$(. "$(dirname "$0")/lab.conf"; echo "$RING_SECONDS")" '{
		printf "%6d %5d KiB %10d %10.0f %10d %10d %7.2f%%\n", $1, $2, $3, $4 / secs, $5, $6, $5 ? 100 * $6 / $5 : 0
	}'
} | tee "$dir/bench.txt"
