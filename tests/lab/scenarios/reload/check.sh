#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# reload scenario, host side: records of all three phases in F3, the
# disconnect/reconnect recorded, per ring no sequence number missing and
# delivered + lost == generated at every heartbeat across both reconnects
# (check-accounting.sh: dom0's reload continues a lifetime of the guest
# module, the guest's reload starts one), the records made while dom0's
# module was away reported in LOST records (reload_lost), dom0's module
# unloaded with nothing unacknowledged, and both domains' kernel logs whole
# and without oops, WARNING or BUG.
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
reload_lost "$log" "$domid" "$dir/dmesg-domu.log"
dmesg_clean "$dir/dmesg-dom0.log" "$dir/dmesg-domu.log"
# dom0's module was unloaded and loaded again (merge.c and main.c say so),
# and xtraild had acknowledged every record by then (merge.c's warning).
present 'xtrail_dom0: unloaded$' "$dir/dmesg-dom0.log" "dom0's module never unloaded"
[ "$(grep -c 'xtrail_dom0: loaded, protocol' "$dir/dmesg-dom0.log")" -ge 2 ] ||
	{ echo "check: dom0's module was not loaded again" >&2; exit 1; }
absent 'unloading with [0-9]+ records not acknowledged' "$dir/dmesg-dom0.log" \
	"dom0's module was unloaded with records still queued"
echo "check: reload OK (3 phases, $n disconnect records, clean dmesg)"
