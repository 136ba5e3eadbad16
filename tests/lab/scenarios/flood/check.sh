#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# flood scenario, host side: the drop flood lost records and said so in
# LOST records; in wait mode every dropped record was first waited for
# (bounded: 2 ms each); and delivered + lost == generated throughout.
. "$(dirname "$0")/../../check-lib.sh" "$1"

result_value '@@CONFIG \(events=file flood=wait flood-wait-us=2000 \)' | grep -q . || {
	echo "check: xtrail config did not show the settings" >&2
	exit 1
}
drop_us=$(result_value '@@DROP us=\([0-9]*\)')
wait_us=$(result_value '@@WAIT us=\([0-9]*\)')

mapfile -t lost < <(jq --argjson d "$domid" \
	'select(.domid == $d and .type == "lost") | .count' "$log")
[ "${#lost[@]}" -ge 2 ] || {
	echo "check: ${#lost[@]} LOST records, want one per flood" >&2
	exit 1
}
drop_lost=${lost[0]} wait_lost=${lost[-1]}
echo "check: drop flood: $drop_lost of 600 lost in $drop_us us"
echo "check: wait flood: $wait_lost of 600 lost in $wait_us us"
[ "$drop_lost" -gt 100 ] || { echo "check: the drop flood lost too little" >&2; exit 1; }
# Each record dropped in wait mode was waited for, 2 ms at most, first.
min=$((wait_lost * 2000 * 9 / 10))
[ $((wait_us - drop_us)) -ge "$min" ] || {
	echo "check: wait flood took $wait_us us, drop flood $drop_us us: no sign of waiting ($min us expected)" >&2
	exit 1
}
n=$(jq -c --argjson d "$domid" 'select(.domid == $d and .type == "file" and
	.path == "/etc/passwd")' "$log" | wc -l)
[ $((n + drop_lost + wait_lost)) -ge 1200 ] || {
	echo "check: $n opens + $drop_lost + $wait_lost lost < 1200" >&2
	exit 1
}
"$lab/check-accounting.sh" "$log" "$domid" 3
echo "check: flood OK"
