#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kill9 scenario, host side: after kill -9 of xtraild (at least 5; how many
# fit in the 40 s of load depends on the machine: 9 to 28 seen) under load, the
# log verifies; every sequence number of every guest ring is in F3 exactly
# once, as a record or inside a LOST range; redelivered records were
# skipped (xtraild said how many it found already stored); and the whole
# log is in merge order (shared/xtrail_proto.h, "The merge").
. "$(dirname "$0")/../../check-lib.sh" "$1"

MIN_KILLS=5
. "$(dirname "$0")/lab.conf"
kills=$(result_value '@@KILLS \([0-9]*\)')
[ "${kills:-0}" -ge "$MIN_KILLS" ] || { echo "check: only ${kills:-0} kills" >&2; exit 1; }
"$xtrail" verify "$dir/f3.log" >/dev/null

# Per ring (vcpu): delivered seqs + LOST ranges, each exactly once, 0..max.
rings=$(jq -sc --argjson d "$domid" --argjson dom0_made "$DOM0_MADE" '
	[.[] | select(.domid == $d and (.type | IN($dom0_made[]) | not))] |
	group_by(.vcpu)[] |
	([.[].seq] + [.[] | select(.type == "lost") |
		       range(.first_seq; .last_seq + 1)]) as $all |
	{vcpu: .[0].vcpu, records: length, seqs: ($all | length),
	 max: ($all | max), min: ($all | min),
	 dups: ([$all | group_by(.)[] | select(length > 1) | .[0]] | .[:5]),
	 lost: ([.[] | select(.type == "lost") | .count] | add // 0)}' "$log")
[ -n "$rings" ] || { echo "check: no guest records" >&2; exit 1; }
echo "$rings" | sed 's/^/check: ring /'
bad=$(jq -c 'select(.dups != [] or .min != 0 or .seqs != .max + 1)' <<<"$rings")
if [ -n "$bad" ]; then
	echo "check: sequence numbers not exactly once: $bad" >&2
	exit 1
fi

# Redelivery happened and was skipped: "resumes at record R; F3 holds the
# stream below record E" means E - R records came again and were not stored.
skipped=$(sed -n 's/.*resumes at record \([0-9]*\); F3 holds the stream below record \([0-9]*\)$/\1 \2/p' \
	"$dir/xtraild.log" | awk '$2 > $1 { s += $2 - $1 } END { print s + 0 }')
echo "check: $kills kills, $skipped redelivered records skipped as already stored"
[ "$skipped" -gt 0 ] || { echo "check: no redelivered record was ever skipped" >&2; exit 1; }

check_merge_order
"$lab/check-accounting.sh" "$log" "$domid" 3
echo "check: kill9 OK"
