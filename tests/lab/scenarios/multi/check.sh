#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# multi scenario, host side: one F3 log holds records from all four
# sources: each guest's spam exec with its own subject and its own domid,
# dom0's own exec (domid 0); every guest's rings add up (delivered + lost
# == generated at each heartbeat) and dom0's sequence numbers have no gaps.
. "$(dirname "$0")/../../check-lib.sh" "$1"

guests=$(sed -n 's/^@@GUEST \(guest[0-9]*\) \([0-9]*\)$/\1:\2/p' "$dir/results.log")
[ "$(echo "$guests" | wc -w)" -eq 3 ] || { echo "check: not 3 guests: $guests" >&2; exit 1; }
doms=""
for g in $guests; do
	name=${g%%:*} d=${g##*:}
	doms+=" $d"
	"$lab/expect-exec.sh" "$log" "$d" 1000 mail \
		mail -s "spam-$name" winai.wongthai@ncl.ac.uk
	# No other guest's marker under this domid.
	other=$(jq -c --argjson d "$d" --arg s "spam-$name" 'select(.type == "exec" and
		.domid == $d and .argv[0] == "mail" and
		.argv != ["mail", "-s", $s, "winai.wongthai@ncl.ac.uk"])' "$log")
	[ -z "$other" ] || { echo "check: domain $d has another guest's marker: $other" >&2; exit 1; }
	expect "connect of $name" ".type == \"connect\" and .domid == $d"
	"$lab/check-accounting.sh" "$log" "$d" 1
done
[ "$(echo "$doms" | tr ' ' '\n' | sort -u | grep -c .)" -eq 3 ] ||
	{ echo "check: guests share a domid: $doms" >&2; exit 1; }
expect "dom0 exec" '.type == "exec" and .domid == 0 and
	.argv == ["/bin/echo", "from-dom0-multi"] and .loginuid == 1000'
gaps=$(jq -s '[.[] | select(.domid == 0 and .type != "clock" and
	.type != "connect" and .type != "disconnect" and
	.type != "violation" and .type != "control" and
	.type != "stream_jump" and .type != "stream_end")] | group_by(.vcpu) |
	map(sort_by(.seq) | . as $r | [range(1; length) |
	select((if $r[.].type == "lost" then $r[.].first_seq else $r[.].seq end)
	       != $r[. - 1].seq + 1)] | length) | add // 0' "$log")
[ "$gaps" -eq 0 ] || { echo "check: $gaps gaps in dom0's sequence numbers" >&2; exit 1; }

# Filters set over netlink reached each guest: guest2 left out uid 1000's
# exec, the others (ignoring uid 4242) kept theirs; root's execs everywhere.
for g in $guests; do
	name=${g%%:*} d=${g##*:}
	EXPECT_ARGS=(--argjson g "$d" --arg a "root-after-filter-$name")
	expect "$name's root exec after its filter" \
		'.type == "exec" and .domid == $g and .argv[1] == $a'
	n=$(jq -c --argjson g "$d" --arg a "after-filter-$name" 'select(.type ==
		"exec" and .domid == $g and .argv[1] == $a)' "$log" | wc -l)
	want=1
	[ "$name" != guest2 ] || want=0
	[ "$n" -eq "$want" ] || { echo "check: $name: $n execs of uid 1000 after its filter, want $want" >&2; exit 1; }
done
EXPECT_ARGS=()
echo "check: the filter of each guest took effect in that guest only"

# xtrail status --json, taken while all four sources were connected.
status=$dir/status.log
[ -s "$status" ] || { echo "check: no status shipped" >&2; exit 1; }
jq -e 'map(select(.domid == 0)) | length == 1 and .[0].records > 0' "$status" >/dev/null ||
	{ echo "check: status has no dom0 source with records: $(cat "$status")" >&2; exit 1; }
for g in $guests; do
	name=${g%%:*} d=${g##*:}
	# The guest's own records in F3 (all of them, the status was taken
	# before its last ones): the status must count some, not more.
	inlog=$(jq -s --argjson g "$d" --argjson dom0_made "$DOM0_MADE" '[.[] |
		select(.domid == $g and (.type | IN($dom0_made[]) | not))] |
		length' "$log")
	jq -e --argjson g "$d" --arg n "$name" --argjson max "$inlog" '
		map(select(.domid == $g)) | length == 1 and
		(.[0] | .name == $n and .state == "connected" and
		 .records > 0 and .records <= $max and .lost == 0 and
		 .violations == 0 and .ring_size > 0)' "$status" >/dev/null || {
		echo "check: status of $name ($d) wrong (log holds $inlog): $(jq -c --argjson g "$d" 'map(select(.domid == $g))' "$status")" >&2
		exit 1
	}
done
echo "check: xtrail status --json: dom0 and the three guests, connected, counters within the log's"
check_merge_order
echo "check: multi OK: guests$doms and dom0 in one log"
