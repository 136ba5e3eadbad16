#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# reload scenario, host side: records of all three phases in F3, the
# disconnect/reconnect recorded, per ring no sequence number missing and
# delivered + lost == generated at every heartbeat across both reconnects
# (check-accounting.sh: dom0's reload continues a lifetime of the guest
# module, the guest's reload starts one), and no oops, WARNING or BUG in
# either domain's kernel log.
. "$(dirname "$0")/../../check-lib.sh" "$1"

for phase in 1 2 3; do
	"$lab/expect-exec.sh" "$dir/export.jsonl" "$domid" 1000 echo \
		/bin/echo "reload-phase$phase" >/dev/null ||
		{ echo "check: phase $phase record missing" >&2; exit 1; }
done
n=$(jq -c --argjson d "$domid" 'select(.type == "connect" and .domid == $d)' \
	"$dir/export.jsonl" | wc -l)
[ "$n" -ge 3 ] || { echo "check: $n connect records, want >= 3" >&2; exit 1; }
n=$(jq -c --argjson d "$domid" 'select(.type == "disconnect" and .domid == $d)' \
	"$dir/export.jsonl" | wc -l)
# dom0's unload, our own unload, and the guest's poweroff.
[ "$n" -ge 3 ] || { echo "check: $n disconnect records, want >= 3" >&2; exit 1; }
"$lab/check-accounting.sh" "$log" "$domid" 4
if grep -q 'records not read' "$dir/dmesg-dom0.log"; then
	echo "check: dom0's module was unloaded with records still queued" >&2
	exit 1
fi
for log in dmesg-dom0.log dmesg-domu.log; do
	grep -q 'xtrail' "$dir/$log" || {
		echo "check: $log holds no xtrail line (not shipped?)" >&2
		exit 1
	}
	if grep -E 'Oops|WARNING:|BUG:|Call Trace' "$dir/$log"; then
		echo "check: kernel trouble in $log" >&2
		exit 1
	fi
done
echo "check: reload OK (3 phases, $n disconnect records, clean dmesg)"
