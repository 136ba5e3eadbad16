#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# filter scenario, host side: every event of round 1 is there; in round 2
# those the filters match are not, the others are; the heartbeat counts
# what was left out; and delivered + lost == generated still holds.
. "$(dirname "$0")/../../check-lib.sh" "$1"

# How many records of the guest match the filter.
count() {
	jq -c --argjson d "$domid" "select(.domid == \$d and ($1))" "$log" |
		wc -l
}

# want NAME N FILTER: exactly N records match (N+: at least N).
want() {
	local n
	n=$(count "$3")
	if [ "${2%+}" != "$2" ]; then
		[ "$n" -ge "${2%+}" ]
	else
		[ "$n" -eq "$2" ]
	fi || {
		echo "check: $1: $n records, want $2" >&2
		exit 1
	}
	echo "check: $1: $n"
}

# Round 2 starts before root's exec of /bin/true root-2 (never filtered):
# the records without a round in their names are told apart by time.
t2=$(jq --argjson d "$domid" 'select(.domid == $d and .type == "exec" and
	.argv == ["/bin/true", "root-2"]) | .ts_ns' "$log")
[ -n "$t2" ] || { echo "check: no exec of /bin/true root-2" >&2; exit 1; }
round() {
	if [ "$1" = 1 ]; then
		echo ".ts_ns < $t2"
	else
		echo ".ts_ns > $t2"
	fi
}

for r in 1 2; do
	# Round 2 is filtered: none of these.
	n=$((r == 1 ? 1 : 0))
	want "round $r: exec by uid 1000" $n \
		".type == \"exec\" and .argv == [\"/bin/true\", \"uid-$r\"]"
	want "round $r: open by touch" $n \
		".type == \"file\" and .comm == \"touch\" and .path == \"/tmp/touched-$r\""
	want "round $r: open under /tmp/ignored/" $n \
		".type == \"file\" and .path == \"/tmp/ignored/in-$r\" and .path2 == null"
	want "round $r: close under /tmp/ignored/" $n \
		".type == \"close\" and .path == \"/tmp/ignored/in-$r\" and .last"
	# bash may try twice: a connect record per attempt
	want "round $r: connect to port 6666" "$([ "$r" = 1 ] && echo 1+ || echo 0)" \
		".type == \"net\" and .kind == \"connect\" and .dport == 6666 and .ret == -111 and $(round $r)"
	# Never filtered.
	want "round $r: exec by root" 1 \
		".type == \"exec\" and .argv == [\"/bin/true\", \"root-$r\"] and .uid == 0"
	want "round $r: open by bash" 1 \
		".type == \"file\" and .comm == \"bash\" and .path == \"/tmp/bashed-$r\""
	want "round $r: rename out of /tmp/ignored/" 1 \
		".type == \"file\" and (.name | startswith(\"rename\")) and
		 .path == \"/tmp/ignored/in-$r\" and .path2 == \"/tmp/out-$r\""
	want "round $r: connect to port 6667" 1+ \
		".type == \"net\" and .kind == \"connect\" and .dport == 6667 and .ret == -111 and $(round $r)"
done
# The heartbeats count what was left out (version 2 bodies).
filtered=$(jq -s --argjson d "$domid" '[.[] | select(.domid == $d and
	.type == "heartbeat")] | group_by(.vcpu) | map(max_by(.seq).filtered) |
	add' "$log")
[ "$filtered" -ge 6 ] || {
	echo "check: heartbeats count $filtered filtered events, want >= 6" >&2
	exit 1
}
echo "check: filtered events in the last heartbeats: $filtered"
"$lab/check-accounting.sh" "$log" "$domid" 4
echo "check: filter OK"
