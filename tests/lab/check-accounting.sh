#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check-accounting.sh EXPORT DOMID [MIN_HEARTBEATS]
#
# Loss accounting of one guest in an exported log: for every ring (the
# records' vcpu), at every HEARTBEAT, the records of that ring before it
# satisfy delivered + lost == generated (the heartbeat's counters), its
# LOST records report no more than was lost, and every record it says was
# written is there. Prints "accounting: N heartbeats add up".
set -euo pipefail
log=$1 domid=$2 min=${3:-1}
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT

jq -s --argjson d "$domid" '
	# Only what the guest wrote: not the records dom0 makes about it.
	["connect", "disconnect", "clock", "violation", "seq_gap",
	 "heartbeat_silence", "refused", "dom0_lost"] as $dom0_made |
	[.[] | select(.domid == $d and
		      (.type | IN($dom0_made[]) | not))] |
	group_by(.vcpu)[] as $ring |
	$ring[] | select(.type == "heartbeat") as $hb |
	[$ring[] | select(.seq < $hb.seq)] as $before |
	{ring: $hb.vcpu, seq: $hb.seq,
	 generated: $hb.generated, written: $hb.written, lost: $hb.lost,
	 delivered: ([$before[] | select(.type != "lost")] | length),
	 reported_lost: ([$before[] | select(.type == "lost") | .count] | add // 0),
	 written_seen: ($before | length)}' "$log" >"$tmp"
n=$(jq -s 'length' "$tmp")
[ "$n" -ge "$min" ] || { echo "accounting: only $n heartbeats" >&2; exit 1; }
bad=$(jq -c 'select(.delivered + .lost != .generated or
	.reported_lost > .lost or .written_seen != .written)' "$tmp")
if [ -n "$bad" ]; then
	echo "accounting: does not add up: $bad" >&2
	exit 1
fi
echo "accounting: $n heartbeats add up"
