#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# million scenario, host side: the flood's 2 x FLOOD_N records (an open and
# a close each) were generated, nearly all lost, and LOST records say so;
# at every heartbeat delivered + lost == generated exactly.
. "$(dirname "$0")/../../check-lib.sh" "$1"

n=$(result_value '@@MILLION n=\([0-9]*\) us=[0-9]*')
us=$(result_value '@@MILLION n=[0-9]* us=\([0-9]*\)')
[ -n "$n" ] || { echo "check: the guest did not report the flood" >&2; exit 1; }
read -r generated lost reported opens closes < <(jq -s -r --argjson d "$domid" '
	[.[] | select(.domid == $d)] as $g |
	($g | map(select(.type == "heartbeat")) | max_by(.seq)) as $hb |
	"\($hb.generated) \($hb.lost) " +
	"\($g | map(select(.type == "lost") | .count) | add // 0) " +
	"\($g | map(select(.type == "file" and .path == "/etc/passwd" and
			   .comm == "xtload")) | length) " +
	"\($g | map(select(.type == "close" and .path == "/etc/passwd" and
			   .comm == "xtload")) | length)"' "$log")
echo "check: $n open/close pairs in $us us ($((us * 1000 / n)) ns each): generated $generated, lost $lost (LOST records: $reported), delivered $opens opens and $closes closes of the flood"
[ "$generated" -ge $((2 * n)) ] || {
	echo "check: generated $generated < 2 x $n" >&2
	exit 1
}
[ "$reported" -eq "$lost" ] || {
	echo "check: LOST records report $reported, the heartbeat $lost" >&2
	exit 1
}
# Every pair made two records: delivered or lost, none vanished.
[ $((opens + closes + lost)) -ge $((2 * n)) ] || {
	echo "check: $opens + $closes delivered + $lost lost < 2 x $n" >&2
	exit 1
}
"$lab/check-accounting.sh" "$log" "$domid" 3
echo "check: million OK"
