#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# ringdump scenario, host side: ring-dump is an oracle that shares no code
# path with the backend. Every record it showed (ring, sequence number,
# producer timestamp, type, content) is in F3; its dump of ring 0 ends at
# the rewritten FORK record with "non-zero padding", and dom0's VIOLATION
# names the same fault at the same offset; the rewritten record itself
# never reached F3.
set -euo pipefail
. "$(dirname "$0")/../../check-lib.sh" "$1"
dump=$dir/ringdump.log
rings=2	# GUEST_VCPUS

n=$(jq -c 'select(.invalid == null)' "$dump" | wc -l)
[ "$n" -ge 2 ] || { echo "check: ring-dump shows $n records" >&2; exit 1; }
for word in seen-by-ring-dump-1 seen-by-ring-dump-2; do
	[ -n "$(jq -c --arg w "$word" 'select(.argv == ["/bin/echo", $w])' \
		"$dump")" ] || { echo "check: ring-dump lacks $word" >&2; exit 1; }
done
missing=$(jq -n -c --argjson d "$domid" --argjson rings "$rings" \
	--slurpfile dump "$dump" --slurpfile f3 "$log" '
	[$f3[] | select(.domid == $d)] as $got |
	$dump[] | select(.invalid == null) | . as $r |
	select(.domid != $d or .ring != .vcpu % $rings or
	       ([$got[] | select(.vcpu % $rings == $r.ring and
				.seq == $r.seq and .ts_ns == $r.ts_ns and
				.type == $r.type and .pid == $r.pid and
				.argv == $r.argv)] | length) != 1) |
	[.ring, .seq, .type]')
if [ -n "$missing" ]; then
	echo "check: dumped records not in F3 (ring, seq, type): $missing" >&2
	exit 1
fi
echo "check: the $n records ring-dump showed are all in F3"

bad=$(jq -c 'select(.invalid != null)' "$dump")
echo "check: ring-dump: $bad"
off=$(jq -n -e --argjson b "$bad" '$b | select(.ring == 0 and
	.invalid == "non-zero padding" and .rec_type == 3 and
	.rec_len == 104) | .offset') ||
	{ echo "check: ring-dump does not end at the rewrite" >&2; exit 1; }
EXPECT_ARGS=(--argjson off "$off")
expect "violation at the same offset" '.type == "violation" and
	.domid == $d and .reason == "non-zero padding" and .ring == 0 and
	.cons == $off and .rec_type == 3 and .rec_len == 104'
if [ -n "$(jq -c --argjson d "$domid" 'select(.domid == $d and
	.type == "fork" and .child_pid == 23246)' "$log")" ]; then
	echo "check: the rewritten record reached F3" >&2
	exit 1
fi
dmesg_clean "$dir/dmesg-dom0.log"
echo "check: ringdump OK"
