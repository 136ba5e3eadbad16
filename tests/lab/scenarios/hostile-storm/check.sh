#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# hostile-storm scenario, host side: the guest stayed connected and its
# honest records before, during and after the storm are logged; dom0's own
# record made during the storm is logged; the events dom0 took are a small
# fraction of the notifications sent (lateeoi throttling), most of them
# flagged spurious; no violation, and no oops, WARNING or BUG in dom0.
set -euo pipefail
. "$(dirname "$0")/../../check-lib.sh" "$1"

for word in before-the-storm during-the-storm after-the-storm; do
	expect "exec $word" ".type == \"exec\" and .domid == \$d and
		.argv == [\"/bin/echo\", \"$word\"] and .uid == 1000"
done
expect "dom0's exec during the storm" '.type == "exec" and .domid == 0 and
	.argv == ["/bin/echo", "dom0-during-the-storm"]'
# The guest disconnects twice, both times itself: the module swap and the
# shutdown. dom0 never cut it off.
if [ -n "$(jq -c --argjson d "$domid" 'select(.domid == $d and
	(.type == "violation" or
	 (.type == "disconnect" and .reason != "frontend")))' "$log")" ]; then
	echo "check: dom0 disconnected the guest for the storm" >&2
	exit 1
fi
sent=$(tr -d '\r' <"$dir/console-guest.log" |
	sed -n 's/^@@STORM-SENT \([0-9]*\)$/\1/p' | head -n 1)
events=$(result_value '@@EVENTS \([0-9]*\)')
spurious=$(result_value '@@SPURIOUS \([0-9]*\)')
ms=$(result_value '@@DOM0-11-EXECS-MS \([0-9]*\)')
ms0=$(result_value '@@DOM0-11-EXECS-MS-BEFORE \([0-9]*\)')
[ -n "$sent" ] && [ -n "$events" ] && [ -n "$spurious" ] && [ -n "$ms" ] &&
	[ -n "$ms0" ] || { echo "check: missing figures" >&2; exit 1; }
echo "check: storm: $sent notifications sent, $events events taken by dom0 ($spurious EOIs spurious), 1 per $((sent / (events > 0 ? events : 1))) sent; dom0 ran 11 commands in $ms ms meanwhile ($ms0 ms before the storm)"
[ "$sent" -ge 10000 ] || { echo "check: the storm was too weak" >&2; exit 1; }
[ "$spurious" -ge 1 ] || { echo "check: no spurious EOI" >&2; exit 1; }
[ $((events * 100)) -le "$sent" ] ||
	{ echo "check: dom0 took more than 1% of the events" >&2; exit 1; }
[ "$ms" -le 60000 ] || { echo "check: dom0 was sluggish" >&2; exit 1; }
dmesg_clean "$dir/dmesg-dom0.log"
echo "check: hostile-storm OK"
