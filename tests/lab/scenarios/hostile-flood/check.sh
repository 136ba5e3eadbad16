#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# hostile-flood scenario, host side, with numbers: guest2's VIOLATION and
# DISCONNECT are in the log, made while guest1's quota for dom0's records
# was full (within the span of guest1's losses); every record dom0 made
# about guest1 and could not keep is counted in DOM0_LOST records, whose
# counts add up to their running total; dom0 lost nothing about guest2 nor
# among its control records; guest1's connects and disconnects are all
# logged (boot, the hostile module, its reconnects: at least 4 each, and
# as many connects as disconnects; how many reconnects fit in the flood
# depends on timing: 3 in most runs, 2 in one clean-clone CI).
. "$(dirname "$0")/../../check-lib.sh" "$1"

g1=$(result_value '@@GUEST guest1 \([0-9]*\)')
g2=$(result_value '@@GUEST guest2 \([0-9]*\)')
sent=$(result_value '@@FLOOD-SENT \([0-9]*\)')
if [ -z "$g1" ] || [ -z "$g2" ] || [ -z "$sent" ]; then
	echo "check: missing @@GUEST or @@FLOOD-SENT lines" >&2
	exit 1
fi
EXPECT_ARGS=(--argjson g1 "$g1" --argjson g2 "$g2")
expect "victim's violation" '.type == "violation" and .domid == $g2 and
	.reason == "record length out of bounds"'
expect "victim's disconnect" '.type == "disconnect" and .domid == $g2 and
	.reason == "violation"'
expect "flooder after its reconnects" '.type == "exec" and .domid == $g1 and
	.argv == ["/bin/echo", "flooder-after"]'

jq -s --argjson g1 "$g1" --argjson g2 "$g2" --argjson sent "$sent" '
	def of($d; $t): [.[] | select(.domid == $d and .type == $t)];
	of($g1; "seq_gap") as $gaps | of($g1; "dom0_lost") as $lost |
	(of($g2; "violation") | first) as $v |
	{sent: $sent, gaps_kept: ($gaps | length),
	 lost_records: ($lost | length),
	 lost: ([$lost[].count] | add // 0),
	 lost_gaps: ([$lost[].by_type.seq_gap // 0] | add // 0),
	 lost_total: ([$lost[].total] | max // 0),
	 lost_from: ([$lost[].first_ns] | min), lost_to: ([$lost[].last_ns] | max),
	 violation_at: $v.ts_ns,
	 connects: (of($g1; "connect") | length),
	 disconnects: (of($g1; "disconnect") | length),
	 victim_lost: (of($g2; "dom0_lost") | length),
	 control_lost: (of(0; "dom0_lost") | length)}' "$log" >"$dir/flood.json"
cat "$dir/flood.json" | jq -c . | sed 's/^/check: numbers: /'
jq -e '
	.lost > 0 and .lost == .lost_total and .lost_gaps > 0 and
	.gaps_kept + .lost_gaps >= .sent and
	.lost_from <= .violation_at and .violation_at <= .lost_to and
	.connects >= 4 and .disconnects >= 4 and .connects >= .disconnects and
	.victim_lost == 0 and .control_lost == 0' "$dir/flood.json" >/dev/null ||
	{ echo "check: the numbers do not hold" >&2; exit 1; }
ms=$(jq '(.violation_at - .lost_from) / 1000000 | floor' "$dir/flood.json")
echo "check: guest2's violation logged ${ms} ms into guest1's overflow;" \
	"$(jq -r '"\(.sent) gaps caused, \(.gaps_kept) kept, \(.lost) lost and counted in \(.lost_records) DOM0_LOST records"' "$dir/flood.json")"
dmesg_clean "$dir/dmesg-dom0.log" || exit 1
echo "check: hostile-flood OK"
