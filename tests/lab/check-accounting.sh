#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check-accounting.sh EXPORT DOMID [MIN_HEARTBEATS]
#
# Loss accounting of one guest in an exported log, per ring (the records'
# vcpu) and per producer lifetime (a load of the guest module: its
# sequence numbers start at 0, so a record whose number, or a LOST record
# whose range, starts at 0 begins a new one; reconnects within a lifetime
# continue the numbers):
#
#  - nothing is missing: the lifetime's sequence numbers, from 0 to the
#    last one in the log, are each either a record in the log or in the
#    range of exactly one LOST record in the log (whose own number follows
#    its range), across every reconnect;
#  - at every HEARTBEAT, the records of the lifetime before it satisfy
#    delivered + lost == generated (the heartbeat's counters), its LOST
#    records report no more than was lost, and every record it says was
#    written is there.
#
# Prints one line per ring and lifetime, then "accounting: N heartbeats
# add up, no sequence number missing".
set -euo pipefail
log=$1 domid=$2 min=${3:-1}
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT

jq -s -c --argjson d "$domid" '
	# Only what the guest wrote: not the records dom0 makes about it.
	["connect", "disconnect", "clock", "violation", "seq_gap",
	 "heartbeat_silence", "refused", "dom0_lost", "vm_identity"] as $dom0_made |
	def first_seq: if .type == "lost" then .first_seq else .seq end;
	[.[] | select(.domid == $d and (.type | IN($dom0_made[]) | not))] |
	group_by(.vcpu)[] |
	# In log order (group_by keeps it), numbered by lifetime.
	reduce .[] as $r ({life: -1, recs: []};
		(if $r | first_seq == 0 then .life += 1 else . end) |
		.recs += [$r + {life: (if .life < 0 then 0 else .life end)}]) |
	.recs | group_by(.life)[] | sort_by(.seq) as $life |
	# Every number accounted for, once; each break is listed (the
	# numbers missing, or the one that went back), and the count goes
	# on from the record that revealed it.
	(reduce $life[] as $r ({next: 0, bad: []};
		(if $r.type == "lost" then
			(if $r.last_seq - $r.first_seq + 1 != $r.count then
				.bad += [{lost_seq: $r.seq, count: $r.count}]
			 else . end) |
			(if $r.first_seq != .next then
				.bad += [{expected: .next, got: $r.first_seq}]
			 else . end) |
			.next = $r.last_seq + 1
		 else . end) |
		(if $r.seq != .next then
			.bad += [{expected: .next, got: $r.seq}]
		 else . end) |
		.next = $r.seq + 1)) as $cont |
	[$life[] | select(.type == "heartbeat") as $hb |
	 [$life[] | select(.seq < $hb.seq)] as $before |
	 {seq: $hb.seq,
	  generated: $hb.generated, written: $hb.written, lost: $hb.lost,
	  delivered: ([$before[] | select(.type != "lost")] | length),
	  reported_lost: ([$before[] | select(.type == "lost") | .count] |
			  add // 0),
	  written_seen: ($before | length)}] as $hbs |
	{ring: $life[0].vcpu, life: $life[0].life,
	 last_seq: $life[-1].seq,
	 delivered: ([$life[] | select(.type != "lost")] | length),
	 lost_records: ([$life[] | select(.type == "lost")] | length),
	 reported_lost: ([$life[] | select(.type == "lost") | .count] |
			 add // 0),
	 gaps: [$cont.bad[] | if .got > .expected then
			"\(.expected)" +
			(if .got - 1 > .expected then "-\(.got - 1)" else "" end)
		  else . end],
	 heartbeats: ($hbs | length),
	 last_hb: ($hbs[-1] // null),
	 bad_hb: [$hbs[] | select(.delivered + .lost != .generated or
				  .reported_lost > .lost or
				  .written_seen != .written)]}' "$log" >"$tmp"
jq -r '"accounting: ring \(.ring) lifetime \(.life): seq 0..\(.last_seq), " +
	"\(.delivered) delivered, \(.reported_lost) reported lost in " +
	"\(.lost_records) LOST records; \(.heartbeats) heartbeats" +
	(if .last_hb then ", the last: generated \(.last_hb.generated) = " +
	 "\(.last_hb.delivered) delivered + \(.last_hb.lost) lost" else "" end)' \
	"$tmp"
n=$(jq -s '[.[].heartbeats] | add // 0' "$tmp")
[ "$n" -ge "$min" ] || { echo "accounting: only $n heartbeats" >&2; exit 1; }
gap=$(jq -r 'select(.gaps != []) |
	"ring \(.ring) lifetime \(.life): \(.gaps | map(tostring) | join(", "))"' \
	"$tmp")
if [ -n "$gap" ]; then
	echo "accounting: sequence numbers missing: $gap" | paste -sd ';' >&2
	exit 1
fi
bad=$(jq -c '.bad_hb[]' "$tmp")
if [ -n "$bad" ]; then
	echo "accounting: does not add up: $bad" >&2
	exit 1
fi
echo "accounting: $n heartbeats add up, no sequence number missing"
