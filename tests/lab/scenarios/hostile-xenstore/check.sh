#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# hostile-xenstore scenario, host side: every variant dom0 tried left a
# REFUSED record of guest1 naming the key and the reason, in order; the
# honest module's CONNECT follows the last one; guest2 has none, and its
# accounting adds up without a single record lost.
. "$(dirname "$0")/../../check-lib.sh" "$1"

d2=$(result_value '@@GUEST guest2 \([0-9]*\)')
refused=$(jq -c --argjson d "$domid" 'select(.type == "refused" and
	.domid == $d) | [.key, .kind]' "$log")
want=$(sed -n 's/^@@EXPECT \([^ ]*\) \([^ ]*\) .*$/["\1","\2"]/p' \
	"$dir/results.log")
n=$(echo "$want" | wc -l)
[ "$n" -ge 20 ] || { echo "check: only $n variants ran" >&2; exit 1; }
# Each variant's record, in order (a variant may make more than one).
mapfile -t got <<<"$refused"
i=0
while read -r w; do
	while [ "$i" -lt "${#got[@]}" ] && [ "${got[$i]}" != "$w" ]; do
		i=$((i + 1))
	done
	[ "$i" -lt "${#got[@]}" ] || {
		echo "check: no refused record $w (in order); got: $(echo "$refused" | tr '\n' ' ')" >&2
		exit 1
	}
	i=$((i + 1))
done <<<"$want"
echo "check: $n variants, each refused with its key and reason ($(echo "$refused" | wc -l) REFUSED records)"
expect "refused record, sanitized and bounded" '.type == "refused" and
	.domid == $d and .key == "event-channel" and .truncated and
	(.value | length) == 64 and .reason == "invalid ring description in xenstore"'
expect "the vCPU cap" '.type == "refused" and .domid == $d and
	.kind == "vcpus" and .value == "2" and .limit == 1'
last=$(jq -s --argjson d "$domid" '[to_entries[] | select(.value.domid == $d and
	.value.type == "refused" and .value.key == "ring-page-order" and
	.value.value == "5")] | last | .key' "$log")
jq -se --argjson d "$domid" --argjson l "$last" '[to_entries[] |
	select(.key > $l and .value.domid == $d and .value.type == "connect")] |
	length == 1' "$log" >/dev/null ||
	{ echo "check: no CONNECT of guest1 after the refusal left in place" >&2; exit 1; }
EXPECT_ARGS=(--argjson g "$domid")
expect "guest1's exec after reconnecting" '.type == "exec" and .domid == $g and
	.argv == ["/bin/true", "honest-after-hostile"]'
EXPECT_ARGS=()
[ "$(jq -c --argjson g "$d2" 'select(.domid == $g and (.type == "refused" or
	.type == "lost" or .type == "violation" or .type == "seq_gap"))' "$log")" = "" ] ||
	{ echo "check: guest2 has refused, lost, violation or gap records" >&2; exit 1; }
"$lab/check-accounting.sh" "$log" "$d2" 3
lost=$(jq -s --argjson g "$d2" '[.[] | select(.domid == $g and .type ==
	"heartbeat") | .lost] | max // 0' "$log")
[ "$lost" -eq 0 ] || { echo "check: guest2 lost $lost records" >&2; exit 1; }
ticks=$(jq -s --argjson g "$d2" '[.[] | select(.domid == $g and .type ==
	"exec" and (.argv[1] // "" | startswith("guest2-tick-")))] | length' "$log")
want=$(sed -n 's/^.*@@TICKS guest2 \([0-9]*\).*$/\1/p' "$dir/results.log" | head -n 1)
[ -n "$want" ] && [ "$ticks" -eq "$want" ] ||
	{ echo "check: guest2: $ticks tick execs in F3, it ran ${want:-?}" >&2; exit 1; }
echo "check: guest2 logged $ticks execs throughout, none lost"
echo "check: hostile-xenstore OK"
