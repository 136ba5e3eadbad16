#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# reload-under-load scenario, host side: every reconnect is in F3 (the
# hostile module's first connect, RELOADS reloads, the attach and the
# reconnect after the violation), the violation once, no SEQ_GAP, losses
# reported by LOST records, and per ring, across all of it: no sequence
# number missing, delivered + lost == generated at every heartbeat.
# dom0's and the guest's kernel logs are clean.
. "$(dirname "$0")/../../check-lib.sh" "$1"
# shellcheck source=tests/lab/scenarios/reload-under-load/lab.conf
. "$(dirname "$0")/lab.conf"

count() {
	jq -c --argjson d "$domid" "select(.domid == \$d and ($1))" "$log" |
		wc -l
}

result_value '\(@@GUEST-DONE .*\)'
result_value '\(@@RELOAD-SECONDS .*\)'
# The honest module's connect, then the hostile one's, then one per reload,
# the attach and the reconnect after the violation.
want=$((RELOADS + 4))
n=$(count '.type == "connect"')
[ "$n" -ge "$want" ] || { echo "check: $n connect records, want $want" >&2; exit 1; }
d=$(count '.type == "disconnect"')
[ "$d" -ge $((want - 1)) ] ||
	{ echo "check: $d disconnect records, want $((want - 1))" >&2; exit 1; }
v=$(count '.type == "violation"')
[ "$v" -eq 1 ] || { echo "check: $v violation records, want 1" >&2; exit 1; }
g=$(count '.type == "seq_gap"')
[ "$g" -eq 0 ] || { echo "check: $g seq_gap records" >&2; exit 1; }
lost=$(jq -s --argjson d "$domid" \
	'[.[] | select(.domid == $d and .type == "lost") | .count] | add // 0' "$log")
echo "check: $n connects, $d disconnects, 1 violation, no seq_gap, $lost records reported lost"
"$lab/check-accounting.sh" "$log" "$domid" 10
dmesg_clean "$dir/dmesg-dom0.log" "$dir/dmesg-domu.log" || exit 1
echo "check: reload-under-load OK"
