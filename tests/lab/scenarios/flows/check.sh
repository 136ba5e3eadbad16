#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# flows scenario, host side: dom0's FLOW records of the guest's vif (never
# the guest's word), with exact counts.
#   - the port scan: exactly 200 flows to 10.99.0.1:20001-20200, one per
#     port, from the guest, each a SYN (60 bytes: 20 of IP, 20 of TCP, 20
#     of options) answered by a RST (40 bytes), ended (END) by the RST;
#   - the flood under a cap of 64: the table never held more than 64, the
#     flood's flows dom0 tracked (START) and those it turned away
#     (FLOW_LOST counts) add up to the 1000 sent, exactly;
#   - the cap's change (xtrail config set all flow-cap=64) is one CONTROL
#     record, its text exactly "flow-cap=64".
. "$(dirname "$0")/../../check-lib.sh" "$1"

flows() {
	jq -c --argjson d "$domid" "select(.domid == \$d and .type == \"flow\" and ($1))" "$log"
}
count() {
	flows "$1" | grep -c '' || true
}

# ---- the port scan ------------------------------------------------------------
scan='.proto == "tcp" and .saddr == "10.99.0.2" and .daddr == "10.99.0.1" and
	.dport >= 20001 and .dport <= 20200'
n=$(count "$scan and .event == \"start\"")
[ "$n" -eq 200 ] || { echo "check: $n flows of the port scan started, want 200 (200 connects)" >&2; exit 1; }
n=$(flows "$scan and .event == \"start\"" | jq -r .dport | sort -u | wc -l)
[ "$n" -eq 200 ] || { echo "check: the scan's flows cover $n ports, want 200" >&2; exit 1; }
n=$(count "$scan and .event == \"start\" and .from_guest and .no_task and .vif == 0")
[ "$n" -eq 200 ] || { echo "check: $n of the scan's starts are from the guest on vif 0 (no task), want 200" >&2; exit 1; }
n=$(count "$scan and .event == \"end\" and .pkts_fwd == 1 and .bytes_fwd == 60 and
	.pkts_rev == 1 and .bytes_rev == 40 and .tcp_fwd == 2 and .tcp_rev == 20")
[ "$n" -eq 200 ] || {
	echo "check: $n of the scan's flows ended SYN (60 B) / RST-ACK (40 B), want 200" >&2
	flows "$scan and .event != \"start\"" | head -n 3 >&2
	exit 1
}
echo "check: port scan: 200 flows to 10.99.0.1:20001-20200, each SYN 60 B / RST-ACK 40 B"

# ---- the flood under a cap of 64 ----------------------------------------------
# "xtrail config set all flow-cap=64" (root), for every guest (no target).
expect "cap change" '.type == "control" and .action == "config" and .target == null and
	.text == "flow-cap=64" and .result == "applied" and .uid == 0'
n=$(jq -c 'select(.type == "control" and (.action == "config" or .action == "param") and
	(.text | startswith("flow")))' "$log" | wc -l)
[ "$n" -eq 1 ] || { echo "check: $n CONTROL records of flow settings, want 1 (the cap)" >&2; exit 1; }
flood='.proto == "udp" and .saddr == "10.99.0.2" and .daddr == "10.99.0.1" and
	.dport >= 30001 and .dport <= 31000'
started=$(count "$flood and .event == \"start\"")
lost=$(jq -s --argjson d "$domid" '[.[] | select(.domid == $d and .type == "flow_lost") | .count] | add // 0' "$log")
last=$(jq -c --argjson d "$domid" 'select(.domid == $d and .type == "flow_lost")' "$log" | tail -n 1)
[ -n "$last" ] || { echo "check: no flow_lost record" >&2; exit 1; }
echo "check: flood: $started flows tracked, $lost turned away; last flow_lost: $last"
[ "$started" -ge 1 ] && [ "$started" -le 64 ] ||
	{ echo "check: $started flows of the flood tracked, want 1..64 (the cap)" >&2; exit 1; }
[ $((started + lost)) -eq 1000 ] ||
	{ echo "check: $started tracked + $lost lost = $((started + lost)), want 1000 (1000 datagrams, one per port)" >&2; exit 1; }
jq -e --argjson l "$lost" '.cap == 64 and .total == $l' <<<"$last" >/dev/null ||
	{ echo "check: the last flow_lost is not of a 64-flow table with $lost in all" >&2; exit 1; }
n=$(jq -s --argjson d "$domid" '[.[] | select(.domid == $d and .type == "flow_lost") | .in_use] | max' "$log")
# At most the cap, and at least the flood's own flows (their idle timeout is
# 30 s; FLOW_LOST comes within a second): not exactly 64, since the guest's
# poll of 10.99.0.1:2600 (the go signal) may hold a slot when the flood
# starts and be gone by the record (seen: 63 tracked, 937 turned away,
# in_use 63).
[ "$n" -le 64 ] && [ "$n" -ge "$started" ] ||
	{ echo "check: the table held $n flows while turning flows away, want $started..64 (the flood's tracked flows..the cap)" >&2; exit 1; }
# Each flood flow tracked had its one datagram (29 B: 20 IP + 8 UDP + 1).
n=$(count "$flood and .event != \"start\" and .event != \"update\" and .pkts_fwd == 1 and .bytes_fwd == 29 and .pkts_rev == 0")
[ "$n" -eq "$started" ] || { echo "check: $n of the $started flood flows went with 1 datagram of 29 B" >&2; exit 1; }
echo "check: flood: $started + $lost = 1000, the table at its cap of 64"

# ---- the cross-check (issue 16 4c): every flow attributed ---------------------
# "xtrail attribute" on the sealed F3 with the auditor's key: each of the
# scan's 200 flows is the guest's own connect by xtload (uid 1000, its
# argv), and no flow of the guest is unattributed or unknown.
keys=$lab/../../build/lab/keys
"$xtrail" attribute --key "$keys/auditor.key" --json --domid "$domid" \
	"$dir/f3.log" >"$dir/attribute.jsonl" 2>"$dir/attribute.err" ||
	{ echo "check: xtrail attribute failed: $(cat "$dir/attribute.err")" >&2; exit 1; }
n=$(jq -r '.dst' "$dir/attribute.jsonl" | wc -l)
grep -qx "xtrail attribute: $n flows: $n attributed, 0 unattributed, 0 unknown, 0 inbound" \
	"$dir/attribute.err" ||
	{ echo "check: not every flow attributed: $(cat "$dir/attribute.err")" >&2; exit 1; }
n=$(jq -r 'select(.protocol == "tcp" and .verdict == "attributed" and
	.from_guest and .src == "10.99.0.2:\(.src | split(":")[1])" and
	(.dst | test("^10\\.99\\.0\\.1:(200[0-9][0-9]|201[0-9][0-9]|20200)$")) and
	.uid == 1000 and .loginuid == 1000 and .comm == "xtload" and
	.net_kind == "connect" and
	.argv == ["xtload", "scan", "10.99.0.1", "20001", "200"]) | .dst' \
	"$dir/attribute.jsonl" | sort -u | wc -l)
[ "$n" -eq 200 ] ||
	{ echo "check: $n of the scan's 200 flows attributed to xtload scan (uid 1000)" >&2; exit 1; }
echo "check: cross-check: the scan's 200 flows attributed to xtload scan, uid 1000; $(cat "$dir/attribute.err")"
